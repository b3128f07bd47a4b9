/**
 * Small source-editing helpers shared by the code fixes: the statement a call sits in and its
 * indentation (to insert a check before it), a module's local binding or a new import of it, a
 * fresh identifier, and string literals for JS and Python.
 */
import type { St } from './ir';
import type { SNode } from './syntax';
import type { CodeTextEdit } from './types';

export interface FileLike {
  text: string;
  /** Project path (decides TypeScript annotations). */
  path?: string;
  lang: 'js' | 'py';
  mod: { body: St[] };
}

const JS_BLOCKS = new Set(['statement_block', 'program', 'switch_case', 'switch_default']);
const PY_BLOCKS = new Set(['block', 'module']);

/** The statement that contains `n` and sits directly in a block, with its indentation; undefined when it shares its line. */
export function enclosingStatement(f: FileLike, n: SNode): { node: SNode; indent: string } | undefined {
  const blocks = f.lang === 'py' ? PY_BLOCKS : JS_BLOCKS;
  let cur: SNode | null = n;
  while (cur && cur.parent && !blocks.has(cur.parent.type)) {
    // never hoist out of a function body written as an expression (arrow `=> expr`, lambda)
    if (cur.parent.type === 'arrow_function' || cur.parent.type === 'lambda') return undefined;
    cur = cur.parent;
  }
  if (!cur || !cur.parent) return undefined;
  if (f.lang === 'js' && cur.parent.type === 'switch_case' && cur.field !== 'body' && !cur.type.endsWith('statement') && !cur.type.endsWith('declaration')) return undefined;
  const lineStart = f.text.lastIndexOf('\n', cur.start - 1) + 1;
  const indent = f.text.slice(lineStart, cur.start);
  if (indent.trim() !== '') return undefined;
  return { node: cur, indent };
}

/** Insert `lines` (already without indentation) before statement `st`, at its indentation. */
export function insertBefore(st: { node: SNode; indent: string }, lines: string[], eol = '\n'): CodeTextEdit {
  const text = lines.map((l, i) => (i === 0 ? l : st.indent + l)).join(eol) + eol + st.indent;
  return { range: { start: st.node.start, end: st.node.start }, newText: text };
}

/** Line ending of the file. */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

const SKIP = new Set(['n', 'pn', 'argsNode', 'nameNode']);
const namesCache = new WeakMap<object, Set<string>>();
/**
 * Names per top-level statement. The lowerers keep the IR of a statement whose syntax node an
 * edit did not touch (lower-js/lower-py `stmtCache`), so after a keystroke only the edited
 * statement is walked again; the module's set is the union (freshName only asks membership).
 */
const stmtNamesCache = new WeakMap<St, string[]>();

function namesOf(o: unknown, depth: number, names: Set<string>): void {
  if (!o || typeof o !== 'object' || depth > 400) return;
  if (Array.isArray(o)) { for (const x of o) namesOf(x, depth + 1, names); return; }
  const r = o as Record<string, unknown>;
  if ((r.k === 'name' || r.k === 'pname') && typeof r.id === 'string') names.add(r.id);
  if (typeof r.local === 'string') names.add(r.local);
  if (typeof r.name === 'string' && ('params' in r || 'methods' in r || 'p' in r)) names.add(r.name);
  if (Array.isArray(r.names) && r.k === 'global') for (const x of r.names) if (typeof x === 'string') names.add(x);
  for (const [k, v] of Object.entries(r)) if (!SKIP.has(k) && v && typeof v === 'object') namesOf(v, depth + 1, names);
}

/** Every identifier the module binds or reads (names, patterns, functions, classes, parameters, imports). */
function identifiers(f: FileLike): Set<string> {
  let out = namesCache.get(f.mod);
  if (out) return out;
  out = new Set<string>();
  for (const st of f.mod.body) {
    let own = stmtNamesCache.get(st);
    if (!own) {
      // depth 1: as a walk of the module body array would reach it
      const set = new Set<string>();
      namesOf(st, 1, set);
      own = [...set];
      stmtNamesCache.set(st, own);
    }
    for (const n of own) out.add(n);
  }
  namesCache.set(f.mod, out);
  return out;
}

