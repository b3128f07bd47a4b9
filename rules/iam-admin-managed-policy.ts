import { defineRule } from '../server/src/engine/rule';
import { ruleMessage } from '../server/src/engine/messages';
import { managedPolicyOf, oncePerRange, roleText } from '../server/src/engine/model/query';
import type { ConfigModel } from '../server/src/engine/model/types';
import type { Severity } from '../server/src/engine/types';
import { actionPatternMatches } from '../server/src/engine/iam/catalog';
import { escalationFindings } from '../server/src/engine/iam/risk';
import { grantsOf, listText, lowerFirst } from '../server/src/engine/iam/policy-analysis';
import { awsManagedPolicy, type ManagedPolicyGrants } from '../server/src/engine/iam/managed-policies';
import { BROAD_GRANTS } from '../server/src/engine/iam/data/broad-grants';
import type { ManagedPolicyRef } from '../server/src/engine/model/types';
import type { RuleContext } from '../server/src/engine/rule';
import type { Fix, TextEdit } from '../server/src/engine/types';
import { statementsForCode } from '../server/src/engine/permissions/unused';
import { adminPolicyRoleFix, adminPolicyStateMachineFix, notGrantedOnEveryResource } from '../server/src/engine/fix/admin-policy-fix';
import { readNear } from '../server/src/engine/fix/state-machine-fix';
import { removeSeqItem } from '../server/src/engine/permissions/edits';
import { DocEditor } from '../server/src/engine/fix/yaml-edit';
import { get, isSeq, type YNode } from '../server/src/engine/yaml/ast';
import { mentionsLogicalId } from '../server/src/engine/model/cfn';
import { serviceRoleBaseline } from '../server/src/engine/iam/data/service-role-baselines';
import type { RoleModel } from '../server/src/engine/model/types';

/**
 * AWS managed policies judged by what they grant (iam/managed-policies.ts: the latest version of
 * every AWS managed policy, unconditional Allow statements on Resource '*'), attached anywhere: by
 * ARN (`arn:aws:iam::aws:policy/AdministratorAccess`, also `!Sub arn:${AWS::Partition}:...`) or by
 * bare name (SAM `Policies`). The same risks as inline statements: every action (`*`), every action
 * but a few (NotAction), privilege escalation (counting the role's inline statements on broad
 * resources together with the policy), iam:PassRole on every role, whole-service wildcards, most write actions of a
 * service listed one by one, and reading or invoking everything of a kind (iam/data/broad-grants.ts). A narrow managed policy
 * (AWSLambdaBasicExecutionRole) and a name missing from the table (a customer policy, an ARN from a
 * parameter, a policy newer than the table) are not reported.
 *
 * Who assumes the role sets the severity: a policy AWS documents as the baseline of one service's
 * role (AWSGlueServiceRole, AmazonSSMManagedInstanceCore: iam/data/service-role-baselines.ts) on a
 * role only that service assumes, and any policy on an EC2 role in a template whose only compute is
 * a Cloud9 environment (the workstation of the person deploying the sample), are info.
 */
