/**
 * The analysis engine: text in, findings (with ranges and fixes) out. Shared by the language
 * server and the CLI; imports nothing from LSP or VS Code.
 *
 *   text ──parse (cached per path+text, incremental for big YAML)──▶ ParsedDocument
 *        ──buildModel──▶ ConfigModel ──rules (each isolated)──▶ findings
 *        ──settings (off / severity) + inline suppressions──▶ result
 */
import { inlineCodeText } from './permissions/inline-code';
import { buildModel } from './model/build';
import { detectKind, isServerlessFileName } from './model/kind';
import { isServerlessScript, parseServerlessScript } from './code/config-literal';
import type { ConfigModel } from './model/types';
import { dirname, relativeTo, type Project } from './project';
import { packagedAt, packagedSource } from './packaged';
import type { FileLinks, Rule, RuleContext } from './rule';
import { outsideReferences, resolveHandlers, type HandlerCandidate, type HandlerPlace, type HandlerRef, type OutsideReference } from './handlers';
import { CONFIG_FILE_NAME, defaultSettings, parseSettings, type Settings } from './settings';
import { REASON_PLACEHOLDER, SUPPRESS_MARKER, findSuppressions, suppressionFor, type Suppression } from './suppress';
import { LineIndex } from './text';
import { toolSkipSuppressions } from './tool-skips';
import type { FileKind, Finding, Fix, RuleMeta } from './types';
import type { ParsedDocument } from './yaml/ast';
import { detectFormat, duplicateKeyFinding, parseFindings, parseYaml } from './yaml/parse';
import { IncrementalYaml } from './yaml/incremental';
import { releasePath } from './lru';
import { FindingReuse } from './reuse';
import { appOf, type App } from './cross/app';
import { rememberConfigModel } from './permissions/usage';
import { orderRules } from './rule-cost';

const ALL_KINDS: RuleMeta['appliesTo'] = ['serverless', 'sam', 'cfn', 'javascript', 'typescript', 'python'];

/** Metadata of a finding the engine itself reports (category `config`). */
function engineRule(id: string, severity: RuleMeta['severity'], title: string, summary: string, appliesTo = ALL_KINDS): RuleMeta {
  return { id, category: 'config', severity, title, docs: { summary }, appliesTo };
}

export const PARSE_RULE = engineRule('parse-error', 'error', 'File cannot be parsed', 'The file has a YAML/JSON syntax problem, so the parts after it may not be analysed.', ['serverless', 'sam', 'cfn']);

/** Parse findings per file at most (duplicate keys and warnings; syntax errors give one). */
export const MAX_PARSE_FINDINGS = 5;

export const SUPPRESSION_RULE = engineRule('suppression-reason-required', 'warning', 'Suppression without a reason', 'Every `serverless-guard-ignore` comment must say why, after `--`, so reviewers can judge it.');

export const FILE_TOO_LARGE_RULE = engineRule('file-too-large', 'info', 'File too large to analyse', 'Files over 2 MB are skipped so analysis stays fast; such files are usually generated (add their folder to ignorePaths).');

export const ANALYSIS_TIMEOUT_RULE = engineRule('analysis-timeout', 'info', 'Analysis cut off', 'Analysing this file took longer than the time budget, so the remaining rules were not run on this version of it.');

export const OUTSIDE_WORKSPACE_RULE = engineRule('path-outside-workspace', 'info', 'Reference outside the workspace', 'A handler, CodeUri or relative import points outside the workspace folders (or through a link to outside them): that file is not read or analysed.');

export const GENERATED_TEMPLATE_RULE = engineRule('generated-template', 'info', 'Generated copy of a template', 'A `sam package` / `aws cloudformation package` output (function code in S3) committed next to the template it was made from: its findings are reported once, in the source template, not again in the copy.', ['sam', 'cfn']);

