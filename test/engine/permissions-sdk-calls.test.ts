import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { codeLangFromPath, initCodeParsers, parseCode } from '../../server/src/engine/code/parser';
import { Project } from '../../server/src/engine/project';
import { analyzeHandlerCalls } from '../../server/src/engine/permissions/handler-calls';
import type { HandlerCalls, SdkCall } from '../../server/src/engine/permissions/sdk-types';
import { actionsForOperation, iamServiceFor, operationFromSnake } from '../../server/src/engine/permissions/services';
import { handlerCalls } from '../../server/src/engine/permissions/usage';
import { resolveHandlers } from '../../server/src/engine/handlers';
import { buildModel } from '../../server/src/engine/model/build';
import { parseYaml } from '../../server/src/engine/yaml/parse';

before(async () => {
  await initCodeParsers();
});

const ROOT = '/p';

function analyze(files: Record<string, string>, main: string, exportName?: string, opts: { maxDepth?: number } = {}): HandlerCalls {
  const abs = new Map(Object.entries(files).map(([k, v]) => [`${ROOT}/${k}`, v]));
  const project = new Project({ readFile: (p) => abs.get(p) });
  const r = analyzeHandlerCalls(`${ROOT}/${main}`, exportName, {
    project,
    load: (p) => {
      const t = abs.get(p);
      const lang = codeLangFromPath(p);
      return t === undefined || !lang ? undefined : { path: p, text: t, parsed: parseCode(t, lang, null) };
    },
    pythonRoots: [ROOT],
    ...opts,
  });
  assert.ok(r, 'analysed');
  return r!;
}

/** `action@file:line` for each call (actions joined with +). */
function summary(calls: SdkCall[], files: Record<string, string>): string[] {
  return calls.map((c) => {
    const rel = c.file.slice(ROOT.length + 1);
    const line = files[rel].slice(0, c.range.start).split('\n').length;
    return `${c.actions.join('+')}@${rel}:${line}`;
  });
}

function actions(calls: SdkCall[]): string[] {
  return [...new Set(calls.flatMap((c) => c.actions))].sort();
}

describe('service and operation names', () => {
  test('SDK names in every spelling map to IAM prefixes', () => {
    const cases: [string, string][] = [
      ['dynamodb', 'dynamodb'], ['secrets-manager', 'secretsmanager'], ['SecretsManager', 'secretsmanager'], ['eventbridge', 'events'],
      ['sfn', 'states'], ['StepFunctions', 'states'], ['stepfunctions', 'states'], ['cognito-identity-provider', 'cognito-idp'],
      ['CognitoIdentityServiceProvider', 'cognito-idp'], ['sesv2', 'ses'], ['cloudwatch-logs', 'logs'], ['CloudWatchLogs', 'logs'],
      ['logs', 'logs'], ['sts', 'sts'], ['athena', 'athena'], ['firehose', 'firehose'], ['kinesis', 'kinesis'], ['kms', 'kms'],
      ['ssm', 'ssm'], ['sqs', 'sqs'], ['sns', 'sns'], ['s3', 's3'], ['lambda', 'lambda'], ['cloudwatch', 'cloudwatch'],
      ['apigatewaymanagementapi', 'execute-api'], ['bedrock-runtime', 'bedrock'], ['rds-data', 'rds-data'], ['RDSDataService', 'rds-data'],
      ['iot-data', 'iot'], ['dynamodbstreams', 'dynamodb'], ['application-autoscaling', 'application-autoscaling'],
    ];
    for (const [sdk, iam] of cases) assert.equal(iamServiceFor(sdk), iam, sdk);
    assert.equal(iamServiceFor('not-a-service'), undefined);
  });

  test('operations map to catalogue actions, with the known exceptions', () => {
    assert.deepEqual(actionsForOperation('s3', 'ListObjectsV2'), ['s3:ListBucket']);
    assert.deepEqual(actionsForOperation('s3', 'HeadObject'), ['s3:GetObject']);
    assert.deepEqual(actionsForOperation('s3', 'HeadBucket'), ['s3:ListBucket']);
    assert.deepEqual(actionsForOperation('s3', 'CopyObject'), ['s3:PutObject', 's3:GetObject']);
    assert.deepEqual(actionsForOperation('s3', 'Upload'), ['s3:PutObject']);
    assert.deepEqual(actionsForOperation('sqs', 'SendMessageBatch'), ['sqs:SendMessage']);
    assert.deepEqual(actionsForOperation('lambda', 'Invoke'), ['lambda:InvokeFunction']);
    assert.deepEqual(actionsForOperation('ssm', operationFromSnake('get_parameters_by_path')), ['ssm:GetParametersByPath']);
    assert.deepEqual(actionsForOperation('rds', operationFromSnake('describe_db_instances')), ['rds:DescribeDBInstances'], 'case-insensitive lookup, canonical case out');
    assert.deepEqual(actionsForOperation('s3', 'Promise'), [], 'not an action');
  });
});

