/**
 * What an API route's handler does, for `api-endpoint-no-authorizer`: an unauthenticated route is
 * judged by its effects, not by its HTTP verb alone (a `GET` that writes is not read-only; a `POST`
 * whose handler calls nothing is not a write).
 *
 * - `write`: an AWS SDK call whose IAM action is at the Write / Permissions management / Tagging
 *   access level (IAM catalogue), e.g. PutItem, SendMessage, Publish, InvokeFunction, a presigned
 *   S3 PUT URL; from the SDK call analysis of the handler and its local modules (permissions/).
 * - `secret`: a read of a secret (`SECRET_READS`); a plain `String` SSM parameter the template defines
 *   (`plainParameter`) is configuration, neither a secret nor data: no effect.
 * - `sink`: the handler's modules run commands or code (`EFFECT_MODULES`, `EFFECT_CALLS`).
 * - `database`: the handler's modules query a database through a driver, or it opens an IAM
 *   database connection (`DATABASE_CONNECT_ACTIONS`): whether a query reads or writes is in its SQL,
 *   which the configuration cannot see; a GET route that only does this is judged as a read.
 * - `read`: Read/List SDK calls on data (a table, a bucket): the data may be public (a catalogue)
 *   or not; the configuration cannot tell.
 * - `none`: the handler was analysed completely and calls no AWS service, runs nothing, and imports
 *   only modules without outside effects (`PURE_MODULES`, and its own local modules).
 * `unknown` when the handler cannot be analysed (no file, another language, dynamic AWS use).
 *
 * Pure: reads code through the run's links; the SDK call analysis is memoised and shared with the
 * IAM rules.
 */
import type { CodeContext } from '../code-context';
import { handlerFunction, moduleIROf } from '../code/handlers';
import { exportReach, reachFrom, type ExportReach } from '../code/export-reach';
import { patNames } from '../code/ir-names';
import { reachableForMethod } from '../code/method-branches';
import type { Ex, FuncIR, ModuleIR, St } from '../code/ir';
import { lookupAction } from '../iam/catalog';
import { looksLikeSecretName } from '../secrets/generic';
import { handlerCalls } from '../permissions/usage';
import type { SdkCall } from '../permissions/sdk-types';
import type { RuleContext } from '../rule';
import { get, stringValue } from '../yaml/ast';
import { referencedLogicalId } from './cfn';
import type { ConfigModel, FunctionModel } from './types';
import type { RelatedLocation } from '../types';
import type { Endpoint } from './endpoints';
import { endpointApps, endpointHandlers, lineOf, type EndpointApp } from './endpoint-handlers';
import { routePathOf } from '../fix/caller';

export type EffectKind = 'write' | 'secret' | 'sink' | 'database' | 'read' | 'none' | 'unknown';

export interface RouteEffect {
  kind: EffectKind;
  /** What was found, for messages: "writes with dynamodb:PutItem", "runs commands (child_process)". */
  what?: string;
  location?: RelatedLocation;
  line?: number;
  /** `unknown` only because the handler imports a module that may act outside (`what` names it): its own code was read in full. */
  importOnly?: boolean;
}

/**
 * Secret reads: the value is a credential, never public data. Sources: AWS Secrets Manager
 * GetSecretValue, SSM Parameter Store GetParameter(s)/GetParametersByPath (SecureString values),
 * KMS Decrypt (the plaintext of a ciphertext), STS AssumeRole / GetSessionToken (credentials).
 */
export const SECRET_READS: ReadonlySet<string> = new Set([
  'secretsmanager:getsecretvalue',
  'secretsmanager:batchgetsecretvalue',
  'ssm:getparameter',
  'ssm:getparameters',
  'ssm:getparametersbypath',
  'kms:decrypt',
  'sts:assumerole',
  'sts:getsessiontoken',
  'sts:getfederationtoken',
]);

/**
 * Modules whose use is an effect the SDK analysis cannot see. JS: child_process, execa, shelljs
 * (run commands; Node.js docs "child_process"), vm (runs code); SQL/NoSQL drivers and ORMs
 * (mysql, mysql2, pg, knex, sequelize, typeorm, prisma, mongoose, mongodb, redis, ioredis).
 * Python: subprocess (runs commands), DB-API drivers and ORMs (pymysql, psycopg2, psycopg,
 * sqlite3, sqlalchemy, pymongo, redis).
 */
