import { defineRule } from '../server/src/engine/rule';
import { ruleMessage } from '../server/src/engine/messages';
import type { HandlerRef } from '../server/src/engine/handlers';
import { handlerCalls, type Links } from '../server/src/engine/permissions/usage';
import { resolveResource } from '../server/src/engine/permissions/resources';
import type { Project } from '../server/src/engine/project';
import { managedPolicyOf, nameList } from '../server/src/engine/model/query';
import { SHARED_ROLE_ID } from '../server/src/engine/model/serverless';
import type { ConfigModel, FunctionModel, PolicyStatement, RoleModel } from '../server/src/engine/model/types';
import { expandAction, lookupAction } from '../server/src/engine/iam/catalog';
import { literalText } from '../server/src/engine/iam/policy-analysis';
import { awsStarGrant } from '../server/src/engine/iam/data/aws-star-grants';
import { isMetadataRead } from '../server/src/engine/iam/risk';
import { get, getPair, stringValue, type Span } from '../server/src/engine/yaml/ast';

/**
 * Several functions running with one role: each gets the union of the permissions all of them need.
 * serverless.yml: the role the framework generates (no per-function roles, `provider.iam.role.mode`
 * not `perFunction`), or one named role; SAM/CloudFormation: one `Role` referenced by several functions.
 *
 * Reported once per role, on a stable key: serverless `provider.iam` (else `provider.iamRoleStatements`
 * / `iamManagedPolicies`, else `provider`), the role resource's logical id, or the shared role ARN.
 * Not reported when the shared role grants nothing beyond the basic execution policies, or statements
 * of only the actions AWS grants every function on '*' (logs, X-Ray, VPC interfaces): nothing to split.
 * Reported only when every function's handler is analysed (permissions/usage.ts: all SDK calls
 * resolved, each function in its own handler file) and they differ: not the same calls (the same
 * actions on the same resources, each call's resource resolved through the function's
 * environment). The message names what each needs. When some handler cannot be analysed nothing
 * shows that the sharing grants any function more than it uses (the labels of sets C, D and F
 * judged such findings, without what each function calls, as nothing a reviewer would act on), so
 * it is not reported, whether the role is in the file or an existing ARN. (Grouping "alike enough" roles,
 * e.g. readers and writers of one table, was tried and dropped: a held-out label judged such a
 * grouping worth reporting.)
 */
