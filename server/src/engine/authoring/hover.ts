/**
 * Hovers for authoring (markdown, pure): an IAM action (description, access level, resource types,
 * condition keys), an action wildcard (how many actions, by access level, the riskiest), and a
 * function name (effective permissions, authorizers, handler file).
 */
import { actionsByAccessLevel, expandAction, hasWildcard, lookupAction, serviceExists, serviceName, suggestAction } from '../iam/catalog';
import { riskiestActions, type RankedAction } from '../iam/risk';
import type { App, AppWrite } from '../cross/app';
import type { WritePart } from '../cross/writes';
import { BIT } from '../code/values';
import { SINK_KINDS } from '../code/types';
import { externallyWritable, triggerLinks, type TriggerLink } from '../model/links';
import { resolveName } from '../model/resource-names';
import { dirname, relativeTo } from '../project';
import { LineIndex } from '../text';
import type { ConfigModel } from '../model/types';
import type { Project } from '../project';
import type { ParsedDocument } from '../yaml/ast';
import { functionMarkdown } from './describe';
import { actionMarkdown } from './iam-complete';
import type { AuthoringHover } from './types';
import { nodePathAt, owningKey } from './yaml-context';
import { detach } from '../lru';

export interface HoverInput {
  parsed: ParsedDocument;
  model?: ConfigModel;
  offset: number;
  project?: Project;
  /** The config's cross-function view (writers of each resource), computed on demand by the host. */
  app?: () => App | undefined;
}

const ACTION_KEYS = new Set(['Action', 'NotAction']);

export function authoringHover(input: HoverInput): AuthoringHover | undefined {
  const root = input.parsed.root;
  if (!root) return undefined;
  const at = nodePathAt(root, input.offset);
  if (at.scalar && !at.onKey && typeof at.scalar.value === 'string' && ACTION_KEYS.has(owningKey(at.steps) ?? '')) {
    const md = actionHoverMarkdown(at.scalar.value, owningKey(at.steps) === 'NotAction');
    if (md) return { markdown: md, range: at.scalar.range };
  }
  if (at.onKey && at.scalar && input.model) {
    const key = at.scalar;
    const fn = input.model.functions.find((f) => f.keyNode.range.start === key.range.start && f.keyNode.range.end === key.range.end);
    if (fn) return { markdown: functionMarkdown(input.model, fn, input.project), range: key.range };
    const res = input.model.resources.find((r) => r.keyNode.range.start === key.range.start && r.keyNode.range.end === key.range.end);
    if (res) {
      const md = resourceLinksMarkdown(input.model, res.id, input.app?.(), input.project);
      if (md) return { markdown: md, range: key.range };
    }
  }
  // a resource's name as a value: `TableName: orders`, `bucket: ${self:custom.uploads}`, a custom entry, an environment value
  if (at.scalar && !at.onKey && input.model && typeof at.scalar.value === 'string' && at.scalar.value.length) {
    const model = input.model;
    const t = resolveName(model, at.scalar);
    if (!t || (!t.resourceId && t.name === undefined)) return undefined;
    const app = input.app?.();
    const id = t.resourceId ?? (t.name !== undefined ? byNameProperty(model, at.scalar) : undefined);
    if (id) {
      const md = resourceLinksMarkdown(model, id, app, input.project);
      return md ? { markdown: md, range: at.scalar.range } : undefined;
    }
    if (t.name !== undefined && app) {
      const md = namedResourceMarkdown(app, t.name, t.outside, input.project);
      return md ? { markdown: md, range: at.scalar.range } : undefined;
    }
  }
  return undefined;
}

/** The resource whose name property is this very scalar (`BucketName: uploads`). */
function byNameProperty(model: ConfigModel, scalar: { range: { start: number; end: number } }): string | undefined {
  for (const r of model.resources) {
    if (r.properties?.type !== 'map') continue;
    for (const e of r.properties.entries) if (e.value && e.value.range.start === scalar.range.start && e.value.range.end === scalar.range.end && String(e.key.value).endsWith('Name')) return r.id;
  }
  return undefined;
}

