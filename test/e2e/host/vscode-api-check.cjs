// Runs INSIDE the code-server extension host. The extension under test loads it when
// SERVERLESS_GUARD_E2E_MODULE points here and calls run(vscode, context) after
// activation. It only collects facts through the real `vscode` API and writes them
// as JSON to SERVERLESS_GUARD_E2E_OUT; the outer test (code-server.test.mjs) asserts.
'use strict';
const fs = require('fs');

const SOURCE = 'serverless-guard';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(fn, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > deadline) return v;
    await sleep(200);
  }
}

const codeOf = (d) => (d.code && typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code));
const plainRange = (r) => ({ start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } });
const plainDiag = (d) => ({ source: d.source, code: codeOf(d), severity: d.severity, message: d.message, range: plainRange(d.range) });

async function run(vscode, _context) {
  const out = process.env.SERVERLESS_GUARD_E2E_OUT;
  const rule = process.env.SG_E2E_RULE;
  const extensionId = process.env.SG_E2E_EXTENSION_ID;
  const result = { ok: true, steps: [], startedAt: new Date().toISOString() };
  const step = (name, data) => result.steps.push({ name, t: Date.now(), ...data });
  const write = () => { if (out) fs.writeFileSync(out + '.tmp', JSON.stringify(result, null, 2)); if (out) fs.renameSync(out + '.tmp', out); };
  try {
    // 1. Activation as seen through the API.
    const ext = vscode.extensions.getExtension(extensionId);
    result.extensionFound = !!ext;
    result.extensionActive = !!(ext && (await waitFor(() => ext.isActive, 15000)));
    step('activation', { extensionFound: result.extensionFound, extensionActive: result.extensionActive });

    // 2. Open the fixture and wait for our diagnostics.
    const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
    if (!folder) throw new Error('no workspace folder open');
    const uri = vscode.Uri.joinPath(folder.uri, 'serverless.yml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    result.languageId = doc.languageId;
    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
    await waitFor(() => ours().some((d) => codeOf(d) === rule), 30000);
    result.allDiagnostics = vscode.languages.getDiagnostics(uri).map(plainDiag);
    result.diagnostics = ours().map(plainDiag);
    step('diagnostics', { count: result.diagnostics.length });

    // 3. Code actions (quick fixes) at the rule's diagnostic.
    const target = ours().find((d) => codeOf(d) === rule);
    if (target) {
      const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, target.range)) || [];
      result.codeActions = actions.map((a) => ({
        title: a.title,
        kind: a.kind ? a.kind.value : undefined,
        isQuickFix: !!(a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind)),
        diagnosticCodes: (a.diagnostics || []).map(codeOf),
        hasEdit: !!a.edit,
        hasCommand: !!a.command,
      }));
      step('codeActions', { count: result.codeActions.length });

      // 4. "Type": replace the wildcard Action with a concrete one, unsaved, like a user would.
      const original = doc.getText();
      // The diagnostic may cover just the '*', the Action line or the whole statement:
      // prefer an `Action: '*'` line inside its range, else the first '*' in the range.
      let lineNo = -1;
      let col = -1;
      let len = 0;
      for (const re of [/(\bAction\s*:\s*)((['"]?)\*\3)/, /()((['"]?)\*\3)/]) {
        for (let l = target.range.start.line; l <= Math.min(target.range.end.line, doc.lineCount - 1) && lineNo < 0; l++) {
          const m = re.exec(doc.lineAt(l).text);
          if (m) { lineNo = l; col = m.index + m[1].length; len = m[2].length; }
        }
        if (lineNo >= 0) break;
      }
      if (lineNo < 0) throw new Error(`no '*' inside the diagnostic range ${JSON.stringify(plainRange(target.range))}`);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(lineNo, col, lineNo, col + len), "'s3:GetObject'");
      result.editApplied = await vscode.workspace.applyEdit(edit);
      result.editedLine = doc.lineAt(lineNo).text;
      result.ruleGoneAfterEdit = !!(await waitFor(() => !ours().some((d) => codeOf(d) === rule), 20000));
      result.diagnosticsAfterEdit = ours().map(plainDiag);
      step('afterEdit', { gone: result.ruleGoneAfterEdit });

      // 5. Put the wildcard back: the finding must come back (proves the edit, not a crash, cleared it).
      const restore = new vscode.WorkspaceEdit();
      restore.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
      await vscode.workspace.applyEdit(restore);
      result.ruleBackAfterRestore = !!(await waitFor(() => ours().some((d) => codeOf(d) === rule), 20000));
      await doc.save();
      step('afterRestore', { back: result.ruleBackAfterRestore });
    }
  } catch (err) {
    result.ok = false;
    result.error = String((err && err.stack) || err);
  }
  result.finishedAt = new Date().toISOString();
  write();
  return result;
}

module.exports = { run };
