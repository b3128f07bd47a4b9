/**
 * Where the resource an SDK call acts on comes from, when the call analysis could not name it (not
 * a literal, not an environment variable): from the handler's event, or from the response of
 * another SDK call of the handler (a `ListFunctions` page, a DynamoDB item). Read by
 * iam-wildcard-resource: a statement whose calls act only on resources chosen at run time this way
 * (an emergency switch throttling every function it lists, a remediation revoking the rule of the
 * security group an incident names) cannot list their ARNs before deploy.
 *
 * Works on the IR (`code/ir.ts`) of the module holding the call, following names through their
 * assignments, loop variables, collection appends (`results.append(x)`, `list.push(x)`), the
 * values local functions return and the arguments their callers in the module pass. Anything else
 * (a module-level value of unknown origin, a function from another module, a call we cannot follow)
 * is `unknown`, and a literal or an environment variable is `fixed`: either keeps the call from
 * counting as chosen at run time. Pure: reads only the parsed modules it is given.
 */
import { moduleIROf, listExportedFunctions } from '../code/handlers';
import { forEachIrChild, type Ex, type FuncIR, type ModuleIR, type St } from '../code/ir';
import { patNames, readsEnv } from '../code/ir-names';
import { RESOURCE_PARAMS } from './services';
import type { LoadedCode, SdkCall } from './sdk-types';

export type OriginKind = 'event' | 'response' | 'fixed' | 'unknown';

export interface ResourceOrigin {
  kinds: Set<OriginKind>;
  /** The SDK operations whose responses hold the resource (`lambda:ListFunctions`). */
  responses: Set<string>;
}

/** Calls that return (a copy of) their first argument: `set(x)`, `list(x)`, `str(x)`, `Array.from(x)`. */
const PASS_THROUGH = new Set(['set', 'list', 'tuple', 'sorted', 'reversed', 'iter', 'str', 'frozenset', 'String', 'from', 'values', 'parse', 'loads', 'strip', 'trim', 'lower', 'upper', 'split', 'get']);
/** Methods that add their argument to the collection they are called on. */
const ADDERS = new Set(['append', 'push', 'add', 'extend', 'insert', 'unshift', 'update']);

interface Fn {
  f: FuncIR;
  /** The enclosing function (undefined for top-level ones). */
  parent?: Fn;
}

/** Every function of a module with its enclosing function, and top-level statements. */
function functionsOf(mod: ModuleIR): Fn[] {
  const out: Fn[] = [];
  const rec = (o: unknown, parent: Fn | undefined, depth: number): void => {
    if (!o || typeof o !== 'object' || depth > 300) return;
    const x = o as { k?: string; f?: FuncIR; c?: { methods: FuncIR[] } };
    if ((x.k === 'func' || x.k === 'fn') && x.f) {
      const me: Fn = { f: x.f, parent };
      out.push(me);
      rec(x.f.body, me, depth + 1);
      return;
    }
    if (x.k === 'class' && x.c) {
      for (const m of x.c.methods) {
        const me: Fn = { f: m, parent };
        out.push(me);
        rec(m.body, me, depth + 1);
      }
    }
    forEachIrChild(o, (c) => rec(c, parent, depth + 1));
  };
  rec(mod.body, undefined, 0);
  return out;
}

/** Every statement and expression below `root`, not entering nested functions or classes. */
function eachExpr(root: unknown, fn: (e: Ex) => void, depth = 0): void {
  if (!root || typeof root !== 'object' || depth > 200) return;
  const o = root as { k?: string };
  if (o.k === 'func' || o.k === 'fn' || o.k === 'class') return;
  if (typeof o.k === 'string' && !Array.isArray(root)) fn(root as Ex);
  forEachIrChild(root, (c) => eachExpr(c, fn, depth + 1));
}

class Tracer {
  private fns: Fn[];
  private steps = 0;
  constructor(
    private mod: ModuleIR,
    private sdkCalls: readonly SdkCall[],
    private handlerStart: number | undefined,
  ) {
    this.fns = functionsOf(mod);
  }

  /** The function whose body holds the offset most narrowly. */
  enclosing(offset: number): Fn | undefined {
    let best: Fn | undefined;
    for (const f of this.fns) if (f.f.n.start <= offset && offset < f.f.n.end && (!best || f.f.n.start >= best.f.n.start)) best = f;
    return best;
  }

