/**
 * boto3's resource layer (`boto3.resource('sqs').get_queue_by_name(...)`, `bucket.objects.all()`):
 * which API operation each resource method calls. Data: the resource models boto3 ships
 * (boto3-resources.generated.ts, written by scripts/gen-boto3-resources.py from
 * boto3/data/<service>/<version>/resources-1.json) plus the methods boto3 adds at run time, which
 * are not in those models (BOTO3_INJECTED, one source note per entry).
 */
import { BOTO3_RESOURCE_MODELS } from './boto3-resources.generated';

/** A service resource or sub-resource of boto3's resource models. */
export interface Boto3ResourceModel {
  /** Method (snake_case) → API operation (PascalCase), `load`/`reload` included. */
  actions?: Record<string, string>;
  /** Methods that return another resource (`get_queue_by_name` → Queue). */
  returns?: Record<string, string>;
  /** Sub-resource constructors (`bucket.Object(key)`, `bucket.Notification()`) → resource type. */
  has?: Record<string, string>;
  /** Collections (`bucket.objects`): list operation, item type, batch actions (`.delete()`). */
  collections?: Record<string, { operation: string; type: string; batch?: Record<string, string> }>;
}

export interface Boto3ServiceModel {
  service: Boto3ResourceModel;
  resources: Record<string, Boto3ResourceModel>;
}

const S3_INJECT = 'https://github.com/boto/boto3/blob/develop/boto3/s3/inject.py (managed transfers added to Bucket and Object: upload_file → PutObject / multipart, download_file → GetObject, copy → CopyObject)';
const DDB_TABLE = 'https://github.com/boto/boto3/blob/develop/boto3/dynamodb/table.py (Table.batch_writer buffers puts and deletes into BatchWriteItem)';
const WAITERS = 'https://boto3.amazonaws.com/v1/documentation/api/latest/guide/resources.html#waiters (wait_until_* poll a describe call; not judged)';

/**
 * Methods boto3 injects into resources at run time (`null`: no API call of its own, or one that is
 * not judged). They win over the generated models. Keyed by `service:Type`; `Type` may be a
 * collection, `coll:<name>`.
 */
export const BOTO3_INJECTED: readonly { key: string; methods: Record<string, string | null>; source: string }[] = [
  { key: 'dynamodb:Table', methods: { batch_writer: 'BatchWriteItem' }, source: DDB_TABLE },
  { key: 'dynamodb:Table', methods: { wait_until_exists: null, wait_until_not_exists: null }, source: WAITERS },
  { key: 's3:Bucket', methods: { upload_file: 'PutObject', upload_fileobj: 'PutObject', download_file: 'GetObject', download_fileobj: 'GetObject', copy: 'CopyObject', load: null }, source: S3_INJECT },
  { key: 's3:ObjectSummary', methods: { load: 'HeadObject' }, source: 'https://github.com/boto/boto3/blob/develop/boto3/s3/inject.py (object_summary_load calls HeadObject)' },
  { key: 's3:Object', methods: { upload_file: 'PutObject', upload_fileobj: 'PutObject', download_file: 'GetObject', download_fileobj: 'GetObject', copy: 'CopyObject' }, source: S3_INJECT },
  {
    key: 's3:coll:objects',
    methods: { all: 'ListObjectsV2', filter: 'ListObjectsV2', limit: 'ListObjectsV2', page_size: 'ListObjectsV2' },
    source: 'https://github.com/boto/boto3/blob/develop/boto3/data/s3/2006-03-01/resources-1.json (Bucket.objects lists with ListObjects; both list operations need s3:ListBucket)',
  },
];

const injected = new Map<string, Record<string, string | null>>();
for (const e of BOTO3_INJECTED) injected.set(e.key, { ...(injected.get(e.key) ?? {}), ...e.methods });

/** Collection methods that keep a collection (`bucket.objects.filter(...).limit(10)`). */
export const BOTO3_COLLECTION_CHAIN: ReadonlySet<string> = new Set(['all', 'filter', 'limit', 'page_size']);

function modelOf(svc: string, type: string | undefined): Boto3ResourceModel | undefined {
  const m = BOTO3_RESOURCE_MODELS[svc];
  if (!m) return undefined;
  return type === undefined ? m.service : m.resources[type];
}

/** A collection of this name on the service resource or any of its resources. */
export function boto3Collection(svc: string, name: string): { operation: string; type: string; batch?: Record<string, string> } | undefined {
  const m = BOTO3_RESOURCE_MODELS[svc];
  if (!m) return undefined;
  const own = m.service.collections?.[name];
  if (own) return own;
  for (const r of Object.values(m.resources)) if (r.collections?.[name]) return r.collections[name];
  return undefined;
}

/**
 * The operation a resource method calls: `type` undefined for the service resource, `coll:<name>`
 * for a collection. `null`: the method makes no call to judge; undefined: not a known method.
 */
export function boto3ResourceOperation(svc: string, type: string | undefined, method: string): string | null | undefined {
  const inj = injected.get(`${svc}:${type ?? ''}`);
  if (inj && method in inj) return inj[method];
  if (type?.startsWith('coll:')) {
    const c = boto3Collection(svc, type.slice(5));
    if (!c) return undefined;
    if (BOTO3_COLLECTION_CHAIN.has(method)) return c.operation;
    return c.batch?.[method];
  }
  const m = modelOf(svc, type);
  if (m?.actions && method in m.actions) return m.actions[method];
  if (method.startsWith('wait_until_')) return null;
  return undefined;
}

/** The resource type a sub-resource constructor makes (`bucket.Notification()` → BucketNotification). */
export function boto3SubResource(svc: string, parent: string | undefined, name: string): string | undefined {
  return modelOf(svc, parent)?.has?.[name];
}

/** The resource type a method returns (`sqs.get_queue_by_name(...)` → Queue). */
export function boto3Returns(svc: string, type: string | undefined, method: string): string | undefined {
  return modelOf(svc, type)?.returns?.[method];
}

/** What iterating a collection yields (`for o in bucket.objects.all()` → ObjectSummary). */
export function boto3CollectionItem(svc: string, collection: string): string | undefined {
  return boto3Collection(svc, collection)?.type;
}
