/**
 * A cut-off analysis can be finished later: `Engine.resume` runs the rules a budget left unrun for
 * the same path and text and merges them, so the language server can complete a file in background
 * slices. Budgets here run on a step clock (each clock read is one step), never on wall time.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { ANALYSIS_TIMEOUT_RULE, Engine, type AnalysisResult } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import { RULE_COST, costOf, orderRules } from '../../server/src/engine/rule-cost';
import type { Finding } from '../../server/src/engine/types';

const root = path.join(__dirname, '..', '..', 'examples', 'insecure');
const CONFIG = path.join(root, 'serverless.yml');
const HANDLER = path.join(root, 'src', 'orders.js');
const files = new Map([CONFIG, HANDLER].map((p) => [p, readFileSync(p, 'utf8')]));

function engine(): Engine {
  const e = new Engine(new Project({ readFile: (p) => files.get(p) }), allRules);
  e.codeSupport = new TreeSitterCodeSupport(e);
  return e;
}
/** A clock that advances one step per read. */
const steps = () => {
  let t = 0;
  return () => ++t;
};
const shape = (fs: Finding[]) => fs.map((f) => `${f.ruleId} ${f.severity} ${f.range.start}-${f.range.end} ${f.message} [${f.fixes.map((x) => x.title).join('|')}]`);

function finish(e: Engine, file: string, text: string, first: AnalysisResult, slice: number): { result: AnalysisResult; slices: number } {
  let r = first;
  let slices = 0;
  while (r.pending?.length) {
    r = e.resume(file, text, r, { timeBudgetMs: slice, now: steps(), reportTimeout: false });
    slices++;
    assert.ok(slices < 200, 'resume makes progress');
  }
  return { result: r, slices };
}

describe('resumable analysis', () => {
  before(() => initCodeParsers());

  for (const file of [CONFIG, HANDLER]) {
    it(`finishing ${path.basename(file)} in slices gives exactly the full analysis`, () => {
      const text = files.get(file)!;
      const full = engine().analyze(file, text);
      assert.equal(full.pending, undefined);
      assert.ok(full.findings.length > 0);
      const e = engine();
      // Two clock steps per started rule: the budget cuts the first call after a couple of rules.
      const first = e.analyze(file, text, { timeBudgetMs: 3, now: steps(), reportTimeout: false });
      assert.ok(first.pending && first.pending.length > 0, 'the first call was cut off');
      assert.ok(!first.findings.some((f) => f.ruleId === ANALYSIS_TIMEOUT_RULE.id), 'no timeout finding while the shell goes on');
      const { result, slices } = finish(e, file, text, first, 3);
      assert.ok(slices > 1, `finished in ${slices} slices`);
      assert.deepEqual(shape(result.findings), shape(full.findings));
      assert.deepEqual(result.ruleErrors, []);
    });
  }

  it('reports analysis-timeout naming the rules left when the shell gives up', () => {
    const text = files.get(CONFIG)!;
    const e = engine();
    const first = e.analyze(CONFIG, text, { timeBudgetMs: 1, now: steps(), reportTimeout: false });
    const left = first.pending!;
    const gaveUp = e.resume(CONFIG, text, first, { timeBudgetMs: 0, reportTimeout: true });
    assert.deepEqual(gaveUp.pending, left, 'budget 0 starts no rule');
    const cut = gaveUp.findings.filter((f) => f.ruleId === ANALYSIS_TIMEOUT_RULE.id);
    assert.equal(cut.length, 1);
    assert.ok(cut[0].message.includes(left[0]), cut[0].message);
    assert.match(cut[0].message, new RegExp(`${left.length} rules? w(as|ere) not run`));
  });

  it('resume for another text is a fresh analysis, and a complete result is returned as is', () => {
    const text = files.get(CONFIG)!;
    const e = engine();
    const first = e.analyze(CONFIG, text, { timeBudgetMs: 1, now: steps(), reportTimeout: false });
    const edited = text.replace('service:', 'service:  ');
    const fresh = e.resume(CONFIG, edited, first);
    assert.equal(fresh.pending, undefined);
    assert.deepEqual(shape(fresh.findings), shape(engine().analyze(CONFIG, edited).findings));
    assert.equal(e.resume(CONFIG, edited, fresh), fresh);
  });

  it('keeps suppressions and settings across slices', () => {
    const text = files.get(CONFIG)!.replace(/^(\s*)(- Effect: Allow)/m, '$1# serverless-guard-ignore iam-wildcard-resource -- test\n$1$2');
    const settings = { rules: { 'iam-wildcard-action': 'info' as const }, ignorePaths: [] };
    const full = engine().analyze(CONFIG, text, { settings });
    const e = engine();
    const { result } = finish(e, CONFIG, text, e.analyze(CONFIG, text, { settings, timeBudgetMs: 1, now: steps(), reportTimeout: false }), 1);
    assert.deepEqual(shape(result.findings), shape(full.findings));
    assert.ok(result.findings.some((f) => f.ruleId === 'iam-wildcard-action' && f.severity === 'info'));
  });

  it('runs config rules before code-scan, taint and SDK-resolution rules', () => {
    const order = orderRules(allRules).map((r) => r.meta.id);
    const classes = order.map(costOf);
    assert.deepEqual(classes, classes.slice().sort((a, b) => a - b), 'non-decreasing cost class');
    assert.ok(order.indexOf('iam-wildcard-action') < order.indexOf('iam-missing-permission'));
    assert.ok(order.indexOf('secret-in-config') < order.indexOf('injection-sql'));
    for (const id of Object.keys(RULE_COST)) assert.ok(allRules.some((r) => r.meta.id === id), `${id} in the cost table is a registered rule`);
    // A budget that admits only the first rules still gets the headline config findings.
    const text = files.get(CONFIG)!;
    const cut = engine().analyze(CONFIG, text, { timeBudgetMs: 20, now: steps(), reportTimeout: false });
    assert.ok(cut.pending?.includes('iam-missing-permission'));
    assert.ok(cut.findings.some((f) => f.ruleId === 'iam-wildcard-action'));
  });
});