  origin(e: Ex | null | undefined, scope: Fn | undefined, out: ResourceOrigin, depth: number, seen: Set<string>): void {
    if (!e || depth > 24 || ++this.steps > 4000) { out.kinds.add('unknown'); return; }
    if (readsEnv(e)) { out.kinds.add('fixed'); return; }
    switch (e.k) {
      case 'lit': out.kinds.add('fixed'); return;
      case 'await': this.origin(e.x, scope, out, depth + 1, seen); return;
      case 'member': this.origin(e.obj, scope, out, depth + 1, seen); return;
      case 'tmpl': {
        const dyn = e.parts.filter((p) => p.e);
        if (!dyn.length) out.kinds.add('fixed');
        for (const p of dyn) this.origin(p.e, scope, out, depth + 1, seen);
        return;
      }
      case 'bin': {
        // `'arn:...:' + name`: the literal parts do not decide the resource, the dynamic ones do.
        const parts = [e.l, e.r].filter((x) => x.k !== 'lit');
        if (!parts.length) out.kinds.add('fixed');
        for (const p of parts) this.origin(p, scope, out, depth + 1, seen);
        return;
      }
      case 'logic': case 'cond':
        this.origin(e.k === 'cond' ? e.a : e.l, scope, out, depth + 1, seen);
        this.origin(e.k === 'cond' ? e.b : e.r, scope, out, depth + 1, seen);
        return;
      case 'comp': this.origin(e.gens[0]?.iter, scope, out, depth + 1, seen); return;
      case 'arr':
        // An empty collection (`results = []`) adds nothing: its appends decide.
        for (const it of e.items) this.origin(it.v, scope, out, depth + 1, seen);
        return;
      case 'call': this.callOrigin(e, scope, out, depth, seen); return;
      case 'name': this.nameOrigin(e.id, e.n.start, scope, out, depth, seen); return;
      default: out.kinds.add('unknown'); return;
    }
  }

  private sdkCallAt(e: Extract<Ex, { k: 'call' }>): SdkCall | undefined {
    return this.sdkCalls.find((c) => c.callRange.start >= e.n.start && c.callRange.end <= e.n.end && c.operation);
  }

  private callOrigin(e: Extract<Ex, { k: 'call' }>, scope: Fn | undefined, out: ResourceOrigin, depth: number, seen: Set<string>): void {
    const sdk = this.sdkCallAt(e);
    if (sdk) {
      out.kinds.add('response');
      for (const a of sdk.actions) out.responses.add(a);
      return;
    }
    const callee = e.callee;
    if (callee.k === 'name') {
      const local = this.fns.find((f) => f.f.name === callee.id);
      if (local) {
        const key = `ret:${local.f.n.start}`;
        if (seen.has(key)) return;
        seen.add(key);
        let any = false;
        eachExpr(local.f.body, (x) => {
          const s = x as unknown as St;
          if (s.k === 'return' && s.x) { any = true; this.origin(s.x, local, out, depth + 1, seen); }
        });
        if (local.f.exprBody) { any = true; this.origin(local.f.exprBody, local, out, depth + 1, seen); }
        if (!any) out.kinds.add('unknown');
        return;
      }
      if (PASS_THROUGH.has(callee.id)) {
        // `set()` / `list()`: an empty collection, its adds decide; `set(x)`: x's origin.
        if (e.args.length) this.origin(e.args[0].v, scope, out, depth + 1, seen);
        return;
      }
      out.kinds.add('unknown');
      return;
    }
    if (callee.k === 'member') {
      const m = callee.prop ?? '';
      // `Array.from(x)`, `Object.values(x)`, `JSON.parse(x)`, `json.loads(x)`: the argument's origin.
      if (callee.obj.k === 'name' && ['Array', 'Object', 'JSON', 'json'].includes(callee.obj.id) && e.args.length) {
        this.origin(e.args[0].v, scope, out, depth + 1, seen);
        return;
      }
      // `x.strip()`, `x.get('k')`, `page['Functions'].map(...)`: derived from the receiver.
      if (PASS_THROUGH.has(m) || ['map', 'filter', 'slice', 'concat', 'flat', 'flatMap', 'find', 'promise', 'copy', 'keys', 'items', 'toString', 'substring', 'replace', 'join'].includes(m)) {
        this.origin(callee.obj, scope, out, depth + 1, seen);
        return;
      }
    }
    out.kinds.add('unknown');
  }

  /** A name at `at` inside `scope`: its parameter, assignments, loop bindings and appends there, else in the enclosing scopes. */
  private nameOrigin(id: string, at: number, scope: Fn | undefined, out: ResourceOrigin, depth: number, seen: Set<string>): void {
    const key = `${id}@${scope?.f.n.start ?? -1}`;
    if (seen.has(key)) return;
    seen.add(key);
    const body = scope ? scope.f.body : this.mod.body;
    let found = false;
    if (scope) {
      const idx = scope.f.params.findIndex((p) => patNames(p.p).includes(id));
      if (idx >= 0) {
        found = true;
        if (this.handlerStart !== undefined && scope.f.n.start === this.handlerStart) {
          out.kinds.add(idx === 0 ? 'event' : 'unknown');
        } else this.argumentOrigin(scope, idx, out, depth, seen);
      }
    }
    // One walk of the body (not entering nested functions): assignments and loop / `with` bindings
    // of the name, statements or expressions, and `results.append(v)` / `results.push(v)`.
    eachExpr(body, (x) => {
      const s = x as unknown as St;
      if (s.k === 'assign' && patNames(s.p).includes(id)) {
        found = true;
        this.origin(s.v, scope, out, depth + 1, seen);
      } else if (s.k === 'loop' && s.each && patNames(s.each.p).includes(id)) {
        found = true;
        this.origin(s.each.iter, scope, out, depth + 1, seen);
      } else if (s.k === 'with') {
        for (const it of s.items) if (patNames(it.p).includes(id)) { found = true; this.origin(it.v, scope, out, depth + 1, seen); }
      } else if (x.k === 'call' && x.callee.k === 'member' && x.callee.obj.k === 'name' && x.callee.obj.id === id && ADDERS.has(x.callee.prop ?? '')) {
        found = true;
        for (const a of x.args) this.origin(a.v, scope, out, depth + 1, seen);
      }
    });
    if (found) return;
    if (scope) this.nameOrigin(id, at, scope.parent, out, depth + 1, seen);
    else out.kinds.add('unknown');
  }

