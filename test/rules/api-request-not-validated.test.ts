import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import rule from '../../rules/api-request-not-validated';
import { applyFix, run, ruleFindings } from '../helpers/rule-tester';

const sls = (events: string) => `service: orders
provider:
  name: aws
  runtime: nodejs20.x
functions:
  create:
    handler: src/create.handler
    events:
${events}`;

const sam = (events: string, extra = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
${extra}  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
${events}`;

const modelsApi = `  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Models:
        Order:
          type: object
`;

run(rule, {
  valid: [
    {
      name: 'request.schemas with a file reference',
      file: 'serverless.yml',
      code: sls(`      - http:\n          path: /orders\n          method: post\n          request:\n            schemas:\n              application/json: \${file(schemas/order.json)}\n`),
    },
    {
      name: 'legacy request.schema and an inline schema object',
      file: 'serverless.yml',
      code: sls(
        `      - http:\n          path: /a\n          method: put\n          request:\n            schema:\n              application/json: \${file(a.json)}\n      - http:\n          path: /b\n          method: patch\n          request:\n            schemas:\n              application/json:\n                type: object\n                required: [id]\n`,
      ),
    },
    { name: 'GET, DELETE, OPTIONS and ANY carry no body to validate', file: 'serverless.yml', code: sls(`      - http: GET /orders\n      - http: DELETE /orders/{id}\n      - http: OPTIONS /orders\n      - http: ANY /{proxy+}\n`) },
    { name: 'HTTP APIs (v2) cannot validate requests in API Gateway: not reported', file: 'serverless.yml', code: sls(`      - httpApi: POST /orders\n`) },
    {
      name: 'SAM RequestModel with ValidateBody: true',
      file: 'template.yaml',
      code: sam(`        Create:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /orders\n            Method: post\n            RequestModel:\n              Model: Order\n              Required: true\n              ValidateBody: true\n`, modelsApi),
    },
    {
      name: 'SAM API defined by OpenAPI (validators may be declared there) and SAM HttpApi',
      file: 'template.yaml',
      code: sam(
        `        Create:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /orders\n            Method: post\n        V2:\n          Type: HttpApi\n          Properties:\n            Path: /v2\n            Method: post\n`,
        `  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      DefinitionBody:\n        openapi: '3.0.1'\n`,
      ),
    },
    {
      name: 'CloudFormation Method with a body validator and a model',
      file: 'template.yaml',
      code: `Resources:
  Validator:
    Type: AWS::ApiGateway::RequestValidator
    Properties:
      RestApiId: !Ref Api
      ValidateRequestBody: true
  Post:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: POST
      AuthorizationType: AWS_IAM
      RequestValidatorId: !Ref Validator
      RequestModels:
        application/json: !Ref OrderModel
  Imported:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: PUT
      RequestValidatorId: !ImportValue shared-validator
`,
    },
  ],
  invalid: [
    {
      name: 'POST without schemas: add request.schemas next to existing request settings',
      file: 'serverless.yml',
      code: sls(`      - http:\n          path: /orders\n          method: post\n          request:\n            parameters:\n              querystrings:\n                dryRun: false\n`),
      errors: [{ text: 'http', line: 9, message: '`POST /orders` (function create) accepts any request body', severity: 'warning' }],
      fixes: [
        {
          title: 'creates schemas/create-post.json',
          output: sls(
            `      - http:\n          path: /orders\n          method: post\n          request:\n            parameters:\n              querystrings:\n                dryRun: false\n            schemas:\n              application/json: \${file(schemas/create-post.json)}\n`,
          ),
        },
      ],
    },
    {
      name: 'shorthand and flow map',
      file: 'serverless.yml',
      code: sls(`      - http: PUT /orders/{id}\n      - http: {path: '/orders/{id}', method: patch}\n`),
      errors: [
        { text: 'http', line: 9, message: '`PUT /orders/{id}`' },
        { text: 'http', line: 10, message: '`PATCH /orders/{id}`' },
      ],
      fixes: [
        {
          finding: 0,
          title: 'JSON Schema',
          output: sls(`      - http:\n          method: PUT\n          path: /orders/{id}\n          request:\n            schemas:\n              application/json: \${file(schemas/create-put.json)}\n      - http: {path: '/orders/{id}', method: patch}\n`),
        },
        {
          finding: 1,
          title: 'JSON Schema',
          output: sls(`      - http: PUT /orders/{id}\n      - http: {path: '/orders/{id}', method: patch, request: {schemas: {application/json: '\${file(schemas/create-patch.json)}'}}}\n`),
        },
      ],
    },
    {
      name: 'SAM: no RequestModel, and a RequestModel without ValidateBody (documentation only)',
      file: 'template.yaml',
      code: sam(
        `        Create:\n          Type: Api\n          Properties:\n            Path: /orders\n            Method: post\n        Update:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /orders/{id}\n            Method: put\n            RequestModel:\n              Model: Order\n              Required: true\n`,
        modelsApi,
      ),
      errors: [
        { text: 'Create', message: 'no `RequestModel`' },
        { text: 'Update', message: 'without `ValidateBody: true`' },
      ],
      fixes: [
        {
          finding: 1,
          title: 'ValidateBody: true',
          output: sam(
            `        Create:\n          Type: Api\n          Properties:\n            Path: /orders\n            Method: post\n        Update:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /orders/{id}\n            Method: put\n            RequestModel:\n              Model: Order\n              Required: true\n              ValidateBody: true\n`,
            modelsApi,
          ),
        },
      ],
    },
    {
      name: 'SAM: ValidateParameters alone turns body validation off',
      file: 'template.yaml',
      code: sam(`        Create:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /orders\n            Method: post\n            RequestModel:\n              Model: Order\n              ValidateParameters: true\n`, modelsApi),
      errors: [{ text: 'Create', message: 'without `ValidateBody: true`' }],
    },
    {
      name: 'CloudFormation: no validator, a parameters-only validator, a validator without models (JSON)',
      file: 'template.json',
      code: JSON.stringify(
        {
          Resources: {
            Params: { Type: 'AWS::ApiGateway::RequestValidator', Properties: { RestApiId: { Ref: 'Api' }, ValidateRequestParameters: true } },
            Body: { Type: 'AWS::ApiGateway::RequestValidator', Properties: { RestApiId: { Ref: 'Api' }, ValidateRequestBody: true } },
            A: { Type: 'AWS::ApiGateway::Method', Properties: { HttpMethod: 'POST', AuthorizationType: 'AWS_IAM' } },
            B: { Type: 'AWS::ApiGateway::Method', Properties: { HttpMethod: 'PUT', RequestValidatorId: { Ref: 'Params' } } },
            C: { Type: 'AWS::ApiGateway::Method', Properties: { HttpMethod: 'PATCH', RequestValidatorId: { Ref: 'Body' } } },
          },
        },
        null,
        2,
      ),
      errors: [
        { text: '"A"', message: 'no `RequestValidatorId`' },
        { text: '"B"', message: 'validator `Params` does not set `ValidateRequestBody: true`' },
        { text: '"C"', message: 'no `RequestModels`' },
      ],
    },
  ],
});

describe('api-request-not-validated: the generated schema file', () => {
  const code = sls(`      - http:\n          path: /orders\n          method: post\n`);

  function schemaFix(file: string, files?: Record<string, string>) {
    const [f] = ruleFindings(rule, { file, code, files });
    const fix = f.fixes.find((x) => x.title.includes('JSON Schema'));
    assert.ok(fix);
    return fix;
  }

  it('creates the file next to the config, referenced relative to it', () => {
    const fix = schemaFix('services/orders/serverless.yml');
    const created = fix.changes.filter((c) => c.create);
    assert.equal(created.length, 1);
    assert.equal(created[0].file, '/project/services/orders/schemas/create-post.json');
    assert.equal(created[0].edits.length, 1);
    const out = applyFix(fix, '/project/services/orders/serverless.yml', code);
    assert.ok(out.includes('application/json: ${file(schemas/create-post.json)}'), out);
  });

  it('is a valid draft-04 JSON Schema (what API Gateway models use) that only accepts the listed object shape', () => {
    const fix = schemaFix('serverless.yml');
    const text = fix.changes.find((c) => c.create)!.edits[0].newText;
    const schema = JSON.parse(text);
    assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#');
    assert.equal(schema.type, 'object');
    assert.equal(schema.title, 'POST /orders request body');
    const ajv = new Ajv({ strict: true });
    assert.ok(ajv.validateSchema(schema), JSON.stringify(ajv.errors));
    const validate = ajv.compile(schema);
    assert.equal(validate({}), true);
    assert.equal(validate({ unexpected: 1 }), false);
    assert.equal(validate([]), false);
    assert.equal(validate('text'), false);
  });

  it('does not overwrite an existing file', () => {
    const fix = schemaFix('serverless.yml', { 'schemas/create-post.json': '{}' });
    assert.equal(fix.changes.find((c) => c.create)!.file, '/project/schemas/create-post-2.json');
    assert.ok(applyFix(fix, '/project/serverless.yml', code).includes('${file(schemas/create-post-2.json)}'));
  });

  it('gives two POST routes of one function different files', () => {
    const two = sls(`      - http: POST /a\n      - http: POST /b\n`);
    const found = ruleFindings(rule, { file: 'serverless.yml', code: two });
    const files = found.map((f) => f.fixes.flatMap((x) => x.changes.filter((c) => c.create).map((c) => c.file))[0]);
    assert.deepEqual(files, ['/project/schemas/create-post.json', '/project/schemas/create-post-2.json']);
  });
});
