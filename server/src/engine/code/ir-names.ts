/**
 * Small queries over the IR that the interpreter (`engine.ts`) and the code analyses share: the names
 * a statement or a binding pattern declares, a pattern as text or as the expression it assigns,
 * `None`/`null` literals, whether an assigned expression can hold a guard result (a comparison, a
 * negation, a call of a test-like method or function) so its facts are worth computing, the dotted
 * chain of a member expression, a generic walk of every IR node, and environment reads.
 */
import { forEachIrChild, type Ex, type Pat, type St } from './ir';
import type { SNode } from './syntax';

export function declaredNames(st: St): string[] {
  if (st.k === 'assign') return patNames(st.p);
  if (st.k === 'func' && st.f.name) return [st.f.name];
  if (st.k === 'class' && st.c.name) return [st.c.name];
  if (st.k === 'block') return st.body.flatMap(declaredNames);
  return [];
}

/** The names a binding pattern declares (`{ a, b: c }` → a, c; `[x, ...rest]` → x, rest), in order. */
export function patNames(p: Pat | null | undefined, out: string[] = []): string[] {
  if (!p) return out;
  switch (p.k) {
    case 'pname': out.push(p.id); break;
    case 'pobj': for (const x of p.props) patNames(x.v, out); patNames(p.rest, out); break;
    case 'parr': for (const x of p.items) patNames(x, out); patNames(p.rest, out); break;
    case 'pdefault': patNames(p.p, out); break;
    default: break;
  }
  return out;
}

export function patText(p: Pat): string {
  const n = patNames(p);
  return n.join(', ') || 'element';
}

export function patAsEx(p: Pat): Ex {
  if (p.k === 'pname') return { k: 'name', n: p.n, id: p.id };
  if (p.k === 'pmember') return { k: 'member', n: p.n, obj: p.obj, prop: p.prop, index: p.index };
  return { k: 'lit', n: p.n, v: null };
}

const GUARD_METHODS = new Set(['has', 'includes', 'test', 'match', 'fullmatch', 'search', 'startsWith', 'startswith', 'endsWith', 'is_relative_to', 'isdigit', 'isnumeric', 'isdecimal', 'isalnum', 'isalpha', 'isidentifier', 'hasOwnProperty', 'indexOf', 'validate', 'isValid', 'isValidSync', 'is_valid']);

/**
 * Whether an assigned expression can be a stored guard result. This only decides whether to
 * compute facts for it; what a called function proves still comes from analysing its body.
 */
export function mayBeGuard(e: Ex): boolean {
  switch (e.k) {
    case 'bin': return true;
    case 'unary': return e.op === '!' || e.op === 'not';
    case 'logic': return mayBeGuard(e.l) || mayBeGuard(e.r);
    case 'await': return mayBeGuard(e.x);
    case 'call': {
      const c = e.callee;
      const name = c.k === 'member' ? c.prop ?? '' : c.k === 'name' ? c.id : '';
      if (GUARD_METHODS.has(name)) return true;
      const lower = name.toLowerCase();
      return lower.startsWith('is') || lower.startsWith('has') || lower.startsWith('can') || lower.startsWith('check') || lower.startsWith('valid') || lower.startsWith('verify') || lower.startsWith('allowed') || lower.includes('match') || c.k === 'name' && name === 'isinstance';
    }
    default: return false;
  }
}

export function isNoneType(e: Ex): boolean {
  return (e.k === 'lit' && e.v === null) || (e.k === 'name' && e.id === 'None');
}

/** The dotted names of a member chain (`a.b.c(x).d` → a, b, c, d; a computed member is `[]`). */
export function chainOf(e: Ex): string[] {
  const out: string[] = [];
  let cur: Ex | undefined = e;
  for (let i = 0; cur && i < 16; i++) {
    if (cur.k === 'member') {
      out.unshift(cur.prop ?? '[]');
      cur = cur.obj;
    } else if (cur.k === 'name') {
      out.unshift(cur.id);
      break;
    } else if (cur.k === 'call') {
      cur = cur.callee; // `new Webhook(secret).verify` / `hmac.new(...).hexdigest`
    } else if (cur.k === 'await') cur = cur.x;
    else break;
  }
  return out;
}

export function endsWith(chain: readonly string[], tail: readonly string[]): boolean {
  if (tail.length > chain.length) return false;
  for (let i = 1; i <= tail.length; i++) if (chain[chain.length - i] !== tail[tail.length - i]) return false;
  return true;
}

/** Every IR node below `root` (expressions, statements, functions), depth-first. */
export function visit(root: unknown, fn: (x: { k: string; n: SNode }) => void, depth = 0): void {
  if (!root || typeof root !== 'object' || depth > 400) return;
  const o = root as Record<string, unknown>;
  if (!Array.isArray(root) && typeof o.k === 'string' && o.n) fn(o as { k: string; n: SNode });
  forEachIrChild(root, (c) => visit(c, fn, depth + 1));
}

/**
 * The first answer `fn` gives (not undefined) over the IR nodes below `root`, `root` included
 * (expressions, statements, functions; an explicit stack, so no depth limit).
 */
export function findInIr<T>(root: unknown, fn: (o: Ex) => T | undefined): T | undefined {
  const stack: unknown[] = [root];
  while (stack.length) {
    const o = stack.pop();
    if (!o || typeof o !== 'object') continue;
    const hit = fn(o as Ex);
    if (hit !== undefined) return hit;
    forEachIrChild(o, (c) => stack.push(c));
  }
  return undefined;
}

/** The environment variable an expression reads (`process.env.X`, `os.environ['X']`, `os.environ.get('X')`, `os.getenv('X')`). */
export function envNameOf(e: Ex): string | undefined {
  if (e.k === 'member') {
    const obj = chainOf(e.obj).join('.');
    if (obj === 'process.env' || obj === 'os.environ') return e.prop ?? (e.index?.k === 'lit' && typeof e.index.v === 'string' ? e.index.v : undefined);
  }
  if (e.k === 'call') {
    const callee = chainOf(e.callee).join('.');
    const a = e.args[0]?.v;
    if ((callee === 'os.environ.get' || callee === 'os.getenv') && a?.k === 'lit' && typeof a.v === 'string') return a.v;
  }
  return undefined;
}

/**
 * Whether an expression is, or is derived through members and calls from, an environment read
 * (`process.env.X`, `process.env[name]`, `os.environ['X'].split(',')`, `os.getenv('X')`): the
 * deployment's configuration, not a request.
 */
export function readsEnv(e: Ex): boolean {
  let cur: Ex | undefined = e;
  for (let i = 0; cur && i < 16; i++) {
    if (envNameOf(cur) !== undefined) return true;
    const ch = chainOf(cur).join('.');
    if (ch === 'process.env' || ch === 'os.environ') return true;
    if (cur.k === 'member') cur = cur.obj;
    else if (cur.k === 'call') cur = cur.callee;
    else if (cur.k === 'await') cur = cur.x;
    else break;
  }
  return false;
}

/** A constant string (a literal, or a template without substitutions). */
export function constString(v: Ex): string | undefined {
  if (v.k === 'lit' && typeof v.v === 'string') return v.v;
  if (v.k === 'tmpl' && !v.tag && v.parts.every((p) => p.s !== undefined)) return v.parts.map((p) => p.s).join('');
  return undefined;
}
