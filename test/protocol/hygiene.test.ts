/**
 * Protocol hygiene of the real bundled server (`node dist/server.js --stdio`), driven with raw
 * bytes: framing errors (Content-Length larger/smaller than the body, missing, negative, absurd,
 * non-numeric, garbage) are dropped and reading resynchronises; JSON-RPC error codes as the spec
 * says (-32700, -32600, -32002, -32601); notifications are never answered; `exit` exits 0 after
 * `shutdown`, 1 without; didChange versions that do not go forward and invalid document params are
 * ignored. After every case a normal file must still get its diagnostics and a normal request its
 * answer. The timeouts below only catch a server that never answers (no wall-clock bounds).
 *
 * To see these fail on another build: SG_SERVER=/path/to/dist/server.js node --import tsx --test test/protocol/hygiene.test.ts
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { BUNDLED_SERVER, FRAMING_ERRORS, RawClient as Client, frame, json } from '../helpers/raw-lsp';

const SERVER = process.env.SG_SERVER ?? BUNDLED_SERVER;
class RawClient extends Client {
  constructor() {
    super(SERVER);
  }
}

const SLS = `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: '*'
          Resource: '*'
functions:
  create:
    handler: src/create.handler
`;

let dir: string;
let root: string;
let n = 0;
const docUri = (name = 'serverless.yml') => pathToFileURL(path.join(dir, `case${++n}`, name)).toString();

/** The server still works: a normal file gets its diagnostics and a normal request its answer. */
async function assertServing(c: RawClient): Promise<void> {
  const uri = docUri();
  c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: SLS } });
  const p = await c.published(uri, (x) => x.version === 1);
  assert.ok(p.diagnostics.some((d) => d.code === 'iam-wildcard-action'), JSON.stringify(p));
  const hover = await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 19 } });
  assert.equal(hover.error, undefined, JSON.stringify(hover));
  assert.ok(hover.result, 'hover on the finding');
}

async function shutdownAndExit(c: RawClient, expected = 0): Promise<void> {
  const r = await c.request('shutdown');
  assert.equal(r.error, undefined);
  c.notify('exit', null);
  assert.equal(await c.exitCode(), expected);
}

async function started(): Promise<RawClient> {
  const c = new RawClient();
  await c.initialize(root);
  return c;
}

