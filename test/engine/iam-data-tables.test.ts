/**
 * The IAM data tables of iam/data/ name only actions the IAM catalogue knows (patterns match at
 * least one), list each entry once, and say where each entry comes from.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandAction } from '../../server/src/engine/iam/catalog';
import { SAM_POLICY_TEMPLATES, samPolicyTemplate, samTemplateActions } from '../../server/src/engine/iam/data/sam-policy-templates';
import { narrowerTemplate } from '../../server/src/engine/permissions/unused';
import { AWS_STAR_GRANTS, LOG_WRITERS, awsStarGrant, logWriter } from '../../server/src/engine/iam/data/aws-star-grants';
import { isMetadataRead, riskiestActions } from '../../server/src/engine/iam/risk';
import { lookupAction, serviceInfo } from '../../server/src/engine/iam/catalog';
import { CONTENT_READS, CONTENT_RESOURCE_TYPES } from '../../server/src/engine/iam/data/content-reads';

describe('SAM policy templates (iam/data/sam-policy-templates.ts)', () => {
  it('holds the ~80 templates SAM defines, each once, each with a source', () => {
    assert.ok(SAM_POLICY_TEMPLATES.length >= 80, `only ${SAM_POLICY_TEMPLATES.length}`);
    const names = SAM_POLICY_TEMPLATES.map((t) => t.name);
    assert.equal(new Set(names).size, names.length);
    for (const t of SAM_POLICY_TEMPLATES) assert.match(t.source, /policy_templates\.json.*Templates\./, t.name);
  });
  it('every action (or pattern) of every template is in the IAM catalogue', () => {
    const unknown = SAM_POLICY_TEMPLATES.flatMap((t) => samTemplateActions(t).filter((a) => expandAction(a).length === 0).map((a) => `${t.name}: ${a}`));
    // SAM writes the SQS batch operations too; IAM authorises them through the single-message actions
    // (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-permissions-reference.html).
    assert.deepEqual(unknown, ['SQSPollerPolicy: sqs:ChangeMessageVisibilityBatch', 'SQSPollerPolicy: sqs:DeleteMessageBatch']);
  });
  it('every ${Param} in a resource is a parameter of the template', () => {
    for (const t of SAM_POLICY_TEMPLATES) for (const s of t.statements) for (const r of s.resources) {
      for (const m of r.matchAll(/\$\{([A-Za-z0-9]+)\}/g)) assert.ok(t.params.includes(m[1]), `${t.name}: ${r}`);
    }
  });
  it('knows the everyday templates with their exact actions', () => {
    assert.deepEqual(samTemplateActions(samPolicyTemplate('DynamoDBReadPolicy')!), ['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable']);
    assert.deepEqual(samTemplateActions(samPolicyTemplate('SQSSendMessagePolicy')!), ['sqs:SendMessage*']);
    assert.deepEqual(samTemplateActions(samPolicyTemplate('AWSSecretsManagerGetSecretValuePolicy')!), ['secretsmanager:GetSecretValue']);
    for (const n of ['DynamoDBCrudPolicy', 'DynamoDBWritePolicy', 'S3CrudPolicy', 'S3ReadPolicy', 'S3WritePolicy', 'SQSPollerPolicy', 'SNSPublishMessagePolicy', 'LambdaInvokePolicy', 'StepFunctionsExecutionPolicy', 'SSMParameterReadPolicy', 'KMSDecryptPolicy', 'EventBridgePutEventsPolicy', 'KinesisCrudPolicy', 'DynamoDBStreamReadPolicy']) assert.ok(samPolicyTemplate(n), n);
  });
  it('a narrower template has the same parameters, a subset of the actions and every needed one', () => {
    const crud = samPolicyTemplate('DynamoDBCrudPolicy')!;
    assert.equal(narrowerTemplate(crud, ['dynamodb:Query'])?.name, 'DynamoDBReadPolicy');
    assert.equal(narrowerTemplate(crud, ['dynamodb:PutItem'])?.name, 'DynamoDBWritePolicy');
    assert.equal(narrowerTemplate(crud, ['dynamodb:DeleteItem']), undefined);
    assert.equal(narrowerTemplate(crud, ['dynamodb:PutItem', 'dynamodb:Query']), undefined);
    assert.equal(narrowerTemplate(samPolicyTemplate('S3CrudPolicy')!, ['s3:GetObject'])?.name, 'S3ReadPolicy');
    assert.equal(narrowerTemplate(samPolicyTemplate('S3CrudPolicy')!, ['s3:PutObject'])?.name, 'S3WritePolicy');
    // KinesisStreamReadPolicy grants GetRecords, which KinesisCrudPolicy does not: not narrower.
    assert.equal(narrowerTemplate(samPolicyTemplate('KinesisCrudPolicy')!, ['kinesis:DescribeStream']), undefined);
  });
});

describe("grants AWS writes on '*' itself (iam/data/aws-star-grants.ts)", () => {
  it('every action is in the catalogue, spelt canonically, listed once, with a source', () => {
    const names = AWS_STAR_GRANTS.map((g) => g.action);
    assert.equal(new Set(names).size, names.length);
    for (const g of AWS_STAR_GRANTS) {
      assert.equal(lookupAction(g.action)?.fullName, g.action, g.action);
      assert.match(g.source, /^https:\/\//, g.action);
    }
  });
  it('knows the basic-execution logs, X-Ray and the VPC interfaces; not data actions', () => {
    for (const a of ['logs:CreateLogGroup', 'logs:PutLogEvents', 'xray:PutTraceSegments', 'ec2:CreateNetworkInterface']) assert.ok(awsStarGrant(a), a);
    for (const a of ['logs:GetLogEvents', 's3:GetObject', 'ec2:RunInstances']) assert.equal(awsStarGrant(a), undefined, a);
  });
});

describe('who writes logs with a role (iam/data/aws-star-grants.ts LOG_WRITERS)', () => {
  it('one entry per service principal, each with a source; Lambda is AWSLambdaBasicExecutionRole, Step Functions needs *', () => {
    const ps = LOG_WRITERS.map((w) => w.principal);
    assert.equal(new Set(ps).size, ps.length);
    for (const w of LOG_WRITERS) {
      assert.match(w.principal, /^[a-z0-9-]+\.amazonaws\.com$/, w.principal);
      assert.match(w.source, /^https:\/\//, w.principal);
      assert.ok(w.grantedBy || w.scope, w.principal);
    }
    assert.equal(logWriter('lambda.amazonaws.com')?.grantedBy, 'AWSLambdaBasicExecutionRole');
    assert.equal(logWriter('States.amazonaws.com')?.scope, undefined);
    assert.equal(logWriter('example.amazonaws.com'), undefined);
  });
});

describe('reads of configuration (risk.ts isMetadataRead)', () => {
  it('Describe/List/Get of configuration are metadata reads; data, secrets and non-read actions are not', () => {
    for (const a of ['cloudformation:DescribeStacks', 'iam:GetRole', 'codecommit:GetBranch', 'lambda:ListTags', 'sqs:GetQueueAttributes']) assert.ok(isMetadataRead(lookupAction(a)!), a);
    for (const a of ['s3:GetObject', 'secretsmanager:GetSecretValue', 'ssm:GetParameter', 'dynamodb:Query', 'kms:Decrypt', 'lambda:GetFunction', 'bedrock:InvokeModel', 'sqs:SendMessage']) assert.equal(isMetadataRead(lookupAction(a)!), false, a);
  });
  it('reads of content are not configuration: video, repository files, workflow inputs, logs, objects, query results', () => {
    for (const a of [
      'kinesisvideo:GetMedia', 'kinesisvideo:GetClip', 'kinesisvideo:GetHLSStreamingSessionURL', 'kinesisvideo:GetImages',
      'codecommit:GetBlob', 'codecommit:GetFile', 'codecommit:GetFolder', 'codecommit:GetDifferences',
      'states:GetExecutionHistory', 'states:DescribeExecution',
      'logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:GetQueryResults',
      's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectTorrent', 'dynamodb:GetItem', 'sqs:ReceiveMessage', 'kinesis:GetRecords',
      'ssm:GetParametersByPath', 'ssm:GetCommandInvocation', 'athena:GetQueryResults', 'redshift-data:GetStatementResult',
      'textract:GetDocumentTextDetection', 'ecr:GetDownloadUrlForLayer', 'glue:GetConnection',
      'lambda:GetFunctionConfiguration', 'lambda:GetLayerVersion',
    ]) assert.equal(isMetadataRead(lookupAction(a)!), false, a);
    for (const a of ['kinesisvideo:GetDataEndpoint', 'kinesisvideo:DescribeStream', 'codecommit:GetRepository', 'states:DescribeStateMachine', 'logs:DescribeLogStreams', 's3:GetBucketLocation', 'dynamodb:DescribeTable', 'textract:GetAdapter'])
      assert.ok(isMetadataRead(lookupAction(a)!), a);
  });
  it('content reads rank with the sensitive reads when a message names the riskiest actions', () => {
    const top = riskiestActions(['kinesisvideo:Get*'], 3).map((r) => r.action);
    assert.ok(top.some((a) => ['kinesisvideo:GetMedia', 'kinesisvideo:GetClip', 'kinesisvideo:GetImages', 'kinesisvideo:GetMediaForFragmentList', 'kinesisvideo:GetHLSStreamingSessionURL', 'kinesisvideo:GetDASHStreamingSessionURL'].includes(a)), top.join());
    assert.ok(!top.includes('kinesisvideo:GetDataEndpoint'), top.join());
  });
  it('content reads are data: every entry matches the catalogue and has a source', () => {
    for (const e of CONTENT_READS) {
      assert.ok(expandAction(e.action).length > 0, e.action);
      if (!e.action.includes('*')) assert.equal(lookupAction(e.action)?.fullName, e.action, e.action);
      assert.match(e.source, /^https:\/\//, e.action);
    }
    for (const t of CONTENT_RESOURCE_TYPES) {
      assert.ok(serviceInfo(t.service)?.resourceTypes.some((r) => r.name === t.resourceType), `${t.service} ${t.resourceType}`);
      assert.match(t.source, /^https:\/\//, t.resourceType);
    }
  });
});

describe('conditions that narrow a statement (iam/data/narrowing-conditions.ts)', () => {
  it('every boundary-gated action is in the catalogue, spelt canonically, supports iam:PermissionsBoundary and has a source', async () => {
    const { BOUNDARY_GATED_ACTIONS } = await import('../../server/src/engine/iam/data/narrowing-conditions');
    for (const { action, source } of BOUNDARY_GATED_ACTIONS) {
      const a = lookupAction(action);
      assert.ok(a, action);
      assert.equal(a.fullName, action);
      assert.ok(a.conditionKeys.some((k) => k.toLowerCase() === 'iam:permissionsboundary'), `${action} supports iam:PermissionsBoundary`);
      assert.match(source, /^https:\/\/docs\.aws\.amazon\.com\//);
    }
    // Removing a boundary under that condition lifts exactly that cap: never gated.
    assert.ok(!BOUNDARY_GATED_ACTIONS.some((a) => /Delete(Role|User)PermissionsBoundary/.test(a.action)));
  });
  it('every resource-narrowing key is lower case and has a source', async () => {
    const { RESOURCE_NARROWING_KEYS } = await import('../../server/src/engine/iam/data/narrowing-conditions');
    for (const k of RESOURCE_NARROWING_KEYS) {
      assert.equal(k.key, k.key.toLowerCase());
      assert.match(k.source, /^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });
});
