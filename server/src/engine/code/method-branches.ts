/**
 * Which code of a handler runs for one HTTP method, when the handler serves several and branches on
 * the request's method (`switch (event.httpMethod)`, `if event['httpMethod'] == 'POST':`,
 * `event.requestContext.http.method`, a variable holding one of them): for
 * `api-endpoint-no-authorizer`, a write reachable only under `POST` is not an effect of the
 * `GET` route the same function serves.
 *
 * `reachableForMethod(mod, handler, offset, 'GET')` is false only when the code at `offset` is
 * provably skipped for that method: inside the handler, in a branch whose test is false for it
 * (or after a branch that returns or throws for it); in another function of the same module, when
 * every call of that function is itself skipped. Anything else (module init code, a function
 * referenced other than by a call, a test on something else) counts as reachable.
 */
import type { Ex, FuncIR, ModuleIR, St } from './ir';

type Span = { start: number; end: number };

/** `event.httpMethod`, `event['httpMethod']`, `event.get('httpMethod')`, `…requestContext.http.method`, Powertools `http_method`, upper/lower-cased. */
function isMethodEx(e: Ex, vars: Set<string>): boolean {
  if (e.k === 'name') return vars.has(e.id);
  if (e.k === 'member') return e.prop === 'httpMethod' || e.prop === 'http_method' || (e.prop === 'method' && e.obj.k === 'member' && e.obj.prop === 'http');
  if (e.k === 'call' && e.callee.k === 'member') {
    const m = e.callee.prop;
    if (m === 'upper' || m === 'lower' || m === 'toUpperCase' || m === 'toLowerCase') return isMethodEx(e.callee.obj, vars);
    if (m === 'get') {
      const a = e.args[0]?.v;
      return !!a && a.k === 'lit' && (a.v === 'httpMethod' || a.v === 'http_method');
    }
  }
  if (e.k === 'await') return isMethodEx(e.x, vars);
  return false;
}

const litStr = (e: Ex): string | undefined => (e.k === 'lit' && typeof e.v === 'string' ? e.v.toUpperCase() : undefined);

/** The test's value when the request's method is `method`: true, false, or undefined (unknown). */
function evalTest(t: Ex, method: string, vars: Set<string>): boolean | undefined {
  switch (t.k) {
    case 'bin': {
      const eq = t.op === '===' || t.op === '==';
      const ne = t.op === '!==' || t.op === '!=';
      if (eq || ne) {
        for (const [a, b] of [[t.l, t.r], [t.r, t.l]] as const) {
          const s = litStr(b);
          if (s !== undefined && isMethodEx(a, vars)) return (s === method) === eq;
        }
        return undefined;
      }
      if ((t.op === 'in' || t.op === 'not in') && isMethodEx(t.l, vars) && t.r.k === 'arr') {
        const ss = t.r.items.map((i) => litStr(i.v));
        if (ss.some((s) => s === undefined)) return undefined;
        return ss.includes(method) === (t.op === 'in');
      }
      return undefined;
    }
    case 'logic': {
      if (t.op === 'nullish') return undefined;
      const l = evalTest(t.l, method, vars);
      const r = evalTest(t.r, method, vars);
      if (t.op === 'and') return l === false || r === false ? false : l === true && r === true ? true : undefined;
      return l === true || r === true ? true : l === false && r === false ? false : undefined;
    }
    case 'unary':
      if (t.op === '!' || t.op === 'not') { const x = evalTest(t.x, method, vars); return x === undefined ? undefined : !x; }
      return undefined;
    default:
      return undefined;
  }
}

/** The block always leaves (its last statement returns or throws). */
function leaves(body: St[]): boolean {
  const last = body[body.length - 1];
  if (!last) return false;
  if (last.k === 'return' || last.k === 'throw') return true;
  if (last.k === 'if') return !!last.else && leaves(last.then) && leaves(last.else);
  if (last.k === 'block') return leaves(last.body);
  return false;
}

const spanOf = (body: St[]): Span | undefined => (body.length ? { start: body[0].n.start, end: body[body.length - 1].n.end } : undefined);