export const SETTINGS_RULE = engineRule('invalid-settings', 'warning', 'Invalid settings', 'A value in `.serverless-guard.yml` has the wrong type, names an unknown rule or severity, or the file is too large: that value is ignored, the rest of the settings apply.', []);

/** Findings the engine itself reports (not rules of the registry). */
export const ENGINE_RULES: readonly RuleMeta[] = [PARSE_RULE, SUPPRESSION_RULE, FILE_TOO_LARGE_RULE, ANALYSIS_TIMEOUT_RULE, OUTSIDE_WORKSPACE_RULE, GENERATED_TEMPLATE_RULE, SETTINGS_RULE];

/**
 * Files longer than this (in UTF-16 code units, ≈ bytes for configs) are not parsed: one info
 * finding says so. CloudFormation itself refuses templates over 1 MB, so real configs are far below.
 */
export const MAX_ANALYSIS_CHARS = 2 * 1024 * 1024;

/**
 * The language server's limit for configs (YAML/JSON). The `yaml` parser cannot be interrupted, and
 * adversarial shapes (a run of `[`, a million one-word lines) cost it ~4–5 ms per KB: at 256 KB the
 * worst measured whole analysis is ~1.1 s, inside the time budget. Hand-written serverless.yml and
 * SAM templates are far smaller (the 4,000-line bench file is 120 KB); bigger ones are scanned by
 * the CLI, which keeps MAX_ANALYSIS_CHARS.
 */
export const EDITOR_MAX_CONFIG_CHARS = 256 * 1024;

/**
 * The editor's time budget of one analysis (ms), which the language server passes (measured in
 * its own CPU time); the CLI passes a larger one. `analyze` without `timeBudgetMs` has no budget,
 * so a library caller or a test gets the complete analysis however busy the machine is.
 */
export const DEFAULT_TIME_BUDGET_MS = 2000;

/** Code-file analysis plugs in here (tree-sitter layer); configs need nothing extra. */
export interface CodeSupport {
  /** Parse (incrementally where possible) and return the model code rules read, plus comments for suppressions. */
  parse(path: string, text: string, kind: FileKind): { code: unknown; comments: { text: string; range: { start: number; end: number } }[]; outside?: OutsideReference[] } | undefined;
  forget?(path: string): void;
}

export interface AnalyzeOptions {
  settings?: Settings;
  /**
   * Rules are not started once the analysis has run this long (ms): the ones that did not run are
   * named in one `analysis-timeout` info finding. Cooperative: a rule already running finishes (the
   * expensive ones — taint, SDK-call resolution — have step budgets of their own). Default: none.
   */
  timeBudgetMs?: number;
  /** Clock (tests). */
  now?: () => number;
  /** Configs (YAML/JSON) longer than this are skipped with one `file-too-large` finding. Default MAX_ANALYSIS_CHARS. */
  maxConfigChars?: number;
  /**
   * Whether a cut-off analysis gets its `analysis-timeout` finding (default true). The language
   * server passes false while it still finishes the rest in the background (`resume`), and true
   * once it gives up on a file.
   */
  reportTimeout?: boolean;
}

export interface AnalysisResult {
  file: string;
  kind?: FileKind;
  findings: Finding[];
  /** Rules that threw (their findings are lost, nothing else is). */
  ruleErrors: { ruleId: string; error: string }[];
  timings: { parseMs: number; rulesMs: number };
  model?: ConfigModel;
  /** Line index of the analysed text (shells reuse it to convert offsets). */
  lines?: LineIndex;
  /**
   * Rules the time budget left unrun, in run order (absent when the analysis is complete).
   * `Engine.resume(path, text, thisResult)` runs them and merges their findings.
   */
  pending?: string[];
}

interface CacheEntry {
  text: string;
  parsed: ParsedDocument;
  model?: ConfigModel;
  lines: LineIndex;
  kind?: FileKind;
  incremental?: IncrementalYaml;
}

