/**
 * Config ↔ code for api-endpoint-no-authorizer: does the handler of a route that looks public by
 * design (log in, token…) hand out a credential without checking one (`code/token-mint.ts`)?
 * Looks in the handler file and the files it imports relatively (one level), like webhook-auth.ts.
 */
import type { CodeContext } from './code-context';
import { moduleIROf } from './code/handlers';
import { analyzeTokenUse, type TokenAnalysis } from './code/token-mint';
import type { Endpoint } from './model/endpoints';
import type { RuleContext } from './rule';
import type { RelatedLocation } from './types';
import { lineOf, relativeImports } from './webhook-auth';

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
  if (!e.functionId) return undefined;
  let mint: { what: string; code: CodeContext; start: number; end: number } | undefined;
  let seen = false;
  for (const ref of ctx.links.handlers()) {
    if (ref.fnId !== e.functionId || ref.configFile !== ctx.file) continue;
    const code = ctx.links.code(ref.file) as CodeContext | undefined;
    if (!code || !code.parsed.root) continue;
    seen = true;
    const files = [code];
    for (const spec of relativeImports(code)) {
      const r = code.resolveImport(spec);
      const dep = r ? (ctx.links.code(r.path) as CodeContext | undefined) : undefined;
      if (dep && dep.parsed.root) files.push(dep);
    }
    for (const f of files) {
      const a = inFile(f);
      if (a.verify) return undefined;
      if (a.mint && !mint) mint = { what: a.mint.what, code: f, start: a.mint.node.start, end: a.mint.node.end };
    }
  }
  if (!seen || !mint) return undefined;
  return {
    what: mint.what,
    line: lineOf(mint.code.text, mint.start),
    location: { file: mint.code.path, range: { start: mint.start, end: mint.end }, message: `mints a credential: ${mint.what}` },
  };
}
