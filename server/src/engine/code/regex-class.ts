/**
 * Regex character-class analysis: which characters a regular expression can make a value consist
 * of, and whether it constrains the whole value (anchored at both ends), so that a successful
 * test (`/^[A-Za-z0-9_-]+$/.test(x)`, `re.fullmatch(r"[a-z0-9]+", x)`) proves the value holds no
 * metacharacter of a sink.
 *
 * This is a small parser of the regex literal's pattern (JavaScript and Python syntax: classes,
 * escapes, groups, lookarounds, quantifiers, alternation, inline flags) — it parses a regex, it
 * does not use regexes over source code. Lookarounds consume nothing, so their contents add no
 * characters; a pattern whose syntax it does not know is not trusted (mask 0).
 *
 * Which sinks a character set is safe for is the data table `CLASS_SAFE_FOR` below.
 */
import { ALL, BIT, type AV, clearKinds, isTainted, propagate } from './values';
import type { SinkKind } from './types';

// ---------------------------------------------------------------------------------------------
// Character sets: ASCII as a 128-bit set, anything above ASCII as one flag

export interface CharClass {
  /** ASCII code points (0-127) the pattern can consume. */
  ascii: boolean[];
  /** Some non-ASCII character can be consumed (Unicode letters of `\w` in Python, `\p{L}`, `.`). */
  nonAscii: boolean;
}

export function emptyClass(): CharClass {
  return { ascii: new Array<boolean>(128).fill(false), nonAscii: false };
}

function fullClass(): CharClass {
  return { ascii: new Array<boolean>(128).fill(true), nonAscii: true };
}

function addRange(cs: CharClass, lo: number, hi: number): void {
  for (let c = lo; c <= Math.min(hi, 127); c++) cs.ascii[c] = true;
  if (hi > 127) cs.nonAscii = true;
}

function union(a: CharClass, b: CharClass): void {
  for (let i = 0; i < 128; i++) if (b.ascii[i]) a.ascii[i] = true;
  if (b.nonAscii) a.nonAscii = true;
}

function complement(a: CharClass): CharClass {
  return { ascii: a.ascii.map((x) => !x), nonAscii: true };
}

/** Case-insensitive matching: a letter stands for both cases. */
function foldCase(a: CharClass): void {
  for (let c = 65; c <= 90; c++) if (a.ascii[c] || a.ascii[c + 32]) { a.ascii[c] = true; a.ascii[c + 32] = true; }
}

const code = (s: string) => s.charCodeAt(0);

/** `\d`, `\w`, `\s` and their complements. `py`: Python 3 str patterns are Unicode-aware. */
function shorthand(e: string, py: boolean): CharClass | undefined {
  const cs = emptyClass();
  switch (e.toLowerCase()) {
    case 'd': addRange(cs, 48, 57); if (py) cs.nonAscii = true; break;
    case 'w': addRange(cs, 48, 57); addRange(cs, 65, 90); addRange(cs, 97, 122); cs.ascii[95] = true; if (py) cs.nonAscii = true; break;
    // \s: space, \t \n \v \f \r (and Unicode spaces)
    case 's': for (const c of [32, 9, 10, 11, 12, 13]) cs.ascii[c] = true; cs.nonAscii = true; break;
    default: return undefined;
  }
  return e === e.toUpperCase() ? complement(cs) : cs;
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, f: 12, v: 11, '0': 0, a: 7 };

// ---------------------------------------------------------------------------------------------
// Parser

export interface RegexInfo {
  /** Characters the pattern can consume (outside lookarounds). */
  chars: CharClass;
  /** Every alternative starts with `^` / `\A` (string start unless multiline). */
  startAnchored: boolean;
  /** Every alternative ends with `$` / `\Z` / `\z`. */
  endAnchored: boolean;
  /** `^`/`$` match at line breaks (`m` flag or inline `(?m)`). */
  multiline: boolean;
}

interface Seq { items: Item[] }
type Item =
  | { k: 'chars'; cs: CharClass; q: boolean }
  | { k: 'start' }
  | { k: 'end' }
  | { k: 'group'; alts: Seq[]; look: boolean; q: boolean; cap?: number; name?: string }
  | { k: 'other' };

class Fail extends Error {}

