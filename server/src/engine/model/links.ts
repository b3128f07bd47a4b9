/**
 * Resource links, the config side: which resource's events start which function (S3 notifications
 * with their key filters, DynamoDB/Kinesis streams, SQS queues, SNS topics, EventBridge rules with
 * their patterns), and which resources can be written from outside the app (a bucket, queue or
 * topic whose policy admits any or a foreign principal, or a resource the app does not define).
 * The code side (which function writes what where) comes from the handlers' SDK calls.
 *
 * Reads serverless.yml events, SAM events and CloudFormation's own wiring
 * (EventSourceMapping, bucket NotificationConfiguration, SNS Subscription, Events::Rule targets).
 */
import { asList, get, getPath, intrinsicName, isMap, stringValue, type YNode } from '../yaml/ast';
import { referencedLogicalId } from './cfn';
import type { ConfigModel, FunctionModel } from './types';

export type LinkKind = 's3' | 'dynamodb-stream' | 'kinesis' | 'sqs' | 'sns' | 'eventbridge';

export interface KeyFilter {
  prefix?: string;
  suffix?: string;
}

export interface EventPattern {
  /** `source` values the rule matches (undefined: any). */
  source?: string[];
  /** `detail-type` values (undefined: any). */
  detailType?: string[];
}

/** One "events of this resource start this function" link. */
export interface TriggerLink {
  kind: LinkKind;
  functionId: string;
  /** Logical id of the resource in this file, when it is one. */
  resourceId?: string;
  /** The resource as written when it is not a resource of this file (an ARN, a name, an import). */
  external?: string;
  /** The node that declares the link (the event, the mapping, the notification). */
  node: YNode;
  keyFilter?: KeyFilter;
  pattern?: EventPattern;
  /** EventBridge bus name (`default` when not given). */
  bus?: string;
  /** serverless `s3: name` without `existing: true`: the framework creates the bucket, so it is the app's. */
  createdByFramework?: boolean;
}

const SLS_KIND: Record<string, LinkKind> = { s3: 's3', sqs: 'sqs', sns: 'sns', eventBridge: 'eventbridge', cloudwatchEvent: 'eventbridge' };
const SAM_KIND: Record<string, LinkKind> = { S3: 's3', SQS: 'sqs', SNS: 'sns', DynamoDB: 'dynamodb-stream', Kinesis: 'kinesis', EventBridgeRule: 'eventbridge', CloudWatchEvent: 'eventbridge' };

function strings(n: YNode | null | undefined): string[] | undefined {
  if (n == null) return undefined;
  const out = asList(n)
    .map((x) => stringValue(x))
    .filter((x): x is string => x !== undefined);
  return out.length ? out : undefined;
}

function patternOf(n: YNode | null | undefined): EventPattern | undefined {
  if (!isMap(n)) return undefined;
  return { source: strings(get(n, 'source')), detailType: strings(get(n, 'detail-type')) };
}

/** `!Ref X`, `!GetAtt X.Arn`, `${self:resources...}`-free strings: a resource of this file, or the text as written. */
function target(model: ConfigModel, n: YNode | null | undefined): { resourceId?: string; external?: string } {
  const id = referencedLogicalId(n);
  if (id && model.resources.some((r) => r.id === id)) return { resourceId: id };
  const s = stringValue(n);
  if (s !== undefined) {
    // serverless `s3: bucketName` / `sns: topicName`: a resource the framework creates, named so.
    return { external: s };
  }
  if (id) return { external: id };
  return { external: intrinsicName(n) ?? 'unknown' };
}

function s3Filter(rules: YNode | null | undefined, nameKey: string, valueKey: string): KeyFilter | undefined {
  const f: KeyFilter = {};
  for (const r of asList(rules)) {
    // serverless: `- prefix: uploads/`; SAM/CFN: `- Name: prefix\n  Value: uploads/`
    const name = (stringValue(get(r, nameKey)) ?? '').toLowerCase();
    const value = stringValue(get(r, valueKey));
    if (name === 'prefix' && value !== undefined) f.prefix = value;
    else if (name === 'suffix' && value !== undefined) f.suffix = value;
    for (const k of ['prefix', 'suffix'] as const) {
      const v = stringValue(get(r, k));
      if (v !== undefined) f[k] = v;
    }
  }
  return f.prefix !== undefined || f.suffix !== undefined ? f : undefined;
}

