/**
 * Quick fixes shared by the endpoint rules: require authorization on a route (serverless `http`,
 * `httpApi`; SAM `Api`/`HttpApi` events; CloudFormation Method/Route), require IAM on a function
 * URL, and add a request-body schema to a serverless REST route (with the schema file).
 */
import type { RuleContext } from '../rule';
import { endpointHandlers } from '../model/endpoint-handlers';
import type { Fix, FileEdit, TextEdit } from '../types';
import { get, isMap, isScalar, isSeq, type YMap, type YNode } from '../yaml/ast';
import { endpointsOf, samApiOf, slsHttpApiAuthorizers, type Endpoint } from '../model/endpoints';
import { openApiBodies } from '../model/openapi';
import { dirname, joinPath } from '../project';
import { DocEditor, combineEdits, verbatim, type EditValue } from './yaml-edit';
import { bodySchema, handlerBodyShape, modelName } from './request-schema';
import { callerOf } from './caller';
import { API_TOKEN, WEBHOOK_TOKEN, authorizerExt, authorizerSource, inBuildOutput, nodeRuntimeHas, type AuthorizerLang, type TokenSpec } from './webhook-authorizer';
import { findVariables } from '../model/variables';
import type { CodeContext } from '../code-context';
import { moduleIROf } from '../code/handlers';
import type { BodyShape } from '../code/body-shape';

const editors = new WeakMap<object, DocEditor>();

/** One editor per analysed document version (the model is rebuilt whenever the text changes). */
function editorOf(ctx: RuleContext): DocEditor {
  const model = ctx.model!;
  let ed = editors.get(model);
  if (!ed || ed.text !== ctx.text) {
    ed = new DocEditor({ text: ctx.text, format: model.parsed.format });
    editors.set(model, ed);
  }
  return ed;
}

function fix(ctx: RuleContext, title: string, edits: readonly (TextEdit | undefined)[], isPreferred = false, extra: FileEdit[] = []): Fix | undefined {
  const list = combineEdits(edits);
  if (!list || list.length === 0) return undefined;
  return { title, changes: [{ file: ctx.file, edits: list }, ...extra], ...(isPreferred ? { isPreferred: true } : {}) };
}

function compact(fixes: (Fix | undefined)[]): Fix[] {
  const out = fixes.filter((f): f is Fix => !!f);
  const first = out.find((f) => f.placeholder === undefined);
  if (first && !out.some((f) => f.isPreferred)) first.isPreferred = true;
  return out;
}

/** The event's `{http: ...}` map (serverless), to rewrite a shorthand value. */
function eventMap(e: Endpoint): YMap | undefined {
  return e.event && isMap(e.event.node) ? e.event.node : undefined;
}

/** `GET /x` as the user wrote it → its two words. */
function shorthandParts(e: Endpoint): { method?: string; path?: string } {
  const p = e.event?.properties;
  if (!isScalar(p) || typeof p.value !== 'string') return {};
  const t = p.value.trim();
  if (t === '*') return { path: '*' };
  const i = t.search(/\s/);
  return i < 0 ? { path: t } : { method: t.slice(0, i), path: t.slice(i).trim() };
}

/** Sets `key: value` in a serverless event's settings, rewriting a string shorthand into a map. */
function setOnSlsEvent(ed: DocEditor, e: Endpoint, path: string[], value: EditValue): TextEdit | undefined {
  if (e.settings) return ed.setIn(e.settings, path, value);
  const ev = eventMap(e);
  const key = e.keyNode ? String(e.keyNode.value) : undefined;
  if (!ev || !key) return undefined;
  const { method, path: p } = shorthandParts(e);
  const obj: Record<string, EditValue> = {};
  if (method) obj.method = method;
  if (p) obj.path = p;
  let cur = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const next: Record<string, EditValue> = {};
    cur[path[i]] = next;
    cur = next;
  }
  cur[path[path.length - 1]] = value;
  return ed.replaceValue(ev, key, obj);
}

/** A Cognito user pool (and its app client) declared in the file, for JWT/Cognito authorizer fixes. */
function cognitoPool(ctx: RuleContext): { pool: string; client?: string } | undefined {
  const rs = ctx.model!.resources;
  const pool = rs.find((r) => r.type === 'AWS::Cognito::UserPool');
  if (!pool) return undefined;
  const client = rs.find((r) => {
    if (r.type !== 'AWS::Cognito::UserPoolClient') return false;
    const ref = get(r.properties, 'UserPoolId');
    return isMap(ref) && String(get(ref, 'Ref') && (get(ref, 'Ref') as { value?: unknown }).value) === pool.id;
  });
  return { pool: pool.id, client: client?.id };
}

/** `<fn>WebhookAuthorizer` / `<fn>TokenAuthorizer`, not yet a function or resource of the file. */
function authorizerName(ctx: RuleContext, e: Endpoint, suffix = 'WebhookAuthorizer'): string {
  const base = `${literalPart(e.functionId) || 'api'}${suffix}`.replace(/[^A-Za-z0-9]/g, '');
  const taken = (n: string) => ctx.model!.functions.some((f) => f.id === n) || ctx.model!.resources.some((r) => r.id === n);
  let name = base;
  for (let n = 2; taken(name) && n < 100; n++) name = `${base}${n}`;
  return name;
}

/** A name without its Serverless variables (`${self:service}-orders` → `-orders`), for names derived from it. */
function literalPart(s: string | undefined): string {
  if (!s) return '';
  let out = '';
  let at = 0;
  for (const v of findVariables(s)) {
    out += s.slice(at, v.start);
    at = v.end;
  }
  return out + s.slice(at);
}

/**
 * The language of the authorizer file: the route handler's (Python by runtime; ESM/TS by the
 * handler file), CommonJS where the declared Node.js runtime cannot load an ES module handler (the
 * project then transpiles or bundles its ESM sources, which handles CommonJS too).
 */
