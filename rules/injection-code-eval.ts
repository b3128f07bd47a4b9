import { defineRule } from '../server/src/engine/rule';
import { injectionMessages, reportInjections } from '../server/src/engine/injection';

/**
 * Taint from the Lambda event (per trigger, from the config) to code evaluation, reported at the sink
 * with the source named and the source → sink path in `related`. See server/src/engine/injection.ts for what is
 * analysed and where cross-file flows are reported.
 */
const rule = defineRule({
  meta: {
    id: 'injection-code-eval',
    category: 'injection',
    severity: 'error',
    title: 'Event data is evaluated as code',
    docs: {
      summary:
        "Attacker-controlled event data reaches `eval`, `new Function`, `vm.run*`, or Python `eval`/`exec`/`compile`: anyone who can send the event runs code with the function's role.",
      cwe: [94,  95],
    },
    appliesTo: ['javascript', 'typescript', 'python', 'serverless', 'sam', 'cfn'],
    messages: injectionMessages(
      "Never evaluate request data as code: parse it as data (JSON.parse, json.loads, ast.literal_eval) or map it to a fixed set of operations.",
    ),
  },
  check(ctx) {
    reportInjections(ctx, 'code-eval', rule.meta);
  },
});

export default rule;
