import rule from '../../rules/iam-service-wildcard-action';
import { expandAction } from '../../server/src/engine/iam/catalog';
import { buildModel } from '../../server/src/engine/model/build';
import { parseYaml } from '../../server/src/engine/yaml/parse';
import { fittingActionsFix, possiblyGranted } from '../../server/src/engine/fix/fitting-actions-fix';
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { applyFix, ROOT, run, ruleFindings, setCodeSupport } from '../helpers/rule-tester';
import { checkFixes } from '../helpers/fix-check';
import * as fs from 'node:fs';
import * as path from 'node:path';

before(async () => {
  await initCodeParsers();
  setCodeSupport((e) => {
    e.codeSupport = new TreeSitterCodeSupport(e);
  });
});
import { samInlineQueueApp, sls, sam } from '../helpers/policy-hosts';

/** serverless.yml with `provider.iam.role.statements` (statements indented by 8). */
const cfnRole = (statements: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: app
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
${statements}
`;

const json = (o: unknown) => JSON.stringify(o, null, 2);
const cfnJson = (statements: unknown[]) =>
  json({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Policy: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: statements } } },
    },
  });

const count = (p: string) => expandAction(p).length.toLocaleString('en-US');

run(rule, {
  valid: [
    { name: 'exact actions', file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem, s3:GetObject]\n          Resource: '*'`) },
    { name: "bare '*' is iam-wildcard-action's", file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: '*'\n          Resource: arn:aws:s3:::b/*`) },
    { name: 'Deny is never reported', file: 'serverless.yml', code: sls(`        - Effect: Deny\n          Action: s3:*\n          Resource: '*'`) },
    { name: 'unresolved variable', file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: \${ssm:/app/actions}\n          Resource: '*'`) },
    {
      name: '${self:} resolving to an exact action',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: \${self:custom.read}\n          Resource: '*'`, `custom:\n  read: s3:GetObject\n`),
    },
    { name: 'a pattern that matches nothing is iam-unknown-action’s', file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: s3:Gett*\n          Resource: '*'`) },
    { name: 'intrinsic action', file: 'template.yaml', code: sam(`            - Effect: Allow\n              Action: !Ref ActionParam\n              Resource: '*'`) },
    { name: 'CloudFormation exact list', file: 'template.yaml', code: cfnRole(`              - Effect: Allow\n                Action:\n                  - sqs:SendMessage\n                  - sqs:GetQueueUrl\n                Resource: !GetAtt Queue.Arn`) },
    { name: 'JSON Deny with iam:*', file: 'template.json', code: cfnJson([{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }]) },
  ],
  invalid: [
    {
      name: 'service-wide wildcard: count and risky actions',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: dynamodb:*\n          Resource: arn:aws:dynamodb:eu-west-1:123456789012:table/orders`),
      errors: [{ text: 'dynamodb:*', line: 9, severity: 'warning', message: new RegExp(`^dynamodb:\\* grants all ${count('dynamodb:*')} Amazon DynamoDB actions, including dynamodb:\\w+`) }],
    },
    {
      name: 's3:* names the policy-changing actions',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action:\n            - s3:*\n          Resource: arn:aws:s3:::b/*`),
      errors: [{ text: 's3:*', line: 10, message: /including s3:Put\w+(Policy|Acl|Block)/ }],
    },
    {
      name: 'partial wildcard in legacy iamRoleStatements',
      file: 'serverless.yml',
      code: `service: s
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      Action:
        - s3:Get*
      Resource: '*'
functions:
  f:
    handler: h.main
`,
      errors: [{ text: 's3:Get*', line: 7, message: `s3:Get* grants ${count('s3:Get*')} Amazon S3 actions, including s3:GetObject` }],
    },
    {
      name: 'partial wildcard on one bucket\'s objects: counted by resource type',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action:\n            - s3:Get*\n          Resource: arn:aws:s3:::b/*`),
      // on the objects of one bucket only the object reads apply; s3:GetObject is not named, so it stays a warning
      errors: [{ text: 's3:Get*', message: new RegExp(`^s3:Get\\* matches ${count('s3:Get*')} Amazon S3 actions, of which \\d+ apply to these resources \\(by resource type\\), including s3:GetObject`) }],
    },
    {
      name: 'cross-service pattern',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: '*:Get*'\n          Resource: arn:aws:s3:::b/*`),
      errors: [{ text: `'*:Get*'`, message: /matches [\d,]+ actions across [\d,]+ services, of which \d+ apply to these resources/ }],
    },
    {
      name: 'cross-service pattern on every resource',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: '*:Get*'\n          Resource: '*'`),
      errors: [{ text: `'*:Get*'`, message: /grants [\d,]+ actions across [\d,]+ services/ }],
    },
    {
      name: 'single-character wildcard: quick fix keeps the quotes',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: "s3:?etObject"\n          Resource: arn:aws:s3:::b/*`),
      errors: [{ text: '"s3:?etObject"', message: 'matches only s3:GetObject today' }],
      fixes: [{ title: 'Replace with s3:GetObject', output: sls(`        - Effect: Allow\n          Action: "s3:GetObject"\n          Resource: arn:aws:s3:::b/*`) }],
    },
    {
      name: 'per-function statements (v4 iam.role)',
      file: 'serverless.yml',
      code: `service: s
provider:
  name: aws
functions:
  worker:
    handler: h.main
    iam:
      role:
        statements:
          - Effect: Allow
            Action: [sqs:*, sqs:SendMessage]
            Resource: arn:aws:sqs:eu-west-1:123456789012:jobs
`,
      errors: [{ text: 'sqs:*', message: 'functions.worker.iam.role.statements' }],
    },
    {
      name: 'SAM inline statement, any letter case',
      file: 'template.yaml',
      code: sam(`            - Effect: Allow\n              Action:\n                - S3:GET*\n                - sns:*\n              Resource: '*'`),
      errors: [{ text: 'S3:GET*', message: 'Amazon S3 actions' }, { text: 'sns:*', message: 'Amazon SNS actions' }],
    },
    {
      name: 'CloudFormation role: a pattern matching one action gets a fix',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: [lambda:*, 'iam:Pass*']\n                Resource: '*'`),
      errors: [{ text: 'lambda:*', message: 'AWS Lambda' }, { text: `'iam:Pass*'`, message: 'iam:PassRole' }],
      fixes: [{ finding: 1, title: 'Replace with iam:PassRole', output: cfnRole(`              - Effect: Allow\n                Action: [lambda:*, 'iam:PassRole']\n                Resource: '*'`) }],
    },
    {
      name: 'JSON managed policy',
      file: 'template.json',
      code: cfnJson([{ Effect: 'Allow', Action: ['kinesis:*'], Resource: 'arn:aws:kinesis:eu-west-1:123456789012:stream/s' }]),
      errors: [{ text: '"kinesis:*"', message: 'Amazon Kinesis' }],
    },
    {
      name: 'resource policy (KMS key policy, JSON)',
      file: 'template.json',
      code: json({
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          Key: {
            Type: 'AWS::KMS::Key',
            Properties: {
              KeyPolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/app' }, Action: 'kms:*', Resource: '*' }] },
            },
          },
        },
      }),
      errors: [{ text: '"kms:*"', message: 'the principals need' }],
    },
  ],
});

/** A KMS key with one key-policy statement (indented by 10). */
const kmsKey = (statement: string) => `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
${statement}
`;
run(rule, {
  valid: [
    {
      name: 'the default key-policy statement: account root, kms:* (delegates to IAM)',
      file: 'template.yaml',
      code: kmsKey(`          - Sid: Enable IAM User Permissions\n            Effect: Allow\n            Principal:\n              AWS: !Sub arn:aws:iam::\${AWS::AccountId}:root\n            Action: kms:*\n            Resource: '*'`),
    },
    {
      name: 'the default statement with a Join-built root ARN',
      file: 'template.yaml',
      code: kmsKey(`          - Effect: Allow\n            Principal:\n              AWS: !Join ['', ['arn:aws:iam::', !Ref AWS::AccountId, ':root']]\n            Action: kms:*\n            Resource: '*'`),
    },
    {
      name: 'a key policy granting an AWS service principal as its docs write it',
      file: 'template.yaml',
      code: kmsKey(`          - Effect: Allow\n            Principal:\n              Service: !Sub logs.\${AWS::Region}.amazonaws.com\n            Action: [kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe*]\n            Resource: '*'`),
    },
  ],
  invalid: [
    {
      name: 'kms:* for a role in the key policy is still reported',
      file: 'template.yaml',
      code: kmsKey(`          - Effect: Allow\n            Principal:\n              AWS: arn:aws:iam::123456789012:role/app\n            Action: kms:*\n            Resource: '*'`),
      errors: [{ text: 'kms:*', messageId: 'pattern' }],
    },
  ],
});

run(rule, {
  valid: [
    {
      name: 'a key-policy statement limited to use through a service (kms:ViaService), as AWS writes it',
      file: 'template.yaml',
      code: kmsKey(`          - Effect: Allow\n            Principal:\n              AWS: '*'\n            Action: [kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey]\n            Resource: '*'\n            Condition:\n              StringEquals:\n                kms:ViaService: !Sub secretsmanager.\${AWS::Region}.amazonaws.com\n                kms:CallerAccount: !Ref AWS::AccountId`),
    },
  ],
  invalid: [],
});

// ---------------------------------------------------------------------------------------------
// The documented default key policy (root delegation in every spelling, the key-administrator and
// key-user statements), and documented action-wildcard idioms (data/documented-idioms.ts)

/** AWS's default key-administrator statement, as the console writes it (indented by 10). */
const keyAdmins = (principal: string, extra = '') => `          - Sid: Allow access for Key Administrators
            Effect: Allow
            Principal:
              AWS: ${principal}
            Action:
              - kms:Create*
              - kms:Describe*
              - kms:Enable*
              - kms:List*
              - kms:Put*
              - kms:Update*
              - kms:Revoke*
              - kms:Disable*
              - kms:Get*
              - kms:Delete*
              - kms:TagResource
              - kms:UntagResource
              - kms:ScheduleKeyDeletion
              - kms:CancelKeyDeletion${extra}
            Resource: '*'`;
const rootStatement = (principal: string) => `          - Effect: Allow\n            Principal:\n              AWS: ${principal}\n            Action: kms:*\n            Resource: '*'`;
const kmsJson = (statements: unknown[]) =>
  json({
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { AWSAccountId: { Type: 'String' } },
    Resources: {
      KeyAdmin: { Type: 'AWS::IAM::User', Properties: { UserName: 'key-admin' } },
      Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: statements } } },
    },
  });
