import rule, { OPTIONAL_RESOURCE_ONLY_TABLE, RUNTIME_ID_CREATES, SERVICE_NAMED_JOB_TABLE } from '../../rules/iam-wildcard-resource';
import { TASK_INTEGRATIONS } from '../../server/src/engine/fix/state-machine-scope';
import { serviceInfo } from '../../server/src/engine/iam/catalog';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { lookupAction } from '../../server/src/engine/iam/catalog';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { ruleFindings, run, setCodeSupport } from '../helpers/rule-tester';
import { checkFixes } from '../helpers/fix-check';
import * as fs from 'node:fs';
import * as path from 'node:path';

before(async () => {
  await initCodeParsers();
  setCodeSupport((e) => {
    e.codeSupport = new TreeSitterCodeSupport(e);
  });
});
import { sls, sam, cfnRole } from '../helpers/policy-hosts';

const json = (o: unknown) => JSON.stringify(o, null, 2);
/** A CloudFormation role assumed by `service`, with one statement of `actions` on '*'. */
const serviceRole = (service: string, actions: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Service: ${service}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: logs
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ${actions}
                Resource: '*'
`;
const cfnJson = (statements: unknown[]) =>
  json({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
          Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: statements } }],
        },
      },
    },
  });

const samStateMachine = (actions: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Type: EXPRESS
      Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}
      Policies:
        - Statement:
            - Effect: Allow
              Action: ${actions}
              Resource: '*'
`;

run(rule, {
  valid: [
    {
      name: 'actions that take no resource ARN (sns:ListTopics, s3:ListAllMyBuckets, lambda:ListFunctions) are not wildcard-resource findings',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [sns:ListTopics, s3:ListAllMyBuckets, lambda:ListFunctions]\n          Resource: '*'`),
    },
    {
      name: 'a metadata read whose resource types are all optional (lambda:ListTags of every function, as a Config rule audits)',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [lambda:ListFunctions, lambda:ListTags]\n          Resource: '*'`),
    },
    { name: 'actions without resource-level permissions', file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: [xray:PutTraceSegments, xray:PutTelemetryRecords]\n          Resource: '*'`) },
    { name: 'ec2:Describe* (almost none can be scoped)', file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action:\n            - ec2:DescribeInstances\n            - ec2:Describe*\n            - ec2:DescribeNetworkInterfaces\n          Resource: '*'`) },
    { name: "Action '*' is iam-wildcard-action's", file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: '*'\n          Resource: '*'`) },
    { name: 'Deny is never reported', file: 'serverless.yml', code: sls(`        - Effect: Deny\n          Action: s3:DeleteBucket\n          Resource: '*'`) },
    {
      name: 'Resource * narrowed by a resource-tag condition (ABAC)',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [ec2:StartInstances, ec2:StopInstances]\n          Resource: '*'\n          Condition:\n            StringEquals:\n              aws:ResourceTag/team: orders`),
    },
    { name: 'scoped resource', file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: dynamodb:GetItem\n          Resource: !GetAtt OrdersTable.Arn`) },
    {
      name: 'event-source-mapping actions on * limited to the app\'s functions by lambda:FunctionArn (ArnEquals)',
      file: 'template.yaml',
      code: sam(`            - Effect: Allow\n              Action: [lambda:DeleteEventSourceMapping, lambda:UpdateEventSourceMapping]\n              Resource: '*'\n              Condition:\n                ArnEquals:\n                  lambda:FunctionArn: !Sub 'arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:\${AppId}-*'`),
    },
    {
      name: 'secret resource-policy actions limited to requests tagged with the stack name (aws:RequestTag)',
      file: 'template.yaml',
      code: sam(`            - Effect: Allow\n              Action: [secretsmanager:PutResourcePolicy, secretsmanager:DeleteResourcePolicy]\n              Resource: '*'\n              Condition:\n                StringEquals:\n                  'aws:RequestTag/aws:cloudformation:stack-name': [!Ref AppId]`),
    },
    {
      name: 'role actions on * limited to roles capped by a named boundary (iam:PermissionsBoundary)',
      file: 'template.yaml',
      code: sam(`            - Effect: Allow\n              Action: [iam:CreateRole, iam:DeleteRolePolicy]\n              Resource: '*'\n              Condition:\n                StringEquals:\n                  iam:PermissionsBoundary: arn:aws:iam::123456789012:policy/app-boundary`),
    },
    { name: "iam:PassRole on '*' is iam-passrole-wildcard's", file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: iam:PassRole\n          Resource: '*'`) },
    { name: 'unknown action is iam-unknown-action’s', file: 'template.yaml', code: sam(`            - Effect: Allow\n              Action: s3:GetObjet\n              Resource: '*'`) },
    {
      name: "resource policy: Resource '*' means this key",
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root' }
            Action: kms:Decrypt
            Resource: '*'
`,
    },
    {
      name: "logs on '*' in a role Step Functions assumes: the log-delivery grant Step Functions documents, nothing narrower exists, not reported",
      file: 'template.yaml',
      code: serviceRole('states.amazonaws.com', '[logs:CreateLogDelivery, logs:GetLogDelivery, logs:CreateLogGroup, logs:CreateLogStream]'),
    },
    {
      name: "logs on '*' in a SAM state machine's Policies (the role SAM generates, assumed by Step Functions): not reported",
      file: 'template.yaml',
      code: samStateMachine('[logs:CreateLogStream, logs:PutLogEvents, logs:DescribeLogGroups]'),
    },
    { name: 'JSON, list-only action', file: 'template.json', code: cfnJson([{ Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 'sts:GetCallerIdentity'], Resource: '*' }]) },
  ],
  invalid: [
    {
      name: 'lambda:FunctionArn naming every function narrows nothing',
      file: 'template.yaml',
      code: sam(`            - Effect: Allow\n              Action: [lambda:DeleteEventSourceMapping]\n              Resource: '*'\n              Condition:\n                ArnLike:\n                  lambda:FunctionArn: 'arn:aws:lambda:*:*:function:*'`),
      errors: [{ text: `'*'` }],
    },
    {
      name: 'a request-tag test with IfExists lets untagged requests through: reported',
      file: 'template.yaml',
      code: sam(`            - Effect: Allow\n              Action: [secretsmanager:PutResourcePolicy]\n              Resource: '*'\n              Condition:\n                StringEqualsIfExists:\n                  'aws:RequestTag/app': orders`),
      errors: [{ text: `'*'` }],
    },
    {
      name: 'DynamoDB actions on every table',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:PutItem]\n          Resource: '*'`),
      errors: [{ text: `'*'`, line: 10, severity: 'warning', message: "Resource '*' lets dynamodb:GetItem and dynamodb:PutItem act on every table in the account" }],
    },
    {
      name: "logs actions on '*' as in AWSLambdaBasicExecutionRole: info, naming the policy and the tighter scope",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action:\n            - logs:CreateLogGroup\n            - logs:CreateLogStream\n            - logs:PutLogEvents\n          Resource: '*'`),
      errors: [{ text: `'*'`, severity: 'info', messageId: 'awsStar', message: /logs:CreateLogGroup, logs:CreateLogStream and logs:PutLogEvents.*AWSLambdaBasicExecutionRole.*arn:aws:logs:<region>:<account>:log-group/ }],
    },
    {
      name: "logs on '*' in a state machine's SAM Policies, but also lambda:InvokeFunction on '*': the invoke is scopable, reported",
      file: 'template.yaml',
      code: samStateMachine('[logs:CreateLogDelivery, logs:GetLogDelivery, logs:CreateLogGroup, lambda:InvokeFunction]'),
      errors: [{ text: `'*'`, severity: 'warning', message: /lambda:InvokeFunction/ }],
    },
    {
      name: "logs on '*' in an AppSync logging role: AWSAppSyncPushToCloudWatchLogs, the API's log group",
      file: 'template.yaml',
      code: serviceRole('appsync.amazonaws.com', '[logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents]'),
      errors: [{ text: `'*'`, severity: 'info', messageId: 'serviceStar', message: /AWSAppSyncPushToCloudWatchLogs.*\/aws\/appsync\/apis\// }],
    },
    {
      name: "logs on '*' in a Firehose role: its own error log group",
      file: 'template.yaml',
      code: serviceRole('firehose.amazonaws.com', '[logs:PutLogEvents]'),
      errors: [{ text: `'*'`, severity: 'info', messageId: 'serviceStar', message: /a role Data Firehose assumes.*\/aws\/kinesisfirehose\// }],
    },
    {
      name: "logs on '*' in a role of an unknown service: generic wording, no /aws/lambda/",
      file: 'template.yaml',
      code: serviceRole('scheduler.amazonaws.com', '[logs:CreateLogStream, logs:PutLogEvents]'),
      errors: [{ text: `'*'`, severity: 'info', messageId: 'genericStar', message: /the log groups this role writes to/ }],
    },
    {
      name: "logs on '*' in a CloudFormation role Lambda assumes: AWSLambdaBasicExecutionRole as before",
      file: 'template.yaml',
      code: serviceRole('lambda.amazonaws.com', '[logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents]'),
      errors: [{ text: `'*'`, severity: 'info', messageId: 'awsStar', message: /AWSLambdaBasicExecutionRole.*\/aws\/lambda\// }],
    },
    {
      name: 'logs next to a data action: the warning names only the data action',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [logs:PutLogEvents, dynamodb:PutItem]\n          Resource: '*'`),
      errors: [{ text: `'*'`, severity: 'warning', messageId: 'scopable', message: "Resource '*' lets dynamodb:PutItem act on every table" }],
    },
    {
      name: 'read-only Describe/List/Get of configuration on * is info (read-only breadth)',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [cloudformation:DescribeStacks, iam:GetRole]\n          Resource: '*'`),
      errors: [{ text: `'*'`, severity: 'info', messageId: 'readOnly', message: 'read-only breadth' }],
    },
    {
      name: 'reads of data on * stay warnings (secret values, objects, items, decryption)',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [secretsmanager:GetSecretValue, ssm:GetParameter, s3:GetObject, dynamodb:Query, kms:Decrypt]\n          Resource: '*'`),
      errors: [{ text: `'*'`, severity: 'warning', messageId: 'scopable' }],
    },
    {
      name: 'cloudformation:* on *: its optional-resource List actions do not make the pattern unscopable',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: cloudformation:*\n          Resource: '*'`),
      errors: [{ text: `'*'`, severity: 'warning', messageId: 'scopable', message: 'cloudformation:*' }],
    },
    {
      name: 'CodeBuild in a VPC: ec2:CreateNetworkInterfacePermission on * is the documented grant (info)',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: ec2:CreateNetworkInterfacePermission\n          Resource: '*'`),
      errors: [{ text: `'*'`, severity: 'info', messageId: 'awsStar', message: 'CodeBuild' }],
    },
    {
      name: 'mixed statement names only the scopable actions',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [xray:PutTraceSegments, s3:GetObject]\n          Resource: "*"`),
      errors: [{ text: '"*"', message: /lets s3:GetObject act on every object .*arn:aws:s3:::<BucketName>\/<ObjectName>.*Keep xray:PutTraceSegments on '\*' in a separate statement/ }],
    },
    {
      name: '${self:} variable resolving to *',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: sqs:SendMessage\n          Resource: \${self:custom.everything}`, `custom:\n  everything: '*'\n`),
      errors: [{ text: '${self:custom.everything}', message: 'sqs:SendMessage' }],
    },
    {
      name: 'SAM: the * among specific ARNs',
      file: 'template.yaml',
      code: sam(`            - Effect: Allow\n              Action: secretsmanager:GetSecretValue\n              Resource:\n                - !Ref DbSecret\n                - '*'`),
      errors: [{ text: `'*'`, line: 14, message: 'secretsmanager:GetSecretValue' }],
    },
    {
      name: 'CloudFormation: a scopable pattern',
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: s3:*\n                Resource: '*'`),
      errors: [{ text: `'*'`, message: 's3:*' }],
    },
    {
      name: 'a condition that does not scope resources does not help',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: kms:Decrypt\n          Resource: '*'\n          Condition:\n            StringEquals:\n              kms:ViaService: secretsmanager.eu-west-1.amazonaws.com`),
      errors: [{ text: `'*'`, message: 'kms:Decrypt act on every key' }],
    },
    {
      name: 'CloudFormation JSON',
      file: 'template.json',
      code: cfnJson([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: '*' }]),
      errors: [{ text: '"*"', message: 'every function in the account' }],
    },
  ],
});

