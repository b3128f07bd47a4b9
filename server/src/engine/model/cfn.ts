/**
 * CloudFormation and SAM resources → model (functions, roles, policy documents, managed policies,
 * SAM policy templates). Also used for `resources.Resources` in serverless.yml.
 */
import {
  asList,
  get,
  getPair,
  intrinsicArg,
  intrinsicName,
  isMap,
  isScalar,
  isSeq,
  stringValue,
  type YMap,
  type YNode,
  type YPair,
  walk,
} from '../yaml/ast';
import { buildPolicyDocument, type ValueOf } from './policy';
import type {
  EnvEntry,
  EventModel,
  FunctionModel,
  ManagedPolicyRef,
  PolicyDocument,
  ResourceModel,
  RoleModel,
  SamTemplateRef,
} from './types';

export interface ModelParts {
  functions: FunctionModel[];
  roles: RoleModel[];
  documents: PolicyDocument[];
  managedPolicies: ManagedPolicyRef[];
  samTemplates: SamTemplateRef[];
  resources: ResourceModel[];
}

export function emptyParts(): ModelParts {
  return { functions: [], roles: [], documents: [], managedPolicies: [], samTemplates: [], resources: [] };
}

/** Resource policy documents: CFN type → property holding the policy. */
const RESOURCE_POLICY_PROPS: Record<string, string> = {
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::ApiGateway::RestApi': 'Policy',
  'AWS::SecretsManager::ResourcePolicy': 'ResourcePolicy',
  'AWS::ECR::Repository': 'RepositoryPolicyText',
  'AWS::Events::EventBusPolicy': 'Statement',
  'AWS::OpenSearchService::Domain': 'AccessPolicies',
  'AWS::Elasticsearch::Domain': 'AccessPolicies',
};

/** AWS managed policy ARN or name → name, e.g. `arn:aws:iam::aws:policy/AdministratorAccess` → AdministratorAccess. */
export function managedPolicyName(text: string): { name: string; awsManaged: boolean } {
  if (text.startsWith('arn:')) {
    const parts = text.split(':');
    const resource = parts.slice(5).join(':');
    const slash = resource.lastIndexOf('/');
    const name = slash >= 0 ? resource.slice(slash + 1) : resource;
    return { name, awsManaged: parts[4] === 'aws' };
  }
  return { name: text, awsManaged: !text.includes('/') };
}

/** `!Ref X`, `!GetAtt X.Arn`, `Fn::GetAtt: [X, Arn]`, `!Sub ${X.Arn}` → X. */
export function referencedLogicalId(n: YNode | null | undefined): string | undefined {
  const fn = intrinsicName(n);
  const arg = intrinsicArg(n);
  if (fn === 'Ref') return stringValue(arg);
  if (fn === 'Fn::GetAtt') {
    if (isSeq(arg)) return stringValue(arg.items[0]);
    const s = stringValue(arg);
    return s?.split('.')[0];
  }
  if (fn === 'Fn::Sub') {
    const s = isSeq(arg) ? stringValue(arg.items[0]) : stringValue(arg);
    if (s && s.startsWith('${') && s.endsWith('}') && s.indexOf('${', 1) < 0) return s.slice(2, -1).split('.')[0];
  }
  return undefined;
}

/** SAM Globals merge (as cfn-lint states it): maps merge with local winning, lists concatenate, scalars local wins. */
export function mergeGlobal(global: YNode | null | undefined, local: YNode | null | undefined): YNode | null | undefined {
  if (global == null) return local;
  if (local == null) return global;
  if (isMap(global) && isMap(local) && !intrinsicName(global) && !intrinsicName(local)) {
    const entries: YPair[] = [];
    for (const g of global.entries) {
      const l = getPair(local, String(g.key.value));
      if (!l) entries.push(g);
    }
    for (const l of local.entries) {
      const g = getPair(global, String(l.key.value));
      entries.push(g ? { ...l, value: (mergeGlobal(g.value, l.value) as YNode | null) ?? null } : l);
    }
    return { type: 'map', range: local.range, entries };
  }
  if (isSeq(global) && isSeq(local)) return { type: 'seq', range: local.range, items: [...global.items, ...local.items] };
  return local;
}

export class CfnBuilder {
  private readonly rolesById = new Map<string, RoleModel>();

  constructor(
    private readonly parts: ModelParts,
    private readonly value: ValueOf,
    private readonly globals: YNode | null | undefined,
  ) {}

