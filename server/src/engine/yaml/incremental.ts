/**
 * Per-document incremental YAML parsing: re-parse only the block an edit touches.
 *
 * A warm full parse of a 4,000-line serverless.yml costs more than the whole keystroke budget, so
 * for big files an edit is handled like this:
 *
 *  1. Diff the new text against the *baseline* (the last result known to be an exact, clean parse:
 *     no errors, one document, no anchors/aliases/merge keys/directives, no tabs) by common prefix
 *     and suffix: old `A X B`, new `A Y B`.
 *  2. Find the block holding the edit in the baseline tree: the top-level entry, or, when that entry
 *     is big and its value is a block mapping (`functions:`, `Resources:`, `resources.Resources`…),
 *     the entry of that mapping, and so on down. A block's region runs from its key's line start to
 *     the line start of the next sibling's key (or the end of the parent's region), so comments and
 *     blank lines between entries belong to the entry before them.
 *  3. Parse that region of the new text on its own (indentation kept, under one synthetic line per
 *     ancestor and followed by the next entry's key line, so yaml sees the same context), check
 *     that this is provably what the full parse would produce there (see `tryIncremental` for every
 *     condition), shift its ranges to the region start and splice it into a copy of the spine;
 *     everything after the region is re-used with its ranges shifted by the length delta,
 *     everything before it is shared as is.
 *     An edit of the *header* of a big block (its key line and the blank or comment lines before
 *     its first entry: `functions:` renamed, a comment typed after `Resources:`) re-parses just
 *     that header followed by the first entry's key line, and keeps the block (see `tryHeader`).
 *  4. Whenever a condition fails, parse the whole text (and keep the old baseline if the new text is
 *     not itself a clean baseline, so the next keystroke can again be incremental).
 *  5. Error recovery: while typing, a block is often briefly invalid (`method:x get`). When the only
 *     failed condition is that the region has syntax errors of its own — it still parses as one
 *     entry and the next line as the next entry, so no quote or bracket is left open — it is
 *     spliced anyway ('recovered'): its errors are reported, the rest of the tree is the last clean
 *     one. Such a result is not exact (a full parse may word or place the errors differently, and
 *     can misread what follows) and never becomes the baseline.
 *
 * Results are persistent: a returned ParsedDocument is never mutated afterwards (unchanged subtrees
 * are shared between versions; shifted ones are copies).
 */
import type { Comment, ParseProblem, ParsedDocument, Span, YMap, YNode, YPair, YScalar, YSeq } from './ast';
import { emptyParseInfo, parseYaml, type ParseInfo } from './parse';

export interface IncrementalOptions {
  /** Texts with fewer lines are always parsed in full (a full parse is cheap there). Default 300. */
  minLines?: number;
  /** A block at least this many characters long whose value is a block mapping is split into its entries. Default 1024. */
  descendChars?: number;
  /**
   * A region longer than this share of the text is not re-parsed on its own: that costs about a
   * full parse, and a failed check would then cost two. Default 0.5.
   */
  maxRegionShare?: number;
  /**
   * Splice a region that has syntax errors of its own, as long as they stay inside it (the region
   * still parses as one entry and the next line as the next entry, so no quote or bracket is left
   * open). The result is then not a baseline for later edits. Default true.
   */
  recover?: boolean;
}

export interface IncrementalStats {
  full: number;
  incremental: number;
  /** What the last `parse` call did. */
  last: 'cached' | 'full' | 'incremental' | 'recovered';
  /** Why the last call did not splice (when it did a full parse). */
  reason?: string;
  /** The re-parsed region of the last incremental parse (offsets in the new text). */
  region?: Span;
  /**
   * Of the last incremental parse: where the region ended in the previous baseline text, and the
   * length delta. Everything before `region.start` is unchanged (same node objects); everything
   * from `oldRegionEnd` on is the same, shifted by `delta` (copies).
   */
  oldRegionEnd?: number;
  delta?: number;
  /** The last incremental parse spliced a region with syntax errors of its own (not exact). */
  recovered?: boolean;
}

