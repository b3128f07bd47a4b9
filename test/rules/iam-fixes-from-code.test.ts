/**
 * The IAM quick fixes that rest on what the handler code calls (fix/iam-code-fix.ts,
 * fix/admin-policy-fix.ts, permissions/missing-fix.ts with literal names): each fix is applied and
 * the file checked again (rule-tester: the finding is gone, the file parses); the cases without a
 * fix show where the code still needs what the finding is about.
 */
import passRole from '../../rules/iam-passrole-wildcard';
import escalation from '../../rules/iam-privilege-escalation';
import wildcardAction from '../../rules/iam-wildcard-action';
import wildcardResource from '../../rules/iam-wildcard-resource';
import adminPolicy from '../../rules/iam-admin-managed-policy';
import missing from '../../rules/iam-missing-permission';
import notAction from '../../rules/iam-allow-not-action';
import serviceWildcard from '../../rules/iam-service-wildcard-action';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { ruleFindings, run, setCodeSupport } from '../helpers/rule-tester';

before(async () => {
  await initCodeParsers();
  setCodeSupport((e) => {
    e.codeSupport = new TreeSitterCodeSupport(e);
  });
});

/** serverless.yml with provider statements (indented by 8), one function and the table. */
const sls = (statements: string, providerExtra = '') => `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    TABLE_NAME: !Ref OrdersTable
  iam:
    role:
      statements:
${statements}
${providerExtra}functions:
  create:
    handler: src/create.handler
resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
`;

const getItem = `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
const ddb = new DynamoDBClient({});
export const handler = async () => ddb.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: {} }));
`;
const createsFunctions = `import { LambdaClient, CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
export const handler = async (e: any) => {
  await new LambdaClient({}).send(new CreateFunctionCommand({ FunctionName: 'x', Role: e.role, Code: {} } as any));
  await new IAMClient({}).send(new PutRolePolicyCommand({ RoleName: 'x', PolicyName: 'p', PolicyDocument: '{}' }));
};
`;
const tableStatement = `        - Effect: Allow
          Action: dynamodb:GetItem
          Resource: !GetAtt OrdersTable.Arn`;
const files = { 'src/create.ts': getItem };

// iam:PassRole on '*': the handler passes no role, so the narrowing removes it.
run(passRole, {
  valid: [],
  invalid: [
    {
      name: 'the handler passes no role: the statement goes',
      file: 'serverless.yml',
      code: sls(`${tableStatement}\n        - Effect: Allow\n          Action: iam:PassRole\n          Resource: '*'`),
      files,
      errors: [{ text: 'iam:PassRole' }],
      fixes: [{ title: 'Remove the statement: the code uses none of its actions', output: sls(tableStatement) }],
    },
    {
      name: 'iam:PassRole beside actions the code calls: only it goes',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem, iam:PassRole]\n          Resource: '*'`),
      files,
      errors: [{ text: 'iam:PassRole' }],
      fixes: [
        {
          title: 'Narrow to what the code uses (dynamodb:GetItem)',
          output: sls(`        - Effect: Allow\n          Action: [dynamodb:GetItem]\n          Resource: !GetAtt OrdersTable.Arn`),
        },
      ],
    },
  ],
});

describe('iam-passrole-wildcard: no fix when the code may pass a role', () => {
  it('the handler creates functions (lambda:CreateFunction passes the role): no fix', () => {
    const [f] = ruleFindings(passRole, {
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [lambda:CreateFunction, iam:PassRole, iam:PutRolePolicy]\n          Resource: '*'`),
      files: { 'src/create.ts': createsFunctions },
    });
    assert.ok(f);
    assert.deepEqual(f.fixes.filter((x) => !x.placeholder).map((x) => x.title), []);
  });
  it('handler file missing (what the code needs is unknown): no fix', () => {
    const [f] = ruleFindings(passRole, { file: 'serverless.yml', code: sls(`${tableStatement}\n        - Effect: Allow\n          Action: iam:PassRole\n          Resource: '*'`) });
    assert.deepEqual(f.fixes.filter((x) => !x.placeholder).map((x) => x.title), []);
  });
});

