/**
 * Small pieces shared by the secret rules: test-file down-ranking, message text (which never
 * contains the secret: only the hit's `masked` form), and AWS-credential advice.
 */
import type { SecretHit } from '../secrets';
import type { Severity } from '../types';

const TEST_DIRS = new Set(['test', 'tests', '__tests__', 'spec', 'specs', '__mocks__', 'fixtures', '__fixtures__', 'testdata', 'test-data', 'mocks']);

/** Tests, fixtures and mocks: secrets there are reported one severity lower (not dropped). */
export function isTestPath(path: string): boolean {
  const parts = path.split('/');
  for (let i = 0; i < parts.length - 1; i++) if (TEST_DIRS.has(parts[i].toLowerCase())) return true;
  const base = (parts[parts.length - 1] ?? '').toLowerCase();
  return base.includes('.test.') || base.includes('.spec.') || base.startsWith('test_') || base.endsWith('_test.py') || base.includes('.mock.');
}

export function lowerSeverity(s: Severity): Severity {
  return s === 'error' ? 'warning' : 'info';
}

export function severityFor(hit: SecretHit, file: string): Severity {
  return isTestPath(file) ? lowerSeverity(hit.severity) : hit.severity;
}

const AWS_KINDS = new Set(['aws-access-key-id', 'aws-secret-access-key', 'aws-session-token']);

export function isAwsCredential(hit: SecretHit): boolean {
  return AWS_KINDS.has(hit.kind);
}

/**
 * `<title> (<masked>) <where> — <detail>.` Hit details are safe (no secret); the generic
 * "literal value under the secret-named key" detail repeats the key and is left out.
 */
export function hitText(hit: SecretHit, where: string): string {
  const detail = hit.detail && !hit.detail.startsWith('literal value under') ? ` — ${hit.detail}` : '';
  const example = hit.isExample ? ' (a documented example value, so only informational)' : '';
  return `${hit.title} (${hit.masked}) ${where}${detail}${example}`;
}

export const AWS_ADVICE = 'Lambda functions get AWS credentials from their execution role: delete the key, grant the role the permissions it needs, and deactivate the key in IAM.';
