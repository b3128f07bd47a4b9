/**
 * The incremental YAML parser must be exact: after any edit, its tree, problems and comments equal a
 * fresh full parse of the same text. Random edits (seeded, reproducible) over several realistic
 * templates, with the small-file threshold forced to 0 so the splice path runs on small texts too.
 * SG_FUZZ_SCALE=10 runs ten times as many edits.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ParsedDocument, YMap, YNode } from '../../server/src/engine/yaml/ast';
import { allRules } from '../../rules/index';
import { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import { IncrementalYaml } from '../../server/src/engine/yaml/incremental';
import { parseYaml } from '../../server/src/engine/yaml/parse';
import { EDIT_POSITIONS, editPositionSpans, heavySamTemplate, heavyServerlessYml, mulberry32, samTemplate, serverlessYml } from '../bench/gen';

const SCALE = Number(process.env.SG_FUZZ_SCALE ?? 1) || 1;

// ---------------------------------------------------------------------------------------------
// Canonical dumps.

function canon(n: YNode | null | undefined): unknown {
  if (n == null) return null;
  const r = `${n.range.start}-${n.range.end}`;
  if (n.type === 'scalar') return ['s', r, n.value, n.quoted, n.block ?? false, n.tag ?? null];
  if (n.type === 'seq') return ['q', r, n.tag ?? null, n.items.map(canon)];
  return ['m', r, n.tag ?? null, n.intrinsic ?? false, n.entries.map((p) => [`${p.range.start}-${p.range.end}`, canon(p.key), canon(p.value)])];
}

function dump(d: ParsedDocument): string {
  const problems = d.problems
    .map((p) => `${p.severity}|${p.code}|${p.range.start}-${p.range.end}|${p.message}`)
    .sort();
  return JSON.stringify({
    root: canon(d.root),
    problems,
    comments: d.comments.map((c) => [c.range.start, c.range.end, c.text]),
    documentCount: d.documentCount,
    text: d.text,
  });
}

// ---------------------------------------------------------------------------------------------
// Templates: generated ones plus hand-written texts full of the constructs that make splicing hard.

const HAND_SLS = `# serverless.yml with many YAML shapes
service: shapes

frameworkVersion: '3'
plugins:
- serverless-offline
- serverless-iam-roles-per-function

custom:
  note: plain multi-line
    scalar continues here
    and here
  quoted: "double quoted
    over two lines"
  single: 'it''s single'
  flow: {a: 1, b: [x, y],
    c: z}
  empty:
  script: |
    echo one
      indented more

    echo after blank
  folded: >-
    folded text
    more folded
  keep: |+
    kept

  ? explicit key
  : explicit value
  "quoted key": 1
  'single key': 2

provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action: ['s3:*', "dynamodb:*"]
          Resource: '*'
        - Effect: Deny   # trailing comment
          Action: iam:*
          Resource: !Sub arn:aws:iam::\${AWS::AccountId}:role/*

functions:
  # leading comment of the first function
  first:
    handler: a.b
    events:
      - http: GET /a
      - sqs:
          arn: !GetAtt Queue.Arn
# column-0 comment between functions

  second:
    handler: c.d  # comment
    environment:
      A: \${self:custom.note}
      B: !Ref Thing
      C: !Unknown tagged
    description: |
      block
      text
  third: {handler: e.f, events: [{http: 'POST /x'}]}
  fourth:
    handler: g.h
    iamRoleStatements:
      - Effect: Allow
        Action:
        - s3:GetObject
        - s3:PutObject
        Resource:
          - !Join ['', ['arn:aws:s3:::', !Ref Bucket, '/*']]
  fifth:

resources:
  Resources:
    Queue:
      Type: AWS::SQS::Queue
    Bucket:
      Type: AWS::S3::Bucket
      Properties:
        BucketName: !Sub '\${AWS::StackName}-bucket'
    Policy:
      Type: AWS::IAM::Policy
      Properties:
        PolicyDocument:
          Statement:
            - Effect: Allow
              Action: '*'
              Resource: '*'
  Outputs:
    Q:
      Value: !Ref Queue
# trailing comment at the end`;

const HAND_CFN = `---
AWSTemplateFormatVersion: "2010-09-09"
Description: hand-written CloudFormation
Parameters:
  Env: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              AWS: '*'
            Action: sts:AssumeRole
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                NotAction: iam:*
                Resource: '*'
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Role.Arn
      Code:
        ZipFile: |
          exports.handler = async () => {
            return 1;
          };
      Handler: index.handler
      Runtime: nodejs20.x
  Perm:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Fn
      Principal: "*"
      Action: lambda:InvokeFunction
Outputs:
  Arn:
    Value: !If
      - IsProd
      - !GetAtt Fn.Arn
      - !Ref AWS::NoValue
`;

/** Entries whose ends are decided by the next line: empty and tagged-empty values, keep-chomped block scalars, trailing comments at every column. */
const EDGES = `---
top:
  a:
    k: |+
      kept

  b:
    - x
    -
  c:
    t: !Ref
  d:
    plain: several
      words on
      lines
        # deeper comment
  "e" :
    flow: [1,
      2]
      # comment
   # comment at column 3
 # comment at column 1
  f:
    ? x
    : y
  g: !Sub |
    text
  h:
second: &not-an-anchor-just-text
- a
- b:
    c: 1
-
third: 'x'
# end`.replace('&not-an-anchor-just-text', '');

