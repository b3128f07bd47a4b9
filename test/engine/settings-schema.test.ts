/**
 * Settings validated once, by schema (issue 15, part 2): `.serverless-guard.yml` and the editor
 * settings go through one validator; wrong types, unknown rule ids and unknown severities are
 * problems (reported, ignored) and the rest still applies; sizes are capped the same everywhere.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import { MAX_RULE_ENTRIES, MAX_SETTINGS_BYTES, mergeSettings, parseSettings, validateEditorSettings } from '../../server/src/engine/settings';

const ids = allRules.map((r) => r.meta.id);

describe('settings schema: editor settings', () => {
  for (const ignorePaths of [5, [5, null, {}], 'a/**', { a: 1 }, [''], ['x'.repeat(5000)]]) {
    it(`ignorePaths: ${JSON.stringify(ignorePaths).slice(0, 40)} is reported and ignored; rules still apply`, () => {
      const { settings, problems } = validateEditorSettings({ ignorePaths, rules: { 'iam-wildcard-action': 'error' } }, { ruleIds: ids });
      assert.ok(problems.length >= 1);
      assert.ok(problems.every((p) => p.startsWith('serverlessGuard.ignorePaths')), problems.join('\n'));
      assert.deepEqual(settings.ignorePaths, []);
      assert.deepEqual(settings.rules, { 'iam-wildcard-action': 'error' });
      // and the merged settings work with the glob matcher (this threw before: every analysis failed)
      const merged = mergeSettings(settings);
      assert.ok(Array.isArray(merged.ignorePaths));
    });
  }

  it('the valid items of a mixed list apply', () => {
    const { settings, problems } = validateEditorSettings({ ignorePaths: [5, 'gen/**', null, 'dist/**'] });
    assert.deepEqual(settings.ignorePaths, ['gen/**', 'dist/**']);
    assert.equal(problems.length, 2);
  });

  it('an unknown severity or rule id is reported and dropped (never a finding without severity)', () => {
    const { settings, problems } = validateEditorSettings({ rules: { 'iam-wildcard-action': 'bogus', 'no-such-rule': 'off', 'iam-wildcard-resource': 'ERROR', 'secret-in-code': false } }, { ruleIds: ids });
    assert.deepEqual(settings.rules, { 'iam-wildcard-resource': 'error', 'secret-in-code': 'off' });
    assert.equal(problems.length, 2);
    assert.match(problems.join('\n'), /iam-wildcard-action: expected one of off, error, warning, info/);
    assert.match(problems.join('\n'), /no-such-rule: unknown rule id/);
  });

  it('wrong types for rules and enable; null and the other keys of the section are fine', () => {
    assert.equal(validateEditorSettings({ rules: ['x'], enable: 'yes' }).problems.length, 2);
    assert.deepEqual(validateEditorSettings(null).problems, []);
    assert.deepEqual(validateEditorSettings({ trace: { server: 'off' }, enable: false }).problems, []);
    assert.equal(validateEditorSettings({ enable: false }).settings.enable, false);
    assert.equal(validateEditorSettings(42).problems.length, 1);
  });

  it('at most MAX_RULE_ENTRIES rule entries are read', () => {
    const rules: Record<string, string> = {};
    for (let i = 0; i < 190_000; i++) rules[`r${i}`] = 'off';
    const { settings, problems } = validateEditorSettings({ rules });
    assert.equal(Object.keys(settings.rules).length, MAX_RULE_ENTRIES);
    assert.ok(problems.length <= 20);
  });
});

describe('settings schema: .serverless-guard.yml', () => {
  it('problems carry their place in the file; the rest applies', () => {
    const text = 'rules:\n  iam-wildcard-action: bogus\n  iam-wildcard-resource: error\n  nope: off\nignorePaths: 5\nextra: 1\n';
    const { settings, problems } = parseSettings(text, { ruleIds: ids });
    assert.deepEqual(settings, { rules: { 'iam-wildcard-resource': 'error' }, ignorePaths: [] });
    assert.equal(problems.length, 4);
    const at = (i: number) => text.slice(problems[i].start, problems[i].end);
    assert.match(at(0), /iam-wildcard-action: bogus/);
    assert.match(at(1), /nope/);
    assert.equal(at(2), '5');
    assert.match(at(3), /extra/);
  });

  it('a file over MAX_SETTINGS_BYTES is not parsed, one problem says so', () => {
    assert.equal(MAX_SETTINGS_BYTES, 1024 * 1024);
    const big = 'rules:\n' + '  r: off\n'.repeat(MAX_SETTINGS_BYTES / 8 + 10);
    const { settings, problems } = parseSettings(big);
    assert.deepEqual(settings.rules, {});
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /larger than 1024 KB/);
  });

  it('190k rule entries under the size cap: only MAX_RULE_ENTRIES read, at most 20 problems', () => {
    let text = 'rules:\n';
    for (let i = 0; text.length < MAX_SETTINGS_BYTES - 40; i++) text += `  r${i}: off\n`;
    const { settings, problems } = parseSettings(text, { ruleIds: ids });
    assert.ok(Object.keys(settings.rules).length <= MAX_RULE_ENTRIES);
    assert.ok(problems.length <= 20);
  });

  it('the engine reports the problems on the settings file itself as invalid-settings warnings', () => {
    const engine = new Engine(new Project(), allRules);
    const text = 'rules:\n  iam-wildcard-action: bogus\nignorePaths: [5]\n';
    const r = engine.analyze('/ws/.serverless-guard.yml', text);
    assert.equal(r.findings.length, 2);
    assert.ok(r.findings.every((f) => f.ruleId === 'invalid-settings' && f.severity === 'warning'));
    assert.deepEqual(engine.analyze('/ws/.serverless-guard.yml', 'rules:\n  iam-wildcard-action: error\n').findings, []);
  });
});
