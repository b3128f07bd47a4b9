import rule from '../../rules/resource-policy-wildcard-principal';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, ruleFindings } from '../helpers/rule-tester';

const queuePolicy = (statements: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Queue:
    Type: AWS::SQS::Queue
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
${statements}
`;

const slsApi = (statements: string) => `service: api
provider:
  name: aws
  apiGateway:
    resourcePolicy:
${statements}
functions:
  hello:
    handler: h.main
    events:
      - http: GET hello
`;

run(rule, {
  valid: [
    {
      name: "'*' narrowed by aws:SourceArn (SNS → SQS)",
      file: 'template.yaml',
      code: queuePolicy(`          - Effect: Allow
            Principal: '*'
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              ArnEquals:
                aws:SourceArn: !Ref Topic`),
    },
    {
      name: 'a service principal',
      file: 'template.yaml',
      code: queuePolicy(`          - Effect: Allow
            Principal: {Service: sns.amazonaws.com}
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn`),
    },
    {
      name: "Deny '*' is a guard-rail",
      file: 'template.yaml',
      code: queuePolicy(`          - Effect: Deny
            Principal: '*'
            Action: sqs:*
            Resource: !GetAtt Queue.Arn
            Condition: {Bool: {aws:SecureTransport: 'false'}}`),
    },
    {
      name: 'API allow-list: Allow * + Deny unless from these IPs',
      file: 'serverless.yml',
      code: slsApi(`      - Effect: Allow
        Principal: '*'
        Action: execute-api:Invoke
        Resource: execute-api:/*/*/*
      - Effect: Deny
        Principal: '*'
        Action: execute-api:Invoke
        Resource: execute-api:/*/*/*
        Condition:
          NotIpAddress:
            aws:SourceIp: [203.0.113.0/24]`),
    },
    {
      name: 'private API restricted to a VPC endpoint',
      file: 'serverless.yml',
      code: slsApi(`      - Effect: Allow
        Principal: '*'
        Action: execute-api:Invoke
        Resource: execute-api:/*
        Condition:
          StringEquals:
            aws:SourceVpce: vpce-0123456789abcdef0`),
    },
  ],
  invalid: [
    {
      name: 'SQS queue policy open to everyone',
      file: 'template.yaml',
      code: queuePolicy(`          - Effect: Allow
            Principal: '*'
            Action: [sqs:SendMessage, sqs:ReceiveMessage]
            Resource: !GetAtt Queue.Arn`),
      errors: [{ text: `'*'`, line: 13, severity: 'error', message: /every AWS account use sqs:SendMessage and sqs:ReceiveMessage through this SQS queue policy, in Resources\.QueuePolicy\.Properties\.PolicyDocument/ }],
      fixes: [
        {
          title: 'Allow only callers of this account (Condition aws:SourceAccount = !Ref AWS::AccountId)',
          output: queuePolicy(`          - Effect: Allow
            Principal: '*'
            Action: [sqs:SendMessage, sqs:ReceiveMessage]
            Resource: !GetAtt Queue.Arn
            Condition:
              StringEquals:
                aws:SourceAccount: !Ref AWS::AccountId`),
        },
      ],
    },
    {
      name: 'a transport-only Condition does not narrow the caller; IfExists neither',
      file: 'template.yaml',
      code: queuePolicy(`          - Effect: Allow
            Principal: {AWS: '*'}
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              Bool: {aws:SecureTransport: 'true'}
          - Effect: Allow
            Principal:
              AWS: ['arn:aws:iam::123456789012:root', '*']
            Action: sqs:ReceiveMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              StringEqualsIfExists: {aws:SourceAccount: '123456789012'}`),
      errors: [
        { text: `'*'`, line: 13, message: 'with a Condition that does not narrow the caller' },
        { text: `'*'`, line: 20, column: 55 },
      ],
    },
    {
      name: 'serverless provider.apiGateway.resourcePolicy and an S3 bucket policy in resources',
      file: 'serverless.yml',
      code:
        slsApi(`      - Effect: Allow
        Principal: '*'
        Action: execute-api:Invoke
        Resource: execute-api:/*/*/*`) +
        `resources:
  Resources:
    SitePolicy:
      Type: AWS::S3::BucketPolicy
      Properties:
        Bucket: site
        PolicyDocument:
          Statement:
            - Effect: Allow
              Principal: "*"
              Action: s3:GetObject
              Resource: arn:aws:s3:::site/*
`,
      errors: [
        { text: `'*'`, line: 7, message: /anonymous internet users use execute-api:Invoke through this API Gateway resource policy, in provider\.apiGateway\.resourcePolicy/ },
        { text: '"*"', line: 24, message: 'S3 bucket policy' },
      ],
    },
    {
      name: 'SAM template: Secrets Manager resource policy; a Condition from an intrinsic counts as narrowing',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Secret:
    Type: AWS::SecretsManager::Secret
  SecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref Secret
      ResourcePolicy:
        Statement:
          - Effect: Allow
            Principal: {AWS: "*"}
            Action: secretsmanager:GetSecretValue
            Resource: '*'
          - Effect: Allow
            Principal: '*'
            Action: secretsmanager:DescribeSecret
            Resource: '*'
            Condition: !If [Strict, {StringEquals: {aws:PrincipalOrgID: o-1}}, !Ref AWS::NoValue]
`,
      errors: [{ text: '"*"', line: 12, message: 'secretsmanager:GetSecretValue through this Secrets Manager secret policy' }],
    },
    {
      name: 'KMS key policy (JSON) and SNS topic policy',
      file: 'template.json',
      code: JSON.stringify(
        {
          AWSTemplateFormatVersion: '2010-09-09',
          Resources: {
            Key: {
              Type: 'AWS::KMS::Key',
              Properties: {
                KeyPolicy: {
                  Statement: [
                    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' },
                    { Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Decrypt'], Resource: '*' },
                  ],
                },
              },
            },
            TopicPolicy: {
              Type: 'AWS::SNS::TopicPolicy',
              Properties: { Topics: [{ Ref: 'T' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: { Ref: 'T' } }] } },
            },
          },
        },
        null,
        2,
      ),
      errors: [
        { text: '"*"', line: 20, column: 24, message: 'KMS key policy' },
        { text: '"*"', line: 43, column: 28, message: 'SNS topic policy' },
      ],
    },
  ],
});

describe('resource-policy-wildcard-principal fix', () => {
  const fixes = (c: { file: string; code: string }) => ruleFindings(rule, c).map((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore ')).map((x) => x.title));
  it('queues, topics and buses get the same-account condition (asking first); buckets, APIs and statements with a Condition do not', () => {
    const [f] = ruleFindings(rule, { file: 'template.yaml', code: queuePolicy(`          - Effect: Allow\n            Principal: '*'\n            Action: sqs:SendMessage\n            Resource: !GetAtt Queue.Arn`) });
    assert.match(f.fixes[0].confirm!.message, /other AWS accounts are refused/);
    const bucket = `Resources:\n  B:\n    Type: AWS::S3::Bucket\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref B\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: s3:PutObject\n            Resource: !Sub '\${B.Arn}/*'\n`;
    assert.deepEqual(fixes({ file: 'template.yaml', code: bucket }), [[]]);
    const transport = queuePolicy(`          - Effect: Allow\n            Principal: '*'\n            Action: sqs:SendMessage\n            Resource: !GetAtt Queue.Arn\n            Condition:\n              Bool: {aws:SecureTransport: 'true'}`);
    assert.deepEqual(fixes({ file: 'template.yaml', code: transport }), [[]]);
  });
});
