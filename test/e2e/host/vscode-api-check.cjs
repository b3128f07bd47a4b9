// Runs INSIDE the code-server extension host. The extension under test loads it when
// SERVERLESS_GUARD_E2E_MODULE points here and calls run(vscode, context) after
// activation. It only collects facts through the real `vscode` API and writes them
// as JSON to SERVERLESS_GUARD_E2E_OUT; the outer test (code-server.test.mjs) asserts.
//
// Sections (each records its own `error` so one failure does not hide the others):
//   diagnostics/codeActions/edit…  serverless.yml: the RULE diagnostic, its quick fixes,
//                                  cleared by a WorkspaceEdit, back after restoring
//   files                          diagnostics (code, range, covered text) of every FILES entry
//   quickFix                       a specific quick fix applied with executeCodeActionProvider +
//                                  applyEdit removes its diagnostic; the text is restored
//   completion                     secure snippets from executeCompletionItemProvider where they
//                                  belong (and none where they do not)
//   typing                         inserting an `Action: '*'` line into a SAM IAM statement:
//                                  ms from applyEdit to the iam-wildcard-action diagnostic
// Every edited document is restored to its original text and saved (nothing stays dirty).
'use strict';
const fs = require('fs');
const { performance } = require('perf_hooks');

const SOURCE = 'serverless-guard';
/** Files the outer test expects diagnostics for (workspace-relative), in opening order. */
const FILES = ['serverless.yml', 'src/handler.js', 'sam/template.yaml', 'sam/src/app.py'];
/** The finding each file must have before its diagnostics are collected. */
const FIRST_RULE = {
  'serverless.yml': process.env.SG_E2E_RULE,
  'src/handler.js': 'injection-command',
  'sam/template.yaml': 'sam-policy-template-wildcard',
  'sam/src/app.py': 'injection-sql',
};
const TYPING_RUNS = 3;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(fn, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > deadline) return v;
    await sleep(100);
  }
}

const codeOf = (d) => (d.code && typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code));
const plainRange = (r) => ({ start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } });
const plainDiag = (d) => ({ source: d.source, code: codeOf(d), severity: d.severity, message: d.message, range: plainRange(d.range) });
const labelOf = (item) => (typeof item.label === 'string' ? item.label : item.label.label);
const round = (ms) => Math.round(ms * 10) / 10;

