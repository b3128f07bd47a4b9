import { defineRule } from '../server/src/engine/rule';
import { managedPolicyOf, oncePerRange, roleText } from '../server/src/engine/model/query';
import type { ConfigModel } from '../server/src/engine/model/types';
import type { Severity } from '../server/src/engine/types';

/**
 * AWS managed policies that grant administrator or whole-service access, attached anywhere: by
 * ARN (`arn:aws:iam::aws:policy/AdministratorAccess`, also `!Sub arn:${AWS::Partition}:...`) or by
 * bare name (SAM `Policies`). Only AWS-managed policies (account `aws`) are judged: a customer
 * policy that happens to be called `...FullAccess` is the user's own text and other rules read it.
 */
export default defineRule({
  meta: {
    id: 'iam-admin-managed-policy',
    category: 'iam',
    severity: 'error',
    title: 'Administrator or full-access AWS managed policy attached',
    docs: {
      summary: 'AdministratorAccess, IAMFullAccess, PowerUserAccess and other *FullAccess AWS managed policies give a function far more than it needs; attach statements for the actions and resources it uses instead.',
      cwe: [732, 269],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
  },
  check(ctx) {
    const model = ctx.model!;
    const once = oncePerRange();
    for (const ref of model.managedPolicies) {
      const mp = managedPolicyOf(model, ref);
      if (!mp || !mp.awsManaged) continue;
      const verdict = judge(mp.name, model.kind === 'sam');
      if (!verdict || !once(ref.node.range)) continue;
      const subject = ref.roleIds.length ? roleText(model, ref.roleIds) : ownerText(model, ref.where);
      ctx.report({
        range: ref.node.range,
        severity: verdict.severity,
        message: `AWS managed policy ${mp.name} ${verdict.grants(subject)}, in ${ref.where}. ${verdict.advice}`,
      });
    }
  },
});

interface Verdict {
  severity: Severity;
  grants: (subject: string) => string;
  advice: string;
}

const REPLACE = 'Replace it with statements that allow only the actions and resources the function uses.';

function judge(name: string, sam: boolean): Verdict | undefined {
  if (name === 'AdministratorAccess') {
    return { severity: 'error', grants: (s) => `makes ${s} an administrator of the whole AWS account (every action on every resource)`, advice: REPLACE };
  }
  if (name === 'IAMFullAccess') {
    return {
      severity: 'error',
      grants: (s) => `lets ${s} create users, roles, access keys and policies — enough to make itself an administrator`,
      advice: 'Remove it, or allow only the IAM actions needed on specific role/policy ARNs.',
    };
  }
  if (name === 'PowerUserAccess') {
    return { severity: 'warning', grants: (s) => `gives ${s} every action of every AWS service except IAM and Organizations management`, advice: REPLACE };
  }
  if (name.startsWith('AdministratorAccess-')) {
    const what = name.slice('AdministratorAccess-'.length);
    return {
      severity: 'warning',
      grants: (s) => `gives ${s} administrator-level access for ${what} across several AWS services (including creating IAM roles)`,
      advice: REPLACE,
    };
  }
  if (name.includes('FullAccess')) {
    return {
      severity: 'warning',
      grants: (s) => `gives ${s} every action of a whole AWS service on every resource of it in the account`,
      advice: `${REPLACE} ${sam ? 'A SAM policy template scoped to one resource (e.g. DynamoDBCrudPolicy: {TableName: !Ref Table}) or a ReadOnly managed policy' : 'A ReadOnly managed policy'} is often enough.`,
    };
  }
  return undefined;
}

/** "IAM user Deployer" for ManagedPolicyArns outside any role. */
function ownerText(model: ConfigModel, where: string): string {
  const r = model.resources.find((x) => where === `${x.where}.${x.id}.Properties.ManagedPolicyArns`);
  if (!r) return 'this principal';
  const kind = r.type === 'AWS::IAM::User' ? 'IAM user' : r.type === 'AWS::IAM::Group' ? 'IAM group' : r.type;
  return `${kind} ${r.id}`;
}
