import rule from '../../rules/iam-missing-permission';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { ruleFindings, run, setCodeSupport } from '../helpers/rule-tester';
import { messageMatches } from '../../server/src/engine/messages';

before(async () => {
  await initCodeParsers();
  setCodeSupport((e) => {
    e.codeSupport = new TreeSitterCodeSupport(e);
  });
});

/** serverless.yml: shared role with `statements` (indented by 8), the table in resources. */
const sls = (statements: string, extra = '') => `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    TABLE_NAME: !Ref OrdersTable
  iam:
    role:
      statements:
${statements}
functions:
  create:
    handler: src/create.handler
${extra}resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
`;

const getOnly = `        - Effect: Allow
          Action:
            - dynamodb:GetItem
          Resource: !GetAtt OrdersTable.Arn`;

const v3Handler = `import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
const ddb = new DynamoDBClient({});
export const handler = async (event: any) => {
  await ddb.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: {} }));
  await ddb.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: {} }));
  return { statusCode: 201 };
};
`;

const samPy = (policies: string, extraResources = '') => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  ReportFn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: app/
      Handler: report.handler
      Runtime: python3.12
      Environment:
        Variables:
          BUCKET: !Ref ReportsBucket
${policies}
  ReportsBucket:
    Type: AWS::S3::Bucket
${extraResources}`;

const pyHandler = `import os
import boto3

s3 = boto3.client("s3")

def handler(event, context):
    obj = s3.get_object(Bucket=os.environ["BUCKET"], Key=event["key"])
    return obj["Body"].read()
`;

const cfnJson = (statements: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        FnRole: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
            Policies: [{ PolicyName: 'app', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
          },
        },
        Fn: {
          Type: 'AWS::Lambda::Function',
          Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] }, Environment: { Variables: { QUEUE_URL: { Ref: 'Jobs' } } } },
        },
        Jobs: { Type: 'AWS::SQS::Queue' },
        ...extra,
      },
    },
    null,
    2,
  ) + '\n';

const sqsHandler = `const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});
exports.handler = async (event) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify(event) }));
};
`;

const aclKms = (stmts: string) => ({
  file: 'serverless.yml',
  code: `service: up\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  iam:\n    role:\n      statements:\n${stmts}functions:\n  put:\n    handler: src/put.handler\n`,
  files: { 'src/put.js': "const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');\nconst s3 = new S3Client({});\nexports.handler = async (e) => s3.send(new PutObjectCommand({ Bucket: 'gifs', Key: e.k, Body: e.b, ACL: 'public-read', SSEKMSKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' }));\n" },
});
const s3Stmt = (actions: string) => `        - Effect: Allow\n          Action: [${actions}]\n          Resource: arn:aws:s3:::gifs/*\n`;
const kmsStmt = `        - Effect: Allow\n          Action: kms:GenerateDataKey\n          Resource: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\n`;

/** A statement that allows dynamodb:GetItem on another table only (nothing the handler's table can use). */
const OTHER_TABLE_GET = `        - Effect: Allow\n          Action: dynamodb:GetItem\n          Resource: arn:aws:dynamodb:eu-west-1:123456789012:table/other`;
/** OTHER_TABLE_GET followed by the statement the fix adds: `actions` on OrdersTable. */
const withNewOrdersStatement = (...actions: string[]) =>
  `${OTHER_TABLE_GET}\n        - Effect: Allow\n          Action:\n${actions.map((a) => `            - ${a}\n`).join('')}          Resource: !GetAtt OrdersTable.Arn`;

run(rule, {
  valid: [
    { name: 'PutObject with ACL and a KMS key: PutObjectAcl and GenerateDataKey on the key granted', ...aclKms(s3Stmt('s3:PutObject, s3:PutObjectAcl') + kmsStmt) },
  ],
  invalid: [
    { name: 'PutObject with ACL: s3:PutObjectAcl missing', ...aclKms(s3Stmt('s3:PutObject') + kmsStmt), errors: [{ message: 's3:PutObjectAcl' }] },
    { name: 'PutObject with SSEKMSKeyId: kms:GenerateDataKey on the key missing', ...aclKms(s3Stmt('s3:PutObject, s3:PutObjectAcl')), errors: [{ message: 'kms:GenerateDataKey' }] },
  ],
});

