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
import { Engine, type AnalysisResult, type AnalyzeOptions } from '../../server/src/engine/engine';
import type { Project } from '../../server/src/engine/project';
import { warmUpSteps } from '../../server/src/engine/warm-up';

describe('warm-up', () => {
  before(() => initCodeParsers());

  it('analyses a config, a SAM template and JS and Python handlers completely, in slices', () => {
    // the last result of each file (an analysis is cut into slices: analyze, then resume)
    const last = new Map<string, AnalysisResult>();
    let slices = 0;
    const make = (project: Project) => {
      const e = new Engine(project, allRules);
      e.codeSupport = new TreeSitterCodeSupport(e);
      const analyze = e.analyze.bind(e);
      const resume = e.resume.bind(e);
      e.analyze = (file, text, options) => {
        const result = analyze(file, text, options);
        if (file.includes('__serverless-guard-warm-up__')) (slices++, last.set(file, result));
        return result;
      };
      e.resume = (file, text, previous, options) => {
        const result = resume(file, text, previous, options);
        slices++;
        last.set(file, result);
        return result;
      };
      return e;
    };
    const steps = warmUpSteps(make);
    assert.deepEqual(steps.map((s) => s.essential), [true, false, false, false, false, false, false, false]);
    for (const s of steps) while (s.run());
    const kinds = [...last.values()].map((r) => r.kind).sort();
    assert.deepEqual(kinds, ['javascript', 'python', 'sam', 'serverless', 'serverless']);
    for (const [file, result] of last) {
      assert.deepEqual(result.ruleErrors, [], file);
      assert.equal(result.pending, undefined, file);
      assert.ok(result.findings.length > 0, `${file}: no findings`);
    }
    const ids = new Set([...last.values()].flatMap((r) => r.findings.map((f) => f.ruleId)));
    for (const id of ['iam-wildcard-action', 'secret-in-config', 'injection-command']) assert.ok(ids.has(id), `${id} among ${[...ids].join(', ')}`);
    assert.ok(slices >= last.size);
  });

  it('a sliced analysis finds what a whole one finds', () => {
    const make = (project: Project) => {
      const e = new Engine(project, allRules);
      e.codeSupport = new TreeSitterCodeSupport(e);
      return e;
    };
    const sliced = new Map<string, string[]>();
    const whole = new Map<string, string[]>();
    // a clock that moves one unit per reading: budget 1 lets a resumed slice start exactly one rule
    let tick = 0;
    const now = () => tick++;
    const record = (into: Map<string, string[]>, budget: number | undefined) => (project: Project) => {
      const e = make(project);
      const analyze = e.analyze.bind(e);
      const resume = e.resume.bind(e);
      const keep = (file: string, r: AnalysisResult) => {
        if (!r.pending) into.set(file, r.findings.map((f) => `${f.ruleId}@${f.range.start}-${f.range.end}:${f.message}`));
        return r;
      };
      const opts = (options: AnalyzeOptions | undefined): AnalyzeOptions => (budget === undefined ? { ...options, timeBudgetMs: undefined } : { ...options, timeBudgetMs: budget, now });
      e.analyze = (file, text, options) => keep(file, analyze(file, text, opts(options)));
      e.resume = (file, text, previous, options) => keep(file, resume(file, text, previous, opts(options)));
      return e;
    };
    for (const s of warmUpSteps(record(whole, undefined))) while (s.run());
    // one rule per slice: the most slices there can be
    let slices = 0;
    for (const s of warmUpSteps(record(sliced, 1))) while (s.run()) slices++;
    assert.ok(slices > 39, `${slices} slices`);
    assert.equal(sliced.size, whole.size);
    for (const [file, f] of whole) assert.deepEqual(sliced.get(file), f, file);
  });
});
