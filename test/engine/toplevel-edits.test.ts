/**
 * Keystrokes at top-level keys of big configs (`service:`, `custom:`, `Transform:`, `Description`,
 * the key lines of big sections…): whatever the incremental parser (yaml/incremental.ts), the
 * per-entry finding reuse (reuse.ts) and the diagnostic re-use (lsp/diagnostics.ts) keep from
 * earlier versions, the findings must be exactly those of a from-scratch analysis — also through
 * states where a typed character breaks the rest of the file (`custom:x`) or changes its kind
 * (`Transform: AWS::Serverlessx…`), and back. And the work after such a state is bounded: the next
 * keystroke that restores the file re-reports the entries of before instead of checking them all.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Diagnostic } from 'vscode-languageserver/node';
import { allRules } from '../../rules/index';
import { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import type { LineIndex } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';
import { DiagnosticConverter } from '../../server/src/lsp/diagnostics';
import type { ParsedDocument, YNode } from '../../server/src/engine/yaml/ast';
import { IncrementalYaml } from '../../server/src/engine/yaml/incremental';
import { parseYaml } from '../../server/src/engine/yaml/parse';
import { editPositionSpans, heavySamTemplate, heavyServerlessYml } from '../bench/gen';

/** The oracle: a new engine (full parse, nothing cached) with reuse off. */
function fresh(file: string, text: string) {
  const engine = new Engine(new Project(), allRules);
  engine.reuse.enabled = false;
  return engine.analyze(file, text);
}

const strip = (fs: readonly Finding[]) => fs.map((f) => `${f.ruleId}|${f.severity}|${f.range.start}-${f.range.end}|${f.message}|${JSON.stringify(f.related ?? [])}`);

/** Top-level key lines of a config, plus the key lines of its big sections (`functions:`, `Resources:`…). */
function topLevelSpans(text: string): { start: number; end: number }[] {
  const spans = editPositionSpans(text).toplevel.slice();
  let off = 0;
  for (const line of text.split('\n')) {
    if (/^(functions|resources|Resources|provider|Globals|Outputs):/.test(line)) spans.push({ start: off, end: off + line.length });
    off += line.length + 1;
  }
  return spans;
}

/** What a user types at a top-level key: letters, the structure characters, a line break, a whole line. */
const TYPED = ['a', 'Z', '7', '_', ':', ' ', '\n', "'", '"', '-', '#', '[', '{', '${self:custom.tableName}', 'x: 1\n', '  '];

/** Or the key of the line renamed (to a sibling's name: a duplicate key; to a new one: a section renamed). */
const KEYS = ['service', 'custom', 'provider', 'functions', 'Parameters', 'Resources', 'Outputs', 'Globals', 'Description', 'renamed'];

const editArb = fc.record({ line: fc.nat(), col: fc.nat(), del: fc.nat({ max: 2 }), ins: fc.constantFrom(...TYPED, ''), rename: fc.option(fc.constantFrom(...KEYS), { freq: 3 }), undo: fc.boolean() });

function runProperty(name: string, base: string, seed: number, runs: number): { analyses: number; incremental: number } {
  const file = `/project/${name}`;
  let analyses = 0;
  let incremental = 0;
  fc.assert(
    fc.property(fc.array(editArb, { minLength: 1, maxLength: 6 }), (edits) => {
      // One engine per sequence, warmed on the base text (as an open document is).
      const engine = new Engine(new Project(), allRules);
      engine.analyze(file, base);
      let cur = base;
      for (const e of edits) {
        const spans = topLevelSpans(cur);
        const s = spans[e.line % spans.length];
        const colon = cur.indexOf(':', s.start);
        if (e.rename !== null && colon >= 0 && colon < s.end) cur = cur.slice(0, s.start) + e.rename + cur.slice(colon);
        else {
          const at = s.start + (e.col % (s.end - s.start + 1));
          cur = cur.slice(0, at) + e.ins + cur.slice(Math.min(cur.length, at + e.del));
        }
        const got = engine.analyze(file, cur);
        analyses++;
        if (engine.parseConfig(file, cur).incremental?.stats.last === 'incremental') incremental++;
        assert.deepEqual(strip(got.findings), strip(fresh(file, cur).findings), `${name}: ${JSON.stringify(edits)}`);
        if (e.undo) {
          // Typed and taken back: the base text again, exactly as from scratch.
          cur = base;
          assert.deepEqual(strip(engine.analyze(file, cur).findings), strip(fresh(file, cur).findings), `${name}: undo after ${JSON.stringify(e)}`);
          analyses++;
        }
      }
    }),
    { numRuns: runs, seed },
  );
  return { analyses, incremental };
}

