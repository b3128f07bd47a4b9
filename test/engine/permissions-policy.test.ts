import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildModel } from '../../server/src/engine/model/build';
import type { ConfigModel, FunctionModel } from '../../server/src/engine/model/types';
import { roleOf } from '../../server/src/engine/model/query';
import { detectFormat, parseYaml } from '../../server/src/engine/yaml/parse';
import { DocEditor } from '../../server/src/engine/fix/yaml-edit';
import { isSeq, get } from '../../server/src/engine/yaml/ast';
import { roleGrants } from '../../server/src/engine/permissions/grants';
import { arnFits } from '../../server/src/engine/permissions/missing-fix';
import { arnExpressions, resolveResource } from '../../server/src/engine/permissions/resources';
import { appendToSeq, removeSeqItem, setActions } from '../../server/src/engine/permissions/edits';
import type { SdkCall } from '../../server/src/engine/permissions/sdk-types';
import type { TextEdit } from '../../server/src/engine/types';

function model(file: string, text: string): ConfigModel {
  const m = buildModel(file, parseYaml(text, { format: detectFormat(file, text) }));
  assert.ok(m);
  return m!;
}

function grantsOf(m: ConfigModel, fnId: string) {
  const fn = m.functions.find((f) => f.id === fnId)!;
  const role = roleOf(m, fn)!;
  return roleGrants(m, role, [fn]);
}

const sls = (iam: string, extra = '') => `service: s
provider:
  name: aws
  runtime: nodejs20.x
${iam}functions:
  f:
    handler: h.handler
${extra}`;

describe('what a role allows', () => {
  test('exact actions, wildcards, NotAction and framework grants', () => {
    const g = grantsOf(model('serverless.yml', sls(`  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: [dynamodb:Get*, s3:PutObject]\n          Resource: '*'\n        - Effect: Allow\n          NotAction: [iam:*, sts:*]\n          Resource: arn:aws:sqs:eu-west-1:1:q\n`)), 'f');
    assert.equal(g.evaluable, true);
    assert.equal(g.allows('dynamodb:GetItem'), true);
    assert.equal(g.allows('s3:PutObject'), true);
    assert.equal(g.allows('sqs:SendMessage'), true, 'NotAction Allow');
    assert.equal(g.allows('iam:PassRole'), false);
    assert.equal(g.allows('logs:PutLogEvents'), true, 'the framework role writes logs');
  });

  test('unconditional Deny on every resource removes; a scoped or conditional Deny does not', () => {
    const g = grantsOf(model('serverless.yml', sls(`  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: 's3:*'\n          Resource: '*'\n        - Effect: Deny\n          Action: s3:Delete*\n          Resource: '*'\n        - Effect: Deny\n          Action: s3:PutObject\n          Resource: arn:aws:s3:::audit/*\n        - Effect: Deny\n          Action: s3:GetObject\n          Resource: '*'\n          Condition:\n            Bool:\n              aws:SecureTransport: false\n`)), 'f');
    assert.equal(g.allows('s3:DeleteObject'), false);
    assert.equal(g.denies('s3:DeleteObject'), true);
    assert.equal(g.allows('s3:PutObject'), true);
    assert.equal(g.allows('s3:GetObject'), true);
  });

  const unevaluable: [string, string, string, RegExp][] = [
    ['external role', 'serverless.yml', sls(`  iam:\n    role: arn:aws:iam::1:role/x\n`), /outside this file/],
    ['statements from a file', 'serverless.yml', sls(`  iam:\n    role:\n      statements: \${file(iam.yml)}\n`), /not a plain list/],
    ['unknown managed policy', 'serverless.yml', sls(`  iam:\n    role:\n      managedPolicies:\n        - arn:aws:iam::aws:policy/PowerUserAccess\n`), /PowerUserAccess/],
    ['generated role overridden in resources', 'serverless.yml', sls('', `resources:\n  Resources:\n    IamRoleLambdaExecution:\n      Type: AWS::IAM::Role\n`), /override/],
    ['computed action', 'serverless.yml', sls(`  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: !Ref Actions\n          Resource: '*'\n`), /computed/],
    [
      'unknown SAM template (not one SAM defines)',
      'template.yaml',
      `Transform: AWS::Serverless-2016-10-31\nResources:\n  f:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: h.handler\n      Runtime: python3.12\n      Policies:\n        - AcmeLabelsPolicy: {}\n`,
      /AcmeLabelsPolicy/,
    ],
    [
      'a policy attached to a role given by a parameter',
      'template.yaml',
      `Parameters:\n  RoleName:\n    Type: String\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      Roles: [!Ref RoleName]\n      PolicyDocument:\n        Statement: []\n  f:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: h.handler\n      Role: !GetAtt R.Arn\n`,
      /parameter or name/,
    ],
  ];
  for (const [name, file, text, reason] of unevaluable) {
    test(`not evaluable: ${name}`, () => {
      const g = grantsOf(model(file, text), 'f');
      assert.equal(g.evaluable, false);
      assert.match(g.reason ?? '', reason);
    });
  }

  test('known managed policies, customer managed policies of the template and SAM templates are evaluated', () => {
    const g = grantsOf(
      model(
        'template.yaml',
        `Transform: AWS::Serverless-2016-10-31
Resources:
  f:
    Type: AWS::Serverless::Function
    Properties:
      Handler: h.handler
      Runtime: python3.12
      Policies:
        - AWSLambdaBasicExecutionRole
        - !Ref Extra
        - DynamoDBReadPolicy:
            TableName: !Ref T
  Extra:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: sns:Publish
            Resource: '*'
  T:
    Type: AWS::DynamoDB::Table
`,
      ),
      'f',
    );
    assert.equal(g.evaluable, true, g.reason);
    assert.equal(g.allows('dynamodb:Query'), true);
    assert.equal(g.allows('dynamodb:PutItem'), false);
    assert.equal(g.allows('sns:Publish'), true);
  });
});

