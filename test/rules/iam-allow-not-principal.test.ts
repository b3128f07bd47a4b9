import rule from '../../rules/iam-allow-not-principal';
import { run } from '../helpers/rule-tester';

const bucketPolicy = (statement: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
${statement}
`;

run(rule, {
  valid: [
    {
      name: 'Deny + NotPrincipal (deny everyone but the admin role)',
      file: 'template.yaml',
      code: bucketPolicy(`          - Effect: Deny
            NotPrincipal:
              AWS: arn:aws:iam::123456789012:role/admin
            Action: s3:*
            Resource: !Sub '\${Bucket.Arn}/*'`),
    },
    {
      name: 'Allow with a named Principal',
      file: 'template.yaml',
      code: bucketPolicy(`          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::123456789012:root
            Action: s3:GetObject
            Resource: !Sub '\${Bucket.Arn}/*'`),
    },
    {
      name: 'serverless API resource policy with Deny + NotPrincipal',
      file: 'serverless.yml',
      code: `service: api
provider:
  name: aws
  apiGateway:
    resourcePolicy:
      - Effect: Deny
        NotPrincipal: {AWS: arn:aws:iam::123456789012:root}
        Action: execute-api:Invoke
        Resource: execute-api:/*
functions:
  a:
    handler: a.h
`,
    },
  ],
  invalid: [
    {
      name: 'S3 bucket policy',
      file: 'template.yaml',
      code: bucketPolicy(`          - Effect: Allow
            NotPrincipal:
              AWS: arn:aws:iam::123456789012:role/blocked
            Action: s3:GetObject
            Resource: !Sub '\${Bucket.Arn}/*'`),
      errors: [{ text: 'NotPrincipal', line: 13, severity: 'error', message: /grants s3:GetObject to everyone except arn:aws:iam::123456789012:role\/blocked.*anonymous.*S3 bucket policy/ }],
    },
    {
      name: 'trust policy of a CloudFormation role (JSON)',
      file: 'template.json',
      code: JSON.stringify(
        {
          AWSTemplateFormatVersion: '2010-09-09',
          Resources: {
            Role: {
              Type: 'AWS::IAM::Role',
              Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', NotPrincipal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
            },
            Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
          },
        },
        null,
        2,
      ),
      errors: [{ text: '"NotPrincipal"', message: /assume role Role \(used by function Fn\)/ }],
    },
    {
      name: 'serverless provider.apiGateway.resourcePolicy and an SNS topic policy in resources',
      file: 'serverless.yml',
      code: `service: api
provider:
  name: aws
  apiGateway:
    resourcePolicy:
      - Effect: Allow
        NotPrincipal: {AWS: arn:aws:iam::123456789012:user/mallory}
        Action: execute-api:Invoke
        Resource: execute-api:/*
functions:
  a:
    handler: a.h
resources:
  Resources:
    TopicPolicy:
      Type: AWS::SNS::TopicPolicy
      Properties:
        Topics: [!Ref Topic]
        PolicyDocument:
          Statement:
            - Effect: Allow
              NotPrincipal: '*'
              Action: sns:Publish
              Resource: !Ref Topic
`,
      errors: [
        { text: 'NotPrincipal', line: 7, message: 'API Gateway resource policy' },
        { text: 'NotPrincipal', line: 22, message: 'SNS topic policy' },
      ],
    },
    {
      name: 'NotPrincipal in an identity policy (SAM)',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Policies:
        - Statement:
            - Effect: Allow
              NotPrincipal: {AWS: arn:aws:iam::1:root}
              Action: s3:GetObject
              Resource: arn:aws:s3:::b/*
`,
      errors: [{ text: 'NotPrincipal', line: 11, message: 'rejected by IAM' }],
    },
  ],
});
