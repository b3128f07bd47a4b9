import { defineRule } from '../server/src/engine/rule';
import { ruleMessage } from '../server/src/engine/messages';
import { requestSchemaFixes } from '../server/src/engine/fix/endpoint-fixes';
import { endpointsOf, isBodyMethod, subjectOf } from '../server/src/engine/model/endpoints';
import { externalOpenApis } from '../server/src/engine/model/openapi-files';
import { handlerBodyUse } from '../server/src/engine/fix/request-schema';
import { handlerBodyReach } from '../server/src/engine/model/body-reach';
import { SINK_PHRASE, relativePath } from '../server/src/engine/injection';
import { adapterAppBodyUse } from '../server/src/engine/code/adapter-app';
import { moduleIROf } from '../server/src/engine/code/handlers';
import { endpointAppBodyUse, endpointHandlers } from '../server/src/engine/model/endpoint-handlers';
import { routePathOf } from '../server/src/engine/fix/caller';
import type { CodeContext } from '../server/src/engine/code-context';
import type { RuleContext } from '../server/src/engine/rule';
import type { Endpoint } from '../server/src/engine/model/endpoints';
import { codeAuthOf } from '../server/src/engine/webhook-auth';

/**
 * POST/PUT/PATCH on a REST API (API Gateway v1) with no request-body validation: serverless
 * `http` without `request.schemas`, SAM `Api` events without `RequestModel` + `ValidateBody: true`,
 * `AWS::ApiGateway::Method` without a body-validating `RequestValidatorId` and `RequestModels`.
 * HTTP APIs (v2) cannot validate requests in API Gateway, so they are not reported here: validate
 * in the handler (the injection rules treat schema validators as sanitizers).
 * Judged with the handler when it is in the project (code/body-shape.ts `requestBodyUse`): no
 * finding when it never reads the body (only query-string / path parameters; for an Express app
 * behind serverless-http, code/adapter-app.ts: no route or middleware reads `req.body`; code/app-routes.ts: the
 * app routes this method and path reach read none, or the app has no route for them, only middleware
 * that hands the request on and a 404), nor when it reads a
 * base64 / binary body (a JSON model cannot describe it); info when the route is IAM-authorised
 * only (its callers are AWS principals, usually other services of the same team).
 * Severity by where the body goes (model/body-reach.ts): warning when a body field reaches a sink of
 * the taint engine (SQL, NoSQL, command, eval, file path, outbound URL, deserializer…), when the
 * parsed body is used as a whole (stored, spread, iterated, passed on: the caller picks its keys),
 * when the route is an AWS service integration (no function) or the handler is read but its use of
 * the body is not followed; info when the handler only reads named fields of the body and none
 * reaches a sink (a schema gives cleaner 400s, it protects nothing), when the handler checks the
 * parsed body with its own `validate…` function (what it checks is not known), and when the handler cannot be
 * read at all (another language, an image, inline code, a function of another template): the message
 * says why and what to look for — unless a SAM `RequestModel` is declared without `ValidateBody`
 * (the schema is written, one flag is missing: warning). Info with no fix when the handler authenticates its
 * sender in code (a webhook signature, webhook-auth.ts) and no body field reaches a sink, even when it passes
 * the body on whole: the body is in the sender's format, which a pinned schema would break. No finding when the handler never uses its event,
 * when it validates the parsed body with a schema library before use (model/body-reach.ts
 * `bodyValidation`: the taint engine's validator models), when the raw body string is only forwarded
 * as an SNS / SQS message or S3 object body, when the parsed body is only echoed back, and when
 * named fields only go to a Cognito log-in / sign-up call (issue 12 classes 1-4).
 */
