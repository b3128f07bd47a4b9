/**
 * API Gateway routes written only in an OpenAPI / Swagger body: SAM `DefinitionBody` on
 * `AWS::Serverless::Api` / `HttpApi`, CloudFormation `Body` on `AWS::ApiGateway::RestApi` /
 * `AWS::ApiGatewayV2::Api` (also under serverless.yml `resources.Resources`). Each operation becomes
 * an endpoint record of the shape model/endpoints.ts uses (`source: 'openapi'`), reported at the
 * operation's key.
 *
 * Per operation, what API Gateway does (Developer Guide, "OpenAPI extensions to API Gateway"):
 *  - `security` on the operation, else `x-amazon-apigateway-auth` on the operation, else the root
 *    `security`; each requirement names a scheme of `securityDefinitions` (Swagger 2) or
 *    `components.securitySchemes` (OpenAPI 3). A scheme with `x-amazon-apigateway-authorizer` is
 *    a Lambda (`token`/`request`), Cognito (`cognito_user_pools`) or JWT (`jwt`) authorizer;
 *    `x-amazon-apigateway-authtype: awsSigv4` is IAM; a bare `apiKey` scheme is an API key.
 *  - SAM `Auth.DefaultAuthorizer` (or Globals) is added by SAM to the body's operations.
 *  - `x-amazon-apigateway-request-validator` (operation, else root) names an entry of the root
 *    `x-amazon-apigateway-request-validators` map; it validates the body when that entry has
 *    `validateRequestBody: true`.
 *
 * A body given by `DefinitionUri`, `BodyS3Location` or an `Fn::Transform` (AWS::Include) is not
 * read here: those APIs keep `unknown` auth on their events, never "none".
 */
import { get, getPair, intrinsicArg, intrinsicName, isMap, isScalar, isSeq, stringValue, type YMap, type YNode, type YScalar } from '../yaml/ast';
import { mergeGlobal, referencedLogicalId } from './cfn';
import type { AuthKind, Endpoint, EndpointAuth, RequestValidation } from './endpoints';
import type { ConfigModel, ResourceModel } from './types';

/** Where the body of each API type lives, and which endpoint kind its routes are. */
const BODY_PROPERTY: Record<string, { key: string; kind: 'rest' | 'http'; sam: boolean }> = {
  'AWS::Serverless::Api': { key: 'DefinitionBody', kind: 'rest', sam: true },
  'AWS::Serverless::HttpApi': { key: 'DefinitionBody', kind: 'http', sam: true },
  'AWS::ApiGateway::RestApi': { key: 'Body', kind: 'rest', sam: false },
  'AWS::ApiGatewayV2::Api': { key: 'Body', kind: 'http', sam: false },
};

const METHODS: Record<string, string> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  patch: 'PATCH',
  'x-amazon-apigateway-any-method': 'ANY',
};

export interface OpenApiBody {
  api: ResourceModel;
  body: YMap;
  kind: 'rest' | 'http';
  sam: boolean;
}

export interface OpenApiOperation {
  body: OpenApiBody;
  method: string;
  path: string;
  methodKey: YScalar;
  op: YMap;
}

/** Every inline OpenAPI body of the file (a map, not an intrinsic). */
export function openApiBodies(model: ConfigModel): OpenApiBody[] {
  const out: OpenApiBody[] = [];
  for (const r of model.resources) {
    const spec = BODY_PROPERTY[r.type];
    if (!spec) continue;
    const body = get(r.properties, spec.key);
    if (!isMap(body) || intrinsicName(body)) continue;
    if (get(body, 'paths') == null && get(body, 'swagger') == null && get(body, 'openapi') == null) continue;
    out.push({ api: r, body, kind: spec.kind, sam: spec.sam });
  }
  return out;
}

/** Every operation of a body, in document order. */
export function operationsOf(b: OpenApiBody): OpenApiOperation[] {
  const out: OpenApiOperation[] = [];
  const paths = get(b.body, 'paths');
  if (!isMap(paths) || intrinsicName(paths)) return out;
  for (const p of paths.entries) {
    if (!isMap(p.value) || intrinsicName(p.value)) continue;
    const path = String(p.key.value);
    for (const m of p.value.entries) {
      const method = METHODS[String(m.key.value).toLowerCase()];
      if (!method || !isMap(m.value)) continue;
      out.push({ body: b, method, path, methodKey: m.key, op: m.value });
    }
  }
  return out;
}

