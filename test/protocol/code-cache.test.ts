/**
 * The V8 code cache of the server bundle (server/src/lsp/loader.ts): a server without a usable cache
 * writes one once its warm-up is done, in SERVERLESS_GUARD_CACHE_DIR, named by the bundle's hash
 * (caches of other bundles there are removed); a server started with that cache, or with a corrupt
 * one, publishes exactly the diagnostics of one started without any.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../helpers/lsp-client';

const CONFIG = `service: cache
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    DB_PASSWORD: Corp123!
  iam:
    role:
      statements:
        - Effect: Allow
          Action: 's3:*'
          Resource: '*'
functions:
  web:
    handler: src/web.handler
    events:
      - http: { path: items, method: post }
`;
const HANDLER = `const { exec } = require('child_process');
exports.handler = async (event) => {
  exec('ls ' + JSON.parse(event.body).dir);
  return { statusCode: 200 };
};
`;

/** Opens the config in a fresh server using `cacheDir`; returns its first publish and the client (still running). */
async function openWith(cacheDir: string, ws: string): Promise<{ client: LspClient; diagnostics: string[] }> {
  const client = new LspClient({ ...process.env, SERVERLESS_GUARD_CACHE_DIR: cacheDir });
  const root = pathToFileURL(ws).toString();
  await client.initialize(root);
  const uri = pathToFileURL(path.join(ws, 'serverless.yml')).toString();
  await client.open(uri, 'yaml', CONFIG);
  const p = await client.waitFor((d) => d.uri === uri);
  return { client, diagnostics: p.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.message}`) };
}

/** Waits (liveness only, not a speed bound) for the server to log the cache it wrote. */
async function written(client: LspClient): Promise<string> {
  for (let i = 0; i < 1200; i++) {
    const line = client.logs.find((l) => l.includes('code cache'));
    if (line) return line;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code cache log line; logs: ${client.logs.join('\n')}`);
}

describe('server code cache', () => {
  let ws: string;
  let cacheDir: string;
  before(() => {
    ws = mkdtempSync(path.join(os.tmpdir(), 'sg-cc-ws-'));
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'sg-cc-'));
    writeFileSync(path.join(ws, 'serverless.yml'), CONFIG);
    mkdirSync(path.join(ws, 'src'));
    writeFileSync(path.join(ws, 'src', 'web.js'), HANDLER);
  });
  after(() => {
    rmSync(ws, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('is written after the warm-up, replaces caches of other bundles, and changes no diagnostic', async () => {
    const stale = path.join(cacheDir, 'server-core.0000000000000000.v8-0-x64-00000000.cache');
    writeFileSync(stale, 'stale');
    const first = await openWith(cacheDir, ws);
    let line: string;
    try {
      line = await written(first.client);
    } finally {
      await first.client.shutdown();
    }
    assert.match(line, /code cache written: /);
    const files = readdirSync(cacheDir);
    assert.equal(files.length, 1, files.join(', '));
    assert.match(files[0], /^server-core\.[0-9a-f]{16}\.v8-.+\.cache$/);
    assert.ok(first.diagnostics.some((d) => d.includes('iam-service-wildcard-action')), first.diagnostics.join('\n'));

    // with the cache: the same first publish, and nothing written again
    const second = await openWith(cacheDir, ws);
    await second.client.shutdown();
    assert.deepEqual(second.diagnostics, first.diagnostics);
    assert.deepEqual(second.client.logs.filter((l) => l.includes('code cache')), []);

    // a corrupt cache is refused by V8: the same diagnostics, and a good cache written over it
    writeFileSync(path.join(cacheDir, files[0]), Buffer.alloc(4096, 7));
    const third = await openWith(cacheDir, ws);
    try {
      assert.match(await written(third.client), /code cache written: /);
    } finally {
      await third.client.shutdown();
    }
    assert.deepEqual(third.diagnostics, first.diagnostics);
  });
});
