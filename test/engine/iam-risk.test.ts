import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { expandAction, lookupAction } from '../../server/src/engine/iam/catalog';
import {
  CREDENTIALS_EXPOSURE_ACTIONS,
  DATA_EXFILTRATION_ACTIONS,
  ESCALATION_METHODS,
  RESOURCE_EXPOSURE_ACTIONS,
  credentialsExposureFindings,
  dataExfiltrationFindings,
  escalationFindings,
  resourceExposureFindings,
  riskScore,
  riskTags,
  riskiestActions,
} from '../../server/src/engine/iam/risk';
import { cpuTime, withinUnits } from '../helpers/timing';

const ids = (granted: string[]) => escalationFindings(granted).map((f) => f.method.id);

describe('risk data', () => {
  test('every listed action exists in the catalogue, spelt canonically', () => {
    const all = [
      ...ESCALATION_METHODS.flatMap((m) => m.requires.flat()),
      ...CREDENTIALS_EXPOSURE_ACTIONS,
      ...DATA_EXFILTRATION_ACTIONS,
      ...RESOURCE_EXPOSURE_ACTIONS,
    ];
    for (const name of all) assert.equal(lookupAction(name)?.fullName, name, name);
  });

  test('lists have no duplicates; methods are well formed', () => {
    for (const list of [CREDENTIALS_EXPOSURE_ACTIONS, DATA_EXFILTRATION_ACTIONS, RESOURCE_EXPOSURE_ACTIONS]) {
      assert.equal(new Set(list.map((x) => x.toLowerCase())).size, list.length);
    }
    assert.equal(new Set(ESCALATION_METHODS.map((m) => m.id)).size, ESCALATION_METHODS.length);
    for (const m of ESCALATION_METHODS) {
      assert.ok(m.requires.length > 0 && m.requires.every((g) => g.length > 0), m.id);
      assert.ok(m.title && m.description, m.id);
    }
    // The brief's required entries are all present.
    const singles = new Set(ESCALATION_METHODS.filter((m) => m.requires.length === 1).flatMap((m) => m.requires[0]!));
    for (const a of [
      'iam:CreatePolicyVersion',
      'iam:SetDefaultPolicyVersion',
      'iam:AttachUserPolicy',
      'iam:AttachGroupPolicy',
      'iam:AttachRolePolicy',
      'iam:PutUserPolicy',
      'iam:PutGroupPolicy',
      'iam:PutRolePolicy',
      'iam:UpdateAssumeRolePolicy',
      'iam:CreateAccessKey',
      'iam:CreateLoginProfile',
      'iam:UpdateLoginProfile',
      'iam:AddUserToGroup',
      'glue:UpdateDevEndpoint',
      'lambda:UpdateFunctionCode',
      'lambda:UpdateFunctionConfiguration',
      'sts:AssumeRole',
    ]) {
      assert.ok(singles.has(a), a);
    }
  });
});

