/**
 * iam-service-wildcard-action's fix on a role only Amazon Data Firehose uses (fix/firehose-role-fix.ts):
 * Glue wildcards become the Glue actions the delivery streams' configuration needs (record format
 * conversion: the table reads), or go when they match none of them.
 */
import rule from '../../rules/iam-service-wildcard-action';
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ruleFindings, run } from '../helpers/rule-tester';

const app = (actions: string, opts: { conversion?: string; trust?: string; extraStream?: string; extra?: string } = {}) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Stream:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      ExtendedS3DestinationConfiguration:
        BucketARN: !GetAtt Bucket.Arn
        RoleARN: !GetAtt StreamRole.Arn
${opts.conversion ?? `        DataFormatConversionConfiguration:
          Enabled: true
          SchemaConfiguration:
            RoleARN: !GetAtt StreamRole.Arn
            DatabaseName: db
            TableName: records
`}${opts.extraStream ?? ''}  StreamRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ${opts.trust ?? 'firehose.amazonaws.com'} }
            Action: sts:AssumeRole
  StreamPolicy:
    Type: AWS::IAM::Policy
    Properties:
      Roles: [!Ref StreamRole]
      PolicyName: delivery
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action:
${actions}
            Resource: '*'
${opts.extra ?? ''}`;

const items = (...a: string[]) => a.map((x) => `              - '${x}'`).join('\n');
/** The Action list as the fix writes it (plain scalars). */
const plain = (...a: string[]) => a.map((x) => `              - ${x}`).join('\n');

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'glue:Get* on a Firehose role whose stream converts records: the three table reads Firehose documents',
      file: 'template.yaml',
      code: app(items('glue:Get*', 'glue:Start*')),
      errors: [{ text: "'glue:Get*'" }, { text: "'glue:Start*'" }],
      fixes: [
        {
          finding: 0,
          title: 'Replace glue:Get* with the Glue actions the delivery streams use (glue:GetTable, glue:GetTableVersion and glue:GetTableVersions)',
          output: app(plain('glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions', 'glue:Start*')),
        },
        { finding: 1, title: 'Remove glue:Start*: the delivery streams using this role need none of its actions', output: app(plain('glue:Get*')) },
      ],
    },
  ],
});

const fixTitles = (code: string) => ruleFindings(rule, { file: 'template.yaml', code }).map((f) => f.fixes.filter((x) => !x.placeholder).map((x) => x.title));

it('no Glue needs without record format conversion: glue:Get* goes, unless it is the only action', () => {
  assert.deepEqual(fixTitles(app(items('glue:Get*', 's3:PutObject'), { conversion: '' })), [['Remove glue:Get*: the delivery streams using this role need none of its actions']]);
  assert.deepEqual(fixTitles(app(items('glue:Get*'), { conversion: '' })), [[]]);
});

it('no fix when the role may be used otherwise: another principal, another user, an output, a destination not understood', () => {
  const two = items('glue:Get*', 'glue:Start*');
  const none = [[], []];
  assert.deepEqual(fixTitles(app(two, { trust: '[firehose.amazonaws.com, glue.amazonaws.com]' })), none);
  assert.deepEqual(fixTitles(app(two, { extra: '  Crawler:\n    Type: AWS::Glue::Crawler\n    Properties:\n      Role: !GetAtt StreamRole.Arn\n' })), none);
  assert.deepEqual(fixTitles(app(two, { extra: 'Outputs:\n  Role:\n    Value: !GetAtt StreamRole.Arn\n' })), none);
  assert.deepEqual(fixTitles(app(two, { extraStream: '      IcebergDestinationConfiguration:\n        RoleARN: !GetAtt StreamRole.Arn\n' })), none);
});
