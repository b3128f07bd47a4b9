import rule from '../../rules/iam-wildcard-action';
import { sls } from '../helpers/policy-hosts';
import { run } from '../helpers/rule-tester';

run(rule, {
  valid: [
    { file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: dynamodb:PutItem\n          Resource: '*'`) },
    { name: 'Deny is never reported', file: 'serverless.yml', code: sls(`        - Effect: Deny\n          Action: '*'\n          Resource: '*'`) },
    { name: 'a variable is not a literal wildcard', file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: \${ssm:/actions}\n          Resource: '*'`) },
    {
      name: 'SAM inline policy with a scoped action',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Policies:
        - Statement:
            - Effect: Allow
              Action: s3:GetObject
              Resource: !Sub arn:aws:s3:::\${Bucket}/*
`,
    },
    { name: 'unrelated YAML is ignored', file: 'config.yml', code: `Action: '*'\n` },
  ],
  invalid: [
    {
      name: 'admin: one finding for Action and Resource',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: '*'\n          Resource: '*'`),
      errors: [{ text: `'*'`, line: 9, message: 'full administrator access' }],
      fixes: [{ title: 'Ignore iam-wildcard-action here', output: undefined }],
    },
    {
      name: 'star in a list, legacy iamRoleStatements',
      file: 'serverless.yml',
      code: `service: s
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      Action:
        - s3:GetObject
        - "*"
      Resource: arn:aws:s3:::b/*
functions:
  f:
    handler: h.main
`,
      errors: [{ text: '"*"', line: 8, message: 'every action', severity: 'error' }],
    },
    {
      name: 'self variable resolving to *',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: \${self:custom.all}\n          Resource: arn:aws:s3:::b`) + `custom:\n  all: '*'\n`,
      errors: [{ text: '${self:custom.all}' }],
    },
    {
      name: 'CloudFormation role, JSON',
      file: 'template.json',
      code: JSON.stringify(
        {
          AWSTemplateFormatVersion: '2010-09-09',
          Resources: {
            Role: {
              Type: 'AWS::IAM::Role',
              Properties: {
                AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
                Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
              },
            },
          },
        },
        null,
        2,
      ),
      errors: [{ text: '"*"', message: 'administrator' }],
    },
    {
      name: 'SAM Globals-free function inline policy',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Policies:
        - Statement:
            - Effect: Allow
              Action: ['*']
              Resource: !GetAtt Table.Arn
`,
      errors: [{ text: `'*'`, line: 11 }],
    },
  ],
});
