/**
 * Rules that misbehave, over the protocol: test/helpers/faulty-server.ts runs the real server with
 * a rule that throws on every config and rules that burn CPU on files containing a
 * marker, ahead of the real rules. A throwing rule is logged (window/logMessage names it) and costs
 * only its own findings; a slow rule cuts the foreground analysis, the rest is finished in the
 * background and republished for the same version (a newer edit cancels it); only a file still
 * incomplete after the background budget gets one `analysis-timeout` naming the rules not run, and
 * hovers are answered between background slices. Budgets are in the server's CPU time.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { FAULTY_BUDGETS, HOPELESS_MARKER, HOPELESS_RULES, SLOW_MARKER, SLOW_RULE_ID, SLOW_RULE_MS, THROWING_RULE_ID, THROWN_MESSAGE } from '../helpers/faulty-server';
import { FAULTY_SERVER, RpcClient } from './rpc';

const SLS = `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: '*'
          Resource: '*'
functions:
  create:
    handler: src/create.handler
`;

describe('robustness: a throwing rule and a slow rule over the protocol', () => {
  let dir: string;
  let client: RpcClient;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sg-robust-faulty-'));
    client = new RpcClient(FAULTY_SERVER);
    await client.initialize(pathToFileURL(dir).toString());
  });
  after(() => {
    client?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('logs the throwing rule and still publishes the other rules’ diagnostics', async () => {
    const uri = pathToFileURL(path.join(dir, 'serverless.yml')).toString();
    await client.open(uri, 'yaml', SLS);
    const p = await client.diagnosticsFor(uri, 1, 30_000);
    assert.ok(p.diagnostics.some((d) => d.code === 'iam-wildcard-action'), JSON.stringify(p.diagnostics.map((d) => d.code)));
    assert.ok(!p.diagnostics.some((d) => d.code === 'analysis-timeout'));
    // (The server logs before it publishes, on the same pipe: the log is here already.)
    const logged = client.logs.filter((l) => l.includes(THROWING_RULE_ID));
    assert.ok(logged.length >= 1, client.logs.join('\n'));
    assert.ok(logged[0].includes(uri) && logged[0].includes(THROWN_MESSAGE), logged[0]);
    // Every edit runs it again: logged again, other findings kept.
    const v = await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
    const p2 = await client.diagnosticsFor(uri, v, 30_000);
    assert.ok(p2.diagnostics.some((d) => d.code === 'iam-wildcard-action'));
    assert.ok(client.logs.filter((l) => l.includes(THROWING_RULE_ID)).length > logged.length);
  });

  it('finishes a cut-off analysis in the background and republishes the complete set for the same version', async () => {
    const uri = pathToFileURL(path.join(dir, 'slow', 'serverless.yml')).toString();
    const text = `# ${SLOW_MARKER}\n` + SLS;
    await client.open(uri, 'yaml', text);
    const first = await client.diagnosticsFor(uri, 1, 60_000);
    // The slow rule spent the foreground budget: what ran is published, without a timeout finding.
    assert.ok(!first.diagnostics.some((d) => d.code === 'analysis-timeout'), JSON.stringify(first.diagnostics));
    assert.ok(!first.diagnostics.some((d) => d.code === 'iam-wildcard-action'), 'the rules after the budget ran later');
    const complete = await client.waitFor((p) => p.uri === uri && p.version === 1 && p !== first, 60_000, 'the complete set');
    assert.ok(complete.diagnostics.some((d) => d.code === 'iam-wildcard-action'), JSON.stringify(complete.diagnostics.map((d) => d.code)));
    assert.ok(!complete.diagnostics.some((d) => d.code === 'analysis-timeout'));
    // Same as a file without the slow rule's marker.
    const plain = pathToFileURL(path.join(dir, 'plain', 'serverless.yml')).toString();
    await client.open(plain, 'yaml', `# plain\n` + SLS);
    const idle = await client.diagnosticsFor(plain, 1, 60_000);
    const codes = (p: { diagnostics: { code?: string | number }[] }) => p.diagnostics.map((d) => String(d.code)).sort();
    assert.deepEqual(codes(complete), codes(idle));
  });

  it('a newer edit cancels the rest of the background pass', async () => {
    const uri = pathToFileURL(path.join(dir, 'edited', 'serverless.yml')).toString();
    await client.open(uri, 'yaml', `# ${HOPELESS_MARKER}\n` + SLS);
    await client.diagnosticsFor(uri, 1, 60_000);
    // Remove the marker: version 2 is fast and complete; version 1 is never published again.
    const v = await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }]);
    const p2 = await client.diagnosticsFor(uri, v, 60_000);
    assert.ok(p2.diagnostics.some((d) => d.code === 'iam-wildcard-action'));
    const after = client.published.filter((p) => p.uri === uri);
    assert.equal(after.filter((p) => p.version === 1).length, 1, 'version 1 was published once (its background pass was cancelled)');
    assert.ok(!after.some((p) => p.diagnostics.some((d) => d.code === 'analysis-timeout')));
  });

  it('a file still incomplete after the background pass gets one analysis-timeout naming what was skipped; hovers are answered meanwhile', async () => {
    const uri = pathToFileURL(path.join(dir, 'hopeless', 'serverless.yml')).toString();
    await client.open(uri, 'yaml', `# ${HOPELESS_MARKER}\n` + SLS);
    const first = await client.diagnosticsFor(uri, 1, 60_000);
    assert.ok(!first.diagnostics.some((d) => d.code === 'analysis-timeout'));
    // Asked while the background pass runs (each of its slices burns SLOW_RULE_MS): answered between slices.
    const hover = client.request<unknown>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 2 } }, 60_000).then(() => client.published.length);
    const last = await client.waitFor((p) => p.uri === uri && p.version === 1 && p.diagnostics.some((d) => d.code === 'analysis-timeout'), 60_000, 'the analysis-timeout publish');
    const publishedBeforeHover = await hover;
    assert.ok(publishedBeforeHover <= client.published.indexOf(last), 'the hover was answered before the background pass ended');
    const cut = last.diagnostics.filter((d) => d.code === 'analysis-timeout');
    assert.equal(cut.length, 1, JSON.stringify(last.diagnostics));
    assert.equal(cut[0].severity, 3, 'information');
    // It names rules that did not run: a slow test rule still queued, and real ones after it.
    assert.ok(cut[0].message.includes(`test-slow-${HOPELESS_RULES}`), cut[0].message);
    assert.ok(allRules.some((r) => cut[0].message.includes(r.meta.id)) || /…/.test(cut[0].message), cut[0].message);
    assert.match(cut[0].message, /\d+ rules were not run/);
    assert.ok(!cut[0].message.includes(SLOW_RULE_ID), 'the first slow rule ran');
    // The background pass ran the slow rules one slice each until its budget was spent.
    const ran = Math.ceil(FAULTY_BUDGETS.backgroundBudgetMs / SLOW_RULE_MS);
    for (let i = 1; i <= ran; i++) assert.ok(!cut[0].message.includes(`test-slow-${i},`) && !cut[0].message.includes(`test-slow-${i})`), `test-slow-${i} ran`);
    assert.equal(client.published.filter((p) => p.uri === uri).length, 2, 'published once cut, once given up');
  });

  it('stays alive and shuts down cleanly', async () => {
    assert.ok(client.alive);
    const status = await client.shutdown();
    assert.equal(status.code, 0, JSON.stringify(status));
    assert.doesNotMatch(client.stderr, /uncaught|unhandled rejection/i);
  });
});
