/**
 * Unit tests for the string-level secret detection core (server/src/engine/secrets).
 * Token-shaped values are assembled at run time (prefix + body) so that this file never contains
 * a string that secret scanners would take for a live credential.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  analyzeKeyName,
  classifyValue,
  entropy,
  isNonLiteral,
  isPlaceholder,
  maskSecret,
  splitIdentifierWords,
  tokenChecksumValid,
  type SecretContext,
  type SecretHit,
} from '../../server/src/engine/secrets';

const NOW = Date.UTC(2026, 10, 23);
const env = (keyName?: string, extra: Partial<SecretContext> = {}): SecretContext => ({ keyName, location: 'env', now: NOW, ...extra });
const code = (keyName?: string): SecretContext => ({ keyName, location: 'code', now: NOW });
const kinds = (hits: SecretHit[]) => hits.map((h) => h.kind);
const one = (value: string, ctx: SecretContext) => {
  const hits = classifyValue(value, ctx);
  assert.equal(hits.length, 1, `expected one hit for ${maskSecret(value)}, got ${JSON.stringify(hits)}`);
  return hits[0];
};

// Deterministic pseudo-random material.
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const pick = (alpha: string, n: number) => Array.from({ length: n }, () => alpha[Math.floor(rnd() * alpha.length)]).join('');
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64 = B62 + '+/';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function crc32(s: string): number {
  let c = 0xffffffff;
  for (let i = 0; i < s.length; i++) {
    c ^= s.charCodeAt(i);
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
function checksummed(random: string): string {
  let n = crc32(random);
  let s = '';
  while (n > 0) {
    s = BASE62[n % 62] + s;
    n = Math.floor(n / 62);
  }
  return random + s.padStart(6, '0');
}
const awsId = (prefix = 'AK' + 'IA') => prefix + pick(B32, 16);
const awsSecret = () => pick(B64, 40);

describe('maskSecret', () => {
  test('shows a short prefix and the length, never the whole value', () => {
    assert.equal(maskSecret('AKIAIOSFODNN7EXAMPLE'), 'AKIA…(20 chars)');
    assert.equal(maskSecret('Corp123!'), 'Co…(8 chars)');
    assert.equal(maskSecret('abc'), '…(3 chars)');
    assert.equal(maskSecret(''), '…(0 chars)');
    assert.equal(maskSecret('x'), '…(1 char)');
    const long = 'ghp_' + pick(B62, 36);
    assert.equal(maskSecret(long), `ghp_…${long.slice(-2)}(40 chars)`);
    assert.equal(maskSecret('-----BEGIN\nX'), '---…(12 chars)');
    assert.equal(maskSecret('ab\ncdefgh'), 'ab…(9 chars)');
    assert.equal(maskSecret('a\nbcdefghij'), 'a·…(11 chars)');
    assert.equal(maskSecret('😀😀😀😀😀😀😀😀'), '😀😀…(8 chars)');
  });
  test('never reveals more than a quarter, at most 6 characters', () => {
    for (let n = 0; n < 80; n++) {
      const v = pick(B62, n);
      const m = maskSecret(v);
      const shown = m.replace(/\(\d+ chars?\)$/, '').replace('…', '');
      assert.ok(shown.length <= Math.min(6, Math.floor(n / 4) + (n >= 32 ? 2 : 0)), `${n}: ${m}`);
      if (n >= 2) assert.ok(!m.includes(v));
    }
  });
});

describe('entropy', () => {
  test('Shannon entropy in bits per character', () => {
    assert.equal(entropy(''), 0);
    assert.equal(entropy('aaaa'), 0);
    assert.equal(entropy('ab'), 1);
    assert.equal(entropy('abcd'), 2);
    assert.ok(Math.abs(entropy('Corp123!') - 3) < 1e-9);
    assert.ok(entropy(pick(B64, 40)) > 4.25);
  });
});

describe('isPlaceholder', () => {
  const yes = ['', '   ', 'changeme', 'CHANGE_ME', 'change-me', 'changeit', 'xxx', 'xxxxxxxxxxxxxxxx', 'XXXX-XXXX-XXXX', '<your-key>', '<API_KEY>', '[REDACTED]', '{password}',
    'REPLACE_ME', 'replace-with-your-token', 'example', 'my-example-key', 'dummy', 'test', 'TODO', 'todo: set me', 'TBD', 'none', 'null', '***', '******', 'ab***yz', '•••••',
    'your_api_key_here', 'YOUR_PASSWORD', 'yourSecretHere', 'insert-your-key', 'api-key-goes-here', 'secret-goes-here', 'aaaaaaaaaaaa', '0000000000', '123456', '12345678', 'abcdef', 'qwerty',
    'password', 'secret', '%DB_PASSWORD%', '__TOKEN__', 'sk-...', 'abc…', 'placeholder', 'not-a-real-key', 'sample-token'];
  const no = ['Corp123!', 'hunter2x', 'Tr0ub4dor&3', 'k9Vw2mQz7Lx', 'correct horse battery staple', pick(B62, 32), 'sunshine', 'letmein2023', 'P@ssw0rd-prod'];
  for (const v of yes) test(`placeholder: ${JSON.stringify(v)}`, () => assert.equal(isPlaceholder(v), true));
  for (const v of no) test(`not placeholder: ${JSON.stringify(v)}`, () => assert.equal(isPlaceholder(v), false));
});

describe('isNonLiteral', () => {
  const yes = ['${ssm:/prod/db/password}', '${env:TOKEN}', '${self:custom.key}', 'prefix-${opt:stage}', '${file(./secrets.json):key}', '${{ secrets.TOKEN }}', '#{AWS::Region}',
    '{{resolve:secretsmanager:prod/db:SecretString:password}}', '{{resolve:ssm-secure:/x:1}}', '{{ db_password }}', '!Ref DBPassword', '!Sub ${AWS::StackName}-x', 'Fn::GetAtt',
    '$DB_PASSWORD', '$(cat /run/secrets/pw)', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf', 'arn:aws-cn:ssm:cn-north-1:123456789012:parameter/x',
    '12', '3.14', '-1', '1e6', 'true', 'False', 'yes', 'off', 'https://api.example.com/v1', 'redis://cache:6379', 's3://bucket/key', 'process.env.TOKEN', "os.environ['X']",
    'os.getenv("X")', 'import.meta.env.VITE_KEY', '/prod/db/password', './certs/key.pem', 'certs/signing.pem', '~/.ssh/id_rsa', 'alias/aws/lambda'];
  const no = ['Corp123!', 'postgres://app:Tr0ub4dor3@db.internal/app', 'https://api.x.io/v1?api_key=' + pick(HEX, 32), pick(B64, 40), 'hunter2', '12abc'];
  for (const v of yes) test(`non-literal: ${v}`, () => assert.equal(isNonLiteral(v), true));
  for (const v of no) test(`literal: ${v.slice(0, 40)}`, () => assert.equal(isNonLiteral(v), false));
});

describe('analyzeKeyName', () => {
  test('splits identifiers into words', () => {
    assert.deepEqual(splitIdentifierWords('APIKey'), ['api', 'key']);
    assert.deepEqual(splitIdentifierWords('stripeSecretKey'), ['stripe', 'secret', 'key']);
    assert.deepEqual(splitIdentifierWords('DBPassword'), ['db', 'password']);
    assert.deepEqual(splitIdentifierWords('x-api-key'), ['x', 'api', 'key']);
    assert.deepEqual(splitIdentifierWords('OAuth2Token'), ['o', 'auth', '2', 'token']);
    assert.deepEqual(splitIdentifierWords('spring.datasource.password'), ['spring', 'datasource', 'password']);
    assert.deepEqual(splitIdentifierWords('AWS_SECRET_ACCESS_KEY'), ['aws', 'secret', 'access', 'key']);
  });
  const password = ['password', 'PASSWORD', 'DB_PASSWORD', 'db-password', 'dbPassword', 'MasterUserPassword', 'passwd', 'pwd', 'DB_PASS', 'passphrase', 'PGPASSWORD', 'PASSWORD_PROD', 'smtp_password', 'ADMIN_PASSWORD_V2'];
  const secret = ['secret', 'token', 'api_key', 'apiKey', 'API_KEY', 'x-api-key', 'client_secret', 'ClientSecret', 'private_key', 'privateKey', 'auth', 'AUTH_TOKEN', 'credentials', 'access_key',
    'SIGNING_KEY', 'signingKey', 'WEBHOOK_SECRET', 'JWT_SECRET', 'ENCRYPTION_KEY', 'GITHUB_TOKEN', 'SecretString', 'Authorization', 'bearer', 'SECRET_KEY_BASE', 'SESSION_SECRET', 'apikey',
    'accessToken', 'refresh_token', 'ID_TOKEN', 'aws_secret_access_key', 'SecretAccessKey', 'AWS_SESSION_TOKEN', 'TOKEN_GITHUB'];
  const none = ['PASSWORD_MIN_LENGTH', 'TOKEN_TTL', 'SECRET_NAME', 'SECRET_ARN', 'TOKEN_URL', 'API_KEY_HEADER', 'PASSWORD_POLICY', 'DB_PASSWORD_PATH', 'DB_PASSWORD_PARAM', 'SECRET_ID',
    'CLIENT_ID', 'AUTH_ENABLED', 'PRIVATE_KEY_FILE', 'KMS_KEY_ID', 'PUBLIC_KEY', 'STRIPE_PUBLISHABLE_KEY', 'ENCRYPTED_DB_PASSWORD', 'PASSWORD_HASH', 'NEXT_TOKEN', 'NextToken', 'MAX_TOKENS',
    'TOKEN_TYPE', 'AuthorizationType', 'authorizer', 'ApiKeySourceType', 'ApiKeyRequired', 'GenerateSecretString', 'TOKENIZER', 'IDEMPOTENCY_TOKEN', 'ClientRequestToken', 'CACHE_KEY',
    'PARTITION_KEY', 'S3_KEY', 'KeyName', 'TOKEN_EXPIRY', 'SECRET_ROTATION_DAYS', 'PASSWORD_RESET_URL', 'ERR_INVALID_PASSWORD', 'PASSWORD_PROMPT', 'author', 'keyword', 'KEY', 'USERNAME',
    'AUTH_TYPE', 'csrf_token', 'SECRETS_MANAGER_ENDPOINT', 'ACCESS_KEY_ID', 'AWS_ACCESS_KEY_ID', 'passwordless', 'bypass', 'compass', 'SESSION_TOKEN_TTL', 'AWS_SECRET_NAME', 'secretsManagerArn'];
  for (const n of password) test(`password-named: ${n}`, () => assert.equal(analyzeKeyName(n).category, 'password'));
  for (const n of secret) test(`secret-named: ${n}`, () => assert.equal(analyzeKeyName(n).category, 'secret'));
  for (const n of none) test(`not secret-named: ${n}`, () => assert.equal(analyzeKeyName(n).category, 'none'));
  test('AWS-specific names', () => {
    assert.equal(analyzeKeyName('AWS_ACCESS_KEY_ID').aws, 'access-key-id');
    assert.equal(analyzeKeyName('aws_secret_access_key').aws, 'secret-access-key');
    assert.equal(analyzeKeyName('AWS_SESSION_TOKEN').aws, 'session-token');
    assert.equal(analyzeKeyName('TWILIO_AUTH_TOKEN').vendor, 'twilio');
  });
});

describe('fixed-format tokens', () => {
  test('AWS access key ids; example ids are info; unique ids are not secrets', () => {
    const h = one(awsId(), env('X'));
    assert.equal(h.kind, 'aws-access-key-id');
    assert.equal(h.severity, 'error');
    assert.equal(h.confidence, 'high');
    assert.equal(one(awsId('AS' + 'IA'), env()).severity, 'warning');
    const ex = one('AKIAIOSFODNN7EXAMPLE', env('AWS_ACCESS_KEY_ID'));
    assert.equal(ex.isExample, true);
    assert.equal(ex.severity, 'info');
    for (const p of ['AIDA', 'AROA', 'AGPA', 'ANPA', 'ANVA', 'AIPA', 'APKA']) assert.deepEqual(classifyValue(p + pick(B32, 16), env()), [], p);
    assert.deepEqual(classifyValue('AKIA' + pick(B32, 15), env()), []);
    assert.deepEqual(classifyValue('AKIA' + pick(B32, 17), env()), []);
    assert.deepEqual(classifyValue('XAKIA' + pick(B32, 16), env()), []);
    assert.deepEqual(classifyValue('AKIA' + 'X'.repeat(16), env()), [], 'placeholder body');
    assert.equal(one('AKIA' + pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ0189', 15) + '8', env()).confidence, 'medium', 'not base32');
  });

  test('GitHub tokens with the offline CRC32 checksum', () => {
    // Public test vector (CredSweeper): CRC32 of 31 zeros is 4WZ4EQ in base62.
    assert.equal(tokenChecksumValid('0'.repeat(31) + '4WZ4EQ'), true);
    assert.equal(tokenChecksumValid('0'.repeat(31) + '4WZ4ER'), false);
    const valid = 'gh' + 'p_' + checksummed(pick(B62, 30));
    const h = one(valid, env('GITHUB_TOKEN'));
    assert.equal(h.kind, 'github-token');
    assert.equal(h.confidence, 'high');
    assert.equal(h.detail, 'checksum valid');
    const bad = 'gh' + 'o_' + 'FAKE' + pick(B62, 32);
    assert.equal(one(bad, env()).confidence, 'medium');
    for (const p of ['gh' + 'u_', 'gh' + 's_', 'gh' + 'r_']) assert.equal(one(p + checksummed(pick(B62, 30)), env()).kind, 'github-token');
    assert.equal(one('github' + '_pat_' + '11' + pick(B62, 20) + '_' + pick(B62, 59), env()).kind, 'github-token');
    assert.deepEqual(classifyValue('gh' + 'p_' + pick(B62, 20), env()), []);
    assert.deepEqual(classifyValue('gh' + 'p_' + 'x'.repeat(36), env('GITHUB_TOKEN')), []);
  });

  test('Slack tokens and webhooks', () => {
    assert.equal(one('xox' + 'b-' + pick('0123456789', 11) + '-' + pick('0123456789', 13) + '-' + pick(B62, 24), env()).kind, 'slack-token');
    assert.equal(one('xa' + 'pp-1-A' + pick(B32, 10) + '-1234567890123-' + pick(HEX, 64), env()).title, 'Slack app-level token');
    assert.deepEqual(classifyValue('xoxb-notatoken', env()), []);
    const hook = 'https://hooks.slack.com/services/' + 'T' + pick(B32, 10) + '/B' + pick(B32, 10) + '/' + pick(B62, 24);
    const h = one(hook, env('SLACK_WEBHOOK_URL'));
    assert.equal(h.kind, 'slack-webhook');
    assert.equal(h.start, 0);
    assert.equal(h.end, hook.length);
    assert.deepEqual(classifyValue('https://hooks.slack.com/' + 'services/TXXXXXXXX/BXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX', env()), []);
  });

  test('Stripe: live is an error, test a warning, publishable keys are not secrets', () => {
    assert.equal(one('sk_' + 'live_' + pick(B62, 24), env()).severity, 'error');
    assert.equal(one('rk_' + 'live_' + pick(B62, 24), env()).title, 'Stripe live restricted key');
    assert.equal(one('sk_' + 'test_' + pick(B62, 24), env()).severity, 'warning');
    assert.equal(one('wh' + 'sec_' + pick(B64, 32), env()).title, 'Stripe webhook signing secret');
    assert.deepEqual(classifyValue('pk_' + 'live_' + pick(B62, 24), env()), []);
    assert.deepEqual(classifyValue('sk_live_abc', env()), []);
  });

  test('Twilio, SendGrid, Google, npm, PyPI, OpenAI, Anthropic, GitLab', () => {
    const sk = one('S' + 'K' + pick(HEX, 32), env());
    assert.equal(sk.kind, 'twilio');
    assert.equal(sk.severity, 'warning');
    assert.deepEqual(classifyValue('AC' + pick(HEX, 32), env('TWILIO_ACCOUNT_SID')), []);
    assert.equal(one('S' + 'G.' + pick(B62, 22) + '.' + pick(B62, 43), env()).kind, 'sendgrid');
    assert.deepEqual(classifyValue('SG.abc.def', env()), []);
    const g = 'AI' + 'za' + pick(B62, 35);
    assert.equal(one(g, env()).severity, 'error');
    assert.equal(one(g, { location: 'custom' }).severity, 'warning');
    assert.equal(one('np' + 'm_' + checksummed(pick(B62, 30)), env()).confidence, 'high');
    assert.equal(one('pypi-' + 'AgEIcHlwaS5vcmc' + pick(B62, 70), env()).kind, 'pypi-token');
    assert.equal(one('sk-' + 'proj-' + pick(B62, 80), env()).kind, 'openai-key');
    assert.equal(one('sk-' + pick(B62, 20) + 'T3Blbk' + 'FJ' + pick(B62, 20), env()).kind, 'openai-key');
    assert.equal(one('sk-' + 'ant-api03-' + pick(B62, 93), env()).kind, 'anthropic-key');
    assert.deepEqual(classifyValue('sk-' + pick(B62, 48), env()), [], 'sk- without an OpenAI marker');
    assert.equal(one('gl' + 'pat-' + pick(B62, 20), env()).kind, 'gitlab-token');
  });

  test('AWS session tokens by prefix, by name and by pairing', () => {
    assert.equal(one('IQoJb3Jp' + 'Z2lu' + pick(B64, 300) + '==', { location: 'other' }).kind, 'aws-session-token');
    assert.equal(one(pick(B64, 200), env('AWS_SESSION_TOKEN')).kind, 'aws-session-token');
    const paired = classifyValue(pick(B64, 200), env('TOKEN', { neighbours: [{ keyName: 'KEY', value: awsId('AS' + 'IA') }] }));
    assert.deepEqual(kinds(paired), ['aws-session-token']);
  });
});

describe('structured secrets', () => {
  const pemBody = () => Array.from({ length: 6 }, () => pick(B64, 64)).join('\n');
  test('PEM private keys; encrypted keys are warnings; public keys, certificates and truncated examples are not', () => {
    const rsa = `-----BEGIN RSA PRIVATE ${'KEY'}-----\n${pemBody()}\n-----END RSA PRIVATE KEY-----\n`;
    const h = one(rsa, env('PRIVATE_KEY'));
    assert.equal(h.kind, 'private-key');
    assert.equal(h.title, 'RSA private key');
    assert.equal(rsa.slice(h.start, h.end), rsa.trimEnd());
    assert.equal(one(`-----BEGIN ENCRYPTED PRIVATE ${'KEY'}-----\n${pemBody()}\n-----END ENCRYPTED PRIVATE KEY-----`, env()).severity, 'warning');
    assert.equal(one(`-----BEGIN OPENSSH PRIVATE ${'KEY'}-----\\n${pemBody().replace(/\n/g, '\\n')}\\n-----END OPENSSH PRIVATE KEY-----`, code('k')).title, 'OpenSSH private key');
    assert.equal(one(`-----BEGIN EC PRIVATE ${'KEY'}-----\n${pemBody()}`, env()).confidence, 'medium', 'no END line');
    assert.deepEqual(classifyValue(`-----BEGIN PUBLIC KEY-----\n${pemBody()}\n-----END PUBLIC KEY-----`, env('PUBLIC_KEY')), []);
    assert.deepEqual(classifyValue(`-----BEGIN CERTIFICATE-----\n${pemBody()}\n-----END CERTIFICATE-----`, env('CERT')), []);
    assert.deepEqual(classifyValue('-----BEGIN RSA PRIVATE ' + 'KEY-----\n...\n-----END RSA PRIVATE KEY-----', env('PRIVATE_KEY')), []);
    assert.deepEqual(classifyValue('-----BEGIN RSA PRIVATE ' + 'KEY-----\nMIIEpAIBAAKCAQEA<your key here>\n-----END RSA PRIVATE KEY-----', env('PRIVATE_KEY')), []);
    const b64pem = Buffer.from(rsa).toString('base64');
    assert.equal(one(b64pem, env('KEY_B64')).kind, 'private-key');
    const ppk = `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: x\nPublic-Lines: 1\n${pick(B64, 64)}\nPrivate-Lines: 2\n${pick(B64, 64)}\n${pick(B64, 30)}\nPrivate-MAC: ${pick(HEX, 64)}`;
    assert.equal(one(ppk, env()).title, 'PuTTY private key');
  });

  test('JWTs: header must decode to JSON with alg; expired tokens and the jwt.io sample are info', () => {
    const header = b64url('{"alg":"HS256","typ":"JWT"}');
    const live = `${header}.${b64url('{"sub":"svc"}')}.${pick(B62, 43)}`;
    const h = one(live, env('API_TOKEN'));
    assert.equal(h.kind, 'jwt');
    assert.equal(h.severity, 'error');
    const expired = `${header}.${b64url('{"sub":"svc","exp":1500000000}')}.${pick(B62, 43)}`;
    const e = one(expired, env('API_TOKEN'));
    assert.equal(e.severity, 'info');
    assert.match(e.detail ?? '', /expired 2017-07-14/);
    const bearer = 'Bearer ' + live;
    assert.equal(one(bearer, code('Authorization')).start, 7);
    const sample = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    assert.equal(one(sample, code()).isExample, true);
    assert.deepEqual(classifyValue(`${b64url('{"foo":"bar"}')}.${b64url('{"a":1}')}.${pick(B62, 43)}`, env()), [], 'no alg');
    assert.deepEqual(classifyValue(header, env()), [], 'header only');
    assert.deepEqual(classifyValue(`${header}.${b64url('{"a":1}')}.${pick(B62, 43)}.${pick(B62, 20)}.${pick(B62, 20)}`, env()), [], 'five parts (JWE)');
  });

  test('URL credentials and connection strings', () => {
    const pg = 'postgres://app:Tr0ub4dor3x@db.prod.internal:5432/app';
    const h = one(pg, env('DATABASE_URL'));
    assert.equal(h.kind, 'connection-string');
    assert.equal(pg.slice(h.start, h.end), 'Tr0ub4dor3x');
    assert.equal(one('https://deploy:' + 'Vq8mZ2kLpQ@artifacts.corp.io/x', env()).kind, 'url-credentials');
    assert.equal(one('postgres://dev:devPa55-local@localhost:5432/app', env()).severity, 'warning');
    assert.equal(one('https://u:Vq8mZ2kLpQ@www.example.com/', env()).isExample, true);
    assert.equal(one('jdbc:mysql://db:3306/app?user=app&password=Xy7kq9Lm!', env()).kind, 'connection-string');
    assert.equal(one('mongodb+srv://svc:pQ7rT2vX9z@cluster0.ab1cd.mongodb.net/orders', env()).kind, 'connection-string');
    assert.equal(one('redis://:r3dis-Pr0d-99@cache:6379', env()).kind, 'connection-string');
    assert.equal(one('Server=tcp:sql,1433;Database=b;User Id=u;Password=Corp123!;', env()).kind, 'connection-string');
    assert.equal(one('DefaultEndpointsProtocol=https;AccountName=a;AccountKey=' + pick(B64, 86) + '==;', env()).title, 'Storage account key in a connection string');
    assert.equal(one('Password={a;b;Corp1!};Server=x', env()).end, 'Password={a;b;Corp1!'.length);
    assert.equal(one('https://u:pa#ss9W0rd@host.corp.io/', env()).kind, 'url-credentials', 'unencoded # in the password');
    assert.equal(one('https://api.w.io/v1?city=Oslo&api_key=' + pick(HEX, 32), env('WEATHER_URL')).kind, 'url-credentials');
    for (const v of ['postgres://app:${ssm:/db/pass}@db:5432/app', 'postgres://app:${DB_PASSWORD}@db/app', 'mysql://root:{{ pw }}@db/app', 'postgres://postgres:postgres@localhost/test',
      'mongodb+srv://user:<password>@c.mongodb.net/db', 'amqp://guest:guest@localhost', 'https://user:****@grafana.corp.io', 'postgres://localhost:5432/app', 'https://api.stripe.com/v1',
      'postgres://user:password@db/app', 'postgres://app:%24%7BPW%7D@db/app', 'Server=db;User Id=app;Password=${DB_PASSWORD};', 'https://api.x.io/?token_type=bearer&client_id=abc123def456']) {
      assert.deepEqual(classifyValue(v, env('URL')), [], v);
    }
  });
});

describe('context-dependent and name-driven detection', () => {
  test('40-char AWS secret keys need an AWS/secret name or an access key id nearby', () => {
    const s = awsSecret();
    assert.equal(one(s, env('AWS_SECRET_ACCESS_KEY')).confidence, 'high');
    assert.equal(one(s, env('SECRET_KEY')).confidence, 'medium');
    assert.deepEqual(kinds(classifyValue(s, env('CACHE_KEY'))), []);
    assert.deepEqual(kinds(classifyValue(s, env('CACHE_KEY', { neighbours: [{ keyName: 'KEY', value: awsId() }] }))), ['aws-secret-access-key']);
    assert.deepEqual(kinds(classifyValue(pick(HEX, 40), env('AWS_SECRET_ACCESS_KEY'))), ['generic-secret'], 'all-hex is not an AWS secret key');
    const creds = `[default]\naws_access_key_id = ${awsId()}\naws_secret_access_key = ${s}\n`;
    assert.deepEqual(kinds(classifyValue(creds, { location: 'other' })), ['aws-access-key-id', 'aws-secret-access-key']);
    assert.equal(one('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', env('aws_secret_access_key')).isExample, true);
  });

  test('Twilio auth tokens by name or next to an account SID', () => {
    const t = pick(HEX, 32);
    assert.equal(one(t, env('TWILIO_AUTH_TOKEN')).kind, 'twilio');
    assert.equal(one(t, env('AUTH_TOKEN', { neighbours: [{ keyName: 'SID', value: 'AC' + pick(HEX, 32) }] })).kind, 'twilio');
    assert.equal(one(t, env('AUTH_TOKEN')).kind, 'generic-secret');
  });

  test('password-named keys: low-entropy human passwords are found, placeholders are not', () => {
    for (const v of ['Corp123!', 'Summer2024!', 'Welcome1', 'sunshine', 'Kx9!mq', 'P@ssw0rd-prod']) {
      const h = one(v, env('DB_PASSWORD'));
      assert.equal(h.kind, 'generic-password', v);
      assert.equal(h.severity, 'error');
    }
    assert.equal(one('correct horse battery staple', env('passphrase')).kind, 'generic-password');
    for (const v of ['changeme', 'password', 'admin', 'root', '', '***', 'TODO', '${ssm:/x}', '{{resolve:ssm-secure:/x:1}}', '12345678', 'Invalid password', 'DB_PASSWORD', 'abc', '!Ref X']) {
      assert.deepEqual(classifyValue(v, env('DB_PASSWORD')), [], v);
    }
    assert.equal(one('Corp123!', env('PASS')).severity, 'warning', 'short password names are medium confidence');
    assert.equal(one('Corp123!', { keyName: 'DB_PASSWORD', location: 'other' }).severity, 'warning', 'location other is one level lower');
  });

  test('secret-named keys need a credential-shaped value', () => {
    assert.equal(one(pick(HEX, 32), env('API_KEY')).confidence, 'high');
    assert.equal(one('mxk29fjq02', env('API_KEY')).confidence, 'medium');
    assert.equal(one('Basic ' + Buffer.from('svc:Gr8-Day-77').toString('base64'), code('Authorization')).start, 6);
    for (const v of ['include', 'same-origin', 'aws_iam', 'COGNITO_USER_POOLS', 'accessTokenStorageKey', 'app-state-v2', 'user_session', 'Bearer {token}', 'Bearer ${token}', 'x-api-key', 'short', 'two words here']) {
      assert.deepEqual(classifyValue(v, code('API_KEY')), [], v);
    }
    assert.equal(one('6f1c2b7e-4b1d-4f7a-9c55-2f0c8a7d1e33', env('API_KEY')).confidence, 'low');
  });

  test('JSON object values are searched by member name', () => {
    const v = '{"username":"app","password":"Qw3rty!9","port":5432}';
    const h = one(v, { keyName: 'SecretString', location: 'property' });
    assert.equal(h.kind, 'generic-password');
    assert.equal(v.slice(h.start, h.end), 'Qw3rty!9');
    assert.deepEqual(classifyValue('{"username":"app","password":"${ssm:/x}"}', { keyName: 'SecretString', location: 'property' }), []);
  });
});

describe('classifyValue output', () => {
  test('specific formats win over name-based and URL findings for the same span', () => {
    assert.deepEqual(kinds(classifyValue('sk_' + 'live_' + pick(B62, 24), env('STRIPE_SECRET_KEY'))), ['stripe-key']);
    assert.deepEqual(kinds(classifyValue('https://x-access-token:' + 'gh' + 's_' + pick(B62, 36) + '@github.com/a/b.git', env('REMOTE'))), ['github-token']);
    const jwt = `${b64url('{"alg":"HS256"}')}.${b64url('{"sub":"x"}')}.${pick(B62, 43)}`;
    assert.deepEqual(kinds(classifyValue('https://api.io/cb?token=' + jwt, env('CALLBACK'))), ['jwt']);
  });

  test('several secrets in one value are all reported with exact offsets, sorted', () => {
    const a = awsId();
    const s = 'sk_' + 'live_' + pick(B62, 24);
    const text = `const a = '${a}'; const b = '${s}';`;
    const hits = classifyValue(text, { location: 'code' });
    assert.deepEqual(kinds(hits), ['aws-access-key-id', 'stripe-key']);
    assert.equal(text.slice(hits[0].start, hits[0].end), a);
    assert.equal(text.slice(hits[1].start, hits[1].end), s);
  });

  test('robust to odd input', () => {
    assert.deepEqual(classifyValue('', env('PASSWORD')), []);
    assert.deepEqual(classifyValue(undefined as unknown as string, env()), []);
    assert.deepEqual(classifyValue('x', undefined as unknown as SecretContext), []);
    assert.deepEqual(classifyValue('\u0000\uffff\ud800', env('PASSWORD')), []);
  });
});

describe('false friends seen in real projects', () => {
  test('API Gateway expressions, idempotency client tokens', () => {
    assert.deepEqual(classifyValue('$context.authorizer.token', { keyName: 'token', location: 'other' }), []);
    assert.deepEqual(classifyValue('$request.header.x-api-key', { keyName: 'api_key_selection_expression', location: 'code' }), []);
    assert.deepEqual(classifyValue('aa0965c0-1d3b-4c3c-9f5e-2f1d6c8b7e55', { keyName: 'clientToken', location: 'code' }), []);
    assert.ok(classifyValue('Corp123!', { keyName: 'password', location: 'env' }).length > 0, 'human passwords are still found');
  });
  test('public value shapes (secrets/public-values.ts): an EVM address is public under any name; 0x + 64 hex only under a key/secret name', () => {
    const address = '0x2237bd04a1c3f2e8b9d7a6c5e4f3b2a1d0c9a18e';
    const hex64 = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';
    for (const k of ['token', 'contractAddress', 'apiKey', 'privateKey', 'secret']) assert.deepEqual(classifyValue(address, code(k)), [], k);
    assert.deepEqual(classifyValue(hex64, code('token')), []);
    assert.deepEqual(classifyValue(hex64, code('auth_token')), []);
    for (const k of ['privateKey', 'PRIVATE_KEY', 'walletSecret', 'apiKey']) assert.ok(classifyValue(hex64, code(k)).length > 0, k);
    // Not the shape: one hex digit more or less, or a non-hex character, is judged as before.
    assert.ok(classifyValue(address.slice(0, -1) + 'g', code('token')).length > 0);
    assert.ok(classifyValue(hex64 + 'a', code('token')).length > 0);
  });
});

// Issue 10, class 7: secrets are values, not names.
describe('constants, enum values and names of secrets are not secrets', () => {
  test('enum constants under secret-sounding names', async () => {
    const { isEnumConstant } = await import('../../server/src/engine/secrets/generic');
    for (const v of ['WHEN_NO_TEMPLATES', 'ECC_NIST_P256', 'SYMMETRIC_DEFAULT', 'COGNITO_USER_POOLS', 'RSASSA_PSS_SHA_256']) assert.ok(isEnumConstant(v), v);
    for (const v of ['ADMIN_2024', 'Corp123!', 'P@SS_WORD', 'abc_def', 'X_Y']) assert.ok(!isEnumConstant(v), v);
    assert.deepEqual(classifyValue('WHEN_NO_TEMPLATES', env('passThrough')), []);
    assert.deepEqual(classifyValue('WHEN_NO_MATCH', env('PassthroughBehavior')), []);
    assert.deepEqual(classifyValue('ECC_NIST_P256', { keyName: 'CustomerMasterKeySpec', location: 'property' }), []);
    assert.deepEqual(classifyValue('RSA_2048', { keyName: 'KeySpec', location: 'property' }), []);
    assert.deepEqual(classifyValue('NEVER', env('passThrough')), []);
    // What stays: a password that is one word and a number, a real token under a spec-less name.
    assert.deepEqual(kinds(classifyValue('ADMIN_2024', env('DB_PASSWORD'))), ['generic-password']);
    assert.deepEqual(kinds(classifyValue('Zq8Rw2Lx9TvB4nKm7Pd3Xy', env('API_TOKEN'))), ['generic-secret']);
  });

  test('key names: pass-through and key specs are not secret names', () => {
    for (const n of ['passThrough', 'PassThroughBehavior', 'CustomerMasterKeySpec', 'KeySpec', 'SigningKeySpec', 'PasswordReusePrevention']) assert.equal(analyzeKeyName(n).category, 'none', n);
    for (const n of ['passphrase', 'SigningKey', 'DB_PASS', 'masterKey']) assert.notEqual(analyzeKeyName(n).category, 'none', n);
  });

  test('names of secrets and placeholders', () => {
    for (const v of ['DOCPASSWORD', 'DBPASSWORD', 'MYSECRET', 'prod/db-password', 'orders-db-password']) assert.deepEqual(classifyValue(v, code('DOCDB_PASSWORD')), [], v);
    for (const v of ['REPLACE_ME', '<your-token>', 'xxxx', 'xxxxxxxxxxxx', '{{resolve:secretsmanager:mq:SecretString:password}}', '${ssm:/app/db-password}']) {
      assert.deepEqual(classifyValue(v, env('API_TOKEN')), [], v);
      assert.deepEqual(classifyValue(v, env('DB_PASSWORD')), [], v);
    }
    for (const k of ['SecretName', 'ParameterName', 'SECRET_NAME', 'secret_id']) assert.deepEqual(classifyValue('prod-db-password-2024', env(k)), [], k);
    // A mixed-case word with a digit is a password, not a name.
    assert.ok(classifyValue('DocPassw0rd', code('password')).length > 0);
    // Tokenizer states (aws-samples/serverless-samples, a Monaco language definition: { token: '@rematch' }).
    assert.deepEqual(classifyValue('@rematch', code('token')), []);
    assert.deepEqual(classifyValue('@json_object', code('token')), []);
    // A form body of constant words (OWASP DVSA admin_tweet.py: auth_data = "grant_type=client_credentials").
    assert.deepEqual(classifyValue('grant_type=client_credentials', code('auth_data')), []);
    assert.deepEqual(kinds(classifyValue('grant_type=client_credentials&client_secret=Zq8Rw2Lx9TvB4nKm7Pd3', code('auth_data'))), ['generic-secret']);
  });
});

describe('the path policy: tests, fixtures and local scripts', () => {
  test('name-only hits are dropped, vendor formats are info', async () => {
    const { severityFor, isTestPath, isScriptPath } = await import('../../server/src/engine/secret-scan/common');
    const pw = classifyValue('Corp123!', env('DB_PASSWORD'))[0];
    const gh = classifyValue('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', env('GITHUB_TOKEN'))[0];
    assert.equal(severityFor(pw, 'src/handler.js'), 'error');
    for (const p of ['tests/e2e/test_stack.py', 'src/__tests__/a.js', 'fixtures/serverless.yml', 'src/a.test.ts', 'test_app.py', 'scripts/seed.py']) {
      assert.ok(isTestPath(p) || isScriptPath(p), p);
      assert.equal(severityFor(pw, p), undefined, p);
      assert.equal(severityFor(gh, p), 'info', p);
    }
    assert.equal(severityFor(pw, 'src/handler.js', true), undefined, 'a local script');
    assert.ok(!isTestPath('src/testimonials/handler.js') && !isScriptPath('src/handler.js'));
  });

  test('local programs are recognised from the tree', async () => {
    const { initCodeParsers, parseCode } = await import('../../server/src/engine/code/parser');
    const { isLocalScript } = await import('../../server/src/engine/secret-scan/code-scan');
    await initCodeParsers();
    const check = (text: string, lang: 'python' | 'javascript') => {
      const p = parseCode(text, lang);
      try {
        return isLocalScript(p.root!, text, lang);
      } finally {
        p.tree?.delete();
      }
    };
    assert.ok(check('import boto3\nif __name__ == "__main__":\n    main()\n', 'python'));
    assert.ok(check("if __name__ == '__main__':\n    main()\n", 'python'));
    assert.ok(check('#!/usr/bin/env node\nconsole.log(1);\n', 'javascript'));
    assert.ok(check('if (require.main === module) { main(); }\n', 'javascript'));
    assert.ok(!check('def handler(event, context):\n    return 1\n', 'python'));
    assert.ok(!check('exports.handler = async (event) => ({});\nif (x === module) {}\n', 'javascript'));
  });
});

describe('allowlist comments of other scanners', () => {
  test('detect-secrets and gitleaks comments become suppressions of the secret rules', async () => {
    const { findSuppressions, suppressionFor } = await import('../../server/src/engine/suppress');
    const { LineIndex } = await import('../../server/src/engine/text');
    const text = "a: x # pragma: allowlist secret\n# pragma: allowlist nextline secret\nb: y\nc: z # gitleaks:allow\nd: w\n";
    const lines = new LineIndex(text);
    const comments: { text: string; range: { start: number; end: number } }[] = [];
    for (let i = text.indexOf('#'); i >= 0; i = text.indexOf('#', i + 1)) {
      const end = text.indexOf('\n', i);
      comments.push({ text: text.slice(i + 1, end), range: { start: i, end } });
    }
    const sups = findSuppressions(comments, lines);
    assert.ok(sups.every((s) => s.reason.length > 0), 'no reason-required finding for them');
    for (const line of [0, 2, 3]) assert.ok(suppressionFor(sups, 'secret-in-config', line), `line ${line}`);
    assert.ok(!suppressionFor(sups, 'secret-in-config', 4), 'the line after a same-line comment is not covered');
    assert.ok(!suppressionFor(sups, 'iam-wildcard-action', 0), 'only the secret rules');
  });
});
