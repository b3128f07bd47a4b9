/**
 * Shared setup of the robustness suite: the example and fixture files, engines made like the
 * shells make them (every registered rule + tree-sitter code support), and the checks every
 * analysis must pass — nothing thrown out of `Engine.analyze`, no rule error, a wall-clock bound,
 * and the same findings for the same text.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules/index';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { codeParserInitError, initCodeParsers } from '../../server/src/engine/code/parser';
import { DEFAULT_TIME_BUDGET_MS, Engine, codeKindOf, isConfigCandidate, type AnalysisResult, type AnalyzeOptions } from '../../server/src/engine/engine';
import { Project, normalizePath } from '../../server/src/engine/project';
import type { Rule } from '../../server/src/engine/rule';
import type { Finding } from '../../server/src/engine/types';
import { diskSource } from '../../server/src/shell/disk';
import { mulberry32 } from '../bench/gen';
import { cpuNow, withinUnits } from '../helpers/timing';

export const REPO = path.join(__dirname, '..', '..');

/**
 * Bound of one analysis of an adversarial input, in reference units of CPU time
 * (test/helpers/timing.ts; a unit is ~10–15 ms on a development machine, so this is ~2.5–3.5 s,
 * above the engine's own 2,000 ms budget plus the rule running when it expires). The engine's
 * budget runs on this process's CPU clock here, as in the language server, so other processes on
 * the machine neither cut an analysis off nor fail the bound.
 */
export const ANALYSIS_UNITS = 250;

/**
 * Fixed seeds: a failure prints the seed and the input, and re-running reproduces it.
 * `SG_FUZZ_SEED=<n>` runs other seeds and `SG_FUZZ_SCALE=<k>` k times as many runs (longer fuzzing).
 */
export const SEED = process.env.SG_FUZZ_SEED ? Number(process.env.SG_FUZZ_SEED) : 0x5e_c0_de;
export const runs = (n: number): number => Math.max(1, Math.round(n * (process.env.SG_FUZZ_SCALE ? Number(process.env.SG_FUZZ_SCALE) : 1)));

let codeInit: Promise<void> | undefined;
/** Initialises the tree-sitter grammars once per process (as create.ts does for the shells). */
export function codeParsers(): Promise<void> {
  codeInit ??= initCodeParsers().then(() => {
    const e = codeParserInitError();
    if (e) throw e;
  });
  return codeInit;
}

/** A read-only view of the real disk (examples resolve their handlers), plus open buffers. */
export function diskProject(): Project {
  return new Project(diskSource(4 * 1024 * 1024));
}

/** An in-memory project: `files` maps project paths to texts. */
export function memoryProject(files: Record<string, string> = {}): Project {
  const m = new Map(Object.entries(files));
  return new Project({
    readFile: (p) => m.get(p),
    listDir: (d) => [...m.keys()].filter((k) => k.startsWith(d + '/') && !k.slice(d.length + 1).includes('/')).map((k) => k.slice(d.length + 1)),
  });
}

/** The engine the shells make (server/src/engine/create.ts): all rules (plus `extra`), code support attached. */
export function makeEngine(project: Project, extra: readonly Rule[] = []): Engine {
  const engine = new Engine(project, [...allRules, ...extra]);
  engine.codeSupport = new TreeSitterCodeSupport(engine);
  return engine;
}

export interface FixtureFile {
  /** Repo-relative, for messages. */
  rel: string;
  /** Project path (absolute, forward slashes). */
  path: string;
  text: string;
}

const FIXTURE_DIRS = ['examples', 'test/fixtures', 'test/e2e/fixtures/workspace'];

/**
 * Every config and handler file under examples/, test/fixtures/ and the e2e workspace: code files
 * by extension, and YAML/JSON files the engine recognises as a config (data files such as
 * labels.json are not configs and are left out).
 */
