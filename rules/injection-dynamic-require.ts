import { defineRule } from '../server/src/engine/rule';
import { injectionMessages, reportInjections } from '../server/src/engine/injection';

/**
 * Taint from the Lambda event (per trigger, from the config) to a dynamic module load, reported at the sink
 * with the source named and the source → sink path in `related`. See server/src/engine/injection.ts for what is
 * analysed and where cross-file flows are reported.
 */
const rule = defineRule({
  meta: {
    id: 'injection-dynamic-require',
    category: 'injection',
    severity: 'warning',
    title: 'Event data decides which module is loaded',
    docs: {
      summary:
        "Attacker-controlled event data is part of the specifier of `require`, `import()`, `importlib.import_module` or `__import__`, so a request chooses which code in the deployment package (or on disk) is loaded and run.",
      cwe: [829,  94],
    },
    appliesTo: ['javascript', 'typescript', 'python', 'serverless', 'sam', 'cfn'],
    messages: injectionMessages(
      "Map the request value to a fixed set of modules (an object or switch of constant specifiers, or an allowlist check) instead of loading a path built from it.",
    ),
  },
  check(ctx) {
    reportInjections(ctx, 'dynamic-require', rule.meta);
  },
});

export default rule;
