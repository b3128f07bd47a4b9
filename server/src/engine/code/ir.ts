/**
 * A small language-neutral IR for JavaScript/TypeScript and Python, lowered from the `SNode`
 * copy of a tree-sitter tree. The taint analysis runs on this IR only, so both languages share
 * one engine. Every IR node keeps the syntax node it came from (`n`) for ranges.
 *
 * Lowering is context-free: the IR of a syntax node depends only on that node's text, which lets
 * unchanged statements keep their IR across re-parses.
 */
import type { SNode } from './syntax';

export type Const = string | number | boolean | null;

export interface Arg {
  v: Ex;
  /** Python keyword argument name. */
  name?: string;
  /** 1: `...x` / `*x`; 2: `**x`. */
  spread?: 1 | 2;
}

export interface Prop {
  /** Constant key; null for computed keys and spreads. */
  key: string | null;
  keyEx?: Ex;
  v: Ex;
  spread?: boolean;
  /** The whole property node (`key: value`). */
  n: SNode;
}

export interface TmplPart {
  /** Constant text (decoded), or an interpolated expression. */
  s?: string;
  e?: Ex;
  /** The node of this part (string fragment / substitution). */
  n?: SNode;
}

export type Ex =
  | { k: 'lit'; n: SNode; v: Const; undef?: boolean }
  | { k: 'regex'; n: SNode; pattern: string; flags: string }
  | { k: 'name'; n: SNode; id: string }
  | { k: 'this'; n: SNode }
  | { k: 'member'; n: SNode; obj: Ex; prop: string | null; index?: Ex; pn?: SNode }
  | { k: 'call'; n: SNode; callee: Ex; args: Arg[]; isNew: boolean; argsNode?: SNode }
  | { k: 'tmpl'; n: SNode; parts: TmplPart[]; tag?: Ex; py?: boolean }
  | { k: 'bin'; n: SNode; op: string; l: Ex; r: Ex }
  | { k: 'logic'; n: SNode; op: 'and' | 'or' | 'nullish'; l: Ex; r: Ex }
  | { k: 'unary'; n: SNode; op: string; x: Ex }
  | { k: 'cond'; n: SNode; test: Ex; a: Ex; b: Ex }
  | { k: 'obj'; n: SNode; props: Prop[] }
  | { k: 'arr'; n: SNode; items: { v: Ex; spread?: boolean }[]; kind: 'array' | 'tuple' | 'set' }
  | { k: 'fn'; n: SNode; f: FuncIR }
  | { k: 'class'; n: SNode; c: ClassIR }
  | { k: 'assign'; n: SNode; p: Pat; v: Ex; op?: string }
  | { k: 'seq'; n: SNode; xs: Ex[] }
  | { k: 'comp'; n: SNode; gens: { p: Pat; iter: Ex; ifs: Ex[] }[]; elt: Ex; val?: Ex }
  | { k: 'await'; n: SNode; x: Ex }
  | { k: 'other'; n: SNode; xs: Ex[] };

export type Pat =
  | { k: 'pname'; n: SNode; id: string }
  | { k: 'pobj'; n: SNode; props: { key: string | null; keyEx?: Ex; v: Pat; n: SNode }[]; rest?: Pat }
  | { k: 'parr'; n: SNode; items: (Pat | null)[]; rest?: Pat }
  | { k: 'pmember'; n: SNode; obj: Ex; prop: string | null; index?: Ex }
  | { k: 'pdefault'; n: SNode; p: Pat; dflt: Ex }
  | { k: 'pnone'; n: SNode };

export interface ImportName {
  /** Imported name: an export name, `default`, or `*` (namespace / whole module). */
  imported: string;
  local: string;
  n: SNode;
}