run(rule, {
  valid: [
    {
      name: 'serverless-lift constructs: the plugin grants access to its queues and buckets',
      file: 'serverless.yml',
      code: `service: jobs\nprovider:\n  name: aws\n  runtime: nodejs20.x\nconstructs:\n  jobs:\n    type: queue\n    worker:\n      handler: src/worker.consumer\nfunctions:\n  producer:\n    handler: src/producer.handler\n    environment:\n      QUEUE_URL: \${construct:jobs.queueUrl}\nplugins:\n  - serverless-lift\n`,
      files: {
        'src/producer.js': "const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');\nconst sqs = new SQSClient({});\nexports.handler = async () => {\n  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: 'x' }));\n};\n",
      },
    },
    {
      name: 'WebSocket functions: the framework grants execute-api:ManageConnections to its role',
      file: 'serverless.yml',
      code: `service: chat\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  default:\n    handler: src/ws.handler\n    events:\n      - websocket:\n          route: $default\n`,
      files: {
        'src/ws.js': "const { ApiGatewayManagementApiClient, PostToConnectionCommand } = require('@aws-sdk/client-apigatewaymanagementapi');\nexports.handler = async (event) => {\n  const api = new ApiGatewayManagementApiClient({ endpoint: process.env.WS_ENDPOINT });\n  await api.send(new PostToConnectionCommand({ ConnectionId: event.requestContext.connectionId, Data: 'hi' }));\n  return { statusCode: 200 };\n};\n",
      },
    },
    {
      name: 'every call is granted',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:PutItem]\n          Resource: !GetAtt OrdersTable.Arn`),
      files: { 'src/create.ts': v3Handler },
    },
    {
      name: 'a service wildcard covers the calls',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: dynamodb:*Item\n          Resource: !GetAtt OrdersTable.Arn`),
      files: { 'src/create.ts': v3Handler },
    },
    {
      name: 'NotAction Allow covers the calls',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          NotAction: iam:*\n          Resource: '*'`),
      files: { 'src/create.ts': v3Handler },
    },
    {
      name: 'an external role cannot be evaluated',
      file: 'serverless.yml',
      code: `service: orders\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  iam:\n    role: arn:aws:iam::123456789012:role/orders\nfunctions:\n  create:\n    handler: src/create.handler\n`,
      files: { 'src/create.ts': v3Handler },
    },
    {
      name: 'an unknown managed policy makes the role unevaluable',
      file: 'serverless.yml',
      code: sls(getOnly).replace('      statements:', '      managedPolicies:\n        - arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess\n      statements:'),
      files: { 'src/create.ts': v3Handler },
    },
    {
      name: 'statements from a file variable',
      file: 'serverless.yml',
      code: `service: orders\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  iam:\n    role:\n      statements: \${file(./iam.yml)}\nfunctions:\n  create:\n    handler: src/create.handler\n`,
      files: { 'src/create.ts': v3Handler },
    },
    {
      name: 'a computed action makes the role unevaluable',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: \${ssm:/orders/actions}\n          Resource: '*'`),
      files: { 'src/create.ts': v3Handler },
    },
    {
      name: 'the handler file does not exist',
      file: 'serverless.yml',
      code: sls(getOnly),
    },
    {
      name: 'SAM policy template that grants the call',
      file: 'template.yaml',
      code: samPy(`      Policies:\n        - S3ReadPolicy:\n            BucketName: !Ref ReportsBucket`),
      files: { 'app/report.py': pyHandler },
    },
    {
      name: 'SAM policy template we cannot evaluate (not one SAM defines)',
      file: 'template.yaml',
      code: samPy(`      Policies:\n        - AcmeReportsPolicy:\n            WorkGroupName: primary`),
      files: { 'app/report.py': pyHandler },
    },
    {
      name: 'known AWS managed policy plus a statement',
      file: 'template.json',
      code: cfnJson([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['Jobs', 'Arn'] } }]).replace(
        '"Policies": [',
        '"ManagedPolicyArns": ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],\n        "Policies": [',
      ),
      files: { 'index.js': sqsHandler },
    },
    {
      name: 'two exports with their own roles: each needs only what it reaches',
      file: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  runtime: nodejs20.x
functions:
  create:
    handler: src/orders.create
    iamRoleStatements:
      - Effect: Allow
        Action: dynamodb:PutItem
        Resource: arn:aws:dynamodb:eu-west-1:123456789012:table/orders
  list:
    handler: src/orders.list
    iamRoleStatements:
      - Effect: Allow
        Action: dynamodb:Query
        Resource: arn:aws:dynamodb:eu-west-1:123456789012:table/orders
`,
      files: {
        'src/orders.js': `const { DynamoDBClient, PutItemCommand, QueryCommand } = require('@aws-sdk/client-dynamodb');
const ddb = new DynamoDBClient({});
module.exports.create = async (event) => ddb.send(new PutItemCommand({ TableName: 'orders', Item: {} }));
module.exports.list = async () => ddb.send(new QueryCommand({ TableName: 'orders' }));
`,
      },
    },
    {
      name: 'APIs that need no IAM permission',
      file: 'serverless.yml',
      code: sls(getOnly),
      files: {
        'src/create.ts': `import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';\nexport const handler = async () => new STSClient({}).send(new GetCallerIdentityCommand({}));\n`,
      },
    },
    {
      name: 'a Deny on one resource does not remove the action everywhere',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: dynamodb:*\n          Resource: '*'\n        - Effect: Deny\n          Action: dynamodb:PutItem\n          Resource: arn:aws:dynamodb:eu-west-1:123456789012:table/audit`),
      files: { 'src/create.ts': v3Handler },
    },
    {
      name: 'a resource policy of the template may grant the call',
      file: 'template.yaml',
      code: samPy(
        `      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: s3:ListBucket\n              Resource: !GetAtt ReportsBucket.Arn`,
        `  ReportsBucketPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref ReportsBucket\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: !GetAtt ReportFnRole.Arn }\n            Action: s3:GetObject\n            Resource: !Sub '\${ReportsBucket.Arn}/*'\n`,
      ),
      files: { 'app/report.py': pyHandler },
    },
    {
      name: 'a policy in resources attached to the generated role',
      file: 'serverless.yml',
      code: sls(getOnly).replace(
        '  Resources:\n',
        `  Resources:\n    ExtraPolicy:\n      Type: AWS::IAM::Policy\n      Properties:\n        PolicyName: extra\n        Roles: [!Ref IamRoleLambdaExecution]\n        PolicyDocument:\n          Statement:\n            - Effect: Allow\n              Action: dynamodb:PutItem\n              Resource: '*'\n`,
      ),
      files: { 'src/create.ts': v3Handler },
    },
    {
      name: 'serverless-iam-roles-per-function defaultInherit: function roles inherit the provider statements',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: dynamodb:PutItem\n          Resource: !GetAtt OrdersTable.Arn`, `    iamRoleStatements:\n      - Effect: Allow\n        Action: dynamodb:GetItem\n        Resource: !GetAtt OrdersTable.Arn\ncustom:\n  serverless-iam-roles-per-function:\n    defaultInherit: true\n`),
      files: { 'src/create.ts': v3Handler },
    },
    {
      name: 'handler code granted: nothing at the call sites',
      file: 'src/create.ts',
      code: v3Handler,
      files: { 'serverless.yml': sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:PutItem]\n          Resource: !GetAtt OrdersTable.Arn`), 'src/create.ts': '' },
    },
  ],
  invalid: [
    {
      name: 'serverless.yml: added to the statement already scoped to the table',
      file: 'serverless.yml',
      code: sls(getOnly),
      files: { 'src/create.ts': v3Handler },
      errors: [
        {
          text: 'create',
          message: /^Function create calls dynamodb:PutItem \(PutItemCommand at src\/create\.ts:5 on table OrdersTable \(TABLE_NAME\)\), but the shared role IamRoleLambdaExecution .*does not allow it: the call fails with AccessDenied at run time\. Grant dynamodb:PutItem on OrdersTable\.$/,
          severity: 'warning',
        },
      ],
      fixes: [
        {
          title: 'Allow dynamodb:PutItem on OrdersTable (add to the statement scoped to it in provider.iam.role.statements)',
          output: sls(`        - Effect: Allow
          Action:
            - dynamodb:GetItem
            - dynamodb:PutItem
          Resource: !GetAtt OrdersTable.Arn`),
        },
      ],
    },
    {
      name: 'serverless.yml: two actions missing on the table are one finding, granted in one statement',
      file: 'serverless.yml',
      code: sls(OTHER_TABLE_GET),
      files: {
        'src/create.ts': v3Handler.replace(
          '  return { statusCode: 201 };',
          "  await ddb.send(new DeleteItemCommand({ TableName: process.env.TABLE_NAME, Key: {} }));\n  await ddb.send(new DeleteItemCommand({ TableName: process.env.TABLE_NAME, Key: {} }));\n  return { statusCode: 201 };",
        ).replace('PutItemCommand }', 'PutItemCommand, DeleteItemCommand }'),
      },
      errors: [{ text: 'create', message: /^Function create calls 2 actions that .* on table OrdersTable \(TABLE_NAME\): dynamodb:PutItem \(PutItemCommand at src\/create\.ts:5\), dynamodb:DeleteItem \(DeleteItemCommand at src\/create\.ts:6 \(and 1 more call\)\)\. / }],
      fixes: [
        {
          title: 'Allow dynamodb:PutItem and dynamodb:DeleteItem on OrdersTable (new statement in provider.iam.role.statements)',
          output: sls(withNewOrdersStatement('dynamodb:PutItem', 'dynamodb:DeleteItem')),
        },
      ],
    },
    {
      name: 'serverless.yml: a new statement scoped with !GetAtt when none fits',
      file: 'serverless.yml',
      code: sls(OTHER_TABLE_GET),
      files: { 'src/create.ts': v3Handler },
      errors: [{ text: 'create', message: 'calls dynamodb:PutItem' }],
      fixes: [
        {
          title: 'Allow dynamodb:PutItem on OrdersTable (new statement in provider.iam.role.statements)',
          output: sls(withNewOrdersStatement('dynamodb:PutItem')),
        },
      ],
    },
    {
      name: 'Deny on every resource removes a wildcard grant',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: dynamodb:*\n          Resource: !GetAtt OrdersTable.Arn\n        - Effect: Deny\n          Action: dynamodb:Put*\n          Resource: '*'`),
      files: { 'src/create.ts': v3Handler },
      errors: [{ text: 'create', message: /calls dynamodb:PutItem .* denies it with a Deny statement: .* Remove the call or narrow the Deny\.$/ }],
    },
    {
      name: 'SAM + CodeUri + boto3: a new statement on the bucket objects',
      file: 'template.yaml',
      code: samPy(`      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: s3:ListBucket\n              Resource: !GetAtt ReportsBucket.Arn`),
      files: { 'app/report.py': pyHandler },
      errors: [{ text: 'ReportFn', message: /^Function ReportFn calls s3:GetObject \(get_object at app\/report\.py:7 on bucket ReportsBucket \(BUCKET\)\)/ }],
      fixes: [
        {
          title: 'Allow s3:GetObject on ReportsBucket (new statement in Resources.ReportFn.Properties.Policies[0])',
          output: samPy(`      Policies:
        - Statement:
            - Effect: Allow
              Action: s3:ListBucket
              Resource: !GetAtt ReportsBucket.Arn
            - Effect: Allow
              Action:
                - s3:GetObject
              Resource: !Sub '\${ReportsBucket.Arn}/*'`),
        },
      ],
    },
    {
      name: 'SAM without Policies: the fix adds them',
      file: 'template.yaml',
      code: samPy(`      Timeout: 10`),
      files: { 'app/report.py': pyHandler },
      errors: [{ text: 'ReportFn', message: 's3:GetObject' }],
      fixes: [
        {
          title: 'Allow s3:GetObject on ReportsBucket (new statement in Resources.ReportFn.Properties.Policies)',
          output: samPy(`      Timeout: 10
      Policies:
        - Statement:
            - Effect: Allow
              Action:
                - s3:GetObject
              Resource: !Sub '\${ReportsBucket.Arn}/*'`),
        },
      ],
    },
    {
      name: 'CloudFormation JSON role: the fix writes JSON',
      file: 'template.json',
      code: cfnJson([{ Effect: 'Allow', Action: ['sqs:GetQueueUrl'], Resource: { 'Fn::GetAtt': ['Jobs', 'Arn'] } }]),
      files: { 'index.js': sqsHandler },
      errors: [{ text: '"Fn"', message: /calls sqs:SendMessage \(SendMessageCommand at index\.js:4 on queue Jobs \(QUEUE_URL\)\), but role FnRole/ }],
      fixes: [{ title: 'Allow sqs:SendMessage on Jobs (add to the statement scoped to it in Resources.FnRole.Properties.Policies[0])' }],
    },
    {
      name: 'resource outside the template: added to a statement on the same service',
      file: 'serverless.yml',
      code: `service: reports
provider:
  name: aws
  runtime: python3.12
  iam:
    role:
      statements:
        - Effect: Allow
          Action:
            - s3:GetObject
          Resource: arn:aws:s3:::reports-archive/*
        - Effect: Allow
          Action: s3:ListBucket
          Resource: arn:aws:s3:::reports-archive
functions:
  archive:
    handler: handler.archive
`,
      files: {
        'handler.py': `import boto3\ns3 = boto3.client("s3")\ndef archive(event, context):\n    s3.put_object(Bucket="reports-archive", Key=event["key"], Body=b"")\n`,
      },
      errors: [{ text: 'archive', message: /calls s3:PutObject \(put_object at handler\.py:4 on bucket reports-archive\)/ }],
      fixes: [
        {
          title: 'Add s3:PutObject to the statement that grants s3:GetObject (provider.iam.role.statements)',
          output: `service: reports
provider:
  name: aws
  runtime: python3.12
  iam:
    role:
      statements:
        - Effect: Allow
          Action:
            - s3:GetObject
            - s3:PutObject
          Resource: arn:aws:s3:::reports-archive/*
        - Effect: Allow
          Action: s3:ListBucket
          Resource: arn:aws:s3:::reports-archive
functions:
  archive:
    handler: handler.archive
`,
        },
      ],
    },
    {
      name: "no fix when the resource is unknown and no statement targets the service (never Resource '*')",
      file: 'serverless.yml',
      code: `service: notify\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  send:\n    handler: send.handler\n`,
      files: {
        'send.js': `const AWS = require('aws-sdk');\nconst sns = new AWS.SNS();\nexports.handler = async (e) => sns.publish({ TopicArn: e.topic, Message: 'x' }).promise();\n`,
      },
      errors: [{ text: 'send', message: /calls sns:Publish \(publish at send\.js:3\)/ }],
    },
    {
      name: 'per-function role (serverless-iam-roles-per-function): the fix goes into the function statements',
      file: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  runtime: nodejs20.x
functions:
  create:
    handler: src/create.handler
    environment:
      TABLE_NAME: !Ref OrdersTable
    iamRoleStatements:
      - Effect: Allow
        Action: dynamodb:GetItem
        Resource: !GetAtt OrdersTable.Arn
resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
`,
      files: { 'src/create.ts': v3Handler },
      errors: [{ text: 'create', message: 'the role of function create does not allow it' }],
      fixes: [
        {
          title: 'Allow dynamodb:PutItem on OrdersTable (add to the statement scoped to it in functions.create.iamRoleStatements)',
          output: `service: orders
provider:
  name: aws
  runtime: nodejs20.x
functions:
  create:
    handler: src/create.handler
    environment:
      TABLE_NAME: !Ref OrdersTable
    iamRoleStatements:
      - Effect: Allow
        Action:
          - dynamodb:GetItem
          - dynamodb:PutItem
        Resource: !GetAtt OrdersTable.Arn
resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
`,
        },
      ],
    },
    {
      name: 'SDK v2 DocumentClient in an imported helper; the index grant includes the index ARN',
      file: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    TABLE_NAME: !Ref OrdersTable
functions:
  list:
    handler: src/list.handler
resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
`,
      files: {
        'src/list.js': `const { byUser } = require('./lib/repo');\nexports.handler = async (event) => byUser(event.user);\n`,
        'src/lib/repo.js': `const AWS = require('aws-sdk');\nconst doc = new AWS.DynamoDB.DocumentClient();\nexports.byUser = (u) => doc.query({ TableName: process.env.TABLE_NAME, IndexName: 'byUser', KeyConditionExpression: 'u = :u' }).promise();\n`,
      },
      errors: [{ text: 'list', message: /calls dynamodb:Query \(query at src\/lib\/repo\.js:3 on table OrdersTable \(TABLE_NAME\)\)/ }],
      fixes: [
        {
          title: 'Allow dynamodb:Query on OrdersTable (new statement in provider.iam.role.statements)',
          output: `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    TABLE_NAME: !Ref OrdersTable
  iam:
    role:
      statements:
        - Effect: Allow
          Action:
            - dynamodb:Query
          Resource:
            - !GetAtt OrdersTable.Arn
            - !Sub '\${OrdersTable.Arn}/index/*'
functions:
  list:
    handler: src/list.handler
resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
`,
        },
      ],
    },
  ],
});

