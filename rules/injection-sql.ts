import { defineRule } from '../server/src/engine/rule';
import { injectionMessages, reportInjections } from '../server/src/engine/injection';

/**
 * Taint from the Lambda event (per trigger, from the config) to an SQL query, reported at the sink
 * with the source named and the source → sink path in `related`. See server/src/engine/injection.ts for what is
 * analysed and where cross-file flows are reported.
 */
const rule = defineRule({
  meta: {
    id: 'injection-sql',
    category: 'injection',
    severity: 'error',
    title: 'Event data reaches an SQL query',
    docs: {
      summary:
        "Attacker-controlled event data (API request fields, queue message bodies, S3 keys…) is concatenated or interpolated into an SQL string passed to a database driver; pass it as a query parameter instead.",
      cwe: [89],
    },
    appliesTo: ['javascript', 'typescript', 'python', 'serverless', 'sam', 'cfn'],
    fixable: true,
    messages: injectionMessages(
      "Pass it as a query parameter (placeholders plus a values array) instead of building the SQL text; table and column names must come from an allowlist.",
    ),
  },
  check(ctx) {
    reportInjections(ctx, 'sql', rule.meta);
  },
});

export default rule;
