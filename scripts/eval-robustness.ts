/**
 * `npm run eval:robustness` — the robustness numbers of issue 15, measured on the bundled server
 * and CLI (build first; the npm script does):
 *   1. time until a normal request is answered right after each kind of framing error (stdio);
 *   2. heap after a forced GC of the server process while 1,000 distinct generated files are opened
 *      and closed (the server is started with --expose-gc and SG_DEBUG_STATS=1, which enables a
 *      test-only `serverlessGuard/debugStats` request; RSS is read from /proc for any server);
 *   3. the CLI's exit code, stderr summary, time and peak RSS for each hostile case.
 * Timings are wall clock on whatever machine runs this: compare against the reference request
 * printed next to them, not across machines.
 *
 *   node --import tsx scripts/eval-robustness.ts [--server dist/server.js] [--cli dist/cli.js] [--files 1000] [--only framing,memory,cli]
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FRAMING_ERRORS, HANG_MS, RawClient, frame, json } from '../test/helpers/raw-lsp';

const REPO = path.join(__dirname, '..');
const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
};
const SERVER = path.resolve(arg('server', path.join(REPO, 'dist', 'server.js')));
const CLI = path.resolve(arg('cli', path.join(REPO, 'dist', 'cli.js')));
const FILES = Number(arg('files', '1000'));
const ONLY = new Set(arg('only', 'framing,memory,cli').split(','));
const MB = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

const SLS = `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: '*'
          Resource: '*'
functions:
  create:
    handler: src/create.handler
`;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sg-eval-robust-'));
const rootUri = pathToFileURL(tmp).toString();

function rssOf(pid: number): { rss: number; peak: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(s.split('\n').find((l) => l.startsWith(k + ':'))?.split(/\s+/)[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

async function timed<T>(p: Promise<T>): Promise<{ ms: number; value?: T; error?: string }> {
  const t0 = performance.now();
  try {
    const value = await p;
    return { ms: performance.now() - t0, value };
  } catch (e) {
    return { ms: performance.now() - t0, error: (e as Error).message.split('\n')[0] };
  }
}

async function framing(): Promise<void> {
  console.log(`\n## 1. Time to answer a normal request sent right after a framing error (${path.relative(process.cwd(), SERVER) || SERVER})\n`);
  console.log('| case | answered after | exit after shutdown+exit |');
  console.log('|---|---|---|');
  const hover = (id: number) => frame(json('textDocument/hover', { textDocument: { uri: 'file:///nowhere.yml' }, position: { line: 0, character: 0 } }, id));
  const cases = [{ name: '(reference: no framing error)', bytes: () => Buffer.alloc(0) }, ...FRAMING_ERRORS];
  for (const k of cases) {
    const c = new RawClient(SERVER);
    await c.initialize(rootUri);
    // Warm the hover path once so the reference and the cases measure the same work.
    c.send(hover(1));
    await c.response(1);
    const r = await timed((async () => {
      c.send(Buffer.concat([k.bytes(), hover(2)]));
      return c.response(2);
    })());
    const answered = r.error ? `no answer within ${HANG_MS / 1000} s` : `${r.ms.toFixed(1)} ms`;
    c.send(frame(json('shutdown', null, 3)));
    c.send(frame(json('exit', null)));
    const code = await Promise.race([c.exited, new Promise<string>((res) => setTimeout(() => res('still running after 5 s'), 5000).unref())]);
    console.log(`| ${k.name} | ${answered} | ${code} |`);
    c.kill();
  }
}

async function memory(): Promise<void> {
  console.log(`\n## 2. Server heap after GC, opening and closing ${FILES} distinct generated files\n`);
  const ws = path.join(tmp, 'mem');
  const pairs = Math.ceil(FILES / 2);
  for (let i = 0; i < pairs; i++) {
    const d = path.join(ws, `svc${i}`);
    mkdirSync(path.join(d, 'src'), { recursive: true });
    writeFileSync(path.join(d, 'serverless.yml'), `service: svc${i}\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: 's3:*'\n          Resource: 'arn:aws:s3:::bucket-${i}/*'\nfunctions:\n  f${i}:\n    handler: src/h${i}.main\n    environment:\n      TOKEN_${i}: 'ghp_${String(i).padStart(36, 'x')}'\n    events:\n      - httpApi: POST /items/${i}\n`);
    writeFileSync(path.join(d, 'src', `h${i}.js`), `const { exec } = require('child_process');\nexports.main = async (event) => {\n  exec('convert ${i} ' + event.body);\n  return { statusCode: 200, body: 'item ${i}' };\n};\n`);
  }
  const c = new RawClient(SERVER, { nodeArgs: ['--expose-gc'], env: { SG_DEBUG_STATS: '1' } });
  await c.initialize(pathToFileURL(ws).toString());
  let id = 10;
  const stats = async () => {
    const rid = ++id;
    c.send(frame(json('serverlessGuard/debugStats', null, rid)));
    const r = await c.response(rid);
    const proc = rssOf(c.proc.pid!);
    const heapBytes = r.error ? undefined : (r.result as { heapUsed: number }).heapUsed;
    const heap = heapBytes === undefined ? 'n/a (no SG_DEBUG_STATS request in this server)' : MB(heapBytes);
    return { heap, heapBytes, rss: proc ? MB(proc.rss) : 'n/a' };
  };
  let version = 0;
  const openClose = async (file: string, languageId: string) => {
    const uri = pathToFileURL(file).toString();
    const v = ++version;
    c.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: v, text: readFileSync(file, 'utf8') } });
    await c.published(uri, (p) => p.version === v);
    return uri;
  };
  console.log('| files opened and closed | heap used after GC | RSS |');
  console.log('|---|---|---|');
  const s0 = await stats();
  console.log(`| 0 (after initialize) | ${s0.heap} | ${s0.rss} |`);
  let done = 0;
  let warm: number | undefined;
  const t0 = performance.now();
  for (let i = 0; i < pairs && done < FILES; i++) {
    const d = path.join(ws, `svc${i}`);
    const a = await openClose(path.join(d, 'serverless.yml'), 'yaml');
    const b = await openClose(path.join(d, 'src', `h${i}.js`), 'javascript');
    c.notify('textDocument/didClose', { textDocument: { uri: a } });
    c.notify('textDocument/didClose', { textDocument: { uri: b } });
    // Drop what the client holds: only the server's memory is of interest.
    c.received.length = 0;
    done += 2;
    if (done === 10 || done % 250 === 0 || done >= FILES) {
      const s = await stats();
      if (done === 10) warm = s.heapBytes;
      const delta = s.heapBytes !== undefined && warm !== undefined && done > 10 ? ` (${s.heapBytes >= warm ? '+' : ''}${MB(s.heapBytes - warm)} since 10 files)` : done === 10 ? ' (engine warmed up)' : '';
      console.log(`| ${done} | ${s.heap}${delta} | ${s.rss} |`);
    }
  }
  console.log(`\n(${done} files in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  c.send(frame(json('shutdown', null, ++id)));
  c.notify('exit', null);
  await Promise.race([c.exited, new Promise((r) => setTimeout(r, 5000).unref())]);
  c.kill();
}

interface CliResult {
  code: string;
  ms: number;
  peakRss: number;
  stdoutBytes: number;
  stderr: string;
}

/** A CLI run whose RSS passes this is killed (reported as unbounded). */
const RSS_CAP = 1024 * 1024 * 1024;

