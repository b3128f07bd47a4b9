/**
 * `npm run eval:clean`: false positives per clean file (issue 13: "no more false positives on clean
 * files than today, ≤ 0.05 per file").
 *
 * Two kinds of input, both scanned with the built CLI (`dist/cli.js scan . --format json`, or
 * SG_CLI=<path> to judge another build, e.g. the frozen main):
 *
 * - the real-world review corpus (test/real-world/, default sets A and C — the tuning sets; set B
 *   is held out and not read here unless named with --sets): every error/warning finding is matched
 *   to its label by (file, rule, line) as `npm run eval:real` does. A file is *clean* when no
 *   error/warning finding on it is labelled `right` or `debatable` (files with no finding at all
 *   are clean). False positives are the findings labelled `wrong`; unlabelled ones are counted
 *   apart (an upper bound counts them as false);
 * - the secure example twins (examples/secure, examples/secure-sam): written clean, so every
 *   error/warning finding on them is a false positive.
 *
 * The file count is the CLI's own (`files`: every config and handler it analysed).
 *
 *   npm run eval:clean                       sets A and C, and the secure examples
 *   npm run eval:clean -- --sets A,C,D       other sets
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const CORPUS = path.join(ROOT, 'test', 'real-world');
const CLI = process.env.SG_CLI ? path.resolve(process.env.SG_CLI) : path.join(ROOT, 'dist', 'cli.js');
const SECURE = ['examples/secure', 'examples/secure-sam'];

interface JsonFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
}
interface Label {
  file: string;
  rule: string;
  line: number;
  severity?: string;
  verdict: 'right' | 'debatable' | 'wrong';
}

function scan(dir: string): { files: number; findings: JsonFinding[] } {
  const r = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`scan of ${dir} failed (exit ${r.status}): ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { files: number; findings: JsonFinding[] };
  return { files: out.files, findings: out.findings.filter((f) => f.severity !== 'info') };
}

interface Tally {
  files: number;
  clean: number;
  wrong: number;
  wrongOnClean: number;
  unlabelledOnClean: number;
  unlabelled: number;
}
const blank = (): Tally => ({ files: 0, clean: 0, wrong: 0, wrongOnClean: 0, unlabelledOnClean: 0, unlabelled: 0 });
const per = (n: number, d: number) => (d ? (n / d).toFixed(3) : '—');

function main(argv: string[]): void {
  const si = argv.indexOf('--sets');
  const wanted = (si >= 0 ? argv[si + 1] : 'A,C').split(',');
  const sets = JSON.parse(fs.readFileSync(path.join(CORPUS, 'sets.json'), 'utf8')) as Record<string, { repos: string[] }>;
  const rows: string[] = [];
  const total = blank();
  for (const name of wanted) {
    const t = blank();
    for (const repo of sets[name]?.repos ?? []) {
      const dir = path.join(CORPUS, 'projects', repo);
      if (!fs.existsSync(dir)) {
        console.error(`${repo}: not extracted (npm run real-world:extract)`);
        continue;
      }
      const labels = JSON.parse(fs.readFileSync(path.join(CORPUS, 'labels', `${repo}.json`), 'utf8')) as Label[];
      const byKey = new Map(labels.map((l) => [`${l.file}\u0000${l.rule}\u0000${l.line}`, l]));
      const { files, findings } = scan(dir);
      const verdictOf = (f: JsonFinding) => {
        const l = byKey.get(`${f.file}\u0000${f.ruleId}\u0000${f.line}`);
        return !l || (l.severity !== undefined && l.severity !== f.severity) ? 'unlabelled' : l.verdict;
      };
      const dirty = new Set(findings.filter((f) => verdictOf(f) === 'right' || verdictOf(f) === 'debatable').map((f) => f.file));
      t.files += files;
      t.clean += files - dirty.size;
      for (const f of findings) {
        const v = verdictOf(f);
        if (v === 'wrong') {
          t.wrong++;
          if (!dirty.has(f.file)) t.wrongOnClean++;
        } else if (v === 'unlabelled') {
          t.unlabelled++;
          if (!dirty.has(f.file)) t.unlabelledOnClean++;
        }
      }
    }
    rows.push(row(`set ${name}`, t));
    for (const k of Object.keys(total) as (keyof Tally)[]) total[k] += t[k];
  }
  const ex = blank();
  for (const d of SECURE) {
    const { files, findings } = scan(path.join(ROOT, d));
    ex.files += files;
    ex.clean += files;
    ex.wrong += findings.length;
    ex.wrongOnClean += findings.length;
    for (const f of findings) console.log(`  secure example finding (false positive): ${d}/${f.file}:${f.line} ${f.ruleId} (${f.severity})`);
  }
  rows.push(row('secure examples', ex));
  for (const k of Object.keys(total) as (keyof Tally)[]) total[k] += ex[k];
  rows.push(row('all', total));
  console.log(`CLI: ${path.relative(process.cwd(), CLI) || CLI}\n`);
  console.log('input             files  clean  wrong on clean  FP/clean file  unlabelled on clean  upper bound/clean file  wrong (all files)  FP/file');
  console.log(rows.join('\n'));
}

function row(name: string, t: Tally): string {
  return [
    name.padEnd(16),
    String(t.files).padStart(6),
    String(t.clean).padStart(6),
    String(t.wrongOnClean).padStart(15),
    per(t.wrongOnClean, t.clean).padStart(14),
    String(t.unlabelledOnClean).padStart(20),
    per(t.wrongOnClean + t.unlabelledOnClean, t.clean).padStart(23),
    String(t.wrong).padStart(18),
    per(t.wrong, t.files).padStart(8),
  ].join(' ');
}

main(process.argv.slice(2));
