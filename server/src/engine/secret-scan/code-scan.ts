/**
 * Finds the string literals of a JavaScript / TypeScript / Python syntax tree (the plain SNode
 * mirror of tree-sitter, code/syntax.ts) that the secret rules classify, and the name each one is
 * bound to — by walking the tree, never by matching the source text:
 *
 *  - variable declarators, assignments (`x = …`, `obj.prop = …`, `self.x = …`, `d["k"] = …`),
 *    class fields, object / dict pairs, keyword arguments, parameter and destructuring defaults;
 *  - call arguments with a known meaning: `jwt.sign(p, SECRET)`, `crypto.createHmac(alg, KEY)`,
 *    `hmac.new(KEY, …)`, `new Sequelize(db, user, PASSWORD)`, and the default of an environment
 *    lookup (`os.getenv("X", DEFAULT)`, `os.environ.get("X", DEFAULT)`, `process.env.X || DEFAULT`,
 *    which is classified under the variable name X);
 *  - every other literal is still returned without a key (vendor formats, URLs with passwords,
 *    PEM blocks and JWTs are found anywhere).
 *
 * Never candidates: object / dict keys, the name argument of an environment lookup
 * (`os.environ["X"]`, `process.env["X"]`, `os.getenv("X")`), module specifiers (`require('x')`,
 * `import … from 'x'`). Environment lookups themselves are expressions, not literals, so they are
 * never classified at all. Comparisons (`password === 'x'`) are classified without a key.
 *
 * Literal values are decoded (escapes) with a source offset per character, so hits map back to the
 * exact characters. Template strings / f-strings with substitutions keep their raw text, with each
 * substitution masked as a same-length `${…}` (so it reads as "not a literal" to the classifier).
 */
import type { CodeLang } from '../code/types';
import { MAX_STATEMENT_CACHE_DEPTH, isStatementLike, type SNode } from '../code/syntax';
import type { SecretNeighbour, SecretPurpose } from '../secrets';
import { detach, detachData } from '../lru';
import { assignedSink, keywordSink, keywordTupleSink, positionalSink } from './sinks';

export type LiteralRole = 'assigned' | 'property' | 'keyword' | 'default' | 'argument' | 'fallback' | 'other';

export interface CodeCandidate {
  /** The literal expression (string, template string, Python concatenated string, `'a' + 'b'`). */
  node: SNode;
  value: string;
  /** Document offset of value offset i (i = value.length maps to the end of the last character). */
  toSource(i: number): number;
  keyName?: string;
  role: LiteralRole;
  /** A plain literal in an expression position: it can be replaced by an environment lookup. */
  replaceable: boolean;
  /** Text of the callee for call arguments / keyword arguments / pairs inside a call argument. */
  callee?: string;
  /** What the code uses the literal for, from the sink table (sinks.ts). */
  purpose?: SecretPurpose;
  /** The sink's name for the value (`sessionSecret` for express-session's `secret`), for the fix. */
  sinkName?: string;
  /**
   * For `fallback` literals: the environment variable being defaulted and the range to delete to
   * drop the default (`|| 'x'`, `, "x"`).
   */
  envName?: string;
  dropRange?: { start: number; end: number };
  neighbours: SecretNeighbour[];
}

interface Decoded {
  value: string;
  /** Source offset per value character, or null when the value is `text.slice(base, …)` itself. */
  offs: number[] | null;
  base: number;
  end: number;
  plain: boolean;
}

function offsetsOf(d: Decoded): number[] {
  if (d.offs) return d.offs;
  const out = new Array<number>(d.value.length);
  for (let i = 0; i < d.value.length; i++) out[i] = d.base + i;
  return out;
}

/** No backslash in [from, to): the body is the value. */
function noEscapes(text: string, from: number, to: number): boolean {
  const b = text.indexOf('\\', from);
  return b < 0 || b >= to;
}

/** Longest `'a' + 'b' + …` chain treated as one literal. */
const MAX_CONCAT_DEPTH = 8;

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** Decodes a JS string body [from, to) with offsets. */
function decodeJs(text: string, from: number, to: number): { value: string; offs: number[] | null } {
  if (noEscapes(text, from, to)) return { value: text.slice(from, to), offs: null };
  let value = '';
  const offs: number[] = [];
  for (let p = from; p < to; ) {
    const c = text[p];
    if (c !== '\\' || p + 1 >= to) {
      value += c;
      offs.push(p++);
      continue;
    }
    const e = text[p + 1];
    let out: string | undefined;
    let len = 2;
    switch (e) {
      case 'n': out = '\n'; break;
      case 't': out = '\t'; break;
      case 'r': out = '\r'; break;
      case 'b': out = '\b'; break;
      case 'f': out = '\f'; break;
      case 'v': out = '\v'; break;
      case '0': out = '\0'; break;
      case '\n': out = ''; break;
      case '\r': out = ''; len = text[p + 2] === '\n' ? 3 : 2; break;
      case 'x':
        if (isHex(text.charCodeAt(p + 2)) && isHex(text.charCodeAt(p + 3))) { out = String.fromCharCode(parseInt(text.slice(p + 2, p + 4), 16)); len = 4; }
        else out = 'x';
        break;
      case 'u':
        if (text[p + 2] === '{') {
          const close = text.indexOf('}', p + 3);
          const h = close > 0 && close - p < 12 ? text.slice(p + 3, close) : '';
          if (h && [...h].every((ch) => isHex(ch.charCodeAt(0))) && parseInt(h, 16) <= 0x10ffff) { out = String.fromCodePoint(parseInt(h, 16)); len = close + 1 - p; }
          else out = 'u';
        } else if ([2, 3, 4, 5].every((k) => isHex(text.charCodeAt(p + k)))) { out = String.fromCharCode(parseInt(text.slice(p + 2, p + 6), 16)); len = 6; }
        else out = 'u';
        break;
      default: out = e;
    }
    for (let i = 0; i < out.length; i++) {
      value += out[i];
      offs.push(p);
    }
    p += len;
  }
  return { value, offs };
}

