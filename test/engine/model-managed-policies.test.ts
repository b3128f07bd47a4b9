import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../server/src/engine/model/build';
import { managedPolicyOf } from '../../server/src/engine/model/query';
import type { ConfigModel } from '../../server/src/engine/model/types';
import { parseYaml } from '../../server/src/engine/yaml/parse';

const model = (file: string, text: string): ConfigModel => {
  const m = buildModel(file, parseYaml(text));
  assert.ok(m, 'a model');
  return m;
};

describe('managed policy references', () => {
  it('say where they were written: legacy provider.iamManagedPolicies vs provider.iam.role.managedPolicies', () => {
    const m = model(
      'serverless.yml',
      `service: s
provider:
  name: aws
  iamManagedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
  iam:
    role:
      managedPolicies: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
functions:
  a: {handler: a.h}
`,
    );
    assert.deepEqual(
      m.managedPolicies.map((p) => [p.name, p.where]),
      [
        ['ReadOnlyAccess', 'provider.iamManagedPolicies'],
        ['AmazonS3ReadOnlyAccess', 'provider.iam.role.managedPolicies'],
      ],
    );
  });

  it('keep the policy name when only the partition is a serverless variable', () => {
    const m = model(
      'serverless.yml',
      `service: s
provider:
  name: aws
  iam:
    role:
      managedPolicies:
        - arn:\${aws:partition}:iam::aws:policy/AdministratorAccess
        - \${ssm:/policy-arn}
functions:
  a: {handler: a.h}
`,
    );
    assert.deepEqual(managedPolicyOf(m, m.managedPolicies[0]), { name: 'AdministratorAccess', awsManaged: true });
    assert.equal(managedPolicyOf(m, m.managedPolicies[1]), undefined);
  });
});
