/**
 * A language server entry for tests (`node --import tsx test/helpers/faulty-server.ts --stdio`):
 * what server/src/lsp/main.ts does, with small time budgets (FAULTY_BUDGETS, in ms of the server's
 * CPU time, so they hold on a busy machine too) and test rules before the real ones —
 *
 * - `test-slow-on-marker` burns SLOW_RULE_MS of CPU on any file whose text contains SLOW_MARKER
 *   or HOPELESS_MARKER (more than the foreground budget, so the rules after it go to the
 *   background pass);
 * - `test-slow-N` (HOPELESS_RULES of them) burn as much on files with HOPELESS_MARKER only, more
 *   in total than the background budget, so such a file ends with `analysis-timeout`;
 * - `test-throws-on-config` throws on every config file (its error must be logged, and the other
 *   rules' findings still published).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { allRules } from '../../rules/index';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { codeParserInitError, initCodeParsers } from '../../server/src/engine/code/parser';
import { Engine } from '../../server/src/engine/engine';
import type { Project } from '../../server/src/engine/project';
import { defineRule, type Rule } from '../../server/src/engine/rule';
import { cpuClock, startServer } from '../../server/src/lsp/server';

export const SLOW_MARKER = 'SG-TEST-SLOW-RULE';
export const HOPELESS_MARKER = 'SG-TEST-HOPELESS';
export const SLOW_RULE_MS = 200;
export const HOPELESS_RULES = 6;
export const FAULTY_BUDGETS = { timeBudgetMs: 100, sliceMs: 20, backgroundBudgetMs: 900 } as const;
export const THROWING_RULE_ID = 'test-throws-on-config';
export const SLOW_RULE_ID = 'test-slow-on-marker';
export const THROWN_MESSAGE = 'test rule failure (thrown on purpose)';

const slowRule: Rule = defineRule({
  meta: { id: SLOW_RULE_ID, category: 'config', severity: 'info', title: 'Slow test rule', docs: { summary: 'Busy-waits on files with a marker.' }, appliesTo: ['serverless', 'sam', 'cfn', 'javascript', 'typescript', 'python'] },
  check(ctx) {
    if (ctx.text.includes(SLOW_MARKER) || ctx.text.includes(HOPELESS_MARKER)) burn(SLOW_RULE_MS);
  },
});

/** Burns `ms` of this process's CPU time (the clock the server's budgets use). */
function burn(ms: number): void {
  const end = cpuClock() + ms;
  while (cpuClock() < end) {
    /* busy */
  }
}

const hopelessRules: Rule[] = Array.from({ length: HOPELESS_RULES }, (_, i) =>
  defineRule({
    meta: { id: `test-slow-${i + 1}`, category: 'config', severity: 'info', title: 'Slow test rule', docs: { summary: 'Burns CPU on files with a marker.' }, appliesTo: ['serverless', 'sam', 'cfn', 'javascript', 'typescript', 'python'] },
    check(ctx) {
      if (ctx.text.includes(HOPELESS_MARKER)) burn(SLOW_RULE_MS);
    },
  }),
);

const throwingRule: Rule = defineRule({
  meta: { id: THROWING_RULE_ID, category: 'config', severity: 'error', title: 'Throwing test rule', docs: { summary: 'Throws on every config.' }, appliesTo: ['serverless', 'sam', 'cfn'] },
  check() {
    throw new Error(THROWN_MESSAGE);
  },
});

export const faultyRules: readonly Rule[] = [slowRule, ...hopelessRules, throwingRule, ...allRules];

if (require.main === module) {
  process.on('uncaughtException', (e) => {
    process.stderr.write(`[serverless-guard] uncaught: ${(e as Error)?.stack ?? e}\n`);
  });
  process.on('unhandledRejection', (e) => {
    process.stderr.write(`[serverless-guard] unhandled rejection: ${(e as Error)?.stack ?? e}\n`);
  });

  void (async () => {
    // As create.ts: code support when the grammars load, config analysis regardless.
    let codeError: string | undefined;
    try {
      await initCodeParsers();
      codeError = codeParserInitError()?.message;
    } catch (e) {
      codeError = (e as Error).message;
    }
    const makeEngine = (project: Project, stopAt?: (path: string) => string | undefined): Engine => {
      const engine = new Engine(project, faultyRules);
      if (!codeError) engine.codeSupport = new TreeSitterCodeSupport(engine, stopAt);
      return engine;
    };
    startServer(createConnection(ProposedFeatures.all), makeEngine, FAULTY_BUDGETS);
  })();
}
