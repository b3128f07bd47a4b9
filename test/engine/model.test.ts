import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../server/src/engine/model/build';
import { detectKind } from '../../server/src/engine/model/kind';
import { literalTexts } from '../../server/src/engine/model/policy';
import type { ConfigModel } from '../../server/src/engine/model/types';
import { findVariables } from '../../server/src/engine/model/variables';
import { parseYaml } from '../../server/src/engine/yaml/parse';
import { cpuTime, growth, withinUnits } from '../helpers/timing';

const model = (file: string, text: string): ConfigModel => {
  const m = buildModel(file, parseYaml(text, { format: file.endsWith('.json') ? 'json' : 'yaml' }));
  assert.ok(m, 'a model');
  return m;
};
const actionsOf = (m: ConfigModel, fnId: string): string[] => {
  const fn = m.functions.find((f) => f.id === fnId)!;
  const role = m.roles.find((r) => r.id === fn.roleId)!;
  return role.documents.flatMap((d) => d.statements.flatMap((s) => literalTexts(s.actions))).sort();
};

describe('kind detection', () => {
  it('detects by name and content', () => {
    const p = (t: string) => parseYaml(t).root;
    assert.equal(detectKind('serverless.yml', p('service: a\n')), 'serverless');
    assert.equal(detectKind('x/sls.yml', p('service: a\nprovider:\n  name: aws\n')), 'serverless');
    assert.equal(detectKind('x/sls.yml', p('service: a\nprovider:\n  name: azure\n')), undefined);
    assert.equal(detectKind('any.yaml', p('Transform: AWS::Serverless-2016-10-31\nResources: {}\n')), 'sam');
    assert.equal(detectKind('any.yaml', p('Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\n')), 'sam');
    assert.equal(detectKind('any.yaml', p('AWSTemplateFormatVersion: "2010-09-09"\n')), 'cfn');
    assert.equal(detectKind('stack.json', parseYaml('{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}', { format: 'json' }).root), 'cfn');
    assert.equal(detectKind('docker-compose.yml', p('services:\n  web: {image: x}\n')), undefined);
    assert.equal(detectKind('.github/workflows/ci.yml', p('on: push\njobs: {}\n')), undefined);
  });
});

