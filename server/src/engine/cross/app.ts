/**
 * Cross-function links, the app view: per config file, every function's resource writes
 * (cross/writes.ts) with the resource resolved (SDK call analysis: environment variable → `!Ref` /
 * `!GetAtt` of the config, or a literal name), joined with the config's trigger links and the
 * resources open to outside writers (model/links.ts). `crossVerdict` judges one taint finding of a
 * triggered handler: its event data comes from an in-app writer that writes untrusted data there
 * (the writers are named), from outside the app, or only from trusted writers (then the finding
 * drops to info, saying why).
 *
 * Bounded and memoised: one entry per config file, valid while the config's text and the texts
 * of its handler files are unchanged; at most MAX_FUNCTIONS functions are analysed per config.
 */
import type { CodeContext } from '../code-context';
import { resolveRelativeImport } from '../code-context';
import type { ParsedCode } from '../code/parser';
import { BIT } from '../code/values';
import type { SinkKind, TaintFinding, TriggerKind } from '../code/types';
import { resolveHandlers, type HandlerCandidate, type HandlerRef } from '../handlers';
import { referencedLogicalId } from '../model/cfn';
import { RULE_STARTS, externallyWritable, filterMayMatch, keyMayMatch, patternMayMatch, triggerLinks, type LinkKind, type TriggerLink } from '../model/links';
import { resolveName, resolveTemplate, type NameService, type NameTarget } from '../model/resource-names';
import type { ConfigModel } from '../model/types';
import { configModel, handlerCalls, type Links } from '../permissions/usage';
import type { ResourceRef } from '../permissions/sdk-types';
import { dirname, joinPath, relativeTo, type Project } from '../project';
import type { YNode } from '../yaml/ast';
import type { Span } from '../types';
import { getPath, stringValue } from '../yaml/ast';
import { handlerWrites, type WritePart, type WriteRecord, type WriteService } from './writes';

const MAX_FUNCTIONS = 50;

/** Work counters (read by test/bench/cross-app.ts to see repeated work; not used by the analysis). */
export const crossCounters = { builds: 0, handlerRuns: 0 };

/** IAM actions that put data into a resource whose events start functions, by service. */
const WRITE_ACTION_SERVICE = new Map<string, WriteService>([
  ['dynamodb:putitem', 'dynamodb'], ['dynamodb:updateitem', 'dynamodb'], ['dynamodb:batchwriteitem', 'dynamodb'], ['dynamodb:partiqlinsert', 'dynamodb'], ['dynamodb:partiqlupdate', 'dynamodb'],
  ['s3:putobject', 's3'], ['s3:copyobject', 's3'], ['sqs:sendmessage', 'sqs'], ['sns:publish', 'sns'], ['events:putevents', 'events'],
  ['kinesis:putrecord', 'kinesis'], ['kinesis:putrecords', 'kinesis'], ['states:startexecution', 'states'], ['states:startsyncexecution', 'states'],
]);

export interface AppWrite extends WriteRecord {
  /** The function whose handler makes the write. */
  fnId: string;
  /** Its triggers (a public route: `api`). */
  triggers: TriggerKind[];
  /** Logical id of the written resource in the config. */
  resourceId?: string;
  /** Name template of the written resource when it is no resource of the config (model/resource-names.ts). */
  resourceName?: string;
  /** The resource could not be resolved (the write may go anywhere of its service). */
  unresolved?: boolean;
  /** An SDK write the taint run did not model (`upload_file`, lib-storage `Upload`…): what it writes is unknown. */
  opaque?: boolean;
}

export interface App {
  configFile: string;
  model: ConfigModel;
  refs: HandlerRef[];
  writes: AppWrite[];
  links: TriggerLink[];
  open: Map<string, YNode>;
  /** Some function's code could not be analysed: "no writer" cannot be concluded. */
  incomplete: boolean;
  /** The handlers' writes were computed (an app without trigger links skips them unless stored reads ask: cross/reads.ts). */
  writesKnown?: boolean;
}

interface Entry {
  cfgText: string;
  texts: Map<string, string | undefined>;
  app: App | undefined;
}

const cache = new WeakMap<Project, Map<string, Entry>>();

const LINK_SERVICE: Record<LinkKind, WriteService | undefined> = {
  s3: 's3', 'dynamodb-stream': 'dynamodb', kinesis: 'kinesis', sqs: 'sqs', sns: 'sns', eventbridge: 'events', stepfunctions: 'states',
};