const rule = defineRule({
  meta: {
    id: 'iam-shared-function-role',
    category: 'iam',
    severity: 'info',
    title: 'Several functions share one IAM role',
    docs: {
      summary: 'When several functions share one role, each of them gets every permission any of them needs; give each function its own least-privilege role.',
      cwe: [250],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    messages: {
      shared: '{{who}} run with {{roleName}}, so each of them gets every permission any of them needs{{detail}}. {{advice}}',
    },
  },
  check(ctx) {
    const model = ctx.model!;
    const all = model.functions.length;
    let handlers: readonly HandlerRef[] | undefined;
    for (const role of model.roles) {
      const fns = role.functions;
      if (fns.length < 2 || !grantsSomething(model, role) || sameCode(model.functions.filter((f) => fns.includes(f.id)))) continue;
      const range = reportRange(model, role);
      if (!range) continue;
      // Reported only with evidence: what each function's code calls is known and differs. When
      // some handler cannot be analysed, nothing shows that the sharing grants any of them more
      // than it uses, and a reviewer cannot tell whether splitting the role gains anything.
      const needs = functionNeeds(model, role, (handlers ??= ctx.links.handlers()), ctx.links, ctx.project);
      if (!needs || alike(needs)) continue;
      const who =
        fns.length !== all ? `Functions ${nameList(fns)} (${fns.length} of ${all})` : all === 2 ? `Both functions (${nameList(fns)})` : `All ${all} functions (${nameList(fns)})`;
      const roleName =
        role.id === SHARED_ROLE_ID ? 'the one role the framework generates (IamRoleLambdaExecution)' : role.external ? `the same existing ${role.label}` : `the same ${role.label}`;
      ctx.report({
        range,
        message: ruleMessage(rule.meta, 'shared', { who, roleName, detail: needsText(needs), advice: advice(model, role) }),
      });
    }
  },
});

export default rule;

/**
 * Services whose use by a function says nothing about its own needs: the platform's (logs, X-Ray,
 * VPC interfaces) and KMS data keys of server-side encryption (permissions/services.ts counts them
 * as used by every function).
 */
const PLATFORM_SERVICES = new Set(['logs', 'xray', 'ec2', 'kms']);
/** Access levels that change something: a function with none of them only reads. */
const CHANGING = new Set(['Write', 'Permissions management']);

/** What one function's code needs: the resources it calls (service + resource, `?` when not named) and whether it changes anything. */
interface Need {
  resources: Map<string, string>;
  /** `action@service:resource` of every call. */
  actions: Set<string>;
  writes: boolean;
}

/**
 * Each sharing function's needs, by function id, in role order; undefined when some handler is
 * missing, unparsed or makes calls that cannot be resolved: what the functions need is then unknown.
 */
function functionNeeds(model: ConfigModel, role: RoleModel, handlers: readonly HandlerRef[], links: Links, project: Project): Map<string, Need> | undefined {
  const out = new Map<string, Need>();
  const files = new Set<string>();
  for (const id of role.functions) {
    const fn = model.functions.find((f) => f.id === id);
    const h = handlers.find((x) => x.fnId === id);
    if (!fn || !h) return undefined;
    // Exports of one module share its helpers, and the calls reachable from each over-approximate
    // (a class used by all of them): equal sets there prove nothing, so only separate files compare.
    if (files.has(h.file)) return undefined;
    files.add(h.file);
    const calls = handlerCalls(h, model, fn, links, project);
    // Without the handler export, `reachable` is every call of the file: no per-function needs.
    if (!calls || !calls.complete || calls.unknown.length || !calls.exportFound) return undefined;
    const need: Need = { resources: new Map(), actions: new Set(), writes: false };
    for (const c of calls.reachable) {
      if (c.explicitCredentials || PLATFORM_SERVICES.has(c.service)) continue;
      const r = resolveResource(model, fn, c);
      const name = r?.resource?.id ?? r?.name;
      const key = `${c.service}:${name ?? '?'}`;
      need.resources.set(key, name ? `${c.service} ${name}` : c.service);
      for (const a of c.actions) need.actions.add(`${a}@${key}`);
      if (c.actions.some((a) => CHANGING.has(lookupAction(a)?.accessLevel ?? ''))) need.writes = true;
    }
    for (const a of calls.helperActions) {
      const svc = a.slice(0, a.indexOf(':'));
      if (PLATFORM_SERVICES.has(svc)) continue;
      need.resources.set(`${svc}:?`, svc);
      need.actions.add(`${a}@${svc}:?`);
      if (CHANGING.has(lookupAction(a)?.accessLevel ?? '')) need.writes = true;
    }
    // No call found: nothing to compare (iam-unused-permission judges grants no code uses).
    if (need.actions.size === 0) return undefined;
    out.set(id, need);
  }
  return out;
}

/**
 * Alike: every function makes the same calls (the same actions on the same resources). Then the
 * shared role grants none of them more than it uses. Functions that only differ by reads versus
 * writes on one table are not alike: the reader gets the writer's deletes.
 */
function alike(needs: Map<string, Need>): boolean {
  const [first, ...rest] = [...needs.values()];
  return rest.every((n) => n.actions.size === first.actions.size && [...n.actions].every((k) => first.actions.has(k)));
}

/** `, while their code makes different calls (a: dynamodb Orders, reads only; b: dynamodb Orders and ses)` (at most four functions). */
function needsText(needs: Map<string, Need>): string {
  const parts = [...needs].slice(0, 4).map(([id, n]) => `${id}: ${n.resources.size ? nameList([...new Set(n.resources.values())].sort(), 3) : 'no AWS call'}${n.writes ? '' : ', reads only'}`);
  return `, while their code makes different calls (${parts.join('; ')}${needs.size > 4 ? '; …' : ''})`;
}

/** Managed policies that only let a function run (logs, VPC ENIs, X-Ray): sharing them exposes nothing. */
const BASIC = new Set([
  'AWSLambdaBasicExecutionRole',
  'AWSLambdaVPCAccessExecutionRole',
  'AWSXRayDaemonWriteAccess',
  'AWSXrayWriteOnlyAccess',
  'CloudWatchLambdaInsightsExecutionRolePolicy',
]);

/** Services of those grants, whose configuration reads (logs:DescribeLogStreams) go with them. */
const RUN_SERVICES = new Set(['logs', 'xray', 'ec2']);

function onlyRunGrants(st: PolicyStatement): boolean {
  if (st.effect !== 'Allow' || !st.actions || st.notActions || st.actions.items.length === 0) return false;
  return st.actions.items.every((v) => {
    const t = literalText(v);
    const exp = t === undefined ? [] : expandAction(t);
    return exp.length > 0 && exp.every((a) => awsStarGrant(a.fullName) || (RUN_SERVICES.has(a.service) && isMetadataRead(a)));
  });
}

/** Every function runs the same code: one handler in one code location (or one image): nothing to split. */
function sameCode(fns: readonly FunctionModel[]): boolean {
  const key = (f: FunctionModel): string | undefined => {
    const props = get(f.node, 'Properties');
    const image = stringValue(get(props, 'ImageUri')) ?? stringValue(get(f.node, 'image'));
    if (image !== undefined) return `image:${image}`;
    const handler = f.handler?.kind === 'literal' ? f.handler.text : undefined;
    return handler === undefined ? undefined : `code:${f.codeUri ?? ''}:${handler}`;
  };
  if (!fns.length) return false;
  const first = key(fns[0]);
  return first !== undefined && fns.every((f) => key(f) === first);
}

function grantsSomething(model: ConfigModel, role: RoleModel): boolean {
  if (role.external) return true;
  if (role.samTemplates.length) return true;
  // Statements granting only what AWS itself grants every function on '*' (logs, X-Ray, VPC
  // interfaces: iam/data/aws-star-grants.ts) give nothing worth splitting.
  if (role.documents.some((d) => d.kind === 'identity' && d.statements.some((s) => s.effect !== 'Deny' && !onlyRunGrants(s)))) return true;
  return role.managedPolicies.some((m) => {
    const mp = managedPolicyOf(model, m);
    return !mp || !mp.awsManaged || !BASIC.has(mp.name);
  });
}

function reportRange(model: ConfigModel, role: RoleModel): Span | undefined {
  if (role.id === SHARED_ROLE_ID) {
    const provider = get(model.root, 'provider');
    const iam = getPair(provider, 'iam');
    if (iam && getPair(iam.value, 'role')) return iam.key.range;
    for (const k of ['iamRoleStatements', 'iamManagedPolicies']) {
      const p = getPair(provider, k);
      if (p) return p.key.range;
    }
    return (iam ?? getPair(model.root, 'provider'))?.key.range;
  }
  return (role.keyNode ?? role.node)?.range;
}

function advice(model: ConfigModel, role: RoleModel): string {
  if (model.kind === 'serverless') {
    return (
      'Give each function its own role with only what it uses: functions.<name>.iam.role.statements (Serverless Framework v4), ' +
      'provider.iam.role.mode: perFunction (v4), or the serverless-iam-roles-per-function plugin (functions.<name>.iamRoleStatements)' +
      (role.id === SHARED_ROLE_ID ? '.' : ', or one AWS::IAM::Role per function.')
    );
  }
  if (model.kind === 'sam') {
    return 'Give each function its own least-privilege role: remove Role and list per-function Policies (SAM then generates one role per function), or define one AWS::IAM::Role per function.';
  }
  return 'Define one AWS::IAM::Role per function with only the permissions that function uses.';
}
