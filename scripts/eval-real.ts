/**
 * `npm run eval:real`: precision of every rule on the real-world review corpus (test/real-world/).
 *
 * The corpus holds excerpts of public serverless repositories whose licence allows it (see
 * test/real-world/SOURCES.md), one folder per project under test/real-world/projects/<repo>/<project>,
 * and one label file per repository in test/real-world/labels/<repo>.json: every finding a reviewer
 * read, keyed by (file, rule, line), with a verdict — `right`, `debatable` or `wrong` — and a note.
 *
 *   npm run eval:real                      scan the corpus with dist/cli.js, print precision per rule
 *                                          and overall; list unlabelled findings and labelled-right
 *                                          findings no longer reported (lost recall)
 *   npm run eval:real -- --strict          exit 1 when a finding is unlabelled or a right one is lost
 *   npm run eval:real -- sample DIR --n 80 --seed 7 [--min-severity warning]
 *                                          scan any folder and print a seeded random sample of its
 *                                          findings with their code context, for labelling
 *
 * Scoring (docs/precision.md): precision = right / (right + debatable + wrong) — debatable counts
 * against. Error + warning and info are reported separately.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const CORPUS = path.join(ROOT, 'test', 'real-world');
/** The CLI to judge (default: this checkout's build; SG_CLI=<path> judges another build, e.g. an older one). */
const CLI = process.env.SG_CLI ? path.resolve(process.env.SG_CLI) : path.join(ROOT, 'dist', 'cli.js');

export type Verdict = 'right' | 'debatable' | 'wrong';

export interface Label {
  /** Path relative to test/real-world/projects/<repo>/. */
  file: string;
  rule: string;
  line: number;
  /** Severity the finding had when it was judged; a finding now at another severity needs a new look. */
  severity?: string;
  verdict: Verdict;
  note: string;
  /** Labelled from reading the code before any rule ran on it (the held-out first-run set). */
  prelabelled?: boolean;
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  message: string;
  fixes: string[];
}

