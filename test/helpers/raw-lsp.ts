/**
 * A raw-bytes LSP client for protocol tests and `npm run eval:robustness`: spawns a server over
 * stdio, writes whatever bytes it is given (well-formed or not) and reads the server's output,
 * answering the server's own requests like a minimal client. Plus the table of framing errors both
 * use. Waits time out only to catch a server that never answers.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

export const BUNDLED_SERVER = path.join(__dirname, '..', '..', 'dist', 'server.js');
/** Only for a server that never answers: generous, not a performance bound. */
export const HANG_MS = 20_000;

export interface RpcMessage {
  jsonrpc?: string;
  id?: string | number | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}
export interface Published {
  uri: string;
  version?: unknown;
  diagnostics: { code?: string }[];
}

export const frame = (body: string | object): Buffer => {
  const b = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${b.length}\r\n\r\n`, 'latin1'), b]);
};
export const json = (method: string, params: unknown, id?: number) => JSON.stringify({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), method, params });

/** A client that writes raw bytes to the server's stdin and reads its (well-formed) output. */
export class RawClient {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly received: RpcMessage[] = [];
  readonly exited: Promise<number | null>;
  stderr = '';
  private out = Buffer.alloc(0);
  private waiters: { pred: (m: RpcMessage) => boolean; resolve: (m: RpcMessage) => void }[] = [];
  private nextId = 1000;

  constructor(server = BUNDLED_SERVER, opts: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {}) {
    this.proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), server, '--stdio'], { stdio: 'pipe', env: { ...process.env, ...opts.env } });
    this.proc.stderr.on('data', (d) => (this.stderr += d.toString()));
    this.proc.stdin.on('error', () => undefined);
    this.exited = new Promise((r) => this.proc.on('exit', (code) => r(code)));
    this.proc.stdout.on('data', (d: Buffer) => {
      this.out = Buffer.concat([this.out, d]);
      for (;;) {
        const end = this.out.indexOf('\r\n\r\n');
        if (end < 0) return;
        const len = Number(/Content-Length: (\d+)/i.exec(this.out.subarray(0, end).toString('latin1'))?.[1]);
        if (this.out.length < end + 4 + len) return;
        const msg = JSON.parse(this.out.subarray(end + 4, end + 4 + len).toString('utf8')) as RpcMessage;
        this.out = this.out.subarray(end + 4 + len);
        this.onMessage(msg);
      }
    });
  }

  private onMessage(m: RpcMessage): void {
    // Requests from the server: answer them like a minimal client.
    if (m.method && m.id !== undefined && m.id !== null) {
      const result = m.method === 'workspace/configuration' ? (m.params as { items: unknown[] }).items.map(() => null) : null;
      this.send(frame({ jsonrpc: '2.0', id: m.id, result }));
      return;
    }
    this.received.push(m);
    this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
  }

  send(bytes: Buffer | string): void {
    this.proc.stdin.write(bytes);
  }

  wait(pred: (m: RpcMessage) => boolean, what: string): Promise<RpcMessage> {
    const hit = this.received.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no ${what} within ${HANG_MS / 1000} s (server deaf?)\nreceived: ${JSON.stringify(this.received).slice(0, 2000)}\nstderr: ${this.stderr.slice(-2000)}`)), HANG_MS);
      this.waiters.push({ pred, resolve: (m) => (clearTimeout(t), resolve(m)) });
    });
  }

  response(id: number | string): Promise<RpcMessage> {
    return this.wait((m) => m.id === id && !m.method, `answer to request ${id}`);
  }

  /** Sends a request and waits for its answer. */
  async request(method: string, params: unknown = null): Promise<RpcMessage> {
    const id = this.nextId++;
    this.send(frame(json(method, params, id)));
    return this.response(id);
  }

  notify(method: string, params: unknown): void {
    this.send(frame(json(method, params)));
  }

  published(uri: string, pred: (p: Published) => boolean = () => true): Promise<Published> {
    return this.wait((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as Published).uri === uri && pred(m.params as Published), `diagnostics for ${uri}`).then((m) => m.params as Published);
  }

  allPublished(): Published[] {
    return this.received.filter((m) => m.method === 'textDocument/publishDiagnostics').map((m) => m.params as Published);
  }

  /** Responses without a request of ours (id null, or an id never sent). */
  strayResponses(): RpcMessage[] {
    return this.received.filter((m) => !m.method && (m.id === null || m.id === undefined));
  }

  async initialize(rootUri: string): Promise<void> {
    const r = await this.request('initialize', { processId: null, rootUri, workspaceFolders: [{ uri: rootUri, name: 'ws' }], capabilities: { workspace: { configuration: true } } });
    assert.ok(r.result, JSON.stringify(r));
    this.notify('initialized', {});
  }

  /** The exit code, once the process has exited. */
  exitCode(): Promise<number | null> {
    return Promise.race([this.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running ${HANG_MS / 1000} s after exit`)), HANG_MS).unref())]);
  }

  kill(): void {
    if (this.proc.exitCode === null) this.proc.kill();
  }
}

const HOVER_BODY = json('textDocument/hover', { textDocument: { uri: 'file:///nowhere.yml' }, position: { line: 0, character: 0 } }, 900);

/** Framing errors: each is sent, then at once a normal request that must be answered. */
export const FRAMING_ERRORS: { name: string; bytes: () => Buffer; /** The bad frame itself gets this error (id 900 or null). */ answer?: { id: number | null; code: number } }[] = [
  { name: 'Content-Length larger than the body', bytes: () => Buffer.from(`Content-Length: ${Buffer.byteLength(HOVER_BODY) + 25}\r\n\r\n${HOVER_BODY}`), answer: { id: 900, code: -32700 } },
  { name: 'Content-Length far larger than the body (10 MB)', bytes: () => Buffer.from(`Content-Length: 10000000\r\n\r\n${HOVER_BODY}`), answer: { id: 900, code: -32700 } },
  { name: 'Content-Length far larger than a truncated body (open object)', bytes: () => Buffer.from('Content-Length: 10000000\r\n\r\n{"jsonrpc":"2.0","id":900,'), answer: { id: null, code: -32700 } },
  { name: 'Content-Length far larger than a truncated body (open string)', bytes: () => Buffer.from('Content-Length: 10000000\r\n\r\n{"jsonrpc":"2.0","id":900,"method":"x","params":{"a":"abc'), answer: { id: null, code: -32700 } },
  { name: 'Content-Length smaller than the body', bytes: () => Buffer.from(`Content-Length: ${Buffer.byteLength(HOVER_BODY) - 30}\r\n\r\n${HOVER_BODY}`), answer: { id: null, code: -32700 } },
  { name: 'missing Content-Length', bytes: () => Buffer.from(`Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${HOVER_BODY}`) },
  { name: 'negative Content-Length', bytes: () => Buffer.from(`Content-Length: -5\r\n\r\n${HOVER_BODY}`) },
  { name: 'absurd Content-Length (10^20)', bytes: () => Buffer.from(`Content-Length: 99999999999999999999\r\n\r\n${HOVER_BODY}`) },
  { name: 'Content-Length of 4 GB', bytes: () => Buffer.from(`Content-Length: 4294967296\r\n\r\n${HOVER_BODY}`) },
  { name: 'non-numeric Content-Length', bytes: () => Buffer.from(`Content-Length: twelve\r\n\r\n${HOVER_BODY}`) },
  { name: 'garbage glued to the next header', bytes: () => Buffer.from('hello world {"not":"framed"}') },
  { name: 'an endless header line (64 KB)', bytes: () => Buffer.from('X-Junk: ' + 'a'.repeat(64 * 1024)) },
];
