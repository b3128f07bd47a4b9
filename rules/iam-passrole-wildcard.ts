import { defineRule } from '../server/src/engine/rule';
import { ruleMessage } from '../server/src/engine/messages';
import { passRoleOnlyToInertServices } from '../server/src/engine/iam/policy-idioms';
import { checkStatementEntry } from '../server/src/engine/reuse';
import { codeNarrowing } from '../server/src/engine/fix/iam-code-fix';
import { pipelinePassRoleFix } from '../server/src/engine/fix/pipeline-passrole-fix';
import { passRoleScopeFix } from '../server/src/engine/fix/passrole-scope';
import { actionPatternMatches } from '../server/src/engine/iam/catalog';
import { broadResource, isBareStar, literalItems, matchesAnyRole, uniqueStatements, cachedWhereText } from '../server/src/engine/iam/policy-analysis';

/**
 * `iam:PassRole` (also through `iam:*`, `iam:Pass*`...) allowed on every role: `Resource: '*'`, an
 * ARN for every role of an account (`arn:aws:iam::123456789012:role/*`), or `NotResource`. A bare
 * `Action: '*'` is skipped: with `Resource: '*'` it is full administrator access, which
 * iam-wildcard-action already reports as an error. A `Condition` on `iam:PassedToService` naming only
 * services that cannot run code with a role (policy-idioms.ts `PASS_ROLE_CODE_SERVICES`) narrows the
 * statement to that service's own job: not reported.
 */
const rule = defineRule({
  meta: {
    id: 'iam-passrole-wildcard',
    category: 'iam',
    severity: 'error',
    title: 'iam:PassRole allowed on every role',
    docs: {
      summary: "iam:PassRole on Resource '*' lets the function hand any role in the account (including admin roles) to a new Lambda function, EC2 instance, ECS task or stack and act with its permissions.",
      cwe: [269, 732],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
    messages: {
      passAnyRole:
        "{{subject}} {{on}} lets this role pass any IAM role in the account, including administrator roles, to a new Lambda function, EC2 instance, ECS task or CloudFormation stack and act with that role's permissions, in {{where}}. " +
        'Scope Resource to the ARNs of the roles it must pass (e.g. !GetAtt WorkerRole.Arn) and add a Condition on iam:PassedToService.',
      coveringResource: 'the {{what}} that covers every role',
    },
  },
  check(ctx) {
    const model = ctx.model!;
    // Every function of the role analysed and none passes a role: the narrowing drops iam:PassRole.
    const narrowing = codeNarrowing(ctx);
    for (const st of uniqueStatements(model, ['identity'])) {
      checkStatementEntry(ctx, st.node, cachedWhereText(model, st.doc), () => {
        const broad = broadResource(st, matchesAnyRole);
        if (!broad) return;
        // `iam:PassedToService` limits the pass to services that cannot run code with the role.
        if (passRoleOnlyToInertServices(st)) return;
        for (const { value, text } of literalItems(st.actions)) {
          if (isBareStar(text) || !actionPatternMatches(text, 'iam:PassRole')) continue;
          const subject = text.toLowerCase() === 'iam:passrole' ? text : `${text} includes iam:PassRole and`;
          const on = broad.kind === 'star' ? `on Resource '*'` : broad.kind === 'wildcard-arn' ? `on every role (${broad.label})` : 'with NotResource (every role but the listed ones)';
          ctx.report({
            range: value.node.range,
            fixes: fixesOf(narrowing(value.node, (used) => used.includes('iam:PassRole')) ?? passRoleScopeFix(ctx, st, value) ?? pipelinePassRoleFix(model, st)),
            message: ruleMessage(rule.meta, 'passAnyRole', { subject, on, where: cachedWhereText(model, st.doc) }),
            related: [{ file: ctx.file, range: broad.node.range, message: ruleMessage(rule.meta, 'coveringResource', { what: broad.kind === 'not-resource' ? 'NotResource' : 'resource' }) }],
          });
        }
      });
    }
  },
});

export default rule;

const fixesOf = <T>(f: T | undefined): T[] => (f ? [f] : []);
