import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initCodeParsers, SINK_KINDS } from '../../server/src/engine/code/index';
import { loadLabels, score } from '../fixtures/handlers/harness';

before(async () => {
  await initCodeParsers();
});

test('labelled handler set: every sink kind is covered in JS/TS and Python', () => {
  const { labels, entries } = loadLabels();
  for (const k of SINK_KINDS) {
    assert.ok(labels.some((l) => l.sinkKind === k && !l.file.endsWith('.py')), `${k} in JS/TS`);
    assert.ok(labels.some((l) => l.sinkKind === k && l.file.endsWith('.py')) , `${k} in Python`);
  }
  assert.ok(entries.some((e) => e.lang === 'javascript') && entries.some((e) => e.lang === 'typescript') && entries.some((e) => e.lang === 'python'));
});

test('labelled handler set: precision and recall', () => {
  const s = score();
  const report = [
    `precision ${(s.precision * 100).toFixed(1)}% recall ${(s.recall * 100).toFixed(1)}% (TP ${s.tp.length}, FP ${s.fp.length}, FN ${s.fn.length})`,
    ...s.fp.map((x) => `FP ${x.file}:${x.line} ${x.sinkKind} ${x.finding.sinkCallee} <- ${x.finding.source.label}`),
    ...s.fn.map((x) => `FN ${x.file}:${x.line} ${x.sinkKind}`),
  ].join('\n');
  console.log(report);
  assert.ok(s.precision >= 0.95, report);
  assert.ok(s.recall >= 0.95, report);
});
