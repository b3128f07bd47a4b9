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
  /** Covers every line from `line` to this one (another tool's skip metadata on a resource, tool-skips.ts). */
  lastLine?: number;
  range: Span;
}

/**
 * Allowlist comments of other secret scanners, honoured like our own suppression (same line, or an
 * own-line comment above) for the rules that report hardcoded secrets. The reason is implied.
 */
export const SECRET_ALLOWLIST_COMMENTS: readonly { marker: string; nextLine: boolean; tool: string; source: string }[] = [
  // detect-secrets, "Inline Allowlisting": https://github.com/Yelp/detect-secrets#inline-allowlisting
  { marker: 'pragma: allowlist nextline secret', nextLine: true, tool: 'detect-secrets', source: 'https://github.com/Yelp/detect-secrets#inline-allowlisting' },
  { marker: 'pragma: allowlist secret', nextLine: false, tool: 'detect-secrets', source: 'https://github.com/Yelp/detect-secrets#inline-allowlisting' },
  // gitleaks README, "gitleaks:allow": a comment on the line of the finding.
  { marker: 'gitleaks:allow', nextLine: false, tool: 'gitleaks', source: 'https://github.com/gitleaks/gitleaks#gitleaksallow' },
];
/** Can `text` hold a suppression or allowlist comment at all? (A cheap test before collecting comments.) */
export function mayHoldSuppression(text: string): boolean {
  return text.includes(SUPPRESS_MARKER) || SECRET_ALLOWLIST_COMMENTS.some((a) => text.includes(a.marker));
}

/** The rules an allowlist comment silences. */
export const SECRET_RULE_IDS: readonly string[] = ['secret-in-config', 'secret-in-code', 'secret-parameter-default'];

/** `text` is the comment's content without its `#` / `//`. */
export function parseSuppression(text: string, range: Span, lines: LineIndex): Suppression | undefined {
  const t = text.trim();
  if (!t.startsWith(SUPPRESS_MARKER)) {
    for (const a of SECRET_ALLOWLIST_COMMENTS) {
      if (!t.includes(a.marker)) continue;
      const line = lines.positionAt(range.start).line;
      const before = lines.text.slice(lines.lineStart(line), range.start);
      const reason = `${a.tool} allowlist comment`;
      if (a.nextLine) return { ruleIds: [...SECRET_RULE_IDS], reason, line: line + 1, ownLine: false, range };
      return { ruleIds: [...SECRET_RULE_IDS], reason, line, ownLine: before.trim() === '', range };
    }
    return undefined;
  }
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
    if (s.lastLine !== undefined && line >= s.line && line <= s.lastLine) return s;
    // an own-line comment directly above the finding's line
    if (s.ownLine && s.line === line - 1) return s;
  }
  return undefined;
}
