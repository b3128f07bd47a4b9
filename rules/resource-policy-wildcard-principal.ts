import { defineRule, type RuleContext } from '../server/src/engine/rule';
import { ruleMessage } from '../server/src/engine/messages';
import { endpointsOf } from '../server/src/engine/model/endpoints';
import { allowStatements, anyonePrincipal, conditionRestrictsCaller, docSubject, nameList, oncePerRange, show } from '../server/src/engine/model/query';
import { referencedLogicalId } from '../server/src/engine/model/cfn';
import type { ConfigModel, PolicyDocument, PolicyStatement } from '../server/src/engine/model/types';
import { asList, get, getPath, intrinsicArg, intrinsicName, isMap, isScalar, isSeq, stringValue, type YNode } from '../server/src/engine/yaml/ast';
import { DocEditor, combineEdits, verbatim } from '../server/src/engine/fix/yaml-edit';
import type { Fix } from '../server/src/engine/types';

/**
 * Resource policies whose callers are, by the service's design, AWS services acting for resources
 * of an account (S3 / SNS / EventBridge / CloudWatch delivering to a queue or topic, rules and
 * other buses putting events on a bus) or IAM principals. For these the fix adds
 * `aws:SourceAccount` = this account: same-account services send it, same-account IAM principals
 * need no resource policy (their identity policies allow them). Not for S3 buckets, API Gateway,
 * OpenSearch (anonymous web callers have no account: a public website or API would break), nor
 * KMS, Secrets Manager and ECR (usually read by principals of other accounts).
 * Sources: SNS https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html (aws:SourceAccount
 * for services publishing to a topic); SQS https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html;
 * EventBridge https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html.
 */
const SAME_ACCOUNT_FIX_TYPES: ReadonlySet<string> = new Set(['AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy', 'AWS::Events::EventBusPolicy']);

function sameAccountFix(ctx: RuleContext, st: PolicyStatement): Fix[] {
  if (!SAME_ACCOUNT_FIX_TYPES.has(st.doc.resourceType ?? '') || st.condition != null || !isMap(st.node)) return [];
  const ed = new DocEditor(ctx.model!.parsed);
  const edits = combineEdits([ed.setIn(st.node, ['Condition'], { StringEquals: { 'aws:SourceAccount': verbatim('!Ref AWS::AccountId', { Ref: 'AWS::AccountId' }) } })]);
  if (!edits) return [];
  return [
    {
      title: 'Allow only callers of this account (Condition aws:SourceAccount = !Ref AWS::AccountId)',
      changes: [{ file: ctx.file, edits }],
      isPreferred: true,
      confirm: { message: 'This changes who can use the resource: services and principals of other AWS accounts are refused once deployed. Check that no sender is in another account.' },
    },
  ];
}

/**
 * Resource policies (SQS, SNS, S3, KMS, API Gateway incl. serverless `provider.apiGateway.resourcePolicy`,
 * Secrets Manager, ECR, EventBridge, OpenSearch) whose Allow statement names principal `'*'` or
 * `{AWS: '*'}` with no Condition that narrows the caller. Conditions on transport or time only
 * (`aws:SecureTransport`) do not count; an `allow '*' + Deny unless <condition>` document (the
 * usual API Gateway IP / VPC-endpoint allow-list shape) does.
 *
 * Public by design, not reported (see PUBLIC_BY_DESIGN):
 *  - a bucket policy that lets anyone read the objects of a bucket with `WebsiteConfiguration` (an
 *    S3 static website: serving its objects to anyone is what it is for); listing it too is info;
 *  - a REGIONAL or EDGE REST API policy allowing only `execute-api:Invoke` to `'*'`, when no method
 *    of the API uses AWS_IAM: such an API is callable from the internet without any resource policy,
 *    and each method's own authorizer still applies. A PRIVATE API (where the policy is the only
 *    gate) and an API with IAM-authorised methods (where `'*'` admits every AWS account's principals)
 *    stay errors.
 *  - (info) a bucket policy that lets anyone read the objects of a bucket that is the S3 origin of a
 *    CloudFront distribution of the file with no origin access control or identity: CloudFront reads
 *    such an origin unsigned, so its objects must be public (cloudFrontOpenOrigin);
 *  - an OpenSearch / Elasticsearch domain access policy on a domain in a VPC (`VPCOptions`) with
 *    fine-grained access control enabled: the open policy is the pairing AWS recommends (see
 *    PUBLIC_BY_DESIGN). In a VPC without fine-grained access control it is a warning (reachable only
 *    from the VPC, but unauthenticated there).
 */
