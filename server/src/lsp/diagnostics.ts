/**
 * Findings → LSP diagnostics, reusing the diagnostic of every finding that did not change.
 *
 * A keystroke in a big config re-publishes the whole set (LSP has no partial publish), but almost
 * every finding is the same as in the last version: same rule, severity, message and line/character
 * of both ends (a one-line edit moves the offsets of every finding after it, but the positions only
 * of those on its own line). The converted diagnostic of such a finding is kept per document and
 * re-used as is. Findings with related locations are converted every time (they may point into
 * other files). Two publishes are kept (the last and the one before): a keystroke that briefly
 * breaks the file (`custom:x`, most findings gone) and the next one that repairs it then re-use
 * the diagnostics from before the break instead of converting them all again. What is left per
 * publish is the serialisation of the notification, which the JSON-RPC layer does for the whole
 * message (measured by `npm run bench`).
 */
import type { Diagnostic } from 'vscode-languageserver/node';
import type { LineIndex } from '../engine/text';
import type { Finding } from '../engine/types';

export interface ConversionStats {
  reused: number;
  converted: number;
}

/** A converted diagnostic and the identity of its finding; `next` chains those starting at the same position. */
interface Kept {
  endLine: number;
  endChar: number;
  ruleId: string;
  severity: string;
  message: string;
  diagnostic: Diagnostic;
  next: Kept | undefined;
}

/** Kept diagnostics by start position (line · 2^22 + character: a number, so no key string is built per finding). */
type Generation = Map<number, Kept>;

const LINE_FACTOR = 4194304; // 2^22

function find(gen: Generation | undefined, at: number, el: number, ec: number, f: Finding): Kept | undefined {
  for (let k = gen?.get(at); k; k = k.next) if (k.endLine === el && k.endChar === ec && k.ruleId === f.ruleId && k.severity === f.severity && k.message === f.message) return k;
  return undefined;
}

export class DiagnosticConverter {
  private readonly byUri = new Map<string, { last: Generation; before?: Generation }>();
  readonly stats: ConversionStats = { reused: 0, converted: 0 };

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  convert(uri: string, findings: readonly Finding[], lines: LineIndex, make: (f: Finding) => Diagnostic): Diagnostic[] {
    const gens = this.byUri.get(uri);
    const prev = gens?.last;
    const older = gens?.before;
    const next: Generation = new Map();
    const out = new Array<Diagnostic>(findings.length);
    for (let i = 0; i < findings.length; i++) {
      const f = findings[i];
      if (f.related?.length) {
        out[i] = make(f);
        this.stats.converted++;
        continue;
      }
      // Identity: rule, severity, message and line/character of both ends (a keystroke moves the
      // offsets of every finding after it, but the positions only of those on its own line).
      const sl = lineOf(lines, f.range.start);
      const el = f.range.end === f.range.start ? sl : lineOf(lines, f.range.end);
      const sc = clamp(lines, f.range.start) - lines.lineStart(sl);
      const ec = clamp(lines, f.range.end) - lines.lineStart(el);
      const at = sl * LINE_FACTOR + sc;
      const hit = find(prev, at, el, ec, f) ?? find(older, at, el, ec, f) ?? find(next, at, el, ec, f);
      let d: Diagnostic;
      if (hit) {
        d = hit.diagnostic;
        this.stats.reused++;
      } else {
        d = make(f);
        this.stats.converted++;
      }
      if (!hit || !find(next, at, el, ec, f)) next.set(at, { endLine: el, endChar: ec, ruleId: f.ruleId, severity: f.severity, message: f.message, diagnostic: d, next: next.get(at) });
      out[i] = d;
    }
    this.byUri.set(uri, { last: next, before: prev });
    return out;
  }
}

function clamp(lines: LineIndex, offset: number): number {
  return Math.max(0, Math.min(offset, lines.text.length));
}

/** The line holding `offset` (as `lines.positionAt(offset).line`, without allocating). */
function lineOf(lines: LineIndex, offset: number): number {
  const o = clamp(lines, offset);
  let lo = 0;
  let hi = lines.lineCount - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines.lineStart(mid) <= o) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