const NAME_SERVICE: Record<WriteService, NameService> = { dynamodb: 'dynamodb', s3: 's3', sqs: 'sqs', sns: 'sns', events: 'events', kinesis: 'kinesis', states: 'states' };

/**
 * The app of a config file (memoised per config text and handler texts). `current` is the config's
 * model when the config itself is being analysed (the engine parsed it already: no second parse).
 */
export function appOf(project: Project, links: Links, configFile: string, current?: ConfigModel, withWrites = false): App | undefined {
  const cfgText = project.readFile(configFile);
  if (cfgText === undefined) return undefined;
  let m = cache.get(project);
  if (!m) {
    const apps = new Map<string, Entry>();
    // Owned by the project: closing the config or any handler it read drops the entry (no closed text is kept).
    project.own({ delete: (p: string) => { for (const [k, e] of apps) if (k === p || e.texts.has(p)) apps.delete(k); } });
    cache.set(project, (m = apps));
  }
  const hit = m.get(configFile);
  if (hit && hit.cfgText === cfgText && (!withWrites || !hit.app || hit.app.writesKnown) && [...hit.texts].every(([p, t]) => project.readFile(p) === t)) return hit.app;
  const texts = new Map<string, string | undefined>();
  let app: App | undefined;
  crossCounters.builds++;
  try {
    app = build(project, links, configFile, texts, current, withWrites);
  } catch {
    app = undefined;
  }
  if (m.size >= 32) m.delete(m.keys().next().value!);
  m.set(configFile, { cfgText, texts, app });
  return app;
}

const handlerMemos = new WeakMap<Project, { generation: number; memo: Map<string, HandlerCandidate | null> }>();

function handlerMemo(project: Project): Map<string, HandlerCandidate | null> {
  let m = handlerMemos.get(project);
  if (!m || m.generation !== project.generation) handlerMemos.set(project, (m = { generation: project.generation, memo: new Map() }));
  return m.memo;
}

function build(project: Project, links: Links, configFile: string, texts: Map<string, string | undefined>, current?: ConfigModel, withWrites = false): App | undefined {
  const model = current ?? configModel(project, configFile);
  if (!model) return undefined;
  const dir = dirname(configFile);
  // files the links read (a SAM DefinitionUri) join the texts the entry is valid for
  const triggers = triggerLinks(model, (rel) => {
    const p = joinPath(dir, rel);
    const t = project.readFile(p);
    texts.set(p, t);
    return t;
  });
  // Handler files per (folder, handler, runtime), memoised until the project's file set changes:
  // a keystroke in the config must not look every handler up on disk again.
  // Nothing triggered by a resource, or too big an app: no handler needs looking up.
  const analysed = (triggers.length > 0 || withWrites) && model.functions.length <= MAX_FUNCTIONS;
  const refs = analysed ? resolveHandlers(model, configFile, project, handlerMemo(project)) : [];
  const app: App = { configFile, model, refs, writes: [], links: triggers, open: externallyWritable(model), incomplete: (triggers.length > 0 || withWrites) && !analysed, writesKnown: analysed };
  if (!analysed) return app;
  for (const fn of model.functions) if (!refs.some((r) => r.fnId === fn.id)) app.incomplete = true;
  for (const ref of refs) {
    const fn = model.functions.find((f) => f.id === ref.fnId);
    const code = links.code(ref.file) as CodeContext | undefined;
    texts.set(ref.file, project.readFile(ref.file));
    if (!fn || !code || !code.parsed?.root) { app.incomplete = true; continue; }
    const writes = writesOf(project, ref, code, texts);
    const calls = handlerCalls(ref, model, fn, links, project);
    /** The written resource: an environment variable's config value or a literal name, through model/resource-names.ts. */
    const targetOf = (r: ResourceRef | undefined, service: WriteService): NameTarget | undefined => {
      if (r?.kind === 'env') {
        const env = fn.environment.find((e) => e.name === r.name);
        return env ? resolveName(model, env.value, NAME_SERVICE[service]) : undefined;
      }
      if (r?.kind === 'literal') return resolveTemplate(model, r.text, NAME_SERVICE[service]);
      return undefined;
    };
    if (!calls || !calls.complete || calls.unknown.length) app.incomplete = true;
    for (const w of writes) {
      const call = calls?.all.find((c) => c.file === w.file && c.callRange.start <= w.range.end && w.range.start <= c.callRange.end && c.resource);
      const t = targetOf(call?.resource, w.service);
      app.writes.push({ ...w, fnId: fn.id, triggers: ref.triggers, resourceId: t?.resourceId, ...(t?.name !== undefined ? { resourceName: t.name } : {}), unresolved: w.service !== 'events' && !t?.resourceId && t?.name === undefined });
    }
    // SDK calls that write (by their IAM action) but that no write record covers
    for (const c of calls?.all ?? []) {
      const service = WRITE_ACTION_SERVICE.get(c.actions.find((a) => WRITE_ACTION_SERVICE.has(a.toLowerCase()))?.toLowerCase() ?? '');
      if (!service || writes.some((w) => w.file === c.file && c.callRange.start <= w.range.end && w.range.start <= c.callRange.end)) continue;
      const t = targetOf(c.resource, service);
      app.writes.push({ file: c.file, range: c.callRange, service, operation: c.operation, parts: [], fnId: fn.id, triggers: ref.triggers, resourceId: t?.resourceId, ...(t?.name !== undefined ? { resourceName: t.name } : {}), unresolved: service !== 'events' && !t?.resourceId && t?.name === undefined, opaque: true });
    }
  }
  return app;
}

