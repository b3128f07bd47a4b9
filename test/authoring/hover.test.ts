/**
 * Authoring hovers: IAM actions (description, access level, resource types, condition keys),
 * wildcards (count by access level, riskiest), unknown actions, and function names (effective
 * permissions merged from every source, entry points with authorizer status, handler file).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { authoringHover } from '../../server/src/engine/authoring/hover';
import { actionsByAccessLevel, expandAction, lookupAction } from '../../server/src/engine/iam/catalog';
import { buildModel } from '../../server/src/engine/model/build';
import { Project } from '../../server/src/engine/project';
import { parseYaml } from '../../server/src/engine/yaml/parse';

function hover(file: string, text: string, needle: string, delta = 1, files: Record<string, string> = {}) {
  const path = `/project/${file}`;
  const parsed = parseYaml(text, { format: file.endsWith('.json') ? 'json' : 'yaml' });
  const model = buildModel(path, parsed);
  const all = new Map(Object.entries(files).map(([k, v]) => [`/project/${k}`, v]));
  const project = new Project({
    readFile: (p) => all.get(p),
    listDir: (d) => [...all.keys()].filter((k) => k.startsWith(d + '/') && !k.slice(d.length + 1).includes('/')).map((k) => k.slice(d.length + 1)),
  });
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `needle ${needle}`);
  const h = authoringHover({ parsed, model, offset: at + delta, project });
  return h ? { ...h, text: text.slice(h.range.start, h.range.end) } : undefined;
}

const SLS = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action:
            - s3:GetObject
            - s3:Get*
          Resource: arn:aws:s3:::orders-bucket/*
        - Effect: Deny
          NotAction: iam:*
          Resource: '*'
      managedPolicies:
        - arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess
  httpApi:
    authorizers:
      jwt:
        type: jwt
        identitySource: $request.header.Authorization
        issuerUrl: https://issuer.example.com
        audience: [api]
functions:
  listOrders:
    handler: src/handlers/list.handler
    events:
      - httpApi:
          method: GET
          path: /orders
          authorizer:
            name: jwt
            scopes: [orders/read]
      - http:
          method: post
          path: orders
  nightly:
    handler: src/jobs/nightly.main
    events:
      - schedule: rate(1 day)
  createOrder:
    handler: src/handlers/create.handler
    url:
      authorizer: aws_iam
    iam:
      role:
        statements:
          - Effect: Allow
            Action: dynamodb:PutItem
            Resource: !GetAtt OrdersTable.Arn
  typo:
    handler: x.handler
    iam:
      role:
        statements:
          - Effect: Allow
            Action:
              - s3:GetObjet
              - dynamdb:GetItem
            Resource: '*'
`;

describe('hover on IAM actions', () => {
  it('an action: description, access level, resource types, condition keys', () => {
    const h = hover('serverless.yml', SLS, 's3:GetObject')!;
    assert.equal(h.text, 's3:GetObject');
    const a = lookupAction('s3:GetObject')!;
    assert.match(h.markdown, /^\*\*s3:GetObject\*\* — Amazon S3/);
    assert.ok(h.markdown.toLowerCase().includes(a.description.toLowerCase().slice(0, 30)));
    assert.match(h.markdown, /Access level: \*\*Read\*\*/);
    assert.match(h.markdown, /Resource types: .*`object/);
    assert.match(h.markdown, /Condition keys: .*`s3:/);
  });

  it('a wildcard: how many actions, grouped by access level, the riskiest named', () => {
    const h = hover('serverless.yml', SLS, 's3:Get*')!;
    const n = expandAction('s3:Get*').length;
    assert.match(h.markdown, new RegExp(`^\`s3:Get\\*\` matches \\*\\*${n} actions\\*\\* of Amazon S3`));
    const groups = actionsByAccessLevel(expandAction('s3:Get*'));
    assert.match(h.markdown, new RegExp(`\\| Read \\| ${groups.Read.length} \\|`));
    assert.match(h.markdown, /Riskiest: `s3:/);
  });

  it('NotAction wildcards say that everything else is allowed; `*` spans services', () => {
    const h = hover('serverless.yml', SLS, 'iam:*')!;
    assert.match(h.markdown, /excluded by NotAction/);
    const star = hover('template.yaml', "Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: '*'\n            Resource: '*'\n", "'*'")!;
    assert.match(star.markdown, /matches \*\*\d+ actions\*\* across \d+ services/);
    assert.match(star.markdown, /\| Permissions management \| \d+ \|/);
    assert.match(star.markdown, /Riskiest: `iam:/);
  });

  it('unknown actions and services suggest the right name', () => {
    assert.match(hover('serverless.yml', SLS, 's3:GetObjet')!.markdown, /has no action `GetObjet`\. Did you mean `s3:GetObject`\?/);
    assert.match(hover('serverless.yml', SLS, 'dynamdb:GetItem')!.markdown, /unknown service prefix `dynamdb`\. Did you mean `dynamodb:GetItem`\?/);
  });

  it('JSON templates and SAM inline policies', () => {
    const json = JSON.stringify({ Resources: { R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: '*' }] } }] } } } }, null, 2);
    assert.match(hover('template.json', json, 'sqs:SendMessage')!.markdown, /\*\*sqs:SendMessage\*\*/);
    assert.match(hover('template.json', json, 'sts:AssumeRole')!.markdown, /\*\*sts:AssumeRole\*\*/);
  });

  it('nothing on other values and keys', () => {
    assert.equal(hover('serverless.yml', SLS, 'arn:aws:s3:::orders-bucket'), undefined);
    assert.equal(hover('serverless.yml', SLS, 'provider:'), undefined);
  });
});

