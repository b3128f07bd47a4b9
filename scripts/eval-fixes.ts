/**
 * `npm run eval:fixes`: applies every quick fix offered on the examples, the test fixtures, the
 * fix-check projects (test/fixes/projects) and the real-world corpus, re-analyses, and checks the fix rules (test/helpers/fix-check.ts): the finding
 * is gone, no new warning/error appears, every touched file still parses. Prints a table per rule
 * and every violation; exits 1 if there is one.
 *
 *   npm run eval:fixes                 all three sets
 *   npm run eval:fixes -- DIR ...      only these project folders
 *   npm run eval:fixes -- --print      also run `serverless print` on every serverless.yml a fix
 *                                      touched (Serverless Framework v3, offline; slow)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine } from '../server/src/engine/create';
import { addFixStats, checkFixes, formatFixStats, severeSummary, type RuleFixStats, type Violation } from '../test/helpers/fix-check';
import { slsPrint } from '../test/helpers/sls-print';

/** Stage params the examples' serverless.yml files reference. */
const PRINT_PARAMS = { userPoolId: 'us-east-1_example', userPoolClientId: 'example', userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_example' };

const ROOT = path.resolve(__dirname, '..');

/** Project folders: each example, the fixtures, the e2e workspace, each fix-check project (test/fixes/projects), each real-world repository. */
export function defaultRoots(): string[] {
  const sub = (d: string) => (fs.existsSync(d) ? fs.readdirSync(d).sort().map((n) => path.join(d, n)).filter((p) => fs.statSync(p).isDirectory()) : []);
  return [...sub(path.join(ROOT, 'examples')), path.join(ROOT, 'test', 'fixtures'), path.join(ROOT, 'test', 'e2e', 'fixtures', 'workspace'), ...sub(path.join(ROOT, 'test', 'fixes', 'projects')), ...sub(path.join(ROOT, 'test', 'real-world', 'projects'))];
}

/** Precision sets of test/real-world/sets.json: repository folder name → set name. */
function setOfRepo(): Map<string, string> {
  const m = new Map<string, string>();
  try {
    const sets = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'real-world', 'sets.json'), 'utf8')) as Record<string, { repos?: string[] }>;
    for (const [name, s] of Object.entries(sets)) for (const r of s.repos ?? []) m.set(r, name);
  } catch {
    // no sets file: every real-world folder is "unassigned"
  }
  return m;
}
const REPO_SET = setOfRepo();
const PROJECTS = path.join(ROOT, 'test', 'real-world', 'projects');

/** The summary group of a project folder: "set X", "real-world (no set)", or "examples/fixtures". */
function groupOf(root: string): string {
  const rel = path.relative(PROJECTS, root);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    const set = REPO_SET.get(rel.split(path.sep)[0]);
    return set ? `set ${set}` : 'real-world (no set)';
  }
  return 'examples/fixtures';
}
const groupOrder = (a: string, b: string) => {
  const rank = (g: string) => (g.startsWith('set ') ? 0 : g === 'real-world (no set)' ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b);
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const print = argv.includes('--print');
  const args = argv.filter((a) => a !== '--print');
  const roots = args.length ? args.map((a) => path.resolve(a)) : defaultRoots();
  const factory = await createEngine();
  const total = new Map<string, RuleFixStats>();
  const perGroup = new Map<string, Map<string, RuleFixStats>>();
  const violations: (Violation & { root: string })[] = [];
  for (const root of roots) {
    const r = await checkFixes(root, factory, print ? { slsPrint: (t, files) => slsPrint(t, PRINT_PARAMS, files) } : {});
    addFixStats(total, r.stats);
    const g = groupOf(root);
    if (!perGroup.has(g)) perGroup.set(g, new Map());
    addFixStats(perGroup.get(g)!, r.stats);
    for (const v of r.violations) violations.push({ ...v, root: path.relative(ROOT, root) });
  }
  console.log(formatFixStats(total));
  console.log('');
  for (const g of [...perGroup.keys()].sort(groupOrder)) console.log(`${g}: ${severeSummary(perGroup.get(g)!)}`);
  console.log(`total: ${severeSummary(total)}`);
  let findings = 0;
  let withFix = 0;
  for (const s of total.values()) {
    findings += s.findings;
    withFix += s.withFix;
  }
  console.log(`\n${roots.length} project folders; ${findings} findings, ${withFix} with a fix other than suppression; ${violations.length} violations`);
  for (const v of violations) console.log(`- [${v.kind}] ${v.root}/${v.file}:${v.line} ${v.rule} — "${v.fix}": ${v.detail}`);
  process.exitCode = violations.length ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
