import { defineRule } from '../server/src/engine/rule';
import { authorizerFixes } from '../server/src/engine/fix/endpoint-fixes';
import { ruleMessage } from '../server/src/engine/messages';
import { authReportNode, endpointsOf, subjectOf, type Endpoint } from '../server/src/engine/model/endpoints';
import { relativePath } from '../server/src/engine/injection';
import { codeAuthOf } from '../server/src/engine/webhook-auth';

const FIX = 'Add an authorizer (IAM, JWT/Cognito or Lambda), or suppress with a reason if the route is public by design.';
/** The advice of a read-only route (reported at info): it is public, confirm that it is meant to be. */
const READ = 'It only reads (GET/HEAD), so it may well be public by design (a catalogue, a health check): confirm that it is meant to be and suppress with a reason, or add an authorizer if it returns data that belongs to a user or tenant.';

/**
 * An API route anyone on the internet can call: REST `http`, HTTP API `httpApi`, SAM `Api` /
 * `HttpApi` events (with the API's DefaultAuthorizer and Globals), CloudFormation
 * `AWS::ApiGateway::Method` / `AWS::ApiGatewayV2::Route`, and WebSocket `$connect`. `OPTIONS`
 * (CORS preflight) is never reported; routes that require only an API key are reported by
 * `api-key-not-authentication` instead; function URLs by `function-url-public`. Routes closed by a
 * resource policy, mutual TLS or OpenAPI security are not public (see model/api-protection.ts);
 * a route whose handler verifies a webhook signature is reported as info, naming what was found;
 * a read-only route (GET/HEAD) is reported as info that asks to confirm it is public by design.
 * Non-AWS Serverless Framework providers have no API Gateway and get nothing.
 */
const rule = defineRule({
  meta: {
    id: 'api-endpoint-no-authorizer',
    category: 'auth',
    severity: 'warning',
    title: 'API route without an authorizer',
    docs: {
      summary: 'An API Gateway route (REST, HTTP API or WebSocket $connect) has no authorizer, so anyone who knows the URL can invoke the function; add IAM, JWT/Cognito or a Lambda authorizer, or suppress with a reason for routes that are public by design.',
      cwe: [306, 862],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
    messages: {
      websocket: 'WebSocket route {{subject}} has no authorizer: any client can open a connection, and every other route of the API trusts connections made here. Add a Lambda authorizer (or AuthorizationType: AWS_IAM), or suppress with a reason if the API is public by design.',
      samRouteNone: '{{subject}} is explicitly public: `Authorizer: NONE` overrides the API\'s DefaultAuthorizer, so anyone can call it. Suppress with a reason if that is intended, or use an authorizer.',
      samDefaultNone: `{{subject}} has no authorizer: the API's DefaultAuthorizer is NONE, so anyone can call it. {{advice}}`,
      samNoDefault: `{{subject}} has no authorizer: neither the event's Auth.Authorizer nor the API's Auth.DefaultAuthorizer (or Globals) sets one, so anyone can call it. {{advice}}`,
      samImplicitApi: `{{subject}} has no authorizer: it is on the implicit API SAM creates (no {{apiKey}}), which has no DefaultAuthorizer unless Globals sets one, so anyone can call it. {{advice}}`,
      cfnQuickCreate: 'Quick-create HTTP API {{api}} (`Target`) routes every request to its target with no authorization. Define an AWS::ApiGatewayV2::Route with an authorizer instead, or suppress with a reason if the API is public by design.',
      cfnNone: `{{subject}} has {{setting}}: anyone can call it. {{advice}}`,
      noAuthorizer: `{{subject}} has no authorizer: anyone who knows the URL can call it. {{advice}}`,
      webhookVerified: '{{subject}} has no authorizer, but its handler verifies the caller in code: {{what}} ({{where}}). Check that a request with a missing or invalid signature is rejected, then suppress with a reason.',
    },
  },
  check(ctx) {
    for (const e of endpointsOf(ctx.model!)) {
      if (e.kind === 'url' || e.auth.kind !== 'none' || e.method === 'OPTIONS' || e.apiKey) continue;
      const verified = codeAuthOf(ctx, e);
      if (verified) {
        ctx.report({
          range: authReportNode(e).range,
          severity: 'info',
          message: ruleMessage(rule.meta, 'webhookVerified', { subject: subjectOf(e), what: verified.what, where: `${relativePath(ctx.file, verified.location.file)} line ${verified.line}` }),
          related: [verified.location],
        });
        continue;
      }
      if (isReadOnly(e)) {
        ctx.report({ range: authReportNode(e).range, severity: 'info', message: message(e, READ), fixes: () => authorizerFixes(ctx, e) });
        continue;
      }
      ctx.report({ range: authReportNode(e).range, message: message(e), fixes: () => authorizerFixes(ctx, e) });
    }
  },
});

export default rule;

/**
 * GET/HEAD routes change nothing (HTTP semantics, RFC 9110 §9.2.1): public by design as often as
 * not (catalogues, health checks, hello-world), so they are reported at info. A read of a record
 * by a client-supplied id is what both a public catalogue (`GET /products/{id}`) and a private
 * record API (`GET /users/{id}`) do; the configuration cannot tell them apart, so it does not raise
 * the severity (the message asks the question instead). WebSocket `$connect`, `ANY`, `$default`
 * and every state-changing method stay warnings.
 */
function isReadOnly(e: Endpoint): boolean {
  if (e.kind === 'websocket' || e.kind === 'url') return false;
  if (e.source === 'cfn' && e.resource?.type === 'AWS::ApiGatewayV2::Api') return false;
  return e.method === 'GET' || e.method === 'HEAD';
}

function message(e: Endpoint, advice = FIX): string {
  const m = (id: string, data: Record<string, string> = {}) => ruleMessage(rule.meta, id, { subject: subjectOf(e), advice, ...data });
  if (e.kind === 'websocket') return m('websocket');
  if (e.source === 'sam') {
    if (e.auth.explicit && e.auth.from === 'route') return m('samRouteNone');
    if (e.auth.explicit) return m('samDefaultNone');
    const api = e.event && (e.event.type === 'Api' ? 'RestApiId' : 'ApiId');
    const hasRef = api && e.settings && e.settings.entries.some((p) => p.key.value === api);
    return hasRef ? m('samNoDefault') : m('samImplicitApi', { apiKey: api ?? 'RestApiId' });
  }
  if (e.source === 'cfn') {
    if (e.resource?.type === 'AWS::ApiGatewayV2::Api') return m('cfnQuickCreate', { api: e.resource.id });
    return m('cfnNone', { setting: e.auth.explicit ? 'AuthorizationType: NONE' : 'no AuthorizationType (NONE)' });
  }
  return m('noAuthorizer');
}
