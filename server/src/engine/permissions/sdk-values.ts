/**
 * The values the SDK call analysis binds names to (an SDK module member, a client of a service, a
 * boto3 resource, a local function or class, an environment variable, a string…), with the small
 * helpers that keep value sets bounded.
 */
import type { SNode } from '../code/syntax';
import type { Mod } from './sdk-calls';
import type { ResourceRef } from './sdk-types';

export type Val =
  /** Something of an external module: `spec` plus the member path read from it. */
  | { k: 'ext'; spec: string; path: string[] }
  | { k: 'client'; svc: string; style: 'v2' | 'v2doc' | 'v3' | 'v3agg' | 'v3doc' | 'boto3' }
  /** boto3 resource: the service resource (`type` undefined), a sub-resource (`Table`), or a collection (`coll:objects`). */
  | { k: 'res'; svc: string; type?: string; resource?: ResourceRef }
  | { k: 'session'; creds?: boolean }
  | { k: 'fn'; node: SNode; mod: Mod }
  | { k: 'cls'; node: SNode; mod: Mod }
  | { k: 'inst'; cls: SNode; mod: Mod }
  /** An import from a local module: the namespace (`name` undefined) or one export. */
  | { k: 'local'; path: string; name?: string; from: Mod }
  | { k: 'env'; name: string }
  | { k: 'envobj' }
  | { k: 'str'; value: string }
  | { k: 'obj'; node: SNode; mod: Mod }
  | { k: 'method'; recv: Val; name: string }
  | { k: 'this' }
  /** A value computed in a way we cannot follow (`new AWS[x]()`, `boto3.client(name)`). */
  | { k: 'dyn'; why: string };

export function valKey(v: Val): string {
  switch (v.k) {
    case 'ext': return `ext:${v.spec}#${v.path.join('.')}`;
    case 'client': return `client:${v.svc}:${v.style}`;
    case 'res': return `res:${v.svc}:${v.type ?? ''}:${v.resource ? v.resource.kind + ':' + (v.resource.kind === 'env' ? v.resource.name : v.resource.text) : ''}`;
    case 'session': return v.creds ? 'session:creds' : 'session';
    case 'fn': case 'cls': return `${v.k}:${v.mod.path}:${v.node.start}`;
    case 'inst': return `inst:${v.mod.path}:${v.cls.start}`;
    case 'local': return `local:${v.path}:${v.name ?? '*'}`;
    case 'env': return `env:${v.name}`;
    case 'envobj': return 'envobj';
    case 'str': return `str:${v.value}`;
    case 'obj': return `obj:${v.mod.path}:${v.node.start}`;
    case 'method': return `method:${valKey(v.recv)}.${v.name}`;
    case 'this': return 'this';
    case 'dyn': return `dyn:${v.why}`;
  }
}

export function isClientLike(v: Val): boolean {
  return v.k === 'client' || v.k === 'res' || v.k === 'session';
}

export const MAX_VALS = 12;
export const MAX_EVAL_DEPTH = 24;

export function addVals(into: Val[], vals: readonly Val[]): boolean {
  let changed = false;
  for (const v of vals) {
    if (into.length >= MAX_VALS) break;
    const k = valKey(v);
    if (into.some((x) => valKey(x) === k)) continue;
    into.push(v);
    changed = true;
  }
  return changed;
}

export function normExt(v: Extract<Val, { k: 'ext' }>): Val {
  if (v.spec === 'os' && v.path.length === 1 && v.path[0] === 'environ') return { k: 'envobj' };
  return v;
}
