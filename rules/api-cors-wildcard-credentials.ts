import { defineRule } from '../server/src/engine/rule';
import { corsConfigsOf } from '../server/src/engine/model/endpoints';
import { corsCredentialsFix } from '../server/src/engine/fix/cors-credentials-fix';

/**
 * CORS that allows any origin (`*`) together with credentials (cookies, Authorization headers):
 * serverless `http.cors` (whose origin defaults to `*`), `provider.httpApi.cors`, function URL
 * `cors`; SAM `Cors` / `CorsConfiguration` (APIs and Globals) and `FunctionUrlConfig.Cors`;
 * CloudFormation `AWS::ApiGatewayV2::Api.CorsConfiguration` and `AWS::Lambda::Url.Cors`.
 */
export default defineRule({
  meta: {
    id: 'api-cors-wildcard-credentials',
    category: 'auth',
    severity: 'warning',
    title: "CORS allows any origin ('*') with credentials",
    docs: {
      summary: "CORS that allows every origin ('*') and credentials at once is either rejected by browsers or, where the origin is echoed back, lets any website make authenticated requests as your users; list the allowed origins explicitly.",
      cwe: [942, 346],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
  },
  check(ctx) {
    for (const c of corsConfigsOf(ctx.model!)) {
      if (!c.wildcard || !c.credentials) continue;
      const implied = c.wildcard === c.node ? " (no origin is listed, so it defaults to '*')" : '';
      const fix = corsCredentialsFix(ctx.model!, c);
      ctx.report({
        fixes: fix ? [fix] : [],
        range: c.credentials.range,
        message: `CORS in ${c.where} allows credentials for any origin ('*')${implied}. Browsers refuse '*' for credentialed requests, and configurations that echo the caller's Origin instead let every website send authenticated requests as your users. List the allowed origins explicitly, or drop credentials if the API does not use cookies.`,
        related: [{ file: ctx.file, range: c.wildcard.range, message: "the '*' origin" }],
      });
    }
  },
});
