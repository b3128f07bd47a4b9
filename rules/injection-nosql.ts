import { defineRule } from '../server/src/engine/rule';
import { injectionMessages, reportInjections } from '../server/src/engine/injection';

/**
 * Taint from the Lambda event (per trigger, from the config) to a NoSQL query, reported at the sink
 * with the source named and the source → sink path in `related`. See server/src/engine/injection.ts for what is
 * analysed and where cross-file flows are reported.
 */
const rule = defineRule({
  meta: {
    id: 'injection-nosql',
    category: 'injection',
    severity: 'warning',
    title: 'Event data reaches a NoSQL query',
    docs: {
      summary:
        "Attacker-controlled event data decides a MongoDB query operator or `$where` expression, or a DynamoDB table name or expression; validate its type and shape first and keep it in value positions.",
      cwe: [943],
    },
    appliesTo: ['javascript', 'typescript', 'python', 'serverless', 'sam', 'cfn'],
    messages: injectionMessages(
      "Validate its type and shape first (a schema that requires a string, String(...), or a cast such as new ObjectId(...) / Number(...)), keep it out of `$where`, operators, table names and expressions (use ExpressionAttributeValues).",
    ),
  },
  check(ctx) {
    reportInjections(ctx, 'nosql', rule.meta);
  },
});

export default rule;
