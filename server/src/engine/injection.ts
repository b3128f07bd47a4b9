/**
 * The shared half of the `injection-*` rules: one taint analysis per code file and engine run
 * (memoised in the file's `CodeContext` under `taint`, and across runs in a small per-project
 * cache keyed by the file's text, the analysis plan and the texts of the files it imports), turned
 * into findings located in the analysed file. Every `injection-<kind>` rule reads the same list
 * and reports the entries of its sink kind.
 *
 * What is analysed, for a code file F:
 * - F is the handler of functions in nearby configs (`CodeContext.handlers()`): each export named
 *   by a handler is analysed with the triggers of the functions that use it (the union when two
 *   functions share an export). The triggers decide the sources: an SQS body is attacker data
 *   only for an `sqs` event, `requestContext.authorizer` is never.
 * - No config links F: every exported function that looks like a Lambda handler (and every
 *   Flask / Chalice / Express route) is analysed with the event assumed to come from API Gateway.
 * - F is imported by handlers (a helper module; no config links it): the handler files of the
 *   functions in F's nearby configs are analysed (each memoised) and their flows whose sink is in F
 *   are reported in F, at the sink.
 *
 * Where a finding is reported (always a range of F):
 * - the sink is in F: at the sink call / response property (`at: 'sink'`), with the fixes;
 * - the sink is in another file (a relatively-imported helper): at the sink, in the helper, when a
 *   config near the helper links F (the helper's own analysis finds the flow; one finding per flow,
 *   the fix lives there); otherwise at the call in F that passes the tainted value into that module
 *   (`at: 'call'`), the only place it can be reported.
 *
 * Pure: files come through the Project; nothing is executed.
 */
import type { CodeContext } from './code-context';
import { resolveRelativeImport } from './code-context';
import { analyzeTaintDetailed } from './code/taint';
import { moduleIROf } from './code/handlers';
import { exportRuns } from './code/export-reach';
import type { ParsedCode } from './code/parser';
import { child, walk, type SNode } from './code/syntax';
import type { Ex } from './code/ir';
import { patNames } from './code/ir-names';
import { SINK_TITLE, type CodeLang, type ResolveImport, type SinkKind, type TaintFinding, type TriggerKind } from './code/types';
import { nearbyConfigFiles, resolveHandlers, type HandlerRef } from './handlers';
import { buildModel } from './model/build';
import type { Project } from './project';
import { dirname, joinPath, relativeTo } from './project';
import type { RuleContext } from './rule';
import { LineIndex } from './text';
import { LruCache } from './lru';
import { ruleMessage } from './messages';
import type { Fix, RelatedLocation, RuleMeta, Span } from './types';
import { detectFormat, parseYaml } from './yaml/parse';
import { externallyWritable, triggerLinks } from './model/links';
import { appOf, crossVerdict, mayBeLinked, openAnchor, triggerAnchor, type App, type Verdict, type WriterHit } from './cross/app';
import { storedResource, storedVerdictFor, type StoredVerdict } from './cross/reads';

/** One finding of an injection rule, located in the analysed file. */
export interface InjectionFinding {
  kind: SinkKind;
  /** Range in the analysed file: the sink, or the call passing tainted data to another file's sink. */
  range: Span;
  /** `route`: in a writer, at the source of a public route whose data another function's sink receives (cross/app.ts). */
  at: 'sink' | 'call' | 'route';
  /** The flows into this sink, first source first (at least one). */
  flows: TaintFinding[];
  /** The event was assumed to come from API Gateway (no config links the handler). */
  assumedApi: boolean;
  /** Cross-function judgement (a triggered handler's event data, or a writer's route). */
  cross?: { app: App; verdict: Verdict; hit?: WriterHit };
  /** Flows from stored data (second order) and who puts attacker data there (cross/reads.ts). */
  stored?: Map<TaintFinding, StoredVerdict>;
}

/** How one file is analysed: which exports, with which triggers. */
interface Unit {
  exportName?: string;
  triggers: TriggerKind[];
  /** Every function running this export is invoked only on fixed API routes (handlers.ts `fixedRouteOf`). */
  fixedRoute?: true;
}

const API_ASSUMED: TriggerKind[] = ['api'];

/** The analysis plan of a file from the functions whose handler it is (none: assume API Gateway). */
function planOf(refs: readonly HandlerRef[]): Unit[] {
  if (!refs.length) return [{ triggers: API_ASSUMED }];
  const by = new Map<string, Set<TriggerKind>>();
  const notFixed = new Set<string>();
  for (const r of refs) {
    let s = by.get(r.exportName);
    if (!s) by.set(r.exportName, (s = new Set()));
    for (const t of r.triggers) s.add(t);
    if (!r.fixedRoute) notFixed.add(r.exportName);
  }
  return [...by.keys()].sort().map((exportName) => ({ exportName, triggers: [...by.get(exportName)!].sort(), ...(notFixed.has(exportName) ? {} : { fixedRoute: true as const }) }));
}

