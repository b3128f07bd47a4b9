/**
 * Operations on abstract values the interpreter (`engine.ts`) uses: the environment join where
 * control flow merges, joins of a list of values, writes into a field path (`a.b.c = v`, and
 * `a.b.push(v)` into the element), whether an argument value carries nothing (no taint, source,
 * fields or functions), and the schema kept when two validated values meet.
 */
import { CLEAN, join, type AV, type Schema } from './values';

export function joinEnv(a: Map<string, AV>, b: Map<string, AV>): Map<string, AV> {
  if (a === b) return a;
  const m = new Map<string, AV>();
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w === undefined) { if (!k.includes('.')) m.set(k, v); continue; }
    m.set(k, v === w ? v : join(v, w));
  }
  for (const [k, v] of b) if (!a.has(k) && !k.includes('.')) m.set(k, v);
  return m;
}

export function joinAllAV(xs: AV[]): AV {
  let acc: AV | undefined;
  for (const x of xs) acc = join(acc, x);
  return acc ?? CLEAN;
}

export function setPath(base: AV, path: string[], v: AV): AV {
  if (!path.length) return v;
  const [head, ...rest] = path;
  const f = new Map(base.f ?? []);
  const cur = f.get(head) ?? CLEAN;
  f.set(head, setPath(cur, rest, v));
  const out: AV = { ...base, f, _fl: undefined };
  return out;
}

export function setPathEl(base: AV, path: string[], v: AV): AV {
  if (!path.length) return { ...base, el: join(base.el, v), _fl: undefined };
  const [head, ...rest] = path;
  const f = new Map(base.f ?? []);
  f.set(head, setPathEl(f.get(head) ?? CLEAN, rest, v));
  return { ...base, f, _fl: undefined };
}

export function isPureArg(av: AV): boolean {
  return !av.t && !av.src && !av.f && !av.el && !av.it && !av.fn && !av.fb && !av.sch && !av.cls && !av.inst && !av.q;
}

export function weakerSchema(a: Schema, b: Schema): Schema {
  if (a.k === 'str' && b.k === 'str') return { k: 'str', mask: a.mask & b.mask };
  return { k: 'str', mask: 0 };
}