const ANCHORS = `service: anchors
provider:
  name: aws
  environment: &env
    A: 1
functions:
  one:
    handler: a.b
    environment: *env
  two:
    handler: c.d
    <<: {memorySize: 128}
`;

interface Case {
  name: string;
  text: string;
  /** Share of random edits expected to be spliced (the rest are legitimately parsed in full). */
  minSpliced?: number;
}

const CASES: Case[] = [
  { name: 'generated serverless.yml', text: serverlessYml({ functions: 6, seed: 3 }) },
  { name: 'generated SAM template', text: samTemplate({ functions: 5, seed: 5 }) },
  { name: 'hand-written serverless.yml', text: HAND_SLS },
  { name: 'hand-written serverless.yml, CRLF', text: HAND_SLS.replace(/\n/g, '\r\n') },
  { name: 'hand-written CloudFormation', text: HAND_CFN },
  { name: 'entries ended by the next line', text: EDGES, minSpliced: 0.15 },
  { name: 'anchors and merge keys', text: ANCHORS, minSpliced: 0 },
];

// ---------------------------------------------------------------------------------------------
// Random edits.

const ALPHABET = [':', '-', ' ', ' ', '\n', '"', "'", '#', 'a', 'x', 'Z', '0', '{', '}', '[', ']', ',', '|', '>', '!', '&', '*', '?', '\t', '\r\n', '%', '.', '  ', 'k: v', '\n  ', '- '];

interface Edit {
  at: number;
  del: number;
  ins: string;
}

function randomEdit(rnd: () => number, text: string): Edit {
  const at = Math.floor(rnd() * (text.length + 1));
  const r = rnd();
  if (r < 0.4) return { at, del: 0, ins: ALPHABET[Math.floor(rnd() * ALPHABET.length)] };
  if (r < 0.7) return { at, del: Math.min(text.length - at, 1 + Math.floor(rnd() * 3)), ins: '' };
  if (r < 0.85) return { at, del: Math.min(text.length - at, 1 + Math.floor(rnd() * 2)), ins: ALPHABET[Math.floor(rnd() * ALPHABET.length)] };
  // Paste a copy of some other lines (whole-line moves change block structure).
  const from = Math.floor(rnd() * text.length);
  const len = Math.floor(rnd() * 200);
  const lineAt = text.lastIndexOf('\n', at - 1) + 1;
  return { at: rnd() < 0.5 ? lineAt : at, del: rnd() < 0.3 ? Math.min(text.length - at, Math.floor(rnd() * 60)) : 0, ins: text.slice(from, from + len) };
}

function apply(text: string, e: Edit): string {
  return text.slice(0, e.at) + e.ins + text.slice(e.at + e.del);
}

/** An edit confined to the non-indentation part of one line (what typing usually is). */
function typingEdit(rnd: () => number, text: string): Edit {
  for (;;) {
    const at = Math.floor(rnd() * text.length);
    const ls = text.lastIndexOf('\n', at - 1) + 1;
    let i = ls;
    while (text.charCodeAt(i) === 32) i++;
    if (at < i) continue;
    return rnd() < 0.5 ? { at, del: 0, ins: 'abcxyz019_'[Math.floor(rnd() * 10)] } : { at, del: text.charCodeAt(at) === 10 ? 0 : 1, ins: '' };
  }
}

let failures = 0;

