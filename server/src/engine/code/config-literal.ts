/**
 * `serverless.ts` / `serverless.js` read statically: the exported object literal (`module.exports =
 * {…}`, `export default {…}`, either through a module-level `const`) becomes the same document tree
 * a serverless.yml parses into, with every node's range at the TS/JS source, so the serverless
 * model and every config rule work on it unchanged. Nothing is executed.
 *
 * What cannot be read statically (imports, calls, `process.env`, template literals with
 * substitutions, non-literal spreads) stays unknown: it becomes an unresolvable variable scalar
 * (`${ts:unresolved}`), which the model treats like `${ssm:…}` — never a secret, never a wildcard.
 * Computed keys and spreads of non-literals are left out.
 */
import type { ParsedDocument, YMap, YNode, YPair, YScalar, YSeq } from '../yaml/ast';
import { codeParsersReady, freeParse, parseCode } from './parser';
import { child, decodeJsString, named, textOf, type SNode } from './syntax';

/** The text every unresolvable value reads as (an unknown Serverless variable source). */
export const UNRESOLVED = '${ts:unresolved}';

const SCRIPT_NAMES = new Set(['serverless.ts', 'serverless.js', 'serverless.mjs', 'serverless.cjs', 'serverless.mts', 'serverless.cts']);

export function isServerlessScript(path: string): boolean {
  const b = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  return SCRIPT_NAMES.has(b);
}

const MAX_DEPTH = 64;
/** Nodes one conversion may produce (shared bindings could otherwise expand exponentially). */
const MAX_NODES = 50_000;

class Converter {
  private readonly bindings = new Map<string, SNode>();
  /** Binding values being expanded (a binding that refers to itself is unknown). */
  private readonly active = new Set<SNode>();
  private produced = 0;

  constructor(
    private readonly src: string,
    root: SNode,
  ) {
    for (const st of root.children) {
      const decl = st.type === 'export_statement' ? child(st, 'declaration') : st;
      if (!decl || (decl.type !== 'lexical_declaration' && decl.type !== 'variable_declaration')) continue;
      for (const d of decl.children) {
        if (d.type !== 'variable_declarator') continue;
        const name = child(d, 'name');
        const value = child(d, 'value');
        if (name?.type === 'identifier' && value) this.bindings.set(textOf(src, name), value);
      }
    }
  }

  /** The exported configuration expression, if the module exports one. */
  exported(root: SNode): SNode | undefined {
    for (const st of root.children) {
      if (st.type === 'export_statement' && st.children.some((c) => c.type === 'default')) {
        const v = child(st, 'value') ?? named(st).find((c) => c.type !== 'comment');
        if (v) return v;
      }
      if (st.type === 'expression_statement') {
        const a = named(st)[0];
        if (a?.type !== 'assignment_expression') continue;
        const left = child(a, 'left');
        if (left && textOf(this.src, left) === 'module.exports') return child(a, 'right');
      }
    }
    return undefined;
  }

  /** Strip TS wrappers and follow module-level const bindings to the expression that gives the value. */
  resolve(n: SNode, via: SNode[] = []): SNode {
    let cur = n;
    for (let i = 0; i < 32; i++) {
      if (cur.type === 'parenthesized_expression' || cur.type === 'as_expression' || cur.type === 'satisfies_expression' || cur.type === 'non_null_expression' || cur.type === 'type_assertion') {
        const inner = named(cur).find((c) => !c.type.includes('type') && c.type !== 'comment') ?? named(cur)[0];
        if (!inner || inner === cur) return cur;
        cur = inner;
        continue;
      }
      if (cur.type === 'identifier') {
        const b = this.bindings.get(textOf(this.src, cur));
        if (!b) return cur;
        via.push(b);
        cur = b;
        continue;
      }
      return cur;
    }
    return cur;
  }

