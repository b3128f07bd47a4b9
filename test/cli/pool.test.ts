/**
 * The scan pool never loses a result: reports come out in scan order whatever order tasks finish
 * in, and the tasks of a worker that dies (out of memory, crash) are run again in this thread.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import type { FileReport } from '../../server/src/cli/analyze';
import { discover, groupTasks } from '../../server/src/cli/collect';
import { runPool } from '../../server/src/cli/pool';
import { Engine } from '../../server/src/engine/engine';
import { mergeSettings } from '../../server/src/engine/settings';

const ADMIN = "service: s\nprovider:\n  name: aws\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: '*'\n          Resource: '*'\n";

describe('scan pool', () => {
  let dir: string;
  let scripts: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sg-pool-'));
    scripts = mkdtempSync(path.join(os.tmpdir(), 'sg-pool-worker-'));
    for (const p of ['a', 'b', 'c', 'd']) {
      mkdirSync(path.join(dir, p));
      writeFileSync(path.join(dir, p, 'serverless.yml'), ADMIN);
    }
    // A worker script that dies at once, before taking any task.
    writeFileSync(path.join(scripts, 'dying-worker.js'), 'process.exit(7);\n');
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(scripts, { recursive: true, force: true });
  });

  const run = async (workerFile: string | undefined) => {
    const found = discover(['.'], dir, mergeSettings());
    const tasks = groupTasks(found.files, () => dir);
    assert.equal(tasks.length, 4);
    const got: FileReport[] = [];
    await runPool(tasks, {
      jobs: 2,
      env: { cwd: dir, settings: mergeSettings(), roots: [dir] },
      workerFile,
      makeEngine: async () => (project) => new Engine(project, allRules),
      onReport: (r) => got.push(r),
    });
    return got;
  };

  it('in this thread: every file once, in scan order, with its findings', async () => {
    const got = await run(undefined);
    assert.deepEqual(got.map((r) => r.index), [0, 1, 2, 3]);
    assert.deepEqual(got.map((r) => r.file), ['a/serverless.yml', 'b/serverless.yml', 'c/serverless.yml', 'd/serverless.yml']);
    assert.ok(got.every((r) => r.counted && r.errors.length === 0 && r.findings.some((f) => f.ruleId === 'iam-wildcard-action')));
  });

  it('workers that die: their tasks are rerun here, nothing is lost or reported twice', async () => {
    const here = await run(undefined);
    const got = await run(path.join(scripts, 'dying-worker.js'));
    assert.deepEqual(got, here);
  });
});
