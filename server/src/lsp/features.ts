/**
 * Editor features beyond diagnostics, as LSP adapters over the engine: hover (the rule summary of
 * findings under the cursor, plus authoring hovers: IAM actions, wildcards, function summaries),
 * completion (secure snippets where they belong, IAM action names), and the "Add Secure Function"
 * command's edit. All the logic lives in the pure `engine/authoring` module.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type ClientCapabilities,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
  type Hover,
  type HoverParams,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { authoringCompletions, authoringHover, buildAddSecureFunction, HANDLER_LANGUAGES, TRIGGERS, type HandlerLanguage, type Trigger } from '../engine/authoring/index';
import { codeKindOf, isConfigCandidate, type AnalysisResult, type Engine } from '../engine/engine';
import type { Project } from '../engine/project';
import { LineIndex } from '../engine/text';
import type { Fix, RuleMeta } from '../engine/types';

export interface FeatureDeps {
  documents: TextDocuments<TextDocument>;
  engine: Engine;
  project: Project;
  uriToPath(uri: string): string;
  rulesById: Map<string, RuleMeta>;
  ruleHref(id: string): string;
  state(uri: string): AnalysisResult | undefined;
}

export const ADD_SECURE_FUNCTION = 'serverlessGuard.server.addSecureFunction';

/** Arguments of `workspace/executeCommand serverlessGuard.server.addSecureFunction`. */
export interface AddSecureFunctionArgs {
  /** The serverless.yml / SAM template to add the function to. */
  uri: string;
  name: string;
  trigger: Trigger;
  language: HandlerLanguage;
  /** Logical id of the DynamoDB table to use; when absent and the config has tables, the answer asks. */
  table?: string;
}

const COMPLETION_KIND: Record<string, CompletionItemKind> = {
  snippet: CompletionItemKind.Snippet,
  action: CompletionItemKind.Function,
  service: CompletionItemKind.Module,
};

export class LspFeatures {
  private snippetSupport = true;
  private markdownSupport = true;

  constructor(private readonly deps: FeatureDeps) {}

  /** Reads what the client can render (snippet syntax, markdown) from `initialize`. */
  setClientCapabilities(caps: ClientCapabilities): void {
    const item = caps.textDocument?.completion?.completionItem;
    this.snippetSupport = item?.snippetSupport ?? false;
    const formats = item?.documentationFormat;
    this.markdownSupport = !formats || formats.includes(MarkupKind.Markdown);
  }

  private ruleLink = (id: string): string | undefined => (this.deps.rulesById.has(id) ? this.deps.ruleHref(id) : undefined);

