// End-to-end: the packaged extension (VSIX) in a real VS Code workbench (code-server
// 4.139.1 = VS Code 1.139.1) driven by headless Debian chromium through playwright-core.
// (a) through the real `vscode` API, via host/vscode-api-check.cjs loaded by the
//     extension's SERVERLESS_GUARD_E2E_MODULE hook: diagnostics (rule ids, exact ranges)
//     in serverless.yml, a SAM template and JS/Python handlers, quick fixes, secure
//     snippet completion, keystroke-to-diagnostic time; (b) from the browser: squiggles,
//     hover, the quick-fix menu (Ctrl+.) and the Problems panel, with screenshots
//     (SG_E2E_DOCS_SCREENSHOTS=1 also refreshes docs/screenshots/).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { E2E_DIR, ROOT, SCREENSHOT_DIR, makeTempDir, copyDir, resolveVsix, waitFor } from './lib/tools.mjs';
import { startCodeServer, openWorkbench, quickOpen, stopCodeServer } from './lib/code-server.mjs';

/** The rule the fixture's `Effect: Allow / Action: '*'` statement must trigger. */
const RULE_ID = process.env.SG_E2E_RULE || 'iam-wildcard-action';
const SOURCE = 'serverless-guard';
const FIXTURE = path.join(E2E_DIR, 'fixtures', 'workspace');
const HOST_MODULE = path.join(E2E_DIR, 'host', 'vscode-api-check.cjs');
const DUMMY = process.env.SG_E2E_VSIX === 'dummy';
/** Tests that need the real extension (the dummy only knows serverless.yml wildcards). */
const REAL = { skip: DUMMY && 'the dummy extension only reports serverless.yml wildcards' };
/** Keystroke (applyEdit) to diagnostic budget for a typed `Action: '*'`. */
const TYPING_BUDGET_MS = 1000;
const DOCS_SCREENSHOTS = path.join(ROOT, 'docs', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };

const fixtureText = (rel) => fs.readFileSync(path.join(FIXTURE, rel), 'utf8');
/** 0-based index and text of the first fixture line matching re. */
function fixtureLine(rel, re) {
  const lines = fixtureText(rel).split('\n');
  const line = lines.findIndex((l) => re.test(l));
  assert.ok(line >= 0, `fixture ${rel} has no line matching ${re}`);
  return { line, text: lines[line] };
}

/**
 * Findings the fixture must produce, each with the exact text its range covers
 * (cross-checked with `node dist/cli.js scan --format json test/e2e/fixtures/workspace`).
 * severity: vscode.DiagnosticSeverity (0 error, 1 warning, 2 information).
 */
