import rule from '../../rules/sam-policy-template-wildcard';
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ruleFindings, run } from '../helpers/rule-tester';

const sam = (policies: string, extra = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Policies:
${policies}
${extra}`;

const table = `  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
`;

run(rule, {
  valid: [
    { name: 'scoped with !Ref', file: 'template.yaml', code: sam(`        - DynamoDBCrudPolicy:\n            TableName: !Ref Orders`, table) },
    { name: 'naming-prefix patterns scope the grant', file: 'template.yaml', code: sam(`        - S3ReadPolicy: {BucketName: 'orders-*'}\n        - SQSSendMessagePolicy: {QueueName: !Sub '\${AWS::StackName}-*'}`) },
    { name: 'templates without parameters', file: 'template.yaml', code: sam(`        - VPCAccessPolicy: {}\n        - CloudWatchPutMetricPolicy: {}`) },
    { name: "StreamName '*' under a named table is the usual value", file: 'template.yaml', code: sam(`        - DynamoDBStreamReadPolicy:\n            TableName: !Ref Orders\n            StreamName: '*'`, table) },
    { name: 'secret ARN with a name prefix', file: 'template.yaml', code: sam(`        - AWSSecretsManagerGetSecretValuePolicy:\n            SecretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-*`) },
    { name: 'a parameter value is unknown, not a wildcard', file: 'template.yaml', code: sam(`        - DynamoDBCrudPolicy:\n            TableName: !Ref TableParam`) },
  ],
  invalid: [
    {
      name: 'DynamoDBCrudPolicy with the only table in the template: fix uses !Ref',
      file: 'template.yaml',
      code: sam(`        - DynamoDBCrudPolicy:\n            TableName: '*'`, table),
      errors: [{ text: `'*'`, line: 10, severity: 'warning', message: /DynamoDBCrudPolicy with TableName '\*' grants the template's actions on every DynamoDB table .*Resources\.Fn\.Properties\.Policies.*TableName: !Ref Orders/ }],
      fixes: [{ title: 'Scope DynamoDBCrudPolicy to Orders (!Ref Orders)', output: sam(`        - DynamoDBCrudPolicy:\n            TableName: !Ref Orders`, table) }],
    },
    {
      name: 'flow maps; SQS and SNS get the GetAtt that yields a name; SimpleTable counts as a table',
      file: 'template.yaml',
      code: sam(
        `        - SQSSendMessagePolicy: {QueueName: '*'}\n        - SNSPublishMessagePolicy: {TopicName: "*"}\n        - DynamoDBReadPolicy: {TableName: !Sub '*'}`,
        `  Jobs:\n    Type: AWS::SQS::Queue\n  Events:\n    Type: AWS::SNS::Topic\n  Simple:\n    Type: AWS::Serverless::SimpleTable\n`,
      ),
      errors: [
        { text: `'*'`, line: 9, message: 'every SQS queue' },
        { text: '"*"', line: 10, message: 'every SNS topic' },
        { text: `!Sub '*'`, line: 11, message: 'every DynamoDB table' },
      ],
      fixes: [
        { finding: 0, title: '!GetAtt Jobs.QueueName' },
        { finding: 1, title: '!GetAtt Events.TopicName' },
        { finding: 2, title: '!Ref Simple' },
      ],
    },
    {
      name: 'no fix when there are two candidate buckets, or none; LambdaInvokePolicy never points at itself',
      file: 'template.yaml',
      code: sam(
        `        - S3CrudPolicy:\n            BucketName: '*'\n        - LambdaInvokePolicy:\n            FunctionName: '*'\n        - KMSDecryptPolicy:\n            KeyId: '*'`,
        `  A:\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::S3::Bucket\n`,
      ),
      errors: [
        { text: `'*'`, line: 10, message: 'every S3 bucket' },
        { text: `'*'`, line: 12, message: 'every Lambda function' },
        { text: `'*'`, line: 14, message: 'every KMS key' },
      ],
    },
    {
      name: 'ARN parameter whose id is only a wildcard; StateMachine policies; StreamName with TableName also *',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      Policies:
        - AWSSecretsManagerGetSecretValuePolicy:
            SecretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:*
        - DynamoDBStreamReadPolicy:
            TableName: '*'
            StreamName: '*'
`,
      errors: [
        { text: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:*', message: /every Secrets Manager secret .*Resources\.Machine\.Properties\.Policies/ },
        { text: `'*'`, line: 10, message: 'TableName' },
      ],
    },
    {
      name: 'SAM JSON template: the fix writes JSON',
      file: 'template.json',
      code: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "Uploads": { "Type": "AWS::S3::Bucket" },
    "Fn": {
      "Type": "AWS::Serverless::Function",
      "Properties": {
        "Handler": "app.handler",
        "Runtime": "nodejs20.x",
        "Policies": [{ "S3ReadPolicy": { "BucketName": "*" } }]
      }
    }
  }
}
`,
      errors: [{ text: '"*"', line: 10, message: 'every S3 bucket' }],
      fixes: [
        {
          title: 'Scope S3ReadPolicy to Uploads',
          output: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "Uploads": { "Type": "AWS::S3::Bucket" },
    "Fn": {
      "Type": "AWS::Serverless::Function",
      "Properties": {
        "Handler": "app.handler",
        "Runtime": "nodejs20.x",
        "Policies": [{ "S3ReadPolicy": { "BucketName": {"Ref": "Uploads"} } }]
      }
    }
  }
}
`,
        },
      ],
    },
  ],
});

it('offers no fix when the matching resource is ambiguous, absent, or the function itself', () => {
  const code = sam(
    `        - S3CrudPolicy:\n            BucketName: '*'\n        - LambdaInvokePolicy:\n            FunctionName: '*'\n        - KMSDecryptPolicy:\n            KeyId: '*'`,
    `  A:\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::S3::Bucket\n`,
  );
  const found = ruleFindings(rule, { file: 'template.yaml', code });
  assert.equal(found.length, 3);
  for (const f of found) assert.deepEqual(f.fixes.filter((x) => !x.placeholder).map((x) => x.title), []);
});
