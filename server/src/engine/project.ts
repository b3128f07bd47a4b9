/**
 * The engine's view of the workspace: open documents overlaid on a read-only file source that the
 * shell provides (the CLI reads the disk; the language server reads open buffers, then the disk).
 * Paths are project paths: absolute, with forward slashes.
 */

export interface FileSource {
  readFile(path: string): string | undefined;
  /** Whether a file exists (cheaper than reading it); falls back to `readFile`. */
  exists?(path: string): boolean;
  /** Files directly in a directory (names only), for handler lookup; optional. */
  listDir?(path: string): string[] | undefined;
  /**
   * The real path (symlinks resolved) of `path`, or of its longest existing ancestor with the rest
   * appended when it does not exist; undefined when it cannot be resolved (a dangling link, a
   * loop). The workspace boundary checks this before anything is read, stat'ed or listed.
   */
  realpath?(path: string): string | undefined;
}

export interface ProjectOptions {
  /**
   * The workspace folders (absolute paths). When given, nothing outside them is read, stat'ed or
   * listed, symlinks included: the workspace boundary. Omitted: no boundary (tests, library use).
   * An empty list means: open documents only, nothing from the disk.
   */
  roots?: string[];
}

/** Why a path was not read: it is outside the workspace folders (lexically or through a link). */
export type Access = 'inside' | 'outside';

export class Project {
  private readonly overlay = new Map<string, { text: string; version: number }>();
  /** File existence, cached until `invalidate` (the shells call it when files change on disk). */
  private readonly existence = new Map<string, boolean>();
  /** Boundary verdicts of resolved paths, cached until `invalidate` (bounded). */
  private readonly access = new Map<string, string | null>();
  private boundary: string[] | undefined;

  constructor(
    private readonly source: FileSource = { readFile: () => undefined },
    options: ProjectOptions = {},
  ) {
    this.setRoots(options.roots);
  }

  /** Bumped whenever the set of files that exist may have changed (opened, closed, invalidated). */
  generation = 0;

  /** The workspace folders, or undefined when there is no boundary. */
  get roots(): readonly string[] | undefined {
    return this.boundary;
  }

  /** Changes the workspace folders (the editor added or removed one). */
  setRoots(roots: readonly string[] | undefined): void {
    this.boundary = roots?.map((r) => {
      const n = normalizePath(r);
      return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
    });
    this.invalidate();
  }

  /**
   * The path below the workspace folder that holds it (the longest such folder), or the path itself
   * without a boundary or outside every folder. Path policies (tests, fixtures, scripts) look at
   * this: a workspace that itself sits under a folder named `test` is not a test.
   */
  relativeToRoot(path: string): string {
    const roots = this.boundary;
    const p = normalizePath(path);
    if (!roots) return p;
    let best: string | undefined;
    for (const r of roots) if (within(p, r) && (!best || r.length > best.length)) best = r;
    if (best === undefined) return p;
    return best === '/' ? p.slice(1) : p.slice(best.length + 1);
  }