describe('hover on a function name', () => {
  it('serverless.yml, shared role: provider statements and managed policies, entry points, handler found', () => {
    const h = hover('serverless.yml', SLS, 'listOrders:', 1, { 'src/handlers/list.ts': 'export const handler = async () => ({})' })!;
    assert.equal(h.text, 'listOrders');
    const md = h.markdown;
    assert.match(md, /^\*\*listOrders\*\* · function \(serverless\.yml\)/);
    assert.match(md, /Handler: `src\/handlers\/list\.handler` → `src\/handlers\/list\.ts`, export `handler`/);
    assert.match(md, /Runtime: `nodejs20\.x`/);
    assert.match(md, /shared by 2 functions \(listOrders, nightly\)/);
    assert.match(md, /\| Allow \| `s3:GetObject`, `s3:Get\*` \| `arn:aws:s3:::orders-bucket\/\*` \| provider\.iam\.role\.statements \|/);
    assert.match(md, /\| Deny \| `NOT iam:\*` \| `\*` \| provider\.iam\.role\.statements \|/);
    assert.match(md, /Managed policies: `AWSXrayWriteOnlyAccess` \(AWS managed\)/);
    assert.match(md, new RegExp(`allow \\*\\*${expandAction('s3:Get*').length} actions\\*\\* \\(Read`));
    assert.match(md, /`httpApi` GET \/orders — authorizer `jwt` scopes orders\/read/);
    assert.match(md, /`http` POST \/orders — ⚠ \*\*no authorizer\*\*: public · ⚠ body not validated by API Gateway/);
  });

  it('serverless.yml, own role, function URL with IAM, handler not found', () => {
    const md = hover('serverless.yml', SLS, 'createOrder:')!.markdown;
    assert.match(md, /Role: its own, generated by the framework/);
    assert.match(md, /\| Allow \| `dynamodb:PutItem` \| `!GetAtt OrdersTable\.Arn` \| functions\.createOrder\.iam\.role\.statements \|/);
    assert.ok(!md.includes('s3:GetObject'), 'provider statements are not inherited by a per-function role');
    assert.match(md, /function URL — IAM \(SigV4\) authentication/);
    assert.match(md, /not found \(looked for `src\/handlers\/create\.ts`, …\)/);
    const nightly = hover('serverless.yml', SLS, 'nightly:')!.markdown;
    assert.match(nightly, /`schedule` — invoked by AWS \(not an HTTP endpoint\)/);
    assert.match(nightly, /export `main`/);
  });

  it('SAM: policy templates, Globals, default authorizer of the referenced API, NONE, function URL, CodeUri', () => {
    const sam = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    CodeUri: src/
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: Cognito
        Authorizers:
          Cognito:
            UserPoolArn: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc
  OrdersFn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: orders.app.handler
      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref Orders
        - AWSLambdaVPCAccessExecutionRole
      Events:
        Create:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /orders
            Method: post
            RequestModel:
              Model: Order
              ValidateBody: true
        Health:
          Type: HttpApi
          Properties:
            Path: /health
            Method: get
            Auth:
              Authorizer: NONE
      FunctionUrlConfig:
        AuthType: NONE
`;
    const md = hover('template.yaml', sam, 'OrdersFn:', 1, { 'src/orders/app.py': 'def handler(e, c): pass' })!.markdown;
    assert.match(md, /AWS::Serverless::Function/);
    assert.match(md, /Handler: `orders\.app\.handler` → `src\/orders\/app\.py`/);
    assert.match(md, /Runtime: `python3\.12`/);
    assert.match(md, /Role: its own, generated by SAM/);
    assert.match(md, /SAM policy templates: `DynamoDBReadPolicy` \(\{TableName: !Ref Orders\}\)/);
    assert.match(md, /Managed policies: `AWSLambdaVPCAccessExecutionRole` \(AWS managed\)/);
    assert.match(md, /`Api` POST \/orders — default authorizer `Cognito` of `Api` · body validated by API Gateway/);
    assert.match(md, /`HttpApi` GET \/health — ⚠ \*\*no authorizer\*\* \(`Auth.Authorizer: NONE`\): public/);
    assert.match(md, /function URL — ⚠ \*\*public\*\*/);
  });

  it('CloudFormation: the role resource, its inline and attached policies', () => {
    const cfn = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [!Ref FnRole]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: !GetAtt FnRole.Arn
      Code:
        ZipFile: exports.handler = async () => ({})
`;
    const md = hover('stack.yaml', cfn, 'Fn:', 0)!.markdown;
    assert.match(md, /Role: `FnRole` \(AWS::IAM::Role in this file\)/);
    assert.match(md, /\| Allow \| `sqs:SendMessage` \| `!GetAtt Queue\.Arn` \| Resources\.Extra\.Properties\.PolicyDocument \|/);
    assert.match(md, /Managed policies: `AWSLambdaBasicExecutionRole` \(AWS managed\)/);
    assert.match(md, /Handler: inline code in the template/);
  });

  it('an external role is reported as unknown', () => {
    const md = hover('serverless.yml', 'service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h.handler\n    role: arn:aws:iam::123456789012:role/legacy\n', 'a:', 0)!.markdown;
    assert.match(md, /defined outside this file, its permissions are not known here/);
  });
});

