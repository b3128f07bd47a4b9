/**
 * `npm run eval:fixes`: applies every quick fix offered on the examples, the test fixtures and the
 * real-world corpus, re-analyses, and checks the fix rules (test/helpers/fix-check.ts): the finding
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
import { checkFixes, formatFixStats, type RuleFixStats, type Violation } from '../test/helpers/fix-check';
import { slsPrint } from '../test/helpers/sls-print';

/** Stage params the examples' serverless.yml files reference. */
const PRINT_PARAMS = { userPoolId: 'us-east-1_example', userPoolClientId: 'example', userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_example' };

const ROOT = path.resolve(__dirname, '..');

/** Project folders: each example, each fixture folder, each real-world repository. */
export function defaultRoots(): string[] {
  const sub = (d: string) => (fs.existsSync(d) ? fs.readdirSync(d).sort().map((n) => path.join(d, n)).filter((p) => fs.statSync(p).isDirectory()) : []);
  return [...sub(path.join(ROOT, 'examples')), path.join(ROOT, 'test', 'fixtures'), path.join(ROOT, 'test', 'e2e', 'fixtures', 'workspace'), ...sub(path.join(ROOT, 'test', 'real-world', 'projects'))];
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const print = argv.includes('--print');
  const args = argv.filter((a) => a !== '--print');
  const roots = args.length ? args.map((a) => path.resolve(a)) : defaultRoots();
  const factory = await createEngine();
  const total = new Map<string, RuleFixStats>();
  const violations: (Violation & { root: string })[] = [];
  for (const root of roots) {
    const r = await checkFixes(root, factory, print ? { slsPrint: (t, files) => slsPrint(t, PRINT_PARAMS, files) } : {});
    for (const [rule, s] of r.stats) {
      const t = total.get(rule) ?? { findings: 0, withFix: 0, fixesApplied: 0, violations: 0 };
      t.findings += s.findings;
      t.withFix += s.withFix;
      t.fixesApplied += s.fixesApplied;
      t.violations += s.violations;
      total.set(rule, t);
    }
    for (const v of r.violations) violations.push({ ...v, root: path.relative(ROOT, root) });
  }
  console.log(formatFixStats(total));
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
