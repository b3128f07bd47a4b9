/**
 * Abstract values of the taint analysis.
 *
 * An `AV` describes what is known about a runtime value: its taint (`t`, a few `Flow`s from
 * sources), its known object fields / array elements, a known constant, a constant collection
 * (for allowlists), a lazily-resolved event path (`src`: only the fields the trigger makes
 * attacker-controlled are tainted when read), a function / class / module identity, a schema
 * (validators), a regex, and the constant prefix of a built string (for URL-position checks).
 *
 * AVs are treated as immutable; helpers return new objects.
 */
import type { Const, Ex, FuncIR, ClassIR } from './ir';
import type { SNode } from './syntax';
import type { SinkKind, Span, StoredRead, TaintStep, TriggerKind } from './types';

// ---------------------------------------------------------------------------------------------
// Sink-kind bit masks

export const BIT: Readonly<Record<SinkKind, number>> = {
  sql: 1,
  nosql: 2,
  command: 4,
  'code-eval': 8,
  'path-traversal': 16,
  ssrf: 32,
  deserialization: 64,
  xss: 128,
  'open-redirect': 256,
  'dynamic-require': 512,
  xxe: 1024,
};
export const ALL = 2047;

// ---------------------------------------------------------------------------------------------

export interface SourceRef {
  label: string;
  range: Span;
  file: string;
  /** Data read back from storage (code/stored.ts). */
  stored?: StoredRead;
  /** The key of the object an S3 notification reports (just uploaded): reading that object returns the uploader's data (code/stored.ts). */
  objectKey?: true;
  /** The body of the object such a key names, read back (code/stored.ts): judged by what its writers put in the body, not the key. */
  objectBody?: true;
  /** The request's own Host (url-allow.ts OWN_HOST_SOURCES): kept when the value is joined with another read of it. */
  ownHost?: true;
}

export interface Flow {
  src: SourceRef;
  /** Sink kinds this flow has been sanitised for. */
  cl: number;
  steps: TaintStep[];
  /** The value may be a structured (JSON-parsed) object: operator injection into NoSQL queries. */
  json: boolean;
}

export type SrcRootKind = 'event' | 'express' | 'flask' | 'chalice' | 'chalice-event' | 'powertools' | 'stored';

export interface SrcRoot {
  kind: SrcRootKind;
  /** Display name of the root (`event`, `req`, `request`, `app.current_request`). */
  name: string;
  triggers: readonly TriggerKind[];
  /** Schema the root was validated against (middy validator / Powertools decorator). */
  sch?: Schema;
  /** `stored` roots: the storage read whose response this is (code/stored.ts). */
  stored?: StoredRead;
  /** `event` roots: every API route invoking the handler has a fixed path (sources.ts FIXED_ROUTE_PATHS). */
  fixedRoute?: true;
}

/** An access path into a source object, resolved to taint only when the value is used. */
export interface SrcPath {
  root: SrcRoot;
  path: string[];
  node: SNode;
  file: string;
  steps: TaintStep[];
}

export type Schema =
  | { k: 'str'; mask: number }
  | { k: 'obj'; props: Map<string, Schema>; strict: boolean }
  | { k: 'arr'; el: Schema }
  | { k: 'unknown' };

export const SAFE_SCHEMA: Schema = { k: 'str', mask: ALL };
export const FREE_SCHEMA: Schema = { k: 'str', mask: 0 };

export interface FnRef {
  f: FuncIR;
  /** Closure scope. */
  scope: Scope;
  file: FileCtxRef;
  self?: AV;
  /** Leading arguments fixed by `f.bind(self, a, b)`. */
  bound?: AV[];
}

export interface ClassRef {
  c: ClassIR;
  scope: Scope;
  file: FileCtxRef;
}

/** Opaque reference to the engine's per-file context. */
export interface FileCtxRef {
  path: string;
  text: string;
  lang: 'js' | 'py';
}

export interface Scope {
  vars: Map<string, AV>;
  parent: Scope | null;
}

