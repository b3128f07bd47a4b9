import { defineRule } from '../server/src/engine/rule';
import { ruleMessage } from '../server/src/engine/messages';
import { requestSchemaFixes } from '../server/src/engine/fix/endpoint-fixes';
import { endpointsOf, isBodyMethod, subjectOf } from '../server/src/engine/model/endpoints';
import { externalOpenApis } from '../server/src/engine/model/openapi-files';
import { handlerBodyUse } from '../server/src/engine/fix/request-schema';

/**
 * POST/PUT/PATCH on a REST API (API Gateway v1) with no request-body validation: serverless
 * `http` without `request.schemas`, SAM `Api` events without `RequestModel` + `ValidateBody: true`,
 * `AWS::ApiGateway::Method` without a body-validating `RequestValidatorId` and `RequestModels`.
 * HTTP APIs (v2) cannot validate requests in API Gateway, so they are not reported here: validate
 * in the handler (the injection rules treat schema validators as sanitizers).
 * Judged with the handler when it is in the project (code/body-shape.ts `requestBodyUse`): no
 * finding when it never reads the body (only query-string / path parameters), nor when it reads a
 * base64 / binary body (a JSON model cannot describe it); info when the route is IAM-authorised
 * only (its callers are AWS principals, usually other services of the same team).
 */
const rule = defineRule({
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
    messages: {
      notValidated: '{{what}} accepts any request body: {{reason}}. API Gateway can reject malformed input before it reaches the function: {{how}}.',
      iamOnly: '{{what}} accepts any request body: {{reason}}. Its callers must sign with IAM (AWS principals, usually your own services), so this is defence in depth: {{how}}.',
      fileNotValidated:
        '{{list}} in the OpenAPI file `{{file}}` accept any request body: no `x-amazon-apigateway-request-validator` with `validateRequestBody: true`. API Gateway can reject malformed input before it reaches the integration: set one on the operations or the API, with a body schema.',
      howOpenapi: 'set `x-amazon-apigateway-request-validator` (on the operation or the API) to an entry of `x-amazon-apigateway-request-validators` with `validateRequestBody: true`, and give the operation a body schema',
      howServerless: 'add `request.schemas` (e.g. `application/json: ${file(schemas/x.json)}`)',
      howSamValidateBody: 'set `ValidateBody: true` in the `RequestModel`',
      howSamRequestModel: "add `RequestModel: {Model: <name>, Required: true, ValidateBody: true}` with the model in the API's `Models`",
      howCfn: 'set `RequestValidatorId` to an AWS::ApiGateway::RequestValidator with `ValidateRequestBody: true` and add `RequestModels`',
    },
  },
  check(ctx) {
    for (const e of endpointsOf(ctx.model!)) {
      if (e.kind !== 'rest' || !isBodyMethod(e.method) || !e.validation || e.validation.body !== false) continue;
      // The handler never reads the body, or reads it as base64 / binary (no JSON model fits).
      const use = handlerBodyUse(ctx, e);
      if (use === 'none' || use === 'binary') continue;
      const iamOnly = e.auth.kind === 'iam';
      const how = ruleMessage(
        rule.meta,
        e.source === 'openapi'
          ? 'howOpenapi'
          : e.source === 'serverless'
            ? 'howServerless'
            : e.source === 'sam'
              ? e.settings?.entries.some((p) => p.key.value === 'RequestModel')
                ? 'howSamValidateBody'
                : 'howSamRequestModel'
              : 'howCfn',
      );
      ctx.report({
        range: e.reportNode.range,
        ...(iamOnly ? { severity: 'info' as const } : {}),
        message: ruleMessage(rule.meta, iamOnly ? 'iamOnly' : 'notValidated', { what: subjectOf(e), reason: e.validation.reason ?? 'no validation', how }),
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
        ...(open.every((e) => e.auth.kind === 'iam') ? { severity: 'info' as const } : {}),
        message: ruleMessage(rule.meta, 'fileNotValidated', { list: open.map((e) => `\`${e.label}\``).slice(0, 5).join(', ') + (open.length > 5 ? ', …' : ''), file: name }),
        related: open.map((e) => ({ file: x.path, range: e.reportNode.range, message: `\`${e.label}\` is defined here` })),
      });
    }
  },
});

export default rule;
