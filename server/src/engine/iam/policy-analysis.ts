/**
 * Small helpers the IAM rules share on top of the model (statements, values) and the catalogue
 * (catalog.ts): de-duplicated statements, resource breadth, action grants per role, message text
 * and scalar-preserving text edits. Pure; no IO.
 */
import { subTemplate } from '../model/cfn';
import { functionsUsing, whereText } from '../model/query';
import type { ConfigModel, PolicyDocument, PolicyKind, PolicyStatement, RoleModel, StrValue, ValueSet } from '../model/types';
import type { TextEdit } from '../types';
import { isScalar, type YNode } from '../yaml/ast';
import { actionPatternMatches, expandAction, serviceInfo, type IamAction } from './catalog';

/** Stable identity of a node in one document (the same statement can reach several documents, e.g. SAM Globals). */
export function nodeKey(node: YNode): string {
  return `${node.range.start}:${node.range.end}`;
}

/**
 * Statements of the given kinds with the given effect, each source statement once (SAM Globals
 * merging puts the same statement node into every function's document).
 */
export function uniqueStatements(model: ConfigModel, kinds: readonly PolicyKind[], effect: 'Allow' | 'Deny' | 'any' = 'Allow'): PolicyStatement[] {
  const seen = new Set<string>();
  const out: PolicyStatement[] = [];
  for (const d of model.documents) {
    if (!kinds.includes(d.kind)) continue;
    for (const s of d.statements) {
      if (effect !== 'any' && s.effect !== effect) continue;
      const k = nodeKey(s.node);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(s);
    }
  }
  return out;
}

/** The literal text of an action/resource value; undefined for intrinsics, variables, null. */
export function literalText(v: StrValue | undefined): string | undefined {
  return v && v.kind === 'literal' && v.text !== undefined ? v.text : undefined;
}

export function isBareStar(text: string | undefined): boolean {
  return text === '*';
}

/** Literal action items of a set (intrinsics and unresolved variables are skipped). */
export function literalItems(set: ValueSet | undefined): { value: StrValue; text: string }[] {
  const out: { value: StrValue; text: string }[] = [];
  for (const v of set?.items ?? []) {
    const t = literalText(v);
    if (t !== undefined) out.push({ value: v, text: t });
  }
  return out;
}

/** The text a rule can pattern-check for a resource value: a literal, or the template of a `!Sub`/`!Join`. */
export function resourcePatternText(v: StrValue): string | undefined {
  const t = literalText(v);
  if (t !== undefined) return t;
  if (v.kind === 'intrinsic') return subTemplate(v.node);
  return undefined;
}

/**
 * True for an ARN whose resource part names every resource of a type (`arn:aws:iam::1:role/*`,
 * `arn:aws:lambda:*:*:function:*`, `arn:aws:s3:::*`) or for `*` itself. Shape-based, without
 * knowing the service's resource types: `arn:aws:s3:::bucket/*` also passes (every object of one
 * bucket), so use it for actions whose ARNs have a type prefix (roles, functions), as
 * iam-privilege-escalation does.
 */
export function isWildcardArn(text: string): boolean {
  if (text === '*') return true;
  if (!text.startsWith('arn:')) return false;
  const parts = arnParts(text);
  if (parts.length < 6) return false;
  const resource = parts.slice(5).join(':');
  return /^(?:[A-Za-z0-9_.-]+[/:])?\*$/.test(resource);
}

/**
 * `isWildcardArn`, except the objects of one named bucket (`arn:aws:s3:::artifacts/*`): that is
 * one bucket's content, not every resource of a kind. For judging reads on named resources.
 */
export function isKindWideArn(text: string): boolean {
  if (!isWildcardArn(text)) return false;
  const m = /^arn:[^:]*:s3:::([^/]+)\/\*$/.exec(text);
  return !(m && !/[*?]/.test(m[1]));
}

/** ARN fields; `${AWS::Partition}`-style `!Sub` placeholders count as one opaque value. */
function arnParts(text: string): string[] {
  return text.replace(/\$\{[^}]*\}/g, '{}').split(':');
}

