/**
 * Handler analysis re-uses work across keystrokes (tree-sitter re-parses incrementally and keeps
 * the node objects of untouched subtrees; secret candidates are cached per statement node). Its
 * findings after any sequence of edits must equal a from-scratch analysis of the same text.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import { mulberry32 } from '../bench/gen';

const JS = `const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY1';
const db = require('mysql');

function connect() {
  const password = 'S3cr3t-Pa55word-2024!';
  return db.createConnection({ host: 'db.internal', user: 'app', password: 'Zx9!pQ2#rT7$wL4u' });
}

async function helper(event) {
  const token = process.env.API_TOKEN || 'ghp_1234567890abcdefghijklmnopqrstuvwxyzAB';
  if (event.x) {
    const url = 'postgres://admin:hunter2hunter2@db.example.com:5432/app';
    return url + token;
  }
  return 'plain text, nothing secret here';
}

exports.handler = async (event) => {
  const stripe = 'sk_live_51Habcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH';
  return helper(event) + stripe;
};
`;

const PY = `import os
import pymysql

SLACK = "xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx"

def connect():
    password = "S3cr3t-Pa55word-2024!"
    return pymysql.connect(host="db.internal", user="app", password="Zx9!pQ2#rT7$wL4u")

def helper(event):
    token = os.environ.get("API_TOKEN") or "ghp_1234567890abcdefghijklmnopqrstuvwxyzAB"
    if event.get("x"):
        url = "postgres://admin:hunter2hunter2@db.example.com:5432/app"
        return url + token
    return "plain text, nothing secret here"

def handler(event, context):
    stripe = "sk_live_51Habcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH"
    return helper(event) + stripe
`;

function engine(): Engine {
  const e = new Engine(new Project({ readFile: () => undefined }), allRules);
  e.codeSupport = new TreeSitterCodeSupport(e);
  return e;
}

const sig = (e: Engine, file: string, text: string) =>
  e
    .analyze(file, text)
    .findings.map((f) => `${f.ruleId}@${f.range.start}-${f.range.end} ${f.severity} ${f.message} [${f.fixes.map((x) => x.title).join('|')}]`)
    .join('\n');

describe('incremental handler analysis equals a fresh analysis', () => {
  before(() => initCodeParsers());
  for (const [file, source] of [['/p/handler.js', JS], ['/p/handler.py', PY]] as const) {
    it(`after random typing and deleting: ${file}`, () => {
      const live = engine();
      const rnd = mulberry32(file.length * 7919);
      let text = source;
      const base = sig(engine(), file, text);
      assert.ok(base.includes('secret-in-code'), 'the sample has secrets');
      assert.equal(sig(live, file, text), base);
      for (let step = 0; step < 120; step++) {
        const at = Math.floor(rnd() * (text.length + 1));
        const r = rnd();
        if (step % 15 === 14) text = source; // back to the start, as undo does
        else if (r < 0.6) text = text.slice(0, at) + 'abcxyz_9 ("\n'[Math.floor(rnd() * 12)] + text.slice(at);
        else text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 3));
        assert.equal(sig(live, file, text), sig(engine(), file, text), `step ${step}: findings differ from a fresh analysis`);
      }
    });
  }
});

const CONFIG = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [dynamodb:GetItem]
          Resource: '*'
functions:
  api:
    handler: src/handler.handler
    events:
      - httpApi: POST /orders
`;

const SDK_HANDLER = `const { DynamoDBClient, GetItemCommand, PutItemCommand, DeleteItemCommand } = require('@aws-sdk/client-dynamodb');
const { exec } = require('child_process');
const ddb = new DynamoDBClient({});

async function read(id) {
  return ddb.send(new GetItemCommand({ TableName: 'orders', Key: { id: { S: id } } }));
}

async function write(item) {
  await ddb.send(new PutItemCommand({ TableName: 'orders', Item: item }));
}

async function remove(id) {
  if (!id) return;
  await ddb.send(new DeleteItemCommand({ TableName: 'orders', Key: { id: { S: id } } }));
}

exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  exec('echo ' + body.name);
  await write(body);
  await remove(body.id);
  return read(body.id);
};
`;

describe('incremental handler + config analysis equals a fresh analysis', () => {
  before(() => initCodeParsers());
  it('after random edits of a handler with SDK calls (iam-missing-permission, injection)', () => {
    const files = new Map([['/p/serverless.yml', CONFIG], ['/p/src/handler.js', SDK_HANDLER]]);
    const mk = () => {
      const project = new Project({ readFile: (p) => files.get(p), exists: (p) => files.has(p), listDir: (d) => [...new Set([...files.keys()].filter((k) => k.startsWith(d + '/')).map((k) => k.slice(d.length + 1).split('/')[0]))] });
      const e = new Engine(project, allRules);
      e.codeSupport = new TreeSitterCodeSupport(e, () => '/p');
      return { e, project };
    };
    const live = mk();
    const both = (x: { e: Engine; project: Project }, text: string, v: number) => {
      x.project.setOpen('/p/src/handler.js', text, v);
      return sig(x.e, '/p/src/handler.js', text) + '\n--\n' + sig(x.e, '/p/serverless.yml', CONFIG);
    };
    const first = both(live, SDK_HANDLER, 1);
    assert.match(first, /iam-missing-permission/);
    assert.match(first, /injection-command/);
    const rnd = mulberry32(424242);
    let text = SDK_HANDLER;
    for (let step = 0; step < 80; step++) {
      const at = Math.floor(rnd() * (text.length + 1));
      if (step % 12 === 11) text = SDK_HANDLER;
      else if (rnd() < 0.6) text = text.slice(0, at) + 'abcxyz_9 ("\n'[Math.floor(rnd() * 12)] + text.slice(at);
      else text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 3));
      assert.equal(both(live, text, step + 2), both(mk(), text, 1), `step ${step}: findings differ from a fresh analysis`);
    }
  });
});