/** The resource of the config whose own name property (`TableName`, `BucketName`…) is `name`. */
export function resourceByName(model: ConfigModel, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  return model.resources.find((x) => ['TableName', 'BucketName', 'QueueName', 'TopicName'].some((k) => stringValue(getPath(x.properties, k)) === name))?.id;
}

interface WritesEntry {
  text: string;
  deps: Map<string, string | undefined>;
  writes: WriteRecord[];
}

const writesCache = new WeakMap<Project, Map<string, WritesEntry>>();

/** One handler's writes, memoised per handler text and the texts of the files it imported (an edit elsewhere in the app re-runs only the edited handler). */
function writesOf(project: Project, ref: HandlerRef, code: CodeContext, texts: Map<string, string | undefined>): WriteRecord[] {
  let m = writesCache.get(project);
  if (!m) {
    const entries = new Map<string, WritesEntry>();
    project.own({ delete: (p: string) => { for (const [k, e] of entries) if (k.startsWith(p + '\u0000') || e.deps.has(p)) entries.delete(k); } });
    writesCache.set(project, (m = entries));
  }
  const key = `${ref.file}\u0000${ref.exportName}\u0000${ref.triggers.join('+')}`;
  const hit = m.get(key);
  if (hit && hit.text === code.text && [...hit.deps].every(([p, t]) => project.readFile(p) === t)) {
    for (const [p, t] of hit.deps) texts.set(p, t);
    return hit.writes;
  }
  const deps = new Map<string, string | undefined>();
  crossCounters.handlerRuns++;
  const writes = handlerWrites({
    path: ref.file, text: code.text, lang: code.lang, parsed: code.parsed as ParsedCode, triggers: ref.triggers, exportName: ref.exportName,
    resolveImport: (from, spec) => {
      const r = resolveRelativeImport(project, from, spec);
      if (r) { deps.set(r.path, r.text); texts.set(r.path, r.text); }
      return r;
    },
  });
  if (m.size >= 256) m.delete(m.keys().next().value!);
  m.set(key, { text: code.text, deps, writes });
  return writes;
}

export interface WriterHit {
  write: AppWrite;
  part: WritePart;
  link: TriggerLink;
}

export type Verdict =
  | { kind: 'tainted'; writers: WriterHit[]; link: TriggerLink }
  | { kind: 'open'; link: TriggerLink; statement: YNode }
  | { kind: 'trusted'; reason: string; link: TriggerLink }
  /** The resource is defined outside this app (`${cf:…}`, `!ImportValue`): whoever that stack lets write it. */
  | { kind: 'external'; link: TriggerLink };

export const LINK_TRIGGERS: ReadonlySet<TriggerKind> = new Set<TriggerKind>(['s3', 'sqs', 'sns', 'eventbridge', 'dynamodb-stream', 'kinesis']);

/** May this handler be started through a resource link (a triggered function, or one only a state machine invokes)? */
export function mayBeLinked(ref: HandlerRef): boolean {
  return ref.triggers.some((t) => LINK_TRIGGERS.has(t) || t === 'unknown');
}

export function resourceLabel(l: TriggerLink): string {
  return l.resourceId ?? l.external ?? l.name ?? 'the resource';
}

