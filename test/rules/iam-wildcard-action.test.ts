import rule from '../../rules/iam-wildcard-action';
import { samInlineQueueApp, sls } from '../helpers/policy-hosts';
import { ruleFindings, run, setCodeSupport } from '../helpers/rule-tester';
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';

before(async () => {
  await initCodeParsers();
  setCodeSupport((e) => {
    e.codeSupport = new TreeSitterCodeSupport(e);
  });
});

/** A bucket policy (CloudFormation) with one statement's extra lines. */
const bucketPolicy = (extra: string) => `Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Action: '*'
            Effect: Allow
            Resource:
              - !GetAtt Bucket.Arn
              - !Sub '\${Bucket.Arn}/*'
            Principal:
              AWS: '*'
${extra}`;
const s3OnlyHandler = `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async (e: any) => s3.send(new GetObjectCommand({ Bucket: 'reports', Key: e.key }));
`;

/** A managed policy with Action '*' on '*' and a role naming it as its PermissionsBoundary (`extra`: more role properties). */
const boundaryTemplate = (extra: string) => `Resources:
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: '*'
            Resource: '*'
  Role:
    Type: AWS::IAM::Role
    Properties:
      PermissionsBoundary: !Ref Boundary
${extra}      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
`;

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
    {
      name: 'a managed policy used only as a permissions boundary caps the role and grants nothing',
      file: 'template.yaml',
      code: boundaryTemplate(''),
    },
    {
      name: 'access-point delegation: a bucket policy allowing * only through the account\'s access points (s3:DataAccessPointAccount)',
      file: 'template.yaml',
      code: bucketPolicy(`            Condition:\n              StringEquals:\n                's3:DataAccessPointAccount': !Sub \${AWS::AccountId}\n`),
    },
    {
      name: 'access-point delegation by access point ARN (s3:DataAccessPointArn)',
      file: 'template.yaml',
      code: bucketPolicy(`            Condition:\n              StringLike:\n                s3:DataAccessPointArn: arn:aws:s3:eu-west-1:123456789012:accesspoint/*\n`),
    },
  ],
  invalid: [
    {
      name: 'the same policy also attached to the role (ManagedPolicyArns) grants: reported',
      file: 'template.yaml',
      code: boundaryTemplate('      ManagedPolicyArns: [!Ref Boundary]\n'),
      errors: [{ text: `'*'`, messageId: 'admin' }],
    },
    {
      name: 'the same bucket policy without the access-point condition is reported, without advice about functions',
      file: 'template.yaml',
      code: bucketPolicy(''),
      errors: [{ text: `'*'`, messageId: 'everyActionResourcePolicy', message: 'on this AWS::S3::BucketPolicy policy, in Resources.Policy.Properties.PolicyDocument' }],
    },
    {
      name: 'suggestions come from what the code calls: an S3-only handler is told s3:GetObject, never dynamodb:GetItem',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: '*'\n          Resource: arn:aws:s3:::reports/*`),
      files: { 'src/create.ts': s3OnlyHandler },
      errors: [{ text: `'*'`, messageId: 'everyAction', message: /List only the actions the function needs \(its code calls s3:GetObject\)\.$/ }],
    },
    {
      name: 'no handler code known: no suggested action at all',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: '*'\n          Resource: arn:aws:s3:::reports/*`),
      errors: [{ text: `'*'`, messageId: 'everyAction', message: /List only the actions the function needs\.$/ }],
    },
    {
      name: 'admin: one finding for Action and Resource',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: '*'\n          Resource: '*'`),
      errors: [{ text: `'*'`, line: 9, messageId: 'admin' }],
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

// Code written in the template (SAM InlineCode) is read like a handler file: Action '*' of a role
// whose only user is that function narrows to what it calls.
const samInlineStar = (statement: string, code?: string) => samInlineQueueApp(statement, code);

run(rule, {
  valid: [],
  invalid: [
    {
      name: "Action '*' for a function whose code is inline (InlineCode): narrowed to the SendMessage it calls, on its queue",
      file: 'template.yaml',
      code: samInlineStar(`            - Effect: Allow
              Action: '*'
              Resource: '*'`),
      errors: [{ text: "'*'", severity: 'error' }],
      fixes: [
        {
          title: 'Narrow to what the code uses (sqs:SendMessage)',
          output: samInlineStar(`            - Effect: Allow
              Action: sqs:SendMessage
              Resource: !GetAtt Queue.Arn`),
        },
      ],
    },
    {
      name: "the inline code imports a library that calls AWS for it (dynamoose): Action '*' gets no narrowing",
      file: 'template.yaml',
      code: samInlineStar(
        `            - Effect: Allow
              Action: '*'
              Resource: '*'`,
        `const dynamoose = require('dynamoose');
        exports.handler = async (e) => dynamoose.model('T', {}).get(e.id);`,
      ),
      errors: [{ text: "'*'", severity: 'error' }],
    },
  ],
});

it("inline code that imports dynamoose: Action '*' offers no fix but suppression", () => {
  const code = samInlineStar(
    `            - Effect: Allow
              Action: '*'
              Resource: '*'`,
    `const dynamoose = require('dynamoose');
        exports.handler = async (e) => dynamoose.model('T', {}).get(e.id);`,
  );
  const found = ruleFindings(rule, { file: 'template.yaml', code });
  assert.deepEqual(found.map((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore')).length), [0]);
});
