#!/usr/bin/env node
/**
 * Re-runs a build of the CLI on the repositories judged in SAMPLE-2026-12-07.json and compares.
 *
 *   node test/real-world/judged/rescan.mjs <path/to/dist/cli.js> [--json FILE] [--repo owner/name ...]
 *
 * --json picks the verdict file: SAMPLE-2026-12-07.json (the default, positions #1-#37) or
 * SAMPLE-2026-12-07-b.json (the continuation, #38-#68, judged on c99e638); both have the same shape.
 *
 * For each repository (or only those given with --repo) it writes the tree of the recorded commit
 * from the local mirror (/work/.mirror/<owner>+<name>/repo, or $SG_MIRRORS) into a temp dir, removes
 * what the judging removed (node_modules, .github, lock files, *.min.js, and the repository's own
 * `exclude` paths / vendored Python packages), runs `<cli> scan . --format json` there and prints:
 *   - judged findings still reported (with their verdict), and those gone;
 *   - findings whose severity changed (to be judged again: a different claim);
 *   - new findings that were neither judged nor in the repository's `not_judged` list (beyond the cap).
 * A summary at the end gives, for the findings still reported, error+warning and info precision
 * (debatable counts against), and the number of new unjudged findings.
 *
 * The tree is written with `git archive` (falling back to `git cat-file` per blob when a snapshot
 * lacks a large blob) rather than `git worktree add`, which would write into the mirror's git dir:
 * the mirrors are read-only for this project. Nothing in the repository is changed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name) => {
  const out = [];
  for (let i = args.indexOf(name); i >= 0; i = args.indexOf(name)) {
    out.push(args[i + 1]);
    args.splice(i, 2);
  }
  return out;
};
const jsonFile = opt('--json')[0] ?? path.join(here, 'SAMPLE-2026-12-07.json');
const onlyRepos = opt('--repo');
const cli = args[0] && path.resolve(args[0]);
if (!cli || !fs.existsSync(cli)) {
  console.error('usage: node rescan.mjs <dist/cli.js> [--json FILE] [--repo owner/name ...]');
  process.exit(2);
}
const mirrors = process.env.SG_MIRRORS ?? '/work/.mirror';
const data = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));

const LOCKS = new Set(['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'Pipfile.lock', 'poetry.lock', 'npm-shrinkwrap.json', 'uv.lock']);
const DROP_DIRS = new Set(['node_modules', '.github']);

function gitDir(repo) {
  const base = path.join(mirrors, repo.replace('/', '+'), 'repo');
  return fs.existsSync(path.join(base, '.git')) ? path.join(base, '.git') : base;
}

/** Writes the tree of `commit` into `dest` without touching the mirror. */
function writeTree(gd, commit, dest) {
  const archive = spawnSync('git', ['--git-dir', gd, 'archive', '--format=tar', commit], { maxBuffer: 1 << 30 });
  if (archive.status === 0) {
    const tar = spawnSync('tar', ['-x', '-C', dest], { input: archive.stdout, maxBuffer: 1 << 30 });
    if (tar.status === 0) return [];
  }
  // A snapshot can lack blobs of 4 MiB and more: write blob by blob, skipping the missing ones.
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  const missing = [];
  const list = execFileSync('git', ['--git-dir', gd, 'ls-tree', '-r', '-z', commit], { maxBuffer: 1 << 30 });
  for (const ent of list.toString('utf8').split('\0')) {
    if (!ent) continue;
    const tab = ent.indexOf('\t');
    const [mode, type, sha] = ent.slice(0, tab).split(' ');
    const p = ent.slice(tab + 1);
    if (type !== 'blob' || mode === '120000' || `/${p}`.includes('/node_modules/')) continue;
    const r = spawnSync('git', ['--git-dir', gd, 'cat-file', 'blob', sha], { maxBuffer: 1 << 30 });
    if (r.status !== 0) {
      missing.push(p);
      continue;
    }
    fs.mkdirSync(path.dirname(path.join(dest, p)), { recursive: true });
    fs.writeFileSync(path.join(dest, p), r.stdout);
  }
  return missing;
}

/** Removes what the judging removed before scanning. */
function prune(dest, exclude) {
  const walk = (dir) => {
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      const st = fs.lstatSync(p);
      if (st.isDirectory()) {
        if (DROP_DIRS.has(name)) fs.rmSync(p, { recursive: true, force: true });
        else walk(p);
      } else if (LOCKS.has(name) || name.endsWith('.min.js')) fs.rmSync(p, { force: true });
    }
  };
  walk(dest);
  for (const rel of exclude?.paths ?? []) fs.rmSync(path.join(dest, rel), { recursive: true, force: true });
  if (exclude?.devendor) devendor(dest);
}