/** Decodes a Python (non-raw) string body with offsets; unknown escapes keep their backslash. */
function decodePy(text: string, from: number, to: number): { value: string; offs: number[] | null } {
  if (noEscapes(text, from, to)) return { value: text.slice(from, to), offs: null };
  let value = '';
  const offs: number[] = [];
  const push = (s: string, p: number) => {
    for (let i = 0; i < s.length; i++) {
      value += s[i];
      offs.push(p);
    }
  };
  for (let p = from; p < to; ) {
    const c = text[p];
    if (c !== '\\' || p + 1 >= to) {
      value += c;
      offs.push(p++);
      continue;
    }
    const e = text[p + 1];
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', a: '\x07', '\\': '\\', "'": "'", '"': '"', '\n': '' };
    if (e in simple) {
      push(simple[e], p);
      p += 2;
      continue;
    }
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen && Array.from({ length: hexLen }, (_, k) => isHex(text.charCodeAt(p + 2 + k))).every(Boolean)) {
      const cp = parseInt(text.slice(p + 2, p + 2 + hexLen), 16);
      if (cp <= 0x10ffff) {
        push(String.fromCodePoint(cp), p);
        p += 2 + hexLen;
        continue;
      }
    }
    if (e >= '0' && e <= '7') {
      let k = p + 1;
      while (k < p + 4 && k < to && text[k] >= '0' && text[k] <= '7') k++;
      push(String.fromCharCode(parseInt(text.slice(p + 1, k), 8)), p);
      p = k;
      continue;
    }
    // Unknown escape (`\d`, `\N{…}`): Python keeps the backslash.
    value += '\\';
    offs.push(p++);
  }
  return { value, offs };
}

/** Same-length mask for a substitution: `${…}` so the classifier sees "not a literal". */
function mask(len: number): string {
  if (len <= 0) return '';
  if (len < 3) return '$'.repeat(len);
  return '${' + 'x'.repeat(len - 3) + '}';
}

/** The decoded value of a string-literal node, or undefined when the node is not one. */
function decodeLiteral(n: SNode, text: string, lang: CodeLang, depth = 0): Decoded | undefined {
  if (lang === 'python') {
    if (n.type === 'string') {
      const raw = text.slice(n.start, n.end);
      let i = 0;
      while (i < raw.length && raw[i] !== '"' && raw[i] !== "'") i++;
      if (i === raw.length) return undefined; // a quote-less `string` node from error recovery
      const prefix = raw.slice(0, i).toLowerCase();
      const q = raw.startsWith(raw[i].repeat(3), i) && raw.length - i >= 6 ? 3 : 1;
      const from = n.start + i + q;
      const to = n.end - q;
      if (to < from) return undefined;
      if (prefix.includes('f')) {
        // f-string: mask the interpolations, keep the rest raw.
        let value = text.slice(from, to);
        for (const c of n.children) {
          if (c.type === 'interpolation' && c.start >= from && c.end <= to) {
            value = value.slice(0, c.start - from) + mask(c.end - c.start) + value.slice(c.end - from);
          }
        }
        return { value, offs: null, base: from, end: to, plain: false };
      }
      const d = prefix.includes('r') ? { value: text.slice(from, to), offs: null } : decodePy(text, from, to);
      return { ...d, base: from, end: to, plain: !prefix.includes('b') };
    }
    if (n.type === 'concatenated_string') {
      let value = '';
      const offs: number[] = [];
      let end = n.end;
      for (const c of n.children) {
        const d = decodeLiteral(c, text, lang);
        if (!d || !d.plain) return undefined;
        value += d.value;
        for (const o of offsetsOf(d)) offs.push(o);
        end = d.end;
      }
      return { value, offs, base: n.start, end, plain: true };
    }
    return undefined;
  }
  if (n.type === 'string') {
    if (n.end - n.start < 2) return undefined;
    const d = decodeJs(text, n.start + 1, n.end - 1);
    return { ...d, base: n.start + 1, end: n.end - 1, plain: true };
  }
  if (n.type === 'template_string') {
    const from = n.start + 1;
    const to = n.end - 1;
    const subs = n.children.filter((c) => c.type === 'template_substitution');
    if (subs.length === 0) return { ...decodeJs(text, from, to), base: from, end: to, plain: true };
    let value = text.slice(from, to);
    for (const c of subs) value = value.slice(0, c.start - from) + mask(c.end - c.start) + value.slice(c.end - from);
    return { value, offs: null, base: from, end: to, plain: false };
  }
  if (n.type === 'binary_expression' && depth < MAX_CONCAT_DEPTH && operatorOf(n, text) === '+') {
    const l = n.children.find((c) => c.field === 'left');
    const r = n.children.find((c) => c.field === 'right');
    if (!l || !r) return undefined;
    const a = decodeLiteral(l, text, lang, depth + 1);
    const b = a && decodeLiteral(r, text, lang, depth + 1);
    if (!a || !b || !a.plain || !b.plain) return undefined;
    return { value: a.value + b.value, offs: [...offsetsOf(a), ...offsetsOf(b)], base: n.start, end: b.end, plain: true };
  }
  if (n.type === 'parenthesized_expression' && depth < MAX_CONCAT_DEPTH) {
    const inner = n.children.filter((c) => c.named);
    return inner.length === 1 ? decodeLiteral(inner[0], text, lang, depth + 1) : undefined;
  }
  return undefined;
}

