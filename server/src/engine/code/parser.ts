/**
 * tree-sitter parsing for JavaScript, TypeScript, TSX and Python handler code.
 *
 * - `initCodeParsers()` loads the runtime and the four grammars once (async; WASM).
 * - `parseCode()` is synchronous, never throws, re-parses incrementally when given the previous
 *   result plus the edits, and copies the tree into plain `SNode`s (reusing the copies of subtrees
 *   the re-parse left untouched, which keeps a one-character edit in a 2,000-line file cheap).
 * - `CodeDocumentCache` keeps one parse per document (uri + version) and frees old trees.
 *
 * WASM files are looked up next to the running bundle first (`path.join(__dirname, name)`; the
 * build copies them into dist/), then in node_modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as WebTreeSitter from 'web-tree-sitter';
import type { Tree, Edit, Language as LanguageT, Parser as ParserT } from 'web-tree-sitter';

// `require` (not `import`) so that bundlers pick web-tree-sitter's CommonJS build: its ES module
// build locates its WASM through `import.meta.url`, which does not exist in a CommonJS bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Parser, Language } = require('web-tree-sitter') as typeof WebTreeSitter;
import type { CodeLang, Span } from './types';
import type { SNode } from './syntax';

export type { Tree };

/** Files larger than this are not parsed (generated bundles, vendored code). */
export const MAX_CODE_CHARS = 1_500_000;

export const GRAMMAR_WASM: Readonly<Record<CodeLang, string>> = {
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  python: 'tree-sitter-python.wasm',
};
/** The runtime's own WASM (from `web-tree-sitter`, not the one in `@vscode/tree-sitter-wasm`). */
export const RUNTIME_WASM = 'tree-sitter.wasm';

/** Language of a file from its extension; undefined when not a handler language. */
export function codeLangFromPath(file: string): CodeLang | undefined {
  const dot = file.lastIndexOf('.');
  if (dot < 0) return undefined;
  switch (file.slice(dot + 1).toLowerCase()) {
    case 'js': case 'mjs': case 'cjs': case 'jsx': return 'javascript';
    case 'ts': case 'mts': case 'cts': return file.toLowerCase().endsWith('.d.ts') ? undefined : 'typescript';
    case 'tsx': return 'tsx';
    case 'py': case 'pyi': return 'python';
    default: return undefined;
  }
}

/** A change to a document: replace [start, end) of the text *as it was before this change* with `text`. */
export interface CodeEdit {
  start: number;
  end: number;
  text: string;
}

export interface ParseIssue {
  range: Span;
  /** `syntax error` or `missing ";"`-style text. */
  message: string;
}

export interface ParsedCode {
  lang: CodeLang;
  text: string;
  /** The tree-sitter tree (null when parsing was skipped). Owned by the caller / cache. */
  tree: Tree | null;
  /** Plain copy of the tree (null when skipped). */
  root: SNode | null;
  /** ERROR / MISSING nodes. */
  errors: ParseIssue[];
  /** Set when the file was not parsed; analysis is skipped and the reason says why. */
  skipped?: { reason: 'too-large' | 'not-initialized' | 'parse-failed'; message: string };
  /** True when the previous tree was reused by the parser. */
  incremental: boolean;
  /** Subtrees copied from the previous `root` instead of walked again. */
  reusedSubtrees: number;
  /** Total time of `parseCode` (tree-sitter parse + copy), ms. */
  parseMs: number;
  /** Time spent copying the tree into `SNode`s, ms. */
  copyMs?: number;
  /** @internal tree-sitter node id → SNode, for the next incremental parse. */
  reuse?: Map<number, SNode>;
}

export interface PreviousParse {
  tree: Tree;
  text: string;
  /** Changes from `text` to the new text, in order. Omitted: computed by a prefix/suffix diff. */
  edits?: CodeEdit[];
  /** The previous result's reuse map (pass the previous `ParsedCode` itself to get it). */
  reuse?: Map<number, SNode>;
}

// ---------------------------------------------------------------------------------------------
// Initialisation

interface LangInfo {
  language: LanguageT;
  parser: ParserT;
  types: string[];
  isNamed: boolean[];
  fields: (string | null)[];
  leaf: Set<string>;
}

