/**
 * The fix rules of ARCHITECTURE.md, checked by applying fixes for real: every fix a finding offers
 * (except the suppression comment, which needs the user's reason) is applied to the project — in
 * every file it edits or creates — and the project is analysed again from scratch. A fix
 *   (a) removes its finding: the file has fewer findings of that rule than before;
 *   (b) adds no finding at warning or error, from any rule, in any file it touched;
 *   (c) leaves every file it touched parseable (no parse-error).
 * Used by `npm run eval:fixes` (examples, fixtures and the real-world corpus) and by
 * test/fixes/fix-rules.test.ts (examples and fixtures, in `npm test`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine, type EngineFactoryResult } from '../../server/src/engine/create';
import { PARSE_RULE, codeKindOf, isConfigCandidate } from '../../server/src/engine/engine';
import { Project, normalizePath } from '../../server/src/engine/project';
import type { Finding, Fix } from '../../server/src/engine/types';
import { diskSource } from '../../server/src/shell/disk';

const SKIP = new Set(['node_modules', '.git', '.serverless', '.aws-sam', 'cdk.out']);
const MAX_BYTES = 1024 * 1024;

export interface Violation {
  rule: string;
  fix: string;
  file: string;
  line: number;
  kind: 'not-removed' | 'new-finding' | 'unparseable' | 'sls-print' | 'threw';
  detail: string;
}

export interface RuleFixStats {
  findings: number;
  withFix: number;
  fixesApplied: number;
  violations: number;
  /** Findings at error or warning, and those of them with a fix other than suppression. */
  severeFindings: number;
  severeWithFix: number;
}

export interface FixCheckResult {
  stats: Map<string, RuleFixStats>;
  violations: Violation[];
}

/** Files the engine analyses under a folder (sorted, deterministic). */
export function analysableFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const n of names) {
      if (SKIP.has(n)) continue;
      const p = path.join(dir, n);
      let st: fs.Stats;
      try {
        st = fs.lstatSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && st.size <= MAX_BYTES && (codeKindOf(p) || isConfigCandidate(p))) out.push(normalizePath(p));
    }
  };
  walk(root);
  return out;
}

const isSuppression = (fix: Fix) => fix.placeholder !== undefined;

function applyEdits(text: string, edits: { range: { start: number; end: number }; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Analyse `files` of a project whose texts may be overridden (fixed files, created files). */
function analyseAll(factory: EngineFactoryResult, files: string[], overlay: Map<string, string>): Map<string, Finding[]> {
  const project = new Project(diskSource(MAX_BYTES));
  for (const [p, t] of overlay) project.setOpen(p, t, 1);
  const engine = factory.makeEngine(project);
  const out = new Map<string, Finding[]>();
  for (const f of files) {
    const text = overlay.get(f) ?? project.readFile(f);
    if (text === undefined) continue;
    out.set(f, engine.analyze(f, text, { timeBudgetMs: 60_000 }).findings);
  }
  return out;
}

const severe = (f: Finding) => f.severity === 'error' || f.severity === 'warning';

function countBy(findings: Finding[], pred: (f: Finding) => boolean): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) if (pred(f)) m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1);
  return m;
}

export interface CheckOptions {
  /**
   * Also run `serverless print` (test/helpers/sls-print.ts) on every serverless.yml a fix touched,
   * when the file passed it before the fix: (c) for the Serverless Framework. Slow (seconds a run).
   */
  slsPrint?: (text: string, files: Record<string, string>) => { ok: boolean; output: string };
}

