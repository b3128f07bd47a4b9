/**
 * The rule interface (ESLint-style: metadata + a check over the model) and the context a rule's
 * check receives. Rules are pure: they read the context and call `report`; no IO.
 */
import type { ConfigModel } from './model/types';
import type { LineIndex } from './text';
import type { Fix, FileKind, RelatedLocation, RuleMeta, Severity, Span } from './types';
import type { ParsedDocument } from './yaml/ast';
import type { Project } from './project';

export interface ReportInput {
  range: Span;
  message: string;
  /**
   * The finding's fixes, or a function that builds them: fixes are only needed when a client asks
   * for code actions (or the CLI prints them), so expensive ones should be passed lazily.
   */
  fixes?: Fix[] | (() => Fix[]);
  related?: RelatedLocation[];
  /** Overrides the rule's default severity for this one finding (e.g. AWS example keys → info). */
  severity?: Severity;
}

export interface RuleContext {
  /** Project path of the file being analysed. */
  readonly file: string;
  readonly text: string;
  readonly kind: FileKind;
  readonly lines: LineIndex;
  /** Config files only. */
  readonly model?: ConfigModel;
  readonly parsed?: ParsedDocument;
  /** Code files only (set by the code analysis layer). */
  readonly code?: unknown;
  readonly project: Project;
  /**
   * Cross-file views, computed lazily and shared by all rules of one run: the handler files of this
   * config's functions, and the parsed code of any project file (undefined when code support is off).
   */
  readonly links: FileLinks;
  report(finding: ReportInput): void;
  /** Per-entry finding reuse across keystrokes (see `reuse.ts`); absent when off. */
  reuse?: import('./reuse').EntryReuse;
}

export interface FileLinks {
  /** Config files: every function whose handler resolves to an existing file. */
  handlers(): import('./handlers').HandlerRef[];
  /** The code context of another project file (read through the project), if it parses. */
  code(path: string): unknown;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

