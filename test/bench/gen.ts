/**
 * Deterministic generators for big, realistic configs (benchmarks and the incremental-parse tests):
 *   serverlessYml({ functions: 300 })  ≈ 4,000 lines, one block per function under `functions:`
 *   samTemplate({ functions: 170 })    ≈ 4,000 lines, AWS::Serverless::Function resources + tables/queues
 * The same seed always gives the same text. A mix of constructs appears on purpose: comments,
 * quoted and block scalars, flow sequences, `${...}` variables, CloudFormation short-form tags,
 * IAM statements (some overbroad, so rules have something to report).
 */

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VERBS = ['get', 'list', 'create', 'update', 'delete', 'process', 'sync', 'export', 'import', 'notify'];
const NOUNS = ['User', 'Order', 'Invoice', 'Report', 'Payment', 'Session', 'Product', 'Cart', 'Ticket', 'Audit'];
const METHODS = ['get', 'post', 'put', 'delete', 'patch'];
const ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 's3:GetObject', 's3:PutObject', 'sqs:SendMessage', 'sns:Publish', 'logs:CreateLogStream', 'xray:PutTraceSegments', 'kms:Decrypt'];
const BROAD = ['dynamodb:*', 's3:Get*', '*', 'sqs:*', 'iam:PassRole'];

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)];
}

export interface GenOptions {
  functions?: number;
  seed?: number;
}

/** A serverless.yml; with the defaults (300 functions) about 4,000 lines. */
export function serverlessYml(opts: GenOptions = {}): string {
  const n = opts.functions ?? 300;
  const rnd = mulberry32(opts.seed ?? 42);
  const out: string[] = [];
  out.push(
    '# Generated benchmark service: many functions, shared and per-function IAM.',
    'service: bench-orders',
    '',
    "frameworkVersion: '3'",
    '',
    'plugins:',
    '  - serverless-iam-roles-per-function',
    '  - serverless-offline',
    '',
    'custom:',
    '  tableName: ${self:service}-${sls:stage}-table',
    '  bucketName: "${self:service}-${sls:stage}-uploads"',
    '  queueUrl: !Ref OrdersQueue',
    '',
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    '  region: ${opt:region, "us-east-1"}',
    '  stage: ${opt:stage, "dev"}',
    '  memorySize: 512',
    '  environment:',
    '    TABLE_NAME: ${self:custom.tableName}',
    "    LOG_LEVEL: 'info'",
    '  iam:',
    '    role:',
    '      statements:',
    '        - Effect: Allow',
    '          Action:',
    '            - dynamodb:GetItem',
    '            - dynamodb:Query',
    '          Resource: !GetAtt OrdersTable.Arn',
    '        - Effect: Allow',
    "          Action: 's3:*'",
    "          Resource: '*'",
    '        - Effect: Allow',
    '          Action: [xray:PutTraceSegments, xray:PutTelemetryRecords]',
    "          Resource: '*'",
    '',
    'functions:',
  );
  for (let i = 0; i < n; i++) {
    const name = `${pick(rnd, VERBS)}${pick(rnd, NOUNS)}${String(i).padStart(3, '0')}`;
    if (i % 25 === 0) out.push(`  # --- group ${i / 25} ---`);
    out.push(`  ${name}:`);
    out.push(`    handler: src/handlers/${name}.handler`);
    if (rnd() < 0.3) out.push('    runtime: nodejs18.x');
    if (rnd() < 0.6) out.push(`    memorySize: ${pick(rnd, [128, 256, 512, 1024])}`);
    if (rnd() < 0.5) out.push(`    timeout: ${Math.floor(rnd() * 29) + 1}`);
    const d = rnd();
    if (d < 0.5) out.push(`    description: Handles ${name} requests # owner: team-${i % 7}`);
    else if (d < 0.7) out.push(`    description: "Handles ${name}: quoted, with a colon"`);
    else if (d < 0.8) out.push('    description: >', `      Folded description for ${name},`, '      spanning two lines.');
    out.push('    environment:');
    out.push(`      FUNCTION_ID: '${name}'`);
    if (rnd() < 0.5) out.push('      QUEUE_URL: ${self:custom.queueUrl}');
    if (rnd() < 0.3) out.push(`      API_KEY: \${ssm:/bench/\${sls:stage}/api-key-${i}}`);
    out.push('    events:');
    out.push('      - http:');
    out.push(`          path: ${name.toLowerCase()}/{id}`);
    out.push(`          method: ${pick(rnd, METHODS)}`);
    if (rnd() < 0.5) out.push('          cors: true');
    if (rnd() < 0.25) out.push('      - sqs:', '          arn: !GetAtt OrdersQueue.Arn', `          batchSize: ${1 + Math.floor(rnd() * 10)}`);
    if (i % 5 === 0) {
      out.push('    iamRoleStatements:');
      out.push('      - Effect: Allow');
      const broad = pick(rnd, BROAD);
      out.push(`        Action: ${rnd() < 0.5 ? (broad === '*' ? "'*'" : broad) : `[${pick(rnd, ACTIONS)}, ${pick(rnd, ACTIONS)}]`}`);
      out.push(`        Resource: ${rnd() < 0.5 ? "'*'" : '!GetAtt OrdersTable.Arn'}`);
    }
    if (rnd() < 0.1) out.push('    url: true');
  }
  out.push(
    '',
    'resources:',
    '  Resources:',
    '    OrdersTable:',
    '      Type: AWS::DynamoDB::Table',
    '      Properties:',
    '        TableName: ${self:custom.tableName}',
    '        BillingMode: PAY_PER_REQUEST',
    '        AttributeDefinitions:',
    '          - AttributeName: pk',
    '            AttributeType: S',
    '        KeySchema:',
    '          - AttributeName: pk',
    '            KeyType: HASH',
    '    OrdersQueue:',
    '      Type: AWS::SQS::Queue',
    '    OrdersQueuePolicy:',
    '      Type: AWS::SQS::QueuePolicy',
    '      Properties:',
    '        Queues: [!Ref OrdersQueue]',
    '        PolicyDocument:',
    '          Statement:',
    '            - Effect: Allow',
    "              Principal: '*'",
    '              Action: sqs:SendMessage',
    '              Resource: !GetAtt OrdersQueue.Arn',
    '',
  );
  return out.join('\n');
}

