import { defineRule, type RuleContext } from '../server/src/engine/rule';
import { allowStatements, hasStar, isStar, whereText } from '../server/src/engine/model/query';
import { isAccessPointDelegation } from '../server/src/engine/iam/policy-idioms';
import { listText } from '../server/src/engine/iam/policy-analysis';
import { ruleMessage } from '../server/src/engine/messages';
import { handlerCalls } from '../server/src/engine/permissions/usage';
import { codeNarrowing } from '../server/src/engine/fix/iam-code-fix';
import type { ConfigModel, PolicyStatement } from '../server/src/engine/model/types';

/**
 * `Effect: Allow` with `Action: '*'`: every action of every AWS service. With `Resource: '*'` as well
 * it is full administrator access; that is one finding, not two.
 *
 * Not reported: S3 access-point delegation (a bucket policy allowing `*` only through the account's
 * access points, `s3:DataAccessPointAccount` / `s3:DataAccessPointArn` condition), an idiom AWS
 * documents. The message suggests actions only from what the role's handlers call (none when the
 * code is not known).
 */

const rule = defineRule({
  meta: {
    id: 'iam-wildcard-action',
    category: 'iam',
    severity: 'error',
    title: "Allow statement grants every action ('*')",
    docs: {
      summary: "An IAM statement that allows Action '*' grants every action of every AWS service; list the actions the function calls instead.",
      cwe: [732, 269],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
    messages: {
      admin: "Action '*' on Resource '*' gives {{who}} full administrator access to the AWS account, in {{where}}. List only the actions and resources the function needs.",
      everyAction: "Action '*' allows every action of every AWS service on these resources, in {{where}}. List only the actions the function needs{{suggestion}}.",
      everyActionResourcePolicy: "Action '*' allows every action of every AWS service on {{who}}, in {{where}}. List only the actions the principals need.",
    },
  },
  check(ctx) {
    const model = ctx.model!;
    // Every function of the role analysed: '*' becomes what the code calls (iam-unused-permission's narrowing).
    const narrowing = codeNarrowing(ctx);
    for (const st of allowStatements(model, ['identity', 'resource'])) {
      const star = st.actions?.items.find(isStar);
      if (!star) continue;
      if (isAccessPointDelegation(st)) continue;
      const admin = hasStar(st.resources?.items);
      const where = whereText(model, st.doc);
      const who = st.doc.kind === 'resource' ? `this ${st.doc.resourceType ?? 'resource'} policy` : 'this role';
      const meta = rule.meta;
      let message: string;
      if (admin) message = ruleMessage(meta, 'admin', { who, where });
      else if (st.doc.kind === 'resource') message = ruleMessage(meta, 'everyActionResourcePolicy', { who, where });
      else {
        const called = calledActions(ctx, model, st);
        message = ruleMessage(meta, 'everyAction', { where, suggestion: called.length ? ` (its code calls ${listText(called, 4)})` : '' });
      }
      const fix = st.doc.kind === 'identity' ? narrowing(star.node, () => false) : undefined;
      ctx.report({ range: star.node.range, message, fixes: fix ? [fix] : [] });
    }
  },
});

export default rule;

/** The actions the handlers of the statement's roles call, when every one of them is known. */
function calledActions(ctx: RuleContext, model: ConfigModel, st: PolicyStatement): string[] {
  const fnIds = st.doc.roleIds.flatMap((id) => model.roles.find((r) => r.id === id)?.functions ?? []);
  if (fnIds.length === 0) return [];
  const handlers = ctx.links.handlers();
  const out = new Set<string>();
  for (const id of fnIds) {
    const fn = model.functions.find((f) => f.id === id);
    const h = handlers.find((x) => x.fnId === id && x.configFile === ctx.file);
    if (!fn || !h) return [];
    const calls = handlerCalls(h, model, fn, ctx.links, ctx.project);
    if (!calls || !calls.complete || calls.unknown.length) return [];
    for (const c of calls.all) for (const a of c.actions) out.add(a);
  }
  return [...out].sort();
}
