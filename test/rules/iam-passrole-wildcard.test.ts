import rule from '../../rules/iam-passrole-wildcard';
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { applyFix, ruleFindings, run, setCodeSupport } from '../helpers/rule-tester';
import missing from '../../rules/iam-missing-permission';
import { sam, zipReadsBucket, zipRoleApp } from '../helpers/policy-hosts';

const sls = (statements: string) => `service: deployer
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
${statements}
functions:
  deploy:
    handler: src/deploy.handler
`;

const cfn = (statements: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Policy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: pass
      Roles: [!Ref FnRole]
      PolicyDocument:
        Statement:
${statements}
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
`;

const json = (statements: unknown[]) =>
  JSON.stringify(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: { Policy: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: statements } } } },
    },
    null,
    2,
  );

run(rule, {
  valid: [
    { name: 'PassRole scoped to one role', file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: iam:PassRole\n          Resource: arn:aws:iam::123456789012:role/worker`) },
    { name: 'PassRole scoped with GetAtt', file: 'template.yaml', code: sam(`            - Effect: Allow\n              Action: iam:PassRole\n              Resource: !GetAtt WorkerRole.Arn`) },
    { name: 'PassRole scoped to a role path', file: 'template.yaml', code: cfn(`          - Effect: Allow\n            Action: iam:PassRole\n            Resource: arn:aws:iam::123456789012:role/service-role/*`) },
    { name: 'Deny is never reported', file: 'serverless.yml', code: sls(`        - Effect: Deny\n          Action: iam:PassRole\n          Resource: '*'`) },
    { name: "Action '*' + Resource '*' is administrator access (iam-wildcard-action)", file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: '*'\n          Resource: '*'`) },
    { name: 'other IAM actions on *', file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: [iam:GetRole, iam:List*]\n          Resource: '*'`) },
    { name: 'JSON, scoped', file: 'template.json', code: json([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': ['Worker', 'Arn'] } }]) },
  ],
  invalid: [
    {
      name: "iam:PassRole on '*'",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: iam:PassRole\n          Resource: '*'`),
      errors: [{ text: 'iam:PassRole', line: 9, severity: 'error', message: "iam:PassRole on Resource '*' lets this role pass any IAM role in the account" }],
    },
    {
      name: 'iam:* includes PassRole',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action:\n            - s3:GetObject\n            - iam:*\n          Resource: "*"`),
      errors: [{ text: 'iam:*', line: 11, message: 'iam:* includes iam:PassRole' }],
    },
    {
      name: 'with a PassedToService condition it can still pass any role',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: iam:PassRole\n          Resource: '*'\n          Condition:\n            StringEquals:\n              iam:PassedToService: lambda.amazonaws.com`),
      errors: [{ text: 'iam:PassRole' }],
    },
    {
      name: 'SAM: iam:Pass* on every role of the account (Sub)',
      file: 'template.yaml',
      code: sam(`            - Effect: Allow\n              Action: iam:Pass*\n              Resource: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/*`),
      errors: [{ text: 'iam:Pass*', message: 'on every role' }],
    },
    {
      name: 'CloudFormation: NotResource',
      file: 'template.yaml',
      code: cfn(`          - Effect: Allow\n            Action: iam:PassRole\n            NotResource: arn:aws:iam::123456789012:role/admin`),
      errors: [{ text: 'iam:PassRole', message: 'NotResource' }],
    },
    {
      name: 'JSON, any letter case',
      file: 'template.json',
      code: json([{ Effect: 'Allow', Action: ['IAM:passrole'], Resource: '*' }]),
      errors: [{ text: '"IAM:passrole"', message: 'IAM:passrole on Resource' }],
    },
  ],
});

// Conditions narrow: iam:PassedToService limited to services that cannot run code with the role.
const passWith = (condition: string) => sls(`        - Effect: Allow\n          Action: iam:PassRole\n          Resource: '*'\n${condition}`);
run(rule, {
  valid: [
    { name: 'PassRole on * limited to CloudWatch Logs delivery', file: 'serverless.yml', code: passWith(`          Condition:\n            StringEquals:\n              iam:PassedToService: logs.amazonaws.com`) },
    { name: 'PassRole on * limited to two inert services (list)', file: 'serverless.yml', code: passWith(`          Condition:\n            StringEquals:\n              iam:PassedToService:\n                - sms-voice.amazonaws.com\n                - s3.amazonaws.com`) },
  ],
  invalid: [
    { name: 'limited to Lambda: still "pass any role to Lambda"', file: 'serverless.yml', code: passWith(`          Condition:\n            StringEquals:\n              iam:PassedToService: lambda.amazonaws.com`), errors: [{ text: 'iam:PassRole', messageId: 'passAnyRole' }] },
    { name: 'a StringLike pattern that covers EC2', file: 'serverless.yml', code: passWith(`          Condition:\n            StringLike:\n              iam:PassedToService: 'ec2.*'`), errors: [{ text: 'iam:PassRole' }] },
    { name: 'a negative operator does not narrow', file: 'serverless.yml', code: passWith(`          Condition:\n            StringNotEquals:\n              iam:PassedToService: logs.amazonaws.com`), errors: [{ text: 'iam:PassRole' }] },
    { name: 'another condition key does not narrow', file: 'serverless.yml', code: passWith(`          Condition:\n            StringEquals:\n              aws:RequestedRegion: eu-west-1`), errors: [{ text: 'iam:PassRole' }] },
  ],
});

// ---------------------------------------------------------------------------------------------
// Fix: iam:PassRole scoped to the roles the code passes, to the services it passes them to

before(async () => {
  await initCodeParsers();
  setCodeSupport((e) => {
    e.codeSupport = new TreeSitterCodeSupport(e);
  });
});

const passApp = (actions: string, roleEnv = '!GetAtt JobRole.Arn') => `Transform: AWS::Serverless-2016-10-31
Resources:
  JobRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Service: comprehend.amazonaws.com
            Action: sts:AssumeRole
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: python3.12
      Environment:
        Variables:
          ROLE_ARN: ${roleEnv}
      Policies:
        - Statement:
            - Effect: Allow
              Action: ${actions}
              Resource: '*'
`;
const startJob = (role: string) => ({
  'src/app.py': `import os\nimport boto3\n\ncomprehend = boto3.client('comprehend')\n\ndef handler(event, context):\n    return comprehend.start_entities_detection_job(DataAccessRoleArn=${role}, InputDataConfig={}, OutputDataConfig={}, LanguageCode='en')\n`,
});
const scoped = `            - Effect: Allow
              Action: iam:PassRole
              Resource: !GetAtt JobRole.Arn
              Condition:
                StringEquals:
                  iam:PassedToService: comprehend.amazonaws.com
`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'the code passes the role its environment names to Comprehend: iam:PassRole moves to a statement on that role, for Comprehend only',
      file: 'template.yaml',
      code: passApp('\n                - comprehend:StartEntitiesDetectionJob\n                - iam:PassRole'),
      files: startJob("os.environ['ROLE_ARN']"),
      errors: [{ text: 'iam:PassRole', severity: 'error' }],
      fixes: [
        {
          title: 'Scope iam:PassRole to the role the code passes, passed only to comprehend.amazonaws.com',
          output: passApp('\n                - comprehend:StartEntitiesDetectionJob') + scoped,
        },
      ],
    },
    {
      name: 'a statement of iam:PassRole alone gets the role as its Resource and the condition',
      file: 'template.yaml',
      code: passApp('iam:PassRole'),
      files: startJob("os.environ['ROLE_ARN']"),
      errors: [{ text: 'iam:PassRole', severity: 'error' }],
      fixes: [{ title: /^Scope iam:PassRole to the role the code passes/ }],
    },
  ],
});

it('no PassRole scoping when the passed role is not known', () => {
  const titles = (code: string, files: Record<string, string>) =>
    ruleFindings(rule, { file: 'template.yaml', code, files }).flatMap((f) => f.fixes.map((x) => x.title).filter((t) => !t.startsWith('Ignore')));
  // The role comes from the event: any role could be passed.
  assert.deepEqual(titles(passApp('[comprehend:StartEntitiesDetectionJob, iam:PassRole]'), startJob("event['role']")), []);
  // The environment names a role outside the template by a parameter of unknown shape.
  assert.deepEqual(titles(passApp('[comprehend:StartEntitiesDetectionJob, iam:PassRole]', '!ImportValue shared-role'), startJob("os.environ['ROLE_ARN']")), []);
});

// Code written in the template (Code.ZipFile) is read like a handler file: iam:PassRole on '*' of a
// role whose only user is that function, which hands no role to a service, is dropped.
const zipApp = (code: string, actions = `[s3:GetObject, iam:PassRole]`) =>
  zipRoleApp(
    `              - Effect: Allow
                Action: ${actions}
                Resource: '*'
`,
    code,
  );
const zipReads = zipReadsBucket;

it("inline code (ZipFile) that passes no role: iam:PassRole on '*' is dropped, the read keeps its bucket", () => {
  const code = zipApp(zipReads);
  const found = ruleFindings(rule, { file: 'template.yaml', code });
  assert.equal(found.length, 1);
  const fix = found[0].fixes.find((x) => !x.title.startsWith('Ignore'));
  assert.ok(fix, 'a fix other than suppression');
  const out = applyFix(fix, '/project/template.yaml', code);
  assert.ok(!out.includes('iam:PassRole'), out);
  assert.ok(out.includes('s3:GetObject'), out);
  assert.equal(ruleFindings(rule, { file: 'template.yaml', code: out }).length, 0);
  assert.deepEqual(ruleFindings(missing, { file: 'template.yaml', code: out }).map((f) => f.message), []);
});

it('inline code that starts a Comprehend job with a role (a role-passing call): no fix drops iam:PassRole', () => {
  const code = zipApp(`import os
import boto3
c = boto3.client('comprehend')
def handler(event, context):
    return c.start_entities_detection_job(DataAccessRoleArn=os.environ['ROLE'], InputDataConfig={'S3Uri': 's3://b/in'}, OutputDataConfig={'S3Uri': 's3://b/out'}, LanguageCode='en')
`);
  const found = ruleFindings(rule, { file: 'template.yaml', code });
  assert.equal(found.length, 1);
  for (const fix of found[0].fixes.filter((x) => !x.title.startsWith('Ignore'))) assert.ok(applyFix(fix, '/project/template.yaml', code).includes('iam:PassRole'), fix.title);
});
