/**
 * Cold open: didOpen → first publishDiagnostics in a fresh `node dist/server.js --stdio`, for a
 * 100-line serverless.yml with two linked handlers (JS and Python) on disk. Measured idle and with
 * five CPU-bound processes beside the server (all six pinned to core 0 with `taskset` when it
 * exists). Used by `npm run bench` (section "cold open"); runnable alone:
 *
 *   npm run build && node --import tsx test/bench/cold-open.ts [runs]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { processCpuMs } from '../helpers/timing';
// @ts-expect-error plain ESM helper without types
import { pinned, startBurners, stopBurners } from '../../scripts/cpu-load.mjs';

const SERVER = path.join(__dirname, '..', '..', 'dist', 'server.js');

/** A 100-line serverless.yml whose two functions point to a JS and a Python handler. */
export function coldProject(): Map<string, string> {
  const files = new Map<string, string>();
  const yml: string[] = [
    'service: cold-open',
    "frameworkVersion: '3'",
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    '  region: eu-west-1',
    '  environment:',
    '    TABLE_NAME: orders',
    '    DB_PASSWORD: Corp123!',
    '  iam:',
    '    role:',
    '      statements:',
    '        - Effect: Allow',
    "          Action: 's3:*'",
    "          Resource: '*'",
    '        - Effect: Allow',
    '          Action:',
    '            - dynamodb:GetItem',
    '            - dynamodb:PutItem',
    "          Resource: !Sub 'arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders'",
    'functions:',
    '  create:',
    '    handler: src/create.handler',
    '    events:',
    '      - http:',
    '          path: orders',
    '          method: post',
    '  report:',
    '    handler: app/report.handler',
    '    runtime: python3.12',
    '    events:',
    "      - httpApi: 'GET /reports/{id}'",
    'resources:',
    '  Resources:',
  ];
  for (let i = 0; yml.length < 96; i++) {
    yml.push(`    Queue${i}:`, '      Type: AWS::SQS::Queue', '      Properties:', `        QueueName: cold-open-${i}`);
  }
  files.set('serverless.yml', yml.join('\n') + '\n');
  const js: string[] = [
    "const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');",
    "const { DynamoDBDocumentClient, PutCommand, GetCommand } = require('@aws-sdk/lib-dynamodb');",
    "const { exec } = require('child_process');",
    'const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
    '',
  ];
  for (let i = 0; i < 8; i++) {
    js.push(`function normalise${i}(v) {`, `  const s = String(v ?? '').trim();`, `  return s.length > ${10 + i} ? s.slice(0, ${10 + i}) : s;`, '}', '');
  }
  js.push(
    'exports.handler = async (event) => {',
    '  const body = JSON.parse(event.body);',
    '  const id = normalise0(body.id);',
    "  await db.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { id, item: normalise1(body.item) } }));",
    "  const got = await db.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { id } }));",
    "  exec('echo ' + body.note);",
    '  return { statusCode: 201, body: JSON.stringify(got.Item) };',
    '};',
  );
  files.set('src/create.js', js.join('\n') + '\n');
  const py: string[] = ['import os', 'import subprocess', 'import boto3', '', 'table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])', ''];
  for (let i = 0; i < 6; i++) py.push(`def clean_${i}(v):`, `    s = str(v or "").strip()`, `    return s[:${10 + i}]`, '', '');
  py.push('def handler(event, context):', '    report_id = clean_0(event["pathParameters"]["id"])', '    subprocess.run("report " + report_id, shell=True)', '    return table.get_item(Key={"id": report_id})');
  files.set('app/report.py', py.join('\n') + '\n');
  return files;
}

export function writeProject(dir: string, files: Map<string, string>): void {
  for (const [rel, text] of files) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
}

export interface OpenRun {
  /** didOpen → first publishDiagnostics (ms, wall). */
  firstMs: number;
  /** The server's CPU time over the same interval (ms, from /proc; NaN elsewhere): what the wall time is on an idle core. */
  cpuMs: number;
  diagnostics: { code?: string | number; message: string; range: unknown; severity?: number }[];
  /** Every publish for the document (codes), in order. */
  publishes: number;
  initializeMs: number;
}

/**
 * Starts a fresh server on `dir` (pinned to `cpu` when given), sends initialize/initialized, waits
 * `openAfterMs`, opens `rel` and resolves with the first publish for it; then waits `settleMs` and
 * counts further publishes for the same version.
 */