const rule = defineRule({
  meta: {
    id: 'resource-policy-wildcard-principal',
    category: 'iam',
    severity: 'error',
    title: "Resource policy allows any principal ('*') without a condition",
    docs: {
      summary: "A queue, topic, bucket, key, API or secret policy that allows Principal '*' with no Condition is open to every AWS account (and often to anonymous callers); name the principals or add a Condition such as aws:SourceArn or aws:PrincipalOrgID.",
      cwe: [284, 732],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
    messages: {
      open:
        "Principal '*' {{how}} lets every AWS account{{anonymous}} use {{what}} through {{subject}}, in {{where}}. " +
        'Name the principals (account, role or service) or add a Condition such as aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID.',
      iamMethods:
        "Principal '*' {{how}} lets every AWS account use {{what}} through {{subject}}, in {{where}}: the API has methods authorised with AWS_IAM ({{methods}}), which without this policy only principals of this account could call; '*' opens them to signed requests from any account. " +
        'Name the accounts that may call it, or add a Condition such as aws:PrincipalOrgID or aws:SourceVpce.',
      openSearchVpc:
        "Principal '*' {{how}} lets any caller use {{what}} on {{subject}}, in {{where}}, unsigned: the domain is in a VPC (VPCOptions), so only what its subnets and security groups let in can reach it, but nothing authenticates the requests that do. Enable fine-grained access control (AdvancedSecurityOptions) or name the roles that may call it.",
      cloudFrontOrigin:
        "Principal '*' lets anyone read the objects of bucket {{bucket}} ({{what}}), in {{where}}: it is the origin of CloudFront distribution {{distribution}} with no origin access control or identity, so CloudFront reads it as an anonymous user and the objects it serves must be public; anyone can also fetch them from S3 directly, past the distribution. To keep the bucket private, give the origin an origin access control (OriginAccessControlId) and grant s3:GetObject to the cloudfront.amazonaws.com service principal with an aws:SourceArn Condition naming the distribution.",
      websiteList:
        "Principal '*' lets anyone list the objects of website bucket {{bucket}} ({{what}}), in {{where}}: reading its pages is the purpose of an S3 static website, but a public listing also reveals every key, including files not linked from the site. Grant only s3:GetObject on arn:aws:s3:::<bucket>/* if the listing is not needed.",
    },
  },
  check(ctx) {
    const model = ctx.model!;
    const once = oncePerRange();
    for (const st of allowStatements(model, ['resource'])) {
      const star = anyonePrincipal(st.principal);
      if (!star || conditionRestrictsCaller(st.condition) || denyUnlessCondition(st.doc)) continue;
      if (!once(star.node.range)) continue;
      const actions = st.actions?.items.map(show) ?? [];
      const what = actions.length ? nameList(actions, 3) : st.notActions ? 'almost every action (NotAction)' : 'its actions';
      const how = st.condition != null ? 'with a Condition that does not narrow the caller' : 'with no Condition';
      const base = { how, what, subject: docSubject(model, st.doc), where: st.doc.where };

      const website = websiteRead(model, st);
      if (website === 'read') continue;
      if (website) {
        ctx.report({ range: star.node.range, severity: 'info', message: ruleMessage(rule.meta, 'websiteList', { ...base, bucket: website.bucket }) });
        continue;
      }
      // The origin of a CloudFront distribution without origin access control: public read is how it serves them (info).
      const origin = cloudFrontOpenOrigin(model, st);
      if (origin) {
        ctx.report({ range: star.node.range, severity: 'info', message: ruleMessage(rule.meta, 'cloudFrontOrigin', { ...base, ...origin }) });
        continue;
      }
      const domain = openSearchGate(model, st);
      if (domain === 'vpcFgac') continue;
      if (domain === 'vpc') {
        ctx.report({ range: star.node.range, severity: 'warning', message: ruleMessage(rule.meta, 'openSearchVpc', base) });
        continue;
      }
      const api = publicApiInvoke(model, st);
      if (api === 'public') continue;
      if (api) {
        ctx.report({ range: star.node.range, message: ruleMessage(rule.meta, 'iamMethods', { ...base, methods: nameList(api.iamMethods, 3) }) });
        continue;
      }
      const anonymous = /S3|ApiGateway|OpenSearch|Elasticsearch/.test(st.doc.resourceType ?? '') ? ' and anonymous internet users' : '';
      ctx.report({ range: star.node.range, message: ruleMessage(rule.meta, 'open', { ...base, anonymous }), fixes: () => sameAccountFix(ctx, st) });
    }
  },
});

export default rule;

/**
 * Public-by-design grants, one entry per resource kind, with the source that makes them so:
 * - S3 static websites: "you must grant public read access to your bucket … s3:GetObject"
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteAccessPermissionsReqd.html).
 *   GetObject(Version) are the reads a website serves; ListBucket lists every key (info).
 * - API Gateway REST APIs: REGIONAL and EDGE endpoints are reachable from the internet and
 *   "resource policies … and authorizers are evaluated together" (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html):
 *   with no IAM method, Allow '*' execute-api:Invoke adds no caller the endpoint did not already admit;
 *   PRIVATE APIs need the policy to decide who may call (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-create.html).
 */
const PUBLIC_BY_DESIGN = {
  websiteReads: new Set(['s3:getobject', 's3:getobjectversion']),
  websiteLists: new Set(['s3:listbucket', 's3:listbucketversions']),
  apiInvoke: new Set(['execute-api:invoke']),
  publicEndpointTypes: new Set(['REGIONAL', 'EDGE']),
  openSearchDomains: new Set(['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain']),
} as const;

/**
 * An access policy of an OpenSearch / Elasticsearch domain of this file placed in a VPC:
 * - 'vpcFgac' with fine-grained access control on: "If you enable fine-grained access control, we
 *   recommend using a domain access policy that doesn't require signed requests"
 *   (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html#fgac-recommendations),
 *   and a VPC domain is reached only through its subnets and security groups
 *   (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html: "If you choose VPC
 *   access, … you can use an open access policy and security groups to control access");
 * - 'vpc' without it.
 */
function openSearchGate(model: ConfigModel, st: PolicyStatement): 'vpcFgac' | 'vpc' | undefined {
  if (!PUBLIC_BY_DESIGN.openSearchDomains.has(st.doc.resourceType ?? '') || !st.doc.resourceId) return undefined;
  const domain = model.resources.find((r) => r.id === st.doc.resourceId);
  if (!domain || !isMap(get(domain.properties, 'VPCOptions'))) return undefined;
  const fgac = getPath(domain.properties, 'AdvancedSecurityOptions.Enabled');
  const on = isScalar(fgac) && (fgac.value === true || (typeof fgac.value === 'string' && fgac.value.toLowerCase() === 'true'));
  return on ? 'vpcFgac' : 'vpc';
}

/** Lower-case literal actions of an Allow statement; undefined when NotAction or any action is not a literal. */
function literalActions(st: PolicyStatement): string[] | undefined {
  if (st.notActions || !st.actions?.items.length) return undefined;
  const out: string[] = [];
  for (const a of st.actions.items) {
    if (a.kind !== 'literal' || a.text === undefined) return undefined;
    out.push(a.text.toLowerCase());
  }
  return out;
}

/** The bucket of this file a bucket policy statement is attached to. */
function policyBucket(model: ConfigModel, st: PolicyStatement) {
  if (st.doc.resourceType !== 'AWS::S3::BucketPolicy' || !st.doc.resourceId) return undefined;
  const policy = model.resources.find((r) => r.id === st.doc.resourceId);
  const bucketId = referencedLogicalId(get(policy?.properties ?? null, 'Bucket'));
  return bucketId ? model.resources.find((r) => r.id === bucketId && r.type === 'AWS::S3::Bucket') : undefined;
}

/**
 * A bucket policy statement that only reads the objects (s3:GetObject / GetObjectVersion) of a bucket
 * of this file that is the S3 origin of a CloudFront distribution of this file with neither an
 * origin access control (`OriginAccessControlId`) nor an origin access identity
 * (`S3OriginConfig.OriginAccessIdentity`): CloudFront then fetches the objects unsigned, as an
 * anonymous user, so they must be public for the distribution to serve them
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html).
 * The bucket and the distribution; undefined otherwise.
 */
function cloudFrontOpenOrigin(model: ConfigModel, st: PolicyStatement): { bucket: string; distribution: string } | undefined {
  const bucket = policyBucket(model, st);
  const actions = bucket ? literalActions(st) : undefined;
  if (!bucket || !actions || !actions.every((a) => PUBLIC_BY_DESIGN.websiteReads.has(a))) return undefined;
  for (const d of model.resources) {
    if (d.type !== 'AWS::CloudFront::Distribution') continue;
    for (const o of asList(getPath(d.properties, 'DistributionConfig.Origins'))) {
      if (!namesResource(get(o, 'DomainName'), bucket.id)) continue;
      const s3 = get(o, 'S3OriginConfig');
      const oai = s3 == null ? undefined : get(s3, 'OriginAccessIdentity');
      if (get(o, 'OriginAccessControlId') != null || (oai != null && stringValue(oai) !== '')) continue;
      return { bucket: bucket.id, distribution: d.id };
    }
  }
  return undefined;
}

/** The value names logical resource `id`: `!Ref id`, `!GetAtt id.DomainName`, a `!Sub` with `${id}` / `${id.Attr}`, or a `!Join` of such parts. */
function namesResource(n: YNode | null | undefined, id: string): boolean {
  if (referencedLogicalId(n) === id) return true;
  const fn = intrinsicName(n);
  const arg = intrinsicArg(n);
  if (fn === 'Fn::Sub') {
    const t = stringValue(isSeq(arg) ? arg.items[0] : arg);
    return t !== undefined && (t.includes(`\${${id}}`) || t.includes(`\${${id}.`));
  }
  if (fn === 'Fn::Join' && isSeq(arg)) return asList(arg.items[1]).some((x) => namesResource(x, id));
  return false;
}

/** A bucket policy statement that only reads (or lists) the objects of a static-website bucket of this file. */
function websiteRead(model: ConfigModel, st: PolicyStatement): 'read' | { bucket: string } | undefined {
  const bucket = policyBucket(model, st);
  if (!bucket || get(bucket.properties, 'WebsiteConfiguration') == null) return undefined;
  const actions = literalActions(st);
  if (!actions) return undefined;
  if (actions.every((a) => PUBLIC_BY_DESIGN.websiteReads.has(a))) return 'read';
  if (actions.every((a) => PUBLIC_BY_DESIGN.websiteReads.has(a) || PUBLIC_BY_DESIGN.websiteLists.has(a))) return { bucket: bucket.id };
  return undefined;
}

/**
 * An API policy statement that allows only `execute-api:Invoke` on a REGIONAL/EDGE REST API: 'public'
 * when no method uses AWS_IAM, else the IAM methods; undefined when the rule's usual message applies.
 */
function publicApiInvoke(model: ConfigModel, st: PolicyStatement): 'public' | { iamMethods: string[] } | undefined {
  if (st.doc.resourceType !== 'AWS::ApiGateway::RestApi') return undefined;
  const actions = literalActions(st);
  if (!actions || !actions.every((a) => PUBLIC_BY_DESIGN.apiInvoke.has(a))) return undefined;
  const types = endpointTypes(model, st.doc);
  if (!types || !types.every((t) => PUBLIC_BY_DESIGN.publicEndpointTypes.has(t))) return undefined;
  const iamMethods = endpointsOf(model)
    .filter((e) => e.kind === 'rest' && e.auth.kind === 'iam' && (st.doc.resourceId ? e.api?.id === st.doc.resourceId : !e.api))
    .map((e) => `\`${e.label}\``);
  return iamMethods.length ? { iamMethods } : 'public';
}

/** The REST API's endpoint types (upper case); EDGE when unset; undefined when computed. */
function endpointTypes(model: ConfigModel, doc: PolicyDocument): string[] | undefined {
  if (doc.resourceId) {
    const api = model.resources.find((r) => r.id === doc.resourceId);
    const types = getPath(api?.properties ?? null, 'EndpointConfiguration.Types');
    if (types == null) return ['EDGE'];
    const out: string[] = [];
    for (const t of asList(types)) {
      const s = stringValue(t);
      if (s === undefined) return undefined;
      out.push(s.toUpperCase());
    }
    return out.length ? out : ['EDGE'];
  }
  // serverless.yml `provider.apiGateway.resourcePolicy`: `provider.endpointType` (edge by default).
  if (model.kind !== 'serverless') return undefined;
  const t = get(get(model.root, 'provider'), 'endpointType');
  if (t == null) return ['EDGE'];
  const s = stringValue(t);
  return s === undefined ? undefined : [s.toUpperCase()];
}

/** `Allow '*'` paired with `Deny` + a caller-narrowing Condition (e.g. NotIpAddress aws:SourceIp). */
function denyUnlessCondition(doc: PolicyDocument): boolean {
  return doc.statements.some((s) => s.effect === 'Deny' && conditionRestrictsCaller(s.condition));
}
