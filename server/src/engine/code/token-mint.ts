/**
 * "This handler mints a credential without verifying one", found on the IR (one walker for
 * JavaScript/TypeScript and Python). A token or log-in route is public by design only when its
 * handler checks something the caller proves (a password, a refresh token, an OAuth code, a
 * signed assertion) before it hands out a credential; one that signs a JWT for whatever username
 * the body names, or vends STS credentials to anyone, is the vulnerability itself
 * (CWE-287 / CWE-306: OWASP ASVS V2 "authentication endpoints must verify the credential").
 *
 * Data: `MINT_CALLS` (calls that issue a credential) and `VERIFY_CALLS` (calls that check one),
 * each by the last segments of the callee, with a source; plus two IR signals of verification:
 * an equality comparison that involves a name like `password` / `otp` / `secret`, and the OAuth
 * `authorization_code` grant type as a string literal (a code exchange).
 */
import type { Ex, ModuleIR } from './ir';
import type { SNode } from './syntax';
import { chainOf, endsWith, visit } from './ir-names';

export interface CallPattern {
  /** Last segments of the callee chain (`['jwt', 'sign']` matches `jwt.sign(...)` and `this.jwt.sign(...)`). */
  readonly tail: readonly string[];
  /** A segment the chain must also contain (`SignJWT` in `new SignJWT(c).setProtectedHeader(h).sign(k)`). */
  readonly contains?: string;
  /** Only in this language (PyJWT's `jwt.decode` verifies, jsonwebtoken's does not). */
  readonly lang?: 'js' | 'py';
  readonly source: string;
}

const JSONWEBTOKEN = 'https://github.com/auth0/node-jsonwebtoken#jwtsignpayload-secretorprivatekey-options-callback';
const PYJWT = 'https://pyjwt.readthedocs.io/en/stable/api.html (jwt.encode issues, jwt.decode verifies the signature by default)';
const STS = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_Operations.html (AssumeRole, GetFederationToken, GetSessionToken return temporary credentials)';
const COGNITO_DEV = 'https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetOpenIdTokenForDeveloperIdentity.html (the backend vouches for the user)';

/** Calls that issue a credential: a signed token, temporary AWS credentials, a developer identity token. */
export const MINT_CALLS: readonly CallPattern[] = [
  { tail: ['jwt', 'sign'], source: JSONWEBTOKEN },
  { tail: ['jsonwebtoken', 'sign'], source: JSONWEBTOKEN },
  { tail: ['jwt', 'create'], source: 'https://github.com/jwtk/njwt#creating-jwts (njwt.create)' },
  { tail: ['njwt', 'create'], source: 'https://github.com/jwtk/njwt#creating-jwts' },
  { tail: ['sign'], contains: 'SignJWT', source: 'https://github.com/panva/jose/blob/main/docs/jwt/sign/classes/SignJWT.md' },
  { tail: ['jwt', 'encode'], source: PYJWT },
  { tail: ['create_access_token'], source: 'https://flask-jwt-extended.readthedocs.io/en/stable/api.html#flask_jwt_extended.create_access_token' },
  { tail: ['AssumeRoleCommand'], source: STS },
  { tail: ['assumeRole'], source: STS },
  { tail: ['assume_role'], source: STS },
  { tail: ['GetFederationTokenCommand'], source: STS },
  { tail: ['getFederationToken'], source: STS },
  { tail: ['get_federation_token'], source: STS },
  { tail: ['GetOpenIdTokenForDeveloperIdentityCommand'], source: COGNITO_DEV },
  { tail: ['getOpenIdTokenForDeveloperIdentity'], source: COGNITO_DEV },
  { tail: ['get_open_id_token_for_developer_identity'], source: COGNITO_DEV },
];

const COGNITO_AUTH = 'https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html (Cognito checks the password, SRP proof or refresh token)';
const PASSWORD_HASH = 'https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html (verify the password against its stored hash)';

