/**
 * Filters for values that are not secrets: placeholders (`changeme`, `<your-key>`, `xxxx`…) and
 * non-literals (`${ssm:…}`, `{{resolve:…}}`, ARNs, numbers, booleans, URLs without credentials,
 * `process.env.X`…). All checks are hand-written scans or bounded, anchored, linear regexes.
 */
import { asciiLower, isAlnum, isAlpha, isDigit, isSpace, isUpper, isWord, longestRepeat } from './chars';
import { isSequential } from './entropy';

/** Values longer than this are never considered placeholders (placeholders are short). */
const MAX_PLACEHOLDER_LEN = 256;

const PLACEHOLDER_WORDS = new Set([
  'changeme', 'changeit', 'changethis', 'replaceme', 'replacethis', 'todo', 'tbd', 'tba', 'fixme', 'none', 'null', 'nil',
  'undefined', 'na', 'nan', 'empty', 'blank', 'unset', 'notset', 'placeholder', 'example', 'examples', 'sample', 'dummy',
  'fake', 'mock', 'test', 'tests', 'testing', 'testpassword', 'testsecret', 'testkey', 'testtoken', 'password',
  'passwd', 'pass', 'pwd', 'secret', 'secrets', 'token', 'apikey', 'key', 'value', 'string', 'str', 'required',
  'optional', 'redacted', 'hidden', 'masked', 'removed', 'omitted', 'default', 'mysecret', 'mypassword', 'mytoken',
  'myapikey', 'mykey', 'mysecretkey', 'secretkey', 'secretvalue', 'supersecret', 'topsecret', 'xxx', 'foo', 'bar',
  'foobar', 'baz', 'qux', 'abc', 'abcd', 'hello', 'helloworld', 'secretpassword',
]);

const PLACEHOLDER_SUBSTRINGS = [
  'changeme', 'changeit', 'replaceme', 'replacewith', 'replacethis', 'insertyour', 'enteryour', 'putyour', 'pasteyour',
  'addyour', 'setyour', 'fillin', 'placeholder', 'redacted', 'example', 'dummy', 'notasecret', 'notreal', 'notarealkey',
  'sample', 'xxxxx', 'yourkeyhere', 'yoursecret', 'yourtoken', 'yourpassword', 'yourapikey',
];

/** Default / well-known credential words that are never taken as a real password (secretlint-style list). */
const DEFAULT_CREDENTIALS = new Set([
  'password', 'passwd', 'pass', 'pwd', 'secret', 'admin', 'administrator', 'root', 'user', 'username', 'guest', 'toor',
  'test', 'demo', 'changeme', 'changeit', 'default', 'postgres', 'mysql', 'redis', 'mongo', 'rabbitmq', 'sa', 'letmein',
  'token', 'apikey', 'key', 'none', 'null',
]);

function stripQuotes(v: string): string {
  const t = v.trim();
  if (t.length >= 2) {
    const a = t.charCodeAt(0);
    const b = t.charCodeAt(t.length - 1);
    if ((a === 34 || a === 39 || a === 96) && a === b) return t.slice(1, -1).trim();
  }
  return t;
}

/** Lower-case alphanumerics only (`Your_API-Key` → `yourapikey`). */
function normalize(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (isDigit(c) || (c >= 97 && c <= 122)) out += v[i];
    else if (isUpper(c)) out += String.fromCharCode(c + 32);
  }
  return out;
}

function isWrapped(v: string, open: string, close: string): boolean {
  return v.length >= open.length + close.length + 1 && v.startsWith(open) && v.endsWith(close);
}

/**
 * True for values that stand in for a secret rather than being one: empty, `changeme`,
 * `xxxxxxxx`, `<your-key>`, `[REDACTED]`, `{password}`, `REPLACE_ME`, `example`, `dummy`, `test`,
 * `TODO`, `***`, `your_api_key_here`, all-same-character and sequential (`123456`, `abcdef`)
 * values, masked values (`ab***yz`), truncated values (`sk-...`).
 */
