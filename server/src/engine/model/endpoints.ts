/**
 * Every HTTP entry point a config defines, with its effective authorization, API-key requirement
 * and request validation, and the node to report on. One list for the endpoint rules (no
 * authorizer, public function URL, unvalidated body, API key only) and for hovers ("authorizer
 * status").
 *
 * Sources:
 *  - Serverless: `functions.<f>.events[].http` (REST), `.httpApi` (HTTP API, string form too),
 *    `.websocket`, `functions.<f>.url`; plus raw CloudFormation in `resources.Resources`.
 *  - SAM: `Events.<e>` of `Type: Api` / `HttpApi` with the API's `Auth` (explicit
 *    `AWS::Serverless::Api`/`HttpApi` referenced by `RestApiId`/`ApiId`, or the implicit API) merged
 *    with `Globals.Api`/`Globals.HttpApi`; `FunctionUrlConfig` (Globals merged by the model).
 *  - CloudFormation: `AWS::ApiGateway::Method`, `AWS::ApiGatewayV2::Route` (HTTP and WebSocket),
 *    quick-create `AWS::ApiGatewayV2::Api` (`Target`), `AWS::Lambda::Url`.
 *
 * Unknown is never "none": an intrinsic, a variable, an API defined elsewhere or by an OpenAPI body
 * gives `auth.kind: 'unknown'`, which rules do not report.
 */
import { asList, get, getPair, intrinsicName, isMap, isScalar, isSeq, stringValue, type YMap, type YNode, type YScalar } from '../yaml/ast';
import { apiProtection, isAwsServerless, samResourcePolicy, slsRestProtection } from './api-protection';
import { mergeGlobal, referencedLogicalId } from './cfn';
import { integrationUriFunction, openApiEndpoints } from './openapi';
import type { ConfigModel, EventModel, FunctionModel, ResourceModel } from './types';

export type EndpointKind = 'rest' | 'http' | 'websocket' | 'url';

/**
 * `none`: anyone can call it. `iam`: SigV4 (AWS_IAM). `lambda`: Lambda (custom/request/token)
 * authorizer. `jwt`: JWT authorizer. `cognito`: Cognito user pool authorizer. `authorizer`: some
 * authorizer whose type the config does not say. `connection`: a WebSocket route other than
 * `$connect` (authorised once, at connect time). `resource-policy`: the API's resource policy admits
 * only identified callers (VPC endpoints, IP ranges, accounts). `mtls`: mutual TLS on the only
 * endpoint. `openapi`: `x-amazon-apigateway-*` security in the API's OpenAPI body (see
 * `api-protection.ts`). `unknown`: computed or defined elsewhere.
 */
export type AuthKind = 'none' | 'iam' | 'lambda' | 'jwt' | 'cognito' | 'authorizer' | 'connection' | 'resource-policy' | 'mtls' | 'openapi' | 'unknown';

export interface EndpointAuth {
  kind: AuthKind;
  /** The config says "no authorization" in so many words (SAM `Authorizer: NONE`, CFN `AuthorizationType: NONE`). */
  explicit: boolean;
  /** The node that decides (the event's authorizer, the API's DefaultAuthorizer, AuthorizationType). */
  node?: YNode;
  /** Authorizer name, when referenced by name. */
  name?: string;
  /** Where the effective setting comes from. */
  from: 'route' | 'api' | 'globals' | 'default';
  /** For protections other than an authorizer: what was found ("the API's resource policy admits …"). */
  detail?: string;
}

export interface RequestValidation {
  /** Whether API Gateway validates the request body: true, false, or unknown (computed / defined elsewhere). */
  body: boolean | 'unknown';
  /** Why not, for messages ("RequestModel without ValidateBody: true"). */
  reason?: string;
  node?: YNode;
}

export interface CorsInfo {
  /** The node holding the CORS settings (`cors: true`, the `cors:` map, `CorsConfiguration`...). */
  node: YNode;
  /** The `'*'` origin (or the node implying it, e.g. `cors: true`), if any origin is `*`. */
  wildcard?: YNode;
  /** The node that allows credentials, when credentials are allowed. */
  credentials?: YNode;
  /** Human path, e.g. `provider.httpApi.cors`, `Resources.Api.Properties.Cors`. */
  where: string;
}

export interface Endpoint {
  kind: EndpointKind;
  /** Which syntax defines it (`openapi`: an operation of an inline OpenAPI body, model/openapi.ts). */
  source: 'serverless' | 'sam' | 'cfn' | 'openapi';
  /** Upper-case method (`GET`, `ANY`); undefined for WebSocket routes and function URLs. */
  method?: string;
  path?: string;
  /** WebSocket route key (`$connect`) or HTTP API route key (`GET /x`, `$default`). */
  route?: string;
  /** `POST /orders`, `$connect`, `function URL of create`. */
  label: string;
  /** Function id (serverless key / logical id) the endpoint invokes, when known. */
  functionId?: string;
  /**
   * What to report on: a short node naming the endpoint (the event key, the resource's logical id,
   * the `url` key or value). Authorization findings use `authReportNode(e)`.
   */
  reportNode: YNode;
  /** The serverless/SAM event, when the endpoint comes from one. */
  event?: EventModel;
  /** The event's settings map (`http: {...}` / SAM `Properties`), or the resource's `Properties`. */
  settings?: YMap;
  /** The resource (CloudFormation endpoints, SAM/Lambda URL resources). */
  resource?: ResourceModel;
  /** The API resource the route belongs to, when this file defines it. */
  api?: ResourceModel;
  /** The key holding a shorthand (`http: GET /x`) or the `url:` key. */
  keyNode?: YScalar;
  auth: EndpointAuth;
  /** API key required (`private: true`, `ApiKeyRequired: true`): the node that requires it. */
  apiKey?: YNode;
  /** REST endpoints only. */
  validation?: RequestValidation;
  /** Per-endpoint CORS (serverless `http.cors`). */
  cors?: CorsInfo;
}

