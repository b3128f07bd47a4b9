/**
 * One scan task: a group of files (one project folder) analysed with a fresh `Project` and
 * `Engine`, turned into serialisable per-file reports (line/column positions computed here, so
 * nothing of the texts, parses or models outlives the task). Runs in a worker thread or in the
 * main thread (a single task, or the in-process `scan()` API); both give the same reports.
 */
import * as path from 'node:path';
import { codeKindOf, type Engine } from '../engine/engine';
import { normalizePath, Project, type FileSource } from '../engine/project';
import type { Settings } from '../engine/settings';
import { LineIndex } from '../engine/text';
import type { Finding } from '../engine/types';
import { diskSource } from '../shell/disk';
import { readRegularFile, type Skipped } from '../shell/read';
import { relativePath } from './collect';
import { releaseAllPaths } from '../engine/lru';

/** Files larger than this are not read by the scanner (lock files, bundles). */
export const MAX_SCAN_BYTES = 4 * 1024 * 1024;
/** The CLI is not interactive: it gives each file more time than the editor does. */
export const CLI_TIME_BUDGET_MS = 30_000;

export interface EngineFactory {
  (project: Project, stopAt?: (path: string) => string | undefined): Engine;
}

/** What a task needs besides its files (plain data: it is sent to workers). */
export interface TaskEnv {
  cwd: string;
  settings: Settings;
  /** Workspace roots: handler/config lookups stop there; the Project is told about them. */
  roots: string[];
}

export interface JsonFinding {
  ruleId: string;
  category: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fixes: string[];
  /** What to do after applying a fix, with the secret masked (the `aws ssm put-parameter` command of a secret fix). */
  afterFix?: string[];
  /** Fixes (by title) that change who can call the endpoint, with the question to ask before applying them. */
  confirmFixes?: { fix: string; message: string }[];
}

export interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface ReportFinding extends JsonFinding {
  /** SARIF related locations (file relative to cwd; region when the file could be read). */
  related?: { file: string; message: string; region?: Region }[];
}

/** The outcome of one file, in plain data. */
export interface FileReport {
  /** Scan-order index. */
  index: number;
  /** Path relative to the current directory, `/`-separated. */
  file: string;
  /** Analysed as a config or handler (counts in `files`). */
  counted: boolean;
  findings: ReportFinding[];
  /** Internal errors (the file's results may be partial): the scan is incomplete. */
  errors: string[];
  /** Not read (too large, not a regular file, unreadable). */
  skipped?: Skipped;
}

/**
 * Quick test on raw text, so that the thousands of JSON/YAML files of a repo (package data, API
 * models, fixtures) are not parsed for nothing. It only says no where the engine would find no
 * config kind (model/kind.ts `detectKind`, and engine.ts `looksLikeConfig` for broken files), so
 * it never changes a result:
 * - a config needs `AWS::`/`Custom::` (resource types, the SAM transform), `AWSTemplateFormatVersion`,
 *   or the `service` and `provider` keys of a serverless.yml;
 * - a JSON file that `JSON.parse` accepts is a config only with one of the keys
 *   `AWSTemplateFormatVersion`, `Resources`, `Transform` or `service` + `provider` at the top, or a
 *   CloudFormation marker near its start (a broken-as-YAML template). The native parser is ~20×
 *   faster than the YAML parser on multi-megabyte API models (botocore's service-2.json mention
 *   "Resources" everywhere).
 */
export function mightBeConfig(file: string, text: string): boolean {
  const base = path.basename(file).toLowerCase();
  if (base.startsWith('serverless.')) return true;
  const hasServiceProvider = text.includes('service') && text.includes('provider');
  if (!(text.includes('Resources') || text.includes('AWSTemplateFormatVersion') || hasServiceProvider)) return false;
  if (base.startsWith('template.')) return true;
  if (!(text.includes('AWS::') || text.includes('Custom::') || text.includes('AWSTemplateFormatVersion') || hasServiceProvider)) return false;
  if (base.endsWith('.json')) {
    let top: unknown;
    try {
      top = JSON.parse(text);
    } catch {
      return true; // not plain JSON: the engine decides
    }
    const head = text.slice(0, 4096);
    if (head.includes('AWSTemplateFormatVersion') || head.includes('AWS::Serverless-2016-10-31')) return true;
    if (!top || typeof top !== 'object' || Array.isArray(top)) return false;
    const has = (k: string) => Object.prototype.hasOwnProperty.call(top, k);
    return has('AWSTemplateFormatVersion') || has('Resources') || has('Transform') || (has('service') && has('provider'));
  }
  return true;
}

/** The innermost root holding `p` (configs are not looked up above it). */
export function stopAtFor(roots: string[]): (p: string) => string | undefined {
  const rs = [...new Set(roots.map((r) => normalizePath(r)))].sort((a, b) => b.length - a.length);
  return (p) => rs.find((r) => p.startsWith(r === '/' ? '/' : r + '/'));
}

/**
 * Directory listings, shared by the tasks of one thread: every handler looks for configs in each
 * of its ancestor folders (up to the root), and relative imports try a dozen extensions; without
 * this a big tree's root is listed once per handler file, and each missing candidate costs a
 * failed `stat`. The tree does not change during a scan; the map is bounded.
 */
const listings = new Map<string, { names: string[]; set: Set<string> } | undefined>();
const MAX_LISTINGS = 20_000;

