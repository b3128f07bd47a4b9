/**
 * Per-document YAML parse state. Re-parses the whole text for now (the incremental splice is
 * being built against this interface).
 */
import type { ParsedDocument } from './ast';
import { parseYaml } from './parse';

export class IncrementalYaml {
  private last: ParsedDocument | undefined;

  parse(text: string): ParsedDocument {
    if (this.last && this.last.text === text) return this.last;
    this.last = parseYaml(text, { format: 'yaml' });
    return this.last;
  }
}
