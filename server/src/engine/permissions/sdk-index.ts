/**
 * The node index of the SDK call analysis: one walk of a parse collects the nodes every later pass
 * of a module reads (nodes that bind names, calls and imports, identifiers), cached per parse and,
 * inside it, per statement-like subtree so an edit re-walks only the statements it touched.
 */
import { MAX_STATEMENT_CACHE_DEPTH, isStatementLike, type SNode } from '../code/syntax';

export interface NodeIndex {
  bindNodes: SNode[];
  callNodes: SNode[];
  idents: SNode[];
}

/** One walk indexes the nodes every later pass needs; shared by all analyses of one parse. */
const indexCache = new WeakMap<SNode, NodeIndex>();

/**
 * The index of each statement-like subtree, by node identity. The code parser keeps the node
 * objects of subtrees an edit did not touch, so after a keystroke only the statements on the path
 * to the edit are walked again (the lists hold nodes, whose offsets the parser updates in place).
 */
const statementIndexCache = new WeakMap<SNode, { lang: 'js' | 'py'; ix: NodeIndex }>();

export function indexOf(root: SNode, lang: 'js' | 'py'): NodeIndex {
  const hit = indexCache.get(root);
  if (hit) return hit;
  const ix: NodeIndex = { bindNodes: [], callNodes: [], idents: [] };
  indexInto(root, lang, ix, 0);
  indexCache.set(root, ix);
  return ix;
}

/** Pre-order: `top` itself, then its subtree (cached statements spliced in as a whole). */
function indexInto(top: SNode, lang: 'js' | 'py', ix: NodeIndex, depth: number): void {
  const bindTypes = lang === 'js' ? JS_BIND_TYPES : PY_BIND_TYPES;
  const callTypes = lang === 'js' ? JS_CALL_TYPES : PY_CALL_TYPES;
  const stack: SNode[] = [top];
  while (stack.length) {
    const n = stack.pop()!;
    if (n !== top && depth < MAX_STATEMENT_CACHE_DEPTH && isStatementLike(n.type)) {
      let sub = statementIndexCache.get(n);
      if (!sub || sub.lang !== lang) {
        sub = { lang, ix: { bindNodes: [], callNodes: [], idents: [] } };
        indexInto(n, lang, sub.ix, depth + 1);
        statementIndexCache.set(n, sub);
      }
      for (const x of sub.ix.bindNodes) ix.bindNodes.push(x);
      for (const x of sub.ix.callNodes) ix.callNodes.push(x);
      for (const x of sub.ix.idents) ix.idents.push(x);
      continue;
    }
    const t = n.type;
    if (bindTypes.has(t)) ix.bindNodes.push(n);
    if (callTypes.has(t)) ix.callNodes.push(n);
    if (t === 'identifier' || t === 'shorthand_property_identifier' || t === 'type_identifier') ix.idents.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
}

const JS_BIND_TYPES = new Set([
  'import_statement', 'variable_declarator', 'assignment_expression', 'function_declaration', 'generator_function_declaration', 'class_declaration',
  'public_field_definition', 'field_definition', 'arrow_function', 'function_expression', 'function', 'method_definition', 'generator_function', 'call_expression',
  'new_expression',
]);
const PY_BIND_TYPES = new Set(['import_statement', 'import_from_statement', 'assignment', 'for_statement', 'global_statement', 'function_definition', 'class_definition', 'with_statement', 'call']);
const JS_CALL_TYPES = new Set(['new_expression', 'call_expression', 'import_statement', 'export_statement']);
const PY_CALL_TYPES = new Set(['call', 'import_statement', 'import_from_statement']);
