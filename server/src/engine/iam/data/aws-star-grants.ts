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
