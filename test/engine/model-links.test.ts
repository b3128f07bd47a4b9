/**
 * Resource links, config side (model/links.ts): on the labelled cross-function apps
 * (test/fixtures/cross-function) and on the CloudFormation wiring forms.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildModel } from '../../server/src/engine/model/build';
import { externallyWritable, keyMayMatch, patternMayMatch, triggerLinks, type TriggerLink } from '../../server/src/engine/model/links';
import { parseYaml } from '../../server/src/engine/yaml/parse';

const APPS = path.join(__dirname, '..', 'fixtures', 'cross-function');

function links(file: string, text?: string): { links: TriggerLink[]; writable: string[] } {
  const body = text ?? readFileSync(path.join(APPS, file), 'utf8');
  const model = buildModel(`/p/${path.basename(file)}`, parseYaml(body))!;
  return { links: triggerLinks(model), writable: [...externallyWritable(model).keys()] };
}
const brief = (l: TriggerLink) => [l.kind, l.functionId, l.resourceId ?? `external:${l.external}`, JSON.stringify(l.keyFilter ?? l.pattern ?? null)].join(' ');

describe('resource links: which resource starts which function', () => {
  it('serverless.yml DynamoDB stream (arn: !GetAtt T.StreamArn)', () => {
    assert.deepEqual(links('sls-ddb-stream-command-js/serverless.yml').links.map(brief), ['dynamodb-stream onOrder OrdersTable null']);
  });
  it('SAM S3 event with a prefix rule', () => {
    assert.deepEqual(links('sam-s3-key-command-py/template.yaml').links.map(brief), ['s3 ThumbnailFunction UploadsBucket {"prefix":"uploads/"}']);
    assert.deepEqual(links('sam-s3-prefix-mismatch-py/template.yaml').links.map(brief), ['s3 ThumbnailFunction UploadsBucket {"prefix":"incoming/"}']);
  });
  it('serverless.yml SQS, SAM SNS, SAM EventBridge rule with its pattern', () => {
    assert.deepEqual(links('sls-sqs-sql-ts/serverless.yml').links.map(brief), ['sqs buildReport ReportQueue null']);
    assert.deepEqual(links('sam-sns-eval-js/template.yaml').links.map(brief), ['sns EvaluateFunction RulesTopic null']);
    assert.deepEqual(links('sam-eventbridge-ssrf-py/template.yaml').links.map(brief), ['eventbridge FetchFunction external:default {"source":["shop.webhooks"],"detailType":["WebhookRegistered"]}']);
    assert.deepEqual(links('sam-ddb-stream-path-py/template.yaml').links.map(brief), ['dynamodb-stream ExportFunction DocsTable null']);
  });
  it('a bucket whose policy lets anyone put objects is writable from outside', () => {
    const r = links('sls-s3-public-write-js/serverless.yml');
    assert.deepEqual(r.links.map(brief), ['s3 onDrop DropBucket null']);
    assert.deepEqual(r.writable, ['DropBucket']);
    assert.deepEqual(links('sam-s3-key-command-py/template.yaml').writable, [], 'no policy: only the app writes it');
  });
  it('a policy with a Condition, or for a named principal, does not open the bucket', () => {
    const base = readFileSync(path.join(APPS, 'sls-s3-public-write-js/serverless.yml'), 'utf8');
    assert.deepEqual(links('x/serverless.yml', base.replace("Principal: '*'", "Principal:\n                AWS: arn:aws:iam::123456789012:root")).writable, []);
    assert.deepEqual(links('x/serverless.yml', base.replace("Action: s3:PutObject", "Action: s3:PutObject\n              Condition:\n                StringEquals:\n                  aws:SourceVpce: vpce-1")).writable, []);
  });
  it('CloudFormation wiring: EventSourceMapping, bucket notification, subscription, rule target', () => {
    const cfn = `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: arn:aws:iam::123456789012:role/x
      Code:
        ZipFile: exports.handler = async () => {}
  Q:
    Type: AWS::SQS::Queue
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: !GetAtt Q.Arn
  B:
    Type: AWS::S3::Bucket
    Properties:
      NotificationConfiguration:
        LambdaConfigurations:
          - Event: s3:ObjectCreated:*
            Function: !GetAtt Fn.Arn
            Filter:
              S3Key:
                Rules:
                  - Name: suffix
                    Value: .csv
  T:
    Type: AWS::SNS::Topic
  Sub:
    Type: AWS::SNS::Subscription
    Properties:
      Protocol: lambda
      Endpoint: !GetAtt Fn.Arn
      TopicArn: !Ref T
  Rule:
    Type: AWS::Events::Rule
    Properties:
      EventPattern:
        source: [shop.orders]
      Targets:
        - Id: fn
          Arn: !GetAtt Fn.Arn
`;
    assert.deepEqual(links('t/template.yaml', cfn).links.map(brief).sort(), [
      'eventbridge Fn external:default {"source":["shop.orders"]}',
      's3 Fn B {"suffix":".csv"}',
      'sns Fn T null',
      'sqs Fn Q null',
    ]);
  });
});

describe('resource links: filters', () => {
  it('an S3 key reaches a notification only when its known prefix agrees with the filter', () => {
    assert.equal(keyMayMatch({ prefix: 'uploads/' }, 'uploads/', false), true);
    assert.equal(keyMayMatch({ prefix: 'incoming/' }, 'uploads/', false), false);
    assert.equal(keyMayMatch({ prefix: 'uploads/images/' }, 'uploads/', false), true, 'the unknown rest may continue the prefix');
    assert.equal(keyMayMatch({ prefix: 'uploads/images/' }, 'uploads/', true), false, 'a whole constant key that is shorter cannot');
    assert.equal(keyMayMatch({ suffix: '.csv' }, 'reports/', false, '.json'), false);
    assert.equal(keyMayMatch(undefined, 'anything', true), true);
  });
  it('an event reaches a rule only when its source and detail-type are in the pattern', () => {
    assert.equal(patternMayMatch({ source: ['shop.webhooks'] }, 'shop.webhooks', 'X'), true);
    assert.equal(patternMayMatch({ source: ['shop.billing'] }, 'shop.webhooks', 'X'), false);
    assert.equal(patternMayMatch({ source: ['a'], detailType: ['D'] }, 'a', 'E'), false);
    assert.equal(patternMayMatch({ source: ['a'] }, undefined, undefined), true, 'unknown source: may match');
  });
});
