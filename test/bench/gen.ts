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
