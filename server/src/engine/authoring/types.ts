/**
 * Plain-data results of the authoring module (no LSP types): completion items, hovers, and the
 * snippet catalogue's shape (the JSON files in `snippets/`).
 */
import type { FileEdit, Span } from '../types';

/** One file of `snippets/`: all snippets of one format. */
export type SnippetFormat = 'serverless' | 'sam' | 'cloudformation' | 'javascript' | 'typescript' | 'python';
export const SNIPPET_FORMATS: readonly SnippetFormat[] = ['serverless', 'sam', 'cloudformation', 'javascript', 'typescript', 'python'];

/** What the "Add Secure Function…" command can create. */
export type Trigger = 'http-api' | 'rest-api' | 'sqs' | 'function-url';
export const TRIGGERS: readonly Trigger[] = ['http-api', 'rest-api', 'sqs', 'function-url'];
export type HandlerLanguage = 'typescript' | 'javascript' | 'python';
export const HANDLER_LANGUAGES: readonly HandlerLanguage[] = ['typescript', 'javascript', 'python'];

export interface SnippetDef {
  /** Stable id, unique across all files (`sls.function.http-api.native`). */
  id: string;
  /** Human title. */
  name: string;
  /** What the user types (unique per format and context). */
  prefix: string;
  /** The security practice the snippet encodes, in one or two sentences (markdown). */
  description: string;
  /**
   * Where it is offered. Config formats: YAML path patterns of the map the snippet adds entries to
   * (`functions`, `provider`, `functions.*.environment`, `` for the root). Code: `module` (top
   * level) or `function` (inside a function body).
   */
  contexts: string[];
  /** Extra conditions on the file (serverless.yml: which per-function IAM style it uses). */
  when?: { slsIamStyle?: 'native' | 'plugin' };
  /** Snippet syntax (VS Code / LSP), one string per line, indented by the format's unit. */
  body: string[];
  /** Rule ids whose findings this snippet is written to avoid. */
  prevents: string[];
  /** Semantic names of tab stops, so code can set them (`name`, `handler`, `runtime`...). */
  fields?: Record<string, number>;
  /** Ids of snippets this one needs elsewhere in the file (inserted too, unless already there). */
  requires?: string[];
  /** For "Add Secure Function…": the triggers this config/handler snippet implements. */
  triggers?: Trigger[];
}

export interface SnippetFile {
  format: SnippetFormat;
  /** VS Code language id of the generated contribution. */
  language: string;
  /** Glob patterns the VS Code contribution is restricted to (`include`), when the language is too broad. */
  include?: string[];
  /** Indentation unit of the bodies (spaces). */
  indent: number;
  snippets: SnippetDef[];
}

export interface AuthoringCompletion {
  label: string;
  kind: 'snippet' | 'action' | 'service';
  /** Short text shown next to the label. */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Replaces `range` (snippet syntax when `snippet` is true). */
  newText: string;
  snippet: boolean;
  /** Plain text variant of `newText` (for clients without snippet support). */
  plainText?: string;
  range: Span;
  filterText?: string;
  sortText?: string;
  /** More edits in the same file (plain text), e.g. the provider authorizer a function needs. */
  additionalEdits?: { range: Span; newText: string }[];
  /** Snippet id (snippet items). */
  snippetId?: string;
}

export interface AuthoringHover {
  /** Markdown. */
  markdown: string;
  range: Span;
}

/** An edit spanning files (the "Add Secure Function" command). */
export interface AuthoringEdit {
  title: string;
  changes: FileEdit[];
}
