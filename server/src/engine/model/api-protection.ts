/**
 * What protects an API besides an authorizer: a resource policy that admits only some callers
 * (VPC endpoints, VPCs, IP ranges, accounts, an organisation), mutual TLS on a custom domain with
 * the default `execute-api` endpoint disabled, and `x-amazon-apigateway-*` security declared in an
 * inline OpenAPI body. Read by `endpoints.ts`; rules see the result as the endpoint's auth kind
 * (`resource-policy`, `mtls`, `openapi`).
 *
 * Also: which Serverless Framework providers create API Gateway endpoints at all (only `aws`).
 */
import { asList, get, intrinsicArg, intrinsicName, isMap, isScalar, stringValue, type YMap, type YNode } from '../yaml/ast';
import { referencedLogicalId } from './cfn';
import type { ConfigModel, ResourceModel } from './types';

/**
 * Condition keys that identify the caller's network or identity: a statement conditioned on one of
 * them admits only those callers. Time (`aws:CurrentTime`), TLS (`aws:SecureTransport`) and
 * similar keys do not narrow who can call. Source: IAM global condition context keys
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html) and
 * API Gateway resource policy examples
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html).
 */
export const CALLER_CONDITION_KEYS: readonly string[] = [
  'aws:sourcevpce', // private APIs: the VPC endpoint the request came through
  'aws:sourcevpc', // the VPC of that endpoint
  'aws:sourceip', // public IP ranges
  'aws:vpcsourceip', // IPs inside a VPC
  'aws:principalorgid', // callers of one AWS Organization
  'aws:principalorgpaths',
  'aws:principalaccount', // callers of given accounts
  'aws:principalarn', // given roles/users
  'aws:userid',
  'aws:sourcearn', // a given AWS resource (e.g. an EventBridge rule) as the caller
  'aws:sourceaccount',
];

/**
 * SAM `Auth.ResourcePolicy` shorthands that admit only listed callers. The `*Blacklist` forms deny
 * some callers and admit everyone else, so they do not protect a route. Source: SAM
 * ResourcePolicyStatement (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-resourcepolicystatement.html).
 */
export const SAM_POLICY_ALLOWLISTS: readonly string[] = [
  'AwsAccountWhitelist',
  'IpRangeWhitelist',
  'SourceVpcWhitelist',
  'IntrinsicVpcWhitelist',
  'IntrinsicVpceWhitelist',
];

/**
 * Serverless Framework providers that deploy to AWS (only those get API Gateway endpoints). Source:
 * https://www.serverless.com/framework/docs/providers — `google`, `azure`, `openwhisk`, `kubeless`,
 * `cloudflare`, `fn`, `aliyun`, `tencent`, `knative`, `spotinst` create no API Gateway.
 */
export const AWS_PROVIDERS: readonly string[] = ['aws'];

/** The serverless.yml deploys to AWS: `provider.name: aws`, or no/computed provider name. */
export function isAwsServerless(model: ConfigModel): boolean {
  if (model.kind !== 'serverless') return true;
  const prov = get(model.root, 'provider');
  const name = isScalar(prov) ? prov : get(prov, 'name');
  const s = stringValue(name);
  if (s === undefined || s.includes('${')) return true;
  return AWS_PROVIDERS.includes(s.trim().toLowerCase());
}

export interface Protection {
  kind: 'resource-policy' | 'mtls' | 'openapi';
  /** The node that protects (the condition key, the allowlist, the domain's MutualTlsAuthentication). */
  node: YNode;
  /** "a resource policy that admits only VPC endpoint ApiVPCEndpoint (aws:SourceVpce)". */
  detail: string;
}

/** Unwraps `Fn::ToJsonString` around a policy document. */
function policyDoc(n: YNode | null | undefined): YNode | null | undefined {
  if (intrinsicName(n) === 'Fn::ToJsonString') return intrinsicArg(n);
  return n;
}

function callerConditionKey(st: YNode): YNode | undefined {
  const cond = get(st, 'Condition');
  if (!isMap(cond)) return undefined;
  for (const op of cond.entries) {
    if (!isMap(op.value)) continue;
    for (const k of op.value.entries) {
      const key = String(k.key.value).toLowerCase();
      if (CALLER_CONDITION_KEYS.includes(key)) return k.key;
    }
  }
  return undefined;
}

