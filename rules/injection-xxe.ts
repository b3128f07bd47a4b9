import { defineRule } from '../server/src/engine/rule';
import { injectionMessages, reportInjections } from '../server/src/engine/injection';

/**
 * Taint from the Lambda event (per trigger, from the config) to an XML parser, reported at the sink
 * with the source named and the source → sink path in `related`. See server/src/engine/injection.ts for what is
 * analysed and where cross-file flows are reported.
 */
const rule = defineRule({
  meta: {
    id: 'injection-xxe',
    category: 'injection',
    severity: 'warning',
    title: 'Event data reaches an XML parser that resolves entities',
    docs: {
      summary:
        "Attacker-controlled XML is parsed by a parser that expands entities or loads external ones (Python `xml.*`/`lxml`, libxmljs with `noent`), enabling XML external entity reads and entity-expansion denial of service.",
      cwe: [611,  776],
    },
    appliesTo: ['javascript', 'typescript', 'python', 'serverless', 'sam', 'cfn'],
    fixable: true,
    messages: injectionMessages(
      "Parse untrusted XML with defusedxml (Python) or with DTDs and external entities disabled (libxmljs without noent, lxml resolve_entities=False).",
    ),
  },
  check(ctx) {
    reportInjections(ctx, 'xxe', rule.meta);
  },
});

export default rule;
