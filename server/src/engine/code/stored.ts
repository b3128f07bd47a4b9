/**
 * Second-order sources: data read back from storage. DynamoDB GetItem / Query / Scan /
 * BatchGetItem / TransactGetItems (items), S3 GetObject (the body) and ListObjects / ListObjectsV2
 * (the object keys), SQS ReceiveMessage (the messages), through AWS SDK for JavaScript v3 (`client.send(new GetItemCommand(p))`, lib-dynamodb
 * `GetCommand`…), v2 (`doc.get(p).promise()`, `s3.getObject(p, cb)`) and boto3
 * (`table.get_item(Key=…)`, `client.query(…)`, `s3.get_object(…)`, `s3.Object(b, k).get()`).
 *
 * Two things happen at such a read, whatever the engine's options:
 * - the request does not taint the result: a key chosen by the caller picks which row is read, it
 *   does not write its content (the engine's default for unknown calls is "taint flows from the
 *   arguments to the result");
 * - with `EngineOptions.stored` on, the returned data carries a `stored` flow (its source names the
 *   service, the operation and the call naming the resource). Whether that flow is attacker data is
 *   decided across the app by cross/reads.ts (an untrusted writer of the same resource, or a resource
 *   open to outside writers); the taint engine alone never reports it.
 *
 * Operation names: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html,
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html.
 */
import type { CallInfo } from './models';
import type { StoredRead, StoredService } from './types';
import { rng } from './util';
import { type AV, CLEAN, type Flow, addStepToFlows, flowsOf, join } from './values';

/** SDK operation name as code writes it (v3 command without `Command`, v2 method, boto3 method) → service and operation. */
const READS: ReadonlyMap<string, readonly [StoredService, string]> = new Map(Object.entries({
  // DynamoDB: client-dynamodb commands, lib-dynamodb commands, v2 DynamoDB / DocumentClient methods, boto3 client / Table methods
  GetItem: ['dynamodb', 'GetItem'], Get: ['dynamodb', 'GetItem'], getItem: ['dynamodb', 'GetItem'], get: ['dynamodb', 'GetItem'], get_item: ['dynamodb', 'GetItem'],
  Query: ['dynamodb', 'Query'], query: ['dynamodb', 'Query'],
  Scan: ['dynamodb', 'Scan'], scan: ['dynamodb', 'Scan'],
  BatchGetItem: ['dynamodb', 'BatchGetItem'], BatchGet: ['dynamodb', 'BatchGetItem'], batchGetItem: ['dynamodb', 'BatchGetItem'], batchGet: ['dynamodb', 'BatchGetItem'], batch_get_item: ['dynamodb', 'BatchGetItem'],
  TransactGetItems: ['dynamodb', 'TransactGetItems'], TransactGet: ['dynamodb', 'TransactGetItems'], transactGetItems: ['dynamodb', 'TransactGetItems'], transactGet: ['dynamodb', 'TransactGetItems'], transact_get_items: ['dynamodb', 'TransactGetItems'],
  // S3 (a listing returns the object keys, which the uploaders chose)
  GetObject: ['s3', 'GetObject'], getObject: ['s3', 'GetObject'], get_object: ['s3', 'GetObject'],
  ListObjectsV2: ['s3', 'ListObjects'], listObjectsV2: ['s3', 'ListObjects'], list_objects_v2: ['s3', 'ListObjects'],
  ListObjects: ['s3', 'ListObjects'], listObjects: ['s3', 'ListObjects'], list_objects: ['s3', 'ListObjects'],
  // SQS
  ReceiveMessage: ['sqs', 'ReceiveMessage'], receiveMessage: ['sqs', 'ReceiveMessage'], receive_message: ['sqs', 'ReceiveMessage'],
} as Record<string, readonly [StoredService, string]>));

/** The v3 client packages whose commands are reads of these services. */
const V3_PACKAGES: Readonly<Record<StoredService, readonly string[]>> = {
  dynamodb: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
  s3: ['@aws-sdk/client-s3'],
  sqs: ['@aws-sdk/client-sqs'],
};

/** Request parameters that identify a call of this service (JS request objects, boto3 keywords). */
const REQUEST_KEYS: Readonly<Record<StoredService, readonly string[]>> = {
  dynamodb: ['TableName', 'RequestItems', 'TransactItems'],
  s3: ['Bucket'],
  sqs: ['QueueUrl'],
};

/** Fields of the response that hold the stored data (the rest — metadata, counts, ids — does not). */
const DATA_FIELDS: Readonly<Record<StoredService, readonly string[]>> = {
  dynamodb: ['Item', 'Items', 'Responses', 'LastEvaluatedKey', 'UnprocessedKeys'],
  s3: ['Body', 'Metadata'],
  sqs: ['Messages'],
};

