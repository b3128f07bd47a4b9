/**
 * Private keys: PEM blocks (`-----BEGIN [RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP] PRIVATE KEY[ BLOCK]-----`),
 * SSH2 (`---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`), PuTTY `.ppk` files and base64-encoded PEM
 * (`LS0tLS1CRUdJTi…`, common in env vars). Public keys and certificates are ignored, and so are
 * truncated documentation examples (`...`, `<key>`, `xxxx` bodies).
 *
 * Each `-----` search stops at the next `-----`, and scanning resumes there, so the whole scan is
 * linear in the value length.
 */
import { asciiLower, decodeBase64, isAlnum, isBase64, isSpace, runEnd } from './chars';
import { RAW_HIT_CAP, type RawHit } from './hit';
import { isExampleText } from './placeholder';

const BEGIN = '-----BEGIN ';
const DASHES = '-----';
const MIN_BODY = 64;
const MAX_BODY = 65536;

function labelOk(label: string): boolean {
  if (label.length === 0 || label.length > 64) return false;
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    if (!(isAlnum(c) || c === 32)) return false;
  }
  return label.endsWith('PRIVATE KEY') || label.endsWith('PRIVATE KEY BLOCK');
}

interface BodyVerdict {
  ok: boolean;
  base64: number;
  encrypted: boolean;
}

function judgeBody(body: string): BodyVerdict {
  let b64 = 0;
  for (let i = 0; i < body.length; i++) if (isBase64(body.charCodeAt(i))) b64++;
  const lower = asciiLower(body);
  const truncated = body.includes('...') || body.includes('…') || body.includes('<') || lower.includes('xxxxxxxx') || lower.includes('your') || lower.includes('redacted');
  return { ok: !truncated && b64 >= MIN_BODY, base64: b64, encrypted: lower.includes('proc-type: 4,encrypted') || lower.includes('encrypted') };
}

function titleFor(label: string): string {
  const l = label.replace(/ BLOCK$/, '');
  if (l === 'PRIVATE KEY') return 'Private key (PKCS#8)';
  if (l === 'ENCRYPTED PRIVATE KEY') return 'Encrypted private key (PKCS#8)';
  const algo = l.slice(0, -' PRIVATE KEY'.length);
  const names: Record<string, string> = { RSA: 'RSA', EC: 'EC', DSA: 'DSA', OPENSSH: 'OpenSSH', PGP: 'PGP', 'SSH2 ENCRYPTED': 'SSH2 encrypted' };
  return `${names[algo] ?? algo} private key`;
}

export function scanPrivateKeys(value: string, out: RawHit[]): void {
  if (value.indexOf('PRIVATE KEY') >= 0) {
    scanPem(value, out);
    scanSsh2(value, out);
  }
  if (value.indexOf('PuTTY-User-Key-File-') >= 0) scanPutty(value, out);
  if (value.indexOf('LS0tLS1CRUdJTi') >= 0) scanBase64Pem(value, out);
}

function scanPem(value: string, out: RawHit[]): void {
  let from = 0;
  for (;;) {
    if (out.length >= RAW_HIT_CAP) return;
    const p = value.indexOf(BEGIN, from);
    if (p < 0) return;
    const labelStart = p + BEGIN.length;
    const labelEnd = value.indexOf(DASHES, labelStart);
    if (labelEnd < 0) return;
    from = labelEnd;
    const label = value.slice(labelStart, labelEnd).trim();
    if (!labelOk(label)) continue;
    const bodyStart = labelEnd + DASHES.length;
    const dash = value.indexOf(DASHES, bodyStart);
    let bodyEnd: number;
    let end: number;
    let complete = false;
    if (dash >= 0 && dash - bodyStart <= MAX_BODY && value.startsWith('-----END ', dash)) {
      bodyEnd = dash;
      const close = value.indexOf(DASHES, dash + 9);
      end = close >= 0 && close - dash <= 80 ? close + DASHES.length : dash + 9;
      complete = true;
      from = end;
    } else {
      // No END marker: the body runs to the next dashes / end of value (bounded).
      bodyEnd = Math.min(dash >= 0 ? dash : value.length, bodyStart + MAX_BODY);
      end = bodyEnd;
      while (end > bodyStart && isSpace(value.charCodeAt(end - 1))) end--;
      from = Math.max(from, bodyEnd);
    }
    const body = value.slice(bodyStart, bodyEnd);
    const j = judgeBody(body);
    if (!j.ok) continue;
    const encrypted = label.includes('ENCRYPTED') || j.encrypted;
    const example = isExampleText(body);
    out.push({
      kind: 'private-key',
      title: titleFor(label),
      confidence: complete ? 'high' : 'medium',
      severity: example ? 'info' : encrypted ? 'warning' : 'error',
      start: p,
      end,
      isExample: example || undefined,
      detail: example ? 'documented example value' : [encrypted ? 'encrypted with a passphrase' : '', complete ? '' : 'no END line'].filter(Boolean).join('; ') || undefined,
      priority: 2,
    });
  }
}

