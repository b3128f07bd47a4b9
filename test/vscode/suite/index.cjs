// Runs inside the VS Code extension host started by test/vscode/run.mjs (`npm run test:vscode`).
// Plain CommonJS, no test framework: run() resolves when every check passes and throws otherwise,
// which makes VS Code exit non-zero.
'use strict';

const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

const SOURCE = 'serverless-guard';
const RULE = 'iam-wildcard-action';
const codeOf = (d) => (d.code !== null && typeof d.code === 'object' ? String(d.code.value) : String(d.code));

function waitForDiagnostics(uri, timeoutMs) {
  const matching = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE && codeOf(d) === RULE);
  return new Promise((resolve, reject) => {
    const now = matching();
    if (now.length) return resolve(now);
    const timer = setTimeout(() => {
      sub.dispose();
      const seen = vscode.languages.getDiagnostics(uri).map((d) => `${d.source}/${codeOf(d)}`);
      reject(new Error(`no ${SOURCE}/${RULE} diagnostic on ${uri.fsPath} after ${timeoutMs} ms (seen: ${seen.join(', ') || 'none'})`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const found = matching();
      if (!found.length) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(found);
    });
  });
}

async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    console.log(`ok - ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    console.error(`not ok - ${name}\n${e && e.stack ? e.stack : e}`);
    throw e;
  }
}

async function run() {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'no workspace folder is open (launchArgs must name the fixture workspace)');
  const uri = vscode.Uri.file(path.join(folder.uri.fsPath, 'serverless.yml'));
  let diagnostics = [];

  await check('the extension is present and activates', async () => {
    const ext = vscode.extensions.getExtension('serverless-guard.serverless-guard');
    assert.ok(ext, 'extension serverless-guard.serverless-guard is not loaded');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  await check(`serverless.yml gets a ${SOURCE} ${RULE} diagnostic`, async () => {
    diagnostics = await waitForDiagnostics(uri, 30_000);
    const d = diagnostics[0];
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.getText(d.range), "'*'", `diagnostic range covers ${JSON.stringify(doc.getText(d.range))}`);
  });

  await check(`a quick fix is offered for ${RULE}`, async () => {
    const actions = await vscode.commands.executeCommand(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostics[0].range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = (actions || []).map((a) => a.title);
    const fixes = (actions || []).filter((a) => a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind) && a.title.includes(RULE));
    assert.ok(fixes.length > 0, `no quick fix for ${RULE}; code actions offered: ${JSON.stringify(titles)}`);
  });
}

module.exports = { run };
