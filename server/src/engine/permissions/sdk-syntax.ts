/**
 * Syntax helpers of the SDK call analysis over tree-sitter nodes: scope and function node types,
 * named children, literal string values (JavaScript and Python).
 */
import { decodeJsString, type SNode } from '../code/syntax';
import type { Span } from '../types';
import { decodePyString } from '../code/lower-py';

export const JS_SCOPES = new Set([
  'program', 'function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition',
  'generator_function_declaration', 'generator_function',
]);
export const PY_SCOPES = new Set(['module', 'function_definition', 'lambda']);
export const JS_FUNCS = new Set(['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function']);
export const PY_FUNCS = new Set(['function_definition', 'lambda']);

export function named(n: SNode): SNode[] {
  const out: SNode[] = [];
  for (const c of n.children) if (c.named && c.type !== 'comment') out.push(c);
  return out;
}

export function jsStringValue(n: SNode, src: string): string | undefined {
  if (n.type === 'string') return decodeJsString(src.slice(n.start, n.end));
  if (n.type === 'template_string') {
    if (n.children.some((c) => c.type === 'template_substitution')) return undefined;
    return decodeJsString(src.slice(n.start, n.end));
  }
  return undefined;
}

export function pyStringValue(n: SNode, src: string): string | undefined {
  if (n.type === 'string') {
    if (n.children.some((c) => c.type === 'interpolation')) return undefined;
    return decodePyString(src.slice(n.start, n.end));
  }
  if (n.type === 'concatenated_string') {
    let out = '';
    for (const c of named(n)) {
      const s = pyStringValue(c, src);
      if (s === undefined) return undefined;
      out += s;
    }
    return out;
  }
  return undefined;
}

/** PascalCase-looking name (a class / sub-resource constructor). */
export function isPascal(s: string): boolean {
  return s.length > 0 && s[0] >= 'A' && s[0] <= 'Z';
}

/** The innermost node spanning `r` (the node itself when one has exactly that range). */
export function nodeAtRange(root: SNode, r: Span): SNode | null {
  let cur = root;
  for (;;) {
    let next: SNode | undefined;
    for (const c of cur.children) if (c.start <= r.start && r.end <= c.end && c.end > c.start) {
      next = c;
      break;
    }
    if (!next || next === cur) return cur;
    cur = next;
    if (cur.start === r.start && cur.end === r.end) return cur;
  }
}