function principalIsEveryone(st: YNode): boolean {
  const p = get(st, 'Principal');
  if (p == null) return true;
  if (isScalar(p)) return stringValue(p) === '*';
  const aws = get(p, 'AWS');
  if (aws == null) return false; // a service principal
  return asList(aws).some((x) => stringValue(x) === '*');
}

/**
 * A policy document (or statement list) that admits only identified callers: a Deny conditioned on
 * a caller key (`StringNotEquals aws:SourceVpce`), or every Allow conditioned on one or naming its
 * principals. Undefined when anyone can still call.
 */
export function restrictingPolicy(doc: YNode | null | undefined): { node: YNode; key: string } | undefined {
  const d = policyDoc(doc);
  const stmts = isMap(d) && !intrinsicName(d) ? asList(get(d, 'Statement')) : asList(d);
  const allows: YNode[] = [];
  for (const st of stmts) {
    if (!isMap(st)) continue;
    const effect = stringValue(get(st, 'Effect'));
    const key = callerConditionKey(st);
    if (effect === 'Deny' && key && principalIsEveryone(st)) return { node: key, key: stringValue(key) ?? '' };
    if (effect === 'Allow') allows.push(st);
  }
  if (!allows.length) return undefined;
  let first: { node: YNode; key: string } | undefined;
  for (const a of allows) {
    const key = callerConditionKey(a);
    if (key) first ??= { node: key, key: stringValue(key) ?? '' };
    else if (!principalIsEveryone(a)) first ??= { node: get(a, 'Principal')!, key: 'Principal' };
    else return undefined;
  }
  return first;
}

function describeKey(key: string): string {
  const k = key.toLowerCase();
  if (k === 'aws:sourcevpce') return 'only the listed VPC endpoints (aws:SourceVpce)';
  if (k === 'aws:sourcevpc') return 'only the listed VPCs (aws:SourceVpc)';
  if (k === 'aws:sourceip' || k === 'aws:vpcsourceip') return `only the listed IP ranges (${key})`;
  if (k === 'principal') return 'only the listed principals';
  return `only callers matching ${key}`;
}

function fromPolicy(doc: YNode | null | undefined, where: string): Protection | undefined {
  const r = restrictingPolicy(doc);
  return r ? { kind: 'resource-policy', node: r.node, detail: `${where} admits ${describeKey(r.key)}` } : undefined;
}

/** SAM `Auth.ResourcePolicy`: allowlist shorthands or `CustomStatements`. */
export function samResourcePolicy(rp: YNode | null | undefined): Protection | undefined {
  if (!isMap(rp) || intrinsicName(rp)) return undefined;
  for (const k of SAM_POLICY_ALLOWLISTS) {
    const v = get(rp, k);
    if (v != null) return { kind: 'resource-policy', node: v, detail: `the API's resource policy (Auth.ResourcePolicy.${k}) admits only the listed callers` };
  }
  return fromPolicy(get(rp, 'CustomStatements'), "the API's resource policy (Auth.ResourcePolicy.CustomStatements)");
}

/** `x-amazon-apigateway-*` security in an inline OpenAPI body (`DefinitionBody` / `Body`). */
function openApiProtection(body: YNode | null | undefined, method?: string, path?: string): Protection | undefined {
  if (!isMap(body) || intrinsicName(body)) return undefined;
  const pol = get(body, 'x-amazon-apigateway-policy');
  if (pol != null) {
    const p = fromPolicy(pol, 'the OpenAPI body\'s x-amazon-apigateway-policy');
    if (p) return p;
  }
  const schemes = get(get(body, 'components'), 'securitySchemes') ?? get(body, 'securityDefinitions');
  const awsSchemes = new Set<string>();
  if (isMap(schemes)) {
    for (const s of schemes.entries) {
      if (isMap(s.value) && (get(s.value, 'x-amazon-apigateway-authtype') != null || get(s.value, 'x-amazon-apigateway-authorizer') != null)) awsSchemes.add(String(s.key.value));
    }
  }
  if (!awsSchemes.size) return undefined;
  const secured = (sec: YNode | null | undefined): YNode | undefined =>
    asList(sec).find((req) => isMap(req) && req.entries.some((e) => awsSchemes.has(String(e.key.value))));
  let op: YNode | null | undefined;
  if (path) {
    const p = get(get(body, 'paths'), path);
    op = get(p, (method ?? 'x-amazon-apigateway-any-method').toLowerCase()) ?? get(p, 'x-amazon-apigateway-any-method');
  }
  const opSec = get(op, 'security');
  const hit = opSec != null ? secured(opSec) : secured(get(body, 'security'));
  return hit ? { kind: 'openapi', node: hit, detail: `the OpenAPI body requires ${[...awsSchemes].join(', ')} (x-amazon-apigateway-authtype / -authorizer)` } : undefined;
}

