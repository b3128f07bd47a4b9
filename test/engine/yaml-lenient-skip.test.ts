/**
 * parseYaml skips the lenient (PyYAML-like) re-parse of a file with syntax errors when no quoted
 * scalar or flow collection spans lines (server/src/engine/yaml/parse.ts, `lenientMayDiffer`): the
 * lenient lexer would then read the very same tokens. Checked here against the lenient parse
 * itself for random edits of texts with one-line and multi-line quotes and brackets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ParsedDocument, YNode } from '../../server/src/engine/yaml/ast';
import { parseLenientForTest, parseYaml } from '../../server/src/engine/yaml/parse';

type ParsedDocumentLike = ParsedDocument;

const canon = (n: YNode | null | undefined): unknown => {
  if (n == null) return null;
  const r = `${n.range.start}-${n.range.end}`;
  if (n.type === 'scalar') return ['s', r, n.value, n.quoted, n.block ?? false, n.tag ?? null];
  if (n.type === 'seq') return ['q', r, n.tag ?? null, n.items.map(canon)];
  return ['m', r, n.tag ?? null, n.intrinsic ?? false, n.entries.map((p) => [`${p.range.start}-${p.range.end}`, canon(p.key), canon(p.value)])];
};
const dump = (d: ParsedDocumentLike) => JSON.stringify([canon(d.root), d.problems.map((p) => `${p.severity}|${p.code}|${p.range.start}-${p.range.end}|${p.message}`), d.comments.map((c) => `${c.range.start}-${c.range.end}`)]);
const syntaxErrors = (d: ParsedDocumentLike) => d.problems.some((p) => p.severity === 'error' && p.code !== 'DUPLICATE_KEY');

const BASE = [
  'service: demo',
  "frameworkVersion: '3'",
  'custom:',
  '  name: "it\'s \\"quoted\\""',
  "  other: 'it''s'",
  '  list: [a, "b", {c: d}]',
  'provider:',
  '  name: aws',
  "  policy: !Sub '{",
  '      "Version": "2012-10-17"',
  "  }'",
  '  actions: [',
  '    s3:GetObject,',
  '  ]',
  'functions:',
  '  f:',
  '    handler: h.main # comment',
  '    environment: {A: "1", B: \'2\'}',
  '',
].join('\n');

const ONE_LINE = BASE.split('\n').slice(0, 8).concat(BASE.split('\n').slice(14)).join('\n');

const TYPED = ["'", '"', '[', ']', '{', '}', ':', ' ', '\n', 'x', '-', '#', '\\', ',', '  '];

describe('the lenient re-parse is skipped only where it cannot change the result', () => {
  it('random edits: when skipped, the lenient parse equals the spec parse', () => {
    let skipped = 0;
    let needed = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(BASE, ONE_LINE),
        fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 3 }), ins: fc.constantFrom(...TYPED, '') }), { minLength: 1, maxLength: 3 }),
        (base, edits) => {
          let text = base;
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            text = text.slice(0, at) + e.ins + text.slice(at + e.del);
          }
          const r = parseLenientForTest(text);
          if (!syntaxErrors(r.strict)) return;
          if (r.skipped) {
            skipped++;
            assert.equal(dump(r.lenient), dump(r.strict), JSON.stringify(text));
          } else if (dump(r.lenient) !== dump(r.strict)) needed++;
          // parseYaml's choice is the one the full rule (strict unless the lenient parse is clean) gives.
          const want = syntaxErrors(r.lenient) ? r.strict : r.lenient;
          assert.equal(dump(parseYaml(text)), dump(want), JSON.stringify(text));
        },
      ),
      { numRuns: 600, seed: 12 },
    );
    // Both branches were exercised: texts where the skip applied, and texts where the lenient
    // parse read something else (so the check cannot pass by skipping nothing or everything).
    assert.ok(skipped > 50, `skipped ${skipped}`);
    assert.ok(needed > 5, `lenient parse differed ${needed} times`);
  });

  it('does not skip for a quote or bracket that continues on a less-indented line', () => {
    // The spec lexer ends the quote at `b:` (error); the lenient one reads on to the closing quote.
    assert.equal(parseLenientForTest("a:\n  x: 'one\n two'\nb: [1,\n2]\nc: d: e\n").skipped, false);
    assert.equal(parseLenientForTest("a:\n  x: 'one'\nb: [1, 2]\nc: d: e\n").skipped, true);
    // A double quote whose last quote is escaped is not closed.
    assert.equal(parseLenientForTest('a: "x\\"\nc: d: e\n').skipped, false);
  });
});
