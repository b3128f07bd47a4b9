/**
 * Request mapping templates of API Gateway AWS *service* integrations (no Lambda in between: the
 * template is the code that builds the service request):
 *  - CloudFormation `AWS::ApiGateway::Method` `Integration` with `Type: AWS` and a service `Uri`;
 *  - OpenAPI bodies (model/openapi.ts) `x-amazon-apigateway-integration` with `type: aws`;
 *  - serverless.yml `custom.apiGatewayServiceProxies` (serverless-apigateway-service-proxy plugin)
 *    `request.template`.
 */
import { get, getPair, intrinsicArg, intrinsicName, isMap, isScalar, isSeq, stringValue, type YNode, type YScalar } from '../yaml/ast';
import { subTemplate } from './cfn';
import { openApiBodies, operationsOf, type OpenApiBody } from './openapi';
import type { ConfigModel } from './types';

/**
 * The services whose requests a template can corrupt, by the service part of the integration URI
 * (`arn:aws:apigateway:{region}:{service}:action/{Action}`) or the plugin's key.
 * Source: API Gateway REST API reference, `Integration.uri`; AWS service integration tutorials
 * (DynamoDB, SQS, SES "email", Step Functions "states"); serverless-apigateway-service-proxy README.
 */
export const SERVICE_TABLE: Readonly<Record<string, { label: string; form: boolean; note: string }>> = {
  dynamodb: { label: 'DynamoDB', form: false, note: 'JSON request: a quote in the value adds or replaces attributes, keys or expressions' },
  sqs: { label: 'SQS', form: true, note: 'form-encoded request: an `&` in the value adds request parameters (queue attributes, message attributes)' },
  email: { label: 'SES', form: true, note: 'form-encoded request: an `&` in the value adds recipients or replaces the message' },
  ses: { label: 'SES', form: false, note: 'JSON request (SES v2): a quote in the value adds recipients or replaces the message' },
  states: { label: 'Step Functions', form: false, note: 'JSON request: a quote in the value changes the execution input or the state machine' },
};

export interface ServiceTemplate {
  service: string;
  /** `PutItem`, `StartExecution`… when the URI says. */
  action?: string;
  template: YScalar;
  /** Where the template lives, for messages: `Resources.Post.Properties.Integration`. */
  where: string;
}

/** `arn:aws:apigateway:${AWS::Region}:dynamodb:action/PutItem` → {dynamodb, PutItem}. */
export function serviceOfUri(uri: string): { service: string; action?: string } | undefined {
  // Replace `${…}` substitutions by a placeholder first (they contain colons).
  let s = '';
  for (let i = 0; i < uri.length; i++) {
    if (uri[i] === '$' && uri[i + 1] === '{') {
      const e = uri.indexOf('}', i);
      if (e < 0) break;
      s += 'X';
      i = e;
    } else s += uri[i];
  }
  const at = s.indexOf('arn:aws:apigateway:');
  if (at < 0) return undefined;
  const parts = s.slice(at + 'arn:aws:apigateway:'.length).split(':');
  if (parts.length < 3) return undefined;
  const svc = parts[1];
  const service = svc.slice(svc.lastIndexOf('.') + 1).toLowerCase();
  const tail = parts.slice(2).join(':');
  const action = tail.startsWith('action/') ? tail.slice('action/'.length).split('&')[0] : undefined;
  return { service, action };
}

function uriText(n: YNode | null | undefined): string | undefined {
  return stringValue(n) ?? subTemplate(n);
}

function addTemplates(out: ServiceTemplate[], templates: YNode | null | undefined, service: string, action: string | undefined, where: string): void {
  if (!isMap(templates)) return;
  for (const p of templates.entries) {
    // `!Sub` templates (to name the table or queue) are scanned as written: VTL's `$input…` has no braces.
    let v: YNode | null | undefined = p.value;
    if (intrinsicName(v) === 'Fn::Sub') {
      const arg = intrinsicArg(v);
      v = isSeq(arg) ? arg.items[0] : arg;
    }
    if (isScalar(v) && typeof v.value === 'string') out.push({ service, action, template: v, where });
  }
}

/** The service-integration request templates of one OpenAPI body (inline, or a local file's tree). */
export function bodyServiceTemplates(b: OpenApiBody, where: string): ServiceTemplate[] {
  const out: ServiceTemplate[] = [];
  for (const o of operationsOf(b)) {
    const integ = get(o.op, 'x-amazon-apigateway-integration');
    if (stringValue(get(integ, 'type'))?.toLowerCase() !== 'aws') continue;
    const uri = uriText(get(integ, 'uri'));
    const svc = uri ? serviceOfUri(uri) : undefined;
    if (!svc || !SERVICE_TABLE[svc.service]) continue;
    addTemplates(out, get(integ, 'requestTemplates'), svc.service, svc.action, `${where} (${o.method} ${o.path})`);
  }
  return out;
}

/** Every request template of a service integration in the file whose service is in SERVICE_TABLE. */
export function serviceTemplates(model: ConfigModel): ServiceTemplate[] {
  const out: ServiceTemplate[] = [];
  for (const r of model.resources) {
    if (r.type !== 'AWS::ApiGateway::Method') continue;
    const integ = get(r.properties, 'Integration');
    if (stringValue(get(integ, 'Type'))?.toUpperCase() !== 'AWS') continue;
    const uri = uriText(get(integ, 'Uri'));
    const svc = uri ? serviceOfUri(uri) : undefined;
    if (!svc || !SERVICE_TABLE[svc.service]) continue;
    addTemplates(out, get(integ, 'RequestTemplates'), svc.service, svc.action, `${r.where}.${r.id}.Properties.Integration`);
  }
  for (const b of openApiBodies(model)) out.push(...bodyServiceTemplates(b, `the OpenAPI body of ${b.api.id}`));
  if (model.kind === 'serverless') {
    const proxies = get(get(model.root, 'custom'), 'apiGatewayServiceProxies');
    if (isSeq(proxies)) {
      proxies.items.forEach((item, i) => {
        if (!isMap(item) || item.entries.length !== 1) return;
        const service = String(item.entries[0].key.value).toLowerCase();
        if (!SERVICE_TABLE[service]) return;
        const cfg = item.entries[0].value;
        const action = stringValue(get(cfg, 'action'));
        const tpl = getPair(get(cfg, 'request'), 'template');
        addTemplates(out, tpl?.value, service, action, `custom.apiGatewayServiceProxies[${i}].${service}`);
      });
    }
  }
  return out;
}
