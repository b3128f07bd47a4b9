/** formatCount writes counts like `toLocaleString('en-US')` (without loading ICU's number format). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCount } from '../../server/src/engine/iam/policy-analysis';

describe('formatCount', () => {
  it('groups thousands like en-US', () => {
    const values = [0, -0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 12345, 21996, 100000, 999999, 1000000, 1234567, -1, -1000, -1234567, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
    for (const n of values) assert.equal(formatCount(n), n.toLocaleString('en-US'), String(n));
  });
  it('falls back to toLocaleString for what is not a safe integer', () => {
    for (const n of [1.5, 1234.5678, 2 ** 60, NaN, Infinity, -Infinity]) assert.equal(formatCount(n), n.toLocaleString('en-US'), String(n));
  });
});
