/**
 * `classifyValue`: runs every scanner over one value and resolves overlaps. See index.ts.
 */
import { scanAwsContextual } from './aws';
import { scanGeneric } from './generic';
import type { RawHit } from './hit';
import { scanJwts } from './jwt';
import { analyzeKeyName } from './keyname';
import { maskSecret } from './mask';
import { isNonLiteral as isNonLiteralBase } from './placeholder';
import { scanPrivateKeys } from './pem';
import type { SecretContext, SecretHit } from './types';
import { hasUrlCredentials, scanKeyValueConnectionStrings, scanUrls } from './uri';
import { scanPrefixTokens } from './vendors';

/** See index.ts. */
export function isNonLiteral(value: string): boolean {
  return isNonLiteralBase(value, hasUrlCredentials);
}

const DEFAULT_CTX: SecretContext = { location: 'other' };

export function classifyValue(value: string, ctx: SecretContext = DEFAULT_CTX): SecretHit[] {
  if (typeof value !== 'string' || value.length === 0) return [];
  const c = ctx ?? DEFAULT_CTX;
  const raw: RawHit[] = [];
  scanPrefixTokens(value, c, raw);
  scanPrivateKeys(value, raw);
  if (value.indexOf('eyJ') >= 0) scanJwts(value, c, raw);
  if (value.indexOf('://') >= 0) scanUrls(value, c, raw);
  scanKeyValueConnectionStrings(value, raw);
  const info = analyzeKeyName(c.keyName);
  scanAwsContextual(value, c, info, raw, raw.some((h) => h.kind === 'aws-access-key-id'));
  scanGeneric(value, c.keyName, c, raw);
  return resolve(value, raw);
}

/** At most this many hits are returned for one value (a value with more is a data blob). */
export const MAX_HITS_PER_VALUE = 1000;

/** Keeps, among overlapping candidates, the most specific (lowest priority number, then longest). */
function resolve(value: string, raw: RawHit[]): SecretHit[] {
  if (raw.length === 0) return [];
  const sorted = raw
    .filter((h) => h.end > h.start && h.start >= 0 && h.end <= value.length)
    .sort((a, b) => a.priority - b.priority || b.end - b.start - (a.end - a.start) || a.start - b.start);
  // Kept intervals, sorted by start and pairwise disjoint: overlap test by binary search.
  const kept: RawHit[] = [];
  for (const h of sorted) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid].start < h.start) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && kept[lo - 1].end > h.start) continue;
    if (lo < kept.length && kept[lo].start < h.end) continue;
    kept.splice(lo, 0, h);
  }
  const out = kept.length > MAX_HITS_PER_VALUE ? kept.slice(0, MAX_HITS_PER_VALUE) : kept;
  return out.map((h) => {
    const hit: SecretHit = {
      kind: h.kind,
      title: h.title,
      confidence: h.confidence,
      severity: h.isExample ? 'info' : h.severity,
      start: h.start,
      end: h.end,
      masked: maskSecret(value.slice(h.start, h.end)),
    };
    if (h.isExample) hit.isExample = true;
    if (h.detail) hit.detail = h.detail;
    return hit;
  });
}
