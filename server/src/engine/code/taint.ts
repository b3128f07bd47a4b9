/**
 * Taint analysis API: from Lambda event fields (per trigger) and framework request objects to
 * dangerous sinks, in JS/TS/Python handler code. Pure: imported files come through the
 * `resolveImport` callback; nothing here reads the disk.
 */
import type { Tree } from 'web-tree-sitter';
import type { CodeLang, ResolveImport, TaintFinding, TriggerKind } from './types';
import { type ParsedCode, parseCode, parsedFromTree, freeParse } from './parser';
import { Engine, type EngineOptions } from './engine';
import { listExportedFunctions, moduleIROf } from './handlers';

export interface AnalyzeTaintInput {
  /** Path of the file (reported in findings; passed to `resolveImport`). */
  path: string;
  text: string;
  lang: CodeLang;
  /** An existing parse of `text` (from `parseCode` / `CodeDocumentCache`), or a tree-sitter tree. */
  tree?: ParsedCode | Tree;
  /** What invokes the handler; decides which event fields are sources. */
  triggers: TriggerKind[];
  /** Every API route invoking the handler has a fixed path: `event.path` / `rawPath` are the deployer's (sources.ts FIXED_ROUTE_PATHS). */
  fixedRoute?: boolean;
  /** Analyse only this export (`handler` of `src/app.handler`). Absent: every handler-looking export. */
  exportName?: string;
  /** Look up relatively-imported files (depth-bounded). */
  resolveImport?: ResolveImport;
  /** Inlining depth for calls (default 6). */
  maxCallDepth?: number;
  /** Depth of relative-import chains followed (default 3). */
  maxImportDepth?: number;
  /** Report flows from data read back from storage (`source.stored`; code/stored.ts). Off by default. */
  stored?: boolean;
  /** Told of every schema application (code/engine.ts `EngineOptions.onValidate`). */
  onValidate?: EngineOptions['onValidate'];
}

export interface TaintResult {
  findings: TaintFinding[];
  /** Set when the file was not analysed (too large, parse failure, parsers not initialised). */
  skipped?: string;
  /** True when the step budget ran out (results are partial but deterministic). */
  truncated: boolean;
  /** An internal error stopped the analysis (findings so far are returned). */
  error?: string;
}

/** Taint findings of one handler file (see `analyzeTaintDetailed` for skip/truncation info). */
export function analyzeTaint(input: AnalyzeTaintInput): TaintFinding[] {
  return analyzeTaintDetailed(input).findings;
}

export function analyzeTaintDetailed(input: AnalyzeTaintInput): TaintResult {
  let parsed: ParsedCode | undefined;
  let owned = false;
  if (input.tree) {
    parsed = 'root' in input.tree && 'lang' in input.tree ? (input.tree as ParsedCode) : parsedFromTree(input.tree as Tree);
  }
  if (!parsed || parsed.text !== input.text) {
    parsed = parseCode(input.text, input.lang);
    owned = true;
  }
  try {
    if (parsed.skipped || !parsed.root) return { findings: [], skipped: parsed.skipped?.message ?? 'not parsed', truncated: false };
    let mod;
    try {
      mod = moduleIROf(parsed);
    } catch (e) {
      return { findings: [], skipped: `not analysed: ${e instanceof Error ? e.message : String(e)}`, truncated: false };
    }
    if (!mod) return { findings: [], skipped: 'not parsed', truncated: false };
    const engine = new Engine({
      triggers: input.triggers,
      fixedRoute: input.fixedRoute,
      resolveImport: input.resolveImport,
      maxCallDepth: input.maxCallDepth,
      maxImportDepth: input.maxImportDepth,
      stored: input.stored,
      onValidate: input.onValidate,
    });
    let error: string | undefined;
    try {
      const file = engine.loadModule(input.path, input.text, input.lang, mod, 0);
      const statics = listExportedFunctions(parsed);
      const names: string[] = [];
      if (input.exportName !== undefined) names.push(input.exportName);
      else for (const s of statics) if (s.looksLikeHandler) names.push(s.exportName);
      for (const name of names) {
        const av = file.exports.get(name) ?? (input.exportName !== undefined ? file.scope.vars.get(name) : undefined);
        if (!av || !av.fn) continue;
        const node = av.fn[0].f.n;
        engine.runLambdaEntry(file, av, node);
      }
      engine.runRoutes(file);
    } catch (e) {
      // never throw into the caller (language server / CLI); keep what was found
      error = e instanceof Error ? e.message : String(e);
    }
    const findings = [...engine.findings.values()].sort((a, b) =>
      (a.sinkFile === input.path ? 0 : 1) - (b.sinkFile === input.path ? 0 : 1)
      || a.sinkFile.localeCompare(b.sinkFile)
      || a.sinkRange.start - b.sinkRange.start
      || a.sinkKind.localeCompare(b.sinkKind)
      || a.source.range.start - b.source.range.start
      || a.source.label.localeCompare(b.source.label));
    return { findings, truncated: engine.exhausted, error };
  } finally {
    if (owned && parsed) freeParse(parsed);
  }
}