function planKey(plan: Unit[]): string {
  return plan.map((u) => `${u.exportName ?? '*'}:${u.triggers.join('+')}${u.fixedRoute ? ':fixed' : ''}`).join(',');
}

// ---------------------------------------------------------------------------------------------
// Cross-run cache: per project, per file; valid while the file's text, the plan and the texts of
// every relative import the analysis looked up are unchanged. Bounded (least recently used out).

interface Dep {
  from: string;
  spec: string;
  path?: string;
  text?: string;
}

interface CacheEntry {
  text: string;
  deps: Dep[];
  findings: TaintFinding[];
}

const MAX_CACHE = 256;
const analysisCache = new WeakMap<Project, LruCache<string, CacheEntry>>();

/** Per project, bounded, and released by the project when a path closes. */
function cacheOf(project: Project): LruCache<string, CacheEntry> {
  let m = analysisCache.get(project);
  if (!m) {
    const cache = new LruCache<string, CacheEntry>(MAX_CACHE);
    analysisCache.set(project, (m = cache));
    // Keys are `path\0plan`: a closed path drops all its plans.
    project.own({ delete: (p: string) => { for (const k of [...cache.keys()]) if (k.startsWith(p + '\u0000')) cache.delete(k); } });
  }
  return m;
}

/** The analysed file's current text wins over the project's copy (they differ while it is being edited). */
interface Overlay {
  path: string;
  text: string;
}

function resolveWith(project: Project, from: string, spec: string, overlay?: Overlay): { path: string; text: string } | undefined {
  const r = resolveRelativeImport(project, from, spec);
  return r && overlay && r.path === overlay.path ? { path: r.path, text: overlay.text } : r;
}

function depsValid(project: Project, deps: Dep[], overlay?: Overlay): boolean {
  for (const d of deps) {
    const r = resolveWith(project, d.from, d.spec, overlay);
    if (r?.path !== d.path || r?.text !== d.text) return false;
  }
  return true;
}

