import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocEditor, combineEdits, isPlainSafe, verbatim, yamlFlow, yamlIndentUnit, yamlScalar, type EditValue } from '../../server/src/engine/fix/yaml-edit';
import type { TextEdit } from '../../server/src/engine/types';
import { getPath, isMap, toJS, type YMap } from '../../server/src/engine/yaml/ast';
import { parseYaml } from '../../server/src/engine/yaml/parse';

function apply(text: string, edit: TextEdit | undefined): string {
  assert.ok(edit, 'an edit');
  return text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
}

function mapAt(text: string, path: string, format: 'yaml' | 'json' = 'yaml'): { ed: DocEditor; map: YMap } {
  const doc = parseYaml(text, { format });
  assert.equal(doc.problems.filter((p) => p.severity === 'error').length, 0, 'input parses');
  const n = path ? getPath(doc.root, path) : doc.root;
  assert.ok(isMap(n), `${path} is a map`);
  return { ed: new DocEditor(doc), map: n };
}

function reparsed(text: string, format: 'yaml' | 'json' = 'yaml'): unknown {
  const doc = parseYaml(text, { format });
  assert.deepEqual(doc.problems.filter((p) => p.severity === 'error').map((p) => p.message), [], `output parses:\n${text}`);
  return toJS(doc.root);
}

describe('yaml-edit: scalars', () => {
  it('quotes only what would not read back as the same string', () => {
    assert.equal(yamlScalar('aws_iam'), 'aws_iam');
    assert.equal(yamlScalar('AWS_IAM'), 'AWS_IAM');
    assert.equal(yamlScalar('true'), "'true'");
    assert.equal(yamlScalar('No'), "'No'");
    assert.equal(yamlScalar('*'), "'*'");
    assert.equal(yamlScalar('123'), "'123'");
    assert.equal(yamlScalar('1.5e3'), "'1.5e3'");
    assert.equal(yamlScalar('a: b'), "'a: b'");
    assert.equal(yamlScalar('a #b'), "'a #b'");
    assert.equal(yamlScalar('/orders/{id}'), '/orders/{id}');
    assert.equal(yamlScalar('/orders/{id}', true), "'/orders/{id}'");
    assert.equal(yamlScalar("it's"), "it's");
    assert.equal(yamlScalar("'q"), '"\'q"');
    assert.equal(yamlScalar('${file(schemas/a.json)}'), '${file(schemas/a.json)}');
    assert.equal(yamlScalar('${file(schemas/a.json)}', true), "'${file(schemas/a.json)}'");
    assert.equal(yamlScalar(true), 'true');
    assert.equal(yamlScalar(null), 'null');
    assert.ok(isPlainSafe('application/json', false));
    assert.ok(!isPlainSafe('', false));
    assert.ok(!isPlainSafe(' x', false));
  });
  it('every rendered scalar reads back as itself', () => {
    for (const s of ['x', 'true', '*', '- a', 'a:b', 'a: b', '#x', '{x}', '[1]', '1', '0x1F', '.5', 'null', '~', "a'b", 'a"b', 'tab\tx', 'line\nbreak', '%x', '@x', '`x', '!x', '&x', '|', '>']) {
      for (const flow of [false, true]) {
        const text = flow ? `k: [${yamlScalar(s, true)}]\n` : `k: ${yamlScalar(s)}\n`;
        const v = reparsed(text) as { k: unknown };
        assert.deepEqual(flow ? (v.k as unknown[])[0] : v.k, s, `${JSON.stringify(s)} in ${text}`);
      }
    }
  });
  it('renders flow collections', () => {
    assert.equal(yamlFlow({ type: 'aws_iam' }), '{type: aws_iam}');
    assert.equal(yamlFlow({ a: [1, 'x y', { b: '*' }] }), "{a: [1, x y, {b: '*'}]}");
    assert.equal(yamlFlow(verbatim('!Ref Api')), '!Ref Api');
  });
  it('detects the indentation unit', () => {
    assert.equal(yamlIndentUnit('a:\n  b: 1\n'), 2);
    assert.equal(yamlIndentUnit('a:\n    b:\n        c: 1\n    d:\n      - x\n'), 4);
    assert.equal(yamlIndentUnit('a: 1\n'), 2);
  });
});

