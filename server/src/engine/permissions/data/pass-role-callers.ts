/**
 * Calls that may hand an IAM role to a service, and so need `iam:PassRole` although no SDK call
 * names it: a narrowing fix never removes iam:PassRole from a role whose code makes one of them.
 * Conservative on purpose: every create / update / start / run / put / register / submit / associate
 * / replace / import action of a service whose APIs take a role ARN counts. Data only, one source
 * note per entry.
 */

export const PASS_ROLE_SERVICES: readonly { service: string; source: string }[] = [
  { service: 'lambda', source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html (CreateFunction, UpdateFunctionConfiguration: Role)' },
  { service: 'ec2', source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html (RunInstances, AssociateIamInstanceProfile)' },
  { service: 'ecs', source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html (RunTask, RegisterTaskDefinition: taskRoleArn)' },
  { service: 'eks', source: 'https://docs.aws.amazon.com/eks/latest/userguide/service_IAM_role.html' },
  { service: 'batch', source: 'https://docs.aws.amazon.com/batch/latest/userguide/job_definition_parameters.html (jobRoleArn)' },
  { service: 'glue', source: 'https://docs.aws.amazon.com/glue/latest/dg/create-an-iam-role.html' },
  { service: 'sagemaker', source: 'https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html (RoleArn of jobs, models, notebooks)' },
  { service: 'cloudformation', source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html' },
  { service: 'codebuild', source: 'https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html' },
  { service: 'codepipeline', source: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/how-to-custom-role.html' },
  { service: 'states', source: 'https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html (CreateStateMachine: roleArn)' },
  { service: 'events', source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html (PutTargets: RoleArn)' },
  { service: 'scheduler', source: 'https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html (CreateSchedule: RoleArn)' },
  { service: 'pipes', source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-permissions.html' },
  { service: 'bedrock', source: 'https://docs.aws.amazon.com/bedrock/latest/userguide/security-iam-sr.html (customisation jobs, agents, knowledge bases)' },
  { service: 'elasticmapreduce', source: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-role.html' },
  { service: 'emr-serverless', source: 'https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/security-iam-runtime-role.html (StartJobRun: executionRoleArn)' },
  { service: 'ssm', source: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-setup.html (StartAutomationExecution: AutomationAssumeRole)' },
  { service: 'iot', source: 'https://docs.aws.amazon.com/iot/latest/developerguide/iot-rule-actions.html (CreateTopicRule: roleArn)' },
  { service: 'firehose', source: 'https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html (CreateDeliveryStream: RoleARN)' },
  { service: 'mediaconvert', source: 'https://docs.aws.amazon.com/mediaconvert/latest/ug/creating-the-iam-role-in-iam.html (CreateJob: Role)' },
  { service: 'transcribe', source: 'https://docs.aws.amazon.com/transcribe/latest/dg/security_iam_id-based-policy-examples.html (DataAccessRoleArn)' },
  { service: 'comprehend', source: 'https://docs.aws.amazon.com/comprehend/latest/dg/security_iam_id-based-policy-examples.html (Start*Job: DataAccessRoleArn)' },
  { service: 'textract', source: 'https://docs.aws.amazon.com/textract/latest/dg/api-async-roles.html (NotificationChannel.RoleArn)' },
  { service: 'rekognition', source: 'https://docs.aws.amazon.com/rekognition/latest/dg/api-video-roles.html (NotificationChannel.RoleArn)' },
  { service: 'datasync', source: 'https://docs.aws.amazon.com/datasync/latest/userguide/using-identity-based-policies.html' },
  { service: 'dms', source: 'https://docs.aws.amazon.com/dms/latest/userguide/security-iam.html' },
  { service: 'rds', source: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html (MonitoringRoleArn)' },
  { service: 'apigateway', source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-request-basic-setup.html (integration credentials)' },
  { service: 'cognito-idp', source: 'https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-sms-settings.html (SmsConfiguration.SnsCallerArn)' },
  { service: 'kinesisanalytics', source: 'https://docs.aws.amazon.com/kinesisanalytics/latest/java/iam-role.html' },
  { service: 'backup', source: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html (StartBackupJob: IamRoleArn)' },
];

/** Action name prefixes of the calls that may take a role ARN. */
const PASSING_VERBS = ['Create', 'Update', 'Start', 'Run', 'Put', 'Register', 'Submit', 'Associate', 'Replace', 'Import', 'Modify'];

const SERVICES = new Set(PASS_ROLE_SERVICES.map((e) => e.service));

/** Might this call (an IAM action name, `ecs:RunTask`) hand a role to its service? */
export function mayPassRole(action: string): boolean {
  const colon = action.indexOf(':');
  if (colon < 0) return false;
  const svc = action.slice(0, colon).toLowerCase();
  const name = action.slice(colon + 1);
  return SERVICES.has(svc) && PASSING_VERBS.some((v) => name.startsWith(v));
}
