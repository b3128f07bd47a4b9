/**
 * Policy text AWS documents as the way to grant a job, wildcards included, so that reporting it
 * would only say "AWS's own example is too broad". Two tables, one entry per statement or
 * pattern, each with its source:
 *
 * - KMS_DEFAULT_KEY_POLICY: the statements of the default key policy the KMS console writes
 *   (beyond the account-root statement, which policy-idioms.ts recognises in all its spellings).
 *   In a key policy every statement applies to that key only, so the administrators' `kms:Create*`,
 *   `kms:Delete*`… manage this key, not every key of the account.
 * - DOCUMENTED_ACTION_WILDCARDS: action patterns AWS documents as the grant for a task, whose
 *   matches are all reads (checked against the IAM catalogue when used, so an action AWS adds
 *   later that is not a read makes the pattern reportable again).
 *
 * Pure data; policy-idioms.ts holds the matching.
 */

export interface KmsDefaultStatement {
  /** The statement's Sid in the console's policy, in words for docs. */
  readonly statement: string;
  /** Every action the statement may list (lower case, `kms:` prefix); a statement listing only these is the idiom. */
  readonly actions: readonly string[];
  readonly source: string;
}

const KEY_POLICY_DEFAULT = 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html';

export const KMS_DEFAULT_KEY_POLICY: readonly KmsDefaultStatement[] = [
  {
    statement: 'Allow access for Key Administrators',
    actions: [
      'kms:create*', 'kms:describe*', 'kms:enable*', 'kms:list*', 'kms:put*', 'kms:update*', 'kms:revoke*', 'kms:disable*', 'kms:get*', 'kms:delete*',
      'kms:tagresource', 'kms:untagresource', 'kms:schedulekeydeletion', 'kms:cancelkeydeletion', 'kms:rotatekeyondemand',
      // Multi-Region primary keys: the console adds these two to the administrators' statement.
      'kms:replicatekey', 'kms:updateprimaryregion',
    ],
    source: `${KEY_POLICY_DEFAULT}#key-policy-default-allow-administrators (the actions the console grants key administrators, on this key; multi-Region keys add kms:ReplicateKey and kms:UpdatePrimaryRegion)`,
  },
  {
    statement: 'Allow use of the key',
    actions: [
      // Symmetric encryption keys.
      'kms:encrypt', 'kms:decrypt', 'kms:reencrypt*', 'kms:generatedatakey*', 'kms:describekey',
      // Asymmetric, HMAC and key-agreement keys.
      'kms:getpublickey', 'kms:sign', 'kms:verify', 'kms:generatemac', 'kms:verifymac', 'kms:derivesharedsecret',
    ],
    source: `${KEY_POLICY_DEFAULT}#key-policy-default-allow-users (the cryptographic operations the console grants key users, per key type, on this key)`,
  },
];

export interface DocumentedWildcard {
  /** The action pattern as AWS writes it (matched case-insensitively). */
  readonly pattern: string;
  /** What the pattern is for, in words. */
  readonly task: string;
  readonly source: string;
}

export const DOCUMENTED_ACTION_WILDCARDS: readonly DocumentedWildcard[] = [
  {
    pattern: 'geo:GetMap*',
    task: 'rendering an Amazon Location map (GetMapTile, GetMapStyleDescriptor, GetMapSprites, GetMapGlyphs)',
    source:
      'https://docs.aws.amazon.com/location/latest/APIReference/API_ApiKeyRestrictions.html ("to provide access to map rendering, the only valid action is geo:GetMap*"); the Amazon Location guide grants geo:GetMap* on the map to the Cognito guest role: https://docs.aws.amazon.com/location/previous/developerguide/authenticating-using-cognito.html',
  },
];

/**
 * KMS_ENCRYPTED_WRITES: what a caller needs of KMS when it writes to (or reads from) a resource the
 * template encrypts with a KMS key. The service encrypts with the caller's permissions, so the
 * caller's role needs the KMS actions on the key although no code calls KMS: a `kms:GenerateDataKey*`
 * + `kms:Decrypt` statement next to such a call is what the service documents, and narrowing that
 * drops them breaks the write. One entry per resource type and encryption property, with its source.
 */