/** `*`, or an IAM ARN that covers every role of an account (`arn:aws:iam::123456789012:role/*`). */
export function matchesAnyRole(text: string): boolean {
  if (text === '*') return true;
  if (!text.startsWith('arn:')) return false;
  const parts = arnParts(text);
  if (parts.length < 6 || (parts[2] !== 'iam' && parts[2] !== '*')) return false;
  const resource = parts.slice(5).join(':');
  return resource === '*' || resource === 'role/*' || resource === 'role*';
}

export interface Breadth {
  kind: 'star' | 'wildcard-arn' | 'not-resource';
  node: YNode;
  /** How to name it in a message: `Resource '*'`, `Resource arn:aws:iam::*:role/*`, `NotResource`. */
  label: string;
}

/**
 * Whether an Allow statement applies to every resource of a kind: `Resource: '*'`, a type-wide
 * wildcard ARN (see `isWildcardArn`; `match` narrows that, e.g. to roles), or `NotResource`
 * (everything except a few). Undefined for specific ARNs and values that are not known statically.
 */
export function broadResource(st: PolicyStatement, match: (text: string) => boolean = isWildcardArn): Breadth | undefined {
  for (const v of st.resources?.items ?? []) {
    const t = resourcePatternText(v);
    if (t === undefined) continue;
    if (t === '*') return { kind: 'star', node: v.node, label: `Resource '*'` };
  }
  for (const v of st.resources?.items ?? []) {
    const t = resourcePatternText(v);
    if (t !== undefined && t !== '*' && match(t)) return { kind: 'wildcard-arn', node: v.node, label: `Resource ${t}` };
  }
  if (st.notResources && !st.resources) return { kind: 'not-resource', node: st.notResources.key, label: 'NotResource (every resource but the listed ones)' };
  return undefined;
}

/** An action pattern or name granted by an Allow statement. */
export interface Grant {
  /** As written (after `${self:}` resolution). */
  text: string;
  value: StrValue;
  statement: PolicyStatement;
  /** The statement applies to all resources of a kind (see `broadResource`). */
  broad?: Breadth;
  /** Catalogue actions it matches (shared, frozen). */
  expansion: readonly IamAction[];
}

const docGrants = new WeakMap<PolicyDocument, Grant[]>();

/** The grants of one document, memoised (a provider-level document can be attached to hundreds of roles). */
function grantsOfDoc(d: PolicyDocument): Grant[] {
  let out = docGrants.get(d);
  if (out) return out;
  out = [];
  for (const st of d.statements) {
    if (st.effect !== 'Allow') continue;
    const broad = broadResource(st);
    for (const { value, text } of literalItems(st.actions)) {
      if (isBareStar(text)) continue;
      out.push({ text, value, statement: st, broad, expansion: expandAction(text) });
    }
  }
  docGrants.set(d, out);
  return out;
}

/** Every literal `Action` item of the Allow statements in the documents (bare '*' skipped), each statement once. */
export function grantsOf(docs: readonly PolicyDocument[]): Grant[] {
  if (docs.length === 1) return grantsOfDoc(docs[0]);
  const out: Grant[] = [];
  const seen = new Set<string>();
  for (const d of docs) {
    const added = new Set<string>();
    for (const g of grantsOfDoc(d)) {
      const k = nodeKey(g.statement.node);
      if (seen.has(k)) continue; // the same statement reached an earlier document (SAM Globals)
      added.add(k);
      out.push(g);
    }
    for (const k of added) seen.add(k);
  }
  return out;
}

/**
 * Action patterns an unconditional `Deny` on `Resource: '*'` removes from the documents (a more
 * specific Deny only narrows; it is ignored here, which errs towards reporting).
 */
export function deniedPatterns(docs: readonly PolicyDocument[]): string[] {
  const out: string[] = [];
  for (const d of docs) {
    for (const st of d.statements) {
      if (st.effect !== 'Deny' || st.condition != null) continue;
      if (!st.resources?.items.some((v) => literalText(v) === '*')) continue;
      for (const { text } of literalItems(st.actions)) out.push(text);
    }
  }
  return out;
}