export function codeKindOf(path: string): FileKind | undefined {
  const p = path.toLowerCase();
  if (p.endsWith('.py')) return 'python';
  if (p.endsWith('.ts') || p.endsWith('.tsx') || p.endsWith('.mts') || p.endsWith('.cts')) return p.endsWith('.d.ts') ? undefined : 'typescript';
  if (p.endsWith('.js') || p.endsWith('.mjs') || p.endsWith('.cjs') || p.endsWith('.jsx')) return 'javascript';
  return undefined;
}

/** An AWS Chalice project's config (`.chalice/config.json`; https://aws.github.io/chalice/topics/configfile.html). */
export function isChaliceConfig(path: string): boolean {
  const p = path.split('\\').join('/');
  return p === '.chalice/config.json' || p.endsWith('/.chalice/config.json');
}

export function isConfigCandidate(path: string): boolean {
  const p = path.toLowerCase();
  return p.endsWith('.yml') || p.endsWith('.yaml') || p.endsWith('.json') || p.endsWith('.template');
}

export class Engine {
  private readonly cache = new Map<string, CacheEntry>();
  /** Handler files of each config, by config text (file existence is re-checked on `forget`). */
  private readonly handlerCache = new Map<string, { text: string; generation: number; refs: HandlerRef[] }>();
  /** Resolved handler file per (base folder, handler, runtime), until files change. */
  private readonly handlerFiles = new Map<string, HandlerCandidate | null>();
  private handlerFilesGeneration = -1;
  /** Where each (base folder, handler, runtime)'s files are for `outsideReferences`, until files change. */
  private readonly handlerPlaces = new Map<string, HandlerPlace>();
  private handlerPlacesGeneration = -1;
  codeSupport?: CodeSupport;
  /** The rules in run order: cheapest and most important first (rule-cost.ts). */
  private readonly ordered: readonly Rule[];
  /** Analyses a budget cut off, with what `resume` needs to finish them. */
  private readonly runs = new WeakMap<AnalysisResult, RunState>();
  /** Findings of unchanged entries, reused across analyses of a file (rules opt in per entry). */
  readonly reuse = new FindingReuse();

  constructor(
    readonly project: Project,
    readonly rules: readonly Rule[],
  ) {
    this.ordered = orderRules(rules);
  }

  private knownIds: Set<string> | undefined;
  /** Ids `.serverless-guard.yml` may name: the registry's rules and the engine's own findings. */
  ruleIds(): ReadonlySet<string> {
    return (this.knownIds ??= new Set([...this.rules.map((r) => r.meta.id), ...ENGINE_RULES.map((m) => m.id)]));
  }

  /** Drops cached parse results for a path (document closed or deleted). */
  forget(path: string): void {
    this.cache.delete(path);
    this.handlerCache.delete(path);
    this.handlerFiles.clear(); // the file set changed (the generation moves on below)
    this.handlerPlaces.clear();
    this.reuse.forget(path);
    this.codeSupport?.forget?.(path);
    // Every other cache keyed by this path (analyses, models, lowered imports) lets go of it too.
    this.project.release(path);
    releasePath(path);
    // A created, deleted or renamed file can change where any handler resolves to.
    this.project.invalidate();
  }

  /** The handler files of a config's functions (cached per config text). */
  handlersOf(path: string, text: string, model: ConfigModel): HandlerRef[] {
    // Both caches hold while the set of files stays the same (the project's generation).
    const generation = this.project.generation;
    const hit = this.handlerCache.get(path);
    if (hit && hit.text === text && hit.generation === generation) return hit.refs;
    if (this.handlerFilesGeneration !== generation) {
      this.handlerFiles.clear();
      this.handlerCache.clear();
      this.handlerFilesGeneration = generation;
    }
    const refs = resolveHandlers(model, path, this.project, this.handlerFiles);
    this.handlerCache.set(path, { text, generation, refs });
    return refs;
  }

