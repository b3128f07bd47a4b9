/**
 * Per-entry finding reuse (server/src/engine/reuse.ts): findings of entries whose text and context
 * did not change are re-reported instead of re-computed. After any sequence of edits — environment
 * values, IAM statements, events, the provider block, top-level keys, line breaks, variables — the
 * findings (and the fixes of re-reported ones) must equal a from-scratch analysis of the same text.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import type { Finding } from '../../server/src/engine/types';
import { EDIT_POSITIONS, editPositionSpans, heavySamTemplate, heavyServerlessYml, mulberry32 } from '../bench/gen';

before(async () => {
  await initCodeParsers();
});

/** The oracle: a new engine with reuse off (nothing re-reported, not even within one run). */
function fresh(file: string, text: string) {
  const engine = new Engine(new Project(), allRules);
  engine.reuse.enabled = false;
  return engine.analyze(file, text);
}

const strip = (fs: readonly Finding[]) => fs.map((f) => `${f.ruleId}|${f.severity}|${f.range.start}-${f.range.end}|${f.message}|${JSON.stringify(f.related ?? [])}`);

/** Characters a user types, including ones that change structure or bring in variables. */
const TYPED = ['a', 'Z', '7', '_', ':', ' ', '\n', '*', "'", '$', '{', '}', '-', '#'];

function randomEdit(rnd: () => number, text: string, spans: ReturnType<typeof editPositionSpans>): { at: number; del: number; ins: string } {
  const pos = EDIT_POSITIONS[Math.floor(rnd() * EDIT_POSITIONS.length)];
  const list = spans[pos].filter((s) => s.end <= text.length);
  const s = list.length ? list[Math.floor(rnd() * list.length)] : { start: 0, end: text.length };
  const at = Math.min(text.length, s.start + Math.floor(rnd() * (s.end - s.start + 1)));
  const r = rnd();
  if (r < 0.15) return { at, del: Math.min(text.length - at, 1 + Math.floor(rnd() * 3)), ins: '' };
  if (r < 0.25) return { at, del: 0, ins: '${self:custom.tableName}' };
  if (r < 0.3) return { at, del: 0, ins: 'PASSWORD: Qm8rT2vX9pL4sW7k\n' };
  return { at, del: 0, ins: TYPED[Math.floor(rnd() * TYPED.length)] };
}

function run(name: string, base: string, seed: number, steps: number): { replayed: number; compared: number } {
  const file = `/project/${name}`;
  const engine = new Engine(new Project(), allRules);
  engine.analyze(file, base);
  const rnd = mulberry32(seed);
  let cur = base;
  let compared = 0;
  const before = engine.reuse.stats.replayed;
  for (let i = 0; i < steps; i++) {
    // Mostly an edit of the current text; now and then back to the original (undo).
    const e = randomEdit(rnd, cur, editPositionSpans(cur));
    cur = rnd() < 0.2 ? base : cur.slice(0, e.at) + e.ins + cur.slice(e.at + e.del);
    const got = engine.analyze(file, cur);
    const want = fresh(file, cur);
    assert.deepEqual(strip(got.findings), strip(want.findings), `${name}, step ${i}: ${JSON.stringify(e)}`);
    // Fixes of re-reported findings are built from the current text: compare a few.
    for (let k = 0; k < 3 && got.findings.length; k++) {
      const j = Math.floor(rnd() * got.findings.length);
      assert.deepEqual(JSON.parse(JSON.stringify(got.findings[j].fixes)), JSON.parse(JSON.stringify(want.findings[j].fixes)), `${name}, step ${i}: fixes of ${strip([got.findings[j]])}`);
    }
    compared++;
  }
  return { replayed: engine.reuse.stats.replayed - before, compared };
}

