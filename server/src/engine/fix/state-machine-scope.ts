/**
 * `Resource: '*'` in a policy of a role only this template's state machines use, scoped to the
 * resources their Task states name: `lambda:InvokeFunction` to the functions the tasks invoke,
 * `sns:Publish` to the topics they publish to, and so on for the optimised integrations of
 * TASK_INTEGRATIONS. Offered only when the role's users are fully known (a CloudFormation role
 * trusted by Step Functions alone, named by no other resource and no Output, every machine's
 * definition read) and every task of the statement's services is one whose resource resolves to a
 * template resource or a literal ARN. Actions that take no resource ARN stay on '*' in a statement
 * of their own. Pure.
 */
import type { RuleContext } from '../rule';
import type { ConfigModel, PolicyStatement, ResourceModel } from '../model/types';
import type { Fix, TextEdit } from '../types';
import { hasWildcard, lookupAction } from '../iam/catalog';
import { isBareStar, literalItems, literalText } from '../iam/policy-analysis';
import { mentionsLogicalId, referencedLogicalId } from '../model/cfn';
import { stateMachines, taskStates } from '../model/links';
import { arnExpressions } from '../permissions/resources';
import { INTEGRATIONS } from '../permissions/state-machine';
import { addStatements, rescopeStatement, statementMap } from '../permissions/edits';
import { dirname, joinPath } from '../project';
import { get, intrinsicArg, intrinsicName, isMap, isSeq, stringValue, walk, type YNode } from '../yaml/ast';
import { DocEditor, verbatim, type EditValue } from './yaml-edit';
import { staysOnStar } from '../iam/data/optional-resources';

/** The prefix of an optimised integration's Task `Resource`. */
const INTEGRATION_PREFIX = 'arn:aws:states:::';

/**
 * Step Functions optimised integrations that act on one resource named by a request parameter,
 * with the actions the state machine's role needs for them: the entries of the one integration
 * table (permissions/state-machine.ts `INTEGRATIONS`) that name their resource's parameter, keyed
 * `service:operation`. (`.sync` variants need more — describe / stop / EventBridge rules — and are
 * not scoped here.)
 */
export const TASK_INTEGRATIONS: readonly { resource: string; actions: readonly string[]; param: string; types: readonly string[]; source: string }[] = INTEGRATIONS.flatMap((e) =>
  e.param && e.types ? [{ resource: e.resource.slice(INTEGRATION_PREFIX.length), actions: e.actions, param: e.param, types: e.types, source: e.source }] : [],
);

/** Suffixes of an integration ARN that need no more than the plain call (https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token). */
const PLAIN_SUFFIXES = ['', '.waitForTaskToken'];

/** What one Task state needs: an action on a resource (ARN expressions), or an unknown use of a service. */
type TaskUse = { action: string; arns: EditValue[] } | { unknownService: string };

