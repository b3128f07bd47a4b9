/**
 * Issue 13, second-order sources: the labelled apps of test/fixtures/second-order (stored data read
 * back and reaching a sink; stored HTML pages) scanned with the built CLI (SARIF, for the related
 * locations). A positive is reported at its line above info, names its writer, has every hop among
 * its locations and none of its `absent` words in the message; a negative is at most info.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const DIR = path.join(ROOT, 'test', 'fixtures', 'second-order');

interface Hop { file: string; line: number; hop: string }
interface Expected {
  positives: { rule: string; file: string; line: number; writer?: string; path: Hop[]; absent?: string[] }[];
  negatives: { rule: string; file: string; line: number }[];
}
interface Loc { file: string; line: number }
interface Result { rule: string; level: string; file: string; line: number; message: string; related: Loc[] }

function scan(app: string): Result[] {
  const r = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'sarif'], { cwd: path.join(DIR, app), encoding: 'utf8' });
  const sarif = JSON.parse(r.stdout);
  const loc = (l: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }): Loc => ({
    file: l.physicalLocation.artifactLocation.uri,
    line: l.physicalLocation.region?.startLine ?? 0,
  });
  return sarif.runs[0].results.map((x: { ruleId: string; level: string; message: { text: string }; locations: never[]; relatedLocations?: never[] }) => ({
    rule: x.ruleId,
    level: x.level,
    message: x.message.text,
    ...loc(x.locations[0]),
    related: (x.relatedLocations ?? []).map(loc),
  }));
}

const apps = fs.readdirSync(DIR).filter((d) => fs.statSync(path.join(DIR, d)).isDirectory()).sort();

describe('second-order apps (test/fixtures/second-order)', () => {
  it('has labelled apps in both languages, positives and negatives', () => {
    assert.ok(apps.length >= 4);
    assert.ok(apps.some((a) => a.endsWith('-py')) && apps.some((a) => a.endsWith('-js')));
  });
  for (const app of apps) {
    const exp: Expected = JSON.parse(fs.readFileSync(path.join(DIR, app, 'expected.json'), 'utf8'));
    it(app, () => {
      const results = scan(app);
      for (const p of exp.positives) {
        const f = results.find((x) => x.rule === p.rule && x.file === p.file && x.line === p.line);
        assert.ok(f, `${p.rule} at ${p.file}:${p.line} in ${JSON.stringify(results.filter((x) => x.rule.startsWith('injection')))}`);
        assert.notEqual(f.level, 'note', `${p.rule} at ${p.file}:${p.line} is not info`);
        if (p.writer) assert.ok(f.message.includes(p.writer), `the message names the writer ${p.writer}: ${f.message}`);
        for (const w of p.absent ?? []) assert.ok(!f.message.includes(w), `the message does not name ${w}: ${f.message}`);
        const at = [{ file: f.file, line: f.line }, ...f.related];
        for (const h of p.path) assert.ok(at.some((l) => l.file === h.file && l.line === h.line), `hop ${h.hop} at ${h.file}:${h.line} in ${JSON.stringify(at)}`);
      }
      for (const n of exp.negatives) {
        const f = results.find((x) => x.rule === n.rule && x.file === n.file && x.line === n.line);
        assert.ok(!f || f.level === 'note', `${n.rule} at ${n.file}:${n.line} is at most info (${f?.level}: ${f?.message})`);
      }
    });
  }
});
