import rule from '../../rules/function-url-public';
import permissionRule from '../../rules/lambda-permission-wildcard-principal';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, ruleFindings } from '../helpers/rule-tester';
import { useCodeParsers } from '../helpers/injection';

useCodeParsers();

/** A role of the file that invokes function URLs: the caller is an AWS principal, IAM (SigV4) fits. */
const URL_CALLER = `  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: lambda:InvokeFunctionUrl\n          Resource: '*'\n`;
const URL_CALLER_CFN = `  Caller:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Action: lambda:InvokeFunctionUrl\n            Resource: '*'\n`;

const sls = (fn: string, provider = '') => `service: orders
provider:
  name: aws
  runtime: nodejs20.x
${provider}functions:
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
      code: sls('    url: true\n', URL_CALLER),
      errors: [{ text: 'true', line: 14, message: '`url: true` creates the URL with AuthType NONE', severity: 'error' }],
      fixes: [{ title: 'authorizer: aws_iam', output: sls('    url:\n      authorizer: aws_iam\n', URL_CALLER) }],
    },
    {
      name: 'url map without authorizer (block and flow)',
      file: 'serverless.yml',
      code: sls('    url:\n      cors: true\n', URL_CALLER) + '    url: {invokeMode: RESPONSE_STREAM}\n',
      errors: [
        { text: 'url', line: 14, message: 'no `authorizer: aws_iam`' },
        { text: 'url', line: 18, message: 'function URL of other' },
      ],
      fixes: [
        { finding: 0, title: 'aws_iam', output: sls('    url:\n      cors: true\n      authorizer: aws_iam\n', URL_CALLER) + '    url: {invokeMode: RESPONSE_STREAM}\n' },
        { finding: 1, title: 'aws_iam', output: sls('    url:\n      cors: true\n', URL_CALLER) + '    url: {invokeMode: RESPONSE_STREAM, authorizer: aws_iam}\n' },
      ],
    },
    {
      name: 'SAM FunctionUrlConfig AuthType NONE',
      file: 'template.yaml',
      code: sam('      FunctionUrlConfig:\n        AuthType: NONE\n        InvokeMode: BUFFERED\n') + URL_CALLER_CFN,
      errors: [{ text: 'NONE', line: 9, message: 'function URL of Fn is public' }],
      fixes: [{ title: 'AuthType: AWS_IAM', output: sam('      FunctionUrlConfig:\n        AuthType: AWS_IAM\n        InvokeMode: BUFFERED\n') + URL_CALLER_CFN }],
    },
    {
      name: 'SAM Globals: one finding on the Globals value for every function inheriting it',
      file: 'template.yaml',
      code:
        sam('      FunctionUrlConfig:\n        InvokeMode: BUFFERED\n', 'Globals:\n  Function:\n    FunctionUrlConfig:\n      AuthType: NONE\n') +
        '  Other:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: o.handler\n      Runtime: python3.12\n' + URL_CALLER_CFN,
      errors: [{ text: 'NONE', line: 5, message: 'function URLs of Fn and Other' }],
      fixes: [{ title: 'AWS_IAM' }],
    },
    {
      name: 'CloudFormation Lambda::Url, YAML and JSON',
      file: 'template.json',
      code: JSON.stringify({ Resources: { Caller: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunctionUrl', Resource: '*' }] } } }, Url: { Type: 'AWS::Lambda::Url', Properties: { TargetFunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, AuthType: 'NONE' } } } }, null, 2),
      errors: [{ text: '"NONE"', message: 'function URL Url of Fn' }],
      fixes: [
        {
          title: 'AWS_IAM',
          output: JSON.stringify({ Resources: { Caller: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunctionUrl', Resource: '*' }] } } }, Url: { Type: 'AWS::Lambda::Url', Properties: { TargetFunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, AuthType: 'AWS_IAM' } } } }, null, 2),
        },
      ],
    },
    {
      name: 'CloudFormation Lambda::Url in YAML, also inside serverless.yml resources',
      file: 'serverless.yml',
      code: `service: s\nprovider:\n  name: aws\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: lambda:InvokeFunctionUrl\n          Resource: '*'\nresources:\n  Resources:\n    Url:\n      Type: AWS::Lambda::Url\n      Properties:\n        TargetFunctionArn: !GetAtt ALambdaFunction.Arn\n        AuthType: NONE\n`,
      errors: [{ text: 'NONE', line: 16 }],
      fixes: [{ title: 'AWS_IAM', output: `service: s\nprovider:\n  name: aws\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: lambda:InvokeFunctionUrl\n          Resource: '*'\nresources:\n  Resources:\n    Url:\n      Type: AWS::Lambda::Url\n      Properties:\n        TargetFunctionArn: !GetAtt ALambdaFunction.Arn\n        AuthType: AWS_IAM\n` }],
    },
  ],
});

// --- issue 11 item 5: IAM only when an AWS principal calls the URL ------------------------------
run(rule, {
  valid: [],
  invalid: [
    {
      name: 'CloudFront origin access control for Lambda in the file: IAM fits (CloudFront signs with SigV4)',
      file: 'template.yaml',
      code: sam('      FunctionUrlConfig:\n        AuthType: NONE\n') + `  Oac:\n    Type: AWS::CloudFront::OriginAccessControl\n    Properties:\n      OriginAccessControlConfig:\n        Name: fn-oac\n        OriginAccessControlOriginType: lambda\n        SigningBehavior: always\n        SigningProtocol: sigv4\n`,
      errors: [{ text: 'NONE' }],
      fixes: [{ title: 'a CloudFront origin access control for Lambda signs the requests' }],
    },
  ],
});

describe('function-url-public: no IAM fix a caller cannot satisfy', () => {
  const fixesOf = (c: { file: string; code: string; files?: Record<string, string> }) => ruleFindings(rule, c).map((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore ')));
  it('nothing shows an AWS principal calls it (a browser, a webhook sender, CloudFront without OAC): no fix', () => {
    assert.deepEqual(fixesOf({ file: 'serverless.yml', code: sls('    url: true\n') }), [[]]);
    const cloudFrontNoOac = sam('      FunctionUrlConfig:\n        AuthType: NONE\n') + `  Cdn:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        Origins:\n          - Id: fn\n            DomainName: !Select [2, !Split ['/', !GetAtt FnUrl.FunctionUrl]]\n            CustomOriginConfig:\n              OriginProtocolPolicy: https-only\n`;
    assert.deepEqual(fixesOf({ file: 'template.yaml', code: cloudFrontNoOac }), [[]]);
  });
  it('a Stripe webhook URL stays without an IAM fix even when the file grants InvokeFunctionUrl', () => {
    const code = sls('    url: true\n', URL_CALLER);
    assert.deepEqual(fixesOf({ file: 'serverless.yml', code, files: { 'src/create.js': `const stripe = require('stripe')(process.env.KEY);\nexports.handler = async (event) => ({ statusCode: 200, body: event.body });\n` } }), [[]]);
  });
});

/** A CloudFormation URL with AuthType NONE and, when `permission` is given, an AWS::Lambda::Permission for it. */
const urlWithPermission = (permission: string) => `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: arn:aws:iam::123456789012:role/fn
      Code: { ZipFile: 'exports.handler = async () => 1;' }
  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Fn.Arn
      AuthType: NONE
