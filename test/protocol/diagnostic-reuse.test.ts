/**
 * The language server re-uses the converted diagnostic of every unchanged finding
 * (server/src/lsp/diagnostics.ts). After any edit the published diagnostics must equal a fresh
 * conversion of the same findings, also when an edit moves lines without moving offsets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import type { Finding } from '../../server/src/engine/types';
import type { LineIndex } from '../../server/src/engine/text';
import type { Diagnostic } from 'vscode-languageserver/node';
import { DiagnosticConverter } from '../../server/src/lsp/diagnostics';
import { heavyServerlessYml, mulberry32 } from '../bench/gen';

const make = (lines: LineIndex) => (f: Finding): Diagnostic => ({ range: lines.range(f.range), severity: f.severity === 'error' ? 1 : 2, code: f.ruleId, source: 'serverless-guard', message: f.message });

describe('diagnostic re-use', () => {
  it('equals a fresh conversion after random edits (and re-uses most diagnostics)', () => {
    const base = heavyServerlessYml({ functions: 20, seed: 4 });
    const file = '/project/serverless.yml';
    const engine = new Engine(new Project(), allRules);
    const converter = new DiagnosticConverter();
    const rnd = mulberry32(8);
    let cur = base;
    for (let i = 0; i < 40; i++) {
      const at = Math.floor(rnd() * cur.length);
      const r = rnd();
      // Same-length replacements with a line break move lines but no offsets.
      if (r < 0.3 && cur[at] === ' ') cur = `${cur.slice(0, at)}\n${cur.slice(at + 1)}`;
      else if (r < 0.6) cur = `${cur.slice(0, at)}x${cur.slice(at)}`;
      else if (r < 0.8) cur = cur.slice(0, at) + cur.slice(at + 1);
      else cur = base;
      const result = engine.analyze(file, cur);
      const lines = result.lines!;
      const got = converter.convert('file:///project/serverless.yml', result.findings, lines, make(lines));
      assert.deepEqual(got, result.findings.map(make(lines)), `step ${i}`);
    }
    assert.ok(converter.stats.reused > converter.stats.converted, `re-used ${converter.stats.reused}, converted ${converter.stats.converted}`);
  });

  it('converts again a finding whose offsets stayed but whose line moved', () => {
    const base = heavyServerlessYml({ functions: 20, seed: 4 });
    const file = '/project/serverless.yml';
    const engine = new Engine(new Project(), allRules);
    const converter = new DiagnosticConverter();
    const uri = 'file:///project/serverless.yml';
    let result = engine.analyze(file, base);
    converter.convert(uri, result.findings, result.lines!, make(result.lines!));
    // A line break typed over a character of the first comment: one more line, same offsets.
    const edited = base.replace('# Generated benchmark service:', '#\n#enerated benchmark service:');
    assert.equal(edited.length, base.length);
    result = engine.analyze(file, edited);
    const got = converter.convert(uri, result.findings, result.lines!, make(result.lines!));
    assert.deepEqual(got, result.findings.map(make(result.lines!)));
    assert.ok(got.length > 50 && got.every((d) => d.range.start.line > 1));
  });
});
