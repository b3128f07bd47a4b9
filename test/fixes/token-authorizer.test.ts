/**
 * The shared-secret Lambda authorizer fix of the endpoint rules (fix/webhook-authorizer.ts,
 * fix/endpoint-fixes.ts) keeps the app working (issue 11): it is never written into build output,
 * its code loads on the runtime and toolchain the config declares, it is not offered to browser
 * callers, and it keeps Serverless variables in the names it writes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as vm from 'node:vm';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import rule from '../../rules/api-endpoint-no-authorizer';
import { ruleFindings } from '../helpers/rule-tester';
import { useCodeParsers } from '../helpers/injection';
import { authorizerSource, inBuildOutput, nodeRuntimeHas, nodeRuntimeVersion } from '../../server/src/engine/fix/webhook-authorizer';
import type { Fix } from '../../server/src/engine/types';
import { createEngine } from '../../server/src/engine/create';
import { Project } from '../../server/src/engine/project';
import { diskSource } from '../../server/src/shell/disk';
import { checkFixes } from '../helpers/fix-check';

useCodeParsers();

const sls = (opts: { service?: string; runtime?: string; handler?: string; fnExtra?: string; event?: string } = {}) => `service: ${opts.service ?? 'orders'}
provider:
  name: aws
  runtime: ${opts.runtime ?? 'nodejs20.x'}
functions:
  create:
    handler: ${opts.handler ?? 'src/create.handler'}
${opts.fnExtra ?? ''}    events:
      - ${opts.event ?? 'http: POST /orders'}
`;

// Handlers that act outside the function (an outbound fetch): a handler that touches nothing is not reported (round 12).
const CJS = `exports.handler = async (event) => {\n  const payload = JSON.parse(event.body);\n  await fetch(process.env.URL, { method: 'POST', body: String(payload.id) });\n  return { statusCode: 200, body: String(payload.id) };\n};\n`;
const ESM = `export const handler = async (event) => ({ statusCode: 200, body: await (await fetch(process.env.URL, { method: 'POST', body: event.body })).text() });\n`;
const TS = `export const handler = async (event: any) => ({ statusCode: 200, body: await (await fetch(process.env.URL!, { method: 'POST', body: event.body })).text() });\n`;

function fixesOf(c: { file: string; code: string; files?: Record<string, string> }): Fix[] {
  const [f] = ruleFindings(rule, c);
  assert.ok(f, 'the route is reported');
  return f.fixes.filter((x) => !x.title.startsWith('Ignore '));
}
const tokenFix = (fixes: Fix[]) => fixes.find((f) => f.title.includes('X-Api-Token'));
const created = (f: Fix) => f.changes.find((c) => c.create)!;

function applyEdits(text: string, edits: { range: { start: number; end: number }; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

/** Syntax a Node.js 6 / TypeScript 3.2 / webpack 4 toolchain rejects, found with the TypeScript scanner. */
function modernSyntax(text: string): string[] {
  const out: string[] = [];
  const sc = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  for (let t = sc.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = sc.scan()) {
    if (t === ts.SyntaxKind.QuestionQuestionToken) out.push('??');
    if (t === ts.SyntaxKind.QuestionDotToken) out.push('?.');
    if (t === ts.SyntaxKind.StringLiteral && sc.getTokenValue().startsWith('node:')) out.push(sc.getTokenValue());
    if (t === ts.SyntaxKind.UnknownKeyword) out.push('unknown');
  }
  return out;
}
const usesAsync = (text: string) => {
  const sc = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  for (let t = sc.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = sc.scan()) if (t === ts.SyntaxKind.AsyncKeyword) return true;
  return false;
};

/** Loads a generated CommonJS authorizer and answers one REST request with the given header. */
async function runCjs(text: string, header: string | undefined, secret = 's3cret'): Promise<unknown> {
  const module = { exports: {} as Record<string, Function> };
  vm.runInNewContext(text, { module, exports: module.exports, require, process: { env: { API_TOKEN: secret } } });
  const event = { headers: header === undefined ? {} : { 'X-Api-Token': header }, methodArn: 'arn:aws:execute-api:eu-west-1:1:a/prod/POST/orders' };
  const h = module.exports.handler;
  if (h.length >= 3) return new Promise((resolve, reject) => h(event, {}, (err: unknown, r: unknown) => (err ? reject(err) : resolve(r))));
  return h(event);
}
const effect = (r: unknown) => (r as { policyDocument: { Statement: { Effect: string }[] } }).policyDocument.Statement[0].Effect;

