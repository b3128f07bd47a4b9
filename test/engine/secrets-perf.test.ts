/**
 * Performance / ReDoS safety of the secret detection core: huge values and adversarial
 * near-matches must classify in linear time. The bound (10 reference units of CPU, ~100 ms on a
 * development machine; see test/helpers/timing.ts) is only a safety net (real numbers are printed
 * as test diagnostics); a super-linear scanner takes seconds to minutes on these.
 * Also a property test: classifyValue never throws and its output is always well-formed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { classifyValue, maskSecret, type SecretContext } from '../../server/src/engine/secrets';
import { bestCpu, cpuTime, withinUnits } from '../helpers/timing';

/** Bounds are written in ms of an idle development machine and checked as reference units (test/helpers/timing.ts). */
const LIMIT_MS = 100;
const MS_PER_UNIT = 10;
const K100 = 100_000;
const MB = 1 << 20;

let seed = 7;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
function randomString(alpha: string, n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i += 4096) {
    let s = '';
    for (let j = 0; j < Math.min(4096, n - i); j++) s += alpha[Math.floor(rnd() * alpha.length)];
    parts.push(s);
  }
  return parts.join('');
}
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PRINTABLE = B64 + ' :;/@=?&%$#{}[]()<>"\'`.,-_!~^*|\\\n\t';
const repeat = (s: string, total: number) => s.repeat(Math.ceil(total / s.length)).slice(0, total);

interface Case {
  name: string;
  value: () => string;
  ctx?: SecretContext;
  /** Looser bound for cases dominated by building ~1000 findings rather than by scanning. */
  limitMs?: number;
}

const env = (keyName: string): SecretContext => ({ keyName, location: 'env' });
const jwtHeader = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9';

const CASES: Case[] = [
  // 1 MB single-line values
  { name: '1 MB random base64 under a password key', value: () => randomString(B64, MB), ctx: env('DB_PASSWORD') },
  { name: '1 MB random printable text under an API key', value: () => randomString(PRINTABLE, MB).replace(/\n/g, ' '), ctx: env('API_KEY') },
  { name: '1 MB of realistic config text with many secrets', value: () => repeat(`DATABASE_URL=postgres://app:Tr0ub4dor3x@db.internal/app AKIAABCDEFGHIJKLMNOP token=${jwtHeader}.eyJzdWIiOiJ4In0.${'s'.repeat(43)} `, MB), ctx: { location: 'other' }, limitMs: 250 },
  { name: '1 MB of one repeated character', value: () => 'A'.repeat(MB), ctx: env('SECRET') },
  { name: '1 MB JSON-ish text under SecretString', value: () => '{' + repeat('"password":"x",', MB - 2) + '}', ctx: env('SecretString') },
  // 100k near-matches
  { name: 'AKIA + 100k uppercase', value: () => 'AKIA' + randomString('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', K100) },
  { name: 'AKIA repeated (100k)', value: () => repeat('AKIA', K100) },
  { name: 'AKIA + 16 repeated with spaces (many hits)', value: () => repeat('AKIAABCDEFGHIJKLMNOP ', K100) },
  { name: 'ghp_ + 100k alphanumerics', value: () => 'ghp_' + randomString(B64.slice(0, 62), K100) },
  { name: 'ghp_ repeated (100k)', value: () => repeat('ghp_', K100) },
  { name: 'github_pat_ + 100k word chars', value: () => 'github_pat_' + repeat('a_', K100) },
  { name: 'xoxb- + 100k of "1-"', value: () => 'xoxb-' + repeat('1-', K100) },
  { name: 'sk_live_ / sk- / SG. / AIza / npm_ + 100k', value: () => ['sk_live_', 'sk-proj-', 'SG.', 'AIza', 'npm_', 'whsec_', 'glpat-'].map((p) => p + 'a'.repeat(K100 / 7)).join('') },
  { name: 'IQoJb3JpZ2lu + 100k base64', value: () => 'IQoJb3JpZ2lu' + randomString(B64, K100) },
  { name: 'postgres:// + 100k of "a:"', value: () => 'postgres://' + repeat('a:', K100), ctx: env('DATABASE_URL') },
  { name: 'postgres://a:b + 100k "@"-free authority', value: () => 'postgres://a:' + repeat('b#c?', K100), ctx: env('DATABASE_URL') },
  { name: ':// repeated (100k)', value: () => repeat('://', K100) },
  { name: 'a://b@ repeated (100k)', value: () => repeat('a://b:c@', K100) },
  { name: 'URL with 100k query separators', value: () => 'https://h.io/?' + repeat('&a', K100) },
  { name: 'URL with 100k query "password=" params', value: () => 'https://h.io/?' + repeat('password=Xy7kq9Lm!&', K100) },
  { name: '${ nesting in a URL authority (100k)', value: () => 'postgres://' + repeat('${', K100) },
  { name: 'almost-JWT: eyJ + 100k', value: () => 'eyJ' + randomString(B64.slice(0, 62), K100) },
  { name: 'almost-JWT: header + 100k payload, no signature dot', value: () => jwtHeader + '.' + 'A'.repeat(K100) },
  { name: 'almost-JWT: 100k header with dots', value: () => 'eyJ' + 'A'.repeat(K100) + '.eyJ' + 'B'.repeat(100) + '.sig' },
  { name: 'eyJ. repeated (100k)', value: () => repeat('eyJ.', K100) },
  { name: 'eyJa.eyJb. repeated (100k)', value: () => repeat('eyJa.eyJb.', K100) },
  { name: 'JWT-like dotted run (100k)', value: () => repeat(jwtHeader + '.', K100) },
  { name: 'PEM BEGIN + 100k base64, no END', value: () => '-----BEGIN RSA PRIVATE ' + 'KEY-----\n' + randomString(B64, K100) },
  { name: 'PEM BEGIN repeated (100k)', value: () => repeat('-----BEGIN RSA PRIVATE ' + 'KEY-----', K100) },
  { name: '----- repeated (100k) with PRIVATE KEY', value: () => 'PRIVATE KEY' + repeat('-----', K100) },
  { name: 'PuTTY header repeated (100k)', value: () => repeat('PuTTY-User-Key-File-2: ssh-rsa\n', K100) },
  { name: 'LS0tLS1CRUdJTi + 100k base64', value: () => 'LS0tLS1CRUdJTi' + randomString(B64, K100) },
  { name: 'hooks.slack.com + 100k', value: () => 'https://hooks.slack.com/services/' + 'T'.repeat(K100) },
  { name: 'hooks.slack.com/ repeated (100k)', value: () => repeat('hooks.slack.com/services/T1/', K100) },
  { name: 'ADO "password=" repeated (100k)', value: () => repeat('password=;', K100) },
  { name: 'ADO "pwd={" repeated (100k)', value: () => repeat(';pwd={', K100) },
  { name: 'aws_secret_access_key + 100k base64 runs', value: () => 'aws_secret_access_key=' + repeat(randomString(B64, 40) + ' ', K100) },
  { name: '100k-char key name', value: () => 'Corp123!', ctx: env(repeat('PASSWORD_', K100)) },
  { name: '1000 neighbours of 1 KB', value: () => randomString(B64, 40), ctx: { keyName: 'SECRET', location: 'env', neighbours: Array.from({ length: 1000 }, (_, i) => ({ keyName: `K${i}`, value: randomString(B64, 1024) })) } },
  { name: 'placeholder-ish 100k under a password key', value: () => repeat('changeme ', K100), ctx: env('PASSWORD') },
];