  /**
   * Is the path inside a workspace folder, written as it is (no IO)? Always true without a
   * boundary. Relative or `..`-escaping paths are outside.
   */
  isInside(path: string): boolean {
    const roots = this.boundary;
    if (!roots) return true;
    const p = normalizePath(path);
    if (!p.startsWith('/') && !/^[A-Za-z]:\//.test(p)) return false;
    if (p.split('/').includes('..')) return false;
    return roots.some((r) => within(p, r));
  }

  /**
   * Where a path really is: `outside` when it is written outside the workspace folders or resolves
   * (through symlinks, checked with the file source's `realpath`) outside them. Never reads the file.
   */
  accessOf(path: string): Access {
    if (!this.boundary) return 'inside';
    return this.resolve(normalizePath(path)) === undefined ? 'outside' : 'inside';
  }

  /** The path to hand the file source (its real path when the source resolves links), or undefined when outside. */
  private resolve(p: string): string | undefined {
    const roots = this.boundary;
    if (this.overlay.has(p) && (!roots || !roots.length || this.isInside(p))) return p;
    if (roots && !this.isInside(p)) return undefined;
    if (!this.source.realpath) return p;
    let a = this.access.get(p);
    if (a === undefined) {
      let real: string | undefined;
      try {
        real = this.source.realpath(p);
      } catch {
        real = undefined;
      }
      if (real !== undefined) real = normalizePath(real);
      // Inside when the real path is inside a folder, or inside that folder's own real path.
      a = real !== undefined && (!roots || this.isInside(real) || this.realRoots().some((r) => within(real!, r))) ? real : null;
      if (this.access.size >= MAX_PATH_CACHE) this.access.clear();
      this.access.set(p, a);
    }
    return a ?? undefined;
  }

  private realRootsCache: string[] | undefined;
  private realRoots(): string[] {
    if (!this.realRootsCache) {
      const out: string[] = [];
      for (const r of this.boundary ?? []) {
        try {
          const real = this.source.realpath?.(r);
          if (real) out.push(normalizePath(real));
        } catch {
          /* root gone */
        }
      }
      this.realRootsCache = out;
    }
    return this.realRootsCache;
  }

  setOpen(path: string, text: string, version: number): void {
    const p = normalizePath(path);
    if (!this.overlay.has(p)) this.generation++;
    this.overlay.set(p, { text, version });
  }

  close(path: string): void {
    if (this.overlay.delete(normalizePath(path))) this.generation++;
    this.release(path);
  }

  /** Caches of this project keyed by path (analyses register theirs): `release` clears a path in each. */
  private readonly owned = new Set<{ delete(path: string): unknown }>();

  /** Registers a per-project cache keyed by path; returns it. */
  own<T extends { delete(path: string): unknown }>(cache: T): T {
    this.owned.add(cache);
    return cache;
  }

  /** Drops a path from this project's caches (the document closed, the file changed). */
  release(path: string): void {
    const p = normalizePath(path);
    for (const c of this.owned) c.delete(p);
  }

  isOpen(path: string): boolean {
    return this.overlay.has(normalizePath(path));
  }

  openPaths(): string[] {
    return [...this.overlay.keys()];
  }

  /** Does the file exist (open, or on disk, inside the workspace)? Cached: handler lookups ask this for many candidates. */
  exists(path: string): boolean {
    const p = normalizePath(path);
    const r = this.resolve(p);
    if (r === undefined) return false;
    if (this.overlay.has(p)) return true;
    if (this.boundary && !this.boundary.length) return false;
    let e = this.existence.get(p);
    if (e === undefined) {
      try {
        e = this.source.exists ? this.source.exists(r) : this.source.readFile(r) !== undefined;
      } catch {
        e = false;
      }
      if (this.existence.size >= MAX_PATH_CACHE) this.existence.clear();
      this.existence.set(p, e);
    }
    return e;
  }

  /** Forget cached existence (a file was created, deleted or renamed). */
  invalidate(): void {
    this.existence.clear();
    this.access.clear();
    this.realRootsCache = undefined;
    this.generation++;
  }

  /** The text of a file inside the workspace (open buffer first, then the file source). */
  readFile(path: string): string | undefined {
    const p = normalizePath(path);
    const r = this.resolve(p);
    if (r === undefined) return undefined;
    const o = this.overlay.get(p);
    if (o) return o.text;
    if (this.boundary && !this.boundary.length) return undefined;
    try {
      return this.source.readFile(r);
    } catch {
      return undefined;
    }
  }

  /** Names in a folder inside the workspace (never one above a workspace folder). */
  listDir(path: string): string[] | undefined {
    const p = normalizePath(path);
    const r = this.resolve(p);
    if (r === undefined) return undefined;
    if (this.boundary && !this.boundary.length) return undefined;
    try {
      return this.source.listDir?.(r);
    } catch {
      return undefined;
    }
  }
}

/** Entries kept in the per-path existence and boundary caches before they are dropped. */
const MAX_PATH_CACHE = 10_000;

function within(p: string, root: string): boolean {
  return p === root || root === '/' || p.startsWith(root + '/');
}

export function normalizePath(p: string): string {
  // Fast path: already normal (no backslashes, no `.`/`..` segments, no `//`).
  if (p.indexOf('\\') < 0 && p.indexOf('/.') < 0 && p.indexOf('//') < 0 && !p.startsWith('./')) return p;
  let s = p.replace(/\\/g, '/');
  // collapse `a/./b` and `a/x/../b`
  const parts: string[] = [];
  for (const seg of s.split('/')) {
    if (seg === '.' ) continue;
    if (seg === '..' && parts.length && parts[parts.length - 1] !== '..' && parts[parts.length - 1] !== '') parts.pop();
    else parts.push(seg);
  }
  s = parts.join('/');
  return s;
}

/** Display form of `file` relative to the folder `fromDir` (`../01-app/template.yaml`). */
export function relativeTo(fromDir: string, file: string): string {
  const a = fromDir.split('/').filter(Boolean);
  const b = file.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const up = a.length - i;
  return [...Array<string>(up).fill('..'), ...b.slice(i)].join('/') || file;
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i > 0 ? p.slice(0, i) : i === 0 ? '/' : '.';
}

export function joinPath(a: string, b: string): string {
  if (b.startsWith('/')) return normalizePath(b);
  return normalizePath(a.endsWith('/') ? a + b : a + '/' + b);
}