describe('iam-missing-permission: one finding per cause', () => {
  const config = sls(getOnly);

  const fiveCalls = `import { DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand, DeleteItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
const ddb = new DynamoDBClient({});
const s3 = new S3Client({});
export const handler = async (event: any) => {
  await ddb.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: {} }));
  await ddb.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: {} }));
  await ddb.send(new UpdateItemCommand({ TableName: process.env.TABLE_NAME, Key: {} }));
  await ddb.send(new DeleteItemCommand({ TableName: process.env.TABLE_NAME, Key: {} }));
  await ddb.send(new QueryCommand({ TableName: process.env.TABLE_NAME }));
  await ddb.send(new ScanCommand({ TableName: process.env.TABLE_NAME }));
  await s3.send(new GetObjectCommand({ Bucket: 'reports-archive', Key: 'k' }));
  return { statusCode: 201 };
};
`;

  it('a role lacking five actions on one table: one finding naming all five, one statement granting them; another resource is another finding', () => {
    const found = ruleFindings(rule, { file: 'serverless.yml', code: config, files: { 'src/create.ts': fiveCalls } }).filter((f) => f.ruleId === rule.meta.id);
    assert.equal(found.length, 2);
    const table = found.find((f) => f.message.includes('dynamodb:'))!;
    assert.ok(messageMatches(rule.meta.messages!.notAllowedMany, table.message));
    assert.match(table.message, /^Function create calls 5 actions that the shared role IamRoleLambdaExecution .*does not allow on table OrdersTable \(TABLE_NAME\): dynamodb:PutItem \(PutItemCommand at src\/create\.ts:7\), dynamodb:UpdateItem .*dynamodb:Scan \(ScanCommand at src\/create\.ts:11\)\. Each of these calls fails with AccessDenied at run time\. Grant them on OrdersTable in one statement\.$/);
    assert.equal(table.related?.length, 5);
    assert.equal(table.fixes?.[0]?.title, 'Allow dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:Query and 1 more on OrdersTable (add to the statement scoped to it in provider.iam.role.statements)');
    const bucket = found.find((f) => f.message.includes('s3:GetObject'))!;
    assert.ok(messageMatches(rule.meta.messages!.notAllowed, bucket.message));
  });

  it('reported once, on the config function, with every call site as related information; nothing more at the calls', () => {
    const twice = v3Handler.replace("  return { statusCode: 201 };", "  await ddb.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: {} }));\n  return { statusCode: 201 };");
    const onConfig = ruleFindings(rule, { file: 'serverless.yml', code: config, files: { 'src/create.ts': twice } }).filter((f) => f.ruleId === rule.meta.id);
    assert.equal(onConfig.length, 1);
    assert.ok(messageMatches(rule.meta.messages!.notAllowed, onConfig[0].message));
    assert.match(onConfig[0].message, /^Function create calls dynamodb:PutItem \(PutItemCommand at src\/create\.ts:5 on table OrdersTable \(TABLE_NAME\) \(and 1 more call\)\)/);
    assert.deepEqual(onConfig[0].related?.map((r) => [r.file, twice.slice(r.range.start, r.range.end), r.message]), [
      ['/project/src/create.ts', 'PutItemCommand', 'PutItemCommand needs dynamodb:PutItem'],
      ['/project/src/create.ts', 'PutItemCommand', 'PutItemCommand needs dynamodb:PutItem'],
    ]);
    // The handler file gets no second warning for the same cause.
    assert.deepEqual(ruleFindings(rule, { file: 'src/create.ts', code: twice, files: { 'serverless.yml': config, 'src/create.ts': '' } }), []);
  });

  it('Python: the call in a SAM CodeUri folder is related information of the one config finding', () => {
    const template = samPy(`      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: s3:ListBucket\n              Resource: !GetAtt ReportsBucket.Arn`);
    const found = ruleFindings(rule, { file: 'template.yaml', code: template, files: { 'app/report.py': pyHandler } }).filter((f) => f.ruleId === rule.meta.id);
    assert.equal(found.length, 1);
    assert.deepEqual(found[0].related?.map((r) => [r.file, pyHandler.slice(r.range.start, r.range.end)]), [['/project/app/report.py', 'get_object']]);
    assert.deepEqual(ruleFindings(rule, { file: 'app/report.py', code: pyHandler, files: { 'template.yaml': template, 'app/report.py': '' } }), []);
  });
});

