/**
 * The module graph of a handler (its file and the local modules it imports, bounded) and the entry
 * point of the SDK call analysis: bind to a fixpoint, collect calls, mark the calls of clients built
 * with explicit credentials, and keep those reachable from the handler export.
 */
import { child, type SNode } from '../code/syntax';
import { findHandler } from '../code/handlers';
import { resolveRelativeImport } from '../code-context';
import { dirname, joinPath } from '../project';
import type { Span } from '../types';
import { SDK_HELPERS } from './data/implied-actions';
import { Mod, nodeAtRange } from './sdk-calls';
import { isSdkSpec } from './sdk-clients';
import { named } from './sdk-syntax';
import type { AnalyzeOptions, HandlerCalls, SdkCall, UnknownUse } from './sdk-types';
import { MAX_EVAL_DEPTH, type Val } from './sdk-values';
import { DEPENDENCY_INJECTION_PACKAGES_JS, isOpaquePackage, v3ClientPackageService } from './services';
// ---------------------------------------------------------------------------------------------
// The module graph

export class ModuleGraph {
  private readonly mods = new Map<string, Mod | null>();
  readonly dirty = new Set<Mod>();
  /** Modules whose units and local imports are collected. */
  readonly prepared = new Set<Mod>();
  private readonly busy = new Set<string>();

  constructor(readonly opts: AnalyzeOptions) {}

  /** The analysed module of a path (null when missing or unparsable). */
  get(path: string): Mod | undefined {
    if (this.mods.has(path)) return this.mods.get(path) ?? undefined;
    if (this.mods.size >= MAX_GRAPH_MODULES) return undefined;
    const code = this.opts.load(path);
    if (!code || !code.parsed.root) {
      this.mods.set(path, null);
      return undefined;
    }
    const m = new Mod(path, code.text, code.parsed, this);
    this.mods.set(path, m);
    return m;
  }

  modules(): Mod[] {
    return [...this.mods.values()].filter((m): m is Mod => !!m);
  }

  resolve(from: Mod, spec: string): string | undefined {
    if (from.lang === 'py' && !spec.startsWith('.')) return this.resolvePyAbsolute(from, spec);
    return resolveRelativeImport(this.opts.project, from.path, spec)?.path;
  }

  private readonly aliasCache = new Map<string, string[]>();

  /**
   * A non-relative JS import that may be a path alias to local code (`@/lib/db`, `~/db`, `#db`,
   * or a prefix named in a tsconfig/jsconfig `paths` of the handler's folder or above): its calls
   * cannot be seen.
   */
  looksLikeAlias(from: Mod, spec: string): boolean {
    if (spec.startsWith('@/') || spec.startsWith('~') || spec.startsWith('#') || spec.startsWith('/')) return true;
    if (isSdkSpec(spec)) return false;
    const first = spec.startsWith('@') ? spec.split('/')[0] : spec.split('/')[0];
    for (const cfg of this.configTexts(dirname(from.path))) {
      if (cfg.includes(`"${first}/*"`) || cfg.includes(`"${first}"`) || cfg.includes(`"${spec}"`)) return true;
    }
    return false;
  }

  /** Texts of tsconfig.json / jsconfig.json files in a folder and its ancestors (6 levels). */
  private configTexts(dir: string): string[] {
    const hit = this.aliasCache.get(dir);
    if (hit) return hit;
    const out: string[] = [];
    let d = dir;
    for (let i = 0; i < 6; i++) {
      for (const n of ['tsconfig.json', 'jsconfig.json']) {
        const t = this.opts.project.readFile(joinPath(d, n));
        if (t !== undefined && t.includes('"paths"')) out.push(t);
      }
      const up = dirname(d);
      if (up === d || d === '/' || d === '.') break;
      d = up;
    }
    this.aliasCache.set(dir, out);
    return out;
  }

  private readonly archiveCache = new Map<string, string | null>();

