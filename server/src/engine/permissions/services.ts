/**
 * What AWS SDK names mean in IAM terms: SDK package / client class / boto3 service name → IAM
 * service prefix, API operation → IAM action(s) (with the known exceptions where the two differ),
 * plus the few permission sets the platform itself uses (logs, X-Ray, VPC, event-source polling)
 * and those of common AWS managed policies and SAM policy templates. Pure data + small lookups.
 *
 * Only actions that exist in the IAM catalogue come out of `actionsForOperation`.
 */
import { allServicePrefixes, lookupAction, serviceExists } from '../iam/catalog';
import { EVENT_SOURCE_MAPPINGS, platformActions } from './data/implied-actions';
import { operationException } from './data/operation-actions';
import { SAM_POLICY_TEMPLATES, samTemplateActions } from '../iam/data/sam-policy-templates';

/** `client-secrets-manager`, `SecretsManager`, `secretsmanager` → `secretsmanager` (lower case, letters and digits only). */
export function normServiceName(name: string): string {
  let out = '';
  for (const ch of name.toLowerCase()) if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) out += ch;
  return out;
}

/** Normalised SDK service names whose IAM prefix is spelt differently. */
const SERVICE_ALIASES: Record<string, string> = {
  cognitoidentityprovider: 'cognito-idp',
  cognitoidentityserviceprovider: 'cognito-idp',
  cognitoidp: 'cognito-idp',
  cognitoidentity: 'cognito-identity',
  eventbridge: 'events',
  cloudwatchevents: 'events',
  sfn: 'states',
  stepfunctions: 'states',
  sesv2: 'ses',
  cloudwatchlogs: 'logs',
  apigatewaymanagementapi: 'execute-api',
  apigateway: 'apigateway',
  apigatewayv2: 'apigateway',
  bedrockruntime: 'bedrock',
  bedrockagentruntime: 'bedrock',
  bedrockagent: 'bedrock',
  // boto3 `bedrock-agentcore` / `bedrock-agentcore-control` (IAM prefix bedrock-agentcore)
  bedrockagentcore: 'bedrock-agentcore',
  bedrockagentcorecontrol: 'bedrock-agentcore',
  iotdataplane: 'iot',
  iotdata: 'iot',
  sagemakerruntime: 'sagemaker',
  rdsdata: 'rds-data',
  rdsdataservice: 'rds-data',
  appconfigdata: 'appconfig',
  dynamodbstreams: 'dynamodb',
  elasticloadbalancingv2: 'elasticloadbalancing',
  elbv2: 'elasticloadbalancing',
  elb: 'elasticloadbalancing',
  emr: 'elasticmapreduce',
  timestreamwrite: 'timestream',
  timestreamquery: 'timestream',
  personalizeruntime: 'personalize',
  personalizeevents: 'personalize',
  opensearch: 'es',
  pinpoint: 'mobiletargeting',
  pinpointsmsvoicev2: 'sms-voice',
  resourcegroupstaggingapi: 'tag',
  costexplorer: 'ce',
  location: 'geo',
  s3control: 's3',
  transcribeservice: 'transcribe',
  kinesisanalyticsv2: 'kinesisanalytics',
  firehose: 'firehose',
  dynamodb: 'dynamodb',
};

const normPrefixCache = new Map<string, string>();

/** The IAM service prefix for an SDK service name in any spelling; undefined when unknown. */
export function iamServiceFor(sdkName: string): string | undefined {
  const n = normServiceName(sdkName);
  if (!n) return undefined;
  const alias = SERVICE_ALIASES[n];
  if (alias) return alias;
  if (serviceExists(n)) return n;
  if (normPrefixCache.size === 0) for (const p of allServicePrefixes()) normPrefixCache.set(normServiceName(p), p);
  return normPrefixCache.get(n);
}

/** JS: the IAM prefix of an `@aws-sdk/client-*` package, undefined for other modules. */
export function v3ClientPackageService(spec: string): string | undefined {
  if (!spec.startsWith('@aws-sdk/client-')) return undefined;
  return iamServiceFor(spec.slice('@aws-sdk/client-'.length));
}

/** `aws-sdk/clients/s3` → s3. */
export function v2ClientModuleService(spec: string): string | undefined {
  if (!spec.startsWith('aws-sdk/clients/')) return undefined;
  return iamServiceFor(spec.slice('aws-sdk/clients/'.length));
}

