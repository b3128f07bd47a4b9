/**
 * Which kind of config a document is, by name and content (never by executing anything).
 */
import { get, getPath, isMap, stringValue, type YNode } from '../yaml/ast';
import type { ConfigKind } from './types';

export function basename(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i >= 0 ? p.slice(i + 1) : p;
}

export function isServerlessFileName(p: string): boolean {
  const b = basename(p).toLowerCase();
  return b === 'serverless.yml' || b === 'serverless.yaml' || b === 'serverless.json';
}

export function isTemplateExtension(p: string): boolean {
  const b = basename(p).toLowerCase();
  return b.endsWith('.yml') || b.endsWith('.yaml') || b.endsWith('.json') || b.endsWith('.template');
}

function hasSamTransform(root: YNode): boolean {
  const t = get(root, 'Transform');
  const list = t && t.type === 'seq' ? t.items : t ? [t] : [];
  return list.some((n) => {
    const s = stringValue(n);
    return !!s && s.startsWith('AWS::Serverless');
  });
}

function hasAwsResources(root: YNode): boolean {
  const res = get(root, 'Resources');
  if (!isMap(res)) return false;
  return res.entries.some((e) => {
    const t = stringValue(get(e.value, 'Type'));
    return !!t && (t.startsWith('AWS::') || t.startsWith('Custom::'));
  });
}

export function detectKind(fileName: string, root: YNode | null): ConfigKind | undefined {
  if (!isMap(root)) return undefined;
  if (hasSamTransform(root)) return 'sam';
  if (isServerlessFileName(fileName)) return 'serverless';
  if (get(root, 'service') != null && isMap(get(root, 'provider'))) {
    const name = stringValue(getPath(root, 'provider.name'));
    if (name === 'aws') return 'serverless';
  }
  if (get(root, 'AWSTemplateFormatVersion') != null || hasAwsResources(root)) return 'cfn';
  return undefined;
}