function authorizerLang(ctx: RuleContext, e: Endpoint): { lang: AuthorizerLang; dir: string; runtime?: string } {
  const r = authorizerLangOf(ctx, e);
  return r.lang === 'esm' && !nodeRuntimeHas(r.runtime, 'esmHandler') ? { ...r, lang: 'cjs' } : r;
}

function authorizerLangOf(ctx: RuleContext, e: Endpoint): { lang: AuthorizerLang; dir: string; runtime?: string } {
  const model = ctx.model!;
  const fn = model.functions.find((f) => f.id === e.functionId);
  const runtime = fn?.runtime ?? stringValueOf(get(get(model.root, 'provider'), 'runtime'));
  const handler = fn?.handler?.kind === 'literal' ? fn.handler.text ?? '' : '';
  const dot = handler.lastIndexOf('.');
  const mod = dot > 0 ? handler.slice(0, dot) : '';
  const slash = mod.lastIndexOf('/');
  const dir = slash > 0 ? mod.slice(0, slash) : '';
  if (runtime?.startsWith('python')) return { lang: 'py', dir, runtime };
  for (const ref of endpointHandlers(ctx, e)) {
    if (ref.file.endsWith('.ts') || ref.file.endsWith('.mts')) return { lang: 'ts', dir, runtime };
    if (ref.file.endsWith('.mjs')) return { lang: 'esm', dir, runtime };
    const code = ctx.links.code(ref.file) as CodeContext | undefined;
    const m = code && code.parsed.root ? moduleIROf(code.parsed) : undefined;
    if (m && m.body.some((st) => st.k === 'import' || st.k === 'export')) return { lang: 'esm', dir, runtime };
  }
  return { lang: 'cjs', dir, runtime };
}

function stringValueOf(n: YNode | null | undefined): string | undefined {
  return isScalar(n) && typeof n.value === 'string' ? n.value : undefined;
}

/** Who the shared-secret authorizer is for: a webhook sender, or callers nobody identified (server-to-server). */
type TokenUse = 'webhook' | 'api';
const TOKEN_USE: Record<TokenUse, { spec: TokenSpec; suffix: string; secret: string }> = {
  webhook: { spec: WEBHOOK_TOKEN, suffix: 'WebhookAuthorizer', secret: 'webhook-token' },
  api: { spec: API_TOKEN, suffix: 'TokenAuthorizer', secret: 'api-token' },
};

/**
 * `<service>/<function>/api-token`. A service name made of Serverless variables (`${env:NAME}`)
 * is written as `${self:service}`, which the framework resolves at deploy time (a literal copy of
 * the variable's text would name a secret nobody creates); variables in a function key are dropped.
 */
function secretNameFor(ctx: RuleContext, e: Endpoint, use: TokenUse): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9/_+=.@-]/g, '-');
  const service = ctx.model!.serviceName;
  const svc = service && findVariables(service).length ? '${self:service}' : clean(service ?? 'service');
  const fnPart = clean(literalPart(e.functionId).replace(/^-+|-+$/g, '')) || 'api';
  return `${svc}/${fnPart}/${TOKEN_USE[use].secret}`;
}

function tokenTitle(spec: TokenSpec, why: string, rel: string, secretName: string): string {
  return `Check a shared-secret ${spec.header} header with a Lambda authorizer (${why}; creates ${rel}, reads the secret ${secretName} from Secrets Manager)`;
}

/**
 * Serverless: a REQUEST Lambda authorizer that checks a shared-secret header, as a new function
 * with its handler file (fix/webhook-authorizer.ts); the secret comes from Secrets Manager at deploy
 * time (`{{resolve:secretsmanager:…}}`), which the user creates and gives to the sender.
 */
function webhookAuthorizerFix(ctx: RuleContext, e: Endpoint, why: string, use: TokenUse = 'webhook'): Fix | undefined {
  if (e.source === 'sam') return samTokenAuthorizerFix(ctx, e, why, use);
  if (e.source !== 'serverless' || (e.kind !== 'rest' && e.kind !== 'http')) return undefined;
  const { spec, suffix } = TOKEN_USE[use];
  const model = ctx.model!;
  const ed = editorOf(ctx);
  const name = authorizerName(ctx, e, suffix);
  const { lang, dir, runtime } = authorizerLang(ctx, e);
  const base = dirname(ctx.file);
  // The handler lives in build output (`dist/handler.handler`, compiled from src/): a file written
  // there is never built and the next build deletes it, and whether the build would compile one
  // written next to the source is not known. Not offered.
  if (inBuildOutput(dir)) return undefined;
  if (dir && endpointHandlers(ctx, e).some((r) => !r.file.startsWith(joinPath(base, dir) + '/'))) return undefined;
  let fileBase = name;
  for (let n = 2; ctx.project.readFile(joinPath(base, `${dir ? dir + '/' : ''}${fileBase}${authorizerExt(lang)}`)) !== undefined && n < 50; n++) fileBase = `${name}${n}`;
  const rel = `${dir ? dir + '/' : ''}${fileBase}${authorizerExt(lang)}`;
  const handler = `${dir ? dir + '/' : ''}${fileBase}.handler`;
  const secretName = secretNameFor(ctx, e, use);
  const fnSpec: Record<string, EditValue> = { handler, environment: { [spec.env]: `{{resolve:secretsmanager:${secretName}:SecretString}}` } };
  const own = model.functions.find((f) => f.id === e.functionId);
  if (own && isScalar(get(own.node, 'runtime'))) fnSpec.runtime = String((get(own.node, 'runtime') as { value: unknown }).value);
  // Inserts at one offset apply in list order, so the deeper one (the event's key) comes first.
  const edits: (TextEdit | undefined)[] = [];
  if (e.kind === 'rest') {
    edits.push(setOnSlsEvent(ed, e, ['authorizer'], { name, type: 'request', identitySource: `method.request.header.${spec.header}`, resultTtlInSeconds: 0 }));
  } else {
    edits.push(setOnSlsEvent(ed, e, ['authorizer'], { name }));
    edits.push(ed.setIn(model.root, ['provider', 'httpApi', 'authorizers', name], { type: 'request', functionName: name, identitySource: [`$request.header.${spec.header.toLowerCase()}`], enableSimpleResponses: true, payloadVersion: '2.0', resultTtlInSeconds: 0 }));
  }
  edits.push(ed.setIn(model.root, ['functions', name], fnSpec));
  const create: FileEdit = { file: joinPath(base, rel), create: true, edits: [{ range: { start: 0, end: 0 }, newText: authorizerSource(lang, e.label, spec, runtime) }] };
  return fix(ctx, tokenTitle(spec, why, rel, secretName), edits, true, [create]);
}