/** A refinement that holds when some boolean value is true. */
export interface Fact {
  key: string;
  av: AV;
  /** Prefix knowledge to add to the current value instead of replacing it (`sw:/`, `nsw://`). */
  mark?: string;
}

export interface AV {
  t?: Flow[];
  f?: Map<string, AV>;
  /** Fallback for fields not in `f` (validated objects that keep unknown keys). */
  fb?: AV;
  el?: AV;
  /** Known items by position (tuples, `[a, b]`). */
  it?: AV[];
  /** Known constant (check `hasC`). */
  c?: Const;
  hasC?: boolean;
  /** Constant collection members (allowlists). */
  cs?: Const[];
  src?: SrcPath;
  fn?: FnRef[];
  cls?: ClassRef;
  /** Qualified name of a module or module member (`child_process.exec`, `os.path`). */
  q?: string;
  /** Kind of instance (`express.app`, `flask.app`, `mongo`, `ajv`, `path.resolved`, `URL`, ...). */
  inst?: string;
  /** Schema builder value (zod/joi/yup) or a compiled validator's schema. */
  sch?: Schema;
  re?: { pattern: string; flags: string };
  /** Untainted prefix of a built string ('\0' for unknown untainted parts). */
  pre?: string;
  /** The constant parts of the string look like SQL. */
  sq?: boolean;
  /** Node where the value was written (chalice Response arguments). */
  n?: SNode;
  /** Object literals: the property node of each known field. */
  fnod?: Map<string, SNode>;
  /** Facts that hold when this value is truthy (stored guard results). */
  g?: Fact[];
  /** Expression a variable was built from (for fixes). */
  bx?: Ex;
  /** Declaration node of `bx`. */
  bn?: SNode;
  /** Refinement key of the value this one was derived from (`new URL(x)` → `x`). */
  from?: string;
  /** Extra data for models (middleware lists, validator schemas, ...). */
  x?: Record<string, unknown>;
  /**
   * The object a JSON string serialises (`JSON.stringify(o)`, `json.dumps(o)`), kept so a write of
   * the string (a Step Functions execution input) can tell which field carries which data.
   */
  ser?: AV;
  /** Memoised materialised flows. */
  _fl?: Flow[];
}

export const CLEAN: AV = Object.freeze({}) as AV;

/** The value's constant when it is a known string. */
export function constStr(a: AV | undefined): string | undefined {
  return a?.hasC && typeof a.c === 'string' ? a.c : undefined;
}

export function constAV(v: Const): AV {
  return { c: v, hasC: true };
}

export function isTaintedShallow(av: AV): boolean {
  return !!(av.t && av.t.length) || !!av.src;
}

const MAX_FLOWS = 4;
const MAX_STEPS = 24;

export function unionFlows(a: Flow[] | undefined, b: Flow[] | undefined): Flow[] | undefined {
  if (!a || !a.length) return b && b.length ? b : undefined;
  if (!b || !b.length) return a;
  if (a === b) return a;
  const out = a.slice();
  for (const f of b) {
    if (out.length >= MAX_FLOWS) break;
    if (out.some((g) => g.src === f.src && g.cl === f.cl && g.json === f.json) || out.some((g) => sameSrc(g.src, f.src) && g.cl === f.cl && g.json === f.json)) continue;
    out.push(f);
  }
  return out;
}

function sameSrc(a: SourceRef, b: SourceRef): boolean {
  return a.label === b.label && a.range.start === b.range.start && a.file === b.file && !a.objectBody === !b.objectBody;
}

export function addStepToFlows(fl: Flow[] | undefined, step: TaintStep | undefined): Flow[] | undefined {
  if (!fl || !step) return fl;
  return fl.map((f) => {
    if (f.steps.length >= MAX_STEPS) return f;
    const last = f.steps[f.steps.length - 1];
    if (last && last.range.start === step.range.start && last.range.end === step.range.end && last.file === step.file) return f;
    return { ...f, steps: [...f.steps, step] };
  });
}

/** Pairs of values already joined in one top-level `join` call: a → b → result. */
type JoinMemo = Map<AV, Map<AV, AV>>;