function operatorOf(n: SNode, text: string): string | undefined {
  const op = n.children.find((c) => c.field === 'operator') ?? n.children.find((c) => !c.named && c.type !== '(' && c.type !== ')');
  return op ? text.slice(op.start, op.end) : undefined;
}

const field = (n: SNode, f: string) => n.children.find((c) => c.field === f);

/** Text of an identifier / property / string key node, decoded. */
function nameText(n: SNode | undefined, text: string, lang: CodeLang): string | undefined {
  if (!n) return undefined;
  switch (n.type) {
    case 'identifier':
    case 'property_identifier':
    case 'private_property_identifier':
    case 'shorthand_property_identifier':
    case 'shorthand_property_identifier_pattern':
    case 'type_identifier':
      return text.slice(n.start, n.end).replace(/^#/, '');
    case 'number':
    case 'integer':
      return undefined;
    case 'member_expression':
      return nameText(field(n, 'property'), text, lang);
    case 'attribute':
      return nameText(field(n, 'attribute'), text, lang);
    case 'subscript_expression':
      return nameText(field(n, 'index'), text, lang);
    case 'subscript':
      return nameText(field(n, 'subscript'), text, lang);
    default: {
      const d = decodeLiteral(n, text, lang);
      return d && d.plain && d.value.length <= 128 ? d.value : undefined;
    }
  }
}

/** Dotted text of a callee (`mysql.createConnection`, `os.environ.get`), or undefined. */
export function calleeText(n: SNode | undefined, text: string): string | undefined {
  if (!n) return undefined;
  if (n.type === 'identifier' || n.type === 'property_identifier') return text.slice(n.start, n.end);
  if (n.type === 'member_expression' || n.type === 'attribute') {
    const obj = calleeText(field(n, 'object'), text);
    const prop = text.slice((field(n, 'property') ?? field(n, 'attribute'))?.start ?? 0, (field(n, 'property') ?? field(n, 'attribute'))?.end ?? 0);
    return obj ? `${obj}.${prop}` : prop;
  }
  if (n.type === 'this') return 'this';
  if (n.type === 'call_expression' || n.type === 'call') return calleeText(field(n, 'function'), text);
  if (n.type === 'new_expression') return calleeText(field(n, 'constructor'), text);
  if (n.type === 'await_expression' || n.type === 'parenthesized_expression') return calleeText(n.children.find((c) => c.named), text);
  return undefined;
}

/** `process.env.X`, `process.env["X"]`, `os.environ["X"]`, `os.environ.get("X")`, `os.getenv("X")` → X. */
export function envLookupName(n: SNode | undefined, text: string, lang: CodeLang): string | undefined {
  if (!n) return undefined;
  if (lang !== 'python') {
    if (n.type === 'member_expression' || n.type === 'subscript_expression') {
      const obj = calleeText(field(n, 'object'), text);
      if (obj === 'process.env' || obj === 'import.meta.env') return nameText(field(n, n.type === 'member_expression' ? 'property' : 'index'), text, lang);
    }
    return undefined;
  }
  if (n.type === 'subscript') {
    const obj = calleeText(field(n, 'value'), text);
    if (obj === 'os.environ' || obj === 'environ') return nameText(field(n, 'subscript'), text, lang);
  }
  if (n.type === 'call') {
    const c = calleeText(field(n, 'function'), text);
    if (c && ENV_GETTERS.has(c)) {
      const args = field(n, 'arguments');
      const first = args?.children.find((x) => x.named);
      return first ? nameText(first, text, lang) : undefined;
    }
  }
  return undefined;
}

const ENV_GETTERS = new Set(['os.getenv', 'getenv', 'os.environ.get', 'environ.get', 'os.environ.setdefault']);
const ENV_OBJECTS = new Set(['process.env', 'import.meta.env', 'os.environ', 'environ']);

const TRANSPARENT = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion', 'await_expression']);

interface Ctx {
  keyName?: string;
  purpose?: SecretPurpose;
  sinkName?: string;
  role: LiteralRole;
  replaceable: boolean;
  callee?: string;
  envName?: string;
  dropRange?: { start: number; end: number };
  skip?: boolean;
}

/** Enclosing call of an `arguments` / `argument_list` node. */
function callOf(args: SNode): SNode | undefined {
  const p = args.parent;
  return p && (p.type === 'call_expression' || p.type === 'new_expression' || p.type === 'call') ? p : undefined;
}

/** Callee of the call whose argument (object literal / dict) contains `n`, within a few levels. */
function enclosingCallee(n: SNode, text: string): string | undefined {
  let cur: SNode | null = n;
  for (let i = 0; cur && i < 4; i++) {
    const p: SNode | null = cur.parent;
    if (!p) return undefined;
    if (p.type === 'arguments' || p.type === 'argument_list') {
      const call = callOf(p);
      return call ? calleeText(call, text) : undefined;
    }
    if (!(p.type === 'object' || p.type === 'dictionary' || p.type === 'pair' || TRANSPARENT.has(p.type))) return undefined;
    cur = p;
  }
  return undefined;
}

/** A keyed context with the sink the key names, if any (`SECRET_KEY = …`, `TemporaryPassword=…`). */
function withSink(c: Ctx, sink: { purpose: SecretPurpose; keyName: string } | undefined): Ctx {
  return sink ? { ...c, purpose: sink.purpose, sinkName: sink.keyName } : c;
}

function contextOf(lit: SNode, text: string, lang: CodeLang): Ctx {
  let n = lit;
  let fallback: { envName?: string; dropRange: { start: number; end: number } } | undefined;
  let replaceable = true;
  for (let guard = 0; guard < 16; guard++) {
    const p = n.parent;
    if (!p) break;
    if (TRANSPARENT.has(p.type)) {
      n = p;
      continue;
    }
    // `process.env.X || 'lit'`, `x ?? 'lit'`, `os.environ.get('X') or 'lit'`
    const isOr = (lang !== 'python' && p.type === 'binary_expression' && ['||', '??'].includes(operatorOf(p, text) ?? '')) || (lang === 'python' && p.type === 'boolean_operator' && operatorOf(p, text) === 'or');
    if (isOr && n.field === 'right') {
      const left = field(p, 'left');
      const env = envLookupName(left, text, lang);
      if (env || !fallback) fallback = { envName: env, dropRange: { start: left ? left.end : n.start, end: n.end } };
      n = p;
      continue;
    }
    if ((p.type === 'ternary_expression' || p.type === 'conditional_expression') && n.field !== 'condition') {
      replaceable = false;
      n = p;
      continue;
    }
    break;
  }
  const p = n.parent;
  const base: Ctx = { role: 'other', replaceable: false };
  if (!p) return base;
  const withFallback = (c: Ctx): Ctx => {
    if (!fallback) return { ...c, replaceable: c.replaceable && replaceable };
    return { ...c, role: 'fallback', keyName: fallback.envName ?? c.keyName, envName: fallback.envName, dropRange: fallback.dropRange, replaceable: false };
  };
  switch (p.type) {
    case 'variable_declarator':
      if (n.field === 'value') {
        const name = nameText(field(p, 'name'), text, lang);
        return withFallback(withSink({ keyName: name, role: 'assigned', replaceable: true }, assignedSink(name, lang)));
      }
      return base;
    case 'assignment_expression':
    case 'assignment':
      if (n.field === 'right') {
        const left = field(p, 'left');
        if (left && (left.type === 'pattern_list' || left.type === 'tuple_pattern' || left.type === 'array_pattern' || left.type === 'object_pattern')) return base;
        const name = nameText(left, text, lang);
        return withFallback(withSink({ keyName: name, role: 'assigned', replaceable: true }, assignedSink(name, lang)));
      }
      return base;
    case 'public_field_definition':
    case 'field_definition':
      if (n.field === 'value') return withFallback({ keyName: nameText(field(p, 'name') ?? field(p, 'property'), text, lang), role: 'assigned', replaceable: true });
      return base;
    case 'pair':
      if (n.field === 'key') return { ...base, skip: true };
      if (n.field === 'value') {
        const name = nameText(field(p, 'key'), text, lang);
        const callee = enclosingCallee(p, text);
        return withFallback(withSink({ keyName: name, role: 'property', replaceable: true, callee }, keywordSink(callee, name, lang)));
      }
      return base;
    case 'keyword_argument':
      if (n.field === 'value') {
        const args = p.parent;
        const call = args ? callOf(args) : undefined;
        const name = nameText(field(p, 'name'), text, lang);
        const callee = call ? calleeText(call, text) : undefined;
        return withFallback(withSink({ keyName: name, role: 'keyword', replaceable: true, callee }, keywordSink(callee, name, lang)));
      }
      return base;
    case 'tuple': {
      // `requests.get(url, auth=("user", "password"))`: the second element is the password.
      const kw = p.parent;
      if (lang !== 'python' || !kw || kw.type !== 'keyword_argument' || p.field !== 'value') return base;
      const items = p.children.filter((c) => c.named);
      const name = nameText(field(kw, 'name'), text, lang);
      const sink = keywordTupleSink(name, items.indexOf(n), items.length, lang);
      if (!sink) return base;
      const call = kw.parent ? callOf(kw.parent) : undefined;
      return withFallback({ keyName: sink.keyName, purpose: sink.purpose, sinkName: sink.keyName, role: 'argument', replaceable: true, callee: call ? calleeText(call, text) : undefined });
    }
    case 'default_parameter':
    case 'typed_default_parameter':
    case 'assignment_pattern':
    case 'object_assignment_pattern':
      if (n.field === 'value' || n.field === 'right') return withFallback({ keyName: nameText(field(p, 'name') ?? field(p, 'left'), text, lang), role: 'default', replaceable: true });
      return base;
    case 'required_parameter':
    case 'optional_parameter':
      if (n.field === 'value') return withFallback({ keyName: nameText(field(p, 'pattern'), text, lang), role: 'default', replaceable: true });
      return base;
    case 'subscript_expression':
    case 'subscript': {
      const obj = calleeText(field(p, lang === 'python' ? 'value' : 'object'), text);
      if ((n.field === 'index' || n.field === 'subscript') && obj && ENV_OBJECTS.has(obj)) return { ...base, skip: true };
      return base;
    }
    case 'arguments':
    case 'argument_list': {
      const call = callOf(p);
      const callee = call ? calleeText(call, text) : undefined;
      const args = p.children.filter((c) => c.named);
      const index = args.indexOf(n);
      const fnNode = call ? field(call, 'function') : undefined;
      if (fnNode && (fnNode.type === 'import' || (fnNode.type === 'identifier' && text.slice(fnNode.start, fnNode.end) === 'require'))) return { ...base, skip: true };
      if (callee && ENV_GETTERS.has(callee)) {
        if (index === 0) return { ...base, skip: true };
        if (index === 1) {
          const env = nameText(args[0], text, lang);
          return { keyName: env, role: 'fallback', replaceable: false, envName: env, callee, dropRange: { start: args[0].end, end: n.end } };
        }
      }
      const sink = positionalSink(callee, index, lang);
      return withFallback({ keyName: sink?.keyName, purpose: sink?.purpose, sinkName: sink?.keyName, role: 'argument', replaceable: true, callee });
    }
    case 'import_statement':
    case 'export_statement':
    case 'import_from_statement':
      return { ...base, skip: true };
    default:
      if (fallback) return withFallback({ role: 'other', replaceable: false });
      return base;
  }
}

const LITERAL_TYPES = new Set(['string', 'template_string', 'concatenated_string']);

/** Calls whose literal argument `user:password` is HTTP basic-auth material. */
const BASIC_AUTH_CALLEES = ['b64encode', 'standard_b64encode', 'urlsafe_b64encode', 'btoa', 'Buffer.from'];
const LIBPQ_PASSWORD_KEYS = new Set(['password', 'passwd', 'pwd']);

/**
 * Passwords inside a literal that the value-level classifier cannot name: the password of a
 * libpq key/value DSN (`host=h user=u password=p`) and of `user:password` passed to a base64
 * encoder (`base64.b64encode(b"user:pw")`, `btoa('user:pw')`, `Buffer.from('user:pw')`). Each
 * becomes its own candidate under the key name `password` (offsets into the same literal).
 */
function embeddedPasswords(c: CodeCandidate): CodeCandidate[] {
  const v = c.value;
  const out: CodeCandidate[] = [];
  const sub = (start: number, end: number): CodeCandidate => ({
    node: c.node,
    value: v.slice(start, end),
    toSource: (i) => c.toSource(start + i),
    keyName: 'password',
    role: c.role,
    replaceable: false,
    callee: c.callee,
    neighbours: [],
  });
  if (v.length > 4096) return out;
  // libpq: every whitespace-separated token is key=value (value possibly single-quoted).
  if (v.includes('=') && !v.includes('://') && !v.includes(';')) {
    let i = 0;
    let tokens = 0;
    let ok = true;
    let found: [number, number] | undefined;
    while (i < v.length && ok) {
      while (i < v.length && (v[i] === ' ' || v[i] === '\t')) i++;
      if (i >= v.length) break;
      const k0 = i;
      while (i < v.length && /[a-z_]/.test(v[i])) i++;
      const key = v.slice(k0, i);
      while (i < v.length && v[i] === ' ') i++;
      if (!key || v[i] !== '=') {
        ok = false;
        break;
      }
      i++;
      while (i < v.length && v[i] === ' ') i++;
      let vs = i;
      let ve: number;
      if (v[i] === "'") {
        vs = i + 1;
        const close = v.indexOf("'", vs);
        if (close < 0) {
          ok = false;
          break;
        }
        ve = close;
        i = close + 1;
      } else {
        while (i < v.length && v[i] !== ' ' && v[i] !== '\t') i++;
        ve = i;
      }
      tokens++;
      if (LIBPQ_PASSWORD_KEYS.has(key) && ve > vs) found = [vs, ve];
    }
    if (ok && tokens >= 2 && found) out.push(sub(found[0], found[1]));
  }
  // basic auth: `user:password` given to a base64 encoder.
  if (c.role === 'argument' && c.callee && BASIC_AUTH_CALLEES.some((b) => c.callee === b || c.callee!.endsWith('.' + b))) {
    const colon = v.indexOf(':');
    if (colon > 0 && colon === v.lastIndexOf(':') && colon < v.length - 1 && !/[\s/@]/.test(v)) out.push(sub(colon + 1, v.length));
  }
  return out;
}

/**
 * Candidates per statement, by node identity. The code parser re-uses the node objects of subtrees
 * an edit did not touch (shifting their offsets in place), so on a keystroke only the statements
 * on the path to the edit are walked again; the others' candidates are re-used, shifted by how far
 * their statement moved. Safe because a literal's context (`contextOf`, `enclosingCallee`) only
 * climbs through expressions, never above its own statement.
 */
const statementCache = new WeakMap<SNode, { origin: number; lang: CodeLang; cands: CodeCandidate[]; uses: SinkUse[] }>();

/**
 * A name passed where a secret sink expects its key (`jwt.encode(p, HMAC_KEY)`): a module-level
 * literal bound to that name is judged as the sink's value (issue 13: `KEY = 'x'` … `jwt.sign(p, KEY)`).
 */
interface SinkUse {
  name: string;
  /** The identifier node (for the shadowing check). */
  node: SNode;
  purpose: SecretPurpose;
  sinkName: string;
}

function shifted(c: CodeCandidate, delta: number): CodeCandidate {
  if (delta === 0) return { ...c, neighbours: [] };
  const to = c.toSource;
  return { ...c, toSource: (i) => to(i) + delta, dropRange: c.dropRange && { start: c.dropRange.start + delta, end: c.dropRange.end + delta }, neighbours: [] };
}

/**
 * Every string literal of a tree with its context. `lineOf` (document line of an offset) is used to
 * give each keyed literal its neighbours (keyed literals within 6 lines: AWS / Twilio pairing).
 */
export function collectCodeCandidates(root: SNode, text: string, lang: CodeLang, lineOf: (offset: number) => number): CodeCandidate[] {
  const out: CodeCandidate[] = [];
  const uses: SinkUse[] = [];
  scanLiterals(root, text, lang, out, uses, { n: 200_000 }, 0);
  if (uses.length) applySinkUses(out, uses, text, lang);
  // Neighbours: keyed literals within 6 lines.
  const keyed = out.filter((c) => c.keyName).map((c) => ({ c, line: lineOf(c.node.start) }));
  for (let i = 0; i < keyed.length; i++) {
    const list: SecretNeighbour[] = [];
    for (let j = Math.max(0, i - 20); j < Math.min(keyed.length, i + 21); j++) {
      if (j === i || Math.abs(keyed[j].line - keyed[i].line) > 6) continue;
      if (keyed[j].c.value.length <= 4096) list.push({ keyName: keyed[j].c.keyName!, value: keyed[j].c.value });
    }
    keyed[i].c.neighbours = list;
  }
  // Unkeyed literals see the keyed ones around them too (an `AKIA…` argument next to a secret).
  return out;
}

/**
 * Decoded literals by their source text (offsets kept relative to the literal's start): most
 * literals of a file are unchanged between keystrokes, and decoding (escapes, f-string parts,
 * concatenations) is the costly part of the scan. The decoding of a literal depends only on its
 * own text and node type.
 */
let decodedCache = new Map<string, Decoded | null>();
const MAX_DECODED = 20_000;
const MAX_DECODED_CHARS = 4096;

function decodeCached(n: SNode, text: string, lang: CodeLang): Decoded | undefined {
  if (n.end - n.start > MAX_DECODED_CHARS) return decodeLiteral(n, text, lang);
  const key = `${lang}\u0000${n.type}\u0000${text.slice(n.start, n.end)}`;
  let rel = decodedCache.get(key);
  if (rel === undefined) {
    const d = decodeLiteral(n, text, lang);
    rel = d ? { ...d, offs: d.offs ? d.offs.map((o) => o - n.start) : null, base: d.base - n.start, end: d.end - n.start } : null;
    if (decodedCache.size >= MAX_DECODED) decodedCache = new Map();
    // Detached: a slice of the file would keep its whole text alive after it closes.
    if (rel) rel = detachData(rel);
    decodedCache.set(detach(key), rel);
  }
  if (!rel) return undefined;
  const at = n.start;
  if (at === 0) return rel;
  return { value: rel.value, offs: rel.offs ? rel.offs.map((o) => o + at) : null, base: rel.base + at, end: rel.end + at, plain: rel.plain };
}

/** Pushes the literal candidates under `top` onto `out`; false when the node budget ran out. */
function scanLiterals(top: SNode, text: string, lang: CodeLang, out: CodeCandidate[], uses: SinkUse[], budget: { n: number }, depth: number): boolean {
  const stack: SNode[] = [top];
  while (stack.length) {
    if (budget.n-- <= 0) return false;
    const n = stack.pop()!;
    if (n !== top && depth < MAX_STATEMENT_CACHE_DEPTH && isStatementLike(n.type)) {
      const hit = statementCache.get(n);
      if (hit && hit.lang === lang) {
        const delta = n.start - hit.origin;
        for (const c of hit.cands) out.push(shifted(c, delta));
        for (const u of hit.uses) uses.push(u);
        continue;
      }
      const cands: CodeCandidate[] = [];
      const own: SinkUse[] = [];
      const complete = scanLiterals(n, text, lang, cands, own, budget, depth + 1);
      if (complete) statementCache.set(n, { origin: n.start, lang, cands, uses: own });
      for (const c of cands) out.push(shifted(c, 0));
      for (const u of own) uses.push(u);
      if (!complete) return false;
      continue;
    }
    if (n.type === 'identifier') {
      const u = sinkUseOf(n, text, lang);
      if (u) uses.push(u);
      continue;
    }
    let literal: SNode | undefined;
    let d: Decoded | undefined;
    if (LITERAL_TYPES.has(n.type)) {
      literal = n;
      d = decodeCached(n, text, lang);
    } else if (n.type === 'binary_expression' && lang !== 'python' && operatorOf(n, text) === '+') {
      d = decodeCached(n, text, lang);
      if (d?.plain) literal = n;
    }
    if (literal) {
      if (d) {
        const ctx = contextOf(literal, text, lang);
        if (!ctx.skip && d.value.length > 0) {
          const { offs, base, end } = d;
          const len = d.value.length;
          const cand: CodeCandidate = {
            node: literal,
            value: d.value,
            toSource: (i) => (i >= len ? end : offs ? offs[Math.max(0, i)] : base + Math.max(0, i)),
            keyName: ctx.keyName,
            role: ctx.role,
            replaceable: ctx.replaceable && d.plain,
            callee: ctx.callee,
            purpose: ctx.purpose,
            sinkName: ctx.sinkName,
            envName: ctx.envName,
            dropRange: ctx.dropRange,
            neighbours: [],
          };
          out.push(cand);
          for (const part of embeddedPasswords(cand)) out.push(part);
        }
        continue; // literals have no literal children worth visiting on their own
      }
    }
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return true;
}

/** The secret sink an identifier is passed to (`jwt.sign(p, KEY)`, `session({ secret: KEY })`, `key=KEY`), if any. */
function sinkUseOf(id: SNode, text: string, lang: CodeLang): SinkUse | undefined {
  const p = id.parent;
  if (!p) return undefined;
  const name = text.slice(id.start, id.end);
  let sink: { purpose: SecretPurpose; keyName: string } | undefined;
  if (p.type === 'arguments' || p.type === 'argument_list') {
    const call = callOf(p);
    if (!call) return undefined;
    sink = positionalSink(calleeText(call, text), p.children.filter((c) => c.named).indexOf(id), lang);
  } else if (p.type === 'keyword_argument' && id.field === 'value') {
    const call = p.parent ? callOf(p.parent) : undefined;
    sink = keywordSink(call ? calleeText(call, text) : undefined, nameText(field(p, 'name'), text, lang), lang);
  } else if (p.type === 'pair' && id.field === 'value') {
    sink = keywordSink(enclosingCallee(p, text), nameText(field(p, 'key'), text, lang), lang);
  }
  return sink ? { name, node: id, purpose: sink.purpose, sinkName: sink.keyName } : undefined;
}

const FUNCTION_TYPES = new Set(['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function', 'function_definition', 'lambda']);

/** Whether `name` is a parameter of a function enclosing `n` (then the module constant is not what it names). */
function shadowedByParameter(n: SNode, name: string, text: string): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (!FUNCTION_TYPES.has(p.type)) continue;
    const params = field(p, 'parameters') ?? field(p, 'parameter');
    if (!params) continue;
    const stack: SNode[] = [params];
    while (stack.length) {
      const x = stack.pop()!;
      if ((x.type === 'identifier' || x.type === 'shorthand_property_identifier_pattern') && text.slice(x.start, x.end) === name) {
        // a default value's identifiers are uses, not bindings
        if (x.field !== 'value' && x.field !== 'right') return true;
      }
      for (const c of x.children) if (c.named) stack.push(c);
    }
  }
  return false;
}

