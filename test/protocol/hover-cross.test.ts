/**
 * Issue 14: hover on a resource name over the language server shows its writers and readers
 * (function, file:line, what each written part carries), read from the handlers on disk.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient, SERVER } from '../helpers/lsp-client';

const APP = path.join(__dirname, '..', 'fixtures', 'cross-function', 'sls-ddb-stream-command-js');

describe('hover on a resource name (language server)', () => {
  let client: LspClient;
  let dir: string;
  let uri: string;
  let text: string;

  before(async () => {
    assert.ok(existsSync(SERVER), 'run `npm run build` first (npm test does)');
    dir = mkdtempSync(path.join(os.tmpdir(), 'sg-hover-cross-'));
    cpSync(APP, dir, { recursive: true });
    text = readFileSync(path.join(dir, 'serverless.yml'), 'utf8');
    uri = pathToFileURL(path.join(dir, 'serverless.yml')).toString();
    client = new LspClient();
    await client.initialize(pathToFileURL(dir).toString());
    await client.open(uri, 'yaml', text, 1);
    await client.waitFor((x) => x.uri === uri && x.version === 1);
  });

  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const positionOf = (needle: string) => {
    const at = text.indexOf(needle) + needle.length - needle.trimStart().length;
    const before = text.slice(0, at).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length + 2 };
  };

  it('the table\'s logical id: the route that writes it (file:line, the attribute and its source) and the stream reader', async () => {
    const h = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: positionOf('    OrdersTable:') });
    assert.ok(h);
    const md = h.contents.value;
    assert.match(md, /starts function `onOrder` — src\/onOrder\.js with its stream/);
    assert.match(md, /written by `createOrder` \(a public route\) — src\/createOrder\.js:8: PutItem/);
    assert.match(md, /attribute `label`: carries `event\.body/);
    assert.match(md, /attribute `id`: constant or trusted/);
  });

  it('a function key is not a resource: no writer lines', async () => {
    const h = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: positionOf('  createOrder:') });
    assert.ok(h);
    assert.doesNotMatch(h.contents.value, /written by/);
  });
});
