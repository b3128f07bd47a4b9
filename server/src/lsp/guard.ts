/**
 * Checks text document notifications before `TextDocuments` sees them: invalid didOpen/didChange/
 * didClose params are logged and ignored (never a crash, never a non-integer version echoed back in
 * publishDiagnostics), and a didChange whose version is not newer than the document's is ignored.
 */
import type { Connection, DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

const isVersion = (v: unknown): v is number => Number.isSafeInteger(v);
const isUri = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isPosition = (p: unknown) => isObject(p) && Number.isSafeInteger(p.line) && (p.line as number) >= 0 && Number.isSafeInteger(p.character) && (p.character as number) >= 0;
const isChange = (c: unknown) => isObject(c) && typeof c.text === 'string' && (c.range === undefined || (isObject(c.range) && isPosition(c.range.start) && isPosition(c.range.end)));

/** Why didOpen params are unusable, or undefined. */
export function invalidOpen(p: unknown): string | undefined {
  const td = isObject(p) ? p.textDocument : undefined;
  if (!isObject(td)) return 'no textDocument';
  if (!isUri(td.uri)) return 'textDocument.uri is not a string';
  if (typeof td.languageId !== 'string') return 'textDocument.languageId is not a string';
  if (!isVersion(td.version)) return `textDocument.version ${JSON.stringify(td.version)?.slice(0, 40)} is not an integer`;
  if (typeof td.text !== 'string') return 'textDocument.text is not a string';
  return undefined;
}

/** Why didChange params are unusable (or stale for the open document), or undefined. */
export function invalidChange(p: unknown, documents: TextDocuments<TextDocument>): string | undefined {
  const td = isObject(p) ? p.textDocument : undefined;
  if (!isObject(td) || !isUri(td.uri)) return 'no textDocument.uri';
  if (!isVersion(td.version)) return `textDocument.version ${JSON.stringify(td.version)?.slice(0, 40)} is not an integer`;
  const changes = (p as Record<string, unknown>).contentChanges;
  if (!Array.isArray(changes) || !changes.every(isChange)) return 'contentChanges is not a list of {text, range?}';
  const doc = documents.get(td.uri);
  if (doc && td.version <= doc.version) return `version ${td.version} is not newer than ${doc.version}`;
  return undefined;
}

/**
 * The connection as `TextDocuments.listen` should see it: the same, except that the three
 * document-sync handlers it registers are wrapped with the checks above.
 */
export function guardedDocumentSync(connection: Connection, documents: TextDocuments<TextDocument>, log: (m: string) => void): Connection {
  return new Proxy(connection, {
    get(target, prop, receiver) {
      if (prop === 'onDidOpenTextDocument')
        return (h: (p: DidOpenTextDocumentParams) => void) =>
          target.onDidOpenTextDocument((p) => {
            const why = invalidOpen(p);
            if (why) log(`ignored didOpen: ${why}`);
            else h(p);
          });
      if (prop === 'onDidChangeTextDocument')
        return (h: (p: DidChangeTextDocumentParams) => void) =>
          target.onDidChangeTextDocument((p) => {
            const why = invalidChange(p, documents);
            if (why) log(`ignored didChange for ${String((p as { textDocument?: { uri?: unknown } })?.textDocument?.uri).slice(0, 200)}: ${why}`);
            else h(p);
          });
      if (prop === 'onDidCloseTextDocument')
        return (h: (p: DidCloseTextDocumentParams) => void) =>
          target.onDidCloseTextDocument((p) => {
            if (!isObject(p) || !isObject(p.textDocument) || !isUri(p.textDocument.uri)) log('ignored didClose: no textDocument.uri');
            else h(p);
          });
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
