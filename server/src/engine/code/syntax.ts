/**
 * A plain-JS mirror of a tree-sitter syntax tree.
 *
 * Reading a web-tree-sitter tree node by node costs a WASM call per property, so the parser
 * copies each tree once (one cursor walk) into these objects, and reuses the copies of subtrees
 * that an incremental re-parse left untouched. Everything downstream (handler discovery, the IR,
 * taint analysis) reads only `SNode`s.
 *
 * Comments are dropped; string literals without interpolation, numbers, regex literals and
 * TypeScript type annotations are kept as leaves (their text is read from the source).
 */

export interface SNode {
  type: string;
  start: number;
  end: number;
  /** Field name in the parent (`function`, `arguments`, `left`, ...), or null. */
  field: string | null;
  named: boolean;
  children: SNode[];
  parent: SNode | null;
  /** Tree-sitter node id (only on large named nodes, else -1; used for reuse across re-parses). */
  id: number;
  /** The node is an ERROR node or a MISSING node. */
  bad: boolean;
  /** The subtree contains an ERROR or MISSING node. */
  err: boolean;
}

export function child(n: SNode, field: string): SNode | undefined {
  const cs = n.children;
  for (let i = 0; i < cs.length; i++) if (cs[i].field === field) return cs[i];
  return undefined;
}

export function childrenOf(n: SNode, field: string): SNode[] {
  const out: SNode[] = [];
  for (const c of n.children) if (c.field === field) out.push(c);
  return out;
}

export function named(n: SNode): SNode[] {
  const out: SNode[] = [];
  for (const c of n.children) if (c.named) out.push(c);
  return out;
}

export function firstNamed(n: SNode): SNode | undefined {
  for (const c of n.children) if (c.named) return c;
  return undefined;
}

/** First child (named or not) of one of the given types. */
export function childOfType(n: SNode, ...types: string[]): SNode | undefined {
  for (const c of n.children) if (types.includes(c.type)) return c;
  return undefined;
}

export function hasToken(n: SNode, token: string): boolean {
  for (const c of n.children) if (!c.named && c.type === token) return true;
  return false;
}

export function textOf(src: string, n: SNode): string {
  return src.slice(n.start, n.end);
}

/** Depth-first pre-order visit; return false from `fn` to skip a node's children. */
/**
 * Statement-like containers of the JS/TS and Python grammars. Per-keystroke caches key on these
 * nodes: the parser re-uses the node objects of subtrees an edit did not touch, and what those
 * caches collect (literal contexts, binding/call nodes) never depends on anything above a statement.
 */
export function isStatementLike(type: string): boolean {
  return type.endsWith('_statement') || type.endsWith('_definition') || type.endsWith('_declaration') || type === 'statement_block' || type === 'block' || type === 'class_body';
}

/** Statements nested deeper than this are walked without a per-statement cache (no deep recursion). */
export const MAX_STATEMENT_CACHE_DEPTH = 48;

export function walk(n: SNode, fn: (n: SNode) => boolean | void): void {
  const stack: SNode[] = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (fn(x) === false) continue;
    for (let i = x.children.length - 1; i >= 0; i--) stack.push(x.children[i]);
  }
}

/** Smallest node containing [start, end). */
export function nodeAt(root: SNode, start: number, end = start): SNode {
  let cur = root;
  for (;;) {
    let next: SNode | undefined;
    for (const c of cur.children) {
      if (c.start <= start && end <= c.end && !(c.start === c.end)) { next = c; break; }
    }
    if (!next) return cur;
    cur = next;
  }
}

/** Shift a whole subtree by `delta` characters. */
export function shiftTree(n: SNode, delta: number): void {
  if (delta === 0) return;
  const stack: SNode[] = [n];
  while (stack.length) {
    const x = stack.pop()!;
    x.start += delta;
    x.end += delta;
    for (const c of x.children) stack.push(c);
  }
}

/** Decode the value of a JS/TS string literal node's text (`'a\nb'`, `"x"`). */
export function decodeJsString(raw: string): string {
  if (raw.length < 2) return raw;
  return decodeEscapes(raw.slice(1, -1), false);
}

/**
 * Decode backslash escapes of a JS or Python literal body. `raw` (Python r-strings) keeps
 * backslashes as they are.
 */
export function decodeEscapes(body: string, raw: boolean): string {
  if (raw || body.indexOf('\\') < 0) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\' || i + 1 >= body.length) { out += ch; continue; }
    const nx = body[++i];
    switch (nx) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case '0': out += '\0'; break;
      case '\n': break;
      case '\r': if (body[i + 1] === '\n') i++; break;
      case 'x': {
        const h = body.slice(i + 1, i + 3);
        if (/^[0-9a-fA-F]{2}$/.test(h)) { out += String.fromCharCode(parseInt(h, 16)); i += 2; } else out += 'x';
        break;
      }
      case 'u': {
        if (body[i + 1] === '{') {
          const close = body.indexOf('}', i);
          const h = close > 0 ? body.slice(i + 2, close) : '';
          if (/^[0-9a-fA-F]{1,6}$/.test(h)) { out += String.fromCodePoint(parseInt(h, 16)); i = close; } else out += 'u';
        } else {
          const h = body.slice(i + 1, i + 5);
          if (/^[0-9a-fA-F]{4}$/.test(h)) { out += String.fromCharCode(parseInt(h, 16)); i += 4; } else out += 'u';
        }
        break;
      }
      default: out += nx;
    }
  }
  return out;
}
