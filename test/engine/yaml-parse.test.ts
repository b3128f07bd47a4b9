import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { get, getPath, toJS, type YMap, type YNode } from '../../server/src/engine/yaml/ast';
import { CFN_TAGS, parseYaml } from '../../server/src/engine/yaml/parse';
import { cpuTime, withinUnits } from '../helpers/timing';

const src = (text: string, n: { range: { start: number; end: number } } | null | undefined) => (n ? text.slice(n.range.start, n.range.end) : undefined);

describe('YAML parsing with CloudFormation tags', () => {
  it('normalises every short-form tag to its long form', () => {
    for (const [tag, long] of Object.entries(CFN_TAGS)) {
      const text = `a: ${tag} x\n`;
      const r = parseYaml(text);
      assert.deepEqual(toJS(r.root), { a: { [long]: tag === '!GetAtt' ? ['x'] : 'x' } }, tag);
      assert.deepEqual(r.problems, [], tag);
      const m = get(r.root, 'a') as YMap;
      assert.equal(m.intrinsic, true);
      assert.equal(src(text, m.entries[0].key), tag, 'the long-form key keeps the range of the tag the user typed');
      assert.equal(src(text, m), `${tag} x`);
    }
  });

  it('handles scalar, sequence and mapping forms and nesting', () => {
    const text = 'a: !Join [",", [x, !Ref B]]\nb: !Sub\n  - "${X}-y"\n  - X: !GetAtt R.Arn\nc: !If [Cond, !Ref A, !Ref "AWS::NoValue"]\nd: !Base64\n  Fn::Sub: x\n';
    const r = parseYaml(text);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(toJS(r.root), {
      a: { 'Fn::Join': [',', ['x', { Ref: 'B' }]] },
      b: { 'Fn::Sub': ['${X}-y', { X: { 'Fn::GetAtt': ['R', 'Arn'] } }] },
      c: { 'Fn::If': ['Cond', { Ref: 'A' }, { Ref: 'AWS::NoValue' }] },
      d: { 'Fn::Base64': { 'Fn::Sub': 'x' } },
    });
  });

  it('splits !GetAtt a.b with precise ranges', () => {
    const text = 'x: !GetAtt MyTable.StreamArn\n';
    const r = parseYaml(text);
    const seq = (get(r.root, 'x') as YMap).entries[0].value as { items: YNode[] };
    assert.deepEqual(seq.items.map((i) => src(text, i)), ['MyTable', 'StreamArn']);
  });

  it('reports unknown tags as warnings and keeps the value', () => {
    const text = 'a: !Foo bar\nb: 1\n';
    const r = parseYaml(text);
    assert.deepEqual(toJS(r.root), { a: 'bar', b: 1 });
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].code, 'unknown-tag');
    assert.equal(src(text, r.problems[0]), '!Foo');
  });

  it('parses JSON templates into the same tree with ranges', () => {
    const text = '{\n  "Resources": {\n    "R": {"Type": "AWS::IAM::Role", "Properties": {"Arn": {"Fn::GetAtt": ["T", "Arn"]}}}\n  }\n}\n';
    const r = parseYaml(text, { format: 'json' });
    assert.deepEqual(r.problems, []);
    const t = getPath(r.root, 'Resources.R.Type');
    assert.equal(src(text, t), '"AWS::IAM::Role"');
    assert.deepEqual(toJS(getPath(r.root, 'Resources.R.Properties.Arn')), { 'Fn::GetAtt': ['T', 'Arn'] });
  });

  it('never throws on broken input and reports a located error', () => {
    for (const text of ['a: [1, 2\nb: c', 'key: "unterminated', ':\n  - : -', '\t- x', 'a:\n  b: 1\n c: 2', '{"a": ', '!Ref', '- !GetAtt', '%YAML 9\n---\na']) {
      const r = parseYaml(text);
      assert.ok(Array.isArray(r.problems));
    }
    const r = parseYaml('a: [1, 2\nb: c');
    assert.ok(r.problems.some((p) => p.severity === 'error'));
  });

  it('expands aliases and merge keys, and stops alias bombs', () => {
    const r = parseYaml('base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\nref: *b\n');
    assert.deepEqual(toJS(r.root), { base: { x: 1, y: 2 }, use: { x: 1, y: 3 }, ref: { x: 1, y: 2 } });
    let bomb = 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n';
    let prev = 'a';
    for (let i = 0; i < 12; i++) {
      bomb += `b${i}: &b${i} [${Array(10).fill('*' + prev).join(',')}]\n`;
      prev = `b${i}`;
    }
    const { ms, value: b } = cpuTime(() => parseYaml(bomb));
    const w = withinUnits(ms, 100);
    assert.ok(w.ok, w.message);
    assert.ok(b.problems.some((p) => p.code === 'alias-limit'));
  });

  it('collects comments with ranges, and counts documents', () => {
    const text = '# top\na: 1 # trailing\n---\nb: 2\n';
    const r = parseYaml(text);
    assert.deepEqual(r.comments.map((c) => src(text, c)), ['# top', '# trailing']);
    assert.equal(r.documentCount, 2);
  });

  it('handles binary-ish and huge single-line input without hanging', () => {
    const bin = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256)).toString('latin1');
    parseYaml(bin);
    const long = 'a: ' + 'x'.repeat(1_000_000) + '\n';
    const { ms, value: r } = cpuTime(() => parseYaml(long));
    assert.equal((get(r.root, 'a') as { value: string }).value.length, 1_000_000);
    const w = withinUnits(ms, 150);
    assert.ok(w.ok, w.message);
  });
});

describe('syntax problems in the engine', () => {
  it('reports the first few and summarises a cascade', async () => {
    const { Engine, MAX_PARSE_FINDINGS } = await import('../../server/src/engine/engine');
    const { Project } = await import('../../server/src/engine/project');
    const text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + Array.from({ length: 40 }, (_, i) => `  R${i}: [unclosed, {\n`).join('');
    const r = new Engine(new Project(), []).analyze('/t/template.yaml', text);
    const errs = r.findings.filter((f) => f.ruleId === 'parse-error');
    assert.equal(errs.length, MAX_PARSE_FINDINGS);
    assert.match(errs[errs.length - 1].message, /and \d+ more syntax problems? after this one/);
  });
});
