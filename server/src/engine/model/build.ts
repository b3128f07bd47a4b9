/**
 * Parsed document → ConfigModel (or undefined for YAML/JSON that is not a config we know).
 */
import { get, getPath, intrinsicArg, intrinsicName, isMap, isScalar, isSeq, stringValue, type YNode } from '../yaml/ast';
import type { ParsedDocument } from '../yaml/ast';
import { markBoundaryPolicies } from './boundaries';
import { CfnBuilder, emptyParts } from './cfn';
import { detectKind } from './kind';
import { nestedTemplates } from './nested';
import { buildServerless, serviceNameOf } from './serverless';
import type { ConfigKind, ConfigModel, StrValue } from './types';
import { findVariables, resolveWholeVariable } from './variables';

export function buildModel(file: string, parsed: ParsedDocument, kindHint?: ConfigKind): ConfigModel | undefined {
  const root = parsed.root;
  const kind = kindHint ?? detectKind(file, root);
  if (!kind || !isMap(root)) return undefined;
  const parts = emptyParts();
  const stage = stageOf(root);
  const value = makeValue(kind, root, stage);
  if (kind === 'serverless') buildServerless(root, parts, value, parsed.text);
  else {
    const builder = new CfnBuilder(parts, value, kind === 'sam' ? get(root, 'Globals') : undefined);
    builder.addResources(get(root, 'Resources'), 'Resources');
    // Nested stacks written inline (model/nested.ts): their resources join the model.
    for (const n of nestedTemplates([...parts.resources], parsed.text)) builder.addResources(n.resources, n.where);
  }
  markBoundaryPolicies(kind, root, parts, value);
  return {
    kind,
    file,
    parsed,
    root,
    serviceName: kind === 'serverless' ? serviceNameOf(root) : undefined,
    usesStages: kind === 'serverless' && usesStages(root),
    ...parts,
    value,
  };
}

function stageOf(root: YNode): string {
  const s = stringValue(getPath(root, 'provider.stage'));
  if (!s) return 'dev';
  if (!s.includes('${')) return s;
  const r = resolveWholeVariable(s, { root, stage: 'dev' });
  return typeof r === 'string' ? r : stringValue(r as YNode) ?? 'dev';
}

function usesStages(root: YNode): boolean {
  if (isMap(get(root, 'params')) || isMap(get(root, 'stages')) || isMap(getPath(root, 'custom.stages'))) return true;
  const st = stringValue(getPath(root, 'provider.stage'));
  return !!st && st.includes('${');
}

const DYNAMIC_REF = '{{resolve:';

function makeValue(kind: ConfigKind, root: YNode, stage: string): ConfigModel['value'] {
  const value = (node: YNode | null | undefined, depth = 0): StrValue | undefined => {
    if (node == null) return undefined;
    if (isScalar(node)) {
      if (node.value === null) return { node, kind: 'other' };
      if (typeof node.value !== 'string') return { node, kind: 'literal', text: String(node.value) };
      const s = node.value;
      if (s.includes(DYNAMIC_REF)) return { node, kind: 'intrinsic', text: s };
      if (kind === 'serverless' && s.includes('${') && findVariables(s).length > 0) {
        const r = depth < 4 ? resolveWholeVariable(s, { root, stage }) : undefined;
        if (typeof r === 'string') return { node, kind: 'literal', text: r };
        if (r && isScalar(r) && r.value !== null && !(typeof r.value === 'string' && r.value.includes('${'))) {
          return { node, kind: 'literal', text: String(r.value), resolvedFrom: r };
        }
        return { node, kind: 'variable', text: s };
      }
      return { node, kind: 'literal', text: s };
    }
    const fn = intrinsicName(node);
    if (fn) {
      // Statically known intrinsics: `!Sub` with no variables, `!Join` of literals.
      const arg = intrinsicArg(node);
      if (fn === 'Fn::Sub' && isScalar(arg) && typeof arg.value === 'string' && !arg.value.includes('${')) {
        return { node, kind: 'literal', text: arg.value };
      }
      if (fn === 'Fn::Join' && isSeq(arg) && arg.items.length === 2 && isSeq(arg.items[1])) {
        const sep = stringValue(arg.items[0]);
        const parts = arg.items[1].items.map((i) => value(i, depth + 1));
        if (sep !== undefined && parts.every((p) => p?.kind === 'literal')) return { node, kind: 'literal', text: parts.map((p) => p!.text).join(sep) };
      }
      return { node, kind: 'intrinsic' };
    }
    return { node, kind: 'other' };
  };
  return (n) => value(n);
}
