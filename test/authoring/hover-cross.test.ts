/**
 * Issue 14: hover on a resource name — the logical id, or the name itself where it is written
 * (`BucketName`, a serverless `custom` entry, an event's `bucket:`) — shows the resource's writers
 * and readers from the app view (Engine.crossApp).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { allRules } from '../../rules/index';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { authoringHover } from '../../server/src/engine/authoring/hover';

before(async () => {
  await initCodeParsers();
});

const DIR = nodePath.join(__dirname, '..', 'fixtures', 'cross-function');

function setUp(app: string, config: string) {
  const files = new Map<string, string>();
  const walk = (d: string, rel: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(nodePath.join(d, e.name), `${rel}${e.name}/`);
      else files.set(`/p/${rel}${e.name}`, fs.readFileSync(nodePath.join(d, e.name), 'utf8'));
    }
  };
  walk(nodePath.join(DIR, app), '');
  const project = new Project({ readFile: (p) => files.get(p), exists: (p) => files.has(p), listDir: (d) => [...new Set([...files.keys()].filter((k) => k.startsWith(d + '/')).map((k) => k.slice(d.length + 1).split('/')[0]))] });
  const e = new Engine(project, allRules);
  e.codeSupport = new TreeSitterCodeSupport(e, () => '/p');
  const path = `/p/${config}`;
  const text = files.get(path)!;
  const entry = e.parseConfig(path, text);
  const hover = (needle: string, delta = 2) => authoringHover({ parsed: entry.parsed, model: entry.model, offset: text.indexOf(needle) + delta, project, app: () => e.crossApp(path, entry.model!) });
  return { hover, files };
}

describe('hover on a resource name: writers and readers', () => {
  it('a serverless bucket named through ${self:custom…}: hovering the custom value or the event\'s bucket shows the route writing photos/… keys and the reader', () => {
    const { hover } = setUp('sls-self-custom-bucket-js', 'serverless.yml');
    for (const needle of ['${self:service}-${sls:stage}-uploads', 'bucket: ${self:custom.uploadsBucket}']) {
      const h = hover(needle, needle.startsWith('bucket') ? 10 : 2);
      assert.ok(h, needle);
      assert.match(h.markdown, /\*\*photos-dev-uploads\*\*/);
      assert.match(h.markdown, /starts function `resize` — src\/resize\.js with object events \(keys starting `photos\/`\)/);
      assert.match(h.markdown, /written by `upload` \(a public route\) — src\/upload\.js:7: PutObject — object key \(`photos\/…`\): carries `event\.body`/);
    }
  });
  it('another stack\'s bucket (${cf:…}) says it is defined outside the app', () => {
    const { hover } = setUp('sls-cf-external-bucket-py', 'serverless.yml');
    const h = hover('${cf:storage-${sls:stage}.ArchiveBucketName}\n    events');
    assert.ok(h);
    assert.match(h.markdown, /defined outside this app/);
    assert.match(h.markdown, /written by `store`/);
  });
  it('a table whose writer only writes constants says so; the table its route writes is another one', () => {
    const { hover } = setUp('sam-join-other-table-py', 'template.yaml');
    const orders = hover('  OrdersTable:\n', 3);
    assert.ok(orders);
    assert.match(orders.markdown, /written by `OrderFunction` \(a public route\) — src\/order\.py:10: PutItem — attribute `id`: constant or trusted; attribute `carrier` `ups`: constant or trusted/);
    assert.doesNotMatch(orders.markdown, /AuditFunction/);
    const audit = hover("TableName: !Sub '${AWS::StackName}-audit'", 30);
    assert.ok(audit);
    assert.match(audit.markdown, /\*\*AuditTable\*\*/);
    assert.match(audit.markdown, /written by `AuditFunction`/);
  });
  it('a state machine: the Task it starts and the StartExecution writer', () => {
    const { hover } = setUp('sam-stepfunctions-command-py', 'template.yaml');
    const h = hover('  ConvertStateMachine:\n', 3);
    assert.ok(h);
    assert.match(h.markdown, /starts function `ConvertFunction` — src\/convert\.py with a Task state's input/);
    assert.match(h.markdown, /written by `StartFunction` \(a public route\) — src\/start\.py:11: StartExecution — execution input: carries `event\.body`/);
  });
  it('a scalar that names nothing has no hover', () => {
    const { hover } = setUp('sam-join-other-table-py', 'template.yaml');
    assert.equal(hover('python3.12'), undefined);
  });
});
