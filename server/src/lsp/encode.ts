/**
 * The JSON of outgoing messages on stdio: byte for byte what vscode-jsonrpc writes
 * (`JSON.stringify(message)`), except that a `publishDiagnostics` keeps the JSON of each diagnostic
 * object it has sent. A keystroke in a big config re-publishes ~1,000 diagnostics of which nearly
 * all are the same objects as in the last publish (lsp/diagnostics.ts re-uses them), so only the new
 * ones are serialised and the message is assembled from the kept pieces.
 *
 * Diagnostic objects are never changed after they are published (the converter re-uses them as
 * they are); the JSON of one is kept as long as the object lives (a WeakMap).
 */
import type { ContentTypeEncoder, ContentTypeEncoderOptions, Message } from 'vscode-languageserver/node';

const kept = new WeakMap<object, string>();
/** A string no message holds: where the diagnostics array goes in the message's own JSON. */
const HOLE = '\u0000serverless-guard:diagnostics\u0000';
const HOLE_JSON = JSON.stringify(HOLE);
/** Below this many diagnostics the plain serialisation is as fast. */
const MIN_DIAGNOSTICS = 32;

export interface EncodeStats {
  /** Diagnostics serialised (not taken from what was kept). */
  serialised: number;
  /** Diagnostics whose kept JSON was used. */
  kept: number;
}

export const encodeStats: EncodeStats = { serialised: 0, kept: 0 };

/** `JSON.stringify(message)`, assembled from kept pieces for a big publishDiagnostics. */
export function encodeMessage(message: unknown): string {
  const m = message as { method?: unknown; params?: { diagnostics?: unknown } } | null;
  const params = m && typeof m === 'object' && m.method === 'textDocument/publishDiagnostics' ? m.params : undefined;
  const list = params && typeof params === 'object' && Array.isArray(params.diagnostics) ? (params.diagnostics as unknown[]) : undefined;
  if (!list || list.length < MIN_DIAGNOSTICS || hasToJSON(m) || hasToJSON(params)) return JSON.stringify(message);
  const shell = JSON.stringify({ ...m, params: { ...params, diagnostics: HOLE } });
  const at = shell.indexOf(HOLE_JSON);
  if (at < 0 || shell.indexOf(HOLE_JSON, at + 1) >= 0) return JSON.stringify(message);
  const parts = new Array<string>(list.length);
  let serialised = 0;
  for (let i = 0; i < list.length; i++) {
    const d = list[i];
    // Only plain objects are kept (anything else is serialised as the library would, or not at all).
    if (!d || typeof d !== 'object' || Array.isArray(d) || hasToJSON(d)) return JSON.stringify(message);
    let json = kept.get(d);
    if (json === undefined) {
      json = JSON.stringify(d);
      kept.set(d, json);
      serialised++;
    }
    parts[i] = json;
  }
  encodeStats.serialised += serialised;
  encodeStats.kept += list.length - serialised;
  return `${shell.slice(0, at)}[${parts.join(',')}]${shell.slice(at + HOLE_JSON.length)}`;
}

function hasToJSON(o: unknown): boolean {
  return !!o && typeof (o as { toJSON?: unknown }).toJSON === 'function';
}

/** The message writer's content encoder (application/json, the writer's charset). */
export const diagnosticsEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode(message: Message, options: ContentTypeEncoderOptions): Promise<Uint8Array> {
    try {
      return Promise.resolve(Buffer.from(encodeMessage(message), options.charset));
    } catch (err) {
      return Promise.reject(err);
    }
  },
};
