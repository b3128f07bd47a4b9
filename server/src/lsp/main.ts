/** Entry point of `dist/server.js`: `node dist/server.js --stdio` (or Node IPC from VS Code). */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createEngine } from '../engine/create';
import { startServer } from './server';

process.on('uncaughtException', (e) => {
  // Never die on a bug: log it, keep serving.
  process.stderr.write(`[serverless-guard] uncaught: ${(e as Error)?.stack ?? e}\n`);
});
process.on('unhandledRejection', (e) => {
  process.stderr.write(`[serverless-guard] unhandled rejection: ${(e as Error)?.stack ?? e}\n`);
});

void createEngine().then(({ makeEngine }) => {
  const connection = createConnection(ProposedFeatures.all);
  startServer(connection, makeEngine);
});