  /** Adds every resource of a `Resources` map. `where` is its dotted path in the file. */
  addResources(resources: YNode | null | undefined, where: string): void {
    if (!isMap(resources)) return;
    const added: ResourceModel[] = [];
    for (const e of resources.entries) {
      if (!isMap(e.value)) continue;
      const typeNode = get(e.value, 'Type');
      const type = stringValue(typeNode) ?? '';
      const r: ResourceModel = { id: String(e.key.value), keyNode: e.key, type, typeNode, node: e.value, properties: get(e.value, 'Properties') ?? null, where };
      added.push(r);
      this.parts.resources.push(r);
    }
    // Roles first, so that functions and policies can attach to them.
    for (const r of added) if (r.type === 'AWS::IAM::Role') this.addRole(r);
    for (const r of added) {
      switch (r.type) {
        case 'AWS::IAM::Role':
          break;
        case 'AWS::IAM::Policy':
        case 'AWS::IAM::ManagedPolicy':
          this.addStandalonePolicy(r);
          break;
        case 'AWS::IAM::User':
        case 'AWS::IAM::Group':
          this.addInlinePolicies(r, []);
          this.addManagedPolicyArns(r, []);
          break;
        case 'AWS::Lambda::Function':
          this.addLambdaFunction(r);
          break;
        case 'AWS::Serverless::Function':
          this.addSamFunction(r);
          break;
        case 'AWS::Serverless::StateMachine':
          this.addSamPolicies(r, this.generatedRole(r, `${r.id}Role`));
          break;
        default: {
          const prop = RESOURCE_POLICY_PROPS[r.type];
          const doc = prop ? get(r.properties, prop) : undefined;
          if (doc && isMap(doc) && !intrinsicName(doc)) {
            const d = buildPolicyDocument(doc, 'resource', `${where}.${r.id}.Properties.${prop}`, [], this.value, r.type);
            d.resourceId = r.id;
            this.parts.documents.push(d);
          }
        }
      }
    }
    for (const r of added) if (r.type === 'AWS::Lambda::Url') this.addFunctionUrl(r);
  }

  role(id: string): RoleModel | undefined {
    return this.rolesById.get(id);
  }

  private addRole(r: ResourceModel): void {
    const role: RoleModel = {
      id: r.id,
      label: `role ${r.id}`,
      node: r.node,
      keyNode: r.keyNode,
      generated: false,
      documents: [],
      managedPolicies: [],
      samTemplates: [],
      functions: [],
    };
    this.rolesById.set(r.id, role);
    this.parts.roles.push(role);
    this.addInlinePolicies(r, [r.id]);
    this.addManagedPolicyArns(r, [r.id]);
    const trust = get(r.properties, 'AssumeRolePolicyDocument');
    if (trust && isMap(trust) && !intrinsicName(trust)) {
      role.trust = buildPolicyDocument(trust, 'trust', `${r.where}.${r.id}.Properties.AssumeRolePolicyDocument`, [r.id], this.value);
      this.parts.documents.push(role.trust);
    }
  }

  private addInlinePolicies(r: ResourceModel, roleIds: string[]): void {
    const policies = get(r.properties, 'Policies');
    asList(policies).forEach((p, i) => {
      const doc = get(p, 'PolicyDocument');
      if (!doc || !isMap(doc) || intrinsicName(doc)) return;
      const d = buildPolicyDocument(doc, 'identity', `${r.where}.${r.id}.Properties.Policies[${i}]`, roleIds, this.value);
      this.parts.documents.push(d);
      for (const id of roleIds) this.rolesById.get(id)?.documents.push(d);
    });
  }

  private addManagedPolicyArns(r: ResourceModel, roleIds: string[]): void {
    for (const n of asList(get(r.properties, 'ManagedPolicyArns'))) {
      this.addManagedRef(n, roleIds, `${r.where}.${r.id}.Properties.ManagedPolicyArns`);
    }
  }

  addManagedRef(n: YNode, roleIds: string[], where: string): ManagedPolicyRef {
    const v = this.value(n);
    const ref: ManagedPolicyRef = { node: n, roleIds, where };
    if (v?.kind === 'literal' && v.text) {
      ref.text = v.text;
      const { name, awsManaged } = managedPolicyName(v.text);
      ref.name = name;
      ref.awsManaged = awsManaged;
    } else if (intrinsicName(n) === 'Fn::Sub' || intrinsicName(n) === 'Fn::Join') {
      // `!Sub arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess`
      const s = subTemplate(n);
      if (s && s.includes(':policy/')) {
        ref.text = s;
        ref.name = s.slice(s.lastIndexOf('/') + 1);
        ref.awsManaged = s.includes(':iam::aws:policy/');
      }
    }
    this.parts.managedPolicies.push(ref);
    for (const id of roleIds) this.rolesById.get(id)?.managedPolicies.push(ref);
    return ref;
  }