const cache = new WeakMap<ConfigModel, Endpoint[]>();

/** Every endpoint of the file, in document order. Cached per model. */
export function endpointsOf(model: ConfigModel): Endpoint[] {
  let out = cache.get(model);
  if (!out) {
    out = build(model);
    out.sort((a, b) => a.reportNode.range.start - b.reportNode.range.start);
    cache.set(model, out);
  }
  return out;
}

/** The endpoints whose report node or settings contain this offset (for hovers). */
export function endpointsAt(model: ConfigModel, offset: number): Endpoint[] {
  return endpointsOf(model).filter((e) => {
    const n = e.event?.node ?? e.resource?.node ?? e.reportNode;
    return offset >= n.range.start && offset <= n.range.end;
  });
}

/** "IAM (SigV4)", "JWT authorizer `cognito`", "none", ... for hovers and messages. */
export function describeAuth(a: EndpointAuth): string {
  const named = a.name ? ` \`${a.name}\`` : '';
  switch (a.kind) {
    case 'none':
      return a.explicit ? 'none (explicitly public)' : 'none';
    case 'iam':
      return 'IAM (SigV4 signed requests)';
    case 'lambda':
      return `Lambda authorizer${named}`;
    case 'jwt':
      return `JWT authorizer${named}`;
    case 'cognito':
      return `Cognito user pool authorizer${named}`;
    case 'authorizer':
      return `authorizer${named}`;
    case 'connection':
      return 'authorised at $connect';
    case 'resource-policy':
    case 'mtls':
    case 'openapi':
      return a.detail ?? a.kind;
    default:
      return 'unknown (computed or defined outside this file)';
  }
}

/**
 * Where an authorization finding goes: the explicit `NONE` the user wrote on the route (SAM
 * `Authorizer: NONE`, CFN `AuthorizationType: NONE`), else the endpoint's own node.
 */
export function authReportNode(e: Endpoint): YNode {
  return e.auth.explicit && e.auth.from === 'route' && e.auth.node ? e.auth.node : e.reportNode;
}

/** "`POST /orders` (function create)" / "`POST /orders` (resource PostMethod)" for messages. */
export function subjectOf(e: Endpoint): string {
  const who = e.functionId ? ` (function ${e.functionId})` : e.resource ? ` (resource ${e.resource.id})` : '';
  return `\`${e.label}\`${who}`;
}

/** True for methods that carry a request body API Gateway can validate. */
export function isBodyMethod(method: string | undefined): boolean {
  return method === 'POST' || method === 'PUT' || method === 'PATCH';
}

// ---------------------------------------------------------------------------------------------

function build(model: ConfigModel): Endpoint[] {
  const out: Endpoint[] = [];
  if (!isAwsServerless(model)) return out; // google, azure, openwhisk, cloudflare, … have no API Gateway
  const resourceNodes = new Set<YNode>(model.resources.map((r) => r.node));
  if (model.kind === 'serverless') {
    for (const fn of model.functions) {
      if (resourceNodes.has(fn.node)) continue; // a Lambda in resources.Resources
      for (const ev of fn.events) {
        if (ev.type === 'http') pushIf(out, slsHttp(model, fn, ev));
        else if (ev.type === 'httpApi') pushIf(out, slsHttpApi(model, fn, ev));
        else if (ev.type === 'websocket') pushIf(out, slsWebsocket(fn, ev));
      }
      pushIf(out, slsUrl(fn));
    }
  }
  const sam = samContext(model);
  for (const fn of model.functions) {
    const r = model.resources.find((x) => x.node === fn.node);
    if (!r || r.type !== 'AWS::Serverless::Function') continue;
    for (const ev of fn.events) {
      if (ev.type === 'Api') pushIf(out, samApiEvent(model, sam, fn, ev));
      else if (ev.type === 'HttpApi') pushIf(out, samHttpApiEvent(model, sam, fn, ev));
    }
    if (fn.url && !resourceNodes.has(fn.url.node)) pushIf(out, samUrl(fn, r));
  }
  for (const r of model.resources) {
    switch (r.type) {
      case 'AWS::ApiGateway::Method':
        pushIf(out, cfnMethod(model, r));
        break;
      case 'AWS::ApiGatewayV2::Route':
        pushIf(out, cfnRoute(model, r));
        break;
      case 'AWS::ApiGatewayV2::Api':
        pushIf(out, cfnQuickCreate(r));
        break;
      case 'AWS::Lambda::Url':
        pushIf(out, cfnUrl(r));
        break;
    }
  }
  out.push(...openApiEndpoints(model)); // routes written only in an OpenAPI body
  for (const e of out) protect(model, e);
  return out;
}

/** A route without an authorizer may still be closed to the public: resource policy, mTLS, OpenAPI security. */
function protect(model: ConfigModel, e: Endpoint): void {
  if (e.auth.kind !== 'none' || e.kind === 'url') return;
  const samPolicy = e.source === 'sam' && e.event ? samResourcePolicy(get(samApiOf(model, e.event).auth, 'ResourcePolicy')) : undefined;
  const p = samPolicy ?? (e.api ? apiProtection(model, e.api, e.method, e.path) : e.source === 'serverless' && e.kind === 'rest' ? slsRestProtection(model) : undefined);
  if (p) e.auth = { kind: p.kind, explicit: false, node: p.node, from: 'api', detail: p.detail };
}