describe('protocol hygiene over stdio (raw bytes)', () => {
  const clients: RawClient[] = [];
  const client = async () => {
    const c = await started();
    clients.push(c);
    return c;
  };

  before(() => {
    assert.ok(existsSync(SERVER), 'run `npm run build` first (npm test does)');
    dir = mkdtempSync(path.join(os.tmpdir(), 'sg-hygiene-'));
    root = pathToFileURL(dir).toString();
  });
  after(() => {
    for (const c of clients) c.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('a framing error drops the bad message and the server reads on', () => {
    for (const k of FRAMING_ERRORS) {
      it(k.name, async () => {
        const c = await client();
        // The bad frame, then at once a normal request: it must be answered.
        c.send(k.bytes());
        if (k.answer) {
          const a = k.answer;
          const e = await c.wait((m) => m.id === a.id && !m.method && !!m.error, `error answer to the bad frame (id ${a.id})`);
          assert.equal(e.error!.code, a.code);
        }
        await assertServing(c);
        await shutdownAndExit(c, 0);
      });
    }

    it('exit after a framing error without shutdown exits 1', async () => {
      const c = await client();
      c.send(`Content-Length: -1\r\n\r\n{}`);
      c.notify('exit', null);
      assert.equal(await c.exitCode(), 1);
    });
  });

  describe('JSON-RPC error codes', () => {
    it('answers malformed JSON with -32700 and id null', async () => {
      const c = await client();
      c.send(frame('{"jsonrpc":"2.0","id":5,"method":'));
      const e = await c.wait((m) => !!m.error && m.id === null, 'parse error');
      assert.equal(e.error!.code, -32700);
      await assertServing(c);
      await shutdownAndExit(c);
    });

    it('answers requests before initialize with -32002, drops notifications, then initializes', async () => {
      const c = new RawClient();
      clients.push(c);
      const uri = docUri();
      c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: SLS } });
      const r = await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 19 } });
      assert.equal(r.error?.code, -32002, JSON.stringify(r));
      await c.initialize(root);
      await assertServing(c);
      assert.deepEqual(c.allPublished().filter((p) => p.uri === uri), [], 'the didOpen before initialize was dropped');
      assert.deepEqual(c.strayResponses(), []);
      await shutdownAndExit(c);
    });

    it('answers invalid requests with -32600 and never answers notifications', async () => {
      const c = await client();
      const codes = async (body: string) => {
        c.send(frame(body));
        // Answers come in order: a fence request after the bad one.
        const fence = await c.request('textDocument/hover', { textDocument: { uri: 'file:///x.yml' }, position: { line: 0, character: 0 } });
        assert.equal(fence.error, undefined);
        const stray = c.strayResponses().splice(0);
        c.received.splice(0, c.received.length, ...c.received.filter((m) => !stray.includes(m)));
        return stray.map((m) => m.error?.code);
      };
      assert.deepEqual(await codes('[]'), [-32600]);
      assert.deepEqual(await codes('42'), [-32600]);
      assert.deepEqual(await codes('{"jsonrpc":"2.0","id":{},"method":"textDocument/hover"}'), [-32600]);
      assert.deepEqual(await codes('{"jsonrpc":"2.0","id":null}'), [-32600]);
      // Notifications, known or not, valid or not, are never answered.
      assert.deepEqual(await codes(json('no/such/notification', {})), []);
      assert.deepEqual(await codes(json('$/unknown', {})), []);
      assert.deepEqual(await codes(json('textDocument/didChange', { nonsense: true })), []);
      c.send(frame('{"jsonrpc":"2.0","method":"textDocument/hover"}'));
      const second = await c.request('initialize', { processId: null, rootUri: root, capabilities: {} });
      assert.equal(second.error?.code, -32600, 'a second initialize');
      const method = await c.request('no/such/method', {});
      assert.equal(method.error?.code, -32601);
      const command = await c.request('workspace/executeCommand', { command: 'no.such.command', arguments: [] });
      assert.equal(command.error?.code, -32601, JSON.stringify(command));
      await assertServing(c);
      await shutdownAndExit(c);
    });

    it('answers requests after shutdown with -32600; exit then exits 0', async () => {
      const c = await client();
      const s = await c.request('shutdown');
      assert.equal(s.error, undefined);
      const r = await c.request('textDocument/hover', { textDocument: { uri: 'file:///x.yml' }, position: { line: 0, character: 0 } });
      assert.equal(r.error?.code, -32600, JSON.stringify(r));
      const again = await c.request('shutdown');
      assert.equal(again.error?.code, -32600);
      c.notify('exit', null);
      assert.equal(await c.exitCode(), 0);
    });
  });

  describe('text document versions and params', () => {
    it('ignores didChange whose version goes backwards or stays equal', async () => {
      const c = await client();
      const uri = docUri();
      c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 5, text: SLS } });
      await c.published(uri, (p) => p.version === 5);
      const scoped = { range: { start: { line: 7, character: 18 }, end: { line: 7, character: 21 } }, text: 'dynamodb:PutItem' };
      c.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [scoped] });
      c.notify('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [scoped] });
      // A newer no-op edit: the text must still be the version-5 text, finding and all.
      c.notify('textDocument/didChange', { textDocument: { uri, version: 6 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }] });
      const p6 = await c.published(uri, (p) => p.version === 6);
      assert.ok(p6.diagnostics.some((d) => d.code === 'iam-wildcard-action'), JSON.stringify(p6));
      assert.ok(!c.allPublished().some((p) => p.uri === uri && (p.version === 3 || (p.version as number) < 5)), 'nothing published for an older version');
      await shutdownAndExit(c);
    });

    it('rejects non-integer versions and never echoes them', async () => {
      const c = await client();
      const bad = docUri();
      c.notify('textDocument/didOpen', { textDocument: { uri: bad, languageId: 'yaml', version: '7', text: SLS } });
      const uri = docUri();
      c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: SLS } });
      await c.published(uri, (p) => p.version === 1);
      c.notify('textDocument/didChange', { textDocument: { uri, version: '2' }, contentChanges: [{ text: 'service: x\n' }] });
      c.notify('textDocument/didChange', { textDocument: { uri, version: 2.5 }, contentChanges: [{ text: 'service: x\n' }] });
      c.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }] });
      const p3 = await c.published(uri, (p) => p.version === 3);
      assert.ok(p3.diagnostics.some((d) => d.code === 'iam-wildcard-action'), 'the text with a string version was not applied');
      await assertServing(c);
      const versions = c.allPublished().map((p) => p.version);
      assert.ok(versions.every((v) => v === undefined || Number.isInteger(v)), `published versions: ${JSON.stringify(versions)}`);
      assert.ok(!c.allPublished().some((p) => p.uri === bad), 'nothing published for the rejected didOpen');
      await shutdownAndExit(c);
    });

    it('ignores invalid didOpen/didChange params without a crash or a failed analysis', async () => {
      const c = await client();
      const uris = [docUri(), docUri(), docUri(), docUri()];
      c.notify('textDocument/didOpen', null);
      c.notify('textDocument/didOpen', { textDocument: null });
      c.notify('textDocument/didOpen', { textDocument: { uri: 5, languageId: 'yaml', version: 1, text: SLS } });
      c.notify('textDocument/didOpen', { textDocument: { uri: uris[0], languageId: 'yaml', version: 1, text: 5 } });
      c.notify('textDocument/didOpen', { textDocument: { uri: uris[1], languageId: 'yaml', version: 1, text: { a: 1 } } });
      c.notify('textDocument/didOpen', { textDocument: { uri: uris[2], languageId: 'yaml', version: 1 } });
      c.notify('textDocument/didOpen', { textDocument: { uri: uris[3], languageId: 'yaml', version: 1, text: SLS } });
      await c.published(uris[3], (p) => p.version === 1);
      c.notify('textDocument/didChange', { textDocument: { uri: uris[3], version: 2 }, contentChanges: 'x' });
      c.notify('textDocument/didChange', { textDocument: { uri: uris[3], version: 3 }, contentChanges: [{ text: 7 }] });
      c.notify('textDocument/didChange', { textDocument: { uri: uris[3], version: 4 }, contentChanges: [{ range: { start: { line: -1, character: 'a' } }, text: '' }] });
      c.notify('textDocument/didChange', null);
      c.notify('textDocument/didClose', { textDocument: 3 });
      await assertServing(c);
      const pub = c.allPublished();
      assert.deepEqual(pub.filter((p) => uris.slice(0, 3).includes(p.uri)), [], 'nothing published for invalid didOpen params');
      assert.deepEqual([...new Set(pub.filter((p) => p.uri === uris[3]).map((p) => p.version))], [1], 'no invalid didChange applied');
      const logs = c.received.filter((m) => m.method === 'window/logMessage').map((m) => (m.params as { message: string }).message);
      assert.ok(!logs.some((l) => /analysis failed|uncaught|threw/.test(l)), logs.join('\n'));
      assert.ok(!/uncaught|unhandled/.test(c.stderr), c.stderr);
      await shutdownAndExit(c);
    });
  });
});
