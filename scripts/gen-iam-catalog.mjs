#!/usr/bin/env node
/**
 * Writes the compact IAM catalogue used by server/src/engine/iam/catalog.ts.
 *
 *   node scripts/gen-iam-catalog.mjs [outFile]      (default: dist/iam-catalog.json)
 *
 * The builder itself is TypeScript (server/src/engine/iam/build-catalog.ts, the single
 * implementation shared with catalog.ts); it is loaded through tsx's programmatic API, so no
 * `--import tsx` flag is needed. Can also be imported: `await generateIamCatalog(outFile)`.
 */
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');

export async function generateIamCatalog(outFile = path.join(repoRoot, 'dist', 'iam-catalog.json')) {
  const mod = await tsImport('../server/src/engine/iam/build-catalog.ts', import.meta.url);
  const builder = mod.buildCatalogFromIamData ? mod : mod.default;
  const require = createRequire(import.meta.url);
  const root = builder.locateIamDataRoot((id) => require.resolve(id));
  const catalog = builder.buildCatalogFromIamData(root);
  const json = builder.serializeCatalog(catalog);
  fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
  fs.writeFileSync(outFile, json);
  let actions = 0;
  for (const s of Object.values(catalog.s)) actions += s.a.length;
  return { outFile, bytes: Buffer.byteLength(json), services: Object.keys(catalog.s).length, actions, source: catalog.src };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const r = await generateIamCatalog(process.argv[2]);
  console.log(
    `iam-catalog: ${r.services} services, ${r.actions} actions from ${r.source} -> ` +
      `${path.relative(process.cwd(), r.outFile)} (${(r.bytes / 1024).toFixed(0)} KiB)`,
  );
}
