/**
 * `releaseAllPaths` (lru.ts): the CLI empties every path-owned cache after each project, so no
 * lowered import, model or fix config of a finished project stays in a scan worker's heap.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { LruCache, ownedByPath, releaseAllPaths, releasePath } from '../../server/src/engine/lru';

it('releaseAllPaths empties every registered cache; releasePath drops one path', () => {
  const a = ownedByPath(new Map<string, number>([['/p/a.js', 1], ['/p/b.js', 2]]));
  const b = ownedByPath(new LruCache<string, number>(4));
  b.set('/q/c.js', 3);
  const unregistered = new Map<string, number>([['/p/a.js', 1]]);
  releasePath('/p/a.js');
  assert.deepEqual([...a.keys()], ['/p/b.js']);
  releaseAllPaths();
  assert.equal(a.size, 0);
  assert.equal(b.size, 0);
  assert.equal(unregistered.size, 1, 'only registered caches');
});
