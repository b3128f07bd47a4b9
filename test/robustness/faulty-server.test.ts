/**
 * Rules that misbehave, over the protocol: test/helpers/faulty-server.ts runs the real server with
 * a rule that throws on every config and a rule that busy-waits ~2.5 s on files containing a
 * marker, ahead of the real rules. A throwing rule is logged (window/logMessage names it) and costs
 * only its own findings; a slow rule ends in one `analysis-timeout` info diagnostic naming the rules
 * that were not run, and the server answers a hover right after.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { SLOW_MARKER, SLOW_RULE_ID, THROWING_RULE_ID, THROWN_MESSAGE } from '../helpers/faulty-server';
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

  it('cuts a slow analysis off with one analysis-timeout diagnostic and answers a hover right after', async () => {
    const uri = pathToFileURL(path.join(dir, 'slow', 'serverless.yml')).toString();
    const text = `# ${SLOW_MARKER}\n` + SLS;
    const t0 = performance.now();
    await client.open(uri, 'yaml', text);
    const p = await client.diagnosticsFor(uri, 1, 30_000);
    const took = p.at - t0;
    const cut = p.diagnostics.filter((d) => d.code === 'analysis-timeout');
    assert.equal(cut.length, 1, JSON.stringify(p.diagnostics));
    assert.equal(cut[0].severity, 3, 'information');
    // It names rules that did not run: the real ones, registered after the slow rule.
    const named = allRules.map((r) => r.meta.id).filter((id) => cut[0].message.includes(id));
    assert.ok(named.length >= 1, cut[0].message);
    assert.match(cut[0].message, /\d+ rules were not run/);
    assert.ok(!cut[0].message.includes(SLOW_RULE_ID), 'the slow rule itself ran');
    assert.ok(!p.diagnostics.some((d) => d.code === 'iam-wildcard-action'), 'rules after the budget are not run');
    assert.ok(took >= 2_000, `${took.toFixed(0)} ms`);

    const h0 = performance.now();
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }, 5_000);
    const hoverMs = performance.now() - h0;
    assert.ok(hover && hover.contents.value.includes('analysis-timeout'), JSON.stringify(hover));
    assert.ok(hoverMs < 1_000, `hover took ${hoverMs.toFixed(0)} ms`);
  });

  it('stays alive and shuts down cleanly', async () => {
    assert.ok(client.alive);
    const status = await client.shutdown();
    assert.equal(status.code, 0, JSON.stringify(status));
    assert.doesNotMatch(client.stderr, /uncaught|unhandled rejection/i);
  });
});