/** Calls that check a credential the caller presents. */
export const VERIFY_CALLS: readonly CallPattern[] = [
  { tail: ['InitiateAuthCommand'], source: COGNITO_AUTH },
  { tail: ['AdminInitiateAuthCommand'], source: COGNITO_AUTH },
  { tail: ['initiateAuth'], source: COGNITO_AUTH },
  { tail: ['adminInitiateAuth'], source: COGNITO_AUTH },
  { tail: ['initiate_auth'], source: COGNITO_AUTH },
  { tail: ['admin_initiate_auth'], source: COGNITO_AUTH },
  { tail: ['RespondToAuthChallengeCommand'], source: COGNITO_AUTH },
  { tail: ['respondToAuthChallenge'], source: COGNITO_AUTH },
  { tail: ['respond_to_auth_challenge'], source: COGNITO_AUTH },
  { tail: ['AssumeRoleWithWebIdentityCommand'], source: STS },
  { tail: ['assumeRoleWithWebIdentity'], source: STS },
  { tail: ['assume_role_with_web_identity'], source: STS },
  { tail: ['compare'], contains: 'bcrypt', source: PASSWORD_HASH },
  { tail: ['compareSync'], source: PASSWORD_HASH },
  { tail: ['bcryptjs', 'compare'], source: PASSWORD_HASH },
  { tail: ['checkpw'], source: 'https://github.com/pyca/bcrypt#usage (bcrypt.checkpw)' },
  { tail: ['check_password_hash'], source: 'https://werkzeug.palletsprojects.com/en/stable/utils/#werkzeug.security.check_password_hash' },
  { tail: ['check_password'], source: PASSWORD_HASH },
  { tail: ['verify_password'], source: PASSWORD_HASH },
  { tail: ['verify'], source: 'a `.verify(...)` call: argon2 / passlib password hashes, jsonwebtoken and jose token signatures, crypto signatures — https://github.com/auth0/node-jsonwebtoken#jwtverifytoken-secretorpublickey-options-callback' },
  { tail: ['jwtVerify'], source: 'https://github.com/panva/jose/blob/main/docs/jwt/verify/functions/jwtVerify.md' },
  { tail: ['verifyIdToken'], source: 'https://cloud.google.com/nodejs/docs/reference/google-auth-library/latest/google-auth-library/oauth2client#_google_auth_library_OAuth2Client_verifyIdToken_member_1_' },
  { tail: ['verify_oauth2_token'], source: 'https://googleapis.dev/python/google-auth/latest/reference/google.oauth2.id_token.html' },
  { tail: ['jwt', 'decode'], lang: 'py', source: PYJWT },
  { tail: ['timingSafeEqual'], source: 'https://nodejs.org/api/crypto.html#cryptotimingsafeequala-b' },
  { tail: ['compare_digest'], source: 'https://docs.python.org/3/library/hmac.html#hmac.compare_digest' },
  { tail: ['authorizationCode', 'getToken'], source: 'https://github.com/lelylan/simple-oauth2#authorization-code-flow (code exchange)' },
];

/** Name parts that make an equality comparison a credential check (`body.password === user.password`). */
export const CREDENTIAL_WORDS: readonly string[] = ['password', 'passwd', 'passcode', 'pwd', 'otp', 'pin', 'secret', 'apikey', 'api_key'];

/** The OAuth 2.0 grant type of a code exchange (RFC 6749 §4.1.3). */
const CODE_GRANT = 'authorization_code';

export interface TokenUse {
  /** `jwt.sign`, `assume_role`. */
  what: string;
  node: SNode;
}

export interface TokenAnalysis {
  /** The first call that issues a credential. */
  mint?: TokenUse;
  /** The first sign that a credential is checked. */
  verify?: TokenUse;
}

const EQ_OPS = new Set(['===', '==', '!==', '!=']);

function matches(p: CallPattern, chain: readonly string[], lang: 'js' | 'py'): boolean {
  if (p.lang && p.lang !== lang) return false;
  if (!endsWith(chain, p.tail)) return false;
  return !p.contains || chain.some((s) => s.toLowerCase().includes(p.contains!.toLowerCase()));
}

/** `password`, `userPassword`, `clientSecret`, `otp`: an identifier or key naming a credential. */
function isCredentialName(s: string): boolean {
  const n = s.toLowerCase().replace(/[-_]/g, '');
  return CREDENTIAL_WORDS.some((w) => {
    const word = w.replace(/_/g, '');
    return n === word || (word.length >= 6 && n.includes(word));
  });
}

/** The expression reads a credential: a name, property or string key naming one (`event['password']`). */
function mentionsCredential(e: unknown): boolean {
  let hit = false;
  visit(e, (x) => {
    const ex = x as Ex;
    if ((ex.k === 'name' && isCredentialName(ex.id)) || (ex.k === 'member' && ex.prop && isCredentialName(ex.prop))) hit = true;
    else if (ex.k === 'lit' && typeof ex.v === 'string' && isCredentialName(ex.v)) hit = true;
  });
  return hit;
}

/** Mint and verification signs in one module. */
export function analyzeTokenUse(mod: ModuleIR): TokenAnalysis {
  const out: TokenAnalysis = {};
  visit(mod.body, (x) => {
    const e = x as Ex;
    if (e.k === 'call') {
      const chain = chainOf(e.callee);
      if (!out.mint && MINT_CALLS.some((p) => matches(p, chain, mod.lang))) out.mint = { what: chain.join('.'), node: e.n };
      if (!out.verify && VERIFY_CALLS.some((p) => matches(p, chain, mod.lang))) out.verify = { what: chain.join('.'), node: e.n };
    } else if (e.k === 'bin' && EQ_OPS.has(e.op)) {
      if (!out.verify && (mentionsCredential(e.l) || mentionsCredential(e.r))) out.verify = { what: `a credential compared with ${e.op}`, node: e.n };
    } else if (e.k === 'lit' && e.v === CODE_GRANT) {
      if (!out.verify) out.verify = { what: 'an OAuth authorization-code exchange', node: e.n };
    }
  });
  return out;
}
