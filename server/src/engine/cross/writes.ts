/**
 * Cross-function links, the writer side: the resource writes a handler makes (DynamoDB
 * PutItem/UpdateItem/BatchWriteItem, S3 PutObject with the key and the body apart, SQS
 * SendMessage, SNS Publish, EventBridge PutEvents with Source/DetailType) and, per written part,
 * which sink kinds its data reaches unsanitised from the writer's own event (the taint engine runs
 * the handler and reports every library call through `EngineOptions.onCall`; writing is treated as
 * a sink-like use). The resource a write names is resolved by the SDK call analysis (permissions),
 * matched by call range (see cross/app.ts).
 *
 * Pure: files come through `resolveImport`; nothing is executed.
 */
import { Engine } from '../code/engine';
import { listExportedFunctions, moduleIROf } from '../code/handlers';
import type { CallInfo } from '../code/models';
import type { ParsedCode } from '../code/parser';
import { SINK_KINDS, type CodeLang, type ResolveImport, type Span, type TaintSource, type TriggerKind } from '../code/types';
import { BIT, constStr, flowsOf, type AV } from '../code/values';

export type WriteService = 'dynamodb' | 's3' | 'sqs' | 'sns' | 'events' | 'kinesis' | 'states';

/** One written part: an item attribute, an S3 key or body, a message body, an event's detail. */
export interface WritePart {
  /** `item`, `item.<attr>`, `key`, `body`, `message`, `detail`, `input`, `input.<field>`, `input.*`. */
  name: string;
  /** Sink kinds (BIT mask) the part's event data reaches unsanitised; 0: constant or trusted. */
  mask: number;
  /** The first event source the part carries (for the path shown). */
  source?: TaintSource;
  /** Constant prefix of the value (S3 keys), and the whole value when it is a constant. */
  prefix?: string;
  whole?: string;
}

export interface WriteRecord {
  file: string;
  /** The call (`new PutItemCommand(…)`, `table.put_item(…)`). */
  range: Span;
  service: WriteService;
  /** `PutItem`, `PutObject`, `SendMessage`, `Publish`, `PutEvents`… */
  operation: string;
  parts: WritePart[];
  /** EventBridge entries: Source / DetailType / EventBusName when constant (one record per entry). */
  source?: string;
  detailType?: string;
  bus?: string;
  /** SNS Publish: the message attributes' constant string values (undefined: value unknown), and whether the set is exactly these. */
  attributes?: Map<string, string | undefined>;
  attributesKnown?: boolean;
}

/** SDK operation (JS v3 command, v2 method, boto3 method) → service and canonical operation. */
const OPS: Record<string, [WriteService, string]> = {
  PutItem: ['dynamodb', 'PutItem'], Put: ['dynamodb', 'PutItem'], put: ['dynamodb', 'PutItem'], putItem: ['dynamodb', 'PutItem'], put_item: ['dynamodb', 'PutItem'],
  UpdateItem: ['dynamodb', 'UpdateItem'], Update: ['dynamodb', 'UpdateItem'], update: ['dynamodb', 'UpdateItem'], updateItem: ['dynamodb', 'UpdateItem'], update_item: ['dynamodb', 'UpdateItem'],
  BatchWriteItem: ['dynamodb', 'BatchWriteItem'], BatchWrite: ['dynamodb', 'BatchWriteItem'], batchWrite: ['dynamodb', 'BatchWriteItem'], batchWriteItem: ['dynamodb', 'BatchWriteItem'], batch_write_item: ['dynamodb', 'BatchWriteItem'],
  PutObject: ['s3', 'PutObject'], putObject: ['s3', 'PutObject'], put_object: ['s3', 'PutObject'], upload: ['s3', 'PutObject'],
  SendMessage: ['sqs', 'SendMessage'], sendMessage: ['sqs', 'SendMessage'], send_message: ['sqs', 'SendMessage'],
  SendMessageBatch: ['sqs', 'SendMessage'], sendMessageBatch: ['sqs', 'SendMessage'], send_message_batch: ['sqs', 'SendMessage'],
  Publish: ['sns', 'Publish'], publish: ['sns', 'Publish'], PublishBatch: ['sns', 'Publish'], publish_batch: ['sns', 'Publish'],
  PutEvents: ['events', 'PutEvents'], putEvents: ['events', 'PutEvents'], put_events: ['events', 'PutEvents'],
  PutRecord: ['kinesis', 'PutRecord'], putRecord: ['kinesis', 'PutRecord'], put_record: ['kinesis', 'PutRecord'],
  PutRecords: ['kinesis', 'PutRecords'], putRecords: ['kinesis', 'PutRecords'], put_records: ['kinesis', 'PutRecords'],
  StartExecution: ['states', 'StartExecution'], startExecution: ['states', 'StartExecution'], start_execution: ['states', 'StartExecution'],
  StartSyncExecution: ['states', 'StartSyncExecution'], startSyncExecution: ['states', 'StartSyncExecution'], start_sync_execution: ['states', 'StartSyncExecution'],
};

