/**
 * Hovers for authoring (markdown, pure): an IAM action (description, access level, resource types,
 * condition keys), an action wildcard (how many actions, by access level, the riskiest), and a
 * function name (effective permissions, authorizers, handler file).
 */
import { actionsByAccessLevel, expandAction, hasWildcard, lookupAction, serviceExists, serviceName, suggestAction } from '../iam/catalog';
import { riskiestActions, type RankedAction } from '../iam/risk';
import { externallyWritable, triggerLinks, type TriggerLink } from '../model/links';
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
      const md = resourceLinksMarkdown(input.model, res.id);
      if (md) return { markdown: md, range: key.range };
    }
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

/** A resource's readers: the functions its events start (with filters), and whether outsiders can write it. */
export function resourceLinksMarkdown(model: ConfigModel, id: string): string | undefined {
  const readers = triggerLinks(model).filter((l) => l.resourceId === id);
  const open = externallyWritable(model).get(id);
  if (!readers.length && !open) return undefined;
  const lines = [`**${id}**`];
  for (const l of readers) {
    const filter = l.keyFilter ? ` (keys${l.keyFilter.prefix !== undefined ? ` starting \`${l.keyFilter.prefix}\`` : ''}${l.keyFilter.suffix !== undefined ? ` ending \`${l.keyFilter.suffix}\`` : ''})` : '';
    lines.push(`- starts function \`${l.functionId}\` with ${LINK_NAMES[l.kind]}${filter}: what is written here reaches that handler as its event`);
  }
  if (open) lines.push('- **writable from outside the app**: its resource policy lets any principal write it, so its events carry untrusted data');
  return lines.join('\n');
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
