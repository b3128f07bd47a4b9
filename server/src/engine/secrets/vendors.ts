/**
 * Fixed-format vendor tokens found by prefix: `indexOf` for the prefix, an O(1) left-boundary
 * check, then one character-class loop for the body. After a candidate the search resumes at the
 * end of the body run, so every character is visited a constant number of times per prefix.
 *
 * AWS unique IDs that are not secrets (AIDA users, AROA roles, AGPA groups, ANPA/ANVA policies,
 * AIPA instance profiles, APKA CloudFront key-pair ids) are deliberately not reported.
 */
import {
  base62Decode,
  crc32,
  every,
  isAlnum,
  isBase32,
  isBase64,
  isBase64Url,
  isLowerHex,
  isUpperAlnum,
  isWord,
  runEnd,
  some,
  isDigit,
  type CharPred,
} from './chars';
import { RAW_HIT_CAP, type RawHit } from './hit';
import { isExampleText, isPlaceholderBody } from './placeholder';
import type { SecretContext, SecretKind } from './types';

interface Verdict {
  title: string;
  confidence: RawHit['confidence'];
  severity: RawHit['severity'];
  detail?: string;
  /** Overrides the rule's kind. */
  kind?: SecretKind;
  /** Adjusts the token end (e.g. base64 padding). */
  end?: number;
}

interface PrefixRule {
  kind: SecretKind;
  prefixes: readonly string[];
  body: CharPred;
  minBody: number;
  maxBody: number;
  /** The character before the prefix must not satisfy this (default: alphanumeric). */
  leftBlock?: CharPred;
  /** The character after the body must not satisfy this (default: the body predicate). */
  rightBlock?: CharPred;
  /** Return null to reject the candidate. `token` includes the prefix. */
  check(token: string, body: string, prefix: string, ctx: SecretContext): Verdict | null;
}

/** GitHub / npm token checksum: CRC32 of the random part, base62 (0-9A-Za-z), last 6 chars. */
export function tokenChecksumValid(body: string): boolean {
  if (body.length <= 6) return false;
  const want = base62Decode(body.slice(-6));
  return want !== undefined && want === crc32(body.slice(0, -6));
}

const GITHUB_TITLES: Record<string, string> = {
  ghp_: 'GitHub personal access token',
  gho_: 'GitHub OAuth access token',
  ghu_: 'GitHub user-to-server token',
  ghs_: 'GitHub server-to-server (app installation) token',
  ghr_: 'GitHub refresh token',
  github_pat_: 'GitHub fine-grained personal access token',
};

const SLACK_TITLES: Record<string, string> = {
  'xoxb-': 'Slack bot token',
  'xoxp-': 'Slack user token',
  'xoxa-': 'Slack app token',
  'xoxr-': 'Slack refresh token',
  'xoxs-': 'Slack session token',
  'xoxo-': 'Slack legacy token',
  'xoxe-': 'Slack configuration/refresh token',
  'xapp-': 'Slack app-level token',
};

