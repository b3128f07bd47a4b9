/**
 * The bundled server (`node dist/server.js --stdio`) under hostile documents: each is opened, then
 * edited with random incremental didChange notifications (seeded). After every change the server
 * must publish diagnostics for exactly that version; hover, completion and codeAction requests in
 * between must be answered; a burst of changes must end with the newest version published and no
 * version published after a newer one. After each hostile document a small normal serverless.yml
 * must still get its diagnostics quickly. At the end: shutdown is answered, the process was alive
 * throughout, exits cleanly, and never logged an uncaught exception, an unhandled rejection, a
 * rule error or a failed analysis.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { prng, SEED } from './harness';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BUNDLED_SERVER, REPO, RpcClient, type ContentChange } from './rpc';
import { processCpuMs, withinUnits } from '../helpers/timing';

const NORMAL = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action: '*'
          Resource: '*'
functions:
  create:
    handler: src/handler.main
    events:
      - httpApi: POST /orders
`;
const HANDLER = `const { exec } = require('child_process');
exports.main = async (event) => {
  exec('ls ' + event.body);
  return { statusCode: 200 };
};
`;

/** Liveness only (a hung server fails here rather than never): diagnostics of one version, any request. */
const PUBLISH_MS = 120_000;
/**
 * Responsiveness: the CPU the server spends from a small normal config's edit to its diagnostics,
 * after a hostile document was closed, in reference units (test/helpers/timing.ts). Analysing
 * that config costs well under one; work left over from the hostile document (a background pass
 * not cancelled, a backlog) would cost many.
 */
const NORMAL_UNITS = 40;
const EDITS_PER_DOC = 2;

function bytes(seed: number, n: number): Buffer {
  const rnd = prng(seed);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rnd() * 256);
  return b;
}

const laughs = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`)].map((l) => '  ' + l).join('\n');
const mergeBomb = ['  m0: &m0 {Effect: Allow, Action: "*", Resource: "*"}', ...Array.from({ length: 30 }, (_, i) => `  m${i + 1}: &m${i + 1}\n    <<: [*m${i}, *m${i}]\n    k: {<<: *m${i}, v: *m${i}}`)].join('\n');

const HOSTILE: { name: string; file: string; languageId: string; text: () => string }[] = [
  { name: 'billion laughs', file: 'laughs/serverless.yml', languageId: 'yaml', text: () => NORMAL + 'custom:\n' + laughs + '\n  bomb: *l9\n' },
  { name: 'merge-key bomb', file: 'merge/template.yaml', languageId: 'yaml', text: () => "AWSTemplateFormatVersion: '2010-09-09'\nMetadata:\n" + mergeBomb + '\nResources:\n  R: {Type: AWS::IAM::Role, Properties: {Policies: [{PolicyDocument: {Statement: [*m30]}}]}}\n' },
  { name: 'flow nesting 10k deep', file: 'deep/serverless.yml', languageId: 'yaml', text: () => NORMAL + 'custom: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n' },
  { name: '100k-character value and comment', file: 'long/serverless.yml', languageId: 'yaml', text: () => NORMAL + `    environment:\n      PASSWORD: ${'p'.repeat(100_000)}\n# ${'c'.repeat(100_000)}\n` },
  { name: '10 MB config', file: 'huge/serverless.yml', languageId: 'yaml', text: () => NORMAL + '# ' + 'x'.repeat(10 * 1024 * 1024) + '\n' },
  { name: '200,000 stray braces', file: 'braces/serverless.yml', languageId: 'yaml', text: () => NORMAL + 'custom: ' + '}'.repeat(200_000) + '\n' },
  { name: 'random bytes as UTF-8', file: 'binary/template.json', languageId: 'json', text: () => bytes(SEED, 64 * 1024).toString('utf8') },
  { name: 'random bytes as latin1 in TS', file: 'binary/handler.ts', languageId: 'typescript', text: () => bytes(SEED + 1, 16 * 1024).toString('latin1') },
  { name: 'NUL and lone surrogates', file: 'chars/serverless.yml', languageId: 'yaml', text: () => NORMAL.replace(/: /g, ':\u0000 ').replace("'*'", "'\uD800*'") + '# \uDC00\n' },
  { name: 'CRLF, BOM and tabs', file: 'crlf/template.yaml', languageId: 'yaml', text: () => '\uFEFF' + readFileSync(path.join(REPO, 'examples', 'insecure-sam', 'template.yaml'), 'utf8').replace(/\n/g, '\r\n').replace(/^ {2}/gm, '\t') },
  { name: 'JS parentheses 10k deep', file: 'deepjs/handler.js', languageId: 'javascript', text: () => 'exports.main = async (event) => eval(' + '('.repeat(10_000) + 'event.body' + ')'.repeat(10_000) + ');\n' },
  { name: 'Python 100k string and 10k brackets', file: 'py/handler.py', languageId: 'python', text: () => `import os\ndef handler(event, context):\n    s = "${'s'.repeat(100_000)}"\n    x = ${'['.repeat(10_000)}event["b"]${']'.repeat(10_000)}\n    os.system(x)\n` },
];

const INSERTS = [':', '- ', '\n', '\r\n', '  ', '\t', '{', '}', '[', ']', '"', "'", '`', '#', '&a ', '*a', '!Ref ', '<<: ', '${', '(', ')', ';', '\u0000', '\uD800', '\uFEFF', 'é', 'x', 'Action: "*"\n', 'eval(event.body)\n'];

