/**
 * Where the cursor is in handler code, for snippets: at the top level of the module, inside a
 * function body, or somewhere snippets do not belong (a string, a comment, a class body, an object
 * literal, the middle of an expression).
 *
 * JS/TS: the tree-sitter tree decides (the innermost function, class body, object, block, string or
 * comment around the cursor). Before the parsers are initialised (they start asynchronously) a
 * lexical scanner gives the same answers: it tracks strings, template literals, comments, regex
 * literals and the kind of every open brace. Python: its blocks *are* indentation, and an empty
 * line's intended block is not in any tree, so an indentation walk decides (triple-quoted strings
 * skipped).
 */
import { codeParsersReady, freeParse, parseCode } from '../code/parser';
import type { CodeLang } from '../code/types';

export type CodePosition = 'module' | 'function';

export interface CodeContext {
  position: CodePosition;
  /** Column where the statement starts (the indentation of the line). */
  indent: number;
  /** What has been typed before the cursor on this line, and where it starts. */
  prefix: string;
  prefixStart: number;
}

const isIdent = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
const isPrefixChar = (c: number) => isIdent(c) || c === 45;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** The statement-start prefix on the cursor line: only indentation and a word before the cursor. */
function statementPrefix(text: string, offset: number): { prefix: string; prefixStart: number; indent: number; lineStart: number } | undefined {
  let ls = offset;
  while (ls > 0 && text.charCodeAt(ls - 1) !== 10) ls--;
  let le = offset;
  while (le < text.length && text.charCodeAt(le) !== 10 && text.charCodeAt(le) !== 13) le++;
  for (let i = offset; i < le; i++) {
    const c = text.charCodeAt(i);
    // allow closing tokens after the cursor (`|}` when typing in an empty block)
    if (c !== 32 && c !== 9 && c !== 125 && c !== 41 && c !== 59) return undefined;
  }
  let p = offset;
  while (p > ls && isPrefixChar(text.charCodeAt(p - 1))) p--;
  let i = ls;
  while (i < p && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i !== p) return undefined;
  return { prefix: text.slice(p, offset), prefixStart: p, indent: i - ls, lineStart: ls };
}

type BraceKind = 'function' | 'class' | 'object' | 'block' | 'template';

const CONTROL = new Set(['if', 'for', 'while', 'switch', 'catch', 'with']);
const BLOCK_WORDS = new Set(['else', 'try', 'finally', 'do']);
const REGEX_AFTER_WORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/**
 * Kinds of the braces open at `end` in JS/TS, or undefined when `end` is inside a string, comment
 * or regex literal.
 */
