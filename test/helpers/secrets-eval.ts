/**
 * Precision / recall of the file-level secret rules on the labelled fixture files
 * (test/fixtures/secrets, see its README.md), and of secretlint's recommended preset on the same
 * texts (cut marks removed), scored the same way:
 *
 *  - a finding counts at the line where its range starts;
 *  - a labelled secret line with at least one finding is a true positive, without one a false
 *    negative; every other line with a finding is one false positive (a line with several findings
 *    counts once, for both tools).
 *
 * Rules evaluated: the rules that report hardcoded secrets (`secret-in-config`,
 * `secret-parameter-default`, `secret-in-code`). `secret-ssm-in-environment` reports secret
 * *references* resolved into the environment, not hardcoded secrets, so it is not scored.
 */
import { Engine } from '../../server/src/engine/engine';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { Project } from '../../server/src/engine/project';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../rules/index';
import { FIXTURE_DIR, loadLabels, readFixture, uncut, type FileLabels } from '../fixtures/secrets/load';

export const SCORED_RULES = ['secret-in-config', 'secret-parameter-default', 'secret-in-code'];

/** A labelled set of files (labels.json format of test/fixtures/secrets). */
export interface Dataset {
  name: string;
  /** Project folder the files are analysed in. */
  root: string;
  labels: Record<string, FileLabels>;
  /** File text with cut marks removed. */
  read(file: string): string;
}

/**
 * `A`: test/fixtures/secrets (written with the detection core); `B`: test/fixtures/secrets-rules (written with the rules);
 * `C`: test/fixtures/secrets-recall (issue 13: human passwords, framework keys, password APIs, serverless.yml reference chains).
 */
export function datasets(): Dataset[] {
  const bDir = join(FIXTURE_DIR, '..', 'secrets-rules');
  const cDir = join(FIXTURE_DIR, '..', 'secrets-recall');
  return [
    { name: 'A (fixtures/secrets)', root: '/eval/secrets', labels: loadLabels(), read: readFixture },
    {
      name: 'B (fixtures/secrets-rules)',
      root: '/eval/secrets-rules',
      labels: JSON.parse(uncut(readFileSync(join(bDir, 'labels.json'), 'utf8'))).files as Record<string, FileLabels>,
      read: (f) => uncut(readFileSync(join(bDir, f), 'utf8')),
    },
    {
      name: 'C (fixtures/secrets-recall)',
      root: '/eval/secrets-recall',
      labels: JSON.parse(readFileSync(join(cDir, 'labels.json'), 'utf8')).files as Record<string, FileLabels>,
      read: (f) => readFileSync(join(cDir, f), 'utf8'),
    },
  ];
}

export interface FileScore {
  file: string;
  format: string;
  labelled: number;
  tp: number;
  fp: number;
  fn: number;
  fpLines: number[];
  fnLines: number[];
}

export interface ToolScore {
  tool: string;
  files: FileScore[];
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  ms: number;
}

function score(tool: string, ds: Dataset, perFile: Map<string, Set<number>>, ms: number): ToolScore {
  const labels = ds.labels;
  const files: FileScore[] = [];
  for (const [file, spec] of Object.entries(labels)) {
    const found = perFile.get(file) ?? new Set<number>();
    const expected = new Set(spec.secrets.map((s) => s.reportedOn ?? s.line));
    const fnLines = [...expected].filter((l) => !found.has(l)).sort((a, b) => a - b);
    const fpLines = [...found].filter((l) => !expected.has(l)).sort((a, b) => a - b);
    files.push({ file, format: spec.format, labelled: expected.size, tp: expected.size - fnLines.length, fp: fpLines.length, fn: fnLines.length, fpLines, fnLines });
  }
  const tp = files.reduce((a, f) => a + f.tp, 0);
  const fp = files.reduce((a, f) => a + f.fp, 0);
  const fn = files.reduce((a, f) => a + f.fn, 0);
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { tool, files, tp, fp, fn, precision, recall, f1, ms };
}

/** A data set's files as a project (cut marks removed), keyed by project path. */
export function fixtureProject(ds: Dataset): { project: Project; texts: Map<string, string> } {
  const texts = new Map<string, string>();
  for (const file of Object.keys(ds.labels)) texts.set(`${ds.root}/${file}`, ds.read(file));
  const project = new Project({
    readFile: (p) => texts.get(p),
    listDir: (d) => [...texts.keys()].filter((k) => k.startsWith(d + '/') && !k.slice(d.length + 1).includes('/')).map((k) => k.slice(d.length + 1)),
  });
  return { project, texts };
}