const rule = defineRule({
  meta: {
    id: 'iam-admin-managed-policy',
    category: 'iam',
    severity: 'error',
    title: 'Overbroad AWS managed policy attached',
    docs: {
      summary:
        'AWS managed policies such as AdministratorAccess, IAMFullAccess, AmazonCognitoPowerUser, AWSLambdaRole or ReadOnlyAccess grant whole services, escalation paths or every object of a kind on Resource "*"; attach statements for the actions and resources the function uses instead.',
      cwe: [732, 269],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
    messages: {
      finding: 'AWS managed policy {{name}} {{grants}}, in {{where}}. {{advice}}',
      admin: 'makes {{subject}} an administrator of the whole AWS account (every action on every resource)',
      allExcept: 'gives {{subject}} every action of every AWS service except {{except}}, on every resource',
      escalation: 'lets {{subject}} escalate its privileges: {{method}} ({{actions}}{{inline}})',
      escalationInline: ', with the inline statements of the role',
      passAnyRole: 'lets {{subject}} pass any IAM role in the account, including administrator roles (iam:PassRole on every role)',
      serviceWide: 'gives {{subject}} every action of {{services}} on every resource',
      broad: 'lets {{subject}} {{what}}',
      mostWrites: 'gives {{subject}} {{writes}} on every resource',
      mostWritesOf: '{{granted}} of the {{total}} write actions of {{service}}',
      replace: 'Replace it with statements that allow only the actions and resources the function uses.',
      replaceRole: 'Replace it with statements that allow only the actions and resources the role needs.',
      baseline: 'AWS managed policy {{name}} is the policy AWS documents for {{service}} service roles, and {{subject}} is assumed only by {{principals}}: the expected set-up. It still {{grants}}, in {{where}}; a custom policy with only what the service uses is tighter but optional.',
      workstation: 'AWS managed policy {{name}} {{grants}}, in {{where}}. Only EC2 can assume {{subject}}, and this template runs no instance of its own but a Cloud9 environment: it looks like the workstation role of the person deploying the stack, where operator rights are expected. Keep it out of shared accounts, or narrow it to what that person does.',
      replaceSam: 'Replace it with statements that allow only the actions and resources the function uses; a SAM policy template scoped to one resource (e.g. DynamoDBCrudPolicy: {TableName: !Ref Table}) is often enough.',
    },
  },
  check(ctx) {
    const model = ctx.model!;
    const once = oncePerRange();
    for (const ref of model.managedPolicies) {
      const mp = managedPolicyOf(model, ref);
      if (!mp || !mp.awsManaged) continue;
      const grants = awsManagedPolicy(mp.name);
      if (!grants) continue;
      const subject = ref.roleIds.length ? roleText(model, ref.roleIds) : ownerText(model, ref.where);
      const verdicts = judge(model, grants, ref.roleIds, subject);
      if (!verdicts.length || !once(ref.node.range)) continue;
      // Built when a client asks (each reads the role's handlers: too slow for every keystroke).
      const fixes = (): Fix[] => {
        const fix =
          samFunctionFix(ctx, ref, mp.name) ??
          adminPolicyRoleFix(model, ctx.file, ref, mp.name, ctx.links.handlers(), ctx.links, ctx.project) ??
          adminPolicyStateMachineFix(model, ctx.file, ref, mp.name, readNear(ctx));
        return fix ? [fix] : [];
      };
      const roles = model.roles.filter((r) => ref.roleIds.includes(r.id));
      const grantsText = verdicts.map((v) => v.text).join('; ');
      // Who assumes the role: the service it is the documented baseline of, or an operator's workstation.
      const baseline = serviceRoleBaseline(mp.name);
      const services = roles.length ? roles.map(trustedServices) : [];
      const onlyBy = (allowed: readonly string[]) => services.length > 0 && services.every((s) => !!s && s.length > 0 && s.every((p) => allowed.includes(p)));
      const noFunctions = roles.length > 0 && roles.every((r) => r.functions.length === 0);
      let message: string;
      let severity: Severity = verdicts.some((v) => v.severity === 'error') ? 'error' : 'warning';
      if (baseline && onlyBy(baseline.principals) && (!baseline.usedBy || roles.every((r) => usedOnlyBy(model, r, baseline.usedBy!)))) {
        severity = 'info';
        message = ruleMessage(rule.meta, 'baseline', { name: mp.name, service: baseline.service, subject, principals: listText(baseline.principals, 3), grants: grantsText, where: ref.where });
      } else if (noFunctions && onlyBy(['ec2.amazonaws.com']) && isWorkstationTemplate(model)) {
        severity = 'info';
        message = ruleMessage(rule.meta, 'workstation', { name: mp.name, grants: grantsText, where: ref.where, subject });
      } else {
        message = ruleMessage(rule.meta, 'finding', {
          name: mp.name,
          grants: grantsText,
          where: ref.where,
          advice: ruleMessage(rule.meta, noFunctions ? 'replaceRole' : model.kind === 'sam' ? 'replaceSam' : 'replace'),
        });
      }
      ctx.report({ fixes, range: ref.node.range, severity, message });
    }
  },
});
export default rule;

interface Verdict {
  severity: Severity;
  text: string;
}

function judge(model: ConfigModel, grants: ManagedPolicyGrants, roleIds: readonly string[], subject: string): Verdict[] {
  const { actions, notActions, mostWrites } = grants;
  const m = (id: string, data: Record<string, string | number>) => ruleMessage(rule.meta, id, { subject, ...data });
  if (actions.includes('*')) return [{ severity: 'error', text: m('admin', {}) }];
  const out: Verdict[] = [];
  if (notActions.length) out.push({ severity: 'warning', text: m('allExcept', { except: listText(notActions.flat(), 4) }) });
  // Escalation: the policy's actions together with the role's inline grants on broad resources.
  const inline = new Set<string>();
  for (const r of model.roles) {
    if (!roleIds.includes(r.id)) continue;
    for (const g of grantsOf(r.documents.filter((d) => d.kind === 'identity'))) if (g.broad && g.statement.effect === 'Allow') inline.add(g.text);
  }
  const own = new Set(actions.map((a) => a.toLowerCase()));
  for (const f of escalationFindings([...actions, ...inline])) {
    if (!f.grantedBy.some((p) => own.has(p.toLowerCase()))) continue;
    const usesInline = f.grantedBy.some((p) => !own.has(p.toLowerCase()));
    out.push({
      severity: 'error',
      text: m('escalation', { method: lowerFirst(f.method.title), actions: listText([...f.actions], 4), inline: usesInline ? ruleMessage(rule.meta, 'escalationInline') : '' }),
    });
    break; // one method is enough to name the risk
  }
  if (!out.some((v) => v.severity === 'error') && actions.some((a) => actionPatternMatches(a, 'iam:PassRole'))) {
    out.push({ severity: 'warning', text: m('passAnyRole', {}) });
  }
  const services = [...new Set(actions.filter((a) => a.endsWith(':*')).map((a) => a.slice(0, -2)))];
  if (services.length) out.push({ severity: 'warning', text: m('serviceWide', { services: listText(services, 4) }) });
  if (mostWrites.length) {
    const writes = listText(mostWrites.map((w) => ruleMessage(rule.meta, 'mostWritesOf', { granted: w.granted, total: w.total, service: w.service })), 3);
    out.push({ severity: 'warning', text: m('mostWrites', { writes }) });
  }
  const covered = (action: string) => services.some((s) => action.toLowerCase().startsWith(`${s.toLowerCase()}:`));
  const whats = BROAD_GRANTS.filter((b) => !covered(b.action) && actions.some((a) => actionPatternMatches(a, b.action))).map((b) => b.what);
  if (whats.length) out.push({ severity: 'warning', text: m('broad', { what: listText(whats, 4) }) });
  return out;
}

/** The service principals that may assume the role, when its trust policy names only services (literally). */
function trustedServices(role: RoleModel): string[] | undefined {
  if (!role.trust) return trustedServicesFromJson(get(get(role.node, 'Properties'), 'AssumeRolePolicyDocument'));
  const out: string[] = [];
  for (const st of role.trust?.statements ?? []) {
    if (st.effect !== 'Allow') continue;
    if (!st.principal || st.notPrincipal) return undefined;
    for (const e of st.principal.entries) {
      if (e.type !== 'Service' || e.value.kind !== 'literal' || !e.value.text) return undefined;
      out.push(e.value.text);
    }
  }
  return out.length ? out : undefined;
}

/** CloudFormation also takes the trust policy as a JSON string: read its service principals with JSON.parse. */
function trustedServicesFromJson(n: YNode | null | undefined): string[] | undefined {
  if (!n || n.type !== 'scalar' || typeof n.value !== 'string') return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(n.value);
  } catch {
    return undefined;
  }
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
  const out: string[] = [];
  for (const st of list((doc as { Statement?: unknown })?.Statement) as { Effect?: unknown; Principal?: unknown; NotPrincipal?: unknown }[]) {
    if (st?.Effect !== 'Allow') continue;
    const p = st.Principal;
    if (st.NotPrincipal || !p || typeof p !== 'object') return undefined;
    for (const [k, v] of Object.entries(p)) {
      if (k !== 'Service') return undefined;
      for (const x of list(v)) if (typeof x === 'string') out.push(x); else return undefined;
    }
  }
  return out.length ? out : undefined;
}