  node(expr: SNode, depth: number): YNode {
    const via: SNode[] = [];
    const n = this.resolve(expr, via);
    if (depth > MAX_DEPTH || ++this.produced > MAX_NODES || via.some((b) => this.active.has(b))) return this.unknown(expr);
    for (const b of via) this.active.add(b);
    try {
      switch (n.type) {
        case 'object':
          return this.map(n, depth);
        case 'array':
          return this.seq(n, depth);
        case 'string':
          return this.scalar(n, decodeJsString(textOf(this.src, n)), true);
        case 'template_string':
          if (n.children.some((c) => c.type === 'template_substitution')) return this.unknown(expr);
          return this.scalar(n, decodeJsString(textOf(this.src, n)), true);
        case 'number': {
          const v = Number(textOf(this.src, n));
          return Number.isFinite(v) ? this.scalar(n, v, false) : this.unknown(expr);
        }
        case 'true':
          return this.scalar(n, true, false);
        case 'false':
          return this.scalar(n, false, false);
        case 'null':
        case 'undefined':
          return this.scalar(n, null, false);
        default:
          return this.unknown(expr);
      }
    } finally {
      for (const b of via) this.active.delete(b);
    }
  }

  private scalar(n: SNode, value: YScalar['value'], quoted: boolean): YScalar {
    return { type: 'scalar', range: { start: n.start, end: n.end }, value, quoted };
  }

  private unknown(n: SNode): YScalar {
    return { type: 'scalar', range: { start: n.start, end: n.end }, value: UNRESOLVED, quoted: true };
  }

  private key(k: SNode): YScalar | undefined {
    if (k.type === 'property_identifier' || k.type === 'identifier') return this.scalar(k, textOf(this.src, k), false);
    if (k.type === 'string') return this.scalar(k, decodeJsString(textOf(this.src, k)), true);
    if (k.type === 'number') return this.scalar(k, textOf(this.src, k), false);
    return undefined; // computed keys
  }

  private map(n: SNode, depth: number): YMap {
    const entries: YPair[] = [];
    const put = (p: YPair) => {
      const i = entries.findIndex((e) => e.key.value === p.key.value);
      if (i >= 0) entries.splice(i, 1); // later keys win, as in JS
      entries.push(p);
    };
    for (const c of n.children) {
      if (c.type === 'pair') {
        const k = child(c, 'key');
        const v = child(c, 'value');
        const key = k ? this.key(k) : undefined;
        if (!key || !v) continue;
        put({ key, value: this.node(v, depth + 1), range: { start: c.start, end: c.end } });
      } else if (c.type === 'shorthand_property_identifier') {
        const key = this.scalar(c, textOf(this.src, c), false);
        const id: SNode = { ...c, type: 'identifier' };
        put({ key, value: this.node(id, depth + 1), range: { start: c.start, end: c.end } });
      } else if (c.type === 'spread_element') {
        const arg = named(c)[0];
        const via: SNode[] = [];
        const target = arg ? this.resolve(arg, via) : undefined;
        if (target?.type !== 'object' || depth >= MAX_DEPTH || via.some((b) => this.active.has(b))) continue;
        for (const b of via) this.active.add(b);
        for (const p of this.map(target, depth + 1).entries) put(p);
        for (const b of via) this.active.delete(b);
      }
    }
    return { type: 'map', range: { start: n.start, end: n.end }, entries };
  }

  private seq(n: SNode, depth: number): YSeq {
    const items: YNode[] = [];
    for (const c of n.children) {
      if (!c.named || c.type === 'comment') continue;
      if (c.type === 'spread_element') {
        const arg = named(c)[0];
        const via: SNode[] = [];
        const target = arg ? this.resolve(arg, via) : undefined;
        if (target?.type !== 'array' || depth >= MAX_DEPTH || via.some((b) => this.active.has(b))) continue;
        for (const b of via) this.active.add(b);
        items.push(...this.seq(target, depth + 1).items);
        for (const b of via) this.active.delete(b);
        continue;
      }
      items.push(this.node(c, depth + 1));
    }
    return { type: 'seq', range: { start: n.start, end: n.end }, items };
  }
}

/**
 * The document tree of a serverless.ts/js, or undefined when the parsers are not ready or the
 * module does not export an object literal.
 */
export function parseServerlessScript(text: string, path: string): ParsedDocument | undefined {
  if (!codeParsersReady()) return undefined;
  const p = path.toLowerCase();
  const lang = p.endsWith('ts') ? 'typescript' : 'javascript';
  const parsed = parseCode(text, lang);
  try {
    const root = parsed.root;
    if (!root) return undefined;
    const conv = new Converter(text, root);
    const exp = conv.exported(root);
    if (!exp || conv.resolve(exp).type !== 'object') return undefined;
    const tree = conv.node(exp, 0);
    return { text, format: 'json', root: tree, problems: [], comments: [], documentCount: 1 };
  } finally {
    freeParse(parsed);
  }
}
