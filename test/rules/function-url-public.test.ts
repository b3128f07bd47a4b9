import rule from '../../rules/function-url-public';
import { run } from '../helpers/rule-tester';
import { useCodeParsers } from '../helpers/injection';

useCodeParsers();

const sls = (fn: string) => `service: orders
provider:
  name: aws
  runtime: nodejs20.x
functions:
  create:
    handler: src/create.handler
${fn}  other:
    handler: src/other.handler
`;

const sam = (props: string, globals = '') => `Transform: AWS::Serverless-2016-10-31
${globals}Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
${props}`;

run(rule, {
  valid: [
    { name: 'no URL', file: 'serverless.yml', code: sls('') },
    { name: 'url: false', file: 'serverless.yml', code: sls('    url: false\n') },
    { name: 'URL with IAM auth', file: 'serverless.yml', code: sls('    url:\n      authorizer: aws_iam\n      cors: true\n') },
    { name: 'URL auth from an unresolved variable', file: 'serverless.yml', code: sls('    url:\n      authorizer: ${param:urlAuth}\n') },
    { name: 'SAM AWS_IAM', file: 'template.yaml', code: sam('      FunctionUrlConfig:\n        AuthType: AWS_IAM\n') },
    { name: 'SAM local AWS_IAM wins over Globals NONE', file: 'template.yaml', code: sam('      FunctionUrlConfig:\n        AuthType: AWS_IAM\n', 'Globals:\n  Function:\n    FunctionUrlConfig:\n      AuthType: NONE\n') },
    { name: 'SAM AuthType from a parameter', file: 'template.yaml', code: sam('      FunctionUrlConfig:\n        AuthType: !Ref UrlAuth\n') },
    {
      name: 'CloudFormation AWS_IAM',
      file: 'template.yaml',
      code: `Resources:\n  Url:\n    Type: AWS::Lambda::Url\n    Properties:\n      TargetFunctionArn: !GetAtt Fn.Arn\n      AuthType: AWS_IAM\n`,
    },
  ],
  invalid: [
    // --- issue 10, class 4: a webhook handler verifies its caller in code ----------------------
    {
      name: 'Stripe webhook behind a public URL: info, naming the verification and where it is',
      file: 'serverless.yml',
      code: sls('    url: true\n'),
      files: { 'src/create.js': `const Stripe = require('stripe');\nconst stripe = new Stripe(process.env.KEY);\nexports.handler = async (event) => {\n  const e = stripe.webhooks.constructEvent(event.body, event.headers['stripe-signature'], process.env.WHSEC);\n  return { statusCode: 200 };\n};\n` },
      errors: [{ text: 'true', messageId: 'webhookVerified', severity: 'info', message: 'Stripe webhook signature (stripe.webhooks.constructEvent) (src/create.js line 4)' }],
    },
    {
      name: 'a handler that only reads the signature header is still public',
      file: 'serverless.yml',
      code: sls('    url: true\n'),
      files: { 'src/create.js': `exports.handler = async (event) => {\n  if (!event.headers['stripe-signature']) return { statusCode: 400 };\n  return { statusCode: 200 };\n};\n` },
      errors: [{ text: 'true', messageId: 'public', severity: 'error' }],
    },
    {
      name: 'url: true',
      file: 'serverless.yml',
      code: sls('    url: true\n'),
      errors: [{ text: 'true', line: 8, message: '`url: true` creates the URL with AuthType NONE', severity: 'error' }],
      fixes: [{ title: 'authorizer: aws_iam', output: sls('    url:\n      authorizer: aws_iam\n') }],
    },
    {
      name: 'url map without authorizer (block and flow)',
      file: 'serverless.yml',
      code: sls('    url:\n      cors: true\n') + '    url: {invokeMode: RESPONSE_STREAM}\n',
      errors: [
        { text: 'url', line: 8, message: 'no `authorizer: aws_iam`' },
        { text: 'url', line: 12, message: 'function URL of other' },
      ],
      fixes: [
        { finding: 0, title: 'aws_iam', output: sls('    url:\n      cors: true\n      authorizer: aws_iam\n') + '    url: {invokeMode: RESPONSE_STREAM}\n' },
        { finding: 1, title: 'aws_iam', output: sls('    url:\n      cors: true\n') + '    url: {invokeMode: RESPONSE_STREAM, authorizer: aws_iam}\n' },
      ],
    },
    {
      name: 'SAM FunctionUrlConfig AuthType NONE',
      file: 'template.yaml',
      code: sam('      FunctionUrlConfig:\n        AuthType: NONE\n        InvokeMode: BUFFERED\n'),
      errors: [{ text: 'NONE', line: 9, message: 'function URL of Fn is public' }],
      fixes: [{ title: 'AuthType: AWS_IAM', output: sam('      FunctionUrlConfig:\n        AuthType: AWS_IAM\n        InvokeMode: BUFFERED\n') }],
    },
    {
      name: 'SAM Globals: one finding on the Globals value for every function inheriting it',
      file: 'template.yaml',
      code:
        sam('      FunctionUrlConfig:\n        InvokeMode: BUFFERED\n', 'Globals:\n  Function:\n    FunctionUrlConfig:\n      AuthType: NONE\n') +
        '  Other:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: o.handler\n      Runtime: python3.12\n',
      errors: [{ text: 'NONE', line: 5, message: 'function URLs of Fn and Other' }],
      fixes: [{ title: 'AWS_IAM' }],
    },
    {
      name: 'CloudFormation Lambda::Url, YAML and JSON',
      file: 'template.json',
      code: JSON.stringify({ Resources: { Url: { Type: 'AWS::Lambda::Url', Properties: { TargetFunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, AuthType: 'NONE' } } } }, null, 2),
      errors: [{ text: '"NONE"', message: 'function URL Url of Fn' }],
      fixes: [
        {
          title: 'AWS_IAM',
          output: JSON.stringify({ Resources: { Url: { Type: 'AWS::Lambda::Url', Properties: { TargetFunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, AuthType: 'AWS_IAM' } } } }, null, 2),
        },
      ],
    },
    {
      name: 'CloudFormation Lambda::Url in YAML, also inside serverless.yml resources',
      file: 'serverless.yml',
      code: `service: s\nprovider:\n  name: aws\nresources:\n  Resources:\n    Url:\n      Type: AWS::Lambda::Url\n      Properties:\n        TargetFunctionArn: !GetAtt ALambdaFunction.Arn\n        AuthType: NONE\n`,
      errors: [{ text: 'NONE', line: 10 }],
      fixes: [{ title: 'AWS_IAM', output: `service: s\nprovider:\n  name: aws\nresources:\n  Resources:\n    Url:\n      Type: AWS::Lambda::Url\n      Properties:\n        TargetFunctionArn: !GetAtt ALambdaFunction.Arn\n        AuthType: AWS_IAM\n` }],
    },
  ],
});