/** A SAM template; with the defaults (170 functions) about 4,000 lines. */
export function samTemplate(opts: GenOptions = {}): string {
  const n = opts.functions ?? 170;
  const rnd = mulberry32(opts.seed ?? 7);
  const out: string[] = [];
  out.push(
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    'Description: >',
    '  Generated benchmark SAM application.',
    '',
    'Globals:',
    '  Function:',
    '    Runtime: python3.12',
    '    Timeout: 10',
    '    Environment:',
    '      Variables:',
    '        TABLE: !Ref DataTable',
    '',
    'Parameters:',
    '  Stage:',
    '    Type: String',
    '    Default: dev',
    '',
    'Resources:',
  );
  for (let i = 0; i < n; i++) {
    const name = `${pick(rnd, NOUNS)}${pick(rnd, ['Handler', 'Worker', 'Api', 'Job'])}${String(i).padStart(3, '0')}`;
    if (i % 20 === 0) out.push(`  # ===== section ${i / 20} =====`);
    out.push(`  ${name}:`);
    out.push('    Type: AWS::Serverless::Function');
    out.push('    Properties:');
    out.push(`      CodeUri: src/${name.toLowerCase()}/`);
    out.push('      Handler: app.lambda_handler');
    out.push(`      MemorySize: ${pick(rnd, [128, 256, 512])}`);
    out.push('      Environment:');
    out.push('        Variables:');
    out.push(`          NAME: ${name}`);
    out.push('          QUEUE: !GetAtt WorkQueue.QueueName');
    out.push('      Policies:');
    const r = rnd();
    if (r < 0.3) out.push('        - DynamoDBCrudPolicy:', '            TableName: !Ref DataTable');
    else if (r < 0.4) out.push("        - DynamoDBReadPolicy:", "            TableName: '*'");
    else if (r < 0.5) out.push('        - AmazonS3FullAccess');
    out.push('        - Statement:');
    out.push('            - Effect: Allow');
    out.push(`              Action: ${rnd() < 0.3 ? pick(rnd, ['s3:Get*', 'dynamodb:*', "'*'"]) : pick(rnd, ACTIONS)}`);
    out.push(`              Resource: ${rnd() < 0.4 ? "'*'" : '!Sub arn:aws:s3:::bucket-${Stage}/*'}`);
    out.push('      Events:');
    out.push('        Api:');
    out.push('          Type: Api');
    out.push('          Properties:');
    out.push(`            Path: /${name.toLowerCase()}`);
    out.push(`            Method: ${pick(rnd, METHODS)}`);
    if (rnd() < 0.3) out.push('        Queue:', '          Type: SQS', '          Properties:', '            Queue: !GetAtt WorkQueue.Arn', `            BatchSize: ${1 + Math.floor(rnd() * 10)}`);
  }
  out.push(
    '  DataTable:',
    '    Type: AWS::Serverless::SimpleTable',
    '  WorkQueue:',
    '    Type: AWS::SQS::Queue',
    '  AppRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: {Service: lambda.amazonaws.com}',
    '            Action: sts:AssumeRole',
    '      ManagedPolicyArns:',
    '        - arn:aws:iam::aws:policy/AdministratorAccess',
    '',
    'Outputs:',
    '  TableName:',
    '    Value: !Ref DataTable',
    '',
  );
  return out.join('\n');
}

