/**
 * iam-service-wildcard-action, round 11: documented KMS key-use patterns, a wildcard whose resources
 * admit one action, metadata extras on the objects of the template's own bucket, a statement written
 * twice, and a state machine's KMS needs for encrypted targets (the narrowing keeps them).
 */
import rule from '../../rules/iam-service-wildcard-action';
import unusedRule from '../../rules/iam-unused-permission';
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { run, ruleFindings, setCodeSupport } from '../helpers/rule-tester';

before(async () => {
  await initCodeParsers();
  setCodeSupport((e) => {
    e.codeSupport = new TreeSitterCodeSupport(e);
  });
});

/** A SAM function (src/app.js) with its own role statements, a data bucket and a KMS key. */
const samApp = (statements: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Key:
    Type: AWS::KMS::Key
  Data:
    Type: AWS::S3::Bucket
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
      Environment:
        Variables:
          BUCKET: !Ref Data
      Policies:
        - Statement:
${statements}
`;

const getObject = `const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});
exports.handler = async (e) => s3.send(new GetObjectCommand({ Bucket: process.env.BUCKET, Key: e.key }));
`;
const noAws = `exports.handler = async (e) => ({ statusCode: 200, body: JSON.stringify(e) });\n`;

/** A Glue job role (no function uses it) with one statement. */
const glueRole = (actions: string, resource = "!Sub '\${Data.Arn}/*'") => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Data:
    Type: AWS::S3::Bucket
  GlueRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: glue.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: data
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ${actions}
                Resource: ${resource}
`;

