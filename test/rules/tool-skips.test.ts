/**
 * Other scanners' skip metadata (Checkov `Metadata.checkov.skip`, `# checkov:skip=` comments,
 * cfn_nag `Metadata.cfn_nag.rules_to_suppress`) silences our equivalent rule on that resource
 * (server/src/engine/tool-skips.ts); a skip of an unrelated check, or on another resource, does not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../rules/api-endpoint-no-authorizer';
import { run } from '../helpers/rule-tester';
import { SKIP_EQUIVALENTS } from '../../server/src/engine/tool-skips';
import { allRules } from '../../rules';

const method = (metadata: string, name = 'Method') => `  ${name}:
    Type: AWS::ApiGateway::Method
${metadata}    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: POST
      AuthorizationType: NONE
      Integration:
        Type: MOCK
`;
const cfn = (...methods: string[]) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: demo
${methods.join('')}`;

const checkov = (id: string, comment = 'intentionally public') => `    Metadata:\n      checkov:\n        skip:\n          - id: "${id}"\n            comment: "${comment}"\n`;
const cfnNag = (id: string) => `    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - id: ${id}\n            reason: public sign-up form\n`;

run(rule, {
  valid: [
    { name: 'Checkov skip of CKV_AWS_59 on the Method', file: 'template.yaml', code: cfn(method(checkov('CKV_AWS_59'))) },
    { name: 'Checkov skip without a comment still counts (its own syntax, no reason required)', file: 'template.yaml', code: cfn(method(`    Metadata:\n      checkov:\n        skip:\n          - id: CKV_AWS_59\n`)) },
    { name: 'cfn_nag W59 suppression on the Method', file: 'template.yaml', code: cfn(method(cfnNag('W59'))) },
    { name: 'a `# checkov:skip=CKV_AWS_59:` comment inside the resource', file: 'template.yaml', code: cfn(method('    # checkov:skip=CKV_AWS_59:public by design\n')) },
  ],
  invalid: [
    { name: 'near miss: a Checkov skip of another check (CKV_AWS_120, caching)', file: 'template.yaml', code: cfn(method(checkov('CKV_AWS_120'))), errors: [{ text: 'NONE', severity: 'warning' }] },
    { name: 'near miss: a cfn_nag suppression of another rule (W64)', file: 'template.yaml', code: cfn(method(cfnNag('W64'))), errors: [{ text: 'NONE', severity: 'warning' }] },
    {
      name: 'near miss: the skip covers its own resource only',
      file: 'template.yaml',
      code: cfn(method(checkov('CKV_AWS_59')), method('', 'Other')),
      errors: [{ text: 'NONE', line: 27, severity: 'warning' }],
    },
  ],
});

describe('tool-skips table', () => {
  it('names only rules that exist, each entry with a source', () => {
    const ids = new Set(allRules.map((r) => r.meta.id));
    for (const s of SKIP_EQUIVALENTS) {
      assert.ok(s.source.length > 0, `${s.tool} ${s.id} has no source`);
      for (const r of s.rules) assert.ok(ids.has(r), `${s.tool} ${s.id} names unknown rule ${r}`);
    }
  });
});