/** Where a SAM event's API keeps its `Auth` (the explicit API in the file, or Globals for the implicit API); undefined for an API the fix cannot edit (another stack's, or one defined by an OpenAPI body). */
function samAuthHost(ctx: RuleContext, e: Endpoint): { map: YMap; path: string[] } | undefined {
  if (!e.event) return undefined;
  const info = samApiOf(ctx.model!, e.event);
  if (info.external || info.openApi) return undefined;
  if (info.api) return { map: info.api.node, path: ['Properties', 'Auth'] };
  return { map: ctx.model!.root, path: ['Globals', e.kind === 'http' ? 'HttpApi' : 'Api', 'Auth'] };
}

/** Sets a SAM event's `Auth.Authorizer` (creating `Properties` when the event has none). */
function setSamEventAuthorizer(ctx: RuleContext, e: Endpoint, name: string): TextEdit | undefined {
  const ed = editorOf(ctx);
  const ev = e.event;
  if (!ev) return undefined;
  return e.settings ? ed.setIn(e.settings, ['Auth', 'Authorizer'], name) : isMap(ev.node) ? ed.setIn(ev.node, ['Properties', 'Auth', 'Authorizer'], name) : undefined;
}

/** Runtimes SAM builds without a build manifest of ours (Python: requirements.txt is optional). */
const isNode = (r: string | undefined) => !!r && r.startsWith('nodejs');
const isPython = (r: string | undefined) => !!r && r.startsWith('python');

/**
 * SAM: the same shared-secret REQUEST authorizer as a new `AWS::Serverless::Function`, declared in
 * the API's `Auth.Authorizers` (the explicit API, or `Globals` for the implicit one) and named by
 * the event's `Auth.Authorizer`. Its file goes next to the route's handler (same `CodeUri`) when
 * that is plain JavaScript or Python; otherwise into a folder of its own (`<Name>/`, Node.js ESM
 * with a package.json, or Python when the route is Python).
 */
function samTokenAuthorizerFix(ctx: RuleContext, e: Endpoint, why: string, use: TokenUse): Fix | undefined {
  if (e.kind !== 'rest' && e.kind !== 'http') return undefined;
  const host = samAuthHost(ctx, e);
  if (!host) return undefined;
  const { spec, suffix } = TOKEN_USE[use];
  const model = ctx.model!;
  const ed = editorOf(ctx);
  const name = authorizerName(ctx, e, suffix);
  const fn = model.functions.find((f) => f.id === e.functionId);
  const { lang, dir, runtime } = authorizerLang(ctx, e);
  const base = dirname(ctx.file);
  const built = fn && get(fn.node, 'Metadata') != null;
  const codeUri = fn?.codeUri && !fn.codeUri.includes('://') && !fn.codeUri.endsWith('.zip') && !fn.codeUri.endsWith('.jar') ? fn.codeUri.replace(/\/+$/, '') : undefined;
  // Not into build output (`CodeUri: dist/`, `.aws-sam/build/Fn`): a folder of its own instead.
  const sameDir = !!codeUri && !built && !inBuildOutput(codeUri) && (isPython(runtime) || (isNode(runtime) && (lang === 'cjs' || lang === 'esm')));
  const created: FileEdit[] = [];
  let props: Record<string, EditValue>;
  let rel: string;
  if (sameDir) {
    const root = joinPath(base, codeUri!);
    let fileBase = name;
    for (let n = 2; ctx.project.readFile(joinPath(root, `${dir ? dir + '/' : ''}${fileBase}${authorizerExt(lang)}`)) !== undefined && n < 50; n++) fileBase = `${name}${n}`;
    const inCode = `${dir ? dir + '/' : ''}${fileBase}${authorizerExt(lang)}`;
    rel = `${codeUri === '.' ? '' : codeUri + '/'}${inCode}`;
    created.push({ file: joinPath(root, inCode), create: true, edits: [{ range: { start: 0, end: 0 }, newText: authorizerSource(lang, e.label, spec, runtime) }] });
    props = { CodeUri: fn!.codeUri!, Handler: `${dir ? dir + '/' : ''}${fileBase}.handler`, Runtime: runtime! };
  } else {
    const py = isPython(runtime);
    let folder = name;
    for (let n = 2; ctx.project.readFile(joinPath(base, `${folder}/${py ? 'app.py' : 'index.mjs'}`)) !== undefined && n < 50; n++) folder = `${name}${n}`;
    rel = `${folder}/${py ? 'app.py' : 'index.mjs'}`;
    created.push({ file: joinPath(base, rel), create: true, edits: [{ range: { start: 0, end: 0 }, newText: authorizerSource(py ? 'py' : 'esm', e.label, spec) }] });
    if (!py) created.push({ file: joinPath(base, `${folder}/package.json`), create: true, edits: [{ range: { start: 0, end: 0 }, newText: JSON.stringify({ name: folder.toLowerCase(), version: '1.0.0', private: true, type: 'module' }, null, 2) + '\n' }] });
    // An ES module of its own: on the route's Node.js runtime when that loads ES modules, else nodejs20.x.
    props = { CodeUri: `${folder}/`, Handler: py ? 'app.handler' : 'index.handler', Runtime: py ? runtime! : isNode(runtime) && nodeRuntimeHas(runtime, 'esmHandler') ? runtime! : 'nodejs20.x' };
  }
  const secretName = secretNameFor(ctx, e, use);
  props.Environment = { Variables: { [spec.env]: `{{resolve:secretsmanager:${secretName}:SecretString}}` } };
  const where = model.resources.length ? model.resources[0].where : 'Resources';
  const identity: Record<string, EditValue> = { Headers: [e.kind === 'http' ? spec.header.toLowerCase() : spec.header], ReauthorizeEvery: 0 };
  const def: Record<string, EditValue> =
    e.kind === 'http'
      ? { FunctionArn: { 'Fn::GetAtt': [name, 'Arn'] }, AuthorizerPayloadFormatVersion: '2.0', EnableSimpleResponses: true, Identity: identity }
      : { FunctionPayloadType: 'REQUEST', FunctionArn: { 'Fn::GetAtt': [name, 'Arn'] }, Identity: identity };
  // Inserts at one offset apply in list order: the deeper one first (event, API, resource, Globals).
  const hostEdit = ed.setIn(host.map, [...host.path, 'Authorizers', name], def);
  const globals = host.map === model.root;
  const edits: (TextEdit | undefined)[] = [
    setSamEventAuthorizer(ctx, e, name),
    ...(globals ? [] : [hostEdit]),
    ed.setIn(model.root, [...where.split('.'), name], { Type: 'AWS::Serverless::Function', Properties: props }),
    ...(globals ? [hostEdit] : []),
  ];
  return fix(ctx, tokenTitle(spec, why, rel, secretName), edits, true, created);
}

