/**
 * SDK operations that hand a role ARN to an AWS service, which then acts with that role: the
 * caller needs `iam:PassRole` on the role (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html).
 * A handler calling one of these uses the `iam:PassRole` its role grants, although no SDK call is
 * named after it. Data only, one entry per operation with the parameter that carries the role and
 * the API reference it comes from; every action must exist in the IAM catalogue
 * (test/rules/iam-unused-permission.test.ts).
 *
 * Only operations whose role parameter is required, or is how the operation is normally used
 * (`optional: true`: Transcribe's DataAccessRoleArn, EventBridge targets' RoleArn), are listed.
 */
import { BOTOCORE_VERSION, MODEL_ROLE_PASSING } from './role-passing.generated';

export interface RolePassingCall {
  /** The IAM action of the operation (`comprehend:StartEntitiesDetectionJob`). */
  action: string;
  /** The request parameter holding the role ARN (dotted for nested members). */
  parameter: string;
  /** The parameter is optional: calling the operation may pass no role. */
  optional?: true;
  source: string;
}

/** Comprehend's asynchronous analysis jobs (Start*Job): they read and write S3 with a passed role, and Comprehend generates their JobId. */
export const COMPREHEND_START_JOBS: readonly string[] = [
  'StartDocumentClassificationJob',
  'StartDominantLanguageDetectionJob',
  'StartEntitiesDetectionJob',
  'StartEventsDetectionJob',
  'StartKeyPhrasesDetectionJob',
  'StartPiiEntitiesDetectionJob',
  'StartSentimentDetectionJob',
  'StartTargetedSentimentDetectionJob',
  'StartTopicsDetectionJob',
];

const comprehendJob = (op: string): RolePassingCall => ({
  action: `comprehend:${op}`,
  parameter: 'DataAccessRoleArn',
  source: `https://docs.aws.amazon.com/comprehend/latest/APIReference/API_${op}.html (DataAccessRoleArn, required)`,
});

