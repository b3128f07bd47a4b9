/**
 * The language server: LSP wiring only. Every analysis question goes to the engine; this file
 * converts offsets ↔ positions, findings → diagnostics, fixes → code actions, and keeps per-document
 * state. Works with any LSP client (push diagnostics, incremental sync, plain JSON-RPC over stdio
 * or Node IPC).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DiagnosticSeverity,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { allRules } from '../../../rules/index';
import { EDITOR_MAX_CONFIG_CHARS, ENGINE_RULES, codeKindOf, isConfigCandidate, type AnalysisResult, type Engine } from '../engine/engine';
import { docsUrl } from '../engine/docs';
import { Project, normalizePath } from '../engine/project';
import { diskSource } from '../shell/disk';
import { CONFIG_FILE_NAME, isIgnoredPath, mergeSettings, parseSettings, type RuleSetting, type Settings } from '../engine/settings';
import { LineIndex } from '../engine/text';
import type { Finding, Fix, RuleMeta, Severity } from '../engine/types';
import { SKIP_DIRS, mightBeConfig } from '../cli/scan';
import { ADD_SECURE_FUNCTION, LspFeatures, type AddSecureFunctionArgs } from './features';
import { guardedDocumentSync } from './guard';

export const COMMANDS = {
  scanWorkspace: 'serverlessGuard.server.scanWorkspace',
  addSecureFunction: ADD_SECURE_FUNCTION,
} as const;

interface ClientSettings {
  enable?: boolean;
  rules?: Record<string, RuleSetting>;
  ignorePaths?: string[];
}

interface DocState {
  version: number;
  result: AnalysisResult;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return normalizePath(fileURLToPath(uri));
    } catch {
      /* fall through */
    }
  }
  // untitled: and other schemes: keep the path part so the file name still says what it is.
  const i = uri.indexOf(':');
  return normalizePath('/' + decodeURIComponent(uri.slice(i + 1)).replace(/^\/+/, ''));
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).toString();
}