function pushIf(out: Endpoint[], e: Endpoint | undefined): void {
  if (e) out.push(e);
}

const isVar = (s: string | undefined) => !!s && s.includes('${');

function literalTrue(n: YNode | null | undefined): boolean {
  return isScalar(n) && (n.value === true || (typeof n.value === 'string' && n.value.toLowerCase() === 'true'));
}

/** `GET /x` → [GET, /x]; `*` → [ANY, *]. */
function splitRoute(s: string): { method?: string; path?: string } {
  const t = s.trim();
  if (t === '*') return { method: 'ANY', path: '*' };
  const i = t.search(/\s/);
  if (i < 0) return { path: t };
  return { method: normMethod(t.slice(0, i)), path: t.slice(i).trim() };
}

function normMethod(m: string | undefined): string | undefined {
  if (!m) return undefined;
  const u = m.toUpperCase();
  return u === '*' ? 'ANY' : u;
}

function label(method: string | undefined, path: string | undefined): string {
  return `${method ?? 'ANY'} ${path ?? '/'}`;
}

// --- Serverless Framework ---------------------------------------------------------------------

function slsHttp(model: ConfigModel, fn: FunctionModel, ev: EventModel): Endpoint | undefined {
  const p = ev.properties;
  let method: string | undefined;
  let path: string | undefined;
  let settings: YMap | undefined;
  if (isScalar(p) && typeof p.value === 'string') ({ method, path } = splitRoute(p.value));
  else if (isMap(p) && !intrinsicName(p)) {
    settings = p;
    method = normMethod(stringValue(get(p, 'method')));
    path = stringValue(get(p, 'path'));
  } else return undefined;
  if (path && !path.startsWith('/')) path = '/' + path;
  const e: Endpoint = {
    kind: 'rest',
    source: 'serverless',
    method,
    path,
    label: label(method, path),
    functionId: fn.id,
    reportNode: ev.keyNode ?? ev.node,
    event: ev,
    settings,
    keyNode: ev.keyNode,
    auth: slsRestAuth(model, settings ? get(settings, 'authorizer') : undefined),
  };
  const priv = settings ? getPair(settings, 'private') : undefined;
  if (priv && literalTrue(priv.value)) e.apiKey = priv.key;
  e.validation = slsValidation(model, settings);
  const cors = settings ? get(settings, 'cors') : undefined;
  if (cors != null) e.cors = slsRestCors(cors, `functions.${fn.id}.events[${asList(get(fn.node, 'events')).indexOf(ev.node)}].http.cors (${e.label})`);
  return e;
}

function slsRestAuth(model: ConfigModel, a: YNode | null | undefined): EndpointAuth {
  if (a == null || (isScalar(a) && (a.value === null || a.value === ''))) return { kind: 'none', explicit: false, from: 'default' };
  if (isScalar(a)) {
    const v = model.value(a);
    if (v?.kind !== 'literal' || !v.text) return { kind: 'unknown', explicit: false, node: a, from: 'route' };
    const s = v.text;
    if (s.toUpperCase() === 'AWS_IAM') return { kind: 'iam', explicit: false, node: a, from: 'route' };
    return { kind: s.includes('cognito-idp') ? 'cognito' : 'lambda', explicit: false, node: a, name: s, from: 'route' };
  }
  if (isMap(a) && !intrinsicName(a)) {
    if (a.entries.length === 0) return { kind: 'none', explicit: false, node: a, from: 'route' };
    const type = stringValue(get(a, 'type'))?.toUpperCase();
    const name = stringValue(get(a, 'name'));
    const arn = stringValue(get(a, 'arn'));
    if (type === 'AWS_IAM') return { kind: 'iam', explicit: false, node: a, from: 'route' };
    if (type === 'COGNITO_USER_POOLS' || (arn && arn.includes('cognito-idp'))) return { kind: 'cognito', explicit: false, node: a, name, from: 'route' };
    if (type === 'TOKEN' || type === 'REQUEST') return { kind: 'lambda', explicit: false, node: a, name, from: 'route' };
    return { kind: 'authorizer', explicit: false, node: a, name, from: 'route' };
  }
  return { kind: 'unknown', explicit: false, node: a, from: 'route' };
}

function slsValidation(model: ConfigModel, settings: YMap | undefined): RequestValidation {
  const req = settings ? get(settings, 'request') : undefined;
  for (const key of ['schemas', 'schema']) {
    const s = get(req, key);
    if (s == null) continue;
    if (isMap(s) && !intrinsicName(s) && s.entries.length > 0) return { body: true, node: s };
    if (isScalar(s) && model.value(s)?.kind === 'variable') return { body: 'unknown', node: s };
    if (intrinsicName(s)) return { body: 'unknown', node: s };
  }
  if (isScalar(req) && model.value(req)?.kind === 'variable') return { body: 'unknown', node: req };
  return { body: false, reason: 'no `request.schemas`' };
}

function slsRestCors(cors: YNode, where: string): CorsInfo | undefined {
  if (literalTrue(cors)) return { node: cors, wildcard: cors, where };
  if (!isMap(cors) || intrinsicName(cors)) return undefined;
  const info: CorsInfo = { node: cors, where };
  const origins = get(cors, 'origins');
  const origin = get(cors, 'origin');
  if (origins != null) info.wildcard = asList(origins).find((o) => stringValue(o) === '*');
  else if (origin != null) info.wildcard = stringValue(origin) === '*' ? origin : undefined;
  else info.wildcard = cors; // the framework's default origin is '*'
  const cred = get(cors, 'allowCredentials');
  if (literalTrue(cred)) info.credentials = cred!;
  return info;
}

