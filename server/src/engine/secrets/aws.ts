/**
 * Context-dependent AWS and Twilio secrets (formats without a distinctive prefix):
 * - AWS secret access key: exactly 40 base64 characters (mixed case, entropy ≥ 4.25, not all hex),
 *   reported only under an AWS-secret-named key (`aws_secret_access_key`, `SecretAccessKey`,
 *   `AWS_SECRET`), a bare `secret`/`secret_key` name, next to an access key id (a neighbour, or
 *   the same value), or after an `aws_secret_access_key` assignment inside the value.
 * - AWS session token: 100+ base64 characters under `aws_session_token`-like names or next to an
 *   `ASIA…` id. (Tokens with the usual `IQoJb3JpZ2lu…` prefixes are found by the prefix scanner.)
 * - Twilio auth token: 32 lower-case hex characters under a Twilio auth/token name, or under an
 *   auth/token name next to an `AC…` account SID.
 */
import { asciiLower, classCounts, every, isBase64, isLowerHex, isHex, runEnd, isSpace } from './chars';
import { entropy } from './entropy';
import { RAW_HIT_CAP, type RawHit } from './hit';
import type { KeyNameInfo } from './keyname';
import { isExampleText, isPlaceholderBody } from './placeholder';
import type { SecretContext } from './types';
import { findAwsAccessKeyId, isTwilioAccountSid } from './vendors';

const AWS_SECRET_LEN = 40;
const MIN_SECRET_ENTROPY = 4.25;

/** Shape test for a 40-character AWS secret access key candidate. */
export function isAwsSecretKeyShape(s: string): boolean {
  if (s.length !== AWS_SECRET_LEN || !every(s, isBase64)) return false;
  if (every(s, isHex)) return false;
  const k = classCounts(s);
  if (k.upper === 0 || k.lower === 0 || k.digit + k.other === 0) return false;
  if (isPlaceholderBody(s) && !isExampleText(s)) return false;
  return entropy(s) >= MIN_SECRET_ENTROPY || isExampleText(s);
}

function trimmedRange(v: string): [number, number] {
  let s = 0;
  let e = v.length;
  while (s < e && isSpace(v.charCodeAt(s))) s++;
  while (e > s && isSpace(v.charCodeAt(e - 1))) e--;
  return [s, e];
}

function neighbourWithId(ctx: SecretContext, self: string): { keyName: string; prefix: string } | undefined {
  for (const n of ctx.neighbours ?? []) {
    if (n.value === self || typeof n.value !== 'string' || n.value.length > 4096) continue;
    const prefix = findAwsAccessKeyId(n.value);
    if (prefix) return { keyName: n.keyName, prefix };
  }
  return undefined;
}

function weakAwsSecretName(info: KeyNameInfo): boolean {
  const w = info.words.filter((x) => !['value', 'prod', 'dev', 'key', 'string'].includes(x));
  return info.category === 'secret' && (w.length === 0 || (w.length === 1 && (w[0] === 'secret' || w[0] === 'secretkey')));
}

function pushSecret(out: RawHit[], start: number, end: number, token: string, confidence: RawHit['confidence'], detail: string): void {
  const example = isExampleText(token);
  out.push({
    kind: 'aws-secret-access-key',
    title: 'AWS secret access key',
    confidence,
    severity: example ? 'info' : 'error',
    start,
    end,
    isExample: example || undefined,
    detail: example ? 'documented example value' : detail,
    priority: 4,
  });
}

/** `idInValue`: an access key id was already found in `value` by the prefix scanner. */
export function scanAwsContextual(value: string, ctx: SecretContext, info: KeyNameInfo, out: RawHit[], idInValue = false): void {
  const [s, e] = trimmedRange(value);
  const whole = value.slice(s, e);
  const tokenName = info.words.includes('token') || info.words.some((w) => w.endsWith('token'));
  const needNeighbour = !!ctx.neighbours && ctx.neighbours.length > 0 && (whole.length === AWS_SECRET_LEN || (tokenName && whole.length >= 100));
  const neighbour = needNeighbour ? neighbourWithId(ctx, value) : undefined;

  // 1. The whole value is a 40-char secret key under an AWS-ish name or next to an access key id.
  if (whole.length === AWS_SECRET_LEN && isAwsSecretKeyShape(whole)) {
    if (info.aws === 'secret-access-key') pushSecret(out, s, e, whole, 'high', 'under an AWS secret key name');
    else if (neighbour && info.aws !== 'access-key-id') pushSecret(out, s, e, whole, 'high', `paired with the access key id in ${neighbour.keyName}`);
    else if (weakAwsSecretName(info)) pushSecret(out, s, e, whole, 'medium', '40-character base64 value under a secret key name');
  }

  // 2. Inside a larger value: an access key id plus a 40-char run, or an aws_secret_access_key assignment.
  if (value.length > AWS_SECRET_LEN && value.length <= 1 << 20) {
    const lower = asciiLower(value);
    const assigned = lower.includes('secret_access_key') || lower.includes('secretaccesskey') || lower.includes('aws_secret');
    if (assigned || idInValue) {
      let i = 0;
      while (i < value.length) {
        if (!isBase64(value.charCodeAt(i))) {
          i++;
          continue;
        }
        const j = runEnd(value, i, isBase64);
        if (out.length >= RAW_HIT_CAP) break;
        if (j - i === AWS_SECRET_LEN && !(i === s && j === e) && value.charCodeAt(j) !== 61) {
          const tok = value.slice(i, j);
          if (isAwsSecretKeyShape(tok)) pushSecret(out, i, j, tok, idInValue ? 'high' : 'medium', idInValue ? 'next to an access key id in the same value' : 'after an aws_secret_access_key assignment');
        }
        i = j;
      }
    }
  }

  // 3. Session tokens by name or next to an ASIA id.
  if (info.aws === 'session-token' || (tokenName && neighbour?.prefix === 'ASIA')) {
    let t = e;
    while (t > s && whole.length > 0 && value.charCodeAt(t - 1) === 61) t--;
    if (t - s >= 100 && every(value, isBase64, s, t) && !isPlaceholderBody(value.slice(s, s + 64))) {
      out.push({
        kind: 'aws-session-token',
        title: 'AWS session token',
        confidence: 'high',
        severity: 'warning',
        start: s,
        end: e,
        detail: info.aws === 'session-token' ? 'temporary credentials; still usable until they expire' : `paired with the temporary key id in ${neighbour?.keyName}`,
        priority: 4,
      });
    }
  }

  // 4. Twilio auth token.
  if (whole.length === 32 && every(whole, isLowerHex) && !isPlaceholderBody(whole)) {
    const authish = info.words.some((w) => w === 'auth' || w === 'token' || w === 'secret' || w.endsWith('token') || w.endsWith('secret'));
    const named = info.vendor === 'twilio' && (info.category === 'secret' || info.category === 'password');
    const paired = authish && (ctx.neighbours ?? []).some((n) => isTwilioAccountSid(n.value));
    if (named || paired) {
      out.push({
        kind: 'twilio',
        title: 'Twilio auth token',
        confidence: 'high',
        severity: 'error',
        start: s,
        end: e,
        detail: paired ? 'next to a Twilio account SID' : undefined,
        priority: 4,
      });
    }
  }
}
