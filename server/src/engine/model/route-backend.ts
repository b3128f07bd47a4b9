/**
 * Routes that pass every path on to an HTTP backend: API Gateway in front of a web server (a
 * container or instance behind a load balancer, often through a VPC link), not in front of a
 * function this analysis can read. Such a route is the public door of a web application: its pages
 * are meant for browsers, which send no `Authorization` header an API Gateway authorizer could
 * check, and the application decides itself (sessions, its own login) what needs a user.
 *
 * Recognised (API Gateway Developer Guide, "Set up HTTP proxy integrations" / "HTTP integrations
 * for HTTP APIs"):
 * - REST `AWS::ApiGateway::Method` with `Integration.Type: HTTP_PROXY` (or `HTTP`);
 * - HTTP API `AWS::ApiGatewayV2::Route` whose `Target` is `integrations/<id>` of an
 *   `AWS::ApiGatewayV2::Integration` with `IntegrationType: HTTP_PROXY`;
 * - OpenAPI operations with `x-amazon-apigateway-integration.type: http_proxy` (or `http`);
 * and only on a greedy path (`{proxy+}`, any `{name+}`) or the `$default` route: the whole site,
 * not one API operation that happens to be served over HTTP.
 *
 * Pure: reads the model.
 */
import { referencedLogicalId, subTemplate } from './cfn';
import type { Endpoint } from './endpoints';
import type { ConfigModel } from './types';
import { get, intrinsicName, stringValue, type YNode } from '../yaml/ast';

export interface HttpBackend {
  /** `HTTP_PROXY` / `HTTP`. */
  type: string;
  /** Reached through a VPC link (a private load balancer). */
  vpcLink: boolean;
  /** The node naming the integration type. */
  node: YNode;
}

const HTTP_TYPES = new Set(['HTTP_PROXY', 'HTTP']);

/** A greedy path (`/{proxy+}`, `/files/{path+}`) or the `$default` catch-all. */
export function greedyRoute(e: Endpoint): boolean {
  if (e.route === '$default') return true;
  const p = e.path ?? '';
  let at = p.indexOf('{');
  while (at >= 0) {
    const close = p.indexOf('}', at);
    if (close < 0) return false;
    if (p[close - 1] === '+') return true;
    at = p.indexOf('{', close);
  }
  return false;
}

/** The id of the integration a V2 route's `Target` (`integrations/<id>`) names. */
function targetIntegrationId(target: YNode | null | undefined): string | undefined {
  const literal = stringValue(target);
  if (literal !== undefined) return undefined; // a literal id: not a resource of this template
  const fn = intrinsicName(target);
  if (fn !== 'Fn::Sub' && fn !== 'Fn::Join') return undefined;
  const t = subTemplate(target);
  if (!t || !t.startsWith('integrations/')) return undefined;
  const rest = t.slice('integrations/'.length);
  if (rest.startsWith('${') && rest.endsWith('}')) return rest.slice(2, -1);
  return undefined;
}

/** The HTTP backend a route proxies to, when it is on a greedy path; undefined otherwise. */
export function httpBackendOf(model: ConfigModel, e: Endpoint): HttpBackend | undefined {
  if (e.kind !== 'rest' && e.kind !== 'http') return undefined;
  if (!greedyRoute(e)) return undefined;
  const p = e.settings;
  if (!p) return undefined;
  if (e.source === 'cfn' && e.resource?.type === 'AWS::ApiGateway::Method') {
    const integration = get(p, 'Integration');
    const typeNode = get(integration, 'Type');
    const type = stringValue(typeNode)?.toUpperCase();
    if (!type || !HTTP_TYPES.has(type) || !typeNode) return undefined;
    return { type, vpcLink: stringValue(get(integration, 'ConnectionType'))?.toUpperCase() === 'VPC_LINK', node: typeNode };
  }
  if (e.source === 'cfn' && e.resource?.type === 'AWS::ApiGatewayV2::Route') {
    const target = get(p, 'Target');
    const id = targetIntegrationId(target) ?? (intrinsicName(target) ? referencedLogicalId(target) : undefined);
    const integration = id ? model.resources.find((r) => r.id === id && r.type === 'AWS::ApiGatewayV2::Integration') : undefined;
    const typeNode = integration ? get(integration.properties, 'IntegrationType') : undefined;
    const type = stringValue(typeNode)?.toUpperCase();
    if (!integration || !type || !HTTP_TYPES.has(type) || !typeNode) return undefined;
    return { type, vpcLink: stringValue(get(integration.properties, 'ConnectionType'))?.toUpperCase() === 'VPC_LINK', node: typeNode };
  }
  if (e.source === 'openapi') {
    const integration = get(p, 'x-amazon-apigateway-integration');
    const typeNode = get(integration, 'type');
    const type = stringValue(typeNode)?.toUpperCase();
    if (!type || !HTTP_TYPES.has(type) || !typeNode) return undefined;
    return { type, vpcLink: stringValue(get(integration, 'connectionType'))?.toUpperCase() === 'VPC_LINK', node: typeNode };
  }
  return undefined;
}
