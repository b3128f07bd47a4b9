/**
 * Single actions that are risky when an AWS managed policy allows them on every resource
 * (`Resource: '*'`): reading any data or secret of the account, or running any code in it. Used by
 * iam-admin-managed-policy to judge managed policies by what they grant, and by
 * scripts/build-managed-policies.ts to keep only the grants that matter in the compact data file.
 * One entry per action; `what` completes "can …"; `source` says where the risk is documented.
 */
export interface BroadGrant {
  readonly action: string;
  readonly what: string;
  readonly source: string;
}

export const BROAD_GRANTS: readonly BroadGrant[] = [
  { action: 's3:GetObject', what: 'read every S3 object in the account', source: 'AWS S3 User Guide, "Actions, resources and condition keys for Amazon S3"' },
  { action: 'secretsmanager:GetSecretValue', what: 'read the value of every Secrets Manager secret', source: 'AWS Secrets Manager User Guide, "Authentication and access control"' },
  { action: 'secretsmanager:DescribeSecret', what: "read the metadata of every Secrets Manager secret", source: 'AWS Secrets Manager API Reference, DescribeSecret' },
  { action: 'ssm:GetParameter', what: 'read every SSM parameter, including SecureString values', source: 'AWS Systems Manager User Guide, "Restricting access to Parameter Store parameters"' },
  { action: 'kms:Decrypt', what: 'decrypt with every KMS key whose key policy delegates to IAM', source: 'AWS KMS Developer Guide, "Best practices for IAM policies"' },
  { action: 'dynamodb:Scan', what: 'read every item of every DynamoDB table', source: 'Amazon DynamoDB Developer Guide, "Identity-based policies"' },
  { action: 'lambda:InvokeFunction', what: 'invoke every Lambda function in the account', source: 'AWS managed policy AWSLambdaRole; AWS Lambda Developer Guide, "Identity-based IAM policies"' },
  { action: 'execute-api:Invoke', what: 'call every API Gateway API of the account that uses IAM authorization', source: 'AWS managed policy AmazonAPIGatewayInvokeFullAccess; API Gateway Developer Guide, "Control access for invoking an API"' },
  { action: 'states:StartExecution', what: 'start every Step Functions state machine in the account', source: 'AWS Step Functions Developer Guide, "IAM policies"' },
];
