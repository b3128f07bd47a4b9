/**
 * Reads that return content — the data a resource holds (an object, a video, a file of a
 * repository, a workflow's input and output, log lines, query results, a secret, environment
 * variables) — as opposed to its configuration. `isMetadataRead` (iam/risk.ts) calls a
 * Get/List/Describe action a "read of configuration" only when it is none of these, so rules that
 * lower a finding to info because a pattern "only reads configuration" are right about it.
 *
 * Two tables, data only, one source note per entry:
 *  - CONTENT_RESOURCE_TYPES: resource types that are items of data (an S3 object, a log stream);
 *    every Read-level action on them returns (part of) the item (List-level ones only name parts). Derived from the catalogue, so an
 *    action AWS adds on an S3 object later is covered without an edit.
 *  - CONTENT_READS: named actions (IAM wildcards allowed) on resource types that also carry
 *    configuration reads (a Kinesis video stream, a CodeCommit repository, a Step Functions
 *    execution), or on none. DATA_EXFILTRATION_ACTIONS and CREDENTIALS_EXPOSURE_ACTIONS (risk.ts)
 *    count too.
 * Every entry must match the catalogue (test/engine/iam-data-tables.test.ts).
 */

export interface ContentResourceType {
  readonly service: string;
  /** Resource type name, exact case as in the catalogue. */
  readonly resourceType: string;
  readonly what: string;
  readonly source: string;
}