describe('escalationFindings', () => {
  test('single actions', () => {
    assert.deepEqual(ids(['iam:CreatePolicyVersion']), ['CreateNewPolicyVersion']);
    assert.deepEqual(ids(['lambda:UpdateFunctionCode']), ['EditExistingLambdaFunctionWithRole']);
    assert.deepEqual(ids(['iam:AddUserToGroup', 's3:GetObject']), ['AddUserToGroup']);
  });

  test('PassRole combinations need every part', () => {
    assert.deepEqual(ids(['iam:PassRole']), []);
    assert.deepEqual(ids(['iam:PassRole', 'lambda:CreateFunction']), []);
    assert.deepEqual(ids(['lambda:CreateFunction', 'lambda:InvokeFunction']), []);
    assert.deepEqual(ids(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']), ['PassExistingRoleToNewLambda']);
    assert.deepEqual(
      ids(['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping']),
      ['PassExistingRoleToNewLambda'],
      'any action of an alternative group is enough',
    );
    assert.deepEqual(ids(['iam:PassRole', 'cloudformation:CreateStack']), ['PassExistingRoleToCloudFormation']);
    assert.deepEqual(ids(['iam:PassRole', 'ec2:RunInstances']), ['CreateEC2WithExistingIP']);
    assert.deepEqual(ids(['iam:PassRole', 'glue:CreateDevEndpoint']), ['PassExistingRoleToNewGlueDevEndpoint']);
  });

  test('reports which action satisfied each group and which pattern granted it', () => {
    const [f] = escalationFindings(['IAM:passrole', 'lambda:Create*', 'lambda:Invoke*']);
    assert.ok(f);
    assert.equal(f.method.id, 'PassExistingRoleToNewLambda');
    assert.deepEqual([...f.actions], ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']);
    assert.deepEqual([...f.grantedBy], ['IAM:passrole', 'lambda:Create*', 'lambda:Invoke*']);
  });

  test('wildcards are taken into account', () => {
    const iamOnly = ids(['iam:*']);
    for (const id of ['CreateNewPolicyVersion', 'PutRolePolicy', 'AttachRolePolicy', 'CreateAccessKey', 'UpdateRolePolicyToAssumeIt']) {
      assert.ok(iamOnly.includes(id), id);
    }
    assert.ok(!iamOnly.includes('PassExistingRoleToNewLambda'));
    assert.deepEqual(ids(['*']), ESCALATION_METHODS.map((m) => m.id));
    assert.deepEqual(ids(['iam:Put*Policy']), ['PutUserPolicy', 'PutGroupPolicy', 'PutRolePolicy']);
    assert.deepEqual(ids(['iam:*', 'lambda:*']).includes('PassExistingRoleToNewLambda'), true);
    assert.deepEqual(ids(['iam:Get*', 'iam:List*', 's3:*', 'dynamodb:*']), []);
    assert.deepEqual(ids([]), []);
  });

  test('accepts catalogue action objects (e.g. after NotAction expansion)', () => {
    const granted = [...expandAction('iam:Pass*'), ...expandAction('ec2:Run*')];
    assert.deepEqual(ids(granted.map((a) => a.fullName)), ['CreateEC2WithExistingIP']);
    assert.deepEqual(
      escalationFindings(granted).map((f) => f.method.id),
      ['CreateEC2WithExistingIP'],
    );
  });
});

describe('other risk lists', () => {
  test('credential exposure', () => {
    const sts = credentialsExposureFindings(['sts:*']).map((f) => f.action);
    assert.ok(sts.includes('sts:AssumeRole') && sts.includes('sts:GetSessionToken'));
    assert.ok(sts.every((a) => a.startsWith('sts:')));
    assert.deepEqual(credentialsExposureFindings(['ECR:GetAuthorizationToken']), [
      { action: 'ecr:GetAuthorizationToken', grantedBy: 'ECR:GetAuthorizationToken' },
    ]);
    assert.deepEqual(credentialsExposureFindings(['s3:*']), []);
  });

  test('data exfiltration', () => {
    const s3 = dataExfiltrationFindings(['s3:Get*']).map((f) => f.action);
    assert.deepEqual(s3, ['s3:GetObject', 's3:GetObjectVersion']);
    assert.deepEqual(dataExfiltrationFindings(['s3:PutObject']), []);
    assert.ok(dataExfiltrationFindings(['secretsmanager:*']).some((f) => f.action === 'secretsmanager:GetSecretValue'));
    assert.ok(dataExfiltrationFindings(['ssm:GetParameter*']).length >= 3);
  });

  test('resource exposure', () => {
    assert.deepEqual(resourceExposureFindings(['s3:PutBucketPolicy']).map((f) => f.action), ['s3:PutBucketPolicy']);
    assert.ok(resourceExposureFindings(['lambda:*']).some((f) => f.action === 'lambda:AddPermission'));
  });
});

describe('tags and ranking', () => {
  test('riskTags', () => {
    assert.deepEqual(riskTags('iam:PutRolePolicy'), ['permissions-management', 'privilege-escalation']);
    assert.deepEqual(riskTags('IAM:PASSROLE'), ['privilege-escalation-part']);
    assert.deepEqual(riskTags('iam:CreateAccessKey'), ['privilege-escalation', 'credentials-exposure']);
    assert.deepEqual(riskTags('s3:GetObject'), ['data-exfiltration']);
    assert.deepEqual(riskTags('s3:PutBucketPolicy'), ['permissions-management', 'resource-exposure']);
    assert.deepEqual(riskTags('s3:ListBucket'), []);
    assert.deepEqual(riskTags('nope:Nope'), []);
  });

  test('scores: permissions management and escalation above writes above reads above lists', () => {
    assert.equal(lookupAction('dynamodb:DeleteResourcePolicy')?.accessLevel, 'Permissions management');
    assert.equal(lookupAction('s3:PutObjectTagging')?.accessLevel, 'Tagging');
    assert.equal(lookupAction('s3:GetBucketLocation')?.accessLevel, 'Read');
    const order = [
      'iam:PutRolePolicy', // PM + escalation
      'iam:CreateAccessKey', // escalation + credentials
      'lambda:UpdateFunctionCode', // Write + escalation
      'dynamodb:DeleteResourcePolicy', // PM
      'iam:PassRole', // Write, part of combinations
      's3:PutObject', // Write
      's3:PutObjectTagging', // Tagging
      's3:GetBucketLocation', // Read
      's3:ListAllMyBuckets', // List
    ];
    const scores = order.map(riskScore);
    for (let i = 1; i < scores.length; i++) assert.ok(scores[i - 1]! > scores[i]!, `${order[i - 1]} > ${order[i]}`);
    assert.ok(riskScore('s3:GetObject') > riskScore('s3:PutObject'), 'sensitive read outranks a plain write');
    assert.equal(riskScore('nope:Nope'), 0);
  });

  test('riskiestActions names the dangerous ones', () => {
    const top = riskiestActions(['s3:*', 'lambda:*', 'iam:PassRole'], 3);
    assert.equal(top.length, 3);
    const passRole = top.find((r) => r.action === 'iam:PassRole');
    assert.ok(passRole, JSON.stringify(top));
    assert.ok(passRole.escalations.includes('PassExistingRoleToNewLambda'));
    assert.equal(new Set(top.map((r) => r.action.split(':')[0])).size, 3, 'diverse by default: one per service');
    for (let i = 1; i < top.length; i++) assert.ok(top[i - 1]!.score >= top[i]!.score);

    // Without the rest of the combination, PassRole is not an escalation and ranks below PM.
    const s3Only = riskiestActions(['s3:*', 'iam:PassRole'], 3, { diverse: false });
    assert.ok(s3Only.every((r) => r.action.startsWith('s3:')));

    const strict = riskiestActions(['iam:*'], 4, { diverse: false });
    assert.equal(strict.length, 4);
    assert.ok(strict.every((r) => r.tags.includes('privilege-escalation')));
    assert.ok(riskiestActions(['iam:*'], 4).every((r) => r.action.startsWith('iam:')), 'fills up from one service');

    assert.deepEqual(riskiestActions(['nope:*', 'bogus'], 3), []);
    assert.deepEqual(riskiestActions(['*'], 0), []);
    assert.deepEqual(
      riskiestActions(['s3:ListAllMyBuckets', 's3:GetObject', 's3:PutObject']).map((r) => r.action),
      ['s3:GetObject', 's3:PutObject', 's3:ListAllMyBuckets'],
    );
  });

  test('riskiestActions("*") is quick and names different services', () => {
    const { ms, value: top } = cpuTime(() => riskiestActions(['*'], 5));
    assert.equal(top.length, 5);
    assert.equal(new Set(top.map((r) => r.action.split(':')[0])).size, 5);
    assert.equal(top[0]!.action, 'iam:UpdateAssumeRolePolicy');
    const w = withinUnits(ms, 50);
    assert.ok(w.ok, w.message);
  });
});
