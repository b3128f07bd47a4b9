/**
 * Completion lists per context: snippets are offered where they belong (by YAML path / code
 * position) and nowhere else; IAM action and service-prefix completion in policy documents of all
 * three formats, YAML and JSON.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authoringCompletions } from '../../server/src/engine/authoring/complete';
import { applyEdits } from '../../server/src/engine/authoring/insert';
import { snippetFile } from '../../server/src/engine/authoring/snippets';
import { actionsForService, expandAction } from '../../server/src/engine/iam/catalog';
import { hostFor, MARKER, typeAt } from './hosts';

const complete = (file: string, text: string, offset: number, ruleLink?: (id: string) => string | undefined) =>
  authoringCompletions({ path: `/project/${file}`, text, offset, ruleLink });

/** Snippet ids offered after typing `typed` at the host's marker. */
function offered(kind: string, context: string, typed = 'sg-', style: 'native' | 'plugin' = 'native'): string[] {
  const h = hostFor(kind, context, style);
  const t = typeAt(h.text, typed);
  return complete(h.file, t.text, t.offset)
    .map((i) => i.snippetId!)
    .sort();
}

const ids = (format: Parameters<typeof snippetFile>[0], pred: (s: ReturnType<typeof snippetFile>['snippets'][number]) => boolean) =>
  snippetFile(format)
    .snippets.filter(pred)
    .map((s) => s.id)
    .sort();

/** Completion at the position of `|` in `src`. */
function at(file: string, src: string) {
  const offset = src.indexOf('|');
  const text = src.slice(0, offset) + src.slice(offset + 1);
  return { items: complete(file, text, offset), text, offset };
}

describe('snippets are offered where they belong', () => {
  it('serverless.yml functions: the function snippets of the IAM style the file uses', () => {
    assert.deepEqual(offered('serverless', 'functions'), ids('serverless', (s) => s.contexts.includes('functions') && s.when?.slsIamStyle === 'native'));
    assert.deepEqual(offered('serverless', 'functions', 'sg-', 'plugin'), ids('serverless', (s) => s.contexts.includes('functions') && s.when?.slsIamStyle === 'plugin'));
    assert.deepEqual(offered('serverless', 'functions').length, 4);
  });

  it('serverless.yml provider, environment (provider and function) and resources.Resources', () => {
    assert.deepEqual(offered('serverless', 'provider'), ids('serverless', (s) => s.contexts.includes('provider')));
    const env = ids('serverless', (s) => s.contexts.includes('provider.environment'));
    assert.deepEqual(offered('serverless', 'provider.environment'), env);
    assert.deepEqual(offered('serverless', 'functions.*.environment'), env);
    assert.deepEqual(offered('serverless', 'resources.Resources'), ids('cloudformation', (s) => s.contexts.includes('serverless:resources.Resources')));
  });

  it('SAM Resources, Parameters, environment variables and API models', () => {
    const res = [...ids('sam', (s) => s.contexts.includes('Resources')), ...ids('cloudformation', (s) => s.contexts.includes('sam:Resources'))].sort();
    assert.deepEqual(offered('sam', 'Resources'), res);
    assert.deepEqual(offered('sam', 'Parameters'), ['sam.parameters.cognito']);
    const env = ids('sam', (s) => s.contexts.includes('Resources.*.Properties.Environment.Variables'));
    assert.deepEqual(offered('sam', 'Resources.*.Properties.Environment.Variables'), env);
    assert.deepEqual(offered('sam', 'Globals.Function.Environment.Variables'), env);
    assert.deepEqual(offered('sam', 'Resources.*.Properties.Models'), ['sam.api-model']);
  });

  it('CloudFormation Resources: only the CloudFormation snippets', () => {
    assert.deepEqual(offered('cfn', 'Resources'), ids('cloudformation', (s) => s.contexts.includes('cfn:Resources')));
  });

  it('the typed prefix filters nothing server-side but replaces exactly what was typed', () => {
    const h = hostFor('serverless', 'functions');
    const t = typeAt(h.text, 'sg-function-h');
    const item = complete(h.file, t.text, t.offset).find((i) => i.snippetId === 'sls.function.http-api.native')!;
    assert.equal(t.text.slice(item.range.start, item.range.end), 'sg-function-h');
    assert.equal(item.label, 'sg-function-http-api');
    assert.equal(item.filterText, 'sg-function-http-api');
    assert.ok(item.snippet);
    assert.match(item.newText, /^\$\{1:createOrder\}:\n {4}handler: \$\{2:src\/handlers\/\$\{1\}\.handler\}/);
  });

  it('code: module level and inside a handler, per language', () => {
    for (const lang of ['javascript', 'typescript', 'python'] as const) {
      assert.deepEqual(offered(lang, 'module'), ids(lang, (s) => s.contexts.includes('module')), `${lang} module`);
      assert.deepEqual(offered(lang, 'function'), ids(lang, (s) => s.contexts.includes('function')), `${lang} function`);
    }
  });
});