export function isPlaceholder(value: string, realWords?: ReadonlySet<string>): boolean {
  if (typeof value !== 'string') return true;
  const v = stripQuotes(value);
  if (v.length === 0) return true;
  if (v.length > MAX_PLACEHOLDER_LEN) return false;
  if (longestRepeat(v) === v.length) return true;
  // Wrapped names: <your-key>, [REDACTED], {password}, %VAR%, __VAR__, @VAR@, ((var)).
  if (isWrapped(v, '<', '>') || isWrapped(v, '[', ']') || isWrapped(v, '%', '%') || isWrapped(v, '__', '__') || isWrapped(v, '@', '@') || isWrapped(v, '((', '))')) {
    return true;
  }
  if (isWrapped(v, '{', '}') && !v.includes(':') && !v.includes('"')) return true; // {password}, not JSON
  // Masked / truncated / mask-character-only values.
  if (v.includes('***') || v.includes('•••') || v.includes('...') || v.includes('…')) return true;
  let maskChars = 0;
  let other = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 120 || c === 88 || c === 42 || c === 35 || c === 0x2022) maskChars++; // x X * # •
    else if (c === 45 || c === 95 || c === 46 || c === 32 || c === 58 || c === 47) continue; // - _ . space : /
    else other++;
  }
  if (other === 0 && maskChars >= 3) return true; // xxxx-xxxx, ***-**
  if (longestRepeat(v) >= 6) return true; // aaaaaa…, 000000…
  const n = normalize(v);
  if (n.length === 0) return true; // only punctuation: '---', '???'
  // Words people really use as passwords and keys, when the value is known to be used as one.
  if (realWords?.has(n)) return false;
  if (PLACEHOLDER_WORDS.has(n)) return true;
  if (longestRepeat(n) === n.length && n.length >= 2) return true;
  if (isSequential(n)) return true;
  if (n.startsWith('your') || n.startsWith('todo') || n.startsWith('fixme') || n.startsWith('tbd')) return true;
  for (const s of PLACEHOLDER_SUBSTRINGS) if (n.includes(s)) return true;
  if (n.endsWith('here') && n.length <= 48 && /(key|token|secret|password|pass|value|apikey|id)here$/.test(n.slice(-20))) return true;
  if (n.endsWith('goeshere')) return true;
  return false;
}

/**
 * Weak words that are placeholders in documentation but real values in code that uses them
 * (`TMP_PW = "changeme!"`, `jwt.sign(p, 'topsecret')`, `password = 'admin'`): `isPlaceholder(v,
 * WEAK_REAL_WORDS)` keeps them. Name words (`password`, `secret`, `token`…) are not among them:
 * `PASSWORD = 'password'` in code is usually a field name.
 */
export const WEAK_REAL_WORDS: ReadonlySet<string> = new Set([
  'changeme', 'changeit', 'changethis', 'letmein', 'admin', 'administrator', 'root', 'toor', 'guest', 'postgres', 'mysql',
  'redis', 'mongo', 'rabbitmq', 'supersecret', 'topsecret', 'mysecret', 'mypassword', 'secretpassword', 'hello',
  'helloworld', 'secretkey', 'mysecretkey', 'mytoken', 'mykey', 'secretvalue', 'foobar', 'qwerty', 'abc123', 'welcome',
]);

/**
 * When a value is *used* as a password or signing key (an API argument that sets one, a credential
 * property a `${self:…}` chain leads to), even a name word is the real value:
 * `MasterUserPassword: password` means the database password is "password".
 */
export const SINK_REAL_WORDS: ReadonlySet<string> = new Set([...WEAK_REAL_WORDS, 'password', 'passwd', 'pass', 'pwd', 'secret', 'secrets', 'token', 'key', 'apikey', 'user', 'demo']);

/** A well-known default credential word (`admin`, `root`, `password`, `postgres`…). */
export function isDefaultCredential(value: string): boolean {
  return DEFAULT_CREDENTIALS.has(normalize(stripQuotes(value)));
}

