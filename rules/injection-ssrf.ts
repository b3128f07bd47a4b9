import { defineRule } from '../server/src/engine/rule';
import { injectionMessages, reportInjections } from '../server/src/engine/injection';

/**
 * Taint from the Lambda event (per trigger, from the config) to an outbound request URL, reported at the sink
 * with the source named and the source → sink path in `related`. See server/src/engine/injection.ts for what is
 * analysed and where cross-file flows are reported.
 */
const rule = defineRule({
  meta: {
    id: 'injection-ssrf',
    category: 'injection',
    severity: 'warning',
    title: 'Event data decides an outbound request URL',
    docs: {
      summary:
        "Attacker-controlled event data decides the host or whole URL of an outbound HTTP request (`fetch`, `axios`, `http(s).request`, `got`, `requests.*`, `urlopen`, `net.connect`): server-side request forgery, e.g. to the instance metadata or internal services.",
      cwe: [918],
    },
    appliesTo: ['javascript', 'typescript', 'python', 'serverless', 'sam', 'cfn'],
    messages: injectionMessages(
      "Keep the scheme and host constant and put user data only in the path or query (encodeURIComponent), or check the parsed URL's host against an allowlist.",
    ),
  },
  check(ctx) {
    reportInjections(ctx, 'ssrf', rule.meta);
  },
});

export default rule;