// Privilege escalation: an IAM write the handler never calls is removed.
run(escalation, {
  valid: [],
  invalid: [
    {
      name: 'iam:PutRolePolicy the handler never calls',
      file: 'serverless.yml',
      code: sls(`${tableStatement}\n        - Effect: Allow\n          Action: iam:PutRolePolicy\n          Resource: '*'`),
      files,
      errors: [{ text: 'iam:PutRolePolicy', severity: 'error' }],
      fixes: [{ title: 'Remove the statement', output: sls(tableStatement) }],
    },
  ],
});

describe('iam-privilege-escalation: no fix when the code calls the escalating action', () => {
  it('the handler calls iam:PutRolePolicy', () => {
    const found = ruleFindings(escalation, {
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: [lambda:CreateFunction, iam:PassRole, iam:PutRolePolicy]\n          Resource: '*'`),
      files: { 'src/create.ts': createsFunctions },
    });
    assert.ok(found.length > 0);
    for (const f of found) assert.deepEqual(f.fixes.filter((x) => !x.placeholder).map((x) => x.title), []);
  });
  it('the same action granted twice: removing one grant would not end the escalation', () => {
    const code2 = sls(`${tableStatement}\n        - Effect: Allow\n          Action: iam:PutRolePolicy\n          Resource: '*'\n        - Effect: Allow\n          Action: iam:Put*\n          Resource: '*'`);
    const found = ruleFindings(escalation, { file: 'serverless.yml', code: code2, files });
    // (iam:Put* also reaches PutUserPolicy/PutGroupPolicy alone: that finding's fix is genuine.)
    const f = found.find((x) => code2.slice(x.range.start, x.range.end) === 'iam:PutRolePolicy');
    assert.ok(f);
    assert.deepEqual(f.fixes.filter((x) => !x.placeholder).map((x) => x.title), []);
  });
});

// Action '*': narrowed to what the code calls, on the resource it uses.
run(wildcardAction, {
  valid: [],
  invalid: [
    {
      name: "Action '*' on '*' becomes dynamodb:GetItem on the table",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: '*'\n          Resource: '*'`),
      files,
      errors: [{ text: "'*'", severity: 'error' }],
      fixes: [
        {
          title: 'Narrow to what the code uses (dynamodb:GetItem)',
          output: sls(`        - Effect: Allow\n          Action: dynamodb:GetItem\n          Resource: !GetAtt OrdersTable.Arn`),
        },
      ],
    },
  ],
});

// Resource '*' on actions the code never calls: the statement goes.
run(wildcardResource, {
  valid: [],
  invalid: [
    {
      name: 'scopable actions the code never calls',
      file: 'serverless.yml',
      code: sls(`${tableStatement}\n        - Effect: Allow\n          Action: [s3:GetObject, sqs:SendMessage]\n          Resource: '*'`),
      files,
      errors: [{ text: "'*'", severity: 'warning' }],
      fixes: [{ title: 'Remove the statement', output: sls(tableStatement) }],
    },
  ],
});

// AWS managed policies on serverless.yml provider roles and CloudFormation function roles.
const cfnRole = (managed: string, policies = '') => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
${policies}      ManagedPolicyArns:
${managed}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: !GetAtt FnRole.Arn
      Environment:
        Variables:
          TABLE_NAME: !Ref OrdersTable
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
`;
const cfnPolicies = `      Policies:
        - PolicyName: base
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: sqs:SendMessage
                Resource: arn:aws:sqs:eu-west-1:123456789012:q
`;

run(adminPolicy, {
  valid: [],
  invalid: [
    {
      name: 'serverless.yml provider role: AdministratorAccess becomes the GetItem grant',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: sqs:SendMessage\n          Resource: arn:aws:sqs:eu-west-1:123456789012:q`, `      managedPolicies:\n        - arn:aws:iam::aws:policy/AdministratorAccess\n`).replace('\n\n', '\n'),
      files,
      errors: [{ text: 'arn:aws:iam::aws:policy/AdministratorAccess', severity: 'error' }],
      fixes: [
        {
          title: 'Replace AdministratorAccess with what the code calls (dynamodb:GetItem)',
          output: sls(
            `        - Effect: Allow\n          Action: sqs:SendMessage\n          Resource: arn:aws:sqs:eu-west-1:123456789012:q\n        - Effect: Allow\n          Action:\n            - dynamodb:GetItem\n          Resource: !GetAtt OrdersTable.Arn`,
          ).replace('\n\n', '\n'),
        },
      ],
    },
    {
      name: 'CloudFormation role: AdministratorAccess becomes the GetItem grant plus the function’s logs',
      file: 'template.yaml',
      code: cfnRole(`        - arn:aws:iam::aws:policy/AdministratorAccess\n        - arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess`, cfnPolicies),
      files: { 'index.js': getItem },
      errors: [{ text: 'arn:aws:iam::aws:policy/AdministratorAccess', severity: 'error' }],
      fixes: [
        {
          title: 'Replace AdministratorAccess with what the code calls (dynamodb:GetItem)',
          output: cfnRole(
            `        - arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess`,
            `${cfnPolicies}        - PolicyName: handler-access
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action:
                  - dynamodb:GetItem
                Resource: !GetAtt OrdersTable.Arn
              - Effect: Allow
                Action:
                  - logs:CreateLogGroup
                  - logs:CreateLogStream
                  - logs:PutLogEvents
                Resource: !Sub 'arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/\${AWS::StackName}-Fn-*:*'
`,
          ),
        },
      ],
    },
  ],
});

