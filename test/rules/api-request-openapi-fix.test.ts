/**
 * api-request-not-validated on an inline OpenAPI body: the fix adds a body-validating
 * `x-amazon-apigateway-request-validators` entry and `x-amazon-apigateway-request-validator` on
 * the operation, and a body schema inferred from the handler when the operation has none (when
 * nothing can be inferred, a schema that only requires a JSON object, with a placeholder description).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../rules/api-request-not-validated';
import { applyFix, run, ruleFindings } from '../helpers/rule-tester';
import { useCodeParsers } from '../helpers/injection';
import { SAM_API_BODY } from '../helpers/templates';

useCodeParsers();

const tpl = (op: string, root = '') => `${SAM_API_BODY}        openapi: '3.0.1'
${root}        paths:
          /orders:
            post:
${op}              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
`;
const handler = `import json\n\n\ndef handler(event, context):\n    body = json.loads(event['body'])\n    return {'statusCode': 200, 'body': body['name'] + str(body.get('qty', 1))}\n`;
const schemaOp = `              requestBody:\n                required: true\n                content:\n                  application/json:\n                    schema:\n                      type: object\n`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'operation with a body schema: validators + validator',
      file: 'template.yaml',
      code: tpl(schemaOp),
      errors: [{ text: 'post', messageId: 'unread' }],
      fixes: [
        {
          title: "Validate the request body in the OpenAPI body (x-amazon-apigateway-request-validator; the operation's body schema)",
        },
      ],
    },
  ],
});

describe('OpenAPI request-validator fix', () => {
  it('without a schema: the schema is inferred from the handler, and the fix removes the finding', () => {
    const c = { file: 'template.yaml', code: tpl(''), files: { 'app.py': handler } };
    const [f] = ruleFindings(rule, c);
    const fix = f.fixes.find((x) => x.title.startsWith('Validate the request body in the OpenAPI body'));
    assert.ok(fix, JSON.stringify(f.fixes.map((x) => x.title)));
    const out = applyFix(fix, '/project/template.yaml', c.code);
    assert.match(out, /x-amazon-apigateway-request-validator: body/);
    assert.match(out, /requestBody:\n\s+required: true\n\s+content:\n\s+application\/json:\n\s+schema:/);
    assert.match(out, /properties:\n\s+name: \{\}\n\s+qty: \{\}\n\s+required:\n\s+- name\n/, 'the properties the handler reads; qty read with a default is optional');
    assert.doesNotMatch(out, /properties: \{\}/, 'never an empty property list');
    assert.equal(ruleFindings(rule, { ...c, code: out }).length, 0);
  });
  it('no schema and no handler to infer from: a schema that only requires a JSON object, with a placeholder description (never one that rejects every body)', () => {
    const c = { file: 'template.yaml', code: tpl('') };
    const [f] = ruleFindings(rule, c);
    const fix = f.fixes.find((x) => x.title.startsWith('Validate the request body in the OpenAPI body'));
    assert.ok(fix, JSON.stringify(f.fixes.map((x) => x.title)));
    assert.match(fix.title, /a placeholder: fill in the properties/);
    const out = applyFix(fix, '/project/template.yaml', c.code);
    assert.match(out, /schema:\n\s+title: POST \/orders request body\n\s+description: 'TODO: list the properties[^\n]*\n\s+type: object\n/);
    assert.doesNotMatch(out, /additionalProperties/);
    assert.equal(ruleFindings(rule, { ...c, code: out }).length, 0);
  });
  it('with a schema: the validators map is added at the root of the body and the validator on the operation', () => {
    const c = { file: 'template.yaml', code: tpl(schemaOp) };
    const [f] = ruleFindings(rule, c);
    const fix = f.fixes.find((x) => x.title.startsWith('Validate the request body in the OpenAPI body'))!;
    const out = applyFix(fix, '/project/template.yaml', c.code);
    assert.match(out, /\n        x-amazon-apigateway-request-validators:\n          body:\n            validateRequestBody: true\n            validateRequestParameters: false\n/);
    assert.match(out, /\n              x-amazon-apigateway-request-validator: body\n/);
    assert.equal(ruleFindings(rule, { ...c, code: out }).length, 0);
  });
  it('an existing body-validating entry is reused, not duplicated', () => {
    const root = `        x-amazon-apigateway-request-validators:\n          all:\n            validateRequestBody: true\n            validateRequestParameters: true\n`;
    const c = { file: 'template.yaml', code: tpl(schemaOp, root) };
    const [f] = ruleFindings(rule, c);
    const fix = f.fixes.find((x) => x.title.startsWith('Validate the request body in the OpenAPI body'))!;
    const out = applyFix(fix, '/project/template.yaml', c.code);
    assert.match(out, /x-amazon-apigateway-request-validator: all\n/);
    assert.equal(out.match(/x-amazon-apigateway-request-validators/g)!.length, 1);
    assert.equal(ruleFindings(rule, { ...c, code: out }).length, 0);
  });
});