describe('robustness: the server over stdio under hostile documents', () => {
  let dir: string;
  let client: RpcClient;
  let normalUri: string;
  const latencies: number[] = [];

  before(async () => {
    assert.ok(existsSync(BUNDLED_SERVER[0]), 'run `npm run build` first (npm test does)');
    dir = mkdtempSync(path.join(os.tmpdir(), 'sg-robust-proto-'));
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'serverless.yml'), NORMAL);
    writeFileSync(path.join(dir, 'src', 'handler.js'), HANDLER);
    client = new RpcClient(BUNDLED_SERVER);
    await client.initialize(pathToFileURL(dir).toString());
    normalUri = pathToFileURL(path.join(dir, 'serverless.yml')).toString();
    await client.open(normalUri, 'yaml', NORMAL);
    const p = await client.diagnosticsFor(normalUri, 1, 30_000);
    assert.ok(p.diagnostics.some((d) => d.code === 'iam-wildcard-action'), JSON.stringify(p.diagnostics.map((d) => d.code)));
  });

  after(() => {
    client?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Toggles a comment in the normal config and times its diagnostics. */
  async function normalStillFast(after: string): Promise<void> {
    const doc = client.docs.get(normalUri)!;
    const t0 = performance.now();
    const c0 = processCpuMs(client.proc.pid);
    const v = await client.change(normalUri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: doc.version % 2 ? '# x\n' : '' }]);
    const p = await client.diagnosticsFor(normalUri, v, PUBLISH_MS);
    const c1 = processCpuMs(client.proc.pid);
    const ms = p.at - t0;
    latencies.push(ms);
    assert.ok(p.diagnostics.some((d) => d.code === 'iam-wildcard-action'));
    if (c0 !== undefined && c1 !== undefined) {
      const w = withinUnits(c1 - c0, NORMAL_UNITS);
      assert.ok(w.ok, `server CPU for the normal serverless.yml after ${after}: ${w.message}`);
    }
  }

  for (const [k, h] of HOSTILE.entries()) {
    it(`${h.name}: every version published, every request answered, still responsive`, async (t) => {
      const seed = SEED + 1000 + k;
      t.diagnostic(`edit seed ${seed} (SG_FUZZ_SEED=${SEED})`);
      const rnd = prng(seed);
      const uri = pathToFileURL(path.join(dir, 'hostile', h.file)).toString();
      const t0 = performance.now();
      const doc = await client.open(uri, h.languageId, h.text());
      await client.diagnosticsFor(uri, 1, PUBLISH_MS);
      const slowest = { ms: performance.now() - t0, what: 'open' };
      const randomOffset = (d: TextDocument = doc) => Math.floor(rnd() * (d.getText().length + 1));
      const randomChange = (d: TextDocument = doc): ContentChange => {
        const start = randomOffset(d);
        const del = rnd() < 0.5 ? 0 : rnd() < 0.9 ? Math.floor(rnd() * 20) : Math.floor(rnd() * 2000);
        const end = Math.min(d.getText().length, start + del);
        const text = rnd() < 0.2 ? '' : INSERTS[Math.floor(rnd() * INSERTS.length)];
        return { range: { start: d.positionAt(start), end: d.positionAt(end) }, text };
      };

      for (let e = 0; e < EDITS_PER_DOC; e++) {
        // One to three changes in one notification (each relative to the text after the previous:
        // computed on a scratch copy, as a client does).
        const scratch = TextDocument.create(uri, h.languageId, 0, doc.getText());
        const sent: ContentChange[] = [];
        for (let c = 1 + Math.floor(rnd() * 3); c > 0; c--) {
          const change = randomChange(scratch);
          sent.push(change);
          TextDocument.update(scratch, [change as Parameters<typeof TextDocument.update>[1][number]], scratch.version + 1);
        }
        const s = performance.now();
        const v = await client.change(uri, sent);
        await client.diagnosticsFor(uri, v, PUBLISH_MS);
        if (performance.now() - s > slowest.ms) slowest.ms = performance.now() - s, (slowest.what = `edit ${e + 1}`);

        const pos = doc.positionAt(randomOffset());
        await client.request('textDocument/hover', { textDocument: { uri }, position: pos }, PUBLISH_MS);
        await client.request('textDocument/completion', { textDocument: { uri }, position: pos }, PUBLISH_MS);
        await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, context: { diagnostics: [] } }, PUBLISH_MS);
      }

      // A burst without waiting: the newest version is published, and never an older one after it.
      const before = client.published.length;
      let last = 0;
      for (let b = 0; b < 4; b++) last = await client.change(uri, [randomChange()]);
      await client.diagnosticsFor(uri, last, PUBLISH_MS);
      const versions = client.published.slice(before).filter((p) => p.uri === uri).map((p) => p.version!);
      assert.deepEqual(versions, [...versions].sort((a, b) => a - b), `versions published out of order: ${versions}`);

      assert.ok(client.alive, 'server process died');
      await client.close(uri);
      await normalStillFast(h.name);
      t.diagnostic(`slowest publish ${slowest.ms.toFixed(0)} ms (${slowest.what}); normal config after it ${latencies[latencies.length - 1].toFixed(0)} ms`);
    });
  }

  it('answers shutdown, exits cleanly and never logged a crash, a rule error or a failed analysis', async (t) => {
    assert.ok(client.alive);
    const problems = client.logs.filter((l) => /threw|failed|uncaught|unhandled/i.test(l));
    assert.deepEqual(problems, []);
    const status = await client.shutdown();
    assert.equal(status.code, 0, JSON.stringify(status));
    assert.doesNotMatch(client.stderr, /uncaught|unhandled rejection/i);
    t.diagnostic(`normal config diagnostics after hostile documents: max ${Math.max(...latencies).toFixed(0)} ms`);
  });
});
