import rule from '../../rules/iam-unused-permission';
import wildcardRule from '../../rules/iam-service-wildcard-action';
import { ROLE_PASSING_CALLS } from '../../server/src/engine/permissions/data/role-passing';
import { READ_EQUIVALENT_PAIRS, READ_SUBSETS } from '../../server/src/engine/permissions/data/read-equivalents';
import { lookupAction } from '../../server/src/engine/iam/catalog';
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { run, setCodeSupport, type InvalidCase } from '../helpers/rule-tester';

before(async () => {
  await initCodeParsers();
  setCodeSupport((e) => {
    e.codeSupport = new TreeSitterCodeSupport(e);
  });
});

/** serverless.yml with provider statements (indented by 8) and one function `create`. */
const sls = (statements: string, fnExtra = '', extra = '') => `service: orders
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
${fnExtra}${extra}`;

const handler = `import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
const ddb = new DynamoDBClient({});
export const handler = async (event: any) => {
  await ddb.send(new GetItemCommand({ TableName: 'orders', Key: {} }));
  await ddb.send(new PutItemCommand({ TableName: 'orders', Item: {} }));
  await new S3Client({}).send(new GetObjectCommand({ Bucket: 'reports', Key: 'k' }));
};
`;
const files = { 'src/create.ts': handler };

const s3GetOnly = `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
export const handler = async () => new S3Client({}).send(new GetObjectCommand({ Bucket: 'reports-bucket', Key: 'k' }));
`;
const s3GetFromEnv = `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
export const handler = async () => new S3Client({}).send(new GetObjectCommand({ Bucket: process.env.BUCKET, Key: 'k' }));
`;
const s3AndSqs = `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
export const handler = async () => {
  await new S3Client({}).send(new GetObjectCommand({ Bucket: 'reports-bucket', Key: 'k' }));
  await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: process.env.QUEUE, MessageBody: 'x' }));
};
`;
const snsPublish = `import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
export const handler = async () => new SNSClient({}).send(new PublishCommand({ TopicArn: process.env.TOPIC, Message: 'x' }));
`;
const s3AndSqsLiteral = s3AndSqs.replace('process.env.QUEUE', "'https://sqs.eu-west-1.amazonaws.com/123456789012/elsewhere'");

const TABLE = 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders';