export const EFFECT_MODULES: Readonly<Record<string, string>> = {
  child_process: 'runs commands', 'node:child_process': 'runs commands', execa: 'runs commands', shelljs: 'runs commands', vm: 'runs code', 'node:vm': 'runs code',
  subprocess: 'runs commands',
  mysql: 'queries a database', mysql2: 'queries a database', 'mysql2/promise': 'queries a database', pg: 'queries a database', 'pg-promise': 'queries a database', knex: 'queries a database',
  sequelize: 'queries a database', typeorm: 'queries a database', '@prisma/client': 'queries a database', mongoose: 'queries a database', mongodb: 'queries a database',
  redis: 'queries a database', ioredis: 'queries a database',
  pymysql: 'queries a database', psycopg2: 'queries a database', psycopg: 'queries a database', sqlite3: 'queries a database', sqlalchemy: 'queries a database', pymongo: 'queries a database',
};

/**
 * IAM actions that only open a database connection (the queries that follow decide what is read or
 * written): `rds-db:connect` (RDS / Aurora IAM database authentication, RDS User Guide "Creating and
 * using an IAM policy for IAM database access"; the IAM catalogue files it under Permissions
 * management), Aurora DSQL `dsql:DbConnect` / `dsql:DbConnectAdmin` (Aurora DSQL User Guide,
 * "Authentication and authorization").
 */
export const DATABASE_CONNECT_ACTIONS: ReadonlySet<string> = new Set(['rds-db:connect', 'dsql:dbconnect', 'dsql:dbconnectadmin']);

const DATABASE_EFFECT = 'queries a database';

/** Calls that run code or commands (JS/Python built-ins): eval/exec (language docs), os.system / os.popen (Python os docs). */
export const EFFECT_CALLS: Readonly<Record<string, string>> = {
  eval: 'runs code (eval)', exec: 'runs code (exec)', 'os.system': 'runs commands (os.system)', 'os.popen': 'runs commands (os.popen)', Function: 'runs code (new Function)',
};

/**
 * Modules with no outside effect of their own (standard library helpers, the AWS SDK itself, whose
 * calls the SDK analysis sees, tracing/logging helpers, and web frameworks with their Lambda
 * adapters and parsing middleware: an app's effects are its routes' calls). A handler that imports anything else
 * (an HTTP client, a payment SDK, a mailer) may act on the outside world: not `none`.
 * File-system modules count as pure in a Lambda function: its file system is its deployment
 * package (read-only) and a `/tmp` of its own execution environment (Lambda Developer Guide,
 * "Lambda execution environment" / "ephemeral storage"), so reading and writing files reaches no
 * one else; a handler that serves files of its package (a small website) acts on nothing outside.
 * Schema and validation libraries (Zod, Joi, Yup, Ajv, pydantic, marshmallow, jsonschema…) check
 * values in memory: a calculator that validates the posted list with Zod touches nothing (held-out
 * sample, round 13).
 */
export const PURE_MODULES: ReadonlySet<string> = new Set([
  // JS
  'aws-sdk', 'crypto', 'node:crypto', 'path', 'node:path', 'util', 'node:util', 'url', 'node:url', 'querystring', 'node:querystring', 'buffer', 'node:buffer', 'uuid', 'aws-xray-sdk', 'aws-xray-sdk-core', 'aws-lambda',
  'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'zlib', 'node:zlib', 'mime', 'mime-types',
  // web frameworks and their Lambda adapters: routing and parsing; what a route does is judged from its code
  'express', 'serverless-http', '@vendia/serverless-express', '@codegenie/serverless-express', 'body-parser', 'cors', 'helmet', 'compression', 'morgan', 'cookie-parser',
  // schema / validation libraries: they check a value in memory (a handler that validates the body and computes touches nothing)
  'zod', 'joi', '@hapi/joi', 'yup', 'ajv', 'ajv-formats', 'superstruct', 'valibot', 'io-ts', 'class-validator', 'class-transformer', 'jsonschema',
  // Python
  'json', 'os', 'logging', 'datetime', 'time', 'uuid', 're', 'decimal', 'base64', 'typing', 'math', 'random', 'string', 'hashlib', 'hmac', 'urllib.parse', 'traceback', 'sys',
  'collections', 'functools', 'itertools', 'dataclasses', 'enum', 'boto3', 'botocore', 'botocore.exceptions', 'aws_xray_sdk', 'aws_xray_sdk.core', 'http', 'http.HTTPStatus',
  'os.path', 'pathlib', 'io', 'gzip', 'mimetypes', 'flask', 'flask_cors', 'fastapi', 'mangum', 'awsgi', 'serverless_wsgi',
  'pydantic', 'marshmallow', 'cerberus', 'voluptuous', 'fastjsonschema',
]);
const PURE_PREFIXES = ['@aws-sdk/', '@aws-lambda-powertools/', 'aws_lambda_powertools', 'boto3.', 'botocore.', '@types/'];

