/**
 * Generic (name-driven) detection: a literal value under a secret-named key.
 *
 * - Password-named keys (`password`, `passwd`, `pwd`, `passphrase`…): any literal that is not a
 *   placeholder, reference or default word is reported, *without* an entropy threshold, because
 *   human passwords (`Corp123!`, entropy ≈ 3) defeat entropy filters.
 * - Other secret-named keys (`token`, `secret`, `api_key`, `client_secret`, `auth`…): the value must
 *   look like a credential (8+ chars, no spaces, not an identifier or word); entropy and character
 *   variety only grade the confidence.
 * - JSON object values (Secrets Manager `SecretString`, env blobs) are searched one level deep for
 *   secret-named members.
 */
import { asciiLower, classVariety, every, isAlpha, isHex, isSpace, isUpper, isDigit } from './chars';
import { entropy } from './entropy';
import type { RawHit } from './hit';
import { analyzeKeyName, splitIdentifierWords, type KeyNameInfo } from './keyname';
import { SINK_REAL_WORDS, WEAK_REAL_WORDS, isDefaultCredential, isNonLiteral, isPlaceholder, urlSchemeLength } from './placeholder';
import { publicValueShape } from './public-values';
import type { Confidence, SecretContext, SecretPurpose, Severity } from './types';

const MAX_GENERIC_LEN = 2048;
const DOCUMENTED_NAME_WORDS = new Set(['default', 'defaults', 'example', 'sample', 'dummy', 'fake', 'mock', 'test', 'demo']);
const STRONG_PASSWORD_WORDS = new Set(['password', 'passwords', 'passwd', 'passphrase', 'pwd', 'passcode']);

/**
 * Names that say their value is a signing key (issue 13): the last word of the name and a word
 * before it. A literal under such a name is key material even when it reads like words
 * (`JWT_SECRET = 'mysecret'`, `sessionSecret: 'orders-app'`), so it is judged like a literal used
 * as a signing key (judgeSinkValue) when the token/secret test finds it too name-like. Names of
 * keys (`JWT_SECRET_NAME`, `…_ARN`) never get here: analyzeKeyName negates them.
 */
const SIGNING_KEY_NAMES: readonly { head: string; qualifiers: readonly string[]; note: string }[] = [
  { head: 'secret', qualifiers: ['jwt', 'session', 'cookie', 'hmac', 'signing', 'nextauth', 'auth'], note: 'JWT_SECRET (jsonwebtoken / PyJWT key), SESSION_SECRET / COOKIE_SECRET (express-session, cookie-parser), NEXTAUTH_SECRET / AUTH_SECRET (Auth.js signing secret)' },
  { head: 'key', qualifiers: ['jwt', 'hmac', 'signing'], note: 'JWT_KEY, HMAC_KEY, SIGNING_KEY / jwtSigningKey; not SESSION_KEY or CACHE_KEY, which name storage keys' },
];

/** Whether a (strong, secret-category) key name says its value is a signing key. */
export function isSigningKeyName(info: KeyNameInfo): boolean {
  if (info.category !== 'secret' || info.strength !== 'strong' || info.words.length < 2) return false;
  const head = info.words[info.words.length - 1];
  const before = info.words.slice(0, -1);
  return SIGNING_KEY_NAMES.some((r) => r.head === head && before.some((w) => r.qualifiers.includes(w)));
}

export interface ValueVerdict {
  confidence: Confidence;
  /** Offsets of the secret inside the judged string (after trimming / `Bearer ` removal). */
  start: number;
  end: number;
  detail?: string;
}

function trimRange(v: string): [number, number] {
  let s = 0;
  let e = v.length;
  while (s < e && isSpace(v.charCodeAt(s))) s++;
  while (e > s && isSpace(v.charCodeAt(e - 1))) e--;
  if (e - s >= 2) {
    const a = v.charCodeAt(s);
    if ((a === 34 || a === 39 || a === 96) && v.charCodeAt(e - 1) === a) {
      s++;
      e--;
    }
  }
  return [s, e];
}

function commonReject(t: string, realWords?: ReadonlySet<string>): boolean {
  if (t.length === 0 || t.length > MAX_GENERIC_LEN) return true;
  if (isPlaceholder(t, realWords) || isNonLiteral(t) || isEnumConstant(t)) return true;
  if (urlSchemeLength(t) > 0) return true; // URLs are judged by the URL scanner
  if (t.includes('-----BEGIN')) return true; // PEM scanner decides
  return false;
}

/**
 * Values that name a secret instead of being one: `DB_PASSWORD`, `prod.db.password`,
 * `stripe/secret_key`, `api_key` (letters and separators only, with a secret word inside).
 */