export const DEFAULT_MIN_LINES = 300;
export const DEFAULT_DESCEND_CHARS = 1024;

interface Frame {
  /** The mapping this entry belongs to. */
  map: YMap;
  index: number;
  /** Region of the entry in the baseline text: [start, end), both line starts (or text end). */
  start: number;
  end: number;
  /** Column of the entry's key. */
  indent: number;
}

type Attempt = ParsedDocument | string;

export class IncrementalYaml {
  private last: ParsedDocument | undefined;
  /** Last exact result that may serve as the base of a splice. */
  private base: ParsedDocument | undefined;
  private readonly minLines: number;
  private readonly descendChars: number;
  private readonly maxRegionShare: number;
  private readonly recover: boolean;
  readonly stats: IncrementalStats = { full: 0, incremental: 0, last: 'full' };

  constructor(options: IncrementalOptions = {}) {
    this.minLines = options.minLines ?? DEFAULT_MIN_LINES;
    this.descendChars = options.descendChars ?? DEFAULT_DESCEND_CHARS;
    this.maxRegionShare = options.maxRegionShare ?? 0.5;
    this.recover = options.recover ?? true;
  }

  parse(text: string): ParsedDocument {
    if (this.last && this.last.text === text) {
      this.stats.last = 'cached';
      return this.last;
    }
    if (this.base && this.base.text === text) {
      // Back to the baseline (an error typed and undone).
      this.stats.last = 'cached';
      return (this.last = this.base);
    }
    let attempt: Attempt = 'no baseline';
    if (this.base && hasAtLeastLines(text, this.minLines)) attempt = tryIncremental(this.base, text, this.descendChars, this.maxRegionShare, this.recover, this.stats);
    else if (this.base) attempt = `fewer than ${this.minLines} lines`;
    if (typeof attempt !== 'string') {
      this.stats.incremental++;
      this.stats.reason = undefined;
      if (this.stats.recovered) {
        // Not exact: keep the clean baseline, so the next edit is again diffed against it.
        this.stats.last = 'recovered';
        this.last = attempt;
      } else {
        this.stats.last = 'incremental';
        this.last = this.base = attempt;
      }
      return attempt;
    }
    const info = emptyParseInfo();
    const doc = parseYaml(text, { format: 'yaml' }, info);
    this.stats.full++;
    this.stats.last = 'full';
    this.stats.reason = attempt;
    this.stats.region = this.stats.oldRegionEnd = this.stats.delta = undefined;
    this.last = doc;
    if (isCleanBaseline(doc, info)) this.base = doc;
    // else: keep the previous baseline, so that once the edit is complete (the error typed away)
    // the next text can again be spliced into it.
    return doc;
  }
}

function hasAtLeastLines(text: string, n: number): boolean {
  if (n <= 1) return true;
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) if (++count >= n) return true;
  return false;
}

function onlyNodeLocalProblems(problems: readonly ParseProblem[]): boolean {
  // `unknown-tag` is produced by our converter for one node from that node's own text: a chunk
  // parse reproduces it exactly. Everything else (yaml errors and warnings) blocks splicing.
  for (const p of problems) if (p.code !== 'unknown-tag') return false;
  return true;
}

function isBlockMapAt(text: string, n: YNode | null | undefined): n is YMap {
  if (!n || n.type !== 'map' || n.intrinsic || n.tag !== undefined) return false;
  const c = text.charCodeAt(n.range.start);
  return c !== 123 /* { */ && n.entries.length > 0;
}

function hasLoneCR(text: string, from = 0, to = text.length): boolean {
  for (let i = text.indexOf('\r', from); i >= 0 && i < to; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) return true;
  return false;
}

