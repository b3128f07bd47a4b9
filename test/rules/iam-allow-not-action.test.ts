import rule from '../../rules/iam-allow-not-action';
import { run } from '../helpers/rule-tester';

const sls = (statements: string) => `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
${statements}
functions:
  create:
    handler: src/create.handler
  list:
    handler: src/list.handler
`;

const cfnJson = (statement: object) =>
  JSON.stringify(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
            Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [statement] } }],
          },
        },
      },
    },
    null,
    2,
  );

run(rule, {
  valid: [
    { name: 'Action list', file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: [s3:GetObject]\n          Resource: arn:aws:s3:::b/*`) },
    { name: 'Deny + NotAction is the recommended guard-rail shape', file: 'serverless.yml', code: sls(`        - Effect: Deny\n          NotAction: [s3:GetObject]\n          Resource: '*'`) },
    { name: 'CFN JSON Deny', file: 'template.json', code: cfnJson({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }) },
    { name: 'effect from an intrinsic is not judged', file: 'template.json', code: cfnJson({ Effect: { 'Fn::If': ['C', 'Allow', 'Deny'] }, NotAction: 'iam:*', Resource: '*' }) },
    {
      name: 'SAM Deny in an inline policy',
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
            - Effect: Deny
              NotAction: s3:*
              Resource: '*'
`,
    },
  ],
  invalid: [
    {
      name: 'serverless v3 provider.iam.role.statements',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          NotAction:\n            - iam:*\n          Resource: '*'`),
      errors: [{ text: 'NotAction', line: 9, severity: 'warning', message: /the role of functions create and list every action of every AWS service except iam:\*.*provider\.iam\.role\.statements/ }],
    },
    {
      name: 'legacy iamRoleStatements and the per-function plugin',
      file: 'serverless.yml',
      code: `service: s
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      NotAction: iam:*
      Resource: '*'
functions:
  a:
    handler: a.h
    iamRoleStatements:
      - Effect: "Allow"
        NotAction: [s3:DeleteBucket, iam:*]
        Resource: arn:aws:s3:::b
`,
      errors: [
        { text: 'NotAction', line: 6, message: 'provider.iamRoleStatements' },
        { text: 'NotAction', line: 13, message: 'except s3:DeleteBucket and iam:*' },
      ],
    },
    {
      name: 'CloudFormation JSON inline role policy',
      file: 'template.json',
      code: cfnJson({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }),
      errors: [{ text: '"NotAction"', message: 'Resources.Role.Properties.Policies[0]' }],
    },
    {
      name: 'SAM inline policy and an SQS queue policy',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Policies:
        - Version: '2012-10-17'
          Statement:
            - Effect: Allow
              NotAction: [iam:*]
              Resource: '*'
  Queue:
    Type: AWS::SQS::Queue
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: sns.amazonaws.com}
            NotAction: sqs:DeleteQueue
            Resource: !GetAtt Queue.Arn
`,
      errors: [
        { text: 'NotAction', line: 12, message: 'the role of function Fn' },
        { text: 'NotAction', line: 24, message: 'grants the principals of this SQS queue policy every action except sqs:DeleteQueue' },
      ],
    },
    {
      name: 'CloudFormation YAML trust policy and AWS::IAM::ManagedPolicy',
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            NotAction: sts:TagSession
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref Role]
      PolicyDocument:
        Statement:
          - Effect: Allow
            NotAction: iam:*
            Resource: '*'
`,
      errors: [
        { text: 'NotAction', line: 10, message: 'lets the trusted principals use every role action except sts:TagSession' },
        { text: 'NotAction', line: 18, message: 'Resources.Managed.Properties.PolicyDocument' },
      ],
    },
  ],
});
