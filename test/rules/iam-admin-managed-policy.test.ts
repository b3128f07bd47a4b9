import rule from '../../rules/iam-admin-managed-policy';
import { run } from '../helpers/rule-tester';

const sam = (policies: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Policies:
${policies}
`;

run(rule, {
  valid: [
    {
      name: 'narrow AWS managed policies',
      file: 'serverless.yml',
      code: `service: s
provider:
  name: aws
  iam:
    role:
      managedPolicies:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
        - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
functions:
  a:
    handler: a.h
`,
    },
    { name: 'SAM bare names that are not full access', file: 'template.yaml', code: sam(`        - AWSLambdaExecute\n        - AmazonDynamoDBReadOnlyAccess\n        - DynamoDBCrudPolicy: {TableName: !Ref T}`) },
    { name: 'a customer-managed policy named like one is not AWS-managed', file: 'template.yaml', code: sam(`        - arn:aws:iam::123456789012:policy/AdministratorAccess`) },
    {
      name: 'a managed policy from a parameter is unknown, not admin',
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  PolicyArn: {Type: String}
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns: [!Ref PolicyArn]
`,
    },
  ],
  invalid: [
    {
      name: 'serverless v3 provider.iam.role.managedPolicies',
      file: 'serverless.yml',
      code: `service: s
provider:
  name: aws
  iam:
    role:
      managedPolicies:
        - arn:aws:iam::aws:policy/AdministratorAccess
functions:
  a:
    handler: a.h
  b:
    handler: b.h
`,
      errors: [
        {
          text: 'arn:aws:iam::aws:policy/AdministratorAccess',
          line: 7,
          severity: 'error',
          message: /AdministratorAccess makes the shared role IamRoleLambdaExecution \(used by functions a and b\) an administrator of the whole AWS account.*provider\.iam\.role\.managedPolicies/,
        },
      ],
    },
    {
      name: 'legacy provider.iamManagedPolicies, partition variable, and v4 per-function managedPolicies',
      file: 'serverless.yml',
      code: `service: s
provider:
  name: aws
  iamManagedPolicies:
    - arn:\${aws:partition}:iam::aws:policy/PowerUserAccess
functions:
  a:
    handler: a.h
  b:
    handler: b.h
    iam:
      role:
        managedPolicies:
          - arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess
`,
      errors: [
        { text: 'arn:${aws:partition}:iam::aws:policy/PowerUserAccess', severity: 'warning', message: /PowerUserAccess .*in provider\.iamManagedPolicies/ },
        { text: 'arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess', severity: 'warning', message: /AmazonDynamoDBFullAccess gives the role of function b every action of a whole AWS service.*functions\.b\.iam\.role\.managedPolicies/ },
      ],
    },
    {
      name: 'SAM bare names and a !Sub ARN',
      file: 'template.yaml',
      code: sam(`        - AdministratorAccess\n        - AmazonS3FullAccess\n        - !Sub arn:\${AWS::Partition}:iam::aws:policy/IAMFullAccess`),
      errors: [
        { text: 'AdministratorAccess', line: 9, severity: 'error', message: 'Resources.Fn.Properties.Policies' },
        { text: 'AmazonS3FullAccess', line: 10, severity: 'warning' },
        { text: '!Sub arn:${AWS::Partition}:iam::aws:policy/IAMFullAccess', line: 11, severity: 'error', message: 'make itself an administrator' },
      ],
    },
    {
      name: 'CloudFormation JSON role ManagedPolicyArns with Fn::Join',
      file: 'template.json',
      code: JSON.stringify(
        {
          AWSTemplateFormatVersion: '2010-09-09',
          Resources: {
            Role: {
              Type: 'AWS::IAM::Role',
              Properties: {
                AssumeRolePolicyDocument: { Statement: [] },
                ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AdministratorAccess']] }, 'arn:aws:iam::aws:policy/AWSLambda_FullAccess'],
              },
            },
            Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
          },
        },
        null,
        2,
      ),
      errors: [
        { severity: 'error', message: /AdministratorAccess makes role Role \(used by function Fn\)/ },
        { text: '"arn:aws:iam::aws:policy/AWSLambda_FullAccess"', severity: 'warning' },
      ],
    },
    {
      name: 'CloudFormation YAML: an IAM user and a role outside any function',
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Deployer:
    Type: AWS::IAM::User
    Properties:
      ManagedPolicyArns:
        - arn:aws-us-gov:iam::aws:policy/AdministratorAccess
  CiRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AdministratorAccess-Amplify
`,
      errors: [
        { text: 'arn:aws-us-gov:iam::aws:policy/AdministratorAccess', line: 7, severity: 'error', message: 'makes IAM user Deployer an administrator' },
        { text: 'arn:aws:iam::aws:policy/AdministratorAccess-Amplify', line: 13, severity: 'warning', message: 'administrator-level access for Amplify' },
      ],
    },
  ],
});
