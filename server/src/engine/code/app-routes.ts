/**
 * The route table of an Express app served from Lambda by an adapter (`module.exports.handler =
 * serverless(app)`, `serverlessExpress({ app })`; code/adapter-app.ts finds the app), and which of
 * its routes an API Gateway route can reach. For `api-endpoint-no-authorizer`: a gateway route
 * `GET /` in front of the app is credited only with what the app's `/` routes do (none: a 404), not
 * with every other route's writes; and when every reachable app route is behind an authentication
 * middleware, the app authenticates in code.
 *
 * Conservative: a table only when the app is wholly in view — made by `express()` in this module,
 * every top-level use of it (or of a router made by `express.Router()` here and mounted once) an
 * `app.<method>(path, …)` / `app.use([path,] …)` registration with a constant path, or the adapter
 * call without a `basePath` option. Anything else (a router from another module, a computed path)
 * gives no table (undefined) and callers keep judging the whole module.
 *
 * Pure: reads the module's IR only; a module the app imports a middleware from is read through the
 * caller's `importsOf` (its non-relative imports).
 */
import { adaptedApp, moduleBindings, requestUse } from './adapter-app';
import { type Ex, type FuncIR, type ModuleIR, type St } from './ir';
import { constString, findInIr } from './ir-names';

/** `app.<m>(…)` registrations (Express 4/5 API: app.METHOD, app.all, app.use; router alike). */
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all']);

/**
 * Packages whose middleware authenticates a request: express-jwt (https://github.com/auth0/express-jwt),
 * express-oauth2-jwt-bearer `auth()` (https://github.com/auth0/node-oauth2-jwt-bearer), Passport
 * `passport.authenticate(…)` (https://www.passportjs.org/concepts/authentication/middleware/),
 * express-openid-connect `requiresAuth()`; and token verifiers a middleware of the app calls:
 * jsonwebtoken `verify` (https://github.com/auth0/node-jsonwebtoken#jwtverifytoken-secretorpublickey-options-callback),
 * jose `jwtVerify`, aws-jwt-verify (https://github.com/awslabs/aws-jwt-verify), Firebase Admin
 * `verifyIdToken`.
 */
export const AUTH_MIDDLEWARE_MODULES: readonly string[] = ['express-jwt', 'express-oauth2-jwt-bearer', 'passport', 'express-openid-connect'];
export const TOKEN_VERIFY_MODULES: readonly string[] = ['jsonwebtoken', 'jose', 'aws-jwt-verify', 'firebase-admin', 'passport-jwt'];

export interface AppRoute {
  /** Upper-case method; `ALL` for app.all and app.use. */
  method: string;
  /** Express path (`/users/:id`); for `use`, the mount prefix (`/` when none). */
  path: string;
  /** app.use: a middleware for the path and everything below it. */
  use: boolean;
  /** The registration statement (its range bounds the callbacks written in it). */
  st: St;
  /** The arguments after the path (middleware, then the handler). */
  args: Ex[];
}

export interface AppTable {
  app: string;
  routes: AppRoute[];
}

function joinPaths(prefix: string, path: string): string {
  const p = (prefix.endsWith('/') ? prefix.slice(0, -1) : prefix) + (path.startsWith('/') ? path : `/${path}`);
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p || '/';
}

/** `express()` / `express.Router()` / `Router()` (bound to express) in an assignment's value. */
function madeBy(v: Ex, bound: Map<string, string>): 'app' | 'router' | undefined {
  if (v.k !== 'call') return undefined;
  const c = v.callee;
  if (c.k === 'name' && bound.get(c.id) === 'express') return 'app';
  if (c.k === 'member' && c.prop === 'Router' && c.obj.k === 'name' && bound.get(c.obj.id) === 'express') return 'router';
  return undefined;
}