const langs = new Map<CodeLang, LangInfo>();

/**
 * Direct access to the runtime's cursor functions. web-tree-sitter's `TreeCursor` copies the
 * cursor state in and out of a shared transfer buffer around every call; copying a whole tree that
 * way costs several times the parse. Emscripten exposes the module on the options object given to
 * `Parser.init`, so the copy loop keeps the cursor in the transfer buffer and calls the C functions
 * itself. Used only when every function is present (else the public API is used).
 */
interface FastCursorApi {
  heap(): Int32Array;
  transfer: number;
  firstChild(tree: number): number;
  nextSibling(tree: number): number;
  parent(tree: number): number;
  typeId(tree: number): number;
  startIndex(tree: number): number;
  endIndex(tree: number): number;
  fieldId(tree: number): number;
  nodeId(tree: number): number;
  isMissing(tree: number): number;
}
let wasm: FastCursorApi | undefined;

function fastCursorApi(m: Record<string, unknown>): FastCursorApi | undefined {
  const fn = (name: string) => (typeof m[name] === 'function' ? (m[name] as (...a: number[]) => number) : undefined);
  const names = ['_ts_init', '_ts_tree_cursor_goto_first_child_wasm', '_ts_tree_cursor_goto_next_sibling_wasm', '_ts_tree_cursor_goto_parent_wasm',
    '_ts_tree_cursor_current_node_type_id_wasm', '_ts_tree_cursor_start_index_wasm', '_ts_tree_cursor_end_index_wasm',
    '_ts_tree_cursor_current_field_id_wasm', '_ts_tree_cursor_current_node_id_wasm', '_ts_tree_cursor_current_node_is_missing_wasm'];
  if (names.some((n) => !fn(n)) || !(m.HEAP32 instanceof Int32Array)) return undefined;
  const transfer = fn('_ts_init')!();
  if (typeof transfer !== 'number' || transfer <= 0) return undefined;
  return {
    heap: () => m.HEAP32 as Int32Array,
    transfer,
    firstChild: fn('_ts_tree_cursor_goto_first_child_wasm')!,
    nextSibling: fn('_ts_tree_cursor_goto_next_sibling_wasm')!,
    parent: fn('_ts_tree_cursor_goto_parent_wasm')!,
    typeId: fn('_ts_tree_cursor_current_node_type_id_wasm')!,
    startIndex: fn('_ts_tree_cursor_start_index_wasm')!,
    endIndex: fn('_ts_tree_cursor_end_index_wasm')!,
    fieldId: fn('_ts_tree_cursor_current_field_id_wasm')!,
    nodeId: fn('_ts_tree_cursor_current_node_id_wasm')!,
    isMissing: fn('_ts_tree_cursor_current_node_is_missing_wasm')!,
  };
}
let initPromise: Promise<void> | undefined;
let initError: Error | undefined;

declare const __dirname: string | undefined;

function candidateDirs(extra?: string): string[] {
  const dirs: string[] = [];
  if (extra) dirs.push(extra);
  if (typeof __dirname === 'string') dirs.push(__dirname, path.join(__dirname, 'wasm'));
  return dirs;
}

function resolveFromModules(spec: string): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require.resolve(spec);
  } catch {
    return undefined;
  }
}

/** Path of a WASM file: next to the bundle, else in node_modules. */
export function locateWasm(name: string, wasmDir?: string): string | undefined {
  for (const d of candidateDirs(wasmDir)) {
    const p = path.join(d, name);
    if (fs.existsSync(p)) return p;
  }
  if (name === RUNTIME_WASM) return resolveFromModules('web-tree-sitter/tree-sitter.wasm');
  return resolveFromModules(`@vscode/tree-sitter-wasm/wasm/${name}`);
}

const LEAF_JS = [
  'string', 'number', 'regex', 'type_annotation', 'type_arguments', 'type_parameters',
  'interface_declaration', 'type_alias_declaration', 'predefined_type', 'type_identifier',
  'ambient_declaration', 'jsx_text', 'hash_bang_line', 'property_identifier', 'identifier',
  'shorthand_property_identifier', 'shorthand_property_identifier_pattern', 'statement_identifier',
  'asserts_annotation', 'type_predicate_annotation', 'opting_type_annotation', 'omitting_type_annotation',
  'adding_type_annotation', 'abstract_method_signature', 'index_signature', 'method_signature',
];
const LEAF_PY = ['integer', 'float', 'identifier', 'escape_sequence'];

