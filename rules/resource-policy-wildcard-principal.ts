import { defineRule } from '../server/src/engine/rule';
import { allowStatements, anyonePrincipal, conditionRestrictsCaller, docSubject, nameList, oncePerRange, show } from '../server/src/engine/model/query';
import type { PolicyDocument } from '../server/src/engine/model/types';

/**
 * Resource policies (SQS, SNS, S3, KMS, API Gateway incl. serverless `provider.apiGateway.resourcePolicy`,
 * Secrets Manager, ECR, EventBridge, OpenSearch) whose Allow statement names principal `'*'` or
 * `{AWS: '*'}` with no Condition that narrows the caller. Conditions on transport or time only
 * (`aws:SecureTransport`) do not count; an `allow '*' + Deny unless <condition>` document (the
 * usual API Gateway IP / VPC-endpoint allow-list shape) does.
 */
export default defineRule({
  meta: {
    id: 'resource-policy-wildcard-principal',
    category: 'iam',
    severity: 'error',
    title: "Resource policy allows any principal ('*') without a condition",
    docs: {
      summary: "A queue, topic, bucket, key, API or secret policy that allows Principal '*' with no Condition is open to every AWS account (and often to anonymous callers); name the principals or add a Condition such as aws:SourceArn or aws:PrincipalOrgID.",
      cwe: [284, 732],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
  },
  check(ctx) {
    const model = ctx.model!;
    const once = oncePerRange();
    for (const st of allowStatements(model, ['resource'])) {
      const star = anyonePrincipal(st.principal);
      if (!star || conditionRestrictsCaller(st.condition) || denyUnlessCondition(st.doc)) continue;
      if (!once(star.node.range)) continue;
      const actions = st.actions?.items.map(show) ?? [];
      const what = actions.length ? nameList(actions, 3) : st.notActions ? 'almost every action (NotAction)' : 'its actions';
      const anonymous = /S3|ApiGateway|OpenSearch|Elasticsearch/.test(st.doc.resourceType ?? '') ? ' and anonymous internet users' : '';
      ctx.report({
        range: star.node.range,
        message:
          `Principal '*' ${st.condition != null ? 'with a Condition that does not narrow the caller' : 'with no Condition'} lets every AWS account${anonymous} use ${what} through ${docSubject(model, st.doc)}, in ${st.doc.where}. ` +
          `Name the principals (account, role or service) or add a Condition such as aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID.`,
      });
    }
  },
});

/** `Allow '*'` paired with `Deny` + a caller-narrowing Condition (e.g. NotIpAddress aws:SourceIp). */
function denyUnlessCondition(doc: PolicyDocument): boolean {
  return doc.statements.some((s) => s.effect === 'Deny' && conditionRestrictsCaller(s.condition));
}
