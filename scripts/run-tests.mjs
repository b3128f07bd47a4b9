// Runs every test/**/*.test.ts (except the real-editor tests in test/e2e) with Node's test runner.
// Node 20 does not expand globs for --test, so the list is made here.
//
// Output: the spec reporter as the tests run, then every failure again (name, file:line, error),
// then one last line `N passed, N failed` (test cases, suites not counted; skipped and todo
// tests are in neither number and are counted on the line before when there are any).
//
//   node scripts/run-tests.mjs [substring…]            only the files whose path contains one
//   node scripts/run-tests.mjs --loaded [substring…]   the same with five CPU-bound processes
//                                                      running beside it (npm run test:loaded)
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startBurners, stopBurners } from './cpu-load.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const loaded = args.includes('--loaded');
const only = args.filter((a) => a !== '--loaded');
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name === 'e2e' || name === 'fixtures' || name === 'node_modules' || name === 'real-world') continue;
      walk(p);
    } else if (name.endsWith('.test.ts') || name.endsWith('.test.mjs')) files.push(path.relative(root, p));
  }
};
walk(path.join(root, 'test'));
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
if (!selected.length) {
  console.error('no test files matched');
  console.log('0 passed, 0 failed');
  process.exit(1);
}

/**
 * Counts the test cases of a TAP stream from Node's runner: a result line (`ok`/`not ok`) with no
 * result lines nested under it is a test case; one with nested results is a suite. A file that
 * fails to load shows up as one failed case named by its path.
 */
export function summarize(tap) {
  const lines = tap.split('\n');
  const names = [];
  const childSeen = [];
  const out = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const sub = /^( *)# Subtest: (.*)$/.exec(line);
    if (sub) {
      names[sub[1].length / 4] = sub[2];
      names.length = sub[1].length / 4 + 1;
      continue;
    }
    const m = /^( *)(not ok|ok) \d+ - (.*?)(?: # (SKIP|TODO)\b.*)?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    const leaf = !childSeen[depth + 1];
    childSeen[depth + 1] = false;
    childSeen[depth] = true;
    if (!leaf) continue;
    if (m[4]) out.skipped++;
    else if (m[2] === 'ok') out.passed++;
    else {
      out.failed++;
      // The YAML block after the result: location, error, stack (indented two more spaces).
      const detail = [];
      const pad = m[1] + '  ';
      for (let j = i + 1; j < lines.length && lines[j].startsWith(pad) && lines[j].trim() !== '...'; j++) {
        const d = lines[j].slice(pad.length);
        if (d === '---' || d.startsWith('duration_ms') || d.startsWith('type:')) continue;
        detail.push(d);
      }
      out.failures.push({ name: [...names.slice(0, depth), m[3]].join(' › '), detail: detail.slice(0, 40) });
    }
  }
  return out;
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sg-tests-'));
const tapFile = path.join(tmp, 'results.tap');
const burners = loaded ? startBurners(5) : [];
if (loaded) console.log(`test:loaded: ${burners.length} CPU-bound processes (node -e 'for(;;){}') run beside the suite`);
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, ...selected],
  { cwd: root, stdio: 'inherit' },
);
const forward = (sig) => () => child.kill(sig);
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, forward(sig));
child.on('exit', (code, signal) => {
  stopBurners(burners);
  let tap = '';
  try {
    tap = readFileSync(tapFile, 'utf8');
  } catch {
    /* the runner died before writing */
  }
  rmSync(tmp, { recursive: true, force: true });
  const s = summarize(tap);
  if (s.failures.length) {
    console.log(`\n${'='.repeat(30)} failures (${s.failures.length}) ${'='.repeat(30)}`);
    for (const f of s.failures) console.log(`\n✖ ${f.name}\n${f.detail.map((d) => '    ' + d).join('\n')}`);
    console.log('');
  }
  const ok = code === 0 && !signal;
  if (!ok && !s.failed) {
    // The runner failed without a failed test case (crash, signal): count it as one failure.
    s.failed = 1;
    console.log(`\n✖ the test runner exited with ${signal ?? `code ${code}`}`);
  }
  if (s.skipped) console.log(`(${s.skipped} skipped or todo)`);
  console.log(`${s.passed} passed, ${s.failed} failed`);
  process.exit(ok && s.failed === 0 ? 0 : 1);
});