describe('per-entry finding reuse equals a fresh analysis', () => {
  it('serverless.yml with a secret, statements and an http event in every function', () => {
    const text = heavyServerlessYml({ functions: 24, seed: 5 });
    assert.ok(text.split('\n').length >= 300, 'big enough for the incremental path');
    const r = run('serverless.yml', text, 101, 70);
    // The reuse really ran (a test that passes with reuse silently off proves nothing).
    assert.ok(r.replayed > r.compared * 10, `only ${r.replayed} entries re-reported in ${r.compared} analyses`);
  });

  it('SAM template with a secret, statements and an Api event in every function', () => {
    const text = heavySamTemplate({ functions: 16, seed: 3 });
    assert.ok(text.split('\n').length >= 300, 'big enough for the incremental path');
    const r = run('template.yaml', text, 202, 60);
    assert.ok(r.replayed > r.compared * 10, `only ${r.replayed} entries re-reported in ${r.compared} analyses`);
  });

  it('re-checks entries whose context changed: provider environment, custom values, the stage', () => {
    const text = heavyServerlessYml({ functions: 24, seed: 9 });
    const file = '/project/serverless.yml';
    const engine = new Engine(new Project(), allRules);
    engine.analyze(file, text);
    const edits: [string, string][] = [
      // A secret-named neighbour in the inherited environment changes what each function's values mean.
      ["    LOG_LEVEL: 'info'", "    LOG_LEVEL: 'info'\n    API_SECRET: Zt5wQ9mK2xR7pV4n"],
      // A custom value the functions' environments reference becomes a literal secret.
      ['  tableName: ${self:service}-${sls:stage}-table', "  tableName: 'Hq7vN3kP9wX2mT5r'"],
      ['  stage: ${opt:stage, "dev"}', '  stage: prod'],
    ];
    let cur = text;
    for (const [from, to] of edits) {
      assert.ok(cur.includes(from), from);
      cur = cur.replace(from, to);
      const got = engine.analyze(file, cur);
      const want = fresh(file, cur);
      assert.deepEqual(strip(got.findings), strip(want.findings), to);
    }
  });

  it('re-checks a function when an access key id appears in the inherited environment', () => {
    // A 40-character AWS-secret-shaped value under a neutral name is a secret only next to an
    // access key id, and the provider environment is part of every function's neighbourhood.
    const rnd = mulberry32(4);
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';
    let sk = '';
    for (let i = 0; i < 40; i++) sk += chars[Math.floor(rnd() * chars.length)];
    let id = 'AK' + 'IA';
    for (let i = 0; i < 16; i++) id += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[Math.floor(rnd() * 32)];
    const text = heavyServerlessYml({ functions: 24, seed: 9 }).replace(/( {6}FUNCTION_ID: [^\n]*\n)/, `$1      SIGNING_VALUE: '${sk}'\n`);
    const file = '/project/serverless.yml';
    const engine = new Engine(new Project(), allRules);
    const before = engine.analyze(file, text).findings.filter((f) => f.ruleId === 'secret-in-config').length;
    const cur = text.replace("    LOG_LEVEL: 'info'", `    LOG_LEVEL: 'info'\n    ACCESS_ID: ${id}`);
    const got = engine.analyze(file, cur);
    const want = fresh(file, cur);
    assert.deepEqual(strip(got.findings), strip(want.findings));
    // The id itself and the value in the function are both new findings.
    assert.equal(got.findings.filter((f) => f.ruleId === 'secret-in-config').length, before + 2);
  });

  it('re-checks a function whose Fn::Join literal is resolved from a custom value', () => {
    const text = heavyServerlessYml({ functions: 24, seed: 9 })
      .replace('custom:\n', "custom:\n  dbPass: '${ssm:/bench/db-pass}'\n")
      .replace(/( {6}FUNCTION_ID: [^\n]*\n)/, "$1      DB_URL: !Join ['', ['postgres://admin:', '${self:custom.dbPass}', '@db.internal:5432/app']]\n");
    const file = '/project/serverless.yml';
    const engine = new Engine(new Project(), allRules);
    const before = engine.analyze(file, text).findings.filter((f) => f.ruleId === 'secret-in-config').length;
    const cur = text.replace("dbPass: '${ssm:/bench/db-pass}'", "dbPass: 'Vr8kQ2mX7pW4zT9n'");
    const got = engine.analyze(file, cur);
    assert.deepEqual(strip(got.findings), strip(fresh(file, cur).findings));
    assert.ok(got.findings.filter((f) => f.ruleId === 'secret-in-config').length > before, 'the resolved URL holds a password now');
  });

  // A keystroke right after a key's colon (`custom:` → `custom:9`, `events:` → `events:x`) or in
  // its indentation changes the document's structure: the parse is a full one of a broken file, its
  // errors can swallow the rest of the file, and the next keystroke (the character deleted) brings
  // the old structure back (its entries re-reported from the run before). Each state must give what
  // a from-scratch analysis gives, at the top level, in the provider block, in events and in IAM
  // statements, for both kinds of config.
  for (const [name, text] of [
    ['serverless.yml', heavyServerlessYml({ functions: 24, seed: 9 })],
    ['template.yaml', heavySamTemplate({ functions: 16, seed: 9 })],
  ] as const) {
    it(`structure-breaking edits and their undo equal a fresh analysis: ${name}`, () => {
      const file = `/project/${name}`;
      const engine = new Engine(new Project(), allRules);
      engine.analyze(file, text);
      const spans = editPositionSpans(text);
      let compared = 0;
      let broken = 0;
      for (const pos of ['toplevel', 'provider', 'events', 'iam'] as const) {
        // The first key line at this position with a block value (the line ends with the colon), or
        // else the first with a key (its colon followed by a space): the character goes right after it.
        const line = spans[pos].find((sp) => text[sp.end - 1] === ':') ?? spans[pos].find((sp) => text.slice(sp.start, sp.end).includes(': '));
        assert.ok(line, `${name}: a key line in ${pos}`);
        const colon = text[line.end - 1] === ':' ? line.end : text.indexOf(': ', line.start) + 1;
        const states = [
          text.slice(0, colon) + '9' + text.slice(colon), // `key:9`
          text,
          text.slice(0, colon) + 'x' + text.slice(colon), // another character: another broken text
          text.slice(0, line.start) + ' ' + text.slice(line.start), // one more space of indentation
          text.slice(0, colon - 1) + text.slice(colon), // the colon deleted
          text,
        ];
        for (const cur of states) {
          const got = engine.analyze(file, cur);
          const want = fresh(file, cur);
          assert.deepEqual(strip(got.findings), strip(want.findings), `${name}, ${pos}: ${JSON.stringify(cur.slice(line.start, colon + 2))}`);
          if (want.findings.some((f) => f.ruleId === 'parse-error')) broken++;
          compared++;
        }
        // The edits did break the file (a test of edits that change nothing proves little).
        assert.ok(broken > 0, `${name}, ${pos}: none of the edited texts was broken`);
        broken = 0;
      }
      assert.equal(compared, 24);
    });
  }

  it('Transform: edits (SAM ↔ plain CloudFormation) equal a fresh analysis; a second switch re-reports the CloudFormation entries', () => {
    const text = heavySamTemplate({ functions: 16, seed: 9 });
    const file = '/project/template.yaml';
    const engine = new Engine(new Project(), allRules);
    engine.analyze(file, text);
    const at = text.indexOf('AWS::Serverless') + 'AWS::'.length;
    assert.ok(at > 5, 'the template has a SAM Transform');
    const other = text.replace('Description:', 'Descriptions:');
    // Typing into the transform (plain CloudFormation), undoing it, SAM edits in between, then
    // another keystroke in the transform: the CloudFormation kind again.
    const states: { text: string; kind: string; sw?: boolean }[] = [
      { text: text.slice(0, at) + 'x' + text.slice(at), kind: 'cfn', sw: true },
      { text, kind: 'sam' },
      { text: other, kind: 'sam' },
      { text, kind: 'sam' },
      { text: other, kind: 'sam' },
      { text: text.slice(0, at + 4) + '5' + text.slice(at + 4), kind: 'cfn', sw: true },
      { text, kind: 'sam' },
    ];
    const checkedAt: number[] = [];
    for (const s of states) {
      const c0 = engine.reuse.stats.checked;
      const got = engine.analyze(file, s.text);
      const want = fresh(file, s.text);
      assert.equal(got.kind, s.kind);
      assert.deepEqual(strip(got.findings), strip(want.findings), JSON.stringify(s.text.slice(at - 16, at + 20)));
      if (s.sw) checkedAt.push(engine.reuse.stats.checked - c0);
    }
    // The first switch checks the entries in their new kind; the second finds them recorded.
    assert.ok(checkedAt[0] > 0, `first switch checked ${checkedAt[0]}`);
    assert.equal(checkedAt[1], 0, 'second switch to plain CloudFormation');
  });

  it("a function role's statement is re-judged when its handler's calls change (same statement text)", () => {
    // What the handler uses of a pattern is in the finding's message and severity: the statement's reuse key holds it.
    const files = new Map<string, string>();
    files.set('/p/serverless.yml', [
      'service: s',
      'provider:',
      '  name: aws',
      '  runtime: nodejs20.x',
      'plugins:',
      '  - serverless-iam-roles-per-function',
      'functions:',
      '  get:',
      '    handler: src/get.handler',
      '    iamRoleStatements:',
      '      - Effect: Allow',
      '        Action: dynamodb:*',
      "        Resource: '*'",
      '      - Effect: Allow',
      '        Action: s3:Get*',
      '        Resource: !GetAtt Table.Arn',
      'resources:',
      '  Resources:',
      '    Table:',
      '      Type: AWS::DynamoDB::Table',
      '',
    ].join('\n'));
    const handler = (op: string) => `const { DynamoDBClient, ${op}Command } = require('@aws-sdk/client-dynamodb');\nconst ddb = new DynamoDBClient({});\nexports.handler = async (event) => ddb.send(new ${op}Command({ TableName: process.env.T, Key: { id: { S: event.id } } }));\n`;
    files.set('/p/src/get.js', handler('GetItem'));
    const source = { readFile: (p: string) => files.get(p), exists: (p: string) => files.has(p), listDir: (d: string) => [...new Set([...files.keys()].filter((k) => k.startsWith(d + '/')).map((k) => k.slice(d.length + 1).split('/')[0]))] };
    const engineOn = (reuse: boolean) => {
      const project = new Project(source);
      const e = new Engine(project, allRules);
      e.reuse.enabled = reuse;
      e.codeSupport = new TreeSitterCodeSupport(e, () => '/p');
      return e;
    };
    const engine = engineOn(true);
    const cfg = files.get('/p/serverless.yml')!;
    const wildcard = (fs: readonly Finding[]) => strip(fs.filter((f) => f.ruleId === 'iam-service-wildcard-action'));
    const first = engine.analyze('/p/serverless.yml', cfg).findings;
    assert.deepEqual(strip(first), strip(engineOn(false).analyze('/p/serverless.yml', cfg).findings));
    assert.match(wildcard(first).join('\n'), /dynamodb:GetItem/);
    // Another call in the handler; the config's text is the same (a space typed and deleted: a new analysis).
    files.set('/p/src/get.js', handler('DeleteItem'));
    engine.project.setOpen('/p/src/get.js', files.get('/p/src/get.js')!, 2);
    engine.analyze('/p/serverless.yml', cfg + ' ');
    const replayedBefore = engine.reuse.stats.replayed;
    const got = engine.analyze('/p/serverless.yml', cfg).findings;
    const want = engineOn(false).analyze('/p/serverless.yml', cfg).findings;
    assert.deepEqual(strip(got), strip(want));
    assert.notDeepEqual(wildcard(got), wildcard(first), 'the message follows the handler');
    // The second statement (its handler use unchanged) is re-reported, not checked again.
    assert.ok(engine.reuse.stats.replayed > replayedBefore);
  });

  it("re-judges a template statement when a resource its !Sub / !GetAtt names changes (the statement's text does not)", () => {
    // The sample ARN of the referenced resource decides which of the pattern's actions apply (the count in the message).
    const template = (type: string) => [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Handler: app.handler',
      '      Runtime: python3.12',
      '      Policies:',
      '        - Statement:',
      '            - Effect: Allow',
      '              Action: sqs:*',
      "              Resource: !Sub '${Thing.Arn}'",
      '            - Effect: Allow',
      '              Action: sns:*',
      '              Resource: !GetAtt Thing.Arn',
      '  Thing:',
      `    Type: ${type}`,
      '',
    ].join('\n');
    const file = '/project/template.yaml';
    const engine = new Engine(new Project(), allRules);
    const wildcard = (fs: readonly Finding[]) => strip(fs.filter((f) => f.ruleId === 'iam-service-wildcard-action'));
    const a = template('AWS::SQS::Queue');
    const first = engine.analyze(file, a).findings;
    assert.deepEqual(strip(first), strip(fresh(file, a).findings));
    const b = template('AWS::SNS::Topic');
    const got = engine.analyze(file, b).findings;
    assert.deepEqual(strip(got), strip(fresh(file, b).findings));
    assert.notDeepEqual(wildcard(got), wildcard(first), 'the messages follow the resource type');
    // And back: the first version's records are re-reported.
    const replayed = engine.reuse.stats.replayed;
    assert.deepEqual(strip(engine.analyze(file, a).findings), strip(first));
    assert.ok(engine.reuse.stats.replayed > replayed);
  });

  it('the engine with reuse switched off gives the same result (and reuses nothing)', () => {
    const text = heavyServerlessYml({ functions: 12, seed: 2 });
    const file = '/project/serverless.yml';
    const engine = new Engine(new Project(), allRules);
    engine.reuse.enabled = false;
    engine.analyze(file, text);
    const cur = text.replace('FUNCTION_ID:', 'FUNCTION_IDX:');
    const got = engine.analyze(file, cur);
    assert.equal(engine.reuse.stats.replayed, 0);
    assert.deepEqual(strip(got.findings), strip(fresh(file, cur).findings));
  });
});