function scanSource(): FileSource {
  const disk = diskSource(MAX_SCAN_BYTES);
  const listing = (d: string) => {
    if (listings.has(d)) return listings.get(d);
    const names = disk.listDir?.(d);
    const entry = names ? { names, set: new Set(names) } : undefined;
    if (listings.size >= MAX_LISTINGS) listings.clear();
    listings.set(d, entry);
    return entry;
  };
  /** Certainly absent: its folder was listed and the name is not there. */
  const absent = (p: string) => {
    const i = p.lastIndexOf('/');
    if (i <= 0) return false;
    const l = listing(p.slice(0, i));
    return l !== undefined && !l.set.has(p.slice(i + 1));
  };
  return {
    readFile: (p) => (absent(p) ? undefined : disk.readFile(p)),
    exists: (p) => !absent(p) && (disk.exists ? disk.exists(p) : disk.readFile(p) !== undefined),
    listDir: (d) => listing(d)?.names,
  };
}

export interface FileOutcome {
  path: string;
  text?: string;
  counted: boolean;
  findings: Finding[];
  errors: string[];
  skipped?: Skipped;
}

/**
 * Analyses `files` with a fresh project and engine, calling `each` in order; releases the code
 * parses (WASM memory that garbage collection does not see) at the end.
 */
export function analyzeFiles(files: string[], env: TaskEnv, makeEngine: EngineFactory, each: (o: FileOutcome, project: Project) => void): void {
  const project = new Project(scanSource(), { roots: env.roots });
  const engine = makeEngine(project, stopAtFor(env.roots));
  const cs = engine.codeSupport;
  const parsedPaths = new Set<string>();
  if (cs) {
    const parse = cs.parse.bind(cs);
    cs.parse = (p, t, k) => {
      parsedPaths.add(p);
      return parse(p, t, k);
    };
  }
  try {
    for (const abs of files) each(analyzeOne(engine, abs, env), project);
  } finally {
    if (cs?.forget) for (const p of parsedPaths) cs.forget(p);
  }
}

function analyzeOne(engine: Engine, abs: string, env: TaskEnv): FileOutcome {
  const rel = relativePath(env.cwd, abs);
  const p = normalizePath(abs);
  const out: FileOutcome = { path: p, counted: false, findings: [], errors: [] };
  const read = readRegularFile(abs, MAX_SCAN_BYTES);
  if ('skipped' in read) {
    out.skipped = read.skipped;
    return out;
  }
  const text = read.text;
  if (text.includes('\u0000')) return out; // binary
  if (!codeKindOf(p) && !mightBeConfig(p, text)) return out;
  let r: ReturnType<Engine['analyze']>;
  try {
    r = engine.analyze(p, text, { settings: env.settings, timeBudgetMs: CLI_TIME_BUDGET_MS });
  } catch (err) {
    // One file the engine cannot handle must not end the whole scan.
    out.errors.push(`internal error on ${rel}: ${String((err as Error)?.message ?? err).split('\n')[0]}`);
    return out;
  }
  for (const e of r.ruleErrors) out.errors.push(`internal error in rule ${e.ruleId} on ${rel}: ${e.error.split('\n')[0]}`);
  if (!r.kind) return out;
  out.counted = true;
  out.findings = r.findings;
  out.text = text;
  return out;
}

function regionOf(li: LineIndex, r: { start: number; end: number }): Region {
  const s = li.positionAt(r.start);
  const e = li.positionAt(r.end);
  return { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

/** Plain-data report of one analysed file. `readOther` gives the text of a related location's file. */
export function toReport(o: FileOutcome, index: number, cwd: string, readOther: (p: string) => string | undefined): FileReport {
  const report: FileReport = { index, file: relativePath(cwd, o.path), counted: o.counted, findings: [], errors: o.errors };
  if (o.skipped) report.skipped = o.skipped;
  if (!o.findings.length) return report;
  const indexes = new Map<string, LineIndex | undefined>();
  const li = (file: string): LineIndex | undefined => {
    if (!indexes.has(file)) {
      const t = file === o.path ? o.text : readOther(file);
      indexes.set(file, t === undefined ? undefined : new LineIndex(t));
    }
    return indexes.get(file);
  };
  const sarifUri = (abs: string) => path.relative(cwd, abs).split(path.sep).join('/');
  for (const f of o.findings) {
    const own = li(f.file) ?? new LineIndex('');
    const g = regionOf(own, f.range);
    const item: ReportFinding = {
      ruleId: f.ruleId,
      category: f.category,
      severity: f.severity,
      file: relativePath(cwd, f.file),
      line: g.startLine,
      column: g.startColumn,
      endLine: g.endLine,
      endColumn: g.endColumn,
      message: f.message,
      fixes: f.fixes.map((x) => x.title),
      ...(f.fixes.some((x) => x.afterApply) ? { afterFix: f.fixes.flatMap((x) => (x.afterApply ? [`${x.afterApply.message} ${x.afterApply.displayText}`] : [])) } : {}),
      ...(f.fixes.some((x) => x.confirm) ? { confirmFixes: f.fixes.flatMap((x) => (x.confirm ? [{ fix: x.title, message: x.confirm.message }] : [])) } : {}),
    };
    if (f.related?.length) {
      item.related = f.related.map((r) => {
        const rli = li(r.file);
        return { file: sarifUri(r.file), message: r.message, ...(rli ? { region: regionOf(rli, r.range) } : {}) };
      });
    }
    report.findings.push(item);
  }
  return report;
}

/** Runs one task to reports (the unit of work of a worker). */
export function runTask(files: string[], indexes: number[], env: TaskEnv, makeEngine: EngineFactory): FileReport[] {
  const out: FileReport[] = [];
  let i = 0;
  try {
    analyzeFiles(files, env, makeEngine, (o, project) => {
      out.push(toReport(o, indexes[i++], env.cwd, (p) => project.readFile(p)));
    });
  } finally {
    // Nothing of this project outlives its task (path caches of imports, models, fix configs).
    releaseAllPaths();
  }
  return out;
}
