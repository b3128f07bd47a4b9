/**
 * `npm run bench`: how fast Serverless Guard answers, measured end to end.
 *
 *  1. keystroke → diagnostics on a generated 4,000-line serverless.yml (300 functions) and a
 *     4,000-line SAM template, through the engine (Engine.analyze) and through the real language
 *     server (`node dist/server.js --stdio`, didChange → publishDiagnostics for that version);
 *  2. the same through the language server for a 2,000-line handler (JavaScript, TypeScript,
 *     Python), referenced by a serverless.yml in the same temp workspace (both open, so the
 *     handler's analysis reads the config and the config is re-validated after each handler edit);
 *  3. didOpen → first publishDiagnostics for a cold document (the first document of a fresh server,
 *     and the same document closed and re-opened in the warm server);
 *  4. the bare `yaml` parse of the same text (`parseDocument`, warm) as a yardstick: "analysis
 *     overhead" = Engine.analyze per keystroke (p50) / bare parse (p50), and a full cold-cache
 *     analysis of the whole file / bare parse;
 *  5. CLI throughput: `node dist/cli.js scan --format json <dir>` on a generated workspace of 1,000
 *     files (500 small Serverless Framework / SAM projects with a handler each);
 *  6. peak memory: each language server's VmHWM (/proc/<pid>/status, read before shutdown) and the
 *     CLI's maxRSS (process.resourceUsage(), written at exit by a `--require`d wrapper);
 *  7. a 50-function cross-function app (test/bench/cross-app.ts): an edit in a writer's handler or in
 *     the config → the re-analysed findings of a reader its resource triggers.
 *
 * Each edit types one character at a random position inside a function block (in the text of a
 * line, after its indentation, as typing does), and the next edit deletes it again. Budgets are
 * reported, not asserted: the exit code is non-zero only when something fails (the server dies or
 * does not answer, the CLI exits with 2 or its JSON does not count every file, a rule throws).
 *
 *   npm run bench                                     (build + this file; a few minutes)
 *   npm run build && node --import tsx test/bench/bench.ts --quick          (smoke run, ~30 s)
 *   node --import tsx test/bench/bench.ts --edits 400 --seed 7 --projects 1000 --langs js,py
 *   node --import tsx test/bench/bench.ts --sections handlers,cold --langs py   (only those sections)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StreamMessageReader, StreamMessageWriter, type Message } from 'vscode-jsonrpc/node';
import { parseDocument } from 'yaml';
import { allRules } from '../../rules/index';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { Engine } from '../../server/src/engine/engine';
import type { Rule } from '../../server/src/engine/rule';
import type { Finding } from '../../server/src/engine/types';
import { Project } from '../../server/src/engine/project';
import { LineIndex } from '../../server/src/engine/text';
import { buildModel } from '../../server/src/engine/model/build';
import { parseYaml } from '../../server/src/engine/yaml/parse';
import { benchCatalogue } from './catalog-load';
import { benchColdOpen } from './cold-open';
import { benchCrossApp, CROSS_FUNCTIONS } from './cross-app';
import { EDIT_POSITIONS, editPositionSpans, functionBlockSpans, handlerConfig, handlerSource, heavySamTemplate, heavyServerlessYml, helperSpans, mulberry32, samTemplate, serverlessYml, smallProject, type EditPosition, type HandlerLang } from './gen';
import { DiagnosticConverter } from '../../server/src/lsp/diagnostics';
import type { Diagnostic } from 'vscode-languageserver/node';

/** Keystroke → diagnostics, p95, on the 4,000-line configs (the foundation issue's editor budget). */
const BUDGET_MS = 30;
/** A one-character edit of a 2,000-line handler, p95 (the unvalidated-input issue's budget: 50 ms). */
const HANDLER_BUDGET_MS = 50;
/** Engine.analyze per keystroke (p50) / bare `yaml` parseDocument of the whole file (p50). */
const OVERHEAD_BUDGET = 2;

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const arg = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const strArg = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? String(args[i + 1]) : def;
};
const EDITS = arg('edits', QUICK ? 20 : 200);
/** Edits per position in the "edit anywhere" section (five positions per file). */
const ANYWHERE_EDITS = arg('anywhere-edits', QUICK ? 20 : 100);
/** Only the "edit anywhere" section (diagnostics-heavy configs). */
const ANYWHERE_ONLY = args.includes('--anywhere-only');
/** Sections to run (default all): configs, anywhere, handlers, cli, cold, catalogue, cross. */
const SECTIONS = new Set(ANYWHERE_ONLY ? ['anywhere'] : strArg('sections', 'configs,anywhere,handlers,cli,cold,catalogue,cross').split(',').map((x) => x.trim()));
const section = (name: string) => SECTIONS.has(name);
/** Print the slowest LSP edits of each "edit anywhere" position (what was typed there). */
const PER_EDIT = args.includes('--per-edit');
const WARMUP = arg('warmup', QUICK ? 10 : 40);
const SEED = arg('seed', 1);
/** CLI workspace: this many projects of 2 files each. */
const PROJECTS = arg('projects', QUICK ? 50 : 500);
const LANGS = strArg('langs', 'js,ts,py')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is HandlerLang => s === 'js' || s === 'ts' || s === 'py');
/** Repetitions of whole-file measurements (bare parse, parseYaml, buildModel) and of cold analyses. */
const REPEAT = QUICK ? 8 : 30;
const COLD_REPEAT = QUICK ? 3 : 10;
const ROOT = path.resolve(__dirname, '..', '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const CLI = path.join(ROOT, 'dist', 'cli.js');

// ---------------------------------------------------------------------------------------------
// Clean-up: temp dirs are removed and child processes killed however the bench ends.

const tempRoot = mkdtempSync(path.join(tmpdir(), 'sg-bench-'));
const children = new Set<ChildProcess>();
function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
function cleanup(): void {
  for (const c of children) {
    try {
      c.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
  children.clear();
  rmSync(tempRoot, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(sig === 'SIGINT' ? 130 : 143));

// ---------------------------------------------------------------------------------------------
// Statistics and output.

interface Edit {
  at: number;
  del: number;
  ins: string;
}

interface Stats {
  p50: number;
  p95: number;
  max: number;
  n: number;
}

function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { p50: q(0.5), p95: q(0.95), max: s[s.length - 1], n: s.length };
}

const ms = (x: number) => `${x.toFixed(1)} ms`.padStart(10);
const mb = (kb: number | undefined) => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(0)} MB`);
const log = (s = '') => console.log(s);
const row = (label: string, s: Stats | undefined, extra = '') => log(`  ${label.padEnd(46)}${s ? `${ms(s.p50)}${ms(s.p95)}${ms(s.max)}` : ''.padEnd(30)}  ${extra}`.trimEnd());
const header = () => log(`  ${''.padEnd(46)}${'p50'.padStart(10)}${'p95'.padStart(10)}${'max'.padStart(10)}`);

interface SummaryRow {
  what: string;
  value: string;
  target: string;
  /** undefined: reported only, no target. */
  met?: boolean;
}
const summary: SummaryRow[] = [];
const failures: string[] = [];
const budgetRow = (what: string, s: Stats, budget = BUDGET_MS) =>
  summary.push({ what, value: `p50 ${s.p50.toFixed(1)} / p95 ${s.p95.toFixed(1)} / max ${s.max.toFixed(1)} ms`, target: `p95 ≤ ${budget} ms`, met: s.p95 <= budget });

// ---------------------------------------------------------------------------------------------
// Edits.

/**
 * Edits that type a character at a random spot in a block and delete it again. With `anywhere`,
 * the spot may also be in the indentation (which changes structure: full re-parse).
 */
function makeEdits(text: string, blocks: { start: number; end: number }[], count: number, seed: number, anywhere = false): Edit[] {
  const rnd = mulberry32(seed);
  const edits: Edit[] = [];
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789_';
  while (edits.length < count) {
    const b = blocks[Math.floor(rnd() * blocks.length)];
    let at = b.start + Math.floor(rnd() * (b.end - b.start + 1));
    if (!anywhere) {
      // Move into the text of that line: between its indentation and its end.
      const ls = text.lastIndexOf('\n', at - 1) + 1;
      let le = text.indexOf('\n', ls);
      if (le < 0) le = text.length;
      let first = ls;
      while (first < le && text.charCodeAt(first) === 32) first++;
      if (first === le) continue;
      at = first + Math.floor(rnd() * (le - first + 1));
    }
    const ch = letters[Math.floor(rnd() * letters.length)];
    edits.push({ at, del: 0, ins: ch }, { at, del: 1, ins: '' });
  }
  return edits.slice(0, count);
}

function apply(text: string, e: Edit): string {
  return text.slice(0, e.at) + e.ins + text.slice(e.at + e.del);
}

// ---------------------------------------------------------------------------------------------
// Engine.

interface EngineRun {
  edit: Stats;
  parse: Stats;
  rules: Stats;
  /** Edits whose parse was not a full re-parse (spliced, or back to the cached baseline). */
  spliced: number;
  findings: number;
  coldAnalyze: number;
}

/** Time spent in each rule's check, summed over the measured edits. */
const ruleTime = new Map<string, number>();
let timingRules = false;
const timedRules: Rule[] = allRules.map((r) => ({
  meta: r.meta,
  check(ctx) {
    if (!timingRules) return r.check(ctx);
    const t = performance.now();
    try {
      r.check(ctx);
    } finally {
      ruleTime.set(r.meta.id, (ruleTime.get(r.meta.id) ?? 0) + performance.now() - t);
    }
  },
}));

function benchEngine(file: string, text: string, edits: Edit[], warmup: Edit[], perRule = false): EngineRun {
  const engine = new Engine(new Project(), perRule ? timedRules : allRules);
  const t0 = performance.now();
  const first = engine.analyze(file, text);
  const coldAnalyze = performance.now() - t0;
  if (first.ruleErrors.length) throw new Error(`rules threw: ${first.ruleErrors.map((e) => e.ruleId).join(', ')}`);
  let cur = text;
  for (const e of warmup) engine.analyze(file, (cur = apply(cur, e)));
  const times: number[] = [];
  const parse: number[] = [];
  const rules: number[] = [];
  let spliced = 0;
  let findings = 0;
  ruleTime.clear();
  timingRules = perRule;
  for (const e of edits) {
    cur = apply(cur, e);
    const s = performance.now();
    const r = engine.analyze(file, cur);
    times.push(performance.now() - s);
    parse.push(r.timings.parseMs);
    rules.push(r.timings.rulesMs);
    if (engine.parseConfig(file, cur).incremental?.stats.last !== 'full') spliced++;
    findings = r.findings.length;
  }
  timingRules = false;
  return { edit: stats(times), parse: stats(parse), rules: stats(rules), spliced, findings, coldAnalyze };
}

/** Whole-file analysis with an empty cache (a new Engine each time; the JIT is warm by now). */
function coldCacheAnalyze(file: string, text: string, times: number): Stats {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const engine = new Engine(new Project(), allRules);
    const s = performance.now();
    const r = engine.analyze(file, text);
    out.push(performance.now() - s);
    if (r.ruleErrors.length) throw new Error(`rules threw: ${r.ruleErrors.map((e) => e.ruleId).join(', ')}`);
  }
  return stats(out);
}

/** The `yaml` package's own parse of the whole text (no CloudFormation tags, no model): the yardstick. */
function bareParse(text: string, times: number): Stats {
  for (let i = 0; i < 5; i++) parseDocument(text);
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const s = performance.now();
    parseDocument(text);
    out.push(performance.now() - s);
  }
  return stats(out);
}

interface HandlerEngineRun {
  edit: Stats;
  parse: Stats;
  rules: Stats;
  /** Re-analysis of the config after each handler edit (what the server does for open configs). */
  config: Stats;
  findings: number;
  coldAnalyze: number;
}

/**
 * Engine.analyze of the handler after each edit, as the language server runs it: the handler is
 * open in the Project (tree-sitter re-parses incrementally), the serverless.yml is read through the
 * Project, and the config is re-analysed after each handler edit.
 */
function benchEngineHandler(dir: string, lang: HandlerLang, edits: Edit[], warmup: Edit[], perRule = false): HandlerEngineRun {
  const configPath = `${dir}/serverless.yml`;
  const handlerPath = `${dir}/src/handler.${lang}`;
  const configText = handlerConfig(lang);
  const files = new Map([
    [configPath, configText],
    [handlerPath, handlerSource(lang)],
  ]);
  const project = new Project({
    readFile: (p) => files.get(p),
    exists: (p) => files.has(p),
    listDir: (d) => [...files.keys()].filter((k) => k.startsWith(d + '/')).map((k) => k.slice(d.length + 1).split('/')[0]),
  });
  const engine = new Engine(project, perRule ? timedRules : allRules);
  engine.codeSupport = new TreeSitterCodeSupport(engine, () => dir);
  let cur = files.get(handlerPath)!;
  let version = 1;
  project.setOpen(configPath, configText, 1);
  project.setOpen(handlerPath, cur, version);
  engine.analyze(configPath, configText);
  const t0 = performance.now();
  const first = engine.analyze(handlerPath, cur);
  const coldAnalyze = performance.now() - t0;
  if (first.ruleErrors.length) throw new Error(`rules threw: ${first.ruleErrors.map((e) => `${e.ruleId}: ${e.error}`).join(', ')}`);
  engine.analyze(configPath, configText);
  const times: number[] = [];
  const parse: number[] = [];
  const rules: number[] = [];
  const config: number[] = [];
  let findings = 0;
  let i = 0;
  for (const e of [...warmup, ...edits]) {
    const measured = i++ >= warmup.length;
    if (measured && i === warmup.length + 1) {
      ruleTime.clear();
      timingRules = perRule;
    }
    cur = apply(cur, e);
    project.setOpen(handlerPath, cur, ++version);
    const s = performance.now();
    const r = engine.analyze(handlerPath, cur);
    const s2 = performance.now();
    engine.analyze(configPath, configText);
    const s3 = performance.now();
    if (!measured) continue;
    times.push(s2 - s);
    config.push(s3 - s2);
    parse.push(r.timings.parseMs);
    rules.push(r.timings.rulesMs);
    findings = r.findings.length;
  }
  timingRules = false;
  return { edit: stats(times), parse: stats(parse), rules: stats(rules), config: stats(config), findings, coldAnalyze };
}

// ---------------------------------------------------------------------------------------------
// A minimal LSP client over stdio.

interface Publish {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}

class LspClient {
  readonly proc: ChildProcess;
  private readonly writer: StreamMessageWriter;
  private nextId = 1;
  private readonly pending = new Map<number, (r: unknown) => void>();
  private waiters: { uri: string; pred: (p: Publish) => boolean; resolve: (p: Publish) => void }[] = [];
  stderr = '';
  exited: number | null = null;
  private readonly exitPromise: Promise<void>;

  constructor(serverPath: string) {
    this.proc = track(spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] }));
    this.proc.stderr!.on('data', (d) => (this.stderr += d));
    this.exitPromise = new Promise((resolve) => this.proc.on('exit', (code) => ((this.exited = code ?? -1), resolve())));
    const reader = new StreamMessageReader(this.proc.stdout!);
    this.writer = new StreamMessageWriter(this.proc.stdin!);
    reader.listen((m: Message) => this.onMessage(m as unknown as Record<string, unknown>));
  }

  private onMessage(m: Record<string, unknown>): void {
    if ('id' in m && ('result' in m || 'error' in m) && !('method' in m)) {
      const cb = this.pending.get(m.id as number);
      this.pending.delete(m.id as number);
      cb?.(m.result ?? m.error);
      return;
    }
    if ('id' in m && 'method' in m) {
      // A request from the server (configuration, registrations...): answer with nothing.
      void this.writer.write({ jsonrpc: '2.0', id: m.id, result: m.method === 'workspace/configuration' ? [] : null } as Message);
      return;
    }
    if (m.method === 'textDocument/publishDiagnostics') {
      const p = m.params as Publish;
      const hit = this.waiters.find((w) => w.uri === p.uri && w.pred(p));
      if (hit) {
        this.waiters = this.waiters.filter((w) => w !== hit);
        hit.resolve(p);
      }
    }
  }

  request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      void this.writer.write({ jsonrpc: '2.0', id, method, params } as Message);
    });
  }

  notify(method: string, params: unknown): void {
    void this.writer.write({ jsonrpc: '2.0', method, params } as Message);
  }

  /** Resolves with the first publishDiagnostics for `uri` that satisfies `pred` from now on. */
  waitDiagnostics(uri: string, pred: (p: Publish) => boolean, timeoutMs = 20_000): Promise<Publish> {
    return new Promise((resolve, reject) => {
      const w = {
        uri,
        pred,
        resolve: (p: Publish) => {
          clearTimeout(timer);
          resolve(p);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`no publishDiagnostics for ${uri} within ${timeoutMs} ms${this.exited !== null ? ` (server exited with ${this.exited})` : ''}\n${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  /** Resolves when diagnostics for exactly this version of the document arrive. */
  diagnosticsFor(uri: string, version: number, timeoutMs = 20_000): Promise<Publish> {
    return this.waitDiagnostics(uri, (p) => p.version === version, timeoutMs);
  }

  /**
   * CPU time of the server's main thread so far (ms), from /proc/<pid>/schedstat (Linux; ns
   * resolution); undefined elsewhere. On a shared machine this moves far less than wall time.
   */
  mainThreadCpuMs(): number | undefined {
    try {
      const ns = Number(readFileSync(`/proc/${this.proc.pid}/schedstat`, 'utf8').split(' ')[0]);
      return Number.isFinite(ns) ? ns / 1e6 : undefined;
    } catch {
      return undefined;
    }
  }

  /** Peak resident set size of the server so far (kB), from /proc (Linux); undefined elsewhere. */
  peakRssKb(): number | undefined {
    try {
      const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${this.proc.pid}/status`, 'utf8'));
      return m ? Number(m[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    if (this.exited === null) {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
      this.notify('exit', null);
      await Promise.race([this.exitPromise, new Promise((r) => setTimeout(r, 2000))]);
    }
    if (this.exited === null) this.proc.kill('SIGKILL');
  }
}

/** Starts a server on `dir` and completes the handshake; returns the client and the start time. */
async function startServer(dir: string): Promise<{ client: LspClient; startMs: number }> {
  const t0 = performance.now();
  const client = new LspClient(SERVER);
  const rootUri = pathToFileURL(dir).toString();
  await Promise.race([
    client.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: { textDocument: { synchronization: { dynamicRegistration: false }, publishDiagnostics: { versionSupport: true } } },
    }),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`server did not answer initialize within 20 s\n${client.stderr.slice(-2000)}`)), 20_000)),
  ]);
  const startMs = performance.now() - t0;
  client.notify('initialized', {});
  return { client, startMs };
}

function changeOf(text: string, e: Edit): { range: ReturnType<LineIndex['range']>; text: string } {
  return { range: new LineIndex(text).range({ start: e.at, end: e.at + e.del }), text: e.ins };
}

interface LspRun {
  edit: Stats;
  /** didOpen → first diagnostics, first document of a fresh server. */
  open: number;
  /** The same after didClose, in the now warm server (engine caches dropped by the close). */
  reopen: number;
  startMs: number;
  diagnostics: number;
  peakRssKb?: number;
}

/** One YAML file open alone in a fresh server; edits timed didChange → publishDiagnostics(version). */
async function benchLspYaml(dir: string, fileName: string, text: string, edits: Edit[], warmup: Edit[]): Promise<LspRun> {
  const { client, startMs } = await startServer(dir);
  try {
    const uri = pathToFileURL(path.join(dir, fileName)).toString();
    let version = 1;
    let t0 = performance.now();
    const opened = client.diagnosticsFor(uri, version);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    await opened;
    const open = performance.now() - t0;
    let cur = text;
    const times: number[] = [];
    let diagnostics = 0;
    let i = 0;
    for (const e of [...warmup, ...edits]) {
      const change = changeOf(cur, e);
      cur = apply(cur, e);
      version++;
      const wait = client.diagnosticsFor(uri, version);
      const s = performance.now();
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      const d = await wait;
      const dt = performance.now() - s;
      if (i++ >= warmup.length) times.push(dt);
      diagnostics = d.diagnostics.length;
    }
    client.notify('textDocument/didClose', { textDocument: { uri } });
    version++;
    t0 = performance.now();
    const reopened = client.diagnosticsFor(uri, version);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text: cur } });
    await reopened;
    const reopen = performance.now() - t0;
    return { edit: stats(times), open, reopen, startMs, diagnostics, peakRssKb: client.peakRssKb() };
  } finally {
    await client.close();
  }
}

interface HandlerRun extends LspRun {
  lines: number;
  /** didChange in the handler → the open serverless.yml re-published (it reads the handler's code). */
  cascade?: Stats;
  cascadeMissing: boolean;
  configOpen: number;
  configDiagnostics: number;
}

const LANGUAGE_ID: Record<HandlerLang, string> = { js: 'javascript', ts: 'typescript', py: 'python' };

/**
 * A serverless.yml and its 2,000-line handler, both on disk and both open (config first). Edits go
 * to the handler; each is timed to the handler's publishDiagnostics for that version, and to the
 * config's next publish (the server re-validates open configs above an edited handler).
 */
async function benchLspHandler(dir: string, lang: HandlerLang, edits: Edit[], warmup: Edit[]): Promise<HandlerRun> {
  const configText = handlerConfig(lang);
  const text = handlerSource(lang);
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'serverless.yml'), configText);
  writeFileSync(path.join(dir, 'src', `handler.${lang}`), text);
  const { client, startMs } = await startServer(dir);
  try {
    const configUri = pathToFileURL(path.join(dir, 'serverless.yml')).toString();
    const uri = pathToFileURL(path.join(dir, 'src', `handler.${lang}`)).toString();
    let t0 = performance.now();
    const configOpened = client.diagnosticsFor(configUri, 1);
    client.notify('textDocument/didOpen', { textDocument: { uri: configUri, languageId: 'yaml', version: 1, text: configText } });
    const configDiagnostics = (await configOpened).diagnostics.length;
    const configOpen = performance.now() - t0;

    let cascadeMissing = false;
    const configRepublished = () => client.waitDiagnostics(configUri, () => true, 5_000).then(() => performance.now(), () => ((cascadeMissing = true), undefined));
    let version = 1;
    t0 = performance.now();
    const opened = client.diagnosticsFor(uri, version);
    let cascaded = configRepublished();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: LANGUAGE_ID[lang], version, text } });
    await opened;
    const open = performance.now() - t0;
    await cascaded;

    let cur = text;
    const times: number[] = [];
    const cascade: number[] = [];
    let diagnostics = 0;
    let i = 0;
    for (const e of [...warmup, ...edits]) {
      const change = changeOf(cur, e);
      cur = apply(cur, e);
      version++;
      const wait = client.diagnosticsFor(uri, version);
      cascaded = cascadeMissing ? Promise.resolve(undefined) : configRepublished();
      const s = performance.now();
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      const d = await wait;
      const dt = performance.now() - s;
      const c = await cascaded;
      if (i++ >= warmup.length) {
        times.push(dt);
        if (c !== undefined) cascade.push(c - s);
      }
      diagnostics = d.diagnostics.length;
    }
    client.notify('textDocument/didClose', { textDocument: { uri } });
    version++;
    t0 = performance.now();
    const reopened = client.diagnosticsFor(uri, version);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: LANGUAGE_ID[lang], version, text: cur } });
    await reopened;
    const reopen = performance.now() - t0;
    return {
      edit: stats(times),
      open,
      reopen,
      startMs,
      diagnostics,
      peakRssKb: client.peakRssKb(),
      lines: text.split('\n').length,
      cascade: cascade.length ? stats(cascade) : undefined,
      cascadeMissing,
      configOpen,
      configDiagnostics,
    };
  } finally {
    await client.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Keystrokes anywhere in diagnostics-heavy configs (≥ 900 diagnostics): environment values, IAM
// statements, events, the provider block (SAM: Globals) and top-level keys; and what publishing
// costs (findings → diagnostics conversion with re-use, JSON of the notification).

/** Keystroke p95 / bare parse p50 of the same text (the issue's "≤ 1.0× a bare parse"). */
const ANYWHERE_RATIO_BUDGET = 1;

/** One server, the file open, then for each position its warm-up and measured edits in turn. */
async function lspEditsByPosition(dir: string, fileName: string, text: string, plan: { pos: EditPosition; edits: Edit[]; warm: Edit[] }[], before: (pos: EditPosition) => void): Promise<{ byPos: Map<EditPosition, Stats>; cpuByPos: Map<EditPosition, Stats>; diagnostics: number; peakRssKb?: number }> {
  const { client } = await startServer(dir);
  try {
    const uri = pathToFileURL(path.join(dir, fileName)).toString();
    let version = 1;
    const opened = client.diagnosticsFor(uri, version);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    let diagnostics = (await opened).diagnostics.length;
    let cur = text;
    const byPos = new Map<EditPosition, Stats>();
    const cpuByPos = new Map<EditPosition, Stats>();
    for (const { pos, edits, warm } of plan) {
      before(pos);
      const times: number[] = [];
      const cpu: number[] = [];
      const slow: { ms: number; line: string; diagnostics: number }[] = [];
      let i = 0;
      for (const e of [...warm, ...edits]) {
        const change = changeOf(cur, e);
        cur = apply(cur, e);
        version++;
        const wait = client.diagnosticsFor(uri, version);
        const c0 = client.mainThreadCpuMs();
        const s = performance.now();
        client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
        const d = await wait;
        if (i++ >= warm.length) {
          const t = performance.now() - s;
          times.push(t);
          const c1 = client.mainThreadCpuMs();
          if (c0 !== undefined && c1 !== undefined) cpu.push(c1 - c0);
          if (PER_EDIT) {
            const ls = cur.lastIndexOf('\n', e.at - 1) + 1;
            const le = cur.indexOf('\n', ls);
            slow.push({ ms: t, line: cur.slice(ls, le < 0 ? cur.length : le), diagnostics: d.diagnostics.length });
          }
        }
        diagnostics = d.diagnostics.length;
      }
      byPos.set(pos, stats(times));
      if (cpu.length) cpuByPos.set(pos, stats(cpu));
      if (PER_EDIT) {
        // The edits behind the tail (p95 is the 6th slowest of 100): what was typed, and how many diagnostics it gave.
        slow.sort((a, b) => b.ms - a.ms);
        for (const x of slow.slice(0, 8)) log(`    ${pos}: ${x.ms.toFixed(1).padStart(6)} ms  ${String(x.diagnostics).padStart(5)} diagnostics  ${JSON.stringify(x.line.trim()).slice(0, 70)}`);
      }
    }
    return { byPos, cpuByPos, diagnostics, peakRssKb: client.peakRssKb() };
  } finally {
    await client.close();
  }
}

/** CPU time of the `yaml` package's own parse of the whole text in this process (warm): the yardstick for server CPU time. */
function bareParseCpu(text: string, times: number): Stats {
  for (let i = 0; i < 3; i++) parseDocument(text);
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const c = process.cpuUsage();
    parseDocument(text);
    const d = process.cpuUsage(c);
    out.push((d.user + d.system) / 1000);
  }
  return stats(out);
}

/** Engine.analyze per edit for one position (a fresh engine, warmed up on the same position). */
function engineEditsAt(file: string, text: string, edits: Edit[], warm: Edit[]): { edit: Stats; full: number; findings: Finding[]; checked: number; replayed: number } {
  const engine = new Engine(new Project(), allRules);
  let r = engine.analyze(file, text);
  let cur = text;
  for (const e of warm) engine.analyze(file, (cur = apply(cur, e)));
  const times: number[] = [];
  let full = 0;
  const { checked, replayed } = engine.reuse.stats;
  for (const e of edits) {
    cur = apply(cur, e);
    const s = performance.now();
    r = engine.analyze(file, cur);
    times.push(performance.now() - s);
    if (engine.parseConfig(file, cur).incremental?.stats.last === 'full') full++;
  }
  // Work per edit: entries whose findings were computed again vs re-reported from the last runs.
  return { edit: stats(times), full, findings: r.findings, checked: engine.reuse.stats.checked - checked, replayed: engine.reuse.stats.replayed - replayed };
}

/** In process: converting the findings to diagnostics (re-using unchanged ones) and serialising the notification. */
function publishCost(file: string, text: string, edits: Edit[]): { convert: Stats; json: Stats; kb: number; reused: number; converted: number } {
  const engine = new Engine(new Project(), allRules);
  const converter = new DiagnosticConverter();
  const uri = pathToFileURL(file).toString();
  const toDiag = (lines: LineIndex) => (f: Finding): Diagnostic => ({
    range: lines.range(f.range),
    severity: f.severity === 'error' ? 1 : f.severity === 'warning' ? 2 : 3,
    code: f.ruleId,
    codeDescription: { href: `file:///extension/rules/${f.ruleId}.md` },
    source: 'serverless-guard',
    message: f.message,
  });
  let cur = text;
  const convert: number[] = [];
  const json: number[] = [];
  let kb = 0;
  let version = 1;
  for (const e of [{ at: 0, del: 0, ins: '' }, ...edits]) {
    cur = apply(cur, e);
    const r = engine.analyze(file, cur);
    const s = performance.now();
    const diagnostics = converter.convert(uri, r.findings, r.lines!, toDiag(r.lines!));
    const s2 = performance.now();
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version: version++, diagnostics } });
    json.push(performance.now() - s2);
    convert.push(s2 - s);
    kb = body.length / 1024;
  }
  return { convert: stats(convert.slice(1)), json: stats(json.slice(1)), kb, reused: converter.stats.reused, converted: converter.stats.converted };
}

