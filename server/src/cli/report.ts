/**
 * Report writers: each file's findings are written as soon as the file's turn comes (scan order),
 * the summary last (text and SARIF stream; JSON must hold its findings until `files` is known).
 * Text, JSON and SARIF share the same per-file reports.
 *
 * JSON: `{"version":1,"files":N,"findings":[…],"skipped":[…],"complete":true}` — `version`,
 * `files` and `findings` keep their order and meaning; `skipped` (paths not scanned, with reason
 * and detail) and `complete` (false: exit code 3 or 1 with an incomplete scan) are additions.
 */
import type { FileReport, JsonFinding } from './analyze';

export interface SkipNote {
  /** Relative to the current directory. */
  file: string;
  reason: string;
  detail: string;
  /** Makes the scan incomplete (exit code 3). */
  incomplete: boolean;
}

export interface ScanSummary {
  /** Files analysed as configs or handlers. */
  files: number;
  skipped: SkipNote[];
  /** Internal errors (a file or rule the engine could not finish). */
  errors: string[];
  /** Nothing that should have been scanned was left out. */
  complete: boolean;
}

export interface ReportWriter {
  start(): string;
  file(r: FileReport): string;
  end(s: ScanSummary): string;
}

export function jsonFinding(f: JsonFinding): JsonFinding {
  // Field order is part of the documented shape.
  return { ruleId: f.ruleId, category: f.category, severity: f.severity, file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, message: f.message, fixes: f.fixes, ...(f.afterFix ? { afterFix: f.afterFix } : {}), ...(f.confirmFixes ? { confirmFixes: f.confirmFixes } : {}) };
}

export function jsonWriter(): ReportWriter {
  // `files` comes before `findings` in the documented shape and is known only at the end: the
  // findings are kept as compact JSON strings until then (text and SARIF stream).
  const items: string[] = [];
  return {
    start: () => '',
    file: (r) => {
      for (const f of r.findings) items.push(JSON.stringify(jsonFinding(f)));
      return '';
    },
    end: (sum) =>
      `{"version":1,"files":${sum.files},"findings":[${items.join(',')}],"skipped":${JSON.stringify(sum.skipped.map((k) => ({ file: k.file, reason: k.reason, detail: k.detail })))},"complete":${sum.complete}}\n`,
  };
}

export function textWriter(): ReportWriter {
  let any = false;
  const counts = { error: 0, warning: 0, info: 0 } as Record<string, number>;
  let total = 0;
  return {
    start: () => '',
    file: (r) => {
      if (!r.findings.length) return '';
      const lines: string[] = [];
      if (any) lines.push('');
      any = true;
      lines.push(r.file);
      for (const f of r.findings) {
        total++;
        counts[f.severity] = (counts[f.severity] ?? 0) + 1;
        lines.push(`  ${f.line}:${f.column}  ${f.severity.padEnd(7)}  ${f.message}  ${f.ruleId}`);
        for (const t of f.fixes) if (!t.startsWith('Ignore ')) lines.push(`      fix: ${t}`);
        for (const c of f.confirmFixes ?? []) lines.push(`      confirm: ${c.message}`);
        for (const t of f.afterFix ?? []) lines.push(`      then: ${t}`);
      }
      return lines.join('\n') + '\n';
    },
    end: (sum) => {
      let s = any ? '\n' : '';
      s += `${total} finding${total === 1 ? '' : 's'} (${counts.error} error, ${counts.warning} warning, ${counts.info} info) in ${sum.files} file${sum.files === 1 ? '' : 's'}\n`;
      if (sum.skipped.length) s += `${sum.skipped.length} path${sum.skipped.length === 1 ? '' : 's'} not scanned: ${sum.skipped.slice(0, 5).map((k) => `${k.file} (${k.detail})`).join(', ')}${sum.skipped.length > 5 ? ', …' : ''}\n`;
      if (!sum.complete) s += 'Incomplete scan: some files could not be read or analysed (see above); exit code 3 unless an error finding gives 1.\n';
      return s;
    },
  };
}
