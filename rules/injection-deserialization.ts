import { defineRule } from '../server/src/engine/rule';
import { injectionMessages, reportInjections } from '../server/src/engine/injection';

/**
 * Taint from the Lambda event (per trigger, from the config) to an unsafe deserializer, reported at the sink
 * with the source named and the source → sink path in `related`. See server/src/engine/injection.ts for what is
 * analysed and where cross-file flows are reported.
 */
const rule = defineRule({
  meta: {
    id: 'injection-deserialization',
    category: 'injection',
    severity: 'error',
    title: 'Event data reaches an unsafe deserializer',
    docs: {
      summary:
        "Attacker-controlled event data is deserialized with a format that can build arbitrary objects or run code (`node-serialize`, `pickle`, `marshal`, `jsonpickle`, `yaml.load` with an unsafe loader).",
      cwe: [502],
    },
    appliesTo: ['javascript', 'typescript', 'python', 'serverless', 'sam', 'cfn'],
    fixable: true,
    messages: injectionMessages(
      "Deserialize untrusted data only with data-only formats: JSON, yaml.safe_load (or yaml.load with SafeLoader); never pickle, marshal, jsonpickle or node-serialize.",
    ),
  },
  check(ctx) {
    reportInjections(ctx, 'deserialization', rule.meta);
  },
});

export default rule;
