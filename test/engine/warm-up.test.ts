/**
 * The server's warm-up (server/src/engine/warm-up.ts) really goes through every analysis path:
 * each synthetic file is analysed completely, with findings and no rule error (its steps swallow
 * errors, so a broken warm-up would otherwise go unnoticed), and only the catalogue step is
 * essential (run before a first analysis that comes early).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { Engine, type AnalysisResult } from '../../server/src/engine/engine';
import type { Project } from '../../server/src/engine/project';
import { warmUpSteps } from '../../server/src/engine/warm-up';

describe('warm-up', () => {
  before(() => initCodeParsers());

  it('analyses a config, a SAM template and JS and Python handlers completely', () => {
    const seen: { file: string; result: AnalysisResult }[] = [];
    const make = (project: Project) => {
      const e = new Engine(project, allRules);
      e.codeSupport = new TreeSitterCodeSupport(e);
      const analyze = e.analyze.bind(e);
      e.analyze = (file, text, options) => {
        const result = analyze(file, text, options);
        seen.push({ file, result });
        return result;
      };
      return e;
    };
    const steps = warmUpSteps(make);
    assert.deepEqual(steps.map((s) => s.essential), [true, false, false, false, false, false]);
    for (const s of steps) s.run();
    const kinds = seen.map((s) => s.result.kind).sort();
    assert.deepEqual(kinds, ['javascript', 'python', 'sam', 'serverless']);
    for (const { file, result } of seen) {
      assert.deepEqual(result.ruleErrors, [], file);
      assert.equal(result.pending, undefined, file);
      assert.ok(result.findings.length > 0, `${file}: no findings`);
    }
    const ids = new Set(seen.flatMap((s) => s.result.findings.map((f) => f.ruleId)));
    for (const id of ['iam-wildcard-action', 'secret-in-config', 'injection-command']) assert.ok(ids.has(id), `${id} among ${[...ids].join(', ')}`);
  });
});
