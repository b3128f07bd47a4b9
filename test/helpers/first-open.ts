/**
 * First-open correctness: a config opened in a fresh language server shortly after `initialize`
 * (as when a user opens a file right after the window loads) must get, in its *first* publish,
 * exactly the diagnostics a complete analysis gives — no partial set, no `analysis-timeout` —
 * whatever else runs on the machine. Shared by test/protocol/first-open.test.ts (under whatever
 * load the suite runs with; `npm run test:loaded` adds five CPU-bound processes) and
 * scripts/loaded-open.ts (one fresh server per file, five CPU-bound processes, all six pinned to
 * one core).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createEngine } from '../../server/src/engine/create';
import { EDITOR_MAX_CONFIG_CHARS, isConfigCandidate } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import { CONFIG_FILE_NAME, mergeSettings, parseSettings } from '../../server/src/engine/settings';
import { LineIndex } from '../../server/src/engine/text';
import { diskSource } from '../../server/src/shell/disk';
import { mightBeConfig } from '../../server/src/cli/scan';

export const REPO = path.join(__dirname, '..', '..');
export const SERVER = path.join(REPO, 'dist', 'server.js');
/** When the file is opened, after `initialize` (ms). */
export const OPEN_AFTER_MS = 1_500;

/** Every example and fixture config of the repository (absolute paths). */
export function repoConfigs(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'node_modules') walk(p);
      } else if (isConfigCandidate(p) && name !== 'package.json' && mightBeConfig(p, readFileSync(p, 'utf8'))) out.push(p);
    }
  };
  for (const d of ['examples', 'test/fixtures', 'test/e2e/fixtures']) walk(path.join(REPO, d));
  return out;
}

/**
 * A ~1,100-line SAM template of a deliberately vulnerable serverless shop (generated: the public
 * one this stands in for, OWASP DVSA's template.yml, is GPL-3.0 and is not copied into this MIT
 * repository). 28 functions with inline policies (wildcard actions and resources, PassRole),
 * hardcoded secrets in environment variables, API events without authorizers, function URLs,
 * resource policies open to `*`, and three Python handlers on disk. Written into `dir`; returns
 * the template's path.
 */