  /** The cross-function view of a config (cross/app.ts: every function's resource writes and trigger links), for hovers. */
  crossApp(path: string, model: ConfigModel): App | undefined {
    const code = (p: string) => {
      const t = this.project.readFile(p);
      const k = codeKindOf(p);
      return t !== undefined && k ? this.codeSupport?.parse(p, t, k)?.code : undefined;
    };
    return appOf(this.project, { code }, path, model);
  }

  /** Parsed document and model for a config file's text (cached; incremental for large YAML). */
  parseConfig(path: string, text: string): CacheEntry {
    const prev = this.cache.get(path);
    if (prev && prev.text === text) return prev;
    if (isServerlessScript(path)) {
      // serverless.ts/js: the exported object literal, read statically (code/config-literal.ts).
      const doc = parseServerlessScript(text, path);
      const model = doc ? buildModel(path, doc, 'serverless') : undefined;
      const entry: CacheEntry = { text, parsed: doc ?? { text, format: 'json', root: null, problems: [], comments: [], documentCount: 0 }, model, lines: new LineIndex(text), kind: model?.kind };
      this.cache.set(path, entry);
      return entry;
    }
    const format = detectFormat(path, text);
    let parsed: ParsedDocument;
    let incremental: IncrementalYaml | undefined;
    if (format === 'yaml') {
      incremental = prev?.incremental ?? new IncrementalYaml();
      parsed = incremental.parse(text);
    } else {
      parsed = parseYaml(text, { format });
    }
    const model = buildModel(path, parsed);
    rememberConfigModel(path, text, model);
    const entry: CacheEntry = { text, parsed, model, lines: new LineIndex(text), kind: model?.kind, incremental };
    this.cache.set(path, entry);
    return entry;
  }

