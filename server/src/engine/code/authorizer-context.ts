/**
 * Does code read what an API Gateway authorizer puts in the request: `requestContext.authorizer`
 * (REST Lambda / Cognito authorizers: `claims`, `principalId`, the context map; HTTP API JWT
 * authorizers: `authorizer.jwt.claims`)? A handler that does was written for a route behind an
 * authorizer; on a route without one the field is missing or, worse, the handler's own checks
 * (whose company, which user) run on nothing. API Gateway Developer Guide, "Input format of a
 * Lambda function for proxy integration" (`requestContext.authorizer`) and "Working with AWS
 * Lambda proxy integrations for HTTP APIs" (`requestContext.authorizer.jwt`).
 *
 * Read over the IR: a member access or `.get('authorizer')` on a member / `.get` named
 * `requestContext` (through `|| {}` / `?? {}` / `or {}` defaults), whatever the root variable.
 * Pure.
 */
import type { Ex } from './ir';
import type { SNode } from './syntax';

const SKIP = new Set(['n', 'pn', 'argsNode', 'nameNode']);

/** The name a step of an access chain reads: `x.name`, `x['name']`, `x.get('name', …)`; undefined otherwise. */
function stepName(e: Ex): { name: string; obj: Ex } | undefined {
  if (e.k === 'member' && e.prop) return { name: e.prop, obj: e.obj };
  if (e.k === 'call' && e.callee.k === 'member' && e.callee.prop === 'get') {
    const a = e.args[0]?.v;
    if (a && a.k === 'lit' && typeof a.v === 'string') return { name: a.v, obj: e.callee.obj };
  }
  return undefined;
}

/** `x || {}`, `x ?? {}`, `x or {}`: the left side. */
function unwrapDefault(e: Ex): Ex {
  for (let i = 0; i < 4 && e.k === 'logic' && (e.op === 'or' || e.op === 'nullish'); i++) e = e.l;
  return e;
}

function isAuthorizerRead(e: Ex): boolean {
  const s = stepName(e);
  if (!s || s.name !== 'authorizer') return false;
  const parent = stepName(unwrapDefault(s.obj));
  return !!parent && parent.name === 'requestContext';
}

/** The first read of `requestContext.authorizer` under an IR subtree, or undefined. */
export function authorizerContextRead(root: unknown, depth = 0): { start: number; end: number } | undefined {
  const n = readNode(root, depth);
  return n ? { start: n.start, end: n.end } : undefined;
}

/** The node of the first read below `root`, depth-first (the walk `authorizerContextRead` reports). */
function readNode(root: unknown, depth: number): SNode | undefined {
  if (!root || typeof root !== 'object' || depth > 400) return undefined;
  if (Array.isArray(root)) {
    for (const x of root) {
      const r = readNode(x, depth + 1);
      if (r) return r;
    }
    return undefined;
  }
  const o = root as Record<string, unknown>;
  if ((o.k === 'member' || o.k === 'call') && isAuthorizerRead(o as unknown as Ex)) return (o as unknown as Ex).n;
  for (const [k, v] of Object.entries(o)) {
    if (SKIP.has(k) || !v || typeof v !== 'object') continue;
    const r = readNode(v, depth + 1);
    if (r) return r;
  }
  return undefined;
}

/**
 * The first read in a module (its top-level statements), as `authorizerContextRead(body)`. The
 * lowerers keep the IR object of a statement an edit did not touch (lower-js/lower-py
 * `stmtCache`), and a statement's answer depends only on its own IR (walked from depth 1, as the
 * walk of the body array reaches it): it is kept per statement, so a keystroke walks only the
 * statement it changed. The node is kept, not its offsets (an unchanged statement's syntax nodes
 * are moved with it).
 */
export function authorizerContextReadInBody(body: readonly object[] | undefined): { start: number; end: number } | undefined {
  if (!body) return undefined;
  for (const st of body) {
    let hit = perStatement.get(st);
    if (hit === undefined) perStatement.set(st, (hit = readNode(st, 1) ?? null));
    if (hit) return { start: hit.start, end: hit.end };
  }
  return undefined;
}

const perStatement = new WeakMap<object, SNode | null>();