export function isDenied(denied: readonly string[], action: string): boolean {
  return denied.some((p) => actionPatternMatches(p, action));
}

/**
 * Identity-policy groups whose permissions add up: one per role (all documents attached to it),
 * plus one per identity document attached to no role in this file (a standalone policy, a user's).
 */
export function effectivePolicies(model: ConfigModel): { role?: RoleModel; docs: PolicyDocument[] }[] {
  const out: { role?: RoleModel; docs: PolicyDocument[] }[] = [];
  for (const r of model.roles) {
    const docs = r.documents.filter((d) => d.kind === 'identity');
    if (docs.length) out.push({ role: r, docs });
  }
  for (const d of model.documents) if (d.kind === 'identity' && d.roleIds.length === 0) out.push({ docs: [d] });
  return out;
}

/**
 * How a message names the role(s) whose permissions it talks about: "the role of function create",
 * "role FnRole (used by Fn)", "the role of functions a, b", "2 roles (…)", or "this policy".
 */
export function roleText(model: ConfigModel, roles: readonly RoleModel[], doc?: PolicyDocument): string {
  if (roles.length === 0) return 'this policy';
  // A generated role no function uses (serverless `perFunction` mode) only repeats the others.
  const used = roles.filter((r) => r.functions.length > 0);
  if (used.length > 0) roles = used;
  if (roles.length > 1) return `${roles.length} roles (${roles.map((r) => shortRoleName(r)).join(', ')})`;
  const r = roles[0];
  const fns = r.functions.length ? r.functions : doc ? functionsUsing(model, doc) : [];
  const names = fns.length <= 3 ? fns.join(', ') : `${fns.length} functions`;
  if (r.generated) {
    if (fns.length === 0) return r.label;
    return fns.length === 1 ? `the role of function ${names}` : `the role shared by ${fns.length <= 3 ? `functions ${names}` : names}`;
  }
  return fns.length ? `${r.label} (used by ${names})` : r.label;
}

function shortRoleName(r: RoleModel): string {
  if (r.id === 'sls:shared') return 'the shared role';
  if (r.id.startsWith('sls:fn:')) return `the role of ${r.id.slice(7)}`;
  if (r.id.startsWith('sam:')) return `the role of ${r.id.slice(4)}`;
  return r.id;
}

// ---------------------------------------------------------------------------------------------
// Message text

const whereCache = new WeakMap<ConfigModel, Map<PolicyDocument, string>>();

/**
 * `whereText` (location + "used by" functions) memoised per model and document: a statement list
 * shared by hundreds of functions would otherwise be re-scanned for every finding.
 */
export function cachedWhereText(model: ConfigModel, doc: PolicyDocument): string {
  let m = whereCache.get(model);
  if (!m) whereCache.set(model, (m = new Map()));
  let w = m.get(doc);
  if (w === undefined) m.set(doc, (w = whereText(model, doc)));
  return w;
}

/** A small memo for per-pattern catalogue work (bounded; cleared when full). */
export function memo<V>(limit = 2000): (key: string, compute: () => V) => V {
  const map = new Map<string, V>();
  return (key, compute) => {
    let v = map.get(key);
    if (v === undefined && !map.has(key)) {
      if (map.size >= limit) map.clear();
      v = compute();
      map.set(key, v);
    }
    return v as V;
  };
}