describe('JavaScript / TypeScript SDK v3', () => {
  test('commands, lib-dynamodb, paginators, aggregated clients, lib-storage, namespace imports', () => {
    const files = {
      'src/h.ts': `import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, GetCommand as Get, QueryCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import { S3, S3Client, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import * as sfn from '@aws-sdk/client-sfn';
const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async (event: any) => {
  await doc.send(new PutCommand({ TableName: process.env.TABLE, Item: {} }));
  await doc.send(new Get({ TableName: 'orders', Key: {} }));
  await doc.send(new QueryCommand({ TableName: process.env['TABLE'], IndexName: 'byUser' }));
  for await (const page of paginateScan({ client: doc }, { TableName: 'orders' })) void page;
  await new DynamoDBClient({}).send(new UpdateItemCommand({ TableName: 'orders', Key: {} }));
  const s3 = new S3({});
  await s3.headObject({ Bucket: 'reports', Key: 'k' });
  await new S3Client({}).send(new ListObjectsV2Command({ Bucket: 'reports' }));
  await new Upload({ client: new S3Client({}), params: { Bucket: 'uploads', Key: 'k', Body: 'x' } }).done();
  await new sfn.SFNClient({}).send(new sfn.StartExecutionCommand({ stateMachineArn: process.env.SM_ARN }));
  await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: 'db' }));
};
`,
    };
    const r = analyze(files, 'src/h.ts', 'handler');
    assert.deepEqual(summary(r.reachable, files), [
      'dynamodb:PutItem@src/h.ts:9',
      'dynamodb:GetItem@src/h.ts:10',
      'dynamodb:Query@src/h.ts:11',
      'dynamodb:Scan@src/h.ts:12',
      'dynamodb:UpdateItem@src/h.ts:13',
      's3:GetObject@src/h.ts:15',
      's3:ListBucket@src/h.ts:16',
      's3:PutObject@src/h.ts:17',
      'states:StartExecution@src/h.ts:18',
      'secretsmanager:GetSecretValue@src/h.ts:19',
    ]);
    assert.deepEqual(r.unknown, []);
    const byAction = (a: string) => r.reachable.find((c) => c.actions.includes(a))!;
    assert.deepEqual(byAction('dynamodb:PutItem').resource, { kind: 'env', name: 'TABLE' });
    assert.equal(byAction('dynamodb:PutItem').resourceParam, 'TableName');
    assert.deepEqual(byAction('dynamodb:GetItem').resource, { kind: 'literal', text: 'orders' });
    assert.equal(byAction('dynamodb:Query').usesIndex, true);
    assert.deepEqual(byAction('s3:PutObject').resource, { kind: 'literal', text: 'uploads' });
    assert.deepEqual(byAction('states:StartExecution').resource, { kind: 'env', name: 'SM_ARN' });
    const put = byAction('dynamodb:PutItem');
    assert.equal(files['src/h.ts'].slice(put.range.start, put.range.end), 'PutCommand');
  });

  test('transactions and PartiQL resolve from the request; otherwise they are unknown', () => {
    const files = {
      'h.js': `const { DynamoDBClient, TransactWriteItemsCommand, ExecuteStatementCommand } = require('@aws-sdk/client-dynamodb');
const c = new DynamoDBClient({});
exports.handler = async (event) => {
  await c.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: {} }, { ConditionCheck: {} }] }));
  await c.send(new ExecuteStatementCommand({ Statement: 'SELECT * FROM orders' }));
  await c.send(new TransactWriteItemsCommand({ TransactItems: event.items }));
};
`,
    };
    const r = analyze(files, 'h.js', 'handler');
    assert.deepEqual(actions(r.reachable), ['dynamodb:ConditionCheckItem', 'dynamodb:PartiQLSelect', 'dynamodb:PutItem']);
    assert.equal(r.unknown.length, 1);
    assert.match(r.unknown[0].reason, /TransactWriteItems/);
  });
});

describe('JavaScript SDK v2', () => {
  test('AWS namespace, DocumentClient, per-service modules, params objects, getSignedUrl', () => {
    const files = {
      'handler.js': `const AWS = require('aws-sdk');
const DynamoDB = require('aws-sdk/clients/dynamodb');
const s3 = new AWS.S3();
const doc = new AWS.DynamoDB.DocumentClient();
const doc2 = new DynamoDB.DocumentClient();
module.exports.handler = async (event) => {
  const params = { TableName: process.env.TABLE_NAME, Item: event };
  await doc.put(params).promise();
  await doc2.query({ TableName: 'orders' }).promise();
  const url = s3.getSignedUrl('getObject', { Bucket: 'reports', Key: 'k' });
  await s3.upload({ Bucket: 'reports', Key: 'k', Body: 'x' }).promise();
  await new AWS.SQS().sendMessageBatch({ QueueUrl: process.env.QUEUE_URL, Entries: [] }).promise();
  return url;
};
`,
    };
    const r = analyze(files, 'handler.js', 'handler');
    assert.deepEqual(summary(r.reachable, files), [
      'dynamodb:PutItem@handler.js:8',
      'dynamodb:Query@handler.js:9',
      's3:GetObject@handler.js:10',
      's3:PutObject@handler.js:11',
      'sqs:SendMessage@handler.js:12',
    ]);
    assert.deepEqual(r.reachable[0].resource, { kind: 'env', name: 'TABLE_NAME' }, 'through the params variable');
  });
});

describe('JavaScript SDK v2 managed upload', () => {
  test('new AWS.S3.ManagedUpload({ params }) and the aws-sdk/clients/s3 module\'s ManagedUpload are s3:PutObject on params.Bucket', () => {
    const files = {
      'upload.js': `const { S3 } = require('aws-sdk');
const S3Client = require('aws-sdk/clients/s3');
exports.handler = async (body) => {
  await new S3.ManagedUpload({ params: { Bucket: process.env.BUCKET, Key: 'out.xml', Body: body } }).promise();
  await new S3Client.ManagedUpload({ params: { Bucket: 'archive', Key: 'copy.xml', Body: body } }).promise();
};
`,
    };
    const r = analyze(files, 'upload.js', 'handler');
    assert.deepEqual(summary(r.reachable, files), ['s3:PutObject@upload.js:4', 's3:PutObject@upload.js:5']);
    assert.deepEqual(r.reachable[0].resource, { kind: 'env', name: 'BUCKET' });
    assert.equal(r.reachable[0].sdk, 'js-v2');
  });
});

