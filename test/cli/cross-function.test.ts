/**
 * Issue 14, "Done when": the labelled multi-function apps of test/fixtures/cross-function (written
 * before the analysis) scanned with the built CLI (SARIF, for the related locations). Every
 * positive is reported at the sink, not as info, with the writer's file named in the message and
 * every hop of its path (writer source, write, trigger, sink) among the finding's locations; the
 * route gets its own finding; every negative is at most info.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const DIR = path.join(ROOT, 'test', 'fixtures', 'cross-function');

interface Hop { file: string; line: number; hop: string }
interface Expected {
  positives: { rule: string; file: string; line: number; writer: string; path: Hop[]; route: { file: string; line: number } }[];
  negatives: { rule: string; file: string; line: number; maxSeverity: 'info' }[];
}
interface Loc { file: string; line: number }
interface Result { rule: string; level: string; file: string; line: number; message: string; related: Loc[] }

function scan(app: string): Result[] {
  const r = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'sarif'], { cwd: path.join(DIR, app), encoding: 'utf8' });
  const sarif = JSON.parse(r.stdout);
  const loc = (l: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }): Loc => ({
    file: l.physicalLocation.artifactLocation.uri,
    line: l.physicalLocation.region?.startLine ?? 0,
  });
  return sarif.runs[0].results.map((x: { ruleId: string; level: string; message: { text: string }; locations: never[]; relatedLocations?: never[] }) => ({
    rule: x.ruleId,
    level: x.level,
    message: x.message.text,
    ...loc(x.locations[0]),
    related: (x.relatedLocations ?? []).map(loc),
  }));
}

const apps = fs.readdirSync(DIR).filter((d) => fs.statSync(path.join(DIR, d)).isDirectory()).sort();

describe('cross-function apps (test/fixtures/cross-function)', () => {
  it('has at least 12 labelled apps, positives and negatives', () => {
    assert.ok(apps.length >= 12);
  });
  for (const app of apps) {
    const exp: Expected = JSON.parse(fs.readFileSync(path.join(DIR, app, 'expected.json'), 'utf8'));
    it(app, () => {
      const results = scan(app);
      for (const p of exp.positives) {
        const f = results.find((x) => x.rule === p.rule && x.file === p.file && x.line === p.line);
        assert.ok(f, `${p.rule} at ${p.file}:${p.line}`);
        assert.notEqual(f.level, 'note', `${p.rule} at the sink is not info`);
        assert.ok(f.message.includes(p.writer), `the message names the writer ${p.writer}: ${f.message}`);
        const at = [{ file: f.file, line: f.line }, ...f.related];
        for (const h of p.path) assert.ok(at.some((l) => l.file === h.file && l.line === h.line), `hop ${h.hop} at ${h.file}:${h.line} in ${JSON.stringify(at)}`);
        // the route's own finding (a route in the writer's code, or the policy that opens the resource)
        const route = results.find((x) => x.rule === p.rule && x.file === p.route.file && x.line === p.route.line);
        assert.ok(route, `route finding at ${p.route.file}:${p.route.line}`);
        assert.ok(route.message.includes(path.basename(p.file)), `the route finding names the reader: ${route.message}`);
      }
      for (const n of exp.negatives) {
        const f = results.find((x) => x.rule === n.rule && x.file === n.file && x.line === n.line);
        assert.ok(!f || f.level === 'note', `${n.rule} at ${n.file}:${n.line} is at most info (${f?.level}: ${f?.message})`);
      }
    });
  }
});

describe('one handler file shared by several functions', () => {
  it("only the trigger of the function whose export runs the source names a writer (the route's own flow gets no queue provenance)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-shared-file-'));
    try {
      fs.writeFileSync(path.join(dir, 'serverless.yml'), `service: cards
provider:
  name: aws
  runtime: python3.12
functions:
  create:
    handler: handler.create
    events:
      - httpApi: POST /cards
  update:
    handler: handler.update
    events:
      - httpApi: PUT /cards/{id}
  process:
    handler: handler.process
    events:
      - sqs:
          arn: arn:aws:sqs:eu-west-1:123456789012:cards-tasks
`);
      fs.writeFileSync(path.join(dir, 'handler.py'), `import json
import os
import boto3

sqs = boto3.resource("sqs")
queue = sqs.get_queue_by_name(QueueName="cards-tasks")


def create(event, context):
    queue.send_message(MessageBody=event["body"])
    return {"statusCode": 202}


def update(event, context):
    os.system("touch /tmp/" + event["body"])
    return {"statusCode": 200}


def process(event, context):
    for record in event["Records"]:
        os.system("render " + record["body"])
`);
      const r = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
      const findings: { ruleId: string; line: number; message: string }[] = JSON.parse(r.stdout).findings;
      const update = findings.find((f) => f.ruleId === 'injection-command' && f.line === 15);
      const proc = findings.find((f) => f.ruleId === 'injection-command' && f.line === 21);
      assert.ok(update, JSON.stringify(findings.map((f) => `${f.ruleId}:${f.line}`)));
      assert.doesNotMatch(update.message, /arrives via|written by/, update.message);
      assert.ok(proc, 'the queue consumer is reported');
      assert.match(proc.message, /written by handler\.py/, proc.message);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
