/**
 * The fix rules of ARCHITECTURE.md, enforced in `npm test`: every quick fix offered on the examples,
 * the fixture projects and the e2e workspace is applied and the project analysed again
 * (test/helpers/fix-check.ts): (a) its finding is gone, (b) no rule reports a new warning/error,
 * (c) every file it touched still parses. One engine is shared by all folders. The fixture folders
 * are checked one by one (each is its own project; together they take a few seconds).
 * `npm run eval:fixes` runs the same check on the real-world corpus as well.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine, type EngineFactoryResult } from '../../server/src/engine/create';
import { Project, normalizePath } from '../../server/src/engine/project';
import { diskSource } from '../../server/src/shell/disk';
import { checkFixes } from '../helpers/fix-check';

const ROOT = path.resolve(__dirname, '..', '..');
const sub = (d: string) => fs.readdirSync(path.join(ROOT, d)).sort().map((n) => path.join(d, n)).filter((p) => fs.statSync(path.join(ROOT, p)).isDirectory());
const FOLDERS = [...sub('examples'), ...sub('test/fixtures'), 'test/e2e/fixtures/workspace', ...sub('test/fixes/projects')];

let factory: EngineFactoryResult;
before(async () => {
  factory = await createEngine();
});

for (const folder of FOLDERS) {
  test(`every fix offered in ${folder} passes the fix rules`, async () => {
    const r = await checkFixes(path.join(ROOT, folder), factory);
    const lines = r.violations.map((v) => `[${v.kind}] ${v.file}:${v.line} ${v.rule} — "${v.fix}": ${v.detail}`);
    assert.deepEqual(lines, []);
  });
}

test('the fix rules are exercised: the examples offer iam fixes that are applied and checked', async () => {
  const r = await checkFixes(path.join(ROOT, 'examples/insecure'), factory);
  assert.ok((r.stats.get('iam-unused-permission')?.fixesApplied ?? 0) >= 2);
});

test('SAM policy templates: unused ones are removed, broad ones replaced by a statement whose !Sub keeps !GetAtt / !Sub / !ImportValue arguments (sam-templates)', async () => {
  const r = await checkFixes(path.join(ROOT, 'test/fixes/projects/sam-templates'), factory);
  const s = r.stats.get('iam-unused-permission');
  assert.equal(s?.findings, 5);
  assert.equal(s?.fixesApplied, 5);
  assert.equal(r.violations.length, 0);
});

test('narrowing per resource on a CloudFormation role: S3 read on the bucket, logs on the log group, KMS on the SSE key', () => {
  const file = normalizePath(path.join(ROOT, 'test/fixes/projects/narrow-cfn/template.yaml'));
  const text = fs.readFileSync(file, 'utf8');
  const engine = factory.makeEngine(new Project(diskSource(1 << 20)));
  const finding = engine.analyze(file, text, {}).findings.find((f) => f.ruleId === 'iam-unused-permission');
  assert.ok(finding, 'iam-unused-permission on Action * / Resource *');
  const fix = finding.fixes.find((f) => f.title.startsWith('Narrow to what the code uses'));
  assert.ok(fix);
  let out = text;
  for (const e of [...fix.changes[0].edits].sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  const policy = out.slice(out.indexOf('            Statement:'), out.indexOf('  Fn:'));
  assert.equal(
    policy,
    `            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: !Sub '\${Reports.Arn}/*'
              - Effect: Allow
                Action:
                  - logs:CreateLogGroup
                  - logs:CreateLogStream
                  - logs:PutLogEvents
                Resource: !Sub 'arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/orders-fn:*'
              - Effect: Allow
                Action:
                  - kms:Decrypt
                  - kms:GenerateDataKey
                Resource: !GetAtt ReportsKey.Arn
`,
  );
});