/** Offsets of every function block's body (for edits "inside function blocks"). */
export function functionBlockSpans(text: string, parentKeyLine: RegExp, entryIndent: number): { start: number; end: number }[] {
  const lines = text.split('\n');
  const spans: { start: number; end: number }[] = [];
  let off = 0;
  let inside = false;
  let cur: { start: number; end: number } | undefined;
  const prefix = ' '.repeat(entryIndent);
  for (const line of lines) {
    const lineStart = off;
    off += line.length + 1;
    if (parentKeyLine.test(line)) {
      inside = true;
      continue;
    }
    if (!inside) continue;
    if (line.length && !line.startsWith(' ') && !line.startsWith('#')) {
      inside = false;
      if (cur) spans.push(cur);
      cur = undefined;
      continue;
    }
    if (line.startsWith(prefix) && line.length > entryIndent && line[entryIndent] !== ' ' && line[entryIndent] !== '#') {
      if (cur) spans.push(cur);
      cur = { start: lineStart, end: lineStart + line.length };
    } else if (cur && line.trim().length) cur.end = lineStart + line.length;
  }
  if (cur) spans.push(cur);
  return spans;
}

// ---------------------------------------------------------------------------------------------
// Handler code: one big handler for the LSP bench, and small projects for the CLI throughput bench.

export type HandlerLang = 'js' | 'ts' | 'py';

/**
 * A handler of about `targetLines` lines (default 2,000) in JavaScript, TypeScript or Python:
 * helpers that read the event, guard a table name, run parameterised SQL and (unless `sdk: false`,
 * the shape `test/engine/code-bench.ts` times) make a DynamoDB call (SDK v3 lib-dynamodb /
 * boto3), so the permission rules have calls to map and the taint engine has flows to follow. The
 * exported handler (`handler` / `lambda_handler`) calls the first helpers and has three real
 * injection sinks (command, SSRF) at the end.
 */
