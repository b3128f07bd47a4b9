/**
 * Text edits for quick fixes over the engine's document tree (yaml/ast.ts), for YAML (block and
 * flow style) and JSON alike. Every helper returns a `TextEdit` against the *current* text, keeps
 * the user's indentation, line breaks (LF/CRLF) and style, and touches only the lines it must:
 *
 *  - `insertPair(map, key, value)`   add `key: value` at the end of a map
 *  - `replaceValue(map, key, value)` replace the value of an existing key (a scalar, a collection,
 *                                     or an empty `key:`), re-indenting the new value under the key
 *  - `setIn(map, path, value)`       set `map.a.b.c = value`, creating the maps on the way
 *  - `replaceScalar(node, value)`    rewrite one scalar in place (quoting as its context needs)
 *  - `removePair(map, key)`          delete a pair (its whole lines in block style, with its comma
 *                                     in flow style / JSON)
 *
 * Values are plain JS data (`string | number | boolean | null | array | object`); `verbatim(...)`
 * inserts text as written (e.g. `!GetAtt Role.Arn`). Strings are quoted only when they would not
 * read back as the same string (`'true'`, `'*'`, `'a: b'`, flow indicators inside `{}`).
 *
 * The helpers never guess: they return `undefined` when an edit cannot be made safely (a map that
 * came from an alias or `<<` merge, a CloudFormation short-form tag, a value outside the map's text),
 * and the rule then simply offers no fix.
 */
import type { TextEdit } from '../types';
import { getPair, intrinsicName, isMap, type ParsedDocument, type YMap, type YNode, type YPair, type YScalar } from '../yaml/ast';

/** Text inserted exactly as written (YAML), with its JSON form for JSON documents. */
export class Verbatim {
  constructor(
    readonly yaml: string,
    readonly json?: unknown,
  ) {}
}

export function verbatim(yaml: string, json?: unknown): Verbatim {
  return new Verbatim(yaml, json);
}

export type EditValue = string | number | boolean | null | Verbatim | EditValue[] | { [key: string]: EditValue };

function isPlainObject(v: unknown): v is Record<string, EditValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Verbatim);
}

function isEmptyCollection(v: EditValue): boolean {
  return (Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.keys(v).length === 0);
}

function isCollection(v: EditValue): boolean {
  return Array.isArray(v) || isPlainObject(v);
}

// ---------------------------------------------------------------------------------------------
// Scalars and keys

const YAML_RESERVED = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', 'null', '~', '']);

/** True when a plain (unquoted) YAML scalar would read back as this exact string. */
export function isPlainSafe(s: string, flow: boolean): boolean {
  if (s.length === 0 || s !== s.trim()) return false;
  if (YAML_RESERVED.has(s.toLowerCase())) return false;
  if (/^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s) || /^0[xo][0-9a-fA-F]+$/.test(s) || /^[-+]?\.(inf|nan)$/i.test(s)) return false;
  if ('-?:,[]{}#&*!|>\'"%@`'.includes(s[0])) {
    // `-x`, `?x`, `:x` are plain when followed by a non-space, but keep it simple and quote.
    return false;
  }
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\n' || c === '\r' || c === '\t') return false;
    if (c === ':' && (i + 1 === s.length || s[i + 1] === ' ' || (flow && ',[]{}'.includes(s[i + 1])))) return false;
    if (c === '#' && s[i - 1] === ' ') return false;
    if (flow && ',[]{}'.includes(c)) return false;
  }
  return true;
}

export function yamlScalar(v: string | number | boolean | null, flow = false): string {
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isPlainSafe(v, flow)) return v;
  if (!/[\n\r\t\\]/.test(v) && !v.includes("'")) return `'${v}'`;
  return JSON.stringify(v);
}

function yamlKey(k: string, flow: boolean): string {
  return isPlainSafe(k, flow) ? k : yamlScalar(k, true).startsWith("'") ? yamlScalar(k, true) : JSON.stringify(k);
}

// ---------------------------------------------------------------------------------------------
// Serialisers

/** Flow-style YAML (`{a: 1, b: [x, y]}`) for one value. */
export function yamlFlow(v: EditValue): string {
  if (v instanceof Verbatim) return v.yaml;
  if (Array.isArray(v)) return `[${v.map(yamlFlow).join(', ')}]`;
  if (isPlainObject(v)) return `{${Object.entries(v).map(([k, x]) => `${yamlKey(k, true)}: ${yamlFlow(x)}`).join(', ')}}`;
  return yamlScalar(v, true);
}