const INTRINSIC_TAGS = ['!Ref', '!Sub', '!GetAtt', '!ImportValue', '!Join', '!Select', '!FindInMap', '!If', '!Base64', '!Split', '!GetAZs', '!Cidr', '!Transform', '!Equals', '!Not', '!And', '!Or', '!Condition', '!ToJsonString', '!Length'];

const ENV_REFERENCE_PREFIXES = ['process.env', 'os.environ', 'os.getenv', 'import.meta.env', 'deno.env', 'system.getenv', 'env[', 'env.', 'getenv(', 'config.get(', 'ssm:', 'secretsmanager:', 'resolve:', 'alias/', 'vault:', 'op://', 'sm://'];

/**
 * True for values that are references or obviously not secrets, whatever key they sit under:
 * - Serverless variables `${…}` (whole value or embedded), `${{ … }}`, `#{…}`, templating `{{ … }}`,
 *   CloudFormation dynamic references `{{resolve:…}}`, intrinsic tags (`!Ref X`) and `Fn::` forms;
 * - `$VAR`, `$(cmd)`, `%VAR%`;
 * - ARNs; plain numbers; booleans (`true`/`false`/`yes`/`no`/`on`/`off`);
 * - URLs without credentials (no `user:pass@`, no secret-named query parameter);
 * - code references such as `process.env.X`, `os.environ['X']`, `os.getenv("X")`;
 * - absolute paths / SSM parameter names (`/prod/db/password`), file paths ending in an extension
 *   (`certs/key.pem`), KMS aliases.
 *
 * `hasUrlCredentials` is injected by the URL scanner to avoid a module cycle.
 */
export function isNonLiteral(value: string, hasUrlCredentials?: (v: string) => boolean): boolean {
  if (typeof value !== 'string') return true;
  const v = stripQuotes(value);
  if (v.length === 0) return false;
  if (v.includes('${') || v.includes('#{') || v.includes('{{resolve:')) return true;
  const open = v.indexOf('{{');
  if (open >= 0 && v.indexOf('}}', open + 2) > open) return true;
  if (v.charCodeAt(0) === 33 /* ! */) {
    for (const t of INTRINSIC_TAGS) {
      if (v.startsWith(t) && (v.length === t.length || isSpace(v.charCodeAt(t.length)))) return true;
    }
  }
  if (v.startsWith('Fn::') || v.startsWith('{"Ref"') || v.startsWith('{"Fn::') || v.startsWith("{'Ref'") || v.startsWith("{'Fn::")) return true;
  if (v.length > 4096) return false;
  // $VAR, $(cmd), $env:VAR, %VAR%; API Gateway / VTL expressions ($context.authorizer.x, $request.header.x)
  if (v.charCodeAt(0) === 36 /* $ */) {
    if (v.startsWith('$(') && v.endsWith(')')) return true;
    for (const p of APIGW_EXPRESSION_ROOTS) if (v.startsWith(p)) return true;
    if (v.startsWith('$env:') || v.startsWith('$ENV:')) return true;
    let i = 1;
    if (i < v.length && (isAlpha(v.charCodeAt(i)) || v.charCodeAt(i) === 95)) {
      while (i < v.length && isWord(v.charCodeAt(i))) i++;
      if (i === v.length) return true;
    }
  }
  const lower = asciiLower(v);
  if (lower.startsWith('arn:')) return true;
  if (isNumberLike(v)) return true;
  if (BOOLEAN_WORDS.has(lower)) return true;
  for (const p of ENV_REFERENCE_PREFIXES) if (lower.startsWith(p)) return true;
  if (urlSchemeLength(v) > 0) return !!hasUrlCredentials && !hasUrlCredentials(v);
  if (looksLikePath(v)) return true;
  return false;
}

/** Roots of API Gateway selection expressions and mapping-template variables. */
const APIGW_EXPRESSION_ROOTS = ['$context.', '$request.', '$input.', '$stageVariables.', '$util.', '$method.', '$integration.', '$event.'];

const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', 'enabled', 'disabled']);