export function handlerSource(lang: HandlerLang, targetLines = 2000, opts: { sdk?: boolean } = {}): string {
  const sdk = opts.sdk ?? true;
  const out: string[] = [];
  const lines = (...xs: (string | false)[]) => xs.filter((x): x is string => x !== false);
  if (lang === 'py') {
    out.push(
      ...lines(
        'import json',
        'import os',
        'import subprocess',
        '',
        sdk && 'import boto3',
        'import pymysql',
        'import requests',
        '',
        'conn = pymysql.connect(host=os.environ["DB_HOST"])',
        sdk && 'table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])',
        'ALLOWED = {"users", "orders", "items"}',
        '',
      ),
    );
    let i = 0;
    while (out.length < targetLines - 40) {
      const ddb = ['table.get_item(Key={"pk": name})', 'table.query(KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": name})', 'table.put_item(Item={"pk": name, "n": total})'][i % 3];
      out.push(...lines(
        `def helper_${i}(event, limit=10):`,
        `    body = json.loads(event.get("body") or "{}")`,
        `    name = body.get("name", "")`,
        `    tbl = event["pathParameters"]["table"]`,
        `    if tbl not in ALLOWED:`,
        `        return {"statusCode": 400, "body": "bad table"}`,
        `    cur = conn.cursor()`,
        `    cur.execute("SELECT * FROM " + tbl + " WHERE name = %s LIMIT %s", (name, limit))`,
        `    rows = [dict(r) for r in cur.fetchall()]`,
        `    total = 0`,
        `    for r in rows:`,
        `        total += int(r.get("qty", 0))`,
        sdk && `    ${ddb}`,
        `    msg = f"{name} has {total} items in {tbl}"`,
        `    print(msg, ${i})`,
        `    return {"statusCode": 200, "body": json.dumps({"total": total, "n": ${i}})}`,
        '',
      ));
      i++;
    }
    out.push('def lambda_handler(event, context):', '    results = []');
    for (let k = 0; k < Math.min(i, 25); k++) out.push(`    results.append(helper_${k}(event))`);
    out.push(
      '    q = event["queryStringParameters"]["q"]',
      '    subprocess.run(f"grep {q} /tmp/x", shell=True)',
      '    requests.get(event["queryStringParameters"]["url"])',
      '    return {"statusCode": 200, "body": json.dumps(results)}',
      '',
    );
    return out.join('\n');
  }
  const ts = lang === 'ts';
  const T = (t: string) => (ts ? t : '');
  out.push(
    ...lines(
      ts ? "import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';" : '// @ts-check',
      "import { exec } from 'child_process';",
      "import mysql from 'mysql2/promise';",
      "import axios from 'axios';",
      sdk && "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      sdk && "import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';",
      '',
      "const ALLOWED = new Set(['users', 'orders', 'items']);",
      'const pool = mysql.createPool({ host: process.env.DB_HOST });',
      sdk && 'const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
      sdk && 'const TableName = process.env.TABLE_NAME;',
      '',
    ),
  );
  let i = 0;
  while (out.length < targetLines - 40) {
    const ddb = [
      'await ddb.send(new GetCommand({ TableName, Key: { pk: name } }));',
      "await ddb.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': name } }));",
      'await ddb.send(new PutCommand({ TableName, Item: { pk: name, total } }));',
    ][i % 3];
    out.push(...lines(
      `async function helper${i}(event${T(': APIGatewayProxyEvent')}, limit${T(': number')} = 10)${T(': Promise<APIGatewayProxyResult>')} {`,
      `  const { name = '', tags = [] } = JSON.parse(event.body || '{}');`,
      `  const table = event.pathParameters?.table ?? 'users';`,
      `  if (!ALLOWED.has(table)) {`,
      `    return { statusCode: 400, body: 'bad table' };`,
      `  }`,
      `  const [rows] = await pool.query(\`SELECT * FROM \${table} WHERE name = ? LIMIT ?\`, [name, limit]);`,
      `  let total = 0;`,
      `  for (const r of rows${T(' as any[]')}) {`,
      `    total += Number(r.qty) || 0;`,
      `  }`,
      sdk && `  ${ddb}`,
      `  const label = \`\${name} has \${total} items in \${table} (\${tags.length})\`;`,
      `  console.log(label, ${i});`,
      `  return { statusCode: 200, body: JSON.stringify({ total, n: ${i} }) };`,
      `}`,
      '',
    ));
    i++;
  }
  out.push(`export const handler = async (event${T(': APIGatewayProxyEvent')}) => {`, '  const results = [];');
  for (let k = 0; k < Math.min(i, 25); k++) out.push(`  results.push(await helper${k}(event));`);
  out.push(
    '  const q = event.queryStringParameters?.q;',
    '  exec(`grep ${q} /tmp/x`);',
    '  await axios.get(event.queryStringParameters?.url);',
    '  return { statusCode: 200, body: JSON.stringify(results) };',
    '};',
    '',
  );
  return out.join('\n');
}

