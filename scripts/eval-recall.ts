/**
 * `npm run eval:recall`: recall on publicly known, deliberately vulnerable serverless applications.
 *
 * test/recall/manifest.json pins each application (repository + commit); test/recall/labels/<app>.json
 * lists its vulnerabilities, written by hand from the code and the application's own documentation
 * (line by line, one category each: secrets, endpoints, injection, iam) with the rule ids that count
 * as finding it. The applications' code is never committed (most are GPL/AGPL or unlicensed): this
 * script writes each one from the local git mirror (`fetch` tool: /work/.mirror/<owner>+<name>/repo)
 * into the git-ignored test/recall/projects/<app>/ with `git archive` at the pinned commit, scans it
 * with dist/cli.js scan --format json, and matches findings to labels:
 *
 *   a label is found when a finding is in the same file, its rule is one of the label's rules, and
 *   its line is within the label's range [line, endLine] — or within ±3 of line when there is no
 *   endLine — or within one of the label's `alt` positions (another place the same issue may be
 *   reported, e.g. the SAM event of an OpenAPI route).
 *
 * It prints recall per category and per application (in-scope figures leave out labels marked
 * `outOfScope`, e.g. a Terraform policy the tool does not read), every missed label, and every
 * warning/error finding that matches no label (candidate false positives, to be read). It is a
 * report: the exit code is 0 whatever the figures.
 *
 *   npm run eval:recall                         all applications
 *   npm run eval:recall -- dvsa goat            only these applications
 *   npm run eval:recall -- --mirrors DIR        mirrors somewhere else (default /work/.mirror)
 *   npm run eval:recall -- --no-extract         scan test/recall/projects/ as it is
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const HERE = path.join(ROOT, 'test', 'recall');
const CLI = process.env.SG_CLI ? path.resolve(process.env.SG_CLI) : path.join(ROOT, 'dist', 'cli.js');

export const CATEGORIES = ['secrets', 'endpoints', 'injection', 'iam'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Position {
  /** Defaults to the label's file. */
  file?: string;
  line: number;
  endLine?: number;
}

export interface RecallLabel extends Position {
  id: string;
  category: Category;
  file: string;
  what: string;
  rules: string[];
  alt?: Position[];
  /** Why the tool is not expected to see it (a format it does not read); counted apart. */
  outOfScope?: string;
}

interface LabelFile {
  repository: string;
  commit: string;
  labelledBeforeFirstRun?: boolean;
  labels: RecallLabel[];
}

interface ManifestApp {
  repository: string;
  commit: string;
  labels: string;
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  message: string;
}

/** Whether a finding at (file, line) with `rule` finds the label. */
export function matches(label: RecallLabel, f: { file: string; line: number; ruleId: string }): boolean {
  if (!label.rules.includes(f.ruleId)) return false;
  return [label as Position, ...(label.alt ?? [])].some((p) => {
    if ((p.file ?? label.file) !== f.file) return false;
    return p.endLine !== undefined ? f.line >= p.line && f.line <= p.endLine : Math.abs(f.line - p.line) <= 3;
  });
}

function gitDir(mirrors: string, repository: string): string | undefined {
  const root = path.join(mirrors, repository.replace('/', '+'), 'repo');
  if (fs.existsSync(path.join(root, 'HEAD'))) return root;
  if (fs.existsSync(path.join(root, '.git', 'HEAD'))) return path.join(root, '.git');
  return undefined;
}

