/**
 * `node --import tsx scripts/sample-fixes.ts [--n 12] [--seed 7] DIR...`: draws a seeded random
 * sample of the error/warning findings that offer a fix other than suppression in the given project
 * folders, applies each one's first such fix and prints the diff of every file it changes, for a
 * person to judge whether the app still works. Nothing is written to disk.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createEngine } from '../server/src/engine/create';
import { Project } from '../server/src/engine/project';
import { diskSource } from '../server/src/shell/disk';
import { normalizePath } from '../server/src/engine/project';
import { analysableFiles } from '../test/helpers/fix-check';

function mulberry32(a: number) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opt = (name: string, d: string) => {
    const i = argv.indexOf(name);
    if (i < 0) return d;
    const v = argv[i + 1];
    argv.splice(i, 2);
    return v;
  };
  const n = Number(opt('--n', '12'));
  const seed = Number(opt('--seed', '7'));
  const factory = await createEngine();
  const pool: { root: string; file: string; text: string; f: any }[] = [];
  for (const d of argv) {
    const root = path.resolve(d);
    const project = new Project(diskSource(4 * 1024 * 1024));
    const engine = factory.makeEngine(project);
    for (const file of analysableFiles(root)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const f of engine.analyze(file, text, { timeBudgetMs: 60_000 }).findings) {
        if (f.severity !== 'error' && f.severity !== 'warning') continue;
        if (!f.fixes.some((x: any) => x.placeholder === undefined)) continue;
        pool.push({ root, file, text, f });
      }
    }
  }
  const rnd = mulberry32(seed);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  console.log(`${pool.length} error/warning findings with a fix; sample of ${Math.min(n, pool.length)} (seed ${seed})\n`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-sample-'));
  for (const { root, file, text, f } of pool.slice(0, n)) {
    const fix = f.fixes.find((x: any) => x.placeholder === undefined);
    const line = text.slice(0, f.range.start).split('\n').length;
    console.log(`=== ${path.relative(path.dirname(root), file)}:${line} ${f.ruleId} (${f.severity})\n${f.message}\nFIX: ${fix.title}`);
    const byFile = new Map<string, string>();
    for (const change of fix.changes) {
      const p = normalizePath(change.file);
      const base = change.create ? '' : byFile.get(p) ?? (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '');
      let out = base;
      if (change.create) out = change.edits.map((e: any) => e.newText).join('');
      else for (const e of [...change.edits].sort((a: any, b: any) => b.range.start - a.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
      byFile.set(p, out);
    }
    for (const [p, after] of byFile) {
      const a = path.join(tmp, 'a'), b = path.join(tmp, 'b');
      fs.writeFileSync(a, fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '');
      fs.writeFileSync(b, after);
      let d = '';
      try {
        execFileSync('diff', ['-u', '--label', path.relative(root, p), '--label', path.relative(root, p), a, b]);
      } catch (e: any) {
        d = String(e.stdout);
      }
      console.log(d);
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}
main();
