/**
 * VS Code client: starts the bundled language server over Node IPC and adds the few things only
 * VS Code can do (commands, asking for a suppression reason). All analysis happens in the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

declare const SG_E2E_HOOK: boolean;

const REASON_PLACEHOLDER = '<reason>';
let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
let status: StatusItem | undefined;

/**
 * The status-bar item: "analysing" from a change until the server publishes for that document,
 * then the number of Serverless Guard findings in the workspace; a click opens the Problems view.
 */
class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('serverlessGuard.status', vscode.StatusBarAlignment.Left, 10);
  private readonly pending = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.item.name = 'Serverless Guard';
    this.item.command = 'workbench.actions.view.problems';
    this.subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      for (const uri of e.uris) this.pending.delete(uri.toString());
      this.render();
    });
    this.render();
    this.item.show();
  }

  analysing(uri: vscode.Uri): void {
    this.pending.add(uri.toString());
    this.render();
  }

  private render(): void {
    let errors = 0;
    let others = 0;
    for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
      for (const d of diagnostics) {
        if (d.source !== 'serverless-guard') continue;
        if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
        else others++;
      }
    }
    const busy = this.pending.size > 0;
    this.item.text = `${busy ? '$(sync~spin)' : '$(shield)'} ${errors + others}`;
    this.item.tooltip = busy
      ? 'Serverless Guard: analysing…'
      : `Serverless Guard: ${errors} error(s), ${others} warning(s) and info in the workspace. Click to open the Problems view.`;
    this.item.backgroundColor = errors ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  // the server keeps V8's compiled code of its bundle for the next start in the extension's storage (server/src/lsp/loader.ts)
  const cacheDir = context.globalStorageUri?.fsPath;
  const env = cacheDir ? { ...process.env, SERVERLESS_GUARD_CACHE_DIR: cacheDir } : process.env;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const selector = ['file', 'untitled'].flatMap((scheme) => [
    { scheme, language: 'yaml' },
    { scheme, language: 'json' },
    { scheme, language: 'jsonc' },
    { scheme, language: 'javascript' },
    { scheme, language: 'javascriptreact' },
    { scheme, language: 'typescript' },
    { scheme, language: 'typescriptreact' },
    { scheme, language: 'python' },
    { scheme, pattern: '**/*.template' },
  ]);
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    outputChannel: output,
    synchronize: {
      configurationSection: 'serverlessGuard',
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/.serverless-guard.yml'),
        vscode.workspace.createFileSystemWatcher('**/*.{yml,yaml,json,js,mjs,cjs,ts,py}'),
      ],
    },
    middleware: {
      didOpen: (document, next) => {
        status?.analysing(document.uri);
        return next(document);
      },
      didChange: (event, next) => {
        status?.analysing(event.document.uri);
        return next(event);
      },
      // "Ignore <rule> here…" needs a reason: ask for it instead of inserting a placeholder.
      provideCodeActions: async (document, range, ctx, token, next) => {
        const actions = await next(document, range, ctx, token);
        if (!actions) return actions;
        for (const a of actions) {
          if (!(a instanceof vscode.CodeAction) || !a.edit || !a.title.startsWith('Ignore ')) continue;
          const edits = a.edit.entries();
          if (!edits.some(([, es]) => es.some((e) => e.newText.includes(REASON_PLACEHOLDER)))) continue;
          const edit = a.edit;
          a.edit = undefined;
          a.command = { title: a.title, command: 'serverlessGuard.ignoreWithReason', arguments: [edit] };
        }
        // An edit + a follow-up command (the put-parameter hand-over): VS Code applies the edit,
        // the change disposes the action list, and the command (its arguments are held by that
        // list) is gone before it runs ("Actual command not found", seen in code-server 4.139 /
        // VS Code 1.139 by test/e2e/fixes.test.mjs). One command that applies the edit, then
        // hands over, runs before anything changes.
        for (const a of actions) {
          if (!(a instanceof vscode.CodeAction) || !a.edit || a.command?.command !== 'serverlessGuard.afterFix') continue;
          a.command = { title: a.title, command: 'serverlessGuard.applyFix', arguments: [a.edit, a.command.arguments?.[0]] };
          a.edit = undefined;
        }
        return actions;
      },
    },
  };
  return new LanguageClient('serverlessGuard', 'Serverless Guard', serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Serverless Guard', { log: true });
  context.subscriptions.push(output);
  client = createClient(context);
  status = new StatusItem();
  context.subscriptions.push(status);

  // A diagnostic's rule link points at the rule page shipped in the extension (any LSP client can
  // open it): in VS Code show it rendered, not as Markdown source.
  const rulesDir = path.join(context.extensionPath, 'rules') + path.sep;
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(async (editor) => {
      const uri = editor?.document.uri;
      if (!uri || uri.scheme !== 'file' || !uri.fsPath.startsWith(rulesDir) || !uri.fsPath.endsWith('.md')) return;
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    }),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand('serverlessGuard.scanWorkspace', async () => {
      if (!client) return;
      const res = (await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Serverless Guard: scanning workspace' },
        () => client!.sendRequest('workspace/executeCommand', { command: 'serverlessGuard.server.scanWorkspace', arguments: [] }),
      )) as { files: number; findings: number } | null;
      if (res) void vscode.window.showInformationMessage(`Serverless Guard: ${res.findings} finding(s) in ${res.files} file(s). See the Problems panel.`);
    }),
    vscode.commands.registerCommand('serverlessGuard.restartServer', async () => {
      if (!client) return;
      output?.appendLine('Restarting the Serverless Guard server…');
      await client.restart();
    }),
    vscode.commands.registerCommand('serverlessGuard.showOutput', () => output?.show(true)),
    // After a fix that moved a secret out of a file: the command that stores it goes to the
    // clipboard only (it holds the secret), never to the screen or the output channel.
    vscode.commands.registerCommand('serverlessGuard.afterFix', afterFix),
    vscode.commands.registerCommand('serverlessGuard.applyFix', async (edit: vscode.WorkspaceEdit, after?: { message?: string; copyText?: string }) => {
      // Only edits of open documents or files inside the workspace folders (a command link could pass any).
      const isOpen = (u: vscode.Uri) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === u.toString());
      if (!(edit instanceof vscode.WorkspaceEdit) || edit.entries().some(([uri]) => !isOpen(uri) && !isWorkspaceUri(uri.toString()))) return false;
      if (!(await vscode.workspace.applyEdit(edit))) return false;
      await afterFix(after);
      return true;
    }),
    vscode.commands.registerCommand('serverlessGuard.addSecureFunction', (args?: Partial<AddFunctionArgs>) => addSecureFunction(args)),
    vscode.commands.registerCommand('serverlessGuard.ignoreWithReason', async (edit: vscode.WorkspaceEdit, reasonArg?: string) => {
      // Only edits of open documents or files inside the workspace folders (a command link could pass any).
      const isOpen = (u: vscode.Uri) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === u.toString());
      if (!(edit instanceof vscode.WorkspaceEdit) || edit.entries().some(([uri]) => !isOpen(uri) && !isWorkspaceUri(uri.toString()))) return false;
      const reason =
        reasonArg ??
        (await vscode.window.showInputBox({
          title: 'Serverless Guard: why is this finding acceptable?',
          prompt: 'The reason is kept next to the suppression for reviewers.',
          validateInput: (v) => (v.trim().length < 3 ? 'A reason is required.' : undefined),
        }));
      if (!reason || reason.trim().length < 3) return false;
      const withReason = new vscode.WorkspaceEdit();
      for (const [uri, edits] of edit.entries()) {
        for (const e of edits) withReason.replace(uri, e.range, e.newText.split(REASON_PLACEHOLDER).join(reason.trim()));
      }
      return vscode.workspace.applyEdit(withReason);
    }),
  );

  await client.start();
  output.appendLine(`Serverless Guard started (workspace trust: ${vscode.workspace.isTrusted ? 'trusted' : 'restricted'}; the extension never executes workspace code).`);

  // End-to-end test builds only: run a test module inside this extension host.
  if (typeof SG_E2E_HOOK !== 'undefined' && SG_E2E_HOOK && process.env.SERVERLESS_GUARD_E2E_MODULE) {
    const file = process.env.SERVERLESS_GUARD_E2E_MODULE;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as { run(v: typeof vscode, c: vscode.ExtensionContext): Promise<unknown> };
    void mod.run(vscode, context).catch((e: unknown) => output?.appendLine(`e2e module failed: ${(e as Error)?.stack ?? e}`));
  }
}

