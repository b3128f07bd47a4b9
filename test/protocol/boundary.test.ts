/**
 * The workspace boundary and settings validation through the language server (dist/server.js):
 * - the hostile workspace (test/fixtures/hostile; links and a FIFO made here) gives clear
 *   `path-outside-workspace` findings at the references, no hang, and — under
 *   `strace -f -e trace=openat` when strace exists — no open of anything outside the root;
 * - `serverlessGuard.addSecureFunction` with `file:///etc/passwd` is refused;
 * - bad editor settings (`ignorePaths: 5`, `[5, null, {}]`, an unknown severity) no longer empty the
 *   Problems panel: diagnostics are still published, all with a severity, and one window message
 *   says what was ignored.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { LspClient, SERVER, type PublishedDiagnostics } from '../helpers/lsp-client';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'hostile');

/** Copies the fixture to a temporary folder and adds the links and the FIFO. */
function hostileWorkspace(): { dir: string; ws: string; outside: string } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sg-hostile-')));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  const ws = path.join(dir, 'ws');
  const link = (target: string, at: string) => fs.symlinkSync(target, path.join(ws, at));
  link('/etc/passwd', 'x.js');
  link('/proc/self/environ', 'env.js');
  link('/proc/self/mem', 'mem.js');
  link('/dev/zero', 'zero.js');
  link('../outside', 'lib');
  link('../../outside', 'src/outside');
  try {
    execFileSync('mkfifo', [path.join(ws, '.serverless-guard.yml')]);
  } catch {
    fs.symlinkSync('/dev/zero', path.join(ws, '.serverless-guard.yml'));
  }
  return { dir, ws, outside: path.join(dir, 'outside') };
}

const uri = (p: string) => pathToFileURL(p).toString();

class Client {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly conn: MessageConnection;
  readonly published: PublishedDiagnostics[] = [];
  readonly messages: { type: number; message: string }[] = [];
  constructor(cmd: string, args: string[]) {
    this.proc = spawn(cmd, args, { stdio: 'pipe' });
    this.proc.stderr.resume();
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => void this.published.push(p));
    this.conn.onNotification('window/showMessage', (m: { type: number; message: string }) => void this.messages.push(m));
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.listen();
  }
  async waitFor(pred: () => boolean, ms = 20_000): Promise<void> {
    for (let t = 0; !pred(); t += 50) {
      if (t > ms) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  async stop(): Promise<void> {
    await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]).catch(() => undefined);
    await this.conn.sendNotification('exit').catch(() => undefined);
    await new Promise((r) => (this.proc.exitCode !== null ? r(null) : this.proc.once('exit', r)));
    this.conn.dispose();
  }
}

/** Opens the hostile configs and handlers, waits for their diagnostics, runs Scan Workspace and Add Secure Function. */
async function exercise(c: Client, ws: string): Promise<Map<string, PublishedDiagnostics>> {
  await c.conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: uri(ws),
    workspaceFolders: [{ uri: uri(ws), name: 'ws' }],
    capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } }, workspace: { configuration: true, workspaceFolders: true } },
  });
  await c.conn.sendNotification('initialized', {});
  const files = ['serverless.yml', 'template.yaml', 'src/handler.js', 'src/app.py'];
  for (const f of files) {
    const lang = f.endsWith('.py') ? 'python' : f.endsWith('.js') ? 'javascript' : 'yaml';
    await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(path.join(ws, f)), languageId: lang, version: 1, text: fs.readFileSync(path.join(ws, f), 'utf8') } });
  }
  await c.waitFor(() => files.every((f) => c.published.some((p) => p.uri === uri(path.join(ws, f)))));
  await c.conn.sendRequest('workspace/executeCommand', { command: 'serverlessGuard.server.scanWorkspace', arguments: [] });
  const refused = (await c.conn.sendRequest('workspace/executeCommand', { command: 'serverlessGuard.server.addSecureFunction', arguments: [{ uri: 'file:///etc/passwd', name: 'fn', trigger: 'http-api', language: 'javascript' }] })) as { error?: string; edit?: unknown };
  assert.ok(refused.error && !refused.edit, JSON.stringify(refused));
  assert.doesNotMatch(refused.error!, /passwd|root:/);
  const hover = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: uri(path.join(ws, 'serverless.yml')) }, position: { line: 5, character: 4 } })) as { contents: unknown } | null;
  assert.doesNotMatch(JSON.stringify(hover ?? ''), /child_process|outside\/secret\.js/);
  const last = new Map<string, PublishedDiagnostics>();
  for (const p of c.published) last.set(p.uri, p);
  return last;
}