function scanSsh2(value: string, out: RawHit[]): void {
  const B = '---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----';
  const E = '---- END SSH2 ENCRYPTED PRIVATE KEY ----';
  let from = 0;
  for (;;) {
    const p = value.indexOf(B, from);
    if (p < 0) return;
    const q = value.indexOf(E, p + B.length);
    const bodyEnd = q >= 0 && q - p <= MAX_BODY ? q : Math.min(value.length, p + B.length + MAX_BODY);
    from = bodyEnd;
    const j = judgeBody(value.slice(p + B.length, bodyEnd));
    if (!j.ok) continue;
    out.push({ kind: 'private-key', title: 'SSH2 encrypted private key', confidence: q >= 0 ? 'high' : 'medium', severity: 'warning', start: p, end: q >= 0 ? q + E.length : bodyEnd, detail: 'encrypted with a passphrase', priority: 2 });
  }
}

function scanPutty(value: string, out: RawHit[]): void {
  const H = 'PuTTY-User-Key-File-';
  let from = 0;
  // Cached forward searches (each marker is searched from a position at most once per occurrence).
  let pl = -2;
  let mac = -2;
  let p = value.indexOf(H);
  while (p >= 0) {
    if (out.length >= RAW_HIT_CAP) return;
    from = p + H.length;
    const limit = Math.min(value.length, p + MAX_BODY);
    const next = value.indexOf(H, from);
    const stop = next >= 0 && next < limit ? next : limit;
    if (pl !== -1 && pl < from) pl = value.indexOf('Private-Lines:', from);
    if (pl < 0) return;
    if (pl >= stop) {
      p = next;
      continue;
    }
    if (mac !== -1 && mac < pl) mac = value.indexOf('Private-MAC:', pl);
    const start = p;
    let end: number;
    let bodyEnd: number;
    if (mac >= 0 && mac < stop) {
      bodyEnd = mac;
      end = runEnd(value, mac + 12, (c) => c !== 10 && c !== 13, stop);
    } else {
      bodyEnd = stop;
      end = stop;
    }
    while (end > p && isSpace(value.charCodeAt(end - 1))) end--;
    const j = judgeBody(value.slice(pl + 14, bodyEnd));
    const header = value.slice(p, Math.min(stop, p + 200));
    p = next;
    if (!j.ok) continue;
    const encrypted = header.includes('Encryption:') && !header.includes('Encryption: none');
    out.push({ kind: 'private-key', title: 'PuTTY private key', confidence: 'high', severity: encrypted ? 'warning' : 'error', start, end, detail: encrypted ? 'encrypted with a passphrase' : undefined, priority: 2 });
  }
}

function scanBase64Pem(value: string, out: RawHit[]): void {
  const P = 'LS0tLS1CRUdJTi';
  let from = 0;
  for (;;) {
    const p = value.indexOf(P, from);
    if (p < 0) return;
    from = p + 1;
    if (p > 0 && isBase64(value.charCodeAt(p - 1))) continue;
    let e = runEnd(value, p, isBase64);
    from = Math.max(from, e);
    while (e < value.length && value.charCodeAt(e) === 61 && e - p < MAX_BODY) e++;
    if (e - p < 200) continue;
    const head = decodeBase64(value.slice(p, p + 96));
    if (!head) continue;
    const m = head.indexOf('-----', 11);
    if (m < 0) continue;
    const label = head.slice(11, m).trim();
    if (!labelOk(label)) continue;
    out.push({ kind: 'private-key', title: `Base64-encoded ${titleFor(label).replace(/^./, (c) => c.toLowerCase())}`, confidence: 'high', severity: 'error', start: p, end: e, priority: 2 });
  }
}
