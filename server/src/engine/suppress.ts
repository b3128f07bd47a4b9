/**
 * Inline suppressions: `# serverless-guard-ignore <rule-id>[, <rule-id>...] -- <reason>` (or `//` in
 * JS/TS) on the line before a finding or on the same line. A suppression without a reason still
 * silences the finding, but is itself reported (rule `suppression-reason-required`).
 */
import type { LineIndex } from './text';
import type { Span } from './types';

export const SUPPRESS_MARKER = 'serverless-guard-ignore';
export const REASON_PLACEHOLDER = '<reason>';

export interface Suppression {
  ruleIds: string[];
  reason: string;
  /** The line the comment is on (0-based). */
  line: number;
  /** Nothing but whitespace before the comment on its line: it then also covers the next line. */
  ownLine: boolean;
  range: Span;
}

/** `text` is the comment's content without its `#` / `//`. */
export function parseSuppression(text: string, range: Span, lines: LineIndex): Suppression | undefined {
  const t = text.trim();
  if (!t.startsWith(SUPPRESS_MARKER)) return undefined;
  const rest = t.slice(SUPPRESS_MARKER.length);
  if (rest.length && rest[0] !== ' ' && rest[0] !== '\t') return undefined;
  const sep = rest.indexOf('--');
  const idsPart = sep >= 0 ? rest.slice(0, sep) : rest;
  let reason = sep >= 0 ? rest.slice(sep + 2).trim() : '';
  if (reason === REASON_PLACEHOLDER) reason = '';
  const ruleIds = idsPart.split(/[\s,]+/).filter(Boolean);
  const line = lines.positionAt(range.start).line;
  const before = lines.text.slice(lines.lineStart(line), range.start);
  return { ruleIds, reason, line, ownLine: before.trim() === '', range };
}

export function findSuppressions(comments: { text: string; range: Span }[], lines: LineIndex): Suppression[] {
  const out: Suppression[] = [];
  for (const c of comments) {
    const s = parseSuppression(c.text, c.range, lines);
    if (s) out.push(s);
  }
  return out;
}

/** Does a suppression cover a finding of `ruleId` starting on `line`? */
export function suppressionFor(sups: Suppression[], ruleId: string, line: number): Suppression | undefined {
  for (const s of sups) {
    if (!s.ruleIds.includes(ruleId) && !s.ruleIds.includes('*')) continue;
    if (s.line === line) return s;
    // an own-line comment directly above the finding's line
    if (s.ownLine && s.line === line - 1) return s;
  }
  return undefined;
}
