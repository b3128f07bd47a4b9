/**
 * RuleTester in the spirit of ESLint's: each rule's test file lists valid and invalid cases; every
 * invalid case states its findings (by the exact source text of the range, or line/column) and
 * every fix is applied and re-checked (the finding is gone and the file still parses).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine, PARSE_RULE, SUPPRESSION_RULE } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import type { Rule } from '../../server/src/engine/rule';
import { LineIndex } from '../../server/src/engine/text';
import { messageMatches } from '../../server/src/engine/messages';
import type { Finding, Fix } from '../../server/src/engine/types';
import { allRules } from '../../rules/index';

export interface ValidCase {
  name?: string;
  /** File name the text is analysed as (decides the format): serverless.yml, template.yaml, template.json, handler.js... */
  file: string;
  code: string;
  /** Other files of the project (path relative to the same folder → text). */
  files?: Record<string, string>;
}

export interface ExpectedFinding {
  /** Exact source text the finding's range covers. */
  text?: string;
  /** 1-based line of the range start. */
  line?: number;
  column?: number;
  /** Substrings the message must contain. */
  message?: string | RegExp;
  /** Id of the rule's message template (meta.messages) the message was made from. */
  messageId?: string;
  severity?: 'error' | 'warning' | 'info';
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /**
   * Expected fixes: for each finding index, the titles (substring) of fixes it must offer and,
   * optionally, the exact output of applying the first matching fix.
   */
  fixes?: { finding?: number; title: string | RegExp; output?: string }[];
}

export const ROOT = '/project';

function project(c: ValidCase): { engine: (rule: Rule) => Engine; path: string; proj: Project } {
  const files = new Map<string, string>();
  for (const [k, v] of Object.entries(c.files ?? {})) files.set(`${ROOT}/${k}`, v);
  const proj = new Project({ readFile: (p) => files.get(p), listDir: (d) => [...new Set([...files.keys()].filter((k) => k.startsWith(d + '/')).map((k) => k.slice(d.length + 1).split('/')[0]))] });
  return { engine: (rule) => new Engine(proj, [rule]), path: `${ROOT}/${c.file}`, proj };
}

export function ruleFindings(rule: Rule, c: ValidCase): Finding[] {
  const { engine, path } = project(c);
  const e = engine(rule);
  attachCode?.(e);
  const r = e.analyze(path, c.code);
  if (r.ruleErrors.length) throw new Error(`rule threw: ${r.ruleErrors[0].error}`);
  return r.findings.filter((f) => f.ruleId === rule.meta.id);
}

/** Set by code-analysis tests to plug tree-sitter support into engines made here. */
export let attachCode: ((e: Engine) => void) | undefined;
export function setCodeSupport(fn: (e: Engine) => void): void {
  attachCode = fn;
}

export function applyFix(fix: Fix, file: string, text: string): string {
  const change = fix.changes.find((c) => c.file === file);
  if (!change) return text;
  const edits = [...change.edits].sort((a, b) => b.range.start - a.range.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

function describeFinding(f: Finding, text: string): string {
  const lines = new LineIndex(text);
  const p = lines.positionAt(f.range.start);
  return `${f.ruleId} ${p.line + 1}:${p.character + 1} ${JSON.stringify(text.slice(f.range.start, f.range.end))} — ${f.message}`;
}

export function run(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    it('is registered', () => {
      assert.ok(allRules.includes(rule), `${rule.meta.id} is missing from rules/index.ts`);
    });
    cases.valid.forEach((c, i) => {
      it(`valid #${i + 1}${c.name ? `: ${c.name}` : ''} (${c.file})`, () => {
        const found = ruleFindings(rule, c);
        assert.deepEqual(found.map((f) => describeFinding(f, c.code)), []);
      });
    });
    cases.invalid.forEach((c, i) => {
      it(`invalid #${i + 1}${c.name ? `: ${c.name}` : ''} (${c.file})`, () => {
        const found = ruleFindings(rule, c);
        assert.equal(found.length, c.errors.length, `expected ${c.errors.length} finding(s), got:\n${found.map((f) => describeFinding(f, c.code)).join('\n')}`);
        const lines = new LineIndex(c.code);
        c.errors.forEach((exp, k) => {
          const f = found[k];
          const pos = lines.positionAt(f.range.start);
          if (exp.text !== undefined) assert.equal(c.code.slice(f.range.start, f.range.end), exp.text, `finding ${k} range`);
          if (exp.line !== undefined) assert.equal(pos.line + 1, exp.line, `finding ${k} line`);
          if (exp.column !== undefined) assert.equal(pos.character + 1, exp.column, `finding ${k} column`);
          if (exp.severity !== undefined) assert.equal(f.severity, exp.severity, `finding ${k} severity`);
          if (exp.message !== undefined) {
            if (typeof exp.message === 'string') assert.ok(f.message.includes(exp.message), `message ${JSON.stringify(f.message)} lacks ${JSON.stringify(exp.message)}`);
            else assert.match(f.message, exp.message);
          }
          if (exp.messageId !== undefined) {
            const t = rule.meta.messages?.[exp.messageId];
            assert.ok(t !== undefined, `${rule.meta.id} has no message '${exp.messageId}'`);
            assert.ok(messageMatches(t, f.message), `message ${JSON.stringify(f.message)} is not '${exp.messageId}'`);
          }
          assert.ok(f.message.length > 20, 'messages explain themselves');
        });
        for (const fx of c.fixes ?? []) {
          const f = found[fx.finding ?? 0];
          const fix = f.fixes.find((x) => (typeof fx.title === 'string' ? x.title.includes(fx.title) : fx.title.test(x.title)));
          assert.ok(fix, `no fix matching ${fx.title} among: ${f.fixes.map((x) => x.title).join(' | ')}`);
          const path = `${ROOT}/${c.file}`;
          const out = applyFix(fix, path, c.code);
          if (fx.output !== undefined) assert.equal(out, fx.output);
          checkFixResult(rule, c, out, f);
        }
        // Every non-suppression fix must apply cleanly and remove its finding.
        for (const f of found) {
          for (const fix of f.fixes) {
            if (fix.placeholder) continue;
            const out = applyFix(fix, `${ROOT}/${c.file}`, c.code);
            checkFixResult(rule, c, out, f);
          }
        }
      });
    });
  });
}

function checkFixResult(rule: Rule, c: ValidCase, out: string, f: Finding): void {
  const { engine, path } = project({ ...c, code: out });
  const e = engine(rule);
  attachCode?.(e);
  const r = e.analyze(path, out);
  const parseErrors = r.findings.filter((x) => x.ruleId === PARSE_RULE.id && x.severity === 'error');
  assert.deepEqual(parseErrors.map((x) => x.message), [], `fix left the file unparseable:\n${out}`);
  const again = r.findings.filter((x) => x.ruleId === rule.meta.id && x.ruleId !== SUPPRESSION_RULE.id);
  const same = again.filter((x) => x.message === f.message);
  assert.equal(same.length, 0, `fix did not remove the finding:\n${out}`);
}
