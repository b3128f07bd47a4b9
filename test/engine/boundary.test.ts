/**
 * The workspace boundary (issue 15, part 1): with roots, the engine never asks the file source about
 * a path outside them — handlers, CodeUri, relative imports, Python modules, links inside the
 * workspace to /etc/passwd or /proc, folders above the root — and says so with one
 * `path-outside-workspace` info finding at the reference, whose text never depends on what exists
 * outside. Every case fails on the main of before the boundary (it read those paths).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createEngine, type EngineFactoryResult } from '../../server/src/engine/create';
import type { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import { authoringHover } from '../../server/src/engine/authoring/hover';
import { buildModel } from '../../server/src/engine/model/build';
import { parseYaml } from '../../server/src/engine/yaml/parse';
import { outsideRequests, virtualFs, type Entry } from '../helpers/virtual-fs';

let factory: EngineFactoryResult;
before(async () => {
  factory = await createEngine();
});

const ROOT = '/home/u/ws';
const SECRET_JS = `const db = require('child_process');\nexports.handler = async (event) => db.exec(event.body);\n`;
/** What lies outside the workspace in every test: a project next door, the system's files. */
const OUTSIDE: Record<string, Entry> = {
  '/home/u/outside/secret.js': SECRET_JS,
  '/home/u/outside/helper.js': `exports.run = (x) => require('child_process').exec(x);\n`,
  '/home/u/outside/mod.py': 'import os\ndef run(x):\n    os.system(x)\n',
  '/home/u/.aws/credentials': '[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
  '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\n',
  '/etc/passwd.js': 'exports.handler = () => 1;\n',
  '/proc/self/environ': 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  '/proc/self/mem': '\u0000',
};

function setup(files: Record<string, Entry>, withOutside = true): { engine: Engine; project: Project; rec: ReturnType<typeof virtualFs>['rec'] } {
  const { source, rec } = virtualFs({ ...(withOutside ? OUTSIDE : {}), ...Object.fromEntries(Object.entries(files).map(([k, v]) => [`${ROOT}/${k}`, v])) });
  const project = new Project(source, { roots: [ROOT] });
  const engine = factory.makeEngine(project, () => ROOT);
  return { engine, project, rec };
}

function analyse(files: Record<string, Entry>, file: string, withOutside = true) {
  const s = setup(files, withOutside);
  const text = files[file] as string;
  s.project.setOpen(`${ROOT}/${file}`, text, 1);
  const r = s.engine.analyze(`${ROOT}/${file}`, text);
  const outside = r.findings.filter((f) => f.ruleId === 'path-outside-workspace');
  return { ...s, r, outside, text, at: (f: { range: { start: number; end: number } }) => text.slice(f.range.start, f.range.end) };
}

const sls = (handler: string, runtime = 'nodejs20.x') => `service: s
provider: {name: aws, runtime: ${runtime}}
functions:
  api:
    handler: ${handler}
    events:
      - httpApi: {path: /x, method: post}
`;

const sam = (codeUri: string, handler = 'secret.handler') => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ${codeUri}
      Handler: ${handler}
      Runtime: nodejs20.x
      Events:
        Api: {Type: HttpApi, Properties: {Path: /x, Method: post}}