/**
 * Structure below this depth is not joined or stepped field by field: a join makes new structure
 * from both sides, so a value rebuilt from itself (`x = (x, [x, x])` in a loop body or ten times in
 * a row) grew exponentially. Deeper than this, a join keeps only the flows (as `flowsOf` sees them).
 */
const MAX_STRUCT_DEPTH = 8;

/**
 * Join of two values (control-flow merge). `memo` (made when the values have structure): pairs
 * already joined in this call — values hold shared children (an array literal's `el` is its only
 * item), and without it joining two `[[[…]]]` 20 deep took 2^depth joins and ran out of memory.
 */
export function join(a: AV | undefined, b: AV | undefined, memo?: JoinMemo, depth = 0): AV {
  if (!a) return b ?? CLEAN;
  if (!b) return a;
  if (a === b) return a;
  if (isBare(a) && keepsAsIs(b)) return b;
  if (isBare(b) && keepsAsIs(a)) return a;
  const done = memo?.get(a)?.get(b);
  if (done) return done;
  if (depth > MAX_STRUCT_DEPTH) {
    const t = unionFlows(flowsOf(a), flowsOf(b));
    return t && t.length ? { t } : CLEAN;
  }
  const out: AV = {};
  if (a.f || b.f || a.fb || b.fb || a.el || b.el || (a.it && b.it)) {
    memo ??= new Map();
    let row = memo.get(a);
    if (!row) memo.set(a, (row = new Map()));
    row.set(b, out);
  }
  const t = unionFlows(a.t, b.t);
  if (t) out.t = t;
  if (a.src || b.src) {
    if (a.src && b.src && a.src !== b.src) {
      // keep one path; materialise the other
      out.src = a.src;
      out.t = unionFlows(out.t, resolveSrcFlows(b.src));
    } else out.src = a.src ?? b.src;
  }
  if (a.fnod || b.fnod) out.fnod = a.fnod ?? b.fnod;
  if (a.f || b.f) {
    const f = new Map<string, AV>();
    for (const [k, v] of a.f ?? []) f.set(k, b.f?.has(k) ? join(v, b.f.get(k), memo, depth + 1) : v);
    for (const [k, v] of b.f ?? []) if (!f.has(k)) f.set(k, v);
    out.f = f;
  }
  if (a.fb || b.fb) out.fb = join(a.fb, b.fb, memo, depth + 1);
  if (a.el || b.el) out.el = join(a.el, b.el, memo, depth + 1);
  if (a.it && b.it && a.it.length === b.it.length) out.it = a.it.map((x, i) => join(x, b.it![i], memo, depth + 1));
  if (a.hasC && b.hasC) {
    if (a.c === b.c) { out.c = a.c; out.hasC = true; }
    else out.cs = [a.c ?? null, b.c ?? null];
  } else if ((a.hasC || a.cs) && (b.hasC || b.cs) && !a.t && !b.t && !a.src && !b.src) {
    const cs = unionConsts(a.cs ?? [a.c ?? null], b.cs ?? [b.c ?? null]);
    if (cs) out.cs = cs;
  }
  if (a.fn || b.fn) {
    const fns = [...(a.fn ?? [])];
    for (const r of b.fn ?? []) if (!fns.some((x) => x.f === r.f)) fns.push(r);
    out.fn = fns.slice(0, 4);
  }
  if (a.cls || b.cls) out.cls = a.cls ?? b.cls;
  if (a.q && a.q === b.q) out.q = a.q;
  else if (a.q && !b.q && !b.t) out.q = a.q;
  else if (b.q && !a.q && !a.t) out.q = b.q;
  if (a.inst || b.inst) out.inst = a.inst ?? b.inst;
  if (a.sch || b.sch) out.sch = a.sch ?? b.sch;
  if (a.re && b.re && a.re.pattern === b.re.pattern) out.re = a.re;
  if (a.pre !== undefined || b.pre !== undefined) out.pre = shorterPre(a, b);
  if (a.sq || b.sq) out.sq = true;
  if (a.x || b.x) out.x = { ...(b.x ?? {}), ...(a.x ?? {}) };
  if (a.bx && a.bx === b.bx) { out.bx = a.bx; out.bn = a.bn; }
  if (a.from && a.from === b.from) out.from = a.from;
  return out;
}