/**
 * SAM, a Cognito user pool of the file: a Cognito authorizer on the pool (REST) or a JWT authorizer
 * on its issuer and app client (HTTP API), declared on the API and named by the event.
 */
function samCognitoFix(ctx: RuleContext, e: Endpoint, pool: { pool: string; client?: string }): Fix | undefined {
  const host = samAuthHost(ctx, e);
  if (!host) return undefined;
  const ed = editorOf(ctx);
  // Only reached when the API defines no authorizer: the name is free.
  const name = 'CognitoAuthorizer';
  const globals = host.map === ctx.model!.root;
  const both = (hostEdit: TextEdit | undefined) => (globals ? [setSamEventAuthorizer(ctx, e, name), hostEdit] : [hostEdit, setSamEventAuthorizer(ctx, e, name)]);
  if (e.kind === 'http') {
    if (!pool.client) return undefined;
    const def = {
      IdentitySource: '$request.header.Authorization',
      JwtConfiguration: { issuer: { 'Fn::Sub': `https://cognito-idp.\${AWS::Region}.amazonaws.com/\${${pool.pool}}` }, audience: [{ Ref: pool.client }] },
    };
    return fix(ctx, `Require a JWT from the Cognito user pool ${pool.pool} (a JWT authorizer on the API, audience ${pool.client})`, both(ed.setIn(host.map, [...host.path, 'Authorizers', name], def)), true);
  }
  return fix(ctx, `Use the Cognito user pool ${pool.pool} (a Cognito authorizer on the API)`, both(ed.setIn(host.map, [...host.path, 'Authorizers', name], { UserPoolArn: { 'Fn::GetAtt': [pool.pool, 'Arn'] } })), true);
}

/**
 * An operation of an inline OpenAPI body (SAM `DefinitionBody`, CloudFormation `Body`): a Cognito
 * security scheme (REST: `cognito_user_pools` on the pool; HTTP API: a `jwt` authorizer on its
 * issuer and app client) in `securityDefinitions` / `components.securitySchemes`, required by the
 * operation's `security`, on the file's pool.
 */
function openApiCognitoFix(ctx: RuleContext, e: Endpoint, existing: { pool: string; client?: string }): Fix | undefined {
  const op = e.settings;
  if (!op || e.auth.explicit || getPairValue(op, 'security') !== undefined || get(op, 'x-amazon-apigateway-auth') != null) return undefined;
  const b = openApiBodies(ctx.model!).find((x) => x.body && op.range.start >= x.body.range.start && op.range.end <= x.body.range.end);
  if (!b) return undefined;
  const swagger2 = get(b.body, 'swagger') != null;
  if (b.kind === 'http' && swagger2) return undefined;
  const container = swagger2 ? ['securityDefinitions'] : ['components', 'securitySchemes'];
  let holder: YNode | null | undefined = b.body;
  for (const k of container) holder = isMap(holder) ? get(holder, k) : undefined;
  if (holder != null && (!isMap(holder) || intrinsicOf(holder))) return undefined;
  let name = 'CognitoAuthorizer';
  for (let n = 2; isMap(holder) && get(holder, name) != null && n < 50; n++) name = `CognitoAuthorizer${n}`;
  const ed = editorOf(ctx);
  const pool = existing.pool;
  const client = existing.client;
  let scheme: EditValue;
  if (b.kind === 'http') {
    if (!client) return undefined;
    scheme = {
      type: 'oauth2',
      flows: {},
      'x-amazon-apigateway-authorizer': {
        type: 'jwt',
        identitySource: '$request.header.Authorization',
        jwtConfiguration: { issuer: { 'Fn::Sub': `https://cognito-idp.\${AWS::Region}.amazonaws.com/\${${pool}}` }, audience: [{ Ref: client }] },
      },
    };
  } else {
    scheme = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'cognito_user_pools', 'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: [{ 'Fn::GetAtt': [pool, 'Arn'] }] } };
  }
  // The operation's key first (deeper), then the body's scheme.
  const edits: (TextEdit | undefined)[] = [ed.setIn(op, ['security'], [{ [name]: [] }]), ed.setIn(b.body, [...container, name], scheme)];
  const title = `Require a token of the Cognito user pool ${pool} (OpenAPI security scheme ${name} on the operation)`;
  return fix(ctx, title, edits, true);
}

