/**
 * Permissions AWS uses with a function's execution role although the handler code makes no SDK
 * call for them. Data only, four tables, one source note per entry; every action must exist in
 * the IAM catalogue (test/engine/permissions-data.test.ts):
 *
 *  - PLATFORM: what the Lambda service itself does with the role (logs, X-Ray, VPC interfaces…);
 *  - EVENT_SOURCE_MAPPINGS: what an event source mapping polls with (SQS, streams, Kafka, MQ,
 *    DocumentDB), by the trigger kinds that declare it;
 *  - CALLER_CREDENTIALS: services that act with the caller's credentials on other resources when
 *    the code calls one of their actions (Rekognition reading the S3 object it is given, Athena
 *    reading the Glue catalogue and S3…);
 *  - SDK_HELPERS: libraries and Lambda extensions that call AWS for the handler.
 */

export interface PlatformNeed {
  id: 'logs' | 'xray' | 'vpc' | 'efs' | 'durable' | 'destinations' | 'sse-kms';
  actions: readonly string[];
  source: string;
}

export const PLATFORM: readonly PlatformNeed[] = [
  {
    id: 'logs',
    actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html#monitoring-cloudwatchlogs-prereqs',
  },
  {
    id: 'xray',
    actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:GetSamplingStatisticSummaries'],
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html (AWSXRayDaemonWriteAccess)',
  },
  {
    id: 'vpc',
    actions: [
      'ec2:CreateNetworkInterface',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses',
      'ec2:UnassignPrivateIpAddresses',
      'ec2:DescribeSubnets',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeVpcs',
    ],
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions',
  },
  {
    // A function with a file system (SAM/CloudFormation FileSystemConfigs, serverless fileSystemConfig):
    // Lambda mounts the access point with the execution role; no SDK call in the handler.
    // ClientRootAccess: when the access point's POSIX user is root (uid 0), the mount needs it.
    id: 'efs',
    actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientRootAccess'],
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-filesystem.html#configuration-filesystem-permissions (ClientMount, ClientWrite for read-write mounts); https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html (ClientRootAccess for root clients)',
  },
  {
    id: 'durable',
    actions: ['lambda:CheckpointDurableExecution', 'lambda:GetDurableExecutionState'],
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/durable-execution-permissions.html (AWSLambdaBasicDurableExecutionRolePolicy)',
  },
  {
    id: 'destinations',
    actions: ['sqs:SendMessage', 'sns:Publish', 'lambda:InvokeFunction', 'events:PutEvents'],
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html#destinations-permissions',
  },
  {
    id: 'sse-kms',
    actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:DescribeKey'],
    source: 'https://docs.aws.amazon.com/kms/latest/developerguide/service-integration.html (services encrypting with a customer key use the caller\'s kms permissions)',
  },
];

export function platformActions(id: PlatformNeed['id']): readonly string[] {
  return PLATFORM.find((p) => p.id === id)!.actions;
}

/** A kind of event source mapping and the actions the Lambda poller uses with the role. */
export interface EventSourceMapping {
  id: 'sqs' | 'dynamodb-stream' | 'kinesis' | 'msk' | 'kafka' | 'mq' | 'documentdb';
  /** Trigger kinds (handlers.ts `TriggerKind`) and event types (serverless / SAM) that declare one. */
  triggers: readonly string[];
  eventTypes: readonly string[];
  /** CloudFormation types of the `EventSourceArn` target of an `AWS::Lambda::EventSourceMapping`. */
  sourceResourceTypes: readonly string[];
  /**
   * AWS managed policies made for this poller (`AWSLambdaMSKExecutionRole`): a role attaching one
   * serves a mapping of this kind even when the mapping is declared elsewhere (another stack, the
   * console, a script), so the poller's actions it grants are not unused.
   */
  managedPolicies?: readonly string[];
  actions: readonly string[];
  source: string;
}

const ESM_VPC = ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DeleteNetworkInterface', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'];