function slsHttpApi(model: ConfigModel, fn: FunctionModel, ev: EventModel): Endpoint | undefined {
  const p = ev.properties;
  let method: string | undefined;
  let path: string | undefined;
  let settings: YMap | undefined;
  if (isScalar(p) && typeof p.value === 'string') ({ method, path } = splitRoute(p.value));
  else if (isMap(p) && !intrinsicName(p)) {
    settings = p;
    method = normMethod(stringValue(get(p, 'method'))) ?? 'ANY';
    path = stringValue(get(p, 'path'));
    if (path === '*') method = 'ANY';
  } else return undefined;
  const route = path === '*' ? '$default' : `${method ?? 'ANY'} ${path ?? '/'}`;
  return {
    kind: 'http',
    source: 'serverless',
    method,
    path,
    route,
    label: path === '*' ? '* (catch-all)' : label(method, path),
    functionId: fn.id,
    reportNode: ev.keyNode ?? ev.node,
    event: ev,
    settings,
    keyNode: ev.keyNode,
    auth: slsHttpApiAuth(model, settings ? get(settings, 'authorizer') : undefined),
  };
}

/** `provider.httpApi.authorizers` entries: name → type (`jwt` when not given, as the framework does). */
export function slsHttpApiAuthorizers(model: ConfigModel): { name: string; type: 'jwt' | 'request'; keyNode: YScalar }[] {
  const a = get(get(get(model.root, 'provider'), 'httpApi'), 'authorizers');
  if (!isMap(a) || intrinsicName(a)) return [];
  return a.entries.map((e) => ({
    name: String(e.key.value),
    type: stringValue(get(e.value, 'type'))?.toLowerCase() === 'request' ? 'request' : 'jwt',
    keyNode: e.key,
  }));
}

function slsHttpApiAuth(model: ConfigModel, a: YNode | null | undefined): EndpointAuth {
  if (a == null || (isScalar(a) && (a.value === null || a.value === ''))) return { kind: 'none', explicit: false, from: 'default' };
  if (isScalar(a)) {
    const v = model.value(a);
    if (v?.kind !== 'literal' || !v.text) return { kind: 'unknown', explicit: false, node: a, from: 'route' };
    if (v.text.toLowerCase() === 'aws_iam') return { kind: 'iam', explicit: false, node: a, from: 'route' };
    const def = slsHttpApiAuthorizers(model).find((x) => x.name === v.text);
    return { kind: def?.type === 'request' ? 'lambda' : def ? 'jwt' : 'authorizer', explicit: false, node: a, name: v.text, from: 'route' };
  }
  if (isMap(a) && !intrinsicName(a)) {
    const type = stringValue(get(a, 'type'))?.toLowerCase();
    const name = stringValue(get(a, 'name'));
    if (type === 'aws_iam') return { kind: 'iam', explicit: false, node: a, from: 'route' };
    if (type === 'request') return { kind: 'lambda', explicit: false, node: a, name, from: 'route' };
    if (type === 'jwt') return { kind: 'jwt', explicit: false, node: a, name, from: 'route' };
    if (name) {
      const def = slsHttpApiAuthorizers(model).find((x) => x.name === name);
      return { kind: def?.type === 'request' ? 'lambda' : 'jwt', explicit: false, node: a, name, from: 'route' };
    }
    if (get(a, 'id') != null) return { kind: 'authorizer', explicit: false, node: a, from: 'route' };
    return { kind: a.entries.length === 0 ? 'none' : 'unknown', explicit: false, node: a, from: 'route' };
  }
  return { kind: 'unknown', explicit: false, node: a, from: 'route' };
}

function slsWebsocket(fn: FunctionModel, ev: EventModel): Endpoint | undefined {
  const p = ev.properties;
  let route: string | undefined;
  let settings: YMap | undefined;
  if (isScalar(p) && typeof p.value === 'string') route = p.value.trim();
  else if (isMap(p) && !intrinsicName(p)) {
    settings = p;
    route = stringValue(get(p, 'route'));
  } else return undefined;
  if (!route) return undefined;
  let auth: EndpointAuth;
  if (route !== '$connect') auth = { kind: 'connection', explicit: false, from: 'default' };
  else {
    const a = settings ? get(settings, 'authorizer') : undefined;
    if (a == null || (isScalar(a) && (a.value === null || a.value === ''))) auth = { kind: 'none', explicit: false, from: 'default' };
    else if (isScalar(a) || (isMap(a) && !intrinsicName(a))) {
      const name = isScalar(a) ? stringValue(a) : stringValue(get(a, 'name')) ?? stringValue(get(a, 'arn'));
      auth = { kind: isVar(name) ? 'unknown' : 'lambda', explicit: false, node: a, name, from: 'route' };
    } else auth = { kind: 'unknown', explicit: false, node: a, from: 'route' };
  }
  return { kind: 'websocket', source: 'serverless', route, label: route, functionId: fn.id, reportNode: ev.keyNode ?? ev.node, event: ev, settings, keyNode: ev.keyNode, auth };
}

function slsUrl(fn: FunctionModel): Endpoint | undefined {
  if (!fn.url) return undefined;
  const pair = getPair(fn.node, 'url');
  if (!pair) return undefined;
  const u = fn.url;
  const kind: AuthKind = u.authType === 'NONE' ? 'none' : u.authType === 'AWS_IAM' ? 'iam' : 'unknown';
  const settings = isMap(pair.value) && !intrinsicName(pair.value) ? pair.value : undefined;
  const e: Endpoint = {
    kind: 'url',
    source: 'serverless',
    label: `function URL of ${fn.id}`,
    functionId: fn.id,
    reportNode: isScalar(pair.value) ? pair.value : pair.key,
    settings,
    keyNode: pair.key,
    auth: { kind, explicit: false, node: u.authNode ?? undefined, from: 'route' },
  };
  const cors = settings ? get(settings, 'cors') : undefined;
  if (cors != null) e.cors = v2StyleCors(cors, `functions.${fn.id}.url.cors`, 'allowedOrigins', 'allowCredentials', true);
  return e;
}

