/**
 * What a function's execution role allows, as far as the config shows it: every identity policy
 * attached to the role (wildcards matched through the IAM catalogue, `NotAction` honoured), known
 * AWS managed policies and SAM policy templates, what the framework adds to the roles it
 * generates (logs, tracing, VPC, event-source polling), minus unconditional `Deny` on `'*'`.
 *
 * Conservative by construction: a role is *not evaluable* (no "missing permission" is ever
 * reported for it) when any part of it cannot be read — an external role, a managed policy or SAM
 * template we do not know, a statement whose Effect/Action is a variable or intrinsic, statements
 * given by `${file(...)}`, a template policy attached to roles we cannot identify. Resource and
 * Condition scoping are ignored (an action allowed on some resource counts as allowed).
 */
import { actionPatternMatches } from '../iam/catalog';
import { literalText } from '../iam/policy-analysis';
import { referencedLogicalId } from '../model/cfn';
import type { ConfigModel, FunctionModel, PolicyDocument, PolicyStatement, RoleModel } from '../model/types';
import { asList, get, getPath, isMap, isScalar, isSeq, stringValue, type YNode } from '../yaml/ast';
import { KNOWN_MANAGED_POLICIES, PLATFORM_ACTIONS, SAM_TEMPLATE_ACTIONS } from './services';

export interface RoleGrants {
  role: RoleModel;
  /** False when the role's permissions cannot be fully read; `reason` says why. */
  evaluable: boolean;
  reason?: string;
  /** Is the action allowed (and not denied)? Meaningful only when `evaluable`. */
  allows(action: string): boolean;
  /** Is the action removed by an unconditional Deny on every resource? */
  denies(action: string): boolean;
  /** The identity documents attached to the role. */
  documents: PolicyDocument[];
}

const BASIC_PLATFORM = new Set(PLATFORM_ACTIONS.map((a) => a.toLowerCase()));

function roleDocs(role: RoleModel): PolicyDocument[] {
  return role.documents.filter((d) => d.kind === 'identity');
}

/** Why a serverless.yml role cannot be read fully (statements from `${file()}`, overridden generated role). */
function serverlessProblem(model: ConfigModel, role: RoleModel): string | undefined {
  const root = model.root;
  const provider = get(root, 'provider');
  const seqOfMaps = (n: YNode | null | undefined): boolean => n == null || (isSeq(n) && n.items.every((i) => isMap(i)));
  const listOfLiterals = (n: YNode | null | undefined): boolean => n == null || isSeq(n);
  // Plugins that write IAM statements of their own at package time (serverless-lift grants every
  // function access to its constructs' queues, buckets, tables…): the role is not all in this file.
  const plugins = get(root, 'plugins');
  const pluginNames = (isSeq(plugins) ? plugins.items : isSeq(get(plugins, 'modules')) ? (get(plugins, 'modules') as { items: YNode[] }).items : [])
    .map((n) => (isScalar(n) && typeof n.value === 'string' ? n.value : ''));
  if (pluginNames.includes('serverless-lift') && get(root, 'constructs') != null) return 'serverless-lift adds IAM statements for its constructs';
  if (role.id === 'sls:shared' || role.documents.some((d) => d.where.startsWith('provider.'))) {
    for (const p of ['iamRoleStatements', 'iam.role.statements']) if (!seqOfMaps(getPath(provider, p))) return `provider.${p} is not a plain list`;
    for (const p of ['iamManagedPolicies', 'iam.role.managedPolicies']) if (!listOfLiterals(getPath(provider, p))) return `provider.${p} is not a plain list`;
    const res = get(root, 'resources');
    for (const r of isSeq(res) ? res.items : [res]) {
      if (get(get(r, 'Resources'), 'IamRoleLambdaExecution') != null || get(get(r, 'extensions'), 'IamRoleLambdaExecution') != null) return 'resources override IamRoleLambdaExecution';
    }
  }
  if (role.id.startsWith('sls:fn:')) {
    const fnName = role.id.slice('sls:fn:'.length);
    const fns = get(root, 'functions');
    const fnNode = isSeq(fns) ? fns.items.map((m) => get(m, fnName)).find((x) => x != null) : get(fns, fnName);
    if (!seqOfMaps(get(fnNode, 'iamRoleStatements'))) return `functions.${fnName}.iamRoleStatements is not a plain list`;
    if (!seqOfMaps(getPath(fnNode, 'iam.role.statements'))) return `functions.${fnName}.iam.role.statements is not a plain list`;
  }
  return undefined;
}