/** The endpoints of every inline body in the file. */
export function openApiEndpoints(model: ConfigModel): Endpoint[] {
  const out: Endpoint[] = [];
  for (const b of openApiBodies(model)) out.push(...bodyEndpoints(model, b));
  return out;
}

/** The endpoints of one body (inline, or a local file's tree: then the nodes are in that file). */
export function bodyEndpoints(model: ConfigModel, b: OpenApiBody): Endpoint[] {
  const out: Endpoint[] = [];
  if (b.body) {
    const schemes = schemesOf(b.body);
    const samDefault = b.sam ? samDefaultAuthorizer(model, b) : undefined;
    const restricted = restrictedApi(b);
    const eventAuth = b.sam ? samEventAuthorizers(model, b) : undefined;
    const eventValidated = b.sam ? samEventValidators(model, b) : undefined;
    for (const o of operationsOf(b)) {
      const integration = get(o.op, 'x-amazon-apigateway-integration');
      if (stringValue(get(integration, 'type'))?.toLowerCase() === 'mock') continue; // answers in API Gateway, invokes nothing
      const e: Endpoint = {
        kind: b.kind,
        source: 'openapi',
        method: o.method,
        path: o.path,
        route: b.kind === 'http' ? `${o.method} ${o.path}` : undefined,
        label: `${o.method} ${o.path}`,
        functionId: integrationFunction(model, integration),
        reportNode: o.methodKey,
        settings: o.op,
        resource: b.api,
        keyNode: o.methodKey,
        auth: operationAuth(model, b, o.op, schemes, samDefault),
      };
      // SAM writes an event's `Auth.Authorizer` into the body's matching operation.
      const evAuth = eventAuth?.get(`${o.method} ${o.path}`) ?? eventAuth?.get(`ANY ${o.path}`);
      if (evAuth && !getPair(o.op, 'security')) {
        // An explicit `Authorizer: NONE` on the event is already that event's endpoint (endpoints.ts): one route, one record.
        if (evAuth.kind === 'none') continue;
        e.auth = evAuth;
      }
      // A private API or a resource policy decides who may call: not "anyone" (unknown here).
      if (restricted && e.auth.kind === 'none' && !e.auth.explicit) e.auth = { kind: 'unknown', explicit: false, node: restricted, from: 'api' };
      const key = apiKeyNode(o.op, b.body, schemes);
      if (key && e.auth.kind === 'none' && !e.auth.explicit) e.apiKey = key;
      if (b.kind === 'rest') e.validation = validationOf(model, b.body, o.op);
      // …and the event's `RequestModel` with `ValidateBody: true` as a validator.
      const evModel = eventValidated?.get(`${o.method} ${o.path}`);
      if (evModel && e.validation?.body === false) e.validation = { body: true, node: evModel };
      out.push(e);
    }
  }
  return out;
}

// --- authorization --------------------------------------------------------------------------

interface Scheme {
  name: string;
  keyNode: YScalar;
  node: YMap;
  kind: AuthKind;
  /** A plain API key scheme (`type: apiKey`, no authorizer, no SigV4). */
  apiKeyOnly: boolean;
  /** Declares an `x-amazon-apigateway-authorizer`. */
  authorizer: boolean;
}

function schemesOf(body: YMap): Map<string, Scheme> {
  const out = new Map<string, Scheme>();
  const sources = [get(body, 'securityDefinitions'), get(get(body, 'components'), 'securitySchemes')];
  for (const src of sources) {
    if (!isMap(src) || intrinsicName(src)) continue;
    for (const e of src.entries) {
      if (!isMap(e.value)) continue;
      out.set(String(e.key.value), { name: String(e.key.value), keyNode: e.key, node: e.value, ...schemeKind(e.value) });
    }
  }
  return out;
}

