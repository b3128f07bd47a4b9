/**
 * `serverless-guard scan`: a thin shell over the engine. Finds files, groups them by project folder,
 * analyses the groups on worker threads (`--jobs`), and streams text / JSON / SARIF in scan order.
 * The JSON shape, SARIF and the exit codes are a public interface:
 *   0 complete scan, no finding at severity error; 1 at least one error finding; 2 usage error,
 *   nothing could be scanned, or the report could not be written to --output (it is printed to
 *   standard output instead); 3 incomplete scan without error findings (a path argument missing,
 *   an unreadable file or folder, a symlink loop, an unusable settings file, an internal error).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, MAX_SETTINGS_BYTES, mergeSettings, parseSettings, type Settings } from '../engine/settings';
import type { Finding } from '../engine/types';
import type { Rule } from '../engine/rule';
import { readRegularFile } from '../shell/read';
import { allRules } from '../../../rules/index';
import { ENGINE_RULES } from '../engine/engine';
import { analyzeFiles, toReport, type EngineFactory, type FileReport, type TaskEnv } from './analyze';
import { discover, groupTasks, isInside, makesIncomplete, relativePath, type SkippedPath } from './collect';
import { runPool } from './pool';
import { jsonWriter, textWriter, type ReportWriter, type ScanSummary, type SkipNote } from './report';
import { sarifWriter } from './sarif';

/** Ids a settings file may name: the registry's rules and the engine's own findings. */
const KNOWN_RULE_IDS: ReadonlySet<string> = new Set([...allRules.map((r) => r.meta.id), ...ENGINE_RULES.map((m) => m.id)]);

export { SKIP_DIRS } from './collect';
export { CLI_TIME_BUDGET_MS, MAX_SCAN_BYTES, mightBeConfig, type EngineFactory, type JsonFinding } from './analyze';

export interface ScanOptions {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  output?: string;
  config?: string;
  /** Workspace root (`--root`); default: the current directory, plus each path argument outside it. */
  root?: string;
  /** Worker threads (`--jobs`); default: the available parallelism. */
  jobs?: number;
  cwd: string;
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
    const is = (long: string, short?: string) => a === long || a.startsWith(long + '=') || (short !== undefined && a === short);
    if (a === '--help' || a === '-h') return 'help';
    if (is('--format', '-f')) {
      const v = take('--format');
      if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`--format must be text, json or sarif (got '${v}')`);
      opts.format = v;
    } else if (is('--output', '-o')) opts.output = take('--output');
    else if (is('--config', '-c')) opts.config = take('--config');
    else if (is('--root')) opts.root = take('--root');
    else if (is('--jobs', '-j')) {
      const v = take('--jobs');
      if (!/^[1-9][0-9]{0,3}$/.test(v)) throw new UsageError(`--jobs must be a whole number from 1 to 9999 (got '${v}')`);
      opts.jobs = Number(v);
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}'`);
    else opts.paths.push(a);
  }
  if (opts.paths.length === 0) opts.paths.push('.');
  return opts;
}

export const HELP = `Usage: serverless-guard scan [paths...] [--format text|json|sarif] [--output FILE] [--config FILE]
                            [--root DIR] [--jobs N]

Scans Serverless Framework (serverless.yml|yaml|json), AWS SAM and CloudFormation templates
(YAML or JSON) and Lambda handler code for overbroad IAM, hardcoded secrets and unvalidated input.

  paths            files or directories (default: .); directories are searched recursively,
                   skipping node_modules, .git, .serverless, .aws-sam and cdk.out; symbolic
                   links inside directories are not followed; FIFOs, devices and files over
                   4 MB are skipped with a warning
  --format, -f     text (default), json or sarif (SARIF 2.1.0)
  --output, -o     write the report to FILE instead of standard output (if FILE cannot be
                   written, the report goes to standard output and the exit code is 2)
  --config, -c     settings file (default: ./${CONFIG_FILE_NAME} if present; at most 1 MB)
  --root DIR       workspace root: handlers, imports and configs outside it are not read
                   (default: the current directory, plus each path argument outside it)
  --jobs, -j N     worker threads (default: the number of CPUs); results do not depend on it

Exit codes:
  0  complete scan, no finding at severity error
  1  at least one finding at severity error (even if the scan is also incomplete)
  2  usage error, an unusable --config, no path argument could be scanned, or --output
     could not be written
  3  incomplete scan and no error finding: a path argument does not exist, a file or folder
     could not be read, a symlink loop, an unusable ./${CONFIG_FILE_NAME}, or an internal
     error (each is reported on standard error and in the JSON/SARIF output)`;

