/**
 * Where the cursor is in a YAML (or JSON) config, as a path of keys.
 *
 * Two views, because the text being typed is usually not valid YAML yet:
 * - `yamlKeyContext` reads the *lines* above the cursor (indentation, `key:` and `- ` items) and
 *   works while the current line is half-typed (`  sg-func|`). Used for snippet completion.
 * - `nodePathAt` walks the parsed tree to the innermost node at an offset. Used for hovers, where
 *   the text under the mouse is complete.
 * Hand-written character scanning, no regular expressions.
 */
import { isMap, isScalar, isSeq, type YNode, type YPair, type YScalar } from '../yaml/ast';

/** A path segment: a map key, or `[]` for "an item of a sequence". */
export type PathSegment = string;
export const SEQ_ITEM = '[]';

export interface LineInfo {
  /** Offset of the line start. */
  start: number;
  /** Offset of the end of the line content (before the line break). */
  end: number;
}

export function lineAt(text: string, offset: number): LineInfo {
  let s = offset;
  while (s > 0 && text.charCodeAt(s - 1) !== 10 && text.charCodeAt(s - 1) !== 13) s--;
  let e = offset;
  while (e < text.length && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) e++;
  return { start: s, end: e };
}

function prevLine(text: string, lineStart: number): LineInfo | undefined {
  if (lineStart <= 0) return undefined;
  let e = lineStart - 1;
  if (text.charCodeAt(e) === 10 && e > 0 && text.charCodeAt(e - 1) === 13) e--;
  return lineAt(text, e);
}

function leadingSpaces(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && text.charCodeAt(i) === 32) i++;
  return i - from;
}

/**
 * Tokens of a block-structure line: `key:`, `- key: v`, `- `. Columns are relative to the line.
 * `hasValue` is true when a scalar follows the key on the same line (not a tag, anchor, block
 * indicator or comment only).
 */
interface LineToken {
  col: number;
  kind: 'key' | 'item';
  key?: string;
  hasValue?: boolean;
}

