// End-to-end: the fixes a user applies from the editor, in a real VS Code workbench (code-server
// 4.139.1 + headless Debian chromium via playwright-core, the packaged VSIX), each on a fresh copy
// of a fixture folder (fixtures/fixes/<name>), opened in a new window of one code-server:
//   (a) secret:       a hardcoded key in a function's `environment:`; Ctrl+. on the finding ->
//                     "Move … to SSM Parameter Store" (a cross-file edit: serverless.yml + handler)
//                     -> the notification's "Copy the put-parameter command" button;
//   (b) narrow:       `Action: '*'` on `arn:aws:s3:::reports-bucket/*`, a handler that only calls
//                     GetObject; Ctrl+. -> "Narrow to what the code uses";
//   (c) add-function: Command Palette -> "Serverless Guard: Add Secure Function…", answering its
//                     input box and quick picks (name, trigger, runtime, existing table).
// After each: File: Save All, the files on disk are checked (parsed, not grepped, where it
// matters), and the Problems panel is read after a Scan Workspace: the finding is gone and no
// warning/error appeared. Every wait polls a condition (DOM or disk) with a generous bound; nothing
// is timed.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { E2E_DIR, SCREENSHOT_DIR, makeTempDir, copyDir, resolveVsix, waitFor } from './lib/tools.mjs';
import { startCodeServer, openWorkbench, openFolder, quickOpen, stopCodeServer } from './lib/code-server.mjs';

const FIXTURES = path.join(E2E_DIR, 'fixtures', 'fixes');
const DUMMY = process.env.SG_E2E_VSIX === 'dummy';
const VIEWPORT = { width: 1280, height: 800 };
/** Bound of every wait on the extension (analysis, code actions) — generous for a loaded machine. */
const SLOW = 90_000;

const lines = (text) => text.split('\n');
/** 1-based line and column of the first occurrence of `needle` in a fixture file. */
function positionOf(fixture, rel, needle) {
  const text = fs.readFileSync(path.join(FIXTURES, fixture, rel), 'utf8');
  const i = lines(text).findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `fixture ${fixture}/${rel} has no line with ${needle}`);
  return { line: i + 1, column: lines(text)[i].indexOf(needle) + 1 };
}

/** YAML with CloudFormation short tags kept as { tag, value } (not an error, not lost). */
const CFN_TAGS = ['!Ref', '!GetAtt', '!Sub', '!Join', '!If', '!Select', '!Split', '!FindInMap', '!ImportValue', '!GetAZs', '!Equals', '!Not', '!And', '!Or', '!Base64', '!Cidr'].flatMap((tag) =>
  ['scalar', 'seq', 'map'].map((collection) => ({
    tag, ...(collection === 'scalar' ? {} : { collection }),
    resolve: (v) => ({ tag, value: typeof v === 'string' ? v : v.toJSON() }),
  })));
function readYaml(file) {
  const doc = YAML.parseDocument(fs.readFileSync(file, 'utf8'), { customTags: CFN_TAGS });
  assert.deepEqual(doc.errors.map((e) => e.message), [], `${file} does not parse as YAML`);
  return doc.toJS();
}
const asList = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

// ---------------------------------------------------------------------------------------------
// Driving the workbench like a user

const quickInput = (page) => page.locator('.quick-input-widget');

/**
 * Types `text` into the open quick input, waits until the focused row is `rowText` (the filter
 * has applied) and presses Enter on the input itself (if the widget lost focus meanwhile, the key
 * does not land in an editor).
 */
async function pickInQuickInput(page, text, rowText) {
  const input = quickInput(page).locator('input');
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill(text);
  await quickInput(page).locator('.monaco-list-row.focused', { hasText: rowText }).first().waitFor({ timeout: 30_000 });
  await input.press('Enter');
}

/** Runs a command from the Command Palette (F1) by its label. */
async function runCommand(page, label) {
  await page.keyboard.press('F1');
  await pickInQuickInput(page, `>${label}`, label);
}

/** Ctrl+G to a 1-based line:column of the active editor. */
async function goToLine(page, { line, column }) {
  await page.keyboard.press('Control+G');
  const input = quickInput(page).locator('input');
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill(`:${line}:${column}`);
  await input.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 20_000 });
}