describe('shared-secret authorizer fix: build output', () => {
  it('a handler in build output (dist/handler.handler, source in src/): no shared-secret authorizer, the Cognito fix stays', () => {
    const fixes = fixesOf({ file: 'serverless.yml', code: sls({ handler: 'dist/handler.handler' }), files: { 'src/handler.ts': TS } });
    assert.equal(tokenFix(fixes), undefined);
    assert.ok(fixes.some((f) => f.title.startsWith('Require a Cognito user pool token')));
    for (const f of fixes) for (const c of f.changes) assert.ok(!c.file.includes('/dist/'), c.file);
  });

  it('a handler next to its source (src/create.handler): the authorizer is written next to it', () => {
    const f = tokenFix(fixesOf({ file: 'serverless.yml', code: sls(), files: { 'src/create.js': CJS } }))!;
    assert.equal(created(f).file, '/project/src/createTokenAuthorizer.js');
  });

  it('SAM CodeUri in build output (dist/): the authorizer gets a folder of its own', () => {
    const code = `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: dist/\n      Handler: app.handler\n      Runtime: nodejs20.x\n      Events:\n        Post:\n          Type: Api\n          Properties:\n            Path: /orders\n            Method: post\n`;
    const f = tokenFix(fixesOf({ file: 'template.yaml', code, files: { 'dist/app.js': CJS } }))!;
    assert.deepEqual(f.changes.filter((c) => c.create).map((c) => c.file), ['/project/FnTokenAuthorizer/index.mjs', '/project/FnTokenAuthorizer/package.json']);
    assert.match(applyEdits(code, f.changes[0].edits), /      CodeUri: FnTokenAuthorizer\/\n      Handler: index\.handler\n      Runtime: nodejs20\.x\n/);
  });

  it('inBuildOutput: the first folder, or a hidden build folder anywhere; not a source folder named build below src', () => {
    for (const p of ['dist', 'dist/handlers', './build', '.build/src', '.serverless', '../.aws-sam/build/Fn', 'x/.webpack/service', 'cdk.out/asset.1']) assert.ok(inBuildOutput(p), p);
    for (const p of ['', 'src', 'src/build', 'handlers/out-of-stock', 'lib']) assert.ok(!inBuildOutput(p), p);
  });
});

describe('shared-secret authorizer fix: code the declared runtime and toolchain accept', () => {
  it('nodejs6.10 (CommonJS, webpack): a callback handler, no ??, no node: specifier, no async; it lets the right header through', async () => {
    const f = tokenFix(fixesOf({ file: 'serverless.yml', code: sls({ runtime: 'nodejs6.10' }), files: { 'src/create.js': CJS } }))!;
    const text = created(f).edits[0].newText;
    assert.deepEqual(modernSyntax(text), []);
    assert.ok(!usesAsync(text));
    assert.match(text, /^exports\.handler = function \(event, _context, callback\) \{$/m);
    assert.equal(effect(await runCjs(text, 's3cret')), 'Allow');
    assert.equal(effect(await runCjs(text, 'wrong')), 'Deny');
    assert.equal(effect(await runCjs(text, undefined)), 'Deny');
  });

  it('an ES module handler on nodejs12.x (no ES module handlers there): a CommonJS .js authorizer', async () => {
    const f = tokenFix(fixesOf({ file: 'serverless.yml', code: sls({ runtime: 'nodejs12.x' }), files: { 'src/create.mjs': ESM } }))!;
    assert.equal(created(f).file, '/project/src/createTokenAuthorizer.js');
    const text = created(f).edits[0].newText;
    assert.deepEqual(modernSyntax(text), []);
    assert.equal(effect(await runCjs(text, 's3cret')), 'Allow');
  });

  it('an ES module handler on nodejs20.x: an .mjs authorizer; TypeScript on nodejs12.x: no ??, node: or unknown (TypeScript 3.2, webpack 4)', () => {
    const esm = tokenFix(fixesOf({ file: 'serverless.yml', code: sls(), files: { 'src/create.mjs': ESM } }))!;
    assert.equal(created(esm).file, '/project/src/createTokenAuthorizer.mjs');
    assert.deepEqual(modernSyntax(created(esm).edits[0].newText), []);
    const tsFix = tokenFix(fixesOf({ file: 'serverless.yml', code: sls({ runtime: 'nodejs12.x' }), files: { 'src/create.ts': TS } }))!;
    const text = created(tsFix).edits[0].newText;
    assert.equal(created(tsFix).file, '/project/src/createTokenAuthorizer.ts');
    assert.deepEqual(modernSyntax(text), []);
    // it compiles without a diagnostic of its own (syntax) down to ES2017
    const out = ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2017, module: ts.ModuleKind.CommonJS } });
    assert.deepEqual(out.diagnostics, []);
  });

  it('the runtime table: versions and features', () => {
    assert.equal(nodeRuntimeVersion('nodejs8.10'), 8.1);
    assert.equal(nodeRuntimeVersion('nodejs20.x'), 20);
    assert.equal(nodeRuntimeVersion('python3.12'), undefined);
    assert.ok(!nodeRuntimeHas('nodejs6.10', 'asyncHandler') && nodeRuntimeHas('nodejs8.10', 'asyncHandler'));
    assert.ok(!nodeRuntimeHas('nodejs12.x', 'esmHandler') && nodeRuntimeHas('nodejs14.x', 'esmHandler') && nodeRuntimeHas(undefined, 'esmHandler'));
    for (const lang of ['cjs', 'esm', 'ts'] as const) for (const rt of ['nodejs6.10', 'nodejs20.x']) assert.deepEqual(modernSyntax(authorizerSource(lang, 'POST /x', undefined, rt)), [], `${lang} ${rt}`);
  });
});

