/**
 * Serverless Guard — string-level secret detection core.
 *
 * Pure functions over strings: no YAML, no AST, no LSP, no I/O. File-level rules (serverless.yml,
 * SAM/CloudFormation, JS/TS/Python handlers) find the (key, value) pairs and call in here.
 *
 * ## API
 *
 * `classifyValue(value, ctx): SecretHit[]`
 *   Classifies one value. `ctx = { keyName?, location, neighbours?, now? }`:
 *   - `keyName` — the key the value is assigned to (env var, property, parameter id, variable,
 *     object key, keyword argument). Drives the name-based rules and AWS/Twilio pairing.
 *   - `location` — `'env' | 'parameter' | 'property' | 'custom' | 'code' | 'other'`. Effects:
 *     Google API keys are errors in `env`/`code` (backend) and warnings elsewhere; name-only
 *     (`generic-*`) hits in `other` are one severity lower. Down-ranking test/sample files is the
 *     caller's job (it knows the path).
 *   - `neighbours` — sibling `{keyName, value}` entries (same environment block / object / nearby
 *     lines). A 40-char base64 value next to an `AKIA…` id is an AWS secret key; a 100+ char base64
 *     value under a token name next to an `ASIA…` id is a session token; 32 hex next to a Twilio
 *     `AC…` SID under an auth/token name is a Twilio auth token.
 *   - `now` — epoch ms for JWT expiry (default `Date.now()`).
 *   Returns non-overlapping hits sorted by `start`; `value.slice(start, end)` is the secret.
 *   Every hit has `kind`, `title` (no secret inside), `confidence`, `severity` (suggestion),
 *   `masked` (= `maskSecret` of the secret), optional `isExample` (then severity is `info`) and
 *   `detail`. Format-based findings win over name-based ones for the same span.
 *
 * What is found (kinds):
 *   - fixed formats, anywhere in the value: `aws-access-key-id` (AKIA/ASIA/ABIA/ACCA/A3T + 16;
 *     ASIA = temporary → warning; AIDA/AROA/AGPA/ANPA/… unique ids are NOT secrets and are not
 *     reported), `aws-session-token` (IQoJb3JpZ2lu…/FwoGZXIvYXdz… prefixes), `github-token`
 *     (ghp_/gho_/ghu_/ghs_/ghr_ with offline CRC32 checksum → confidence high when valid,
 *     medium otherwise; github_pat_), `gitlab-token` (glpat-), `slack-token` (xoxb/xoxp/xoxa/xoxr/
 *     xoxs/xoxo/xoxe/xapp), `slack-webhook` (hooks.slack.com/services|workflows|triggers),
 *     `stripe-key` (sk_/rk_ live → error, test → warning; whsec_; pk_ publishable keys are public),
 *     `twilio` (SK + 32 hex API key SID → warning), `sendgrid` (SG.22.43), `google-api-key`
 *     (AIza + 35), `npm-token` (npm_ + 36, checksum), `pypi-token`, `openai-key`
 *     (sk-proj-/sk-svcacct-/T3BlbkFJ), `anthropic-key` (sk-ant-api…), `private-key` (PEM RSA/EC/
 *     DSA/OPENSSH/PKCS#8/ENCRYPTED/PGP, SSH2, PuTTY, base64-encoded PEM; encrypted → warning;
 *     public keys/certificates/truncated examples ignored), `jwt` (header decodes to JSON with
 *     `alg`; expired → info; jwt.io sample → example), `url-credentials` / `connection-string`
 *     (`scheme://user:pass@host`, secret-named query parameters, `Password=…;` ADO/ODBC strings,
 *     Azure `AccountKey=…`; not when the password is `${…}`/placeholder/default/`user==pass`;
 *     localhost → warning).
 *   - context-dependent: `aws-secret-access-key` (40 base64 chars, entropy ≥ 4.25, only under an
 *     AWS-secret/`secret` name or next to an access key id), `aws-session-token` by name,
 *     `twilio` auth token (32 hex by name/pairing).
 *   - name-driven: `generic-password` (password-named key; no entropy threshold, so `Corp123!`
 *     is found) and `generic-secret` (token/secret/api-key/auth/credentials names; needs a
 *     credential-shaped value; entropy and character variety grade the confidence). JSON object
 *     values (e.g. `SecretString`) are searched one level deep by member name.
 *
 * `analyzeKeyName(name)` — word-splits a key (`stripeSecretKey` → stripe secret key) and says
 *   whether it is password-named, secret-named or neither, with false friends (`PASSWORD_MIN_LENGTH`,
 *   `TOKEN_TTL`, `SECRET_NAME`, `SECRET_ARN`, `TOKEN_URL`, `API_KEY_HEADER`, `PASSWORD_POLICY`,
 *   `*_PATH`, `*_PARAM`, `*_ID`, `*_ENABLED`, `*_FILE`, `PUBLIC_KEY`, `ENCRYPTED_*`…) cancelled.
 * `isPlaceholder(value)` — changeme, xxxx…, `<your-key>`, REPLACE_ME, example, dummy, test, TODO,
 *   empty, `***`, `your_api_key_here`, all-same-char, sequential (`123456`, `abcdef`), masked…
 * `isNonLiteral(value)` — `${…}` (whole or embedded), `{{resolve:…}}`, templating, intrinsic tags,
 *   `$VAR`/`%VAR%`, ARNs, numbers, booleans, URLs without credentials, `process.env.X`-like
 *   references, SSM parameter names / file paths.
 * `maskSecret(value)` — `AKIA…(20 chars)`: ≤ 4 leading chars (≤ a quarter of the value), last 2
 *   only for 32+ chars, and the length. Use it in every message (editor, CLI, SARIF).
 * `entropy(str)` — Shannon entropy in bits/char (supporting signal only).
 *
 * ## Performance / safety
 * No regular expression touches unbounded input: scanners use `indexOf` for fixed prefixes and
 * character-class loops, resume after each scanned run (linear time), and decode/parse only
 * bounded slices (JWT header ≤ 2 KB, payload ≤ 32 KB; generic values ≤ 2 KB; JSON ≤ 16 KB).
 * At most `MAX_HITS_PER_VALUE` hits are returned per value.
 */
export type {
  SecretPurpose,
  Confidence,
  SecretContext,
  SecretHit,
  SecretKind,
  SecretLocation,
  SecretNeighbour,
  Severity,
} from './types';
export { SECRET_KINDS } from './types';
export { classifyValue, isNonLiteral, MAX_HITS_PER_VALUE } from './classify';
export { analyzeKeyName, splitIdentifierWords, type KeyCategory, type KeyNameInfo } from './keyname';
export { isPlaceholder, isDefaultCredential, isExampleText } from './placeholder';
export { maskSecret, type MaskOptions } from './mask';
export { entropy, isSequential } from './entropy';
export { tokenChecksumValid, isAwsAccessKeyId, isTwilioAccountSid } from './vendors';
export { isAwsSecretKeyShape } from './aws';
export { judgePasswordValue, judgeSecretValue } from './generic';