/** Taint findings of one file under a plan (cached across runs while nothing it read changed). */
function analyseFile(project: Project, path: string, text: string, plan: Unit[], parse: () => { parsed: ParsedCode; lang: CodeLang; resolve?: (spec: string) => { path: string; text: string } | undefined } | undefined, overlay?: Overlay): TaintFinding[] {
  const cache = cacheOf(project);
  const key = `${path}\u0000${planKey(plan)}`;
  const hit = cache.get(key);
  if (hit && hit.text === text && depsValid(project, hit.deps, overlay)) {
    return hit.findings;
  }
  const p = parse();
  if (!p || !p.parsed.root || p.parsed.text !== text) return [];
  const deps = new Map<string, Dep>();
  const resolveImport: ResolveImport = (from, spec) => {
    const r = from === path && p.resolve && !overlay ? p.resolve(spec) : resolveWith(project, from, spec, overlay);
    const k = `${from}\u0000${spec}`;
    if (!deps.has(k)) deps.set(k, { from, spec, path: r?.path, text: r?.text });
    return r;
  };
  const seen = new Map<string, TaintFinding>();
  for (const u of plan) {
    const res = analyzeTaintDetailed({ path, text, lang: p.lang, tree: p.parsed, triggers: u.triggers, fixedRoute: u.fixedRoute, exportName: u.exportName, resolveImport, stored: true });
    for (const f of res.findings) {
      const k = `${f.sinkFile}|${f.sinkRange.start}|${f.sinkRange.end}|${f.sinkKind}|${f.source.file}|${f.source.label}|${f.source.range.start}`;
      if (!seen.has(k)) seen.set(k, f);
    }
  }
  const findings = [...seen.values()];
  cache.set(key, { text, deps: [...deps.values()], findings });
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Config files near a helper module → the handler files that may import it.

interface ConfigEntry {
  text: string;
  refs: HandlerRef[];
}

const configCache = new WeakMap<Project, LruCache<string, ConfigEntry>>();
const MAX_CONFIGS = 64;
const MAX_IMPORTERS = 200;

function configHandlers(project: Project, cfg: string): HandlerRef[] {
  const text = project.readFile(cfg);
  if (text === undefined) return [];
  let m = configCache.get(project);
  if (!m) configCache.set(project, (m = project.own(new LruCache<string, ConfigEntry>(MAX_CONFIGS))));
  const hit = m.get(cfg);
  if (hit && hit.text === text) return hit.refs;
  let refs: HandlerRef[] = [];
  try {
    const model = buildModel(cfg, parseYaml(text, { format: detectFormat(cfg, text) }));
    if (model) refs = resolveHandlers(model, cfg, project);
  } catch {
    refs = [];
  }
  m.set(cfg, { text, refs });
  return refs;
}

/** Flows found by analysing the handlers (from nearby configs) that end in a sink of `code`. */
function importerFlows(ctx: RuleContext, code: CodeContext, stored: Map<TaintFinding, StoredVerdict>): TaintFinding[] {
  const project = code.project;
  const byFile = new Map<string, HandlerRef[]>();
  for (const cfg of nearbyConfigFiles(code.path, project)) {
    for (const ref of configHandlers(project, cfg)) {
      if (ref.file === code.path) continue;
      let l = byFile.get(ref.file);
      if (!l) {
        if (byFile.size >= MAX_IMPORTERS) continue;
        byFile.set(ref.file, (l = []));
      }
      l.push(ref);
    }
  }
  const out: TaintFinding[] = [];
  for (const [file, refs] of byFile) {
    const text = project.readFile(file);
    if (text === undefined) continue;
    const findings = analyseFile(project, file, text, planOf(refs), () => {
      const h = ctx.links.code(file) as CodeContext | undefined;
      return h && h.text === text ? { parsed: h.parsed, lang: h.lang } : undefined;
    }, { path: code.path, text: code.text });
    for (const f of findings) {
      if (f.sinkFile !== code.path) continue;
      if (f.source.stored) {
        const v = storedVerdictFor(code, ctx.links, refs, f);
        if (!v) continue;
        stored.set(f, v);
      }
      out.push(f);
    }
  }
  return out;
}

/**
 * The sink's file reports this handler's flows itself: it is no handler of its own and a config near
 * it links the handler (so `importerFlows` finds them there). Then the call site in the handler gets
 * no second finding for the same flow; the sink finding's related path names the call.
 */
function sinkFileReports(ctx: RuleContext, code: CodeContext, sinkFile: string): boolean {
  const sc = ctx.links.code(sinkFile) as CodeContext | undefined;
  if (!sc || !sc.parsed.root || sc.handlers().length) return false;
  for (const cfg of nearbyConfigFiles(sinkFile, code.project)) {
    if (configHandlers(code.project, cfg).some((r) => r.file === code.path)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Call sites: where the analysed file passes tainted data into another file's sink.

function calleeOf(call: SNode): SNode | undefined {
  return child(call, 'function') ?? child(call, 'constructor');
}

/** Last identifier of a callee (`run` of `shell.run`), and its root identifier (`shell`). */
function calleeNames(callee: SNode, text: string): { last?: string; root?: string } {
  let last: string | undefined;
  let cur: SNode | undefined = callee;
  for (let i = 0; cur && i < 32; i++) {
    if (cur.type === 'identifier') {
      const id = text.slice(cur.start, cur.end);
      return { last: last ?? id, root: id };
    }
    if (cur.type === 'member_expression' || cur.type === 'attribute') {
      const prop = child(cur, 'property') ?? child(cur, 'attribute');
      if (last === undefined && prop) last = text.slice(prop.start, prop.end);
      cur = child(cur, 'object');
      continue;
    }
    if (cur.type === 'parenthesized_expression' || cur.type === 'await_expression' || cur.type === 'non_null_expression') {
      cur = cur.children.find((c) => c.named);
      continue;
    }
    break;
  }
  return { last };
}

function isRelativeRequire(v: Ex): boolean {
  let e = v;
  while (e.k === 'member' || e.k === 'await') e = e.k === 'member' ? e.obj : e.x;
  if (e.k !== 'call' || e.callee.k !== 'name' || (e.callee.id !== 'require' && e.callee.id !== 'import')) return false;
  const a = e.args[0]?.v;
  return !!a && a.k === 'lit' && typeof a.v === 'string' && a.v.startsWith('.');
}

/** Local names bound by relative imports (`import x from './a'`, `const {y} = require('./b')`, `from .c import z`). */
function relativeImportLocals(parsed: ParsedCode): Set<string> {
  const out = new Set<string>();
  const mod = moduleIROf(parsed);
  if (!mod) return out;
  for (const st of mod.body) {
    if (st.k === 'import' && (st.relative || st.source.startsWith('.'))) for (const n of st.names) out.add(n.local.split('.')[0]);
    else if (st.k === 'assign' && isRelativeRequire(st.v)) for (const n of patNames(st.p)) out.add(n);
  }
  return out;
}

interface CallIndex {
  calls: { node: SNode; last?: string; root?: string }[];
  importLocals: Set<string>;
}

function callIndex(code: CodeContext): CallIndex {
  return code.memo('injection:calls', () => {
    const calls: CallIndex['calls'] = [];
    const root = code.parsed.root;
    if (root) {
      walk(root, (n) => {
        if (n.type === 'call_expression' || n.type === 'new_expression' || n.type === 'call') {
          const c = calleeOf(n);
          if (c) calls.push({ node: n, ...calleeNames(c, code.text) });
        }
      });
      calls.sort((a, b) => a.node.start - b.node.start || b.node.end - a.node.end);
    }
    return { calls, importLocals: relativeImportLocals(code.parsed) };
  });
}

/** The call in the analysed file through which a flow leaves it for the sink's file. */
function callSiteOf(code: CodeContext, f: TaintFinding): Span | undefined {
  const here = code.path;
  const steps = [{ range: f.source.range, file: f.source.file, note: '' }, ...f.path];
  // the step where the flow enters another file for the last time before the sink
  let k = -1;
  for (let i = steps.length - 1; i >= 0; i--) {
    if (steps[i].file === here) break;
    k = i;
  }
  const lastHere = [...steps].reverse().find((s) => s.file === here);
  const after = lastHere ? lastHere.range.start : 0;
  const note = k >= 0 ? steps[k].note : '';
  let name: string | undefined;
  if (note.startsWith('passed to ')) {
    const p = note.indexOf('(', 10);
    if (p > 10) name = note.slice(10, p);
  }
  const idx = callIndex(code);
  const pick = (cands: CallIndex['calls']): Span | undefined => {
    if (!cands.length) return undefined;
    const c = cands.find((x) => x.node.start >= after) ?? cands[cands.length - 1];
    return { start: c.node.start, end: c.node.end };
  };
  const byName = name && name !== 'function' ? idx.calls.filter((c) => c.last === name) : [];
  return (
    pick(byName.filter((c) => c.root !== undefined && idx.importLocals.has(c.root)))
    ?? pick(byName)
    ?? pick(idx.calls.filter((c) => c.root !== undefined && idx.importLocals.has(c.root)))
    ?? (lastHere ? lastHere.range : undefined)
  );
}

// ---------------------------------------------------------------------------------------------

function spanKey(s: Span): string {
  return `${s.start}:${s.end}`;
}

/** Every injection finding of the analysed code file (all sink kinds), computed once per run. */
export function injectionFindings(ctx: RuleContext): InjectionFinding[] {
  const code = ctx.code as CodeContext | undefined;
  if (!code || !code.parsed.root) return [];
  return code.memo('taint', () => compute(ctx, code));
}

/**
 * The raw taint flows of a handler file under the plan of the functions whose handler it is
 * (every sink kind, unfiltered, sinks in any file): shared with `injectionFindings` through the
 * cross-run cache. For config rules that judge a route by what its handler does with the request
 * (`api-request-not-validated`).
 */
export function handlerTaintFlows(code: CodeContext): TaintFinding[] {
  if (!code.parsed.root) return [];
  return code.memo('taint:flows', () => analyseFile(code.project, code.path, code.text, planOf(code.handlers()), () => ({ parsed: code.parsed, lang: code.lang, resolve: (s) => code.resolveImport(s) })));
}

function compute(ctx: RuleContext, code: CodeContext): InjectionFinding[] {
  const refs = code.handlers();
  const own = handlerTaintFlows(code); // planOf(refs), memoised
  const groups = new Map<string, InjectionFinding>();
  const stored = new Map<TaintFinding, StoredVerdict>();
  const add = (f: TaintFinding, range: Span, at: InjectionFinding['at'], assumedApi: boolean) => {
    const key = `${at}|${spanKey(range)}|${f.sinkKind}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { kind: f.sinkKind, range, at, flows: [f], assumedApi }));
    else if (!g.flows.some((x) => x.source.file === f.source.file && x.source.label === f.source.label && (at === 'sink' || x.sinkRange.start === f.sinkRange.start))) g.flows.push(f);
    const v = stored.get(f);
    if (v) (g.stored ??= new Map()).set(f, v);
  };
  for (const f of own) {
    if (f.source.stored) {
      // second order: a source only when something untrusted writes what this reads
      const v = refs.length ? storedVerdictFor(code, ctx.links, refs, f) : undefined;
      if (!v) continue;
      stored.set(f, v);
    }
    if (f.sinkFile === code.path) add(f, f.sinkRange, 'sink', !refs.length);
    else if (refs.length && sinkFileReports(ctx, code, f.sinkFile)) continue; // one finding per flow: the sink's file has it
    else {
      const site = callSiteOf(code, f);
      if (site) add(f, site, 'call', !refs.length);
    }
  }
  if (!refs.length) for (const f of importerFlows(ctx, code, stored)) add(f, f.sinkRange, 'sink', false);
  const out = [...groups.values()];
  if (refs.length) {
    crossReaders(ctx, code, out);
    out.push(...crossRoutes(ctx, code));
  }
  for (const g of out) g.flows.sort((a, b) => (a.source.stored ? 1 : 0) - (b.source.stored ? 1 : 0) || (a.source.file === code.path ? 0 : 1) - (b.source.file === code.path ? 0 : 1) || a.source.file.localeCompare(b.source.file) || a.source.range.start - b.source.range.start);
  out.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.kind.localeCompare(b.kind) || a.at.localeCompare(b.at));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Across functions (cross/app.ts): a triggered handler's findings name their writers or drop to
// info; a writer's public route gets the finding of the sink its data reaches in another function.

function crossReaders(ctx: RuleContext, code: CodeContext, out: InjectionFinding[]): void {
  for (const g of out) {
    if (g.at !== 'sink') continue;
    for (const ref of code.handlers()) {
      if (!mayBeLinked(ref)) continue;
      const app = appOf(code.project, ctx.links, ref.configFile);
      if (!app) continue;
      const first = g.flows.find((x) => !x.source.stored);
      if (!first) break;
      // One file can hold the handlers of several functions: only the triggers of the function
      // whose export runs the flow's source say where its data comes from.
      if (first.source.file === code.path && !exportRuns(code.parsed, ref.exportName, first.source.range.start)) continue;
      const verdict = crossVerdict(app, ref, first);
      if (verdict) { g.cross = { app, verdict }; break; }
    }
  }
}

function crossRoutes(ctx: RuleContext, code: CodeContext): InjectionFinding[] {
  const out: InjectionFinding[] = [];
  const seen = new Set<string>();
  for (const cfg of new Set(code.handlers().map((r) => r.configFile))) {
    const app = appOf(code.project, ctx.links, cfg);
    if (!app || !app.writes.some((w) => w.file === code.path)) continue;
    const byFile = new Map<string, HandlerRef[]>();
    for (const r of app.refs) {
      if (!app.links.some((l) => l.functionId === r.fnId)) continue;
      const l = byFile.get(r.file) ?? [];
      l.push(r);
      byFile.set(r.file, l);
    }
    for (const [file, refs] of byFile) {
      const text = code.project.readFile(file);
      if (text === undefined) continue;
      const findings = file === code.path ? [] : analyseFile(code.project, file, text, planOf(refs), () => {
        const h = ctx.links.code(file) as CodeContext | undefined;
        return h && h.text === text ? { parsed: h.parsed, lang: h.lang } : undefined;
      });
      for (const f of findings) {
        if (f.sinkFile !== file || f.source.stored) continue;
        const parsed = (ctx.links.code(file) as CodeContext | undefined)?.parsed;
        for (const ref of refs) {
          if (parsed && f.source.file === file && !exportRuns(parsed, ref.exportName, f.source.range.start)) continue;
          const verdict = crossVerdict(app, ref, f);
          if (verdict?.kind !== 'tainted') continue;
          for (const hit of verdict.writers) {
            const src = hit.part.source;
            if (hit.write.file !== code.path || !src || src.file !== code.path) continue;
            const k = `${src.range.start}|${f.sinkKind}|${f.sinkFile}|${f.sinkRange.start}`;
            if (seen.has(k)) continue;
            seen.add(k);
            out.push({ kind: f.sinkKind, range: src.range, at: 'route', flows: [f], assumedApi: false, cross: { app, verdict, hit } });
          }
        }
      }
    }
  }
  return out;
}

const openMemo = new WeakMap<object, InjectionFinding[]>();

/**
 * Config files: a resource policy that opens a bucket/queue/topic to anyone, whose events start a
 * function with a sink for that data, gets the finding of that sink (at the policy's principal):
 * the policy is where the attacker enters. Memoised per model (one run).
 */
function openFindings(ctx: RuleContext): InjectionFinding[] {
  const model = ctx.model;
  if (!model) return [];
  const hit = openMemo.get(model);
  if (hit) return hit;
  const out: InjectionFinding[] = [];
  openMemo.set(model, out);
  const open = externallyWritable(model);
  // A state machine an API route starts passes the request to its first Task's function (model/links.ts).
  const apiStarted = model.resources.some((r) => r.type === 'AWS::Serverless::StateMachine' && r.properties?.type === 'map' && r.properties.entries.some((e) => e.key.value === 'Events')) || (model.kind === 'serverless' && model.root.entries.some((e) => e.key.value === 'stepFunctions'));
  if (!open.size && !apiStarted) return out;
  // Only an open resource whose events start a function of this file matters: check that from the
  // config alone before the app (every handler's writes) is built.
  if (!apiStarted && !triggerLinks(model).some((l) => l.resourceId !== undefined && open.has(l.resourceId))) return out;
  const app = appOf(ctx.project, ctx.links, ctx.file, model);
  if (!app) return out;
  const refs = ctx.links.handlers();
  for (const link of app.links) {
    const t = link.task;
    const statement = (link.resourceId ? open.get(link.resourceId) : undefined) ?? (t?.apiStart && t.first && !t.constantInput ? t.apiStart : undefined);
    if (!statement) continue;
    const readers = refs.filter((r) => r.fnId === link.functionId);
    for (const file of new Set(readers.map((r) => r.file))) {
      const text = ctx.project.readFile(file);
      if (text === undefined) continue;
      const findings = analyseFile(ctx.project, file, text, planOf(refs.filter((r) => r.file === file)), () => {
        const h = ctx.links.code(file) as CodeContext | undefined;
        return h && h.text === text ? { parsed: h.parsed, lang: h.lang } : undefined;
      });
      for (const f of findings) {
        if (f.sinkFile !== file || f.source.stored) continue;
        out.push({ kind: f.sinkKind, range: openAnchor(statement), at: 'route', flows: [f], assumedApi: false, cross: { app, verdict: { kind: 'open', link, statement } } });
      }
    }
  }
  return out;
}

/** `OrdersTable stream`, `UploadsBucket (prefix uploads/)`, `RulesTopic`, `the rule on source shop.webhooks`. */
function viaPhrase(v: Verdict): string {
  const l = v.link;
  const r = l.resourceId ?? l.external ?? 'the resource';
  switch (l.kind) {
    case 'dynamodb-stream': return `table ${r} and its stream`;
    case 's3': return `bucket ${r}${l.keyFilter?.prefix ? ` (prefix ${l.keyFilter.prefix})` : ''}`;
    case 'sqs': return `queue ${r}`;
    case 'sns': return `topic ${r}`;
    case 'eventbridge': return `the EventBridge rule${l.pattern?.source ? ` on source ${l.pattern.source.join(', ')}` : ''}`;
    case 'kinesis': return `stream ${r}`;
    case 'stepfunctions': return `state machine ${r} (Task state ${l.task?.state ?? '?'})`;
    default: return r;
  }
}

const WRITE_PART: Record<string, string> = { key: 'the object key', body: 'the object body', message: 'the message', detail: 'the event detail', item: 'the item', data: 'the record data', input: 'the execution input' };

function partPhrase(name: string): string {
  if (name.startsWith('item.')) return `attribute ${name.slice(5)}`;
  if (name === 'input.*') return 'the execution input';
  if (name.startsWith('input.')) return `field ${name.slice(6)} of the execution input`;
  return WRITE_PART[name] ?? name;
}

/** Path hops before the reader's own flow: the writer's source, the write, the trigger. */
function crossRelated(ctx: RuleContext, g: InjectionFinding): RelatedLocation[] {
  const c = g.cross;
  if (!c) return [];
  const v = c.verdict;
  const trigger: RelatedLocation = { file: v.link.file ? joinPath(dirname(c.app.configFile), v.link.file) : c.app.configFile, range: triggerAnchor(v.link), message: `trigger: ${viaPhrase(v)} → ${v.link.functionId}` };
  if (v.kind === 'open' && v.link.kind === 'stepfunctions') return [{ file: c.app.configFile, range: v.statement.range, message: `started by an API route: the request is the execution input of ${v.link.resourceId ?? v.link.external}` }, trigger];
  if (v.kind === 'open') return [{ file: c.app.configFile, range: openAnchor(v.statement), message: `writable from outside: a policy allows writes to ${v.link.resourceId} from any principal` }, trigger];
  if (v.kind === 'trusted' || v.kind === 'external') return [trigger];
  const out: RelatedLocation[] = [];
  for (const h of c.hit ? [c.hit] : v.writers.slice(0, 3)) {
    if (h.part.source) out.push({ file: h.part.source.file, range: h.part.source.range, message: `source: \`${h.part.source.label}\` in ${h.write.fnId}` });
    out.push({ file: h.write.file, range: h.write.range, message: `write: ${h.write.operation} into ${h.write.resourceId ?? h.write.resourceName ?? 'the event bus'} (${partPhrase(h.part.name)})` });
  }
  out.push(trigger);
  return out;
}

/** `{{via}}` of the sink message: who puts the data there. */
function crossVia(ctx: RuleContext, g: InjectionFinding, lines: Lines): string {
  const c = g.cross;
  if (!c || g.at !== 'sink') return '';
  const v = c.verdict;
  if (v.kind === 'open' && v.link.kind === 'stepfunctions') return ` The data arrives via ${viaPhrase(v)}, which an API route starts (${lines.where(c.app.configFile, v.statement.range.start)}): the request is its input.`;
  if (v.kind === 'open') return ` The data arrives via ${viaPhrase(v)}, which ${relativePath(ctx.file, c.app.configFile)} opens to writes from anyone (${lines.where(c.app.configFile, openAnchor(v.statement).start)}).`;
  if (v.kind === 'external') return ` The data arrives via ${viaPhrase(v)}, which is defined outside this app (${v.link.outside}): whoever that stack lets write it reaches this sink.`;
  if (v.kind !== 'tainted') return '';
  const ws = [...new Map(v.writers.map((h) => [h.write.file + h.write.fnId, h])).values()].slice(0, 3);
  const names = ws.map((h) => `${relativePath(c.app.configFile, h.write.file)} (${h.write.fnId}${h.part.source ? `, \`${h.part.source.label}\` ${lines.where(h.part.source.file, h.part.source.range.start)}` : ''})`);
  const outside = v.link.outside ? ` It is defined outside this app (${v.link.outside}): others may write it too.` : '';
  return ` The data arrives via ${viaPhrase(v)}, written by ${names.join(', ')}.${outside}`;
}

/** The stored-data verdict of the flow a message names (the first flow, when it is a stored read). */
function storedOf(g: InjectionFinding): StoredVerdict | undefined {
  return g.stored?.get(g.flows[0]);
}

/** `{{via}}` of a second-order flow: where the data was read from and who writes attacker data there. */
function storedVia(ctx: RuleContext, g: InjectionFinding, lines: Lines): string {
  const v = storedOf(g);
  if (!v) return '';
  const what = storedResource(v);
  if (v.kind === 'external') return ` It is stored data read back from ${what}, which this app does not define: other stacks or accounts may write it.`;
  if (v.kind === 'open') return ` It is stored data read back from ${what}, which ${relativePath(ctx.file, v.app.configFile)} opens to writes from anyone (${lines.where(v.app.configFile, openAnchor(v.statement).start)}).`;
  const ws = [...new Map(v.writers.map((h) => [h.write.file + h.write.fnId, h])).values()].slice(0, 3);
  const names = ws.map((h) => `${relativePath(ctx.file, h.write.file)} (${h.write.fnId}${h.part.source ? `, \`${h.part.source.label}\` ${lines.where(h.part.source.file, h.part.source.range.start)}` : ''})`);
  return ` It is stored data read back from ${what}, written there from untrusted input by ${names.join(', ')}.`;
}

/** Hops before a second-order flow: each writer's source and its write (or the policy opening the resource). */
function storedRelated(g: InjectionFinding): RelatedLocation[] {
  const v = storedOf(g);
  if (!v) return [];
  const read: RelatedLocation = { file: v.read.file, range: v.read.call, message: `read: ${v.read.operation} from ${storedResource(v)}` };
  if (v.kind === 'external') return [read];
  if (v.kind === 'open') return [{ file: v.app.configFile, range: openAnchor(v.statement), message: `writable from outside: a policy allows writes to ${v.resourceId} from any principal` }, read];
  const out: RelatedLocation[] = [];
  for (const h of v.writers.slice(0, 3)) {
    if (h.part.source) out.push({ file: h.part.source.file, range: h.part.source.range, message: `source: \`${h.part.source.label}\` in ${h.write.fnId}` });
    out.push({ file: h.write.file, range: h.write.range, message: `write: ${h.write.operation} into ${h.write.resourceId ?? 'an unresolved resource'} (${partPhrase(h.part.name)})` });
  }
  out.push(read);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reporting