interface ReadOp {
  service: StoredService;
  operation: string;
  /** The call naming the resource. */
  call: { start: number; end: number };
  /** SDK v3: the command's class (`GetCommand`), for labels. */
  command?: string;
  /** S3 GetObject: the key argument (an object an S3 event names makes the body the uploader's data). */
  key?: AV;
}

/** The `Key` of a JS request object (SDK v2 params, v3 command input). */
function jsKey(a0: AV | undefined): AV | undefined {
  return a0?.f?.get('Key');
}

/** `new GetItemCommand(p)` (SDK v3): the command remembers the read it makes (its `send` returns the data). */
export function storedCommand(ci: CallInfo, r: AV): AV {
  const q = ci.q ?? '';
  if (!q.endsWith('Command')) return r;
  const dot = q.lastIndexOf('.');
  const op = READS.get(q.slice(dot + 1, -'Command'.length));
  if (!op || !V3_PACKAGES[op[0]].includes(q.slice(0, dot))) return r;
  const read: ReadOp = { service: op[0], operation: op[1], call: rng(ci.e.n), command: q.slice(dot + 1), ...(op[0] === 's3' ? { key: jsKey(ci.args[0]?.av) } : {}) };
  return { ...r, x: { ...(r.x ?? {}), storedRead: read } };
}

function paramNames(ci: CallInfo, py: boolean): string[] {
  if (py) return ci.args.filter((a) => a.name).map((a) => a.name!);
  const a0 = ci.args[0]?.av;
  return a0?.f ? [...a0.f.keys()] : [];
}

/** The read a (non-`new`) call makes, when it is one. */
function readOf(ci: CallInfo): ReadOp | undefined {
  if (ci.callee.fn) return undefined; // local code, analysed by inlining
  const m = ci.method;
  if (m === undefined || !ci.recv) return undefined;
  const py = ci.fr.file.lang === 'py';
  if (m === 'send' && !py) {
    const cmd = ci.args[0]?.av.x?.storedRead as ReadOp | undefined;
    return cmd;
  }
  const recv = ci.recv;
  // boto3 resource: `s3.Object(bucket, key).get()`
  if (py && m === 'get' && recv.x?.s3Object) return { service: 's3', operation: 'GetObject', call: recv.x.s3Object as ReadOp['call'], key: recv.x.s3Key as AV | undefined };
  const op = READS.get(m);
  if (!op) return undefined;
  const [service, operation] = op;
  const names = paramNames(ci, py);
  if (names.some((n) => REQUEST_KEYS[service].includes(n))) {
    const key = service !== 's3' ? undefined : py ? ci.args.find((a) => a.name === 'Key')?.av : jsKey(ci.args[0]?.av);
    return { service, operation, call: rng(ci.e.n), ...(key ? { key } : {}) };
  }
  // boto3 `Table` objects name their table: `table.get_item(Key=…)`, `table.scan()`
  if (py && service === 'dynamodb' && recv.inst === 'boto3' && m !== 'get' && (names.length > 0 || operation === 'Scan' || operation === 'Query')) return { service, operation, call: rng(ci.e.n) };
  return undefined;
}

/**
 * The data of a read: a `stored` source root whose data fields resolve to a flow naming the read
 * (and, for DynamoDB items, the attribute read), or a clean value when stored sources are off.
 */
function resultOf(ci: CallInfo, read: ReadOp, on: boolean): AV {
  const base: AV = on ? storedRoot(ci, read) : { x: { storedResult: true } };
  const uploaded = uploadedFlows(ci, read);
  if (!uploaded) return base;
  // the object an S3 event names: its body and user metadata are what the uploader wrote
  const t: AV = { t: uploaded };
  const field = (name: string): AV => (base.src ? join({ src: { ...base.src, path: [name] } }, t) : t);
  return { ...base, f: new Map([['Body', field('Body')], ['Metadata', field('Metadata')]]) };
}

function storedRoot(ci: CallInfo, read: ReadOp): AV {
  const name = `${calleeText(ci)}(${read.command ?? '…'})`;
  const stored: StoredRead = { service: read.service, operation: read.operation, call: read.call };
  return { ...ci.engine.srcRoot({ kind: 'stored', name, triggers: [], stored }, ci.e.n, ci.fr.file), x: { storedResult: true } };
}

/**
 * S3 GetObject of the object an S3 notification names (its key comes from the event's object key,
 * code/sources.ts `objectKey`): the key's flows, with the read as a step — the object was just
 * written by whoever the trigger lets upload. A key from anywhere else only picks an object.
 */
function uploadedFlows(ci: CallInfo, read: ReadOp): Flow[] | undefined {
  if (read.service !== 's3' || !read.key) return undefined;
  const fl = flowsOf(read.key).filter((f) => f.src.objectKey);
  if (!fl.length) return undefined;
  const body = fl.map((f) => ({ ...f, src: { label: f.src.label, range: f.src.range, file: f.src.file, objectBody: true as const } }));
  return addStepToFlows(body, { range: rng(ci.e.n), file: ci.fr.file.path, note: `read: ${calleeText(ci)} of the object the event names (uploaded data)` });
}

