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

/**
 * Issue 13 (regression of DVFaaS `xxe-example`): the object an S3 notification names was just
 * uploaded — its body is the uploader's data, like the key the trigger already counts as
 * attacker-controlled. Only a key that comes from the event's own object key does this (S3 trigger,
 * Chalice `on_s3_event`, EventBridge "Object Created" `detail.object.key`); a key a caller picks
 * on an API route still only selects what someone else wrote (the near misses above).
 */
describe('an S3 event names the uploaded object: its body is attacker data', () => {
  function runT(src: string, lang: CodeLang, triggers: import('../../server/src/engine/code/index').TriggerKind[], stored = false) {
    const path = lang === 'python' ? '/app/h.py' : lang === 'typescript' ? '/app/h.ts' : '/app/h.js';
    return analyzeTaint({ path, text: src, lang, triggers, stored }).map((f) => ({
      kind: f.sinkKind,
      line: src.slice(0, f.sinkRange.start).split('\n').length,
      label: f.source.label,
      stored: f.source.stored ? `${f.source.stored.service}:${f.source.stored.operation}` : undefined,
      notes: f.path.map((s) => s.note),
    }));
  }

  test('Python: get_object with the event key → pulldom (XXE); resource Object(b, key).get() → yaml.load', () => {
    const src = `import os, boto3, yaml
from urllib.parse import unquote_plus
from xml.dom.pulldom import parseString
s3 = boto3.client("s3")
def handler(event, context):
    rec = event["Records"][0]["s3"]
    key = unquote_plus(rec["object"]["key"])
    body = s3.get_object(Bucket=rec["bucket"]["name"], Key=key)["Body"].read()
    doc = parseString(body.decode("utf-8"))
    cfg = boto3.resource("s3").Object(os.environ["B"], key).get()["Body"].read()
    yaml.load(cfg, Loader=yaml.Loader)
`;
    for (const stored of [false, true]) {
      // with stored sources on, the read is also a stored source (judged across the app, not here)
      const hits = runT(src, 'python', ['s3'], stored).filter((h) => !h.stored);
      assert.deepEqual(hits.map((h) => [h.kind, h.line, h.stored]), [['xxe', 9, undefined], ['deserialization', 11, undefined]], `stored=${stored}`);
      assert.equal(hits[0].label, 'event.Records[0].s3.object.key');
      assert.ok(hits[0].notes.some((n) => n.includes('object the event names')), hits[0].notes.join(' | '));
    }
  });

  test('Chalice on_s3_event: s3.Object(BUCKET, event.key).get() body → pulldom (the DVFaaS shape)', () => {
    const src = `import boto3
from chalice import Chalice
from xml.dom.pulldom import parseString
app = Chalice(app_name="cv")
BUCKET = "cv-uploads"
@app.on_s3_event(bucket=BUCKET, events=["s3:ObjectCreated:*"])
def on_upload(event):
    s3 = boto3.resource("s3")
    body = s3.Object(BUCKET, event.key).get()["Body"].read()
    doc = parseString(body.decode("utf-8"))
    for ev, node in doc:
        doc.expandNode(node)
`;
    assert.deepEqual(runT(src, 'python', []).map((h) => [h.kind, h.line, h.label]), [['xxe', 10, 'event.key']]);
  });

  test('JS SDK v3 (send(GetObjectCommand)) and v2 (getObject().promise()) with the event key', () => {
    const src = `const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
const AWS = require('aws-sdk');
const { exec } = require('child_process');
const s3 = new S3Client({});
const s3v2 = new AWS.S3();
exports.handler = async (event) => {
  const r = event.Records[0].s3;
  const Key = decodeURIComponent(r.object.key.replace(/\\+/g, ' '));
  const o = await s3.send(new GetObjectCommand({ Bucket: r.bucket.name, Key }));
  exec(await o.Body.transformToString());
  const p = await s3v2.getObject({ Bucket: r.bucket.name, Key }).promise();
  eval(p.Body.toString('utf8'));
};
`;
    assert.deepEqual(runT(src, 'javascript', ['s3']).map((h) => [h.kind, h.line]), [['command', 10], ['code-eval', 12]]);
  });

  test('TypeScript: EventBridge "Object Created" detail.object.key → body into a shell command', () => {
    const src = `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { execSync } from 'child_process';
const s3 = new S3Client({});
export const handler = async (event: any) => {
  const o = await s3.send(new GetObjectCommand({ Bucket: event.detail.bucket.name, Key: event.detail.object.key }));
  const text = await o.Body!.transformToString();
  execSync(\`convert \${text}\`);
};
`;
    assert.deepEqual(runT(src, 'typescript', ['eventbridge']).map((h) => h.kind), ['command']);
  });

  test('near misses: metadata of the uploaded object, a fixed key, an API-chosen key, a safe parser', () => {
    const py = `import os, boto3, json
import defusedxml.ElementTree as ET
s3 = boto3.client("s3")
def handler(event, context):
    key = event["Records"][0]["s3"]["object"]["key"]
    head = s3.get_object(Bucket="b", Key=key)
    os.system("echo %s" % head["ETag"])
    os.system("echo %d" % head["ContentLength"])
    tpl = s3.get_object(Bucket="b", Key="templates/report.xml")["Body"].read()
    os.system(tpl)
    ET.fromstring(s3.get_object(Bucket="b", Key=key)["Body"].read())
`;
    assert.deepEqual(runT(py, 'python', ['s3']), []);
    const api = `const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});
exports.handler = async (event) => {
  const o = await s3.send(new GetObjectCommand({ Bucket: 'docs', Key: event.pathParameters.key }));
  eval(await o.Body.transformToString());
};
`;
    assert.deepEqual(runT(api, 'javascript', ['api']), [], 'a caller-chosen key selects, it does not write');
    const sqs = `import boto3, subprocess
s3 = boto3.client("s3")
def handler(event, context):
    for r in event["Records"]:
        body = s3.get_object(Bucket="b", Key=r["messageId"])["Body"].read()
        subprocess.run(body, shell=True)
`;
    assert.deepEqual(runT(sqs, 'python', ['sqs']), [], 'an AWS-set message id names no uploaded object');
  });
});

