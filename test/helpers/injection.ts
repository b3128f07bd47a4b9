/**
 * Shared setup of the injection-* rule tests: tree-sitter parsers plugged into the RuleTester's
 * engines, and small serverless.yml / SAM builders for config-linked cases.
 */
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { codeLangFromPath, freeParse, initCodeParsers, parseCode } from '../../server/src/engine/code/parser';
import type { Rule } from '../../server/src/engine/rule';
import { applyFix, ruleFindings, setCodeSupport, type ValidCase } from './rule-tester';

export function useCodeParsers(): void {
  before(async () => {
    await initCodeParsers();
    setCodeSupport((e) => {
      e.codeSupport = new TreeSitterCodeSupport(e);
    });
  });
}

/** A serverless.yml with one function per entry: `name: [handler, ...event lines]`. */
export function sls(fns: Record<string, [handler: string, ...events: string[]]>, runtime = 'nodejs20.x'): string {
  const out = ['service: app', 'provider:', '  name: aws', `  runtime: ${runtime}`, 'functions:'];
  for (const [name, [handler, ...events]] of Object.entries(fns)) {
    out.push(`  ${name}:`, `    handler: ${handler}`);
    if (events.length) {
      out.push('    events:');
      for (const e of events) out.push(`      - ${e}`);
    }
  }
  return out.join('\n') + '\n';
}

export const HTTP = 'httpApi: POST /items';
export const SQS = 'sqs: arn:aws:sqs:eu-west-1:123456789012:jobs';
export const SCHEDULE = 'schedule: rate(1 hour)';
export const S3 = 's3: uploads';
export const SNS = 'sns: alerts';

/**
 * A case whose handler file `file` (code `code`) is the handler of function `fn` in a serverless.yml
 * with an HTTP API event (`fn.handler`, Python runtime for `.py`): the caller controls the event.
 */
export function viaHttp(name: string, fn: string, file: string, code: string) {
  const runtime = file.endsWith('.py') ? 'python3.12' : undefined;
  return { name, file, code, files: { 'serverless.yml': sls({ [fn]: [`${fn}.handler`, HTTP] }, runtime), [file]: code } };
}


/**
 * Applies every code fix of the rule's findings on `c` and checks the result: the code parses
 * without ERROR/MISSING nodes (tree-sitter), and re-analysing it no longer reports that finding.
 * Returns the fixed texts.
 */
export function checkCodeFixes(rule: Rule, c: ValidCase): string[] {
  const found = ruleFindings(rule, c);
  assert.ok(found.length > 0, 'the case has findings');
  const out: string[] = [];
  const path = `/project/${c.file}`;
  const lang = codeLangFromPath(path)!;
  for (const f of found) {
    for (const fix of f.fixes) {
      if (fix.placeholder) continue;
      const fixed = applyFix(fix, path, c.code);
      assert.notEqual(fixed, c.code, `fix "${fix.title}" changes the file`);
      const parsed = parseCode(fixed, lang);
      try {
        assert.deepEqual(parsed.errors, [], `fix "${fix.title}" left a syntax error:\n${fixed}`);
      } finally {
        freeParse(parsed);
      }
      const again = ruleFindings(rule, { ...c, code: fixed });
      assert.equal(again.length, found.length - 1, `fix "${fix.title}" removes exactly its finding:\n${fixed}`);
      out.push(fixed);
    }
  }
  return out;
}