/**
 * Where an access path into a read's response lands (segments normalised, `[]` any index):
 * undefined for metadata (`ResponseMetadata`, `Count`, `ETag`), `whole` for the response itself,
 * and the item attribute a DynamoDB path reads (`Item.status`, `Items[].status`,
 * `Responses.T[].status`).
 */
export function storedPath(service: StoredService, path: readonly string[], operation?: string): { whole?: boolean; attribute?: string } | undefined {
  if (!path.length) return { whole: true };
  // a listing: the keys (`Contents[].Key`) and the prefixes cut from them; not sizes, ETags, dates, counts, tokens
  if (operation === 'ListObjects') {
    if (path[0] === 'CommonPrefixes') return {};
    // a boto3 resource collection: its ObjectSummary items' `key`
    if (path[0] === '[]') return path.length < 2 ? { whole: true } : path[1] === 'key' ? {} : undefined;
    if (path[0] !== 'Contents') return undefined;
    return path.length < 3 || path[2] === 'Key' ? (path.length < 3 ? { whole: true } : {}) : undefined;
  }
  if (!DATA_FIELDS[service].includes(path[0])) return undefined;
  if (service !== 'dynamodb') return {};
  const at = path[0] === 'Item' ? 1 : path[0] === 'Items' ? 2 : path[0] === 'Responses' ? 3 : -1;
  const a = at > 0 ? path[at] : undefined;
  return a !== undefined && a !== '[]' ? { attribute: a } : {};
}

function calleeText(ci: CallInfo): string {
  const c = ci.e.callee;
  const t = ci.fr.file.text.slice(c.n.start, c.n.end);
  return t.length <= 60 && !t.includes('\n') ? t : ci.method ?? 'call';
}

/** Methods of a boto3 resource collection that return the (filtered, limited) collection itself. */
const COLLECTION_METHODS = new Set(['all', 'filter', 'limit', 'page_size']);

/**
 * `bucket.objects.all()` / `.filter(Prefix=…)`: a listing (ListObjects) whose items are
 * ObjectSummary resources — their `key` is the stored data, as `Contents[].Key` of the client call.
 */
function collectionOf(ci: CallInfo, call: ReadOp['call'], on: boolean): AV {
  const x = { storedResult: true, s3Collection: true };
  if (!on) return { x };
  const stored: StoredRead = { service: 's3', operation: 'ListObjects', call };
  const t = calleeText(ci);
  const name = `${t === ci.method ? `objects.${t}` : t}()`;
  const root = ci.engine.srcRoot({ kind: 'stored', name, triggers: [], stored }, ci.e.n, ci.fr.file);
  if (!root.src) return { x };
  const key: AV = { src: { ...root.src, path: ['[]', 'key'] } };
  return { el: { f: new Map([['key', key]]) }, x };
}

/**
 * The value of a storage read call (undefined: not one). `on`: stored sources are wanted. Also the
 * continuations of a read: `.promise()` of an SDK v2 request, and the callback `(err, data)`.
 */
export function storedRead(ci: CallInfo, on: boolean): AV | undefined {
  const py = ci.fr.file.lang === 'py';
  if (ci.recv?.x?.storedResult && !py && ci.method === 'promise') return ci.recv;
  // boto3 resource `s3.Object(bucket, key)`: remember the object; its `.get()` is the read
  // boto3 resource `s3.Bucket(b)`: its `objects` collection lists the bucket (code/engine.ts instProp)
  if (py && ci.method === 'Bucket' && ci.recv?.inst === 'boto3' && !ci.callee.fn) return { inst: 'boto3', x: { s3Bucket: rng(ci.e.n) } };
  if (py && ci.recv?.x?.s3Objects && !ci.callee.fn && COLLECTION_METHODS.has(ci.method ?? '')) return collectionOf(ci, ci.recv.x.s3Objects as ReadOp['call'], on);
  if (py && ci.recv?.x?.s3Collection && COLLECTION_METHODS.has(ci.method ?? '')) return ci.recv;
  if (py && ci.method === 'Object' && ci.recv?.inst === 'boto3' && !ci.callee.fn) {
    const key = ci.args.filter((a) => !a.name && !a.spread)[1]?.av ?? ci.args.find((a) => a.name === 'key')?.av;
    return { inst: 'boto3', x: { s3Object: rng(ci.e.n), ...(key ? { s3Key: key } : {}) } };
  }
  const read = readOf(ci);
  if (!read) return undefined;
  const out = resultOf(ci, read, on);
  const cb = ci.args.find((a) => a.av.fn);
  if (cb && !py) {
    for (const f of cb.av.fn ?? []) ci.engine.invokeCallback(f, ci, [CLEAN, out]);
    return CLEAN;
  }
  return out;
}
