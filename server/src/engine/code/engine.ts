/**
 * The taint interpreter: an abstract interpretation of the IR that tracks attacker-controlled
 * data from sources to sinks.
 *
 * - Flow-sensitive inside a function (branches are analysed in copies of the local environment and
 *   joined; loops run twice), so guards (`if (!ALLOWED.has(x)) return`) clear taint only where
 *   they hold.
 * - Inter-procedural by inlining: a call to a function of the same file or of a relatively-imported
 *   file analyses the callee with the actual argument values (field-sensitive, so the source label
 *   stays `event.pathParameters.id` through helpers), bounded by call depth, recursion checks and a
 *   global step budget. Guard and assertion helpers are recognised from what their bodies do, not
 *   from their names.
 * - Deterministic: everything iterates in source order over arrays and insertion-ordered maps.
 */
import { assertionCallFacts, facts as guardFacts } from './guards';
import { checkEntryReturn, checkLambdaResponse, hostFixed, reportSink } from './sinks';
export { hostFixed };
import type { ClassIR, Const, Ex, FuncIR, ModuleIR, Pat, St, TmplPart } from './ir';
import type { SNode } from './syntax';
import type { CodeLang, ResolveImport, SinkKind, Span, TaintFinding, TriggerKind, CodeFix } from './types';
import {
  ALL, BIT, type AV, CLEAN, type ClassRef, type Fact, type FileCtxRef, type Flow, type FnRef, type Schema, type Scope, type SrcRoot,
  addStep, clearKinds, constAV, flowsOf, isTainted, isTaintedShallow, join, propagate, propagateAll, unionFlows,
} from './values';
import './sources';
import { applySchema, jsonSchemaOf, observeSchemas, regexMask, setSchemaFieldReaders } from './schema';
import { modelCall, modelNew, type ArgV, type CallInfo } from './models';
import { storedCommand, storedRead } from './stored';
import { lowerJsModule } from './lower-js';
import { lowerPyModule } from './lower-py';
import { endsAuthority, hostLabelPart, isOwnHost, isSchemeOnly, startsWithSlash } from './url-allow';
import { afterPrefix, segmentMarksMask } from './path-segment';
import { DDB_SCALAR_TYPE_TAGS } from './sanitizers';
import { codeLangFromPath, parseCode, freeParse, type ParsedCode } from './parser';
import { normModule, rng } from './util';
import { ownedByPath } from '../lru';
import { joinAllAV, joinEnv, isPureArg, setPath, setPathEl, weakerSchema } from './av-ops';
import { declaredNames, isNoneType, mayBeGuard, patAsEx, patText } from './ir-names';
import { CHALICE_EVENT_DECORATORS, routeParams } from './route-params';
import { isSafeSqlTag, looksSql } from './sql-text';

export { joinEnv, looksSql, normModule, rng };

export type Status = 0 | 1 | 2 | 3; // normal, break, continue, return/throw
const NORMAL = 0, BREAK = 1, CONTINUE = 2, RETURN = 3;

export type EntryKind = 'lambda' | 'express' | 'flask' | 'chalice' | 'powertools' | 'callback';

export interface FileCtx extends FileCtxRef {
  mod: ModuleIR;
  scope: Scope;
  exports: Map<string, AV>;
  /** Normalised module names imported (`pg`, `mysql2`, `child_process`, `pymysql`, ...). */
  imports: Set<string>;
  importDepth: number;
  routes: RouteEntry[];
  pendingExportSpecs: { local: string; exported: string }[];
  done: boolean;
}

export interface RouteEntry {
  kind: EntryKind;
  fn: FnRef;
  /** Names of route parameters (Flask `<id>`, Chalice `{id}`). */
  params: string[];
  /** Route template. */
  route?: string;
  /** Chalice event handlers (`@app.on_sns_message(…)`): the trigger whose event the view receives. */
  trigger?: TriggerKind;
  /** The registering call (`app.post('/x', handler)`), when known. */
  at?: SNode;
}

export interface Frame {
  file: FileCtx;
  locals: Map<string, AV>;
  scope: Scope;
  ret?: AV;
  fn?: FuncIR;
  depth: number;
  thisAV?: AV;
  entry?: EntryKind;
  callbackName?: string;
  breaks: Map<string, AV>[][];
  params: string[];
  paramExit?: Map<string, AV>;
  /** Params whose value at some normal exit is still the argument as passed. */
  paramPlain?: Set<string>;
  paramInit?: Map<string, AV>;
  paramTruthy?: Map<string, AV>;
  trackTruthy?: boolean;
  truthySeen?: boolean;
  reassigned: Set<string>;
  globals?: Set<string>;
  refKeys: boolean;
  name: string;
  isModule: boolean;
}

export interface EngineOptions {
  triggers: readonly TriggerKind[];
  /** Every API route invoking the handler has a fixed path (sources.ts FIXED_ROUTE_PATHS). */
  fixedRoute?: boolean;
  resolveImport?: ResolveImport;
  maxCallDepth?: number;
  maxImportDepth?: number;
  budget?: number;
  /** Called at every library call with its evaluated arguments (cross/writes.ts records resource writes). */
  onCall?: (ci: CallInfo) => void;
  /** Data read back from storage is a (`stored`) source, judged across the app by cross/reads.ts (code/stored.ts). */
  stored?: boolean;
  /**
   * Called when a schema is applied to a value (a schema library's validate/parse call, a guard on
   * a validator, a pydantic model built from it, a middy / Powertools validator on the whole event):
   * `site` is the call or the guard, `input` the value validated (model/body-reach.ts).
   */
  onValidate?: (site: ValidationSite, input: AV | 'event') => void;
}

/** Where a schema was applied: the call or guard, and the callee (or the test) to name it by. */
export interface ValidationSite {
  file: string;
  range: Span;
  callee: Span;
}

// ---------------------------------------------------------------------------------------------
// Module cache for imported files (text-keyed)

interface LoweredFile {
  text: string;
  lang: CodeLang;
  mod: ModuleIR | null;
}
const importCache = ownedByPath(new Map<string, LoweredFile>());
const IMPORT_CACHE_MAX = 128;

function lowerFileText(path: string, text: string, lang: CodeLang): ModuleIR | null {
  const hit = importCache.get(path);
  if (hit && hit.text === text && hit.lang === lang) return hit.mod;
  const parsed = parseCode(text, lang);
  const mod = parsed.root ? lowerParsed(parsed) : null;
  freeParse(parsed);
  if (importCache.size >= IMPORT_CACHE_MAX) {
    const first = importCache.keys().next().value;
    if (first !== undefined) importCache.delete(first);
  }
  importCache.set(path, { text, lang, mod });
  return mod;
}

export function lowerParsed(p: ParsedCode): ModuleIR | null {
  if (!p.root) return null;
  return p.lang === 'python' ? lowerPyModule(p.root, p.text) : lowerJsModule(p.root, p.text);
}

// ---------------------------------------------------------------------------------------------

const JS_CONST_GLOBALS: Record<string, AV> = {
  undefined: constAV(null),
  NaN: CLEAN,
  Infinity: CLEAN,
};

export class Engine {
  readonly findings = new Map<string, TaintFinding>();
  readonly files = new Map<string, FileCtx>();
  /** Tree root → path of the file it was parsed from (null: shared by two files). */
  private readonly rootFiles = new Map<SNode, string | null>();
  readonly triggers: readonly TriggerKind[];
  readonly fixedRoute: boolean;
  readonly resolveImport?: ResolveImport;
  readonly maxCallDepth: number;
  readonly maxImportDepth: number;
  budget: number;
  private readonly callStack: FuncIR[] = [];
  private readonly pureMemo = new Map<FuncIR, AV>();
  exhausted = false;
  readonly onCall?: (ci: CallInfo) => void;
  readonly onValidate?: (site: ValidationSite, input: AV | 'event') => void;
  readonly stored: boolean;

  constructor(opts: EngineOptions) {
    this.onCall = opts.onCall;
    this.onValidate = opts.onValidate;
    this.stored = !!opts.stored;
    this.triggers = opts.triggers;
    this.fixedRoute = !!opts.fixedRoute;
    this.resolveImport = opts.resolveImport;
    this.maxCallDepth = opts.maxCallDepth ?? 6;
    this.maxImportDepth = opts.maxImportDepth ?? 3;
    this.budget = opts.budget ?? 400_000;
    setSchemaFieldReaders((av, k) => this.prop(av, k, undefined), (av) => this.elementOf(av, undefined));
  }

  // -------------------------------------------------------------------------------------------
  // Files

  loadModule(path: string, text: string, lang: CodeLang, mod: ModuleIR, importDepth: number): FileCtx {
    const existing = this.files.get(path);
    if (existing) return existing;
    const scope: Scope = { vars: new Map(), parent: null };
    const file: FileCtx = {
      path, text, lang: lang === 'python' ? 'py' : 'js', mod, scope, exports: new Map(), imports: new Set(),
      importDepth, routes: [], pendingExportSpecs: [], done: false,
    };
    this.files.set(path, file);
    this.registerRoot(mod, path);
    if (file.lang === 'js') {
      scope.vars.set('exports', { f: new Map(), x: { exportsObj: true } });
      scope.vars.set('module', { f: new Map([['exports', { f: new Map(), x: { exportsObj: true } }]]) });
    }
    const fr = this.newFrame(file, scope, null, 0, '<module>');
    fr.isModule = true;
    // pre-scan imports so model decisions (SQL dialect, Mongo) know the file's libraries
    for (const st of mod.body) if (st.k === 'import') file.imports.add(normModule(st.source, file.lang));
    this.hoist(mod.body, fr);
    this.execBlock(mod.body, fr);
    this.finishExports(file, fr);
    file.done = true;
    return file;
  }

  private finishExports(file: FileCtx, fr: Frame): void {
    if (file.lang === 'py') {
      for (const [k, v] of fr.locals) if (!k.includes('.')) file.exports.set(k, v);
      return;
    }
    for (const s of file.pendingExportSpecs) {
      if (s.local === '*') continue;
      file.exports.set(s.exported, this.lookup(s.local, fr));
    }
    const mod = fr.locals.get('module');
    const modExports = mod?.f?.get('exports');
    const exp = fr.locals.get('exports');
    const addFields = (av: AV | undefined) => {
      for (const [k, v] of av?.f ?? []) if (!file.exports.has(k)) file.exports.set(k, v);
    };
    if (modExports && !modExports.x?.exportsObj) {
      // module.exports = something
      addFields(modExports);
      if (!file.exports.has('default')) file.exports.set('default', modExports);
    } else addFields(modExports);
    addFields(exp);
  }

