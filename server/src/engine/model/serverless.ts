/**
 * serverless.yml (Framework v1–v4) → model. Effective IAM per function after merging every place
 * statements can come from: provider.iamRoleStatements (v1/v2), provider.iam.role.statements (v3+),
 * managed policies (both spellings), per-function statements (serverless-iam-roles-per-function
 * plugin and v4 native `functions.X.iam.role`), `provider.iam.role.mode: perFunction`, a named
 * role (`provider.role`, `provider.iam.role: arn`, `functions.X.role`) and raw CloudFormation in
 * `resources.Resources`.
 */
import { asList, get, getPair, getPath, isMap, isScalar, isSeq, stringValue, type YMap, type YNode } from '../yaml/ast';
import { CfnBuilder, referencedLogicalId, type ModelParts } from './cfn';
import { nestedTemplates } from './nested';
import { buildPolicyDocument, type ValueOf } from './policy';
import type { EnvEntry, EventModel, FunctionModel, PolicyDocument, RoleModel } from './types';

export const SHARED_ROLE_ID = 'sls:shared';

export function serviceNameOf(root: YNode): string | undefined {
  const s = get(root, 'service');
  return stringValue(s) ?? stringValue(get(s, 'name'));
}

export function buildServerless(root: YMap, parts: ModelParts, value: ValueOf, text?: string): void {
  const provider = get(root, 'provider');
  const cfn = new CfnBuilder(parts, value, undefined);

  // Raw CloudFormation first: `functions.X.role` may name one of its roles.
  const resources = get(root, 'resources');
  if (isSeq(resources)) resources.items.forEach((item, i) => cfn.addResources(get(item, 'Resources'), `resources[${i}].Resources`));
  else cfn.addResources(get(resources, 'Resources'), 'resources.Resources');
  // Nested stacks written inline under `resources:` (model/nested.ts), as in a template.
  if (text !== undefined) for (const n of nestedTemplates([...parts.resources], text)) cfn.addResources(n.resources, n.where);

  // API Gateway resource policy.
  const rp = getPath(provider, 'apiGateway.resourcePolicy');
  if (isSeq(rp)) parts.documents.push(buildPolicyDocument(rp, 'resource', 'provider.apiGateway.resourcePolicy', [], value, 'AWS::ApiGateway::RestApi'));

  // The provider-level role: either a named existing role, or the one the framework generates.
  const iamRole = getPath(provider, 'iam.role');
  const legacyRole = get(provider, 'role');
  let sharedRole: RoleModel;
  const namedRole = isScalar(iamRole) || intrinsicLike(iamRole) ? iamRole : legacyRole != null ? legacyRole : undefined;
  const providerDocs: PolicyDocument[] = [];
  const providerManaged: { node: YNode; where: string }[] = [];
  if (namedRole != null) {
    const id = referencedLogicalId(namedRole) ?? stringValue(namedRole);
    const existing = id ? parts.roles.find((r) => r.id === id) : undefined;
    sharedRole = existing ?? {
      id: `external:${value(namedRole)?.text ?? 'provider.role'}`,
      label: `role ${value(namedRole)?.text ?? '(from provider.role)'}`,
      node: namedRole,
      generated: false,
      external: true,
      documents: [],
      managedPolicies: [],
      samTemplates: [],
      functions: [],
    };
    if (!existing) parts.roles.push(sharedRole);
  } else {
    sharedRole = {
      id: SHARED_ROLE_ID,
      label: 'the shared role the framework generates for every function (IamRoleLambdaExecution)',
      node: provider ?? root,
      keyNode: getPair(root, 'provider')?.key,
      generated: true,
      documents: [],
      managedPolicies: [],
      samTemplates: [],
      functions: [],
    };
    parts.roles.push(sharedRole);
    for (const [path, where] of [
      [['iamRoleStatements'], 'provider.iamRoleStatements'],
      [['iam', 'role', 'statements'], 'provider.iam.role.statements'],
    ] as const) {
      const st = getPath(provider, [...path]);
      if (isSeq(st)) {
        const d = buildPolicyDocument(st, 'identity', where, [], value);
        providerDocs.push(d);
        parts.documents.push(d);
      }
    }
    for (const path of [['iamManagedPolicies'], ['iam', 'role', 'managedPolicies']]) {
      for (const n of asList(getPath(provider, path))) providerManaged.push({ node: n, where: `provider.${path.join('.')}` });
    }
  }
  const perFunctionMode = stringValue(getPath(provider, 'iam.role.mode')) === 'perFunction';
  const providerManagedRefs = providerManaged.map((m) => cfn.addManagedRef(m.node, [], m.where));
  const attach = (role: RoleModel) => {
    for (const d of providerDocs) {
      d.roleIds.push(role.id);
      role.documents.push(d);
    }
    for (const m of providerManagedRefs) {
      m.roleIds.push(role.id);
      role.managedPolicies.push(m);
    }
  };

  for (const { key, node } of functionEntries(get(root, 'functions'))) {
    const id = String(key.value);
    const fn: FunctionModel = {
      id,
      keyNode: key,
      node,
      handler: value(get(node, 'handler')),
      runtime: stringValue(get(node, 'runtime')) ?? stringValue(get(provider, 'runtime')),
      environment: environmentOf(provider, node),
      events: eventsOf(node),
    };
    const url = get(node, 'url');
    if (url != null) {
      if (isScalar(url)) fn.url = { node: url, authNode: url, authType: url.value === true ? 'NONE' : url.value === false ? undefined : 'unknown' };
      else if (isMap(url)) {
        const auth = get(url, 'authorizer');
        const a = stringValue(auth);
        fn.url = { node: url, authNode: auth ?? null, authType: auth == null ? 'NONE' : a === 'aws_iam' ? 'AWS_IAM' : 'unknown' };
      }
      if (fn.url && fn.url.authType === undefined) delete fn.url;
    }
    parts.functions.push(fn);

    // Which role does this function run with?
    const fnRole = get(node, 'role');
    const pluginStatements = get(node, 'iamRoleStatements');
    const v4Role = getPath(node, 'iam.role');
    if (fnRole != null) {
      const rid = referencedLogicalId(fnRole) ?? stringValue(fnRole);
      const existing = rid ? parts.roles.find((r) => r.id === rid) : undefined;
      if (existing) {
        existing.functions.push(id);
        fn.roleId = existing.id;
      } else {
        const ext: RoleModel = {
          id: `external:${value(fnRole)?.text ?? id}`,
          label: `role ${value(fnRole)?.text ?? '(functions.' + id + '.role)'}`,
          node: fnRole,
          generated: false,
          external: true,
          documents: [],
          managedPolicies: [],
          samTemplates: [],
          functions: [id],
        };
        parts.roles.push(ext);
        fn.roleId = ext.id;
      }
    } else if (pluginStatements != null || isMap(v4Role) || perFunctionMode) {
      const role: RoleModel = {
        id: `sls:fn:${id}`,
        label: `the role of function ${id}`,
        node,
        keyNode: key,
        generated: true,
        documents: [],
        managedPolicies: [],
        samTemplates: [],
        functions: [id],
      };
      parts.roles.push(role);
      fn.roleId = role.id;
      if (isSeq(pluginStatements)) {
        const d = buildPolicyDocument(pluginStatements, 'identity', `functions.${id}.iamRoleStatements`, [role.id], value);
        parts.documents.push(d);
        role.documents.push(d);
      }
      const v4Statements = get(v4Role, 'statements');
      if (isSeq(v4Statements)) {
        const d = buildPolicyDocument(v4Statements, 'identity', `functions.${id}.iam.role.statements`, [role.id], value);
        parts.documents.push(d);
        role.documents.push(d);
      }
      for (const n of asList(get(v4Role, 'managedPolicies'))) {
        const ref = cfn.addManagedRef(n, [role.id], `functions.${id}.iam.role.managedPolicies`);
        role.managedPolicies.push(ref);
      }
      const inheritPlugin = get(node, 'iamRoleStatementsInherit');
      const inheritV4 = getPath(node, 'iam.inheritStatements');
      const inherits =
        (isScalar(inheritPlugin) && inheritPlugin.value === true) ||
        (isScalar(inheritV4) && inheritV4.value === true) ||
        (perFunctionMode && !(isScalar(inheritV4) && inheritV4.value === false));
      if (inherits) attach(role);
    } else {
      sharedRole.functions.push(id);
      fn.roleId = sharedRole.id;
    }
  }
  // Even when no function uses it, the shared role's statements are the user's own text: keep the
  // role (rules read `documents`) so its statements are still checked.
  if (sharedRole.generated) attach(sharedRole);
}

