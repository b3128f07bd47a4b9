/**
 * YAML / JSON → engine tree (see ast.ts), through the `yaml` package's CST parser and composer.
 *
 * Never throws: syntax errors become `problems`; alias expansion is bounded (alias bombs), so are
 * nesting depth and the number of problems kept, and CloudFormation short-form tags become
 * long-form intrinsic maps that keep the user's ranges.
 */
import { CST as YamlCst, Composer, Lexer, Parser, isAlias, isCollection, isMap as yIsMap, isPair, isScalar as yIsScalar, isSeq as yIsSeq, visit } from 'yaml';
import type { CST, Document, Node as YamlNode, ParsedNode } from 'yaml';
import type { Comment, ParseProblem, ParsedDocument, Span, YMap, YNode, YPair, YScalar, YSeq } from './ast';

/** Short-form tag → long-form key. */
export const CFN_TAGS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!If': 'Fn::If',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!ImportValue': 'Fn::ImportValue',
  '!GetAZs': 'Fn::GetAZs',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!Transform': 'Fn::Transform',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Length': 'Fn::Length',
  '!ForEach': 'Fn::ForEach',
};

/** Upper bound on tree nodes produced through aliases (a billion-laughs document stops here). */
export const MAX_ALIAS_NODES = 100_000;
/** Texts longer than this are not parsed at all (a clear problem is reported instead). */
export const MAX_DOCUMENT_CHARS = 8 * 1024 * 1024;
/**
 * Collections nested deeper than this are not composed: the `yaml` composer recurses per level and
 * runs out of stack near 800 levels (at a stack-dependent spot, so the problems it reported were not
 * deterministic, and a regexp first compiled near the stack limit could abort the process). Real
 * templates nest a few dozen levels at most.
 */
export const MAX_NESTING_DEPTH = 256;
/**
 * Syntax problems kept per parse. A file of 2 MB of `}` has 2 million of them; the `yaml` composer
 * makes an Error object (with a stack trace) for each, which took ~20 s and >2 GB. The engine shows
 * the first few anyway.
 */
export const MAX_PARSE_PROBLEMS = 1000;

export interface ParseOptions {
  format?: 'yaml' | 'json';
}

export function detectFormat(fileName: string, text: string): 'yaml' | 'json' {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yml') || lower.endsWith('.yaml')) return 'yaml';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) continue;
    return c === 123 /* { */ ? 'json' : 'yaml';
  }
  return 'yaml';
}

/**
 * Facts about the YAML stream that the incremental parser (incremental.ts) needs to decide whether
 * re-parsing one block on its own is exact. Filled in by parseYaml when passed; costs nothing extra
 * (collected during the comment walk over the CST).
 */
export interface ParseInfo {
  /** `&anchor` anywhere. */
  anchors: boolean;
  /** `*alias` anywhere. */
  aliases: boolean;
  /** A `<<` merge key anywhere. */
  mergeKeys: boolean;
  /** `%YAML` / `%TAG` directives. */
  directives: boolean;
  /** An explicit `---` document start. */
  docStart: boolean;
  /** An explicit `...` document end. */
  docEnd: boolean;
}

export function emptyParseInfo(): ParseInfo {
  return { anchors: false, aliases: false, mergeKeys: false, directives: false, docStart: false, docEnd: false };
}

/**
 * Parses YAML (or JSON) into the engine tree.
 *
 * The YAML the AWS tools accept is accepted: CloudFormation, SAM CLI, cfn-lint and the AWS CLI read
 * templates with PyYAML-like parsers, which ignore indentation inside quoted scalars and flow
 * collections (a multi-line `!Sub '{ … }'` whose closing `}'` sits at its key's column, a flow map
 * `[{ … }]` closed at its parent key's column), and read a bare `-` flow-sequence item
 * (`!Split [-, x]`) as the string `-`. The `yaml` package follows the YAML 1.2 spec there (ending the
 * scalar / collection early, rejecting the `-`), so a file it rejects is parsed again with a lexer
 * that does what PyYAML does in those places (see `lenientLexer`); when that parse is clean, it is the
 * result. A file both reject keeps the spec parse: its recovery (an unclosed quote or bracket ends
 * at the next less-indented line) keeps the rest of the file analysable while the user types.
 * Duplicate keys are reported either way (PyYAML and CloudFormation accept them, keeping the last value;
 * js-yaml, hence the Serverless Framework, and cfn-lint reject them): see `duplicateKeyFinding`.
 */