/**
 * Issue 13: the object keys of a bucket listing (S3 ListObjects / ListObjectsV2) are stored data —
 * whoever uploaded chose them. The key (and the common prefixes built from keys) are the data;
 * size, ETag, dates, counts and the continuation token are not. Judged across the app by
 * cross/reads.ts against the writers' keys (test/fixtures/second-order/sam-s3-listed-keys-py).
 */
describe('listed object keys are stored sources (when asked for)', () => {
  test('boto3 list_objects_v2 / list_objects: Contents[].Key and CommonPrefixes; not Size / KeyCount', () => {
    const src = `import os, boto3
s3 = boto3.client("s3")
def handler(event, context):
    r = s3.list_objects_v2(Bucket=os.environ["B"])
    for o in r["Contents"]:
        os.system("process " + o["Key"])
        os.system("echo %s" % o["Size"])
        os.system("echo " + o["ETag"])
    os.system("echo %s" % r["KeyCount"])
    old = s3.list_objects(Bucket="legacy", Delimiter="/")
    os.system("ls " + old["CommonPrefixes"][0]["Prefix"])
`;
    assert.deepEqual(run(src, 'python').map((h) => [h.kind, h.line, h.stored]), [
      ['command', 6, 's3:ListObjects'],
      ['command', 11, 's3:ListObjects'],
    ]);
  });

  test('JS SDK v2 listObjectsV2().promise() and v3 ListObjectsV2Command; TypeScript', () => {
    const js = `const AWS = require('aws-sdk');
const { S3Client, ListObjectsV2Command } = require('@aws-sdk/client-s3');
const { execSync } = require('child_process');
const s3 = new AWS.S3();
const s3v3 = new S3Client({});
exports.handler = async (event) => {
  const a = await s3.listObjectsV2({ Bucket: process.env.B }).promise();
  a.Contents.forEach((o) => execSync('convert ' + o.Key));
  const b = await s3v3.send(new ListObjectsV2Command({ Bucket: process.env.B }));
  for (const o of b.Contents) execSync(\`thumb \${o.Key}\`);
  execSync('echo ' + b.KeyCount + ' ' + b.NextContinuationToken);
};
`;
    assert.deepEqual(run(js, 'javascript').map((h) => [h.kind, h.line, h.stored]), [
      ['command', 8, 's3:ListObjects'],
      ['command', 10, 's3:ListObjects'],
    ]);
    const ts = `import { S3Client, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { readFileSync } from 'fs';
const s3 = new S3Client({});
export const handler = async (event: unknown): Promise<void> => {
  const r = await s3.send(new ListObjectsV2Command({ Bucket: process.env.B! }));
  for (const o of r.Contents ?? []) readFileSync('/mnt/data/' + o.Key!);
  for (const o of r.Contents ?? []) readFileSync('/mnt/data/' + o.Size);
};
`;
    assert.deepEqual(run(ts, 'typescript').map((h) => [h.kind, h.line, h.stored]), [['path-traversal', 6, 's3:ListObjects']]);
  });

  test('boto3 resource collections: Bucket(b).objects.all() / .filter(Prefix=…) → ObjectSummary.key; not .size', () => {
    const src = `import os, boto3
bucket = boto3.resource("s3").Bucket(os.environ["B"])
def handler(event, context):
    for o in bucket.objects.all():
        os.system("process " + o.key)
        os.system("echo %s" % o.size)
    for o in boto3.resource("s3").Bucket("incoming").objects.filter(Prefix="in/"):
        os.system("mv " + o.key + " done/")
`;
    assert.deepEqual(run(src, 'python').map((h) => [h.kind, h.line, h.stored]), [
      ['command', 5, 's3:ListObjects'],
      ['command', 8, 's3:ListObjects'],
    ]);
  });

  test('without the stored option, listed keys are no sources', () => {
    const src = `import os, boto3
s3 = boto3.client("s3")
def handler(event, context):
    for o in s3.list_objects_v2(Bucket="b")["Contents"]:
        os.system("process " + o["Key"])
`;
    assert.deepEqual(run(src, 'python', false), []);
  });
});

describe('stored data into HTML (Python; issue 13 audit)', () => {
  test('an item read back rendered into a text/html response; html.escape is the near miss', () => {
    const src = `import os, html, boto3
table = boto3.resource("dynamodb").Table(os.environ["T"])
def handler(event, context):
    item = table.get_item(Key={"id": "welcome"})["Item"]
    page = "<h1>" + item["title"] + "</h1>"
    safe = "<p>" + html.escape(item["body"]) + "</p>"
    return {"statusCode": 200, "headers": {"Content-Type": "text/html"}, "body": page + safe}
`;
    assert.deepEqual(run(src, 'python').map((h) => [h.kind, h.stored, h.attribute]), [['xss', 'dynamodb:GetItem', 'title']]);
  });
});
