/**
 * "Add Secure Function…": for every config flavour × trigger × language, one edit inserts the
 * function (and what it needs) and creates the handler file; both parse, the function's handler
 * resolves to the new file, and the engine reports nothing in iam/secrets/injection/auth.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyAddFunction, buildAddSecureFunction, snakeCase, type AddFunctionRequest } from '../../server/src/engine/authoring/add-function';
import { tablesOf } from '../../server/src/engine/authoring/complete';
import { planFunction } from '../../server/src/engine/authoring/function-plan';
import { locateHandler } from '../../server/src/engine/authoring/handler-file';
import { HANDLER_LANGUAGES, TRIGGERS } from '../../server/src/engine/authoring/types';
import { createEngine } from '../../server/src/engine/create';
import type { Engine } from '../../server/src/engine/engine';
import { buildModel } from '../../server/src/engine/model/build';
import { Project } from '../../server/src/engine/project';
import type { Finding } from '../../server/src/engine/types';
import { parseYaml } from '../../server/src/engine/yaml/parse';
import { hostFor, withoutMarker } from './hosts';

const GUARDED = new Set(['iam', 'secrets', 'injection', 'auth']);
let makeEngine: (p: Project) => Engine;
let parseCode: ((text: string, lang: 'javascript' | 'typescript' | 'python') => { errors: unknown[] }) | undefined;

before(async () => {
  ({ makeEngine } = await createEngine());
  try {
    const p = await import('../../server/src/engine/code/parser');
    await p.initCodeParsers();
    parseCode = (t, l) => p.parseCode(t, l);
  } catch {
    parseCode = undefined;
  }
});

const CONFIGS: { label: string; file: string; text: string }[] = [
  { label: 'serverless.yml (v4, per-function roles)', file: 'serverless.yml', text: withoutMarker(hostFor('serverless', 'functions', 'native').text) },
  { label: 'serverless.yml (v3 + serverless-iam-roles-per-function)', file: 'serverless.yml', text: withoutMarker(hostFor('serverless', 'functions', 'plugin').text) },
  { label: 'serverless.yml without functions or resources', file: 'serverless.yml', text: "service: tiny\nframeworkVersion: '4'\nprovider:\n  name: aws\n  runtime: nodejs20.x\n" },
  { label: 'SAM template', file: 'template.yaml', text: withoutMarker(hostFor('sam', 'Resources').text) },
  { label: 'SAM template without Parameters', file: 'template.yaml', text: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n' },
];

function request(cfg: (typeof CONFIGS)[number], over: Partial<AddFunctionRequest> = {}): AddFunctionRequest {
  return { configPath: `/ws/${cfg.file}`, configText: cfg.text, name: 'createOrder', trigger: 'http-api', language: 'typescript', exists: () => false, ...over };
}

function guarded(engine: Engine, path: string, text: string): Finding[] {
  const r = engine.analyze(path, text);
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => GUARDED.has(f.category) || (f.ruleId === 'parse-error' && f.severity === 'error'));
}

describe('Add Secure Function', () => {
  for (const cfg of CONFIGS) {
    for (const trigger of TRIGGERS) {
      for (const language of HANDLER_LANGUAGES) {
        it(`${cfg.label}: ${trigger} in ${language}`, () => {
          const req = request(cfg, { trigger, language });
          const res = buildAddSecureFunction(req);
          assert.ok(res.edit, res.error);
          const config = applyAddFunction(req, res);
          const handler = res.edit.changes.find((c) => c.create)!;
          assert.equal(handler.file, res.handlerFile);
          assert.equal(res.edit.changes.length, 2, 'one edit: the config and the new handler file');
          const handlerText = handler.edits[0].newText;
          const ext = { typescript: '.ts', javascript: '.mjs', python: '.py' }[language];
          assert.equal(res.handlerFile, `/ws/src/handlers/${language === 'python' ? 'create_order' : 'createOrder'}${ext}`);

          const files = new Map([[req.configPath, config], [res.handlerFile!, handlerText]]);
          const project = new Project({
            readFile: (p) => files.get(p),
            listDir: (d) => [...files.keys()].filter((k) => k.startsWith(d + '/') && !k.slice(d.length + 1).includes('/')).map((k) => k.slice(d.length + 1)),
          });
          const engine = makeEngine(project);
          assert.deepEqual(guarded(engine, req.configPath, config).map((f) => `${f.ruleId}: ${f.message}`), [], config);

          // The new function's handler points at the new file.
          const model = buildModel(req.configPath, parseYaml(config))!;
          const fnId = cfg.file === 'template.yaml' ? 'CreateOrderFunction' : 'createOrder';
          const fn = model.functions.find((f) => f.id === fnId);
          assert.ok(fn, `function ${fnId} in the model`);
          assert.equal(fn.runtime, language === 'python' ? 'python3.12' : 'nodejs20.x');
          assert.equal(locateHandler(req.configPath, fn, project).found, res.handlerFile);
          if (trigger === 'sqs') assert.ok(model.resources.some((r) => r.type === 'AWS::SQS::Queue'), 'the queue is added');

          // The handler file parses and (when code rules are wired) is clean.
          assert.deepEqual(guarded(engine, res.handlerFile!, handlerText).map((f) => `${f.ruleId}: ${f.message}`), [], handlerText);
          if (parseCode) assert.deepEqual(parseCode(handlerText, language).errors, [], handlerText);
          assert.ok(!handlerText.split('\n').some((l) => l !== l.trimEnd()), 'no trailing whitespace');
        });
      }
    }
  }

  it('refuses bad names, existing functions and existing handler files', () => {
    const sls = CONFIGS[0];
    assert.match(buildAddSecureFunction(request(sls, { name: 'create-order' })).error!, /letters and digits/i);
    assert.match(buildAddSecureFunction(request(sls, { name: 'getOrder' })).error!, /already exists/);
    assert.match(buildAddSecureFunction(request(CONFIGS[3], { name: 'getOrder' })).error!, /already exists/);
    assert.match(buildAddSecureFunction(request(sls, { exists: (p) => p.endsWith('createOrder.ts') })).error!, /already exists/);
    assert.match(buildAddSecureFunction(request(sls, { configText: 'a: [' })).error!, /syntax errors/);
    assert.match(buildAddSecureFunction(request(sls, { configPath: '/ws/other.yaml', configText: 'foo: bar\n' })).error!, /serverless\.yml or an AWS SAM template/);
  });

  it('reuses what the file already has (existing JWT authorizer)', () => {
    const text = CONFIGS[0].text.replace('  stage: dev\n', '  stage: dev\n  httpApi:\n    authorizers:\n      oidc:\n        type: jwt\n        identitySource: $request.header.Authorization\n        issuerUrl: https://issuer.example.com\n        audience: [api]\n');
    const req = request({ ...CONFIGS[0], text });
    const out = applyAddFunction(req, buildAddSecureFunction(req));
    assert.equal(out.split('authorizers:').length, 2, 'no second authorizers map');
    assert.match(out, /authorizer:\n {12}name: oidc\n/);
  });

  it('snake_cases Python module names', () => {
    assert.equal(snakeCase('createOrder'), 'create_order');
    assert.equal(snakeCase('processOrders2'), 'process_orders2');
  });
});

describe('Add Secure Function: the name shapes the function', () => {
  const OPS: { name: string; method: string; path: string; action: string; scope: string }[] = [
    { name: 'listOrders', method: 'GET', path: '/orders', action: 'dynamodb:Scan', scope: 'orders/read' },
    { name: 'getOrder', method: 'GET', path: '/orders/{id}', action: 'dynamodb:GetItem', scope: 'orders/read' },
    { name: 'createOrder', method: 'POST', path: '/orders', action: 'dynamodb:PutItem', scope: 'orders/write' },
    { name: 'updateOrder', method: 'PUT', path: '/orders/{id}', action: 'dynamodb:PutItem', scope: 'orders/write' },
    { name: 'deleteOrder', method: 'DELETE', path: '/orders/{id}', action: 'dynamodb:DeleteItem', scope: 'orders/write' },
  ];

  it('reads verb and resource from camelCase names', () => {
    for (const op of OPS) {
      const p = planFunction(op.name, 'http-api');
      assert.deepEqual([p.method, p.path, p.action, p.scope, p.table], [op.method, op.path, op.action, op.scope, 'OrdersTable'], op.name);
    }
    assert.equal(planFunction('listCategories', 'http-api').path, '/categories');
    assert.equal(planFunction('getOrderItem', 'http-api').table, 'OrderItemsTable');
    assert.equal(planFunction('getOrderItem', 'http-api').path, '/order-items/{id}');
    // Unknown verbs: APIs and queues store, URLs read; a queue consumer always stores.
    assert.equal(planFunction('checkout', 'http-api').op, 'create');
    assert.equal(planFunction('report', 'function-url').op, 'get');
    assert.equal(planFunction('deleteOrders', 'sqs').op, 'create');
    assert.equal(planFunction('getOrder', 'function-url').path, '/orders');
    assert.equal(planFunction('getOrder', 'function-url').idFrom, 'query');
  });

  // Tiny hosts without any function: a name other than the host's own.
  const HOSTS = [
    { label: 'serverless.yml', file: 'serverless.yml', text: "service: shop\nframeworkVersion: '4'\nprovider:\n  name: aws\n  runtime: nodejs20.x\n" },
    { label: 'SAM', file: 'template.yaml', text: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n' },
  ];
  for (const host of HOSTS) {
    for (const trigger of ['http-api', 'rest-api'] as const) {
      for (const op of OPS) {
        for (const language of HANDLER_LANGUAGES) {
          it(`${host.label} ${trigger}: ${op.name} in ${language} → ${op.method} ${op.path}, ${op.action} on a table it adds, TABLE_NAME set, nothing reported`, () => {
            const req: AddFunctionRequest = { configPath: `/ws/${host.file}`, configText: host.text, name: op.name, trigger, language, exists: () => false };
            const res = buildAddSecureFunction(req);
            assert.ok(res.edit, res.error);
            const config = applyAddFunction(req, res);
            const model = buildModel(req.configPath, parseYaml(config))!;
            assert.equal(model.functions.length, 1, `one function: companions land in their own maps\n${config}`);
            const fn = model.functions[0];
            assert.ok(fn, config);
            const table = model.resources.find((r) => r.type === 'AWS::DynamoDB::Table');
            assert.equal(table?.id, 'OrdersTable', `the table the role and TABLE_NAME point to is created:\n${config}`);
            assert.ok(config.includes('TABLE_NAME: !Ref OrdersTable'), 'the variable the handler reads is set');
            assert.ok(config.includes(op.action), `grants ${op.action}`);
            assert.ok(!OPS.some((o) => o.action !== op.action && config.includes(o.action)), 'and no other DynamoDB action');
            const method = trigger === 'rest-api' ? op.method.toLowerCase() : op.method;
            assert.match(config, new RegExp(`[Mm]ethod: ${method}\\n`));
            assert.ok(config.includes(trigger === 'rest-api' && host.file === 'serverless.yml' ? `path: ${op.path.slice(1)}\n` : `ath: ${op.path}\n`), config);
            if (!['POST', 'PUT'].includes(op.method)) assert.ok(!config.includes('RequestModel') && !config.includes('schemas:'), 'no body, no request model');

            const handlerText = res.edit.changes.find((c) => c.create)!.edits[0].newText;
            assert.ok(handlerText.includes('TABLE_NAME'), 'the handler reads the table name the config sets');
            const files = new Map([[req.configPath, config], [res.handlerFile!, handlerText]]);
            const project = new Project({
              readFile: (p) => files.get(p),
              listDir: (d) => [...files.keys()].filter((k) => k.startsWith(d + '/') && !k.slice(d.length + 1).includes('/')).map((k) => k.slice(d.length + 1)),
            });
            const engine = makeEngine(project);
            assert.deepEqual(guarded(engine, req.configPath, config).map((f) => `${f.ruleId}: ${f.message}`), [], config);
            assert.deepEqual(guarded(engine, res.handlerFile!, handlerText).map((f) => `${f.ruleId}: ${f.message}`), [], handlerText);
            if (parseCode) assert.deepEqual(parseCode(handlerText, language).errors, [], handlerText);
          });
        }
      }
    }
  }

  it('uses the table the user picked, and lists the tables to pick from', () => {
    const text = "service: shop\nframeworkVersion: '4'\nprovider:\n  name: aws\nresources:\n  Resources:\n    CatalogTable:\n      Type: AWS::DynamoDB::Table\n      Properties:\n        BillingMode: PAY_PER_REQUEST\n        AttributeDefinitions:\n          - AttributeName: id\n            AttributeType: S\n        KeySchema:\n          - AttributeName: id\n            KeyType: HASH\n";
    assert.deepEqual(tablesOf(parseYaml(text).root, 'serverless'), ['CatalogTable']);
    const req: AddFunctionRequest = { configPath: '/ws/serverless.yml', configText: text, name: 'getProduct', trigger: 'http-api', language: 'typescript', exists: () => false, table: 'CatalogTable' };
    const out = applyAddFunction(req, buildAddSecureFunction(req));
    assert.ok(out.includes('Resource: !GetAtt CatalogTable.Arn') && out.includes('TABLE_NAME: !Ref CatalogTable'), out);
    assert.equal(out.split('Type: AWS::DynamoDB::Table').length, 2, 'no second table');
    // Without a pick, the name's own table is added beside the existing one.
    const own = applyAddFunction({ ...req, table: undefined }, buildAddSecureFunction({ ...req, table: undefined }));
    assert.ok(own.includes('ProductsTable:\n      Type: AWS::DynamoDB::Table'), own);
  });
});