class Parser {
  i = 0;
  /** Capturing groups opened so far (their number is the order of their `(`). */
  caps = 0;
  multiline = false;
  icase = false;
  constructor(readonly p: string, readonly py: boolean, flags: string) {
    if (flags.includes('m') || flags.includes('M')) this.multiline = true;
    if (flags.includes('i') || flags.includes('I')) this.icase = true;
    // verbose mode and set notation change what characters mean: not analysed
    if (flags.includes('x') || flags.includes('X') || flags.includes('v')) throw new Fail();
  }

  parseAlts(): Seq[] {
    const alts: Seq[] = [this.parseSeq()];
    while (this.p[this.i] === '|') { this.i++; alts.push(this.parseSeq()); }
    return alts;
  }

  private parseSeq(): Seq {
    const items: Item[] = [];
    while (this.i < this.p.length && this.p[this.i] !== '|' && this.p[this.i] !== ')') {
      const it = this.parseAtom();
      if (!it) continue;
      if (this.quantifier() && (it.k === 'chars' || it.k === 'group')) it.q = true;
      items.push(it);
    }
    return { items };
  }

  /** Consumes a quantifier after an atom; true when there was one. */
  private quantifier(): boolean {
    const p = this.p;
    let q = false;
    const c = p[this.i];
    if (c === '*' || c === '+' || c === '?') { this.i++; q = true; }
    else if (c === '{') {
      let j = this.i + 1;
      let digits = 0;
      while (j < p.length && (isDigit(code(p[j])) || p[j] === ',')) { if (p[j] !== ',') digits++; j++; }
      if (p[j] === '}' && digits > 0) { this.i = j + 1; q = true; }
    }
    if (q && (p[this.i] === '?' || p[this.i] === '+')) this.i++; // lazy / possessive
    return q;
  }

  private parseAtom(): Item | undefined {
    const p = this.p;
    const c = p[this.i];
    if (c === '^') { this.i++; return { k: 'start' }; }
    if (c === '$') { this.i++; return { k: 'end' }; }
    if (c === '.') { this.i++; const cs = fullClass(); cs.ascii[10] = false; return { k: 'chars', cs, q: false }; }
    if (c === '[') return { k: 'chars', cs: this.parseClass(), q: false };
    if (c === '(') return this.parseGroup();
    if (c === '*' || c === '+' || c === '?') throw new Fail(); // quantifier without atom
    if (c === '\\') return this.parseEscape();
    this.i++;
    return this.lit(code(c));
  }

  private lit(cp: number): Item {
    const cs = emptyClass();
    addRange(cs, cp, cp);
    if (this.icase) foldCase(cs);
    return { k: 'chars', cs, q: false };
  }

  private parseEscape(): Item | undefined {
    const p = this.p;
    const e = p[this.i + 1];
    if (e === undefined) throw new Fail();
    this.i += 2;
    if (e === 'A') return { k: 'start' };
    if (e === 'Z' || e === 'z') return { k: 'end' };
    if (e === 'b' || e === 'B' || e === 'G') return undefined; // assertions
    const sh = shorthand(e, this.py);
    if (sh) return { k: 'chars', cs: sh, q: false };
    if (e >= '1' && e <= '9') { while (p[this.i] >= '0' && p[this.i] <= '9') this.i++; return { k: 'other' }; } // backreference: text already counted
    if (e === 'k' && p[this.i] === '<') { const j = p.indexOf('>', this.i); if (j < 0) throw new Fail(); this.i = j + 1; return { k: 'other' }; }
    const cp = this.escapeCodePoint(e);
    if (cp === undefined) return { k: 'chars', cs: fullClass(), q: false };
    return this.lit(cp);
  }