${permission}`;

describe("one public URL, one finding: a URL opened by a '*' permission is lambda-permission-wildcard-principal's error", () => {
  const perm = (extra = '') => `  Open:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !Ref Fn\n      Action: lambda:InvokeFunctionUrl\n      Principal: '*'\n      FunctionUrlAuthType: NONE\n${extra}`;
  it("a Permission with Principal '*', InvokeFunctionUrl and FunctionUrlAuthType NONE: not reported here", () => {
    assert.deepEqual(ruleFindings(rule, { file: 'template.yaml', code: urlWithPermission(perm()) }), []);
    // …because the permission's own rule reports the public URL.
    const other = ruleFindings(permissionRule, { file: 'template.yaml', code: urlWithPermission(perm()) });
    assert.equal(other.length, 1);
    assert.match(other[0].message, /makes the function URL of Fn public/);
  });
  it('without such a permission, or with one limited by SourceAccount, or for another function: reported', () => {
    assert.equal(ruleFindings(rule, { file: 'template.yaml', code: urlWithPermission('') }).length, 1);
    assert.equal(ruleFindings(rule, { file: 'template.yaml', code: urlWithPermission(perm('      SourceAccount: !Ref AWS::AccountId\n')) }).length, 1);
    assert.equal(ruleFindings(rule, { file: 'template.yaml', code: urlWithPermission(perm().replace('FunctionName: !Ref Fn', 'FunctionName: !Ref Other')) }).length, 1);
  });
});
