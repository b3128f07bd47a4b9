import rule from '../../rules/iam-trust-any-principal';
import { run } from '../helpers/rule-tester';

const role = (trust: string, extra = '') => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
${trust}
${extra}`;

run(rule, {
  valid: [
    { name: 'the Lambda service', file: 'template.yaml', code: role(`          - Effect: Allow\n            Principal: {Service: lambda.amazonaws.com}\n            Action: sts:AssumeRole`) },
    { name: 'a specific account', file: 'template.yaml', code: role(`          - Effect: Allow\n            Principal: {AWS: arn:aws:iam::123456789012:root}\n            Action: sts:AssumeRole`) },
    {
      name: "'*' limited to the organization",
      file: 'template.yaml',
      code: role(`          - Effect: Allow\n            Principal: {AWS: '*'}\n            Action: sts:AssumeRole\n            Condition:\n              StringEquals:\n                aws:PrincipalOrgID: o-abc123`),
    },
    { name: "Deny '*'", file: 'template.yaml', code: role(`          - Effect: Deny\n            Principal: '*'\n            Action: sts:AssumeRole`) },
    {
      name: 'an identity policy with Resource * is not a trust policy',
      file: 'serverless.yml',
      code: `service: s
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: sts:AssumeRole
          Resource: '*'
functions:
  a:
    handler: a.h
`,
    },
  ],
  invalid: [
    {
      name: "CloudFormation role: Principal {AWS: '*'}",
      file: 'template.yaml',
      code: role(
        `          - Effect: Allow\n            Principal:\n              AWS: '*'\n            Action: sts:AssumeRole`,
        `  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt AppRole.Arn\n`,
      ),
      errors: [{ text: `'*'`, line: 11, severity: 'error', message: /any identity in any AWS account assume role AppRole \(used by function Fn\) with sts:AssumeRole and use its permissions.*Resources\.AppRole\.Properties\.AssumeRolePolicyDocument/ }],
    },
    {
      name: "bare Principal '*' with a transport-only Condition",
      file: 'template.yaml',
      code: role(`          - Effect: Allow\n            Principal: '*'\n            Action: [sts:AssumeRole, sts:TagSession]\n            Condition:\n              Bool: {aws:SecureTransport: true}`),
      errors: [{ text: `'*'`, line: 10, message: 'with a Condition that does not narrow the caller' }],
    },
    {
      name: 'serverless resources.Resources role',
      file: 'serverless.yml',
      code: `service: s
provider:
  name: aws
functions:
  a:
    handler: a.h
    role: OpenRole
resources:
  Resources:
    OpenRole:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument:
          Statement:
            - Effect: Allow
              Principal:
                AWS: [arn:aws:iam::123456789012:root, "*"]
              Action: sts:AssumeRole
`,
      errors: [{ text: '"*"', line: 17, message: 'role OpenRole (used by function a)' }],
    },
    {
      name: 'SAM: Globals AssumeRolePolicyDocument shared by two functions is reported once',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    AssumeRolePolicyDocument:
      Statement:
        - Effect: Allow
          Principal: {AWS: '*'}
          Action: sts:AssumeRole
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.h, Runtime: python3.12}
  B:
    Type: AWS::Serverless::Function
    Properties:
      Handler: b.h
      Runtime: python3.12
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: sts:AssumeRole
`,
      errors: [
        { text: `'*'`, line: 7, message: 'the role SAM generates for A' },
        { text: `'*'`, line: 21, message: 'the role SAM generates for B' },
      ],
    },
    {
      name: 'CloudFormation JSON',
      file: 'template.json',
      code: JSON.stringify(
        {
          Resources: {
            R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] } } },
          },
        },
        null,
        2,
      ),
      errors: [{ text: '"*"', line: 11, message: 'assume role R' }],
    },
  ],
});