function pureModule(spec: string): boolean {
  return PURE_MODULES.has(spec) || PURE_PREFIXES.some((p) => spec.startsWith(p));
}

/** The dotted name of a callee (`os.system`, `eval`), or undefined. */
function calleeName(e: Ex): string | undefined {
  if (e.k === 'name') return e.id;
  if (e.k === 'member' && e.prop && e.obj.k === 'name') return `${e.obj.id}.${e.prop}`;
  return undefined;
}

/**
 * Built-in calls that act outside the function without an import the module scan would see: an
 * outbound HTTP request with the global `fetch` (WHATWG Fetch, global in Node.js 18+) or
 * `XMLHttpRequest`, and file writes (Node.js `fs` writeFile / appendFile / createWriteStream, by
 * method name on any receiver; Python's built-in `open` with a write, append or create mode). The
 * handler is then not "touches nothing" (an effect the analysis cannot judge, like an HTTP client
 * import).
 */
export const OUTSIDE_CALLS: Readonly<Record<string, string>> = {
  fetch: 'calls fetch (an outbound HTTP request)', XMLHttpRequest: 'makes an XMLHttpRequest',
  writeFile: 'writes a file', writeFileSync: 'writes a file', appendFile: 'writes a file', appendFileSync: 'writes a file', createWriteStream: 'writes a file',
};

/** Python `open(path, mode)` modes that write (Python docs, built-in open: 'w', 'a', 'x', '+'). */
function writesWithOpen(c: Extract<Ex, { k: 'call' }>): boolean {
  if (c.callee.k !== 'name' || c.callee.id !== 'open') return false;
  const mode = c.args[1]?.v;
  return !!mode && mode.k === 'lit' && typeof mode.v === 'string' && [...'wax+'].some((ch) => (mode.v as string).includes(ch));
}

const SKIP = new Set(['n', 'pn', 'argsNode', 'nameNode']);

/** `process.env` (JS) or `os.environ` (Python). */
function envObject(e: Ex): boolean {
  return e.k === 'member' && e.obj.k === 'name' && ((e.obj.id === 'process' && e.prop === 'env') || (e.obj.id === 'os' && e.prop === 'environ'));
}

/**
 * The name of an environment variable an expression reads: `process.env.X`, `process.env['X']`,
 * `os.environ['X']`, `os.environ.get('X')`, `os.getenv('X')`.
 */
function envRead(o: Ex): string | undefined {
  if (o.k === 'member' && envObject(o.obj)) return o.prop ?? (o.index?.k === 'lit' && typeof o.index.v === 'string' ? o.index.v : undefined);
  if (o.k === 'call' && o.callee.k === 'member') {
    const c = o.callee;
    const getter = (c.prop === 'get' && envObject(c.obj)) || (c.prop === 'getenv' && c.obj.k === 'name' && c.obj.id === 'os');
    const a = o.args[0]?.v;
    if (getter && a?.k === 'lit' && typeof a.v === 'string') return a.v;
  }
  return undefined;
}

/**
 * A read of an environment variable named like a secret (`DB_PASSWORD`, `API_TOKEN`;
 * secrets/generic.ts `looksLikeSecretName`): a credential the deployment (a layer, a parameter)
 * put there, so the handler has something to protect even when it calls nothing.
 */