/** Spans of the helper functions of `handlerSource` (for edits "inside function bodies"). */
export function helperSpans(text: string, lang: HandlerLang): { start: number; end: number }[] {
  const marker = lang === 'py' ? 'def helper_' : 'async function helper';
  const spans: { start: number; end: number }[] = [];
  let at = text.indexOf(marker);
  while (at >= 0) {
    const bodyStart = text.indexOf('\n', at) + 1;
    let end = text.indexOf('\n\n', bodyStart);
    if (end < 0) end = text.length;
    spans.push({ start: bodyStart, end });
    at = text.indexOf(marker, end);
  }
  return spans;
}

/**
 * The small serverless.yml that points at `handlerSource`'s handler (`src/handler.<ext>`): an HTTP
 * API event (taint sources for the injection rules) and a role that grants some of the DynamoDB
 * actions the handler calls, not all, plus one it never uses (iam-missing/unused-permission).
 */
export function handlerConfig(lang: HandlerLang): string {
  const py = lang === 'py';
  return [
    'service: bench-handler',
    "frameworkVersion: '3'",
    '',
    'provider:',
    '  name: aws',
    `  runtime: ${py ? 'python3.12' : 'nodejs20.x'}`,
    '  environment:',
    '    TABLE_NAME: bench-items',
    '    DB_HOST: ${ssm:/bench/db-host}',
    '  iam:',
    '    role:',
    '      statements:',
    '        - Effect: Allow',
    '          Action:',
    '            - dynamodb:GetItem',
    '            - dynamodb:Query',
    '            - s3:GetObject',
    "          Resource: '*'",
    '',
    'functions:',
    '  api:',
    `    handler: src/handler.${py ? 'lambda_handler' : 'handler'}`,
    '    events:',
    "      - httpApi: 'POST /items/{table}'",
    '  report:',
    `    handler: src/handler.${py ? 'lambda_handler' : 'handler'}`,
    '    events:',
    '      - schedule: rate(1 hour)',
    '',
  ].join('\n');
}

/** A fake AWS access key id built at run time (so no secret-shaped literal sits in this file). */
function fakeKeyId(rnd: () => number): string {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let s = 'AK' + 'IA';
  for (let i = 0; i < 16; i++) s += A[Math.floor(rnd() * A.length)];
  return s;
}

/**
 * A small project for the CLI throughput bench: one config file and one handler file. Projects
 * alternate between Serverless Framework (JS, TS or Python handler) and SAM (Python or JS
 * handler); some have a hardcoded key, an `Action: '*'`, a command-injection sink, so every rule
 * family has work. Returns the files (relative path → text).
 */