export function parseYaml(text: string, options: ParseOptions = {}, info?: ParseInfo): ParsedDocument {
  const cst: { tokens?: CST.Token[] } = {};
  const strict = parseOnce(text, options, info, false, cst);
  if (!hasSyntaxErrors(strict)) return strict;
  // Without a line break inside a quoted scalar or flow collection the lenient lexer reads the very
  // same tokens (and so would report the same errors): not parsed twice (a keystroke that breaks a
  // big file, `custom:x`, pays one parse).
  if (cst.tokens && !lenientMayDiffer(cst.tokens, text)) return strict;
  const lenientInfo = info ? emptyParseInfo() : undefined;
  const lenient = parseOnce(text, options, lenientInfo, true);
  if (hasSyntaxErrors(lenient)) return strict;
  if (info && lenientInfo) Object.assign(info, lenientInfo);
  return lenient;
}

/** Errors other than duplicate keys (which no lexer change can fix) and the refusals of huge or too-deep input. */
function hasSyntaxErrors(doc: ParsedDocument): boolean {
  for (const p of doc.problems) if (p.severity === 'error' && p.code !== 'DUPLICATE_KEY' && p.code !== 'too-deep' && p.code !== 'too-large') return true;
  return false;
}

type LexerInternals = {
  indentNext: number;
  flowLevel: number;
  charAt: (n: number) => string | undefined;
  pushIndicators: () => Generator<string, number>;
  parseQuotedScalar: () => Generator<string, string>;
  parseFlowCollection: () => Generator<string, string>;
};

/**
 * Whether the lexer stands on a bare `-` that is a whole flow-sequence item (`!Split [-, x]`,
 * `[a, - ]`): YAML 1.2 reads it as a block sequence indicator, which is an error in a flow
 * collection; PyYAML (and so CloudFormation and SAM) read it as the plain scalar `-`.
 */
function atBareDashItem(l: LexerInternals): boolean {
  if (l.flowLevel <= 0 || l.charAt(0) !== '-') return false;
  let i = 1;
  while (l.charAt(i) === ' ' || l.charAt(i) === '\t') i++;
  const next = l.charAt(i);
  return next === ',' || next === ']' || next === '}';
}

/**
 * A `yaml` Lexer (the package documents user-provided lexers for its Parser) that, like PyYAML,
 * does not end a quoted scalar or a flow collection at a less-indented line: inside them it lexes as
 * at the top level, where the only stop is a `---` / `...` document marker at column 0; and, like
 * PyYAML, it reads a bare `-` flow-sequence item (`!Split [-, x]`) as the scalar `-`. Everything
 * else is the package's own lexing. Returns the plain lexer when its internals are not the ones this
 * was written for (another `yaml` version).
 */
function lenientLexer(): Lexer {
  const lexer = new Lexer();
  const l = lexer as unknown as LexerInternals;
  const quoted = l.parseQuotedScalar;
  const flow = l.parseFlowCollection;
  const indicators = l.pushIndicators;
  if (typeof quoted !== 'function' || typeof flow !== 'function' || typeof indicators !== 'function' || typeof l.charAt !== 'function' || typeof l.indentNext !== 'number') return lexer;
  // A bare `-` item in a flow sequence is left to the plain-scalar lexer (PyYAML reads it as '-').
  l.pushIndicators = function* (this: LexerInternals) {
    if (atBareDashItem(this)) return 0;
    return yield* indicators.call(this);
  };
  l.parseQuotedScalar = function* (this: LexerInternals) {
    const saved = this.indentNext;
    this.indentNext = 0;
    try {
      return yield* quoted.call(this);
    } finally {
      this.indentNext = saved;
    }
  };
  l.parseFlowCollection = function* (this: LexerInternals) {
    const saved = this.indentNext;
    this.indentNext = 0;
    // A FLOW_END token means the lexer left the collection at a document marker and has already
    // set the indentation of what follows.
    let left = false;
    const it = flow.call(this);
    for (let r = it.next(); ; r = it.next()) {
      if (r.done) {
        if (!left) this.indentNext = saved;
        return r.value;
      }
      if (r.value === YamlCst.FLOW_END) left = true;
      yield r.value;
    }
  };
  return lexer;
}

/** The CST tokens of `text` (stray stream-level error tokens capped). */
function* tokensOf(text: string, lenient: boolean): Generator<CST.Token> {
  if (!lenient) {
    yield* new Parser().parse(text);
    return;
  }
  const parser = new Parser();
  for (const lexeme of lenientLexer().lex(text)) yield* parser.next(lexeme);
  yield* parser.end();
}

/**
 * Whether the lenient lexer could read `text` differently from the spec lexer that produced
 * `tokens`. It differs only in how a quoted scalar or a flow collection continues on a next line
 * (`lenientLexer` sets the lexer's indentation to 0 inside them, which the lexer reads only at a
 * line break inside them). When every quoted scalar is closed on the line it starts on and every
 * flow collection is closed on its line, the lexer never reached such a line break in either mode
 * (a quote or bracket the spec lexer cut off at a less-indented line is not closed here).
 */
