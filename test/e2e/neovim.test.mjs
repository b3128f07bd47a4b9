// End-to-end: the language server (dist/server.js --stdio) under a foreign LSP client,
// Debian's Neovim 0.7.2 (vim.lsp.start_client), headless.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { E2E_DIR, ROOT, NVIM, makeTempDir, copyDir, requireTool, run } from './lib/tools.mjs';

/** The rule the fixture's `Effect: Allow / Action: '*'` statement must trigger. */
const RULE_ID = process.env.SG_E2E_RULE || 'iam-wildcard-action';
const SERVER = path.resolve(ROOT, process.env.SG_E2E_SERVER || 'dist/server.js');
const FIXTURE = path.join(E2E_DIR, 'fixtures', 'workspace');

describe('Neovim 0.7 (headless, vim.lsp.start_client)', { timeout: 180_000 }, () => {
  let dir;
  let r;
  let nvimRun;

  before(async () => {
    requireTool(NVIM, 'nvim');
    requireTool(SERVER, 'language server bundle (npm run build)');
    dir = makeTempDir('nvim-');
    const workspace = path.join(dir, 'workspace');
    copyDir(FIXTURE, workspace);
    const out = path.join(dir, 'result.json');
    nvimRun = await run(NVIM, ['--headless', '--clean', '-u', 'NONE', '-i', 'NONE', '-n',
      '-c', `luafile ${path.join(E2E_DIR, 'nvim', 'lsp-check.lua')}`], {
      cwd: workspace,
      timeoutMs: 120_000,
      env: {
        ...process.env,
        HOME: dir, // keep nvim's state/log files out of the real home
        XDG_STATE_HOME: path.join(dir, 'state'),
        XDG_CACHE_HOME: path.join(dir, 'cache'),
        XDG_DATA_HOME: path.join(dir, 'data'),
        XDG_CONFIG_HOME: path.join(dir, 'config'),
        SG_E2E_OUT: out,
        SG_E2E_NODE: process.execPath,
        SG_E2E_SERVER: SERVER,
        SG_E2E_FILE: path.join(workspace, 'serverless.yml'),
        SG_E2E_ROOT: workspace,
        SG_E2E_RULE: RULE_ID,
      },
    });
    assert.ok(fs.existsSync(out),
      `nvim wrote no result (exit ${nvimRun.code})\nstdout:\n${nvimRun.stdout}\nstderr:\n${nvimRun.stderr}`);
    r = JSON.parse(fs.readFileSync(out, 'utf8'));
  });

  after(() => {
    const lspLog = dir && ['state', 'cache'].map((d) => path.join(dir, d, 'nvim', 'lsp.log')).find((f) => fs.existsSync(f));
    if (r && !r.error && r.gotRule && process.env.SG_E2E_KEEP === undefined) fs.rmSync(dir, { recursive: true, force: true });
    else if (dir) console.error(`[e2e] neovim run kept in ${dir}${lspLog ? ` (LSP log: ${lspLog})` : ''}`);
  });

  it('publishes a diagnostic with the rule code', () => {
    assert.equal(r.error, undefined, `lua error: ${r.error}`);
    assert.ok(r.initialized, 'the server never finished initialize');
    assert.ok(r.gotRule, `no '${RULE_ID}' diagnostic within the wait; got ${JSON.stringify(r.diagnostics)}`);
    const d = r.diagnostics.find((x) => String(x.code) === RULE_ID);
    assert.equal(d.source, 'serverless-guard');
    assert.equal(d.range.start.line, 12, `'${RULE_ID}' should be on line 13 (Action: '*'): ${JSON.stringify(d.range)}`);
    // Neovim's own diagnostic store has it too (what the user sees as signs/virtual text).
    assert.ok(r.vimDiagnostics.some((v) => String(v.code) === RULE_ID || v.message === d.message),
      `vim.diagnostic.get() does not show it: ${JSON.stringify(r.vimDiagnostics)}`);
  });

  it('offers a quick fix at the finding (textDocument/codeAction)', () => {
    assert.equal(r.codeActionError, undefined, `codeAction request failed: ${r.codeActionError}`);
    assert.ok(Array.isArray(r.codeActions), 'no code action response');
    const fixes = r.codeActions.filter((a) => a.kind === 'quickfix' || String(a.kind).startsWith('quickfix.'));
    assert.ok(fixes.length > 0, `no quickfix offered; got ${JSON.stringify(r.codeActions)}`);
    assert.ok(fixes.some((a) => a.hasEdit || a.hasCommand), `quick fixes do nothing: ${JSON.stringify(fixes)}`);
  });

  it('clears the finding after an incremental edit and restores it on undo', () => {
    assert.ok(r.editedLine && !r.editedLine.includes("'*'"), `edit did not happen: ${r.editedLine}`);
    assert.ok(r.goneAfterEdit, `'${RULE_ID}' still reported after the edit: ${JSON.stringify(r.diagnosticsAfterEdit)}`);
    assert.ok(r.backAfterUndo, `'${RULE_ID}' did not come back after undo`);
  });

  it('the server exits cleanly on shutdown', () => {
    assert.ok(r.serverExit, 'server did not exit after vim.lsp.stop_client');
    assert.equal(r.serverExit.code, 0, `server exit: ${JSON.stringify(r.serverExit)}`);
  });
});
