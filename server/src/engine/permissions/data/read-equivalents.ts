/**
 * Reads that return the same data as another action on the same resources: when the code uses one
 * of a pair, the other granted but unused takes away no capability by being removed (the batch and
 * single forms of one read). iam-unused-permission does not report such an unused read, and
 * iam-service-wildcard-action counts a pattern's data reads as granted when an equivalent is named. Data only,
 * one entry per pair with its source; every action must exist in the IAM catalogue
 * (test/rules/iam-unused-permission.test.ts).
 */
export const READ_EQUIVALENT_PAIRS: readonly { actions: readonly [string, string]; source: string }[] = [
  { actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'], source: 'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html (BatchGetItem returns the items of up to 100 GetItem requests)' },
  { actions: ['s3:GetObject', 's3:GetObjectVersion'], source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (GetObject with a versionId reads an older version of the same object)' },
  { actions: ['ssm:GetParameter', 'ssm:GetParameters'], source: 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html (several GetParameter results in one call)' },
  { actions: ['secretsmanager:GetSecretValue', 'secretsmanager:BatchGetSecretValue'], source: 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html (the GetSecretValue results of several secrets)' },
];

/** Action → the actions returning the same data. */
export const READ_EQUIVALENTS: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, string[]>();
  for (const { actions: [a, b] } of READ_EQUIVALENT_PAIRS) {
    m.set(a, [...(m.get(a) ?? []), b]);
    m.set(b, [...(m.get(b) ?? []), a]);
  }
  return m;
})();