/** Load the tree-sitter runtime and the four grammars. Safe to call repeatedly. */
export function initCodeParsers(options?: { wasmDir?: string }): Promise<void> {
  if (!initPromise) {
    initPromise = (async () => {
      try {
        const runtime = locateWasm(RUNTIME_WASM, options?.wasmDir);
        const moduleOptions: Record<string, unknown> = {
          locateFile: (name: string, scriptDir: string) =>
            name === RUNTIME_WASM && runtime ? runtime : path.join(scriptDir, name),
        };
        await Parser.init(moduleOptions as object);
        wasm = fastCursorApi(moduleOptions);
        for (const lang of Object.keys(GRAMMAR_WASM) as CodeLang[]) {
          const file = locateWasm(GRAMMAR_WASM[lang], options?.wasmDir);
          if (!file) throw new Error(`tree-sitter grammar ${GRAMMAR_WASM[lang]} not found`);
          const language = await Language.load(fs.readFileSync(file));
          const parser = new Parser();
          parser.setLanguage(language);
          const types = language.types.slice();
          const isNamed: boolean[] = [];
          for (let i = 0; i < types.length; i++) isNamed.push(language.nodeTypeIsNamed(i));
          langs.set(lang, {
            language, parser, types, isNamed, fields: language.fields.slice(),
            leaf: new Set(lang === 'python' ? LEAF_PY : LEAF_JS),
          });
        }
      } catch (e) {
        initError = e instanceof Error ? e : new Error(String(e));
        langs.clear();
      }
    })();
  }
  return initPromise;
}

export function codeParsersReady(): boolean {
  return langs.size === 4;
}

/** Why initialisation failed, if it did. */
export function codeParserInitError(): Error | undefined {
  return initError;
}

// ---------------------------------------------------------------------------------------------
// Parsing