/** A value written on its key's line: scalars in block context need no flow-indicator quoting. */
function inline(v: EditValue, flow: boolean): string {
  if (!flow && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null)) return yamlScalar(v, false);
  return yamlFlow(v);
}

/**
 * Block-style lines for a collection value, each prefixed with `indent` spaces. Scalars and empty
 * collections are not handled here (they stay on the key's line).
 */
export function yamlBlockLines(v: EditValue, indent: number, unit: number): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      if (isPlainObject(item) && !isEmptyCollection(item)) {
        // `- a: 1` then the other keys two columns in, under `a`.
        const inner = yamlBlockLines(item, indent + 2, unit);
        out.push(pad + '- ' + inner[0].slice(indent + 2), ...inner.slice(1));
      } else if (Array.isArray(item) && item.length) {
        out.push(pad + '-');
        out.push(...yamlBlockLines(item, indent + unit, unit));
      } else {
        out.push(pad + '- ' + inline(item, false));
      }
    }
    return out;
  }
  if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (isCollection(x) && !isEmptyCollection(x)) {
        out.push(`${pad}${yamlKey(k, false)}:`);
        out.push(...yamlBlockLines(x, indent + unit, unit));
      } else {
        out.push(`${pad}${yamlKey(k, false)}: ${inline(x, false)}`);
      }
    }
    return out;
  }
  return [pad + inline(v, false)];
}