/** Compute the template runs itself (an instance, a launch template or configuration, a fleet). */
const INSTANCE_TYPES = new Set(['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration', 'AWS::AutoScaling::AutoScalingGroup', 'AWS::EC2::SpotFleet', 'AWS::EC2::EC2Fleet', 'AWS::Batch::ComputeEnvironment', 'AWS::ECS::Cluster']);

/** The template's only compute is a Cloud9 development environment (a person's workstation). */
function isWorkstationTemplate(model: ConfigModel): boolean {
  return model.resources.some((r) => r.type === 'AWS::Cloud9::EnvironmentEC2') && !model.resources.some((r) => INSTANCE_TYPES.has(r.type));
}

/** "IAM user Deployer" for ManagedPolicyArns outside any role. */
function ownerText(model: ConfigModel, where: string): string {
  const r = model.resources.find((x) => where === `${x.where}.${x.id}.Properties.ManagedPolicyArns`);
  if (!r) return 'this principal';
  const kind = r.type === 'AWS::IAM::User' ? 'IAM user' : r.type === 'AWS::IAM::Group' ? 'IAM group' : r.type;
  return `${kind} ${r.id}`;
}

/**
 * On a SAM function's `Policies` list: replace the managed policy with statements for exactly what
 * the handler calls, each on the resource its calls use (statementsForCode). Offered only when every
 * function of the role is fully analysed and every call's resource resolves; a handler that calls
 * nothing loses the item (when other items remain).
 */
