/**
 * Shared queries over the model, so rules stay short and never re-walk the YAML themselves.
 */
import { intrinsicName, isMap, type YNode } from '../yaml/ast';
import type { ConfigModel, FunctionModel, ManagedPolicyRef, PolicyDocument, PolicyKind, PolicyStatement, PrincipalSet, RoleModel, StrValue } from './types';

/** Every statement of the given policy kinds, in document order. */
export function statements(model: ConfigModel, kinds: readonly PolicyKind[] = ['identity']): PolicyStatement[] {
  const out: PolicyStatement[] = [];
  for (const d of model.documents) if (kinds.includes(d.kind)) out.push(...d.statements);
  return out;
}

export function allowStatements(model: ConfigModel, kinds: readonly PolicyKind[] = ['identity']): PolicyStatement[] {
  return statements(model, kinds).filter((s) => s.effect === 'Allow');
}

export function isStar(v: StrValue | undefined): boolean {
  return !!v && v.kind === 'literal' && v.text === '*';
}

export function hasStar(values: readonly StrValue[] | undefined): boolean {
  return !!values && values.some(isStar);
}

export function roleOf(model: ConfigModel, fn: FunctionModel): RoleModel | undefined {
  return fn.roleId ? roleById(model, fn.roleId) : undefined;
}

/** Positions in `model.roles` of each role id (built once per model: rules ask per statement). */
const rolePositions = new WeakMap<ConfigModel, Map<string, number[]>>();

function rolePositionsOf(model: ConfigModel): Map<string, number[]> {
  let index = rolePositions.get(model);
  if (!index) {
    index = new Map();
    model.roles.forEach((r, i) => {
      const list = index!.get(r.id);
      if (list) list.push(i);
      else index!.set(r.id, [i]);
    });
    rolePositions.set(model, index);
  }
  return index;
}

/**
 * The model's roles with one of these ids, in model order: `model.roles.filter((r) => roleIds.includes(r.id))`
 * without the walk over every role (rules ask per statement).
 */
export function rolesWithIds(model: ConfigModel, roleIds: readonly string[]): RoleModel[] {
  const index = rolePositionsOf(model);
  const at: number[] = [];
  for (const id of new Set(roleIds)) for (const i of index.get(id) ?? []) at.push(i);
  return at.sort((a, b) => a - b).map((i) => model.roles[i]);
}

/** The first role with this id: `model.roles.find((r) => r.id === id)` without the walk. */
export function roleById(model: ConfigModel, id: string): RoleModel | undefined {
  const at = rolePositionsOf(model).get(id);
  return at ? model.roles[at[0]] : undefined;
}

/** Names of the functions whose role carries this document ("used by functions a, b"). */
export function functionsUsing(model: ConfigModel, doc: PolicyDocument): string[] {
  const out: string[] = [];
  for (const r of rolesWithIds(model, doc.roleIds)) out.push(...r.functions);
  return [...new Set(out)];
}

/** "in provider.iam.role.statements (used by functions a, b)" */
export function whereText(model: ConfigModel, doc: PolicyDocument): string {
  const fns = functionsUsing(model, doc);
  const used = fns.length === 0 ? '' : fns.length <= 3 ? ` (used by ${fns.join(', ')})` : ` (used by ${fns.length} functions)`;
  return `${doc.where}${used}`;
}

/** The literal text of a value, for messages: `'*'`, `s3:*`; intrinsics as `(intrinsic)`. */
export function show(v: StrValue): string {
  if (v.kind === 'literal') return v.resolvedFrom ? `${v.text} (via ${String((v.node as { value?: unknown }).value)})` : String(v.text);
  return v.kind === 'variable' ? String(v.text) : '(computed value)';
}

// --- Principals and conditions (trust / resource policy rules) -----------------------------------

/** The first literal `'*'` principal that means "anyone": bare `Principal: '*'` or `{AWS: '*'}`. */
export function anyonePrincipal(set: PrincipalSet | undefined): StrValue | undefined {
  if (!set) return undefined;
  return set.entries.find((e) => (e.type === '*' || e.type === 'AWS') && isStar(e.value))?.value;
}

/**
 * Condition keys that do not narrow *who* can call: transport, time, spoofable headers, request
 * shape. A Condition made only of these (or of `...IfExists` operators, which pass when the key is
 * absent) leaves a `'*'` principal open to everyone.
 */
const NON_CALLER_CONDITION_KEYS = new Set([
  'aws:securetransport',
  'aws:currenttime',
  'aws:epochtime',
  'aws:multifactorauthpresent',
  'aws:multifactorauthage',
  'aws:requestedregion',
  'aws:useragent',
  'aws:referer',
  'aws:viaawsservice',
  'aws:calledvia',
  'aws:calledviafirst',
  'aws:calledvialast',
  'aws:tokenissuetime',
  's3:x-amz-server-side-encryption',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  's3:x-amz-acl',
  's3:signatureversion',
  's3:tlsversion',
  's3:authtype',
]);

