/**
 * Issue 14, second round: resource names resolved through more shapes (model/resource-names.ts),
 * SNS subscription filter policies and Step Functions Task states (model/links.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../server/src/engine/model/build';
import { filterMayMatch, triggerLinks, type TriggerLink } from '../../server/src/engine/model/links';
import { nameInArn, resolveName, resolveTemplate } from '../../server/src/engine/model/resource-names';
import type { ConfigModel } from '../../server/src/engine/model/types';
import { getPath } from '../../server/src/engine/yaml/ast';
import { parseYaml } from '../../server/src/engine/yaml/parse';

function model(text: string, file = '/p/template.yaml'): ConfigModel {
  return buildModel(file, parseYaml(text))!;
}

const SAM = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.handler
      Runtime: nodejs20.x
      Environment:
        Variables:
          BY_SUB: !Sub '\${AWS::StackName}-orders'
          BY_JOIN: !Join ['-', [!Ref AWS::StackName, orders]]
          BY_ARN: !Sub 'arn:aws:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/\${AWS::StackName}-orders'
          BY_REF_ARN: !Sub 'arn:aws:s3:::\${Uploads}/*'
          BY_VARS: !Sub ['\${Prefix}-orders', { Prefix: !Ref AWS::StackName }]
          OTHER: !Sub '\${AWS::StackName}-audit'
          IMPORTED: !ImportValue shared-UploadsBucket
          QUEUE: !Sub 'https://sqs.\${AWS::Region}.amazonaws.com/\${AWS::AccountId}/\${AWS::StackName}-jobs'
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub '\${AWS::StackName}-orders'
  Audit:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Join ['-', [!Ref AWS::StackName, audit]]
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub '\${AWS::StackName}-jobs'
  Uploads:
    Type: AWS::S3::Bucket
`;

describe('resource names: CloudFormation shapes', () => {
  const m = model(SAM);
  const env = (name: string) => getPath(m.root, ['Resources', 'Fn', 'Properties', 'Environment', 'Variables', name]);
  it('!Sub, !Join, an ARN template and !Sub with a variable map all name the table whose TableName has that template', () => {
    for (const v of ['BY_SUB', 'BY_JOIN', 'BY_ARN', 'BY_VARS']) assert.deepEqual(resolveName(m, env(v), 'dynamodb'), { resourceId: 'Orders' }, v);
  });
  it('a different name is a different table (Join on one side, Sub on the other)', () => {
    assert.deepEqual(resolveName(m, env('OTHER'), 'dynamodb'), { resourceId: 'Audit' });
  });
  it('an ARN built from a resource reference names the resource; a queue URL template its queue', () => {
    assert.deepEqual(resolveName(m, env('BY_REF_ARN'), 's3'), { resourceId: 'Uploads' });
    assert.deepEqual(resolveName(m, env('QUEUE'), 'sqs'), { resourceId: 'Jobs' });
  });
  it('!ImportValue is defined outside the app', () => {
    const r = resolveName(m, env('IMPORTED'), 's3');
    assert.equal(r?.resourceId, undefined);
    assert.ok(r?.outside?.includes('shared-UploadsBucket'), JSON.stringify(r));
  });
  it('a literal name (in code) meets the resource whose name template is that literal only when it has no unknowns', () => {
    assert.deepEqual(resolveTemplate(m, 'orders', 'dynamodb'), { name: 'orders' });
    assert.deepEqual(resolveTemplate(m, '${AWS::StackName}-orders', 'dynamodb'), { resourceId: 'Orders' });
  });
  it('ARN and URL name parts', () => {
    assert.equal(nameInArn('arn:aws:s3:::my-bucket/uploads/*'), 'my-bucket');
    assert.equal(nameInArn('arn:aws:dynamodb:${AWS::Region}:1:table/T/stream/2024'), 'T');
    assert.equal(nameInArn('arn:aws:sqs:us-east-1:123456789012:jobs'), 'jobs');
    assert.equal(nameInArn('arn:aws:states:us-east-1:1:stateMachine:M'), 'M');
    assert.equal(nameInArn('https://sqs.us-east-1.amazonaws.com/1/jobs'), 'jobs');
  });
});

const SLS = `service: shop
provider:
  name: aws
  runtime: nodejs20.x
  stage: prod
  environment:
    TABLE: !Ref OrdersTable
custom:
  bucket: \${self:service}-\${sls:stage}-uploads
  table: \${self:provider.environment.TABLE}
functions:
  writer:
    handler: a.handler
    environment:
      BUCKET: \${self:custom.bucket}
      ORDERS: \${self:custom.table}
      SHARED: \${cf:storage-\${sls:stage}.SharedBucket}
      LITERAL: shop-prod-uploads
  reader:
    handler: b.handler
    events:
      - s3:
          bucket: \${self:custom.bucket}
      - s3:
          bucket: \${cf:storage-\${sls:stage}.SharedBucket}
          existing: true
      - stream:
          type: dynamodb
          arn: \${self:custom.ordersStream, 'x'}
resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
`;

describe('resource names: serverless.yml variables', () => {
  const m = model(SLS, '/p/serverless.yml');
  const env = (name: string) => m.functions.find((f) => f.id === 'writer')!.environment.find((e) => e.name === name)!.value;
  it('${self:custom.x} resolves within the file (stage and service too), meeting the literal name', () => {
    assert.deepEqual(resolveName(m, env('BUCKET'), 's3'), { name: 'shop-prod-uploads' });
    assert.deepEqual(resolveName(m, env('LITERAL'), 's3'), { name: 'shop-prod-uploads' });
  });
  it('${self:provider.environment.X} through custom leads to the resource it references', () => {
    assert.deepEqual(resolveName(m, env('ORDERS'), 'dynamodb'), { resourceId: 'OrdersTable' });
  });
  it('${cf:stack.Output} is another stack\'s resource', () => {
    const r = resolveName(m, env('SHARED'), 's3');
    assert.equal(r?.outside, '${cf:storage-${sls:stage}.SharedBucket}');
  });
  it('trigger links carry the same names: a framework bucket, an external one', () => {
    const l = triggerLinks(m).filter((x) => x.kind === 's3');
    assert.deepEqual(l.map((x) => [x.name, !!x.createdByFramework, x.outside ?? null]), [
      ['shop-prod-uploads', true, null],
      ['${cf:storage-${sls:stage}.SharedBucket}', false, '${cf:storage-${sls:stage}.SharedBucket}'],
    ]);
  });
});

describe('SNS filter policies', () => {
  const fp = (policy: unknown): TriggerLink['filterPolicy'] => ({ policy, scope: 'MessageAttributes' });
  const attrs = (o: Record<string, string | undefined>) => new Map(Object.entries(o));
  it('a constant attribute outside the allowed values cannot match; inside can', () => {
    assert.equal(filterMayMatch(fp({ kind: ['rule'] }), attrs({ kind: 'feedback' }), true), false);
    assert.equal(filterMayMatch(fp({ kind: ['rule', 'feedback'] }), attrs({ kind: 'feedback' }), true), true);
  });
  it('prefix, anything-but, exists', () => {
    assert.equal(filterMayMatch(fp({ kind: [{ prefix: 'order.' }] }), attrs({ kind: 'order.created' }), true), true);
    assert.equal(filterMayMatch(fp({ kind: [{ prefix: 'order.' }] }), attrs({ kind: 'user.created' }), true), false);
    assert.equal(filterMayMatch(fp({ kind: [{ 'anything-but': ['test'] }] }), attrs({ kind: 'test' }), true), false);
    assert.equal(filterMayMatch(fp({ kind: [{ exists: false }] }), attrs({}), true), true);
  });
  it('an attribute the publish lacks: no match when the attribute set is known, may match when not', () => {
    assert.equal(filterMayMatch(fp({ kind: ['rule'] }), attrs({}), true), false);
    assert.equal(filterMayMatch(fp({ kind: ['rule'] }), attrs({}), false), true);
  });
  it('a value not known, a body-scoped policy, or an $or: may match', () => {
    assert.equal(filterMayMatch(fp({ kind: ['rule'] }), attrs({ kind: undefined }), true), true);
    assert.equal(filterMayMatch({ policy: { kind: ['rule'] }, scope: 'MessageBody' }, attrs({ kind: 'x' }), true), true);
    assert.equal(filterMayMatch(fp({ $or: [{ kind: ['rule'] }] }), attrs({ kind: 'x' }), true), true);
  });
  it('the SAM FilterPolicy and the serverless filterPolicy are read', () => {
    const sam = model(`Transform: AWS::Serverless-2016-10-31
Resources:
  F:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.handler
      Runtime: nodejs20.x
      Events:
        E:
          Type: SNS
          Properties:
            Topic: !Ref T
            FilterPolicy:
              kind: [rule]
  T:
    Type: AWS::SNS::Topic
`);
    assert.deepEqual(triggerLinks(sam)[0].filterPolicy, { policy: { kind: ['rule'] }, scope: 'MessageAttributes' });
    const sls = model(`service: s
provider: { name: aws, runtime: nodejs20.x }
functions:
  f:
    handler: a.handler
    events:
      - sns:
          arn: !Ref T
          filterPolicy: { kind: [rule] }
          filterPolicyScope: MessageBody
resources:
  Resources:
    T:
      Type: AWS::SNS::Topic
`, '/p/serverless.yml');
    assert.deepEqual(triggerLinks(sls)[0].filterPolicy, { policy: { kind: ['rule'] }, scope: 'MessageBody' });
  });
});

describe('Step Functions Task states', () => {
  const brief = (l: TriggerLink) => [l.functionId, l.resourceId ?? l.name, l.task?.state, l.task?.first, l.task?.constantInput].join(' ');
  it('CloudFormation DefinitionString with !Sub: a lambda:invoke task passing the input, a direct-ARN task with constant Parameters', () => {
    const m = model(`Resources:
  A:
    Type: AWS::Lambda::Function
    Properties: { Handler: a.handler, Runtime: nodejs20.x, Role: r, Code: { ZipFile: x } }
  B:
    Type: AWS::Lambda::Function
    Properties: { Handler: b.handler, Runtime: nodejs20.x, Role: r, Code: { ZipFile: x } }
  M:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: r
      DefinitionString: !Sub
        - |
          {"StartAt": "One", "States": {
            "One": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "\${A.Arn}", "Payload.$": "$"}, "Next": "Two"},
            "Two": {"Type": "Task", "Resource": "\${BArn}", "Parameters": {"mode": "fixed"}, "End": true}}}
        - { BArn: !GetAtt B.Arn }
`);
    assert.deepEqual(triggerLinks(m).map(brief), ['A M One true false', 'B M Two false true']);
  });
  it('SAM inline Definition with DefinitionSubstitutions, started by an API', () => {
    const m = model(`Transform: AWS::Serverless-2016-10-31
Resources:
  Work:
    Type: AWS::Serverless::Function
    Properties: { Handler: a.handler, Runtime: python3.12 }
  M:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionSubstitutions: { WorkArn: !GetAtt Work.Arn }
      Definition:
        StartAt: Go
        States:
          Go: { Type: Task, Resource: '\${WorkArn}', End: true }
      Events:
        Start: { Type: Api, Properties: { Path: /go, Method: post } }
`);
    const l = triggerLinks(m);
    assert.deepEqual(l.map(brief), ['Work M Go true false']);
    assert.deepEqual(l[0].task?.startedBy, ['Api']);
  });
  it('the serverless stepFunctions plugin: Fn::GetAtt of a function key, the HelloLambdaFunction id, a Map state', () => {
    const m = model(`service: s
provider: { name: aws, runtime: nodejs20.x }
functions:
  hello: { handler: a.handler }
  each-item: { handler: b.handler }
stepFunctions:
  stateMachines:
    flow:
      events:
        - http: { path: go, method: post }
      definition:
        StartAt: Hello
        States:
          Hello: { Type: Task, Resource: { 'Fn::GetAtt': [HelloLambdaFunction, Arn] }, Next: Items }
          Items:
            Type: Map
            ItemProcessor:
              StartAt: Each
              States:
                Each: { Type: Task, Resource: { 'Fn::GetAtt': [each-item, Arn] }, End: true }
            End: true
`, '/p/serverless.yml');
    const l = triggerLinks(m);
    assert.deepEqual(l.map(brief), ['hello ${FlowStepFunctionsStateMachine} Hello true false', 'each-item ${FlowStepFunctionsStateMachine} Each false false']);
    assert.deepEqual(l[0].task?.startedBy, ['http']);
  });
  it('rules that start a machine: SAM EventBridgeRule events and CloudFormation rule targets, with their patterns', () => {
    const m = model(`Transform: AWS::Serverless-2016-10-31
Resources:
  Work:
    Type: AWS::Serverless::Function
    Properties: { Handler: a.handler, Runtime: python3.12 }
  M:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
        StartAt: Go
        States:
          Go: { Type: Task, Resource: !GetAtt Work.Arn, End: true }
      Events:
        OnOrder: { Type: EventBridgeRule, Properties: { Pattern: { source: [shop.orders] } } }
  Rule:
    Type: AWS::Events::Rule
    Properties:
      EventPattern: { source: [shop.users], detail-type: [Signup] }
      Targets:
        - { Id: m, Arn: !Ref M, RoleArn: r }
`);
    assert.deepEqual(triggerLinks(m)[0].task?.ruleStarts, [{ pattern: { source: ['shop.orders'], detailType: undefined }, bus: 'default' }, { pattern: { source: ['shop.users'], detailType: ['Signup'] }, bus: 'default' }]);
  });
  it('a Task invoking a function of another app links nothing', () => {
    const m = model(`Transform: AWS::Serverless-2016-10-31
Resources:
  Work:
    Type: AWS::Serverless::Function
    Properties: { Handler: a.handler, Runtime: python3.12 }
  M:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
        StartAt: Go
        States:
          Go: { Type: Task, Resource: 'arn:aws:lambda:us-east-1:123456789012:function:elsewhere', End: true }
`);
    assert.deepEqual(triggerLinks(m), []);
  });
});