describe('snippets are absent elsewhere', () => {
  const sls = hostFor('serverless', 'none').text;
  const cases: [string, string, string][] = [
    ['serverless.yml', 'root level', sls + 'sg-|'],
    ['serverless.yml', 'inside a function', sls.replace('    handler: src/handlers/getOrder.handler\n', '    handler: src/handlers/getOrder.handler\n    sg-|\n')],
    ['serverless.yml', 'inside provider.iam', 'service: s\nprovider:\n  name: aws\n  iam:\n    sg-|\n'],
    ['serverless.yml', 'a sequence item', 'service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h.h\n    events:\n      - sg-|\n'],
    ['serverless.yml', 'text after the cursor', 'service: s\nprovider:\n  name: aws\nfunctions:\n  sg-|x: 1\n'],
    ['serverless.yml', 'a value', 'service: s\nprovider:\n  name: sg-|\n'],
    ['serverless.yml', 'a comment', 'service: s\nfunctions:\n  # sg-|\n'],
    ['docker-compose.yml', 'a YAML file that is no config', 'services:\n  sg-|\n'],
    ['.github/workflows/ci.yml', 'a workflow under jobs', 'on: push\njobs:\n  sg-|\n'],
    ['template.json', 'a JSON template', '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {\n  "sg-|"\n}}'],
    ['template.yaml', 'SAM Globals.Function', 'Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    sg-|\nResources: {}\n'],
    ['stack.yaml', 'CloudFormation Outputs', "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  T:\n    Type: AWS::SNS::Topic\nOutputs:\n  sg-|\n"],
    ['app.mjs', 'a JS string', "const a = 'sg-|';\n"],
    ['app.mjs', 'a JS comment', '// sg-|\n'],
    ['app.mjs', 'a JS object literal', 'const o = {\n  sg-|\n};\n'],
    ['app.mjs', 'a JS class body', 'class A {\n  sg-|\n}\n'],
    ['app.mjs', 'a template literal', 'const s = `\n  sg-|\n`;\n'],
    ['app.ts', 'an interface body', 'interface A {\n  sg-|\n}\n'],
    ['app.py', 'a Python class body', 'class A:\n    sg-|\n'],
    ['app.py', 'a Python docstring', 'def f():\n    """\n    sg-|\n    """\n'],
    ['app.py', 'a Python if at module level', 'if True:\n    sg-|\n'],
    ['README.md', 'a file of another kind', '# x\nsg-|\n'],
  ];
  for (const [file, what, src] of cases) {
    it(`none in ${what} (${file})`, () => {
      const { items } = at(file, src);
      assert.deepEqual(
        items.filter((i) => i.kind === 'snippet').map((i) => i.snippetId),
        [],
      );
    });
  }

  it('a snippet whose literal key already exists in the map is not offered', () => {
    const h = hostFor('serverless', 'provider');
    const withIam = h.text.replace(`  ${MARKER}\n`, `  tracing:\n    lambda: true\n  ${MARKER}\n`);
    const t = typeAt(withIam, 'sg-');
    const got = complete(h.file, t.text, t.offset).map((i) => i.snippetId);
    assert.ok(!got.includes('sls.provider.tracing'));
    assert.ok(got.includes('sls.provider.logs'));
  });

  it('JS: a handler body nested in blocks and a TS function with a return type count as "function"', () => {
    const js = at('app.mjs', "export const handler = async (event) => {\n  if (event) {\n    for (const r of event.Records) {\n      sg-|\n    }\n  }\n};\n");
    assert.ok(js.items.some((i) => i.snippetId === 'js.sql-param'));
    const ts = at('app.ts', 'export async function handler(event: E): Promise<Result<string>> {\n  sg-|\n}\n');
    assert.ok(ts.items.some((i) => i.snippetId === 'ts.sql-param'));
    const regex = at('app.mjs', "const re = /[{]/g;\nexport function h(e) {\n  const s = `a${e}b`;\n  sg-|\n}\n");
    assert.ok(regex.items.some((i) => i.snippetId === 'js.sql-param'), 'regex literal and template literal skipped');
    const py = at('app.py', 'async def handler(event, context):\n    for r in event["Records"]:\n        sg-|\n');
    assert.ok(py.items.some((i) => i.snippetId === 'py.sql-param'));
  });
});

