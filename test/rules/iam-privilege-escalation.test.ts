import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import rule from '../../rules/iam-privilege-escalation';
import missing from '../../rules/iam-missing-permission';
import { applyFix, ruleFindings, run, setCodeSupport } from '../helpers/rule-tester';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { sam, zipReadsBucket, zipRoleApp } from '../helpers/policy-hosts';

const sls = (statements: string, functions = `  deploy:\n    handler: src/deploy.handler\n`) => `service: deployer
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
${statements}
functions:
${functions}`;

/** A role with an inline policy, and a separate AWS::IAM::Policy attached to the same role. */
const cfnSplit = (inline: string, attached: string, roles = '[!Ref FnRole]') => `AWSTemplateFormatVersion: '2010-09-09'
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
        - PolicyName: inline
          PolicyDocument:
            Statement:
${inline}
  OtherRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: ${roles}
      PolicyDocument:
        Statement:
${attached}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: !GetAtt FnRole.Arn
      Code: { ZipFile: "exports.handler = async () => {}" }
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

const passAndCreate = `        - Effect: Allow
          Action: iam:PassRole
          Resource: '*'
        - Effect: Allow
          Action:
            - lambda:CreateFunction
            - lambda:InvokeFunction
          Resource: arn:aws:lambda:eu-west-1:123456789012:function:jobs-*`;

run(rule, {
  valid: [
    {
      name: 'PassRole scoped to one worker role + CreateFunction',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: iam:PassRole\n          Resource: arn:aws:iam::123456789012:role/worker\n        - Effect: Allow\n          Action: [lambda:CreateFunction, lambda:InvokeFunction]\n          Resource: '*'`),
    },
    { name: 'UpdateFunctionCode on one function', file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: lambda:UpdateFunctionCode\n          Resource: arn:aws:lambda:eu-west-1:123456789012:function:blue`) },
    { name: "Action '*' alone is administrator access (iam-wildcard-action)", file: 'serverless.yml', code: sls(`        - Effect: Allow\n          Action: '*'\n          Resource: '*'`) },
    { name: 'Deny is never reported', file: 'serverless.yml', code: sls(`        - Effect: Deny\n          Action: [iam:PutRolePolicy, iam:CreatePolicyVersion]\n          Resource: '*'`) },
    {
      name: 'an unconditional Deny removes the escalation from the effective policy',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: iam:AttachRolePolicy\n          Resource: '*'\n        - Effect: Deny\n          Action: iam:Attach*\n          Resource: '*'`),
    },
    { name: 'read-only IAM', file: 'template.yaml', code: sam(`            - Effect: Allow\n              Action: [iam:GetRole, iam:ListRoles, iam:Get*]\n              Resource: '*'`) },
    {
      name: 'the parts of a combination on two different roles do not combine',
      file: 'template.yaml',
      code: cfnSplit(`              - Effect: Allow\n                Action: iam:PassRole\n                Resource: '*'`, `          - Effect: Allow\n            Action: [lambda:CreateFunction, lambda:InvokeFunction]\n            Resource: '*'`, '[!Ref OtherRole]'),
    },
    { name: 'JSON, harmless', file: 'template.json', code: json([{ Effect: 'Allow', Action: ['lambda:InvokeFunction', 'sts:GetCallerIdentity'], Resource: '*' }]) },
    {
      // Judged sample c: the `sam pipeline init` build role assumes only the stage roles `sam pipeline bootstrap` tags.
      name: "sts:AssumeRole on '*' limited by an aws:ResourceTag test reaches only the tagged roles",
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: sts:AssumeRole\n          Resource: '*'\n          Condition:\n            StringEquals:\n              aws:ResourceTag/Role: pipeline-execution-role`),
    },
  ],
  invalid: [
    {
      name: 'an aws:ResourceTag limit does not hold when the role may also tag roles (iam:TagRole), nor with a wildcard tag value',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: sts:AssumeRole\n          Resource: '*'\n          Condition:\n            StringEquals:\n              aws:ResourceTag/Role: pipeline-execution-role\n        - Effect: Allow\n          Action: iam:TagRole\n          Resource: '*'\n        - Effect: Allow\n          Action: iam:PassRole\n          Resource: '*'\n          Condition:\n            StringLike:\n              aws:ResourceTag/Role: '*'\n        - Effect: Allow\n          Action: [lambda:CreateFunction, lambda:InvokeFunction]\n          Resource: '*'`),
      errors: [{ text: 'sts:AssumeRole' }, { text: 'lambda:CreateFunction' }],
    },
    {
      name: 'iam:PutRolePolicy, single action',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: iam:PutRolePolicy\n          Resource: '*'`),
      errors: [{ text: 'iam:PutRolePolicy', line: 9, severity: 'error', message: /^iam:PutRolePolicy lets the role of function deploy escalate its privileges: it can give a role .* an arbitrary inline policy/ }],
    },
    {
      name: 'PassRole + CreateFunction + InvokeFunction across statements: one finding on the compute action',
      file: 'serverless.yml',
      code: sls(passAndCreate),
      errors: [{ text: 'lambda:CreateFunction', line: 13, message: "together with iam:PassRole on Resource '*' and lambda:InvokeFunction" }],
    },
    {
      name: 'iam:Attach*Policy: one finding listing the ways',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: iam:Attach*Policy\n          Resource: '*'`),
      errors: [{ text: 'iam:Attach*Policy', message: /escalate its privileges in 3 ways, e\.g\. attach a managed policy to a user \(iam:AttachUserPolicy\)/ }],
    },
    {
      name: 'iam:* on a single role ARN still lets it rewrite policies',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action: iam:*\n          Resource: arn:aws:iam::123456789012:role/deployer`),
      errors: [{ text: 'iam:*', message: /in \d+ ways/ }],
    },
    {
      name: 'CreateAccessKey and UpdateAssumeRolePolicy are reported separately',
      file: 'serverless.yml',
      code: sls(`        - Effect: Allow\n          Action:\n            - iam:CreateAccessKey\n            - iam:UpdateAssumeRolePolicy\n          Resource: arn:aws:iam::123456789012:user/*`),
      errors: [
        { text: 'iam:CreateAccessKey', message: 'access keys' },
        { text: 'iam:UpdateAssumeRolePolicy', message: 'trust a principal' },
      ],
    },
    {
      name: 'statements shared through perFunction inheritance are reported once',
      file: 'serverless.yml',
      code: `service: s
provider:
  name: aws
  iam:
    role:
      mode: perFunction
      statements:
        - Effect: Allow
          Action: iam:SetDefaultPolicyVersion
          Resource: '*'
functions:
  a:
    handler: a.main
  b:
    handler: b.main
`,
      errors: [{ text: 'iam:SetDefaultPolicyVersion', message: '2 roles' }],
    },
    {
      name: 'CloudFormation: PassRole inline + CreateFunction in an attached AWS::IAM::Policy',
      file: 'template.yaml',
      code: cfnSplit(`              - Effect: Allow\n                Action: iam:PassRole\n                Resource: '*'`, `          - Effect: Allow\n            Action: [lambda:CreateFunction, lambda:AddPermission]\n            Resource: '*'`),
      errors: [{ text: 'lambda:CreateFunction', message: 'role FnRole (used by Fn)' }],
    },
    {
      name: 'CloudFormation: PutRolePolicy on its own role',
      file: 'template.yaml',
      code: cfnSplit(`              - Effect: Allow\n                Action: iam:PutRolePolicy\n                Resource: !GetAtt FnRole.Arn`, `          - Effect: Allow\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::b/*`),
      errors: [{ text: 'iam:PutRolePolicy' }],
    },
    {
      name: "SAM: lambda:UpdateFunctionCode on '*'",
      file: 'template.yaml',
      code: sam(`            - Effect: Allow\n              Action: [lambda:GetFunction, lambda:UpdateFunctionCode]\n              Resource: '*'`),
      errors: [{ text: 'lambda:UpdateFunctionCode', message: "lambda:UpdateFunctionCode on Resource '*' lets the role of function Fn" }],
    },
    {
      name: 'JSON managed policy attached to nothing in this file',
      file: 'template.json',
      code: json([{ Effect: 'Allow', Action: ['s3:GetObject', 'iam:CreatePolicyVersion'], Resource: '*' }]),
      errors: [{ text: '"iam:CreatePolicyVersion"', message: 'any role or user this policy is attached to' }],
    },
  ],
});

describe('iam-privilege-escalation related locations', () => {
  it('points at the other actions of the combination', () => {
    const code = sls(passAndCreate);
    const [f] = ruleFindings(rule, { file: 'serverless.yml', code });
    assert.deepEqual(
      (f.related ?? []).map((r) => code.slice(r.range.start, r.range.end)),
      ['iam:PassRole', 'lambda:InvokeFunction'],
    );
    assert.match(f.related![0].message, /part of "pass a role to a new Lambda function and run it"/);
  });
});

// An escalation path that needs iam:PassRole is impossible when the pass is limited to services that cannot run code.
run(rule, {
  valid: [
    {
      name: 'PassRole on * only to logs.amazonaws.com + lambda:CreateFunction: no path',
      file: 'serverless.yml',
      code: sls(passAndCreate.replace("          Resource: '*'\n", "          Resource: '*'\n          Condition:\n            StringEquals:\n              iam:PassedToService: logs.amazonaws.com\n")),
    },
  ],
  invalid: [
    {
      name: 'PassRole on * only to lambda.amazonaws.com + lambda:CreateFunction: still a path',
      file: 'serverless.yml',
      code: sls(passAndCreate.replace("          Resource: '*'\n", "          Resource: '*'\n          Condition:\n            StringEquals:\n              iam:PassedToService: lambda.amazonaws.com\n")),
      errors: [{ text: 'lambda:CreateFunction', messageId: 'combination' }],
    },
  ],
});

// Change sets scoped to one stack, PassRole scoped to one role: the deployment role's job (info).
const changeSets = (stack: string, passRole: string) => `        - Effect: Allow
          Action:
            - cloudformation:CreateChangeSet
            - cloudformation:ExecuteChangeSet
          Resource: ${stack}
        - Effect: Allow
          Action: iam:PassRole
          Resource: ${passRole}
`;
const ONE_STACK = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/orders-prod/*';
const ONE_ROLE = 'arn:aws:iam::123456789012:role/orders-cfn-exec';

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'CreateChangeSet + ExecuteChangeSet on one stack, PassRole on one role: info',
      file: 'serverless.yml',
      code: sls(changeSets(ONE_STACK, ONE_ROLE)),
      errors: [{ text: 'cloudformation:CreateChangeSet', severity: 'info', messageId: 'scopedChangeSet' }],
    },
    {
      name: 'the same on every stack (stack/*): an error',
      file: 'serverless.yml',
      code: sls(changeSets('arn:aws:cloudformation:eu-west-1:123456789012:stack/*', ONE_ROLE)),
      errors: [{ text: 'cloudformation:CreateChangeSet', severity: 'error', messageId: 'combination' }],
    },
    {
      name: 'CloudFormation: change sets on !Sub stack/${DeployStackName}/*, PassRole on !GetAtt ExecRole.Arn: info',
      file: 'template.yaml',
      code: `Resources:
  ExecRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: cloudformation.amazonaws.com}, Action: sts:AssumeRole}]}
  PipelineRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: codepipeline.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: deploy
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [cloudformation:CreateChangeSet, cloudformation:ExecuteChangeSet]
                Resource: !Sub arn:\${AWS::Partition}:cloudformation:\${AWS::Region}:\${AWS::AccountId}:stack/\${DeployStackName}/*
              - Effect: Allow
                Action: iam:PassRole
                Resource: !GetAtt ExecRole.Arn
`,
      errors: [{ text: 'cloudformation:CreateChangeSet', severity: 'info', messageId: 'scopedChangeSet' }],
    },
    {
      name: "a project's stack-name prefix (stack/orders*/*): the project's own stacks, info",
      file: 'serverless.yml',
      code: sls(changeSets('arn:aws:cloudformation:eu-west-1:123456789012:stack/orders*/*', ONE_ROLE)),
      errors: [{ text: 'cloudformation:CreateChangeSet', severity: 'info', messageId: 'scopedChangeSet' }],
    },
    {
      name: "a template variable's prefix (!Sub stack/${AppName}-*): the project's own stacks, info",
      file: 'serverless.yml',
      code: sls(changeSets("!Sub 'arn:aws:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${AppName}-*'", ONE_ROLE)),
      errors: [{ text: 'cloudformation:CreateChangeSet', severity: 'info', messageId: 'scopedChangeSet' }],
    },
    {
      name: 'a prefix of only the region (stack/${AWS::Region}*) names any stack: an error',
      file: 'serverless.yml',
      code: sls(changeSets("!Sub 'arn:aws:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${AWS::Region}*'", ONE_ROLE)),
      errors: [{ text: 'cloudformation:CreateChangeSet', severity: 'error', messageId: 'combination' }],
    },
    {
      name: 'a two-letter prefix (stack/ab*) is no project name: an error',
      file: 'serverless.yml',
      code: sls(changeSets('arn:aws:cloudformation:eu-west-1:123456789012:stack/ab*', ONE_ROLE)),
      errors: [{ text: 'cloudformation:CreateChangeSet', severity: 'error', messageId: 'combination' }],
    },
    {
      name: 'one stack but iam:PassRole on a role-name prefix: an error',
      file: 'serverless.yml',
      code: sls(changeSets(ONE_STACK, 'arn:aws:iam::123456789012:role/orders-*')),
      errors: [{ text: 'cloudformation:CreateChangeSet', severity: 'error', messageId: 'combination' }],
    },
    {
      name: "one stack but iam:PassRole on '*': an error (the change set can pass any role)",
      file: 'serverless.yml',
      code: sls(changeSets(ONE_STACK, "'*'")),
      errors: [{ text: 'cloudformation:CreateChangeSet', severity: 'error' }],
    },
  ],
});