/** HTTP API / function URL style CORS: a list of origins and a credentials flag. */
function v2StyleCors(cors: YNode, where: string, originsKey: string, credKey: string, trueMeansStar: boolean, defaultStar = true): CorsInfo | undefined {
  if (literalTrue(cors)) return trueMeansStar ? { node: cors, wildcard: cors, where } : undefined;
  if (!isMap(cors) || intrinsicName(cors)) return undefined;
  const info: CorsInfo = { node: cors, where };
  const origins = get(cors, originsKey);
  if (origins == null) info.wildcard = defaultStar ? cors : undefined;
  else info.wildcard = asList(origins).find((o) => stringValue(o) === '*' || stringValue(o) === "'*'");
  const cred = get(cors, credKey);
  if (literalTrue(cred)) info.credentials = cred!;
  return info;
}

// --- SAM -------------------------------------------------------------------------------------

interface SamContext {
  globals: YNode | null | undefined;
  apis: Map<string, ResourceModel>;
}

function samContext(model: ConfigModel): SamContext {
  const apis = new Map<string, ResourceModel>();
  for (const r of model.resources) if (r.type === 'AWS::Serverless::Api' || r.type === 'AWS::Serverless::HttpApi') apis.set(r.id, r);
  return { globals: model.kind === 'sam' ? get(model.root, 'Globals') : undefined, apis };
}

function ignoresGlobal(r: ResourceModel | undefined, key: string): boolean {
  if (!r) return false;
  const ignore = get(r.properties, 'IgnoreGlobals') ?? get(r.node, 'IgnoreGlobals');
  return (isScalar(ignore) && (ignore.value === '*' || ignore.value === key)) || (isSeq(ignore) && ignore.items.some((i) => stringValue(i) === key));
}

interface SamApiInfo {
  /** The explicit API resource, when the event references one in this file. */
  api?: ResourceModel;
  /** The event references an API this file does not define (or by a computed value). */
  external: boolean;
  /** `Auth` merged with Globals. */
  auth: YNode | null | undefined;
  /** `Globals.<Api|HttpApi>.Auth`, to tell where a DefaultAuthorizer comes from. */
  globalAuth: YNode | null | undefined;
  /** The API is defined by an OpenAPI document (security may be declared there). */
  openApi: boolean;
}

export function samApiOf(model: ConfigModel, ev: EventModel): SamApiInfo {
  const sam = samContext(model);
  return samApiInfo(sam, ev, ev.type === 'HttpApi' ? 'HttpApi' : 'Api');
}

function samApiInfo(sam: SamContext, ev: EventModel, which: 'Api' | 'HttpApi'): SamApiInfo {
  const ref = get(ev.properties, which === 'Api' ? 'RestApiId' : 'ApiId');
  const globalAuth = get(get(sam.globals, which), 'Auth');
  if (ref == null) return { external: false, auth: globalAuth, globalAuth, openApi: false };
  const id = referencedLogicalId(ref) ?? stringValue(ref);
  const api = id ? sam.apis.get(id) : undefined;
  const wantType = which === 'Api' ? 'AWS::Serverless::Api' : 'AWS::Serverless::HttpApi';
  if (!api || api.type !== wantType) return { external: true, auth: undefined, globalAuth, openApi: false };
  const local = get(api.properties, 'Auth');
  const auth = ignoresGlobal(api, 'Auth') ? local : mergeGlobal(globalAuth, local);
  const openApi = get(api.properties, 'DefinitionBody') != null || get(api.properties, 'DefinitionUri') != null;
  return { api, external: false, auth, globalAuth, openApi };
}

function samAuthorizerKind(apiAuth: YNode | null | undefined, name: string, which: 'Api' | 'HttpApi'): AuthKind {
  if (name === 'AWS_IAM') return 'iam';
  const def = get(get(apiAuth, 'Authorizers'), name);
  if (isMap(def)) {
    if (get(def, 'UserPoolArn') != null) return 'cognito';
    if (get(def, 'JwtConfiguration') != null) return 'jwt';
    if (get(def, 'FunctionArn') != null) return 'lambda';
  }
  return 'authorizer';
}

function samEffectiveAuth(model: ConfigModel, ev: EventModel, info: SamApiInfo, which: 'Api' | 'HttpApi'): EndpointAuth {
  const evAuth = get(get(ev.properties, 'Auth'), 'Authorizer');
  if (evAuth != null) {
    const v = model.value(evAuth);
    if (v?.kind !== 'literal' || !v.text) return { kind: 'unknown', explicit: false, node: evAuth, from: 'route' };
    if (v.text === 'NONE') return { kind: 'none', explicit: true, node: evAuth, from: 'route' };
    return { kind: samAuthorizerKind(info.auth, v.text, which), explicit: false, node: evAuth, name: v.text === 'AWS_IAM' ? undefined : v.text, from: 'route' };
  }
  if (info.external) return { kind: 'unknown', explicit: false, from: 'api' };
  const def = get(info.auth, 'DefaultAuthorizer');
  const fromGlobals = def != null && def === get(info.globalAuth, 'DefaultAuthorizer');
  if (def != null) {
    const v = model.value(def);
    const from = fromGlobals ? 'globals' : 'api';
    if (v?.kind !== 'literal' || !v.text) return { kind: 'unknown', explicit: false, node: def, from };
    if (v.text === 'NONE') return { kind: 'none', explicit: true, node: def, from };
    return { kind: samAuthorizerKind(info.auth, v.text, which), explicit: false, node: def, name: v.text === 'AWS_IAM' ? undefined : v.text, from };
  }
  if (info.openApi) return { kind: 'unknown', explicit: false, from: 'api' };
  return { kind: 'none', explicit: false, from: 'default' };
}