async function run(vscode, _context) {
  const out = process.env.SERVERLESS_GUARD_E2E_OUT;
  const rule = process.env.SG_E2E_RULE;
  const extensionId = process.env.SG_E2E_EXTENSION_ID;
  const result = { ok: true, steps: [], startedAt: new Date().toISOString() };
  const t0 = performance.now();
  const step = (name, data) => result.steps.push({ name, ms: round(performance.now() - t0), ...data });
  const write = () => { if (out) fs.writeFileSync(out + '.tmp', JSON.stringify(result, null, 2)); if (out) fs.renameSync(out + '.tmp', out); };
  const errorText = (err) => String((err && err.stack) || err);

  const ours = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
  const has = (uri, code, pred = () => true) => ours(uri).some((d) => codeOf(d) === code && pred(d));
  /**
   * Resolves with the ms (from `since`) at which pred() first held, checking on every
   * diagnostics change of `uri` (not by polling), or undefined after timeoutMs.
   */
  const whenDiagnostics = (uri, pred, since, timeoutMs) => new Promise((resolve) => {
    let done = false;
    const finish = (v) => { if (done) return; done = true; sub.dispose(); clearTimeout(timer); resolve(v); };
    const check = () => { if (pred()) finish(performance.now() - since); };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => { if (e.uris.some((u) => u.toString() === uri.toString())) check(); });
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    check();
  });
  /** Replaces the whole text (restoring a document) and waits for pred(). */
  const setText = async (doc, text) => {
    const e = new vscode.WorkspaceEdit();
    e.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    if (!(await vscode.workspace.applyEdit(e))) throw new Error(`could not restore ${doc.uri.path}`);
  };

  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  const docs = {};
  try {
    // 1. Activation as seen through the API.
    const ext = vscode.extensions.getExtension(extensionId);
    result.extensionFound = !!ext;
    result.extensionActive = !!(ext && (await waitFor(() => ext.isActive, 15000)));
    step('activation', { extensionFound: result.extensionFound, extensionActive: result.extensionActive });

    // 2. Open the fixture and wait for our diagnostics.
    if (!folder) throw new Error('no workspace folder open');
    const uri = vscode.Uri.joinPath(folder.uri, 'serverless.yml');
    const doc = await vscode.workspace.openTextDocument(uri);
    docs['serverless.yml'] = doc;
    await vscode.window.showTextDocument(doc, { preview: false });
    result.languageId = doc.languageId;
    await waitFor(() => has(uri, rule), 30000);
    result.allDiagnostics = vscode.languages.getDiagnostics(uri).map(plainDiag);
    result.diagnostics = ours(uri).map(plainDiag);
    step('diagnostics', { count: result.diagnostics.length });

    // 3. Code actions (quick fixes) at the rule's diagnostic.
    const target = ours(uri).find((d) => codeOf(d) === rule);
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
      result.ruleGoneAfterEdit = !!(await waitFor(() => !has(uri, rule), 20000));
      result.diagnosticsAfterEdit = ours(uri).map(plainDiag);
      step('afterEdit', { gone: result.ruleGoneAfterEdit });

      // 5. Put the wildcard back: the finding must come back (proves the edit, not a crash, cleared it).
      await setText(doc, original);
      result.ruleBackAfterRestore = !!(await waitFor(() => has(uri, rule), 20000));
      await doc.save();
      step('afterRestore', { back: result.ruleBackAfterRestore });
    }
  } catch (err) {
    result.ok = false;
    result.error = errorText(err);
  }
  // Stop here when the basic checks failed (report fast) or for the dummy extension,
  // which only knows serverless.yml.
  if (result.error || process.env.SG_E2E_HOST_SECTIONS === 'basic') {
    result.finishedAt = new Date().toISOString();
    result.complete = true;
    write();
    return result;
  }

  // 6. Diagnostics of a serverless.yml, a SAM template and JS/Python handlers, with the
  //    exact text each range covers. Each file is shown in an editor (a tab) so it stays
  //    open and its findings stay in the Problems panel.
  result.files = {};
  try {
    if (!folder) throw new Error('no workspace folder open');
    for (const rel of FILES) {
      const uri = vscode.Uri.joinPath(folder.uri, rel);
      const doc = docs[rel] || (await vscode.workspace.openTextDocument(uri));
      docs[rel] = doc;
      await vscode.window.showTextDocument(doc, { preview: false });
      const appeared = await waitFor(() => has(uri, FIRST_RULE[rel]), 30000);
      result.files[rel] = {
        languageId: doc.languageId,
        waitedFor: FIRST_RULE[rel],
        appeared: !!appeared,
        diagnostics: ours(uri).map((d) => ({ ...plainDiag(d), text: doc.getText(d.range) })),
      };
    }
    step('files', { files: Object.keys(result.files).length });
  } catch (err) {
    result.filesError = errorText(err);
  }

  const sam = docs['sam/template.yaml'];
  const sls = docs['serverless.yml'];

  // 7. A specific quick fix (not "Ignore … here") applied through the API removes its finding.
  const QF_RULE = 'sam-policy-template-wildcard';
  result.quickFix = { rule: QF_RULE };
  if (sam) {
    const original = sam.getText();
    try {
      const target = ours(sam.uri).find((d) => codeOf(d) === QF_RULE);
      if (!target) throw new Error(`no ${QF_RULE} diagnostic in sam/template.yaml`);
      result.quickFix.diagnostic = plainDiag(target);
      const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', sam.uri, target.range)) || [];
      result.quickFix.offered = actions.map((a) => ({ title: a.title, kind: a.kind && a.kind.value, isPreferred: !!a.isPreferred, hasEdit: !!a.edit, hasCommand: !!a.command }));
      const specific = actions.filter((a) => a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind) && a.edit && !a.title.startsWith('Ignore '));
      const forRule = specific.filter((a) => (a.diagnostics || []).some((d) => codeOf(d) === QF_RULE));
      const fix = forRule.find((a) => a.isPreferred) || forRule[0] || specific[0];
      if (!fix) throw new Error(`no quick fix with an edit for ${QF_RULE}: ${JSON.stringify(result.quickFix.offered)}`);
      result.quickFix.applied = fix.title;
      const line = target.range.start.line;
      const since = performance.now();
      result.quickFix.applyResult = await vscode.workspace.applyEdit(fix.edit);
      if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments || []));
      result.quickFix.lineAfter = sam.lineAt(line).text;
      const goneMs = await whenDiagnostics(sam.uri, () => !has(sam.uri, QF_RULE), since, 10000);
      result.quickFix.gone = goneMs !== undefined;
      result.quickFix.goneMs = goneMs === undefined ? undefined : round(goneMs);
      result.quickFix.diagnosticsAfter = ours(sam.uri).map(plainDiag);
      await setText(sam, original);
      result.quickFix.backAfterRestore = !!(await waitFor(() => has(sam.uri, QF_RULE), 10000));
      step('quickFix', { gone: result.quickFix.gone });
    } catch (err) {
      result.quickFix.error = errorText(err);
    } finally {
      if (sam.getText() !== original) await setText(sam, original).catch(() => {});
    }
  }

  // 8. Completion: type `sg-` at a place and ask executeCompletionItemProvider.
  result.completion = [];
  const probeCompletion = async (name, doc, makeText, expectOffered) => {
    const entry = { name, file: vscode.workspace.asRelativePath(doc.uri), expectOffered };
    result.completion.push(entry);
    const original = doc.getText();
    try {
      const text = makeText(original);
      const offset = text.indexOf('sg-|') + 3;
      if (offset < 3) throw new Error(`${name}: no insertion point`);
      await setText(doc, text.replace('sg-|', 'sg-'));
      const pos = doc.positionAt(offset);
      entry.position = { line: pos.line, character: pos.character };
      entry.lineText = doc.lineAt(pos.line).text;
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, pos);
      const items = (list && list.items) || [];
      entry.itemCount = items.length;
      entry.snippets = items
        .filter((i) => labelOf(i).startsWith('sg-'))
        .map((i) => {
          const r = i.range && (i.range.replacing || i.range);
          const body = i.insertText && typeof i.insertText === 'object' ? i.insertText.value : i.insertText;
          return {
            label: labelOf(i),
            kind: i.kind,
            isSnippetKind: i.kind === vscode.CompletionItemKind.Snippet,
            replaces: r ? doc.getText(r) : undefined,
            body: typeof body === 'string' ? body : undefined,
            additionalEdits: (i.additionalTextEdits || []).length,
          };
        });
    } catch (err) {
      entry.error = errorText(err);
    } finally {
      await setText(doc, original).catch((e) => { entry.error = (entry.error || '') + errorText(e); });
    }
  };
  try {
    if (sls) {
      // The fixture's serverless.yml ends inside `functions:` (after createOrder's events).
      await probeCompletion('serverless.yml functions:', sls, (t) => `${t}  sg-|\n`, true);
      await probeCompletion('serverless.yml inside a function', sls, (t) => `${t}    sg-|\n`, false);
      await probeCompletion('serverless.yml root level', sls, (t) => `${t}sg-|\n`, false);
      await sls.save();
    }
    if (sam) {
      await probeCompletion('SAM Resources:', sam, (t) => t.replace(/^( {2}GetReportFunction:\n)/m, '  sg-|\n$1'), true);
      await probeCompletion('SAM Globals.Function', sam, (t) => t.replace(/^( {4}Timeout: .*\n)/m, '$1    sg-|\n'), false);
    }
    step('completion', { probes: result.completion.length });
  } catch (err) {
    result.completionError = errorText(err);
  }

  // 9. Typing a new `Action: '*'` line into the SAM template's second IAM statement
  //    (Effect + Resource, no Action yet): time from applyEdit to the diagnostic.
  result.typing = { rule: 'iam-wildcard-action', runs: [] };
  if (sam) {
    const original = sam.getText();
    try {
      const lines = original.split('\n');
      // The statement `- Effect: Allow` directly followed by `Resource:` (no Action line).
      const effect = lines.findIndex((l, i) => /^\s*- Effect: Allow\s*$/.test(l) && /^\s*Resource:/.test(lines[i + 1] || ''));
      if (effect < 0) throw new Error('no Effect/Resource statement without an Action in sam/template.yaml');
      const line = effect + 1;
      const indent = lines[line].match(/^\s*/)[0];
      const typed = `${indent}Action: '*'\n`;
      result.typing.line = line;
      result.typing.inserted = typed.trimEnd();
      const onTypedLine = (d) => d.range.start.line === line;
      for (let i = 0; i < TYPING_RUNS; i++) {
        // Start from the settled original: no wildcard-action finding in the file.
        if (!(await waitFor(() => !has(sam.uri, result.typing.rule) && has(sam.uri, QF_RULE), 10000))) {
          throw new Error(`run ${i + 1}: the template did not settle back to its original findings`);
        }
        const edit = new vscode.WorkspaceEdit();
        edit.insert(sam.uri, new vscode.Position(line, 0), typed);
        const since = performance.now();
        const applied = await vscode.workspace.applyEdit(edit);
        const applyMs = performance.now() - since;
        const ms = await whenDiagnostics(sam.uri, () => has(sam.uri, result.typing.rule, onTypedLine), since, 10000);
        const hit = ours(sam.uri).find((d) => codeOf(d) === result.typing.rule && onTypedLine(d));
        result.typing.runs.push({
          applied,
          applyMs: round(applyMs),
          ms: ms === undefined ? undefined : round(ms),
          diagnostic: hit ? { ...plainDiag(hit), text: sam.getText(hit.range) } : undefined,
        });
        // Delete the typed line again.
        const del = new vscode.WorkspaceEdit();
        del.delete(sam.uri, new vscode.Range(line, 0, line + 1, 0));
        await vscode.workspace.applyEdit(del);
        result.typing.goneAfterDelete = !!(await waitFor(() => !has(sam.uri, result.typing.rule), 10000));
      }
      step('typing', { ms: result.typing.runs.map((r) => r.ms) });
    } catch (err) {
      result.typing.error = errorText(err);
    } finally {
      if (sam.getText() !== original) await setText(sam, original).catch(() => {});
      await sam.save().catch(() => {});
    }
  }

  // Leave the workbench as the browser part expects: every fixture file open and saved,
  // serverless.yml in front.
  try {
    for (const d of Object.values(docs)) if (d.isDirty) await d.save();
    if (sls) await vscode.window.showTextDocument(sls, { preview: false });
  } catch (err) {
    result.finalError = errorText(err);
  }
  result.finishedAt = new Date().toISOString();
  result.complete = true;
  write();
  return result;
}

module.exports = { run };
