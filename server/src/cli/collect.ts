/**
 * File discovery for `serverless-guard scan`, and the split of the found files into tasks (one
 * project folder each) that workers analyse independently.
 *
 * Discovery never opens a file and never follows a symbolic link inside a directory (a link given
 * as a path argument is followed). What cannot be scanned is reported, not dropped: a missing path
 * argument, a symlink loop (ELOOP), an unreadable directory, a FIFO/device/socket with a config or
 * code name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codeKindOf, isConfigCandidate } from '../engine/engine';
import { CONFIG_FILE_NAMES } from '../engine/handlers';
import { CONFIG_FILE_NAME, isIgnoredPath, type Settings } from '../engine/settings';
import { fileTypeName, skipFromError, statPath, type SkipReason } from '../shell/read';

export const SKIP_DIRS = new Set(['node_modules', '.git', '.serverless', '.aws-sam', 'cdk.out', '.esbuild', '.webpack', '.build']);

export interface SkippedPath {
  /** Absolute path. */
  path: string;
  reason: SkipReason | 'outside-root';
  detail: string;
  /** The scan is incomplete because of it (exit code 3), as opposed to a deliberate skip (a FIFO, a file over the size cap). */
  incomplete: boolean;
}

export interface Discovery {
  /** Absolute paths of the files to analyse, in scan order (path arguments in order, each walked in name order), without duplicates. */
  files: string[];
  /** Paths found but not scanned, in the order met. */
  skipped: SkippedPath[];
  /** How many path arguments could be scanned (exist, readable, inside the roots). */
  scannedArgs: number;
}

/** Just enough of `fs` for the walk (tests inject failures root cannot otherwise see). */
export interface WalkFs {
  readdir(dir: string): fs.Dirent[];
}

const realFs: WalkFs = { readdir: (dir) => fs.readdirSync(dir, { withFileTypes: true }) };

export function relativePath(cwd: string, abs: string): string {
  const r = path.relative(cwd, abs);
  return (r === '' ? path.basename(abs) : r).split(path.sep).join('/');
}

/** Is `p` the folder `root` or inside it? */
export function isInside(root: string, p: string): boolean {
  const r = path.relative(root, p);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

/** Skipped reasons that make a scan incomplete (exit code 3). */
export function makesIncomplete(reason: SkippedPath['reason']): boolean {
  return reason === 'missing' || reason === 'symlink-loop' || reason === 'unreadable' || reason === 'outside-root';
}

function wantedName(name: string): boolean {
  if (!isConfigCandidate(name) && !codeKindOf(name)) return false;
  if (name === CONFIG_FILE_NAME) return false; // the settings file, read by loadSettings
  return !(name === 'package-lock.json' || name === 'package.json' || name.startsWith('tsconfig'));
}

/**
 * Finds the files to scan under the path arguments. `roots`: when given (`--root`), path arguments
 * outside every root are reported and not scanned.
 */
export function discover(args: string[], cwd: string, settings: Settings, opts: { restrictTo?: string[]; fs?: WalkFs } = {}): Discovery {
  const wfs = opts.fs ?? realFs;
  const out: Discovery = { files: [], skipped: [], scannedArgs: 0 };
  const seen = new Set<string>();
  const add = (p: string) => {
    if (!seen.has(p)) {
      seen.add(p);
      out.files.push(p);
    }
  };
  const skip = (p: string, reason: SkippedPath['reason'], detail: string) => out.skipped.push({ path: p, reason, detail, incomplete: makesIncomplete(reason) });
  const ignored = (p: string) => isIgnoredPath(settings, relativePath(cwd, p));

  const walk = (dir: string): boolean => {
    let entries: fs.Dirent[];
    try {
      entries = wfs.readdir(dir);
    } catch (e) {
      const s = skipFromError(e);
      skip(dir, s.reason === 'missing' ? 'unreadable' : s.reason, `cannot list directory: ${s.detail}`);
      return false;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name) || ignored(p)) continue;
        walk(p);
      } else if (e.isFile()) {
        if (wantedName(e.name) && !ignored(p)) add(p);
      } else if (!e.isSymbolicLink() && wantedName(e.name) && !ignored(p)) {
        // A FIFO, device or socket named like a config or handler: never opened, but said.
        const st = statPath(p);
        skip(p, 'not-regular', `not a regular file (${'stats' in st ? fileTypeName(st.stats) : 'special file'})`);
      }
      // Symbolic links inside a tree are not followed (they may point outside it, or loop).
    }
    return true;
  };

  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    if (opts.restrictTo && !opts.restrictTo.some((r) => isInside(r, abs))) {
      skip(abs, 'outside-root', 'outside the workspace root (--root), not scanned');
      continue;
    }
    const s = statPath(abs);
    if ('skipped' in s) {
      skip(abs, s.skipped.reason, s.skipped.detail);
      continue;
    }
    const st = s.stats;
    if (st.isFile()) {
      // An explicit file is scanned whatever its name.
      out.scannedArgs++;
      add(abs);
    } else if (st.isDirectory()) {
      if (walk(abs)) out.scannedArgs++;
    } else {
      skip(abs, 'not-regular', `not a regular file (${fileTypeName(st)})`);
    }
  }
  return out;
}

export interface Task {
  /** Scan-order indexes of `files` (ascending). */
  indexes: number[];
  files: string[];
}

/** Files per task at most: a huge project folder is split (results do not depend on the split). */
export const MAX_TASK_FILES = 400;

const CONFIG_NAMES = new Set(CONFIG_FILE_NAMES);

/**
 * Groups files into tasks, one per project folder: the nearest folder (at or above the file, not
 * above its scan root) holding a serverless.yml / template.yaml-style config, so a config and its
 * handlers are analysed by the same worker and share its parse caches; a file with no config above
 * it forms a task with the others of its folder. Tasks are ordered by their first file.
 */
export function groupTasks(files: string[], stopDirs: (file: string) => string | undefined): Task[] {
  const configDirs = new Set<string>();
  for (const f of files) if (CONFIG_NAMES.has(path.basename(f))) configDirs.add(path.dirname(f));
  const byKey = new Map<string, Task>();
  const order: Task[] = [];
  files.forEach((f, i) => {
    const own = path.dirname(f);
    const stop = stopDirs(f);
    let key = own;
    for (let d = own; ; ) {
      if (configDirs.has(d)) {
        key = d;
        break;
      }
      const up = path.dirname(d);
      if (up === d || (stop !== undefined && d === stop)) break;
      d = up;
    }
    let t = byKey.get(key);
    if (!t || t.files.length >= MAX_TASK_FILES) {
      t = { indexes: [], files: [] };
      byKey.set(key, t);
      order.push(t);
    }
    t.indexes.push(i);
    t.files.push(f);
  });
  return order.sort((a, b) => a.indexes[0] - b.indexes[0]);
}
