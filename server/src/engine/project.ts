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
}

export class Project {
  private readonly overlay = new Map<string, { text: string; version: number }>();
  /** File existence, cached until `invalidate` (the shells call it when files change on disk). */
  private readonly existence = new Map<string, boolean>();

  /** Workspace roots (folders) the project belongs to. */
  readonly roots: string[];

  constructor(
    private readonly source: FileSource = { readFile: () => undefined },
    options?: { roots?: string[] },
  ) {
    this.roots = options?.roots ?? [];
  }

  /** Bumped whenever the set of files that exist may have changed (opened, closed, invalidated). */
  generation = 0;

  setOpen(path: string, text: string, version: number): void {
    const p = normalizePath(path);
    if (!this.overlay.has(p)) this.generation++;
    this.overlay.set(p, { text, version });
  }

  close(path: string): void {
    if (this.overlay.delete(normalizePath(path))) this.generation++;
  }

  isOpen(path: string): boolean {
    return this.overlay.has(normalizePath(path));
  }

  openPaths(): string[] {
    return [...this.overlay.keys()];
  }

  /** Does the file exist (open, or on disk)? Cached: handler lookups ask this for many candidates. */
  exists(path: string): boolean {
    const p = normalizePath(path);
    if (this.overlay.has(p)) return true;
    let e = this.existence.get(p);
    if (e === undefined) {
      try {
        e = this.source.exists ? this.source.exists(p) : this.source.readFile(p) !== undefined;
      } catch {
        e = false;
      }
      this.existence.set(p, e);
    }
    return e;
  }

  /** Forget cached existence (a file was created, deleted or renamed). */
  invalidate(): void {
    this.existence.clear();
    this.generation++;
  }

  readFile(path: string): string | undefined {
    const p = normalizePath(path);
    const o = this.overlay.get(p);
    if (o) return o.text;
    try {
      return this.source.readFile(p);
    } catch {
      return undefined;
    }
  }

  listDir(path: string): string[] | undefined {
    try {
      return this.source.listDir?.(normalizePath(path));
    } catch {
      return undefined;
    }
  }
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

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i > 0 ? p.slice(0, i) : i === 0 ? '/' : '.';
}

export function joinPath(a: string, b: string): string {
  if (b.startsWith('/')) return normalizePath(b);
  return normalizePath(a.endsWith('/') ? a + b : a + '/' + b);
}
