/**
 * Protocol tests: drive the real bundled server (`node dist/server.js --stdio`) over JSON-RPC:
 * initialize → didOpen → publishDiagnostics → didChange → publishDiagnostics(version) → codeAction → hover.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient, SERVER } from '../helpers/lsp-client';
import { processCpuMs, withinUnits } from '../helpers/timing';

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

describe('language server over stdio', () => {
  let client: LspClient;
  let dir: string;
  let uri: string;

  before(async () => {
    assert.ok(existsSync(SERVER), 'run `npm run build` first (npm test does)');
    dir = mkdtempSync(path.join(os.tmpdir(), 'sg-proto-'));
    writeFileSync(path.join(dir, 'serverless.yml'), SLS);
    uri = pathToFileURL(path.join(dir, 'serverless.yml')).toString();
    client = new LspClient();
    const init = await client.initialize(pathToFileURL(dir).toString());
    assert.equal((init.capabilities.textDocumentSync as { change: number }).change, 2, 'incremental sync');
  });

  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes diagnostics with version, code, href and source on open', async () => {
    await client.open(uri, 'yaml', SLS, 1);
    const p = await client.waitFor((x) => x.uri === uri && x.version === 1);
    const d = p.diagnostics.find((x) => x.code === 'iam-wildcard-action');
    assert.ok(d, JSON.stringify(p.diagnostics));
    assert.equal(d.source, 'serverless-guard');
    assert.equal(d.severity, 1);
    assert.deepEqual(d.range, { start: { line: 7, character: 18 }, end: { line: 7, character: 21 } });
    assert.match(d.codeDescription!.href, /iam-wildcard-action\.md$/);
  });

  it('skips a config over the editor limit with one file-too-large finding, quickly', async () => {
    // An adversarial shape the uninterruptible YAML parser is slow on: a long run of `[`.
    const bigUri = pathToFileURL(path.join(dir, 'big', 'serverless.yml')).toString();
    const text = 'service: big\nresources:\n  Resources: ' + '['.repeat(300 * 1024) + '\n';
    // Bounded in the server's CPU time against a reference measured here (test/helpers/timing.ts):
    // parsing these 300 KB would cost hundreds of units, skipping them about none.
    const c0 = processCpuMs(client.proc.pid);
    await client.open(bigUri, 'yaml', text, 1);
    const p = await client.waitFor((x) => x.uri === bigUri && x.version === 1, 120_000);
    const c1 = processCpuMs(client.proc.pid);
    assert.deepEqual(p.diagnostics.map((d) => d.code), ['file-too-large']);
    assert.match(p.diagnostics[0].message, /the editor analyses configs up to 256 KB/);
    if (c0 !== undefined && c1 !== undefined) {
      const w = withinUnits(c1 - c0, 60);
      assert.ok(w.ok, `server CPU: ${w.message}`);
    }
  });

  it('re-analyses on every incremental change and publishes for that version', async () => {
    // Replace '*' action with a scoped one: the finding disappears in version 2.
    await client.change(uri, 2, [{ range: { start: { line: 7, character: 18 }, end: { line: 7, character: 21 } }, text: 'dynamodb:PutItem' }]);
    const p2 = await client.waitFor((x) => x.uri === uri && x.version === 2);
    assert.equal(p2.diagnostics.filter((d) => d.code === 'iam-wildcard-action').length, 0);
    // Put it back in version 3.
    await client.change(uri, 3, [{ range: { start: { line: 7, character: 18 }, end: { line: 7, character: 34 } }, text: "'*'" }]);
    const p3 = await client.waitFor((x) => x.uri === uri && x.version === 3);
    assert.equal(p3.diagnostics.filter((d) => d.code === 'iam-wildcard-action').length, 1);
  });

  it('never publishes stale versions during a burst of edits', async () => {
    const before = client.published.length;
    let v = 3;
    for (let i = 0; i < 20; i++) {
      v++;
      await client.change(uri, v, [{ range: { start: { line: 11, character: 0 }, end: { line: 11, character: 0 } }, text: i % 2 ? '' : '' }]);
    }
    const last = await client.waitFor((x) => x.uri === uri && x.version === v);
    assert.ok(last);
    const burst = client.published.slice(before).filter((x) => x.uri === uri).map((x) => x.version!);
    assert.deepEqual([...burst].sort((a, b) => a - b), burst, 'versions are published in order');
    assert.ok(burst.every((x) => x > 3));
    await client.change(uri, v + 1, []);
  });

  it('offers quick fixes as code actions, including a reason-required ignore', async () => {
    const range = { start: { line: 7, character: 18 }, end: { line: 7, character: 21 } };
    const actions = await client.request<{ title: string; kind: string; edit?: { changes?: Record<string, { newText: string; range: unknown }[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics: [] },
    });
    const ignore = actions.find((a) => a.title.startsWith('Ignore iam-wildcard-action'));
    assert.ok(ignore, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(ignore.kind, 'quickfix');
    const edits = Object.values(ignore.edit!.changes!)[0];
    assert.equal(edits[0].newText, '          # serverless-guard-ignore iam-wildcard-action -- <reason>\n');
  });

  it('the secret fix edits config and handler in one action and then runs serverlessGuard.afterFix with the put-parameter command', async () => {
    const sub = path.join(dir, 'secret');
    mkdirSync(path.join(sub, 'src'), { recursive: true });
    const yml = 'service: orders\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  api:\n    handler: src/api.handler\n    environment:\n      DB_PASSWORD: Quartz-Lantern-65\n';
    writeFileSync(path.join(sub, 'serverless.yml'), yml);
    writeFileSync(path.join(sub, 'src', 'api.js'), 'exports.handler = async () => ({ statusCode: process.env.DB_PASSWORD ? 200 : 500 });\n');
    const u = pathToFileURL(path.join(sub, 'serverless.yml')).toString();
    await client.open(u, 'yaml', yml, 1);
    await client.waitFor((x) => x.uri === u && x.version === 1 && x.diagnostics.some((d) => d.code === 'secret-in-config'));
    const actions = await client.request<{ title: string; edit?: { changes?: Record<string, unknown[]> }; command?: { command: string; arguments: { message: string; copyText: string }[] } }[]>('textDocument/codeAction', {
      textDocument: { uri: u },
      range: { start: { line: 8, character: 20 }, end: { line: 8, character: 21 } },
      context: { diagnostics: [] },
    });
    const move = actions.find((a) => a.title.startsWith('Move DB_PASSWORD to SSM Parameter Store'));
    assert.ok(move, JSON.stringify(actions.map((a) => a.title)));
    assert.deepEqual(Object.keys(move.edit!.changes!).sort(), [u, pathToFileURL(path.join(sub, 'src', 'api.js')).toString()].sort());
    assert.equal(move.command?.command, 'serverlessGuard.afterFix');
    assert.equal(move.command?.arguments[0].copyText, "aws ssm put-parameter --name '/orders/db-password' --type SecureString --value 'Quartz-Lantern-65'");
    assert.ok(!move.command!.arguments[0].message.includes('Quartz'));
  });

  it('hover on a finding shows the rule summary', async () => {
    const h = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 19 } });
    assert.ok(h);
    assert.match(h.contents.value, /iam-wildcard-action/);
    assert.match(h.contents.value, /every action/);
    assert.match(h.contents.value, /^\*\*error\*\* · /, 'most severe first, severity first');
  });

  it('Scan Workspace counts the open files too (as the Problems panel shows them)', async () => {
    const last = await client.waitFor((x) => x.uri === uri);
    const res = await client.request<{ files: number; findings: number }>('workspace/executeCommand', { command: 'serverlessGuard.server.scanWorkspace', arguments: [] });
    assert.ok(res.files >= 1, JSON.stringify(res));
    assert.ok(res.findings >= last.diagnostics.length && last.diagnostics.length > 0, `${JSON.stringify(res)} vs ${last.diagnostics.length} open`);
  });

  it('turns a syntax error into a diagnostic and keeps serving', async () => {
    const bad = 'service: x\nprovider:\n  name: aws\n  iam: [unclosed\nfunctions: {}\n';
    const u = pathToFileURL(path.join(dir, 'broken', 'serverless.yml')).toString();
    await client.open(u, 'yaml', bad, 1);
    const p = await client.waitFor((x) => x.uri === u && x.version === 1);
    assert.ok(p.diagnostics.some((d) => d.code === 'parse-error' && d.severity === 1));
    // a binary-looking file does not kill it either
    const b = pathToFileURL(path.join(dir, 'blob.json')).toString();
    await client.open(b, 'json', '\u0000\u0001{{{' + '\uFFFF'.repeat(1000), 1);
    await client.open(uri + '#again', 'yaml', SLS, 1);
    const again = await client.waitFor((x) => x.uri === uri + '#again');
    assert.ok(again);
  });

  it('applies .serverless-guard.yml severity overrides and rule switches', async () => {
    const d2 = mkdtempSync(path.join(os.tmpdir(), 'sg-proto-cfg-'));
    writeFileSync(path.join(d2, '.serverless-guard.yml'), 'rules:\n  iam-wildcard-action: warning\n');
    const c2 = new LspClient();
    try {
      await c2.initialize(pathToFileURL(d2).toString());
      const u = pathToFileURL(path.join(d2, 'serverless.yml')).toString();
      await c2.open(u, 'yaml', SLS, 1);
      const p = await c2.waitFor((x) => x.uri === u && x.version === 1);
      assert.equal(p.diagnostics.find((d) => d.code === 'iam-wildcard-action')?.severity, 2);
    } finally {
      await c2.shutdown();
      rmSync(d2, { recursive: true, force: true });
    }
  });
});
