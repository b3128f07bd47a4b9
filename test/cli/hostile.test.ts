/**
 * The CLI never hangs, never reads what it must not, and never loses or invents a result (issue 15,
 * part 5): FIFOs, devices, oversized and directory settings files; missing path arguments beside
 * good ones; unreadable files and folders (exit code 3); symlink loops; an unwritable --output;
 * skipped files in SARIF (`toolExecutionNotifications`, `executionSuccessful`) and JSON.
 *
 * Each spawn has a generous timeout only as a hang guard (a blocked read never returns); no
 * assertion is about speed.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import { discover, type WalkFs } from '../../server/src/cli/collect';
import { loadSettings, rootsOf, UsageError } from '../../server/src/cli/scan';
import { analyzeFiles } from '../../server/src/cli/analyze';
import { Engine } from '../../server/src/engine/engine';
import { MAX_SETTINGS_BYTES, mergeSettings } from '../../server/src/engine/settings';
import { readRegularFile } from '../../server/src/shell/read';
import { allRules } from '../../rules/index';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const HANG_GUARD_MS = 120_000;
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: HANG_GUARD_MS, maxBuffer: 64 * 1024 * 1024 });
const hasMkfifo = (() => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const isRoot = process.getuid?.() === 0;

const ADMIN = `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: '*'
          Resource: '*'
`;
const CLEAN = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bucket:
    Type: AWS::S3::Bucket
`;

/** A scan that finished by itself (not killed by the hang guard) and printed no stack trace. */
function finished(r: ReturnType<typeof run>): void {
  assert.equal(r.error, undefined, `the CLI did not finish: ${r.error}`);
  assert.equal(r.signal, null);
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
  assert.doesNotMatch(r.stderr, /internal error/);
}