function lenientMayDiffer(tokens: readonly CST.Token[], text: string): boolean {
  const stack: unknown[] = [];
  const depths: number[] = []; // unused here (pushChild keeps a depth per token)
  pushChild(tokens, stack, depths, 0);
  while (stack.length) {
    const o = stack.pop() as Record<string, unknown>;
    depths.pop();
    const type = o.type;
    if (typeof type === 'string' && LEAF_TOKENS.has(type)) {
      // An opening bracket outside a flow collection, or the lexer leaving one: not judged here.
      if (type === 'flow-map-start' || type === 'flow-seq-start' || type === 'flow-error-end') return true;
      continue;
    }
    switch (type) {
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        if (typeof o.source !== 'string' || !closedOnOneLine(o.source)) return true;
        break;
      case 'flow-collection': {
        const start = (o.start as CST.SourceToken | undefined)?.offset;
        const close = (o.end as CST.SourceToken[] | undefined)?.find((x) => x.type === 'flow-seq-end' || x.type === 'flow-map-end');
        if (start === undefined || !close) return true;
        for (let i = start; i < close.offset; i++) {
          const c = text.charCodeAt(i);
          if (c === 10 || c === 13) return true;
          if (c === 45 /* - */ && bareDashAt(text, i)) return true; // `[-, x]`: the lenient lexer reads '-'
        }
        pushChild(o.end, stack, depths, 0);
        pushChild(o.items, stack, depths, 0); // not `start`: a bracket anywhere else is refused above
        continue;
      }
      // A token the parser could not place (its source may be a quoted scalar or a bracket): not judged here.
      case 'error':
        if (typeof o.source !== 'string' || ["'", '"', '[', '{'].some((c) => (o.source as string).includes(c))) return true;
        break;
    }
    pushChildren(o, stack, depths, 0);
  }
  return false;
}

/** A `-` standing alone as a flow item: after `[`/`,` and before `,`/`]`/`}` (spaces aside). */
function bareDashAt(text: string, i: number): boolean {
  let b = i - 1;
  while (text[b] === ' ' || text[b] === '\t') b--;
  if (text[b] !== '[' && text[b] !== ',') return false;
  let a = i + 1;
  while (text[a] === ' ' || text[a] === '\t') a++;
  return text[a] === ',' || text[a] === ']' || text[a] === '}';
}

/** A quoted scalar's source that has no line break and ends with its closing quote. */
function closedOnOneLine(src: string): boolean {
  if (src.length < 2 || src.includes('\n') || src.includes('\r')) return false;
  const q = src[0];
  let i = 1;
  for (;;) {
    const j = src.indexOf(q, i);
    if (j < 0) return false;
    if (q === "'") {
      if (src[j + 1] === "'") {
        i = j + 2;
        continue;
      }
    } else {
      let n = 0;
      while (src[j - 1 - n] === '\\') n++;
      if (n % 2 === 1) {
        i = j + 1;
        continue;
      }
    }
    return j === src.length - 1;
  }
}

function parseOnce(text: string, options: ParseOptions, info: ParseInfo | undefined, lenient: boolean, cst?: { tokens?: CST.Token[] }): ParsedDocument {
  const format = options.format ?? 'yaml';
  const result: ParsedDocument = { text, format, root: null, problems: [], comments: [], documentCount: 0 };
  if (text.length > MAX_DOCUMENT_CHARS) {
    result.problems.push({
      code: 'too-large',
      severity: 'warning',
      message: `File is ${(text.length / 1048576).toFixed(1)} MB; Serverless Guard analyses files up to ${MAX_DOCUMENT_CHARS / 1048576} MB.`,
      range: { start: 0, end: 0 },
    });
    return result;
  }
  try {
    const tokens: CST.Token[] = [];
    let streamErrors = 0;
    for (const t of tokensOf(text, lenient)) {
      // Stray tokens outside any document (`]]]]…`) each become an error the composer records
      // directly: keep only the first MAX_PARSE_PROBLEMS.
      if (t.type === 'error' && ++streamErrors > MAX_PARSE_PROBLEMS) continue;
      tokens.push(t);
    }
    if (cst) cst.tokens = tokens;
    let tooDeep: number | undefined;
    for (const t of tokens) tooDeep ??= collectComments(t, text, result.comments, info);
    if (tooDeep !== undefined) {
      result.problems.push({
        code: 'too-deep',
        severity: 'error',
        message: `Collections are nested more than ${MAX_NESTING_DEPTH} levels deep here; the file is not analysed.`,
        range: { start: tooDeep, end: Math.min(text.length, tooDeep + 1) },
      });
      return result;
    }
    // Duplicate keys are found by the converter with a set: the composer's own check (uniqueKeys)
    // compares every key with every earlier one, quadratic in the keys of a mapping.
    const composer = new Composer({ prettyErrors: false, uniqueKeys: false, merge: false, strict: false });
    capComposerErrors(composer);
    const docs = Array.from(composer.compose(tokens, true, text.length)) as Document.Parsed[];
    result.documentCount = docs.length;
    const doc = docs[0];
    if (!doc) return result;
    for (const e of doc.errors) result.problems.push(toProblem(e, 'error', text));
    const docErrorsEnd = result.problems.length;
    for (const w of doc.warnings) {
      if (w.code === 'TAG_RESOLVE_FAILED') continue; // handled while converting (CFN tags are known)
      result.problems.push(toProblem(w, 'warning', text));
    }
    for (let i = 1; i < docs.length; i++) for (const e of docs[i].errors) result.problems.push(toProblem(e, 'error', text));
    const conv = new Converter(doc, text, result.problems);
    result.root = doc.contents ? conv.node(doc.contents as ParsedNode) : null;
    if (conv.duplicates.length) mergeByPosition(result.problems, docErrorsEnd, conv.duplicates);
  } catch (err) {
    // The yaml package is not supposed to throw; if it ever does, the file still gets a diagnostic.
    result.root = null;
    result.problems.push({
      code: 'internal',
      severity: 'error',
      message: `Could not parse this file: ${(err as Error).message}`,
      range: { start: 0, end: Math.min(text.length, 1) },
    });
  }
  return result;
}

