/**
 * IAM action completion in every policy document (serverless.yml statements, SAM inline policies,
 * CloudFormation roles/policies, resource policies, `AWS::Lambda::Permission` actions), YAML and
 * JSON alike: after `service:` the service's actions with their access level and description,
 * before it the service prefixes.
 *
 * The position is read from the text around the cursor (the document is usually mid-edit): the
 * token being typed, and the key that owns it (`Action: s3:Ge|`, `- s3:Ge|` under `Action:`,
 * `Action: [a, s3:Ge|`, `"Action": ["s3:Ge|"`).
 */
import { actionsForService, allServicePrefixes, serviceName, type IamAction } from '../iam/catalog';
import type { AuthoringCompletion } from './types';
import { lineAt } from './yaml-context';

const ACTION_KEYS = new Set(['Action', 'NotAction']);

const isTokenChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95 || c === 58 || c === 42 || c === 63;

export interface ActionToken {
  /** What is typed so far (`s3:Get`). */
  text: string;
  start: number;
  /** End of the whole token (the cursor may be in its middle). */
  end: number;
  key: string;
}

/** Reads a key ending right before `p` (`Action` in `Action:` or `"Action":`). */
function keyBefore(text: string, p: number): string | undefined {
  let i = p;
  while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
  if (text.charCodeAt(i - 1) !== 58 /* : */) return undefined;
  i--;
  while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
  let q = 0;
  if (text.charCodeAt(i - 1) === 34 || text.charCodeAt(i - 1) === 39) {
    q = text.charCodeAt(i - 1);
    i--;
  }
  let s = i;
  while (s > 0) {
    const c = text.charCodeAt(s - 1);
    if (q ? c === q : !(isTokenChar(c) && c !== 58)) break;
    s--;
  }
  return text.slice(s, i) || undefined;
}

/** The IAM action token at the cursor, when the cursor is in the value of an `Action`/`NotAction` key. */
export function actionTokenAt(text: string, offset: number): ActionToken | undefined {
  let s = offset;
  while (s > 0 && isTokenChar(text.charCodeAt(s - 1))) s--;
  let e = offset;
  while (e < text.length && isTokenChar(text.charCodeAt(e))) e++;
  // `Action:` itself is a key, not a value
  const typed = text.slice(s, offset);
  if (text.charCodeAt(e) === 58 && (e + 1 >= text.length || text.charCodeAt(e + 1) === 32 || text.charCodeAt(e + 1) === 10)) {
    // `- s3:` at the end of a line parses as a key but is an action being typed: allowed only when
    // the token already holds the colon (the cursor is right after it).
    if (!typed.endsWith(':')) return undefined;
  }
  let p = s;
  const q = text.charCodeAt(p - 1);
  if (q === 34 || q === 39) p--;
  while (p > 0 && (text.charCodeAt(p - 1) === 32 || text.charCodeAt(p - 1) === 9 || text.charCodeAt(p - 1) === 10 || text.charCodeAt(p - 1) === 13)) p--;
  const before = text.charCodeAt(p - 1);
  let key: string | undefined;
  if (before === 58 /* : */) {
    key = keyBefore(text, p);
  } else if (before === 45 /* - */) {
    // block sequence item: everything before the dash on this line is indentation
    const line = lineAt(text, p - 1);
    if (text.slice(line.start, p - 1).trim() !== '') return undefined;
    key = blockSeqKey(text, p - 1);
  } else if (before === 91 /* [ */ || before === 44 /* , */) {
    const open = unmatchedBracket(text, p);
    if (open !== undefined) key = keyBefore(text, open);
  }
  if (!key || !ACTION_KEYS.has(key)) return undefined;
  return { text: typed, start: s, end: e, key };
}