export const EVENT_SOURCE_MAPPINGS: readonly EventSourceMapping[] = [
  {
    id: 'sqs',
    triggers: ['sqs'],
    eventTypes: ['sqs', 'SQS'],
    sourceResourceTypes: ['AWS::SQS::Queue'],
    actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'],
    managedPolicies: ['AWSLambdaSQSQueueExecutionRole'],
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#events-sqs-permissions',
  },
  {
    id: 'dynamodb-stream',
    triggers: ['dynamodb-stream'],
    eventTypes: ['DynamoDB'],
    sourceResourceTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
    actions: ['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:ListStreams'],
    managedPolicies: ['AWSLambdaDynamoDBExecutionRole'],
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html#events-dynamodb-permissions',
  },
  {
    id: 'kinesis',
    triggers: ['kinesis'],
    eventTypes: ['Kinesis'],
    sourceResourceTypes: ['AWS::Kinesis::Stream', 'AWS::Kinesis::StreamConsumer'],
    actions: [
      'kinesis:GetRecords',
      'kinesis:GetShardIterator',
      'kinesis:DescribeStream',
      'kinesis:DescribeStreamSummary',
      'kinesis:ListShards',
      'kinesis:ListStreams',
      'kinesis:SubscribeToShard',
      'kinesis:DescribeStreamConsumer',
    ],
    managedPolicies: ['AWSLambdaKinesisExecutionRole'],
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html#events-kinesis-permissions',
  },
  {
    id: 'msk',
    triggers: [],
    eventTypes: ['msk', 'MSK'],
    sourceResourceTypes: ['AWS::MSK::Cluster', 'AWS::MSK::ServerlessCluster'],
    actions: [
      'kafka:DescribeCluster',
      'kafka:DescribeClusterV2',
      'kafka:GetBootstrapBrokers',
      'kafka-cluster:Connect',
      'kafka-cluster:DescribeGroup',
      'kafka-cluster:AlterGroup',
      'kafka-cluster:DescribeTopic',
      'kafka-cluster:ReadData',
      'kafka-cluster:DescribeClusterDynamicConfiguration',
      'secretsmanager:GetSecretValue',
      'kms:Decrypt',
      ...ESM_VPC,
    ],
    managedPolicies: ['AWSLambdaMSKExecutionRole'],
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/with-msk-permissions.html',
  },
  {
    id: 'kafka',
    triggers: [],
    eventTypes: ['kafka', 'SelfManagedKafka'],
    sourceResourceTypes: [],
    actions: ['secretsmanager:GetSecretValue', 'kms:Decrypt', ...ESM_VPC],
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/with-kafka-permissions.html',
  },
  {
    id: 'mq',
    triggers: [],
    eventTypes: ['activemq', 'rabbitmq', 'MQ'],
    sourceResourceTypes: ['AWS::AmazonMQ::Broker'],
    actions: ['mq:DescribeBroker', 'secretsmanager:GetSecretValue', ...ESM_VPC],
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/with-mq.html#events-mq-permissions',
  },
  {
    id: 'documentdb',
    triggers: [],
    eventTypes: ['DocumentDB'],
    sourceResourceTypes: ['AWS::DocDB::DBCluster'],
    actions: ['rds:DescribeDBClusters', 'rds:DescribeDBClusterParameters', 'rds:DescribeDBSubnetGroups', 'secretsmanager:GetSecretValue', 'kms:Decrypt', ...ESM_VPC],
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/with-documentdb.html#docdb-prereqs',
  },
];

/**
 * A role holding this whole set serves a DynamoDB stream mapping even when the mapping is declared
 * in another stack: the set is never called unused (the rule says so at info at most).
 */
