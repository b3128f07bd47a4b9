/**
 * What one exported handler of a module can reach in that module: its own function, the module-level
 * functions, classes and function values it names (transitively), and the module's initialisation
 * code (every top-level statement that is not an import or a definition: it runs on every cold start,
 * whichever export is invoked).
 *
 * Used to judge a handler by what it does rather than by what its file imports: a module whose
 * `hello` export returns a constant and whose `save` export queries MongoDB imports mongoose for
 * `save` only. A name is "used" when an IR name expression with that id occurs in a reached root; a
 * definition is reached when its name is used. Over-approximates (a shadowing local counts as a
 * use), never under-approximates what the export runs within its module.
 *
 * Pure: IR in, roots and names out.
 */
import type { Ex, FuncIR, ModuleIR, St } from './ir';
import { patNames } from './ir-names';
import { handlerFunction } from './handlers';
import type { ParsedCode } from './parser';
import type { SNode } from './syntax';
import { visit } from './ir-names';

export interface ExportReach {
  /** IR subtrees the export runs: its function, reached definitions, module initialisation code. */
  roots: unknown[];
  /** Every name those roots use. */
  names: Set<string>;
}


/**
 * A top-level statement that only defines something (a function, a class, a function value), by the
 * names it binds. With `values`, an assignment of any value to plain names (`conn =
 * psycopg2.connect(…)`, `const db = new Client()`) too: it runs at load time, but what it makes is
 * the handler's only when the handler names it.
 */
function definition(st: St, values = false): { names: string[]; body: unknown } | undefined {
  if (st.k === 'func' && st.f.name) return { names: [st.f.name], body: st.f };
  if (st.k === 'class') return { names: st.c.name ? [st.c.name] : [], body: st.c };
  if (st.k === 'assign' && (st.v.k === 'fn' || st.v.k === 'class')) return { names: patNames(st.p), body: st.v };
  if (values && st.k === 'assign' && !st.op) {
    const names = patNames(st.p);
    if (names.length > 0) return { names, body: st };
  }
  if (st.k === 'export' && st.decl) return definition(st.decl, values);
  // `exports.x = () => …` / `module.exports.x = function …`: a definition reached through the export, not init code.
  if (st.k === 'expr' && st.x.k === 'assign' && st.x.p.k === 'pmember' && (st.x.v.k === 'fn' || st.x.v.k === 'class')) return { names: [], body: st.x.v };
  return undefined;
}

/**
 * The roots and names reachable from the handler function `f` of `mod`. With `byUse`, module-level
 * values (see `definition`) are reached only when named: what the export itself uses, not what
 * the module prepares at load time for its other exports (a database connection opened at import
 * for `list`, not for `hello`).
 */
export function exportReach(mod: ModuleIR, f: FuncIR, byUse = false): ExportReach {
  return reachFrom(mod, [f], byUse);
}

/**
 * The roots and names a module runs from `start` (a handler function; none for a module whose export
 * is made at load time, like an adapted web app) plus its initialisation code, leaving out the
 * top-level statements in `skip` (the registrations of web-app routes a request cannot reach).
 */
export function reachFrom(mod: ModuleIR, start: unknown[], byUse = false, skip?: ReadonlySet<St>): ExportReach {
  const defs = new Map<string, unknown[]>();
  const roots: unknown[] = [...start];
  for (const st of mod.body) {
    if (st.k === 'import' || skip?.has(st)) continue;
    const d = definition(st, byUse);
    if (!d) {
      roots.push(st); // initialisation code
      continue;
    }
    for (const name of d.names) {
      const list = defs.get(name);
      if (list) list.push(d.body);
      else defs.set(name, [d.body]);
    }
  }
  const names = new Set<string>();
  const expanded = new Set<string>();
  const queue: unknown[] = [...roots];
  while (queue.length) {
    const root = queue.pop();
    visit(root, (x) => {
      const e = x as Ex;
      if (e.k !== 'name' || names.has(e.id)) return;
      names.add(e.id);
      const d = defs.get(e.id);
      if (d && !expanded.has(e.id)) {
        expanded.add(e.id);
        for (const body of d) {
          roots.push(body);
          queue.push(body);
        }
      }
    });
  }
  return { roots, names };
}

/**
 * Whether the export `exportName` of a parsed module runs the code at `offset`: inside its function,
 * a definition it reaches or the module's initialisation code. True when the export's function
 * cannot be found (nothing to tell it apart by).
 */
/** exportReach per parse and export: a parse is immutable, so its answers are kept while it lives. */
const reachMemo = new WeakMap<ParsedCode, Map<string, ExportReach | null>>();

function exportReachOf(parsed: ParsedCode, exportName: string): ExportReach | null {
  let m = reachMemo.get(parsed);
  if (!m) reachMemo.set(parsed, (m = new Map()));
  let r = m.get(exportName);
  if (r === undefined) {
    const h = handlerFunction(parsed, exportName);
    r = h ? exportReach(h.mod, h.f) : null;
    m.set(exportName, r);
  }
  return r;
}

export function exportRuns(parsed: ParsedCode, exportName: string, offset: number): boolean {
  const reach = exportReachOf(parsed, exportName);
  if (!reach) return true;
  return reach.roots.some((r) => {
    const n = (r as { n?: SNode }).n;
    return !!n && n.start <= offset && offset < n.end;
  });
}