async function benchEditsAnywhere(): Promise<void> {
  const dir = path.join(tempRoot, 'anywhere');
  mkdirSync(dir, { recursive: true });
  const heavy = [
    { name: 'serverless.yml', label: 'serverless.yml, 235 functions, a secret + statements + http event each', text: heavyServerlessYml() },
    { name: 'template.yaml', label: 'SAM template.yaml, 150 functions, secrets + statements + Api event each', text: heavySamTemplate() },
  ];
  for (const f of heavy) {
    const file = path.join(dir, f.name);
    writeFileSync(file, f.text);
    const spans = editPositionSpans(f.text);
    const plan = EDIT_POSITIONS.map((pos, k) => ({
      pos,
      edits: makeEdits(f.text, spans[pos], ANYWHERE_EDITS, SEED + 31 * (k + 1)),
      warm: makeEdits(f.text, spans[pos], Math.min(WARMUP, 20), SEED + 1031 * (k + 1)),
    }));
    log('');
    log(`Edit anywhere — ${f.label}: ${f.text.split('\n').length} lines, ${f.text.length} chars; ${ANYWHERE_EDITS} edits per position`);
    header();
    const bare = bareParse(f.text, REPEAT);
    row('bare yaml parseDocument (warm)', bare);
    // The bare parse is measured again right before each position's edits (a loaded machine's
    // speed drifts within a run): each ratio uses the one next to it.
    const bareAt = new Map<EditPosition, Stats>();
    const bareCpuAt = new Map<EditPosition, Stats>();
    const lsp = await lspEditsByPosition(dir, f.name, f.text, plan, (pos) => {
      bareAt.set(pos, bareParse(f.text, Math.max(5, Math.floor(REPEAT / 3))));
      bareCpuAt.set(pos, bareParseCpu(f.text, Math.max(5, Math.floor(REPEAT / 3))));
    });
    let findings = 0;
    const all: number[] = [];
    for (const { pos, edits, warm } of plan) {
      const eng = engineEditsAt(file, f.text, edits, warm);
      findings = eng.findings.length;
      const l = lsp.byPos.get(pos)!;
      const b = bareAt.get(pos)!;
      all.push(l.p95 / b.p50);
      row(`${pos}: Engine.analyze`, eng.edit, `${eng.full}/${eng.edit.n} full re-parses; entries checked again ${eng.checked}, re-reported ${eng.replayed} (all edits)`);
      row(`${pos}: LSP didChange → publishDiagnostics`, l, `p95 = ${(l.p95 / b.p50).toFixed(2)}× bare parse p50 (${b.p50.toFixed(1)} ms, measured just before)`);
      // The same edits in CPU time (server main thread, until the publish arrived) against the bare
      // parse's CPU time: what a shared machine's load changes least.
      const c = lsp.cpuByPos.get(pos);
      const bc = bareCpuAt.get(pos)!;
      if (c) row(`${pos}: LSP server main-thread CPU per edit`, c, `p95 = ${(c.p95 / bc.p50).toFixed(2)}× bare parse CPU p50 (${bc.p50.toFixed(1)} ms), p50 = ${(c.p50 / bc.p50).toFixed(2)}×`);
      summary.push({
        what: `${f.name} (heavy): edit ${pos}, keystroke → diagnostics (LSP)`,
        value: `p50 ${l.p50.toFixed(1)} / p95 ${l.p95.toFixed(1)} ms = ${(l.p95 / b.p50).toFixed(2)}× bare parse (${b.p50.toFixed(1)} ms)${c ? `; CPU p95 ${(c.p95 / bc.p50).toFixed(2)}×` : ''}`,
        target: `p95 ≤ ${BUDGET_MS} ms, ≤ ${ANYWHERE_RATIO_BUDGET}×`,
        met: l.p95 <= BUDGET_MS && l.p95 / b.p50 <= ANYWHERE_RATIO_BUDGET,
      });
    }
    log(`  diagnostics published: ${lsp.diagnostics} (engine findings ${findings}); server peak RSS ${mb(lsp.peakRssKb)}`);
    const pub = publishCost(file, f.text, plan.flatMap((p) => p.edits).slice(0, 100));
    row('publish: findings → diagnostics (re-used)', pub.convert, `${pub.reused} re-used, ${pub.converted} converted`);
    row('publish: JSON of the notification', pub.json, `${pub.kb.toFixed(0)} KB`);
    summary.push({ what: `${f.name} (heavy): diagnostics published`, value: `${lsp.diagnostics}`, target: '≥ 900', met: lsp.diagnostics >= 900 });
    summary.push({ what: `${f.name} (heavy): worst position p95 / bare parse`, value: `${Math.max(...all).toFixed(2)}×`, target: `≤ ${ANYWHERE_RATIO_BUDGET}×`, met: Math.max(...all) <= ANYWHERE_RATIO_BUDGET });
  }
}