/** Parses `text` incrementally and compares with a full parse; on a mismatch, writes a replayable repro. */
function check(inc: IncrementalYaml, text: string, repro: () => { start: string; edits: (Edit | 'reset')[]; descendChars: number }): void {
  const got = inc.parse(text);
  const want = parseYaml(text, { format: 'yaml' });
  if (inc.stats.last === 'recovered') {
    // A block with a syntax error of its own, spliced (error recovery confined to the block): not
    // exact by design, but the error must be real (a full parse also fails) and stay in the block.
    const region = inc.stats.region!;
    const errs = got.problems.filter((p) => p.severity === 'error');
    if (want.problems.some((p) => p.severity === 'error') && errs.length && errs.every((p) => p.range.start >= region.start && p.range.end <= region.end)) return;
  } else if (dump(got) === dump(want)) return;
  const r = repro();
  const file = path.join(tmpdir(), `sg-incremental-repro-${process.pid}-${++failures}.json`);
  writeFileSync(file, JSON.stringify(r, null, 1));
  const last = r.edits[r.edits.length - 1];
  assert.fail(`incremental result (${inc.stats.last}, region ${JSON.stringify(inc.stats.region)}) differs from a full parse after edit ${JSON.stringify(last)}; replay: ${file}`);
}

describe('incremental YAML parsing equals a full parse', () => {
  for (const c of CASES) {
    it(`random single edits: ${c.name}`, () => {
      const rnd = mulberry32(1000 + c.name.length);
      let spliced = 0;
      const runs = 150 * SCALE;
      for (let run = 0; run < runs; run++) {
        const descendChars = [0, 40, 200, 1024][run % 4];
        const inc = new IncrementalYaml({ minLines: 0, descendChars, maxRegionShare: 1 });
        inc.parse(c.text);
        const e = run % 3 === 0 ? typingEdit(rnd, c.text) : randomEdit(rnd, c.text);
        const next = apply(c.text, e);
        check(inc, next, () => ({ start: c.text, edits: [e], descendChars }));
        if (inc.stats.last === 'incremental') spliced++;
      }
      if (c.minSpliced === 0) assert.equal(spliced, 0, 'documents with anchors are always parsed in full');
      else assert.ok(spliced >= runs * (c.minSpliced ?? 0.25), `only ${spliced}/${runs} edits took the incremental path`);
    });

    it(`random edit sequences (errors typed and fixed): ${c.name}`, () => {
      const rnd = mulberry32(2000 + c.name.length);
      let spliced = 0;
      let total = 0;
      for (let seq = 0; seq < 4 * SCALE; seq++) {
        const descendChars = [0, 100, 1024][seq % 3];
        const inc = new IncrementalYaml({ minLines: 0, descendChars, maxRegionShare: 1 });
        let text = c.text;
        inc.parse(text);
        const history: (Edit | 'reset')[] = [];
        for (let step = 0; step < 60; step++) {
          // Mostly typing, sometimes something structural, and every so often back to the start.
          const e = step % 10 === 9 ? 'reset' : rnd() < 0.7 ? typingEdit(rnd, text) : randomEdit(rnd, text);
          const before = inc.parse(text);
          const snapshot = dump(before);
          text = e === 'reset' ? c.text : apply(text, e);
          history.push(e);
          check(inc, text, () => ({ start: c.text, edits: history, descendChars }));
          // Results are persistent: the previous version is untouched by the new parse.
          assert.equal(dump(before), snapshot, 'previous result was mutated');
          total++;
          if (inc.stats.last === 'incremental') spliced++;
        }
      }
      if (c.minSpliced !== 0) assert.ok(spliced >= total * (c.minSpliced ?? 0.2), `only ${spliced}/${total} edits took the incremental path`);
    });
  }

  it('every pair of characters typed and deleted at every offset of a small file', () => {
    const text = 'a:\n  b:\n    c: 1\n    d: [x,\n      y]\n  e: "q\n    r"\n  # c\nf: |\n  z\n';
    for (let at = 0; at <= text.length; at++) {
      for (const ch of [':', ' ', '\n', '-', '#', '"', 'k', '[', '|']) {
        const inc = new IncrementalYaml({ minLines: 0, descendChars: 0, maxRegionShare: 1 });
        inc.parse(text);
        const typed = text.slice(0, at) + ch + text.slice(at);
        const ins: Edit = { at, del: 0, ins: ch };
        check(inc, typed, () => ({ start: text, edits: [ins], descendChars: 0 }));
        check(inc, text, () => ({ start: text, edits: [ins, { at, del: 1, ins: '' }], descendChars: 0 }));
        if (at < text.length) {
          const deleted = text.slice(0, at) + text.slice(at + 1);
          check(inc, deleted, () => ({ start: text, edits: [ins, { at, del: 1, ins: '' }, { at, del: 1, ins: '' }], descendChars: 0 }));
        }
      }
    }
  });
});