/**
 * The parse problems that become findings, in document order, each with the number of problems it
 * stands for besides itself. One syntax mistake makes the parser report more after it (an unclosed
 * quote can turn the rest of the file into errors), so — like PyYAML, cfn-lint and SAM, which stop
 * at the first — only the first syntax error is reported, counting the others. Every duplicate key
 * is a mistake of its own and every warning is about its own node: each is reported. At most `max`
 * in all; the last one shown counts those left out.
 */
export function parseFindings(problems: readonly ParseProblem[], max: number): { problem: ParseProblem; more: number }[] {
  const out: { problem: ParseProblem; more: number }[] = [];
  let first: { problem: ParseProblem; more: number } | undefined;
  for (const p of problems) {
    if (p.severity === 'error' && p.code !== 'DUPLICATE_KEY') {
      if (first) {
        if (p.range.start < first.problem.range.start) first.problem = p;
        first.more++;
        continue;
      }
      first = { problem: p, more: 0 };
      out.push(first);
      continue;
    }
    out.push({ problem: p, more: 0 });
  }
  out.sort((a, b) => a.problem.range.start - b.problem.range.start);
  if (out.length <= max) return out;
  const shown = out.slice(0, Math.max(1, max));
  let left = 0;
  for (const x of out.slice(shown.length)) left += 1 + x.more;
  shown[shown.length - 1] = { ...shown[shown.length - 1], more: shown[shown.length - 1].more + left };
  return shown;
}

type ComposerError = { pos: [number, number]; code: string; message: string };

/**
 * Replaces the composer's error callback (yaml 2.x: `Composer#onError`, which the compose functions
 * receive per document) by one that records plain {pos, code, message} objects — what `toProblem`
 * reads — and stops recording after MAX_PARSE_PROBLEMS.
 */
function capComposerErrors(composer: Composer): void {
  const c = composer as unknown as { errors: ComposerError[]; warnings: ComposerError[]; onError: (source: unknown, code: string, message: string, warning?: boolean) => void };
  if (typeof c.onError !== 'function') return; // another yaml version: keep its own
  let errors = 0;
  let warnings = 0;
  c.onError = (source, code, message, warning) => {
    if (warning) {
      // Every CloudFormation short-form tag is one of these; parseYaml ignores them. A flow
      // collection closed at its parent key's column (`Statement: [\n  …\n]`) is what PyYAML, and
      // so CloudFormation and SAM, accept: not reported either.
      if (code === 'TAG_RESOLVE_FAILED' || code === 'BAD_INDENT' || warnings++ >= MAX_PARSE_PROBLEMS) return;
      c.warnings.push({ pos: errorPos(source), code, message });
    } else if (errors++ < MAX_PARSE_PROBLEMS) c.errors.push({ pos: errorPos(source), code, message });
  };
}

/** As the composer computes an error position from its source (an offset, a range or a token). */
function errorPos(src: unknown): [number, number] {
  if (typeof src === 'number') return [src, src + 1];
  if (Array.isArray(src)) return [src[0], src[1]];
  const { offset, source } = src as { offset: number; source?: unknown };
  return [offset, offset + (typeof source === 'string' ? source.length : 1)];
}