describe('edits at top-level keys equal a from-scratch analysis', () => {
  it('serverless.yml (random edit sequences at top-level keys, fast-check)', () => {
    const text = heavyServerlessYml({ functions: 24, seed: 5 });
    assert.ok(text.split('\n').length >= 300, 'big enough for the incremental path');
    const r = runProperty('serverless.yml', text, 31, 25);
    // The incremental path really ran (a property that holds with every edit parsed in full proves less).
    assert.ok(r.incremental > r.analyses / 4, `${r.incremental} of ${r.analyses} parses were incremental`);
  });

  it('SAM template (random edit sequences at top-level keys, fast-check)', () => {
    const text = heavySamTemplate({ functions: 16, seed: 3 });
    assert.ok(text.split('\n').length >= 300, 'big enough for the incremental path');
    const r = runProperty('template.yaml', text, 47, 25);
    assert.ok(r.incremental > r.analyses / 4, `${r.incremental} of ${r.analyses} parses were incremental`);
  });
});

describe('work after a keystroke that breaks the file or changes its kind', () => {
  const make = (lines: LineIndex) => (f: Finding): Diagnostic => ({ range: lines.range(f.range), severity: f.severity === 'error' ? 1 : 2, code: f.ruleId, source: 'serverless-guard', message: f.message });

  it('`custom:x` then deleting the x: the entries of before are re-reported, not checked again', () => {
    const base = heavyServerlessYml({ functions: 40, seed: 6 });
    const file = '/project/serverless.yml';
    const uri = 'file:///project/serverless.yml';
    const engine = new Engine(new Project(), allRules);
    const converter = new DiagnosticConverter();
    const publish = (text: string) => {
      const r = engine.analyze(file, text);
      converter.convert(uri, r.findings, r.lines!, make(r.lines!));
      return r;
    };
    const first = publish(base);
    publish(base.replace('service: bench-heavy', 'service: bench-heavyx')); // an ordinary edit first
    publish(base);
    const broken = base.replace('custom:\n', 'custom:x\n');
    const b = publish(broken);
    assert.deepEqual(strip(b.findings), strip(fresh(file, broken).findings));
    assert.ok(b.findings.length < first.findings.length / 2, 'the typed character breaks most of the file');
    const checked = engine.reuse.stats.checked;
    const replayed = engine.reuse.stats.replayed;
    const converted = converter.stats.converted;
    const back = publish(base);
    assert.deepEqual(strip(back.findings), strip(fresh(file, base).findings));
    assert.equal(engine.reuse.stats.checked - checked, 0, 'no entry checked again');
    assert.ok(engine.reuse.stats.replayed - replayed > 100, 'the entries of before were re-reported');
    assert.equal(converter.stats.converted - converted, 0, 'no diagnostic converted again');
  });

  it('changing `Transform:` back and forth re-checks each kind once', () => {
    const base = heavySamTemplate({ functions: 16, seed: 3 });
    const file = '/project/template.yaml';
    const engine = new Engine(new Project(), allRules);
    engine.analyze(file, base);
    const cfn = base.replace('Transform: AWS::Serverless-2016-10-31', 'Transform: AWS::xServerless-2016-10-31');
    const counts: number[] = [];
    for (const text of [cfn, base, cfn, base]) {
      const c = engine.reuse.stats.checked;
      assert.deepEqual(strip(engine.analyze(file, text).findings), strip(fresh(file, text).findings));
      counts.push(engine.reuse.stats.checked - c);
    }
    assert.ok(counts[0] > 20, `the first change of kind checks the entries in their new kind (${counts[0]})`);
    assert.deepEqual(counts.slice(1), [0, 0, 0]);
  });
});

// ---------------------------------------------------------------------------------------------
// The key line of a big block (`functions:`, `Resources:`, a nested `  Resources:`): only that
// header is parsed again. The tree must be the full parse's.