  analyze(path: string, text: string, options: AnalyzeOptions = {}): AnalysisResult {
    const settings = options.settings ?? defaultSettings();
    const now = options.now ?? (() => performance.now());
    const t0 = now();
    const codeKind = codeKindOf(path);
    const result: AnalysisResult = { file: path, findings: [], ruleErrors: [], timings: { parseMs: 0, rulesMs: 0 } };
    if (path.endsWith('/' + CONFIG_FILE_NAME) || path === CONFIG_FILE_NAME) {
      // The settings file itself: its problems, by the same schema the shells load it with.
      for (const p of parseSettings(text, { ruleIds: this.ruleIds() }).problems) result.findings.push(engineFinding(SETTINGS_RULE, settings, path, { start: p.start, end: p.end }, p.message));
      return result;
    }
    const limit = codeKind ? MAX_ANALYSIS_CHARS : Math.min(MAX_ANALYSIS_CHARS, options.maxConfigChars ?? MAX_ANALYSIS_CHARS);
    if (text.length > limit) {
      this.forget(path);
      // Say so for code and for what looks like a config; any other big JSON/YAML is not ours.
      if (!codeKind && !(isConfigCandidate(path) && headLooksLikeConfig(path, text))) return result;
      result.kind = codeKind ?? (isServerlessFileName(path) ? 'serverless' : 'cfn');
      if (settings.rules[FILE_TOO_LARGE_RULE.id] !== 'off') result.findings.push(tooLargeFinding(path, text, settings, limit));
      return result;
    }
    let lines: LineIndex;
    let kind: FileKind | undefined;
    let model: ConfigModel | undefined;
    let parsed: ParsedDocument | undefined;
    let code: unknown;
    let comments: { text: string; range: { start: number; end: number } }[] = [];
    let commentStyle: '#' | '//' | undefined;
    let outside: OutsideReference[] | undefined;
    // A serverless.ts/js exporting a literal is a config (no YAML fixes on it: only the ignore comment).
    const script = isServerlessScript(path) ? this.parseConfig(path, text) : undefined;
    const scriptModel = script?.model;
    if (script && scriptModel) {
      kind = 'serverless';
      lines = script.lines;
      parsed = script.parsed;
      model = scriptModel;
      commentStyle = '//';
      const c = this.codeSupport?.parse(path, text, codeKind!);
      if (c) comments = c.comments;
    } else if (codeKind) {
      kind = codeKind;
      lines = new LineIndex(text);
      const c = this.codeSupport?.parse(path, text, codeKind);
      if (!c) {
        result.kind = kind;
        return result;
      }
      code = c.code;
      comments = c.comments;
      outside = c.outside;
      commentStyle = codeKind === 'python' ? '#' : '//';
    } else if (isConfigCandidate(path)) {
      const entry = this.parseConfig(path, text);
      lines = entry.lines;
      parsed = entry.parsed;
      model = entry.model;
      kind = entry.kind;
      comments = parsed.comments;
      commentStyle = parsed.format === 'yaml' ? '#' : undefined;
      if (!kind && isChaliceConfig(path) && parsed.root?.type === 'map') kind = 'chalice';
      if (!kind && parsed.problems.some((p) => p.severity === 'error') && looksLikeConfig(path, text, parsed)) {
        kind = isServerlessFileName(path) ? 'serverless' : 'cfn';
      }
    } else {
      return result;
    }
    result.kind = kind;
    result.model = model;
    result.lines = lines;
    const t1 = now();
    result.timings.parseMs = t1 - t0;
    if (!kind) return result;
    // A `sam package` output next to its source: its findings are the source's, reported there.
    const packaged = model && parsed && !parsed.problems.some((p) => p.severity === 'error') ? packagedAt(model) : undefined;
    if (packaged && model) {
      const source = packagedSource(model, path, this.project, (p, t) => this.parseConfig(p, t).model);
      if (source) {
        if (settings.rules[GENERATED_TEMPLATE_RULE.id] !== 'off') {
          const rel = relativeTo(dirname(path), source);
          result.findings.push(engineFinding(GENERATED_TEMPLATE_RULE, settings, path, packaged, `This template is packaged output (function code in S3) of ${rel}: its findings are reported there, where the fix belongs; this copy is not analysed again.`));
        }
        return result;
      }
    }

    let handlerRefs: HandlerRef[] | undefined;
    const codeCache = new Map<string, unknown>();
    const links: FileLinks = {
      handlers: () => (handlerRefs ??= model ? this.handlersOf(path, text, model) : []),
      code: (p: string) => {
        if (p === path && code) return code;
        if (!codeCache.has(p)) {
          // Inline function code of this config (`template.yaml#inline/Fn.py`), else a project file.
          const t = (model ? inlineCodeText(model, path, p) : undefined) ?? this.project.readFile(p);
          const k = codeKindOf(p);
          codeCache.set(p, t !== undefined && k ? this.codeSupport?.parse(p, t, k)?.code : undefined);
        }
        return codeCache.get(p);
      },
    };
    const pending: Rule[] = [];
    for (const rule of this.ordered) {
      if (settings.rules[rule.meta.id] === 'off') continue;
      if (!rule.meta.appliesTo.includes(kind)) continue;
      if (!model && !code && rule.meta.appliesTo.every((k) => k === 'serverless' || k === 'sam' || k === 'cfn')) continue;
      pending.push(rule);
    }
    const run: RunState = { path, text, kind, lines, model, parsed, code, links, settings, commentStyle, sups: [...findSuppressions(comments, lines), ...toolSkipSuppressions(model, comments, lines)], pending, done: [], noFixes: !!scriptModel };
    if (parsed) {
      // One syntax mistake, one finding (the rest it caused or hid are counted in its message).
      const raw: Finding[] = [];
      for (const { problem, more } of parseFindings(parsed.problems, MAX_PARSE_FINDINGS)) {
        // A duplicate key is graded for CloudFormation when parsed; serverless.yml cannot be loaded at all.
        const own = problem.duplicate && kind === 'serverless' ? duplicateKeyFinding(problem.duplicate, 'serverless') : problem;
        raw.push({
          ruleId: PARSE_RULE.id,
          category: PARSE_RULE.category,
          severity: own.severity,
          file: path,
          range: problem.range,
          message: more > 0 ? `${own.message} (and ${more} more syntax problem${more === 1 ? '' : 's'} after this one, caused by it or hidden by it)` : own.message,
          fixes: duplicateRemovalFixes(path, problem.duplicate),
        });
      }
      this.settle(run, raw);
    }
    // References outside the workspace folders: not read, said once at the reference.
    if (model && this.project.roots) {
      if (this.handlerPlacesGeneration !== this.project.generation || this.handlerPlaces.size > 10_000) {
        this.handlerPlaces.clear();
        this.handlerPlacesGeneration = this.project.generation;
      }
      outside = outsideReferences(model, path, this.project, this.handlerPlaces);
    }
    if (outside?.length && settings.rules[OUTSIDE_WORKSPACE_RULE.id] !== 'off') {
      this.settle(run, outside.map((o) => engineFinding(OUTSIDE_WORKSPACE_RULE, settings, path, o.range, o.message)));
    }
    return this.runRules(run, result, options, t0, t1);
  }

