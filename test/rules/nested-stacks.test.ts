/**
 * Nested stacks written inline: a `TemplateBody` (inline map or literal block string) of an
 * `AWS::CloudFormation::Stack` / `AWS::Serverless::Application` is analysed as part of the outer
 * template, with positions mapped back to the outer file. Written before model/nested.ts.
 */
import wildcardAction from '../../rules/iam-wildcard-action';
import endpointNoAuth from '../../rules/api-endpoint-no-authorizer';
import { run } from '../helpers/rule-tester';

const role = (indent: string, action: string) =>
  [
    'Resources:',
    '  Role:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: {Service: lambda.amazonaws.com}',
    '            Action: sts:AssumeRole',
    '      Policies:',
    '        - PolicyName: p',
    '          PolicyDocument:',
    '            Statement:',
    '              - Effect: Allow',
    `                Action: ${action}`,
    "                Resource: '*'",
  ]
    .map((l) => indent + l)
    .join('\n') + '\n';

const outer = (stackProps: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Nested:
    Type: AWS::CloudFormation::Stack
    Properties:
${stackProps}`;

run(wildcardAction, {
  valid: [
    { name: 'inline map body with a scoped action', file: 'template.yaml', code: outer(`      TemplateBody:\n${role('        ', 's3:GetObject')}`) },
    { name: 'block string body with a scoped action', file: 'template.yaml', code: outer(`      TemplateBody: |\n${role('        ', 's3:GetObject')}`) },
    { name: 'a TemplateURL to S3 is not read', file: 'template.yaml', code: outer(`      TemplateURL: https://s3.amazonaws.com/bucket/nested.yaml\n`) },
  ],
  invalid: [
    {
      name: 'inline map body',
      file: 'template.yaml',
      code: outer(`      TemplateBody:\n${role('        ', "'*'")}`),
      errors: [{ text: "'*'", line: 21 }],
    },
    {
      name: 'literal block string body: the finding lands on the line inside the string',
      file: 'template.yaml',
      code: outer(`      TemplateBody: |\n${role('        ', "'*'")}`),
      errors: [{ text: "'*'", line: 21, column: 33 }],
    },
    {
      name: 'SAM application with an inline body',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31\nResources:\n  App:\n    Type: AWS::Serverless::Application\n    Properties:\n      TemplateBody:\n${role('        ', '"*"')}`,
      errors: [{ text: '"*"', line: 21 }],
    },
  ],
});

run(endpointNoAuth, {
  valid: [],
  invalid: [
    {
      name: 'an API method inside an inline nested stack',
      file: 'template.yaml',
      code: outer(`      TemplateBody: |\n        Resources:\n          Get:\n            Type: AWS::ApiGateway::Method\n            Properties:\n              RestApiId: api\n              ResourceId: res\n              HttpMethod: GET\n              AuthorizationType: NONE\n`),
      errors: [{ text: 'NONE', line: 14 }],
    },
  ],
});

// Issue 13 audit (recall5): the same under serverless.yml `resources:`, a nested template in a
// local file (analysed as that file, on its own), and a quoted one-line body (not mapped, not read).
const slsNested = (body: string) => `service: app
provider:
  name: aws
  runtime: nodejs20.x
resources:
  Resources:
    Nested:
      Type: AWS::CloudFormation::Stack
      Properties:
        TemplateBody:
${body}`;

run(wildcardAction, {
  valid: [
    { name: 'serverless.yml resources: an inline nested body with a scoped action', file: 'serverless.yml', code: slsNested(role('          ', 's3:GetObject')) },
    {
      name: 'a local nested template file with a scoped action',
      file: 'nested/role.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'\n${role('', 's3:GetObject')}`,
      files: { 'template.yaml': outer(`      TemplateURL: ./nested/role.yaml\n`) },
    },
  ],
  invalid: [
    { name: 'serverless.yml resources: an inline nested body', file: 'serverless.yml', code: slsNested(role('          ', "'*'")), errors: [{ text: "'*'", line: 25 }] },
    {
      name: 'a local nested template file (TemplateURL: ./nested/role.yaml) is analysed as that file',
      file: 'nested/role.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'\n${role('', "'*'")}`,
      files: { 'template.yaml': outer(`      TemplateURL: ./nested/role.yaml\n`) },
      errors: [{ text: "'*'", line: 16 }],
    },
  ],
});
