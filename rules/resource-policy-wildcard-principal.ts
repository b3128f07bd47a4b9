import { defineRule, type RuleContext } from '../server/src/engine/rule';
import { allowStatements, anyonePrincipal, conditionRestrictsCaller, docSubject, nameList, oncePerRange, show } from '../server/src/engine/model/query';
import type { PolicyDocument, PolicyStatement } from '../server/src/engine/model/types';
import { DocEditor, combineEdits, verbatim } from '../server/src/engine/fix/yaml-edit';
import type { Fix } from '../server/src/engine/types';
import { isMap } from '../server/src/engine/yaml/ast';

/**
 * Resource policies whose callers are, by the service's design, AWS services acting for resources
 * of an account (S3 / SNS / EventBridge / CloudWatch delivering to a queue or topic, rules and
 * other buses putting events on a bus) or IAM principals. For these the fix adds
 * `aws:SourceAccount` = this account: same-account services send it, same-account IAM principals
 * need no resource policy (their identity policies allow them). Not for S3 buckets, API Gateway,
 * OpenSearch (anonymous web callers have no account: a public website or API would break), nor
 * KMS, Secrets Manager and ECR (usually read by principals of other accounts).
 * Sources: SNS https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html (aws:SourceAccount
 * for services publishing to a topic); SQS https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html;
 * EventBridge https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html.
 */
const SAME_ACCOUNT_FIX_TYPES: ReadonlySet<string> = new Set(['AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy', 'AWS::Events::EventBusPolicy']);

function sameAccountFix(ctx: RuleContext, st: PolicyStatement): Fix[] {
  if (!SAME_ACCOUNT_FIX_TYPES.has(st.doc.resourceType ?? '') || st.condition != null || !isMap(st.node)) return [];
  const ed = new DocEditor(ctx.model!.parsed);
  const edits = combineEdits([ed.setIn(st.node, ['Condition'], { StringEquals: { 'aws:SourceAccount': verbatim('!Ref AWS::AccountId', { Ref: 'AWS::AccountId' }) } })]);
  if (!edits) return [];
  return [
    {
      title: 'Allow only callers of this account (Condition aws:SourceAccount = !Ref AWS::AccountId)',
      changes: [{ file: ctx.file, edits }],
      isPreferred: true,
      confirm: { message: 'This changes who can use the resource: services and principals of other AWS accounts are refused once deployed. Check that no sender is in another account.' },
    },
  ];
}

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
    fixable: true,
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
        fixes: () => sameAccountFix(ctx, st),
      });
    }
  },
});

/** `Allow '*'` paired with `Deny` + a caller-narrowing Condition (e.g. NotIpAddress aws:SourceIp). */
function denyUnlessCondition(doc: PolicyDocument): boolean {
  return doc.statements.some((s) => s.effect === 'Deny' && conditionRestrictsCaller(s.condition));
}