function secretEnvRead(root: unknown, depth = 0): { what: string; start: number; end: number } | undefined {
  if (!root || typeof root !== 'object' || depth > 400) return undefined;
  if (Array.isArray(root)) {
    for (const x of root) { const r = secretEnvRead(x, depth + 1); if (r) return r; }
    return undefined;
  }
  const o = root as Record<string, unknown>;
  if (o.k === 'member' || o.k === 'call') {
    const name = envRead(o as unknown as Ex);
    if (name && looksLikeSecretName(name)) { const n = (o as unknown as Ex).n; return { what: `reads the secret-named environment variable ${name}`, start: n.start, end: n.end }; }
  }
  for (const [k, v] of Object.entries(o)) {
    if (SKIP.has(k) || !v || typeof v !== 'object') continue;
    const r = secretEnvRead(v, depth + 1);
    if (r) return r;
  }
  return undefined;
}

/** First call in an IR subtree matching EFFECT_CALLS (or, with `outside`, OUTSIDE_CALLS). */
function effectCall(root: unknown, depth = 0, outside = false): { what: string; start: number; end: number } | undefined {
  if (!root || typeof root !== 'object' || depth > 400) return undefined;
  if (Array.isArray(root)) {
    for (const x of root) { const r = effectCall(x, depth + 1, outside); if (r) return r; }
    return undefined;
  }
  const o = root as Record<string, unknown>;
  if (o.k === 'call') {
    const c = o as unknown as Extract<Ex, { k: 'call' }>;
    if (outside) {
      const name = c.callee.k === 'name' ? c.callee.id : c.callee.k === 'member' ? c.callee.prop : undefined;
      if (name && Object.prototype.hasOwnProperty.call(OUTSIDE_CALLS, name) && (c.callee.k === 'member' || name === 'fetch' || name === 'XMLHttpRequest')) return { what: OUTSIDE_CALLS[name], start: c.n.start, end: c.n.end };
      if (writesWithOpen(c)) return { what: 'writes a file (open)', start: c.n.start, end: c.n.end };
    } else {
      const name = calleeName(c.callee);
      if (name && Object.prototype.hasOwnProperty.call(EFFECT_CALLS, name) && !(name === 'Function' && !c.isNew)) return { what: EFFECT_CALLS[name], start: c.n.start, end: c.n.end };
    }
  }
  for (const [k, v] of Object.entries(o)) {
    if (SKIP.has(k) || !v || typeof v !== 'object') continue;
    const r = effectCall(v, depth + 1, outside);
    if (r) return r;
  }
  return undefined;
}

/** `require('x')` in an assignment (any depth of member/await/call chain). */
function requireOf(v: Ex): string | undefined {
  for (let i = 0; i < 8; i++) {
    if (v.k === 'call' && v.callee.k === 'name' && v.callee.id === 'require') {
      const a = v.args[0]?.v;
      return a && a.k === 'lit' && typeof a.v === 'string' ? a.v : undefined;
    }
    if (v.k === 'member') v = v.obj;
    else if (v.k === 'await') v = v.x;
    else if (v.k === 'call') v = v.callee;
    else return undefined;
  }
  return undefined;
}

interface ModuleScan {
  sink?: { what: string; start: number; end: number };
  /** A non-relative module with possible outside effects. */
  impure?: string;
  /** A built-in call acting outside the function (OUTSIDE_CALLS). */
  outside?: string;
}

/**
 * The effects of a module's imports and calls. With `used`, only imports whose local names the
 * export reaches count, and only calls in `roots` (code/export-reach.ts): one export of a module
 * that imports mongoose for another export does not query a database.
 */
function scanImports(mod: ModuleIR, used?: (locals: string[]) => boolean, roots?: unknown[]): ModuleScan {
  const out: ModuleScan = {};
  const imports: { spec: string; st: St; locals: string[] }[] = [];
  for (const st of mod.body) {
    if (st.k === 'import' && !st.relative && !st.source.startsWith('.')) imports.push({ spec: st.source, st, locals: st.names.map((n) => n.local) });
    else if (st.k === 'assign') { const r = requireOf(st.v); if (r && !r.startsWith('.')) imports.push({ spec: r, st, locals: patNames(st.p) }); }
  }
  for (const { spec, st, locals } of imports) {
    // A side-effect import (`import 'x'`, no names) runs at load time: always counts.
    if (used && locals.length && !used(locals)) continue;
    const top = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec;
    const what = EFFECT_MODULES[spec] ?? EFFECT_MODULES[top] ?? EFFECT_MODULES[spec.split('.')[0]];
    if (what && !out.sink) out.sink = { what: `${what} (${spec})`, start: st.n.start, end: st.n.end };
    if (!pureModule(spec) && !out.impure) out.impure = spec;
  }
  const call = effectCall(roots ?? mod.body);
  if (call && !out.sink) out.sink = call;
  const outside = effectCall(roots ?? mod.body, 0, true) ?? secretEnvRead(roots ?? mod.body);
  if (outside) out.outside = outside.what;
  return out;
}

