/**
 * Credentials in URLs and connection strings:
 * - `scheme://user:password@host…` → `url-credentials`, or `connection-string` for database /
 *   broker schemes (postgres, mysql, mongodb(+srv), redis, amqp, mssql, `jdbc:…`, …);
 * - secret-named query parameters (`?password=…`, `&api_key=…`, `&X-Amz-Security-Token=…`);
 * - ADO / ODBC style `Server=…;User Id=…;Password=…;` and Azure `AccountKey=…;`.
 *
 * Not reported: passwords that are variables or placeholders (`${DB_PASS}`, `{{ pw }}`, `%PW%`,
 * `$PW`, `<password>`, `****`), default words (`password`, `root`…), `user == password`
 * (`postgres:postgres@localhost`). Hosts `localhost` / `127.0.0.1` lower the severity; RFC 2606
 * hosts (`example.com`, `*.example`, `*.test`, `*.invalid`) mark the hit as an example.
 *
 * The scan finds `://` with indexOf, walks the scheme backwards (≤ 40 chars) and the authority
 * forwards once, then resumes after the URL, so it is linear.
 */
import { asciiLower, isAlnum, isAlpha, isSpace, runStart, isBase64 } from './chars';
import { judgePasswordValue, judgeSecretValue } from './generic';
import { RAW_HIT_CAP, type RawHit } from './hit';
import { analyzeKeyName } from './keyname';
import { isDefaultCredential, isPlaceholder } from './placeholder';
import type { SecretContext } from './types';

const DB_SCHEMES = new Set([
  'postgres', 'postgresql', 'pgsql', 'mysql', 'mysqlx', 'mariadb', 'mongodb', 'mongodb+srv', 'redis', 'rediss', 'valkey',
  'amqp', 'amqps', 'mssql', 'sqlserver', 'oracle', 'cockroachdb', 'couchbase', 'couchbases', 'neo4j', 'neo4j+s',
  'bolt', 'nats', 'clickhouse', 'memcached', 'cassandra', 'db2', 'snowflake', 'presto', 'trino', 'kafka', 'mqtt',
  'mqtts', 'stomp', 'influxdb', 'sqlite', 'tds', 'jdbc:postgresql', 'jdbc:mysql', 'jdbc:mariadb', 'jdbc:sqlserver',
  'jdbc:oracle:thin', 'jdbc:redshift', 'jdbc:db2', 'redshift',
]);

const isSchemeChar = (c: number) => isAlnum(c) || c === 43 || c === 45 || c === 46;
/** Characters that end a URL in text (whitespace, quotes, angle brackets, backtick, backslash). */
const isUrlStop = (c: number) => isSpace(c) || c === 34 || c === 39 || c === 96 || c === 60 || c === 62 || c === 92;
/** Characters that end the authority part. */
const isAuthorityStop = (c: number) => isUrlStop(c) || c === 47 || c === 63 || c === 35 || c === 41 || c === 93;

/**
 * Skips `${…}`, `{{…}}`, `#{…}` starting at i (depth-counted, bounded); returns the index after
 * it, -1 when there is no template at i, -2 when it is not closed within the bound.
 */
function skipTemplate(s: string, i: number, stop: number): number {
  const c0 = s.charCodeAt(i);
  const c1 = s.charCodeAt(i + 1);
  if (!((c0 === 36 || c0 === 35 || c0 === 123) && c1 === 123)) return -1; // ${ #{ {{
  let depth = 0;
  const limit = Math.min(stop, i + 1024);
  for (let j = i + 1; j < limit; j++) {
    const c = s.charCodeAt(j);
    if (c === 123) depth++;
    else if (c === 125) {
      depth--;
      if (depth === 0) {
        if (c0 === 123 && s.charCodeAt(j + 1) === 125) return j + 2;
        return j + 1;
      }
    }
  }
  return -2;
}

function safeDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function isVariableLike(p: string): boolean {
  const c = p.charCodeAt(0);
  if (c === 36 || c === 123 || c === 37 || c === 60 || c === 91 || c === 58) return true; // $ { % < [ :
  return p.includes('${') || p.includes('{{');
}

function hostInfo(host: string): { local: boolean; example: boolean } {
  let h = asciiLower(host);
  if (h.startsWith('[')) h = h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  else {
    const firstHost = h.split(',')[0];
    const colon = firstHost.lastIndexOf(':');
    h = colon > 0 ? firstHost.slice(0, colon) : firstHost;
  }
  const local = h === 'localhost' || h === '127.0.0.1' || h === '0.0.0.0' || h === '::1' || h === 'host.docker.internal' || h.endsWith('.localhost');
  const example = h === 'example.com' || h === 'example.org' || h === 'example.net' || h.endsWith('.example.com') || h.endsWith('.example.org') || h.endsWith('.example.net') || h.endsWith('.example') || h.endsWith('.invalid') || h.endsWith('.test');
  return { local, example };
}

