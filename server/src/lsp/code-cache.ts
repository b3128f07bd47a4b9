/**
 * The bundle's side of the V8 code cache the loader (loader.ts, `dist/server.js`) keeps: whether this
 * start wants one written, and writing it once the warm-up has compiled every analysis path.
 */
import type { Engine } from '../engine/engine';
import type { Project } from '../engine/project';
import { warmUpSteps } from '../engine/warm-up';
import { CODE_CACHE_HOOK, type CodeCacheHook } from './code-cache-hook';

/** The loader's hook; undefined when the bundle was started without it (tests, `node dist/server-core.js`). */
export function codeCacheHook(): CodeCacheHook | undefined {
  return (globalThis as Record<symbol, CodeCacheHook | undefined>)[CODE_CACHE_HOOK];
}

/**
 * `node dist/server.js --write-code-cache` (run by `npm run build`): the whole warm-up at once, then
 * the cache; returns the file written, or undefined.
 */
export function writeCodeCacheNow(makeEngine: (project: Project) => Engine): string | undefined {
  const hook = codeCacheHook();
  if (!hook) return undefined;
  for (const step of warmUpSteps(makeEngine)) while (step.run());
  return hook.write();
}