function getPairValue(m: YMap, key: string): YNode | null | undefined {
  const p = m.entries.find((x) => x.key.value === key);
  return p ? p.value : undefined;
}

function intrinsicOf(n: YMap): boolean {
  return n.entries.length === 1 && String(n.entries[0].key.value).startsWith('Fn::');
}

/**
 * Every fix that changes who can call carries `confirm` (types.ts): clients ask before applying it,
 * since callers that cannot send the new credential are locked out once it is deployed.
 */
function confirmed(fixes: Fix[], e: Endpoint, what: string): Fix[] {
  const message = `This changes who can call ${e.label}: ${what}, so a caller that does not send it (a browser app, a webhook sender, another service) gets 401/403 once deployed. Check that every client of the route can.`;
  return fixes.map((f) => ({ ...f, confirm: { message } }));
}

/** Fixes that put an authorizer on a route (not function URLs), chosen for who calls it (fix/caller.ts); each asks for confirmation. */
export function authorizerFixes(ctx: RuleContext, e: Endpoint, opts: { apiKeyClients?: boolean } = {}): Fix[] {
  return confirmed(routeAuthorizerFixes(ctx, e, opts), e, 'every request must then carry the credential the authorizer checks (SigV4 signature, token or header)');
}

/** `apiKeyClients`: the route requires an API key, so its callers are clients given a key (partners), not AWS principals: no IAM unless the file shows one. */
function routeAuthorizerFixes(ctx: RuleContext, e: Endpoint, opts: { apiKeyClients?: boolean }): Fix[] {
  const model = ctx.model!;
  const ed = editorOf(ctx);
  const caller = callerOf(ctx, e);
  // A body-signing sender can satisfy no authorizer: the signature is checked in the handler.
  if (caller.kind === 'signed-webhook') return [];
  // Public by design (log in, token, health check): an authorizer would lock its callers out.
  if (caller.kind === 'public') return [];
  if (caller.ownLogIn) return []; // the app behind it logs its users in itself: any authorizer would lock them out
  if (caller.kind === 'webhook') return compact([webhookAuthorizerFix(ctx, e, caller.why)]);
  // A browser whose CORS the app answers: on a route that also takes OPTIONS (ANY), an authorizer
  // rejects the preflight, which carries no credentials, and the browser then blocks every call.
  if (caller.kind === 'browser' && caller.preflightInApp && (e.method === undefined || e.method === 'ANY' || e.method === 'OPTIONS')) return [];
  const pool = caller.kind === 'aws' ? undefined : cognitoPool(ctx);
  // Callers nobody identified (no browser code or CORS, no AWS grant, no webhook sender) and no
  // user pool or sign-in flow in the project: server-to-server callers. A shared-secret header
  // fits them, or IAM when they are AWS principals; a new user pool does not (nobody signs in).
  // Browsers without a user pool get only the placeholder templates: a secret shipped to every
  // browser is no secret, and SigV4 needs AWS credentials a browser does not have.
  const serviceCallers = caller.kind === 'unknown' && !pool && e.kind !== 'websocket';
  const iam = caller.kind === 'aws' || (serviceCallers && !opts.apiKeyClients);
  const iamWhy = caller.kind === 'aws' ? caller.why : 'if the callers are AWS principals: the project shows no browser code, user pool, webhook sender or CORS for it';
  const apiToken = () => (serviceCallers ? webhookAuthorizerFix(ctx, e, 'for server-to-server callers: the project shows no browser code, user pool, AWS or webhook caller', 'api') : undefined);
  // IAM is preferred only when the file shows an AWS caller.
  const iamFirst = caller.kind === 'aws';
  if (e.source === 'serverless' && e.kind === 'rest') {
    const iamFix = () => fix(ctx, `Require IAM authorization (authorizer: aws_iam; ${iamWhy})`, [setOnSlsEvent(ed, e, ['authorizer'], 'aws_iam')], iamFirst);
    if (iamFirst) return compact([iamFix()]);
    const out: (Fix | undefined)[] = [apiToken(), iam ? iamFix() : undefined];
    if (pool) out.push(fix(ctx, `Use the Cognito user pool ${pool.pool} (authorizer: COGNITO_USER_POOLS)`, [setOnSlsEvent(ed, e, ['authorizer'], { name: `${pool.pool}Authorizer`.replace(/[^A-Za-z0-9]/g, ''), type: 'COGNITO_USER_POOLS', arn: { 'Fn::GetAtt': [pool.pool, 'Arn'] } })], true));
    else {
      const f = fix(ctx, 'Require a Cognito user pool token (authorizer: COGNITO_USER_POOLS; fill in the pool ARN)', [setOnSlsEvent(ed, e, ['authorizer'], { name: 'cognitoAuthorizer', type: 'COGNITO_USER_POOLS', arn: USER_POOL_PLACEHOLDER })]);
      if (f) out.push({ ...f, placeholder: USER_POOL_PLACEHOLDER });
    }
    return compact(out);
  }
  if (e.source === 'serverless' && e.kind === 'http') {
    const iamFix = () => fix(ctx, `Require IAM authorization (authorizer: {type: aws_iam}; ${iamWhy})`, [setOnSlsEvent(ed, e, ['authorizer'], { type: 'aws_iam' })], iamFirst);
    if (iamFirst) return compact([iamFix()]);
    const defs = slsHttpApiAuthorizers(model).sort((a, b) => (a.type === b.type ? 0 : a.type === 'jwt' ? -1 : 1));
    const out: (Fix | undefined)[] = defs.map((d, i) =>
      fix(ctx, `Use the ${d.type === 'jwt' ? 'JWT' : 'Lambda'} authorizer '${d.name}' from provider.httpApi.authorizers`, [setOnSlsEvent(ed, e, ['authorizer'], { name: d.name })], i === 0),
    );
    if (!defs.length) {
      out.push(apiToken(), iam ? iamFix() : undefined);
      if (pool && pool.client) {
        const name = 'cognitoJwt';
        out.push(fix(ctx, `Require a JWT from the Cognito user pool ${pool.pool} (a JWT authorizer in provider.httpApi.authorizers)`, [
          ed.setIn(model.root, ['provider', 'httpApi', 'authorizers', name], {
            type: 'jwt',
            identitySource: '$request.header.Authorization',
            issuerUrl: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: pool.pool }]] },
            audience: [{ Ref: pool.client }],
          }),
          setOnSlsEvent(ed, e, ['authorizer'], { name }),
        ], true));
      } else {
        const f = fix(ctx, 'Require a JWT (a JWT authorizer in provider.httpApi.authorizers; fill in the issuer URL and audience)', [
          ed.setIn(model.root, ['provider', 'httpApi', 'authorizers', 'jwtAuthorizer'], { type: 'jwt', identitySource: '$request.header.Authorization', issuerUrl: ISSUER_PLACEHOLDER, audience: ['<audience: the app client id>'] }),
          setOnSlsEvent(ed, e, ['authorizer'], { name: 'jwtAuthorizer' }),
        ]);
        if (f) out.push({ ...f, placeholder: ISSUER_PLACEHOLDER });
      }
    }
    return compact(out);
  }
  if (e.source === 'sam' && (e.kind === 'rest' || e.kind === 'http') && e.event) {
    const ev = e.event;
    // Event `Properties` (created when the event has none, e.g. a catch-all HttpApi event).
    const setOnEvent = (path: string[], value: EditValue) =>
      e.settings ? ed.setIn(e.settings, path, value) : isMap(ev.node) ? ed.setIn(ev.node, ['Properties', ...path], value) : undefined;
    const info = samApiOf(model, ev);
    if (!iamFirst) {
      const authorizers = get(info.auth, 'Authorizers');
      const names = isMap(authorizers) ? authorizers.entries.map((x) => String(x.key.value)).filter((n) => n !== 'AWS_IAM') : [];
      if (names.length || authorizers != null) return compact(names.map((n, i) => fix(ctx, `Use the API's authorizer '${n}' (Auth: {Authorizer: ${n}})`, [setOnEvent(['Auth', 'Authorizer'], n)], i === 0)));
      // No authorizer on the API yet: one from the file's user pool, or a shared-secret header.
      if (!serviceCallers) return compact([pool ? samCognitoFix(ctx, e, pool) : undefined]);
      return compact([apiToken(), iam ? samIamFix() : undefined]);
    }
    return compact([samIamFix()]);
  }
  return openApiAndCfnFixes();

  function samIamFix(): Fix | undefined {
    const ev = e.event!;
    const setOnEvent = (path: string[], value: EditValue) =>
      e.settings ? ed.setIn(e.settings, path, value) : isMap(ev.node) ? ed.setIn(ev.node, ['Properties', ...path], value) : undefined;
    const info = samApiOf(model, ev);
    const iamEdits: (TextEdit | undefined)[] = [setOnEvent(['Auth', 'Authorizer'], 'AWS_IAM')];
    if (e.kind === 'http') {
      // SAM accepts `Authorizer: AWS_IAM` on an HttpApi event only with EnableIamAuthorizer on the API.
      const enabled = get(info.auth, 'EnableIamAuthorizer');
      if (!(isScalar(enabled) && enabled.value === true)) {
        if (info.api) iamEdits.push(ed.setIn(info.api.node, ['Properties', 'Auth', 'EnableIamAuthorizer'], true));
        else if (!info.external) iamEdits.push(ed.setIn(model.root, ['Globals', 'HttpApi', 'Auth', 'EnableIamAuthorizer'], true));
      }
    }
    const title = e.kind === 'http' ? `Require IAM authorization (Auth: {Authorizer: AWS_IAM}, EnableIamAuthorizer on the API; ${iamWhy})` : `Require IAM authorization (Auth: {Authorizer: AWS_IAM}; ${iamWhy})`;
    return fix(ctx, title, iamEdits, iamFirst);
  }

  function openApiAndCfnFixes(): Fix[] {
    if (e.source === 'openapi' && (e.kind === 'rest' || e.kind === 'http') && e.settings) {
      if (iam) {
        // REST: `x-amazon-apigateway-auth: {type: AWS_IAM}` on the operation (no security requirement of its own).
        if (e.kind !== 'rest' || e.auth.explicit || getPairValue(e.settings, 'security') !== undefined || get(e.settings, 'x-amazon-apigateway-auth') != null) return [];
        return compact([fix(ctx, `Require IAM authorization (x-amazon-apigateway-auth: {type: AWS_IAM} on the operation; ${iamWhy})`, [ed.setIn(e.settings, ['x-amazon-apigateway-auth', 'type'], 'AWS_IAM')], true)]);
      }
      return compact([pool ? openApiCognitoFix(ctx, e, pool) : undefined]);
    }
    if (e.source === 'cfn' && e.resource && e.settings && (e.kind === 'rest' || e.kind === 'http' || e.kind === 'websocket')) {
      if (!iam) return [];
      if (e.resource.type !== 'AWS::ApiGateway::Method' && e.resource.type !== 'AWS::ApiGatewayV2::Route') return [];
      // With an AuthorizerId the intended type is CUSTOM/COGNITO/JWT, not IAM: let the user choose.
      if (get(e.settings, 'AuthorizerId') != null) return [];
      return compact([fix(ctx, `Require IAM authorization (AuthorizationType: AWS_IAM; ${iamWhy})`, [ed.setIn(e.settings, ['AuthorizationType'], 'AWS_IAM')], true)]);
    }
    return [];
  }
}

