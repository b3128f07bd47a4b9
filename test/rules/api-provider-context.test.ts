/**
 * Issue 10 class 4 / issue 11 item 5: only AWS providers get API Gateway advice, from any of the
 * endpoint rules; and a Stripe/GitHub webhook never gets AWS_IAM (no authorizer fix at all: the
 * sender signs the body, which an authorizer never sees), even when the file grants
 * execute-api:Invoke to a role.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import noAuth from '../../rules/api-endpoint-no-authorizer';
import notValidated from '../../rules/api-request-not-validated';
import urlPublic from '../../rules/function-url-public';
import apiKey from '../../rules/api-key-not-authentication';
import cors from '../../rules/api-cors-wildcard-credentials';
import unusedAuth from '../../rules/api-authorizer-unused';
import { ruleFindings } from '../helpers/rule-tester';
import { useCodeParsers } from '../helpers/injection';

useCodeParsers();

const RULES = [noAuth, notValidated, urlPublic, apiKey, cors, unusedAuth];

const config = (provider: string) => `service: s
provider:
${provider}
  runtime: nodejs20
functions:
  hello:
    handler: src/hello.handler
    url: true
    events:
      - http:
          path: orders
          method: post
          cors:
            origin: '*'
            allowCredentials: true
      - http:
          path: keys
          method: get
          private: true
      - httpApi: POST /x
`;

describe('endpoint rules: only AWS providers get API Gateway advice', () => {
  it('the same functions on provider aws give findings from several endpoint rules (the test can fail)', () => {
    const ids = new Set(RULES.flatMap((r) => ruleFindings(r, { file: 'serverless.yml', code: config('  name: aws') }).map((f) => f.ruleId)));
    for (const id of ['api-endpoint-no-authorizer', 'api-request-not-validated', 'function-url-public', 'api-key-not-authentication']) assert.ok(ids.has(id), `${id} in ${[...ids]}`);
  });
  for (const name of ['google', 'openwhisk', 'cloudflare', 'azure', 'aliyun', 'fn', 'kubeless', 'spotinst', 'tencent', 'knative']) {
    it(`provider ${name}: nothing from any endpoint rule`, () => {
      for (const r of RULES) {
        assert.deepEqual(ruleFindings(r, { file: 'serverless.yml', code: config(`  name: ${name}`) }).map((f) => f.message), [], `${r.meta.id} on ${name}`);
      }
    });
  }
  it('provider given as a bare string (provider: google): nothing', () => {
    const code = config('  name: google').replace('provider:\n  name: google\n  runtime: nodejs20\n', 'provider: google\n');
    for (const r of RULES) assert.deepEqual(ruleFindings(r, { file: 'serverless.yml', code }), [], r.meta.id);
  });
});

describe('webhook auth fixes: never AWS_IAM for a body-signing sender', () => {
  const AWS_CALLER = `  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: execute-api:Invoke\n          Resource: arn:aws:execute-api:eu-west-1:123456789012:abc/*\n`;
  const sls = (event: string) => `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\n${AWS_CALLER}functions:\n  hook:\n    handler: src/hook.handler\n    events:\n${event}`;
  const fixTitles = (code: string, files: Record<string, string> = {}) => ruleFindings(noAuth, { file: 'serverless.yml', code, files }).flatMap((f) => f.fixes.map((x) => x.title)).filter((t) => !t.startsWith('Ignore '));
  // it forwards the delivery (an outbound fetch): a handler that touches nothing is not reported (round 12)
  const plain = `exports.handler = async (event) => ({ statusCode: 200, body: await (await fetch(process.env.URL, { method: 'POST', body: JSON.parse(event.body).id })).text() });\n`;

  it('Stripe by path, GitHub by SDK import: no IAM fix even with an execute-api:Invoke grant in the file', () => {
    assert.deepEqual(fixTitles(sls(`      - http: POST /stripe/webhook\n`), { 'src/hook.js': plain }), []);
    assert.deepEqual(fixTitles(sls(`      - httpApi: POST /events\n`), { 'src/hook.js': `const { Webhooks } = require('@octokit/webhooks');\n${plain}` }), []);
  });
  it('a generic webhook path gets the shared-secret Lambda authorizer, not IAM', () => {
    const titles = fixTitles(sls(`      - http: POST /webhook\n`), { 'src/hook.js': plain });
    assert.equal(titles.length, 1, JSON.stringify(titles));
    assert.match(titles[0], /X-Webhook-Token header with a Lambda authorizer/);
    assert.ok(!titles.some((t) => /aws_iam|AWS_IAM/.test(t)));
  });
  it('near miss: the same grant on an ordinary route does give the IAM fix', () => {
    assert.ok(fixTitles(sls(`      - http: POST /orders\n`)).some((t) => t.startsWith('Require IAM authorization')));
  });
});