/** A literal bound at module level (`const KEY = 'x'`, `export const KEY = …`, Python `KEY = 'x'`). */
function isModuleBinding(lit: SNode): boolean {
  let n: SNode | null = lit.parent;
  while (n && TRANSPARENT.has(n.type)) n = n.parent;
  if (!n) return false;
  if (n.type === 'variable_declarator') {
    const decl = n.parent;
    const host = decl?.parent?.type === 'export_statement' ? decl.parent : decl;
    return !!host?.parent && host.parent.type === 'program' && (decl?.type === 'lexical_declaration' || decl?.type === 'variable_declaration');
  }
  if (n.type === 'assignment') {
    const st = n.parent;
    return st?.type === 'expression_statement' && st.parent?.type === 'module' && field(n, 'left')?.type === 'identifier';
  }
  return false;
}

/** Module-level literals whose name the file passes to a secret sink take that sink's purpose. */
function applySinkUses(cands: CodeCandidate[], uses: SinkUse[], text: string, lang: CodeLang): void {
  const byName = new Map<string, SinkUse>();
  for (const u of uses) if (!byName.has(u.name) && !shadowedByParameter(u.node, u.name, text)) byName.set(u.name, u);
  if (!byName.size) return;
  void lang;
  for (const c of cands) {
    if (c.purpose || c.role !== 'assigned' || !c.keyName) continue;
    const u = byName.get(c.keyName);
    if (!u || !isModuleBinding(c.node)) continue;
    c.purpose = u.purpose;
    c.sinkName = u.sinkName;
  }
}

