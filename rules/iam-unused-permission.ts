import { defineRule } from '../server/src/engine/rule';
import { formatCount, listText } from '../server/src/engine/iam/policy-analysis';
import { fnWord } from '../server/src/engine/model/query';
import { dirname } from '../server/src/engine/project';
import { unusedPermissions, type UnusedItem } from '../server/src/engine/permissions/unused';
import { relativePath } from '../server/src/engine/permissions/usage';

/**
 * A role grants actions that none of its functions' handlers call. Judged only for roles whose
 * functions ALL have handler files that resolve and parse cleanly, with every AWS SDK call
 * statically resolvable (no `client[op]()`, no computed service names, no client handed to a
 * library, no library known to call AWS itself, no unreadable local import) — otherwise nothing
 * is reported, because what the code needs is not known.
 *
 * Severity: warning when an unused action is a write or permissions-management action (it widens
 * what a compromised function can change), info when only reads, lists or tagging go unused.
 *
 * Fix "Narrow to what the code uses": rewrites the statement's Action list to exactly the used
 * actions it covers (wildcards become the used actions they match), keeping the list style; a
 * statement none of whose actions is used is removed when other statements remain in its list.
 */
export default defineRule({
  meta: {
    id: 'iam-unused-permission',
    category: 'iam',
    severity: 'info',
    title: 'Role grants actions the handler code never calls',
    docs: {
      summary: "The function's role allows actions (or wildcards covering actions) that no AWS SDK call in its handler code makes; narrow the statement to the actions the code uses.",
      cwe: [250, 732],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return;
    const handlers = ctx.links.handlers();
    if (!handlers.length) return;
    const dir = dirname(ctx.file);
    // One finding per statement: its unused entries are listed together.
    const byStatement = new Map<object, UnusedItem[]>();
    for (const it of unusedPermissions(model, handlers, ctx.links, ctx.project)) {
      let list = byStatement.get(it.statement.node);
      if (!list) byStatement.set(it.statement.node, (list = []));
      list.push(it);
    }
    for (const items of byStatement.values()) {
      const first = items[0];
      const last = items[items.length - 1];
      ctx.report({
        range: items.length === 1 ? first.value.node.range : { start: first.value.node.range.start, end: last.value.node.range.end },
        severity: items.some((it) => it.unused.some((a) => a.accessLevel === 'Write' || a.accessLevel === 'Permissions management')) ? 'warning' : 'info',
        message: items.length === 1 ? message(first, dir) : groupMessage(items, dir),
        fixes: first.fix ? [first.fix] : [],
      });
    }
  },
});

/** Several entries of one statement go unused: one message naming each. */
function groupMessage(items: readonly UnusedItem[], dir: string): string {
  const it = items[0];
  const files = it.handlerFiles.map((f) => relativePath(dir, f));
  const where = files.length === 1 ? ` (${files[0]})` : '';
  const who = it.functions.length === 1 ? `the handler of function ${it.functions[0]}${where} never calls` : `none of the handlers of ${fnWord(it.functions)}${where} call`;
  const parts = items.map((x) => (x.used.length === 0 ? x.text : `${x.text} beyond ${listText(x.used, 2)}`));
  const allUnused = items.every((x) => x.used.length === 0);
  const n = items.reduce((k, x) => k + x.unused.length, 0);
  return (
    `${items.length} entries of this statement grant ${formatCount(n)} action${n === 1 ? '' : 's'} ${who}: ${listText(parts, 6)}. ` +
    `${allUnused ? 'Remove them' : 'Narrow the statement to what is used'}: every unused action is one more thing a compromised function can do.`
  );
}

function message(it: UnusedItem, dir: string): string {
  const who = it.functions.length === 1 ? `the handler of function ${it.functions[0]}` : `none of the handlers of ${fnWord(it.functions)}`;
  const files = it.handlerFiles.map((f) => relativePath(dir, f));
  const where = files.length === 1 ? ` (${files[0]})` : '';
  const verbNever = it.functions.length === 1 ? `${who}${where} never calls` : `${who}${where} call`;
  if (it.expansion.length === 1 && it.unused.length === 1) {
    return `${it.text} is granted, but ${verbNever} it. Remove it: every unused action is one more thing a compromised function can do.`;
  }
  const n = formatCount(it.expansion.length);
  if (it.used.length === 0) {
    return `${it.text} grants ${n} actions, but ${verbNever} any of them. Remove it: every unused action is one more thing a compromised function can do.`;
  }
  const those = it.used.length === 1 ? 'that action' : 'those actions';
  // What the code calls, apart from what AWS does with the role on the function's behalf.
  const called = it.called;
  const calledSet = new Set(called);
  const serviceActions = it.used.filter((a) => !calledSet.has(a));
  const service = serviceActions.length;
  const serviceText = `${formatCount(service)} action${service === 1 ? '' : 's'} AWS uses with the role on the function's behalf (${purposes(serviceActions)})`;
  if (called.length === 0) {
    const none = it.functions.length === 1 ? `${who}${where} calls no AWS API it covers` : `the handlers of ${fnWord(it.functions)} call no AWS API it covers`;
    return `${it.text} grants ${n} actions, but ${none}: only the ${serviceText} are needed. Narrow it to ${those}.`;
  }
  const usedText = listText(called, 4);
  const only = it.functions.length === 1 ? `${who}${where} calls only ${usedText}` : `the handlers of ${fnWord(it.functions)} call only ${usedText}`;
  return `${it.text} grants ${n} actions, but ${only}${service ? `, plus the ${serviceText}` : ''}. Narrow it to ${those}.`;
}

/** What the actions AWS performs with the role are for, in words (`CloudWatch Logs, X-Ray`). */
function purposes(actions: readonly string[]): string {
  const out = new Set<string>();
  for (const a of actions) {
    const svc = a.slice(0, a.indexOf(':'));
    if (svc === 'logs') out.add('CloudWatch Logs');
    else if (svc === 'xray') out.add('X-Ray tracing');
    else if (svc === 'ec2') out.add('VPC network interfaces');
    else if (svc === 'kms') out.add('KMS for encrypted services');
    else if (svc === 'kafka') out.add('Kafka event source');
    else if (a === 'lambda:CheckpointDurableExecution' || a === 'lambda:GetDurableExecutionState') out.add('durable execution');
    else if (a === 'sqs:SendMessage' || a === 'sns:Publish' || a === 'events:PutEvents' || a === 'lambda:InvokeFunction') out.add('destinations');
    else out.add('event-source polling');
  }
  return [...out].join(', ');
}