/** After a fix that moved a secret out of a file: offers to copy the command that stores it. */
async function afterFix(args?: { message?: string; copyText?: string }): Promise<void> {
  if (!args?.message || !args.copyText) return;
  const copy = args.copyText.startsWith('aws ssm put-parameter') ? 'Copy the put-parameter command' : 'Copy the command';
  if ((await vscode.window.showInformationMessage(args.message, copy)) === copy) await vscode.env.clipboard.writeText(args.copyText);
}

interface AddFunctionArgs {
  uri: string;
  name: string;
  trigger: string;
  language: string;
  table: string;
}

const isSamText = (t: string) => t.includes('AWS::Serverless-2016-10-31');
const isServerlessName = (p: string) => /(^|[\\/])serverless\.ya?ml$/i.test(p);

/** The config to add to: the only serverless.yml / SAM template of the workspace, else the one the user picks (the active one first). */
async function pickConfig(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  const activeIsConfig = !!active && (isServerlessName(active.uri.fsPath) || isSamText(active.getText()));
  const found = await vscode.workspace.findFiles('**/{serverless.yml,serverless.yaml,template.yml,template.yaml}', '**/{node_modules,.serverless,.aws-sam,cdk.out}/**', 50);
  const configs: vscode.Uri[] = activeIsConfig ? [active.uri] : [];
  for (const uri of found) {
    if (configs.some((c) => c.toString() === uri.toString())) continue;
    if (isServerlessName(uri.fsPath)) configs.push(uri);
    else if (isSamText(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'))) configs.push(uri);
  }
  if (configs.length <= 1) return configs[0];
  const pick = await vscode.window.showQuickPick(
    configs.map((uri, i) => ({ label: vscode.workspace.asRelativePath(uri), description: i === 0 && activeIsConfig ? 'current file' : undefined, uri })),
    { title: 'Serverless Guard: add the function to which file?' },
  );
  return pick?.uri;
}

/** A `file:` URI string inside one of the open workspace folders (never `file:///etc/passwd`). */
function isWorkspaceUri(uri: unknown): boolean {
  if (typeof uri !== 'string' || uri.length > 4096) return false;
  let parsed: vscode.Uri;
  try {
    parsed = vscode.Uri.parse(uri, true);
  } catch {
    return false;
  }
  if (parsed.scheme !== 'file') return false;
  const folder = vscode.workspace.getWorkspaceFolder(parsed);
  if (!folder) return false;
  const rel = vscode.workspace.asRelativePath(parsed, false);
  return !rel.split(/[\\/]/).includes('..');
}

/** "Add Secure Function…": asks for name, trigger and runtime; the server builds one WorkspaceEdit. */
async function addSecureFunction(args: Partial<AddFunctionArgs> = {}): Promise<boolean> {
  if (!client) return false;
  if (args.uri !== undefined && !isWorkspaceUri(args.uri)) {
    // A command link (from a document, a task, another extension) may name any file: only files of
    // an open workspace folder are accepted, as everywhere else (the server checks again).
    void vscode.window.showErrorMessage('Serverless Guard: Add Secure Function works on a serverless.yml or SAM template inside the open workspace folders.');
    return false;
  }
  const uri = args.uri ?? (await pickConfig())?.toString();
  if (!uri) {
    void vscode.window.showWarningMessage('Serverless Guard: open a serverless.yml or an AWS SAM template first.');
    return false;
  }
  const name =
    args.name ??
    (await vscode.window.showInputBox({
      title: 'Serverless Guard: Add Secure Function (1/3)',
      prompt: 'Function name (letters and digits, e.g. createOrder)',
      validateInput: (v) => (/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(v) ? undefined : 'Letters and digits only, starting with a letter.'),
    }));
  if (!name) return false;
  const trigger =
    args.trigger ??
    (
      await vscode.window.showQuickPick(
        [
          { label: 'HTTP API', description: 'JWT authorizer with scopes', value: 'http-api' },
          { label: 'REST API', description: 'Cognito authorizer + request body validation', value: 'rest-api' },
          { label: 'SQS queue', description: 'partial batch failures + dead-letter queue', value: 'sqs' },
          { label: 'Function URL', description: 'IAM (SigV4) authentication', value: 'function-url' },
        ],
        { title: 'Serverless Guard: Add Secure Function (2/3): trigger' },
      )
    )?.value;
  if (!trigger) return false;
  const language =
    args.language ??
    (
      await vscode.window.showQuickPick(
        [
          { label: 'TypeScript', description: 'nodejs20.x', value: 'typescript' },
          { label: 'JavaScript', description: 'nodejs20.x (ES module)', value: 'javascript' },
          { label: 'Python', description: 'python3.12', value: 'python' },
        ],
        { title: 'Serverless Guard: Add Secure Function (3/3): runtime' },
      )
    )?.value;
  if (!language) return false;
  type Answer = { edit?: unknown; handlerUri?: string; error?: string; chooseTable?: { tables: string[]; suggested: string } } | null;
  const ask = (table?: string) => client!.sendRequest('workspace/executeCommand', { command: 'serverlessGuard.server.addSecureFunction', arguments: [{ uri, name, trigger, language, table }] }) as Promise<Answer>;
  let res = await ask(args.table);
  if (res?.chooseTable) {
    // The file already has tables: use one of them, or create the one the name suggests.
    const { tables, suggested } = res.chooseTable;
    const pick = await vscode.window.showQuickPick(
      [{ label: `$(add) Create ${suggested}`, table: suggested }, ...tables.map((t) => ({ label: t, description: 'existing table', table: t }))],
      { title: 'Serverless Guard: Add Secure Function: which DynamoDB table does it use?' },
    );
    if (!pick) return false;
    res = await ask(pick.table);
  }
  if (!res?.edit) {
    void vscode.window.showErrorMessage(`Serverless Guard: ${res?.error ?? 'could not add the function.'}`);
    return false;
  }
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(res.edit as Parameters<LanguageClient['protocol2CodeConverter']['asWorkspaceEdit']>[0]);
  if (!edit || !(await vscode.workspace.applyEdit(edit))) return false;
  if (res.handlerUri) await vscode.window.showTextDocument(vscode.Uri.parse(res.handlerUri), { preview: false });
  return true;
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
