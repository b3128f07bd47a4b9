/**
 * IAM policy documents → PolicyStatement, shared by all three formats. Accepts a document map
 * (`{Version, Statement}`), a bare list of statements (serverless.yml) or a single statement.
 */
import { asList, get, getPair, isMap, isScalar, isSeq, type YNode, type YScalar } from '../yaml/ast';
import type { PolicyDocument, PolicyKind, PolicyStatement, PrincipalSet, StrValue, ValueSet } from './types';

export type ValueOf = (node: YNode | null | undefined) => StrValue | undefined;

export function buildPolicyDocument(
  node: YNode,
  kind: PolicyKind,
  where: string,
  roleIds: string[],
  value: ValueOf,
  resourceType?: string,
): PolicyDocument {
  const doc: PolicyDocument = { kind, node, statements: [], where, roleIds, resourceType };
  let stmts: YNode[] = [];
  if (isSeq(node)) stmts = node.items;
  else if (isMap(node)) {
    const st = getPair(node, 'Statement');
    if (st) stmts = asList(st.value);
    else if (getPair(node, 'Effect') || getPair(node, 'Action')) stmts = [node];
  }
  for (const s of stmts) {
    if (!isMap(s)) continue;
    doc.statements.push(buildStatement(s, doc, value));
  }
  return doc;
}

function valueSet(map: YNode, key: string, value: ValueOf): ValueSet | undefined {
  const pair = getPair(map, key);
  if (!pair) return undefined;
  const items: StrValue[] = [];
  for (const n of asList(pair.value)) {
    const v = value(n);
    if (v) items.push(v);
  }
  return { key: pair.key, node: pair.value, items };
}

function principalSet(map: YNode, key: string, value: ValueOf): PrincipalSet | undefined {
  const pair = getPair(map, key);
  if (!pair) return undefined;
  const set: PrincipalSet = { key: pair.key, node: pair.value, entries: [] };
  const p = pair.value;
  if (isScalar(p)) {
    const v = value(p);
    if (v) set.entries.push({ type: '*', value: v });
  } else if (isMap(p) && !isIntrinsicMap(p)) {
    for (const e of p.entries) {
      for (const n of asList(e.value)) {
        const v = value(n);
        if (v) set.entries.push({ type: String(e.key.value), value: v });
      }
    }
  } else if (p) {
    const v = value(p);
    if (v) set.entries.push({ type: '*', value: v });
  }
  return set;
}

function isIntrinsicMap(n: YNode): boolean {
  if (!isMap(n) || n.entries.length !== 1) return false;
  const k = n.entries[0].key.value;
  return typeof k === 'string' && (k === 'Ref' || k.startsWith('Fn::'));
}

function buildStatement(s: YNode, doc: PolicyDocument, value: ValueOf): PolicyStatement {
  const effectNode = get(s, 'Effect');
  const ev = value(effectNode);
  const st: PolicyStatement = {
    node: s,
    doc,
    effectNode,
    effect: ev?.text === 'Allow' ? 'Allow' : ev?.text === 'Deny' ? 'Deny' : undefined,
    actions: valueSet(s, 'Action', value),
    notActions: valueSet(s, 'NotAction', value),
    resources: valueSet(s, 'Resource', value),
    notResources: valueSet(s, 'NotResource', value),
    principal: principalSet(s, 'Principal', value),
    notPrincipal: principalSet(s, 'NotPrincipal', value),
    condition: get(s, 'Condition'),
  };
  return st;
}

/** Statement actions/resources as literal strings (unknown ones skipped). */
export function literalTexts(set: ValueSet | undefined): string[] {
  if (!set) return [];
  const out: string[] = [];
  for (const v of set.items) if (v.kind === 'literal' && v.text !== undefined) out.push(v.text);
  return out;
}


export type { YScalar };