/** The key owning a `- item` line at `dash`, from the indentation of the lines above. */
function blockSeqKey(text: string, dash: number): string | undefined {
  const line = lineAt(text, dash);
  const col = dash - line.start;
  let cur = line.start;
  for (let guard = 0; guard < 10000 && cur > 0; guard++) {
    const prev = lineAt(text, cur - 1);
    cur = prev.start;
    const content = text.slice(prev.start, prev.end);
    const ind = content.length - content.trimStart().length;
    const t = content.trim();
    if (!t || t.startsWith('#')) continue;
    if (ind < col || (ind === col && !t.startsWith('- '))) {
      const k = t.startsWith('- ') ? t.slice(2) : t;
      const colon = k.indexOf(':');
      if (colon > 0 && k.slice(colon + 1).trim() === '') return unquote(k.slice(0, colon));
      return undefined;
    }
  }
  return undefined;
}

function unquote(s: string): string {
  const q = s[0];
  return (q === '"' || q === "'") && s.endsWith(q) && s.length >= 2 ? s.slice(1, -1) : s;
}

/** Offset of the `[` that the position is inside of (strings skipped), scanning back at most 20k chars. */
function unmatchedBracket(text: string, p: number): number | undefined {
  let depth = 0;
  const stop = Math.max(0, p - 20000);
  for (let i = p - 1; i >= stop; i--) {
    const c = text.charCodeAt(i);
    if (c === 93 /* ] */ || c === 125 /* } */) depth++;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (depth === 0) return c === 91 ? i : undefined;
      depth--;
    }
  }
  return undefined;
}

const MAX_SERVICE_ITEMS = 500;

/** Completion items for an action token. */
export function actionCompletions(tok: ActionToken, offset: number): AuthoringCompletion[] {
  const typed = tok.text;
  const colon = typed.indexOf(':');
  const range = { start: tok.start, end: Math.max(offset, tok.end) };
  if (colon < 0) {
    const lower = typed.toLowerCase();
    const out: AuthoringCompletion[] = [];
    for (const prefix of allServicePrefixes()) {
      if (lower && !prefix.startsWith(lower)) continue;
      out.push({
        label: prefix,
        kind: 'service',
        detail: serviceName(prefix),
        newText: `${prefix}:`,
        snippet: false,
        range,
        filterText: prefix,
        sortText: prefix,
      });
      if (out.length >= MAX_SERVICE_ITEMS) break;
    }
    return out;
  }
  const service = typed.slice(0, colon);
  const actions = actionsForService(service);
  return actions.map((a) => actionItem(a, range));
}

function actionItem(a: IamAction, range: { start: number; end: number }): AuthoringCompletion {
  return {
    label: a.fullName,
    kind: 'action',
    detail: `${a.accessLevel} · ${serviceName(a.service) ?? a.service}`,
    documentation: actionMarkdown(a, false),
    newText: a.fullName,
    snippet: false,
    range,
    filterText: a.fullName,
    // Read/List first: the least-privileged choices are the easiest to pick.
    sortText: `${ACCESS_ORDER[a.accessLevel] ?? 9}${a.name}`,
  };
}

const ACCESS_ORDER: Record<string, number> = { List: 0, Read: 1, Tagging: 2, Write: 3, 'Permissions management': 4 };

/** Markdown for one action: description, access level, resource types, condition keys. */
export function actionMarkdown(a: IamAction, heading = true): string {
  const parts: string[] = [];
  if (heading) parts.push(`**${a.fullName}** — ${serviceName(a.service) ?? a.service}`);
  parts.push(`${capitalize(a.description)}`);
  parts.push(`Access level: **${a.accessLevel}**`);
  if (a.resourceTypes.length) {
    parts.push(`Resource types: ${a.resourceTypes.map((r) => `\`${r.name}${r.required ? '*' : ''}\``).join(', ')}${a.resourceTypes.some((r) => r.required) ? ' (\\* required)' : ''}`);
  } else parts.push("Resource types: none — this action only supports `Resource: '*'`");
  if (a.conditionKeys.length) {
    const keys = a.conditionKeys.slice(0, 12).map((k) => `\`${k}\``);
    parts.push(`Condition keys: ${keys.join(', ')}${a.conditionKeys.length > 12 ? `, and ${a.conditionKeys.length - 12} more` : ''}`);
  }
  return parts.join('\n\n');
}

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}
