/**
 * Cross-function links, the reader side of stored data: a taint flow whose source is a storage
 * read (code/stored.ts: DynamoDB GetItem/Query/Scan, S3 GetObject, SQS ReceiveMessage) is judged
 * across the app. The read's resource is resolved like the writers' (cross/app.ts: the SDK call
 * analysis' environment variable → `!Ref`/`!GetAtt` or the resource's own name, or a literal
 * name). The flow is attacker data when
 * - some function of the app writes data from its own untrusted event (a public route, a queue
 *   open to others…) into that resource, reaching this sink kind unsanitised (`tainted`, writers
 *   named); or
 * - a resource policy of the app opens the resource to writes from anyone (`open`); or
 * - the resource is named but not defined in this app (`external`: other stacks or accounts write it),
 *   unless the read is of one fixed S3 object (its `Key` a literal or an environment variable): that
 *   is a file the operator provisions (a configuration file), not data others choose to write.
 * Otherwise (only trusted or constant writers, nobody, or a resource we cannot name) it is no
 * source and the flow is dropped.
 *
 * Pure: files come through the Project; nothing is executed.
 */
import type { CodeContext } from '../code-context';
import { BIT } from '../code/values';
import type { SinkKind, StoredRead, StoredService, TaintFinding } from '../code/types';
import type { HandlerRef } from '../handlers';
import { referencedLogicalId } from '../model/cfn';
import type { ConfigModel, FunctionModel } from '../model/types';
import { handlerCalls, type Links } from '../permissions/usage';
import type { ResourceRef } from '../permissions/sdk-types';
import type { Project } from '../project';
import type { Span } from '../types';
import { intrinsicName, stringValue, type YNode } from '../yaml/ast';
import { appOf, resourceByName, type App, type AppWrite } from './app';
import type { WritePart, WriteService } from './writes';

/** One writer whose data reaches the reader's sink. */
export interface StoredWriter {
  write: AppWrite;
  part: WritePart;
}

interface VerdictBase {
  app: App;
  service: StoredService;
  /** The read (its file and the call naming the resource). */
  read: { file: string; call: Span; operation: string };
}

export type StoredVerdict =
  | (VerdictBase & { kind: 'tainted'; resourceId: string; writers: StoredWriter[] })
  | (VerdictBase & { kind: 'open'; resourceId: string; statement: YNode })
  | (VerdictBase & { kind: 'external'; resource: string });

/**
 * The written parts a read returns: an S3 object's body (not its key) — or, for a listing, its key
 * (not its body) — a message, an item — and of
 * an item the attribute read when the flow reads one (the writer's `item.<attr>`, or a whole item
 * whose attributes are not known by name).
 */
function partsRead(read: StoredRead, w: AppWrite): WritePart[] {
  if (read.service === 's3') return w.parts.filter((p) => p.name === (read.operation === 'ListObjects' ? 'key' : 'body'));
  if (read.service !== 'dynamodb' || read.attribute === undefined) return w.parts;
  return w.parts.filter((p) => p.name === 'item' || p.name === `item.${read.attribute}`);
}

function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** The resource a read names: a logical id of the config, a name not defined there, or nothing we can tell. */
function readResource(model: ConfigModel, fn: FunctionModel, r: ResourceRef | undefined): { id?: string; external?: string } | undefined {
  if (!r) return undefined;
  if (r.kind === 'literal') {
    const id = resourceByName(model, r.text);
    return id ? { id } : { external: r.text };
  }
  const env = fn.environment.find((e) => e.name === r.name);
  if (!env) return undefined;
  const ref = referencedLogicalId(env.value);
  if (ref) return model.resources.some((x) => x.id === ref) ? { id: ref } : undefined; // a parameter or condition: not known
  const name = stringValue(env.value);
  if (name !== undefined) {
    const id = resourceByName(model, name);
    return id ? { id } : { external: name };
  }
  // `!ImportValue other-stack-Table`: defined (and written) elsewhere
  if (intrinsicName(env.value) === 'Fn::ImportValue') return { external: r.name };
  return undefined;
}

/**
 * The judgement of one flow from a stored read in the handler of `ref` (undefined: not a source —
 * nothing untrusted writes there, or the resource or app is unknown).
 */
export function storedVerdict(project: Project, links: Links, ref: HandlerRef, f: TaintFinding): StoredVerdict | undefined {
  const read: StoredRead | undefined = f.source.stored;
  if (!read) return undefined;
  const app = appOf(project, links, ref.configFile, undefined, true);
  if (!app) return undefined;
  const fn = app.model.functions.find((x) => x.id === ref.fnId);
  if (!fn) return undefined;
  const calls = handlerCalls(ref, app.model, fn, links, project);
  const call = calls?.all.find((c) => c.file === f.source.file && c.resource && overlaps(c.callRange, read.call));
  const where = readResource(app.model, fn, call?.resource);
  if (!where) return undefined;
  const base: VerdictBase = { app, service: read.service, read: { file: f.source.file, call: read.call, operation: read.operation } };
  if (where.external !== undefined) return call?.fixedKey ? undefined : { ...base, kind: 'external', resource: where.external };
  const id = where.id!;
  const statement = app.open.get(id);
  if (statement) return { ...base, kind: 'open', resourceId: id, statement };
  const bit = BIT[f.sinkKind as SinkKind];
  const writers: StoredWriter[] = [];
  for (const w of app.writes) {
    if (w.service !== (read.service as WriteService) || (w.resourceId !== id && !w.unresolved)) continue;
    for (const p of partsRead(read, w)) if (p.mask & bit) writers.push({ write: w, part: p });
  }
  return writers.length ? { ...base, kind: 'tainted', resourceId: id, writers } : undefined;
}

/** The first verdict over the functions whose handler this file is. */
export function storedVerdictFor(code: CodeContext, links: Links, refs: readonly HandlerRef[], f: TaintFinding): StoredVerdict | undefined {
  for (const ref of refs) {
    const v = storedVerdict(code.project, links, ref, f);
    if (v) return v;
  }
  return undefined;
}

const NOUN: Record<StoredService, string> = { dynamodb: 'table', s3: 'bucket', sqs: 'queue' };

/** `table Orders`, `bucket Uploads`. */
export function storedResource(v: StoredVerdict): string {
  return `${NOUN[v.service]} ${v.kind === 'external' ? v.resource : v.resourceId}`;
}