const adminActions = ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'];

run(rule, {
  valid: [
    {
      name: 'root delegation: a Join of a Join with a parameter account id (JSON)',
      file: 'template.json',
      code: kmsJson([
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Join': [':', [{ 'Fn::Join': ['::', ['arn:aws:iam', { Ref: 'AWSAccountId' }]] }, 'root']] } },
          Action: 'kms:*',
          Resource: '*',
        },
      ]),
    },
    { name: 'root delegation: !Sub with ${AWS::Partition}', file: 'template.yaml', code: kmsKey(rootStatement('!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root')) },
    { name: 'root delegation: a list of account roots', file: 'template.yaml', code: kmsKey(rootStatement(`\n                - !Sub arn:aws:iam::\${AWS::AccountId}:root\n                - arn:aws:iam::210987654321:root`)) },
    { name: 'root delegation: the bare account id (!Ref AWS::AccountId)', file: 'template.yaml', code: kmsKey(rootStatement('!Ref AWS::AccountId')) },
    { name: 'root delegation: a 12-digit account id', file: 'template.yaml', code: kmsKey(rootStatement("'123456789012'")) },
    { name: 'root delegation: an unquoted 12-digit account id (a YAML number)', file: 'template.yaml', code: kmsKey(rootStatement('123456789012')) },
    {
      name: "AWS's default key-administrator statement for a user of the stack (JSON, one statement, no finding per line)",
      file: 'template.json',
      code: kmsJson([{ Sid: 'Allow administration of the key', Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': ['KeyAdmin', 'Arn'] } }, Action: adminActions, Resource: '*' }]),
    },
    { name: 'the key-administrator statement for a role ARN, with the multi-Region and on-demand rotation actions', file: 'template.yaml', code: kmsKey(keyAdmins('arn:aws:iam::123456789012:role/KeyAdmins', '\n              - kms:RotateKeyOnDemand\n              - kms:ReplicateKey\n              - kms:UpdatePrimaryRegion')) },
    {
      name: "AWS's default key-user statement (ReEncrypt*, GenerateDataKey*) for a role",
      file: 'template.yaml',
      code: kmsKey(`          - Sid: Allow use of the key\n            Effect: Allow\n            Principal:\n              AWS: !GetAtt AppRole.Arn\n            Action: [kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey]\n            Resource: '*'`),
    },
    {
      name: 'geo:GetMap* for map rendering, as the Amazon Location docs grant it',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: geo:GetMap*\n                Resource: !Sub arn:aws:geo:\${AWS::Region}:\${AWS::AccountId}:map/\${MapName}`),
    },
  ],
  invalid: [
    {
      name: 'a role ARN built with !Join and AWS::AccountId is not the account root',
      file: 'template.yaml',
      code: kmsKey(rootStatement(`!Join ['', ['arn:aws:iam::', !Ref AWS::AccountId, ':role/root-admin']]`)),
      errors: [{ text: 'kms:*', messageId: 'pattern' }],
    },
    {
      name: 'the administrator wildcards for every principal (AWS: *) are not the default statement',
      file: 'template.yaml',
      code: kmsKey(keyAdmins("'*'")),
      errors: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*'].map((text) => ({ text })),
    },
    {
      name: 'an action outside the documented statement (kms:Decrypt*) makes it an ordinary statement',
      file: 'template.yaml',
      code: kmsKey(`          - Effect: Allow\n            Principal:\n              AWS: arn:aws:iam::123456789012:role/app\n            Action: [kms:Create*, kms:Decrypt*]\n            Resource: '*'`),
      errors: [{ text: 'kms:Create*' }, { text: 'kms:Decrypt*' }],
    },
    {
      name: 'the administrator wildcards in a role policy (every key in the account) are reported',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: [kms:Create*, kms:Delete*]\n                Resource: '*'`),
      errors: [{ text: 'kms:Create*' }, { text: 'kms:Delete*' }],
    },
    {
      name: 'geo:Get* is wider than the documented geo:GetMap*',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: geo:Get*\n                Resource: '*'`),
      errors: [{ text: 'geo:Get*' }],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Read-only breadth (info) and the narrowing fix from the handler's calls

const samFn = (actions: string, resource: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Table:
    Type: AWS::DynamoDB::Table
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Allow
              Action: ${actions}
              Resource: ${resource}
`;
const getItem = { 'src/app.js': `const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');\nconst ddb = new DynamoDBClient({});\nexports.handler = async (e) => ddb.send(new GetItemCommand({ TableName: process.env.T, Key: {} }));\n` };

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'cloudformation:Describe* on one stack reads only configuration: info',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: cloudformation:Describe*\n                Resource: arn:aws:cloudformation:eu-west-1:123456789012:stack/app/*`),
      errors: [{ text: 'cloudformation:Describe*', severity: 'info', messageId: 'readOnly' }],
    },
    {
      name: 'codecommit:Get* on one repository includes GetBlob/GetFile (repository content): a warning, not "configuration"',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: codecommit:Get*\n                Resource: arn:aws:codecommit:eu-west-1:123456789012:app`),
      errors: [{ text: 'codecommit:Get*', severity: 'warning', messageId: 'pattern' }],
    },
    {
      name: 'kinesisvideo:Get* on one stream includes GetMedia/GetClip (the video): a warning',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: kinesisvideo:Get*\n                Resource: arn:aws:kinesisvideo:eu-west-1:123456789012:stream/cam/1`),
      errors: [{ text: 'kinesisvideo:Get*', severity: 'warning', messageId: 'pattern' }],
    },
    {
      name: 'states:Describe* on one state machine includes DescribeExecution (inputs and outputs): a warning',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: states:Describe*\n                Resource: arn:aws:states:eu-west-1:123456789012:execution:flow:*`),
      errors: [{ text: 'states:Describe*', severity: 'warning', messageId: 'pattern' }],
    },
    {
      name: "kms:Describe* and kms:List* on '*' expand only to metadata reads (catalogue access levels): info, not a warning",
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: [kms:Describe*, kms:List*]\n                Resource: '*'`),
      errors: [
        { text: 'kms:Describe*', severity: 'info', messageId: 'readOnly' },
        { text: 'kms:List*', severity: 'info', messageId: 'readOnly' },
      ],
    },
    {
      name: "ssm:Get* on '*' includes GetParameter (parameter values): still a warning",
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: ssm:Get*\n                Resource: '*'`),
      errors: [{ text: 'ssm:Get*', severity: 'warning', messageId: 'pattern' }],
    },
    {
      name: 'cloudformation:List* only lists: info even on *',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: cloudformation:List*\n                Resource: '*'`),
      errors: [{ text: 'cloudformation:List*', severity: 'info', messageId: 'readOnly', message: /AWS CloudFormation actions/ }],
    },
    {
      name: 's3:List* on the objects of one bucket: only the object-level List action applies (counted by resource type)',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: s3:List*\n                Resource: arn:aws:s3:::artifacts/*`),
      errors: [{ text: 's3:List*', severity: 'info', messageId: 'readOnly', message: /matches \d+ Amazon S3 actions, of which \d+ apply to these resources \(by resource type\)/ }],
    },
    {
      name: 's3:Get* on the bucket itself (not its objects): only bucket configuration reads apply: info',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: s3:Get*\n                Resource: arn:aws:s3:::artifacts`),
      errors: [{ text: 's3:Get*', severity: 'info', messageId: 'readOnly', message: /of which \d+ apply to these resources/ }],
    },
    {
      name: 's3:Get* next to s3:GetObject on the objects of one named bucket: it adds only configuration reads, info',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: [s3:Get*, s3:GetObject]\n                Resource: arn:aws:s3:::artifacts/*`),
      errors: [{ text: 's3:Get*', severity: 'info', messageId: 'readOnlyData', message: /the data it can read \(s3:GetObject and s3:GetObjectVersion\) the same statement already grants by name \(or through a read that returns the same data\)/ }],
    },
    {
      name: 's3:Get* alone on one bucket: its data reads are granted by nothing else, a warning',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: s3:Get*\n                Resource: arn:aws:s3:::artifacts/*`),
      errors: [{ text: 's3:Get*', severity: 'warning', messageId: 'pattern' }],
    },
    {
      name: 's3:Get* + s3:GetObject on !Sub ${Bucket}/* and a stack-prefixed bucket: info',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: [s3:Get*, s3:GetObject, s3:PutObject]\n                Resource:\n                  - !Sub arn:aws:s3:::\${Bucket}/*\n                  - !Sub arn:aws:s3:::\${AWS::StackName}*`),
      errors: [{ text: 's3:Get*', severity: 'info', messageId: 'readOnlyData' }],
    },
    {
      name: "s3:Get* on Resource '*' reads every bucket's objects: a warning",
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: s3:Get*\n                Resource: '*'`),
      errors: [{ text: 's3:Get*', severity: 'warning', messageId: 'pattern' }],
    },
    {
      name: 's3:Get* on arn:aws:s3:::* (every bucket): a warning',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: s3:Get*\n                Resource: arn:aws:s3:::*`),
      errors: [{ text: 's3:Get*', severity: 'warning', messageId: 'pattern' }],
    },
    {
      name: 'dynamodb:Get* next to GetItem on the stack’s one table: GetRecords (its stream data) is granted by nothing else, but only on that table: info',
      file: 'template.yaml',
      code: samFn('[dynamodb:Get*, dynamodb:GetItem]', '!GetAtt Table.Arn'),
      errors: [{ text: 'dynamodb:Get*', severity: 'info', messageId: 'ownResource' }],
    },
    {
      name: 'dynamodb:Get* next to GetItem and GetRecords on the table: info',
      file: 'template.yaml',
      code: samFn('[dynamodb:Get*, dynamodb:GetItem, dynamodb:GetRecords]', '!GetAtt Table.Arn'),
      errors: [{ text: 'dynamodb:Get*', severity: 'info', messageId: 'readOnlyData' }],
    },
    {
      name: 'dynamodb:Get* on every table (table/*): a warning',
      file: 'template.yaml',
      code: samFn('[dynamodb:Get*, dynamodb:GetItem, dynamodb:GetRecords]', 'arn:aws:dynamodb:eu-west-1:123456789012:table/*'),
      errors: [{ text: 'dynamodb:Get*', severity: 'warning', messageId: 'pattern' }],
    },
    {
      name: 'cognito-sync:* on one identity pool includes writes (SetCognitoEvents): a warning',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: cognito-sync:*\n                Resource: !Sub arn:aws:cognito-sync:\${AWS::Region}:\${AWS::AccountId}:identitypool/\${IdentityPool}`),
      errors: [{ text: 'cognito-sync:*', severity: 'warning', messageId: 'pattern' }],
    },
    {
      name: 'a read pattern that returns credentials (cognito-identity:Get*) on one pool: a warning',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: cognito-identity:Get*\n                Resource: !Sub arn:aws:cognito-identity:\${AWS::Region}:\${AWS::AccountId}:identitypool/\${IdentityPool}`),
      errors: [{ text: 'cognito-identity:Get*', severity: 'warning', messageId: 'pattern' }],
    },
    {
      name: 'codecommit:Get* on every repository: a warning',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: codecommit:Get*\n                Resource: '*'`),
      errors: [{ text: 'codecommit:Get*', severity: 'warning', messageId: 'pattern' }],
    },
    {
      name: 'dynamodb:* on the table, handler only calls GetItem: the fix narrows to it',
      file: 'template.yaml',
      code: samFn('dynamodb:*', '!GetAtt Table.Arn'),
      files: getItem,
      errors: [{ text: 'dynamodb:*', severity: 'warning', messageId: 'pattern' }],
      fixes: [{ title: 'Narrow to what the code uses (dynamodb:GetItem)', output: samFn('dynamodb:GetItem', '!GetAtt Table.Arn') }],
    },
    {
      name: 'dynamodb:*Item on the table and its indexes (one resource of the stack): info',
      file: 'template.yaml',
      code: samFn('dynamodb:*Item', `[!GetAtt Table.Arn, !Sub '\${Table.Arn}/index/*']`),
      errors: [{ text: 'dynamodb:*Item', severity: 'info', messageId: 'ownResource', message: /only on Table, the one resource of this template/ }],
    },
    {
      name: 'dynamodb:* on the stack’s one table grants dynamodb:PutResourcePolicy (who may use the table): a warning',
      file: 'template.yaml',
      code: samFn('dynamodb:*', `[!GetAtt Table.Arn, !Sub '\${Table.Arn}/index/*']`),
      errors: [{ text: 'dynamodb:*', severity: 'warning', messageId: 'pattern' }],
    },
    {
      name: 'kms:ReEncrypt* next to kms:CreateGrant on the stack’s one key (3mcloud/aws-auth0-custom-resource): info',
      file: 'template.yaml',
      code: samFn('[kms:ReEncrypt*, kms:CreateGrant]', '!GetAtt Key.Arn').replace('  Table:\n    Type: AWS::DynamoDB::Table', '  Key:\n    Type: AWS::KMS::Key'),
      errors: [{ text: 'kms:ReEncrypt*', severity: 'info', messageId: 'ownResource' }],
    },
    {
      name: 'kms:* on the stack’s one key grants kms:PutKeyPolicy, which can open the key to other accounts: a warning',
      file: 'template.yaml',
      code: samFn('kms:*', '!GetAtt Key.Arn').replace('  Table:\n    Type: AWS::DynamoDB::Table', '  Key:\n    Type: AWS::KMS::Key'),
      errors: [{ text: 'kms:*', severity: 'warning', messageId: 'pattern' }],
    },
    {
      name: 'dynamodb:* on a table of the stack and a table outside it: a warning',
      file: 'template.yaml',
      code: samFn('dynamodb:*', `[!GetAtt Table.Arn, 'arn:aws:dynamodb:eu-west-1:123456789012:table/other']`),
      errors: [{ text: 'dynamodb:*', severity: 'warning', messageId: 'pattern' }],
    },
    {
      name: 'dynamodb:* on a table name passed as a parameter (not a resource of the stack): a warning',
      file: 'template.yaml',
      code: samFn('dynamodb:*', `!Sub 'arn:aws:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/\${TableName}'`).replace('Resources:', 'Parameters:\n  TableName:\n    Type: String\nResources:'),
      errors: [{ text: 'dynamodb:*', severity: 'warning', messageId: 'pattern' }],
    },
    {
      name: 'lambda:Update* on the stack’s own function: UpdateFunctionCode runs code with its role (privilege escalation), a warning',
      file: 'template.yaml',
      code: samFn('lambda:Update*', '!GetAtt Worker.Arn').replace('  Table:\n    Type: AWS::DynamoDB::Table', '  Worker:\n    Type: AWS::Lambda::Function'),
      errors: [{ text: 'lambda:Update*', severity: 'warning', messageId: 'pattern' }],
    },
    {
      name: 'iam:* on the stack’s own role grants account-wide power: a warning',
      file: 'template.yaml',
      code: samFn('iam:*', '!GetAtt AppRole.Arn').replace('  Table:\n    Type: AWS::DynamoDB::Table', '  AppRole:\n    Type: AWS::IAM::Role'),
      errors: [{ text: 'iam:*', severity: 'warning', messageId: 'pattern' }],
    },
  ],
});

// Code written in the template (SAM InlineCode, CloudFormation Code.ZipFile) is read like a handler file.
const samInline = (actions: string, handler = 'index.handler') =>
  samInlineQueueApp(
    `            - Effect: Allow
              Action: ${actions}
              Resource: !GetAtt Queue.Arn`,
    undefined,
    handler,
  );

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'sqs:* for a function whose code is inline (InlineCode): narrowed to the SendMessage it calls',
      file: 'template.yaml',
      code: samInline('sqs:*'),
      errors: [{ text: 'sqs:*', severity: 'warning' }],
      fixes: [{ title: 'Narrow to what the code uses (sqs:SendMessage)', output: samInline('sqs:SendMessage') }],
    },
  ],
});

it('inline code under a handler module other than index (Lambda would not load it): no narrowing', () => {
  const found = ruleFindings(rule, { file: 'template.yaml', code: samInline('sqs:*', 'app.handler') });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].fixes.filter((f) => !f.title.startsWith('Ignore')).map((f) => f.title), []);
});

// Step Functions execution roles: the Task states name what the role's users need (permissions/state-machine.ts).
const machineApp = (actions: string, task2 = 'arn:aws:states:::dynamodb:putItem', extra = '') => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: arn:aws:iam::123456789012:role/worker
      Code: { ZipFile: 'exports.handler = async () => 1;' }
  Orders:
    Type: AWS::DynamoDB::Table
  MachineRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: states.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: run
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ${actions}
                Resource: [!GetAtt Worker.Arn, !GetAtt Orders.Arn]
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt MachineRole.Arn
      Definition:
        StartAt: Work
        States:
          Work:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters: { FunctionName: !GetAtt Worker.Arn }
            Next: Save
          Save:
            Type: Task
            Resource: ${task2}
            End: true
${extra}`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'lambda:* and dynamodb:* on a state machine role: narrowed to the actions its Task states use',
      file: 'template.yaml',
      code: machineApp('[lambda:*, dynamodb:*]'),
      errors: [{ text: 'lambda:*' }, { text: 'dynamodb:*' }],
      fixes: [
        { finding: 0, title: 'Narrow to what the state machines use (lambda:InvokeFunction)', output: machineApp('[lambda:InvokeFunction, dynamodb:*]') },
        { finding: 1, title: 'Narrow to what the state machines use (dynamodb:PutItem)', output: machineApp('[lambda:*, dynamodb:PutItem]') },
      ],
    },
    {
      name: 'a .sync run of another state machine adds its documented actions (states:* kept to them)',
      file: 'template.yaml',
      code: machineApp('[lambda:InvokeFunction, states:*]', 'arn:aws:states:::states:startExecution.sync:2'),
      errors: [{ text: 'states:*' }],
      fixes: [{ title: 'Narrow to what the state machines use', output: machineApp('[lambda:InvokeFunction, states:DescribeExecution, states:StartExecution, states:StopExecution]', 'arn:aws:states:::states:startExecution.sync:2') }],
    },
  ],
});

it('no state machine narrowing when a Task uses an integration whose needs are not all in the definition, or an Output exports the role', () => {
  const titles = (code: string) => ruleFindings(rule, { file: 'template.yaml', code }).flatMap((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore')).map((x) => x.title));
  // (Nor the list of the 52 lambda actions the statement's ARNs can grant: the wildcard spelled out, no narrower.)
  assert.deepEqual(titles(machineApp('[lambda:*]', 'arn:aws:states:::ecs:runTask.sync')), []);
  assert.deepEqual(titles(machineApp('[lambda:*]', 'arn:aws:states:::dynamodb:putItem', 'Outputs:\n  R:\n    Value: !GetAtt MachineRole.Arn\n')), []);
  assert.deepEqual(titles(machineApp('[lambda:*]')), ['Narrow to what the state machines use (lambda:InvokeFunction)']);
});

it('dynamodb:* with a handler that picks the method at run time: no narrowing fix (what the code needs is unknown)', () => {
  const found = ruleFindings(rule, {
    file: 'template.yaml',
    code: samFn('dynamodb:*', '!GetAtt Table.Arn'),
    files: { 'src/app.js': `const AWS = require('aws-sdk');\nconst doc = new AWS.DynamoDB.DocumentClient();\nexports.handler = (e) => doc[e.op]({ TableName: 't' }).promise();\n` },
  });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].fixes.filter((f) => !f.title.startsWith('Ignore')).map((f) => f.title), []);
});

// In an OpenSearch domain's access policy, es:* means es:ESHttp* (AWS's documented form).
const domain = (action: string, principal: string, type = 'AWS::OpenSearchService::Domain') => `Resources:
  KibanaRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Federated: cognito-identity.amazonaws.com}, Action: sts:AssumeRoleWithWebIdentity}]}
  Search:
    Type: ${type}
    Properties:
      AccessPolicies:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              AWS: ${principal}
            Action: ${action}
            Resource: !Sub arn:aws:es:\${AWS::Region}:\${AWS::AccountId}:domain/search/*
`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'es:* for a named role in the domain access policy: every HTTP method on this domain (es:ESHttp*), info',
      file: 'template.yaml',
      code: domain('es:*', '!GetAtt KibanaRole.Arn'),
      errors: [{ text: 'es:*', severity: 'info', messageId: 'domainPolicy', message: /acts as es:ESHttp\*/ }],
    },
    {
      name: 'es:ESHttp* in an Elasticsearch domain access policy for a named role: info',
      file: 'template.yaml',
      code: domain("'es:ESHttp*'", '!GetAtt KibanaRole.Arn', 'AWS::Elasticsearch::Domain'),
      errors: [{ text: "'es:ESHttp*'", severity: 'info', messageId: 'domainPolicy' }],
    },
    {
      name: "es:* for Principal '*' in the domain access policy: a warning",
      file: 'template.yaml',
      code: domain('es:*', "'*'"),
      errors: [{ text: 'es:*', severity: 'warning' }],
    },
    {
      name: 'es:* in an identity policy still grants every OpenSearch action: a warning',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: es:*\n                Resource: !Sub arn:aws:es:\${AWS::Region}:\${AWS::AccountId}:domain/search`),
      errors: [{ text: 'es:*', severity: 'warning', messageId: 'pattern' }],
    },
  ],
});

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'on a role no function uses (a Cognito identity-pool role), the advice speaks of the role',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: cognito-sync:*\n                Resource: '*'`).replace('Service: lambda.amazonaws.com', 'Federated: cognito-identity.amazonaws.com'),
      errors: [{ text: 'cognito-sync:*', message: /List only the actions the role needs\.$/ }],
    },
    {
      name: 'on a function role, the advice speaks of the function',
      file: 'template.yaml',
      code: samFn('cognito-sync:*', "'*'"),
      errors: [{ text: 'cognito-sync:*', message: /List only the actions the function calls\.$/ }],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Fix: only some of the matched actions apply to the statement's ARNs: list exactly those

/** A Cognito identity pool's role (no function) with one statement on the pool's ARN. */
const poolRole = (actions: string, effect = 'Allow') => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Pool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: false
  AuthRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Federated: cognito-identity.amazonaws.com }
            Action: sts:AssumeRoleWithWebIdentity
      Policies:
        - PolicyName: sync
          PolicyDocument:
            Statement:
              - Effect: ${effect}
                Action:
${actions}
                Resource: !Sub 'arn:aws:cognito-sync:\${AWS::Region}:\${AWS::AccountId}:identitypool/\${Pool}'
`;
/** The cognito-sync actions whose resource type is the identity pool (those the pool's ARN can grant). */
const POOL_ACTIONS = expandAction('cognito-sync:*')
  .filter((a) => a.resourceTypes.some((t) => t.name === 'identitypool'))
  .map((a) => a.fullName);
const items = (xs: readonly string[]) => xs.map((x) => `                  - ${x}`).join('\n');

run(rule, {
  valid: [],
  invalid: [
    {
      name: "cognito-sync:* on an identity pool's ARN: replaced by the actions that apply to the pool (the same access)",
      file: 'template.yaml',
      code: poolRole(items(["'cognito-sync:*'", 'cognito-identity:GetId'])),
      errors: [{ text: "'cognito-sync:*'", severity: 'warning' }],
      fixes: [{ title: /^Replace cognito-sync:\* with the \d+ Amazon Cognito Sync actions that apply to these resources/, output: poolRole(items([...POOL_ACTIONS, 'cognito-identity:GetId'])) }],
    },
  ],
});

it('the actions listed by the fitting fix are those the pool ARN can grant, fewer than the pattern matches', () => {
  assert.ok(POOL_ACTIONS.length > 0 && POOL_ACTIONS.length * 2 <= expandAction('cognito-sync:*').length);
});

it('the fitting fix passes the fix rules with every rule on (test/fixes/projects/fitting-actions): finding gone, no new warning or error, file parses', async () => {
  const root = path.resolve(__dirname, '../fixes/projects/fitting-actions');
  assert.equal(fs.readFileSync(path.join(root, 'template.yaml'), 'utf8'), poolRole(items(["'cognito-sync:*'"])));
  const r = await checkFixes(root);
  assert.deepEqual(r.violations.map((v) => `${v.kind} ${v.rule}: ${v.detail}`), []);
  assert.equal(r.stats.get('iam-service-wildcard-action')?.severeWithFix, 1);
});

it('no fitting fix on a Deny statement, nor when most matched actions apply (sqs:* on a queue)', () => {
  const deny = ruleFindings(rule, { file: 'template.yaml', code: poolRole(items(["'cognito-sync:*'"]), 'Deny') });
  assert.ok(deny.every((f) => !f.fixes.some((x) => x.title.startsWith('Replace'))));
  const queue = ruleFindings(rule, { file: 'template.yaml', code: cfnRole(`              - Effect: Allow\n                Action: sqs:*\n                Resource: !GetAtt Queue.Arn`) + `  Queue:\n    Type: AWS::SQS::Queue\n` });
  assert.equal(queue.length, 1);
  assert.ok(!queue[0].fixes.some((x) => x.title.startsWith('Replace')));
});

it("no fitting fix for s3:* on a bucket's objects without code (44 object actions: the wildcard spelled out); with the code known, the object actions it uses; none when a '*' in the ARN may reach other resource types", () => {
  const objects = cfnRole(`              - Effect: Allow\n                Action: s3:*\n                Resource: !Sub '\${Bucket.Arn}/*'`) + `  Bucket:\n    Type: AWS::S3::Bucket\n`;
  const [f] = ruleFindings(rule, { file: 'template.yaml', code: objects });
  assert.ok(!f.fixes.some((x) => x.title.startsWith('Replace s3:*')), f.fixes.map((x) => x.title).join(' | '));
  // The same statement, what the role's functions use known (fix/fitting-actions-fix.ts FittingNeed).
  const model = buildModel('/project/template.yaml', parseYaml(objects))!;
  const st = model.documents.flatMap((d) => d.statements)[0];
  const value = st.actions!.items[0];
  const expansion = expandAction('s3:*');
  const fitting = possiblyGranted(model, st, expansion)!;
  assert.equal(fitting.length, 44);
  assert.equal(fittingActionsFix(model, st, value, expansion, fitting), undefined);
  assert.equal(fittingActionsFix(model, st, value, expansion, fitting, 'unknown'), undefined);
  const fix = fittingActionsFix(model, st, value, expansion, fitting, { used: ['s3:GetObject', 's3:PutObject', 'logs:CreateLogStream', 's3:ListBucket'] })!;
  assert.match(fix.title, /^Replace s3:\* with the 2 Amazon S3 actions the code uses on these resources \(s3:GetObject and s3:PutObject\)/);
  const listed: string[] = fix.changes[0].edits[0].newText.match(/s3:[A-Za-z]+/g) ?? [];
  assert.deepEqual(listed.sort(), ['s3:GetObject', 's3:PutObject']);
  // `function:*` also matches versions and aliases (`function:f:1`): the sample-based count cannot be trusted, no fix.
  const fns = cfnRole(`              - Effect: Allow\n                Action: lambda:*\n                Resource: !Sub 'arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:*'`);
  const found = ruleFindings(rule, { file: 'template.yaml', code: fns });
  assert.equal(found.length, 1);
  assert.ok(!found[0].fixes.some((x) => x.title.startsWith('Replace')));
});

/** A Secrets Manager resource policy with one statement. */
const secretPolicy = (statement: string) => `Resources:
  Secret:
    Type: AWS::SecretsManager::Secret
  SecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref Secret
      ResourcePolicy:
        Version: '2012-10-17'
        Statement:
${statement}
`;
run(rule, {
  valid: [
    {
      name: "a resource policy granting only the template's own account (delegation to its IAM policies)",
      file: 'template.yaml',
      code: secretPolicy(`          - Effect: Allow\n            Principal:\n              AWS: !Sub '\${AWS::AccountId}'\n            Action: secretsmanager:*\n            Resource: '*'`),
    },
    {
      name: 'the same with the own account root ARN',
      file: 'template.yaml',
      code: secretPolicy(`          - Effect: Allow\n            Principal:\n              AWS: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root'\n            Action: secretsmanager:*\n            Resource: '*'`),
    },
  ],
  invalid: [
    {
      name: 'a literal account id may be another account: still reported',
      file: 'template.yaml',
      code: secretPolicy(`          - Effect: Allow\n            Principal:\n              AWS: arn:aws:iam::123456789012:root\n            Action: secretsmanager:*\n            Resource: '*'`),
      errors: [{ text: 'secretsmanager:*' }],
    },
    {
      name: 'a role of the account is a grant, not a delegation: still reported',
      file: 'template.yaml',
      code: secretPolicy(`          - Effect: Allow\n            Principal:\n              AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:role/app'\n            Action: secretsmanager:*\n            Resource: '*'`),
      errors: [{ text: 'secretsmanager:*' }],
    },
  ],
});

