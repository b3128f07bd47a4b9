/**
 * `npm run eval:cross-function`: the labelled multi-function apps of test/fixtures/cross-function
 * (see its README), scanned with the built CLI. For each positive: reported at the sink? with the
 * writer's file named in the message? route finding present? For each negative: at most info?
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const DIR = path.join(ROOT, 'test', 'fixtures', 'cross-function');
const CLI = path.join(ROOT, 'dist', 'cli.js');

interface Expected {
  positives: { rule: string; file: string; line: number; writer: string; route: { file: string; line: number } }[];
  negatives: { rule: string; file: string; line: number; maxSeverity: 'info' }[];
}
interface JsonFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  message: string;
}

let atSink = 0;
let withWriter = 0;
let routes = 0;
let positives = 0;
let negatives = 0;
let negativesOk = 0;
for (const app of fs.readdirSync(DIR).sort()) {
  const dir = path.join(DIR, app);
  if (!fs.statSync(dir).isDirectory()) continue;
  const exp: Expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  const r = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
  const findings: JsonFinding[] = JSON.parse(r.stdout).findings;
  const cells: string[] = [];
  for (const p of exp.positives) {
    positives++;
    const f = findings.find((x) => x.file === p.file && x.line === p.line && x.ruleId === p.rule);
    const named = !!f && f.message.includes(p.writer);
    const route = findings.some((x) => x.file === p.route.file && x.line === p.route.line && x.ruleId === p.rule);
    if (f) atSink++;
    if (named) withWriter++;
    if (route) routes++;
    cells.push(`positive ${p.rule}: ${f ? `${f.severity} at the sink` : 'MISSED'}, writer ${named ? 'named' : 'not named'}, route finding ${route ? 'yes' : 'no'}`);
  }
  for (const n of exp.negatives) {
    negatives++;
    const f = findings.find((x) => x.file === n.file && x.line === n.line && x.ruleId === n.rule);
    const ok = !f || f.severity === 'info';
    if (ok) negativesOk++;
    cells.push(`negative ${n.rule}: ${f ? f.severity : 'not reported'}${ok ? '' : ' (should be info at most)'}`);
  }
  console.log(`${app}\n  ${cells.join('\n  ')}`);
}
console.log(`\npositives reported at the sink ${atSink}/${positives}, with the writer named ${withWriter}/${positives}, route findings ${routes}/${positives}; negatives at most info ${negativesOk}/${negatives}`);