describe('CLI: hostile files and paths', () => {
  let dir: string;
  const w = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  /** A fresh folder holding one project (`good/` with an error finding, or `clean/` without). */
  const project = (kind: 'good' | 'clean'): string => {
    const d = mkdtempSync(path.join(dir, 'p-'));
    mkdirSync(path.join(d, kind));
    writeFileSync(path.join(d, kind, kind === 'good' ? 'serverless.yml' : 'template.yaml'), kind === 'good' ? ADMIN : CLEAN);
    return d;
  };
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sg-cli-hostile-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('.serverless-guard.yml as a FIFO: warning, no block, default settings, exit 3 (1 with error findings)', { skip: !hasMkfifo && 'no mkfifo' }, () => {
    const d = project('clean');
    execFileSync('mkfifo', [path.join(d, '.serverless-guard.yml')]);
    const r = run(['scan', '.', '--format', 'json'], d);
    finished(r);
    assert.match(r.stderr, /\.serverless-guard\.yml not used \(not a regular file \(FIFO\)\)/);
    assert.equal(r.status, 3);
    const out = JSON.parse(r.stdout);
    assert.equal(out.complete, false);
    assert.equal(out.files, 1);
    const g = project('good');
    execFileSync('mkfifo', [path.join(g, '.serverless-guard.yml')]);
    const r2 = run(['scan', '.', '--format', 'json'], g);
    finished(r2);
    assert.equal(r2.status, 1, 'an error finding wins over an incomplete scan');
    assert.ok(JSON.parse(r2.stdout).findings.some((f: { ruleId: string }) => f.ruleId === 'iam-wildcard-action'));
    // --config naming a FIFO: a usage error, and no block.
    const r3 = run(['scan', '.', '--config', '.serverless-guard.yml'], g);
    finished(r3);
    assert.equal(r3.status, 2);
    assert.match(r3.stderr, /config file \.serverless-guard\.yml cannot be used: not a regular file \(FIFO\)/);
  });

  it('a link to /dev/zero as settings, and --config /dev/zero: never read', () => {
    const d = project('clean');
    symlinkSync('/dev/zero', path.join(d, '.serverless-guard.yml'));
    const r = run(['scan', '.'], d);
    finished(r);
    assert.equal(r.status, 3);
    assert.match(r.stderr, /not used \(not a regular file \(character device\)\)/);
    const r2 = run(['scan', '.', '--config', '/dev/zero'], d);
    finished(r2);
    assert.equal(r2.status, 2);
    assert.match(r2.stderr, /config file \/dev\/zero cannot be used: not a regular file \(character device\)/);
  });

  it('a 200 MB settings file: a warning, not read (the cap is MAX_SETTINGS_BYTES, shared with the editor)', () => {
    const d = project('clean');
    const f = path.join(d, '.serverless-guard.yml');
    writeFileSync(f, 'rules:\n  iam-wildcard-action: off\n');
    truncateSync(f, 200 * 1024 * 1024); // sparse: no disk used
    const r = run(['scan', '.', '--format', 'json'], d);
    finished(r);
    assert.equal(r.status, 3);
    assert.match(r.stderr, /\.serverless-guard\.yml not used \(larger than 1 MB \(200 MB\)\)/);
    assert.doesNotMatch(r.stderr, /skipped \.serverless-guard\.yml/, 'the settings file is not scanned as a config');
    const r2 = run(['scan', '.', '-c', '.serverless-guard.yml'], d);
    assert.equal(r2.status, 2);
    assert.match(r2.stderr, /larger than 1 MB/);
  });

  it('settings at the size cap apply; one byte over is refused', () => {
    assert.equal(MAX_SETTINGS_BYTES, 1024 * 1024);
    const g = project('good');
    const body = 'rules:\n  iam-wildcard-action: off\n';
    writeFileSync(path.join(g, 'at-cap.yml'), body + '#'.repeat(MAX_SETTINGS_BYTES - body.length - 1) + '\n');
    const ok = run(['scan', '.', '-f', 'json', '-c', 'at-cap.yml'], g);
    finished(ok);
    assert.ok(!JSON.parse(ok.stdout).findings.some((f: { ruleId: string }) => f.ruleId === 'iam-wildcard-action'));
    writeFileSync(path.join(g, 'over.yml'), body + '#'.repeat(MAX_SETTINGS_BYTES - body.length) + '\n');
    assert.equal(run(['scan', '.', '-c', 'over.yml'], g).status, 2);
  });

  it('a directory as settings path: a clear error, no stack trace', () => {
    const d = project('clean');
    mkdirSync(path.join(d, 'conf'));
    const r = run(['scan', '.', '--config', 'conf'], d);
    finished(r);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /config file conf cannot be used: is a directory/);
    mkdirSync(path.join(d, '.serverless-guard.yml'));
    const r2 = run(['scan', '.'], d);
    finished(r2);
    assert.equal(r2.status, 3);
    assert.match(r2.stderr, /\.serverless-guard\.yml not used \(is a directory\)/);
  });

  it('every path argument is scanned even if another is missing; exit 2 only when nothing could be scanned', () => {
    const g = project('good');
    const r = run(['scan', 'good', '/nonexistent-sg-path', '--format', 'json'], g);
    finished(r);
    assert.equal(r.status, 1, 'good has an error finding');
    const out = JSON.parse(r.stdout);
    assert.ok(out.findings.some((f: { file: string }) => f.file === 'good/serverless.yml'), 'good is not lost');
    assert.match(r.stderr, /skipped (\.\.\/)+nonexistent-sg-path: no such file or directory/);
    assert.deepEqual(out.skipped, [{ file: path.relative(g, '/nonexistent-sg-path').split(path.sep).join('/'), reason: 'missing', detail: 'no such file or directory' }]);
    assert.equal(out.complete, false);
    const c = project('clean');
    const r2 = run(['scan', 'clean', 'missing-here'], c);
    finished(r2);
    assert.equal(r2.status, 3, 'no error finding, incomplete scan');
    assert.match(r2.stdout, /0 findings .* in 1 file/);
    assert.match(r2.stdout, /Incomplete scan/);
    const r3 = run(['scan', 'missing-a', 'missing-b'], c);
    finished(r3);
    assert.equal(r3.status, 2);
    assert.match(r3.stderr, /skipped missing-a/);
    assert.match(r3.stderr, /skipped missing-b/);
  });

  it('a symlink loop says so (ELOOP), as an argument and inside a settings path', () => {
    const c = project('clean');
    symlinkSync('loop', path.join(c, 'loop'));
    const r = run(['scan', 'loop'], c);
    finished(r);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /skipped loop: symlink loop \(ELOOP/);
    const r2 = run(['scan', 'clean', 'loop', '-f', 'json'], c);
    assert.equal(r2.status, 3);
    assert.equal(JSON.parse(r2.stdout).skipped[0].reason, 'symlink-loop');
    const r3 = run(['scan', 'clean', '-c', 'loop'], c);
    assert.equal(r3.status, 2);
    assert.match(r3.stderr, /symlink loop/);
  });

  it('an unreadable file is reported and makes the scan incomplete (exit 3)', () => {
    const c = project('clean');
    // Reading /proc/self/mem at offset 0 fails with EIO, for root too (chmod does not stop root).
    symlinkSync('/proc/self/mem', path.join(c, 'mem.js'));
    const r = run(['scan', 'clean', 'mem.js', '-f', 'json'], c);
    finished(r);
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /skipped mem\.js: cannot read \(EIO\)/);
    assert.deepEqual(JSON.parse(r.stdout).skipped, [{ file: 'mem.js', reason: 'unreadable', detail: 'cannot read (EIO)' }]);
  });

  it('unreadable files and folders (chmod 000) are reported, exit 3', { skip: isRoot && 'root reads everything' }, () => {
    const c = project('clean');
    w(path.relative(dir, path.join(c, 'locked/serverless.yml')), ADMIN);
    w(path.relative(dir, path.join(c, 'secret.yml')), ADMIN);
    chmodSync(path.join(c, 'locked'), 0o000);
    chmodSync(path.join(c, 'secret.yml'), 0o000);
    try {
      const r = run(['scan', '.', '-f', 'json'], c);
      finished(r);
      assert.equal(r.status, 3);
      assert.match(r.stderr, /skipped locked: cannot list directory: permission denied/);
      assert.match(r.stderr, /skipped secret\.yml: permission denied/);
    } finally {
      chmodSync(path.join(c, 'locked'), 0o755);
    }
  });

  it('an unreadable folder met during the walk is reported (injected readdir failure)', () => {
    const c = project('clean');
    mkdirSync(path.join(c, 'clean', 'locked'));
    const real = require('node:fs') as typeof import('node:fs');
    const fsx: WalkFs = {
      readdir: (d) => {
        if (d.endsWith('locked')) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        return real.readdirSync(d, { withFileTypes: true });
      },
    };
    const found = discover(['clean'], c, mergeSettings(), { fs: fsx });
    assert.deepEqual(found.files.map((f) => path.relative(c, f)), ['clean/template.yaml']);
    assert.equal(found.skipped.length, 1);
    assert.equal(found.skipped[0].reason, 'unreadable');
    assert.equal(found.skipped[0].incomplete, true);
    assert.match(found.skipped[0].detail, /cannot list directory: permission denied/);
  });

  it('FIFOs and devices named like configs inside a tree are skipped with a warning, never opened', { skip: !hasMkfifo && 'no mkfifo' }, () => {
    const g = project('good');
    mkdirSync(path.join(g, 'pipe'));
    execFileSync('mkfifo', [path.join(g, 'pipe', 'serverless.yml')]);
    const r = run(['scan', '.', '-f', 'json'], g);
    finished(r);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /skipped pipe\/serverless\.yml: not a regular file \(FIFO\)/);
    const out = JSON.parse(r.stdout);
    assert.equal(out.complete, true, 'a FIFO is a deliberate skip');
    assert.deepEqual(out.skipped, [{ file: 'pipe/serverless.yml', reason: 'not-regular', detail: 'not a regular file (FIFO)' }]);
    // As an explicit argument: never opened either.
    const r2 = run(['scan', 'pipe/serverless.yml', 'good'], g);
    finished(r2);
    assert.equal(r2.status, 1);
    assert.match(r2.stderr, /skipped pipe\/serverless\.yml: not a regular file \(FIFO\)/);
  });

  it('an unwritable --output: the report is printed to standard output, then the error, exit 2', () => {
    const g = project('good');
    const r = run(['scan', '.', '-f', 'json', '--output', 'no/such/dir/out.json'], g);
    finished(r);
    assert.equal(r.status, 2);
    assert.ok(JSON.parse(r.stdout).findings.length > 0, 'the report is not lost');
    assert.match(r.stderr, /cannot write no\/such\/dir\/out\.json: .*ENOENT.*printed to standard output instead/);
    mkdirSync(path.join(g, 'adir'));
    const r2 = run(['scan', '.', '--output', 'adir'], g);
    assert.equal(r2.status, 2);
    assert.match(r2.stdout, /1 finding \(1 error/);
  });

  it('SARIF lists skipped files under invocations[0].toolExecutionNotifications, and executionSuccessful', { skip: !hasMkfifo && 'no mkfifo' }, () => {
    const g = project('good');
    mkdirSync(path.join(g, 'pipe'));
    execFileSync('mkfifo', [path.join(g, 'pipe', 'template.yaml')]);
    writeFileSync(path.join(g, 'big.yml'), 'service: big\n');
    truncateSync(path.join(g, 'big.yml'), 5 * 1024 * 1024);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    const r = run(['scan', '.', 'missing.yml', '-f', 'sarif'], g);
    finished(r);
    assert.equal(r.status, 1);
    const sarif = JSON.parse(r.stdout);
    assert.ok(validate(structuredClone(sarif)), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const inv = sarif.runs[0].invocations[0];
    assert.equal(inv.executionSuccessful, false, 'missing.yml makes it incomplete');
    const notes = inv.toolExecutionNotifications.map((n: { level: string; properties: { reason: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [n.locations[0].physicalLocation.artifactLocation.uri, n.properties.reason, n.level]);
    // Found while listing (in argument and walk order), then found while reading (in scan order).
    assert.deepEqual(notes, [
      ['pipe/template.yaml', 'not-regular', 'warning'],
      ['missing.yml', 'missing', 'error'],
      ['big.yml', 'too-large', 'warning'],
    ]);
    assert.ok(sarif.runs[0].results.length > 0);
    const ok = JSON.parse(run(['scan', 'good', '-f', 'sarif'], g).stdout);
    assert.deepEqual(ok.runs[0].invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });
});

describe('CLI: workspace roots', () => {
  it('--root DIR: path arguments outside it are reported, not scanned', () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'sg-cli-root-'));
    try {
      mkdirSync(path.join(d, 'ws', 'svc'), { recursive: true });
      mkdirSync(path.join(d, 'other'));
      writeFileSync(path.join(d, 'ws', 'svc', 'serverless.yml'), ADMIN);
      writeFileSync(path.join(d, 'other', 'serverless.yml'), ADMIN);
      const r = run(['scan', 'ws', 'other', '--root', 'ws', '-f', 'json'], d);
      finished(r);
      assert.equal(r.status, 1);
      const out = JSON.parse(r.stdout);
      assert.deepEqual([...new Set(out.findings.map((f: { file: string }) => f.file))], ['ws/svc/serverless.yml']);
      assert.deepEqual(out.skipped, [{ file: 'other', reason: 'outside-root', detail: 'outside the workspace root (--root), not scanned' }]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('without --root: the current directory, plus each path argument outside it; the Project gets them', () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'sg-cli-roots-'));
    try {
      mkdirSync(path.join(d, 'a'));
      mkdirSync(path.join(d, 'b'));
      writeFileSync(path.join(d, 'b', 'template.yaml'), CLEAN);
      const cwd = path.join(d, 'a');
      const { roots, restrictTo } = rootsOf({ paths: ['.', '../b', '../b/template.yaml'], format: 'json', cwd });
      assert.equal(restrictTo, undefined);
      assert.deepEqual(roots, [cwd, path.join(d, 'b')]);
      assert.deepEqual(rootsOf({ paths: ['../b'], format: 'json', cwd, root: '..' }).roots, [d]);
      const seen: string[][] = [];
      analyzeFiles([path.join(d, 'b', 'template.yaml')], { cwd, settings: mergeSettings(), roots }, (project) => {
        seen.push([...(project as unknown as { roots: string[] }).roots]);
        return new Engine(project, allRules);
      }, () => {});
      assert.deepEqual(seen, [roots]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('shell/read.ts: readRegularFile', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sg-read-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a regular file (BOM and invalid UTF-8 as readFileSync does)', () => {
    const f = path.join(dir, 'a.yml');
    const data = Buffer.concat([Buffer.from('\uFEFFa: 1\n'), Buffer.from([0xff, 0x0a])]);
    writeFileSync(f, data);
    assert.deepEqual(readRegularFile(f, 1024), { text: readFileSync(f, 'utf8') });
    assert.deepEqual(readRegularFile(f, data.length), { text: readFileSync(f, 'utf8') }, 'exactly at the cap');
    assert.deepEqual(readRegularFile(f, data.length - 1), { skipped: { reason: 'too-large', detail: `larger than ${data.length - 1} bytes (${data.length} bytes)` } });
  });

  it('refuses, without opening: missing, directory, device, FIFO, loop, and a sparse 200 MB file', () => {
    const reason = (p: string, max = 1024 * 1024) => {
      const r = readRegularFile(p, max);
      return 'skipped' in r ? r.skipped.reason : 'read';
    };
    assert.equal(reason(path.join(dir, 'nope')), 'missing');
    assert.equal(reason(dir), 'directory');
    assert.equal(reason('/dev/zero'), 'not-regular');
    assert.equal(reason('/dev/null'), 'not-regular');
    symlinkSync('/dev/urandom', path.join(dir, 'rand.yml'));
    assert.equal(reason(path.join(dir, 'rand.yml')), 'not-regular');
    symlinkSync('self', path.join(dir, 'self'));
    assert.equal(reason(path.join(dir, 'self')), 'symlink-loop');
    const big = path.join(dir, 'big.yml');
    writeFileSync(big, '');
    truncateSync(big, 200 * 1024 * 1024);
    assert.equal(reason(big), 'too-large');
    if (hasMkfifo) {
      execFileSync('mkfifo', [path.join(dir, 'fifo.yml')]);
      assert.equal(reason(path.join(dir, 'fifo.yml')), 'not-regular');
    }
  });

  it('loadSettings: a usage error for an unusable --config, a warning for the default file', () => {
    const cwd = mkdtempSync(path.join(dir, 'cfg-'));
    assert.throws(() => loadSettings({ paths: ['.'], format: 'json', cwd, config: '/dev/zero' }), (e: unknown) => e instanceof UsageError && /character device/.test((e as Error).message));
    assert.throws(() => loadSettings({ paths: ['.'], format: 'json', cwd, config: 'nope.yml' }), /config file not found: nope\.yml/);
    assert.deepEqual(loadSettings({ paths: ['.'], format: 'json', cwd }), { settings: mergeSettings(), warnings: [], incomplete: false });
    symlinkSync('/dev/zero', path.join(cwd, '.serverless-guard.yml'));
    const l = loadSettings({ paths: ['.'], format: 'json', cwd });
    assert.equal(l.incomplete, true);
    assert.match(l.warnings[0], /not used \(not a regular file \(character device\)\)/);
  });
});
