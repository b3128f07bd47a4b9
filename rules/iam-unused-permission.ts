import { defineRule } from '../server/src/engine/rule';
import { ruleMessage } from '../server/src/engine/messages';
import { CALLER_CREDENTIALS, EVENT_SOURCE_MAPPINGS } from '../server/src/engine/permissions/data/implied-actions';
import { formatCount, listText, literalItems } from '../server/src/engine/iam/policy-analysis';
import { READ_EQUIVALENTS } from '../server/src/engine/permissions/data/read-equivalents';
import { fnWord } from '../server/src/engine/model/query';
import { dirname } from '../server/src/engine/project';
import { unusedPermissions, unusedSamTemplates, type UnusedItem, type UnusedTemplate } from '../server/src/engine/permissions/unused';
import { relativePath } from '../server/src/engine/permissions/usage';
import { hasWildcard } from '../server/src/engine/iam/catalog';
import { judgeServiceWildcard, wildcardIdiomStatement } from '../server/src/engine/iam/service-wildcard';
import type { ConfigModel } from '../server/src/engine/model/types';

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
const rule = defineRule({
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
    messages: {
      unusedAction: '{{text}} is granted, but {{who}} {{never}} it. Remove it: every unused action is one more thing a compromised function can do.',
      unusedPattern: '{{text}} grants {{n}} actions, but {{who}} {{never}} any of them. Remove it: every unused action is one more thing a compromised function can do.',
      onlyOnBehalf: '{{text}} grants {{n}} actions, but {{who}} {{calls}} no AWS API it covers: only the {{onBehalf}} are needed. Narrow it to {{those}}.',
      callsOnly: '{{text}} grants {{n}} actions, but {{who}} {{calls}} only {{called}}{{plus}}. Narrow it to {{those}}.',
      templateNarrower: '{{name}} grants {{n}} actions, but {{who}} {{calls}} only {{called}}. Use {{narrower}} with the same {{params}}: it grants {{m}} of them and covers every call.',
      templateBroad: '{{name}} grants {{n}} actions, including writes, but {{who}} {{calls}} only {{called}}. Replace it with a statement that grants {{those}} on the same resource: every unused action is one more thing a compromised function can do.',
      templateUnused: '{{name}} grants {{n}}, but {{who}} {{never}} {{them}}. Remove it: every unused action is one more thing a compromised function can do.',
      statement: '{{count}} entries of this statement grant {{n}} {{actions}} {{who}} {{never}}: {{entries}}. {{advice}}: every unused action is one more thing a compromised function can do.',
    },
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
      if (readsAlreadyGranted(items)) continue;
      const severity = items.some((it) => it.unused.some((a) => a.accessLevel === 'Write' || a.accessLevel === 'Permissions management')) ? 'warning' : 'info';
      if (reportedAsWildcard(model, items, severity)) continue;
      ctx.report({
        range: items.length === 1 ? first.value.node.range : { start: first.value.node.range.start, end: last.value.node.range.end },
        severity,
        message: items.length === 1 ? message(first, dir) : groupMessage(items, dir),
        fixes: first.fix ? [first.fix] : [],
      });
    }
    // SAM policy templates, judged by what they grant (iam/data/sam-policy-templates.ts).
    for (const t of unusedSamTemplates(model, handlers, ctx.links, ctx.project)) {
      ctx.report({
        range: t.template.nameNode.range,
        severity: t.unused.some((a) => a.accessLevel === 'Write' || a.accessLevel === 'Permissions management') ? 'warning' : 'info',
        message: templateMessage(t, dir),
        fixes: t.fix ? [t.fix] : [],
      });
    }
  },
});

/**
 * One finding per cause: an action pattern of the statement is reported by iam-service-wildcard-action
 * at this severity or above (or as a documented KMS key-use pattern), and that finding offers this rule's narrowing of the whole statement as
 * its fix (and tells what the code uses). The unused actions of the statement are that finding's;
 * a second finding with the same fix would only repeat it.
 */
function reportedAsWildcard(model: ConfigModel, items: readonly UnusedItem[], severity: 'warning' | 'info'): boolean {
  const fix = items[0].fix;
  const st = items[0].statement;
  if (!fix || fix.placeholder || wildcardIdiomStatement(st)) return false;
  return items.some((it) => {
    if (!hasWildcard(it.text) || it.expansion.length < 2) return false;
    const j = judgeServiceWildcard(model, st, it.text, it.used);
    // A KMS key-use pattern (kms:GenerateDataKey* with kms:Decrypt) is the documented form, a pattern on the
    // one resource of the stack it names is bounded by it: info there, with this narrowing as its fix; their
    // unused actions are not a warning of their own.
    return !!j && j.kind !== 'domainPolicy' && (j.severity === 'warning' || severity === 'info' || j.kind === 'keyUse' || j.kind === 'ownResource');
  });
}

/**
 * Every unused entry is a single read whose data a used action of the same statement already
 * returns (READ_EQUIVALENTS: dynamodb:GetItem next to a used BatchGetItem): removing it takes no
 * capability away, so it is not worth a finding.
 */
