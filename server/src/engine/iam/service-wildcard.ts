/**
 * How iam-service-wildcard-action judges one action pattern of a statement, shared with
 * iam-unused-permission so that a statement whose wildcard is already reported with the narrowing
 * fix is not reported a second time for the same unused actions (one finding per cause). Pure.
 */
import type { ConfigModel, PolicyStatement } from '../model/types';
import { expandAction, hasWildcard, serviceInfo, type IamAction } from './catalog';
import { isDocumentedActionWildcard, isKmsDefaultKeyPolicyStatement, isKmsRootDelegation, isKmsServicePrincipalGrant, isOwnAccountDelegation, kmsKeyUsePattern } from './policy-idioms';
import { isMetadataRead, isNamedContentRead, riskTags } from './risk';
import { broadResource, isBareStar, isKindWideArn, literalItems, resourcePatternText } from './policy-analysis';
import { stringValue } from '../yaml/ast';
import { referencedLogicalId, subTemplate } from '../model/cfn';
import { anyonePrincipal, rolesWithIds } from '../model/query';
import { arnFits, resourceSamples } from '../permissions/missing-fix';
import { READ_EQUIVALENTS } from '../permissions/data/read-equivalents';
import { OBJECT_METADATA_DELETES } from './data/object-metadata';

const METADATA_DELETES = new Set(OBJECT_METADATA_DELETES.map((d) => d.action));
import { get, toJS, type YNode } from '../yaml/ast';

export type WildcardKind = 'domainPolicy' | 'readOnly' | 'readOnlyData' | 'readOnlyNamed' | 'keyUse' | 'oneFitting' | 'ownObjects' | 'ownResource' | 'pattern';

export interface WildcardJudgement {
  kind: WildcardKind;
  severity: 'warning' | 'info';
  /** Every catalogue action the pattern matches. */
  expansion: IamAction[];
  /** Of those, the ones the statement's resources can grant (by resource type), when that is at most half. */
  fitting?: IamAction[];
  /** Data reads the pattern covers (for readOnlyData). */
  data: string[];
  /** keyUse: the documented KMS pattern's family. */
  family?: string;
  /** ownObjects: the bucket(s) of the template whose objects the statement names, and what the pattern adds beyond the code's use. */
  buckets?: string[];
  extras?: IamAction[];
  /** ownResource: the logical id of the one template resource the statement names. */
  resource?: string;
}

/** Statements the rule never reports: key-policy idioms and own-account delegation. */
export function wildcardIdiomStatement(st: PolicyStatement): boolean {
  return isKmsRootDelegation(st) || isKmsServicePrincipalGrant(st) || isKmsDefaultKeyPolicyStatement(st) || isOwnAccountDelegation(st);
}

/** Resource types whose policy is an OpenSearch / Elasticsearch domain access policy. */
const DOMAIN_TYPES = new Set(['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain']);

/** An identity statement attached only to roles no function uses (a Cognito identity-pool role, a service role). */
export function noFunction(model: ConfigModel, st: PolicyStatement): boolean {
  const roles = rolesWithIds(model, st.doc.roleIds);
  return roles.length > 0 && roles.every((r) => r.functions.length === 0);
}

/**
 * The judgement of action entry `text` of `st`, or undefined when the rule does not report it (no
 * wildcard, a bare `*`, a documented pattern, a pattern matching nothing). `used`: the actions of
 * the pattern the code of the statement's roles uses, when known (iam-unused-permission's analysis).
 */