/** Applies every fix offered in the project under `root` and checks rules (a)–(c). */
export async function checkFixes(root: string, factory?: EngineFactoryResult, options: CheckOptions = {}): Promise<FixCheckResult> {
  const printedBefore = new Map<string, boolean>();
  const fac = factory ?? (await createEngine());
  const files = analysableFiles(root);
  const before = analyseAll(fac, files, new Map());
  const stats = new Map<string, RuleFixStats>();
  const violations: Violation[] = [];
  const stat = (rule: string) => {
    let s = stats.get(rule);
    if (!s) stats.set(rule, (s = { findings: 0, withFix: 0, fixesApplied: 0, violations: 0, severeFindings: 0, severeWithFix: 0 }));
    return s;
  };
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const finding of before.get(file) ?? []) {
      const s = stat(finding.ruleId);
      s.findings++;
      const fixes = finding.fixes.filter((f) => !isSuppression(f));
      if (fixes.length) s.withFix++;
      if (severe(finding)) {
        s.severeFindings++;
        if (fixes.length) s.severeWithFix++;
      }
      for (const fix of fixes) {
        s.fixesApplied++;
        const where = { rule: finding.ruleId, fix: fix.title, file: path.relative(root, file), line: lineOf(text, finding.range.start) };
        const report = (kind: Violation['kind'], detail: string) => {
          s.violations++;
          violations.push({ ...where, kind, detail });
        };
        try {
          const overlay = new Map<string, string>();
          for (const change of fix.changes) {
            const p = normalizePath(change.file);
            const base = change.create ? '' : overlay.get(p) ?? (p === file ? text : fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '');
            overlay.set(p, change.create ? change.edits.map((e) => e.newText).join('') : applyEdits(base, change.edits));
          }
          const touched = [...new Set([file, ...overlay.keys()])].filter((p) => codeKindOf(p) || isConfigCandidate(p));
          const after = analyseAll(fac, [...new Set([...files, ...touched])], overlay);
          // (c) parses
          for (const p of touched) {
            const bad = (after.get(p) ?? []).filter((f) => f.ruleId === PARSE_RULE.id && f.severity === 'error');
            const was = (before.get(p) ?? []).filter((f) => f.ruleId === PARSE_RULE.id && f.severity === 'error').length;
            if (bad.length > was) report('unparseable', `${path.relative(root, p)}: ${bad[0].message}`);
          }
          if (options.slsPrint) {
            for (const p of touched) {
              if (!/(^|\/)serverless\.ya?ml$/.test(p)) continue;
              if (!printedBefore.has(p)) printedBefore.set(p, options.slsPrint(p === file ? text : fs.readFileSync(p, 'utf8'), {}).ok);
              if (!printedBefore.get(p)) continue;
              // Files the fix created or changed beside serverless.yml go along (a JSON schema, say).
              const dir = path.dirname(p);
              const beside: Record<string, string> = {};
              for (const [q, t] of overlay) if (q !== p && q.startsWith(dir + '/')) beside[q.slice(dir.length + 1)] = t;
              const r = options.slsPrint(overlay.get(p)!, beside);
              if (!r.ok) report('sls-print', `${path.relative(root, p)}: ${r.output.split('\n').filter((l) => l.trim()).slice(0, 3).join(' / ')}`);
            }
          }
          // (a) removed
          const nBefore = (before.get(file) ?? []).filter((f) => f.ruleId === finding.ruleId).length;
          const nAfter = (after.get(file) ?? []).filter((f) => f.ruleId === finding.ruleId).length;
          if (nAfter >= nBefore) report('not-removed', `${finding.ruleId}: ${nBefore} before, ${nAfter} after`);
          // (b) nothing new at warning/error, in any touched file (the fixed rule may only go down)
          for (const p of touched) {
            const b = countBy(before.get(p) ?? [], severe);
            const a = countBy(after.get(p) ?? [], severe);
            for (const [rule, n] of a) {
              if (rule === PARSE_RULE.id) continue;
              if (n > (b.get(rule) ?? 0)) {
                const example = (after.get(p) ?? []).find((f) => f.ruleId === rule && severe(f));
                report('new-finding', `${path.relative(root, p)}: ${rule} ${b.get(rule) ?? 0} → ${n}${example ? ` (${example.message.slice(0, 160)})` : ''}`);
              }
            }
          }
        } catch (e) {
          report('threw', (e as Error).stack ?? String(e));
        }
      }
    }
  }
  return { stats, violations };
}

/** Adds `s` into `into` (per-rule totals over several project folders). */
export function addFixStats(into: Map<string, RuleFixStats>, stats: Map<string, RuleFixStats>): void {
  for (const [rule, s] of stats) {
    const t = into.get(rule) ?? { findings: 0, withFix: 0, fixesApplied: 0, violations: 0, severeFindings: 0, severeWithFix: 0 };
    t.findings += s.findings;
    t.withFix += s.withFix;
    t.fixesApplied += s.fixesApplied;
    t.violations += s.violations;
    t.severeFindings += s.severeFindings;
    t.severeWithFix += s.severeWithFix;
    into.set(rule, t);
  }
}

const pct = (m: number, n: number) => (n ? `${((100 * m) / n).toFixed(1)}%` : '-');

/** "error+warning findings N, with a fix M (P%)" over every rule of `stats`. */
export function severeSummary(stats: Map<string, RuleFixStats>): string {
  let n = 0;
  let m = 0;
  for (const s of stats.values()) {
    n += s.severeFindings;
    m += s.severeWithFix;
  }
  return `error+warning findings ${n}, with a fix ${m} (${pct(m, n)})`;
}

export function formatFixStats(stats: Map<string, RuleFixStats>): string {
  const rows = [...stats]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rule, s]) => [rule, s.findings, s.withFix, s.fixesApplied, s.violations, s.severeFindings, s.severeWithFix, pct(s.severeWithFix, s.severeFindings)].map(String));
  const head = ['rule', 'findings', 'with a fix', 'fixes applied', 'violations', 'err+warn', 'err+warn with a fix', '%'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [fmt(head), fmt(w.map((n) => '-'.repeat(n))), ...rows.map(fmt)].join('\n');
}