describe('snippet items adapt to the file', () => {
  it('re-indents to the file unit and uses the provider runtime', () => {
    const text = 'service: s\nprovider:\n    name: aws\n    runtime: python3.12\nfunctions:\n    sg-|\n';
    const { items } = at('serverless.yml', text);
    const it = items.find((i) => i.snippetId === 'sls.function.sqs.native')!;
    assert.match(it.plainText!, /^processOrders:\n {8}handler: src\/handlers\/processOrders\.handler\n {8}runtime: python3\.12\n/);
    assert.match(it.plainText!, /\n {8}iam:\n {12}role:\n {16}statements:\n/);
  });

  it('adds the JWT authorizer to provider.httpApi.authorizers when missing, and binds to an existing one', () => {
    const h = hostFor('serverless', 'functions');
    const t = typeAt(h.text, 'sg-function-http-api');
    const item = complete(h.file, t.text, t.offset).find((i) => i.snippetId === 'sls.function.http-api.native')!;
    assert.equal(item.additionalEdits?.length, 1);
    assert.match(item.additionalEdits![0].newText, /^ {2}httpApi:\n {4}authorizers:\n {6}jwtAuthorizer:\n {8}type: jwt\n/);
    const out = applyEdits(t.text, [{ range: item.range, newText: item.plainText! }, ...item.additionalEdits!]);
    assert.ok(out.indexOf('  httpApi:\n    authorizers:') < out.indexOf('functions:'), 'inserted into provider');

    const existing = h.text.replace('  stage: dev\n', '  stage: dev\n  httpApi:\n    authorizers:\n      oidc:\n        type: jwt\n        identitySource: $request.header.Authorization\n        issuerUrl: https://issuer.example.com\n        audience: [api]\n');
    const t2 = typeAt(existing, 'sg-function-http-api');
    const item2 = complete(h.file, t2.text, t2.offset).find((i) => i.snippetId === 'sls.function.http-api.native')!;
    assert.equal(item2.additionalEdits, undefined);
    assert.match(item2.plainText!, /name: oidc\n/);
    assert.match(item2.newText, /name: \$\{8:oidc\}/);
  });

  it('SAM: binds to an existing HttpApi and its default authorizer; adds API + parameters when missing', () => {
    const h = hostFor('sam', 'Resources');
    const withApi = h.text.replace('  AdminApi:\n', '  PublicApi:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      Auth:\n        DefaultAuthorizer: OidcAuth\n        Authorizers:\n          OidcAuth:\n            IdentitySource: $request.header.Authorization\n            JwtConfiguration:\n              issuer: https://issuer.example.com\n              audience: [api]\n  AdminApi:\n');
    const t = typeAt(withApi, 'sg-function-http-api');
    const item = complete(h.file, t.text, t.offset).find((i) => i.snippetId === 'sam.function.http-api')!;
    assert.match(item.plainText!, /ApiId: !Ref PublicApi\n/);
    assert.match(item.plainText!, /Authorizer: OidcAuth\n/);
    assert.equal(item.additionalEdits, undefined);
    assert.ok(!item.plainText!.includes('AWS::Serverless::HttpApi'));

    const t2 = typeAt(h.text, 'sg-function-http-api');
    const item2 = complete(h.file, t2.text, t2.offset).find((i) => i.snippetId === 'sam.function.http-api')!;
    assert.ok(item2.plainText!.includes('  HttpApi:\n    Type: AWS::Serverless::HttpApi'), 'the API goes right after the function (same map)');
    assert.equal(item2.additionalEdits?.length, 1, 'the Cognito parameters go into Parameters');
    assert.match(item2.additionalEdits![0].newText, /^ {2}UserPoolId:\n/);
  });

  it('documentation explains the practice, links registered rules and previews the result', () => {
    const h = hostFor('serverless', 'functions');
    const t = typeAt(h.text, 'sg-');
    const items = complete(h.file, t.text, t.offset, (id) => (id === 'iam-wildcard-action' ? 'https://docs/iam-wildcard-action.md' : undefined));
    const doc = items.find((i) => i.snippetId === 'sls.function.http-api.native')!.documentation!;
    assert.match(doc, /JWT/);
    assert.match(doc, /\[iam-wildcard-action\]\(https:\/\/docs\/iam-wildcard-action\.md\)/);
    assert.match(doc, /`api-endpoint-no-authorizer`|\[api-endpoint-no-authorizer\]/);
    assert.match(doc, /```yaml\ncreateOrder:\n {2}handler:/);
  });
});

describe('IAM action completion in policy documents', () => {
  it('after `service:` in a block sequence (serverless.yml): the service actions with access level and description', () => {
    const { items, text, offset } = at('serverless.yml', 'service: s\nprovider:\n  name: aws\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action:\n            - s3:Get|\n          Resource: arn:aws:s3:::b/*\n');
    assert.equal(items.length, actionsForService('s3').length);
    const get = items.find((i) => i.label === 's3:GetObject')!;
    assert.equal(get.kind, 'action');
    assert.match(get.detail!, /^Read · Amazon S3/);
    assert.match(get.documentation!, /Access level: \*\*Read\*\*/);
    assert.match(get.documentation!, /Resource types: .*`object/);
    assert.equal(text.slice(get.range.start, get.range.end), 's3:Get');
    assert.equal(get.range.end, offset);
    const list = items.find((i) => i.label === 's3:ListBucket')!;
    const write = items.find((i) => i.label === 's3:PutObject')!;
    assert.ok(list.sortText! < get.sortText! && get.sortText! < write.sortText!, 'List, then Read, then Write');
  });

  it('a trailing `s3:` (which YAML reads as a key) still completes actions', () => {
    const { items } = at('serverless.yml', 'service: s\nprovider:\n  name: aws\n  iamRoleStatements:\n    - Effect: Allow\n      Action:\n        - sqs:|\n');
    assert.ok(items.some((i) => i.label === 'sqs:SendMessage'));
  });

  it('inline and flow values, NotAction, quoted', () => {
    assert.ok(at('template.yaml', "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: dynamodb:Put|\n").items.some((i) => i.label === 'dynamodb:PutItem'));
    assert.ok(at('stack.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Deny\n            NotAction: [s3:GetObject, kms:Dec|]\n").items.some((i) => i.label === 'kms:Decrypt'));
    assert.ok(at('serverless.yml', "service: s\nprovider:\n  iamRoleStatements:\n    - Effect: Allow\n      Action: 'sns:Pub|'\n").items.some((i) => i.label === 'sns:Publish'));
    assert.ok(at('stack.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Perm:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:Invoke|\n").items.some((i) => i.label === 'lambda:InvokeFunction'));
  });

  it('JSON templates, single and multi-line arrays', () => {
    const json = '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "R": {\n      "Type": "AWS::IAM::Role",\n      "Properties": {\n        "Policies": [{ "PolicyName": "p", "PolicyDocument": { "Statement": [{ "Effect": "Allow",\n          "Action": [\n            "s3:GetObject",\n            "s3:Put|"\n          ], "Resource": "*" }] } }]\n      }\n    }\n  }\n}\n';
    const { items, text } = at('template.json', json);
    const put = items.find((i) => i.label === 's3:PutObject')!;
    assert.ok(put);
    assert.equal(text.slice(put.range.start, put.range.end), 's3:Put');
    assert.ok(at('template.json', '{"Resources": {"R": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "ec2:Desc|"}]}}}}}').items.some((i) => i.label === 'ec2:DescribeInstances'));
  });

  it('service prefixes before the colon', () => {
    const { items } = at('serverless.yml', 'service: s\nprovider:\n  iamRoleStatements:\n    - Effect: Allow\n      Action:\n        - dynamo|\n');
    const ddb = items.find((i) => i.label === 'dynamodb')!;
    assert.equal(ddb.kind, 'service');
    assert.equal(ddb.newText, 'dynamodb:');
    assert.match(ddb.detail!, /DynamoDB/);
    assert.ok(items.every((i) => i.label.startsWith('dynamo')));
  });

  it('not in Resource, Effect or keys', () => {
    assert.equal(at('serverless.yml', 'service: s\nprovider:\n  iamRoleStatements:\n    - Effect: Allow\n      Resource: s3:|\n').items.filter((i) => i.kind !== 'snippet').length, 0);
    assert.equal(at('serverless.yml', 'service: s\nprovider:\n  iamRoleStatements:\n    - Effect: Al|\n').items.length, 0);
    assert.equal(at('serverless.yml', 'service: s\nprovider:\n  iamRoleStatements:\n    - Act|\n').items.length, 0);
  });

  it('wildcard patterns typed by hand are left alone (no completion offers a wildcard)', () => {
    const { items } = at('serverless.yml', 'service: s\nprovider:\n  iamRoleStatements:\n    - Effect: Allow\n      Action:\n        - s3:|\n');
    assert.ok(items.every((i) => !i.label.includes('*')));
    assert.ok(expandAction('s3:*').length === items.length);
  });
});