  /** Load a relatively-imported file through the host callback. */
  importFile(from: FileCtx, spec: string): FileCtx | undefined {
    if (!this.resolveImport || from.importDepth >= this.maxImportDepth) return undefined;
    let r;
    try { r = this.resolveImport(from.path, spec); } catch { r = undefined; }
    if (!r) return undefined;
    const existing = this.files.get(r.path);
    if (existing) return existing.done ? existing : undefined;
    const lang = codeLangFromPath(r.path) ?? (from.lang === 'py' ? 'python' : 'javascript');
    const mod = lowerFileText(r.path, r.text, lang);
    if (!mod) return undefined;
    return this.loadModule(r.path, r.text, lang, mod, from.importDepth + 1);
  }

  // -------------------------------------------------------------------------------------------
  // Frames and scopes

  newFrame(file: FileCtx, scope: Scope, fn: FuncIR | null, depth: number, name: string): Frame {
    return {
      file, locals: scope.vars, scope, fn: fn ?? undefined, depth, breaks: [], params: [], reassigned: new Set(),
      refKeys: false, name, isModule: false,
    };
  }

  private setLocals(fr: Frame, m: Map<string, AV>): void {
    fr.locals = m;
    fr.scope.vars = m;
  }

  lookup(name: string, fr: Frame): AV {
    const l = fr.locals.get(name);
    if (l) return l;
    for (let s = fr.scope.parent; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v) return v;
    }
    const m = fr.file.scope.vars.get(name);
    if (m) return m;
    if (fr.file.lang === 'js' && JS_CONST_GLOBALS[name]) return JS_CONST_GLOBALS[name];
    return this.qAV(name, fr.file);
  }

  /** Value of a qualified name (module member / builtin). */
  qAV(q: string, file: FileCtxRef): AV {
    if (file.lang === 'py' && q === 'flask.request') return this.srcRoot({ kind: 'flask', name: 'request', triggers: ['api'] }, undefined, file);
    if (q === 'process.env' || q === 'os.environ') return { q };
    return { q };
  }

  /**
   * The file a syntax node belongs to, by the root of its tree: a source read in one file from a
   * request object created in another (an Express route registered in `routes.js` whose handler is
   * in `controller.js`) is located in the file of the read, not of the root. Undefined when unknown
   * (or when two loaded files share one tree).
   */
  fileOfNode(node: SNode | undefined): string | undefined {
    if (!node || node.id === -1 && node.type === 'root') return undefined;
    let r = node;
    for (let i = 0; r.parent && i < 100_000; i++) r = r.parent;
    return this.rootFiles.get(r) ?? undefined;
  }

  private registerRoot(mod: ModuleIR, path: string): void {
    let r = mod.body[0]?.n;
    if (!r) return;
    for (let i = 0; r.parent && i < 100_000; i++) r = r.parent;
    const had = this.rootFiles.get(r);
    this.rootFiles.set(r, had === undefined || had === path ? path : null);
  }

  srcRoot(root: SrcRoot, node: SNode | undefined, file: FileCtxRef): AV {
    return { src: { root, path: [], node: node ?? ({ type: 'root', start: 0, end: 0, field: null, named: true, children: [], parent: null, id: -1, bad: false, err: false } as SNode), file: this.fileOfNode(node) ?? file.path, steps: [] } };
  }

  private assignName(name: string, av: AV, fr: Frame, isDecl: boolean): void {
    if (fr.refKeys) this.dropKeys(name, fr);
    if (isDecl || fr.locals.has(name) || fr.file.lang === 'py' && !fr.globals?.has(name)) {
      fr.locals.set(name, av);
      if (fr.params.includes(name)) fr.reassigned.add(name);
      return;
    }
    for (let s = fr.scope.parent; s; s = s.parent) {
      if (s.vars.has(name)) { s.vars.set(name, av); return; }
    }
    if (fr.globals?.has(name) || fr.file.scope.vars.has(name)) { fr.file.scope.vars.set(name, av); return; }
    fr.locals.set(name, av);
  }

  private dropKeys(name: string, fr: Frame): void {
    const prefix = name + '.';
    for (const k of [...fr.locals.keys()]) if (k.startsWith(prefix)) fr.locals.delete(k);
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  private hoist(body: St[], fr: Frame): void {
    if (fr.file.lang !== 'js') return;
    for (const st of body) {
      const f = st.k === 'func' ? st.f : st.k === 'export' && st.decl?.k === 'func' ? st.decl.f : undefined;
      if (f && f.name && !fr.locals.has(f.name)) fr.locals.set(f.name, { fn: [{ f, scope: fr.scope, file: fr.file }] });
    }
  }

  execBlock(body: St[], fr: Frame): Status {
    for (const st of body) {
      if (this.exhausted) return RETURN;
      const s = this.exec(st, fr);
      if (s !== NORMAL) return s;
    }
    return NORMAL;
  }

  private tick(n = 1): void {
    this.budget -= n;
    if (this.budget <= 0) this.exhausted = true;
  }

  exec(st: St, fr: Frame): Status {
    this.tick();
    switch (st.k) {
      case 'expr': {
        const v = this.ev(st.x, fr);
        if (v.x && v.x.noreturn) return RETURN;
        return NORMAL;
      }
      case 'assign': return this.execAssign(st, fr);
      case 'if': {
        this.ev(st.test, fr);
        const tF = this.facts(st.test, true, fr);
        const fF = this.facts(st.test, false, fr);
        const pre = fr.locals;
        this.setLocals(fr, this.withFacts(pre, tF, fr));
        const sT = this.execBlock(st.then, fr);
        const lT = fr.locals;
        this.setLocals(fr, this.withFacts(pre, fF, fr));
        const sF = st.else ? this.execBlock(st.else, fr) : NORMAL;
        const lF = fr.locals;
        if (sT !== NORMAL && sF !== NORMAL) { this.setLocals(fr, joinEnv(lT, lF)); return sT === sF ? sT : RETURN; }
        if (sT !== NORMAL) this.setLocals(fr, lF);
        else if (sF !== NORMAL) this.setLocals(fr, lT);
        else this.setLocals(fr, joinEnv(lT, lF));
        return NORMAL;
      }
      case 'switch': return this.execSwitch(st, fr);
      case 'return': {
        const v = st.x ? this.ev(st.x, fr) : CLEAN;
        this.onReturn(v, st.x, st.n, fr);
        return RETURN;
      }
      case 'throw':
        if (st.x) this.ev(st.x, fr);
        return RETURN;
      case 'loop': return this.execLoop(st, fr);
      case 'block': {
        this.hoist(st.body, fr);
        return this.execBlock(st.body, fr);
      }
      case 'try': {
        const pre = fr.locals;
        const sB = this.execBlock(st.body, fr);
        const post = fr.locals;
        const outs: Map<string, AV>[] = [];
        let anyNormal = sB === NORMAL;
        if (sB === NORMAL) {
          if (st.orelse) {
            const so = this.execBlock(st.orelse, fr);
            if (so === NORMAL) outs.push(fr.locals); else anyNormal = false;
          } else outs.push(post);
        }
        const handlerEnv = joinEnv(pre, post);
        let allHandlersAbrupt = true;
        for (const h of st.handlers) {
          this.setLocals(fr, new Map(handlerEnv));
          if (h.p) this.bind(h.p, CLEAN, fr, h.p.n, true, false);
          const sh = this.execBlock(h.body, fr);
          if (sh === NORMAL) { outs.push(fr.locals); anyNormal = true; allHandlersAbrupt = false; }
        }
        if (st.handlers.length && allHandlersAbrupt && sB === NORMAL) this.tryCoercionFacts(st.body, fr, outs);
        const after = outs.length ? outs.reduce(joinEnv) : handlerEnv;
        this.setLocals(fr, after);
        if (st.fin) {
          const sf = this.execBlock(st.fin, fr);
          if (sf !== NORMAL) return sf;
        }
        return anyNormal || !st.handlers.length && sB === NORMAL ? NORMAL : RETURN;
      }
      case 'func': {
        const ref: FnRef = { f: st.f, scope: fr.scope, file: fr.file };
        const av: AV = { fn: [ref] };
        if (st.f.name) this.assignName(st.f.name, av, fr, true);
        this.registerDecorated(st.f, ref, fr);
        return NORMAL;
      }
      case 'class': {
        const ref: ClassRef = { c: st.c, scope: fr.scope, file: fr.file };
        if (st.c.name) this.assignName(st.c.name, { cls: ref }, fr, true);
        for (const m of st.c.methods) this.registerDecorated(m, { f: m, scope: fr.scope, file: fr.file }, fr);
        return NORMAL;
      }
      case 'break': {
        const top = fr.breaks[fr.breaks.length - 1];
        if (top) top.push(fr.locals);
        return BREAK;
      }
      case 'continue': return CONTINUE;
      case 'with': {
        for (const it of st.items) {
          const v = this.ev(it.v, fr);
          if (it.p) this.bind(it.p, v, fr, it.p.n, true, false);
        }
        return this.execBlock(st.body, fr);
      }
      case 'import': this.execImport(st, fr); return NORMAL;
      case 'export': {
        if (st.decl) {
          const s = this.exec(st.decl, fr);
          for (const name of declaredNames(st.decl)) fr.file.exports.set(name, this.lookup(name, fr));
          if (st.dflt) fr.file.exports.set('default', this.lookup(declaredNames(st.decl)[0] ?? '', fr));
          return s;
        }
        if (st.dflt) { fr.file.exports.set('default', this.ev(st.dflt, fr)); return NORMAL; }
        if (st.specs) {
          if (st.from) {
            const target = st.from.startsWith('.') ? this.importFile(fr.file, st.from) : undefined;
            for (const s of st.specs) {
              if (s.local === '*') { if (target) for (const [k, v] of target.exports) if (k !== 'default' && !fr.file.exports.has(k)) fr.file.exports.set(k, v); continue; }
              const v = target ? target.exports.get(s.local) ?? CLEAN : this.qAV(normModule(st.from, 'js') + '.' + s.local, fr.file);
              fr.file.exports.set(s.exported, v);
            }
          } else for (const s of st.specs) fr.file.pendingExportSpecs.push({ local: s.local, exported: s.exported });
        }
        return NORMAL;
      }
      case 'assert': {
        this.ev(st.test, fr);
        this.setLocals(fr, this.withFacts(fr.locals, this.facts(st.test, true, fr), fr));
        return NORMAL;
      }
      case 'del': return NORMAL;
      case 'global': {
        fr.globals ??= new Set();
        for (const n of st.names) fr.globals.add(n);
        return NORMAL;
      }
    }
    return NORMAL;
  }

  private execAssign(st: Extract<St, { k: 'assign' }>, fr: Frame): Status {
    let v = this.ev(st.v, fr);
    if (st.op) {
      const old = st.p.k === 'pname' ? this.lookup(st.p.id, fr) : st.p.k === 'pmember' ? this.ev({ k: 'member', n: st.p.n, obj: st.p.obj, prop: st.p.prop, index: st.p.index }, fr) : CLEAN;
      if (st.op === '+=' || st.op === '??=' || st.op === '||=' || st.op === '&&=' || st.op === '|=') v = st.op === '+=' ? this.concat([{ av: old }, { av: v }]) : join(old, v);
      else if (st.op === '%=' && old.hasC && typeof old.c === 'string') v = propagateAll([old, v]);
      else v = CLEAN;
    } else if (st.p.k === 'pname' && mayBeGuard(st.v)) {
      // `const ok = ALLOWED.has(x)` / `const valid = validate(body)`: remember what `ok` proves
      const g = this.facts(st.v, true, fr);
      if (g.length && !v.g) v = { ...v, g };
    }
    if (st.p.k === 'pname' && !st.op && (st.v.k === 'tmpl' || st.v.k === 'bin' || st.v.k === 'obj' || st.v.k === 'call') && isTainted(v)) {
      v = { ...v, bx: st.v, bn: st.n };
    }
    this.bind(st.p, v, fr, st.n, !!st.decl || fr.file.lang === 'py', true);
    return NORMAL;
  }

  private execSwitch(st: Extract<St, { k: 'switch' }>, fr: Frame): Status {
    this.ev(st.disc, fr);
    const key = this.keyOf(st.disc);
    const pre = fr.locals;
    const outs: Map<string, AV>[] = [];
    let fall: Map<string, AV> | null = null;
    let hasDefault = false;
    let allReturn = true;
    for (const c of st.cases) {
      let base = pre;
      if (c.tests.length) {
        const consts = c.tests.map((t) => this.ev(t, fr)).filter((a) => a.hasC);
        if (key && consts.length === c.tests.length) {
          base = new Map(pre);
          base.set(key, consts.length === 1 ? constAV(consts[0].c ?? null) : { cs: consts.map((x) => x.c ?? null) });
          if (key.includes('.')) fr.refKeys = true;
        }
      } else hasDefault = true;
      const env = fall ? joinEnv(base, fall) : base;
      this.setLocals(fr, new Map(env));
      fr.breaks.push([]);
      const s = this.execBlock(c.body, fr);
      const br = fr.breaks.pop()!;
      outs.push(...br);
      if (br.length) allReturn = false;
      if (s === NORMAL) { fall = fr.locals; } else { fall = null; if (s === CONTINUE) { allReturn = false; } }
    }
    if (fall) { outs.push(fall); allReturn = false; }
    if (!hasDefault) { outs.push(pre); allReturn = false; }
    this.setLocals(fr, outs.length ? outs.reduce(joinEnv) : pre);
    return allReturn && st.cases.length ? RETURN : NORMAL;
  }

  private execLoop(st: Extract<St, { k: 'loop' }>, fr: Frame): Status {
    for (const s of st.init) this.exec(s, fr);
    let elem: AV | undefined;
    if (st.each) {
      const it = this.ev(st.each.iter, fr);
      elem = st.each.of === 'in' ? this.keysOf(it) : this.elementOf(it, st.each.iter.n);
      if (isTaintedShallow(elem) || elem.t) elem = addStep(elem, { range: rng(st.each.p.n), file: fr.file.path, note: `loop variable ${patText(st.each.p)}` });
    }
    const pre = fr.locals;
    let cur = pre;
    const exits: Map<string, AV>[] = [];
    const iterations = fr.depth > 3 ? 1 : 2;
    for (let i = 0; i < iterations; i++) {
      let env = new Map(cur);
      this.setLocals(fr, env);
      if (st.test) {
        this.ev(st.test, fr);
        env = this.withFacts(env, this.facts(st.test, true, fr), fr);
        this.setLocals(fr, env);
      }
      if (st.each && elem) this.bind(st.each.p, elem, fr, st.each.p.n, true, false);
      fr.breaks.push([]);
      const s = this.execBlock(st.body, fr);
      exits.push(...fr.breaks.pop()!);
      if (st.update) this.ev(st.update, fr);
      if (s === NORMAL || s === CONTINUE) cur = joinEnv(cur, fr.locals);
    }
    let after = cur;
    if (st.test) after = this.withFacts(after, this.facts(st.test, false, fr), fr);
    for (const e of exits) after = joinEnv(after, e);
    this.setLocals(fr, after);
    if (st.orelse) return this.execBlock(st.orelse, fr);
    return NORMAL;
  }

  private recordParamExit(fr: Frame): void {
    for (const p of fr.params) {
      const cur = this.lookup(p, fr);
      if (cur === fr.paramInit?.get(p)) { (fr.paramPlain ??= new Set()).add(p); continue; }
      fr.paramExit ??= new Map();
      fr.paramExit.set(p, fr.paramExit.has(p) ? join(fr.paramExit.get(p), cur) : cur);
    }
  }

  private onReturn(v: AV, x: Ex | null, node: SNode, fr: Frame): void {
    fr.ret = join(fr.ret, v);
    if (fr.params.length) {
      this.recordParamExit(fr);
      const falsy = v.hasC && !v.c;
      if (!falsy && fr.trackTruthy) {
        fr.truthySeen = true;
        fr.paramTruthy ??= new Map();
        const tf = x ? this.facts(x, true, fr) : [];
        const env = tf.length ? this.withFacts(fr.locals, tf, fr) : fr.locals;
        for (const p of fr.params) {
          const pv = env.get(p) ?? this.lookup(p, fr);
          fr.paramTruthy.set(p, fr.paramTruthy.has(p) ? join(fr.paramTruthy.get(p), pv) : pv);
        }
      }
    }
    if (fr.entry) this.checkEntryReturn(v, x, node, fr);
  }

  private execImport(st: Extract<St, { k: 'import' }>, fr: Frame): void {
    const lang = fr.file.lang;
    if (st.relative) {
      let target: FileCtx | undefined;
      if (lang === 'js') target = this.importFile(fr.file, st.source);
      else {
        const dots = '.'.repeat(st.level ?? 1);
        target = st.source ? this.importFile(fr.file, dots + st.source) : undefined;
      }
      for (const nm of st.names) {
        let v: AV = CLEAN;
        if (lang === 'py' && !st.source) {
          // from . import mod
          const sub = this.importFile(fr.file, '.'.repeat(st.level ?? 1) + nm.imported);
          v = sub ? { f: sub.exports } : CLEAN;
        } else if (target) {
          if (nm.imported === '*' || nm.imported === '*pkg') v = { f: target.exports, x: { module: target.path } };
          else if (nm.imported === '**') { for (const [k, ev] of target.exports) fr.locals.set(k, ev); continue; }
          else if (nm.imported === 'default') v = target.exports.get('default') ?? { f: target.exports };
          else v = target.exports.get(nm.imported) ?? CLEAN;
        }
        if (lang === 'py' && st.source && v === CLEAN && nm.imported !== '**') {
          // from .pkg import submodule
          const sub = this.importFile(fr.file, '.'.repeat(st.level ?? 1) + st.source + '.' + nm.imported);
          if (sub) v = { f: sub.exports, x: { module: sub.path } };
        }
        this.assignName(nm.local, v, fr, true);
      }
      return;
    }
    // `from mypkg.sub import X` inside mypkg: the file's own package (code-context.ts resolves it)
    const own = lang === 'py' && st.source.includes('.') ? this.importFile(fr.file, st.source) : undefined;
    if (own) {
      for (const nm of st.names) {
        if (nm.imported === '**') { for (const [k, ev] of own.exports) fr.locals.set(k, ev); continue; }
        let v: AV = nm.imported === '*' || nm.imported === '*pkg' ? { f: own.exports, x: { module: own.path } } : own.exports.get(nm.imported) ?? CLEAN;
        if (v === CLEAN) {
          const sub = this.importFile(fr.file, st.source + '.' + nm.imported);
          if (sub) v = { f: sub.exports, x: { module: sub.path } };
        }
        this.assignName(nm.local, v, fr, true);
      }
      return;
    }
    const mod = normModule(st.source, lang);
    for (const nm of st.names) {
      let v: AV;
      if (nm.imported === '*' || nm.imported === 'default') v = this.qAV(mod === 'zod' && nm.imported === 'default' ? 'zod' : mod, fr.file);
      else if (nm.imported === '*pkg') v = this.qAV(mod.split('.')[0], fr.file);
      else if (nm.imported === '**') continue;
      else v = this.qAV(mod === 'zod' && nm.imported === 'z' ? 'zod' : `${mod}.${nm.imported}`, fr.file);
      this.assignName(nm.local, v, fr, true);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Binding

  bind(p: Pat, av: AV, fr: Frame, node: SNode, isDecl: boolean, withStep: boolean): void {
    switch (p.k) {
      case 'pname': {
        let v = av;
        if (withStep && (v.t || v.src || v.f || v.el)) v = addStep(v, { range: rng(node), file: fr.file.path, note: `assigned to ${p.id}` });
        this.assignName(p.id, v, fr, isDecl);
        return;
      }
      case 'pobj': {
        const used: string[] = [];
        for (const pr of p.props) {
          let sub: AV;
          if (pr.key !== null) { sub = this.prop(av, pr.key, pr.n); used.push(pr.key); }
          else sub = this.index(av, pr.keyEx ? this.ev(pr.keyEx, fr) : CLEAN, pr.n);
          this.bind(pr.v, sub, fr, pr.n, isDecl, withStep);
        }
        if (p.rest) this.bind(p.rest, av, fr, p.rest.n, isDecl, withStep);
        return;
      }
      case 'parr': {
        p.items.forEach((it, i) => {
          if (!it) return;
          const sub = av.it && i < av.it.length ? av.it[i] : this.index(av, constAV(i), it.n);
          this.bind(it, sub, fr, it.n, isDecl, withStep);
        });
        if (p.rest) this.bind(p.rest, av.el || av.it ? { el: this.elementOf(av, p.rest.n) } : av, fr, p.rest.n, isDecl, withStep);
        return;
      }
      case 'pdefault': {
        const d = this.ev(p.dflt, fr);
        this.bind(p.p, isTaintedShallow(av) || av.t || av.f || av.fn || av.q || av.inst ? join(av, d) : join(av, d), fr, node, isDecl, withStep);
        return;
      }
      case 'pmember': {
        const chain = this.memberChain(p.obj);
        let v = av;
        if (withStep && (v.t || v.src)) v = addStep(v, { range: rng(node), file: fr.file.path, note: `stored in ${p.prop ?? 'element'}` });
        if (chain) {
          const [root, ...rest] = chain;
          const path = p.prop !== null ? [...rest, p.prop] : null;
          if (root === 'this' && fr.thisAV) { if (path) fr.thisAV = setPath(fr.thisAV, path, v); return; }
          const base = this.lookup(root, fr);
          if (path) {
            const updated = setPath(base, path, v);
            this.assignName(root, updated, fr, false);
          } else {
            // dynamic index: element
            const updated = setPathEl(base, rest, v);
            this.assignName(root, updated, fr, false);
          }
        } else this.ev(p.obj, fr);
        return;
      }
      case 'pnone': return;
    }
  }

  /** `a.b.c` → ['a','b','c'] when the object part is a name/this with constant properties. */
  memberChain(e: Ex): string[] | null {
    if (e.k === 'name') return [e.id];
    if (e.k === 'this') return ['this'];
    if (e.k === 'member' && e.prop !== null) {
      const c = this.memberChain(e.obj);
      return c ? [...c, e.prop] : null;
    }
    return null;
  }

  keyOf(e: Ex): string | null {
    if (e.k === 'await') return this.keyOf(e.x);
    const c = this.memberChain(e);
    return c && c[0] !== 'this' ? c.join('.') : null;
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  ev(e: Ex, fr: Frame): AV {
    switch (e.k) {
      case 'lit': {
        if (e.undef) return constAV(null);
        const out = constAV(e.v);
        if (typeof e.v === 'string' && looksSql(e.v)) out.sq = true;
        return out;
      }
      case 'regex': return { re: { pattern: e.pattern, flags: e.flags } };
      case 'name': {
        if (fr.file.lang === 'py') {
          if (e.id === 'True') return constAV(true);
          if (e.id === 'False') return constAV(false);
          if (e.id === 'None') return constAV(null);
        }
        return this.lookup(e.id, fr);
      }
      case 'this': return fr.thisAV ?? CLEAN;
      case 'member': {
        if (fr.refKeys) {
          const k = this.keyOf(e);
          if (k) { const r = fr.locals.get(k); if (r) return r; }
        }
        const o = this.ev(e.obj, fr);
        if (e.prop !== null) return this.prop(o, e.prop, e.n, fr);
        return this.index(o, e.index ? this.ev(e.index, fr) : CLEAN, e.n);
      }
      case 'call': return this.evCall(e, fr);
      case 'tmpl': {
        if (e.tag) {
          const tag = this.ev(e.tag, fr);
          const parts = e.parts.map((p) => (p.e ? this.ev(p.e, fr) : CLEAN));
          const tq = tag.q ?? '';
          if (isSafeSqlTag(tq, e.tag)) return { inst: 'sql-fragment', x: { safeSql: true } };
          return propagateAll(parts);
        }
        return this.concat(e.parts.map((p) => (p.e ? { av: this.ev(p.e, fr) } : { s: p.s ?? '' })));
      }
      case 'bin': return this.evBin(e, fr);
      case 'logic': {
        const l = this.ev(e.l, fr);
        const facts = e.op === 'and' ? this.facts(e.l, true, fr) : e.op === 'or' ? this.facts(e.l, false, fr) : [];
        let r: AV;
        if (facts.length) {
          const pre = fr.locals;
          this.setLocals(fr, this.withFacts(pre, facts, fr));
          r = this.ev(e.r, fr);
          this.setLocals(fr, pre);
        } else r = this.ev(e.r, fr);
        // `a && b` / `a and b` is `b` unless `a` is falsy (undefined, null, '', 0, false): no payload
        if (e.op === 'and') return isTainted(l) && !l.f && !l.src ? join(propagate(l, undefined, { json: false }), r) : r;
        return join(l, r);
      }
      case 'unary': {
        const x = this.ev(e.x, fr);
        if (e.op === 'await') return x;
        if (e.op === '!' || e.op === 'not') {
          const g = this.facts(e.x, false, fr);
          return g.length ? { g } : CLEAN;
        }
        if (e.op === 'typeof' && x.hasC) return constAV(typeof x.c === 'string' ? 'string' : 'object');
        if ((e.op === '-' || e.op === '+') && x.hasC && typeof x.c === 'number') return constAV(e.op === '-' ? -x.c : x.c);
        return CLEAN;
      }
      case 'cond': {
        this.ev(e.test, fr);
        const pre = fr.locals;
        this.setLocals(fr, this.withFacts(pre, this.facts(e.test, true, fr), fr));
        const a = this.ev(e.a, fr);
        this.setLocals(fr, this.withFacts(pre, this.facts(e.test, false, fr), fr));
        const b = this.ev(e.b, fr);
        this.setLocals(fr, pre);
        return join(a, b);
      }
      case 'obj': {
        const f = new Map<string, AV>();
        const fnod = new Map<string, SNode>();
        let t: Flow[] | undefined;
        let fb: AV | undefined;
        for (const p of e.props) {
          if (p.spread) {
            const s = this.ev(p.v, fr);
            if (s.f) for (const [k, v] of s.f) f.set(k, v);
            if (s.src || s.t || s.fb) fb = join(fb, s.fb ?? { t: s.t, src: s.src });
            if (s.el) t = unionFlows(t, flowsOf(s.el));
            continue;
          }
          const v = this.ev(p.v, fr);
          if (p.key !== null) { f.set(p.key, v); fnod.set(p.key, p.n); }
          else {
            const k = p.keyEx ? this.ev(p.keyEx, fr) : CLEAN;
            if (k.hasC && k.c !== null) { f.set(String(k.c), v); fnod.set(String(k.c), p.n); }
            else t = unionFlows(t, unionFlows(flowsOf(v), flowsOf(k)));
          }
        }
        // a DynamoDB typed attribute value (`{ S: v }`) holds data, no operators (sanitizers.ts)
        if (e.props.length === 1 && !e.props[0].spread && e.props[0].key !== null && DDB_SCALAR_TYPE_TAGS.has(e.props[0].key)) {
          const k = e.props[0].key;
          f.set(k, clearKinds(f.get(k)!, BIT.nosql));
        }
        const out: AV = { f, fnod };
        if (t) out.t = t;
        if (fb) out.fb = fb;
        return out;
      }
      case 'arr': {
        const items: AV[] = [];
        let el: AV | undefined;
        let allConst = true;
        let spread = false;
        for (const it of e.items) {
          const v = this.ev(it.v, fr);
          if (it.spread) {
            spread = true;
            el = join(el, this.elementOf(v, it.v.n));
            if (v.cs) items.push(...v.cs.map((c) => constAV(c)));
            else allConst = false;
            continue;
          }
          items.push(v);
          el = join(el, v);
          if (!v.hasC) allConst = false;
        }
        const out: AV = { el: el ?? CLEAN };
        if (!spread) out.it = items;
        if (allConst && items.length) out.cs = items.map((x) => x.c ?? null);
        return out;
      }
      case 'fn': return { fn: [{ f: e.f, scope: fr.scope, file: fr.file }] };
      case 'class': return { cls: { c: e.c, scope: fr.scope, file: fr.file } };
      case 'assign': {
        const v = this.ev(e.v, fr);
        const val = e.op ? (e.op === '+=' ? this.concat([{ av: this.ev(patAsEx(e.p), fr) }, { av: v }]) : join(this.ev(patAsEx(e.p), fr), v)) : v;
        this.bind(e.p, val, fr, e.n, fr.file.lang === 'py', true);
        return val;
      }
      case 'seq': {
        let last: AV = CLEAN;
        for (const x of e.xs) last = this.ev(x, fr);
        return last;
      }
      case 'comp': {
        const pre = fr.locals;
        this.setLocals(fr, new Map(pre));
        for (const g of e.gens) {
          const it = this.ev(g.iter, fr);
          this.bind(g.p, this.elementOf(it, g.iter.n), fr, g.p.n, true, false);
          for (const c of g.ifs) { this.ev(c, fr); this.setLocals(fr, this.withFacts(fr.locals, this.facts(c, true, fr), fr)); }
        }
        const elt = this.ev(e.elt, fr);
        const val = e.val ? this.ev(e.val, fr) : undefined;
        this.setLocals(fr, pre);
        if (val) return { el: join(elt, val), t: flowsOf(val).length ? flowsOf(val) : undefined };
        return { el: elt };
      }
      case 'await': return this.ev(e.x, fr);
      case 'other': {
        const vs = e.xs.map((x) => this.ev(x, fr));
        return propagateAll(vs);
      }
    }
    return CLEAN;
  }

  concat(rawParts: { av?: AV; s?: string }[]): AV {
    // a value escaped for single quotes and placed between single quotes is one shell word
    const parts = rawParts.map((p, i) => {
      if (!p.av || !p.av.x?.sqEsc) return p;
      const before = rawParts[i - 1];
      const after = rawParts[i + 1];
      const bs = before ? (before.s ?? (before.av?.hasC ? String(before.av.c) : undefined)) : undefined;
      const as = after ? (after.s ?? (after.av?.hasC ? String(after.av.c) : undefined)) : undefined;
      return bs !== undefined && as !== undefined && bs.endsWith("'") && as.startsWith("'") ? { av: clearKinds(p.av, BIT.command) } : p;
    });
    let fl: Flow[] | undefined;
    let acc = '';
    let pre: string | undefined;
    let allConst = true;
    let sq = false;
    let before = false;
    /** After `scheme://` and the request's own host: later parts cannot choose the redirect's host. */
    let ownOrigin = false;
    const constText = (q: { av?: AV; s?: string } | undefined) => (q === undefined ? undefined : q.s !== undefined ? q.s : q.av?.hasC && typeof q.av.c === 'string' ? q.av.c : undefined);
    for (let pi = 0; pi < parts.length; pi++) {
      const p = parts[pi];
      if (p.s !== undefined) {
        if (pre === undefined) acc += p.s;
        if (looksSql(p.s)) sq = true;
        if (p.s !== '') before = true;
        continue;
      }
      // a '..'-free value after a prefix stays below it (path-segment.ts)
      const av = before && p.av ? afterPrefix(p.av) : p.av ?? CLEAN;
      if (!(av.hasC && av.c === '')) before = true;
      // a DNS label before a constant '.domain' (url-allow.ts): the host stays under that domain
      const label = hostLabelPart(av, constText(parts[pi + 1]));
      if (label) {
        fl = unionFlows(fl, flowsOf(label));
        allConst = false;
        if (pre === undefined) acc += 'a';
        continue;
      }
      if (av.sq) sq = true;
      // `scheme://` + the request's own Host + a path: the redirect stays on the site the victim opened (url-allow.ts)
      if (pre === undefined && !ownOrigin && isSchemeOnly(acc) && isOwnHost(av) && (pi + 1 >= parts.length || endsAuthority(parts[pi + 1]))) ownOrigin = true;
      const f = flowsOf(ownOrigin ? clearKinds(av, BIT['open-redirect']) : av);
      if (f.length) {
        fl = unionFlows(fl, f);
        // a value that always starts with '/' (a request path) ends the authority: url-allow.ts
        if (pre === undefined) pre = acc + (av.pre ?? (startsWithSlash(av) ? '/' : ''));
        allConst = false;
        continue;
      }
      if (av.hasC) { if (pre === undefined) acc += av.c === null ? 'null' : String(av.c); if (typeof av.c === 'string' && looksSql(av.c)) sq = true; continue; }
      allConst = false;
      if (pre === undefined) acc += '\0';
    }
    if (allConst) {
      const out = constAV(acc);
      if (sq || looksSql(acc)) out.sq = true;
      return out;
    }
    const out: AV = {};
    if (fl) { out.t = fl; out.pre = pre ?? acc; }
    if (sq) out.sq = true;
    return out;
  }

  private evBin(e: Extract<Ex, { k: 'bin' }>, fr: Frame): AV {
    if (e.op === '+' && e.l.k === 'bin' && e.l.op === '+') {
      // flatten a + b + c so that neighbouring constants are visible to concat()
      const operands: Ex[] = [];
      let cur: Ex = e;
      while (cur.k === 'bin' && cur.op === '+') { operands.unshift(cur.r); cur = cur.l; }
      operands.unshift(cur);
      const avs = operands.map((x) => this.ev(x, fr));
      if (avs.every((a) => a.hasC && typeof a.c === 'number')) return constAV(avs.reduce((s, a) => s + (a.c as number), 0));
      if (avs.some((a) => a.inst === 'pathlib')) return { ...propagateAll(avs), inst: 'pathlib' };
      return this.concat(avs.map((a) => ({ av: a })));
    }
    const l = this.ev(e.l, fr);
    const r = this.ev(e.r, fr);
    switch (e.op) {
      case '+':
        if (l.hasC && r.hasC && typeof l.c === 'number' && typeof r.c === 'number') return constAV(l.c + r.c);
        if (l.inst === 'pathlib' || r.inst === 'pathlib') return { ...propagateAll([l, r]), inst: 'pathlib' };
        return this.concat([{ av: l }, { av: r }]);
      case '%':
        if (fr.file.lang === 'py' && l.hasC && typeof l.c === 'string') return this.pyPercent(l.c, r);
        if (fr.file.lang === 'py' && isTainted(l)) return propagateAll([l, r]);
        return CLEAN;
      case '/':
        if (l.inst === 'pathlib') return { ...propagateAll([l, r]), inst: 'pathlib' };
        return CLEAN;
      case '|':
        if (l.f || r.f) return join(l, r);
        return CLEAN;
      default:
        return CLEAN;
    }
  }

  /** Python `"fmt" % args`. `%d`/`%i`/`%f` conversions cannot carry strings. */
  private pyPercent(fmt: string, args: AV): AV {
    const items = args.it ?? [args];
    const parts: { av?: AV; s?: string }[] = [];
    let last = 0;
    let idx = 0;
    for (let i = 0; i < fmt.length; i++) {
      if (fmt[i] !== '%') continue;
      if (fmt[i + 1] === '%') { i++; continue; }
      let j = i + 1;
      let named: string | null = null;
      if (fmt[j] === '(') { const close = fmt.indexOf(')', j); named = fmt.slice(j + 1, close); j = close + 1; }
      while (j < fmt.length && '#0- +.*0123456789'.includes(fmt[j])) j++;
      const conv = fmt[j];
      parts.push({ s: fmt.slice(last, i) });
      const v = named !== null ? this.prop(args, named, undefined) : items[idx++] ?? (args.it ? CLEAN : args);
      parts.push({ av: conv && 'diouxXeEfFgGc'.includes(conv) ? CLEAN : v });
      last = j + 1;
      i = j;
    }
    parts.push({ s: fmt.slice(last) });
    return this.concat(parts);
  }

  prop(av: AV, name: string, node: SNode | undefined, fr?: Frame): AV {
    if (av.f) {
      const v = av.f.get(name);
      if (v) return v;
    }
    if (av.src) {
      return { src: { ...av.src, path: [...av.src.path, name], node: node ?? av.src.node, file: this.fileOfNode(node) ?? av.src.file } };
    }
    if (av.q) {
      if (av.q === 'process.env' || av.q === 'os.environ') return CLEAN;
      const special = this.instProp(av, name, node, fr);
      if (special) return special;
      // zod exports its namespace as `z` too (`const { z } = require('zod')`, as `import { z }` above)
      return this.qAV(av.q === 'zod' && name === 'z' ? 'zod' : `${av.q}.${name}`, fr?.file ?? { path: '', text: '', lang: 'js' });
    }
    if (av.inst) {
      const special = this.instProp(av, name, node, fr);
      if (special) return special;
    }
    if (av.fb) return this.prop(av.fb, name, node, fr);
    if (av.cls) {
      const m = av.cls.c.methods.find((x) => x.name === name);
      if (m) return { fn: [{ f: m, scope: av.cls.scope, file: av.cls.file, self: av }] };
      const fld = av.cls.c.fields.find((x) => x.name === name);
      if (fld && fld.value && fr) return this.ev(fld.value, fr);
    }
    if (av.t) {
      if (name === 'length') return CLEAN;
      return { t: av.t };
    }
    if (av.el && /^\d+$/.test(name)) return av.el;
    return CLEAN;
  }

  private instProp(av: AV, name: string, node: SNode | undefined, fr?: Frame): AV | undefined {
    const file = fr?.file ?? { path: '', text: '', lang: 'js' as const };
    const inst = av.inst;
    if (inst === 'chalice.app' && name === 'current_request') return this.srcRoot({ kind: 'chalice', name: 'app.current_request', triggers: ['api'] }, node, file);
    if (inst === 'pt.app' && name === 'current_event') return this.srcRoot({ kind: 'powertools', name: 'app.current_event', triggers: ['api'] }, node, file);
    if (inst === 'URL') {
      if (['hostname', 'host', 'origin', 'protocol', 'port', 'href', 'pathname', 'search', 'hash', 'netloc', 'scheme', 'path', 'query'].includes(name)) return { ...propagate(av), from: av.from, x: { urlPart: name, urlOf: av } };
      if (name === 'searchParams') return propagate(av);
    }
    if (inst === 'pathlib' && (name === 'name' || name === 'stem' || name === 'suffix')) return clearKinds(propagate(av), BIT['path-traversal']);
    // boto3 `s3.Bucket(b).objects`: the bucket's object collection (code/stored.ts lists it)
    if (inst === 'boto3' && name === 'objects' && av.x?.s3Bucket) return { inst: 'boto3', x: { s3Objects: av.x.s3Bucket } };
    return undefined;
  }

  index(av: AV, idx: AV, node: SNode | undefined): AV {
    if (idx.hasC && typeof idx.c === 'string') return this.prop(av, idx.c, node);
    if (idx.hasC && typeof idx.c === 'number') {
      if (av.it) { const i = idx.c < 0 ? av.it.length + idx.c : idx.c; if (av.it[i]) return av.it[i]; }
      if (av.el) return av.el;
      if (av.src) return { src: { ...av.src, path: [...av.src.path, '#' + idx.c], node: node ?? av.src.node, file: this.fileOfNode(node) ?? av.src.file } };
      if (av.t) return { t: av.t };
      return CLEAN;
    }
    // dynamic index
    if (av.el) return av.el;
    if (av.src) return { src: { ...av.src, path: [...av.src.path, '[]'], node: node ?? av.src.node, file: this.fileOfNode(node) ?? av.src.file } };
    let out: AV | undefined = av.t ? { t: av.t } : undefined;
    if (av.f) for (const v of av.f.values()) out = join(out, v);
    if (av.fb) out = join(out, propagate(av.fb));
    if (av.it) for (const v of av.it) out = join(out, v);
    return out ?? CLEAN;
  }

  elementOf(av: AV, node: SNode | undefined): AV {
    let out: AV | undefined;
    if (av.el) out = av.el;
    else if (av.it) out = av.it.reduce<AV>((a, b) => join(a, b), CLEAN);
    if (av.src) out = join(out, { src: { ...av.src, path: [...av.src.path, '[]'], node: node ?? av.src.node, file: this.fileOfNode(node) ?? av.src.file } });
    if (av.t) out = join(out, { t: av.t });
    if (!out && av.cs) return { cs: av.cs };
    return out ?? CLEAN;
  }

  private keysOf(av: AV): AV {
    if (av.f && !av.t && !av.src && !av.fb) return { cs: [...av.f.keys()] };
    return propagate(av, undefined, { json: false });
  }

  // -------------------------------------------------------------------------------------------
  // Calls

  evCall(e: Extract<Ex, { k: 'call' }>, fr: Frame): AV {
    this.tick();
    let recv: AV | undefined;
    let method: string | undefined;
    let calleeAV: AV;
    if (e.callee.k === 'member') {
      recv = this.ev(e.callee.obj, fr);
      if (e.callee.prop !== null) method = e.callee.prop;
      else if (e.callee.index) {
        const iv = this.ev(e.callee.index, fr);
        if (iv.hasC && typeof iv.c === 'string') method = iv.c;
      }
      calleeAV = method !== undefined ? this.prop(recv, method, e.callee.n, fr) : CLEAN;
    } else {
      calleeAV = this.ev(e.callee, fr);
    }
    const args: ArgV[] = e.args.map((a) => ({ av: this.ev(a.v, fr), ex: a.v, name: a.name, spread: a.spread }));
    const ci: CallInfo = { e, fr, args, recv, method, callee: calleeAV, q: calleeAV.q, engine: this };
    if (this.onCall) this.onCall(ci);
    const onValidate = this.onValidate;
    const observed = <T>(run: () => T): T => (onValidate ? observeSchemas((input) => onValidate({ file: fr.file.path, range: rng(e.n), callee: rng(e.callee.n) }, input), run) : run());
    if (e.isNew) {
      const r = observed(() => modelNew(ci));
      if (r) return storedCommand(ci, r);
      if (calleeAV.cls) return observed(() => this.instantiate(calleeAV.cls!, ci));
      return this.defaultCall(ci);
    }
    if (recv?.fn && !calleeAV.fn && (method === 'call' || method === 'apply' || method === 'bind')) return this.callThrough(recv.fn, method, ci);
    const r = observed(() => modelCall(ci));
    // a storage read returns what was stored, not the request (code/stored.ts)
    const stored = storedRead(ci, this.stored);
    if (stored) return stored;
    if (r) return r;
    if (calleeAV.fn) return this.callFns(calleeAV.fn, ci, method && recv ? recv : undefined);
    if (calleeAV.cls) return observed(() => this.instantiate(calleeAV.cls!, ci));
    return this.defaultCall(ci);
  }

  /**
   * `f.call(self, a, b)`, `f.apply(self, [a, b])` and `f.bind(self)` on functions we can see: the
   * call goes to `f` with the arguments shifted (`apply` spreads its array; an array we cannot see
   * item by item passes its element to every parameter); `bind` returns `f` with `self` bound, so
   * `.then(db.query.bind(db))` reaches the helper.
   */
  private callThrough(fns: FnRef[], method: 'call' | 'apply' | 'bind', ci: CallInfo): AV {
    const self = ci.args[0] && !ci.args[0].name && !ci.args[0].spread ? ci.args[0].av : undefined;
    if (method === 'bind') {
      const bound = ci.args.slice(1).filter((a) => !a.name && !a.spread).map((a) => a.av);
      return { fn: fns.map((f) => ({ ...f, self: self ?? f.self, bound: bound.length ? [...(f.bound ?? []), ...bound] : f.bound })) };
    }
    let args: ArgV[];
    if (method === 'call') args = ci.args.slice(1);
    else {
      const arr = ci.args[1];
      if (!arr) args = [];
      else if (arr.av.it) args = arr.av.it.map((av) => ({ av, ex: arr.ex }));
      else {
        const el = this.elementOf(arr.av, ci.e.n);
        args = fns[0]?.f.params.map(() => ({ av: el, ex: arr.ex })) ?? [];
      }
    }
    let out: AV | undefined;
    for (const ref of fns) out = join(out, this.callFunction(ref, args, ci.e.n, ci.fr, self ?? ref.self, true));
    return out ?? CLEAN;
  }

  /**
   * Unknown callee: taint flows from receiver and arguments to the result; callbacks are analysed.
   * A method of a clean object we cannot see (a scheduler, an executor, a service client — not a
   * module, a constant or a tainted value) answers for the operation, not with its inputs: it
   * returns a handle when it is given a callback (`scheduler.add_job(fn, trigger, args=[x])`,
   * `pool.submit(fn, x)`): its arguments do not flow into the result.
   */
  defaultCall(ci: CallInfo): AV {
    const ins: AV[] = [];
    if (ci.recv && !ci.recv.q && !ci.recv.inst) ins.push(ci.recv);
    const onObject = !!ci.recv && !ci.recv.q && !ci.recv.hasC && !ci.recv.fn && !ci.recv.cls && !isTainted(ci.recv);
    const fns: FnRef[] = [];
    for (const a of ci.args) {
      if (a.av.fn) { fns.push(...a.av.fn); continue; }
      ins.push(a.av);
    }
    for (const f of fns) this.invokeCallback(f, ci, []);
    if (onObject && fns.length) return CLEAN;
    const out = propagateAll(ins);
    if (fns.length && !ci.recv) return { ...out, fn: fns };
    return out;
  }

  /** Analyse a callback passed to a call (params bound to `params`, else clean). */
  invokeCallback(ref: FnRef, ci: CallInfo, params: AV[]): AV {
    const args: ArgV[] = ref.f.params.map((_, i) => ({ av: params[i] ?? CLEAN, ex: { k: 'lit', n: ci.e.n, v: null } }));
    return this.callFunction(ref, args, ci.e.n, ci.fr, undefined, false);
  }

  callFns(fns: FnRef[], ci: CallInfo, self?: AV): AV {
    let out: AV | undefined;
    for (const ref of fns) out = join(out, this.callFunction(ref, ci.args, ci.e.n, ci.fr, self ?? ref.self, true));
    return out ?? CLEAN;
  }

  private instantiate(cls: ClassRef, ci: CallInfo): AV {
    const model = this.classModel(cls, ci);
    if (model) return model;
    const inst: AV = { cls, inst: cls.c.name ?? 'object' };
    const ctor = cls.c.methods.find((m) => m.name === 'constructor' || m.name === '__init__');
    if (ctor && ci.fr.depth < this.maxCallDepth) {
      const fr2 = this.callFunctionFrame({ f: ctor, scope: cls.scope, file: cls.file as FileCtx }, ci.args, ci.e.n, ci.fr, inst, true);
      if (fr2?.thisAV) return fr2.thisAV;
    }
    return inst;
  }

  /** pydantic / marshmallow / class-validator classes used as validators. */
  private classModel(cls: ClassRef, ci: CallInfo): AV | undefined {
    const kind = this.classKind(cls);
    if (kind === 'pydantic') {
      // Model(**body) / Model(field=value)
      const kw = ci.args.find((a) => a.spread === 2);
      let base: AV;
      if (kw) base = kw.av;
      else {
        const f = new Map<string, AV>();
        for (const a of ci.args) if (a.name) f.set(a.name, a.av);
        base = { f };
      }
      return { ...applySchema(base, this.schemaOfClass(cls)), cls, inst: cls.c.name ?? 'model' };
    }
    if (kind === 'marshmallow') return { cls, inst: 'marshmallow', sch: this.schemaOfClass(cls) };
    return undefined;
  }

  classKind(cls: ClassRef, depth = 0): 'pydantic' | 'marshmallow' | 'class-validator' | undefined {
    if (depth > 5) return undefined;
    const fr = this.newFrame(cls.file as FileCtx, cls.scope, null, 0, '<class>');
    for (const b of cls.c.bases) {
      const av = this.ev(b, fr);
      const q = av.q ?? '';
      if (q === 'pydantic.BaseModel' || q.endsWith('.BaseModel') || q === 'BaseModel' || q === 'pydantic.RootModel') return 'pydantic';
      if (q === 'marshmallow.Schema' || q.startsWith('marshmallow.') && q.endsWith('Schema')) return 'marshmallow';
      if (av.cls) { const k = this.classKind(av.cls, depth + 1); if (k) return k; }
    }
    if (cls.file.lang === 'js' && cls.c.fields.some((f) => f.decorators.length)) return 'class-validator';
    return undefined;
  }

  private classSchemaMemo = new Map<ClassIR, Schema>();

  schemaOfClass(cls: ClassRef, depth = 0): Schema {
    const memo = this.classSchemaMemo.get(cls.c);
    if (memo) return memo;
    if (depth > 6) return { k: 'unknown' };
    const kind = this.classKind(cls);
    const fr = this.newFrame(cls.file as FileCtx, cls.scope, null, 0, '<class>');
    const props = new Map<string, Schema>();
    let strict = kind !== 'class-validator';
    for (const f of cls.c.fields) {
      if (f.name === 'model_config' || f.name === 'Config' || f.name === 'class Meta') {
        const v = f.value ? this.ev(f.value, fr) : undefined;
        const extra = v?.f?.get('extra');
        if (extra?.hasC && extra.c === 'allow') strict = false;
        continue;
      }
      if (kind === 'pydantic') props.set(f.name, this.pyTypeSchema(f.typeEx, f.value, fr, depth));
      else if (kind === 'marshmallow') props.set(f.name, f.value ? this.marshmallowField(f.value, fr, depth) : { k: 'str', mask: 0 });
      else if (kind === 'class-validator') props.set(f.name, this.classValidatorField(f.decorators, fr, depth));
    }
    // nested Meta / Config classes are statements in `other`; extra='allow' is rare and ignored there
    const s: Schema = { k: 'obj', props, strict };
    this.classSchemaMemo.set(cls.c, s);
    return s;
  }

  private pyTypeSchema(t: Ex | undefined, dflt: Ex | undefined, fr: Frame, depth: number): Schema {
    // Field(..., pattern=r'') / constr(pattern=) in the default
    if (dflt && dflt.k === 'call') {
      const pat = dflt.args.find((a) => a.name === 'pattern' || a.name === 'regex');
      if (pat) { const pv = this.ev(pat.v, fr); if (pv.hasC && typeof pv.c === 'string') return { k: 'str', mask: regexMask(pv.c, '', 'match') }; }
    }
    if (!t) return { k: 'str', mask: 0 };
    const name = (x: Ex): string => (x.k === 'name' ? x.id : x.k === 'member' ? `${name(x.obj)}.${x.prop ?? ''}` : x.k === 'lit' ? String(x.v) : '');
    if (t.k === 'member' && t.prop === null) return this.pySubscriptSchema(name(t.obj), t.index, fr, depth);
    if (t.k === 'name' || t.k === 'member') {
      const n = name(t);
      const last = n.split('.').pop() ?? n;
      if (['int', 'float', 'bool', 'Decimal', 'UUID', 'UUID1', 'UUID3', 'UUID4', 'UUID5', 'datetime', 'date', 'time', 'timedelta', 'PositiveInt', 'NegativeInt', 'NonNegativeInt', 'NonPositiveInt', 'PositiveFloat', 'StrictInt', 'StrictBool', 'StrictFloat', 'conint', 'confloat', 'IPvAnyAddress', 'IPv4Address', 'IPv6Address', 'None', 'bytes'].includes(last)) return { k: 'str', mask: ALL };
      if (['str', 'EmailStr', 'HttpUrl', 'AnyUrl', 'AnyHttpUrl', 'Any', 'StrictStr', 'dict', 'Dict', 'Json', 'object'].includes(last)) return { k: 'str', mask: 0 };
      if (['list', 'List', 'set', 'Set', 'tuple', 'Tuple', 'Sequence'].includes(last)) return { k: 'arr', el: { k: 'str', mask: 0 } };
      const av = this.ev(t, fr);
      if (av.cls) {
        const kind = this.classKind(av.cls);
        if (kind === 'pydantic') return this.schemaOfClass(av.cls, depth + 1);
        const fr2 = this.newFrame(av.cls.file as FileCtx, av.cls.scope, null, 0, '<class>');
        if (av.cls.c.bases.some((b) => { const q = this.ev(b, fr2).q ?? ''; return q.startsWith('enum.') || q === 'Enum' || q === 'IntEnum' || q === 'StrEnum'; })) return { k: 'str', mask: ALL };
      }
      return { k: 'str', mask: 0 };
    }
    if (t.k === 'lit') return { k: 'str', mask: t.v === null ? ALL : 0 };
    if (t.k === 'call') {
      const cn = name(t.callee).split('.').pop() ?? '';
      if (cn === 'constr') {
        const pat = t.args.find((a) => a.name === 'pattern' || a.name === 'regex');
        const pv = pat ? this.ev(pat.v, fr) : undefined;
        return { k: 'str', mask: pv?.hasC && typeof pv.c === 'string' ? regexMask(pv.c, '', 'match') : 0 };
      }
      if (cn === 'conint' || cn === 'confloat' || cn === 'condecimal') return { k: 'str', mask: ALL };
      if (cn === 'conlist') return { k: 'arr', el: this.pyTypeSchema(t.args[0]?.v, undefined, fr, depth) };
      return { k: 'str', mask: 0 };
    }
    if (t.k === 'bin' && t.op === '|') {
      const a = this.pyTypeSchema(t.l, undefined, fr, depth);
      const b = this.pyTypeSchema(t.r, undefined, fr, depth);
      return isNoneType(t.r) ? a : isNoneType(t.l) ? b : weakerSchema(a, b);
    }
    return { k: 'str', mask: 0 };
  }

  /** Subscript types arrive as `member` with an index (`Optional[int]`). */
  pySubscriptSchema(base: string, idx: Ex | undefined, fr: Frame, depth: number): Schema {
    const last = base.split('.').pop() ?? base;
    if (last === 'Literal') return { k: 'str', mask: ALL };
    const inner = idx?.k === 'arr' ? idx.items.map((i) => i.v) : idx ? [idx] : [];
    if (last === 'Optional') return this.pyTypeSchema(inner[0], undefined, fr, depth);
    if (last === 'Union') return inner.map((x) => this.pyTypeSchema(x, undefined, fr, depth)).reduce(weakerSchema, { k: 'str', mask: ALL });
    if (last === 'List' || last === 'list' || last === 'Set' || last === 'set' || last === 'Sequence' || last === 'conlist') return { k: 'arr', el: this.pyTypeSchema(inner[0], undefined, fr, depth) };
    if (last === 'Annotated') {
      const baseS = this.pyTypeSchema(inner[0], undefined, fr, depth);
      for (const meta of inner.slice(1)) {
        if (meta.k === 'call') {
          const pat = meta.args.find((a) => a.name === 'pattern' || a.name === 'regex');
          const pv = pat ? this.ev(pat.v, fr) : undefined;
          if (pv?.hasC && typeof pv.c === 'string') return { k: 'str', mask: regexMask(pv.c, '', 'match') };
        }
      }
      return baseS;
    }
    return { k: 'str', mask: 0 };
  }

  private marshmallowField(v: Ex, fr: Frame, depth: number): Schema {
    if (v.k !== 'call') return { k: 'str', mask: 0 };
    const c = v.callee;
    const fname = c.k === 'member' ? c.prop ?? '' : c.k === 'name' ? c.id : '';
    const val = v.args.find((a) => a.name === 'validate');
    let mask = 0;
    if (val) {
      const vv = val.v;
      const vs = vv.k === 'arr' ? vv.items.map((i) => i.v) : [vv];
      for (const x of vs) {
        if (x.k !== 'call') continue;
        const vn = x.callee.k === 'member' ? x.callee.prop : x.callee.k === 'name' ? x.callee.id : '';
        if (vn === 'OneOf' || vn === 'Equal') mask = ALL;
        if (vn === 'Regexp') { const pv = x.args[0] ? this.ev(x.args[0].v, fr) : undefined; if (pv?.hasC && typeof pv.c === 'string') mask |= regexMask(pv.c, '', 'match'); }
      }
    }
    if (['Int', 'Integer', 'Float', 'Decimal', 'Bool', 'Boolean', 'Date', 'DateTime', 'NaiveDateTime', 'AwareDateTime', 'Time', 'TimeDelta', 'UUID', 'Number', 'IP', 'IPv4', 'IPv6', 'Enum'].includes(fname)) return { k: 'str', mask: ALL };
    if (fname === 'Nested') {
      const t = v.args[0] ? this.ev(v.args[0].v, fr) : undefined;
      if (t?.cls) return this.schemaOfClass(t.cls, depth + 1);
      return { k: 'unknown' };
    }
    if (fname === 'List') return { k: 'arr', el: v.args[0] ? this.marshmallowField(v.args[0].v, fr, depth) : { k: 'str', mask: 0 } };
    return { k: 'str', mask };
  }

  private classValidatorField(decs: Ex[], fr: Frame, depth: number): Schema {
    let mask = 0;
    let nested: Schema | undefined;
    for (const d of decs) {
      const call = d.k === 'call' ? d : undefined;
      const callee = call ? call.callee : d;
      const name = callee.k === 'name' ? callee.id : callee.k === 'member' ? callee.prop ?? '' : '';
      if (['IsInt', 'IsNumber', 'IsNumberString', 'IsBoolean', 'IsBooleanString', 'IsUUID', 'IsIn', 'IsEnum', 'IsDate', 'IsDateString', 'IsISO8601', 'IsAlphanumeric', 'IsAlpha', 'IsHexadecimal', 'IsPositive', 'IsNegative', 'Min', 'Max', 'IsDecimal', 'IsMongoId', 'IsPort', 'IsIP', 'Equals', 'IsLatLong', 'IsMilitaryTime'].includes(name)) mask = ALL;
      if (name === 'Matches' && call?.args[0]) {
        const r = this.ev(call.args[0].v, fr);
        if (r.re) mask |= regexMask(r.re.pattern, r.re.flags, 'search');
      }
      if (name === 'Type' && call?.args[0]) {
        const fnv = this.ev(call.args[0].v, fr);
        const body = fnv.fn?.[0]?.f.exprBody;
        if (body) { const t = this.ev(body, fr); if (t.cls) nested = this.schemaOfClass(t.cls, depth + 1); }
      }
    }
    return nested ?? { k: 'str', mask };
  }

  // -------------------------------------------------------------------------------------------
  // Inter-procedural

  callFunction(ref: FnRef, args: ArgV[], callNode: SNode, caller: Frame, self: AV | undefined, withSteps: boolean): AV {
    const fr = this.callFunctionFrame(ref, args, callNode, caller, self, withSteps);
    if (!fr) return propagateAll(args.map((a) => a.av));
    const ret = fr.ret ?? (ref.f.isAsync ? CLEAN : CLEAN);
    this.assertionsAfterCall(ref, fr, args, caller);
    if (withSteps && (ret.t || ret.src || ret.f)) {
      return addStep(ret, { range: rng(callNode), file: caller.file.path, note: `returned from ${ref.f.name ?? 'function'}()` });
    }
    return ret;
  }

  /** Run a function body with bound arguments; returns its frame (or undefined when not analysed). */
  callFunctionFrame(ref: FnRef, args: ArgV[], callNode: SNode, caller: Frame, self: AV | undefined, withSteps: boolean, entry?: EntryKind, trackTruthy = false): Frame | undefined {
    const f = ref.f;
    if (ref.bound?.length) args = [...ref.bound.map((av): ArgV => ({ av, ex: { k: 'lit', n: callNode, v: null } })), ...args];
    if (this.exhausted) return undefined;
    if (caller.depth + 1 > this.maxCallDepth && !entry) return undefined;
    if (this.callStack.includes(f)) return undefined;
    const pure = !entry && !trackTruthy && args.every((a) => isPureArg(a.av)) && !self;
    if (pure) {
      const m = this.pureMemo.get(f);
      if (m) { const fr0 = this.newFrame(ref.file as FileCtx, { vars: new Map(), parent: ref.scope }, f, caller.depth + 1, f.name ?? '<fn>'); fr0.ret = m; return fr0; }
    }
    const scope: Scope = { vars: new Map(), parent: ref.scope };
    const fr = this.newFrame(ref.file as FileCtx, scope, f, caller.depth + 1, f.name ?? '<anonymous>');
    fr.entry = entry;
    fr.thisAV = self;
    fr.trackTruthy = trackTruthy;
    this.bindParams(f, args, fr, callNode, caller, withSteps);
    if (fr.params.length) {
      fr.paramInit = new Map();
      for (const p of fr.params) fr.paramInit.set(p, fr.locals.get(p) ?? CLEAN);
    }
    this.callStack.push(f);
    try {
      this.hoist(f.body, fr);
      const s = this.execBlock(f.body, fr);
      if (s === NORMAL || s === BREAK || s === CONTINUE) {
        // fall off the end: a normal exit with `undefined`
        if (fr.params.length) this.recordParamExit(fr);
      }
    } finally {
      this.callStack.pop();
    }
    if (pure && !this.exhausted) this.pureMemo.set(f, fr.ret ?? CLEAN);
    return fr;
  }

  private bindParams(f: FuncIR, args: ArgV[], fr: Frame, callNode: SNode, caller: Frame, withSteps: boolean): void {
    const positional: AV[] = [];
    const named = new Map<string, AV>();
    let kwSpread: AV | undefined;
    for (const a of args) {
      if (a.spread === 1) { const el = this.elementOf(a.av, a.ex.n); if (a.av.it) positional.push(...a.av.it); else positional.push(el, el, el); continue; }
      if (a.spread === 2) { kwSpread = a.av; continue; }
      if (a.name) named.set(a.name, a.av);
      else positional.push(a.av);
    }
    let pi = 0;
    const py = fr.file.lang === 'py';
    const params = f.params;
    // Python methods: bind `self`
    let start = 0;
    if (py && f.isMethod && params.length && fr.thisAV) {
      if (params[0].name) fr.locals.set(params[0].name, fr.thisAV);
      start = 1;
    }
    for (let i = start; i < params.length; i++) {
      const p = params[i];
      let v: AV | undefined;
      if (p.rest) { v = { el: joinAllAV(positional.slice(pi)), it: positional.slice(pi) }; pi = positional.length; }
      else if (p.kwrest) { const fm = new Map(named); v = { f: fm, fb: kwSpread }; }
      else {
        if (pi < positional.length) v = positional[pi++];
        else if (p.name && named.has(p.name)) v = named.get(p.name);
        else if (p.name && kwSpread) v = this.prop(kwSpread, p.name, p.n);
      }
      if (v === undefined) v = p.dflt ? this.ev(p.dflt, fr) : CLEAN;
      if (withSteps && (v.t || v.src)) v = addStep(v, { range: rng(p.n), file: fr.file.path, note: `passed to ${f.name ?? 'function'}(${p.name ?? '…'})` });
      if (p.p.k === 'pdefault') this.bind(p.p.p, v, fr, p.n, true, false);
      else this.bind(p.p, v, fr, p.n, true, false);
      if (p.name) fr.params.push(p.name);
    }
    void callNode; void caller;
  }

  /** After a call: parameters that the callee constrained on every normal exit are constrained in the caller. */
  private assertionsAfterCall(ref: FnRef, fr: Frame, args: ArgV[], caller: Frame): void {
    if (!fr.paramExit) return;
    const params = ref.f.params;
    let ai = 0;
    for (const p of params) {
      const a = args[ai++];
      if (!a || a.spread || a.name || !p.name) continue;
      if (fr.reassigned.has(p.name) || fr.paramPlain?.has(p.name)) continue;
      const key = this.keyOf(a.ex);
      if (!key) continue;
      const exitV = fr.paramExit.get(p.name);
      if (!exitV) continue;
      const before = flowsOf(a.av);
      if (!before.length) continue;
      const after = flowsOf(exitV);
      const beforeMask = before.reduce((m, f) => m & f.cl, ALL);
      const afterMask = after.length ? after.reduce((m, f) => m & f.cl, ALL) : ALL;
      if ((afterMask & ~beforeMask) !== 0) {
        this.setFact(caller, key, after.length ? clearKinds(a.av, afterMask) : CLEAN);
      }
    }
  }

  private setFact(fr: Frame, key: string, av: AV): void {
    if (key.includes('.')) fr.refKeys = true;
    fr.locals.set(key, av);
  }

  // -------------------------------------------------------------------------------------------
  // Guards (guards.ts)

  /** Facts that hold when `test` evaluates to `truth`. */
  facts(test: Ex, truth: boolean, fr: Frame): Fact[] {
    const onValidate = this.onValidate;
    if (onValidate) return observeSchemas((input) => onValidate({ file: fr.file.path, range: rng(test.n), callee: rng(test.n) }, input), () => guardFacts(this, test, truth, fr));
    return guardFacts(this, test, truth, fr);
  }

  evKey(key: string, fr: Frame): AV {
    const direct = fr.locals.get(key);
    if (direct) return direct;
    const parts = key.split('.');
    let v = this.lookup(parts[0], fr);
    for (const p of parts.slice(1)) v = this.prop(v, p, undefined, fr);
    return v;
  }

  withFacts(env: Map<string, AV>, facts: Fact[], fr: Frame): Map<string, AV> {
    if (!facts.length) return new Map(env);
    const m = new Map(env);
    for (const f of facts) {
      if (f.key.includes('.')) fr.refKeys = true;
      if (f.mark) {
        const cur = m.get(f.key) ?? this.evKey(f.key, fr);
        const marks = new Set<string>((cur.x?.marks as string[] | undefined) ?? []);
        marks.add(f.mark);
        let next: AV = { ...cur, x: { ...(cur.x ?? {}), marks: [...marks] }, _fl: undefined };
        // starts with '/' but not '//' or '/\\': a path on this origin
        if (marks.has('sw:/') && marks.has('nsw://') && (marks.has('nsw:/\\') || fr.file.lang === 'py')) next = clearKinds(next, BIT['open-redirect'] | BIT.ssrf);
        else if (marks.has('sw:/') && marks.has('nsw://')) next = clearKinds(next, BIT.ssrf);
        for (const mk of marks) {
          // a constant prefix that pins scheme + host
          if (mk.startsWith('sw:') && hostFixed(mk.slice(3), 'open-redirect') && mk.slice(3).includes('://')) next = clearKinds(next, BIT['open-redirect'] | BIT.ssrf);
        }
        // no '/' (includes / basename checks): one path segment (path-segment.ts)
        next = clearKinds(next, segmentMarksMask([...marks]));
        m.set(f.key, next);
        continue;
      }
      m.set(f.key, f.av);
    }
    return m;
  }

  /** Assertions by call: `jsonschema.validate(body, S)`, Powertools `validate(...)`, schema `.assert(x)`. */
  assertionCallFacts(call: Extract<Ex, { k: 'call' }>, fr: Frame): Fact[] {
    const onValidate = this.onValidate;
    if (onValidate) return observeSchemas((input) => onValidate({ file: fr.file.path, range: rng(call.n), callee: rng(call.callee.n) }, input), () => assertionCallFacts(this, call, fr));
    return assertionCallFacts(this, call, fr);
  }

  /** `try { int(x) } except ValueError: return` → x is numeric afterwards. */
  private tryCoercionFacts(body: St[], fr: Frame, outs: Map<string, AV>[]): void {
    const facts: Fact[] = [];
    for (const st of body) {
      const x = st.k === 'expr' ? st.x : st.k === 'assign' ? st.v : undefined;
      if (!x || x.k !== 'call' || !x.args[0]) continue;
      const q = this.ev(x.callee, fr).q ?? '';
      if (['int', 'float', 'uuid.UUID', 'UUID', 'decimal.Decimal', 'Decimal', 'ipaddress.ip_address', 'datetime.datetime.fromisoformat', 'datetime.date.fromisoformat'].includes(q)) {
        const k = this.keyOf(x.args[0].v);
        if (k) facts.push({ key: k, av: CLEAN });
      }
    }
    if (!facts.length) return;
    for (const o of outs) for (const f of facts) o.set(f.key, f.av);
    if (facts.some((f) => f.key.includes('.'))) fr.refKeys = true;
  }

  // -------------------------------------------------------------------------------------------
  // Sinks and responses (sinks.ts)

  sink(kind: SinkKind, av: AV | undefined, at: SNode, callee: string, fr: Frame, fix?: () => CodeFix | undefined): boolean {
    return reportSink(this, kind, av, at, callee, fr, fix);
  }

  private checkEntryReturn(v: AV, x: Ex | null, node: SNode, fr: Frame): void {
    checkEntryReturn(this, v, x, node, fr);
  }

  checkLambdaResponse(v: AV, x: Ex | null, node: SNode, fr: Frame): void {
    checkLambdaResponse(this, v, x, node, fr);
  }

  // -------------------------------------------------------------------------------------------
  // Decorators and routes

  private registerDecorated(f: FuncIR, ref: FnRef, fr: Frame): void {
    for (const d of f.decorators) {
      if (d.k !== 'call' || d.callee.k !== 'member' || !d.callee.prop) continue;
      const m = d.callee.prop;
      const app = this.ev(d.callee.obj, fr);
      const routeArg = d.args[0] && !d.args[0].name ? this.ev(d.args[0].v, fr) : undefined;
      const route = routeArg?.hasC && typeof routeArg.c === 'string' ? routeArg.c : undefined;
      const HTTP = ['route', 'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'api_route'];
      if (app.inst === 'chalice.app' && Object.prototype.hasOwnProperty.call(CHALICE_EVENT_DECORATORS, m)) {
        fr.file.routes.push({ kind: 'chalice', fn: ref, params: [], trigger: CHALICE_EVENT_DECORATORS[m] });
        continue;
      }
      if (!HTTP.includes(m)) continue;
      let kind: EntryKind | undefined;
      if (app.inst === 'flask.app') kind = 'flask';
      else if (app.inst === 'chalice.app') kind = 'chalice';
      else if (app.inst === 'pt.app') kind = 'powertools';
      else if (app.inst === 'fastapi.app') kind = 'flask';
      if (!kind) continue;
      fr.file.routes.push({ kind, fn: ref, params: routeParams(route, kind), route });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Entries

  runLambdaEntry(file: FileCtx, av: AV, node: SNode): void {
    for (const ref of av.fn ?? []) {
      const root: SrcRoot = { kind: 'event', name: ref.f.params[0]?.name ?? 'event', triggers: this.triggers, ...(this.fixedRoute ? { fixedRoute: true as const } : {}) };
      const sch = av.x?.eventSchema as Schema | undefined;
      if (sch) root.sch = sch;
      if (sch && this.onValidate) this.onValidate({ file: file.path, range: rng(node), callee: rng(node) }, 'event');
      // parsers (Powertools parser) replace the whole event with the parsed model
      if (av.x?.wholeEvent) root.triggers = ['unknown'];
      this.applyHandlerDecorators(ref, root, file);
      const event = this.srcRoot(root, ref.f.params[0]?.n ?? node, file);
      const args: ArgV[] = [
        { av: event, ex: { k: 'lit', n: node, v: null } },
        { av: { inst: 'lambda.context' }, ex: { k: 'lit', n: node, v: null } },
        { av: { inst: 'lambda.callback' }, ex: { k: 'lit', n: node, v: null } },
      ];
      const top = this.newFrame(file, file.scope, null, 0, '<entry>');
      const fr = this.callFunctionFrame(ref, args, node, top, ref.self, false, 'lambda');
      void fr;
    }
  }

  private applyHandlerDecorators(ref: FnRef, root: SrcRoot, file: FileCtx): void {
    const fr = this.newFrame(file, ref.scope, null, 0, '<decorators>');
    for (const d of ref.f.decorators) {
      if (d.k !== 'call') continue;
      const q = this.ev(d.callee, fr).q ?? '';
      const kw = (n: string) => d.args.find((a) => a.name === n);
      if (q.endsWith('validation.validator') || q === 'validator' && file.imports.has('aws_lambda_powertools.utilities.validation')) {
        const s = kw('inbound_schema');
        if (s) root.sch = jsonSchemaOf(this.ev(s.v, fr));
      }
      if (q.endsWith('parser.event_parser') || q === 'event_parser') {
        const m = kw('model');
        const mv = m ? this.ev(m.v, fr) : undefined;
        root.sch = mv?.cls ? this.schemaOfClass(mv.cls) : { k: 'unknown' };
        root.triggers = ['unknown'];
      }
    }
  }

  runRoutes(file: FileCtx): void {
    for (const r of file.routes) {
      const f = r.fn.f;
      const args: ArgV[] = [];
      const dummy: Ex = { k: 'lit', n: f.n, v: null };
      if (r.trigger) {
        // Chalice event handler: `def on_message(event)` gets Chalice's event object (or the raw
        // event for `lambda_function`), whose attributes code/sources.ts maps per trigger.
        const p0 = f.params[0];
        const root: SrcRoot = r.trigger === 'unknown' ? { kind: 'event', name: p0?.name ?? 'event', triggers: ['unknown'] } : { kind: 'chalice-event', name: p0?.name ?? 'event', triggers: [r.trigger] };
        args.push({ av: this.srcRoot(root, p0?.n ?? f.n, file), ex: dummy }, { av: { inst: 'lambda.context' }, ex: dummy });
        const top = this.newFrame(file, file.scope, null, 0, '<entry>');
        this.callFunctionFrame(r.fn, args, f.n, top, undefined, false, 'lambda');
        continue;
      } else if (r.kind === 'express') {
        const req = this.srcRoot({ kind: 'express', name: f.params[0]?.name ?? 'req', triggers: ['api'] }, f.params[0]?.n ?? f.n, file);
        // a handler defined in another file: the flow starts at the registration here (its location in this file)
        if (r.at && req.src && r.fn.file.path !== file.path) req.src.steps = [{ range: rng(r.at), file: file.path, note: `route handler ${f.name ?? 'function'} registered` }];
        args.push({ av: req, ex: dummy }, { av: { inst: 'express.res' }, ex: dummy }, { av: CLEAN, ex: dummy });
      } else {
        for (const p of f.params) {
          if (p.name && r.params.includes(p.name)) {
            const label = r.kind === 'flask' ? `request.view_args.${p.name}` : r.kind === 'chalice' ? `app.current_request.uri_params.${p.name}` : `app.current_event.path_parameters.${p.name}`;
            args.push({ av: { t: [{ src: { label, range: rng(p.n), file: r.fn.file.path }, cl: 0, steps: [], json: false }] }, ex: dummy, name: p.name });
          }
        }
      }
      const top = this.newFrame(file, file.scope, null, 0, '<route>');
      this.callFunctionFrame(r.fn, args, f.n, top, undefined, false, r.kind);
    }
  }
}

export type { TmplPart, Const };
