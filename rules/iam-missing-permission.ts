import { defineRule, type RuleContext } from '../server/src/engine/rule';
import { ruleMessage } from '../server/src/engine/messages';
import { roleText } from '../server/src/engine/model/query';
import { dirname } from '../server/src/engine/project';
import { missingPermissions } from '../server/src/engine/permissions/missing';
import { lineOf, relativePath } from '../server/src/engine/permissions/usage';
import type { ConfigModel } from '../server/src/engine/model/types';
import type { SdkCall } from '../server/src/engine/permissions/sdk-types';

/**
 * A handler calls an AWS API whose IAM action its execution role does not allow: the call fails
 * with AccessDenied at run time. The calls come from the handler code (AWS SDK v3/v2 for
 * JavaScript/TypeScript, boto3 for Python, including helpers in the same file and imported local
 * modules); the role's grants from every policy attached to it (wildcards matched through the IAM
 * catalogue, known AWS managed policies and SAM policy templates, unconditional Deny removes).
 *
 * Reported once per function and resource, on the function in the config, naming every action the
 * function misses on that resource (its calls' resource in the template, or the literal name they
 * use; per service when the calls name no resource), with every call site as related information
 * (not a second warning at each call, nor one per action: a stale role lacking five DynamoDB actions
 * on one table is one cause with one fix). Calls of clients
 * built with explicit credentials (`credentials: …`, `aws_access_key_id=…`) are not judged: they do
 * not run with the execution role. Never reported when the role cannot be read fully (external role, unknown
 * managed policy or SAM template, computed actions, `${file()}` statements).
 *
 * Fix: one statement granting every action of the finding, scoped to the resource when the call names a resource of the template (through
 * an environment variable), else the action added to a statement that already targets that
 * service's resources, else a statement on the ARN of a resource the code names literally; `'*'`
 * only for actions that take no ARN.
 */
const rule = defineRule({
  meta: {
    id: 'iam-missing-permission',
    category: 'iam',
    severity: 'warning',
    title: 'Handler calls an AWS action its role does not allow',
    docs: {
      summary: "The handler code calls an AWS API (e.g. PutItem) that the function's execution role does not allow, so the call fails with AccessDenied at run time; grant that one action, scoped to the resource it uses.",
      cwe: [285],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
    messages: {
      notAllowed: 'Function {{fn}} calls {{action}} ({{call}}), but {{role}} does not allow it: the call fails with AccessDenied at run time. Grant {{action}} {{target}}.',
      denied: 'Function {{fn}} calls {{action}} ({{call}}), but {{role}} denies it with a Deny statement: the call fails with AccessDenied at run time. Remove the call or narrow the Deny.',
      notAllowedMany: 'Function {{fn}} calls {{count}} actions that {{role}} does not allow{{on}}: {{calls}}. Each of these calls fails with AccessDenied at run time. Grant them {{target}} in one statement.',
      deniedMany: 'Function {{fn}} calls {{count}} actions that {{role}} denies with a Deny statement{{on}}: {{calls}}. These calls fail with AccessDenied at run time. Remove the calls or narrow the Deny.',
      callSite: '{{call}} needs {{action}}',
    },
  },
  check(ctx) {
    if (ctx.model) checkConfig(ctx, ctx.model);
  },
});

export default rule;

/** The first call needing one action, `Name at file:line` (and where it acts), with the count of the others. */
function callText(calls: readonly SdkCall[], fromDir: string, text: (file: string) => string | undefined, on = ''): string {
  const c = calls[0];
  const more = calls.length > 1 ? ` (and ${calls.length - 1} more call${calls.length > 2 ? 's' : ''})` : '';
  return `${c.name} at ${relativePath(fromDir, c.file)}:${lineOf(text(c.file), c.range.start)}${on}${more}`;
}

function checkConfig(ctx: RuleContext, model: ConfigModel): void {
  const handlers = ctx.links.handlers();
  if (!handlers.length) return;
  const found = missingPermissions(model, ctx.file, handlers, ctx.links, ctx.project);
  const dir = dirname(ctx.file);
  const text = (f: string) => ctx.project.readFile(f);
  for (const m of found) {
    const role = roleText(model, [m.role.id]);
    const target = m.resolved?.resource ? `on ${m.resolved.resource.id}` : 'on the resource it uses';
    const message =
      m.actions.length === 1
        ? ruleMessage(rule.meta, m.denied ? 'denied' : 'notAllowed', { fn: m.fn.id, action: m.actions[0].action, call: callText(m.actions[0].calls, dir, text, m.resolved ? ` on ${m.resolved.label}` : ''), role, target })
        : ruleMessage(rule.meta, m.denied ? 'deniedMany' : 'notAllowedMany', {
            fn: m.fn.id,
            count: String(m.actions.length),
            role,
            on: m.resolved ? ` on ${m.resolved.label}` : '',
            calls: m.actions.map((a) => `${a.action} (${callText(a.calls, dir, text)})`).join(', '),
            target: m.resolved?.resource ? `on ${m.resolved.resource.id}` : 'on the resources they use',
          });
    ctx.report({
      range: m.fn.keyNode.range,
      message,
      fixes: m.fix ? [m.fix] : [],
      related: m.actions.flatMap((a) => a.calls.map((x) => ({ file: x.file, range: x.range, message: ruleMessage(rule.meta, 'callSite', { call: x.name, action: a.action }) }))),
    });
  }
}