function samEventSettings(ev: EventModel): YMap | undefined {
  return isMap(ev.properties) && !intrinsicName(ev.properties) ? ev.properties : undefined;
}

function samApiEvent(model: ConfigModel, sam: SamContext, fn: FunctionModel, ev: EventModel): Endpoint | undefined {
  const settings = samEventSettings(ev);
  if (!settings) return undefined;
  const method = normMethod(stringValue(get(settings, 'Method')));
  const path = stringValue(get(settings, 'Path'));
  const info = samApiInfo(sam, ev, 'Api');
  const auth = samEffectiveAuth(model, ev, info, 'Api');
  const e: Endpoint = {
    kind: 'rest',
    source: 'sam',
    method,
    path,
    label: label(method, path),
    functionId: fn.id,
    reportNode: ev.keyNode ?? ev.node,
    event: ev,
    settings,
    keyNode: ev.keyNode,
    auth,
    api: info.api,
  };
  const evKey = getPair(get(settings, 'Auth'), 'ApiKeyRequired');
  if (evKey) {
    if (literalTrue(evKey.value)) e.apiKey = evKey.key;
  } else {
    const apiKey = getPair(info.auth, 'ApiKeyRequired');
    if (apiKey && literalTrue(apiKey.value)) e.apiKey = apiKey.key;
  }
  // RequestModel validates the body only with `ValidateBody: true` (the translator adds a validator
  // only when ValidateBody or ValidateParameters is set, and then ValidateBody defaults to false).
  const rm = get(settings, 'RequestModel');
  if (info.external || info.openApi) e.validation = { body: 'unknown' };
  else if (rm == null) e.validation = { body: false, reason: 'no `RequestModel`' };
  else if (!isMap(rm) || intrinsicName(rm)) e.validation = { body: 'unknown', node: rm };
  else {
    const vb = get(rm, 'ValidateBody');
    if (literalTrue(vb)) e.validation = { body: true, node: vb! };
    else if (vb != null && !isScalar(vb)) e.validation = { body: 'unknown', node: vb };
    else e.validation = { body: false, node: vb ?? rm, reason: vb == null ? '`RequestModel` without `ValidateBody: true` (the model is only documentation then)' : '`ValidateBody` is not true' };
  }
  return e;
}

function samHttpApiEvent(model: ConfigModel, sam: SamContext, fn: FunctionModel, ev: EventModel): Endpoint | undefined {
  const settings = isMap(ev.properties) && !intrinsicName(ev.properties) ? ev.properties : undefined;
  if (ev.properties != null && !settings) return undefined;
  const m = settings ? stringValue(get(settings, 'Method')) : undefined;
  const path = settings ? stringValue(get(settings, 'Path')) : undefined;
  const method = normMethod(m) ?? 'ANY';
  const info = samApiInfo(sam, ev, 'HttpApi');
  const auth = samEffectiveAuth(model, ev, info, 'HttpApi');
  const route = path ? `${method} ${path}` : '$default';
  return {
    kind: 'http',
    source: 'sam',
    method,
    path,
    route,
    label: path ? label(method, path) : '$default (catch-all)',
    functionId: fn.id,
    reportNode: ev.keyNode ?? ev.node,
    event: ev,
    settings,
    keyNode: ev.keyNode,
    auth,
    api: info.api,
  };
}

function samUrl(fn: FunctionModel, r: ResourceModel): Endpoint | undefined {
  if (!fn.url || !isMap(fn.url.node)) return undefined;
  const u = fn.url;
  const kind: AuthKind = u.authType === 'NONE' ? 'none' : u.authType === 'AWS_IAM' ? 'iam' : 'unknown';
  const localCfg = get(r.properties, 'FunctionUrlConfig');
  const keyNode = getPair(r.properties, 'FunctionUrlConfig')?.key;
  return {
    kind: 'url',
    source: 'sam',
    label: `function URL of ${fn.id}`,
    functionId: fn.id,
    reportNode: u.authNode ?? keyNode ?? r.keyNode,
    settings: isMap(localCfg) ? localCfg : undefined,
    resource: r,
    keyNode,
    auth: { kind, explicit: u.authType === 'NONE', node: u.authNode ?? undefined, from: 'route' },
  };
}

// --- CloudFormation --------------------------------------------------------------------------

function props(r: ResourceModel): YMap | undefined {
  return isMap(r.properties) && !intrinsicName(r.properties) ? r.properties : undefined;
}

function resourceById(model: ConfigModel, n: YNode | null | undefined, type?: string): ResourceModel | undefined {
  const id = referencedLogicalId(n);
  if (!id) return undefined;
  return model.resources.find((r) => r.id === id && (!type || r.type === type));
}

/** `/orders/{id}` from the chain of `AWS::ApiGateway::Resource` PathParts. */
function restPath(model: ConfigModel, resourceId: YNode | null | undefined): string | undefined {
  if (resourceId == null) return undefined;
  if (intrinsicName(resourceId) === 'Fn::GetAtt') return '/'; // !GetAtt Api.RootResourceId
  const parts: string[] = [];
  let cur = resourceById(model, resourceId, 'AWS::ApiGateway::Resource');
  for (let i = 0; cur && i < 20; i++) {
    const part = stringValue(get(cur.properties, 'PathPart'));
    if (part === undefined) return undefined;
    parts.unshift(part);
    const parent = get(cur.properties, 'ParentId');
    if (intrinsicName(parent) === 'Fn::GetAtt') return '/' + parts.join('/');
    cur = resourceById(model, parent, 'AWS::ApiGateway::Resource');
  }
  return undefined;
}

