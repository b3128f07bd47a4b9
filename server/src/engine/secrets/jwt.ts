/**
 * JSON Web Tokens: three base64url parts `header.payload.signature` where the header starts with
 * `eyJ` and decodes to a JSON object with a string `alg`. Five-part JWE tokens are skipped.
 * Expired tokens (`exp` in the past) are reported as info; the jwt.io sample token is an example.
 */
import { decodeBase64, isBase64Url, runEnd, utf8Decode } from './chars';
import { RAW_HIT_CAP, type RawHit } from './hit';
import type { SecretContext } from './types';

const MAX_HEADER = 2048;
const MAX_PAYLOAD = 32768;

function decodeJson(part: string, max: number): unknown {
  if (part.length === 0 || part.length > max) return undefined;
  const bin = decodeBase64(part, max);
  if (bin === undefined) return undefined;
  try {
    return JSON.parse(utf8Decode(bin));
  } catch {
    return undefined;
  }
}

const isPart = isBase64Url;

export function scanJwts(value: string, ctx: SecretContext, out: RawHit[]): void {
  let from = 0;
  for (;;) {
    if (out.length >= RAW_HIT_CAP) return;
    const p = value.indexOf('eyJ', from);
    if (p < 0) return;
    from = p + 1;
    if (p > 0) {
      const b = value.charCodeAt(p - 1);
      if (isPart(b) || b === 46) continue;
    }
    const e1 = runEnd(value, p, isPart);
    from = Math.max(from, e1);
    if (value.charCodeAt(e1) !== 46) continue;
    const s2 = e1 + 1;
    const e2 = runEnd(value, s2, isPart);
    from = Math.max(from, e2);
    if (e2 - s2 < 4 || value.charCodeAt(e2) !== 46) continue;
    const s3 = e2 + 1;
    const e3 = runEnd(value, s3, isPart);
    from = Math.max(from, e3);
    if (value.charCodeAt(e3) === 46 && isPart(value.charCodeAt(e3 + 1))) {
      from = runEnd(value, e3 + 1, (c) => isPart(c) || c === 46); // JWE or longer dotted run
      continue;
    }
    const header = decodeJson(value.slice(p, e1), MAX_HEADER);
    if (!header || typeof header !== 'object' || Array.isArray(header)) continue;
    const alg = (header as Record<string, unknown>).alg;
    if (typeof alg !== 'string' || alg.length === 0 || alg.length > 32) continue;
    const unsigned = alg.toLowerCase() === 'none';
    if (!unsigned && e3 - s3 < 16) continue;
    const payload = decodeJson(value.slice(s2, e2), MAX_PAYLOAD);
    const claims = payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
    const now = ctx.now ?? Date.now();
    const exp = claims && typeof claims.exp === 'number' ? claims.exp : undefined;
    const expired = exp !== undefined && exp * 1000 < now;
    const example = !!claims && claims.sub === '1234567890' && claims.name === 'John Doe';
    const details: string[] = [];
    if (example) details.push('jwt.io sample token');
    else if (expired) details.push(`expired ${new Date((exp as number) * 1000).toISOString().slice(0, 10)}`);
    else if (exp === undefined && claims) details.push('no expiry (exp) claim');
    if (unsigned) details.push('unsigned (alg none)');
    out.push({
      kind: 'jwt',
      title: 'JSON Web Token',
      confidence: claims ? (expired ? 'medium' : 'high') : 'medium',
      severity: example || expired ? 'info' : 'error',
      start: p,
      end: e3,
      isExample: example || undefined,
      detail: details.join('; ') || undefined,
      priority: 3,
    });
  }
}