describe('Python boto3', () => {
  test('clients, module globals, lazy getters, resources, sub-resources, collections, paginators', () => {
    const files = {
      'app.py': `import os
import boto3
from boto3 import client as make_client

s3 = boto3.client("s3")
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
_sqs = None

def sqs():
    global _sqs
    if _sqs is None:
        _sqs = make_client("sqs")
    return _sqs

def handler(event, context):
    s3.get_object(Bucket=os.environ.get("BUCKET"), Key="k")
    table.put_item(Item={})
    sqs().send_message(QueueUrl=os.getenv("QUEUE_URL"), MessageBody="x")
    bucket = boto3.resource("s3").Bucket("reports")
    for obj in bucket.objects.filter(Prefix="2024/"):
        obj.get()
    boto3.resource("s3").Object("reports", "k").put(Body=b"x")
    s3.get_paginator("list_objects_v2")
    s3.upload_file("/tmp/x", "reports", "k")
    boto3.client("ssm").get_parameters_by_path(Path="/app")
    boto3.client("stepfunctions").start_execution(stateMachineArn="arn")
    table.meta.client.describe_table(TableName="orders")
`,
    };
    const r = analyze(files, 'app.py', 'handler');
    assert.deepEqual(summary(r.reachable, files), [
      's3:GetObject@app.py:16',
      'dynamodb:PutItem@app.py:17',
      'sqs:SendMessage@app.py:18',
      's3:ListBucket@app.py:20',
      's3:GetObject@app.py:21',
      's3:PutObject@app.py:22',
      's3:ListBucket@app.py:23',
      's3:PutObject@app.py:24',
      'ssm:GetParametersByPath@app.py:25',
      'states:StartExecution@app.py:26',
      'dynamodb:DescribeTable@app.py:27',
    ]);
    assert.deepEqual(r.reachable[0].resource, { kind: 'env', name: 'BUCKET' });
    assert.deepEqual(r.reachable[1].resource, { kind: 'env', name: 'TABLE_NAME' }, 'from Table(os.environ[...])');
    assert.deepEqual(r.reachable[2].resource, { kind: 'env', name: 'QUEUE_URL' });
    assert.deepEqual(r.reachable[7].resource, { kind: 'literal', text: 'reports' }, 'upload_file bucket argument');
    assert.deepEqual(r.unknown, []);
  });

  test('classes with self attributes and clients passed to helpers', () => {
    const files = {
      'repo.py': `import boto3

class Repo:
    def __init__(self):
        self.table = boto3.resource("dynamodb").Table("orders")

    def save(self, item):
        self.table.put_item(Item=item)

def publish(client, msg):
    client.publish(TopicArn="arn:aws:sns:eu-west-1:1:t", Message=msg)

def handler(event, context):
    Repo().save(event)
    publish(boto3.client("sns"), "hi")
`,
    };
    const r = analyze(files, 'repo.py', 'handler');
    assert.deepEqual(actions(r.reachable), ['dynamodb:PutItem', 'sns:Publish']);
    assert.deepEqual(r.unknown, []);
  });
});

