/**
 * Secret sinks of handler code, as data: where a literal is *used* as a password or a signing key,
 * whatever its variable is called. A literal found at one of these places is judged by what it is
 * used for (`SecretContext.purpose`), without an entropy or name test: `jwt.sign(p, 'shhhhh')`,
 * `session({ secret: 'keyboard cat' })` and `TemporaryPassword='Welcome1!'` are hardcoded secrets.
 *
 * One row per (callee or name, argument position or keyword/property) with its meaning and a
 * source note. Callees match on their last dotted segments (`jwt.sign` matches `jwt.sign` and
 * `lib.jwt.sign`; `AdminCreateUserCommand` matches `new AdminCreateUserCommand({…})`).
 */
import type { SecretPurpose } from '../secrets';

export interface SecretSink {
  /**
   * `positional`: the index-th argument; `keyword`: a keyword argument or a property of an object
   * argument; `assigned`: a variable / attribute / item assigned by that name; `keyword-tuple`: the
   * index-th element of a two-element tuple given as keyword argument `name` (`auth=(user, password)`).
   */
  match: 'positional' | 'keyword' | 'assigned' | 'keyword-tuple';
  /** Callee suffixes (positional / keyword); absent for `keyword-tuple` rows, which hold for any call. */
  callees?: readonly string[];
  index?: number;
  /** Keyword / property name, or the assigned name (`assigned`). */
  name?: string;
  /** Languages the row applies to (all when absent). */
  lang?: 'python' | 'js';
  purpose: SecretPurpose;
  /** Key name the literal is classified and fixed under (environment variable name source). */
  keyName: string;
  note: string;
}

export const SECRET_SINKS: readonly SecretSink[] = [
  // Signing keys.
  { match: 'positional', callees: ['jwt.sign', 'jsonwebtoken.sign'], index: 1, purpose: 'signing-key', keyName: 'jwtSecret', note: 'jsonwebtoken sign(payload, secretOrPrivateKey)' },
  { match: 'positional', callees: ['jwt.verify', 'jsonwebtoken.verify'], index: 1, purpose: 'signing-key', keyName: 'jwtSecret', note: 'jsonwebtoken verify(token, secretOrPublicKey): a literal is the shared secret' },
  { match: 'positional', callees: ['jwt.encode'], index: 1, purpose: 'signing-key', keyName: 'jwtSecret', note: 'PyJWT encode(payload, key, algorithm)' },
  { match: 'positional', callees: ['jwt.decode'], index: 1, purpose: 'signing-key', keyName: 'jwtSecret', note: 'PyJWT decode(token, key, algorithms)' },
  { match: 'keyword', callees: ['jwt.encode', 'jwt.decode'], name: 'key', lang: 'python', purpose: 'signing-key', keyName: 'jwtSecret', note: 'PyJWT key= keyword' },
  { match: 'positional', callees: ['nJwt.create', 'njwt.create', 'jwt.create', 'nJwt.verify', 'njwt.verify'], index: 1, purpose: 'signing-key', keyName: 'jwtSigningKey', note: 'njwt create(claims, signingKey) / verify(token, signingKey); `import jwt from "njwt"` is the README\'s own spelling' },
  { match: 'positional', callees: ['createHmac'], index: 1, purpose: 'signing-key', keyName: 'hmacKey', note: 'node:crypto createHmac(algorithm, key)' },
  { match: 'positional', callees: ['hmac.new'], index: 0, purpose: 'signing-key', keyName: 'hmacKey', note: 'Python hmac.new(key, msg, digestmod)' },
  { match: 'keyword', callees: ['session', 'expressSession', 'cookieSession'], name: 'secret', lang: 'js', purpose: 'signing-key', keyName: 'sessionSecret', note: 'express-session / cookie-session options.secret' },
  { match: 'positional', callees: ['cookieParser'], index: 0, lang: 'js', purpose: 'signing-key', keyName: 'cookieSecret', note: 'cookie-parser(secret)' },
  { match: 'assigned', name: 'secret_key', lang: 'python', purpose: 'signing-key', keyName: 'secretKey', note: 'Flask app.secret_key' },
  { match: 'assigned', name: 'SECRET_KEY', lang: 'python', purpose: 'signing-key', keyName: 'secretKey', note: "Django settings.SECRET_KEY, Flask app.config['SECRET_KEY']" },
  { match: 'assigned', name: 'JWT_SECRET_KEY', lang: 'python', purpose: 'signing-key', keyName: 'jwtSecretKey', note: "Flask-JWT-Extended app.config['JWT_SECRET_KEY']" },
  { match: 'keyword', callees: ['config.from_mapping', 'config.update'], name: 'SECRET_KEY', lang: 'python', purpose: 'signing-key', keyName: 'secretKey', note: "Flask app.config.from_mapping(SECRET_KEY=…) (the Flask tutorial's spelling) / config.update" },
  { match: 'keyword', callees: ['config.from_mapping', 'config.update'], name: 'JWT_SECRET_KEY', lang: 'python', purpose: 'signing-key', keyName: 'jwtSecretKey', note: 'Flask-JWT-Extended key set through config.from_mapping / config.update' },
  { match: 'positional', callees: ['URLSafeTimedSerializer', 'URLSafeSerializer', 'TimestampSigner', 'TimedJSONWebSignatureSerializer'], index: 0, lang: 'python', purpose: 'signing-key', keyName: 'secretKey', note: 'itsdangerous serializers and signers take the secret key first' },
  { match: 'keyword', callees: ['JwtStrategy', 'Strategy'], name: 'secretOrKey', lang: 'js', purpose: 'signing-key', keyName: 'jwtSecret', note: 'passport-jwt new Strategy({ secretOrKey })' },
  { match: 'keyword', callees: ['expressjwt', 'expressJwt', 'jwt'], name: 'secret', lang: 'js', purpose: 'signing-key', keyName: 'jwtSecret', note: 'express-jwt expressjwt({ secret, algorithms }) (older releases export it as jwt)' },
  { match: 'keyword', callees: ['register'], name: 'secret', lang: 'js', purpose: 'signing-key', keyName: 'jwtSecret', note: 'fastify.register(plugin, { secret }): @fastify/jwt, @fastify/session, @fastify/cookie' },
  // Passwords set through an API.
  { match: 'positional', callees: ['login'], index: 1, lang: 'python', purpose: 'password', keyName: 'loginPassword', note: 'smtplib.SMTP.login(user, password), ftplib.FTP.login(user, passwd), imaplib.IMAP4.login(user, password)' },
  { match: 'positional', callees: ['FTP', 'FTP_TLS'], index: 2, lang: 'python', purpose: 'password', keyName: 'ftpPassword', note: 'ftplib.FTP(host, user, passwd)' },
  { match: 'positional', callees: ['simple_bind_s', 'simple_bind', 'bind_s'], index: 1, lang: 'python', purpose: 'password', keyName: 'ldapPassword', note: 'python-ldap simple_bind_s(who, cred)' },
  { match: 'positional', callees: ['HTTPBasicAuth', 'HTTPDigestAuth', 'HTTPProxyAuth', 'BasicAuth', 'DigestAuth'], index: 1, lang: 'python', purpose: 'password', keyName: 'basicAuthPassword', note: 'requests.auth.HTTPBasicAuth(username, password), httpx.BasicAuth / DigestAuth, aiohttp.BasicAuth(login, password)' },
  { match: 'keyword-tuple', name: 'auth', index: 1, lang: 'python', purpose: 'password', keyName: 'basicAuthPassword', note: 'requests / httpx auth=(username, password): basic auth' },
  { match: 'positional', callees: ['Sequelize'], index: 2, purpose: 'password', keyName: 'password', note: 'new Sequelize(database, username, password)' },
  { match: 'keyword', callees: ['admin_create_user', 'adminCreateUser', 'AdminCreateUserCommand'], name: 'TemporaryPassword', purpose: 'password', keyName: 'temporaryPassword', note: 'Cognito AdminCreateUser TemporaryPassword' },
  { match: 'keyword', callees: ['admin_set_user_password', 'adminSetUserPassword', 'AdminSetUserPasswordCommand', 'sign_up', 'signUp', 'SignUpCommand'], name: 'Password', purpose: 'password', keyName: 'userPassword', note: 'Cognito AdminSetUserPassword / SignUp Password' },
  { match: 'keyword', callees: ['create_login_profile', 'update_login_profile', 'createLoginProfile', 'updateLoginProfile', 'CreateLoginProfileCommand', 'UpdateLoginProfileCommand'], name: 'Password', purpose: 'password', keyName: 'loginPassword', note: 'IAM CreateLoginProfile / UpdateLoginProfile Password' },
  { match: 'keyword', callees: ['create_user', 'createUser', 'CreateUserCommand'], name: 'Password', purpose: 'password', keyName: 'userPassword', note: 'WorkMail / Amazon MQ / Transfer CreateUser Password' },
  {
    match: 'keyword',
    callees: ['create_db_instance', 'create_db_cluster', 'modify_db_instance', 'modify_db_cluster', 'createDBInstance', 'createDBCluster', 'modifyDBInstance', 'modifyDBCluster', 'CreateDBInstanceCommand', 'CreateDBClusterCommand', 'ModifyDBInstanceCommand', 'ModifyDBClusterCommand', 'create_cluster', 'createCluster', 'CreateClusterCommand'],
    name: 'MasterUserPassword',
    purpose: 'password',
    keyName: 'masterUserPassword',
    note: 'RDS / Aurora / DocumentDB / Neptune / Redshift MasterUserPassword',
  },
];

