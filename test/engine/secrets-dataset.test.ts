/**
 * Labelled data set for the secret detection core (test/fixtures/secrets, see its README.md).
 *
 * 1. pairs.json: every (key, value, location) pair through `classifyValue`; precision / recall.
 * 2. The config/code fixture files through a deliberately crude line-level extractor (a stand-in
 *    for the real file-level rules): checks that the labels are consistent with what the core finds
 *    when given sensible (key, value) pairs, and that near-miss lines stay clean.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import { classifyValue, SECRET_KINDS, type SecretLocation } from '../../server/src/engine/secrets';
import { CUT_MARK, FIXTURE_DIR, loadLabels, loadPairs, readFixture } from '../fixtures/secrets/load';

const NOW = Date.UTC(2026, 10, 23);

test('pairs.json: labels are well-formed and the set is big enough', () => {
  const pairs = loadPairs();
  const ids = new Set<string>();
  for (const p of pairs) {
    assert.ok(!ids.has(p.id), `duplicate id ${p.id}`);
    ids.add(p.id);
    assert.equal(typeof p.value, 'string');
    assert.ok(['env', 'parameter', 'property', 'custom', 'code', 'other'].includes(p.location), p.id);
    if (p.expect !== null) assert.ok((SECRET_KINDS as readonly string[]).includes(p.expect), `${p.id}: unknown kind ${p.expect}`);
    for (const k of p.alsoExpect ?? []) assert.ok((SECRET_KINDS as readonly string[]).includes(k), `${p.id}: unknown kind ${k}`);
    assert.ok(!p.value.includes(CUT_MARK), 'cut marks are removed by the loader');
  }
  const positives = pairs.filter((p) => p.expect !== null).length;
  const negatives = pairs.length - positives;
  assert.ok(positives >= 60, `positives: ${positives}`);
  assert.ok(negatives >= 60, `negatives: ${negatives}`);
});

test('pairs.json: precision and recall of classifyValue', (t) => {
  const pairs = loadPairs();
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let wrongKind = 0;
  const problems: string[] = [];
  const perKind = new Map<string, { tp: number; fn: number }>();
  for (const p of pairs) {
    const hits = classifyValue(p.value, { keyName: p.key, location: p.location as SecretLocation, neighbours: p.neighbours, now: NOW });
    const kinds = hits.map((h) => h.kind as string);
    if (p.expect === null) {
      if (hits.length > 0) {
        fp++;
        problems.push(`FP ${p.id} ${p.key ?? ''}: ${kinds.join(',')} (${p.note ?? ''})`);
      }
      continue;
    }
    const want = [p.expect, ...(p.alsoExpect ?? [])];
    const main = hits.find((h) => h.kind === p.expect);
    const ok = want.every((k) => kinds.includes(k)) && (!p.example || main?.isExample === true) && (p.example || !main?.isExample);
    const stat = perKind.get(p.expect) ?? { tp: 0, fn: 0 };
    if (ok) {
      tp++;
      stat.tp++;
    } else {
      fn++;
      stat.fn++;
      if (hits.length > 0) wrongKind++;
      problems.push(`FN ${p.id} ${p.key ?? ''}: want ${want.join('+')}${p.example ? ' (example)' : ''}, got ${kinds.join(',') || 'nothing'}`);
    }
    perKind.set(p.expect, stat);
    // No unexpected extra kinds on positives either.
    const extra = kinds.filter((k) => !want.includes(k));
    if (extra.length > 0) {
      fp++;
      problems.push(`EXTRA ${p.id}: ${extra.join(',')}`);
    }
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  t.diagnostic(`pairs: ${pairs.length} (${tp + fn} positives), TP ${tp}, FP ${fp}, FN ${fn} (wrong kind ${wrongKind})`);
  t.diagnostic(`precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
  for (const pr of problems) t.diagnostic(pr);
  assert.ok(precision >= 0.97, `precision ${precision}`);
  assert.ok(recall >= 0.97, `recall ${recall}`);
  for (const [kind, s] of perKind) assert.ok(s.tp > 0, `kind ${kind} never detected`);
});

test('pairs.json: every hit is masked and offsets are in range', () => {
  for (const p of loadPairs()) {
    for (const h of classifyValue(p.value, { keyName: p.key, location: p.location as SecretLocation, neighbours: p.neighbours, now: NOW })) {
      assert.ok(h.start >= 0 && h.end <= p.value.length && h.start < h.end, p.id);
      const secret = p.value.slice(h.start, h.end);
      assert.ok(!h.masked.includes(secret) || secret.length <= 1, `${p.id}: mask reveals the secret`);
      assert.ok(!h.title.includes(secret), `${p.id}: title reveals the secret`);
      if (h.detail) assert.ok(!h.detail.includes(secret), `${p.id}: detail reveals the secret`);
      if (h.isExample) assert.equal(h.severity, 'info');
    }
  }
});

// ---------------------------------------------------------------------------------------------
// File fixtures through a crude extractor.

interface Candidate {
  key?: string;
  value: string;
  /** 1-based line of each value character's line start: line of offset o = lineOf(o). */
  lineOf: (offset: number) => number;
  location: SecretLocation;
  /** Line of the key (for neighbour grouping). */
  line: number;
  parent?: string;
}

