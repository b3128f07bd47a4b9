/**
 * Where each rule's documentation lives. The pages are `rules/<id>.md` in this repository and are
 * shipped inside the extension; the language server links to the shipped copy (works offline), the
 * CLI's SARIF links to the canonical copy.
 */
export const DOCS_BASE_URL = 'https://github.com/serverless-guard/serverless-guard/blob/main/rules/';

export function docsUrl(ruleId: string, base: string = DOCS_BASE_URL): string {
  return `${base}${ruleId}.md`;
}