  hover(params: HoverParams): Hover | null {
    const doc = this.deps.documents.get(params.textDocument.uri);
    if (!doc) return null;
    const text = doc.getText();
    const lines = new LineIndex(text);
    const offset = lines.offsetAt(params.position);
    const parts: string[] = [];
    let range: { start: number; end: number } | undefined;

    const result = this.deps.state(params.textDocument.uri);
    // Findings here, most severe first; a rule's summary once, however many of its findings hit.
    const rank = { error: 0, warning: 1, info: 2 } as const;
    const hits = result ? result.findings.filter((f) => f.range.start <= offset && offset <= f.range.end).sort((a, b) => rank[a.severity] - rank[b.severity]) : [];
    const summarised = new Set<string>();
    for (const f of hits) {
      const meta = this.deps.rulesById.get(f.ruleId);
      const title = meta ? meta.title : f.ruleId;
      const summary = summarised.has(f.ruleId) ? '' : `\n\n${meta?.docs.summary ?? ''}`;
      summarised.add(f.ruleId);
      parts.push(`**${f.severity}** · **${title}** ([${f.ruleId}](${this.deps.ruleHref(f.ruleId)}))${summary}`);
    }
    if (hits.length) range = hits[0].range;

    const path = this.deps.uriToPath(params.textDocument.uri);
    if (isConfigCandidate(path) && !codeKindOf(path)) {
      try {
        const entry = this.deps.engine.parseConfig(path, text);
        const model = entry.model;
        const h = authoringHover({ parsed: entry.parsed, model, offset, project: this.deps.project, app: () => (model ? this.deps.engine.crossApp(path, model) : undefined) });
        if (h) {
          parts.push(h.markdown);
          range ??= h.range;
        }
      } catch {
        /* authoring help is best effort; findings still show */
      }
    }
    if (!parts.length) return null;
    return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range: lines.range(range!) };
  }

  completion(params: CompletionParams): CompletionList | null {
    const doc = this.deps.documents.get(params.textDocument.uri);
    if (!doc) return null;
    const text = doc.getText();
    const lines = new LineIndex(text);
    const offset = lines.offsetAt(params.position);
    const path = this.deps.uriToPath(params.textDocument.uri);
    const known = this.deps.state(params.textDocument.uri)?.kind;
    const items = authoringCompletions({
      path,
      text,
      offset,
      kind: known,
      ruleLink: this.ruleLink,
      parse: isConfigCandidate(path) && !codeKindOf(path) ? (t) => this.deps.engine.parseConfig(path, t).parsed : undefined,
    });
    const out: CompletionItem[] = items.map((it) => {
      const snippet = it.snippet && this.snippetSupport;
      const newText = it.snippet && !snippet ? it.plainText ?? it.newText : it.newText;
      const item: CompletionItem = {
        label: it.label,
        kind: COMPLETION_KIND[it.kind],
        textEdit: { range: lines.range(it.range), newText },
        insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      };
      if (it.snippet) item.insertTextMode = InsertTextMode.asIs;
      if (it.detail) item.detail = it.detail;
      if (it.documentation) item.documentation = this.markdownSupport ? { kind: MarkupKind.Markdown, value: it.documentation } : it.documentation;
      if (it.filterText) item.filterText = it.filterText;
      if (it.sortText) item.sortText = it.sortText;
      if (it.additionalEdits?.length) item.additionalTextEdits = it.additionalEdits.map((e) => ({ range: lines.range(e.range), newText: e.newText }));
      if (it.snippetId) item.data = { snippetId: it.snippetId };
      return item;
    });
    // Action lists are complete per service; the list changes when the service prefix does.
    return { isIncomplete: items.some((i) => i.kind === 'service'), items: out };
  }

  /** The edit for "Add Secure Function…", as a Fix (the server turns it into a WorkspaceEdit). */
  addSecureFunction(args: AddSecureFunctionArgs): { fix?: Fix; handlerFile?: string; error?: string; chooseTable?: { tables: string[]; suggested: string } } {
    if (!args || typeof args.uri !== 'string' || typeof args.name !== 'string') return { error: 'Missing arguments: uri, name, trigger, language.' };
    if (!TRIGGERS.includes(args.trigger)) return { error: `Unknown trigger ${String(args.trigger)} (one of ${TRIGGERS.join(', ')}).` };
    if (!HANDLER_LANGUAGES.includes(args.language)) return { error: `Unknown language ${String(args.language)} (one of ${HANDLER_LANGUAGES.join(', ')}).` };
    const configPath = this.deps.uriToPath(args.uri);
    const configText = this.deps.documents.get(args.uri)?.getText() ?? this.deps.project.readFile(configPath);
    if (configText === undefined) return { error: `Cannot read ${configPath}.` };
    const res = buildAddSecureFunction({
      configPath,
      configText,
      name: args.name,
      trigger: args.trigger,
      language: args.language,
      exists: (p) => this.deps.project.readFile(p) !== undefined,
      table: typeof args.table === 'string' ? args.table : undefined,
    });
    if (!res.edit) return { error: res.error ?? 'Could not build the edit.' };
    // The file has tables and none was named: let the user pick one, or create the name's own table.
    if (args.table === undefined && res.tables?.length && !res.tables.includes(res.table!)) return { chooseTable: { tables: res.tables, suggested: res.table! } };
    return { fix: { title: res.edit.title, changes: res.edit.changes }, handlerFile: res.handlerFile };
  }
}
