/**
 * From a resource name the code uses (a literal, or an environment variable) to the config: the
 * function's environment value, the template resource it names (`!Ref OrdersTable`,
 * `!GetAtt Queue.QueueName`, a literal equal to the resource's name property), and the ARN
 * expression a statement should use to scope a grant to it (`!GetAtt OrdersTable.Arn`,
 * `!Sub '${Bucket.Arn}/*'` for object actions).
 */
import { lookupAction } from '../iam/catalog';
import { primaryResourceType } from '../iam/policy-analysis';
import { referencedLogicalId } from '../model/cfn';
import type { ConfigModel, FunctionModel, ResourceModel } from '../model/types';
import { get, intrinsicName, isMap, isScalar, isSeq, stringValue, type YNode } from '../yaml/ast';
import { resolveName, type NameService } from '../model/resource-names';
import { verbatim, type Verbatim } from '../fix/yaml-edit';
import type { ResourceRef, SdkCall } from './sdk-types';
import { arnFits } from './missing-fix';

/** CloudFormation types per IAM service, with the property that names the resource. */
const TYPES: Record<string, { types: string[]; nameProp?: string }> = {
  dynamodb: { types: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::Serverless::SimpleTable'], nameProp: 'TableName' },
  s3: { types: ['AWS::S3::Bucket'], nameProp: 'BucketName' },
  sqs: { types: ['AWS::SQS::Queue'], nameProp: 'QueueName' },
  sns: { types: ['AWS::SNS::Topic'], nameProp: 'TopicName' },
  kinesis: { types: ['AWS::Kinesis::Stream'], nameProp: 'Name' },
  firehose: { types: ['AWS::KinesisFirehose::DeliveryStream'], nameProp: 'DeliveryStreamName' },
  states: { types: ['AWS::StepFunctions::StateMachine', 'AWS::Serverless::StateMachine'], nameProp: 'StateMachineName' },
  lambda: { types: ['AWS::Lambda::Function', 'AWS::Serverless::Function'], nameProp: 'FunctionName' },
  secretsmanager: { types: ['AWS::SecretsManager::Secret'], nameProp: 'Name' },
  kms: { types: ['AWS::KMS::Key'] },
  events: { types: ['AWS::Events::EventBus'], nameProp: 'Name' },
  sts: { types: ['AWS::IAM::Role'], nameProp: 'RoleName' },
  'cognito-idp': { types: ['AWS::Cognito::UserPool'] },
  rekognition: { types: ['AWS::Rekognition::Collection'] },
  iam: { types: ['AWS::IAM::Role'], nameProp: 'RoleName' },
};

/** How an ARN of a resource of this type is written: `GetAtt X.Arn` or `Ref X`. */
const ARN_BY: Record<string, 'Arn' | 'Ref'> = {
  'AWS::DynamoDB::Table': 'Arn',
  'AWS::DynamoDB::GlobalTable': 'Arn',
  'AWS::Serverless::SimpleTable': 'Arn',
  'AWS::S3::Bucket': 'Arn',
  'AWS::SQS::Queue': 'Arn',
  'AWS::SNS::Topic': 'Ref',
  'AWS::Kinesis::Stream': 'Arn',
  'AWS::KinesisFirehose::DeliveryStream': 'Arn',
  'AWS::StepFunctions::StateMachine': 'Ref',
  'AWS::Serverless::StateMachine': 'Ref',
  'AWS::Lambda::Function': 'Arn',
  'AWS::Serverless::Function': 'Arn',
  'AWS::SecretsManager::Secret': 'Ref',
  'AWS::KMS::Key': 'Arn',
  'AWS::Events::EventBus': 'Arn',
  'AWS::Cognito::UserPool': 'Arn',
  'AWS::Rekognition::Collection': 'Arn',
  'AWS::IAM::Role': 'Arn',
};

export interface ResolvedResource {
  /** How to name it in a message: `table OrdersTable`, `bucket my-bucket`, `TABLE_NAME (${self:custom.table})`. */
  label: string;
  /** The template resource, when the name leads to one. */
  resource?: ResourceModel;
  /** The literal name, when known. */
  name?: string;
  /** The literal the name comes from (a name, a queue URL, an ARN), when known. */
  literal?: string;
  /** The template parameter (`!Ref CollectionId` of a `Type: String` parameter) whose value is the name or ARN, when that is what names it. */
  parameter?: string;
  /**
   * An ARN the environment variable builds with `!Sub` (`arn:aws:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${AWS::StackName}-Flow`),
   * its variable map's literal values written in: a `!Sub` template of the stack's own values.
   */
  subArn?: string;
}

const NOUN: Record<string, string> = {
  dynamodb: 'table',
  s3: 'bucket',
  sqs: 'queue',
  sns: 'topic',
  kinesis: 'stream',
  firehose: 'delivery stream',
  states: 'state machine',
  lambda: 'function',
  secretsmanager: 'secret',
  kms: 'key',
  events: 'event bus',
  ssm: 'parameter',
  sts: 'role',
};

/** The noun for a service's resource (`table`, `bucket`), or `resource`. */
export function resourceNoun(service: string): string {
  return NOUN[service] ?? 'resource';
}

/** The template resource of a service whose name property equals `name`. */
function byName(model: ConfigModel, service: string, name: string): ResourceModel | undefined {
  const t = TYPES[service];
  if (!t) return undefined;
  const hits = model.resources.filter((r) => {
    if (!t.types.includes(r.type)) return false;
    if (r.id === name) return false;
    const np = t.nameProp ? model.value(get(r.properties, t.nameProp)) : undefined;
    return np?.kind === 'literal' && np.text === name;
  });
  return hits.length === 1 ? hits[0] : undefined;
}

function ofService(model: ConfigModel, service: string, id: string | undefined): ResourceModel | undefined {
  if (!id) return undefined;
  const t = TYPES[service];
  const r = model.resources.find((x) => x.id === id);
  return r && t && t.types.includes(r.type) ? r : undefined;
}

/** Resolves a call's resource name through the function's environment to the template. */
export function resolveResource(model: ConfigModel, fn: FunctionModel, call: SdkCall): ResolvedResource | undefined {
  const ref: ResourceRef | undefined = call.resource;
  if (!ref) return undefined;
  const noun = resourceNoun(call.service);
  if (ref.kind === 'literal') {
    const name = literalName(call.service, ref.text);
    const r = name ? byName(model, call.service, name) : undefined;
    return { label: `${noun} ${ref.text}`, resource: r, name, literal: ref.text };
  }
  const env = fn.environment.find((e) => e.name === ref.name);
  if (!env) return { label: `${noun} from environment variable ${ref.name} (not set in the config)` };
  const v = model.value(env.value);
  if (v?.kind === 'literal' && v.text !== undefined) {
    const name = literalName(call.service, v.text);
    const r = (name ? byName(model, call.service, name) : undefined) ?? byTemplate(model, call.service, env.value);
    return { label: `${noun} ${v.text} (${ref.name})`, resource: r, name, literal: v.text };
  }
  const id = intrinsicName(env.value) ? referencedLogicalId(env.value) : undefined;
  const r = ofService(model, call.service, id) ?? byTemplate(model, call.service, env.value);
  if (r) return { label: `${noun} ${r.id} (${ref.name})`, resource: r };
  if (id && intrinsicName(env.value) === 'Ref' && stringParameter(model, id)) return { label: `${noun} from parameter ${id} (${ref.name})`, parameter: id };
  const subArn = subArnOf(env.value);
  return { label: `${noun} from ${ref.name}`, ...(subArn ? { subArn } : {}) };
}

/**
 * The template of a `!Sub` that builds an ARN (`arn:` first), with the literal values of its
 * variable map written in (`!Sub [template, {Name: Flow}]`); undefined when a map value is not a
 * literal, or the template is not an ARN.
 */
function subArnOf(n: YNode | null | undefined): string | undefined {
  if (intrinsicName(n) !== 'Fn::Sub') return undefined;
  const arg = get(n, 'Fn::Sub');
  let t: string | undefined;
  if (isSeq(arg)) {
    t = stringValue(arg.items[0]);
    const vars = arg.items[1];
    if (t === undefined || (vars != null && !isMap(vars))) return undefined;
    for (const p of isMap(vars) ? vars.entries : []) {
      const v = p.value && isScalar(p.value) && (typeof p.value.value === 'string' || typeof p.value.value === 'number') ? String(p.value.value) : undefined;
      if (v === undefined) return undefined;
      t = t.split(`\${${String(p.key.value)}}`).join(v);
    }
  } else t = stringValue(arg);
  return t !== undefined && t.startsWith('arn:') ? t : undefined;
}

/** A `Type: String` parameter of a CloudFormation / SAM template (one value, written into a `!Sub` as `${Id}`). */
function stringParameter(model: ConfigModel, id: string): boolean {
  if (model.kind === 'serverless' || !/^[A-Za-z0-9]+$/.test(id)) return false;
  const p = get(get(model.root, 'Parameters'), id);
  return p != null && stringValue(get(p, 'Type')) === 'String';
}

/**
 * The template resource a value names through its name template (model/resource-names.ts):
 * `${self:custom.streamName}` equal to a stream's `Name`, `!Sub '${AWS::StackName}-orders'` equal
 * to a table's `TableName`, `!GetAtt Queue.QueueName`. Not for names of another stack.
 */
function byTemplate(model: ConfigModel, service: string, n: YNode | null | undefined): ResourceModel | undefined {
  if (!(service in TYPES) || !NAME_SERVICES.has(service)) return undefined;
  const t = resolveName(model, n, service as NameService);
  if (!t?.resourceId || t.outside) return undefined;
  return ofService(model, service, t.resourceId);
}

const NAME_SERVICES = new Set<string>(['dynamodb', 's3', 'sqs', 'sns', 'kinesis', 'states', 'events', 'lambda']);

/** The resource name in a literal: a queue URL's last segment, an ARN's resource id, else the text. */
function literalName(service: string, text: string): string | undefined {
  if (text.includes('${')) return undefined;
  if (service === 'sqs' && text.startsWith('https://')) return text.slice(text.lastIndexOf('/') + 1) || undefined;
  if (text.startsWith('arn:')) {
    const parts = text.split(':');
    const res = parts.slice(5).join(':');
    const slash = res.indexOf('/');
    return slash >= 0 ? res.slice(slash + 1) : res;
  }
  return text;
}

/** ARN expressions for a grant of `action` on template resource `r` (a table's indexes too when the call uses one). */
export function arnExpressions(r: ResourceModel, action: string, usesIndex: boolean, json: boolean): Verbatim[] | undefined {
  const by = ARN_BY[r.type];
  if (!by) return undefined;
  const getAtt = verbatim(`!GetAtt ${r.id}.Arn`, { 'Fn::GetAtt': [r.id, 'Arn'] });
  const ref = verbatim(`!Ref ${r.id}`, { Ref: r.id });
  const sub = (suffix: string) => verbatim(`!Sub '\${${r.id}.Arn}${suffix}'`, { 'Fn::Sub': `\${${r.id}.Arn}${suffix}` });
  void json;
  if (r.type === 'AWS::S3::Bucket') {
    const a = lookupAction(action);
    const rt = a ? primaryResourceType(a)?.name : undefined;
    if (rt === 'object' || rt === 'accesspointobject') return [sub('/*')];
    return [getAtt];
  }
  if (r.type.startsWith('AWS::DynamoDB::') || r.type === 'AWS::Serverless::SimpleTable') return usesIndex ? [getAtt, sub('/index/*')] : [getAtt];
  return [by === 'Arn' ? getAtt : ref];
}

// ---------------------------------------------------------------------------------------------
// ARNs of resources the code names literally (not defined in the template)

/**
 * Services whose SDK calls name their resource by a name (or URL, or ARN) that fills the ARN
 * format of the action's resource type in the IAM catalogue. `name` turns the name the code passes
 * into the placeholder's value. Data: one entry per service, with its source.
 */
export const NAME_ARN_TABLE: readonly { service: string; name?: (n: string) => string | undefined; source: string }[] = [
  { service: 'dynamodb', source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html (table/${TableName}; index/* for IndexName queries)' },
  { service: 's3', source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html (bucket; bucket/* for object actions)' },
  { service: 'sqs', source: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-permissions-reference.html (the queue URL ends with the queue name)' },
  { service: 'sns', source: 'https://docs.aws.amazon.com/sns/latest/dg/sns-using-identity-based-policies.html' },
  { service: 'kinesis', source: 'https://docs.aws.amazon.com/streams/latest/dev/controlling-access.html' },
  { service: 'firehose', source: 'https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html' },
  { service: 'states', source: 'https://docs.aws.amazon.com/step-functions/latest/dg/concept-create-iam-advanced.html' },
  { service: 'lambda', source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html' },
  { service: 'events', source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html (event-bus/${EventBusName})' },
  { service: 'rekognition', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrekognition.html (collection/${CollectionId}: the CollectionId the request names)' },
  { service: 'iot', source: 'https://docs.aws.amazon.com/iot/latest/developerguide/iot-action-resources.html (topic/${TopicName}: the MQTT topic a Publish names)' },
  { service: 'cognito-idp', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncognitouserpools.html (userpool/${UserPoolId}: the UserPoolId the request names)' },
  { service: 'iam', source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html (a passed role is named by its ARN)' },
  {
    service: 'ssm',
    name: (n) => (n.startsWith('/') ? n.slice(1) : n),
    source: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html (parameter/<name without its leading slash>)',
  },
  {
    service: 'secretsmanager',
    name: (n) => `${n}-??????`,
    source: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html (a secret ARN ends with - and six random characters)',
  },
];

const ARN_PLACEHOLDERS = new Set(['Partition', 'Region', 'Account']);
/** A trailing placeholder that names a part inside the resource (an S3 object key): any. */
const INNER_PLACEHOLDERS = new Set(['ObjectName']);

/**
 * ARN expressions for a grant of `action` on the resource a call names by a literal (a resource
 * outside the template): the literal itself when it is an ARN of the action's service without
 * wildcards, else the catalogue's ARN format filled with the name — the stack's account and any
 * region (a name is resolved in the client's region, which the code may set). Undefined for other
 * services, ambiguous formats or names that cannot be written into a `!Sub`.
 */
export function arnsForLiteral(resolved: ResolvedResource, action: string, usesIndex: boolean): Verbatim[] | undefined {
  const a = lookupAction(action);
  if (!a || !a.resourceLevel) return undefined;
  const entry = NAME_ARN_TABLE.find((e) => e.service === a.service);
  const lit = resolved.literal;
  if (!entry || lit === undefined || resolved.resource) return undefined;
  const bad = (t: string) => t === '' || t.includes('${') || t.includes("'") || t.includes('"') || t.includes('*') || t.includes('\\') || /\s/.test(t);
  if (bad(lit)) return undefined;
  const sub = (t: string) => verbatim(`!Sub '${t}'`, { 'Fn::Sub': t });
  const plain = (t: string) => verbatim(t, t);
  const rt = primaryResourceType(a);
  if (!rt) return undefined;
  if (lit.startsWith('arn:')) {
    const parts = lit.split(':');
    if (parts.length < 6 || parts[2] !== a.service) return undefined;
    // The ARN names this resource type (it fits the format): use it as written.
    if (a.service === 's3' || !arnFits(rt.arnFormat, lit)) return undefined; // S3 ARNs name buckets and objects alike
    const out = [plain(lit)];
    if (usesIndex && a.service === 'dynamodb') out.push(plain(`${lit}/index/*`));
    return out;
  }
  let name = resolved.name ?? lit;
  if (a.service === 'sqs' && lit.startsWith('https://')) {
    // https://sqs.<region>.amazonaws.com/<account>/<name>: exact.
    const rest = lit.slice('https://'.length).split('/');
    const host = rest[0].split('.');
    if (rest.length !== 3 || host[0] !== 'sqs' || !/^\d{12}$/.test(rest[1]) || !rest[2]) return undefined;
    return [sub(`arn:\${AWS::Partition}:sqs:${host[1]}:${rest[1]}:${rest[2]}`)];
  }
  if (entry.name) {
    const n = entry.name(name);
    if (n === undefined) return undefined;
    name = n;
  }
  if (bad(name.replace(/\?/g, ''))) return undefined;
  const out = fillArnFormat(rt.arnFormat, name);
  if (out === undefined) return undefined;
  const arns = [sub(out)];
  if (usesIndex && a.service === 'dynamodb') arns.push(sub(`${out}/index/*`));
  return arns;
}

/**
 * A `!Sub` ARN the code's environment variable holds (`ResolvedResource.subArn`), as the resource
 * of an action: written as is when it is of the action's service and fits the ARN format of the
 * action's resource type (its `${…}` variables taken as one segment each). Not S3 (its ARNs name
 * buckets and objects alike), nor ARNs with a wildcard.
 */
export function arnsForSubArn(resolved: ResolvedResource, action: string): Verbatim[] | undefined {
  const t = resolved.subArn;
  const a = lookupAction(action);
  if (!t || !a || !a.resourceLevel || a.service === 's3' || resolved.resource) return undefined;
  if (t.includes('*') || t.includes("'") || t.includes('\\') || /\s/.test(t)) return undefined;
  const parts = t.split(':');
  if (parts.length < 6 || parts[2] !== a.service) return undefined;
  const rt = primaryResourceType(a);
  if (!rt) return undefined;
  let flat = '';
  for (let i = 0; i < t.length; ) {
    const open = t.indexOf('${', i);
    if (open < 0) { flat += t.slice(i); break; }
    const close = t.indexOf('}', open);
    if (close < 0) return undefined;
    flat += t.slice(i, open) + 'x';
    i = close + 1;
  }
  if (!arnFits(rt.arnFormat, flat)) return undefined;
  return [verbatim(`!Sub '${t}'`, { 'Fn::Sub': t })];
}

/**
 * The catalogue's ARN format with its one name placeholder filled: the stack's partition and
 * account, any region (a name is resolved in the client's region, which the code may set), a
 * trailing object key as `*`. Undefined for formats with more than one name part.
 */
function fillArnFormat(f: string, name: string): string | undefined {
  let out = '';
  let names = 0;
  let i = 0;
  while (i < f.length) {
    const open = f.indexOf('${', i);
    if (open < 0) {
      out += f.slice(i);
      break;
    }
    out += f.slice(i, open);
    const close = f.indexOf('}', open);
    if (close < 0) return undefined;
    const ph = f.slice(open + 2, close);
    if (ph === 'Partition') out += '${AWS::Partition}';
    else if (ph === 'Region') out += '*';
    else if (ph === 'Account') out += '${AWS::AccountId}';
    else if (INNER_PLACEHOLDERS.has(ph) && close === f.length - 1 && names === 1) out += '*';
    else if (ARN_PLACEHOLDERS.has(ph) || ++names > 1) return undefined;
    else out += name;
    i = close + 1;
  }
  return names === 1 ? out : undefined;
}

/** Request parameters whose value is a URL, not a name or an ARN: a parameter holding one cannot be written into an ARN. */
const URL_PARAMS = new Set(['QueueUrl']);

/**
 * ARN expressions for a grant of `action` on the resource a template parameter names (the
 * function's environment holds `!Ref CollectionId`): the parameter itself when it holds an ARN (its
 * default is one, or the request parameter it fills is an ARN: `TopicArn`), else the catalogue's
 * format filled with `${Parameter}` (services of NAME_ARN_TABLE whose names go into the ARN as
 * they are). Undefined when the value's shape cannot be told.
 */
export function arnsForParameter(model: ConfigModel, resolved: ResolvedResource, action: string, requestParam: string | undefined, usesIndex: boolean): Verbatim[] | undefined {
  const id = resolved.parameter;
  const a = lookupAction(action);
  if (!id || !a || !a.resourceLevel || resolved.resource) return undefined;
  const entry = NAME_ARN_TABLE.find((e) => e.service === a.service);
  const rt = primaryResourceType(a);
  if (!entry || !rt || (requestParam && URL_PARAMS.has(requestParam))) return undefined;
  const def = stringValue(get(get(get(model.root, 'Parameters'), id), 'Default'));
  const isArn = def !== undefined ? def.startsWith('arn:') : /(Arn|ARN)$/.test(requestParam ?? '');
  if (isArn) {
    if (a.service === 's3') return undefined; // bucket and object ARNs alike
    const ref = verbatim(`!Ref ${id}`, { Ref: id });
    return usesIndex && a.service === 'dynamodb' ? [ref, verbatim(`!Sub '\${${id}}/index/*'`, { 'Fn::Sub': `\${${id}}/index/*` })] : [ref];
  }
  // A name the service rewrites before it goes into the ARN (an SSM path's leading slash): only a known default tells.
  if (entry.name && (def === undefined || entry.name(def) !== def)) {
    if (a.service !== 'secretsmanager') return undefined;
  }
  const name = entry.name && a.service === 'secretsmanager' ? `\${${id}}-??????` : `\${${id}}`;
  const out = fillArnFormat(rt.arnFormat, name);
  if (out === undefined) return undefined;
  const sub = (t: string) => verbatim(`!Sub '${t}'`, { 'Fn::Sub': t });
  const arns = [sub(out)];
  if (usesIndex && a.service === 'dynamodb') arns.push(sub(`${out}/index/*`));
  return arns;
}