describe('iam-missing-permission: clients with explicit credentials do not use the execution role', () => {
  const config = sls(getOnly);
  const findings = (handler: string, file = 'src/create.ts', cfg = config, cfgFile = 'serverless.yml') =>
    ruleFindings(rule, { file: cfgFile, code: cfg, files: { [file]: handler } }).filter((f) => f.ruleId === rule.meta.id);

  it('v3 client built with tenant credentials from the authorizer context: no finding', () => {
    const h = `import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
export const handler = async (event: any) => {
  const c = event.requestContext.authorizer;
  const ddb = new DynamoDBClient({ credentials: { accessKeyId: c.key, secretAccessKey: c.secret, sessionToken: c.token } });
  await ddb.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: {} }));
};
`;
    assert.deepEqual(findings(h), []);
  });

  it('v2 client with STS.assumeRole results, through an options variable: no finding', () => {
    const h = `const AWS = require('aws-sdk');
const sts = new AWS.STS();
exports.handler = async () => {
  const r = await sts.assumeRole({ RoleArn: process.env.TENANT_ROLE, RoleSessionName: 't' }).promise();
  const opts = { accessKeyId: r.Credentials.AccessKeyId, secretAccessKey: r.Credentials.SecretAccessKey, sessionToken: r.Credentials.SessionToken };
  const db = new AWS.DynamoDB.DocumentClient(opts);
  await db.put({ TableName: process.env.TABLE_NAME, Item: {} }).promise();
};
`;
    // sts:AssumeRole itself runs with the role and is still judged.
    assert.deepEqual(findings(h, 'src/create.js').map((f) => f.message.slice(0, 40)), ['Function create calls sts:AssumeRole (as']);
  });

  it('boto3 session from keys in the environment: no finding', () => {
    const h = `import os
import boto3

session = boto3.Session(aws_access_key_id=os.environ["KEY"], aws_secret_access_key=os.environ["SECRET"])
s3 = session.client("s3")

def handler(event, context):
    return s3.get_object(Bucket=os.environ["BUCKET"], Key="k")
`;
    const template = samPy(`      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: s3:ListBucket\n              Resource: !GetAtt ReportsBucket.Arn`);
    assert.deepEqual(findings(h, 'app/report.py', template, 'template.yaml'), []);
  });

  it('still reported when another client of the same service uses the role (true positive kept)', () => {
    const h = `import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
const own = new DynamoDBClient({});
export const handler = async (event: any) => {
  const tenant = new DynamoDBClient({ credentials: event.creds });
  await tenant.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: {} }));
  await own.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: {} }));
};
`;
    assert.equal(findings(h).length, 1);
  });

  it('boto3 client with aws_session_token keyword: no finding; without it: reported', () => {
    const base = (kw: string) => `import os
import boto3

def handler(event, context):
    s3 = boto3.client("s3"${kw})
    return s3.get_object(Bucket=os.environ["BUCKET"], Key="k")
`;
    const template = samPy(`      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: s3:ListBucket\n              Resource: !GetAtt ReportsBucket.Arn`);
    assert.deepEqual(findings(base(', aws_session_token=event["token"]'), 'app/report.py', template, 'template.yaml'), []);
    assert.equal(findings(base(''), 'app/report.py', template, 'template.yaml').length, 1);
  });
});

