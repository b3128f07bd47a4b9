/**
 * Where each character of a YAML / JSON scalar's *value* is in the document *text*, so that a
 * secret found at `value.slice(start, end)` can be reported on exactly the characters the user
 * wrote (a password inside a connection string, the `-----BEGIN` line of a PEM block scalar).
 *
 * Exact for: plain one-line scalars, single-quoted and double-quoted one-line scalars (YAML and
 * JSON escapes), and literal block scalars (`|`, `|-`, `|+`, `|2`) whose content lines map 1:1.
 * Anything else (folded `>` scalars, multi-line flow scalars, aliases) is `exact: false` and every
 * offset maps to the scalar's start. Linear in the scalar's length; no regular expressions.
 */
import type { Span, YScalar } from '../yaml/ast';

export interface ScalarMap {
  /** The scalar's string value. */
  value: string;
  /** True when `toSource` is exact for every offset. */
  exact: boolean;
  /** Document offset of value offset `i` (0 ≤ i ≤ value.length; `value.length` maps past the last char). */
  toSource(i: number): number;
  /** Document span of value span [start, end) (whole scalar when not exact). */
  span(start: number, end: number): Span;
}

function fallback(node: YScalar, value: string): ScalarMap {
  return { value, exact: false, toSource: () => node.range.start, span: () => ({ start: node.range.start, end: node.range.end }) };
}

function fromOffsets(node: YScalar, value: string, offs: number[] | Int32Array, endOff: number): ScalarMap {
  const toSource = (i: number) => (i <= 0 ? offs[0] ?? endOff : i >= value.length ? endOff : offs[i]);
  return {
    value,
    exact: true,
    toSource,
    span: (s, e) => {
      const start = toSource(s);
      // The end of the last character (escapes take several source characters).
      const end = e >= value.length ? endOff : toSource(e);
      return end > start ? { start, end } : { start: node.range.start, end: node.range.end };
    },
  };
}

const HEX = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** Decodes a double-quoted body (YAML or JSON escapes), recording the source offset of each value char. */
function decodeDouble(text: string, from: number, to: number, value: string): Int32Array | undefined {
  const offs = new Int32Array(value.length);
  let k = 0;
  for (let p = from; p < to; ) {
    const c = text.charCodeAt(p);
    if (c === 10 || c === 13) return undefined; // folding: not 1:1
    if (c !== 92 /* \ */) {
      if (k >= value.length || value.charCodeAt(k) !== c) return undefined;
      offs[k++] = p++;
      continue;
    }
    const e = text[p + 1];
    let len = 2;
    let out: string | undefined;
    switch (e) {
      case 'n': out = '\n'; break;
      case 't': case '\t': out = '\t'; break;
      case 'r': out = '\r'; break;
      case 'b': out = '\b'; break;
      case 'f': out = '\f'; break;
      case 'v': out = '\v'; break;
      case '0': out = '\0'; break;
      case 'a': out = '\x07'; break;
      case 'e': out = '\x1b'; break;
      case ' ': out = ' '; break;
      case '"': out = '"'; break;
      case '/': out = '/'; break;
      case '\\': out = '\\'; break;
      case 'N': out = '\x85'; break;
      case '_': out = '\xa0'; break;
      case 'L': out = '\u2028'; break;
      case 'P': out = '\u2029'; break;
      case 'x': case 'u': case 'U': {
        const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        for (let i = 0; i < n; i++) if (!HEX(text.charCodeAt(p + 2 + i))) return undefined;
        const cp = parseInt(text.slice(p + 2, p + 2 + n), 16);
        if (!(cp >= 0 && cp <= 0x10ffff)) return undefined;
        out = String.fromCodePoint(cp);
        len = 2 + n;
        break;
      }
      default:
        return undefined;
    }
    for (let i = 0; i < out.length; i++) {
      if (k >= value.length || value.charCodeAt(k) !== out.charCodeAt(i)) return undefined;
      offs[k++] = p;
    }
    p += len;
  }
  return k === value.length ? offs : undefined;
}

