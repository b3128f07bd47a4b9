import { defineRule } from '../server/src/engine/rule';
import { oncePerRange } from '../server/src/engine/model/query';
import type { ConfigModel, ResourceModel, SamTemplateRef, StrValue } from '../server/src/engine/model/types';
import { isMap } from '../server/src/engine/yaml/ast';
import type { Fix } from '../server/src/engine/types';

/**
 * SAM policy templates (`DynamoDBCrudPolicy: {TableName: ...}`) put their parameter into the ARN of
 * every statement they generate (`table/${TableName}`, `arn:aws:s3:::${BucketName}/*`,
 * `:${QueueName}`...). A parameter that is only wildcards (`'*'`, `!Sub '*'`) therefore grants the
 * template's actions on every such resource in the account and region.
 *
 * Not reported: naming-prefix patterns (`orders-*`, `!Sub '${AWS::StackName}-*'`), which scope the
 * grant to resources named that way; ARN parameters (`SecretArn`...) whose resource part is more
 * than wildcards (`secret:prod/*`); and parameters that only narrow another, already scoped one
 * (`DynamoDBStreamReadPolicy.StreamName` under a named `TableName`: stream labels are timestamps,
 * `'*'` is the usual value).
 */
export default defineRule({
  meta: {
    id: 'sam-policy-template-wildcard',
    category: 'iam',
    severity: 'warning',
    title: "SAM policy template given '*'",
    docs: {
      summary: "A SAM policy template whose resource parameter is '*' (e.g. DynamoDBCrudPolicy with TableName '*') grants its actions on every such resource in the account; pass the one resource the function uses.",
      cwe: [732],
    },
    appliesTo: ['sam'],
    fixable: true,
  },
  check(ctx) {
    const model = ctx.model!;
    const once = oncePerRange();
    for (const t of model.samTemplates) {
      if (!isMap(t.params)) continue;
      for (const p of t.params.entries) {
        const param = String(p.key.value);
        const v = model.value(p.value);
        if (!v || !p.value || !isWildcardParam(param, v)) continue;
        // StreamName '*' under a named table is the usual value; with TableName '*' that finding says it all.
        if (SUBORDINATE[t.name] === param) continue;
        if (!once(p.value.range)) continue;
        const info = PARAMS[param];
        const noun = info?.noun ?? 'resource of that type';
        const fix = fixFor(model, t, p.value, info, ctx.file);
        const hint = fix ? ` e.g. ${param}: ${fix.expr}` : info ? ` e.g. ${param}: !Ref My${info.example}` : '';
        ctx.report({
          range: p.value.range,
          message:
            `${t.name} with ${param} '${v.text}' grants the template's actions on every ${noun} in the account and region, ` +
            `in ${where(t)}. Pass the one it uses${hint ? ` —${hint}` : ''}.`,
          fixes: fix ? [fix.fix] : [],
        });
      }
    }
  },
});

/** Only wildcard characters (`*`, `?*`, `*-*`); for ARN parameters, an ARN whose resource id is only wildcards. */
function isWildcardParam(param: string, v: StrValue | undefined): boolean {
  if (!v || v.kind !== 'literal' || v.text === undefined) return false;
  const s = v.text.trim();
  if (onlyWildcards(s)) return true;
  if (param.endsWith('Arn') && s.startsWith('arn:')) {
    const resource = s.split(':').slice(5).join(':');
    // `secret:*`, `certificate/*`: drop the resource-type prefix, judge the id.
    const id = resource.replace(/^[A-Za-z-]+[:/]/, '');
    return onlyWildcards(id);
  }
  return false;
}

function onlyWildcards(s: string): boolean {
  return s.includes('*') && /^[*?/:\-_.]+$/.test(s);
}

/** Parameters that narrow another one of the same template (reported only through the other). */
const SUBORDINATE: Record<string, string> = {
  DynamoDBStreamReadPolicy: 'StreamName',
  EFSWriteAccessPolicy: 'AccessPoint',
};

interface ParamInfo {
  noun: string;
  /** Example logical id suffix for messages. */
  example: string;
  /** Resource types whose `Ref`/`GetAtt` yields the value the parameter expects. */
  types?: readonly string[];
  /** `Ref`, or the GetAtt attribute giving the name (SQS `Ref` is the URL, SNS `Ref` the ARN...). */
  attr?: string;
  /** Restrict the fix to templates of one family (StreamName means Kinesis only outside DynamoDB). */
  templates?: RegExp;
}

