import rule from '../../rules/api-endpoint-no-authorizer';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, ruleFindings } from '../helpers/rule-tester';
import { useCodeParsers } from '../helpers/injection';
import { CFN_VERSION, SAM_API_BODY } from '../helpers/templates';

const sls = (events: string, provider = '') => `service: orders
provider:
  name: aws
  runtime: nodejs20.x
${provider}functions:
  create:
    handler: src/create.handler
    events:
${events}`;

const sam = (events: string, extra = '', globals = '') => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
${globals}Resources:
${extra}  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
${events}`;

const cognitoApi = `  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: Cog
        Authorizers:
          Cog:
            UserPoolArn: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_x
`;

/** A role of the file that calls the API: the caller is an AWS principal, IAM authorization fits. */
const AWS_CALLER = `  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: execute-api:Invoke\n          Resource: arn:aws:execute-api:eu-west-1:123456789012:abc/*\n`;
const AWS_CALLER_CFN = `  Caller:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Action: execute-api:Invoke\n            Resource: arn:aws:execute-api:eu-west-1:123456789012:abc/*\n`;

const openApiAuth = (op: string, uri: string, path = '/auth') => `${CFN_VERSION}${SAM_API_BODY}        openapi: 3.0.1
        paths:
          ${path}:
            post:
              ${op}
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: ${uri}
  AuthFn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
`;
const LAMBDA_URI = (fn: string) => `!Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${fn}/invocations`;
const SWAGGER_AUTH = (opId: string, fn: string) => `swagger: '2.0'\npaths:\n  /auth:\n    post:\n      operationId: ${opId}\n      x-amazon-apigateway-integration:\n        type: aws_proxy\n        httpMethod: POST\n        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${fn}/invocations\n`;
const SWAGGER_SAM = `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      DefinitionUri: swagger.yaml\n`;

/** An Express app behind serverless-http: a constant /hello, a /items write, optionally more routes. */
const expressApp = (more = '', head = '') => `const serverless = require('serverless-http');
const express = require('express');
const AWS = require('aws-sdk');
${head}const db = new AWS.DynamoDB.DocumentClient();
const app = express();
app.use(express.json());
${more}app.get('/hello', (req, res) => res.json({ message: 'hi' }));
app.post('/items', async (req, res) => {
  await db.put({ TableName: process.env.TABLE, Item: req.body }).promise();
  res.sendStatus(201);
});
module.exports.handler = serverless(app);
`;

useCodeParsers();

/** Round 13 held-out sample: a SAM `POST /` Discord interactions endpoint, and a handler that checks the request with `verify_request.py` before storing it. */
const DISCORD_SAM = sam(`        Interactions:\n          Type: Api\n          Properties:\n            Path: /\n            Method: post\n`).replace('      Handler: app.handler\n', '      CodeUri: src/\n      Handler: app.lambda_handler\n');
const DISCORD_APP = `import json\nimport boto3\nfrom verify_request import verify_request\n\ntable = boto3.resource('dynamodb').Table('t')\n\ndef lambda_handler(event, context):\n    if not verify_request(event):\n        return {'statusCode': 401}\n    table.put_item(Item=json.loads(event['body']))\n    return {'statusCode': 200}\n`;