describe('incremental YAML parsing: typing anywhere in a 4,000-line config', () => {
  // The edit positions of the bench: environment values, IAM statements, events, the provider
  // block (SAM: Globals) and top-level keys. Each typed character must equal a full parse, and
  // nearly every one must be spliced (only a character that breaks the syntax falls back).
  for (const [name, text] of [['serverless.yml', heavyServerlessYml()], ['template.yaml', heavySamTemplate()]] as const) {
    it(`every position of ${name}`, () => {
      const spans = editPositionSpans(text);
      const rnd = mulberry32(name.length * 31);
      for (const pos of EDIT_POSITIONS) {
        const inc = new IncrementalYaml();
        inc.parse(text);
        let spliced = 0;
        const runs = 12 * SCALE;
        for (let run = 0; run < runs; run++) {
          const s = spans[pos][Math.floor(rnd() * spans[pos].length)];
          const at = s.start + Math.floor(rnd() * (s.end - s.start + 1));
          const e: Edit = { at, del: 0, ins: 'abcxyz019_'[Math.floor(rnd() * 10)] };
          check(inc, apply(text, e), () => ({ start: text, edits: [e], descendChars: 1024 }));
          if (inc.stats.last === 'incremental') spliced++;
          check(inc, text, () => ({ start: text, edits: [e, 'reset'], descendChars: 1024 }));
        }
        assert.ok(spliced >= runs * 0.75, `${pos}: only ${spliced}/${runs} typed characters were spliced`);
      }
    });
  }
});

describe('incremental YAML parsing: regressions found by fuzzing', () => {
  // yaml places an empty node next to a neighbouring token: an empty key right after the region
  // (or an empty value at its end) moves with the region's content, not with the length delta.
  const cases: [string, string][] = [
    ["handler:\n  - '*'\n  - e: :1\n    f: 2\n:\n  - '*'\n", "handler:\n  - '*'\n  - e: :1\n    f:\n:\n  - '*'\n"],
    [':Actn: !Ref X\n:\n', ':Actn: !Ref\n:\n'],
    ['q5":\n# c0\n  Key6: x # c\nhandler: |+\n ne0\n\n: ', 'q5":\n# c0\n  Key6: x # c\nhandler: -|+\n ne0\n\n: '],
    ["  # c3\nKey31: x\n:\nAction: 'a*'", "  # c3\nKey31:\n:\nAction: 'a*'"],
    ['f:\n  first:\n    events:\n      - sqs:\n          arn: !GetAtt Queue.Arn\n# c\n\n  second: 1\n', 'f:\n  first:\n    events:\n      - sqs:\n          arn: !GetAttueue.Arn\n# c\n\n  second: 1\n'],
    ['R:\n  Role:\n    P:\n      - E: A\n        N: i\n            Resource: x\n  Fn:\n    T: 1\n', 'R:\n  Role:\n    P:\n      - E: A\n        N: i\n            #    Resource: x\n  Fn:\n    T: 1\n'],
  ];
  for (const [before, after] of cases) {
    it(`stays exact for ${JSON.stringify(after).slice(0, 60)}…`, () => {
      for (const descendChars of [0, 30, 1024]) {
        const inc = new IncrementalYaml({ minLines: 0, descendChars, maxRegionShare: 1 });
        inc.parse(before);
        assert.equal(dump(inc.parse(after)), dump(parseYaml(after)));
        assert.equal(dump(inc.parse(before)), dump(parseYaml(before)));
      }
    });
  }
});

