/**
 * SDK operation → IAM action, where the two differ. Data only: one entry per exception, each with
 * the source that documents it. Every target must exist in the IAM catalogue
 * (test/engine/permissions-data.test.ts checks it). Operations not listed map to the action of the
 * same name in the client's service (`dynamodb.PutItem` → `dynamodb:PutItem`).
 */
import { ROLE_PASSING_CALLS } from './role-passing';

export interface OperationException {
  /** IAM prefix of the SDK client's service. */
  service: string;
  /** API operation (or SDK convenience method, PascalCase). */
  operation: string;
  /** Full IAM action names (`service:Action`); may be in another service than the client's. */
  actions: readonly string[];
  /**
   * Actions the operation uses only depending on the data it acts on, which the code does not show
   * (CopyObject copies the source object's tags, when it has any): a grant of them counts as used
   * when the code calls the operation, and their absence is never reported as missing.
   */
  mayUse?: readonly string[];
  /** Where AWS documents it. */
  source: string;
}

const S3_API = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html (Permissions section of each operation)';
const S3_ACTIONS = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html';
const BOTO3_S3 = 'https://boto3.amazonaws.com/v1/documentation/api/latest/guide/s3.html (managed transfers call PutObject / multipart / GetObject)';
/** CopyObject's tagging directive defaults to COPY: the source object's tags are read and written to the copy. */
const COPY_TAGS = ['s3:GetObjectTagging', 's3:PutObjectTagging'];
const COPY_TAGS_SOURCE =
  'https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html (x-amz-tagging-directive: COPY by default, the tag-set is copied from the source object) and https://repost.aws/knowledge-center/s3-troubleshoot-copy-between-buckets (copying objects that have tags needs s3:GetObjectTagging on the source object and s3:PutObjectTagging on the destination); an untagged source needs neither, so they are never called missing';

/** S3 operations whose action is named after the bucket sub-resource (`PutBucketNotificationConfiguration` → `s3:PutBucketNotification`). */
function s3Config(rows: readonly (readonly [string, string])[]): OperationException[] {
  return rows.map(([operation, action]) => ({ service: 's3', operation, actions: [action], source: S3_ACTIONS }));
}