  /**
   * Runs the rules a budget left unrun in `previous` (an analysis of this path and text by this
   * engine), within this call's own budget, and returns the merged result: the findings of
   * `previous` plus the new ones, with `pending` naming what is still left. The shell decides when
   * to call it (the language server does so in small background slices). For any other text, or a
   * result that was complete or not made here, it is a fresh `analyze`.
   */
  resume(path: string, text: string, previous: AnalysisResult, options: AnalyzeOptions = {}): AnalysisResult {
    const prev = this.runs.get(previous);
    if (!prev) return previous.pending?.length ? this.analyze(path, text, options) : previous;
    if (prev.path !== path || prev.text !== text) return this.analyze(path, text, options);
    const now = options.now ?? (() => performance.now());
    const t0 = now();
    const run: RunState = { ...prev, pending: prev.pending.slice(), done: prev.done.slice() };
    const result: AnalysisResult = { file: path, kind: previous.kind, findings: [], ruleErrors: previous.ruleErrors.slice(), timings: { parseMs: 0, rulesMs: 0 }, model: previous.model, lines: previous.lines };
    return this.runRules(run, result, options, t0, t0);
  }

  /** Runs pending rules until the budget is spent, then assembles the result. */
  private runRules(run: RunState, result: AnalysisResult, options: AnalyzeOptions, t0: number, t1: number): AnalysisResult {
    const now = options.now ?? (() => performance.now());
    const budget = options.timeBudgetMs ?? Number.POSITIVE_INFINITY;
    const { path, text, kind, lines, model, parsed, code, links } = run;
    while (run.pending.length) {
      // Cooperative: a rule that has started finishes; budget <= 0 starts none.
      if (budget <= 0 || now() - t0 > budget) break;
      const rule = run.pending.shift()!;
      const found: Finding[] = [];
      const ctx: RuleContext = {
        file: path,
        text,
        kind,
        lines,
        model,
        parsed,
        code,
        project: this.project,
        links,
        report: (f) => {
          found.push(new RuleFinding(rule.meta, f.severity ?? rule.meta.severity, path, f.range, f.message, run.noFixes ? undefined : f.fixes, f.related));
        },
      };
      const commit = this.reuse.open(path, rule, ctx);
      try {
        rule.check(ctx);
        commit();
        this.settle(run, found);
      } catch (err) {
        result.ruleErrors.push({ ruleId: rule.meta.id, error: (err as Error)?.stack ?? String(err) });
      }
    }
    const settings = run.settings;
    result.findings = run.done.slice();
    if (settings.rules[SUPPRESSION_RULE.id] !== 'off') {
      for (const s of run.sups) if (!s.reason) result.findings.push(reasonFinding(path, s, settings));
    }
    if (run.pending.length) {
      const skipped = run.pending.map((r) => r.meta.id);
      result.pending = skipped;
      if (options.reportTimeout !== false && settings.rules[ANALYSIS_TIMEOUT_RULE.id] !== 'off') {
        const message = `Analysis of this file was cut off after ${Math.round(now() - t0)} ms (time budget ${budget} ms): ${skipped.length} rule${skipped.length === 1 ? ' was' : 's were'} not run (${skipped.slice(0, 6).join(', ')}${skipped.length > 6 ? ', …' : ''}). Findings of the rules that ran are shown; the CLI (\`serverless-guard scan\`) has a larger budget.`;
        result.findings.push(engineFinding(ANALYSIS_TIMEOUT_RULE, settings, path, { start: 0, end: 0 }, message));
      }
      this.runs.set(result, run);
    }
    result.findings.sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
    result.timings.rulesMs = now() - t1;
    return result;
  }

