import rule from '../../rules/iam-admin-managed-policy';
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { applyFix, ruleFindings, run, setCodeSupport } from '../helpers/rule-tester';
import missing from '../../rules/iam-missing-permission';

before(async () => {
  await initCodeParsers();
  setCodeSupport((e) => {
    e.codeSupport = new TreeSitterCodeSupport(e);
  });
});

const sam = (policies: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Policies:
${policies}
`;

run(rule, {
  valid: [
    {
      name: 'narrow AWS managed policies',
      file: 'serverless.yml',
      code: `service: s
provider:
  name: aws
  iam:
    role:
      managedPolicies:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
        - arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole
        - arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess
functions:
  a:
    handler: a.h
`,
    },
    { name: 'SAM bare names that grant nothing broad', file: 'template.yaml', code: sam(`        - AWSLambdaBasicExecutionRole\n        - CloudWatchLambdaInsightsExecutionRolePolicy\n        - DynamoDBCrudPolicy: {TableName: !Ref T}`) },
    { name: 'an AWS-looking name that is not an AWS managed policy (unknown, not guessed from the name)', file: 'template.yaml', code: sam(`        - arn:aws:iam::aws:policy/MyTeamFullAccess`) },
    { name: 'a customer-managed policy named like one is not AWS-managed', file: 'template.yaml', code: sam(`        - arn:aws:iam::123456789012:policy/AdministratorAccess`) },
    {
      name: 'a managed policy from a parameter is unknown, not admin',
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  PolicyArn: {Type: String}
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns: [!Ref PolicyArn]
`,
    },
  ],
  invalid: [
    {
      name: 'serverless v3 provider.iam.role.managedPolicies',
      file: 'serverless.yml',
      code: `service: s
provider:
  name: aws
  iam:
    role:
      managedPolicies:
        - arn:aws:iam::aws:policy/AdministratorAccess
functions:
  a:
    handler: a.h
  b:
    handler: b.h
`,
      errors: [
        {
          text: 'arn:aws:iam::aws:policy/AdministratorAccess',
          line: 7,
          severity: 'error',
          message: /AdministratorAccess makes the shared role IamRoleLambdaExecution \(used by functions a and b\) an administrator of the whole AWS account.*provider\.iam\.role\.managedPolicies/,
        },
      ],
    },
    {
      name: 'legacy provider.iamManagedPolicies, partition variable, and v4 per-function managedPolicies',
      file: 'serverless.yml',
      code: `service: s
provider:
  name: aws
  iamManagedPolicies:
    - arn:\${aws:partition}:iam::aws:policy/PowerUserAccess
functions:
  a:
    handler: a.h
  b:
    handler: b.h
    iam:
      role:
        managedPolicies:
          - arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess
`,
      errors: [
        { text: 'arn:${aws:partition}:iam::aws:policy/PowerUserAccess', severity: 'warning', message: /PowerUserAccess .*in provider\.iamManagedPolicies/ },
        { text: 'arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess', severity: 'warning', message: /AmazonDynamoDBFullAccess gives the role of function b every action of dax and dynamodb on every resource.*functions\.b\.iam\.role\.managedPolicies/ },
      ],
    },
    {
      name: 'SAM bare names and a !Sub ARN',
      file: 'template.yaml',
      code: sam(`        - AdministratorAccess\n        - AmazonS3FullAccess\n        - !Sub arn:\${AWS::Partition}:iam::aws:policy/IAMFullAccess`),
      errors: [
        { text: 'AdministratorAccess', line: 9, severity: 'error', message: 'Resources.Fn.Properties.Policies' },
        { text: 'AmazonS3FullAccess', line: 10, severity: 'warning' },
        { text: '!Sub arn:${AWS::Partition}:iam::aws:policy/IAMFullAccess', line: 11, severity: 'error', message: /IAMFullAccess lets the role SAM generates for Fn \(FnRole\) escalate its privileges: / },
      ],
    },
    {
      name: 'CloudFormation JSON role ManagedPolicyArns with Fn::Join',
      file: 'template.json',
      code: JSON.stringify(
        {
          AWSTemplateFormatVersion: '2010-09-09',
          Resources: {
            Role: {
              Type: 'AWS::IAM::Role',
              Properties: {
                AssumeRolePolicyDocument: { Statement: [] },
                ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AdministratorAccess']] }, 'arn:aws:iam::aws:policy/AWSLambda_FullAccess'],
              },
            },
            Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
          },
        },
        null,
        2,
      ),
      errors: [
        { severity: 'error', message: /AdministratorAccess makes role Role \(used by function Fn\)/ },
        { text: '"arn:aws:iam::aws:policy/AWSLambda_FullAccess"', severity: 'error', message: /AWSLambda_FullAccess lets role Role .*escalate its privileges/ },
      ],
    },
    {
      name: 'CloudFormation YAML: an IAM user and a role outside any function',
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Deployer:
    Type: AWS::IAM::User
    Properties:
      ManagedPolicyArns:
        - arn:aws-us-gov:iam::aws:policy/AdministratorAccess
  CiRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AdministratorAccess-Amplify
`,
      errors: [
        { text: 'arn:aws-us-gov:iam::aws:policy/AdministratorAccess', line: 7, severity: 'error', message: 'makes IAM user Deployer an administrator' },
        { text: 'arn:aws:iam::aws:policy/AdministratorAccess-Amplify', line: 13, severity: 'error', message: /AdministratorAccess-Amplify lets role CiRole escalate its privileges/ },
      ],
    },
    {
      name: 'AWSLambdaRole invokes every function; AmazonCognitoPowerUser is three whole services',
      file: 'template.yaml',
      code: sam(`        - arn:aws:iam::aws:policy/service-role/AWSLambdaRole\n        - AmazonCognitoPowerUser`),
      errors: [
        { text: 'arn:aws:iam::aws:policy/service-role/AWSLambdaRole', severity: 'warning', message: /AWSLambdaRole lets the role SAM generates for Fn \(FnRole\) invoke every Lambda function in the account/ },
        { text: 'AmazonCognitoPowerUser', severity: 'warning', message: /every action of cognito-identity, cognito-idp and cognito-sync on every resource/ },
      ],
    },
    {
      name: 'a Resource naming every resource of a type counts as every resource (arn:aws:s3:::*, arn:aws:execute-api:*:*:*)',
      file: 'template.yaml',
      code: sam(`        - AWSLambdaExecute\n        - arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess`),
      errors: [
        { text: 'AWSLambdaExecute', severity: 'warning', message: /every action of logs on every resource; lets .* read every S3 object in the account/ },
        { text: 'arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess', severity: 'warning', message: /call every API Gateway API of the account/ },
      ],
    },
    {
      name: 'most write actions of a service listed one by one (AmazonDocDBFullAccess: 36 rds writes on *)',
      file: 'template.yaml',
      code: sam(`        - arn:aws:iam::aws:policy/AmazonDocDBFullAccess`),
      errors: [{ severity: 'warning', message: /AmazonDocDBFullAccess gives .* \d+ of the \d+ write actions of rds on every resource/ }],
    },
    {
      name: 'ReadOnlyAccess reads every S3 object and every secret\'s metadata; PowerUserAccess by NotAction',
      file: 'serverless.yml',
      code: `service: s
provider:
  name: aws
  iam:
    role:
      managedPolicies:
        - arn:aws:iam::aws:policy/ReadOnlyAccess
        - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
        - arn:aws:iam::aws:policy/PowerUserAccess
functions:
  a:
    handler: a.h
`,
      errors: [
        { text: 'arn:aws:iam::aws:policy/ReadOnlyAccess', severity: 'warning', message: /read every S3 object in the account.*read the metadata of every Secrets Manager secret/ },
        { text: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', severity: 'warning', message: /read every S3 object in the account/ },
        { text: 'arn:aws:iam::aws:policy/PowerUserAccess', severity: 'warning', message: /every action of every AWS service except iam:\*, organizations:\* and account:\*/ },
      ],
    },
    {
      name: 'escalation counted with the role\'s inline statements: AWSCodeBuildAdminAccess (codebuild:*) + inline iam:PassRole on *',
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AWSCodeBuildAdminAccess
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: iam:PassRole
                Resource: '*'
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Role.Arn
`,
      errors: [{ text: 'arn:aws:iam::aws:policy/AWSCodeBuildAdminAccess', severity: 'error', message: /AWSCodeBuildAdminAccess lets role Role .*escalate its privileges: .*with the inline statements of the role/ }],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Fix on SAM functions: statements for what the handler calls

const samApp = (policies: string) => `Transform: AWS::Serverless-2016-10-31
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
          TABLE: !Ref Orders
      Policies:
${policies}
`;
const ddbApp = { 'src/app.js': `const { DynamoDBClient, GetItemCommand, PutItemCommand } = require('@aws-sdk/client-dynamodb');\nconst ddb = new DynamoDBClient({});\nexports.handler = async (e) => { await ddb.send(new GetItemCommand({ TableName: process.env.TABLE, Key: {} })); await ddb.send(new PutItemCommand({ TableName: process.env.TABLE, Item: {} })); };\n` };

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'AdministratorAccess on a SAM function whose handler reads and writes one table → statements on that table',
      file: 'template.yaml',
      code: samApp('        - AdministratorAccess'),
      files: ddbApp,
      errors: [{ text: 'AdministratorAccess', severity: 'error' }],
      fixes: [
        {
          title: 'Replace AdministratorAccess with what the code calls (dynamodb:GetItem, dynamodb:PutItem)',
          output: samApp('        - {Statement: [{Effect: Allow, Action: [dynamodb:GetItem, dynamodb:PutItem], Resource: !GetAtt Orders.Arn}]}'),
        },
      ],
    },
    {
      name: 'PowerUserAccess next to another policy, handler that calls nothing → the item is removed',
      file: 'template.yaml',
      code: samApp('        - PowerUserAccess\n        - AWSLambdaBasicExecutionRole'),
      files: { 'src/app.js': 'exports.handler = async (e) => e;\n' },
      errors: [{ text: 'PowerUserAccess' }],
      fixes: [{ title: 'Replace PowerUserAccess with what the code calls (remove it', output: samApp('        - AWSLambdaBasicExecutionRole') }],
    },
  ],
});