describe('helpers, imports and reachability', () => {
  test('a boto3 Table handed to a class of another module: its methods\' calls on the attribute are the handler\'s, on the handler\'s table', () => {
    const files = {
      'app.py': `import boto3, os
from s3index import S3Lock, handle_if_current

def lambda_handler(event, context):
    table = boto3.resource('dynamodb').Table(os.environ['DDB_TABLE'])
    return handle_if_current(event, S3Lock(event['key'], table, context.aws_request_id))
`,
      's3index.py': `class S3Lock:
    def __init__(self, key: str, locktable, execution_id: str):
        self._key = key
        self._locktable = locktable

    def current(self):
        return self._locktable.get_item(Key={'k': self._key})

    def lock(self):
        self._locktable.put_item(Item={'k': self._key})

    def unlock(self):
        self._locktable.update_item(Key={'k': self._key})

def handle_if_current(event, lock: S3Lock):
    if lock.current():
        lock.lock()
    lock.unlock()
`,
    };
    const r = analyze(files, 'app.py', 'lambda_handler');
    assert.deepEqual(summary(r.reachable, files), ['dynamodb:GetItem@s3index.py:7', 'dynamodb:PutItem@s3index.py:10', 'dynamodb:UpdateItem@s3index.py:13']);
    for (const c of r.reachable) assert.deepEqual(c.resource, { kind: 'env', name: 'DDB_TABLE' }, c.name);
    assert.deepEqual(r.unknown, []);
    // Keyword argument and a client (not a resource): the same.
    const kw = { ...files, 'app.py': files['app.py'].replace("S3Lock(event['key'], table, context.aws_request_id)", "S3Lock(event['key'], execution_id='x', locktable=table)") };
    assert.deepEqual(actions(analyze(kw, 'app.py', 'lambda_handler').reachable), ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  });

  test('a client handed to a class of another module (JS new, this.x = param, TS parameter properties)', () => {
    const files = {
      'src/app.ts': `import { DynamoDB } from 'aws-sdk';
import { Store } from './store';
import Lock from './lock';
const doc = new DynamoDB.DocumentClient();
export const handler = async (event: any) => {
  await new Store(doc, process.env.ORDERS).save(event);
  await new Lock(doc).take(event.id);
};
`,
      'src/store.ts': `export class Store {
  constructor(client: any, table?: string) { this.db = client; this.table = table; }
  async save(x: any) { await this.db.put({ TableName: this.table, Item: x }).promise(); }
}
`,
      'src/lock.ts': `export default class Lock {
  constructor(private readonly doc: any) {}
  async take(id: string) { await this.doc.update({ TableName: 'locks', Key: { id } }).promise(); }
}
`,
    };
    const r = analyze(files, 'src/app.ts', 'handler');
    assert.deepEqual(summary(r.reachable, files), ['dynamodb:UpdateItem@src/lock.ts:3', 'dynamodb:PutItem@src/store.ts:3']);
    assert.deepEqual(r.reachable[0].resource, { kind: 'literal', text: 'locks' });
    assert.deepEqual(r.reachable[1].resource, { kind: 'env', name: 'ORDERS' }, 'the table the handler gave, through this.table');
    assert.deepEqual(r.unknown, []);
  });

  test('a class of another module that builds its own client in its constructor (this.s3 = new S3()): its calls are seen, on the bucket the caller gave', () => {
    const files = {
      'src/app.js': `const { Repo } = require('./repo');
exports.handler = async (e) => new Repo('x').get(e.k);
`,
      'src/repo.js': `const AWS = require('aws-sdk');
class Repo {
  constructor(bucket) { this.s3 = new AWS.S3(); this.bucket = bucket; }
  get(k) { return this.s3.getObject({ Bucket: this.bucket, Key: k }).promise(); }
}
module.exports = { Repo };
`,
    };
    const r = analyze(files, 'src/app.js', 'handler');
    assert.deepEqual(summary(r.reachable, files), ['s3:GetObject@src/repo.js:4']);
    assert.deepEqual(r.reachable[0].resource, { kind: 'literal', text: 'x' }, 'the bucket the caller passed');
  });

  test('a client returned by a static method of a default-exported class (import DB from ./db; DB.client()), also handed to another class', () => {
    // Found on 0xh/oauth-api (judged sample c, beyond the cap): a member of a default import was read as a
    // named export of the module, so DB.getDocClient() gave nothing and every DynamoDB grant was called unused.
    const files = {
      'src/h.js': `import DB from './db';
import Svc from './svc';
export const handler = async (e) => {
  await DB.client().put({ TableName: 't', Item: e }).promise();
  return new Svc(DB.client()).one(e.id);
};
`,
      'src/db.js': `import AWS from 'aws-sdk';
class DB {
  static client() { return new AWS.DynamoDB.DocumentClient(); }
}
export default DB;
`,
      'src/svc.js': `class Svc {
  constructor(db) { this.db = db; }
  one(id) { return this.db.get({ TableName: 't', Key: { id } }).promise(); }
}
export default Svc;
`,
    };
    const r = analyze(files, 'src/h.js', 'handler');
    assert.deepEqual(summary(r.reachable, files), ['dynamodb:PutItem@src/h.js:4', 'dynamodb:GetItem@src/svc.js:3']);
    assert.deepEqual(r.unknown, []);
  });

  test('calls in relatively imported files are followed; other exports are not reached', () => {
    const files = {
      'src/handlers/orders.ts': `import { saveOrder } from '../lib/db';
import * as notify from '../lib/notify';
export const create = async (event: any) => { await saveOrder(event); await notify.sent(); };
export const list = async () => listAll();
async function listAll() { const { scan } = await import('../lib/scan'); return scan(); }
`,
      'src/lib/db.ts': `import { DynamoDBDocumentClient, PutCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from './client';
const doc = DynamoDBDocumentClient.from(ddb);
export async function saveOrder(o: unknown) { await doc.send(new PutCommand({ TableName: process.env.TABLE, Item: o as never })); }
export async function deleteOrder() { await doc.send(new DeleteCommand({ TableName: process.env.TABLE, Key: {} })); }
`,
      'src/lib/client.ts': `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export const ddb = new DynamoDBClient({});
`,
      'src/lib/notify.ts': `import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
export const sent = () => new SNSClient({}).send(new PublishCommand({ TopicArn: process.env.TOPIC, Message: 'x' }));
export const unused = () => new SNSClient({}).send(new PublishCommand({ TopicArn: 'other', Message: 'y' }));
`,
      'src/lib/scan.ts': `import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
export const scan = () => new DynamoDBClient({}).send(new ScanCommand({ TableName: 'orders' }));
`,
    };
    const create = analyze(files, 'src/handlers/orders.ts', 'create');
    assert.deepEqual(summary(create.reachable, files), ['dynamodb:PutItem@src/lib/db.ts:4', 'sns:Publish@src/lib/notify.ts:2']);
    assert.deepEqual(actions(create.all), ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Scan', 'sns:Publish']);
    const list = analyze(files, 'src/handlers/orders.ts', 'list');
    assert.deepEqual(actions(list.reachable), ['dynamodb:Scan']);
    assert.deepEqual(list.unknown, []);
    assert.equal(list.files.length, 5);
  });

  test('Python sibling modules and relative imports', () => {
    const files = {
      'svc/handler.py': `from .db import save
from util import notify
def handler(event, context):
    save(event)
    notify("x")
`,
      'svc/db.py': `import boto3
ddb = boto3.client("dynamodb")
def save(item):
    ddb.put_item(TableName="orders", Item=item)
`,
      'svc/util.py': `import boto3
def notify(m):
    boto3.client("sns").publish(TopicArn="t", Message=m)
`,
    };
    const r = analyze(files, 'svc/handler.py', 'handler');
    assert.deepEqual(actions(r.reachable), ['dynamodb:PutItem', 'sns:Publish']);
    assert.deepEqual(r.unknown, []);
  });

  test('module initialisation code is reachable; `if __name__ == "__main__"` is not', () => {
    const files = {
      'app.py': `import boto3
CONFIG = boto3.client("ssm").get_parameter(Name="/app/config")
def handler(event, context):
    return CONFIG
if __name__ == "__main__":
    boto3.client("s3").list_buckets()
`,
    };
    const r = analyze(files, 'app.py', 'handler');
    assert.deepEqual(actions(r.reachable), ['ssm:GetParameter']);
  });

  test('Python routes registered with decorators run when the app the handler calls does', () => {
    const files = {
      'app.py': `import boto3
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
app = APIGatewayRestResolver()
table = boto3.resource("dynamodb").Table("orders")

@app.post("/orders")
def create():
    table.put_item(Item=app.current_event.json_body)

def unrelated():
    boto3.client("s3").delete_bucket(Bucket="b")

def handler(event, context):
    return app.resolve(event, context)
`,
    };
    const r = analyze(files, 'app.py', 'handler');
    assert.deepEqual(actions(r.reachable), ['dynamodb:PutItem']);
    assert.deepEqual(actions(r.all), ['dynamodb:PutItem', 's3:DeleteBucket']);
  });

  test('the import depth is bounded; unreadable imports make the result unknown', () => {
    const files = {
      'a.js': `const { b } = require('./b'); exports.handler = () => b();`,
      'b.js': `const { c } = require('./c'); exports.b = () => c();`,
      'c.js': `const { missing } = require('./does-not-exist'); exports.c = () => missing();`,
    };
    const r = analyze(files, 'a.js', 'handler');
    assert.ok(r.unknown.some((u) => u.reason.includes('./does-not-exist')));
    const shallow = analyze(files, 'a.js', 'handler', { maxDepth: 1 });
    assert.ok(shallow.unknown.some((u) => u.reason.includes('beyond the followed depth')));
  });
});

describe('unknown (dynamic) AWS use', () => {
  const cases: [string, string, string, RegExp][] = [
    ['computed method (JS)', 'h.js', `const AWS = require('aws-sdk'); const s3 = new AWS.S3(); exports.handler = (e) => s3[e.op]({}).promise();`, /run time/],
    ['computed class (JS)', 'h.js', `const AWS = require('aws-sdk'); exports.handler = (e) => new AWS[e.svc]().x();`, /run time/],
    ['getattr (Python)', 'h.py', `import boto3\ns3 = boto3.client("s3")\ndef handler(event, context):\n    return getattr(s3, event["op"])()\n`, /getattr/],
    ['computed service name (Python)', 'h.py', `import boto3\ndef handler(event, context):\n    return boto3.client(event["svc"]).list()\n`, /computed service name/],
    ['client handed to a library (JS)', 'h.js', `const { DynamoDBClient } = require('@aws-sdk/client-dynamodb'); const { Entity } = require('some-orm'); const c = new DynamoDBClient({}); const E = new Entity({}, { client: c }); exports.handler = () => E.go();`, /passed to/],
    ['library that calls AWS itself (Python)', 'h.py', `from pynamodb.models import Model\ndef handler(event, context):\n    return 1\n`, /pynamodb/],
    ['credentials for hand-signed requests (Python)', 'h.py', `import boto3\ndef handler(event, context):\n    creds = boto3.Session().get_credentials()\n    return creds\n`, /sign/],
    ['SigV4 signing library (JS)', 'h.js', `const aws4 = require('aws4');\nexports.handler = async () => aws4.sign({ host: 'x.execute-api.eu-west-1.amazonaws.com' });\n`, /aws4/],
    ['waiter (boto3)', 'h.py', `import boto3\ndef handler(event, context):\n    boto3.client("dynamodb").get_waiter("table_exists").wait(TableName="t")\n`, /waiter/],
  ];
  for (const [name, file, code, reason] of cases) {
    test(name, () => {
      const r = analyze({ [file]: code }, file, 'handler');
      assert.ok(r.unknown.length > 0, 'unknown recorded');
      assert.match(r.unknown.map((u) => u.reason).join(' | '), reason);
    });
  }

  test('known wrappers and SDK helpers are not escapes', () => {
    const files = {
      'h.js': `const AWSXRay = require('aws-xray-sdk-core');
const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
const { getSignedUrl } = require('@aws-sdk/s3-request-presigner');
const s3 = AWSXRay.captureAWSv3Client(new S3Client({}));
exports.handler = async () => { console.log(s3); return getSignedUrl(s3, new GetObjectCommand({ Bucket: 'b', Key: 'k' })); };
`,
    };
    const r = analyze(files, 'h.js', 'handler');
    assert.deepEqual(r.unknown, []);
    assert.deepEqual(actions(r.reachable), ['s3:GetObject']);
  });

  test('X-Ray wrapping the whole SDK (`AWSXRay.captureAWS(require(\'aws-sdk\'))`) returns the SDK: its clients are read', () => {
    const files = {
      'h.js': `const AWSXRay = require('aws-xray-sdk-core');
const AWS = AWSXRay.captureAWS(require('aws-sdk'));
const doc = new AWS.DynamoDB.DocumentClient();
exports.handler = async () => (await doc.scan({ TableName: process.env.T }).promise()).Items;
`,
    };
    const r = analyze(files, 'h.js', 'handler');
    assert.deepEqual(r.unknown, []);
    assert.deepEqual(actions(r.reachable), ['dynamodb:Scan']);
  });

  test('a wrapper given something that is not the SDK or a client returns nothing callable', () => {
    const files = {
      'h.js': `const AWSXRay = require('aws-xray-sdk-core');
const http = AWSXRay.captureAWS(require('https'));
exports.handler = async () => http.get;
`,
    };
    const r = analyze(files, 'h.js', 'handler');
    assert.deepEqual(actions(r.reachable), []);
  });

  test('syntax errors make the result incomplete', () => {
    const r = analyze({ 'h.js': `exports.handler = async () => { await s3.getObject({ ; };` }, 'h.js', 'handler');
    assert.equal(r.complete, false);
  });
});

describe('CommonJS modules that export a client', () => {
  test('`module.exports = client` in a local module: `db.put(…)` through `require(./db)` is a call (serverless examples)', () => {
    const files = {
      'todos/dynamodb.js': `const AWS = require('aws-sdk');\nlet options = {};\nif (process.env.IS_OFFLINE) options = { region: 'localhost', endpoint: 'http://localhost:8000' };\nconst client = new AWS.DynamoDB.DocumentClient(options);\nmodule.exports = client;\n`,
      'todos/create.js': `const dynamodb = require('./dynamodb');\nmodule.exports.create = (event, context, callback) => {\n  dynamodb.put({ TableName: process.env.DYNAMODB_TABLE, Item: {} }, () => callback(null, {}));\n};\n`,
      'todos/list.js': `const dynamodb = require('./dynamodb');\nmodule.exports.list = (event, context, callback) => {\n  dynamodb.scan({ TableName: process.env.DYNAMODB_TABLE }, () => callback(null, {}));\n};\n`,
    };
    assert.deepEqual(summary(analyze(files, 'todos/create.js', 'create').reachable, files), ['dynamodb:PutItem@todos/create.js:3']);
    assert.deepEqual(summary(analyze(files, 'todos/list.js', 'list').reachable, files), ['dynamodb:Scan@todos/list.js:3']);
  });
  test('a required module exporting an object of helpers is still followed by name', () => {
    const files = {
      'lib/db.js': `const AWS = require('aws-sdk');\nconst c = new AWS.SQS();\nmodule.exports = { send: (b) => c.sendMessage({ QueueUrl: process.env.Q, MessageBody: b }).promise() };\n`,
      'handler.js': `const db = require('./lib/db');\nexports.handler = async (e) => db.send(e.body);\n`,
    };
    assert.deepEqual(summary(analyze(files, 'handler.js', 'handler').reachable, files), ['sqs:SendMessage@lib/db.js:3']);
  });
});

describe('actions that depend on request parameters (data/operation-actions.ts PARAMETER_ACTIONS)', () => {
  test('JS: PutObject with ACL needs s3:PutObjectAcl, Tagging s3:PutObjectTagging, object lock the lock actions; v2 upload and lib-storage too', () => {
    const files = {
      'h.js': `const { S3Client, PutObjectCommand, GetObjectCommand } = require('@aws-sdk/client-s3');
const { Upload } = require('@aws-sdk/lib-storage');
const AWS = require('aws-sdk');
const s3 = new S3Client({});
const v2 = new AWS.S3();
exports.handler = async (e) => {
  await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x', ACL: 'public-read' }));
  await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x', Tagging: 'a=b', ObjectLockLegalHoldStatus: 'ON' }));
  await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }));
  await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k', VersionId: e.v }));
  await v2.upload({ Bucket: 'b', Key: 'k', Body: 'x', ACL: 'public-read' }).promise();
  const params = { Bucket: 'b', Key: 'k', Body: 'x', ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: new Date() };
  await new Upload({ client: s3, params }).done();
};
`,
    };
    const r = analyze(files, 'h.js', 'handler');
    assert.deepEqual(summary(r.reachable, files), [
      's3:PutObject+s3:PutObjectAcl@h.js:7',
      's3:PutObject+s3:PutObjectTagging+s3:PutObjectLegalHold@h.js:8',
      's3:PutObject@h.js:9',
      's3:GetObject+s3:GetObjectVersion@h.js:10',
      's3:PutObject+s3:PutObjectAcl@h.js:11',
      's3:PutObject+s3:PutObjectRetention@h.js:13',
    ]);
  });

  test('Python: put_object(ACL=...), upload_file(ExtraArgs={"ACL": ...}), delete_object(VersionId=...)', () => {
    const files = {
      'h.py': `import boto3
s3 = boto3.client("s3")
def handler(event, context):
    s3.put_object(Bucket="b", Key="k", Body=b"x", ACL="public-read")
    s3.upload_file("/tmp/x", "b", "k", ExtraArgs={"ACL": "public-read", "Tagging": "a=b"})
    s3.upload_file("/tmp/x", "b", "k")
    s3.delete_object(Bucket="b", Key="k", VersionId=event["v"])
`,
    };
    const r = analyze(files, 'h.py', 'handler');
    assert.deepEqual(summary(r.reachable, files), [
      's3:PutObject+s3:PutObjectAcl@h.py:4',
      's3:PutObject+s3:PutObjectAcl+s3:PutObjectTagging@h.py:5',
      's3:PutObject@h.py:6',
      's3:DeleteObject+s3:DeleteObjectVersion@h.py:7',
    ]);
  });
  test('SSE-KMS with a named key: kms:GenerateDataKey (and Decrypt for multipart) recorded on the key, not the bucket', () => {
    const files = {
      'h.js': `const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
const { Upload } = require('@aws-sdk/lib-storage');
const s3 = new S3Client({});
exports.handler = async (e) => {
  await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: process.env.KEY_ARN }));
  await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x', ServerSideEncryption: 'aws:kms' }));
  await new Upload({ client: s3, params: { Bucket: 'b', Key: 'k', Body: 'x', SSEKMSKeyId: process.env.KEY_ARN } }).done();
};
`,
    };
    const r = analyze(files, 'h.js', 'handler');
    assert.deepEqual(summary(r.reachable, files), [
      's3:PutObject@h.js:5',
      'kms:GenerateDataKey@h.js:5',
      's3:PutObject@h.js:6',
      's3:PutObject@h.js:7',
      'kms:GenerateDataKey+kms:Decrypt@h.js:7',
    ]);
    assert.deepEqual(r.reachable[1].resource, { kind: 'env', name: 'KEY_ARN' });
    assert.deepEqual(r.reachable[0].resource, { kind: 'literal', text: 'b' });
  });
});

describe('boto3 resource layer (data/boto3-resources.ts, from boto3’s resource models)', () => {
  test('service-resource and sub-resource methods map to the operation boto3 calls', () => {
    const files = {
      'app.py': `import boto3

sqs = boto3.resource("sqs")
queue = sqs.get_queue_by_name(QueueName="orders")
s3 = boto3.resource("s3")
sns = boto3.resource("sns")

def handler(event, context):
    queue.send_message(MessageBody="x")
    s3.Bucket("uploads").Notification().put(NotificationConfiguration={})
    for b in s3.buckets.all():
        b.Cors().delete()
    topic = sns.create_topic(Name="t")
    topic.publish(Message="x")
    sqs.Queue("u").purge()
`,
    };
    const r = analyze(files, 'app.py', 'handler');
    assert.deepEqual(summary(r.all, files), [
      'sqs:GetQueueUrl@app.py:4',
      'sqs:SendMessage@app.py:9',
      's3:PutBucketNotification@app.py:10',
      's3:ListAllMyBuckets@app.py:11',
      's3:PutBucketCORS@app.py:12',
      'sns:CreateTopic@app.py:13',
      'sns:Publish@app.py:14',
      'sqs:PurgeQueue@app.py:15',
    ]);
  });
});

describe('clients built by shared factories', () => {
  const pyCache = `import boto3

_clients = {}


def _get(service):
    if service not in _clients:
        _clients[service] = boto3.client(service)
    return _clients[service]


def s3():
    return _get("s3")


def lambda_client():
    return _get("lambda")


def dynamodb_resource():
    return boto3.resource("dynamodb")
`;
  const pyHandler = (imp: string, extra = '') => `import os
${imp}


def handler(event, context):
    aws_clients.s3().put_object(Bucket=os.environ["BUCKET"], Key="k", Body=b"x")
    aws_clients.dynamodb_resource().Table(os.environ["TABLE"]).put_item(Item={})
    aws_clients.lambda_client().invoke(FunctionName=os.environ["WORKER"])
${extra}`;
  const expected = ['dynamodb:PutItem', 'lambda:InvokeFunction', 's3:PutObject'];

  test('Python: wrappers over a dict-cached boto3.client(service), from a package or a sibling module', () => {
    for (const [imp, mod] of [['from shared import aws_clients', 'shared/aws_clients.py'], ['import aws_clients', 'aws_clients.py']]) {
      const files = { 'app.py': pyHandler(imp), [mod]: pyCache, 'shared/__init__.py': '' };
      const r = analyze(files, 'app.py', 'handler');
      assert.deepEqual(actions(r.reachable), expected, imp);
      assert.deepEqual(r.unknown, [], imp);
      const put = r.reachable.find((c) => c.operation === 'PutItem');
      assert.deepEqual(put?.resource, { kind: 'env', name: 'TABLE' }, 'the table the resource names');
    }
  });

  test('Python: an lru_cache factory, and an import of the module\'s own package (from app.shared import …)', () => {
    const lru = `import boto3\nfrom functools import lru_cache\n\n\n@lru_cache(maxsize=None)\ndef _get(service):\n    return boto3.client(service)\n\n\ndef s3():\n    return _get("s3")\n\n\ndef lambda_client():\n    return _get("lambda")\n\n\ndef dynamodb_resource():\n    return boto3.resource("dynamodb")\n`;
    const files = { 'src/app/__init__.py': '', 'src/app/handlers/__init__.py': '', 'src/app/handlers/h.py': pyHandler('from app.shared import aws_clients'), 'src/app/shared/__init__.py': '', 'src/app/shared/aws_clients.py': lru };
    const r = analyze(files, 'src/app/handlers/h.py', 'handler');
    assert.deepEqual(actions(r.reachable), expected);
    assert.deepEqual(r.unknown, []);
  });

  test('Python: a service name chosen at run time makes the usage incomplete, also when the client is only cached', () => {
    for (const extra of ['    aws_clients._get(event["service"]).tag_resource(ResourceArn="a", Tags=[])\n', '    aws_clients._get(os.environ["EXTRA"])\n', '    boto3_client = aws_clients.boto3.client(event["service"])\n']) {
      const files = { 'app.py': pyHandler('from shared import aws_clients', extra), 'shared/aws_clients.py': pyCache, 'shared/__init__.py': '' };
      const r = analyze(files, 'app.py', 'handler');
      // (the cache is read flow-insensitively: the run-time client may be any cached one)
      for (const a of expected) assert.ok(actions(r.reachable).includes(a), `${a}: ${extra}`);
      assert.ok(r.unknown.some((u) => /service name/.test(u.reason)), extra);
    }
    // every caller passes a constant: complete
    const files = { 'app.py': pyHandler('from shared import aws_clients', '    aws_clients._get("sns").publish(TopicArn=os.environ["T"], Message="m")\n'), 'shared/aws_clients.py': pyCache, 'shared/__init__.py': '' };
    const r = analyze(files, 'app.py', 'handler');
    assert.deepEqual(actions(r.reachable), [...expected, 'sns:Publish'].sort());
    assert.deepEqual(r.unknown, []);
  });

  const jsHandler = `const c = require('./shared/clients');
exports.handler = async () => {
  await c.s3().putObject({ Bucket: process.env.BUCKET, Key: 'k' }).promise();
  await c.sns().publish({ TopicArn: process.env.TOPIC, Message: 'm' }).promise();
};
`;
  test('JavaScript: v2 factories choosing the class by a name their callers pass (AWS[svc], a map of classes, a cache)', () => {
    const factories = [
      `const AWS = require('aws-sdk');\nconst client = (svc) => new AWS[svc]();\nmodule.exports = { s3: () => client('S3'), sns: () => client('SNS') };\n`,
      `const { S3, SNS } = require('aws-sdk');\nconst clients = { s3: S3, sns: SNS };\nfunction getClient(name) { return new clients[name]({}); }\nexports.s3 = () => getClient('s3');\nexports.sns = () => getClient('sns');\n`,
      `const AWS = require('aws-sdk');\nconst cache = {};\nconst get = (svc) => { if (!cache[svc]) cache[svc] = new AWS[svc](); return cache[svc]; };\nexports.s3 = () => get('S3');\nexports.sns = () => get('SNS');\n`,
    ];
    for (const f of factories) {
      const r = analyze({ 'h.js': jsHandler, 'shared/clients.js': f }, 'h.js', 'handler');
      assert.deepEqual(actions(r.reachable), ['s3:PutObject', 'sns:Publish'], f);
      assert.deepEqual(r.unknown, [], f);
    }
    // one caller passes a name from the event: unknown
    const open = `const AWS = require('aws-sdk');\nconst client = (svc) => new AWS[svc]();\nmodule.exports = { s3: () => client('S3'), sns: () => client('SNS'), any: client };\n`;
    const r = analyze({ 'h.js': jsHandler.replace('};\n', '  c.any(process.argv[2]);\n};\n'), 'shared/clients.js': open }, 'h.js', 'handler');
    assert.deepEqual(actions(r.reachable), ['s3:PutObject', 'sns:Publish']);
    assert.ok(r.unknown.some((u) => u.reason === 'SDK class chosen at run time'));
  });

  test('TypeScript: v3 client factories exported from a shared module', () => {
    const files = {
      'src/h.ts': `import { s3, sns } from './shared/clients';\nimport { PutObjectCommand } from '@aws-sdk/client-s3';\nimport { PublishCommand } from '@aws-sdk/client-sns';\nexport const handler = async () => {\n  await s3().send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: 'k' }));\n  await sns().send(new PublishCommand({ TopicArn: process.env.TOPIC, Message: 'm' }));\n};\n`,
      'src/shared/clients.ts': `import { S3Client } from '@aws-sdk/client-s3';\nimport { SNSClient } from '@aws-sdk/client-sns';\nexport const s3 = () => new S3Client({});\nexport const sns = () => new SNSClient({});\n`,
    };
    const r = analyze(files, 'src/h.ts', 'handler');
    assert.deepEqual(actions(r.reachable), ['s3:PutObject', 'sns:Publish']);
    assert.deepEqual(r.unknown, []);
  });

  test('a CodeUri written in another case than its folder is the Python code root, as for the handler lookup', () => {
    const texts = new Map<string, string>([
      ['/r/template.yaml', `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: app/, Handler: handlers/h.handler, Runtime: python3.12}\n`],
      ['/r/App/handlers/h.py', pyHandler('from shared import aws_clients')],
      ['/r/App/shared/__init__.py', ''],
      ['/r/App/shared/aws_clients.py', pyCache],
    ]);
    const project = new Project({
      readFile: (p) => texts.get(p),
      listDir: (d) => {
        const below = [...texts.keys()].filter((k) => k.startsWith(d + '/')).map((k) => k.slice(d.length + 1).split('/')[0]);
        return below.length ? [...new Set(below)] : undefined;
      },
    });
    const model = buildModel('/r/template.yaml', parseYaml(texts.get('/r/template.yaml')!))!;
    const ref = resolveHandlers(model, '/r/template.yaml', project)[0];
    assert.equal(ref?.file, '/r/App/handlers/h.py');
    const links = { code: (p: string) => { const t = texts.get(p); const lang = codeLangFromPath(p); return t === undefined || !lang ? undefined : { path: p, text: t, parsed: parseCode(t, lang, null) }; } };
    const r = handlerCalls(ref, model, model.functions[0], links, project);
    assert.deepEqual(actions(r!.reachable), expected);
  });
});