export async function openInFreshServer(dir: string, rel: string, opts: { cpu?: number; openAfterMs?: number; settleMs?: number; languageId?: string } = {}): Promise<OpenRun & { all: OpenRun['diagnostics'][] }> {
  const [cmd, args] = pinned(opts.cpu, process.execPath, [SERVER, '--stdio']);
  const proc = spawn(cmd, args, { stdio: 'pipe' });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const uri = pathToFileURL(path.join(dir, rel)).toString();
  const all: OpenRun['diagnostics'][] = [];
  let resolveFirst: (t: number) => void = () => undefined;
  const first = new Promise<number>((r) => (resolveFirst = r));
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: OpenRun['diagnostics'] }) => {
    if (p.uri !== uri) return;
    all.push(p.diagnostics);
    if (all.length === 1) resolveFirst(performance.now());
  });
  conn.onNotification('window/logMessage', () => undefined);
  conn.onRequest('workspace/configuration', (q: { items: unknown[] }) => q.items.map(() => null));
  conn.listen();
  try {
    const rootUri = pathToFileURL(dir).toString();
    const t0 = performance.now();
    await conn.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'ws' }], capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } } });
    const initializeMs = performance.now() - t0;
    await conn.sendNotification('initialized', {});
    if (opts.openAfterMs) await new Promise((r) => setTimeout(r, opts.openAfterMs));
    const text = (await import('node:fs')).readFileSync(path.join(dir, rel), 'utf8');
    const languageId = opts.languageId ?? (rel.endsWith('.py') ? 'python' : rel.endsWith('.js') ? 'javascript' : rel.endsWith('.json') ? 'json' : 'yaml');
    const c1 = processCpuMs(proc.pid) ?? NaN;
    const t1 = performance.now();
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    const timeout = new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`no diagnostics for ${rel} within 120 s\n${stderr}`)), 120_000));
    const tFirst = await Promise.race([first, timeout]);
    const c2 = processCpuMs(proc.pid) ?? NaN;
    if (opts.settleMs) await new Promise((r) => setTimeout(r, opts.settleMs));
    return { firstMs: tFirst - t1, cpuMs: c2 - c1, diagnostics: all[0], publishes: all.length, initializeMs, all };
  } finally {
    conn.dispose();
    proc.kill('SIGKILL');
  }
}

function pct(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export interface ColdOpenFigures {
  idle: number[];
  loaded: number[];
  /** Server CPU ms from didOpen to the first publish (idle runs). */
  cpu: number[];
  diagnostics: number;
}

/** `runs` cold opens idle, then `runs` with five pinned CPU-bound neighbours. */
export async function benchColdOpen(runs = 5, log: (s: string) => void = console.log): Promise<ColdOpenFigures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-cold-open-'));
  try {
    writeProject(dir, coldProject());
    const idle: number[] = [];
    const loaded: number[] = [];
    const cpu: number[] = [];
    let diagnostics = 0;
    for (let i = 0; i < runs; i++) {
      const r = await openInFreshServer(dir, 'serverless.yml');
      idle.push(r.firstMs);
      cpu.push(r.cpuMs);
      diagnostics = r.diagnostics.length;
    }
    const burners = startBurners(5, { cpu: 0 });
    try {
      for (let i = 0; i < runs; i++) loaded.push((await openInFreshServer(dir, 'serverless.yml', { cpu: 0 })).firstMs);
    } finally {
      stopBurners(burners);
    }
    const f = (xs: number[]) => `min ${Math.min(...xs).toFixed(0)} · p50 ${pct(xs, 50).toFixed(0)} · max ${Math.max(...xs).toFixed(0)} ms`;
    log(`cold open (didOpen → first diagnostics, fresh server, 100-line serverless.yml + 2 handlers, ${diagnostics} diagnostics, ${runs} runs each)`);
    log(`  idle:                                   ${f(idle)}`);
    log(`  loaded (5 CPU-bound, taskset -c 0 ×6):  ${f(loaded)}`);
    log(`  server CPU, idle runs (10 ms ticks):    ${f(cpu)}`);
    return { idle, loaded, cpu, diagnostics };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void benchColdOpen(Number(process.argv[2] ?? 5)).then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
