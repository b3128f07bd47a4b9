/** What the loader (loader.ts, `dist/server.js`) hands the bundle about its V8 code cache; no imports, so the loader stays small. */
export interface CodeCacheHook {
  /** True when this start had no usable cache: write one once the warm-up is done. */
  wanted: boolean;
  /** Writes the cache now (best effort, synchronous, once); returns the file written. */
  write: () => string | undefined;
}

export const CODE_CACHE_HOOK = Symbol.for('serverless-guard.code-cache');
