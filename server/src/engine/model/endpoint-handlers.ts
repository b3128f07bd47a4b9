/**
 * The code behind an API route: the handlers (file + export) of the route's function in the config
 * being analysed, and the modules each handler file imports relatively. One place for the walk the
 * endpoint rules, their fixes and their context analyses (route effects, body reach, webhook
 * verification, token minting, caller classification) all share.
 *
 * Pure: reads code through the run's links.
 */
import type { CodeContext } from '../code-context';
import { handlerFunction, moduleIROf } from '../code/handlers';
import { authorizerContextRead, authorizerContextReadInBody } from '../code/authorizer-context';
import type { RelatedLocation } from '../types';
import type { HandlerRef } from '../handlers';
import type { RuleContext } from '../rule';
import type { Endpoint } from './endpoints';

/** The handlers of the endpoint's function declared in this config (none when the route has no function in it). */
export function endpointHandlers(ctx: RuleContext, e: Endpoint): HandlerRef[] {
  if (!e.functionId) return [];
  return ctx.links.handlers().filter((r) => r.fnId === e.functionId && r.configFile === ctx.file);
}

const MAX_IMPORTS = 16;

/** Relative import specifiers of a module (`./lib/verify`, `.helpers`), at most 16. */
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

/**
 * For each parsed handler file of the endpoint: the file, then the parsed modules it imports
 * relatively (one level). Handlers whose file is missing or does not parse are left out.
 */
export function endpointCodeFiles(ctx: RuleContext, e: Endpoint): { ref: HandlerRef; files: CodeContext[] }[] {
  const out: { ref: HandlerRef; files: CodeContext[] }[] = [];
  for (const ref of endpointHandlers(ctx, e)) {
    const code = ctx.links.code(ref.file) as CodeContext | undefined;
    if (!code || !code.parsed.root) continue;
    const files = [code];
    for (const spec of relativeImports(code)) {
      const r = code.resolveImport(spec);
      const dep = r ? (ctx.links.code(r.path) as CodeContext | undefined) : undefined;
      if (dep && dep.parsed.root) files.push(dep);
    }
    out.push({ ref, files });
  }
  return out;
}

/** 1-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Where the endpoint's handler reads `requestContext.authorizer` (code/authorizer-context.ts): in
 * its handler function, or anywhere in its module when the module serves only this handler.
 */
export function authorizerContextReadOf(ctx: RuleContext, e: Endpoint): RelatedLocation & { line: number } | undefined {
  for (const ref of endpointHandlers(ctx, e)) {
    const code = ctx.links.code(ref.file) as CodeContext | undefined;
    if (!code || !code.parsed.root) continue;
    const hf = handlerFunction(code.parsed, ref.exportName);
    const own = code.handlers().filter((r) => r.exportName !== ref.exportName).length === 0;
    const hit = (hf ? authorizerContextRead(hf.f.body) : undefined) ?? (own ? authorizerContextReadInBody(moduleIROf(code.parsed)?.body) : undefined);
    if (hit) return { file: code.path, range: hit, message: 'reads the authorizer context here', line: lineOf(code.text, hit.start) };
  }
  return undefined;
}
