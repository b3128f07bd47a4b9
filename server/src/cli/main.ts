/** Entry point of `dist/cli.js` (`serverless-guard`). */
import { allRules } from '../../../rules/index';
import { createEngine } from '../engine/create';
import { runCli } from './scan';

declare const SG_VERSION: string;

async function main(): Promise<void> {
  const version = typeof SG_VERSION === 'string' ? SG_VERSION : '0.0.0-dev';
  const code = await runCliAsync(process.argv.slice(2), version);
  process.exitCode = code;
}

async function runCliAsync(argv: string[], version: string): Promise<number> {
  const { makeEngine } = await createEngine();
  return runCli(argv, {
    cwd: process.cwd(),
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    version,
    rules: allRules,
    makeEngine,
  });
}

main().catch((e) => {
  process.stderr.write(`serverless-guard: internal error: ${(e as Error)?.stack ?? e}\n`);
  process.exitCode = 2;
});