/** Wording of each sink in messages ("… reaches an SQL query"). */
export const SINK_PHRASE: Readonly<Record<SinkKind, string>> = {
  sql: 'an SQL query',
  nosql: 'a NoSQL query',
  command: 'an OS command',
  'code-eval': 'code evaluation',
  'path-traversal': 'a file-system path',
  ssrf: 'an outbound request URL',
  deserialization: 'an unsafe deserializer',
  xss: 'an HTML response',
  'open-redirect': 'a redirect location',
  'dynamic-require': 'a dynamic module load',
  xxe: 'an XML parser',
};

/** Display form of `target` relative to the folder of `from` (`lib/db.js`, `../handler.ts`). */
export function relativePath(from: string, target: string): string {
  return relativeTo(dirname(from), target);
}

class Lines {
  private readonly byFile = new Map<string, LineIndex | undefined>();
  constructor(private readonly ctx: RuleContext) {
    this.byFile.set(ctx.file, ctx.lines);
  }
  /** 1-based line of an offset in a project file, when the file can be read. */
  line(file: string, offset: number): number | undefined {
    if (!this.byFile.has(file)) {
      const t = this.ctx.project.readFile(file);
      this.byFile.set(file, t === undefined ? undefined : new LineIndex(t));
    }
    const li = this.byFile.get(file);
    return li ? li.positionAt(offset).line + 1 : undefined;
  }
  /** `line 9` in the analysed file, `lib/db.js line 9` elsewhere. */
  where(file: string, offset: number): string {
    const l = this.line(file, offset);
    const ln = l === undefined ? '' : `line ${l}`;
    if (file === this.ctx.file) return ln;
    return `${relativePath(this.ctx.file, file)}${ln ? ' ' + ln : ''}`;
  }
}