`;

describe('workspace boundary: config references', () => {
  for (const [name, handler] of [
    ['a handler in a sibling folder', '../outside/secret.handler'],
    ['an absolute handler path', '/home/u/outside/secret.handler'],
    ['a handler climbing to /etc', '../../../../etc/passwd.handler'],
  ] as const) {
    it(`${name}: not read, one info finding at the handler`, () => {
      const a = analyse({ 'serverless.yml': sls(handler) }, 'serverless.yml');
      assert.deepEqual(outsideRequests(a.rec, ROOT), []);
      assert.deepEqual(a.rec.realpaths.filter((p) => !p.startsWith(ROOT)), []);
      assert.equal(a.outside.length, 1);
      assert.equal(a.outside[0].severity, 'info');
      assert.equal(a.at(a.outside[0]), handler);
      assert.match(a.outside[0].message, /outside the workspace, not analysed/);
      // Nothing from the outside file shows up (its command injection would be found if read).
      assert.ok(!a.r.findings.some((f) => f.ruleId.startsWith('injection-')));
    });
  }

  for (const codeUri of ['../outside', '/etc', '/home/u/outside/']) {
    it(`SAM CodeUri: ${codeUri} is not read, one finding at CodeUri`, () => {
      const a = analyse({ 'template.yaml': sam(codeUri, codeUri === '/etc' ? 'passwd.handler' : 'secret.handler') }, 'template.yaml');
      assert.deepEqual(outsideRequests(a.rec, ROOT), []);
      assert.equal(a.outside.length, 1);
      assert.equal(a.at(a.outside[0]), codeUri);
    });
  }

  it('Globals CodeUri outside: one finding for every function it applies to', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    CodeUri: ../outside
Resources:
  A: {Type: AWS::Serverless::Function, Properties: {Handler: secret.handler, Runtime: nodejs20.x}}
  B: {Type: AWS::Serverless::Function, Properties: {Handler: helper.run, Runtime: nodejs20.x}}
`;
    const a = analyse({ 'template.yaml': text }, 'template.yaml');
    assert.deepEqual(outsideRequests(a.rec, ROOT), []);
    assert.equal(a.outside.length, 1);
    assert.equal(a.at(a.outside[0]), '../outside');
  });

  for (const [name, target] of [
    ['/etc/passwd', '/etc/passwd'],
    ['/proc/self/environ', '/proc/self/environ'],
    ['/proc/self/mem', '/proc/self/mem'],
    ['~/.aws/credentials', '/home/u/.aws/credentials'],
    ['a missing file outside', '/nowhere/x.js'],
  ] as const) {
    it(`a link inside the workspace to ${name}: not read, one finding, same text whether the target exists or not`, () => {
      const a = analyse({ 'serverless.yml': sls('x.handler'), 'x.js': { link: target } }, 'serverless.yml');
      assert.deepEqual(outsideRequests(a.rec, ROOT), []);
      assert.equal(a.outside.length, 1);
      assert.equal(a.at(a.outside[0]), 'x.handler');
      assert.match(a.outside[0].message, /through a link/);
      const b = analyse({ 'serverless.yml': sls('x.handler'), 'x.js': { link: '/nowhere/x.js' } }, 'serverless.yml', false);
      assert.equal(b.outside[0]?.message, a.outside[0].message);
    });
  }

  it('a linked folder to outside: its files are not read', () => {
    const a = analyse({ 'serverless.yml': sls('lib/secret.handler'), lib: { link: '/home/u/outside' } }, 'serverless.yml');
    assert.deepEqual(outsideRequests(a.rec, ROOT), []);
    assert.equal(a.outside.length, 1);
  });

  it('handlers inside the workspace still resolve and are analysed (valid case)', () => {
    const a = analyse({ 'serverless.yml': sls('src/api.handler'), 'src/api.js': SECRET_JS, 'lnk.js': { link: 'src/api.js' } }, 'serverless.yml');
    assert.deepEqual(a.outside, []);
    assert.ok(a.project.exists(`${ROOT}/src/api.js`));
    assert.ok(a.project.exists(`${ROOT}/lnk.js`), 'a link that stays inside is followed');
    assert.deepEqual(outsideRequests(a.rec, ROOT), []);
  });

  it('the finding can be turned off in the settings', () => {
    const s = setup({});
    const text = sls('../outside/secret.handler');
    const r = s.engine.analyze(`${ROOT}/serverless.yml`, text, { settings: { rules: { 'path-outside-workspace': 'off' }, ignorePaths: [] } });
    assert.ok(!r.findings.some((f) => f.ruleId === 'path-outside-workspace'));
  });

  it('without roots (library use, tests) nothing changes', () => {
    const { source } = virtualFs({ ...OUTSIDE, [`${ROOT}/serverless.yml`]: sls('../outside/secret.handler') });
    const project = new Project(source);
    assert.equal(project.readFile('/home/u/outside/secret.js'), SECRET_JS);
  });
});

