/**
 * Config ↔ code for api-endpoint-no-authorizer: does the handler of a route that looks public by
 * design (log in, token…) hand out a credential without checking one (`code/token-mint.ts`)?
 * Looks in the handler file and the files it imports relatively (one level, model/endpoint-handlers.ts).
 */
import type { CodeContext } from './code-context';
import { moduleIROf } from './code/handlers';
import { analyzeTokenUse, type TokenAnalysis } from './code/token-mint';
import type { Endpoint } from './model/endpoints';
import type { RuleContext } from './rule';
import type { RelatedLocation } from './types';
import { endpointCodeFiles, lineOf } from './model/endpoint-handlers';

export interface UnverifiedMint {
  /** The minting call: `jwt.sign`, `assume_role`. */
  what: string;
  location: RelatedLocation;
  /** 1-based line in that file. */
  line: number;
}

function inFile(code: CodeContext): TokenAnalysis {
  return code.memo('token-mint', () => {
    const mod = moduleIROf(code.parsed);
    return mod ? analyzeTokenUse(mod) : {};
  });
}

/**
 * The credential the endpoint's handler mints when nothing in its code (handler file and relative
 * imports) verifies one; undefined when it mints nothing, verifies something, or its code is not
 * found.
 */
export function unverifiedMintOf(ctx: RuleContext, e: Endpoint): UnverifiedMint | undefined {
  let mint: { what: string; code: CodeContext; start: number; end: number } | undefined;
  const handlers = endpointCodeFiles(ctx, e);
  for (const { files } of handlers) {
    for (const f of files) {
      const a = inFile(f);
      if (a.verify) return undefined;
      if (a.mint && !mint) mint = { what: a.mint.what, code: f, start: a.mint.node.start, end: a.mint.node.end };
    }
  }
  if (handlers.length === 0 || !mint) return undefined;
  return {
    what: mint.what,
    line: lineOf(mint.code.text, mint.start),
    location: { file: mint.code.path, range: { start: mint.start, end: mint.end }, message: `mints a credential: ${mint.what}` },
  };
}
