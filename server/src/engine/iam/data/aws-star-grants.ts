/**
 * Grants AWS itself writes on `Resource: '*'` in its managed policies and documentation, for jobs
 * whose resources do not exist yet or are named by the service (a function's log group is created
 * on first run, Lambda creates the VPC interfaces, CodeBuild attaches interfaces in a VPC).
 * iam-wildcard-resource reports a statement whose only scopable actions are these as info, with
 * the policy named, not as a warning. Data: one entry per action, with its source.
 */

export interface AwsStarGrant {
  readonly action: string;
  /** The AWS managed policy or documentation page that grants it on '*', in words for messages. */
  readonly grantedBy: string;
  /** What scoping it would look like, in words for messages. */
  readonly scope: string;
  readonly source: string;
}

const BASIC = 'AWSLambdaBasicExecutionRole';
const BASIC_SRC = 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html (logs:CreateLogGroup, CreateLogStream, PutLogEvents on "*")';
const XRAY = 'AWSXRayDaemonWriteAccess';
const XRAY_SRC = 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSXRayDaemonWriteAccess.html';
const VPC = 'AWSLambdaVPCAccessExecutionRole';
const VPC_SRC = 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaVPCAccessExecutionRole.html (network-interface actions on "*")';
const ECS_EXEC = 'AmazonECSTaskExecutionRolePolicy';
const ECS_EXEC_SRC = 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSTaskExecutionRolePolicy.html (ECR image-pull actions on "*")';
const LOG_GROUP = "the function's own log group (arn:aws:logs:<region>:<account>:log-group:/aws/lambda/<name>:*)";

