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
import type { ModuleIR } from '../code/ir';
import { authMiddleware, expressAppTable, localFunction, reachedRoutes, reachedRoutesAuth, reachedRoutesBodyUse, type AppRoute, type AppTable } from '../code/app-routes';
import { moduleBindings } from '../code/adapter-app';
import type { Ex, FuncIR } from '../code/ir';

/** The handlers of the endpoint's function declared in this config (none when the route has no function in it). */
export function endpointHandlers(ctx: RuleContext, e: Endpoint): HandlerRef[] {
  if (!e.functionId) return [];
  return ctx.links.handlers().filter((r) => r.fnId === e.functionId && r.configFile === ctx.file);
}

const MAX_IMPORTS = 16;

/**
 * Relative import specifiers of a module (`./lib/verify`, `.helpers`), at most 16. In a Python
 * module, an absolute import of a module that sits next to it (`from verify_request import verify`
 * beside `verify_request.py`, `from utils.auth import x` beside `utils/auth.py`) counts too, as
 * `./verify_request`: Lambda puts the code root, where a handler module usually sits, on
 * `sys.path`, and Python puts a script's own folder there, so such a name is that file, not a library.
 */
export function relativeImports(code: CodeContext): string[] {
  const mod = moduleIROf(code.parsed);
  const out: string[] = [];
  const py = code.path.endsWith('.py');
  for (const st of mod?.body ?? []) {
    if (st.k === 'import' && (st.relative || st.source.startsWith('.'))) out.push(st.level ? '.'.repeat(st.level) + st.source : st.source);
    else if (st.k === 'import' && py && st.source) {
      const spec = './' + st.source.split('.').join('/');
      if (code.resolveImport(spec)) out.push(spec);
    }
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

/** An Express app behind one of the endpoint's handlers (code/app-routes.ts) and the routes the gateway route reaches. */
export interface EndpointApp {
  ref: HandlerRef;
  code: CodeContext;
  mod: ModuleIR;
  table: AppTable;
  reached: AppRoute[];
}

/**
 * For each handler of the endpoint that adapts an Express app whose route table is in view: the
 * table and the app routes a request to the gateway route (`method`, `path`: `/`, `/{proxy+}`) can
 * reach. Handlers without such an app are left out.
 */
export function endpointApps(ctx: RuleContext, e: Endpoint, path: string | undefined): EndpointApp[] {
  const out: EndpointApp[] = [];
  for (const ref of endpointHandlers(ctx, e)) {
    const code = ctx.links.code(ref.file) as CodeContext | undefined;
    const mod = code && code.parsed.root ? moduleIROf(code.parsed) : undefined;
    if (!code || !mod) continue;
    const table = code.memo(`app-routes:${ref.exportName}`, () => expressAppTable(mod, ref.exportName) ?? null);
    if (!table) continue;
    out.push({ ref, code, mod, table, reached: reachedRoutes(table, e.method, path) });
  }
  return out;
}

/** The non-relative modules a module the handler file imports relatively (`./middleware/auth`) imports. */
export function importsOfRelative(ctx: RuleContext, code: CodeContext, spec: string): string[] | undefined {
  const r = code.resolveImport(spec);
  const dep = r ? (ctx.links.code(r.path) as CodeContext | undefined) : undefined;
  const mod = dep && dep.parsed.root ? moduleIROf(dep.parsed) : undefined;
  if (!mod) return undefined;
  const out: string[] = [];
  for (const st of mod.body) {
    if (st.k === 'import' && !st.relative && !st.source.startsWith('.')) out.push(st.source);
    else if (st.k === 'assign' && st.v.k === 'call' && st.v.callee.k === 'name' && st.v.callee.id === 'require') {
      const a = st.v.args[0]?.v;
      if (a && a.k === 'lit' && typeof a.v === 'string' && !a.v.startsWith('.')) out.push(a.v);
    }
  }
  return out;
}

/**
 * The app behind the endpoint authenticates every route the gateway route reaches in code (an
 * authentication middleware, code/app-routes.ts `reachedRoutesAuth`): what does, or undefined.
 */
export function endpointAppAuth(ctx: RuleContext, e: Endpoint, path: string | undefined): { what: string; file: string } | undefined {
  const apps = endpointApps(ctx, e, path);
  if (apps.length === 0) return undefined;
  let hit: { what: string; file: string } | undefined;
  for (const a of apps) {
    const what = reachedRoutesAuth(a.table, a.reached, (arg) => authMiddleware(a.mod, arg, (spec) => importsOfRelative(ctx, a.code, spec)));
    if (!what) return undefined;
    hit ??= { what, file: a.code.path };
  }
  return hit;
}

/**
 * What the Express app behind every handler of the endpoint does with a request to the gateway
 * route (code/app-routes.ts `reachedRoutesBodyUse`): `unrouted` when no app route answers it (only
 * middleware that hands it on, then the app's 404), `none` when the routes that answer read no
 * body, `read`; undefined when a handler is no app in view or a callback cannot be followed.
 * Callbacks: literals, functions of the app's module, and functions a local module exports
 * (`const { decodeCookie } = require('./middlewares')`).
 */
export function endpointAppBodyUse(ctx: RuleContext, e: Endpoint, path: string | undefined): 'unrouted' | 'none' | 'read' | undefined {
  const apps = endpointApps(ctx, e, path);
  if (apps.length === 0 || apps.length !== endpointHandlers(ctx, e).length) return undefined;
  const rank = { unrouted: 0, none: 1, read: 2 } as const;
  let out: 'unrouted' | 'none' | 'read' | undefined;
  for (const a of apps) {
    const bound = moduleBindings(a.mod);
    const fnOf = (arg: Ex): FuncIR | undefined => {
      if (arg.k === 'fn') return arg.f;
      if (arg.k !== 'name') return undefined;
      const own = localFunction(a.mod, arg.id);
      if (own) return own;
      const spec = bound.get(arg.id);
      const r = spec && spec.startsWith('.') ? a.code.resolveImport(spec) : undefined;
      const dep = r ? (ctx.links.code(r.path) as CodeContext | undefined) : undefined;
      return dep ? handlerFunction(dep.parsed, arg.id)?.f : undefined;
    };
    const u = reachedRoutesBodyUse(a.reached, bound, fnOf);
    if (u === undefined) return undefined;
    if (out === undefined || rank[u] > rank[out]) out = u;
  }
  return out;
}
