/**
 * Endpoints defined only in an OpenAPI / Swagger body (SAM `DefinitionBody`, CloudFormation
 * `Body`, the same under serverless.yml `resources:`): judged per operation, at the operation's
 * key. Written before model/openapi.ts.
 */
import noAuth from '../../rules/api-endpoint-no-authorizer';
import notValidated from '../../rules/api-request-not-validated';
import apiKeyOnly from '../../rules/api-key-not-authentication';
import { run } from '../helpers/rule-tester';
import { SAM_API_BODY } from '../helpers/templates';

const samApi = (body: string, apiProps = '', type = 'AWS::Serverless::Api') => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: ${type}
    Properties:
      StageName: prod
${apiProps}      DefinitionBody:
${body}  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
`;

const lambdaIntegration = (indent: string) =>
  `${indent}x-amazon-apigateway-integration:\n${indent}  type: aws_proxy\n${indent}  httpMethod: POST\n${indent}  uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations\n`;

const swaggerPost = (opExtra = '', rootExtra = '') => `        swagger: '2.0'
        info: {title: orders}
${rootExtra}        paths:
          /orders:
            post:
${opExtra}${lambdaIntegration('              ')}`;

const oas3Post = (opExtra = '', rootExtra = '') => `        openapi: '3.0.1'
        info: {title: orders}
${rootExtra}        paths:
          /orders:
            post:
${opExtra}${lambdaIntegration('              ')}`;

const cognitoScheme2 = `        securityDefinitions:
          Cog:
            type: apiKey
            name: Authorization
            in: header
            x-amazon-apigateway-authtype: cognito_user_pools
            x-amazon-apigateway-authorizer:
              type: cognito_user_pools
              providerARNs: [arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_x]
`;

const cognitoScheme3 = `        components:
          securitySchemes:
            Cog:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authorizer:
                type: cognito_user_pools
                providerARNs: [arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_x]
`;

const slsWithBody = (body: string) => `service: orders
provider:
  name: aws
  runtime: nodejs20.x
functions:
  create:
    handler: src/create.handler
resources:
  Resources:
    Api:
      Type: AWS::ApiGateway::RestApi
      Properties:
        Name: orders
        Body:
${body}`;

const slsBody = `          swagger: '2.0'
          info: {title: orders}
          paths:
            /orders:
              get:
                x-amazon-apigateway-integration:
                  type: http_proxy
                  httpMethod: GET
                  uri: https://example.com/orders
