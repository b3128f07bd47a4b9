import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  initCodeParsers, codeParsersReady, parseCode, parsedFromTree, freeParse, codeLangFromPath, diffEdit, CodeDocumentCache,
  MAX_CODE_CHARS, locateWasm, GRAMMAR_WASM, RUNTIME_WASM, type ParsedCode,
} from '../../server/src/engine/code/index';
import type { SNode } from '../../server/src/engine/code/syntax';
import { handlerSource, mulberry32 } from '../bench/gen';

before(async () => {
  await initCodeParsers();
});

/** Structural dump (type, range, field) of a copied tree. */
function dump(n: SNode | null): string {
  if (!n) return '';
  return `${n.type}@${n.start}-${n.end}${n.field ? ':' + n.field : ''}(${n.children.map(dump).join(',')})`;
}

function find(n: SNode, type: string): SNode | undefined {
  if (n.type === type) return n;
  for (const c of n.children) {
    const r = find(c, type);
    if (r) return r;
  }
  return undefined;
}

describe('code parser: setup', () => {
  test('initialises once and loads all four grammars', async () => {
    await initCodeParsers();
    await initCodeParsers();
    assert.equal(codeParsersReady(), true);
    for (const f of [...Object.values(GRAMMAR_WASM), RUNTIME_WASM]) {
      const p = locateWasm(f);
      assert.ok(p && fs.existsSync(p), `${f} located`);
    }
  });

  test('prefers WASM files next to the bundle (wasmDir) over node_modules', () => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'sg-wasm-'));
    try {
      fs.copyFileSync(locateWasm('tree-sitter-python.wasm')!, path.join(dir, 'tree-sitter-python.wasm'));
      assert.equal(locateWasm('tree-sitter-python.wasm', dir), path.join(dir, 'tree-sitter-python.wasm'));
      assert.notEqual(locateWasm('tree-sitter-javascript.wasm', dir), path.join(dir, 'tree-sitter-javascript.wasm'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('language from file extension', () => {
    const cases: [string, string | undefined][] = [
      ['a.js', 'javascript'], ['a.mjs', 'javascript'], ['a.cjs', 'javascript'], ['a.jsx', 'javascript'],
      ['a.ts', 'typescript'], ['a.mts', 'typescript'], ['a.cts', 'typescript'], ['a.tsx', 'tsx'], ['src/handler.py', 'python'],
      ['types.d.ts', undefined], ['serverless.yml', undefined], ['Makefile', undefined], ['A.PY', 'python'],
    ];
    for (const [f, want] of cases) assert.equal(codeLangFromPath(f), want, f);
  });
});

describe('code parser: parsing', () => {
  test('JS, JSX (javascript grammar), TS, TSX and Python parse without errors', () => {
    const samples: [string, Parameters<typeof parseCode>[1], string][] = [
      ['export const handler = async (event) => ({ statusCode: 200 });', 'javascript', 'arrow_function'],
      ['const App = () => <div className="x">{name}</div>;', 'javascript', 'jsx_element'],
      ['export const h = async (e: APIGatewayProxyEvent): Promise<R> => { const x = e.body as string; return x!; };', 'typescript', 'as_expression'],
      ['export const C = (p: { t: string }) => <h1>{p.t}</h1>;', 'tsx', 'jsx_element'],
      ['def handler(event, context):\n    return f"{event[\'body\']}"\n', 'python', 'interpolation'],
    ];
    for (const [src, lang, expectType] of samples) {
      const p = parseCode(src, lang);
      assert.equal(p.skipped, undefined);
      assert.deepEqual(p.errors, [], `${lang}: ${src}`);
      assert.ok(p.root && find(p.root, expectType), `${lang} has ${expectType}`);
      freeParse(p);
    }
  });

  test('comments are dropped and simple literals are leaves', () => {
    const p = parseCode('// hi\nconst s = "a\\nb"; /* c */ const r = /^x$/g;', 'javascript');
    assert.ok(p.root);
    assert.equal(find(p.root, 'comment'), undefined);
    const s = find(p.root, 'string')!;
    assert.equal(s.children.length, 0);
    assert.equal(p.text.slice(s.start, s.end), '"a\\nb"');
    freeParse(p);
  });

  test('syntax errors are reported with ranges (ERROR and MISSING), never thrown', () => {
    const p = parseCode('function f( {\n  return 1\n', 'javascript');
    assert.ok(p.errors.length >= 1);
    for (const e of p.errors) {
      assert.ok(e.range.start >= 0 && e.range.end <= p.text.length && e.range.start <= e.range.end);
      assert.match(e.message, /syntax error|missing/);
    }
    const q = parseCode('x = foo(1, 2\n', 'python');
    assert.ok(q.errors.length >= 1);
    const m = parseCode('const a = {b: 1', 'javascript');
    assert.ok(m.errors.some((e) => e.message.startsWith('missing') || e.message === 'syntax error'));
    for (const x of [p, q, m]) freeParse(x);
    // garbage input
    const g = parseCode('\u0000\u0001)))(((}}}{{{ def class', 'python');
    assert.ok(g.root);
    assert.ok(g.errors.length > 0);
    freeParse(g);
  });

  test('ranges are UTF-16 offsets, like JS string indices', () => {
    const src = 'const a = "😀é"; const b = event.body;';
    const p = parseCode(src, 'javascript');
    const member = find(p.root!, 'member_expression')!;
    assert.equal(src.slice(member.start, member.end), 'event.body');
    freeParse(p);
    const py = 'x = "😀"\ny = event["body"]\n';
    const q = parseCode(py, 'python');
    const sub = find(q.root!, 'subscript')!;
    assert.equal(py.slice(sub.start, sub.end), 'event["body"]');
    freeParse(q);
  });

  test('huge inputs are skipped with a clear result', () => {
    const big = 'x'.repeat(MAX_CODE_CHARS + 1);
    const p = parseCode(big, 'javascript');
    assert.equal(p.root, null);
    assert.equal(p.tree, null);
    assert.equal(p.skipped?.reason, 'too-large');
    assert.match(p.skipped!.message, /skipped/);
  });

  test('parsedFromTree maps a tree back to its parse', () => {
    const p = parseCode('exports.handler = (event) => event.body;', 'javascript');
    assert.equal(parsedFromTree(p.tree!), p);
    freeParse(p);
  });
});

describe('code parser: incremental re-parse', () => {
  const base = fs.readFileSync(path.join(__dirname, '../fixtures/handlers/js/sql-mysql.js'), 'utf8');

  test('edits reuse the old tree and give the same result as a fresh parse', () => {
    let prev: ParsedCode = parseCode(base, 'javascript');
    let text = base;
    const edits = [
      { at: text.indexOf('${id}'), del: 0, ins: 'x' },
      { at: 10, del: 5, ins: '' },
      { at: text.length - 5, del: 0, ins: '\n// tail\n' },
      { at: text.indexOf('connection.query'), del: 0, ins: 'await ' },
      { at: 0, del: 0, ins: '/* head */ ' },
    ];
    for (const e of edits) {
      const next = text.slice(0, e.at) + e.ins + text.slice(e.at + e.del);
      const p = parseCode(next, 'javascript', { tree: prev.tree!, text, edits: [{ start: e.at, end: e.at + e.del, text: e.ins }], reuse: prev.reuse });
      assert.equal(p.incremental, true);
      const fresh = parseCode(next, 'javascript');
      assert.equal(dump(p.root), dump(fresh.root));
      assert.deepEqual(p.errors, fresh.errors);
      freeParse(fresh);
      freeParse(prev);
      prev = p;
      text = next;
    }
    assert.ok(prev.reusedSubtrees > 0, 'unchanged subtrees were reused');
    freeParse(prev);
  });

  test('without explicit edits the change is diffed; wrong edits fall back to a full parse', () => {
    const p0 = parseCode(base, 'python');
    const changed = base.replace('SELECT', 'SELECT DISTINCT');
    const p1 = parseCode(changed, 'python', p0);
    assert.equal(p1.incremental, true);
    const p2 = parseCode(changed + '\n', 'python', { tree: p1.tree!, text: changed, edits: [{ start: 0, end: 3, text: 'zzz' }] });
    assert.equal(p2.incremental, false);
    const fresh = parseCode(changed + '\n', 'python');
    assert.equal(dump(p2.root), dump(fresh.root));
    for (const x of [p0, p1, p2, fresh]) freeParse(x);
  });

  test('sequential edits (LSP order) are applied in order', () => {
    const a = 'const x = 1;\nconst y = 2;\n';
    const p0 = parseCode(a, 'javascript');
    // first replace `1` by `10`, then (in the new text) `2` by `event.body`
    const e1 = { start: 10, end: 11, text: '10' };
    const mid = a.slice(0, 10) + '10' + a.slice(11);
    const yAt = mid.indexOf('2;');
    const e2 = { start: yAt, end: yAt + 1, text: 'event.body' };
    const b = mid.slice(0, yAt) + 'event.body' + mid.slice(yAt + 1);
    const p1 = parseCode(b, 'javascript', { tree: p0.tree!, text: a, edits: [e1, e2] });
    assert.equal(p1.incremental, true);
    assert.equal(dump(p1.root), dump(parseCode(b, 'javascript').root));
    freeParse(p0);
    freeParse(p1);
  });

  test('diffEdit finds the changed span', () => {
    assert.deepEqual(diffEdit('abcdef', 'abXYef'), { start: 2, end: 4, text: 'XY' });
    assert.deepEqual(diffEdit('abc', 'abc'), undefined);
    assert.deepEqual(diffEdit('', 'x'), { start: 0, end: 0, text: 'x' });
    assert.deepEqual(diffEdit('aaa', 'aaaa'), { start: 3, end: 3, text: 'a' });
  });
});

describe('code parser: document cache', () => {
  test('keyed by uri + version; re-parses incrementally and frees old trees', () => {
    const cache = new CodeDocumentCache();
    const uri = 'file:///w/src/handler.ts';
    const v1 = 'export const handler = async (event) => event.body;\n';
    const p1 = cache.update(uri, 1, v1);
    assert.equal(p1.lang, 'typescript');
    assert.equal(cache.get(uri, 1), p1);
    assert.equal(cache.update(uri, 1, v1), p1, 'same version + text is a cache hit');
    const v2 = v1.replace('event.body', 'event.pathParameters');
    const p2 = cache.update(uri, 2, v2, undefined, [{ start: v1.indexOf('body'), end: v1.indexOf('body') + 4, text: 'pathParameters' }]);
    assert.equal(p2.incremental, true);
    assert.equal(p1.tree, null, 'previous tree freed');
    assert.equal(cache.get(uri, 1), undefined);
    assert.equal(cache.get(uri), p2);
    assert.equal(cache.size, 1);
    cache.update('file:///w/app.py', 1, 'def handler(event, context):\n    pass\n');
    assert.equal(cache.get('file:///w/app.py')!.lang, 'python');
    cache.delete(uri);
    assert.equal(p2.tree, null);
    assert.equal(cache.size, 1);
    cache.clear();
    assert.equal(cache.size, 0);
  });
});

describe('code parser: property tests', () => {
  const fc = require('fast-check') as typeof import('fast-check');
  const seeds: [string, 'javascript' | 'typescript' | 'python'][] = [
    [fs.readFileSync(path.join(__dirname, '../fixtures/handlers/js/nosql.js'), 'utf8'), 'javascript'],
    [fs.readFileSync(path.join(__dirname, '../fixtures/handlers/ts/validators.ts'), 'utf8'), 'typescript'],
    [fs.readFileSync(path.join(__dirname, '../fixtures/handlers/py/sql_db.py'), 'utf8'), 'python'],
  ];
  const tokens = ['(', ')', '{', '}', '"', "'", '`', '${', ' ', '\n', ';', ',', 'x', 'event.body', 'await ', 'def ', ':', '    ', '😀', '/*', '#'];

  test('a sequence of random edits re-parses to the same tree as a fresh parse', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(fc.record({ pos: fc.nat(), del: fc.nat({ max: 12 }), ins: fc.array(fc.constantFrom(...tokens), { maxLength: 3 }) }), { minLength: 1, maxLength: 6 }),
        (si, edits) => {
          const [seed, lang] = seeds[si];
          let prev = parseCode(seed, lang);
          let text = seed;
          try {
            for (const e of edits) {
              const at = e.pos % (text.length + 1);
              const end = Math.min(text.length, at + e.del);
              const ins = e.ins.join('');
              const next = text.slice(0, at) + ins + text.slice(end);
              const p = parseCode(next, lang, { tree: prev.tree!, text, edits: [{ start: at, end, text: ins }], reuse: prev.reuse });
              const fresh = parseCode(next, lang);
              assert.equal(dump(p.root), dump(fresh.root));
              assert.deepEqual(p.errors, fresh.errors);
              freeParse(fresh);
              freeParse(prev);
              prev = p;
              text = next;
            }
          } finally {
            freeParse(prev);
          }
        },
      ),
      { numRuns: 40, seed: 42 },
    );
  });

  test('without explicit edits (the diffed edit, rows and columns counted from its start) random multi-line edits re-parse to the same tree as a fresh parse', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(fc.record({ pos: fc.nat(), del: fc.nat({ max: 40 }), ins: fc.array(fc.constantFrom(...tokens, '\n', '\n\n  ', 'x\ny'), { maxLength: 4 }) }), { minLength: 1, maxLength: 6 }),
        (si, edits) => {
          const [seed, lang] = seeds[si];
          let prev = parseCode(seed, lang);
          let text = seed;
          try {
            for (const e of edits) {
              const at = e.pos % (text.length + 1);
              const end = Math.min(text.length, at + e.del);
              const next = text.slice(0, at) + e.ins.join('') + text.slice(end);
              const p = parseCode(next, lang, prev);
              const fresh = parseCode(next, lang);
              if (!fresh.errors.length) assert.equal(dump(p.root), dump(fresh.root));
              freeParse(fresh);
              freeParse(prev);
              prev = p;
              text = next;
            }
          } finally {
            freeParse(prev);
          }
        },
      ),
      { numRuns: 40, seed: 43 },
    );
  });
});