describe('iam-admin-managed-policy: no fix when the role is not only its functions’', () => {
  it('a role another resource refers to (an Output) keeps its policy', () => {
    const code = cfnRole(`        - arn:aws:iam::aws:policy/AdministratorAccess\n        - arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess`, cfnPolicies) + `Outputs:\n  RoleArn:\n    Value: !GetAtt FnRole.Arn\n`;
    const [f] = ruleFindings(adminPolicy, { file: 'template.yaml', code, files: { 'index.js': getItem } });
    assert.deepEqual(f.fixes.filter((x) => !x.placeholder).map((x) => x.title), []);
  });
});

// iam-missing-permission: resources the code names literally, and actions that take no ARN.
const samPy = (env: string, policies: string) => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  ImportFn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: python3.12
      Environment:
        Variables:
${env}
      Policies:
${policies}
`;
const settingsPy = `import os, boto3
ddb = boto3.client("dynamodb")
def handler(event, context):
    return ddb.get_item(TableName=os.environ["SETTINGS_TABLE"], Key={})
`;
const quotasPy = `import boto3
sq = boto3.client("service-quotas")
def handler(event, context):
    return sq.list_service_quotas(ServiceCode="lambda")
`;

run(missing, {
  valid: [],
  invalid: [
    {
      name: 'a table outside the template, named by a literal: scoped to its ARN (any region: the client chooses it)',
      file: 'template.yaml',
      code: samPy('          SETTINGS_TABLE: partner-settings', '        - AWSLambdaBasicExecutionRole'),
      files: { 'src/app.py': settingsPy },
      errors: [{ text: 'ImportFn', message: 'calls dynamodb:GetItem' }],
      fixes: [
        {
          title: 'Allow dynamodb:GetItem on partner-settings (new statement in Resources.ImportFn.Properties.Policies)',
          output: samPy(
            '          SETTINGS_TABLE: partner-settings',
            `        - AWSLambdaBasicExecutionRole
        - Statement:
            - Effect: Allow
              Action:
                - dynamodb:GetItem
              Resource: !Sub 'arn:\${AWS::Partition}:dynamodb:*:\${AWS::AccountId}:table/partner-settings'`,
          ),
        },
      ],
    },
    {
      name: "an action without resource-level permissions: granted on '*'",
      file: 'template.yaml',
      code: samPy('          STAGE: prod', '        - AWSLambdaBasicExecutionRole'),
      files: { 'src/app.py': quotasPy },
      errors: [{ text: 'ImportFn', message: 'calls servicequotas:ListServiceQuotas' }],
      fixes: [
        {
          title: "Allow servicequotas:ListServiceQuotas (it takes no resource ARN: new statement on '*' in Resources.ImportFn.Properties.Policies)",
          output: samPy(
            '          STAGE: prod',
            `        - AWSLambdaBasicExecutionRole
        - Statement:
            - Effect: Allow
              Action:
                - servicequotas:ListServiceQuotas
              Resource: '*'`,
          ),
        },
      ],
    },
    {
      name: 'serverless.yml: a stream named through ${self:custom…} is the template’s stream',
      file: 'serverless.yml',
      code: `service: metrics