// Actions whose resource types are all optional extras are fine on '*'; messages name the right resource type.
run(rule, {
  valid: [
    { name: "translate:TranslateText on '*' (terminology is optional: scoping would break plain calls)", file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: [translate:TranslateText, polly:SynthesizeSpeech]\n          Resource: '*'`) },
    {
      // Issue 10 set J (amazon-s3-auto-translator): no Translate action requires a resource ARN (terminology and
      // parallel data are optional extras of every one), so translate:* on '*' names nothing that could be listed.
      name: "translate:* on '*': no action of the pattern requires a resource",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [translate:*, comprehend:DetectDominantLanguage]\n          Resource: '*'`),
    },
  ],
  invalid: [
    {
      name: "bedrock:InvokeModel on '*' names the foundation-model ARN, not an unrelated type",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: bedrock:InvokeModel\n          Resource: '*'`),
      errors: [{ text: "'*'", messageId: 'scopable', message: /lets bedrock:InvokeModel act on every foundation-model in the account.*\(e\.g\. arn:aws:bedrock:<region>::foundation-model\/<ResourceId>\)/ }],
    },
    {
      // serverless-audio-indexing: the catalogue marks the domain optional, but every ESHttp* call acts on one.
      name: "es:ESHttp* on '*' stays a warning (the domain is what the requests act on)",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: es:ESHttp*\n          Resource: '*'`),
      errors: [{ text: "'*'", severity: 'warning', messageId: 'scopable' }],
    },
    {
      // Issue 10 set J (amazon-s3-object-lambda-*): AWS's AmazonS3ObjectLambdaExecutionRolePolicy grants it on '*'.
      name: "s3-object-lambda:WriteGetObjectResponse on '*' is info, naming AWS's managed Object Lambda policy",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: s3-object-lambda:WriteGetObjectResponse\n          Resource: '*'`),
      errors: [{ text: "'*'", severity: 'info', messageId: 'awsStar', message: /AmazonS3ObjectLambdaExecutionRolePolicy.*accesspoint/ }],
    },
    {
      name: 'translate:TranslateText next to a scopable action: only the scopable one is named, TranslateText is kept on *',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [translate:TranslateText, dynamodb:GetItem]\n          Resource: '*'`),
      errors: [{ text: "'*'", message: /lets dynamodb:GetItem act on every table .*Keep translate:TranslateText on '\*' in a separate statement/ }],
    },
  ],
});

