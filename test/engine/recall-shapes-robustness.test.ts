/**
 * The shapes read by model/openapi.ts, model/vtl.ts, model/nested.ts, code/config-literal.ts and
 * code/chalice-routes.ts, typed top to bottom: no rule may throw on any prefix (line prefixes and
 * every 5th character prefix), and the engine gives the same findings twice for the same text.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { allRules } from '../../rules/index';
import { SAM_API_BODY } from '../helpers/templates';

const samples: Record<string, string> = {
  'template.yaml': `${SAM_API_BODY}        swagger: '2.0'
        securityDefinitions:
          Cog: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authorizer: {type: cognito_user_pools}}
        x-amazon-apigateway-request-validators: {all: {validateRequestBody: true}}
        paths:
          /orders:
            post:
              security: [{Cog: []}]
              x-amazon-apigateway-integration:
                type: aws
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:dynamodb:action/PutItem
                requestTemplates:
                  application/json: |
                    #set($v = $input.path('$.id'))
                    #foreach($i in $input.path('$.items')) {"S": "$i.name"} #end
                    {"TableName": "t", "Item": {"id": {"S": "$v"}, "x": {"S": "$util.escapeJavaScript($input.body)"}}}
  Nested:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateBody: |
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement:
                      - {Effect: Allow, Action: '*', Resource: '*'}
`,
  'serverless.ts': `import type { AWS } from '@serverless/typescript';
const base = { name: 'aws', runtime: 'nodejs20.x' } as const;
const cfg: AWS = {
  service: 'x',
  provider: { ...base, environment: { K: \`a\${1}\`, P: 'hunter2hunter2' }, iam: { role: { statements: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } } },
  functions: { f: { handler: 'h.main', events: [{ http: { method: 'post', path: '/x' } }] } },
};
module.exports = cfg;
`,
  'app.py': `from chalice import Chalice, IAMAuthorizer
import os

app = Chalice(app_name='x')


@app.route('/a/{id}', methods=['POST', 'PUT'], authorizer=None)
def a(id):
    os.system(app.current_request.json_body['c'])
    return {}
`,
};

describe('recall shapes: every prefix analyses without a rule error', () => {
  before(async () => {
    await initCodeParsers();
  });
  for (const [name, text] of Object.entries(samples)) {
    it(name, () => {
      const project = new Project({ readFile: (p) => (p === '/p/.chalice/config.json' ? '{}' : undefined) });
      const engine = new Engine(project, allRules);
      engine.codeSupport = new TreeSitterCodeSupport(engine);
      const ends = new Set<number>([text.length]);
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) ends.add(i + 1);
      for (let i = 1; i < text.length; i += 5) ends.add(i);
      for (const end of [...ends].sort((a, b) => a - b)) {
        const t = text.slice(0, end);
        const r = engine.analyze(`/p/${name}`, t);
        assert.deepEqual(r.ruleErrors, [], `prefix ${end} of ${name}`);
        const again = new Engine(project, allRules);
        again.codeSupport = new TreeSitterCodeSupport(again);
        if (end === text.length) assert.deepEqual(again.analyze(`/p/${name}`, t).findings.map((f) => f.ruleId + f.range.start), r.findings.map((f) => f.ruleId + f.range.start));
      }
      const full = engine.analyze(`/p/${name}`, text).findings.map((f) => f.ruleId);
      assert.ok(full.length > 0, `${name} has findings: ${full.join(' ')}`);
    });
  }
});