describe('iam-missing-permission: S3 Object Lambda', () => {
  it('WriteGetObjectResponse needs s3-object-lambda:WriteGetObjectResponse (reported when absent, not when granted)', () => {
    const h = `const { S3Client, WriteGetObjectResponseCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});
exports.handler = async (e) => s3.send(new WriteGetObjectResponseCommand({ RequestRoute: e.getObjectContext.outputRoute, RequestToken: e.getObjectContext.outputToken, Body: 'x' }));
`;
    const cfg = (action: string) => sls(`        - Effect: Allow\n          Action: ${action}\n          Resource: '*'`);
    const found = (action: string) => ruleFindings(rule, { file: 'serverless.yml', code: cfg(action), files: { 'src/create.js': h } }).filter((f) => f.ruleId === rule.meta.id);
    assert.deepEqual(found('s3:GetObject').map((f) => f.message.split(' (')[0]), ['Function create calls s3-object-lambda:WriteGetObjectResponse']);
    assert.deepEqual(found('s3-object-lambda:WriteGetObjectResponse'), []);
  });
});

describe('iam-missing-permission: SAM connectors add permissions', () => {
  it('a function with an embedded Connectors entry is not judged (the connector writes the DynamoDB grant)', () => {
    const connectors = `    Connectors:\n      BucketConn:\n        Properties:\n          Destination:\n            Id: ReportsBucket\n          Permissions: [Read]\n`;
    const template = samPy(`      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: s3:ListBucket\n              Resource: !GetAtt ReportsBucket.Arn`).replace('  ReportFn:\n    Type: AWS::Serverless::Function\n', `  ReportFn:\n    Type: AWS::Serverless::Function\n${connectors}`);
    assert.deepEqual(ruleFindings(rule, { file: 'template.yaml', code: template, files: { 'app/report.py': pyHandler } }).filter((f) => f.ruleId === rule.meta.id), []);
    const standalone = samPy(`      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: s3:ListBucket\n              Resource: !GetAtt ReportsBucket.Arn`, `  Conn:\n    Type: AWS::Serverless::Connector\n    Properties:\n      Source:\n        Id: ReportFn\n      Destination:\n        Id: ReportsBucket\n      Permissions: [Read]\n`);
    assert.deepEqual(ruleFindings(rule, { file: 'template.yaml', code: standalone, files: { 'app/report.py': pyHandler } }).filter((f) => f.ruleId === rule.meta.id), []);
  });
});

