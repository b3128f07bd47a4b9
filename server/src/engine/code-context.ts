/**
 * Code files in the engine: parses JS/TS/Python with tree-sitter (incrementally, per path) and
 * gives code rules a `CodeContext`: the parse, the functions in nearby configs whose handler is this
 * file (with their triggers), and lazily computed analyses shared by all rules of one run.
 */
import type { CodeSupport, Engine } from './engine';
import { nearbyConfigFiles, resolveHandlers, type HandlerRef, type OutsideReference } from './handlers';
import type { SNode } from './code/syntax';
import { codeLangFromPath, codeParsersReady, freeParse, parseCode, type ParsedCode } from './code/parser';
import type { CodeLang } from './code/types';
import { dirname, joinPath, type Project } from './project';
import type { Span } from './types';
import { mayHoldSuppression } from './suppress';

export interface CodeContext {
  path: string;
  text: string;
  lang: CodeLang;
  parsed: ParsedCode;
  /** Functions (in serverless.yml / SAM / CFN files in this folder or above) whose handler is this file. */
  handlers(): HandlerRef[];
  /** Results of expensive analyses, computed once per file version and shared by the rules. */
  memo<T>(key: string, compute: () => T): T;
  /**
   * Like `memo`, for analyses that read nothing but this file's text (no other file, no config):
   * kept across analyses for the file's last two texts, so re-analysing a config whose handler did
   * not change, or the keystroke that undoes the last one, computes nothing again.
   */
  memoText?<T>(key: string, compute: () => T): T;
  /** Reads another file of the project (relative imports), through the shell's file source. */
  project: Project;
  /** Resolves a relative import specifier to a project file path that exists. */
  resolveImport(spec: string): { path: string; text: string } | undefined;
}

const IMPORT_EXTS = ['', '.ts', '.tsx', '.js', '.mjs', '.cjs', '.jsx', '.mts', '.cts', '/index.ts', '/index.js', '/index.mjs', '.py', '/__init__.py'];

/** `./x`, `../x`, or a Python relative module (`.helpers`, `..pkg.mod`) as a relative path; else undefined. */
function relativeSpec(spec: string): string | undefined {
  let s = spec;
  if (s.startsWith('.') && !s.startsWith('./') && !s.startsWith('../')) {
    // Python relative import: `.helpers` / `..pkg.mod`
    let dots = 0;
    while (s[dots] === '.') dots++;
    s = '../'.repeat(Math.max(0, dots - 1)) + './' + s.slice(dots).split('.').join('/');
  } else if (!s.startsWith('./') && !s.startsWith('../')) return undefined;
  return s;
}

/**
 * A Python absolute import of the importing file's own package (`from inventorycalculator.core.x
 * import Y` in `inventorycalculator/handlers.py`): Lambda puts the code root on `sys.path`, and the
 * package is the folder of that name above the file, so the module is found from that folder's
 * parent. Only the file's own package: a top-level name that is not one of its folders is a library.
 */
function ownPackageSpec(fromPath: string, spec: string): string | undefined {
  if (!fromPath.endsWith('.py') || spec.startsWith('.') || !spec.includes('.')) return undefined;
  const parts = spec.split('.');
  if (parts.some((x) => !x)) return undefined;
  let d = dirname(fromPath);
  for (let i = 0; i < 8; i++) {
    const base = d.slice(d.lastIndexOf('/') + 1);
    const up = dirname(d);
    if (base === parts[0]) {
      return '../'.repeat(i + 1) + parts.join('/');
    }
    if (up === d) break;
    d = up;
  }
  return undefined;
}

export function resolveRelativeImport(project: Project, fromPath: string, spec: string): { path: string; text: string } | undefined {
  const s = relativeSpec(spec) ?? ownPackageSpec(fromPath, spec);
  if (s === undefined) return undefined;
  const base = joinPath(dirname(fromPath), s);
  // Outside the workspace folders: not even looked for (the engine reports it at the import).
  if (!project.isInside(base)) return undefined;
  for (const ext of IMPORT_EXTS) {
    // `./x.js` in TS sources usually means `./x.ts`
    const candidates = ext === '' ? [base] : [base + ext];
    if (ext === '.ts' && base.endsWith('.js')) candidates.push(base.slice(0, -3) + '.ts');
    for (const c of candidates) {
      const text = project.readFile(c);
      if (text !== undefined) return { path: c, text };
    }
  }
  return undefined;
}