// ---------------------------------------------------------------------------------------------
// CLI.

interface CliRun {
  wallMs: number;
  code: number | null;
  stdout: string;
  stderr: string;
  maxRssKb?: number;
}

/** Runs `node [--require rss wrapper] dist/cli.js scan --format json <dir>` with cwd = dir. */
function runCli(dir: string, timeoutMs = 600_000): Promise<CliRun> {
  const wrapper = path.join(tempRoot, 'maxrss.cjs');
  if (!existsSync(wrapper)) {
    writeFileSync(
      wrapper,
      "process.on('exit', () => { try { require('fs').writeFileSync(process.env.SG_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)); } catch {} });\n",
    );
  }
  const rssFile = path.join(tempRoot, `rss-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = track(
      spawn(process.execPath, ['--require', wrapper, CLI, 'scan', '--format', 'json', dir], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, SG_BENCH_RSS_FILE: rssFile },
      }),
    );
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not finish within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - t0;
      let maxRssKb: number | undefined;
      try {
        maxRssKb = Number(readFileSync(rssFile, 'utf8')) || undefined;
      } catch {
        /* no wrapper output */
      }
      resolve({ wallMs, code, stdout: Buffer.concat(out).toString('utf8'), stderr, maxRssKb });
    });
  });
}

function writeCliWorkspace(dir: string, projects: number, seed: number): number {
  let files = 0;
  for (let i = 0; i < projects; i++) {
    const base = path.join(dir, `p${String(i).padStart(4, '0')}`);
    for (const [rel, text] of smallProject(i, seed)) {
      mkdirSync(path.dirname(path.join(base, rel)), { recursive: true });
      writeFileSync(path.join(base, rel), text);
      files++;
    }
  }
  return files;
}

async function benchCli(): Promise<void> {
  const empty = path.join(tempRoot, 'cli-empty');
  const ws = path.join(tempRoot, 'cli-workspace');
  mkdirSync(empty, { recursive: true });
  mkdirSync(ws, { recursive: true });
  const tg = performance.now();
  const expected = writeCliWorkspace(ws, PROJECTS, SEED);
  const genMs = performance.now() - tg;
  log('');
  log(`CLI: node dist/cli.js scan --format json <dir> — ${PROJECTS} projects, ${expected} files (config + handler each; written in ${genMs.toFixed(0)} ms)`);
  const startup = await runCli(empty);
  if (startup.code !== 0) failures.push(`CLI on an empty directory exited with ${startup.code}: ${startup.stderr.slice(-500)}`);
  const run = await runCli(ws);
  let files = -1;
  let findings = -1;
  try {
    const json = JSON.parse(run.stdout) as { files: number; findings: unknown[] };
    files = json.files;
    findings = json.findings.length;
  } catch (e) {
    failures.push(`CLI JSON output did not parse (exit ${run.code}): ${(e as Error).message}; stderr: ${run.stderr.slice(-500)}`);
  }
  if (run.code !== 0 && run.code !== 1) failures.push(`CLI exited with ${run.code}: ${run.stderr.slice(-500)}`);
  const countOk = files === expected;
  if (!countOk) failures.push(`CLI JSON "files" is ${files}, expected ${expected}`);
  const perSec = (expected / run.wallMs) * 1000;
  const net = run.wallMs - startup.wallMs;
  log(`  startup (empty directory)                       ${ms(startup.wallMs).trim()} wall, peak RSS ${mb(startup.maxRssKb)}`);
  log(`  scan                                            ${ms(run.wallMs).trim()} wall, exit ${run.code}, JSON files ${files} (${countOk ? 'matches' : 'MISMATCH'}), ${findings} findings`);
  log(`  throughput                                      ${perSec.toFixed(0)} files/s (${((expected / net) * 1000).toFixed(0)} files/s without startup), peak RSS ${mb(run.maxRssKb)}`);
  summary.push({ what: `CLI scan, ${expected} files`, value: `${(run.wallMs / 1000).toFixed(2)} s wall, ${perSec.toFixed(0)} files/s`, target: '—' });
  summary.push({ what: 'CLI JSON "files" = files written', value: `${files} / ${expected}`, target: 'equal', met: countOk });
  summary.push({ what: 'CLI peak RSS (maxRSS)', value: mb(run.maxRssKb), target: '—' });
}

// ---------------------------------------------------------------------------------------------

/** What was measured: the commit, and whether the working tree differs from it (dist/ is built from the tree). */
function gitState(): string {
  const git = (...a: string[]) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8', timeout: 10_000 });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return 'git: not a repository (or git missing)';
  const dirty = git('status', '--porcelain', '--untracked-files=no', '--', 'server', 'rules', 'scripts').stdout.split('\n').filter(Boolean).length;
  return `git ${head.stdout.trim()}${dirty ? `, ${dirty} file(s) under server/ rules/ scripts/ differ from it (measured as built from the working tree)` : ', clean working tree'}`;
}

async function main(): Promise<void> {
  if (!existsSync(SERVER) || !existsSync(CLI)) throw new Error(`${SERVER} or ${CLI} is missing: run \`npm run build\` first (npm run bench does).`);
  const files = [
    { name: 'serverless.yml', label: 'serverless.yml, 300 functions', text: serverlessYml(), blocks: (t: string) => functionBlockSpans(t, /^functions:/, 2) },
    { name: 'template.yaml', label: 'SAM template.yaml, 170 functions', text: samTemplate(), blocks: (t: string) => functionBlockSpans(t, /^Resources:/, 2) },
  ];
  const rss: { label: string; kb?: number }[] = [];
  // Cold parse first, before anything warmed the yaml package up.
  const tCold = performance.now();
  parseYaml(files[0].text);
  const coldParse = performance.now() - tCold;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  log(`Serverless Guard bench — node ${process.version}, ${cpus().length} CPU(s) (${cpu}), ${allRules.length} rules${QUICK ? ', --quick' : ''}`);
  log(gitState());
  log(`${EDITS} one-character edits per row (type a character, then delete it), ${WARMUP} warm-up edits, seed ${SEED}; budgets: keystroke p95 ≤ ${BUDGET_MS} ms (configs) / ${HANDLER_BUDGET_MS} ms (handlers), analysis overhead ≤ ${OVERHEAD_BUDGET}×`);

  const yamlDir = path.join(tempRoot, 'yaml');
  mkdirSync(yamlDir);
  for (const f of section('configs') ? files : []) {
    const lines = f.text.split('\n').length;
    writeFileSync(path.join(yamlDir, f.name), f.text);
    const file = path.join(yamlDir, f.name);
    const blocks = f.blocks(f.text);
    const edits = makeEdits(f.text, blocks, EDITS, SEED);
    const warm = makeEdits(f.text, blocks, WARMUP, SEED + 1000);
    log('');
    log(`${f.label}: ${lines} lines, ${f.text.length} chars, ${blocks.length} function blocks`);
    header();
    if (f === files[0]) row('cold full parse (first parseYaml in process)', undefined, ms(coldParse).trim());
    const bare = bareParse(f.text, REPEAT);
    row('bare yaml parseDocument (warm)', bare);
    const full: number[] = [];
    const model: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const s = performance.now();
      const d = parseYaml(f.text);
      const s2 = performance.now();
      buildModel(file, d);
      model.push(performance.now() - s2);
      full.push(s2 - s);
    }
    row('warm full parse (parseYaml)', stats(full));
    row('buildModel (whole model)', stats(model));
    const cold = coldCacheAnalyze(file, f.text, COLD_REPEAT);
    row('Engine.analyze, whole file, empty cache', cold, `${(cold.p50 / bare.p50).toFixed(2)}× bare parse (p50/p50)`);
    const eng = benchEngine(file, f.text, edits, warm);
    row('Engine.analyze after a 1-char edit', eng.edit, `${eng.edit.n - eng.spliced}/${eng.edit.n} full re-parses, ${eng.findings} findings, first analyze in process ${ms(eng.coldAnalyze).trim()}`);
    row('  of which parse + model', eng.parse);
    row('  of which rules + suppressions', eng.rules);
    // Per-rule cost (a separate run with each rule's check timed).
    benchEngine(file, f.text, edits, warm, true);
    const top = [...ruleTime].sort((a, b) => b[1] - a[1]).slice(0, 5);
    log(`    slowest rules (mean per edit): ${top.map(([id, t]) => `${id} ${(t / edits.length).toFixed(1)}`).join(', ')} ms`);
    const any = makeEdits(f.text, blocks, EDITS, SEED + 7, true);
    const engAny = benchEngine(file, f.text, any, warm);
    row('Engine.analyze, edit anywhere (incl. indent)', engAny.edit, `${engAny.edit.n - engAny.spliced}/${engAny.edit.n} full re-parses`);
    const lsp = await benchLspYaml(yamlDir, f.name, f.text, edits, warm);
    row('LSP didChange → publishDiagnostics', lsp.edit, `${lsp.diagnostics} diagnostics`);
    row('LSP didOpen → first diagnostics', undefined, `fresh server ${ms(lsp.open).trim()} (initialize ${ms(lsp.startMs).trim()}), re-open in warm server ${ms(lsp.reopen).trim()}`);
    log(`  LSP server peak RSS (VmHWM)                   ${mb(lsp.peakRssKb)}`);
    const overhead = eng.edit.p50 / bare.p50;
    log(`  analysis overhead: keystroke p50 ${eng.edit.p50.toFixed(1)} ms / bare parse p50 ${bare.p50.toFixed(1)} ms = ${overhead.toFixed(2)}× (budget ≤ ${OVERHEAD_BUDGET}×)`);
    rss.push({ label: f.name, kb: lsp.peakRssKb });
    budgetRow(`${f.name}: keystroke → diagnostics (LSP)`, lsp.edit);
    budgetRow(`${f.name}: Engine.analyze per keystroke`, eng.edit);
    summary.push({ what: `${f.name}: analysis overhead vs bare parse`, value: `${overhead.toFixed(2)}× (${eng.edit.p50.toFixed(1)} / ${bare.p50.toFixed(1)} ms)`, target: `≤ ${OVERHEAD_BUDGET}×`, met: overhead <= OVERHEAD_BUDGET });
    summary.push({ what: `${f.name}: full cold-cache analysis vs bare parse`, value: `${(cold.p50 / bare.p50).toFixed(2)}× (${cold.p50.toFixed(1)} / ${bare.p50.toFixed(1)} ms)`, target: '—' });
    if (f === files[0]) summary.push({ what: `${f.name}: didOpen → first diagnostics`, value: `${lsp.open.toFixed(0)} ms fresh server, ${lsp.reopen.toFixed(0)} ms re-open`, target: '—' });
  }

  if (section('anywhere')) await benchEditsAnywhere();

  if (LANGS.length && section('handlers')) await initCodeParsers();
  for (const lang of section('handlers') ? LANGS : []) {
    const dir = path.join(tempRoot, `handler-${lang}`);
    mkdirSync(dir);
    const text = handlerSource(lang);
    const blocks = helperSpans(text, lang);
    const edits = makeEdits(text, blocks, EDITS, SEED + 100);
    const warmup = makeEdits(text, blocks, WARMUP, SEED + 1100);
    log('');
    log(`handler src/handler.${lang}: ${text.split('\n').length} lines, ${blocks.length} helper functions, referenced by serverless.yml (both open; edits inside helper functions)`);
    header();
    const eng = benchEngineHandler(dir, lang, edits, warmup);
    row('Engine.analyze(handler) after a 1-char edit', eng.edit, `${eng.findings} findings, first analyze ${ms(eng.coldAnalyze).trim()}`);
    row('  of which parse', eng.parse);
    row('  of which rules + suppressions', eng.rules);
    row('  then Engine.analyze(serverless.yml)', eng.config);
    benchEngineHandler(dir, lang, edits, warmup, true);
    const top = [...ruleTime].sort((a, b) => b[1] - a[1]).slice(0, 5);
    log(`    slowest rules on the handler + config (mean per edit): ${top.map(([id, t]) => `${id} ${(t / edits.length).toFixed(1)}`).join(', ')} ms (the first injection-* rule to run pays for the taint analysis they share)`);
    const h = await benchLspHandler(dir, lang, edits, warmup);
    row('LSP didChange → publishDiagnostics', h.edit, `${h.diagnostics} diagnostics in the handler`);
    if (h.cascade) row('  → serverless.yml re-published', h.cascade, `${h.configDiagnostics} diagnostics in the config`);
    if (h.cascadeMissing) log('  (the open serverless.yml was not re-published after some handler edits; stopped waiting for it)');
    row('LSP didOpen → first diagnostics', undefined, `handler ${ms(h.open).trim()} (after serverless.yml ${ms(h.configOpen).trim()} in a fresh server), re-open ${ms(h.reopen).trim()}`);
    log(`  LSP server peak RSS (VmHWM)                   ${mb(h.peakRssKb)}`);
    rss.push({ label: `handler.${lang}`, kb: h.peakRssKb });
    budgetRow(`handler.${lang} (2,000 lines): keystroke → diagnostics (LSP)`, h.edit, HANDLER_BUDGET_MS);
    summary.push({ what: `handler.${lang}: didOpen → first diagnostics`, value: `${h.open.toFixed(0)} ms first open, ${h.reopen.toFixed(0)} ms re-open`, target: '—' });
  }

  const known = rss.filter((r) => r.kb !== undefined);
  if (!rss.length) {
    /* no server sessions of the configs or handlers sections */
  } else if (known.length) {
    const top = known.reduce((a, b) => (b.kb! > a.kb! ? b : a));
    summary.push({ what: `LSP server peak RSS (VmHWM), max of ${known.length} sessions`, value: `${mb(top.kb)} (${top.label})`, target: '—' });
  } else summary.push({ what: 'LSP server peak RSS', value: 'n/a (no /proc)', target: '—' });

  if (section('cli')) await benchCli();
  if (section('cold')) await benchColdOpenSection();
  if (section('catalogue')) benchCatalogueSection();
  if (section('cross')) await benchCrossSection();

  log('');
  log('Summary');
  const w1 = Math.max(...summary.map((s) => s.what.length));
  const w2 = Math.min(60, Math.max(...summary.map((s) => s.value.length)));
  const w3 = Math.max(6, ...summary.map((s) => s.target.length));
  log(`  ${'measure'.padEnd(w1)}  ${'result'.padEnd(w2)}  ${'target'.padEnd(w3)}  status`);
  for (const s of summary) log(`  ${s.what.padEnd(w1)}  ${s.value.padEnd(w2)}  ${s.target.padEnd(w3)}  ${s.met === undefined ? 'reported' : s.met ? 'met' : 'MISSED'}`);
  const misses = summary.filter((s) => s.met === false).length;
  if (misses) log(`\n${misses} target(s) missed (reported, not an error).`);
  if (failures.length) throw new Error(failures.join('\n'));
}