`;

run(noAuth, {
  valid: [
    { name: 'operation security names a Cognito authorizer (Swagger 2)', file: 'template.yaml', code: samApi(swaggerPost(`              security:\n                - Cog: []\n`, cognitoScheme2)) },
    { name: 'root-level security applies to every operation (OpenAPI 3)', file: 'template.yaml', code: samApi(oas3Post('', cognitoScheme3 + `        security:\n          - Cog: []\n`)) },
    { name: 'x-amazon-apigateway-auth AWS_IAM on the operation', file: 'template.yaml', code: samApi(swaggerPost(`              x-amazon-apigateway-auth:\n                type: AWS_IAM\n`)) },
    {
      name: 'SigV4 security scheme',
      file: 'template.yaml',
      code: samApi(swaggerPost(`              security:\n                - sigv4: []\n`, `        securityDefinitions:\n          sigv4:\n            type: apiKey\n            name: Authorization\n            in: header\n            x-amazon-apigateway-authtype: awsSigv4\n`)),
    },
    {
      name: 'SAM Auth.DefaultAuthorizer is applied to the body by SAM',
      file: 'template.yaml',
      code: samApi(swaggerPost(), `      Auth:\n        DefaultAuthorizer: Cog\n        Authorizers:\n          Cog:\n            UserPoolArn: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_x\n`),
    },
    { name: 'a private API (EndpointConfiguration PRIVATE) is decided by its resource policy', file: 'template.yaml', code: samApi(swaggerPost(), `      EndpointConfiguration:\n        Type: PRIVATE\n`) },
    {
      name: 'a resource policy in the body decides who may call',
      file: 'template.yaml',
      code: samApi(swaggerPost('', `        x-amazon-apigateway-policy:\n          Version: '2012-10-17'\n          Statement:\n            - Effect: Allow\n              Principal: {AWS: arn:aws:iam::123456789012:root}\n              Action: execute-api:Invoke\n              Resource: '*'\n`)),
    },
    {
      name: 'a body given by a file is unknown here, not public',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      DefinitionUri: ./openapi.yaml\n`,
    },
    {
      name: 'a body included with AWS::Include stays unknown',
      file: 'template.yaml',
      code: samApi(`          Fn::Transform:\n            Name: AWS::Include\n            Parameters:\n              Location: s3://bucket/openapi.yaml\n`),
    },
    {
      name: 'OPTIONS (CORS preflight) and mock integrations are not reported',
      file: 'template.yaml',
      code: samApi(`        swagger: '2.0'\n        paths:\n          /orders:\n            options:\n              x-amazon-apigateway-integration:\n                type: mock\n            get:\n              x-amazon-apigateway-integration:\n                type: mock\n                requestTemplates:\n                  application/json: '{"statusCode": 200}'\n`),
    },
    {
      name: 'an API-key-only operation is api-key-not-authentication\'s',
      file: 'template.yaml',
      code: samApi(swaggerPost(`              security:\n                - api_key: []\n`, `        securityDefinitions:\n          api_key:\n            type: apiKey\n            name: x-api-key\n            in: header\n`)),
    },
    {
      name: 'a Lambda TOKEN authorizer in the serverless.yml resources body',
      file: 'serverless.yml',
      code: slsWithBody(`          swagger: '2.0'\n          securityDefinitions:\n            tok:\n              type: apiKey\n              name: Authorization\n              in: header\n              x-amazon-apigateway-authtype: custom\n              x-amazon-apigateway-authorizer:\n                type: token\n                authorizerUri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:auth/invocations\n          security:\n            - tok: []\n          paths:\n            /orders:\n              get:\n                x-amazon-apigateway-integration:\n                  type: http_proxy\n                  uri: https://example.com/orders\n`),
    },
  ],
  invalid: [
    { name: 'Swagger 2 body, operation without security', file: 'template.yaml', code: samApi(swaggerPost()), errors: [{ text: 'post', line: 13, message: '`POST /orders`' }] },
    {
      name: 'OpenAPI 3 operation opting out with security: [] despite root security',
      file: 'template.yaml',
      code: samApi(oas3Post(`              security: []\n`, cognitoScheme3 + `        security:\n          - Cog: []\n`)),
      errors: [{ text: '[]', message: 'security: []' }],
    },
    { name: 'x-amazon-apigateway-auth NONE', file: 'template.yaml', code: samApi(swaggerPost(`              x-amazon-apigateway-auth:\n                type: NONE\n`)), errors: [{ text: 'NONE' }] },
    { name: 'HTTP API body without security', file: 'template.yaml', code: samApi(oas3Post(), '', 'AWS::Serverless::HttpApi'), errors: [{ text: 'post' }] },
    { name: 'CloudFormation RestApi Body under serverless.yml resources', file: 'serverless.yml', code: slsWithBody(slsBody), errors: [{ text: 'get', line: 19 }] },
    {
      name: 'a security requirement naming a scheme defined elsewhere is unknown; only the operation without any is reported',
      file: 'template.yaml',
      code: samApi(`        swagger: '2.0'\n        paths:\n          /a:\n            get:\n              security:\n                - Missing: []\n${lambdaIntegration('              ')}          /b:\n            delete:\n${lambdaIntegration('              ')}`),
      errors: [{ text: 'delete', message: '`DELETE /b`' }],
    },
  ],
});

run(notValidated, {
  valid: [
    {
      name: 'root request validator validating the body',
      file: 'template.yaml',
      code: samApi(
        swaggerPost(
          `              parameters:\n                - in: body\n                  name: order\n                  required: true\n                  schema: {type: object}\n`,
          `        x-amazon-apigateway-request-validators:\n          all:\n            validateRequestBody: true\n            validateRequestParameters: true\n        x-amazon-apigateway-request-validator: all\n`,
        ),
      ),
    },
    { name: 'HTTP APIs cannot validate and are not reported', file: 'template.yaml', code: samApi(oas3Post(), '', 'AWS::Serverless::HttpApi') },
  ],
  invalid: [
    { name: 'POST operation with no validator', file: 'template.yaml', code: samApi(swaggerPost()), errors: [{ text: 'post', message: 'x-amazon-apigateway-request-validator' }] },
    {
      name: 'operation validator that only checks parameters',
      file: 'template.yaml',
      code: samApi(
        swaggerPost(
          `              x-amazon-apigateway-request-validator: params\n`,
          `        x-amazon-apigateway-request-validators:\n          params:\n            validateRequestBody: false\n            validateRequestParameters: true\n`,
        ),
      ),
      errors: [{ text: 'post', message: 'validateRequestBody' }],
    },
  ],
});

// --- bodies in local files (DefinitionUri, AWS::Include), read through the project ------------

const externalSpec = (security = '') => `swagger: '2.0'
info: {title: orders}
${security}paths:
  /orders:
    post:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:create/invocations
`;

