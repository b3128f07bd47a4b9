/**
 * `serverless-guard scan`: a thin shell over the engine. Finds files, runs the engine, prints
 * text / JSON / SARIF. The JSON shape and the exit codes are a public interface:
 *   exit 0: no finding at severity error; 1: at least one; 2: usage error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine, codeKindOf, isConfigCandidate } from '../engine/engine';
import { Project, normalizePath } from '../engine/project';
import { diskSource } from '../shell/disk';
import { CONFIG_FILE_NAME, isIgnoredPath, mergeSettings, parseSettings, type Settings } from '../engine/settings';
import { LineIndex } from '../engine/text';
import type { Finding } from '../engine/types';
import type { Rule } from '../engine/rule';
import { toSarif } from './sarif';

export const SKIP_DIRS = new Set(['node_modules', '.git', '.serverless', '.aws-sam', 'cdk.out', '.esbuild', '.webpack', '.build']);
/** Files larger than this are not read by the scanner (lock files, bundles). */
export const MAX_SCAN_BYTES = 4 * 1024 * 1024;
/** The CLI is not interactive: it gives each file more time than the editor does. */
export const CLI_TIME_BUDGET_MS = 30_000;

export interface ScanOptions {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  output?: string;
  config?: string;
  cwd: string;
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
}

export interface ScanResult {
  files: number;
  findings: Finding[];
  /** Texts of the files with findings (for line/column conversion). */
  texts: Map<string, string>;
  warnings: string[];
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], cwd: string): ScanOptions | 'help' | 'version' {
  const args = [...argv];
  if (args[0] === '--help' || args[0] === '-h' || args.length === 0) return 'help';
  if (args[0] === '--version' || args[0] === '-v') return 'version';
  const cmd = args.shift();
  if (cmd !== 'scan') throw new UsageError(`unknown command '${cmd}' (expected 'scan')`);
  const opts: ScanOptions = { paths: [], format: 'text', cwd };
  while (args.length) {
    const a = args.shift()!;
    const take = (name: string): string => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      const v = args.shift();
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (a === '--help' || a === '-h') return 'help';
    if (a === '--format' || a.startsWith('--format=') || a === '-f') {
      const v = take('--format');
      if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`--format must be text, json or sarif (got '${v}')`);
      opts.format = v;
    } else if (a === '--output' || a.startsWith('--output=') || a === '-o') opts.output = take('--output');
    else if (a === '--config' || a.startsWith('--config=') || a === '-c') opts.config = take('--config');
    else if (a.startsWith('-')) throw new UsageError(`unknown option '${a}'`);
    else opts.paths.push(a);
  }
  if (opts.paths.length === 0) opts.paths.push('.');
  return opts;
}

export const HELP = `Usage: serverless-guard scan [paths...] [--format text|json|sarif] [--output FILE] [--config FILE]

Scans Serverless Framework (serverless.yml|yaml|json), AWS SAM and CloudFormation templates
(YAML or JSON) and Lambda handler code for overbroad IAM, hardcoded secrets and unvalidated input.

  paths            files or directories (default: .); directories are searched recursively,
                   skipping node_modules, .git, .serverless, .aws-sam and cdk.out
  --format, -f     text (default), json or sarif (SARIF 2.1.0)
  --output, -o     write the report to FILE instead of standard output
  --config, -c     settings file (default: ./${CONFIG_FILE_NAME} if present)

Exit codes: 0 no finding at severity error, 1 at least one error, 2 usage error.`;

function relative(cwd: string, abs: string): string {
  const r = path.relative(cwd, abs);
  return (r === '' ? path.basename(abs) : r).split(path.sep).join('/');
}

function collect(abs: string, out: string[], settings: Settings, cwd: string, explicit: boolean): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch {
    throw new UsageError(`no such file or directory: ${abs}`);
  }
  if (st.isFile()) {
    if (explicit || ((isConfigCandidate(abs) || codeKindOf(abs)) && !isIgnoredPath(settings, relative(cwd, abs)))) out.push(abs);
    return;
  }
  if (!st.isDirectory()) return;
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name)) continue;
        if (isIgnoredPath(settings, relative(cwd, p))) continue;
        walk(p);
      } else if (e.isFile()) {
        if (!isConfigCandidate(e.name) && !codeKindOf(e.name)) continue;
        if (e.name === 'package-lock.json' || e.name === 'package.json' || e.name.startsWith('tsconfig')) continue;
        if (isIgnoredPath(settings, relative(cwd, p))) continue;
        out.push(p);
      }
    }
  };
  walk(abs);
}

export function loadSettings(opts: ScanOptions): { settings: Settings; warnings: string[] } {
  const file = opts.config ? path.resolve(opts.cwd, opts.config) : path.join(opts.cwd, CONFIG_FILE_NAME);
  if (!fs.existsSync(file)) {
    if (opts.config) throw new UsageError(`config file not found: ${opts.config}`);
    return { settings: mergeSettings(), warnings: [] };
  }
  const { settings, problems } = parseSettings(fs.readFileSync(file, 'utf8'));
  return { settings, warnings: problems.map((p) => `${relative(opts.cwd, file)}: ${p.message}`) };
}

/** Quick test on raw text, so that the thousands of JSON/YAML files of a repo are not parsed for nothing. */
export function mightBeConfig(file: string, text: string): boolean {
  const base = path.basename(file).toLowerCase();
  if (base.startsWith('serverless.')) return true;
  return text.includes('Resources') || text.includes('AWSTemplateFormatVersion') || (text.includes('service') && text.includes('provider'));
}

export interface EngineFactory {
  (project: Project, stopAt?: (path: string) => string | undefined): Engine;
}

