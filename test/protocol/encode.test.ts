/**
 * The stdio message encoder (server/src/lsp/encode.ts) keeps the JSON of each published diagnostic
 * object: every message it writes must be byte-identical to `JSON.stringify(message)`, and a
 * re-publish of the same diagnostic objects serialises none of them again.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { allRules } from '../../rules/index';
import { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import type { LineIndex } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';
import { DiagnosticConverter } from '../../server/src/lsp/diagnostics';
import { diagnosticsEncoder, encodeMessage, encodeStats } from '../../server/src/lsp/encode';
import { heavyServerlessYml, mulberry32 } from '../bench/gen';

const publish = (uri: string, version: number, diagnostics: unknown[]) => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version, diagnostics } });

const make = (lines: LineIndex) => (f: Finding): Diagnostic => ({
  range: lines.range(f.range),
  severity: f.severity === 'error' ? 1 : f.severity === 'warning' ? 2 : 3,
  code: f.ruleId,
  codeDescription: { href: `file:///ext/rules/${f.ruleId}.md` },
  source: 'serverless-guard',
  message: f.message,
});

describe('stdio message encoder', () => {
  it('writes exactly JSON.stringify of every publish after random edits, re-using kept diagnostics', async () => {
    const base = heavyServerlessYml({ functions: 30, seed: 6 });
    const file = '/p/serverless.yml';
    const uri = 'file:///p/serverless.yml';
    const engine = new Engine(new Project(), allRules);
    const converter = new DiagnosticConverter();
    const rnd = mulberry32(12);
    let cur = base;
    const before = { ...encodeStats };
    let published = 0;
    for (let i = 0; i < 30; i++) {
      const at = Math.floor(rnd() * cur.length);
      cur = rnd() < 0.5 ? `${cur.slice(0, at)}é${cur.slice(at)}` : cur.slice(0, at) + cur.slice(at + 1);
      const r = engine.analyze(file, cur);
      const msg = publish(uri, i + 2, converter.convert(uri, r.findings, r.lines!, make(r.lines!)));
      published += msg.params.diagnostics.length;
      assert.equal(encodeMessage(msg), JSON.stringify(msg), `step ${i}`);
      const bytes = await diagnosticsEncoder.encode(msg as never, { charset: 'utf-8' });
      assert.ok(Buffer.from(bytes).equals(Buffer.from(JSON.stringify(msg), 'utf-8')));
    }
    assert.ok(published > 30 * 100, `${published} diagnostics published`);
    // Most diagnostics are the converter's kept objects: their JSON is kept too.
    const serialised = encodeStats.serialised - before.serialised;
    const kept = encodeStats.kept - before.kept;
    assert.ok(kept > serialised * 5, `kept ${kept}, serialised ${serialised}`);
  });

  it('serialises a re-published set of the same objects not at all', () => {
    const diags = Array.from({ length: 100 }, (_, i) => ({ range: { start: { line: i, character: 0 }, end: { line: i, character: 3 } }, severity: 2, message: `m${i} "quoted" \u2028 \u0007` }));
    encodeMessage(publish('file:///a', 1, diags));
    const before = encodeStats.serialised;
    const msg = publish('file:///a', 2, diags);
    assert.equal(encodeMessage(msg), JSON.stringify(msg));
    assert.equal(encodeStats.serialised, before);
  });

  it('falls back to the plain serialisation for anything else', () => {
    const diags: unknown[] = Array.from({ length: 40 }, (_, i) => ({ message: String(i) }));
    const odd = [
      { jsonrpc: '2.0', id: 1, result: { diagnostics: diags } },
      publish('file:///a', 1, [...diags, undefined, () => 1]),
      publish('file:///a', 1, [...diags, [1, 2], { toJSON: () => 'x' }]),
      // The placeholder text inside the message itself.
      publish('file:///\u0000serverless-guard:diagnostics\u0000', 1, diags),
      publish('file:///a', 1, diags.slice(0, 3)),
      { ...publish('file:///a', 1, diags), toJSON: () => ({ replaced: true }) },
    ];
    for (const m of odd) assert.equal(encodeMessage(m), JSON.stringify(m));
  });
});