describe('OPTIONAL_RESOURCE_ONLY_TABLE', () => {
  it('every entry exists in the catalogue and has only optional resource types', () => {
    for (const e of OPTIONAL_RESOURCE_ONLY_TABLE) {
      const a = lookupAction(e.action);
      assert.ok(a && a.fullName === e.action, e.action);
      assert.ok(a!.resourceTypes.length > 0 && a!.resourceTypes.every((r) => !r.required), e.action);
    }
  });
});

// Lambda's VPC network-interface actions on '*' are how AWS's own managed policy grants them.
run(rule, {
  valid: [
    { name: "ec2 network-interface actions for a function in a VPC on '*'", file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: [ec2:CreateNetworkInterface, ec2:DescribeNetworkInterfaces, ec2:DeleteNetworkInterface, ec2:AssignPrivateIpAddresses, ec2:UnassignPrivateIpAddresses]\n          Resource: '*'`) },
  ],
  invalid: [
    {
      name: 'next to a scopable action, only that one is named',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [ec2:CreateNetworkInterface, sqs:SendMessage]\n          Resource: '*'`),
      errors: [{ text: "'*'", messageId: 'scopable', message: /lets sqs:SendMessage act on every queue .*Keep ec2:CreateNetworkInterface on '\*'/ }],
    },
  ],
});

// Service roles that need '*' for their job; metrics actions whose dataset is optional.
const cognitoSmsRole = (principal: string) => `Resources:
  UserPoolMFASNSRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Service: ${principal}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: sms
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: sns:Publish
                Resource: '*'
`;
run(rule, {
  valid: [
    { name: "Cognito's SMS role publishes to phone numbers: sns:Publish on '*'", file: 'template.yaml', code: cognitoSmsRole('cognito-idp.amazonaws.com') },
    { name: "cloudwatch:PutMetricData / ListMetrics on '*' (dataset optional)", file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: [cloudwatch:PutMetricData, cloudwatch:ListMetrics]\n          Resource: '*'`) },
  ],
  invalid: [
    { name: "the same sns:Publish on '*' for a Lambda role is reported", file: 'template.yaml', code: cognitoSmsRole('lambda.amazonaws.com'), errors: [{ text: "'*'", messageId: 'scopable', message: 'sns:Publish' }] },
  ],
});

// ---------------------------------------------------------------------------------------------
// Fix: scope to the resources the code uses

const samApp = (actions: string, extra = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
  Reports:
    Type: AWS::S3::Bucket
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
      Environment:
        Variables:
          TABLE: !Ref Orders
          BUCKET: !Ref Reports
      Policies:
        - Statement:
            - Effect: Allow
              Action: ${actions}
              Resource: '*'
${extra}`;
const app = (body: string) => ({ 'src/app.js': `const { DynamoDBClient, GetItemCommand, PutItemCommand } = require('@aws-sdk/client-dynamodb');\nconst { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');\nconst ddb = new DynamoDBClient({});\nconst s3 = new S3Client({});\nexports.handler = async (e) => { ${body} };\n` });
const ddbBoth = app('await ddb.send(new GetItemCommand({ TableName: process.env.TABLE, Key: {} })); await ddb.send(new PutItemCommand({ TableName: process.env.TABLE, Item: {} }));');

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'items read and written on one table: Resource becomes that table',
      file: 'template.yaml',
      code: samApp('[dynamodb:GetItem, dynamodb:PutItem]'),
      files: ddbBoth,
      errors: [{ text: "'*'", severity: 'warning' }],
      fixes: [{ title: 'Scope to the resources the code uses', output: samApp('[dynamodb:GetItem, dynamodb:PutItem]').replace("Resource: '*'", 'Resource: !GetAtt Orders.Arn') }],
    },
    {
      name: 'a table and a bucket: one statement per resource, X-Ray stays on * in its own statement',
      file: 'template.yaml',
      code: samApp('[dynamodb:GetItem, s3:GetObject, xray:PutTraceSegments]'),
      files: app('await ddb.send(new GetItemCommand({ TableName: process.env.TABLE, Key: {} })); await s3.send(new GetObjectCommand({ Bucket: process.env.BUCKET, Key: e.k }));'),
      errors: [{ text: "'*'", severity: 'warning' }],
      fixes: [{ title: 'Scope to the resources the code uses' }],
    },
  ],
});

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'a granted action the code never calls is dropped; the called one is scoped',
      file: 'template.yaml',
      code: samApp('[dynamodb:GetItem, dynamodb:DeleteItem]'),
      files: app('await ddb.send(new GetItemCommand({ TableName: process.env.TABLE, Key: {} }));'),
      errors: [{ text: "'*'", severity: 'warning' }],
      fixes: [
        {
          title: 'Scope to the resources the code uses and drop dynamodb:DeleteItem it never calls',
          output: samApp('[dynamodb:GetItem]').replace("Resource: '*'", 'Resource: !GetAtt Orders.Arn'),
        },
      ],
    },
    {
      name: 'a pattern becomes the called actions it matches',
      file: 'template.yaml',
      code: samApp("['dynamodb:Get*', 'dynamodb:Put*']"),
      files: ddbBoth,
      errors: [{ text: "'*'", severity: 'warning' }],
      fixes: [{ title: 'Scope to the resources the code uses', output: samApp('[dynamodb:GetItem, dynamodb:PutItem]').replace("Resource: '*'", 'Resource: !GetAtt Orders.Arn') }],
    },
  ],
});