const USER_POOL_PLACEHOLDER = '<user-pool-arn>';
const ISSUER_PLACEHOLDER = '<issuer-url, e.g. https://cognito-idp.REGION.amazonaws.com/POOL_ID>';

/** Fixes that make a function URL require IAM (SigV4) auth: only for an AWS principal caller (fix/caller.ts); each asks for confirmation. */
export function functionUrlFixes(ctx: RuleContext, e: Endpoint): Fix[] {
  return confirmed(urlIamFixes(ctx, e), e, 'every request must then be signed with SigV4 by a principal allowed lambda:InvokeFunctionUrl');
}

function urlIamFixes(ctx: RuleContext, e: Endpoint): Fix[] {
  const model = ctx.model!;
  const ed = editorOf(ctx);
  const caller = callerOf(ctx, e);
  if (caller.kind !== 'aws') return [];
  const why = `; ${caller.why}`;
  if (e.source === 'serverless') {
    const fn = model.functions.find((f) => f.id === e.functionId);
    if (!fn) return [];
    const edit = e.settings ? ed.setIn(e.settings, ['authorizer'], 'aws_iam') : ed.replaceValue(fn.node, 'url', { authorizer: 'aws_iam' });
    return compact([fix(ctx, `Require IAM authorization on the function URL (authorizer: aws_iam${why})`, [edit], true)]);
  }
  const n = e.auth.node;
  if (n && isScalar(n)) return compact([fix(ctx, `Require IAM authorization on the function URL (AuthType: AWS_IAM${why})`, [ed.replaceScalar(n, 'AWS_IAM')], true)]);
  if (e.source === 'cfn' && e.settings) return compact([fix(ctx, `Require IAM authorization on the function URL (AuthType: AWS_IAM${why})`, [ed.setIn(e.settings, ['AuthType'], 'AWS_IAM')], true)]);
  return [];
}