describe('serverless.yml effective IAM', () => {
  it('merges v2 and v3 provider statements and managed policies into the shared role', () => {
    const m = model(
      'serverless.yml',
      `service: s
provider:
  name: aws
  iamRoleStatements:
    - {Effect: Allow, Action: sqs:SendMessage, Resource: '*'}
  iamManagedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
  iam:
    role:
      statements:
        - {Effect: Allow, Action: [s3:GetObject, s3:PutObject], Resource: arn:aws:s3:::b/*}
      managedPolicies: [arn:aws:iam::123456789012:policy/mine]
functions:
  a: {handler: a.h}
  b: {handler: b.h}
`,
    );
    assert.deepEqual(actionsOf(m, 'a'), ['s3:GetObject', 's3:PutObject', 'sqs:SendMessage']);
    assert.equal(m.functions[0].roleId, m.functions[1].roleId);
    const shared = m.roles.find((r) => r.id === 'sls:shared')!;
    assert.deepEqual(shared.functions, ['a', 'b']);
    assert.deepEqual(shared.managedPolicies.map((p) => [p.name, p.awsManaged]), [['ReadOnlyAccess', true], ['mine', false]]);
  });

  it('gives per-function roles to plugin and v4 statements, inheriting only when asked', () => {
    const m = model(
      'serverless.yml',
      `service: s
provider:
  name: aws
  iam:
    role:
      statements:
        - {Effect: Allow, Action: logs:PutLogEvents, Resource: '*'}
functions:
  plugin:
    handler: a.h
    iamRoleStatements:
      - {Effect: Allow, Action: dynamodb:GetItem, Resource: '*'}
  pluginInherit:
    handler: a.h
    iamRoleStatementsInherit: true
    iamRoleStatements:
      - {Effect: Allow, Action: dynamodb:PutItem, Resource: '*'}
  v4:
    handler: a.h
    iam:
      role:
        statements:
          - {Effect: Allow, Action: sns:Publish, Resource: '*'}
  shared:
    handler: a.h
`,
    );
    assert.deepEqual(actionsOf(m, 'plugin'), ['dynamodb:GetItem']);
    assert.deepEqual(actionsOf(m, 'pluginInherit'), ['dynamodb:PutItem', 'logs:PutLogEvents']);
    assert.deepEqual(actionsOf(m, 'v4'), ['sns:Publish']);
    assert.deepEqual(actionsOf(m, 'shared'), ['logs:PutLogEvents']);
  });

  it('perFunction mode inherits provider statements unless inheritStatements is false', () => {
    const m = model(
      'serverless.yml',
      `service: s
provider:
  name: aws
  iam:
    role:
      mode: perFunction
      statements:
        - {Effect: Allow, Action: logs:PutLogEvents, Resource: '*'}
functions:
  a: {handler: a.h}
  b:
    handler: b.h
    iam:
      inheritStatements: false
      role:
        statements:
          - {Effect: Allow, Action: s3:GetObject, Resource: '*'}
`,
    );
    assert.deepEqual(actionsOf(m, 'a'), ['logs:PutLogEvents']);
    assert.deepEqual(actionsOf(m, 'b'), ['s3:GetObject']);
    assert.notEqual(m.functions[0].roleId, m.functions[1].roleId);
  });

  it('links functions.X.role to a role in resources.Resources, and reads its policies', () => {
    const m = model(
      'serverless.yml',
      `service: s
provider: {name: aws}
functions:
  a: {handler: a.h, role: MyRole}
  b: {handler: b.h, role: arn:aws:iam::123456789012:role/external}
resources:
  Resources:
    MyRole:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument:
          Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
        Policies:
          - PolicyName: p
            PolicyDocument:
              Statement: [{Effect: Allow, Action: kms:Decrypt, Resource: '*'}]
    Extra:
      Type: AWS::IAM::Policy
      Properties:
        Roles: [!Ref MyRole]
        PolicyDocument:
          Statement: [{Effect: Allow, Action: ssm:GetParameter, Resource: '*'}]
`,
    );
    assert.deepEqual(actionsOf(m, 'a'), ['kms:Decrypt', 'ssm:GetParameter']);
    const b = m.roles.find((r) => r.id === m.functions[1].roleId)!;
    assert.equal(b.external, true);
    assert.equal(m.roles.find((r) => r.id === 'MyRole')!.trust?.statements.length, 1);
  });

  it('resolves ${self:} within the file and leaves remote/executable variables unknown', () => {
    const m = model(
      'serverless.yml',
      `service: s
custom:
  table: arn:aws:dynamodb:eu-west-1:1:table/t
  nested: \${self:custom.table}
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [dynamodb:GetItem, '\${file(./actions.js):list}', '\${ssm:/x}']
          Resource: ['\${self:custom.nested}', '\${self:custom.missing, "fallback"}']
functions:
  a: {handler: a.h}
`,
    );
    const st = m.documents[0].statements[0];
    assert.deepEqual(st.actions!.items.map((i) => i.kind), ['literal', 'variable', 'variable']);
    assert.deepEqual(st.resources!.items.map((i) => [i.kind, i.text]), [
      ['literal', 'arn:aws:dynamodb:eu-west-1:1:table/t'],
      ['literal', 'fallback'],
    ]);
  });

  it('reads environment (provider + function), events and url', () => {
    const m = model(
      'serverless.yml',
      `service: s
provider:
  name: aws
  environment: {A: '1', B: '2'}
functions:
  f:
    handler: src/f.main
    url: true
    environment: {B: '3'}
    events:
      - http: {path: /x, method: post}
      - sqs: arn:aws:sqs:eu-west-1:1:q
`,
    );
    const f = m.functions[0];
    assert.deepEqual(f.environment.map((e) => [e.name, e.inheritedFrom ?? 'own']), [['A', 'provider'], ['B', 'own']]);
    assert.deepEqual(f.events.map((e) => e.type), ['http', 'sqs']);
    assert.equal(f.url?.authType, 'NONE');
    assert.equal(f.handler?.text, 'src/f.main');
  });
});

