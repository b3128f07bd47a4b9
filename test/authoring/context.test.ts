/**
 * The building blocks: snippet syntax, YAML key paths from half-typed text, code positions,
 * map insertion.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { jsCodeContext, jsTreePosition, pythonCodeContext } from '../../server/src/engine/authoring/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { applyEdits, insertIntoMap } from '../../server/src/engine/authoring/insert';
import { expandSnippet, indentBody, parseSnippet, renderSnippetSyntax, SnippetSyntaxError, tabstopsOf } from '../../server/src/engine/authoring/snippet-syntax';
import { indentUnitOf, nodePathAt, owningKey, pathMatches, yamlKeyContext } from '../../server/src/engine/authoring/yaml-context';
import { parseYaml } from '../../server/src/engine/yaml/parse';

const cursor = (src: string) => {
  const offset = src.indexOf('|');
  return { text: src.slice(0, offset) + src.slice(offset + 1), offset };
};

describe('snippet syntax', () => {
  it('expands placeholders, nested defaults, mirrors, choices, variables and escapes', () => {
    assert.equal(expandSnippet('${1:createOrder}:\n  handler: ${2:src/$1.handler}\n$0'), 'createOrder:\n  handler: src/createOrder.handler\n');
    assert.equal(expandSnippet('${1|access,id|} ${2:a ${3:b}} $3'), 'access a b b');
    assert.equal(expandSnippet('\\${self:service} \\$request ${1:\\${param:x\\}}'), '${self:service} $request ${param:x}');
    assert.equal(expandSnippet('${TM_FILENAME:app.ts} $NOPE'), 'app.ts ');
    assert.equal(expandSnippet('${1:a}$1', { overrides: { 1: 'X' } }), 'XX');
    assert.equal(expandSnippet("'{{resolve:secretsmanager:${1:db}:SecretString:${2:pw}}}'"), "'{{resolve:secretsmanager:db:SecretString:pw}}'");
  });

  it('renders snippet syntax with some defaults replaced, keeping the tab stops', () => {
    const src = '${1:fn}:\n  runtime: ${3:nodejs20.x}\n  handler: ${2:src/$1.handler} \\$x';
    const out = renderSnippetSyntax(src, { overrides: { 3: 'python3.12' } });
    assert.equal(out, '${1:fn}:\n  runtime: ${3:python3.12}\n  handler: ${2:src/${1}.handler} \\$x');
    assert.equal(expandSnippet(out), expandSnippet(src, { overrides: { 3: 'python3.12' } }));
    assert.deepEqual(tabstopsOf(src), [1, 3, 2]);
  });

  it('rejects an unescaped ${ that is not a tab stop', () => {
    assert.throws(() => parseSnippet('arn: ${aws:region'), SnippetSyntaxError);
    assert.throws(() => parseSnippet('${1:unterminated'), SnippetSyntaxError);
  });

  it('re-indents bodies to the file unit and the cursor column', () => {
    assert.equal(indentBody(['a:', '  b:', '    c: 1', '', 'd: 2'], '  ', 2, '    '), 'a:\n      b:\n          c: 1\n\n  d: 2');
    assert.equal(indentBody(['def f():', '    return 1'], '    ', 4, '\t'), 'def f():\n    \treturn 1');
  });
});

describe('YAML key context', () => {
  const ctx = (src: string) => {
    const c = cursor(src);
    return yamlKeyContext(c.text, c.offset);
  };
  it('finds the map a new key belongs to, while the line is half typed', () => {
    assert.deepEqual(ctx('service: s\nfunctions:\n  a:\n    handler: h\n  sg-fu|\n')?.path, ['functions']);
    assert.deepEqual(ctx('provider:\n  environment:\n    A: 1\n    |\n')?.path, ['provider', 'environment']);
    assert.deepEqual(ctx('functions:\n  a:\n    environment:\n      X: y\n      |')?.path, ['functions', 'a', 'environment']);
    assert.deepEqual(ctx('a: 1\n|')?.path, []);
    assert.equal(ctx('functions:\n  sg|x\n'), undefined, 'text after the cursor');
    assert.equal(ctx('functions:\n  a: sg|\n'), undefined, 'a value');
  });

  it('walks through sequences, comments, block scalars and same-column sequence items', () => {
    const c = ctx('provider:\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          |\n');
    assert.deepEqual(c?.path, ['provider', 'iam', 'role', 'statements', '[]']);
    assert.deepEqual(ctx('Resources:\n  # comment\n  Fn:\n    Properties:\n      Code: >\n        a: b\n        c: d\n  |\n')?.path, ['Resources']);
    assert.deepEqual(ctx('list:\n- a: 1\n  |\n')?.path, ['list', '[]']);
    const seq = ctx('events:\n  - |\n');
    assert.ok(seq?.inSequenceItem);
    assert.deepEqual(seq?.path, ['events', '[]']);
  });

  it('matches path patterns with one-key wildcards', () => {
    assert.ok(pathMatches(['functions', 'a', 'environment'], 'functions.*.environment'));
    assert.ok(!pathMatches(['functions', '[]', 'environment'], 'functions.*.environment'));
    assert.ok(!pathMatches(['functions'], 'functions.*.environment'));
    assert.ok(pathMatches([], ''));
  });

  it('detects the indentation unit', () => {
    assert.equal(indentUnitOf('a:\n    b: 1\n'), 4);
    assert.equal(indentUnitOf('a: 1\n'), 2);
  });

  it('finds the node path under an offset in the tree', () => {
    const text = 'Statement:\n  - Effect: Allow\n    Action: [s3:GetObject]\n';
    const p = nodePathAt(parseYaml(text).root, text.indexOf('GetObject'));
    assert.equal(p.scalar?.value, 's3:GetObject');
    assert.equal(owningKey(p.steps), 'Action');
    const k = nodePathAt(parseYaml(text).root, text.indexOf('Effect') + 1);
    assert.ok(k.onKey);
  });
});

describe('code position', () => {
  const js = (src: string) => {
    const c = cursor(src);
    const fromTree = jsTreePosition(c.text, c.offset, 'typescript');
    const pos = jsCodeContext(c.text, c.offset)?.position;
    assert.notEqual(fromTree, null, 'the tree decides once the parsers are ready');
    return pos;
  };
  before(() => initCodeParsers());
  const py = (src: string) => {
    const c = cursor(src);
    return pythonCodeContext(c.text, c.offset)?.position;
  };
  it('JS/TS: module, function bodies (arrow, method, declaration, control blocks), never elsewhere', () => {
    assert.equal(js('import x from "y";\n|'), 'module');
    assert.equal(js('const f = async (e) => {\n  |\n};'), 'function');
    assert.equal(js('const o = { m() {\n  |\n} };'), 'function');
    assert.equal(js('function f(a) {\n  if (a) {\n    |\n  }\n}'), 'function');
    assert.equal(js('class A {\n  m() {\n    |\n  }\n}'), 'function');
    assert.equal(js('class A {\n  |\n}'), undefined);
    assert.equal(js('if (x) {\n  |\n}'), undefined, 'a top-level block is not a function');
    assert.equal(js('const o = {\n  |\n};'), undefined);
    assert.equal(js('const s = "|";'), undefined);
    assert.equal(js('/* |'), undefined);
    assert.equal(js('f(`${a}`, /re{/);\n|'), 'module', 'template and regex literals are skipped');
    assert.equal(js('export function h(e: Ev): Promise<R> {\n  |\n}'), 'function');
    assert.equal(js('const x = 1 + |'), undefined, 'mid-expression');
  });

  it('Python: module, def bodies (nested blocks), not class bodies or docstrings', () => {
    assert.equal(py('import os\n|'), 'module');
    assert.equal(py('def h(e, c):\n    x = 1\n    |'), 'function');
    assert.equal(py('def h(e, c):\n    for r in e:\n        |'), 'function');
    assert.equal(py('class A:\n    def m(self):\n        |'), 'function');
    assert.equal(py('class A:\n    |'), undefined);
    assert.equal(py('def h():\n    """\n    |'), undefined);
    assert.equal(py('x = "|"'), undefined);
  });
});

describe('inserting into a YAML map', () => {
  it('appends after the last entry at its indentation, creating missing parents', () => {
    const text = 'service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h\n';
    const root = parseYaml(text).root;
    const r = insertIntoMap(text, root, ['provider', 'httpApi', 'authorizers'], ['jwt:', '  type: jwt'], 2);
    assert.equal(applyEdits(text, [r.edit!]), 'service: s\nprovider:\n  name: aws\n  httpApi:\n    authorizers:\n      jwt:\n        type: jwt\nfunctions:\n  a:\n    handler: h\n');
    const top = insertIntoMap(text, root, ['resources', 'Resources'], ['Q:', '  Type: AWS::SQS::Queue'], 2);
    assert.equal(applyEdits(text, [top.edit!]), text + 'resources:\n  Resources:\n    Q:\n      Type: AWS::SQS::Queue\n');
  });

  it('merges into existing maps and skips entries that exist', () => {
    const text = 'provider:\n  httpApi:\n    cors: true\n';
    const root = parseYaml(text).root;
    const r = insertIntoMap(text, root, ['provider'], ['httpApi:', '  authorizers:', '    jwt:', '      type: jwt'], 2);
    assert.equal(applyEdits(text, [r.edit!]), 'provider:\n  httpApi:\n    cors: true\n    authorizers:\n      jwt:\n        type: jwt\n');
    const again = applyEdits(text, [r.edit!]);
    assert.ok(insertIntoMap(again, parseYaml(again).root, ['provider'], ['httpApi:', '  authorizers:', '    jwt:', '      type: x'], 2).exists);
  });

  it('handles an empty key, a missing final newline and refuses flow maps', () => {
    const empty = 'functions:\nprovider:\n  name: aws';
    const r = insertIntoMap(empty, parseYaml(empty).root, ['functions'], ['a:', '  handler: h'], 2);
    assert.equal(applyEdits(empty, [r.edit!]), 'functions:\n  a:\n    handler: h\nprovider:\n  name: aws');
    const noEol = 'provider:\n  name: aws';
    const r2 = insertIntoMap(noEol, parseYaml(noEol).root, ['provider'], ['stage: dev'], 2);
    assert.equal(applyEdits(noEol, [r2.edit!]), 'provider:\n  name: aws\n  stage: dev\n');
    const flow = 'provider: {name: aws}\n';
    assert.ok(insertIntoMap(flow, parseYaml(flow).root, ['provider'], ['stage: dev'], 2).unsupported);
  });
});