// Minting keys for a user the template creates is only an escalation when that user can do more
// than the role: a send-only SMTP user's key rotation is the function's job (not reported).
const rotation = (user: string, keyResource = '!GetAtt SmtpUser.Arn', extra = '') => `Resources:
  SmtpUser:
    Type: AWS::IAM::User
    Properties:
${user}
  RotationRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: rotate
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action:
                  - iam:CreateAccessKey
                  - iam:DeleteAccessKey
                  - iam:ListAccessKeys
                Resource: ${keyResource}
${extra}`;
const SEND_ONLY = `      Policies:
        - PolicyName: send
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ses:SendRawEmail
                Resource: !Sub arn:aws:ses:\${AWS::Region}:\${AWS::AccountId}:identity/example.com`;

run(rule, {
  valid: [
    { name: "CreateAccessKey on the template's own send-only user (!GetAtt User.Arn)", file: 'template.yaml', code: rotation(SEND_ONLY) },
    {
      name: 'CreateAccessKey on !Sub user/${SmtpUser} of a send-only user',
      file: 'template.yaml',
      code: rotation(SEND_ONLY, '!Sub arn:aws:iam::${AWS::AccountId}:user/${SmtpUser}'),
    },
    { name: 'CreateAccessKey on a user with no policies at all', file: 'template.yaml', code: rotation('      UserName: smtp') },
  ],
  invalid: [
    {
      name: 'the target user has an AWS managed policy: its key may carry more than the role',
      file: 'template.yaml',
      code: rotation('      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/AdministratorAccess'),
      errors: [{ text: 'iam:CreateAccessKey', severity: 'error', messageId: 'single' }],
    },
    {
      name: 'the target user can itself escalate (iam:PutUserPolicy)',
      file: 'template.yaml',
      code: rotation('      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: iam:PutUserPolicy\n                Resource: "*"'),
      errors: [{ text: 'iam:PutUserPolicy' }, { text: 'iam:CreateAccessKey', severity: 'error' }],
    },
    {
      name: 'the target user has a wildcard action',
      file: 'template.yaml',
      code: rotation('      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: s3:*\n                Resource: "*"'),
      errors: [{ text: 'iam:CreateAccessKey', severity: 'error' }],
    },
    {
      name: 'the target user is in a group (its permissions are not all here)',
      file: 'template.yaml',
      code: rotation(`${SEND_ONLY}\n      Groups: [ops]`),
      errors: [{ text: 'iam:CreateAccessKey', severity: 'error' }],
    },
    {
      name: 'an AWS::IAM::Policy attached to the user adds permissions',
      file: 'template.yaml',
      code: rotation(
        SEND_ONLY,
        '!GetAtt SmtpUser.Arn',
        '  More:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: more\n      Users: [!Ref SmtpUser]\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: iam:AttachUserPolicy\n            Resource: "*"\n',
      ),
      errors: [{ text: 'iam:CreateAccessKey', severity: 'error' }, { text: 'iam:AttachUserPolicy' }],
    },
    {
      name: 'another user too (user/*): still an escalation',
      file: 'template.yaml',
      code: rotation(SEND_ONLY, '[!GetAtt SmtpUser.Arn, "arn:aws:iam::123456789012:user/*"]'),
      errors: [{ text: 'iam:CreateAccessKey', severity: 'error' }],
    },
  ],
});

