/**
 * The engine's public types: findings, fixes and the rule interface. Nothing here knows about
 * LSP, VS Code or the file system.
 */
import type { Span } from './yaml/ast';

export type { Span } from './yaml/ast';

export type Category = 'iam' | 'secrets' | 'injection' | 'auth' | 'config';
export type Severity = 'error' | 'warning' | 'info';
export const CATEGORIES: readonly Category[] = ['iam', 'secrets', 'injection', 'auth', 'config'];
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** What a file is, as far as the engine cares. */
/** `chalice`: an AWS Chalice project's `.chalice/config.json` (no config model; rules read `parsed`). */
export type FileKind = 'serverless' | 'sam' | 'cfn' | 'javascript' | 'typescript' | 'python' | 'chalice';
export const CODE_KINDS: readonly FileKind[] = ['javascript', 'typescript', 'python'];

/** One replacement in one file, by UTF-16 offsets into that file's current text. */
export interface TextEdit {
  range: Span;
  newText: string;
}

/** Edits to one file; `create` makes a new file whose whole content is `edits[0].newText`. */
export interface FileEdit {
  /** Project path of the file (same form as `SourceFile.path`). */
  file: string;
  edits: TextEdit[];
  create?: boolean;
}

export interface Fix {
  title: string;
  changes: FileEdit[];
  /** The fix to apply when the user asks for "the" fix (LSP `isPreferred`). */
  isPreferred?: boolean;
  /** Fixes that need a value from the user (e.g. a suppression reason) set this; `placeholder` marks the text to replace. */
  placeholder?: string;
  /**
   * Something the user must do once the edit is applied, with text to copy — e.g. the
   * `aws ssm put-parameter` command that stores the value a secret fix moved out of the file.
   * `copyText` may hold the secret: clients put it on the clipboard only, never on screen or in logs;
   * `displayText` is the same with the secret masked, for output (CLI).
   */
  afterApply?: { message: string; copyText: string; displayText: string };
  /**
   * The fix changes who can call something (adds an authorizer, requires AWS_IAM): clients ask the
   * user before applying it — existing callers that cannot satisfy the new check are locked out.
   * `message` is the question shown (the LSP server's `serverlessGuard.server.confirmFix` command
   * asks with window/showMessageRequest, then applies the edit); the CLI marks such fixes in its
   * JSON (`confirmFixes`) and SARIF (`properties.confirmFixes`) output.
   */
  confirm?: { message: string };
}

export interface RelatedLocation {
  file: string;
  range: Span;
  message: string;
}

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  file: string;
  range: Span;
  message: string;
  fixes: Fix[];
  related?: RelatedLocation[];
}

export interface RuleDocs {
  /** One-sentence summary shown in hovers and SARIF `shortDescription`. */
  summary: string;
  /** CWE ids (numbers), when the rule maps to weaknesses. */
  cwe?: number[];
}

export interface RuleMeta {
  id: string;
  category: Category;
  severity: Severity;
  title: string;
  docs: RuleDocs;
  /** The kinds of file the rule inspects. */
  appliesTo: readonly FileKind[];
  /** True when at least one finding of the rule carries a fix. */
  fixable?: boolean;
  /** Message templates by id (`{{name}}` placeholders), ESLint `meta.messages` style; see messages.ts. */
  messages?: Readonly<Record<string, string>>;
}