const LINK_NAMES: Record<TriggerLink['kind'], string> = {
  s3: 'object events',
  'dynamodb-stream': 'its stream',
  kinesis: 'its stream',
  sqs: 'its messages',
  sns: 'its messages',
  eventbridge: 'its events',
  stepfunctions: 'a Task state\'s input',
};

/**
 * A resource's readers (the functions its events start, with filters) and, when the app view is
 * given, its writers (function, file:line, operation, what each written part carries), and whether
 * outsiders can write it.
 */
export function resourceLinksMarkdown(model: ConfigModel, id: string, app?: App, project?: Project): string | undefined {
  const readers = (app?.links ?? triggerLinks(model)).filter((l) => l.resourceId === id);
  const open = externallyWritable(model).get(id);
  const writers = app ? app.writes.filter((w) => w.resourceId === id) : [];
  if (!readers.length && !open && !writers.length) return undefined;
  const lines = [`**${id}**`];
  for (const l of readers) lines.push(readerLine(l, app, project));
  for (const w of writers) lines.push(writerLine(w, app!, project));
  if (open) lines.push('- **writable from outside the app**: its resource policy lets any principal write it, so its events carry untrusted data');
  return lines.join('\n');
}

/** A resource known by name only (a bucket the framework creates, another stack's output): its readers and writers in the app. */
function namedResourceMarkdown(app: App, name: string, outside: string | undefined, project?: Project): string | undefined {
  const readers = app.links.filter((l) => !l.resourceId && l.name === name);
  const writers = app.writes.filter((w) => !w.resourceId && w.resourceName === name);
  if (!readers.length && !writers.length) return undefined;
  const lines = [`**${name}**`];
  for (const l of readers) lines.push(readerLine(l, app, project));
  for (const w of writers) lines.push(writerLine(w, app, project));
  if (outside) lines.push(`- **defined outside this app** (${outside}): whoever that stack lets write it reaches these readers too`);
  return lines.join('\n');
}

function readerLine(l: TriggerLink, app: App | undefined, project: Project | undefined): string {
  const filter = l.keyFilter ? ` (keys${l.keyFilter.prefix !== undefined ? ` starting \`${l.keyFilter.prefix}\`` : ''}${l.keyFilter.suffix !== undefined ? ` ending \`${l.keyFilter.suffix}\`` : ''})` : '';
  const fp = l.filterPolicy ? ` (filter policy on ${l.filterPolicy.scope === 'MessageBody' ? 'the body' : 'message attributes'})` : '';
  const ref = app?.refs.find((r) => r.fnId === l.functionId);
  const where = ref && app ? ` — ${fileLine(app, ref.file, undefined, project)}` : '';
  return `- starts function \`${l.functionId}\`${where} with ${LINK_NAMES[l.kind]}${filter}${fp}: what is written here reaches that handler as its event`;
}

function writerLine(w: AppWrite, app: App, project: Project | undefined): string {
  // the execution input once (its per-field parts, `input.<field>`, repeat it)
  const parts = w.parts.filter((p) => !p.name.startsWith('input.')).map(partText).join('; ');
  const route = w.triggers.some((t) => t === 'api' || t === 'alb' || t === 'websocket') ? ' (a public route)' : '';
  return `- written by \`${w.fnId}\`${route} — ${fileLine(app, w.file, w.range.start, project)}: ${w.operation}${parts ? ` — ${parts}` : w.opaque ? ' (what it writes is not known)' : ''}`;
}

const PART_NAMES: Record<string, string> = { key: 'object key', body: 'object body', message: 'message', detail: 'event detail', item: 'item', data: 'record data', input: 'execution input' };

