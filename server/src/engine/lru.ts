/**
 * Bounded caches and their owner. Every cache keyed by document or path is either an `LruCache`
 * (a size bound: the least recently used entry goes first) or cleared by its owner, and usually
 * both: `releasePath(path)` — called by `Engine.forget` when a document closes or a file changes —
 * drops that path from every cache registered with `ownedByPath`. Nothing keeps a closed
 * document's text.
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(readonly max: number) {}

  get size(): number {
    return this.map.size;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  /** The value, marked most recently used. */
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined || this.map.has(key)) {
      this.map.delete(key);
      this.map.set(key, v as V);
    }
    return v;
  }

  set(key: K, value: V): this {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
    return this;
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  keys(): IterableIterator<K> {
    return this.map.keys();
  }
}

/** Something that can drop what it holds for a path (and, if it can, everything at once). */
export interface PathOwned {
  delete(path: string): unknown;
  clear?(): void;
}

const owned = new Set<PathOwned>();

/** Registers a process-wide cache keyed by path, so `releasePath` clears it. Returns the cache. */
export function ownedByPath<T extends PathOwned>(cache: T): T {
  owned.add(cache);
  return cache;
}

/** Drops a path from every registered cache (a document closed, a file changed on disk). */
export function releasePath(path: string): void {
  for (const c of owned) c.delete(path);
}

/**
 * Empties every registered cache: the CLI calls it after each project (task), whose files no later
 * task reads again (the caches check the text on every hit, so this changes no result). Without it a
 * scan worker kept up to 128 lowered imports (their syntax trees) and the config models of projects
 * long finished: ~60 MB of a worker's live heap on the AWS patterns collection.
 */
export function releaseAllPaths(): void {
  for (const c of owned) c.clear?.();
}

/**
 * A copy of a string that shares no memory with the text it was cut from. V8 keeps a whole
 * document alive behind a short `slice` of it (a sliced or concatenated string points at its
 * parent), so a process-wide cache keyed by values from a document would keep every closed
 * document's text: keys and values stored in such caches are detached first.
 */
export function detach(s: string): string {
  // Concatenation then slice makes V8 flatten into a fresh sequential string.
  return s.length === 0 ? '' : (' ' + s).slice(1);
}

/** A deep copy of plain data (strings detached): what a process-wide cache may keep of a document. */
export function detachData<T>(v: T): T {
  try {
    return structuredClone(v);
  } catch {
    return v;
  }
}