// ---------------------------------------------------------------------------------------------
// Calls in methods the handler never reaches (issue 10): not missing permissions

const lambdaPolicy = `      Policies:
        - Statement:
            - Effect: Allow
              Action: [lambda:ListFunctions, lambda:ListTags]
              Resource: '*'`;
const describerPy = `import boto3


class LambdaDescriber:
    def __init__(self):
        self.client = boto3.client("lambda")

    def _page(self, marker=None):
        return self.client.list_functions(Marker=marker) if marker else self.client.list_functions()

    def list_functions(self):
        return self._page()["Functions"]

    def list_tags(self, arn):
        return self.client.list_tags(Resource=arn)["Tags"]

    def list_layers(self):
        return self.client.list_layers()

    def get_limits(self):
        return self.client.get_account_settings()
`;
const handlerPy = (calls: string) => `from lib.describer import LambdaDescriber


def handler(event, context):
    ld = LambdaDescriber()
    return [${calls}]
`;
const describerJs = `const { LambdaClient, ListFunctionsCommand, ListTagsCommand, ListLayersCommand } = require('@aws-sdk/client-lambda');
class Describer {
  constructor() { this.client = new LambdaClient({}); }
  listFunctions() { return this.client.send(new ListFunctionsCommand({})); }
  listTags(arn) { return this.client.send(new ListTagsCommand({ Resource: arn })); }
  listLayers() { return this.client.send(new ListLayersCommand({})); }
}
module.exports = { Describer };
`;
const handlerJs = (calls: string) => `const { Describer } = require('./describer');
exports.handler = async () => { const d = new Describer(); return [${calls}]; };
`;

