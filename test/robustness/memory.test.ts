/**
 * Bounded memory (issue 15, part 4): 1,000 distinct configs with handlers opened, analysed and
 * closed through Engine + Project keep the heap (after forced GC) within 20 MB of the start, and
 * no closed document's text stays reachable. Runs in a child `node --expose-gc`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { it } from 'node:test';

it('1,000 distinct documents opened and closed: heap within 20 MB, no closed text kept', () => {
  const worker = path.join(__dirname, 'memory-worker.ts');
  const res = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', worker, '1000'], { encoding: 'utf8', timeout: 15 * 60_000, maxBuffer: 1 << 24 });
  assert.equal(res.status, 0, res.stderr);
  const out = JSON.parse(res.stdout.trim().split('\n').pop()!) as { deltaMB: number; retainedDocuments: string[]; retainedHelpers: number };
  console.log(`heap after GC: ${JSON.stringify(out)}`);
  assert.ok(out.deltaMB < 20, `heap grew by ${out.deltaMB.toFixed(1)} MB`);
  assert.deepEqual(out.retainedDocuments, []);
  // Helper modules read from disk stay only up to the bounded caches' sizes (lowered imports: 128).
  assert.ok(out.retainedHelpers <= 300, `${out.retainedHelpers} helper texts kept`);
});