function eventLinks(model: ConfigModel, fn: FunctionModel): TriggerLink[] {
  const out: TriggerLink[] = [];
  for (const ev of fn.events) {
    const p = ev.properties;
    if (model.kind === 'serverless') {
      if (ev.type === 'stream') {
        const arnNode = isMap(p) && !intrinsicName(p) ? get(p, 'arn') : p;
        const declared = stringValue(get(p, 'type'));
        const t = target(model, arnNode);
        const kind: LinkKind = declared === 'kinesis' || (t.external ?? '').includes(':kinesis:') || model.resources.find((r) => r.id === t.resourceId)?.type === 'AWS::Kinesis::Stream' ? 'kinesis' : 'dynamodb-stream';
        out.push({ kind, functionId: fn.id, node: ev.node, ...t });
        continue;
      }
      const kind = SLS_KIND[ev.type];
      if (!kind) continue;
      if (kind === 's3') {
        const bucket = isMap(p) && !intrinsicName(p) ? get(p, 'bucket') : p;
        const t = target(model, bucket);
        const existing = get(p, 'existing');
        const createdByFramework = t.external !== undefined && stringValue(bucket) !== undefined && !(existing && (existing as { value?: unknown }).value === true);
        out.push({ kind, functionId: fn.id, node: ev.node, ...t, keyFilter: s3Filter(get(p, 'rules'), '', ''), ...(createdByFramework ? { createdByFramework } : {}) });
      } else if (kind === 'sqs') {
        out.push({ kind, functionId: fn.id, node: ev.node, ...target(model, isMap(p) && !intrinsicName(p) ? get(p, 'arn') : p) });
      } else if (kind === 'sns') {
        const arn = isMap(p) && !intrinsicName(p) ? (get(p, 'arn') ?? get(p, 'topicName')) : p;
        out.push({ kind, functionId: fn.id, node: ev.node, ...target(model, arn) });
      } else {
        const bus = stringValue(get(p, 'eventBus'));
        out.push({ kind, functionId: fn.id, node: ev.node, pattern: patternOf(get(p, 'pattern') ?? get(p, 'event')), bus: bus ?? 'default', resourceId: undefined, external: bus ?? 'default' });
      }
      continue;
    }
    const kind = SAM_KIND[ev.type];
    if (!kind) continue;
    if (kind === 's3') out.push({ kind, functionId: fn.id, node: ev.node, ...target(model, get(p, 'Bucket')), keyFilter: s3Filter(getPath(p, ['Filter', 'S3Key', 'Rules']), 'Name', 'Value') });
    else if (kind === 'sqs') out.push({ kind, functionId: fn.id, node: ev.node, ...target(model, get(p, 'Queue')) });
    else if (kind === 'sns') out.push({ kind, functionId: fn.id, node: ev.node, ...target(model, get(p, 'Topic')) });
    else if (kind === 'dynamodb-stream' || kind === 'kinesis') out.push({ kind, functionId: fn.id, node: ev.node, ...target(model, get(p, 'Stream')) });
    else {
      const bus = stringValue(get(p, 'EventBusName'));
      out.push({ kind, functionId: fn.id, node: ev.node, pattern: patternOf(get(p, 'Pattern')), bus: bus ?? 'default', external: bus ?? 'default' });
    }
  }
  return out;
}

/** CloudFormation's own wiring: event source mappings, bucket notifications, subscriptions, rules. */
function resourceLinks(model: ConfigModel): TriggerLink[] {
  const out: TriggerLink[] = [];
  const fnIds = new Set(model.functions.map((f) => f.id));
  for (const r of model.resources) {
    const p = r.properties;
    if (r.type === 'AWS::Lambda::EventSourceMapping') {
      const fnId = referencedLogicalId(get(p, 'FunctionName'));
      if (!fnId || !fnIds.has(fnId)) continue;
      const src = get(p, 'EventSourceArn');
      const t = target(model, src);
      const type = model.resources.find((x) => x.id === t.resourceId)?.type ?? t.external ?? '';
      const kind: LinkKind | undefined = type.includes('SQS') || type.includes(':sqs:') ? 'sqs' : type.includes('Kinesis') || type.includes(':kinesis:') ? 'kinesis' : type.includes('DynamoDB') || type.includes(':dynamodb:') ? 'dynamodb-stream' : undefined;
      if (kind) out.push({ kind, functionId: fnId, node: r.node, ...t });
    } else if (r.type === 'AWS::S3::Bucket') {
      for (const c of asList(getPath(p, ['NotificationConfiguration', 'LambdaConfigurations']))) {
        const fnId = referencedLogicalId(get(c, 'Function'));
        if (!fnId || !fnIds.has(fnId)) continue;
        out.push({ kind: 's3', functionId: fnId, node: c, resourceId: r.id, keyFilter: s3Filter(getPath(c, ['Filter', 'S3Key', 'Rules']), 'Name', 'Value') });
      }
    } else if (r.type === 'AWS::SNS::Subscription') {
      const fnId = stringValue(get(p, 'Protocol')) === 'lambda' ? referencedLogicalId(get(p, 'Endpoint')) : undefined;
      if (fnId && fnIds.has(fnId)) out.push({ kind: 'sns', functionId: fnId, node: r.node, ...target(model, get(p, 'TopicArn')) });
    } else if (r.type === 'AWS::Events::Rule') {
      for (const t of asList(get(p, 'Targets'))) {
        const fnId = referencedLogicalId(get(t, 'Arn'));
        if (!fnId || !fnIds.has(fnId)) continue;
        const bus = stringValue(get(p, 'EventBusName')) ?? referencedLogicalId(get(p, 'EventBusName'));
        out.push({ kind: 'eventbridge', functionId: fnId, node: r.node, pattern: patternOf(get(p, 'EventPattern')), bus: bus ?? 'default', external: bus ?? 'default' });
      }
    }
  }
  return out;
}