run(rule, {
  valid: [
    // --- round 12, class 1: nothing to protect (the code the route reaches touches nothing) --------
    ...(
      [
        ['a hello-world POST answering a constant', 'POST /hello', 'src/create.js', `exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ message: 'Hello' }) });\n`],
        ['a GET echoing the caller its own event', 'GET /echo', 'src/create.js', `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });\n`],
        ['an ANY route returning the current time', 'ANY /time', 'src/create.js', `exports.handler = async () => ({ statusCode: 200, body: new Date().toISOString() });\n`],
        ['a GET serving a page bundled with the function', 'GET /', 'src/create.js', `const fs = require('fs');\nconst path = require('path');\nexports.handler = async () => ({ statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: fs.readFileSync(path.join(__dirname, 'index.html'), 'utf8') });\n`],
        ['a stateless calculator computing from the request numbers', 'POST /add', 'src/create.js', `exports.handler = async (event) => {\n  const { a, b } = JSON.parse(event.body);\n  return { statusCode: 200, body: JSON.stringify({ sum: Number(a) + Number(b) }) };\n};\n`],
        ['a TODO stub returning {}', 'PUT /orders/{id}', 'src/create.js', `// TODO: store the order\nexports.handler = async (event) => ({});\n`],
        // round 13 held-out sample: the posted list validated with Zod, nothing stored
        ['a stateless calculator validating the posted list with Zod', 'POST /stats', 'src/create.ts', `import { z } from 'zod';\nconst Input = z.object({ values: z.array(z.number()).min(1) });\nexport const handler = async (event: { body: string }) => {\n  const { values } = Input.parse(JSON.parse(event.body));\n  return { statusCode: 200, body: JSON.stringify({ mean: values.reduce((a, b) => a + b, 0) / values.length }) };\n};\n`],
      ] as const
    ).map(([name, route, file, text]) => ({ name: `round 12: ${name}: not reported`, file: 'serverless.yml', code: sls(`      - http: ${route}\n`), files: { [file]: text } })),
    {
      name: 'round 13: a Python calculator validating the body with pydantic: touches nothing',
      file: 'serverless.yml',
      code: `service: s\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  calc:\n    handler: handler.calc\n    events:\n      - http: POST /calc\n`,
      files: { 'handler.py': `import json\nfrom pydantic import BaseModel\n\nclass Numbers(BaseModel):\n    values: list[float]\n\ndef calc(event, context):\n    n = Numbers.model_validate_json(event['body'])\n    return {'statusCode': 200, 'body': json.dumps({'sum': sum(n.values)})}\n` },
    },
    {
      name: 'round 12: Python hello in a module that connects to a database at import for its other handlers: hello touches nothing',
      file: 'serverless.yml',
      code: `service: s\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  hello:\n    handler: handler.hello\n    events:\n      - http: GET /hello\n`,
      files: { 'handler.py': `import json, os\nimport psycopg2\n\nconn = psycopg2.connect(os.environ['DB_URL'])\n\ndef hello(event, context):\n    return {'statusCode': 200, 'body': json.dumps({'message': 'hi'})}\n\ndef items(event, context):\n    cur = conn.cursor()\n    cur.execute('SELECT * FROM items')\n    return {'statusCode': 200, 'body': json.dumps(cur.fetchall())}\n` },
    },
    // --- round 12, class 4: log-in / sign-up routes named only by their integration --------------
    { name: 'round 12: POST /auth whose operationId is authLogin is a log-in route', file: 'template.yaml', code: openApiAuth('operationId: authLogin', LAMBDA_URI('other-fn')) },
    { name: 'round 12: POST /auth whose integration URI names prod-authSignup is a sign-up route', file: 'template.yaml', code: openApiAuth('summary: sign up', LAMBDA_URI('${Stage}-authSignup')) },
    { name: 'round 12: an OpenAPI file whose /auth operation invokes prod-authLogin', file: 'template.yaml', code: SWAGGER_SAM, files: { 'swagger.yaml': SWAGGER_AUTH('auth', 'prod-authLogin') } },
    // --- round 12, class 3: a web app behind one function: a gateway route gets what its app routes do --
    { name: 'round 12: GET /hello in front of an Express app reaches only its constant /hello route', file: 'serverless.yml', code: sls(`      - http: GET /hello\n`), files: { 'src/create.js': expressApp() } },
    { name: 'round 12: ANY / in front of an Express app without a / route is a 404: nothing to report', file: 'serverless.yml', code: sls(`      - http: ANY /\n`), files: { 'src/create.js': expressApp() } },
    { name: "round 12: GET / reaching the app's constant / route", file: 'serverless.yml', code: sls(`      - httpApi: GET /\n`), files: { 'src/create.js': expressApp(`app.get('/', (req, res) => res.send('ok'));\n`) } },
    // --- issue 10, class 4: endpoint rules know their context -------------------------------
    ...['google', 'openwhisk', 'cloudflare', 'fn', 'aliyun', 'azure', 'kubeless'].map((name) => ({
      name: `provider ${name}: no API Gateway, no advice`,
      file: 'serverless.yml',
      code: `service: s\nprovider:\n  name: ${name}\n  runtime: nodejs20\nfunctions:\n  hello:\n    handler: hello\n    events:\n      - http:\n          path: hello\n          method: get\n      - http: true\n`,
    })),
    {
      name: 'PRIVATE SAM API whose resource policy denies everything but one VPC endpoint',
      file: 'template.yaml',
      code: sam(
        `        Get:\n          Type: Api\n          Properties:\n            RestApiId: !Ref PrivateApi\n            Path: /\n            Method: get\n`,
        `  PrivateApi:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      EndpointConfiguration:\n        Type: PRIVATE\n        VpcEndpointIds: [!Ref ApiVPCEndpoint]\n      Auth:\n        ResourcePolicy:\n          CustomStatements:\n            - Effect: Deny\n              Principal: "*"\n              Action: execute-api:Invoke\n              Resource: !Sub "arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:*/*"\n              Condition:\n                StringNotEquals:\n                  aws:sourceVpce: !Ref ApiVPCEndpoint\n            - Effect: Allow\n              Principal: "*"\n              Action: execute-api:Invoke\n              Resource: !Sub "arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:*/*"\n`,
      ),
    },
    {
      name: 'SAM API with an allowlist shorthand (IntrinsicVpceWhitelist)',
      file: 'template.yaml',
      code: sam(
        `        Get:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /\n            Method: get\n`,
        `  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      Auth:\n        ResourcePolicy:\n          IntrinsicVpceWhitelist: [!Ref Vpce]\n`,
      ),
    },
    {
      name: 'CloudFormation PRIVATE RestApi: Allow * plus Deny unless aws:sourceVpce',
      file: 'template.yaml',
      code: `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      EndpointConfiguration:
        Types: [PRIVATE]
      Policy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: execute-api:Invoke
            Resource: execute-api:/*
          - Effect: Deny
            Principal: "*"
            Action: execute-api:Invoke
            Resource: execute-api:/*
            Condition:
              StringNotEquals:
                aws:sourceVpce: !Ref VPCEndpoint
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
`,
    },
    {
      name: 'serverless REST API limited to IP ranges by provider.apiGateway.resourcePolicy',
      file: 'serverless.yml',
      code: sls(
        `      - http: GET /orders\n`,
        `  apiGateway:\n    resourcePolicy:\n      - Effect: Allow\n        Principal: '*'\n        Action: execute-api:Invoke\n        Resource: execute-api:/*\n        Condition:\n          IpAddress:\n            aws:SourceIp: [203.0.113.0/24]\n`,
      ),
    },
    {
      name: 'mutual TLS: quick-create HTTP API served only through an mTLS custom domain',
      file: 'template.yaml',
      code: `Resources:
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: mtls
      ProtocolType: HTTP
      DisableExecuteApiEndpoint: true
      Target: !GetAtt Fn.Arn
  CustDomainName:
    Type: AWS::ApiGatewayV2::DomainName
    Properties:
      DomainName: !Ref CustomDomainName
      DomainNameConfigurations:
        - EndpointType: REGIONAL
          CertificateArn: !Ref CertArn
      MutualTlsAuthentication:
        TruststoreUri: !Ref S3TruststoreURI
  HTTPApiMapping:
    Type: AWS::ApiGatewayV2::ApiMapping
    Properties:
      DomainName: !Ref CustomDomainName
      ApiId: !Ref HttpApi
      Stage: $default
`,
    },
    {
      name: 'mutual TLS: SAM API Domain.MutualTlsAuthentication with the default endpoint disabled',
      file: 'template.yaml',
      code: sam(
        `        Get:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /\n            Method: get\n`,
        `  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      DisableExecuteApiEndpoint: true\n      Domain:\n        DomainName: api.example.com\n        CertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/x\n        MutualTlsAuthentication:\n          TruststoreUri: s3://bucket/truststore.pem\n`,
      ),
    },
    {
      name: 'OpenAPI body: x-amazon-apigateway-policy admitting one VPC endpoint',
      file: 'template.yaml',
      code: `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        openapi: 3.0.1
        x-amazon-apigateway-policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Deny
              Principal: "*"
              Action: execute-api:Invoke
              Resource: execute-api:/*
              Condition:
                StringNotEquals:
                  aws:SourceVpce: vpce-0123
        paths: {}
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
`,
    },
    {
      name: 'OpenAPI body: x-amazon-apigateway-authtype security on the route',
      file: 'template.yaml',
      code: `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        openapi: 3.0.1
        components:
          securitySchemes:
            sigv4:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authtype: awsSigv4
        paths:
          /:
            get:
              security:
                - sigv4: []
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
`,
    },
    { name: 'aws_iam authorizer', file: 'serverless.yml', code: sls(`      - http:\n          path: /orders\n          method: post\n          authorizer: aws_iam\n`) },
    { name: 'Lambda authorizer by function name', file: 'serverless.yml', code: sls(`      - http:\n          path: /orders\n          method: post\n          authorizer: auth\n`) },
    {
      name: 'Cognito authorizer object',
      file: 'serverless.yml',
      code: sls(`      - http:\n          path: /orders\n          method: post\n          authorizer:\n            type: COGNITO_USER_POOLS\n            authorizerId: !Ref Authorizer\n`),
    },
    { name: 'authorizer from an unresolved variable is unknown, not missing', file: 'serverless.yml', code: sls(`      - http:\n          path: /x\n          method: get\n          authorizer: \${ssm:/auth/arn}\n`) },
    { name: 'OPTIONS is never reported', file: 'serverless.yml', code: sls(`      - http:\n          path: /orders\n          method: options\n      - http: OPTIONS /x\n`) },
    { name: 'private: true is reported by api-key-not-authentication instead', file: 'serverless.yml', code: sls(`      - http:\n          path: /orders\n          method: get\n          private: true\n`) },
    {
      name: 'httpApi with a named JWT authorizer and with IAM',
      file: 'serverless.yml',
      code: sls(
        `      - httpApi:\n          method: GET\n          path: /a\n          authorizer:\n            name: cognito\n      - httpApi:\n          method: GET\n          path: /b\n          authorizer:\n            type: aws_iam\n`,
        `  httpApi:\n    authorizers:\n      cognito:\n        issuerUrl: https://cognito-idp.eu-west-1.amazonaws.com/x\n        audience: [abc]\n`,
      ),
    },
    { name: 'websocket routes other than $connect are authorised at connect time', file: 'serverless.yml', code: sls(`      - websocket: $default\n      - websocket:\n          route: sendMessage\n`) },
    { name: 'websocket $connect with an authorizer', file: 'serverless.yml', code: sls(`      - websocket:\n          route: $connect\n          authorizer: auth\n`) },
    { name: 'non-HTTP events', file: 'serverless.yml', code: sls(`      - sqs: arn:aws:sqs:eu-west-1:123456789012:q\n      - schedule: rate(1 hour)\n`) },
    {
      name: 'SAM API with a DefaultAuthorizer',
      file: 'template.yaml',
      code: sam(`        Get:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /me\n            Method: get\n`, cognitoApi),
    },
    {
      name: 'SAM implicit API with Globals.Api.Auth.DefaultAuthorizer',
      file: 'template.yaml',
      code: sam(`        Get:\n          Type: Api\n          Properties:\n            Path: /me\n            Method: get\n`, '', `Globals:\n  Api:\n    Auth:\n      DefaultAuthorizer: AWS_IAM\n`),
    },
    {
      name: 'SAM event with AWS_IAM and an API defined elsewhere',
      file: 'template.yaml',
      code: sam(
        `        A:\n          Type: Api\n          Properties:\n            Path: /a\n            Method: get\n            Auth:\n              Authorizer: AWS_IAM\n        B:\n          Type: Api\n          Properties:\n            RestApiId: !ImportValue shared-api\n            Path: /b\n            Method: get\n`,
      ),
    },
    {
      name: 'SAM API defined by an OpenAPI body (security may be declared there)',
      file: 'template.yaml',
      code: sam(
        `        Get:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /me\n            Method: get\n`,
        `  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      DefinitionUri: openapi.yaml\n`,
      ),
    },
    {
      name: 'SAM HttpApi with a JWT DefaultAuthorizer',
      file: 'template.yaml',
      code: sam(
        `        Get:\n          Type: HttpApi\n          Properties:\n            ApiId: !Ref Http\n            Path: /me\n            Method: get\n`,
        `  Http:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      Auth:\n        DefaultAuthorizer: Jwt\n        Authorizers:\n          Jwt:\n            JwtConfiguration:\n              issuer: https://issuer\n              audience: [a]\n            IdentitySource: $request.header.Authorization\n`,
      ),
    },
    {
      name: 'a public route suppressed with a reason',
      file: 'serverless.yml',
      code: sls(`      # serverless-guard-ignore api-endpoint-no-authorizer -- health check, returns no data\n      - http: GET /health\n`),
    },
    {
      name: 'SAM explicit Authorizer: NONE suppressed with a reason',
      file: 'template.yaml',
      code: sam(
        `        Health:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /health\n            Method: get\n            Auth:\n              # serverless-guard-ignore api-endpoint-no-authorizer -- health check, returns no data\n              Authorizer: NONE\n`,
        cognitoApi,
      ),
    },
    {
      name: 'CloudFormation: IAM method, OPTIONS with NONE, JWT route, WebSocket message route',
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: AWS_IAM
  Preflight:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: OPTIONS
      AuthorizationType: NONE
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Http
      RouteKey: GET /items
      AuthorizationType: JWT
      AuthorizerId: !Ref Jwt
  Ws:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: WEBSOCKET
      RouteSelectionExpression: $request.body.action
  Send:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Ws
      RouteKey: sendmessage
`,
    },
    {
      name: 'token route whose handler compares the password (bcrypt.compare) before signing: public by design: no finding (nothing to change)',
      file: 'serverless.yml',
      code: sls(`      - http: POST /token\n`),
      files: { 'src/create.js': `const jwt = require('jsonwebtoken');\nconst bcrypt = require('bcryptjs');\nconst users = require('./users');\nexports.handler = async (event) => {\n  const { username, password } = JSON.parse(event.body);\n  const user = await users.find(username);\n  if (!user || !(await bcrypt.compare(password, user.hash))) return { statusCode: 401 };\n  return { statusCode: 200, body: jwt.sign({ sub: username }, process.env.KEY) };\n};\n`, 'src/users.js': 'exports.find = async (u) => null;\n' },
    },
    {
      name: 'sign-up route that signs a token for the account it just created: public by design (a new account has no credential yet): no finding',
      file: 'serverless.yml',
      code: sls(`      - http: POST /signup\n`),
      files: { 'src/create.js': `const jwt = require('jsonwebtoken');\nexports.handler = async (event) => {\n  const { username } = JSON.parse(event.body);\n  return { statusCode: 201, body: jwt.sign({ sub: username }, process.env.KEY) };\n};\n` },
    },
    {
      name: 'log-in route comparing the posted password with === before signing: public by design: no finding',
      file: 'serverless.yml',
      code: sls(`      - http: POST /login\n`),
      files: { 'src/create.js': `const jwt = require('jsonwebtoken');\nconst USERS = { admin: process.env.ADMIN_PASSWORD };\nexports.handler = async (event) => {\n  const body = JSON.parse(event.body);\n  if (USERS[body.username] !== body.password) return { statusCode: 401 };\n  return { statusCode: 200, body: jwt.sign({ sub: body.username }, process.env.KEY) };\n};\n` },
    },
    {
      name: 'Python: log-in route that lets Cognito check the password (initiate_auth): public by design: no finding (nothing to change)',
      file: 'serverless.yml',
      code: sls(`      - http: POST /auth/login\n`).replace('src/create.handler', 'src/app.handler').replace('nodejs20.x', 'python3.12'),
      files: { 'src/app.py': `import json, os\nimport boto3\nidp = boto3.client('cognito-idp')\n\ndef handler(event, context):\n    body = json.loads(event['body'])\n    r = idp.initiate_auth(ClientId=os.environ['CLIENT'], AuthFlow='USER_PASSWORD_AUTH', AuthParameters={'USERNAME': body['username'], 'PASSWORD': body['password']})\n    return {'statusCode': 200, 'body': json.dumps(r['AuthenticationResult'])}\n` },
    },
    // --- one cause, one finding; reads left open next to guarded routes ----------------------------
    {
      name: 'GET next to an authorized POST of the same API: left open on purpose (a public catalogue next to guarded writes), not reported',
      file: 'serverless.yml',
      code: sls(`      - http:\n          path: /books\n          method: post\n          authorizer: aws_iam\n      - http: GET /books\n`),
    },
    {
      name: 'SAM: GET next to a route with its own Cognito authorizer on the same API: not reported',
      file: 'template.yaml',
      code: sam(
        `        Add:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /books\n            Method: post\n            Auth:\n              Authorizer: Cog\n        List:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /books\n            Method: get\n`,
        `  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      Auth:\n        Authorizers:\n          Cog:\n            UserPoolArn: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_x\n`,
      ),
    },
    {
      name: 'the one open GET of an API whose every other route has an authorizer: not reported',
      file: 'serverless.yml',
      code: sls(`      - http:\n          path: /videos\n          method: get\n          authorizer: aws_iam\n      - http:\n          path: /videos/{id}\n          method: delete\n          authorizer: aws_iam\n      - http: GET /videos/{id}/preview\n`),
    },
  ],
  invalid: [
    // --- round 12, class 3: what an app route reached does still counts ---------------------------------
    {
      name: 'round 12: POST /items reaches the app route that writes',
      file: 'serverless.yml',
      code: sls(`      - http: POST /items\n`),
      files: { 'src/create.js': expressApp() },
      errors: [{ text: 'http', messageId: 'noAuthorizer', severity: 'warning' }],
    },
    {
      name: 'round 12: ANY /{proxy+} reaches every app route, the write included',
      file: 'serverless.yml',
      code: sls(`      - http: ANY /{proxy+}\n`),
      files: { 'src/create.js': expressApp() },
      errors: [{ text: 'http', messageId: 'noAuthorizer', severity: 'warning' }],
    },
    {
      name: 'round 12: a middleware of another module mounted for every path runs for GET / too: not "nothing to protect" (its module is not followed: today\'s info)',
      file: 'serverless.yml',
      code: sls(`      - http: GET /\n`),
      files: { 'src/create.js': expressApp(`app.use(require('./audit'));\n`), 'src/audit.js': `const AWS = require('aws-sdk');\nconst db = new AWS.DynamoDB.DocumentClient();\nmodule.exports = async (req, res, next) => {\n  await db.update({ TableName: 'Audit', Key: { id: 'hits' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } }).promise();\n  next();\n};\n` },
      errors: [{ text: 'http', severity: 'info', message: 'It only reads' }],
    },
    {
      name: 'round 12: a router of another module mounted at /api is not reached by GET /hello, but ANY /api/{proxy+} reaches it',
      file: 'serverless.yml',
      code: sls(`      - http: GET /hello\n      - http: ANY /api/{proxy+}\n`),
      files: { 'src/create.js': expressApp(`app.use('/api', require('./audit'));\n`).replace(`app.post('/items'`, `app.post('/api/items'`), 'src/audit.js': `const AWS = require('aws-sdk');\nconst db = new AWS.DynamoDB.DocumentClient();\nmodule.exports = async (req, res, next) => {\n  await db.update({ TableName: 'Audit', Key: { id: 'hits' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } }).promise();\n  next();\n};\n` },
      errors: [{ text: 'http', line: 10, messageId: 'noAuthorizer', severity: 'warning' }],
    },
    {
      name: 'round 12: an app that verifies a JWT in an app.use middleware before its routes: info, no fix',
      file: 'serverless.yml',
      code: sls(`      - http: ANY /{proxy+}\n`),
      files: { 'src/create.js': expressApp(`function authenticate(req, res, next) {\n  try { req.user = jwt.verify(req.headers.authorization, process.env.KEY); next(); } catch (e) { res.sendStatus(401); }\n}\napp.use(authenticate);\n`, `const jwt = require('jsonwebtoken');\n`) },
      errors: [{ text: 'http', messageId: 'appAuthenticated', severity: 'info', message: 'jsonwebtoken' }],
    },
    {
      name: 'round 12: passport.authenticate on the write route only: GET /hello is open, POST /items is authenticated',
      file: 'serverless.yml',
      code: sls(`      - http: POST /items\n`),
      files: { 'src/create.js': expressApp().replace(`app.post('/items', async`, `app.post('/items', passport.authenticate('jwt', { session: false }), async`).replace(`const app = express();`, `const passport = require('passport');\nconst app = express();`) },
      errors: [{ text: 'http', messageId: 'appAuthenticated', severity: 'info', message: 'passport' }],
    },
    // --- round 12, class 4: the integration's name must say log-in or sign-up --------------------------
    {
      name: 'round 12: POST /auth whose operationId is authSettings is not a log-in route',
      file: 'template.yaml',
      code: openApiAuth('operationId: authSettings', LAMBDA_URI('prod-authSettings')),
      errors: [{ text: 'post', messageId: 'openapiNoSecurity' }],
    },
    {
      name: 'round 12: a path parameter keeps a named log-in from counting (POST /users/{id} invoking login)',
      file: 'template.yaml',
      code: openApiAuth('operationId: login', LAMBDA_URI('prod-login'), '/users/{id}'),
      errors: [{ text: 'post', messageId: 'openapiNoSecurity' }],
    },
    {
      name: 'round 12: an OpenAPI file whose /auth operation invokes prod-authAudit is reported',
      file: 'template.yaml',
      code: SWAGGER_SAM,
      files: { 'swagger.yaml': SWAGGER_AUTH('auth', 'prod-authAudit') },
      errors: [{ text: 'swagger.yaml' }],
    },
    // --- round 12, class 1: what touches something keeps today's findings ------------------------------
    {
      name: 'round 12: a POST that forwards the body with fetch (outbound HTTP) is not "nothing to protect"',
      file: 'serverless.yml',
      code: sls(`      - http: POST /forward\n`),
      files: { 'src/create.js': `exports.handler = async (event) => {\n  await fetch(process.env.TARGET, { method: 'POST', body: event.body });\n  return { statusCode: 202 };\n};\n` },
      errors: [{ text: 'http', messageId: 'noAuthorizer', severity: 'warning' }],
    },
    {
      name: 'round 12: a Python POST that writes a file with open(..., "w") is not "nothing to protect"',
      file: 'serverless.yml',
      code: `service: s\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  save:\n    handler: handler.save\n    events:\n      - http: POST /save\n`,
      files: { 'handler.py': `def save(event, context):\n    with open('/mnt/efs/' + event['pathParameters']['name'], 'w') as f:\n        f.write(event['body'])\n    return {'statusCode': 201}\n` },
      errors: [{ text: 'http', messageId: 'noAuthorizer', severity: 'warning' }],
    },
    {
      name: 'round 12: a GET returning secret-named environment variables (a layer injects DB_PASSWORD) has something to protect (lambda-config-injector class)',
      file: 'serverless.yml',
      code: `service: s\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  hello:\n    handler: app.handler\n    events:\n      - http: GET /\n`,
      files: { 'app.py': `import json, os\n\ndef handler(event, context):\n    return {'statusCode': 200, 'body': json.dumps({'user': os.getenv('DB_USERNAME'), 'password': os.getenv('DB_PASSWORD')})}\n` },
      errors: [{ text: 'http', severity: 'info' }],
    },
    {
      name: 'round 12: the handler of the same module that uses the import-time connection still queries a database (info on GET)',
      file: 'serverless.yml',
      code: `service: s\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  hello:\n    handler: handler.hello\n    events:\n      - http: GET /hello\n  items:\n    handler: handler.items\n    events:\n      - http: GET /items\n`,
      files: { 'handler.py': `import json, os\nimport psycopg2\n\nconn = psycopg2.connect(os.environ['DB_URL'])\n\ndef hello(event, context):\n    return {'statusCode': 200, 'body': json.dumps({'message': 'hi'})}\n\ndef items(event, context):\n    cur = conn.cursor()\n    cur.execute('SELECT * FROM items')\n    return {'statusCode': 200, 'body': json.dumps(cur.fetchall())}\n` },
      errors: [{ text: 'http', line: 13, messageId: 'readDatabase', severity: 'info', message: 'psycopg2' }],
    },
    {
      name: 'near miss: an authorizer on another path of a mostly public API (checkout beside anonymous cart routes) leaves the open GET reported',
      file: 'serverless.yml',
      code: sls(`      - http: GET /cart\n      - http: POST /cart\n      - http:\n          path: /cart/checkout\n          method: post\n          authorizer: aws_iam\n`),
      errors: [
        { text: 'http', line: 9, severity: 'info', messageId: 'noAuthorizer' },
        { text: 'http', line: 10, severity: 'warning', messageId: 'noAuthorizer' },
      ],
    },
    {
      name: '`ANY /` and `ANY /{proxy+}` of the same function: two findings (an authorizer fix on one route must not bring the other back; merging waits for a fix covering both)',
      file: 'serverless.yml',
      code: sls(`      - http: ANY /\n      - http: ANY /{proxy+}\n`),
      errors: [{ text: 'http', line: 9, severity: 'warning' }, { text: 'http', line: 10, severity: 'warning', message: '`ANY /{proxy+}`' }],
    },
    {
      name: 'near miss: `GET /` next to `ANY /{proxy+}` (another method) is its own finding',
      file: 'serverless.yml',
      code: sls(`      - http: GET /\n      - http: ANY /{proxy+}\n`),
      errors: [{ text: 'http', line: 9, severity: 'info' }, { text: 'http', line: 10, severity: 'warning' }],
    },
    {
      name: 'near miss: a GET next to an authorized route of another API (REST vs HTTP API) is still reported',
      file: 'serverless.yml',
      code: sls(`      - httpApi:\n          path: /books\n          method: post\n          authorizer:\n            type: aws_iam\n      - http: GET /books\n`),
      errors: [{ text: 'http', severity: 'info', messageId: 'noAuthorizer' }],
    },
    {
      name: 'near miss: a GET whose handler writes stays a warning next to an authorized POST',
      file: 'serverless.yml',
      code: sls(`      - http:\n          path: /books\n          method: post\n          authorizer: aws_iam\n      - http: GET /books\n`),
      files: { 'src/create.js': `const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');\nconst db = new DynamoDBClient({});\nexports.handler = async () => {\n  await db.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { id: { S: 'x' } } }));\n  return { statusCode: 200 };\n};\n` },
      errors: [{ text: 'http', line: 13, severity: 'warning', messageId: 'readEffect' }],
    },
    // --- issue 10 class 4: read-only routes are info (public by design as often as not) ----------
    {
      name: 'GET route: info that asks to confirm it is public by design',
      file: 'serverless.yml',
      code: sls(`      - http: GET /products\n`),
      errors: [{ text: 'http', messageId: 'noAuthorizer', severity: 'info', message: 'It only reads (GET/HEAD)' }],
    },
    {
      name: 'HEAD route (HTTP API shorthand): info',
      file: 'serverless.yml',
      code: sls(`      - httpApi: 'HEAD /items'\n`),
      errors: [{ text: 'httpApi', severity: 'info', message: 'confirm that it is meant to be' }],
    },
    {
      name: 'GET by a client-supplied id is info too (a catalogue and a private record API look the same in config)',
      file: 'serverless.yml',
      code: sls(`      - http: GET /users/{id}\n`),
      errors: [{ text: 'http', severity: 'info', message: 'belongs to a user or tenant' }],
    },
    {
      name: 'state-changing and ANY routes stay warnings, next to a GET info',
      file: 'serverless.yml',
      code: sls(`      - http: GET /orders\n      - http: DELETE /orders/{id}\n      - http: ANY /proxy\n      - httpApi: 'PATCH /orders/{id}'\n      - httpApi: '*'\n`),
      errors: [
        { text: 'http', line: 9, severity: 'info' },
        { text: 'http', line: 10, severity: 'warning', messageId: 'noAuthorizer', message: 'Add an authorizer' },
        { text: 'http', line: 11, severity: 'warning' },
        { text: 'httpApi', line: 12, severity: 'warning' },
        { text: 'httpApi', line: 13, severity: 'warning' },
      ],
    },
    {
      name: 'SAM GET with no DefaultAuthorizer: info, keeps the reason',
      file: 'template.yaml',
      code: sam(`        Get:\n          Type: Api\n          Properties:\n            Path: /items\n            Method: get\n`),
      errors: [{ text: 'Get', messageId: 'samImplicitApi', severity: 'info', message: 'It only reads' }],
    },
    {
      name: 'CloudFormation Method: GET is info, POST is a warning',
      file: 'template.yaml',
      code: `Resources:\n  Get:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref Api\n      ResourceId: !Ref R\n      HttpMethod: GET\n      AuthorizationType: NONE\n  Post:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref Api\n      ResourceId: !Ref R\n      HttpMethod: POST\n      AuthorizationType: NONE\n`,
      errors: [
        { messageId: 'cfnNone', severity: 'info' },
        { messageId: 'cfnNone', severity: 'warning' },
      ],
    },
    // --- issue 10, class 4: what still counts as public --------------------------------------
    {
      name: 'a resource policy limited only in time still lets anyone call',
      file: 'template.yaml',
      code: sam(
        `        Get:\n          Type: Api\n          Properties:\n            RestApiId: !Ref TempApi\n            Path: /\n            Method: get\n`,
        `  TempApi:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: Prod\n      Auth:\n        ResourcePolicy:\n          CustomStatements:\n            - Effect: Allow\n              Principal: "*"\n              Action: execute-api:Invoke\n              Resource: execute-api:/Prod/*/*\n              Condition:\n                DateGreaterThan:\n                  aws:CurrentTime: "2022-09-01T00:00:00Z"\n`,
      ),
      errors: [{ text: 'Get', messageId: 'samNoAuthorizer' }],
    },
    {
      name: 'an IP blocklist (IpRangeBlacklist) admits everyone else',
      file: 'template.yaml',
      code: sam(
        `        Get:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /\n            Method: get\n`,
        `  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      Auth:\n        ResourcePolicy:\n          IpRangeBlacklist: [198.51.100.0/24]\n`,
      ),
      errors: [{ text: 'Get', messageId: 'samNoAuthorizer' }],
    },
    {
      name: 'mutual TLS on a custom domain while the default execute-api endpoint stays open',
      file: 'template.yaml',
      code: `Resources:
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: HTTP
      Target: !GetAtt Fn.Arn
  Domain:
    Type: AWS::ApiGatewayV2::DomainName
    Properties:
      DomainName: api.example.com
      MutualTlsAuthentication:
        TruststoreUri: s3://b/t.pem
  Mapping:
    Type: AWS::ApiGatewayV2::ApiMapping
    Properties:
      DomainName: !Ref Domain
      ApiId: !Ref HttpApi
      Stage: $default
`,
      errors: [{ text: 'Target', messageId: 'cfnQuickCreate' }],
    },
    {
      name: 'token route whose handler signs a JWT for any username, checking no credential: stays a warning (mintsUnverified)',
      file: 'serverless.yml',
      code: sls(`      - http: POST /token\n`),
      files: { 'src/create.js': `const jwt = require('jsonwebtoken');\nexports.handler = async (event) => {\n  const { username } = JSON.parse(event.body);\n  const token = jwt.sign({ sub: username, scope: 'admin' }, process.env.KEY);\n  return { statusCode: 200, body: token };\n};\n` },
      errors: [{ text: 'http', messageId: 'mintsUnverified', severity: 'warning', message: 'jwt.sign (src/create.js line 4)' }],
    },
    {
      name: 'Python: log-in route that encodes a JWT (PyJWT) for the posted user without checking anything: a warning',
      file: 'serverless.yml',
      code: sls(`      - http: POST /auth/login\n`).replace('src/create.handler', 'src/app.handler').replace('nodejs20.x', 'python3.12'),
      files: { 'src/app.py': `import json, os\nimport jwt\n\ndef handler(event, context):\n    user = json.loads(event['body'])['username']\n    token = jwt.encode({'sub': user, 'role': 'admin'}, os.environ['KEY'], algorithm='HS256')\n    return {'statusCode': 200, 'body': token}\n` },
      errors: [{ text: 'http', messageId: 'mintsUnverified', severity: 'warning', message: 'jwt.encode' }],
    },
    {
      name: 'Python: token route that vends STS credentials (assume_role) to any caller: a warning',
      file: 'serverless.yml',
      code: sls(`      - http: POST /token\n`).replace('src/create.handler', 'src/app.handler').replace('nodejs20.x', 'python3.12'),
      files: { 'src/app.py': `import os\nimport boto3\nsts = boto3.client('sts')\n\ndef handler(event, context):\n    c = sts.assume_role(RoleArn=os.environ['ROLE'], RoleSessionName='web')\n    return {'statusCode': 200, 'body': c['Credentials']['SessionToken']}\n` },
      errors: [{ text: 'http', messageId: 'mintsUnverified', severity: 'warning', message: 'assume_role' }],
    },
    {
      name: 'an HMAC computed but never compared is not verification',
      file: 'serverless.yml',
      code: sls(`      - http: POST /hook\n`),
      files: { 'src/create.js': `const crypto = require('crypto');\nexports.handler = async (event) => {\n  const sig = crypto.createHmac('sha256', process.env.SECRET).update(event.body).digest('hex');\n  console.log(sig);\n  await fetch(process.env.FORWARD_URL, { method: 'POST', body: event.body });\n  return { statusCode: 200 };\n};\n` },
      errors: [{ text: 'http', messageId: 'noAuthorizer', severity: 'warning' }],
    },
    {
      name: 'Stripe webhooks.constructEvent: authenticated in code (info, says what and where)',
      file: 'serverless.yml',
      code: sls(`      - http: POST /stripe\n`),
      files: { 'src/create.js': `const stripe = require('stripe')(process.env.STRIPE_KEY);\nexports.handler = async (event) => {\n  const sig = event.headers['stripe-signature'];\n  const evt = stripe.webhooks.constructEvent(event.body, sig, process.env.WHSEC);\n  return { statusCode: 200, body: evt.id };\n};\n` },
      errors: [{ text: 'http', messageId: 'webhookVerified', severity: 'info', message: 'Stripe webhook signature (stripe.webhooks.constructEvent) (src/create.js line 4)' }],
    },
    {
      name: 'HMAC of the body compared with the signature header (crypto.timingSafeEqual)',
      file: 'serverless.yml',
      code: sls(`      - http: POST /hook\n`),
      files: { 'src/create.js': `const crypto = require('crypto');\nexports.handler = async (event) => {\n  const expected = crypto.createHmac('sha256', process.env.SECRET).update(event.body).digest();\n  const got = Buffer.from(event.headers['x-signature'], 'hex');\n  if (!crypto.timingSafeEqual(expected, got)) return { statusCode: 401 };\n  return { statusCode: 200 };\n};\n` },
      errors: [{ text: 'http', messageId: 'webhookVerified', severity: 'info', message: 'crypto.timingSafeEqual' }],
    },
    {
      name: 'HMAC digest compared with === in a helper module the handler imports',
      file: 'serverless.yml',
      code: sls(`      - http: POST /hook\n`),
      files: {
        'src/create.js': `const { verify } = require('./verify');\nexports.handler = async (event) => {\n  if (!verify(event)) return { statusCode: 401 };\n  return { statusCode: 200 };\n};\n`,
        'src/verify.js': `const crypto = require('crypto');\nexports.verify = (event) => {\n  const digest = 'sha256=' + crypto.createHmac('sha256', process.env.SECRET).update(event.body).digest('hex');\n  return digest === event.headers['x-hub-signature-256'];\n};\n`,
      },
      errors: [{ text: 'http', messageId: 'webhookVerified', severity: 'info', message: 'src/verify.js line 4' }],
    },
    {
      name: 'HMAC computed by a local signing function, compared with !== to the header',
      file: 'serverless.yml',
      code: sls(`      - http: POST /webhook\n`),
      files: { 'src/create.js': `const crypto = require('crypto');\nfunction signRequestBody(key, body) {\n  return \`sha1=\${crypto.createHmac('sha1', key).update(body, 'utf-8').digest('hex')}\`;\n}\nexports.handler = async (event) => {\n  const sig = event.headers['X-Hub-Signature'];\n  const calculatedSig = signRequestBody(process.env.SECRET, event.body);\n  if (sig !== calculatedSig) return { statusCode: 401 };\n  return { statusCode: 200 };\n};\n` },
      errors: [{ text: 'http', messageId: 'webhookVerified', severity: 'info', message: 'digest compared with !==) (src/create.js line 8)' }],
    },
    {
      name: 'Stripe event re-fetched by id from the Stripe API (stripe.events.retrieve)',
      file: 'serverless.yml',
      code: sls(`      - http: POST /stripe/incoming\n`),
      files: { 'src/create.js': `module.exports.handler = (event, context, callback) => {\n  const stripe = require('stripe')(process.env.KEY);\n  const jsonData = JSON.parse(event.body);\n  stripe.events.retrieve(jsonData.id, (err, stripeEvent) => callback(null, { statusCode: 200 }));\n};\n` },
      errors: [{ text: 'http', messageId: 'webhookVerified', severity: 'info', message: 'stripe.events.retrieve' }],
    },
    {
      name: 'GitHub @octokit/webhooks verify',
      file: 'serverless.yml',
      code: sls(`      - http: POST /gh\n`),
      files: { 'src/create.ts': `import { Webhooks } from '@octokit/webhooks';\nconst webhooks = new Webhooks({ secret: process.env.SECRET! });\nexport const handler = async (event: any) => {\n  if (!(await webhooks.verify(event.body, event.headers['x-hub-signature-256']))) return { statusCode: 401 };\n  return { statusCode: 200 };\n};\n` },
      errors: [{ text: 'http', messageId: 'webhookVerified', severity: 'info', message: 'GitHub webhook signature' }],
    },
    {
      name: 'Python: hmac.new + hmac.compare_digest (Slack-style signing secret)',
      file: 'serverless.yml',
      code: sls(`      - http: POST /slack\n`).replace('src/create.handler', 'src/app.handler').replace('nodejs20.x', 'python3.12'),
      files: { 'src/app.py': `import hashlib, hmac, os\n\ndef handler(event, context):\n    ts = event['headers']['X-Slack-Request-Timestamp']\n    base = f"v0:{ts}:{event['body']}".encode()\n    mine = 'v0=' + hmac.new(os.environ['SIGNING_SECRET'].encode(), base, hashlib.sha256).hexdigest()\n    if not hmac.compare_digest(mine, event['headers']['X-Slack-Signature']):\n        return {'statusCode': 401}\n    return {'statusCode': 200}\n` },
      errors: [{ text: 'http', messageId: 'webhookVerified', severity: 'info', message: 'hmac.compare_digest' }],
    },
    {
      // Issue 10 set J (lambda-refarch-image-moderation-chatbot): Slack's Events API verification token, checked in a helper.
      name: "Python: the body's token compared with the verification token from the environment, rejecting on mismatch",
      file: 'serverless.yml',
      code: sls(`      - http: POST /slack\n`).replace('src/create.handler', 'src/app.handler').replace('nodejs20.x', 'python3.12'),
      files: { 'src/app.py': `import os\n\nVERIFICATION_TOKEN = os.environ['VERIFICATION_TOKEN']\n\ndef handler(event, context):\n    if not verify_token(event):\n        return\n    return {'statusCode': 200}\n\ndef verify_token(event):\n    if event['token'] != VERIFICATION_TOKEN:\n        return False\n    return True\n` },
      errors: [{ text: 'http', messageId: 'webhookVerified', severity: 'info', message: "verification token (a request field checked against VERIFICATION_TOKEN from the environment, compared with !=) (src/app.py line 11)" }],
    },
    {
      name: 'JavaScript: a header compared in constant time with a token read from SSM, throwing on mismatch',
      file: 'serverless.yml',
      code: sls(`      - http: POST /hook\n`),
      files: { 'src/create.js': `const crypto = require('crypto');\nconst { SSMClient, GetParameterCommand } = require('@aws-sdk/client-ssm');\nconst ssm = new SSMClient({});\nexports.handler = async (event) => {\n  const webhookToken = (await ssm.send(new GetParameterCommand({ Name: '/hook/token', WithDecryption: true }))).Parameter.Value;\n  if (!crypto.timingSafeEqual(Buffer.from(webhookToken), event.headers['x-hook-token'])) throw new Error('denied');\n  return { statusCode: 200 };\n};\n` },
      errors: [{ text: 'http', messageId: 'webhookVerified', severity: 'info', message: 'webhookToken from a secret store, compared with crypto.timingSafeEqual' }],
    },
    {
      name: 'a request field compared with a setting that is no secret, or with a secret without rejecting: not verification',
      file: 'serverless.yml',
      code: sls(`      - http: POST /hook\n`),
      files: { 'src/create.js': `exports.handler = async (event) => {\n  if (event.body.type !== process.env.EXPECTED_TYPE) return { statusCode: 400 };\n  if (event.headers['x-token'] === process.env.API_TOKEN) console.log('token ok');\n  await fetch(process.env.FORWARD_URL, { method: 'POST', body: event.body });\n  return { statusCode: 200 };\n};\n` },
      errors: [{ text: 'http', messageId: 'noAuthorizer', severity: 'warning' }],
    },
    {
      name: 'Python: slack_sdk SignatureVerifier.is_valid_request',
      file: 'serverless.yml',
      code: sls(`      - http: POST /slack\n`).replace('src/create.handler', 'src/app.handler').replace('nodejs20.x', 'python3.12'),
      files: { 'src/app.py': `import os\nfrom slack_sdk.signature import SignatureVerifier\n\nverifier = SignatureVerifier(os.environ['SIGNING_SECRET'])\n\ndef handler(event, context):\n    if not verifier.is_valid_request(event['body'], event['headers']):\n        return {'statusCode': 401}\n    return {'statusCode': 200}\n` },
      errors: [{ text: 'http', messageId: 'webhookVerified', severity: 'info', message: 'Slack request signature' }],
    },
    {
      name: 'round 13: a body validated with Zod and then stored (DynamoDB put): still a warning',
      file: 'serverless.yml',
      code: sls(`      - http: POST /stats\n`),
      files: { 'src/create.ts': `import { z } from 'zod';\nimport { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';\nconst db = new DynamoDBClient({});\nconst Input = z.object({ id: z.string() });\nexport const handler = async (event: { body: string }) => {\n  const { id } = Input.parse(JSON.parse(event.body));\n  await db.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { id: { S: id } } }));\n  return { statusCode: 201 };\n};\n` },
      errors: [{ text: 'http', messageId: 'noAuthorizer', severity: 'warning' }],
    },
    {
      // Held-out sample (round 13): a Discord interactions endpoint; Discord sends no credential an authorizer could check.
      name: 'SAM POST / Discord interactions: discord_interactions.verify_key before the command handler (info, no authorizer fix)',
      file: 'template.yaml',
      code: DISCORD_SAM,
      files: {
        'src/app.py': `import json\nimport os\nfrom discord_interactions import verify_key\nfrom commands import handle_command\n\ndef lambda_handler(event, context):\n    h = event['headers']\n    if not verify_key(event['body'].encode(), h['x-signature-ed25519'], h['x-signature-timestamp'], os.environ['PUBLIC_KEY']):\n        return {'statusCode': 401}\n    return handle_command(json.loads(event['body']))\n`,
        'src/commands.py': `import os\nimport boto3\ntable = boto3.resource('dynamodb').Table(os.environ['TABLE'])\n\ndef handle_command(data):\n    table.put_item(Item=data)\n    return {'statusCode': 200}\n`,
      },
      errors: [{ text: 'Interactions', messageId: 'webhookVerified', severity: 'info', message: 'Discord interaction signature (discord_interactions.verify_key) (src/app.py line 8)' }],
    },
    {
      name: 'SAM Discord interactions: PyNaCl VerifyKey(...).verify in verify_request.py, imported by its plain module name',
      file: 'template.yaml',
      code: DISCORD_SAM,
      files: {
        'src/app.py': DISCORD_APP,
        'src/verify_request.py': `import os\nfrom nacl.signing import VerifyKey\nfrom nacl.exceptions import BadSignatureError\n\ndef verify_request(event):\n    key = VerifyKey(bytes.fromhex(os.environ['PUBLIC_KEY']))\n    try:\n        key.verify(f"{event['headers']['x-signature-timestamp']}{event['body']}".encode(), bytes.fromhex(event['headers']['x-signature-ed25519']))\n    except BadSignatureError:\n        return False\n    return True\n`,
      },
      errors: [{ text: 'Interactions', messageId: 'webhookVerified', severity: 'info', message: 'Ed25519 signature (PyNaCl VerifyKey.verify) (src/verify_request.py line 8)' }],
    },
    {
      name: 'the same Discord route without the signature check: warning with the authorizer fix',
      file: 'template.yaml',
      code: DISCORD_SAM,
      files: {
        'src/app.py': DISCORD_APP,
        'src/verify_request.py': `def verify_request(event):\n    return 'x-signature-ed25519' in event['headers']\n`,
      },
      errors: [{ text: 'Interactions', messageId: 'samImplicitApi', severity: 'warning' }],
    },
    {
      name: 'JavaScript: tweetnacl nacl.sign.detached.verify (Discord interactions)',
      file: 'serverless.yml',
      code: sls(`      - http: POST /interactions\n`),
      files: { 'src/create.js': `const nacl = require('tweetnacl');\nconst AWS = require('aws-sdk');\nexports.handler = async (event) => {\n  const ok = nacl.sign.detached.verify(Buffer.from(event.headers['x-signature-timestamp'] + event.body), Buffer.from(event.headers['x-signature-ed25519'], 'hex'), Buffer.from(process.env.PUBLIC_KEY, 'hex'));\n  if (!ok) return { statusCode: 401 };\n  await new AWS.SQS().sendMessage({ QueueUrl: process.env.Q, MessageBody: event.body }).promise();\n  return { statusCode: 200 };\n};\n` },
      errors: [{ text: 'http', messageId: 'webhookVerified', severity: 'info', message: 'tweetnacl nacl.sign.detached.verify' }],
    },
    {
      name: 'REST http event without authorizer',
      file: 'serverless.yml',
      code: sls(`      - http:\n          path: /orders\n          method: post\n      - sqs: arn:aws:sqs:eu-west-1:123456789012:q\n`, AWS_CALLER),
      errors: [{ text: 'http', line: 15, message: '`POST /orders` (function create) has no authorizer', severity: 'warning' }],
      fixes: [
        {
          title: 'authorizer: aws_iam',
          output: sls(`      - http:\n          path: /orders\n          method: post\n          authorizer: aws_iam\n      - sqs: arn:aws:sqs:eu-west-1:123456789012:q\n`, AWS_CALLER),
        },
      ],
    },
    {
      name: 'string shorthand is rewritten into a map',
      file: 'serverless.yml',
      code: sls(`      - http: GET /users/{id}   # list\n`, AWS_CALLER),
      errors: [{ text: 'http', message: '`GET /users/{id}`' }],
      fixes: [{ title: 'authorizer: aws_iam', output: sls(`      - http:\n          method: GET\n          path: /users/{id}\n          authorizer: aws_iam   # list\n`, AWS_CALLER) }],
    },
    {
      name: 'flow map gets the key inside the braces',
      file: 'serverless.yml',
      code: sls(`      - http: {path: orders, method: put}\n`, AWS_CALLER),
      errors: [{ text: 'http', message: '`PUT /orders`' }],
      fixes: [{ title: 'authorizer: aws_iam', output: sls(`      - http: {path: orders, method: put, authorizer: aws_iam}\n`, AWS_CALLER) }],
    },
    {
      name: 'httpApi string form with a JWT authorizer defined: reference it (no IAM: nothing shows an AWS principal calls it)',
      file: 'serverless.yml',
      code: sls(`      - httpApi: 'GET /orders'\n`, `  httpApi:\n    authorizers:\n      cognito:\n        issuerUrl: https://cognito-idp.eu-west-1.amazonaws.com/x\n        audience: [abc]\n`),
      errors: [{ text: 'httpApi', message: '`GET /orders`' }],
      fixes: [
        {
          title: "Use the JWT authorizer 'cognito'",
          output: sls(
            `      - httpApi:\n          method: GET\n          path: /orders\n          authorizer:\n            name: cognito\n`,
            `  httpApi:\n    authorizers:\n      cognito:\n        issuerUrl: https://cognito-idp.eu-west-1.amazonaws.com/x\n        audience: [abc]\n`,
          ),
        },
      ],
    },
    {
      name: 'httpApi map without authorizers anywhere, and the catch-all',
      file: 'serverless.yml',
      code: sls(`      - httpApi:\n          method: delete\n          path: /orders/{id}\n      - httpApi: '*'\n`, AWS_CALLER),
      errors: [
        { text: 'httpApi', line: 15, message: '`DELETE /orders/{id}`' },
        { text: 'httpApi', line: 18, message: 'catch-all' },
      ],
      fixes: [
        { finding: 0, title: 'type: aws_iam', output: sls(`      - httpApi:\n          method: delete\n          path: /orders/{id}\n          authorizer:\n            type: aws_iam\n      - httpApi: '*'\n`, AWS_CALLER) },
        { finding: 1, title: 'type: aws_iam', output: sls(`      - httpApi:\n          method: delete\n          path: /orders/{id}\n      - httpApi:\n          path: '*'\n          authorizer:\n            type: aws_iam\n`, AWS_CALLER) },
      ],
    },
    {
      name: 'websocket $connect without authorizer (no automatic fix: a Lambda authorizer is needed)',
      file: 'serverless.yml',
      code: sls(`      - websocket: $connect\n      - websocket: $default\n`),
      errors: [{ text: 'websocket', line: 9, message: 'WebSocket route `$connect`' }],
    },
    {
      name: 'four-space indentation and CRLF are kept',
      file: 'serverless.yml',
      code: `service: s\r\nprovider:\r\n    name: aws\r\n    iam:\r\n        role:\r\n            statements:\r\n                -   Effect: Allow\r\n                    Action: execute-api:Invoke\r\n                    Resource: '*'\r\nfunctions:\r\n    a:\r\n        handler: h.a\r\n        events:\r\n            -   http:\r\n                    path: /x\r\n                    method: get\r\n`,
      errors: [{ text: 'http' }],
      fixes: [
        {
          title: 'aws_iam',
          output: `service: s\r\nprovider:\r\n    name: aws\r\n    iam:\r\n        role:\r\n            statements:\r\n                -   Effect: Allow\r\n                    Action: execute-api:Invoke\r\n                    Resource: '*'\r\nfunctions:\r\n    a:\r\n        handler: h.a\r\n        events:\r\n            -   http:\r\n                    path: /x\r\n                    method: get\r\n                    authorizer: aws_iam\r\n`,
        },
      ],
    },
    {
      name: 'an empty authorizer key is no authorizer; the fix fills it',
      file: 'serverless.yml',
      code: sls(`      - http:\n          path: /x\n          method: get\n          authorizer:\n          cors: true\n`, AWS_CALLER),
      errors: [{ text: 'http' }],
      fixes: [{ title: 'aws_iam', output: sls(`      - http:\n          path: /x\n          method: get\n          authorizer: aws_iam\n          cors: true\n`, AWS_CALLER) }],
    },
    {
      name: 'serverless.json: shorthand rewritten as a JSON object',
      file: 'serverless.json',
      code: `{\n  "service": "s",\n  "provider": {"name": "aws", "iam": {"role": {"statements": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}},\n  "functions": {\n    "a": {\n      "handler": "h.a",\n      "events": [\n        {"http": "POST /x"}\n      ]\n    }\n  }\n}\n`,
      errors: [{ text: '"http"', message: '`POST /x`' }],
      fixes: [
        {
          title: 'aws_iam',
          output: `{\n  "service": "s",\n  "provider": {"name": "aws", "iam": {"role": {"statements": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}},\n  "functions": {\n    "a": {\n      "handler": "h.a",\n      "events": [\n        {"http": {\n          "method": "POST",\n          "path": "/x",\n          "authorizer": "aws_iam"\n        }}\n      ]\n    }\n  }\n}\n`,
        },
      ],
    },
    {
      name: 'SAM implicit API has no authorizer',
      file: 'template.yaml',
      code: sam(`        Create:\n          Type: Api\n          Properties:\n            Path: /orders\n            Method: post\n`, AWS_CALLER_CFN),
      errors: [{ text: 'Create', line: 19, message: 'implicit API' }],
      fixes: [
        {
          title: 'AWS_IAM',
          output: sam(`        Create:\n          Type: Api\n          Properties:\n            Path: /orders\n            Method: post\n            Auth:\n              Authorizer: AWS_IAM\n`, AWS_CALLER_CFN),
        },
      ],
    },
    {
      name: 'SAM explicit Authorizer: NONE overriding the DefaultAuthorizer is still reported, on NONE',
      file: 'template.yaml',
      code: sam(`        Health:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /catalog\n            Method: get\n            Auth:\n              Authorizer: NONE\n`, cognitoApi),
      errors: [{ text: 'NONE', message: 'explicitly public' }],
      fixes: [
        {
          title: "Use the API's authorizer 'Cog'",
          output: sam(`        Health:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /catalog\n            Method: get\n            Auth:\n              Authorizer: Cog\n`, cognitoApi),
        },
      ],
    },
    {
      name: 'SAM explicit API without Auth',
      file: 'template.yaml',
      code: sam(`        Get:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /me\n            Method: get\n`, `  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n`),
      errors: [{ text: 'Get', message: "API's Auth.DefaultAuthorizer" }],
    },
    {
      name: 'SAM HttpApi on the implicit API: IAM fix also enables the IAM authorizer in Globals',
      file: 'template.yaml',
      code: sam(`        Get:\n          Type: HttpApi\n          Properties:\n            Path: /items\n            Method: get\n`, AWS_CALLER_CFN),
      errors: [{ text: 'Get', message: '`GET /items`' }],
      fixes: [
        {
          title: 'EnableIamAuthorizer',
          output:
            sam(`        Get:\n          Type: HttpApi\n          Properties:\n            Path: /items\n            Method: get\n            Auth:\n              Authorizer: AWS_IAM\n`, AWS_CALLER_CFN) +
            `Globals:\n  HttpApi:\n    Auth:\n      EnableIamAuthorizer: true\n`,
        },
      ],
    },
    {
      name: 'SAM HttpApi on an explicit API without Properties, and a catch-all event without Properties',
      file: 'template.yaml',
      code: sam(`        Get:\n          Type: HttpApi\n          Properties:\n            ApiId: !Ref Http\n            Path: /items\n            Method: get\n        Catch:\n          Type: HttpApi\n`, AWS_CALLER_CFN + `  Http:\n    Type: AWS::Serverless::HttpApi\n`),
      errors: [
        { text: 'Get', message: '`GET /items`' },
        { text: 'Catch', message: '$default' },
      ],
      fixes: [
        {
          finding: 0,
          title: 'EnableIamAuthorizer',
          output: sam(
            `        Get:\n          Type: HttpApi\n          Properties:\n            ApiId: !Ref Http\n            Path: /items\n            Method: get\n            Auth:\n              Authorizer: AWS_IAM\n        Catch:\n          Type: HttpApi\n`,
            AWS_CALLER_CFN + `  Http:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      Auth:\n        EnableIamAuthorizer: true\n`,
          ),
        },
        {
          finding: 1,
          title: 'EnableIamAuthorizer',
          output:
            sam(`        Get:\n          Type: HttpApi\n          Properties:\n            ApiId: !Ref Http\n            Path: /items\n            Method: get\n        Catch:\n          Type: HttpApi\n          Properties:\n            Auth:\n              Authorizer: AWS_IAM\n`, AWS_CALLER_CFN + `  Http:\n    Type: AWS::Serverless::HttpApi\n`) +
            `Globals:\n  HttpApi:\n    Auth:\n      EnableIamAuthorizer: true\n`,
        },
      ],
    },
    {
      name: 'CloudFormation Method with AuthorizationType NONE (path from the Resource chain)',
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
${AWS_CALLER_CFN}  Orders:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: !GetAtt Api.RootResourceId
      PathPart: orders
  Item:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: !Ref Orders
      PathPart: '{id}'
  Delete:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Item
      HttpMethod: DELETE
      AuthorizationType: NONE
`,
      errors: [{ text: 'NONE', line: 30, message: '`DELETE /orders/{id}` (resource Delete) has AuthorizationType: NONE' }],
      fixes: [{ title: 'AuthorizationType: AWS_IAM' }],
    },
    {
      name: 'CloudFormation JSON Method without AuthorizationType',
      file: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Caller": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}},
    "Get": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": {
        "RestApiId": {"Ref": "Api"},
        "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
        "HttpMethod": "GET"
      }
    }
  }
}
`,
      errors: [{ text: '"Get"', message: 'no AuthorizationType' }],
      fixes: [
        {
          title: 'AWS_IAM',
          output: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Caller": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}},
    "Get": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": {
        "RestApiId": {"Ref": "Api"},
        "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
        "HttpMethod": "GET",
        "AuthorizationType": "AWS_IAM"
      }
    }
  }
}
`,
        },
      ],
    },
    {
      name: 'CloudFormation HTTP API route without AuthorizationType, WebSocket $connect with NONE, quick-create API',
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
${AWS_CALLER_CFN}  Items:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Http
      RouteKey: GET /items
  Ws:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: WEBSOCKET
      RouteSelectionExpression: $request.body.action
  Connect:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Ws
      RouteKey: $connect
      AuthorizationType: NONE
  Quick:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: HTTP
      Target: !GetAtt Fn.Arn
`,
      errors: [
        { text: 'Items', line: 12, message: '`GET /items`' },
        { text: 'NONE', line: 27, message: 'WebSocket route `$connect`' },
        { text: 'Target', line: 32, message: 'Quick-create' },
      ],
      fixes: [
        { finding: 0, title: 'AWS_IAM', output: undefined },
        { finding: 1, title: 'AWS_IAM' },
      ],
    },
    {
      name: 'raw CloudFormation in serverless.yml resources',
      file: 'serverless.yml',
      code: `service: s
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: execute-api:Invoke
          Resource: '*'
functions:
  a:
    handler: h.a
resources:
  Resources:
    Post:
      Type: AWS::ApiGateway::Method
      Properties:
        RestApiId: !Ref ApiGatewayRestApi
        ResourceId: !GetAtt ApiGatewayRestApi.RootResourceId
        HttpMethod: POST
        AuthorizationType: NONE
`,
      errors: [{ text: 'NONE', line: 21 }],
      fixes: [{ title: 'AWS_IAM', output: undefined }],
    },
  ],
});

// --- issue 11 item 5: auth fixes fit the caller -------------------------------------------------
/** A handler that acts outside the function (an outbound HTTP call): not "nothing to protect". */
const webhookHandler = `exports.handler = async (event) => {\n  const payload = JSON.parse(event.body);\n  await fetch(process.env.NOTIFY_URL, { method: 'POST', body: String(payload.id) });\n  return { statusCode: 200, body: String(payload.id) };\n};\n`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'generic webhook route (REST): a shared-secret Lambda authorizer with its handler file',
      file: 'serverless.yml',
      code: sls(`      - http: POST /webhook\n`),
      files: { 'src/create.js': webhookHandler },
      errors: [{ text: 'http', severity: 'warning' }],
      fixes: [
        {
          title: 'X-Webhook-Token header with a Lambda authorizer',
          output: sls(
            `      - http:\n          method: POST\n          path: /webhook\n          authorizer:\n            name: createWebhookAuthorizer\n            type: request\n            identitySource: method.request.header.X-Webhook-Token\n            resultTtlInSeconds: 0\n`,
          ) + `  createWebhookAuthorizer:\n    handler: src/createWebhookAuthorizer.handler\n    environment:\n      WEBHOOK_TOKEN: '{{resolve:secretsmanager:orders/create/webhook-token:SecretString}}'\n`,
        },
      ],
    },
    {
      name: 'generic callback route (HTTP API, Python): the authorizer goes into provider.httpApi.authorizers',
      file: 'serverless.yml',
      code: sls(`      - httpApi: POST /payments/callback\n`).replace('nodejs20.x', 'python3.12').replace('src/create.handler', 'src/app.handler'),
      files: { 'src/app.py': `import json, os\nimport requests\n\ndef handler(event, context):\n    requests.post(os.environ['URL'], json=json.loads(event['body']))\n    return {'statusCode': 200, 'body': json.loads(event['body'])['id']}\n` },
      errors: [{ text: 'httpApi' }],
      fixes: [{ title: 'creates src/createWebhookAuthorizer.py' }],
    },
    {
      name: 'browser caller with a Cognito user pool and client in the file: a JWT authorizer from the pool (HTTP API)',
      file: 'serverless.yml',
      code:
        sls(`      - httpApi: POST /orders\n`, `  httpApi:\n    cors: true\n`) +
        `resources:\n  Resources:\n    Pool:\n      Type: AWS::Cognito::UserPool\n    PoolClient:\n      Type: AWS::Cognito::UserPoolClient\n      Properties:\n        UserPoolId: !Ref Pool\n`,
      errors: [{ text: 'httpApi' }],
      fixes: [{ title: 'Require a JWT from the Cognito user pool Pool' }],
    },
    {
      name: 'REST route with a Cognito user pool in the file: COGNITO_USER_POOLS authorizer on the pool',
      file: 'serverless.yml',
      code: sls(`      - http: POST /orders\n`) + `resources:\n  Resources:\n    Pool:\n      Type: AWS::Cognito::UserPool\n`,
      errors: [{ text: 'http' }],
      fixes: [
        {
          title: 'Use the Cognito user pool Pool',
          output:
            sls(`      - http:\n          method: POST\n          path: /orders\n          authorizer:\n            name: PoolAuthorizer\n            type: COGNITO_USER_POOLS\n            arn:\n              Fn::GetAtt:\n                - Pool\n                - Arn\n`) +
            `resources:\n  Resources:\n    Pool:\n      Type: AWS::Cognito::UserPool\n`,
        },
      ],
    },
  ],
});