export const PREFIX_RULES: readonly PrefixRule[] = [
  {
    kind: 'aws-session-token',
    prefixes: ['IQoJb3JpZ2lu', 'FwoGZXIvYXdz', 'FQoGZXIvYXdz', 'AgoJb3JpZ2lu'],
    body: isBase64,
    minBody: 88,
    maxBody: 8192,
    leftBlock: isBase64,
    check(token, body) {
      if (isPlaceholderBody(body.slice(0, 64))) return null;
      return { title: 'AWS session token', confidence: 'high', severity: 'warning', detail: 'temporary credentials; still usable until they expire' };
    },
  },
  {
    kind: 'github-token',
    prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    body: isAlnum,
    minBody: 36,
    maxBody: 251,
    leftBlock: isWord,
    rightBlock: isWord,
    check(_t, body, prefix) {
      if (isPlaceholderBody(body)) return null;
      const valid = tokenChecksumValid(body);
      return {
        title: GITHUB_TITLES[prefix],
        confidence: valid ? 'high' : 'medium',
        severity: 'error',
        detail: valid ? 'checksum valid' : 'checksum does not match (synthetic or mistyped token?)',
      };
    },
  },
  {
    kind: 'github-token',
    prefixes: ['github_pat_'],
    body: isWord,
    minBody: 50,
    maxBody: 255,
    leftBlock: isWord,
    check(_t, body) {
      if (isPlaceholderBody(body)) return null;
      return { title: GITHUB_TITLES.github_pat_, confidence: 'high', severity: 'error' };
    },
  },
  {
    kind: 'gitlab-token',
    prefixes: ['glpat-'],
    body: isBase64Url,
    minBody: 20,
    maxBody: 80,
    leftBlock: isWord,
    check(_t, body) {
      if (isPlaceholderBody(body)) return null;
      return { title: 'GitLab personal access token', confidence: 'high', severity: 'error' };
    },
  },
  {
    kind: 'slack-token',
    prefixes: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxo-', 'xoxe-', 'xapp-'],
    body: (c) => isAlnum(c) || c === 45,
    minBody: 10,
    maxBody: 255,
    leftBlock: isWord,
    check(_t, body, prefix) {
      const segs = body.split('-').filter((s) => s.length > 0);
      if (segs.length < 2 || !some(body, isDigit)) return null;
      if (isPlaceholderBody(segs[segs.length - 1]) || segs.some((s) => s.toLowerCase().includes('xxxx'))) return null;
      return { title: SLACK_TITLES[prefix], confidence: 'high', severity: 'error' };
    },
  },
  {
    kind: 'stripe-key',
    prefixes: ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_', 'sk_prod_', 'rk_prod_'],
    body: isAlnum,
    minBody: 16,
    maxBody: 247,
    leftBlock: isWord,
    rightBlock: isWord,
    check(_t, body, prefix) {
      if (isPlaceholderBody(body)) return null;
      const restricted = prefix.startsWith('rk');
      const test = prefix.includes('test');
      return {
        title: `Stripe ${test ? 'test' : 'live'} ${restricted ? 'restricted key' : 'secret key'}`,
        confidence: 'high',
        severity: test ? 'warning' : 'error',
        detail: test ? 'test-mode key: low impact, but still a credential in source' : undefined,
      };
    },
  },
  {
    kind: 'stripe-key',
    prefixes: ['whsec_'],
    body: isBase64,
    minBody: 24,
    maxBody: 128,
    leftBlock: isWord,
    check(_t, body) {
      if (isPlaceholderBody(body)) return null;
      return { title: 'Stripe webhook signing secret', confidence: 'high', severity: 'error' };
    },
  },
  {
    kind: 'twilio',
    prefixes: ['SK'],
    body: isLowerHex,
    minBody: 32,
    maxBody: 32,
    rightBlock: isAlnum,
    check(_t, body) {
      if (isPlaceholderBody(body)) return null;
      return {
        title: 'Twilio API key SID',
        confidence: 'medium',
        severity: 'warning',
        detail: 'the SID identifies an API key; its secret is a separate 32-character value',
      };
    },
  },
  {
    kind: 'sendgrid',
    prefixes: ['SG.'],
    body: (c) => isBase64Url(c) || c === 46,
    minBody: 66,
    maxBody: 66,
    check(_t, body) {
      if (body.charCodeAt(22) !== 46 || body.indexOf('.', 23) >= 0) return null;
      if (isPlaceholderBody(body.slice(0, 22)) || isPlaceholderBody(body.slice(23))) return null;
      return { title: 'SendGrid API key', confidence: 'high', severity: 'error' };
    },
  },
  {
    kind: 'google-api-key',
    prefixes: ['AIza'],
    body: isBase64Url,
    minBody: 35,
    maxBody: 35,
    leftBlock: isBase64Url,
    check(_t, body, _p, ctx) {
      if (isPlaceholderBody(body)) return null;
      const backend = ctx.location === 'env' || ctx.location === 'code';
      return {
        title: 'Google API key',
        confidence: 'medium',
        severity: backend ? 'error' : 'warning',
        detail: 'browser/Firebase keys can be public by design; restrict the key if it is',
      };
    },
  },
  {
    kind: 'npm-token',
    prefixes: ['npm_'],
    body: isAlnum,
    minBody: 36,
    maxBody: 36,
    leftBlock: isWord,
    rightBlock: isWord,
    check(_t, body) {
      if (isPlaceholderBody(body)) return null;
      const valid = tokenChecksumValid(body);
      return {
        title: 'npm access token',
        confidence: valid ? 'high' : 'medium',
        severity: 'error',
        detail: valid ? 'checksum valid' : 'checksum does not match (synthetic or mistyped token?)',
      };
    },
  },
  {
    kind: 'pypi-token',
    prefixes: ['pypi-AgEIcHlwaS5vcmc'],
    body: isBase64Url,
    minBody: 50,
    maxBody: 400,
    leftBlock: isWord,
    check(_t, body) {
      if (isPlaceholderBody(body)) return null;
      return { title: 'PyPI upload token', confidence: 'high', severity: 'error' };
    },
  },
  {
    kind: 'openai-key',
    prefixes: ['sk-'],
    body: isBase64Url,
    minBody: 32,
    maxBody: 400,
    leftBlock: isWord,
    check(_t, body) {
      if (body.startsWith('ant-')) {
        if (!(body.startsWith('ant-api') || body.startsWith('ant-admin')) || body.length < 80) return null;
        if (isPlaceholderBody(body.slice(body.indexOf('-', 4) + 1))) return null;
        return { kind: 'anthropic-key', title: 'Anthropic API key', confidence: 'high', severity: 'error' };
      }
      const project = body.startsWith('proj-') || body.startsWith('svcacct-') || body.startsWith('admin-');
      if (!project && !body.includes('T3BlbkFJ')) return null;
      if (isPlaceholderBody(body.slice(body.indexOf('-') + 1))) return null;
      return { title: 'OpenAI API key', confidence: 'high', severity: 'error' };
    },
  },
];