function skippedResult(lang: CodeLang, text: string, reason: 'too-large' | 'not-initialized' | 'parse-failed', message: string): ParsedCode {
  return { lang, text, tree: null, root: null, errors: [], skipped: { reason, message }, incremental: false, reusedSubtrees: 0, parseMs: 0 };
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** `pointAt(text, offset)` from a known point `at` of an earlier offset `from` (scans only the text between). */
function pointFrom(text: string, from: number, at: { row: number; column: number }, offset: number): { row: number; column: number } {
  let row = at.row;
  let lineStart = from - at.column;
  for (let i = text.indexOf('\n', from); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** One edit turning `a` into `b` (common prefix / suffix). */
export function diffEdit(a: string, b: string): CodeEdit | undefined {
  if (a === b) return undefined;
  const max = Math.min(a.length, b.length);
  let p = 0;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return { start: p, end: a.length - s, text: b.slice(p, b.length - s) };
}

/**
 * Parse `text` (synchronously). With `previous` (the last result for the same document and the
 * edits since), the old tree is edited and handed to tree-sitter for an incremental re-parse.
 * Never throws: failures come back as `skipped`.
 *
 * Passing a `ParsedCode` as `previous` hands its unchanged syntax nodes (`SNode`s) over to the new
 * result (they are moved, not copied, which keeps re-parsing cheap): afterwards use only the new
 * result. The previous tree-sitter tree itself is left intact (free it with `freeParse`).
 */
export function parseCode(text: string, lang: CodeLang, previous?: PreviousParse | ParsedCode | null): ParsedCode {
  const info = langs.get(lang);
  if (!info) {
    return skippedResult(lang, text, 'not-initialized', initError
      ? `code parsers failed to load: ${initError.message}`
      : 'code parsers are not initialised (call initCodeParsers() first)');
  }
  if (text.length > MAX_CODE_CHARS) {
    return skippedResult(lang, text, 'too-large',
      `file has ${text.length} characters (limit ${MAX_CODE_CHARS}); code analysis skipped`);
  }
  const t0 = performance.now();
  let oldTree: Tree | null = null;
  let reuse: Map<number, SNode> | undefined;
  // the previous text → this one as one edit (common prefix and suffix), computed once for the tree edit and the copy
  let diff: CodeEdit | undefined | null = null;
  const diffOnce = (): CodeEdit | undefined => (diff === null ? (diff = diffEdit(previous!.text, text)) : diff);
  try {
    if (previous && previous.tree) {
      oldTree = editedCopy(previous.tree, previous.text, text, (previous as PreviousParse).edits, diffOnce);
      if (oldTree) reuse = previous.reuse;
    }
  } catch {
    oldTree = null;
  }
  let tree: Tree | null = null;
  try {
    tree = info.parser.parse(text, oldTree);
  } catch (e) {
    tree = null;
    if (oldTree) {
      try { tree = info.parser.parse(text); } catch { tree = null; }
      reuse = undefined;
    }
    if (!tree) {
      oldTree?.delete();
      return skippedResult(lang, text, 'parse-failed', `parse failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (!tree) {
    oldTree?.delete();
    return skippedResult(lang, text, 'parse-failed', 'parse failed');
  }
  let built: { root: SNode; map: Map<number, SNode>; reused: number };
  const tCopy = performance.now();
  try {
    built = buildSyntax(tree, text, lang, info, oldTree ? reuse : undefined, oldTree && reuse && previous ? shiftOf(diffOnce(), text, tree.rootNode.hasError) : undefined);
  } catch (e) {
    oldTree?.delete();
    tree.delete();
    return skippedResult(lang, text, 'parse-failed', `syntax copy failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  oldTree?.delete();
  // the previous parse's unchanged syntax nodes now belong to this one
  if (reuse && previous) (previous as { reuse?: Map<number, SNode> }).reuse = undefined;
  const errors = collectErrors(built.root);
  const result: ParsedCode = {
    lang, text, tree, root: built.root, errors, incremental: oldTree !== null,
    reusedSubtrees: built.reused, parseMs: performance.now() - t0, copyMs: performance.now() - tCopy, reuse: built.map,
  };
  treeRegistry.set(tree, result);
  return result;
}

const treeRegistry = new WeakMap<Tree, ParsedCode>();

/**
 * The `ParsedCode` of a tree-sitter tree: the one `parseCode` returned for it, or a fresh copy for
 * a tree made elsewhere with one of our grammars. Undefined for other languages.
 */
export function parsedFromTree(tree: Tree): ParsedCode | undefined {
  const hit = treeRegistry.get(tree);
  if (hit) return hit;
  let lang: CodeLang | undefined;
  let info: LangInfo | undefined;
  for (const [l, i] of langs) if (i.language === tree.language) { lang = l; info = i; }
  if (!lang || !info) return undefined;
  try {
    const text = tree.rootNode.text;
    const built = buildSyntax(tree, text, lang, info, undefined);
    const result: ParsedCode = { lang, text, tree, root: built.root, errors: collectErrors(built.root), incremental: false, reusedSubtrees: 0, parseMs: 0, reuse: built.map };
    treeRegistry.set(tree, result);
    return result;
  } catch {
    return undefined;
  }
}

/** A copy of `tree` with the edits from `oldText` to `newText` applied, or null if they do not add up. */
function editedCopy(tree: Tree, oldText: string, newText: string, edits: CodeEdit[] | undefined, diff: () => CodeEdit | undefined): Tree | null {
  if (!edits) {
    // the common prefix / suffix edit turns oldText into newText by construction
    const d = diff();
    const copy = tree.copy();
    if (d) {
      const startPosition = pointAt(oldText, d.start);
      const newEndIndex = d.start + d.text.length;
      copy.edit({ startIndex: d.start, oldEndIndex: d.end, newEndIndex, startPosition, oldEndPosition: pointFrom(oldText, d.start, startPosition, d.end), newEndPosition: pointFrom(newText, d.start, startPosition, newEndIndex) });
    }
    return copy;
  }
  const list = edits;
  let cur = oldText;
  const tsEdits: Edit[] = [];
  for (const e of list) {
    if (e.start < 0 || e.end < e.start || e.end > cur.length) return null;
    const startPosition = pointAt(cur, e.start);
    const oldEndPosition = pointAt(cur, e.end);
    const next = cur.slice(0, e.start) + e.text + cur.slice(e.end);
    const newEndIndex = e.start + e.text.length;
    const newEndPosition = pointAt(next, newEndIndex);
    tsEdits.push({ startIndex: e.start, oldEndIndex: e.end, newEndIndex, startPosition, oldEndPosition, newEndPosition });
    cur = next;
  }
  if (cur !== newText) return null;
  const copy = tree.copy();
  for (const e of tsEdits) copy.edit(e);
  return copy;
}

/** Minimum size (characters) of a named node worth remembering for reuse. */
const REUSE_MIN = 48;

function pythonStringNeedsChildren(text: string, start: number): boolean {
  for (let i = start; i < start + 3 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 102 || c === 70) return true; // f / F
    if (c === 34 || c === 39) return false; // quote
  }
  return false;
}

function buildSyntax(tree: Tree, text: string, lang: CodeLang, info: LangInfo, reuse: Map<number, SNode> | undefined, shift?: Shift): { root: SNode; map: Map<number, SNode>; reused: number } {
  if (wasm) {
    const r = buildSyntaxFast(tree, text, lang, info, reuse, wasm, shift);
    if (r) return r;
  }
  return buildSyntaxSlow(tree, text, lang, info, reuse, shift);
}

/**
 * Where the previous text and this one differ: one region (common prefix and suffix), old
 * [start, oldEnd) became new [start, newEnd). Text outside it is the same, shifted after it.
 */
interface Shift {
  start: number;
  oldEnd: number;
  newEnd: number;
  /** Old nodes may be found by position (not only by tree-sitter's node id). */
  byPosition: boolean;
  /** Start of the line after the edited region in the new text (a node after the edit must start there or later). */
  nextLine: number;
}

function shiftOf(d: CodeEdit | undefined, newText: string, hasError: boolean): Shift | undefined {
  if (!d) return undefined;
  const newEnd = d.start + d.text.length;
  const nl = newText.indexOf('\n', newEnd);
  // Same text may parse differently when the parser enters it in another state (an open bracket,
  // another indentation stack): that shows as syntax errors, so with errors in the new tree only
  // nodes tree-sitter itself re-used are moved. A node after the edit must also start on a later
  // line (its first line's column and the tokens before it on that line are the same).
  return { start: d.start, oldEnd: d.end, newEnd, byPosition: !hasError, nextLine: nl < 0 ? newText.length + 1 : nl + 1 };
}

/** Minimal view of the cursor operations the copy loop needs. */
interface CursorOps {
  firstChild(): boolean;
  nextSibling(): boolean;
  parent(): boolean;
  typeId(): number;
  startIndex(): number;
  endIndex(): number;
  fieldId(): number;
  nodeId(): number;
  isMissing(): boolean;
}

function buildSyntaxFast(tree: Tree, text: string, lang: CodeLang, info: LangInfo, reuse: Map<number, SNode> | undefined, w: FastCursorApi, shift?: Shift): { root: SNode; map: Map<number, SNode>; reused: number } | undefined {
  const cursor = tree.walk() as unknown as Record<number, number>;
  const treePtr = (tree as unknown as Record<number, number>)[0];
  if (typeof treePtr !== 'number' || typeof cursor[0] !== 'number') { (cursor as unknown as { delete(): void }).delete(); return undefined; }
  const base = w.transfer >> 2;
  const load = () => { const h = w.heap(); for (let i = 0; i < 4; i++) h[base + i] = cursor[i]; };
  const store = () => { const h = w.heap(); for (let i = 0; i < 4; i++) cursor[i] = h[base + i]; };
  load();
  const ops: CursorOps = {
    firstChild: () => w.firstChild(treePtr) === 1,
    nextSibling: () => w.nextSibling(treePtr) === 1,
    parent: () => w.parent(treePtr) === 1,
    typeId: () => w.typeId(treePtr),
    startIndex: () => w.startIndex(treePtr) >>> 0,
    endIndex: () => w.endIndex(treePtr) >>> 0,
    fieldId: () => w.fieldId(treePtr),
    nodeId: () => w.nodeId(treePtr) >>> 0,
    isMissing: () => w.isMissing(treePtr) === 1,
  };
  try {
    return copyTree(ops, text, lang, info, reuse, shift);
  } finally {
    store();
    (cursor as unknown as { delete(): void }).delete();
  }
}

function buildSyntaxSlow(tree: Tree, text: string, lang: CodeLang, info: LangInfo, reuse: Map<number, SNode> | undefined, shift?: Shift): { root: SNode; map: Map<number, SNode>; reused: number } {
  const c = tree.walk();
  const ops: CursorOps = {
    firstChild: () => c.gotoFirstChild(),
    nextSibling: () => c.gotoNextSibling(),
    parent: () => c.gotoParent(),
    typeId: () => c.nodeTypeId,
    startIndex: () => c.startIndex,
    endIndex: () => c.endIndex,
    fieldId: () => c.currentFieldId,
    nodeId: () => c.nodeId,
    isMissing: () => c.nodeIsMissing,
  };
  try {
    return copyTree(ops, text, lang, info, reuse, shift);
  } finally {
    c.delete();
  }
}

/**
 * Copies the tree-sitter tree into plain `SNode`s. Subtrees of the previous copy are moved over
 * (shifted) instead of copied when the new node is the same as an old one: either tree-sitter
 * re-used that node (same node id), or — what tree-sitter-python rarely does, its indentation
 * scanner makes it re-create most nodes after an edit — an error-free old node of the same type
 * and length lies at the same place in the unchanged text outside the edited region (`shift`):
 * the same text parsed as the same node. Both are checked against `shift`, so a stale id (ids are
 * addresses, re-used once a tree is freed) can never bring in a node from elsewhere.
 */
function copyTree(c: CursorOps, text: string, lang: CodeLang, info: LangInfo, reuse: Map<number, SNode> | undefined, shift?: Shift): { root: SNode; map: Map<number, SNode>; reused: number } {
  const { types, isNamed, fields, leaf } = info;
  const map = new Map<number, SNode>();
  const py = lang === 'python';
  let reused = 0;
  // Old nodes by old start offset (error-free ones only), and the roots moved so far.
  let byStart: Map<number, SNode[]> | undefined;
  const taken = new Set<SNode>();
  /** Old nodes with a moved (taken) node below them: none of them can be moved as a whole any more. */
  const holds = new Set<SNode>();
  const take = (n: SNode): void => {
    taken.add(n);
    // the old ancestors (parent pointers are still the old ones: a taken node's ancestors are never taken)
    for (let p = n.parent; p && !holds.has(p); p = p.parent) holds.add(p);
  };
  if (reuse && shift?.byPosition) {
    byStart = new Map();
    for (const n of reuse.values()) {
      if (n.err) continue;
      const list = byStart.get(n.start);
      if (list) list.push(n);
      else byStart.set(n.start, [n]);
    }
  }
  // With syntax errors in the new tree, old nodes are not moved by position before their subtree is
  // read (the same text may parse differently there). A top-level statement is still compared once
  // copied: when its whole copy has the shape of an old one at the same place in the unchanged text
  // (types, ranges, fields, error flags, children), the old one is moved in its place. The result is
  // the same tree; the old statement keeps its identity, so what was derived from it (its IR,
  // lower-js/lower-py `stmtCache`, and the per-statement memos on that IR) is kept across the edit.
  let topByStart: Map<number, SNode[]> | undefined;
  if (reuse && shift && !shift.byPosition) {
    topByStart = new Map();
    for (const n of reuse.values()) {
      if (n.err || !n.parent || n.parent.parent) continue;
      const list = topByStart.get(n.start);
      if (list) list.push(n);
      else topByStart.set(n.start, [n]);
    }
  }
  const delta = shift ? shift.newEnd - shift.oldEnd : 0;
  /** The old start of new text [s, e), when that text lies outside the edited region (one character of margin). */
  const oldStartOf = (s: number, e: number): number | undefined => {
    if (!shift) return undefined;
    if (e < shift.start) return s;
    if (s > shift.newEnd && s >= shift.nextLine) return s - delta;
    return undefined;
  };
  /** Neither `n` nor an old node above or below it has been moved yet. */
  const free = (n: SNode): boolean => {
    if (holds.has(n)) return false;
    for (let p: SNode | null = n; p; p = p.parent) if (taken.has(p)) return false;
    return true;
  };
  const findOld = (id: number, type: string, s: number, e: number): SNode | undefined => {
    const os = oldStartOf(s, e);
    if (os === undefined) return undefined;
    const byId = reuse?.get(id);
    if (byId && byId.type === type && byId.start === os && byId.end - byId.start === e - s && free(byId)) return byId;
    const list = byStart?.get(os);
    if (!list) return undefined;
    let hit: SNode | undefined;
    for (const n of list) {
      if (n.type !== type || n.end - n.start !== e - s) continue;
      if (hit) return undefined; // two such nodes (one inside the other): ambiguous
      hit = n;
    }
    return hit && free(hit) ? hit : undefined;
  };
  const root: SNode = mk(types[c.typeId()] ?? 'ERROR', c.startIndex(), c.endIndex(), null, true, null, -1);
  // Each stack entry: the SNode whose children the cursor is currently visiting.
  const stack: SNode[] = [];
  let cur: SNode = root;
  let descend = true;
  for (;;) {
    if (descend && c.firstChild()) {
      stack.push(cur);
    } else {
      // finished `cur`: propagate error flag, then move to next sibling or up
      for (;;) {
        const parent = stack[stack.length - 1];
        if (topByStart && stack.length === 1 && !cur.err && cur.named && cur.end - cur.start >= REUSE_MIN && parent.children[parent.children.length - 1] === cur && !taken.has(cur)) {
          const os = oldStartOf(cur.start, cur.end);
          const old = os === undefined ? undefined : topByStart.get(os)?.find((o) => o.type === cur.type && o.end - o.start === cur.end - cur.start && !taken.has(o) && sameShape(o, cur, cur.start - o.start, taken));
          if (old) {
            take(old);
            moveAs(old, cur, cur.start - old.start, map);
            old.field = cur.field;
            old.parent = parent;
            parent.children[parent.children.length - 1] = old;
            reused++;
            cur = old;
          }
        }
        if (parent && cur.err) parent.err = true;
        if (!parent) return { root, map, reused };
        if (c.nextSibling()) break;
        c.parent();
        cur = stack.pop()!;
      }
    }
    // the cursor is on a new node: a child of stack top
    const parent = stack[stack.length - 1];
    const tid = c.typeId();
    const type = types[tid] ?? 'ERROR';
    if (type === 'comment' || type === 'html_comment') {
      // comments are dropped; `cur` becomes a placeholder that is never attached
      cur = mk(type, 0, 0, null, true, null, -1);
      descend = false;
      continue;
    }
    const s = c.startIndex();
    const e = c.endIndex();
    const nm = isNamed[tid] === true;
    const fid = c.fieldId();
    const field = fid ? fields[fid] ?? null : null;
    if (nm && e - s >= REUSE_MIN) {
      const id = c.nodeId();
      const old = shift ? findOld(id, type, s, e) : undefined;
      if (old) {
        take(old);
        adopt(old, s - old.start, map);
        old.field = field;
        old.parent = parent;
        parent.children.push(old);
        reused++;
        cur = old;
        descend = false;
        continue;
      }
      cur = mk(type, s, e, field, nm, parent, id);
      map.set(id, cur);
    } else {
      cur = mk(type, s, e, field, nm, parent, -1);
    }
    if (type === 'ERROR') { cur.bad = true; cur.err = true; }
    else if (s === e && c.isMissing()) { cur.bad = true; cur.err = true; }
    parent.children.push(cur);
    descend = !leaf.has(type) && !(py && type === 'string' && !pythonStringNeedsChildren(text, s));
  }
}

function mk(type: string, start: number, end: number, field: string | null, named: boolean, parent: SNode | null, id: number): SNode {
  return { type, start, end, field, named, children: [], parent, id, bad: false, err: false };
}

/**
 * The old subtree `o`, shifted by `d`, has the shape of the new copy `n` (children compared with
 * their fields). An old node already moved into the copy (`taken`: tree-sitter re-used it) matches
 * only itself, at the same place.
 */
function sameShape(o: SNode, n: SNode, d: number, taken: ReadonlySet<SNode>): boolean {
  if (o === n) return true;
  if (taken.has(o)) return false;
  if (o.type !== n.type || o.start + d !== n.start || o.end + d !== n.end || o.named !== n.named || o.bad !== n.bad || o.err !== n.err) return false;
  const oc = o.children;
  const nc = n.children;
  if (oc.length !== nc.length) return false;
  for (let i = 0; i < oc.length; i++) if (oc[i].field !== nc[i].field || !sameShape(oc[i], nc[i], d, taken)) return false;
  return true;
}

/**
 * Moves the old subtree `o` to the place of its copy `n` (same shape): positions and tree-sitter ids
 * of the new tree. An old node the copy already holds (moved before) stays as it is, under `o` again.
 */
function moveAs(o: SNode, n: SNode, d: number, map: Map<number, SNode>): void {
  o.start += d;
  o.end += d;
  o.id = n.id;
  if (n.id >= 0) map.set(n.id, o);
  const oc = o.children;
  const nc = n.children;
  for (let i = 0; i < oc.length; i++) {
    if (oc[i] === nc[i]) oc[i].parent = o;
    else moveAs(oc[i], nc[i], d, map);
  }
}

/** Shift a reused subtree to its new position and remember its nodes for the next re-parse. */
function adopt(n: SNode, delta: number, map: Map<number, SNode>): void {
  n.start += delta;
  n.end += delta;
  if (n.id >= 0) map.set(n.id, n);
  const cs = n.children;
  for (let i = 0; i < cs.length; i++) adopt(cs[i], delta, map);
}

function collectErrors(root: SNode): ParseIssue[] {
  const out: ParseIssue[] = [];
  if (!root.err) return out;
  const stack: SNode[] = [root];
  while (stack.length && out.length < 200) {
    const x = stack.pop()!;
    if (x.bad) {
      out.push({
        range: { start: x.start, end: x.end },
        message: x.type === 'ERROR' ? 'syntax error' : `missing ${x.type}`,
      });
      if (x.type !== 'ERROR') continue;
    }
    for (let i = x.children.length - 1; i >= 0; i--) if (x.children[i].err) stack.push(x.children[i]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Per-document cache

interface CacheEntry {
  version: number;
  parsed: ParsedCode;
}

/**
 * One parse per open document, keyed by uri + version. `update` re-parses incrementally from the
 * previous version (with the given edits, or a computed diff) and frees the old tree.
 */
export class CodeDocumentCache {
  private readonly entries = new Map<string, CacheEntry>();

  get(uri: string, version?: number): ParsedCode | undefined {
    const e = this.entries.get(uri);
    if (!e || (version !== undefined && e.version !== version)) return undefined;
    return e.parsed;
  }

  /** Parse (or return the cached parse of) `uri` at `version`. */
  update(uri: string, version: number, text: string, lang?: CodeLang, edits?: CodeEdit[]): ParsedCode {
    const language = lang ?? codeLangFromPath(uri) ?? 'javascript';
    const prev = this.entries.get(uri);
    if (prev && prev.version === version && prev.parsed.text === text && prev.parsed.lang === language) return prev.parsed;
    const usable = prev && prev.parsed.lang === language && prev.parsed.tree ? prev.parsed : undefined;
    const parsed = parseCode(text, language, usable
      ? { tree: usable.tree!, text: usable.text, edits, reuse: usable.reuse }
      : undefined);
    if (prev) freeParse(prev.parsed);
    this.entries.set(uri, { version, parsed });
    return parsed;
  }

  delete(uri: string): void {
    const e = this.entries.get(uri);
    if (e) freeParse(e.parsed);
    this.entries.delete(uri);
  }

  clear(): void {
    for (const e of this.entries.values()) freeParse(e.parsed);
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Free the WASM memory of a parse's tree (the `SNode` copy stays usable). */
export function freeParse(p: ParsedCode): void {
  if (p.tree) {
    // The registry entry would live as long as the tree object (web-tree-sitter may keep it), and
    // with it this file's text: drop it with the tree.
    treeRegistry.delete(p.tree);
    try { p.tree.delete(); } catch { /* already freed */ }
    p.tree = null;
  }
  p.reuse = undefined;
}