  private addStandalonePolicy(r: ResourceModel): void {
    const roleIds: string[] = [];
    for (const n of asList(get(r.properties, 'Roles'))) {
      const id = referencedLogicalId(n);
      if (id && this.rolesById.has(id)) roleIds.push(id);
    }
    // A managed policy can also be attached from a role's ManagedPolicyArns: [!Ref ThisPolicy].
    if (r.type === 'AWS::IAM::ManagedPolicy') {
      for (const ref of this.parts.managedPolicies) {
        if (referencedLogicalId(ref.node) === r.id) for (const id of ref.roleIds) if (!roleIds.includes(id)) roleIds.push(id);
      }
    }
    const doc = get(r.properties, 'PolicyDocument');
    if (!doc || !isMap(doc) || intrinsicName(doc)) return;
    const d = buildPolicyDocument(doc, 'identity', `${r.where}.${r.id}.Properties.PolicyDocument`, roleIds, this.value);
    this.parts.documents.push(d);
    for (const id of roleIds) this.rolesById.get(id)?.documents.push(d);
  }

  private linkRole(fn: FunctionModel, roleNode: YNode | null | undefined): void {
    if (roleNode == null) return;
    const id = referencedLogicalId(roleNode);
    const role = id ? this.rolesById.get(id) : undefined;
    if (role) {
      fn.roleId = role.id;
      role.functions.push(fn.id);
      return;
    }
    const v = this.value(roleNode);
    const text = v?.text ?? id ?? 'unknown';
    const extId = `external:${text}`;
    let ext = this.parts.roles.find((r) => r.id === extId);
    if (!ext) {
      ext = { id: extId, label: `role ${text}`, node: roleNode, generated: false, external: true, documents: [], managedPolicies: [], samTemplates: [], functions: [] };
      this.parts.roles.push(ext);
    }
    fn.roleId = ext.id;
    ext.functions.push(fn.id);
  }

  private envEntries(env: YNode | null | undefined, inheritedFrom?: 'globals'): EnvEntry[] {
    const vars = get(env, 'Variables');
    const out: EnvEntry[] = [];
    if (isMap(vars) && !intrinsicName(vars)) for (const e of vars.entries) out.push({ name: String(e.key.value), keyNode: e.key, value: e.value, inheritedFrom });
    return out;
  }

  private addLambdaFunction(r: ResourceModel): void {
    const p = r.properties;
    const fn: FunctionModel = {
      id: r.id,
      keyNode: r.keyNode,
      node: r.node,
      handler: this.value(get(p, 'Handler')),
      runtime: stringValue(get(p, 'Runtime')),
      environment: this.envEntries(get(p, 'Environment')),
      events: [],
    };
    const zip = get(get(p, 'Code'), 'ZipFile');
    if (isScalar(zip) && typeof zip.value === 'string') fn.inlineCode = zip;
    this.parts.functions.push(fn);
    this.linkRole(fn, get(p, 'Role'));
  }

  private ignoresGlobal(r: ResourceModel, key: string): boolean {
    if (r.type !== 'AWS::Serverless::Function') return true;
    const ignore = get(r.properties, 'IgnoreGlobals') ?? get(r.node, 'IgnoreGlobals');
    return (isScalar(ignore) && (ignore.value === '*' || ignore.value === key)) || (isSeq(ignore) && ignore.items.some((i) => stringValue(i) === key));
  }

  /** A SAM function property with `Globals.Function` merged in. */
  private samProp(r: ResourceModel, key: string): YNode | null | undefined {
    const local = get(r.properties, key);
    if (this.ignoresGlobal(r, key)) return local;
    return mergeGlobal(get(get(this.globals, 'Function'), key), local);
  }

  private generatedRole(r: ResourceModel, label: string): RoleModel {
    const role: RoleModel = {
      id: `sam:${r.id}`,
      label: `the role SAM generates for ${r.id} (${label})`,
      node: r.node,
      keyNode: r.keyNode,
      generated: true,
      documents: [],
      managedPolicies: [],
      samTemplates: [],
      functions: [],
    };
    this.rolesById.set(role.id, role);
    this.parts.roles.push(role);
    const trust = this.samProp(r, 'AssumeRolePolicyDocument');
    if (trust && isMap(trust) && !intrinsicName(trust)) {
      role.trust = buildPolicyDocument(trust, 'trust', `Resources.${r.id}.Properties.AssumeRolePolicyDocument`, [role.id], this.value);
      this.parts.documents.push(role.trust);
    }
    return role;
  }