run(rule, {
  valid: [
    {
      name: 'S3ReadPolicy (from the SAM template table) grants the read',
      file: 'template.yaml',
      code: samPy(`      Policies:\n        - S3ReadPolicy:\n            BucketName: !Ref ReportsBucket`),
      files: { 'app/report.py': pyHandler },
    },
    {
      name: 'Python: methods of a class the handler never calls (list_layers, get_limits) ask for no permission',
      file: 'template.yaml',
      code: samPy(lambdaPolicy),
      files: { 'app/report.py': handlerPy('ld.list_functions(), ld.list_tags("arn")'), 'app/lib/describer.py': describerPy, 'app/lib/__init__.py': '' },
    },
    {
      name: 'JS: methods of a class the handler never calls ask for no permission',
      file: 'template.yaml',
      code: samPy(lambdaPolicy).replace('report.handler', 'index.handler').replace('python3.12', 'nodejs20.x'),
      files: { 'app/index.js': handlerJs('await d.listFunctions(), await d.listTags("arn")'), 'app/describer.js': describerJs },
    },
  ],
  invalid: [
    {
      name: 'every SAM template is known now: AthenaQueryPolicy grants no S3 read',
      file: 'template.yaml',
      code: samPy(`      Policies:\n        - AthenaQueryPolicy:\n            WorkGroupName: primary`),
      files: { 'app/report.py': pyHandler },
      errors: [{ message: 's3:GetObject' }],
    },
    {
      name: 'Python: the handler calls list_layers: its permission is missing',
      file: 'template.yaml',
      code: samPy(lambdaPolicy),
      files: { 'app/report.py': handlerPy('ld.list_functions(), ld.list_layers()'), 'app/lib/describer.py': describerPy, 'app/lib/__init__.py': '' },
      errors: [{ message: 'lambda:ListLayers' }],
    },
    {
      name: 'Python: a method reached through self (list_functions → _page) still counts',
      file: 'template.yaml',
      code: samPy(lambdaPolicy.replace('[lambda:ListFunctions, lambda:ListTags]', '[lambda:ListTags]')),
      files: { 'app/report.py': handlerPy('ld.list_functions()'), 'app/lib/describer.py': describerPy, 'app/lib/__init__.py': '' },
      errors: [{ message: 'lambda:ListFunctions' }],
    },
    {
      name: 'JS: the handler calls listLayers: its permission is missing',
      file: 'template.yaml',
      code: samPy(lambdaPolicy).replace('report.handler', 'index.handler').replace('python3.12', 'nodejs20.x'),
      files: { 'app/index.js': handlerJs('await d.listLayers()'), 'app/describer.js': describerJs },
      errors: [{ message: 'lambda:ListLayers' }],
    },
  ],
});

it('a class extending a library class is reached whole (the library may call what it overrides)', () => {
  const enc = `import json
import boto3


class Enc(json.JSONEncoder):
    def default(self, o):
        return boto3.client("lambda").list_layers()
`;
  const found = ruleFindings(rule, {
    file: 'template.yaml',
    code: samPy(lambdaPolicy),
    files: { 'app/report.py': `import json\nfrom lib.enc import Enc\n\n\ndef handler(event, context):\n    return json.dumps(event, cls=Enc)\n`, 'app/lib/enc.py': enc, 'app/lib/__init__.py': '' },
  });
  assert.equal(found.length, 1);
  assert.match(found[0].message, /lambda:ListLayers/);
});

// A call that runs only when an environment variable is set, which the config never sets, is
// not a missing permission: as configured, it never runs.
const s3Read = `      Policies:
        - S3ReadPolicy:
            BucketName: !Ref ReportsBucket`;
const envGuarded = (guard: string) => `import os
import boto3

s3 = boto3.client("s3")

def client(assumed_role=None):
    session = boto3.Session()
    if assumed_role:
        sts = session.client("sts")
        sts.assume_role(RoleArn=str(assumed_role), RoleSessionName="s")
    return session.client("s3")

def handler(event, context):
    c = client(assumed_role=${guard})
    return s3.get_object(Bucket=os.environ["BUCKET"], Key=event["key"])
`;
const directGuard = `import os
import boto3

s3 = boto3.client("s3")
sns = boto3.client("sns")

def handler(event, context):
    if os.environ.get("ALERT_TOPIC"):
        sns.publish(TopicArn=os.environ["ALERT_TOPIC"], Message="m")
    return s3.get_object(Bucket=os.environ["BUCKET"], Key=event["key"])
`;

run(rule, {
  valid: [
    {
      name: 'sts.assume_role only when the parameter from os.environ.get("ASSUME_ROLE") is set, and nothing sets it',
      file: 'template.yaml',
      code: samPy(s3Read),
      files: { 'app/report.py': envGuarded('os.environ.get("ASSUME_ROLE", None)') },
    },
    {
      name: '`topic = os.environ.get("ALERT_TOPIC")` then `if topic is not None:`, not set in the template',
      file: 'template.yaml',
      code: samPy(s3Read),
      files: { 'app/report.py': directGuard.replace('    if os.environ.get("ALERT_TOPIC"):', '    topic = os.environ.get("ALERT_TOPIC")\n    if topic is not None:') },
    },
    {
      name: 'sns.publish under `if os.environ.get("ALERT_TOPIC"):`, not set in the template',
      file: 'template.yaml',
      code: samPy(s3Read),
      files: { 'app/report.py': directGuard },
    },
  ],
  invalid: [
    {
      name: 'the template sets ALERT_TOPIC: the guarded publish runs and is missing',
      file: 'template.yaml',
      code: samPy(s3Read).replace('          BUCKET: !Ref ReportsBucket', '          BUCKET: !Ref ReportsBucket\n          ALERT_TOPIC: arn:aws:sns:eu-west-1:123456789012:alerts'),
      files: { 'app/report.py': directGuard },
      errors: [{ message: 'sns:Publish' }],
    },
    {
      name: 'a guard on a variable the Lambda runtime sets (AWS_LAMBDA_FUNCTION_NAME): the call runs',
      file: 'template.yaml',
      code: samPy(s3Read),
      files: { 'app/report.py': directGuard.replace('if os.environ.get("ALERT_TOPIC"):', 'if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):') },
      errors: [{ message: 'sns:Publish' }],
    },
    {
      name: 'the environment comes from an intrinsic (unknown variables): the guarded call is judged',
      file: 'template.yaml',
      code: samPy(s3Read).replace('      Environment:\n        Variables:\n          BUCKET: !Ref ReportsBucket', '      Environment: !If [IsProd, {Variables: {BUCKET: !Ref ReportsBucket}}, !Ref AWS::NoValue]'),
      files: { 'app/report.py': directGuard.replace('os.environ["BUCKET"]', '"b"') },
      errors: [{ message: 'sns:Publish' }],
    },
    {
      name: 'the guard is a literal, not an environment variable: the call runs',
      file: 'template.yaml',
      code: samPy(s3Read),
      files: { 'app/report.py': envGuarded('"arn:aws:iam::123456789012:role/r"') },
      errors: [{ message: 'sts:AssumeRole' }],
    },
    {
      name: 'the call is in the else branch of the guard: it runs when the variable is unset',
      file: 'template.yaml',
      code: samPy(s3Read),
      files: { 'app/report.py': directGuard.replace('    if os.environ.get("ALERT_TOPIC"):\n        sns.publish', '    if os.environ.get("ALERT_TOPIC"):\n        pass\n    else:\n        sns.publish') },
      errors: [{ message: 'sns:Publish' }],
    },
  ],
});