/** Spans of the handler's code skipped when the request's method is `method`. */
function skipped(f: FuncIR, method: string): Span[] {
  const out: Span[] = [];
  const vars = new Set<string>();
  const add = (s: Span | undefined) => { if (s) out.push(s); };
  const block = (body: St[]): void => {
    for (let i = 0; i < body.length; i++) {
      const s = body[i];
      let leavesHere = false;
      switch (s.k) {
        case 'assign':
          // `const method = event.httpMethod`, `const { httpMethod } = event`
          if (s.p.k === 'pname' && isMethodEx(s.v, vars)) vars.add(s.p.id);
          else if (s.p.k === 'pobj') for (const q of s.p.props) if ((q.key === 'httpMethod' || q.key === 'http_method') && q.v.k === 'pname') vars.add(q.v.id);
          break;
        case 'if': {
          const v = evalTest(s.test, method, vars);
          if (v === true) { add(s.else ? spanOf(s.else) : undefined); block(s.then); leavesHere = leaves(s.then); }
          else if (v === false) { add(spanOf(s.then)); if (s.else) { block(s.else); leavesHere = leaves(s.else); } }
          else { block(s.then); if (s.else) block(s.else); }
          break;
        }
        case 'switch': {
          if (!isMethodEx(s.disc, vars)) { for (const c of s.cases) block(c.body); break; }
          let fallsIn = false;
          const hasMatch = s.cases.some((c) => c.tests.some((t) => litStr(t) === method));
          for (const c of s.cases) {
            const known = c.tests.every((t) => litStr(t) !== undefined);
            const match = c.tests.some((t) => litStr(t) === method) || (c.tests.length === 0 && !hasMatch);
            if (match || fallsIn || !known) block(c.body);
            else add(spanOf(c.body));
            fallsIn = (match || fallsIn || !known) && !leaves(c.body) && !(c.body.length && c.body[c.body.length - 1].k === 'break');
          }
          break;
        }
        case 'block': block(s.body); break;
        case 'try': block(s.body); for (const h of s.handlers) block(h.body); if (s.fin) block(s.fin); break;
        default: break;
      }
      if (leavesHere) { add(spanOf(body.slice(i + 1))); return; }
    }
  };
  block(f.body);
  return out;
}

const SKIP = new Set(['n', 'pn', 'argsNode', 'nameNode']);

/** Top-level functions of the module with their names. */
function topFunctions(mod: ModuleIR): { name: string; f: FuncIR }[] {
  const out: { name: string; f: FuncIR }[] = [];
  for (const st of mod.body) {
    const d = st.k === 'export' && st.decl ? st.decl : st;
    if (d.k === 'func' && d.f.name) out.push({ name: d.f.name, f: d.f });
    else if (d.k === 'assign' && d.p.k === 'pname' && d.v.k === 'fn') out.push({ name: d.p.id, f: d.v.f });
  }
  return out;
}

/** Every reference to `name` in the module: `call` when it is the callee of a call. */
function references(root: unknown, name: string, out: { at: number; call: boolean }[], depth = 0): void {
  if (!root || typeof root !== 'object' || depth > 400) return;
  if (Array.isArray(root)) { for (const x of root) references(x, name, out, depth + 1); return; }
  const o = root as Record<string, unknown>;
  if (o.k === 'call') {
    const c = o as unknown as Extract<Ex, { k: 'call' }>;
    if (c.callee.k === 'name' && c.callee.id === name) {
      out.push({ at: c.n.start, call: true });
      references(c.args, name, out, depth + 1);
      return;
    }
  }
  if (o.k === 'name' && o.id === name) { out.push({ at: (o.n as { start: number }).start, call: false }); return; }
  for (const [k, v] of Object.entries(o)) {
    if (SKIP.has(k) || !v || typeof v !== 'object') continue;
    references(v, name, out, depth + 1);
  }
}

const inside = (o: number, s: Span) => o >= s.start && o < s.end;

/** Whether the code at `offset` may run when the handler `handler` of `mod` serves a request with method `method`. */
export function reachableForMethod(mod: ModuleIR, handler: FuncIR, offset: number, method: string, depth = 0, seen = new Set<FuncIR>()): boolean {
  const m = method.toUpperCase();
  if (inside(offset, handler.n)) return !skipped(handler, m).some((s) => inside(offset, s));
  if (depth > 4) return true;
  const fns = topFunctions(mod);
  const owner = fns.find((x) => inside(offset, x.f.n));
  if (!owner || owner.f === handler || seen.has(owner.f)) return true;
  seen.add(owner.f);
  const refs: { at: number; call: boolean }[] = [];
  references(mod.body, owner.name, refs);
  const uses = refs.filter((r) => !inside(r.at, owner.f.n));
  if (uses.length === 0 || uses.some((r) => !r.call)) return true;
  return uses.some((r) => reachableForMethod(mod, handler, r.at, m, depth + 1, seen));
}
