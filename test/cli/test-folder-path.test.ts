/**
 * The tests/fixtures/scripts path policy of the secret rules looks at the path below the scanned
 * workspace, not at folders above it: a project checked out under `~/test/app` (or a corpus kept
 * under `test/real-world/`) still gets its secrets reported, while `tests/` inside it is still a
 * test folder. (Seen in session 4: every secret of the real-world corpus was hidden because the
 * corpus lives under the repository's `test/` folder.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Project } from '../../server/src/engine/project';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const CODE = 'import jwt\nSIGNER = "orders-signer-2024"\ndef handler(event, context):\n    return jwt.encode({"sub": 1}, SIGNER, algorithm="HS256")\n';

describe('secret path policy is relative to the workspace', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sg-testpath-'));
    mkdirSync(path.join(dir, 'test', 'app', 'src'), { recursive: true });
    mkdirSync(path.join(dir, 'test', 'app', 'tests'), { recursive: true });
    writeFileSync(path.join(dir, 'test', 'app', 'src', 'handler.py'), CODE);
    writeFileSync(path.join(dir, 'test', 'app', 'tests', 'test_handler.py'), CODE);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the secret of a project under a folder named test, not the one in its tests/', () => {
    const r = spawnSync(process.execPath, [CLI, 'scan', path.join(dir, 'test', 'app'), '--format', 'json'], { encoding: 'utf8' });
    const out = JSON.parse(r.stdout) as { findings: { ruleId: string; file: string }[] };
    const secrets = out.findings.filter((f) => f.ruleId === 'secret-in-code').map((f) => f.file.split('/').slice(-2).join('/'));
    assert.deepEqual(secrets, ['src/handler.py']);
  });

  it('Project.relativeToRoot strips the longest workspace folder', () => {
    const p = new Project(undefined, { roots: ['/w/test', '/w/test/app'] });
    assert.equal(p.relativeToRoot('/w/test/app/src/a.py'), 'src/a.py');
    assert.equal(p.relativeToRoot('/w/test/b.py'), 'b.py');
    assert.equal(p.relativeToRoot('/elsewhere/test/c.py'), '/elsewhere/test/c.py');
    assert.equal(new Project().relativeToRoot('tests/x.py'), 'tests/x.py');
  });
});