describe('SAM and CloudFormation', () => {
  it('merges Globals, reads Policies of every shape and links Role references', () => {
    const m = model(
      'template.yaml',
      `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Environment:
      Variables: {STAGE: prod, SHARED: g}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      CodeUri: src/
      Environment:
        Variables: {SHARED: local}
      Policies:
        - AWSLambdaBasicExecutionRole
        - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
        - DynamoDBCrudPolicy: {TableName: !Ref Table}
        - Statement:
            - {Effect: Allow, Action: sqs:SendMessage, Resource: !GetAtt Q.Arn}
      Events:
        Api: {Type: Api, Properties: {Path: /x, Method: get}}
      FunctionUrlConfig: {AuthType: NONE}
  Other:
    Type: AWS::Serverless::Function
    Properties:
      Handler: other.handler
      Role: !GetAtt SharedRole.Arn
  SharedRole:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns: [!Ref Mp]
  Mp:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement: [{Effect: Allow, Action: s3:ListBucket, Resource: '*'}]
`,
    );
    const fn = m.functions.find((f) => f.id === 'Fn')!;
    assert.equal(fn.runtime, 'python3.12');
    assert.equal(fn.codeUri, 'src/');
    assert.deepEqual(fn.environment.map((e) => [e.name, e.inheritedFrom ?? 'own']), [['STAGE', 'globals'], ['SHARED', 'own']]);
    assert.deepEqual(fn.events.map((e) => e.type), ['Api']);
    assert.equal(fn.url?.authType, 'NONE');
    const role = m.roles.find((r) => r.id === fn.roleId)!;
    assert.deepEqual(role.managedPolicies.map((p) => p.name), ['AWSLambdaBasicExecutionRole', 'AmazonS3ReadOnlyAccess']);
    assert.deepEqual(role.samTemplates.map((t) => t.name), ['DynamoDBCrudPolicy']);
    assert.deepEqual(actionsOf(m, 'Fn'), ['sqs:SendMessage']);
    assert.deepEqual(actionsOf(m, 'Other'), ['s3:ListBucket']);
  });

  it('reads resource policies and Lambda functions from JSON', () => {
    const m = model(
      'stack.json',
      JSON.stringify({
        Resources: {
          QP: { Type: 'AWS::SQS::QueuePolicy', Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' }] } } },
          F: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Role: { 'Fn::GetAtt': ['R', 'Arn'] }, Code: { ZipFile: 'exports.handler = async () => 1' } } },
          R: { Type: 'AWS::IAM::Role', Properties: {} },
        },
      }),
    );
    assert.equal(m.kind, 'cfn');
    const rp = m.documents.find((d) => d.kind === 'resource')!;
    assert.equal(rp.resourceType, 'AWS::SQS::QueuePolicy');
    assert.equal(rp.statements[0].principal?.entries[0].value.text, '*');
    assert.equal(m.functions[0].roleId, 'R');
    assert.ok(m.functions[0].inlineCode);
  });
});

describe('serverless variables scanner', () => {
  it('finds nested variables and fallbacks in linear time', () => {
    const v = findVariables("arn:${self:custom.a}:${ssm(eu-west-1, raw):/x/${sls:stage}, 'd'}");
    assert.deepEqual(v.map((x) => [x.source, x.address, x.fallbacks]), [
      ['self', 'custom.a', []],
      ['ssm', '/x/${sls:stage}', ["'d'"]],
    ]);
    for (const make of [(n: number) => '${'.repeat(n), (n: number) => '${a'.repeat(n) + '}']) {
      const g = growth((n) => findVariables(make(n)), 25_000);
      // Linear: ×4 input ≈ ×4 time; a quadratic scan would be ×16.
      assert.ok(g.ratio < 10, `×${g.ratio.toFixed(1)} (${g.small.toFixed(1)} → ${g.big.toFixed(1)} ms)`);
    }
    const { ms } = cpuTime(() => findVariables('${'.repeat(100_000)));
    const w = withinUnits(ms, 50);
    assert.ok(w.ok, w.message);
  });
});