/** SNS MessageAttributes: `{ kind: { DataType: 'String', StringValue: 'x' } }` → kind → x (undefined when not constant). */
function attributesOf(av: AV | undefined): { attributes: Map<string, string | undefined>; known: boolean } {
  const attributes = new Map<string, string | undefined>();
  if (!av) return { attributes, known: true };
  if (!av.f) return { attributes, known: false };
  for (const [k, v] of av.f) attributes.set(k, constStr(v?.f?.get('StringValue')));
  // a spread or a value of unknown shape may add attributes
  const known = !av.fb && !av.el && !av.t;
  return { attributes, known };
}

/** Deep enough for `Item.label.S` and `Entries[0].Detail`. */
function flows(av: AV | undefined) {
  return flowsOf(av, 6);
}

function maskOf(av: AV | undefined): number {
  const fl = flows(av);
  let m = 0;
  for (const k of SINK_KINDS) if (fl.some((f) => (f.cl & BIT[k]) === 0)) m |= BIT[k];
  return m;
}

function part(name: string, av: AV | undefined): WritePart {
  const fl = flows(av);
  const p: WritePart = { name, mask: maskOf(av) };
  if (fl.length) p.source = { label: fl[0].src.label, range: fl[0].src.range, file: fl[0].src.file };
  const whole = constStr(av);
  if (whole !== undefined) { p.whole = whole; p.prefix = whole; }
  else if (av?.pre !== undefined) p.prefix = av.pre.split('\0')[0];
  return p;
}

/** The named parameter of the call: a keyword (boto3) or a field of the first argument (JS). */
function params(ci: CallInfo, py: boolean): (name: string) => AV | undefined {
  if (py) return (n) => ci.args.find((a) => a.name === n)?.av;
  const a0 = ci.args[0]?.av;
  return (n) => a0?.f?.get(n);
}