export function judgeServiceWildcard(model: ConfigModel, st: PolicyStatement, text: string, used?: readonly string[]): WildcardJudgement | undefined {
  if (isBareStar(text) || !hasWildcard(text) || isDocumentedActionWildcard(text)) return undefined;
  const expansion = expandAction(text) as IamAction[];
  if (expansion.length === 0) return undefined; // matches nothing: iam-unknown-action
  const fitting = fittingActions(model, st, expansion);
  const base = { expansion, fitting, data: [] as string[] };
  // A domain access policy applies to the domain's subresources only: there es:* is es:ESHttp*.
  if (st.doc.kind === 'resource' && DOMAIN_TYPES.has(st.doc.resourceType ?? '') && expansion.every((a) => a.service === 'es') && (/^es:\*+$/i.test(text) || expansion.every((a) => a.name.startsWith('ESHttp'))) && st.principal && !anyonePrincipal(st.principal)) {
    return { ...base, kind: 'domainPolicy', severity: 'info' };
  }
  // `kms:GenerateDataKey*` / `kms:ReEncrypt*` in a key-use statement: the documented form (data/documented-idioms.ts).
  const keyUse = st.doc.kind === 'identity' ? kmsKeyUsePattern(st, text) : undefined;
  if (keyUse) return { ...base, kind: 'keyUse', severity: 'info', family: keyUse.family };
  // The statement's resources admit one action of the pattern (`lambda:Publish*` on a layer ARN:
  // PublishLayerVersion), or exactly the ones the code uses: today it grants what writing them out
  // would; only actions AWS adds later differ.
  if (st.doc.kind === 'identity' && fitting && (fitting.length === 1 || (used !== undefined && fitting.every((a) => used.includes(a.fullName))))) {
    return { ...base, kind: 'oneFitting', severity: 'info' };
  }
  // On the objects of the template's own bucket(s), what the pattern adds beyond the object reads or
  // deletes the code makes is metadata: reads of ACLs, tags, attributes, retention, and tag deletes.
  const own = st.doc.kind === 'identity' && fitting ? ownObjects(model, st, fitting, used) : undefined;
  if (own) return { ...base, kind: 'ownObjects', severity: 'info', ...own };
  const granted = fitting ?? expansion;
  // A `Get*`/`List*`/`Describe*` pattern that reads only configuration (every action a List or Read of
  // metadata by the catalogue's access level and risk data: `kms:Describe*`, `kms:List*`), on any
  // resource: nothing a reviewer would spend a change on.
  if (st.doc.kind === 'identity' && expansion.length > 1 && granted.every(isMetadataRead)) {
    return { ...base, kind: 'readOnly', severity: 'info' };
  }
  // Reads only, on the resources the statement names, whose data reads the statement grants by name anyway.
  const data = expansion.filter((a) => riskTags(a).includes('data-exfiltration') || isNamedContentRead(a)).map((a) => a.fullName);
  if (st.doc.kind === 'identity' && expansion.length > 1 && expansion.every(isPlainRead) && !broadResource(st, isKindWideArn) && data.every((a) => namedInStatement(st, a))) {
    return { ...base, data, kind: data.length ? 'readOnlyData' : 'readOnlyNamed', severity: 'info' };
  }
  // Every resource entry names one resource this template creates (a key, a table, a bucket, with its
  // own sub-paths): the pattern's breadth stays on that resource. Not for services where one resource
  // grants account-wide power (ACCOUNT_WIDE_SERVICES), nor when the pattern can change who may use the
  // resource (resource policies, ACLs, grants: Permissions management, risk tag resource-exposure) or
  // act with more than it (privilege-escalation: a function's code runs with its role), nor when the code of the statement's
  // functions is known and uses none of it (the whole entry is unneeded).
  const one = st.doc.kind === 'identity' ? ownSingleResource(model, st) : undefined;
  if (one && !(used !== undefined && used.length === 0 && !noFunction(model, st)) && !granted.some((a) => ACCOUNT_WIDE_SERVICES.has(a.service) || a.accessLevel === 'Permissions management' || riskTags(a).some((t) => t === 'resource-exposure' || t === 'privilege-escalation'))) {
    return { ...base, kind: 'ownResource', severity: 'info', resource: one };
  }
  return { ...base, kind: 'pattern', severity: 'warning' };
}

/** Services where a grant on one resource is power over the account (a role to assume or edit, the organization). */
const ACCOUNT_WIDE_SERVICES = new Set(['iam', 'sts', 'organizations']);

/**
 * The logical id of the one template resource every Resource entry of `st` names (`!GetAtt K.Arn`,
 * `!Ref T`, `!Sub ${B.Arn}/*`, `${T.Arn}/index/*`): the resource itself or paths inside it; else undefined.
 */
function ownSingleResource(model: ConfigModel, st: PolicyStatement): string | undefined {
  const items = st.resources?.items ?? [];
  if (!items.length || st.notResources) return undefined;
  let id: string | undefined;
  for (const v of items) {
    let x = referencedLogicalId(v.node);
    if (!x) {
      const t = resourcePatternText(v);
      const m = t === undefined ? null : /^\$\{([A-Za-z0-9]+)(?:\.Arn)?\}(?:\/[^$]*)?$/.exec(t);
      x = m?.[1];
    }
    if (!x || (id !== undefined && x !== id)) return undefined;
    id = x;
  }
  return id && model.resources.some((r) => r.id === id) ? id : undefined;
}

/** The statement grants the action by its exact name, or a read returning the same data (READ_EQUIVALENTS). */
function namedInStatement(st: PolicyStatement, action: string): boolean {
  const names = new Set(literalItems(st.actions).filter((x) => !hasWildcard(x.text)).map((x) => x.text.toLowerCase()));
  return [action, ...(READ_EQUIVALENTS.get(action) ?? [])].some((a) => names.has(a.toLowerCase()));
}

/** A Read or List action that returns no credentials (data reads such as s3:GetObject included). */
function isPlainRead(a: IamAction): boolean {
  return (a.accessLevel === 'Read' || a.accessLevel === 'List') && !riskTags(a).includes('credentials-exposure');
}

/**
 * The actions of `expansion` the statement's resources can grant (their resource types fit the
 * ARNs), when that is at most half of them and every resource can be read; else undefined.
 */
