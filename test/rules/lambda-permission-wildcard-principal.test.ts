import rule from '../../rules/lambda-permission-wildcard-principal';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, ruleFindings } from '../helpers/rule-tester';

const cfn = (props: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: arn:aws:iam::123456789012:role/fn
      Code: {ZipFile: 'exports.handler = async () => 1'}
  Perm:
    Type: AWS::Lambda::Permission
    Properties:
${props}
`;

run(rule, {
  valid: [
    { name: 'service principal with SourceArn', file: 'template.yaml', code: cfn(`      FunctionName: !Ref Fn\n      Action: lambda:InvokeFunction\n      Principal: apigateway.amazonaws.com\n      SourceArn: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:api/*`) },
    { name: 'an account id', file: 'template.yaml', code: cfn(`      FunctionName: !Ref Fn\n      Action: lambda:InvokeFunction\n      Principal: '123456789012'`) },
    { name: "'*' narrowed to an organization", file: 'template.yaml', code: cfn(`      FunctionName: !Ref Fn\n      Action: lambda:InvokeFunction\n      Principal: '*'\n      PrincipalOrgID: o-abc123`) },
    { name: "'*' narrowed by SourceAccount", file: 'template.yaml', code: cfn(`      FunctionName: !Ref Fn\n      Action: lambda:InvokeFunction\n      Principal: '*'\n      SourceAccount: !Ref AWS::AccountId`) },
    { name: 'principal from a parameter is unknown', file: 'template.yaml', code: cfn(`      FunctionName: !Ref Fn\n      Action: lambda:InvokeFunction\n      Principal: !Ref CallerPrincipal`) },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML',
      file: 'template.yaml',
      code: cfn(`      FunctionName: !GetAtt Fn.Arn\n      Action: lambda:InvokeFunction\n      Principal: '*'`),
      errors: [{ text: `'*'`, line: 15, severity: 'error', message: /any AWS account invoke Fn \(lambda:InvokeFunction\), in Resources\.Perm/ }],
      fixes: [
        {
          title: 'Allow only callers of this account (SourceAccount: !Ref AWS::AccountId)',
          output: cfn(`      FunctionName: !GetAtt Fn.Arn\n      Action: lambda:InvokeFunction\n      Principal: '*'\n      SourceAccount: !Ref AWS::AccountId`),
        },
      ],
    },
    {
      name: 'public function URL permission',
      file: 'template.yaml',
      code: cfn(`      FunctionName: !Ref Fn\n      Action: lambda:InvokeFunctionUrl\n      Principal: "*"\n      FunctionUrlAuthType: NONE`),
      errors: [{ text: '"*"', message: 'function URL of Fn public' }],
    },
    {
      name: 'serverless.yml resources.Resources',
      file: 'serverless.yml',
      code: `service: s
provider:
  name: aws
functions:
  hello:
    handler: h.main
resources:
  Resources:
    HelloPermission:
      Type: AWS::Lambda::Permission
      Properties:
        FunctionName: !GetAtt HelloLambdaFunction.Arn
        Action: lambda:InvokeFunction
        Principal: '*'
`,
      errors: [{ text: `'*'`, line: 14, message: 'resources.Resources.HelloPermission' }],
    },
    {
      name: 'SAM template with a raw permission',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
  Perm:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Fn
      Action: lambda:InvokeFunction
      Principal: !Sub '*'
`,
      errors: [{ text: `!Sub '*'`, line: 13 }],
    },
    {
      name: 'CloudFormation JSON',
      file: 'template.json',
      code: JSON.stringify(
        {
          Resources: {
            Perm: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: 'my-fn', Action: 'lambda:InvokeFunction', Principal: '*' } },
          },
        },
        null,
        2,
      ),
      errors: [{ text: '"*"', message: 'invoke my-fn' }],
      fixes: [{ title: 'SourceAccount', output: JSON.stringify({ Resources: { Perm: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: 'my-fn', Action: 'lambda:InvokeFunction', Principal: '*', SourceAccount: { Ref: 'AWS::AccountId' } } } } }, null, 2) }],
    },
  ],
});

describe('lambda-permission-wildcard-principal fix', () => {
  it('asks before applying (it changes who can invoke), and is not offered for a function URL permission', () => {
    const [f] = ruleFindings(rule, { file: 'template.yaml', code: cfn(`      FunctionName: !Ref Fn\n      Action: lambda:InvokeFunction\n      Principal: '*'`) });
    const fix = f.fixes.find((x) => x.title.includes('SourceAccount'))!;
    assert.ok(fix.isPreferred);
    assert.match(fix.confirm!.message, /other AWS accounts are refused/);
    const [u] = ruleFindings(rule, { file: 'template.yaml', code: cfn(`      FunctionName: !Ref Fn\n      Action: lambda:InvokeFunctionUrl\n      Principal: "*"\n      FunctionUrlAuthType: NONE`) });
    assert.deepEqual(u.fixes.filter((x) => !x.title.startsWith('Ignore ')), []);
  });
});
