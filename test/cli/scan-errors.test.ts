/** A file the engine throws on is reported as a warning; the rest of the scan goes on. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { scan } from '../../server/src/cli/scan';
import { Engine } from '../../server/src/engine/engine';
import { mergeSettings } from '../../server/src/engine/settings';

class Throwing extends Engine {
  override analyze(p: string, text: string, o?: Parameters<Engine['analyze']>[2]): ReturnType<Engine['analyze']> {
    if (p.includes('/bad/')) throw new Error('engine bug');
    return super.analyze(p, text, o);
  }
}

describe('scan survives an engine error on one file', () => {
  it('warns about that file and still reports the others', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-scan-err-'));
    try {
      const yml = "service: s\nprovider:\n  name: aws\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: '*'\n          Resource: '*'\nfunctions:\n  a:\n    handler: a.h\n";
      for (const d of ['bad', 'good']) {
        rmSync(path.join(dir, d), { recursive: true, force: true });
        mkdirSync(path.join(dir, d));
        writeFileSync(path.join(dir, d, 'serverless.yml'), yml);
      }
      const res = scan({ paths: ['.'], format: 'json', cwd: dir }, mergeSettings(), (project) => new Throwing(project, allRules));
      assert.equal(res.files, 1);
      assert.ok(res.findings.some((f) => f.ruleId === 'iam-wildcard-action' && f.file.includes('/good/')));
      assert.ok(res.warnings.some((w) => w.includes('bad/serverless.yml') && w.includes('engine bug')), res.warnings.join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
