/**
 * Authoring help (pure; no LSP imports): context detection, completion items and hovers as plain
 * data, the secure-snippet catalogue, and the "Add Secure Function" edit builder. The language
 * server adapts these to LSP in `server/src/lsp/features.ts`.
 */
export { authoringCompletions, authoringKind, slsIamStyle, type CompletionInput } from './complete';
export { authoringHover, actionHoverMarkdown, type HoverInput } from './hover';
export { buildAddSecureFunction, applyAddFunction, isValidFunctionName, RUNTIMES, type AddFunctionRequest, type AddFunctionResult } from './add-function';
export { allSnippetFiles, snippetById, snippetFile, snippetsForKind, vscodeSnippetFile } from './snippets';
export { expandSnippet, renderSnippetSyntax, parseSnippet } from './snippet-syntax';
export { functionMarkdown } from './describe';
export * from './types';