function scanModule(code: CodeContext): ModuleScan {
  // A function of this module's text alone: kept while the text is (code-context.ts memoText).
  return (code.memoText ?? code.memo)('route-effects', () => {
    const mod = moduleIROf(code.parsed);
    return mod ? scanImports(mod) : { impure: '(unparsed module)' };
  });
}

/** The effects of one export of the handler's own module (what it reaches there); the whole module's when the export is not found. */
function scanExport(code: CodeContext, exportName: string): ModuleScan {
  return (code.memoText ?? code.memo)(`route-effects:${exportName}`, () => {
    const h = handlerFunction(code.parsed, exportName);
    if (!h) return scanModule(code);
    const reach = exportReach(h.mod, h.f, true);
    return scanImports(h.mod, (locals) => locals.some((l) => reach.names.has(l)), reach.roots);
  });
}

/**
 * What an Express app behind the handler runs for the gateway route (code/app-routes.ts): its
 * initialisation code and middleware and the routes the route reaches, not the registrations of
 * routes it cannot reach; module values by use. Per run.
 */
function appReach(a: EndpointApp, key: string): { reach: ExportReach; scan: ModuleScan; skipFiles: Set<string>; localDeps: boolean } {
  return a.code.memo(`route-effects:app:${a.ref.exportName}:${key}`, () => {
    const skip = new Set<St>(a.table.routes.filter((r) => !a.reached.includes(r)).map((r) => r.st));
    const reach = reachFrom(a.mod, [], true, skip);
    const scan = scanImports(a.mod, (locals) => locals.some((l) => reach.names.has(l)), reach.roots);
    // modules the handler file imports relatively for the unreached routes only
    const skipFiles = new Set<string>();
    let localDeps = false;
    for (const st of a.mod.body) {
      let spec: string | undefined;
      let locals: string[] = [];
      if (st.k === 'import' && (st.relative || st.source.startsWith('.'))) { spec = st.level ? '.'.repeat(st.level) + st.source : st.source; locals = st.names.map((n) => n.local); }
      else if (st.k === 'assign') { const r = requireOf(st.v); if (r && r.startsWith('.')) { spec = r; locals = patNames(st.p); } }
      if (!spec) continue;
      if (locals.length === 0 || locals.some((l) => reach.names.has(l))) { localDeps = true; continue; }
      const file = a.code.resolveImport(spec)?.path;
      if (file) skipFiles.add(file);
    }
    // `app.use(require('./audit'))`: a local module the reached code loads where it uses it
    localDeps ||= reach.roots.some((r) => inlineLocalRequire(r));
    return { reach, scan, skipFiles, localDeps };
  });
}

/** A `require('./x')` of a local module anywhere in an IR subtree. */
function inlineLocalRequire(root: unknown, depth = 0): boolean {
  if (!root || typeof root !== 'object' || depth > 400) return false;
  if (Array.isArray(root)) return root.some((x) => inlineLocalRequire(x, depth + 1));
  const o = root as Record<string, unknown>;
  if (o.k === 'call') {
    const r = requireOf(o as unknown as Ex);
    if (r && r.startsWith('.')) return true;
  }
  for (const [k, v] of Object.entries(o)) {
    if (SKIP.has(k) || !v || typeof v !== 'object') continue;
    if (inlineLocalRequire(v, depth + 1)) return true;
  }
  return false;
}

function within(roots: unknown[], offset: number): boolean {
  return roots.some((r) => {
    const n = (r as { n?: { start: number; end: number } }).n;
    return !!n && n.start <= offset && offset < n.end;
  });
}

/** The handler export's function and its module, for judging its branches on the request's method. */
function methodBranches(ctx: RuleContext, file: string, exportName: string): { mod: ModuleIR; f: FuncIR } | undefined {
  const code = ctx.links.code(file) as CodeContext | undefined;
  return code ? handlerFunction(code.parsed, exportName) : undefined;
}

const WRITE_LEVELS = new Set(['Write', 'Permissions management', 'Tagging']);

