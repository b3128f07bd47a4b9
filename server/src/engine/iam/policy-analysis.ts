/**
 * Small helpers the IAM rules share on top of the model (statements, values) and the catalogue
 * (catalog.ts): de-duplicated statements, resource breadth, action grants per role, message text
 * and scalar-preserving text edits. Pure; no IO.
 */
import { subTemplate } from '../model/cfn';
import { functionsUsing } from '../model/query';
import type { ConfigModel, PolicyDocument, PolicyKind, PolicyStatement, RoleModel, StrValue, ValueSet } from '../model/types';
import type { TextEdit } from '../types';
import { isScalar, type YNode } from '../yaml/ast';
import { actionPatternMatches, expandAction, hasWildcard, type IamAction } from './catalog';

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
 * `arn:aws:lambda:*:*:function:*`, `arn:aws:s3:::*`) or for `*` itself.
 */
export function isWildcardArn(text: string): boolean {
  if (text === '*') return true;
  if (!text.startsWith('arn:')) return false;
  const parts = text.split(':');
  if (parts.length < 6) return false;
  const resource = parts.slice(5).join(':');
  return /^(?:[A-Za-z0-9_.-]+[/:])?\*$/.test(resource);
}

/** `*`, or an IAM ARN that covers every role of an account (`arn:aws:iam::123456789012:role/*`). */
export function matchesAnyRole(text: string): boolean {
  if (text === '*') return true;
  if (!text.startsWith('arn:')) return false;
  const parts = text.split(':');
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

/** Every literal `Action` item of the Allow statements in the documents (bare '*' skipped), each statement once. */
export function grantsOf(docs: readonly PolicyDocument[]): Grant[] {
  const out: Grant[] = [];
  const seen = new Set<string>();
  for (const d of docs) {
    for (const st of d.statements) {
      if (st.effect !== 'Allow') continue;
      const k = nodeKey(st.node);
      if (seen.has(k)) continue;
      seen.add(k);
      const broad = broadResource(st);
      for (const { value, text } of literalItems(st.actions)) {
        if (isBareStar(text)) continue;
        out.push({ text, value, statement: st, broad, expansion: expandAction(text) });
      }
    }
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

/** "the role of function create", "role FnRole (used by Fn)". */
export function roleText(model: ConfigModel, roles: readonly RoleModel[], doc?: PolicyDocument): string {
  if (roles.length === 0) return 'this policy';
  if (roles.length > 1) return `${roles.length} roles (${roles.map((r) => r.id.replace(/^sls:fn:/, '').replace(/^sls:shared$/, 'shared role')).join(', ')})`;
  const r = roles[0];
  const fns = r.functions.length ? r.functions : doc ? functionsUsing(model, doc) : [];
  const used = fns.length === 0 || r.label.includes(fns[0]) ? '' : fns.length <= 3 ? ` (used by ${fns.join(', ')})` : ` (used by ${fns.length} functions)`;
  return `${r.label}${used}`;
}

// ---------------------------------------------------------------------------------------------
// Message text

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
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

/** Example ARN for an action's (first required, else first) resource type, placeholders readable. */
export function arnExample(action: IamAction, arnFormat: (service: string, type: string) => string | undefined): string | undefined {
  const rt = action.resourceTypes.find((r) => r.required) ?? action.resourceTypes[0];
  if (!rt) return undefined;
  const f = arnFormat(action.service, rt.name);
  if (!f) return undefined;
  return f
    .replace(/\$\{Partition\}/g, 'aws')
    .replace(/\$\{Region\}/g, '<region>')
    .replace(/\$\{Account\}/g, '<account>')
    .replace(/\$\{([A-Za-z0-9]+)\}/g, '<$1>');
}

export { hasWildcard };

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
  if (/[:#'"{}\[\],&*!|>%@`]/.test(newValue.replace(/^[A-Za-z0-9-]+:(?=[A-Za-z])/, ''))) return undefined;
  return { range: { start, end }, newText: newValue };
}