interface UrlParse {
  start: number;
  scheme: string;
  authStart: number;
  authEnd: number;
  /** Index of the last '@' in the authority, or -1. */
  at: number;
  end: number;
}

function parseUrlAt(value: string, sep: number): UrlParse | undefined {
  const ss = runStart(value, sep, isSchemeChar, 40);
  if (ss === sep || !isAlpha(value.charCodeAt(ss))) return undefined;
  let start = ss;
  let scheme = asciiLower(value.slice(ss, sep));
  // jdbc:mysql://, jdbc:oracle:thin:@ (only the :// form matters here)
  if (ss > 0 && value.charCodeAt(ss - 1) === 58) {
    const js = runStart(value, ss - 1, isSchemeChar, 20);
    const pre = asciiLower(value.slice(js, ss - 1));
    if (pre === 'jdbc') {
      start = js;
      scheme = 'jdbc:' + scheme;
    }
  }
  const a0 = sep + 3;
  let i = a0;
  let at = -1;
  const n = value.length;
  let templates = true; // after one unclosed template, stop trying (keeps the scan linear)
  while (i < n) {
    const c = value.charCodeAt(i);
    if (templates && (c === 36 || c === 35 || c === 123)) {
      const j = skipTemplate(value, i, n);
      if (j > 0) {
        i = j;
        continue;
      }
      if (j === -2) templates = false;
    }
    if (isAuthorityStop(c)) {
      // An unencoded '#' or '?' inside a password (`user:pa#ss@host`): look a little further for '@'.
      if ((c === 35 || c === 63) && at < 0 && value.lastIndexOf(':', i) > a0 - 1) {
        const limit = Math.min(n, i + 128);
        let k = i + 1;
        while (k < limit && value.charCodeAt(k) !== 64 && !isUrlStop(value.charCodeAt(k)) && value.charCodeAt(k) !== 47) k++;
        if (k < limit && value.charCodeAt(k) === 64) {
          at = k;
          i = k + 1;
          continue;
        }
      }
      break;
    }
    if (c === 64) at = i;
    i++;
  }
  let end = i;
  while (end < n && !isUrlStop(value.charCodeAt(end))) end++;
  return { start, scheme, authStart: a0, authEnd: i, at, end };
}

/** True when a URL in `v` carries a password or a secret-named query parameter. */
export function hasUrlCredentials(v: string): boolean {
  const hits: RawHit[] = [];
  scanUrls(v, { location: 'other' }, hits);
  return hits.length > 0;
}

export function scanUrls(value: string, ctx: SecretContext, out: RawHit[]): void {
  let from = 0;
  for (;;) {
    if (out.length >= RAW_HIT_CAP) return;
    const sep = value.indexOf('://', from);
    if (sep < 0) return;
    from = sep + 3;
    const u = parseUrlAt(value, sep);
    if (!u) continue;
    from = Math.max(from, u.end);
    const db = DB_SCHEMES.has(u.scheme);
    const kind = db ? 'connection-string' : 'url-credentials';
    if (u.at > u.authStart) {
      const ui = value.slice(u.authStart, u.at);
      const colon = ui.indexOf(':');
      if (colon >= 0) {
        const user = safeDecode(ui.slice(0, colon));
        const rawPass = ui.slice(colon + 1);
        const pass = safeDecode(rawPass);
        const bad = pass.length < 3 || isVariableLike(pass) || isPlaceholder(pass) || isDefaultCredential(pass) || pass === user;
        if (!bad) {
          const { local, example } = hostInfo(value.slice(u.at + 1, u.authEnd));
          out.push({
            kind,
            title: db ? 'Password in a database connection string' : 'Password in URL',
            confidence: local ? 'medium' : 'high',
            severity: example ? 'info' : local ? 'warning' : 'error',
            start: u.authStart + colon + 1,
            end: u.at,
            isExample: example || undefined,
            detail: example ? 'example host' : local ? `${u.scheme} URL to a local host` : `${u.scheme} URL with user:password`,
            priority: 5,
          });
        }
      }
    }
    scanQuery(value, u, kind, ctx, out);
  }
}

