/**
 * Small queries over the IR the interpreter (`engine.ts`) asks: the names a statement or a binding
 * pattern declares, a pattern as text or as the expression it assigns, `None`/`null` literals, and
 * whether an assigned expression can hold a guard result (a comparison, a negation, a call of a
 * test-like method or function) so its facts are worth computing.
 */
import type { Ex, Pat, St } from './ir';

export function declaredNames(st: St): string[] {
  if (st.k === 'assign') return patNames(st.p);
  if (st.k === 'func' && st.f.name) return [st.f.name];
  if (st.k === 'class' && st.c.name) return [st.c.name];
  if (st.k === 'block') return st.body.flatMap(declaredNames);
  return [];
}

function patNames(p: Pat): string[] {
  switch (p.k) {
    case 'pname': return [p.id];
    case 'pobj': return [...p.props.flatMap((x) => patNames(x.v)), ...(p.rest ? patNames(p.rest) : [])];
    case 'parr': return [...p.items.flatMap((x) => (x ? patNames(x) : [])), ...(p.rest ? patNames(p.rest) : [])];
    case 'pdefault': return patNames(p.p);
    default: return [];
  }
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