describe('yaml-edit: insertPair', () => {
  it('appends to a block map with the entries\' indentation', () => {
    const text = `functions:\n  a:\n    handler: x   # comment\n    events: []\n  b:\n    handler: y\n`;
    const { ed, map } = mapAt(text, 'functions.a');
    const out = apply(text, ed.insertPair(map, 'url', { authorizer: 'aws_iam' }));
    assert.equal(out, `functions:\n  a:\n    handler: x   # comment\n    events: []\n    url:\n      authorizer: aws_iam\n  b:\n    handler: y\n`);
    assert.deepEqual(reparsed(out), { functions: { a: { handler: 'x', events: [], url: { authorizer: 'aws_iam' } }, b: { handler: 'y' } } });
  });
  it('appends after a nested block value and keeps a trailing comment line where it was', () => {
    const text = `f:\n  events:\n    - http:\n        path: x\n        method: get\n\n    # next\n    - http: GET /y\n`;
    const doc = parseYaml(text);
    const http = getPath((getPath(doc.root, 'f.events') as any).items[0], 'http') as YMap;
    const out = apply(text, new DocEditor(doc).insertPair(http, 'authorizer', 'aws_iam'));
    assert.equal(out, `f:\n  events:\n    - http:\n        path: x\n        method: get\n        authorizer: aws_iam\n\n    # next\n    - http: GET /y\n`);
  });
  it('adds a key to a sequence item map written `- key: value`', () => {
    const text = `events:\n  - http: GET /x\n  - sqs: arn\n`;
    const doc = parseYaml(text);
    const item = (getPath(doc.root, 'events') as any).items[0] as YMap;
    const out = apply(text, new DocEditor(doc).insertPair(item, 'extra', [1, 2]));
    assert.equal(out, `events:\n  - http: GET /x\n    extra:\n      - 1\n      - 2\n  - sqs: arn\n`);
  });
  it('uses the document\'s indentation unit (4) and CRLF line breaks', () => {
    const text = `Resources:\r\n    Fn:\r\n        Type: X\r\n        Properties:\r\n            A: 1\r\n`;
    const { ed, map } = mapAt(text, 'Resources.Fn.Properties');
    const out = apply(text, ed.insertPair(map, 'Auth', { Authorizer: 'AWS_IAM', Scopes: ['a'] }));
    assert.equal(out, `Resources:\r\n    Fn:\r\n        Type: X\r\n        Properties:\r\n            A: 1\r\n            Auth:\r\n                Authorizer: AWS_IAM\r\n                Scopes:\r\n                    - a\r\n`);
  });
  it('inserts into a flow map, also an empty one', () => {
    const text = `http: {path: x, method: post}\nother: {}\n`;
    const { ed, map } = mapAt(text, 'http');
    assert.equal(apply(text, ed.insertPair(map, 'authorizer', { type: 'aws_iam' })), `http: {path: x, method: post, authorizer: {type: aws_iam}}\nother: {}\n`);
    const o = mapAt(text, 'other');
    assert.equal(apply(text, o.ed.insertPair(o.map, 'a', '*')), `http: {path: x, method: post}\nother: {a: '*'}\n`);
  });
  it('inserts into JSON objects with their indentation', () => {
    const text = `{\n  "Resources": {\n    "M": {\n      "Type": "AWS::ApiGateway::Method",\n      "Properties": {\n        "HttpMethod": "GET"\n      }\n    }\n  }\n}\n`;
    const { ed, map } = mapAt(text, 'Resources.M.Properties', 'json');
    const out = apply(text, ed.insertPair(map, 'AuthorizationType', 'AWS_IAM'));
    assert.equal(out, `{\n  "Resources": {\n    "M": {\n      "Type": "AWS::ApiGateway::Method",\n      "Properties": {\n        "HttpMethod": "GET",\n        "AuthorizationType": "AWS_IAM"\n      }\n    }\n  }\n}\n`);
    const out2 = apply(text, ed.insertPair(map, 'Auth', { A: [1] }));
    assert.deepEqual((reparsed(out2, 'json') as any).Resources.M.Properties, { HttpMethod: 'GET', Auth: { A: [1] } });
    assert.ok(out2.includes(`"Auth": {\n          "A": [\n            1\n          ]\n        }`), out2);
  });
  it('inserts into an empty and a one-line JSON object', () => {
    const text = `{"a": {}, "b": {"x": 1}}`;
    const e = mapAt(text, 'a', 'json');
    assert.deepEqual(reparsed(apply(text, e.ed.insertPair(e.map, 'k', true)), 'json'), { a: { k: true }, b: { x: 1 } });
    const f = mapAt(text, 'b', 'json');
    assert.equal(apply(text, f.ed.insertPair(f.map, 'k', 'v')), `{"a": {}, "b": {"x": 1, "k": "v"}}`);
  });
  it('appends after a block scalar and at the end of a file without a final line break', () => {
    const text = `a:\n  description: |\n    multi\n    line\n\n  path: x`;
    const { ed, map } = mapAt(text, 'a');
    const out = apply(text, ed.insertPair(map, 'k', 'v'));
    assert.equal(out, `a:\n  description: |\n    multi\n    line\n\n  path: x\n  k: v`);
    const text2 = `a:\n  description: |\n    multi\n    line\n`;
    const b = mapAt(text2, 'a');
    const out2 = apply(text2, b.ed.insertPair(b.map, 'k', 'v'));
    assert.deepEqual(reparsed(out2), { a: { description: 'multi\nline\n', k: 'v' } });
  });
  it('refuses maps it cannot place text in (intrinsics, merged entries)', () => {
    const text = `base: &b\n  x: 1\nm:\n  <<: *b\n  y: 2\nr: !Ref X\n`;
    const { ed, map } = mapAt(text, 'm');
    assert.equal(ed.insertPair(map, 'z', 1), undefined);
    const r = mapAt(text, 'r');
    assert.equal(r.ed.insertPair(r.map, 'z', 1), undefined);
  });
});

