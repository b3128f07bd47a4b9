#!/usr/bin/env node
/**
 * Set C of the real-world corpus is not committed: its repositories came in through the session's
 * `fetch` tool, whose terms keep fetched code out of commits. This script writes the excerpts
 * (and each licence) from the local bare mirrors, at the pinned commits, into
 * test/real-world/projects/<repo>/ and test/real-world/licenses/<repo>.LICENSE (both git-ignored for
 * these repositories), with the same file selection as sets A and B: YAML/JSON/templates and
 * JS/TS/Python, no lock files, bundles, tsconfig, declaration files, lint configs, node_modules /
 * build output folders, symlinks, or files of 200 KB and more.
 *
 *   node test/real-world/extract-set-c.mjs [--mirrors /work/.mirror]
 *
 * Mirrors are the git directories `fetch` gives: <mirrors>/<owner>+<name>/repo (or repo/.git).
 * A mirror whose HEAD moved still works: files are read at the pinned commit.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPOS = [
  ['aws-samples', 'serverless-governance', '22d0d6264d9543fa6ad22db5e0fcbaaacc82c4b7'],
  ['aws-samples', 'serverless-websocket-chat', 'd88be8886c1344d80457273e368f78ffbcdc146b'],
  ['aws-samples', 'serverless-ui-testing-using-selenium', '5454ea9ddc13a0f1ad397d9c22f1e4db58fc39fc'],
  ['aws-samples', 'serverless-webapp-mono-repo-ci-cd-java', '3f59c5dedfd4573a09d0107a5860e94878195959'],
  ['aws-samples', 'serverless-coffee', '082d2e3050cad7d095d13c6414a09632605a9da6'],
  ['aws-samples', 'serverless-registration-app-genai', '9900d8ca1f6693bbe4c3785b1d6b1b3fb31ecaa9'],
  ['aws-samples', 'serverless-automated-cost-controls', 'c14e21a01cf77c2f516b595e0ee9281e3d329549'],
  ['aws-samples', 'serverless-chaos-extension', 'c545913f762ffb967f4b5660721db425e081c7de'],
];

const KINDS = ['.yaml', '.yml', '.json', '.template', '.js', '.mjs', '.cjs', '.ts', '.py'];
const SKIP_DIRS = new Set(['node_modules', '.git', 'cdk.out', '.aws-sam', '.serverless', 'dist', 'build']);
const SKIP_NAMES = ['package-lock.json', 'yarn.lock', 'tsconfig', '.eslintrc', '.prettierrc'];
const SKIP_ENDINGS = ['.min.js', '.d.ts'];
const MAX_BYTES = 200000;

function wanted(file) {
  const parts = file.split('/');
  const base = parts[parts.length - 1];
  if (parts.slice(0, -1).some((p) => SKIP_DIRS.has(p))) return false;
  if (!KINDS.some((k) => base.endsWith(k))) return false;
  if (SKIP_NAMES.some((s) => base.includes(s)) || SKIP_ENDINGS.some((s) => base.endsWith(s))) return false;
  return true;
}

function gitDir(mirrors, owner, name) {
  const root = path.join(mirrors, `${owner}+${name}`, 'repo');
  return fs.existsSync(path.join(root, 'HEAD')) ? root : path.join(root, '.git');
}

function main(argv) {
  const i = argv.indexOf('--mirrors');
  const mirrors = i >= 0 ? argv[i + 1] : '/work/.mirror';
  for (const [owner, name, commit] of REPOS) {
    const gd = gitDir(mirrors, owner, name);
    const git = (...args) => execFileSync('git', ['--git-dir', gd, ...args], { maxBuffer: 256 * 1024 * 1024 });
    const out = path.join(HERE, 'projects', name);
    fs.rmSync(out, { recursive: true, force: true });
    let n = 0;
    for (const entry of git('ls-tree', '-r', '-z', '-l', commit).toString('utf8').split('\0')) {
      if (!entry) continue;
      const [meta, file] = [entry.slice(0, entry.indexOf('\t')), entry.slice(entry.indexOf('\t') + 1)];
      const [mode, type, sha, size] = meta.trim().split(/\s+/);
      if (type !== 'blob' || mode === '120000' || Number(size) >= MAX_BYTES || !wanted(file)) continue;
      const dest = path.join(out, file);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, git('cat-file', 'blob', sha));
      n++;
    }
    fs.writeFileSync(path.join(HERE, 'licenses', `${name}.LICENSE`), git('show', `${commit}:LICENSE`));
    console.log(`${owner}/${name}@${commit.slice(0, 12)}: ${n} files`);
  }
}

main(process.argv.slice(2));