const samPy = (statements: string, extraFn = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
  ReportFn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: app/
      Handler: report.handler
      Runtime: python3.12
${extraFn}      Policies:
        - Statement:
${statements}
`;

const pyHandler = `import boto3

table = boto3.resource("dynamodb").Table("reports")

def handler(event, context):
    return table.query(KeyConditionExpression="pk = :p")
`;

const cfnJson = (actions: unknown) =>
  JSON.stringify(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        FnRole: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
            Policies: [{ PolicyName: 'app', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] } }],
          },
        },
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] } } },
      },
    },
    null,
    2,
  ) + '\n';

const sqsHandler = `const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
exports.handler = async () => new SQSClient({}).send(new SendMessageCommand({ QueueUrl: process.env.Q, MessageBody: 'x' }));
`;

run(rule, {
  valid: [
    {
      name: 'a function with FileSystemConfigs: Lambda mounts the file system with the role (ClientMount, ClientWrite), no SDK call',
      file: 'template.yaml',
      code: samPy(`            - Effect: Allow\n              Action:\n                - dynamodb:Query\n              Resource: !GetAtt ReportsTable.Arn\n            - Effect: Allow\n              Action:\n                - elasticfilesystem:ClientMount\n                - elasticfilesystem:ClientWrite\n              Resource: !GetAtt FileSystem.Arn`, `      FileSystemConfigs:\n        - Arn: !GetAtt AccessPoint.Arn\n          LocalMountPath: /mnt/data\n`),
      files: { 'app/report.py': pyHandler },
    },
    {
      name: 'serverless fileSystemConfig: the same',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:PutItem, s3:GetObject]\n          Resource: '*'\n        - Effect: Allow\n          Action: [elasticfilesystem:ClientMount, elasticfilesystem:ClientWrite]\n          Resource: arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-1`, `    fileSystemConfig:\n      localMountPath: /mnt/data\n      arn: arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-1\n`),
      files,
    },
    {
      name: 'every granted action is called',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:PutItem]\n          Resource: ${TABLE}\n        - Effect: Allow\n          Action: s3:GetObject\n          Resource: arn:aws:s3:::reports/*`),
      files,
    },
    {
      name: 'the handler picks the method at run time',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: dynamodb:DeleteItem\n          Resource: ${TABLE}`),
      files: { 'src/create.js': `const AWS = require('aws-sdk');\nconst doc = new AWS.DynamoDB.DocumentClient();\nexports.handler = (e) => doc[e.op]({ TableName: 'orders' }).promise();\n` },
    },
    {
      name: 'boto3 client with a computed service name',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: sqs:SendMessage\n          Resource: '*'`).replace('src/create.handler', 'handler.main'),
      files: { 'handler.py': `import boto3, os\ndef main(event, context):\n    boto3.client(os.environ["SVC"]).do()\n` },
    },
    {
      name: 'a function of the role has no handler file',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: dynamodb:DeleteItem\n          Resource: ${TABLE}`, '', `  other:\n    handler: src/missing.handler\n`),
      files,
    },
    {
      name: 'the client is handed to a library we cannot see',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: dynamodb:DeleteItem\n          Resource: ${TABLE}`),
      files: {
        'src/create.ts': `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { Entity } from 'some-orm';\nconst client = new DynamoDBClient({});\nconst Order = new Entity({ name: 'order' }, { client, table: 'orders' });\nexport const handler = async () => Order.delete({ id: 1 }).go();\n`,
      },
    },
    {
      name: 'a library that calls AWS itself',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: dynamodb:DeleteItem\n          Resource: ${TABLE}`),
      files: { 'src/create.ts': `import dynamoose from 'dynamoose';\nexport const handler = async () => dynamoose.model('Order').delete({ id: 1 });\n` },
    },
    {
      name: 'a handler with syntax errors',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: dynamodb:DeleteItem\n          Resource: ${TABLE}`),
      files: { 'src/create.ts': `export const handler = async () => { await x.send(new PutItemCommand({ ; };\n` },
    },
    {
      name: 'actions the platform uses: logs, X-Ray, VPC interfaces, SQS polling for an SQS trigger, KMS for encryption',
      file: 'serverless.yml',
      code: sls(
        `        - Effect: Allow\n          Action: [logs:CreateLogStream, logs:PutLogEvents, xray:PutTraceSegments, ec2:CreateNetworkInterface]\n          Resource: '*'\n        - Effect: Allow\n          Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes, kms:Decrypt]\n          Resource: '*'\n        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:PutItem, s3:GetObject]\n          Resource: '*'`,
        `    events:\n      - sqs: arn:aws:sqs:eu-west-1:123456789012:jobs\n`,
      ),
      files,
    },
    {
      name: 'an on-failure destination of a stream event source uses the role (SQS SendMessage)',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: stream.handler
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Allow
              Action: sqs:SendMessage
              Resource: !GetAtt FailedQueue.Arn
      Events:
        Stream:
          Type: Kinesis
          Properties:
            Stream: !GetAtt Stream.Arn
            StartingPosition: LATEST
            DestinationConfig:
              OnFailure:
                Destination: !GetAtt FailedQueue.Arn
  FailedQueue:
    Type: AWS::SQS::Queue
  Stream:
    Type: AWS::Kinesis::Stream
    Properties: {ShardCount: 1}
`,
      files: { 'src/stream.js': 'exports.handler = async (event) => {\n  for (const r of event.Records) console.log(r.kinesis.sequenceNumber);\n};\n' },
    },
    {
      name: 'a role another resource uses (Step Functions) is not judged',
      file: 'template.yaml',
      code: `Resources:
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
            Statement:
              - Effect: Allow
                Action: states:StartExecution
                Resource: '*'
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: !GetAtt FnRole.Arn
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt FnRole.Arn
`,
      files: { 'index.js': sqsHandler },
    },
    {
      name: 'a role other principals can assume is not judged',
      file: 'template.json',
      code: cfnJson(['sqs:SendMessage', 'sqs:PurgeQueue']).replace('"Service": "lambda.amazonaws.com"', '"Service": ["lambda.amazonaws.com", "states.amazonaws.com"]'),
      files: { 'index.js': sqsHandler },
    },
    {
      name: 'an import that may be a tsconfig path alias to local code',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: dynamodb:DeleteItem\n          Resource: ${TABLE}`),
      files: {
        'tsconfig.json': `{ "compilerOptions": { "paths": { "@libs/*": ["src/libs/*"] } } }\n`,
        'src/create.ts': `import { removeOrder } from '@libs/orders';\nexport const handler = async (e: { id: string }) => removeOrder(e.id);\n`,
      },
    },
    {
      name: 'a function using a layer of this project',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: dynamodb:DeleteItem\n          Resource: ${TABLE}`, `    layers:\n      - !Ref CommonLambdaLayer\n`, `layers:\n  common:\n    path: layers/common\n`),
      files,
    },
    {
      name: 'an unknown action is iam-unknown-action’s',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:PutItem, dynamodb:GetItm, s3:GetObject]\n          Resource: '*'`),
      files,
    },
    {
      name: 'Deny and NotAction statements are not judged',
      file: 'serverless.yml',
      code: sls(`        - Effect: Deny\n          Action: dynamodb:DeleteTable\n          Resource: '*'\n        - Effect: Allow\n          NotAction: iam:*\n          Resource: '*'`),
      files,
    },
  ],
  invalid: [
    {
      name: "narrowing per resource: Action '*' on an S3 object ARN keeps only the S3 action the handler calls, on that ARN",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: '*'\n          Resource: arn:aws:s3:::reports-bucket/*`),
      files: { 'src/create.ts': s3GetOnly },
      errors: [{ text: "'*'" }],
      fixes: [{ title: 'Narrow to what the code uses (s3:GetObject)', output: sls(`        - Effect: Allow\n          Action: s3:GetObject\n          Resource: arn:aws:s3:::reports-bucket/*`) }],
    },
    {
      name: "narrowing per resource: Action '*' on '*' moves the call to the bucket the environment names (!Ref), no logs on '*' (the framework grants them)",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: '*'\n          Resource: '*'\n        - Effect: Allow\n          Action: sqs:SendMessage\n          Resource: arn:aws:sqs:eu-west-1:123456789012:q`, `    environment:\n      BUCKET: !Ref Reports\n`, `resources:\n  Resources:\n    Reports:\n      Type: AWS::S3::Bucket\n`),
      files: { 'src/create.ts': s3GetFromEnv },
      errors: [{ text: "'*'" }, { text: 'sqs:SendMessage' }],
      fixes: [
        {
          title: 'Narrow to what the code uses (s3:GetObject)',
          output: sls(`        - Effect: Allow\n          Action: s3:GetObject\n          Resource: !Sub '\${Reports.Arn}/*'\n        - Effect: Allow\n          Action: sqs:SendMessage\n          Resource: arn:aws:sqs:eu-west-1:123456789012:q`, `    environment:\n      BUCKET: !Ref Reports\n`, `resources:\n  Resources:\n    Reports:\n      Type: AWS::S3::Bucket\n`),
        },
      ],
    },
    {
      name: "narrowing per resource: sns:* on '*' (not reported by iam-wildcard-resource) is not narrowed to sns:Publish on '*': placeholder for the topic",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: 'sns:*'\n          Resource: '*'`),
      files: { 'src/create.ts': snsPublish },
      errors: [{ text: "'sns:*'" }],
      fixes: [{ title: 'Narrow to what the code uses (sns:Publish) — replace REPLACE_WITH_SNS_ARN with the ARN the handler uses' }],
    },
    {
      name: "narrowing per resource: a resource the code names but the config cannot resolve gets a placeholder (not preferred, marked)",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: '*'\n          Resource: arn:aws:s3:::reports-bucket/*`),
      files: { 'src/create.ts': s3AndSqs },
      errors: [{ text: "'*'" }],
      fixes: [{ title: /replace REPLACE_WITH_SQS_ARN with the ARN the handler uses/ }],
    },
    {
      name: 'narrowing per resource: a queue URL the code names literally becomes its ARN (region and account from the URL)',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: '*'\n          Resource: arn:aws:s3:::reports-bucket/*`),
      files: { 'src/create.ts': s3AndSqsLiteral },
      errors: [{ text: "'*'" }],
      fixes: [
        {
          title: 'Narrow to what the code uses (s3:GetObject, sqs:SendMessage, per resource)',
          output: sls(
            `        - Effect: Allow\n          Action: s3:GetObject\n          Resource: arn:aws:s3:::reports-bucket/*\n        - Effect: Allow\n          Action:\n            - sqs:SendMessage\n          Resource: !Sub 'arn:\${AWS::Partition}:sqs:eu-west-1:123456789012:elsewhere'`,
          ),
        },
      ],
    },
    {
      name: 'an exact action nobody calls (write → warning); narrowing keeps the block list',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action:\n            - dynamodb:GetItem\n            - dynamodb:PutItem\n            - dynamodb:DeleteItem\n          Resource: ${TABLE}\n        - Effect: Allow\n          Action: s3:GetObject\n          Resource: arn:aws:s3:::reports/*`),
      files,
      errors: [
        {
          text: 'dynamodb:DeleteItem',
          severity: 'warning',
          message: 'dynamodb:DeleteItem is granted, but the handler of function create (src/create.ts) never calls it. Remove it: every unused action is one more thing a compromised function can do.',
        },
      ],
      fixes: [
        {
          title: 'Narrow to what the code uses (dynamodb:GetItem, dynamodb:PutItem)',
          output: sls(`        - Effect: Allow\n          Action:\n            - dynamodb:GetItem\n            - dynamodb:PutItem\n          Resource: ${TABLE}\n        - Effect: Allow\n          Action: s3:GetObject\n          Resource: arn:aws:s3:::reports/*`),
        },
      ],
    },
    {
      name: "Action '*': what the code calls is named apart from what the Lambda service itself uses",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: '*'\n          Resource: '*'`),
      files,
      errors: [{ text: "'*'", severity: 'warning', message: /calls only dynamodb:GetItem, dynamodb:PutItem and s3:GetObject, plus the 10 actions AWS uses with the role on the function's behalf \(KMS for encrypted services, CloudWatch Logs\)\. Narrow it to those actions\.$/ }],
    },
    {
      name: 'without FileSystemConfigs nothing mounts a file system: EFS client actions the code never calls are unused',
      file: 'template.yaml',
      code: samPy(`            - Effect: Allow\n              Action:\n                - dynamodb:Query\n              Resource: !GetAtt ReportsTable.Arn\n            - Effect: Allow\n              Action:\n                - elasticfilesystem:ClientMount\n                - elasticfilesystem:ClientWrite\n              Resource: !GetAtt FileSystem.Arn`),
      files: { 'app/report.py': pyHandler },
      errors: [{ text: 'elasticfilesystem:ClientMount\n                - elasticfilesystem:ClientWrite', message: /never calls/ }],
    },
    {
      name: 'a statement the code uses none of is removed',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:PutItem, s3:GetObject]\n          Resource: '*'\n        - Effect: Allow\n          Action:\n            - sns:Publish\n            - sqs:SendMessage\n          Resource: '*'`),
      files,
      // One finding for the statement, naming both entries (not one squiggle per action).
      errors: [{ text: 'sns:Publish\n            - sqs:SendMessage', severity: 'warning', messageId: 'statement', message: '2 entries of this statement grant 2 actions the handler of function create (src/create.ts) never calls: sns:Publish and sqs:SendMessage. Remove them' }],
      fixes: [
        {
          title: 'Remove the statement: the code uses none of its actions',
          output: sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:PutItem, s3:GetObject]\n          Resource: '*'`),
        },
      ],
    },
    {
      name: 'the only statement is unused: no fix (removing it would leave an empty list)',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: sns:Publish\n          Resource: '*'`),
      files,
      errors: [{ text: 'sns:Publish', message: 'never calls it' }],
    },
    {
      name: 'two functions share the role: an action one of them calls is used',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:PutItem, s3:GetObject, sqs:SendMessage, sqs:PurgeQueue]\n          Resource: '*'`, '', `  enqueue:\n    handler: src/enqueue.handler\n`),
      files: { ...files, 'src/enqueue.js': sqsHandler },
      errors: [{ text: 'sqs:PurgeQueue', message: 'none of the handlers of functions create and enqueue call it' }],
      fixes: [{ title: 'Narrow to what the code uses (4 actions' }],
    },
    {
      name: 'SAM + boto3 resource: Scan is unused, Query is used',
      file: 'template.yaml',
      code: samPy(`            - Effect: Allow\n              Action:\n                - dynamodb:Query\n                - dynamodb:Scan\n              Resource: !GetAtt ReportsTable.Arn`),
      files: { 'app/report.py': pyHandler },
      errors: [{ text: 'dynamodb:Scan', severity: 'info', message: 'the handler of function ReportFn (app/report.py) never calls it' }],
      fixes: [
        {
          title: 'Narrow to what the code uses (dynamodb:Query)',
          output: samPy(`            - Effect: Allow\n              Action:\n                - dynamodb:Query\n              Resource: !GetAtt ReportsTable.Arn`),
        },
      ],
    },
    {
      name: 'CloudFormation JSON: narrowed in place, JSON style kept',
      file: 'template.json',
      code: cfnJson(['sqs:SendMessage', 'sqs:PurgeQueue']),
      files: { 'index.js': sqsHandler },
      errors: [{ text: '"sqs:PurgeQueue"', severity: 'warning' }],
      fixes: [{ title: 'Narrow to what the code uses (sqs:SendMessage)', output: cfnJson(['sqs:SendMessage']) }],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Permissions AWS uses with the function's role (issue 10, class 1) and one finding per statement

/** SAM function `Fn` (src/app.handler) with `statements` (indented by 12), `events` (by 8) and more properties. */
const sam = (statements: string, events = '', props = '', resources = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
${props}      Policies:
        - Statement:
${statements}
${events ? `      Events:\n${events}` : ''}${resources}`;
const st = (actions: string[], resource = "'*'") => `            - Effect: Allow\n              Action:\n${actions.map((a) => `                - ${a}\n`).join('')}              Resource: ${resource}`;
const noCalls = { 'src/app.js': 'exports.handler = async (event) => event.Records.length;\n' };

const aclUpload = { 'src/app.js': `const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');\nconst s3 = new S3Client({});\nexports.handler = async (e) => s3.send(new PutObjectCommand({ Bucket: 'gifs', Key: e.k, Body: e.b, ACL: 'public-read' }));\n` };

const pySam = (statements: string) => sam(statements).replace('Runtime: nodejs20.x', 'Runtime: python3.12');
const secretWithTags = {
  'src/app.py': `import boto3, os\n\nsm = boto3.client("secretsmanager")\n\ndef handler(event, context):\n    sm.create_secret(Name="app/x", SecretString="s", Tags=[{"Key": "team", "Value": "a"}])\n    sm.rotate_secret(SecretId="app/x", RotationLambdaARN="arn:aws:lambda:eu-west-1:123456789012:function:rotator")\n`,
};
const crhelperPolling = ['events:PutRule', 'events:PutTargets', 'events:RemoveTargets', 'events:DeleteRule', 'lambda:AddPermission', 'lambda:RemovePermission'];
const crhelperApp = (poll: string) => `from crhelper import CfnResource\n\nhelper = CfnResource()\n\n@helper.create\ndef create(event, context):\n    return "id"\n\n${poll}\ndef handler(event, context):\n    helper(event, context)\n`;

run(rule, {
  valid: [
    {
      name: 'PutObject with ACL uses s3:PutObjectAcl (a parameter-dependent action): not unused',
      file: 'template.yaml',
      code: sam(st(['s3:PutObject', 's3:PutObjectAcl'], 'arn:aws:s3:::gifs/*')),
      files: aclUpload,
    },
    {
      name: 'CreateSecret with Tags uses secretsmanager:TagResource; RotateSecret with RotationLambdaARN invokes the rotation function (3mcloud/aws-auth0-custom-resource)',
      file: 'template.yaml',
      code: pySam(st(['secretsmanager:CreateSecret', 'secretsmanager:TagResource', 'secretsmanager:RotateSecret'], "'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/*'") + '\n' + st(['lambda:InvokeFunction'], "'arn:aws:lambda:eu-west-1:123456789012:function:rotator'")),
      files: secretWithTags,
    },
    {
      name: 'crhelper polling (a poll_create handler) schedules the function with EventBridge rules and Lambda permissions',
      file: 'template.yaml',
      code: pySam(st(crhelperPolling)),
      files: { 'src/app.py': crhelperApp('@helper.poll_create\ndef poll(event, context):\n    return True\n') },
    },
    {
      name: 'a Nest app: providers reached through dependency injection are not followed, so nothing is called unused',
      file: 'template.yaml',
      code: sam(st(['dynamodb:Scan', 'dynamodb:DeleteItem'], 'arn:aws:dynamodb:eu-west-1:123456789012:table/products')),
      files: {
        'src/app.js': `const { NestFactory } = require('@nestjs/core');\nconst { AppModule } = require('./app.module');\nexports.handler = async (e) => { const app = await NestFactory.create(AppModule); await app.init(); return app; };\n`,
        'src/app.module.js': `const { Module } = require('@nestjs/common');\nclass AppModule {}\nexports.AppModule = AppModule;\n`,
      },
    },
  ],
  invalid: [
    {
      name: 'CreateSecret without Tags: secretsmanager:TagResource is unused',
      file: 'template.yaml',
      code: pySam(st(['secretsmanager:CreateSecret', 'secretsmanager:TagResource'], "'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/*'")),
      files: { 'src/app.py': secretWithTags['src/app.py'].replace(', Tags=[{"Key": "team", "Value": "a"}]', '') },
      errors: [{ message: 'secretsmanager:TagResource' }],
    },
    {
      name: 'crhelper without polling makes no EventBridge or Lambda calls',
      file: 'template.yaml',
      code: pySam(st(crhelperPolling)),
      files: { 'src/app.py': crhelperApp('') },
      errors: [{ message: 'events:PutRule' }],
    },
    {
      name: 'PutObject with ACL under a broader grant: the narrowing keeps s3:PutObjectAcl',
      file: 'template.yaml',
      code: sam(st(['s3:PutObject', 's3:PutObjectAcl', 's3:DeleteObject'], 'arn:aws:s3:::gifs/*')),
      files: aclUpload,
      errors: [{ message: 's3:DeleteObject' }],
      fixes: [{ title: /s3:PutObject, s3:PutObjectAcl|s3:PutObject and s3:PutObjectAcl|Remove s3:DeleteObject/, output: sam(st(['s3:PutObject', 's3:PutObjectAcl'], 'arn:aws:s3:::gifs/*')) }],
    },
  ],
});

run(rule, {
  valid: [
    {
      name: 'Amazon MQ (RabbitMQ) event source: DescribeBroker, the broker secret and VPC interfaces are the poller’s',
      file: 'template.yaml',
      code: sam(st(['mq:DescribeBroker', 'secretsmanager:GetSecretValue', 'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DeleteNetworkInterface', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups']),
        `        Broker:\n          Type: MQ\n          Properties:\n            Broker: arn:aws:mq:eu-west-1:123456789012:broker:b:b-1\n            Queues: [q]\n            SourceAccessConfigurations:\n              - Type: BASIC_AUTH\n                URI: arn:aws:secretsmanager:eu-west-1:123456789012:secret:mq\n`),
      files: noCalls,
    },
    {
      name: 'DocumentDB change stream: rds:Describe*, the secret and kms:Decrypt are the poller’s',
      file: 'template.yaml',
      code: sam(st(['rds:DescribeDBClusters', 'rds:DescribeDBClusterParameters', 'rds:DescribeDBSubnetGroups', 'secretsmanager:GetSecretValue', 'kms:Decrypt']),
        `        Docs:\n          Type: DocumentDB\n          Properties:\n            Cluster: arn:aws:rds:eu-west-1:123456789012:cluster:docs\n            DatabaseName: db\n            SourceAccessConfigurations:\n              - Type: BASIC_AUTH\n                URI: arn:aws:secretsmanager:eu-west-1:123456789012:secret:docdb\n`),
      files: noCalls,
    },
    {
      name: 'MSK through an AWS::Lambda::EventSourceMapping resource: the kafka and kafka-cluster actions are the poller’s',
      file: 'template.yaml',
      code: sam(st(['kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers', 'kafka-cluster:Connect', 'kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup', 'kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData']), '', '',
        `  Cluster:\n    Type: AWS::MSK::ServerlessCluster\n    Properties:\n      ClusterName: c\n  Mapping:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties:\n      FunctionName: !Ref Fn\n      EventSourceArn: !Ref Cluster\n      Topics: [orders]\n`),
      files: noCalls,
    },
    {
      name: 'self-managed Kafka (serverless `kafka` event): the credentials secret is the poller’s',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: secretsmanager:GetSecretValue\n          Resource: arn:aws:secretsmanager:eu-west-1:123456789012:secret:kafka`, `    events:\n      - kafka:\n          topic: orders\n          bootstrapServers: [b-1:9092]\n          accessConfigurations:\n            saslScram512Auth: arn:aws:secretsmanager:eu-west-1:123456789012:secret:kafka\n`),
      files: { 'src/create.ts': 'export const handler = async (event: any) => event;\n' },
    },
    {
      name: 'a complete DynamoDB stream-polling set serves a mapping declared elsewhere',
      file: 'template.yaml',
      code: sam(st(['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:ListStreams'], 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/*')),
      files: noCalls,
    },
    {
      name: 'Rekognition reads the S3 object it is given with the caller’s credentials',
      file: 'template.yaml',
      code: sam(st(['rekognition:DetectLabels']) + '\n' + st(['s3:GetObject'], 'arn:aws:s3:::photos/*')),
      files: { 'src/app.js': `const { RekognitionClient, DetectLabelsCommand } = require('@aws-sdk/client-rekognition');\nconst rk = new RekognitionClient({});\nexports.handler = async (e) => rk.send(new DetectLabelsCommand({ Image: { S3Object: { Bucket: 'photos', Name: e.key } } }));\n` },
    },
    {
      name: 'Textract reads its document from S3 as the caller (boto3)',
      file: 'template.yaml',
      code: sam(st(['textract:AnalyzeDocument']) + '\n' + st(['s3:GetObject'], 'arn:aws:s3:::docs/*')).replace('Runtime: nodejs20.x', 'Runtime: python3.12'),
      files: { 'src/app.py': `import boto3\n\ntx = boto3.client("textract")\n\ndef handler(event, context):\n    return tx.analyze_document(Document={"S3Object": {"Bucket": "docs", "Name": event["key"]}}, FeatureTypes=["TABLES"])\n` },
    },
    {
      name: 'Rekognition SearchFacesByImage reads the S3 object it is given with the caller’s credentials',
      file: 'template.yaml',
      code: sam(st(['rekognition:SearchFacesByImage']) + '\n' + st(['s3:GetObject'], 'arn:aws:s3:::photos/*')),
      files: { 'src/app.js': `const AWS = require('aws-sdk');\nconst rk = new AWS.Rekognition();\nexports.handler = async (e) => rk.searchFacesByImage({ CollectionId: 'riders', Image: { S3Object: { Bucket: 'photos', Name: e.key } } }).promise();\n` },
    },
    {
      name: 'RDS IAM authentication: the token from generate_db_auth_token is checked against rds-db:connect when the code connects',
      file: 'template.yaml',
      code: sam(st(['rds-db:connect'], '!Sub arn:aws:rds-db:${AWS::Region}:${AWS::AccountId}:dbuser:${ProxyId}/*')).replace('Runtime: nodejs20.x', 'Runtime: python3.12'),
      files: { 'src/app.py': `import boto3, os, pymysql\n\nrds = boto3.client("rds")\n\ndef handler(event, context):\n    token = rds.generate_db_auth_token(DBHostname=os.environ["HOST"], Port=3306, DBUsername="app", Region="eu-west-1")\n    return pymysql.connect(host=os.environ["HOST"], user="app", password=token)\n` },
    },
    {
      name: 'RDS IAM authentication with SDK v2: new AWS.RDS.Signer().getAuthToken() uses rds-db:connect',
      file: 'template.yaml',
      code: sam(st(['rds-db:connect'], 'arn:aws:rds-db:eu-west-1:123456789012:dbuser:prx-1/app')),
      files: { 'src/app.js': `const AWS = require('aws-sdk');\nconst mysql = require('mysql2/promise');\nexports.handler = async () => {\n  const signer = new AWS.RDS.Signer({ region: 'eu-west-1', hostname: process.env.HOST, port: 3306, username: 'app' });\n  const token = signer.getAuthToken({ username: 'app' });\n  return mysql.createConnection({ host: process.env.HOST, user: 'app', password: token });\n};\n` },
    },
    {
      name: 'Athena queries read the Glue catalogue and S3 and write results with the caller’s credentials',
      file: 'template.yaml',
      code: sam(st(['athena:StartQueryExecution', 'glue:GetTable', 'glue:GetDatabase', 'glue:GetPartitions']) + '\n' + st(['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:PutObject'], 'arn:aws:s3:::lake/*')),
      files: { 'src/app.js': `const { AthenaClient, StartQueryExecutionCommand } = require('@aws-sdk/client-athena');\nconst a = new AthenaClient({});\nexports.handler = async () => a.send(new StartQueryExecutionCommand({ QueryString: 'select 1', WorkGroup: 'primary' }));\n` },
    },
    {
      name: 'Bedrock RetrieveAndGenerate needs Retrieve and InvokeModel',
      file: 'template.yaml',
      code: sam(st(['bedrock:RetrieveAndGenerate', 'bedrock:Retrieve', 'bedrock:InvokeModel'])),
      files: { 'src/app.js': `const { BedrockAgentRuntimeClient, RetrieveAndGenerateCommand } = require('@aws-sdk/client-bedrock-agent-runtime');\nconst b = new BedrockAgentRuntimeClient({});\nexports.handler = async (e) => b.send(new RetrieveAndGenerateCommand({ input: { text: e.q } }));\n` },
    },
    {
      name: 'durable execution: context.invoke calls lambda:InvokeFunction with the role',
      file: 'template.yaml',
      code: sam(st(['lambda:InvokeFunction'], 'arn:aws:lambda:eu-west-1:123456789012:function:worker')),
      files: { 'src/app.js': `const { withDurableExecution } = require('@aws/durable-execution-sdk-js');\nexports.handler = withDurableExecution(async (event, context) => context.invoke('work', 'arn:aws:lambda:eu-west-1:123456789012:function:worker', event));\n` },
    },
    {
      name: 'the Parameters and Secrets extension (a layer) reads parameters with the role',
      file: 'template.yaml',
      code: sam(st(['ssm:GetParameter'], 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/*'), '', '      Layers:\n        - arn:aws:lambda:eu-west-1:133256977650:layer:AWS-Parameters-and-Secrets-Lambda-Extension:11\n'),
      files: { 'src/app.js': `exports.handler = async () => (await fetch('http://localhost:2773/systemsmanager/parameters/get?name=/app/x')).json();\n` },
    },
    {
      name: '@aws-sdk/lib-storage Upload: multipart upload, aborted on failure',
      file: 'template.yaml',
      code: sam(st(['s3:PutObject', 's3:AbortMultipartUpload'], 'arn:aws:s3:::out/*')),
      files: { 'src/app.js': `const { S3Client } = require('@aws-sdk/client-s3');\nconst { Upload } = require('@aws-sdk/lib-storage');\nexports.handler = async (e) => new Upload({ client: new S3Client({}), params: { Bucket: 'out', Key: 'k', Body: e.body } }).done();\n` },
    },
    {
      name: 'S3 Object Lambda: WriteGetObjectResponse needs s3-object-lambda:WriteGetObjectResponse',
      file: 'template.yaml',
      code: sam(st(['s3-object-lambda:WriteGetObjectResponse'])),
      files: { 'src/app.js': `const { S3Client, WriteGetObjectResponseCommand } = require('@aws-sdk/client-s3');\nconst s3 = new S3Client({});\nexports.handler = async (e) => s3.send(new WriteGetObjectResponseCommand({ RequestRoute: e.getObjectContext.outputRoute, RequestToken: e.getObjectContext.outputToken, Body: 'x' }));\n` },
    },
  ],
  invalid: [
    {
      name: 'an incomplete stream-polling set without a stream trigger is still unused',
      file: 'template.yaml',
      code: sam(st(['dynamodb:GetRecords'], 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/*')),
      files: noCalls,
      errors: [{ text: 'dynamodb:GetRecords', severity: 'info', messageId: 'unusedAction', message: 'never calls it' }],
    },
    {
      name: 'rds-db:connect for a handler that never generates an auth token (it signs in with a password): unused',
      file: 'template.yaml',
      code: sam(st(['rds-db:connect'], 'arn:aws:rds-db:eu-west-1:123456789012:dbuser:prx-1/app')).replace('Runtime: nodejs20.x', 'Runtime: python3.12'),
      files: { 'src/app.py': `import os, pymysql\n\ndef handler(event, context):\n    return pymysql.connect(host=os.environ["HOST"], user="app", password=os.environ["PASSWORD"])\n` },
      errors: [{ text: 'rds-db:connect', message: 'never calls it' }],
    },
    {
      name: 'Rekognition SearchFacesByImage implies s3:GetObject only: s3:PutObject stays unused',
      file: 'template.yaml',
      code: sam(st(['rekognition:SearchFacesByImage']) + '\n' + st(['s3:PutObject'], 'arn:aws:s3:::photos/*')),
      files: { 'src/app.js': `const AWS = require('aws-sdk');\nconst rk = new AWS.Rekognition();\nexports.handler = async (e) => rk.searchFacesByImage({ CollectionId: 'riders', Image: { S3Object: { Bucket: 'photos', Name: e.key } } }).promise();\n` },
      errors: [{ text: 's3:PutObject' }],
    },
    {
      name: 'an RDS control-plane call (describeDBInstances, SDK v2) is not an auth token: rds-db:connect stays unused',
      file: 'template.yaml',
      code: sam(st(['rds:DescribeDBInstances']) + '\n' + st(['rds-db:connect'], 'arn:aws:rds-db:eu-west-1:123456789012:dbuser:prx-1/app')),
      files: { 'src/app.js': `const AWS = require('aws-sdk');\nconst rds = new AWS.RDS();\nexports.handler = async () => rds.describeDBInstances({}).promise();\n` },
      errors: [{ text: 'rds-db:connect', message: 'never calls it' }],
    },
    {
      name: 'Rekognition granted without a call: no caller-credential use of S3 either',
      file: 'template.yaml',
      code: sam(st(['rekognition:DetectLabels', 's3:GetObject'])),
      files: noCalls,
      errors: [{ text: 'rekognition:DetectLabels\n                - s3:GetObject', message: '2 entries of this statement grant 2 actions' }],
    },
    {
      name: 'a 19-action statement nobody uses is one finding listing its entries, not 19',
      file: 'template.yaml',
      code: sam(st(['sqs:SendMessage', 'sqs:PurgeQueue', 'sqs:DeleteQueue', 'sqs:CreateQueue', 'sqs:TagQueue', 'sqs:UntagQueue', 'sqs:SetQueueAttributes', 'sns:Publish', 'sns:CreateTopic', 'sns:DeleteTopic', 'sns:Subscribe', 'sns:Unsubscribe', 'sns:TagResource', 's3:PutObject', 's3:DeleteObject', 's3:PutBucketPolicy', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem'])),
      files: noCalls,
      errors: [{ severity: 'warning', messageId: 'statement', message: /^19 entries of this statement grant 19 actions the handler of function Fn \(src\/app\.js\) never calls: sqs:SendMessage, sqs:PurgeQueue, .* and 13 more\. Remove them/ }],
    },
  ],
});

// A client of a service we cannot name in IAM terms makes the handler's needs unknown (not "calls nothing").
run(rule, {
  valid: [
    {
      name: 'boto3 client of an unmapped service: nothing judged unused',
      file: 'template.yaml',
      code: sam(st(['sqs:SendMessage'])).replace('Runtime: nodejs20.x', 'Runtime: python3.12'),
      files: { 'src/app.py': `import boto3\n\nc = boto3.client("brand-new-service")\n\ndef handler(event, context):\n    return c.send_it(QueueUrl="q")\n` },
    },
    {
      name: 'the QLDB driver runs PartiQL through qldb:SendCommand: its qldb:PartiQL* grants are not judged',
      file: 'template.yaml',
      code: sam(st(['qldb:SendCommand', 'qldb:PartiQLSelect', 'qldb:PartiQLUpdate'])),
      files: { 'src/app.js': `const { QldbDriver } = require('amazon-qldb-driver-nodejs');\nconst d = new QldbDriver('people');\nexports.handler = async (e) => d.executeLambda((t) => t.execute('UPDATE Person SET name = ?', e.name));\n` },
    },
    {
      name: 'a v3 client package of an unmapped service: nothing judged unused',
      file: 'template.yaml',
      code: sam(st(['sqs:SendMessage'])),
      files: { 'src/app.js': `const { BrandNewClient, SendItCommand } = require('@aws-sdk/client-brand-new-service');\nconst c = new BrandNewClient({});\nexports.handler = async () => c.send(new SendItCommand({}));\n` },
    },
  ],
  invalid: [
    {
      name: 'the same handler with a known service: the grant it does not use is reported',
      file: 'template.yaml',
      code: sam(st(['sqs:SendMessage'])).replace('Runtime: nodejs20.x', 'Runtime: python3.12'),
      files: { 'src/app.py': `import boto3\n\nc = boto3.client("sns")\n\ndef handler(event, context):\n    return c.publish(TopicArn="t", Message="m")\n` },
      errors: [{ text: 'sqs:SendMessage', messageId: 'unusedAction' }],
    },
  ],
});

run(rule, {
  valid: [],
  invalid: [
  ],
});

run(rule, {
  valid: [
    {
      name: 'API Gateway management calls authorise HTTP verbs (UpdateModel → apigateway:PATCH, CreateDeployment → POST)',
      file: 'template.yaml',
      code: sam(st(['apigateway:PATCH', 'apigateway:POST'], "!Sub 'arn:aws:apigateway:${AWS::Region}::/restapis/*'")),
      files: { 'src/app.js': `const { APIGatewayClient, UpdateModelCommand, CreateDeploymentCommand } = require('@aws-sdk/client-api-gateway');\nconst gw = new APIGatewayClient({});\nexports.handler = async (e) => { await gw.send(new UpdateModelCommand({ restApiId: e.id, modelName: 'm', patchOperations: [] })); await gw.send(new CreateDeploymentCommand({ restApiId: e.id, stageName: 'v1' })); };\n` },
    },
    {
      name: 'the Strands Agents SDK calls Bedrock for the handler: its Bedrock grants are not judged',
      file: 'template.yaml',
      code: sam(st(['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'])).replace('Runtime: nodejs20.x', 'Runtime: python3.12'),
      files: { 'src/app.py': `from strands import Agent\n\nagent = Agent()\n\ndef handler(event, context):\n    return str(agent(event["q"]))\n` },
    },
  ],
  invalid: [],
});

// ---------------------------------------------------------------------------------------------
// iam:PassRole is used by calls that hand a role ARN to a service (data/role-passing.ts)

const comprehendJob = `import boto3, os\n\nc = boto3.client("comprehend")\n\ndef handler(event, context):\n    return c.start_entities_detection_job(InputDataConfig={"S3Uri": "s3://in/"}, OutputDataConfig={"S3Uri": "s3://out/"}, DataAccessRoleArn=os.environ["ROLE"], LanguageCode="en")\n`;
const comprehendDetect = `import boto3\n\nc = boto3.client("comprehend")\n\ndef handler(event, context):\n    return c.detect_sentiment(Text=event["t"], LanguageCode="en")\n`;
const py = (x: string) => x.replace('Runtime: nodejs20.x', 'Runtime: python3.12');

it('every role-passing entry names a catalogue action and a source', () => {
  for (const e of ROLE_PASSING_CALLS) {
    assert.ok(lookupAction(e.action), `${e.action} is not in the IAM catalogue`);
    assert.ok(e.parameter && e.source.startsWith('https://'), `${e.action} needs a parameter and a source`);
  }
});

run(rule, {
  valid: [
    {
      name: 'Comprehend StartEntitiesDetectionJob passes DataAccessRoleArn: iam:PassRole is used',
      file: 'template.yaml',
      code: py(sam(st(['comprehend:StartEntitiesDetectionJob', 'iam:PassRole']))),
      files: { 'src/app.py': comprehendJob },
    },
    {
      name: 'MediaConvert CreateJob passes Role (JS v3): iam:PassRole is used',
      file: 'template.yaml',
      code: sam(st(['mediaconvert:CreateJob']) + '\n' + st(['iam:PassRole'], 'arn:aws:iam::123456789012:role/mc')),
      files: { 'src/app.js': `const { MediaConvertClient, CreateJobCommand } = require('@aws-sdk/client-mediaconvert');\nconst mc = new MediaConvertClient({});\nexports.handler = async (e) => mc.send(new CreateJobCommand({ Role: process.env.ROLE, Settings: {} }));\n` },
    },
  ],
  invalid: [
    {
      name: 'Comprehend DetectSentiment passes no role: iam:PassRole is unused',
      file: 'template.yaml',
      code: py(sam(st(['comprehend:DetectSentiment', 'iam:PassRole']))),
      files: { 'src/app.py': comprehendDetect },
      errors: [{ text: 'iam:PassRole' }],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// An unused read that returns what a used action already returns (data/read-equivalents.ts).

const batchGet = { 'src/app.js': `const { DynamoDBClient, BatchGetItemCommand } = require('@aws-sdk/client-dynamodb');\nconst ddb = new DynamoDBClient({});\nexports.handler = async (e) => ddb.send(new BatchGetItemCommand({ RequestItems: { [process.env.T]: { Keys: [] } } }));\n` };
const scanTable = { 'src/app.js': `const { DynamoDBClient, ScanCommand } = require('@aws-sdk/client-dynamodb');\nconst ddb = new DynamoDBClient({});\nexports.handler = async () => ddb.send(new ScanCommand({ TableName: process.env.T }));\n` };
const queryTable = { 'src/app.js': `const { DynamoDBClient, QueryCommand } = require('@aws-sdk/client-dynamodb');\nconst ddb = new DynamoDBClient({});\nexports.handler = async (e) => ddb.send(new QueryCommand({ TableName: process.env.T, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: e.id } } }));\n` };
const getItemOnly = { 'src/app.js': `const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');\nconst ddb = new DynamoDBClient({});\nexports.handler = async (e) => ddb.send(new GetItemCommand({ TableName: process.env.T, Key: { pk: { S: e.id } } }));\n` };
const getObject = { 'src/app.js': `const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');\nconst s3 = new S3Client({});\nexports.handler = async (e) => s3.send(new GetObjectCommand({ Bucket: 'reports', Key: e.k }));\n` };
const emptyBucket = (listing: string) => ({
  'src/app.py': `import boto3\n\ns3 = boto3.client("s3")\n\n\ndef handler(event, context):\n    bucket = event["ResourceProperties"]["Bucket"]\n    pages = s3.get_paginator("${listing}").paginate(Bucket=bucket)\n    objects = [{"Key": v["Key"], "VersionId": v["VersionId"]} for page in pages for v in page["Versions"]]\n    s3.delete_objects(Bucket=bucket, Delete={"Objects": objects})\n`,
});
const samPython = (statements: string) => sam(statements).replace('Runtime: nodejs20.x', 'Runtime: python3.12');
const putObject = { 'src/app.js': `const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');\nconst s3 = new S3Client({});\nexports.handler = async (e) => s3.send(new PutObjectCommand({ Bucket: 'reports', Key: e.k, Body: 'x' }));\n` };

it('every read-equivalent pair names catalogue reads and a source', () => {
  for (const e of READ_EQUIVALENT_PAIRS) {
    for (const a of e.actions) assert.equal(lookupAction(a)?.accessLevel, 'Read', a);
    assert.ok(e.source.startsWith('https://'));
  }
});

it('every covered read and its wider read are catalogue reads of one service, with a source', () => {
  for (const e of READ_SUBSETS) {
    for (const a of [e.action, e.coveredBy]) assert.equal(lookupAction(a)?.accessLevel, 'Read', a);
    assert.equal(e.action.split(':')[0], e.coveredBy.split(':')[0]);
    assert.notEqual(e.action, e.coveredBy);
    assert.ok(e.source.startsWith('https://'));
  }
});

run(rule, {
  valid: [
    {
      name: 'dynamodb:GetItem unused next to a used BatchGetItem: the same items, not reported',
      file: 'template.yaml',
      code: sam(st(['dynamodb:GetItem', 'dynamodb:BatchGetItem'], '!GetAtt Table.Arn'), '', '', '  Table:\n    Type: AWS::DynamoDB::Table\n'),
      files: batchGet,
    },
    {
      name: 'dynamodb:GetItem unused next to a used Scan of the same table: Scan returns every item, not reported',
      file: 'template.yaml',
      code: sam(st(['dynamodb:Scan', 'dynamodb:GetItem'], '!GetAtt Table.Arn'), '', '', '  Table:\n    Type: AWS::DynamoDB::Table\n'),
      files: scanTable,
    },
    {
      name: 'dynamodb:GetItem and BatchGetItem unused next to a used Query of the same table: any item by its key, not reported',
      file: 'template.yaml',
      code: sam(st(['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:BatchGetItem'], '!GetAtt Table.Arn'), '', '', '  Table:\n    Type: AWS::DynamoDB::Table\n'),
      files: queryTable,
    },
    {
      name: 's3:ListBucket on the bucket whose objects the code reads: it turns a missing key into 404 instead of 403, counted as used',
      file: 'template.yaml',
      code: sam(`${st(['s3:GetObject'], 'arn:aws:s3:::reports/*')}\n${st(['s3:ListBucket'], 'arn:aws:s3:::reports')}`),
      files: getObject,
    },
    {
      name: 's3:DeleteObjectVersion when the code lists object versions and deletes objects: it deletes the versions it listed, used',
      file: 'template.yaml',
      code: samPython(st(['s3:ListBucketVersions', 's3:DeleteObject', 's3:DeleteObjectVersion'], 'arn:aws:s3:::reports*')),
      files: emptyBucket('list_object_versions'),
    },
  ],
  invalid: [
    {
      name: 's3:DeleteObjectVersion when the code lists only current objects (list_objects_v2): no version id to delete, reported',
      file: 'template.yaml',
      code: samPython(st(['s3:ListBucket', 's3:DeleteObject', 's3:DeleteObjectVersion'], 'arn:aws:s3:::reports*')),
      files: emptyBucket('list_objects_v2'),
      errors: [{ text: 's3:DeleteObjectVersion', severity: 'warning' }],
    },
    {
      name: 's3:ListBucket when the code only writes objects (no GetObject whose answer it shapes): reported, info',
      file: 'template.yaml',
      code: sam(`${st(['s3:PutObject'], 'arn:aws:s3:::reports/*')}\n${st(['s3:ListBucket'], 'arn:aws:s3:::reports')}`),
      files: putObject,
      errors: [{ text: 's3:ListBucket', severity: 'info' }],
    },
    {
      name: 'dynamodb:Scan unused next to a used GetItem: the whole table is more than one item, reported (info)',
      file: 'template.yaml',
      code: sam(st(['dynamodb:GetItem', 'dynamodb:Scan'], '!GetAtt Table.Arn'), '', '', '  Table:\n    Type: AWS::DynamoDB::Table\n'),
      files: getItemOnly,
      errors: [{ text: 'dynamodb:Scan', severity: 'info' }],
    },
    {
      name: 'dynamodb:GetItem unused next to a used Scan in another statement (other resources): reported',
      file: 'template.yaml',
      code: sam(`${st(['dynamodb:Scan'], '!GetAtt Table.Arn')}\n${st(['dynamodb:GetItem'], "!Sub '${Table.Arn}/index/*'")}`, '', '', '  Table:\n    Type: AWS::DynamoDB::Table\n'),
      files: scanTable,
      errors: [{ text: 'dynamodb:GetItem', severity: 'info' }],
    },
    {
      name: 's3:GetObject unused next to a used s3:PutObject: a new capability (reading), info',
      file: 'template.yaml',
      code: sam(st(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::reports/*')),
      files: putObject,
      errors: [{ text: 's3:GetObject', severity: 'info' }],
    },
    {
      name: 'dynamodb:GetItem unused next to a used BatchGetItem, plus an unused Scan: reported (Scan reads more)',
      file: 'template.yaml',
      code: sam(st(['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:BatchGetItem'], '!GetAtt Table.Arn'), '', '', '  Table:\n    Type: AWS::DynamoDB::Table\n'),
      files: batchGet,
      errors: [{ severity: 'info', messageId: 'statement' }],
    },
    {
      name: 'an unused write next to a used action on the same bucket: a warning',
      file: 'template.yaml',
      code: sam(st(['s3:DeleteObject', 's3:PutObject'], 'arn:aws:s3:::reports/*')),
      files: putObject,
      errors: [{ text: 's3:DeleteObject', severity: 'warning' }],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// SAM policy templates judged by what they grant (iam/data/sam-policy-templates.ts)

/** SAM function `Fn` (src/app.handler) with `policies` (indented by 8) and a table. */
const samT = (policies: string, fnExtra = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Table:
    Type: AWS::DynamoDB::Table
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
${fnExtra}      Policies:
${policies}
`;
const ddbCall = (cmd: string) => ({ 'src/app.js': `const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');\nconst { DynamoDBDocumentClient, ${cmd}Command } = require('@aws-sdk/lib-dynamodb');\nconst doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nexports.handler = async (e) => doc.send(new ${cmd}Command({ TableName: process.env.T, Key: { id: e.id } }));\n` });
const crud = '        - DynamoDBCrudPolicy:\n            TableName: !Ref Table';

run(rule, {
  valid: [
    {
      name: 'DynamoDBReadPolicy on a function that only queries: the unused reads are how the template is cut',
      file: 'template.yaml',
      code: samT('        - DynamoDBReadPolicy:\n            TableName: !Ref Table'),
      files: ddbCall('Query'),
    },
    {
      name: 'DynamoDBCrudPolicy on a function that reads and writes several ways: it uses a fair share',
      file: 'template.yaml',
      code: samT(crud),
      files: { 'src/app.js': `const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');\nconst { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand, DeleteCommand } = require('@aws-sdk/lib-dynamodb');\nconst doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nexports.handler = async (e) => { await doc.send(new GetCommand({ TableName: 't', Key: {} })); await doc.send(new PutCommand({ TableName: 't', Item: {} })); await doc.send(new UpdateCommand({ TableName: 't', Key: {} })); await doc.send(new DeleteCommand({ TableName: 't', Key: {} })); };\n` },
    },
    {
      name: 'SQSPollerPolicy on a function with an SQS trigger: the poller uses it',
      file: 'template.yaml',
      code: samT('        - SQSPollerPolicy:\n            QueueName: q', '      Events:\n        Q:\n          Type: SQS\n          Properties:\n            Queue: arn:aws:sqs:eu-west-1:123456789012:q\n'),
      files: noCalls,
    },
    {
      name: 'a handler we cannot read fully: the template is not judged',
      file: 'template.yaml',
      code: samT(crud),
      files: { 'src/app.js': `const AWS = require('aws-sdk');\nconst doc = new AWS.DynamoDB.DocumentClient();\nexports.handler = (e) => doc[e.op]({ TableName: 't' }).promise();\n` },
    },
    {
      name: 'a template SAM does not define: not judged here',
      file: 'template.yaml',
      code: samT('        - MyOwnPolicy:\n            TableName: !Ref Table'),
      files: ddbCall('Query'),
    },
  ],
  invalid: [
    {
      name: 'DynamoDBCrudPolicy on a function that only queries → DynamoDBReadPolicy, same TableName',
      file: 'template.yaml',
      code: samT(crud),
      files: ddbCall('Query'),
      errors: [{ text: 'DynamoDBCrudPolicy', severity: 'warning', messageId: 'templateNarrower', message: 'calls only dynamodb:Query. Use DynamoDBReadPolicy with the same TableName' }],
      fixes: [{ title: 'Use DynamoDBReadPolicy (same TableName)', output: samT('        - DynamoDBReadPolicy:\n            TableName: !Ref Table') }],
    },
    {
      name: "the SDK wrapped whole by X-Ray (AWSXRay.captureAWS(require('aws-sdk'))): its DocumentClient's scan is read, so CRUD narrows to DynamoDBReadPolicy (not 'never calls any')",
      file: 'template.yaml',
      code: samT(crud),
      files: { 'src/app.js': `const AWSXRay = require('aws-xray-sdk-core');\nconst AWS = AWSXRay.captureAWS(require('aws-sdk'));\nconst doc = new AWS.DynamoDB.DocumentClient();\nexports.handler = async () => (await doc.scan({ TableName: process.env.T }).promise()).Items;\n` },
      errors: [{ text: 'DynamoDBCrudPolicy', severity: 'warning', messageId: 'templateNarrower', message: 'calls only dynamodb:Scan. Use DynamoDBReadPolicy' }],
      fixes: [{ title: 'Use DynamoDBReadPolicy (same TableName)', output: samT('        - DynamoDBReadPolicy:\n            TableName: !Ref Table') }],
    },
    {
      name: 'DynamoDBCrudPolicy on a function that only writes items → DynamoDBWritePolicy',
      file: 'template.yaml',
      code: samT(crud),
      files: ddbCall('Put'),
      errors: [{ text: 'DynamoDBCrudPolicy', messageId: 'templateNarrower', message: 'Use DynamoDBWritePolicy' }],
      fixes: [{ title: 'Use DynamoDBWritePolicy', output: samT('        - DynamoDBWritePolicy:\n            TableName: !Ref Table') }],
    },
    {
      name: 'DynamoDBCrudPolicy on a function that only deletes: no narrower template, so an inline statement on the same table',
      file: 'template.yaml',
      code: samT(crud),
      files: ddbCall('Delete'),
      errors: [{ text: 'DynamoDBCrudPolicy', severity: 'warning', messageId: 'templateBroad', message: 'calls only dynamodb:DeleteItem' }],
      fixes: [
        {
          title: 'Replace DynamoDBCrudPolicy with a statement granting dynamodb:DeleteItem',
          output: samT(
            "        - Statement:\n            - Effect: Allow\n              Action:\n                - dynamodb:DeleteItem\n              Resource:\n                - !Sub 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}'\n                - !Sub 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}/index/*'",
          ),
        },
      ],
    },
    {
      name: 'S3CrudPolicy on a function that only reads objects → S3ReadPolicy',
      file: 'template.yaml',
      code: samT('        - S3CrudPolicy:\n            BucketName: reports'),
      files: { 'src/app.js': `const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');\nexports.handler = async () => new S3Client({}).send(new GetObjectCommand({ Bucket: 'reports', Key: 'k' }));\n` },
      errors: [{ text: 'S3CrudPolicy', messageId: 'templateNarrower', message: 'Use S3ReadPolicy with the same BucketName' }],
      fixes: [{ title: 'Use S3ReadPolicy', output: samT('        - S3ReadPolicy:\n            BucketName: reports') }],
    },
    {
      name: 'S3FullAccessPolicy on a function that gets and puts objects: not "use S3CrudPolicy" (which this rule reports again, 9 actions for 2 calls), but the statement of the two',
      file: 'template.yaml',
      code: samT('        - S3FullAccessPolicy:\n            BucketName: reports'),
      files: {
        'src/app.js': `const { S3Client, GetObjectCommand, PutObjectCommand } = require('@aws-sdk/client-s3');\nconst s3 = new S3Client({});\nexports.handler = async () => { const o = await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: 'k' })); await s3.send(new PutObjectCommand({ Bucket: 'reports', Key: 't', Body: o.Body })); };\n`,
      },
      errors: [{ text: 'S3FullAccessPolicy', messageId: 'templateBroad', message: 'calls only s3:GetObject and s3:PutObject' }],
      fixes: [
        {
          title: 'Replace S3FullAccessPolicy with a statement granting s3:GetObject, s3:PutObject',
          output: samT(
            "        - Statement:\n            - Effect: Allow\n              Action:\n                - s3:GetObject\n                - s3:PutObject\n              Resource: !Sub 'arn:${AWS::Partition}:s3:::reports/*'",
          ),
        },
      ],
    },
    {
      name: 'a template none of whose actions the handler calls, the only item of Policies: the Policies key goes (SAM still gives the role AWSLambdaBasicExecutionRole)',
      file: 'template.yaml',
      code: samT('        - SNSPublishMessagePolicy:\n            TopicName: alerts'),
      files: ddbCall('Query'),
      errors: [{ text: 'SNSPublishMessagePolicy', severity: 'warning', messageId: 'templateUnused', message: 'grants only sns:Publish, but the handler of function Fn (src/app.js) never calls it' }],
      fixes: [{ title: 'Remove SNSPublishMessagePolicy: the code uses none of its actions', output: samT('        - SNSPublishMessagePolicy:\n            TopicName: alerts').replace('      Policies:\n        - SNSPublishMessagePolicy:\n            TopicName: alerts\n', '') }],
    },
    {
      name: 'an unused template next to a used one: only its item goes',
      file: 'template.yaml',
      code: samT(`${crud.replace('Crud', 'Read')}\n        - SNSPublishMessagePolicy:\n            TopicName: alerts`),
      files: ddbCall('Query'),
      errors: [{ text: 'SNSPublishMessagePolicy', severity: 'warning', messageId: 'templateUnused' }],
      fixes: [{ title: 'Remove SNSPublishMessagePolicy', output: samT(crud.replace('Crud', 'Read')) }],
    },
    {
      name: 'an unused template written as the Policies map itself (no list): the Policies key goes',
      file: 'template.yaml',
      code: samT('        SNSPublishMessagePolicy:\n          TopicName: alerts'),
      files: ddbCall('Query'),
      errors: [{ text: 'SNSPublishMessagePolicy', severity: 'warning', messageId: 'templateUnused' }],
      fixes: [{ title: 'Remove SNSPublishMessagePolicy', output: samT('        SNSPublishMessagePolicy:\n          TopicName: alerts').replace('      Policies:\n        SNSPublishMessagePolicy:\n          TopicName: alerts\n', '') }],
    },
    {
      name: 'the table name imported from another stack: the inline statement keeps the import as a !Sub variable',
      file: 'template.yaml',
      code: samT('        - DynamoDBCrudPolicy:\n            TableName: !ImportValue shared-orders-table'),
      files: ddbCall('Delete'),
      errors: [{ text: 'DynamoDBCrudPolicy', messageId: 'templateBroad' }],
      fixes: [
        {
          title: 'Replace DynamoDBCrudPolicy with a statement granting dynamodb:DeleteItem',
          output: samT(
            "        - Statement:\n            - Effect: Allow\n              Action:\n                - dynamodb:DeleteItem\n              Resource:\n                - !Sub ['arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}', {TableName: !ImportValue 'shared-orders-table'}]\n                - !Sub ['arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}/index/*', {TableName: !ImportValue 'shared-orders-table'}]",
          ),
        },
      ],
    },
    {
      name: 'the table name from !GetAtt and a bucket name from a !Sub: both written into the statement\'s !Sub',
      file: 'template.yaml',
      code: samT("        - SNSCrudPolicy:\n            TopicName: !GetAtt Topic.TopicName\n        - S3CrudPolicy:\n            BucketName: !Sub '${AWS::StackName}-docs'", ''),
      files: {
        'src/app.js': `const { SNSClient, SubscribeCommand } = require('@aws-sdk/client-sns');\nconst { S3Client, DeleteObjectCommand } = require('@aws-sdk/client-s3');\nexports.handler = async (e) => { await new SNSClient({}).send(new SubscribeCommand({ TopicArn: process.env.TOPIC, Protocol: 'email', Endpoint: e.mail })); await new S3Client({}).send(new DeleteObjectCommand({ Bucket: process.env.BUCKET, Key: e.key })); };\n`,
      },
      errors: [
        { text: 'SNSCrudPolicy', messageId: 'templateBroad', message: 'calls only sns:Subscribe' },
        { text: 'S3CrudPolicy', messageId: 'templateBroad', message: 'calls only s3:DeleteObject' },
      ],
      fixes: [
        {
          finding: 0,
          title: 'Replace SNSCrudPolicy with a statement granting sns:Subscribe',
          output: samT(
            "        - Statement:\n            - Effect: Allow\n              Action:\n                - sns:Subscribe\n              Resource: !Sub 'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${Topic.TopicName}*'\n        - S3CrudPolicy:\n            BucketName: !Sub '${AWS::StackName}-docs'",
          ),
        },
        {
          finding: 1,
          title: 'Replace S3CrudPolicy with a statement granting s3:DeleteObject',
          output: samT(
            "        - SNSCrudPolicy:\n            TopicName: !GetAtt Topic.TopicName\n        - Statement:\n            - Effect: Allow\n              Action:\n                - s3:DeleteObject\n              Resource:\n                - !Sub 'arn:${AWS::Partition}:s3:::${AWS::StackName}-docs'\n                - !Sub 'arn:${AWS::Partition}:s3:::${AWS::StackName}-docs/*'",
          ),
        },
      ],
    },
    {
      name: 'an import of a computed export name (!ImportValue !Sub …): no inline statement (the name cannot be written into a !Sub variable safely)',
      file: 'template.yaml',
      code: samT("        - DynamoDBCrudPolicy:\n            TableName: !ImportValue\n              Fn::Sub: '${Env}-orders'"),
      files: ddbCall('Delete'),
      errors: [{ text: 'DynamoDBCrudPolicy', messageId: 'templateBroad' }],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Actions whose name differs from the SDK call, or that AWS uses with the role for the function
// (operation-actions.ts, role-passing.ts, implied-actions.ts).

const appConfigRead = { 'src/app.js': `const http = require('http');\nexports.handler = async () => new Promise((ok) => http.get('http://localhost:2772/applications/a/environments/e/configurations/c', (r) => ok(r.statusCode)));\n` };
const appConfigSam = (layer: string) =>
  `Parameters:\n  AppConfigLayer:\n    Type: String\n    Default: arn:aws:lambda:us-east-1:027255383542:layer:AWS-AppConfig-Extension:61\n` +
  sam(st(['appconfig:StartConfigurationSession', 'appconfig:GetLatestConfiguration'], "!Sub 'arn:aws:appconfig:${AWS::Region}:${AWS::AccountId}:application/*'"), '', layer);
const mskRole = (managed: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  ConsumerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/${managed}
      Policies:
        - PolicyName: SecretAccess
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: secretsmanager:GetSecretValue
                Resource: arn:aws:secretsmanager:eu-west-1:123456789012:secret:AmazonMSK_client
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
      Role: !GetAtt ConsumerRole.Arn
`;
const bedrockInvoke = { 'src/app.js': `const { BedrockRuntimeClient, InvokeModelCommand } = require('@aws-sdk/client-bedrock-runtime');\nconst b = new BedrockRuntimeClient({});\nexports.handler = async (e) => b.send(new InvokeModelCommand({ modelId: 'cohere.command-r-v1:0', body: e.body }));\n` };

run(rule, {
  valid: [
    {
      name: 'boto3 put_bucket_notification_configuration is s3:PutBucketNotification',
      file: 'template.yaml',
      code: py(sam(st(['s3:PutBucketNotification'], 'arn:aws:s3:::uploads'))),
      files: { 'src/app.py': `import boto3\n\ns3 = boto3.client("s3")\n\ndef handler(event, context):\n    s3.put_bucket_notification_configuration(Bucket="uploads", NotificationConfiguration={})\n` },
    },
    {
      name: 'JS v3 GetPublicAccessBlock is s3:GetBucketPublicAccessBlock',
      file: 'template.yaml',
      code: sam(st(['s3:GetBucketPublicAccessBlock'], 'arn:aws:s3:::uploads')),
      files: { 'src/app.js': `const { S3Client, GetPublicAccessBlockCommand } = require('@aws-sdk/client-s3');\nconst s3 = new S3Client({});\nexports.handler = async () => s3.send(new GetPublicAccessBlockCommand({ Bucket: 'uploads' }));\n` },
    },
    {
      name: 'IoT createRoleAlias with roleArn needs iam:PassRole on the role (SDK v2)',
      file: 'template.yaml',
      code: sam(st(['iot:CreateRoleAlias']) + '\n' + st(['iam:PassRole'], 'arn:aws:iam::123456789012:role/device')),
      files: { 'src/app.js': `const AWS = require('aws-sdk');\nconst iot = new AWS.Iot();\nexports.handler = async (e) => iot.createRoleAlias({ roleAlias: e.alias, roleArn: process.env.DEVICE_ROLE }).promise();\n` },
    },
    {
      name: 'the AppConfig extension layer (a parameter default) reads the configuration with the role',
      file: 'template.yaml',
      code: appConfigSam('      Layers:\n        - !Ref AppConfigLayer\n'),
      files: appConfigRead,
    },
    {
      name: 'a role with AWSLambdaMSKExecutionRole serves an MSK mapping declared elsewhere: the client-certificate secret is the poller’s',
      file: 'template.yaml',
      code: mskRole('AWSLambdaMSKExecutionRole'),
      files: noCalls,
    },
    {
      name: 'Bedrock InvokeModel subscribes to Marketplace models with the role',
      file: 'template.yaml',
      code: sam(st(['bedrock:InvokeModel', 'aws-marketplace:Subscribe', 'aws-marketplace:ViewSubscriptions'])),
      files: bedrockInvoke,
    },
    {
      name: 'a LangChain Bedrock model (@langchain/aws) invokes the model with the role: InvokeModel and the Marketplace subscription it makes on first invoke are used',
      file: 'template.yaml',
      code: sam(st(['bedrock:InvokeModel', 'aws-marketplace:Subscribe', 'aws-marketplace:ViewSubscriptions'])),
      files: { 'src/app.js': `const { ChatBedrockConverse } = require('@langchain/aws');\nconst m = new ChatBedrockConverse({ model: 'anthropic.claude-3-haiku-20240307-v1:0' });\nexports.handler = async (e) => m.invoke(e.body);\n` },
    },
  ],
  invalid: [
    {
      name: 'AppConfig grants without the extension layer or an AppConfig call are unused',
      file: 'template.yaml',
      code: appConfigSam(''),
      files: noCalls,
      errors: [{ message: 'appconfig:StartConfigurationSession' }],
    },
    {
      name: 'a role with only the basic execution policy: the secret read is unused',
      file: 'template.yaml',
      code: mskRole('AWSLambdaBasicExecutionRole'),
      files: noCalls,
      errors: [{ text: 'secretsmanager:GetSecretValue' }],
    },
    {
      name: 'a LangChain import that is no Bedrock model (langchain_core) does not use the Marketplace subscription',
      file: 'template.yaml',
      code: sam(st(['aws-marketplace:Subscribe', 'aws-marketplace:ViewSubscriptions'])),
      files: { 'src/app.js': `const { PromptTemplate } = require('@langchain/core/prompts');\nexports.handler = async (e) => PromptTemplate.fromTemplate(e.body);\n` },
      errors: [{ message: 'aws-marketplace:Subscribe' }],
    },
    {
      name: 'Marketplace subscriptions without a Bedrock invocation are unused',
      file: 'template.yaml',
      code: sam(st(['aws-marketplace:Subscribe', 'aws-marketplace:ViewSubscriptions'])),
      files: noCalls,
      errors: [{ message: 'aws-marketplace:Subscribe' }],
    },
  ],
});

// Operations that take a role ARN, from the service models (role-passing.generated.ts): a required
// role parameter passes a role; an optional one when the request sets it.
const ssmSend = (extra: string) => ({ 'src/app.py': `import boto3, os\n\nssm = boto3.client("ssm")\n\ndef handler(event, context):\n    return ssm.send_command(InstanceIds=[event["id"]], DocumentName="AWS-RunShellScript"${extra})\n` });

run(rule, {
  valid: [
    {
      name: 'ssm:CreateActivation (IamRole, required in the service model) passes a role: iam:PassRole is used',
      file: 'template.yaml',
      code: py(sam(st(['ssm:CreateActivation']) + '\n' + st(['iam:PassRole'], 'arn:aws:iam::123456789012:role/managed-instance'))),
      files: { 'src/app.py': `import boto3, os\n\nssm = boto3.client("ssm")\n\ndef handler(event, context):\n    return ssm.create_activation(IamRole=os.environ["INSTANCE_ROLE"])\n` },
    },
    {
      name: 'ssm:SendCommand with ServiceRoleArn (optional) set: iam:PassRole is used',
      file: 'template.yaml',
      code: py(sam(st(['ssm:SendCommand']) + '\n' + st(['iam:PassRole'], 'arn:aws:iam::123456789012:role/notify'))),
      files: ssmSend(', ServiceRoleArn=os.environ["NOTIFY_ROLE"], NotificationConfig={}'),
    },
  ],
  invalid: [
    {
      name: 'ssm:SendCommand without its optional ServiceRoleArn passes no role: iam:PassRole is unused',
      file: 'template.yaml',
      code: py(sam(st(['ssm:SendCommand']) + '\n' + st(['iam:PassRole'], 'arn:aws:iam::123456789012:role/notify'))),
      files: ssmSend(''),
      errors: [{ message: 'iam:PassRole' }],
    },
  ],
});

/**
 * One finding per cause: a statement whose action pattern iam-service-wildcard-action reports (at
 * this rule's severity or above) with this rule's narrowing of the statement as its fix is that
 * finding's; this rule says nothing there, and the wildcard's message tells what the code uses.
 * The same configurations, the same fixes.
 */
const folded: InvalidCase[] = [
    {
      name: 'narrowing per resource: an action the S3 ARN does not suit moves to a statement on its own resource',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: ['s3:*', 'sqs:*']\n          Resource: arn:aws:s3:::reports-bucket/*`, `    environment:\n      QUEUE: !GetAtt Jobs.QueueName\n`, `resources:\n  Resources:\n    Jobs:\n      Type: AWS::SQS::Queue\n`),
      files: { 'src/create.ts': s3AndSqs },
      errors: [{ text: "'s3:*'", severity: 'warning', message: 'Here the handler of function create (src/create.ts) uses only s3:GetObject of it, nor sqs:* beyond sqs:SendMessage of the same statement; the fix narrows the statement to what is used.' }, { text: "'sqs:*'", severity: 'warning' }],
      fixes: [
        {
          title: 'Narrow to what the code uses (s3:GetObject, sqs:SendMessage, per resource)',
          output: sls(`        - Effect: Allow\n          Action: [s3:GetObject]\n          Resource: arn:aws:s3:::reports-bucket/*\n        - Effect: Allow\n          Action:\n            - sqs:SendMessage\n          Resource: !GetAtt Jobs.Arn`, `    environment:\n      QUEUE: !GetAtt Jobs.QueueName\n`, `resources:\n  Resources:\n    Jobs:\n      Type: AWS::SQS::Queue\n`),
        },
      ],
    },
    {
      name: 'a partial wildcard of reads (info), narrowed to the one read the code does',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:PutItem]\n          Resource: ${TABLE}\n        - Effect: Allow\n          Action: s3:GetObject*\n          Resource: arn:aws:s3:::reports/*`),
      files,
      errors: [{ text: 's3:GetObject*', message: 'Here the handler of function create (src/create.ts) uses only s3:GetObject of it; the fix narrows the statement to what is used.' }],
      fixes: [
        {
          title: 'Narrow to what the code uses (s3:GetObject)',
          output: sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:PutItem]\n          Resource: ${TABLE}\n        - Effect: Allow\n          Action: s3:GetObject\n          Resource: arn:aws:s3:::reports/*`),
        },
      ],
    },
    {
      name: 'dynamodb:* narrowed to the calls, in flow style',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [dynamodb:*, s3:GetObject]\n          Resource: '*'`),
      files,
      errors: [{ text: 'dynamodb:*', severity: 'warning', message: 'uses only dynamodb:GetItem and dynamodb:PutItem of it' }],
      fixes: [
        {
          // The table and bucket the code names literally: scoped to their ARNs (any region: the client picks it).
          title: 'Narrow to what the code uses (dynamodb:GetItem, dynamodb:PutItem, s3:GetObject)',
          output: sls(
            `        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:PutItem]\n          Resource: !Sub 'arn:\${AWS::Partition}:dynamodb:*:\${AWS::AccountId}:table/orders'\n        - Effect: Allow\n          Action:\n            - s3:GetObject\n          Resource: !Sub 'arn:\${AWS::Partition}:s3:::reports/*'`,
          ),
        },
      ],
    },
    {
      name: 'a wildcard covering only what the Lambda service uses in a VPC: the code calls none of it',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:PutItem, s3:GetObject]\n          Resource: '*'\n        - Effect: Allow\n          Action: ec2:*\n          Resource: '*'`, `    vpc:\n      securityGroupIds: [sg-1]\n      subnetIds: [subnet-1]\n`),
      files,
      errors: [{ text: 'ec2:*', severity: 'warning', message: 'the fix narrows the statement to what is used' }],
      // The Serverless Framework attaches AWSLambdaVPCAccessExecutionRole itself when `vpc` is set:
      // the statement is not needed for the network interfaces either.
      fixes: [
        {
          title: 'Remove the statement',
          output: sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:PutItem, s3:GetObject]\n          Resource: '*'`, `    vpc:\n      securityGroupIds: [sg-1]\n      subnetIds: [subnet-1]\n`),
        },
      ],
    },
    {
      name: 'without a VPC, a wildcard of network-interface actions is not needed at all',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:PutItem, s3:GetObject]\n          Resource: '*'\n        - Effect: Allow\n          Action: ec2:*\n          Resource: '*'`),
      files,
      errors: [{ text: 'ec2:*', severity: 'warning', message: 'Here the handler of function create (src/create.ts) uses none of it;' }],
      fixes: [{ title: 'Remove the statement', output: sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:PutItem, s3:GetObject]\n          Resource: '*'`) }],
    },
    {
      name: 's3:* next to Rekognition: the S3 read is named as the service acting with the role, not as polling',
      file: 'template.yaml',
      code: sam(st(['rekognition:DetectLabels']) + '\n' + st(['s3:*'], 'arn:aws:s3:::photos/*')),
      files: { 'src/app.js': `const { RekognitionClient, DetectLabelsCommand } = require('@aws-sdk/client-rekognition');\nconst rk = new RekognitionClient({});\nexports.handler = async (e) => rk.send(new DetectLabelsCommand({ Image: { S3Object: { Bucket: 'photos', Name: e.key } } }));\n` },
      errors: [{ text: 's3:*', severity: 'warning', message: 'uses only s3:GetObject and s3:GetObjectVersion of it' }],
      fixes: [{ title: 'Narrow to what the code uses (s3:GetObject, s3:GetObjectVersion)' }],
    },
];

run(rule, { valid: folded.map(({ name, file, code, files }) => ({ name: `${name}: reported once, by iam-service-wildcard-action`, file, code, files })), invalid: [] });
run(wildcardRule, { valid: [], invalid: folded });

// CopyObject copies the source object's tags by default (data/operation-actions.ts `mayUse`).
const pyCopy = { 'src/app.py': `import boto3, os\n\ns3 = boto3.client("s3")\n\n\ndef handler(event, context):\n    s3.copy({"Bucket": event["bucket"], "Key": event["key"]}, os.environ["ARCHIVE"], event["key"])\n    s3.delete_object(Bucket=event["bucket"], Key=event["key"])\n` };
const jsCopy = { 'src/app.js': `const { S3Client, CopyObjectCommand } = require('@aws-sdk/client-s3');\nconst s3 = new S3Client({});\nexports.handler = async (e) => s3.send(new CopyObjectCommand({ CopySource: 'in/' + e.k, Bucket: 'archive', Key: e.k }));\n` };
const copyGrants = (extra: string[] = [], del = true) => `${st(['s3:GetObject', 's3:GetObjectTagging', ...(del ? ['s3:DeleteObject'] : [])], 'arn:aws:s3:::in/*')}\n${st(['s3:PutObject', 's3:PutObjectTagging', ...extra], 'arn:aws:s3:::archive/*')}`;

run(rule, {
  valid: [
    {
      name: 'boto3 copy(): s3:GetObjectTagging on the source and s3:PutObjectTagging on the destination copy the tags, used',
      file: 'template.yaml',
      code: samPython(copyGrants()),
      files: pyCopy,
    },
    {
      name: 'CopyObjectCommand: the tagging actions of a tag-preserving copy are used',
      file: 'template.yaml',
      code: sam(copyGrants([], false)),
      files: jsCopy,
    },
  ],
  invalid: [
    {
      name: 'copy(): tagging actions a copy does not use (DeleteObjectTagging) are still unused',
      file: 'template.yaml',
      code: samPython(copyGrants(['s3:DeleteObjectTagging'])),
      files: pyCopy,
      errors: [{ message: 's3:DeleteObjectTagging' }],
    },
    {
      name: 'GetObject only (no copy): s3:GetObjectTagging is unused',
      file: 'template.yaml',
      code: sam(st(['s3:GetObject', 's3:GetObjectTagging'], 'arn:aws:s3:::reports/*')),
      files: getObject,
      errors: [{ message: 's3:GetObjectTagging' }],
    },
  ],
});

// A boto3 Table handed to a class of a local module, whose methods write it (a lock table).
const lockApp = {
  'src/app.py': `import boto3, os\nfrom s3index import S3Lock, handle\n\n\ndef handler(event, context):\n    table = boto3.resource("dynamodb").Table(os.environ["LOCKS"])\n    return handle(event, S3Lock(event["key"], table))\n`,
  'src/s3index.py': `class S3Lock:\n    def __init__(self, key, locktable):\n        self._key = key\n        self._locktable = locktable\n\n    def lock(self):\n        self._locktable.put_item(Item={"k": self._key})\n\n    def unlock(self):\n        self._locktable.update_item(Key={"k": self._key})\n\n\ndef handle(event, lock):\n    lock.lock()\n    lock.unlock()\n`,
};
const lockSam = (actions: string[]) =>
  samPython(st(actions, '!GetAtt Locks.Arn')).replace('      Policies:', '      Environment:\n        Variables:\n          LOCKS: !Ref Locks\n      Policies:') + '  Locks:\n    Type: AWS::DynamoDB::Table\n';

run(rule, {
  valid: [
    {
      name: 'the lock table handed to a class of another module, which writes it: used',
      file: 'template.yaml',
      code: lockSam(['dynamodb:PutItem', 'dynamodb:UpdateItem']),
      files: lockApp,
    },
  ],
  invalid: [
    {
      name: 'the lock table handed to a class of another module: what its methods never call is unused',
      file: 'template.yaml',
      code: lockSam(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']),
      files: lockApp,
      errors: [{ message: 'dynamodb:DeleteItem' }],
    },
  ],
});

// A package the project ships as an archive its deploy step unpacks (1T/InventoryCalculator:
// `vendored/OneTicketLogging.zip`, a private logging package that assumes a cross-account role):
// its code cannot be read, so no action can be called unused.
const shippedLogging = `import boto3
from OneTicketLogging import elasticsearch_logger

_logger = elasticsearch_logger(__name__)
table = boto3.resource("dynamodb").Table("reports")

def handler(event, context):
    _logger.info(event)
    return table.query(KeyConditionExpression="pk = :p")
`;
const assumeLogging = `            - Effect: Allow\n              Action: dynamodb:Query\n              Resource: '*'\n            - Effect: Allow\n              Action: sts:AssumeRole\n              Resource: arn:aws:iam::123456789012:role/LoggingCrossAccount`;
run(rule, {
  valid: [
    {
      name: 'an imported package shipped as an archive in the project (vendored/Pkg.zip) may call AWS itself',
      file: 'template.yaml',
      code: samPy(assumeLogging),
      files: { 'app/report.py': shippedLogging, 'vendored/OneTicketLogging.zip': 'PK' },
    },
    {
      name: 'a wheel of the package in a folder of the code root',
      file: 'template.yaml',
      code: samPy(assumeLogging),
      files: { 'app/report.py': shippedLogging, 'app/wheels/OneTicketLogging-1.2.0-py3-none-any.whl': 'PK' },
    },
  ],
  invalid: [
    {
      name: 'the same import with no archive of it in the project is a library we take as not calling AWS',
      file: 'template.yaml',
      code: samPy(assumeLogging),
      files: { 'app/report.py': shippedLogging },
      errors: [{ line: 15, message: 'sts:AssumeRole' }],
    },
    {
      name: 'an archive of another package does not hide the handler',
      file: 'template.yaml',
      code: samPy(assumeLogging),
      files: { 'app/report.py': shippedLogging, 'vendored/requests.zip': 'PK' },
      errors: [{ line: 15, message: 'sts:AssumeRole' }],
    },
  ],
});

// Clients built by a shared factory module (`aws_clients.py`: `_get(service)` caching
// `boto3.client(service)` by name, wrappers `s3()`, `lambda_client()`…): the calls made through
// them are the handler's calls (seen judged wrong, with a removal fix, in a public SAM app).
const samFactory = (policies: string, codeUri = 'src/') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ${codeUri}
      Handler: handlers/app.handler
      Runtime: python3.12
      Policies:
${policies}
`;
const awsClients = `import boto3

_clients = {}


def _get(service):
    if service not in _clients:
        _clients[service] = boto3.client(service)
    return _clients[service]


def lambda_client():
    return _get("lambda")


def sns():
    return _get("sns")


def wafv2():
    return _get("wafv2")


def iam():
    return _get("iam")
`;
const factoryHandler = (extra = '') => `import os
from shared import aws_clients
from remediation import actions


def handler(event, context):
    aws_clients.lambda_client().invoke(FunctionName=os.environ["WORKER"], Payload=b"{}")
    actions.block(event["ip"])
${extra}`;
const remediation = `from shared import aws_clients


def block(ip):
    waf = aws_clients.wafv2()
    s = waf.get_ip_set(Name="blocked", Scope="REGIONAL", Id="1")
    waf.update_ip_set(Name="blocked", Scope="REGIONAL", Id="1", Addresses=[ip], LockToken=s["LockToken"])
    aws_clients.iam().update_access_key(UserName="u", AccessKeyId="a", Status="Inactive")
`;
const factoryFiles = (root = 'src', extra = '') => ({
  [`${root}/handlers/app.py`]: factoryHandler(extra),
  [`${root}/shared/__init__.py`]: '',
  [`${root}/shared/aws_clients.py`]: awsClients,
  [`${root}/remediation/__init__.py`]: '',
  [`${root}/remediation/actions.py`]: remediation,
});
const factoryPolicies = `        - LambdaInvokePolicy:
            FunctionName: worker
        - Statement:
            - Effect: Allow
              Action:
                - wafv2:GetIPSet
                - wafv2:UpdateIPSet
                - iam:UpdateAccessKey
              Resource: '*'`;
const snsPolicy = '        - SNSPublishMessagePolicy:\n            TopicName: alerts';

run(rule, {
  valid: [
    {
      name: 'clients from a shared factory module (a dict cache keyed by service name, wrappers per service) count as used, in the handler and in a module it imports',
      file: 'template.yaml',
      code: samFactory(factoryPolicies),
      files: factoryFiles(),
    },
    {
      name: 'the factory is also called with a service chosen at run time: the usage is incomplete, so no action is claimed unused (and no removal offered)',
      file: 'template.yaml',
      code: samFactory(`${factoryPolicies}\n${snsPolicy}`),
      files: factoryFiles('src', '    aws_clients._get(event["service"]).list_tags(Resource=event["arn"])\n'),
    },
    {
      name: 'the same when the run-time service only reaches the cache (the client is never called where it is made)',
      file: 'template.yaml',
      code: samFactory(`${factoryPolicies}\n${snsPolicy}`),
      files: factoryFiles('src', '    aws_clients._get(os.environ["EXTRA_SERVICE"])\n'),
    },
  ],
  invalid: [
    {
      name: 'a template none of whose actions the factory-made clients call is still reported, with its removal',
      file: 'template.yaml',
      code: samFactory(`${factoryPolicies}\n${snsPolicy}`),
      files: factoryFiles(),
      errors: [{ text: 'SNSPublishMessagePolicy', severity: 'warning', messageId: 'templateUnused' }],
      fixes: [{ title: 'Remove SNSPublishMessagePolicy', output: samFactory(factoryPolicies) }],
    },
    {
      name: 'an inline action the factory-made clients never call is reported, and narrowed away',
      file: 'template.yaml',
      code: samFactory(factoryPolicies.replace('                - iam:UpdateAccessKey', '                - iam:UpdateAccessKey\n                - iam:PutUserPolicy')),
      files: factoryFiles(),
      errors: [{ message: 'iam:PutUserPolicy' }],
      fixes: [{ title: /Narrow|Remove/, output: samFactory(factoryPolicies) }],
    },
  ],
});
