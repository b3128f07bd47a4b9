import rule from '../../rules/api-key-not-authentication';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, ruleFindings } from '../helpers/rule-tester';

/** A role of the file that calls the API: an AWS principal, so IAM authorization fits (see fix/caller.ts). */
const AWS_CALLER = `  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: execute-api:Invoke\n          Resource: '*'\n`;
const AWS_CALLER_CFN = `  Caller:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Action: execute-api:Invoke\n            Resource: '*'\n`;

const sls = (events: string, provider = '') => `service: partners
provider:
  name: aws
${provider}  apiGateway:
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
      code: sls(`      - http:\n          path: /report\n          method: get\n          private: true\n`, AWS_CALLER),
      errors: [{ text: 'private', line: 20, message: '`private: true` only requires an API key', severity: 'info' }],
      fixes: [{ title: 'authorizer: aws_iam', output: sls(`      - http:\n          path: /report\n          method: get\n          private: true\n          authorizer: aws_iam\n`, AWS_CALLER) }],
    },
    {
      name: 'SAM: event ApiKeyRequired, and API-level ApiKeyRequired inherited by an event',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
${AWS_CALLER_CFN}  Api:
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
        { text: 'ApiKeyRequired', line: 17, message: '`GET /inherited`' },
        { text: 'ApiKeyRequired', line: 30, message: '`POST /own`' },
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
    "Caller": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}},
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
    "Caller": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}},
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

describe('api-key-not-authentication: fixes fit the caller', () => {
  it('a partner with an API key and nothing showing an AWS principal: no IAM fix', () => {
    const [f] = ruleFindings(rule, { file: 'serverless.yml', code: sls(`      - http:\n          path: /report\n          method: get\n          private: true\n`) });
    assert.ok(!f.fixes.some((x) => x.title.includes('IAM')));
  });
});