it('no scoping fix when a call does not resolve, or AWS uses an action on the function’s behalf', () => {
  const titles = (files: Record<string, string>, actions: string, extra = '') =>
    ruleFindings(rule, { file: 'template.yaml', code: samApp(actions, extra), files }).flatMap((f) => f.fixes.map((x) => x.title).filter((t) => !t.startsWith('Ignore')));
  // sqs:ReceiveMessage is the SQS trigger's polling: its queue is not one the code names.
  const sqsEvent = `      Events:\n        Q:\n          Type: SQS\n          Properties:\n            Queue: arn:aws:sqs:eu-west-1:123456789012:q\n`;
  assert.deepEqual(titles(app('await ddb.send(new GetItemCommand({ TableName: process.env.TABLE, Key: {} }));'), '[dynamodb:GetItem, sqs:ReceiveMessage]', sqsEvent), []);
  // s3:ListBucket turns a missing key's 403 into 404 NoSuchKey for GetObject: never dropped beside it
  // (here it stays on '*', where listing a bucket needs no ARN to be reported).
  const getObject = app('await s3.send(new GetObjectCommand({ Bucket: process.env.BUCKET, Key: e.k }));');
  assert.deepEqual(titles(getObject, '[s3:GetObject, s3:ListBucket]'), ['Scope to the resources the code uses']);
  assert.deepEqual(titles(getObject, '[s3:GetObject, s3:DeleteObject]'), ['Scope to the resources the code uses and drop s3:DeleteObject it never calls']);
  assert.deepEqual(titles(getObject, "['s3:Get*', 's3:List*']"), []);
  assert.deepEqual(titles(app('await ddb.send(new GetItemCommand({ TableName: e.table, Key: {} }));'), '[dynamodb:GetItem]'), []);
  assert.deepEqual(titles(ddbBoth, '[dynamodb:GetItem, dynamodb:PutItem]'), ['Scope to the resources the code uses']);
});

describe('SERVICE_NAMED_JOB_TABLE', () => {
  it('every entry exists in the catalogue and requires the job it creates', () => {
    for (const e of SERVICE_NAMED_JOB_TABLE) {
      const a = lookupAction(e.action);
      assert.ok(a && a.fullName === e.action, e.action);
      assert.ok(a!.resourceTypes.some((r) => r.required && r.name.endsWith('-job')), e.action);
      assert.ok(e.source.startsWith('https://'), e.action);
    }
  });
});

// An inventory function lists every resource of a type, then reads each: '*' is its design.
// Jobs whose identifier the service generates (Comprehend Start*Job) cannot be named beforehand.
run(rule, {
  valid: [
    {
      // An inventory of configuration reads only: '*' is its design and nothing is worth knowing (no content): not reported.
      name: "cloudformation:ListStacks with DescribeStacks / ListChangeSets on '*': an inventory of configuration reads",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [cloudformation:DescribeStacks, cloudformation:ListChangeSets, cloudformation:ListStacks]\n          Resource: '*'`),
    },
    {
      name: "eks:ListClusters with eks:DescribeCluster on '*' (list every cluster, then describe each)",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [eks:ListClusters, eks:DescribeCluster]\n          Resource: '*'`),
    },
    {
      name: "Comprehend Start*Job on '*': the job id is generated by Comprehend",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [comprehend:StartEntitiesDetectionJob, comprehend:StartKeyPhrasesDetectionJob]\n          Resource: '*'`),
    },
    {
      name: "Comprehend Describe*Job / Stop*Job on '*': they act on the job ids Comprehend generated for the Start calls",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [comprehend:DescribeEntitiesDetectionJob, comprehend:DescribeSentimentDetectionJob, comprehend:StopKeyPhrasesDetectionJob]\n          Resource: '*'`),
    },
  ],
  invalid: [
    {
      name: "Comprehend DescribeDocumentClassifier on '*': a classifier the template or the user names, scopable (read-only breadth, info)",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [comprehend:DescribeEntitiesDetectionJob, comprehend:DescribeDocumentClassifier]\n          Resource: '*'`),
      errors: [{ text: "'*'", message: /comprehend:DescribeDocumentClassifier/ }],
    },
    {
      name: "lambda:ListFunctions with GetFunction / GetFunctionConcurrency on '*': list then read each, an inventory (info, never a warning)",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [lambda:ListFunctions, lambda:GetFunction, lambda:GetFunctionConcurrency, lambda:ListProvisionedConcurrencyConfigs]\n          Resource: '*'`),
      errors: [{ text: "'*'", severity: 'info', message: /everything lambda:ListFunctions lists.*an inventory/ }],
    },
    {
      name: 'the List grant may be in another statement of the same role; a read that returns environment variables is named',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: lambda:ListFunctions\n          Resource: '*'\n        - Effect: Allow\n          Action: lambda:GetFunctionConfiguration\n          Resource: '*'`),
      errors: [{ text: "'*'", line: 13, severity: 'info', message: /inventory.*lambda:GetFunctionConfiguration also returns content/ }],
    },
    {
      name: "a state machine's role (Step Functions SDK integrations) listing every function and reading each: an inventory (info)",
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  ReviewRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: states.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: review
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [lambda:ListFunctions, lambda:GetFunction, lambda:GetPolicy]
                Resource: '*'
`,
      errors: [{ text: "'*'", severity: 'info', message: /an inventory/ }],
    },
    {
      name: 'a role no function runs with (a CloudFormation service role) is no inventory: its content reads on every function stay a warning',
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: cloudformation.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: deploy
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [lambda:ListFunctions, lambda:GetFunction, lambda:GetFunctionConfiguration]
                Resource: '*'
`,
      errors: [{ text: "'*'", severity: 'warning', message: /lambda:GetFunction/ }],
    },
    {
      name: 'writes on every listed function are still a warning (lambda:UpdateFunctionConfiguration)',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [lambda:ListFunctions, lambda:UpdateFunctionConfiguration]\n          Resource: '*'`),
      errors: [{ text: "'*'", severity: 'warning', message: 'lambda:UpdateFunctionConfiguration' }],
    },
    {
      name: 'reads of another type than the one listed (ListFunctions + dynamodb:GetItem): a warning',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [lambda:ListFunctions, dynamodb:GetItem]\n          Resource: '*'`),
      errors: [{ text: "'*'", severity: 'warning', message: 'dynamodb:GetItem' }],
    },
    {
      name: 'Comprehend job starts next to iam:GetRole: only the role read is left, read-only breadth (info)',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [comprehend:StartEntitiesDetectionJob, iam:GetRole]\n          Resource: '*'`),
      errors: [{ text: "'*'", severity: 'info', messageId: 'readOnly', message: 'iam:GetRole' }],
    },
  ],
});