// A Step Functions execution role: its state machines' Task states say what it needs (permissions/state-machine.ts).
const machineRole = (actions: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
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
                Resource: arn:aws:lambda:eu-west-1:123456789012:function:*
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
            Parameters: { FunctionName: arn:aws:lambda:eu-west-1:123456789012:function:worker }
            End: true
`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'lambda:* on a state machine role whose Tasks only invoke: narrowed to lambda:InvokeFunction',
      file: 'template.yaml',
      code: machineRole('lambda:*'),
      errors: [{ text: 'lambda:*', severity: 'error' }],
      fixes: [{ title: 'Narrow to what the state machines use (lambda:InvokeFunction)', output: machineRole('lambda:InvokeFunction') }],
    },
  ],
});

/** A deploy role allowed boundary-gated IAM actions on '*' under `condition`, and the boundary policy itself. */
const delegation = (actions: string, condition: string, boundary = `          - Effect: Allow\n            Action: 's3:*'\n            Resource: '*'\n`) => `Resources:
  AppBoundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: app-boundary
      PolicyDocument:
        Statement:
${boundary}  Deployer:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: cloudformation.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: roles
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ${actions}
                Resource: '*'
${condition}`;
const boundaryIs = (op: string, value = `!Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/app-boundary'`) =>
  `                Condition:\n                  ${op}:\n                    iam:PermissionsBoundary: ${value}\n`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'iam:AttachRolePolicy limited by iam:PermissionsBoundary to roles capped by the app boundary: info naming the condition',
      file: 'template.yaml',
      code: delegation('[iam:CreateRole, iam:AttachRolePolicy, iam:PutRolePermissionsBoundary]', boundaryIs('StringEquals')),
      errors: [
        { text: 'iam:AttachRolePolicy', severity: 'info', messageId: 'boundaryCapped', message: "StringEquals iam:PermissionsBoundary = arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/app-boundary" },
        { text: 'iam:PutRolePermissionsBoundary', severity: 'info', messageId: 'boundaryCapped' },
      ],
    },
    {
      name: 'iam:DeleteRolePermissionsBoundary under the same condition removes exactly that boundary: still an error',
      file: 'template.yaml',
      code: delegation('[iam:DeleteRolePermissionsBoundary]', boundaryIs('StringEquals')),
      errors: [{ text: 'iam:DeleteRolePermissionsBoundary', severity: 'error', messageId: 'single' }],
    },
    {
      name: 'a negated or IfExists test does not cap: error',
      file: 'template.yaml',
      code: delegation('[iam:AttachRolePolicy]', boundaryIs('StringNotEquals')),
      errors: [{ text: 'iam:AttachRolePolicy', severity: 'error', messageId: 'single' }],
    },
    {
      name: 'IfExists lets requests without a boundary through: error',
      file: 'template.yaml',
      code: delegation('[iam:AttachRolePolicy]', boundaryIs('StringEqualsIfExists')),
      errors: [{ text: 'iam:AttachRolePolicy', severity: 'error', messageId: 'single' }],
    },
    {
      name: 'a wildcard boundary name caps nothing specific: error',
      file: 'template.yaml',
      code: delegation('[iam:AttachRolePolicy]', boundaryIs('StringLike', `'arn:aws:iam::123456789012:policy/*'`)),
      errors: [{ text: 'iam:AttachRolePolicy', severity: 'error', messageId: 'single' }],
    },
    {
      name: "a boundary of this file that allows '*' on '*' unconditionally caps nothing: error",
      file: 'template.yaml',
      code: delegation('[iam:AttachRolePolicy]', boundaryIs('StringEquals'), `          - Effect: Allow\n            Action: '*'\n            Resource: '*'\n`),
      errors: [{ text: 'iam:AttachRolePolicy', severity: 'error', messageId: 'single' }],
    },
  ],
});

