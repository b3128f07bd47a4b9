/**
 * What a Step Functions state machine's execution role needs: the actions of the service
 * integrations its Task states name (`arn:aws:states:::dynamodb:putItem`, `lambda:invoke`, a
 * function ARN, `.sync` runs with their documented extra actions, `aws-sdk:<service>:<action>`),
 * plus logging and X-Ray when configured. Knowledge is data (`INTEGRATIONS`, one AWS source per
 * entry, every action checked against the IAM catalogue by a test). A role's needs are known only
 * when every one of its users is: trusted by Step Functions alone, used by no function, named by no
 * other resource or Output than the state machines of this file, each with a definition read in
 * full whose every Task is in the table. Pure.
 */
import { lookupAction } from '../iam/catalog';
import { mentionsLogicalId, referencedLogicalId } from '../model/cfn';
import { stateMachines, taskStates, type ReadRelative } from '../model/links';
import type { ConfigModel, RoleModel } from '../model/types';
import { get, getPath, intrinsicName, isMap, stringValue, walk, type YNode } from '../yaml/ast';
import { literalText } from '../iam/policy-analysis';
import { kmsNeedsOfEncryption } from '../iam/policy-idioms';
import { iamServiceFor, operationFromCamel } from './services';
import { OPERATION_EXCEPTIONS } from './data/operation-actions';

const SFN_IAM = 'https://docs.aws.amazon.com/step-functions/latest/dg/service-integration-iam-templates.html';
/** The managed rule Step Functions uses to learn that a `.sync` job ended. */
const SYNC_EVENTS = ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'];

const LAMBDA_TYPES = ['AWS::Lambda::Function', 'AWS::Serverless::Function'];
const TABLE_TYPES = ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::Serverless::SimpleTable'];
const MACHINE_TYPES = ['AWS::StepFunctions::StateMachine', 'AWS::Serverless::StateMachine'];

/** One optimised integration (see INTEGRATIONS). */
export interface Integration {
  /** The Task `Resource` without `.waitForTaskToken` / `.sync`. */
  resource: string;
  /** What the role needs for the plain call. */
  actions: readonly string[];
  /** The extra actions of `.sync` (run a job and wait). */
  sync?: readonly string[];
  /** The integration also needs actions the definition alone does not name: no narrowing. */
  unknownNeeds?: string;
  /** The request parameter naming the one resource the call acts on, and that resource's types (fix/state-machine-scope.ts scopes `Resource: '*'` to it). */
  param?: string;
  types?: readonly string[];
  source: string;
}

/**
 * Optimised integrations: the Task `Resource` (without `.waitForTaskToken`), the actions the role
 * needs for it and, for `.sync` (run a job and wait), the extra actions. `unknownNeeds`: the
 * integration also needs actions the definition alone does not name (a role to pass, buckets of a
 * query's results): such a state machine gets no narrowing. `param`/`types`: the request
 * parameter naming the resource the call acts on, for scoping the role's `Resource`.
 */
