/**
 * Policy idioms AWS documents, and Conditions that narrow a statement, as the IAM rules need them:
 * `iam:PassRole` limited by `iam:PassedToService` to services that cannot run code with the role,
 * the default KMS key-policy statement (account root, `kms:*`: how a key delegates to IAM), KMS key
 * policies granting AWS service principals, S3 access-point delegation bucket policies. Data tables
 * carry a source note per entry. Pure.
 */
import type { ConfigModel, PolicyStatement } from '../model/types';
import { get, intrinsicArg, intrinsicName, isMap, isScalar, isSeq, type YNode } from '../yaml/ast';
import { expandAction } from './catalog';
import { isWildcardArn } from './policy-analysis';
import { DOCUMENTED_ACTION_WILDCARDS, KMS_DEFAULT_KEY_POLICY, KMS_ENCRYPTED_RESOURCES, KMS_KEY_USE_PATTERNS } from './data/documented-idioms';
import { BOUNDARY_GATED_ACTIONS, RESOURCE_NARROWING_KEYS, type NarrowingKey } from './data/narrowing-conditions';

/**
 * Service principals that can run code of the caller's choosing with a role passed to them
 * (a function, an instance, a container, a job script, a stack): passing any role to one of them
 * is "act as any role". Passing to a service not listed here only lets that service do its own
 * documented job with the role (e.g. deliver logs, replicate a bucket, send SMS).
 */
