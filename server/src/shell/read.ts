/**
 * A safe reader for files the shells open by path (the CLI's scanned files and settings file):
 * only regular files, never more than `maxBytes`, never blocking. `stat` (which follows symbolic
 * links) comes before `open`, so a FIFO, a device (`/dev/zero`), a socket or a directory is never
 * opened; the file is opened with O_NONBLOCK (a file swapped for a FIFO between the two calls does
 * not block the open) and checked again with `fstat` on the open descriptor; at most `maxBytes + 1`
 * bytes are read, so a file that grows meanwhile is still refused rather than read whole.
 */
import * as fs from 'node:fs';

export type SkipReason =
  /** No such file (or a dangling symbolic link). */
  | 'missing'
  /** A symbolic link that points (directly or not) back to itself: ELOOP. */
  | 'symlink-loop'
  /** A directory where a file was expected. */
  | 'directory'
  /** A FIFO, character/block device or socket. */
  | 'not-regular'
  /** Larger than the size cap. */
  | 'too-large'
  /** Permission denied, I/O error, …: the file exists but could not be read. */
  | 'unreadable';

export interface Skipped {
  reason: SkipReason;
  /** Human-readable, without the path: "not a regular file (FIFO)", "larger than 4 MB", … */
  detail: string;
}

export type ReadResult = { text: string } | { skipped: Skipped };

function sizeLabel(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return n % 1024 === 0 ? `${n / 1024} KB` : `${n} bytes`;
}

/** What kind of special file a stat describes (for messages). */
export function fileTypeName(st: fs.Stats): string {
  if (st.isFIFO()) return 'FIFO';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isSocket()) return 'socket';
  if (st.isDirectory()) return 'directory';
  if (st.isSymbolicLink()) return 'symbolic link';
  return 'special file';
}

/** A skip reason for an error thrown by stat/open/read/readdir. */
export function skipFromError(err: unknown): Skipped {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return { reason: 'missing', detail: 'no such file or directory' };
    case 'ENOTDIR':
      return { reason: 'missing', detail: 'no such file or directory (a parent is not a directory)' };
    case 'ELOOP':
      return { reason: 'symlink-loop', detail: 'symlink loop (ELOOP: too many levels of symbolic links)' };
    case 'EACCES':
    case 'EPERM':
      return { reason: 'unreadable', detail: `permission denied (${code})` };
    case 'EISDIR':
      return { reason: 'directory', detail: 'is a directory' };
    default:
      return { reason: 'unreadable', detail: `cannot read (${code ?? String((err as Error)?.message ?? err).split('\n')[0]})` };
  }
}

/** Stat (following links) that never throws: the stats, or why the path cannot be used. */
export function statPath(p: string): { stats: fs.Stats } | { skipped: Skipped } {
  try {
    return { stats: fs.statSync(p) };
  } catch (e) {
    return { skipped: skipFromError(e) };
  }
}

/** Why a stat result is not a readable regular file within `maxBytes`, if it is not. */
export function regularFileProblem(st: fs.Stats, maxBytes: number): Skipped | undefined {
  if (st.isDirectory()) return { reason: 'directory', detail: 'is a directory' };
  if (!st.isFile()) return { reason: 'not-regular', detail: `not a regular file (${fileTypeName(st)})` };
  if (st.size > maxBytes) return { reason: 'too-large', detail: `larger than ${sizeLabel(maxBytes)} (${sizeLabel(st.size)})` };
  return undefined;
}

/**
 * Reads a regular file as UTF-8 (invalid sequences become U+FFFD, as `readFileSync` does) if it is
 * at most `maxBytes` long; otherwise says why not. Never throws, never blocks on a FIFO, never
 * reads more than `maxBytes + 1` bytes.
 */
export function readRegularFile(p: string, maxBytes: number): ReadResult {
  const s = statPath(p);
  if ('skipped' in s) return s;
  const problem = regularFileProblem(s.stats, maxBytes);
  if (problem) return { skipped: problem };
  let fd: number | undefined;
  try {
    fd = fs.openSync(p, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd);
    const again = regularFileProblem(st, maxBytes);
    if (again) return { skipped: again };
    const chunks: Buffer[] = [];
    let total = 0;
    const limit = maxBytes + 1;
    // The size from fstat, plus one byte to notice a file that grew since; then small steps.
    let want = st.size + 1;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(want, limit - total));
      want = 64 * 1024;
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      if (total > maxBytes) return { skipped: { reason: 'too-large', detail: `larger than ${sizeLabel(maxBytes)}` } };
    }
    return { text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (e) {
    return { skipped: skipFromError(e) };
  } finally {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already closed */
      }
    }
  }
}