/** The write a call makes, when it is one (JS v3 `new XCommand(p)`, v2 `client.putItem(p)`, boto3 `x.put_item(K=…)`). */
export function writeOfCall(ci: CallInfo): WriteRecord[] {
  const py = ci.fr.file.lang === 'py';
  let opName: string | undefined;
  if (ci.e.isNew) {
    const q = ci.q ?? '';
    if (!q.startsWith('@aws-sdk/') || !q.endsWith('Command')) return [];
    opName = q.slice(q.lastIndexOf('.') + 1, -'Command'.length);
  } else if (ci.method !== undefined && ci.recv) {
    opName = ci.method;
    if (!py && !ci.args[0]?.av.f) return [];
    if (py && !ci.args.some((a) => a.name)) return [];
  } else return [];
  const op = OPS[opName];
  if (!op) return [];
  const [service, operation] = op;
  const get = params(ci, py);
  const base = { file: ci.fr.file.path, range: { start: ci.e.n.start, end: ci.e.n.end }, service, operation };
  switch (service) {
    case 'dynamodb': {
      const item = get('Item');
      if (item?.f) {
        const parts = [...item.f].map(([k, v]) => part(`item.${k}`, v));
        // attributes not known by name (`{ id, ...body }`, a tainted object with known fields)
        const rest: AV = { t: item.t, src: item.src, fb: item.fb, el: item.el };
        if (flows(rest).length) parts.push(part('item', rest));
        return [{ ...base, parts }];
      }
      const data = item ?? get('ExpressionAttributeValues') ?? get('AttributeUpdates') ?? get('RequestItems') ?? get('Key');
      if (!data && !ci.args.length) return [];
      return [{ ...base, parts: [part('item', data ?? ci.args[0]?.av)] }];
    }
    case 's3': {
      if (!get('Key') && !get('Body')) return [];
      return [{ ...base, parts: [part('key', get('Key')), part('body', get('Body'))] }];
    }
    case 'sqs':
      return [{ ...base, parts: [part('message', get('MessageBody') ?? get('Entries'))] }];
    case 'sns': {
      const batch = get('PublishBatchRequestEntries');
      const { attributes, known } = batch ? { attributes: undefined, known: false } : attributesOf(get('MessageAttributes'));
      return [{ ...base, parts: [part('message', get('Message') ?? batch)], ...(attributes ? { attributes, attributesKnown: known } : {}) }];
    }
    case 'kinesis':
      return [{ ...base, parts: [part('data', get('Data') ?? get('Records'))] }];
    case 'states': {
      // the whole input, and, when it is a JSON object of known fields, each field (`input.<name>`)
      // and what is not known by name (`input.*`): a first Task state that receives the input as
      // is reads one field of it (cross/app.ts partsFor)
      const input = get('input');
      const obj = input?.ser ?? input;
      const parts = [part('input', input)];
      if (obj?.f) {
        for (const [k, v] of obj.f) parts.push(part(`input.${k}`, v));
        const rest: AV = { t: obj.t, src: obj.src, fb: obj.fb, el: obj.el };
        if (flows(rest).length) parts.push(part('input.*', rest));
      }
      return [{ ...base, parts }];
    }
    case 'events': {
      const entries = get('Entries');
      const items = entries?.it ?? (entries?.el ? [entries.el] : []);
      if (!items.length) return [{ ...base, parts: [part('detail', entries)] }];
      return items.map((e) => ({
        ...base,
        parts: [part('detail', e.f?.get('Detail') ?? e)],
        source: constStr(e.f?.get('Source')),
        detailType: constStr(e.f?.get('DetailType')),
        bus: constStr(e.f?.get('EventBusName')),
      }));
    }
  }
}

export interface WritesInput {
  path: string;
  text: string;
  lang: CodeLang;
  parsed: ParsedCode;
  triggers: TriggerKind[];
  exportName?: string;
  resolveImport?: ResolveImport;
}

/** Every resource write the handler (and the helpers it calls) makes, with what each part carries. */
export function handlerWrites(input: WritesInput): WriteRecord[] {
  const parsed = input.parsed;
  if (!parsed.root || parsed.text !== input.text) return [];
  const mod = moduleIROf(parsed);
  if (!mod) return [];
  const byKey = new Map<string, WriteRecord>();
  const onCall = (ci: CallInfo) => {
    for (const w of writeOfCall(ci)) {
      const k = `${w.file}|${w.range.start}|${w.source ?? ''}|${w.detailType ?? ''}`;
      const prev = byKey.get(k);
      if (!prev) byKey.set(k, w);
      else for (const p of w.parts) {
        // the same call reached twice (branches, loops): a part is tainted when any visit taints it
        const q = prev.parts.find((x) => x.name === p.name);
        if (!q) prev.parts.push(p);
        else { q.mask |= p.mask; q.source ??= p.source; if (q.prefix !== p.prefix) { q.prefix = commonPrefix(q.prefix ?? '', p.prefix ?? ''); q.whole = undefined; } }
      }
    }
  };
  const engine = new Engine({ triggers: input.triggers, resolveImport: input.resolveImport, onCall });
  try {
    const file = engine.loadModule(input.path, input.text, input.lang, mod, 0);
    const names: string[] = [];
    if (input.exportName !== undefined) names.push(input.exportName);
    else for (const s of listExportedFunctions(parsed)) if (s.looksLikeHandler) names.push(s.exportName);
    for (const name of names) {
      const av = file.exports.get(name) ?? (input.exportName !== undefined ? file.scope.vars.get(name) : undefined);
      if (!av || !av.fn) continue;
      engine.runLambdaEntry(file, av, av.fn[0].f.n);
    }
  } catch {
    // keep what was recorded
  }
  return [...byKey.values()].sort((a, b) => a.file.localeCompare(b.file) || a.range.start - b.range.start);
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}