// --- request validation ------------------------------------------------------------------------

function slug(s: string): string {
  let out = '';
  for (const c of s.toLowerCase()) out += /[a-z0-9]/.test(c) ? c : out.endsWith('-') ? '' : '-';
  return out.replace(/^-+|-+$/g, '') || 'request';
}

/** `schemas/<fn>-<method>.json`, unique among this file's routes and the files that already exist. */
export function schemaFileFor(ctx: RuleContext, e: Endpoint): string {
  const base = `schemas/${slug(e.functionId ?? 'api')}-${(e.method ?? 'post').toLowerCase()}`;
  const siblings = endpointsOf(ctx.model!).filter((x) => x.kind === 'rest' && x.source === 'serverless' && x.functionId === e.functionId && x.method === e.method);
  const idx = siblings.indexOf(e);
  let name = idx > 0 ? `${base}-${idx + 1}.json` : `${base}.json`;
  const dir = dirname(ctx.file);
  for (let n = 2; ctx.project.readFile(joinPath(dir, name)) !== undefined && n < 50; n++) name = `${base}-${idx > 0 ? `${idx + 1}-` : ''}${n}.json`;
  return name;
}

/** The request-body schema file's text (JSON Schema draft-04, what API Gateway models use). */
export function schemaText(e: Endpoint, shape: BodyShape | undefined): string {
  return JSON.stringify(bodySchema(e, shape), null, 2) + '\n';
}

/**
 * The schema is inferred from the handler (fix/request-schema.ts). Serverless REST: add
 * `request.schemas` with a `${file(...)}` schema and create the file. SAM: a `RequestModel` that
 * names a model but does not validate gets `ValidateBody: true`; without one, the model goes into
 * the explicit API's `Models` and the event gets `RequestModel` with `ValidateBody: true`.
 * CloudFormation: an `AWS::ApiGateway::Model` and a body `RequestValidator` next to the Method.
 */
export function requestSchemaFixes(ctx: RuleContext, e: Endpoint): Fix[] {
  const ed = editorOf(ctx);
  const model = ctx.model!;
  const shape = handlerBodyShape(ctx, e);
  // used both as a list and as an object: no schema fits every body the handler accepts
  if (shape?.mixed) return [];
  const inferred = shape?.items
    ? shape.items.props.length ? `a list of items with ${shape.items.props.length} propert${shape.items.props.length === 1 ? 'y' : 'ies'} the handler reads` : 'a list: fill in its items'
    : shape && shape.props.length ? `${shape.props.length} propert${shape.props.length === 1 ? 'y' : 'ies'} the handler reads` : 'a placeholder: fill in the properties';
  if (e.source === 'sam' && e.kind === 'rest' && e.settings && e.event) {
    const rm = get(e.settings, 'RequestModel');
    if (rm != null) {
      if (!isMap(rm) || get(rm, 'Model') == null) return [];
      return compact([fix(ctx, 'Validate the body against the RequestModel (ValidateBody: true)', [ed.setIn(rm, ['ValidateBody'], true)], true)]);
    }
    const info = samApiOf(model, e.event);
    if (!info.api || info.external || info.openApi) return [];
    const models = get(info.api.properties, 'Models');
    const name = modelName(e, (n) => get(models, n) != null);
    return compact([
      fix(ctx, `Validate the request body with a model (${inferred})`, [
        ed.setIn(info.api.node, ['Properties', 'Models', name], bodySchema(e, shape, false) as EditValue),
        ed.setIn(e.settings, ['RequestModel'], { Model: name, ValidateBody: true }),
      ], true),
    ]);
  }
  if (e.source === 'openapi' && e.kind === 'rest' && e.settings) return compact([openApiValidatorFix(ctx, e, shape, inferred)]);
  if (e.source === 'cfn' && e.kind === 'rest' && e.resource?.type === 'AWS::ApiGateway::Method' && e.settings) {
    if (get(e.settings, 'RequestValidatorId') != null || get(e.settings, 'RequestModels') != null) return [];
    const api = get(e.settings, 'RestApiId');
    if (api == null) return [];
    const apiText = ctx.text.slice(api.range.start, api.range.end);
    const apiJson = toPlain(api);
    if (apiJson === undefined) return [];
    const taken = (n: string) => model.resources.some((r) => r.id === n);
    const m = modelName(e, taken);
    const v = modelName(e, (n) => taken(n) || n === m, 'BodyValidator');
    const apiVal = verbatim(apiText, apiJson);
    return compact([
      fix(ctx, `Validate the request body with a model and a body validator (${inferred})`, [
        ed.setIn(e.settings, ['RequestValidatorId'], verbatim(`!Ref ${v}`, { Ref: v })),
        ed.setIn(e.settings, ['RequestModels'], { 'application/json': verbatim(`!Ref ${m}`, { Ref: m }) }),
        ed.setIn(model.root, ['Resources', m], { Type: 'AWS::ApiGateway::Model', Properties: { RestApiId: apiVal, ContentType: 'application/json', Schema: bodySchema(e, shape) as EditValue } }),
        ed.setIn(model.root, ['Resources', v], { Type: 'AWS::ApiGateway::RequestValidator', Properties: { RestApiId: apiVal, ValidateRequestBody: true, ValidateRequestParameters: false } }),
      ], true),
    ]);
  }
  if (e.source !== 'serverless' || e.kind !== 'rest') return [];
  const rel = schemaFileFor(ctx, e);
  const ref = `\${file(${rel})}`;
  const edit = setOnSlsEvent(ed, e, ['request', 'schemas', 'application/json'], ref);
  const file = joinPath(dirname(ctx.file), rel);
  const create: FileEdit = { file, create: true, edits: [{ range: { start: 0, end: 0 }, newText: schemaText(e, shape) }] };
  return compact([fix(ctx, `Validate the request body with a JSON Schema (creates ${rel}: ${inferred})`, [edit], true, [create])]);
}