  /** The origins of what the module's callers pass as parameter `idx` of a local function. */
  private argumentOrigin(fn: Fn, idx: number, out: ResourceOrigin, depth: number, seen: Set<string>): void {
    const name = fn.f.name;
    let any = false;
    if (name) {
      for (const caller of [undefined, ...this.fns]) {
        const body = caller ? caller.f.body : this.mod.body;
        eachExpr(body, (x) => {
          if (x.k === 'call' && x.callee.k === 'name' && x.callee.id === name) {
            const arg = x.args.filter((a) => !a.name)[idx];
            if (arg) { any = true; this.origin(arg.v, caller, out, depth + 1, seen); }
          }
        });
      }
    }
    if (!any) out.kinds.add('unknown');
  }
}

/** The value node of a resource parameter in a call's request (`FunctionName=…`, `{ Bucket: … }`). */
function resourceArgument(call: Extract<Ex, { k: 'call' }>, params: readonly string[]): Ex | undefined {
  for (const a of call.args) if (a.name && params.includes(a.name)) return a.v;
  for (const a of call.args) {
    if (a.v.k !== 'obj') continue;
    for (const p of a.v.props) if (p.key && params.includes(p.key)) return p.v;
  }
  // `new PutBucketPolicyCommand({ Bucket })` inside `client.send(...)`
  for (const a of call.args) if (a.v.k === 'call') {
    const inner = resourceArgument(a.v, params);
    if (inner) return inner;
  }
  return undefined;
}

function callAt(mod: ModuleIR, start: number, end: number): Extract<Ex, { k: 'call' }> | undefined {
  let hit: Extract<Ex, { k: 'call' }> | undefined;
  const rec = (o: unknown, depth: number) => {
    if (hit || !o || typeof o !== 'object' || depth > 400) return;
    const x = o as Ex;
    if (!Array.isArray(o) && x.k === 'call' && x.n && x.n.start === start && x.n.end === end) { hit = x; return; }
    forEachIrChild(o, (c) => rec(c, depth + 1));
  };
  rec(mod.body, 0);
  return hit;
}

/**
 * Where the resource of `call` comes from, following the code of its module; undefined when the
 * module cannot be read or the call names no resource parameter we know (`RESOURCE_PARAMS`).
 * `handler` is the function's handler (its first parameter is the event).
 */
export function resourceOrigin(call: SdkCall, calls: readonly SdkCall[], load: (path: string) => LoadedCode | undefined, handler: { file: string; exportName: string }): ResourceOrigin | undefined {
  const params = RESOURCE_PARAMS[call.service];
  if (!params) return undefined;
  const code = load(call.file);
  if (!code) return undefined;
  const mod = moduleIROf(code.parsed);
  if (!mod) return undefined;
  const node = callAt(mod, call.callRange.start, call.callRange.end);
  if (!node) return undefined;
  const arg = resourceArgument(node, params);
  if (!arg) return undefined;
  const handlerStart = call.file === handler.file ? listExportedFunctions(code.parsed).find((f) => f.exportName === handler.exportName)?.range.start : undefined;
  const tracer = new Tracer(mod, calls.filter((c) => c.file === call.file && c !== call), handlerStart);
  const out: ResourceOrigin = { kinds: new Set(), responses: new Set() };
  tracer.origin(arg, tracer.enclosing(node.n.start), out, 0, new Set());
  if (!out.kinds.size) out.kinds.add('unknown');
  return out;
}

/** Chosen at run time: from the event or another call's response only (no literal, no environment, nothing unknown). */
export function chosenAtRunTime(o: ResourceOrigin | undefined): boolean {
  return !!o && o.kinds.size > 0 && [...o.kinds].every((k) => k === 'event' || k === 'response');
}

/** A parsed module from the rule context's links (`ctx.links.code(path)`), as the call analysis reads it. */
export function loadedFrom(x: unknown): LoadedCode | undefined {
  const c = x as { path?: string; text?: string; parsed?: LoadedCode['parsed'] } | undefined;
  if (!c || typeof c !== 'object' || !c.parsed || !c.parsed.root || c.parsed.skipped || typeof c.path !== 'string' || typeof c.text !== 'string') return undefined;
  return { path: c.path, text: c.text, parsed: c.parsed };
}
