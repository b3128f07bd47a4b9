/**
 * The first publish of a config opened 1.5 s after `initialize` in a fresh server is the complete
 * set (exactly what an analysis without time budget gives), never a partial one and never
 * `analysis-timeout` — on an idle machine and under `npm run test:loaded` (five CPU-bound
 * processes beside the suite). Covers every example and fixture config (opened together in one
 * server), the insecure example with its linked handler, and a generated ~1,100-line vulnerable
 * SAM template with three linked Python handlers. scripts/loaded-open.ts does the same with one
 * fresh server per file, all pinned to one core with five CPU-bound neighbours.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO, differences, openFresh, referenceKeys, repoConfigs, writeVulnerableSam } from '../helpers/first-open';

describe('first publish after a fresh start is complete', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'sg-first-open-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const check = async (root: string, files: string[]) => {
    const firsts = await openFresh(root, files);
    for (const f of firsts) {
      const ref = await referenceKeys(f.file, root);
      assert.ok(ref.length > 0 || f.keys.length === 0, f.file);
      assert.ok(!f.keys.some((k) => k.includes(' analysis-timeout ')), `${path.relative(REPO, f.file)}: analysis-timeout in the first publish`);
      assert.deepEqual(differences(f.keys, ref), [], `${path.relative(REPO, f.file)}: first publish (${f.keys.length} diagnostics after ${f.ms.toFixed(0)} ms) differs from the complete analysis (${ref.length})`);
    }
    return firsts;
  };

  it('a ~1,100-line vulnerable SAM template with linked handlers', async (t) => {
    const file = writeVulnerableSam(path.join(tmp, 'shop'));
    const [f] = await check(path.dirname(file), [file]);
    assert.ok(f.keys.length >= 50, `${f.keys.length} diagnostics`);
    t.diagnostic(`${f.keys.length} diagnostics, first publish after ${f.ms.toFixed(0)} ms`);
  });

  it('the insecure example with its handler', async () => {
    const file = path.join(REPO, 'examples', 'insecure', 'serverless.yml');
    await check(path.dirname(file), [file]);
  });

  it('every example and fixture config, opened together', async (t) => {
    const files = repoConfigs();
    assert.ok(files.length >= 10, files.join(', '));
    const firsts = await check(REPO, files);
    t.diagnostic(firsts.map((f) => `${path.relative(REPO, f.file)} ${f.keys.length} in ${f.ms.toFixed(0)} ms`).join('; '));
  });
});