export function isCleanBaseline(doc: ParsedDocument, info: ParseInfo): boolean {
  if (doc.documentCount !== 1 || !onlyNodeLocalProblems(doc.problems)) return false;
  if (info.anchors || info.aliases || info.mergeKeys || info.directives || info.docEnd) return false;
  if (!isBlockMapAt(doc.text, doc.root)) return false;
  if (doc.text.includes('\t') || hasLoneCR(doc.text)) return false;
  return true;
}

/** Start of the line holding `offset`. */
function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** When the key of `pair` is the first thing on its line, at column `indent`: that line's start. */
function keyLineStart(text: string, pair: YPair, indent: number): number | undefined {
  const k = pair.key.range.start;
  const ls = k - indent;
  if (ls < 0 || (ls > 0 && text.charCodeAt(ls - 1) !== 10)) return undefined;
  for (let i = ls; i < k; i++) if (text.charCodeAt(i) !== 32) return undefined;
  return ls;
}

/**
 * The entry of `map` (a block mapping whose keys sit at column `indent`) whose region holds `pos`,
 * within the parent region ending at `regionEnd`. With `preferPrevious`, an offset exactly at an
 * entry's line start is attributed to the entry before (an insertion there appends to it).
 */
function findEntry(text: string, map: YMap, indent: number, pos: number, regionEnd: number, preferPrevious: boolean): Frame | undefined {
  const entries = map.entries;
  let lo = 0;
  let hi = entries.length - 1;
  if (entries[0].key.range.start - indent > pos) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (entries[mid].key.range.start - indent <= pos) lo = mid;
    else hi = mid - 1;
  }
  let i = lo;
  let start = keyLineStart(text, entries[i], indent);
  if (start === undefined) return undefined;
  if (preferPrevious && start === pos && i > 0) {
    i--;
    start = keyLineStart(text, entries[i], indent);
    if (start === undefined) return undefined;
  }
  let end = regionEnd;
  if (i + 1 < entries.length) {
    const next = keyLineStart(text, entries[i + 1], indent);
    if (next === undefined || next > regionEnd) return undefined;
    end = next;
  }
  if (start > pos || start >= end) return undefined;
  return { map, index: i, start, end, indent };
}

/**
 * Line-level checks on the re-parsed region (`chunk`, its first line holding the key at column
 * `indent`). For nested regions (indent > 0) every content line after the first must be indented
 * deeper than the key, so nothing in the region can belong to an ancestor; lines at or left of the
 * key's column may only be comments after the last content line (they are checked to be real
 * comments by the caller). Top-level regions parse in the very same context as in the full text,
 * so only document markers and directives are refused there.
 */
function checkLines(chunk: string, indent: number): { ok: true; lowComments: number[] } | { ok: false; reason: string } {
  const lowComments: number[] = [];
  let pos = chunk.indexOf('\n');
  if (pos < 0) return { ok: true, lowComments };
  pos++;
  while (pos < chunk.length) {
    let eol = chunk.indexOf('\n', pos);
    if (eol < 0) eol = chunk.length;
    let i = pos;
    while (i < eol && chunk.charCodeAt(i) === 32) i++;
    const c = chunk.charCodeAt(i);
    const blank = i === eol || (c === 13 && i + 1 === eol);
    if (!blank) {
      const col = i - pos;
      if (indent === 0) {
        if (col === 0 && (c === 37 /* % */ || chunk.startsWith('---', i) || chunk.startsWith('...', i))) return { ok: false, reason: 'document marker or directive in the region' };
      } else if (col > indent) {
        if (lowComments.length) return { ok: false, reason: 'comment left of the block inside it' };
      } else if (c === 35 /* # */) {
        lowComments.push(i);
      } else {
        return { ok: false, reason: 'content at or left of the block key column' };
      }
    }
    pos = eol + 1;
  }
  return { ok: true, lowComments };
}

function spanShift(r: Span, d: number): Span {
  return { start: r.start + d, end: r.end + d };
}