const AWS_ID_PREFIXES = ['AKIA', 'ASIA', 'ABIA', 'ACCA'];

/** Prefix of the AWS access key id spanning [i, i+20) of `s`, or undefined. */
function awsIdPrefixAt(s: string, i: number): string | undefined {
  if (!every(s, isUpperAlnum, i, i + 20)) return undefined;
  const p4 = s.slice(i, i + 4);
  if (AWS_ID_PREFIXES.includes(p4)) return p4;
  if (p4.startsWith('A3T')) return 'A3T';
  return undefined;
}

/**
 * Calls `visit(start, prefix)` for every alphanumeric run of exactly 20 characters that is an
 * AWS access key id (AKIA/ASIA/ABIA/ACCA/A3T…). One pass: non-'A' characters are skipped, and
 * every run is walked once.
 */
function forEachAwsId(s: string, visit: (start: number, prefix: string) => boolean | void): void {
  const n = s.length;
  let i = 0;
  while (i < n) {
    i = s.indexOf('A', i);
    if (i < 0) return;
    if (i > 0 && isAlnum(s.charCodeAt(i - 1))) {
      i = runEnd(s, i, isAlnum);
      continue;
    }
    const e = runEnd(s, i, isAlnum);
    if (e - i === 20) {
      const prefix = awsIdPrefixAt(s, i);
      if (prefix && visit(i, prefix) === false) return;
    }
    i = e;
  }
}

function scanAwsIds(value: string, out: RawHit[]): void {
  forEachAwsId(value, (p, prefix) => {
    const body = value.slice(p + prefix.length, p + 20);
    if (isPlaceholderBody(body)) return;
    const token = value.slice(p, p + 20);
    const base32 = every(body, isBase32);
    const temp = prefix === 'ASIA';
    const example = isExampleText(token);
    out.push({
      kind: 'aws-access-key-id',
      title: temp ? 'AWS temporary access key ID (ASIA)' : 'AWS access key ID',
      confidence: base32 && prefix !== 'A3T' ? 'high' : 'medium',
      severity: example ? 'info' : temp ? 'warning' : 'error',
      start: p,
      end: p + 20,
      isExample: example || undefined,
      detail: example ? 'documented example value' : base32 ? undefined : 'not in the base32 alphabet AWS uses',
      priority: 1,
    });
    return out.length < RAW_HIT_CAP;
  });
}