export function smallProject(index: number, seed = 1): Map<string, string> {
  const rnd = mulberry32(seed * 100_003 + index);
  const files = new Map<string, string>();
  const sam = index % 2 === 1;
  const lang: HandlerLang = sam ? (index % 4 === 1 ? 'py' : 'js') : (['js', 'ts', 'py'] as const)[Math.floor(index / 2) % 3];
  const name = `${pick(rnd, VERBS)}${pick(rnd, NOUNS)}`;
  const broad = rnd() < 0.3;
  const secret = rnd() < 0.2;
  const inject = rnd() < 0.4;
  const action = broad ? "'*'" : pick(rnd, ['dynamodb:GetItem', 'dynamodb:*', '[dynamodb:GetItem, dynamodb:PutItem]']);
  if (!sam) {
    files.set(
      'serverless.yml',
      [
        `service: p${index}-${name.toLowerCase()}`,
        "frameworkVersion: '3'",
        'provider:',
        '  name: aws',
        `  runtime: ${lang === 'py' ? 'python3.12' : 'nodejs20.x'}`,
        '  environment:',
        `    TABLE_NAME: ${name.toLowerCase()}-table`,
        ...(secret ? [`    AWS_ACCESS_KEY_ID: ${fakeKeyId(rnd)}`] : []),
        '  iam:',
        '    role:',
        '      statements:',
        '        - Effect: Allow',
        `          Action: ${action}`,
        `          Resource: ${rnd() < 0.5 ? "'*'" : `arn:aws:dynamodb:us-east-1:123456789012:table/${name.toLowerCase()}-table`}`,
        'functions:',
        `  ${name}:`,
        `    handler: src/handler.${lang === 'py' ? 'lambda_handler' : 'handler'}`,
        '    events:',
        `      - httpApi: 'POST /${name.toLowerCase()}'`,
        ...(rnd() < 0.3 ? ['      - sqs:', '          arn: arn:aws:sqs:us-east-1:123456789012:jobs'] : []),
        '',
      ].join('\n'),
    );
  } else {
    files.set(
      'template.yaml',
      [
        "AWSTemplateFormatVersion: '2010-09-09'",
        'Transform: AWS::Serverless-2016-10-31',
        `Description: project ${index}`,
        'Resources:',
        `  ${name}Function:`,
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: src/',
        `      Handler: handler.${lang === 'py' ? 'lambda_handler' : 'handler'}`,
        `      Runtime: ${lang === 'py' ? 'python3.12' : 'nodejs20.x'}`,
        '      Environment:',
        '        Variables:',
        '          TABLE_NAME: !Ref Table',
        ...(secret ? [`          AWS_ACCESS_KEY_ID: ${fakeKeyId(rnd)}`] : []),
        '      Policies:',
        ...(rnd() < 0.5 ? ['        - DynamoDBReadPolicy:', '            TableName: !Ref Table'] : []),
        '        - Statement:',
        '            - Effect: Allow',
        `              Action: ${action}`,
        `              Resource: ${rnd() < 0.5 ? "'*'" : '!GetAtt Table.Arn'}`,
        '      Events:',
        '        Api:',
        '          Type: Api',
        '          Properties:',
        `            Path: /${name.toLowerCase()}`,
        '            Method: post',
        '  Table:',
        '    Type: AWS::Serverless::SimpleTable',
        '',
      ].join('\n'),
    );
  }
  const path = `src/handler.${lang}`;
  if (lang === 'py') {
    files.set(
      path,
      [
        'import json',
        'import os',
        'import subprocess',
        '',
        'import boto3',
        '',
        'table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])',
        '',
        '',
        'def lambda_handler(event, context):',
        '    body = json.loads(event.get("body") or "{}")',
        '    key = body.get("id", "")',
        '    item = table.get_item(Key={"pk": key}).get("Item")',
        ...(inject ? ['    subprocess.run("echo " + body["note"], shell=True)'] : ['    print("fetched", key)']),
        ...(rnd() < 0.5 ? ['    table.put_item(Item={"pk": key, "seen": True})'] : []),
        '    return {"statusCode": 200, "body": json.dumps(item or {})}',
        '',
      ].join('\n'),
    );
  } else {
    const ts = lang === 'ts';
    files.set(
      path,
      [
        ...(ts ? ["import type { APIGatewayProxyEvent } from 'aws-lambda';"] : []),
        "import { exec } from 'child_process';",
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';",
        '',
        'const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
        '',
        `export const handler = async (event${ts ? ': APIGatewayProxyEvent' : ''}) => {`,
        "  const body = JSON.parse(event.body || '{}');",
        '  const { Item } = await ddb.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: body.id } }));',
        ...(inject ? ['  exec(`echo ${body.note}`);'] : ["  console.log('fetched', body.id);"]),
        ...(rnd() < 0.5 ? ['  await ddb.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { pk: body.id, seen: true } }));'] : []),
        '  return { statusCode: 200, body: JSON.stringify(Item ?? {}) };',
        '};',
        '',
      ].join('\n'),
    );
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// Diagnostics-heavy configs and edit positions across the whole file (keystroke "edit anywhere").

function fakePassword(rnd: () => number): string {
  const A = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let s = '';
  for (let i = 0; i < 18; i++) s += A[Math.floor(rnd() * A.length)];
  return s;
}

/**
 * A serverless.yml in which every function has a hardcoded password in its environment, its own
 * overbroad IAM statements and an HTTP event without an authorizer: with the defaults (235
 * functions) about 4,000 lines and more than 900 diagnostics.
 */
export function heavyServerlessYml(opts: GenOptions = {}): string {
  const n = opts.functions ?? 235;
  const rnd = mulberry32(opts.seed ?? 11);
  const out: string[] = [
    '# Generated benchmark service: every function has a secret, statements and an http event.',
    'service: bench-heavy',
    '',
    "frameworkVersion: '3'",
    '',
    'plugins:',
    '  - serverless-iam-roles-per-function',
    '',
    'custom:',
    '  tableName: ${self:service}-${sls:stage}-table',
    '  bucketName: "${self:service}-${sls:stage}-uploads"',
    '',
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    '  region: ${opt:region, "us-east-1"}',
    '  stage: ${opt:stage, "dev"}',
    '  memorySize: 512',
    '  environment:',
    '    TABLE_NAME: ${self:custom.tableName}',
    "    LOG_LEVEL: 'info'",
    '  iam:',
    '    role:',
    '      statements:',
    '        - Effect: Allow',
    '          Action:',
    '            - dynamodb:GetItem',
    '            - dynamodb:Query',
    '          Resource: !GetAtt OrdersTable.Arn',
    '        - Effect: Allow',
    '          Action: [xray:PutTraceSegments, xray:PutTelemetryRecords]',
    "          Resource: '*'",
    '',
    'functions:',
  ];
  for (let i = 0; i < n; i++) {
    const name = `${pick(rnd, VERBS)}${pick(rnd, NOUNS)}${String(i).padStart(3, '0')}`;
    out.push(`  ${name}:`);
    out.push(`    handler: src/handlers/${name}.handler`);
    if (rnd() < 0.5) out.push(`    memorySize: ${pick(rnd, [128, 256, 512, 1024])}`);
    out.push('    environment:');
    out.push(`      FUNCTION_ID: '${name}'`);
    out.push(`      DB_PASSWORD: '${fakePassword(rnd)}'`);
    if (rnd() < 0.5) out.push('      TABLE: ${self:custom.tableName}');
    out.push('    events:');
    out.push('      - http:');
    out.push(`          path: ${name.toLowerCase()}/{id}`);
    out.push(`          method: ${pick(rnd, METHODS)}`);
    out.push('    iamRoleStatements:');
    out.push('      - Effect: Allow');
    out.push(`        Action: ${pick(rnd, ['dynamodb:*', 's3:*', 'sqs:*'])}`);
    out.push("        Resource: '*'");
    out.push('      - Effect: Allow');
    out.push(`        Action: [${pick(rnd, ACTIONS)}, ${pick(rnd, ACTIONS)}]`);
    out.push('        Resource: !GetAtt OrdersTable.Arn');
  }
  out.push(
    '',
    'resources:',
    '  Resources:',
    '    OrdersTable:',
    '      Type: AWS::DynamoDB::Table',
    '      Properties:',
    '        TableName: ${self:custom.tableName}',
    '        BillingMode: PAY_PER_REQUEST',
    '        AttributeDefinitions:',
    '          - AttributeName: pk',
    '            AttributeType: S',
    '        KeySchema:',
    '          - AttributeName: pk',
    '            KeyType: HASH',
    '',
  );
  return out.join('\n');
}

/** A SAM template with secrets, statements and an Api event in every function (≈ 4,000 lines and ≥ 900 diagnostics at 150 functions). */
export function heavySamTemplate(opts: GenOptions = {}): string {
  const n = opts.functions ?? 150;
  const rnd = mulberry32(opts.seed ?? 13);
  const out: string[] = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    'Description: >',
    '  Generated diagnostics-heavy SAM application.',
    '',
    'Globals:',
    '  Function:',
    '    Runtime: python3.12',
    '    Timeout: 10',
    '    Environment:',
    '      Variables:',
    '        TABLE: !Ref DataTable',
    '',
    'Parameters:',
    '  Stage:',
    '    Type: String',
    '    Default: dev',
    '',
    'Resources:',
  ];
  for (let i = 0; i < n; i++) {
    const name = `${pick(rnd, NOUNS)}${pick(rnd, ['Handler', 'Worker', 'Api', 'Job'])}${String(i).padStart(3, '0')}`;
    out.push(`  ${name}:`);
    out.push('    Type: AWS::Serverless::Function');
    out.push('    Properties:');
    out.push(`      CodeUri: src/${name.toLowerCase()}/`);
    out.push('      Handler: app.lambda_handler');
    out.push(`      MemorySize: ${pick(rnd, [128, 256, 512])}`);
    out.push('      Environment:');
    out.push('        Variables:');
    out.push(`          NAME: ${name}`);
    out.push(`          DB_PASSWORD: '${fakePassword(rnd)}'`);
    out.push(`          API_TOKEN: '${fakePassword(rnd)}${fakePassword(rnd)}'`);
    out.push(`          SIGNING_SECRET: '${fakePassword(rnd)}'`);
    out.push('          QUEUE: !GetAtt WorkQueue.QueueName');
    out.push('      Policies:');
    out.push('        - Statement:');
    out.push('            - Effect: Allow');
    out.push(`              Action: ${pick(rnd, ['dynamodb:*', 's3:*', "'*'"])}`);
    out.push("              Resource: '*'");
    out.push('            - Effect: Allow');
    out.push(`              Action: ${pick(rnd, ACTIONS)}`);
    out.push(`              Resource: ${rnd() < 0.5 ? "'*'" : '!Sub arn:aws:s3:::bucket-${Stage}/*'}`);
    out.push('      Events:');
    out.push('        Api:');
    out.push('          Type: Api');
    out.push('          Properties:');
    out.push(`            Path: /${name.toLowerCase()}`);
    out.push(`            Method: ${pick(rnd, METHODS)}`);
  }
  out.push(
    '  DataTable:',
    '    Type: AWS::Serverless::SimpleTable',
    '  WorkQueue:',
    '    Type: AWS::SQS::Queue',
    '',
    'Outputs:',
    '  TableName:',
    '    Value: !Ref DataTable',
    '',
  );
  return out.join('\n');
}

export type EditPosition = 'environment' | 'iam' | 'events' | 'provider' | 'toplevel';
export const EDIT_POSITIONS: readonly EditPosition[] = ['environment', 'iam', 'events', 'provider', 'toplevel'];

/**
 * Line spans (the text of a line after its indentation) where a user would type, by position in
 * a serverless.yml or SAM template generated above: environment values, IAM statements, events,
 * the provider block (SAM: Globals) and top-level keys (`service:`, `custom:`, `Description`,
 * `Parameters`…). Found by tracking the enclosing keys line by line (generated text only).
 */
export function editPositionSpans(text: string): Record<EditPosition, { start: number; end: number }[]> {
  const out: Record<EditPosition, { start: number; end: number }[]> = { environment: [], iam: [], events: [], provider: [], toplevel: [] };
  const stack: { indent: number; key: string }[] = [];
  let off = 0;
  for (const line of text.split('\n')) {
    const lineStart = off;
    off += line.length + 1;
    let ind = 0;
    while (ind < line.length && line[ind] === ' ') ind++;
    if (ind === line.length || line[ind] === '#') continue;
    while (stack.length && stack[stack.length - 1].indent >= ind) stack.pop();
    const content = line.slice(ind);
    const colon = content.indexOf(':');
    const key = content.startsWith('- ') ? '-' : colon > 0 ? content.slice(0, colon) : content;
    const keys = stack.map((s) => s.key);
    const span = { start: lineStart + ind, end: lineStart + line.length };
    const top = keys[0] ?? key;
    const inEntry = (name: string) => keys.includes(name);
    if (top === 'provider' || top === 'Globals') out.provider.push(span);
    else if (!keys.length && top !== 'functions' && top !== 'Resources' && top !== 'resources') out.toplevel.push(span);
    else if (top === 'custom' || top === 'Parameters' || top === 'Outputs') out.toplevel.push(span);
    else if (inEntry('environment') || inEntry('Variables')) out.environment.push(span);
    else if (inEntry('iamRoleStatements') || inEntry('Policies')) out.iam.push(span);
    else if (inEntry('events') || inEntry('Events')) out.events.push(span);
    stack.push({ indent: ind, key });
  }
  return out;
}
