/**
 * Cross-function keystroke budget (issue 14): a generated serverless.yml of 50 functions — 25
 * public routes, each writing a table, a queue or a bucket, and 25 functions those resources
 * trigger, each with a sink — in an in-memory project. Measures the re-analysis of one reader's
 * findings (Engine.analyze of the reader's handler) after
 *   1. an edit in its writer's handler (toggling the written attribute between request data and a
 *      constant, so the reader's finding flips between error and info), and
 *   2. a one-character edit in the config (an environment value of an unrelated function),
 * and counts how many handler analyses (cross/app.ts writesOf) and app builds each edit caused.
 * Reported, not asserted.
 *
 *   node --import tsx test/bench/cross-app.ts [--edits 100]
 */
import { allRules } from '../../rules/index';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { crossCounters } from '../../server/src/engine/cross/app';
import { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';

export const CROSS_FUNCTIONS = 50;

type Kind = 'table' | 'queue' | 'bucket';
const KINDS: Kind[] = ['table', 'queue', 'bucket'];

/** The generated app: serverless.yml and 50 handlers. */
export function crossApp(functions = CROSS_FUNCTIONS): Map<string, string> {
  const files = new Map<string, string>();
  const pairs = Math.floor(functions / 2);
  const fns: string[] = [];
  const res: string[] = [];
  for (let i = 0; i < pairs; i++) {
    const kind = KINDS[i % 3];
    const id = `Res${i}`;
    const env = kind === 'table' ? `TABLE: !Ref ${id}` : kind === 'queue' ? `QUEUE_URL: !Ref ${id}` : `BUCKET: !Ref ${id}`;
    fns.push(`  write${i}:
    handler: src/write${i}.handler
    environment:
      ${env}
      NOTE: note-${i}
    events:
      - httpApi:
          method: POST
          path: /items/${i}`);
    const trigger = kind === 'table' ? `      - stream:\n          type: dynamodb\n          arn: !GetAtt ${id}.StreamArn`
      : kind === 'queue' ? `      - sqs:\n          arn: !GetAtt ${id}.Arn`
      : `      - s3:\n          bucket: !Ref ${id}\n          event: s3:ObjectCreated:*\n          existing: true`;
    fns.push(`  read${i}:
    handler: src/read${i}.handler
    events:
${trigger}`);
    res.push(kind === 'table'
      ? `    ${id}:\n      Type: AWS::DynamoDB::Table\n      Properties:\n        BillingMode: PAY_PER_REQUEST\n        AttributeDefinitions:\n          - AttributeName: id\n            AttributeType: S\n        KeySchema:\n          - AttributeName: id\n            KeyType: HASH\n        StreamSpecification:\n          StreamViewType: NEW_IMAGE`
      : kind === 'queue' ? `    ${id}:\n      Type: AWS::SQS::Queue` : `    ${id}:\n      Type: AWS::S3::Bucket`);
    files.set(`/app/src/write${i}.js`, writer(kind, true));
    files.set(`/app/src/read${i}.js`, reader(kind));
  }
  files.set('/app/serverless.yml', `service: cross-bench\nframeworkVersion: '4'\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n${fns.join('\n')}\nresources:\n  Resources:\n${res.join('\n')}\n`);
  return files;
}

function writer(kind: Kind, tainted: boolean): string {
  const v = tainted ? 'body.label' : "'standard'";
  const call = kind === 'table'
    ? `const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');\nconst c = new DynamoDBClient({});\nconst write = (body) => c.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { id: { S: randomUUID() }, label: { S: ${v} } } }));`
    : kind === 'queue'
      ? `const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');\nconst c = new SQSClient({});\nconst write = (body) => c.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: ${v} }));`
      : `const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');\nconst c = new S3Client({});\nconst write = (body) => c.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: \`in/\${${v}}\`, Body: '' }));`;
  return `const { randomUUID } = require('node:crypto');\n${call}\n\nexports.handler = async (event) => {\n  const body = JSON.parse(event.body);\n  if (!body) return { statusCode: 400, body: '' };\n  await write(body);\n  return { statusCode: 201, body: '' };\n};\n`;
}

function reader(kind: Kind): string {
  const src = kind === 'table' ? 'record.dynamodb.NewImage.label.S' : kind === 'queue' ? 'record.body' : 'record.s3.object.key';
  return `const { execSync } = require('node:child_process');\n\nexports.handler = async (event) => {\n  for (const record of event.Records) {\n    const value = ${src};\n    execSync(\`lp -t \${value} /tmp/out.pdf\`);\n  }\n};\n`;
}

interface Stats { p50: number; p95: number; max: number; n: number }
function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { p50: q(0.5), p95: q(0.95), max: s[s.length - 1], n: s.length };
}

