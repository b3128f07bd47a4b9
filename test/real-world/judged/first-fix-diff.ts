/**
 * node --import tsx test/real-world/judged/first-fix-diff.ts DIR [FILE:LINE ...]
 * For each error/warning finding in the project folder DIR (optionally only those at FILE:LINE),
 * applies its first fix whose title is not the suppression comment ("Ignore <rule> here…") —
 * including fixes that carry a placeholder for the user to fill in — and prints the diff of every
 * file it changes. Nothing is written to disk. Used to judge whether a fix keeps the app working
 * (SAMPLE-2026-12-07.md, "Quick fixes").
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createEngine } from '../../../server/src/engine/create';
import { Project, normalizePath } from '../../../server/src/engine/project';
import { diskSource } from '../../../server/src/shell/disk';
import { analysableFiles } from '../../helpers/fix-check';

async function main(): Promise<void> {
  const [dir, ...only] = process.argv.slice(2);
  const root = path.resolve(dir);
  const factory = await createEngine();
  const project = new Project(diskSource(4 * 1024 * 1024));
  const engine = factory.makeEngine(project);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-first-fix-'));
  for (const file of analysableFiles(root)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const f of engine.analyze(file, text, { timeBudgetMs: 60_000 }).findings) {
      if (f.severity !== 'error' && f.severity !== 'warning') continue;
      const line = text.slice(0, f.range.start).split('\n').length;
      const rel = path.relative(root, file);
      if (only.length && !only.includes(`${rel}:${line}`)) continue;
      const fix = f.fixes.find((x: any) => !/^Ignore /.test(x.title));
      if (!fix) continue;
      console.log(`=== ${rel}:${line} ${f.ruleId} (${f.severity})\nFIX: ${fix.title}${fix.placeholder ? ` [placeholder: ${fix.placeholder}]` : ''}`);
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
        try {
          execFileSync('diff', ['-u', '--label', path.relative(root, p), '--label', path.relative(root, p), a, b]);
        } catch (e: any) {
          console.log(String(e.stdout));
        }
      }
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}
main();
