import rule from '../../rules/iam-allow-not-resource';
import { sls } from '../helpers/policy-hosts';
import { run } from '../helpers/rule-tester';

run(rule, {
  valid: [
    { name: 'Resource list', file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: s3:GetObject\n          Resource: arn:aws:s3:::b/*`) },
    { name: 'Deny + NotResource', file: 'serverless.yml', code: sls(`        - Effect: Deny\n          Action: s3:*\n          NotResource: arn:aws:s3:::b/*`) },
    {
      name: 'CFN bucket policy Deny + NotResource',
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: b
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: '*'
            Action: s3:*
            NotResource: arn:aws:s3:::b/public/*
`,
    },
  ],
  invalid: [
    {
      name: 'serverless: NotResource with an action list',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [s3:GetObject, s3:PutObject]\n          NotResource: arn:aws:s3:::audit-logs/*`),
      errors: [{ text: 'NotResource', line: 10, severity: 'warning', message: /s3:GetObject and s3:PutObject on every resource in the account except arn:aws:s3:::audit-logs\/\*/ }],
    },
    {
      name: 'NotAction and NotResource together',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          NotAction: iam:*\n          NotResource: arn:aws:s3:::x`),
      errors: [{ text: 'NotResource', message: 'almost every action (NotAction)' }],
    },
    {
      name: 'SAM inline statement (single document, not a list)',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Policies:
        Statement:
          - Effect: Allow
            Action: dynamodb:*
            NotResource: !GetAtt AuditTable.Arn
`,
      errors: [{ text: 'NotResource', line: 12, message: 'the role of function Fn' }],
    },
    {
      name: 'CloudFormation JSON AWS::IAM::Policy attached to a role',
      file: 'template.json',
      code: JSON.stringify(
        {
          Resources: {
            Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [] } } },
            Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Handler: 'i.h', Runtime: 'nodejs20.x' } },
            Pol: {
              Type: 'AWS::IAM::Policy',
              Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sqs:*', NotResource: ['arn:aws:sqs:eu-west-1:1:dlq'] }] } },
            },
          },
        },
        null,
        2,
      ),
      errors: [{ text: '"NotResource"', message: /the role of function Fn sqs:\* on every resource/ }],
    },
  ],
});
