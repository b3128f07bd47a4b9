/**
 * parseYaml reads comments, anchors, aliases, merge keys, directives and document markers, and the
 * nesting depth, from the yaml CST in one walk over every token (server/src/engine/yaml/parse.ts,
 * `collectComments`), which skips leaf tokens quickly. Checked here against a plain walk of the
 * same CST that visits every object under every child field, for texts with all those constructs
 * and random edits of them (comments out of order, broken structure, flow collections, block
 * scalars whose lines start with `#`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Parser } from 'yaml';
import { emptyParseInfo, parseLenientForTest, parseYaml, MAX_NESTING_DEPTH, type ParseInfo } from '../../server/src/engine/yaml/parse';

/** Every object reachable through start/items/sep/key/value/end/props, arrays spread. */
function reference(text: string): { comments: string[]; info: ParseInfo; tooDeep: boolean } {
  const info = emptyParseInfo();
  const comments: { start: number; end: number }[] = [];
  let tooDeep = false;
  const visit = (t: unknown, depth: number): void => {
    if (!t || typeof t !== 'object') return;
    if (Array.isArray(t)) {
      for (const x of t) visit(x, depth);
      return;
    }
    const o = t as Record<string, unknown>;
    if (o.type === 'comment' && typeof o.offset === 'number' && typeof o.source === 'string') {
      comments.push({ start: o.offset, end: o.offset + o.source.length });
      return;
    }
    if (o.type === 'block-map' || o.type === 'block-seq' || o.type === 'flow-collection') depth++;
    if (depth > MAX_NESTING_DEPTH) tooDeep = true;
    if (o.type === 'anchor') info.anchors = true;
    if (o.type === 'alias') info.aliases = true;
    if (o.type === 'directive' || o.type === 'directive-line') info.directives = true;
    if (o.type === 'doc-start') info.docStart = true;
    if (o.type === 'doc-end') info.docEnd = true;
    const key = o.key as { type?: string; source?: string } | null | undefined;
    if (key && key.type === 'scalar' && typeof key.source === 'string' && key.source.trim() === '<<') info.mergeKeys = true;
    for (const k of ['start', 'items', 'sep', 'key', 'value', 'end', 'props']) visit(o[k], depth);
  };
  for (const t of new Parser().parse(text)) visit(t, 0);
  comments.sort((a, b) => a.start - b.start);
  return { comments: comments.map((c) => `${c.start}-${c.end}`), info, tooDeep };
}

/** The spec (strict) parse's comments, and the info of parseYaml when that parse is its result. */
function ours(text: string): { comments: string[]; info: ParseInfo; tooDeep: boolean; strictIsResult: boolean } {
  const info = emptyParseInfo();
  parseYaml(text, { format: 'yaml' }, info);
  const { strict } = parseLenientForTest(text);
  const tooDeep = strict.problems.some((p) => p.code === 'too-deep');
  const strictIsResult = !strict.problems.some((p) => p.severity === 'error' && p.code !== 'DUPLICATE_KEY' && p.code !== 'too-deep');
  return { comments: tooDeep ? [] : strict.comments.map((c) => `${c.range.start}-${c.range.end}`), info, tooDeep, strictIsResult };
}

function same(text: string): void {
  const want = reference(text);
  const got = ours(text);
  assert.equal(got.tooDeep, want.tooDeep, `too deep: ${JSON.stringify(text)}`);
  if (got.tooDeep) return; // the parse stops there (its comments are not read)
  assert.deepEqual(got.comments, want.comments, `comments of ${JSON.stringify(text)}`);
  // The info of a broken text may come from the lenient re-parse: compared when the strict parse
  // (the walk of the tokens above) is the result.
  if (got.strictIsResult) assert.deepEqual(got.info, want.info, `info of ${JSON.stringify(text)}`);
}

const BASE = [
  '%YAML 1.2',
  '---',
  '# head comment',
  'service: demo # trailing',
  'defaults: &defaults',
  '  memorySize: 128 # in the anchor',
  'custom:',
  '  <<: *defaults',
  '  # comment inside',
  '  list: [a, "b", {c: d}] # after flow',
  '  flow: [',
  '    # in a flow collection',
  '    x, y',
  '  ]',
  '  script: |',
  '    # not a comment: block scalar content',
  '    echo hi',
  '  folded: >- # header comment',
  '    text',
  'functions:',
  '  hello:',
  '    handler: h.main',
  '    events:',
  '      - http: # item comment',
  '          path: /x',
  '      # between items',
  '      - sqs: arn',
  "    policy: !Sub '{",
  '      \"a\": 1',
  "  }'",
  '...',
  '# after the document end',
].join('\n');

describe('yaml CST walk (comments, parse info, nesting depth)', () => {
  it('matches a plain walk on a text with every construct', () => {
    same(BASE);
    same(BASE.replace('%YAML 1.2\n---\n', ''));
    same(BASE.replace('\n...', ''));
  });

  it('matches a plain walk on deep nesting (the limit is found at the same place)', () => {
    same('a: ' + '['.repeat(MAX_NESTING_DEPTH + 5) + ']'.repeat(MAX_NESTING_DEPTH + 5));
    same('a: ' + '['.repeat(MAX_NESTING_DEPTH - 2) + ']'.repeat(MAX_NESTING_DEPTH - 2) + ' # c');
    let block = '';
    for (let i = 0; i < MAX_NESTING_DEPTH + 3; i++) block += `${' '.repeat(i)}k${i}: # c${i}\n`;
    same(block);
  });

  it('matches a plain walk after random edits (broken structure included)', () => {
    const pieces = ['#', ' # c', '\n', ':', ' ', '-', '[', ']', '{', '}', ',', "'", '"', '&a ', '*a', '<<: ', '|', '>', '!Ref ', '  ', '---\n', '...\n', 'x'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 4 }), (edits) => {
        let text = BASE;
        for (const [at, del, ins] of edits) {
          const p = at % (text.length + 1);
          text = text.slice(0, p) + ins + text.slice(p + del);
        }
        same(text);
      }),
      { numRuns: 300 },
    );
  });
});