describe('incremental YAML parsing: when it splices', () => {
  const big = serverlessYml();

  it('re-parses only the function block an edit touches in a 4,000-line serverless.yml', () => {
    const inc = new IncrementalYaml();
    inc.parse(big);
    const at = big.indexOf('handler:', big.indexOf('functions:') + 5000) + 'handler: src'.length;
    const next = big.slice(0, at) + 'x' + big.slice(at);
    const doc = inc.parse(next);
    assert.equal(inc.stats.last, 'incremental', inc.stats.reason);
    assert.ok(inc.stats.region && inc.stats.region.end - inc.stats.region.start < 2000, 'region is one function block');
    assert.equal(dump(doc), dump(parseYaml(next)));
  });

  it('falls back to a full parse for small files, errors, and structure changes, and recovers after', () => {
    const small = new IncrementalYaml();
    small.parse('a: 1\n');
    small.parse('a: 2\n');
    assert.equal(small.stats.last, 'full', 'files under the line threshold are parsed in full');

    const inc = new IncrementalYaml();
    inc.parse(big);
    const at = big.indexOf('    handler:', big.indexOf('functions:') + 3000) + '    handler:'.length;
    const eol = big.indexOf('\n', at);
    const broken = big.slice(0, at) + ' "unterminated' + big.slice(eol);
    const d1 = inc.parse(broken);
    assert.equal(inc.stats.last, 'full');
    assert.ok(d1.problems.some((p) => p.severity === 'error'));
    // Closing the quote: spliced again, against the last clean baseline.
    const fixed = big.slice(0, at) + ' "unterminated"' + big.slice(eol);
    const d2 = inc.parse(fixed);
    assert.equal(inc.stats.last, 'incremental', inc.stats.reason);
    assert.equal(dump(d2), dump(parseYaml(fixed)));

    // Changing a function key's indentation changes structure: full parse.
    const keyLine = /\n {2}[A-Za-z]/g;
    keyLine.lastIndex = big.indexOf('functions:') + 4000;
    const keyAt = keyLine.exec(big)!.index + 1;
    const shifted = big.slice(0, keyAt) + ' ' + big.slice(keyAt);
    assert.equal(dump(inc.parse(shifted)), dump(parseYaml(shifted)));
    assert.equal(inc.stats.last, 'full');
  });

  it('confines a syntax error typed inside a function block to that block (recovered splice)', () => {
    const inc = new IncrementalYaml();
    inc.parse(big);
    // `method: get` → `method:x get` while typing: an error, but no quote or bracket left open.
    const at = big.indexOf('method:', big.indexOf('functions:') + 3000) + 'method:'.length;
    const typing = big.slice(0, at) + 'x' + big.slice(at);
    const d = inc.parse(typing);
    assert.equal(inc.stats.last, 'recovered', inc.stats.reason);
    const errs = d.problems.filter((p) => p.severity === 'error');
    assert.ok(errs.length >= 1);
    for (const e of errs) assert.ok(e.range.start >= inc.stats.region!.start && e.range.end <= inc.stats.region!.end);
    assert.ok(parseYaml(typing).problems.some((p) => p.severity === 'error'), 'the full parse fails too');
    // Everything outside the block is the baseline's tree (so findings elsewhere stay put).
    assert.equal((d.root as YMap).entries.length, (parseYaml(big).root as YMap).entries.length);
    // The error typed away: exact again, spliced against the clean baseline.
    const fixed = big.slice(0, at) + ' x' + big.slice(at);
    assert.equal(dump(inc.parse(fixed)), dump(parseYaml(fixed)));
    assert.equal(inc.stats.last, 'incremental');
    // With recovery off, the same edit needs a full parse.
    const strict = new IncrementalYaml({ recover: false });
    strict.parse(big);
    strict.parse(typing);
    assert.equal(strict.stats.last, 'full');
  });

  it('refuses a splice that would hide a duplicate key', () => {
    const inc = new IncrementalYaml({ minLines: 0, descendChars: 0, maxRegionShare: 1 });
    const text = 'functions:\n  aa:\n    handler: x\n  ab:\n    handler: y\n';
    inc.parse(text);
    const dup = text.replace('  ab:', '  aa:');
    const doc = inc.parse(dup);
    assert.equal(inc.stats.last, 'full');
    assert.ok(doc.problems.some((p) => p.code === 'DUPLICATE_KEY'));
  });
});

describe('incremental parsing through the engine', () => {
  it('gives the same findings as analysing each version from scratch', () => {
    const text = serverlessYml({ functions: 30, seed: 11 });
    assert.ok(text.split('\n').length >= 300, 'big enough for the incremental path');
    const file = '/project/serverless.yml';
    const engine = new Engine(new Project(), allRules);
    engine.analyze(file, text);
    const rnd = mulberry32(77);
    let cur: string;
    let spliced = 0;
    const strip = (r: ReturnType<Engine['analyze']>) => JSON.stringify(r.findings.map((f) => [f.ruleId, f.severity, f.range.start, f.range.end, f.message, f.fixes.map((x) => x.title)]));
    for (let i = 0; i < 24; i++) {
      // An edit, then back to the original text (as typing and deleting a character does).
      const e = i % 4 === 3 ? randomEdit(rnd, text) : typingEdit(rnd, text);
      for (cur of [apply(text, e), text]) {
        const got = engine.analyze(file, cur);
        if (engine.parseConfig(file, cur).incremental?.stats.last === 'incremental') spliced++;
        const want = new Engine(new Project(), allRules).analyze(file, cur);
        assert.equal(strip(got), strip(want), `edit ${i}: ${JSON.stringify(e)}`);
      }
    }
    assert.ok(spliced >= 16, `only ${spliced} edits were spliced`);
  });
});