function readsAlreadyGranted(items: readonly UnusedItem[]): boolean {
  const used = new Set<string>();
  for (const { text } of literalItems(items[0].statement.actions)) if (!items.some((it) => it.text === text && it.used.length === 0)) used.add(text.toLowerCase());
  return items.every((it) => it.used.length === 0 && it.unused.length === 1 && (READ_EQUIVALENTS.get(it.unused[0].fullName) ?? []).some((e) => used.has(e.toLowerCase())));
}

function templateMessage(t: UnusedTemplate, dir: string): string {
  const sub = subject(t, dir);
  const n = formatCount(t.expansion.length);
  const name = t.def.name;
  if (t.used.length === 0) return ruleMessage(rule.meta, 'templateUnused', { name, n: t.expansion.length === 1 ? `only ${t.expansion[0].fullName}` : `${n} actions`, them: t.expansion.length === 1 ? 'it' : 'any of them', who: sub.none, never: sub.never });
  const called = listText(t.used, 4);
  if (t.narrower) {
    const m = formatCount(new Set(t.narrower.statements.flatMap((s) => s.actions)).size);
    const params = t.def.params.length === 1 ? t.def.params[0] : t.def.params.length ? 'parameters' : 'parameters (none)';
    return ruleMessage(rule.meta, 'templateNarrower', { name, n, who: sub.who, calls: sub.calls, called, narrower: t.narrower.name, params, m });
  }
  return ruleMessage(rule.meta, 'templateBroad', { name, n, who: sub.who, calls: sub.calls, called, those: t.used.length === 1 ? 'that action' : 'those actions' });
}

export default rule;

/**
 * Who calls the actions: `the handler of function f (src/f.ts)` + `calls` / `never calls`; for
 * several functions `the handlers of …` + `call`, or `none of the handlers of …` + `call`.
 */
function subject(it: { functions: readonly string[]; handlerFiles: readonly string[] }, dir: string): { who: string; calls: string; none: string; never: string } {
  const files = it.handlerFiles.map((f) => relativePath(dir, f));
  const where = files.length === 1 ? ` (${files[0]})` : '';
  if (it.functions.length === 1) {
    const who = `the handler of function ${it.functions[0]}${where}`;
    return { who, calls: 'calls', none: who, never: 'never calls' };
  }
  return { who: `the handlers of ${fnWord(it.functions)}`, calls: 'call', none: `none of the handlers of ${fnWord(it.functions)}${where}`, never: 'call' };
}

/** Several entries of one statement go unused: one message naming each. */
function groupMessage(items: readonly UnusedItem[], dir: string): string {
  const it = items[0];
  const sub = subject(it, dir);
  const parts = items.map((x) => (x.used.length === 0 ? x.text : `${x.text} beyond ${listText(x.used, 2)}`));
  const allUnused = items.every((x) => x.used.length === 0);
  const n = items.reduce((k, x) => k + x.unused.length, 0);
  return ruleMessage(rule.meta, 'statement', {
    count: items.length,
    n: formatCount(n),
    actions: n === 1 ? 'action' : 'actions',
    who: sub.none,
    never: sub.never,
    entries: listText(parts, 6),
    advice: allUnused ? 'Remove them' : 'Narrow the statement to what is used',
  });
}

function message(it: UnusedItem, dir: string): string {
  const sub = subject(it, dir);
  if (it.expansion.length === 1 && it.unused.length === 1) return ruleMessage(rule.meta, 'unusedAction', { text: it.text, who: sub.none, never: sub.never });
  const n = formatCount(it.expansion.length);
  if (it.used.length === 0) return ruleMessage(rule.meta, 'unusedPattern', { text: it.text, n, who: sub.none, never: sub.never });
  const those = it.used.length === 1 ? 'that action' : 'those actions';
  // What the code calls, apart from what AWS does with the role on the function's behalf.
  const called = it.called;
  const calledSet = new Set(called);
  const serviceActions = it.used.filter((a) => !calledSet.has(a));
  const service = serviceActions.length;
  const onBehalf = `${formatCount(service)} action${service === 1 ? '' : 's'} AWS uses with the role on the function's behalf (${purposes(serviceActions)})`;
  if (called.length === 0) return ruleMessage(rule.meta, 'onlyOnBehalf', { text: it.text, n, who: sub.who, calls: sub.calls, onBehalf, those });
  return ruleMessage(rule.meta, 'callsOnly', { text: it.text, n, who: sub.who, calls: sub.calls, called: listText(called, 4), plus: service ? `, plus the ${onBehalf}` : '', those });
}

const ESM_ACTIONS = new Set(EVENT_SOURCE_MAPPINGS.flatMap((m) => m.actions));
const CALLER_ACTIONS = new Set(CALLER_CREDENTIALS.flatMap((c) => c.actions));

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
    else if (ESM_ACTIONS.has(a)) out.add('event-source polling');
    else if (a === 'iam:PassRole') out.add('passing a role to a service the code calls');
    else if (CALLER_ACTIONS.has(a)) out.add("services the code calls, acting with the role's credentials");
    else out.add('SDK helpers and extensions');
  }
  return [...out].join(', ');
}