/** Removes vendored Python packages: everything a *.dist-info/RECORD lists at its top level. */
function devendor(root) {
  const walk = (dir) => {
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      if (!fs.existsSync(p) || !fs.lstatSync(p).isDirectory()) continue;
      if (name === '__pycache__') {
        fs.rmSync(p, { recursive: true, force: true });
        continue;
      }
      if (name.endsWith('.dist-info')) {
        const tops = new Set([name]);
        const rec = path.join(p, 'RECORD');
        if (fs.existsSync(rec)) {
          for (const line of fs.readFileSync(rec, 'utf8').split('\n')) {
            const f = line.split(',')[0];
            if (f && !f.startsWith('..')) tops.add(f.split('/')[0]);
          }
        }
        for (const t of tops) fs.rmSync(path.join(dir, t), { recursive: true, force: true });
        continue;
      }
      walk(p);
    }
  };
  walk(root);
}

const key = (f) => `${f.file}\u0000${f.line}\u0000${f.column}\u0000${f.rule}`;
const tally = { ew: { right: 0, debatable: 0, wrong: 0 }, info: { right: 0, debatable: 0, wrong: 0 } };
let gone = 0, changed = 0, fresh = 0, still = 0;
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-rescan-'));
try {
  for (const [repo, info] of Object.entries(data.repos)) {
    if (onlyRepos.length && !onlyRepos.includes(repo)) continue;
    const gd = gitDir(repo);
    if (!fs.existsSync(gd)) {
      console.log(`\n## ${repo}: no mirror at ${gd} (fetch it first); skipped`);
      continue;
    }
    const dest = path.join(tmpRoot, repo.replace('/', '+'));
    fs.mkdirSync(dest, { recursive: true });
    const missing = writeTree(gd, info.commit, dest);
    prune(dest, info.exclude);
    const run = spawnSync(process.execPath, [cli, 'scan', '.', '--format', 'json'], { cwd: dest, maxBuffer: 1 << 28 });
    let report;
    try {
      report = JSON.parse(run.stdout.toString('utf8'));
    } catch {
      console.log(`\n## ${repo}: the scan gave no JSON (exit ${run.status}): ${run.stderr.toString('utf8').slice(0, 300)}`);
      continue;
    }
    const now = report.findings.map((f) => ({ file: f.file, line: f.line, column: f.column, rule: f.ruleId, severity: f.severity, message: f.message }));
    const pool = new Map();
    for (const f of now) pool.set(key(f), [...(pool.get(key(f)) ?? []), f]);
    const take = (f) => {
      const list = pool.get(key(f));
      if (!list?.length) return undefined;
      return list.shift();
    };
    const lines = [];
    for (const v of data.verdicts.filter((x) => x.repo === repo)) {
      const hit = take(v);
      if (!hit) {
        gone++;
        lines.push(`  gone      ${v.file}:${v.line} ${v.rule} (${v.severity}, was ${v.verdict})`);
      } else if (hit.severity !== v.severity) {
        changed++;
        lines.push(`  severity  ${v.file}:${v.line} ${v.rule} ${v.severity} -> ${hit.severity} (was ${v.verdict}; judge again)`);
      } else {
        still++;
        tally[v.severity === 'info' ? 'info' : 'ew'][v.verdict]++;
        lines.push(`  reported  ${v.file}:${v.line} ${v.rule} (${v.severity}) ${v.verdict}`);
      }
    }
    let capped = 0;
    for (const n of info.not_judged ?? []) if (take(n)) capped++;
    const extra = [...pool.values()].flat();
    fresh += extra.length;
    for (const f of extra) lines.push(`  NEW       ${f.file}:${f.line} ${f.rule} (${f.severity}) ${f.message.slice(0, 160)}`);
    console.log(`\n## ${repo} @ ${info.commit.slice(0, 12)}: ${now.length} findings now (${info.findings} when judged)${missing.length ? `; ${missing.length} blobs missing from the snapshot` : ''}${info.not_judged?.length ? `; ${capped} of ${info.not_judged.length} findings beyond the judging cap still reported` : ''}`);
    for (const l of lines) console.log(l);
  }
} finally {
  fs.rmSync(tmpRoot, { recursive: true, force: true });
}
const pct = (t) => {
  const n = t.right + t.debatable + t.wrong;
  return n ? `${((100 * t.right) / n).toFixed(1)}% (${t.right} / ${t.debatable} / ${t.wrong})` : 'n/a';
};
console.log(`\njudged findings still reported: ${still}; gone: ${gone}; severity changed: ${changed}; new unjudged findings: ${fresh}`);
console.log(`of those still reported: error+warning ${pct(tally.ew)}, info ${pct(tally.info)} (right / debatable / wrong; debatable counts against)`);