export interface LoadedSettings {
  settings: Settings;
  warnings: string[];
  /** The settings file exists but was not used: the scan runs with defaults and is incomplete. */
  incomplete: boolean;
  /** Absolute path of the file read or skipped (for SARIF notifications). */
  file?: string;
}

/**
 * Reads the settings file safely: only a regular file of at most MAX_SETTINGS_BYTES (the editor's
 * limit too). An unusable `--config` is a usage error; an unusable default `./.serverless-guard.yml`
 * (a FIFO, a link to a device, a directory, too large) is a warning and the scan goes on with the
 * default settings, marked incomplete.
 */
export function loadSettings(opts: ScanOptions): LoadedSettings {
  const file = opts.config ? path.resolve(opts.cwd, opts.config) : path.join(opts.cwd, CONFIG_FILE_NAME);
  const read = readRegularFile(file, MAX_SETTINGS_BYTES);
  if ('skipped' in read) {
    const { reason, detail } = read.skipped;
    if (opts.config) {
      throw new UsageError(reason === 'missing' ? `config file not found: ${opts.config}` : `config file ${opts.config} cannot be used: ${detail}`);
    }
    if (reason === 'missing') return { settings: mergeSettings(), warnings: [], incomplete: false };
    return { settings: mergeSettings(), warnings: [`${CONFIG_FILE_NAME} not used (${detail}); scanning with the default settings`], incomplete: true, file };
  }
  // The editor's schema, rule ids included: an unknown id or severity is a warning, the rest applies.
  const { settings, problems } = parseSettings(read.text, { ruleIds: KNOWN_RULE_IDS });
  return { settings, warnings: problems.map((p) => `${relativePath(opts.cwd, file)}: ${p.message}`), incomplete: false, file };
}

/** Workspace roots for a scan, and the roots path arguments must be inside (only with `--root`). */
export function rootsOf(opts: ScanOptions): { roots: string[]; restrictTo?: string[] } {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return p;
    }
  };
  if (opts.root !== undefined) {
    const root = path.resolve(opts.cwd, opts.root);
    let st: fs.Stats;
    try {
      st = fs.statSync(root);
    } catch {
      throw new UsageError(`--root ${opts.root}: no such directory`);
    }
    if (!st.isDirectory()) throw new UsageError(`--root ${opts.root}: not a directory`);
    return { roots: [...new Set([root, real(root)])], restrictTo: [root, real(root)] };
  }
  const roots = [path.resolve(opts.cwd)];
  for (const p of opts.paths) {
    const abs = path.resolve(opts.cwd, p);
    if (roots.some((r) => isInside(r, abs))) continue;
    let dir = abs;
    try {
      if (!fs.statSync(abs).isDirectory()) dir = path.dirname(abs);
    } catch {
      continue;
    }
    roots.push(dir);
  }
  return { roots: [...new Set(roots.flatMap((r) => [r, real(r)]))] };
}

function skipNote(cwd: string, s: SkippedPath): SkipNote {
  return { file: relativePath(cwd, s.path), reason: s.reason, detail: s.detail, incomplete: s.incomplete };
}

export interface CliIo {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Standard error is a terminal: show a progress line. */
  stderrIsTTY?: boolean;
  version: string;
  rules: readonly Rule[];
  /** The engine factory for analyses in this thread (created on first use). */
  makeEngine: () => Promise<EngineFactory>;
  /** The CLI script, started as a worker thread for `--jobs` > 1; none: everything runs in this thread. */
  workerFile?: string;
  /** Default for `--jobs`. */
  parallelism?: number;
}

function writerFor(opts: ScanOptions, io: CliIo): ReportWriter {
  return opts.format === 'json' ? jsonWriter() : opts.format === 'sarif' ? sarifWriter(opts.cwd, io.rules, io.version) : textWriter();
}

