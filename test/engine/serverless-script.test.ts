/**
 * serverless.ts / serverless.js read statically (never executed) into the serverless.yml model,
 * findings at the TS/JS source. Written before code/config-literal.ts and the engine hook.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { allRules } from '../../rules/index';

function analyze(file: string, code: string) {
  const e = new Engine(new Project(), allRules);
  e.codeSupport = new TreeSitterCodeSupport(e);
  const r = e.analyze(`/p/${file}`, code);
  const line = (off: number) => code.slice(0, off).split('\n').length;
  return { r, found: r.findings.map((f) => ({ id: f.ruleId, line: line(f.range.start), text: code.slice(f.range.start, f.range.end), fixes: f.fixes.map((x) => x.title) })) };
}

const ts = `import type { AWS } from '@serverless/typescript';
import hello from '@functions/hello';

const statements = [{ Effect: 'Allow', Action: ['dynamodb:*'], Resource: '*' }];

const serverlessConfiguration: AWS = {
  service: 'orders',
  provider: {
    name: 'aws',
    runtime: 'nodejs20.x',
    environment: { STRIPE_KEY: 'sk_live_4eC39HqLyjWDarjtT1zdp7dcAbCdEf12', STAGE: process.env.STAGE },
    iam: { role: { statements } },
  },
  functions: {
    hello,
    create: { handler: 'src/create.main', events: [{ http: { method: 'post', path: '/orders' } }] },
  },
};

module.exports = serverlessConfiguration;
`;

describe('serverless.ts / serverless.js as configs', () => {
  before(async () => {
    await initCodeParsers();
  });

  it('reads the exported literal into the serverless model, findings at the TS source', () => {
    const { r, found } = analyze('serverless.ts', ts);
    assert.equal(r.kind, 'serverless');
    const ids = found.map((f) => `${f.id}@${f.line}`);
    assert.ok(ids.includes('iam-wildcard-action@4') || ids.includes('iam-service-wildcard-action@4'), ids.join(' '));
    assert.ok(ids.includes('api-endpoint-no-authorizer@16'), ids.join(' '));
    assert.ok(found.some((f) => f.id === 'secret-in-config' && f.line === 11), ids.join(' '));
  });

  it('offers no YAML fixes on script configs (only the ignore comment)', () => {
    const { found } = analyze('serverless.ts', ts);
    for (const f of found) for (const t of f.fixes) assert.match(t, /Ignore/);
  });

  it('unresolvable values (process.env, imports, calls) are unknown: never a secret, never a wildcard', () => {
    const { found } = analyze('serverless.ts', `export default {\n  service: 'x',\n  provider: { name: 'aws', environment: { API_KEY: process.env.API_KEY, TOKEN: getToken() }, iam: { role: { statements: [{ Effect: 'Allow', Action: actions(), Resource: arn }] } } },\n};\n`);
    assert.deepEqual(found.filter((f) => f.id.startsWith('secret') || f.id.startsWith('iam-wildcard')), []);
  });

  it('serverless.js with export default and a spread of a local literal', () => {
    const { r, found } = analyze('serverless.js', `const base = { name: 'aws', runtime: 'nodejs20.x' };\nexport default {\n  service: 'x',\n  provider: { ...base },\n  functions: { f: { handler: 'h.main', events: [{ http: 'GET /x' }] } },\n};\n`);
    assert.equal(r.kind, 'serverless');
    assert.deepEqual(found.filter((f) => f.id === 'api-endpoint-no-authorizer').map((f) => f.line), [5]);
  });

  it('serverless.js with module.exports = { … } (CommonJS literal): secrets and IAM wildcards at the JS source (issue 13 audit)', () => {
    const { r, found } = analyze('serverless.js', `module.exports = {\n  service: 'x',\n  provider: {\n    name: 'aws',\n    environment: { DB_PASSWORD: 'Winter2024!', TABLE: 'orders' },\n    iam: { role: { statements: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] } },\n  },\n};\n`);
    assert.equal(r.kind, 'serverless');
    assert.deepEqual(found.filter((f) => f.id === 'secret-in-config').map((f) => f.line), [5]);
    assert.ok(found.some((f) => f.id === 'iam-service-wildcard-action' && f.line === 6));
  });

  it('a serverless.js that exports something else stays a code file', () => {
    const { r } = analyze('serverless.js', `module.exports = require('./config')(process.env);\n`);
    assert.equal(r.kind, 'javascript');
  });

  it('other .ts files are code, not configs', () => {
    const { r } = analyze('handler.ts', `export default { service: 'x', provider: { name: 'aws' } };\n`);
    assert.equal(r.kind, 'typescript');
  });
});
