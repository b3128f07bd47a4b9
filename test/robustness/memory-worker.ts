/**
 * Run by memory.test.ts under `node --expose-gc`: opens and closes N distinct generated projects
 * (a serverless.yml and its handler, each with a unique marker) through Engine + Project the way
 * the language server does (setOpen → analyze, then close → forget), and prints the heap after a
 * forced GC at the start and the end, and how many closed documents' markers are still in the heap.
 */
import v8 from 'node:v8';
import { createEngine } from '../../server/src/engine/create';
import { Project } from '../../server/src/engine/project';

const N = Number(process.argv[2] ?? 1000);
const gc = (globalThis as { gc?: () => void }).gc!;

const config = (i: number) => `# sg-marker-${i}-config
service: svc${i}
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action: ["s3:*", "dynamodb:GetItem", "sqs:Send${i % 7}*", "iam:PassRole"]
          Resource: "*"
custom:
  table${i}: orders-${i}
functions:
  fn${i}:
    handler: src/h${i}.handler
    environment:
      TABLE: \${self:custom.table${i}}-\${sls:stage}
      DB_PASSWORD: \${ssm:/app${i}/db-password}
      TOKEN${i}: \${env:TOKEN_${i}, 'fallback-${i}'}
      API_KEY: sk_live_${String(i).padStart(4, '0')}abcdefghijklmnopqrstuv
    events:
      - httpApi: {path: /items/${i}, method: post}
`;
const handler = (i: number) => `// sg-marker-${i}-handler
const { execSync } = require('child_process');
const helper = require('./lib/helper${i}');
exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  execSync('convert ' + body.name${i});
  return helper.save${i}(body);
};
`;
const helperText = (i: number) => `// sg-marker-${i}-helper\nexports.save${i} = (x) => require('child_process').exec(x.cmd);\n`;

async function main(): Promise<void> {
  const { makeEngine } = await createEngine();
  const disk = new Map<string, string>();
  const project = new Project({ readFile: (p) => disk.get(p), exists: (p) => disk.has(p), listDir: (d) => [...disk.keys()].filter((k) => k.startsWith(d + '/') && !k.slice(d.length + 1).includes('/')).map((k) => k.slice(d.length + 1)) }, { roots: ['/ws'] });
  const engine = makeEngine(project, () => '/ws');
  const cycle = (i: number) => {
    const dir = `/ws/p${i}`;
    const files: [string, string][] = [[`${dir}/serverless.yml`, config(i)], [`${dir}/src/h${i}.js`, handler(i)]];
    disk.set(`${dir}/src/lib/helper${i}.js`, helperText(i));
    for (const [p, t] of files) {
      disk.set(p, t);
      project.setOpen(p, t, 1);
    }
    for (const [p, t] of files) {
      const r = engine.analyze(p, t);
      for (const f of r.findings) void f.fixes; // the code-action path builds fixes too
    }
    for (const [p] of files) {
      project.close(p);
      engine.forget(p);
    }
    // The files leave the disk too: nothing outside the engine holds them.
    for (const k of [...disk.keys()]) if (k.startsWith(dir + '/')) disk.delete(k);
  };
  // Warm up: catalogues, grammars, interned tables.
  for (let i = 0; i < 30; i++) cycle(N + i);
  gc();
  gc();
  const start = process.memoryUsage().heapUsed;
  for (let i = 0; i < N; i++) cycle(i);
  // One more (a sentinel, not counted): the very last call's transient handles (V8 handle scopes,
  // inline caches) may still point at the last document; the next run replaces them.
  cycle(10 * N + 7);
  gc();
  gc();
  const end = process.memoryUsage().heapUsed;
  // Closed documents' texts still reachable: search the heap snapshot for their markers.
  let snapshot = '';
  for await (const chunk of v8.getHeapSnapshot()) snapshot += chunk;
  const markers = new Set<string>();
  for (let at = snapshot.indexOf('sg-marker-'); at >= 0; at = snapshot.indexOf('sg-marker-', at + 1)) {
    const m = /^sg-marker-\d+-\w+/.exec(snapshot.slice(at, at + 40));
    if (m) markers.add(m[0]);
  }
  // Opened documents (config, handler) must all be gone; helper modules read from "disk" (never
  // opened, so never closed) may stay in the bounded caches, up to their bounds.
  const docs = [...markers].filter((m) => !m.endsWith('-helper') && !m.startsWith(`sg-marker-${10 * N + 7}-`));
  const helpers = markers.size - docs.length;
  process.stdout.write(JSON.stringify({ n: N, startMB: start / 2 ** 20, endMB: end / 2 ** 20, deltaMB: (end - start) / 2 ** 20, retainedDocuments: docs.slice(0, 20), retainedDocumentCount: docs.length, retainedHelpers: helpers }) + '\n');
}

void main();
