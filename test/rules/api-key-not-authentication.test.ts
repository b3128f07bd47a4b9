import rule from '../../rules/api-key-not-authentication';
import { run } from '../helpers/rule-tester';

const sls = (events: string) => `service: partners
provider:
  name: aws
  apiGateway:
    apiKeys:
      - partnerKey
functions:
  report:
    handler: src/report.handler
    events:
${events}`;

run(rule, {
  valid: [
    { name: 'API key plus an authorizer', file: 'serverless.yml', code: sls(`      - http:\n          path: /report\n          method: get\n          private: true\n          authorizer: aws_iam\n`) },
    { name: 'private: false', file: 'serverless.yml', code: sls(`      - http:\n          path: /report\n          method: get\n          private: false\n`) },
    { name: 'no API key and no authorizer is api-endpoint-no-authorizer territory', file: 'serverless.yml', code: sls(`      - http: GET /report\n`) },
    {
      name: 'SAM: API-level ApiKeyRequired with a DefaultAuthorizer',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ApiKeyRequired: true
        DefaultAuthorizer: AWS_IAM
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
            Path: /report
            Method: get
`,
    },
  ],
  invalid: [
    {
      name: 'serverless private: true only',
      file: 'serverless.yml',
      code: sls(`      - http:\n          path: /report\n          method: get\n          private: true\n`),
      errors: [{ text: 'private', line: 14, message: '`private: true` only requires an API key', severity: 'info' }],
      fixes: [{ title: 'authorizer: aws_iam', output: sls(`      - http:\n          path: /report\n          method: get\n          private: true\n          authorizer: aws_iam\n`) }],
    },
    {
      name: 'SAM: event ApiKeyRequired, and API-level ApiKeyRequired inherited by an event',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ApiKeyRequired: true
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Own:
          Type: Api
          Properties:
            Path: /own
            Method: post
            Auth:
              ApiKeyRequired: true
        Inherited:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /inherited
            Method: get
`,
      errors: [
        { text: 'ApiKeyRequired', line: 8, message: '`GET /inherited`' },
        { text: 'ApiKeyRequired', line: 21, message: '`POST /own`' },
      ],
      fixes: [
        { finding: 1, title: 'AWS_IAM', output: undefined },
        { finding: 0, title: 'AWS_IAM' },
      ],
    },
    {
      name: 'CloudFormation Method with ApiKeyRequired and AuthorizationType NONE (JSON)',
      file: 'template.json',
      code: `{
  "Resources": {
    "Get": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": {
        "HttpMethod": "GET",
        "AuthorizationType": "NONE",
        "ApiKeyRequired": true
      }
    }
  }
}
`,
      errors: [{ text: '"ApiKeyRequired"', message: '`ApiKeyRequired: true` only requires an API key' }],
      fixes: [
        {
          title: 'AWS_IAM',
          output: `{
  "Resources": {
    "Get": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": {
        "HttpMethod": "GET",
        "AuthorizationType": "AWS_IAM",
        "ApiKeyRequired": true
      }
    }
  }
}
`,
        },
      ],
    },
  ],
});
