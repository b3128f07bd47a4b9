/**
 * Path-segment checks for path traversal: what a handler proves about a file name before it
 * builds a path from it.
 *
 * - Substring checks that reject a separator or `..` (`if (name.includes('..') || name.includes('/'))
 *   return 400`, `if '..' in name or '/' in name: raise`, `name.indexOf('/') !== -1`,
 *   `name.find('..') != -1`) leave a mark on the value (`nin:/`, `nin:..`) where the check holds.
 * - `path.basename(x) === x` / `os.path.basename(x) == x`: the value has no separator.
 * - Elements of `x.split('/')` are single segments until they are joined again.
 * - `SEGMENT_CHECKS` (data) says what each absent substring proves.
 *
 * Containment checks (`path.resolve(base, x).startsWith(base)`, `os.path.realpath(p).startswith(base)`,
 * `commonpath`, `is_relative_to` of a resolved path) live in guards.ts with the other prefix tests.
 *
 * Weak checks prove nothing: `x.startsWith(base)` on an unresolved path (or on Python's
 * `os.path.join`, which keeps `..`), `includes('../')`, and `..`-free values that are used whole
 * (`open(name)`, `os.path.join(base, name)` and `path.resolve(base, name)` both restart at an
 * absolute `name`).
 */
import type { Ex } from './ir';
import type { Engine, Frame } from './engine';
import { BIT, type AV, type Fact, CLEAN, clearKinds, flowsOf, isTainted } from './values';

export interface SegmentCheck {
  /** The substring proven absent. */
  absent: string;
  /**
   * `anywhere`: the value is one path segment wherever it goes (a value without `/` cannot name
   * another directory; `..` as the whole value names the parent directory itself, as
   * `path.basename` results do). `after-prefix`: safe only when appended to a non-empty prefix
   * by concatenation or Node's `path.join` (an absolute value stays below the prefix there).
   */
  proves: 'anywhere' | 'after-prefix';
  source: string;
}

/** What an absent substring proves about a value used in a path (Lambda runs on Linux: `/` is the only separator). */
export const SEGMENT_CHECKS: readonly SegmentCheck[] = [
  { absent: '/', proves: 'anywhere', source: 'POSIX path resolution: / separates segments https://pubs.opengroup.org/onlinepubs/9699919799/basedefs/V1_chap04.html#tag_04_13' },
  { absent: '..', proves: 'after-prefix', source: 'Node path.join keeps an absolute later segment below the earlier ones https://nodejs.org/api/path.html#pathjoinpaths; string concatenation likewise' },
];

/** Basename functions: `basename(x) === x` means `x` has no separator. */
export const BASENAME_CALLS: ReadonlySet<string> = new Set(['path.basename', 'path.posix.basename', 'os.path.basename', 'posixpath.basename']);

const MARK = 'nin:';

/** Marks of a value (`nin:/`, `sw:/`, ...). */
function marksOf(av: AV): readonly string[] {
  return (av.x?.marks as string[] | undefined) ?? [];
}

/** Sink kinds cleared by the absence marks of a value, wherever it is used. */
export function segmentMarksMask(marks: readonly string[]): number {
  for (const c of SEGMENT_CHECKS) if (c.proves === 'anywhere' && marks.includes(MARK + c.absent)) return BIT['path-traversal'];
  return 0;
}

/** The value is known to be free of `..` (safe after a non-empty prefix). */
export function relativeSegment(av: AV): boolean {
  const m = marksOf(av);
  return SEGMENT_CHECKS.some((c) => c.proves === 'after-prefix' && m.includes(MARK + c.absent));
}

/** A `..`-free value placed after a prefix: clear path traversal for it. */
export function afterPrefix(av: AV): AV {
  return relativeSegment(av) ? clearKinds(av, BIT['path-traversal']) : av;
}

/** `recv` does not contain the constant `needle` (where the check holds). */
export function substringAbsentFacts(E: Engine, recvEx: Ex, needle: AV, fr: Frame): Fact[] | undefined {
  if (!needle.hasC || typeof needle.c !== 'string' || !SEGMENT_CHECKS.some((c) => c.absent === needle.c)) return undefined;
  const k = E.keyOf(recvEx);
  if (!k || !isTainted(E.ev(recvEx, fr))) return undefined;
  return [{ key: k, av: CLEAN, mark: MARK + needle.c }];
}

/** `x.includes(C)` / `x.indexOf(C)` / `x.find(C)` / `C in x` is false: facts for `x`. */
export function absentFacts(E: Engine, test: Ex, fr: Frame): Fact[] | undefined {
  if (test.k === 'call' && test.callee.k === 'member' && (test.callee.prop === 'includes' || test.callee.prop === '__contains__') && test.args[0]) {
    return substringAbsentFacts(E, test.callee.obj, E.ev(test.args[0].v, fr), fr);
  }
  if (test.k === 'bin' && test.op === 'in') return substringAbsentFacts(E, test.r, E.ev(test.l, fr), fr);
  return undefined;
}

/** `x.indexOf(C) === -1` / `x.find(C) < 0` holds (`absent`): the substring is not in `x`. */
export function indexAbsentFacts(E: Engine, call: Ex, fr: Frame): Fact[] | undefined {
  if (call.k !== 'call' || call.callee.k !== 'member' || (call.callee.prop !== 'indexOf' && call.callee.prop !== 'find') || !call.args[0]) return undefined;
  return substringAbsentFacts(E, call.callee.obj, E.ev(call.args[0].v, fr), fr);
}

/** `path.basename(x) === x` holds: `x` is one segment. */
export function basenameEqFacts(E: Engine, l: Ex, r: Ex, fr: Frame): Fact[] | undefined {
  for (const [call, other] of [[l, r], [r, l]] as const) {
    if (call.k !== 'call' || !call.args[0] || call.args.length !== 1) continue;
    const q = E.ev(call.callee, fr).q ?? '';
    if (!BASENAME_CALLS.has(q)) continue;
    const k = E.keyOf(other);
    if (k && k === E.keyOf(call.args[0].v)) return [{ key: k, av: CLEAN, mark: MARK + '/' }];
  }
  return undefined;
}

/**
 * `x.split('/')` / `x.rsplit('/', 1)`: every element is one path segment (`key.split('/').pop()`,
 * `urlparse(u).path.split('/')[-1]`). Undone by `rejoined` when the elements are joined again.
 */
export function splitSegments(sep: AV | undefined, el: AV): AV {
  return sep && sep.hasC && sep.c === '/' ? clearKinds(el, BIT['path-traversal']) : el;
}

/**
 * Segments joined again (`parts.join('/')`, `'/'.join(parts)`, `path.join(...parts)`): a separator
 * that is not a constant free of `/` makes a path of them (`'..' + '/' + '..'`), so the segment
 * clearance no longer holds.
 */
export function rejoined(sep: AV | undefined, joined: AV): AV {
  if (sep === undefined || (sep.hasC && typeof sep.c === 'string' && !sep.c.includes('/'))) return joined;
  const fl = flowsOf(joined);
  if (!fl.some((f) => f.cl & BIT['path-traversal'])) return joined;
  return { ...joined, t: fl.map((f) => ({ ...f, cl: f.cl & ~BIT['path-traversal'] })), src: undefined, _fl: undefined };
}