/** Test-framework entry points a test module calls at its top level (mocha, jest, vitest, jasmine, node:test, tape, ava). */
const JS_TEST_CALLS = new Set(['describe', 'it', 'test', 'suite', 'context']);
/** unittest base classes a Python test case derives from. */
const TEST_CASE_CLASSES = new Set(['TestCase', 'IsolatedAsyncioTestCase']);

/**
 * A test module decided by what it does, for test files kept outside `test/` folders and without a
 * `.test.` name: JavaScript/TypeScript that calls `describe(…)` / `it(…)` / `test(…)` at its top
 * level with a function; Python that defines a `unittest.TestCase` subclass or imports pytest and
 * defines a top-level `test_*` function. The caller only asks for files no config uses as a handler.
 */
export function isTestModule(root: SNode, text: string, lang: CodeLang): boolean {
  const t = (n: SNode) => text.slice(n.start, n.end);
  if (lang !== 'python') {
    for (const s of root.children) {
      if (s.type !== 'expression_statement') continue;
      const call = s.children.find((c) => c.type === 'call_expression');
      const fn = call?.children.find((c) => c.field === 'function');
      const args = call?.children.find((c) => c.field === 'arguments');
      if (!fn || !args || fn.type !== 'identifier' || !JS_TEST_CALLS.has(t(fn))) continue;
      if (args.children.some((a) => a.type === 'arrow_function' || a.type === 'function_expression' || a.type === 'function')) return true;
    }
    return false;
  }
  let pytest = false;
  let testFn = false;
  for (const s of root.children) {
    const modules = s.type === 'import_statement' ? s.children.filter((c) => c.field === 'name') : s.type === 'import_from_statement' ? s.children.filter((c) => c.field === 'module_name') : [];
    for (const m of modules) {
      const dotted = m.type === 'aliased_import' ? m.children.find((c) => c.field === 'name') ?? m : m;
      if (t(dotted).split('.')[0] === 'pytest') pytest = true;
    }
    const def = s.type === 'decorated_definition' ? s.children.find((c) => c.field === 'definition') ?? s : s;
    if (def.type === 'function_definition') {
      const name = def.children.find((c) => c.field === 'name');
      if (name && t(name).startsWith('test_')) testFn = true;
    }
    if (def.type === 'class_definition') {
      const sup = def.children.find((c) => c.field === 'superclasses');
      if (sup && sup.children.some((c) => (c.type === 'attribute' || c.type === 'identifier') && TEST_CASE_CLASSES.has(t(c).split('.').pop()!))) return true;
    }
  }
  return pytest && testFn;
}