describe('resources named by the code', () => {
  const m = model(
    'serverless.yml',
    sls(
      '',
      `    environment:
      TABLE: !Ref Orders
      QUEUE_URL: !Ref Jobs
      BUCKET: \${self:custom.bucket}
custom:
  bucket: reports-bucket
resources:
  Resources:
    Orders:
      Type: AWS::DynamoDB::Table
    Jobs:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: jobs
    Reports:
      Type: AWS::S3::Bucket
      Properties:
        BucketName: reports-bucket
`,
    ),
  );
  const fn = m.functions[0] as FunctionModel;
  const call = (service: string, resource: SdkCall['resource'], action = `${service}:X`): SdkCall => ({
    file: '/h.js', name: 'x', range: { start: 0, end: 1 }, callRange: { start: 0, end: 1 }, service, operation: 'X', actions: [action], resource, sdk: 'js-v3',
  });

  test('environment variables lead to template resources (Ref, literal name via ${self:})', () => {
    assert.equal(resolveResource(m, fn, call('dynamodb', { kind: 'env', name: 'TABLE' }))?.resource?.id, 'Orders');
    assert.equal(resolveResource(m, fn, call('sqs', { kind: 'env', name: 'QUEUE_URL' }))?.resource?.id, 'Jobs');
    const b = resolveResource(m, fn, call('s3', { kind: 'env', name: 'BUCKET' }));
    assert.equal(b?.resource?.id, 'Reports');
    assert.equal(b?.label, 'bucket reports-bucket (BUCKET)');
    assert.equal(resolveResource(m, fn, call('sqs', { kind: 'literal', text: 'https://sqs.eu-west-1.amazonaws.com/1/jobs' }))?.resource?.id, 'Jobs');
    assert.equal(resolveResource(m, fn, call('dynamodb', { kind: 'env', name: 'NOPE' }))?.resource, undefined);
    assert.match(resolveResource(m, fn, call('dynamodb', { kind: 'env', name: 'NOPE' }))!.label, /not set in the config/);
  });

  test('ARN expressions: table (+ indexes), bucket vs objects, queue, topic by Ref', () => {
    const r = (id: string) => m.resources.find((x) => x.id === id)!;
    const yaml = (xs: { yaml: string }[] | undefined) => xs?.map((x) => x.yaml);
    assert.deepEqual(yaml(arnExpressions(r('Orders'), 'dynamodb:Query', true, false)), ['!GetAtt Orders.Arn', "!Sub '${Orders.Arn}/index/*'"]);
    assert.deepEqual(yaml(arnExpressions(r('Reports'), 's3:GetObject', false, false)), ["!Sub '${Reports.Arn}/*'"]);
    assert.deepEqual(yaml(arnExpressions(r('Reports'), 's3:ListBucket', false, false)), ['!GetAtt Reports.Arn']);
    assert.deepEqual(yaml(arnExpressions(r('Jobs'), 'sqs:SendMessage', false, false)), ['!GetAtt Jobs.Arn']);
    assert.deepEqual(arnExpressions(r('Orders'), 'dynamodb:GetItem', false, true)?.map((x) => x.json), [{ 'Fn::GetAtt': ['Orders', 'Arn'] }]);
  });

  test('ARN formats: placeholders stop at / and :, object keys do not', () => {
    const bucket = 'arn:${Partition}:s3:::${BucketName}';
    const object = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';
    const table = 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}';
    assert.equal(arnFits(object, 'arn:aws:s3:::reports/*'), true);
    assert.equal(arnFits(object, 'arn:aws:s3:::reports/2024/a.csv'), true);
    assert.equal(arnFits(bucket, 'arn:aws:s3:::reports/*'), false);
    assert.equal(arnFits(bucket, 'arn:aws:s3:::reports'), true);
    assert.equal(arnFits(table, 'arn:aws:dynamodb:*:*:table/orders'), true);
    assert.equal(arnFits(table, 'arn:aws:dynamodb:eu-west-1:1:table/orders/index/byUser'), false);
  });
});