/** The route table of the Express app the export `exportName` adapts, or undefined (see the file comment). */
export function expressAppTable(mod: ModuleIR, exportName: string): AppTable | undefined {
  const bound = moduleBindings(mod);
  const found = adaptedApp(mod, exportName, bound);
  if (!found) return undefined;
  // serverless(app, { basePath: … }) strips a prefix first: paths no longer compare as written.
  const adapter = found.st.k === 'export' && found.st.decl ? found.st.decl : found.st;
  const call = adapter.k === 'assign' ? adapter.v : adapter.k === 'expr' && adapter.x.k === 'assign' ? adapter.x.v : undefined;
  if (call?.k === 'call' && call.args.length > 1) return undefined;
  const made = new Map<string, 'app' | 'router'>();
  for (const st of mod.body) {
    const d = st.k === 'export' && st.decl ? st.decl : st;
    if (d.k === 'assign' && d.p.k === 'pname') {
      const m = madeBy(d.v, bound);
      if (m) made.set(d.p.id, m);
    }
  }
  if (made.get(found.app) !== 'app') return undefined;
  const own: { target: string; route: AppRoute }[] = [];
  const mounts = new Map<string, string[]>();
  for (const st of mod.body) {
    if (st === found.st) continue;
    const d = st.k === 'export' && st.decl ? st.decl : st;
    if (d.k === 'assign' && d.p.k === 'pname' && made.has(d.p.id)) continue;
    const x = d.k === 'expr' ? d.x : undefined;
    const c = x?.k === 'call' ? x.callee : undefined;
    if (!x || x.k !== 'call' || !c || c.k !== 'member' || c.obj.k !== 'name' || !made.has(c.obj.id) || !c.prop) {
      // any other top-level use of the app or a router: not wholly in view
      if (mentionsAny(d, made)) return undefined;
      continue;
    }
    const target = c.obj.id;
    if (c.prop === 'listen' || c.prop === 'set' || c.prop === 'disable' || c.prop === 'enable' || c.prop === 'param') continue;
    if (x.args.some((a) => a.spread)) return undefined;
    const args = x.args.map((a) => a.v);
    const first = args[0] ? constString(args[0]) : undefined;
    if (c.prop === 'use') {
      const rest = first !== undefined ? args.slice(1) : args;
      if (first === undefined && args[0] && (args[0].k === 'arr' || args[0].k === 'regex')) return undefined;
      // a router of this module mounted here
      const routers = rest.filter((a): a is Extract<Ex, { k: 'name' }> => a.k === 'name' && made.get(a.id) === 'router');
      for (const r of routers) mounts.set(r.id, [...(mounts.get(r.id) ?? []), first ?? '/']);
      const mw = rest.filter((a) => !(a.k === 'name' && made.get(a.id) === 'router'));
      if (mw.length) own.push({ target, route: { method: 'ALL', path: first ?? '/', use: true, st, args: mw } });
      continue;
    }
    if (!METHODS.has(c.prop) || first === undefined) return undefined;
    own.push({ target, route: { method: c.prop === 'del' ? 'DELETE' : c.prop.toUpperCase(), path: first, use: false, st, args: args.slice(1) } });
  }
  const routes: AppRoute[] = [];
  for (const { target, route } of own) {
    if (target === found.app) { routes.push(route); continue; }
    const at = mounts.get(target);
    if (!at || at.length !== 1) return undefined; // a router mounted nowhere or twice
    routes.push({ ...route, path: joinPaths(at[0], route.path) });
  }
  return { app: found.app, routes };
}

function mentionsAny(x: unknown, names: Map<string, unknown>, depth = 0): boolean {
  if (!x || typeof x !== 'object' || depth > 400) return false;
  if (Array.isArray(x)) return x.some((y) => mentionsAny(y, names, depth + 1));
  const o = x as Record<string, unknown>;
  if (o.k === 'name' && typeof o.id === 'string' && names.has(o.id)) return true;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'n' || k === 'pn' || k === 'argsNode' || k === 'nameNode' || !v || typeof v !== 'object') continue;
    if (mentionsAny(v, names, depth + 1)) return true;
  }
  return false;
}

function segments(p: string): string[] {
  return p.split('/').filter((s) => s.length > 0);
}