/** An identifier the module does not use yet (`safePath`, `safePath2`, …). */
export function freshName(f: FileLike, base: string): string {
  const used = identifiers(f);
  if (!used.has(base)) return base;
  for (let n = 2; n < 100; n++) if (!used.has(`${base}${n}`)) return `${base}${n}`;
  return `${base}_${f.text.length}`;
}

/** A TypeScript file (helpers get type annotations). */
export function isTs(f: FileLike): boolean {
  return !!f.path && /\.(ts|tsx|mts|cts)$/.test(f.path);
}

function isEsm(f: FileLike): boolean {
  return f.mod.body.some((s) => s.k === 'import' || s.k === 'export');
}

/** End offset of the last top-level import / require statement (0 when none), after a shebang / 'use strict'. */
function importsEnd(f: FileLike): number {
  let end = 0;
  for (const s of f.mod.body) {
    const isReq = s.k === 'assign' && containsRequire(s);
    if (s.k === 'import' || isReq) end = Math.max(end, s.n.end);
    else if (s.k === 'expr' && s.x.k === 'lit' && typeof s.x.v === 'string' && end === 0) end = s.n.end; // 'use strict' / docstring
    else break;
  }
  return end;
}

function containsRequire(s: Extract<St, { k: 'assign' }>): boolean {
  let v = s.v;
  for (let i = 0; i < 6; i++) {
    if (v.k === 'call' && v.callee.k === 'name' && v.callee.id === 'require') return true;
    if (v.k === 'member') v = v.obj;
    else if (v.k === 'call') v = v.callee;
    else if (v.k === 'await') v = v.x;
    else return false;
  }
  return false;
}

/** Insert a top-level line (an import, a constant) after the file's imports; `block`: set it apart with a blank line. */
export function insertTopLevel(f: FileLike, line: string, block = false): CodeTextEdit {
  const eol = eolOf(f.text);
  const text = line.split('\n').join(eol);
  const at = importsEnd(f);
  if (at === 0) return { range: { start: 0, end: 0 }, newText: text + eol + (f.lang === 'py' || block ? eol : '') };
  return { range: { start: at, end: at }, newText: eol + (block ? eol : '') + text };
}

/**
 * The local name of a whole-module binding (`const path = require('path')`, `import * as path`,
 * `import path from 'node:path'`, Python `import os`), or an edit that adds one.
 */
export function moduleBinding(f: FileLike, modules: string[], local: string): { name: string; edit?: CodeTextEdit } {
  for (const s of f.mod.body) {
    if (s.k === 'import' && modules.includes(s.source)) {
      const whole = s.names.find((x) => x.imported === '*' || x.imported === 'default');
      if (whole) return { name: whole.local };
    }
    // Python `import urllib.parse` binds `urllib`
    if (f.lang === 'py' && s.k === 'import' && modules.includes(s.source) && s.names.some((x) => x.imported === '*pkg')) {
      return { name: s.names.find((x) => x.imported === '*pkg')!.local };
    }
    if (s.k === 'assign' && s.p.k === 'pname' && s.v.k === 'call' && s.v.callee.k === 'name' && s.v.callee.id === 'require') {
      const a = s.v.args[0]?.v;
      if (a && a.k === 'lit' && typeof a.v === 'string' && modules.includes(a.v)) return { name: s.p.id };
    }
  }
  const name = freshName(f, local) === local ? local : freshName(f, `${local}Mod`);
  if (f.lang === 'py') {
    // `import a.b` binds `a` (only when that name is free); else `import a.b as x`
    const dotted = modules[0].includes('.');
    if (name === modules[0].split('.')[0]) return { name, edit: insertTopLevel(f, `import ${modules[0]}`) };
    return { name, edit: insertTopLevel(f, `import ${modules[0]} as ${name}`), ...(dotted ? { dotted: true } : {}) };
  }
  const line = isEsm(f) ? `import * as ${name} from '${modules[0]}';` : `const ${name} = require('${modules[0]}');`;
  return { name, edit: insertTopLevel(f, line) };
}

export function jsString(s: string): string {
  return "'" + s.split('\\').join('\\\\').split("'").join("\\'").split('\n').join('\\n').split('\r').join('\\r') + "'";
}

export function pyString(s: string): string {
  return '"' + s.split('\\').join('\\\\').split('"').join('\\"').split('\n').join('\\n').split('\r').join('\\r') + '"';
}