/**
 * `n.toLocaleString('en-US')` for the counts messages show ("21,996"), without ICU: the first
 * number format of a process loads ICU's locale data (10–30 ms of CPU on the first file's clock).
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return n < 0 || Object.is(n, -0) ? '-' + out : out;
}

/** "a", "a and b", "a, b and c", "a, b, c and 4 more". */
export function listText(items: readonly string[], max = 3): string {
  if (items.length === 0) return '';
  if (items.length === 1) return items[0];
  if (items.length <= max) return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** "Can write…" → "can write…" (for use after a colon). */
export function lowerFirst(s: string): string {
  return s.length > 1 && /[A-Z]/.test(s[0]) && !/[A-Z]/.test(s[1]) ? s[0].toLowerCase() + s.slice(1) : s;
}

/**
 * Actions whose everyday resource type is not the shortest ARN among many required ones. Data:
 * one entry per action, with its source.
 */
const PREFERRED_RESOURCE_TYPE_TABLE: readonly { action: string; types: readonly string[]; source: string }[] = [
  { action: 'bedrock:InvokeModel', types: ['foundation-model', 'inference-profile'], source: 'https://docs.aws.amazon.com/bedrock/latest/userguide/security_iam_id-based-policy-examples.html#security_iam_id-based-policy-examples-invoke-model' },
  { action: 'bedrock:InvokeModelWithResponseStream', types: ['foundation-model', 'inference-profile'], source: 'https://docs.aws.amazon.com/bedrock/latest/userguide/security_iam_id-based-policy-examples.html' },
  { action: 'bedrock:Retrieve', types: ['knowledge-base'], source: 'https://docs.aws.amazon.com/bedrock/latest/userguide/kb-permissions.html' },
  { action: 'bedrock:ApplyGuardrail', types: ['guardrail'], source: 'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-permissions.html' },
];
export const PREFERRED_RESOURCE_TYPES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(PREFERRED_RESOURCE_TYPE_TABLE.map((e) => [e.action, e.types]));

/**
 * The resource type that best stands for an action: among its required types (else all of them)
 * the one with the shortest ARN format (s3:GetObject → `object`, not `accesspointobject`).
 */
export function primaryResourceType(action: IamAction): { name: string; arnFormat: string } | undefined {
  const required = action.resourceTypes.filter((r) => r.required);
  const types = required.length ? required : action.resourceTypes;
  const formats = serviceInfo(action.service)?.resourceTypes ?? [];
  // The type users scope this action to, when the catalogue lists many (bedrock:InvokeModel → foundation-model).
  for (const name of PREFERRED_RESOURCE_TYPES[action.fullName] ?? []) {
    const f = formats.find((t) => t.name === name)?.arnFormat;
    if (f && types.some((t) => t.name === name)) return { name, arnFormat: f };
  }
  let best: { name: string; arnFormat: string } | undefined;
  for (const rt of types) {
    const f = formats.find((t) => t.name === rt.name)?.arnFormat;
    if (f && (best === undefined || f.length < best.arnFormat.length)) best = { name: rt.name, arnFormat: f };
  }
  return best;
}

/** Example ARN for an action, placeholders made readable (`arn:aws:dynamodb:<region>:<account>:table/<TableName>`). */
export function arnExample(action: IamAction): string | undefined {
  return primaryResourceType(action)
    ?.arnFormat.replace(/\$\{Partition\}/g, 'aws')
    .replace(/\$\{Region\}/g, '<region>')
    .replace(/\$\{Account\}/g, '<account>')
    .replace(/\$\{([A-Za-z0-9]+)\}/g, '<$1>');
}

// ---------------------------------------------------------------------------------------------
// Edits

/**
 * An edit that replaces the text of a string scalar and keeps its quoting (`'s3:GetObjet'` →
 * `'s3:GetObject'`, JSON `"…"` stays double-quoted). Undefined when the written text is not exactly
 * the value (escapes, block scalars, intrinsics) — a fix must never corrupt the file.
 */
export function replaceScalarEdit(text: string, node: YNode, newValue: string): TextEdit | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || node.block || node.tag) return undefined;
  const { start, end } = node.range;
  const raw = text.slice(start, end);
  const q = raw[0];
  if ((q === "'" || q === '"') && raw.length >= 2 && raw[raw.length - 1] === q) {
    if (raw.slice(1, -1) !== node.value) return undefined;
    if (newValue.includes(q) || newValue.includes('\\')) return undefined;
    return { range: { start: start + 1, end: end - 1 }, newText: newValue };
  }
  if (raw !== node.value) return undefined;
  if (!/^[A-Za-z0-9][A-Za-z0-9:*?_.-]*$/.test(newValue)) return undefined;
  return { range: { start, end }, newText: newValue };
}