describe('shared-secret authorizer fix: not for browser callers', () => {
  it('offered when nothing shows a browser (control)', () => {
    assert.ok(tokenFix(fixesOf({ file: 'serverless.yml', code: sls(), files: { 'src/create.js': CJS } })));
  });

  it('a function-level cors key (the intent to serve browsers): not offered, the Cognito fix is', () => {
    const fixes = fixesOf({ file: 'serverless.yml', code: sls({ fnExtra: '    cors: true\n' }), files: { 'src/create.js': CJS } });
    assert.equal(tokenFix(fixes), undefined);
    assert.ok(fixes.some((f) => f.title.startsWith('Require a Cognito user pool token')));
  });

  it('the handler uses a CORS middleware (flask_cors, cors): not offered', () => {
    const py = `import os\nimport requests\nfrom flask import Flask\nfrom flask_cors import CORS\napp = Flask(__name__)\nCORS(app)\n\ndef handler(event, context):\n    requests.post(os.environ['URL'], data=event['body'])\n    return {'statusCode': 200}\n`;
    assert.equal(tokenFix(fixesOf({ file: 'serverless.yml', code: sls({ runtime: 'python3.12' }), files: { 'src/create.py': py } })), undefined);
    const js = `const cors = require('cors');\nconst express = require('express');\nconst app = express();\napp.use(cors());\n${CJS}`;
    assert.equal(tokenFix(fixesOf({ file: 'serverless.yml', code: sls(), files: { 'src/create.js': js } })), undefined);
  });

  it('the handler answers with Access-Control-Allow-Origin (object key or subscript): not offered', () => {
    const js = `exports.handler = async (event) => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://app.example.com' }, body: await (await fetch(process.env.URL, { method: 'POST', body: event.body })).text() });\n`;
    assert.equal(tokenFix(fixesOf({ file: 'serverless.yml', code: sls(), files: { 'src/create.js': js } })), undefined);
    const py = `import os\nimport requests\n\ndef handler(event, context):\n    resp = {'statusCode': 200, 'headers': {}, 'body': requests.post(os.environ['URL'], data=event['body']).text}\n    resp['headers']['access-control-allow-origin'] = '*'\n    return resp\n`;
    assert.equal(tokenFix(fixesOf({ file: 'serverless.yml', code: sls({ runtime: 'python3.12' }), files: { 'src/create.py': py } })), undefined);
  });
});