function applyEdits(text: string, edits: { range: { start: number; end: number }; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

describe('api-endpoint-no-authorizer: fixes fit the caller', () => {
  // the fixes a finding offers, without the suppression comment every finding has
  const fixesOf = (c: { file: string; code: string; files?: Record<string, string> }) => ruleFindings(rule, c).map((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore ')));

  it('a verified Discord interactions route (signature checked in code): no authorizer fix', () => {
    const code = sls(`      - http: POST /interactions\n`).replace('src/create.handler', 'src/app.handler').replace('nodejs20.x', 'python3.12');
    const app = (check: string) => `import os\nimport boto3\nfrom discord_interactions import verify_key\n\ndef handler(event, context):\n    h = event['headers']\n${check}    boto3.client('sqs').send_message(QueueUrl=os.environ['Q'], MessageBody=event['body'])\n    return {'statusCode': 200}\n`;
    assert.deepEqual(fixesOf({ file: 'serverless.yml', code, files: { 'src/app.py': app(`    if not verify_key(event['body'].encode(), h['x-signature-ed25519'], h['x-signature-timestamp'], os.environ['PUBLIC_KEY']):\n        return {'statusCode': 401}\n`) } }), [[]]);
    assert.ok(fixesOf({ file: 'serverless.yml', code: code.replace('POST /interactions', 'POST /orders'), files: { 'src/app.py': app('') } })[0].length > 0);
  });

  it('Stripe/GitHub webhooks (path or SDK import, no verification found): no authorizer fix at all', () => {
    assert.deepEqual(fixesOf({ file: 'serverless.yml', code: sls(`      - http: POST /stripe/events\n`), files: { 'src/create.js': webhookHandler } }), [[]]);
    assert.deepEqual(
      fixesOf({ file: 'serverless.yml', code: sls(`      - httpApi: POST /events\n`), files: { 'src/create.js': `const { Webhooks } = require('@octokit/webhooks');\n${webhookHandler}` } }),
      [[]],
    );
  });

  it('a caller nobody identified, no user pool: a shared-secret X-Api-Token authorizer (preferred), IAM for AWS principals, a Cognito template with a placeholder; never a new user pool', () => {
    const [fixes] = fixesOf({ file: 'serverless.yml', code: sls(`      - http: POST /orders\n`), files: { 'src/create.js': webhookHandler } });
    assert.equal(fixes.length, 3);
    assert.ok(!fixes.some((f) => f.title.includes('adds the user pool')));
    assert.match(fixes[0].title, /X-Api-Token header with a Lambda authorizer \(for server-to-server callers: the project shows no browser code, user pool/);
    assert.ok(fixes[0].isPreferred && fixes[0].confirm);
    assert.match(fixes[1].title, /^Require IAM authorization \(authorizer: aws_iam; if the callers are AWS principals: the project shows no browser code, user pool, webhook sender or CORS for it\)$/);
    assert.ok(!fixes[1].isPreferred && fixes[1].confirm);
    assert.equal(applyEdits(sls(`      - http: POST /orders\n`), fixes[1].changes[0].edits), sls(`      - http:\n          method: POST\n          path: /orders\n          authorizer: aws_iam\n`));
    assert.equal(fixes[2].placeholder, '<user-pool-arn>');
    assert.ok(!fixes[2].isPreferred);
  });

  it('a browser caller (CORS), no user pool: no shared secret, no IAM, no new user pool; only the Cognito template with a placeholder', () => {
    const [fixes] = fixesOf({ file: 'serverless.yml', code: sls(`      - http:\n          method: POST\n          path: /orders\n          cors: true\n`), files: { 'src/create.js': webhookHandler } });
    assert.deepEqual(fixes.map((f) => f.placeholder), ['<user-pool-arn>']);
    assert.match(fixes[0].title, /fill in the pool ARN/);
  });

  it('SAM HttpApi called from a browser (CORS), no user pool: no fix (a user pool needs the front end to sign users in)', () => {
    const code = sam(`        Post:\n          Type: HttpApi\n          Properties:\n            Path: /orders\n            Method: post\n`, '', `Globals:\n  HttpApi:\n    CorsConfiguration:\n      AllowOrigins:\n        - https://app.example.com\n`);
    assert.deepEqual(fixesOf({ file: 'template.yaml', code }), [[]]);
  });

  it('a web page in the project is a browser caller: no X-Api-Token authorizer and no IAM (0206pdh class: the page posts to the execute-api domain)', () => {
    const files = { 'src/create.js': webhookHandler, 'src/public/index.html': '<html><body><script src="app.js"></script></body></html>\n' };
    const [fixes] = fixesOf({ file: 'serverless.yml', code: sls(`      - http: POST /orders\n`), files });
    assert.ok(!fixes.some((f) => f.title.includes('X-Api-Token') || f.title.includes('IAM')), fixes.map((f) => f.title).join(' | '));
    assert.deepEqual(fixes.map((f) => f.placeholder), ['<user-pool-arn>']);
  });

  it('a Slack Events API handler (it answers the challenge, checks the token): no authorizer fix, Slack can send neither a Cognito token nor a header', () => {
    const code = sam(`        Post:\n          Type: Api\n          Properties:\n            Path: /\n            Method: post\n`).replace('      Handler: app.handler\n', '      CodeUri: src/\n      Handler: app.handler\n');
    const handler = `import os\nimport boto3\nTOKEN = os.environ['VERIFICATION_TOKEN']\n\ndef handler(event, context):\n    if event['token'] != TOKEN:\n        return\n    if event.get('challenge') is not None:\n        return {'challenge': event['challenge']}\n    boto3.client('sqs').send_message(QueueUrl=os.environ['Q'], MessageBody=event['event']['text'])\n    return {}\n`;
    assert.deepEqual(fixesOf({ file: 'template.yaml', code, files: { 'src/app.py': handler } }), [[]]);
    // a signature header the handler reads names the sender too
    const signed = `import os\nimport boto3\n\ndef handler(event, context):\n    sig = event['headers'].get('X-Hub-Signature-256')\n    boto3.client('sqs').send_message(QueueUrl=os.environ['Q'], MessageBody=event['body'])\n    return {'statusCode': 200}\n`;
    assert.deepEqual(fixesOf({ file: 'template.yaml', code, files: { 'src/app.py': signed } }), [[]]);
  });

  it('a NestJS handler that calls enableCors() answers browsers: no shared secret and no IAM; on ANY, no authorizer at all (its preflight would be refused)', () => {
    const nest = `import { NestFactory } from '@nestjs/core';\nexport const handler = async (event) => {\n  const app = await NestFactory.create({});\n  app.enableCors({ origin: true });\n  return { statusCode: 200 };\n};\n`;
    const [post] = fixesOf({ file: 'serverless.yml', code: sls(`      - http: POST /orders\n`), files: { 'src/create.ts': nest } });
    assert.ok(!post.some((f) => f.title.includes('X-Api-Token') || f.title.includes('IAM')), post.map((f) => f.title).join(' | '));
    assert.deepEqual(fixesOf({ file: 'serverless.yml', code: sls(`      - http: ANY /{proxy+}\n`), files: { 'src/create.ts': nest } }), [[]]);
  });

  it('round 12: an Express app that serves its own /login route: no authorizer fix in front of it (its users would be locked out); without one, fixes are offered', () => {
    const withLogin = expressApp(`app.post('/login', async (req, res) => res.json({ token: 'x' }));\n`);
    assert.deepEqual(fixesOf({ file: 'serverless.yml', code: sls(`      - http: ANY /{proxy+}\n`), files: { 'src/create.js': withLogin } }), [[]]);
    const [fixes] = fixesOf({ file: 'serverless.yml', code: sls(`      - http: ANY /{proxy+}\n`), files: { 'src/create.js': expressApp() } });
    assert.ok(fixes.length > 0);
  });

  it('a function named for a webhook sender (SlackEventsFunction): no authorizer fix', () => {
    const code = sam(`        Post:\n          Type: Api\n          Properties:\n            Path: /events\n            Method: post\n`).replace(/\bFn\b/g, 'SlackEventsFunction');
    assert.deepEqual(fixesOf({ file: 'template.yaml', code }), [[]]);
  });

  it('SAM implicit API, caller nobody identified: the authorizer is declared in Globals.Api.Auth and named by the event', () => {
    const code = sam(`        Post:\n          Type: Api\n          Properties:\n            Path: /orders\n            Method: post\n`).replace('      Handler: app.handler\n', '      CodeUri: src/\n      Handler: app.handler\n');
    const [fixes] = fixesOf({ file: 'template.yaml', code, files: { 'src/app.py': `import os\nimport requests\n\ndef handler(event, context):\n    return {'statusCode': 200, 'body': requests.post(os.environ['URL'], data=event['body']).text}\n` } });
    assert.equal(fixes.length, 2);
    assert.match(fixes[1].title, /^Require IAM authorization \(Auth: \{Authorizer: AWS_IAM\}; if the callers are AWS principals/);
    const f = fixes[0];
    assert.match(f.title, /creates src\/FnTokenAuthorizer\.py/);
    assert.ok(f.confirm);
    const created = f.changes.find((c) => c.create)!;
    assert.equal(created.file, '/project/src/FnTokenAuthorizer.py');
    assert.match(created.edits[0].newText, /hmac\.compare_digest/);
    const out = applyEdits(code, f.changes[0].edits);
    assert.equal(
      out,
      code +
        `            Auth:\n              Authorizer: FnTokenAuthorizer\n  FnTokenAuthorizer:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/\n      Handler: FnTokenAuthorizer.handler\n      Runtime: python3.12\n      Environment:\n        Variables:\n          API_TOKEN: '{{resolve:secretsmanager:service/Fn/api-token:SecretString}}'\n` +
        `Globals:\n  Api:\n    Auth:\n      Authorizers:\n        FnTokenAuthorizer:\n          FunctionPayloadType: REQUEST\n          FunctionArn:\n            Fn::GetAtt:\n              - FnTokenAuthorizer\n              - Arn\n          Identity:\n            Headers:\n              - X-Api-Token\n            ReauthorizeEvery: 0\n`,
    );
  });

  it('SAM route in Java: the authorizer gets a folder of its own (Node.js ESM with a package.json)', () => {
    const code = sam(`        Post:\n          Type: HttpApi\n          Properties:\n            Path: /orders\n            Method: post\n`).replace('python3.12', 'java21').replace('      Handler: app.handler\n', '      CodeUri: OrdersFunction\n      Handler: orders.App::handleRequest\n');
    const [fixes] = fixesOf({ file: 'template.yaml', code });
    assert.equal(fixes.length, 2);
    const files = fixes[0].changes.filter((c) => c.create).map((c) => c.file);
    assert.deepEqual(files, ['/project/FnTokenAuthorizer/index.mjs', '/project/FnTokenAuthorizer/package.json']);
    const out = applyEdits(code, fixes[0].changes[0].edits);
    assert.match(out, /      CodeUri: FnTokenAuthorizer\/\n      Handler: index\.handler\n      Runtime: nodejs20\.x\n/);
    assert.match(out, /Globals:\n  HttpApi:\n    Auth:\n      Authorizers:\n        FnTokenAuthorizer:\n          FunctionArn:/);
    assert.match(out, /AuthorizerPayloadFormatVersion: '?2\.0'?\n          EnableSimpleResponses: true\n          Identity:\n            Headers:\n              - x-api-token\n/);
  });

  it('SAM explicit API with a Cognito user pool in the file: a Cognito authorizer on the API (REST)', () => {
    const api = `  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n  Pool:\n    Type: AWS::Cognito::UserPool\n`;
    const code = sam(`        Post:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /orders\n            Method: post\n`, api);
    const [fixes] = fixesOf({ file: 'template.yaml', code });
    assert.equal(fixes.length, 1);
    assert.match(fixes[0].title, /Use the Cognito user pool Pool \(a Cognito authorizer on the API\)/);
    const out = applyEdits(code, fixes[0].changes[0].edits);
    assert.match(out, /      StageName: prod\n      Auth:\n        Authorizers:\n          CognitoAuthorizer:\n            UserPoolArn:\n              Fn::GetAtt:\n                - Pool\n                - Arn\n/);
    assert.match(out, /            Method: post\n            Auth:\n              Authorizer: CognitoAuthorizer\n/);
  });

  it('SAM HttpApi with a user pool and its app client: a JWT authorizer on the pool issuer and client audience', () => {
    const pool = `  Pool:\n    Type: AWS::Cognito::UserPool\n  Client:\n    Type: AWS::Cognito::UserPoolClient\n    Properties:\n      UserPoolId: !Ref Pool\n`;
    const code = sam(`        Post:\n          Type: HttpApi\n          Properties:\n            Path: /orders\n            Method: post\n`, pool);
    const [fixes] = fixesOf({ file: 'template.yaml', code });
    assert.equal(fixes.length, 1);
    const out = applyEdits(code, fixes[0].changes[0].edits);
    assert.match(out, /Globals:\n  HttpApi:\n    Auth:\n      Authorizers:\n        CognitoAuthorizer:\n          IdentitySource: \$request\.header\.Authorization\n          JwtConfiguration:\n            issuer:\n              Fn::Sub: https:\/\/cognito-idp\.\$\{AWS::Region\}\.amazonaws\.com\/\$\{Pool\}\n            audience:\n              - Ref: Client\n/);
  });

  it('SAM webhook route: the X-Webhook-Token authorizer; an API defined by an OpenAPI body: no authorizer fix', () => {
    const code = sam(`        Hook:\n          Type: Api\n          Properties:\n            Path: /webhook\n            Method: post\n`).replace('      Handler: app.handler\n', '      CodeUri: src/\n      Handler: app.handler\n');
    const [fixes] = fixesOf({ file: 'template.yaml', code });
    assert.equal(fixes.length, 1);
    assert.match(fixes[0].title, /X-Webhook-Token header/);
    const api = `  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      DefinitionBody:\n        openapi: '3.0.1'\n        paths: {}\n`;
    const withBody = sam(`        Post:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /orders\n            Method: post\n`, api);
    for (const fs of fixesOf({ file: 'template.yaml', code: withBody })) assert.ok(!fs.some((f) => f.title.includes('authorizer')), fs.map((f) => f.title).join(' | '));
  });

  it('GET /auth/callback is a browser back from a login, not a webhook: no shared-secret authorizer', () => {
    const [fixes] = fixesOf({ file: 'serverless.yml', code: sls(`      - http: GET /auth/callback\n`) });
    assert.ok(!fixes.some((f) => f.title.includes('X-Webhook-Token')));
  });

  it('CloudFormation route, caller nobody identified: IAM, saying it is for AWS principals; with a web page in the project: no fix', () => {
    const code = `Resources:\n  Post:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref Api\n      ResourceId: !Ref R\n      HttpMethod: POST\n      AuthorizationType: NONE\n`;
    const [fixes] = fixesOf({ file: 'template.yaml', code });
    assert.deepEqual(fixes.map((f) => f.title), ['Require IAM authorization (AuthorizationType: AWS_IAM; if the callers are AWS principals: the project shows no browser code, user pool, webhook sender or CORS for it)']);
    assert.deepEqual(fixesOf({ file: 'template.yaml', code, files: { 'web/index.html': '<html></html>\n' } }), [[]]);
  });

  it('WebSocket $connect: a state machine that posts to @connections (Invoke + ManageConnections) is no AWS caller, so no IAM fix (aws-step-functions-progress-tracking class)', () => {
    const ws = (grant: string) => `Resources:
  Ws:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: ws
      ProtocolType: WEBSOCKET
      RouteSelectionExpression: $request.body.action
  ConnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Ws
      RouteKey: $connect
      AuthorizationType: NONE
      Target: integrations/x
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: sm.asl.json
      Policies:
        - Statement:
            - Effect: Allow
              Action:
${grant}              Resource: !Sub 'arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Ws}/*'
`;
    assert.deepEqual(fixesOf({ file: 'template.yaml', code: ws('                - execute-api:Invoke\n                - execute-api:ManageConnections\n') }), [[]]);
    // a principal granted only Invoke on the API is a client: IAM fits
    const [fixes] = fixesOf({ file: 'template.yaml', code: ws('                - execute-api:Invoke\n') });
    assert.match(fixes[0].title, /Require IAM authorization \(AuthorizationType: AWS_IAM; the file grants execute-api:Invoke\)/);
  });

  for (const [lang, file, handler, runtime] of [
    ['CommonJS', 'src/create.js', webhookHandler, 'nodejs20.x'],
    ['ESM', 'src/create.mjs', `export const handler = async (event) => ({ statusCode: 200, body: await (await fetch(process.env.URL, { method: 'POST', body: event.body })).text() });\n`, 'nodejs20.x'],
    ['TypeScript', 'src/create.ts', `export const handler = async (event: any) => ({ statusCode: 200, body: await (await fetch(process.env.URL!, { method: 'POST', body: event.body })).text() });\n`, 'nodejs20.x'],
    ['Python', 'src/create.py', `import os\nimport requests\n\ndef handler(event, context):\n    return {'statusCode': 200, 'body': requests.post(os.environ['URL'], data=event['body']).text}\n`, 'python3.12'],
  ] as const) {
    it(`the webhook authorizer file follows the handler's language (${lang}) and compares in constant time`, () => {
      const code = sls(`      - http: POST /hooks/orders\n`).replace('nodejs20.x', runtime);
      const [fixes] = fixesOf({ file: 'serverless.yml', code, files: { [file]: handler } });
      const created = fixes[0].changes.find((c) => c.create)!;
      const ext = { CommonJS: '.js', ESM: '.mjs', TypeScript: '.ts', Python: '.py' }[lang];
      assert.equal(created.file, `/project/src/createWebhookAuthorizer${ext}`);
      const text = created.edits[0].newText;
      assert.match(text, lang === 'Python' ? /hmac\.compare_digest/ : /timingSafeEqual/);
      assert.match(text, lang === 'Python' ? /^def handler\(event, context\):/m : lang === 'CommonJS' ? /^exports\.handler = /m : /^export const handler = /m);
    });
  }
});

describe('api-endpoint-no-authorizer: fixes on an inline OpenAPI body', () => {
  const fixesOf = (c: { file: string; code: string; files?: Record<string, string> }) => ruleFindings(rule, c).map((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore ')));
  const body = (head: string, extra = '', resources = '') => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
${resources}  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        ${head}
        paths:
          /orders:
            post:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
${extra}  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
`;

  it('OpenAPI 3 REST body, no pool and no browser caller: IAM for AWS principals, never a new user pool (aws-step-functions-business-rules-orchestration class)', () => {
    const code = body('openapi: 3.0.1');
    const [fixes] = fixesOf({ file: 'template.yaml', code });
    assert.deepEqual(fixes.map((f) => f.title), ['Require IAM authorization (x-amazon-apigateway-auth: {type: AWS_IAM} on the operation; if the callers are AWS principals: the project shows no browser code, user pool, webhook sender or CORS for it)']);
    assert.ok(fixes[0].confirm);
    const out = applyEdits(code, fixes[0].changes[0].edits);
    assert.match(out, /invocations\n              x-amazon-apigateway-auth:\n                type: AWS_IAM\n  Fn:\n/);
  });

  it('Swagger 2 body with a pool in the file: the scheme goes into securityDefinitions, on that pool', () => {
    const code = body(`swagger: '2.0'`, '', `  Pool:\n    Type: AWS::Cognito::UserPool\n`);
    const [fixes] = fixesOf({ file: 'template.yaml', code });
    assert.deepEqual(fixes.map((f) => f.title), ['Require a token of the Cognito user pool Pool (OpenAPI security scheme CognitoAuthorizer on the operation)']);
    const out = applyEdits(code, fixes[0].changes[0].edits);
    assert.match(out, /        securityDefinitions:\n          CognitoAuthorizer:\n/);
    assert.match(out, /              providerARNs:\n                - Fn::GetAtt:\n                    - Pool\n                    - Arn\n/);
    assert.ok(!out.includes('AWS::Cognito::UserPoolClient'));
  });

  it('an AWS principal caller: x-amazon-apigateway-auth AWS_IAM on the operation; an explicit security: [] gets no fix', () => {
    const grant = `  Caller:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: {Service: lambda.amazonaws.com}\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: call\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: execute-api:Invoke\n                Resource: '*'\n`;
    const code = body('openapi: 3.0.1', '', grant);
    const [fixes] = fixesOf({ file: 'template.yaml', code });
    assert.equal(fixes.length, 1);
    assert.match(fixes[0].title, /^Require IAM authorization \(x-amazon-apigateway-auth: \{type: AWS_IAM\} on the operation; the file grants execute-api:Invoke\)/);
    const out = applyEdits(code, fixes[0].changes[0].edits);
    assert.match(out, /invocations\n              x-amazon-apigateway-auth:\n                type: AWS_IAM\n/);
    const open = body('openapi: 3.0.1').replace('            post:\n', '            post:\n              security: []\n');
    for (const fs of fixesOf({ file: 'template.yaml', code: open })) assert.deepEqual(fs, []);
  });
});

describe('api-endpoint-no-authorizer: a GET served by a handler that branches on the method', () => {
  const code = (runtime = 'nodejs20.x') => sls(`      - http: GET /items\n      - http: POST /items\n`).replace('nodejs20.x', runtime);
  const getFinding = (files: Record<string, string>, runtime?: string) => {
    const fs = ruleFindings(rule, { file: 'serverless.yml', code: code(runtime), files });
    const f = fs.find((x) => x.message.includes('`GET /items`'));
    assert.ok(f, JSON.stringify(fs.map((x) => x.message)));
    return f;
  };
  const DDB = `const AWS = require('aws-sdk');\nconst db = new AWS.DynamoDB.DocumentClient();\n`;

  it('JS switch: the write only under case "POST" (in a same-module helper) is not a GET effect', () => {
    const f = getFinding({ 'src/create.js': `${DDB}const createItem = async (event) => db.put({ TableName: 'T', Item: { id: '1' } }).promise();\nexports.handler = async (event) => {\n  switch (event.httpMethod) {\n    case 'GET':\n      return { statusCode: 200, body: JSON.stringify((await db.scan({ TableName: 'T' }).promise()).Items) };\n    case 'POST':\n      await createItem(event);\n      return { statusCode: 201 };\n    default:\n      return { statusCode: 405 };\n  }\n};\n` });
    assert.equal(f.severity, 'info');
    assert.doesNotMatch(f.message, /though it is a GET/);
  });

  it('JS: a write after an early return for other methods is not a GET effect; a write reachable on GET still is', () => {
    // on GET it touches nothing (the write is POST's only): nothing to protect, not reported
    const early = ruleFindings(rule, { file: 'serverless.yml', code: code(), files: { 'src/create.js': `${DDB}exports.handler = async (event) => {\n  const method = event.requestContext.http.method;\n  if (method !== 'POST') return { statusCode: 200, body: '[]' };\n  await db.put({ TableName: 'T', Item: { id: '1' } }).promise();\n  return { statusCode: 201 };\n};\n` } });
    assert.deepEqual(early.map((x) => x.message.slice(0, 12)), ['`POST /items']);
    const writes = getFinding({ 'src/create.js': `${DDB}exports.handler = async (event) => {\n  if (event.httpMethod === 'POST' || event.httpMethod === 'GET') {\n    await db.put({ TableName: 'T', Item: { id: '1' } }).promise();\n  }\n  return { statusCode: 200 };\n};\n` });
    assert.equal(writes.severity, 'warning');
    assert.match(writes.message, /though it is a GET, its handler writes/);
  });

  it('Python if/elif on event["httpMethod"]: the put_item under POST is not a GET effect', () => {
    const f = getFinding({ 'src/create.py': `import boto3\ntable = boto3.resource('dynamodb').Table('T')\n\ndef handler(event, context):\n    if event['httpMethod'] == 'GET':\n        return {'statusCode': 200, 'body': str(table.scan()['Items'])}\n    elif event['httpMethod'] in ('POST', 'PUT'):\n        table.put_item(Item={'id': '1'})\n        return {'statusCode': 201}\n    return {'statusCode': 405}\n` }, 'python3.12');
    assert.equal(f.severity, 'info');
    assert.doesNotMatch(f.message, /though it is a GET/);
  });

  it('Python: a write before the method test still counts', () => {
    const f = getFinding({ 'src/create.py': `import boto3\ntable = boto3.resource('dynamodb').Table('T')\n\ndef handler(event, context):\n    table.put_item(Item={'id': 'visit'})\n    if event['httpMethod'] == 'POST':\n        return {'statusCode': 201}\n    return {'statusCode': 200}\n` }, 'python3.12');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /though it is a GET, its handler writes/);
  });
});

// Held-out sample round 13 (class 1): a gateway route for which the Express app behind the function
// has no route (only middleware that hands the request on, then the app's 404) has nothing to protect.
const decodeCookie = `function decodeCookie(req, res, next) {\n  if (!req.body.cookie_) return res.status(422).json({ message: 'Cookie required' });\n  next();\n}\n`;
run(rule, {
  valid: [
    {
      name: 'round 13: POST /callback of an app with no /callback route (cors, a header middleware of a local module, a POST * cookie check that calls next): not reported',
      file: 'serverless.yml',
      code: sls(`      - http: POST /callback\n`),
      files: {
        'src/create.js': expressApp(`app.use(cors());\napp.use(responseHeader);\napp.post('*', decodeCookie);\n`, `const cors = require('cors');\nconst { responseHeader } = require('./middlewares');\n${decodeCookie}`),
        'src/middlewares.js': `exports.responseHeader = (req, res, next) => {\n  res.setHeader('Access-Control-Allow-Origin', '*');\n  next();\n};\n`,
      },
    },
  ],
  invalid: [
    {
      name: 'round 13: the same app with a route for the path (POST /items writes): still reported',
      file: 'serverless.yml',
      code: sls(`      - http: POST /items\n`),
      files: { 'src/create.js': expressApp(`app.post('*', decodeCookie);\n`, decodeCookie) },
      errors: [{ text: 'http', messageId: 'noAuthorizer', severity: 'warning' }],
    },
    {
      name: 'round 13: a catch-all POST * that answers itself (no next) is the route: still reported',
      file: 'serverless.yml',
      code: sls(`      - http: POST /callback\n`),
      files: { 'src/create.js': expressApp(`app.post('*', async (req, res) => {\n  await db.put({ TableName: process.env.TABLE, Item: req.body }).promise();\n  res.sendStatus(201);\n});\n`) },
      errors: [{ text: 'http', messageId: 'noAuthorizer', severity: 'warning' }],
    },
    {
      name: 'round 13: a package middleware not known to hand requests on (express-graphql answers them): still reported',
      file: 'serverless.yml',
      code: sls(`      - http: POST /callback\n`),
      files: { 'src/create.js': expressApp(`app.use(graphqlHTTP({ schema }));\n`, `const { graphqlHTTP } = require('express-graphql');\n`) },
      errors: [{ text: 'http', messageId: 'noAuthorizer', severity: 'warning' }],
    },
  ],
});