/** The services whose principal a Step Functions role trusts (`states.amazonaws.com`, `states.<region>.amazonaws.com`). */
function trustsOnlyStepFunctions(model: ConfigModel, roleId: string): boolean {
  const role = model.roles.find((r) => r.id === roleId);
  if (!role?.trust || role.trust.statements.length === 0) return false;
  for (const t of role.trust.statements) {
    if (t.effect !== 'Allow' || t.notPrincipal || !t.principal) return false;
    for (const e of t.principal.entries) {
      if (e.type !== 'Service') return false;
      const text = literalText(e.value) ?? subText(e.value.node);
      if (!text || !/^states(\.\$\{AWS::Region\}|\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/.test(text)) return false;
    }
  }
  return true;
}

function subText(n: YNode | null | undefined): string | undefined {
  if (intrinsicName(n) !== 'Fn::Sub') return undefined;
  const arg = intrinsicArg(n);
  return isSeq(arg) ? undefined : stringValue(arg);
}

/** A value in a definition naming a template resource: `!GetAtt X.Arn`, `!Ref X`, `${X}` / `${X.Arn}` (with the machine's substitutions). */
function definitionResource(model: ConfigModel, n: YNode | null | undefined, subs: YNode | null | undefined, depth = 0): ResourceModel | undefined {
  if (n == null || depth > 2) return undefined;
  const id = referencedLogicalId(n);
  if (id) return model.resources.find((r) => r.id === id);
  const t = intrinsicName(n) ? undefined : stringValue(n);
  if (!t || !t.startsWith('${') || !t.endsWith('}') || t.indexOf('${', 1) >= 0) return undefined;
  const name = t.slice(2, -1);
  const sub = isMap(subs) ? get(subs, name) : undefined;
  if (sub != null) return definitionResource(model, sub, undefined, depth + 1);
  const [rid, att] = name.split('.');
  return att === undefined || att === 'Arn' ? model.resources.find((r) => r.id === rid) : undefined;
}

/** A literal Lambda function ARN (no placeholders). */
function literalFunctionArn(n: YNode | null | undefined): string | undefined {
  const t = intrinsicName(n) ? undefined : stringValue(n);
  return t && /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+$/.test(t) ? t : undefined;
}

/** Lambda invocations: the function and its versions / aliases (https://docs.aws.amazon.com/step-functions/latest/dg/lambda-iam.html). */
function functionArns(r: ResourceModel | undefined, literal: string | undefined): EditValue[] | undefined {
  if (literal) return [literal, `${literal}:*`];
  if (!r || (r.type !== 'AWS::Lambda::Function' && r.type !== 'AWS::Serverless::Function')) return undefined;
  return [verbatim(`!GetAtt ${r.id}.Arn`, { 'Fn::GetAtt': [r.id, 'Arn'] }), verbatim(`!Sub '\${${r.id}.Arn}:*'`, { 'Fn::Sub': `\${${r.id}.Arn}:*` })];
}

/** What a Task state needs of the role. */
function taskUse(model: ConfigModel, task: YNode, subs: YNode | null | undefined, json: boolean): TaskUse[] {
  const resNode = get(task, 'Resource');
  const rs = stringValue(resNode) ?? '';
  const m = /^arn:(?:aws[a-z-]*|\$\{AWS::Partition\}):states:::([a-z0-9-]+):([A-Za-z0-9-]+)(\.[A-Za-z]+)?$/.exec(rs);
  const params = get(task, 'Parameters') ?? get(task, 'Arguments');
  if (m) {
    const [, svc, op, suffix] = m;
    const integ = TASK_INTEGRATIONS.find((x) => x.resource === `${svc}:${op}`);
    if (!integ || !PLAIN_SUFFIXES.includes(suffix ?? '')) return [{ unknownService: svc === 'aws-sdk' ? op : svc }];
    const value = isMap(params) ? get(params, integ.param) : undefined;
    const r = definitionResource(model, value, subs);
    const action = integ.actions[0];
    // The resource must be of the integration's kind (`${Topic}` naming a topic, not a queue).
    if (r && !integ.types.includes(r.type)) return [{ unknownService: svc }];
    const arns = action === 'lambda:InvokeFunction' ? functionArns(r, literalFunctionArn(value)) : r ? arnExpressions(r, action, false, json) : undefined;
    if (!arns) return [{ unknownService: svc }];
    return integ.actions.map((a) => ({ action: a, arns }));
  }
  // A Lambda function ARN as the Resource: the legacy invocation.
  const r = definitionResource(model, resNode, subs);
  const arns = functionArns(r, literalFunctionArn(resNode));
  if (arns) return [{ action: 'lambda:InvokeFunction', arns }];
  // An activity, or something we cannot read: any service.
  return [{ unknownService: '*' }];
}

/** Does the role appear anywhere but in its own policies, the `Role`/`RoleArn` of these state machines and Outputs that export nothing? */
function usedElsewhere(model: ConfigModel, roleId: string, machineIds: ReadonlySet<string>): boolean {
  for (const r of model.resources) {
    if (r.id === roleId || r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy') continue;
    if (!mentionsLogicalId(r.node, roleId)) continue;
    if (!machineIds.has(r.id)) return true;
    const p = r.properties;
    const roleProp = get(p, 'RoleArn') ?? get(p, 'Role');
    if (referencedLogicalId(roleProp) !== roleId) return true;
    // Mentioned again elsewhere in the machine (its definition's substitutions…): not only as its role.
    let others = 0;
    walk(p, (x) => {
      if (x !== roleProp && intrinsicName(x) && referencedLogicalId(x) === roleId) others++;
      return undefined;
    });
    if (others > 0) return true;
  }
  // An Output that exports the role lets another stack import it (and pass it to its own state
  // machines); one that only shows the ARN to whoever deploys the stack does not.
  const outputs = get(model.root, 'Outputs');
  return isMap(outputs) && outputs.entries.some((o) => get(o.value, 'Export') != null && mentionsLogicalId(o.value, roleId));
}

/** The fix, or undefined when the role's users or the tasks' resources are not all known. */
export function stateMachineScopeFix(ctx: RuleContext, st: PolicyStatement): Fix | undefined {
  const model = ctx.model;
  if (!model || model.kind === 'serverless') return undefined;
  if (st.doc.kind !== 'identity' || st.effect !== 'Allow' || st.notActions || st.condition != null || !st.actions || st.doc.roleIds.length === 0) return undefined;
  const items = st.resources?.items ?? [];
  if (items.length !== 1 || literalText(items[0]) !== '*') return undefined;
  // Roles Step Functions alone assumes (checked before any definition is read).
  for (const roleId of st.doc.roleIds) {
    const role = model.resources.find((r) => r.id === roleId && r.type === 'AWS::IAM::Role');
    if (!role || get(role.node, 'Condition') != null || !trustsOnlyStepFunctions(model, roleId)) return undefined;
  }
  const json = model.parsed.format === 'json';
  const read = (rel: string) => ctx.project.readFile(joinPath(dirname(model.file), rel));
  const machines = stateMachines(model, read);
  const uses: TaskUse[] = [];
  for (const roleId of st.doc.roleIds) {
    const mine = machines.filter((m) => {
      const r = model.resources.find((x) => x.id === m.id);
      return referencedLogicalId(get(r?.properties, 'RoleArn') ?? get(r?.properties, 'Role')) === roleId;
    });
    if (mine.length === 0 || usedElsewhere(model, roleId, new Set(mine.map((m) => m.id)))) return undefined;
    for (const m of mine) {
      const r = model.resources.find((x) => x.id === m.id);
      if (!isMap(m.definition) || get(r?.node, 'Condition') != null) return undefined;
      const tasks: { name: string; node: YNode; first: boolean }[] = [];
      taskStates(m.definition, true, tasks);
      for (const t of tasks) uses.push(...taskUse(model, t.node, m.subs, json));
    }
  }
  // Each scopable action of the statement: the resources of the tasks that need it.
  const groups = new Map<string, { actions: string[]; resources: EditValue[] }>();
  const star: string[] = [];
  for (const { text } of literalItems(st.actions)) {
    if (isBareStar(text) || hasWildcard(text)) return undefined;
    const a = lookupAction(text);
    if (!a) return undefined;
    if (staysOnStar(a)) {
      star.push(text);
      continue;
    }
    if (uses.some((u) => 'unknownService' in u && (u.unknownService === '*' || u.unknownService === a.service))) return undefined;
    const arns: EditValue[] = [];
    const keys = new Set<string>();
    for (const u of uses) {
      if (!('action' in u) || u.action !== a.fullName) continue;
      for (const x of u.arns) {
        const k = JSON.stringify(typeof x === 'object' && x !== null && 'yaml' in x ? (x as { yaml: string }).yaml : x);
        if (!keys.has(k)) {
          keys.add(k);
          arns.push(x);
        }
      }
    }
    if (!arns.length) return undefined; // no task needs it: what else uses it cannot be told here
    // Every named resource exists whenever the role does (no Condition on it).
    const key = [...keys].sort().join('|');
    const g = groups.get(key) ?? { actions: [], resources: arns };
    g.actions.push(text);
    groups.set(key, g);
  }
  const list = [...groups.values()];
  if (!list.length) return undefined;
  for (const u of uses) if ('action' in u) for (const x of u.arns) if (conditional(model, x)) return undefined;
  const ed = new DocEditor(model.parsed);
  const map = statementMap(st);
  if (!map || !st.resources) return undefined;
  const [first, ...rest] = list;
  const e1 = rescopeStatement(ed, st, first);
  const added = addStatements(ed, st.doc, [...rest, ...(star.length ? [{ actions: star, resources: ['*'] as EditValue[] }] : [])]);
  if (!e1 || !added) return undefined;
  const edits: TextEdit[] = [...e1, ...added];
  return { title: "Scope to the resources the state machine's tasks use", isPreferred: true, changes: [{ file: model.file, edits }] };
}

/** An ARN expression naming a resource created only under a Condition (it may not exist when the role does). */
function conditional(model: ConfigModel, x: EditValue): boolean {
  const j = typeof x === 'object' && x !== null && 'json' in x ? (x as { json?: unknown }).json : undefined;
  const text = JSON.stringify(j ?? null);
  return model.resources.some((r) => get(r.node, 'Condition') != null && (text.includes(`"${r.id}"`) || text.includes(`\${${r.id}.`) || text.includes(`\${${r.id}}`)));
}

