/**
 * Precision / recall of the injection-* RULES (through Engine.analyze, as the language server and
 * the CLI run them) on the labelled handler set test/fixtures/handlers/ (labels.json).
 *
 * The fixtures are mounted in an in-memory project at /fx. A serverless.yml is generated from
 * labels.json: one function per entry that names an export, with events matching the entry's
 * triggers, so the rules take their sources from the config exactly as in a real project; entries
 * without an export name (Flask/Chalice apps, files with several handlers) have no function and
 * go through the "no config: API Gateway assumed" path. Every code file of the set is analysed,
 * including lib/ and helpers/ modules, whose sinks are found through the handlers that import them.
 *
 * A finding is scored at its sink (file, line, sink kind): a finding at the call site of a
 * cross-file flow scores at the sink in the other file (its `sink:` related location), so one flow
 * counted in both files is one prediction.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';
import { FIXTURE_DIR, loadLabels, type LabelFile } from '../fixtures/handlers/harness';

const ROOT = '/fx';
const injectionRules = allRules.filter((r) => r.meta.category === 'injection');

const EVENTS: Record<string, string[]> = {
  // a greedy path: the fixtures read path parameters and the raw path, which a fixed route would make constant
  api: ['httpApi: POST /FN/{proxy+}'],
  alb: ['alb:\n          listenerArn: arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/a/b/c\n          priority: 1\n          conditions:\n            path: /FN'],
  websocket: ['websocket: $connect'],
  s3: ['s3: uploads-FN'],
  sqs: ['sqs: arn:aws:sqs:eu-west-1:123456789012:FN'],
  sns: ['sns: FN'],
  eventbridge: ["eventBridge:\n          pattern:\n            source: ['app.FN']"],
  'dynamodb-stream': ['stream: arn:aws:dynamodb:eu-west-1:123456789012:table/FN/stream/2024-01-01T00:00:00.000'],
  kinesis: ['stream:\n          type: kinesis\n          arn: arn:aws:kinesis:eu-west-1:123456789012:stream/FN'],
  cognito: ['cognitoUserPool:\n          pool: FN\n          trigger: PreSignUp'],
  schedule: ['schedule: rate(1 hour)'],
  // serverless.yml has no AppSync / direct-invoke event: no events means "unknown" (whole event)
  appsync: [],
  unknown: [],
};

export function generatedConfig(labels: LabelFile): string {
  const out = ['service: fixtures', 'provider:', '  name: aws', '  runtime: nodejs20.x', 'functions:'];
  labels.entries.forEach((e, i) => {
    if (!e.exportName) return;
    const mod = e.file.slice(0, e.file.lastIndexOf('.'));
    out.push(`  f${i}:`, `    handler: ${mod}.${e.exportName}`);
    if (e.lang === 'python') out.push('    runtime: python3.12');
    const evs = e.triggers.flatMap((t) => EVENTS[t] ?? []);
    if (evs.length) {
      out.push('    events:');
      for (const ev of evs) out.push(`      - ${ev.replace(/FN/g, `f${i}`)}`);
    }
  });
  return out.join('\n') + '\n';
}

function codeFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...codeFiles(path.join(dir, d.name), r));
    else if (/\.(js|mjs|cjs|ts|tsx|py)$/.test(d.name) && r !== 'harness.ts') out.push(r);
  }
  return out.sort();
}

function fixtureProject(config: string | undefined): Project {
  const disk = (p: string) => path.join(FIXTURE_DIR, ...p.slice(ROOT.length + 1).split('/'));
  return new Project({
    readFile: (p) => {
      if (!p.startsWith(ROOT + '/')) return undefined;
      if (p === `${ROOT}/serverless.yml`) return config;
      try {
        return fs.readFileSync(disk(p), 'utf8');
      } catch {
        return undefined;
      }
    },
    listDir: (d) => {
      if (d !== ROOT && !d.startsWith(ROOT + '/')) return undefined;
      let names: string[];
      try {
        names = fs.readdirSync(d === ROOT ? FIXTURE_DIR : disk(d));
      } catch {
        return undefined;
      }
      return d === ROOT && config !== undefined ? [...names, 'serverless.yml'] : names;
    },
  });
}

export interface RuleScore {
  tp: string[];
  fp: string[];
  fn: string[];
  precision: number;
  recall: number;
  findings: number;
  callSites: Finding[];
  sinkKeys: Set<string>;
  ms: number;
  files: number;
}

function lineIndexOf(cache: Map<string, LineIndex>, project: Project, file: string): LineIndex {
  let li = cache.get(file);
  if (!li) cache.set(file, (li = new LineIndex(project.readFile(file) ?? '')));
  return li;
}

export function scoreRules(withConfig: boolean): RuleScore {
  const labels = loadLabels();
  const project = fixtureProject(withConfig ? generatedConfig(labels) : undefined);
  const engine = new Engine(project, injectionRules);
  engine.codeSupport = new TreeSitterCodeSupport(engine, () => ROOT);
  const lines = new Map<string, LineIndex>();
  const predicted = new Set<string>();
  const callSites: Finding[] = [];
  const sinkKeys = new Set<string>();
  let findings = 0;
  const files = codeFiles(FIXTURE_DIR);
  const t0 = performance.now();
  for (const rel of files) {
    const p = `${ROOT}/${rel}`;
    const r = engine.analyze(p, project.readFile(p)!);
    assert.deepEqual(r.ruleErrors, [], `rules threw on ${rel}`);
    for (const f of r.findings) {
      if (!f.ruleId.startsWith('injection-')) continue;
      findings++;
      const kind = f.ruleId.slice('injection-'.length);
      const sink = f.related?.find((x) => x.message.startsWith('sink: '));
      assert.ok(sink, `finding without a sink location: ${f.message}`);
      const line = lineIndexOf(lines, project, sink.file).positionAt(sink.range.start).line + 1;
      const key = `${sink.file.slice(ROOT.length + 1)}:${line}:${kind}`;
      predicted.add(key);
      if (sink.file !== f.file) callSites.push(f);
      else sinkKeys.add(key);
    }
  }
  const ms = performance.now() - t0;
  const want = new Set(labels.labels.map((l) => `${l.file}:${l.line}:${l.sinkKind}`));
  const tp = [...want].filter((k) => predicted.has(k));
  const fn = [...want].filter((k) => !predicted.has(k));
  const fp = [...predicted].filter((k) => !want.has(k));
  return { tp, fp, fn, precision: tp.length / Math.max(1, tp.length + fp.length), recall: tp.length / Math.max(1, tp.length + fn.length), findings, callSites, sinkKeys, ms, files: files.length };
}

function show(name: string, s: RuleScore): void {
  console.log(`${name}: ${s.files} files, ${s.findings} findings (${s.callSites.length} at cross-file call sites) in ${s.ms.toFixed(0)} ms — labels ${s.tp.length + s.fn.length}: TP ${s.tp.length}, FP ${s.fp.length}, FN ${s.fn.length}; precision ${(s.precision * 100).toFixed(1)}%, recall ${(s.recall * 100).toFixed(1)}%`);
  for (const k of s.fp) console.log(`  FP ${k}`);
  for (const k of s.fn) console.log(`  FN ${k}`);
}

describe('injection rules on the labelled handler set', () => {
  before(() => initCodeParsers());

  it('with the functions declared in a serverless.yml (sources from each function\'s events)', () => {
    const s = scoreRules(true);
    show('injection rules, config-linked', s);
    assert.equal(s.tp.length + s.fn.length, loadLabels().labels.length);
    assert.ok(s.precision >= 1, `precision ${s.precision}`);
    assert.ok(s.recall >= 1, `recall ${s.recall}`);
    // one finding per flow: a call-site finding only where the sink's file does not report the flow
    for (const f of s.callSites) {
      const sink = f.related!.find((x) => x.message.startsWith('sink: '))!;
      const line = lineIndexOf(new Map(), fixtureProject(undefined), sink.file).positionAt(sink.range.start).line + 1;
      const key = `${sink.file.slice(ROOT.length + 1)}:${line}:${f.ruleId.slice('injection-'.length)}`;
      assert.ok(!s.sinkKeys.has(key), `flow of ${f.message} reported twice (at the call and in ${sink.file})`);
    }
  });

  it('without any config (every handler treated as an API Gateway handler)', () => {
    const s = scoreRules(false);
    show('injection rules, no config', s);
    // Non-API triggers (SQS, S3, SNS, Kinesis, …) have other sources than an API event, and helper
    // modules have no handler to reach them from: recall drops, precision stays high.
    assert.ok(s.precision >= 0.9, `precision ${s.precision}`);
    assert.ok(s.recall >= 0.7, `recall ${s.recall}`);
  });
});