/**
 * An inline OpenAPI body (`DefinitionBody` / `Body`): a body-validating entry in the root
 * `x-amazon-apigateway-request-validators` (reused when one exists) and
 * `x-amazon-apigateway-request-validator` on the operation. API Gateway validates a body only
 * against a model, so the operation must have a body schema already (`requestBody` in OpenAPI 3, an
 * `in: body` parameter in Swagger 2) or get one inferred from the handler; when nothing can be
 * inferred, a schema that only requires a JSON object, with a placeholder description (a
 * validator without any schema would silence the finding and validate nothing).
 */
function openApiValidatorFix(ctx: RuleContext, e: Endpoint, shape: BodyShape | undefined, inferred: string): Fix | undefined {
  const op = e.settings!;
  const b = openApiBodies(ctx.model!).find((x) => x.body && op.range.start >= x.body.range.start && op.range.end <= x.body.range.end);
  if (!b || b.kind !== 'rest') return undefined;
  const body = b.body;
  if (get(op, 'x-amazon-apigateway-request-validator') != null || get(body, 'x-amazon-apigateway-request-validator') != null) return undefined;
  const ed = editorOf(ctx);
  const validators = get(body, 'x-amazon-apigateway-request-validators');
  if (validators != null && !isMap(validators)) return undefined;
  const existing = isMap(validators)
    ? validators.entries.find((p) => { const v = p.value && get(p.value, 'validateRequestBody'); return isScalar(v) && v.value === true; })
    : undefined;
  let name = existing ? String(existing.key.value) : 'body';
  for (let n = 2; !existing && isMap(validators) && get(validators, name) != null && n < 50; n++) name = `body${n}`;
  // Inserts at one offset (the operation ending where the body ends) join in list order: the
  // operation's keys first, then the body's.
  const edits: (TextEdit | undefined)[] = [ed.setIn(op, ['x-amazon-apigateway-request-validator'], name)];
  const rootEdit = existing ? undefined : ed.setIn(body, ['x-amazon-apigateway-request-validators', name], { validateRequestBody: true, validateRequestParameters: false });
  if (!existing && !rootEdit) return undefined;
  const oas3 = get(body, 'openapi') != null;
  const params = get(op, 'parameters');
  const hasSchema = oas3
    ? get(op, 'requestBody') != null
    : isSeq(params) && params.items.some((p) => { const w = get(p, 'in'); return isScalar(w) && w.value === 'body'; });
  if (!hasSchema) {
    // Nothing inferred: the schema only requires a JSON object, with a placeholder description (request-schema.ts).
    const schema = bodySchema(e, shape, false) as EditValue;
    if (oas3) edits.push(ed.setIn(op, ['requestBody'], { required: true, content: { 'application/json': { schema } } }));
    else if (params == null) edits.push(ed.setIn(op, ['parameters'], [{ in: 'body', name: 'body', required: true, schema }]));
    else return undefined; // appending to an existing list: left to the user
  }
  if (rootEdit) edits.push(rootEdit);
  const what = hasSchema ? 'the operation\'s body schema' : inferred;
  return fix(ctx, `Validate the request body in the OpenAPI body (x-amazon-apigateway-request-validator${existing ? ` '${name}'` : ''}; ${what})`, edits, true);
}

/** A YAML node as plain JSON (for the JSON form of a copied `RestApiId`), undefined when it cannot be. */
function toPlain(n: YNode): unknown {
  if (isScalar(n)) return n.tag === '!Ref' ? { Ref: n.value } : n.tag === '!GetAtt' ? { 'Fn::GetAtt': String(n.value).split('.') } : n.tag ? undefined : n.value;
  if (isMap(n)) {
    const o: Record<string, unknown> = {};
    for (const p of n.entries) { const v = p.value ? toPlain(p.value) : null; if (v === undefined) return undefined; o[String(p.key.value)] = v; }
    return o;
  }
  return undefined;
}
