/**
 * The CLI on hostile files on disk: invalid UTF-8 (stray continuation bytes, truncated and overlong
 * sequences, encoded surrogates, 0xFF) in configs and handlers, UTF-16 with its BOM, CRLF + BOM,
 * random binary named like a config, and files over the engine's and the CLI's size limits. The
 * scan exits 0/1 (never 2), prints JSON/SARIF that parse, reports what the readable parts contain,
 * and writes no internal error.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prng, SEED } from './harness';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });

/** Byte sequences that are not valid UTF-8. */
const INVALID = [Buffer.from([0xff]), Buffer.from([0xfe, 0xfe]), Buffer.from([0xc3, 0x28]), Buffer.from([0x80, 0xbf]), Buffer.from([0xf0, 0x9f, 0x98]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]), Buffer.from([0xe2, 0x82])];
const bad = (...parts: (string | number)[]) => Buffer.concat(parts.map((p) => (typeof p === 'number' ? INVALID[p % INVALID.length] : Buffer.from(p, 'utf8'))));

describe('robustness: the CLI on invalid UTF-8 and binary files on disk', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sg-robust-cli-'));
    const w = (rel: string, data: Buffer | string) => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), data);
    };
    w('svc/serverless.yml', bad('service: orders ', 0, '\nprovider:\n  name: aws\n  environment:\n    NOTE: "caf', 2, '"\n    ', 3, 'KEY: value', 4, '\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: \'*\'\n          Resource: \'*\'\n# comment ', 5, 6, 7, '\nfunctions:\n  create:\n    handler: src/handler.main\n'));
    w('svc/src/handler.js', bad("const { exec } = require('child_process');\n// ", 1, '\nexports.main = async (event) => {\n  const s = "', 6, '";\n  exec(\'ls \' + event.body);\n};\n'));
    w('py/template.yaml', bad("AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      Description: ", 8, '\n'));
    w('py/app.py', bad('import os\n# ', 0, '\ndef handler(event, context):\n    x = "', 4, '"\n    os.system("ls " + event["body"])\n'));
    w('cfn/template.json', bad('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"P": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "s3:', 0, '*", "Resource": "', 6, '"}]}}}}}'));
    w('utf16/template.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n", 'utf16le')]));
    w('crlf/serverless.yml', '\uFEFFservice: x\r\nprovider:\r\n  name: aws\r\n  iam:\r\n    role:\r\n      statements:\r\n        - {Effect: Allow, Action: "s3:*", Resource: "*"}\r\n');
    const rnd = prng(SEED);
    w('blob/serverless.yml', Buffer.from(Array.from({ length: 64 * 1024 }, () => Math.floor(rnd() * 256))));
    w('blob/handler.py', Buffer.from(Array.from({ length: 64 * 1024 }, () => 1 + Math.floor(rnd() * 255))));
    w('big/serverless.yml', 'service: big\n# ' + 'x'.repeat(3 * 1024 * 1024) + '\n');
    w('bigger/serverless.yml', 'service: bigger\n# ' + 'x'.repeat(5 * 1024 * 1024) + '\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('scans everything with exit 1 and JSON that parses, reporting what the readable parts contain', () => {
    // Liveness: a hang fails through run()'s timeout; no wall-clock bound on the scan itself.
    const r = run(['scan', '.', '--format', 'json'], dir);
    assert.equal(r.status, 1, r.stderr.slice(0, 3000));
    assert.doesNotMatch(r.stderr, /internal error|uncaught|unhandled/i);
    const out = JSON.parse(r.stdout) as { files: number; findings: { ruleId: string; file: string }[]; skipped: unknown[]; complete: boolean };
    const found = (file: string, ruleId: string) => out.findings.some((f) => f.file === file && f.ruleId === ruleId);
    assert.ok(found('svc/serverless.yml', 'iam-wildcard-action'), JSON.stringify(out.findings.map((f) => [f.file, f.ruleId])));
    assert.ok(found('svc/src/handler.js', 'injection-command'));
    assert.ok(found('py/app.py', 'injection-command'));
    assert.ok(found('cfn/template.json', 'iam-unknown-action'), 'the action with U+FFFD in it');
    assert.ok(found('crlf/serverless.yml', 'iam-service-wildcard-action'));
    assert.ok(found('big/serverless.yml', 'file-too-large'));
    assert.match(r.stderr, /skipped bigger\/serverless\.yml: larger than 4 MB \(5\.0 MB\)/);
    assert.deepEqual(out.skipped, [{ file: 'bigger/serverless.yml', reason: 'too-large', detail: 'larger than 4 MB (5.0 MB)' }]);
    assert.equal(out.complete, true, 'a file over the size cap is a deliberate skip, not an incomplete scan');
  });

  it('SARIF and text output of the same files', () => {
    const sarif = run(['scan', '.', '--format', 'sarif'], dir);
    assert.equal(sarif.status, 1, sarif.stderr.slice(0, 3000));
    const log = JSON.parse(sarif.stdout) as { version: string; runs: { results: unknown[] }[] };
    assert.equal(log.version, '2.1.0');
    assert.ok(log.runs[0].results.length > 5);
    const text = run(['scan', '.'], dir);
    assert.equal(text.status, 1);
    assert.doesNotMatch(text.stderr, /internal error/i);
  });
});