  /** Settings (severity overrides), suppressions and the ignore quick fix, once per finding. */
  private settle(run: RunState, raw: Finding[]): void {
    const { settings, lines, sups, commentStyle, path } = run;
    for (const f of raw) {
      const setting = settings.rules[f.ruleId];
      if (setting === 'off') continue;
      if (setting && f.ruleId !== PARSE_RULE.id) f.severity = setting;
      if (f.ruleId !== PARSE_RULE.id) {
        const line = lines.positionAt(f.range.start).line;
        if (suppressionFor(sups, f.ruleId, line)) continue;
        if (commentStyle && f instanceof RuleFinding) {
          const style = commentStyle;
          const ruleId = f.ruleId;
          f.addFix(() => ignoreFix(path, lines, ruleId, line, style));
        }
      }
      run.done.push(f);
    }
  }
}

/** What `resume` needs to go on with an analysis the budget cut off. */
interface RunState {
  /** serverless.ts/js: findings get no YAML fixes (only the ignore comment). */
  readonly noFixes?: boolean;
  readonly path: string;
  readonly text: string;
  readonly kind: FileKind;
  readonly lines: LineIndex;
  readonly model: ConfigModel | undefined;
  readonly parsed: ParsedDocument | undefined;
  readonly code: unknown;
  readonly links: FileLinks;
  readonly settings: Settings;
  readonly commentStyle: '#' | '//' | undefined;
  readonly sups: Suppression[];
  /** Rules not run yet, in run order. */
  pending: Rule[];
  /** Findings so far, settled (settings, suppressions, ignore fix applied). */
  done: Finding[];
}

/**
 * A rule's finding. `fixes` is computed on first read and then kept, so a keystroke never pays for
 * fixes nobody asks for (only code actions and the CLI read them), while every consumer still sees
 * an array. A class (not per-object accessors) keeps thousands of findings per keystroke cheap.
 */
class RuleFinding implements Finding {
  readonly ruleId: string;
  readonly category: Finding['category'];
  related?: Finding['related'];
  #built: Fix[] | undefined;
  #make: (() => Fix[]) | undefined;

  constructor(
    meta: RuleMeta,
    public severity: Finding['severity'],
    readonly file: string,
    readonly range: Finding['range'],
    readonly message: string,
    fixes: Fix[] | (() => Fix[]) | undefined,
    related: Finding['related'],
  ) {
    this.ruleId = meta.id;
    this.category = meta.category;
    if (related && related.length) this.related = related;
    if (typeof fixes === 'function') this.#make = fixes;
    else this.#built = fixes ?? [];
  }

  get fixes(): Fix[] {
    if (this.#built === undefined) {
      const make = this.#make;
      this.#make = undefined;
      try {
        this.#built = make ? make() : [];
      } catch {
        this.#built = [];
      }
    }
    return this.#built;
  }

  set fixes(value: Fix[]) {
    this.#built = value;
    this.#make = undefined;
  }

