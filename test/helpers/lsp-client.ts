/**
 * A minimal LSP client over stdio JSON-RPC for protocol tests: spawns the bundled server
 * (`node dist/server.js --stdio`), records published diagnostics and waits on them with timeouts.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const SERVER = path.join(__dirname, '..', '..', 'dist', 'server.js');

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; code?: string; source?: string; message: string; severity?: number; codeDescription?: { href: string }; relatedInformation?: unknown[] }[];
}

export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly conn: MessageConnection;
  readonly published: PublishedDiagnostics[] = [];
  private waiters: { pred: (p: PublishedDiagnostics) => boolean; resolve: (p: PublishedDiagnostics) => void }[] = [];
  stderr = '';
  /** window/logMessage texts, in order. */
  readonly logs: string[] = [];
  configuration: Record<string, unknown> = {};

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe', env });
    this.proc.stderr.on('data', (d) => (this.stderr += d.toString()));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      this.published.push(p);
      this.waiters = this.waiters.filter((w) => {
        if (w.pred(p)) {
          w.resolve(p);
          return false;
        }
        return true;
      });
    });
    this.conn.onNotification('window/logMessage', (m: { message: string }) => void this.logs.push(m.message));
    this.conn.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((i) => (i.section ? this.configuration[i.section] ?? null : null)));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('workspace/workspaceFolders', () => null);
    this.conn.listen();
  }

  async initialize(rootUri: string | null, capabilities: Record<string, unknown> = {}): Promise<{ capabilities: Record<string, unknown> }> {
    const res = (await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
      capabilities: {
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } },
        workspace: { configuration: true, workspaceFolders: true },
        ...capabilities,
      },
    })) as { capabilities: Record<string, unknown> };
    await this.conn.sendNotification('initialized', {});
    return res;
  }

  /** `timeoutMs` is liveness only (a hung server fails instead of hanging the suite), not a speed bound. */
  waitFor(pred: (p: PublishedDiagnostics) => boolean, timeoutMs = 120_000): Promise<PublishedDiagnostics> {
    const hit = this.published.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for diagnostics; got ${JSON.stringify(this.published.map((p) => [p.uri, p.version, p.diagnostics.length]))}\n${this.stderr}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (p) => (clearTimeout(t), resolve(p)) });
    });
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: unknown[]): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    this.proc.kill();
  }
}
