/**
 * A small hand-written scanner for API Gateway mapping templates (Velocity Template Language):
 * finds the references a template *outputs* that carry request data (`$input.body`,
 * `$input.json(…)`, `$input.path(…)`, `$input.params(…)`, and variables `#set` / `#foreach` from
 * them) without an escaping `$util` function around them. Linear in the template; no regular
 * expressions. Comments (`##`, `#* *#`), directive arguments (`#if(…)`, `#set(…)`) and single-quoted
 * strings are not output.
 */

export interface Splice {
  /** Offsets of the reference in the template text. */
  start: number;
  end: number;
  /** The request-data expression the value comes from (`$input.path('$.id')`). */
  origin: string;
}

/** `$util` functions whose output is safe to splice (JSON string escaping, URL/base64 encoding). */
const SANITIZERS = new Set(['escapeJavaScript', 'urlEncode', 'base64Encode']);
/** `$input` members that return request data. */
const INPUT_SOURCES = new Set(['body', 'json', 'path', 'params']);
/** Methods whose result is a number or boolean, whatever they are called on. */
const NUMERIC = new Set(['size', 'length', 'isEmpty', 'contains', 'equals', 'hashCode']);

interface Segment {
  name: string;
  /** Argument text inside the parentheses, when the segment is a call. */
  args?: string;
}

interface Ref {
  end: number;
  segments: Segment[];
}

const isIdStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdPart = (c: string) => isIdStart(c) || (c >= '0' && c <= '9') || c === '-';

/** Index just past the bracket group opening at `i` (`(` or `[`), quotes respected. */
function skipGroup(s: string, i: number): number {
  const open = s[i];
  const close = open === '(' ? ')' : open === '[' ? ']' : '}';
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '"' || c === "'") {
      const q = s.indexOf(c, j + 1);
      if (q < 0) return s.length;
      j = q;
    } else if (c === open) depth++;
    else if (c === close && --depth === 0) return j + 1;
  }
  return s.length;
}

function readId(s: string, i: number): number {
  let j = i;
  while (j < s.length && isIdPart(s[j])) j++;
  return j;
}

/** A reference starting at the `$` at `i`, or undefined when the `$` is literal text. */
function parseRef(s: string, i: number): Ref | undefined {
  let j = i + 1;
  if (s[j] === '!') j++;
  const braced = s[j] === '{';
  if (braced) j++;
  if (!isIdStart(s[j] ?? '')) return undefined;
  const segments: Segment[] = [];
  let e = readId(s, j);
  segments.push({ name: s.slice(j, e) });
  j = e;
  for (;;) {
    if (s[j] === '(' ) {
      const close = skipGroup(s, j);
      segments[segments.length - 1].args = s.slice(j + 1, close - 1);
      j = close;
    } else if (s[j] === '[') j = skipGroup(s, j);
    else if (s[j] === '.' && isIdStart(s[j + 1] ?? '')) {
      e = readId(s, j + 1);
      segments.push({ name: s.slice(j + 1, e) });
      j = e;
    } else break;
  }
  if (braced && s[j] === '}') j++;
  return { end: j, segments };
}

class Scanner {
  /** Variables holding request data → where it came from. */
  private readonly tainted = new Map<string, string>();

  /** Where a reference's value comes from, when it is unescaped request data. */
  refOrigin(text: string, r: Ref): string | undefined {
    const [root, ...rest] = r.segments;
    const last = r.segments[r.segments.length - 1];
    if (r.segments.length > 1 && NUMERIC.has(last.name)) return undefined;
    if (root.name === 'util') {
      const fn = rest[0];
      if (!fn || SANITIZERS.has(fn.name)) return undefined;
      return fn.args !== undefined ? this.exprOrigin(fn.args) : undefined;
    }
    if (root.name === 'input') {
      const m = rest[0];
      if (m && INPUT_SOURCES.has(m.name)) return text;
      return undefined;
    }
    return this.tainted.get(root.name);
  }

  /** The first unescaped request-data reference in an expression (single-quoted strings skipped). */
  exprOrigin(expr: string): string | undefined {
    for (let i = 0; i < expr.length; i++) {
      const c = expr[i];
      if (c === "'") {
        const q = expr.indexOf("'", i + 1);
        if (q < 0) return undefined;
        i = q;
      } else if (c === '$') {
        const r = parseRef(expr, i);
        if (!r) continue;
        const o = this.refOrigin(expr.slice(i, r.end), r);
        if (o) return o;
        i = r.end - 1;
      }
    }
    return undefined;
  }

  scan(s: string): Splice[] {
    const out: Splice[] = [];
    let i = 0;
    while (i < s.length) {
      const c = s[i];
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === '#') {
        if (s[i + 1] === '#') {
          const nl = s.indexOf('\n', i);
          i = nl < 0 ? s.length : nl + 1;
          continue;
        }
        if (s[i + 1] === '*') {
          const e = s.indexOf('*#', i + 2);
          i = e < 0 ? s.length : e + 2;
          continue;
        }
        let j = i + 1;
        const braced = s[j] === '{';
        if (braced) j++;
        const e = readId(s, j);
        const name = s.slice(j, e);
        j = braced && s[e] === '}' ? e + 1 : e;
        if (!name) {
          i++;
          continue;
        }
        let k = j;
        while (s[k] === ' ' || s[k] === '\t') k++;
        if (s[k] === '(') {
          const close = skipGroup(s, k);
          const args = s.slice(k + 1, close - 1);
          if (name === 'set') this.assign(args, '=');
          else if (name === 'foreach') this.assign(args, ' in ');
          i = close;
        } else i = j;
        continue;
      }
      if (c === '$') {
        const r = parseRef(s, i);
        if (!r) {
          i++;
          continue;
        }
        const text = s.slice(i, r.end);
        const origin = this.refOrigin(text, r);
        if (origin) out.push({ start: i, end: r.end, origin });
        i = r.end;
        continue;
      }
      i++;
    }
    return out;
  }

  /** `#set($x = expr)` / `#foreach($x in expr)`: $x carries request data when expr does. */
  private assign(args: string, op: string): void {
    const at = args.indexOf(op);
    if (at < 0) return;
    const lhs = args.slice(0, at).trim();
    if (!lhs.startsWith('$')) return;
    const r = parseRef(lhs, 0);
    if (!r || r.segments.length !== 1) return;
    const name = r.segments[0].name;
    const origin = this.exprOrigin(args.slice(at + op.length));
    if (origin) this.tainted.set(name, origin);
    else this.tainted.delete(name);
  }
}

/** The request-data references a template outputs unescaped, in order. */
export function unsafeSplices(template: string): Splice[] {
  return new Scanner().scan(template);
}
