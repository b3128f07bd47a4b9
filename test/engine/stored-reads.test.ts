/**
 * Issue 13, second-order sources, the code side (code/stored.ts): storage reads (DynamoDB
 * GetItem/Query/Scan, S3 GetObject, SQS ReceiveMessage; JS SDK v2/v3, boto3) are `stored` sources
 * when asked for, their metadata is not, and a read's request (the key a caller picks) never taints
 * what it returns. The cross-app judgement is tested in test/cli/second-order.test.ts and
 * test/engine/stored-verdict.test.ts.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { initCodeParsers, analyzeTaint, type CodeLang } from '../../server/src/engine/code/index';

before(async () => {
  await initCodeParsers();
});

function run(src: string, lang: CodeLang, stored = true) {
  const path = lang === 'python' ? '/app/h.py' : lang === 'typescript' ? '/app/h.ts' : '/app/h.js';
  return analyzeTaint({ path, text: src, lang, triggers: ['api'], stored }).map((f) => ({
    kind: f.sinkKind,
    line: src.slice(0, f.sinkRange.start).split('\n').length,
    label: f.source.label,
    stored: f.source.stored ? `${f.source.stored.service}:${f.source.stored.operation}` : undefined,
    attribute: f.source.stored?.attribute,
  }));
}

describe('stored reads are sources (when asked for)', () => {
  test('boto3: Table.get_item item → jsonpickle.decode; S3 get_object body → pickle; resource Object().get()', () => {
    const src = `import json, os, boto3, jsonpickle, pickle
table = boto3.resource("dynamodb").Table(os.environ["T"])
s3 = boto3.client("s3")
def handler(event, context):
    r = table.get_item(Key={"id": event["pathParameters"]["id"]})
    jsonpickle.decode(json.dumps(r["Item"]))
    o = s3.get_object(Bucket=os.environ["B"], Key="config.bin")
    pickle.loads(o["Body"].read())
    page = boto3.resource("s3").Object("b", "k").get()
    eval(page["Body"].read())
`;
    const hits = run(src, 'python');
    assert.deepEqual(hits.map((h) => [h.kind, h.line, h.stored]), [
      ['deserialization', 6, 'dynamodb:GetItem'],
      ['deserialization', 8, 's3:GetObject'],
      ['code-eval', 10, 's3:GetObject'],
    ]);
    assert.equal(hits[0].label, 'table.get_item(…).Item');
    assert.equal(hits[0].attribute, undefined, 'the whole item');
  });

  test('boto3 client query / scan and SQS receive_message', () => {
    const src = `import os, boto3, subprocess
ddb = boto3.client("dynamodb")
sqs = boto3.client("sqs")
def handler(event, context):
    items = ddb.query(TableName="jobs", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "x"}})["Items"]
    subprocess.run(items[0]["cmd"]["S"], shell=True)
    for m in sqs.receive_message(QueueUrl=os.environ["Q"])["Messages"]:
        os.system(m["Body"])
`;
    assert.deepEqual(run(src, 'python').map((h) => [h.kind, h.line, h.stored]), [['command', 6, 'dynamodb:Query'], ['command', 8, 'sqs:ReceiveMessage']]);
  });

  test('JS SDK v2 (promise and callback) and v3 (lib-dynamodb, S3, SQS commands)', () => {
    const src = `const AWS = require('aws-sdk');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand } = require('@aws-sdk/lib-dynamodb');
const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
const { exec } = require('child_process');
const doc = new AWS.DynamoDB.DocumentClient();
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const s3 = new S3Client({});
exports.handler = async (event) => {
  const a = await doc.get({ TableName: process.env.T, Key: { id: 'x' } }).promise();
  exec(a.Item.cmd);
  doc.scan({ TableName: process.env.T }, (err, data) => { exec(data.Items[0].cmd); });
  const c = await ddb.send(new GetCommand({ TableName: process.env.T, Key: { id: 'x' } }));
  exec(c.Item.cmd);
  const cmd = new GetObjectCommand({ Bucket: process.env.B, Key: 'k' });
  const o = await s3.send(cmd);
  eval(await o.Body.transformToString());
};
`;
    assert.deepEqual(run(src, 'javascript').map((h) => [h.kind, h.line, h.stored, h.label, h.attribute]), [
      ['command', 11, 'dynamodb:GetItem', 'doc.get(…).Item.cmd', 'cmd'],
      ['command', 12, 'dynamodb:Scan', 'doc.scan(…).Items[0].cmd', 'cmd'],
      ['command', 14, 'dynamodb:GetItem', 'ddb.send(GetCommand).Item.cmd', 'cmd'],
      ['code-eval', 17, 's3:GetObject', 's3.send(GetObjectCommand).Body', undefined],
    ]);
  });

  test('TypeScript: an HTML response built from a scanned item', () => {
    const src = `import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
const ddb = new DynamoDBClient({});
export const handler = async (event: unknown) => {
  const r = await ddb.send(new ScanCommand({ TableName: process.env.T! }));
  const rows = (r.Items ?? []).map((i) => \`<li>\${i.text.S}</li>\`).join('');
  return { statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: \`<ul>\${rows}</ul>\` };
};
`;
    assert.deepEqual(run(src, 'typescript').map((h) => [h.kind, h.stored]), [['xss', 'dynamodb:Scan']]);
  });
});

describe('near misses: not stored data, or not asked for', () => {
  test('response metadata (status code, count, ETag) is no stored data', () => {
    const src = `import os, boto3
table = boto3.resource("dynamodb").Table(os.environ["T"])
s3 = boto3.client("s3")
def handler(event, context):
    r = table.get_item(Key={"id": "a"})
    os.system("echo %s" % r["ResponseMetadata"]["HTTPStatusCode"])
    n = table.scan()["Count"]
    os.system("echo %s" % n)
    os.system("echo " + s3.get_object(Bucket="b", Key="k")["ETag"])
`;
    assert.deepEqual(run(src, 'python'), []);
  });

  test('a local function named like an SDK read, and a dict get, are no reads', () => {
    const src = `import os
def get_item(Key):
    return {"Item": {"cmd": "ls"}}
def handler(event, context):
    os.system(get_item(Key={"id": 1})["Item"]["cmd"])
    os.system({"a": "ls"}.get("a"))
`;
    assert.deepEqual(run(src, 'python'), []);
  });

  test('without the stored option, reads are no sources', () => {
    const src = `import json, os, boto3, jsonpickle
table = boto3.resource("dynamodb").Table(os.environ["T"])
def handler(event, context):
    jsonpickle.decode(json.dumps(table.get_item(Key={"id": "a"})["Item"]))
`;
    assert.deepEqual(run(src, 'python', false), []);
  });
});

describe('the key of a read does not taint what it returns (issue 13, fixed for every read)', () => {
  test('boto3: get_item / get_object / Object().get() with a user-chosen key', () => {
    const src = `import json, os, boto3, jsonpickle, pickle
table = boto3.resource("dynamodb").Table(os.environ["T"])
s3 = boto3.client("s3")
def handler(event, context):
    key = event["pathParameters"]["id"]
    r = table.get_item(Key={"id": key})
    jsonpickle.decode(json.dumps(r["Item"]))
    pickle.loads(s3.get_object(Bucket="b", Key=key)["Body"].read())
    eval(boto3.resource("s3").Object("b", key).get()["Body"].read())
    os.system("echo %s" % r["ResponseMetadata"]["HTTPStatusCode"])
`;
    assert.deepEqual(run(src, 'python', false), []);
  });

  test('JS v2: getObject / get with a user-chosen key (promise and callback)', () => {
    const src = `const AWS = require('aws-sdk');
const s3 = new AWS.S3();
const doc = new AWS.DynamoDB.DocumentClient();
exports.handler = async (event) => {
  const id = event.pathParameters.id;
  const o = await s3.getObject({ Bucket: 'b', Key: id }).promise();
  eval(o.Body.toString());
  doc.get({ TableName: 't', Key: { id } }, (err, data) => { eval(data.Item.code); });
};
`;
    assert.deepEqual(run(src, 'javascript', false), []);
  });

  test('the request itself is still checked (a user-chosen table name is NoSQL injection)', () => {
    const src = `import boto3
ddb = boto3.client("dynamodb")
def handler(event, context):
    return ddb.get_item(TableName=event["queryStringParameters"]["t"], Key={"id": {"S": "a"}})
`;
    assert.deepEqual(run(src, 'python', false).map((h) => h.kind), ['nosql']);
  });
});