/** Ctrl+. at the cursor until the quick-fix menu offers `title`, then clicks it. Returns the menu text. */
async function applyQuickFix(page, title) {
  const menu = page.locator('.action-widget');
  const text = await waitFor(`the quick-fix menu (Ctrl+.) to offer ${title}`, async () => {
    if (await menu.first().isVisible().catch(() => false)) {
      const t = (await menu.allInnerTexts()).join('\n');
      if (title.test(t)) return t;
      // Opened before the finding (or its fix) arrived: close and ask again.
      await page.keyboard.press('Escape');
      await menu.first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
      return false;
    }
    await page.keyboard.press('Control+.');
    await menu.first().waitFor({ state: 'visible', timeout: 5_000 }).catch(() => {});
    return false;
  }, { timeoutMs: SLOW, intervalMs: 300 });
  await menu.locator('.monaco-list-row', { hasText: title }).first().click();
  await menu.first().waitFor({ state: 'hidden', timeout: 20_000 });
  return text;
}

/** Opens the Problems panel (unless it is open). */
async function showProblems(page) {
  const markers = page.locator('.markers-panel');
  // Ctrl+Shift+M toggles the panel when it is focused: pressed only when it is not visible.
  if (!(await markers.isVisible().catch(() => false))) await page.keyboard.press('Control+Shift+M');
  await markers.waitFor({ state: 'visible', timeout: 20_000 });
  return markers;
}

/**
 * The Problems panel's marker rows: { severity: 'error'|'warning'|'info'|…, text } (the rule id,
 * message and source are in the text). The fixtures are small: every row is rendered.
 */
async function problemRows(page) {
  await showProblems(page);
  return page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => rows.map((r) => {
    const icon = r.querySelector('.marker-icon');
    const cls = `${icon?.className ?? ''} ${icon?.querySelector('.codicon')?.className ?? ''}`;
    const severity = /codicon-error|\berror\b/.test(cls) ? 'error' : /codicon-warning|\bwarning\b/.test(cls) ? 'warning' : /codicon-info|\binfo\b/.test(cls) ? 'info' : icon ? 'other' : 'file';
    return { severity, text: (r.innerText || '').replace(/\s+/g, ' ').trim(), label: r.getAttribute('aria-label') ?? '' };
  }));
}
const markersOnly = (rows) => rows.filter((r) => r.severity !== 'file');
const blocking = (rows) => rows.filter((r) => r.severity === 'error' || r.severity === 'warning');
const show = (rows) => rows.map((r) => `[${r.severity}] ${r.text}`).join('\n') || '(none)';

/** Waits until the Problems panel satisfies `pred(rows)`; returns the rows. */
async function waitForProblems(page, what, pred) {
  let last = [];
  try {
    return await waitFor(what, async () => {
      last = await problemRows(page);
      return pred(last) && last;
    }, { timeoutMs: SLOW, intervalMs: 500 });
  } catch (e) {
    throw new Error(`${e.message}\nProblems panel:\n${show(last)}`);
  }
}

/**
 * Serverless Guard: Scan Workspace, and its "N finding(s) in M file(s)" notification: every file
 * (open ones with their live diagnostics, the others from disk) has been analysed and published
 * when it shows. Returns N.
 */
async function scanWorkspace(page) {
  const toasts = page.locator('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item');
  const before = (await toasts.allInnerTexts()).filter((t) => /finding\(s\) in/.test(t)).length;
  await runCommand(page, 'Serverless Guard: Scan Workspace');
  const text = await waitFor('the Scan Workspace notification', async () => {
    const all = (await toasts.allInnerTexts()).filter((t) => /finding\(s\) in/.test(t));
    return all.length > before && all[all.length - 1];
  }, { timeoutMs: SLOW, intervalMs: 300 });
  return Number(/(\d+) finding\(s\)/.exec(text)[1]);
}