/**
 * A copy of a subtree with every range shifted by `d` (copies never share range objects). Written
 * with explicit object literals rather than spreads: this runs over everything after an edit.
 */
export function shiftNode<T extends YNode>(n: T, d: number): T {
  const range = { start: n.range.start + d, end: n.range.end + d };
  if (n.type === 'scalar') {
    const c: YScalar = { type: 'scalar', range, value: n.value, quoted: n.quoted };
    if (n.block !== undefined) c.block = n.block;
    if (n.tag !== undefined) c.tag = n.tag;
    return c as T;
  }
  if (n.type === 'seq') {
    const src = n.items;
    const items = new Array<YNode>(src.length);
    for (let i = 0; i < src.length; i++) items[i] = shiftNode(src[i], d);
    const c: YSeq = { type: 'seq', range, items };
    if (n.tag !== undefined) c.tag = n.tag;
    return c as T;
  }
  const m = n as YMap;
  const src = m.entries;
  const entries = new Array<YPair>(src.length);
  for (let i = 0; i < src.length; i++) entries[i] = shiftPair(src[i], d);
  const c: YMap = { type: 'map', range, entries };
  if (m.intrinsic !== undefined) c.intrinsic = m.intrinsic;
  if (m.tag !== undefined) c.tag = m.tag;
  return c as T;
}

function shiftPair(p: YPair, d: number): YPair {
  return { key: shiftNode(p.key, d), value: p.value === null ? null : shiftNode(p.value, d), range: { start: p.range.start + d, end: p.range.end + d } };
}

/** Index of the first item whose range starts at or after `pos` (items sorted by start). */
function firstAtOrAfter<T extends { range: Span }>(xs: readonly T[], pos: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid].range.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function spliceSpans<T extends { range: Span }>(old: readonly T[], cs: number, ce: number, inserted: readonly T[], delta: number): T[] {
  const a = firstAtOrAfter(old, cs);
  const b = firstAtOrAfter(old, ce);
  const out = old.slice(0, a);
  for (const x of inserted) out.push(x);
  for (let i = b; i < old.length; i++) out.push({ ...old[i], range: spanShift(old[i].range, delta) });
  return out;
}

interface ChunkParse {
  /** The region's entry, ranges already in the new text's offsets. */
  pair: YPair;
  /** Ends (in the new text) of the context mappings at each level, innermost last. */
  levelEnds: number[];
  problems: ParseProblem[];
  comments: Comment[];
  /** The region has syntax errors of its own (see `recover`). */
  recovered: boolean;
}

/** Key of the synthetic ancestor lines a region is parsed under. */
const CONTEXT_KEY = '_sg_ctx_';

/**
 * Parses the region [cs, ne) of `text` in the same context as in the full text and checks that it
 * is one clean entry whose key sits at column `frames[last].indent`.
 *
 * The context: one synthetic `_sg_ctx_:` line per ancestor, at that ancestor's column, before the
 * region, and after it the beginning of the real next line up to its key's `:` (`nextLine`), when
 * there is one. yaml decides where a collection (and an empty node at its end) ends by looking at
 * the indentation and first token of the next line, so the region's tree and the ends of the
 * mappings it closes are computed from the same tokens as in the full parse.
 */