/** `putItem` / `put_item` / `PutItemCommand` / `paginateQuery` → the API operation name (`PutItem`, `Query`). */
export function operationFromCamel(name: string): string {
  return name.length ? name[0].toUpperCase() + name.slice(1) : name;
}

export function operationFromSnake(name: string): string {
  let out = '';
  for (const part of name.split('_')) if (part) out += part[0].toUpperCase() + part.slice(1);
  return out;
}

/** DynamoDB DocumentClient (SDK v2) / DynamoDBDocument (lib-dynamodb) method → DynamoDB operation. */
export const DOC_CLIENT_METHODS: Record<string, string> = {
  get: 'GetItem',
  put: 'PutItem',
  update: 'UpdateItem',
  delete: 'DeleteItem',
  query: 'Query',
  scan: 'Scan',
  batchGet: 'BatchGetItem',
  batchWrite: 'BatchWriteItem',
  transactGet: 'TransactGetItems',
  transactWrite: 'TransactWriteItems',
  executeStatement: 'ExecuteStatement',
  batchExecuteStatement: 'BatchExecuteStatement',
  executeTransaction: 'ExecuteTransaction',
};

/** lib-dynamodb command class (without `Command`) → DynamoDB operation. */
export const LIB_DYNAMODB_COMMANDS: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  Query: 'Query',
  Scan: 'Scan',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
  ExecuteStatement: 'ExecuteStatement',
  BatchExecuteStatement: 'BatchExecuteStatement',
  ExecuteTransaction: 'ExecuteTransaction',
};

/** DynamoDB operations whose actions depend on the request (transactions, PartiQL). */
export const REQUEST_DEPENDENT: Record<string, Set<string>> = {
  dynamodb: new Set(['TransactWriteItems', 'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction']),
};

/** `TransactItems: [{Put: …}, {Update: …}]` entry keys → DynamoDB actions. */
export const TRANSACT_ITEM_ACTIONS: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
  Get: 'dynamodb:GetItem',
};

/** First keyword of a PartiQL statement → DynamoDB action. */
export const PARTIQL_ACTIONS: Record<string, string> = {
  select: 'dynamodb:PartiQLSelect',
  insert: 'dynamodb:PartiQLInsert',
  update: 'dynamodb:PartiQLUpdate',
  delete: 'dynamodb:PartiQLDelete',
};

/**
 * IAM actions (canonical "service:Action") of one API operation of a service, or [] when the
 * operation is not an IAM action (SDK helpers such as `promise`, `send`, `meta`).
 */
export function actionsForOperation(service: string, operation: string): string[] {
  const names = operationException(service, operation) ?? [`${service}:${operation}`];
  const out: string[] = [];
  for (const n of names) {
    const a = lookupAction(n);
    if (a && !out.includes(a.fullName)) out.push(a.fullName);
  }
  return out;
}

/** Actions that need no IAM permission (anonymous or token-authenticated APIs). */
export const NO_IAM_NEEDED = new Set(
  [
    'sts:GetCallerIdentity',
    'sts:AssumeRoleWithWebIdentity',
    'sts:AssumeRoleWithSAML',
    'cognito-identity:GetId',
    'cognito-identity:GetCredentialsForIdentity',
    'cognito-identity:GetOpenIdToken',
    'cognito-idp:InitiateAuth',
    'cognito-idp:RespondToAuthChallenge',
    'cognito-idp:SignUp',
    'cognito-idp:ConfirmSignUp',
    'cognito-idp:ForgotPassword',
    'cognito-idp:ConfirmForgotPassword',
    'cognito-idp:ResendConfirmationCode',
    'cognito-idp:GetUser',
    'cognito-idp:ChangePassword',
    'cognito-idp:GlobalSignOut',
    'cognito-idp:RevokeToken',
    'cognito-idp:UpdateUserAttributes',
    'cognito-idp:DeleteUser',
    'cognito-idp:GetUserAttributeVerificationCode',
    'cognito-idp:VerifyUserAttribute',
    'cognito-idp:AssociateSoftwareToken',
    'cognito-idp:VerifySoftwareToken',
    'cognito-idp:SetUserMFAPreference',
    'cognito-idp:ListDevices',
    'cognito-idp:ForgetDevice',
    'cognito-idp:ConfirmDevice',
    'cognito-idp:GetDevice',
    'cognito-idp:UpdateDeviceStatus',
  ].map((s) => s.toLowerCase()),
);