export function looksLikeSecretName(t: string): boolean {
  if (t.length < 3 || t.length > 128) return false;
  const upperSnake = t.includes('_') && every(t, (c) => isUpper(c) || isDigit(c) || c === 95) && !every(t, (c) => isDigit(c) || c === 95);
  const separated = (t.includes('_') || t.includes('.') || t.includes('/') || t.includes(':') || t.includes('-')) && every(t, (c) => isAlpha(c) || c === 95 || c === 46 || c === 47 || c === 58 || c === 45);
  if (upperSnake || separated) return splitIdentifierWords(t).some((w) => SECRET_NAME_WORDS.has(w));
  // One upper-case word that spells a secret word: `DOCPASSWORD`, `DBPASSWORD`, `MYSECRET` (a
  // variable's name written as its fallback, `password || 'DOCPASSWORD'`).
  if (every(t, isUpper)) {
    for (const w of SECRET_NAME_INFIXES) if (t.includes(w)) return true;
  }
  return false;
}

const SECRET_NAME_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'secret', 'secrets', 'token', 'tokens', 'key', 'keys', 'apikey', 'credentials', 'credential', 'creds', 'auth']);
const SECRET_NAME_INFIXES = ['PASSWORD', 'PASSWD', 'SECRET', 'TOKEN', 'APIKEY', 'CREDENTIAL'];

/**
 * An enum constant rather than a secret: upper-case words joined by `_` (at least two of them of
 * two or more letters), optionally with short alphanumeric parts — `WHEN_NO_TEMPLATES`,
 * `ECC_NIST_P256`, `SYMMETRIC_DEFAULT`, `COGNITO_USER_POOLS`. No entropy to speak of; `ADMIN_2024`
 * (one word and a number) is not one.
 */
export function isEnumConstant(t: string): boolean {
  if (t.length < 4 || t.length > 64 || !t.includes('_')) return false;
  if (!every(t, (c) => isUpper(c) || isDigit(c) || c === 95)) return false;
  let words = 0;
  for (const seg of t.split('_')) {
    if (seg.length === 0) return false;
    if (every(seg, isUpper)) {
      if (seg.length >= 2) words++;
    } else if (seg.length > 6) return false;
  }
  return words >= 2;
}

/**
 * Judges a literal under a password-named key. In code (`inCode`), weak words such as `changeme!`
 * or `admin` are real passwords (the code uses them), except the key's own name words.
 */
export function judgePasswordValue(value: string, info?: KeyNameInfo, inCode = false): ValueVerdict | null {
  const [s, e] = trimRange(value);
  const t = value.slice(s, e);
  // `DEFAULT_PASSWORD = 'guest'` (a library's default), `EXAMPLE_PASSWORD`: documented, not used.
  const documented = !!info && info.words.some((w) => DOCUMENTED_NAME_WORDS.has(w));
  const realWords = inCode && !documented ? WEAK_REAL_WORDS : undefined;
  if (commonReject(t, realWords)) return null;
  if (t.length < 4 || t.length > 256) return null;
  if (isDefaultCredential(t) && !(realWords && realWords.has(asciiLower(t).replace(/[^a-z0-9]/g, '')))) return null;
  if (looksLikeSecretName(t)) return null;
  let words = 1;
  for (let i = 0; i < t.length; i++) if (isSpace(t.charCodeAt(i))) words++;
  // Values with spaces are messages/labels ("Invalid password"), except under passphrase names.
  const passphraseName = !!info && info.words.some((w) => w.endsWith('passphrase'));
  if (words > 1 && (!passphraseName || words > 6)) return null;
  const strong = !info || (info.strength === 'strong' && info.words.some((w) => STRONG_PASSWORD_WORDS.has(w) || [...STRONG_PASSWORD_WORDS].some((p) => w.endsWith(p))));
  return { confidence: strong ? 'high' : 'medium', start: s, end: e };
}

/**
 * Judges a literal the code or config *uses* as a password or signing key (a sink of
 * secret-scan/sinks.ts): no entropy, name or default-word test — only structural placeholders
 * (`<your-key>`, `xxxx`, `REPLACE_ME`), references and enum constants are let through. Signing keys may be a few words (express-session's `'keyboard cat'`).
 */