function parseChunk(text: string, cs: number, ne: number, frames: readonly Frame[], nextLine: string, nextIndent: number, nextKey: string, allowErrors: boolean): ChunkParse | string {
  const chunk = text.slice(cs, ne);
  const depth = frames.length - 1;
  const indent = frames[depth].indent;
  if (chunk.includes('\t')) return 'tab in the region';
  if (hasLoneCR(chunk)) return 'carriage return without line feed in the region';
  for (let i = 0; i < indent; i++) if (chunk.charCodeAt(i) !== 32) return 'indentation of the block changed';
  const lines = checkLines(chunk, indent);
  if (!lines.ok) return lines.reason;
  let prefix = '';
  for (let l = 0; l < depth; l++) prefix += `${' '.repeat(frames[l].indent)}${CONTEXT_KEY}:\n`;
  const P = prefix.length;
  const padded = prefix + chunk + nextLine;
  const info = emptyParseInfo();
  const doc = parseYaml(padded, { format: 'yaml' }, info);
  if (doc.documentCount !== 1) return 'region is not one document';
  const recovered = !onlyNodeLocalProblems(doc.problems);
  if (recovered && !allowErrors) return 'parse problems in the region';
  if (info.anchors || info.aliases || info.mergeKeys) return 'anchor, alias or merge key in the region';
  if (info.directives || info.docStart || info.docEnd) return 'document marker or directive in the region';
  // Walk down the synthetic ancestors to the region's mapping.
  const levelEnds: number[] = [];
  let node: YNode | null = doc.root;
  for (let l = 0; l <= depth; l++) {
    if (!isBlockMapAt(padded, node)) return 'region is not a block mapping entry';
    const withNext = nextLine !== '' && nextIndent === frames[l].indent;
    if (node.entries.length !== (withNext ? 2 : 1)) return 'region does not hold exactly one entry';
    if (withNext && String(node.entries[1].key.value) !== nextKey) return 'next line is not the next entry';
    levelEnds.push(node.range.end - P + cs);
    if (l < depth) {
      if (node.entries[0].key.value !== CONTEXT_KEY) return 'region is not a block mapping entry';
      node = node.entries[0].value;
    }
  }
  const pair = (node as YMap).entries[0];
  // An empty key's zero-width range is placed by yaml after the previous token, which lies before
  // the region in the full text: only a key with text of its own is located by the region alone.
  if (pair.key.range.start !== P + indent || pair.key.range.end <= P + indent) return 'key of the block moved or empty';
  const chunkEnd = P + chunk.length;
  const comments: Comment[] = [];
  for (const c of doc.comments) {
    if (c.range.start < P || c.range.end > chunkEnd) return 'comment outside the region';
    comments.push({ ...c, range: spanShift(c.range, cs - P) });
  }
  const problems: ParseProblem[] = [];
  for (const pr of doc.problems) {
    if (pr.range.start < P || pr.range.end > chunkEnd) return 'problem outside the region';
    problems.push({ ...pr, range: spanShift(pr.range, cs - P) });
  }
  if (lines.lowComments.length) {
    // Lines that look like comments must be comments (not the inside of a multi-line scalar).
    const starts = new Set(comments.map((c) => c.range.start - cs));
    for (const at of lines.lowComments) if (!starts.has(at)) return 'comment-like line inside a multi-line scalar';
  }
  return { pair: shiftPair(pair, cs - P), levelEnds, problems, comments, recovered };
}

const BLOCK = 256;

/** Length of the common prefix (block-wise string comparison first: far faster than a char loop). */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let p = 0;
  while (p + BLOCK <= n && a.slice(p, p + BLOCK) === b.slice(p, p + BLOCK)) p += BLOCK;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

