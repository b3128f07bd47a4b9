import { defineRule } from '../server/src/engine/rule';
import { ruleMessage } from '../server/src/engine/messages';
import { authorizerFixes } from '../server/src/engine/fix/endpoint-fixes';
import { endpointsOf, subjectOf } from '../server/src/engine/model/endpoints';

/**
 * A route whose only protection is an API key (serverless `private: true`, SAM/CFN
 * `ApiKeyRequired: true`) and no authorizer. Reported here (info) instead of
 * `api-endpoint-no-authorizer`, so one route gets one finding.
 */
const rule = defineRule({
  meta: {
    id: 'api-key-not-authentication',
    category: 'auth',
    severity: 'info',
    title: 'API key used as the only protection',
    docs: {
      summary: 'An API key identifies a client for usage plans and throttling; it is not authentication (keys are shared, long-lived and sent in clear headers). Add an authorizer to routes that need to know who the caller is.',
      cwe: [287],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
    messages: {
      apiKeyOnly:
        '{{what}} has no authorizer: {{how}}. API keys are meant for usage plans and throttling, not authentication (they are shared, rarely rotated and sent in a plain header), so anyone holding the key can call the route. Add an authorizer if the route needs to know who the caller is.',
      private: '`private: true` only requires an API key',
      openapi: 'its OpenAPI `security` names only an API key scheme',
      apiKeyRequired: '`ApiKeyRequired: true` only requires an API key',
    },
  },
  check(ctx) {
    for (const e of endpointsOf(ctx.model!)) {
      if (!e.apiKey || e.auth.kind !== 'none' || e.method === 'OPTIONS' || e.kind === 'url') continue;
      const how = ruleMessage(rule.meta, e.source === 'serverless' ? 'private' : e.source === 'openapi' ? 'openapi' : 'apiKeyRequired');
      ctx.report({
        range: e.apiKey.range,
        message: ruleMessage(rule.meta, 'apiKeyOnly', { what: subjectOf(e), how }),
        fixes: () => authorizerFixes(ctx, e, { apiKeyClients: true }),
      });
    }
  },
});

export default rule;
