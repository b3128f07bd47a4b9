/**
 * Express apps served from Lambda by an adapter (`module.exports.handler = serverless(app)` with
 * serverless-http, `serverlessExpress({ app })`): does any route or middleware of the app read the
 * request body? For `api-request-not-validated`, whose body-use analysis (body-shape.ts) reads a
 * handler *function* and cannot see through the adapter.
 *
 * Conservative: an answer only when the whole app is in view — `app` is made by `express()` in this
 * module, every use of it is an `app.<method>(…)` registration (or `app.listen`) or the adapter
 * call, and every callback is a function literal or a function of this module whose request
 * parameter is only read by named fields (`req.headers`, `req.params.id`, `req.header('x')`).
 * A route module mounted with `app.use(router)`, `req` handed to another function, or any other
 * use gives no answer (undefined). Pure: reads the module's IR only.
 */
import { forEachIrChild, type Ex, type FuncIR, type ModuleIR, type Pat, type St } from './ir';

/** Packages whose export wraps an Express app into a Lambda handler (source: their READMEs). */
const ADAPTERS: ReadonlyMap<string, string> = new Map([
  ['serverless-http', 'serverless(app): https://github.com/dougmoscrop/serverless-http#usage'],
  ['@vendia/serverless-express', 'serverlessExpress({ app }): https://github.com/vendia/serverless-express#quick-start'],
  ['@codegenie/serverless-express', 'serverlessExpress({ app }): https://github.com/CodeGenieApp/serverless-express#quick-start'],
]);

/** `app.<m>(…)` registrations whose function arguments get `(req, res, next)`. */
const REGISTRATIONS = new Set(['use', 'all', 'get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options']);

/** Does `x` mention the name `id` anywhere (a generic walk of the IR)? */
function mentions(x: unknown, id: string, depth = 0): boolean {
  if (!x || typeof x !== 'object' || depth > 400) return false;
  const o = x as Record<string, unknown>;
  if (o.k === 'name' && o.id === id) return true;
  let hit = false;
  forEachIrChild(o, (c) => { hit ||= mentions(c, id, depth + 1); });
  return hit;
}

/** The module a local name is bound to (`const x = require('m')`, `import x from 'm'`). */
export function moduleBindings(mod: ModuleIR): Map<string, string> {
  const out = new Map<string, string>();
  for (const st of mod.body) {
    if (st.k === 'import') for (const n of st.names) out.set(n.local, st.source);
    const d = st.k === 'export' && st.decl ? st.decl : st;
    if (d.k === 'assign' && (d.p.k === 'pname' || d.p.k === 'pobj') && d.v.k === 'call' && d.v.callee.k === 'name' && d.v.callee.id === 'require') {
      const a = d.v.args[0]?.v;
      if (!a || a.k !== 'lit' || typeof a.v !== 'string') continue;
      if (d.p.k === 'pname') out.set(d.p.id, a.v);
      // `const { expressjwt } = require('express-jwt')`: each destructured name is of that module
      else for (const q of d.p.props) if (q.v.k === 'pname') out.set(q.v.id, a.v);
    }
  }
  return out;
}

/** The app name passed to the adapter in the export `exportName`, or undefined. */
export function adaptedApp(mod: ModuleIR, exportName: string, bound: Map<string, string>): { app: string; st: St } | undefined {
  const appOf = (v: Ex): string | undefined => {
    if (v.k !== 'call' || v.callee.k !== 'name' || !ADAPTERS.has(bound.get(v.callee.id) ?? '')) return undefined;
    const a = v.args[0]?.v;
    if (a?.k === 'name') return a.id;
    if (a?.k === 'obj') {
      const p = a.props.find((q) => !q.spread && q.key === 'app');
      return p && p.v.k === 'name' ? p.v.id : undefined;
    }
    return undefined;
  };
  for (const st of mod.body) {
    const d = st.k === 'export' && st.decl ? st.decl : st;
    if (d.k !== 'assign') continue;
    const p = d.p;
    const named =
      (p.k === 'pname' && p.id === exportName && st.k === 'export') ||
      (p.k === 'pmember' && p.prop === exportName &&
        ((p.obj.k === 'name' && p.obj.id === 'exports') || (p.obj.k === 'member' && p.obj.prop === 'exports' && p.obj.obj.k === 'name' && p.obj.obj.id === 'module')));
    const app = named ? appOf(d.v) : undefined;
    if (app) return { app, st };
  }
  return undefined;
}

