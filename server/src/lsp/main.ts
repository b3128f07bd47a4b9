/**
 * Entry point of `dist/server.js`: `node dist/server.js --stdio` (or `--node-ipc` from VS Code).
 * stdio goes through our own framing reader (bad frames are dropped, reading resynchronises);
 * both transports pass the lifecycle gate (see transport.ts). `dist/server.js` is the loader
 * (loader.ts), which runs this bundle with a V8 code cache; `--write-code-cache` writes that cache
 * (after the whole warm-up) and exits.
 */
import { format } from 'node:util';
import { createConnection, IPCMessageReader, IPCMessageWriter, ProposedFeatures, StreamMessageWriter, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import { createEngine } from '../engine/create';
import { startServer } from './server';
import { FramedStreamReader, LifecycleGate } from './transport';
import { diagnosticsEncoder } from './encode';
import { writeCodeCacheNow } from './code-cache';

process.on('uncaughtException', (e) => {
  // Never die on a bug: log it, keep serving.
  process.stderr.write(`[serverless-guard] uncaught: ${(e as Error)?.stack ?? e}\n`);
});
process.on('unhandledRejection', (e) => {
  process.stderr.write(`[serverless-guard] unhandled rejection: ${(e as Error)?.stack ?? e}\n`);
});

const log = (m: string) => void process.stderr.write(`[serverless-guard] protocol: ${m}\n`);

function transport(): [LifecycleGate, MessageWriter] | undefined {
  const argv = process.argv.slice(2);
  let reader: MessageReader;
  let writer: MessageWriter;
  if (argv.includes('--stdio')) {
    // stdout carries the protocol: nothing else may write there.
    for (const k of ['log', 'info', 'debug', 'warn', 'error', 'trace'] as const) console[k] = (...a: unknown[]) => void process.stderr.write(format(...a) + '\n');
    // The JSON of re-published diagnostics is kept, not serialised again on every keystroke (encode.ts).
    writer = new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: diagnosticsEncoder });
    reader = new FramedStreamReader(process.stdin, writer, log);
  } else if (argv.includes('--node-ipc')) {
    writer = new IPCMessageWriter(process);
    reader = new IPCMessageReader(process);
  } else return undefined; // --socket / --pipe: the library's own transports
  return [new LifecycleGate(reader, writer, log), writer];
}

void createEngine().then(({ makeEngine }) => {
  if (process.argv.includes('--write-code-cache')) {
    const file = writeCodeCacheNow((p) => makeEngine(p));
    process.stdout.write(file ? `code cache: ${file}\n` : 'code cache: not written\n');
    process.exit(file ? 0 : 1);
  }
  const t = transport();
  const connection = t ? createConnection(ProposedFeatures.all, t[0], t[1]) : createConnection(ProposedFeatures.all);
  if (t) {
    // The input ended without `exit`: leave like the library does for streams (0 after shutdown).
    t[0].onClose(() => process.exit(t[0].shutdownReceived ? 0 : 1));
  }
  if (process.env.SG_DEBUG_STATS === '1') {
    // Test-only (npm run eval:robustness): heap after a forced GC when started with --expose-gc.
    connection.onRequest('serverlessGuard/debugStats', () => {
      (globalThis as { gc?: () => void }).gc?.();
      return { ...process.memoryUsage(), gc: typeof (globalThis as { gc?: unknown }).gc === 'function' };
    });
  }
  startServer(connection, makeEngine);
});