function samFunctionFix(ctx: RuleContext, ref: ManagedPolicyRef, name: string): Fix | undefined {
  const model = ctx.model!;
  if (model.kind !== 'sam' || ref.roleIds.length !== 1 || !ref.roleIds[0].startsWith('sam:')) return undefined;
  const role = model.roles.find((r) => r.id === ref.roleIds[0]);
  const fnRes = model.resources.find((r) => r.id === ref.roleIds[0].slice(4));
  const seq = get(fnRes?.properties, 'Policies');
  if (!role || !isSeq(seq)) return undefined;
  const idx = seq.items.findIndex((i) => i.range.start === ref.node.range.start && i.range.end === ref.node.range.end);
  if (idx < 0) return undefined;
  const handlers = ctx.links.handlers();
  const statements = statementsForCode(model, role, handlers, ctx.links, ctx.project, { inline: true }, notGrantedOnEveryResource(model, role, ref));
  if (!statements) return undefined;
  const ed = new DocEditor(model.parsed);
  let edit: TextEdit | undefined;
  if (statements.length === 0) edit = seq.items.length > 1 ? removeSeqItem(ed, seq, idx) : undefined;
  else {
    edit = ed.replaceNodeFlow(seq.items[idx], {
      Statement: statements.map((st) => ({ Effect: 'Allow', Action: st.actions, Resource: st.resources.length === 1 ? st.resources[0] : st.resources })),
    });
  }
  if (!edit) return undefined;
  const actions = statements.flatMap((st) => st.actions);
  const what = actions.length === 0 ? "remove it: the handler's calls need nothing of it" : actions.length <= 3 ? actions.join(', ') : `${actions.length} actions`;
  return { title: `Replace ${name} with what the code calls (${what})`, isPreferred: true, changes: [{ file: ctx.file, edits: [edit] }] };
}

/** Every template resource that refers to the role is of these types, and there is one. */
function usedOnlyBy(model: ConfigModel, role: RoleModel, types: readonly string[]): boolean {
  const users = model.resources.filter((r) => r.id !== role.id && mentionsLogicalId(r.properties, role.id));
  return users.length > 0 && users.every((r) => types.includes(r.type));
}