function runCli(args: string[], cwd: string, uid?: number, timeoutMs = HANG_MS): Promise<CliResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...(uid === undefined ? {} : { uid, gid: uid }) });
    let out = 0;
    let err = '';
    let peak = 0;
    p.stdout.on('data', (d: Buffer) => (out += d.length));
    p.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(0, 4000)));
    let killedFor = '';
    const kill = (why: string) => {
      if (killedFor) return;
      killedFor = why;
      p.kill('SIGKILL');
    };
    const poll = setInterval(() => {
      const hwm = rssOf(p.pid!)?.peak;
      if (hwm !== undefined && Number.isFinite(hwm)) peak = Math.max(peak, hwm); // a zombie has no VmHWM
      // The machine is shared: an unbounded read is stopped, not watched to the end.
      if (peak > RSS_CAP) kill(`killed at ${MB(peak)} RSS after ${((performance.now() - t0) / 1000).toFixed(1)} s (unbounded)`);
    }, 50);
    const timer = setTimeout(() => kill(`killed after ${timeoutMs / 1000} s (hang)`), timeoutMs);
    p.on('exit', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code: killedFor || (code !== null ? String(code) : `signal ${signal}`), ms: performance.now() - t0, peakRss: peak, stdoutBytes: out, stderr: err });
    });
  });
}

