/**
 * Config ↔ code for the endpoint rules: does the handler of an endpoint's function authenticate
 * its caller in code (webhook signature verification, see `code/webhook.ts`)? Looks in the handler
 * file and in the files it imports relatively (one level, model/endpoint-handlers.ts).
 */
import type { CodeContext } from './code-context';
import { moduleIROf } from './code/handlers';
import { endpointCodeFiles, lineOf } from './model/endpoint-handlers';
import { findWebhookVerification } from './code/webhook';
import type { Endpoint } from './model/endpoints';
import type { RuleContext } from './rule';
import type { RelatedLocation } from './types';

export interface CodeAuth {
  /** What was found: "Stripe webhook signature (stripe.webhooks.constructEvent)". */
  what: string;
  /** Where: file (project path) and range of the verifying call. */
  location: RelatedLocation;
  /** 1-based line in that file. */
  line: number;
}

function inFile(code: CodeContext): CodeAuth | undefined {
  // A function of this module's text alone: kept while the text is (code-context.ts memoText).
  return (code.memoText ?? code.memo)('webhook-auth', () => {
    const mod = moduleIROf(code.parsed);
    const v = mod ? findWebhookVerification(mod) : undefined;
    if (!v) return undefined;
    return { what: v.what, line: lineOf(code.text, v.node.start), location: { file: code.path, range: { start: v.node.start, end: v.node.end }, message: `verifies the caller: ${v.what}` } };
  });
}

/** Signature verification in the handler of this endpoint's function (in the config being analysed) or a module it imports relatively. */
export function codeAuthOf(ctx: RuleContext, e: Endpoint): CodeAuth | undefined {
  for (const { files } of endpointCodeFiles(ctx, e)) {
    for (const code of files) {
      const found = inFile(code);
      if (found) return found;
    }
  }
  return undefined;
}