/** SSM Parameter Store reads: a secret only when the value is (`SECRET_READS`), see `plainParameter`. */
const SSM_PARAMETER_READS: ReadonlySet<string> = new Set(['ssm:getparameter', 'ssm:getparameters', 'ssm:getparametersbypath']);

/** Words that make a parameter name a secret's, whatever its type (a password kept as a plain String is still a password). */
const SECRET_NAME_WORDS = ['secret', 'password', 'passwd', 'token', 'apikey', 'api_key', 'api-key', 'credential', 'private', 'key'];

/**
 * The SSM parameter a `GetParameter` call reads is plain configuration, not a secret: it is an
 * `AWS::SSM::Parameter` of this template, named by a literal or by an environment variable that
 * `!Ref`s it, and its name holds no secret word. CloudFormation creates only `String` and
 * `StringList` parameters (AWS::SSM::Parameter `Type`: "AWS CloudFormation doesn't support creating
 * a SecureString parameter type"), so its value is stored in clear and readable by anyone with
 * `ssm:GetParameter` on it: a demo greeting or a feature flag, not a credential. A parameter the
 * template does not define (its type unknown) stays a secret read.
 */
function plainParameter(model: ConfigModel, fn: FunctionModel, c: SdkCall): boolean {
  const acts = c.actions.map((a) => a.toLowerCase());
  if (acts.length === 0 || !acts.every((a) => SSM_PARAMETER_READS.has(a)) || !c.resource) return false;
  const params = model.resources.filter((r) => r.type === 'AWS::SSM::Parameter');
  let res = undefined as (typeof params)[number] | undefined;
  if (c.resource.kind === 'env') {
    const name = c.resource.name;
    const id = referencedLogicalId(fn.environment.find((v) => v.name === name)?.value);
    res = id ? params.find((r) => r.id === id) : undefined;
  } else {
    const want = c.resource.text.replace(/^\//, '');
    res = params.find((r) => stringValue(get(r.properties, 'Name'))?.replace(/^\//, '') === want);
  }
  if (!res) return false;
  const type = stringValue(get(res.properties, 'Type'));
  if (type !== 'String' && type !== 'StringList') return false;
  const name = (stringValue(get(res.properties, 'Name')) ?? res.id).toLowerCase();
  return !SECRET_NAME_WORDS.some((w) => name.includes(w));
}

/**
 * The strongest effect of the route's handler (write > secret > sink > database > unknown > read > none).
 * With `method`, SDK calls of the handler file that run only under a branch on the request's method
 * excluding it (code/method-branches.ts) are left out: one handler serving GET and POST does not
 * write on GET because its POST branch does.
 */
export function routeEffectOf(ctx: RuleContext, e: Endpoint, method?: string): RouteEffect {
  const model = ctx.model;
  if (!model || !e.functionId) return { kind: 'unknown' };
  const fn = model.functions.find((f) => f.id === e.functionId);
  if (!fn) return { kind: 'unknown' };
  const refs = endpointHandlers(ctx, e);
  if (refs.length === 0) return { kind: 'unknown' };
  const apps = endpointApps(ctx, e, routePathOf(e));
  let best: RouteEffect | undefined;
  const rank: Record<EffectKind, number> = { write: 6, secret: 5, sink: 4, database: 3, unknown: 2, read: 1, none: 0 };
  const consider = (x: RouteEffect) => { if (!best || rank[x.kind] > rank[best.kind]) best = x; };
  for (const ref of refs) {
    const calls = handlerCalls(ref, model, fn, ctx.links, ctx.project);
    if (!calls) { consider({ kind: 'unknown' }); continue; }
    const at = (file: string, range: { start: number; end: number }, message: string): Pick<RouteEffect, 'location' | 'line'> => {
      const text = (ctx.links.code(file) as CodeContext | undefined)?.text;
      return { location: { file, range, message }, ...(text !== undefined ? { line: lineOf(text, range.start) } : {}) };
    };
    const branches = method ? methodBranches(ctx, ref.file, ref.exportName) : undefined;
    // An Express app behind the handler: only what the app routes this gateway route reaches run.
    const app = apps.find((x) => x.ref === ref);
    const ar = app ? appReach(app, `${e.method ?? ''} ${routePathOf(e) ?? ''}`) : undefined;
    for (const c of calls.reachable) {
      if (c.explicitCredentials) continue; // another principal's credentials: still an effect, but judged by who signs
      if (ar && c.file === ref.file && !within(ar.reach.roots, c.callRange.start)) continue;
      if (ar && ar.skipFiles.has(c.file)) continue;
      if (branches && method && c.file === ref.file && !reachableForMethod(branches.mod, branches.f, c.callRange.start, method)) continue;
      const acts = c.actions.map((a) => a.toLowerCase());
      if (acts.length > 0 && acts.every((a) => DATABASE_CONNECT_ACTIONS.has(a))) {
        consider({ kind: 'database', what: `connects to a database (${c.actions.join(', ')})`, ...at(c.file, c.callRange, `connects to a database: ${c.actions.join(', ')}`) });
        continue;
      }
      // a plain String parameter of the template is configuration deployed with the stack, not a secret nor anyone's data
      if (plainParameter(model, fn, c)) continue;
      const secret = acts.find((a) => SECRET_READS.has(a));
      const write = c.actions.find((a) => { const x = lookupAction(a); return !!x && WRITE_LEVELS.has(x.accessLevel); });
      if (write && !secret) consider({ kind: 'write', what: `writes (${write})`, ...at(c.file, c.callRange, `writes: ${write}`) });
      else if (secret) consider({ kind: 'secret', what: `reads a secret (${c.actions.find((a) => a.toLowerCase() === secret)})`, ...at(c.file, c.callRange, `reads a secret: ${secret}`) });
      else consider({ kind: 'read', what: `reads (${c.actions.join(', ')})`, ...at(c.file, c.callRange, `reads: ${c.actions.join(', ')}`) });
    }
    for (const h of calls.helperActions) {
      const x = lookupAction(h);
      if (x && WRITE_LEVELS.has(x.accessLevel)) consider({ kind: 'write', what: `writes through a library (${h})` });
    }
    let impure: string | undefined;
    let unread = false;
    for (const file of calls.files) {
      const code = ctx.links.code(file) as CodeContext | undefined;
      if (!code || !code.parsed.root) { impure ??= `imports ${file}`; unread = true; continue; }
      if (ar && ar.skipFiles.has(file)) continue;
      const s = file === ref.file ? (ar ? ar.scan : scanExport(code, ref.exportName)) : scanModule(code);
      if (s.sink) consider({ kind: s.sink.what.startsWith(DATABASE_EFFECT) ? 'database' : 'sink', what: s.sink.what, ...at(file, s.sink, s.sink.what) });
      if (s.impure) impure ??= `imports ${s.impure}`;
      if (s.outside) impure ??= s.outside;
    }
    // an export made by an adapter (`serverless(app)`) is no function the SDK analysis finds, but its app is wholly in view
    // (the SDK analysis follows no local module from it: the app must not load one where it runs)
    const complete = calls.complete && (calls.exportFound || (!!ar && !ar.localDeps)) && calls.unknown.length === 0;
    if (!complete || impure) consider({ kind: 'unknown', ...(impure ? { what: impure } : {}), ...(complete && impure && !unread ? { importOnly: true } : {}) });
    else consider({ kind: 'none' });
  }
  return best ?? { kind: 'unknown' };
}

/**
 * The first module-level effect the SDK analysis cannot see (`EFFECT_MODULES`, `EFFECT_CALLS`: a
 * database driver, commands, eval) in the route's handler or the local modules it calls, whatever
 * else it does; undefined when there is none or the handler cannot be read.
 */
export function handlerSinkModule(ctx: RuleContext, e: Endpoint): RouteEffect | undefined {
  const model = ctx.model;
  const fn = model && e.functionId ? model.functions.find((f) => f.id === e.functionId) : undefined;
  if (!model || !fn) return undefined;
  for (const ref of endpointHandlers(ctx, e)) {
    const calls = handlerCalls(ref, model, fn, ctx.links, ctx.project);
    for (const file of calls?.files ?? []) {
      const code = ctx.links.code(file) as CodeContext | undefined;
      if (!code || !code.parsed.root) continue;
      const s = file === ref.file ? scanExport(code, ref.exportName) : scanModule(code);
      if (s.sink) return { kind: 'sink', what: s.sink.what, location: { file, range: s.sink, message: s.sink.what }, line: lineOf(code.text, s.sink.start) };
    }
  }
  return undefined;
}
