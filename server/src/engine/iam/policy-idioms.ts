/**
 * Policy idioms AWS documents, and Conditions that narrow a statement, as the IAM rules need them:
 * `iam:PassRole` limited by `iam:PassedToService` to services that cannot run code with the role,
 * the default KMS key-policy statement (account root, `kms:*`: how a key delegates to IAM), KMS key
 * policies granting AWS service principals, S3 access-point delegation bucket policies. Data tables
 * carry a source note per entry. Pure.
 */
import type { PolicyStatement } from '../model/types';
import { isMap, isScalar, walk, type YNode } from '../yaml/ast';

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

/** Any string scalar in the node (literal principals, `!Sub`, `!Join` parts). */
function scalarTexts(n: YNode | null | undefined): string[] {
  const out: string[] = [];
  walk(n, (x) => {
    if (isScalar(x) && typeof x.value === 'string') out.push(x.value);
    return undefined;
  });
  return out;
}

const isKeyPolicy = (st: PolicyStatement) => st.doc.kind === 'resource' && st.doc.resourceType === 'AWS::KMS::Key';

/**
 * The default key-policy statement: the account root (`arn:aws:iam::<account>:root`, an account
 * id, `!Sub …:root`) allowed on the key. It does not open the key to everyone in the account: it
 * lets IAM policies grant access to it.
 * Source: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 */
export function isKmsRootDelegation(st: PolicyStatement): boolean {
  if (!isKeyPolicy(st) || !st.principal || st.principal.entries.length === 0 || st.condition) return false;
  return st.principal.entries.every((e) => {
    if (e.type !== 'AWS') return false;
    const texts = scalarTexts(e.value.node);
    const joined = texts.join('');
    return /^\d{12}$/.test(joined) || joined.endsWith(':root') || texts.some((t) => t.endsWith(':root')) || texts.includes('AWS::AccountId');
  });
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