function schemeKind(s: YMap): { kind: AuthKind; apiKeyOnly: boolean; authorizer: boolean } {
  const authType = stringValue(get(s, 'x-amazon-apigateway-authtype'))?.toLowerCase();
  const authorizer = get(s, 'x-amazon-apigateway-authorizer');
  if (authType === 'awssigv4') return { kind: 'iam', apiKeyOnly: false, authorizer: false };
  if (isMap(authorizer)) {
    const t = stringValue(get(authorizer, 'type'))?.toLowerCase();
    const kind: AuthKind = t === 'token' || t === 'request' ? 'lambda' : t === 'cognito_user_pools' ? 'cognito' : t === 'jwt' ? 'jwt' : 'authorizer';
    return { kind, apiKeyOnly: false, authorizer: true };
  }
  if (authorizer != null) return { kind: 'unknown', apiKeyOnly: false, authorizer: true };
  const type = stringValue(get(s, 'type'))?.toLowerCase();
  if (type === 'apikey' && (authType === undefined || authType === 'apikey')) return { kind: 'none', apiKeyOnly: true, authorizer: false };
  // oauth2 / openIdConnect / http without an API Gateway authorizer: API Gateway enforces nothing
  // by itself, but the body may be completed elsewhere; stay unknown.
  return { kind: 'unknown', apiKeyOnly: false, authorizer: false };
}

function operationAuth(model: ConfigModel, b: OpenApiBody, op: YMap, schemes: Map<string, Scheme>, samDefault: EndpointAuth | undefined): EndpointAuth {
  const own = getPair(op, 'security');
  if (own) return securityAuth(own.value, schemes, 'route');
  const xauth = get(op, 'x-amazon-apigateway-auth');
  if (xauth != null) {
    const t = get(xauth, 'type');
    const v = model.value(t);
    if (v?.kind !== 'literal' || !v.text) return { kind: 'unknown', explicit: false, node: xauth, from: 'route' };
    const u = v.text.toUpperCase();
    if (u === 'NONE') return { kind: 'none', explicit: true, node: t!, from: 'route' };
    if (u === 'AWS_IAM') return { kind: 'iam', explicit: false, node: t!, from: 'route' };
    return { kind: 'unknown', explicit: false, node: t!, from: 'route' };
  }
  const root = getPair(b.body, 'security');
  if (root) return securityAuth(root.value, schemes, 'api');
  if (samDefault) return samDefault;
  return { kind: 'none', explicit: false, from: 'default' };
}

/** A `security` list: alternatives (OR) of requirement maps (AND of scheme names). */
function securityAuth(list: YNode | null, schemes: Map<string, Scheme>, from: 'route' | 'api'): EndpointAuth {
  if (!isSeq(list)) return { kind: 'unknown', explicit: false, node: list ?? undefined, from };
  if (list.items.length === 0) return { kind: 'none', explicit: true, node: list, from };
  let best: EndpointAuth | undefined;
  for (const req of list.items) {
    if (!isMap(req) || intrinsicName(req)) return { kind: 'unknown', explicit: false, node: req, from };
    // `{}` is an anonymous alternative: the operation can be called without credentials.
    if (req.entries.length === 0) return { kind: 'none', explicit: true, node: req, from };
    for (const e of req.entries) {
      const s = schemes.get(String(e.key.value));
      if (!s) return { kind: 'unknown', explicit: false, node: e.key, name: String(e.key.value), from };
      if (s.apiKeyOnly) continue;
      if (!best) best = { kind: s.kind, explicit: false, node: e.key, name: s.kind === 'iam' ? undefined : s.name, from };
    }
  }
  // Only API keys: an API key identifies, it does not authenticate (api-key-not-authentication).
  return best ?? { kind: 'none', explicit: false, node: list, from };
}

/** The node requiring an API key (a bare `apiKey` scheme in the effective security), if any. */
function apiKeyNode(op: YMap, body: YMap, schemes: Map<string, Scheme>): YNode | undefined {
  const list = getPair(op, 'security')?.value ?? get(body, 'security');
  if (!isSeq(list)) return undefined;
  for (const req of list.items) {
    if (!isMap(req)) continue;
    for (const e of req.entries) if (schemes.get(String(e.key.value))?.apiKeyOnly) return e.key;
  }
  return undefined;
}