/** Why a statement cannot be evaluated (an Effect or Action we cannot read). */
function statementProblem(st: PolicyStatement): string | undefined {
  if (!st.effect) return 'a statement whose Effect is computed';
  for (const set of [st.actions, st.notActions]) {
    if (!set) continue;
    if (set.node && !isSeq(set.node) && !isScalar(set.node)) return 'a statement whose Action is computed';
    for (const v of set.items) if (literalText(v) === undefined) return 'a statement whose Action is computed';
  }
  return undefined;
}

/** An unconditional Deny on every resource (the only Deny that certainly removes an action). */
function isBlanketDeny(st: PolicyStatement): boolean {
  if (st.effect !== 'Deny' || st.condition != null) return false;
  return !!st.resources?.items.some((v) => literalText(v) === '*') && !st.notResources;
}

function texts(st: PolicyStatement, key: 'actions' | 'notActions'): string[] {
  return (st[key]?.items ?? []).map((v) => literalText(v)).filter((t): t is string => t !== undefined);
}

/** Policies in the template attached to roles we cannot identify (parameters, imports, names). */
function unattachedPolicyIn(model: ConfigModel): boolean {
  for (const r of model.resources) {
    if (r.type !== 'AWS::IAM::Policy' && r.type !== 'AWS::IAM::ManagedPolicy') continue;
    for (const n of asList(get(r.properties, 'Roles'))) {
      const id = referencedLogicalId(n);
      if (!id || !model.roles.some((x) => x.id === id)) return true;
    }
  }
  return false;
}

/** Logical ids of the functions AWS::Serverless::Connector resources start from (`Source.Id`, `Source: !Ref`, or the resource's `Connectors`). */
function connectorSources(model: ConfigModel): Set<string> {
  const out = new Set<string>();
  for (const r of model.resources) {
    if (r.type === 'AWS::Serverless::Connector') {
      const src = get(r.properties, 'Source');
      const id = stringValue(get(src, 'Id')) ?? referencedLogicalId(get(src, 'Arn')) ?? referencedLogicalId(src);
      if (id) out.add(id);
    }
    // Embedded connectors: `Connectors:` on the source resource itself.
    if (get(r.node, 'Connectors') != null) out.add(r.id);
  }
  return out;
}

/** Actions the framework grants a role it generates, for the functions using it. */
function generatedGrants(model: ConfigModel, role: RoleModel, fns: readonly FunctionModel[]): string[] {
  if (!role.generated) return [];
  const out = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:TagResource'];
  if (model.kind === 'serverless') {
    out.push('xray:PutTraceSegments', 'xray:PutTelemetryRecords');
    // WebSocket APIs: the framework lets the generated role post to connections (execute-api:ManageConnections on @connections/*).
    if (model.functions.some((f) => f.events.some((ev) => ev.type === 'websocket'))) out.push('execute-api:ManageConnections');
    for (const fn of fns) for (const ev of fn.events) if (ev.type === 'sqs' || ev.type === 'stream') out.push(...PLATFORM_ACTIONS.filter((a) => a.startsWith('sqs:') || a.startsWith('dynamodb:') || a.startsWith('kinesis:')));
    if (getPath(model.root, 'provider.vpc') != null || fns.some((f) => get(f.node, 'vpc') != null)) out.push(...PLATFORM_ACTIONS.filter((a) => a.startsWith('ec2:')));
  } else {
    for (const fn of fns) {
      const props = get(fn.node, 'Properties');
      if (get(props, 'Tracing') != null || getPath(model.root, 'Globals.Function.Tracing') != null) out.push(...PLATFORM_ACTIONS.filter((a) => a.startsWith('xray:')));
      if (get(props, 'VpcConfig') != null || getPath(model.root, 'Globals.Function.VpcConfig') != null) out.push(...PLATFORM_ACTIONS.filter((a) => a.startsWith('ec2:')));
      for (const ev of fn.events) {
        if (ev.type === 'SQS') out.push('sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes');
        if (ev.type === 'DynamoDB') out.push(...PLATFORM_ACTIONS.filter((a) => a.startsWith('dynamodb:')));
        if (ev.type === 'Kinesis') out.push(...PLATFORM_ACTIONS.filter((a) => a.startsWith('kinesis:')));
      }
    }
  }
  return out;
}