/** Runs every prefix rule over `value`. */
export function scanPrefixTokens(value: string, ctx: SecretContext, out: RawHit[]): void {
  scanAwsIds(value, out);
  for (const rule of PREFIX_RULES) {
    const leftBlock = rule.leftBlock ?? isAlnum;
    const rightBlock = rule.rightBlock ?? rule.body;
    for (const prefix of rule.prefixes) {
      let from = 0;
      for (;;) {
        if (out.length >= RAW_HIT_CAP) return;
        const p = value.indexOf(prefix, from);
        if (p < 0) break;
        if (p > 0 && leftBlock(value.charCodeAt(p - 1))) {
          from = p + 1;
          continue;
        }
        const bodyStart = p + prefix.length;
        const e = runEnd(value, bodyStart, rule.body, Math.min(value.length, bodyStart + rule.maxBody + 1));
        // Resume after the whole run (also when it was longer than maxBody).
        from = Math.max(runEnd(value, e, rule.body), p + 1);
        const len = e - bodyStart;
        if (len < rule.minBody || len > rule.maxBody) continue;
        if (e < value.length && rightBlock(value.charCodeAt(e))) continue;
        const token = value.slice(p, e);
        const body = value.slice(bodyStart, e);
        const v = rule.check(token, body, prefix, ctx);
        if (!v) continue;
        let end = v.end ?? e;
        if (rule.kind === 'aws-session-token') {
          while (end < value.length && end < e + 2 && value.charCodeAt(end) === 61) end++; // '=' padding
        }
        const example = isExampleText(token);
        out.push({
          kind: v.kind ?? rule.kind,
          title: v.title,
          confidence: v.confidence,
          severity: example ? 'info' : v.severity,
          start: p,
          end,
          isExample: example || undefined,
          detail: example ? 'documented example value' : v.detail,
          priority: 1,
        });
      }
    }
  }
  scanSlackWebhooks(value, out);
}

const SLACK_HOST = 'hooks.slack.com/';

function scanSlackWebhooks(value: string, out: RawHit[]): void {
  let from = 0;
  for (;;) {
    const p = value.indexOf(SLACK_HOST, from);
    if (p < 0) return;
    from = p + SLACK_HOST.length;
    let i = from;
    let type = '';
    for (const t of ['services/', 'workflows/', 'triggers/']) {
      if (value.startsWith(t, i)) {
        type = t;
        break;
      }
    }
    if (!type) continue;
    i += type.length;
    const segs: string[] = [];
    while (segs.length < 5) {
      const e = runEnd(value, i, isAlnum, Math.min(value.length, i + 257));
      if (e === i) break;
      segs.push(value.slice(i, e));
      i = e;
      if (value.charCodeAt(i) === 47 && i + 1 < value.length && isAlnum(value.charCodeAt(i + 1))) i++;
      else break;
    }
    from = Math.max(from, i);
    if (segs.length < 3) continue;
    const last = segs[segs.length - 1];
    if (type === 'services/' && (segs[0][0] !== 'T' || segs[1][0] !== 'B' || last.length < 20)) continue;
    if (type !== 'services/' && last.length < 16) continue;
    if (segs.some((s) => isPlaceholderBody(s.slice(1)) && s.length > 6)) continue;
    let start = p;
    if (value.startsWith('https://', p - 8)) start = p - 8;
    else if (value.startsWith('http://', p - 7)) start = p - 7;
    const example = isExampleText(value.slice(start, i));
    out.push({
      kind: 'slack-webhook',
      title: type === 'services/' ? 'Slack incoming webhook URL' : 'Slack workflow webhook URL',
      confidence: 'high',
      severity: example ? 'info' : 'error',
      start,
      end: i,
      isExample: example || undefined,
      detail: example ? 'documented example value' : 'anyone with the URL can post to the channel',
      priority: 1,
    });
  }
}

/** True when `s` is exactly an AWS access key id (used for pairing). */
export function isAwsAccessKeyId(s: string): boolean {
  const t = s.trim();
  return t.length === 20 && awsIdPrefixAt(t, 0) !== undefined;
}

/** Finds an AWS access key id anywhere in `s` (bounded token); returns its prefix or undefined. */
export function findAwsAccessKeyId(s: string): string | undefined {
  let found: string | undefined;
  forEachAwsId(s, (_p, prefix) => {
    found = prefix;
    return false;
  });
  return found;
}

/** `AC` + 32 lower-case hex: a Twilio Account SID (not a secret itself; used for pairing). */
export function isTwilioAccountSid(s: string): boolean {
  const t = s.trim();
  return t.length === 34 && t.startsWith('AC') && every(t, isLowerHex, 2);
}
