import { defineRule } from '../server/src/engine/rule';
import { allowStatements, anyonePrincipal, conditionRestrictsCaller, nameList, oncePerRange, roleText, show } from '../server/src/engine/model/query';

/**
 * Role trust policies (`AWS::IAM::Role.AssumeRolePolicyDocument`, SAM function
 * `AssumeRolePolicyDocument` incl. Globals) that let any principal assume the role: `Principal: '*'`
 * or `{AWS: '*'}` in an Allow statement with no Condition narrowing the caller (aws:PrincipalOrgID,
 * aws:PrincipalAccount, sts:ExternalId, aws:SourceArn...).
 */
export default defineRule({
  meta: {
    id: 'iam-trust-any-principal',
    category: 'iam',
    severity: 'error',
    title: 'Role trust policy lets any principal assume the role',
    docs: {
      summary: "A trust policy that allows Principal '*' (or AWS: '*') without a Condition lets any identity in any AWS account assume the role and use its permissions; trust only the service or accounts that need it.",
      cwe: [284, 269],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
  },
  check(ctx) {
    const model = ctx.model!;
    const once = oncePerRange();
    for (const st of allowStatements(model, ['trust'])) {
      const star = anyonePrincipal(st.principal);
      if (!star || conditionRestrictsCaller(st.condition) || !once(star.node.range)) continue;
      const actions = st.actions?.items.map(show) ?? [];
      const how = actions.length ? ` with ${nameList(actions)}` : '';
      ctx.report({
        range: star.node.range,
        message:
          `Principal '*' ${st.condition != null ? 'with a Condition that does not narrow the caller' : 'with no Condition'} lets any identity in any AWS account assume ${roleText(model, st.doc.roleIds)}${how} and use its permissions, in ${st.doc.where}. ` +
          `Trust only the service that runs it (Service: lambda.amazonaws.com) or specific accounts/roles, or add a Condition such as aws:PrincipalOrgID or sts:ExternalId.`,
      });
    }
  },
});
