/**
 * Actions whose resource types are all optional extras (iam/data/optional-resources.ts): the table
 * is complete for its services by the catalogue's own data, and the narrowing fixes keep those
 * actions on '*' (scoping translate:StartTextTranslationJob to a terminology ARN breaks every job
 * without a terminology), with the iam:PassRole the job needs.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allServicePrefixes, actionsForService, lookupAction } from '../../server/src/engine/iam/catalog';
import { OPTIONAL_RESOURCE_ONLY, OPTIONAL_RESOURCE_ONLY_TABLE, optionalExtrasCandidate, staysOnStar } from '../../server/src/engine/iam/data/optional-resources';
import { createEngine, type EngineFactoryResult } from '../../server/src/engine/create';
import { checkFixes } from '../helpers/fix-check';
import { Project } from '../../server/src/engine/project';
import { diskSource } from '../../server/src/shell/disk';

describe('optional-resource data', () => {
  it('every entry exists in the catalogue with only optional resource types', () => {
    for (const e of OPTIONAL_RESOURCE_ONLY_TABLE) {
      const a = lookupAction(e.action);
      assert.ok(a && a.fullName === e.action, e.action);
      assert.ok(a!.resourceTypes.length > 0 && a!.resourceTypes.every((r) => !r.required), e.action);
      assert.ok(e.source.startsWith('https://'), e.action);
    }
  });

  it("every catalogue candidate (all types optional, Read/Write, no shared word) of the table's services is an entry", () => {
    const services = new Set(OPTIONAL_RESOURCE_ONLY_TABLE.map((e) => e.action.split(':')[0]));
    const missing: string[] = [];
    for (const p of allServicePrefixes()) {
      if (!services.has(p)) continue;
      for (const a of actionsForService(p)) if (optionalExtrasCandidate(a) && !OPTIONAL_RESOURCE_ONLY.has(a.fullName)) missing.push(a.fullName);
    }
    assert.deepEqual(missing, []);
  });

  it('the candidate rule: a translation job is one, reading a named terminology or tagging by ARN is not', () => {
    assert.ok(optionalExtrasCandidate(lookupAction('translate:StartTextTranslationJob')!));
    assert.ok(!optionalExtrasCandidate(lookupAction('translate:GetTerminology')!));
    assert.ok(!optionalExtrasCandidate(lookupAction('translate:ListTagsForResource')!));
    assert.ok(!optionalExtrasCandidate(lookupAction('s3:GetObject')!));
    assert.ok(staysOnStar(lookupAction('translate:StartTextTranslationJob')) && staysOnStar(lookupAction('xray:PutTraceSegments')));
    assert.ok(!staysOnStar(lookupAction('s3:GetObject')) && !staysOnStar(lookupAction('translate:GetTerminology')));
  });
});

describe('narrowing keeps optional-extras actions on * (test/fixes/projects/optional-resource)', () => {
  let factory: EngineFactoryResult;
  before(async () => {
    factory = await createEngine();
  });

  it('translate:* narrowed to StartTextTranslationJob stays on *, iam:PassRole is used; every fix passes the fix rules', async () => {
    const r = await checkFixes(path.resolve(__dirname, 'projects/optional-resource'), factory);
    assert.deepEqual(r.violations.map((v) => `[${v.kind}] ${v.rule} "${v.fix}": ${v.detail}`), []);
    // the fixes were exercised, and nothing reports iam:PassRole as unused
    assert.ok((r.stats.get('iam-service-wildcard-action')?.fixesApplied ?? 0) >= 1);
    const engine = factory.makeEngine(new Project(diskSource(1 << 20)));
    const file = path.resolve(__dirname, 'projects/optional-resource/template.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const findings = engine.analyze(file, text, { timeBudgetMs: 60_000 }).findings;
    assert.ok(!findings.some((f) => f.ruleId === 'iam-unused-permission' && f.message.includes('iam:PassRole')), findings.map((f) => f.message).join('\n'));
    // One finding per cause: the translate:* statement's narrowing is the wildcard finding's fix (iam-unused-permission folds into it).
    const narrow = findings.find((f) => f.ruleId === 'iam-service-wildcard-action' && f.fixes.some((x) => x.title.startsWith('Narrow')))!;
    const fix = narrow.fixes.find((x) => x.title.startsWith('Narrow'))!;
    const edit = fix.changes[0].edits.map((e) => e.newText).join('');
    assert.match(edit, /translate:StartTextTranslationJob/);
    assert.ok(!/REPLACE_WITH|arn:aws:translate/.test(edit), edit);
  });
});