provider:
  name: aws
  runtime: python3.12
functions:
  heartbeat:
    handler: src/heartbeat.handler
    environment:
      STREAM_NAME: \${self:custom.streamName}
custom:
  streamName: \${self:service}-\${sls:stage}-metrics
resources:
  Resources:
    MetricsStream:
      Type: AWS::Kinesis::Stream
      Properties:
        Name: \${self:custom.streamName}
        ShardCount: 1
`,
      files: { 'src/heartbeat.py': `import os, boto3\nk = boto3.client("kinesis")\ndef handler(event, context):\n    k.put_record(StreamName=os.environ["STREAM_NAME"], Data=b"x", PartitionKey="p")\n` },
      errors: [{ text: 'heartbeat', message: 'on stream MetricsStream (STREAM_NAME)' }],
      fixes: [{ title: 'Allow kinesis:PutRecord on MetricsStream (new statement in provider.iam.role.statements)' }],
    },
  ],
});

// A CodePipeline service role passes only the roles its CloudFormation actions name.
const pipeline = (passResource: string, deploy = `                Category: Deploy
                Owner: AWS
                Provider: CloudFormation
                Version: '1'
              Configuration:
                ActionMode: CREATE_UPDATE
                StackName: app
                RoleArn: !GetAtt DeployRole.Arn`) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  PipelineRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: codepipeline.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: pass
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: iam:PassRole
                Resource: ${passResource}
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: cloudformation.amazonaws.com }
            Action: sts:AssumeRole
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      RoleArn: !GetAtt PipelineRole.Arn
      Stages:
        - Name: Source
          Actions:
            - Name: Source
              ActionTypeId:
                Category: Source
                Owner: AWS
                Provider: CodeCommit
                Version: '1'
        - Name: Deploy
          Actions:
            - Name: Deploy
              ActionTypeId:
${deploy}
`;

run(passRole, {
  valid: [],
  invalid: [
    {
      name: 'CodePipeline role: scoped to the role its CloudFormation action passes',
      file: 'template.yaml',
      code: pipeline(`'*'`),
      errors: [{ text: 'iam:PassRole', severity: 'error' }],
      fixes: [{ title: 'Scope iam:PassRole to the role the pipeline passes to CloudFormation (DeployRole)', output: pipeline('!GetAtt DeployRole.Arn') }],
    },
  ],
});

// The pipeline role's iam:PassRole written among other actions, each statement item opened by a
// dash alone on its line: iam:PassRole moves to a statement of its own on the passed role.
const pipelineMixed = (statements: string) =>
  pipeline(`'*'`).replace(
    `            Statement:
              - Effect: Allow
                Action: iam:PassRole
                Resource: '*'
`,
    statements,
  );
const mixedBefore = `            Statement:
              -
                Effect: Allow
                Action:
                  - cloudformation:CreateStack
                  - iam:PassRole
                  - cloudformation:DescribeStacks
                Resource: '*'
`;
const mixedAfter = `            Statement:
              -
                Effect: Allow
                Action:
                  - cloudformation:CreateStack
                  - cloudformation:DescribeStacks
                Resource: '*'
              - Effect: Allow
                Action: iam:PassRole
                Resource: !GetAtt DeployRole.Arn
`;