/** Length of the common suffix, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let s = 0;
  while (s + BLOCK <= max && a.slice(a.length - s - BLOCK, a.length - s) === b.slice(b.length - s - BLOCK, b.length - s)) s += BLOCK;
  while (s < max && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return s;
}

function sameKey(a: YScalar, b: YScalar): boolean {
  return String(a.value) === String(b.value);
}

/**
 * Splices a re-parse of the edited block into `base`, or says why that would not be exact.
 *
 * Exactness argument. Let the baseline text be `A X B` with X the edited part and the new text
 * `A Y B`. The region [cs, ce) of the baseline is one entry of a block mapping: cs is its key's
 * line start (key at column k), ce the next sibling's (or an ancestor's next sibling's) key line
 * start, and `X` lies inside it. The yaml lexer and parser are left-to-right state machines; what
 * they decide at a line depends on the text before it plus, looking ahead, the next line's
 * indentation and first token. So:
 *  - before cs nothing changes: A is the same and the new region's first line keeps a non-empty
 *    key at column k (what A's last nodes look ahead at);
 *  - the region is parsed under synthetic ancestor lines at the real ancestors' columns and
 *    followed by the real next key line (up to its `:`), i.e. in the same context as in the full
 *    text; it must come out as exactly one clean entry (no problems except per-node unknown tags,
 *    so no flow collection or quoted scalar is left open at its end), the next line as the next
 *    entry at its level, and no content line of the region may sit at or left of column k (nothing
 *    inside can belong to an ancestor); no anchors, aliases, merge keys, directives, document
 *    markers, tabs or lone CRs;
 *  - the line at ce is unchanged (it lies in B: ce+Δ must be a line start of the new text), starts
 *    with a non-empty key (yaml would place an empty key next to the previous token, which lies in
 *    the region) and closes the region's block in both texts, with the parser in the same state
 *    as in the baseline: everything after it parses identically, shifted by Δ;
 *  - what the context parse cannot see is checked against the baseline tree: a renamed key equal
 *    to a sibling's (the full parse's duplicate-key error). The ends of the mappings whose last
 *    entry holds the region come from the context parse; all other mappings end after ce.
 * The random-edit tests in test/engine/yaml-incremental.test.ts compare the result with a full
 * parse for thousands of edits.
 */
