/**
 * The file source both shells (CLI and language server) give the engine: the local disk, read-only.
 * Only regular files are read, never more than `maxBytes` (bigger ones are treated as absent), and
 * never through a link at the last step: the `Project` first asks `realpath` (symlinks resolved)
 * and checks the result against the workspace folders, then reads that real path with O_NOFOLLOW
 * and O_NONBLOCK (a FIFO cannot block the open; a link swapped in meanwhile is refused). Devices,
 * FIFOs, sockets and /proc files (size 0, endless) are never read. The engine itself never touches
 * the file system.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { FileSource } from '../engine/project';

const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Reads a regular file of at most `maxBytes` without following a link at the last step and
 * without blocking on a FIFO; undefined for anything else.
 */
export function readRegularFile(p: string, maxBytes: number): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(p, OPEN_FLAGS);
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    // Never trust st.size alone (a file may grow): read at most maxBytes + 1.
    const buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(st.size, 0) + 1));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (buf.length > maxBytes) return undefined;
        break;
      }
      const r = fs.readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
    }
    if (n > maxBytes) return undefined;
    return buf.toString('utf8', 0, n);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        /* ignore */
      }
    }
  }
}

/**
 * The real path of `p`; for a path that does not exist, the real path of its longest existing
 * ancestor with the rest appended (so `lib/x.js` under `lib → /etc` resolves to `/etc/x.js` whether
 * or not that file exists: the answer never depends on what exists outside). Undefined when an
 * entry exists but cannot be resolved (a dangling link or a loop).
 */
export function resolveRealPath(p: string): string | undefined {
  let cur = p;
  const rest: string[] = [];
  for (let i = 0; i < 4096; i++) {
    try {
      const real = fs.realpathSync.native(cur);
      return rest.length ? nodePath.posix.join(real.split(nodePath.sep).join('/'), ...rest.reverse()) : real.split(nodePath.sep).join('/');
    } catch {
      try {
        fs.lstatSync(cur);
        return undefined; // something is there but does not resolve: a dangling link or a loop
      } catch {
        /* missing: try the parent */
      }
    }
    const parent = nodePath.dirname(cur);
    if (parent === cur) return undefined;
    rest.push(nodePath.basename(cur));
    cur = parent;
  }
  return undefined;
}

export function diskSource(maxBytes: number): FileSource {
  return {
    readFile: (p) => readRegularFile(p, maxBytes),
    exists: (p) => {
      try {
        return fs.lstatSync(p).isFile();
      } catch {
        return false;
      }
    },
    listDir: (d) => {
      try {
        return fs.readdirSync(d);
      } catch {
        return undefined;
      }
    },
    realpath: resolveRealPath,
  };
}