/** Where the report goes: standard output, or a file (kept in memory too, so that it can still be printed if the file cannot be written). */
class Sink {
  private fd: number | undefined;
  private failure: string | undefined;
  private readonly chunks: string[] = [];
  constructor(
    private readonly io: CliIo,
    private readonly file: string | undefined,
    display: string | undefined,
  ) {
    if (file !== undefined) {
      try {
        this.fd = fs.openSync(file, 'w');
      } catch (e) {
        this.failure = `cannot write ${display}: ${(e as Error).message}`;
      }
    }
  }
  write(s: string): void {
    if (!s) return;
    if (this.file === undefined) return this.io.stdout(s);
    this.chunks.push(s);
    if (this.fd === undefined) return;
    try {
      fs.writeSync(this.fd, s);
    } catch (e) {
      this.failure = `cannot write ${this.file}: ${(e as Error).message}`;
      this.close();
    }
  }
  close(): void {
    if (this.fd === undefined) return;
    try {
      fs.closeSync(this.fd);
    } catch (e) {
      this.failure ??= `cannot write ${this.file}: ${(e as Error).message}`;
    }
    this.fd = undefined;
  }
  /** Closes; on failure prints the whole report to standard output and returns the error. */
  finish(): string | undefined {
    this.close();
    if (this.failure && this.file !== undefined) this.io.stdout(this.chunks.join(''));
    return this.failure;
  }
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
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
  let loaded: LoadedSettings;
  let roots: ReturnType<typeof rootsOf>;
  try {
    loaded = loadSettings(opts);
    roots = rootsOf(opts);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`serverless-guard: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const cwd = opts.cwd;
  const progress = io.stderrIsTTY ? new Progress(io.stderr) : undefined;
  const warn = (s: string) => {
    progress?.clear();
    io.stderr(`serverless-guard: warning: ${s}\n`);
  };
  for (const w of loaded.warnings) warn(w);

  const found = discover(opts.paths, cwd, loaded.settings, { restrictTo: roots.restrictTo });
  const skipped: SkipNote[] = [];
  if (loaded.incomplete && loaded.file) skipped.push({ file: relativePath(cwd, loaded.file), reason: 'settings-not-used', detail: loaded.warnings[0] ?? 'settings file not used', incomplete: true });
  for (const s of found.skipped) {
    skipped.push(skipNote(cwd, s));
    warn(`skipped ${relativePath(cwd, s.path)}: ${s.detail}`);
  }
  if (found.scannedArgs === 0) {
    io.stderr(`serverless-guard: nothing to scan: ${opts.paths.length === 1 ? 'the path argument could not be scanned' : `none of the ${opts.paths.length} path arguments could be scanned`}\n`);
    return 2;
  }

  const sink = new Sink(io, opts.output === undefined ? undefined : path.resolve(cwd, opts.output), opts.output);
  const writer = writerFor(opts, io);
  const errors: string[] = [];
  let files = 0;
  let errorFindings = false;
  let done = 0;
  sink.write(writer.start());
  const env: TaskEnv = { cwd, settings: loaded.settings, roots: roots.roots };
  const tasks = groupTasks(found.files, (f) => roots.roots.filter((r) => isInside(r, f)).sort((a, b) => b.length - a.length)[0]);
  const jobs = opts.jobs ?? io.parallelism ?? (os.availableParallelism?.() ?? os.cpus().length);
  await runPool(tasks, {
    jobs,
    env,
    workerFile: io.workerFile,
    makeEngine: io.makeEngine,
    onReport: (r) => {
      done++;
      if (r.skipped) {
        skipped.push({ file: r.file, reason: r.skipped.reason, detail: r.skipped.detail, incomplete: makesIncomplete(r.skipped.reason) });
        warn(`skipped ${r.file}: ${r.skipped.detail}`);
      }
      for (const e of r.errors) {
        errors.push(e);
        warn(e);
      }
      if (r.counted) files++;
      if (r.findings.some((f) => f.severity === 'error')) errorFindings = true;
      const chunk = writer.file(r);
      if (chunk) {
        progress?.clear(); // the report may go to the same terminal
        sink.write(chunk);
      }
      progress?.update(done, found.files.length, r.file);
    },
  });
  progress?.clear();
  const complete = errors.length === 0 && !skipped.some((k) => k.incomplete);
  const summary: ScanSummary = { files, skipped, errors, complete };
  sink.write(writer.end(summary));
  const failure = sink.finish();
  if (failure) {
    io.stderr(`serverless-guard: ${failure} (the report was printed to standard output instead)\n`);
    return 2;
  }
  return errorFindings ? 1 : complete ? 0 : 3;
}

/** A one-line progress display on a terminal (standard error), at most ten updates a second. */
class Progress {
  private shown = false;
  private last = 0;
  constructor(private readonly write: (s: string) => void) {}
  update(done: number, total: number, file: string): void {
    const now = Date.now();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
    const cols = Math.max(40, process.stderr.columns ?? 80);
    const line = `[${done}/${total}] ${file}`;
    this.write(`\r\x1b[K${line.length >= cols ? '…' + line.slice(line.length - cols + 2) : line}`);
    this.shown = true;
  }
  clear(): void {
    if (this.shown) this.write('\r\x1b[K');
    this.shown = false;
  }
}

// ---------------------------------------------------------------------------------------------
// In-process API (tests, tools): the same analysis, all results in memory.

export interface ScanResult {
  files: number;
  findings: Finding[];
  /** Texts of the files with findings (for line/column conversion). */
  texts: Map<string, string>;
  warnings: string[];
  /** Per-file reports in scan order (what the writers print). */
  reports: FileReport[];
  skipped: SkipNote[];
  complete: boolean;
}

/** Scans in this thread with one engine factory and returns everything (no streaming). */
export function scan(opts: ScanOptions, settings: Settings, makeEngine: EngineFactory): ScanResult {
  const { roots, restrictTo } = rootsOf(opts);
  const found = discover(opts.paths, opts.cwd, settings, { restrictTo });
  if (found.scannedArgs === 0) throw new UsageError(`nothing to scan: ${found.skipped.map((s) => `${relativePath(opts.cwd, s.path)} (${s.detail})`).join(', ')}`);
  const res: ScanResult = { files: 0, findings: [], texts: new Map(), warnings: [], reports: [], skipped: found.skipped.map((s) => skipNote(opts.cwd, s)), complete: true };
  for (const s of found.skipped) res.warnings.push(`skipped ${relativePath(opts.cwd, s.path)}: ${s.detail}`);
  const env: TaskEnv = { cwd: opts.cwd, settings, roots };
  const byIndex: FileReport[] = [];
  for (const t of groupTasks(found.files, () => undefined)) {
    let i = 0;
    analyzeFiles(t.files, env, makeEngine, (o, project) => {
      const r = toReport(o, t.indexes[i++], opts.cwd, (p) => project.readFile(p));
      byIndex[r.index] = r;
      if (o.findings.length && o.text !== undefined) {
        res.texts.set(o.path, o.text);
        res.findings.push(...o.findings);
      }
    });
  }
  for (const r of byIndex) {
    if (!r) continue;
    res.reports.push(r);
    if (r.counted) res.files++;
    if (r.skipped) {
      res.skipped.push({ file: r.file, reason: r.skipped.reason, detail: r.skipped.detail, incomplete: makesIncomplete(r.skipped.reason) });
      res.warnings.push(`skipped ${r.file}: ${r.skipped.detail}`);
    }
    res.warnings.push(...r.errors);
  }
  res.complete = !res.skipped.some((k) => k.incomplete) && res.reports.every((r) => !r.errors.length);
  return res;
}

/** The whole report of an in-memory scan result. */
export function render(res: ScanResult, w: ReportWriter): string {
  let s = w.start();
  for (const r of res.reports) s += w.file(r);
  return s + w.end({ files: res.files, skipped: res.skipped, errors: res.reports.flatMap((r) => r.errors), complete: res.complete });
}

export function formatJson(res: ScanResult, _cwd?: string): string {
  return render(res, jsonWriter()).trimEnd();
}

export function formatText(res: ScanResult, _cwd?: string): string {
  return render(res, textWriter());
}

export { toSarif } from './sarif';