function scanQuery(value: string, u: UrlParse, kind: 'connection-string' | 'url-credentials', ctx: SecretContext, out: RawHit[]): void {
  let q = u.authEnd;
  while (q < u.end && value.charCodeAt(q) !== 63) q++; // '?'
  if (q >= u.end) return;
  let i = q + 1;
  let params = 0;
  while (i < u.end && params < 64) {
    let j = i;
    let eq = -1;
    while (j < u.end) {
      const c = value.charCodeAt(j);
      if (c === 38 || c === 59 || c === 35) break; // & ; #
      if (c === 61 && eq < 0) eq = j;
      j++;
    }
    params++;
    if (eq > i) {
      const name = safeDecode(value.slice(i, eq));
      const info = analyzeKeyName(name);
      if (info.category !== 'none') {
        const raw = value.slice(eq + 1, j);
        const decoded = safeDecode(raw);
        const verdict = info.category === 'password' ? judgePasswordValue(decoded, info) : judgeSecretValue(decoded);
        if (verdict && verdict.confidence !== 'low') {
          out.push({
            kind,
            title: info.category === 'password' ? (kind === 'connection-string' ? 'Password in a database connection string' : 'Password in URL query') : 'Secret in URL query parameter',
            confidence: verdict.confidence,
            severity: verdict.confidence === 'high' ? 'error' : 'warning',
            start: eq + 1,
            end: j,
            detail: `query parameter "${name.slice(0, 60)}"`,
            priority: 5,
          });
        }
      }
    }
    if (j >= u.end || value.charCodeAt(j) === 35) break;
    i = j + 1;
  }
}

const ADO_KEYS = ['password=', 'pwd=', 'passwd=', 'user password=', 'accountkey=', 'sharedaccesskey=', 'shared access key='];

/** ADO.NET / ODBC / Azure connection strings: `…;Password=…;`, `AccountKey=…;`. */
export function scanKeyValueConnectionStrings(value: string, out: RawHit[]): void {
  if (value.indexOf(';') < 0 || value.indexOf('=') < 0) return;
  const lower = asciiLower(value);
  for (const key of ADO_KEYS) {
    let from = 0;
    let noCloseBefore = 0; // a '{'/quote scan found no closing char before this index
    for (;;) {
      if (out.length >= RAW_HIT_CAP) return;
      const p = lower.indexOf(key, from);
      if (p < 0) break;
      from = p + key.length;
      // Left boundary: start, ';', whitespace or a quote.
      let b = p - 1;
      while (b >= 0 && (lower.charCodeAt(b) === 32 || lower.charCodeAt(b) === 9)) b--;
      if (b >= 0) {
        const c = lower.charCodeAt(b);
        if (!(c === 59 || c === 34 || c === 39 || c === 10 || c === 13 || c === 63 || c === 38)) continue;
      }
      let s = p + key.length;
      let e: number;
      const open = value.charCodeAt(s);
      if (open === 123 || open === 34 || open === 39) {
        const close = open === 123 ? 125 : open;
        const limit = Math.min(value.length, s + 1024);
        let q = Math.max(s + 1, close === 125 ? noCloseBefore : s + 1);
        while (q < limit && value.charCodeAt(q) !== close) q++;
        if (q >= limit) {
          if (close === 125) noCloseBefore = limit;
          continue;
        }
        s += 1;
        e = q;
      } else {
        e = s;
        const limit = Math.min(value.length, s + 1024);
        while (e < limit) {
          const c = value.charCodeAt(e);
          if (c === 59 || c === 34 || c === 39 || c === 10 || c === 13 || c === 96) break;
          e++;
        }
      }
      from = Math.max(from, e);
      const pw = value.slice(s, e).trim();
      if (pw.length === 0) continue;
      const accountKey = key.startsWith('account') || key.includes('shared');
      if (accountKey) {
        let b64 = 0;
        for (let i = 0; i < pw.length; i++) if (isBase64(pw.charCodeAt(i)) || pw.charCodeAt(i) === 61) b64++;
        if (pw.length < 20 || b64 !== pw.length || isPlaceholder(pw)) continue;
      } else if (pw.length < 3 || isVariableLike(pw) || isPlaceholder(pw) || isDefaultCredential(pw)) continue;
      const local = lower.includes('localhost') || lower.includes('127.0.0.1') || lower.includes('(localdb)');
      out.push({
        kind: 'connection-string',
        title: accountKey ? 'Storage account key in a connection string' : 'Password in a connection string',
        confidence: local ? 'medium' : 'high',
        severity: local ? 'warning' : 'error',
        start: s + (value.slice(s, e).length - value.slice(s, e).trimStart().length),
        end: s + (value.slice(s, e).length - value.slice(s, e).trimStart().length) + pw.length,
        detail: local ? 'connection string to a local server' : undefined,
        priority: 5,
      });
    }
  }
}
