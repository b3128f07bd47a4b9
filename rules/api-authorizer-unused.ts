import { defineRule } from '../server/src/engine/rule';
import { ruleMessage } from '../server/src/engine/messages';
import { unusedAuthorizers } from '../server/src/engine/model/openapi';

/**
 * An authorizer that is defined but protects nothing: a scheme with
 * `x-amazon-apigateway-authorizer` in an OpenAPI body that no `security` requirement names, or an
 * `AWS::ApiGateway::Authorizer` / `AWS::ApiGatewayV2::Authorizer` nothing in the file refers to, or
 * a SAM `Auth.Authorizers` entry no `DefaultAuthorizer` or event on that API names.
 * Usually the author meant the routes to use it and they are public instead (an info: the routes
 * themselves are reported by `api-endpoint-no-authorizer`).
 */
const rule = defineRule({
  meta: {
    id: 'api-authorizer-unused',
    category: 'auth',
    severity: 'info',
    title: 'Authorizer defined but attached to nothing',
    docs: {
      summary: 'An API Gateway authorizer is declared (OpenAPI security scheme or authorizer resource) but no route uses it, so the routes it was meant to protect are likely public.',
      cwe: [862],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    messages: {
      unused: 'Authorizer `{{name}}` ({{where}}) is attached to no route: no `security` requirement, `AuthorizerId` or reference uses it, so the routes it was meant to protect are not protected by it. Attach it to the routes (operation `security`, `AuthorizerId`, SAM `Auth.DefaultAuthorizer`) or remove it.',
    },
  },
  check(ctx) {
    for (const u of unusedAuthorizers(ctx.model!)) {
      ctx.report({ range: u.node.range, message: ruleMessage(rule.meta, 'unused', { name: u.name, where: u.where }) });
    }
  },
});

export default rule;
