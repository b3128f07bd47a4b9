/**
 * Key-name analysis: is `DB_PASSWORD` / `stripeSecretKey` / `x-api-key` a secret-named key, and
 * is `PASSWORD_MIN_LENGTH` / `TOKEN_TTL` / `SECRET_ARN` a false friend?
 *
 * Names are split into lower-case words at `_ - . / : space`, camelCase and digit boundaries
 * (`APIKey` → api key, `DBPassword` → db password, `OAuth2Token` → o auth 2 token). Compound
 * words are recognised by suffix (`dbpassword`, `clientsecret`, `accesstoken`, `apikey`).
 *
 * The decision looks at the *head* word: the last word after dropping neutral suffixes such as
 * `value`, `prod`, `b64`, `v2`. A name is secret-named when its head is a secret root
 * (`password`, `secret`, `token`, `credentials`, `auth`…) or `key` qualified by `api`, `secret`,
 * `private`, `signing`, `encryption`… A false-friend word anywhere (`min`, `ttl`, `url`, `arn`,
 * `path`, `param`, `file`, `enabled`, `policy`, `header`, `public`, `encrypted`, `hash`, `next`…)
 * or a head-only false friend (`id`, `name`, `type`, `env`…) cancels it.
 */
import { isDigit, isLower, isUpper } from './chars';

export type KeyCategory = 'password' | 'secret' | 'none';

export interface KeyNameInfo {
  /** Lower-case words of the name. */
  words: string[];
  category: KeyCategory;
  /** `strong` when the secret word is the head of the name; `weak` when it is earlier (`PASSWORD_ADMIN`). */
  strength?: 'strong' | 'weak';
  /** The false-friend word that cancelled a secret root, if any. */
  negatedBy?: string;
  /** AWS-specific names. `access-key-id` names are not secret (the value is checked by format). */
  aws?: 'access-key-id' | 'secret-access-key' | 'session-token';
  /** A vendor named in the key (`twilio`, `github`, `stripe`, …). */
  vendor?: string;
}

/** Splits an identifier into lower-case words. Linear. */
export function splitIdentifierWords(name: string): string[] {
  const words: string[] = [];
  let cur = '';
  const flush = () => {
    if (cur) words.push(cur.toLowerCase());
    cur = '';
  };
  const s = name.length > 256 ? name.slice(0, 256) : name;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const prev = i > 0 ? s.charCodeAt(i - 1) : 0;
    const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
    if (!(isUpper(c) || isLower(c) || isDigit(c) || c > 127)) {
      flush();
      continue;
    }
    if (cur) {
      if (isUpper(c) && (isLower(prev) || isDigit(prev))) flush(); // fooBar, v2Key
      else if (isUpper(c) && isUpper(prev) && isLower(next)) flush(); // APIKey → API | Key
      else if (isDigit(c) && !isDigit(prev)) flush(); // oauth2 → oauth | 2
      else if (!isDigit(c) && isDigit(prev)) flush();
    }
    cur += s[i];
  }
  flush();
  return words;
}

const PASSWORD_ROOTS_EXACT = new Set(['password', 'passwords', 'passwd', 'passphrase', 'pwd', 'pass', 'pw', 'passwort', 'contrasena', 'contraseña', 'senha', 'motdepasse', 'passcode']);
const PASSWORD_SUFFIXES = ['password', 'passwd', 'passphrase', 'passcode'];

const SECRET_ROOTS_EXACT = new Set(['secret', 'secrets', 'token', 'tokens', 'credential', 'credentials', 'creds', 'cred', 'auth', 'authorization', 'bearer', 'apikey', 'apikeys', 'privkey', 'sas', 'hmac', 'dsn']);
const SECRET_SUFFIXES = ['secret', 'token', 'apikey', 'secretkey', 'privatekey', 'accesskey', 'signingkey', 'authkey', 'masterkey', 'encryptionkey', 'credentials', 'credential'];

/** Words that make a following/preceding `key` a secret key. */
const KEY_QUALIFIERS = new Set(['api', 'secret', 'private', 'priv', 'access', 'signing', 'sign', 'encryption', 'encrypt', 'decryption', 'decrypt', 'master', 'client', 'auth', 'hmac', 'app', 'license', 'licence', 'service', 'account', 'shared', 'session', 'jwt', 'aes', 'crypto', 'cipher', 'webhook', 'admin', 'root', 'ssh', 'gpg', 'pgp', 'rsa', 'deploy', 'write', 'x', 'subscription', 'storage', 'ingest', 'integration', 'server', 'management', 'mgmt', 'sendgrid', 'stripe', 'google', 'maps', 'firebase', 'mailgun', 'openai', 'anthropic', 'datadog', 'dd', 'newrelic', 'algolia', 'twilio', 'github', 'slack', 'npm', 'aws']);