it("state machine narrowing on Resource '*': not offered when the kept actions take resource ARNs (iam-wildcard-resource would report them)", () => {
  const onStar = (code: string) => code.replace('Resource: [!GetAtt Worker.Arn, !GetAtt Orders.Arn]', "Resource: '*'");
  const titles = (code: string) => ruleFindings(rule, { file: 'template.yaml', code }).flatMap((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore')).map((x) => x.title));
  // Control: on the functions' and table's ARNs the same wildcard is narrowed.
  assert.ok(titles(machineApp('[lambda:*]')).some((t) => t.startsWith('Narrow to what the state machines use')));
  assert.ok(onStar(machineApp('[lambda:*]')).includes("Resource: '*'"));
  assert.deepEqual(titles(onStar(machineApp('[lambda:*]'))).filter((t) => t.startsWith('Narrow to what the state machines use')), []);
});

it('a state machine publishing to a KMS-encrypted topic needs the key: kms:GenerateDataKey* narrows to kms:GenerateDataKey, never goes (aws-step-functions-rpa class)', () => {
  const titles = (code: string) => ruleFindings(rule, { file: 'template.yaml', code }).flatMap((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore')).map((x) => x.title));
  const actions = "[lambda:InvokeFunction, sns:Publish, 'kms:GenerateDataKey*', kms:Decrypt]";
  const topic = (props: string) => `  Topic:\n    Type: AWS::SNS::Topic\n${props}`;
  // A plain topic: the state machines use no key.
  assert.deepEqual(titles(machineApp(actions, 'arn:aws:states:::sns:publish', topic(''))), ['Narrow to what the state machines use (remove kms:GenerateDataKey*: the state machines using the role need none of it)']);
  // An encrypted topic: publishing needs kms:GenerateDataKey and kms:Decrypt.
  assert.deepEqual(titles(machineApp(actions, 'arn:aws:states:::sns:publish', topic('    Properties:\n      KmsMasterKeyId: alias/app\n'))), ['Narrow to what the state machines use (kms:GenerateDataKey)']);
});

it('a key the code hands to Secrets Manager (KmsKeyId from the environment) keeps kms:Decrypt and kms:GenerateDataKey when narrowed (sample g, 3mcloud/aws-auth0-custom-resource class)', () => {
  const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: {Statement: [{Effect: Allow, Principal: {AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root'}, Action: 'kms:*', Resource: '*'}]}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Environment:
        Variables:
          KMS_KEY_ID: !Ref Key
      Policies:
        - Statement:
            - Effect: Allow
              Action: [secretsmanager:CreateSecret, secretsmanager:GetSecretValue]
              Resource: '*'
            - Effect: Allow
              Action: [kms:Encrypt, kms:Decrypt, 'kms:GenerateDataKey*', kms:DescribeKey]
              Resource: !GetAtt Key.Arn
`;
  const app = `import os
import boto3

sm = boto3.client('secretsmanager')

def handler(event, context):
    sm.create_secret(Name='x', SecretString='y', KmsKeyId=os.environ['KMS_KEY_ID'])
    return sm.get_secret_value(SecretId='x')['SecretString']
`;
  const findings = ruleFindings(rule, { file: 'template.yaml', code: template, files: { 'src/app.py': app } });
  const fixes = findings.flatMap((f) => f.fixes.filter((x) => x.title.startsWith('Narrow to what the code uses')));
  assert.equal(fixes.length, 1);
  const out = applyFix(fixes[0], `${ROOT}/template.yaml`, template);
  // Secrets Manager encrypts with the key for the caller: both actions stay on it (before: the statement lost them).
  assert.match(out, /Action: \[kms:Decrypt, kms:GenerateDataKey\]\n\s+Resource: !GetAtt Key\.Arn|- kms:Decrypt\n\s+- kms:GenerateDataKey\n/);
  assert.doesNotMatch(out, /kms:Encrypt|kms:DescribeKey|GenerateDataKey\*/);
});
