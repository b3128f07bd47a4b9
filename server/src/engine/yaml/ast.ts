/**
 * The engine's document tree: what every config rule reads.
 *
 * YAML and JSON templates both parse into this tree. CloudFormation short-form tags (`!Ref x`,
 * `!GetAtt a.b`, `!Sub`, ...) are normalised into their long form (`{Ref: x}`, `{"Fn::GetAtt": [a, b]}`)
 * as a one-entry map flagged `intrinsic`, whose key range is the tag the user typed. Every node keeps
 * the source range (UTF-16 offsets into the document text) of the user's own text.
 */

export interface Span {
  start: number;
  end: number;
}

export type YNode = YMap | YSeq | YScalar;

export interface YMap {
  type: 'map';
  range: Span;
  entries: YPair[];
  /** Set when this map was synthesised from a CloudFormation short-form tag (`!Ref x` → `{Ref: x}`). */
  intrinsic?: boolean;
  /** A YAML tag that is not a CloudFormation intrinsic, as written (e.g. `!!map`). */
  tag?: string;
}

export interface YPair {
  key: YScalar;
  value: YNode | null;
  /** From the key's start to the value's end. */
  range: Span;
}

export interface YSeq {
  type: 'seq';
  range: Span;
  items: YNode[];
  tag?: string;
}

export type ScalarValue = string | number | boolean | null;

export interface YScalar {
  type: 'scalar';
  range: Span;
  value: ScalarValue;
  /** True when written with quotes (so `'*'` and `"123"` are strings). */
  quoted: boolean;
  /** Block scalar (`|` or `>`). */
  block?: boolean;
  tag?: string;
}

export interface ParseProblem {
  message: string;
  range: Span;
  severity: 'error' | 'warning';
  code: string;
  /** DUPLICATE_KEY: the key, the 1-based lines of its first and this occurrence, and whether both values are the same. */
  duplicate?: {
    key: string;
    firstLine: number;
    line: number;
    sameValue: boolean;
    /**
     * Same value, and the second entry sits on lines of its own in a block mapping (no flow
     * syntax, no anchor): deleting `removal` leaves the document that is loaded today.
     */
    removal?: Span;
  };
}

export interface Comment {
  /** The comment text without the leading `#`. */
  text: string;
  range: Span;
}

export interface ParsedDocument {
  text: string;
  format: 'yaml' | 'json';
  /** Root node of the first YAML document, or null when the text is empty or only comments. */
  root: YNode | null;
  problems: ParseProblem[];
  comments: Comment[];
  /** Number of YAML documents in the stream (only the first is analysed). */
  documentCount: number;
}

// ---------------------------------------------------------------------------------------------
// Small, allocation-free accessors every rule uses.

export function isMap(n: YNode | null | undefined): n is YMap {
  return !!n && n.type === 'map';
}
export function isSeq(n: YNode | null | undefined): n is YSeq {
  return !!n && n.type === 'seq';
}
export function isScalar(n: YNode | null | undefined): n is YScalar {
  return !!n && n.type === 'scalar';
}

/** The pair with this key (exact match, last one wins as in YAML loaders). */
export function getPair(map: YNode | null | undefined, key: string): YPair | undefined {
  if (!isMap(map)) return undefined;
  let found: YPair | undefined;
  for (const p of map.entries) if (p.key.value === key) found = p;
  return found;
}

export function get(map: YNode | null | undefined, key: string): YNode | null | undefined {
  return getPair(map, key)?.value;
}


/** Follows a dotted path of map keys (`provider.iam.role.statements`). */
export function getPath(node: YNode | null | undefined, path: string | string[]): YNode | null | undefined {
  const parts = typeof path === 'string' ? path.split('.') : path;
  let cur: YNode | null | undefined = node;
  for (const part of parts) {
    cur = get(cur, part);
    if (cur == null) return cur;
  }
  return cur;
}



/** The string value of a scalar that is a string in YAML terms (not a number/boolean/null). */
export function stringValue(n: YNode | null | undefined): string | undefined {
  return isScalar(n) && typeof n.value === 'string' ? n.value : undefined;
}

/** `X` or `[X, Y]` → list of nodes (CloudFormation accepts both for Action, Resource...). */
export function asList(n: YNode | null | undefined): YNode[] {
  if (n == null) return [];
  if (isSeq(n)) return n.items;
  return [n];
}

/** The name of the intrinsic function a node is (`Ref`, `Fn::Sub`, ...), when it is one. */
export function intrinsicName(n: YNode | null | undefined): string | undefined {
  if (!isMap(n) || n.entries.length !== 1) return undefined;
  const k = n.entries[0].key.value;
  if (typeof k !== 'string') return undefined;
  if (k === 'Ref' || k === 'Condition' || k.startsWith('Fn::')) return k;
  return undefined;
}

export function intrinsicArg(n: YNode | null | undefined): YNode | null | undefined {
  return intrinsicName(n) ? (n as YMap).entries[0].value : undefined;
}

/** Depth-first visit of every node (maps, sequences, scalars; keys are not visited). */
export function walk(n: YNode | null | undefined, visit: (node: YNode, parents: readonly YNode[]) => void | false): void {
  const stack: YNode[] = [];
  const rec = (node: YNode) => {
    if (visit(node, stack) === false) return;
    stack.push(node);
    if (node.type === 'map') for (const p of node.entries) { if (p.value) rec(p.value); }
    else if (node.type === 'seq') for (const it of node.items) rec(it);
    stack.pop();
  };
  if (n) rec(n);
}

/** Plain JS value of a node (for tests, hovers and small lookups; intrinsics stay as long-form maps). */
export function toJS(n: YNode | null | undefined): unknown {
  if (n == null) return null;
  if (n.type === 'scalar') return n.value;
  if (n.type === 'seq') return n.items.map(toJS);
  const o: Record<string, unknown> = {};
  for (const p of n.entries) o[String(p.key.value)] = toJS(p.value);
  return o;
}