export function writeVulnerableSam(dir: string): string {
  const L: string[] = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    'Description: A deliberately vulnerable serverless shop (test input)',
    'Parameters:',
    '  Stage:',
    '    Type: String',
    '    Default: dev',
    '  DbPassword:',
    '    Type: String',
    '    Default: Sup3rS3cretPassw0rd!',
    'Globals:',
    '  Function:',
    '    Runtime: python3.12',
    '    Timeout: 30',
    '    MemorySize: 256',
    '    Environment:',
    '      Variables:',
    '        ORDERS_TABLE: !Ref OrdersTable',
    '        STAGE: !Ref Stage',
    'Resources:',
  ];
  const verbs = ['Create', 'Get', 'Update', 'Delete', 'List', 'Pay', 'Ship', 'Refund', 'Admin', 'Report', 'Notify', 'Feedback', 'Cart', 'Billing'];
  for (let i = 0; i < 28; i++) {
    const name = `${verbs[i % verbs.length]}${i < verbs.length ? 'Order' : 'Item'}Function`;
    const linked = i < 3;
    L.push(
      `  ${name}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      `      FunctionName: !Sub 'shop-${i}-\${Stage}'`,
      `      CodeUri: ${linked ? `src/fn${i}/` : `backend/fn${i}/`}`,
      '      Handler: app.handler',
      '      Environment:',
      '        Variables:',
      `          API_KEY: ${i % 4 === 0 ? `sk_live_${'4eC39HqLyjWDarjtT1zdp7dc'.slice(0, 16)}${i}x` : `'{{resolve:ssm:/shop/key-${i}}}'`}`,
      `          DB_PASSWORD: ${i % 3 === 0 ? 'Tr0ub4dor&3-shop' : '!Ref DbPassword'}`,
      '      Policies:',
      '        - Version: 2012-10-17',
      '          Statement:',
      '            - Effect: Allow',
      `              Action: ${i % 2 === 0 ? "'*'" : "'dynamodb:*'"}`,
      "              Resource: '*'",
      '            - Effect: Allow',
      '              Action:',
      '                - iam:PassRole',
      '                - lambda:InvokeFunction',
      `              Resource: ${i % 5 === 0 ? "'*'" : "!Sub 'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:shop-*'"}`,
      `        - S3${i % 2 ? 'Read' : 'Crud'}Policy:`,
      `            BucketName: ${i % 3 === 1 ? "'*'" : '!Ref ReceiptsBucket'}`,
      '      Events:',
      '        Api:',
      '          Type: Api',
      '          Properties:',
      `            Path: /order/${i}`,
      `            Method: ${i % 2 ? 'post' : 'get'}`,
      ...(i % 7 === 3 ? ['      FunctionUrlConfig:', '        AuthType: NONE'] : []),
      '',
    );
  }
  L.push(
    '  OrdersTable:',
    '    Type: AWS::DynamoDB::Table',
    '    Properties:',
    '      BillingMode: PAY_PER_REQUEST',
    '      AttributeDefinitions:',
    '        - AttributeName: id',
    '          AttributeType: S',
    '      KeySchema:',
    '        - AttributeName: id',
    '          KeyType: HASH',
    '  ReceiptsBucket:',
    '    Type: AWS::S3::Bucket',
    '  ReceiptsBucketPolicy:',
    '    Type: AWS::S3::BucketPolicy',
    '    Properties:',
    '      Bucket: !Ref ReceiptsBucket',
    '      PolicyDocument:',
    '        Statement:',
    '          - Effect: Allow',
    "            Principal: '*'",
    '            Action: s3:GetObject',
    "            Resource: !Sub '${ReceiptsBucket.Arn}/*'",
    '  AdminInvokePermission:',
    '    Type: AWS::Lambda::Permission',
    '    Properties:',
    '      Action: lambda:InvokeFunction',
    '      FunctionName: !Ref AdminOrderFunction',
    "      Principal: '*'",
    '  OrdersQueue:',
    '    Type: AWS::SQS::Queue',
    '  OrdersQueuePolicy:',
    '    Type: AWS::SQS::QueuePolicy',
    '    Properties:',
    '      Queues: [!Ref OrdersQueue]',
    '      PolicyDocument:',
    '        Statement:',
    '          - Effect: Allow',
    "            Principal: '*'",
    '            Action: sqs:*',
    '            Resource: !GetAtt OrdersQueue.Arn',
  );
  // Plain resources up to ~1,100 lines, as a real shop template has.
  for (let i = 0; L.length < 1_090; i++) {
    L.push(`  AuditTopic${i}:`, '    Type: AWS::SNS::Topic', '    Properties:', `      TopicName: !Sub 'shop-audit-${i}-\${Stage}'`);
  }
  L.push('Outputs:', '  Api:', "    Value: !Sub 'https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/'");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'template.yaml');
  writeFileSync(file, L.join('\n') + '\n');
  for (let i = 0; i < 3; i++) {
    mkdirSync(path.join(dir, 'src', `fn${i}`), { recursive: true });
    writeFileSync(
      path.join(dir, 'src', `fn${i}`, 'app.py'),
      [
        'import os, json, subprocess, pickle, base64',
        'import boto3',
        '',
        'table = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])',
        's3 = boto3.client("s3")',
        '',
        'def handler(event, context):',
        '    body = json.loads(event["body"])',
        '    order_id = event["pathParameters"]["id"] if event.get("pathParameters") else body["id"]',
        '    subprocess.run("convert " + body["file"], shell=True)',
        '    obj = pickle.loads(base64.b64decode(body["blob"]))',
        '    s3.get_object(Bucket="receipts", Key=body["key"])',
        '    table.put_item(Item={"id": order_id, "obj": str(obj)})',
        `    return {"statusCode": 200, "body": json.dumps({"fn": ${i}})}`,
        '',
      ].join('\n'),
    );
  }
  return file;
}

/** A diagnostic as a comparable line. */
export type Diag = { code?: string | number; message: string; severity?: number; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
export const diagKey = (d: Diag): string => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} s${d.severity} ${d.message}`;
const SEVERITY = { error: 1, warning: 2, info: 3 } as const;

/**
 * What a complete analysis gives for `file` with `root` as the workspace folder: the engine in
 * this process, with no time budget and the server's settings (the folder's
 * .serverless-guard.yml) and editor size limit, as diagnostics keys.
 */
export async function referenceKeys(file: string, root: string): Promise<string[]> {
  const { makeEngine } = await createEngine();
  // The server's view: the workspace folder is the boundary (references outside it are not read).
  const project = new Project(diskSource(4 * 1024 * 1024), { roots: [root] });
  const engine = makeEngine(project, () => root);
  const settingsText = project.readFile(`${root}/${CONFIG_FILE_NAME}`);
  const settings = mergeSettings(settingsText ? parseSettings(settingsText).settings : mergeSettings(), { rules: {}, ignorePaths: [] });
  const text = readFileSync(file, 'utf8');
  project.setOpen(file, text, 1);
  const r = engine.analyze(file, text, { settings, maxConfigChars: EDITOR_MAX_CONFIG_CHARS, timeBudgetMs: Number.POSITIVE_INFINITY });
  if (r.pending?.length) throw new Error(`reference analysis of ${file} incomplete`);
  const lines = new LineIndex(text);
  return r.findings.map((f) => diagKey({ code: f.ruleId, message: f.message, severity: SEVERITY[f.severity], range: lines.range(f.range) })).sort();
}

export interface FirstOpen {
  file: string;
  /** didOpen → first publish (ms, wall). */
  ms: number;
  keys: string[];
  /** Publishes for version 1 seen until the server was stopped. */
  publishes: number;
}

/**
 * Starts a fresh `dist/server.js` (pinned to `cpu` when given, with taskset), initialises it with
 * `root` as the workspace folder, waits `openAfterMs`, opens every file at once and returns each
 * file's first publish.
 */
export async function openFresh(root: string, files: string[], opts: { cpu?: number; openAfterMs?: number; settleMs?: number } = {}): Promise<FirstOpen[]> {
  const useTaskset = opts.cpu !== undefined && process.platform === 'linux';
  const args = [SERVER, '--stdio'];
  const proc = useTaskset ? spawn('taskset', ['-c', String(opts.cpu), process.execPath, ...args], { stdio: 'pipe' }) : spawn(process.execPath, args, { stdio: 'pipe' });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const uris = new Map(files.map((f) => [pathToFileURL(f).toString(), f]));
  const got = new Map<string, { at: number; diagnostics: Diag[]; count: number }>();
  let waiting: (() => void) | undefined;
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: Diag[] }) => {
    if (!uris.has(p.uri)) return;
    const prev = got.get(p.uri);
    if (prev) prev.count++;
    else got.set(p.uri, { at: performance.now(), diagnostics: p.diagnostics, count: 1 });
    if (got.size === uris.size) waiting?.();
  });
  conn.onNotification('window/logMessage', () => undefined);
  conn.onRequest('workspace/configuration', (q: { items: unknown[] }) => q.items.map(() => null));
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  try {
    const rootUri = pathToFileURL(root).toString();
    await conn.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'ws' }], capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } }, workspace: { configuration: true } } });
    await conn.sendNotification('initialized', {});
    await new Promise((r) => setTimeout(r, opts.openAfterMs ?? OPEN_AFTER_MS));
    const opened = new Map<string, number>();
    const all = new Promise<void>((resolve) => {
      waiting = resolve;
      if (got.size === uris.size) resolve();
    });
    for (const [uri, file] of uris) {
      const languageId = file.endsWith('.json') ? 'json' : 'yaml';
      opened.set(uri, performance.now());
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: readFileSync(file, 'utf8') } });
    }
    // Liveness only: a server that never answers fails here instead of hanging.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no first publish for some files within 10 min\n${stderr.slice(-2000)}`)), 600_000)))]);
    clearTimeout(timer);
    if (opts.settleMs) await new Promise((r) => setTimeout(r, opts.settleMs));
    return [...uris].map(([uri, file]) => {
      const g = got.get(uri)!;
      return { file, ms: g.at - opened.get(uri)!, keys: g.diagnostics.map(diagKey).sort(), publishes: g.count };
    });
  } finally {
    conn.dispose();
    proc.kill('SIGKILL');
  }
}

/** Lines that differ between a first publish and the reference (empty when equal). */
export function differences(first: string[], reference: string[]): string[] {
  const a = new Set(first);
  const b = new Set(reference);
  return [...reference.filter((k) => !a.has(k)).map((k) => `missing: ${k}`), ...first.filter((k) => !b.has(k)).map((k) => `extra:   ${k}`)];
}
