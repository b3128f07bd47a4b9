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

export class DiagnosticConverter {
  private readonly byUri = new Map<string, { last: Map<string, Diagnostic>; before?: Map<string, Diagnostic> }>();
  readonly stats: ConversionStats = { reused: 0, converted: 0 };

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  convert(uri: string, findings: readonly Finding[], lines: LineIndex, make: (f: Finding) => Diagnostic): Diagnostic[] {
    const gens = this.byUri.get(uri);
    const prev = gens?.last;
    const older = gens?.before;
    const next = new Map<string, Diagnostic>();
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
      const key = `${sl}:${f.range.start - lines.lineStart(sl)}:${el}:${clamp(lines, f.range.end) - lines.lineStart(el)}\u0000${f.ruleId}\u0000${f.severity}\u0000${f.message}`;
      let d = prev?.get(key) ?? older?.get(key) ?? next.get(key);
      if (d) this.stats.reused++;
      else {
        d = make(f);
        this.stats.converted++;
      }
      next.set(key, d);
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
