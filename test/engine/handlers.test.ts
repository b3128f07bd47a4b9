import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handlerCandidates, nearbyConfigFiles, resolveHandlers, triggersOf } from '../../server/src/engine/handlers';
import { buildModel } from '../../server/src/engine/model/build';
import { Project } from '../../server/src/engine/project';
import { parseYaml } from '../../server/src/engine/yaml/parse';

const fsProject = (files: Record<string, string>) => {
  const map = new Map(Object.entries(files));
  return new Project({
    readFile: (p) => map.get(p),
    listDir: (d) => [...map.keys()].filter((k) => k.startsWith(d + '/') && !k.slice(d.length + 1).includes('/')).map((k) => k.slice(d.length + 1)),
  });
};

describe('handler discovery', () => {
  it('maps handler strings to candidate files', () => {
    assert.deepEqual(
      handlerCandidates('src/orders/create.main', '/app', 'nodejs20.x').map((c) => c.path).slice(0, 3),
      ['/app/src/orders/create.ts', '/app/src/orders/create.js', '/app/src/orders/create.mjs'],
    );
    assert.deepEqual(handlerCandidates('pkg.orders.handler', '/app', 'python3.12').map((c) => c.path), ['/app/pkg.orders.py', '/app/pkg/orders.py']);
    assert.ok(handlerCandidates('dist/api.handler', '/app', 'nodejs20.x').some((c) => c.path === '/app/src/api.ts'));
    assert.equal(handlerCandidates('src/a.main', '/app')[0].exportName, 'main');
    assert.deepEqual(handlerCandidates('nodot', '/app'), []);
  });

  it('resolves serverless and SAM handlers to existing files with their triggers', () => {
    const project = fsProject({
      '/app/src/orders.ts': 'export const create = async (event) => {}',
      '/app/svc/app/handler.py': 'def lambda_handler(event, context): pass',
    });
    const sls = buildModel(
      '/app/serverless.yml',
      parseYaml(`service: s
provider: {name: aws, runtime: nodejs20.x}
functions:
  create:
    handler: src/orders.create
    events:
      - httpApi: 'POST /orders'
      - sqs: arn:aws:sqs:eu-west-1:1:q
  worker:
    handler: src/missing.main
`),
    )!;
    assert.deepEqual(resolveHandlers(sls, '/app/serverless.yml', project), [
      { configFile: '/app/serverless.yml', fnId: 'create', file: '/app/src/orders.ts', exportName: 'create', triggers: ['api', 'sqs'], runtime: 'nodejs20.x' },
    ]);
    const sam = buildModel(
      '/app/svc/template.yaml',
      parseYaml(`Transform: AWS::Serverless-2016-10-31
Globals:
  Function: {CodeUri: app/, Runtime: python3.12}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: handler.lambda_handler
      Events:
        Up: {Type: S3, Properties: {Bucket: !Ref B, Events: s3:ObjectCreated:*}}
`),
    )!;
    const refs = resolveHandlers(sam, '/app/svc/template.yaml', project);
    assert.equal(refs[0].file, '/app/svc/app/handler.py');
    assert.deepEqual(refs[0].triggers, ['s3']);
  });

  it('reads a CodeUri whose case differs from its folder (deployed from a case-insensitive file system), only when one folder matches', () => {
    const files = (names: string[]) => {
      const map = new Map(names.map((n) => [n, 'exports.lambdaHandler = async () => {}']));
      return new Project({
        readFile: (p) => map.get(p),
        listDir: (d) => {
          const below = [...map.keys()].filter((k) => k.startsWith(d + '/')).map((k) => k.slice(d.length + 1).split('/')[0]);
          return below.length ? [...new Set(below)] : undefined;
        },
      });
    };
    const sam = (codeUri: string) => buildModel('/r/template.yaml', parseYaml(`Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: ${codeUri}, Handler: app.lambdaHandler, Runtime: nodejs14.x}\n`))!;
    // 0xDebabrata/remembery: CodeUri hello-world/, folder Hello-world
    assert.equal(resolveHandlers(sam('hello-world/'), '/r/template.yaml', files(['/r/Hello-world/app.js']))[0]?.file, '/r/Hello-world/app.js');
    assert.equal(resolveHandlers(sam('src/hello-world'), '/r/template.yaml', files(['/r/Src/Hello-World/app.js']))[0]?.file, '/r/Src/Hello-World/app.js');
    // two folders differ from it only by case: which one is meant is not known
    assert.deepEqual(resolveHandlers(sam('hello-world/'), '/r/template.yaml', files(['/r/Hello-world/app.js', '/r/HELLO-WORLD/app.js'])), []);
    // the folder as written exists (without the handler): not read elsewhere
    assert.deepEqual(resolveHandlers(sam('hello-world/'), '/r/template.yaml', files(['/r/hello-world/other.js', '/r/Hello-world/app.js'])), []);
  });

  it('a function API Gateway may invoke with no integration in the template (an OpenAPI document from S3) also takes a custom integration\'s event', () => {
    const cfn = (extra: string) => buildModel('/a/template.yaml', parseYaml(`Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Handler: app.handler, Runtime: python3.12, Role: r, Code: {S3Bucket: b, S3Key: k}}\n  Perm:\n    Type: AWS::Lambda::Permission\n    Properties: {FunctionName: !GetAtt Fn.Arn, Action: lambda:InvokeFunction, Principal: apigateway.amazonaws.com}\n${extra}`))!;
    assert.deepEqual(triggersOf(cfn(''), cfn('').functions[0]), ['api', 'unknown']);
    const withStage = cfn('  Stage:\n    Type: AWS::ApiGateway::Stage\n    Properties: {RestApiId: a, DeploymentId: d, Variables: {Fn: !Ref Fn}}\n');
    assert.deepEqual(triggersOf(withStage, withStage.functions[0]), ['api', 'unknown']);
    const withMethod = cfn('  M:\n    Type: AWS::ApiGateway::Method\n    Properties: {HttpMethod: GET, ResourceId: r, RestApiId: a, Integration: {Type: AWS_PROXY, Uri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations"}}\n');
    assert.deepEqual(triggersOf(withMethod, withMethod.functions[0]), ['api']);
  });

  it('recognises functions backing CloudFormation custom resources', () => {
    const m = buildModel(
      '/a/template.yaml',
      parseYaml('Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: app.handler, Runtime: python3.12}\n  Cert:\n    Type: Custom::Certificate\n    Properties:\n      ServiceToken: !GetAtt Fn.Arn\n'),
    )!;
    assert.deepEqual(triggersOf(m, m.functions[0]), ['cfn-custom-resource']);
  });

  it('treats functions with no events as directly invoked (unknown trigger)', () => {
    const m = buildModel('/a/serverless.yml', parseYaml('service: s\nprovider: {name: aws}\nfunctions:\n  f: {handler: h.main}\n'))!;
    assert.deepEqual(triggersOf(m, m.functions[0]), ['unknown']);
  });

  it('finds config files in ancestor folders, closest first', () => {
    const project = fsProject({ '/r/serverless.yml': '', '/r/svc/template.yaml': '', '/r/svc/src/a.js': '' });
    assert.deepEqual(nearbyConfigFiles('/r/svc/src/a.js', project, '/r'), ['/r/svc/template.yaml', '/r/serverless.yml']);
  });
});