export function needsIam(action: string): boolean {
  return !NO_IAM_NEEDED.has(action.toLowerCase());
}

/** Parameter names (v3 / v2 input objects and boto3 keyword arguments) that name the resource a call acts on. */
export const RESOURCE_PARAMS: Record<string, readonly string[]> = {
  dynamodb: ['TableName'],
  s3: ['Bucket'],
  sqs: ['QueueUrl', 'QueueName'],
  sns: ['TopicArn'],
  ssm: ['Name', 'Path'],
  secretsmanager: ['SecretId'],
  lambda: ['FunctionName'],
  states: ['stateMachineArn', 'StateMachineArn'],
  kinesis: ['StreamName', 'StreamARN'],
  firehose: ['DeliveryStreamName'],
  kms: ['KeyId'],
  events: ['EventBusName'],
  'cognito-idp': ['UserPoolId'],
  athena: ['WorkGroup'],
  logs: ['logGroupName'],
  // sts:AssumeRole acts on the role it assumes.
  sts: ['RoleArn'],
  rekognition: ['CollectionId'],
  iot: ['topic'],
};

// ---------------------------------------------------------------------------------------------
// Packages and helpers that call AWS on the handler's behalf

/**
 * Libraries that make AWS calls we cannot see (ORMs, data wrappers, middlewares). A handler that
 * imports one is "unknown": its permissions cannot be judged unused.
 */
export const OPAQUE_AWS_PACKAGES_JS = [
  'dynamoose',
  'electrodb',
  'dynamodb-toolbox',
  '@aws/dynamodb-data-mapper',
  '@typedorm/core',
  'dynamo-easy',
  '@middy/ssm',
  '@middy/secrets-manager',
  '@middy/sts',
  '@middy/rds-signer',
  '@middy/s3-object-response',
  '@middy/appconfig',
  '@middy/dynamodb',
  '@middy/service-discovery',
  '@middy/s3',
  '@aws-sdk/credential-provider-node',
  '@aws-sdk/signature-v4',
  '@smithy/signature-v4',
  'aws4',
  'aws4-axios',
  '@opensearch-project/opensearch',
  'aws-opensearch-connector',
  'aws-appsync',
  '@aws-lambda-powertools/idempotency',
  '@aws-lambda-powertools/parameters',
  'aws-embedded-metrics',
  '@aws-sdk/rds-signer',
  '@aws-sdk/credential-providers',
  'aws-xray-sdk',
  'serverless-mysql',
  'data-api-client',
  'sqs-consumer',
  'sqs-producer',
  'aws-kcl',
  's3-streamlogger',
  // QLDB driver: statements run through qldb:SendCommand and need qldb:PartiQL* per statement kind
  'amazon-qldb-driver-nodejs',
  // Strands Agents: the agent loop calls Bedrock (Converse / ConverseStream, Retrieve) for the handler
  '@strands-agents/sdk',
];

export const OPAQUE_AWS_PACKAGES_PY = [
  'pynamodb',
  'dynamorm',
  'awswrangler',
  'smart_open',
  's3fs',
  'aws_lambda_powertools.utilities.idempotency',
  'aws_lambda_powertools.utilities.parameters',
  'aws_lambda_powertools.utilities.feature_flags',
  'aws_lambda_powertools.utilities.streaming',
  'aws_xray_sdk',
  'boto3.s3.transfer',
  's3transfer',
  'aiobotocore',
  'aioboto3',
  'botocore',
  'aws_encryption_sdk',
  'requests_aws4auth',
  'aws_requests_auth',
  'opensearchpy',
  'pandas',
  'pyqldb',
  'strands',
  'strands_tools',
];

/**
 * Modules inside an opaque package that call nothing: botocore's exception classes
 * (`from botocore.exceptions import ClientError`) and client settings (`botocore.config.Config`),
 * also reached through a bare `import botocore` whose every use is one of them
 * (sdk-call-forms.ts `usesOnlyInertModules`).
 * Source: https://botocore.amazonaws.com/v1/documentation/api/latest/reference/config.html and
 * https://boto3.amazonaws.com/v1/documentation/api/latest/guide/error-handling.html
 */
export const INERT_AWS_MODULES_PY = ['botocore.exceptions', 'botocore.config'];