export function scan(opts: ScanOptions, settings: Settings, makeEngine: EngineFactory): ScanResult {
  const files: string[] = [];
  for (const p of opts.paths) collect(path.resolve(opts.cwd, p), files, settings, opts.cwd, true);
  const unique = [...new Set(files)];
  const project = new Project(diskSource(MAX_SCAN_BYTES));
  const root = normalizePath(path.resolve(opts.cwd));
  // Configs are looked up from handler files upwards, not above the current directory.
  const engine = makeEngine(project, (p) => (p.startsWith(root + '/') ? root : undefined));
  const result: ScanResult = { files: 0, findings: [], texts: new Map(), warnings: [] };
  for (const abs of unique) {
    const p = normalizePath(abs);
    const text = project.readFile(p);
    if (text === undefined) {
      result.warnings.push(`skipped ${relative(opts.cwd, abs)}: unreadable or larger than ${MAX_SCAN_BYTES / 1048576} MB`);
      continue;
    }
    if (text.includes('\u0000')) continue; // binary
    if (!codeKindOf(p) && !mightBeConfig(p, text)) continue;
    let r: ReturnType<Engine['analyze']>;
    try {
      r = engine.analyze(p, text, { settings, timeBudgetMs: CLI_TIME_BUDGET_MS });
    } catch (err) {
      // One file the engine cannot handle must not end the whole scan.
      result.warnings.push(`internal error on ${relative(opts.cwd, abs)}: ${String((err as Error)?.message ?? err).split('\n')[0]}`);
      continue;
    }
    for (const e of r.ruleErrors) result.warnings.push(`internal error in rule ${e.ruleId} on ${relative(opts.cwd, abs)}: ${e.error.split('\n')[0]}`);
    if (!r.kind) continue;
    result.files++;
    if (r.findings.length) {
      result.texts.set(p, text);
      result.findings.push(...r.findings);
    }
  }
  return result;
}

export function toJsonFindings(res: ScanResult, cwd: string): JsonFinding[] {
  const indexes = new Map<string, LineIndex>();
  const out: JsonFinding[] = [];
  for (const f of res.findings) {
    let li = indexes.get(f.file);
    if (!li) {
      li = new LineIndex(res.texts.get(f.file) ?? '');
      indexes.set(f.file, li);
    }
    const s = li.positionAt(f.range.start);
    const e = li.positionAt(f.range.end);
    out.push({
      ruleId: f.ruleId,
      category: f.category,
      severity: f.severity,
      file: relative(cwd, f.file),
      line: s.line + 1,
      column: s.character + 1,
      endLine: e.line + 1,
      endColumn: e.character + 1,
      message: f.message,
      fixes: f.fixes.map((x) => x.title),
      ...(f.fixes.some((x) => x.afterApply) ? { afterFix: f.fixes.flatMap((x) => (x.afterApply ? [`${x.afterApply.message} ${x.afterApply.displayText}`] : [])) } : {}),
    });
  }
  return out;
}

export function formatJson(res: ScanResult, cwd: string): string {
  return JSON.stringify({ version: 1, files: res.files, findings: toJsonFindings(res, cwd) });
}

export function formatText(res: ScanResult, cwd: string): string {
  const items = toJsonFindings(res, cwd);
  const lines: string[] = [];
  let lastFile = '';
  for (const f of items) {
    if (f.file !== lastFile) {
      if (lastFile) lines.push('');
      lines.push(f.file);
      lastFile = f.file;
    }
    lines.push(`  ${f.line}:${f.column}  ${f.severity.padEnd(7)}  ${f.message}  ${f.ruleId}`);
    for (const t of f.fixes) if (!t.startsWith('Ignore ')) lines.push(`      fix: ${t}`);
    for (const t of f.afterFix ?? []) lines.push(`      then: ${t}`);
  }
  const count = (s: string) => items.filter((f) => f.severity === s).length;
  if (lines.length) lines.push('');
  lines.push(
    `${items.length} finding${items.length === 1 ? '' : 's'} (${count('error')} error, ${count('warning')} warning, ${count('info')} info) in ${res.files} file${res.files === 1 ? '' : 's'}`,
  );
  return lines.join('\n') + '\n';
}

export function runCli(argv: string[], io: { cwd: string; stdout: (s: string) => void; stderr: (s: string) => void; version: string; rules: readonly Rule[]; makeEngine: EngineFactory }): number {
  let opts: ScanOptions | 'help' | 'version';
  try {
    opts = parseArgs(argv, io.cwd);
  } catch (e) {
    io.stderr(`serverless-guard: ${(e as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (opts === 'help') {
    io.stdout(HELP + '\n');
    return 0;
  }
  if (opts === 'version') {
    io.stdout(io.version + '\n');
    return 0;
  }
  let res: ScanResult;
  try {
    const { settings, warnings } = loadSettings(opts);
    res = scan(opts, settings, io.makeEngine);
    res.warnings.unshift(...warnings);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`serverless-guard: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  for (const w of res.warnings) io.stderr(`serverless-guard: warning: ${w}\n`);
  const out =
    opts.format === 'json' ? formatJson(res, opts.cwd) + '\n' : opts.format === 'sarif' ? JSON.stringify(toSarif(res, opts.cwd, io.rules, io.version), null, 2) + '\n' : formatText(res, opts.cwd);
  if (opts.output) {
    try {
      fs.writeFileSync(path.resolve(opts.cwd, opts.output), out);
    } catch (e) {
      io.stderr(`serverless-guard: cannot write ${opts.output}: ${(e as Error).message}\n`);
      return 2;
    }
  } else io.stdout(out);
  return res.findings.some((f) => f.severity === 'error') ? 1 : 0;
}
