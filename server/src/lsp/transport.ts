/**
 * Protocol hygiene below the language server: message framing for stdio and the JSON-RPC / LSP
 * lifecycle rules every message must pass before it reaches a handler.
 *
 * - `Deframer` splits a byte stream into `Content-Length` frames. vscode-jsonrpc's stream reader
 *   stops for good at the first bad header and swallows the rest of the stream into a too-long
 *   body; here a bad frame is dropped and reading resynchronises on the next `Content-Length:`
 *   header. Headers are bounded (`MAX_HEADER_BYTES`), bodies too (`MAX_BODY_BYTES`, never
 *   allocated up front), and a body is scanned as it arrives so a `Content-Length` larger than its
 *   JSON value is noticed as soon as the next message starts, not after the missing bytes.
 * - `LifecycleGate` wraps any message reader (stdio or Node IPC) and answers, without dispatching:
 *   -32600 for messages that are not JSON-RPC 2.0 requests/notifications/responses, a second
 *   `initialize` or any request after `shutdown`; -32002 for requests before `initialize`.
 *   Notifications other than `exit` are dropped before `initialize` and after `shutdown`;
 *   notifications are never answered.
 */
import type { Readable } from 'node:stream';
import { AbstractMessageReader, ErrorCodes, type DataCallback, type Disposable, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';

/** A header block longer than this is not a header (real ones are < 100 bytes). */
export const MAX_HEADER_BYTES = 8 * 1024;
/** The largest message accepted (a didOpen of a big file); a larger Content-Length is a framing error. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

type RpcId = string | number | null;

export type DeframerEvent =
  | { kind: 'message'; value: unknown }
  /** The body is not JSON: answer -32700 (id null, or the request's id when the frame was too long). */
  | { kind: 'parse-error'; id: RpcId; notification: boolean; reason: string }
  /** Bytes skipped while resynchronising on the next header. */
  | { kind: 'framing-error'; reason: string };

const CONTENT_LENGTH = Buffer.from('content-length:', 'latin1');
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');

/** Index of `content-length:` (ASCII case-insensitive) in `b` from `from`, or -1. */
function indexOfContentLength(b: Buffer, from: number): number {
  const n = CONTENT_LENGTH.length;
  outer: for (let i = from; i + n <= b.length; i++) {
    for (let j = 0; j < n; j++) {
      let c = b[i + j];
      if (c >= 0x41 && c <= 0x5a) c |= 0x20;
      if (c !== CONTENT_LENGTH[j]) continue outer;
    }
    return i;
  }
  return -1;
}

const isTokenChar = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x5f;

/** The Content-Length of a header block (without the final CRLF CRLF), or why it is not one. */
export function parseHeaderBlock(block: string, maxBody = MAX_BODY_BYTES): number | string {
  let length: number | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `malformed header line ${JSON.stringify(line.slice(0, 40))}`;
    for (let i = 0; i < colon; i++) if (!isTokenChar(line.charCodeAt(i))) return `malformed header name ${JSON.stringify(line.slice(0, 40))}`;
    if (line.slice(0, colon).toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    let digits = value.length > 0 && value.length <= 12;
    for (let i = 0; digits && i < value.length; i++) digits = value.charCodeAt(i) >= 0x30 && value.charCodeAt(i) <= 0x39;
    if (!digits) return `Content-Length ${JSON.stringify(value.slice(0, 40))} is not a non-negative integer`;
    const n = Number(value);
    if (n > maxBody) return `Content-Length ${n} exceeds the limit of ${maxBody} bytes`;
    if (length !== undefined && length !== n) return 'two different Content-Length headers';
    length = n;
  }
  return length ?? 'missing Content-Length header';
}

/** Bytes that may appear in JSON outside strings: blanks, punctuation, numbers, true/false/null. */
const JSON_OUTSIDE_STRINGS = new Uint8Array(256);
for (const ch of ' \t\r\n{}[],:"0123456789+-.eEtrufalsn') JSON_OUTSIDE_STRINGS[ch.charCodeAt(0)] = 1;

/**
 * Follows a JSON text byte by byte to find where its first value ends (strings and escapes
 * honoured; UTF-8 continuation bytes never look like ASCII). Linear, no backtracking. It also
 * notices bytes no JSON text can hold (a raw control character inside a string, a letter such as
 * the `C` of a following `Content-Length:` outside one), so a body that swallowed the next
 * message's header is given up as soon as that header arrives, not after Content-Length bytes.
 */
class ValueScanner {
  private pos = 0;
  private depth = 0;
  private started = false;
  private inString = false;
  private escape = false;
  private bare = false;
  /** Offset just after the first value, once it has ended. */
  end = -1;

  /** Feeds the next bytes; returns 'not-json', the offset of a non-blank byte after the value, or undefined. */
  feed(b: Buffer): 'not-json' | number | undefined {
    for (let i = 0; i < b.length; i++, this.pos++) {
      const c = b[i];
      const blank = c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
      if (this.end >= 0) {
        if (!blank) return this.pos;
        continue;
      }
      if (this.inString) {
        if (c < 0x20) return 'not-json';
        if (this.escape) this.escape = false;
        else if (c === 0x5c) this.escape = true;
        else if (c === 0x22) {
          this.inString = false;
          if (this.depth === 0) this.end = this.pos + 1;
        }
        continue;
      }
      if (!JSON_OUTSIDE_STRINGS[c]) return 'not-json';
      if (!this.started) {
        if (blank) continue;
        this.started = true;
        if (c === 0x7b || c === 0x5b) this.depth = 1;
        else if (c === 0x22) this.inString = true;
        // A number or true/false/null: valid JSON though not a message (answered -32600 later).
        else if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e) this.bare = true;
        else return 'not-json';
        continue;
      }
      if (this.bare) {
        if (blank) this.end = this.pos;
        continue;
      }
      if (c === 0x22) this.inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if ((c === 0x7d || c === 0x5d) && --this.depth === 0) this.end = this.pos + 1;
    }
    return undefined;
  }
}