  /** Code point of a character escape after `\e` (cursor after `e`); undefined: a property class (any). */
  private escapeCodePoint(e: string): number | undefined {
    const p = this.p;
    if (e in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[e];
    if (e === 'x') { const h = p.slice(this.i, this.i + 2); this.i += 2; return parseHex(h); }
    if (e === 'u') {
      if (p[this.i] === '{') { const j = p.indexOf('}', this.i); if (j < 0) throw new Fail(); const h = p.slice(this.i + 1, j); this.i = j + 1; return parseHex(h); }
      const h = p.slice(this.i, this.i + 4); this.i += 4; return parseHex(h);
    }
    if (e === 'U' && this.py) { const h = p.slice(this.i, this.i + 8); this.i += 8; return parseHex(h); }
    if (e === 'c') { const l = p[this.i++]; if (!l) throw new Fail(); return code(l) % 32; }
    if (e === 'p' || e === 'P' || e === 'N') {
      if (p[this.i] === '{') { const j = p.indexOf('}', this.i); if (j < 0) throw new Fail(); this.i = j + 1; }
      return undefined;
    }
    return code(e);
  }

  private parseClass(): CharClass {
    const { cs, neg } = this.parseClassRaw();
    return neg ? complement(cs) : cs;
  }

  /** A bracket class at the cursor: its members and whether it is negated (`[^...]`). */
  parseClassRaw(): { cs: CharClass; neg: boolean } {
    const p = this.p;
    this.i++; // [
    let neg = false;
    if (p[this.i] === '^') { neg = true; this.i++; }
    const cs = emptyClass();
    let first = true;
    while (this.i < p.length) {
      // `]` first is a literal in Python; in JavaScript `[]` is the empty class
      if (p[this.i] === ']' && !(first && this.py)) break;
      first = false;
      if (p[this.i] === '[' && p[this.i + 1] === ':') throw new Fail(); // POSIX classes: not JS/Python syntax
      const lo = this.classAtom();
      if (typeof lo !== 'number') { union(cs, lo); continue; }
      if (p[this.i] === '-' && p[this.i + 1] !== undefined && p[this.i + 1] !== ']') {
        this.i++;
        const hi = this.classAtom();
        if (typeof hi !== 'number') { addRange(cs, lo, lo); addRange(cs, 45, 45); union(cs, hi); continue; }
        if (hi < lo) throw new Fail();
        addRange(cs, lo, hi);
        continue;
      }
      addRange(cs, lo, lo);
    }
    if (p[this.i] !== ']') throw new Fail();
    this.i++;
    if (this.icase) foldCase(cs);
    return { cs, neg };
  }

  /** One class member: a code point, or a shorthand class. */
  private classAtom(): number | CharClass {
    const p = this.p;
    const c = p[this.i];
    if (c !== '\\') { this.i++; return code(c); }
    const e = p[this.i + 1];
    if (e === undefined) throw new Fail();
    this.i += 2;
    const sh = shorthand(e, this.py);
    if (sh) return sh;
    if (e === 'b') return 8; // backspace inside a class
    const cp = this.escapeCodePoint(e);
    return cp === undefined ? fullClass() : cp;
  }

  private parseGroup(): Item | undefined {
    const p = this.p;
    this.i++; // (
    let look = false;
    let cap: number | undefined;
    let name: string | undefined;
    if (p[this.i] !== '?') cap = ++this.caps;
    if (p[this.i] === '?') {
      const n = p[this.i + 1];
      if (n === ':' || n === '>') this.i += 2;
      else if (n === '=' || n === '!') { this.i += 2; look = true; }
      else if (n === '<' && (p[this.i + 2] === '=' || p[this.i + 2] === '!')) { this.i += 3; look = true; }
      else if (n === '<' || (n === 'P' && p[this.i + 2] === '<')) {
        const j = p.indexOf('>', this.i);
        if (j < 0) throw new Fail();
        cap = ++this.caps;
        name = p.slice(p.indexOf('<', this.i) + 1, j);
        this.i = j + 1;
      }
      else if (n === 'P' && p[this.i + 2] === '=') { const j = p.indexOf(')', this.i); if (j < 0) throw new Fail(); this.i = j + 1; return { k: 'other' }; }
      else if (n === '#') { const j = p.indexOf(')', this.i); if (j < 0) throw new Fail(); this.i = j + 1; return undefined; }
      else {
        // inline flags: (?imsx) / (?i:...) / (?-i:...)
        let j = this.i + 1;
        let on = true;
        while (j < p.length && p[j] !== ')' && p[j] !== ':') {
          const f = p[j];
          if (f === '-') on = false;
          else if (f === 'm' && on) this.multiline = true;
          else if (f === 'i' && on) this.icase = true;
          else if (f === 'x' && on) throw new Fail();
          else if (!'imsuaL-'.includes(f)) throw new Fail();
          j++;
        }
        if (p[j] === ')') { this.i = j + 1; return undefined; }
        if (p[j] !== ':') throw new Fail();
        this.i = j + 1;
      }
    }
    const alts = this.parseAlts();
    if (p[this.i] !== ')') throw new Fail();
    this.i++;
    return { k: 'group', alts, look, q: false, cap, name };
  }
}

function parseHex(h: string): number {
  if (!h.length) throw new Fail();
  for (const ch of h.toLowerCase()) if (!isDigit(code(ch)) && !(ch >= 'a' && ch <= 'f')) throw new Fail();
  return parseInt(h, 16);
}

function collect(alts: Seq[], into: CharClass): void {
  for (const s of alts) for (const it of s.items) {
    if (it.k === 'chars') union(into, it.cs);
    else if (it.k === 'group' && !it.look) collect(it.alts, into);
  }
}

/** Items that consume nothing and assert nothing about the ends (lookarounds, empty groups). */
function transparent(it: Item): boolean {
  return it.k === 'group' && it.look;
}

function seqAnchored(s: Seq, end: boolean): boolean {
  const items = end ? [...s.items].reverse() : s.items;
  for (const it of items) {
    if (transparent(it)) continue;
    if (it.k === (end ? 'end' : 'start')) return true;
    if (it.k === 'group' && !it.q) return it.alts.every((a) => seqAnchored(a, end));
    return false;
  }
  return false;
}

/** Parses a pattern; undefined when its syntax is not understood (then it proves nothing). */
const infoCache = new Map<string, RegexInfo | undefined>();

export function analyseRegex(pattern: string, flags = '', dialect: 'js' | 'py' = 'js'): RegexInfo | undefined {
  const key = `${dialect}/${flags}/${pattern}`;
  if (infoCache.has(key)) return infoCache.get(key);
  const info = parseInfo(pattern, flags, dialect);
  if (infoCache.size >= 512) infoCache.clear();
  infoCache.set(key, info);
  return info;
}

function parseInfo(pattern: string, flags: string, dialect: 'js' | 'py'): RegexInfo | undefined {
  try {
    const ps = new Parser(pattern, dialect === 'py', flags);
    const alts = ps.parseAlts();
    if (ps.i !== pattern.length) return undefined;
    const chars = emptyClass();
    collect(alts, chars);
    return {
      chars,
      startAnchored: alts.every((a) => seqAnchored(a, false)),
      endAnchored: alts.every((a) => seqAnchored(a, true)),
      multiline: ps.multiline,
    };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Which sinks a character set is safe for (data)

export interface ClassSafety {
  /** ASCII characters that carry the sink's syntax. */
  meta: string;
  /** Letters are dangerous too (a host name is letters). */
  letters?: boolean;
  /** Only word characters and `_ - .` are safe (code, deserialisation). */
  onlyWord?: boolean;
  /** Non-ASCII characters are harmless (no Unicode metacharacter for this sink). */
  nonAsciiOk: boolean;
  source: string;
}

/**
 * For each sink kind, the characters a value must not contain to be harmless there, whatever its
 * position in the query / command / path / URL / page. One row per sink kind.
 */
export const CLASS_SAFE_FOR: Readonly<Record<SinkKind, ClassSafety>> = {
  // string and identifier delimiters, statement separators, comments, operators
  sql: { meta: '\'"`\\; \t\n\r()=#*/', nonAsciiOk: true, source: 'SQL lexical structure (quotes, /* and # comments, separators; a lone - is kept: UUIDs and slugs, and -- after a number needs no quote to break out only in unquoted numeric context); https://owasp.org/www-community/attacks/SQL_Injection' },
  nosql: { meta: '$\'"(){};', nonAsciiOk: true, source: 'MongoDB operators start with $; $where JavaScript; https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/05.6-Testing_for_NoSQL_Injection' },
  // POSIX shell metacharacters, quotes, expansions, globbing, whitespace (word splitting), newline
  command: { meta: ';|&$`\'"<>()\n\r\\*?[]{}~!# \t', nonAsciiOk: true, source: 'POSIX Shell Command Language, 2.2 Quoting (metacharacters) https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html' },
  'code-eval': { meta: '', onlyWord: true, nonAsciiOk: true, source: 'an identifier-like value cannot form an expression with calls' },
  // a value without a separator is one path segment ('..' alone names the parent directory itself)
  'path-traversal': { meta: '/\\', nonAsciiOk: true, source: 'POSIX path resolution https://pubs.opengroup.org/onlinepubs/9699919799/basedefs/V1_chap04.html#tag_04_13 (and \\ on Windows)' },
  // a value of letters can be a whole host name (localhost, metadata): unsafe as a host
  ssrf: { meta: ':/@.\\?#%', letters: true, nonAsciiOk: false, source: 'RFC 3986 authority delimiters; IDN hosts' },
  deserialization: { meta: '', onlyWord: true, nonAsciiOk: true, source: 'a word value is no serialised object' },
  // HTML tag and attribute delimiters
  xss: { meta: '<>"\'`&', nonAsciiOk: true, source: 'OWASP XSS prevention: characters to encode https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html' },
  'open-redirect': { meta: '/\\:', nonAsciiOk: false, source: 'a value without / \\ : cannot start another origin (RFC 3986 §4.2)' },
  'dynamic-require': { meta: '/.\\', nonAsciiOk: true, source: 'Node module resolution: a bare name without / or . is a package name' },
  xxe: { meta: '<&%', nonAsciiOk: true, source: 'XML markup and entity references (XML 1.0 §2.4)' },
};

const WORD_EXTRA = new Set(['_', '-', '.']);

function isLetter(c: number): boolean { return (c >= 65 && c <= 90) || (c >= 97 && c <= 122); }
function isDigit(c: number): boolean { return c >= 48 && c <= 57; }

/** Sink kinds for which a value made only of characters of `cs` is harmless. */
export function safeMask(cs: CharClass): number {
  let m = 0;
  for (const k of Object.keys(CLASS_SAFE_FOR) as SinkKind[]) {
    const d = CLASS_SAFE_FOR[k];
    if (cs.nonAscii && !d.nonAsciiOk) continue;
    let ok = true;
    for (let c = 0; c < 128 && ok; c++) {
      if (!cs.ascii[c]) continue;
      const ch = String.fromCharCode(c);
      if (d.letters && isLetter(c)) ok = false;
      else if (d.onlyWord) ok = isLetter(c) || isDigit(c) || WORD_EXTRA.has(ch);
      else if (d.meta.includes(ch)) ok = false;
    }
    if (ok) m |= BIT[k];
  }
  return m;
}

/**
 * Pseudo sink bit (outside `ALL`): the value is one DNS label (letters, digits, `-`, `_`), so placed
 * before a constant `.domain` in a URL it can only pick a subdomain of that domain (url-allow.ts).
 * Set only together with kinds that are not all of them, so a fully safe value stays clean.
 */
export const HOST_LABEL = 1 << 11;

/** Characters of one DNS label (RFC 1035 §2.3.1 letters, digits, hyphen; `_` as used in service labels). */
function labelOnly(cs: CharClass): boolean {
  if (cs.nonAscii) return false;
  for (let c = 0; c < 128; c++) if (cs.ascii[c] && !isLetter(c) && !isDigit(c) && c !== 45 && c !== 95) return false;
  return true;
}

/**
 * Kinds cleared by a successful match. `mode`: `full` — the API matches the whole string
 * (`re.fullmatch`); `match` — anchored at the start by the API (`re.match`); `search` — anywhere
 * (`RegExp.test`, `re.search`).
 *
 * Python's `$` also matches before one trailing newline: that newline cannot start a second
 * statement or command (nothing follows it), so `$` counts as the end.
 */
export function regexSafeMask(pattern: string, flags = '', mode: 'search' | 'match' | 'full' = 'search', dialect: 'js' | 'py' = 'js'): number {
  const info = analyseRegex(pattern, flags, dialect);
  if (!info) return 0;
  if (info.multiline && mode !== 'full') return 0;
  const start = mode !== 'search' || info.startAnchored;
  const end = mode === 'full' || info.endAnchored;
  if (!start || !end) return 0;
  const m = safeMask(info.chars);
  return m !== ALL && labelOnly(info.chars) ? m | HOST_LABEL : m;
}

/**
 * `x.replace(/[^a-z0-9]/g, '')` / `re.sub(r'[^\w-]', '', x)`: a negated character class removed
 * globally leaves only the class members (and the replacement's characters). Returns the kinds
 * cleared, or 0.
 */
export function stripClassSafeMask(pattern: string, replacement: string | undefined, global: boolean, dialect: 'js' | 'py' = 'js'): number {
  if (!global || replacement === undefined || !pattern.startsWith('[^')) return 0;
  try {
    const ps = new Parser(pattern, dialect === 'py', '');
    const { cs, neg } = ps.parseClassRaw();
    // the pattern must be exactly one negated class, optionally followed by + or *
    const rest = pattern.slice(ps.i);
    if (!neg || (rest !== '' && rest !== '+' && rest !== '*')) return 0;
    for (const ch of replacement) addRange(cs, code(ch), code(ch));
    return safeMask(cs);
  } catch {
    return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Capture groups: the text a group matched is made of the group's characters (no anchors needed)

function hasBackref(alts: Seq[]): boolean {
  return alts.some((s) => s.items.some((it) => it.k === 'other' || (it.k === 'group' && hasBackref(it.alts))));
}

/**
 * Kinds cleared for each capturing group's text (`m[1]`, `m.group(1)`, `m.groups.id`), by number
 * and by name. A group with a backreference inside proves nothing.
 */
export function groupSafeMasks(pattern: string, flags = '', dialect: 'js' | 'py' = 'js'): { byIndex: number[]; byName: Map<string, number> } | undefined {
  try {
    const ps = new Parser(pattern, dialect === 'py', flags);
    const alts = ps.parseAlts();
    if (ps.i !== pattern.length) return undefined;
    const byIndex: number[] = new Array<number>(ps.caps + 1).fill(0);
    const byName = new Map<string, number>();
    const walk = (as: Seq[]) => {
      for (const sq of as) for (const it of sq.items) {
        if (it.k !== 'group') continue;
        if (it.cap !== undefined && !it.look) {
          const cs = emptyClass();
          collect(it.alts, cs);
          const m = hasBackref(it.alts) ? 0 : safeMask(cs);
          byIndex[it.cap] = m;
          if (it.name) byName.set(it.name, m);
        }
        walk(it.alts);
      }
    };
    walk(alts);
    return { byIndex, byName };
  } catch {
    return undefined;
  }
}

/**
 * The value of a successful match of `re` on `subject`: item 0 the whole text, item i group i,
 * `groups` (JavaScript named groups) and `input`; each group cleared for the kinds its characters
 * cannot carry. Python match objects read the same items through `group(i)` / `m[i]` / `groups()`.
 */
export function regexMatchValue(subject: AV, re: { pattern: string; flags: string }, dialect: 'js' | 'py'): AV {
  const whole = propagate(subject, undefined, { json: false });
  if (!isTainted(whole)) return whole;
  const g = groupSafeMasks(re.pattern, re.flags, dialect);
  if (!g) return whole;
  const it = g.byIndex.map((m, i) => (i === 0 ? whole : clearKinds(whole, m)));
  const named = new Map<string, AV>();
  for (const [n, m] of g.byName) named.set(n, clearKinds(whole, m));
  return { it, f: new Map([['input', whole], ['groups', { f: named }]]), x: { reMatch: true } };
}

/** Python match-object methods on a `regexMatchValue` (`m.group(1)`, `m.group('id')`, `m.groups()`); undefined: not one of them. */
export function matchMethod(m: AV, method: string, args: readonly AV[]): AV | undefined {
  if (!m.x?.reMatch || !m.it) return undefined;
  const item = (a: AV | undefined): AV => {
    if (!a || (a.hasC && a.c === 0)) return m.it![0];
    if (a.hasC && typeof a.c === 'number') return m.it![a.c] ?? m.it![0];
    if (a.hasC && typeof a.c === 'string') return m.f?.get('groups')?.f?.get(a.c) ?? m.it![0];
    return m.it![0];
  };
  if (method === 'group') return args.length > 1 ? { it: args.map(item) } : item(args[0]);
  if (method === 'groups') return { it: m.it.slice(1), el: m.it[0] };
  if (method === 'groupdict') return m.f?.get('groups') ?? m.it[0];
  return undefined;
}