describe('authorizer fixes: a browser preflight the app answers itself', () => {
  const py = `import os\nimport requests\nfrom flask import Flask\nfrom flask_cors import CORS\napp = Flask(__name__)\nCORS(app)\n\ndef handler(event, context):\n    requests.post(os.environ['URL'], data=event['body'])\n    return {'statusCode': 200}\n`;
  it('ANY route, CORS in the handler (flask_cors): no authorizer fix (it would reject the OPTIONS preflight)', () => {
    const [f] = ruleFindings(rule, { file: 'serverless.yml', code: sls({ runtime: 'python3.12', event: 'http: ANY /api/{proxy+}' }), files: { 'src/create.py': py } });
    assert.ok(f);
    assert.deepEqual(f.fixes.filter((x) => !x.title.startsWith('Ignore ')).map((x) => x.title), []);
  });

  it('POST route with CORS in the handler: the Cognito fix (the preflight goes to no POST route); ANY with cors: true on the event: API Gateway answers the preflight, the Cognito fix', () => {
    const post = fixesOf({ file: 'serverless.yml', code: sls({ runtime: 'python3.12' }), files: { 'src/create.py': py } });
    assert.ok(post.some((f) => f.title.startsWith('Require a Cognito user pool token')));
    const anyCors = fixesOf({ file: 'serverless.yml', code: sls({ event: 'http:\n          method: ANY\n          path: /api/{proxy+}\n          cors: true' }), files: { 'src/create.js': CJS } });
    assert.ok(anyCors.some((f) => f.title.startsWith('Require a Cognito user pool token')));
    assert.equal(tokenFix(anyCors), undefined);
  });
});

describe('shared-secret authorizer fix: not for a project with a browser front end', () => {
  it('a front-end app (react-dom) next to the config: not offered; a backend-only package.json: offered', () => {
    const files = { 'src/create.js': CJS, 'package.json': JSON.stringify({ dependencies: { react: '^18.0.0', 'react-dom': '^18.0.0' } }) };
    const fixes = fixesOf({ file: 'serverless.yml', code: sls(), files });
    assert.equal(tokenFix(fixes), undefined);
    assert.ok(fixes.some((f) => f.title.startsWith('Require a Cognito user pool token')));
    const backend = { 'src/create.js': CJS, 'package.json': JSON.stringify({ dependencies: { express: '^4.0.0' } }) };
    assert.ok(tokenFix(fixesOf({ file: 'serverless.yml', code: sls(), files: backend })));
  });

  it('in a folder of the project (test/fixes/projects/front-end-api: frontend/package.json): not offered, and every fix passes the fix rules', async () => {
    const factory = await createEngine();
    const root = path.resolve(__dirname, 'projects/front-end-api');
    const file = path.join(root, 'serverless.yml');
    const engine = factory.makeEngine(new Project(diskSource(1 << 20)));
    const [f] = engine.analyze(file, fs.readFileSync(file, 'utf8'), { timeBudgetMs: 60_000 }).findings.filter((x) => x.ruleId === 'api-endpoint-no-authorizer');
    assert.ok(f);
    assert.equal(tokenFix(f.fixes), undefined);
    assert.ok(f.fixes.some((x) => x.title.startsWith('Require a Cognito user pool token')));
    const r = await checkFixes(root, factory);
    assert.deepEqual(r.violations.map((v) => `[${v.kind}] ${v.rule} "${v.fix}": ${v.detail}`), []);
  });
});

describe('shared-secret authorizer fix: Serverless variables in names', () => {
  it('a service named by ${env:…}: the secret is ${self:service}/<fn>/api-token (resolved at deploy), not a mangled literal', () => {
    const code = sls({ service: '${env:ENVIRONMENT_NAME}' });
    const f = tokenFix(fixesOf({ file: 'serverless.yml', code, files: { 'src/create.js': CJS } }))!;
    assert.match(f.title, /reads the secret \$\{self:service\}\/create\/api-token from Secrets Manager/);
    const out = applyEdits(code, f.changes[0].edits);
    assert.match(out, /API_TOKEN: '\{\{resolve:secretsmanager:\$\{self:service\}\/create\/api-token:SecretString\}\}'/);
    assert.ok(!out.includes('--env-'));
  });

  it('a literal service name is kept as it is', () => {
    const f = tokenFix(fixesOf({ file: 'serverless.yml', code: sls({ service: 'orders-api' }), files: { 'src/create.js': CJS } }))!;
    assert.match(f.title, /reads the secret orders-api\/create\/api-token/);
  });
});
