import rule from '../../rules/api-authorizer-unused';
import { run } from '../helpers/rule-tester';
import { CFN_VERSION, SAM_API_BODY } from '../helpers/templates';

const body = (ops: string, root = '') => `${CFN_VERSION}${SAM_API_BODY}        swagger: '2.0'
        securityDefinitions:
          Cog:
            type: apiKey
            name: Authorization
            in: header
            x-amazon-apigateway-authorizer:
              type: cognito_user_pools
              providerARNs: [arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_x]
${root}        paths:
          /orders:
            get:
${ops}              x-amazon-apigateway-integration:
                type: http_proxy
                uri: https://example.com/orders
`;

const cfn = (method: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
  Auth:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Api
      Type: COGNITO_USER_POOLS
      IdentitySource: method.request.header.Authorization
      ProviderARNs: [arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_x]
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
${method}      Integration:
        Type: MOCK
`;

run(rule, {
  valid: [
    { name: 'body authorizer used by an operation', file: 'template.yaml', code: body(`              security:\n                - Cog: []\n`) },
    { name: 'body authorizer used at the root', file: 'template.yaml', code: body('', `        security:\n          - Cog: []\n`) },
    { name: 'CloudFormation authorizer attached by AuthorizerId', file: 'template.yaml', code: cfn(`      AuthorizationType: COGNITO_USER_POOLS\n      AuthorizerId: !Ref Auth\n`) },
  ],
  invalid: [
    { name: 'body authorizer attached to no operation', file: 'template.yaml', code: body(''), errors: [{ text: 'Cog', line: 11, severity: 'info', message: 'attached to no' }] },
    { name: 'CloudFormation authorizer nothing refers to', file: 'template.yaml', code: cfn(`      AuthorizationType: NONE\n`), errors: [{ text: 'Auth', line: 7, severity: 'info' }] },
  ],
});

const samAuth = (props: string, event: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
${props}        Authorizers:
          Cog:
            UserPoolArn: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_x
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Get:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /orders
            Method: get
${event}`;

run(rule, {
  valid: [
    { name: 'SAM authorizer used as DefaultAuthorizer', file: 'template.yaml', code: samAuth('        DefaultAuthorizer: Cog\n', '') },
    { name: 'SAM authorizer used by an event', file: 'template.yaml', code: samAuth('', '            Auth:\n              Authorizer: Cog\n') },
  ],
  invalid: [{ name: 'SAM authorizer no event or default uses', file: 'template.yaml', code: samAuth('', ''), errors: [{ text: 'Cog', line: 9, severity: 'info', message: 'Auth.Authorizers of Api' }] }],
});