describe('code parser: moving unchanged subtrees by position (Python)', () => {
  const fc = require('fast-check') as typeof import('fast-check');
  // tree-sitter-python re-creates most nodes after an edit; the copy moves same-text old nodes.
  const seed = handlerSource('py', 300);
  const tokens = ['\n', '    ', '\n    ', '\n        ', 'def f(x):\n    return x\n', 'if x:\n        ', ':', '(', ')', '"', "'", 'x', '#', '\\', '"""', ' ', 'elif y:'];

  // The oracle is the same incremental re-parse copied without moving nodes; and a fresh parse
  // when the text has no syntax error (with errors, tree-sitter's incremental and fresh parses
  // may recover differently, with or without moving nodes).
  test('random edits copy to the same tree as a copy without moving, and most nodes are moved', () => {
    let moved = 0;
    fc.assert(
      fc.property(
        fc.array(fc.record({ pos: fc.nat(), del: fc.nat({ max: 8 }), ins: fc.array(fc.constantFrom(...tokens), { maxLength: 2 }) }), { minLength: 1, maxLength: 8 }),
        (edits) => {
          let prev = parseCode(seed, 'python');
          let text = seed;
          try {
            for (const e of edits) {
              const at = e.pos % (text.length + 1);
              const end = Math.min(text.length, at + e.del);
              const ins = e.ins.join('');
              const next = text.slice(0, at) + ins + text.slice(end);
              // The same incremental re-parse, copied without moving any node.
              const plain = parseCode(next, 'python', { tree: prev.tree!, text });
              const p = parseCode(next, 'python', prev);
              assert.equal(dump(p.root), dump(plain.root));
              assert.deepEqual(p.errors, plain.errors);
              freeParse(plain);
              const fresh = parseCode(next, 'python');
              if (!fresh.errors.length) assert.equal(dump(p.root), dump(fresh.root));
              moved += p.reusedSubtrees;
              freeParse(fresh);
              freeParse(prev);
              prev = p;
              text = next;
            }
          } finally {
            freeParse(prev);
          }
        },
      ),
      { numRuns: 80, seed: 11 },
    );
    assert.ok(moved > 200, `only ${moved} subtrees moved`);
  });

  test('with a syntax error after the edit, unchanged top-level statements keep their nodes (same tree as a copy without moving)', () => {
    /** Everything a node carries but its identity: type, range, field, flags, children; parents checked. */
    const full = (n: SNode, parent: SNode | null): string => {
      assert.equal(n.parent, parent, `parent of ${n.type}@${n.start}`);
      return `${n.type}@${n.start}-${n.end}${n.field ? ':' + n.field : ''}${n.named ? '' : '~'}${n.bad ? '!' : ''}${n.err ? '?' : ''}(${n.children.map((c) => full(c, n)).join(',')})`;
    };
    const inTree = (n: SNode, root: SNode) => {
      let x: SNode | null = n;
      while (x && x !== root) x = x.parent;
      return x === root;
    };
    const rnd = mulberry32(5);
    let prev = parseCode(seed, 'python');
    let text = seed;
    let kept = 0;
    let withErrors = 0;
    for (let i = 0; i < 40; i++) {
      // Type a character that usually leaves a syntax error (an open bracket or quote), then delete it.
      const at = Math.floor(rnd() * text.length);
      const ch = ['(', '"', '[', ':', 'x'][Math.floor(rnd() * 5)];
      for (const next of [text.slice(0, at) + ch + text.slice(at), text]) {
        const before = new Set(prev.root!.children);
        const plain = parseCode(next, 'python', { tree: prev.tree!, text: prev.text });
        const p = parseCode(next, 'python', prev);
        assert.equal(full(p.root!, null), full(plain.root!, null));
        assert.deepEqual(p.errors, plain.errors);
        // The nodes the next re-parse may re-use by id are in this tree.
        for (const n of p.reuse!.values()) assert.ok(inTree(n, p.root!), `${n.type}@${n.start} of the reuse map is in the tree`);
        if (p.errors.length) {
          withErrors++;
          kept += p.root!.children.filter((c) => before.has(c)).length;
        }
        freeParse(plain);
        freeParse(prev);
        prev = p;
      }
      text = prev.text;
    }
    freeParse(prev);
    assert.ok(withErrors > 10, `${withErrors} edits left a syntax error`);
    assert.ok(kept > withErrors * 5, `${kept} top-level statements kept over ${withErrors} edits with errors`);
  });

  test('regression: an unclosed `(if x:` before unchanged text does not move a node that now holds an error', () => {
    // Found by the property above: the same text after the edit parses with an ERROR inside.
    const edits = [{ pos: 0, del: 4, ins: '' }, { pos: 0, del: 6, ins: '\n\n' }, { pos: 646495339, del: 0, ins: ':' }, { pos: 1315693260, del: 0, ins: ')if x:\n        ' }];
    let prev = parseCode(seed, 'python');
    let text = seed;
    for (const e of edits) {
      const at = e.pos % (text.length + 1);
      const next = text.slice(0, at) + e.ins + text.slice(Math.min(text.length, at + e.del));
      const plain = parseCode(next, 'python', { tree: prev.tree!, text });
      const p = parseCode(next, 'python', prev);
      assert.equal(dump(p.root), dump(plain.root));
      freeParse(plain);
      freeParse(prev);
      prev = p;
      text = next;
    }
    freeParse(prev);
  });
});