/** Runs the secret rules over every labelled file of a data set. */
export async function runSecretRules(ds: Dataset): Promise<{ score: ToolScore; findings: Map<string, Finding[]> }> {
  await initCodeParsers();
  const { project, texts } = fixtureProject(ds);
  const engine = new Engine(project, allRules.filter((r) => SCORED_RULES.includes(r.meta.id)));
  engine.codeSupport = new TreeSitterCodeSupport(engine);
  const perFile = new Map<string, Set<number>>();
  const findings = new Map<string, Finding[]>();
  const t0 = performance.now();
  for (const file of Object.keys(ds.labels)) {
    const path = `${ds.root}/${file}`;
    const text = texts.get(path)!;
    const r = engine.analyze(path, text);
    if (r.ruleErrors.length) throw new Error(`rule error on ${file}: ${r.ruleErrors[0].error}`);
    const lines = new LineIndex(text);
    const own = r.findings.filter((f) => SCORED_RULES.includes(f.ruleId));
    findings.set(file, own);
    perFile.set(file, new Set(own.map((f) => lines.positionAt(f.range.start).line + 1)));
  }
  return { score: score('serverless-guard', ds, perFile, performance.now() - t0), findings };
}

interface SecretlintMessage {
  loc: { start: { line: number } };
  ruleId: string;
}

/** Runs secretlint with `@secretlint/secretlint-rule-preset-recommend` over the same texts. */
export async function runSecretlint(ds: Dataset): Promise<ToolScore> {
  const { runSecretLint } = (await import('secretlint')) as typeof import('secretlint');
  const { texts } = fixtureProject(ds);
  const perFile = new Map<string, Set<number>>();
  const t0 = performance.now();
  for (const file of Object.keys(ds.labels)) {
    const r = await runSecretLint({
      cliOptions: { cwd: process.cwd(), stdinContent: texts.get(`${ds.root}/${file}`)!, stdinFileName: file.slice(file.lastIndexOf('/') + 1) },
      engineOptions: { formatter: 'json', color: false, maskSecrets: true, configFileJSON: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] } },
    });
    const results = JSON.parse(r.stdout ?? '[]') as { messages: SecretlintMessage[] }[];
    perFile.set(file, new Set(results.flatMap((x) => x.messages.map((m) => m.loc.start.line))));
  }
  return score('secretlint (preset-recommend)', ds, perFile, performance.now() - t0);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A plain-text table comparing the tools, per file and in total. */
/** Totals over several data sets. */
export function combine(tool: string, scores: ToolScore[]): Pick<ToolScore, 'tool' | 'tp' | 'fp' | 'fn' | 'precision' | 'recall' | 'f1'> {
  const tp = scores.reduce((a, s) => a + s.tp, 0);
  const fp = scores.reduce((a, s) => a + s.fp, 0);
  const fn = scores.reduce((a, s) => a + s.fn, 0);
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  return { tool, tp, fp, fn, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

export function formatCombined(rows: ReturnType<typeof combine>[]): string {
  return rows.map((s) => `${s.tool.padEnd(32)} TP ${s.tp}  FP ${s.fp}  FN ${s.fn}  precision ${pct(s.precision).padStart(6)}  recall ${pct(s.recall).padStart(6)}  F1 ${pct(s.f1).padStart(6)}`).join('\n');
}

export function formatTable(ds: Dataset, scores: ToolScore[]): string {
  const labels = ds.labels;
  const rows: string[][] = [['file', 'labelled', ...scores.flatMap((s) => [`${s.tool} TP/FP/FN`])]];
  for (const file of Object.keys(labels)) {
    const cells = scores.map((s) => {
      const f = s.files.find((x) => x.file === file)!;
      return `${f.tp}/${f.fp}/${f.fn}`;
    });
    rows.push([file, String(labels[file].secrets.length), ...cells]);
  }
  rows.push(['total', String(scores[0].tp + scores[0].fn), ...scores.map((s) => `${s.tp}/${s.fp}/${s.fn}`)]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  const out = [`Data set ${ds.name}: ${Object.keys(labels).length} files, ${scores[0].tp + scores[0].fn} labelled secrets`, line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line), ''];
  for (const s of scores) {
    out.push(`${s.tool.padEnd(32)} precision ${pct(s.precision).padStart(6)}  recall ${pct(s.recall).padStart(6)}  F1 ${pct(s.f1).padStart(6)}  (${s.ms.toFixed(0)} ms)`);
    for (const f of s.files) {
      if (f.fnLines.length) out.push(`  missed   ${f.file}: lines ${f.fnLines.join(', ')}`);
      if (f.fpLines.length) out.push(`  spurious ${f.file}: lines ${f.fpLines.join(', ')}`);
    }
  }
  return out.join('\n');
}
