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
  MessageType,
  ShowMessageNotification,
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
import { DEFAULT_TIME_BUDGET_MS, EDITOR_MAX_CONFIG_CHARS, ENGINE_RULES, SETTINGS_RULE, codeKindOf, isConfigCandidate, type AnalysisResult, type Engine } from '../engine/engine';
import { warmUpSteps, type WarmUpStep } from '../engine/warm-up';
import { docsUrl } from '../engine/docs';
import { Project, normalizePath } from '../engine/project';
import { nearbyConfigFiles } from '../engine/handlers';
import { diskSource } from '../shell/disk';
import { CONFIG_FILE_NAME, MAX_SETTINGS_BYTES, isIgnoredPath, mergeSettings, parseSettings, validateEditorSettings, type Settings } from '../engine/settings';
import { LineIndex } from '../engine/text';
import type { Finding, Fix, RuleMeta, Severity } from '../engine/types';
import { SKIP_DIRS, mightBeConfig } from '../cli/scan';
import { ADD_SECURE_FUNCTION, LspFeatures, type AddSecureFunctionArgs } from './features';
import { DiagnosticConverter } from './diagnostics';
import { guardedDocumentSync } from './guard';
import { codeCacheHook } from './code-cache';

export const COMMANDS = {
  scanWorkspace: 'serverlessGuard.server.scanWorkspace',
  addSecureFunction: ADD_SECURE_FUNCTION,
  /** A fix that changes who can call (`Fix.confirm`): asks the user, then applies the edit. */
  confirmFix: 'serverlessGuard.server.confirmFix',
} as const;

/** The answers of the confirmFix question (window/showMessageRequest). */
export const CONFIRM_APPLY = 'Apply fix';
export const CONFIRM_CANCEL = 'Cancel';
/** How many confirmable fixes (of the latest code action requests) the server keeps for their command. */
const MAX_PENDING_CONFIRMS = 64;