function partText(p: WritePart): string {
  const name = p.name.startsWith('item.') ? `attribute \`${p.name.slice(5)}\`` : PART_NAMES[p.name] ?? p.name;
  if (!p.mask) return `${name}${p.whole !== undefined ? ` \`${p.whole}\`` : ''}: constant or trusted`;
  const sinks = SINK_KINDS.filter((k) => p.mask & BIT[k]);
  return `${name}${p.prefix ? ` (\`${p.prefix}…\`)` : ''}: carries ${p.source ? `\`${p.source.label}\`` : 'event data'} unchecked for ${sinks.length === SINK_KINDS.length ? 'any sink' : sinks.join(', ')}`;
}

function fileLine(app: App, file: string, offset: number | undefined, project: Project | undefined): string {
  const rel = relativeTo(dirname(app.configFile), file);
  if (offset === undefined || !project) return rel;
  const text = project.readFile(file);
  return text === undefined ? rel : `${rel}:${new LineIndex(text).positionAt(offset).line + 1}`;
}

const riskNote = (r: RankedAction) => {
  const tags = r.tags.filter((t) => t !== 'permissions-management').map((t) => t.replace(/-/g, ' '));
  return `\`${r.action}\` (${r.accessLevel}${tags.length ? `; ${tags.join(', ')}` : ''})`;
};

/** Markdown for an action or action pattern as written in a policy. */
export function actionHoverMarkdown(text: string, notAction = false): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (hasWildcard(t)) return wildcardMarkdown(t, notAction);
  const a = lookupAction(t);
  if (a) return actionMarkdown(a);
  const colon = t.indexOf(':');
  if (colon <= 0) return undefined;
  const svc = t.slice(0, colon);
  const suggestion = suggestAction(t);
  if (!serviceExists(svc)) return `**${t}** — unknown service prefix \`${svc}\`${suggestion ? `. Did you mean \`${suggestion}\`?` : ''}`;
  return `**${t}** — ${serviceName(svc)} has no action \`${t.slice(colon + 1)}\`${suggestion ? `. Did you mean \`${suggestion}\`?` : ''}`;
}

/** Riskiest access levels first. */
const LEVEL_ORDER = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'] as const;
const wildcardCache = new Map<string, string>();

function wildcardMarkdown(pattern: string, notAction: boolean): string {
  const key = `${notAction ? '!' : ''}${pattern.toLowerCase()}`;
  const hit = wildcardCache.get(key);
  if (hit !== undefined) return hit;
  const md = computeWildcardMarkdown(pattern, notAction);
  if (wildcardCache.size > 200) wildcardCache.delete(wildcardCache.keys().next().value!);
  wildcardCache.set(detach(key), md); // detached: a slice keeps its document alive
  return md;
}

function computeWildcardMarkdown(pattern: string, notAction: boolean): string {
  const actions = expandAction(pattern);
  if (!actions.length) return `\`${pattern}\` matches no known action.`;
  const groups = actionsByAccessLevel(actions);
  const services = new Set(actions.map((a) => a.service));
  const scope = services.size === 1 ? ` of ${serviceName([...services][0]) ?? [...services][0]}` : ` across ${services.size} services`;
  const lines: string[] = [];
  lines.push(`\`${pattern}\` matches **${actions.length} action${actions.length === 1 ? '' : 's'}**${scope}${notAction ? ' (excluded by NotAction: everything else is allowed)' : ''}.`);
  const rows = ['| Access level | Actions | Examples |', '|---|---|---|'];
  for (const level of LEVEL_ORDER) {
    const g = groups[level];
    if (!g.length) continue;
    const ex = g.slice(0, 4).map((a) => `\`${services.size === 1 ? a.name : a.fullName}\``).join(', ');
    rows.push(`| ${level} | ${g.length} | ${ex}${g.length > 4 ? ', …' : ''} |`);
  }
  lines.push(rows.join('\n'));
  const risky = riskiestActions(actions, 3);
  if (risky.length) lines.push(`Riskiest: ${risky.map(riskNote).join(', ')}`);
  lines.push('List only the actions the function calls (completion after `service:` shows each with its access level).');
  return lines.join('\n\n');
}
