/**
 * The permission data tables (permissions/data/*) name only actions that exist in the IAM
 * catalogue, and each entry says where AWS documents it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lookupAction } from '../../server/src/engine/iam/catalog';
import { CALLER_CREDENTIALS, EVENT_SOURCE_MAPPINGS, PLATFORM, SDK_HELPERS, STREAM_POLLING_SETS } from '../../server/src/engine/permissions/data/implied-actions';
import { OPERATION_EXCEPTIONS, OPERATION_PREFIX_RULES, PARAMETER_ACTIONS, operationMayUse } from '../../server/src/engine/permissions/data/operation-actions';
import { actionsForOperation, iamServiceFor } from '../../server/src/engine/permissions/services';
import { expandAction } from '../../server/src/engine/iam/catalog';

const exists = (a: string) => lookupAction(a)?.fullName === a;

describe('SDK operation → IAM action exceptions', () => {
  it('every target action exists in the IAM catalogue, spelt canonically', () => {
    const missing = OPERATION_EXCEPTIONS.flatMap((e) => [...e.actions, ...(e.mayUse ?? [])].filter((a) => !exists(a)).map((a) => `${e.service}.${e.operation} → ${a}`));
    assert.deepEqual(missing, []);
  });
  it('CopyObject (and boto3 copy) may use the tagging actions (tags copied by default), which are not among the needed ones', () => {
    for (const op of ['CopyObject', 'Copy']) {
      assert.deepEqual(operationMayUse('s3', op), ['s3:GetObjectTagging', 's3:PutObjectTagging'], op);
      assert.deepEqual(actionsForOperation('s3', op), ['s3:PutObject', 's3:GetObject'], op);
    }
    assert.deepEqual(operationMayUse('s3', 'PutObject'), []);
    for (const e of OPERATION_EXCEPTIONS) if (e.mayUse) assert.match(e.source, /repost\.aws|docs\.aws\.amazon\.com/);
  });
  it('every operation-prefix rule names catalogue actions and has a source', () => {
    assert.deepEqual(OPERATION_PREFIX_RULES.flatMap((r) => r.actions.filter((a) => !exists(a))), []);
    for (const r of OPERATION_PREFIX_RULES) assert.match(r.source, /^https:\/\//);
  });
  it('every entry has a source note and is listed once', () => {
    const keys = OPERATION_EXCEPTIONS.map((e) => `${e.service}:${e.operation}`);
    assert.equal(new Set(keys).size, keys.length);
    for (const e of OPERATION_EXCEPTIONS) assert.ok(e.source.length > 10, `${e.service}.${e.operation} has no source`);
  });
  it('S3 WriteGetObjectResponse needs s3-object-lambda:WriteGetObjectResponse (another service than the client)', () => {
    assert.deepEqual(actionsForOperation('s3', 'WriteGetObjectResponse'), ['s3-object-lambda:WriteGetObjectResponse']);
  });
  it('operations without an exception map to the action of their name, unknown ones to nothing', () => {
    assert.deepEqual(actionsForOperation('dynamodb', 'PutItem'), ['dynamodb:PutItem']);
    assert.deepEqual(actionsForOperation('s3', 'ListObjectsV2'), ['s3:ListBucket']);
    assert.deepEqual(actionsForOperation('s3', 'NoSuchOperation'), []);
  });
});

describe('implied permissions (platform, event source mappings, caller credentials, SDK helpers)', () => {
  const tables: [string, { actions: readonly string[]; source: string }[]][] = [
    ['PLATFORM', [...PLATFORM]],
    ['EVENT_SOURCE_MAPPINGS', [...EVENT_SOURCE_MAPPINGS]],
    ['STREAM_POLLING_SETS', [...STREAM_POLLING_SETS]],
    ['CALLER_CREDENTIALS', [...CALLER_CREDENTIALS]],
    ['SDK_HELPERS', [...SDK_HELPERS]],
  ];
  for (const [name, rows] of tables) {
    it(`${name}: every action exists and every entry has a source`, () => {
      const missing = rows.flatMap((r) => r.actions.filter((a) => !exists(a)));
      assert.deepEqual(missing, []);
      for (const r of rows) assert.match(r.source, /^https:\/\//);
    });
  }
  it('caller-credential triggers match catalogue actions', () => {
    for (const c of CALLER_CREDENTIALS) for (const p of c.whenCalled) assert.ok(expandAction(p).length > 0, `${p} matches nothing`);
  });
  it('the event source mappings the issue names are all there', () => {
    assert.deepEqual(EVENT_SOURCE_MAPPINGS.map((m) => m.id).sort(), ['documentdb', 'dynamodb-stream', 'kafka', 'kinesis', 'mq', 'msk', 'sqs']);
    assert.ok(EVENT_SOURCE_MAPPINGS.find((m) => m.id === 'mq')!.actions.includes('mq:DescribeBroker'));
    assert.ok(EVENT_SOURCE_MAPPINGS.find((m) => m.id === 'documentdb')!.actions.includes('rds:DescribeDBClusters'));
  });
});

describe('service names', () => {
  it('boto3 bedrock-agentcore-control maps to the bedrock-agentcore prefix (its GetGateway grant is used, not unused)', () => {
    assert.deepEqual(actionsForOperation(iamServiceFor('bedrock-agentcore-control')!, 'GetGateway'), ['bedrock-agentcore:GetGateway']);
  });
});

describe('API Gateway management operations authorise HTTP verbs', () => {
  it('UpdateModel → apigateway:PATCH, CreateDeployment → POST, GetRestApis → GET, DeleteStage → DELETE, PutIntegration → PUT', () => {
    const svc = iamServiceFor('APIGateway')!;
    assert.deepEqual(['UpdateModel', 'CreateDeployment', 'GetRestApis', 'DeleteStage', 'PutIntegration'].map((op) => actionsForOperation(svc, op)), [
      ['apigateway:PATCH'],
      ['apigateway:POST'],
      ['apigateway:GET'],
      ['apigateway:DELETE'],
      ['apigateway:PUT'],
    ]);
  });
});

describe('parameter-dependent actions (PARAMETER_ACTIONS)', () => {
  it('every action exists in the catalogue, spelt canonically, each entry with a source, no duplicate (service, param, operation)', () => {
    const seen = new Set<string>();
    for (const e of PARAMETER_ACTIONS) {
      for (const a of e.actions) assert.equal(lookupAction(a)?.fullName, a, a);
      assert.match(e.source, /^https:\/\//, e.param);
      for (const op of e.operations) {
        const k = `${e.service}:${op}:${e.param}`;
        assert.ok(!seen.has(k), k);
        seen.add(k);
      }
    }
    assert.ok(PARAMETER_ACTIONS.some((e) => e.param === 'ACL' && e.operations.includes('PutObject') && e.actions.includes('s3:PutObjectAcl')));
  });
});

describe('Step Functions integrations (permissions/state-machine.ts)', () => {
  it('every action of the integration table, logging and tracing exists in the IAM catalogue, spelt canonically', async () => {
    const { tableActions } = await import('../../server/src/engine/permissions/state-machine');
    assert.deepEqual(tableActions().filter((a) => !exists(a)), []);
  });
  it('every integration has a source note and is listed once', async () => {
    const { INTEGRATIONS } = await import('../../server/src/engine/permissions/state-machine');
    const keys = INTEGRATIONS.map((e) => e.resource);
    assert.equal(new Set(keys).size, keys.length);
    for (const e of INTEGRATIONS) assert.match(e.source, /^https:\/\//, e.resource);
  });
});

describe('every S3 API operation maps to IAM actions of the catalogue', () => {
  // A snapshot of the S3 API (botocore's model and the JS SDK's commands): an operation whose IAM
  // action has another name (the *Configuration APIs) needs an exception, or its grant would be
  // called unused and its absence not missing.
  const { operations } = JSON.parse(readFileSync(join(__dirname, 'data', 's3-operations.json'), 'utf8')) as { operations: string[] };
  it('each operation maps to at least one catalogue action', () => {
    assert.deepEqual(operations.filter((op) => actionsForOperation('s3', op).length === 0), []);
  });
  it('PutBucketNotificationConfiguration needs s3:PutBucketNotification, the lifecycle and public-access-block APIs their own names', () => {
    assert.deepEqual(actionsForOperation('s3', 'PutBucketNotificationConfiguration'), ['s3:PutBucketNotification']);
    assert.deepEqual(actionsForOperation('s3', 'GetBucketLifecycleConfiguration'), ['s3:GetLifecycleConfiguration']);
    assert.deepEqual(actionsForOperation('s3', 'DeletePublicAccessBlock'), ['s3:PutBucketPublicAccessBlock']);
    assert.deepEqual(actionsForOperation('s3', 'ListBuckets'), ['s3:ListAllMyBuckets']);
  });
});
