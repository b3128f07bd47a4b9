import rule from '../../rules/iam-shared-function-role';
import { before } from 'node:test';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { run, setCodeSupport } from '../helpers/rule-tester';

before(async () => {
  await initCodeParsers();
  setCodeSupport((e) => {
    e.codeSupport = new TreeSitterCodeSupport(e);
  });
});

// Handlers sharing one role: readers and writers of one table, and one that also sends e-mail.
const ddbRead = "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';\nconst ddb = new DynamoDBClient({});\nexport const handler = async () => ddb.send(new GetItemCommand({ TableName: process.env.TABLE, Key: {} }));\n";
const ddbWrite = "import { DynamoDBClient, PutItemCommand, DeleteItemCommand } from '@aws-sdk/client-dynamodb';\nconst ddb = new DynamoDBClient({});\nexport const handler = async () => {\n  await ddb.send(new PutItemCommand({ TableName: process.env.TABLE, Item: {} }));\n  await ddb.send(new DeleteItemCommand({ TableName: process.env.TABLE, Key: {} }));\n};\n";
const ddbAndSes = "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';\nimport { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';\nexport const handler = async () => {\n  await new DynamoDBClient({}).send(new GetItemCommand({ TableName: process.env.TABLE, Key: {} }));\n  await new SESClient({}).send(new SendEmailCommand({ Source: 'a@example.com', Destination: {}, Message: { Subject: { Data: 's' }, Body: {} } }));\n};\n";
const ordersSls = (b: string) => `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  environment: {TABLE: orders}
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [dynamodb:GetItem, dynamodb:PutItem, dynamodb:DeleteItem${b.includes('ses') ? ', ses:SendEmail' : ''}]
          Resource: arn:aws:dynamodb:eu-west-1:123456789012:table/orders
functions:
  get:
    handler: src/get.handler
  ${b}:
    handler: src/${b}.handler
`;

// Handlers of functions a, b, c (export h) that need different things: the evidence the rule reports on.
const readH = ddbRead.replace('export const handler', 'export const h');
const writeH = ddbWrite.replace('export const handler', 'export const h');
const sesH = ddbAndSes.replace('export const handler', 'export const h');
const pyRead = 'import os\nimport boto3\n\nddb = boto3.client("dynamodb")\n\n\ndef h(event, context):\n    return ddb.get_item(TableName=os.environ["TABLE"], Key={})\n';
const pyWrite = 'import os\nimport boto3\n\nddb = boto3.client("dynamodb")\n\n\ndef h(event, context):\n    ddb.put_item(TableName=os.environ["TABLE"], Item={})\n    ddb.delete_item(TableName=os.environ["TABLE"], Key={})\n';
const pyS3 = 'import boto3\n\ns3 = boto3.client("s3")\n\n\ndef h(event, context):\n    return s3.get_object(Bucket="b", Key="k")\n';

const STATEMENTS = `      statements:
        - Effect: Allow
          Action: dynamodb:PutItem
          Resource: arn:aws:dynamodb:eu-west-1:123456789012:table/orders`;

const cfnRole = (managed = '', policies = '') => `  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
${managed}${policies}`;