function extract(mirrors: string, name: string, app: ManifestApp): boolean {
  const gd = gitDir(mirrors, app.repository);
  if (!gd) {
    console.error(`${app.repository}: no mirror under ${mirrors} (fetch github:${app.repository} first)`);
    return false;
  }
  const out = path.join(HERE, 'projects', name);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const tar = execFileSync('git', ['--git-dir', gd, 'archive', app.commit], { maxBuffer: 1024 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', out], { input: tar });
  return true;
}

function scan(dir: string): JsonFinding[] {
  if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const r = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`scan of ${dir} failed (exit ${r.status}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
}

type Tally = { found: number; total: number };
const pct = (t: Tally) => (t.total ? `${((100 * t.found) / t.total).toFixed(0)}% (${t.found}/${t.total})` : '—');

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (l: string[]) => l.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [fmt(head), fmt(w.map((n) => '-'.repeat(n))), ...rows.map(fmt)].join('\n');
}

function main(argv: string[]): void {
  const mi = argv.indexOf('--mirrors');
  const mirrors = mi >= 0 ? argv[mi + 1] : '/work/.mirror';
  const noExtract = argv.includes('--no-extract');
  const only = argv.filter((a, j) => !a.startsWith('--') && (mi < 0 || j !== mi + 1));
  const manifest = JSON.parse(fs.readFileSync(path.join(HERE, 'manifest.json'), 'utf8')) as { apps: Record<string, ManifestApp> };

  const blank = () => Object.fromEntries(CATEGORIES.map((c) => [c, { found: 0, total: 0 }])) as Record<Category, Tally>;
  const all = blank();
  const inScope = blank();
  const firstRun = blank();
  const perApp: string[][] = [];
  const missed: string[] = [];
  const unmatched: string[] = [];

  for (const [name, app] of Object.entries(manifest.apps)) {
    if (only.length && !only.includes(name)) continue;
    const lf = JSON.parse(fs.readFileSync(path.join(HERE, app.labels), 'utf8')) as LabelFile;
    if (lf.repository !== app.repository || lf.commit !== app.commit) console.error(`${name}: labels are for ${lf.repository}@${lf.commit}, manifest pins ${app.repository}@${app.commit}`);
    const dir = path.join(HERE, 'projects', name);
    if (!noExtract && !extract(mirrors, name, app)) continue;
    if (!fs.existsSync(dir)) {
      console.error(`${name}: ${path.relative(ROOT, dir)} is missing (run without --no-extract)`);
      continue;
    }
    const findings = scan(dir);
    const used = new Set<JsonFinding>();
    const mine = blank();
    for (const l of lf.labels) {
      const hits = findings.filter((f) => matches(l, f));
      hits.forEach((f) => used.add(f));
      const ok = hits.length > 0;
      for (const t of [all, mine, ...(l.outOfScope ? [] : [inScope]), ...(lf.labelledBeforeFirstRun ? [firstRun] : [])]) {
        t[l.category].total++;
        if (ok) t[l.category].found++;
      }
      if (!ok) missed.push(`${name}/${l.file}:${l.line}${l.endLine ? `-${l.endLine}` : ''} [${l.category}] ${l.id} — ${l.what}${l.outOfScope ? ` (out of scope: ${l.outOfScope})` : ''}`);
    }
    for (const f of findings) {
      if (used.has(f) || f.severity === 'info') continue;
      unmatched.push(`${name}/${f.file}:${f.line} ${f.ruleId} (${f.severity}) ${f.message}`);
    }
    const sum = (t: Record<Category, Tally>) => CATEGORIES.reduce((a, c) => ({ found: a.found + t[c].found, total: a.total + t[c].total }), { found: 0, total: 0 });
    perApp.push([`${name}${lf.labelledBeforeFirstRun ? ' *' : ''}`, ...CATEGORIES.map((c) => pct(mine[c])), pct(sum(mine)), String(findings.length)]);
  }

  const total = (t: Record<Category, Tally>) => CATEGORIES.reduce((a, c) => ({ found: a.found + t[c].found, total: a.total + t[c].total }), { found: 0, total: 0 });
  console.log('## recall per application (* = labelled before the first run of the rules)\n');
  console.log(table(['app', ...CATEGORIES, 'all', 'findings'], perApp));
  console.log('\n## recall per category\n');
  console.log(
    table(
      ['set', ...CATEGORIES, 'all'],
      [
        ['all labels', ...CATEGORIES.map((c) => pct(all[c])), pct(total(all))],
        ['in scope', ...CATEGORIES.map((c) => pct(inScope[c])), pct(total(inScope))],
        ['labelled before first run', ...CATEGORIES.map((c) => pct(firstRun[c])), pct(total(firstRun))],
      ],
    ),
  );
  if (missed.length) console.log(`\n## missed (${missed.length})\n  ${missed.join('\n  ')}`);
  if (unmatched.length) console.log(`\n## warning/error findings matching no label (${unmatched.length}) — candidate false positives, read them\n  ${unmatched.join('\n  ')}`);
}

main(process.argv.slice(2));
process.exitCode = 0;