export const OPERATION_EXCEPTIONS: readonly OperationException[] = [
  { service: 's3', operation: 'ListObjectsV2', actions: ['s3:ListBucket'], source: S3_ACTIONS },
  { service: 's3', operation: 'ListObjects', actions: ['s3:ListBucket'], source: S3_ACTIONS },
  { service: 's3', operation: 'HeadObject', actions: ['s3:GetObject'], source: S3_API },
  { service: 's3', operation: 'HeadBucket', actions: ['s3:ListBucket'], source: S3_API },
  { service: 's3', operation: 'ListObjectVersions', actions: ['s3:ListBucketVersions'], source: S3_ACTIONS },
  { service: 's3', operation: 'CopyObject', actions: ['s3:PutObject', 's3:GetObject'], mayUse: COPY_TAGS, source: `${S3_API}; tags: ${COPY_TAGS_SOURCE}` },
  { service: 's3', operation: 'UploadPart', actions: ['s3:PutObject'], source: S3_API },
  { service: 's3', operation: 'UploadPartCopy', actions: ['s3:PutObject', 's3:GetObject'], source: S3_API },
  { service: 's3', operation: 'CreateMultipartUpload', actions: ['s3:PutObject'], source: S3_API },
  { service: 's3', operation: 'CompleteMultipartUpload', actions: ['s3:PutObject'], source: S3_API },
  { service: 's3', operation: 'ListParts', actions: ['s3:ListMultipartUploadParts'], source: S3_ACTIONS },
  { service: 's3', operation: 'ListMultipartUploads', actions: ['s3:ListBucketMultipartUploads'], source: S3_ACTIONS },
  { service: 's3', operation: 'DeleteObjects', actions: ['s3:DeleteObject'], source: S3_API },
  { service: 's3', operation: 'SelectObjectContent', actions: ['s3:GetObject'], source: S3_API },
  {
    service: 's3',
    operation: 'WriteGetObjectResponse',
    actions: ['s3-object-lambda:WriteGetObjectResponse'],
    source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_WriteGetObjectResponse.html (needs s3-object-lambda:WriteGetObjectResponse)',
  },
  // Bucket sub-resource operations whose IAM action has another name (the *Configuration APIs, their
  // Delete* and List* forms, the public-access block, CORS, replication). Every S3 API operation of
  // the SDK is checked against the catalogue in test/engine/permissions-data.test.ts.
  ...s3Config([
    ['PutBucketNotificationConfiguration', 's3:PutBucketNotification'],
    ['GetBucketNotificationConfiguration', 's3:GetBucketNotification'],
    ['PutBucketLifecycleConfiguration', 's3:PutLifecycleConfiguration'],
    ['PutBucketLifecycle', 's3:PutLifecycleConfiguration'],
    ['GetBucketLifecycleConfiguration', 's3:GetLifecycleConfiguration'],
    ['GetBucketLifecycle', 's3:GetLifecycleConfiguration'],
    ['DeleteBucketLifecycle', 's3:PutLifecycleConfiguration'],
    ['PutBucketAccelerateConfiguration', 's3:PutAccelerateConfiguration'],
    ['GetBucketAccelerateConfiguration', 's3:GetAccelerateConfiguration'],
    ['PutBucketAnalyticsConfiguration', 's3:PutAnalyticsConfiguration'],
    ['GetBucketAnalyticsConfiguration', 's3:GetAnalyticsConfiguration'],
    ['ListBucketAnalyticsConfigurations', 's3:GetAnalyticsConfiguration'],
    ['DeleteBucketAnalyticsConfiguration', 's3:PutAnalyticsConfiguration'],
    ['PutBucketIntelligentTieringConfiguration', 's3:PutIntelligentTieringConfiguration'],
    ['GetBucketIntelligentTieringConfiguration', 's3:GetIntelligentTieringConfiguration'],
    ['ListBucketIntelligentTieringConfigurations', 's3:GetIntelligentTieringConfiguration'],
    ['DeleteBucketIntelligentTieringConfiguration', 's3:PutIntelligentTieringConfiguration'],
    ['PutBucketInventoryConfiguration', 's3:PutInventoryConfiguration'],
    ['GetBucketInventoryConfiguration', 's3:GetInventoryConfiguration'],
    ['ListBucketInventoryConfigurations', 's3:GetInventoryConfiguration'],
    ['DeleteBucketInventoryConfiguration', 's3:PutInventoryConfiguration'],
    ['PutBucketMetricsConfiguration', 's3:PutMetricsConfiguration'],
    ['GetBucketMetricsConfiguration', 's3:GetMetricsConfiguration'],
    ['ListBucketMetricsConfigurations', 's3:GetMetricsConfiguration'],
    ['DeleteBucketMetricsConfiguration', 's3:PutMetricsConfiguration'],
    ['PutBucketEncryption', 's3:PutEncryptionConfiguration'],
    ['GetBucketEncryption', 's3:GetEncryptionConfiguration'],
    ['DeleteBucketEncryption', 's3:PutEncryptionConfiguration'],
    ['PutBucketReplication', 's3:PutReplicationConfiguration'],
    ['GetBucketReplication', 's3:GetReplicationConfiguration'],
    ['DeleteBucketReplication', 's3:PutReplicationConfiguration'],
    ['PutObjectLockConfiguration', 's3:PutBucketObjectLockConfiguration'],
    ['GetObjectLockConfiguration', 's3:GetBucketObjectLockConfiguration'],
    ['PutPublicAccessBlock', 's3:PutBucketPublicAccessBlock'],
    ['GetPublicAccessBlock', 's3:GetBucketPublicAccessBlock'],
    ['DeletePublicAccessBlock', 's3:PutBucketPublicAccessBlock'],
    ['DeleteBucketCors', 's3:PutBucketCORS'],
    ['DeleteBucketTagging', 's3:PutBucketTagging'],
    ['DeleteBucketOwnershipControls', 's3:PutBucketOwnershipControls'],
    ['CreateBucketMetadataConfiguration', 's3:CreateBucketMetadataTableConfiguration'],
    ['GetBucketMetadataConfiguration', 's3:GetBucketMetadataTableConfiguration'],
    ['DeleteBucketMetadataConfiguration', 's3:DeleteBucketMetadataTableConfiguration'],
    ['ListBuckets', 's3:ListAllMyBuckets'],
    ['ListDirectoryBuckets', 's3express:ListAllMyDirectoryBuckets'],
    ['CreateSession', 's3express:CreateSession'],
    // Directory buckets authorise object calls through the session: RenameObject needs CreateSession.
    ['RenameObject', 's3express:CreateSession'],
  ]),
  // SDK conveniences
  {
    service: 'rds',
    operation: 'GenerateDbAuthToken',
    actions: ['rds-db:connect'],
    source:
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html (boto3 generate_db_auth_token signs the token locally with the role; the database or RDS Proxy checks rds-db:connect when the code connects with it)',
  },
  {
    service: 'rds',
    operation: 'GetAuthToken',
    actions: ['rds-db:connect'],
    source:
      'https://docs.aws.amazon.com/AWSJavaScriptSDK/latest/AWS/RDS/Signer.html (SDK v2 `new AWS.RDS.Signer(…).getAuthToken()`: the same locally signed token, checked against rds-db:connect on connect)',
  },
  { service: 's3', operation: 'Upload', actions: ['s3:PutObject'], source: 'https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-lib-storage/ (lib-storage Upload: PutObject or multipart upload)' },
  { service: 's3', operation: 'UploadFile', actions: ['s3:PutObject'], source: BOTO3_S3 },
  { service: 's3', operation: 'UploadFileobj', actions: ['s3:PutObject'], source: BOTO3_S3 },
  { service: 's3', operation: 'DownloadFile', actions: ['s3:GetObject'], source: BOTO3_S3 },
  { service: 's3', operation: 'DownloadFileobj', actions: ['s3:GetObject'], source: BOTO3_S3 },
  { service: 's3', operation: 'Copy', actions: ['s3:PutObject', 's3:GetObject'], mayUse: COPY_TAGS, source: `${BOTO3_S3}; boto3 copy() makes a CopyObject for objects under the multipart threshold, tags: ${COPY_TAGS_SOURCE}` },
  { service: 's3', operation: 'CreatePresignedPost', actions: ['s3:PutObject'], source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html (the POST is a PutObject signed with the role)' },
  { service: 's3', operation: 'GeneratePresignedPost', actions: ['s3:PutObject'], source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html' },
  { service: 'sqs', operation: 'SendMessageBatch', actions: ['sqs:SendMessage'], source: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-permissions-reference.html' },
  { service: 'sqs', operation: 'DeleteMessageBatch', actions: ['sqs:DeleteMessage'], source: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-permissions-reference.html' },
  { service: 'sqs', operation: 'ChangeMessageVisibilityBatch', actions: ['sqs:ChangeMessageVisibility'], source: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-permissions-reference.html' },
  { service: 'sns', operation: 'PublishBatch', actions: ['sns:Publish'], source: 'https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html' },
  { service: 'lambda', operation: 'Invoke', actions: ['lambda:InvokeFunction'], source: 'https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html' },
  { service: 'lambda', operation: 'InvokeWithResponseStream', actions: ['lambda:InvokeFunction'], source: 'https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html' },
  { service: 'lambda', operation: 'InvokeAsync', actions: ['lambda:InvokeFunction'], source: 'https://docs.aws.amazon.com/lambda/latest/api/API_InvokeAsync.html' },
  { service: 'dynamodb', operation: 'TransactGetItems', actions: ['dynamodb:GetItem'], source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html' },
  { service: 'bedrock', operation: 'Converse', actions: ['bedrock:InvokeModel'], source: 'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html (requires bedrock:InvokeModel)' },
  { service: 'bedrock', operation: 'ConverseStream', actions: ['bedrock:InvokeModelWithResponseStream'], source: 'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html' },
  { service: 'execute-api', operation: 'PostToConnection', actions: ['execute-api:ManageConnections'], source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-control-access-iam.html' },
  { service: 'execute-api', operation: 'GetConnection', actions: ['execute-api:ManageConnections'], source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-control-access-iam.html' },
  { service: 'execute-api', operation: 'DeleteConnection', actions: ['execute-api:ManageConnections'], source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-control-access-iam.html' },
];

/**
 * Services whose IAM actions are named by the operation's kind rather than its name: the API
 * Gateway management API (v1 and v2 clients, prefix `apigateway`) authorises HTTP verbs.
 */
export interface OperationPrefixRule {
  service: string;
  /** Operation name prefixes (`Get`, `Create`…), longest match wins. */
  prefixes: readonly string[];
  actions: readonly string[];
  source: string;
}

const APIGW = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html (management actions are apigateway:GET/POST/PUT/PATCH/DELETE on the resource path)';

export const OPERATION_PREFIX_RULES: readonly OperationPrefixRule[] = [
  { service: 'apigateway', prefixes: ['Get'], actions: ['apigateway:GET'], source: APIGW },
  { service: 'apigateway', prefixes: ['Create', 'Generate', 'Flush', 'Test'], actions: ['apigateway:POST'], source: APIGW },
  { service: 'apigateway', prefixes: ['Update'], actions: ['apigateway:PATCH'], source: APIGW },
  { service: 'apigateway', prefixes: ['Delete', 'Untag'], actions: ['apigateway:DELETE'], source: APIGW },
  { service: 'apigateway', prefixes: ['Put', 'Import', 'Reimport', 'Tag'], actions: ['apigateway:PUT'], source: APIGW },
];

const byKey = new Map<string, readonly string[]>(OPERATION_EXCEPTIONS.map((e) => [`${e.service}:${e.operation}`, e.actions]));
const mayUseByKey = new Map<string, readonly string[]>(OPERATION_EXCEPTIONS.filter((e) => e.mayUse).map((e) => [`${e.service}:${e.operation}`, e.mayUse!]));

/** Actions an operation may use depending on the data it acts on (`mayUse`): used when granted, never missing. */
export function operationMayUse(service: string, operation: string): readonly string[] {
  return mayUseByKey.get(`${service}:${operation}`) ?? [];
}

/** The actions of an exception, or undefined when the operation maps to the action of its name. */
export function operationException(service: string, operation: string): readonly string[] | undefined {
  const exact = byKey.get(`${service}:${operation}`);
  if (exact) return exact;
  let best: OperationPrefixRule | undefined;
  let bestLen = 0;
  for (const r of OPERATION_PREFIX_RULES) {
    if (r.service !== service) continue;
    for (const p of r.prefixes) if (operation.startsWith(p) && p.length > bestLen) {
      best = r;
      bestLen = p.length;
    }
  }
  return best?.actions;
}

/**
 * Actions an operation needs only when the request carries a parameter: `PutObject` with `ACL`
 * needs `s3:PutObjectAcl` too, with `Tagging` `s3:PutObjectTagging`, a `GetObject` of a
 * `VersionId` `s3:GetObjectVersion`. Added to the call's actions when the parameter is present in
 * the request (for boto3's managed transfers, inside `ExtraArgs`), so the missing/unused checks
 * and the narrowing fixes keep them. Data: one entry per parameter, with its source.
 */
export interface ParameterAction {
  service: string;
  /** Operations (PascalCase, SDK conveniences included) the parameter applies to. */
  operations: readonly string[];
  /** Request parameter (PascalCase, as in the API). */
  param: string;
  actions: readonly string[];
  /**
   * The actions apply to the resource the parameter's value names (the KMS key of `SSEKMSKeyId`),
   * not to the call's resource: they are recorded as a call of their own on that resource.
   */
  onParamResource?: true;
  source: string;
}

const S3_WRITES = ['PutObject', 'CopyObject', 'CreateMultipartUpload', 'Upload', 'UploadFile', 'UploadFileobj', 'Copy'];
const PUT_OBJECT = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html (Permissions: with x-amz-acl / x-amz-grant-* you need s3:PutObjectAcl, with x-amz-tagging s3:PutObjectTagging)';
const OBJECT_LOCK = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html (setting a legal hold or retention on upload needs s3:PutObjectLegalHold / s3:PutObjectRetention)';
const CREATE_SECRET = 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html (Required permissions: secretsmanager:CreateSecret; with tags also secretsmanager:TagResource; to add replica Regions also secretsmanager:ReplicateSecretToRegions)';
const S3_VERSIONS = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html (operations on a specific VersionId need the *Version* action)';

export const PARAMETER_ACTIONS: readonly ParameterAction[] = [
  { service: 's3', operations: S3_WRITES, param: 'ACL', actions: ['s3:PutObjectAcl'], source: PUT_OBJECT },
  { service: 's3', operations: S3_WRITES, param: 'GrantFullControl', actions: ['s3:PutObjectAcl'], source: PUT_OBJECT },
  { service: 's3', operations: S3_WRITES, param: 'GrantRead', actions: ['s3:PutObjectAcl'], source: PUT_OBJECT },
  { service: 's3', operations: S3_WRITES, param: 'GrantReadACP', actions: ['s3:PutObjectAcl'], source: PUT_OBJECT },
  { service: 's3', operations: S3_WRITES, param: 'GrantWriteACP', actions: ['s3:PutObjectAcl'], source: PUT_OBJECT },
  { service: 's3', operations: S3_WRITES, param: 'Tagging', actions: ['s3:PutObjectTagging'], source: PUT_OBJECT },
  { service: 's3', operations: S3_WRITES, param: 'ObjectLockLegalHoldStatus', actions: ['s3:PutObjectLegalHold'], source: OBJECT_LOCK },
  { service: 's3', operations: S3_WRITES, param: 'ObjectLockMode', actions: ['s3:PutObjectRetention'], source: OBJECT_LOCK },
  { service: 's3', operations: S3_WRITES, param: 'ObjectLockRetainUntilDate', actions: ['s3:PutObjectRetention'], source: OBJECT_LOCK },
  {
    service: 's3',
    operations: ['PutObject', 'CopyObject'],
    param: 'SSEKMSKeyId',
    actions: ['kms:GenerateDataKey'],
    onParamResource: true,
    source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#aws-managed-customer-managed-keys (uploading with a KMS key needs kms:GenerateDataKey on the key)',
  },
  {
    service: 's3',
    operations: ['CreateMultipartUpload', 'Upload', 'UploadFile', 'UploadFileobj', 'Copy'],
    param: 'SSEKMSKeyId',
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    onParamResource: true,
    source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions (a multipart upload with a KMS key needs kms:GenerateDataKey and kms:Decrypt on the key)',
  },
  { service: 's3', operations: ['GetObject', 'HeadObject', 'DownloadFile', 'DownloadFileobj'], param: 'VersionId', actions: ['s3:GetObjectVersion'], source: S3_VERSIONS },
  { service: 's3', operations: ['DeleteObject'], param: 'VersionId', actions: ['s3:DeleteObjectVersion'], source: S3_VERSIONS },
  { service: 's3', operations: ['GetObjectTagging'], param: 'VersionId', actions: ['s3:GetObjectVersionTagging'], source: S3_VERSIONS },
  { service: 's3', operations: ['PutObjectTagging'], param: 'VersionId', actions: ['s3:PutObjectVersionTagging'], source: S3_VERSIONS },
  { service: 's3', operations: ['GetObjectAcl'], param: 'VersionId', actions: ['s3:GetObjectVersionAcl'], source: S3_VERSIONS },
  { service: 's3', operations: ['PutObjectAcl'], param: 'VersionId', actions: ['s3:PutObjectVersionAcl'], source: S3_VERSIONS },
  // Secrets Manager: tags and replicas given at creation are authorised as TagResource / ReplicateSecretToRegions too.
  { service: 'secretsmanager', operations: ['CreateSecret'], param: 'Tags', actions: ['secretsmanager:TagResource'], source: CREATE_SECRET },
  { service: 'secretsmanager', operations: ['CreateSecret'], param: 'AddReplicaRegions', actions: ['secretsmanager:ReplicateSecretToRegions'], source: CREATE_SECRET },
  {
    service: 'secretsmanager',
    operations: ['RotateSecret'],
    param: 'RotationLambdaARN',
    actions: ['lambda:InvokeFunction'],
    onParamResource: true,
    source: 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html (Required permissions: secretsmanager:RotateSecret; you also need lambda:InvokeFunction to call the rotation function)',
  },
  // Operations that hand a role to a service (role-passing.ts, whose entries carry the sources):
  // iam:PassRole on the role the request's top-level role parameter names, a call of its own.
  ...ROLE_PASSING_CALLS.filter((c) => /^[A-Za-z]+$/.test(c.parameter)).map(
    (c): ParameterAction => ({ service: c.action.slice(0, c.action.indexOf(':')), operations: [c.action.slice(c.action.indexOf(':') + 1)], param: c.parameter, actions: ['iam:PassRole'], onParamResource: true, source: c.source }),
  ),
];

const parameterActionsByService = new Map<string, ParameterAction[]>();
for (const p of PARAMETER_ACTIONS) {
  const list = parameterActionsByService.get(p.service) ?? [];
  list.push(p);
  parameterActionsByService.set(p.service, list);
}

/** The parameter-dependent actions of one service's operations. */
export function parameterActionsFor(service: string): readonly ParameterAction[] {
  return parameterActionsByService.get(service) ?? [];
}