interface Entry {
  text: string;
  parsed: ParsedCode;
}

/** Code parses kept for incremental re-parsing (open documents and the modules they read). */
const MAX_CODE_PARSES = 128;

/** Results of `memoText`, per path: those of its last two texts (most recent first). */
type TextMemos = { text: string; memo: Map<string, unknown> }[];

export class TreeSitterCodeSupport implements CodeSupport {
  private readonly last = new Map<string, Entry>();
  private readonly textMemos = new Map<string, TextMemos>();

  constructor(
    private readonly engine: Engine,
    /** Folder above which configs are not searched (workspace root), if known. */
    private readonly stopAt?: (path: string) => string | undefined,
  ) {}

  forget(path: string): void {
    const prev = this.last.get(path);
    if (prev) freeParse(prev.parsed);
    this.last.delete(path);
    this.textMemos.delete(path);
  }

  /** The `memoText` store of this path and text (the last two texts of a path are kept). */
  private textMemo(path: string, text: string): Map<string, unknown> {
    const versions = this.textMemos.get(path) ?? [];
    let hit = versions.find((v) => v.text === text);
    if (!hit) hit = { text, memo: new Map() };
    this.textMemos.delete(path);
    this.textMemos.set(path, [hit, ...versions.filter((v) => v !== hit)].slice(0, 2));
    // As many paths as parses are kept (the least recently analysed goes first).
    while (this.textMemos.size > MAX_CODE_PARSES) this.textMemos.delete(this.textMemos.keys().next().value as string);
    return hit.memo;
  }

  parse(path: string, text: string): { code: unknown; comments: { text: string; range: Span }[]; outside?: OutsideReference[] } | undefined {
    const lang = codeLangFromPath(path);
    if (!lang || !codeParsersReady()) return undefined;
    const prev = this.last.get(path);
    let parsed: ParsedCode;
    if (prev && prev.text === text && prev.parsed.lang === lang) parsed = prev.parsed;
    else {
      parsed = parseCode(text, lang, prev && prev.parsed.lang === lang && prev.parsed.tree ? prev.parsed : null);
      // The old tree's WASM memory is not collected by JS: free it once the new parse exists.
      if (prev && prev.parsed !== parsed) freeParse(prev.parsed);
      this.last.delete(path);
      this.last.set(path, { text, parsed });
      // Bounded: modules read for other files (helpers, imports) are never closed. The oldest
      // parse goes (its WASM tree freed; analyses holding it keep the plain copy they read).
      while (this.last.size > MAX_CODE_PARSES) {
        const [oldest, entry] = this.last.entries().next().value as [string, Entry];
        freeParse(entry.parsed);
        this.last.delete(oldest);
      }
    }
    const memo = new Map<string, unknown>();
    let byText: Map<string, unknown> | undefined;
    const project = this.engine.project;
    let handlers: HandlerRef[] | undefined;
    const ctx: CodeContext = {
      path,
      text,
      lang,
      parsed,
      project,
      memo: <T>(key: string, compute: () => T): T => {
        if (!memo.has(key)) memo.set(key, compute());
        return memo.get(key) as T;
      },
      memoText: <T>(key: string, compute: () => T): T => {
        byText ??= this.textMemo(path, text);
        if (!byText.has(key)) byText.set(key, compute());
        return byText.get(key) as T;
      },
      handlers: () => (handlers ??= this.handlersOf(path)),
      resolveImport: (spec) => resolveRelativeImport(project, path, spec),
    };
    return { code: ctx, comments: collectComments(parsed, text, lang), outside: outsideImports(parsed, path, text, project) };
  }

  /** Functions in nearby configs whose handler resolves to `path`. */
  handlersOf(path: string): HandlerRef[] {
    const out: HandlerRef[] = [];
    const project = this.engine.project;
    for (const cfg of nearbyConfigFiles(path, project, this.stopAt?.(path))) {
      const text = project.readFile(cfg);
      if (text === undefined) continue;
      const model = this.engine.parseConfig(cfg, text).model;
      if (!model) continue;
      for (const h of resolveHandlers(model, cfg, project)) if (h.file === path) out.push(h);
    }
    return out;
  }
}

