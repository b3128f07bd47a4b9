/**
 * `npm run bench`: keystroke → diagnostics on a generated 4,000-line serverless.yml (300 functions)
 * and a 4,000-line SAM template, through the engine (Engine.analyze) and through the real language
 * server (`node dist/server.js --stdio`, didChange → publishDiagnostics for that version).
 *
 * Each edit types one character at a random position inside a function block (in the text of a
 * line, after its indentation, as typing does), and the next edit deletes it again. The budget
 * (p95 ≤ 30 ms) is reported, not asserted: the exit code is non-zero only when something fails.
 *
 *   npm run bench                      (build + this file)
 *   node --import tsx test/bench/bench.ts --edits 400 --seed 7
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StreamMessageReader, StreamMessageWriter, type Message } from 'vscode-jsonrpc/node';
import { allRules } from '../../rules/index';
import { Engine } from '../../server/src/engine/engine';
import type { Rule } from '../../server/src/engine/rule';
import { Project } from '../../server/src/engine/project';
import { LineIndex } from '../../server/src/engine/text';
import { buildModel } from '../../server/src/engine/model/build';
import { parseYaml } from '../../server/src/engine/yaml/parse';
import { functionBlockSpans, mulberry32, samTemplate, serverlessYml } from './gen';

const BUDGET_MS = 30;
const args = process.argv.slice(2);
const arg = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const EDITS = arg('edits', 200);
const WARMUP = arg('warmup', 40);
const SEED = arg('seed', 1);
const ROOT = path.resolve(__dirname, '..', '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');

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

/**
 * Edits that type a character at a random spot in a function block and delete it again. With
 * `anywhere`, the spot may also be in the indentation (which changes structure: full re-parse).
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

// ---------------------------------------------------------------------------------------------
// A minimal LSP client over stdio.

class LspClient {
  private readonly proc: ChildProcess;
  private readonly writer: StreamMessageWriter;
  private nextId = 1;
  private readonly pending = new Map<number, (r: unknown) => void>();
  private readonly diagWaiters = new Map<string, { version: number; resolve: (d: { count: number }) => void }>();
  stderr = '';
  exited: number | null = null;

  constructor(serverPath: string) {
    this.proc = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => (this.stderr += d));
    this.proc.on('exit', (code) => (this.exited = code ?? -1));
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
      const p = m.params as { uri: string; version?: number; diagnostics: unknown[] };
      const w = this.diagWaiters.get(p.uri);
      if (w && p.version === w.version) {
        this.diagWaiters.delete(p.uri);
        w.resolve({ count: p.diagnostics.length });
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

  /** Resolves when diagnostics for exactly this version of the document arrive. */
  diagnosticsFor(uri: string, version: number, timeoutMs = 20_000): Promise<{ count: number }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no publishDiagnostics for ${uri} version ${version} within ${timeoutMs} ms${this.exited !== null ? ` (server exited with ${this.exited})` : ''}\n${this.stderr.slice(-2000)}`)), timeoutMs);
      this.diagWaiters.set(uri, {
        version,
        resolve: (d) => {
          clearTimeout(timer);
          resolve(d);
        },
      });
    });
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
      this.notify('exit', null);
    } catch {
      /* ignore */
    }
    setTimeout(() => this.proc.kill(), 500).unref();
  }
}

interface LspRun {
  edit: Stats;
  open: number;
  diagnostics: number;
}

async function benchLsp(dir: string, fileName: string, text: string, edits: Edit[], warmup: Edit[]): Promise<LspRun> {
  const client = new LspClient(SERVER);
  try {
    const rootUri = pathToFileURL(dir).toString();
    await client.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: { textDocument: { synchronization: { dynamicRegistration: false }, publishDiagnostics: { versionSupport: true } } },
    });
    client.notify('initialized', {});
    const uri = pathToFileURL(path.join(dir, fileName)).toString();
    let version = 1;
    const t0 = performance.now();
    const opened = client.diagnosticsFor(uri, version);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    await opened;
    const open = performance.now() - t0;
    let cur = text;
    const times: number[] = [];
    let diagnostics = 0;
    let i = 0;
    for (const e of [...warmup, ...edits]) {
      const lines = new LineIndex(cur);
      const range = lines.range({ start: e.at, end: e.at + e.del });
      cur = apply(cur, e);
      version++;
      const wait = client.diagnosticsFor(uri, version);
      const s = performance.now();
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: e.ins }] });
      const d = await wait;
      const dt = performance.now() - s;
      if (i++ >= warmup.length) times.push(dt);
      diagnostics = d.count;
    }
    return { edit: stats(times), open, diagnostics };
  } finally {
    await client.close();
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first (npm run bench does).`);
  const dir = mkdtempSync(path.join(tmpdir(), 'sg-bench-'));
  const files = [
    { name: 'serverless.yml', label: 'serverless.yml, 300 functions', text: serverlessYml(), blocks: (t: string) => functionBlockSpans(t, /^functions:/, 2) },
    { name: 'template.yaml', label: 'SAM template.yaml, 170 functions', text: samTemplate(), blocks: (t: string) => functionBlockSpans(t, /^Resources:/, 2) },
  ];
  const out: string[] = [];
  const row = (label: string, s: Stats | undefined, extra = '') =>
    out.push(`  ${label.padEnd(44)}${s ? `${ms(s.p50)}${ms(s.p95)}${ms(s.max)}` : ''.padEnd(30)}  ${extra}`);
  let misses = 0;
  try {
    // Cold parse first, before anything warmed the yaml package up.
    const tCold = performance.now();
    parseYaml(files[0].text);
    const coldParse = performance.now() - tCold;
    out.push(`Serverless Guard bench — node ${process.version}, ${allRules.length} rule(s) registered (${allRules.map((r) => r.meta.id).join(', ')})`);
    out.push(`${EDITS} one-character edits per row (type a character, then delete it), ${WARMUP} warm-up edits, seed ${SEED}; budget p95 ≤ ${BUDGET_MS} ms`);
    for (const f of files) {
      const lines = f.text.split('\n').length;
      writeFileSync(path.join(dir, f.name), f.text);
      const blocks = f.blocks(f.text);
      const edits = makeEdits(f.text, blocks, EDITS, SEED);
      const warm = makeEdits(f.text, blocks, WARMUP, SEED + 1000);
      out.push('');
      out.push(`${f.label}: ${lines} lines, ${f.text.length} chars, ${blocks.length} function blocks`);
      out.push(`  ${''.padEnd(44)}${'p50'.padStart(10)}${'p95'.padStart(10)}${'max'.padStart(10)}`);
      if (f === files[0]) row('cold full parse (first parseYaml in process)', undefined, ms(coldParse).trim());
      const full: number[] = [];
      const model: number[] = [];
      for (let i = 0; i < 30; i++) {
        const s = performance.now();
        const d = parseYaml(f.text);
        const s2 = performance.now();
        buildModel(path.join(dir, f.name), d);
        model.push(performance.now() - s2);
        full.push(s2 - s);
      }
      row('warm full parse (parseYaml)', stats(full));
      row('buildModel (whole model)', stats(model));
      const eng = benchEngine(path.join(dir, f.name), f.text, edits, warm);
      row('Engine.analyze after a 1-char edit', eng.edit, `${eng.edit.n - eng.spliced}/${eng.edit.n} full re-parses, ${eng.findings} findings, first analyze ${ms(eng.coldAnalyze).trim()}`);
      row('  of which parse + model', eng.parse);
      row('  of which rules + suppressions', eng.rules);
      // Per-rule cost (a separate run with each rule's check timed).
      benchEngine(path.join(dir, f.name), f.text, edits, warm, true);
      const top = [...ruleTime].sort((a, b) => b[1] - a[1]).slice(0, 5);
      out.push(`    slowest rules (mean per edit): ${top.map(([id, t]) => `${id} ${(t / edits.length).toFixed(1)}`).join(', ')} ms`);
      const any = makeEdits(f.text, blocks, EDITS, SEED + 7, true);
      const engAny = benchEngine(path.join(dir, f.name), f.text, any, warm);
      row('Engine.analyze, edit anywhere (incl. indent)', engAny.edit, `${engAny.edit.n - engAny.spliced}/${engAny.edit.n} full re-parses`);
      const lsp = await benchLsp(dir, f.name, f.text, edits, warm);
      row('LSP didChange → publishDiagnostics', lsp.edit, `${lsp.diagnostics} diagnostics, didOpen → first diagnostics ${ms(lsp.open).trim()}`);
      for (const [what, s] of [
        ['Engine.analyze', eng.edit],
        ['LSP', lsp.edit],
      ] as const) {
        const ok = s.p95 <= BUDGET_MS;
        if (!ok) misses++;
        out.push(`  budget ${what}: p95 ${s.p95.toFixed(1)} ms ${ok ? '≤' : '>'} ${BUDGET_MS} ms — ${ok ? 'met' : 'MISSED'}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(out.join('\n'));
  if (misses) console.log(`\n${misses} budget miss(es) (reported, not an error).`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench failed: ${(err as Error)?.stack ?? err}`);
    process.exit(1);
  },
);