/** How a request parameter is used in a callback: 'read' (the body), 'none', or undefined (handed on, computed, whole). */
export function requestUse(f: FuncIR): 'read' | 'none' | undefined {
  const req = f.params[0];
  if (!req) return 'none';
  if (!req.name) return patUse(req.p);
  const id = req.name;
  let out: 'read' | 'none' | undefined = 'none';
  const visit = (x: unknown, depth: number): void => {
    if (out === undefined || !x || typeof x !== 'object' || depth > 400) return;
    if (Array.isArray(x)) { for (const y of x) visit(y, depth + 1); return; }
    const o = x as Record<string, unknown>;
    if (o.k === 'member') {
      const m = o as unknown as Extract<Ex, { k: 'member' }>;
      if (m.obj.k === 'name' && m.obj.id === id) {
        if (m.prop === null) { out = undefined; return; }
        if (m.prop === 'body' || m.prop === 'rawBody') { out = 'read'; return; }
        visit(m.index, depth + 1);
        return;
      }
    }
    if (o.k === 'assign') {
      const a = o as unknown as Extract<St, { k: 'assign' }>;
      if (a.v.k === 'name' && a.v.id === id) {
        const u = patUse(a.p);
        if (u !== 'none') out = u;
        return;
      }
    }
    if (o.k === 'name' && o.id === id) { out = undefined; return; } // `req` handed on or used whole
    forEachIrChild(o, (c) => visit(c, depth + 1));
  };
  visit(f.body, 0);
  return out;
}

/** `({ body, headers }) =>` / `const { headers } = req`. */
function patUse(p: Pat): 'read' | 'none' | undefined {
  if (p.k !== 'pobj' || p.rest) return undefined;
  for (const q of p.props) {
    if (q.key === null) return undefined;
    if (q.key === 'body' || q.key === 'rawBody') return 'read';
  }
  return 'none';
}

/**
 * Whether the Express app the export `exportName` wraps reads the request body in any route or
 * middleware: 'read', 'none', or undefined when the export is no adapter call or the app is not
 * wholly in view (see the file comment).
 */
export function adapterAppBodyUse(mod: ModuleIR, exportName: string): 'read' | 'none' | undefined {
  const bound = moduleBindings(mod);
  const found = adaptedApp(mod, exportName, bound);
  if (!found) return undefined;
  const { app } = found;
  const funcs = new Map<string, FuncIR>();
  /** Module constants holding a string (`const LOGIN_PATH = '/api/login/'`): route paths. */
  const paths = new Set<string>();
  let made = false;
  for (const st of mod.body) {
    const d = st.k === 'export' && st.decl ? st.decl : st;
    if (d.k === 'func' && d.f.name) funcs.set(d.f.name, d.f);
    if (d.k === 'assign' && d.p.k === 'pname' && d.v.k === 'fn') funcs.set(d.p.id, d.v.f);
    if (d.k === 'assign' && d.p.k === 'pname' && d.decl === 'const' && ((d.v.k === 'lit' && typeof d.v.v === 'string') || d.v.k === 'tmpl')) paths.add(d.p.id);
    if (d.k === 'assign' && d.p.k === 'pname' && d.p.id === app) {
      // `const app = express()`
      made = d.v.k === 'call' && d.v.callee.k === 'name' && bound.get(d.v.callee.id) === 'express' && d.v.args.length === 0;
    }
  }
  if (!made) return undefined;
  let use: 'read' | 'none' = 'none';
  for (const st of mod.body) {
    if (st === found.st || !mentions(st, app)) continue;
    const d = st.k === 'export' && st.decl ? st.decl : st;
    if (d.k === 'assign' && d.p.k === 'pname' && d.p.id === app) continue;
    // `app.post(path, (req, res) => …)` as a statement of its own
    const call = d.k === 'expr' && d.x.k === 'call' ? d.x : undefined;
    const c = call?.callee;
    if (!call || !c || c.k !== 'member' || c.obj.k !== 'name' || c.obj.id !== app || !c.prop) return undefined;
    if (c.prop === 'listen' || c.prop === 'set' || c.prop === 'disable' || c.prop === 'enable') continue;
    if (!REGISTRATIONS.has(c.prop)) return undefined;
    for (const a of call.args) {
      const v = a.v;
      if (a.spread) return undefined;
      if (v.k === 'lit' || v.k === 'tmpl') continue; // the path
      // middleware made by a package (`bodyParser.json()`, `cors()`): no request code of this module
      if (v.k === 'call' && !mentions(v, app) && !v.args.some((x) => x.v.k === 'fn')) continue;
      if (v.k === 'name' && paths.has(v.id)) continue; // a constant path (`LOGIN_PATH`)
      const f = v.k === 'fn' ? v.f : v.k === 'name' ? funcs.get(v.id) : undefined;
      if (!f) return undefined; // a router or handler from another module
      const u = requestUse(f);
      if (u === undefined) return undefined;
      if (u === 'read') use = 'read';
    }
  }
  return use;
}