function tryIncremental(base: ParsedDocument, text: string, descendChars: number, maxRegionShare: number, recover: boolean, stats: IncrementalStats): Attempt {
  const old = base.text;
  const root = base.root as YMap;
  // 1. Common prefix / suffix.
  const p = commonPrefix(old, text);
  const s = commonSuffix(old, text, Math.min(old.length, text.length) - p);
  const oldEditEnd = old.length - s;
  const delta = text.length - old.length;
  // An insertion exactly at a line start that ends with a line break appends lines to the entry before.
  const preferPrevious = oldEditEnd === p && delta > 0 && text.charCodeAt(p + delta - 1) === 10;

  // 2. The innermost entry holding the edit.
  const frames: Frame[] = [];
  let map = root;
  let indent = 0;
  let regionEnd = old.length;
  for (;;) {
    const f = findEntry(old, map, indent, p, regionEnd, preferPrevious);
    if (!f || oldEditEnd > f.end) break;
    frames.push(f);
    const v = map.entries[f.index].value;
    if (f.end - f.start < descendChars || !isBlockMapAt(old, v)) break;
    const childStart = v.entries[0].key.range.start;
    const childIndent = childStart - lineStartOf(old, childStart);
    if (childIndent <= indent) break;
    map = v;
    indent = childIndent;
    regionEnd = f.end;
  }
  if (!frames.length) return 'edit outside the top-level entries';
  const chunkFrame = frames[frames.length - 1];
  const cs = chunkFrame.start;
  const ce = chunkFrame.end;
  const ne = ce + delta;
  if (ne > text.length || ne <= cs) return 'region vanished';
  // An edit of a big block's key line (a top-level section renamed, a comment typed after it, a
  // comment line inserted before its first entry): only that header is parsed again, the block's
  // entries are kept. The innermost such block whose header holds the edit.
  for (let j = frames.length - 1; j >= 0; j--) {
    if (frames[j].end - frames[j].start < descendChars) continue;
    const spliced = tryHeader(base, text, j === frames.length - 1 ? frames : frames.slice(0, j + 1), oldEditEnd, delta, stats);
    if (typeof spliced !== 'string') return spliced;
  }
  if (ne < text.length && text.charCodeAt(ne - 1) !== 10) return 'edit joins the block with the next line';
  if (ne - cs > text.length * maxRegionShare) return 'region is most of the text';

  // The next entry's key line (unchanged, in B): the context the region is parsed with.
  let nextLine = '';
  let nextIndent = -1;
  let nextKey = '';
  for (let j = frames.length - 1; j >= 0; j--) {
    const f = frames[j];
    if (f.index + 1 < f.map.entries.length) {
      const next = f.map.entries[f.index + 1];
      // yaml places an empty key right after the previous token, i.e. inside the region: only a
      // next entry whose key has text of its own keeps its position (shifted by Δ) after the edit.
      if (next.key.range.end <= next.key.range.start) return 'next entry has an empty key';
      const lineEnd = old.indexOf('\n', next.key.range.end);
      const colon = old.indexOf(':', next.key.range.end);
      if (colon < 0 || (lineEnd >= 0 && colon > lineEnd)) return 'next entry has no colon on its key line';
      if (next.key.range.start - f.indent !== ce) return 'next entry does not start the next region';
      nextLine = old.slice(ce, colon + 1) + '\n';
      nextIndent = f.indent;
      nextKey = String(next.key.value);
      break;
    }
  }

  // 3. Parse the region on its own (in its context).
  const parsed = parseChunk(text, cs, ne, frames, nextLine, nextIndent, nextKey, recover);
  if (typeof parsed === 'string') return parsed;
  const newPair = parsed.pair;
  const parent = chunkFrame.map;
  if (!sameKey(parent.entries[chunkFrame.index].key, newPair.key)) {
    // A renamed key may now equal a sibling's: the full parse reports a duplicate key there.
    for (let i = 0; i < parent.entries.length; i++) {
      if (i !== chunkFrame.index && sameKey(parent.entries[i].key, newPair.key)) return 'key duplicates a sibling';
    }
  }

  // 4. Splice: copy the spine, shift what follows the region, share what precedes it. A mapping
  // whose last entry holds the region ends where the context parse says; any other ends after
  // the region and only moves by the length delta.
  let lastFrom = frames.length; // frames[lastFrom..] all hold the last entry of their mapping
  while (lastFrom > 0 && frames[lastFrom - 1].index === frames[lastFrom - 1].map.entries.length - 1) lastFrom--;
  let replacement: YPair = newPair;
  for (let j = frames.length - 1; j >= 0; j--) {
    const f = frames[j];
    const m = f.map;
    const entries = m.entries.slice(0, f.index);
    entries.push(replacement);
    for (let i = f.index + 1; i < m.entries.length; i++) entries.push(shiftPair(m.entries[i], delta));
    const isLast = j >= lastFrom;
    const end = isLast ? parsed.levelEnds[j] : m.range.end + delta;
    if (!isLast && m.range.end < ce) return 'mapping ends inside the region';
    const newMap: YMap = { ...m, entries, range: { start: m.range.start, end } };
    if (j === 0) {
      const doc: ParsedDocument = {
        text,
        format: 'yaml',
        root: newMap,
        problems: spliceSpans(base.problems, cs, ce, parsed.problems, delta),
        comments: spliceSpans<Comment>(base.comments, cs, ce, parsed.comments, delta),
        documentCount: 1,
      };
      stats.region = { start: cs, end: ne };
      stats.recovered = parsed.recovered;
      stats.oldRegionEnd = ce;
      stats.delta = delta;
      return doc;
    }
    const owner = frames[j - 1].map.entries[frames[j - 1].index];
    replacement = { key: owner.key, value: newMap, range: { start: owner.range.start, end: Math.max(owner.key.range.end, end) } };
  }
  return 'unreachable';
}