export function fittingActions(model: ConfigModel, st: PolicyStatement, expansion: readonly IamAction[]): IamAction[] | undefined {
  if (expansion.length <= 1 || !st.resources?.items.length) return undefined;
  const samples = resourceSamples(model, st);
  if (!samples || samples.length !== st.resources.items.length || samples.some((s) => s === '*' || !s.startsWith('arn:') || s.includes('${'))) return undefined;
  const formats = new Map<string, string>();
  const fits = (a: IamAction): boolean =>
    a.resourceTypes.some((rt) => {
      let f = formats.get(`${a.service}:${rt.name}`);
      if (f === undefined) formats.set(`${a.service}:${rt.name}`, (f = serviceInfo(a.service)?.resourceTypes.find((x) => x.name === rt.name)?.arnFormat ?? ''));
      return f !== '' && samples.some((s) => arnFits(f!, s));
    });
  const keep = expansion.filter(fits);
  // Counted by resource type only when that makes the count nominal (fewer than half apply).
  return keep.length > 0 && keep.length * 2 <= expansion.length ? keep : undefined;
}

/** A node as canonical JSON (map keys sorted), to compare statements by content. */
function canonical(n: YNode | null | undefined): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, sort(x)])) : v;
  return JSON.stringify(sort(toJS(n)));
}

/**
 * The statement repeats, key for key, an earlier statement of the same policy document: it grants
 * nothing the first does not, so a finding on it would repeat the first one's (one finding per cause).
 */
export function repeatsEarlierStatement(st: PolicyStatement): boolean {
  const list = st.doc.statements;
  const i = list.indexOf(st);
  if (i <= 0) return false;
  const me = canonical(st.node);
  return list.slice(0, i).some((o) => o.node !== st.node && canonical(o.node) === me);
}

/** The logical id of the template bucket whose objects an ARN text names (`${B.Arn}/*`, `arn:…:s3:::${B}/*`, or its BucketName), if any. */
function ownBucketOfObjects(model: ConfigModel, text: string): string | undefined {
  if (!text.endsWith('/*')) return undefined;
  const head = text.slice(0, -2);
  const buckets = model.resources.filter((r) => r.type === 'AWS::S3::Bucket');
  for (const b of buckets) {
    if (head === `\${${b.id}.Arn}`) return b.id;
    const prefix = head.startsWith('arn:') ? head.split(':').slice(0, 5).join(':') + ':' : undefined;
    if (!prefix || prefix.split(':')[2] !== 's3') continue;
    const name = head.slice(prefix.length);
    const bucketName = get(b.properties, 'BucketName');
    const nameText = stringValue(bucketName) ?? subTemplate(bucketName);
    if (name === `\${${b.id}}` || (nameText !== undefined && name === nameText)) return b.id;
  }
  return undefined;
}

/**
 * `s3:Get*` / `s3:Delete*` on the objects of buckets this template creates, where what the pattern
 * grants beyond the code's object reads or deletes (all of them when the role's users are not code
 * this analysis reads, a Glue job's role) is only metadata reads (ACLs, tags, attributes, retention;
 * reads returning the same data as a granted read) or tag deletes. Undefined otherwise; when the
 * code is known and uses none of the pattern, it is not this (the whole pattern is unneeded).
 */
function ownObjects(model: ConfigModel, st: PolicyStatement, fitting: readonly IamAction[], used: readonly string[] | undefined): { buckets: string[]; extras: IamAction[] } | undefined {
  if (!fitting.every((a) => a.service === 's3')) return undefined;
  const items = st.resources?.items ?? [];
  const buckets: string[] = [];
  for (const v of items) {
    const t = resourcePatternText(v);
    const id = t === undefined ? undefined : ownBucketOfObjects(model, t);
    if (!id) return undefined;
    if (!buckets.includes(id)) buckets.push(id);
  }
  if (!buckets.length) return undefined;
  const functionUsers = !noFunction(model, st);
  if (functionUsers && (used === undefined || !fitting.some((a) => used.includes(a.fullName)))) return undefined;
  // Without the code: the object reads or deletes themselves are the role's job; judged are the rest.
  const core = new Set(['s3:GetObject', 's3:GetObjectVersion', 's3:DeleteObject', 's3:DeleteObjectVersion']);
  const extras = fitting.filter((a) => (functionUsers ? !used!.includes(a.fullName) : !core.has(a.fullName)));
  const harmless = (a: IamAction) =>
    METADATA_DELETES.has(a.fullName) ||
    (used ?? []).some((u) => (READ_EQUIVALENTS.get(u) ?? []).includes(a.fullName)) ||
    (a.accessLevel === 'Read' && !riskTags(a).includes('data-exfiltration') && !riskTags(a).includes('credentials-exposure') && !isNamedContentRead(a));
  return extras.every(harmless) ? { buckets, extras } : undefined;
}

/** The template's buckets and their names, as text: what the own-bucket judgement reads beyond the statement (a reuse key). */
export function templateBucketsKey(model: ConfigModel): string {
  return model.resources
    .filter((r) => r.type === 'AWS::S3::Bucket')
    .map((b) => {
      const n = get(b.properties, 'BucketName');
      return `${b.id}=${stringValue(n) ?? subTemplate(n) ?? ''}`;
    })
    .join(',');
}