// A deployment role writing the policies of the one function role the template creates: it gives that
// function more permissions, not itself (info); on its own role, on '*' or a pattern it stays an error.
const deployRoleTemplate = (resource: string) => `Resources:
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: !GetAtt FnRole.Arn
      Code: {ZipFile: 'exports.handler = async () => 1;'}
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: cloudformation.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: deploy
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [iam:PutRolePolicy, iam:AttachRolePolicy]
                Resource: ${resource}
`;

// [case, Resource of the deployment role's statement, severity, messageId]
const deployRoleCases: Array<[string, string, 'info' | 'error', string]> = [
  ["iam:PutRolePolicy + AttachRolePolicy on the template's one function role (!GetAtt FnRole.Arn): info, the function's permissions, not the holder's", '!GetAtt FnRole.Arn', 'info', 'ownFunctionRoles'],
  ['the same through !Sub role/${FnRole}: info', "!Sub 'arn:aws:iam::${AWS::AccountId}:role/${FnRole}'", 'info', 'ownFunctionRoles'],
  ['on the deployment role itself: an error', '!GetAtt DeployRole.Arn', 'error', 'single'],
  ["on '*': an error", "'*'", 'error', 'single'],
];

run(rule, {
  valid: [],
  invalid: deployRoleCases.map(([name, resource, severity, messageId], i) => ({
    name,
    file: 'template.yaml',
    code: deployRoleTemplate(resource),
    errors: [
      // The first case also pins the message naming the role and its function.
      { text: 'iam:PutRolePolicy', severity, messageId, ...(i === 0 ? { message: /reaches only FnRole \(the role of function Fn\)/ } : {}) },
      { text: 'iam:AttachRolePolicy', severity, messageId },
    ],
  })),
});