/** Saves every modified file (File: Save All) and waits until no editor tab is dirty. */
async function saveAll(page) {
  // Under load the palette sometimes loses the command (focus still in a notification, or Enter
  // pressed before the row list settled): run it again, up to four times, until no tab is dirty.
  const clean = async () => (await page.locator('.tab.dirty').count()) === 0;
  for (let attempt = 1; attempt <= 4; attempt++) {
    await page.keyboard.press('Escape');
    await runCommand(page, 'File: Save All');
    const done = await waitFor('no dirty editor after Save All', clean, { timeoutMs: 15_000 }).then(() => true, () => false);
    if (done) return;
  }
  await waitFor('no dirty editor after Save All (after four attempts)', clean, { timeoutMs: 30_000 });
}

/** Polls the disk until `check()` stops throwing; rethrows its last assertion on timeout. */
async function onDisk(what, check) {
  let lastErr;
  try {
    return await waitFor(what, () => {
      try {
        return check() ?? true;
      } catch (e) {
        lastErr = e;
        return false;
      }
    }, { timeoutMs: 30_000, intervalMs: 250 });
  } catch (e) {
    throw lastErr ?? e;
  }
}

// ---------------------------------------------------------------------------------------------

describe('Fixes and Add Secure Function in VS Code (code-server + chromium)', { timeout: 900_000, skip: DUMMY && 'needs the real extension' }, () => {
  let cs;
  let dir;
  let failed = false;
  let current = '';
  const guard = (name, fn) => async (t) => {
    current = name;
    try {
      await fn(t);
    } catch (e) {
      failed = true;
      if (cs?.page) {
        fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
        await cs.page.screenshot({ path: path.join(SCREENSHOT_DIR, `code-server-fixes-${name}-failure.png`), timeout: 10_000 }).catch(() => {});
      }
      throw e;
    }
  };

  /** A fresh copy of fixtures/fixes/<name>, opened in a new workbench window; serverless.yml is the active editor. */
  async function openFixture(name) {
    const ws = path.join(dir, `ws-${name}`);
    copyDir(path.join(FIXTURES, name), ws);
    let page;
    if (!cs.context) {
      cs.workspace = ws;
      page = await openWorkbench(cs, VIEWPORT);
    } else {
      page = await openFolder(cs, ws);
    }
    // The "Copy the put-parameter command" button writes through the browser's clipboard.
    await cs.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cs.url });
    await quickOpen(page, 'serverless.yml');
    return { ws, page };
  }

  before(async () => {
    dir = makeTempDir('code-server-fixes-');
    const { vsix } = resolveVsix(dir);
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    cs = await startCodeServer({ dir, vsix, workspace: empty });
  });

  after(async () => {
    const log = cs?.child?.logText?.() ?? '';
    await stopCodeServer(cs);
    if (failed) {
      console.error(`[e2e] fixes run (${current}) kept for inspection in ${dir} (logs: ${dir}/ud/logs)\n--- code-server output (tail) ---\n${log.slice(-3000)}`);
      if (cs?.browserLog?.length) console.error(`--- browser console errors ---\n${cs.browserLog.slice(-20).join('\n')}`);
    } else if (dir && !process.env.SG_E2E_KEEP) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('moves a hardcoded secret to Parameter Store from the quick-fix menu: config, handler, grant and Problems panel (chromium)', guard('secret', async (t) => {
    const SECRET = 'Zq7vN4kT9wXb2LmR8sYd3HfJ6cPe';
    const { ws, page } = await openFixture('secret');
    const before = await waitForProblems(page, 'secret-in-config in the Problems panel', (rows) => rows.some((r) => r.text.includes('secret-in-config')));
    assert.deepEqual(blocking(before).map((r) => r.text.includes('secret-in-config')), [true], `the fixture should have exactly the secret finding at warning/error:\n${show(before)}`);

    await goToLine(page, positionOf('secret', 'serverless.yml', SECRET));
    const menu = await applyQuickFix(page, /Move PAYMENT_API_KEY to SSM Parameter Store/);
    assert.match(menu, /Ignore secret-in-config here/);

    // Fix.afterApply: the notification hands over the command that creates the parameter (with
    // the plaintext value, through the clipboard only: the notification shows no value).
    const toast = page.locator('.notification-list-item', { hasText: 'Create the SecureString parameter /orders/payment-api-key' }).first();
    await toast.waitFor({ state: 'visible', timeout: SLOW });
    assert.ok(!(await toast.innerText()).includes(SECRET), 'the notification must not show the secret');
    await toast.locator('.monaco-button', { hasText: 'Copy the put-parameter command' }).click();
    const clip = await waitFor('the put-parameter command on the clipboard', async () => {
      const c = await page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
      return c.includes('put-parameter') && c;
    }, { timeoutMs: 30_000 });
    assert.equal(clip, `aws ssm put-parameter --name '/orders/payment-api-key' --type SecureString --value '${SECRET}'`);

    await saveAll(page);
    const config = path.join(ws, 'serverless.yml');
    const handler = path.join(ws, 'src', 'handler.js');
    await onDisk('the fixed serverless.yml and handler.js', () => {
      const text = fs.readFileSync(config, 'utf8');
      assert.ok(!text.includes(SECRET), 'the secret is still in serverless.yml');
      const cfg = readYaml(config);
      // The entry now holds the parameter's name.
      assert.deepEqual(cfg.functions.processPayment.environment, { PAYMENT_API_KEY_PARAM: '/orders/payment-api-key' });
      // The role may read exactly that parameter.
      const statements = asList(cfg.provider.iam?.role?.statements);
      const grant = statements.find((s) => asList(s.Action).includes('ssm:GetParameter'));
      assert.ok(grant, `no ssm:GetParameter statement in provider.iam.role.statements: ${JSON.stringify(statements)}`);
      assert.equal(grant.Effect, 'Allow');
      assert.deepEqual(grant.Resource, { tag: '!Sub', value: 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/orders/payment-api-key' });
      // The handler fetches it at run time (cached), by the name in the new variable.
      const code = fs.readFileSync(handler, 'utf8');
      assert.ok(!code.includes('process.env.PAYMENT_API_KEY;'), `handler.js still reads the old variable:\n${code}`);
      assert.match(code, /require\('@aws-sdk\/client-ssm'\)/);
      assert.match(code, /new GetParameterCommand\(\{ Name: process\.env\.PAYMENT_API_KEY_PARAM, WithDecryption: true \}\)/);
      assert.match(code, /const apiKey = \(await getPaymentApiKey\(\)\);/);
      assert.match(code, /\?\?=/, 'the fetch is not cached');
    });
    const check = spawnSync(process.execPath, ['--check', handler], { encoding: 'utf8' });
    assert.equal(check.status, 0, `handler.js does not parse: ${check.stderr}`);

    const found = await scanWorkspace(page);
    const after = await waitForProblems(page, 'the Problems panel without secret-in-config', (rows) => !rows.some((r) => r.text.includes('secret-in-config')));
    assert.equal(show(blocking(after)), '(none)', 'a warning/error appeared after the fix');
    assert.equal(markersOnly(after).length, found, `Scan Workspace counted ${found} finding(s), the Problems panel shows:\n${show(after)}`);
    t.diagnostic(`secret: Problems panel before: ${markersOnly(before).length} marker(s), after: ${markersOnly(after).length}`);
  }));

  it('narrows Action: \'*\' on an S3 object ARN to the one action the handler calls (chromium)', guard('narrow', async (t) => {
    const ARN = 'arn:aws:s3:::reports-bucket/*';
    const { ws, page } = await openFixture('narrow');
    const before = await waitForProblems(page, 'the IAM findings in the Problems panel',
      (rows) => rows.some((r) => r.text.includes('iam-wildcard-action')) && rows.some((r) => r.text.includes('iam-unused-permission')));

    const at = positionOf('narrow', 'serverless.yml', "'*'");
    await goToLine(page, { line: at.line, column: at.column + 1 });
    await applyQuickFix(page, /Narrow to what the code uses/);
    await saveAll(page);

    const config = path.join(ws, 'serverless.yml');
    await onDisk('the narrowed statement in serverless.yml', () => {
      const cfg = readYaml(config);
      const statements = asList(cfg.provider.iam.role.statements);
      assert.deepEqual(statements.map((s) => ({ Effect: s.Effect, Action: asList(s.Action), Resource: asList(s.Resource) })),
        [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: [ARN] }], `statements: ${JSON.stringify(statements)}`);
    });
    assert.equal(fs.readFileSync(path.join(ws, 'src', 'handler.js'), 'utf8'), fs.readFileSync(path.join(FIXTURES, 'narrow', 'src', 'handler.js'), 'utf8'), 'the handler must not change');

    const found = await scanWorkspace(page);
    const after = await waitForProblems(page, 'the Problems panel without IAM findings', (rows) => !rows.some((r) => /\biam-/.test(r.text)));
    assert.equal(show(blocking(after)), '(none)', 'a warning/error is left or appeared after the fix');
    assert.equal(markersOnly(after).length, found, `Scan Workspace counted ${found} finding(s), the Problems panel shows:\n${show(after)}`);
    t.diagnostic(`narrow: Problems panel before: ${show(markersOnly(before)).replace(/\n/g, ' | ')}; after: ${markersOnly(after).length} marker(s)`);
  }));

  it('adds a secure function from the Command Palette, answering its questions: config, handler and Problems panel (chromium)', guard('add-function', async () => {
    const { ws, page } = await openFixture('add-function');
    await runCommand(page, 'Serverless Guard: Add Secure Function');
    const title = quickInput(page).locator('.quick-input-title');
    // Each step waits for its own title before typing: the widget is reused between steps.
    await title.filter({ hasText: '(1/3)' }).waitFor({ timeout: SLOW });
    const input = quickInput(page).locator('input');
    await input.fill('listOrders');
    await input.press('Enter');
    await title.filter({ hasText: '(2/3)' }).waitFor({ timeout: 30_000 });
    await pickInQuickInput(page, 'HTTP API', 'HTTP API');
    await title.filter({ hasText: '(3/3)' }).waitFor({ timeout: 30_000 });
    await pickInQuickInput(page, 'Python', 'Python');
    // The file already has a table (ShopOrders): the command asks which one the function uses.
    await title.filter({ hasText: 'which DynamoDB table' }).waitFor({ timeout: SLOW });
    await pickInQuickInput(page, 'ShopOrders', 'ShopOrders');
    // The new handler opens in an editor.
    await page.locator('.tab.active', { hasText: 'list_orders.py' }).waitFor({ timeout: SLOW });
    await saveAll(page);

    const config = path.join(ws, 'serverless.yml');
    const handler = path.join(ws, 'src', 'handlers', 'list_orders.py');
    await onDisk('the new function in serverless.yml and its handler', () => {
      const cfg = readYaml(config);
      assert.deepEqual(Object.keys(cfg.functions), ['ping', 'listOrders']);
      const fn = cfg.functions.listOrders;
      assert.equal(fn.handler, 'src/handlers/list_orders.handler');
      assert.equal(fn.runtime, 'python3.12');
      // The verb and the route follow the name; the route has an authorizer with a read scope.
      assert.deepEqual(fn.events, [{ httpApi: { method: 'GET', path: '/orders', authorizer: { name: 'jwtAuthorizer', scopes: ['orders/read'] } } }]);
      assert.ok(cfg.provider.httpApi.authorizers.jwtAuthorizer, 'the JWT authorizer the route names is not defined');
      // Every variable the handler reads is set, every resource it references exists.
      assert.deepEqual(fn.environment, { TABLE_NAME: { tag: '!Ref', value: 'ShopOrders' } });
      assert.deepEqual(fn.iamRoleStatements, [{ Effect: 'Allow', Action: ['dynamodb:Scan'], Resource: { tag: '!GetAtt', value: 'ShopOrders.Arn' } }]);
      assert.deepEqual(Object.keys(cfg.resources.Resources), ['ShopOrders'], 'the existing table is used, no other one is created');
      const code = fs.readFileSync(handler, 'utf8');
      assert.match(code, /os\.environ\["TABLE_NAME"\]/);
      assert.match(code, /\.scan\(/);
    });
    const py = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read())', handler], { encoding: 'utf8' });
    assert.equal(py.status, 0, `list_orders.py does not parse: ${py.stderr}`);

    const found = await scanWorkspace(page);
    const after = await problemRows(page);
    assert.equal(found, 0, `Scan Workspace found ${found} finding(s):\n${show(after)}`);
    assert.equal(show(markersOnly(after)), '(none)', 'the Problems panel has findings for the new function');
  }));
});
