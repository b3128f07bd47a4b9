import { defineRule } from '../server/src/engine/rule';
import { injectionMessages, reportInjections } from '../server/src/engine/injection';

/**
 * Taint from the Lambda event (per trigger, from the config) to a redirect Location, reported at the sink
 * with the source named and the source → sink path in `related`. See server/src/engine/injection.ts for what is
 * analysed and where cross-file flows are reported.
 */
const rule = defineRule({
  meta: {
    id: 'injection-open-redirect',
    category: 'injection',
    severity: 'warning',
    title: 'Event data decides a redirect location',
    docs: {
      summary:
        "Attacker-controlled event data is the `Location` of a redirect response, so a link to your domain can send users to any site (phishing, OAuth token theft).",
      cwe: [601],
    },
    appliesTo: ['javascript', 'typescript', 'python', 'serverless', 'sam', 'cfn'],
    messages: injectionMessages(
      "Redirect only to relative paths or hosts from an allowlist: validate the parsed URL's host, or put the value in the query of a fixed URL (encodeURIComponent).",
    ),
  },
  check(ctx) {
    reportInjections(ctx, 'open-redirect', rule.meta);
  },
});

export default rule;
