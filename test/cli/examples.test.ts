/**
 * The shipped examples keep their promise: the secure twins have no finding at all, the insecure
 * apps show every category (and the CLI's exit codes follow).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const scan = (...paths: string[]) => spawnSync(process.execPath, [CLI, 'scan', ...paths, '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });

describe('examples/', () => {
  it('secure twins: no findings, exit 0', () => {
    const r = scan('examples/secure', 'examples/secure-sam');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.files, 4);
    assert.deepEqual(out.findings.map((f: { file: string; ruleId: string; line: number }) => `${f.file}:${f.line} ${f.ruleId}`), []);
  });

  it('insecure apps: findings in every category, in config and code, exit 1', () => {
    const r = scan('examples/insecure', 'examples/insecure-sam');
    assert.equal(r.status, 1, r.stderr);
    const findings: { file: string; ruleId: string; category: string }[] = JSON.parse(r.stdout).findings;
    const categories = new Set(findings.map((f) => f.category));
    for (const c of ['iam', 'secrets', 'injection', 'auth']) assert.ok(categories.has(c), `a ${c} finding`);
    const ids = new Set(findings.map((f) => `${f.file} ${f.ruleId}`));
    for (const want of [
      'examples/insecure/serverless.yml iam-wildcard-action',
      'examples/insecure/serverless.yml secret-in-config',
      'examples/insecure/serverless.yml function-url-public',
      'examples/insecure/src/orders.js injection-sql',
      'examples/insecure-sam/app/orders.py injection-command',
      'examples/insecure-sam/template.yaml iam-unknown-action',
    ]) assert.ok(ids.has(want), `expected ${want}`);
  });
});
