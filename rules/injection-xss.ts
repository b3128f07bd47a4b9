import { defineRule } from '../server/src/engine/rule';
import { injectionMessages, reportInjections } from '../server/src/engine/injection';

/**
 * Taint from the Lambda event (per trigger, from the config) to an HTML response, reported at the sink
 * with the source named and the source → sink path in `related`. See server/src/engine/injection.ts for what is
 * analysed and where cross-file flows are reported.
 */
const rule = defineRule({
  meta: {
    id: 'injection-xss',
    category: 'injection',
    severity: 'warning',
    title: 'Event data is written into an HTML response',
    docs: {
      summary:
        "Attacker-controlled event data is written unescaped into the body of a `text/html` response, so the page runs the attacker's script in your site's origin (reflected XSS).",
      cwe: [79],
    },
    appliesTo: ['javascript', 'typescript', 'python', 'serverless', 'sam', 'cfn'],
    messages: injectionMessages(
      "Escape it for HTML (escape-html, html.escape, a templating engine with auto-escaping) before writing it into the page, or return JSON.",
    ),
  },
  check(ctx) {
    reportInjections(ctx, 'xss', rule.meta);
  },
});

export default rule;