run(rule, {
  valid: [
    {
      name: 'one function',
      file: 'serverless.yml',
      code: `service: s\nprovider:\n  name: aws\n  iam:\n    role:\n${STATEMENTS}\nfunctions:\n  a:\n    handler: a.h\n`,
    },
    {
      name: 'several functions with different calls, shared role grants nothing beyond logs',
      file: 'serverless.yml',
      code: `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  a:\n    handler: a.h\n  b:\n    handler: b.h\n`,
      files: { 'a.ts': readH, 'b.ts': writeH },
    },
    {
      name: 'provider.iam.role.mode: perFunction',
      file: 'serverless.yml',
      code: `service: s\nprovider:\n  name: aws\n  iam:\n    role:\n      mode: perFunction\n${STATEMENTS}\nfunctions:\n  a:\n    handler: a.h\n  b:\n    handler: b.h\n`,
    },
    {
      name: 'every function has its own role (v4 iam.role and the plugin)',
      file: 'serverless.yml',
      code: `service: s
provider:
  name: aws
functions:
  a:
    handler: a.h
    iam:
      role:
${STATEMENTS.replace(/^/gm, '    ')}
  b:
    handler: b.h
    iamRoleStatements:
      - Effect: Allow
        Action: sqs:SendMessage
        Resource: arn:aws:sqs:eu-west-1:123456789012:q
`,
    },
    {
      name: 'SAM generates one role per function',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.h, Runtime: python3.12, Policies: [DynamoDBReadPolicy: {TableName: t}]}
  B:
    Type: AWS::Serverless::Function
    Properties: {Handler: b.h, Runtime: python3.12, Policies: [AWSLambdaBasicExecutionRole]}
`,
    },
    {
      name: "SAM functions with different calls on a shared role whose only statement writes logs on '*' (as AWSLambdaBasicExecutionRole does)",
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
${cfnRole('', '      Policies:\n        - PolicyName: logs\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: [logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents, logs:DescribeLogStreams]\n                Resource: \'*\'\n')}  A:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.h, Runtime: python3.12, Role: !GetAtt AppRole.Arn}
  B:
    Type: AWS::Serverless::Function
    Properties: {Handler: b.h, Runtime: python3.12, Role: !GetAtt AppRole.Arn}
`,
      files: { 'a.py': pyRead, 'b.py': pyS3 },
    },
    {
      name: 'SAM functions with different calls on a shared role with only the basic execution policy',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
${cfnRole('      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n')}  A:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.h, Runtime: python3.12, Role: !GetAtt AppRole.Arn}
  B:
    Type: AWS::Serverless::Function
    Properties: {Handler: b.h, Runtime: python3.12, Role: !GetAtt AppRole.Arn}
`,
      files: { 'a.py': pyRead, 'b.py': pyS3 },
    },
    {
      name: 'SAM: the same image run as several functions (one per browser) shares one role',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: p
          PolicyDocument: {Statement: [{Effect: Allow, Action: s3:PutObject, Resource: arn:aws:s3:::reports/*}]}
  Chrome:
    Type: AWS::Serverless::Function
    Properties: {PackageType: Image, ImageUri: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/ui-tests:1, Role: !GetAtt Role.Arn}
  Firefox:
    Type: AWS::Serverless::Function
    Properties: {PackageType: Image, ImageUri: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/ui-tests:1, Role: !GetAtt Role.Arn}
`,
    },
    {
      // aws-samples/aws-serverless-saas-workshop Lab7: two functions making the same queries share one role.
      name: 'analysed handlers alike: the same calls on the same table from two handler files',
      file: 'serverless.yml',
      code: ordersSls('put').replace('src/get.handler', 'src/upsert.handler'),
      files: { 'serverless.yml': ordersSls('put').replace('src/get.handler', 'src/upsert.handler'), 'src/upsert.ts': ddbWrite.replace('async () => {', 'async () => {\n  // the same writes as put'), 'src/put.ts': ddbWrite },
    },
    {
      name: 'a handler whose AWS calls cannot be resolved: what it needs is unknown, nothing shows the sharing grants more than it uses',
      file: 'serverless.yml',
      code: ordersSls('put'),
      files: { 'serverless.yml': ordersSls('put'), 'src/get.ts': ddbRead, 'src/put.ts': `import { archive } from 'table-archiver';\n${ddbWrite.replace('export const handler = async () => {', 'export const handler = async () => {\n  await archive(ddb);')}` },
    },
    {
      name: 'different images share a role: their code is not here, so what each needs is unknown',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: p
          PolicyDocument: {Statement: [{Effect: Allow, Action: s3:PutObject, Resource: arn:aws:s3:::reports/*}]}
  Chrome:
    Type: AWS::Serverless::Function
    Properties: {PackageType: Image, ImageUri: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/chrome:1, Role: !GetAtt Role.Arn}
  Firefox:
    Type: AWS::Serverless::Function
    Properties: {PackageType: Image, ImageUri: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/firefox:1, Role: !GetAtt Role.Arn}
`,
    },
    {
      name: 'CloudFormation JSON: two functions without code share a role with a managed policy: needs unknown, not reported',
      file: 'template.json',
      code: JSON.stringify(
        {
          AWSTemplateFormatVersion: '2010-09-09',
          Resources: {
            Shared: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [] }, ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess'] } },
            One: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['Shared', 'Arn'] } } },
            Two: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['Shared', 'Arn'] } } },
            Own: { Type: 'AWS::Lambda::Function', Properties: { Role: 'arn:aws:iam::123456789012:role/own' } },
          },
        },
        null,
        2,
      ),
    },
    {
      name: 'two exports of one module: reachable calls over-approximate there, so what each needs is unknown: not reported',
      file: 'serverless.yml',
      code: ordersSls('put').replace('src/get.handler', 'src/put.other'),
      files: { 'serverless.yml': ordersSls('put').replace('src/get.handler', 'src/put.other'), 'src/put.ts': `${ddbWrite}export const other = handler;\n` },
    },
  ],
  invalid: [
    {
      name: 'analysed handlers that call different services: one only reads a table, the other also sends e-mail',
      file: 'serverless.yml',
      code: ordersSls('notify_ses'),
      files: { 'serverless.yml': ordersSls('notify_ses'), 'src/get.ts': ddbRead, 'src/notify_ses.ts': ddbAndSes },
      errors: [{ message: 'while their code makes different calls (get: dynamodb orders, reads only; notify_ses: dynamodb orders and ses)' }],
    },
    {
      name: 'analysed handlers that both only read one table, with different reads: not the same calls',
      file: 'serverless.yml',
      code: ordersSls('list'),
      files: { 'serverless.yml': ordersSls('list'), 'src/get.ts': ddbRead, 'src/list.ts': ddbRead.replace(/GetItem/g, 'Query').replace(', Key: {}', '') },
      errors: [{ message: '(get: dynamodb orders, reads only; list: dynamodb orders, reads only)' }],
    },
    {
      // The rule's own example: the reader gets the writer's deletes.
      name: 'analysed handlers on one table: a read-only one shares with one that writes and deletes',
      file: 'serverless.yml',
      code: ordersSls('put'),
      files: { 'serverless.yml': ordersSls('put'), 'src/get.ts': ddbRead, 'src/put.ts': ddbWrite },
      errors: [{ message: '(get: dynamodb orders, reads only; put: dynamodb orders)' }],
    },
    {
      name: "CloudFormation shared role with logs:* (more than AWS's own grant): reported",
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
${cfnRole('', '      Policies:\n        - PolicyName: logs\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: logs:*\n                Resource: \'*\'\n')}  A:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.h, Runtime: python3.12, Role: !GetAtt AppRole.Arn}
  B:
    Type: AWS::Serverless::Function
    Properties: {Handler: b.h, Runtime: python3.12, Role: !GetAtt AppRole.Arn}
`,
      files: { 'a.py': pyRead, 'b.py': pyS3 },
      errors: [{ text: 'AppRole', severity: 'info' }],
    },
    {
      name: 'serverless v3: provider.iam.role.statements shared by every function',
      file: 'serverless.yml',
      code: `service: s\nprovider:\n  name: aws\n  iam:\n    role:\n${STATEMENTS}\nfunctions:\n  a:\n    handler: a.h\n  b:\n    handler: b.h\n  c:\n    handler: c.h\n`,
      files: { 'a.ts': readH, 'b.ts': writeH, 'c.ts': sesH },
      errors: [
        {
          text: 'iam',
          line: 4,
          severity: 'info',
          message: /^All 3 functions \(a, b and c\) run with the one role the framework generates \(IamRoleLambdaExecution\).*functions\.<name>\.iam\.role\.statements.*perFunction.*serverless-iam-roles-per-function/,
        },
      ],
    },
    {
      name: 'serverless legacy iamRoleStatements: two of three functions share it',
      file: 'serverless.yml',
      code: `service: s
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      Action: s3:GetObject
      Resource: arn:aws:s3:::b/*
functions:
  a:
    handler: a.h
  b:
    handler: b.h
  own:
    handler: o.h
    iamRoleStatements:
      - Effect: Allow
        Action: sqs:SendMessage
        Resource: arn:aws:sqs:eu-west-1:123456789012:q
`,
      files: { 'a.ts': readH, 'b.ts': writeH },
      errors: [{ text: 'iamRoleStatements', line: 4, message: /^Functions a and b \(2 of 3\)/ }],
    },
    {
      name: 'serverless managed policies only: reported on the provider key',
      file: 'serverless.yml',
      code: `service: s\nprovider:\n  name: aws\n  iamManagedPolicies:\n    - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess\nfunctions:\n  a:\n    handler: a.h\n  b:\n    handler: b.h\n`,
      files: { 'a.ts': readH, 'b.ts': writeH },
      errors: [{ text: 'iamManagedPolicies', line: 4 }],
    },
    {
      name: 'serverless named existing role',
      file: 'serverless.yml',
      code: `service: s\nprovider:\n  name: aws\n  iam:\n    role: arn:aws:iam::123456789012:role/shared\nfunctions:\n  a:\n    handler: a.h\n  b:\n    handler: b.h\n`,
      files: { 'a.ts': readH, 'b.ts': sesH },
      errors: [{ text: 'arn:aws:iam::123456789012:role/shared', line: 5, message: 'Both functions (a and b) run with the same existing role arn:aws:iam::123456789012:role/shared' }],
    },
    {
      name: 'SAM: the same role ARN for every function through Globals',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Role: arn:aws:iam::123456789012:role/lambda-shared
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.h, Runtime: python3.12}
  B:
    Type: AWS::Serverless::Function
    Properties: {Handler: b.h, Runtime: python3.12}
  C:
    Type: AWS::Serverless::Function
    Properties: {Handler: c.h, Runtime: python3.12}
`,
      files: { 'a.py': pyRead, 'b.py': pyWrite, 'c.py': pyS3 },
      errors: [{ text: 'arn:aws:iam::123456789012:role/lambda-shared', line: 4, message: /^All 3 functions \(A, B and C\) run with the same existing role/ }],
    },
    {
      name: 'SAM: one AWS::IAM::Role referenced by two functions (Globals and local)',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Role: !GetAtt AppRole.Arn
Resources:
${cfnRole('', '      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - {Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::b/*"}\n')}  A:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.h, Runtime: python3.12}
  B:
    Type: AWS::Serverless::Function
    Properties:
      Handler: b.h
      Runtime: python3.12
      Role: !GetAtt AppRole.Arn
`,
      files: { 'a.py': pyRead, 'b.py': pyS3 },
      errors: [{ text: 'AppRole', line: 6, message: /^Both functions \(A and B\) run with the same role AppRole.*remove Role and list per-function Policies/ }],
    },
  ],
});