export const AWS_STAR_GRANTS: readonly AwsStarGrant[] = [
  { action: 'logs:CreateLogGroup', grantedBy: BASIC, scope: LOG_GROUP, source: BASIC_SRC },
  { action: 'logs:CreateLogStream', grantedBy: BASIC, scope: LOG_GROUP, source: BASIC_SRC },
  { action: 'logs:PutLogEvents', grantedBy: BASIC, scope: LOG_GROUP, source: BASIC_SRC },
  { action: 'xray:PutTraceSegments', grantedBy: XRAY, scope: "'*' (X-Ray has no resource-level permissions for it)", source: XRAY_SRC },
  { action: 'xray:PutTelemetryRecords', grantedBy: XRAY, scope: "'*' (X-Ray has no resource-level permissions for it)", source: XRAY_SRC },
  { action: 'ec2:CreateNetworkInterface', grantedBy: VPC, scope: 'the subnets and security groups of the function', source: VPC_SRC },
  { action: 'ec2:DeleteNetworkInterface', grantedBy: VPC, scope: 'network interfaces with a condition on the subnet', source: VPC_SRC },
  { action: 'ec2:DescribeNetworkInterfaces', grantedBy: VPC, scope: "'*' (a Describe call)", source: VPC_SRC },
  { action: 'ec2:AssignPrivateIpAddresses', grantedBy: VPC, scope: 'network interfaces with a condition on the subnet', source: VPC_SRC },
  { action: 'ec2:UnassignPrivateIpAddresses', grantedBy: VPC, scope: 'network interfaces with a condition on the subnet', source: VPC_SRC },
  { action: 'ec2:DetachNetworkInterface', grantedBy: VPC, scope: 'network interfaces with a condition on the subnet', source: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions' },
  ...['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'].map((action) => ({ action, grantedBy: ECS_EXEC, scope: "the image's repository (arn:aws:ecr:<region>:<account>:repository/<name>)", source: ECS_EXEC_SRC })),
  {
    // The Object Lambda access points that invoke the function are usually made outside its template
    // (or name the function, so naming them in its role is circular); AWS's policy grants it on '*'.
    action: 's3-object-lambda:WriteGetObjectResponse',
    grantedBy: 'AmazonS3ObjectLambdaExecutionRolePolicy',
    scope: 'the Object Lambda access points that invoke the function (arn:aws:s3-object-lambda:<region>:<account>:accesspoint/<name>)',
    source: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonS3ObjectLambdaExecutionRolePolicy.html (s3-object-lambda:WriteGetObjectResponse on "*"); https://docs.aws.amazon.com/AmazonS3/latest/userguide/olap-policies.html',
  },
  {
    action: 'ec2:CreateNetworkInterfacePermission',
    grantedBy: 'the CodeBuild VPC service-role policy',
    scope: 'arn:aws:ec2:<region>:<account>:network-interface/* with an ec2:Subnet / ec2:AuthorizedService condition',
    source: 'https://docs.aws.amazon.com/codebuild/latest/userguide/auth-and-access-control-iam-identity-based-access-control.html#customer-managed-policies-example-create-vpc-network-interface',
  },
];

const BY_ACTION = new Map(AWS_STAR_GRANTS.map((g) => [g.action.toLowerCase(), g]));

/** The entry for an action AWS grants on '*' itself, or undefined. */
export function awsStarGrant(action: string): AwsStarGrant | undefined {
  return BY_ACTION.get(action.toLowerCase());
}

/**
 * Who writes logs with a role, by the service principal that assumes it: how AWS (or the
 * service's documentation) grants the log actions, and what scoping them looks like. Read by
 * iam-wildcard-resource for a statement whose only scopable actions are log writes, so a Step
 * Functions or AppSync role is not told about AWSLambdaBasicExecutionRole and `/aws/lambda/<name>`.
 * `grantedBy` set: AWS grants them on '*' itself; unset: the service writes to one log group the
 * role can be scoped to. Data: one entry per principal, with its source.
 */
export interface LogWriter {
  readonly principal: string;
  /** The service, in words for messages ("Step Functions"). */
  readonly service: string;
  readonly grantedBy?: string;
  /** The tighter scope, in words; undefined when '*' is what the service needs. */
  readonly scope?: string;
  readonly source: string;
}

export const LOG_WRITERS: readonly LogWriter[] = [
  { principal: 'lambda.amazonaws.com', service: 'Lambda', grantedBy: BASIC, scope: LOG_GROUP, source: BASIC_SRC },
  {
    principal: 'edgelambda.amazonaws.com',
    service: 'Lambda@Edge',
    grantedBy: BASIC,
    scope: "the function's log groups in each Region (arn:aws:logs:*:<account>:log-group:/aws/lambda/us-east-1.<name>:*)",
    source: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-edge-permissions.html',
  },
  {
    principal: 'states.amazonaws.com',
    service: 'Step Functions',
    grantedBy: 'the log-delivery policy Step Functions documents',
    source: 'https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy (log delivery actions on "*": CloudWatch Logs vended-log delivery does not support resource-level permissions)',
  },
  {
    principal: 'appsync.amazonaws.com',
    service: 'AppSync',
    grantedBy: 'AWSAppSyncPushToCloudWatchLogs',
    scope: "the API's log group (arn:aws:logs:<region>:<account>:log-group:/aws/appsync/apis/<api-id>:*)",
    source: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSAppSyncPushToCloudWatchLogs.html (logs:CreateLogGroup, CreateLogStream, PutLogEvents on "*")',
  },
  {
    principal: 'apigateway.amazonaws.com',
    service: 'API Gateway',
    grantedBy: 'AmazonAPIGatewayPushToCloudWatchLogs',
    scope: "the API's execution and access log groups (arn:aws:logs:<region>:<account>:log-group:API-Gateway-Execution-Logs_<api-id>/<stage>:*)",
    source: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonAPIGatewayPushToCloudWatchLogs.html',
  },
  {
    principal: 'ecs-tasks.amazonaws.com',
    service: 'ECS tasks',
    grantedBy: 'AmazonECSTaskExecutionRolePolicy',
    scope: "the task definition's awslogs log group",
    source: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSTaskExecutionRolePolicy.html (logs:CreateLogStream, PutLogEvents on "*")',
  },
  {
    principal: 'firehose.amazonaws.com',
    service: 'Data Firehose',
    scope: "the stream's error log group (arn:aws:logs:<region>:<account>:log-group:/aws/kinesisfirehose/<stream>:*, or the one its CloudWatchLoggingOptions names)",
    source: 'https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html (logs:PutLogEvents on the log group and stream of the delivery stream)',
  },
  {
    principal: 'pipes.amazonaws.com',
    service: 'EventBridge Pipes',
    scope: "the log group the pipe's LogConfiguration names",
    source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-logs.html (the execution role writes to the configured log group)',
  },
  {
    principal: 'codebuild.amazonaws.com',
    service: 'CodeBuild',
    scope: "the project's log group (arn:aws:logs:<region>:<account>:log-group:/aws/codebuild/<project>:*)",
    source: 'https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html (logs on /aws/codebuild/<project>)',
  },
];

/** The log writer assuming a role, by its service principal (lower case), or undefined. */
export function logWriter(principal: string): LogWriter | undefined {
  const p = principal.toLowerCase();
  return LOG_WRITERS.find((w) => w.principal === p);
}