/**
 * Relative imports (`require('../x')`, `import … from '../x'`, `import('../x')`, `export … from`,
 * Python `from ..x import y`) written to point outside the workspace folders: not read, reported
 * at the specifier. Needs `..` in the text to escape a folder, so most files skip the walk.
 */
export function outsideImports(parsed: ParsedCode, path: string, text: string, project: Project): OutsideReference[] {
  const out: OutsideReference[] = [];
  if (!project.roots || !parsed.root || !text.includes('..') || !project.isInside(path)) return out;
  const check = (node: SNode, spec: string) => {
    const rel = relativeSpec(spec);
    if (rel === undefined || project.isInside(joinPath(dirname(path), rel))) return;
    out.push({ range: { start: node.start, end: node.end }, message: `Import \`${spec.length > 80 ? spec.slice(0, 80) + '…' : spec}\` points outside the workspace, not analysed: that file is not read.` });
  };
  const stringOf = (n: SNode | undefined): string | undefined => (n && n.type === 'string' && n.end - n.start >= 2 ? text.slice(n.start + 1, n.end - 1) : undefined);
  // Only subtrees that contain a `..` can hold such an import: the walk follows those alone, so a
  // big file costs a few root-to-leaf paths, not a full traversal, on every keystroke.
  const dots: number[] = [];
  for (let at = text.indexOf('..'); at >= 0 && dots.length < 50_000; at = text.indexOf('..', at + 2)) dots.push(at);
  const holdsDots = (n: SNode) => {
    let lo = 0;
    let hi = dots.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dots[mid] < n.start) lo = mid + 1;
      else hi = mid;
    }
    return lo < dots.length && dots[lo] < n.end;
  };
  const stack: SNode[] = [parsed.root];
  let steps = 0;
  while (stack.length && steps++ < 500_000) {
    const n = stack.pop()!;
    if (n.type === 'import_statement' || n.type === 'export_statement') {
      const src = n.children.find((c) => c.field === 'source');
      const spec = stringOf(src);
      if (src && spec !== undefined) check(src, spec);
    } else if (n.type === 'call_expression') {
      const fn = n.children.find((c) => c.field === 'function');
      const args = n.children.find((c) => c.field === 'arguments');
      if (fn && args && (fn.type === 'import' || (fn.type === 'identifier' && text.slice(fn.start, fn.end) === 'require'))) {
        const first = args.children.find((c) => c.named);
        const spec = stringOf(first);
        if (first && spec !== undefined) check(first, spec);
      }
    } else if (n.type === 'import_from_statement') {
      const mod = n.children.find((c) => c.field === 'module_name');
      if (mod && mod.type === 'relative_import') check(mod, text.slice(mod.start, mod.end));
    }
    for (let i = n.children.length - 1; i >= 0; i--) if (holdsDots(n.children[i])) stack.push(n.children[i]);
  }
  return out;
}

/**
 * Comments of a parse (for suppressions), markers stripped. The plain SNode copy drops comments,
 * so they are read from the tree-sitter tree in one call.
 */
export function collectComments(parsed: ParsedCode, text: string, lang: CodeLang): { text: string; range: Span }[] {
  const out: { text: string; range: Span }[] = [];
  // Comments only matter for suppressions: without the marker anywhere in the text there are none,
  // and the tree walk (a few ms on a big file) is skipped.
  if (!mayHoldSuppression(text)) return out;
  const root = parsed.tree?.rootNode;
  if (!root) return out;
  for (const n of root.descendantsOfType('comment')) {
    if (!n) continue;
    const start = n.startIndex;
    const end = n.endIndex;
    let t = text.slice(start, end);
    if (lang === 'python') t = t.replace(/^#/, '');
    else if (t.startsWith('//')) t = t.slice(2);
    else if (t.startsWith('/*')) t = t.slice(2, t.endsWith('*/') ? -2 : undefined);
    out.push({ text: t, range: { start, end } });
  }
  return out;
}