/**
 * At most this many constants are kept for a value that may be one of several (`cs`). A loop that
 * joins a value with itself on every pass (`x = (x, [x])`, Python 2 zone diffing in nested loops)
 * concatenated the lists without end, until V8 could not allocate the array; past the cap the value
 * is simply not known to be one of a few constants (what every other unknown value is).
 */
const MAX_CONSTS = 64;

/** The constants of both sides, each once, in order; undefined past MAX_CONSTS. */
function unionConsts(a: Const[], b: Const[]): Const[] | undefined {
  if (a === b) return a;
  const out = [...a];
  for (const c of b) if (!out.includes(c)) out.push(c);
  if (out.length > MAX_CONSTS) return undefined;
  return out.length === a.length ? a : out;
}

/** No information at all (a clean, unknown value). */
function isBare(a: AV): boolean {
  if (a === CLEAN) return true;
  for (const k in a) {
    if (k === '_fl' || k === 'n') continue;
    if ((a as Record<string, unknown>)[k] !== undefined) return false;
  }
  return true;
}

/** Joining with a bare value changes nothing (no constant / per-value facts to drop). */
function keepsAsIs(b: AV): boolean {
  return !b.hasC && !b.cs && !b.re && !b.bx && !b.from && !b.g;
}

function shorterPre(a: AV, b: AV): string {
  const pa = isTaintedShallow(a) || a.t ? a.pre ?? '' : undefined;
  const pb = isTaintedShallow(b) || b.t ? b.pre ?? '' : undefined;
  if (pa === undefined) return pb ?? '';
  if (pb === undefined) return pa;
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return pa.slice(0, i);
}

export function joinAll(xs: AV[]): AV {
  let acc: AV | undefined;
  for (const x of xs) acc = join(acc, x);
  return acc ?? CLEAN;
}

// ---------------------------------------------------------------------------------------------
// Source resolution (set by the engine: depends on trigger tables)

export type SrcResolver = (sp: SrcPath) => Flow[] | undefined;
let srcResolver: SrcResolver = () => undefined;
export function setSrcResolver(r: SrcResolver): void {
  srcResolver = r;
}

export function resolveSrcFlows(sp: SrcPath): Flow[] | undefined {
  return srcResolver(sp);
}

/** All flows carried by a value, including nested fields (bounded depth). */
export function flowsOf(av: AV | undefined, depth = 3): Flow[] {
  if (!av) return [];
  if (av._fl && depth === 3) return av._fl;
  let out: Flow[] | undefined = av.t;
  if (av.src) out = unionFlows(out, resolveSrcFlows(av.src));
  if (depth > 0) {
    if (av.f) for (const v of av.f.values()) out = unionFlows(out, flowsOf(v, depth - 1));
    if (av.fb) out = unionFlows(out, flowsOf(av.fb, depth - 1));
    if (av.el) out = unionFlows(out, flowsOf(av.el, depth - 1));
    if (av.it) for (const v of av.it) out = unionFlows(out, flowsOf(v, depth - 1));
  }
  const res = out ?? [];
  if (depth === 3 && !Object.isFrozen(av)) av._fl = res;
  return res;
}

export function isTainted(av: AV | undefined): boolean {
  return flowsOf(av).length > 0;
}

/** Flows that are not sanitised for `kind`. */
export function flowsFor(av: AV | undefined, bit: number): Flow[] {
  return flowsOf(av).filter((f) => (f.cl & bit) === 0);
}

/** The value as an opaque tainted string/value: structure dropped, taint kept. */
export function propagate(av: AV | undefined, step?: TaintStep, opts?: { json?: boolean; keepPre?: boolean }): AV {
  if (!av) return CLEAN;
  let fl = flowsOf(av);
  if (!fl.length) return CLEAN;
  if (opts && opts.json !== undefined) fl = fl.map((f) => (f.json === opts.json ? f : { ...f, json: opts.json! }));
  const out: AV = { t: addStepToFlows(fl, step) };
  if (opts?.keepPre && av.pre !== undefined) out.pre = av.pre;
  if (av.sq) out.sq = true;
  return out;
}

