/**
 * Policy text AWS documents as the way to grant a job, wildcards included, so that reporting it
 * would only say "AWS's own example is too broad". Two tables, one entry per statement or
 * pattern, each with its source:
 *
 * - KMS_DEFAULT_KEY_POLICY: the statements of the default key policy the KMS console writes
 *   (beyond the account-root statement, which policy-idioms.ts recognises in all its spellings).
 *   In a key policy every statement applies to that key only, so the administrators' `kms:Create*`,
 *   `kms:Delete*`… manage this key, not every key of the account.
 * - DOCUMENTED_ACTION_WILDCARDS: action patterns AWS documents as the grant for a task, whose
 *   matches are all reads (checked against the IAM catalogue when used, so an action AWS adds
 *   later that is not a read makes the pattern reportable again).
 *
 * Pure data; policy-idioms.ts holds the matching.
 */

export interface KmsDefaultStatement {
  /** The statement's Sid in the console's policy, in words for docs. */
  readonly statement: string;
  /** Every action the statement may list (lower case, `kms:` prefix); a statement listing only these is the idiom. */
  readonly actions: readonly string[];
  readonly source: string;
}

const KEY_POLICY_DEFAULT = 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html';

export const KMS_DEFAULT_KEY_POLICY: readonly KmsDefaultStatement[] = [
  {
    statement: 'Allow access for Key Administrators',
    actions: [
      'kms:create*', 'kms:describe*', 'kms:enable*', 'kms:list*', 'kms:put*', 'kms:update*', 'kms:revoke*', 'kms:disable*', 'kms:get*', 'kms:delete*',
      'kms:tagresource', 'kms:untagresource', 'kms:schedulekeydeletion', 'kms:cancelkeydeletion', 'kms:rotatekeyondemand',
      // Multi-Region primary keys: the console adds these two to the administrators' statement.
      'kms:replicatekey', 'kms:updateprimaryregion',
    ],
    source: `${KEY_POLICY_DEFAULT}#key-policy-default-allow-administrators (the actions the console grants key administrators, on this key; multi-Region keys add kms:ReplicateKey and kms:UpdatePrimaryRegion)`,
  },
  {
    statement: 'Allow use of the key',
    actions: [
      // Symmetric encryption keys.
      'kms:encrypt', 'kms:decrypt', 'kms:reencrypt*', 'kms:generatedatakey*', 'kms:describekey',
      // Asymmetric, HMAC and key-agreement keys.
      'kms:getpublickey', 'kms:sign', 'kms:verify', 'kms:generatemac', 'kms:verifymac', 'kms:derivesharedsecret',
    ],
    source: `${KEY_POLICY_DEFAULT}#key-policy-default-allow-users (the cryptographic operations the console grants key users, per key type, on this key)`,
  },
];

export interface DocumentedWildcard {
  /** The action pattern as AWS writes it (matched case-insensitively). */
  readonly pattern: string;
  /** What the pattern is for, in words. */
  readonly task: string;
  readonly source: string;
}

export const DOCUMENTED_ACTION_WILDCARDS: readonly DocumentedWildcard[] = [
  {
    pattern: 'geo:GetMap*',
    task: 'rendering an Amazon Location map (GetMapTile, GetMapStyleDescriptor, GetMapSprites, GetMapGlyphs)',
    source:
      'https://docs.aws.amazon.com/location/latest/APIReference/API_ApiKeyRestrictions.html ("to provide access to map rendering, the only valid action is geo:GetMap*"); the Amazon Location guide grants geo:GetMap* on the map to the Cognito guest role: https://docs.aws.amazon.com/location/previous/developerguide/authenticating-using-cognito.html',
  },
];
