/**
 * Per-entry finding reuse: a keystroke re-checks only the entries whose text changed.
 *
 * A rule whose findings for one entry (a function, a resource, a policy statement) depend only on
 * that entry's text and on a context the rule names (the file kind, the entry's path, the provider
 * block it inherits…) declares so by checking each entry through `checkEntry` (or `replay` /
 * `begin` / `end` when it walks entries itself). The engine keeps, per file and rule, what each
 * entry reported last time, keyed by context + entry text; on the next analysis an entry with the
 * same key is not checked again: its findings are re-reported at the entry's new offset.
 *
 * What makes this exact:
 *  - the key holds the entry's whole text, so a reused entry has the same length and its findings'
 *    offsets relative to the entry start are the same;
 *  - only findings whose range (and related locations) lie inside the entry are recorded; an entry
 *    that reported anything outside itself is not recorded (it is checked every time);
 *  - fixes are not reused (they may edit other parts of the file, and depend on them): a replayed
 *    finding's fixes are built, when first read, by running the rule once more without reuse on
 *    the same text and taking the fixes of the finding with the same range and message;
 *  - a rule that throws keeps the previous record (nothing half-recorded is ever kept); the record
 *    of a run holds only the keys used in that run, plus (one generation back) those of the run
 *    before it, so memory follows the file's entries (at most twice).
 * Two generations, because typing often passes through a state that has few or none of the
 * entries and comes back: a character typed right after a top-level key's colon (`custom:x`) turns
 * the rest of the file into one broken entry, changing `Transform:` turns a SAM template into plain
 * CloudFormation; the next keystroke (the character deleted) restores the entries of the run
 * before, which are then re-reported instead of all checked again. The generations are kept per
 * file kind: changing `Transform:` (`AWS::xServerless…`, `Transforim:`) makes the template plain
 * CloudFormation, whose entries are checked under other keys; the SAM runs in between do not push
 * the CloudFormation records out, so the next such keystroke re-reports them (memory: at most two
 * runs' records per kind the file has had).
 * `test/engine/finding-reuse.test.ts` compares reused results with fresh analyses after random edits
 * everywhere in big configs (and fails when a replay is shifted or a context is left out of a key).
 */
import type { ReportInput, Rule, RuleContext } from './rule';
import type { Fix, RelatedLocation, Severity, Span } from './types';

/** What a rule sees (`ctx.reuse`); absent when reuse is off (then every entry is checked). */
export interface EntryReuse {
  /**
   * Re-reports what the entry with this key reported last time, shifted to start at `at`. False
   * when nothing is recorded for the key: the rule must check the entry (inside `begin`/`end`).
   * `onReport` is told the range of each re-reported finding (a rule that de-duplicates by range
   * keeps doing so across replayed and checked findings).
   */
  replay(key: string, at: number, onReport?: (range: Span) => void): boolean;
  /** Reports until `end()` belong to the entry `key` spanning `span` (recorded when all lie inside it). */
  begin(key: string, span: Span): void;
  end(): void;
}

interface Recorded {
  start: number;
  end: number;
  message: string;
  severity?: Severity;
  related?: RelatedLocation[];
}

/** Checks one entry through the reuse record (or directly when reuse is off). */
export function checkEntry(ctx: RuleContext, span: Span, context: string, check: () => void): void {
  const reuse = ctx.reuse;
  if (!reuse) return check();
  const key = `${context}\u0000${ctx.text.slice(span.start, span.end)}`;
  if (reuse.replay(key, span.start)) return;
  reuse.begin(key, span);
  try {
    check();
  } finally {
    reuse.end();
  }
}

/** Counters (tests and the bench). */
export interface ReuseStats {
  replayed: number;
  checked: number;
}

/** A rule's records for one file kind: those of its last run, and those of the run before (see above). */
interface Generations {
  last: Map<string, Recorded[]>;
  before: Map<string, Recorded[]> | undefined;
}

/** The engine's store: per file, per rule and kind, the findings of each entry key of the last two runs. */
export class FindingReuse {
  private readonly files = new Map<string, Map<string, Generations>>();
  readonly stats: ReuseStats = { replayed: 0, checked: 0 };
  /** Off: rules check every entry (tests compare against this). */
  enabled = true;

  forget(path: string): void {
    this.files.delete(path);
  }