  /** Appends a fix, built lazily after the rule's own. */
  addFix(make: () => Fix): void {
    const own = this.#built;
    const ownMake = this.#make;
    this.#built = undefined;
    this.#make = () => {
      let first: Fix[];
      try {
        first = own ?? (ownMake ? ownMake() : []);
      } catch {
        first = [];
      }
      return [...first, make()];
    };
  }

  toJSON(): Finding {
    return { ruleId: this.ruleId, category: this.category, severity: this.severity, file: this.file, range: this.range, message: this.message, fixes: this.fixes, ...(this.related ? { related: this.related } : {}) };
  }
}

function looksLikeConfig(path: string, text: string, parsed: ParsedDocument): boolean {
  if (isServerlessFileName(path)) return true;
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (base.startsWith('template.')) return true;
  if (base.startsWith('samconfig')) return false; // SAM CLI settings, not a template
  if (detectKind(path, parsed.root)) return true;
  // Broken YAML that still shows its CloudFormation identity near the top.
  return headLooksLikeConfig(path, text);
}

function headLooksLikeConfig(path: string, text: string): boolean {
  if (isServerlessFileName(path)) return true;
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (base.startsWith('template.')) return true;
  const head = text.slice(0, 4096);
  return head.includes('AWSTemplateFormatVersion') || head.includes('AWS::Serverless-2016-10-31');
}

/** A finding the engine itself reports, at its rule's severity or the one the settings give it. */
function engineFinding(meta: RuleMeta, settings: Settings, file: string, range: Finding['range'], message: string): Finding {
  const s = settings.rules[meta.id];
  return { ruleId: meta.id, category: meta.category, severity: s && s !== 'off' ? s : meta.severity, file, range, message, fixes: [] };
}

function tooLargeFinding(path: string, text: string, settings: Settings, limit: number): Finding {
  const mb = (n: number) => (n < 1024 * 1024 ? `${Math.round(n / 1024)} KB` : `${(n / (1024 * 1024)).toFixed(1)} MB`);
  const where = limit < MAX_ANALYSIS_CHARS ? `the editor analyses configs up to ${mb(limit)} as you type, so it was skipped here; \`serverless-guard scan\` analyses it (up to ${mb(MAX_ANALYSIS_CHARS)})` : `Serverless Guard analyses files up to ${mb(limit)}, so it was skipped (CloudFormation itself accepts templates up to 1 MB)`;
  return engineFinding(FILE_TOO_LARGE_RULE, settings, path, { start: 0, end: 0 }, `This file is ${mb(text.length)}; ${where}.`);
}

function reasonFinding(path: string, s: Suppression, settings: Settings): Finding {
  return engineFinding(SUPPRESSION_RULE, settings, path, s.range, `This suppression of ${s.ruleIds.join(', ') || '(no rule id)'} has no reason: add one after \`--\`, e.g. \`# ${SUPPRESS_MARKER} ${s.ruleIds[0] ?? '<rule-id>'} -- health check is public by design\`.`);
}

/**
 * A duplicate key whose two values are the same: delete the second entry's lines. The document
 * then loads to what it loads to today (the same value, once), so this is certainly what was meant.
 */
function duplicateRemovalFixes(path: string, d: ParsedDocument['problems'][number]['duplicate']): Fix[] {
  if (!d?.removal) return [];
  return [{ title: `Remove the second '${d.key}' (line ${d.line}, same value as line ${d.firstLine})`, isPreferred: true, changes: [{ file: path, edits: [{ range: d.removal, newText: '' }] }] }];
}

export function ignoreFix(path: string, lines: LineIndex, ruleId: string, line: number, style: '#' | '//'): Fix {
  const start = lines.lineStart(line);
  const indent = ' '.repeat(lines.indentOf(line));
  const eol = lines.text.includes('\r\n') ? '\r\n' : '\n';
  const newText = `${indent}${style} ${SUPPRESS_MARKER} ${ruleId} -- ${REASON_PLACEHOLDER}${eol}`;
  return {
    title: `Ignore ${ruleId} here…`,
    changes: [{ file: path, edits: [{ range: { start, end: start }, newText }] }],
    placeholder: REASON_PLACEHOLDER,
  };
}