describe('performance on huge and adversarial values', () => {
  for (const c of CASES) {
    test(c.name, (t) => {
      const value = c.value();
      const ctx = c.ctx ?? { location: 'other' };
      const { ms: first, value: hits } = cpuTime(() => classifyValue(value, ctx));
      const best = Math.min(first, bestCpu(() => classifyValue(value, ctx), 4));
      const w = withinUnits(best, (c.limitMs ?? LIMIT_MS) / MS_PER_UNIT);
      t.diagnostic(`${value.length} chars: first ${first.toFixed(1)} ms CPU, ${w.message}, ${hits.length} hits`);
      assert.ok(w.ok, `${c.name}: ${w.message}`);
      assert.ok(hits.length <= 1000);
    });
  }
});

describe('properties', () => {
  const fragments = ['AKIA', 'ASIA', 'ghp_', 'github_pat_', 'xoxb-', 'sk_live_', 'SG.', 'AIza', 'npm_', 'eyJ', '.', '-----BEGIN RSA PRIVATE ' + 'KEY-----', '-----END RSA PRIVATE ' + 'KEY-----',
    '://', 'postgres://', '@', ':', ';', 'Password=', '?', '&', '=', '${', '}', '{{', 'hooks.slack.com/services/', 'LS0tLS1CRUdJTi', '\n', ' ', '"', 'IQoJb3JpZ2lu', 'sk-proj-', 'SK'];
  const arbValue = fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 12 }), fc.stringMatching(/^[A-Za-z0-9+/]{1,60}$/)), { maxLength: 40 }).map((a) => a.join(''));
  const arbCtx = fc.record({
    keyName: fc.option(fc.constantFrom('PASSWORD', 'API_KEY', 'AWS_SECRET_ACCESS_KEY', 'TOKEN_TTL', 'x', 'SecretString', 'AWS_SESSION_TOKEN', 'TWILIO_AUTH_TOKEN'), { nil: undefined }),
    location: fc.constantFrom('env', 'parameter', 'property', 'custom', 'code', 'other') as fc.Arbitrary<SecretContext['location']>,
  });

  test('classifyValue never throws; hits are sorted, disjoint, in range and masked', () => {
    fc.assert(
      fc.property(arbValue, arbCtx, (value, ctx) => {
        const hits = classifyValue(value, ctx);
        let last = 0;
        for (const h of hits) {
          assert.ok(h.start >= last && h.start < h.end && h.end <= value.length);
          last = h.end;
          assert.equal(h.masked, maskSecret(value.slice(h.start, h.end)));
          if (h.end - h.start >= 2) assert.ok(!h.masked.includes(value.slice(h.start, h.end)));
          if (h.isExample) assert.equal(h.severity, 'info');
        }
      }),
      { numRuns: 2000, seed: 20261123 },
    );
  });

  test('classification does not depend on surrounding text for fixed-format tokens', () => {
    const token = 'sk_' + 'live_' + 'Ab3dE6gH9jK2mN5pQ8sT1vW4';
    fc.assert(
      fc.property(fc.constantFrom(' ', '"', "'", '=', ':', '(', '\n', ','), fc.constantFrom(' ', '"', "'", ';', ')', '\n', ','), fc.string({ maxLength: 20 }), (l, r, pad) => {
        const v = pad + l + token + r + pad;
        const hits = classifyValue(v, { location: 'code' });
        assert.ok(hits.some((h) => h.kind === 'stripe-key' && v.slice(h.start, h.end) === token));
      }),
      { numRuns: 300, seed: 1 },
    );
  });
});