export type St =
  | { k: 'expr'; n: SNode; x: Ex }
  | { k: 'assign'; n: SNode; p: Pat; v: Ex; op?: string; decl?: 'const' | 'let' | 'var'; type?: string; typeEx?: Ex }
  | { k: 'if'; n: SNode; test: Ex; then: St[]; else: St[] | null }
  | { k: 'switch'; n: SNode; disc: Ex; cases: { tests: Ex[]; body: St[]; n: SNode }[] }
  | { k: 'return'; n: SNode; x: Ex | null }
  | { k: 'throw'; n: SNode; x: Ex | null }
  | { k: 'loop'; n: SNode; init: St[]; test: Ex | null; update: Ex | null; body: St[]; each?: { p: Pat; iter: Ex; of: 'of' | 'in' }; orelse?: St[] }
  | { k: 'block'; n: SNode; body: St[] }
  | { k: 'try'; n: SNode; body: St[]; handlers: { p: Pat | null; types: Ex[]; body: St[] }[]; orelse: St[] | null; fin: St[] | null }
  | { k: 'func'; n: SNode; f: FuncIR }
  | { k: 'class'; n: SNode; c: ClassIR }
  | { k: 'break'; n: SNode }
  | { k: 'continue'; n: SNode }
  | { k: 'with'; n: SNode; items: { v: Ex; p: Pat | null }[]; body: St[] }
  | { k: 'import'; n: SNode; source: string; names: ImportName[]; relative: boolean; level?: number }
  | { k: 'export'; n: SNode; decl?: St; specs?: { local: string; exported: string; n: SNode }[]; dflt?: Ex; from?: string }
  | { k: 'assert'; n: SNode; test: Ex }
  | { k: 'del'; n: SNode; xs: Ex[] }
  | { k: 'global'; n: SNode; names: string[] };

export interface ParamIR {
  p: Pat;
  /** Simple parameter name (when the pattern is a plain name). */
  name: string | null;
  /** Type annotation text (`APIGatewayProxyEvent`, `dict`), without the colon. */
  type?: string;
  /** Python type annotation as an expression (for pydantic-style models). */
  typeEx?: Ex;
  dflt?: Ex;
  /** `...rest` / `*args` */
  rest?: boolean;
  /** `**kwargs` */
  kwrest?: boolean;
  n: SNode;
}

export interface FuncIR {
  n: SNode;
  name: string | null;
  nameNode?: SNode;
  params: ParamIR[];
  body: St[];
  /** Arrow function with an expression body: the expression (also present as a return in `body`). */
  exprBody?: Ex;
  isArrow: boolean;
  isAsync: boolean;
  decorators: Ex[];
  /** Python method inside a class, or JS class method. */
  isMethod?: boolean;
  isStatic?: boolean;
}

export interface ClassField {
  name: string;
  n: SNode;
  /** Annotation text (`int`, `string`). */
  type?: string;
  typeEx?: Ex;
  value?: Ex;
  decorators: Ex[];
}

export interface ClassIR {
  n: SNode;
  name: string | null;
  bases: Ex[];
  methods: FuncIR[];
  fields: ClassField[];
  decorators: Ex[];
  /** Statements of a Python class body other than fields and methods. */
  other: St[];
}

export interface ModuleIR {
  lang: 'js' | 'py';
  body: St[];
}

export function range(n: SNode): { start: number; end: number } {
  return { start: n.start, end: n.end };
}

/**
 * Keys of IR objects that are not children to walk: syntax-tree nodes (`n`, `pn`, `argsNode`,
 * `nameNode`) and an arrow function's `exprBody`, which is also the `return` in its `body`.
 */
const NON_CHILD_KEYS = new Set(['n', 'pn', 'argsNode', 'nameNode', 'exprBody']);

/** Calls `fn` with each child object of an IR object or array (a generic, shape-blind walk step). */
export function forEachIrChild(o: unknown, fn: (child: object) => void): void {
  if (!o || typeof o !== 'object') return;
  if (Array.isArray(o)) {
    for (const x of o) if (x && typeof x === 'object') fn(x);
    return;
  }
  for (const [k, v] of Object.entries(o)) if (!NON_CHILD_KEYS.has(k) && v && typeof v === 'object') fn(v);
}
