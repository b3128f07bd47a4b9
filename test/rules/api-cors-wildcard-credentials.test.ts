import rule from '../../rules/api-cors-wildcard-credentials';
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ruleFindings, run } from '../helpers/rule-tester';

const sls = (provider: string, events: string, fnExtra = '') => `service: web
provider:
  name: aws
${provider}functions:
  api:
    handler: src/api.handler
${fnExtra}    events:
${events}`;

/** A SAM REST API with `Cors` (origin as written, credentials allowed) and an HTTP API with `CorsConfiguration`. */
const samApis = (allowOrigin: string, httpCors: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors:
        AllowOrigin: ${allowOrigin}
        AllowCredentials: true
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration: ${httpCors}
`;

run(rule, {
  valid: [
    { name: 'cors: true has no credentials', file: 'serverless.yml', code: sls('', `      - http:\n          path: /x\n          method: get\n          cors: true\n`) },
    {
      name: 'credentials with an explicit origin',
      file: 'serverless.yml',
      code: sls(
        `  httpApi:\n    cors:\n      allowedOrigins:\n        - https://app.example.com\n      allowCredentials: true\n`,
        `      - http:\n          path: /x\n          method: get\n          cors:\n            origin: https://app.example.com\n            allowCredentials: true\n`,
      ),
    },
    { name: 'wildcard without credentials', file: 'serverless.yml', code: sls(`  httpApi:\n    cors:\n      allowedOrigins: ['*']\n`, `      - httpApi: GET /x\n`) },
    { name: 'credentials false', file: 'serverless.yml', code: sls('', `      - http:\n          path: /x\n          method: get\n          cors:\n            origin: '*'\n            allowCredentials: false\n`) },
    {
      name: 'SAM: AllowOrigin from a parameter, HttpApi CorsConfiguration: true',
      file: 'template.yaml',
      code: samApis(`!Sub "'\${Origin}'"`, 'true'),
    },
    {
      name: 'CloudFormation HTTP API with listed origins',
      file: 'template.yaml',
      code: `Resources:\n  Http:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      ProtocolType: HTTP\n      CorsConfiguration:\n        AllowOrigins: [https://a.example.com]\n        AllowCredentials: true\n`,
    },
  ],
  invalid: [
    {
      name: "serverless http.cors: origin '*', origin defaulting to '*', '*' among origins",
      file: 'serverless.yml',
      code: sls(
        '',
        `      - http:\n          path: /a\n          method: get\n          cors:\n            origin: '*'\n            allowCredentials: true\n      - http:\n          path: /b\n          method: get\n          cors:\n            allowCredentials: true\n      - http:\n          path: /c\n          method: get\n          cors:\n            origins:\n              - https://app.example.com\n              - '*'\n            allowCredentials: true\n`,
      ),
      errors: [
        { text: 'true', line: 13, message: 'functions.api.events[0].http.cors (GET /a)', severity: 'warning' },
        { text: 'true', line: 18, message: "no origin is listed, so it defaults to '*'" },
        { text: 'true', line: 26, message: 'events[2].http.cors (GET /c)' },
      ],
      // `origin: '*'` and the default origin reach the browser as a literal '*': credentials go.
      fixes: [
        { finding: 0, title: 'Stop allowing credentials', output: sls('', `      - http:\n          path: /a\n          method: get\n          cors:\n            origin: '*'\n            allowCredentials: false\n      - http:\n          path: /b\n          method: get\n          cors:\n            allowCredentials: true\n      - http:\n          path: /c\n          method: get\n          cors:\n            origins:\n              - https://app.example.com\n              - '*'\n            allowCredentials: true\n`) },
        { finding: 1, title: 'Stop allowing credentials' },
      ],
    },
    {
      name: 'provider.httpApi.cors and function URL cors',
      file: 'serverless.yml',
      code: sls(
        `  httpApi:\n    cors:\n      allowedOrigins: ['*']\n      allowCredentials: true\n`,
        `      - httpApi: GET /x\n`,
        `    url:\n      authorizer: aws_iam\n      cors:\n        allowCredentials: true\n`,
      ),
      errors: [
        { text: 'true', line: 7, message: 'provider.httpApi.cors' },
        { text: 'true', line: 14, message: 'functions.api.url.cors' },
      ],
    },
    {
      name: 'SAM Globals and resources',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Cors:
      AllowOrigin: "'*'"
      AllowCredentials: true
Resources:
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins:
          - '*'
        AllowCredentials: true
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      FunctionUrlConfig:
        AuthType: AWS_IAM
        Cors:
          AllowOrigins: ['*']
          AllowCredentials: true
`,
      fixes: [{ finding: 0, title: 'Stop allowing credentials' }],
      errors: [
        { text: 'true', line: 6, message: 'Globals.Api.Cors' },
        { text: 'true', line: 14, message: 'Resources.Http.Properties.CorsConfiguration' },
        { text: 'true', line: 24, message: 'Resources.Fn.Properties.FunctionUrlConfig.Cors' },
      ],
    },
    {
      name: 'CloudFormation JSON: HTTP API and function URL',
      file: 'template.json',
      code: JSON.stringify(
        {
          Resources: {
            Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP', CorsConfiguration: { AllowOrigins: ['*'], AllowCredentials: true } } },
            Url: { Type: 'AWS::Lambda::Url', Properties: { AuthType: 'AWS_IAM', TargetFunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Cors: { AllowOrigins: ['*'], AllowCredentials: true } } },
          },
        },
        null,
        2,
      ),
      errors: [
        { text: 'true', message: 'Resources.Http.Properties.CorsConfiguration' },
        { text: 'true', message: 'Resources.Url.Properties.Cors' },
      ],
    },
  ],
});

const fixTitles = (f: { fixes: { title: string; placeholder?: unknown }[] }) => f.fixes.filter((x) => x.placeholder === undefined).map((x) => x.title);

it("no fix where the '*' may be echoed or CORS is applied by the service: serverless `origins` lists, HTTP APIs, function URLs", () => {
  const found = ruleFindings(rule, {
    file: 'serverless.yml',
    code: sls(
      `  httpApi:\n    cors:\n      allowedOrigins: ['*']\n      allowCredentials: true\n`,
      `      - http:\n          path: /c\n          method: get\n          cors:\n            origins:\n              - https://app.example.com\n              - '*'\n            allowCredentials: true\n`,
      `    url:\n      authorizer: aws_iam\n      cors:\n        allowCredentials: true\n`,
    ),
  });
  assert.equal(found.length, 3);
  for (const f of found) assert.deepEqual(fixTitles(f), [], f.message);
});

it('SAM REST Cors gets the fix; its HttpApi CorsConfiguration and FunctionUrlConfig do not', () => {
  const found = ruleFindings(rule, {
    file: 'template.yaml',
    code: samApis(`"'*'"`, `\n        AllowOrigins: ['*']\n        AllowCredentials: true`),
  });
  assert.equal(found.length, 2);
  assert.equal(fixTitles(found[0]).length, 1);
  assert.deepEqual(fixTitles(found[1]), []);
});
