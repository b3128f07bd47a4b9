/**
 * Config ↔ code for the endpoint rules: does the handler of an endpoint's function authenticate
 * its caller in code (webhook signature verification, see `code/webhook.ts`)? Looks in the handler
 * file and in the files it imports relatively (one level), through the run's `links`.
 */
import type { CodeContext } from './code-context';
import { moduleIROf } from './code/handlers';
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

const MAX_IMPORTS = 16;

export function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function inFile(code: CodeContext): CodeAuth | undefined {
  return code.memo('webhook-auth', () => {
    const mod = moduleIROf(code.parsed);
    const v = mod ? findWebhookVerification(mod) : undefined;
    if (!v) return undefined;
    return { what: v.what, line: lineOf(code.text, v.node.start), location: { file: code.path, range: { start: v.node.start, end: v.node.end }, message: `verifies the caller: ${v.what}` } };
  });
}

/** Relative import specifiers of a module (`./lib/verify`, `.helpers`). */
export function relativeImports(code: CodeContext): string[] {
  const mod = moduleIROf(code.parsed);
  const out: string[] = [];
  for (const st of mod?.body ?? []) {
    if (st.k === 'import' && (st.relative || st.source.startsWith('.'))) out.push(st.level ? '.'.repeat(st.level) + st.source : st.source);
    else if (st.k === 'assign') {
      let e = st.v;
      while (e.k === 'member' || e.k === 'await') e = e.k === 'member' ? e.obj : e.x;
      if (e.k === 'call' && e.callee.k === 'name' && e.callee.id === 'require') {
        const a = e.args[0]?.v;
        if (a && a.k === 'lit' && typeof a.v === 'string' && a.v.startsWith('.')) out.push(a.v);
      }
    }
  }
  return out.slice(0, MAX_IMPORTS);
}

/** Signature verification in the handler of this endpoint's function (in the config being analysed). */
export function codeAuthOf(ctx: RuleContext, e: Endpoint): CodeAuth | undefined {
  if (!e.functionId) return undefined;
  for (const ref of ctx.links.handlers()) {
    if (ref.fnId !== e.functionId || ref.configFile !== ctx.file) continue;
    const code = ctx.links.code(ref.file) as CodeContext | undefined;
    if (!code || !code.parsed.root) continue;
    const own = inFile(code);
    if (own) return own;
    for (const spec of relativeImports(code)) {
      const r = code.resolveImport(spec);
      const dep = r ? (ctx.links.code(r.path) as CodeContext | undefined) : undefined;
      const found = dep && dep.parsed.root ? inFile(dep) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}
