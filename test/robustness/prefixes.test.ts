/**
 * Every prefix of every example and fixture file, as an editor sees a file being typed top to
 * bottom: all line prefixes, plus a deterministic sample of character prefixes (cuts inside keys,
 * strings, tags and identifiers). Each prefix is analysed with the full rule set by one long-lived
 * engine (incremental YAML and tree-sitter re-parses, as in the server) with the file open in the
 * project, so configs and their handlers see each other. Sampled prefixes are also analysed by two
 * fresh engines: same text → same findings, and, where the text parses cleanly, the same findings as
 * the long-lived engine (incremental parsing is exact).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { PARSE_RULE } from '../../server/src/engine/engine';
import { analyzeChecked, assertDeterministic, assertSameAsFresh, codeParsers, diskProject, fixtureFiles, hashString, makeEngine, prng, SEED, type FixtureFile } from './harness';

/** Character prefixes sampled per file (on top of all line prefixes). */
const CHAR_PREFIXES_PER_FILE = 5;
/** Every n-th prefix is also checked with fresh engines. */
const FRESH_EVERY = 15;

function linePrefixEnds(text: string): number[] {
  const ends: number[] = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) ends.push(i + 1);
  if (ends[ends.length - 1] !== text.length) ends.push(text.length);
  return ends;
}

function charPrefixEnds(f: FixtureFile): number[] {
  const rnd = prng(SEED ^ hashString(f.rel));
  const out = new Set<number>();
  while (out.size < Math.min(CHAR_PREFIXES_PER_FILE, f.text.length)) out.add(1 + Math.floor(rnd() * (f.text.length - 1)));
  return [...out].sort((a, b) => a - b);
}

describe('robustness: every prefix of every example and fixture file', () => {
  let files: FixtureFile[];
  before(async () => {
    await codeParsers();
    files = fixtureFiles();
  });

  it('finds the configs and handlers', () => {
    assert.ok(files.length >= 60, `${files.length} files`);
    for (const ext of ['.yml', '.yaml', '.json', '.js', '.ts', '.py']) assert.ok(files.some((f) => f.rel.endsWith(ext)), ext);
  });

  it('analyses every line prefix and sampled character prefixes without errors, in time, deterministically', (t) => {
    const project = diskProject();
    const engine = makeEngine(project);
    let analyses = 0;
    let fresh = 0;
    let slowest = { ms: 0, where: '' };
    const t0 = performance.now();
    for (const f of files) {
      const ends = [...new Set([...linePrefixEnds(f.text), ...charPrefixEnds(f)])].sort((a, b) => a - b);
      ends.forEach((end, i) => {
        const text = f.text.slice(0, end);
        const context = `(${f.rel}, prefix of ${end}/${f.text.length} chars)`;
        project.setOpen(f.path, text, i);
        const { result, ms } = analyzeChecked(engine, f.path, text, { context });
        analyses++;
        if (ms > slowest.ms) slowest = { ms, where: context };
        if (i % FRESH_EVERY === 0 || end === f.text.length) {
          fresh++;
          // A clean parse must match a fresh engine's (incremental parsing is exact); with syntax
          // errors the incremental parser may keep the last clean tree, so compare two fresh engines.
          if (result.findings.some((x) => x.ruleId === PARSE_RULE.id)) assertDeterministic(project, f.path, text, context);
          else assertSameAsFresh(result, project, f.path, text, context);
        }
      });
      project.close(f.path);
      engine.forget(f.path);
    }
    t.diagnostic(`${files.length} files, ${analyses} analyses (+${fresh} checked against fresh engines) in ${(performance.now() - t0).toFixed(0)} ms; slowest ${slowest.ms.toFixed(0)} ms ${slowest.where}`);
  });
});