/** SAM `Auth.DefaultAuthorizer` of the API (Globals merged), which SAM writes into the body. */
function samDefaultAuthorizer(model: ConfigModel, b: OpenApiBody): EndpointAuth | undefined {
  const which = b.api.type === 'AWS::Serverless::HttpApi' ? 'HttpApi' : 'Api';
  const globalAuth = model.kind === 'sam' ? get(get(get(model.root, 'Globals'), which), 'Auth') : undefined;
  const auth = mergeGlobal(globalAuth, get(b.api.properties, 'Auth'));
  const def = get(auth, 'DefaultAuthorizer');
  if (def == null) return undefined;
  const v = model.value(def);
  if (v?.kind !== 'literal' || !v.text) return { kind: 'unknown', explicit: false, node: def, from: 'api' };
  if (v.text === 'NONE') return { kind: 'none', explicit: true, node: def, from: 'api' };
  if (v.text === 'AWS_IAM') return { kind: 'iam', explicit: false, node: def, from: 'api' };
  return { kind: 'authorizer', explicit: false, node: def, name: v.text, from: 'api' };
}

/** The node making the API private or giving it a resource policy, if any. */
function restrictedApi(b: OpenApiBody): YNode | undefined {
  const p = b.api.properties;
  const policy = get(b.body, 'x-amazon-apigateway-policy') ?? get(p, 'Policy') ?? get(get(p, 'Auth'), 'ResourcePolicy');
  if (policy != null) return policy;
  const ec = get(p, 'EndpointConfiguration');
  if (ec == null) return undefined;
  const types = isMap(ec) ? [...(isSeq(get(ec, 'Types')) ? (get(ec, 'Types') as { items: YNode[] }).items : []), get(ec, 'Type')] : [ec];
  return types.some((t) => stringValue(t)?.toUpperCase() === 'PRIVATE') ? ec : undefined;
}

/** `METHOD /path` → the `Auth.Authorizer` of the SAM events on this API (SAM adds it to the body). */
function samEventAuthorizers(model: ConfigModel, b: OpenApiBody): Map<string, EndpointAuth> {
  const out = new Map<string, EndpointAuth>();
  const refKey = b.api.type === 'AWS::Serverless::HttpApi' ? 'ApiId' : 'RestApiId';
  for (const fn of model.functions) {
    for (const ev of fn.events) {
      if ((ev.type !== 'Api' && ev.type !== 'HttpApi') || referencedLogicalId(get(ev.properties, refKey)) !== b.api.id) continue;
      const a = get(get(ev.properties, 'Auth'), 'Authorizer');
      if (a == null) continue;
      const method = (stringValue(get(ev.properties, 'Method')) ?? 'ANY').toUpperCase();
      const path = stringValue(get(ev.properties, 'Path'));
      if (!path) continue;
      const v = model.value(a);
      const auth: EndpointAuth =
        v?.kind !== 'literal' || !v.text
          ? { kind: 'unknown', explicit: false, node: a, from: 'route' }
          : v.text === 'NONE'
            ? { kind: 'none', explicit: true, node: a, from: 'route' }
            : v.text === 'AWS_IAM'
              ? { kind: 'iam', explicit: false, node: a, from: 'route' }
              : { kind: 'authorizer', explicit: false, node: a, name: v.text, from: 'route' };
      out.set(`${method === '*' ? 'ANY' : method} ${path}`, auth);
    }
  }
  return out;
}

/** `METHOD /path` → the `RequestModel.ValidateBody: true` of the SAM events on this API. */
function samEventValidators(model: ConfigModel, b: OpenApiBody): Map<string, YNode> {
  const out = new Map<string, YNode>();
  for (const fn of model.functions) {
    for (const ev of fn.events) {
      if (ev.type !== 'Api' || referencedLogicalId(get(ev.properties, 'RestApiId')) !== b.api.id) continue;
      const vb = get(get(ev.properties, 'RequestModel'), 'ValidateBody');
      const path = stringValue(get(ev.properties, 'Path'));
      if (!path || !isScalar(vb) || (vb.value !== true && vb.value !== 'true')) continue;
      out.set(`${(stringValue(get(ev.properties, 'Method')) ?? 'ANY').toUpperCase()} ${path}`, vb);
    }
  }
  return out;
}