/** `custom.serverless-iam-roles-per-function.defaultInherit: true` (function roles inherit provider statements). */
export function pluginDefaultInherit(model: ConfigModel): boolean {
  if (model.kind !== 'serverless') return false;
  const v = getPath(model.root, ['custom', 'serverless-iam-roles-per-function', 'defaultInherit']);
  return isScalar(v) && (v.value === true || v.value === 'true');
}

/**
 * Actions some resource policy of the template allows (bucket, queue, topic, key policies…): a
 * same-account resource policy can grant a role access on its own, so these are never "missing".
 */
function resourcePolicyActions(model: ConfigModel): string[] {
  const out: string[] = [];
  for (const d of model.documents) {
    if (d.kind !== 'resource') continue;
    for (const st of d.statements) if (st.effect === 'Allow') out.push(...texts(st, 'actions'));
  }
  return out;
}

/** Evaluates a role for the functions of `fns` (used for framework-added grants). */
export function roleGrants(model: ConfigModel, role: RoleModel, fns: readonly FunctionModel[]): RoleGrants {
  const docs = roleDocs(role);
  const no = (reason: string): RoleGrants => ({ role, evaluable: false, reason, allows: () => false, denies: () => false, documents: docs });
  if (role.external) return no('the role is defined outside this file');
  if (model.kind === 'serverless') {
    const p = serverlessProblem(model, role);
    if (p) return no(p);
  }
  if (unattachedPolicyIn(model)) return no('a policy in the template is attached to a role given by a parameter or name');
  // SAM connectors write policies into the source function's role at transform time.
  if (fns.some((f) => connectorSources(model).has(f.id))) return no('an AWS::Serverless::Connector adds permissions to the role');
  const allowPatterns: string[] = [...generatedGrants(model, role, fns), ...resourcePolicyActions(model)];
  // serverless-iam-roles-per-function with `defaultInherit: true`: function roles inherit the provider statements.
  if (role.id.startsWith('sls:fn:') && pluginDefaultInherit(model)) {
    for (const d of model.documents) if (d.kind === 'identity' && d.where.startsWith('provider.') && !docs.includes(d)) docs.push(d);
  }
  const notActionAllows: string[][] = [];
  const denyPatterns: string[] = [];
  const denyNotAction: string[][] = [];
  for (const d of docs) {
    for (const st of d.statements) {
      const p = statementProblem(st);
      if (p) return no(`${d.where} has ${p}`);
      if (st.effect === 'Allow') {
        if (st.actions) allowPatterns.push(...texts(st, 'actions'));
        if (st.notActions) notActionAllows.push(texts(st, 'notActions'));
      } else if (isBlanketDeny(st)) {
        if (st.actions) denyPatterns.push(...texts(st, 'actions'));
        if (st.notActions) denyNotAction.push(texts(st, 'notActions'));
      }
    }
  }
  for (const m of role.managedPolicies) {
    const known = m.name && m.awsManaged ? KNOWN_MANAGED_POLICIES[m.name] : undefined;
    if (known) {
      allowPatterns.push(...known);
      continue;
    }
    // A customer managed policy defined in this template: its document is already attached.
    const id = referencedLogicalId(m.node);
    if (id && model.resources.some((r) => r.id === id && r.type === 'AWS::IAM::ManagedPolicy')) continue;
    return no(`managed policy ${m.name ?? stringValue(m.node) ?? '(computed)'} cannot be evaluated`);
  }
  for (const t of role.samTemplates) {
    const acts = SAM_TEMPLATE_ACTIONS[t.name];
    if (!acts) return no(`SAM policy template ${t.name} cannot be evaluated`);
    allowPatterns.push(...acts);
  }
  const denied = (a: string) => denyPatterns.some((p) => actionPatternMatches(p, a)) || denyNotAction.some((list) => !list.some((p) => actionPatternMatches(p, a)));
  const allowed = (a: string) => allowPatterns.some((p) => actionPatternMatches(p, a)) || notActionAllows.some((list) => !list.some((p) => actionPatternMatches(p, a)));
  return { role, evaluable: true, allows: (a) => !denied(a) && allowed(a), denies: denied, documents: docs };
}

/** Platform actions (never "unused"): logs, X-Ray, VPC, event-source polling. */
export function isPlatformAction(action: string): boolean {
  return BASIC_PLATFORM.has(action.toLowerCase());
}
