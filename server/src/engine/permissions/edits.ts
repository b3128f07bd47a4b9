/**
 * Policy edits for the permission fixes, on top of the shared YAML/JSON editor: append to a
 * sequence (block, flow or JSON, keeping the style), remove a sequence item, rewrite a statement's
 * Action list, add a statement to a policy document. Each returns `undefined` when the edit cannot
 * be made safely (aliases, intrinsics, odd layouts) — the rule then offers no fix.
 */
import type { PolicyDocument, PolicyStatement } from '../model/types';
import type { TextEdit } from '../types';
import { getPair, isMap, isScalar, isSeq, type YMap, type YNode, type YSeq } from '../yaml/ast';
import { Verbatim, yamlBlockLines, yamlFlow, yamlScalar, type DocEditor, type EditValue } from '../fix/yaml-edit';

function toJson(v: EditValue): unknown {
  if (v instanceof Verbatim) return v.json ?? v.yaml;
  if (Array.isArray(v)) return v.map(toJson);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

function jsonText(ed: DocEditor, v: EditValue, indent: string): string {
  return JSON.stringify(toJson(v), null, ed.jsonUnit).split('\n').join(ed.eol + indent);
}

/** Offset of the `-` that starts a block sequence item, when it is on the item's first line. */
function dashOf(ed: DocEditor, item: YNode): number | undefined {
  const ls = ed.lineStartOf(item.range.start);
  for (let p = item.range.start - 1; p >= ls; p--) {
    const c = ed.text[p];
    if (c === '-') return ed.text.slice(ls, p).trim() === '' ? p : undefined;
    if (c !== ' ' && c !== '\t') return undefined;
  }
  // `-` alone on the line before the item's first line (`- ⏎  Effect: Allow`).
  if (ls === 0) return undefined;
  const prev = ed.lineStartOf(ls - 1);
  const line = ed.text.slice(prev, ls).replace(/\r?\n$/, '');
  const at = line.indexOf('-');
  return at >= 0 && line.slice(0, at).trim() === '' && line.slice(at + 1).trim() === '' ? prev + at : undefined;
}

function isBracketed(ed: DocEditor, seq: YSeq): boolean {
  return ed.text[seq.range.start] === '[';
}

/** Adds `value` as the last item of a sequence. */
export function appendToSeq(ed: DocEditor, seq: YSeq, value: EditValue): TextEdit | undefined {
  if (seq.tag) return undefined;
  const items = seq.items;
  if (items.some((i) => i.range.start < seq.range.start || i.range.end > seq.range.end)) return undefined;
  if (isBracketed(ed, seq)) {
    const close = ed.nodeEnd(seq) - 1;
    if (ed.text[close] !== ']') return undefined;
    const json = ed.format === 'json';
    if (items.length === 0) return { range: { start: seq.range.start + 1, end: close }, newText: json ? JSON.stringify(toJson(value)) : yamlFlow(value) };
    const last = items[items.length - 1];
    const at = ed.nodeEnd(last);
    const multiline = ed.lineStartOf(items[0].range.start) !== ed.lineStartOf(seq.range.start);
    if (json) {
      if (!multiline) return { range: { start: at, end: at }, newText: `, ${JSON.stringify(toJson(value))}` };
      const indent = ed.lineIndent(last.range.start);
      return { range: { start: at, end: at }, newText: `,${ed.eol}${indent}${jsonText(ed, value, indent)}` };
    }
    return { range: { start: at, end: at }, newText: `, ${yamlFlow(value)}` };
  }
  if (ed.format === 'json' || items.length === 0) return undefined;
  const dash = dashOf(ed, items[0]);
  if (dash === undefined) return undefined;
  const col = ed.column(dash);
  const last = items[items.length - 1];
  const at = ed.lineEndOf(ed.nodeEnd(last));
  const lines = yamlBlockLines([value], col, ed.unit);
  return { range: { start: at, end: at }, newText: ed.eol + lines.join(ed.eol) };
}

/** Removes item `index` of a sequence (whole lines in block style). */
export function removeSeqItem(ed: DocEditor, seq: YSeq, index: number): TextEdit | undefined {
  const items = seq.items;
  const item = items[index];
  if (!item || items.length < 2) return undefined;
  if (isBracketed(ed, seq)) {
    if (index < items.length - 1) return { range: { start: item.range.start, end: items[index + 1].range.start }, newText: '' };
    return { range: { start: ed.nodeEnd(items[index - 1]), end: ed.nodeEnd(item) }, newText: '' };
  }
  if (ed.format === 'json') return undefined;
  const dash = dashOf(ed, item);
  if (dash === undefined) return undefined;
  const start = ed.lineStartOf(dash);
  let stop = ed.lineEndOf(ed.nodeEnd(item));
  if (ed.text[stop] === '\r') stop++;
  if (ed.text[stop] === '\n') stop++;
  return { range: { start, end: stop }, newText: '' };
}

/** The statement's map, when it can be edited. */
export function statementMap(st: PolicyStatement): YMap | undefined {
  const m = st.node;
  if (!isMap(m) || m.intrinsic) return undefined;
  return m;
}

/** Rewrites the statement's `Action` (or the set's key) to `actions`, keeping scalar / flow / block / JSON style. */
export function setActions(ed: DocEditor, st: PolicyStatement, actions: string[]): TextEdit | undefined {
  const map = statementMap(st);
  const set = st.actions;
  if (!map || !set || actions.length === 0) return undefined;
  const key = String(set.key.value);
  const node = set.node;
  if (isSeq(node) && isBracketed(ed, node)) {
    const multiline = node.items.length > 0 && ed.lineStartOf(node.items[0].range.start) !== ed.lineStartOf(node.range.start);
    const range = { start: node.range.start, end: ed.nodeEnd(node) };
    if (ed.format === 'json') {
      if (!multiline) return { range, newText: `[${actions.map((a) => JSON.stringify(a)).join(', ')}]` };
      return ed.replaceNodeFlow(node, actions);
    }
    return { range, newText: `[${actions.map((a) => yamlScalar(a, true)).join(', ')}]` };
  }
  if (isScalar(node) && actions.length === 1) {
    if (ed.format === 'json') return { range: node.range, newText: JSON.stringify(actions[0]) };
    return ed.replaceScalar(node, actions[0]);
  }
  return ed.replaceValue(map, key, actions);
}

/** Actions on resources: one statement of a split. */
export interface StatementGroup {
  actions: string[];
  resources: EditValue[];
}

/** The statement rewritten to `group`'s actions and resources (its other keys kept). */
export function rescopeStatement(ed: DocEditor, st: PolicyStatement, group: StatementGroup): TextEdit[] | undefined {
  const map = statementMap(st);
  if (!map || !st.resources) return undefined;
  const e1 = setActions(ed, st, group.actions);
  const e2 = ed.replaceValue(map, String(st.resources.key.value), group.resources.length === 1 ? group.resources[0] : group.resources);
  return e1 && e2 ? [e1, e2] : undefined;
}

/**
 * New Allow statements for `groups`, after the document's last one, as one insertion (an empty
 * list when there are none; undefined when the document cannot take them).
 */
export function addStatements(ed: DocEditor, doc: PolicyDocument, groups: readonly StatementGroup[]): TextEdit[] | undefined {
  let insert: TextEdit | undefined;
  for (const x of groups) {
    const e = addStatement(ed, doc, { Effect: 'Allow', Action: x.actions, Resource: x.resources.length === 1 ? x.resources[0] : x.resources });
    if (!e) return undefined;
    insert = insert ? { range: insert.range, newText: insert.newText + e.newText } : e;
  }
  return insert ? [insert] : [];
}

/** Adds `action` to the statement's Action list. */
export function addAction(ed: DocEditor, st: PolicyStatement, action: string): TextEdit | undefined {
  const map = statementMap(st);
  const set = st.actions;
  if (!map || !set) return undefined;
  if (isSeq(set.node)) return appendToSeq(ed, set.node, action);
  if (isScalar(set.node) && typeof set.node.value === 'string') return ed.replaceValue(map, String(set.key.value), [set.node.value, action]);
  return undefined;
}

/** Adds a statement to a policy document (a serverless statement list, or a document with `Statement`). */
export function addStatement(ed: DocEditor, doc: PolicyDocument, statement: EditValue): TextEdit | undefined {
  const n = doc.node;
  if (isSeq(n)) return appendToSeq(ed, n, statement);
  if (isMap(n)) {
    const pair = getPair(n, 'Statement');
    if (pair && isSeq(pair.value)) return appendToSeq(ed, pair.value, statement);
  }
  return undefined;
}