  private addSamPolicies(r: ResourceModel, role: RoleModel): void {
    const policies = this.samProp(r, 'Policies');
    const where = `Resources.${r.id}.Properties.Policies`;
    const items = isMap(policies) && getPair(policies, 'Statement') ? [policies] : asList(policies);
    items.forEach((item, i) => {
      if (isScalar(item) || intrinsicName(item)) {
        this.addManagedRef(item, [role.id], where);
        return;
      }
      if (!isMap(item)) return;
      if (getPair(item, 'Statement')) {
        const d = buildPolicyDocument(item, 'identity', `${where}[${i}]`, [role.id], this.value);
        this.parts.documents.push(d);
        role.documents.push(d);
        return;
      }
      for (const e of item.entries) {
        const t: SamTemplateRef = { name: String(e.key.value), nameNode: e.key, params: e.value, node: item, roleIds: [role.id] };
        this.parts.samTemplates.push(t);
        role.samTemplates.push(t);
      }
    });
  }

  private addSamFunction(r: ResourceModel): void {
    const fn: FunctionModel = {
      id: r.id,
      keyNode: r.keyNode,
      node: r.node,
      handler: this.value(this.samProp(r, 'Handler')),
      runtime: stringValue(this.samProp(r, 'Runtime')),
      codeUri: stringValue(this.samProp(r, 'CodeUri')),
      environment: [],
      events: [],
    };
    const localEnv = this.envEntries(get(r.properties, 'Environment'));
    const globalEnv = this.ignoresGlobal(r, 'Environment') ? [] : this.envEntries(get(get(this.globals, 'Function'), 'Environment'), 'globals');
    fn.environment = [...globalEnv.filter((g) => !localEnv.some((l) => l.name === g.name)), ...localEnv];
    const inline = get(r.properties, 'InlineCode');
    if (isScalar(inline) && typeof inline.value === 'string') fn.inlineCode = inline;
    const events = get(r.properties, 'Events');
    if (isMap(events)) {
      for (const e of events.entries) {
        const ev: EventModel = { type: stringValue(get(e.value, 'Type')) ?? '', node: e.value ?? e.key, keyNode: e.key, properties: get(e.value, 'Properties') ?? null };
        fn.events.push(ev);
      }
    }
    const url = this.samProp(r, 'FunctionUrlConfig');
    if (isMap(url)) {
      const auth = get(url, 'AuthType');
      const a = stringValue(auth);
      fn.url = { node: url, authNode: auth, authType: a === 'NONE' || a === 'AWS_IAM' ? a : 'unknown' };
    }
    this.parts.functions.push(fn);
    const roleNode = this.samProp(r, 'Role');
    if (roleNode != null) {
      this.linkRole(fn, roleNode);
    } else {
      const role = this.generatedRole(r, `${r.id}Role`);
      role.functions.push(fn.id);
      fn.roleId = role.id;
      this.addSamPolicies(r, role);
    }
  }

  private addFunctionUrl(r: ResourceModel): void {
    const target = referencedLogicalId(get(r.properties, 'TargetFunctionArn'));
    const fn = target ? this.parts.functions.find((f) => f.id === target) : undefined;
    const auth = get(r.properties, 'AuthType');
    const a = stringValue(auth);
    const cfg = { node: r.node as YMap as YNode, authNode: auth, authType: (a === 'NONE' || a === 'AWS_IAM' ? a : 'unknown') as 'NONE' | 'AWS_IAM' | 'unknown' };
    if (fn) fn.url = cfg;
  }
}

/** Does any intrinsic under `n` name resource `id` (`!Ref`, `!GetAtt`, `${id}` in a `!Sub`)? */
export function mentionsLogicalId(n: YNode | null | undefined, id: string): boolean {
  let hit = false;
  walk(n, (x) => {
    if (hit) return false;
    const fn = intrinsicName(x);
    if (!fn) return undefined;
    if (referencedLogicalId(x) === id) hit = true;
    const t = fn === 'Fn::Sub' ? subTemplate(x) : undefined;
    if (t && (t.includes(`\${${id}}`) || t.includes(`\${${id}.`))) hit = true;
    return undefined;
  });
  return hit;
}

/** The template string of a `Fn::Sub` (or the literal parts of a `Fn::Join`), for pattern checks only. */
export function subTemplate(n: YNode | null | undefined): string | undefined {
  const fn = intrinsicName(n);
  const arg = intrinsicArg(n);
  if (fn === 'Fn::Sub') return isSeq(arg) ? stringValue(arg.items[0]) : stringValue(arg);
  if (fn === 'Fn::Join' && isSeq(arg)) {
    const sep = stringValue(arg.items[0]) ?? '';
    const list = arg.items[1];
    if (!isSeq(list)) return undefined;
    return list.items.map((i) => stringValue(i) ?? '${}').join(sep);
  }
  return undefined;
}