describe('yaml-edit: replaceValue / setIn / replaceScalar / removePair', () => {
  it('replaces a scalar shorthand with a block map under the key', () => {
    const text = `events:\n  - httpApi: 'GET /x'   # public\n  - sqs: q\n`;
    const doc = parseYaml(text);
    const item = (getPath(doc.root, 'events') as any).items[0] as YMap;
    const out = apply(text, new DocEditor(doc).replaceValue(item, 'httpApi', { method: 'GET', path: '/x', authorizer: { type: 'aws_iam' } }));
    assert.equal(out, `events:\n  - httpApi:\n      method: GET\n      path: /x\n      authorizer:\n        type: aws_iam   # public\n  - sqs: q\n`);
    assert.deepEqual(reparsed(out), { events: [{ httpApi: { method: 'GET', path: '/x', authorizer: { type: 'aws_iam' } } }, { sqs: 'q' }] });
  });
  it('fills an empty value and replaces a scalar in place', () => {
    const text = `a:\n  url:\n  b: true\n`;
    const { ed, map } = mapAt(text, 'a');
    assert.equal(apply(text, ed.replaceValue(map, 'url', { authorizer: 'aws_iam' })), `a:\n  url:\n    authorizer: aws_iam\n  b: true\n`);
    assert.equal(apply(text, ed.replaceValue(map, 'b', 'x')), `a:\n  url:\n  b: x\n`);
    assert.equal(apply(text, ed.replaceValue(map, 'url', 'x')), `a:\n  url: x\n  b: true\n`);
  });
  it('replaces a block collection by a scalar or another collection', () => {
    const text = `a:\n  c:\n    - 1\n    - 2\n  d: 1\n`;
    const { ed, map } = mapAt(text, 'a');
    assert.equal(apply(text, ed.replaceValue(map, 'c', 'none')), `a:\n  c: none\n  d: 1\n`);
    assert.equal(apply(text, ed.replaceValue(map, 'c', { k: 'v' })), `a:\n  c:\n    k: v\n  d: 1\n`);
  });
  it('setIn walks existing maps and creates the missing ones', () => {
    const text = `Events:\n  Get:\n    Type: Api\n    Properties:\n      Path: /x\n      Auth:\n        ApiKeyRequired: true\n`;
    const { ed, map } = mapAt(text, 'Events.Get.Properties');
    assert.equal(
      apply(text, ed.setIn(map, ['Auth', 'Authorizer'], 'AWS_IAM')),
      `Events:\n  Get:\n    Type: Api\n    Properties:\n      Path: /x\n      Auth:\n        ApiKeyRequired: true\n        Authorizer: AWS_IAM\n`,
    );
    assert.equal(
      apply(text, ed.setIn(map, ['Request', 'Model', 'Name'], 'M')),
      `Events:\n  Get:\n    Type: Api\n    Properties:\n      Path: /x\n      Auth:\n        ApiKeyRequired: true\n      Request:\n        Model:\n          Name: M\n`,
    );
    assert.equal(apply(text, ed.setIn(map, ['Path'], '/y')), text.replace('Path: /x', 'Path: /y'));
    const text2 = `Properties:\n  Auth:\n    Authorizer: NONE\n`;
    const p = mapAt(text2, 'Properties');
    assert.equal(apply(text2, p.ed.setIn(p.map, ['Auth', 'Authorizer'], 'AWS_IAM')), `Properties:\n  Auth:\n    Authorizer: AWS_IAM\n`);
    const text3 = `Properties:\n  Auth: !Ref X\n  B: 1\n`;
    const q = mapAt(text3, 'Properties');
    assert.equal(apply(text3, q.ed.setIn(q.map, ['Auth', 'Authorizer'], 'AWS_IAM')), `Properties:\n  Auth:\n    Authorizer: AWS_IAM\n  B: 1\n`);
  });
  it('setIn in JSON and in flow maps', () => {
    const text = `{\n  "P": {\n    "Auth": {\n      "Authorizer": "NONE"\n    },\n    "X": 1\n  }\n}`;
    const { ed, map } = mapAt(text, 'P', 'json');
    assert.equal(apply(text, ed.setIn(map, ['Auth', 'Authorizer'], 'AWS_IAM')), text.replace('"NONE"', '"AWS_IAM"'));
    assert.deepEqual((reparsed(apply(text, ed.setIn(map, ['New', 'A'], 'b')), 'json') as any).P.New, { A: 'b' });
    const flow = `P: {Auth: {ApiKeyRequired: true}}\n`;
    const f = mapAt(flow, 'P');
    assert.equal(apply(flow, f.ed.setIn(f.map, ['Auth', 'Authorizer'], 'AWS_IAM')), `P: {Auth: {ApiKeyRequired: true, Authorizer: AWS_IAM}}\n`);
  });
  it('replaceScalar quotes for its context', () => {
    const text = `a: NONE\nb: [x, NONE]\n`;
    const doc = parseYaml(text);
    const ed = new DocEditor(doc);
    const a = getPath(doc.root, 'a') as any;
    const b = (getPath(doc.root, 'b') as any).items[1];
    assert.equal(apply(text, ed.replaceScalar(a, '{x}')), `a: '{x}'\nb: [x, NONE]\n`);
    assert.equal(apply(text, ed.replaceScalar(a, 'a{x}')), `a: a{x}\nb: [x, NONE]\n`);
    assert.equal(apply(text, ed.replaceScalar(b, 'a{x}')), `a: NONE\nb: [x, 'a{x}']\n`);
  });
  it('removePair removes whole lines in block style and the comma in flow style / JSON', () => {
    const text = `a:\n  x: 1\n  y:\n    - 2\n  z: 3\n`;
    const { ed, map } = mapAt(text, 'a');
    assert.equal(apply(text, ed.removePair(map, 'y')), `a:\n  x: 1\n  z: 3\n`);
    assert.equal(apply(text, ed.removePair(map, 'z')), `a:\n  x: 1\n  y:\n    - 2\n`);
    const flow = `a: {x: 1, y: 2, z: 3}\n`;
    const f = mapAt(flow, 'a');
    assert.equal(apply(flow, f.ed.removePair(f.map, 'y')), `a: {x: 1, z: 3}\n`);
    assert.equal(apply(flow, f.ed.removePair(f.map, 'z')), `a: {x: 1, y: 2}\n`);
    const json = `{"a": 1, "b": 2}`;
    const j = mapAt(json, '', 'json');
    assert.deepEqual(reparsed(apply(json, j.ed.removePair(j.map, 'b')), 'json'), { a: 1 });
    assert.deepEqual(reparsed(apply(json, j.ed.removePair(j.map, 'a')), 'json'), { b: 2 });
  });
  it('round-trips arbitrary nested values in block, flow and JSON', () => {
    const values: EditValue[] = [
      { a: 1 },
      { a: { b: ['x', { c: 'true', d: [] }, []] }, e: {} },
      [{ k: 'v', w: ['*'] }, 'y', ['nested']],
      { 'application/json': '${file(schemas/x.json)}' },
    ];
    for (const v of values) {
      for (const [text, path, format] of [
        [`root:\n  keep: 1\n`, 'root', 'yaml'],
        [`root: {keep: 1}\n`, 'root', 'yaml'],
        [`{\n  "root": {\n    "keep": 1\n  }\n}\n`, 'root', 'json'],
      ] as const) {
        const { ed, map } = mapAt(text, path, format);
        const out = apply(text, ed.insertPair(map, 'new', v));
        assert.deepEqual((reparsed(out, format) as any).root, { keep: 1, new: v }, out);
      }
    }
  });
});

describe('yaml-edit: combineEdits', () => {
  it('sorts edits and merges inserts at the same offset in the order given', () => {
    const edits = combineEdits([
      { range: { start: 10, end: 10 }, newText: 'B' },
      { range: { start: 2, end: 4 }, newText: 'x' },
      { range: { start: 10, end: 10 }, newText: 'C' },
    ]);
    assert.deepEqual(edits, [
      { range: { start: 2, end: 4 }, newText: 'x' },
      { range: { start: 10, end: 10 }, newText: 'BC' },
    ]);
  });
  it('rejects overlapping edits and missing ones', () => {
    assert.equal(combineEdits([{ range: { start: 0, end: 5 }, newText: '' }, { range: { start: 3, end: 8 }, newText: '' }]), undefined);
    assert.equal(combineEdits([undefined]), undefined);
  });
});
