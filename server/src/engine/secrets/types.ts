/**
 * Types of the string-level secret detector. See `index.ts` for the API overview.
 */
import type { Severity } from '../types';

export type { Severity } from '../types';

/** Where a value sits. Mostly affects severity (see `classifyValue` docs in index.ts). */
export type SecretLocation =
  /** A Lambda environment variable value (provider/functions `environment`, `Environment.Variables`, Globals). */
  | 'env'
  /** A CloudFormation/SAM `Parameters.<name>.Default` (keyName = the parameter's logical id). */
  | 'parameter'
  /** A resource property value (keyName = the property name, e.g. `MasterUserPassword`). */
  | 'property'
  /** serverless.yml `custom:` or other free-form configuration. */
  | 'custom'
  /** A string literal in handler code (keyName = variable / property / keyword-argument name). */
  | 'code'
  /** Anything else (tags, outputs, descriptions, whole text blobs). */
  | 'other';

export type Confidence = 'high' | 'medium' | 'low';

export type SecretKind =
  | 'aws-access-key-id'
  | 'aws-secret-access-key'
  | 'aws-session-token'
  | 'github-token'
  | 'gitlab-token'
  | 'slack-token'
  | 'slack-webhook'
  | 'stripe-key'
  | 'twilio'
  | 'sendgrid'
  | 'google-api-key'
  | 'npm-token'
  | 'pypi-token'
  | 'openai-key'
  | 'anthropic-key'
  | 'private-key'
  | 'jwt'
  | 'url-credentials'
  | 'connection-string'
  | 'generic-password'
  | 'generic-secret';

export const SECRET_KINDS: readonly SecretKind[] = [
  'aws-access-key-id',
  'aws-secret-access-key',
  'aws-session-token',
  'github-token',
  'gitlab-token',
  'slack-token',
  'slack-webhook',
  'stripe-key',
  'twilio',
  'sendgrid',
  'google-api-key',
  'npm-token',
  'pypi-token',
  'openai-key',
  'anthropic-key',
  'private-key',
  'jwt',
  'url-credentials',
  'connection-string',
  'generic-password',
  'generic-secret',
];

export interface SecretNeighbour {
  keyName: string;
  value: string;
}

export interface SecretContext {
  /** The key the value is assigned to (env var name, property, parameter id, variable, kwarg). */
  keyName?: string;
  location: SecretLocation;
  /**
   * Sibling entries (same environment block / object / nearby assignments). Used to pair an AWS
   * secret key or session token with an access key id, and a Twilio auth token with an `AC…` SID.
   */
  neighbours?: readonly SecretNeighbour[];
  /** "Now" in epoch milliseconds, for JWT expiry. Defaults to `Date.now()`. */
  now?: number;
  /**
   * What the code or config does with the value, when a sink table says so (secret-scan/sinks.ts):
   * the password argument of an API that sets one, a framework signing key, a credential property
   * a reference chain leads to. Such values are judged without an entropy or name test: any literal
   * that is not a structural placeholder or a reference is a hardcoded secret.
   */
  purpose?: SecretPurpose;
}

export type SecretPurpose = 'password' | 'signing-key';

export interface SecretHit {
  kind: SecretKind;
  /** Human title without the secret, e.g. "Stripe live secret key". */
  title: string;
  confidence: Confidence;
  /** Suggested severity; `info` for documented example values. */
  severity: Severity;
  /** UTF-16 offsets of the secret inside the classified value (`value.slice(start, end)`). */
  start: number;
  end: number;
  /** The value is a documented example / sample (e.g. `AKIAIOSFODNN7EXAMPLE`). Severity is then `info`. */
  isExample?: boolean;
  /** `maskSecret(value.slice(start, end))`, ready for messages. */
  masked: string;
  /** Short extra explanation without the secret (e.g. "checksum valid", "paired with AWS_ACCESS_KEY_ID"). */
  detail?: string;
}