export function judgeSinkValue(value: string, purpose: SecretPurpose): ValueVerdict | null {
  const [s, e] = trimRange(value);
  const t = value.slice(s, e);
  if (commonReject(t, SINK_REAL_WORDS)) return null;
  if (t.length < 3 || t.length > 256) return null;
  // Names of secrets (`SECRET_KEY = 'AWS_SECRET_ACCESS_KEY'` in botocore, `aws_secret_access_key`)
  // are names even here; a hyphenated phrase (`orders-site-key`) is a key people really use.
  if (looksLikeSecretName(t) && !every(t, (c) => isAlpha(c) || c === 45)) return null;
  // A camelCase name with a secret word (`SECRET_KEY = 'AWSSecretKey'`, a config key's name).
  if (every(t, isAlpha)) {
    const words = splitIdentifierWords(t);
    if (words.length >= 2 && words.some((w) => SECRET_NAME_WORDS.has(w))) return null;
  }
  let words = 1;
  for (let i = 0; i < t.length; i++) if (isSpace(t.charCodeAt(i))) words++;
  if (words > (purpose === 'signing-key' ? 4 : 2)) return null;
  return { confidence: 'high', start: s, end: e, detail: purpose === 'signing-key' ? 'literal used as a signing key' : 'literal used as a password' };
}

const AUTH_SCHEMES = ['bearer ', 'basic ', 'token ', 'bearer: ', 'apikey ', 'api-key ', 'digest ', 'sso-key '];

function isUuid(t: string): boolean {
  if (t.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = t.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!isHex(c)) return false;
  }
  return true;
}

/** Judges a literal under a token / secret / API-key named key. */
export function judgeSecretValue(value: string): ValueVerdict | null {
  let [s, e] = trimRange(value);
  const lower = asciiLower(value.slice(s, Math.min(e, s + 16)));
  for (const scheme of AUTH_SCHEMES) {
    if (lower.startsWith(scheme)) {
      s += scheme.length;
      while (s < e && isSpace(value.charCodeAt(s))) s++;
      break;
    }
  }
  const t = value.slice(s, e);
  if (commonReject(t)) return null;
  if (t.length < 8) return null;
  // `@rematch`, `@json_object`, `#primary`: a sigil and a word (tokenizer states, selectors).
  if ((t[0] === '@' || t[0] === '#') && t.length <= 40 && every(t.slice(1), (c) => isAlpha(c) || c === 95 || c === 46 || c === 45)) return null;
  for (let i = 0; i < t.length; i++) if (isSpace(t.charCodeAt(i))) return null;
  if (looksLikeSecretName(t)) return null;
  // Words / identifiers without digits: `COGNITO_USER_POOLS`, `same-origin`, `include`.
  const lettersAndSeparators = every(t, (c) => isAlpha(c) || c === 95 || c === 45 || c === 46 || c === 58 || c === 47);
  const h = entropy(t);
  if (isSlugOrIdentifier(t)) return null;
  if (lettersAndSeparators) {
    const hasSep = !every(t, isAlpha);
    if (hasSep || t.length < 16 || h < 3.5) return null;
  }
  if (isUuid(t)) return { confidence: 'low', start: s, end: e, detail: 'UUID-shaped value' };
  const variety = classVariety(t);
  const hexLike = every(t, isHex);
  let confidence: Confidence;
  if (t.length >= 16 && h >= 3.5 && (variety >= 2 || hexLike)) confidence = 'high';
  else if (t.length >= 10 && (h >= 3.0 || variety >= 3)) confidence = 'medium';
  else confidence = 'low';
  return { confidence, start: s, end: e };
}

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

function wordy(w: string): boolean {
  if (w.length < 2) return false;
  const l = w.toLowerCase();
  for (const ch of l) if (VOWELS.has(ch)) return true;
  return false;
}

/**
 * Names rather than secrets: slugs (`app-state-v2`, `orders_table.v1`) and camelCase identifiers
 * (`accessTokenStorageKey`): every segment is a pronounceable word, a short number or word+digit.
 */
export function isSlugOrIdentifier(t: string): boolean {
  if (t.length > 64) return false;
  const segs = t.split(/[-_.:/=&]/); // also form-encoded constants: grant_type=client_credentials
  if (segs.length > 1) {
    if (segs.some((x) => x.length === 0)) return false;
    return segs.every((x) => {
      if (every(x, isDigit)) return x.length <= 4;
      let k = x.length;
      while (k > 0 && isDigit(x.charCodeAt(k - 1))) k--;
      if (x.length - k > 2) return false;
      const letters = x.slice(0, k);
      if (!every(letters, isAlpha)) return false;
      if (k < x.length && letters.length <= 2) return letters.length > 0; // v2, s3, ec2
      return camelWords(letters).every(wordy);
    });
  }
  if (!every(t, isAlpha)) return false;
  const words = camelWords(t);
  return words.length >= 2 && words.length <= 6 && words.every(wordy);
}

function camelWords(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isUpper(c) && cur.length > 0 && !isUpper(s.charCodeAt(i - 1))) {
      out.push(cur);
      cur = '';
    }
    cur += s[i];
  }
  if (cur) out.push(cur);
  return out;
}

function severityFor(c: Confidence): Severity {
  return c === 'high' ? 'error' : c === 'medium' ? 'warning' : 'info';
}

