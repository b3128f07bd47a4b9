/**
 * Random character insertions and deletions on the example and fixture files (fast-check, fixed
 * seed): each run takes one file and applies a few edits in sequence, as someone typing or deleting
 * at random spots would, analysing every intermediate text with one long-lived engine (incremental
 * re-parses) and the final text also with fresh engines; then completion and hover are asked at the
 * cursor of the last edit. Inserted text favours characters that matter to YAML, JSON, JS and Python
 * (indicators, quotes, brackets, indentation, line breaks), plus non-ASCII, lone surrogates, NUL
 * and CR.
 */
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { authoringCompletions, authoringHover } from '../../server/src/engine/authoring/index';
import { PARSE_RULE, codeKindOf } from '../../server/src/engine/engine';
import { analyzeChecked, assertDeterministic, assertSameAsFresh, codeParsers, diskProject, fixtureFiles, makeEngine, runs, SEED, type FixtureFile } from './harness';

const SIGNIFICANT = [':', '-', ' ', '  ', '\n', '\r\n', '\t', '{', '}', '[', ']', ',', '"', "'", '`', '#', '&', '*', '!', '|', '>', '%', '@', '?', '<<: ', '${', '}', '(', ')', ';', '=', '\\', '/', '//', '/*', '"""', '\u0000', '\r', '\uFEFF', '\uFFFD', '\uD800', '\uDC00', '\u00e9', '\u{1F600}', '!Ref ', '!GetAtt ', '*', 'Resources:', '- Effect: Allow\n', "Action: '*'", 'event.body', 'eval(', 'exports.handler = ', 'def ', 'import os\n'];

const edit = fc.record({
  /** Where (a fraction of the current length). */
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  /** How many characters to delete there (0: pure insertion). */
  del: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: fc.integer({ min: 13, max: 400 }) }),
  /** What to insert there. */
  ins: fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.constantFrom(...SIGNIFICANT), { maxLength: 3 }).map((a) => a.join('')) },
    { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
  ),
});

describe('robustness: random insertions and deletions', () => {
  let files: FixtureFile[];
  before(async () => {
    await codeParsers();
    files = fixtureFiles();
  });

  it('every edited version is analysed without errors, in time, and the last one deterministically', () => {
    const project = diskProject();
    fc.assert(
      fc.property(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 6 }), (pick, edits) => {
        const f = files[pick % files.length];
        const engine = makeEngine(project);
        let text = f.text;
        project.setOpen(f.path, text, 0);
        try {
          analyzeChecked(engine, f.path, text, { context: `(${f.rel} as is)` });
          let result;
          let cursor = 0;
          for (const [i, e] of edits.entries()) {
            const at = Math.floor(e.at * text.length);
            text = text.slice(0, at) + e.ins + text.slice(at + e.del);
            cursor = at + e.ins.length;
            project.setOpen(f.path, text, i + 1);
            result = analyzeChecked(engine, f.path, text, { context: `(${f.rel} after edit ${i + 1})` }).result;
          }
          const context = `(${f.rel} after ${edits.length} edits)`;
          if (result!.findings.some((x) => x.ruleId === PARSE_RULE.id)) assertDeterministic(project, f.path, text, context);
          else assertSameAsFresh(result!, project, f.path, text, context);
          // Authoring help at the cursor of the last edit (what the server asks on completion/hover).
          const isConfig = !codeKindOf(f.path);
          authoringCompletions({ path: f.path, text, offset: cursor, kind: result!.kind, parse: isConfig ? (t) => engine.parseConfig(f.path, t).parsed : undefined });
          if (isConfig) {
            const entry = engine.parseConfig(f.path, text);
            authoringHover({ parsed: entry.parsed, model: entry.model, offset: cursor, project });
          }
        } finally {
          project.close(f.path);
        }
      }),
      { seed: SEED + 2, numRuns: runs(60), includeErrorInReport: true },
    );
  });
});