export function startServer(connection: Connection, makeEngine: (project: Project, stopAt?: (path: string) => string | undefined) => Engine): void {
  const documents = new TextDocuments(TextDocument);
  const project = new Project(diskSource(4 * 1024 * 1024));
  // Configs are looked up from a handler file upwards, but never above its workspace folder.
  const engine = makeEngine(project, (p) => rootFor(p));
  function rootFor(p: string): string | undefined {
    let best: string | undefined;
    for (const r of workspaceRoots) if ((p === r || p.startsWith(r.endsWith('/') ? r : r + '/')) && (!best || r.length > best.length)) best = r;
    return best;
  }
  const state = new Map<string, DocState>();
  const uriPaths = new Map<string, string>();
  const pending = new Set<string>();
  let workspaceRoots: string[] = [];
  let clientSettings: ClientSettings = {};
  let hasConfigurationCapability = false;
  let relatedInformation = false;
  const fileSettings = new Map<string, Settings>();
  const rulesById = new Map<string, RuleMeta>([...allRules.map((r) => r.meta), ...ENGINE_RULES].map((m) => [m.id, m] as const));
  const localDocs = path.join(__dirname, '..', 'rules');
  const hasLocalDocs = fs.existsSync(path.join(localDocs, 'iam-wildcard-action.md'));
  const hrefs = new Map<string, string>();
  const ruleHref = (id: string): string => {
    let h = hrefs.get(id);
    if (h === undefined) {
      h = hasLocalDocs && fs.existsSync(path.join(localDocs, `${id}.md`)) ? pathToUri(path.join(localDocs, `${id}.md`)) : docsUrl(id);
      hrefs.set(id, h);
    }
    return h;
  };
  // One (read-only) codeDescription object per rule, shared by its diagnostics.
  const descriptions = new Map<string, { href: string }>();
  const ruleDescription = (id: string): { href: string } => {
    let d = descriptions.get(id);
    if (!d) descriptions.set(id, (d = { href: ruleHref(id) }));
    return d;
  };

  const log = (msg: string) => connection.console.log(`[serverless-guard] ${msg}`);


  const settingsFor = (p: string): Settings => {
    const root = rootFor(p);
    let projectSettings: Settings | undefined;
    if (root) {
      projectSettings = fileSettings.get(root);
      if (!projectSettings) {
        const text = project.readFile(`${root}/${CONFIG_FILE_NAME}`);
        projectSettings = text ? parseSettings(text).settings : mergeSettings();
        fileSettings.set(root, projectSettings);
      }
    }
    return mergeSettings(projectSettings, { rules: clientSettings.rules ?? {}, ignorePaths: clientSettings.ignorePaths ?? [] });
  };

  const isAnalysable = (p: string) => isConfigCandidate(p) || !!codeKindOf(p);

  const toDiagnostic = (f: Finding, lines: LineIndex): Diagnostic => {
    const d: Diagnostic = {
      range: lines.range(f.range),
      severity: SEVERITY[f.severity],
      code: f.ruleId,
      codeDescription: ruleDescription(f.ruleId),
      source: 'serverless-guard',
      message: f.message,
    };
    if (relatedInformation && f.related?.length) {
      d.relatedInformation = f.related.map((r) => {
        const text = r.file === f.file ? lines.text : project.readFile(r.file) ?? '';
        return { location: { uri: pathToUri(r.file), range: new LineIndex(text).range(r.range) }, message: r.message };
      });
    }
    return d;
  };

  const validate = (uri: string): void => {
    const doc = documents.get(uri);
    if (!doc) return;
    const p = uriPaths.get(uri) ?? uriToPath(uri);
    uriPaths.set(uri, p);
    const text = doc.getText();
    project.setOpen(p, text, doc.version);
    let result: AnalysisResult;
    try {
      const settings = settingsFor(p);
      const root = rootFor(p);
      const rel = root ? p.slice(root.length + 1) : path.basename(p);
      if (clientSettings.enable === false || (root && isIgnoredPath(settings, rel))) {
        result = { file: p, findings: [], ruleErrors: [], timings: { parseMs: 0, rulesMs: 0 } };
      } else {
        result = engine.analyze(p, text, { settings, maxConfigChars: EDITOR_MAX_CONFIG_CHARS });
      }
    } catch (err) {
      log(`analysis failed for ${uri}: ${(err as Error)?.stack ?? err}`);
      result = { file: p, findings: [], ruleErrors: [], timings: { parseMs: 0, rulesMs: 0 } };
    }
    for (const e of result.ruleErrors) log(`rule ${e.ruleId} threw on ${uri}: ${e.error}`);
    // Never publish for a version older than what the client has now.
    const current = documents.get(uri);
    if (!current || current.version !== doc.version) return;
    state.set(uri, { version: doc.version, result });
    const lines = result.lines && result.lines.text === text ? result.lines : new LineIndex(text);
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: result.findings.map((f) => toDiagnostic(f, lines)) });
  };

  /**
   * Coalesce bursts: validate once the queued messages are processed, always the newest version.
   * A config and the handler files it points to depend on each other (events decide taint sources,
   * code decides needed permissions), so an edit to one also re-validates the other open ones.
   */
  const schedule = (uri: string, cascade = true) => {
    if (pending.has(uri)) return;
    pending.add(uri);
    setImmediate(() => {
      pending.delete(uri);
      validate(uri);
      if (cascade) for (const other of relatedOpen(uri)) schedule(other, false);
    });
  };

  const relatedOpen = (uri: string): string[] => {
    const p = uriPaths.get(uri) ?? uriToPath(uri);
    const isCode = !!codeKindOf(p);
    const dir = p.slice(0, p.lastIndexOf('/'));
    const out: string[] = [];
    for (const d of documents.all()) {
      if (d.uri === uri) continue;
      const q = uriPaths.get(d.uri) ?? uriToPath(d.uri);
      const qdir = q.slice(0, q.lastIndexOf('/'));
      if (isCode && isConfigCandidate(q) && (dir === qdir || dir.startsWith(qdir + '/'))) out.push(d.uri);
      else if (!isCode && codeKindOf(q) && (qdir === dir || qdir.startsWith(dir + '/'))) out.push(d.uri);
    }
    return out;
  };

  const revalidateAll = () => {
    fileSettings.clear();
    for (const d of documents.all()) schedule(d.uri);
  };

  const pullSettings = async () => {
    if (!hasConfigurationCapability) return;
    try {
      const s = (await connection.workspace.getConfiguration('serverlessGuard')) as ClientSettings | null;
      clientSettings = s ?? {};
    } catch {
      /* client may not answer */
    }
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    hasConfigurationCapability = !!caps.workspace?.configuration;
    relatedInformation = !!caps.textDocument?.publishDiagnostics?.relatedInformation;
    const folders = params.workspaceFolders ?? [];
    workspaceRoots = folders.map((f) => uriToPath(f.uri));
    if (!workspaceRoots.length && params.rootUri) workspaceRoots = [uriToPath(params.rootUri)];
    const init = params.initializationOptions as { settings?: ClientSettings } | undefined;
    if (init?.settings) clientSettings = init.settings;
    features.setClientCapabilities(caps);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: false },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':'], resolveProvider: false },
        executeCommandProvider: { commands: [COMMANDS.scanWorkspace, COMMANDS.addSecureFunction] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'serverless-guard', version: typeof SG_VERSION === 'string' ? SG_VERSION : '0.0.0-dev' },
    };
  });

  connection.onInitialized(async () => {
    await pullSettings();
    revalidateAll();
    if (hasConfigurationCapability) {
      try {
        connection.workspace.onDidChangeWorkspaceFolders((e) => {
          for (const f of e.removed) workspaceRoots = workspaceRoots.filter((r) => r !== uriToPath(f.uri));
          for (const f of e.added) workspaceRoots.push(uriToPath(f.uri));
          revalidateAll();
        });
      } catch {
        /* not supported by this client */
      }
    }
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (hasConfigurationCapability) await pullSettings();
    else clientSettings = ((change.settings as { serverlessGuard?: ClientSettings })?.serverlessGuard ?? {}) as ClientSettings;
    revalidateAll();
  });

  connection.onDidChangeWatchedFiles((e) => {
    let settingsChanged = false;
    for (const c of e.changes) {
      if (c.uri.endsWith(CONFIG_FILE_NAME)) settingsChanged = true;
      engine.forget(uriToPath(c.uri));
    }
    if (settingsChanged) fileSettings.clear();
    revalidateAll();
  });

  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidSave((e) => {
    if (e.document.uri.endsWith(CONFIG_FILE_NAME)) revalidateAll();
  });
  documents.onDidClose((e) => {
    const p = uriPaths.get(e.document.uri) ?? uriToPath(e.document.uri);
    project.close(p);
    engine.forget(p);
    state.delete(e.document.uri);
    uriPaths.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const fixToEdit = (fix: Fix): WorkspaceEdit => {
    const changes: Record<string, LspTextEdit[]> = {};
    const documentChanges: WorkspaceEdit['documentChanges'] = [];
    let creates = false;
    for (const c of fix.changes) {
      const uri = pathToUri(c.file);
      if (c.create) {
        creates = true;
        documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
        documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: c.edits[0]?.newText ?? '' }] });
        continue;
      }
      const open = [...uriPaths.entries()].find(([, p]) => p === c.file)?.[0];
      const text = (open && documents.get(open)?.getText()) ?? project.readFile(c.file) ?? '';
      const li = new LineIndex(text);
      const edits = c.edits.map((e) => ({ range: li.range(e.range), newText: e.newText }));
      const targetUri = open ?? uri;
      changes[targetUri] = [...(changes[targetUri] ?? []), ...edits];
      documentChanges.push({ textDocument: { uri: targetUri, version: null }, edits });
    }
    return creates ? { documentChanges } : { changes };
  };

  connection.onCodeAction((params) => {
    try {
      const st = state.get(params.textDocument.uri);
      const doc = documents.get(params.textDocument.uri);
      if (!st || !doc || st.version !== doc.version) return [];
      const lines = new LineIndex(doc.getText());
      const start = lines.offsetAt(params.range.start);
      const end = lines.offsetAt(params.range.end);
      const actions: CodeAction[] = [];
      for (const f of st.result.findings) {
        if (f.range.end < start || f.range.start > end) continue;
        const diag = toDiagnostic(f, lines);
        f.fixes.forEach((fix, i) => {
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diag],
            isPreferred: fix.isPreferred ?? (i === 0 && !fix.placeholder),
            edit: fixToEdit(fix),
            ...(fix.placeholder ? { data: { placeholder: fix.placeholder } } : {}),
            // Run by the client after the edit: offers to copy e.g. the put-parameter command.
            ...(fix.afterApply ? { command: { title: fix.afterApply.message, command: 'serverlessGuard.afterFix', arguments: [{ message: fix.afterApply.message, copyText: fix.afterApply.copyText }] } } : {}),
          });
        });
      }
      return actions;
    } catch (err) {
      log(`codeAction failed: ${(err as Error)?.stack ?? err}`);
      return [];
    }
  });

  const features = new LspFeatures({ documents, engine, project, uriToPath, rulesById, ruleHref, state: (uri) => state.get(uri)?.result });

  connection.onHover((params): Hover | null => {
    try {
      return features.hover(params);
    } catch (err) {
      log(`hover failed: ${(err as Error)?.stack ?? err}`);
      return null;
    }
  });

  connection.onCompletion((params) => {
    try {
      return features.completion(params);
    } catch (err) {
      log(`completion failed: ${(err as Error)?.stack ?? err}`);
      return null;
    }
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command === COMMANDS.scanWorkspace) return scanWorkspace();
    if (params.command === COMMANDS.addSecureFunction) {
      // Returns the WorkspaceEdit (config insert + new handler file) for the client to apply.
      const res = features.addSecureFunction(params.arguments?.[0] as AddSecureFunctionArgs);
      if (res.chooseTable) return { chooseTable: res.chooseTable };
      return res.fix ? { edit: fixToEdit(res.fix), handlerUri: pathToUri(res.handlerFile!) } : { error: res.error };
    }
    return new ResponseError(ErrorCodes.MethodNotFound, `Unknown command: ${String(params.command).slice(0, 200)}`);
  });

  /** Analyses every config/handler file of the workspace without blocking: one file per tick. */
  const scanWorkspace = async (): Promise<{ files: number; findings: number }> => {
    const files: string[] = [];
    const walk = (dir: string, depth: number) => {
      if (depth > 20) return;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const p = `${dir}/${e.name}`;
        if (e.isDirectory()) {
          if (!SKIP_DIRS.has(e.name)) walk(p, depth + 1);
        } else if (e.isFile() && isAnalysable(e.name) && e.name !== 'package-lock.json' && e.name !== 'package.json') files.push(p);
      }
    };
    for (const r of workspaceRoots) walk(r, 0);
    let count = 0;
    let findings = 0;
    for (const p of files) {
      await new Promise((r) => setImmediate(r));
      const uri = pathToUri(p);
      if (documents.get(uri)) {
        // Open documents keep their live diagnostics; count them like the Problems panel does.
        const open = state.get(uri)?.result;
        if (open?.kind) {
          count++;
          findings += open.findings.length;
        }
        continue;
      }
      const text = project.readFile(p);
      if (text === undefined || text.includes('\u0000')) continue;
      if (!codeKindOf(p) && !mightBeConfig(p, text)) continue;
      const settings = settingsFor(p);
      const root = rootFor(p);
      if (root && isIgnoredPath(settings, p.slice(root.length + 1))) continue;
      let result: AnalysisResult;
      try {
        result = engine.analyze(p, text, { settings, maxConfigChars: EDITOR_MAX_CONFIG_CHARS });
      } catch (err) {
        log(`scan failed for ${p}: ${(err as Error)?.stack ?? err}`);
        continue;
      } finally {
        engine.forget(p);
      }
      if (!result.kind) continue;
      count++;
      findings += result.findings.length;
      const lines = new LineIndex(text);
      void connection.sendDiagnostics({ uri, diagnostics: result.findings.map((f) => toDiagnostic(f, lines)) });
    }
    log(`workspace scan: ${count} files, ${findings} findings`);
    return { files: count, findings };
  };

  // Invalid or stale (version not newer) document notifications are logged and ignored.
  documents.listen(guardedDocumentSync(connection, documents, log));
  connection.listen();
}

declare const SG_VERSION: string;