function cfnMethod(model: ConfigModel, r: ResourceModel): Endpoint | undefined {
  const p = props(r);
  if (!p) return undefined;
  const method = normMethod(stringValue(get(p, 'HttpMethod')));
  const path = restPath(model, get(p, 'ResourceId'));
  const atPair = getPair(p, 'AuthorizationType');
  let auth: EndpointAuth;
  if (!atPair || atPair.value == null || (isScalar(atPair.value) && atPair.value.value === null)) {
    auth = get(p, 'AuthorizerId') != null ? { kind: 'authorizer', explicit: false, from: 'route' } : { kind: 'none', explicit: false, from: 'default' };
  } else {
    const v = model.value(atPair.value);
    const t = v?.kind === 'literal' ? v.text?.toUpperCase() : undefined;
    const kind: AuthKind = t === 'NONE' ? 'none' : t === 'AWS_IAM' ? 'iam' : t === 'CUSTOM' ? 'lambda' : t === 'COGNITO_USER_POOLS' ? 'cognito' : 'unknown';
    auth = { kind, explicit: t === 'NONE', node: atPair.value, from: 'route' };
  }
  const e: Endpoint = {
    kind: 'rest',
    source: 'cfn',
    method,
    path,
    label: path ? `${method ?? 'ANY'} ${path}` : (method ?? 'ANY'),
    reportNode: r.keyNode,
    settings: p,
    resource: r,
    api: resourceById(model, get(p, 'RestApiId'), 'AWS::ApiGateway::RestApi'),
    auth,
  };
  // a Lambda proxy integration: the function of this template it invokes (its handler gets the request event)
  const integration = get(p, 'Integration');
  if (stringValue(get(integration, 'Type'))?.toUpperCase() === 'AWS_PROXY') {
    const fn = integrationUriFunction(model, get(integration, 'Uri'));
    if (fn) e.functionId = fn;
  }
  const key = getPair(p, 'ApiKeyRequired');
  if (key && literalTrue(key.value)) e.apiKey = key.key;
  e.validation = cfnValidation(model, p);
  return e;
}

function cfnValidation(model: ConfigModel, p: YMap): RequestValidation {
  const vid = get(p, 'RequestValidatorId');
  if (vid == null) return { body: false, reason: 'no `RequestValidatorId`' };
  const validator = resourceById(model, vid, 'AWS::ApiGateway::RequestValidator');
  if (!validator) return { body: 'unknown', node: vid };
  const vb = get(validator.properties, 'ValidateRequestBody');
  if (!literalTrue(vb)) {
    if (vb != null && !isScalar(vb)) return { body: 'unknown', node: vb };
    return { body: false, node: vid, reason: `validator \`${validator.id}\` does not set \`ValidateRequestBody: true\`` };
  }
  const models = get(p, 'RequestModels');
  if (models == null || (isMap(models) && models.entries.length === 0)) return { body: false, node: vid, reason: 'a body validator but no `RequestModels` to validate against' };
  return { body: true, node: vid };
}

function v2ApiOf(model: ConfigModel, p: YMap): ResourceModel | undefined {
  return resourceById(model, get(p, 'ApiId'), 'AWS::ApiGatewayV2::Api');
}

function cfnRoute(model: ConfigModel, r: ResourceModel): Endpoint | undefined {
  const p = props(r);
  if (!p) return undefined;
  const routeKey = stringValue(get(p, 'RouteKey'));
  if (!routeKey) return undefined;
  const api = v2ApiOf(model, p);
  const protocol = api ? stringValue(get(api.properties, 'ProtocolType'))?.toUpperCase() : undefined;
  const websocket = protocol === 'WEBSOCKET' || (!protocol && routeKey.startsWith('$') && routeKey !== '$default');
  const atPair = getPair(p, 'AuthorizationType');
  let auth: EndpointAuth;
  if (websocket && routeKey !== '$connect') auth = { kind: 'connection', explicit: false, from: 'default' };
  else if (!atPair || atPair.value == null || (isScalar(atPair.value) && atPair.value.value === null)) auth = { kind: 'none', explicit: false, from: 'default' };
  else {
    const v = model.value(atPair.value);
    const t = v?.kind === 'literal' ? v.text?.toUpperCase() : undefined;
    const kind: AuthKind = t === 'NONE' ? 'none' : t === 'AWS_IAM' ? 'iam' : t === 'CUSTOM' ? 'lambda' : t === 'JWT' ? 'jwt' : 'unknown';
    auth = { kind, explicit: t === 'NONE', node: atPair.value, from: 'route' };
  }
  const { method, path } = websocket || routeKey === '$default' ? { method: undefined, path: undefined } : splitRoute(routeKey);
  const e: Endpoint = {
    kind: websocket ? 'websocket' : 'http',
    source: 'cfn',
    method: websocket ? undefined : (method ?? 'ANY'),
    path,
    route: routeKey,
    label: routeKey,
    reportNode: r.keyNode,
    settings: p,
    resource: r,
    api,
    auth,
  };
  const key = getPair(p, 'ApiKeyRequired');
  if (key && literalTrue(key.value)) e.apiKey = key.key;
  return e;
}