function requestIdOf(value: unknown): { id: RpcId; notification: boolean } {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const m = value as { id?: unknown; method?: unknown };
    if (typeof m.method === 'string' && m.id === undefined) return { id: null, notification: true };
    if (typeof m.id === 'string' || typeof m.id === 'number') return { id: m.id, notification: false };
  }
  return { id: null, notification: false };
}

/** Splits a byte stream into JSON-RPC messages, dropping bad frames and resynchronising. */
export class Deframer {
  private pending: Buffer = Buffer.alloc(0);
  private searching = false;
  private bodyLength = -1;
  private chunks: Buffer[] = [];
  private received = 0;
  private scanner = new ValueScanner();

  constructor(
    private readonly emit: (e: DeframerEvent) => void,
    private readonly maxHeader = MAX_HEADER_BYTES,
    private readonly maxBody = MAX_BODY_BYTES,
  ) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length && (this.bodyLength < 0 ? this.header() : this.body()));
  }

  /** Bytes held right now (pending input and a partial body): bounded by the limits. */
  get heldBytes(): number {
    return this.pending.length + this.received;
  }

  private resync(reason: string, from: Buffer): boolean {
    this.emit({ kind: 'framing-error', reason });
    this.pending = from;
    this.searching = true;
    this.bodyLength = -1;
    return true;
  }

  private header(): boolean {
    if (this.searching) {
      const i = indexOfContentLength(this.pending, 0);
      if (i < 0) {
        // Keep only what could be the start of a split `Content-Length:`.
        this.pending = this.pending.subarray(Math.max(0, this.pending.length - (CONTENT_LENGTH.length - 1)));
        return false;
      }
      this.pending = this.pending.subarray(i);
      this.searching = false;
    }
    const end = this.pending.indexOf(HEADER_END);
    if (end < 0 ? this.pending.length > this.maxHeader : end > this.maxHeader) return this.resync(`no header end within ${this.maxHeader} bytes`, this.pending.subarray(1));
    if (end < 0) return false;
    const length = parseHeaderBlock(this.pending.subarray(0, end).toString('latin1'), this.maxBody);
    if (typeof length === 'string') return this.resync(length, this.pending.subarray(1));
    this.pending = this.pending.subarray(end + HEADER_END.length);
    if (length === 0) {
      this.emit({ kind: 'parse-error', id: null, notification: false, reason: 'empty body' });
      return true;
    }
    this.bodyLength = length;
    this.chunks = [];
    this.received = 0;
    this.scanner = new ValueScanner();
    return true;
  }

  private body(): boolean {
    const take = this.pending.subarray(0, this.bodyLength - this.received);
    this.pending = this.pending.subarray(take.length);
    const verdict = this.scanner.feed(take);
    this.chunks.push(take);
    this.received += take.length;
    if (verdict === undefined && this.received < this.bodyLength) return false;
    const all = Buffer.concat(this.chunks);
    this.chunks = [];
    this.received = 0;
    this.bodyLength = -1;
    if (verdict === 'not-json') {
      // Not JSON: answer -32700 and read on from the next header, which is where a correct
      // Content-Length would have led too (and where a wrong one went past).
      this.emit({ kind: 'parse-error', id: null, notification: false, reason: 'body is not JSON' });
      return this.resync('body is not JSON', Buffer.concat([all.subarray(1), this.pending]));
    }
    if (typeof verdict === 'number') {
      // More bytes follow the JSON value inside the declared length: the Content-Length is larger
      // than the message, and the next message has started. Drop this one, answer it if it was a
      // request, and read on from the next header.
      const valueEnd = this.scanner.end;
      let value: unknown;
      try {
        value = JSON.parse(all.subarray(0, valueEnd).toString('utf8'));
      } catch {
        value = undefined;
      }
      const { id, notification } = requestIdOf(value);
      this.emit({ kind: 'parse-error', id, notification, reason: 'Content-Length is larger than the message' });
      return this.resync('Content-Length is larger than the message', Buffer.concat([all.subarray(valueEnd), this.pending]));
    }
    let value: unknown;
    try {
      value = JSON.parse(all.toString('utf8'));
    } catch (e) {
      // A body shorter than its JSON (Content-Length too small) lands here too; its tail is then
      // skipped by the header resynchronisation.
      this.emit({ kind: 'parse-error', id: null, notification: false, reason: (e as Error).message });
      return true;
    }
    this.emit({ kind: 'message', value });
    return true;
  }
}