/** Every trigger link of a config: which resource's events start which function. */
export function triggerLinks(model: ConfigModel): TriggerLink[] {
  return [...model.functions.flatMap((fn) => eventLinks(model, fn)), ...resourceLinks(model)];
}

/** Does an S3 object key (known prefix of it, e.g. `uploads/` of `uploads/${name}`) reach a notification filter? */
export function keyMayMatch(filter: KeyFilter | undefined, knownPrefix: string, wholeKeyKnown: boolean, knownSuffix = ''): boolean {
  if (!filter) return true;
  if (filter.prefix !== undefined) {
    const n = Math.min(filter.prefix.length, knownPrefix.length);
    if (knownPrefix.slice(0, n) !== filter.prefix.slice(0, n)) return false;
    if (wholeKeyKnown && knownPrefix.length < filter.prefix.length) return false;
  }
  if (filter.suffix !== undefined && (wholeKeyKnown || knownSuffix)) {
    const n = Math.min(filter.suffix.length, knownSuffix.length);
    if (knownSuffix.slice(knownSuffix.length - n) !== filter.suffix.slice(filter.suffix.length - n)) return false;
  }
  return true;
}

/** Does an event put with this source / detail-type match a rule's pattern? (undefined: unknown → may match) */
export function patternMayMatch(pattern: EventPattern | undefined, source: string | undefined, detailType: string | undefined): boolean {
  if (!pattern) return true;
  if (pattern.source && source !== undefined && !pattern.source.includes(source)) return false;
  if (pattern.detailType && detailType !== undefined && !pattern.detailType.includes(detailType)) return false;
  return true;
}

const WRITE_ACTIONS: Record<string, readonly string[]> = {
  'AWS::S3::BucketPolicy': ['s3:putobject', 's3:*', '*'],
  'AWS::SQS::QueuePolicy': ['sqs:sendmessage', 'sqs:*', '*'],
  'AWS::SNS::TopicPolicy': ['sns:publish', 'sns:*', '*'],
};
const POLICY_TARGET: Record<string, string> = { 'AWS::S3::BucketPolicy': 'Bucket', 'AWS::SQS::QueuePolicy': 'Queues', 'AWS::SNS::TopicPolicy': 'Topics' };

/**
 * Resources of this file that a resource policy opens to writes from anyone (Principal `*` or
 * `{AWS: '*'}`, no Condition): their events carry data from outside the app. Maps resource id →
 * the statement node (for related information).
 */
export function externallyWritable(model: ConfigModel): Map<string, YNode> {
  const out = new Map<string, YNode>();
  for (const r of model.resources) {
    const actions = WRITE_ACTIONS[r.type];
    if (!actions) continue;
    const targets = asList(get(r.properties, POLICY_TARGET[r.type]))
      .map((t) => referencedLogicalId(t))
      .filter((x): x is string => !!x);
    if (!targets.length) continue;
    for (const st of asList(getPath(r.properties, ['PolicyDocument', 'Statement']))) {
      if (stringValue(get(st, 'Effect')) !== 'Allow' || get(st, 'Condition') != null) continue;
      const principal = get(st, 'Principal');
      const anyone = stringValue(principal) === '*' || stringValue(get(principal, 'AWS')) === '*' || asList(get(principal, 'AWS')).some((x) => stringValue(x) === '*');
      if (!anyone) continue;
      const acts = asList(get(st, 'Action')).map((a) => (stringValue(a) ?? '').toLowerCase());
      if (!acts.some((a) => actions.includes(a))) continue;
      for (const t of targets) if (!out.has(t)) out.set(t, st);
    }
  }
  return out;
}