function related(g: InjectionFinding): RelatedLocation[] {
  const f = g.flows[0];
  const out: RelatedLocation[] = [];
  const push = (r: RelatedLocation) => {
    const last = out[out.length - 1];
    if (last && last.file === r.file && last.range.start === r.range.start && last.range.end === r.range.end) return;
    out.push(r);
  };
  push({
    file: f.source.file,
    range: f.source.range,
    message: `source: \`${f.source.label}\`${g.assumedApi ? ' (no serverless.yml or template links this handler: its event is treated as an API Gateway request)' : ''}`,
  });
  for (const s of f.path) push({ file: s.file, range: s.range, message: s.note });
  push({ file: f.sinkFile, range: f.sinkRange, message: `sink: ${f.sinkCallee} (${SINK_TITLE[f.sinkKind]})` });
  for (const o of g.flows.slice(1)) push({ file: o.source.file, range: o.source.range, message: `also reaches ${o.sinkCallee}: \`${o.source.label}\`` });
  return out;
}

function fixesOf(g: InjectionFinding): Fix[] {
  if (g.at !== 'sink') return [];
  const f = g.flows.find((x) => x.fix && x.fix.edits.length);
  if (!f || !f.fix) return [];
  return [{
    title: f.fix.title,
    changes: [{ file: f.sinkFile, edits: f.fix.edits.map((e) => ({ range: { start: e.range.start, end: e.range.end }, newText: e.newText })) }],
    ...(f.fix.placeholder !== undefined ? { placeholder: f.fix.placeholder } : { isPreferred: true }),
  }];
}