export interface ProtocolLog {
  (message: string): void;
}

const reply = (writer: MessageWriter, id: RpcId, code: number, message: string) =>
  void writer.write({ jsonrpc: '2.0', id, error: { code, message } } as Message).catch(() => undefined);

/** Reads framed JSON-RPC from a byte stream (stdin), answering parse errors with -32700. */
export class FramedStreamReader extends AbstractMessageReader {
  constructor(
    private readonly readable: Readable,
    private readonly writer: MessageWriter,
    private readonly log: ProtocolLog,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const deframer = new Deframer((e) => {
      if (e.kind === 'message') callback(e.value as Message);
      else if (e.kind === 'framing-error') this.log(`framing error: ${e.reason}; skipping to the next Content-Length header`);
      else {
        this.log(`parse error: ${e.reason}`);
        if (!e.notification) reply(this.writer, e.id, ErrorCodes.ParseError, `Parse error: ${e.reason}`);
      }
    });
    const onData = (d: Buffer | string) => deframer.push(typeof d === 'string' ? Buffer.from(d, 'utf8') : d);
    const onError = (err: Error) => this.fireError(err);
    const onClose = () => this.fireClose();
    this.readable.on('data', onData);
    this.readable.on('error', onError);
    this.readable.on('end', onClose);
    this.readable.on('close', onClose);
    return {
      dispose: () => {
        this.readable.off('data', onData);
        this.readable.off('error', onError);
        this.readable.off('end', onClose);
        this.readable.off('close', onClose);
      },
    };
  }
}