it('no fix when a call\'s resource cannot be resolved (the table name comes from the event)', () => {
  const found = ruleFindings(rule, {
    file: 'template.yaml',
    code: samApp('        - AdministratorAccess'),
    files: { 'src/app.js': `const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');\nconst ddb = new DynamoDBClient({});\nexports.handler = async (e) => ddb.send(new GetItemCommand({ TableName: e.table, Key: {} }));\n` },
  });
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].fixes.filter((f) => !f.title.startsWith('Ignore')).map((f) => f.title), []);
});

// Who assumes the role: a service's documented baseline policy on that service's role, and the
// operator's Cloud9 workstation role, are info (data/service-role-baselines.ts).
const roleFor = (principal: string, policies: string[], extra = '') => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  JobRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ${principal} }
            Action: sts:AssumeRole
      ManagedPolicyArns:
${policies.map((p) => `        - arn:aws:iam::aws:policy/${p}\n`).join('')}${extra}`;
const NOTEBOOK = `  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: !GetAtt JobRole.Arn
`;
const MODEL = `  Model:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: !GetAtt JobRole.Arn
      PrimaryContainer: {Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/summarizer:1}
`;
const CLOUD9 = `  Workstation:
    Type: AWS::Cloud9::EnvironmentEC2
    Properties:
      InstanceType: t3.medium
      ImageId: amazonlinux-2-x86_64