export const INTEGRATIONS: readonly Integration[] = [
  { resource: 'arn:aws:states:::lambda:invoke', actions: ['lambda:InvokeFunction'], param: 'FunctionName', types: LAMBDA_TYPES, source: `${SFN_IAM} (AWS Lambda); https://docs.aws.amazon.com/step-functions/latest/dg/lambda-iam.html` },
  { resource: 'arn:aws:states:::dynamodb:getItem', actions: ['dynamodb:GetItem'], param: 'TableName', types: TABLE_TYPES, source: `${SFN_IAM} (Amazon DynamoDB); https://docs.aws.amazon.com/step-functions/latest/dg/dynamo-iam.html` },
  { resource: 'arn:aws:states:::dynamodb:putItem', actions: ['dynamodb:PutItem'], param: 'TableName', types: TABLE_TYPES, source: `${SFN_IAM} (Amazon DynamoDB); https://docs.aws.amazon.com/step-functions/latest/dg/dynamo-iam.html` },
  { resource: 'arn:aws:states:::dynamodb:updateItem', actions: ['dynamodb:UpdateItem'], param: 'TableName', types: TABLE_TYPES, source: `${SFN_IAM} (Amazon DynamoDB); https://docs.aws.amazon.com/step-functions/latest/dg/dynamo-iam.html` },
  { resource: 'arn:aws:states:::dynamodb:deleteItem', actions: ['dynamodb:DeleteItem'], param: 'TableName', types: TABLE_TYPES, source: `${SFN_IAM} (Amazon DynamoDB); https://docs.aws.amazon.com/step-functions/latest/dg/dynamo-iam.html` },
  { resource: 'arn:aws:states:::sns:publish', actions: ['sns:Publish'], param: 'TopicArn', types: ['AWS::SNS::Topic'], source: `${SFN_IAM} (Amazon SNS); https://docs.aws.amazon.com/step-functions/latest/dg/sns-iam.html` },
  { resource: 'arn:aws:states:::sqs:sendMessage', actions: ['sqs:SendMessage'], param: 'QueueUrl', types: ['AWS::SQS::Queue'], source: `${SFN_IAM} (Amazon SQS); https://docs.aws.amazon.com/step-functions/latest/dg/sqs-iam.html` },
  { resource: 'arn:aws:states:::events:putEvents', actions: ['events:PutEvents'], source: `${SFN_IAM} (Amazon EventBridge)` },
  {
    resource: 'arn:aws:states:::states:startExecution',
    param: 'StateMachineArn',
    types: MACHINE_TYPES,
    actions: ['states:StartExecution'],
    sync: ['states:DescribeExecution', 'states:StopExecution', ...SYNC_EVENTS],
    source: `${SFN_IAM} (AWS Step Functions: StartExecution; .sync and .sync:2 add DescribeExecution, StopExecution and the events rule)`,
  },
  {
    resource: 'arn:aws:states:::glue:startJobRun',
    actions: ['glue:StartJobRun'],
    sync: ['glue:GetJobRun', 'glue:GetJobRuns', 'glue:BatchStopJobRun'],
    source: `${SFN_IAM} (AWS Glue)`,
  },
  {
    resource: 'arn:aws:states:::codebuild:startBuild',
    actions: ['codebuild:StartBuild'],
    sync: ['codebuild:StopBuild', 'codebuild:BatchGetBuilds', ...SYNC_EVENTS],
    source: `${SFN_IAM} (AWS CodeBuild)`,
  },
  {
    resource: 'arn:aws:states:::batch:submitJob',
    actions: ['batch:SubmitJob'],
    sync: ['batch:DescribeJobs', 'batch:TerminateJob', ...SYNC_EVENTS],
    source: `${SFN_IAM} (AWS Batch)`,
  },
  {
    resource: 'arn:aws:states:::ecs:runTask',
    actions: ['ecs:RunTask'],
    sync: ['ecs:StopTask', 'ecs:DescribeTasks', ...SYNC_EVENTS],
    unknownNeeds: 'iam:PassRole for the task definition’s roles',
    source: `${SFN_IAM} (Amazon ECS/Fargate)`,
  },
  {
    resource: 'arn:aws:states:::athena:startQueryExecution',
    actions: ['athena:StartQueryExecution'],
    unknownNeeds: 'the Glue catalogue and S3 result locations of the query',
    source: `${SFN_IAM} (Amazon Athena)`,
  },
];

/** Logging to CloudWatch Logs (LoggingConfiguration): the log-delivery actions AWS documents, on '*'. */
export const LOGGING_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];
export const LOGGING_SOURCE = 'https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html (IAM policies for logging to CloudWatch Logs)';
/** X-Ray tracing (TracingConfiguration / SAM Tracing). */
export const TRACING_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'];
export const TRACING_SOURCE = 'https://docs.aws.amazon.com/step-functions/latest/dg/xray-iam.html';
/** `arn:aws:states:::aws-sdk:<service>:<apiAction>` calls that API with the execution role: the IAM action of the API (operation-actions.ts for the exceptions). */
export const SDK_INTEGRATION_SOURCE = 'https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html';