export function fixtureFiles(): FixtureFile[] {
  const out: FixtureFile[] = [];
  const probe = new Engine(memoryProject(), []);
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const abs = path.join(dir, name);
      let st: fs.Stats;
      try {
        st = fs.statSync(abs);
      } catch {
        continue; // removed meanwhile (other work in the tree)
      }
      if (st.isDirectory()) {
        if (name !== 'node_modules' && !name.startsWith('.')) walk(abs);
        continue;
      }
      const p = normalizePath(abs);
      if (!codeKindOf(p) && !isConfigCandidate(p)) continue;
      let text: string;
      try {
        text = fs.readFileSync(abs, 'utf8');
      } catch {
        continue;
      }
      if (!codeKindOf(p) && !probe.analyze(p, text).kind) continue;
      out.push({ rel: path.relative(REPO, abs), path: p, text });
    }
  };
  for (const d of FIXTURE_DIRS) walk(path.join(REPO, d));
  return out;
}

/** What a finding says, for comparisons (fixes are built lazily and compared by title). */
export function describeFindings(findings: readonly Finding[], withFixes = false): string[] {
  return findings.map((f) => {
    const base = `${f.ruleId} ${f.severity} ${f.range.start}-${f.range.end} ${f.message}`;
    return withFixes ? `${base} [${f.fixes.map((x) => x.title).join(' | ')}]` : base;
  });
}

/** A short, printable excerpt of an input for failure messages. */
export function excerpt(text: string, max = 300): string {
  const s = text.length > max ? `${text.slice(0, max / 2)}…(${text.length} chars)…${text.slice(-max / 2)}` : text;
  return JSON.stringify(s);
}

export interface CheckOptions extends AnalyzeOptions {
  /** Bound in reference units of CPU time; default ANALYSIS_UNITS. */
  maxUnits?: number;
  /** Extra context for failure messages (seed, file, edit number). */
  context?: string;
}

/**
 * Analyses `text` as `file` and asserts the robustness properties: no exception out of
 * `Engine.analyze`, no rule error, within the CPU-time bound. Returns the result and its CPU ms.
 */
export function analyzeChecked(engine: Engine, file: string, text: string, options: CheckOptions = {}): { result: AnalysisResult; ms: number } {
  const { maxUnits = ANALYSIS_UNITS, context = '', ...rest } = options;
  // The editor's budget, on this process's CPU clock as in the language server.
  const analyzeOptions = { now: cpuNow, timeBudgetMs: DEFAULT_TIME_BUDGET_MS, ...rest };
  const t0 = cpuNow();
  let result: AnalysisResult;
  try {
    result = engine.analyze(file, text, analyzeOptions);
  } catch (err) {
    assert.fail(`Engine.analyze threw on ${file} ${context}: ${(err as Error)?.stack ?? err}\ninput: ${excerpt(text)}`);
  }
  const ms = cpuNow() - t0;
  assert.deepEqual(
    result.ruleErrors.map((e) => `${e.ruleId}: ${e.error.split('\n').slice(0, 4).join(' | ')}`),
    [],
    `a rule threw on ${file} ${context}\ninput: ${excerpt(text)}`,
  );
  const w = withinUnits(ms, maxUnits);
  assert.ok(w.ok, `analysis of ${file}: ${w.message} ${context}\ninput: ${excerpt(text)}`);
  return { result, ms };
}

/**
 * Determinism against history: an engine that has never seen the file finds exactly what `result`
 * (from an engine that has, e.g. after incremental re-parses) found for the same text.
 */
export function assertSameAsFresh(result: AnalysisResult, project: Project, file: string, text: string, context = '', withFixes = false): void {
  const fresh = analyzeChecked(makeEngine(project), file, text, { context }).result;
  assert.deepEqual(describeFindings(result.findings, withFixes), describeFindings(fresh.findings, withFixes), `same text, different findings on ${file} ${context}\ninput: ${excerpt(text)}`);
}

/**
 * Determinism: two engines that have never seen the file analyse the same text to the same findings
 * (fixes included when `withFixes`).
 */
export function assertDeterministic(project: Project, file: string, text: string, context = '', withFixes = false, extra: readonly Rule[] = []): AnalysisResult {
  const a = analyzeChecked(makeEngine(project, extra), file, text, { context }).result;
  const b = analyzeChecked(makeEngine(project, extra), file, text, { context }).result;
  assert.deepEqual(describeFindings(b.findings, withFixes), describeFindings(a.findings, withFixes), `same text, different findings on ${file} ${context}\ninput: ${excerpt(text)}`);
  return a;
}

/** mulberry32: a small seeded PRNG for deterministic samples outside fast-check. */
export const prng = mulberry32;

export function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