// --- Cold open, idle and loaded (test/bench/cold-open.ts) and the IAM catalogue load (test/bench/catalog-load.ts).

async function benchColdOpenSection(): Promise<void> {
  log('');
  const runs = 5;
  const f = await benchColdOpen(runs, log);
  const p50 = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  summary.push({ what: 'cold open: didOpen → first diagnostics, fresh server, 100-line serverless.yml + 2 handlers (idle, p50)', value: `${p50(f.idle).toFixed(0)} ms (max ${Math.max(...f.idle).toFixed(0)})`, target: '≤ 300 ms', met: p50(f.idle) <= 300 });
  summary.push({ what: 'cold open: server CPU from didOpen to first diagnostics (idle runs, p50)', value: `${p50(f.cpu).toFixed(0)} ms`, target: '—' });
  summary.push({ what: 'cold open, 5 CPU-bound processes, all 6 on core 0 (p50)', value: `${p50(f.loaded).toFixed(0)} ms (max ${Math.max(...f.loaded).toFixed(0)})`, target: '—' });
}

// --- Cross-function app of 50 functions (test/bench/cross-app.ts): writer / config edit → the reader's findings.

async function benchCrossSection(): Promise<void> {
  log('');
  const f = await benchCrossApp(QUICK ? 20 : 100, log);
  summary.push({ what: `cross-function app (${CROSS_FUNCTIONS} functions): writer handler edit → reader findings (p95)`, value: `${f.writerEdit.p95.toFixed(1)} ms (p50 ${f.writerEdit.p50.toFixed(1)}, ${f.handlerRunsPerWriterEdit.toFixed(2)} handler analyses/edit)`, target: `≤ ${HANDLER_BUDGET_MS} ms`, met: f.writerEdit.p95 <= HANDLER_BUDGET_MS });
  summary.push({ what: `cross-function app (${CROSS_FUNCTIONS} functions): config edit → reader findings (p95)`, value: `${f.configEdit.p95.toFixed(1)} ms (p50 ${f.configEdit.p50.toFixed(1)}, ${f.handlerRunsPerConfigEdit.toFixed(2)} handler analyses/edit)`, target: `≤ ${HANDLER_BUDGET_MS} ms`, met: f.configEdit.p95 <= HANDLER_BUDGET_MS });
  if (!f.flipsOk) failures.push("cross-function bench: the reader's finding did not follow the writer's edits");
}

function benchCatalogueSection(): void {
  log('');
  const c = benchCatalogue(3, log);
  const whole = c['whole file parsed into objects (format-1 equivalent)'];
  const header = c['catalogue load (header only)'];
  summary.push({ what: 'IAM catalogue load (CPU, heap) vs whole-file parse', value: `${header.ms.toFixed(1)} ms ${header.heapMB.toFixed(1)} MB vs ${whole.ms.toFixed(1)} ms ${whole.heapMB.toFixed(1)} MB`, target: '—' });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench failed: ${(err as Error)?.stack ?? err}`);
    process.exit(1);
  },
);