export interface CrossFigures {
  writerEdit: Stats;
  configEdit: Stats;
  /** Handler analyses (writes) per edit, mean. */
  handlerRunsPerWriterEdit: number;
  handlerRunsPerConfigEdit: number;
  /** The reader's finding followed the writer edits (error when tainted, info when constant). */
  flipsOk: boolean;
}

export async function benchCrossApp(edits = 100, log: (s: string) => void = console.log): Promise<CrossFigures> {
  await initCodeParsers();
  const files = crossApp();
  const project = new Project({
    readFile: (p) => files.get(p),
    exists: (p) => files.has(p),
    listDir: (d) => [...new Set([...files.keys()].filter((k) => k.startsWith(d + '/')).map((k) => k.slice(d.length + 1).split('/')[0]))],
  });
  const e = new Engine(project, allRules);
  e.codeSupport = new TreeSitterCodeSupport(e, () => '/app');
  const readerPath = '/app/src/read0.js';
  const writerPath = '/app/src/write0.js';
  const cfgPath = '/app/serverless.yml';
  const readerText = files.get(readerPath)!;
  const severity = () => e.analyze(readerPath, readerText).findings.find((f) => f.ruleId === 'injection-command')?.severity;
  let version = 1;
  const open = (p: string, t: string) => { files.set(p, t); project.setOpen(p, t, ++version); };
  open(readerPath, readerText);
  open(cfgPath, files.get(cfgPath)!);
  open(writerPath, files.get(writerPath)!);
  severity(); // warm: every handler analysed once

  const writerTimes: number[] = [];
  let writerRuns = 0;
  let flipsOk = true;
  for (let i = 0; i < edits; i++) {
    const tainted = i % 2 === 1;
    open(writerPath, writer('table', tainted));
    const runs0 = crossCounters.handlerRuns;
    const t0 = performance.now();
    const sev = severity();
    writerTimes.push(performance.now() - t0);
    writerRuns += crossCounters.handlerRuns - runs0;
    if (sev !== (tainted ? 'error' : 'info')) flipsOk = false;
  }

  const cfg0 = files.get(cfgPath)!;
  const at = cfg0.indexOf('note-7') + 'note-'.length;
  const configTimes: number[] = [];
  let configRuns = 0;
  for (let i = 0; i < edits; i++) {
    const text = i % 2 === 0 ? cfg0.slice(0, at) + 'x' + cfg0.slice(at) : cfg0;
    open(cfgPath, text);
    e.analyze(cfgPath, text); // the config re-validated, as the server does on its own change
    const runs0 = crossCounters.handlerRuns;
    const t0 = performance.now();
    severity();
    configTimes.push(performance.now() - t0);
    configRuns += crossCounters.handlerRuns - runs0;
  }
  const f: CrossFigures = {
    writerEdit: stats(writerTimes),
    configEdit: stats(configTimes),
    handlerRunsPerWriterEdit: writerRuns / edits,
    handlerRunsPerConfigEdit: configRuns / edits,
    flipsOk,
  };
  const ms = (x: number) => `${x.toFixed(1)} ms`.padStart(10);
  log(`Cross-function app: ${CROSS_FUNCTIONS} functions (25 routes writing a table, queue or bucket; 25 triggered readers), ${edits} edits each`);
  log(`  ${''.padEnd(52)}${'p50'.padStart(10)}${'p95'.padStart(10)}${'max'.padStart(10)}`);
  log(`  ${'writer handler edit → reader findings'.padEnd(52)}${ms(f.writerEdit.p50)}${ms(f.writerEdit.p95)}${ms(f.writerEdit.max)}  (${f.handlerRunsPerWriterEdit.toFixed(2)} handler analyses per edit)`);
  log(`  ${'config edit → reader findings'.padEnd(52)}${ms(f.configEdit.p50)}${ms(f.configEdit.p95)}${ms(f.configEdit.max)}  (${f.handlerRunsPerConfigEdit.toFixed(2)} handler analyses per edit)`);
  log(`  reader's finding followed the writer: ${flipsOk ? 'yes' : 'NO'}`);
  return f;
}

if (require.main === module) {
  const i = process.argv.indexOf('--edits');
  benchCrossApp(i >= 0 ? Number(process.argv[i + 1]) : 100).then(
    () => process.exit(0),
    (err) => { console.error(err); process.exit(1); },
  );
}