describe('workspace boundary: code references', () => {
  it("require('../outside/helper') is not read; one finding at the specifier; no related location outside", () => {
    const handler = `const h = require('../outside/helper');\nexports.handler = async (event) => h.run(event.body);\n`;
    const a = analyse({ 'serverless.yml': sls('handler.handler'), 'handler.js': handler }, 'handler.js');
    assert.deepEqual(outsideRequests(a.rec, ROOT), []);
    assert.equal(a.outside.length, 1);
    assert.equal(a.at(a.outside[0]), `'../outside/helper'`);
    for (const f of a.r.findings) for (const rel of f.related ?? []) assert.ok(rel.file.startsWith(ROOT + '/'), rel.file);
  });

  it('import … from, dynamic import() and Python relative imports outside: one finding each', () => {
    const ts = `import { run } from '../outside/helper';\nexport const handler = async (e: any) => { await import('../../etc/passwd'); return run(e.body); };\n`;
    const a = analyse({ 'serverless.yml': sls('handler.handler'), 'handler.ts': ts }, 'handler.ts');
    assert.deepEqual(outsideRequests(a.rec, ROOT), []);
    assert.deepEqual(a.outside.map(a.at), [`'../outside/helper'`, `'../../etc/passwd'`]);
    const py = `from ..outside import mod\n\ndef handler(event, context):\n    mod.run(event['body'])\n`;
    const b = analyse({ 'serverless.yml': sls('handler.handler', 'python3.12'), 'handler.py': py }, 'handler.py');
    assert.deepEqual(outsideRequests(b.rec, ROOT), []);
    assert.deepEqual(b.outside.map(b.at), ['..outside']);
  });

  it('Python `from outside import mod` through a linked folder or a CodeUri outside: not read', () => {
    const py = `from outside import mod\n\ndef handler(event, context):\n    mod.run(event['body'])\n`;
    const a = analyse({ 'serverless.yml': sls('handler.handler', 'python3.12'), 'handler.py': py, outside: { link: '/home/u/outside' } }, 'handler.py');
    assert.deepEqual(outsideRequests(a.rec, ROOT), []);
    const text = sam('../outside', 'handler.handler').replace('nodejs20.x', 'python3.12');
    const b = analyse({ 'template.yaml': text, 'handler.py': py }, 'template.yaml');
    assert.deepEqual(outsideRequests(b.rec, ROOT), []);
  });

  it('relative imports inside the workspace are still followed (valid case)', () => {
    const handler = `const h = require('./lib/helper');\nexports.handler = async (event) => h.run(event.body);\n`;
    const a = analyse({ 'serverless.yml': sls('handler.handler'), 'handler.js': handler, 'lib/helper.js': `exports.run = (x) => require('child_process').exec(x);\n` }, 'handler.js');
    assert.deepEqual(a.outside, []);
    assert.ok(a.rec.reads.some((r) => r.op === 'readFile' && r.path === `${ROOT}/lib/helper.js`), 'the helper inside is read');
  });

  it('no folder above the root is listed when configs are looked up from a handler', () => {
    const { source, rec } = virtualFs({ ...OUTSIDE, '/home/u/serverless.yml': sls('ws/h.handler'), [`${ROOT}/h.js`]: SECRET_JS });
    const project = new Project(source, { roots: [ROOT] });
    const engine = factory.makeEngine(project); // no stopAt: the boundary alone stops the walk
    project.setOpen(`${ROOT}/h.js`, SECRET_JS, 1);
    engine.analyze(`${ROOT}/h.js`, SECRET_JS);
    assert.deepEqual(outsideRequests(rec, ROOT), []);
    assert.ok(rec.reads.some((r) => r.op === 'listDir' && r.path === ROOT), 'the root itself is listed');
  });
});

describe('workspace boundary: hovers and settings', () => {
  it('the hover of a function whose handler is outside is the same whether the file exists or not', () => {
    const text = sls('../outside/secret.handler');
    const hoverWith = (withOutside: boolean) => {
      const { source, rec } = virtualFs({ ...(withOutside ? OUTSIDE : {}), [`${ROOT}/serverless.yml`]: text });
      const project = new Project(source, { roots: [ROOT] });
      const parsed = parseYaml(text);
      const model = buildModel(`${ROOT}/serverless.yml`, parsed);
      const h = authoringHover({ parsed, model, offset: text.indexOf('api:') + 1, project });
      assert.deepEqual(outsideRequests(rec, ROOT), []);
      return h?.markdown;
    };
    const a = hoverWith(true);
    assert.ok(a);
    assert.equal(a, hoverWith(false));
  });

  it('a settings file linked to outside is not read', () => {
    const { source, rec } = virtualFs({ ...OUTSIDE, [`${ROOT}/.serverless-guard.yml`]: { link: '/etc/passwd' } });
    const project = new Project(source, { roots: [ROOT] });
    assert.equal(project.readFile(`${ROOT}/.serverless-guard.yml`), undefined);
    assert.equal(project.readFile(`${ROOT}/../outside/secret.js`), undefined);
    assert.equal(project.listDir('/home/u'), undefined);
    assert.deepEqual(outsideRequests(rec, ROOT), []);
  });

  it('roots can change (workspace folders added/removed); an empty list reads open documents only', () => {
    const { source, rec } = virtualFs({ ...OUTSIDE, [`${ROOT}/a.js`]: 'x' });
    const project = new Project(source, { roots: [] });
    project.setOpen('/tmp/open.yml', 'y', 1);
    assert.equal(project.readFile('/tmp/open.yml'), 'y');
    assert.equal(project.readFile(`${ROOT}/a.js`), undefined);
    assert.deepEqual(rec.reads, []);
    project.setRoots([ROOT]);
    assert.equal(project.readFile(`${ROOT}/a.js`), 'x');
    assert.equal(project.readFile('/tmp/open.yml'), undefined, 'an open document outside the folders is not served to other analyses');
  });
});

describe('workspace boundary: files outside every folder', () => {
  it('a config outside the folders (or with none open) is analysed alone: no reads, no per-reference findings', () => {
    const { source, rec } = virtualFs({ ...OUTSIDE, '/tmp/x/serverless.yml': sls('h.handler'), '/tmp/x/h.js': SECRET_JS });
    for (const roots of [[ROOT], []]) {
      const project = new Project(source, { roots });
      const engine = factory.makeEngine(project);
      const text = sls('h.handler');
      project.setOpen('/tmp/x/serverless.yml', text, 1);
      const r = engine.analyze('/tmp/x/serverless.yml', text);
      assert.ok(r.findings.length > 0, 'the file itself is analysed');
      assert.ok(!r.findings.some((f) => f.ruleId === 'path-outside-workspace'));
      assert.deepEqual(rec.reads, []);
    }
  });
});
