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
