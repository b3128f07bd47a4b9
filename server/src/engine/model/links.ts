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
import { asList, get, getPath, intrinsicArg, intrinsicName, isMap, isSeq, stringValue, toJS, type YNode } from '../yaml/ast';
import { parseYaml } from '../yaml/parse';
import { referencedLogicalId } from './cfn';
import { nameTemplate, resolveName, resolveTemplate, type NameService } from './resource-names';
import type { ConfigModel, FunctionModel } from './types';

export type LinkKind = 's3' | 'dynamodb-stream' | 'kinesis' | 'sqs' | 'sns' | 'eventbridge' | 'stepfunctions';

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
  /** Name template of a resource that is not one of this file (model/resource-names.ts): writes naming it meet here. */
  name?: string;
  /** Defined outside this app (`${cf:stack.Output}`, `!ImportValue`): what names it. */
  outside?: string;
  /** SNS subscription filter policy (plain data) and its scope. */
  filterPolicy?: { policy: unknown; scope: 'MessageAttributes' | 'MessageBody' };
  /** The file holding `node` when it is not the config (a SAM `DefinitionUri`), relative to the config's folder. */
  file?: string;
  /** Step Functions task: the state's name, whether it is the machine's first state, whether what it passes to the function is constant. */
  task?: {
    state: string;
    first: boolean;
    constantInput: boolean;
    /** No Parameters / Payload / InputPath: the function receives the state input as it is. */
    inputAsIs?: boolean;
    /** Every path to this state replaces the execution input by an earlier state's result. */
    inputReplaced?: true;
    startedBy: string[];
    apiStart?: YNode;
    ruleStarts?: RuleStart[];
  };
}

/** An EventBridge rule that starts a state machine: its pattern (undefined: none) and bus. */
export interface RuleStart {
  pattern?: EventPattern;
  bus: string;
}

/** Reads a file next to the config (SAM `DefinitionUri`), when the caller can. */
export type ReadRelative = (relPath: string) => string | undefined;

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

/**
 * The resource a trigger names: a resource of this file (`!Ref X`, `!GetAtt X.StreamArn`, a name
 * or ARN template equal to its name property, `${self:custom.x}` leading to either), else the text
 * as written with its name template (and, for `${cf:…}` / `!ImportValue`, that it lives outside).
 */
function target(model: ConfigModel, n: YNode | null | undefined, service?: NameService): { resourceId?: string; external?: string; name?: string; outside?: string } {
  const id = referencedLogicalId(n);
  if (id && model.resources.some((r) => r.id === id)) return { resourceId: id };
  const r = resolveName(model, n, service);
  if (r?.resourceId) return { resourceId: r.resourceId };
  const s = stringValue(n);
  const shown = s ?? (id ? id : intrinsicName(n) ?? 'unknown');
  if (r?.name !== undefined) return { external: shown, name: r.name, ...(r.outside ? { outside: r.outside } : {}) };
  return { external: shown };
}