`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'AWSGlueServiceRole on a role only Glue assumes: the documented baseline, info',
      file: 'template.yaml',
      code: roleFor('glue.amazonaws.com', ['service-role/AWSGlueServiceRole']),
      errors: [{ text: 'arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole', severity: 'info', messageId: 'baseline', message: /AWS documents for AWS Glue service roles/ }],
    },
    {
      name: 'the trust policy written as a JSON string (CloudFormation accepts it)',
      file: 'template.yaml',
      code: roleFor('glue.amazonaws.com', ['service-role/AWSGlueServiceRole']).replace(/      AssumeRolePolicyDocument:\n(?:        .*\n)+?(?=      ManagedPolicyArns)/, `      AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]}'\n`),
      errors: [{ severity: 'info', messageId: 'baseline' }],
    },
    {
      name: 'AWSGlueServiceRole on a Lambda role: not its baseline, an error',
      file: 'template.yaml',
      code: roleFor('lambda.amazonaws.com', ['service-role/AWSGlueServiceRole']),
      errors: [{ text: 'arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole', severity: 'error', messageId: 'finding' }],
    },
    {
      name: 'AmazonSSMManagedInstanceCore on an EC2 instance role: the SSM agent baseline, info; AmazonEC2RoleforSSM stays a warning',
      file: 'template.yaml',
      code: roleFor('ec2.amazonaws.com', ['AmazonSSMManagedInstanceCore', 'service-role/AmazonEC2RoleforSSM']),
      errors: [
        { text: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore', severity: 'info', messageId: 'baseline' },
        { text: 'arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM', severity: 'warning', messageId: 'finding' },
      ],
    },
    {
      name: 'AmazonSageMakerFullAccess on the role of a notebook instance (only SageMaker assumes it): the documented baseline, info; AmazonS3FullAccess next to it stays reported above info',
      file: 'template.yaml',
      code: roleFor('sagemaker.amazonaws.com', ['AmazonSageMakerFullAccess', 'AmazonS3FullAccess'], NOTEBOOK),
      errors: [
        { text: 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess', severity: 'info', messageId: 'baseline', message: /AWS documents for SageMaker notebook execution service roles/ },
        { text: 'arn:aws:iam::aws:policy/AmazonS3FullAccess', messageId: 'finding' },
      ],
    },
    {
      name: "AmazonSageMakerFullAccess on a model's execution role (it only pulls its image and artefact): not the notebook baseline, an error",
      file: 'template.yaml',
      code: roleFor('sagemaker.amazonaws.com', ['AmazonSageMakerFullAccess'], MODEL),
      errors: [{ text: 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess', severity: 'error', messageId: 'finding' }],
    },
    {
      name: 'AmazonSageMakerFullAccess on a SageMaker role no resource of the template uses: its use is unknown, an error',
      file: 'template.yaml',
      code: roleFor('sagemaker.amazonaws.com', ['AmazonSageMakerFullAccess']),
      errors: [{ severity: 'error', messageId: 'finding' }],
    },
    {
      name: 'AmazonSageMakerFullAccess on a Lambda role: not its baseline, reported above info',
      file: 'template.yaml',
      code: roleFor('lambda.amazonaws.com', ['AmazonSageMakerFullAccess']),
      errors: [{ text: 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess', severity: 'error', messageId: 'finding' }],
    },
    {
      name: 'a role trusted by Glue and Lambda: not only the service, an error',
      file: 'template.yaml',
      code: roleFor('[glue.amazonaws.com, lambda.amazonaws.com]', ['service-role/AWSGlueServiceRole']),
      errors: [{ severity: 'error', messageId: 'finding' }],
    },
    {
      name: 'an EC2 role in a template whose only compute is a Cloud9 environment: the operator workstation, info',
      file: 'template.yaml',
      code: roleFor('ec2.amazonaws.com', ['AWSCloudFormationFullAccess', 'AmazonRDSFullAccess'], CLOUD9),
      errors: [
        { text: 'arn:aws:iam::aws:policy/AWSCloudFormationFullAccess', severity: 'info', messageId: 'workstation', message: /workstation/ },
        { text: 'arn:aws:iam::aws:policy/AmazonRDSFullAccess', severity: 'info', messageId: 'workstation' },
      ],
    },
    {
      name: 'the same EC2 role next to an EC2 instance of the template: no longer only a workstation, an error',
      file: 'template.yaml',
      code: roleFor('ec2.amazonaws.com', ['AWSCloudFormationFullAccess'], `${CLOUD9}  Box:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-123\n`),
      errors: [{ text: 'arn:aws:iam::aws:policy/AWSCloudFormationFullAccess', severity: 'error', messageId: 'finding' }],
    },
    {
      name: 'a role no function uses: the advice names the role, not a function',
      file: 'template.yaml',
      code: roleFor('states.amazonaws.com', ['AmazonS3FullAccess']),
      errors: [{ severity: 'warning', message: 'the actions and resources the role needs' }],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Fix on roles of functions whose code is inline in the template (Code.ZipFile / InlineCode)

const inlineApp = (managed: string, code: string, after = '') => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
${managed}
${after}  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Role: !GetAtt FnRole.Arn
      Environment:
        Variables:
          TABLE_NAME: !Ref Orders
      Code:
        ZipFile: |
${code
  .split('\n')
  .map((l) => (l ? `          ${l}` : l))
  .join('\n')}
  Orders:
    Type: AWS::DynamoDB::Table
`;
const putItemPy = `import os
import boto3
table = boto3.resource('dynamodb').Table(os.environ['TABLE_NAME'])

def handler(event, context):
    table.put_item(Item={'id': event['id']})
`;
const logsStatement = `              - Effect: Allow
                Action:
                  - logs:CreateLogGroup
                  - logs:CreateLogStream
                  - logs:PutLogEvents
                Resource: !Sub 'arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/\${AWS::StackName}-Fn-*:*'
`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'inline Python code (ZipFile) is read like a handler file: AmazonDynamoDBFullAccess becomes PutItem on the table, plus the logs the Lambda service needs',
      file: 'template.yaml',
      code: inlineApp('        - arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess\n        - arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess', putItemPy),
      errors: [{ text: 'arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess', severity: 'warning' }],
      fixes: [
        {
          title: 'Replace AmazonDynamoDBFullAccess with what the code calls (dynamodb:PutItem)',
          output: inlineApp(
            '        - arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess',
            putItemPy,
            `      Policies:\n        - PolicyName: handler-access\n          PolicyDocument:\n            Version: '2012-10-17'\n            Statement:\n              - Effect: Allow\n                Action:\n                  - dynamodb:PutItem\n                Resource: !GetAtt Orders.Arn\n${logsStatement}`,
          ),
        },
      ],
    },
  ],
});

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'inline code: the last item of the role\'s last key goes and Policies follows the remaining item (removal and insertion made one edit)',
      file: 'template.yaml',
      code: inlineApp('        - arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess\n        - arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess', putItemPy),
      errors: [{ text: 'arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess' }],
      fixes: [
        {
          title: 'Replace AmazonDynamoDBFullAccess with what the code calls (dynamodb:PutItem)',
          output: inlineApp(
            '        - arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess',
            putItemPy,
            `      Policies:\n        - PolicyName: handler-access\n          PolicyDocument:\n            Version: '2012-10-17'\n            Statement:\n              - Effect: Allow\n                Action:\n                  - dynamodb:PutItem\n                Resource: !GetAtt Orders.Arn\n${logsStatement}`,
          ),
        },
      ],
    },
    {
      name: 'inline code: the only managed policy of a role whose last key it is goes, and Policies takes its place (one edit)',
      file: 'template.yaml',
      code: inlineApp('        - arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess', putItemPy),
      errors: [{ text: 'arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess' }],
      fixes: [
        {
          title: 'Replace AmazonDynamoDBFullAccess with what the code calls (dynamodb:PutItem)',
          output: inlineApp('', putItemPy).replace(
            '      ManagedPolicyArns:\n\n',
            `      Policies:\n        - PolicyName: handler-access\n          PolicyDocument:\n            Version: '2012-10-17'\n            Statement:\n              - Effect: Allow\n                Action:\n                  - dynamodb:PutItem\n                Resource: !GetAtt Orders.Arn\n${logsStatement}`,
          ),
        },
      ],
    },
  ],
});

it('inline code whose resource is not in the template gets no fix; nor does inline code another module name would load', () => {
  const fromEvent = ruleFindings(rule, { file: 'template.yaml', code: inlineApp('        - arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess', putItemPy.replace("os.environ['TABLE_NAME']", "event_table()")) });
  assert.deepEqual(fromEvent[0].fixes.filter((f) => !f.title.startsWith('Ignore')).map((f) => f.title), []);
  const otherModule = ruleFindings(rule, { file: 'template.yaml', code: inlineApp('        - arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess', putItemPy).replace('Handler: index.handler', 'Handler: app.handler') });
  assert.deepEqual(otherModule[0].fixes.filter((f) => !f.title.startsWith('Ignore')).map((f) => f.title), []);
});

// A SAM state machine's role: its Task states and Logging say what it needs (permissions/state-machine.ts).
const machine = (policy: string, extra = '') => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:${extra}
      Logging:
        Destinations:
          - CloudWatchLogsLogGroup:
              LogGroupArn: !GetAtt Logs.Arn
        Level: ALL
      Definition:
        StartAt: Work
        States:
          Work:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters: { FunctionName: arn:aws:lambda:eu-west-1:123456789012:function:worker }
            End: true
      Policies:
        - LambdaInvokePolicy:
            FunctionName: worker
        - ${policy}
  Logs:
    Type: AWS::Logs::LogGroup
`;
const LOG_DELIVERY =
  "{Statement: [{Effect: Allow, Action: [logs:CreateLogDelivery, logs:DeleteLogDelivery, logs:DescribeLogGroups, logs:DescribeResourcePolicies, logs:GetLogDelivery, logs:ListLogDeliveries, logs:PutResourcePolicy, logs:UpdateLogDelivery], Resource: '*'}]}";

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'CloudWatchLogsFullAccess on a SAM state machine that logs: replaced by the log-delivery actions Step Functions needs',
      file: 'template.yaml',
      code: machine('CloudWatchLogsFullAccess'),
      errors: [{ text: 'CloudWatchLogsFullAccess', severity: 'warning' }],
      fixes: [{ title: 'Replace CloudWatchLogsFullAccess with what the state machines use (8 actions)', output: machine(LOG_DELIVERY) }],
    },
  ],
});

it('iam-admin-managed-policy: no state-machine fix when a need is granted by nothing known (X-Ray tracing, maybe by this policy)', () => {
  const [f] = ruleFindings(rule, { file: 'template.yaml', code: machine('CloudWatchLogsFullAccess', '\n      Tracing:\n        Enabled: true') });
  assert.ok(f);
  assert.deepEqual(f.fixes.filter((x) => !x.placeholder).map((x) => x.title), []);
});

// ---------------------------------------------------------------------------------------------
// Keys only CloudWatch Logs uses; inline code written through !Sub / !Join; Lambda@Edge logs

const keyed = (extra: string) => samApp('        - AmazonDynamoDBFullAccess').replace(
  'Resources:\n',
  `Resources:\n  Key:\n    Type: AWS::KMS::Key\n  FnLogs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      KmsKeyId: !GetAtt Key.Arn\n${extra}`,
);

run(rule, {
  valid: [],
  invalid: [
    {
      name: "a customer key that only encrypts a log group (CloudWatch Logs uses it, not the function) does not stop the fix",
      file: 'template.yaml',
      code: keyed(''),
      files: ddbApp,
      errors: [{ text: 'AmazonDynamoDBFullAccess' }],
      fixes: [
        {
          title: 'Replace AmazonDynamoDBFullAccess with what the code calls (dynamodb:GetItem, dynamodb:PutItem)',
          output: keyed('').replace('        - AmazonDynamoDBFullAccess', '        - {Statement: [{Effect: Allow, Action: [dynamodb:GetItem, dynamodb:PutItem], Resource: !GetAtt Orders.Arn}]}'),
        },
      ],
    },
  ],
});

it('the same key on the table the code writes (SSE-KMS: the caller needs kms actions on it): no fix', () => {
  const code = keyed('').replace('  Orders:\n    Type: AWS::DynamoDB::Table\n', '  Orders:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      SSESpecification:\n        SSEEnabled: true\n        SSEType: KMS\n        KMSMasterKeyId: !GetAtt Key.Arn\n');
  const [f] = ruleFindings(rule, { file: 'template.yaml', code, files: ddbApp });
  assert.ok(f);
  assert.deepEqual(f.fixes.filter((x) => !x.placeholder).map((x) => x.title), []);
});

/** A CloudFormation function whose ZipFile is `zip` (YAML after `ZipFile:`), on a role trusted by `principals`. */
const zipApp = (managed: string, zip: string, principals = 'lambda.amazonaws.com', after = '') => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: [${principals}] }
            Action: sts:AssumeRole
      ManagedPolicyArns:
${managed}
${after}  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: !GetAtt FnRole.Arn
      Code:
        ZipFile: ${zip}
`;
const twoPolicies = '        - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess\n        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const subJs = "!Sub |\n          exports.handler = async (event) => ({ statusCode: 200, body: `${!event.path}` });";
const joinJs = "!Join ['', ['exports.handler = async () => ', '({ statusCode: 200 });']]";

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'inline code written as a !Sub without variables (${!x} is the literal ${x}) is read: the code calls no AWS API, the policy goes',
      file: 'template.yaml',
      code: zipApp(twoPolicies, subJs),
      errors: [{ text: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }],
      fixes: [{ title: "Replace AmazonS3ReadOnlyAccess with what the code calls (the handlers' calls need nothing of it)", output: zipApp('        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', subJs) }],
    },
    {
      name: 'inline code written as a !Join of plain strings is read the same way',
      file: 'template.yaml',
      code: zipApp(twoPolicies, joinJs),
      errors: [{ text: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }],
      fixes: [{ title: "Replace AmazonS3ReadOnlyAccess with what the code calls (the handlers' calls need nothing of it)", output: zipApp('        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', joinJs) }],
    },
    {
      name: 'a Lambda@Edge role (edgelambda.amazonaws.com trusted) losing its only logs grant gets the replicas\' log groups too, in any region',
      file: 'template.yaml',
      code: zipApp('        - arn:aws:iam::aws:policy/AWSLambdaExecute', joinJs, 'lambda.amazonaws.com, edgelambda.amazonaws.com'),
      errors: [{ text: 'arn:aws:iam::aws:policy/AWSLambdaExecute' }],
      fixes: [
        {
          title: "Replace AWSLambdaExecute with what the code calls (the handlers' calls need nothing of it)",
          output: zipApp('', joinJs, 'lambda.amazonaws.com, edgelambda.amazonaws.com').replace(
            '      ManagedPolicyArns:\n\n',
            "      Policies:\n        - PolicyName: handler-access\n          PolicyDocument:\n            Version: '2012-10-17'\n            Statement:\n              - Effect: Allow\n                Action:\n                  - logs:CreateLogGroup\n                  - logs:CreateLogStream\n                  - logs:PutLogEvents\n                Resource:\n                  - !Sub 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${AWS::StackName}-Fn-*:*'\n                  - !Sub 'arn:${AWS::Partition}:logs:*:${AWS::AccountId}:log-group:/aws/lambda/${AWS::Region}.${AWS::StackName}-Fn-*:*'\n",
          ),
        },
      ],
    },
  ],
});

it('inline code through a !Sub that substitutes a value, or a !Join with a reference, is not read: no fix', () => {
  const withVar = zipApp(twoPolicies, "!Sub |\n          const bucket = '${Bucket}';\n          exports.handler = async () => bucket;", 'lambda.amazonaws.com', '  Bucket:\n    Type: AWS::S3::Bucket\n');
  const withRef = zipApp(twoPolicies, "!Join ['', ['const b = \"', !Ref Bucket, '\"; exports.handler = async () => b;']]", 'lambda.amazonaws.com', '  Bucket:\n    Type: AWS::S3::Bucket\n');
  for (const code of [withVar, withRef]) {
    const [f] = ruleFindings(rule, { file: 'template.yaml', code });
    assert.ok(f);
    assert.deepEqual(f.fixes.filter((x) => !x.placeholder).map((x) => x.title), []);
  }
});

// A call another grant of the role allows on every resource (a managed policy written after this one, an
// unconditional statement on '*') keeps working without this policy: it needs no statement, nor a resolved
// resource. Seen on aws-serverless-telepresence-robot (AWSLambdaExecute beside AmazonKinesisVideoStreamsFullAccess)
// and serverless-gameserver-workshop (AmazonDynamoDBFullAccess beside the WebSocket API's grant).
const twoServices = {
  'src/app.js': `const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const { KinesisVideoClient, DescribeSignalingChannelCommand } = require('@aws-sdk/client-kinesis-video');
const ddb = new DynamoDBClient({});
const kv = new KinesisVideoClient({});
exports.handler = async (e) => {
  await kv.send(new DescribeSignalingChannelCommand({ ChannelName: e.channel }));
  await ddb.send(new PutItemCommand({ TableName: process.env.TABLE, Item: {} }));
};
`,
};

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'AmazonDynamoDBFullAccess before AmazonKinesisVideoStreamsFullAccess: the Kinesis Video call (channel from the event) is the later policy\'s, the DynamoDB one gets its statement',
      file: 'template.yaml',
      code: samApp('        - AmazonDynamoDBFullAccess\n        - AmazonKinesisVideoStreamsFullAccess'),
      files: twoServices,
      errors: [{ text: 'AmazonDynamoDBFullAccess' }, { text: 'AmazonKinesisVideoStreamsFullAccess' }],
      fixes: [
        {
          finding: 0,
          title: 'Replace AmazonDynamoDBFullAccess with what the code calls (dynamodb:PutItem)',
          output: samApp('        - {Statement: [{Effect: Allow, Action: [dynamodb:PutItem], Resource: !GetAtt Orders.Arn}]}\n        - AmazonKinesisVideoStreamsFullAccess'),
        },
      ],
    },
    {
      name: 'an unconditional statement on * granting kinesisvideo:* serves the Kinesis Video call too',
      file: 'template.yaml',
      code: samApp('        - AmazonDynamoDBFullAccess\n        - Statement: [{Effect: Allow, Action: "kinesisvideo:*", Resource: "*"}]'),
      files: twoServices,
      errors: [{ text: 'AmazonDynamoDBFullAccess' }],
      fixes: [{ title: 'Replace AmazonDynamoDBFullAccess with what the code calls (dynamodb:PutItem)' }],
    },
  ],
});

const realFixTitles = (code: string) => ruleFindings(rule, { file: 'template.yaml', code, files: twoServices }).map((f) => f.fixes.filter((x) => !x.placeholder).map((x) => x.title));

it('the Kinesis Video policy itself: its call names a channel from the event, and the earlier DynamoDB policy is not leaned on: no fix', () => {
  assert.deepEqual(realFixTitles(samApp('        - AmazonDynamoDBFullAccess\n        - AmazonKinesisVideoStreamsFullAccess'))[1], []);
});

it('the policies the other way round: the DynamoDB policy does not lean on the earlier Kinesis Video one (whose own fix could lean on it): no fix', () => {
  assert.deepEqual(realFixTitles(samApp('        - AmazonKinesisVideoStreamsFullAccess\n        - AmazonDynamoDBFullAccess')), [[], []]);
});

it('a statement on * with a Condition, or on one channel, does not serve a call on any channel: no fix', () => {
  assert.deepEqual(realFixTitles(samApp('        - AmazonDynamoDBFullAccess\n        - Statement: [{Effect: Allow, Action: "kinesisvideo:*", Resource: "*", Condition: {StringEquals: {"aws:ResourceTag/app": "x"}}}]'))[0], []);
  assert.deepEqual(realFixTitles(samApp("        - AmazonDynamoDBFullAccess\n        - Statement: [{Effect: Allow, Action: \"kinesisvideo:*\", Resource: !Sub 'arn:aws:kinesisvideo:${AWS::Region}:${AWS::AccountId}:channel/one/*'}]"))[0], []);
});

it('after the DynamoDB policy is replaced, every call of the handler is still allowed (iam-missing-permission finds nothing)', () => {
  const code = samApp('        - AmazonDynamoDBFullAccess\n        - AmazonKinesisVideoStreamsFullAccess');
  const [f] = ruleFindings(rule, { file: 'template.yaml', code, files: twoServices });
  const fix = f.fixes.find((x) => !x.placeholder);
  assert.ok(fix);
  const out = applyFix(fix, '/project/template.yaml', code);
  assert.deepEqual(ruleFindings(missing, { file: 'template.yaml', code: out, files: twoServices }).map((x) => x.message), []);
  assert.deepEqual(ruleFindings(missing, { file: 'template.yaml', code, files: twoServices }).map((x) => x.message), []);
});