  /**
   * Sets `ctx.reuse` for one rule's run and returns the commit to call when the check returned
   * normally. `ctx.report` must already be the engine's.
   */
  open(path: string, rule: Rule, ctx: RuleContext): () => void {
    if (!this.enabled) return () => {};
    let perRule = this.files.get(path);
    if (!perRule) this.files.set(path, (perRule = new Map()));
    const store = perRule;
    // Per rule and file kind: the records of one kind survive the runs of another (see above).
    const storeKey = `${rule.meta.id}\u0000${ctx.kind}`;
    const gens = store.get(storeKey);
    const prev = gens?.last;
    const older = gens?.before;
    const next = new Map<string, Recorded[]>();
    const stats = this.stats;
    const report = ctx.report;
    // Fixes of replayed findings: one run of the rule without reuse on this text, when first asked.
    let fresh: ReportInput[] | undefined;
    const fixesOf = (start: number, end: number, message: string) => (): Fix[] => {
      if (!fresh) {
        const out: ReportInput[] = [];
        rule.check({ ...ctx, reuse: undefined, report: (f) => out.push(f) });
        fresh = out;
      }
      const f = fresh.find((x) => x.range.start === start && x.range.end === end && x.message === message);
      const fixes = f?.fixes;
      return typeof fixes === 'function' ? fixes() : fixes ?? [];
    };
    let current: { key: string; span: Span; found: Recorded[]; inside: boolean } | undefined;
    ctx.report = (f) => {
      if (current) {
        const { span } = current;
        const inside = f.range.start >= span.start && f.range.end <= span.end && (f.related ?? []).every((r) => r.file === ctx.file && r.range.start >= span.start && r.range.end <= span.end);
        if (inside) {
          const d = span.start;
          current.found.push({
            start: f.range.start - d,
            end: f.range.end - d,
            message: f.message,
            severity: f.severity,
            related: f.related?.map((r) => ({ ...r, range: { start: r.range.start - d, end: r.range.end - d } })),
          });
        } else current.inside = false;
      }
      report(f);
    };
    ctx.reuse = {
      replay(key, at, onReport) {
        const rec = prev?.get(key) ?? older?.get(key) ?? next.get(key);
        if (!rec) return false;
        next.set(key, rec);
        stats.replayed++;
        for (const r of rec) {
          const start = r.start + at;
          const end = r.end + at;
          onReport?.({ start, end });
          report({
            range: { start, end },
            message: r.message,
            severity: r.severity,
            related: r.related?.map((x) => ({ ...x, range: { start: x.range.start + at, end: x.range.end + at } })),
            fixes: fixesOf(start, end, r.message),
          });
        }
        return true;
      },
      begin(key, span) {
        stats.checked++;
        current = { key, span, found: [], inside: true };
      },
      end() {
        if (current?.inside) next.set(current.key, current.found);
        current = undefined;
      },
    };
    return () => {
      store.set(storeKey, { last: next, before: prev });
    };
  }
}

let anchorText: string | undefined;
let anchorSeen = false;

/** True when the text may hold anchors (an alias can carry values from elsewhere into an entry). */
function mayHaveAnchors(text: string): boolean {
  if (text !== anchorText) {
    anchorText = text;
    anchorSeen = text.includes('&');
  }
  return anchorSeen;
}

/**
 * Checks one IAM policy statement as an entry. The model resolves a statement's values from
 * elsewhere in the file only through `${…}` variables (and aliases): such a statement is checked
 * every time; any other one's findings depend on its own text plus `context` (the rule passes
 * where the statement is, which its messages name). In a SAM / CloudFormation template the model
 * resolves no `${…}` (a `!Sub`'s references stay intrinsic); a rule that follows them itself (the
 * sample ARN of `${Bucket.Arn}`) and puts what it found in `context` passes `subInContext`, and
 * such a statement of a template is reused too.
 */
export function checkStatementEntry(ctx: RuleContext, node: { range: Span }, context: string, check: () => void, subInContext = false): void {
  if (!ctx.reuse || mayHaveAnchors(ctx.text)) return check();
  const { start, end } = node.range;
  const i = subInContext && (ctx.kind === 'sam' || ctx.kind === 'cfn') ? -1 : ctx.text.indexOf('${', start);
  if (i >= 0 && i < end) return check();
  checkEntry(ctx, node.range, `${ctx.kind}\u0000${context}`, check);
}