/** The item attribute a stream source reads (`NewImage.label.S` → `label`). */
function streamAttribute(label: string): string | undefined {
  const segs = label.split(/[.[\]'"]+/).filter(Boolean);
  const i = segs.findIndex((s) => s === 'NewImage' || s === 'OldImage');
  return i >= 0 ? segs[i + 1] : undefined;
}

/** The first field a source label reads of its root (`event.image_url` / `event["image_url"]` → image_url). */
function topField(label: string): string | undefined {
  const m = /^[A-Za-z_$][\w$]*(?:\.([A-Za-z_$][\w$]*)|\["([^"]*)"\])/.exec(label);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Parts of a write that the event of this link carries to the reader's source. */
function partsFor(link: TriggerLink, w: AppWrite, source: TaintFinding['source']): WritePart[] {
  const sourceLabel = source.label;
  // the key the event carries, or the body of the object it names (read back: code/stored.ts)
  if (link.kind === 's3') return w.parts.filter((p) => p.name === (!source.objectBody && sourceLabel.includes('key') ? 'key' : 'body'));
  if (link.kind === 'dynamodb-stream') {
    const attr = streamAttribute(sourceLabel);
    const exact = attr ? w.parts.filter((p) => p.name === `item.${attr}`) : [];
    const whole = w.parts.filter((p) => p.name === 'item');
    if (exact.length || whole.length) return [...exact, ...whole];
    return attr ? [] : w.parts;
  }
  if (link.kind === 'kinesis') return w.parts.filter((p) => p.name === 'data');
  if (link.kind === 'stepfunctions') {
    // the first state, given the execution input as it is, reads one field of it: the writer's part
    // for that field (and what it writes under names not known), not the whole input
    const field = link.task?.first && link.task.inputAsIs ? topField(sourceLabel) : undefined;
    const fields = w.parts.filter((p) => p.name.startsWith('input.'));
    if (field !== undefined && fields.length) return fields.filter((p) => p.name === `input.${field}` || p.name === 'input.*');
    return w.parts.filter((p) => p.name === 'input' || p.name === 'detail');
  }
  return w.parts;
}

/** Does the write reach this trigger (same resource, key filter, event pattern)? */
function reaches(link: TriggerLink, w: AppWrite): boolean {
  if (LINK_SERVICE[link.kind] !== w.service) return false;
  if (link.kind === 'eventbridge') return (w.bus ?? 'default') === (link.bus ?? 'default') && patternMayMatch(link.pattern, w.source, w.detailType);
  if (!w.unresolved) {
    if (link.resourceId !== undefined ? w.resourceId !== link.resourceId : link.name === undefined || w.resourceName !== link.name) return false;
  }
  if (link.kind === 's3') {
    const key = w.parts.find((p) => p.name === 'key');
    return keyMayMatch(link.keyFilter, key?.prefix ?? '', key?.whole !== undefined);
  }
  if (link.kind === 'sns') return filterMayMatch(link.filterPolicy, w.attributes, w.attributesKnown ?? false);
  return true;
}

/** Resource types whose references to a resource are not writes we cannot see. */
const NON_WRITERS = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function', 'AWS::Lambda::EventSourceMapping', 'AWS::Lambda::Permission', 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy']);

/** Top-level keys whose references to a resource are the app's own functions, grants and wiring. */
const OWN_KEYS = new Set(['functions', 'provider', 'Globals', 'Resources', 'resources', 'Conditions', 'Parameters', 'Mappings', 'Metadata', 'service', 'frameworkVersion', 'plugins', 'package', 'AWSTemplateFormatVersion', 'Transform', 'Description']);

/**
 * Does anything else of the config name this resource: another resource (a subscription, a pipe,
 * an API integration, a state machine), or a top-level section outside functions and resources
 * (`stepFunctions`, plugin settings under `custom`, `Outputs` exporting it to other stacks)?
 */
function otherReferences(model: ConfigModel, id: string): boolean {
  if (model.root.entries.some((e) => !OWN_KEYS.has(e.key.value as string) && mentions(e.value, id, 0))) return true;
  for (const r of model.resources) {
    if (r.id === id || NON_WRITERS.has(r.type)) continue;
    let found = false;
    const visit = (n: YNode | null | undefined, depth: number): void => {
      if (!n || found || depth > 12) return;
      if (referencedLogicalId(n) === id) { found = true; return; }
      const s = stringValue(n);
      if (s !== undefined && s.includes('${' + id)) { found = true; return; }
      if (n.type === 'map') for (const e of n.entries) visit(e.value, depth + 1);
      else if (n.type === 'seq') for (const it of n.items) visit(it, depth + 1);
    };
    visit(r.properties, 0);
    if (found) return true;
  }
  return false;
}

function mentions(n: YNode | null | undefined, id: string, depth: number): boolean {
  if (!n || depth > 16) return false;
  if (referencedLogicalId(n) === id) return true;
  const s = stringValue(n);
  if (s !== undefined) return s.includes('${' + id) || s === id;
  if (n.type === 'map') return n.entries.some((e) => mentions(e.value, id, depth + 1));
  if (n.type === 'seq') return n.items.some((x) => mentions(x, id, depth + 1));
  return false;
}

/**
 * Where the trigger hop points: for a stream, queue or topic the entry naming the resource
 * (`arn: !GetAtt T.StreamArn`); for an S3 notification or an EventBridge rule, whose filter or
 * pattern decides as much as the resource, the whole event declaration.
 */
export function triggerAnchor(link: TriggerLink): Span {
  if (link.kind === 'stepfunctions') return link.node.range; // the Task state
  if (link.kind === 's3' || link.kind === 'eventbridge') {
    // serverless `- s3: {bucket: …}`: the event's own map
    const n = link.node;
    const inner = n.type === 'map' && n.entries.length === 1 ? n.entries[0].value : undefined;
    return (inner && inner.type === 'map' ? inner : n).range;
  }
  let found: Span | undefined;
  const visit = (n: YNode | null | undefined, depth: number): void => {
    if (!n || found || depth > 8 || n.type !== 'map' && n.type !== 'seq') return;
    if (n.type === 'map') {
      for (const e of n.entries) {
        if (found) return;
        if (link.resourceId !== undefined && referencedLogicalId(e.value) === link.resourceId) { found = e.range; return; }
        visit(e.value, depth + 1);
      }
    } else for (const it of n.items) visit(it, depth + 1);
  };
  visit(link.node, 0);
  return found ?? link.node.range;
}

/** The principal entry of a statement that opens a resource (else the statement). */
export function openAnchor(statement: YNode): Span {
  return (statement.type === 'map' && statement.entries.find((e) => e.key.value === 'Principal')?.range) || statement.range;
}

/**
 * A Step Functions Task state: its input is the execution input (when the task is the first state
 * and passes the input on), which comes from StartExecution writers, the API route that starts the
 * machine, or the events of the rules that start it (in-app PutEvents matching their patterns).
 */
function stepVerdict(app: App, link: TriggerLink, hitsOf: (l: TriggerLink, ws: AppWrite[]) => WriterHit[]): Verdict | undefined {
  const t = link.task;
  if (!t) return undefined;
  const what = resourceLabel(link);
  if (t.constantInput) return { kind: 'trusted', reason: `state machine ${what} invokes it from Task state ${t.state} with constant parameters only`, link };
  if (t.apiStart && t.first) return { kind: 'open', link, statement: t.apiStart };
  const starters = app.writes.filter((w) => reaches(link, w));
  let unknownRule = false;
  for (const r of t.ruleStarts ?? []) {
    if (!r.pattern || r.pattern.source?.some((s) => s.startsWith('aws.')) || r.bus !== 'default') unknownRule = true;
    else starters.push(...app.writes.filter((w) => w.service === 'events' && (w.bus ?? 'default') === r.bus && patternMayMatch(r.pattern, w.source, w.detailType)));
  }
  if (starters.some((w) => w.opaque)) return undefined;
  // a later state whose input is an earlier state's result, not the execution input: what the
  // starters write does not reach it as such (what that result holds is not followed)
  if (t.inputReplaced) return undefined;
  const hits = hitsOf(link, starters);
  if (hits.length) return { kind: 'tainted', writers: hits, link };
  // started by something we cannot see into (a schedule's input, a rule on AWS events or another bus), or fed by an earlier state's output
  if (unknownRule || t.startedBy.some((s) => !RULE_STARTS.has(s)) || !t.first) return undefined;
  if (app.incomplete || (link.resourceId && otherReferences(app.model, link.resourceId))) return undefined;
  const reason = !starters.length
    ? `nothing in this app starts state machine ${what}${t.ruleStarts?.length ? ' (no event it publishes matches the rules that start it)' : ''}, and no API or schedule starts it`
    : `every starter of state machine ${what} in this app (${[...new Set(starters.map((w) => relativeTo(dirname(app.configFile), w.file)))].join(', ')}) passes constants or trusted data`;
  return { kind: 'trusted', reason, link };
}

/**
 * The cross-function judgement of one taint finding of function `fnId`'s handler, or undefined
 * when it does not apply (the function has other triggers, a resource defined outside the app that
 * no in-app writer taints, or the app is not fully known).
 */
export function crossVerdict(app: App, ref: HandlerRef, f: TaintFinding): Verdict | undefined {
  if (!ref.triggers.length) return undefined;
  const links = app.links.filter((l) => l.functionId === ref.fnId);
  if (!links.length) return undefined;
  if (ref.triggers.some((t) => !LINK_TRIGGERS.has(t))) {
    // a function only a state machine invokes has no trigger of its own ('unknown')
    if (!ref.triggers.every((t) => t === 'unknown') || !links.every((l) => l.kind === 'stepfunctions')) return undefined;
    const fn = app.model.functions.find((x) => x.id === ref.fnId);
    if (!fn || fn.events.length || fn.url) return undefined;
  }
  const bit = BIT[f.sinkKind as SinkKind];
  const trusted: Verdict[] = [];
  let external: Verdict | undefined;
  const hitsOf = (link: TriggerLink, writers: AppWrite[]): WriterHit[] => {
    const hits: WriterHit[] = [];
    for (const w of writers) for (const p of partsFor(link, w, f.source)) if (p.mask & bit) hits.push({ write: w, part: p, link });
    return hits;
  };
  for (const link of links) {
    if (!LINK_SERVICE[link.kind]) return undefined;
    const inApp = link.resourceId !== undefined || (link.createdByFramework === true && link.name !== undefined);
    if (link.kind !== 'eventbridge' && !inApp) {
      // not defined in this app: anyone that stack allows may write it; an in-app writer still names the route
      if (link.name === undefined) return undefined;
      const writers = app.writes.filter((w) => reaches(link, w) && !w.unresolved);
      const hits = hitsOf(link, writers);
      if (hits.length) return { kind: 'tainted', writers: hits, link };
      if (!link.outside) return undefined;
      external ??= { kind: 'external', link };
      continue;
    }
    if (link.resourceId && app.open.has(link.resourceId)) return { kind: 'open', link, statement: app.open.get(link.resourceId)! };
    if (link.kind === 'eventbridge' && (link.bus ?? 'default') !== 'default' && !link.resourceId) return undefined;
    if (link.kind === 'eventbridge' && !link.pattern) return undefined;
    if (link.kind === 'eventbridge' && link.pattern?.source?.some((s) => s.startsWith('aws.'))) return undefined; // AWS services publish these
    if (link.kind === 'stepfunctions') {
      const v = stepVerdict(app, link, hitsOf);
      if (v === undefined) return undefined;
      if (v.kind !== 'trusted') return v;
      trusted.push(v);
      continue;
    }
    const writers = app.writes.filter((w) => reaches(link, w));
    if (writers.some((w) => w.opaque)) return undefined; // a write we cannot see into
    const hits = hitsOf(link, writers);
    if (hits.length) return { kind: 'tainted', writers: hits, link };
    if (app.incomplete || (link.resourceId && otherReferences(app.model, link.resourceId))) return undefined;
    const what = resourceLabel(link);
    const reason = !writers.length
      ? link.kind === 's3' && link.keyFilter
        ? `nothing in this app writes ${what} under ${link.keyFilter.prefix ?? ''}*${link.keyFilter.suffix ?? ''} and no policy opens it to others`
        : link.kind === 'eventbridge'
          ? `nothing in this app publishes events matching the rule's pattern (source ${link.pattern?.source?.join(', ') ?? 'any'})`
          : link.kind === 'sns' && link.filterPolicy
            ? `nothing in this app publishes to ${what} with message attributes its subscription's filter policy accepts, and no policy opens it to others`
            : `nothing in this app writes ${what} and no policy opens it to others`
      : `every writer of ${what} in this app (${[...new Set(writers.map((w) => relativeTo(dirname(app.configFile), w.file)))].join(', ')}) writes this data as constants or trusted data`;
    trusted.push({ kind: 'trusted', reason, link });
  }
  return external ?? trusted[0];
}
