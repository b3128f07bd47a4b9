import { defineRule } from '../server/src/engine/rule';
import { requestSchemaFixes } from '../server/src/engine/fix/endpoint-fixes';
import { endpointsOf, isBodyMethod, subjectOf } from '../server/src/engine/model/endpoints';
import { externalOpenApis } from '../server/src/engine/model/openapi-files';

/**
 * POST/PUT/PATCH on a REST API (API Gateway v1) with no request-body validation: serverless
 * `http` without `request.schemas`, SAM `Api` events without `RequestModel` + `ValidateBody: true`,
 * `AWS::ApiGateway::Method` without a body-validating `RequestValidatorId` and `RequestModels`.
 * HTTP APIs (v2) cannot validate requests in API Gateway, so they are not reported here: validate
 * in the handler (the injection rules treat schema validators as sanitizers).
 */
export default defineRule({
  meta: {
    id: 'api-request-not-validated',
    category: 'auth',
    severity: 'warning',
    title: 'Request body not validated by API Gateway',
    docs: {
      summary: 'A POST/PUT/PATCH route of a REST API passes any request body to the function; declare a JSON Schema so API Gateway rejects malformed input before it reaches your code.',
      cwe: [20],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
  },
  check(ctx) {
    for (const e of endpointsOf(ctx.model!)) {
      if (e.kind !== 'rest' || !isBodyMethod(e.method) || !e.validation || e.validation.body !== false) continue;
      const how =
        e.source === 'openapi'
          ? 'set `x-amazon-apigateway-request-validator` (on the operation or the API) to an entry of `x-amazon-apigateway-request-validators` with `validateRequestBody: true`, and give the operation a body schema'
          : e.source === 'serverless'
          ? 'add `request.schemas` (e.g. `application/json: ${file(schemas/x.json)}`)'
          : e.source === 'sam'
            ? e.settings?.entries.some((p) => p.key.value === 'RequestModel')
              ? 'set `ValidateBody: true` in the `RequestModel`'
              : 'add `RequestModel: {Model: <name>, Required: true, ValidateBody: true}` with the model in the API\'s `Models`'
            : 'set `RequestValidatorId` to an AWS::ApiGateway::RequestValidator with `ValidateRequestBody: true` and add `RequestModels`';
      ctx.report({
        range: e.reportNode.range,
        message: `${subjectOf(e)} accepts any request body: ${e.validation.reason ?? 'no validation'}. API Gateway can reject malformed input before it reaches the function: ${how}.`,
        fixes: () => requestSchemaFixes(ctx, e),
      });
    }
    // Operations of an OpenAPI file the template points to: one finding at the reference.
    for (const x of externalOpenApis(ctx.model!, ctx.project)) {
      const open = x.endpoints.filter((e) => e.kind === 'rest' && isBodyMethod(e.method) && e.validation?.body === false);
      if (open.length === 0) continue;
      const name = x.path.slice(x.path.lastIndexOf('/') + 1);
      ctx.report({
        range: x.refNode.range,
        message: `${open.map((e) => `\`${e.label}\``).slice(0, 5).join(', ')}${open.length > 5 ? ', …' : ''} in the OpenAPI file \`${name}\` accept any request body: no \`x-amazon-apigateway-request-validator\` with \`validateRequestBody: true\`. API Gateway can reject malformed input before it reaches the integration: set one on the operations or the API, with a body schema.`,
        related: open.map((e) => ({ file: x.path, range: e.reportNode.range, message: `\`${e.label}\` is defined here` })),
      });
    }
  },
});
