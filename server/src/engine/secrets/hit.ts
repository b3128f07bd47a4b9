/** Internal candidate shape shared by the scanners (before overlap resolution and masking). */
import type { Confidence, SecretKind, Severity } from './types';

export interface RawHit {
  kind: SecretKind;
  title: string;
  confidence: Confidence;
  severity: Severity;
  start: number;
  end: number;
  isExample?: boolean;
  detail?: string;
  /** Lower wins when hits overlap: 1 fixed-format tokens, 2 private keys, 3 JWTs, 4 keyed/paired, 5 URLs, 6 generic. */
  priority: number;
}

/** Scanners stop collecting candidates for one value after this many (output is capped at 1000 anyway). */
export const RAW_HIT_CAP = 1200;

/** Documented examples are always reported as info. */
export function exampleAdjusted(h: RawHit): RawHit {
  return h.isExample ? { ...h, severity: 'info' } : h;
}
