/**
 * Protocol tests for authoring help over stdio (`node dist/server.js --stdio`): the completion
 * capability, snippet completion where it belongs (with snippet syntax only for clients that
 * support it), IAM action completion, hovers on actions, wildcards and functions, and the
 * "Add Secure Function" command's WorkspaceEdit.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient, SERVER } from '../helpers/lsp-client';

const SLS = `service: orders
frameworkVersion: '4'
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action:
            - s3:GetObject
            - s3:Get*
          Resource: arn:aws:s3:::orders/*
functions:
  listOrders:
    handler: src/handlers/list.handler
    events:
      - schedule: rate(1 hour)

`;

interface Item {
  label: string;
  kind?: number;
  detail?: string;
  insertTextFormat?: number;
  insertTextMode?: number;
  textEdit?: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
  additionalTextEdits?: { newText: string }[];
  documentation?: { kind: string; value: string } | string;
  data?: { snippetId?: string };
}

describe('authoring help over stdio', () => {
  let client: LspClient;
  let plain: LspClient;
  let dir: string;
  let uri: string;
  let caps: Record<string, unknown>;

  before(async () => {
    assert.ok(existsSync(SERVER), 'run `node scripts/build.mjs` first (npm test does)');
    dir = mkdtempSync(path.join(os.tmpdir(), 'sg-proto-complete-'));
    mkdirSync(path.join(dir, 'src', 'handlers'), { recursive: true });
    writeFileSync(path.join(dir, 'serverless.yml'), SLS);
    writeFileSync(path.join(dir, 'src', 'handlers', 'list.ts'), 'export const handler = async () => ({ statusCode: 200 });\n');
    uri = pathToFileURL(path.join(dir, 'serverless.yml')).toString();
    client = new LspClient();
    const init = await client.initialize(pathToFileURL(dir).toString(), {
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], insertTextModeSupport: { valueSet: [1, 2] } } },
        hover: { contentFormat: ['markdown'] },
      },
      workspace: { configuration: true, workspaceFolders: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
    });
    caps = init.capabilities;
    await client.open(uri, 'yaml', SLS, 1);
    await client.waitFor((x) => x.uri === uri && x.version === 1);
    plain = new LspClient();
    await plain.initialize(pathToFileURL(dir).toString());
  });

  after(async () => {
    await client.shutdown();
    await plain.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('declares completion (with `:` as a trigger character) and the Add Secure Function command', () => {
    const cp = caps.completionProvider as { triggerCharacters: string[] };
    assert.ok(cp, 'completionProvider');
    assert.deepEqual(cp.triggerCharacters, [':']);
    assert.ok((caps.executeCommandProvider as { commands: string[] }).commands.includes('serverlessGuard.server.addSecureFunction'));
  });

  it('offers the function snippets under `functions:` as snippet items with a text edit', async () => {
    const line = SLS.split('\n').length - 1; // the empty last line
    await client.change(uri, 2, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '  sg-fun' }]);
    const res = await client.request<{ isIncomplete: boolean; items: Item[] }>('textDocument/completion', { textDocument: { uri }, position: { line, character: 8 } });
    const ids = res.items.map((i) => i.data?.snippetId).sort();
    assert.deepEqual(ids, ['sls.function.http-api.native', 'sls.function.rest-api.native', 'sls.function.sqs.native', 'sls.function.url.native']);
    const http = res.items.find((i) => i.data?.snippetId === 'sls.function.http-api.native')!;
    assert.equal(http.label, 'sg-function-http-api');
    assert.equal(http.kind, 15, 'Snippet');
    assert.equal(http.insertTextFormat, 2, 'snippet syntax');
    assert.equal(http.insertTextMode, 1, 'asIs: already indented');
    assert.deepEqual(http.textEdit!.range, { start: { line, character: 2 }, end: { line, character: 8 } });
    assert.match(http.textEdit!.newText, /^\$\{1:createOrder\}:\n {4}handler: /);
    assert.match(http.additionalTextEdits![0].newText, /httpApi:\n {4}authorizers:/);
    const doc = http.documentation as { kind: string; value: string };
    assert.equal(doc.kind, 'markdown');
    assert.match(doc.value, /\[iam-wildcard-action\]\(file:.*iam-wildcard-action\.md\)|\[iam-wildcard-action\]\(https:/);
    // leave the file valid again
    await client.change(uri, 3, [{ range: { start: { line, character: 0 }, end: { line, character: 8 } }, text: '' }]);
  });

  it('completes IAM actions after `service:` and service prefixes before it', async () => {
    // line of "- s3:GetObject": replace the action with "s3:Put"
    const line = SLS.split('\n').findIndex((l) => l.includes('- s3:GetObject'));
    await client.change(uri, 30, [{ range: { start: { line, character: 14 }, end: { line, character: 26 } }, text: 's3:Put' }]);
    const res = await client.request<{ items: Item[] }>('textDocument/completion', { textDocument: { uri }, position: { line, character: 20 }, context: { triggerKind: 1 } });
    const put = res.items.find((i) => i.label === 's3:PutObject')!;
    assert.ok(put, res.items.slice(0, 5).map((i) => i.label).join());
    assert.equal(put.insertTextFormat, 1);
    assert.match(put.detail!, /^Write · Amazon S3/);
    assert.deepEqual(put.textEdit!.range, { start: { line, character: 14 }, end: { line, character: 20 } });
    await client.change(uri, 31, [{ range: { start: { line, character: 14 }, end: { line, character: 20 } }, text: 'sq' }]);
    const svc = await client.request<{ isIncomplete: boolean; items: Item[] }>('textDocument/completion', { textDocument: { uri }, position: { line, character: 16 } });
    assert.ok(svc.items.some((i) => i.label === 'sqs' && i.textEdit!.newText === 'sqs:'));
    assert.equal(svc.isIncomplete, true);
    await client.change(uri, 32, [{ range: { start: { line, character: 14 }, end: { line, character: 16 } }, text: 's3:GetObject' }]);
  });

  it('hovers on an action, a wildcard and a function name', async () => {
    const lines = SLS.split('\n');
    const a = lines.findIndex((l) => l.includes('- s3:GetObject'));
    const h1 = await client.request<{ contents: { kind: string; value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: a, character: 17 } });
    assert.match(h1!.contents.value, /\*\*s3:GetObject\*\* — Amazon S3[\s\S]*Access level: \*\*Read\*\*/);
    const w = lines.findIndex((l) => l.includes('- s3:Get*'));
    const h2 = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: w, character: 17 } });
    assert.match(h2!.contents.value, /`s3:Get\*` matches \*\*\d+ actions\*\*/);
    const f = lines.findIndex((l) => l.startsWith('  listOrders:'));
    const h3 = await client.request<{ contents: { value: string }; range: unknown } | null>('textDocument/hover', { textDocument: { uri }, position: { line: f, character: 4 } });
    assert.match(h3!.contents.value, /\*\*listOrders\*\*/);
    assert.match(h3!.contents.value, /Handler: `src\/handlers\/list\.handler` → `src\/handlers\/list\.ts`/);
    assert.match(h3!.contents.value, /provider\.iam\.role\.statements/);
    assert.deepEqual(h3!.range, { start: { line: f, character: 2 }, end: { line: f, character: 12 } });
  });

  it('sends plain text to clients without snippet support', async () => {
    const u = pathToFileURL(path.join(dir, 'other', 'serverless.yml')).toString();
    const text = 'service: x\nprovider:\n  name: aws\nfunctions:\n  sg-\n';
    await plain.open(u, 'yaml', text, 1);
    const res = await plain.request<{ items: Item[] }>('textDocument/completion', { textDocument: { uri: u }, position: { line: 4, character: 5 } });
    const item = res.items.find((i) => i.data?.snippetId === 'sls.function.sqs.native')!;
    assert.equal(item.insertTextFormat, 1);
    assert.ok(!item.textEdit!.newText.includes('${'.concat('1')), 'no tab stops');
    assert.match(item.textEdit!.newText, /^processOrders:\n {4}handler: src\/handlers\/processOrders\.handler/);
  });

  it('builds the Add Secure Function edit: config insert + new handler file, in one WorkspaceEdit', async () => {
    const res = await client.request<{ edit?: { documentChanges: ({ kind: string; uri: string } | { textDocument: { uri: string }; edits: { newText: string }[] })[] }; handlerUri?: string; error?: string }>(
      'workspace/executeCommand',
      { command: 'serverlessGuard.server.addSecureFunction', arguments: [{ uri, name: 'createOrder', trigger: 'sqs', language: 'python' }] },
    );
    assert.ok(res.edit, res.error);
    const changes = res.edit.documentChanges;
    const create = changes.find((c) => 'kind' in c && c.kind === 'create') as { uri: string };
    assert.ok(create.uri.endsWith('/src/handlers/create_order.py'));
    assert.equal(res.handlerUri, create.uri);
    const handlerEdit = changes.find((c) => 'textDocument' in c && c.textDocument.uri === create.uri) as { edits: { newText: string }[] };
    assert.match(handlerEdit.edits[0].newText, /batchItemFailures/);
    const configEdit = changes.find((c) => 'textDocument' in c && c.textDocument.uri === uri) as { edits: { newText: string }[] };
    const inserted = configEdit.edits.map((e) => e.newText).join('');
    assert.match(inserted, /createOrder:\n {4}handler: src\/handlers\/create_order\.handler\n {4}runtime: python3\.12/);
    assert.match(inserted, /functionResponseType: ReportBatchItemFailures/);
    assert.match(inserted, /OrdersQueueDLQ:/);
    const bad = await client.request<{ error?: string }>('workspace/executeCommand', { command: 'serverlessGuard.server.addSecureFunction', arguments: [{ uri, name: 'listOrders', trigger: 'sqs', language: 'python' }] });
    assert.match(bad.error!, /already exists/);
  });
  it('asks which DynamoDB table when the config already has one, then uses the one picked', async () => {
    const u = pathToFileURL(path.join(dir, 'tables', 'serverless.yml')).toString();
    const text = 'service: shop\nprovider:\n  name: aws\nresources:\n  Resources:\n    CatalogTable:\n      Type: AWS::DynamoDB::Table\n';
    await client.open(u, 'yaml', text, 1);
    type Answer = { edit?: { documentChanges: ({ kind: string; uri: string } | { textDocument: { uri: string }; edits: { newText: string }[] })[] }; error?: string; chooseTable?: { tables: string[]; suggested: string } };
    const args = { uri: u, name: 'getProduct', trigger: 'http-api', language: 'typescript' };
    const ask = await client.request<Answer>('workspace/executeCommand', { command: 'serverlessGuard.server.addSecureFunction', arguments: [args] });
    assert.deepEqual(ask.chooseTable, { tables: ['CatalogTable'], suggested: 'ProductsTable' });
    assert.equal(ask.edit, undefined);
    const res = await client.request<Answer>('workspace/executeCommand', { command: 'serverlessGuard.server.addSecureFunction', arguments: [{ ...args, table: 'CatalogTable' }] });
    assert.ok(res.edit, res.error);
    const configEdit = res.edit.documentChanges.find((c) => 'textDocument' in c && c.textDocument.uri === u) as { edits: { newText: string }[] };
    const inserted = configEdit.edits.map((e) => e.newText).join('');
    assert.match(inserted, /Resource: !GetAtt CatalogTable\.Arn/);
    assert.match(inserted, /method: GET\n\s+path: \/products\/\{id\}/);
    assert.doesNotMatch(inserted, /Type: AWS::DynamoDB::Table/);
  });
});