function intrinsicLike(n: YNode | null | undefined): boolean {
  return isMap(n) && n.entries.length === 1 && typeof n.entries[0].key.value === 'string' && (n.entries[0].key.value === 'Ref' || n.entries[0].key.value.startsWith('Fn::'));
}

/** `functions:` is a map, or (with `${file()}` includes) a list of maps. */
export function functionEntries(fns: YNode | null | undefined): { key: import('../yaml/ast').YScalar; node: YMap }[] {
  const out: { key: import('../yaml/ast').YScalar; node: YMap }[] = [];
  const maps = isSeq(fns) ? fns.items : [fns];
  for (const m of maps) {
    if (!isMap(m)) continue;
    for (const e of m.entries) if (isMap(e.value)) out.push({ key: e.key, node: e.value });
  }
  return out;
}

function environmentOf(provider: YNode | null | undefined, fnNode: YNode): EnvEntry[] {
  const own = get(fnNode, 'environment');
  const out: EnvEntry[] = [];
  const ownNames = new Set<string>();
  if (isMap(own)) for (const e of own.entries) ownNames.add(String(e.key.value));
  const prov = get(provider, 'environment');
  if (isMap(prov)) for (const e of prov.entries) if (!ownNames.has(String(e.key.value))) out.push({ name: String(e.key.value), keyNode: e.key, value: e.value, inheritedFrom: 'provider' });
  if (isMap(own)) for (const e of own.entries) out.push({ name: String(e.key.value), keyNode: e.key, value: e.value });
  return out;
}

function eventsOf(fnNode: YNode): EventModel[] {
  const out: EventModel[] = [];
  for (const ev of asList(get(fnNode, 'events'))) {
    if (!isMap(ev) || ev.entries.length === 0) continue;
    const e = ev.entries[0];
    out.push({ type: String(e.key.value), node: ev, keyNode: e.key, properties: e.value });
  }
  return out;
}
