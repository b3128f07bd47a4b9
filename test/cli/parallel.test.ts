/**
 * The CLI at scale: files are grouped into project-folder tasks, the tasks run on worker threads
 * (`--jobs`), and the output is the same, byte for byte, whatever the number of workers: a
 * multi-project tree (Serverless, SAM with CodeUri into a sibling folder, nested projects, a handler
 * folder without a config, plain CloudFormation) scanned with --jobs 1, 2 and 3 in all formats.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { groupTasks, MAX_TASK_FILES } from '../../server/src/cli/collect';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

const SLS = (name: string, handler: string) => `service: ${name}
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    DB_PASSWORD: Zq8#vLr2!mWp4TxK
  iam:
    role:
      statements:
        - Effect: Allow
          Action: '*'
          Resource: '*'
functions:
  api:
    handler: ${handler}
    events:
      - http: { path: /run, method: post }
`;
const JS_HANDLER = `const { exec } = require('child_process');
const { helper } = require('../lib/helper');
exports.main = async (event) => {
  exec('ls ' + event.body);
  return helper(event);
};
`;
const HELPER = `exports.helper = (event) => require('child_process').execSync('echo ' + event.queryStringParameters.q);\n`;
const SAM = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ../shared-code/
      Handler: app.handler
      Runtime: python3.12
      Policies:
        - Statement:
            - Effect: Allow
              Action: s3:*
              Resource: '*'
      Events:
        Api:
          Type: Api
          Properties: { Path: /x, Method: get }
`;
const PY = `import os
def handler(event, context):
    os.system("ls " + event["body"])
`;
const CFN = `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"P": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}}}}}`;

describe('CLI: the same results with any number of workers', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sg-cli-par-'));
    const w = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    };
    for (let i = 0; i < 6; i++) {
      w(`svc-${i}/serverless.yml`, SLS(`svc${i}`, 'src/handler.main'));
      w(`svc-${i}/src/handler.js`, JS_HANDLER);
      w(`svc-${i}/lib/helper.js`, HELPER);
    }
    w('sam/stack/template.yaml', SAM);
    w('sam/shared-code/app.py', PY);
    w('nested/serverless.yml', SLS('outer', 'handler.main'));
    w('nested/handler.js', JS_HANDLER);
    w('nested/inner/serverless.yml', SLS('inner', 'src/handler.main'));
    w('nested/inner/src/handler.js', JS_HANDLER);
    w('loose/tool.js', "const cp = require('child_process');\nexports.main = (event) => cp.exec(event.cmd);\n");
    w('cfn/policy.json', CFN);
    w('a-b/serverless.yml', SLS('dash', 'h.main'));
    w('a/serverless.yml', SLS('plain', 'h.main'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const format of ['json', 'sarif', 'text'] as const) {
    it(`--format ${format}: --jobs 1, 2 and 3 print the same bytes and exit the same`, () => {
      const one = run(['scan', '.', '--format', format, '--jobs', '1'], dir);
      assert.equal(one.status, 1, one.stderr);
      assert.equal(one.stderr, '');
      for (const jobs of ['2', '3']) {
        const many = run(['scan', '.', '--format', format, '--jobs', jobs], dir);
        assert.equal(many.status, one.status, many.stderr);
        assert.equal(many.stderr, one.stderr);
        assert.equal(many.stdout, one.stdout, `--jobs ${jobs} differs from --jobs 1`);
      }
      if (format === 'json') {
        const out = JSON.parse(one.stdout) as { files: number; findings: { file: string; ruleId: string }[] };
        // Scan order: path arguments in order, each folder in name order ('a' before 'a-b').
        const files = [...new Set(out.findings.map((f) => f.file))];
        assert.deepEqual(files.slice(0, 2), ['a/serverless.yml', 'a-b/serverless.yml'], 'folder by folder, not by whole path string');
        const ids = new Set(out.findings.map((f) => `${f.file} ${f.ruleId}`));
        for (const want of ['svc-3/src/handler.js injection-command', 'sam/shared-code/app.py injection-command', 'nested/inner/src/handler.js injection-command', 'cfn/policy.json iam-service-wildcard-action', 'svc-5/serverless.yml secret-in-config']) {
          assert.ok(ids.has(want), `${want} in ${[...ids].join('\n')}`);
        }
        assert.equal(out.files, 6 * 3 + 2 + 4 + 1 + 1 + 2);
      }
    });
  }

  it('groups files by the nearest folder holding a config, tasks in scan order', () => {
    const f = (rel: string) => path.join('/w', rel);
    const files = ['a/serverless.yml', 'a/src/h.js', 'a/src/deep/x.js', 'a/inner/template.yaml', 'a/inner/app.py', 'b/lib/u.js', 'b/lib/v.js', 'c/tool.py'].map(f);
    const tasks = groupTasks(files, () => '/w');
    assert.deepEqual(
      tasks.map((t) => t.files.map((x) => path.relative('/w', x))),
      [['a/serverless.yml', 'a/src/h.js', 'a/src/deep/x.js'], ['a/inner/template.yaml', 'a/inner/app.py'], ['b/lib/u.js', 'b/lib/v.js'], ['c/tool.py']],
    );
    assert.deepEqual(tasks[0].indexes, [0, 1, 2]);
  });

  it('splits a huge project folder into tasks of at most MAX_TASK_FILES files', () => {
    const files = ['/w/serverless.yml', ...Array.from({ length: MAX_TASK_FILES + 10 }, (_, i) => `/w/src/f${String(i).padStart(4, '0')}.js`)];
    const tasks = groupTasks(files, () => '/w');
    assert.equal(tasks.length, 2);
    assert.equal(tasks[0].files.length, MAX_TASK_FILES);
    assert.deepEqual(tasks.flatMap((t) => t.indexes), files.map((_, i) => i));
  });
});