/**
 * Frameworks that run the app's code through dependency injection (Nest builds the controllers and
 * providers its decorators declare and calls them by route): which provider methods run is not in
 * the handler's call graph, so a handler importing one has unseen code and its permissions cannot be
 * judged unused. Source: https://docs.nestjs.com/providers (providers are injected, not called by name)
 */
export const DEPENDENCY_INJECTION_PACKAGES_JS = ['@nestjs/core'];

/** Is the module one of (or inside) the opaque packages? */
export function isOpaquePackage(spec: string, lang: 'js' | 'py'): boolean {
  if (lang === 'py' && INERT_AWS_MODULES_PY.some((m) => spec === m || spec.startsWith(m + '.'))) return false;
  const list = lang === 'js' ? OPAQUE_AWS_PACKAGES_JS : OPAQUE_AWS_PACKAGES_PY;
  const sep = lang === 'js' ? '/' : '.';
  return list.some((p) => spec === p || spec.startsWith(p + sep));
}

/** Wrappers that return the client they are given (X-Ray, Powertools tracer). */
export const CLIENT_WRAPPERS = new Set(['captureAWSClient', 'captureAWSv3Client', 'captureAWS', 'captureAWSv3', 'capture_aws_client']);

// ---------------------------------------------------------------------------------------------
// Grants from outside the policy statements

const BASIC_LOGS = platformActions('logs');
const XRAY = platformActions('xray');
const VPC_ENI = platformActions('vpc');
const esm = (id: string) => EVENT_SOURCE_MAPPINGS.find((e) => e.id === id)!.actions;
const SQS_POLL = esm('sqs');
const DDB_STREAM = esm('dynamodb-stream');
const KINESIS_POLL = esm('kinesis');

/**
 * Actions the Lambda service (not the handler) uses with the execution role: logs, X-Ray, VPC
 * network interfaces and event-source polling. Never reported unused.
 */
export const PLATFORM_ACTIONS: readonly string[] = [
  ...BASIC_LOGS,
  ...XRAY,
  ...VPC_ENI,
  ...SQS_POLL,
  ...DDB_STREAM,
  ...KINESIS_POLL,
  'kafka:DescribeCluster',
  'kafka:GetBootstrapBrokers',
  // Lambda durable functions: the runtime checkpoints with the function's own role.
  ...platformActions('durable'),
];

/** The Lambda-service actions, by the configuration that calls for them. */
export const PLATFORM_NEEDS = {
  logs: BASIC_LOGS,
  xray: XRAY,
  vpc: VPC_ENI,
  kafka: ['kafka:DescribeCluster', 'kafka:GetBootstrapBrokers'],
  durable: platformActions('durable'),
  efs: platformActions('efs'),
} as const;

/** Used by the platform for asynchronous-invocation destinations and dead-letter queues, when configured. */
export const DESTINATION_ACTIONS: readonly string[] = platformActions('destinations');

/** KMS actions used implicitly by server-side encryption (S3, SQS, SNS, DynamoDB, Secrets Manager, SSM SecureString…). */
export const SSE_KMS_ACTIONS: readonly string[] = platformActions('sse-kms');

/** AWS managed policies whose (small, stable) grants we know; any other managed policy makes a role unevaluable. */
export const KNOWN_MANAGED_POLICIES: Record<string, readonly string[]> = {
  AWSLambdaBasicExecutionRole: BASIC_LOGS,
  AWSLambdaVPCAccessExecutionRole: [...BASIC_LOGS, ...VPC_ENI],
  AWSLambdaENIManagementAccess: VPC_ENI,
  AWSXRayDaemonWriteAccess: XRAY,
  AWSXrayWriteOnlyAccess: XRAY,
  AWSLambdaSQSQueueExecutionRole: [...BASIC_LOGS, 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
  AWSLambdaDynamoDBExecutionRole: [...BASIC_LOGS, ...DDB_STREAM],
  AWSLambdaKinesisExecutionRole: [...BASIC_LOGS, 'kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:ListStreams', 'kinesis:SubscribeToShard'],
};

/** SAM policy templates → the action patterns they grant (resource scoping is not modelled here); data in iam/data/sam-policy-templates.ts. */
export const SAM_TEMPLATE_ACTIONS: Record<string, readonly string[]> = Object.fromEntries(SAM_POLICY_TEMPLATES.map((t) => [t.name, samTemplateActions(t)]));
