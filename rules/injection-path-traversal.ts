import { defineRule } from '../server/src/engine/rule';
import { injectionMessages, reportInjections } from '../server/src/engine/injection';

/**
 * Taint from the Lambda event (per trigger, from the config) to a file-system path, reported at the sink
 * with the source named and the source → sink path in `related`. See server/src/engine/injection.ts for what is
 * analysed and where cross-file flows are reported.
 */
const rule = defineRule({
  meta: {
    id: 'injection-path-traversal',
    category: 'injection',
    severity: 'warning',
    title: 'Event data reaches a file-system path',
    docs: {
      summary:
        "Attacker-controlled event data is used in a file path (`fs.*`, `open()`, `os.open`, …) without being reduced to a file name or checked against the intended folder, so `../` can read or write other files.",
      cwe: [22],
    },
    appliesTo: ['javascript', 'typescript', 'python', 'serverless', 'sam', 'cfn'],
    messages: injectionMessages(
      "Reduce it to a file name (path.basename / os.path.basename), check the resolved path stays under the intended folder, or pick the file from an allowlist.",
    ),
  },
  check(ctx) {
    reportInjections(ctx, 'path-traversal', rule.meta);
  },
});

export default rule;