function calleeMatches(callee: string, suffixes: readonly string[]): boolean {
  for (const s of suffixes) if (callee === s || callee.endsWith('.' + s)) return true;
  return false;
}

const langOf = (lang: string): 'python' | 'js' => (lang === 'python' ? 'python' : 'js');

/** The sink a call argument at `index` is, if any. */
export function positionalSink(callee: string | undefined, index: number, lang: string): SecretSink | undefined {
  if (!callee) return undefined;
  const l = langOf(lang);
  return SECRET_SINKS.find((s) => s.match === 'positional' && s.index === index && (!s.lang || s.lang === l) && calleeMatches(callee, s.callees!));
}

/** The sink a keyword argument / object property `name` passed to `callee` is, if any. */
export function keywordSink(callee: string | undefined, name: string | undefined, lang: string): SecretSink | undefined {
  if (!callee || !name) return undefined;
  const l = langOf(lang);
  return SECRET_SINKS.find((s) => s.match === 'keyword' && s.name === name && (!s.lang || s.lang === l) && calleeMatches(callee, s.callees!));
}

/** The sink the index-th element of a tuple passed as keyword `name` is (`auth=(user, password)`), if any. */
export function keywordTupleSink(name: string | undefined, index: number, size: number, lang: string): SecretSink | undefined {
  if (!name || size !== 2) return undefined;
  const l = langOf(lang);
  return SECRET_SINKS.find((s) => s.match === 'keyword-tuple' && s.name === name && s.index === index && (!s.lang || s.lang === l));
}

/** The sink an assignment to `name` (variable, attribute, item) is, if any. */
export function assignedSink(name: string | undefined, lang: string): SecretSink | undefined {
  if (!name) return undefined;
  const l = langOf(lang);
  return SECRET_SINKS.find((s) => s.match === 'assigned' && s.name === name && (!s.lang || s.lang === l));
}
