import rule from '../../rules/iam-unknown-action';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleFindings, run } from '../helpers/rule-tester';
import { sls, sam } from '../helpers/policy-hosts';

const cfnTrust = (action: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: ${action}
`;

const queuePolicyJson = (actions: string[]) =>
  JSON.stringify(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        QueuePolicy: {
          Type: 'AWS::SQS::QueuePolicy',
          Properties: {
            Queues: [{ Ref: 'Queue' }],
            PolicyDocument: {
              Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: actions, Resource: { 'Fn::GetAtt': ['Queue', 'Arn'] } }],
            },
          },
        },
      },
    },
    null,
    2,
  );

run(rule, {
  valid: [
    {
      name: 'valid actions in any letter case',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [S3:getobject, DynamoDB:GetItem, 'sqs:SENDMESSAGE', "execute-api:Invoke"]\n          Resource: '*'`),
    },
    { name: 'wildcards that match something', file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: ['*', 's3:Get*', '*:Get*', s3:?etObject, 'dyn*:GetItem']\n          Resource: '*'`) },
    { name: 'unresolved variables', file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action:\n            - \${ssm:/app/action}\n            - \${self:custom.missing}\n            - \${opt:action}:GetObject\n          Resource: '*'`) },
    { name: 'Deny statements are never reported', file: 'serverless.yml', code: sls(`        - Effect: Deny\n          Action: s3:DeleteObjet\n          Resource: '*'`) },
    { name: 'intrinsics', file: 'template.yaml', code: sam(`            - Effect: Allow\n              Action:\n                - !Ref ActionParam\n                - !Sub '\${Service}:GetObject'\n                - !If [IsProd, s3:GetObject, s3:PutObject]\n              Resource: '*'`) },
    { name: 'trust policy actions', file: 'template.yaml', code: cfnTrust('[sts:AssumeRole, sts:TagSession]') },
    { name: 'resource policy (JSON)', file: 'template.json', code: queuePolicyJson(['sqs:SendMessage']) },
  ],
  invalid: [
    {
      name: 'a permissions boundary is still checked: a misspelt action there allows less than it seems',
      file: 'template.yaml',
      code: `Resources:
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [s3:GetObjet]
            Resource: '*'
  Role:
    Type: AWS::IAM::Role
    Properties:
      PermissionsBoundary: !Ref Boundary
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
`,
      errors: [{ text: 's3:GetObjet', messageId: 'unknownAction', message: 'IAM ignores it, so the permissions boundary allows less than it seems' }],
    },
    {
      name: 'misspelt action, plain scalar',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: s3:GetObjet\n          Resource: arn:aws:s3:::b/*`),
      errors: [{ text: 's3:GetObjet', line: 9, severity: 'warning', messageId: 'unknownAction', message: /^s3:GetObjet is not a known Amazon S3 action; IAM ignores it.*Did you mean s3:GetObject\?$/ }],
      fixes: [{ title: 'Replace with s3:GetObject', output: sls(`        - Effect: Allow\n          Action: s3:GetObject\n          Resource: arn:aws:s3:::b/*`) }],
    },
    {
      name: 'misspelt service prefix, single quotes kept',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action:\n            - 'dynamdb:GetItem'\n          Resource: arn:aws:dynamodb:*:*:table/orders`),
      errors: [{ text: `'dynamdb:GetItem'`, message: '"dynamdb" is not an AWS service prefix' }],
      fixes: [{ title: 'Replace with dynamodb:GetItem', output: sls(`        - Effect: Allow\n          Action:\n            - 'dynamodb:GetItem'\n          Resource: arn:aws:dynamodb:*:*:table/orders`) }],
    },
    {
      name: "on Resource '*' the replacement is not offered: it would grant a scopable action on every resource (iam-wildcard-resource)",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action:\n            - 'dynamdb:GetItem'\n          Resource: '*'`),
      errors: [{ text: `'dynamdb:GetItem'`, message: 'Did you mean dynamodb:GetItem?' }],
    },
    {
      name: "on Resource '*' an action without resource-level permissions is still replaced",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: xray:PutTraceSegmnts\n          Resource: '*'`),
      errors: [{ text: 'xray:PutTraceSegmnts', message: 'Did you mean xray:PutTraceSegments?' }],
      fixes: [{ title: 'Replace with xray:PutTraceSegments', output: sls(`        - Effect: Allow\n          Action: xray:PutTraceSegments\n          Resource: '*'`) }],
    },
    {
      name: 'a replacement equal to another entry removes the misspelt entry (no duplicate)',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action:\n            - firehose:PutRecord\n            - firehose:PutRecrd\n            - firehose:PutRecordBatch\n          Resource: arn:aws:firehose:*:*:deliverystream/events`),
      errors: [{ text: 'firehose:PutRecrd', message: 'Did you mean firehose:PutRecord?' }],
      fixes: [{ title: 'Remove firehose:PutRecrd (firehose:PutRecord is already listed)', output: sls(`        - Effect: Allow\n          Action:\n            - firehose:PutRecord\n            - firehose:PutRecordBatch\n          Resource: arn:aws:firehose:*:*:deliverystream/events`) }],
    },
    {
      name: 'wildcard that matches nothing (no fix)',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: s3:Gett*\n          Resource: '*'`),
      errors: [{ text: 's3:Gett*', message: 's3:Gett* matches no Amazon S3 action' }],
    },
    {
      name: 'not service:action at all',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: GetObject\n          Resource: '*'`),
      errors: [{ text: 'GetObject', messageId: 'notAnAction', message: 'actions are written service:ActionName' }],
    },
    {
      name: '${self:} variable: the fix edits the value it points to',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: \${self:custom.read}\n          Resource: arn:aws:s3:::b/*`, `custom:\n  read: s3:GetObjet\n`),
      errors: [{ text: '${self:custom.read}', message: 'Did you mean s3:GetObject?' }],
      fixes: [{ title: 'Replace with s3:GetObject', output: sls(`        - Effect: Allow\n          Action: \${self:custom.read}\n          Resource: arn:aws:s3:::b/*`, `custom:\n  read: s3:GetObject\n`) }],
    },
    {
      name: 'SAM: typo in NotAction of an Allow statement',
      file: 'template.yaml',
      code: sam(`            - Effect: Allow\n              NotAction: [iam:*, "organizations:*", "acount:*"]\n              Resource: '*'`),
      errors: [{ text: '"acount:*"', message: 'NotAction excludes nothing with it' }],
      fixes: [{ title: 'Replace with account:*', output: sam(`            - Effect: Allow\n              NotAction: [iam:*, "organizations:*", "account:*"]\n              Resource: '*'`) }],
    },
    {
      name: 'CloudFormation trust policy',
      file: 'template.yaml',
      code: cfnTrust('sts:AssumeRol'),
      errors: [{ text: 'sts:AssumeRol', line: 12, message: 'AssumeRolePolicyDocument' }],
      fixes: [{ title: 'Replace with sts:AssumeRole', output: cfnTrust('sts:AssumeRole') }],
    },
    {
      name: 'resource policy in JSON: double quotes kept',
      file: 'template.json',
      code: queuePolicyJson(['sqs:SendMessage', 'sqs:SendMesage']),
      errors: [{ text: '"sqs:SendMesage"', message: 'Did you mean sqs:SendMessage?' }],
      fixes: [{ title: 'Remove sqs:SendMesage (sqs:SendMessage is already listed)', output: queuePolicyJson(['sqs:SendMessage']) }],
    },
    {
      name: 'an API operation whose IAM actions are listed already: the entry goes',
      file: 'template.yaml',
      code: sam(`            - Effect: Allow\n              Action:\n                - s3:GetObject\n                - s3:PutObject\n                - s3:CopyObject\n              Resource: !Sub '\${Bucket.Arn}/*'`),
      errors: [{ text: 's3:CopyObject', message: 's3:CopyObject is not a known Amazon S3 action' }],
      fixes: [{ title: 'Remove s3:CopyObject (the actions it needs, s3:PutObject and s3:GetObject, are already listed)', output: sam(`            - Effect: Allow\n              Action:\n                - s3:GetObject\n                - s3:PutObject\n              Resource: !Sub '\${Bucket.Arn}/*'`) }],
    },
    {
      name: 'an API operation written as an action becomes the actions IAM checks for it',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [s3:ListBucket, s3:CopyObject]\n          Resource: arn:aws:s3:::b/*`),
      errors: [{ text: 's3:CopyObject' }],
      fixes: [{ title: 'Replace s3:CopyObject with s3:PutObject and s3:GetObject', output: sls(`        - Effect: Allow\n          Action: [s3:ListBucket, s3:PutObject, s3:GetObject]\n          Resource: arn:aws:s3:::b/*`) }],
    },
    {
      name: 'a wildcard that matches nothing beside other actions: removed (the statement grants the same)',
      file: 'template.yaml',
      code: sam(`            - Effect: Allow\n              Action:\n                - firehose:DescribeDeliveryStream\n                - firehose:Get*\n                - firehose:PutRecord\n              Resource: !GetAtt Stream.Arn`),
      errors: [{ text: 'firehose:Get*', message: 'firehose:Get* matches no Amazon Kinesis Firehose action' }],
      fixes: [{ title: 'Remove firehose:Get*: IAM ignores it', output: sam(`            - Effect: Allow\n              Action:\n                - firehose:DescribeDeliveryStream\n                - firehose:PutRecord\n              Resource: !GetAtt Stream.Arn`) }],
    },
    {
      name: "a suggestion that would widen Resource '*' is not offered, but the ignored entry can go",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action:\n            - xray:PutTraceSegments\n            - 'dynamdb:GetItem'\n          Resource: '*'`),
      errors: [{ text: `'dynamdb:GetItem'`, message: 'Did you mean dynamodb:GetItem?' }],
      fixes: [{ title: "Remove dynamdb:GetItem: IAM ignores it", output: sls(`        - Effect: Allow\n          Action:\n            - xray:PutTraceSegments\n          Resource: '*'`) }],
    },
    {
      name: 'unknown service without a close match',
      file: 'template.yaml',
      code: sam(`            - Effect: Allow\n              Action: foobarbaz:DoThing\n              Resource: '*'`),
      errors: [{ text: 'foobarbaz:DoThing', message: /^"foobarbaz" is not an AWS service prefix[^?]*$/ }],
    },
  ],
});

test("no replacement on Resource '*' when the corrected action supports resource-level permissions", () => {
  const onStar = ruleFindings(rule, { file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action:\n            - 'dynamdb:GetItem'\n          Resource: '*'`) });
  assert.equal(onStar.length, 1);
  assert.deepEqual(onStar[0].fixes.filter((f) => f.placeholder === undefined).map((f) => f.title), []);
  const scoped = ruleFindings(rule, { file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action:\n            - 'dynamdb:GetItem'\n          Resource: arn:aws:dynamodb:*:*:table/t`) });
  assert.deepEqual(scoped[0].fixes.filter((f) => f.placeholder === undefined).map((f) => f.title), ['Replace with dynamodb:GetItem']);
});
