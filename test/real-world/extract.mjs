#!/usr/bin/env node
/**
 * Writes the real-world corpus (sets A, B and C) from local git mirrors of the public
 * repositories, at the commits pinned in manifest.json: test/real-world/projects/<repo>/<file> for
 * every file the manifest lists, and licenses/<repo>.LICENSE from the repository's own licence file.
 * Nothing it writes is committed (see .gitignore here): the repositories came onto the machine
 * through the session's `fetch` tool, whose terms keep fetched code out of commits. The labels,
 * the manifest (paths only) and the sources are committed.
 *
 *   node test/real-world/extract.mjs [--mirrors /work/.mirror] [repo ...]
 *
 * A mirror is the git directory `fetch` gives: <mirrors>/<owner>+<name>/repo (or repo/.git); a
 * mirror whose HEAD has moved still works, files are read at the pinned commit. A missing mirror
 * or file is reported and the script exits 1 after writing what it could.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function gitDir(mirrors, repository) {
  const root = path.join(mirrors, repository.replace('/', '+'), 'repo');
  if (fs.existsSync(path.join(root, 'HEAD'))) return root;
  if (fs.existsSync(path.join(root, '.git', 'HEAD'))) return path.join(root, '.git');
  return undefined;
}

function main(argv) {
  const i = argv.indexOf('--mirrors');
  const mirrors = i >= 0 ? argv[i + 1] : '/work/.mirror';
  const only = argv.filter((a, j) => !a.startsWith('--') && (i < 0 || j !== i + 1));
  const manifest = JSON.parse(fs.readFileSync(path.join(HERE, 'manifest.json'), 'utf8'));
  let failed = 0;
  for (const [name, r] of Object.entries(manifest.repos)) {
    if (only.length && !only.includes(name)) continue;
    const gd = gitDir(mirrors, r.repository);
    if (!gd) {
      console.error(`${r.repository}: no mirror under ${mirrors} (fetch github:${r.repository} first)`);
      failed++;
      continue;
    }
    const show = (file) => execFileSync('git', ['--git-dir', gd, 'show', `${r.commit}:${file}`], { maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
    const out = path.join(HERE, 'projects', name);
    fs.rmSync(out, { recursive: true, force: true });
    let n = 0;
    for (const file of r.files) {
      try {
        const data = show(file);
        fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
        fs.writeFileSync(path.join(out, file), data);
        n++;
      } catch {
        console.error(`${r.repository}@${r.commit.slice(0, 12)}: ${file} not found`);
        failed++;
      }
    }
    if (r.license) {
      fs.mkdirSync(path.join(HERE, 'licenses'), { recursive: true });
      try {
        fs.writeFileSync(path.join(HERE, 'licenses', `${name}.LICENSE`), show(r.license));
      } catch {
        console.error(`${r.repository}: licence file ${r.license} not found`);
        failed++;
      }
    }
    console.log(`${r.repository}@${r.commit.slice(0, 12)} (set ${r.set}): ${n} files`);
  }
  process.exit(failed ? 1 : 0);
}

main(process.argv.slice(2));