describe('hover on a resource name: the functions its events start', () => {
  const read = (p: string) => readFileSync(path.join(__dirname, '..', 'fixtures', 'cross-function', p), 'utf8');
  const hoverOn = (file: string, text: string, key: string) => {
    const parsed = parseYaml(text);
    const model = buildModel(`/p/${file}`, parsed)!;
    return authoringHover({ parsed, model, offset: text.indexOf(`${key}:`) + key.length - 1 });
  };
  it('a bucket: the function its object events start, with the key filter', () => {
    const h = hoverOn('template.yaml', read('sam-s3-key-command-py/template.yaml'), '  UploadsBucket');
    assert.ok(h);
    assert.match(h.markdown, /starts function `ThumbnailFunction` with object events \(keys starting `uploads\/`\)/);
    assert.doesNotMatch(h.markdown, /writable from outside/);
  });
  it('a table with a stream; a bucket anyone can write', () => {
    assert.match(hoverOn('serverless.yml', read('sls-ddb-stream-command-js/serverless.yml'), '    OrdersTable')!.markdown, /starts function `onOrder` with its stream/);
    assert.match(hoverOn('serverless.yml', read('sls-s3-public-write-js/serverless.yml'), '    DropBucket')!.markdown, /writable from outside the app/);
  });
  it('a resource nothing listens to has no such hover', () => {
    assert.equal(hoverOn('template.yaml', 'Resources:\n  Lonely:\n    Type: AWS::S3::Bucket\n', '  Lonely'), undefined);
  });
});