function lower(sev: Severity): Severity {
  return sev === 'error' ? 'warning' : 'info';
}

function secretTitle(info: KeyNameInfo): string {
  const w = info.words;
  const j = w.join('');
  if (w.includes('token') || j.endsWith('token') || w.includes('bearer')) return 'Hardcoded token';
  if ((w.includes('api') && w.includes('key')) || j.includes('apikey')) return 'Hardcoded API key';
  if (w.includes('private') || j.includes('privatekey')) return 'Hardcoded private key material';
  if (w.includes('auth') || w.includes('authorization')) return 'Hardcoded credentials in auth value';
  if (w.includes('credentials') || w.includes('credential') || w.includes('creds')) return 'Hardcoded credentials';
  if (w.includes('key')) return 'Hardcoded secret key';
  return 'Hardcoded secret';
}

/**
 * Name-driven detection for one (key, value). `base` is added to the offsets (used for JSON members).
 */
export function scanGeneric(value: string, keyName: string | undefined, ctx: SecretContext, out: RawHit[], base = 0, depth = 0): void {
  if (depth === 0 && value.length <= 16384) scanJsonMembers(value, ctx, out);
  if (depth === 0 && ctx.purpose) {
    const v = judgeSinkValue(value, ctx.purpose);
    if (v) {
      const password = ctx.purpose === 'password';
      out.push({
        kind: password ? 'generic-password' : 'generic-secret',
        title: password ? 'Hardcoded password' : 'Hardcoded signing key',
        confidence: v.confidence,
        severity: 'error',
        start: base + v.start,
        end: base + v.end,
        detail: v.detail,
        priority: 6,
      });
      return;
    }
  }
  if (!keyName) return;
  const info = analyzeKeyName(keyName);
  if (info.category === 'none') return;
  // `token: "0x2237…a18e"`: a contract address is public whatever its key is called.
  if (publicValueShape(value, info.words)) return;
  const trimmed = value.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}') && depth === 0 && parsesAsObject(trimmed)) {
    // A JSON blob under a secret name: its members were judged above.
    return;
  }
  let verdict = info.category === 'password' ? judgePasswordValue(value, info, ctx.location === 'code' && depth === 0) : judgeSecretValue(value);
  let signing = false;
  if (!verdict && depth === 0 && isSigningKeyName(info)) {
    const v = judgeSinkValue(value, 'signing-key');
    if (v) verdict = { ...v, detail: `literal under the signing-key name "${keyName.length > 80 ? keyName.slice(0, 80) + '…' : keyName}"` };
    signing = !!v;
  }
  if (!verdict) return;
  let severity = severityFor(verdict.confidence);
  if (ctx.location === 'other') severity = lower(severity);
  out.push({
    kind: info.category === 'password' ? 'generic-password' : 'generic-secret',
    title: info.category === 'password' ? 'Hardcoded password' : signing ? 'Hardcoded signing key' : secretTitle(info),
    confidence: verdict.confidence,
    severity,
    start: base + verdict.start,
    end: base + verdict.end,
    detail: verdict.detail ?? `literal value under the secret-named key "${keyName.length > 80 ? keyName.slice(0, 80) + '…' : keyName}"`,
    priority: 6,
  });
}

function parsesAsObject(t: string): boolean {
  if (t.length > 16384) return false;
  try {
    const v = JSON.parse(t);
    return !!v && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}

/** `{"username":"app","password":"Qw3rty!9"}` → judge each string member by its key (2 levels deep). */
function scanJsonMembers(value: string, ctx: SecretContext, out: RawHit[]): void {
  const t = value.trim();
  if (!(t.startsWith('{') && t.endsWith('}'))) return;
  let obj: unknown;
  try {
    obj = JSON.parse(t);
  } catch {
    return;
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return;
  let budget = 200;
  let searchFrom = 0;
  const visit = (o: Record<string, unknown>, level: number) => {
    for (const [k, v] of Object.entries(o)) {
      if (--budget < 0) return;
      const keyLit = JSON.stringify(k);
      const kp = value.indexOf(keyLit, searchFrom);
      if (kp >= 0) searchFrom = kp + keyLit.length;
      if (typeof v === 'string') {
        const lit = JSON.stringify(v);
        const vp = value.indexOf(lit, searchFrom);
        if (vp < 0) continue;
        searchFrom = vp + lit.length;
        // Offsets are exact when the JSON text has no escapes inside the string.
        const inner = value.slice(vp + 1, vp + lit.length - 1);
        scanGeneric(inner, k, ctx, out, vp + 1, 1);
      } else if (v && typeof v === 'object' && !Array.isArray(v) && level < 2) {
        visit(v as Record<string, unknown>, level + 1);
      }
    }
  };
  visit(obj as Record<string, unknown>, 1);
}
