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

/** Something that can drop what it holds for a path. */
export interface PathOwned {
  delete(path: string): unknown;
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
