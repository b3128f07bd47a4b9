/**
 * Issue 14, the pieces: the writes a handler makes and what each written part carries
 * (cross/writes.ts), and the verdict on a triggered handler's finding (cross/app.ts) for
 * tainted, trusted, filtered and mismatched writers.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { allRules } from '../../rules/index';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import { initCodeParsers, parseCode } from '../../server/src/engine/code/parser';
import type { CodeLang } from '../../server/src/engine/code/types';
import { BIT } from '../../server/src/engine/code/values';
import { handlerWrites } from '../../server/src/engine/cross/writes';
import { crossVerdict, type App, type AppWrite } from '../../server/src/engine/cross/app';
import { taskStates, type TriggerLink } from '../../server/src/engine/model/links';
import { parseYaml } from '../../server/src/engine/yaml/parse';
import type { TaintFinding } from '../../server/src/engine/code/types';
import type { HandlerRef } from '../../server/src/engine/handlers';
import type { ConfigModel } from '../../server/src/engine/model/types';

before(async () => {
  await initCodeParsers();
});

function writes(src: string, lang: CodeLang) {
  const path = lang === 'python' ? '/app/h.py' : '/app/h.js';
  return handlerWrites({ path, text: src, lang, parsed: parseCode(src, lang), triggers: ['api'], exportName: 'handler' })
    .map((w) => ({ op: w.operation, source: w.source, parts: Object.fromEntries(w.parts.map((p) => [p.name, { tainted: (p.mask & BIT.command) !== 0, prefix: p.prefix }])) }));
}

describe('writer side: resource writes and the taint of each part', () => {
  test('S3 PutObject: key and body apart; the key keeps its constant prefix', () => {
    const w = writes(`
import json, boto3, uuid
s3 = boto3.client("s3")
def handler(event, context):
    body = json.loads(event["body"])
    s3.put_object(Bucket="b", Key=f"uploads/{body['name']}", Body=body["content"])
    s3.put_object(Bucket="b", Key=f"uploads/{uuid.uuid4()}", Body=body["content"])
`, 'python');
    assert.deepEqual(w.map((x) => x.op), ['PutObject', 'PutObject']);
    assert.deepEqual(w[0].parts.key, { tainted: true, prefix: 'uploads/' });
    assert.equal(w[1].parts.key.tainted, false);
    assert.equal(w[1].parts.body.tainted, true);
  });

  test('DynamoDB PutItem (JS v3): per attribute; a constant attribute is not tainted', () => {
    const w = writes(`
const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const ddb = new DynamoDBClient({});
exports.handler = async (event) => {
  const b = JSON.parse(event.body);
  await ddb.send(new PutItemCommand({ TableName: process.env.T, Item: { label: { S: b.label }, kind: { S: 'fixed' } } }));
};
`, 'javascript');
    assert.equal(w.length, 1);
    assert.equal(w[0].parts['item.label'].tainted, true);
    assert.equal(w[0].parts['item.kind'].tainted, false);
  });

  test('DynamoDB put (DocumentClient) with the body spread into the item: the unnamed attributes are tainted', () => {
    const w = writes(`
const AWS = require('aws-sdk');
const doc = new AWS.DynamoDB.DocumentClient();
exports.handler = async (event) => {
  const b = JSON.parse(event.body);
  await doc.put({ TableName: process.env.T, Item: { id: 'x', ...b } }).promise();
};
`, 'javascript');
    assert.equal(w.length, 1);
    assert.equal(w[0].parts['item.id']?.tainted ?? false, false);
    assert.equal(w[0].parts.item?.tainted, true, JSON.stringify(w[0].parts));
  });

  test('EventBridge PutEvents: Source / DetailType read as constants, Detail tainted', () => {
    const w = writes(`
import json, boto3
ev = boto3.client("events")
def handler(event, context):
    ev.put_events(Entries=[{"Source": "shop.a", "DetailType": "T", "Detail": event["body"]}])
`, 'python');
    assert.equal(w[0].op, 'PutEvents');
    assert.equal(w[0].source, 'shop.a');
    assert.equal(w[0].parts.detail.tainted, true);
  });

  test('SQS SendMessage with only constants, and a call that is no write', () => {
    const w = writes(`
const { SQSClient, SendMessageCommand, ReceiveMessageCommand } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});
exports.handler = async (event) => {
  const r = JSON.parse(event.body);
  await sqs.send(new ReceiveMessageCommand({ QueueUrl: process.env.Q }));
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.Q, MessageBody: JSON.stringify({ urgent: r.urgent === true }) }));
};
`, 'javascript');
    assert.deepEqual(w.map((x) => x.op), ['SendMessage']);
    assert.equal(w[0].parts.message.tainted, false);
  });
});

// ---------------------------------------------------------------------------------------------

const node = { type: 'map', range: { start: 0, end: 1 }, entries: [] } as never;
const model = { resources: [], root: { type: 'map', range: { start: 0, end: 0 }, entries: [] } } as unknown as ConfigModel;
const reader: HandlerRef = { configFile: '/app/serverless.yml', fnId: 'reader', file: '/app/r.js', exportName: 'handler', triggers: ['s3'] };

function finding(label: string, kind: TaintFinding['sinkKind'] = 'command'): TaintFinding {
  return { sinkKind: kind, sinkRange: { start: 0, end: 1 }, sinkFile: '/app/r.js', sinkCallee: 'exec', source: { label, range: { start: 0, end: 1 }, file: '/app/r.js' }, path: [], cwe: 78 };
}

function write(service: AppWrite['service'], parts: AppWrite['parts'], extra: Partial<AppWrite> = {}): AppWrite {
  return { file: '/app/w.js', range: { start: 0, end: 1 }, service, operation: 'Op', parts, fnId: 'writer', triggers: ['api'], resourceId: 'R', ...extra };
}

function app(links: TriggerLink[], ws: AppWrite[], open = new Map()): App {
  return { configFile: '/app/serverless.yml', model, refs: [], writes: ws, links, open, incomplete: false };
}

describe('reader side: verdicts', () => {
  const s3Link: TriggerLink = { kind: 's3', functionId: 'reader', resourceId: 'R', node, keyFilter: { prefix: 'incoming/' } };
  const tainted = { mask: BIT.command, source: { label: 'event.body', range: { start: 0, end: 1 }, file: '/app/w.js' } };

  test('an S3 key written from the route under the filtered prefix: tainted, writer named', () => {
    const v = crossVerdict(app([s3Link], [write('s3', [{ name: 'key', prefix: 'incoming/', ...tainted }, { name: 'body', mask: 0 }])]), reader, finding('event.Records[].s3.object.key'));
    assert.equal(v?.kind, 'tainted');
  });

  test('written under another prefix: trusted (info), saying the prefix', () => {
    const v = crossVerdict(app([s3Link], [write('s3', [{ name: 'key', prefix: 'uploads/', ...tainted }])]), reader, finding('event.Records[].s3.object.key'));
    assert.equal(v?.kind, 'trusted');
    assert.match(v && v.kind === 'trusted' ? v.reason : '', /incoming\//);
  });

  test('only the body is tainted while the sink uses the key: trusted', () => {
    const v = crossVerdict(app([s3Link], [write('s3', [{ name: 'key', prefix: 'incoming/', mask: 0 }, { name: 'body', ...tainted }])]), reader, finding('event.Records[].s3.object.key'));
    assert.equal(v?.kind, 'trusted');
  });

  test('a bucket a policy opens to anyone: open, whatever the writers', () => {
    const v = crossVerdict(app([s3Link], [], new Map([['R', node]])), reader, finding('event.Records[].s3.object.key'));
    assert.equal(v?.kind, 'open');
  });

  test('a resource not defined in the app, or an app not fully analysed: no verdict (the finding stays)', () => {
    assert.equal(crossVerdict(app([{ ...s3Link, resourceId: undefined, external: 'some-bucket' }], []), reader, finding('k')), undefined);
    const a = app([s3Link], []);
    a.incomplete = true;
    assert.equal(crossVerdict(a, reader, finding('event.Records[].s3.object.key')), undefined);
  });

  test('a function with an API route besides its queue: no verdict', () => {
    assert.equal(crossVerdict(app([s3Link], []), { ...reader, triggers: ['s3', 'api'] }, finding('k')), undefined);
  });

  test('stream: the attribute read decides; a write to another table does not count', () => {
    const link: TriggerLink = { kind: 'dynamodb-stream', functionId: 'reader', resourceId: 'R', node };
    const ref = { ...reader, triggers: ['dynamodb-stream' as const] };
    const w = write('dynamodb', [{ name: 'item.label', mask: 0 }, { name: 'item.note', ...tainted }]);
    assert.equal(crossVerdict(app([link], [w]), ref, finding('event.Records[].dynamodb.NewImage.label.S'))?.kind, 'trusted');
    assert.equal(crossVerdict(app([link], [w]), ref, finding('event.Records[].dynamodb.NewImage.note.S'))?.kind, 'tainted');
    assert.equal(crossVerdict(app([link], [{ ...w, resourceId: 'Other' }]), ref, finding('event.Records[].dynamodb.NewImage.note.S'))?.kind, 'trusted');
  });

  test('EventBridge: the pattern decides; a sanitised part does not taint another sink kind', () => {
    const link: TriggerLink = { kind: 'eventbridge', functionId: 'reader', node, pattern: { source: ['shop.a'] }, bus: 'default', external: 'default' };
    const ref = { ...reader, triggers: ['eventbridge' as const] };
    const w = write('events', [{ name: 'detail', ...tainted }], { source: 'shop.a', resourceId: undefined });
    assert.equal(crossVerdict(app([link], [w]), ref, finding('event.detail.url'))?.kind, 'tainted');
    assert.equal(crossVerdict(app([link], [{ ...w, source: 'shop.b' }]), ref, finding('event.detail.url'))?.kind, 'trusted');
    assert.equal(crossVerdict(app([link], [w]), ref, finding('event.detail.url', 'sql'))?.kind, 'trusted');
  });
});

// ---------------------------------------------------------------------------------------------

describe('as you type: an edit in the writer changes the reader\'s finding', () => {
  test('constant label → body label: info becomes an error naming the writer; and back', () => {
    const dir = nodePath.join(__dirname, '..', 'fixtures', 'cross-function', 'sls-ddb-stream-constants-js');
    const files = new Map<string, string>();
    for (const f of ['serverless.yml', 'src/createOrder.js', 'src/onOrder.js']) files.set(`/p/${f}`, fs.readFileSync(nodePath.join(dir, f), 'utf8'));
    const project = new Project({ readFile: (p) => files.get(p), exists: (p) => files.has(p), listDir: (d) => [...new Set([...files.keys()].filter((k) => k.startsWith(d + '/')).map((k) => k.slice(d.length + 1).split('/')[0]))] });
    const e = new Engine(project, allRules);
    e.codeSupport = new TreeSitterCodeSupport(e, () => '/p');
    const reader = () => e.analyze('/p/src/onOrder.js', files.get('/p/src/onOrder.js')!).findings.filter((f) => f.ruleId === 'injection-command');
    const writer = files.get('/p/src/createOrder.js')!;
    assert.deepEqual(reader().map((f) => f.severity), ['info']);
    const tainted = writer.replace("label: { S: 'standard' }", 'label: { S: body.label }');
    assert.notEqual(tainted, writer);
    files.set('/p/src/createOrder.js', tainted);
    project.setOpen('/p/src/createOrder.js', tainted, 2);
    const now = reader();
    assert.deepEqual(now.map((f) => f.severity), ['error']);
    assert.match(now[0].message, /src\/createOrder\.js/);
    files.set('/p/src/createOrder.js', writer);
    project.setOpen('/p/src/createOrder.js', writer, 3);
    assert.deepEqual(reader().map((f) => f.severity), ['info']);
  });
});

describe('reader side: writes we cannot see keep the finding', () => {
  const link: TriggerLink = { kind: 'sqs', functionId: 'reader', resourceId: 'Q', node };
  const ref: HandlerRef = { ...reader, triggers: ['sqs'] };
  const base = (root: unknown, ws: AppWrite[] = []) => ({ ...app([link], ws), model: { resources: [], root } as unknown as ConfigModel });
  const y = (entries: [string, unknown][]) => ({ type: 'map', range: { start: 0, end: 0 }, entries: entries.map(([k, v]) => ({ key: { type: 'scalar', value: k, range: { start: 0, end: 0 } }, value: v, range: { start: 0, end: 0 } })) });
  const s = (v: string) => ({ type: 'scalar', value: v, range: { start: 0, end: 0 } });

  test('no writer, nothing else names the queue: trusted', () => {
    assert.equal(crossVerdict(base(y([['functions', y([])]])), ref, finding('event.Records[].body'))?.kind, 'trusted');
  });
  test('an Outputs entry exports the queue (other stacks may send): no verdict', () => {
    assert.equal(crossVerdict(base(y([['Outputs', y([['QueueUrl', y([['Value', y([['Ref', s('Q')]])]])]])]])), ref, finding('event.Records[].body')), undefined);
  });
  test('an SDK write the taint run did not model reaches the queue: no verdict', () => {
    const opaque = write('sqs', [], { resourceId: 'Q', opaque: true });
    assert.equal(crossVerdict(base(y([]), [opaque]), ref, finding('event.Records[].body')), undefined);
  });
});

describe('reader side: second round (external resources, Kinesis, SNS filters, Step Functions)', () => {
  const tainted = { mask: BIT.command, source: { label: 'event.body', range: { start: 0, end: 1 }, file: '/app/w.js' } };
  const fnModel = (events: number) => ({ ...model, functions: [{ id: 'reader', events: new Array(events).fill({}), environment: [] }] }) as unknown as ConfigModel;

  test('a bucket of another stack: an in-app writer of that name taints it; with none the verdict says it is external (the finding stays)', () => {
    const link: TriggerLink = { kind: 's3', functionId: 'reader', node, external: '${cf:s.B}', name: '${cf:s.B}', outside: '${cf:s.B}' };
    const w = write('s3', [{ name: 'key', ...tainted }], { resourceId: undefined, resourceName: '${cf:s.B}' });
    assert.equal(crossVerdict(app([link], [w]), reader, finding('event.Records[].s3.object.key'))?.kind, 'tainted');
    assert.equal(crossVerdict(app([link], [{ ...w, resourceName: 'other' }]), reader, finding('event.Records[].s3.object.key'))?.kind, 'external');
    assert.equal(crossVerdict(app([{ ...link, outside: undefined }], []), reader, finding('event.Records[].s3.object.key')), undefined, 'an existing bucket named literally: no verdict');
  });

  test('a framework-created bucket (serverless `s3: name`) is the app\'s: a constant writer of that name makes it trusted', () => {
    const link: TriggerLink = { kind: 's3', functionId: 'reader', node, external: 'photos', name: 'photos', createdByFramework: true };
    const w = write('s3', [{ name: 'key', mask: 0 }], { resourceId: undefined, resourceName: 'photos' });
    assert.equal(crossVerdict(app([link], [w]), reader, finding('event.Records[].s3.object.key'))?.kind, 'trusted');
    assert.equal(crossVerdict(app([link], [{ ...w, parts: [{ name: 'key', ...tainted }] }]), reader, finding('event.Records[].s3.object.key'))?.kind, 'tainted');
  });

  test('Kinesis: the record data of a PutRecord into the stream', () => {
    const link: TriggerLink = { kind: 'kinesis', functionId: 'reader', resourceId: 'S', node };
    const ref = { ...reader, triggers: ['kinesis' as const] };
    const w = write('kinesis', [{ name: 'data', ...tainted }], { resourceId: 'S' });
    assert.equal(crossVerdict(app([link], [w]), ref, finding('event.Records[].kinesis.data'))?.kind, 'tainted');
    assert.equal(crossVerdict(app([link], [{ ...w, resourceId: 'Other' }]), ref, finding('event.Records[].kinesis.data'))?.kind, 'trusted');
  });

  test('SNS: a publish whose attributes the filter policy rejects does not feed the subscriber', () => {
    const link: TriggerLink = { kind: 'sns', functionId: 'reader', resourceId: 'T', node, filterPolicy: { policy: { kind: ['rule'] }, scope: 'MessageAttributes' } };
    const ref = { ...reader, triggers: ['sns' as const] };
    const w = write('sns', [{ name: 'message', ...tainted }], { resourceId: 'T', attributes: new Map([['kind', 'feedback']]), attributesKnown: true });
    assert.equal(crossVerdict(app([link], [w]), ref, finding('event.Records[].Sns.Message'))?.kind, 'trusted');
    assert.equal(crossVerdict(app([link], [{ ...w, attributes: new Map([['kind', 'rule']]) }]), ref, finding('event.Records[].Sns.Message'))?.kind, 'tainted');
    assert.equal(crossVerdict(app([link], [{ ...w, attributes: new Map([['kind', undefined]]) }]), ref, finding('event.Records[].Sns.Message'))?.kind, 'tainted', 'an attribute value not known may match');
  });

  test('Step Functions: StartExecution input taints the task; constant Parameters make it trusted; a machine an API starts, or a later state, gets no verdict', () => {
    const task = { state: 'Go', first: true, constantInput: false, startedBy: [] as string[] };
    const link: TriggerLink = { kind: 'stepfunctions', functionId: 'reader', resourceId: 'M', node, task };
    const ref = { ...reader, triggers: ['unknown' as const] };
    const w = write('states', [{ name: 'input', ...tainted }], { resourceId: 'M' });
    const a = (l: TriggerLink, ws: AppWrite[]) => ({ ...app([l], ws), model: fnModel(0) });
    assert.equal(crossVerdict(a(link, [w]), ref, finding('event.name'))?.kind, 'tainted');
    assert.equal(crossVerdict(a({ ...link, task: { ...task, constantInput: true } }, [w]), ref, finding('event.name'))?.kind, 'trusted');
    const constant = { ...w, parts: [{ name: 'input', mask: 0 }] };
    assert.equal(crossVerdict(a(link, [constant]), ref, finding('event.name'))?.kind, 'trusted');
    assert.equal(crossVerdict(a({ ...link, task: { ...task, startedBy: ['Schedule'] } }, [constant]), ref, finding('event.name')), undefined);
    assert.equal(crossVerdict(a({ ...link, task: { ...task, startedBy: ['Api'], apiStart: node } }, [constant]), ref, finding('event.name'))?.kind, 'open', 'an API route starts it: the request is the input');
    assert.equal(crossVerdict(a({ ...link, task: { ...task, startedBy: ['Api'], apiStart: node, constantInput: true } }, [constant]), ref, finding('event.name'))?.kind, 'trusted');
    assert.equal(crossVerdict(a({ ...link, task: { ...task, first: false } }, [constant]), ref, finding('event.name')), undefined);
    // started by an EventBridge rule: in-app PutEvents matching its pattern are the starters
    const rule = { ...task, startedBy: ['EventBridgeRule'], ruleStarts: [{ pattern: { source: ['shop.orders'] }, bus: 'default' }] };
    const put = write('events', [{ name: 'detail', ...tainted }], { resourceId: undefined, source: 'shop.orders' });
    assert.equal(crossVerdict(a({ ...link, task: rule }, [put]), ref, finding('event.detail.name'))?.kind, 'tainted');
    assert.equal(crossVerdict(a({ ...link, task: rule }, [{ ...put, source: 'shop.users' }]), ref, finding('event.detail.name'))?.kind, 'trusted', 'another source does not match the rule');
    assert.equal(crossVerdict(a({ ...link, task: { ...rule, ruleStarts: [{ pattern: { source: ['aws.s3'] }, bus: 'default' }] } }, []), ref, finding('event.detail.name')), undefined, 'AWS events: no verdict');
    // the function has events of its own: its 'unknown' trigger is not the state machine
    assert.equal(crossVerdict({ ...a(link, [constant]), model: fnModel(1) }, ref, finding('event.name')), undefined);
  });
});

describe('as you type: a Step Functions definition file (DefinitionUri) edit changes the task\'s finding', () => {
  test('Payload.$ → constant Payload: error becomes info; and back', () => {
    const dir = nodePath.join(__dirname, '..', 'fixtures', 'cross-function', 'sam-stepfunctions-command-py');
    const files = new Map<string, string>();
    for (const f of ['template.yaml', 'statemachine/convert.asl.json', 'src/start.py', 'src/convert.py']) files.set(`/p/${f}`, fs.readFileSync(nodePath.join(dir, f), 'utf8'));
    const project = new Project({ readFile: (p) => files.get(p), exists: (p) => files.has(p), listDir: (d) => [...new Set([...files.keys()].filter((k) => k.startsWith(d + '/')).map((k) => k.slice(d.length + 1).split('/')[0]))] });
    const e = new Engine(project, allRules);
    e.codeSupport = new TreeSitterCodeSupport(e, () => '/p');
    const task = () => e.analyze('/p/src/convert.py', files.get('/p/src/convert.py')!).findings.filter((f) => f.ruleId === 'injection-command').map((f) => f.severity);
    assert.deepEqual(task(), ['error']);
    const asl = files.get('/p/statemachine/convert.asl.json')!;
    const constant = asl.replace('"Payload.$": "$"', '"Payload": { "document": "sample.docx" }');
    assert.notEqual(constant, asl);
    files.set('/p/statemachine/convert.asl.json', constant);
    project.setOpen('/p/statemachine/convert.asl.json', constant, 2);
    assert.deepEqual(task(), ['info']);
    files.set('/p/statemachine/convert.asl.json', asl);
    project.setOpen('/p/statemachine/convert.asl.json', asl, 3);
    assert.deepEqual(task(), ['error']);
  });
});

describe('as you type: a config edit re-judges the reader (the config model the engine parsed is the one the app uses)', () => {
  test('the route\'s QUEUE_URL moved from the audit queue to the jobs queue: info becomes an error; and back', () => {
    const dir = nodePath.join(__dirname, '..', 'fixtures', 'cross-function', 'sls-provider-env-queue-ts');
    const files = new Map<string, string>();
    for (const f of ['serverless.yml', 'src/submit.ts', 'src/schedule.ts', 'src/run.ts']) files.set(`/q/${f}`, fs.readFileSync(nodePath.join(dir, f), 'utf8'));
    const project = new Project({ readFile: (p) => files.get(p), exists: (p) => files.has(p), listDir: (d) => [...new Set([...files.keys()].filter((k) => k.startsWith(d + '/')).map((k) => k.slice(d.length + 1).split('/')[0]))] });
    const e = new Engine(project, allRules);
    e.codeSupport = new TreeSitterCodeSupport(e, () => '/q');
    const reader = () => e.analyze('/q/src/run.ts', files.get('/q/src/run.ts')!).findings.filter((f) => f.ruleId === 'injection-command').map((f) => f.severity);
    const cfg = files.get('/q/serverless.yml')!;
    const edit = (text: string, v: number) => { files.set('/q/serverless.yml', text); project.setOpen('/q/serverless.yml', text, v); e.analyze('/q/serverless.yml', text); };
    edit(cfg, 1);
    assert.deepEqual(reader(), ['info']);
    const moved = cfg.replace('QUEUE_URL: ${self:provider.environment.AUDIT_QUEUE_URL}', 'QUEUE_URL: ${self:provider.environment.JOBS_QUEUE_URL}');
    assert.notEqual(moved, cfg);
    edit(moved, 2);
    assert.deepEqual(reader(), ['error']);
    edit(cfg, 3);
    assert.deepEqual(reader(), ['info']);
  });
});

describe('Step Functions execution input, field by field', () => {
  test('writer: a JSON-serialised object gives the whole input, each field and what is not known by name', () => {
    const py = writes(`
import json, boto3
sfn = boto3.client("stepfunctions")
def start(item):
    sfn.start_execution(stateMachineArn="arn", input=json.dumps(item))
def handler(event, context):
    for m in json.loads(event["body"])["media"]:
        start({"id": m["id_str"], "image_url": m["url"], "kind": "photo"})
`, 'python');
    assert.deepEqual(py.map((w) => Object.keys(w.parts)), [['input', 'input.id', 'input.image_url', 'input.kind']]);
    assert.equal(py[0].parts['input.kind'].tainted, false);
    const js = writes(`
const { SFNClient, StartExecutionCommand } = require('@aws-sdk/client-sfn');
const sfn = new SFNClient({});
exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  await sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn', input: JSON.stringify({ ...body, at: Date.now() }) }));
};
`, 'javascript');
    assert.deepEqual(Object.keys(js[0].parts), ['input', 'input.at', 'input.*']);
  });

  test('reader: the first state, given the input as is, is judged by the field it reads, and a field written constant is trusted', () => {
    const task = { state: 'Go', first: true, constantInput: false, inputAsIs: true, startedBy: [] as string[] };
    const link: TriggerLink = { kind: 'stepfunctions', functionId: 'reader', resourceId: 'M', node, task };
    const ref = { ...reader, triggers: ['unknown' as const] };
    const fnModel = { ...model, functions: [{ id: 'reader', events: [], environment: [] }] } as unknown as ConfigModel;
    const src = (label: string) => ({ label, range: { start: 0, end: 1 }, file: '/app/w.js' });
    const w = write('states', [
      { name: 'input', mask: BIT.ssrf, source: src('event[].id_str') },
      { name: 'input.tweet_id', mask: BIT.ssrf, source: src('event[].id_str') },
      { name: 'input.image_url', mask: BIT.ssrf, source: src('event[].media_url') },
      { name: 'input.kind', mask: 0 },
    ], { resourceId: 'M' });
    const a = (l: TriggerLink) => ({ ...app([l], [w]), model: fnModel });
    const v = crossVerdict(a(link), ref, finding('event.image_url', 'ssrf'));
    assert.equal(v?.kind, 'tainted');
    assert.deepEqual(v?.kind === 'tainted' ? v.writers.map((h) => [h.part.name, h.part.source?.label]) : [], [['input.image_url', 'event[].media_url']]);
    assert.equal(crossVerdict(a(link), ref, finding('event["kind"]', 'ssrf'))?.kind, 'trusted', 'the writer puts a constant in that field');
    // Parameters / InputPath reshape the input: the whole input is judged
    const whole = crossVerdict(a({ ...link, task: { ...task, inputAsIs: undefined } }), ref, finding('event.kind', 'ssrf'));
    assert.deepEqual(whole?.kind === 'tainted' ? whole.writers.map((h) => h.part.name) : [], ['input']);
    // every path to the state replaces the input by an earlier state's result: the starters do not reach it
    assert.equal(crossVerdict(a({ ...link, task: { ...task, first: false, inputReplaced: true } }), ref, finding('event.image_url', 'ssrf')), undefined);
  });

  test('definition: a Task without ResultPath replaces the input; Choice passes it on; ResultPath keeps it', () => {
    const def = parseYaml(`StartAt: A
States:
  A: {Type: Task, Resource: x, Next: C}
  C: {Type: Choice, Choices: [{Variable: $.r, StringEquals: ok, Next: B}], Default: D}
  B: {Type: Task, Resource: y, End: true}
  D: {Type: Task, Resource: z, ResultPath: $.out, Next: E}
  E: {Type: Task, Resource: w, End: true}
`).root;
    const keep = parseYaml(`StartAt: A
States:
  A: {Type: Task, Resource: x, ResultPath: $.a, Next: W}
  W: {Type: Wait, Seconds: 1, Next: B}
  B: {Type: Task, Resource: y, End: true}
`).root;
    const reach = (d: typeof def) => {
      const out: { name: string; node: unknown; first: boolean; inputReaches?: boolean }[] = [];
      taskStates(d, true, out as never);
      return Object.fromEntries(out.map((t) => [t.name, t.inputReaches]));
    };
    assert.deepEqual(reach(def), { A: true, B: false, D: false, E: false });
    assert.deepEqual(reach(keep), { A: true, B: true });
  });
});