function decodeSingle(text: string, from: number, to: number, value: string): Int32Array | undefined {
  const offs = new Int32Array(value.length);
  let k = 0;
  for (let p = from; p < to; ) {
    const c = text.charCodeAt(p);
    if (c === 10 || c === 13) return undefined;
    if (k >= value.length || value.charCodeAt(k) !== c) return undefined;
    offs[k++] = p;
    p += c === 39 && text.charCodeAt(p + 1) === 39 ? 2 : 1;
  }
  return k === value.length ? offs : undefined;
}

/** Literal block scalar: value line k is source content line k with the block indentation removed. */
function decodeLiteralBlock(text: string, node: YScalar, value: string): Int32Array | undefined {
  const start = node.range.start;
  if (text.charCodeAt(start) !== 124 /* | */) return undefined;
  // Header: `|`, optional indentation indicator digit and chomping indicator, then a line break.
  let p = start + 1;
  let explicit = 0;
  while (p < node.range.end) {
    const c = text.charCodeAt(p);
    if (c >= 49 && c <= 57) explicit = c - 48;
    else if (c !== 43 && c !== 45) break;
    p++;
  }
  // Skip to the end of the header line (a comment may follow).
  while (p < node.range.end && text.charCodeAt(p) !== 10) p++;
  p++;
  // Block indentation: explicit, or the first non-empty line's.
  let indent = -1;
  const base = lineIndentAt(text, start);
  if (explicit) indent = base + explicit;
  const offs = new Int32Array(value.length);
  let k = 0;
  let q = p;
  while (k < value.length && q < text.length) {
    // one source line
    let e = q;
    while (e < text.length && text.charCodeAt(e) !== 10) e++;
    let contentEnd = e;
    if (contentEnd > q && text.charCodeAt(contentEnd - 1) === 13) contentEnd--;
    let ws = q;
    while (ws < contentEnd && text.charCodeAt(ws) === 32) ws++;
    if (indent < 0 && ws < contentEnd) indent = ws - q;
    const lineStart = indent >= 0 ? Math.min(q + indent, contentEnd) : contentEnd;
    for (let i = lineStart; i < contentEnd && k < value.length; i++) {
      if (value.charCodeAt(k) !== text.charCodeAt(i)) return undefined;
      offs[k++] = i;
    }
    if (k < value.length) {
      if (value.charCodeAt(k) !== 10) return undefined;
      offs[k++] = contentEnd;
    }
    q = e + 1;
  }
  return k === value.length ? offs : undefined;
}

function lineIndentAt(text: string, offset: number): number {
  let s = offset;
  while (s > 0 && text.charCodeAt(s - 1) !== 10) s--;
  let i = s;
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  return i - s;
}

/** Maps value offsets of a string scalar to document offsets. */
export function scalarMap(text: string, node: YScalar): ScalarMap | undefined {
  if (typeof node.value !== 'string') return undefined;
  const value = node.value;
  const { start, end } = node.range;
  if (end > text.length || start >= end) return fallback(node, value);
  const c0 = text.charCodeAt(start);
  if (node.block) {
    const offs = decodeLiteralBlock(text, node, value);
    if (!offs) return fallback(node, value);
    const endOff = value.length ? offs[value.length - 1] + 1 : start;
    return fromOffsets(node, value, offs, endOff);
  }
  if (c0 === 34 /* " */ && text.charCodeAt(end - 1) === 34) {
    const offs = decodeDouble(text, start + 1, end - 1, value);
    return offs ? fromOffsets(node, value, offs, end - 1) : fallback(node, value);
  }
  if (c0 === 39 /* ' */ && text.charCodeAt(end - 1) === 39) {
    const offs = decodeSingle(text, start + 1, end - 1, value);
    return offs ? fromOffsets(node, value, offs, end - 1) : fallback(node, value);
  }
  if (end - start === value.length && text.startsWith(value, start)) {
    return {
      value,
      exact: true,
      toSource: (i) => start + Math.max(0, Math.min(i, value.length)),
      span: (s, e) => ({ start: start + s, end: start + Math.max(e, s + 1) }),
    };
  }
  return fallback(node, value);
}