/** Inserts `extra` (in document order) among `list[0, end)` (mostly in document order) by position. */
/** 1-based line of an offset. */
function lineAt(text: string, at: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** A scalar as CloudFormation reads it: its text, quoted or not (`2.0` and `'2.0'` are the same). */
function scalarText(text: string, n: YScalar): string {
  if (typeof n.value === 'string') return n.value;
  if (n.value === null) return '';
  return n.range.end > n.range.start ? text.slice(n.range.start, n.range.end) : String(n.value);
}

/**
 * The whole lines of a block-mapping entry (`  Key: value` and its nested lines), when nothing else
 * shares them: only blanks before the key, only blanks or a comment after the value, no flow syntax
 * around it (JSON, `{…}`), no anchor defined inside. Undefined otherwise.
 */
function ownLines(text: string, pair: YPair): Span | undefined {
  const first = text.search(/\S/);
  if (first >= 0 && (text[first] === '{' || text[first] === '[')) return undefined;
  const start = text.lastIndexOf('\n', pair.key.range.start - 1) + 1;
  if (text.slice(start, pair.key.range.start).trim() !== '') return undefined;
  let end = pair.range.end;
  if (text[end - 1] !== '\n') {
    const nl = text.indexOf('\n', end);
    const rest = text.slice(end, nl < 0 ? text.length : nl).trim();
    if (rest !== '' && !rest.startsWith('#')) return undefined;
    end = nl < 0 ? text.length : nl + 1;
  }
  const removed = text.slice(start, end);
  if (removed.includes('&')) return undefined;
  return { start, end };
}

/** Do two values read the same (scalars by text, maps by key whatever the order, sequences item by item)? */
export function sameValue(text: string, a: YNode | null, b: YNode | null): boolean {
  if (!a || !b) return !a && !b;
  if (a.type === 'scalar' || b.type === 'scalar') return a.type === 'scalar' && b.type === 'scalar' && scalarText(text, a) === scalarText(text, b);
  if (a.type === 'seq' || b.type === 'seq') return a.type === 'seq' && b.type === 'seq' && a.items.length === b.items.length && a.items.every((x, i) => sameValue(text, x, b.items[i]));
  if (a.entries.length !== b.entries.length) return false;
  return a.entries.every((e) => {
    const other = b.entries.find((o) => o.key.value === e.key.value);
    return !!other && sameValue(text, e.value, other.value);
  });
}

/**
 * The message and severity of a duplicate key. CloudFormation (YAML or JSON template) deploys the
 * last value: two different values lose the first silently (error); the same value twice loses
 * nothing (warning). The Serverless Framework refuses to load a serverless.yml with a duplicate
 * key (its YAML loader, js-yaml, throws "duplicated mapping key"): always an error there.
 */
export function duplicateKeyFinding(d: NonNullable<ParseProblem['duplicate']>, host: 'cfn' | 'serverless'): { message: string; severity: 'error' | 'warning' } {
  const where = `Duplicate key '${d.key}' (lines ${d.firstLine} and ${d.line})`;
  if (host === 'serverless') {
    return {
      severity: 'error',
      message: `${where}${d.sameValue ? ' with the same value' : ' with different values'}: the Serverless Framework refuses to load a file with a duplicate key (js-yaml "duplicated mapping key"). Keep one.`,
    };
  }
  return d.sameValue
    ? { severity: 'warning', message: `${where} with the same value: CloudFormation keeps the last one, so nothing is lost, but strict YAML tools (cfn-lint, the Serverless Framework) reject the file. Remove one.` }
    : { severity: 'error', message: `${where} with different values: CloudFormation keeps the last one, so the value on line ${d.firstLine} is silently lost. Keep the one you mean and delete the other.` };
}

function mergeByPosition(list: ParseProblem[], end: number, extra: ParseProblem[]): void {
  const head = list.slice(0, end);
  const merged: ParseProblem[] = [];
  let i = 0;
  for (const x of extra) {
    while (i < head.length && head[i].range.start < x.range.start) merged.push(head[i++]);
    merged.push(x);
  }
  while (i < head.length) merged.push(head[i++]);
  list.splice(0, end, ...merged);
}

function toProblem(e: { pos: [number, number]; message: string; code: string }, severity: 'error' | 'warning', text: string): ParseProblem {
  const firstLine = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  let start = Math.max(0, Math.min(e.pos[0], text.length));
  let end = Math.max(start, Math.min(e.pos[1], text.length));
  if (end === start && end < text.length) end = start + 1;
  return { message: firstLine, range: { start, end }, severity, code: e.code };
}

/** CST token types that are leaves (`SourceToken`s: no child tokens). */
const LEAF_TOKENS = new Set([
  'byte-order-mark', 'doc-mode', 'doc-start', 'space', 'comment', 'newline', 'directive-line', 'anchor', 'tag', 'seq-item-ind', 'explicit-key-ind',
  'map-value-ind', 'flow-map-start', 'flow-map-end', 'flow-seq-start', 'flow-seq-end', 'flow-error-end', 'comma', 'block-scalar-header',
]);

/**
 * Pushes the child tokens of a CST object (its `start`, `props`, `key`, `sep`, `items`, `value` and
 * `end`; arrays are spread, anything not an object is skipped) with the given depth.
 */
function pushChildren(o: Record<string, unknown>, stack: unknown[], depths: number[], depth: number): void {
  // In reverse document order, so that they are popped in document order (comments then come out
  // sorted, mostly).
  pushChild(o.end, stack, depths, depth);
  pushChild(o.value, stack, depths, depth);
  pushChild(o.items, stack, depths, depth);
  pushChild(o.sep, stack, depths, depth);
  pushChild(o.key, stack, depths, depth);
  pushChild(o.props, stack, depths, depth);
  pushChild(o.start, stack, depths, depth);
}

function pushChild(v: unknown, stack: unknown[], depths: number[], depth: number): void {
  if (!v || typeof v !== 'object') return;
  if (!Array.isArray(v)) {
    stack.push(v);
    depths.push(depth);
    return;
  }
  for (let i = v.length - 1; i >= 0; i--) {
    const x = v[i];
    if (!x || typeof x !== 'object') continue;
    if (Array.isArray(x)) pushChild(x, stack, depths, depth);
    else {
      stack.push(x);
      depths.push(depth);
    }
  }
}

/**
 * Collects comments (and `info`) from a CST token; returns the offset of the first collection nested
 * deeper than MAX_NESTING_DEPTH, if any. Runs on every parse, over every token of the file: leaf
 * tokens (most of them) are handled without looking for children.
 */
function collectComments(token: unknown, text: string, out: Comment[], info?: ParseInfo): number | undefined {
  // The CST is a tree of plain objects; comment tokens carry their own offset and source.
  const stack: unknown[] = [];
  const depths: number[] = [];
  pushChild(token, stack, depths, 0);
  let tooDeep: number | undefined;
  let sorted = true;
  while (stack.length) {
    const o = stack.pop() as Record<string, unknown>;
    let depth = depths.pop()!;
    const type = o.type;
    if (typeof type === 'string' && LEAF_TOKENS.has(type)) {
      if (type === 'comment') {
        if (typeof o.offset === 'number' && typeof o.source === 'string') {
          const last = out.length ? out[out.length - 1].range.start : -1;
          if (o.offset < last) sorted = false;
          out.push({ text: o.source.slice(1), range: { start: o.offset, end: o.offset + o.source.length } });
        }
      } else if (info) {
        if (type === 'anchor') info.anchors = true;
        else if (type === 'directive-line') info.directives = true;
        else if (type === 'doc-start') info.docStart = true;
      }
      continue;
    }
    if (type === 'block-map' || type === 'block-seq' || type === 'flow-collection') {
      depth++;
      if (depth > MAX_NESTING_DEPTH && typeof o.offset === 'number' && (tooDeep === undefined || o.offset < tooDeep)) tooDeep = o.offset;
    }
    if (info) {
      switch (type) {
        case 'alias':
          info.aliases = true;
          break;
        case 'directive':
          info.directives = true;
          break;
        case 'doc-end':
          info.docEnd = true;
          break;
      }
      const key = o.key as { type?: string; source?: string } | null | undefined;
      if (key && key.type === 'scalar' && typeof key.source === 'string' && key.source.trim() === '<<') info.mergeKeys = true;
    }
    pushChildren(o, stack, depths, depth);
  }
  if (!sorted) out.sort((a, b) => a.range.start - b.range.start);
  return tooDeep;
}


class Converter {
  private aliasNodes = 0;
  private aliasOverflowReported = false;
  /** DUPLICATE_KEY problems (as the composer's uniqueKeys check reported them), in document order. */
  readonly duplicates: ParseProblem[] = [];
  /** Problems this converter reported (capped at MAX_PARSE_PROBLEMS). */
  private reported = 0;
  private readonly inAlias: YamlNode[] = [];
  /** anchor name → the nodes carrying it, in document order (an alias refers to the last one before it). */
  private anchors: Map<string, YamlNode[]> | undefined;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly text: string,
    private readonly problems: ParseProblem[],
  ) {}

  private resolveAlias(a: YamlNode & { source: string }): YamlNode | undefined {
    if (!this.anchors) {
      const anchors = new Map<string, YamlNode[]>();
      visit(this.doc, {
        Node: (_k, node) => {
          const anchor = (node as { anchor?: string }).anchor;
          if (anchor && !isAlias(node)) {
            const list = anchors.get(anchor);
            if (list) list.push(node as YamlNode);
            else anchors.set(anchor, [node as YamlNode]);
          }
        },
      });
      this.anchors = anchors;
    }
    const list = this.anchors.get(a.source);
    if (!list) return undefined;
    // The last node with this anchor before the alias (the list is in document order): binary
    // search, as a file may redefine one anchor thousands of times.
    const at = spanOf(a).start;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (spanOf(list[mid]).start < at) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? list[lo - 1] : undefined;
  }

  node(n: ParsedNode | YamlNode | null | undefined, viaAlias = false): YNode {
    if (viaAlias) this.aliasNodes++;
    if (n == null) return { type: 'scalar', value: null, quoted: false, range: { start: 0, end: 0 } };
    if (isAlias(n)) return this.alias(n as YamlNode & { source: string; range?: [number, number, number] });
    const tag = (n as { tag?: string }).tag;
    const cfnKey = tag ? CFN_TAGS[tag] : undefined;
    if (tag && !cfnKey && tag.startsWith('!') && !tag.startsWith('!!') && this.reported++ < MAX_PARSE_PROBLEMS) {
      this.problems.push({
        code: 'unknown-tag',
        severity: 'warning',
        message: `Unknown tag ${tag}: not a CloudFormation intrinsic function, so its value is analysed as plain data.`,
        range: this.tagSpan(n, tag),
      });
    }
    const inner = this.plain(n, viaAlias);
    if (!cfnKey || !tag) {
      if (tag && !tag.startsWith('tag:yaml.org')) (inner as YMap | YSeq | YScalar).tag = tag;
      return inner;
    }
    return this.intrinsic(n, tag, cfnKey, inner);
  }

  private plain(n: YamlNode, viaAlias: boolean): YNode {
    const range = spanOf(n);
    if (yIsScalar(n)) {
      const t = (n as { type?: string }).type;
      let value = n.value as unknown;
      if (typeof value === 'bigint') value = Number(value);
      if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') value = String(value);
      const s: YScalar = {
        type: 'scalar',
        range,
        value: value as YScalar['value'],
        quoted: t === 'QUOTE_DOUBLE' || t === 'QUOTE_SINGLE',
      };
      if (t === 'BLOCK_LITERAL' || t === 'BLOCK_FOLDED') s.block = true;
      return s;
    }
    if (yIsMap(n)) {
      const entries: YPair[] = [];
      // Scalar keys equal by value (===) are duplicates; checked once, not again through aliases.
      // The map holds the first occurrence's pair (undefined for a merge key).
      const seen = viaAlias ? undefined : new Map<unknown, YPair | undefined>();
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const keyNode = item.key as YamlNode | null;
        // Pushed where it is found (document order), completed once the value is converted.
        let dup: { problem: ParseProblem; first: YPair | undefined } | undefined;
        let firstOfKey = false;
        if (seen && keyNode && yIsScalar(keyNode) && !Number.isNaN(keyNode.value)) {
          if (!seen.has(keyNode.value)) firstOfKey = true;
          else if (this.reported++ < MAX_PARSE_PROBLEMS) {
            const at = spanOf(keyNode).start;
            dup = { problem: { message: 'Map keys must be unique', range: { start: at, end: Math.min(at + 1, this.text.length) }, severity: 'error', code: 'DUPLICATE_KEY' }, first: seen.get(keyNode.value) };
            this.duplicates.push(dup.problem);
          }
        }
        const key = this.key(keyNode);
        if (key.value === '<<' && item.value && (isAlias(item.value) || yIsSeq(item.value) || yIsMap(item.value))) {
          if (firstOfKey) seen!.set((keyNode as { value: unknown }).value, undefined);
          this.merge(entries, item.value as YamlNode, viaAlias);
          continue;
        }
        const value = item.value == null ? this.emptyValue(key) : this.node(item.value as YamlNode, viaAlias);
        const pair: YPair = { key, value, range: { start: key.range.start, end: Math.max(key.range.end, value.range.end) } };
        entries.push(pair);
        if (firstOfKey) seen!.set((keyNode as { value: unknown }).value, pair);
        if (dup?.first) this.describeDuplicate(dup.problem, dup.first, pair, viaAlias || !!(n as { flow?: boolean }).flow);
      }
      return { type: 'map', range, entries };
    }
    if (yIsSeq(n)) {
      const items: YNode[] = [];
      for (const it of n.items) items.push(this.node(it as YamlNode, viaAlias));
      return { type: 'seq', range, items };
    }
    return { type: 'scalar', value: null, quoted: false, range };
  }

  /**
   * A duplicate key named, with the lines of both occurrences, and graded by what is lost:
   * CloudFormation (YAML and JSON) keeps the last value, so two different values lose one silently
   * (an error), the same value twice loses nothing (a warning). The engine words it again for
   * serverless.yml, which the Serverless Framework refuses to load (`duplicateKeyFinding`).
   */
  private describeDuplicate(problem: ParseProblem, first: YPair, second: YPair, noRemoval: boolean): void {
    const d: NonNullable<ParseProblem['duplicate']> = { key: String(second.key.value), firstLine: lineAt(this.text, first.key.range.start), line: lineAt(this.text, second.key.range.start), sameValue: sameValue(this.text, first.value, second.value) };
    if (d.sameValue && !noRemoval) d.removal = ownLines(this.text, second);
    problem.duplicate = d;
    const f = duplicateKeyFinding(d, 'cfn');
    problem.message = f.message;
    problem.severity = f.severity;
  }

  /** `key:` with nothing after it: a null scalar, zero-width, right after the key. */
  private emptyValue(key: YScalar): YScalar {
    let p = key.range.end;
    if (this.text.charCodeAt(p) === 58 /* : */) p++;
    return { type: 'scalar', value: null, quoted: false, range: { start: p, end: p } };
  }

  private key(k: YamlNode | null): YScalar {
    if (k == null) return { type: 'scalar', value: '', quoted: false, range: { start: 0, end: 0 } };
    if (yIsScalar(k)) {
      const t = (k as { type?: string }).type;
      const v = k.value;
      return {
        type: 'scalar',
        range: spanOf(k),
        value: v === null ? '' : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v),
        quoted: t === 'QUOTE_DOUBLE' || t === 'QUOTE_SINGLE',
      };
    }
    const r = spanOf(k);
    return { type: 'scalar', range: r, value: this.text.slice(r.start, r.end), quoted: false };
  }

  private merge(entries: YPair[], src: YamlNode, viaAlias: boolean): void {
    const sources = yIsSeq(src) ? (src.items as YamlNode[]) : [src];
    for (const s of sources) {
      const converted = this.node(s, viaAlias);
      if (converted.type !== 'map') continue;
      for (const p of converted.entries) {
        if (!entries.some((e) => e.key.value === p.key.value)) entries.push(p);
      }
    }
  }

  private alias(a: YamlNode & { source: string }): YNode {
    const range = spanOf(a);
    const target = this.resolveAlias(a);
    if (!target || (isCollection(target) && this.inAlias.includes(target))) return { type: 'scalar', value: null, quoted: false, range };
    if (this.aliasNodes > MAX_ALIAS_NODES) {
      if (!this.aliasOverflowReported) {
        this.aliasOverflowReported = true;
        this.problems.push({
          code: 'alias-limit',
          severity: 'warning',
          message: `Aliases expand to more than ${MAX_ALIAS_NODES} nodes; the rest of the aliases in this file are not expanded (possible alias bomb).`,
          range,
        });
      }
      return { type: 'scalar', value: null, quoted: false, range };
    }
    this.inAlias.push(target);
    const out = this.node(target, true);
    this.inAlias.pop();
    return out;
  }

  /** Where the tag text starts: scan back from the node over whitespace for the tag itself. */
  private tagSpan(n: YamlNode, tag: string): Span {
    const r = spanOf(n);
    let p = r.start;
    // For an empty tagged value (`!Ref` followed by nothing), yaml puts the node after the tag.
    while (p > 0) {
      const c = this.text.charCodeAt(p - 1);
      if (c === 32 || c === 9 || c === 10 || c === 13) p--;
      else break;
    }
    const start = p - tag.length;
    if (start >= 0 && this.text.startsWith(tag, start)) return { start, end: p };
    return { start: r.start, end: r.start };
  }

  private intrinsic(n: YamlNode, tag: string, longKey: string, inner: YNode): YMap {
    const tagSpan = this.tagSpan(n, tag);
    let value: YNode = inner;
    if (longKey === 'Fn::GetAtt' && inner.type === 'scalar' && typeof inner.value === 'string') {
      const s = inner.value;
      const dot = s.indexOf('.');
      const raw = this.text.slice(inner.range.start, inner.range.end);
      const exact = raw === s; // plain scalar written as-is: split ranges precisely
      const mk = (v: string, a: number, b: number): YScalar => ({
        type: 'scalar',
        value: v,
        quoted: false,
        range: exact ? { start: inner.range.start + a, end: inner.range.start + b } : inner.range,
      });
      value =
        dot > 0
          ? { type: 'seq', range: inner.range, items: [mk(s.slice(0, dot), 0, dot), mk(s.slice(dot + 1), dot + 1, s.length)] }
          : { type: 'seq', range: inner.range, items: [mk(s, 0, s.length)] };
    }
    const start = tagSpan.start < inner.range.start ? tagSpan.start : inner.range.start;
    const key: YScalar = { type: 'scalar', value: longKey, quoted: false, range: tagSpan.end > tagSpan.start ? tagSpan : { start, end: start } };
    const range = { start, end: Math.max(inner.range.end, key.range.end) };
    return { type: 'map', range, entries: [{ key, value, range }], intrinsic: true };
  }
}

function spanOf(n: YamlNode): Span {
  const r = (n as { range?: [number, number, number] | null }).range;
  if (!r) return { start: 0, end: 0 };
  return { start: r[0], end: r[1] };
}

/** The lenient parse alone, and whether `parseYaml` would skip it (tests: the skip must be exact). */
export function parseLenientForTest(text: string, options: ParseOptions = {}): { strict: ParsedDocument; lenient: ParsedDocument; skipped: boolean } {
  const cst: { tokens?: CST.Token[] } = {};
  const strict = parseOnce(text, options, undefined, false, cst);
  return { strict, lenient: parseOnce(text, options, undefined, true), skipped: !!cst.tokens && !lenientMayDiffer(cst.tokens, text) };
}
