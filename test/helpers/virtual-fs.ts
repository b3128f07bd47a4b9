/**
 * A virtual file system with folders, files and symbolic links, as a recording `FileSource`: every
 * path the engine asks the source about is logged, so a test can assert that nothing outside the
 * workspace was opened, stat'ed or listed. `realpath` follows the same rules as the disk source
 * (`resolveRealPath` in server/src/shell/disk.ts).
 */
import type { FileSource } from '../../server/src/engine/project';

export type Entry = string | { link: string };

export interface Recording {
  /** `readFile`, `exists`, `listDir` calls, with the path asked (the real path, after the boundary). */
  reads: { op: 'readFile' | 'exists' | 'listDir'; path: string }[];
  realpaths: string[];
}

export function virtualFs(files: Record<string, Entry>): { source: FileSource; rec: Recording } {
  const entries = new Map(Object.entries(files));
  const rec: Recording = { reads: [], realpaths: [] };
  const isDir = (p: string) => p === '/' || [...entries.keys()].some((k) => k.startsWith(p + '/'));
  /** Follows links component by component; undefined when missing, 'dangling' when a link leads nowhere. */
  const resolve = (p: string, depth = 0): string | undefined | 'dangling' => {
    if (depth > 40) return 'dangling';
    const parts = p.split('/').filter(Boolean);
    let cur = '';
    for (let i = 0; i < parts.length; i++) {
      const next = `${cur}/${parts[i]}`;
      const e = entries.get(next);
      if (e !== undefined && typeof e === 'object') {
        const target = e.link.startsWith('/') ? e.link : `${cur || ''}/${e.link}`;
        const r = resolve(normal(target), depth + 1);
        if (r === undefined || r === 'dangling') return 'dangling';
        cur = r;
      } else if (e !== undefined || isDir(next)) {
        cur = next;
      } else {
        return undefined;
      }
    }
    return cur || '/';
  };
  const fileAt = (p: string): string | undefined => {
    const e = entries.get(p);
    return typeof e === 'string' ? e : undefined;
  };
  const source: FileSource = {
    readFile: (p) => {
      rec.reads.push({ op: 'readFile', path: p });
      return fileAt(p);
    },
    exists: (p) => {
      rec.reads.push({ op: 'exists', path: p });
      return fileAt(p) !== undefined;
    },
    listDir: (d) => {
      rec.reads.push({ op: 'listDir', path: d });
      if (!isDir(d)) return undefined;
      const out = new Set<string>();
      for (const k of entries.keys()) if (k.startsWith(d === '/' ? '/' : d + '/')) out.add(k.slice(d === '/' ? 1 : d.length + 1).split('/')[0]);
      return [...out];
    },
    realpath: (p) => {
      rec.realpaths.push(p);
      let cur = p;
      const rest: string[] = [];
      for (;;) {
        const r = resolve(cur);
        if (r === 'dangling') return undefined;
        if (r !== undefined) return rest.length ? normal(`${r}/${rest.reverse().join('/')}`) : r;
        const i = cur.lastIndexOf('/');
        if (i <= 0) return p;
        rest.push(cur.slice(i + 1));
        cur = cur.slice(0, i);
      }
    },
  };
  return { source, rec };
}

function normal(p: string): string {
  const out: string[] = [];
  for (const s of p.split('/')) {
    if (!s || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return '/' + out.join('/');
}

/** Paths the source was asked to read, stat or list that are not inside `root`. */
export function outsideRequests(rec: Recording, root: string): string[] {
  return rec.reads.map((r) => `${r.op} ${r.path}`).filter((s) => {
    const p = s.slice(s.indexOf(' ') + 1);
    return !(p === root || p.startsWith(root + '/'));
  });
}