const singleLine = (line: number) => () => line;

function extractYaml(text: string): Candidate[] {
  const lines = text.split('\n');
  const out: Candidate[] = [];
  const stack: { indent: number; key: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(-\s+)?([A-Za-z0-9_.$-]+|"[^"]*"|'[^']*'):(?:\s+(.*))?$/.exec(lines[i]);
    if (!m) continue;
    const indent = m[1].length + (m[2]?.length ?? 0);
    while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
    const parent = stack.length ? stack[stack.length - 1].key : undefined;
    let key = m[3].replace(/^["']|["']$/g, '');
    stack.push({ indent, key });
    let rest = (m[4] ?? '').trim();
    if (rest === '' || rest.startsWith('!') || rest.startsWith('{ ') || rest.startsWith('[')) continue;
    if (key === 'Default' || key === 'value') key = parent ?? key;
    const location: SecretLocation = stack.some((s) => s.key === 'Parameters') ? 'parameter' : 'env';
    if (/^[|>][-+]?$/.test(rest)) {
      const block: string[] = [];
      const starts: number[] = [];
      let j = i + 1;
      let blockIndent = -1;
      for (; j < lines.length; j++) {
        const l = lines[j];
        const ind = l.length - l.trimStart().length;
        if (l.trim() !== '' && ind <= indent) break;
        if (blockIndent < 0 && l.trim() !== '') blockIndent = ind;
        starts.push(block.join('\n').length + (block.length ? 1 : 0));
        block.push(l.slice(Math.max(0, blockIndent)));
      }
      const first = i + 2;
      out.push({ key, value: block.join('\n'), location, line: i + 1, parent, lineOf: (o) => first + starts.filter((s) => s <= o).length - 1 });
      i = j - 1;
      continue;
    }
    const hash = rest.search(/\s#/);
    if (hash >= 0 && !rest.startsWith("'") && !rest.startsWith('"')) rest = rest.slice(0, hash).trim();
    if ((rest.startsWith("'") && rest.endsWith("'")) || (rest.startsWith('"') && rest.endsWith('"'))) rest = rest.slice(1, -1);
    out.push({ key, value: rest, location, line: i + 1, parent, lineOf: singleLine(i + 1) });
  }
  return out;
}

function extractJson(text: string): Candidate[] {
  const lines = text.split('\n');
  const out: Candidate[] = [];
  const stack: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*"([^"]+)":\s*\{\s*$/.exec(lines[i]);
    if (open) {
      stack.push(open[1]);
      continue;
    }
    if (/^\s*\}/.test(lines[i])) {
      stack.pop();
      continue;
    }
    const m = /^\s*"([^"]+)":\s*"((?:\\.|[^"\\])*)"/.exec(lines[i]);
    if (!m) continue;
    let key = m[1];
    const parent = stack[stack.length - 1];
    if (key === 'Default') key = parent ?? key;
    out.push({ key, value: JSON.parse(`"${m[2]}"`), location: stack.includes('Parameters') ? 'parameter' : 'env', line: i + 1, parent, lineOf: singleLine(i + 1) });
  }
  return out;
}

function extractCode(text: string): Candidate[] {
  const lines = text.split('\n');
  const out: Candidate[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*(\/\/|#)/.test(line)) continue;
    const re = /(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line))) {
      const before = line.slice(0, m.index).replace(/\bf$/, '');
      const k = /([A-Za-z_$][\w$]*|'[^']*'|"[^"]*")\s*(?::\s*[\w<>[\]| ]+)?\s*(=|:)\s*$/.exec(before);
      if (/[=!<>]=\s*$/.test(before)) continue; // comparison, not assignment
      const key = k ? k[1].replace(/^['"]|['"]$/g, '') : undefined;
      out.push({ key, value: m[2], location: 'code', line: i + 1, lineOf: singleLine(i + 1) });
    }
  }
  return out;
}

test('fixture files: labels match what the core finds through a crude extractor', (t) => {
  const labels = loadLabels();
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const problems: string[] = [];
  for (const [file, spec] of Object.entries(labels)) {
    const text = readFixture(file);
    const cands = spec.format === 'cfn' ? extractJson(text) : spec.format === 'serverless' || spec.format === 'sam' ? extractYaml(text) : extractCode(text);
    const found = new Set<string>();
    for (const c of cands) {
      const neighbours = cands
        .filter((o) => o !== c && o.key && Math.abs(o.line - c.line) <= 6 && o.parent === c.parent)
        .map((o) => ({ keyName: o.key as string, value: o.value }));
      for (const h of classifyValue(c.value, { keyName: c.key, location: c.location, neighbours, now: NOW })) {
        found.add(`${c.lineOf(h.start)}:${h.kind}`);
      }
    }
    const expected = new Set(spec.secrets.map((s) => `${s.line}:${s.kind}`));
    for (const e of expected) {
      if (found.has(e)) tp++;
      else {
        fn++;
        problems.push(`FN ${file}:${e}`);
      }
    }
    for (const f of found) {
      if (!expected.has(f)) {
        fp++;
        problems.push(`FP ${file}:${f}`);
      }
    }
    const foundLines = new Set([...found].map((f) => Number(f.split(':')[0])));
    for (const nm of spec.nearMisses) assert.ok(!foundLines.has(nm.line), `${file}:${nm.line} near miss (${nm.note}) reported`);
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  t.diagnostic(`files: TP ${tp}, FP ${fp}, FN ${fn}; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
  for (const p of problems) t.diagnostic(p);
  assert.equal(fn, 0);
  assert.equal(fp, 0);
});

test('fixture files: every format is covered and every file parses', () => {
  const labels = loadLabels();
  const formats = new Set(Object.values(labels).map((l) => l.format));
  for (const f of ['serverless', 'sam', 'cfn', 'javascript', 'typescript', 'python']) assert.ok(formats.has(f as never), `format ${f}`);
  for (const [file, spec] of Object.entries(labels)) {
    const text = readFixture(file);
    const lineCount = text.split('\n').length;
    for (const s of spec.secrets) {
      assert.ok(s.line >= 1 && s.line <= lineCount, `${file}:${s.line}`);
      assert.ok((SECRET_KINDS as readonly string[]).includes(s.kind), `${file}: kind ${s.kind}`);
    }
    if (spec.format === 'serverless' || spec.format === 'sam') {
      const doc = parseDocument(text, { customTags: cfnTags });
      assert.deepEqual(doc.errors.map((e) => e.message), [], file);
    }
    if (spec.format === 'cfn') JSON.parse(text);
    // Raw files keep their cut marks: nothing scanner-shaped is committed.
    const raw = readFileSync(join(FIXTURE_DIR, file), 'utf8');
    assert.equal(raw.includes('sk_live_' + 'FAKE'), false, `${file} has an uncut Stripe key`);
  }
});

const cfnTags = ['Ref', 'Sub', 'GetAtt', 'ImportValue', 'Join', 'Select', 'If'].flatMap((name) => [
  { tag: `!${name}`, resolve: (v: unknown) => v },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (v: unknown) => v },
]);
