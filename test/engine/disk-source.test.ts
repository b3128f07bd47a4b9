/**
 * The shells' disk source behind the workspace boundary: real paths (links resolved, a missing
 * file's real path from its longest existing ancestor, dangling links refused) and reads of regular
 * files only, never following a link at the last step, never blocking on a FIFO, never past the cap.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Project } from '../../server/src/engine/project';
import { diskSource, readRegularFile, resolveRealPath } from '../../server/src/shell/disk';

describe('disk source', () => {
  let dir: string;
  let ws: string;
  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sg-disk-')));
    ws = path.join(dir, 'ws');
    fs.mkdirSync(path.join(ws, 'src'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'outside'));
    fs.writeFileSync(path.join(ws, 'src', 'a.js'), 'a');
    fs.writeFileSync(path.join(dir, 'outside', 'secret.js'), 'secret');
    fs.symlinkSync('src/a.js', path.join(ws, 'in.js'));
    fs.symlinkSync('../outside', path.join(ws, 'lib'));
    fs.symlinkSync('/nowhere/at/all', path.join(ws, 'dangling.js'));
    fs.symlinkSync('/dev/zero', path.join(ws, 'zero.js'));
    fs.writeFileSync(path.join(ws, 'big.js'), 'x'.repeat(2048));
    execFileSync('mkfifo', [path.join(ws, 'fifo.js')]);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('resolves links, and missing files through their existing ancestors', () => {
    assert.equal(resolveRealPath(path.join(ws, 'in.js')), path.join(ws, 'src', 'a.js'));
    assert.equal(resolveRealPath(path.join(ws, 'lib', 'secret.js')), path.join(dir, 'outside', 'secret.js'));
    // Missing behind a linked folder: still resolved outside (whether or not it exists there).
    assert.equal(resolveRealPath(path.join(ws, 'lib', 'missing.js')), path.join(dir, 'outside', 'missing.js'));
    assert.equal(resolveRealPath(path.join(ws, 'src', 'missing', 'x.js')), path.join(ws, 'src', 'missing', 'x.js'));
    assert.equal(resolveRealPath(path.join(ws, 'dangling.js')), undefined);
  });

  it('reads regular files only, within the cap, without blocking on a FIFO or reading a device', () => {
    assert.equal(readRegularFile(path.join(ws, 'src', 'a.js'), 100), 'a');
    assert.equal(readRegularFile(path.join(ws, 'fifo.js'), 100), undefined);
    assert.equal(readRegularFile('/dev/zero', 100), undefined);
    assert.equal(readRegularFile(path.join(ws, 'zero.js'), 100), undefined, 'a link at the last step is not followed');
    assert.equal(readRegularFile(path.join(ws, 'big.js'), 1024), undefined);
    assert.equal(readRegularFile(path.join(ws, 'big.js'), 4096)?.length, 2048);
    assert.equal(readRegularFile(ws, 100), undefined, 'a folder');
  });

  it('behind a Project with the workspace as root: links inside followed, links out refused', () => {
    const project = new Project(diskSource(1 << 20), { roots: [ws] });
    assert.equal(project.readFile(path.join(ws, 'in.js')), 'a');
    assert.equal(project.readFile(path.join(ws, 'lib', 'secret.js')), undefined);
    assert.equal(project.exists(path.join(ws, 'lib', 'secret.js')), false);
    assert.equal(project.listDir(path.join(ws, 'lib')), undefined);
    assert.equal(project.listDir(dir), undefined);
    assert.equal(project.readFile(path.join(ws, 'zero.js')), undefined);
    assert.equal(project.readFile(path.join(ws, 'fifo.js')), undefined);
    assert.equal(project.readFile(path.join(ws, 'dangling.js')), undefined);
    assert.deepEqual(project.listDir(path.join(ws, 'src')), ['a.js']);
  });
});
