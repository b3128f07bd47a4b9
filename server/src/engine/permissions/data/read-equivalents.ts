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

/**
 * Reads whose data another read on the same resources returns and more (one direction only): a
 * DynamoDB `Scan` returns every item of the table (or index), so `GetItem`, `BatchGetItem` and
 * `Query` on the same table read nothing it does not; a `Query` returns any item by its key, so
 * `GetItem` / `BatchGetItem` read nothing it does not. The reverse does not hold (a `GetItem`
 * grant does not let the code read the whole table). Data only, one entry per (read, wider read)
 * with its source; every action must exist in the IAM catalogue as a Read.
 */
export const READ_SUBSETS: readonly { action: string; coveredBy: string; source: string }[] = [
  ...['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'].map((action) => ({
    action,
    coveredBy: 'dynamodb:Scan',
    source: 'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html (Scan returns every item and attribute of the table or secondary index)',
  })),
  ...['dynamodb:GetItem', 'dynamodb:BatchGetItem'].map((action) => ({
    action,
    coveredBy: 'dynamodb:Query',
    source: 'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html (Query returns the items of a partition key value, narrowed by a sort key condition: any item by its primary key)',
  })),
];

/**
 * Action → the actions whose grant on the same resources returns (at least) its data: the pairs
 * both ways, and the wider reads of READ_SUBSETS.
 */
export const READ_EQUIVALENTS: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, string[]>();
  const add = (a: string, b: string) => m.set(a, [...(m.get(a) ?? []), b]);
  for (const { actions: [a, b] } of READ_EQUIVALENT_PAIRS) {
    add(a, b);
    add(b, a);
  }
  for (const { action, coveredBy } of READ_SUBSETS) add(action, coveredBy);
  return m;
})();