run(passRole, {
  valid: [],
  invalid: [
    {
      name: 'CodePipeline role, iam:PassRole among other actions: it moves to a statement scoped to the passed role',
      file: 'template.yaml',
      code: pipelineMixed(mixedBefore),
      errors: [{ text: 'iam:PassRole', severity: 'error' }],
      fixes: [{ title: 'Scope iam:PassRole to the role the pipeline passes to CloudFormation (DeployRole)', output: pipelineMixed(mixedAfter) }],
    },
  ],
});

run(escalation, {
  valid: [],
  invalid: [
    {
      name: 'cloudformation:CreateStack with iam:PassRole on every role, on a CodePipeline role: iam:PassRole scoped to the role the pipeline passes',
      file: 'template.yaml',
      code: pipelineMixed(mixedBefore),
      errors: [{ text: 'cloudformation:CreateStack', severity: 'error' }],
      fixes: [{ title: 'Scope iam:PassRole to the role the pipeline passes to CloudFormation (DeployRole)', output: pipelineMixed(mixedAfter) }],
    },
  ],
});

describe('iam-privilege-escalation: no iam:PassRole scoping when the pass is not the only way', () => {
  it('a second grant of iam:PassRole on every role (scoping one leaves the other)', () => {
    const code = pipelineMixed(
      mixedBefore +
        `              - Effect: Allow
                Action: iam:PassRole
                Resource: arn:aws:iam::123456789012:role/*
`,
    );
    const found = ruleFindings(escalation, { file: 'template.yaml', code });
    assert.ok(found.length > 0);
    for (const f of found) assert.deepEqual(f.fixes.filter((x) => !x.placeholder).map((x) => x.title), []);
  });
});

describe('iam-passrole-wildcard: CodePipeline roles whose passing is not known get no fix', () => {
  const noFix = (code: string) => {
    const [f] = ruleFindings(passRole, { file: 'template.yaml', code });
    assert.ok(f);
    assert.deepEqual(f.fixes.filter((x) => !x.placeholder).map((x) => x.title), []);
  };
  it('an ECS deploy action (the task definition names its roles)', () =>
    noFix(pipeline(`'*'`, `                Category: Deploy\n                Owner: AWS\n                Provider: ECS\n                Version: '1'`)));
  it('a role with a fixed name (other pipelines may use it)', () => noFix(pipeline(`'*'`).replace('  PipelineRole:\n    Type: AWS::IAM::Role\n    Properties:\n', '  PipelineRole:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: shared-pipeline-role\n')));
});

