/**
 * The CLI's public interface: JSON shape, exit codes, SARIF 2.1.0 (schema-validated), file discovery.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });

const ADMIN = `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: '*'
          Resource: '*'
functions:
  create:
    handler: src/create.handler
`;
const CLEAN = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bucket:
    Type: AWS::S3::Bucket
`;

describe('serverless-guard scan', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sg-cli-'));
    mkdirSync(path.join(dir, 'svc'), { recursive: true });
    writeFileSync(path.join(dir, 'svc', 'serverless.yml'), ADMIN);
    writeFileSync(path.join(dir, 'clean.yaml'), CLEAN);
    for (const skip of ['node_modules/pkg', '.serverless', '.aws-sam/build', 'cdk.out', '.git']) {
      mkdirSync(path.join(dir, skip), { recursive: true });
      writeFileSync(path.join(dir, skip, 'serverless.yml'), ADMIN);
    }
    writeFileSync(path.join(dir, 'notes.yml'), 'a: 1\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints exactly the documented JSON and exits 1 on an error finding', () => {
    const r = run(['scan', '.', '--format', 'json'], dir);
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ['version', 'files', 'findings', 'skipped', 'complete'], 'the documented keys first, in order; then the additions');
    assert.deepEqual(out.skipped, []);
    assert.equal(out.complete, true);
    assert.equal(out.version, 1);
    assert.equal(out.files, 2, 'serverless.yml and clean.yaml; skipped dirs and unrelated YAML not counted');
    assert.equal(out.findings.length, 1);
    const f = out.findings[0];
    assert.deepEqual(Object.keys(f), ['ruleId', 'category', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'message', 'fixes']);
    assert.deepEqual({ ...f, message: undefined }, {
      ruleId: 'iam-wildcard-action',
      category: 'iam',
      severity: 'error',
      file: 'svc/serverless.yml',
      line: 8,
      column: 19,
      endLine: 8,
      endColumn: 22,
      message: undefined,
      fixes: ['Ignore iam-wildcard-action here…'],
    });
  });

  it('exits 0 when nothing is at severity error, and with a settings override', () => {
    assert.equal(run(['scan', 'clean.yaml', '--format', 'json'], dir).status, 0);
    writeFileSync(path.join(dir, 'sg.yml'), 'rules:\n  iam-wildcard-action: warning\n');
    const r = run(['scan', 'svc', '--format=json', '--config', 'sg.yml'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).findings[0].severity, 'warning');
    writeFileSync(path.join(dir, 'off.yml'), 'rules:\n  iam-wildcard-action: off\nignorePaths: []\n');
    assert.equal(JSON.parse(run(['scan', 'svc', '-f', 'json', '-c', 'off.yml'], dir).stdout).findings.length, 0);
  });

  it('honours ignorePaths and inline suppressions', () => {
    writeFileSync(path.join(dir, 'ign.yml'), 'ignorePaths:\n  - svc/**\n');
    assert.equal(JSON.parse(run(['scan', '.', '-f', 'json', '-c', 'ign.yml'], dir).stdout).findings.length, 0);
    const d = mkdtempSync(path.join(os.tmpdir(), 'sg-cli-sup-'));
    try {
      writeFileSync(path.join(d, 'serverless.yml'), ADMIN.replace("          Action: '*'", "          # serverless-guard-ignore iam-wildcard-action -- break-glass role, SEC-12\n          Action: '*'"));
      const r = run(['scan', '.', '-f', 'json'], d);
      assert.equal(r.status, 0);
      assert.equal(JSON.parse(r.stdout).findings.length, 0);
      writeFileSync(path.join(d, 'serverless.yml'), ADMIN.replace("          Action: '*'", "          # serverless-guard-ignore iam-wildcard-action\n          Action: '*'"));
      const r2 = JSON.parse(run(['scan', '.', '-f', 'json'], d).stdout);
      assert.deepEqual(r2.findings.map((f: { ruleId: string }) => f.ruleId), ['suppression-reason-required']);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('exits 2 on usage errors', () => {
    assert.equal(run(['scan', '--format', 'xml'], dir).status, 2);
    assert.equal(run(['scan', '--nope'], dir).status, 2);
    assert.equal(run(['frobnicate'], dir).status, 2);
    assert.equal(run(['scan', 'does-not-exist'], dir).status, 2, 'nothing could be scanned');
    assert.equal(run(['scan', '--jobs', '0'], dir).status, 2);
    assert.equal(run(['scan', '--jobs', 'two'], dir).status, 2);
    assert.equal(run(['scan', '--root', 'does-not-exist'], dir).status, 2);
    assert.equal(run(['scan', '--config', 'missing.yml'], dir).status, 2);
    assert.equal(run(['--help'], dir).status, 0);
  });

  it('prints readable text and writes --output files', () => {
    const r = run(['scan', '.'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /svc\/serverless\.yml\n {2}8:19 {2}error/);
    assert.match(r.stdout, /1 finding \(1 error, 0 warning, 0 info\) in 2 files/);
    const o = run(['scan', '.', '--format', 'json', '--output', 'out.json'], dir);
    assert.equal(o.stdout, '');
    assert.equal(JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')).findings.length, 1);
  });

  it('emits SARIF 2.1.0 that validates against the schema', () => {
    const r = run(['scan', '.', '--format', 'sarif'], dir);
    assert.equal(r.status, 1);
    const sarif = JSON.parse(r.stdout);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: {} }] }), false, 'the validator rejects broken SARIF');
    const valid: boolean = validate(structuredClone(sarif));
    assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const run0 = sarif.runs[0];
    const rule = run0.tool.driver.rules.find((x: { id: string }) => x.id === 'iam-wildcard-action');
    assert.match(rule.helpUri, /iam-wildcard-action\.md$/);
    assert.equal(rule.properties.category, 'iam');
    assert.equal(run0.results[0].ruleId, 'iam-wildcard-action');
    assert.equal(run0.results[0].level, 'error');
    assert.deepEqual(run0.results[0].locations[0].physicalLocation.region, { startLine: 8, startColumn: 19, endLine: 8, endColumn: 22 });
    assert.equal(run0.results[0].locations[0].physicalLocation.artifactLocation.uri, 'svc/serverless.yml');
  });
});

describe('serverless-guard scan: fixes that change who can call are marked (confirmFixes)', () => {
  const ROUTE = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action: execute-api:Invoke
          Resource: arn:aws:execute-api:eu-west-1:123456789012:abc/*
functions:
  create:
    handler: src/create.handler
    events:
      - http:
          path: /orders
          method: post
`;
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sg-cli-confirm-'));
    writeFileSync(path.join(dir, 'serverless.yml'), ROUTE);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('JSON: the documented fields unchanged, then confirmFixes naming the IAM fix and the question', () => {
    const r = run(['scan', '.', '--format', 'json'], dir);
    const out = JSON.parse(r.stdout);
    const f = out.findings.find((x: { ruleId: string }) => x.ruleId === 'api-endpoint-no-authorizer');
    assert.ok(f, r.stdout);
    assert.deepEqual(Object.keys(f), ['ruleId', 'category', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'message', 'fixes', 'confirmFixes']);
    assert.ok(f.fixes.every((t: unknown) => typeof t === 'string'), 'fixes stay a list of titles');
    const iam = f.fixes.find((t: string) => t.startsWith('Require IAM authorization'));
    assert.ok(iam, JSON.stringify(f.fixes));
    assert.deepEqual(f.confirmFixes.map((c: { fix: string }) => c.fix), [iam], 'only the auth fix, not the suppression');
    assert.match(f.confirmFixes[0].message, /changes who can call POST \/orders/);
    // a finding without such a fix has no confirmFixes key
    const other = out.findings.filter((x: { ruleId: string }) => x.ruleId !== 'api-endpoint-no-authorizer');
    assert.ok(other.every((x: object) => !('confirmFixes' in x)));
  });

  it('SARIF: properties.confirmFixes, schema-valid; text output says to confirm', () => {
    const r = run(['scan', '.', '--format', 'sarif'], dir);
    const sarif = JSON.parse(r.stdout);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    assert.ok(validate(structuredClone(sarif)), JSON.stringify(validate.errors?.slice(0, 5)));
    const res = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'api-endpoint-no-authorizer');
    assert.equal(res.properties.confirmFixes.length, 1);
    assert.match(res.properties.confirmFixes[0].fix, /^Require IAM authorization/);
    const t = run(['scan', '.'], dir);
    assert.match(t.stdout, /\n {6}confirm: This changes who can call POST \/orders/);
  });
});