// --- validation -----------------------------------------------------------------------------

function validationOf(model: ConfigModel, body: YMap, op: YMap): RequestValidation {
  const ref = get(op, 'x-amazon-apigateway-request-validator') ?? get(body, 'x-amazon-apigateway-request-validator');
  if (ref == null) return { body: false, reason: 'no `x-amazon-apigateway-request-validator` on the operation or the API' };
  const v = model.value(ref);
  if (v?.kind !== 'literal' || !v.text) return { body: 'unknown', node: ref };
  const validators = get(body, 'x-amazon-apigateway-request-validators');
  const def = get(validators, v.text);
  if (!isMap(def)) return { body: 'unknown', node: ref };
  const vb = get(def, 'validateRequestBody');
  if (isScalar(vb) && (vb.value === true || vb.value === 'true')) return { body: true, node: ref };
  if (vb != null && !isScalar(vb)) return { body: 'unknown', node: vb };
  return { body: false, node: ref, reason: `validator \`${v.text}\` does not set \`validateRequestBody: true\`` };
}

// --- integration ------------------------------------------------------------------------------

/** `uri: !Sub arn:…/functions/${Fn.Arn}/invocations` → `Fn`, when Fn is a function of this file. */
function integrationFunction(model: ConfigModel, integration: YNode | null | undefined): string | undefined {
  return integrationUriFunction(model, get(integration, 'uri'));
}

/** The function of the template a Lambda integration URI invokes (`!GetAtt Fn.Arn`, `!Sub …${Fn.Arn}…`, `!Join` of one function's ARN). */
export function integrationUriFunction(model: ConfigModel, uri: YNode | null | undefined): string | undefined {
  if (uri == null) return undefined;
  const ids = new Set(model.functions.map((f) => f.id));
  const direct = referencedLogicalId(uri);
  if (direct && ids.has(direct)) return direct;
  // `!Join ['', ['arn:…:lambda:path/2015-03-31/functions/', !GetAtt Fn.Arn, '/invocations']]`
  if (intrinsicName(uri) === 'Fn::Join') {
    const arg = intrinsicArg(uri);
    const parts = isSeq(arg) && isSeq(arg.items[1]) ? arg.items[1].items : [];
    const hits = [...new Set(parts.map((p) => referencedLogicalId(p)).filter((id): id is string => !!id && ids.has(id)))];
    return hits.length === 1 ? hits[0] : undefined;
  }
  if (intrinsicName(uri) !== 'Fn::Sub') return undefined;
  const arg = intrinsicArg(uri);
  const s = isSeq(arg) ? stringValue(arg.items[0]) : stringValue(arg);
  if (!s) return undefined;
  // `!Sub [ '…${lambdaArn}…', { lambdaArn: !GetAtt Fn.Arn } ]`: a variable of the map
  const vars = isSeq(arg) ? arg.items[1] : undefined;
  for (let i = s.indexOf('${'); i >= 0; i = s.indexOf('${', i + 2)) {
    const end = s.indexOf('}', i);
    if (end < 0) break;
    const name = s.slice(i + 2, end).split('.')[0];
    if (ids.has(name)) return name;
    const v = isMap(vars) ? referencedLogicalId(get(vars, name)) : undefined;
    if (v && ids.has(v)) return v;
  }
  return undefined;
}

// --- authorizers attached to nothing ----------------------------------------------------------

export interface UnusedAuthorizer {
  name: string;
  /** The scheme key in the body, or the authorizer resource's logical id. */
  node: YScalar;
  where: string;
}