/**
 * A program run on a developer's machine rather than a Lambda handler: a `#!` interpreter line, a
 * module-level `if __name__ == "__main__":` (Python) or `if (require.main === module)` (JS/TS).
 * Read from the tree's top-level statements (the text only for the first line and the condition).
 */
export function isLocalScript(root: SNode, text: string, lang: CodeLang): boolean {
  return text.startsWith('#!') || mainGuardBlocks(root, text, lang).length > 0;
}

/**
 * The module-level `if __name__ == "__main__":` / `if (require.main === module)` statements: code
 * that runs only when the file is started as a program, never when Lambda imports it as a handler
 * (a local test event, a manual run). Literals there are local-run data, not the function's secrets.
 */
export function mainGuardBlocks(root: SNode, text: string, lang: CodeLang): SNode[] {
  const out: SNode[] = [];
  for (const s of root.children) {
    if (s.type !== 'if_statement') continue;
    const cond = s.children.find((c) => c.field === 'condition');
    if (!cond || cond.end - cond.start > 80) continue;
    let t = '';
    for (const ch of text.slice(cond.start, cond.end)) if (ch !== ' ' && ch !== '(' && ch !== ')' && ch !== '\t') t += ch === "'" ? '"' : ch;
    if (lang === 'python' ? t === '__name__=="__main__"' || t === '"__main__"==__name__' : t === 'require.main===module' || t === 'module===require.main') out.push(s);
  }
  return out;
}
