/**
 * Entry point of `dist/server.js`: loads the language server's bundle (`dist/server-core.js`) with
 * a V8 code cache, so the first file a fresh server analyses does not also pay for compiling the
 * functions it runs (about a fifth of a cold open's CPU time).
 *
 * The cache is V8's bytecode for the bundle's functions, taken after the warm-up has run them all
 * (`createCachedData` after execution). `npm run build` writes one for the Node that built it
 * (`node dist/server.js --write-code-cache`); a server whose cache is missing or refused by V8 (a
 * different Node, as in VS Code, or other V8 flags) writes its own once its warm-up is done, for the
 * next start. The file name carries a hash of the bundle's text, V8's version and the Node options,
 * so a cache is never applied to another bundle (V8's own check compares only the source length). It is written next to
 * the bundle, or in `SERVERLESS_GUARD_CACHE_DIR` (the VS Code client passes its global storage
 * folder), through a temporary file and a rename; when the folder is not writable there is simply no
 * cache. Nothing else changes: the bundle runs as a CommonJS module with its own `__dirname`.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { CODE_CACHE_HOOK, type CodeCacheHook } from './code-cache-hook';

const CORE = path.join(__dirname, 'server-core.js');
const source = fs.readFileSync(CORE, 'utf8');
const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
const dir = process.env.SERVERLESS_GUARD_CACHE_DIR || __dirname;
const prefix = 'server-core.';
// V8 refuses a cache made under other flags: one file per set of Node/V8 options, so a server started
// with other options (a profiler, --expose-gc) does not replace the cache every plain start uses
const options = createHash('sha256').update(`${process.execArgv.join(' ')}\n${process.env.NODE_OPTIONS ?? ''}`).digest('hex').slice(0, 8);
const name = `${prefix}${hash}.v8-${process.versions.v8}-${process.arch}-${options}.cache`;
const file = path.join(dir, name);

let cachedData: Buffer | undefined;
try {
  cachedData = fs.readFileSync(file);
} catch {
  /* no cache yet */
}
const script = new vm.Script(Module.wrap(source), {
  filename: CORE,
  cachedData,
  // the bundle never imports dynamically on our paths, but a library might
  ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER as never } : {}),
});

let written = false;
const hook: CodeCacheHook = {
  wanted: !cachedData || script.cachedDataRejected === true,
  write: () => {
    if (written) return undefined;
    written = true;
    try {
      const data = script.createCachedData();
      fs.mkdirSync(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, data);
      fs.renameSync(tmp, file);
      // caches of other bundles are stale
      for (const f of fs.readdirSync(dir)) if (f.startsWith(prefix) && f.endsWith('.cache') && !f.startsWith(`${prefix}${hash}.`)) fs.rmSync(path.join(dir, f), { force: true });
      return file;
    } catch {
      return undefined;
    }
  },
};
(globalThis as Record<symbol, unknown>)[CODE_CACHE_HOOK] = hook;

const mod = new Module(CORE, module);
mod.filename = CORE;
mod.paths = (Module as unknown as { _nodeModulePaths: (d: string) => string[] })._nodeModulePaths(__dirname);
const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
fn.call(mod.exports, mod.exports, createRequire(CORE), mod, CORE, __dirname);
mod.loaded = true;