/** Union of the flows of several values, as one opaque value. */
export function propagateAll(avs: (AV | undefined)[], step?: TaintStep, opts?: { json?: boolean }): AV {
  let fl: Flow[] | undefined;
  let sq = false;
  for (const a of avs) {
    if (!a) continue;
    fl = unionFlows(fl, flowsOf(a));
    if (a.sq) sq = true;
  }
  if (!fl || !fl.length) return sq ? { sq: true } : CLEAN;
  if (opts && opts.json !== undefined) fl = fl.map((f) => (f.json === opts.json ? f : { ...f, json: opts.json! }));
  const out: AV = { t: addStepToFlows(fl, step) };
  if (sq) out.sq = true;
  return out;
}

/**
 * Mark every flow of `av` as sanitised for the kinds in `mask` (structure kept). `memo`: values
 * already rewritten in this call (see addStep).
 */
export function clearKinds(av: AV, mask: number, memo?: Map<AV, AV>): AV {
  if (mask === 0) return av;
  const done = memo?.get(av);
  if (done) return done;
  const mapFlows = (fl: Flow[] | undefined): Flow[] | undefined => fl?.map((f) => ((f.cl & mask) === mask ? f : { ...f, cl: f.cl | mask }));
  const out: AV = { ...av, _fl: undefined };
  if (av.src) {
    out.src = undefined;
    out.t = unionFlows(mapFlows(av.t), mapFlows(resolveSrcFlows(av.src)));
  } else out.t = mapFlows(av.t);
  if (av.f || av.fb || av.el || av.it) {
    const m = memo ?? new Map<AV, AV>();
    m.set(av, out);
    if (av.f) {
      const f = new Map<string, AV>();
      for (const [k, v] of av.f) f.set(k, clearKinds(v, mask, m));
      out.f = f;
    }
    if (av.fb) out.fb = clearKinds(av.fb, mask, m);
    if (av.el) out.el = clearKinds(av.el, mask, m);
    if (av.it) out.it = av.it.map((v) => clearKinds(v, mask, m));
  }
  if (!out.t) delete out.t;
  return out;
}

export function withNode(av: AV, n: SNode): AV {
  if (av === CLEAN) return { n };
  if (av.n === n) return av;
  return { ...av, n, _fl: undefined };
}

/**
 * `av` with `step` appended to its flows, at every level. `memo`: values already rewritten in this
 * call — a value can hold one child twice (an array literal's `el` is its only item), and without
 * it `[[[…event.body…]]]` 20 deep took seconds (2^depth rewrites).
 */
export function addStep(av: AV, step: TaintStep, memo?: Map<AV, AV>, depth = 0): AV {
  if (!av.t && !av.src && !av.f && !av.el && !av.it && !av.fb) return av;
  if (depth > MAX_STRUCT_DEPTH) return av; // steps are for messages; deeper fields keep theirs
  const done = memo?.get(av);
  if (done) return done;
  const out: AV = { ...av, _fl: undefined };
  if (av.t) out.t = addStepToFlows(av.t, step);
  if (av.src) out.src = { ...av.src, steps: av.src.steps.length < MAX_STEPS ? [...av.src.steps, step] : av.src.steps };
  if (av.f || av.el || av.fb || av.it) {
    const m = memo ?? new Map<AV, AV>();
    m.set(av, out);
    if (av.f) {
      const f = new Map<string, AV>();
      for (const [k, v] of av.f) f.set(k, addStep(v, step, m, depth + 1));
      out.f = f;
    }
    if (av.el) out.el = addStep(av.el, step, m, depth + 1);
    if (av.fb) out.fb = addStep(av.fb, step, m, depth + 1);
    if (av.it) out.it = av.it.map((v) => addStep(v, step, m, depth + 1));
  }
  return out;
}

export function hasStructure(av: AV): boolean {
  return !!(av.f || av.el || av.it || av.fb);
}