/**
 * The message templates of an `injection-<kind>` rule (its `meta.messages`): `atSink` in the file of
 * the sink, `atCall` at the call that passes the value into another file's sink; both end with the
 * rule's advice.
 */
export function injectionMessages(advice: string): Record<'atSink' | 'atCall' | 'trusted' | 'atRoute' | 'atOpen' | 'atStart', string> {
  return {
    atSink: `{{source}} ({{where}}) reaches {{sink}} ({{callee}}) without validation.{{others}}{{via}} ${advice}`,
    trusted: `{{source}} ({{where}}) reaches {{sink}} ({{callee}}), but {{why}}: the event carries no attacker data (info). Validate it anyway if other writers may appear.`,
    atOpen: `This policy lets anyone write to {{via}}, whose events start {{readerFn}}: {{source}} reaches {{sink}} ({{callee}}) in {{reader}} without validation. Restrict the principal (or add a Condition), or validate the data in the handler. ${advice}`,
    atStart: `This API route starts {{via}}, whose Task passes the request to {{readerFn}}: {{source}} reaches {{sink}} ({{callee}}) in {{reader}} without validation. Validate the request (a request schema on the route) or the data in the handler. ${advice}`,
    atRoute: `Data from this {{entry}} ({{source}}, {{where}}) is written to {{via}} and reaches {{sink}} ({{callee}}) in {{reader}} ({{readerFn}}). ${advice}`,
    atCall: `{{source}} ({{where}}) is passed into {{into}} and reaches {{sink}} ({{callee}}, {{sinkWhere}}) without validation.{{others}}{{via}} ${advice}`,
  };
}