const uriTemplate = (uri: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: ${uri}
`;

const includeTemplate = (location: string) => `${SAM_API_BODY}        Fn::Transform:
          Name: AWS::Include
          Parameters:
            Location: ${location}
`;

const cogDefs = `securityDefinitions:
  Cog:
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authorizer:
      type: cognito_user_pools
      providerARNs: [arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_x]
security:
  - Cog: []
`;

run(noAuth, {
  valid: [
    { name: 'DefinitionUri file whose root security names an authorizer', file: 'template.yaml', code: uriTemplate('./api/openapi.yaml'), files: { 'api/openapi.yaml': externalSpec(cogDefs) } },
    { name: 'an S3 DefinitionUri is not read', file: 'template.yaml', code: uriTemplate('s3://bucket/openapi.yaml') },
    { name: 'a missing local file is unknown, not public', file: 'template.yaml', code: uriTemplate('./missing.yaml') },
    { name: 'a path outside the template folder is never read', file: 'sub/template.yaml', code: uriTemplate('../openapi.yaml'), files: { 'openapi.yaml': externalSpec() } },
  ],
  invalid: [
    {
      name: 'DefinitionUri to a local file with an unprotected operation (reported at DefinitionUri, the operation as related)',
      file: 'template.yaml',
      code: uriTemplate('./api/openapi.yaml'),
      files: { 'api/openapi.yaml': externalSpec() },
      errors: [{ text: './api/openapi.yaml', message: '`POST /orders`' }],
    },
    {
      name: 'AWS::Include of a local file',
      file: 'template.yaml',
      code: includeTemplate('openapi.yaml'),
      files: { 'openapi.yaml': externalSpec() },
      errors: [{ text: 'openapi.yaml', line: 11 }],
    },
  ],
});


run(apiKeyOnly, {
  valid: [{ name: 'an API key next to an authorizer', file: 'template.yaml', code: samApi(swaggerPost(`              security:\n                - api_key: []\n                  Cog: []\n`, cognitoScheme2 + `          api_key:\n            type: apiKey\n            name: x-api-key\n            in: header\n`)) }],
  invalid: [
    {
      name: 'an operation protected only by an API key scheme',
      file: 'template.yaml',
      code: samApi(swaggerPost(`              security:\n                - api_key: []\n`, `        securityDefinitions:\n          api_key:\n            type: apiKey\n            name: x-api-key\n            in: header\n`)),
      errors: [{ text: 'api_key', line: 20, severity: 'info', message: 'API key scheme' }],
    },
  ],
});

run(noAuth, {
  valid: [],
  invalid: [
    {
      name: 'several unprotected operations of one file: one finding at the reference',
      file: 'template.yaml',
      code: uriTemplate('api.yaml'),
      files: { 'api.yaml': externalSpec().replace('paths:\n', 'paths:\n  /metrics:\n    get:\n      x-amazon-apigateway-integration:\n        type: http_proxy\n        uri: https://example.com/metrics\n') },
      errors: [{ text: 'api.yaml', message: '2 operations of the OpenAPI file `api.yaml`' }],
    },
  ],
});

run(notValidated, {
  valid: [
    {
      name: 'a DefinitionUri file whose API validates bodies',
      file: 'template.yaml',
      code: uriTemplate('api.yaml'),
      files: { 'api.yaml': externalSpec(`x-amazon-apigateway-request-validators:\n  body:\n    validateRequestBody: true\nx-amazon-apigateway-request-validator: body\n`) },
    },
  ],
  invalid: [{ name: 'a DefinitionUri file without validators', file: 'template.yaml', code: uriTemplate('api.yaml'), files: { 'api.yaml': externalSpec() }, errors: [{ text: 'api.yaml', message: '`POST /orders` in the OpenAPI file `api.yaml`' }] }],
});

run(noAuth, {
  valid: [
    {
      name: 'SAM event Auth.Authorizer on the same path and method is written into the body by SAM',
      file: 'template.yaml',
      code: samApi(swaggerPost(), `      Auth:\n        Authorizers:\n          Cog:\n            UserPoolArn: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_x\n`).replace(
        '      Runtime: python3.12\n',
        '      Runtime: python3.12\n      Events:\n        Post:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /orders\n            Method: post\n            Auth:\n              Authorizer: Cog\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'an event on another path does not protect the body operation',
      file: 'template.yaml',
      code: samApi(swaggerPost(), `      Auth:\n        Authorizers:\n          Cog:\n            UserPoolArn: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_x\n`).replace(
        '      Runtime: python3.12\n',
        '      Runtime: python3.12\n      Events:\n        Get:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /other\n            Method: get\n            Auth:\n              Authorizer: Cog\n',
      ),
      errors: [{ text: 'post' }],
    },
  ],
});

run(notValidated, {
  valid: [
    {
      name: 'the SAM event\'s RequestModel with ValidateBody: true validates the body operation',
      file: 'template.yaml',
      code: samApi(swaggerPost()).replace(
        '      Runtime: python3.12\n',
        '      Runtime: python3.12\n      Events:\n        Post:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /orders\n            Method: post\n            RequestModel:\n              Model: Order\n              ValidateBody: true\n',
      ),
    },
  ],
  invalid: [],
});

run(noAuth, {
  valid: [],
  invalid: [
    {
      name: 'the SAM event opts the body operation out with Authorizer: NONE despite a DefaultAuthorizer: one finding, on the event',
      file: 'template.yaml',
      code: samApi(swaggerPost(), `      Auth:\n        DefaultAuthorizer: Cog\n        Authorizers:\n          Cog:\n            UserPoolArn: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_x\n`).replace(
        '      Runtime: python3.12\n',
        '      Runtime: python3.12\n      Events:\n        Post:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /orders\n            Method: post\n            Auth:\n              Authorizer: NONE\n',
      ),
      errors: [{ text: 'NONE', message: '`Authorizer: NONE` overrides' }],
    },
  ],
});
