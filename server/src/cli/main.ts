/**
 * Entry point of `dist/cli.js` (`serverless-guard`). The same script is the scan worker: started as
 * a worker thread (with `workerData.sgScanWorker`), it runs scan tasks instead of the command line.
 */
import * as os from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { allRules } from '../../../rules/index';
import { createEngine } from '../engine/create';
import type { EngineFactory } from './analyze';
import { runScanWorker, type WorkerInit } from './pool';
import { runCli } from './scan';

declare const SG_VERSION: string;

let factory: Promise<EngineFactory> | undefined;
/** Grammars and catalogue are loaded only where analyses run (not in the coordinating thread of a parallel scan). */
const makeEngine = () => (factory ??= createEngine().then((r) => r.makeEngine));

async function main(): Promise<void> {
  // A reader that goes away (`| head`) ends the scan quietly: there is nobody left to report to.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(2);
    throw e;
  });
  const version = typeof SG_VERSION === 'string' ? SG_VERSION : '0.0.0-dev';
  process.exitCode = await runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stderrIsTTY: process.stderr.isTTY === true,
    version,
    rules: allRules,
    makeEngine,
    workerFile: __filename,
    parallelism: os.availableParallelism?.() ?? os.cpus().length,
  });
}

if (!isMainThread && parentPort && (workerData as WorkerInit | undefined)?.sgScanWorker) {
  const port = parentPort;
  runScanWorker(port, workerData as WorkerInit, makeEngine).catch((e) => {
    process.stderr.write(`serverless-guard: worker failed to start: ${(e as Error)?.stack ?? e}\n`);
    process.exit(70);
  });
} else {
  main().catch((e) => {
    process.stderr.write(`serverless-guard: internal error: ${(e as Error)?.stack ?? e}\n`);
    process.exitCode = 2;
  });
}
