/**
 * SARIF 2.1.0 output, written as a stream: the header (tool and rules), then each file's results in
 * scan order, then `invocations[0]` with `executionSuccessful` (false when the scan is incomplete)
 * and one `toolExecutionNotifications` entry per path not scanned and per internal error. Each rule
 * carries its help URI, category and default level; each result its location (1-based), related
 * locations and fix titles. Validated against the 2.1.0 schema in tests.
 */
import { ENGINE_RULES } from '../engine/engine';
import { docsUrl } from '../engine/docs';
import type { Rule } from '../engine/rule';
import type { RuleMeta, Severity } from '../engine/types';
import type { FileReport } from './analyze';
import type { ReportWriter, ScanSummary } from './report';
import type { ScanResult } from './scan';
import * as path from 'node:path';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub code scanning reads `security-severity` (0–10) for security alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '2.0' };

function ruleMetas(rules: readonly Rule[]): RuleMeta[] {
  return [...rules.map((r) => r.meta), ...ENGINE_RULES];
}

function header(cwd: string, metas: RuleMeta[], version: string): object {
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
        results: [],
      },
    ],
  };
}

function results(r: FileReport, index: Map<string, number>): object[] {
  return r.findings.map((f) => {
    const ruleIndex = index.get(f.ruleId);
    return {
      ruleId: f.ruleId,
      ...(ruleIndex !== undefined ? { ruleIndex } : {}),
      level: LEVEL[f.severity as Severity] ?? 'warning',
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: f.file, uriBaseId: '%SRCROOT%' }, region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn } } }],
      ...(f.related?.length
        ? {
            relatedLocations: f.related.map((x, i) => ({
              id: i + 1,
              message: { text: x.message },
              physicalLocation: { artifactLocation: { uri: x.file, uriBaseId: '%SRCROOT%' }, ...(x.region ? { region: x.region } : {}) },
            })),
          }
        : {}),
      properties: { category: f.category, fixes: f.fixes, ...(f.confirmFixes ? { confirmFixes: f.confirmFixes } : {}) },
    };
  });
}

function invocation(sum: ScanSummary): object {
  const notes = [
    ...sum.skipped.map((k) => ({
      level: k.incomplete ? 'error' : 'warning',
      message: { text: `${k.file} not scanned: ${k.detail}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: k.file, uriBaseId: '%SRCROOT%' } } }],
      descriptor: { id: 'file-skipped' },
      properties: { reason: k.reason },
    })),
    ...sum.errors.map((e) => ({ level: 'error', message: { text: e }, descriptor: { id: 'internal-error' } })),
  ];
  return { executionSuccessful: sum.complete, toolExecutionNotifications: notes };
}

const indent = (json: string, by: string) => json.split('\n').join('\n' + by);

export function sarifWriter(cwd: string, rules: readonly Rule[], version: string): ReportWriter {
  const metas = ruleMetas(rules);
  const index = new Map(metas.map((m, i) => [m.id, i]));
  const head = JSON.stringify(header(cwd, metas, version), null, 2);
  const at = head.lastIndexOf('"results": []');
  const before = head.slice(0, at) + '"results": [';
  const after = head.slice(at + '"results": []'.length);
  let first = true;
  return {
    start: () => before,
    file: (r) => {
      let s = '';
      for (const x of results(r, index)) {
        s += (first ? '\n        ' : ',\n        ') + indent(JSON.stringify(x, null, 2), '        ');
        first = false;
      }
      return s;
    },
    end: (sum) => `${first ? '' : '\n      '}],\n      "invocations": [\n        ${indent(JSON.stringify(invocation(sum), null, 2), '        ')}\n      ]${after}\n`,
  };
}

/** The SARIF log of an in-memory scan result (`scan()`). */
export function toSarif(res: ScanResult, cwd: string, rules: readonly Rule[], version: string): object {
  const w = sarifWriter(cwd, rules, version);
  let s = w.start();
  for (const r of res.reports) s += w.file(r);
  s += w.end({ files: res.files, skipped: res.skipped, errors: res.reports.flatMap((r) => r.errors), complete: res.complete });
  return JSON.parse(s);
}

function pathToUri(p: string): string {
  const s = p.split(path.sep).join('/');
  return 'file://' + (s.startsWith('/') ? '' : '/') + encodeURI(s) + (s.endsWith('/') ? '' : '/');
}