// A role of the template whose trust policy names the function's role by ARN: within one account
// that trust policy grants sts:AssumeRole on its own (resource-based policy), so nothing is missing.
const abacTemplate = (trust: string) => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  ResourceAccessRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
${trust}
  OrderFunctionRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
  OrderFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: python3.12
      Role: !GetAtt OrderFunctionRole.Arn
      Environment:
        Variables:
          RESOURCE_ACCESS_ROLE_ARN: !GetAtt ResourceAccessRole.Arn
`;
const abacHandler = {
  'src/app.py': `import os\nimport boto3\n\nsts = boto3.client("sts")\n\n\ndef handler(event, context):\n    return sts.assume_role(RoleArn=os.environ["RESOURCE_ACCESS_ROLE_ARN"], RoleSessionName="user")\n`,
};
const trustFor = (principal: string, condition = '') =>
  `          - Effect: Allow\n            Principal:\n              AWS:\n                - ${principal}\n            Action:\n              - sts:AssumeRole\n${condition}`;

run(rule, {
  valid: [
    {
      name: "sts:AssumeRole of a template role whose trust policy names the function's role ARN: the trust policy grants it (same account)",
      file: 'template.yaml',
      code: abacTemplate(trustFor('!GetAtt OrderFunctionRole.Arn')),
      files: abacHandler,
    },
  ],
  invalid: [
    {
      name: 'sts:AssumeRole of a template role that trusts only the account root: the caller needs an identity-policy grant, reported',
      file: 'template.yaml',
      code: abacTemplate(trustFor("!Sub 'arn:aws:iam::${AWS::AccountId}:root'")),
      files: abacHandler,
      errors: [{ message: /sts:AssumeRole/ }],
    },
    {
      name: "sts:AssumeRole of a template role trusting the function's role under a Condition: not known to hold, reported",
      file: 'template.yaml',
      code: abacTemplate(trustFor('!GetAtt OrderFunctionRole.Arn', '            Condition:\n              StringEquals:\n                aws:RequestTag/team: orders\n')),
      files: abacHandler,
      errors: [{ message: /sts:AssumeRole/ }],
    },
  ],
});

// S3 bucket-configuration APIs are authorised by an action of another name
// (PutBucketNotificationConfiguration → s3:PutBucketNotification), and boto3's resource layer by
// the operation each method calls (get_queue_by_name → GetQueueUrl).
const notify = (stmts: string) => ({
  file: 'serverless.yml',
  code: `service: up\nprovider:\n  name: aws\n  runtime: python3.12\n  iam:\n    role:\n      statements:\n${stmts}functions:\n  cfg:\n    handler: src/cfg.handler\n`,
  files: { 'src/cfg.py': 'import boto3\n\ns3 = boto3.client("s3")\nsqs = boto3.resource("sqs")\n\ndef handler(event, context):\n    s3.put_bucket_notification_configuration(Bucket="uploads", NotificationConfiguration={})\n    return sqs.get_queue_by_name(QueueName="jobs").url\n' },
});
const stmt = (action: string, resource: string) => `        - Effect: Allow\n          Action: ${action}\n          Resource: ${resource}\n`;

run(rule, {
  valid: [
    { name: 'put_bucket_notification_configuration needs s3:PutBucketNotification, get_queue_by_name sqs:GetQueueUrl: both granted', ...notify(stmt('s3:PutBucketNotification', 'arn:aws:s3:::uploads') + stmt('sqs:GetQueueUrl', 'arn:aws:sqs:eu-west-1:123456789012:jobs')) },
  ],
  invalid: [
    { name: 'put_bucket_notification_configuration without s3:PutBucketNotification', ...notify(stmt('sqs:GetQueueUrl', 'arn:aws:sqs:eu-west-1:123456789012:jobs')), errors: [{ message: 's3:PutBucketNotification' }] },
    { name: 'boto3 resource get_queue_by_name without sqs:GetQueueUrl', ...notify(stmt('s3:PutBucketNotification', 'arn:aws:s3:::uploads')), errors: [{ message: 'sqs:GetQueueUrl' }] },
  ],
});

describe('iam-missing-permission: CopyObject copies tags only when the source has them', () => {
  it('a copy granted s3:GetObject and s3:PutObject only: the tagging actions are not claimed missing (an untagged source needs neither)', () => {
    const h = `const { S3Client, CopyObjectCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});
exports.handler = async (e) => s3.send(new CopyObjectCommand({ CopySource: 'gifs/' + e.k, Bucket: 'gifs', Key: 'copy/' + e.k }));
`;
    const found = (actions: string) => ruleFindings(rule, { file: 'serverless.yml', code: aclKms(s3Stmt(actions)).code, files: { 'src/put.js': h } }).filter((f) => f.ruleId === rule.meta.id);
    assert.deepEqual(found('s3:GetObject, s3:PutObject'), []);
    assert.deepEqual(found('s3:GetObject').map((f) => f.message.split(' (')[0]), ['Function put calls s3:PutObject'], 'the copy itself still needs PutObject');
  });
});