describe('botocore exception classes and client settings call nothing', () => {
  const code = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: python3.12
      Policies:
        - Statement:
            - Effect: Allow
              Action: sqs:SendMessage
              Resource: arn:aws:sqs:eu-west-1:123456789012:q
            - Effect: Allow
              Action: iam:PassRole
              Resource: '*'
`;
  it('a handler importing ClientError and Config is fully analysed: its unused PassRole gets the fix', () => {
    const py = (imports: string) => `${imports}\nimport boto3\nsqs = boto3.client("sqs")\ndef handler(event, context):\n    try:\n        sqs.send_message(QueueUrl="https://sqs.eu-west-1.amazonaws.com/123456789012/q", MessageBody="x")\n    except ClientError:\n        pass\n`;
    const fixes = (imports: string) => ruleFindings(passRole, { file: 'template.yaml', code, files: { 'src/app.py': py(imports) } })[0].fixes.filter((x) => !x.placeholder).map((x) => x.title);
    assert.deepEqual(fixes('from botocore.exceptions import ClientError\nfrom botocore.config import Config'), ['Remove the statement: the code uses none of its actions']);
    // botocore itself (its sessions and clients) still calls AWS unseen: no fix.
    assert.deepEqual(fixes('from botocore.exceptions import ClientError\nimport botocore.session'), []);
  });
  it('a bare `import botocore` (or an alias) used only as botocore.exceptions.X / botocore.config.X is inert too; any other use is not', () => {
    const py = (imports: string, use: string) => `${imports}\nimport boto3\nsqs = boto3.client("sqs")\ndef handler(event, context):\n    try:\n        sqs.send_message(QueueUrl="https://sqs.eu-west-1.amazonaws.com/123456789012/q", MessageBody="x")\n    except ${use}:\n        pass\n`;
    const fixes = (imports: string, use: string) => ruleFindings(passRole, { file: 'template.yaml', code, files: { 'src/app.py': py(imports, use) } })[0].fixes.filter((x) => !x.placeholder).map((x) => x.title);
    const removed = ['Remove the statement: the code uses none of its actions'];
    assert.deepEqual(fixes('import botocore', 'botocore.exceptions.ClientError'), removed);
    assert.deepEqual(fixes('import botocore as bc\ncfg = bc.config.Config(retries={"max_attempts": 2})', 'bc.exceptions.ClientError'), removed);
    // A session (it makes clients the analysis does not see), or the module handed elsewhere: no fix.
    assert.deepEqual(fixes('import botocore\ns = botocore.session.get_session()', 'botocore.exceptions.ClientError'), []);
    assert.deepEqual(fixes('import botocore\nregister(botocore)', 'botocore.exceptions.ClientError'), []);
  });
});

// NotAction: the statement becomes what the code calls.
const samNotAction = (statement: string) => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
      Environment:
        Variables:
          TABLE_NAME: !Ref Orders
      Policies:
        - AWSLambdaBasicExecutionRole
        - Statement:
${statement}
`;
run(notAction, {
  valid: [],
  invalid: [
    {
      name: 'NotAction iam:* becomes the one action the handler calls, on its table',
      file: 'template.yaml',
      code: samNotAction(`            - Effect: Allow\n              NotAction: iam:*\n              Resource: '*'`),
      files: { 'src/app.js': getItem.replace('export const handler =', 'exports.handler =').replace("import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';", "const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');") },
      errors: [{ text: 'NotAction', severity: 'warning' }],
      fixes: [{ title: 'Replace NotAction with what the code calls (dynamodb:GetItem)', output: samNotAction(`            - {Effect: Allow, Action: [dynamodb:GetItem], Resource: !GetAtt Orders.Arn}`) }],
    },
    {
      name: 'a handler that calls no AWS API: the policy document goes',
      file: 'template.yaml',
      code: samNotAction(`            - Effect: Allow\n              NotAction: iam:*\n              Resource: '*'`),
      files: { 'src/app.js': `exports.handler = async () => ({ statusCode: 200 });\n` },
      errors: [{ text: 'NotAction' }],
      fixes: [{ title: 'Remove the NotAction statement: the code calls no AWS API', output: samNotAction('').replace('        - Statement:\n\n', '') }],
    },
  ],
});

// A CodePipeline service role's action wildcard: what the pipeline's actions need.
run(serviceWildcard, {
  valid: [],
  invalid: [
    {
      name: 's3:*Object* of a CodePipeline role becomes the artifact-store actions it matches',
      file: 'template.yaml',
      code: pipeline('!GetAtt DeployRole.Arn').replace(
        "                Action: iam:PassRole\n                Resource: !GetAtt DeployRole.Arn\n",
        "                Action: iam:PassRole\n                Resource: !GetAtt DeployRole.Arn\n              - Effect: Allow\n                Action: ['s3:*Object*']\n                Resource: arn:aws:s3:::artifacts/*\n",
      ),
      errors: [{ text: "'s3:*Object*'", severity: 'warning' }],
      fixes: [
        {
          title: 'Narrow s3:*Object* to what the pipeline needs (s3:GetObject, s3:GetObjectVersion, s3:PutObject, s3:PutObjectAcl)',
          output: pipeline('!GetAtt DeployRole.Arn').replace(
            "                Action: iam:PassRole\n                Resource: !GetAtt DeployRole.Arn\n",
            "                Action: iam:PassRole\n                Resource: !GetAtt DeployRole.Arn\n              - Effect: Allow\n                Action: [s3:GetObject, s3:GetObjectVersion, s3:PutObject, s3:PutObjectAcl]\n                Resource: arn:aws:s3:::artifacts/*\n",
          ),
        },
      ],
    },
  ],
});