  /**
   * A Python package the project ships as an archive its deploy step unpacks into the code package
   * (`vendored/OneTicketLogging.zip`, `libs/pkg-1.0-py3-none-any.whl`, an `.egg`/`.tar.gz`): a
   * file named after the import's top-level module in the code roots or a folder directly inside
   * them. Its code cannot be read, so what it calls is not known (1T/InventoryCalculator: a
   * private logging package that assumes a cross-account role). The archive's path, or undefined.
   */
  shippedArchive(from: Mod, spec: string): string | undefined {
    if (from.lang !== 'py' || spec.startsWith('.') || isSdkSpec(spec)) return undefined;
    const top = spec.split('.')[0];
    const roots = [...new Set([dirname(from.path), ...(this.opts.pythonRoots ?? [])])];
    const key = `${roots.join(',')}|${top}`;
    if (this.archiveCache.has(key)) return this.archiveCache.get(key) ?? undefined;
    const named = (n: string) =>
      n === `${top}.zip` || n === `${top}.egg` || n === `${top}.tar.gz` || n === `${top}.pyz` ||
      ((n.startsWith(`${top}-`) || n.startsWith(`${top.replace(/_/g, '-')}-`)) && (n.endsWith('.whl') || n.endsWith('.egg') || n.endsWith('.tar.gz') || n.endsWith('.zip')));
    let found: string | undefined;
    outer: for (const r of roots) {
      const names = this.opts.project.listDir(r) ?? [];
      for (const n of names) if (named(n)) { found = joinPath(r, n); break outer; }
      for (const d of names.filter((n) => !n.includes('.') && n !== 'node_modules').slice(0, 40)) {
        for (const n of this.opts.project.listDir(joinPath(r, d)) ?? []) if (named(n)) { found = joinPath(joinPath(r, d), n); break outer; }
      }
    }
    this.archiveCache.set(key, found ?? null);
    return found;
  }

  private readonly pyAbsCache = new Map<string, string | null>();

  /**
   * A Python absolute import resolved against the importing file's folder, the code roots and, for
   * an import of the module's own package (`from app.shared import clients` in `app/handlers/h.py`),
   * the folder holding that package.
   */
  resolvePyAbsolute(from: Mod, spec: string): string | undefined {
    const key = `${dirname(from.path)}|${spec}`;
    if (this.pyAbsCache.has(key)) return this.pyAbsCache.get(key) ?? undefined;
    let found: string | undefined;
    if (!isSdkSpec(spec) && spec !== 'os' && spec !== 'json') {
      const rel = spec.split('.').join('/');
      const roots = [dirname(from.path), ...(this.opts.pythonRoots ?? []), ...ownPackageRoots(from.path, rel.split('/')[0])];
      outer: for (const r of roots) {
        for (const cand of [`${rel}.py`, `${rel}/__init__.py`]) {
          const p = joinPath(r, cand);
          if (this.opts.project.exists(p)) {
            found = p;
            break outer;
          }
        }
      }
    }
    this.pyAbsCache.set(key, found ?? null);
    return found;
  }

  /** Value of a local import (`{path, name}`), evaluated in the target module. */
  localValue(v: Extract<Val, { k: 'local' }>, depth: number): Val[] {
    if (depth > MAX_EVAL_DEPTH) return [];
    const m = this.get(v.path);
    if (!m) return [];
    if (v.name === undefined) {
      if (m.lang === 'js' && m.moduleExportsNode) return m.ev(m.moduleExportsNode, depth + 1);
      return [{ k: 'local', path: v.path, from: v.from }];
    }
    return this.exportValue({ k: 'local', path: v.path, from: v.from }, v.name, depth);
  }