export function jsBraceStack(text: string, end: number): BraceKind[] | undefined {
  const stack: BraceKind[] = [];
  /** For each open `(`: the word before it. */
  const parens: string[] = [];
  /** The word before the `(` that the last `)` closed. */
  let lastClosedParenWord: string | undefined;
  /** Last significant token: a punctuation char, a word, or ')' / '=>'. */
  let lastTok = '';
  let lastWord = '';
  /** Since the last statement boundary, was `class` seen (class body detection)? */
  let classPending = false;
  /** A `:` type annotation after a `)` (TS return type) is in progress. */
  let returnTypeAfterParen = false;
  let i = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    // comments
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= end) return undefined;
      i = nl + 1;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0 || close + 2 > end) return undefined;
      i = close + 2;
      continue;
    }
    // strings
    if (c === 34 || c === 39) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== c && text.charCodeAt(j) !== 10) j += text.charCodeAt(j) === 92 ? 2 : 1;
      if (j >= end) return undefined;
      i = j + 1;
      lastTok = 'str';
      continue;
    }
    if (c === 96 /* ` */) {
      // template literal: scan to the closing backtick or to a `${` (which opens a brace scope)
      const r = scanTemplate(text, i + 1, end);
      if (r === undefined) return undefined;
      if (r.kind === 'close') {
        i = r.at;
        lastTok = 'str';
        continue;
      }
      stack.push('template');
      i = r.at;
      lastTok = '{';
      continue;
    }
    if (c === 125 /* } */ && stack[stack.length - 1] === 'template') {
      stack.pop();
      const r = scanTemplate(text, i + 1, end);
      if (r === undefined) return undefined;
      if (r.kind === 'close') {
        i = r.at;
        lastTok = 'str';
        continue;
      }
      stack.push('template');
      i = r.at;
      continue;
    }
    // regex literal
    if (c === 47) {
      const regexAllowed = lastTok === '' || (lastTok.length === 1 && '(,=:[!&|?{};+-*%<>~^'.includes(lastTok)) || REGEX_AFTER_WORDS.has(lastWord && lastTok === 'word' ? lastWord : '');
      if (regexAllowed) {
        let j = i + 1;
        let inClass = false;
        while (j < text.length) {
          const d = text.charCodeAt(j);
          if (d === 10) break;
          if (d === 92) {
            j += 2;
            continue;
          }
          if (d === 91) inClass = true;
          else if (d === 93) inClass = false;
          else if (d === 47 && !inClass) break;
          j++;
        }
        if (j >= end) return undefined;
        i = j + 1;
        while (i < text.length && isIdent(text.charCodeAt(i))) i++;
        lastTok = 'str';
        continue;
      }
    }
    if (isIdent(c)) {
      let j = i;
      while (j < text.length && isIdent(text.charCodeAt(j))) j++;
      lastWord = text.slice(i, j);
      lastTok = 'word';
      if (lastWord === 'class') classPending = true;
      i = j;
      continue;
    }
    if (c === 61 /* = */ && text.charCodeAt(i + 1) === 62 /* > */) {
      lastTok = '=>';
      returnTypeAfterParen = false;
      i += 2;
      continue;
    }
    if (c === 40 /* ( */) {
      parens.push(lastTok === 'word' ? lastWord : '');
      lastTok = '(';
      i++;
      continue;
    }
    if (c === 41 /* ) */) {
      lastClosedParenWord = parens.pop();
      lastTok = ')';
      i++;
      continue;
    }
    if (c === 58 /* : */ && lastTok === ')') {
      returnTypeAfterParen = true;
      lastTok = ':';
      i++;
      continue;
    }
    if (c === 123 /* { */) {
      let kind: BraceKind;
      if (lastTok === '=>') kind = 'function';
      else if (lastTok === ')') kind = CONTROL.has(lastClosedParenWord ?? '') ? 'block' : 'function';
      else if (returnTypeAfterParen && (lastTok === 'word' || lastTok === '>' || lastTok === ']')) kind = CONTROL.has(lastClosedParenWord ?? '') ? 'block' : 'function';
      else if (classPending && lastTok === 'word') kind = 'class';
      else if (lastTok === 'word' && BLOCK_WORDS.has(lastWord)) kind = 'block';
      else if (lastTok === '' || lastTok === ';' || lastTok === '{' || lastTok === '}') kind = stack[stack.length - 1] === 'object' ? 'object' : 'block';
      else kind = 'object';
      stack.push(kind);
      classPending = false;
      returnTypeAfterParen = false;
      lastTok = '{';
      i++;
      continue;
    }
    if (c === 125) {
      stack.pop();
      lastTok = '}';
      i++;
      continue;
    }
    if (c === 59 /* ; */) {
      classPending = false;
      returnTypeAfterParen = false;
    }
    if (returnTypeAfterParen && c !== 60 && c !== 62 && c !== 44 && c !== 46 && c !== 124 && c !== 38 && c !== 91 && c !== 93) {
      // anything but a type's punctuation ends the return-type annotation
      returnTypeAfterParen = false;
    }
    lastTok = text[i];
    i++;
  }
  return stack;
}

function scanTemplate(text: string, from: number, end: number): { kind: 'close' | 'expr'; at: number } | undefined {
  let j = from;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === 92) {
      j += 2;
      continue;
    }
    if (d === 96) {
      if (j + 1 > end) return undefined;
      return { kind: 'close', at: j + 1 };
    }
    if (d === 36 && text.charCodeAt(j + 1) === 123) {
      if (j + 2 > end) return undefined;
      return { kind: 'expr', at: j + 2 };
    }
    j++;
  }
  return undefined;
}

const JS_FUNCTIONS = new Set([
  'function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'generator_function',
]);
const JS_NOT_HERE = new Set(['comment', 'string', 'string_fragment', 'template_string', 'template_substitution', 'regex', 'class_body', 'object', 'object_pattern', 'jsx_element', 'jsx_text']);

/** Module / function / neither, from the tree; `null` when the parsers are not ready. */
export function jsTreePosition(text: string, at: number, lang: CodeLang): CodePosition | undefined | null {
  if (!codeParsersReady()) return null;
  const parsed = parseCode(text, lang);
  try {
    const root = parsed.tree?.rootNode;
    if (!root) return null;
    let node = root.descendantForIndex(Math.min(at, Math.max(0, text.length - 1)));
    if (at >= text.length) node = root;
    let inBlock = false;
    for (let n: typeof node | null = node; n; n = n.parent) {
      if (JS_FUNCTIONS.has(n.type)) return 'function';
      if (JS_NOT_HERE.has(n.type)) return undefined;
      if (n.type === 'statement_block' || n.type === 'class_declaration' || n.type === 'class') inBlock = true;
      if (n.type === 'program') return inBlock ? undefined : 'module';
    }
    return 'module';
  } finally {
    freeParse(parsed);
  }
}

