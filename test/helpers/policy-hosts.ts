/**
 * Host documents for IAM statement cases, shared by the rule tests: the same statements placed in
 * serverless.yml (provider.iam.role.statements), a SAM function's inline policy and a CloudFormation
 * role. The statement text is inserted as written (indent it for its host).
 */
export const sls = (statements: string, extra = '') => `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
${statements}
functions:
  create:
    handler: src/create.handler
${extra}`;

export const sam = (statements: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Policies:
        - Statement:
${statements}
`;

export const cfnRole = (statements: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: app
          PolicyDocument:
            Statement:
${statements}
`;

/**
 * A CloudFormation function whose Python code is written in the template (`Code.ZipFile`, `code`
 * as the file holds it), on a role of its own (AWSLambdaBasicExecutionRole plus an inline policy of
 * `statements`, indented for `Statement:`), with a bucket named in its environment (BUCKET).
 */
export const zipRoleApp = (statements: string, code: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
      Policies:
        - PolicyName: app
          PolicyDocument:
            Statement:
${statements}  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Role: !GetAtt FnRole.Arn
      Environment:
        Variables:
          BUCKET: !Ref Bucket
      Code:
        ZipFile: |
${code.split('\n').map((l) => (l ? `          ${l}` : l)).join('\n')}
`;

/** Python code reading one object of the bucket its environment names (for zipRoleApp). */
export const zipReadsBucket = `import os
import boto3
s3 = boto3.client('s3')
def handler(event, context):
    return s3.get_object(Bucket=os.environ['BUCKET'], Key=event['key'])['Body'].read()
`;

/** Node.js code (as written under `InlineCode: |`) sending one message to the queue its environment names (QUEUE_URL). */
export const inlineSendsToQueue = `const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
        const sqs = new SQSClient({});
        exports.handler = async (e) => sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: 'x' }));`;

/**
 * A SAM function whose code is written in the template (`InlineCode`, `code` indented for it) with
 * a queue named in its environment and `statements` (indented for `Statement:`) as its policy.
 */
export const samInlineQueueApp = (statements: string, code = inlineSendsToQueue, handler = 'index.handler') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: ${handler}
      Runtime: nodejs20.x
      Environment:
        Variables:
          QUEUE_URL: !Ref Queue
      InlineCode: |
        ${code}
      Policies:
        - Statement:
${statements}
`;
