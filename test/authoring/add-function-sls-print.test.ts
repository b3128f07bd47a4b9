/**
 * Add Secure Function's serverless.yml output is accepted by `serverless print` (Serverless
 * Framework v3, offline): variables resolve and the configuration shape validates
 * (test/helpers/sls-print.ts says how v4's per-function roles are declared for the check).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyAddFunction, buildAddSecureFunction, type AddFunctionRequest } from '../../server/src/engine/authoring/add-function';
import { slsPrint } from '../helpers/sls-print';

const HOSTS = {
  v4: "service: shop\nframeworkVersion: '4'\nprovider:\n  name: aws\n  runtime: nodejs20.x\n",
  v3: "service: shop\nframeworkVersion: '3'\nplugins:\n  - serverless-iam-roles-per-function\nprovider:\n  name: aws\n  runtime: nodejs20.x\n",
};
const PARAMS = { userPoolId: 'us-east-1_example', userPoolClientId: 'example', userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_example' };

describe('Add Secure Function output passes serverless print', () => {
  const cases: [keyof typeof HOSTS, AddFunctionRequest['trigger'], string][] = [
    ['v4', 'http-api', 'createOrder'],
    ['v4', 'rest-api', 'deleteOrder'],
    ['v3', 'sqs', 'processOrders'],
    ['v3', 'function-url', 'getReport'],
  ];
  for (const [host, trigger, name] of cases) {
    it(`${host} host: ${trigger} ${name}`, () => {
      const req: AddFunctionRequest = { configPath: '/ws/serverless.yml', configText: HOSTS[host], name, trigger, language: 'typescript', exists: () => false };
      const res = buildAddSecureFunction(req);
      assert.ok(res.edit, res.error);
      const out = applyAddFunction(req, res);
      const r = slsPrint(out, PARAMS);
      assert.ok(r.ok, `${out}\n---\n${r.output}`);
    });
  }

  it('the oracle rejects an invalid configuration (a typo in an event)', () => {
    const r = slsPrint(`${HOSTS.v4}functions:\n  f:\n    handler: h.handler\n    events:\n      - httpApi:\n          methd: GET\n          path: /x\n`);
    assert.equal(r.ok, false, r.output);
  });
});