const fieldList = (names: string[]) => names.slice(0, 6).map((n) => `\`${n}\``).join(', ') + (names.length > 6 ? ', …' : '');

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
      reachesSink: '{{what}} accepts any request body: {{reason}}. Its handler passes `{{field}}` to {{sink}} ({{callee}}, {{where}}) unchecked: a schema with types, patterns or enums keeps what the handler does not expect out of it: {{how}}.',
      wholeBody: '{{what}} accepts any request body: {{reason}}. Its handler uses the parsed body as a whole (stores, spreads or passes it on), so the caller decides which keys it carries: a schema with `additionalProperties: false` pins them down: {{how}}.',
      namedModule: '{{what}} accepts any request body: {{reason}}. Its handler reads named fields ({{fields}}) and its code {{effect}} ({{where}}), where a field may be spliced into a query or command: a schema with types, patterns or enums keeps unexpected values out: {{how}}.',
      validated: '{{what}} accepts any request body: {{reason}}. Its handler checks the body with its own function before using it (`{{validator}}`, {{where}}): if that check covers every key and type, API Gateway validation would only turn malformed requests away earlier and cheaper; if not, a schema with `additionalProperties: false` pins what it leaves open: {{how}}.',
      namedOnly: '{{what}} accepts any request body: {{reason}}. Its handler reads only named fields ({{fields}}) and none of them reaches a query, command, file path or outbound URL: a schema would give cleaner 400s (types, required fields) but guards nothing more: {{how}}.',
      unread:
        '{{what}} accepts any request body: {{reason}}. Whether that matters depends on its handler, which this analysis cannot read ({{why}}): if it stores or forwards the body whole, or builds queries or commands from its fields, a schema keeps unexpected keys and values out; if it only reads named fields into fixed places, a schema gives cleaner 400s: {{how}}.',
      verifiedSender: "{{what}} accepts any request body: {{reason}}. Its handler authenticates the sender in code first ({{auth}}, {{where}}): the body is that sender's, in a format the sender defines and extends, and nothing in it reaches a query, command, file path or outbound URL that the analysis can see. A schema would only turn malformed requests away earlier, and one that pins the keys (`additionalProperties: false`) would reject the fields the sender adds later; if you want one anyway, keep it open to new keys: {{how}}.",
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
      // an Express app behind serverless-http / serverless-express none of whose routes reads the body
      if (use === 'unknown' && adaptedAppsReadNoBody(ctx, e)) continue;
      // an Express app whose routes reached by this method and path read no body, or that has no
      // such route at all (middleware that hands the request on, then a 404: code/app-routes.ts)
      if (use === 'unknown' && e.functionId) {
        const app = endpointAppBodyUse(ctx, e, routePathOf(e));
        if (app === 'unrouted' || app === 'none') continue;
      }
      const iamOnly = e.auth.kind === 'iam';
      // A SAM `RequestModel` is declared but not enforced: the author wrote the schema, one flag is missing.
      // That stays a warning even when the handler cannot be read (the model says what the body should be).
      const modelDeclared = e.source === 'sam' && !!e.settings?.entries.some((p) => p.key.value === 'RequestModel');
      const found = handlerBodyReach(ctx, e);
      // validated in code by a schema library, a raw body forwarded as a message, a log-in form for Cognito
      if (found.kind === 'schema' || found.kind === 'opaque' || found.kind === 'identity') continue;
      const reach = found.kind === 'unread' && modelDeclared ? { kind: 'unknown' as const } : found;
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
      const base = { what: subjectOf(e), reason: e.validation.reason ?? 'no validation', how };
      // A webhook whose handler authenticates its sender (a signature, a verification token) and
      // sends no body field to a sink: the body is the sender's, in its format, even when the
      // handler passes it on whole (a Discord interaction to its command handler): info, and no
      // schema fix (a generated one pins the keys the handler reads, and the sender's next field
      // would be rejected). A field that reaches a sink stays a warning.
      const auth = !iamOnly && reach.kind !== 'sink' && reach.kind !== 'unread' && !modelDeclared ? codeAuthOf(ctx, e) : undefined;
      const message = auth
        ? ruleMessage(rule.meta, 'verifiedSender', { ...base, auth: auth.what, where: `${relativePath(ctx.file, auth.location.file)} line ${auth.line}` })
        : iamOnly
        ? ruleMessage(rule.meta, 'iamOnly', base)
        : reach.kind === 'sink'
          ? ruleMessage(rule.meta, 'reachesSink', { ...base, field: reach.field, sink: SINK_PHRASE[reach.sink], callee: reach.callee, where: `${relativePath(ctx.file, reach.file)} line ${reach.line}` })
          : reach.kind === 'whole'
            ? ruleMessage(rule.meta, 'wholeBody', base)
            : reach.kind === 'module'
              ? ruleMessage(rule.meta, 'namedModule', { ...base, fields: fieldList(reach.fields), effect: reach.what, where: `${relativePath(ctx.file, reach.file)} line ${reach.line}` })
            : reach.kind === 'validated'
              ? ruleMessage(rule.meta, 'validated', { ...base, validator: reach.validator, where: `${relativePath(ctx.file, reach.file)} line ${reach.line}` })
            : reach.kind === 'named'
              ? ruleMessage(rule.meta, 'namedOnly', { ...base, fields: fieldList(reach.fields) })
              : reach.kind === 'unread'
                ? ruleMessage(rule.meta, 'unread', { ...base, why: reach.why })
                : ruleMessage(rule.meta, 'notValidated', base);
      ctx.report({
        range: e.reportNode.range,
        ...(iamOnly || auth || reach.kind === 'named' || reach.kind === 'validated' || reach.kind === 'unread' ? { severity: 'info' as const } : {}),
        message,
        ...(reach.kind === 'sink' || reach.kind === 'module' || reach.kind === 'validated' ? { related: [reach.location] } : {}),
        ...(auth ? {} : { fixes: () => requestSchemaFixes(ctx, e) }),
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

/** Every handler of the route is an adapter-wrapped Express app of its module whose routes and middleware never read the body (code/adapter-app.ts). */
function adaptedAppsReadNoBody(ctx: RuleContext, e: Endpoint): boolean {
  if (!e.functionId) return false;
  const refs = endpointHandlers(ctx, e);
  return refs.length > 0 && refs.every((ref) => {
    const code = ctx.links.code(ref.file) as CodeContext | undefined;
    const mod = code?.parsed.root ? moduleIROf(code.parsed) : undefined;
    return !!mod && adapterAppBodyUse(mod, ref.exportName) === 'none';
  });
}

export default rule;