type Phase = 'new' | 'initialized' | 'shutdown';

/**
 * Enforces the LSP lifecycle and the JSON-RPC message shape in front of the connection, for any
 * transport. `shutdownReceived` says which exit status a closed input stream deserves.
 */
export class LifecycleGate extends AbstractMessageReader {
  private phase: Phase = 'new';

  constructor(
    private readonly inner: MessageReader,
    private readonly writer: MessageWriter,
    private readonly log: ProtocolLog,
  ) {
    super();
    inner.onError((e) => this.fireError(e));
    inner.onClose(() => this.fireClose());
    inner.onPartialMessage((i) => this.firePartialMessage(i));
  }

  get shutdownReceived(): boolean {
    return this.phase === 'shutdown';
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((m) => {
      if (this.admit(m as unknown)) callback(m);
    });
  }

  override dispose(): void {
    super.dispose();
    this.inner.dispose();
  }

  /** True to dispatch the message; otherwise it has been answered or dropped here. */
  private admit(m: unknown): boolean {
    if (!m || typeof m !== 'object' || Array.isArray(m)) {
      this.log(`invalid request: ${Array.isArray(m) ? 'batches are not supported' : 'not a JSON object'}`);
      reply(this.writer, null, ErrorCodes.InvalidRequest, Array.isArray(m) ? 'Invalid request: batches are not supported' : 'Invalid request: not a JSON object');
      return false;
    }
    const msg = m as { jsonrpc?: unknown; id?: unknown; method?: unknown; result?: unknown; error?: unknown };
    const validId = typeof msg.id === 'string' || typeof msg.id === 'number';
    // A response to one of the server's own requests.
    if (msg.method === undefined && validId && ('result' in msg || 'error' in msg)) return true;
    const isNotification = typeof msg.method === 'string' && !('id' in msg);
    if (isNotification) {
      if (msg.jsonrpc !== '2.0') return this.drop(msg.method as string, 'jsonrpc is not "2.0"');
      if (msg.method === 'exit') return true;
      if (this.phase === 'new') return this.drop(msg.method as string, 'the server is not initialized');
      if (this.phase === 'shutdown') return this.drop(msg.method as string, 'the server is shut down');
      return true;
    }
    const id: RpcId = validId ? (msg.id as string | number) : null;
    if (msg.jsonrpc !== '2.0' || typeof msg.method !== 'string' || !validId) {
      const why = msg.jsonrpc !== '2.0' ? 'jsonrpc is not "2.0"' : typeof msg.method !== 'string' ? 'no method' : 'id is not a string or number';
      this.log(`invalid request: ${why}`);
      reply(this.writer, id, ErrorCodes.InvalidRequest, `Invalid request: ${why}`);
      return false;
    }
    if (this.phase === 'new') {
      if (msg.method === 'initialize') {
        this.phase = 'initialized';
        return true;
      }
      reply(this.writer, id, ErrorCodes.ServerNotInitialized, `Server not initialized: ${msg.method} before initialize`);
      return false;
    }
    if (this.phase === 'shutdown') {
      reply(this.writer, id, ErrorCodes.InvalidRequest, `Invalid request: ${msg.method} after shutdown`);
      return false;
    }
    if (msg.method === 'initialize') {
      reply(this.writer, id, ErrorCodes.InvalidRequest, 'Invalid request: initialize was already received');
      return false;
    }
    if (msg.method === 'shutdown') this.phase = 'shutdown';
    return true;
  }

  private drop(method: string, why: string): false {
    this.log(`dropped notification ${method}: ${why}`);
    return false;
  }
}