export const CONTENT_RESOURCE_TYPES: readonly ContentResourceType[] = [
  { service: 's3', resourceType: 'object', what: 'object data and its metadata (ACL, tags, retention)', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html (object resource type)' },
  { service: 's3', resourceType: 'accesspointobject', what: 'object data through an access point', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html (accesspointobject resource type)' },
  { service: 's3-object-lambda', resourceType: 'objectlambdaaccesspoint', what: 'object data through an Object Lambda access point', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3objectlambda.html' },
  { service: 'logs', resourceType: 'log-stream', what: 'log events', source: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html' },
];

export interface ContentRead {
  /** `service:Action`, or an IAM pattern (`rekognition:Get*Detection`). */
  readonly action: string;
  readonly source: string;
}

const KVS_MEDIA = 'https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/API_Operations_Amazon_Kinesis_Video_Streams_Archived_Media.html (return the media, or a URL that plays it)';
const CODECOMMIT = 'https://docs.aws.amazon.com/codecommit/latest/userguide/auth-and-access-control-permissions-reference.html (file, folder, blob and difference reads return repository content)';
const SFN_EXEC = 'https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html (input and output of the execution; GetExecutionHistory returns every state\'s input and output)';
const LOGS = 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_Operations.html (return log events)';
const LAMBDA_ENV = 'https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html (returns the environment variables, decrypted)';
const LAMBDA_CODE = 'https://docs.aws.amazon.com/lambda/latest/api/API_GetLayerVersion.html (Content.Location: a URL that downloads the code)';

export const CONTENT_READS: readonly ContentRead[] = [
  { action: 'kinesisvideo:GetMedia', source: KVS_MEDIA },
  { action: 'kinesisvideo:GetMediaForFragmentList', source: KVS_MEDIA },
  { action: 'kinesisvideo:GetClip', source: KVS_MEDIA },
  { action: 'kinesisvideo:GetImages', source: KVS_MEDIA },
  { action: 'kinesisvideo:GetHLSStreamingSessionURL', source: KVS_MEDIA },
  { action: 'kinesisvideo:GetDASHStreamingSessionURL', source: KVS_MEDIA },
  { action: 'codecommit:GetBlob', source: CODECOMMIT },
  { action: 'codecommit:GetFile', source: CODECOMMIT },
  { action: 'codecommit:GetFolder', source: CODECOMMIT },
  { action: 'codecommit:GetTree', source: CODECOMMIT },
  { action: 'codecommit:GetDifferences', source: CODECOMMIT },
  { action: 'codecommit:GetBlobDifferences', source: CODECOMMIT },
  { action: 'codecommit:GetMergeConflicts', source: CODECOMMIT },
  { action: 'codecommit:DescribeMergeConflicts', source: CODECOMMIT },
  { action: 'codecommit:GetCommit', source: CODECOMMIT },
  { action: 'codecommit:BatchGetCommits', source: CODECOMMIT },
  { action: 'codecommit:GetComment', source: CODECOMMIT },
  { action: 'codecommit:GetCommentsForComparedCommit', source: CODECOMMIT },
  { action: 'codecommit:GetCommentsForPullRequest', source: CODECOMMIT },
  { action: 'states:DescribeExecution', source: SFN_EXEC },
  { action: 'states:GetExecutionHistory', source: SFN_EXEC },
  { action: 'lambda:GetDurableExecution', source: 'https://docs.aws.amazon.com/lambda/latest/dg/durable-execution-permissions.html (execution input, output and state)' },
  { action: 'lambda:GetDurableExecutionHistory', source: 'https://docs.aws.amazon.com/lambda/latest/dg/durable-execution-permissions.html' },
  { action: 'lambda:GetDurableExecutionState', source: 'https://docs.aws.amazon.com/lambda/latest/dg/durable-execution-permissions.html' },
  { action: 'logs:GetLogEvents', source: LOGS },
  { action: 'logs:FilterLogEvents', source: LOGS },
  { action: 'logs:GetQueryResults', source: LOGS },
  { action: 'logs:GetLogRecord', source: LOGS },
  { action: 'dynamodb:GetItem', source: 'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html' },
  { action: 'dynamodb:GetRecords', source: 'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html' },
  { action: 'kinesis:GetRecords', source: 'https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html' },
  { action: 'sqs:ReceiveMessage', source: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html' },
  { action: 'secretsmanager:GetSecretValue', source: 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html' },
  { action: 'secretsmanager:BatchGetSecretValue', source: 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html' },
  { action: 'ssm:GetParameter*', source: 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html (values, SecureString decrypted with WithDecryption)' },
  { action: 'ssm:GetCommandInvocation', source: 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetCommandInvocation.html (the command\'s output)' },
  { action: 'athena:GetQueryResults', source: 'https://docs.aws.amazon.com/athena/latest/APIReference/API_GetQueryResults.html' },
  { action: 'athena:GetQueryResultsStream', source: 'https://docs.aws.amazon.com/athena/latest/ug/security-iam-athena.html' },
  { action: 'redshift-data:GetStatementResult', source: 'https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_GetStatementResult.html' },
  { action: 'cloudtrail:GetQueryResults', source: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetQueryResults.html' },
  { action: 'textract:GetDocumentAnalysis', source: 'https://docs.aws.amazon.com/textract/latest/dg/API_GetDocumentAnalysis.html (the text of the document)' },
  { action: 'textract:GetDocumentTextDetection', source: 'https://docs.aws.amazon.com/textract/latest/dg/API_GetDocumentTextDetection.html' },
  { action: 'textract:GetExpenseAnalysis', source: 'https://docs.aws.amazon.com/textract/latest/dg/API_GetExpenseAnalysis.html' },
  { action: 'textract:GetLendingAnalysis*', source: 'https://docs.aws.amazon.com/textract/latest/dg/API_GetLendingAnalysis.html' },
  { action: 'rekognition:Get*Detection', source: 'https://docs.aws.amazon.com/rekognition/latest/APIReference/API_GetFaceDetection.html (results of a video analysis)' },
  { action: 'rekognition:GetCelebrityRecognition', source: 'https://docs.aws.amazon.com/rekognition/latest/APIReference/API_GetCelebrityRecognition.html' },
  { action: 'rekognition:GetContentModeration', source: 'https://docs.aws.amazon.com/rekognition/latest/APIReference/API_GetContentModeration.html' },
  { action: 'rekognition:GetFaceSearch', source: 'https://docs.aws.amazon.com/rekognition/latest/APIReference/API_GetFaceSearch.html' },
  { action: 'rekognition:GetPersonTracking', source: 'https://docs.aws.amazon.com/rekognition/latest/APIReference/API_GetPersonTracking.html' },
  { action: 'rekognition:GetFaceLivenessSessionResults', source: 'https://docs.aws.amazon.com/rekognition/latest/APIReference/API_GetFaceLivenessSessionResults.html (reference and audit images)' },
  { action: 'ecr:BatchGetImage', source: 'https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchGetImage.html (image manifests)' },
  { action: 'ecr:GetDownloadUrlForLayer', source: 'https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetDownloadUrlForLayer.html (image layers)' },
  { action: 'glue:GetConnection', source: 'https://docs.aws.amazon.com/glue/latest/webapi/API_GetConnection.html (connection passwords unless HidePassword)' },
  { action: 'glue:GetConnections', source: 'https://docs.aws.amazon.com/glue/latest/webapi/API_GetConnections.html' },
  { action: 'lambda:GetFunction', source: 'https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html (Code.Location: a URL that downloads the code; environment variables)' },
  { action: 'lambda:GetFunctionConfiguration', source: LAMBDA_ENV },
  { action: 'lambda:GetLayerVersion', source: LAMBDA_CODE },
  { action: 'ec2:GetConsoleOutput', source: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetConsoleOutput.html' },
  { action: 'ec2:GetConsoleScreenshot', source: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetConsoleScreenshot.html' },
  { action: 'iot:GetThingShadow', source: 'https://docs.aws.amazon.com/iot/latest/apireference/API_iotdata_GetThingShadow.html' },
  { action: 'iot:GetRetainedMessage', source: 'https://docs.aws.amazon.com/iot/latest/apireference/API_iotdata_GetRetainedMessage.html' },
  { action: 'qldb:GetBlock', source: 'https://docs.aws.amazon.com/qldb/latest/developerguide/API_GetBlock.html' },
  { action: 'qldb:GetRevision', source: 'https://docs.aws.amazon.com/qldb/latest/developerguide/API_GetRevision.html' },
  { action: 'glacier:GetJobOutput', source: 'https://docs.aws.amazon.com/amazonglacier/latest/dev/api-job-output-get.html' },
  { action: 'mediastore:GetObject', source: 'https://docs.aws.amazon.com/mediastore/latest/apireference/API_objstore_GetObject.html' },
  { action: 'ebs:GetSnapshotBlock', source: 'https://docs.aws.amazon.com/ebs/latest/APIReference/API_GetSnapshotBlock.html' },
  { action: 'iotanalytics:GetDatasetContent', source: 'https://docs.aws.amazon.com/iotanalytics/latest/APIReference/API_GetDatasetContent.html' },
  { action: 'connect:GetContactAttributes', source: 'https://docs.aws.amazon.com/connect/latest/APIReference/API_GetContactAttributes.html (customer data of a contact)' },
  { action: 'appsync:ListApiKeys', source: 'https://docs.aws.amazon.com/appsync/latest/APIReference/API_ListApiKeys.html (the key values)' },
  { action: 'sagemaker:GetRecord', source: 'https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_feature_store_GetRecord.html' },
  { action: 'cognito-idp:AdminGetUser', source: 'https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminGetUser.html (user attributes: e-mail, phone)' },
  { action: 'cognito-idp:ListUsers*', source: 'https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html (user attributes)' },
];
