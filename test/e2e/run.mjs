#!/usr/bin/env node
// `npm run test:e2e`: builds the bundles with the e2e hook (node scripts/build.mjs --e2e),
// packages a test VSIX into .e2e-tmp/, runs the real-editor tests (code-server + chromium,
// Neovim) with node's test runner, then restores the production build of dist/.
//
// Env: SG_E2E_NO_BUILD=1   use dist/ and SG_E2E_VSIX as they are (no build, no restore)
//      SG_E2E_VSIX=path|dummy   VSIX to test (dummy = test/e2e/fixtures/dummy-extension)
//      SG_E2E_TOOLS=dir     tools installed by .ci/e2e-setup.sh (default ~/.cache/serverless-guard-e2e)
//      SG_E2E_KEEP=1        keep the temp dirs under .e2e-tmp/
// Args: test files to run (default: all test/e2e/*.test.mjs).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { E2E_DIR, ROOT, TMP_ROOT, TOOLS, NODE24, CODE_SERVER_ENTRY, CHROMIUM, NVIM } from './lib/tools.mjs';

const t0 = Date.now();
const log = (m) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

const missing = [[NODE24, 'node 24'], [CODE_SERVER_ENTRY, 'code-server'], [CHROMIUM, 'chromium'], [NVIM, 'nvim'],
  [path.join(TOOLS, 'pw', 'node_modules', 'playwright-core', 'package.json'), 'playwright-core']]
  .filter(([f]) => !fs.existsSync(f));
if (missing.length) {
  console.error(`e2e tools missing: ${missing.map(([f, n]) => `${n} (${f})`).join(', ')}\nRun: bash .ci/e2e-setup.sh`);
  process.exit(1);
}

/** SIGKILLs every process whose environment carries SG_E2E_RUN_ID=id. */
function sweep(id) {
  const needle = `SG_E2E_RUN_ID=${id}\0`;
  const killed = [];
  for (const ent of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(ent) || Number(ent) === process.pid) continue;
    let environ;
    try { environ = fs.readFileSync(`/proc/${ent}/environ`, 'latin1'); } catch { continue; }
    if (!environ.includes(needle)) continue;
    try { process.kill(Number(ent), 'SIGKILL'); killed.push(Number(ent)); } catch { /* gone */ }
  }
  return killed;
}

function sh(cmd, args, timeoutMs) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', timeout: timeoutMs, killSignal: 'SIGKILL' });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed (${r.error ? r.error.message : `exit ${r.status}`})`);
    process.exit(1);
  }
}

const build = !process.env.SG_E2E_NO_BUILD;
const env = { ...process.env };
if (build) {
  log('building bundles with the e2e hook');
  sh(process.execPath, ['scripts/build.mjs', '--e2e'], 300_000);
  if (!env.SG_E2E_VSIX) {
    fs.mkdirSync(TMP_ROOT, { recursive: true });
    const vsix = path.join(TMP_ROOT, 'serverless-guard-e2e.vsix');
    log(`packaging ${path.relative(ROOT, vsix)}`);
    sh(path.join(ROOT, 'node_modules', '.bin', 'vsce'),
      ['package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], 300_000);
    env.SG_E2E_VSIX = vsix;
  }
}

const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : fs.readdirSync(E2E_DIR).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => path.join('test', 'e2e', f));
log(`running ${files.join(' ')}`);
// Every process the tests start inherits this id, so a sweep can find leftovers even
// if the runner is killed hard (code-server runs in its own process group).
env.SG_E2E_RUN_ID = `${process.pid}-${Date.now()}`;
const code = await new Promise((resolve) => {
  const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
    { cwd: ROOT, stdio: 'inherit', env });
  let killer;
  const stop = (why) => {
    if (killer) return;
    console.error(`[e2e] ${why}: stopping the test runner`);
    child.kill('SIGTERM');
    killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  };
  const timer = setTimeout(() => stop('overall timeout (15 min)'), 900_000);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(sig));
  child.on('exit', (c, sig) => {
    clearTimeout(timer);
    clearTimeout(killer);
    resolve(c ?? (sig ? 1 : 0));
  });
});
const leftovers = sweep(env.SG_E2E_RUN_ID);
await new Promise((r) => setTimeout(r, 500));
leftovers.push(...sweep(env.SG_E2E_RUN_ID)); // anything forked while the first sweep ran
if (leftovers.length) console.error(`[e2e] killed ${leftovers.length} leftover process(es): ${leftovers.join(', ')}`);

if (build) {
  log('restoring the production build of dist/');
  sh(process.execPath, ['scripts/build.mjs'], 300_000);
}
log(`done (${code === 0 ? 'passed' : `FAILED, exit ${code}`})`);
process.exit(code);