export interface RoleNeeds {
  /** Every action the role's users need (canonical names), when known. */
  actions?: Set<string>;
  /** Why they are not known. */
  reason?: string;
}

const STATES_PRINCIPALS = (t: string) => t === 'states.amazonaws.com' || (t.startsWith('states.') && t.endsWith('.amazonaws.com'));

/** The role's trust policy names Step Functions and nothing else. */
function trustedByStatesOnly(role: RoleModel): boolean {
  if (!role.trust) return role.id.startsWith('sam:'); // SAM writes the trust policy of the role it generates
  let any = false;
  for (const st of role.trust.statements) {
    if (st.effect !== 'Allow') continue;
    if (st.notPrincipal || !st.principal) return false;
    for (const e of st.principal.entries) {
      const t = literalText(e.value);
      if (e.type !== 'Service' || t === undefined || !STATES_PRINCIPALS(t)) return false;
      any = true;
    }
  }
  return any;
}

/** The actions one Task `Resource` needs; undefined when it is not in the table. */
function taskActions(model: ConfigModel, resource: YNode | null | undefined, subs: YNode | null | undefined): string[] | undefined {
  let text = stringValue(resource);
  // `${Name}` with DefinitionSubstitutions (SAM) or a !Sub variable map (CloudFormation)
  if (text !== undefined && text.startsWith('${') && text.endsWith('}') && isMap(subs)) {
    const v = get(subs, text.slice(2, -1));
    if (v != null) return taskActions(model, v, undefined);
  }
  if (text === undefined && resource != null && intrinsicName(resource)) {
    // !GetAtt Fn.Arn / !Ref Fn of a function of this file: a direct Lambda task
    const id = referencedLogicalId(resource);
    const r = id ? model.resources.find((x) => x.id === id) : undefined;
    return r && (r.type === 'AWS::Lambda::Function' || r.type === 'AWS::Serverless::Function') ? ['lambda:InvokeFunction'] : undefined;
  }
  if (text === undefined) return undefined;
  if (text.startsWith('${') && text.endsWith('}')) {
    // `${Fn.Arn}` in a !Sub definition
    const id = text.slice(2, -1).split('.')[0];
    const r = model.resources.find((x) => x.id === id);
    return r && (r.type === 'AWS::Lambda::Function' || r.type === 'AWS::Serverless::Function') ? ['lambda:InvokeFunction'] : undefined;
  }
  if (text.startsWith('arn:') && text.includes(':lambda:') && text.includes(':function:')) return ['lambda:InvokeFunction'];
  if (text.startsWith('arn:') && text.includes(':states:') && text.includes(':activity:')) return []; // workers poll with their own credentials
  const states = text.indexOf(':states:::');
  if (!text.startsWith('arn:') || states < 0) return undefined;
  let base = 'arn:aws:states:::' + text.slice(states + ':states:::'.length);
  const token = base.endsWith('.waitForTaskToken');
  if (token) base = base.slice(0, -'.waitForTaskToken'.length);
  const sync = base.endsWith('.sync') || base.endsWith('.sync:2');
  if (sync) base = base.slice(0, base.lastIndexOf('.sync'));
  if (base.startsWith('arn:aws:states:::aws-sdk:')) {
    if (sync) return undefined;
    const [svc, op] = base.slice('arn:aws:states:::aws-sdk:'.length).split(':');
    const iam = svc ? iamServiceFor(svc) ?? svc : undefined;
    if (!iam || !op) return undefined;
    const operation = operationFromCamel(op);
    const ex = OPERATION_EXCEPTIONS.find((e) => e.service === iam && e.operation === operation);
    const actions = ex ? [...ex.actions] : [`${iam}:${operation}`];
    return actions.every((a) => lookupAction(a)) ? actions.map((a) => lookupAction(a)!.fullName) : undefined;
  }
  const e = INTEGRATIONS.find((x) => x.resource === base);
  if (!e || e.unknownNeeds || (sync && !e.sync)) return undefined;
  return [...e.actions, ...(sync ? e.sync! : [])];
}

