/**
 * Editor features beyond diagnostics (hover; completion lands here too), as LSP adapters over the
 * engine's results.
 */
import type { Hover, HoverParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult, Engine } from '../engine/engine';
import type { Project } from '../engine/project';
import { LineIndex } from '../engine/text';
import type { RuleMeta } from '../engine/types';

export interface FeatureDeps {
  documents: TextDocuments<TextDocument>;
  engine: Engine;
  project: Project;
  uriToPath(uri: string): string;
  rulesById: Map<string, RuleMeta>;
  ruleHref(id: string): string;
  state(uri: string): AnalysisResult | undefined;
}

export class LspFeatures {
  constructor(private readonly deps: FeatureDeps) {}

  hover(params: HoverParams): Hover | null {
    const doc = this.deps.documents.get(params.textDocument.uri);
    const result = this.deps.state(params.textDocument.uri);
    if (!doc || !result) return null;
    const lines = new LineIndex(doc.getText());
    const offset = lines.offsetAt(params.position);
    const hits = result.findings.filter((f) => f.range.start <= offset && offset <= f.range.end);
    if (!hits.length) return null;
    const parts: string[] = [];
    for (const f of hits) {
      const meta = this.deps.rulesById.get(f.ruleId);
      const title = meta ? meta.title : f.ruleId;
      parts.push(`**${title}** ([${f.ruleId}](${this.deps.ruleHref(f.ruleId)}), ${f.severity})\n\n${meta?.docs.summary ?? ''}`);
    }
    const first = hits[0];
    return { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') }, range: lines.range(first.range) };
  }
}