export const STREAM_POLLING_SETS: readonly { id: string; actions: readonly string[]; source: string }[] = [
  { id: 'dynamodb-stream', actions: ['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:ListStreams'], source: 'https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html#events-dynamodb-permissions' },
  { id: 'kinesis', actions: ['kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:DescribeStream', 'kinesis:ListShards'], source: 'https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html#events-kinesis-permissions' },
  { id: 'sqs', actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], source: 'https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#events-sqs-permissions' },
];

/**
 * Resource types whose customer-managed KMS key the service itself uses, through the key policy's
 * grant to the service principal: a caller writing to or reading from such a resource needs no KMS
 * permission of its own, so the key does not count as one the function's role must be able to use.
 * Data: one entry per resource type, with its source.
 */
export const SERVICE_USED_KEYS: readonly { type: string; source: string }[] = [
  { type: 'AWS::Logs::LogGroup', source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html (the key policy allows logs.<region>.amazonaws.com; CloudWatch Logs uses the key, callers of PutLogEvents need no KMS permission)' },
];

/** When the code calls one of `whenCalled` (IAM action patterns), the service uses `actions` with the caller's credentials. */
/**
 * Actions no SDK call needs but whose grant changes what a called action answers: without
 * s3:ListBucket on the bucket, GetObject / HeadObject of a missing key fail with 403 AccessDenied
 * instead of 404 NoSuchKey, which code tests for (`except s3.exceptions.NoSuchKey`, a 404 check).
 * iam-unused-permission counts them as used when the code calls one of `whenCalled`, and no
 * narrowing fix drops them. Data: one entry per action, with its source.
 */
export const ANSWER_SHAPING: readonly { action: string; whenCalled: readonly string[]; source: string }[] = [
  { action: 's3:ListBucket', whenCalled: ['s3:GetObject', 's3:GetObjectVersion'], source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (Permissions: 404 with s3:ListBucket, else 403)' },
];

/**
 * Version ids the code lists and then acts on: ListObjectVersions (s3:ListBucketVersions) returns
 * each object version with its VersionId, and code that lists versions hands them on to
 * DeleteObjects / DeleteObject / GetObject (emptying a versioned bucket before deleting it is the
 * usual case). An object call on a VersionId needs the *Version* action, so when the code lists
 * versions, each object action it calls counts its version form as used. Data: one entry per
 * object action, with the source.
 */
export const VERSION_LISTING: { listedBy: string; variants: readonly { action: string; version: string }[]; source: string } = {
  listedBy: 's3:ListBucketVersions',
  variants: [
    { action: 's3:DeleteObject', version: 's3:DeleteObjectVersion' },
    { action: 's3:GetObject', version: 's3:GetObjectVersion' },
    { action: 's3:GetObjectAcl', version: 's3:GetObjectVersionAcl' },
    { action: 's3:PutObjectAcl', version: 's3:PutObjectVersionAcl' },
    { action: 's3:GetObjectTagging', version: 's3:GetObjectVersionTagging' },
    { action: 's3:PutObjectTagging', version: 's3:PutObjectVersionTagging' },
  ],
  source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html (returns VersionId per version) and https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html (Permissions: a VersionId in the request needs s3:DeleteObjectVersion)',
};

export interface CallerCredentialUse {
  whenCalled: readonly string[];
  actions: readonly string[];
  source: string;
}

export const CALLER_CREDENTIALS: readonly CallerCredentialUse[] = [
  {
    whenCalled: ['rekognition:Detect*', 'rekognition:Compare*', 'rekognition:IndexFaces', 'rekognition:Recognize*', 'rekognition:Start*', 'rekognition:SearchFacesByImage', 'rekognition:SearchUsersByImage'],
    actions: ['s3:GetObject', 's3:GetObjectVersion'],
    source:
      'https://docs.aws.amazon.com/rekognition/latest/dg/images-s3.html (the caller needs s3:GetObject on the image it names); every operation taking an Image.S3Object reads it so, SearchFacesByImage and SearchUsersByImage included: https://docs.aws.amazon.com/rekognition/latest/APIReference/API_SearchFacesByImage.html',
  },
  {
    whenCalled: ['textract:*'],
    actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
    source: 'https://docs.aws.amazon.com/textract/latest/dg/security_iam_id-based-policy-examples.html (documents in S3 are read, async outputs written, as the caller)',
  },
  {
    whenCalled: ['comprehend:Detect*', 'comprehend:BatchDetect*', 'comprehend:Classify*', 'comprehend:ContainsPiiEntities'],
    actions: ['s3:GetObject'],
    source: 'https://docs.aws.amazon.com/comprehend/latest/dg/security_iam_id-based-policy-examples.html (documents named by S3 URI are read with the caller\'s permissions)',
  },
  {
    whenCalled: ['transcribe:Start*'],
    actions: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'],
    source: 'https://docs.aws.amazon.com/transcribe/latest/dg/security_iam_id-based-policy-examples.html (media read and output written with the caller\'s permissions)',
  },
  {
    whenCalled: ['athena:StartQueryExecution', 'athena:GetQueryResults', 'athena:GetQueryExecution'],
    actions: [
      'glue:GetTable',
      'glue:GetTables',
      'glue:GetDatabase',
      'glue:GetDatabases',
      'glue:GetPartition',
      'glue:GetPartitions',
      'glue:BatchGetPartition',
      's3:GetObject',
      's3:ListBucket',
      's3:GetBucketLocation',
      's3:PutObject',
      's3:AbortMultipartUpload',
      's3:ListMultipartUploadParts',
      's3:ListBucketMultipartUploads',
    ],
    source: 'https://docs.aws.amazon.com/athena/latest/ug/fine-grained-access-to-glue-resources.html and https://docs.aws.amazon.com/athena/latest/ug/s3-permissions.html',
  },
  {
    whenCalled: ['bedrock:RetrieveAndGenerate'],
    actions: ['bedrock:Retrieve', 'bedrock:InvokeModel', 'bedrock:GetInferenceProfile'],
    source: 'https://docs.aws.amazon.com/bedrock/latest/userguide/kb-test-config.html (RetrieveAndGenerate needs Retrieve and InvokeModel)',
  },
  {
    whenCalled: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream', 'bedrock:RetrieveAndGenerate'],
    actions: ['bedrock:ApplyGuardrail', 'bedrock:GetInferenceProfile'],
    source: 'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-permissions.html (a call with a guardrail needs ApplyGuardrail)',
  },
  {
    whenCalled: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
    actions: ['aws-marketplace:Subscribe', 'aws-marketplace:Unsubscribe', 'aws-marketplace:ViewSubscriptions'],
    source: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-access-permissions.html (serverless third-party models from AWS Marketplace are enabled on first invocation with the caller\'s aws-marketplace:Subscribe / ViewSubscriptions; Unsubscribe is in the same documented model-access policy)',
  },
  {
    whenCalled: ['bedrock:InvokeAgent', 'bedrock:InvokeInlineAgent'],
    actions: ['bedrock:GetAgent', 'bedrock:GetAgentAlias'],
    source: 'https://docs.aws.amazon.com/bedrock/latest/userguide/security_iam_id-based-policy-examples-agent.html',
  },
];

/** Libraries (by import) and Lambda extensions (by layer) that call AWS for the handler. */
export interface SdkHelper {
  /** Import specifiers (JS packages, Python modules; a prefix match on `/` or `.`). */
  imports?: readonly string[];
  /** A layer ARN containing this text. */
  layer?: string;
  /**
   * Names (attributes, keyword arguments, decorators) the importing module must use for the library
   * to make these calls: the feature that calls AWS (crhelper polls only with a poll_* handler or a
   * polling interval). Without it, importing the library is enough.
   */
  usedThrough?: readonly string[];
  actions: readonly string[];
  source: string;
}

export const SDK_HELPERS: readonly SdkHelper[] = [
  {
    imports: ['@aws/durable-execution-sdk-js', 'aws_durable_execution_sdk_python'],
    actions: ['lambda:InvokeFunction', 'lambda:CheckpointDurableExecution', 'lambda:GetDurableExecutionState'],
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/durable-execution-sdk.html (context.invoke calls lambda:InvokeFunction with the function\'s role)',
  },
  {
    imports: ['@aws-lambda-powertools/idempotency', 'aws_lambda_powertools.utilities.idempotency'],
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    source: 'https://docs.powertools.aws.dev/lambda/typescript/latest/features/idempotency/#iam-permissions',
  },
  {
    imports: ['@aws-lambda-powertools/parameters', 'aws_lambda_powertools.utilities.parameters'],
    actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath', 'secretsmanager:GetSecretValue', 'appconfig:StartConfigurationSession', 'appconfig:GetLatestConfiguration', 'dynamodb:GetItem', 'dynamodb:Query', 'kms:Decrypt'],
    source: 'https://docs.powertools.aws.dev/lambda/typescript/latest/features/parameters/#iam-permissions',
  },
  {
    imports: ['@aws-lambda-powertools/batch', 'aws_lambda_powertools.utilities.batch'],
    actions: [],
    source: 'https://docs.powertools.aws.dev/lambda/typescript/latest/features/batch/ (partial batch responses: no AWS call of its own; the mapping polls)',
  },
  {
    imports: [
      'langchain_aws',
      '@langchain/aws',
      'langchain_community.chat_models.bedrock',
      'langchain_community.llms.bedrock',
      'langchain_community.embeddings.bedrock',
      '@langchain/community/chat_models/bedrock',
      '@langchain/community/llms/bedrock',
      '@langchain/community/embeddings/bedrock',
      'llama_index.llms.bedrock',
      'llama_index.llms.bedrock_converse',
      'llama_index.embeddings.bedrock',
    ],
    actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
    source:
      'https://python.langchain.com/docs/integrations/chat/bedrock/ and https://js.langchain.com/docs/integrations/chat/bedrock_converse/ (ChatBedrock / ChatBedrockConverse / BedrockEmbeddings call bedrock-runtime InvokeModel, Converse and their streaming forms with the default credentials, i.e. the execution role); https://docs.llamaindex.ai/en/stable/examples/llm/bedrock/ (the same through boto3)',
  },
  {
    imports: ['@aws-sdk/lib-storage'],
    actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
    source: 'https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-lib-storage/ (multipart upload, aborted on failure)',
  },
  {
    imports: ['crhelper'],
    usedThrough: ['poll_create', 'poll_update', 'poll_delete', 'polling_interval', '_poll_create_func', '_poll_update_func', '_poll_delete_func'],
    actions: ['events:PutRule', 'events:PutTargets', 'events:RemoveTargets', 'events:DeleteRule', 'lambda:AddPermission', 'lambda:RemovePermission'],
    source:
      'https://github.com/aws-cloudformation/custom-resource-helper#polling (polling schedules the function with a CloudWatch Events rule it creates and removes with the execution role: lambda:AddPermission, lambda:RemovePermission, events:PutRule, events:DeleteRule, events:PutTargets, events:RemoveTargets)',
  },
  {
    layer: 'AWS-AppConfig-Extension',
    actions: ['appconfig:StartConfigurationSession', 'appconfig:GetLatestConfiguration'],
    source: 'https://docs.aws.amazon.com/appconfig/latest/userguide/appconfig-integration-lambda-extensions.html (the extension retrieves the configuration with the function\'s execution role over localhost:2772; the role needs appconfig:StartConfigurationSession and appconfig:GetLatestConfiguration)',
  },
  {
    layer: 'AWS-Parameters-and-Secrets-Lambda-Extension',
    actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath', 'secretsmanager:GetSecretValue', 'kms:Decrypt'],
    source: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-integration-lambda-extensions.html (the extension calls with the function\'s role over localhost:2773)',
  },
];