/** A false friend anywhere in the name cancels the secret root. */
const NEGATE_ANYWHERE = new Set([
  'min', 'max', 'minimum', 'maximum', 'length', 'len', 'ttl', 'expiry', 'expires', 'expire', 'expiration', 'exp', 'timeout',
  'lifetime', 'age', 'duration', 'interval', 'seconds', 'secs', 'ms', 'millis', 'minutes', 'mins', 'hours', 'days',
  'rotation', 'rotate', 'policy', 'policies', 'regex', 'regexp', 'pattern', 'validation', 'validator', 'complexity',
  'strength', 'encrypted', 'enc', 'ciphertext', 'kms', 'hash', 'hashed', 'public', 'pub', 'publishable', 'next', 'page',
  'pagination', 'continuation', 'cancellation', 'idempotency', 'csrf', 'xsrf', 'ssm', 'param', 'params', 'parameter',
  'parameters', 'arn', 'arns', 'path', 'paths', 'file', 'filename', 'files', 'filepath', 'dir', 'directory', 'folder', 'url', 'urls', 'uri', 'uris',
  'endpoint', 'endpoints', 'header', 'headers', 'enabled', 'disabled', 'enable', 'disable', 'required', 'require',
  'reset', 'format', 'algorithm', 'algorithms', 'alg', 'size', 'count', 'limit', 'limits', 'issuer', 'audience',
  'placeholder', 'template', 'generate', 'generator', 'manager', 'label', 'description', 'desc', 'hint', 'help',
  'prompt', 'field', 'fields', 'column', 'attribute', 'attr', 'name', 'names', 'type', 'types', 'kind', 'version',
  'versions', 'status', 'state', 'error', 'errors', 'message', 'msg', 'location', 'region', 'bucket', 'table',
  'queue', 'topic', 'host', 'hostname', 'port', 'domain', 'mode', 'method', 'scheme', 'strategy', 'flow', 'level',
  'scope', 'scopes', 'role', 'roles', 'group', 'realm', 'callback', 'redirect', 'cache', 'usage', 'used', 'budget',
  'cost', 'number', 'num', 'index', 'timestamp', 'date', 'time', 'created', 'updated', 'changed', 'prefix', 'suffix',
  'source', 'lookup', 'rule', 'rules', 'provider', 'providers', 'schema', 'doc', 'docs', 'comment', 'sid', 'sids', 'arg', 'args',
  'retries', 'retry', 'attempts', 'lockout', 'reminder', 'display', 'mask', 'masked', 'input', 'form', 'selector',
  'class', 'style', 'err', 'invalid', 'wrong', 'incorrect', 'missing', 'forgot', 'forgotten', 'mismatch', 'weak', 'title', 'i18n', 'tokenizer', 'tokenize', 'keyword', 'keywords', 'author', 'authors', 'authorizer', 'counter',
  // Enum-valued settings whose names hold a secret word: `passThrough: WHEN_NO_TEMPLATES`
  // (Serverless `request.passThrough`, API Gateway `PassThroughBehavior`), `KeySpec` /
  // `CustomerMasterKeySpec: ECC_NIST_P256` (KMS), `SigningKeySpec`, `PasswordReusePrevention`.
  'through', 'thru', 'passthrough', 'behavior', 'behaviour', 'spec', 'specs', 'specification', 'prevention', 'reuse',
]);

/** A false friend cancels only when it is the head word (`SECRET_ID`, but `ID_TOKEN` is a token). */
const NEGATE_HEAD = new Set(['id', 'ids', 'env', 'var', 'vars', 'variable', 'variables', 'store', 'ref', 'reference', 'service', 'arn', 'client', 'user', 'username', 'owner', 'account', 'key']);

/**
 * A false friend right before the head (`ClientRequestToken`, `SyncToken`, `CursorToken`, and the
 * AWS idempotency parameter `ClientToken`).
 */
const NEGATE_BEFORE_HEAD = new Set(['request', 'sync', 'cursor', 'cancel', 'continue', 'resume', 'delegation']);
/** Only before `token`: `ClientToken` is an idempotency token, but `ClientSecret` is a secret. */
const NEGATE_BEFORE_TOKEN = new Set(['client', 'idempotency']);