describe('language server: workspace boundary on a hostile workspace', () => {
  let h: ReturnType<typeof hostileWorkspace>;
  before(() => {
    assert.ok(fs.existsSync(SERVER), 'run npm run build first');
    h = hostileWorkspace();
  });
  after(() => fs.rmSync(h.dir, { recursive: true, force: true }));

  it('reports each outside reference once, reads nothing outside, answers everything', async () => {
    const c = new Client(process.execPath, [SERVER, '--stdio']);
    try {
      const last = await exercise(c, h.ws);
      const at = (f: string) => last.get(uri(path.join(h.ws, f)))!.diagnostics;
      const outside = (f: string) => at(f).filter((d) => d.code === 'path-outside-workspace');
      // serverless.yml: sibling, absolute, climbing, the four links and the linked folder.
      assert.deepEqual(outside('serverless.yml').map((d) => d.range.start.line), [6, 10, 12, 14, 16, 18, 20, 22]);
      assert.ok(outside('serverless.yml').every((d) => d.severity === 3));
      // template.yaml: the two CodeUri.
      assert.deepEqual(outside('template.yaml').map((d) => d.range.start.line), [6, 12]);
      // handler.js: the import climbing out (the one through the linked folder is simply not read).
      assert.deepEqual(outside('src/handler.js').map((d) => d.range.start.line), [0]);
      assert.deepEqual(outside('src/app.py').map((d) => d.range.start.line), [1]);
      // Nothing of the outside code is analysed: its command injection is nowhere.
      for (const [, p] of last) {
        assert.ok(!p.diagnostics.some((d) => d.code === 'injection-command'), JSON.stringify(p.diagnostics.map((d) => d.message)));
        for (const d of p.diagnostics) for (const r of (d.relatedInformation ?? []) as { location: { uri: string } }[]) assert.ok(r.location.uri.startsWith(uri(h.ws) + '/'), r.location.uri);
        assert.doesNotMatch(JSON.stringify(p.diagnostics), /root:x:0|AWS_SECRET|\/bin\/bash/);
      }
    } finally {
      await c.stop();
    }
  });

  it('under strace -f -e trace=openat: no open outside the root (skipped without strace)', async (t) => {
    if (spawnSync('strace', ['-V']).status !== 0) return t.skip('strace not available');
    const log = path.join(h.dir, 'strace.log');
    const c = new Client('strace', ['-f', '-qq', '-e', 'trace=openat,open', '-o', log, process.execPath, SERVER, '--stdio']);
    try {
      await exercise(c, h.ws);
    } finally {
      await c.stop();
    }
    const opened = fs
      .readFileSync(log, 'utf8')
      .split('\n')
      .map((l) => /open(?:at)?\((?:[A-Z_]+|\d+), "([^"]*)"/.exec(l)?.[1])
      .filter((p): p is string => !!p);
    assert.ok(opened.some((p) => p.startsWith(h.ws + '/')), 'the trace shows the workspace being read');
    const bad = opened.filter(
      (p) =>
        p.startsWith(h.outside) ||
        p === h.dir ||
        p === path.dirname(h.ws) + '/' ||
        p === '/etc/passwd' ||
        p === '/dev/zero' ||
        /^\/proc\/(self|\d+)\/(environ|mem)$/.test(p) ||
        p.startsWith('/etc/passwd.'),
    );
    assert.deepEqual(bad, []);
  });
});

describe('language server: editor settings validated by schema', () => {
  const TEXT = 'service: s\nprovider:\n  name: aws\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: "*"\n          Resource: "*"\n';
  for (const [name, settings] of [
    ['ignorePaths: 5', { ignorePaths: 5 }],
    ['ignorePaths: [5, null, {}]', { ignorePaths: [5, null, {}] }],
    ['rules: {"iam-wildcard-action": "bogus"}', { rules: { 'iam-wildcard-action': 'bogus' } }],
  ] as const) {
    it(`${name}: diagnostics still published, each with a severity, one window message`, async () => {
      const c = new LspClient();
      const messages: string[] = [];
      c.conn.onNotification('window/showMessage', (m: { message: string }) => void messages.push(m.message));
      try {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-settings-'));
        await c.initialize(uri(dir));
        const u = uri(path.join(dir, 'serverless.yml'));
        await c.open(u, 'yaml', TEXT);
        await c.waitFor((p) => p.uri === u && p.diagnostics.length > 0);
        c.configuration.serverlessGuard = settings;
        const before = c.published.length;
        await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: { serverlessGuard: settings } });
        const after = await c.waitFor((p) => p.uri === u && c.published.indexOf(p) >= before);
        assert.ok(after.diagnostics.length > 0, 'the Problems panel is not emptied');
        assert.ok(after.diagnostics.every((d) => d.severity === 1 || d.severity === 2 || d.severity === 3), JSON.stringify(after.diagnostics));
        // The same change again: no second message.
        await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: { serverlessGuard: settings } });
        await c.waitFor((p) => p.uri === u && c.published.indexOf(p) > c.published.indexOf(after));
        assert.equal(messages.length, 1, messages.join('\n'));
        assert.match(messages[0], /invalid settings ignored/);
        fs.rmSync(dir, { recursive: true, force: true });
      } finally {
        await c.shutdown();
      }
    });
  }

  it('.serverless-guard.yml with a wrong type and an unknown severity: warnings on the file (not open), the rest applies', async () => {
    const c = new LspClient();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-settings-'));
    try {
      fs.writeFileSync(path.join(dir, '.serverless-guard.yml'), 'rules:\n  iam-wildcard-action: bogus\n  iam-wildcard-resource: off\nignorePaths: 5\n');
      await c.initialize(uri(dir));
      const u = uri(path.join(dir, 'serverless.yml'));
      await c.open(u, 'yaml', TEXT);
      const d = await c.waitFor((p) => p.uri === u && p.diagnostics.length > 0);
      assert.ok(!d.diagnostics.some((x) => x.code === 'iam-wildcard-resource'), 'the valid override applies');
      assert.ok(d.diagnostics.some((x) => x.code === 'iam-wildcard-action' && x.severity === 1));
      const s = await c.waitFor((p) => p.uri === uri(path.join(dir, '.serverless-guard.yml')));
      assert.deepEqual(s.diagnostics.map((x) => [x.code, x.severity, x.range.start.line]), [['invalid-settings', 2, 1], ['invalid-settings', 2, 3]]);
    } finally {
      await c.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