function canon(n: YNode | null | undefined): unknown {
  if (n == null) return null;
  const r = `${n.range.start}-${n.range.end}`;
  if (n.type === 'scalar') return ['s', r, n.value, n.quoted, n.block ?? false, n.tag ?? null];
  if (n.type === 'seq') return ['q', r, n.tag ?? null, n.items.map(canon)];
  return ['m', r, n.tag ?? null, n.intrinsic ?? false, n.entries.map((p) => [`${p.range.start}-${p.range.end}`, canon(p.key), canon(p.value)])];
}
const dump = (d: ParsedDocument) =>
  JSON.stringify([canon(d.root), d.problems.map((p) => `${p.severity}|${p.code}|${p.range.start}-${p.range.end}|${p.message}`).sort(), d.comments.map((c) => [c.range.start, c.range.end, c.text]), d.documentCount]);

/** What is typed into a header: on the key line, or as whole lines inserted before the block's first entry. */
const HEADER_TYPED = ['a', '_', ':', ' ', '#', ' # note', "'", '"', '!', '&x', '*x', '-', '[', '{', '?', '\n', '\t', '\r'];
const HEADER_LINES = ['# note\n', '  # note\n', ' # note\n', '\n', '  x: 1\n', '---\n', '  - a\n', '    # deep\n'];

describe('an edit of a big block\'s header is parsed on its own, exactly', () => {
  const sam = heavySamTemplate({ functions: 30, seed: 3 });
  const texts = [
    { name: 'serverless.yml functions:', text: heavyServerlessYml({ functions: 40, seed: 5 }), key: /^(functions|resources):$/ },
    { name: 'SAM Resources:', text: sam, key: /^Resources:$/ },
    // A nested big block: `resources:` / `  Resources:` as in a serverless.yml.
    { name: 'nested Resources:', text: 'service: s\nresources:\n' + sam.split('\n').map((l) => (l ? '  ' + l : l)).join('\n'), key: /^ {0,2}(resources|Resources):$/ },
  ];
  for (const { name, text, key } of texts) {
    it(`${name}: random header edits give the full parse's tree`, () => {
      const lines: { start: number; end: number; next: number }[] = [];
      let off = 0;
      const all = text.split('\n');
      for (let i = 0; i < all.length; i++) {
        if (key.test(all[i])) lines.push({ start: off, end: off + all[i].length, next: off + all[i].length + 1 });
        off += all[i].length + 1;
      }
      assert.ok(lines.length > 0);
      let header = 0;
      fc.assert(
        fc.property(
          fc.nat(),
          fc.nat(),
          fc.oneof(
            fc.record({ kind: fc.constant('type' as const), ins: fc.constantFrom(...HEADER_TYPED), del: fc.nat({ max: 2 }) }),
            fc.record({ kind: fc.constant('line' as const), ins: fc.constantFrom(...HEADER_LINES), del: fc.constant(0) }),
            fc.record({ kind: fc.constant('rename' as const), ins: fc.constantFrom(...KEYS, 'AWSTemplateFormatVersion', 'service', '"functions"', 'Resources # x'), del: fc.constant(0) }),
          ),
          (li, col, e) => {
            const l = lines[li % lines.length];
            const indent = text.slice(l.start, l.end).length - text.slice(l.start, l.end).trimStart().length;
            let next: string;
            if (e.kind === 'rename') next = text.slice(0, l.start + indent) + e.ins + text.slice(text.indexOf(':', l.start));
            else if (e.kind === 'line') next = text.slice(0, l.next) + e.ins + text.slice(l.next);
            else {
              const at = l.start + (col % (l.end - l.start + 1));
              next = text.slice(0, at) + e.ins + text.slice(at + e.del);
            }
            const inc = new IncrementalYaml();
            inc.parse(text);
            const got = inc.parse(next);
            if (inc.stats.last === 'recovered') return; // a block with its own errors: not exact by design
            if (inc.stats.last === 'incremental' && inc.stats.region && inc.stats.region.end - inc.stats.region.start < 100) header++;
            assert.equal(dump(got), dump(parseYaml(next)), `${JSON.stringify(e)} at line ${JSON.stringify(text.slice(l.start, l.end))} (${inc.stats.last})`);
          },
        ),
        { numRuns: 150, seed: 5 },
      );
      assert.ok(header > 20, `only ${header} edits spliced as a header`);
    });
  }
});