function toJson(v: EditValue): unknown {
  if (v instanceof Verbatim) return v.json ?? v.yaml;
  if (Array.isArray(v)) return v.map(toJson);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

// ---------------------------------------------------------------------------------------------
// The editor

export interface DocumentLike {
  text: string;
  format: 'yaml' | 'json';
}

export class DocEditor {
  readonly text: string;
  readonly format: 'yaml' | 'json';
  readonly eol: string;
  /** Spaces per indentation level (YAML); JSON uses `jsonUnit`. */
  readonly unit: number;
  readonly jsonUnit: string;

  constructor(doc: DocumentLike | ParsedDocument) {
    this.text = doc.text;
    this.format = doc.format;
    this.eol = eolOf(doc.text);
    this.unit = yamlIndentUnit(doc.text);
    this.jsonUnit = jsonIndentUnit(doc.text);
  }

  // --- positions ----------------------------------------------------------------------------

  lineStartOf(offset: number): number {
    let p = offset;
    while (p > 0 && this.text[p - 1] !== '\n' && this.text[p - 1] !== '\r') p--;
    return p;
  }

  lineEndOf(offset: number): number {
    let p = offset;
    while (p < this.text.length && this.text[p] !== '\n' && this.text[p] !== '\r') p++;
    return p;
  }

  /** Column of an offset (UTF-16 units from the line start). */
  column(offset: number): number {
    return offset - this.lineStartOf(offset);
  }

  /** Leading whitespace of the line holding `offset`. */
  lineIndent(offset: number): string {
    const s = this.lineStartOf(offset);
    let p = s;
    while (p < this.text.length && (this.text[p] === ' ' || this.text[p] === '\t')) p++;
    return this.text.slice(s, p);
  }

  /** True when the map is written `{...}` (YAML flow style or JSON). */
  isFlow(map: YMap): boolean {
    return this.text[map.range.start] === '{';
  }

  /** End of a node's own text (block collections' ranges include their final line break). */
  nodeEnd(n: YNode): number {
    let e = n.range.end;
    while (e > n.range.start && /\s/.test(this.text[e - 1])) e--;
    return e;
  }

  /** The map's own entries (not ones merged in through `<<` or an alias from elsewhere). */
  private ownEntries(map: YMap): YPair[] {
    return map.entries.filter((p) => p.key.range.start >= map.range.start && p.key.range.end <= map.range.end && p.key.range.end > p.key.range.start);
  }

  private editable(map: YMap): boolean {
    if (map.intrinsic || intrinsicName(map)) return false;
    if (map.range.end <= map.range.start && map.entries.length) return false;
    // Every entry must be the map's own text (no `<<: *base` entries we could not place after).
    return map.entries.every((p) => p.key.range.start >= map.range.start && p.key.range.end <= map.range.end);
  }

  // --- operations ---------------------------------------------------------------------------

  /** Adds `key: value` as the map's last entry. */
  insertPair(map: YMap, key: string, value: EditValue): TextEdit | undefined {
    if (!this.editable(map)) return undefined;
    const own = this.ownEntries(map);
    if (this.format === 'json') return this.jsonInsert(map, own, key, value);
    if (this.isFlow(map)) return this.flowInsert(map, own, key, value);
    if (own.length === 0) return undefined; // an empty block map has no text: handled by replaceValue on its parent
    const col = this.column(own[0].key.range.start);
    const last = own.reduce((a, b) => (this.pairEnd(b) > this.pairEnd(a) ? b : a));
    const lines = this.blockPairLines(key, value, col);
    const end = this.pairEnd(last);
    // After the last entry's line (and its trailing comment), before the next line.
    const at = this.lineEndOf(end);
    return { range: { start: at, end: at }, newText: this.eol + lines.join(this.eol) };
  }

  /** Replaces the value of `key` (which must exist in `map`). */
  replaceValue(map: YMap, key: string, value: EditValue): TextEdit | undefined {
    if (!this.editable(map)) return undefined;
    const pair = getPair(map, key);
    if (!pair || pair.key.range.start < map.range.start) return undefined;
    return this.replacePairValue(map, pair, value);
  }

  replacePairValue(map: YMap, pair: YPair, value: EditValue): TextEdit | undefined {
    const v = pair.value;
    const vStart = v ? v.range.start : pair.key.range.end;
    const vEnd = v ? this.nodeEnd(v) : pair.key.range.end;
    if (v && (vStart < pair.key.range.end || vEnd > this.text.length)) return undefined; // value from an alias elsewhere
    if (this.format === 'json') {
      if (!v) return undefined;
      return { range: { start: vStart, end: vEnd }, newText: this.jsonText(value, this.lineIndent(pair.key.range.start)) };
    }
    if (this.isFlow(map)) {
      if (!v || v.range.end === v.range.start) {
        const colon = this.colonAfter(pair.key);
        if (colon < 0) return undefined;
        return { range: { start: colon + 1, end: Math.max(colon + 1, vEnd) }, newText: ' ' + yamlFlow(value) };
      }
      return { range: { start: vStart, end: vEnd }, newText: yamlFlow(value) };
    }
    const colon = this.colonAfter(pair.key);
    if (colon < 0) return undefined;
    if (isCollection(value) && !isEmptyCollection(value)) {
      const col = this.column(pair.key.range.start);
      const lines = yamlBlockLines(value, col + this.unit, this.unit);
      // Keep a comment that follows `key:` on its line (e.g. `Auth:  # todo`) only when the value was empty.
      const start = colon + 1;
      const end = v && v.range.end > v.range.start ? vEnd : start;
      return { range: { start, end }, newText: this.eol + lines.join(this.eol) };
    }
    if (!v || v.range.end === v.range.start) {
      return { range: { start: colon + 1, end: colon + 1 }, newText: ' ' + inline(value, false) };
    }
    // A scalar or collection replaced by a scalar / empty collection: keep it on the key's line.
    const onKeyLine = this.lineStartOf(vStart) === this.lineStartOf(pair.key.range.start);
    if (onKeyLine) return { range: { start: vStart, end: vEnd }, newText: inline(value, false) };
    return { range: { start: colon + 1, end: vEnd }, newText: ' ' + inline(value, false) };
  }

  /**
   * `map[path[0]][path[1]]... = value`: walks existing maps, creates the missing ones (as one nested
   * value on the first missing key), and replaces a non-map in the way.
   */
  setIn(map: YMap, path: readonly string[], value: EditValue): TextEdit | undefined {
    if (path.length === 0) return undefined;
    let cur: YMap = map;
    for (let i = 0; i < path.length; i++) {
      const rest = nest(path.slice(i + 1), value);
      const pair = getPair(cur, path[i]);
      if (!pair) return this.insertPair(cur, path[i], rest);
      if (i === path.length - 1) return this.replacePairValue(cur, pair, value);
      const next = pair.value;
      if (isMap(next) && !next.intrinsic && !intrinsicName(next) && (this.isFlow(next) || this.ownEntries(next).length > 0)) {
        cur = next;
        continue;
      }
      return this.replacePairValue(cur, pair, rest);
    }
    return undefined;
  }

  /** Rewrites one scalar in place. */
  replaceScalar(node: YScalar, value: string | number | boolean | null): TextEdit {
    if (this.format === 'json') return { range: node.range, newText: JSON.stringify(value) };
    const flow = this.inFlow(node.range.start);
    return { range: node.range, newText: yamlScalar(value, flow) };
  }

  /** Replaces any node with a flow-style (YAML) / JSON rendering of `value`, in place. */
  replaceNodeFlow(node: YNode, value: EditValue): TextEdit {
    const range = { start: node.range.start, end: this.nodeEnd(node) };
    if (this.format === 'json') return { range, newText: this.jsonText(value, this.lineIndent(node.range.start)) };
    return { range, newText: yamlFlow(value) };
  }

  /** Deletes a pair. */
  removePair(map: YMap, key: string): TextEdit | undefined {
    if (!this.editable(map)) return undefined;
    const own = this.ownEntries(map);
    const idx = own.findIndex((p) => p.key.value === key);
    if (idx < 0) return undefined;
    const pair = own[idx];
    const end = this.pairEnd(pair);
    if (this.format === 'json' || this.isFlow(map)) {
      if (own.length === 1) return { range: { start: map.range.start + 1, end: this.nodeEnd(map) - 1 }, newText: '' };
      if (idx < own.length - 1) return { range: { start: pair.key.range.start, end: own[idx + 1].key.range.start }, newText: '' };
      const prevEnd = this.pairEnd(own[idx - 1]);
      return { range: { start: prevEnd, end }, newText: '' };
    }
    const keyLineStart = this.lineStartOf(pair.key.range.start);
    const firstOnLine = this.text.slice(keyLineStart, pair.key.range.start).trim() === '';
    if (!firstOnLine) {
      // `- key: v` (first entry of a sequence item): remove up to the next entry's key, keeping `- `.
      if (idx + 1 < own.length) return { range: { start: pair.key.range.start, end: own[idx + 1].key.range.start }, newText: '' };
      return undefined;
    }
    let stop = this.lineEndOf(end);
    if (this.text[stop] === '\r') stop++;
    if (this.text[stop] === '\n') stop++;
    return { range: { start: keyLineStart, end: stop }, newText: '' };
  }

  // --- internals ----------------------------------------------------------------------------

  /** Where a pair's text ends (value end, or the key/colon for an empty value). */
  private pairEnd(p: YPair): number {
    if (p.value && p.value.range.end > p.value.range.start && p.value.range.start >= p.key.range.end) return this.nodeEnd(p.value);
    const colon = this.colonAfter(p.key);
    return colon >= 0 ? colon + 1 : p.key.range.end;
  }

  private colonAfter(key: YScalar): number {
    let p = key.range.end;
    while (p < this.text.length && (this.text[p] === ' ' || this.text[p] === '\t' || this.text[p] === '"' || this.text[p] === "'")) p++;
    return this.text[p] === ':' ? p : -1;
  }

  /** Rough check: is this offset inside a `{...}` / `[...]` on its line (flow context)? */
  private inFlow(offset: number): boolean {
    let depth = 0;
    const start = this.lineStartOf(offset);
    let quote: string | undefined;
    for (let i = start; i < offset; i++) {
      const c = this.text[i];
      if (quote) {
        if (c === quote) quote = undefined;
        continue;
      }
      if (c === '"' || c === "'") quote = c;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') depth--;
      else if (c === '#' && (i === start || this.text[i - 1] === ' ')) break;
    }
    return depth > 0;
  }

  private blockPairLines(key: string, value: EditValue, col: number): string[] {
    const pad = ' '.repeat(col);
    if (isCollection(value) && !isEmptyCollection(value)) {
      return [`${pad}${yamlKey(key, false)}:`, ...yamlBlockLines(value, col + this.unit, this.unit)];
    }
    return [`${pad}${yamlKey(key, false)}: ${inline(value, false)}`];
  }

  private flowInsert(map: YMap, own: YPair[], key: string, value: EditValue): TextEdit | undefined {
    const pairText = `${yamlKey(key, true)}: ${yamlFlow(value)}`;
    if (own.length === 0) {
      const close = this.nodeEnd(map) - 1;
      if (this.text[close] !== '}') return undefined;
      return { range: { start: map.range.start + 1, end: close }, newText: pairText };
    }
    const last = own.reduce((a, b) => (this.pairEnd(b) > this.pairEnd(a) ? b : a));
    const at = this.pairEnd(last);
    return { range: { start: at, end: at }, newText: `, ${pairText}` };
  }

  private jsonInsert(map: YMap, own: YPair[], key: string, value: EditValue): TextEdit | undefined {
    const close = this.nodeEnd(map) - 1;
    if (this.text[map.range.start] !== '{' || this.text[close] !== '}') return undefined;
    if (own.length === 0) {
      const outer = this.lineIndent(map.range.start);
      const inner = outer + this.jsonUnit;
      return {
        range: { start: map.range.start + 1, end: close },
        newText: `${this.eol}${inner}${JSON.stringify(key)}: ${this.jsonText(value, inner)}${this.eol}${outer}`,
      };
    }
    const last = own.reduce((a, b) => (this.pairEnd(b) > this.pairEnd(a) ? b : a));
    const at = this.pairEnd(last);
    const multiline = this.lineStartOf(own[0].key.range.start) !== this.lineStartOf(map.range.start);
    if (!multiline) return { range: { start: at, end: at }, newText: `, ${JSON.stringify(key)}: ${JSON.stringify(toJson(value))}` };
    const indent = this.lineIndent(last.key.range.start);
    return { range: { start: at, end: at }, newText: `,${this.eol}${indent}${JSON.stringify(key)}: ${this.jsonText(value, indent)}` };
  }

  /** JSON for a value placed on a line indented by `indent`. */
  private jsonText(value: EditValue, indent: string): string {
    const s = JSON.stringify(toJson(value), null, this.jsonUnit);
    return s.split('\n').join(this.eol + indent);
  }
}

/** `['a','b'], v` → `{a: {b: v}}`. */
export function nest(path: readonly string[], value: EditValue): EditValue {
  let v = value;
  for (let i = path.length - 1; i >= 0; i--) v = { [path[i]]: v };
  return v;
}

export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * The document's indentation step: the most common positive increase of indentation from a
 * `key:` line to the next content line (ignoring comments, blank lines and `- ` items). 2 if unknown.
 */
export function yamlIndentUnit(text: string): number {
  const counts = new Map<number, number>();
  let prevIndent = -1;
  let prevOpens = false;
  let i = 0;
  let seen = 0;
  while (i < text.length && seen < 2000) {
    let e = text.indexOf('\n', i);
    if (e < 0) e = text.length;
    const line = text.slice(i, e).replace(/\r$/, '');
    i = e + 1;
    const trimmed = line.trimStart();
    if (!trimmed || trimmed.startsWith('#')) continue;
    seen++;
    const indent = line.length - trimmed.length;
    if (prevOpens && indent > prevIndent && !trimmed.startsWith('- ') && trimmed !== '-') {
      const d = indent - prevIndent;
      if (d <= 8) counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    const noComment = trimmed.replace(/\s+#.*$/, '');
    prevOpens = noComment.endsWith(':') && !trimmed.startsWith('- ');
    prevIndent = indent;
  }
  let best = 2;
  let bestN = 0;
  for (const [d, n] of counts) if (n > bestN || (n === bestN && d < best)) [best, bestN] = [d, n];
  return best;
}

/** The whitespace one JSON nesting level adds (`'  '`, `'    '`, `'\t'`). */
export function jsonIndentUnit(text: string): string {
  const m = /\n([ \t]+)["{[\d]/.exec(text.slice(0, 4096));
  if (!m) return '  ';
  return m[1][0] === '\t' ? '\t' : m[1];
}

/** Convenience: an editor for a parsed document. */
export function editorFor(doc: DocumentLike | ParsedDocument): DocEditor {
  return new DocEditor(doc);
}

/**
 * Several edits to one file as one non-overlapping list: sorted by position, with inserts at the
 * same offset merged into one edit in the order given (so the result does not depend on how a
 * client orders equal-position inserts). Returns undefined when two edits overlap.
 */
export function combineEdits(edits: readonly (TextEdit | undefined)[]): TextEdit[] | undefined {
  if (edits.some((e) => !e)) return undefined;
  const list = (edits as TextEdit[]).map((e, i) => ({ e, i })).sort((a, b) => a.e.range.start - b.e.range.start || a.i - b.i);
  const out: TextEdit[] = [];
  for (const { e } of list) {
    const prev = out[out.length - 1];
    if (prev && e.range.start === prev.range.start && e.range.start === e.range.end && prev.range.start === prev.range.end) {
      out[out.length - 1] = { range: prev.range, newText: prev.newText + e.newText };
      continue;
    }
    if (prev && e.range.start < prev.range.end) return undefined;
    if (prev && e.range.start === prev.range.start && prev.range.start === prev.range.end) {
      // an insert followed by a replacement starting at the same offset: fold into one edit
      out[out.length - 1] = { range: { start: prev.range.start, end: e.range.end }, newText: prev.newText + e.newText };
      continue;
    }
    out.push({ range: { ...e.range }, newText: e.newText });
  }
  return out;
}
