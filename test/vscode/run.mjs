#!/usr/bin/env node
// `npm run test:vscode`: the extension in a real VS Code desktop (Electron) through
// @vscode/test-electron. Downloads VS Code first (cached in node_modules/.cache/vscode-test), then
// builds dist/, copies test/vscode/fixtures/workspace to a temp dir and runs
// test/vscode/suite/index.cjs in the extension host, with a private user-data and extensions dir.
// Not part of `npm test` or .ci/run: VS Code cannot be downloaded everywhere (it cannot on the
// team's build machine); `npm run test:e2e` runs the real-editor tests through code-server.
//
// Env: SG_VSCODE_VERSION=stable|insiders|1.91.0…   VS Code to test (default: stable)
//      SG_VSCODE_PATH=/path/to/code                 use this VS Code executable, download nothing
//      SG_VSCODE_NO_BUILD=1                         use dist/ as it is
// On Linux without a display, run it under xvfb-run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const { downloadAndUnzipVSCode, runTests } = require('@vscode/test-electron');

const version = process.env.SG_VSCODE_VERSION || 'stable';
let executable = process.env.SG_VSCODE_PATH;
if (!executable) {
  try {
    executable = await downloadAndUnzipVSCode({
      version,
      cachePath: path.join(root, 'node_modules', '.cache', 'vscode-test'),
      timeout: 30_000,
    });
  } catch (e) {
    console.error(`could not download VS Code: ${e instanceof Error ? e.message : String(e)}; use npm run test:e2e for the code-server run`);
    process.exit(1);
  }
}

if (!process.env.SG_VSCODE_NO_BUILD) {
  const b = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) {
    console.error(`build failed (${b.error ? b.error.message : `exit ${b.status}`})`);
    process.exit(1);
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-vscode-'));
const workspace = path.join(tmp, 'workspace');
fs.cpSync(path.join(here, 'fixtures', 'workspace'), workspace, { recursive: true });
let code = 1;
try {
  code = await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(here, 'suite', 'index.cjs'),
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      `--user-data-dir=${path.join(tmp, 'user-data')}`,
      `--extensions-dir=${path.join(tmp, 'extensions')}`,
    ],
  });
} catch (e) {
  console.error(`VS Code tests failed: ${e instanceof Error ? e.message : String(e)}`);
  code = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(code === 0 ? 0 : 1);
