/**
 * IAM catalogue load: CPU time and heap of loading dist/iam-catalog.json in a fresh process, as
 * the server does (header parsed, services on first use), against parsing the whole file into
 * objects (the one-document form of format 1) measured in the same run. Used by `npm run bench`
 * (section "IAM catalogue"); runnable alone after `npm run build`:
 *
 *   node --import tsx test/bench/catalog-load.ts
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const FILE = path.join(ROOT, 'dist', 'iam-catalog.json');
const CATALOG_TS = path.join(ROOT, 'server', 'src', 'engine', 'iam', 'catalog.ts');

/** Runs `body` in a fresh node (with tsx), after a GC; returns CPU ms and retained heap MB. */
function fresh(body: string): { ms: number; heapMB: number; out: string } {
  const probe = `
    const fs = require('fs');
    const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
    const c = require(${JSON.stringify(CATALOG_TS)});
    global.gc(); const h0 = process.memoryUsage().heapUsed; const t0 = cpu();
    let keep; ${body}
    const ms = cpu() - t0; global.gc(); const h1 = process.memoryUsage().heapUsed;
    console.log(JSON.stringify({ ms, heapMB: (h1 - h0) / 1e6, out: String(keep && keep.length !== undefined ? keep.length : keep) }));`;
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '-e', probe], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SERVERLESS_GUARD_IAM_CATALOG: FILE } });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

export interface CatalogueFigures {
  [what: string]: { ms: number; heapMB: number };
}

export function benchCatalogue(runs = 3, log: (s: string) => void = console.log): CatalogueFigures {
  const cases: [string, string][] = [
    ['whole file parsed into objects (format-1 equivalent)', `keep = fs.readFileSync(${JSON.stringify(FILE)}, 'utf8').split('\\n').filter(Boolean).map((l) => JSON.parse(l));`],
    ['catalogue load (header only)', `keep = c.catalogInfo();`],
    ['load + s3:GetObject lookup (one service decoded)', `c.catalogInfo(); keep = c.lookupAction('s3:GetObject');`],
    ["load + expandAction('*') (every service decoded)", `c.catalogInfo(); keep = c.expandAction('*');`],
  ];
  const out: CatalogueFigures = {};
  log(`IAM catalogue (${FILE}, fresh process each, best of ${runs}: CPU ms, heap retained)`);
  for (const [name, body] of cases) {
    let best = { ms: Infinity, heapMB: 0 };
    for (let i = 0; i < runs; i++) {
      const r = fresh(body);
      if (r.ms < best.ms) best = { ms: r.ms, heapMB: r.heapMB };
    }
    out[name] = best;
    log(`  ${name.padEnd(52)} ${best.ms.toFixed(1).padStart(6)} ms  ${best.heapMB.toFixed(1).padStart(5)} MB`);
  }
  return out;
}

if (require.main === module) benchCatalogue();
