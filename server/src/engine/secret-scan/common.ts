/**
 * Small pieces shared by the secret rules: the path policy (tests, fixtures and local scripts),
 * message text (which never contains the secret: only the hit's `masked` form), and
 * AWS-credential advice.
 */
import { classifyValue, type SecretContext, type SecretHit } from '../secrets';
import type { Severity } from '../types';
import { detach, detachData } from '../lru';

const TEST_DIRS = new Set(['test', 'tests', '__tests__', 'spec', 'specs', '__mocks__', 'fixtures', '__fixtures__', 'testdata', 'test-data', 'mocks']);
/** Folders of scripts a developer runs on their own machine (seeding, set-up, deployment helpers). */
const SCRIPT_DIRS = new Set(['scripts', 'script']);

/** Tests, fixtures and mocks, decided by the path: a folder named so, or `*.test.*` / `*.spec.*` / `test_*.py` / `*_test.py` / `*.mock.*`. */
export function isTestPath(path: string): boolean {
  const parts = path.split('/');
  for (let i = 0; i < parts.length - 1; i++) if (TEST_DIRS.has(parts[i].toLowerCase())) return true;
  const base = (parts[parts.length - 1] ?? '').toLowerCase();
  return base.includes('.test.') || base.includes('.spec.') || base.startsWith('test_') || base.endsWith('_test.py') || base.includes('.mock.');
}

/** A file under a `scripts/` folder. */
export function isScriptPath(path: string): boolean {
  const parts = path.split('/');
  for (let i = 0; i < parts.length - 1; i++) if (SCRIPT_DIRS.has(parts[i].toLowerCase())) return true;
  return false;
}

export function lowerSeverity(s: Severity): Severity {
  return s === 'error' ? 'warning' : 'info';
}

/**
 * Kinds recognised by a vendor's fixed format (prefix, checksum, PEM armour): a real key of that
 * vendor in a test or a local script is still worth knowing about (as info).
 */
const FORMAT_KINDS = new Set<SecretHit['kind']>([
  'aws-access-key-id', 'aws-secret-access-key', 'aws-session-token', 'github-token', 'gitlab-token', 'slack-token', 'slack-webhook', 'stripe-key',
  'twilio', 'sendgrid', 'google-api-key', 'npm-token', 'pypi-token', 'openai-key', 'anthropic-key', 'private-key',
]);

/**
 * The severity of a hit in `file`, or undefined when it is not reported there. Values in tests,
 * fixtures, mocks and local scripts (a `scripts/` folder, or — for code — a file run as a program
 * that no config uses as a handler; `localScript`) are not hardcoded production secrets: the test
 * user's password, the fixture's token and a connection string to a local database are dropped;
 * a value in a real vendor format (AWS key, GitHub/Stripe/Slack… token, private key) is reported
 * as info, since it may be live.
 */
export function severityFor(hit: SecretHit, file: string, localScript = false): Severity | undefined {
  if (!localScript && !isTestPath(file) && !isScriptPath(file)) return hit.severity;
  return FORMAT_KINDS.has(hit.kind) ? 'info' : undefined;
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
  const key = `${ctx.location}\u0000${ctx.purpose ?? ''}\u0000${ctx.keyName ?? ''}\u0000${value}\u0000${neighboursSig(ctx.neighbours)}`;
  const cached = verdicts.get(key);
  if (cached) return cached;
  const hits = classifyValue(value, ctx);
  if (verdicts.size >= MAX_VERDICTS) verdicts = new Map();
  // Detached: a key or hit cut from a document would keep the whole document's text alive.
  const kept = detachData(hits);
  verdicts.set(detach(key), kept);
  return kept;
}