/** The message of one finding: source (and line), sink, and the rule's advice (from its meta). */
export function injectionMessage(ctx: RuleContext, g: InjectionFinding, meta: RuleMeta, lines = new Lines(ctx)): string {
  const f = g.flows[0];
  const others = [...new Set(g.flows.slice(1).map((o) => `\`${o.source.label}\``))];
  const data: Record<string, string> = {
    source: `\`${f.source.label}\``,
    where: lines.where(f.source.file, f.source.range.start),
    sink: SINK_PHRASE[g.kind],
    callee: f.sinkCallee,
    others: others.length ? ` Also reached by ${others.slice(0, 3).join(', ')}${others.length > 3 ? ` and ${others.length - 3} more` : ''}.` : '',
    via: crossVia(ctx, g, lines) || storedVia(ctx, g, lines),
  };
  if (g.at === 'route' && g.cross?.hit?.part.source) {
    const src = g.cross.hit.part.source;
    return ruleMessage(meta, 'atRoute', {
      ...data,
      source: `\`${src.label}\``,
      where: lines.where(src.file, src.range.start),
      via: `${viaPhrase(g.cross.verdict)} (${g.cross.hit.write.operation}, ${partPhrase(g.cross.hit.part.name)})`,
      reader: `${relativePath(ctx.file, f.sinkFile)} line ${lines.line(f.sinkFile, f.sinkRange.start) ?? '?'}`,
      readerFn: g.cross.verdict.link.functionId,
      entry: g.cross.hit.write.triggers.some((t) => t === 'api' || t === 'alb' || t === 'websocket') ? 'public route' : "function's event",
    });
  }
  if (g.at === 'route' && g.cross?.verdict.kind === 'open') {
    return ruleMessage(meta, g.cross.verdict.link.kind === 'stepfunctions' ? 'atStart' : 'atOpen', {
      ...data,
      via: viaPhrase(g.cross.verdict),
      reader: `${relativePath(ctx.file, f.sinkFile)} line ${lines.line(f.sinkFile, f.sinkRange.start) ?? '?'}`,
      readerFn: g.cross.verdict.link.functionId,
    });
  }
  if (g.at === 'sink' && g.cross?.verdict.kind === 'trusted') return ruleMessage(meta, 'trusted', { ...data, why: g.cross.verdict.reason });
  if (g.at === 'sink') return ruleMessage(meta, 'atSink', data);
  const callee = ctx.text.slice(g.range.start, g.range.end);
  const open = callee.indexOf('(');
  const name = open > 0 && open <= 60 ? callee.slice(0, open).trim() : 'this call';
  return ruleMessage(meta, 'atCall', { ...data, into: name === 'this call' ? name : name + '()', sinkWhere: lines.where(f.sinkFile, f.sinkRange.start) });
}

/** The body of every `injection-<kind>` rule. */
export function reportInjections(ctx: RuleContext, kind: SinkKind, meta: RuleMeta): void {
  const all = ctx.code ? injectionFindings(ctx) : openFindings(ctx);
  if (!all.length) return;
  const lines = new Lines(ctx);
  for (const g of all) {
    if (g.kind !== kind) continue;
    const trusted = g.at === 'sink' && g.cross?.verdict.kind === 'trusted';
    const rel = g.at === 'route' ? [...crossRelated(ctx, g).filter((r) => r.file !== ctx.file || r.range.start !== g.range.start), ...related(g)] : [...crossRelated(ctx, g), ...storedRelated(g), ...related(g)];
    ctx.report({ range: g.range, message: injectionMessage(ctx, g, meta, lines), related: rel, fixes: g.at === 'route' ? [] : fixesOf(g), ...(trusted ? { severity: 'info' as const } : {}) });
  }
}