export const PASS_ROLE_CODE_SERVICES: readonly { service: string; source: string }[] = [
  { service: 'lambda.amazonaws.com', source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html (a new function runs any code with the role)' },
  { service: 'edgelambda.amazonaws.com', source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-edge-permissions.html' },
  { service: 'ec2.amazonaws.com', source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html (instance profile: any code on the instance)' },
  { service: 'ecs-tasks.amazonaws.com', source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html' },
  { service: 'ecs.amazonaws.com', source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html' },
  { service: 'eks.amazonaws.com', source: 'https://docs.aws.amazon.com/eks/latest/userguide/service_IAM_role.html' },
  { service: 'batch.amazonaws.com', source: 'https://docs.aws.amazon.com/batch/latest/userguide/job_definition_parameters.html (jobRoleArn)' },
  { service: 'glue.amazonaws.com', source: 'https://docs.aws.amazon.com/glue/latest/dg/create-an-iam-role.html (job scripts, dev endpoints)' },
  { service: 'sagemaker.amazonaws.com', source: 'https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html (notebooks, training code)' },
  { service: 'cloudformation.amazonaws.com', source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html (creates any resource with the role)' },
  { service: 'codebuild.amazonaws.com', source: 'https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html (buildspec commands)' },
  { service: 'codepipeline.amazonaws.com', source: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/how-to-custom-role.html' },
  { service: 'datapipeline.amazonaws.com', source: 'https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-iam-roles.html' },
  { service: 'elasticmapreduce.amazonaws.com', source: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-role.html (steps run code)' },
  { service: 'states.amazonaws.com', source: 'https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html (a state machine calls any API with the role)' },
  { service: 'apprunner.amazonaws.com', source: 'https://docs.aws.amazon.com/apprunner/latest/dg/security_iam_service-with-iam.html' },
  { service: 'tasks.apprunner.amazonaws.com', source: 'https://docs.aws.amazon.com/apprunner/latest/dg/security_iam_service-with-iam.html' },
  { service: 'airflow.amazonaws.com', source: 'https://docs.aws.amazon.com/mwaa/latest/userguide/mwaa-create-role.html (DAG code)' },
  { service: 'airflow-env.amazonaws.com', source: 'https://docs.aws.amazon.com/mwaa/latest/userguide/mwaa-create-role.html' },
  { service: 'ssm.amazonaws.com', source: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-setup.html (Automation runs scripts with the role)' },
  { service: 'scheduler.amazonaws.com', source: 'https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html (universal targets call any API)' },
  { service: 'events.amazonaws.com', source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html (targets such as ECS RunTask and SSM Run Command)' },
  { service: 'pipes.amazonaws.com', source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-permissions.html' },
  { service: 'bedrock.amazonaws.com', source: 'https://docs.aws.amazon.com/bedrock/latest/userguide/agents-permissions.html (agents call action groups)' },
];

const CODE_SERVICES = new Set(PASS_ROLE_CODE_SERVICES.map((s) => s.service));

const PASSED_TO_SERVICE = 'iam:passedtoservice';
const POSITIVE_OPERATORS = /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringEqualsIgnoreCase|StringLike)(IfExists)?$/i;

/** Literal strings of a condition value (a scalar or a list of scalars); undefined when one is not literal. */
function literalStrings(n: YNode | null | undefined): string[] | undefined {
  if (isScalar(n)) return typeof n.value === 'string' ? [n.value] : undefined;
  if (n && n.type === 'seq') {
    const out: string[] = [];
    for (const i of n.items) {
      if (!isScalar(i) || typeof i.value !== 'string') return undefined;
      out.push(i.value);
    }
    return out;
  }
  return undefined;
}

/**
 * The services an `iam:PassedToService` condition lets the statement pass roles to, or undefined
 * when the statement has no such (readable, positive) condition.
 */
export function passedToServices(st: PolicyStatement): string[] | undefined {
  const c = st.condition;
  if (!isMap(c)) return undefined;
  let out: string[] | undefined;
  for (const op of c.entries) {
    const opName = typeof op.key.value === 'string' ? op.key.value : '';
    if (!isMap(op.value)) continue;
    for (const k of op.value.entries) {
      if (typeof k.key.value !== 'string' || k.key.value.toLowerCase() !== PASSED_TO_SERVICE) continue;
      if (!POSITIVE_OPERATORS.test(opName)) return undefined;
      const vals = literalStrings(k.value);
      if (!vals) return undefined;
      out = [...(out ?? []), ...vals];
    }
  }
  return out;
}

/** Could a pattern from a `StringLike` condition name a code-running service? */
function mayRunCode(service: string): boolean {
  const s = service.toLowerCase();
  if (!s.includes('*') && !s.includes('?')) return CODE_SERVICES.has(s);
  const re = new RegExp(`^${s.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return [...CODE_SERVICES].some((x) => re.test(x));
}

/**
 * `iam:PassRole` in this statement can only hand roles to services that cannot run code with them
 * (its `iam:PassedToService` condition names none of `PASS_ROLE_CODE_SERVICES`).
 */
export function passRoleOnlyToInertServices(st: PolicyStatement): boolean {
  const to = passedToServices(st);
  return !!to && to.length > 0 && !to.some(mayRunCode);
}

/**
 * The text a principal value stands for, with `${Name}` where CloudFormation fills in a value:
 * a literal, `!Ref X` → `${X}`, `!Sub` → its template, `!Join` → its parts joined (nested ones
 * too). Undefined for anything else (`!GetAtt`, `!If`, an import).
 */
function principalText(n: YNode | null | undefined): string | undefined {
  if (isScalar(n)) return typeof n.value === 'string' ? n.value : typeof n.value === 'number' && Number.isInteger(n.value) ? String(n.value) : undefined;
  const fn = intrinsicName(n);
  const arg = intrinsicArg(n);
  if (fn === 'Ref') return isScalar(arg) && typeof arg.value === 'string' ? `\${${arg.value}}` : undefined;
  if (fn === 'Fn::Sub') {
    const t = isSeq(arg) ? arg.items[0] : arg;
    return isScalar(t) && typeof t.value === 'string' ? t.value : undefined;
  }
  if (fn === 'Fn::Join' && isSeq(arg) && isSeq(arg.items[1])) {
    const sep = isScalar(arg.items[0]) && typeof arg.items[0].value === 'string' ? arg.items[0].value : '';
    const parts = arg.items[1].items.map(principalText);
    return parts.every((p) => p !== undefined) ? parts.join(sep) : undefined;
  }
  return undefined;
}

/** `${Name}`: a value CloudFormation fills in (a parameter, `AWS::AccountId`, `AWS::Partition`). */
const FILLED = String.raw`\$\{[A-Za-z0-9_:.]+\}`;
/** `arn:<partition>:iam::<account>:root` with a literal or filled-in partition and account. */
const ROOT_ARN = new RegExp(String.raw`^arn:(aws[a-z-]*|${FILLED}):iam::(\d{12}|${FILLED}):root$`);

/** A principal that names an account (its root ARN, its 12-digit id or `AWS::AccountId`). */
function isAccountPrincipal(text: string): boolean {
  return ROOT_ARN.test(text) || /^\d{12}$/.test(text) || text === '${AWS::AccountId}';
}

const isKeyPolicy = (st: PolicyStatement) => st.doc.kind === 'resource' && st.doc.resourceType === 'AWS::KMS::Key';

/**
 * The default key-policy statement: the account root (`arn:aws:iam::<account>:root`, with the
 * partition and account literal, `!Sub`-, `!Join`- or `!Ref`-built; an account id; a list of
 * them) allowed on the key. It does not open the key to everyone in the account: it lets IAM
 * policies grant access to it.
 * Source: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 */
export function isKmsRootDelegation(st: PolicyStatement): boolean {
  if (!isKeyPolicy(st) || !st.principal || st.principal.entries.length === 0 || st.condition) return false;
  return st.principal.entries.every((e) => {
    if (e.type !== 'AWS') return false;
    const text = principalText(e.value.node);
    return text !== undefined && isAccountPrincipal(text);
  });
}

/**
 * A key-policy statement that is one of the console's default statements (data/documented-idioms.ts):
 * the key administrators' `kms:Create*`, `kms:Describe*`… or the key users' `kms:ReEncrypt*`,
 * `kms:GenerateDataKey*`…, for named principals (not `*`). Every action it lists belongs to the
 * one default statement, and in a key policy it applies to this key only.
 */
export function isKmsDefaultKeyPolicyStatement(st: PolicyStatement): boolean {
  if (!isKeyPolicy(st) || st.effect !== 'Allow' || !st.principal || st.principal.entries.length === 0 || !st.actions) return false;
  if (!st.principal.entries.every((e) => e.type === 'AWS' && !(e.value.kind === 'literal' && e.value.text?.includes('*')))) return false;
  const actions: string[] = [];
  for (const a of st.actions.items) {
    if (a.kind !== 'literal' || a.text === undefined) return false;
    actions.push(a.text.toLowerCase());
  }
  return actions.length > 0 && KMS_DEFAULT_KEY_POLICY.some((d) => actions.every((a) => d.actions.includes(a)));
}

const DOCUMENTED = new Map(DOCUMENTED_ACTION_WILDCARDS.map((d) => [d.pattern.toLowerCase(), d]));

/**
 * An action pattern AWS documents as the grant for a task (data/documented-idioms.ts), whose
 * matches are still all reads today.
 */
export function isDocumentedActionWildcard(pattern: string): boolean {
  if (!DOCUMENTED.has(pattern.toLowerCase())) return false;
  const matches = expandAction(pattern);
  return matches.length > 0 && matches.every((a) => a.accessLevel === 'Read' || a.accessLevel === 'List');
}

/** Every action the console's key-user statement grants (its patterns expanded), lower case. */
let keyUseActions: Set<string> | undefined;
function keyUse(): Set<string> {
  if (!keyUseActions) {
    keyUseActions = new Set();
    const users = KMS_DEFAULT_KEY_POLICY.find((d) => d.actions.includes('kms:generatedatakey*'))!;
    for (const p of users.actions) for (const a of expandAction(p)) keyUseActions.add(a.fullName.toLowerCase());
  }
  return keyUseActions;
}

/**
 * `kms:GenerateDataKey*` or `kms:ReEncrypt*` (data/documented-idioms.ts KMS_KEY_USE_PATTERNS) in an
 * Allow statement every action of which is a key user's (Encrypt, Decrypt, the data-key and
 * re-encryption families, DescribeKey…): the key-use policy AWS documents (for publishing to an
 * encrypted topic: kms:GenerateDataKey* + kms:Decrypt). The pattern stands for one operation's
 * variants; what the statement may touch is its Resource. Returns the table entry, or undefined.
 */
export function kmsKeyUsePattern(st: PolicyStatement, pattern: string): (typeof KMS_KEY_USE_PATTERNS)[number] | undefined {
  const entry = KMS_KEY_USE_PATTERNS.find((p) => p.pattern.toLowerCase() === pattern.toLowerCase());
  if (!entry || st.effect !== 'Allow' || !st.actions || st.notActions) return undefined;
  const use = keyUse();
  for (const a of st.actions.items) {
    if (a.kind !== 'literal' || a.text === undefined) return undefined;
    const exp = expandAction(a.text);
    if (exp.length === 0 || !exp.every((x) => use.has(x.fullName.toLowerCase()))) return undefined;
  }
  return entry;
}

/**
 * A key-policy statement whose principals are all AWS service principals (CloudWatch Logs, SNS,
 * EventBridge… encrypting with the key), as the services' documentation writes them.
 * Source: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-services.html
 */
export function isKmsServicePrincipalGrant(st: PolicyStatement): boolean {
  if (!isKeyPolicy(st) || !st.principal || st.principal.entries.length === 0) return false;
  if (hasConditionKey(st, 'kms:viaservice')) return true;
  return st.principal.entries.every((e) => e.type === 'Service');
}

/**
 * The key-policy statement AWS writes for keys used through a service ("allow access through
 * <service> for all principals in the account that are authorized to use <service>"): the
 * `kms:ViaService` condition limits it to requests the service makes. Source:
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
 */
function hasConditionKey(st: PolicyStatement, key: string): boolean {
  const c = st.condition;
  if (!isMap(c)) return false;
  for (const op of c.entries) {
    if (!isMap(op.value)) continue;
    for (const k of op.value.entries) if (typeof k.key.value === 'string' && k.key.value.toLowerCase() === key) return true;
  }
  return false;
}

const ACCESS_POINT_KEYS = new Set(['s3:dataaccesspointaccount', 's3:dataaccesspointarn']);

/**
 * Access-point delegation: a bucket policy that allows `*` only through the account's access
 * points (`s3:DataAccessPointAccount` / `s3:DataAccessPointArn` condition); the access point
 * policies then decide. Source:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html#access-points-delegating-control
 */
export function isAccessPointDelegation(st: PolicyStatement): boolean {
  if (st.doc.kind !== 'resource' || st.doc.resourceType !== 'AWS::S3::BucketPolicy') return false;
  const c = st.condition;
  if (!isMap(c)) return false;
  for (const op of c.entries) {
    if (!isMap(op.value)) continue;
    for (const k of op.value.entries) if (typeof k.key.value === 'string' && ACCESS_POINT_KEYS.has(k.key.value.toLowerCase())) return true;
  }
  return false;
}

/** Operators whose test a request without the key fails (no `IfExists`, no negation). */
const STRICT_POSITIVE = /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/i;

export interface FoundCondition {
  /** The condition as written, for messages: `StringEquals iam:PermissionsBoundary = arn:…`. */
  readonly text: string;
  /** The table entry it matched. */
  readonly entry: NarrowingKey;
}

/** The values of a condition entry as text (`${X}` for what CloudFormation fills in); undefined when one is unreadable. */
function conditionValues(n: YNode | null | undefined): string[] | undefined {
  const items = isSeq(n) ? n.items : [n];
  const out: string[] = [];
  for (const i of items) {
    const t = principalText(i);
    if (t === undefined) return undefined;
    out.push(t);
  }
  return out.length ? out : undefined;
}

function keyEntry(key: string): NarrowingKey | undefined {
  const k = key.toLowerCase();
  return RESOURCE_NARROWING_KEYS.find((e) => (e.key.endsWith('/') ? k.startsWith(e.key) && k.length > e.key.length : k === e.key));
}

/**
 * A Condition of the statement that limits its `Resource: '*'` to some resources
 * (data/narrowing-conditions.ts RESOURCE_NARROWING_KEYS): a strict positive test of such a key
 * whose values are not all `*`. Undefined when there is none.
 */
export function resourceNarrowingCondition(st: PolicyStatement): FoundCondition | undefined {
  for (const { opName, key, value } of strictPositiveTests(st)) {
    const entry = keyEntry(key);
    if (!entry) continue;
    const values = conditionValues(value);
    // An unreadable value (`!GetAtt`, `!If`) still names something; '*' or `arn:…:function:*` names everything.
    if (values && values.every((v) => isWildcardArn(v.replace(/\$\{[^}]*\}/g, 'x')))) continue;
    return { text: `${opName} ${key}${values ? ` = ${values.join(', ')}` : ''}`, entry };
  }
  return undefined;
}

/** Each condition key of the statement under a strict positive operator (STRICT_POSITIVE), with its value. */
function* strictPositiveTests(st: PolicyStatement): Generator<{ opName: string; key: string; value: YNode | null }> {
  const c = st.condition;
  if (!isMap(c)) return;
  for (const op of c.entries) {
    const opName = typeof op.key.value === 'string' ? op.key.value : '';
    if (!STRICT_POSITIVE.test(opName) || !isMap(op.value)) continue;
    for (const k of op.value.entries) if (typeof k.key.value === 'string') yield { opName, key: k.key.value, value: k.value };
  }
}

/**
 * The statement's strict positive `aws:ResourceTag/<key>` test naming specific values (no wildcard),
 * as text for messages: the statement reaches only targets carrying that tag. Undefined when none.
 */
export function resourceTagCondition(st: PolicyStatement): string | undefined {
  for (const { opName, key, value } of strictPositiveTests(st)) {
    const k = key.toLowerCase();
    if (!k.startsWith('aws:resourcetag/') || k.length === 'aws:resourcetag/'.length) continue;
    const values = conditionValues(value);
    if (!values || values.some((v) => /[*?]/.test(v.replace(/\$\{[^}]*\}/g, '')))) continue;
    return `${opName} ${key} = ${values.join(', ')}`;
  }
  return undefined;
}

const BOUNDARY_GATED = new Set(BOUNDARY_GATED_ACTIONS.map((a) => a.action.toLowerCase()));

/** Does an `iam:PermissionsBoundary` condition on this action limit it to entities capped by that boundary? */
export function isBoundaryGated(action: string): boolean {
  return BOUNDARY_GATED.has(action.toLowerCase());
}

/**
 * The statement's `iam:PermissionsBoundary` condition naming specific boundaries (a strict positive
 * test; no wildcard in the policy name), as text for messages; undefined when there is none.
 */
export function permissionsBoundaryCondition(st: PolicyStatement): { text: string; values: string[]; nodes: YNode[] } | undefined {
  for (const { opName, key, value } of strictPositiveTests(st)) {
    if (key.toLowerCase() !== 'iam:permissionsboundary') continue;
    const values = conditionValues(value);
    if (!values || values.some((v) => /[*?]/.test(v.replace(/\$\{[^}]*\}/g, '')))) return undefined;
    const nodes = isSeq(value) ? value.items : value ? [value] : [];
    return { text: `${opName} ${key} = ${values.join(', ')}`, values, nodes };
  }
  return undefined;
}

/** `${AWS::AccountId}` or the root ARN of the template's own account (`arn:${AWS::Partition}:iam::${AWS::AccountId}:root`). */
const OWN_ACCOUNT_ROOT = /^arn:(aws[a-z-]*|\$\{AWS::Partition\}):iam::\$\{AWS::AccountId\}:root$/;

/**
 * A resource-policy statement (any resource type) whose principals are all the template's own
 * account (`${AWS::AccountId}` or its root ARN): it lets that account's IAM policies grant access
 * and opens nothing to anyone by itself ("enable IAM permissions", as KMS and Secrets Manager write
 * it). A literal account id is not taken for the own account. Source:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
 */
export function isOwnAccountDelegation(st: PolicyStatement): boolean {
  if (st.doc.kind !== 'resource' || st.effect !== 'Allow' || !st.principal || st.principal.entries.length === 0) return false;
  return st.principal.entries.every((e) => {
    if (e.type !== 'AWS') return false;
    const text = principalText(e.value.node);
    return text !== undefined && (text === '${AWS::AccountId}' || OWN_ACCOUNT_ROOT.test(text));
  });
}

/** The values at `path` under `n` (`*`: every item of a list). */
function valuesAt(n: YNode | null | undefined, path: readonly string[]): YNode[] {
  if (n == null) return [];
  if (path.length === 0) return [n];
  const [head, ...rest] = path;
  if (head === '*') return isSeq(n) ? n.items.flatMap((i) => valuesAt(i, rest)) : [];
  return valuesAt(get(n, head), rest);
}

/**
 * The KMS actions that the given service actions need because the template encrypts a resource
 * they may act on with a KMS key (data/documented-idioms.ts KMS_ENCRYPTED_RESOURCES): sns:Publish
 * with an encrypted topic in the template needs kms:GenerateDataKey and kms:Decrypt. Judged by
 * resource type, not by which resource a call names: it only ever keeps actions.
 */
export function kmsNeedsOfEncryption(model: ConfigModel, actions: Iterable<string>): Set<string> {
  const wanted = new Set([...actions].map((a) => a.toLowerCase()));
  const out = new Set<string>();
  for (const entry of KMS_ENCRYPTED_RESOURCES) {
    const needs = entry.needs.filter((n) => n.actions.some((a) => wanted.has(a.toLowerCase())));
    if (!needs.length) continue;
    const encrypted = model.resources.some((r) => r.type === entry.type && valuesAt(r.properties, entry.keyPath).some((v) => !(isScalar(v) && (v.value === null || v.value === ''))));
    if (encrypted) for (const n of needs) for (const k of n.kms) out.add(k);
  }
  return out;
}