function literalTrue(n: YNode | null | undefined): boolean {
  return isScalar(n) && (n.value === true || (typeof n.value === 'string' && n.value.toLowerCase() === 'true'));
}

const DOMAIN_TYPES = new Set(['AWS::ApiGateway::DomainName', 'AWS::ApiGatewayV2::DomainName', 'AWS::ApiGateway::DomainNameV2']);
const MAPPING_TYPES: Record<string, string> = {
  'AWS::ApiGateway::BasePathMapping': 'RestApiId',
  'AWS::ApiGateway::BasePathMappingV2': 'RestApiId',
  'AWS::ApiGatewayV2::ApiMapping': 'ApiId',
};

/** Same value: same `!Ref`, or same literal. */
function sameRef(a: YNode | null | undefined, b: YNode | null | undefined): boolean {
  const ra = referencedLogicalId(a) ?? stringValue(a);
  const rb = referencedLogicalId(b) ?? stringValue(b);
  return !!ra && ra === rb;
}

/**
 * Mutual TLS: the API's default endpoint is disabled (`DisableExecuteApiEndpoint: true`) and the API
 * is served through a custom domain with `MutualTlsAuthentication` (SAM `Domain`, or a CFN
 * DomainName mapped to the API).
 */
function mtlsProtection(model: ConfigModel, api: ResourceModel): Protection | undefined {
  const p = api.properties;
  if (!literalTrue(get(p, 'DisableExecuteApiEndpoint'))) return undefined;
  const samTls = get(get(p, 'Domain'), 'MutualTlsAuthentication');
  if (samTls != null) return { kind: 'mtls', node: samTls, detail: 'clients must present a certificate (Domain.MutualTlsAuthentication) and the default execute-api endpoint is disabled' };
  for (const m of model.resources) {
    const apiKey = MAPPING_TYPES[m.type];
    if (!apiKey || referencedLogicalId(get(m.properties, apiKey)) !== api.id) continue;
    const dn = get(m.properties, 'DomainName') ?? get(m.properties, 'DomainNameArn');
    for (const d of model.resources) {
      if (!DOMAIN_TYPES.has(d.type)) continue;
      const tls = get(d.properties, 'MutualTlsAuthentication');
      if (tls == null) continue;
      if (referencedLogicalId(dn) === d.id || sameRef(dn, get(d.properties, 'DomainName'))) {
        return { kind: 'mtls', node: tls, detail: `clients must present a certificate (${d.id}.MutualTlsAuthentication) and the default execute-api endpoint is disabled` };
      }
    }
  }
  return undefined;
}

/** What protects an API resource (SAM Api/HttpApi, CFN RestApi / V2 Api), for one route of it. */
export function apiProtection(model: ConfigModel, api: ResourceModel, method?: string, path?: string): Protection | undefined {
  const p = api.properties;
  if (!isMap(p)) return undefined;
  if (api.type === 'AWS::Serverless::Api' || api.type === 'AWS::Serverless::HttpApi') {
    const rp = samResourcePolicy(get(get(p, 'Auth'), 'ResourcePolicy'));
    if (rp) return rp;
  } else if (api.type === 'AWS::ApiGateway::RestApi') {
    const rp = fromPolicy(get(p, 'Policy'), "the API's resource policy (Policy)");
    if (rp) return rp;
  }
  return mtlsProtection(model, api) ?? openApiProtection(get(p, 'DefinitionBody') ?? get(p, 'Body'), method, path);
}

/** Serverless Framework REST API (`http` events): `provider.apiGateway.resourcePolicy` (v3+) or `provider.resourcePolicy` (v1/v2). */
export function slsRestProtection(model: ConfigModel): Protection | undefined {
  const prov = get(model.root, 'provider') as YMap | undefined;
  const v3 = get(get(prov, 'apiGateway'), 'resourcePolicy');
  if (v3 != null) return fromPolicy(v3, 'the API\'s resource policy (provider.apiGateway.resourcePolicy)');
  const v1 = get(prov, 'resourcePolicy');
  if (v1 != null) return fromPolicy(v1, 'the API\'s resource policy (provider.resourcePolicy)');
  return undefined;
}
