/**
 * Nested stacks written inline: `TemplateBody` of an `AWS::CloudFormation::Stack` /
 * `AWS::Serverless::Application`, as a YAML map or as a literal block string (`|`). The inner
 * template's `Resources` join the outer model (so every rule sees its roles, functions and APIs),
 * with ranges in the outer file: a map is already there; a block string is parsed on its own and
 * each range is mapped back line by line (a literal block keeps lines and columns, shifted by its
 * indentation). Other strings (quoted, folded, JSON-escaped) are not mapped and not read.
 * A `TemplateURL`/`Location` naming a local file is analysed as that file, on its own.
 */
import { get, isMap, isScalar, type YMap, type YNode, type YScalar } from '../yaml/ast';
import { parseYaml } from '../yaml/parse';
import type { ResourceModel } from './types';

const NESTED_TYPES = new Set(['AWS::CloudFormation::Stack', 'AWS::Serverless::Application']);

export interface NestedTemplate {
  /** The inner template's `Resources` map (ranges in the outer file). */
  resources: YMap;
  where: string;
}

/** The inline nested templates of these resources. */
export function nestedTemplates(resources: readonly ResourceModel[], text: string): NestedTemplate[] {
  const out: NestedTemplate[] = [];
  for (const r of resources) {
    if (!NESTED_TYPES.has(r.type)) continue;
    const body = get(r.properties, 'TemplateBody');
    let root: YNode | null | undefined;
    if (isMap(body)) root = body;
    else if (isScalar(body)) root = parseBlock(body, text);
    const res = get(root, 'Resources');
    if (isMap(res)) out.push({ resources: res, where: `${r.where}.${r.id}.Properties.TemplateBody.Resources` });
  }
  return out;
}

/** A literal block scalar's content parsed, ranges mapped to the outer text; undefined otherwise. */
function parseBlock(node: YScalar, text: string): YNode | undefined {
  if (!node.block || typeof node.value !== 'string' || text[node.range.start] !== '|') return undefined;
  const value = node.value;
  if (value.length > 1_000_000) return undefined;
  // Source offsets of each content line's first column (after the block's indentation).
  const header = text.indexOf('\n', node.range.start);
  if (header < 0 || header >= node.range.end) return undefined;
  const sourceLines: number[] = [];
  let indent = -1;
  for (let pos = header + 1; pos < node.range.end; ) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 || nl > node.range.end ? node.range.end : nl;
    const line = text.slice(pos, end);
    if (indent < 0 && line.trim() !== '') indent = line.length - line.trimStart().length;
    sourceLines.push(pos);
    pos = end + 1;
  }
  if (indent < 0) return undefined;
  const valueLines: number[] = [0];
  for (let i = value.indexOf('\n'); i >= 0 && i < value.length - 1; i = value.indexOf('\n', i + 1)) valueLines.push(i + 1);
  if (valueLines.length > sourceLines.length) return undefined;
  // Check the mapping on every line before trusting it (tabs, CRLF and comments break it).
  for (let k = 0; k < valueLines.length; k++) {
    const vEnd = k + 1 < valueLines.length ? valueLines[k + 1] - 1 : value.endsWith('\n') ? value.length - 1 : value.length;
    const v = value.slice(valueLines[k], vEnd);
    if (v !== '' && text.slice(sourceLines[k] + indent, sourceLines[k] + indent + v.length) !== v) return undefined;
  }
  const map = (off: number): number => {
    let lo = 0;
    let hi = valueLines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (valueLines[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return sourceLines[lo] + indent + (off - valueLines[lo]);
  };
  const parsed = parseYaml(value);
  if (!parsed.root || parsed.problems.some((p) => p.severity === 'error')) return undefined;
  const seen = new Set<object>();
  const stack: YNode[] = [parsed.root];
  const shift = (o: { range: { start: number; end: number } }) => {
    if (seen.has(o)) return;
    seen.add(o);
    o.range = { start: map(o.range.start), end: map(o.range.end) };
  };
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    shift(n);
    if (n.type === 'map') {
      for (const p of n.entries) {
        shift(p);
        shift(p.key);
        if (p.value) stack.push(p.value);
      }
    } else if (n.type === 'seq') for (const i of n.items) stack.push(i);
  }
  return parsed.root;
}
