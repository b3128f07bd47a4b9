/**
 * `path-outside-workspace` on a keystroke: where each handler's files are (inside, outside, through
 * a link) is remembered per (folder, handler, runtime) until the project's files or folders change,
 * so a keystroke in a big config asks the project nothing about unchanged handlers. The findings
 * must equal those of a new engine, and a change of folders or files must be seen.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createEngine, type EngineFactoryResult } from '../../server/src/engine/create';
import { Project } from '../../server/src/engine/project';
import type { Finding } from '../../server/src/engine/types';
import { heavyServerlessYml } from '../bench/gen';
import { virtualFs, type Entry } from '../helpers/virtual-fs';

let factory: EngineFactoryResult;
before(async () => {
  factory = await createEngine();
});

const ROOT = '/home/u/ws';
const strip = (fs: readonly Finding[]) => fs.filter((f) => f.ruleId === 'path-outside-workspace').map((f) => `${f.range.start}-${f.range.end}|${f.message}`);

function setup(files: Record<string, Entry>) {
  const { source } = virtualFs({ '/home/u/outside/secret.js': 'exports.handler = async () => 1;\n', ...Object.fromEntries(Object.entries(files).map(([k, v]) => [`${ROOT}/${k}`, v])) });
  const project = new Project(source, { roots: [ROOT] });
  // Count what the boundary is asked.
  let asked = 0;
  for (const m of ['isInside', 'exists', 'accessOf'] as const) {
    const orig = project[m].bind(project) as (p: string) => never;
    (project as unknown as Record<string, (p: string) => unknown>)[m] = (p: string) => {
      asked++;
      return orig(p);
    };
  }
  return { project, engine: factory.makeEngine(project, () => ROOT), asked: () => asked };
}

/** A 40-function serverless.yml; one handler outside the workspace, one through a link to outside. */
function config(): string {
  let text = heavyServerlessYml({ functions: 40, seed: 3 });
  let n = 0;
  text = text.replace(/handler: src\/handlers\/(\w+)\.handler/g, (m) => (n++ === 5 ? 'handler: ../outside/secret.handler' : n === 9 ? 'handler: lnk.handler' : m));
  return text;
}

describe('path-outside-workspace across keystrokes', () => {
  it('equals a fresh analysis after each edit, asking the project only about the edited handler', () => {
    const text = config();
    const file = `${ROOT}/serverless.yml`;
    const { project, engine, asked } = setup({ 'serverless.yml': text, 'lnk.js': { link: '/nowhere/x.js' } });
    project.setOpen(file, text, 1);
    const first = engine.analyze(file, text);
    assert.equal(strip(first.findings).length, 2, 'the handler outside and the one through a link');
    const at = text.indexOf('handler: src/handlers/') + 'handler: src/handlers/'.length;
    const edits = [text.slice(0, at) + 'x' + text.slice(at), text, text.replace("FUNCTION_ID: '", "FUNCTION_ID: 'q"), text];
    let version = 1;
    for (const cur of edits) {
      // The document's own version changes (as in the editor): the set of files does not.
      project.setOpen(file, cur, ++version);
      const before = asked();
      const got = engine.analyze(file, cur);
      const n = asked() - before;
      const fresh = setup({ 'serverless.yml': cur, 'lnk.js': { link: '/nowhere/x.js' } });
      fresh.project.setOpen(file, cur, 1);
      assert.deepEqual(strip(got.findings), strip(fresh.engine.analyze(file, cur).findings));
      // A handler renamed by the edit is looked up again (its ~10 candidate files, each asked a few
      // ways); the other 39 handlers are not (~1,600 questions per analysis without the memo).
      assert.ok(n <= 100, `the project was asked ${n} times`);
    }
  });

  it('sees a change of workspace folders (the handler outside is inside now)', () => {
    const text = config();
    const file = `${ROOT}/serverless.yml`;
    const { project, engine } = setup({ 'serverless.yml': text, 'lnk.js': { link: '/nowhere/x.js' } });
    project.setOpen(file, text, 1);
    assert.equal(strip(engine.analyze(file, text).findings).length, 2);
    project.setRoots([ROOT, '/home/u/outside']);
    const cur = text.replace("FUNCTION_ID: '", "FUNCTION_ID: 'q");
    assert.equal(strip(engine.analyze(file, cur).findings).length, 1, 'only the link is left');
  });
});