/** A state machine publishing to a topic (encrypted with the stack's key when `encrypted`), with a KMS statement on its role. */
const machine = (encrypted: boolean) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Key:
    Type: AWS::KMS::Key
  Topic:
    Type: AWS::SNS::Topic${encrypted ? '\n    Properties:\n      KmsMasterKeyId: !Ref Key' : ''}
  MachineRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: states.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: sns
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: sns:Publish
                Resource: !Ref Topic
        - PolicyName: kms
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [kms:GenerateDataKey*, kms:Decrypt]
                Resource: !GetAtt Key.Arn
              - Effect: Allow
                Action: [s3:GetObject*]
                Resource: arn:aws:s3:::elsewhere/*
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt MachineRole.Arn
      Definition:
        StartAt: Notify
        States:
          Notify:
            Type: Task
            Resource: arn:aws:states:::sns:publish
            Parameters: { TopicArn: !Ref Topic, Message: done }
            End: true
`;

run(rule, {
  valid: [
    {
      name: 'a statement written twice in one policy: reported on the first copy only (see the invalid case)',
      file: 'template.yaml',
      code: glueRole('s3:GetObject', "!Sub '${Data.Arn}/*'"),
    },
  ],
  invalid: [
    {
      name: 'kms:GenerateDataKey* + kms:Decrypt on the stack key: the documented key-use form, info',
      file: 'template.yaml',
      code: samApp(`            - Effect: Allow\n              Action: [kms:GenerateDataKey*, kms:Decrypt]\n              Resource: !GetAtt Key.Arn`),
      files: { 'src/app.js': noAws },
      errors: [{ text: 'kms:GenerateDataKey*', severity: 'info', messageId: 'keyUse' }],
    },
    {
      name: "kms:ReEncrypt* among the key users' actions on '*': info, naming Resource '*' as what makes it broad",
      file: 'template.yaml',
      code: samApp(`            - Effect: Allow\n              Action: [kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:DescribeKey]\n              Resource: '*'`),
      files: { 'src/app.js': noAws },
      errors: [{ text: 'kms:ReEncrypt*', severity: 'info', messageId: 'keyUse', message: "Resource '*' is what makes it broad" }],
    },
    {
      name: 'kms:GenerateDataKey* in a statement that also grants S3: not a key-use statement, a warning',
      file: 'template.yaml',
      code: samApp(`            - Effect: Allow\n              Action: [kms:GenerateDataKey*, s3:GetObject]\n              Resource: '*'`),
      files: { 'src/app.js': getObject },
      errors: [{ text: 'kms:GenerateDataKey*', severity: 'warning', messageId: 'pattern' }],
    },
    {
      name: 'lambda:Publish* on a layer ARN: only lambda:PublishLayerVersion applies there, info',
      file: 'template.yaml',
      code: samApp(`            - Effect: Allow\n              Action: lambda:Publish*\n              Resource: arn:aws:lambda:us-east-1:123456789012:layer:shared`),
      files: { 'src/app.js': noAws },
      errors: [{ text: 'lambda:Publish*', severity: 'info', messageId: 'oneFitting', message: 'today it grants only lambda:PublishLayerVersion on them' }],
    },
    {
      name: "s3:Get* on the objects of the stack's bucket, whose handler reads objects: the extras are metadata reads, info",
      file: 'template.yaml',
      code: samApp(`            - Effect: Allow\n              Action: s3:Get*\n              Resource: !Sub '\${Data.Arn}/*'`),
      files: { 'src/app.js': getObject },
      errors: [{ text: 's3:Get*', severity: 'info', messageId: 'ownObjects', message: 'bucket Data' }],
    },
    {
      name: "s3:Get* on the objects of the stack's bucket, whose handler calls no AWS API: the whole pattern is unneeded, a warning",
      file: 'template.yaml',
      code: samApp(`            - Effect: Allow\n              Action: s3:Get*\n              Resource: !Sub '\${Data.Arn}/*'`),
      files: { 'src/app.js': noAws },
      errors: [{ text: 's3:Get*', severity: 'warning', messageId: 'pattern' }],
    },
    {
      name: "a Glue job role's s3:Delete* on the stack bucket's objects: beyond deleting objects only tag and annotation deletes, info",
      file: 'template.yaml',
      code: glueRole('s3:Delete*'),
      errors: [{ text: 's3:Delete*', severity: 'info', messageId: 'ownObjects' }],
    },
    {
      name: "a Glue job role's s3:Put* on the stack bucket's objects: ACL and retention writes, a warning",
      file: 'template.yaml',
      code: glueRole('s3:Put*'),
      errors: [{ text: 's3:Put*', severity: 'warning' }],
    },
    {
      name: "s3:Delete* on another account's bucket objects: not the stack's own bucket, a warning",
      file: 'template.yaml',
      code: glueRole('s3:Delete*', 'arn:aws:s3:::someone-elses/*'),
      errors: [{ text: 's3:Delete*', severity: 'warning' }],
    },
    {
      name: 'a statement written twice in one policy: one finding, on the first copy',
      file: 'template.yaml',
      code: glueRole('s3:*').replace(
        "                Resource: !Sub '${Data.Arn}/*'\n",
        "                Resource: !Sub '${Data.Arn}/*'\n              - Effect: Allow\n                Action: s3:*\n                Resource: !Sub '${Data.Arn}/*'\n",
      ),
      errors: [{ text: "s3:*", line: 18 }],
    },
    {
      name: 'a state machine publishing to a KMS-encrypted topic: the narrowing keeps kms:GenerateDataKey (and kms:Decrypt)',
      file: 'template.yaml',
      code: machine(true),
      errors: [{ text: 'kms:GenerateDataKey*', severity: 'info' }, { text: 's3:GetObject*' }],
      fixes: [{ finding: 0, title: 'Narrow to what the state machines use (kms:GenerateDataKey)', output: machine(true).replace('[kms:GenerateDataKey*, kms:Decrypt]', '[kms:GenerateDataKey, kms:Decrypt]') }],
    },
    {
      name: 'the same state machine with an unencrypted topic: no KMS action is needed, the fix removes the pattern',
      file: 'template.yaml',
      code: machine(false),
      errors: [{ text: 'kms:GenerateDataKey*', severity: 'info' }, { text: 's3:GetObject*' }],
      fixes: [{ finding: 0, title: 'remove kms:GenerateDataKey*: the state machines using the role need none of it', output: machine(false).replace('[kms:GenerateDataKey*, kms:Decrypt]', '[kms:Decrypt]') }],
    },
  ],
});

it('kms:GenerateDataKey* + kms:Decrypt, the code calling neither: one info (the key-use form) with the narrowing, no unused-permission warning', () => {
  const c = {
    file: 'template.yaml',
    code: samApp(`            - Effect: Allow\n              Action: s3:GetObject\n              Resource: !Sub '\${Data.Arn}/*'\n            - Effect: Allow\n              Action: [kms:GenerateDataKey*, kms:Decrypt]\n              Resource: !GetAtt Key.Arn`),
    files: { 'src/app.js': getObject },
  };
  assert.deepEqual(ruleFindings(unusedRule, c).map((f) => f.message), []);
  const w = ruleFindings(rule, c);
  assert.equal(w.length, 1);
  assert.equal(w[0].severity, 'info');
  assert.ok(w[0].fixes.some((f) => f.title.startsWith('Remove the statement')), 'the narrowing (the key encrypts nothing the code touches: the statement goes)');
});
