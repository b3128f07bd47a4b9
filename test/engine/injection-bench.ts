/**
 * Engine.analyze timing for a ~2,000-line handler (JS, TS, Python) after one-character edits, as
 * the language server runs it: the file is open in the Project, tree-sitter re-parses
 * incrementally (TreeSitterCodeSupport), and the 11 injection-* rules share one memoised taint
 * analysis. Also with every registered rule, and with the handler linked from a serverless.yml.
 *
 *   node --import tsx test/engine/injection-bench.ts [--json]
 */
import { allRules } from '../../rules/index';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import type { Rule } from '../../server/src/engine/rule';
import { benchSource } from './code-bench';

function stats(xs: number[]): { median: number; p95: number; min: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))], min: s[0], max: s[s.length - 1] };
}

interface BenchRow {
  lang: string;
  rules: string;
  config: boolean;
  lines: number;
  findings: number;
  cold: number;
  edit: ReturnType<typeof stats>;
  /** Median of Engine.analyze's own split: parse (incremental tree-sitter + comments) and rules. */
  parseMs: number;
  rulesMs: number;
}

function benchOne(ext: 'js' | 'ts' | 'py', rules: readonly Rule[], rulesName: string, config: boolean, iterations: number): BenchRow {
  const path = `/bench/src/handler.${ext}`;
  const files = new Map<string, string>();
  if (config) files.set('/bench/serverless.yml', `service: bench\nprovider:\n  name: aws\n  runtime: ${ext === 'py' ? 'python3.12' : 'nodejs20.x'}\nfunctions:\n  api:\n    handler: src/handler.${ext === 'py' ? 'lambda_handler' : 'handler'}\n    events:\n      - httpApi: GET /x\n`);
  const project = new Project({
    readFile: (p) => files.get(p),
    listDir: (d) => [...files.keys()].filter((k) => k.startsWith(d + '/') && !k.slice(d.length + 1).includes('/')).map((k) => k.slice(d.length + 1)),
  });
  const engine = new Engine(project, rules);
  engine.codeSupport = new TreeSitterCodeSupport(engine);
  let cur = benchSource(ext);
  files.set(path, cur);
  let version = 1;
  project.setOpen(path, cur, version);
  const t0 = performance.now();
  const first = engine.analyze(path, cur);
  const cold = performance.now() - t0;
  const findings = first.findings.filter((f) => f.ruleId.startsWith('injection-')).length;
  const anchor = ext === 'py' ? 'print(msg, ' : 'console.log(label, ';
  const times: number[] = [];
  const parseMs: number[] = [];
  const rulesMs: number[] = [];
  for (let k = 0; k < iterations + 5; k++) {
    const at = cur.indexOf(anchor, Math.floor(cur.length / 3) + (k % 7) * 50) + anchor.length;
    const next = k % 2 === 0 ? cur.slice(0, at) + '1' + cur.slice(at) : cur.slice(0, at) + cur.slice(at + 1);
    project.setOpen(path, next, ++version);
    const t1 = performance.now();
    const r = engine.analyze(path, next);
    const dt = performance.now() - t1;
    if (r.ruleErrors.length) throw new Error(r.ruleErrors[0].error);
    cur = next;
    if (k >= 5) { times.push(dt); parseMs.push(r.timings.parseMs); rulesMs.push(r.timings.rulesMs); }
  }
  return { lang: ext, rules: rulesName, config, lines: cur.split('\n').length, findings, cold, edit: stats(times), parseMs: stats(parseMs).median, rulesMs: stats(rulesMs).median };
}

export async function runInjectionBench(iterations = 40): Promise<BenchRow[]> {
  await initCodeParsers();
  const injection = allRules.filter((r) => r.meta.category === 'injection');
  const rows: BenchRow[] = [];
  for (const ext of ['js', 'ts', 'py'] as const) {
    rows.push(benchOne(ext, injection, `${injection.length} injection rules`, false, iterations));
    rows.push(benchOne(ext, injection, `${injection.length} injection rules`, true, iterations));
    rows.push(benchOne(ext, allRules, `all ${allRules.length} rules`, true, iterations));
  }
  return rows;
}

if (require.main === module) {
  runInjectionBench().then((rows) => {
    if (process.argv.includes('--json')) { console.log(JSON.stringify(rows, null, 2)); return; }
    for (const r of rows) {
      console.log(`${r.lang.padEnd(3)} ${r.lines} lines, ${r.rules.padEnd(20)} ${r.config ? 'serverless.yml' : 'no config     '} ${r.findings} findings | first analyze ${r.cold.toFixed(1)} ms | after 1-char edit: median ${r.edit.median.toFixed(1)} ms, p95 ${r.edit.p95.toFixed(1)} ms, min ${r.edit.min.toFixed(1)}, max ${r.edit.max.toFixed(1)} (parse ${r.parseMs.toFixed(1)} + rules ${r.rulesMs.toFixed(1)})`);
    }
  });
}
