/**
 * Code-analysis core: tree-sitter parsing of handler code, handler discovery and taint analysis.
 * No LSP / VS Code / file-system dependencies (WASM grammars are loaded once by `initCodeParsers`).
 */
export * from './types';
export {
  initCodeParsers, codeParsersReady, codeParserInitError, parseCode, parsedFromTree, freeParse, codeLangFromPath, diffEdit,
  CodeDocumentCache, MAX_CODE_CHARS, GRAMMAR_WASM, RUNTIME_WASM, locateWasm,
} from './parser';
export type { ParsedCode, ParseIssue, CodeEdit, PreviousParse } from './parser';
export { findHandler, looksLikeLambdaHandler, listExportedFunctions, looksLikeHandlerFn, isLambdaType } from './handlers';
export type { ExportedFunction, HandlerParam } from './handlers';
export { analyzeTaint, analyzeTaintDetailed } from './taint';
export type { AnalyzeTaintInput, TaintResult } from './taint';
export { TRIGGER_SOURCES, TRUSTED_EVENT_PATHS, classifyEventPath } from './sources';