function filterPolicyOf(policy: YNode | null | undefined, scope: YNode | null | undefined): TriggerLink['filterPolicy'] {
  if (!isMap(policy)) {
    // `FilterPolicy` may be a JSON string
    const text = stringValue(policy);
    if (text === undefined) return undefined;
    try { return { policy: JSON.parse(text), scope: stringValue(scope) === 'MessageBody' ? 'MessageBody' : 'MessageAttributes' }; } catch { return undefined; }
  }
  return { policy: toJS(policy), scope: stringValue(scope) === 'MessageBody' ? 'MessageBody' : 'MessageAttributes' };
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
        const t = target(model, arnNode, declared === 'kinesis' ? 'kinesis' : undefined);
        const kind: LinkKind = declared === 'kinesis' || (t.external ?? '').includes(':kinesis:') || model.resources.find((r) => r.id === t.resourceId)?.type === 'AWS::Kinesis::Stream' ? 'kinesis' : 'dynamodb-stream';
        out.push({ kind, functionId: fn.id, node: ev.node, ...t });
        continue;
      }
      const kind = SLS_KIND[ev.type];
      if (!kind) continue;
      if (kind === 's3') {
        const bucket = isMap(p) && !intrinsicName(p) ? get(p, 'bucket') : p;
        const t = target(model, bucket, 's3');
        const existing = get(p, 'existing');
        const createdByFramework = t.external !== undefined && !t.outside && stringValue(bucket) !== undefined && !(existing && (existing as { value?: unknown }).value === true);
        out.push({ kind, functionId: fn.id, node: ev.node, ...t, keyFilter: s3Filter(get(p, 'rules'), '', ''), ...(createdByFramework ? { createdByFramework } : {}) });
      } else if (kind === 'sqs') {
        out.push({ kind, functionId: fn.id, node: ev.node, ...target(model, isMap(p) && !intrinsicName(p) ? get(p, 'arn') : p, 'sqs') });
      } else if (kind === 'sns') {
        const arn = isMap(p) && !intrinsicName(p) ? (get(p, 'arn') ?? get(p, 'topicName')) : p;
        const t = target(model, arn, 'sns');
        // `sns: topicName` (no arn): the framework creates the topic
        const created = t.external !== undefined && !t.outside && stringValue(arn) !== undefined && !(stringValue(arn) ?? '').startsWith('arn:') && !get(p, 'arn');
        const fp = isMap(p) ? filterPolicyOf(get(p, 'filterPolicy'), get(p, 'filterPolicyScope')) : undefined;
        out.push({ kind, functionId: fn.id, node: ev.node, ...t, ...(created ? { createdByFramework: true } : {}), ...(fp ? { filterPolicy: fp } : {}) });
      } else {
        const bus = stringValue(get(p, 'eventBus'));
        out.push({ kind, functionId: fn.id, node: ev.node, pattern: patternOf(get(p, 'pattern') ?? get(p, 'event')), bus: bus ?? 'default', resourceId: undefined, external: bus ?? 'default' });
      }
      continue;
    }
    const kind = SAM_KIND[ev.type];
    if (!kind) continue;
    if (kind === 's3') out.push({ kind, functionId: fn.id, node: ev.node, ...target(model, get(p, 'Bucket'), 's3'), keyFilter: s3Filter(getPath(p, ['Filter', 'S3Key', 'Rules']), 'Name', 'Value') });
    else if (kind === 'sqs') out.push({ kind, functionId: fn.id, node: ev.node, ...target(model, get(p, 'Queue'), 'sqs') });
    else if (kind === 'sns') {
      const fp = filterPolicyOf(get(p, 'FilterPolicy'), get(p, 'FilterPolicyScope'));
      out.push({ kind, functionId: fn.id, node: ev.node, ...target(model, get(p, 'Topic'), 'sns'), ...(fp ? { filterPolicy: fp } : {}) });
    } else if (kind === 'dynamodb-stream' || kind === 'kinesis') out.push({ kind, functionId: fn.id, node: ev.node, ...target(model, get(p, 'Stream'), kind === 'kinesis' ? 'kinesis' : 'dynamodb') });
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
      const fp = filterPolicyOf(get(p, 'FilterPolicy'), get(p, 'FilterPolicyScope'));
      if (fnId && fnIds.has(fnId)) out.push({ kind: 'sns', functionId: fnId, node: r.node, ...target(model, get(p, 'TopicArn'), 'sns'), ...(fp ? { filterPolicy: fp } : {}) });
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
export function triggerLinks(model: ConfigModel, read?: ReadRelative): TriggerLink[] {
  return [...model.functions.flatMap((fn) => eventLinks(model, fn)), ...resourceLinks(model), ...stateMachineLinks(model, read)];
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

// ---------------------------------------------------------------------------------------------
// SNS subscription filter policies

/** One condition of a filter policy against a constant attribute value (unknown operators: may match). */
function conditionMatches(cond: unknown, v: string): boolean {
  if (typeof cond === 'string') return cond === v;
  if (typeof cond === 'number' || typeof cond === 'boolean') return String(cond) === v;
  if (cond && typeof cond === 'object') {
    const c = cond as Record<string, unknown>;
    if (typeof c.prefix === 'string') return v.startsWith(c.prefix);
    if (typeof c.suffix === 'string') return v.endsWith(c.suffix);
    if (typeof c['equals-ignore-case'] === 'string') return v.toLowerCase() === (c['equals-ignore-case'] as string).toLowerCase();
    if (c.exists === true) return true;
    if (c.exists === false) return false;
    if ('anything-but' in c) {
      const ab = c['anything-but'];
      if (typeof ab === 'string' || typeof ab === 'number') return String(ab) !== v;
      if (Array.isArray(ab)) return !ab.map(String).includes(v);
      if (ab && typeof ab === 'object' && typeof (ab as { prefix?: unknown }).prefix === 'string') return !v.startsWith((ab as { prefix: string }).prefix);
    }
  }
  return true;
}

/**
 * Can a Publish with these message attributes reach a subscription with this filter policy?
 * `attributes`: the attributes' constant string values (undefined: present, value unknown);
 * `known`: the attribute set is exactly `attributes` (no attribute can be missing from our view).
 * Only a policy on message attributes is judged; anything not understood may match.
 */
export function filterMayMatch(fp: TriggerLink['filterPolicy'], attributes: ReadonlyMap<string, string | undefined> | undefined, known: boolean): boolean {
  if (!fp || fp.scope !== 'MessageAttributes' || !fp.policy || typeof fp.policy !== 'object' || Array.isArray(fp.policy)) return true;
  for (const [key, raw] of Object.entries(fp.policy as Record<string, unknown>)) {
    if (key.startsWith('$')) return true; // `$or`
    const conds = Array.isArray(raw) ? raw : [raw];
    if (!attributes || !attributes.has(key)) {
      if (!known) continue;
      // absent attribute: only `{exists: false}` (or `anything-but` … not: it needs the attribute) lets it through
      if (!conds.some((c) => c && typeof c === 'object' && (c as { exists?: unknown }).exists === false)) return false;
      continue;
    }
    const v = attributes.get(key);
    if (v === undefined) continue;
    if (!conds.some((c) => conditionMatches(c, v))) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Step Functions: a Task state invoking a function passes it (part of) the state input

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';

/** Does a Parameters / Payload object take anything from the state input (`"x.$": "$.y"`, `"Payload.$": "$"`)? */
function readsInput(n: YNode | null | undefined, depth = 0): boolean {
  if (n == null || depth > 12) return false;
  if (isMap(n)) return n.entries.some((e) => String(e.key.value).endsWith('.$') || readsInput(e.value, depth + 1));
  if (isSeq(n)) return n.items.some((x) => readsInput(x, depth + 1));
  return false;
}

/** The function a Task's `Resource` / `FunctionName` names: a function of this config, by logical id, serverless key or deployed name. */
function taskFunction(model: ConfigModel, n: YNode | null | undefined, subs: YNode | null | undefined): string | undefined {
  if (n == null) return undefined;
  const direct = referencedLogicalId(n);
  const byId = (id: string | undefined) => {
    if (!id) return undefined;
    if (model.functions.some((f) => f.id === id)) return id;
    // serverless: `HelloLambdaFunction` is the CloudFormation id of function `hello`
    return model.functions.find((f) => slsLogicalId(f.id) + 'LambdaFunction' === id)?.id;
  };
  const d = byId(direct);
  if (d) return d;
  const t = nameTemplate(model, n);
  if (!t) return undefined;
  let text = t.text;
  // `${HelloFn}` with SAM DefinitionSubstitutions
  if (text.startsWith('${') && text.endsWith('}') && isMap(subs)) {
    const v = get(subs, text.slice(2, -1));
    if (v != null) return taskFunction(model, v, undefined);
  }
  const placeholder = text.startsWith('${') && text.endsWith('}') ? byId(text.slice(2, -1).split('.')[0]) : undefined;
  if (placeholder) return placeholder;
  const r = resolveTemplate(model, text, 'lambda');
  if (r.resourceId && model.functions.some((f) => f.id === r.resourceId)) return r.resourceId;
  // serverless deployed name `${service}-${stage}-${key}` (an ARN `…:function:service-dev-hello`)
  const i = text.indexOf(':function:');
  if (i >= 0) text = text.slice(i + ':function:'.length).split(':')[0];
  return model.functions.find((f) => text.endsWith('-' + f.id) && (!model.serviceName || text.startsWith(model.serviceName)))?.id;
}

/** The Serverless Framework's logical id stem of a function key (`hello-world` → `HelloDashworld`). */
function slsLogicalId(key: string): string {
  let out = '';
  for (const ch of key) out += ch === '-' ? 'Dash' : ch === '_' ? 'Underscore' : ch;
  return out.charAt(0).toUpperCase() + out.slice(1);
}

export interface MachineDef { id: string; node: YNode; definition: YNode | null | undefined; subs?: YNode | null; startedBy: string[]; file?: string; inString?: boolean; apiStart?: YNode; ruleStarts: RuleStart[] }

/** Events that start a state machine from an API request (SAM `Api`/`HttpApi`, serverless plugin `http`/`httpApi`). */
const API_STARTS = new Set(['Api', 'HttpApi', 'http', 'httpApi']);
/** Events that start a state machine from an EventBridge rule (SAM, serverless plugin). */
export const RULE_STARTS: ReadonlySet<string> = new Set(['EventBridgeRule', 'CloudWatchEvent', 'eventBridge', 'cloudwatchEvent', 'AWS::Events::Rule']);

function parseDefinitionText(text: string, asJson: boolean): YNode | null | undefined {
  try {
    const doc = parseYaml(text, asJson ? { format: 'json' } : {});
    return doc.root;
  } catch {
    return undefined;
  }
}

/** State machines of the config: SAM / CFN resources and the serverless `stepFunctions` plugin section. */
export function stateMachines(model: ConfigModel, read?: ReadRelative): MachineDef[] {
  const out: MachineDef[] = [];
  for (const r of model.resources) {
    const p = r.properties;
    if (r.type === 'AWS::Serverless::StateMachine') {
      let def = get(p, 'Definition');
      const uri = stringValue(get(p, 'DefinitionUri'));
      let file: string | undefined;
      if (def == null && uri && read && !uri.startsWith('s3://')) {
        const text = read(uri);
        if (text !== undefined) { def = parseDefinitionText(text, uri.toLowerCase().endsWith('.json')); file = uri; }
      }
      const events = get(p, 'Events');
      const startedBy = isMap(events) ? events.entries.map((e) => stringValue(get(e.value, 'Type')) ?? 'unknown') : [];
      const api = isMap(events) ? events.entries.find((e) => API_STARTS.has(stringValue(get(e.value, 'Type')) ?? ''))?.value : undefined;
      const ruleStarts: RuleStart[] = [];
      if (isMap(events)) for (const e of events.entries) {
        if (!RULE_STARTS.has(stringValue(get(e.value, 'Type')) ?? '')) continue;
        const props = get(e.value, 'Properties');
        ruleStarts.push({ pattern: patternOf(get(props, 'Pattern')), bus: stringValue(get(props, 'EventBusName')) ?? 'default' });
      }
      out.push({ id: r.id, node: r.node, definition: def, subs: get(p, 'DefinitionSubstitutions'), startedBy, ruleStarts, ...(file ? { file } : {}), ...(api ? { apiStart: api } : {}) });
    } else if (r.type === 'AWS::StepFunctions::StateMachine') {
      let def = get(p, 'Definition');
      let subs: YNode | null | undefined = get(p, 'DefinitionSubstitutions');
      const ds = get(p, 'DefinitionString');
      if (def == null && ds != null) {
        const fn = intrinsicName(ds);
        const arg = intrinsicArg(ds);
        const text = fn === 'Fn::Sub' ? (isSeq(arg) ? stringValue(arg.items[0]) : stringValue(arg)) : stringValue(ds);
        if (fn === 'Fn::Sub' && isSeq(arg)) subs = arg.items[1];
        if (text !== undefined) def = parseDefinitionText(text, true);
      }
      out.push({ id: r.id, node: r.node, definition: def, subs, startedBy: [], ruleStarts: [], inString: get(p, 'Definition') == null });
    }
  }
  if (model.kind === 'serverless') {
    const machines = getPath(model.root, ['stepFunctions', 'stateMachines']);
    if (isMap(machines)) for (const e of machines.entries) {
      const key = String(e.key.value);
      const id = stringValue(get(e.value, 'id')) ?? key.replace(/[^A-Za-z0-9]/g, '').replace(/^./, (c) => c.toUpperCase()) + 'StepFunctionsStateMachine';
      const evs = asList(get(e.value, 'events'));
      const startedBy = evs.map((ev) => (isMap(ev) && ev.entries[0] ? String(ev.entries[0].key.value) : 'unknown'));
      const api = evs.find((ev) => isMap(ev) && ev.entries[0] && API_STARTS.has(String(ev.entries[0].key.value)));
      const ruleStarts: RuleStart[] = [];
      for (const ev of evs) {
        if (!isMap(ev) || !ev.entries[0] || !RULE_STARTS.has(String(ev.entries[0].key.value))) continue;
        const v = ev.entries[0].value;
        ruleStarts.push({ pattern: patternOf(get(v, 'event') ?? get(v, 'pattern')), bus: stringValue(get(v, 'eventBusName')) ?? 'default' });
      }
      out.push({ id, node: e.value ?? e.key, definition: get(e.value, 'definition'), startedBy, ruleStarts, ...(api ? { apiStart: api } : {}) });
    }
  }
  // CloudFormation rules whose target is a state machine of this file
  for (const r of model.resources) {
    if (r.type !== 'AWS::Events::Rule') continue;
    for (const t of asList(get(r.properties, 'Targets'))) {
      const m = out.find((x) => x.id === referencedLogicalId(get(t, 'Arn')));
      if (!m) continue;
      m.startedBy.push('AWS::Events::Rule');
      m.ruleStarts.push({ pattern: patternOf(get(r.properties, 'EventPattern')), bus: stringValue(get(r.properties, 'EventBusName')) ?? 'default' });
    }
  }
  return out;
}

/**
 * Task states anywhere in a definition (Map / Parallel branches included), with whether each is the
 * first state and whether the execution input may still be (part of) its input (`inputReaches`).
 */
export function taskStates(
  def: YNode | null | undefined,
  first: boolean,
  out: { name: string; node: YNode; first: boolean; inputReaches?: boolean }[],
  depth = 0,
  entryReached = first,
): void {
  if (!isMap(def) || depth > 8) return;
  const states = get(def, 'States');
  const startAt = stringValue(get(def, 'StartAt'));
  if (!isMap(states)) return;
  const reached = entryReached && startAt !== undefined ? inputReachingStates(states, startAt) : new Set<string>();
  for (const e of states.entries) {
    const st = e.value;
    const name = String(e.key.value);
    if (!isMap(st)) continue;
    const type = stringValue(get(st, 'Type'));
    if (type === 'Task') out.push({ name, node: st, first: first && name === startAt, inputReaches: reached.has(name) });
    for (const b of asList(get(st, 'Branches'))) taskStates(b, first && name === startAt, out, depth + 1, reached.has(name));
    taskStates(get(st, 'Iterator') ?? get(st, 'ItemProcessor'), false, out, depth + 1, reached.has(name));
  }
}

/**
 * The states of one level whose input may still carry the execution input (or the branch's input):
 * the start state, and every state after one that passes its input on. A Task, Map or Parallel
 * state without `ResultPath` (and a Pass state with `Result` or `Parameters` and no `ResultPath`)
 * replaces its input by its result, so the states after it get that result instead
 * (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html: the default
 * ResultPath `$` discards the input). Choice, Wait and plain Pass states pass it on.
 */
function inputReachingStates(states: YNode, startAt: string): Set<string> {
  const reached = new Set<string>([startAt]);
  const todo = [startAt];
  while (todo.length) {
    const name = todo.pop()!;
    const st = get(states, name);
    if (!isMap(st)) continue;
    const type = stringValue(get(st, 'Type'));
    const keepsInput = get(st, 'ResultPath') !== undefined && stringValue(get(st, 'ResultPath')) !== '$';
    const replaces = type === 'Task' || type === 'Map' || type === 'Parallel' || (type === 'Pass' && (get(st, 'Result') != null || get(st, 'Parameters') != null));
    if (replaces && !keepsInput) continue;
    const next = [stringValue(get(st, 'Next')), stringValue(get(st, 'Default'))];
    for (const c of asList(get(st, 'Choices'))) next.push(stringValue(get(c, 'Next')));
    for (const c of asList(get(st, 'Catch'))) next.push(stringValue(get(c, 'Next')));
    for (const n of next) if (n !== undefined && !reached.has(n)) {
      reached.add(n);
      todo.push(n);
    }
  }
  return reached;
}

/** Step Functions Task states that invoke a function of this config. */
function stateMachineLinks(model: ConfigModel, read?: ReadRelative): TriggerLink[] {
  const out: TriggerLink[] = [];
  if (!model.functions.length) return out;
  for (const m of stateMachines(model, read)) {
    const tasks: { name: string; node: YNode; first: boolean; inputReaches?: boolean }[] = [];
    taskStates(m.definition, true, tasks);
    for (const t of tasks) {
      const resource = get(t.node, 'Resource');
      const rs = stringValue(resource) ?? '';
      const invoke = rs.startsWith(LAMBDA_INVOKE);
      const params = get(t.node, 'Parameters');
      const fnNode = invoke ? get(params, 'FunctionName') : resource;
      const fnId = taskFunction(model, fnNode, m.subs);
      if (!fnId) continue;
      // what the function receives: the Payload (lambda:invoke) / the Parameters, else the whole state input
      const given = invoke ? (get(params, 'Payload') ?? (isMap(params) && params.entries.some((x) => x.key.value === 'Payload.$') ? params : undefined)) : params;
      const constantInput = given != null && !readsInput(given);
      const inputAsIs = given == null && get(t.node, 'InputPath') == null;
      const inApp = model.resources.some((r) => r.id === m.id);
      out.push({
        kind: 'stepfunctions', functionId: fnId, node: m.inString ? m.node : t.node, ...(m.file ? { file: m.file } : {}), ...(inApp ? { resourceId: m.id } : { name: '${' + m.id + '}', createdByFramework: true, external: m.id }),
        task: { state: t.name, first: t.first, constantInput, ...(inputAsIs ? { inputAsIs } : {}), ...(t.inputReaches === false ? { inputReplaced: true as const } : {}), startedBy: m.startedBy, ...(m.apiStart ? { apiStart: m.apiStart } : {}), ...(m.ruleStarts.length ? { ruleStarts: m.ruleStarts } : {}) },
      });
    }
  }
  return out;
}
