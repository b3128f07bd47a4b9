import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { TreeSitterCodeSupport, resolveRelativeImport, type CodeContext } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import { defineRule } from '../../server/src/engine/rule';

const files = new Map<string, string>([
  ['/app/serverless.yml', 'service: s\nprovider: {name: aws, runtime: nodejs20.x}\nfunctions:\n  create:\n    handler: src/orders.create\n    events:\n      - httpApi: POST /orders\n'],
  ['/app/src/util.ts', 'export const x = 1;\n'],
  ['/app/src/py/helpers.py', 'X = 1\n'],
]);
const project = new Project({
  readFile: (p) => files.get(p),
  listDir: (d) => [...files.keys()].filter((k) => k.startsWith(d + '/') && !k.slice(d.length + 1).includes('/')).map((k) => k.slice(d.length + 1)),
});

// A throwaway rule that reports every string literal "BAD" — exercises parse, handlers, suppressions.
const probe = defineRule({
  meta: { id: 'probe', category: 'config', severity: 'warning', title: 'probe rule', docs: { summary: 'test-only probe rule for the code pipeline' }, appliesTo: ['javascript', 'typescript', 'python'] },
  check(ctx) {
    const code = ctx.code as CodeContext;
    const handlers = code.handlers();
    let i = code.text.indexOf('"BAD"');
    while (i >= 0) {
      ctx.report({ range: { start: i, end: i + 5 }, message: `probe found BAD (handlers: ${handlers.map((h) => h.fnId + ':' + h.triggers.join('+')).join(',')})` });
      i = code.text.indexOf('"BAD"', i + 1);
    }
  },
});

describe('code files in the engine', () => {
  before(() => initCodeParsers());

  it('parses code, links it to its config function and honours comment suppressions', () => {
    const engine = new Engine(project, [probe]);
    engine.codeSupport = new TreeSitterCodeSupport(engine);
    const text = 'export const create = async (event) => {\n  const a = "BAD";\n  // serverless-guard-ignore probe -- test reason\n  const b = "BAD";\n  /* serverless-guard-ignore probe */ const c = "BAD";\n};\n';
    files.set('/app/src/orders.ts', text);
    const r = engine.analyze('/app/src/orders.ts', text);
    assert.equal(r.kind, 'typescript');
    const probes = r.findings.filter((f) => f.ruleId === 'probe');
    assert.equal(probes.length, 1, JSON.stringify(r.findings, null, 1));
    assert.match(probes[0].message, /handlers: create:api/);
    assert.equal(r.findings.filter((f) => f.ruleId === 'suppression-reason-required').length, 1);
    assert.ok(probes[0].fixes.some((f) => f.title.startsWith('Ignore probe') && f.changes[0].edits[0].newText.includes('// serverless-guard-ignore probe')));
  });

  it('uses # comments in Python', () => {
    const engine = new Engine(project, [probe]);
    engine.codeSupport = new TreeSitterCodeSupport(engine);
    const text = 'def handler(event, context):\n    a = "BAD"  # serverless-guard-ignore probe -- ok here\n    return "BAD"\n';
    const r = engine.analyze('/app/src/h.py', text);
    assert.equal(r.findings.length, 1);
    assert.ok(r.findings[0].fixes.some((f) => f.changes[0].edits[0].newText.trimStart().startsWith('# serverless-guard-ignore probe')));
  });

  it('resolves relative imports in JS/TS and Python', () => {
    assert.equal(resolveRelativeImport(project, '/app/src/orders.ts', './util')?.path, '/app/src/util.ts');
    assert.equal(resolveRelativeImport(project, '/app/src/orders.ts', './util.js')?.path, '/app/src/util.ts');
    assert.equal(resolveRelativeImport(project, '/app/src/py/h.py', '.helpers')?.path, '/app/src/py/helpers.py');
    assert.equal(resolveRelativeImport(project, '/app/src/orders.ts', 'lodash'), undefined);
  });
});