/** Integer / decimal / exponent numbers, with optional sign (length-bounded, hand-scanned). */
export function isNumberLike(v: string): boolean {
  if (v.length === 0 || v.length > 64) return false;
  let i = 0;
  if (v[i] === '+' || v[i] === '-') i++;
  let digits = 0;
  while (i < v.length && isDigit(v.charCodeAt(i))) { i++; digits++; }
  if (i < v.length && v[i] === '.') {
    i++;
    while (i < v.length && isDigit(v.charCodeAt(i))) { i++; digits++; }
  }
  if (digits === 0) return false;
  if (i < v.length && (v[i] === 'e' || v[i] === 'E')) {
    i++;
    if (v[i] === '+' || v[i] === '-') i++;
    const s = i;
    while (i < v.length && isDigit(v.charCodeAt(i))) i++;
    if (i === s) return false;
  }
  return i === v.length;
}

/** `scheme://` at the start of `v`: returns the index of `://` + 3, or 0. */
export function urlSchemeLength(v: string): number {
  const idx = v.indexOf('://');
  if (idx <= 0 || idx > 40) return 0;
  for (let i = 0; i < idx; i++) {
    const c = v.charCodeAt(i);
    if (!(isAlnum(c) || c === 43 || c === 45 || c === 46 || c === 58)) return 0; // + - . : (jdbc:mysql)
  }
  return isAlpha(v.charCodeAt(0)) ? idx + 3 : 0;
}

/** `/prod/db/password`, `./certs/key.pem`, `C:\\keys\\id_rsa`, `certs/signing.pem`, `~/.ssh/id_rsa`. */
export function looksLikePath(v: string): boolean {
  if (v.length < 2 || v.length > 1024 || v.includes('://')) return false;
  for (let i = 0; i < v.length; i++) if (isSpace(v.charCodeAt(i))) return false;
  const c0 = v[0];
  let segments = 0;
  for (let i = 0; i < v.length; i++) if (v[i] === '/' || v[i] === '\\') segments++;
  if ((c0 === '/' && segments >= 2) || v.startsWith('./') || v.startsWith('../') || v.startsWith('~/')) {
    return pathChars(v);
  }
  if (/^[A-Za-z]:\\/.test(v.slice(0, 3))) return pathChars(v);
  // relative path with a file extension: dir/name.ext
  if (segments >= 1) {
    const dot = v.lastIndexOf('.');
    const slash = Math.max(v.lastIndexOf('/'), v.lastIndexOf('\\'));
    if (dot > slash && v.length - dot - 1 >= 1 && v.length - dot - 1 <= 5) {
      for (let i = dot + 1; i < v.length; i++) if (!isAlnum(v.charCodeAt(i))) return false;
      return pathChars(v);
    }
  }
  return false;
}

function pathChars(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (!(isAlnum(c) || c === 47 || c === 92 || c === 46 || c === 95 || c === 45 || c === 126 || c === 58 || c === 64 || c === 43)) return false;
  }
  return true;
}

/**
 * Marks documented examples: `AKIAIOSFODNN7EXAMPLE`, `…EXAMPLEKEY`, values containing
 * `example` / `sample` / `dummy` (case-insensitive). Used by format scanners, which still report
 * such values but as `isExample` with severity info.
 */
export function isExampleText(s: string): boolean {
  const l = asciiLower(s.length > 4096 ? s.slice(0, 4096) : s);
  return l.includes('example') || l.includes('sample') || l.includes('dummy');
}

/**
 * Placeholder-shaped token body: same character repeated (≥ 6 in a row), `xxxx` runs, `<…>`,
 * `${…}`, or alphabet/digit sequences. Format scanners drop such candidates entirely.
 */
export function isPlaceholderBody(body: string): boolean {
  if (body.length === 0) return true;
  if (longestRepeat(body) >= 6) return true;
  const l = asciiLower(body);
  if (l.includes('xxxx') || l.includes('<') || l.includes('${') || l.includes('{{') || l.includes('your')) return true;
  if (isSequential(body)) return true;
  // e.g. 0123456789abcdef… or abcdefghij… prefixes of a sequence
  if (body.length >= 8 && isSequential(body.slice(0, 8))) return true;
  return false;
}