/** Neutral words dropped from the end before finding the head (`DB_PASSWORD_PROD`, `apiKeyValue`). */
const NEUTRAL_SUFFIX = new Set([
  'value', 'val', 'string', 'str', 'plain', 'plaintext', 'raw', 'b64', 'base64', 'hex', 'pem', 'data', 'content',
  'contents', 'text', 'prod', 'production', 'dev', 'development', 'stage', 'staging', 'qa', 'uat', 'test', 'live', 'local',
  'default', 'primary', 'secondary', 'backup', 'current', 'old', 'new', 'v', 'override', 'literal', 'json', 'base', 'main',
]);

const VENDORS = ['twilio', 'github', 'gitlab', 'slack', 'stripe', 'sendgrid', 'google', 'npm', 'pypi', 'openai', 'anthropic', 'aws', 'jwt', 'datadog'];

function isPasswordRoot(w: string): boolean {
  if (PASSWORD_ROOTS_EXACT.has(w)) return true;
  for (const s of PASSWORD_SUFFIXES) if (w.endsWith(s) && w.length > s.length) return true;
  return false;
}

function isSecretRoot(w: string): boolean {
  if (SECRET_ROOTS_EXACT.has(w)) return true;
  for (const s of SECRET_SUFFIXES) if (w.endsWith(s) && w.length > s.length) return true;
  return false;
}

function isNeutral(w: string): boolean {
  return NEUTRAL_SUFFIX.has(w) || /^\d+$/.test(w) || /^v\d+$/.test(w);
}

/** Analyses a key name. Cheap; call per key. */
export function analyzeKeyName(name: string | undefined): KeyNameInfo {
  if (!name) return { words: [], category: 'none' };
  const words = splitIdentifierWords(name);
  const info: KeyNameInfo = { words, category: 'none' };
  if (words.length === 0) return info;
  const has = (w: string) => words.includes(w);
  const joined = words.join('');

  for (const v of VENDORS) if (words.includes(v) || joined.startsWith(v)) { info.vendor = v; break; }

  // AWS specific names.
  if ((has('access') && has('key') && has('id')) || joined.includes('accesskeyid')) info.aws = 'access-key-id';
  else if ((has('secret') && has('access')) || joined.includes('secretaccesskey') || (has('aws') && (has('secret') || joined.includes('secretkey')))) info.aws = 'secret-access-key';
  else if ((has('session') || has('security')) && (has('token') || joined.endsWith('sessiontoken'))) info.aws = 'session-token';
  else if (joined.includes('sessiontoken') || joined.includes('securitytoken')) info.aws = 'session-token';

  // Head word after neutral suffixes.
  let headIdx = words.length - 1;
  while (headIdx > 0 && isNeutral(words[headIdx])) headIdx--;
  const head = words[headIdx];

  for (const w of words) {
    if (NEGATE_ANYWHERE.has(w)) {
      info.negatedBy = w;
      break;
    }
  }
  if (!info.negatedBy && headIdx > 0 && NEGATE_BEFORE_HEAD.has(words[headIdx - 1])) info.negatedBy = words[headIdx - 1];
  if (!info.negatedBy && headIdx > 0 && words[headIdx] === 'token' && NEGATE_BEFORE_TOKEN.has(words[headIdx - 1])) info.negatedBy = words[headIdx - 1];
  if (!info.negatedBy && NEGATE_HEAD.has(head) && !(head === 'key' && headIdx > 0 && KEY_QUALIFIERS.has(words[headIdx - 1]))) {
    info.negatedBy = head;
  }
  if (info.negatedBy) {
    if (info.aws !== 'access-key-id') delete info.aws;
    return info;
  }
  if (info.aws === 'access-key-id') return info;

  const headCategory = categoryOfWord(words, headIdx);
  if (headCategory !== 'none') {
    info.category = headCategory;
    info.strength = 'strong';
    return info;
  }
  // A secret root earlier in the name, head not a false friend: PASSWORD_ADMIN, TOKEN_GITHUB.
  for (let i = headIdx - 1; i >= 0; i--) {
    const c = categoryOfWord(words, i);
    if (c !== 'none') {
      info.category = c;
      info.strength = 'weak';
      return info;
    }
  }
  if (info.aws === 'secret-access-key' || info.aws === 'session-token') {
    info.category = 'secret';
    info.strength = 'strong';
  }
  return info;
}

function categoryOfWord(words: string[], i: number): KeyCategory {
  const w = words[i];
  if (isPasswordRoot(w)) return 'password';
  if (isSecretRoot(w)) return 'secret';
  if (w === 'key' || w === 'keys') {
    for (let j = i - 1; j >= 0 && j >= i - 3; j--) if (KEY_QUALIFIERS.has(words[j])) return 'secret';
    return 'none';
  }
  return 'none';
}
