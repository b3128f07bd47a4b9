/**
 * The engine's own limits: oversized files are skipped with one clear finding, analysis that runs
 * past its time budget stops starting rules (one info finding names the rules that did not run),
 * and a rule that throws loses only its own findings.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { ANALYSIS_TIMEOUT_RULE, EDITOR_MAX_CONFIG_CHARS, Engine, FILE_TOO_LARGE_RULE, MAX_ANALYSIS_CHARS } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import { defineRule, type Rule } from '../../server/src/engine/rule';

const project = () => new Project({ readFile: () => undefined });
const YML = `service: s\nprovider:\n  name: aws\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: '*'\n          Resource: '*'\nfunctions:\n  a:\n    handler: a.h\n`;

const throwing: Rule = defineRule({
  meta: { id: 'test-throws', category: 'iam', severity: 'error', title: 't', docs: { summary: 't' }, appliesTo: ['serverless'] },
  check() {
    throw new Error('boom');
  },
});

describe('engine limits', () => {
  it('skips an oversized config with one info finding and keeps no parse state', () => {
    const big = YML + '# ' + 'x'.repeat(MAX_ANALYSIS_CHARS) + '\n';
    const r = new Engine(project(), allRules).analyze('/p/serverless.yml', big);
    assert.deepEqual(r.findings.map((f) => [f.ruleId, f.severity]), [[FILE_TOO_LARGE_RULE.id, 'info']]);
    assert.match(r.findings[0].message, /2\.0 MB/);
    assert.deepEqual(r.findings[0].range, { start: 0, end: 0 });
  });

  it('says nothing about a big JSON/YAML file that is not a config', () => {
    const big = '{"data": "' + 'x'.repeat(MAX_ANALYSIS_CHARS) + '"}';
    const r = new Engine(project(), allRules).analyze('/p/fixtures/data.json', big);
    assert.equal(r.findings.length, 0);
    assert.equal(r.kind, undefined);
  });

  it('reports an oversized handler file as skipped', () => {
    const big = 'exports.h = async () => 1;\n' + '//' + 'y'.repeat(MAX_ANALYSIS_CHARS);
    const r = new Engine(project(), allRules).analyze('/p/bundle.js', big);
    assert.deepEqual(r.findings.map((f) => f.ruleId), [FILE_TOO_LARGE_RULE.id]);
  });

  it('the editor limit for configs is lower, and says the CLI analyses the file', () => {
    const big = YML + '# ' + 'x'.repeat(EDITOR_MAX_CONFIG_CHARS) + '\n';
    const r = new Engine(project(), allRules).analyze('/p/serverless.yml', big, { maxConfigChars: EDITOR_MAX_CONFIG_CHARS });
    assert.deepEqual(r.findings.map((f) => f.ruleId), [FILE_TOO_LARGE_RULE.id]);
    assert.match(r.findings[0].message, /the editor analyses configs up to 256 KB as you type.*serverless-guard scan/);
    // The CLI (no editor limit) analyses the same text.
    const cli = new Engine(project(), allRules).analyze('/p/serverless.yml', big);
    assert.ok(cli.findings.some((f) => f.ruleId === 'iam-wildcard-action'));
    // Code files keep the general limit.
    const code = 'exports.h = async () => 1;\n//' + 'y'.repeat(EDITOR_MAX_CONFIG_CHARS);
    const c = new Engine(project(), allRules).analyze('/p/handler.js', code, { maxConfigChars: EDITOR_MAX_CONFIG_CHARS });
    assert.ok(!c.findings.some((f) => f.ruleId === FILE_TOO_LARGE_RULE.id));
  });

  it('reports a big template.yaml even without AWSTemplateFormatVersion near the top', () => {
    const big = 'Resources:\n' + '  # ' + 'z'.repeat(MAX_ANALYSIS_CHARS) + '\n';
    const r = new Engine(project(), allRules).analyze('/p/template.yaml', big);
    assert.deepEqual(r.findings.map((f) => f.ruleId), [FILE_TOO_LARGE_RULE.id]);
  });

  it('honours settings for the size finding', () => {
    const big = YML + '#' + 'x'.repeat(MAX_ANALYSIS_CHARS);
    const r = new Engine(project(), allRules).analyze('/p/serverless.yml', big, { settings: { rules: { [FILE_TOO_LARGE_RULE.id]: 'off' }, ignorePaths: [] } });
    assert.equal(r.findings.length, 0);
  });

  it('stops starting rules once the time budget is spent and says which did not run', () => {
    let clock = 0;
    // Every clock read advances 10 ms: the budget of 25 ms runs out after the first rules.
    const r = new Engine(project(), allRules).analyze('/p/serverless.yml', YML, { timeBudgetMs: 25, now: () => (clock += 10) });
    const cut = r.findings.filter((f) => f.ruleId === ANALYSIS_TIMEOUT_RULE.id);
    assert.equal(cut.length, 1);
    assert.equal(cut[0].severity, 'info');
    assert.match(cut[0].message, /cut off after \d+ ms \(time budget 25 ms\): \d+ rules were not run/);
    const ran = new Set(r.findings.map((f) => f.ruleId));
    // The first rule of the registry ran; the others were not started.
    assert.ok(ran.size < 4, [...ran].join(','));
  });

  it('does not report a cut-off when the budget suffices', () => {
    const r = new Engine(project(), allRules).analyze('/p/serverless.yml', YML);
    assert.ok(!r.findings.some((f) => f.ruleId === ANALYSIS_TIMEOUT_RULE.id));
    assert.ok(r.findings.some((f) => f.ruleId === 'iam-wildcard-action'));
  });

  it('keeps the other rules’ findings when one rule throws', () => {
    const r = new Engine(project(), [throwing, ...allRules]).analyze('/p/serverless.yml', YML);
    assert.deepEqual(r.ruleErrors.map((e) => e.ruleId), ['test-throws']);
    assert.match(r.ruleErrors[0].error, /boom/);
    assert.ok(r.findings.some((f) => f.ruleId === 'iam-wildcard-action'));
  });
});
