import { defineRule } from '../server/src/engine/rule';
import { injectionMessages, reportInjections } from '../server/src/engine/injection';

/**
 * Taint from the Lambda event (per trigger, from the config) to an OS command, reported at the sink
 * with the source named and the source → sink path in `related`. See server/src/engine/injection.ts for what is
 * analysed and where cross-file flows are reported.
 */
const rule = defineRule({
  meta: {
    id: 'injection-command',
    category: 'injection',
    severity: 'error',
    title: 'Event data reaches an OS command',
    docs: {
      summary:
        "Attacker-controlled event data is part of a shell command (`child_process.exec`, `spawn` with `shell: true`, `os.system`, `subprocess` with `shell=True`, `os.popen`); run the program with an argument array and no shell.",
      cwe: [78],
    },
    appliesTo: ['javascript', 'typescript', 'python', 'serverless', 'sam', 'cfn'],
    fixable: true,
    messages: injectionMessages(
      "Run the program with an argument array and no shell (execFile/spawn, subprocess.run([...])), or check the value against an allowlist; in Python, shlex.quote each argument.",
    ),
  },
  check(ctx) {
    reportInjections(ctx, 'command', rule.meta);
  },
});

export default rule;
