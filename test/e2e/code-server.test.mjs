// End-to-end: the packaged extension (VSIX) in a real VS Code workbench (code-server
// 4.139.1 = VS Code 1.139.1) driven by headless Debian chromium through playwright-core.
// (a) through the real `vscode` API, via host/vscode-api-check.cjs loaded by the
//     extension's SERVERLESS_GUARD_E2E_MODULE hook; (b) from the browser: squiggles,
//     hover and the Problems panel, plus a screenshot.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { E2E_DIR, SCREENSHOT_DIR, makeTempDir, copyDir, resolveVsix, waitFor } from './lib/tools.mjs';
import { startCodeServer, openWorkbench, quickOpen, stopCodeServer } from './lib/code-server.mjs';

/** The rule the fixture's `Effect: Allow / Action: '*'` statement must trigger. */
const RULE_ID = process.env.SG_E2E_RULE || 'iam-wildcard-action';
const SOURCE = 'serverless-guard';
const FIXTURE = path.join(E2E_DIR, 'fixtures', 'workspace');
const HOST_MODULE = path.join(E2E_DIR, 'host', 'vscode-api-check.cjs');

describe('VS Code (code-server + chromium)', { timeout: 360_000 }, () => {
  let cs;
  let dir;
  let outFile;
  let failed = false;
  let apiResultPromise;
  let extensionId;
  const guard = (fn) => async (t) => {
    try { await fn(t); } catch (e) { failed = true; throw e; }
  };

  before(async () => {
    try {
      dir = makeTempDir('code-server-');
      const { vsix, manifest } = resolveVsix(dir);
      const workspace = path.join(dir, 'workspace');
      copyDir(FIXTURE, workspace);
      outFile = path.join(dir, 'api-result.json');
      cs = await startCodeServer({
        dir, vsix, workspace,
        env: {
          SERVERLESS_GUARD_E2E_MODULE: HOST_MODULE,
          SERVERLESS_GUARD_E2E_OUT: outFile,
          SG_E2E_RULE: RULE_ID,
          SG_E2E_EXTENSION_ID: (extensionId = `${manifest.publisher}.${manifest.name}`),
        },
      });
      const page = await openWorkbench(cs);
      // Opening the YAML file like a user also fires onLanguage activation.
      await quickOpen(page, 'serverless.yml');
    } catch (e) {
      failed = true;
      throw e;
    }
  });

  after(async () => {
    if (cs?.page && failed) {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await cs.page.screenshot({ path: path.join(SCREENSHOT_DIR, 'code-server-failure.png'), timeout: 10_000 }).catch(() => {});
    }
    const log = cs?.child?.logText?.() ?? '';
    await stopCodeServer(cs);
    if (failed) {
      console.error(`[e2e] code-server run kept for inspection in ${dir} (logs: ${dir}/ud/logs)\n--- code-server output (tail) ---\n${log.slice(-4000)}`);
      if (cs?.browserLog?.length) console.error(`--- browser console errors ---\n${cs.browserLog.slice(-20).join('\n')}`);
    } else if (dir && !process.env.SG_E2E_KEEP) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  /** The JSON written by host/vscode-api-check.cjs inside the extension host. */
  const apiResult = () => {
    apiResultPromise ??= waitFor(
      `${outFile} from the extension host (is the SERVERLESS_GUARD_E2E_MODULE hook in client/src/extension.ts, and did the extension activate?)`,
      () => {
        if (fs.existsSync(outFile)) return JSON.parse(fs.readFileSync(outFile, 'utf8'));
        // Fail fast (instead of waiting out the timeout) when the workbench reports that
        // activation failed; the message names the cause.
        const failure = (cs?.browserLog ?? []).find((m) => m.includes(`Activating extension '${extensionId}' failed`));
        if (failure) {
          const related = [...new Set(cs.browserLog.filter((m) => /serverless/i.test(m)).map((m) => m.split(/\s+at /)[0].slice(0, 300)))];
          throw Object.assign(new Error(related.join('\n')), { fatal: true });
        }
        return false;
      },
      { timeoutMs: 120_000, intervalMs: 250 });
    return apiResultPromise;
  };

  it('activates the extension and publishes diagnostics with rule codes (vscode API)', guard(async () => {
    const r = await apiResult();
    assert.equal(r.error, undefined, `extension-host check threw: ${r.error}`);
    assert.ok(r.extensionFound, 'extension not found by id in the extension host');
    assert.ok(r.extensionActive, 'extension did not become active');
    assert.ok(r.diagnostics.length > 0, `no diagnostics with source '${SOURCE}'; all diagnostics: ${JSON.stringify(r.allDiagnostics)}`);
    for (const d of r.diagnostics) {
      assert.equal(d.source, SOURCE);
      assert.match(d.code ?? '', /^[a-z0-9]+(-[a-z0-9]+)+$/, `diagnostic code should be a rule id: ${JSON.stringify(d)}`);
    }
    const hit = r.diagnostics.find((d) => d.code === RULE_ID);
    assert.ok(hit, `expected a '${RULE_ID}' diagnostic, got codes ${JSON.stringify(r.diagnostics.map((d) => d.code))}`);
    const actionLine = fs.readFileSync(path.join(FIXTURE, 'serverless.yml'), 'utf8').split('\n').findIndex((l) => /Action:\s*'\*'/.test(l));
    assert.ok(hit.range.start.line <= actionLine && actionLine <= hit.range.end.line,
      `'${RULE_ID}' should cover line ${actionLine + 1} (Action: '*'), got ${JSON.stringify(hit.range)}`);
  }));

  it('offers a quick fix for the finding (vscode API)', guard(async () => {
    const r = await apiResult();
    assert.ok(r.codeActions, `code actions were not collected: ${r.error ?? 'no target diagnostic'}`);
    const fixes = r.codeActions.filter((a) => a.isQuickFix);
    assert.ok(fixes.length > 0, `no quickfix code action at the '${RULE_ID}' diagnostic; got ${JSON.stringify(r.codeActions)}`);
    assert.ok(fixes.some((a) => a.hasEdit || a.hasCommand), `quick fixes do nothing: ${JSON.stringify(fixes)}`);
  }));

  it('clears the finding while typing and brings it back on undo (vscode API)', guard(async () => {
    const r = await apiResult();
    assert.equal(r.editApplied, true, `WorkspaceEdit not applied: ${r.error ?? ''}`);
    assert.doesNotMatch(r.editedLine, /'\*'/, `edit did not remove the wildcard: ${r.editedLine}`);
    assert.equal(r.ruleGoneAfterEdit, true,
      `'${RULE_ID}' still reported 20 s after removing the wildcard: ${JSON.stringify(r.diagnosticsAfterEdit)}`);
    assert.equal(r.ruleBackAfterRestore, true, `'${RULE_ID}' did not come back after restoring the wildcard`);
  }));

  it('shows squiggles, a hover and the Problems panel entry in the workbench (chromium)', guard(async () => {
    // The API check edits the document: let it finish first (its own failure is reported above).
    await apiResult().catch(() => {});
    const page = cs.page;
    const editor = page.locator('.editor-instance .monaco-editor').first();
    const squiggles = editor.locator('.squiggly-error, .squiggly-warning');
    await waitFor('squiggles in the editor', async () => (await squiggles.count()) > 0, { timeoutMs: 30_000 });

    // Hover the squiggle on the Action line: the hover must name the rule.
    const actionLine = editor.locator('.view-line', { hasText: "Action: '*'" }).first();
    const lineBox = await actionLine.boundingBox();
    let hoverText = '';
    for (let i = 0, n = await squiggles.count(); i < n && !hoverText.includes(RULE_ID); i++) {
      const box = await squiggles.nth(i).boundingBox();
      if (!box || (lineBox && Math.abs(box.y - lineBox.y) > lineBox.height)) continue;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      hoverText = await waitFor('hover', async () => {
        const t = await page.locator('.monaco-hover:visible').allInnerTexts();
        return t.join('\n').includes(RULE_ID) && t.join('\n');
      }, { timeoutMs: 8_000 }).catch(() => '');
    }
    assert.ok(hoverText.includes(RULE_ID), `hovering the squiggle on the Action line did not show '${RULE_ID}'`);
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');

    // Problems panel (Ctrl+Shift+M) lists the finding with its source and code.
    await editor.click({ position: { x: 300, y: 10 } });
    await page.keyboard.press('Control+Shift+M');
    const markers = page.locator('.markers-panel');
    await markers.waitFor({ state: 'visible', timeout: 20_000 });
    const panelText = await waitFor(`'${RULE_ID}' in the Problems panel`, async () => {
      const t = (await markers.allInnerTexts()).join('\n');
      return t.includes(RULE_ID) && t;
    }, { timeoutMs: 20_000 });
    assert.match(panelText, new RegExp(SOURCE));
    assert.match(panelText, /serverless\.yml/);

    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, process.env.SG_E2E_VSIX === 'dummy' ? 'code-server-diagnostics-dummy.png' : 'code-server-diagnostics.png') });
  }));
});