// ECS task execution roles pull images with the ECR actions AWS's own managed policy grants on '*'.
run(rule, {
  valid: [],
  invalid: [
    {
      name: "ECR image-pull actions on '*' (AmazonECSTaskExecutionRolePolicy's form): info",
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: [ecr:GetAuthorizationToken, ecr:BatchCheckLayerAvailability, ecr:GetDownloadUrlForLayer, ecr:BatchGetImage]\n                Resource: '*'`),
      errors: [{ text: "'*'", severity: 'info', messageId: 'awsStar', message: 'AmazonECSTaskExecutionRolePolicy' }],
    },
    {
      name: "ECR pushes on '*' are not part of it: a warning",
      file: 'template.yaml',
      code: cfnRole(`              - Effect: Allow\n                Action: [ecr:BatchGetImage, ecr:PutImage]\n                Resource: '*'`),
      errors: [{ text: "'*'", severity: 'warning', messageId: 'scopable', message: 'ecr:PutImage' }],
    },
  ],
});

// aws-samples/aws-serverless-saas-workshop Lab6: tenant user pools are created by the code at run time.
const poolsTemplate = (actions: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: pools
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ${actions}
                Resource: '*'
  CreateTenant:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: src/, Handler: tenants.create_tenant, Runtime: python3.12, Role: !GetAtt Role.Arn}
  UpdateUser:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: src/, Handler: users.update_user, Runtime: python3.12, Role: !GetAtt Role.Arn}
`;
const createsPools = {
  'src/tenants.py': "import boto3\nclient = boto3.client('cognito-idp')\n\ndef create_tenant(event, context):\n    pool = client.create_user_pool(PoolName=event['tenantId'])\n    client.admin_create_user(UserPoolId=pool['UserPool']['Id'], Username='admin')\n",
  'src/users.py': "import boto3\nclient = boto3.client('cognito-idp')\n\ndef update_user(event, context):\n    client.admin_update_user_attributes(UserPoolId=event['pool'], Username=event['user'], UserAttributes=[])\n",
};
const noPools = { 'src/tenants.py': createsPools['src/users.py'].replace('update_user', 'create_tenant'), 'src/users.py': createsPools['src/users.py'] };

run(rule, {
  valid: [],
  invalid: [
    {
      name: "user pools the code creates at run time (CreateUserPool): '*' is the narrowest grant, info",
      file: 'template.yaml',
      code: poolsTemplate('cognito-idp:*'),
      files: createsPools,
      errors: [
        {
          text: "'*'",
          severity: 'info',
          message: "the cognito-idp:userpool resources these act on are created at run time by this project's code (CreateTenant: cognito-idp:CreateUserPool), with ids AWS generates, so no ARN can be listed before deploy; the narrowest pattern (arn:aws:cognito-idp:<region>:<account>:userpool/*)",
        },
      ],
    },
    {
      name: 'the same grant when no code creates the pools: a warning',
      file: 'template.yaml',
      code: poolsTemplate('[cognito-idp:AdminUpdateUserAttributes, cognito-idp:AdminCreateUser]'),
      files: noPools,
      errors: [{ text: "'*'", severity: 'warning', message: 'list the ARNs' }],
    },
    {
      // aws-samples/serverless-webapp-mono-repo-ci-cd-java: the caller names the collection (CollectionId), so it can be scoped.
      name: 'a collection the code creates under a name it chooses (rekognition:CreateCollection): still a warning',
      file: 'template.yaml',
      code: poolsTemplate('rekognition:IndexFaces'),
      files: {
        'src/tenants.py': "import boto3\nclient = boto3.client('rekognition')\n\ndef create_tenant(event, context):\n    client.create_collection(CollectionId='faces')\n",
        'src/users.py': "import boto3\nclient = boto3.client('rekognition')\n\ndef update_user(event, context):\n    client.index_faces(CollectionId='faces', Image={})\n",
      },
      errors: [{ text: "'*'", severity: 'warning', message: 'list the ARNs' }],
    },
    {
      name: 'pools created at run time, but the statement also reaches S3 objects: a warning',
      file: 'template.yaml',
      code: poolsTemplate('[cognito-idp:AdminCreateUser, s3:GetObject]'),
      files: createsPools,
      errors: [{ text: "'*'", severity: 'warning', message: 'list the ARNs' }],
    },
  ],
});

it('RUNTIME_ID_CREATES: every entry is a catalogue action without resource-level permissions, its type a resource type of its service, with a source', () => {
  for (const e of RUNTIME_ID_CREATES) {
    const a = lookupAction(e.action);
    assert.ok(a && !a.resourceLevel, e.action);
    assert.ok(serviceInfo(a.service)?.resourceTypes.some((t) => t.name === e.type), `${e.action} ${e.type}`);
    assert.match(e.source, /^https:\/\/docs\.aws\.amazon\.com\//);
  }
});

// Resources named through a template parameter, and services beyond the data stores: the catalogue's ARN format.
const namedApp = (envValue: string, actions: string, paramType = 'String') => `Transform: AWS::Serverless-2016-10-31
Parameters:
  CollectionId:
    Type: ${paramType}
    Default: faces
Resources:
  Pool:
    Type: AWS::Cognito::UserPool
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: python3.12
      Environment:
        Variables:
          TARGET: ${envValue}
      Policies:
        - Statement:
            - Effect: Allow
              Action: ${actions}
              Resource: '*'
`;
const py = (body: string) => ({ 'src/app.py': `import os\nimport boto3\n\n${body}\n` });
const searchFaces = py(`rek = boto3.client('rekognition')\n\ndef handler(event, context):\n    return rek.search_faces_by_image(CollectionId=os.environ['TARGET'], Image={'Bytes': b''})`);

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'a Rekognition collection named by a String parameter through the environment: its ARN from the catalogue format',
      file: 'template.yaml',
      code: namedApp('!Ref CollectionId', 'rekognition:SearchFacesByImage'),
      files: searchFaces,
      errors: [{ text: "'*'", severity: 'warning' }],
      fixes: [
        {
          title: 'Scope to the resources the code uses',
          output: namedApp('!Ref CollectionId', 'rekognition:SearchFacesByImage').replace("Resource: '*'", "Resource: !Sub 'arn:${AWS::Partition}:rekognition:*:${AWS::AccountId}:collection/${CollectionId}'"),
        },
      ],
    },
    {
      name: "cognito-idp:* for a function that creates clients of the template's user pool: the called action on the pool's ARN",
      file: 'template.yaml',
      code: namedApp('!Ref Pool', "'cognito-idp:*'"),
      files: py(`idp = boto3.client('cognito-idp')\n\ndef handler(event, context):\n    return idp.create_user_pool_client(UserPoolId=os.environ['TARGET'], ClientName='x')`),
      errors: [{ text: "'*'", severity: 'warning' }],
      fixes: [{ title: 'Scope to the resources the code uses', output: namedApp('!Ref Pool', "'cognito-idp:*'").replace("Action: 'cognito-idp:*'", 'Action: cognito-idp:CreateUserPoolClient').replace("Resource: '*'", 'Resource: !GetAtt Pool.Arn') }],
    },
    {
      name: 'an IoT publish to the topic the environment names: the topic ARN',
      file: 'template.yaml',
      code: namedApp('sensors/out', 'iot:Publish'),
      files: py(`iot = boto3.client('iot-data')\n\ndef handler(event, context):\n    iot.publish(topic=os.environ['TARGET'], payload=b'{}')`),
      errors: [{ text: "'*'", severity: 'warning' }],
      fixes: [{ title: 'Scope to the resources the code uses', output: namedApp('sensors/out', 'iot:Publish').replace("Resource: '*'", "Resource: !Sub 'arn:${AWS::Partition}:iot:*:${AWS::AccountId}:topic/sensors/out'") }],
    },
  ],
});

it('no scoping fix when the name comes from the event or from a parameter that is not one String', () => {
  const titles = (code: string, files: Record<string, string>) =>
    ruleFindings(rule, { file: 'template.yaml', code, files }).flatMap((f) => f.fixes.map((x) => x.title).filter((t) => !t.startsWith('Ignore')));
  assert.deepEqual(titles(namedApp('!Ref CollectionId', 'rekognition:SearchFacesByImage', 'CommaDelimitedList'), searchFaces), []);
  assert.deepEqual(titles(namedApp('!Ref CollectionId', 'rekognition:SearchFacesByImage'), py(`rek = boto3.client('rekognition')\n\ndef handler(event, context):\n    return rek.search_faces_by_image(CollectionId=event['c'], Image={'Bytes': b''})`)), []);
  assert.deepEqual(titles(namedApp('!Ref CollectionId', 'iot:Publish'), py(`iot = boto3.client('iot-data')\n\ndef handler(event, context):\n    iot.publish(topic=event['topic'], payload=b'{}')`)), []);
});

// A role only this template's state machine uses: scoped to the resources its Task states name.
const machineApp = (actions: string, extra = '', output = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
  Done:
    Type: AWS::SNS::Topic
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt MachineRole.Arn
      DefinitionString: !Sub |
        {
          "StartAt": "Work",
          "States": {
            "Work": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": { "FunctionName": "\${Worker.Arn}", "Payload.$": "$" }, "Next": "Tell" },
            "Tell": { "Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": { "TopicArn": "\${Done}", "Message.$": "$" }, "End": true }
          }
        }
  MachineRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Service: states.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: tasks
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ${actions}
                Resource:${output || " '*'"}
${extra}`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: "a state machine's role: lambda:InvokeFunction on the function its task invokes (and its versions), sns:Publish on the topic, X-Ray stays on '*'",
      file: 'template.yaml',
      code: machineApp('[lambda:InvokeFunction, sns:Publish, xray:PutTraceSegments]'),
      errors: [{ text: "'*'", severity: 'warning' }],
      fixes: [
        {
          title: "Scope to the resources the state machine's tasks use",
          output: machineApp(
            '[lambda:InvokeFunction]',
            `              - Effect: Allow
                Action:
                  - sns:Publish
                Resource: !Ref Done
              - Effect: Allow
                Action:
                  - xray:PutTraceSegments
                Resource: '*'
`,
            "\n                  - !GetAtt Worker.Arn\n                  - !Sub '${Worker.Arn}:*'",
          ),
        },
      ],
    },
  ],
});

it("no state-machine scoping when the role's users or the tasks' resources are not all known", () => {
  const titles = (code: string) => ruleFindings(rule, { file: 'template.yaml', code }).flatMap((f) => f.fixes.map((x) => x.title).filter((t) => !t.startsWith('Ignore')));
  assert.deepEqual(titles(machineApp('lambda:InvokeFunction')), ["Scope to the resources the state machine's tasks use"]);
  // The role is exported (an Output with Export): other stacks' machines may import and use it.
  assert.deepEqual(titles(machineApp('lambda:InvokeFunction') + 'Outputs:\n  R:\n    Value: !GetAtt MachineRole.Arn\n    Export:\n      Name: machine-role\n'), []);
  // An Output that only shows the ARN to whoever deploys the stack (aws-step-functions-business-rules-orchestration class): still scoped.
  assert.deepEqual(titles(machineApp('lambda:InvokeFunction') + 'Outputs:\n  R:\n    Value: !GetAtt MachineRole.Arn\n'), ["Scope to the resources the state machine's tasks use"]);
  // The function is chosen by the execution's input.
  assert.deepEqual(titles(machineApp('lambda:InvokeFunction').replace('"FunctionName": "${Worker.Arn}"', '"FunctionName.$": "$.fn"')), []);
  // An action no task needs: what uses it cannot be told.
  assert.deepEqual(titles(machineApp('sqs:SendMessage')), []);
});

// Lambda's poller reads the function's SQS trigger with its role: those actions go to that queue.
const polledApp = (actions: string, queue = '!GetAtt Jobs.Arn') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
  Jobs:
    Type: AWS::SQS::Queue
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
      Environment:
        Variables:
          TABLE: !Ref Orders
      Events:
        Q:
          Type: SQS
          Properties:
            Queue: ${queue}
      Policies:
        - Statement:
            - Effect: Allow
              Action: ${actions}
              Resource: '*'
`;
const putOrder = app('await ddb.send(new PutItemCommand({ TableName: process.env.TABLE, Item: {} }));');

run(rule, {
  valid: [],
  invalid: [
    {
      name: "the SQS trigger's polling actions on the trigger queue, the code's write on its table",
      file: 'template.yaml',
      code: polledApp('[sqs:ReceiveMessage, sqs:DeleteMessage, dynamodb:PutItem]'),
      files: putOrder,
      errors: [{ text: "'*'", severity: 'warning' }],
      fixes: [
        {
          title: 'Scope to the resources the code uses',
          output: polledApp('[sqs:ReceiveMessage, sqs:DeleteMessage]').replace("Resource: '*'", 'Resource: !GetAtt Jobs.Arn') + '            - Effect: Allow\n              Action:\n                - dynamodb:PutItem\n              Resource: !GetAtt Orders.Arn\n',
        },
      ],
    },
  ],
});

it("no scoping of polling actions when the trigger's queue is not a resource of the template", () => {
  const titles = ruleFindings(rule, { file: 'template.yaml', code: polledApp('[sqs:ReceiveMessage, sqs:DeleteMessage, dynamodb:PutItem]', 'arn:aws:sqs:eu-west-1:123456789012:jobs'), files: putOrder }).flatMap((f) =>
    f.fixes.map((x) => x.title).filter((t) => !t.startsWith('Ignore')),
  );
  assert.deepEqual(titles, []);
});

describe('TASK_INTEGRATIONS', () => {
  it('every action exists in the catalogue with resource-level permissions, every entry has a source', () => {
    for (const e of TASK_INTEGRATIONS) {
      for (const name of e.actions) assert.ok(lookupAction(name)?.resourceLevel, name);
      assert.ok(e.source.startsWith('https://docs.aws.amazon.com/'), e.resource);
      assert.ok(e.types.length > 0, e.resource);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Fix: scope to the resources the code uses, for code written in the template (InlineCode / ZipFile)

const samInlineApp = (resource: string, handler = 'index.handler') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: ${handler}
      Runtime: nodejs20.x
      Environment:
        Variables:
          TABLE: !Ref Orders
      InlineCode: |
        const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
        const ddb = new DynamoDBClient({});
        exports.handler = async (e) => ddb.send(new PutItemCommand({ TableName: process.env.TABLE, Item: {} }));
      Policies:
        - Statement:
            - Effect: Allow
              Action: dynamodb:PutItem
              Resource: ${resource}
`;

run(rule, {
  valid: [{ name: 'inline code, already scoped to the table', file: 'template.yaml', code: samInlineApp('!GetAtt Orders.Arn') }],
  invalid: [
    {
      name: "inline code (InlineCode) writing one table, statement on '*': Resource becomes that table",
      file: 'template.yaml',
      code: samInlineApp("'*'"),
      errors: [{ text: "'*'", severity: 'warning' }],
      fixes: [{ title: 'Scope to the resources the code uses', output: samInlineApp('!GetAtt Orders.Arn') }],
    },
  ],
});

it("inline code under a handler module other than index (Lambda would not load it): no scoping fix", () => {
  const found = ruleFindings(rule, { file: 'template.yaml', code: samInlineApp("'*'", 'app.handler') });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].fixes.filter((f) => !f.title.startsWith('Ignore')).map((f) => f.title), []);
});

it('the inline scoping fix passes the fix rules with every rule on (test/fixes/projects/inline-scope)', async () => {
  const root = path.resolve(__dirname, '../fixes/projects/inline-scope');
  assert.equal(fs.readFileSync(path.join(root, 'template.yaml'), 'utf8'), samInlineApp("'*'"));
  const r = await checkFixes(root);
  assert.deepEqual(r.violations.map((v) => `${v.kind} ${v.rule}: ${v.detail}`), []);
  assert.equal(r.stats.get('iam-wildcard-resource')?.severeWithFix, 1);
});

// Issue 10 set J (lambda-emergency-throttler, amazon-s3-bucket-policies-versioning, aws-step-functions-using-it-automation):
// functions whose calls act on resources the code picks at run time — from a listing, a stored record or the
// event of an internal trigger — need '*' by design; a resource the configuration names stays a warning.
const chosenApp = (actions: string, events = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: python3.12
      Environment:
        Variables:
          TARGET: orders
      Policies:
        - Statement:
            - Effect: Allow
              Action: ${actions}
              Resource: '*'${events}
`;
const snsEvent = `
      Events:
        Alarm:
          Type: SNS
          Properties:
            Topic: !Ref AlarmTopic`;
const ruleEvent = `
      Events:
        Incident:
          Type: CloudWatchEvent
          Properties:
            Pattern: {source: [aws.guardduty]}`;
const apiEvent = `
      Events:
        Http:
          Type: Api
          Properties: {Path: /throttle, Method: post}`;
const throttler = py(`lam = boto3.client('lambda')

def names():
    results = []
    page = lam.list_functions(MaxItems=50)
    for f in page['Functions']:
        results.append(f['FunctionName'])
    return results

def handler(event, context):
    targets = set(names())
    targets.remove(context.function_name)
    for name in targets:
        lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=0)`);
const restorer = py(`s3 = boto3.client('s3')
ddb = boto3.client('dynamodb')

def handler(event, context):
    resp = ddb.query(TableName=os.environ['TARGET'], KeyConditionExpression='h = :h', ExpressionAttributeValues={':h': {'S': event['hash']}})
    item = resp['Items'][0]
    s3.put_bucket_policy(Bucket=item['BucketName']['S'], Policy=item['Policy']['S'])`);
const byEvent = (param: string) => py(`s3 = boto3.client('s3')

def handler(event, context):
    bucket = event['detail']['bucket'].strip()
    s3.delete_bucket_policy(Bucket=${param})`);

run(rule, {
  valid: [],
  invalid: [
    {
      name: "a kill switch acting on every function ListFunctions returns, triggered by an alarm's SNS topic: info naming the call and the listing",
      file: 'template.yaml',
      code: chosenApp('[lambda:ListFunctions, lambda:PutFunctionConcurrency, lambda:DeleteFunctionConcurrency]', snsEvent),
      files: throttler,
      errors: [
        {
          text: "'*'",
          severity: 'info',
          messageId: 'runtimeChosen',
          message: /put_function_concurrency \(lambda:PutFunctionConcurrency\) acts on what lambda:ListFunctions returns — and the function is invoked only by an SNS topic.*lambda:DeleteFunctionConcurrency is never called/,
        },
      ],
    },
    {
      name: 'the same kill switch behind a public API: a warning',
      file: 'template.yaml',
      code: chosenApp('[lambda:ListFunctions, lambda:PutFunctionConcurrency]', apiEvent),
      files: throttler,
      errors: [{ text: "'*'", severity: 'warning', messageId: 'scopable' }],
    },
    {
      name: 'a function restoring the stored policy of the bucket a DynamoDB record names, invoked directly: info',
      file: 'template.yaml',
      code: chosenApp('s3:PutBucketPolicy'),
      files: restorer,
      errors: [{ text: "'*'", severity: 'info', messageId: 'runtimeChosen', message: /put_bucket_policy \(s3:PutBucketPolicy\) acts on what dynamodb:Query returns.*direct calls/ }],
    },
    {
      name: "a remediation acting on the bucket an EventBridge rule's event names: info",
      file: 'template.yaml',
      code: chosenApp('s3:DeleteBucketPolicy', ruleEvent),
      files: byEvent('bucket'),
      errors: [{ text: "'*'", severity: 'info', messageId: 'runtimeChosen', message: /the resource named in the function's event — and the function is invoked only by an EventBridge rule/ }],
    },
    {
      name: 'the event-named bucket with no event source in the file (any caller may invoke it): a warning',
      file: 'template.yaml',
      code: chosenApp('s3:DeleteBucketPolicy'),
      files: byEvent('bucket'),
      errors: [{ text: "'*'", severity: 'warning', messageId: 'scopable' }],
    },
    {
      name: 'a bucket the configuration names (environment variable), even with an internal trigger: a warning',
      file: 'template.yaml',
      code: chosenApp('s3:DeleteBucketPolicy', ruleEvent),
      files: byEvent("os.environ['TARGET']"),
      errors: [{ text: "'*'", severity: 'warning', messageId: 'scopable' }],
    },
    {
      name: "a function backing a CloudFormation custom resource (its event's properties are written in the template): a warning",
      file: 'template.yaml',
      code: chosenApp('s3:DeleteBucketPolicy') + `  Seed:\n    Type: Custom::Seed\n    Properties:\n      ServiceToken: !GetAtt Fn.Arn\n      bucket: orders\n`,
      files: byEvent('bucket'),
      errors: [{ text: "'*'", severity: 'warning', messageId: 'scopable' }],
    },
    {
      name: 'one call on the event, another on a literal bucket: a warning',
      file: 'template.yaml',
      code: chosenApp('s3:DeleteBucketPolicy', ruleEvent),
      files: py(`s3 = boto3.client('s3')

def handler(event, context):
    s3.delete_bucket_policy(Bucket=event['bucket'])
    s3.delete_bucket_policy(Bucket='audit-logs')`),
      errors: [{ text: "'*'", severity: 'warning', messageId: 'scopable' }],
    },
  ],
});

it('resource origin: JavaScript v3, a for…of over a listing response', () => {
  const code = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Allow
              Action: [lambda:ListFunctions, lambda:PutFunctionConcurrency]
              Resource: '*'
      Events:
        Nightly:
          Type: Schedule
          Properties: {Schedule: rate(1 day)}
`;
  const files = {
    'src/app.js': `const { LambdaClient, ListFunctionsCommand, PutFunctionConcurrencyCommand } = require('@aws-sdk/client-lambda');
const lam = new LambdaClient({});
exports.handler = async () => {
  const page = await lam.send(new ListFunctionsCommand({}));
  for (const f of page.Functions) {
    await lam.send(new PutFunctionConcurrencyCommand({ FunctionName: f.FunctionName, ReservedConcurrentExecutions: 0 }));
  }
};
`,
  };
  const found = ruleFindings(rule, { file: 'template.yaml', code, files });
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'info');
  assert.match(found[0].message, /PutFunctionConcurrencyCommand \(lambda:PutFunctionConcurrency\) acts on what lambda:ListFunctions returns — and the function is invoked only by a schedule/);
});

// Issue 10 set J (lambda-refarch-webapp): an Amplify app's own service role; the app names the role, so the role's
// inline policy cannot name the app without a circular reference.
const amplifyApp = (policyInline: boolean) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  AmplifyRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: [amplify.amazonaws.com]}
            Action: sts:AssumeRole
${policyInline ? `      Policies:
        - PolicyName: Amplify
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: amplify:*
                Resource: '*'
` : `  AmplifyPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: Amplify
      Roles: [!Ref AmplifyRole]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: amplify:*
            Resource: '*'
`}  AmplifyApp:
    Type: AWS::Amplify::App
    Properties:
      Name: TodoApp
      IAMServiceRole: !GetAtt AmplifyRole.Arn
`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: "amplify:* on '*' in the inline policy of the app's own service role: info (naming the app would be circular)",
      file: 'template.yaml',
      code: amplifyApp(true),
      errors: [{ text: "'*'", severity: 'info', messageId: 'ownServiceRole', message: /service role amplify\.amazonaws\.com assumes for AmplifyApp, which names the role/ }],
    },
    {
      name: "a Glue crawler's own role writing databases and tables (other resources than the crawler that names it): a warning",
      file: 'template.yaml',
      code: amplifyApp(true).replace('amplify.amazonaws.com', 'glue.amazonaws.com').replace('Action: amplify:*', 'Action: [glue:CreateTable, glue:UpdateDatabase]').replace('AWS::Amplify::App', 'AWS::Glue::Crawler').replace('IAMServiceRole: !GetAtt AmplifyRole.Arn', 'Role: !GetAtt AmplifyRole.Arn'),
      errors: [{ text: "'*'", severity: 'warning', messageId: 'scopable' }],
    },
    {
      name: 'the same statement in a separate AWS::IAM::Policy (it can name the app): a warning',
      file: 'template.yaml',
      code: amplifyApp(false),
      errors: [{ text: "'*'", severity: 'warning', messageId: 'scopable' }],
    },
  ],
});

// The code's resource from an environment variable that builds its ARN with `!Sub` (the list form's
// literal variables written in): the statement is scoped to that ARN (aws-step-functions-rpa class).
const subArnApp = (resource: string, arn: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: python3.12
      Environment:
        Variables:
          STATE_MACHINE_ARN:
            ${arn}
      Policies:
        - Statement:
            - Effect: Allow
              Action:
                - states:StartExecution
              Resource: ${resource}
`;
const startExecution = { 'src/app.py': `import os\nimport boto3\nsfn = boto3.client('stepfunctions')\n\ndef handler(event, context):\n    sfn.start_execution(stateMachineArn=os.environ['STATE_MACHINE_ARN'], input='{}')\n` };
const listSub = `!Sub\n              - arn:aws:states:\${AWS::Region}:\${AWS::AccountId}:stateMachine:\${AWS::StackName}-\${Name}\n              - { Name: Flow }`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: "a !Sub state machine ARN in the environment (list form, literal variables): '*' becomes that ARN",
      file: 'template.yaml',
      code: subArnApp(`"*"`, listSub),
      files: startExecution,
      errors: [{ text: '"*"', severity: 'warning' }],
      fixes: [{ title: 'Scope to the resources the code uses', output: subArnApp("!Sub 'arn:aws:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${AWS::StackName}-Flow'", listSub) }],
    },
    {
      name: "a !Sub ARN of another service than the call's (an SNS topic for start_execution): no fix",
      file: 'template.yaml',
      code: subArnApp(`"*"`, `!Sub 'arn:aws:sns:\${AWS::Region}:\${AWS::AccountId}:topic'`),
      files: startExecution,
      errors: [{ text: '"*"', severity: 'warning' }],
      fixes: [],
    },
  ],
});