/**
 * Splices an edit of the *header* of a big entry whose value is a block mapping — its key line and
 * any blank or comment lines before the mapping's first key — keeping the mapping itself.
 *
 * Exactness: the header [cs, h) of the baseline (h: the line start of the mapping's first key) is
 * parsed again in the new text under the same synthetic ancestor lines as `parseChunk` uses,
 * followed by the unchanged first key line (up to its `:`). It must come out as one clean entry
 * whose key sits at the old column and has text of its own, whose value is an untagged block
 * mapping whose first key is the old first key at the old column, with no anchors, aliases, merge
 * keys or document markers, and every comment and problem inside the header. Then the lexer and
 * parser reach the first key line in the same state as in the baseline (a mapping key at that
 * column, the value of a key at the entry's column): everything from h on parses as before,
 * shifted by the length delta, and every mapping around ends where it ended, shifted. A renamed
 * key equal to a sibling's is refused (the full parse reports a duplicate key there).
 */
function tryHeader(base: ParsedDocument, text: string, frames: readonly Frame[], oldEditEnd: number, delta: number, stats: IncrementalStats): Attempt {
  const old = base.text;
  const f = frames[frames.length - 1];
  const pair = f.map.entries[f.index];
  const value = pair.value;
  if (!isBlockMapAt(old, value) || value.tag !== undefined) return 'not a block mapping';
  const first = value.entries[0];
  const h = lineStartOf(old, first.key.range.start);
  const childIndent = first.key.range.start - h;
  if (childIndent <= f.indent || first.key.range.end <= first.key.range.start) return 'first key of the block';
  if (oldEditEnd > h || h <= f.start) return 'edit is not in the header';
  const lineEnd = old.indexOf('\n', first.key.range.end);
  const colon = old.indexOf(':', first.key.range.end);
  if (colon < 0 || (lineEnd >= 0 && colon > lineEnd)) return 'first key has no colon on its line';
  const nh = h + delta;
  if (nh <= f.start || text.charCodeAt(nh - 1) !== 10) return 'header vanished';
  const parsed = parseChunk(text, f.start, nh, frames, old.slice(h, colon + 1) + '\n', childIndent, String(first.key.value), false);
  if (typeof parsed === 'string') return parsed;
  const v = parsed.pair.value;
  if (!v || v.type !== 'map' || v.tag !== undefined || v.intrinsic || v.entries.length !== 1 || v.range.start !== value.range.start + delta) return 'header value is not the block';
  const k = v.entries[0].key;
  if (k.range.start !== first.key.range.start + delta || !sameKey(k, first.key) || k.quoted !== first.key.quoted) return 'header value is not the block';
  const key = parsed.pair.key;
  if (!sameKey(pair.key, key)) {
    for (let i = 0; i < f.map.entries.length; i++) if (i !== f.index && sameKey(f.map.entries[i].key, key)) return 'key duplicates a sibling';
  }
  const newValue = shiftNode(value, delta);
  let replacement: YPair = { key, value: newValue, range: { start: key.range.start, end: Math.max(key.range.end, newValue.range.end) } };
  for (let j = frames.length - 1; j >= 0; j--) {
    const fr = frames[j];
    const m = fr.map;
    if (m.range.end < h) return 'mapping ends inside the header';
    const entries = m.entries.slice(0, fr.index);
    entries.push(replacement);
    for (let i = fr.index + 1; i < m.entries.length; i++) entries.push(shiftPair(m.entries[i], delta));
    const newMap: YMap = { ...m, entries, range: { start: m.range.start, end: m.range.end + delta } };
    if (j === 0) {
      stats.region = { start: f.start, end: nh };
      stats.recovered = false;
      stats.oldRegionEnd = h;
      stats.delta = delta;
      return {
        text,
        format: 'yaml',
        root: newMap,
        problems: spliceSpans(base.problems, f.start, h, parsed.problems, delta),
        comments: spliceSpans<Comment>(base.comments, f.start, h, parsed.comments, delta),
        documentCount: 1,
      };
    }
    const owner = frames[j - 1].map.entries[frames[j - 1].index];
    replacement = { key: owner.key, value: newMap, range: { start: owner.range.start, end: Math.max(owner.key.range.end, newMap.range.end) } };
  }
  return 'unreachable';
}