/**
 * True when a statement's Condition narrows who can use it (aws:SourceArn, aws:SourceAccount,
 * aws:PrincipalOrgID, aws:SourceVpce, aws:SourceIp, sts:ExternalId...). Unknown keys and computed
 * conditions count as narrowing (never guess a finding); only transport/time/spoofable keys do not.
 */
export function conditionRestrictsCaller(condition: YNode | null | undefined): boolean {
  if (condition == null) return false;
  if (!isMap(condition) || intrinsicName(condition)) return true;
  for (const op of condition.entries) {
    const opName = String(op.key.value);
    if (opName.endsWith('IfExists')) continue;
    if (!isMap(op.value) || intrinsicName(op.value)) return true;
    for (const k of op.value.entries) if (!NON_CALLER_CONDITION_KEYS.has(String(k.key.value).toLowerCase())) return true;
  }
  return false;
}

/** Function ids running with any of these roles, in model order. */
export function functionsOfRoles(model: ConfigModel, roleIds: readonly string[]): string[] {
  const out = new Set<string>();
  for (const r of rolesWithIds(model, roleIds)) for (const f of r.functions) out.add(f);
  return [...out];
}

/** `a`, `a and b`, `a, b and c`, `a, b, c and 4 more`. */
export function nameList(names: readonly string[], max = 4): string {
  if (names.length <= 1) return names.join('');
  if (names.length > max) return `${names.slice(0, max - 1).join(', ')} and ${names.length - (max - 1)} more`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Reports each source range once (SAM Globals can put one node into several functions' models). */
export function oncePerRange(): (range: { start: number; end: number }) => boolean {
  const seen = new Set<string>();
  return (range) => {
    const k = `${range.start}:${range.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  };
}

const RESOURCE_POLICY_LABELS: Record<string, string> = {
  'AWS::SQS::QueuePolicy': 'SQS queue policy',
  'AWS::SNS::TopicPolicy': 'SNS topic policy',
  'AWS::S3::BucketPolicy': 'S3 bucket policy',
  'AWS::KMS::Key': 'KMS key policy',
  'AWS::ApiGateway::RestApi': 'API Gateway resource policy',
  'AWS::SecretsManager::ResourcePolicy': 'Secrets Manager secret policy',
  'AWS::ECR::Repository': 'ECR repository policy',
  'AWS::Events::EventBusPolicy': 'EventBridge event bus policy',
  'AWS::OpenSearchService::Domain': 'OpenSearch domain access policy',
  'AWS::Elasticsearch::Domain': 'Elasticsearch domain access policy',
};

/** "this SQS queue policy", "the trust policy of role R", "the role of functions a and b". */
export function docSubject(model: ConfigModel, doc: PolicyDocument): string {
  if (doc.kind === 'resource') return `this ${RESOURCE_POLICY_LABELS[doc.resourceType ?? ''] ?? 'resource policy'}`;
  if (doc.kind === 'boundary') return 'this permissions boundary';
  const fns = functionsOfRoles(model, doc.roleIds);
  if (doc.kind === 'trust') return `the trust policy of ${roleText(model, doc.roleIds)}`;
  if (fns.length) return `the role of ${fnWord(fns)}`;
  return doc.roleIds.length ? roleText(model, doc.roleIds) : 'this policy';
}

/** "role AppRole (used by functions a and b)" for the first of these roles. */
export function roleText(model: ConfigModel, roleIds: readonly string[]): string {
  const role = model.roles.find((r) => roleIds.includes(r.id));
  const fns = functionsOfRoles(model, roleIds);
  const named = !!role && fns.length === 1 && role.label.includes(fns[0]);
  // The model's label for the serverless shared role is a sentence; messages want a name.
  const label = !role ? 'this role' : role.id === 'sls:shared' ? 'the shared role IamRoleLambdaExecution' : role.label;
  return `${label}${fns.length && !named ? ` (used by ${fnWord(fns)})` : ''}`;
}

/** "function a" / "functions a and b". */
export function fnWord(fns: readonly string[]): string {
  return `${fns.length === 1 ? 'function' : 'functions'} ${nameList(fns)}`;
}

/**
 * Name of a managed policy reference, also when the ARN's partition is a variable the model keeps
 * unresolved (`arn:${aws:partition}:iam::aws:policy/AdministratorAccess`): the name is still literal.
 */
export function managedPolicyOf(model: ConfigModel, ref: ManagedPolicyRef): { name: string; awsManaged: boolean } | undefined {
  if (ref.name) return { name: ref.name, awsManaged: !!ref.awsManaged };
  const v = model.value(ref.node);
  const text = v?.kind === 'variable' ? v.text : undefined;
  if (!text) return undefined;
  const i = text.indexOf(':iam::aws:policy/');
  const name = i >= 0 ? text.slice(text.lastIndexOf('/') + 1) : '';
  if (!name || name.includes('${') || name.includes('}')) return undefined;
  return { name, awsManaged: true };
}