/** `:id`: an Express route parameter (letters, digits, `_`). */
function paramSegment(s: string): boolean {
  return s.length > 1 && s.startsWith(':') && [...s.slice(1)].every((c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_');
}

/** An Express path segment that is a pattern other than a plain parameter (wildcards, optional parts, regex groups). */
function patternSegment(s: string): boolean {
  return !paramSegment(s) && [...'*?+()[]:'].some((c) => s.includes(c));
}

/**
 * Whether a request to the gateway path (`/users/{id}`: a parameter matches any one segment) can be
 * served by the app path. `prefix`: the app path matches its path and everything below (app.use).
 * Unsure (an Express pattern other than `:param`) counts as a match.
 */
function pathMatches(gateway: string, app: string, prefix: boolean): boolean {
  const g = segments(gateway);
  const a = segments(app);
  if (a.some(patternSegment)) return true;
  if (prefix ? a.length > g.length : a.length !== g.length) return false;
  for (let i = 0; i < a.length; i++) {
    const gs = g[i];
    if (gs.startsWith('{') || gs.startsWith(':') || paramSegment(a[i])) continue;
    if (gs.toLowerCase() !== a[i].toLowerCase()) return false;
  }
  return true;
}

/**
 * The app routes (and middleware) a gateway route reaches: its method (`ANY`: every method) and its
 * path (`/`, `/users/{id}`); a greedy path (`/{proxy+}`, `$default`) reaches everything under its
 * prefix, so every route of the table. Route order is the table's (Express runs them in order).
 */
export function reachedRoutes(t: AppTable, method: string | undefined, path: string | undefined): AppRoute[] {
  const m = (method ?? 'ANY').toUpperCase();
  if (path === undefined || path.includes('+}') || path === '$default') return t.routes;
  return t.routes.filter((r) => (r.use || r.method === 'ALL' || m === 'ANY' || m === '*' || r.method === m || (m === 'HEAD' && r.method === 'GET')) && pathMatches(path, r.path, r.use));
}

/** The name at the root of a callee (`passport` of `passport.authenticate`, `jwt` of `jwt.verify`). */
function rootName(e: Ex): string | undefined {
  for (let i = 0; i < 8; i++) {
    if (e.k === 'name') return e.id;
    if (e.k === 'member') e = e.obj;
    else if (e.k === 'call') e = e.callee;
    else if (e.k === 'await') e = e.x;
    else return undefined;
  }
  return undefined;
}

/** The function a module-level name of the module stands for (`function f(…)`, `const f = (…) => …`), or undefined. */
export function localFunction(mod: ModuleIR, id: string): FuncIR | undefined {
  let f: FuncIR | undefined;
  for (const st of mod.body) {
    const d = st.k === 'export' && st.decl ? st.decl : st;
    if (d.k === 'func' && d.f.name === id) f = d.f;
    if (d.k === 'assign' && d.p.k === 'pname' && d.p.id === id && d.v.k === 'fn') f = d.v.f;
  }
  return f;
}

/** A call in `root` whose callee's root name is bound to one of `modules`. */
function callsInto(root: unknown, bound: Map<string, string>, modules: readonly string[]): string | undefined {
  return findInIr(root, (o) => {
    if (o.k !== 'call') return undefined;
    const r = rootName(o.callee);
    const m = r ? bound.get(r) : undefined;
    return m && modules.includes(m) ? m : undefined;
  });
}

/**
 * What authenticates the requests through a middleware argument, or undefined: a call into an
 * authentication middleware package (`passport.authenticate('jwt')`, `expressjwt({…})`), a function
 * of this module that calls a token verifier (`jwt.verify`), or a middleware from a local module
 * that imports one (`importsOf(spec)`: that module's non-relative imports).
 */
export function authMiddleware(mod: ModuleIR, arg: Ex, importsOf: (spec: string) => string[] | undefined): string | undefined {
  const bound = moduleBindings(mod);
  const pkg = arg.k === 'call' ? callsInto(arg, bound, AUTH_MIDDLEWARE_MODULES) : undefined;
  if (pkg) return `the ${pkg} middleware`;
  const f = arg.k === 'fn' ? arg.f : arg.k === 'name' ? localFunction(mod, arg.id) : undefined;
  const root = rootName(arg);
  if (f) {
    const m = callsInto(f.body, bound, [...TOKEN_VERIFY_MODULES, ...AUTH_MIDDLEWARE_MODULES]);
    return m ? `a middleware that verifies tokens with ${m}` : undefined;
  }
  const spec = root ? bound.get(root) : undefined;
  if (spec && spec.startsWith('.')) {
    const m = importsOf(spec)?.find((x) => TOKEN_VERIFY_MODULES.includes(x) || AUTH_MIDDLEWARE_MODULES.includes(x));
    return m ? `a middleware of ${spec} (it uses ${m})` : undefined;
  }
  return undefined;
}

/**
 * How the app authenticates every endpoint route a gateway route reaches (an authentication
 * middleware in the route's own arguments, or an `app.use` of one registered before it for its
 * path), or undefined when some reached route is not behind one or none is reached.
 */
export function reachedRoutesAuth(t: AppTable, reached: AppRoute[], authOf: (arg: Ex) => string | undefined): string | undefined {
  const endpoints = reached.filter((r) => !r.use);
  if (endpoints.length === 0) return undefined;
  let what: string | undefined;
  for (const r of endpoints) {
    const own = r.args.slice(0, -1).map(authOf).find((x) => x);
    const idx = t.routes.indexOf(r);
    const before = own ?? t.routes.slice(0, idx).filter((u) => u.use && pathMatches(r.path, u.path, true)).flatMap((u) => u.args).map(authOf).find((x) => x);
    if (!before) return undefined;
    what ??= before;
  }
  return what;
}

/**
 * Package middleware that prepares a request and hands it on (`next()`), never answering it itself:
 * CORS headers, body / cookie parsing, security headers, compression, logging (their READMEs:
 * https://expressjs.com/en/resources/middleware.html). `express.json()` and its siblings are
 * body-parser's parsers (https://expressjs.com/en/api.html#express.json). Not `express.static`
 * (it serves files) nor any other package's middleware (an API such as express-graphql answers).
 */
export const PASS_THROUGH_MIDDLEWARE: ReadonlyMap<string, readonly string[] | 'any'> = new Map<string, readonly string[] | 'any'>([
  ['cors', 'any'], ['body-parser', 'any'], ['helmet', 'any'], ['compression', 'any'], ['morgan', 'any'], ['cookie-parser', 'any'],
  ['express', ['json', 'urlencoded', 'text', 'raw']],
]);

/** A pass-through package middleware call (`cors()`, `bodyParser.json()`, `express.json()`). */
function passThroughPackage(arg: Ex, bound: Map<string, string>): boolean {
  if (arg.k !== 'call') return false;
  const root = rootName(arg.callee);
  const entry = root ? PASS_THROUGH_MIDDLEWARE.get(bound.get(root) ?? '') : undefined;
  if (!entry) return false;
  if (entry === 'any') return true;
  return arg.callee.k === 'member' && arg.callee.obj.k === 'name' && !!arg.callee.prop && entry.includes(arg.callee.prop);
}

/** A middleware function: it takes a third parameter (`next`) and calls it. */
function callsNext(f: FuncIR): boolean {
  const next = f.params[2]?.name;
  if (!next) return false;
  return findInIr(f.body, (o) => (o.k === 'call' && o.callee.k === 'name' && o.callee.id === next ? true : undefined)) ?? false;
}

/**
 * What the callbacks of the routes a gateway route reaches do with the request (`fnOf` resolves a
 * callback argument to its function: a literal, a function of the module, one a local module
 * exports): `unrouted` when every reached route only hands the request on (pass-through package
 * middleware, or middleware functions that call `next`), so nothing but the app's 404 answers;
 * `none` when no callback reads the request body (adapter-app.ts `requestUse`); `read`, or
 * undefined when a callback cannot be resolved or its use of the request is not followed.
 */
export function reachedRoutesBodyUse(reached: AppRoute[], bound: Map<string, string>, fnOf: (arg: Ex) => FuncIR | undefined): 'unrouted' | 'none' | 'read' | undefined {
  let answered = false;
  const funcs: FuncIR[] = [];
  for (const r of reached) {
    const last = r.args.length - 1;
    for (let i = 0; i <= last; i++) {
      const a = r.args[i];
      if (passThroughPackage(a, bound)) continue;
      const f = fnOf(a);
      if (!f) return undefined;
      if (i === last && !callsNext(f)) answered = true;
      funcs.push(f);
    }
  }
  if (!answered) return 'unrouted';
  let use: 'none' | 'read' = 'none';
  for (const f of funcs) {
    const u = requestUse(f);
    if (u === undefined) return undefined;
    if (u === 'read') use = 'read';
  }
  return use;
}