function lineTokens(text: string, line: LineInfo): LineToken[] {
  const out: LineToken[] = [];
  let i = line.start + leadingSpaces(text, line.start, line.end);
  for (;;) {
    if (i >= line.end) return out;
    const c = text.charCodeAt(i);
    if (c === 35 /* # */) return out;
    if (c === 45 /* - */ && (i + 1 >= line.end || text.charCodeAt(i + 1) === 32)) {
      out.push({ col: i - line.start, kind: 'item' });
      i++;
      while (i < line.end && text.charCodeAt(i) === 32) i++;
      continue;
    }
    // key: quoted or plain, followed by ':' + space/end
    const keyStart = i;
    let key: string | undefined;
    let j = i;
    if (c === 34 || c === 39) {
      j = i + 1;
      while (j < line.end && text.charCodeAt(j) !== c) j++;
      key = text.slice(i + 1, j);
      j++;
    } else {
      while (j < line.end) {
        const cj = text.charCodeAt(j);
        if (cj === 58 && (j + 1 >= line.end || text.charCodeAt(j + 1) === 32 || text.charCodeAt(j + 1) === 9)) break;
        if (cj === 32 && text.charCodeAt(j + 1) === 35) break;
        j++;
      }
      key = text.slice(i, j).trimEnd();
    }
    if (j < line.end && text.charCodeAt(j) === 58) {
      let k = j + 1;
      while (k < line.end && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
      let hasValue = false;
      if (k < line.end) {
        const v = text.charCodeAt(k);
        if (v === 35) hasValue = false;
        else if (v === 124 /* | */ || v === 62 /* > */) hasValue = false;
        else if (v === 38 /* & */ || v === 33 /* ! */) {
          // anchor or tag: a value only if something follows it
          let m = k;
          while (m < line.end && text.charCodeAt(m) !== 32) m++;
          while (m < line.end && text.charCodeAt(m) === 32) m++;
          hasValue = m < line.end && text.charCodeAt(m) !== 35;
        } else hasValue = true;
      }
      out.push({ col: keyStart - line.start, kind: 'key', key, hasValue });
      return out;
    }
    return out;
  }
}

export interface KeyContext {
  /** Keys from the root to the map the cursor would add an entry to (`['functions']`). */
  path: PathSegment[];
  /** Column the new entry starts at. */
  indent: number;
  /** What has been typed on this line before the cursor (the completion prefix), and where it starts. */
  prefix: string;
  prefixStart: number;
  /** The line is a sequence item (`- |`): the path ends with `[]`. */
  inSequenceItem: boolean;
}

const isPrefixChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95 || c === 46;

/**
 * When the cursor is where a new map key could start (the line holds only indentation and a
 * partial word before the cursor, nothing after it), the path of the map that key belongs to.
 */
export function yamlKeyContext(text: string, offset: number): KeyContext | undefined {
  const line = lineAt(text, offset);
  // nothing but whitespace after the cursor
  for (let i = offset; i < line.end; i++) if (text.charCodeAt(i) !== 32 && text.charCodeAt(i) !== 9) return undefined;
  let p = offset;
  while (p > line.start && isPrefixChar(text.charCodeAt(p - 1))) p--;
  const prefix = text.slice(p, offset);
  let lead = line.start;
  while (lead < p && text.charCodeAt(lead) === 32) lead++;
  let inSequenceItem = false;
  let indent = lead - line.start;
  if (lead < p) {
    // only `- ` may precede the prefix
    if (text.charCodeAt(lead) === 45 && p - lead >= 2 && text.slice(lead + 1, p).trim() === '') {
      inSequenceItem = true;
      indent = p - line.start;
    } else return undefined;
  }
  const path = parentPath(text, line, inSequenceItem ? lead - line.start : indent, inSequenceItem);
  if (!path) return undefined;
  if (inSequenceItem) path.push(SEQ_ITEM);
  return { path, indent, prefix, prefixStart: p, inSequenceItem };
}

/**
 * Keys enclosing a line at column `col` (exclusive of the line itself). When `dashAtCol` the line
 * is a `- ` item at `col`, whose owning key may sit at the same column.
 */
function parentPath(text: string, line: LineInfo, col: number, dashAtCol: boolean): PathSegment[] | undefined {
  const path: PathSegment[] = [];
  let limit = col;
  let equalKeyAllowed = dashAtCol;
  let cur: LineInfo | undefined = line;
  let guard = 0;
  while ((limit > 0 || equalKeyAllowed) && (cur = prevLine(text, cur.start))) {
    if (++guard > 20000) break;
    const toks = lineTokens(text, cur);
    if (!toks.length) continue; // blank, comment, or a continuation line
    // Walk the tokens right to left (a `- key:` line opens an item then a key inside it).
    for (let t = toks.length - 1; t >= 0; t--) {
      const tok = toks[t];
      if (tok.kind === 'key') {
        if (tok.col < limit || (equalKeyAllowed && tok.col === limit)) {
          path.unshift(tok.key ?? '');
          limit = tok.col;
          equalKeyAllowed = false;
        }
      } else if (tok.col < limit) {
        path.unshift(SEQ_ITEM);
        limit = tok.col;
        equalKeyAllowed = true;
      }
    }
    // A line at a smaller indent whose tokens did not qualify (e.g. a plain scalar) ends nothing.
  }
  return path;
}

/** The smallest positive indentation step in the file (2 when unknown). */
export function indentUnitOf(text: string, fallback = 2): number {
  let best = 0;
  let lineStart = 0;
  let scanned = 0;
  while (lineStart < text.length && scanned < 2000) {
    let e = lineStart;
    while (e < text.length && text.charCodeAt(e) !== 10) e++;
    const n = leadingSpaces(text, lineStart, e);
    if (n > 0 && n < e - lineStart) {
      const c = text.charCodeAt(lineStart + n);
      if (c !== 35 && c !== 13 && (best === 0 || n < best)) best = n;
    }
    lineStart = e + 1;
    scanned++;
  }
  return best > 0 && best <= 8 ? best : fallback;
}

/** Does the path match a pattern like `functions.*.environment` (segments; `*` = any one key)? */
export function pathMatches(path: readonly PathSegment[], pattern: string): boolean {
  const pat = pattern === '' ? [] : pattern.split('.');
  if (pat.length !== path.length) return false;
  for (let i = 0; i < pat.length; i++) {
    if (pat[i] === '*') {
      if (path[i] === SEQ_ITEM) return false;
      continue;
    }
    if (pat[i] !== path[i]) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Tree view

export interface NodeStep {
  /** Key (map entry) or index (sequence item) that leads to `node`. */
  key: string | number;
  keyNode?: YScalar;
  node: YNode | null;
}

export interface NodeAt {
  /** Steps from the root to the innermost node containing the offset. */
  steps: NodeStep[];
  /** The innermost scalar value at the offset, if any. */
  scalar?: YScalar;
  /** The offset is on a map key (then `scalar` is that key). */
  onKey: boolean;
}

const within = (r: { start: number; end: number }, o: number) => r.start <= o && o <= r.end;

/** The chain of nodes at `offset` (keys are matched too: hovering a key reports `onKey`). */
export function nodePathAt(root: YNode | null, offset: number): NodeAt {
  const steps: NodeStep[] = [];
  let node: YNode | null = root;
  for (let depth = 0; node && depth < 200; depth++) {
    if (isMap(node)) {
      let next: YPair | undefined;
      for (const p of node.entries) {
        if (within(p.key.range, offset) && p.key.range.end > p.key.range.start) {
          steps.push({ key: String(p.key.value), keyNode: p.key, node: p.value });
          return { steps, scalar: p.key, onKey: true };
        }
        if (p.value && within(p.value.range, offset)) next = p;
      }
      if (!next) return { steps, onKey: false };
      steps.push({ key: String(next.key.value), keyNode: next.key, node: next.value });
      node = next.value;
      continue;
    }
    if (isSeq(node)) {
      const idx = node.items.findIndex((it) => within(it.range, offset));
      if (idx < 0) return { steps, onKey: false };
      steps.push({ key: idx, node: node.items[idx] });
      node = node.items[idx];
      continue;
    }
    if (isScalar(node)) return { steps, scalar: within(node.range, offset) ? node : undefined, onKey: false };
    break;
  }
  return { steps, onKey: false };
}

/** The nearest map key above the last step (skipping sequence indexes). */
export function owningKey(steps: readonly NodeStep[]): string | undefined {
  for (let i = steps.length - 1; i >= 0; i--) if (typeof steps[i].key === 'string') return steps[i].key as string;
  return undefined;
}