const EXPECTED = [
  { file: 'serverless.yml', rule: RULE_ID, line: /Action:\s*'\*'/, covers: () => "'*'", severity: 0 },
  { file: 'serverless.yml', rule: 'api-endpoint-no-authorizer', line: /- httpApi:/, covers: () => 'httpApi', severity: 1 },
  { file: 'src/handler.js', rule: 'injection-command', line: /\bexec\(/, covers: (l) => l.trim().replace(/;$/, ''), severity: 0 },
  { file: 'sam/template.yaml', rule: 'sam-policy-template-wildcard', line: /TableName: '\*'/, covers: () => "'*'", severity: 1 },
  // a GET whose handler only reads (here: queries a database with pymysql) is info, naming the driver:
  // public by design as often as not
  { file: 'sam/template.yaml', rule: 'api-endpoint-no-authorizer', line: /^\s+GetReport:/, covers: () => 'GetReport', severity: 2 },
  { file: 'sam/src/app.py', rule: 'injection-sql', line: /cur\.execute\(/, covers: (l) => l.trim(), severity: 0 },
];

/** Saves a screenshot under test/e2e/screenshots/ (and docs/screenshots/ when asked). */
async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `code-server-${name}${DUMMY ? '-dummy' : ''}.png`);
  await page.screenshot({ path: file });
  if (process.env.SG_E2E_DOCS_SCREENSHOTS === '1' && !DUMMY) {
    fs.mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    fs.copyFileSync(file, path.join(DOCS_SCREENSHOTS, `${name}.png`));
  }
  return file;
}

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
          ...(DUMMY ? { SG_E2E_HOST_SECTIONS: 'basic' } : {}),
        },
      });
      const page = await openWorkbench(cs, VIEWPORT);
      // The extension host check opens and edits serverless.yml through the API as soon as the
      // extension activates (workspaceContains): let it finish before the browser types anything,
      // or keystrokes meant for Quick Open can land in that editor (seen: a dirty serverless.yml).
      await apiResult().catch(() => {});
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
        if (fs.existsSync(outFile)) {
          const r = JSON.parse(fs.readFileSync(outFile, 'utf8'));
          if (r.complete || r.error) return r;
        }
        // Fail fast (instead of waiting out the timeout) when the workbench reports that
        // activation failed; the message names the cause.
        const failure = (cs?.browserLog ?? []).find((m) => m.includes(`Activating extension '${extensionId}' failed`));
        if (failure) {
          const related = [...new Set(cs.browserLog.filter((m) => /serverless/i.test(m)).map((m) => m.split(/\s+at /)[0].slice(0, 300)))];
          throw Object.assign(new Error(related.join('\n')), { fatal: true });
        }
        return false;
      },
      { timeoutMs: 150_000, intervalMs: 250 });
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

  it('reports rule ids and exact ranges in serverless.yml, a SAM template and JS/Python handlers (vscode API)', REAL, guard(async () => {
    const r = await apiResult();
    assert.equal(r.filesError, undefined, `collecting the files' diagnostics threw: ${r.filesError}`);
    for (const e of EXPECTED) {
      const f = r.files?.[e.file];
      assert.ok(f, `no diagnostics collected for ${e.file}`);
      const { line, text } = fixtureLine(e.file, e.line);
      const want = e.covers(text);
      const got = f.diagnostics.filter((d) => d.code === e.rule);
      const hit = got.find((d) => d.range.start.line === line);
      assert.ok(hit, `${e.file}: expected '${e.rule}' on line ${line + 1} (${text.trim()}); got ${JSON.stringify(f.diagnostics.map((d) => [d.code, d.range.start.line + 1, d.text]))}`);
      assert.equal(hit.source, SOURCE);
      assert.equal(hit.range.end.line, line, `${e.file} '${e.rule}' should stay on one line: ${JSON.stringify(hit.range)}`);
      assert.equal(hit.text, want, `${e.file} '${e.rule}' covers ${JSON.stringify(hit.text)}, expected ${JSON.stringify(want)}`);
      assert.equal(hit.range.start.character, text.indexOf(want), `${e.file} '${e.rule}' start column`);
      assert.equal(hit.severity, e.severity, `${e.file} '${e.rule}' severity`);
    }
    assert.equal(r.files['src/handler.js'].languageId, 'javascript');
    assert.equal(r.files['sam/src/app.py'].languageId, 'python');
  }));

  it('a quick fix applied via executeCodeActionProvider + applyEdit removes its diagnostic (vscode API)', REAL, guard(async (t) => {
    const q = (await apiResult()).quickFix;
    assert.equal(q.error, undefined, `quick-fix check threw: ${q.error}`);
    assert.ok(q.offered.some((a) => a.title.startsWith(`Ignore ${q.rule} here`)), `no "Ignore ${q.rule} here…" action: ${JSON.stringify(q.offered)}`);
    assert.match(q.applied, /^Scope DynamoDBCrudPolicy to ReportsTable/, `applied ${q.applied}`);
    assert.equal(q.applyResult, true, 'workspace.applyEdit returned false');
    assert.match(q.lineAfter, /TableName: !Ref ReportsTable\s*$/, `the fix wrote: ${q.lineAfter}`);
    assert.ok(q.gone, `'${q.rule}' still reported 10 s after the fix: ${JSON.stringify(q.diagnosticsAfter)}`);
    assert.ok(!q.diagnosticsAfter.some((d) => d.code === q.rule));
    assert.ok(q.backAfterRestore, `'${q.rule}' did not come back when the original text was restored`);
    t.diagnostic(`"${q.applied}": diagnostic gone ${q.goneMs} ms after applyEdit`);
  }));

  it('offers secure snippets where they belong and not elsewhere (executeCompletionItemProvider)', REAL, guard(async () => {
    const probes = (await apiResult()).completion;
    assert.equal(probes.length, 5, `completion probes: ${JSON.stringify(probes)}`);
    for (const p of probes) {
      assert.equal(p.error, undefined, `${p.name}: ${p.error}`);
      const labels = p.snippets.map((s) => s.label).sort();
      if (!p.expectOffered) {
        assert.deepEqual(labels, [], `${p.name} (${p.file}:${p.position.line + 1} '${p.lineText}') must offer no sg- snippet`);
        continue;
      }
      for (const want of ['sg-function-http-api', 'sg-function-rest-api', 'sg-function-sqs', 'sg-function-url']) {
        assert.ok(labels.includes(want), `${p.name}: '${want}' not offered; got ${JSON.stringify(labels)} of ${p.itemCount} items`);
      }
      for (const s of p.snippets) {
        assert.ok(s.isSnippetKind, `${p.name}: ${s.label} is not a Snippet item (kind ${s.kind})`);
        assert.equal(s.replaces, 'sg-', `${p.name}: ${s.label} should replace the typed prefix, replaces ${JSON.stringify(s.replaces)}`);
      }
      const http = p.snippets.find((s) => s.label === 'sg-function-http-api');
      assert.match(http.body, /authorizer/i, `${p.name}: the HTTP API snippet has no authorizer:\n${http.body}`);
      assert.doesNotMatch(http.body, /['"]\*['"]/, `${p.name}: the HTTP API snippet contains a wildcard:\n${http.body}`);
    }
    assert.ok(probes.some((p) => p.file.endsWith('template.yaml') && p.expectOffered && p.snippets.some((s) => s.label === 'sg-rest-api-cognito')),
      'SAM Resources: the API snippets are missing');
  }));

  it(`a typed "Action: '*'" line is reported within ${TYPING_BUDGET_MS} ms (vscode API)`, REAL, guard(async (t) => {
    const ty = (await apiResult()).typing;
    assert.equal(ty.error, undefined, `typing check threw: ${ty.error}`);
    assert.ok(ty.runs.length >= 1, 'no typing run');
    const { line } = fixtureLine('sam/template.yaml', /^\s*Resource: !GetAtt ReportsTable\.Arn/);
    assert.equal(ty.line, line, 'the Action line goes into the Effect/Resource statement');
    for (const [i, run] of ty.runs.entries()) {
      assert.equal(run.applied, true, `run ${i + 1}: applyEdit failed`);
      assert.ok(run.ms !== undefined, `run ${i + 1}: no '${ty.rule}' on the typed line within 10 s`);
      assert.equal(run.diagnostic.text, "'*'", `run ${i + 1}: range covers ${JSON.stringify(run.diagnostic.text)}`);
      assert.ok(run.ms < TYPING_BUDGET_MS, `run ${i + 1}: '${ty.rule}' took ${run.ms} ms after applyEdit (budget ${TYPING_BUDGET_MS} ms)`);
    }
    assert.ok(ty.goneAfterDelete, `'${ty.rule}' stayed after the typed line was deleted`);
    t.diagnostic(`"${ty.inserted.trim()}" -> ${ty.rule}: ${ty.runs.map((x) => `${x.ms} ms`).join(', ')} after applyEdit (applyEdit itself ${ty.runs.map((x) => `${x.applyMs} ms`).join(', ')})`);
  }));

  it('shows squiggles and a hover naming the rule in the editor (chromium)', guard(async () => {
    // The API check edits the documents: let it finish first (its own failure is reported above).
    await apiResult().catch(() => {});
    const page = cs.page;
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await page.locator('.tab.active', { hasText: 'serverless.yml' }).waitFor({ timeout: 20_000 });
    const squiggles = editor.locator('.squiggly-error, .squiggly-warning');
    await editor.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: 30_000 });

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
    await page.locator('.monaco-hover:visible').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});

    // For the screenshot: the hover of the unauthenticated route (shown below its line,
    // editor.hover.above is off in the test profile), with the Action '*' squiggle above it.
    if (!DUMMY) {
      const routeLine = await editor.locator('.view-line', { hasText: 'httpApi' }).first().boundingBox();
      for (let i = 0, n = await squiggles.count(); i < n; i++) {
        const box = await squiggles.nth(i).boundingBox();
        if (!box || !routeLine || Math.abs(box.y - routeLine.y) > routeLine.height) continue;
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await waitFor('the hover of the route', async () =>
          (await page.locator('.monaco-hover:visible').allInnerTexts()).join('\n').includes('api-endpoint-no-authorizer'), { timeoutMs: 8_000 });
        break;
      }
    }
    await screenshot(page, 'diagnostics');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
  }));

  it('opens the quick-fix menu with Ctrl+. on a finding (chromium)', REAL, guard(async () => {
    await apiResult().catch(() => {});
    const page = cs.page;
    await quickOpen(page, 'template.yaml');
    const { line, text } = fixtureLine('sam/template.yaml', /TableName: '\*'/);
    // Go to the '*' with Ctrl+G (line:column, 1-based), then Ctrl+. like a user.
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`:${line + 1}:${text.indexOf("'*'") + 2}`);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 10_000 });
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.squiggly-warning').first().waitFor({ state: 'attached', timeout: 20_000 });
    const menu = page.locator('.action-widget');
    const menuText = await waitFor('the quick-fix menu (Ctrl+.)', async () => {
      if (!(await menu.first().isVisible().catch(() => false))) {
        await page.keyboard.press('Control+.');
        await menu.first().waitFor({ state: 'visible', timeout: 3_000 }).catch(() => {});
      }
      const t = (await menu.allInnerTexts()).join('\n');
      return t.includes('Scope DynamoDBCrudPolicy') && t;
    }, { timeoutMs: 20_000, intervalMs: 200 });
    assert.match(menuText, /Scope DynamoDBCrudPolicy to ReportsTable/);
    assert.match(menuText, /Ignore sam-policy-template-wildcard here/);
    await screenshot(page, 'quick-fix');
    await page.keyboard.press('Escape');
    await menu.first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
  }));

  it('lists the findings of every file in the Problems panel (chromium)', guard(async () => {
    await apiResult().catch(() => {});
    const page = cs.page;
    const files = DUMMY ? ['serverless.yml'] : [...new Set(EXPECTED.map((e) => path.basename(e.file)))];
    const rules = DUMMY ? [RULE_ID] : [...new Set(EXPECTED.map((e) => e.rule))];
    if (!DUMMY) await quickOpen(page, 'handler.js');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.click({ position: { x: 300, y: 10 } });
    await page.keyboard.press('Control+Shift+M');
    const markers = page.locator('.markers-panel');
    await markers.waitFor({ state: 'visible', timeout: 20_000 });
    // Give the panel more room (drag the sash between editor and panel up).
    const panel = await page.locator('.part.panel').first().boundingBox();
    if (panel && panel.y > VIEWPORT.height * 0.45) {
      const sashes = page.locator('.monaco-sash.horizontal');
      for (let i = 0, n = await sashes.count(); i < n; i++) {
        const b = await sashes.nth(i).boundingBox();
        if (!b || Math.abs(b.y + b.height / 2 - panel.y) > 6 || b.x > panel.x + panel.width / 2 || b.x + b.width < panel.x + panel.width / 2) continue;
        const x = panel.x + panel.width / 2;
        await page.mouse.move(x, b.y + b.height / 2);
        await page.mouse.down();
        await page.mouse.move(x, VIEWPORT.height * 0.4, { steps: 8 });
        await page.mouse.up();
        break;
      }
    }
    const panelText = await waitFor(`${rules.join(', ')} in the Problems panel`, async () => {
      const t = (await markers.allInnerTexts()).join('\n');
      return rules.every((r) => t.includes(r)) && files.every((f) => t.includes(f)) && t;
    }, { timeoutMs: 20_000 });
    assert.match(panelText, new RegExp(SOURCE));
    assert.match(panelText, /serverless\.yml/);
    await page.mouse.move(5, 5);
    await screenshot(page, 'problems');
  }));
});