  /** Value of export `name` of the module `ns` points to. */
  exportValue(ns: Extract<Val, { k: 'local' }>, name: string, depth: number): Val[] {
    if (depth > MAX_EVAL_DEPTH) return [];
    const m = this.get(ns.path);
    if (!m) return [];
    const key = `${m.path}#${name}`;
    if (this.busy.has(key)) return [];
    this.busy.add(key);
    try {
      if (m.lang === 'py') return m.rootScope().vars.get(name) ?? [];
      const e = m.exportsMap.get(name);
      if (e?.local) return m.rootScope().vars.get(e.local) ?? [];
      if (e?.node) return m.ev(e.node, depth + 1);
      if (e?.reexport) {
        const target = m.importVal(e.reexport.spec, e.reexport.name, m.root);
        return target.k === 'local' ? this.localValue(target, depth + 1) : [target];
      }
      if (m.moduleExportsNode) return m.members(m.ev(m.moduleExportsNode, depth + 1), name, depth + 1);
      for (const spec of m.starReexports) {
        const t = m.importVal(spec, name, m.root);
        if (t.k === 'local') {
          const r = this.localValue(t, depth + 1);
          if (r.length) return r;
        }
      }
      return [];
    } finally {
      this.busy.delete(key);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Entry point

const MAX_BIND_PASSES = 4;
/** Modules one run's shared graph loads at most (each handler's closure is bounded by `maxModules`). */
const MAX_GRAPH_MODULES = 4000;

/**
 * The SDK calls a handler makes: loads the handler file and the local modules it imports
 * (bounded), binds values, collects calls, and computes what the export reaches.
 */
export function analyzeHandlerCalls(file: string, exportName: string | undefined, opts: AnalyzeOptions, shared?: ModuleGraph): HandlerCalls | undefined {
  const graph = shared ?? new ModuleGraph(opts);
  const main = graph.get(file);
  if (!main) return undefined;
  // The import closure (bounded depth). Modules seen by an earlier handler of the same run are
  // reused: their units, bindings and calls are already there.
  const maxDepth = opts.maxDepth ?? 4;
  const maxModules = opts.maxModules ?? 32;
  const depthOf = new Map<Mod, number>([[main, 0]]);
  const queue: Mod[] = [main];
  const fresh: Mod[] = [];
  while (queue.length) {
    const m = queue.shift()!;
    if (!graph.prepared.has(m)) {
      graph.prepared.add(m);
      fresh.push(m);
      m.collectUnits();
      for (const imp of importSpecs(m)) {
        if (!m.isLocalSpec(imp.spec)) continue;
        m.localImports.push({ spec: imp.spec, path: graph.resolve(m, imp.spec), range: imp.range });
      }
    }
    const d = depthOf.get(m)!;
    if (d + 1 > maxDepth) continue;
    for (const li of m.localImports) {
      if (depthOf.size >= maxModules) break;
      const t = li.path ? graph.get(li.path) : undefined;
      if (t && !depthOf.has(t)) {
        depthOf.set(t, d + 1);
        queue.push(t);
      }
    }
  }
  const mods = [...depthOf.keys()];
  // Bind to a fixpoint. When modules analysed before change (a new caller passes them a client),
  // every module of the closure collects its calls again.
  const freshSet = new Set(fresh);
  const freshPaths = new Set(fresh.map((m) => m.path));
  // Modules analysed before only need binding again when they import a new module, when a new
  // caller binds their parameters (`dirty`), or once any of them changed (then all do).
  const active = new Set<Mod>(mods.filter((m) => freshSet.has(m) || m.localImports.some((li) => li.path !== undefined && freshPaths.has(li.path))));
  let oldChanged = false;
  graph.dirty.clear();
  for (let pass = 0; pass < MAX_BIND_PASSES; pass++) {
    let changed = false;
    for (const m of mods) {
      if (!active.has(m) && !graph.dirty.has(m)) continue;
      if (m.bindPass()) {
        changed = true;
        if (!freshSet.has(m)) oldChanged = true;
      }
    }
    for (const m of graph.dirty) {
      active.add(m);
      if (!freshSet.has(m)) oldChanged = true;
    }
    if (oldChanged) for (const m of mods) active.add(m);
    if (!changed) break;
  }
  const recollect = oldChanged ? mods : fresh;
  for (const m of mods) m.clearReturnCache();
  for (const m of recollect) {
    m.calls.length = 0;
    m.unknown.length = 0;
    m.collectCalls();
  }
  // Init regions need the calls (a top-level declarator that calls AWS runs on import).
  for (const m of recollect) {
    m.units.clear();
    m.decorated.clear();
    m.init.length = 0;
    m.collectUnits();
  }
  const unknown: UnknownUse[] = [];
  const helperActions = new Set<string>();
  for (const m of mods) {
    for (const imp of importSpecs(m)) for (const a of helperActionsOf(imp.spec, m)) helperActions.add(a);
    if (m.lang === 'js') {
      for (const imp of importSpecs(m)) {
        if (m.isLocalSpec(imp.spec)) continue;
        if (DEPENDENCY_INJECTION_PACKAGES_JS.includes(imp.spec)) unknown.push({ file: m.path, range: imp.range, reason: `${imp.spec} runs the app's controllers and providers through dependency injection, which the analysis does not follow` });
        else if (isOpaquePackage(imp.spec, 'js')) unknown.push({ file: m.path, range: imp.range, reason: `${imp.spec} calls AWS on the handler's behalf` });
        else if (imp.spec.startsWith('@aws-sdk/client-') && !v3ClientPackageService(imp.spec)) unknown.push({ file: m.path, range: imp.range, reason: `${imp.spec} has no known IAM prefix` });
        else if (graph.looksLikeAlias(m, imp.spec)) unknown.push({ file: m.path, range: imp.range, reason: `import ${imp.spec} may be a path alias to local code` });
      }
    }
    if (m.lang === 'py') {
      for (const imp of importSpecs(m)) {
        if (m.isLocalSpec(imp.spec)) continue;
        const archive = graph.shippedArchive(m, imp.spec);
        if (archive) unknown.push({ file: m.path, range: imp.range, reason: `${imp.spec} comes from ${archive.slice(archive.lastIndexOf('/') + 1)}, a package outside the repository's readable code that may call AWS itself` });
      }
    }
    unknown.push(...m.unknown);
    for (const li of m.localImports) {
      const t = li.path ? graph.get(li.path) : undefined;
      if (!li.path || !t) unknown.push({ file: m.path, range: li.range, reason: `import ${li.spec} cannot be read` });
      else if (!depthOf.has(t)) unknown.push({ file: m.path, range: li.range, reason: `import ${li.spec} is beyond the followed depth` });
    }
  }
  // Services whose every client in the closure carries explicit credentials.
  const creds = new Map<string, { explicit: boolean; role: boolean }>();
  for (const m of mods) for (const [svc, e] of m.clientCreds) {
    const x = creds.get(svc) ?? { explicit: false, role: false };
    x.explicit ||= e.explicit;
    x.role ||= e.role;
    creds.set(svc, x);
  }
  const foreign = (c: SdkCall) => {
    const e = creds.get(c.service);
    return !!e && e.explicit && !e.role;
  };
  const all = mods.flatMap((m) => m.calls).map((c) => (foreign(c) ? { ...c, explicitCredentials: true } : c));
  // Reachability from the export.
  const reach = new Reach(graph);
  let exportFound = false;
  if (exportName) {
    const h = findHandler(main.parsed, exportName);
    if (h) {
      exportFound = true;
      const top = topLevelAncestor(main, h.range);
      reach.region(main, top);
      // A handler that is a method of a class: that method is reached whatever its name.
      if (classNodeOf(top)) reach.region(main, nodeAtRange(main.root, h.range) ?? top);
    }
  }
  let reachable: SdkCall[];
  if (exportFound) {
    reach.run();
    reachable = all.filter((c) => reach.covers(c));
  } else reachable = all.filter((c) => c.file === main.path);
  return {
    reachable: dedupeCalls(reachable),
    all: dedupeCalls(all),
    unknown,
    complete: mods.every((m) => m.complete),
    exportFound,
    files: mods.map((m) => m.path),
    helperActions: [...helperActions],
  };
}

/**
 * Actions an imported library calls AWS with (durable-execution SDK, Powertools utilities,
 * lib-storage), those of a feature (`usedThrough`: crhelper's polling) when module `m` names it.
 */
function helperActionsOf(spec: string, m: Mod): readonly string[] {
  const sep = m.lang === 'js' ? '/' : '.';
  const out: string[] = [];
  for (const h of SDK_HELPERS) {
    if (!h.imports?.some((p) => spec === p || spec.startsWith(p + sep))) continue;
    if (h.usedThrough && !m.idents.some((n) => h.usedThrough!.includes(m.t(n)))) continue;
    out.push(...h.actions);
  }
  return out;
}

function dedupeCalls(calls: SdkCall[]): SdkCall[] {
  const seen = new Set<string>();
  const out: SdkCall[] = [];
  for (const c of calls) {
    const k = `${c.file}:${c.range.start}:${c.actions.join(',')}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(c);
  }
  return out.sort((a, b) => (a.file === b.file ? a.range.start - b.range.start : a.file < b.file ? -1 : 1));
}

function importSpecs(m: Mod): { spec: string; range: Span }[] {
  const out: { spec: string; range: Span }[] = [];
  for (const n of m.callNodes) {
    if (m.lang === 'js') {
      if (n.type === 'import_statement' || (n.type === 'export_statement' && child(n, 'source'))) {
        const src = child(n, 'source') ?? n.children.find((c) => c.type === 'import_require_clause')?.children.find((c) => c.field === 'source');
        const s = src ? m.str(src) : undefined;
        if (s !== undefined) out.push({ spec: s, range: { start: n.start, end: n.end } });
        continue;
      }
      if (n.type === 'call_expression') {
        const fn = child(n, 'function');
        if (fn && (m.t(fn) === 'require' || fn.type === 'import')) {
          const a = child(n, 'arguments');
          const a0 = a ? named(a)[0] : undefined;
          const s = a0 ? m.str(a0) : undefined;
          if (s !== undefined) out.push({ spec: s, range: { start: n.start, end: n.end } });
        }
      }
    } else {
      if (n.type === 'import_statement') {
        for (const c of named(n)) out.push({ spec: m.t(c.type === 'aliased_import' ? child(c, 'name') ?? c : c), range: { start: n.start, end: n.end } });
        continue;
      }
      if (n.type === 'import_from_statement') {
        const mod = child(n, 'module_name');
        if (!mod) continue;
        const base = m.t(mod);
        let anySub = false;
        for (const c of n.children) {
          if (c.field !== 'name') continue;
          const nm = m.t(c.type === 'aliased_import' ? child(c, 'name') ?? c : c);
          const sub = base.endsWith('.') ? base + nm : `${base}.${nm}`;
          if (m.graph.resolve(m, sub)) {
            out.push({ spec: sub, range: { start: n.start, end: n.end } });
            anySub = true;
          }
        }
        // `from . import db` needs no package file when db is a module
        if (!(anySub && /^\.+$/.test(base))) out.push({ spec: base, range: { start: n.start, end: n.end } });
        continue;
      }
    }
  }
  return out.filter((o, i) => out.findIndex((x) => x.spec === o.spec) === i);
}

/** The class a top-level region declares (`class X`, `export class X`, `@dec class X`, `const X = class {…}`), if any. */
function classNodeOf(n: SNode): SNode | undefined {
  if (n.type === 'class_definition' || n.type === 'class_declaration' || n.type === 'class') return n;
  if (n.type === 'decorated_definition') {
    const d = child(n, 'definition');
    return d?.type === 'class_definition' ? d : undefined;
  }
  if (n.type === 'export_statement') {
    const d = child(n, 'declaration');
    return d && d.type === 'class_declaration' ? d : undefined;
  }
  return undefined;
}

/** The name of a method member of a class body (Python `def`, decorated or not; JS method definitions). */
function methodName(m: Mod, member: SNode): string | undefined {
  let d = member;
  if (d.type === 'decorated_definition') d = child(d, 'definition') ?? d;
  if (d.type === 'function_definition' || d.type === 'method_definition') {
    const name = child(d, 'name');
    return name ? m.t(name) : undefined;
  }
  return undefined;
}

function topLevelAncestor(m: Mod, r: Span): SNode {
  let n = nodeAtRange(m.root, r) ?? m.root;
  while (n.parent && n.parent !== m.root) n = n.parent;
  return n;
}

/** Regions reached from the handler: its unit, the units its identifiers name, imported exports. */
class Reach {
  private readonly regions = new Map<Mod, SNode[]>();
  private readonly queue: { m: Mod; n: SNode }[] = [];
  private readonly modsInit = new Set<Mod>();
  private readonly seen = new Set<SNode>();

  constructor(private readonly graph: ModuleGraph) {}

  /** Methods of reached classes not reached yet, by name: reached once some reached code names them. */
  private readonly pending = new Map<string, { m: Mod; n: SNode }[]>();
  /** Property/attribute names (and identifier-like strings) used in reached code. */
  private readonly names = new Set<string>();

  region(m: Mod, n: SNode): void {
    if (this.seen.has(n)) return;
    const cls = classNodeOf(n);
    if (cls && this.classMembers(m, n, cls)) return;
    this.seen.add(n);
    let list = this.regions.get(m);
    if (!list) this.regions.set(m, (list = []));
    list.push(n);
    this.queue.push({ m, n });
    if (!this.modsInit.has(m)) {
      this.modsInit.add(m);
      for (const i of m.init) this.region(m, i);
    }
  }

  private unit(m: Mod, name: string): void {
    for (const u of m.units.get(name) ?? []) this.region(m, u.node);
    for (const d of m.decorated.get(name) ?? []) this.region(m, d);
  }

  private exportOf(m: Mod, name: string, depth = 0): void {
    if (depth > 6) return;
    if (m.lang === 'py') {
      this.unit(m, name);
      if (!m.units.has(name)) this.wholeModule(m);
      return;
    }
    const e = m.exportsMap.get(name);
    if (e?.local) this.unit(m, e.local);
    else if (e?.node) {
      for (const [k, us] of m.units) if (k.startsWith('\0')) for (const u of us) if (u.node === e.node) this.region(m, u.node);
    } else if (e?.reexport) {
      const t = m.importVal(e.reexport.spec, e.reexport.name, m.root);
      if (t.k === 'local') {
        const tm = this.graph.get(t.path);
        if (tm) this.exportOf(tm, e.reexport.name, depth + 1);
      }
    } else this.wholeModule(m);
  }

  private wholeModule(m: Mod): void {
    for (const us of m.units.values()) for (const u of us) this.region(m, u.node);
    for (const i of m.init) this.region(m, i);
  }

  /**
   * A reached class: its header, constructor, dunder methods and non-method members are reached;
   * its other methods only once reached code names them (`obj.list_tags(…)`, `this.save`,
   * `getattr(o, 'run')`). A class that extends something other than local classes is reached whole
   * (the library may call any method it overrides). False when the class is reached whole.
   */
  private classMembers(m: Mod, top: SNode, cls: SNode): boolean {
    const body = child(cls, 'body');
    if (!body) return false;
    const heritage = m.lang === 'py' ? child(cls, 'superclasses') : cls.children.find((c) => c.type === 'class_heritage');
    if (heritage && !this.localBases(m, heritage)) return false;
    this.seen.add(top);
    if (heritage) this.region(m, heritage);
    for (const member of named(body)) {
      const name = methodName(m, member);
      if (name === undefined || name === '__init__' || name === 'constructor' || /^__.*__$/.test(name) || this.names.has(name)) {
        this.region(m, member);
        continue;
      }
      let list = this.pending.get(name);
      if (!list) this.pending.set(name, (list = []));
      list.push({ m, n: member });
    }
    return true;
  }

  /** Every base of the class is a plain name of a class in the analysed code. */
  private localBases(m: Mod, heritage: SNode): boolean {
    const bases = m.lang === 'py' ? named(heritage) : named(heritage).flatMap((c) => (c.type === 'extends_clause' ? named(c).filter((x) => x.field === 'value' || x.type === 'identifier') : [c]));
    if (bases.length === 0) return true;
    return bases.every((b) => {
      if (b.type !== 'identifier') return false;
      if (m.lang === 'py' && m.t(b) === 'object') return true;
      const vals = m.lookup(m.t(b), b) ?? [];
      return (m.units.has(m.t(b)) && vals.every((v) => v.k === 'cls')) || (vals.length > 0 && vals.every((v) => v.k === 'cls' || v.k === 'local'));
    });
  }

  /** Adds the property names and identifier-like strings of a reached region; reaches pending methods they name. */
  private collectNames(m: Mod, n: SNode): void {
    const stack = [n];
    while (stack.length) {
      const x = stack.pop()!;
      let name: string | undefined;
      if (x.type === 'property_identifier' || (x.field === 'attribute' && x.parent?.type === 'attribute')) name = m.t(x);
      else if ((x.type === 'string_fragment' || x.type === 'string_content') && x.end - x.start < 80) name = m.t(x);
      if (name !== undefined && !this.names.has(name)) {
        this.names.add(name);
        const waiting = this.pending.get(name);
        if (waiting) {
          this.pending.delete(name);
          for (const w of waiting) this.region(w.m, w.n);
        }
      }
      for (const c of x.children) stack.push(c);
    }
  }

  run(): void {
    while (this.queue.length) {
      const { m, n } = this.queue.shift()!;
      this.collectNames(m, n);
      const ids = m.idents;
      let lo = 0;
      let hi = ids.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (ids[mid].start < n.start) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < ids.length && ids[i].start < n.end; i++) {
        const x = ids[i];
        if (x.end > n.end) continue;
        const name = m.t(x);
        const vals = m.lookup(name, x) ?? [];
        if (m.units.has(name)) this.unit(m, name);
        for (const v of vals) {
          if ((v.k === 'fn' || v.k === 'cls') && v.mod !== m) {
            this.region(v.mod, topLevelAncestor(v.mod, { start: v.node.start, end: v.node.end }));
            continue;
          }
          if (v.k !== 'local') continue;
          const tm = this.graph.get(v.path);
          if (!tm) continue;
          if (v.name !== undefined) {
            this.exportOf(tm, v.name);
            continue;
          }
          // namespace: `db.save(...)` reaches `save`; anything else reaches the whole module
          const p = x.parent;
          const prop = p && (p.type === 'member_expression' || p.type === 'attribute') && (child(p, 'object') === x) ? child(p, p.type === 'attribute' ? 'attribute' : 'property') : undefined;
          if (prop) this.exportOf(tm, m.t(prop));
          else if (tm.lang === 'js' && tm.moduleExportsNode) this.exportOf(tm, 'default');
          else this.wholeModule(tm);
        }
      }
    }
  }

  covers(c: SdkCall): boolean {
    for (const [m, rs] of this.regions) {
      if (m.path !== c.file) continue;
      for (const r of rs) if (r.start <= c.callRange.start && c.callRange.end <= r.end) return true;
    }
    return false;
  }
}

/** Folders holding an ancestor package of `file` named `top` (closest first, 6 levels). */
function ownPackageRoots(file: string, top: string): string[] {
  const out: string[] = [];
  let dir = dirname(file);
  for (let i = 0; i < 6 && dir && dir !== '/' && dir !== '.'; i++) {
    const parent = dirname(dir);
    if (dir.slice(dir.lastIndexOf('/') + 1) === top) out.push(parent);
    if (parent === dir) break;
    dir = parent;
  }
  return out;
}
