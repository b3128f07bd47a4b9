/**
 * Regression cases for the bugs the robustness suite found, each with the input that triggered it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { functionsOfRoles, functionsUsing } from '../../server/src/engine/model/query';
import type { ConfigModel, PolicyDocument, RoleModel } from '../../server/src/engine/model/types';
import { MAX_NESTING_DEPTH, MAX_PARSE_PROBLEMS, parseYaml } from '../../server/src/engine/yaml/parse';
import { analyzeChecked, codeParsers, makeEngine, memoryProject } from './harness';
import { cpuTime, growth, withinUnits } from '../helpers/timing';

const REPO = path.join(__dirname, '..', '..');

describe('robustness regressions', () => {
  before(() => codeParsers());

  describe('yaml/parse.ts: deep nesting', () => {
    // 10,000 nested `[`: the yaml composer ran out of stack at a stack-dependent level, so the same
    // text gave different problems (and ranges) from one analysis to the next.
    const deep = 'Resources: ' + '['.repeat(10_000) + ']'.repeat(10_000);

    it('reports one deterministic problem for collections nested too deep', () => {
      const a = parseYaml(deep);
      const b = parseYaml(deep);
      assert.deepEqual(a.problems, b.problems);
      assert.equal(a.problems.length, 1);
      assert.equal(a.problems[0].code, 'too-deep');
      // Points at the first collection past the limit.
      // (`Resources:` is the first level.)
      assert.equal(a.problems[0].range.start, 'Resources: '.length + MAX_NESTING_DEPTH - 1);
    });

    it('still composes nesting up to the limit', () => {
      const ok = parseYaml('a: ' + '['.repeat(MAX_NESTING_DEPTH - 1) + ']'.repeat(MAX_NESTING_DEPTH - 1));
      assert.deepEqual(ok.problems, []);
      assert.equal(ok.root?.type, 'map');
      const json = parseYaml('{"a":'.repeat(MAX_NESTING_DEPTH) + '1' + '}'.repeat(MAX_NESTING_DEPTH), { format: 'json' });
      assert.deepEqual(json.problems, []);
    });

    it('does not abort the process when a deep document follows a deeper one', () => {
      // Parsing 10,005 then 5,007 nested `[` in one process made V8 compile a regexp with the stack
      // almost exhausted: "FATAL ERROR: RegExpCompiler Allocation failed - process out of memory".
      const script = `require('tsx/cjs'); const { parseYaml } = require(${JSON.stringify(path.join(REPO, 'server/src/engine/yaml/parse.ts'))});
        for (const n of [10005, 5007, 3000, 900]) parseYaml('['.repeat(n) + ']'.repeat(n));
        process.stdout.write('alive');`;
      const r = spawnSync(process.execPath, ['-e', script], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, r.stderr.slice(0, 2000));
      assert.equal(r.stdout, 'alive');
    });
  });

  describe('yaml/parse.ts: work per key, alias and syntax error', () => {
    it('checks duplicate keys in linear time (the composer compared every key with every earlier one)', () => {
      // 30,000 keys in one mapping took ~6 s.
      const text = 'Resources:\n' + Array.from({ length: 30_000 }, (_, i) => `  R${i}: {Type: AWS::S3::Bucket}`).join('\n') + '\n  R7: dup\n';
      const { ms, value: doc } = cpuTime(() => parseYaml(text));
      assert.deepEqual(doc.problems.map((p) => [p.code, text.slice(p.range.start, p.range.start + 3)]), [['DUPLICATE_KEY', 'R7:']]);
      const w = withinUnits(ms, 100);
      assert.ok(w.ok, w.message);
      // Linear: 4× the keys ≈ 4× the time (the quadratic check was 16×).
      const keys = (n: number) => 'Resources:\n' + Array.from({ length: n }, (_, i) => `  R${i}: {Type: AWS::S3::Bucket}`).join('\n') + '\n';
      const g = growth((n) => parseYaml(keys(n)), 4_000, 4, 2);
      assert.ok(g.ratio < 10, `4,000 → 16,000 keys: ×${g.ratio.toFixed(1)} (${g.small.toFixed(0)} → ${g.big.toFixed(0)} ms)`);
    });

    it('reports duplicate keys as the composer did, once per mapping (not again through aliases)', () => {
      // `x` twice; `1` and `1.0` are both the number 1 (`"1"` is a string).
      const doc = parseYaml('a: &m {x: 1, x: 2}\nb: *m\nc: *m\n"1": q\n1: r\n1.0: s\n');
      assert.deepEqual(doc.problems.map((p) => [p.code, p.range.start]), [['DUPLICATE_KEY', 13], ['DUPLICATE_KEY', 43]]);
    });

    it('resolves aliases of an anchor redefined thousands of times without rescanning (was quadratic)', () => {
      // `&a a: *a` × 22,000 (200 KB) took 6.3 s.
      const text = '&a a: *a\n'.repeat(22_000);
      const { ms, value: doc } = cpuTime(() => parseYaml(text));
      const w = withinUnits(ms, 100);
      assert.ok(w.ok, w.message);
      const g = growth((n) => parseYaml('&a a: *a\n'.repeat(n)), 3_000, 4, 2);
      assert.ok(g.ratio < 10, `3,000 → 12,000 redefinitions: ×${g.ratio.toFixed(1)} (${g.small.toFixed(0)} → ${g.big.toFixed(0)} ms)`);
      assert.ok(doc.problems.length <= 2 * MAX_PARSE_PROBLEMS);
      // Each alias still refers to the latest anchor before it.
      const r = parseYaml('x: &a 1\ny: *a\nz: &a 2\nw: *a\n').root as { entries: { value: { value: unknown } }[] };
      assert.deepEqual(r.entries.map((e) => e.value.value), [1, 1, 2, 2]);
    });

    it('keeps at most MAX_PARSE_PROBLEMS syntax problems (2 MB of `}` took 23 s and >2 GB)', () => {
      for (const text of ['z: ' + '}'.repeat(100_000) + '\n', 'a: 1\n' + ']'.repeat(100_000), 'a: 1\n' + 'b\n'.repeat(50_000), 'a: b\n'.repeat(25_000), 'k: !Bad x\n'.repeat(20_000)]) {
        const { ms, value: doc } = cpuTime(() => parseYaml(text));
        assert.ok(doc.problems.length > 0 && doc.problems.length <= 3 * MAX_PARSE_PROBLEMS, `${doc.problems.length} problems`);
        const w = withinUnits(ms, 100);
        assert.ok(w.ok, `${JSON.stringify(text.slice(0, 12))}: ${w.message}`);
      }
      // Short-form tags (a warning each from the composer) do not use up the room for errors.
      const tags = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + Array.from({ length: 3000 }, (_, i) => `  R${i}: {Type: AWS::S3::Bucket, Properties: {BucketName: !Ref N${i}, Tags: !GetAtt X.Y}}`).join('\n') + '\n  Broken: [unclosed\n';
      assert.ok(parseYaml(tags).problems.some((p) => p.severity === 'error'), 'the syntax error at the end is reported');
      // Below the cap the problems are the composer's, unchanged.
      assert.deepEqual(parseYaml('a: }\n').problems.map((p) => p.message), ['Unexpected flow-map-end token in YAML stream: "}"']);
    });
  });

  describe('secret-scan/code-scan.ts', () => {
    it('secret-in-code does not throw on a Python `string` node without quotes (tree-sitter error recovery)', () => {
      // A backtick at the start of a Python file: tree-sitter-python makes it a `string` node "`".
      const text = '`, Chalice app.\nimport subprocess\n\nfrom chalice import Chalice\n';
      const { result } = analyzeChecked(makeEngine(memoryProject()), '/p/app.py', text);
      assert.deepEqual(result.ruleErrors, []);
      const again = analyzeChecked(makeEngine(memoryProject()), '/p/app.py', "`\nKEY = 'AKIA2E0A8F3B244C9986'\n").result;
      assert.ok(again.findings.some((f) => f.ruleId === 'secret-in-code'), 'the rest of the file is still scanned');
    });
  });

  describe('code/values.ts: values that hold one child twice', () => {
    // An array literal's AV keeps its items (`it`) and their join (`el`): for one item both are the
    // same object, and addStep / clearKinds / join walked it once per path — 2^depth. And a join
    // builds new structure from both sides, so values rebuilt from themselves grew exponentially.
    const cases: [string, string, string][] = [
      // 20 deep took 6.9 s, 22 deep 26 s.
      ['nested array literal 60 deep, assigned', '/p/h.js', `const cp = require('child_process');\nexports.handler = async (event) => {\n  let x = ${'['.repeat(60)}event.body${']'.repeat(60)};\n  cp.exec(x);\n};\n`],
      // 40 deep ran out of heap (join of the two branches).
      ['two nested array literals 60 deep joined by a ternary', '/p/h.js', `const cp = require('child_process');\nexports.handler = async (event) => {\n  const x = event.a ? ${'['.repeat(60)}event.body${']'.repeat(60)} : ${'['.repeat(60)}event.q${']'.repeat(60)};\n  cp.exec(x);\n};\n`],
      // 20 reassignments took 5.3 s.
      ['x = {a: x, b: x} 60 times', '/p/h.js', `exports.handler = async (event) => { let x = event.body; ${'x = {a: x, b: x}; '.repeat(60)} eval(x); };\n`],
      ['x = [x, x] 60 times in Python', '/p/h.py', `import os\ndef handler(event, context):\n    x = event["b"]\n${'    x = [x, x]\n'.repeat(60)}    os.system(x)\n`],
      // Each join made new structure from both sides: 10 times took 4.9 s and 600 MB.
      ['x = (x, [x, x]) 60 times in Python (join depth)', '/p/h.py', `import os\ndef handler(event, context):\n    x = event["b"]\n${'    x = (x, [x, x])\n'.repeat(60)}    os.system(x)\n`],
      // A constant-or-constant value joined with itself on every pass of nested loops kept both
      // sides' constant lists (duplicates too), doubling per pass: a 230-line Python 2 DNS-zone
      // mirroring handler (aws-samples/aws-lambda-mirror-dns-function) never finished and ended in
      // V8's "invalid size error"; this shape took over 60 s.
      ['constants joined in six nested loops (Python)', '/p/h.py', `import os\ndef handler(event, context):\n    x = 'a'\n    y = ('p', [x])\n${[0, 1, 2, 3, 4, 5].map((d) => `${'    '.repeat(d + 1)}for v${d} in event['l${d}']:\n`).join('')}${'    '.repeat(7)}if v5: x = 'b'\n${'    '.repeat(7)}else: x = 'c'\n${'    '.repeat(7)}y = (y, [x, 'd'])\n    os.system(x)\n`],
      // Found by the protocol fuzz (seed 22): a quote typed into `]]]]` of a list 10,000 deep; 640
      // deep took 2.3 s, 800 deep ran out of heap.
      ['a list 3,000 deep cut by an unclosed string (Python)', '/p/h.py', `import os\ndef handler(event, context):\n    x = ${'['.repeat(3000)}event["b"]${']'.repeat(2910)}"${']'.repeat(90)}\n    os.system(x)\n`],
    ];
    for (const [name, file, text] of cases) {
      it(name, () => {
        // The harness bounds the CPU time (ANALYSIS_UNITS reference units).
        analyzeChecked(makeEngine(memoryProject()), file, text);
      });
    }

    it('keeps what the analysis finds through shared structure', () => {
      for (const text of ["exports.handler = async (event) => { const x = [[event.body]]; let y = x; y = event.a ? x : [[1]]; eval(y[0][0]); };\n", 'exports.handler = async (event) => { let x = event.body; x = {a: x, b: [x, x]}; eval(x.b[1]); };\n']) {
        const { result } = analyzeChecked(makeEngine(memoryProject()), '/p/h.js', text);
        assert.deepEqual(result.findings.map((f) => f.ruleId), ['injection-code-eval'], text);
      }
    });
  });

  describe('model/query.ts', () => {
    it('functionsUsing / functionsOfRoles answer per document without rescanning every role (was quadratic)', () => {
      const n = 20_000;
      const roles: RoleModel[] = Array.from({ length: n }, (_, i) => ({ id: `r${i % (n - 1)}`, functions: [`f${i}`, `g${i % 3}`] }) as unknown as RoleModel);
      const model = { roles } as unknown as ConfigModel;
      let total = 0;
      for (let i = 0; i < n; i++) total += functionsUsing(model, { roleIds: [`r${i}`] } as unknown as PolicyDocument).length;
      assert.ok(total > n);
      // n queries on a model of n roles: linear overall, so 4n costs ~4× (a rescan per query is 16×).
      const work = (m: number) => {
        const rs = Array.from({ length: m }, (_, i) => ({ id: `r${i % (m - 1)}`, functions: [`f${i}`, `g${i % 3}`] }) as unknown as RoleModel);
        const md = { roles: rs } as unknown as ConfigModel;
        for (let i = 0; i < m; i++) functionsUsing(md, { roleIds: [`r${i}`] } as unknown as PolicyDocument);
      };
      const g = growth(work, 8_000, 4, 2);
      assert.ok(g.ratio < 10, `8,000 → 32,000 roles and queries: ×${g.ratio.toFixed(1)} (${g.small.toFixed(0)} → ${g.big.toFixed(0)} ms)`);
      // Same answers as a scan in model order, duplicates removed.
      const naive = (ids: string[]) => [...new Set(roles.filter((r) => ids.includes(r.id)).flatMap((r) => r.functions))];
      for (const ids of [['r0'], ['r5', 'r0'], ['r0', 'r0'], ['nope'], []]) {
        assert.deepEqual(functionsUsing(model, { roleIds: ids } as unknown as PolicyDocument), naive(ids));
        assert.deepEqual(functionsOfRoles(model, ids), naive(ids));
      }
    });
  });
});
