/**
 * Small pieces shared by the secret rules: test-file down-ranking, message text (which never
 * contains the secret: only the hit's `masked` form), and AWS-credential advice.
 */
import { classifyValue, type SecretContext, type SecretHit } from '../secrets';
import type { Severity } from '../types';
import { detach, detachData } from '../lru';

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

// Classification cache, shared by the config and code scans. `classifyValue` is a pure function of
// (value, key name, location, neighbours), so its verdicts are cached by those inputs — not by node
// identity, because the parsers re-create nodes after an edit. A neighbour list's signature is
// computed once per list. Bounded. (JWT expiry is judged at the first sighting of a value.)
const MAX_VERDICTS = 50_000;
let verdicts = new Map<string, SecretHit[]>();
const neighbourSigs = new WeakMap<object, string>();

function neighboursSig(list: SecretContext['neighbours']): string {
  if (!list || list.length === 0) return '';
  let sig = neighbourSigs.get(list);
  if (sig === undefined) {
    sig = '';
    for (const n of list) sig += `${n.keyName}\u0001${n.value}\u0002`;
    neighbourSigs.set(list, sig);
  }
  return sig;
}

/** `classifyValue`, memoised: the same values come back on every keystroke. Never mutate the result. */
export function classifyCached(value: string, ctx: SecretContext): SecretHit[] {
  const key = `${ctx.location}\u0000${ctx.keyName ?? ''}\u0000${value}\u0000${neighboursSig(ctx.neighbours)}`;
  const cached = verdicts.get(key);
  if (cached) return cached;
  const hits = classifyValue(value, ctx);
  if (verdicts.size >= MAX_VERDICTS) verdicts = new Map();
  // Detached: a key or hit cut from a document would keep the whole document's text alive.
  const kept = detachData(hits);
  verdicts.set(detach(key), kept);
  return kept;
}
