import rule from '../../rules/api-endpoint-no-authorizer';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, ruleFindings } from '../helpers/rule-tester';
import { useCodeParsers } from '../helpers/injection';

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

useCodeParsers();

run(rule, {
  valid: [
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
  ],
  invalid: [
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
      name: 'token route whose handler compares the password (bcrypt.compare) before signing: public by design (info)',
      file: 'serverless.yml',
      code: sls(`      - http: POST /token\n`),
      files: { 'src/create.js': `const jwt = require('jsonwebtoken');\nconst bcrypt = require('bcryptjs');\nconst users = require('./users');\nexports.handler = async (event) => {\n  const { username, password } = JSON.parse(event.body);\n  const user = await users.find(username);\n  if (!user || !(await bcrypt.compare(password, user.hash))) return { statusCode: 401 };\n  return { statusCode: 200, body: jwt.sign({ sub: username }, process.env.KEY) };\n};\n`, 'src/users.js': 'exports.find = async (u) => null;\n' },
      errors: [{ text: 'http', messageId: 'publicByDesign', severity: 'info' }],
    },
    {
      name: 'sign-up route that signs a token for the account it just created: public by design (a new account has no credential yet)',
      file: 'serverless.yml',
      code: sls(`      - http: POST /signup\n`),
      files: { 'src/create.js': `const jwt = require('jsonwebtoken');\nexports.handler = async (event) => {\n  const { username } = JSON.parse(event.body);\n  return { statusCode: 201, body: jwt.sign({ sub: username }, process.env.KEY) };\n};\n` },
      errors: [{ text: 'http', messageId: 'publicByDesign', severity: 'info' }],
    },
    {
      name: 'log-in route comparing the posted password with === before signing: public by design',
      file: 'serverless.yml',
      code: sls(`      - http: POST /login\n`),
      files: { 'src/create.js': `const jwt = require('jsonwebtoken');\nconst USERS = { admin: process.env.ADMIN_PASSWORD };\nexports.handler = async (event) => {\n  const body = JSON.parse(event.body);\n  if (USERS[body.username] !== body.password) return { statusCode: 401 };\n  return { statusCode: 200, body: jwt.sign({ sub: body.username }, process.env.KEY) };\n};\n` },
      errors: [{ text: 'http', messageId: 'publicByDesign', severity: 'info' }],
    },
    {
      name: 'Python: log-in route that encodes a JWT (PyJWT) for the posted user without checking anything: a warning',
      file: 'serverless.yml',
      code: sls(`      - http: POST /auth/login\n`).replace('src/create.handler', 'src/app.handler').replace('nodejs20.x', 'python3.12'),
      files: { 'src/app.py': `import json, os\nimport jwt\n\ndef handler(event, context):\n    user = json.loads(event['body'])['username']\n    token = jwt.encode({'sub': user, 'role': 'admin'}, os.environ['KEY'], algorithm='HS256')\n    return {'statusCode': 200, 'body': token}\n` },
      errors: [{ text: 'http', messageId: 'mintsUnverified', severity: 'warning', message: 'jwt.encode' }],
    },
    {
      name: 'Python: log-in route that lets Cognito check the password (initiate_auth): public by design (info)',
      file: 'serverless.yml',
      code: sls(`      - http: POST /auth/login\n`).replace('src/create.handler', 'src/app.handler').replace('nodejs20.x', 'python3.12'),
      files: { 'src/app.py': `import json, os\nimport boto3\nidp = boto3.client('cognito-idp')\n\ndef handler(event, context):\n    body = json.loads(event['body'])\n    r = idp.initiate_auth(ClientId=os.environ['CLIENT'], AuthFlow='USER_PASSWORD_AUTH', AuthParameters={'USERNAME': body['username'], 'PASSWORD': body['password']})\n    return {'statusCode': 200, 'body': json.dumps(r['AuthenticationResult'])}\n` },
      errors: [{ text: 'http', messageId: 'publicByDesign', severity: 'info' }],
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
      files: { 'src/create.js': `const crypto = require('crypto');\nexports.handler = async (event) => {\n  const sig = crypto.createHmac('sha256', process.env.SECRET).update(event.body).digest('hex');\n  console.log(sig);\n  return { statusCode: 200 };\n};\n` },
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
      name: 'Python: slack_sdk SignatureVerifier.is_valid_request',
      file: 'serverless.yml',
      code: sls(`      - http: POST /slack\n`).replace('src/create.handler', 'src/app.handler').replace('nodejs20.x', 'python3.12'),
      files: { 'src/app.py': `import os\nfrom slack_sdk.signature import SignatureVerifier\n\nverifier = SignatureVerifier(os.environ['SIGNING_SECRET'])\n\ndef handler(event, context):\n    if not verifier.is_valid_request(event['body'], event['headers']):\n        return {'statusCode': 401}\n    return {'statusCode': 200}\n` },
      errors: [{ text: 'http', messageId: 'webhookVerified', severity: 'info', message: 'Slack request signature' }],
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
const webhookHandler = `exports.handler = async (event) => {\n  const payload = JSON.parse(event.body);\n  return { statusCode: 200, body: String(payload.id) };\n};\n`;

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
      files: { 'src/app.py': `import json\n\ndef handler(event, context):\n    return {'statusCode': 200, 'body': json.loads(event['body'])['id']}\n` },
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

describe('api-endpoint-no-authorizer: fixes fit the caller', () => {
  // the fixes a finding offers, without the suppression comment every finding has
  const fixesOf = (c: { file: string; code: string; files?: Record<string, string> }) => ruleFindings(rule, c).map((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore ')));

  it('Stripe/GitHub webhooks (path or SDK import, no verification found): no authorizer fix at all', () => {
    assert.deepEqual(fixesOf({ file: 'serverless.yml', code: sls(`      - http: POST /stripe/events\n`), files: { 'src/create.js': webhookHandler } }), [[]]);
    assert.deepEqual(
      fixesOf({ file: 'serverless.yml', code: sls(`      - httpApi: POST /events\n`), files: { 'src/create.js': `const { Webhooks } = require('@octokit/webhooks');\n${webhookHandler}` } }),
      [[]],
    );
  });

  it('a caller nobody identified: no IAM, only a Cognito template with a placeholder to fill in', () => {
    const [fixes] = fixesOf({ file: 'serverless.yml', code: sls(`      - http: POST /orders\n`) });
    assert.equal(fixes.length, 1);
    assert.ok(!fixes.some((f) => f.title.includes('IAM')));
    assert.equal(fixes[0].placeholder, '<user-pool-arn>');
    assert.ok(!fixes[0].isPreferred);
  });

  it('GET /auth/callback is a browser back from a login, not a webhook: no shared-secret authorizer', () => {
    const [fixes] = fixesOf({ file: 'serverless.yml', code: sls(`      - http: GET /auth/callback\n`) });
    assert.ok(!fixes.some((f) => f.title.includes('X-Webhook-Token')));
  });

  it('CloudFormation route with no AWS caller in the file: no IAM fix', () => {
    const code = `Resources:\n  Post:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref Api\n      ResourceId: !Ref R\n      HttpMethod: POST\n      AuthorizationType: NONE\n`;
    assert.deepEqual(fixesOf({ file: 'template.yaml', code }), [[]]);
  });

  for (const [lang, file, handler, runtime] of [
    ['CommonJS', 'src/create.js', webhookHandler, 'nodejs20.x'],
    ['ESM', 'src/create.mjs', `export const handler = async (event) => ({ statusCode: 200, body: event.body });\n`, 'nodejs20.x'],
    ['TypeScript', 'src/create.ts', `export const handler = async (event: any) => ({ statusCode: 200, body: event.body });\n`, 'nodejs20.x'],
    ['Python', 'src/create.py', `def handler(event, context):\n    return {'statusCode': 200, 'body': event['body']}\n`, 'python3.12'],
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
    const early = getFinding({ 'src/create.js': `${DDB}exports.handler = async (event) => {\n  const method = event.requestContext.http.method;\n  if (method !== 'POST') return { statusCode: 200, body: '[]' };\n  await db.put({ TableName: 'T', Item: { id: '1' } }).promise();\n  return { statusCode: 201 };\n};\n` });
    assert.equal(early.severity, 'info');
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
