import { defineRule } from '../server/src/engine/rule';
import { isMap, type YNode } from '../server/src/engine/yaml/ast';
import { expandAction, hasWildcard, type IamAction } from '../server/src/engine/iam/catalog';
import type { PolicyStatement, StrValue } from '../server/src/engine/model/types';
import { checkStatementEntry } from '../server/src/engine/reuse';
import { arnExample, primaryResourceType, isBareStar, listText, literalItems, literalText, uniqueStatements, cachedWhereText } from '../server/src/engine/iam/policy-analysis';

/**
 * `Effect: Allow` + `Resource: '*'` in an identity policy whose actions could be scoped to ARNs
 * (they support resource-level permissions, per the IAM catalogue). Actions that only work with
 * `'*'` (`xray:PutTraceSegments`, `ec2:DescribeInstances`) are fine on `'*'`. Resource policies are
 * not checked: there `Resource: '*'` means "this resource" (e.g. a KMS key policy).
 */
export default defineRule({
  meta: {
    id: 'iam-wildcard-resource',
    category: 'iam',
    severity: 'warning',
    title: "Allow statement applies to every resource ('*') although its actions can be scoped",
    docs: {
      summary: "Resource '*' lets the statement's actions touch every matching resource in the account; these actions support resource-level permissions, so list the ARNs they need.",
      cwe: [732],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
  },
  check(ctx) {
    const model = ctx.model!;
    const checkStatement = (st: PolicyStatement, star: StrValue): void => {
      if (scopedByCondition(st.condition)) return; // ABAC: Resource '*' narrowed by resource tags/account
      const actions = literalItems(st.actions);
      if (actions.some((a) => isBareStar(a.text))) return; // Action '*': iam-wildcard-action reports it
      const scopable: { text: string; actions: readonly IamAction[] }[] = [];
      const unscopable: string[] = [];
      for (const { text } of actions) {
        const expansion = expandAction(text);
        if (expansion.length === 0) continue; // unknown: iam-unknown-action
        // iam:PassRole on '*' is iam-passrole-wildcard's (an error); don't add a warning on top.
        if (expansion.length === 1 && expansion[0].fullName === 'iam:PassRole') continue;
        const withArns = expansion.filter((a) => a.resourceLevel);
        // A pattern counts when most of what it matches can be scoped (`ec2:Describe*` cannot).
        const counts = hasWildcard(text) ? withArns.length * 2 >= expansion.length : withArns.length > 0;
        if (counts) scopable.push({ text, actions: withArns });
        else unscopable.push(text);
      }
      if (scopable.length === 0) return;
      const names = scopable.map((s) => (hasWildcard(s.text) ? s.text : s.actions[0].fullName));
      const example = arnExample(representative(scopable[0].actions));
      const types = new Set(scopable.flatMap((s) => s.actions.map((a) => primaryResourceType(a)?.name)));
      const target = types.size === 1 ? `every ${[...types][0]} in the account` : 'every matching resource in the account';
      const verb = names.length === 1 ? 'supports' : 'support';
      const rest = unscopable.length
        ? ` Keep ${listText(unscopable)} on '*' in a separate statement: ${unscopable.length === 1 ? 'it supports' : 'they support'} no resource-level permissions.`
        : '';
      ctx.report({
        range: star.node.range,
        message:
          `Resource '*' lets ${listText(names)} act on ${target}, in ${cachedWhereText(model, st.doc)}. ` +
          `${names.length === 1 ? 'This action' : 'These actions'} ${verb} resource-level permissions: list the ARNs the function uses` +
          `${example ? ` (e.g. ${example})` : ''}.${rest}`,
      });
    };
    // Each statement is checked through the engine's per-entry reuse (reuse.ts): its finding
    // depends on its own text and on where it is (the message names it).
    for (const st of uniqueStatements(model, ['identity'])) {
      const star = st.resources?.items.find((v) => literalText(v) === '*');
      if (!star || !st.actions) continue;
      checkStatementEntry(ctx, st.node, cachedWhereText(model, st.doc), () => checkStatement(st, star));
    }
  },
});

/** The action whose ARN shape the message shows: an everyday one when the pattern has it. */
const EVERYDAY = ['GetObject', 'PutObject', 'GetItem', 'PutItem', 'SendMessage', 'Publish', 'InvokeFunction', 'GetParameter', 'GetSecretValue', 'Decrypt'];

function representative(actions: readonly IamAction[]): IamAction {
  for (const n of EVERYDAY) {
    const a = actions.find((x) => x.name === n);
    if (a) return a;
  }
  return actions[0];
}

/** Condition keys that narrow which resources a `Resource: '*'` statement reaches. */
const RESOURCE_SCOPING_KEY = /^aws:(resourcetag\/.+|resourceaccount|resourceorgid|resourceorgpaths)$/i;

/** True when the statement's Condition scopes the resources (`aws:ResourceTag/team`, `aws:ResourceAccount`...). */
function scopedByCondition(condition: YNode | null | undefined): boolean {
  if (!isMap(condition)) return false;
  for (const op of condition.entries) {
    if (!isMap(op.value)) continue;
    for (const k of op.value.entries) if (typeof k.key.value === 'string' && RESOURCE_SCOPING_KEY.test(k.key.value)) return true;
  }
  return false;
}
