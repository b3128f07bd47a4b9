/**
 * SARIF 2.1.0 output. Each rule carries its help URI, category and default level; each result its
 * location (1-based), related locations and fix titles. Validated against the 2.1.0 schema in tests.
 */
import { ENGINE_RULES } from '../engine/engine';
import { docsUrl } from '../engine/docs';
import type { Rule } from '../engine/rule';
import { LineIndex } from '../engine/text';
import type { RuleMeta, Severity } from '../engine/types';
import type { ScanResult } from './scan';
import * as path from 'node:path';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub code scanning reads `security-severity` (0–10) for security alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '2.0' };

export function toSarif(res: ScanResult, cwd: string, rules: readonly Rule[], version: string): object {
  const metas: RuleMeta[] = [...rules.map((r) => r.meta), ...ENGINE_RULES];
  const index = new Map(metas.map((m, i) => [m.id, i]));
  const lineIndexes = new Map<string, LineIndex>();
  const li = (file: string) => {
    let x = lineIndexes.get(file);
    if (!x) lineIndexes.set(file, (x = new LineIndex(res.texts.get(file) ?? '')));
    return x;
  };
  const rel = (abs: string) => path.relative(cwd, abs).split(path.sep).join('/');
  const region = (file: string, r: { start: number; end: number }) => {
    const s = li(file).positionAt(r.start);
    const e = li(file).positionAt(r.end);
    return { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
  };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'serverless-guard',
            version,
            semanticVersion: version,
            informationUri: 'https://github.com/serverless-guard/serverless-guard',
            rules: metas.map((m) => ({
              id: m.id,
              name: m.id
                .split('-')
                .map((w) => w[0].toUpperCase() + w.slice(1))
                .join(''),
              shortDescription: { text: m.title },
              fullDescription: { text: m.docs.summary },
              helpUri: docsUrl(m.id),
              help: { text: `${m.docs.summary} See ${docsUrl(m.id)}`, markdown: `${m.docs.summary}\n\n[Documentation](${docsUrl(m.id)})` },
              defaultConfiguration: { level: LEVEL[m.severity] },
              properties: {
                category: m.category,
                tags: ['security', m.category, ...(m.docs.cwe ?? []).map((c) => `external/cwe/cwe-${c}`)],
                'security-severity': SECURITY_SEVERITY[m.severity],
              },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToUri(cwd) } },
        columnKind: 'utf16CodeUnits',
        results: res.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId) ?? -1,
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: rel(f.file), uriBaseId: '%SRCROOT%' }, region: region(f.file, f.range) } }],
          ...(f.related?.length
            ? {
                relatedLocations: f.related.map((r, i) => ({
                  id: i + 1,
                  message: { text: r.message },
                  physicalLocation: { artifactLocation: { uri: rel(r.file), uriBaseId: '%SRCROOT%' }, region: res.texts.has(r.file) ? region(r.file, r.range) : undefined },
                })),
              }
            : {}),
          properties: { category: f.category, fixes: f.fixes.map((x) => x.title) },
        })).map((r) => (r.ruleIndex < 0 ? { ...r, ruleIndex: undefined } : r)),
      },
    ],
  };
}

function pathToUri(p: string): string {
  const s = p.split(path.sep).join('/');
  return 'file://' + (s.startsWith('/') ? '' : '/') + encodeURI(s) + (s.endsWith('/') ? '' : '/');
}