describe('policy edits', () => {
  const apply = (text: string, e: TextEdit | undefined) => {
    assert.ok(e, 'an edit');
    return text.slice(0, e!.range.start) + e!.newText + text.slice(e!.range.end);
  };
  const stmtModel = (file: string, text: string) => {
    const m = model(file, text);
    return { m, st: m.documents.find((d) => d.kind === 'identity')!.statements[0], ed: new DocEditor(m.parsed) };
  };

  test('append to block, flow and JSON sequences, keeping the style', () => {
    const block = 'a:\n  - x\n  - y\nb: 1\n';
    const pb = parseYaml(block);
    assert.equal(apply(block, appendToSeq(new DocEditor(pb), get(pb.root, 'a') as never, 'z')), 'a:\n  - x\n  - y\n  - z\nb: 1\n');
    assert.equal(apply(block, appendToSeq(new DocEditor(pb), get(pb.root, 'a') as never, { Effect: 'Allow', Action: ['s3:GetObject'] })), 'a:\n  - x\n  - y\n  - Effect: Allow\n    Action:\n      - s3:GetObject\nb: 1\n');
    const flow = 'a: [x, y]\n';
    const pf = parseYaml(flow);
    assert.equal(apply(flow, appendToSeq(new DocEditor(pf), get(pf.root, 'a') as never, 'z')), 'a: [x, y, z]\n');
    const json = '{\n  "a": [\n    "x"\n  ]\n}\n';
    const pj = parseYaml(json, { format: 'json' });
    assert.equal(apply(json, appendToSeq(new DocEditor(pj), get(pj.root, 'a') as never, { b: 1 })), '{\n  "a": [\n    "x",\n    {\n      "b": 1\n    }\n  ]\n}\n');
    const json1 = '{"a": ["x"]}\n';
    const pj1 = parseYaml(json1, { format: 'json' });
    assert.equal(apply(json1, appendToSeq(new DocEditor(pj1), get(pj1.root, 'a') as never, 'y')), '{"a": ["x", "y"]}\n');
  });

  test('remove a sequence item (never the last one)', () => {
    const t = 'a:\n  - k: 1\n    v: 2\n  - k: 3\n';
    const p = parseYaml(t);
    const seq = get(p.root, 'a');
    assert.ok(isSeq(seq));
    assert.equal(apply(t, removeSeqItem(new DocEditor(p), seq, 0)), 'a:\n  - k: 3\n');
    const one = parseYaml('a:\n  - k: 1\n');
    assert.equal(removeSeqItem(new DocEditor(one), get(one.root, 'a') as never, 0), undefined);
  });

  test('rewrite a statement Action: scalar stays scalar, flow stays flow, block stays block, JSON single-line stays single-line', () => {
    const cases: [string, string, string[], string][] = [
      ['serverless.yml', sls(`  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: s3:Get*\n          Resource: '*'\n`), ['s3:GetObject'], '          Action: s3:GetObject\n'],
      ['serverless.yml', sls(`  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: [s3:Get*, sqs:SendMessage]\n          Resource: '*'\n`), ['s3:GetObject', 'sqs:SendMessage'], '          Action: [s3:GetObject, sqs:SendMessage]\n'],
      ['serverless.yml', sls(`  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action:\n            - s3:Get*\n          Resource: '*'\n`), ['s3:GetObject', 's3:ListBucket'], '          Action:\n            - s3:GetObject\n            - s3:ListBucket\n'],
    ];
    for (const [file, text, actions, expected] of cases) {
      const { st, ed } = stmtModel(file, text);
      assert.ok(apply(text, setActions(ed, st, actions)).includes(expected), expected);
    }
    const json = '{"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": "*"}]}}}}}\n';
    const { st, ed } = stmtModel('template.json', json);
    assert.ok(apply(json, setActions(ed, st, ['s3:GetObject', 's3:PutObject'])).includes('"Action": ["s3:GetObject", "s3:PutObject"]'));
  });
});