/** A Map state that reads or writes S3 itself (distributed mode): its needs are not in the table. */
function hasDistributedMap(def: YNode | null | undefined): boolean {
  let hit = false;
  walk(def, (x) => {
    if (isMap(x) && (get(x, 'ItemReader') != null || get(x, 'ResultWriter') != null || stringValue(getPath(x, 'ProcessorConfig.Mode')) === 'DISTRIBUTED')) hit = true;
    return undefined;
  });
  return hit;
}

/**
 * Every action the users of `role` need, when they are all state machines of this file whose
 * definitions are read in full (see the module comment); else the reason they are not known.
 */
export function stateMachineRoleNeeds(model: ConfigModel, role: RoleModel, read?: ReadRelative): RoleNeeds {
  if (role.external || role.functions.length) return { reason: 'not a state machine role' };
  if (!trustedByStatesOnly(role)) return { reason: 'assumable by another principal than Step Functions' };
  const machines = stateMachines(model, read);
  const users = machines.filter((m) => {
    if (role.id === `sam:${m.id}`) return true;
    const p = get(m.node, 'Properties');
    return referencedLogicalId(get(p, 'RoleArn')) === role.id || referencedLogicalId(get(p, 'Role')) === role.id;
  });
  if (!users.length) return { reason: 'no state machine of this file uses it' };
  // Nothing else may refer to the role (another resource, an Output): its users would be unknown.
  if (!role.id.startsWith('sam:')) {
    for (const r of model.resources) {
      if (r.id === role.id || users.some((m) => m.id === r.id) || r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy') continue;
      if (mentionsLogicalId(r.node, role.id)) return { reason: `resource ${r.id} refers to the role` };
    }
    if (mentionsLogicalId(get(model.root, 'Outputs'), role.id)) return { reason: 'an Output exports the role' };
  }
  const out = new Set<string>();
  for (const m of users) {
    if (!isMap(m.definition) || !isMap(get(m.definition, 'States'))) return { reason: `the definition of ${m.id} is not read` };
    if (hasDistributedMap(m.definition)) return { reason: `${m.id} has a distributed Map state` };
    const tasks: { name: string; node: YNode; first: boolean }[] = [];
    taskStates(m.definition, true, tasks);
    for (const t of tasks) {
      const acts = taskActions(model, get(t.node, 'Resource'), m.subs);
      if (!acts) return { reason: `task ${t.name} of ${m.id} uses an integration whose needs are not known` };
      for (const a of acts) out.add(a);
    }
    const p = get(m.node, 'Properties');
    if (get(p, 'Logging') != null || get(p, 'LoggingConfiguration') != null) for (const a of LOGGING_ACTIONS) out.add(a);
  }
  // A task publishing to a topic (sending to a queue, writing to a bucket or stream) of a type this
  // file encrypts with a KMS key needs the key too (iam/data/documented-idioms.ts KMS_ENCRYPTED_RESOURCES).
  for (const k of kmsNeedsOfEncryption(model, out)) out.add(k);
  for (const m of users) {
    const p = get(m.node, 'Properties');
    const enabled = get(get(p, 'Tracing') ?? get(p, 'TracingConfiguration'), 'Enabled');
    if (enabled != null && (enabled.type !== 'scalar' || (enabled.value !== false && enabled.value !== 'false'))) for (const a of TRACING_ACTIONS) out.add(a);
  }
  return { actions: out };
}

/** Task resources of the table for tests: every action in the catalogue. */
export function tableActions(): string[] {
  return [...INTEGRATIONS.flatMap((e) => [...e.actions, ...(e.sync ?? [])]), ...LOGGING_ACTIONS, ...TRACING_ACTIONS];
}