/** Quick-create HTTP API (`Target` on the Api): a `$default` route with no authorization. */
function cfnQuickCreate(r: ResourceModel): Endpoint | undefined {
  const p = props(r);
  const target = p ? getPair(p, 'Target') : undefined;
  if (!p || !target) return undefined;
  const protocol = stringValue(get(p, 'ProtocolType'))?.toUpperCase();
  if (protocol && protocol !== 'HTTP') return undefined;
  const routeKey = stringValue(get(p, 'RouteKey')) ?? '$default';
  return {
    kind: 'http',
    source: 'cfn',
    method: 'ANY',
    route: routeKey,
    label: `${routeKey} (quick-create API ${r.id})`,
    reportNode: target.key,
    settings: p,
    resource: r,
    api: r,
    auth: { kind: 'none', explicit: false, from: 'default' },
  };
}

function cfnUrl(r: ResourceModel): Endpoint | undefined {
  const p = props(r);
  if (!p) return undefined;
  const atPair = getPair(p, 'AuthType');
  const t = stringValue(atPair?.value)?.toUpperCase();
  const kind: AuthKind = t === 'NONE' ? 'none' : t === 'AWS_IAM' ? 'iam' : 'unknown';
  const target = referencedLogicalId(get(p, 'TargetFunctionArn'));
  const e: Endpoint = {
    kind: 'url',
    source: 'cfn',
    label: `function URL ${r.id}${target ? ` of ${target}` : ''}`,
    functionId: target,
    reportNode: atPair?.value ?? r.keyNode,
    settings: p,
    resource: r,
    auth: { kind, explicit: t === 'NONE', node: atPair?.value ?? undefined, from: 'route' },
  };
  const cors = get(p, 'Cors');
  if (cors != null) e.cors = v2StyleCors(cors, `${r.where}.${r.id}.Properties.Cors`, 'AllowOrigins', 'AllowCredentials', false, false);
  return e;
}

// --- CORS (API level) --------------------------------------------------------------------------

/**
 * Every CORS configuration in the file: per-endpoint (`http.cors`, function URLs) and API-level
 * (`provider.httpApi.cors`, SAM `Cors`/`CorsConfiguration` on APIs and in Globals, CFN
 * `AWS::ApiGatewayV2::Api.CorsConfiguration`).
 */
export function corsConfigsOf(model: ConfigModel): CorsInfo[] {
  const out: CorsInfo[] = [];
  const seen = new Set<YNode>();
  const add = (c: CorsInfo | undefined) => {
    if (c && !seen.has(c.node)) {
      seen.add(c.node);
      out.push(c);
    }
  };
  if (!isAwsServerless(model)) return out;
  for (const e of endpointsOf(model)) add(e.cors);
  if (model.kind === 'serverless') {
    const c = get(get(get(model.root, 'provider'), 'httpApi'), 'cors');
    if (c != null) add(v2StyleCors(c, 'provider.httpApi.cors', 'allowedOrigins', 'allowCredentials', true));
  }
  if (model.kind === 'sam') {
    const g = get(model.root, 'Globals');
    const ga = get(get(g, 'Api'), 'Cors');
    if (ga != null) add(samRestCors(ga, 'Globals.Api.Cors'));
    const gh = get(get(g, 'HttpApi'), 'CorsConfiguration');
    if (gh != null) add(v2StyleCors(gh, 'Globals.HttpApi.CorsConfiguration', 'AllowOrigins', 'AllowCredentials', true, false));
    const gf = get(get(g, 'Function'), 'FunctionUrlConfig');
    const gfc = get(gf, 'Cors');
    if (gfc != null) add(v2StyleCors(gfc, 'Globals.Function.FunctionUrlConfig.Cors', 'AllowOrigins', 'AllowCredentials', false, false));
  }
  for (const r of model.resources) {
    const where = `${r.where}.${r.id}.Properties`;
    if (r.type === 'AWS::Serverless::Api') {
      const c = get(r.properties, 'Cors');
      if (c != null) add(samRestCors(c, `${where}.Cors`));
    } else if (r.type === 'AWS::Serverless::HttpApi') {
      const c = get(r.properties, 'CorsConfiguration');
      if (c != null) add(v2StyleCors(c, `${where}.CorsConfiguration`, 'AllowOrigins', 'AllowCredentials', true, false));
    } else if (r.type === 'AWS::ApiGatewayV2::Api') {
      const c = get(r.properties, 'CorsConfiguration');
      if (c != null) add(v2StyleCors(c, `${where}.CorsConfiguration`, 'AllowOrigins', 'AllowCredentials', false, false));
    } else if (r.type === 'AWS::Serverless::Function') {
      const c = get(get(r.properties, 'FunctionUrlConfig'), 'Cors');
      if (c != null) add(v2StyleCors(c, `${where}.FunctionUrlConfig.Cors`, 'AllowOrigins', 'AllowCredentials', false, false));
    }
  }
  return out.filter((c) => !!c);
}

/** SAM REST `Cors`: `"'*'"` (origin only) or `{AllowOrigin: "'*'", AllowCredentials: true}`. */
function samRestCors(cors: YNode, where: string): CorsInfo | undefined {
  const star = (n: YNode | null | undefined) => {
    const s = stringValue(n)?.trim();
    return s === "'*'" || s === '*';
  };
  if (isScalar(cors)) return star(cors) ? { node: cors, wildcard: cors, where } : { node: cors, where };
  if (!isMap(cors) || intrinsicName(cors)) return undefined;
  const info: CorsInfo = { node: cors, where };
  const o = get(cors, 'AllowOrigin');
  if (star(o)) info.wildcard = o!;
  const cred = get(cors, 'AllowCredentials');
  if (literalTrue(cred)) info.credentials = cred!;
  return info;
}