export interface KmsEncryptedResource {
  /** CloudFormation resource type. */
  readonly type: string;
  /** Property path to the key (`*` for every item of a list); the resource is KMS-encrypted when it is set. */
  readonly keyPath: readonly string[];
  /** Service actions on the resource (`sns:Publish`) and the KMS actions each then needs on the key. */
  readonly needs: readonly { readonly actions: readonly string[]; readonly kms: readonly string[] }[];
  readonly source: string;
}

export const KMS_ENCRYPTED_RESOURCES: readonly KmsEncryptedResource[] = [
  {
    type: 'AWS::SNS::Topic',
    keyPath: ['KmsMasterKeyId'],
    needs: [{ actions: ['sns:Publish'], kms: ['kms:GenerateDataKey', 'kms:Decrypt'] }],
    source: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#sns-what-permissions-for-sse (a publisher to an encrypted topic needs kms:GenerateDataKey and kms:Decrypt on its key; AWS services publishing to it, kms:GenerateDataKey* and kms:Decrypt)',
  },
  {
    type: 'AWS::SQS::Queue',
    keyPath: ['KmsMasterKeyId'],
    needs: [
      { actions: ['sqs:SendMessage'], kms: ['kms:GenerateDataKey', 'kms:Decrypt'] },
      { actions: ['sqs:ReceiveMessage'], kms: ['kms:Decrypt'] },
    ],
    source: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#send-to-encrypted-queue (producers need kms:GenerateDataKey and kms:Decrypt, consumers kms:Decrypt)',
  },
  {
    type: 'AWS::S3::Bucket',
    keyPath: ['BucketEncryption', 'ServerSideEncryptionConfiguration', '*', 'ServerSideEncryptionByDefault', 'KMSMasterKeyID'],
    needs: [
      { actions: ['s3:PutObject'], kms: ['kms:GenerateDataKey', 'kms:Decrypt'] },
      { actions: ['s3:GetObject'], kms: ['kms:Decrypt'] },
    ],
    source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#aws-managed-customer-managed-keys (uploading an SSE-KMS object needs kms:GenerateDataKey, a multipart upload kms:Decrypt too; reading one kms:Decrypt)',
  },
  {
    type: 'AWS::Kinesis::Stream',
    keyPath: ['StreamEncryption', 'KeyId'],
    needs: [
      { actions: ['kinesis:PutRecord', 'kinesis:PutRecords'], kms: ['kms:GenerateDataKey'] },
      { actions: ['kinesis:GetRecords'], kms: ['kms:Decrypt'] },
    ],
    source: 'https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html (producers need kms:GenerateDataKey, consumers kms:Decrypt on the stream key)',
  },
];

/**
 * KMS_KEY_USE_PATTERNS: the two action patterns AWS writes in its key-use policies ("Allow use of the
 * key" above; the SNS and SQS encryption pages), each standing for a fixed family of one operation:
 * the data-key variants and the two halves of a re-encryption. In a statement that grants only key
 * use (the key users' actions), they are the documented form, not a service wildcard.
 */
export const KMS_KEY_USE_PATTERNS: readonly { readonly pattern: string; readonly family: string; readonly source: string }[] = [
  {
    pattern: 'kms:GenerateDataKey*',
    family: 'the data-key variants (GenerateDataKey, …WithoutPlaintext, …Pair, …PairWithoutPlaintext)',
    source: `${KEY_POLICY_DEFAULT}#key-policy-default-allow-users; https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#sns-what-permissions-for-sse (kms:GenerateDataKey* with kms:Decrypt for publishers to an encrypted topic)`,
  },
  {
    pattern: 'kms:ReEncrypt*',
    family: 'kms:ReEncryptFrom and kms:ReEncryptTo, the two halves of one re-encryption',
    source: `${KEY_POLICY_DEFAULT}#key-policy-default-allow-users`,
  },
];
