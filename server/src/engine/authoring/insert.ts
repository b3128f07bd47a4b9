/**
 * Inserting YAML entries into a map of an existing document, as text edits: after the map's last
 * entry, at its indentation, creating missing parent keys; merging into maps that already exist
 * (`httpApi:` → `authorizers:` → new entry) and skipping entries whose key is already there.
 */
import { LineIndex } from '../text';
import type { TextEdit } from '../types';
import { get, isMap, isScalar, type YMap, type YNode } from '../yaml/ast';

export interface InsertResult {
  edit?: TextEdit;
  /** The entry (its first key) already exists: nothing to insert. */
  exists?: boolean;
  /** The target is a flow map or not a map: cannot insert as block text. */
  unsupported?: string;
}

/** Leading spaces of a line. */
function lead(s: string): number {
  let n = 0;
  while (n < s.length && s.charCodeAt(n) === 32) n++;
  return n;
}

/** The key of a `key:` / `key: value` line at column 0 (plain or quoted), without resolving placeholders. */
export function topKeyOf(line: string): string | undefined {
  if (!line || line.charCodeAt(0) === 32 || line.startsWith('- ') || line.startsWith('#')) return undefined;
  let i = 0;
  if (line[0] === '"' || line[0] === "'") {
    const q = line[0];
    const e = line.indexOf(q, 1);
    if (e < 0) return undefined;
    return line[e + 1] === ':' ? line.slice(1, e) : undefined;
  }
  while (i < line.length) {
    if (line[i] === ':' && (i + 1 === line.length || line[i + 1] === ' ')) return line.slice(0, i);
    i++;
  }
  return undefined;
}

/** Top-level keys of a block of lines (column 0 only). */
export function topKeys(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    const k = topKeyOf(l);
    if (k !== undefined) out.push(k);
  }
  return out;
}

function isFlow(text: string, node: YNode): boolean {
  const c = text.charCodeAt(node.range.start);
  return c === 123 /* { */ || c === 91 /* [ */;
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * Inserts `lines` (YAML written for column 0, indented by `unit` spaces per level) as entries of the
 * map at `path`. When the block is a single key whose map already exists, descends into it.
 */
export function insertIntoMap(text: string, root: YNode | null, path: readonly string[], lines: readonly string[], unit: number): InsertResult {
  let target = [...path];
  let body = [...lines];
  for (let guard = 0; guard < 16; guard++) {
    const map = target.length ? nodeAt(root, target) : root;
    if (!isMap(map)) break;
    const keys = topKeys(body);
    const first = keys[0];
    if (first === undefined || !map.entries.some((e) => e.key.value === first)) break;
    const existing = get(map, first);
    const single = keys.length === 1 && body.slice(1).every((l) => l === '' || lead(l) >= unit) && body[0].trimEnd().endsWith(':');
    if (single && isMap(existing) && !isFlow(text, existing)) {
      target = [...target, first];
      body = body.slice(1).map((l) => l.slice(Math.min(unit, lead(l))));
      continue;
    }
    return { exists: true };
  }
  return insertAt(text, root, target, body, unit);
}

function nodeAt(root: YNode | null, path: readonly string[]): YNode | null | undefined {
  let cur: YNode | null | undefined = root;
  for (const k of path) cur = get(cur, k);
  return cur;
}

function insertAt(text: string, root: YNode | null, path: readonly string[], body: readonly string[], unit: number): InsertResult {
  const eol = eolOf(text);
  const li = new LineIndex(text);
  // Deepest existing map along the path.
  let depth = 0;
  let map: YMap | undefined = isMap(root) ? root : undefined;
  let nullParentKeyEnd: number | undefined;
  let nullParentIndent = 0;
  if (!map && root && !(isScalar(root) && root.value === null)) return { unsupported: 'the document is not a map' };
  while (map && depth < path.length) {
    const pair = map.entries.find((e) => e.key.value === path[depth]);
    if (!pair) break;
    if (isMap(pair.value)) {
      if (isFlow(text, pair.value)) return { unsupported: `${path.slice(0, depth + 1).join('.')} is a flow map` };
      map = pair.value;
      depth++;
      continue;
    }
    if (pair.value == null || (isScalar(pair.value) && pair.value.value === null && pair.value.range.end === pair.value.range.start)) {
      // `key:` with nothing under it: insert right below the key line.
      nullParentKeyEnd = pair.key.range.end;
      nullParentIndent = li.positionAt(pair.key.range.start).character;
      depth++;
      map = undefined;
      break;
    }
    return { unsupported: `${path.slice(0, depth + 1).join('.')} is not a map` };
  }
  // Lines to insert: missing keys, then the body, indented under the deepest existing map.
  const missing = path.slice(depth);
  const block: string[] = [];
  missing.forEach((k, i) => block.push(' '.repeat(unit * i) + k + ':'));
  for (const l of body) block.push(l === '' ? '' : ' '.repeat(unit * missing.length) + l);

  let indent: number;
  let at: number;
  let needsLeadingEol = false;
  if (nullParentKeyEnd !== undefined) {
    indent = nullParentIndent + unit;
    const line = li.positionAt(nullParentKeyEnd).line;
    at = line + 1 < li.lineCount ? li.lineStart(line + 1) : text.length;
    if (line + 1 >= li.lineCount) needsLeadingEol = true;
  } else if (map && (depth > 0 || map.entries.length > 0)) {
    indent = map.entries.length ? li.positionAt(map.entries[0].key.range.start).character : 0;
    const last = map.entries[map.entries.length - 1];
    const end = last ? Math.max(last.range.end, last.key.range.end) : map.range.end;
    const line = li.positionAt(Math.max(end - 1, 0)).line;
    at = line + 1 < li.lineCount ? li.lineStart(line + 1) : text.length;
    if (line + 1 >= li.lineCount) needsLeadingEol = text.length > 0 && !text.endsWith('\n');
    if (depth === 0 && !map.entries.length) indent = 0;
  } else {
    // Empty document or empty root map: append.
    indent = 0;
    at = text.length;
    needsLeadingEol = text.length > 0 && !text.endsWith('\n');
  }
  const pad = ' '.repeat(indent);
  const newText = (needsLeadingEol ? eol : '') + block.map((l) => (l === '' ? '' : pad + l)).join(eol) + eol;
  return { edit: { range: { start: at, end: at }, newText } };
}

/** Applies non-overlapping edits to a text (later offsets first). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

/**
 * One text for two inserts at the same offset (both at the end of a file, say). An insert into a
 * map that ends there (its first line indented) must come before one that starts a new key of an
 * outer map, or it would land inside that new key's block.
 */
export function joinInsertsAt(a: string, b: string): string {
  const firstIndent = (t: string) => {
    const body = t.replace(/^(\r?\n)+/, '');
    return body.length - body.trimStart().length;
  };
  const [first, second] = firstIndent(b) > firstIndent(a) ? [b, a] : [a, b];
  return first + second.replace(/^\r?\n/, '');
}
