/**
 * Reuse of entries whose values are Serverless variable references (`${self:…}`, `${param:…}`,
 * `${file(…)}`, `${env:…}`): secret-in-config re-reports such an entry's own findings and still
 * follows its references (reportChains) every time. After edits anywhere, the findings must equal a
 * fresh analysis with reuse off; the counters show that those entries really were re-reported.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import type { Finding } from '../../server/src/engine/types';
import { heavyServerlessYml } from '../bench/gen';

const strip = (fs: readonly Finding[]) => fs.map((f) => `${f.ruleId}|${f.severity}|${f.range.start}-${f.range.end}|${f.message}|${JSON.stringify(f.related ?? [])}`);

function projectOf(files: Record<string, string>): Project {
  const map = new Map(Object.entries(files));
  return new Project({
    readFile: (p) => map.get(p),
    exists: (p) => map.has(p),
    listDir: (d) => [...map.keys()].filter((k) => k.startsWith(d + '/')).map((k) => k.slice(d.length + 1).split('/')[0]),
  });
}

function fresh(project: Project, file: string, text: string) {
  const engine = new Engine(project, allRules);
  engine.reuse.enabled = false;
  return engine.analyze(file, text);
}

/** Only secret-in-config, so the counters are that rule's entries. */
const secretRule = allRules.filter((r) => r.meta.id === 'secret-in-config');

describe('secret-in-config: entries with variable references are re-reported, their chains followed', () => {
  it('a keystroke checks one function again, not every function with ${self:…}', () => {
    const text = heavyServerlessYml({ functions: 40, seed: 11 });
    const functions = text.slice(text.indexOf('\nfunctions:')).split(/\n {2}(?=\w)/).slice(1);
    const withRefs = functions.filter((b) => b.includes('${self:')).length;
    assert.ok(withRefs >= 10, `${withRefs} functions with \${self:} references`);
    const file = '/p/serverless.yml';
    const engine = new Engine(new Project(), secretRule);
    engine.analyze(file, text);
    // Type into the first function's FUNCTION_ID value, then delete it again.
    const at = text.indexOf("FUNCTION_ID: '") + "FUNCTION_ID: '".length;
    let cur = text;
    for (const next of [text.slice(0, at) + 'x' + text.slice(at), text]) {
      const { checked, replayed } = engine.reuse.stats;
      cur = next;
      const got = engine.analyze(file, cur);
      assert.deepEqual(strip(got.findings), strip(fresh(new Project(), file, cur).findings.filter((f) => f.ruleId === 'secret-in-config')));
      // Only the edited function is checked again (the restoring keystroke: none at all).
      assert.ok(engine.reuse.stats.checked - checked <= 1, `checked ${engine.reuse.stats.checked - checked} entries`);
      assert.ok(engine.reuse.stats.replayed - replayed >= 39, `re-reported ${engine.reuse.stats.replayed - replayed} entries`);
    }
  });

  it('follows a reference of a re-reported function to a literal that became a secret (and back)', () => {
    const text = heavyServerlessYml({ functions: 24, seed: 9 }).replace(/( {6}FUNCTION_ID: [^\n]*\n)/, '$1      DB_SECRET: ${self:custom.tableName}\n');
    const file = '/p/serverless.yml';
    const engine = new Engine(new Project(), allRules);
    const count = (fs: readonly Finding[]) => fs.filter((f) => f.ruleId === 'secret-in-config').length;
    const before = count(engine.analyze(file, text).findings);
    const steps = [text.replace('  tableName: ${self:service}-${sls:stage}-table', "  tableName: 'Hq7vN3kP9wX2mT5r'"), text];
    const counts: number[] = [];
    for (const cur of steps) {
      const { replayed } = engine.reuse.stats;
      const got = engine.analyze(file, cur);
      assert.deepEqual(strip(got.findings), strip(fresh(new Project(), file, cur).findings));
      assert.ok(engine.reuse.stats.replayed > replayed, 'the functions were re-reported, not checked again');
      counts.push(count(got.findings));
    }
    // The literal is reported once (where it is written, every use as related information), then gone.
    assert.deepEqual(counts, [before + 1, before]);
  });

  it('${env:X} with useDotenv: the .env literal is reported after edits elsewhere too', () => {
    const base = heavyServerlessYml({ functions: 24, seed: 9 })
      .replace('frameworkVersion:', 'useDotenv: true\n\nframeworkVersion:')
      .replace(/( {6}FUNCTION_ID: [^\n]*\n)/, '$1      DATABASE_PASSWORD: ${env:DB_PASSWORD}\n');
    const project = projectOf({ '/p/.env': 'DB_PASSWORD=Vr8kQ2mX7pW4zT9n\n' });
    const file = '/p/serverless.yml';
    const engine = new Engine(project, allRules);
    const first = engine.analyze(file, base);
    const chain = (fs: readonly Finding[]) => fs.filter((f) => f.ruleId === 'secret-in-config' && f.related?.some((r) => r.file === '/p/.env')).length;
    assert.equal(chain(first.findings), 1, 'the .env literal, reported at the reference');
    // Edits in other functions: the function with the reference is re-reported, its chain followed.
    let cur = base;
    const at = base.lastIndexOf("FUNCTION_ID: '") + "FUNCTION_ID: '".length;
    for (const next of [base.slice(0, at) + 'q' + base.slice(at), base, base.slice(0, at) + 'z' + base.slice(at)]) {
      cur = next;
      const got = engine.analyze(file, cur);
      assert.deepEqual(strip(got.findings), strip(fresh(project, file, cur).findings));
      assert.equal(chain(got.findings), 1);
    }
  });
});