/** Body authorizer schemes no `security` requirement names, and authorizer resources nothing refers to. */
export function unusedAuthorizers(model: ConfigModel): UnusedAuthorizer[] {
  const out: UnusedAuthorizer[] = [];
  for (const b of openApiBodies(model)) {
    const schemes = schemesOf(b.body);
    const used = new Set<string>();
    const collect = (list: YNode | null | undefined) => {
      if (!isSeq(list)) return;
      for (const req of list.items) if (isMap(req)) for (const e of req.entries) used.add(String(e.key.value));
    };
    collect(get(b.body, 'security'));
    for (const o of operationsOf(b)) collect(get(o.op, 'security'));
    for (const s of schemes.values()) {
      if (s.authorizer && !used.has(s.name)) out.push({ name: s.name, node: s.keyNode, where: `the OpenAPI body of ${b.api.id}` });
    }
  }
  // SAM `Auth.Authorizers` of an explicit API: used by `DefaultAuthorizer`, an event's
  // `Auth.Authorizer` on this API, or a `security` requirement of its body.
  for (const r of model.resources) {
    if (r.type !== 'AWS::Serverless::Api' && r.type !== 'AWS::Serverless::HttpApi') continue;
    const auth = get(r.properties, 'Auth');
    const defs = get(auth, 'Authorizers');
    if (!isMap(defs) || intrinsicName(defs)) continue;
    const used = new Set<string>();
    const def = stringValue(get(auth, 'DefaultAuthorizer'));
    if (def) used.add(def);
    if (get(auth, 'DefaultAuthorizer') != null && def === undefined) continue; // computed: unknown
    const refKey = r.type === 'AWS::Serverless::HttpApi' ? 'ApiId' : 'RestApiId';
    for (const fn of model.functions) {
      for (const ev of fn.events) {
        if (referencedLogicalId(get(ev.properties, refKey)) !== r.id) continue;
        const a = get(get(ev.properties, 'Auth'), 'Authorizer');
        if (a != null && stringValue(a) === undefined) used.add('*'); // computed: could be any
        else if (stringValue(a)) used.add(stringValue(a)!);
      }
    }
    const body = get(r.properties, 'DefinitionBody');
    if (body != null) used.add('*'); // the body (inline or included) may name it in `security`
    if (used.has('*')) continue;
    for (const e of defs.entries) {
      const name = String(e.key.value);
      if (name !== 'AWS_IAM' && !used.has(name)) out.push({ name, node: e.key, where: `Auth.Authorizers of ${r.id}` });
    }
  }
  const authorizerTypes = new Set(['AWS::ApiGateway::Authorizer', 'AWS::ApiGatewayV2::Authorizer']);
  const candidates = model.resources.filter((r) => authorizerTypes.has(r.type));
  if (candidates.length) {
    const refs = referencedIds(model.root);
    for (const r of candidates) if (!refs.has(r.id)) out.push({ name: r.id, node: r.keyNode, where: r.type });
  }
  return out;
}

/** Every logical id the document refers to (`Ref`, `GetAtt`, `${X}` in `Sub`, `DependsOn`). */
function referencedIds(root: YNode): Set<string> {
  const out = new Set<string>();
  const addSub = (s: string | undefined) => {
    if (!s) return;
    for (let i = s.indexOf('${'); i >= 0; i = s.indexOf('${', i + 2)) {
      const end = s.indexOf('}', i);
      if (end < 0) break;
      out.add(s.slice(i + 2, end).split('.')[0]);
    }
  };
  const stack: YNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (isMap(n)) {
      const id = referencedLogicalId(n);
      if (id) out.add(id);
      if (intrinsicName(n) === 'Fn::Sub') {
        const arg = intrinsicArg(n);
        addSub(isSeq(arg) ? stringValue(arg.items[0]) : stringValue(arg));
      }
      for (const p of n.entries) {
        if (p.key.value === 'DependsOn') for (const d of isSeq(p.value) ? p.value.items : [p.value]) if (isScalar(d) && typeof d.value === 'string') out.add(d.value);
        if (p.value) stack.push(p.value);
      }
    } else if (isSeq(n)) for (const i of n.items) stack.push(i);
    else if (typeof n.value === 'string' && n.value.includes('${')) addSub(n.value); // serverless `${self:…}` / Sub bodies
  }
  return out;
}
