/**
 * The stdio framing reader (`Deframer`) in-process: every way of cutting a stream into chunks gives
 * the same messages; after each kind of bad frame the following good messages are all delivered;
 * limits hold (an absurd Content-Length allocates nothing, held bytes stay bounded while garbage
 * streams in). Seeded (SG_FUZZ_SEED).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Deframer, MAX_HEADER_BYTES, parseHeaderBlock, type DeframerEvent } from '../../server/src/lsp/transport';
import { FRAMING_ERRORS, frame } from '../helpers/raw-lsp';
import { SEED, prng } from '../robustness/harness';

function feed(bytes: Buffer, cuts: number[]): DeframerEvent[] {
  const out: DeframerEvent[] = [];
  const d = new Deframer((e) => out.push(e));
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    d.push(bytes.subarray(at, c));
    at = c;
  }
  return out;
}

const randomCuts = (rnd: () => number, n: number, len: number) => [...new Set(Array.from({ length: n }, () => Math.floor(rnd() * len)))].sort((a, b) => a - b);
const messages = (events: DeframerEvent[]) => events.filter((e) => e.kind === 'message').map((e) => (e as { value: unknown }).value);

const GOOD = [
  { jsonrpc: '2.0', id: 1, method: 'initialize', params: { rootUri: null } },
  { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///a.yml', text: 'x: "Content-Length: 5\\r\\n\\r\\n{"\n[}{]\\"é🙂' } } },
  { jsonrpc: '2.0', id: 'two', result: [1, { a: '}' }] },
];

describe('Deframer', () => {
  it('gives the same messages however the stream is cut', () => {
    const stream = Buffer.concat(GOOD.map((m) => frame(m)));
    const rnd = prng(SEED);
    for (let run = 0; run < 200; run++) {
      const cuts = run === 0 ? Array.from({ length: stream.length }, (_, i) => i) : randomCuts(rnd, 1 + Math.floor(rnd() * 20), stream.length);
      const ev = feed(stream, cuts);
      assert.deepEqual(ev.filter((e) => e.kind !== 'message'), [], `cuts ${cuts}`);
      assert.deepEqual(messages(ev), GOOD);
    }
  });

  for (const k of FRAMING_ERRORS) {
    it(`delivers every good message after: ${k.name}`, () => {
      const stream = Buffer.concat([frame(GOOD[0]), k.bytes(), ...GOOD.slice(1).map((m) => frame(m))]);
      const rnd = prng(SEED);
      for (let run = 0; run < 50; run++) {
        const ev = feed(stream, run === 0 ? [] : randomCuts(rnd, 1 + Math.floor(rnd() * 12), stream.length));
        assert.deepEqual(messages(ev), GOOD, JSON.stringify(ev.filter((e) => e.kind !== 'message')));
        assert.ok(ev.some((e) => e.kind !== 'message'), 'the bad frame is reported');
      }
    });
  }

  it('answers a well-framed body that is not JSON with a parse error and reads on', () => {
    const ev = feed(Buffer.concat([frame('{"jsonrpc":"2.0","id":1,'), frame('hello'), frame('42'), frame(GOOD[0])]), []);
    assert.deepEqual(
      ev.map((e) => e.kind),
      ['parse-error', 'parse-error', 'framing-error', 'message', 'message'],
    );
    assert.deepEqual(messages(ev), [42, GOOD[0]]);
  });

  it('holds a bounded number of bytes while garbage streams in', () => {
    const d = new Deframer(() => undefined);
    const junk = Buffer.alloc(64 * 1024, 'x');
    let most = 0;
    for (let i = 0; i < 100; i++) {
      d.push(junk);
      most = Math.max(most, d.heldBytes);
    }
    assert.ok(most <= junk.length + MAX_HEADER_BYTES, `held ${most} bytes`);
    // An absurd length is refused before any body is buffered.
    d.push(Buffer.from('Content-Length: 4294967296\r\n\r\n{'));
    assert.ok(d.heldBytes < 64, `held ${d.heldBytes} bytes`);
  });

  it('parses header blocks strictly', () => {
    assert.equal(parseHeaderBlock('Content-Length: 12'), 12);
    assert.equal(parseHeaderBlock('content-length:12\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8'), 12);
    for (const bad of ['', 'Content-Length: -1', 'Content-Length: 1e3', 'Content-Length: 0x10', 'Content-Length: ', 'Content-Length: 99999999999999', 'Content-Type: x', 'Content-Length: 1\r\nContent-Length: 2', 'x Content-Length: 1', '{"a":1}Content-Length: 5'])
      assert.equal(typeof parseHeaderBlock(bad), 'string', bad);
  });
});