/** Editor settings after validation (`validateEditorSettings`): only well-typed values. */
interface ClientSettings {
  enable?: boolean;
  rules?: Settings['rules'];
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

/**
 * Time budgets of the server, in ms of this process's CPU time (`process.cpuUsage`), so a busy
 * machine (other processes on the same core) stretches an analysis in wall time but never cuts it.
 */
export interface ServerOptions {
  /** Rules are not started past this in the analysis of one version (then the rest go on in the background). */
  timeBudgetMs?: number;
  /** One background slice: rules are not started past this, then the server yields to incoming messages. */
  sliceMs?: number;
  /** Background work per document version; a file still incomplete after it gets `analysis-timeout`. */
  backgroundBudgetMs?: number;
  /** Clock (ms) for all three budgets. */
  clock?: () => number;
}

export const SLICE_MS = 50;
export const BACKGROUND_BUDGET_MS = 20_000;

/** This process's CPU time in ms (user + system). */
export function cpuClock(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export function startServer(connection: Connection, makeEngine: (project: Project, stopAt?: (path: string) => string | undefined) => Engine, options: ServerOptions = {}): void {
  const timeBudgetMs = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const sliceMs = options.sliceMs ?? SLICE_MS;
  const backgroundBudgetMs = options.backgroundBudgetMs ?? BACKGROUND_BUDGET_MS;
  const clock = options.clock ?? cpuClock;
  const documents = new TextDocuments(TextDocument);
  // The workspace boundary: nothing outside the workspace folders is read (none until `initialize`
  // names them; without any, only open documents are).
  const project = new Project(diskSource(4 * 1024 * 1024), { roots: [] });
  // Configs are looked up from a handler file upwards, but never above its workspace folder.
  const engine = makeEngine(project, (p) => rootFor(p));
  function rootFor(p: string): string | undefined {
    let best: string | undefined;
    for (const r of workspaceRoots) if ((p === r || p.startsWith(r.endsWith('/') ? r : r + '/')) && (!best || r.length > best.length)) best = r;
    return best;
  }
  const state = new Map<string, DocState>();
  /** Diagnostics of unchanged findings are re-used from the last publish (see diagnostics.ts). */
  const converter = new DiagnosticConverter();
  const uriPaths = new Map<string, string>();
  const pending = new Set<string>();
  /** The background pass finishing a cut-off analysis, per document (a newer validation replaces it). */
  const finishing = new Map<string, object>();
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


  /** Settings files whose problems were published while closed (cleared when fixed). */
  const publishedSettings = new Set<string>();
  const settingsFor = (p: string): Settings => {
    const root = rootFor(p);
    let projectSettings: Settings | undefined;
    if (root) {
      projectSettings = fileSettings.get(root);
      if (!projectSettings) {
        // Through the project: inside the workspace, a regular file, no link to outside. Problems
        // are shown on the file itself when it is open (the engine analyses it by the same schema).
        const file = `${root}/${CONFIG_FILE_NAME}`;
        const text = project.readFile(file);
        const parsed = text ? parseSettings(text, { ruleIds: engine.ruleIds() }) : undefined;
        projectSettings = parsed && text!.length <= MAX_SETTINGS_BYTES ? parsed.settings : mergeSettings();
        fileSettings.set(root, projectSettings);
        // The problems show on the settings file even when it is not open (when open, its own analysis does).
        const settingsUri = pathToUri(file);
        if (!documents.get(settingsUri) && (parsed?.problems.length || publishedSettings.has(settingsUri))) {
          const lines = new LineIndex(text ?? '');
          const diagnostics = (parsed?.problems ?? []).map((p) => ({ range: lines.range({ start: p.start, end: p.end }), severity: DiagnosticSeverity.Warning, code: SETTINGS_RULE.id, codeDescription: ruleDescription(SETTINGS_RULE.id), source: 'serverless-guard', message: p.message }));
          if (diagnostics.length) publishedSettings.add(settingsUri);
          else publishedSettings.delete(settingsUri);
          void connection.sendDiagnostics({ uri: settingsUri, diagnostics });
        }
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
    // Related locations only inside the workspace: never a path (or its existence) outside it.
    const related = f.related?.filter((r) => r.file === f.file || project.accessOf(r.file) === 'inside');
    if (relatedInformation && related?.length) {
      d.relatedInformation = related.map((r) => {
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
        // One-time start-up work left over runs now, before the analysis' clock starts.
        warmUpNow();
        result = engine.analyze(p, text, { settings, maxConfigChars: EDITOR_MAX_CONFIG_CHARS, timeBudgetMs, now: clock, reportTimeout: false });
      }
    } catch (err) {
      log(`analysis failed for ${uri}: ${(err as Error)?.stack ?? err}`);
      result = { file: p, findings: [], ruleErrors: [], timings: { parseMs: 0, rulesMs: 0 } };
    }
    finishing.delete(uri);
    if (!publish(uri, doc.version, text, result)) return;
    if (result.pending?.length) finishInBackground(uri, doc.version, p, text, result);
  };

  /** Publishes a result unless the client's document has moved on; false when it has. */
  const publish = (uri: string, version: number, text: string, result: AnalysisResult, logged = 0): boolean => {
    for (const e of result.ruleErrors.slice(logged)) log(`rule ${e.ruleId} threw on ${uri}: ${e.error}`);
    // Never publish for a version older than what the client has now.
    const current = documents.get(uri);
    if (!current || current.version !== version) return false;
    state.set(uri, { version, result });
    const lines = result.lines && result.lines.text === text ? result.lines : new LineIndex(text);
    // Diagnostics of unchanged findings are re-used, not converted again (lsp/diagnostics.ts).
    void connection.sendDiagnostics({ uri, version, diagnostics: converter.convert(uri, result.findings, lines, (f) => toDiagnostic(f, lines)) });
    return true;
  };

  /**
   * The budget cut the analysis of this version off: run the remaining rules in slices of
   * `sliceMs`, one per event-loop turn (incoming edits, hovers and code actions are handled in
   * between), then publish the complete set for the same version. A newer validation of the
   * document (an edit, a settings change) or closing it cancels the rest. Only a file still
   * incomplete after `backgroundBudgetMs` of this work gets an `analysis-timeout` finding.
   */
  const finishInBackground = (uri: string, version: number, p: string, text: string, first: AnalysisResult): void => {
    const token = {};
    finishing.set(uri, token);
    let result = first;
    let spent = 0;
    const slice = () => {
      if (finishing.get(uri) !== token) return;
      if (pending.has(uri) || documents.get(uri)?.version !== version) {
        finishing.delete(uri);
        return;
      }
      const logged = result.ruleErrors.length;
      const c0 = clock();
      try {
        result = engine.resume(p, text, result, { timeBudgetMs: sliceMs, now: clock, reportTimeout: false });
        spent += clock() - c0;
        if (result.pending?.length && spent < backgroundBudgetMs) {
          for (const e of result.ruleErrors.slice(logged)) log(`rule ${e.ruleId} threw on ${uri}: ${e.error}`);
          yieldThen(slice);
          return;
        }
        if (result.pending?.length) {
          log(`${p}: ${result.pending.length} rules still not run after ${Math.round(spent)} ms of background analysis`);
          result = engine.resume(p, text, result, { timeBudgetMs: 0, reportTimeout: true });
        }
      } catch (err) {
        log(`background analysis failed for ${uri}: ${(err as Error)?.stack ?? err}`);
      }
      finishing.delete(uri);
      publish(uri, version, text, result, logged);
    };
    yieldThen(slice);
  };

  /**
   * Runs `fn` after the messages that arrived meanwhile are handled: the JSON-RPC connection
   * dispatches what it reads with its own setImmediate, queued behind one we queue now, so the
   * slice goes one turn further back (two hops) and an edit or hover never waits for more than the
   * slice that was running when it arrived.
   */
  const yieldThen = (fn: () => void) => setImmediate(() => setImmediate(fn));

  /**
   * One-time start-up (IAM catalogue, then a synthetic project through every analysis path so V8
   * has compiled it) runs from `initialize`, one slice per event-loop turn (warm-up.ts: a slice is
   * part of an analysis, or a few catalogue services), pausing while validations are queued. When a document is validated first, the essential steps left (the
   * catalogue) run then, before that analysis' clock starts; the rest goes on afterwards.
   */
  let warmUp: WarmUpStep[] = [];
  const startWarmUp = () => {
    warmUp = warmUpSteps((pr) => makeEngine(pr));
    const next = () => {
      // Real documents first: while validations are queued the warm-up waits (a step already
      // running finishes; steps are short).
      if (pending.size) {
        setTimeout(next, 20);
        return;
      }
      const step = warmUp[0];
      if (!step) {
        // every analysis path is compiled now: keep V8's bytecode for the next start when this one had none (loader.ts)
        const hook = codeCacheHook();
        if (hook?.wanted) {
          const file = hook.write();
          log(file ? `code cache written: ${file}` : 'code cache not written (its folder is not writable)');
        }
        return;
      }
      // one slice per turn; a step with more to do stays first
      if (!step.run() && warmUp[0] === step) warmUp.shift();
      setImmediate(next);
    };
    setImmediate(next);
  };
  const warmUpNow = () => {
    if (!warmUp.some((s) => s.essential)) return;
    for (const s of warmUp) if (s.essential) while (s.run());
    warmUp = warmUp.filter((s) => !s.essential);
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
    // a handler's writes feed other functions of its app (cross/app.ts): their open files are re-published too
    const apps = isCode ? new Set(nearbyConfigFiles(p, project)) : undefined;
    for (const d of documents.all()) {
      if (d.uri === uri) continue;
      const q = uriPaths.get(d.uri) ?? uriToPath(d.uri);
      const qdir = q.slice(0, q.lastIndexOf('/'));
      if (isCode && isConfigCandidate(q) && (dir === qdir || dir.startsWith(qdir + '/'))) out.push(d.uri);
      else if (!isCode && codeKindOf(q) && (qdir === dir || qdir.startsWith(dir + '/'))) out.push(d.uri);
      else if (apps?.size && codeKindOf(q) && nearbyConfigFiles(q, project).some((c) => apps.has(c))) out.push(d.uri);
    }
    return out;
  };

  const revalidateAll = () => {
    fileSettings.clear();
    for (const d of documents.all()) schedule(d.uri);
  };

  /**
   * Editor settings, validated by the settings schema: what is valid applies; the problems are
   * shown once as a window message (again only when they change).
   */
  let lastSettingsProblems = '';
  const applyClientSettings = (raw: unknown) => {
    const { settings, problems } = validateEditorSettings(raw ?? {}, { ruleIds: engine.ruleIds() });
    clientSettings = settings;
    const summary = problems.join('; ');
    if (summary && summary !== lastSettingsProblems) {
      // A notification (not showMessageRequest): nothing to answer, nothing waits on it.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Serverless Guard: invalid settings ignored (the rest apply): ${summary.length > 600 ? summary.slice(0, 600) + '…' : summary}` });
    }
    lastSettingsProblems = summary;
  };

  const pullSettings = async () => {
    if (!hasConfigurationCapability) return;
    try {
      applyClientSettings(await connection.workspace.getConfiguration('serverlessGuard'));
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
    project.setRoots(workspaceRoots);
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init && typeof init === 'object' && init.settings !== undefined) applyClientSettings(init.settings);
    features.setClientCapabilities(caps);
    startWarmUp();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: false },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':'], resolveProvider: false },
        executeCommandProvider: { commands: [COMMANDS.scanWorkspace, COMMANDS.addSecureFunction, COMMANDS.confirmFix] },
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
          project.setRoots(workspaceRoots);
          revalidateAll();
        });
      } catch {
        /* not supported by this client */
      }
    }
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (hasConfigurationCapability) await pullSettings();
    else applyClientSettings((change?.settings as { serverlessGuard?: unknown } | null | undefined)?.serverlessGuard);
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
    finishing.delete(e.document.uri);
    converter.forget(e.document.uri);
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

  /**
   * Confirmable fixes offered by the latest code action requests, by id: the command carries only
   * the id, so a client can ask the server to apply nothing but an edit the server computed; the
   * document version guards against applying an edit to a text that has changed since.
   */
  const pendingConfirms = new Map<string, { uri: string; version: number; title: string; message: string; edit: WorkspaceEdit }>();
  let confirmSeq = 0;
  const confirmCommand = (uri: string, version: number, fix: Fix): { title: string; command: string; arguments: unknown[] } => {
    const id = `c${++confirmSeq}`;
    pendingConfirms.set(id, { uri, version, title: fix.title, message: fix.confirm!.message, edit: fixToEdit(fix) });
    while (pendingConfirms.size > MAX_PENDING_CONFIRMS) pendingConfirms.delete(pendingConfirms.keys().next().value!);
    return { title: fix.title, command: COMMANDS.confirmFix, arguments: [{ id }] };
  };

  const confirmFix = async (args: unknown): Promise<{ applied: boolean; reason?: string }> => {
    const id = args && typeof args === 'object' ? (args as { id?: unknown }).id : undefined;
    const p = typeof id === 'string' ? pendingConfirms.get(id) : undefined;
    if (!p) return { applied: false, reason: 'unknown or expired fix: ask for the code actions again' };
    const doc = documents.get(p.uri);
    if (!doc || doc.version !== p.version) return { applied: false, reason: 'the document changed since the fix was computed: ask for the code actions again' };
    const choice = await connection.window.showWarningMessage(`${p.message} Apply "${p.title}"?`, { title: CONFIRM_APPLY }, { title: CONFIRM_CANCEL });
    if (!choice || choice.title !== CONFIRM_APPLY) return { applied: false, reason: 'cancelled' };
    const now = documents.get(p.uri);
    if (!now || now.version !== p.version) return { applied: false, reason: 'the document changed while the question was open' };
    pendingConfirms.delete(id as string);
    const r = await connection.workspace.applyEdit({ label: p.title, edit: p.edit });
    return r.applied ? { applied: true } : { applied: false, reason: r.failureReason ?? 'the client did not apply the edit' };
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
          if (fix.confirm) {
            // Changes who can call: no edit in the action; its command asks first, then applies.
            actions.push({
              title: fix.title,
              kind: CodeActionKind.QuickFix,
              diagnostics: [diag],
              isPreferred: fix.isPreferred ?? (i === 0 && !fix.placeholder),
              command: confirmCommand(params.textDocument.uri, doc.version, fix),
            });
            return;
          }
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
    if (params.command === COMMANDS.confirmFix) return confirmFix(params.arguments?.[0]);
    if (params.command === COMMANDS.addSecureFunction) {
      // Returns the WorkspaceEdit (config insert + new handler file) for the client to apply.
      const args = params.arguments?.[0] as AddSecureFunctionArgs | undefined;
      // Command arguments cross the same boundary as everything else: a file of the workspace only.
      if (!args || typeof args.uri !== 'string' || !args.uri.startsWith('file:') || project.accessOf(uriToPath(args.uri)) !== 'inside' || !project.roots?.length) {
        return { error: 'Add Secure Function works on a serverless.yml or SAM template inside the open workspace folders.' };
      }
      const res = features.addSecureFunction(args);
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
        result = engine.analyze(p, text, { settings, maxConfigChars: EDITOR_MAX_CONFIG_CHARS, timeBudgetMs, now: clock });
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