const PARAMS: Record<string, ParamInfo> = {
  TableName: { noun: 'DynamoDB table', example: 'Table', types: ['AWS::DynamoDB::Table', 'AWS::Serverless::SimpleTable'], attr: 'Ref' },
  BucketName: { noun: 'S3 bucket (and every object in it)', example: 'Bucket', types: ['AWS::S3::Bucket'], attr: 'Ref' },
  QueueName: { noun: 'SQS queue', example: 'Queue', types: ['AWS::SQS::Queue'], attr: 'QueueName' },
  TopicName: { noun: 'SNS topic', example: 'Topic', types: ['AWS::SNS::Topic'], attr: 'TopicName' },
  FunctionName: { noun: 'Lambda function', example: 'Function', types: ['AWS::Serverless::Function', 'AWS::Lambda::Function'], attr: 'Ref' },
  StateMachineName: { noun: 'Step Functions state machine', example: 'StateMachine', types: ['AWS::Serverless::StateMachine', 'AWS::StepFunctions::StateMachine'], attr: 'Name' },
  KeyId: { noun: 'KMS key', example: 'Key', types: ['AWS::KMS::Key'], attr: 'Ref' },
  SecretArn: { noun: 'Secrets Manager secret', example: 'Secret', types: ['AWS::SecretsManager::Secret'], attr: 'Ref' },
  StreamName: { noun: 'Kinesis stream', example: 'Stream', types: ['AWS::Kinesis::Stream'], attr: 'Ref', templates: /^Kinesis/ },
  DeliveryStreamName: { noun: 'Firehose delivery stream', example: 'DeliveryStream', types: ['AWS::KinesisFirehose::DeliveryStream'], attr: 'Ref' },
  LogGroupName: { noun: 'log group', example: 'LogGroup', types: ['AWS::Logs::LogGroup'], attr: 'Ref' },
  EventBusName: { noun: 'EventBridge event bus', example: 'EventBus', types: ['AWS::Events::EventBus'], attr: 'Ref' },
  ParameterName: { noun: 'SSM parameter', example: 'Parameter' },
  IdentityName: { noun: 'SES identity', example: 'Identity' },
  DomainName: { noun: 'OpenSearch/Elasticsearch domain', example: 'Domain' },
  CollectionId: { noun: 'Rekognition collection', example: 'Collection' },
  RepositoryName: { noun: 'CodeCommit repository', example: 'Repository' },
  WorkGroupName: { noun: 'Athena workgroup', example: 'WorkGroup' },
  PipelineName: { noun: 'CodePipeline pipeline', example: 'Pipeline' },
  LexiconName: { noun: 'Polly lexicon', example: 'Lexicon' },
  ImageId: { noun: 'AMI', example: 'Image' },
  PinpointApplicationId: { noun: 'Pinpoint application', example: 'PinpointApp' },
  CertificateArn: { noun: 'ACM certificate', example: 'Certificate' },
  HostedZoneId: { noun: 'Route 53 hosted zone', example: 'HostedZone' },
  TaskDefinition: { noun: 'ECS task definition', example: 'TaskDefinition' },
  FileSystem: { noun: 'EFS file system', example: 'FileSystem' },
};

function where(t: SamTemplateRef): string {
  const owner = ownerId(t);
  return owner ? `Resources.${owner}.Properties.Policies` : 'Policies';
}

/** The function or state machine the template is attached to (its role is `sam:<id>`). */
function ownerId(t: SamTemplateRef): string | undefined {
  const r = t.roleIds.find((id) => id.startsWith('sam:'));
  return r?.slice(4);
}

function fixFor(
  model: ConfigModel,
  t: SamTemplateRef,
  node: { range: { start: number; end: number } },
  info: ParamInfo | undefined,
  file: string,
): { fix: Fix; expr: string } | undefined {
  if (!info?.types || !info.attr) return undefined;
  if (info.templates && !info.templates.test(t.name)) return undefined;
  const owner = ownerId(t);
  const candidates: ResourceModel[] = model.resources.filter((r) => info.types!.includes(r.type) && r.id !== owner);
  if (candidates.length !== 1) return undefined;
  const id = candidates[0].id;
  const json = model.parsed.format === 'json';
  const expr = info.attr === 'Ref' ? `!Ref ${id}` : `!GetAtt ${id}.${info.attr}`;
  const newText = json
    ? info.attr === 'Ref'
      ? `{"Ref": ${JSON.stringify(id)}}`
      : `{"Fn::GetAtt": [${JSON.stringify(id)}, ${JSON.stringify(info.attr)}]}`
    : expr;
  return {
    expr,
    fix: {
      title: `Scope ${t.name} to ${id} (${expr})`,
      isPreferred: true,
      changes: [{ file, edits: [{ range: { start: node.range.start, end: node.range.end }, newText }] }],
    },
  };
}