/** Written by hand: nested role parameters, and operations the service models do not show as such. */
const HAND_ROLE_PASSING: readonly RolePassingCall[] = [
  ...[
    ...COMPREHEND_START_JOBS,
    'CreateDocumentClassifier',
    'CreateEntityRecognizer',
  ].map(comprehendJob),
  { action: 'transcribe:StartTranscriptionJob', parameter: 'JobExecutionSettings.DataAccessRoleArn', optional: true, source: 'https://docs.aws.amazon.com/transcribe/latest/APIReference/API_JobExecutionSettings.html' },
  { action: 'transcribe:StartCallAnalyticsJob', parameter: 'DataAccessRoleArn', optional: true, source: 'https://docs.aws.amazon.com/transcribe/latest/APIReference/API_StartCallAnalyticsJob.html' },
  { action: 'transcribe:StartMedicalScribeJob', parameter: 'DataAccessRoleArn', source: 'https://docs.aws.amazon.com/transcribe/latest/APIReference/API_StartMedicalScribeJob.html' },
  { action: 'mediaconvert:CreateJob', parameter: 'Role', source: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html (Role, required)' },
  { action: 'glue:CreateJob', parameter: 'Role', source: 'https://docs.aws.amazon.com/glue/latest/webapi/API_CreateJob.html' },
  { action: 'glue:CreateCrawler', parameter: 'Role', source: 'https://docs.aws.amazon.com/glue/latest/webapi/API_CreateCrawler.html' },
  { action: 'sagemaker:CreateTrainingJob', parameter: 'RoleArn', source: 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateTrainingJob.html' },
  { action: 'sagemaker:CreateProcessingJob', parameter: 'RoleArn', source: 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateProcessingJob.html' },
  { action: 'sagemaker:CreateModel', parameter: 'ExecutionRoleArn', source: 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateModel.html' },
  { action: 'sagemaker:CreateAutoMLJob', parameter: 'RoleArn', source: 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateAutoMLJob.html' },
  { action: 'states:CreateStateMachine', parameter: 'roleArn', source: 'https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html' },
  { action: 'lambda:CreateFunction', parameter: 'Role', source: 'https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html' },
  { action: 'codebuild:CreateProject', parameter: 'serviceRole', source: 'https://docs.aws.amazon.com/codebuild/latest/APIReference/API_CreateProject.html' },
  { action: 'bedrock:CreateModelCustomizationJob', parameter: 'roleArn', source: 'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateModelCustomizationJob.html' },
  { action: 'bedrock:CreateModelInvocationJob', parameter: 'roleArn', source: 'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateModelInvocationJob.html' },
  { action: 'emr-serverless:StartJobRun', parameter: 'executionRoleArn', source: 'https://docs.aws.amazon.com/emr-serverless/latest/APIReference/API_StartJobRun.html' },
  { action: 'translate:StartTextTranslationJob', parameter: 'DataAccessRoleArn', source: 'https://docs.aws.amazon.com/translate/latest/APIReference/API_StartTextTranslationJob.html (DataAccessRoleArn, required)' },
  { action: 'rekognition:CreateStreamProcessor', parameter: 'RoleArn', source: 'https://docs.aws.amazon.com/rekognition/latest/APIReference/API_CreateStreamProcessor.html' },
  { action: 'scheduler:CreateSchedule', parameter: 'Target.RoleArn', source: 'https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html' },
  { action: 'iot:CreateRoleAlias', parameter: 'roleArn', source: 'https://docs.aws.amazon.com/iot/latest/apireference/API_CreateRoleAlias.html (roleArn, required) and https://docs.aws.amazon.com/iot/latest/developerguide/authorizing-direct-aws.html (the caller needs iam:PassRole on the role)' },
  { action: 'iot:UpdateRoleAlias', parameter: 'roleArn', optional: true, source: 'https://docs.aws.amazon.com/iot/latest/apireference/API_UpdateRoleAlias.html (roleArn) and https://docs.aws.amazon.com/iot/latest/developerguide/authorizing-direct-aws.html' },
  { action: 'lambda:UpdateFunctionConfiguration', parameter: 'Role', optional: true, source: 'https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html (Role)' },
  { action: 'states:UpdateStateMachine', parameter: 'roleArn', optional: true, source: 'https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateStateMachine.html (roleArn)' },
  { action: 'events:PutRule', parameter: 'RoleArn', optional: true, source: 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html (RoleArn)' },
  { action: 'pipes:CreatePipe', parameter: 'RoleArn', source: 'https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_CreatePipe.html (RoleArn, required)' },
  { action: 'scheduler:UpdateSchedule', parameter: 'Target.RoleArn', source: 'https://docs.aws.amazon.com/scheduler/latest/APIReference/API_UpdateSchedule.html (Target.RoleArn, required)' },
  { action: 'cloudformation:CreateStack', parameter: 'RoleARN', optional: true, source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html (RoleARN)' },
  { action: 'cloudformation:UpdateStack', parameter: 'RoleARN', optional: true, source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_UpdateStack.html (RoleARN)' },
  { action: 'sagemaker:CreateNotebookInstance', parameter: 'RoleArn', source: 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateNotebookInstance.html (RoleArn, required)' },
  { action: 'backup:StartBackupJob', parameter: 'IamRoleArn', source: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html (IamRoleArn, required)' },
  { action: 'elasticmapreduce:RunJobFlow', parameter: 'ServiceRole', optional: true, source: 'https://docs.aws.amazon.com/emr/latest/APIReference/API_RunJobFlow.html (ServiceRole, JobFlowRole)' },
  { action: 'ecs:RegisterTaskDefinition', parameter: 'taskRoleArn', optional: true, source: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html (taskRoleArn, executionRoleArn)' },
  ...['StartDocumentAnalysis', 'StartDocumentTextDetection', 'StartExpenseAnalysis', 'StartLendingAnalysis'].map(
    (op): RolePassingCall => ({ action: `textract:${op}`, parameter: 'NotificationChannel.RoleArn', optional: true, source: `https://docs.aws.amazon.com/textract/latest/dg/API_${op}.html (NotificationChannel.RoleArn) and https://docs.aws.amazon.com/textract/latest/dg/api-async-roles.html` }),
  ),
  ...['StartLabelDetection', 'StartFaceDetection', 'StartFaceSearch', 'StartContentModeration', 'StartTextDetection', 'StartCelebrityRecognition', 'StartPersonTracking', 'StartSegmentDetection'].map(
    (op): RolePassingCall => ({ action: `rekognition:${op}`, parameter: 'NotificationChannel.RoleArn', optional: true, source: `https://docs.aws.amazon.com/rekognition/latest/APIReference/API_${op}.html (NotificationChannel.RoleArn) and https://docs.aws.amazon.com/rekognition/latest/dg/api-video-roles.html` }),
  ),
  { action: 'ecs:RunTask', parameter: 'overrides.taskRoleArn', optional: true, source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html (the caller of RunTask needs iam:PassRole on the task definition\'s task and execution roles)' },
  { action: 'ecs:StartTask', parameter: 'overrides.taskRoleArn', optional: true, source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html' },
  { action: 'ec2:RunInstances', parameter: 'IamInstanceProfile.Arn', optional: true, source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html (launching with an instance profile needs iam:PassRole on its role)' },
  { action: 'events:PutTargets', parameter: 'Targets[].RoleArn', optional: true, source: 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutTargets.html' },
];

const MODEL_SOURCE = `https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html (handing a role to a service needs iam:PassRole); botocore ${BOTOCORE_VERSION} service model (role-passing.generated.ts, scripts/gen-role-passing.py)`;

/**
 * Every operation that takes a role ARN: the hand-written entries, then those found in the
 * service models (an input member ending in `Role` / `RoleArn`; role-passing.generated.ts).
 */
export const ROLE_PASSING_CALLS: readonly RolePassingCall[] = (() => {
  const seen = new Set(HAND_ROLE_PASSING.map((c) => c.action.toLowerCase()));
  const out = [...HAND_ROLE_PASSING];
  for (const [action, parameter, required, svc] of MODEL_ROLE_PASSING) {
    if (seen.has(action.toLowerCase())) continue;
    seen.add(action.toLowerCase());
    out.push({ action, parameter, ...(required ? {} : { optional: true as const }), source: `${MODEL_SOURCE}: ${svc} ${action.slice(action.indexOf(':') + 1)} input member ${parameter}` });
  }
  return out;
})();

/** The operations among `called` (canonical IAM actions) that pass a role to a service. */
export function passesRole(called: Iterable<string>): boolean {
  for (const a of called) if (ROLE_PASSING.has(a.toLowerCase())) return true;
  return false;
}

// A call of one of these passes a role whether or not its parameter is seen: the hand-written entries
// and the model's required role parameters. An optional one passes a role when the request sets it
// (PARAMETER_ACTIONS in operation-actions.ts: iam:PassRole on the role the parameter names).
const ROLE_PASSING = new Set([...HAND_ROLE_PASSING, ...ROLE_PASSING_CALLS.filter((c) => !c.optional)].map((c) => c.action.toLowerCase()));