function scan(dir: string): JsonFinding[] {
  if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const r = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`scan of ${dir} failed (exit ${r.status}): ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { findings: JsonFinding[] };
  return out.findings;
}

const key = (file: string, rule: string, line: number) => `${file}\u0000${rule}\u0000${line}`;

interface Row {
  rule: string;
  severity: string;
  right: number;
  debatable: number;
  wrong: number;
  unlabelled: number;
}

function pct(n: number, d: number): string {
  return d ? `${((100 * n) / d).toFixed(1)}%` : '—';
}

function table(rows: Row[]): string {
  const head = ['rule', 'severity', 'right', 'debatable', 'wrong', 'unlabelled', 'precision'];
  const lines = rows.map((r) => [r.rule, r.severity, r.right, r.debatable, r.wrong, r.unlabelled, pct(r.right, r.right + r.debatable + r.wrong)].map(String));
  const w = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (l: string[]) => l.map((c, i) => (i < 2 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [fmt(head), fmt(w.map((n) => '-'.repeat(n))), ...lines.map(fmt)].join('\n');
}

type Tally = { right: number; debatable: number; wrong: number };
const tally = (): Tally => ({ right: 0, debatable: 0, wrong: 0 });
const precisionOf = (g: Tally) => `${pct(g.right, g.right + g.debatable + g.wrong)} (right ${g.right}, debatable ${g.debatable}, wrong ${g.wrong})`;

function evaluate(strict: boolean): number {
  const projectsRoot = path.join(CORPUS, 'projects');
  const sets: Record<string, { about: string; repos: string[] }> = JSON.parse(fs.readFileSync(path.join(CORPUS, 'sets.json'), 'utf8'));
  const setOf = new Map<string, string>();
  for (const [name, s] of Object.entries(sets)) for (const r of s.repos) setOf.set(r, name);
  const repos = fs.readdirSync(projectsRoot).filter((d) => fs.statSync(path.join(projectsRoot, d)).isDirectory()).sort();
  // A set whose excerpts are not committed (set C: fetched code) must be extracted first; say so rather than skip it silently.
  const absent = [...setOf.keys()].filter((r) => !repos.includes(r));
  if (absent.length) console.log(`not extracted, not scanned (see test/real-world/SOURCES.md): ${absent.map((r) => `${r} (set ${setOf.get(r)})`).join(', ')}\n`);
  const rows = new Map<string, Row>();
  const unlabelled: string[] = [];
  const lost: string[] = [];
  let fixedWrong = 0;
  const firstRun = { ...tally(), missed: 0 };
  const bySet = new Map<string, { ew: Tally; info: Tally; rows: Map<string, Row> }>();
  for (const repo of repos) {
    const labels: Label[] = JSON.parse(fs.readFileSync(path.join(CORPUS, 'labels', `${repo}.json`), 'utf8'));
    const byKey = new Map(labels.map((l) => [key(l.file, l.rule, l.line), l]));
    const seen = new Set<string>();
    const setName = setOf.get(repo) ?? '?';
    if (!bySet.has(setName)) bySet.set(setName, { ew: tally(), info: tally(), rows: new Map() });
    const set = bySet.get(setName)!;
    for (const f of scan(path.join(projectsRoot, repo))) {
      const k = key(f.file, f.ruleId, f.line);
      seen.add(k);
      const rowKey = `${f.ruleId}\u0000${f.severity}`;
      for (const table of [rows, set.rows]) if (!table.has(rowKey)) table.set(rowKey, { rule: f.ruleId, severity: f.severity, right: 0, debatable: 0, wrong: 0, unlabelled: 0 });
      const l = byKey.get(k);
      if (!l || (l.severity !== undefined && l.severity !== f.severity)) {
        rows.get(rowKey)!.unlabelled++;
        set.rows.get(rowKey)!.unlabelled++;
        unlabelled.push(`${repo}/${f.file}:${f.line} ${f.ruleId} (${f.severity}${l ? `, was ${l.severity} and ${l.verdict}` : ''}) ${f.message}`);
        continue;
      }
      rows.get(rowKey)![l.verdict]++;
      set.rows.get(rowKey)![l.verdict]++;
      (f.severity === 'info' ? set.info : set.ew)[l.verdict]++;
      if (l.prelabelled) firstRun[l.verdict]++;
    }
    for (const l of labels) {
      if (seen.has(key(l.file, l.rule, l.line))) continue;
      if (l.verdict === 'right') {
        lost.push(`${repo}/${l.file}:${l.line} ${l.rule} — ${l.note}`);
        if (l.prelabelled) firstRun.missed++;
      } else if (l.verdict === 'wrong') fixedWrong++;
    }
  }
  const sorted = (m: Map<string, Row>) => [...m.values()].sort((a, b) => a.rule.localeCompare(b.rule) || a.severity.localeCompare(b.severity));
  for (const [name, set] of [...bySet].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`## set ${name}: ${sets[name]?.about ?? ''}\n`);
    console.log(table(sorted(set.rows)));
    console.log(`\nerror + warning precision: ${precisionOf(set.ew)}`);
    console.log(`info precision:            ${precisionOf(set.info)}\n`);
  }
  const all = { ew: tally(), info: tally() };
  for (const s of bySet.values()) for (const g of ['ew', 'info'] as const) for (const v of ['right', 'debatable', 'wrong'] as const) all[g][v] += s[g][v];
  console.log('## all sets\n');
  console.log(table(sorted(rows)));
  console.log(`\nerror + warning precision: ${precisionOf(all.ew)}`);
  console.log(`info precision:            ${precisionOf(all.info)}`);
  console.log(`pre-labelled project (labels written before the rules ran): ${precisionOf(firstRun)}, right labels not reported ${firstRun.missed}`);
  console.log(`labelled wrong and no longer reported: ${fixedWrong}`);
  if (lost.length) console.log(`\nlabelled right but not reported (${lost.length}):\n  ${lost.join('\n  ')}`);
  if (unlabelled.length) console.log(`\nunlabelled findings (${unlabelled.length}) — label them in test/real-world/labels/:\n  ${unlabelled.join('\n  ')}`);
  return strict && (lost.length || unlabelled.length) ? 1 : 0;
}

/** Deterministic PRNG (mulberry32) so a sample can be drawn again. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sample(dir: string, n: number, seed: number, minSeverity: string): void {
  const rank: Record<string, number> = { info: 0, warning: 1, error: 2 };
  const all = scan(path.resolve(dir)).filter((f) => rank[f.severity] >= rank[minSeverity]);
  all.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.ruleId.localeCompare(b.ruleId));
  const rand = rng(seed);
  const pool = [...all];
  const picked: JsonFinding[] = [];
  while (picked.length < n && pool.length) picked.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]);
  console.log(`# ${picked.length} of ${all.length} findings (seed ${seed}, severity ≥ ${minSeverity})`);
  for (const f of picked) {
    const text = fs.readFileSync(path.join(path.resolve(dir), f.file), 'utf8').split(/\r?\n/);
    const from = Math.max(0, f.line - 4);
    const ctx = text.slice(from, f.line + 3).map((l, i) => `${String(from + i + 1).padStart(5)}${from + i + 1 === f.line ? '>' : ' '} ${l.slice(0, 200)}`);
    console.log(`\n## ${f.file}:${f.line} ${f.ruleId} (${f.severity})\n${f.message}\nfixes: ${f.fixes.join(' | ')}\n${ctx.join('\n')}`);
  }
}

function main(argv: string[]): number {
  if (argv[0] === 'sample') {
    const opt = (name: string, dflt: string) => {
      const i = argv.indexOf(name);
      return i > 0 ? argv[i + 1] : dflt;
    };
    sample(argv[1], Number(opt('--n', '80')), Number(opt('--seed', '7')), opt('--min-severity', 'info'));
    return 0;
  }
  return evaluate(argv.includes('--strict'));
}

process.exitCode = main(process.argv.slice(2));