// Code written in the template (Code.ZipFile) is read like a handler file (permissions/inline-code.ts): when it is
// every user of the role and calls no escalating action, the narrowing drops that action.
describe('inline function code', () => {
  before(async () => {
    await initCodeParsers();
    setCodeSupport((e) => {
      e.codeSupport = new TreeSitterCodeSupport(e);
    });
  });
  after(() => setCodeSupport(() => undefined));
  const readStatement = `              - Effect: Allow
                Action: s3:GetObject
                Resource: !Sub '\${Bucket.Arn}/*'
`;
  const inlineApp = (code: string, escalation = `              - Effect: Allow
                Action: iam:PutRolePolicy
                Resource: !Sub 'arn:aws:iam::\${AWS::AccountId}:role/*'
`) => zipRoleApp(readStatement + escalation, code);
  const reads = zipReadsBucket;
  const realFixes = (code: string) => ruleFindings(rule, { file: 'template.yaml', code }).map((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore')));

  it('the inline code never calls iam:PutRolePolicy: its statement goes, the read stays allowed', () => {
    const code = inlineApp(reads);
    const found = ruleFindings(rule, { file: 'template.yaml', code });
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'error');
    const fix = found[0].fixes.find((x) => !x.title.startsWith('Ignore'));
    assert.ok(fix, 'a fix other than suppression');
    assert.equal(fix.title, 'Remove the statement: the code uses none of its actions');
    const out = applyFix(fix, '/project/template.yaml', code);
    assert.equal(out, inlineApp(reads, ''));
    // Finding gone, and every action the code calls is still granted (iam-missing-permission finds nothing).
    assert.equal(ruleFindings(rule, { file: 'template.yaml', code: out }).length, 0);
    assert.deepEqual(ruleFindings(missing, { file: 'template.yaml', code: out }).map((f) => f.message), []);
  });

  it('the inline code calls put_role_policy: no narrowing (it needs the action)', () => {
    const code = inlineApp(`import boto3
iam = boto3.client('iam')
def handler(event, context):
    iam.put_role_policy(RoleName=event['role'], PolicyName='p', PolicyDocument='{}')
`);
    assert.deepEqual(realFixes(code), [[]]);
  });

  it('the inline code uses a library that calls AWS for it (awswrangler: its calls are not known): no fix', () => {
    const code = inlineApp(`import os
import awswrangler as wr
def handler(event, context):
    return wr.s3.read_csv(f"s3://{os.environ['BUCKET']}/{event['key']}").to_json()
`);
    assert.deepEqual(realFixes(code), [[]]);
  });

  it('a second function on the role whose code is in S3 (not seen): no fix', () => {
    const code = inlineApp(reads).replace('  Fn:\n', `  Other:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Role: !GetAtt FnRole.Arn
      Code: {S3Bucket: artifacts, S3Key: other.zip}
  Fn:
`);
    assert.deepEqual(realFixes(code), [[]]);
  });
});