export function jsCodeContext(text: string, offset: number, lang: CodeLang = 'typescript'): CodeContext | undefined {
  const sp = statementPrefix(text, offset);
  if (!sp) return undefined;
  const fromTree = jsTreePosition(text, sp.prefixStart, lang);
  if (fromTree !== null) return fromTree ? { position: fromTree, indent: sp.indent, prefix: sp.prefix, prefixStart: sp.prefixStart } : undefined;
  const stack = jsBraceStack(text, sp.prefixStart);
  if (!stack) return undefined;
  if (stack.length === 0) return { position: 'module', indent: sp.indent, prefix: sp.prefix, prefixStart: sp.prefixStart };
  const top = stack[stack.length - 1];
  if (top !== 'function' && top !== 'block') return undefined;
  if (!stack.includes('function')) return undefined;
  if (stack.includes('class') && stack.lastIndexOf('class') > stack.lastIndexOf('function')) return undefined;
  return { position: 'function', indent: sp.indent, prefix: sp.prefix, prefixStart: sp.prefixStart };
}

// ---------------------------------------------------------------------------------------------
// Python

/** Offsets ranges [start, end) of triple-quoted strings, comments skipped, up to `end`. */
function pythonInString(text: string, end: number): { inString: boolean; tripleRanges: [number, number][] } {
  const ranges: [number, number][] = [];
  let i = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 35 /* # */) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
      continue;
    }
    if (c === 34 || c === 39) {
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      if (triple) {
        const q = text.slice(i, i + 3);
        const close = text.indexOf(q, i + 3);
        if (close < 0 || close + 3 > end) return { inString: true, tripleRanges: ranges };
        ranges.push([i, close + 3]);
        i = close + 3;
        continue;
      }
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== c && text.charCodeAt(j) !== 10) j += text.charCodeAt(j) === 92 ? 2 : 1;
      if (j >= end) return { inString: true, tripleRanges: ranges };
      i = j + 1;
      continue;
    }
    i++;
  }
  return { inString: false, tripleRanges: ranges };
}

export function pythonCodeContext(text: string, offset: number): CodeContext | undefined {
  const sp = statementPrefix(text, offset);
  if (!sp) return undefined;
  const { inString, tripleRanges } = pythonInString(text, sp.prefixStart);
  if (inString) return undefined;
  if (sp.indent === 0) return { position: 'module', indent: 0, prefix: sp.prefix, prefixStart: sp.prefixStart };
  const inTriple = (o: number) => tripleRanges.some(([a, b]) => a <= o && o < b);
  // walk up the indentation chain
  let limit = sp.indent;
  let e = sp.lineStart - 1;
  let sawDef = false;
  let innermost: 'def' | 'class' | 'other' | undefined;
  while (e >= 0 && limit > 0) {
    let s = e;
    while (s > 0 && text.charCodeAt(s - 1) !== 10) s--;
    const lineEnd = e;
    e = s - 1;
    if (inTriple(s)) continue;
    let k = s;
    while (k < lineEnd && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
    if (k >= lineEnd || text.charCodeAt(k) === 35 || text.charCodeAt(k) === 13) continue;
    const ind = k - s;
    if (ind >= limit) continue;
    const head = text.slice(k, Math.min(lineEnd, k + 10));
    const kind = head.startsWith('def ') || head.startsWith('async def ') ? 'def' : head.startsWith('class ') ? 'class' : 'other';
    if (innermost === undefined) innermost = kind;
    if (kind === 'def') sawDef = true;
    limit = ind;
  }
  if (!sawDef || innermost === 'class') return undefined;
  return { position: 'function', indent: sp.indent, prefix: sp.prefix, prefixStart: sp.prefixStart };
}

/** The smallest positive indentation step of a code file; `'\t'` when lines are tab-indented. */
export function codeIndentUnit(text: string, fallback: string): string {
  let best = 0;
  let tabs = 0;
  let spaces = 0;
  let ls = 0;
  let n = 0;
  while (ls < text.length && n < 3000) {
    let le = ls;
    while (le < text.length && text.charCodeAt(le) !== 10) le++;
    if (text.charCodeAt(ls) === 9) tabs++;
    else {
      let k = ls;
      while (k < le && text.charCodeAt(k) === 32) k++;
      const w = k - ls;
      if (w > 0 && k < le && text.charCodeAt(k) !== 13) {
        spaces++;
        if (best === 0 || w < best) best = w;
      }
    }
    ls = le + 1;
    n++;
  }
  if (tabs > spaces) return '\t';
  return best > 0 && best <= 8 ? ' '.repeat(best) : fallback;
}
