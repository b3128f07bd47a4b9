#!/usr/bin/env node
// `npm run test:e2e`: builds the bundles with the e2e hook (node scripts/build.mjs --e2e),
// copies what the VSIX needs into .e2e-tmp/vsix-stage/ (checking that the copied
// extension.js really has the hook: dist/ is shared, another `npm run build` may overwrite
// it meanwhile; then it retries), restores the production build of dist/ at once, packages
// the test VSIX from the stage into .e2e-tmp/, and runs the real-editor tests (code-server +
// chromium, Neovim) with node's test runner.
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

function sh(cmd, args, timeoutMs, cwd = ROOT) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', timeout: timeoutMs, killSignal: 'SIGKILL' });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed (${r.error ? r.error.message : `exit ${r.status}`})`);
    process.exit(1);
  }
}

/** Top-level entries never needed to package the extension (.vscodeignore decides the rest). */
const NOT_STAGED = new Set(['node_modules', '.git', '.e2e-tmp', '.scratch', '.tools', 'test', 'test-results', 'examples', 'server', 'client']);

/** Copies the project (minus sources, tests, dependencies) with its current dist/ into stage. */
function stageProject(stage) {
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  for (const ent of fs.readdirSync(ROOT)) {
    if (NOT_STAGED.has(ent) || ent.endsWith('.vsix')) continue;
    fs.cpSync(path.join(ROOT, ent), path.join(stage, ent), { recursive: true });
  }
}

/** Why the staged bundle is not an e2e build, or '' when it is. */
function hookProblem(stage) {
  let ext = '';
  let info = {};
  try { ext = fs.readFileSync(path.join(stage, 'dist', 'extension.js'), 'utf8'); } catch { return 'dist/extension.js missing'; }
  try { info = JSON.parse(fs.readFileSync(path.join(stage, 'dist', 'BUILD_INFO.json'), 'utf8')); } catch { /* checked below */ }
  if (!ext.includes('if (process.env.SERVERLESS_GUARD_E2E_MODULE)')) return 'dist/extension.js has no enabled e2e hook';
  if (info.e2e !== true) return 'dist/BUILD_INFO.json does not say e2e';
  return '';
}

const build = !process.env.SG_E2E_NO_BUILD;
const env = { ...process.env };
if (build) {
  const stage = path.join(TMP_ROOT, 'vsix-stage');
  for (let attempt = 1; ; attempt++) {
    log('building bundles with the e2e hook');
    sh(process.execPath, ['scripts/build.mjs', '--e2e'], 300_000);
    stageProject(stage);
    const problem = hookProblem(stage);
    if (!problem) break;
    if (attempt === 3) {
      console.error(`[e2e] ${problem} after 3 builds: is something else rebuilding dist/ continuously?`);
      sh(process.execPath, ['scripts/build.mjs'], 300_000);
      process.exit(1);
    }
    log(`${problem}: dist/ was rebuilt by another process meanwhile; building again`);
  }
  // The stage has the e2e bundles: dist/ goes back to the production build right away.
  log('restoring the production build of dist/');
  sh(process.execPath, ['scripts/build.mjs'], 300_000);
  if (!env.SG_E2E_VSIX) {
    const vsix = path.join(TMP_ROOT, 'serverless-guard-e2e.vsix');
    log(`packaging ${path.relative(ROOT, vsix)} from ${path.relative(ROOT, stage)}`);
    sh(path.join(ROOT, 'node_modules', '.bin', 'vsce'),
      ['package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], 300_000, stage);
    env.SG_E2E_VSIX = vsix;
  }
  fs.rmSync(stage, { recursive: true, force: true });
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

log(`done (${code === 0 ? 'passed' : `FAILED, exit ${code}`})`);
process.exit(code);
