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
import { get, intrinsicName } from '../yaml/ast';
import { verbatim, type Verbatim } from '../fix/yaml-edit';
import type { ResourceRef, SdkCall } from './sdk-types';

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
};

export interface ResolvedResource {
  /** How to name it in a message: `table OrdersTable`, `bucket my-bucket`, `TABLE_NAME (${self:custom.table})`. */
  label: string;
  /** The template resource, when the name leads to one. */
  resource?: ResourceModel;
  /** The literal name, when known. */
  name?: string;
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
    return { label: `${noun} ${ref.text}`, resource: r, name };
  }
  const env = fn.environment.find((e) => e.name === ref.name);
  if (!env) return { label: `${noun} from environment variable ${ref.name} (not set in the config)` };
  const v = model.value(env.value);
  if (v?.kind === 'literal' && v.text !== undefined) {
    const name = literalName(call.service, v.text);
    const r = name ? byName(model, call.service, name) : undefined;
    return { label: `${noun} ${v.text} (${ref.name})`, resource: r, name };
  }
  const id = intrinsicName(env.value) ? referencedLogicalId(env.value) : undefined;
  const r = ofService(model, call.service, id);
  if (r) return { label: `${noun} ${r.id} (${ref.name})`, resource: r };
  return { label: `${noun} from ${ref.name}` };
}

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
