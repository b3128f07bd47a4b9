import rule from '../../rules/resource-policy-wildcard-principal';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, ruleFindings } from '../helpers/rule-tester';

const queuePolicy = (statements: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Queue:
    Type: AWS::SQS::Queue
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
${statements}
`;

const website = (statement: string, acl = '      AccessControl: PublicRead\n') => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
${acl}      WebsiteConfiguration:
        IndexDocument: index.html
  SitePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Site
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: '*'
${statement}            Resource: !Sub 'arn:aws:s3:::\${Site}/*'
`;

const restApi = (types: string, authorization: string, action = 'execute-api:Invoke') => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: app
${types}      Policy:
        Statement:
          - Action: '${action}'
            Effect: Allow
            Principal: '*'
            Resource: 'execute-api:/*'
  Res:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items}
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Res
      HttpMethod: GET
${authorization}      Integration: {Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations'}
`;
const regional = '      EndpointConfiguration:\n        Types:\n          - REGIONAL\n';
const cognitoAuth = '      AuthorizationType: COGNITO_USER_POOLS\n      AuthorizerId: !Ref Authorizer\n';

const slsApi = (statements: string, endpointType = '') => `service: api
provider:
  name: aws${endpointType ? `\n  endpointType: ${endpointType}` : ''}
  apiGateway:
    resourcePolicy:
${statements}
functions:
  hello:
    handler: h.main
    events:
      - http: GET hello
`;

const domain = (extra: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      AccessPolicies:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: '*'
            Action: 'es:ESHttp*'
            Resource: !Sub 'arn:aws:es:\${AWS::Region}:\${AWS::AccountId}:domain/search/*'
${extra}`;

const vpc = `      VPCOptions:
        SubnetIds: [!Ref SubnetA]
        SecurityGroupIds: [!Ref SearchSg]
`;
const fgac = `      AdvancedSecurityOptions:
        Enabled: true
        InternalUserDatabaseEnabled: true
`;

run(rule, {
  valid: [
    {
      name: "'*' narrowed by aws:SourceArn (SNS → SQS)",
      file: 'template.yaml',
      code: queuePolicy(`          - Effect: Allow
            Principal: '*'
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              ArnEquals:
                aws:SourceArn: !Ref Topic`),
    },
    {
      name: 'a service principal',
      file: 'template.yaml',
      code: queuePolicy(`          - Effect: Allow
            Principal: {Service: sns.amazonaws.com}
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn`),
    },
    {
      name: "Deny '*' is a guard-rail",
      file: 'template.yaml',
      code: queuePolicy(`          - Effect: Deny
            Principal: '*'
            Action: sqs:*
            Resource: !GetAtt Queue.Arn
            Condition: {Bool: {aws:SecureTransport: 'false'}}`),
    },
    {
      name: 'API allow-list: Allow * + Deny unless from these IPs',
      file: 'serverless.yml',
      code: slsApi(`      - Effect: Allow
        Principal: '*'
        Action: execute-api:Invoke
        Resource: execute-api:/*/*/*
      - Effect: Deny
        Principal: '*'
        Action: execute-api:Invoke
        Resource: execute-api:/*/*/*
        Condition:
          NotIpAddress:
            aws:SourceIp: [203.0.113.0/24]`),
    },
    {
      name: 'private API restricted to a VPC endpoint',
      file: 'serverless.yml',
      code: slsApi(`      - Effect: Allow
        Principal: '*'
        Action: execute-api:Invoke
        Resource: execute-api:/*
        Condition:
          StringEquals:
            aws:SourceVpce: vpce-0123456789abcdef0`),
    },
    {
      // aws-samples/aws-serverless-samfarm website.yaml: an S3 static website reads its objects publicly on purpose.
      name: 'S3 static website: anyone may GetObject its objects',
      file: 'template.yaml',
      code: website('            Action: [s3:GetObject]\n'),
    },
    {
      // aws-samples/aws-serverless-image-editing-tool-using-bedrock: a REGIONAL API whose only method needs Cognito.
      name: "REGIONAL REST API: Allow '*' execute-api:Invoke adds nothing to a public endpoint (methods keep their authorizer)",
      file: 'template.yaml',
      code: restApi(regional, cognitoAuth),
    },
    {
      name: "EDGE (default) serverless API: Allow '*' execute-api:Invoke with no Condition",
      file: 'serverless.yml',
      code: slsApi(`      - Effect: Allow
        Principal: '*'
        Action: execute-api:Invoke
        Resource: execute-api:/*/*/*`),
    },
    {
      // Issue 10, set A: an open access policy on a VPC domain with fine-grained access control (AWS's recommended pairing).
      name: 'OpenSearch domain in a VPC with fine-grained access control: open access policy',
      file: 'template.yaml',
      code: domain(fgac + vpc),
    },
  ],
  invalid: [
    {
      name: 'OpenSearch domain in a VPC without fine-grained access control: warning, unauthenticated inside the VPC',
      file: 'template.yaml',
      code: domain(vpc),
      errors: [{ severity: 'warning', message: /the domain is in a VPC \(VPCOptions\).*nothing authenticates/ }],
    },
    {
      name: 'OpenSearch domain with fine-grained access control but a public endpoint, or neither: error',
      file: 'template.yaml',
      code: domain(fgac),
      errors: [{ severity: 'error', message: /anonymous internet users/ }],
    },
    {
      name: 'a PRIVATE serverless API: the policy is the only gate, so any VPC endpoint of any account gets in',
      file: 'serverless.yml',
      code: slsApi(`      - Effect: Allow
        Principal: '*'
        Action: execute-api:Invoke
        Resource: execute-api:/*/*/*`, 'PRIVATE'),
      errors: [{ text: `'*'`, line: 8, severity: 'error', message: 'anonymous internet users use execute-api:Invoke' }],
    },
    {
      name: "a REGIONAL API with an AWS_IAM method: '*' admits signed calls from every account",
      file: 'template.yaml',
      code: restApi(regional, '      AuthorizationType: AWS_IAM\n'),
      errors: [{ text: `'*'`, severity: 'error', message: 'methods authorised with AWS_IAM (`GET /items`)' }],
    },
    {
      name: 'a REGIONAL API policy granting execute-api:* (more than Invoke) and a PRIVATE CloudFormation API',
      file: 'template.yaml',
      code: restApi(regional, cognitoAuth, 'execute-api:*') + restApi('      EndpointConfiguration: {Types: [PRIVATE]}\n', cognitoAuth).split('Resources:\n')[1].replace(/\bApi\b/g, 'Api2').replace(/\bRes\b/g, 'Res2').replace(/\bMethod:/, 'Method2:'),
      errors: [{ text: `'*'`, line: 14, message: 'execute-api:*' }, { text: `'*'`, message: 'execute-api:Invoke' }],
    },
    {
      name: 'S3 static website that also lists its keys: info',
      file: 'template.yaml',
      code: website('            Action: [s3:GetObject, s3:ListBucket]\n'),
      errors: [{ text: `'*'`, severity: 'info', message: 'list the objects of website bucket Site' }],
    },
    {
      name: 'S3 static website whose policy lets anyone write: still an error; a non-website bucket read too',
      file: 'template.yaml',
      code: website('            Action: [s3:GetObject, s3:PutObject]\n') + website('            Action: s3:GetObject\n', '').split('Resources:\n')[1].replace('      WebsiteConfiguration:\n        IndexDocument: index.html\n', '      BucketName: plain\n').replace(/\bSite\b/g, 'Plain').replace('SitePolicy', 'PlainPolicy'),
      errors: [{ text: `'*'`, severity: 'error', message: 's3:GetObject and s3:PutObject' }, { text: `'*'`, severity: 'error', message: 'S3 bucket policy' }],
    },
    {
      name: 'SQS queue policy open to everyone',
      file: 'template.yaml',
      code: queuePolicy(`          - Effect: Allow
            Principal: '*'
            Action: [sqs:SendMessage, sqs:ReceiveMessage]
            Resource: !GetAtt Queue.Arn`),
      errors: [{ text: `'*'`, line: 13, severity: 'error', message: /every AWS account use sqs:SendMessage and sqs:ReceiveMessage through this SQS queue policy, in Resources\.QueuePolicy\.Properties\.PolicyDocument/ }],
      fixes: [
        {
          title: 'Allow only callers of this account (Condition aws:SourceAccount = !Ref AWS::AccountId)',
          output: queuePolicy(`          - Effect: Allow
            Principal: '*'
            Action: [sqs:SendMessage, sqs:ReceiveMessage]
            Resource: !GetAtt Queue.Arn
            Condition:
              StringEquals:
                aws:SourceAccount: !Ref AWS::AccountId`),
        },
      ],
    },
    {
      name: 'a transport-only Condition does not narrow the caller; IfExists neither',
      file: 'template.yaml',
      code: queuePolicy(`          - Effect: Allow
            Principal: {AWS: '*'}
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              Bool: {aws:SecureTransport: 'true'}
          - Effect: Allow
            Principal:
              AWS: ['arn:aws:iam::123456789012:root', '*']
            Action: sqs:ReceiveMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              StringEqualsIfExists: {aws:SourceAccount: '123456789012'}`),
      errors: [
        { text: `'*'`, line: 13, message: 'with a Condition that does not narrow the caller' },
        { text: `'*'`, line: 20, column: 55 },
      ],
    },
    {
      name: 'serverless provider.apiGateway.resourcePolicy and an S3 bucket policy in resources',
      file: 'serverless.yml',
      code:
        slsApi(`      - Effect: Allow
        Principal: '*'
        Action: execute-api:Invoke
        Resource: execute-api:/*/*/*`, 'private') +
        `resources:
  Resources:
    SitePolicy:
      Type: AWS::S3::BucketPolicy
      Properties:
        Bucket: site
        PolicyDocument:
          Statement:
            - Effect: Allow
              Principal: "*"
              Action: s3:GetObject
              Resource: arn:aws:s3:::site/*
`,
      errors: [
        { text: `'*'`, line: 8, message: /anonymous internet users use execute-api:Invoke through this API Gateway resource policy, in provider\.apiGateway\.resourcePolicy/ },
        { text: '"*"', line: 25, message: 'S3 bucket policy' },
      ],
    },
    {
      name: 'SAM template: Secrets Manager resource policy; a Condition from an intrinsic counts as narrowing',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Secret:
    Type: AWS::SecretsManager::Secret
  SecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref Secret
      ResourcePolicy:
        Statement:
          - Effect: Allow
            Principal: {AWS: "*"}
            Action: secretsmanager:GetSecretValue
            Resource: '*'
          - Effect: Allow
            Principal: '*'
            Action: secretsmanager:DescribeSecret
            Resource: '*'
            Condition: !If [Strict, {StringEquals: {aws:PrincipalOrgID: o-1}}, !Ref AWS::NoValue]
`,
      errors: [{ text: '"*"', line: 12, message: 'secretsmanager:GetSecretValue through this Secrets Manager secret policy' }],
    },
    {
      name: 'KMS key policy (JSON) and SNS topic policy',
      file: 'template.json',
      code: JSON.stringify(
        {
          AWSTemplateFormatVersion: '2010-09-09',
          Resources: {
            Key: {
              Type: 'AWS::KMS::Key',
              Properties: {
                KeyPolicy: {
                  Statement: [
                    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' },
                    { Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Decrypt'], Resource: '*' },
                  ],
                },
              },
            },
            TopicPolicy: {
              Type: 'AWS::SNS::TopicPolicy',
              Properties: { Topics: [{ Ref: 'T' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: { Ref: 'T' } }] } },
            },
          },
        },
        null,
        2,
      ),
      errors: [
        { text: '"*"', line: 20, column: 24, message: 'KMS key policy' },
        { text: '"*"', line: 43, column: 28, message: 'SNS topic policy' },
      ],
    },
  ],
});

describe('resource-policy-wildcard-principal fix', () => {
  const fixes = (c: { file: string; code: string }) => ruleFindings(rule, c).map((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore ')).map((x) => x.title));
  it('queues, topics and buses get the same-account condition (asking first); buckets, APIs and statements with a Condition do not', () => {
    const [f] = ruleFindings(rule, { file: 'template.yaml', code: queuePolicy(`          - Effect: Allow\n            Principal: '*'\n            Action: sqs:SendMessage\n            Resource: !GetAtt Queue.Arn`) });
    assert.match(f.fixes[0].confirm!.message, /other AWS accounts are refused/);
    const bucket = `Resources:\n  B:\n    Type: AWS::S3::Bucket\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref B\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: s3:PutObject\n            Resource: !Sub '\${B.Arn}/*'\n`;
    assert.deepEqual(fixes({ file: 'template.yaml', code: bucket }), [[]]);
    const transport = queuePolicy(`          - Effect: Allow\n            Principal: '*'\n            Action: sqs:SendMessage\n            Resource: !GetAtt Queue.Arn\n            Condition:\n              Bool: {aws:SecureTransport: 'true'}`);
    assert.deepEqual(fixes({ file: 'template.yaml', code: transport }), [[]]);
  });
});

/** A bucket served by a CloudFront distribution of the file; `origin` is the origin's extra keys. */
const cdn = (actions: string, origin: string, domain = '!GetAtt Data.RegionalDomainName') => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Data:
    Type: AWS::S3::Bucket
  DataPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Data
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: ${actions}
            Resource: !Sub '\${Data.Arn}/*'
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: data
            DomainName: ${domain}
${origin}        DefaultCacheBehavior:
          TargetOriginId: data
          ViewerProtocolPolicy: redirect-to-https
`;

describe('resource-policy-wildcard-principal: the open origin of a CloudFront distribution', () => {
  it('public s3:GetObject on a bucket CloudFront reads without origin access control or identity is info, naming the distribution', () => {
    for (const domain of ['!GetAtt Data.RegionalDomainName', "!Sub '${Data}.s3.amazonaws.com'", "!Join ['', [!Ref Data, '.s3.amazonaws.com']]"]) {
      const [f, ...rest] = ruleFindings(rule, { file: 'template.yaml', code: cdn('s3:GetObject', '            S3OriginConfig: {}\n', domain) });
      assert.equal(rest.length, 0, domain);
      assert.equal(f?.severity, 'info', domain);
      assert.match(f.message, /origin of CloudFront distribution Cdn with no origin access control or identity/);
    }
  });
  it('stays an error with an origin access control or identity (public read is not needed), for writes, and for a bucket no distribution reads', () => {
    const oac = ruleFindings(rule, { file: 'template.yaml', code: cdn('s3:GetObject', '            S3OriginConfig: {}\n            OriginAccessControlId: !GetAtt Oac.Id\n') });
    assert.deepEqual(oac.map((f) => f.severity), ['error']);
    const oai = ruleFindings(rule, { file: 'template.yaml', code: cdn('s3:GetObject', "            S3OriginConfig:\n              OriginAccessIdentity: !Sub 'origin-access-identity/cloudfront/${Oai}'\n") });
    assert.deepEqual(oai.map((f) => f.severity), ['error']);
    const put = ruleFindings(rule, { file: 'template.yaml', code: cdn('[s3:GetObject, s3:PutObject]', '            S3OriginConfig: {}\n') });
    assert.deepEqual(put.map((f) => f.severity), ['error']);
    const other = ruleFindings(rule, { file: 'template.yaml', code: cdn('s3:GetObject', '            S3OriginConfig: {}\n', 'example.com') });
    assert.deepEqual(other.map((f) => f.severity), ['error']);
  });
});
