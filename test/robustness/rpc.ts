/**
 * An LSP client for the robustness protocol tests: spawns any server command over stdio, records
 * every publishDiagnostics and window/logMessage, stderr and the exit, keeps each open document's
 * text (with vscode-languageserver-textdocument, the server's own text model) so edits can be sent
 * as incremental changes, and times out every wait and request.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const REPO = path.join(__dirname, '..', '..');
export const BUNDLED_SERVER = [path.join(REPO, 'dist', 'server.js'), '--stdio'];
export const FAULTY_SERVER = ['--import', 'tsx', path.join(REPO, 'test', 'helpers', 'faulty-server.ts'), '--stdio'];

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string;
  message: string;
}
export interface Published {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
  /** When it arrived (performance.now()). */
  at: number;
}
export interface Position {
  line: number;
  character: number;
}
export interface ContentChange {
  range?: { start: Position; end: Position };
  text: string;
}

export class RpcClient {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly conn: MessageConnection;
  readonly published: Published[] = [];
  readonly logs: string[] = [];
  readonly docs = new Map<string, TextDocument>();
  stderr = '';
  exit: { code: number | null; signal: string | null } | undefined;
  private waiters: { pred: (p: Published) => boolean; resolve: (p: Published) => void }[] = [];

  constructor(args: string[] = BUNDLED_SERVER) {
    this.proc = spawn(process.execPath, args, { cwd: REPO, stdio: 'pipe' });
    this.proc.stderr.on('data', (d) => (this.stderr += d.toString()));
    this.proc.on('exit', (code, signal) => (this.exit = { code, signal }));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: Omit<Published, 'at'>) => {
      const rec = { ...p, at: performance.now() };
      this.published.push(rec);
      this.waiters = this.waiters.filter((w) => (w.pred(rec) ? (w.resolve(rec), false) : true));
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => void this.logs.push(p.message));
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('workspace/workspaceFolders', () => null);
    this.conn.onError(() => undefined);
    this.conn.listen();
  }

  get alive(): boolean {
    return this.exit === undefined && this.proc.exitCode === null;
  }

  async initialize(rootUri: string): Promise<void> {
    await this.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'ws' }],
      capabilities: {
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } }, completion: { completionItem: { snippetSupport: true } }, hover: { contentFormat: ['markdown'] } },
        workspace: { configuration: true, workspaceFolders: true },
      },
    }, 30_000);
    await this.conn.sendNotification('initialized', {});
  }

  /** Resolves with the first publish (already received or future) matching `pred`. */
  waitFor(pred: (p: Published) => boolean, timeoutMs: number, what: string): Promise<Published> {
    const hit = this.published.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; alive=${this.alive}; last published: ${JSON.stringify(this.published.slice(-5).map((p) => [p.uri.slice(-30), p.version, p.diagnostics.length]))}\nstderr: ${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      const done = (p: Published) => {
        clearTimeout(t);
        resolve(p);
      };
      this.waiters.push({ pred, resolve: done });
    });
  }

  /** Diagnostics for exactly this version of this document. */
  diagnosticsFor(uri: string, version: number, timeoutMs: number): Promise<Published> {
    return this.waitFor((p) => p.uri === uri && p.version === version, timeoutMs, `diagnostics of ${uri} v${version}`);
  }

  async request<T>(method: string, params: unknown, timeoutMs = 60_000): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.conn.sendRequest(method, params) as Promise<T>,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${method} not answered within ${timeoutMs} ms (alive=${this.alive})\nstderr: ${this.stderr.slice(-2000)}`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async open(uri: string, languageId: string, text: string): Promise<TextDocument> {
    const doc = TextDocument.create(uri, languageId, 1, text);
    this.docs.set(uri, doc);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return doc;
  }

  /** Sends incremental changes as the next version; returns that version. */
  async change(uri: string, changes: ContentChange[]): Promise<number> {
    const doc = this.docs.get(uri)!;
    const version = doc.version + 1;
    TextDocument.update(doc, changes as Parameters<typeof TextDocument.update>[1], version);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.docs.delete(uri);
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** shutdown (must be answered) + exit; resolves with the exit status. */
  async shutdown(timeoutMs = 60_000): Promise<{ code: number | null; signal: string | null }> {
    await this.request('shutdown', null, timeoutMs);
    await this.conn.sendNotification('exit');
    const status = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      if (this.exit) return resolve(this.exit);
      const t = setTimeout(() => resolve({ code: null, signal: 'timeout' }), timeoutMs);
      this.proc.once('exit', (code, signal) => {
        clearTimeout(t);
        resolve({ code, signal });
      });
    });
    this.conn.dispose();
    return status;
  }

  /** Last resort in `after` hooks: the process this client started. */
  kill(): void {
    this.conn.dispose();
    if (this.alive) this.proc.kill();
  }
}