async function cli(): Promise<void> {
  console.log(`\n## 3. CLI per hostile case (${path.relative(process.cwd(), CLI) || CLI})\n`);
  const ws = path.join(tmp, 'cli');
  const mk = (rel: string, text = SLS) => {
    mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
    writeFileSync(path.join(ws, rel), text);
  };
  mk('good/serverless.yml');
  mk('fifo/serverless.yml');
  execFileSync('mkfifo', [path.join(ws, 'fifo', '.serverless-guard.yml')]);
  mk('zero/serverless.yml');
  symlinkSync('/dev/zero', path.join(ws, 'zero', '.serverless-guard.yml'));
  mk('settings-dir/serverless.yml');
  mkdirSync(path.join(ws, 'settings-dir', '.serverless-guard.yml'));
  mk('unreadable-file/serverless.yml');
  mk('unreadable-file/other/serverless.yml');
  chmodSync(path.join(ws, 'unreadable-file', 'serverless.yml'), 0);
  mk('unreadable-dir/serverless.yml');
  mk('unreadable-dir/locked/serverless.yml');
  chmodSync(path.join(ws, 'unreadable-dir', 'locked'), 0);
  mk('loop/serverless.yml');
  symlinkSync('b', path.join(ws, 'loop', 'a'));
  symlinkSync('a', path.join(ws, 'loop', 'b'));
  writeFileSync(path.join(ws, 'a-file'), 'not a directory');
  // Permission bits do not stop root: as root, the unreadable cases run as user `nobody`.
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const NOBODY = 65534;
  if (asRoot) chmodSync(tmp, 0o755);
  const cases: { name: string; args: string[]; cwd: string; note?: string; uid?: number }[] = [
    { name: 'reference: good directory', args: ['scan', 'good'], cwd: ws },
    { name: '.serverless-guard.yml is a FIFO', args: ['scan', '.'], cwd: path.join(ws, 'fifo') },
    { name: '.serverless-guard.yml → /dev/zero', args: ['scan', '.'], cwd: path.join(ws, 'zero') },
    { name: '--config /dev/zero', args: ['scan', 'good', '--config', '/dev/zero'], cwd: ws },
    { name: '.serverless-guard.yml is a directory', args: ['scan', '.'], cwd: path.join(ws, 'settings-dir') },
    { name: 'missing path beside a good one', args: ['scan', 'good', 'does-not-exist'], cwd: ws },
    { name: 'unreadable file (mode 000)', args: ['scan', 'unreadable-file'], cwd: ws, ...(asRoot ? { uid: NOBODY, note: 'run as nobody' } : {}) },
    { name: 'unreadable directory (mode 000)', args: ['scan', 'unreadable-dir'], cwd: ws, ...(asRoot ? { uid: NOBODY, note: 'run as nobody' } : {}) },
    { name: 'unwritable --output (parent is a file)', args: ['scan', 'good', '--output', 'a-file/report.txt'], cwd: ws },
    { name: 'symlink loop as the path argument', args: ['scan', 'loop/a'], cwd: ws },
    { name: 'directory holding a symlink loop', args: ['scan', 'loop'], cwd: ws },
  ];
  console.log('| case | exit code | time | peak RSS | stdout | stderr (first lines) |');
  console.log('|---|---|---|---|---|---|');
  for (const k of cases) {
    const r = await runCli(k.args, k.cwd, k.uid);
    const err = r.stderr.trim().split('\n').slice(0, 2).map((l) => l.slice(0, 140)).join(' ⏎ ').replace(/\|/g, '\\|') || '(empty)';
    console.log(`| ${k.name}${k.note ? ` (${k.note})` : ''} | ${r.code} | ${r.ms.toFixed(0)} ms | ${r.peakRss ? MB(r.peakRss) : 'n/a'} | ${r.stdoutBytes} B | ${err} |`);
  }
  chmodSync(path.join(ws, 'unreadable-dir', 'locked'), 0o755);
}

async function main(): Promise<void> {
  for (const f of [SERVER, CLI]) if (!existsSync(f)) throw new Error(`${f} is missing: npm run build`);
  console.log(`# Robustness evaluation (${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} CPUs)`);
  try {
    if (ONLY.has('framing')) await framing();
    if (ONLY.has('memory')) await memory();
    if (ONLY.has('cli')) await cli();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
