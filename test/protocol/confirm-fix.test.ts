/**
 * Protocol test: a fix that changes who can call a route (`Fix.confirm`) is a code action without
 * an edit whose command, `serverlessGuard.server.confirmFix`, asks the user
 * (window/showMessageRequest) and applies the edit (workspace/applyEdit) only on "Apply fix".
 * Drives the real bundled server over stdio.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient, SERVER } from '../helpers/lsp-client';

const SLS = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action: execute-api:Invoke
          Resource: arn:aws:execute-api:eu-west-1:123456789012:abc/*
functions:
  create:
    handler: src/create.handler
    events:
      - http:
          path: /orders
          method: post
`;

interface Action {
  title: string;
  edit?: unknown;
  command?: { command: string; arguments: unknown[] };
}

describe('confirmFix over stdio', () => {
  let client: LspClient;
  let dir: string;
  let uri: string;
  let answer: string | null = 'Cancel';
  const asked: { type: number; message: string; actions: { title: string }[] }[] = [];
  const applied: { label?: string; edit: { changes?: Record<string, { newText: string }[]>; documentChanges?: unknown[] } }[] = [];

  before(async () => {
    assert.ok(existsSync(SERVER), 'run `npm run build` first (npm test does)');
    dir = mkdtempSync(path.join(os.tmpdir(), 'sg-confirm-'));
    writeFileSync(path.join(dir, 'serverless.yml'), SLS);
    uri = pathToFileURL(path.join(dir, 'serverless.yml')).toString();
    client = new LspClient();
    client.conn.onRequest('window/showMessageRequest', (p: { type: number; message: string; actions: { title: string }[] }) => {
      asked.push(p);
      return answer === null ? null : p.actions.find((a) => a.title === answer) ?? null;
    });
    client.conn.onRequest('workspace/applyEdit', (p: { label?: string; edit: (typeof applied)[number]['edit'] }) => {
      applied.push(p);
      return { applied: true };
    });
    const init = await client.initialize(pathToFileURL(dir).toString());
    const cmds = (init.capabilities.executeCommandProvider as { commands: string[] }).commands;
    assert.ok(cmds.includes('serverlessGuard.server.confirmFix'), JSON.stringify(cmds));
    await client.open(uri, 'yaml', SLS, 1);
    await client.waitFor((x) => x.uri === uri && x.version === 1 && x.diagnostics.some((d) => d.code === 'api-endpoint-no-authorizer'));
  });

  after(async () => {
    await client?.shutdown();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const iamAction = async (): Promise<Action> => {
    const actions = await client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 14, character: 8 }, end: { line: 14, character: 12 } },
      context: { diagnostics: [] },
    });
    const a = actions.find((x) => x.title.startsWith('Require IAM authorization'));
    assert.ok(a, JSON.stringify(actions.map((x) => x.title)));
    return a;
  };

  it('offers the IAM fix as a command that asks first, with no edit in the action', async () => {
    const a = await iamAction();
    assert.equal(a.edit, undefined, 'no edit: applying it must go through the question');
    assert.equal(a.command?.command, 'serverlessGuard.server.confirmFix');
    // the suppression fix of the same finding is a plain edit
    const actions = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 14, character: 8 }, end: { line: 14, character: 12 } }, context: { diagnostics: [] } });
    const ignore = actions.find((x) => x.title.startsWith('Ignore api-endpoint-no-authorizer'));
    assert.ok(ignore?.edit && !ignore.command);
  });

  it('Cancel: the question is asked and nothing is applied', async () => {
    answer = 'Cancel';
    const a = await iamAction();
    const before = asked.length;
    const res = await client.request<{ applied: boolean; reason?: string }>('workspace/executeCommand', { command: a.command!.command, arguments: a.command!.arguments });
    assert.equal(res.applied, false);
    assert.equal(asked.length, before + 1);
    assert.match(asked[asked.length - 1].message, /changes who can call POST \/orders/);
    assert.deepEqual(asked[asked.length - 1].actions.map((x) => x.title), ['Apply fix', 'Cancel']);
    assert.equal(applied.length, 0);
  });

  it('dismissed question (null answer): nothing is applied', async () => {
    answer = null;
    const a = await iamAction();
    const res = await client.request<{ applied: boolean }>('workspace/executeCommand', { command: a.command!.command, arguments: a.command!.arguments });
    assert.equal(res.applied, false);
    assert.equal(applied.length, 0);
  });

  it('Apply fix: the server sends workspace/applyEdit with the authorizer edit', async () => {
    answer = 'Apply fix';
    const a = await iamAction();
    const res = await client.request<{ applied: boolean }>('workspace/executeCommand', { command: a.command!.command, arguments: a.command!.arguments });
    assert.equal(res.applied, true);
    assert.equal(applied.length, 1);
    const edits = Object.values(applied[0].edit.changes ?? {}).flat();
    assert.ok(edits.some((e) => e.newText.includes('authorizer: aws_iam')), JSON.stringify(applied[0]));
    assert.match(applied[0].label ?? '', /Require IAM authorization/);
    // the same command again: the pending fix was used up
    const again = await client.request<{ applied: boolean; reason?: string }>('workspace/executeCommand', { command: a.command!.command, arguments: a.command!.arguments });
    assert.equal(again.applied, false);
    assert.equal(applied.length, 1);
  });

  it('an unknown id or forged arguments apply nothing', async () => {
    answer = 'Apply fix';
    const before = asked.length;
    for (const args of [[{ id: 'c999999' }], [{ edit: { changes: {} } }], [], ['x']]) {
      const res = await client.request<{ applied: boolean }>('workspace/executeCommand', { command: 'serverlessGuard.server.confirmFix', arguments: args });
      assert.equal(res.applied, false);
    }
    assert.equal(asked.length, before, 'no question for a fix the server did not offer');
    assert.equal(applied.length, 1);
  });

  it('a fix computed for an older version of the document is not applied', async () => {
    answer = 'Apply fix';
    const a = await iamAction();
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
    await client.waitFor((x) => x.uri === uri && x.version === 2);
    const res = await client.request<{ applied: boolean; reason?: string }>('workspace/executeCommand', { command: a.command!.command, arguments: a.command!.arguments });
    assert.equal(res.applied, false);
    assert.match(res.reason ?? '', /changed/);
    assert.equal(applied.length, 1);
  });
});
