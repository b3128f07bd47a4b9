import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { initCodeParsers, analyzeTaint, analyzeTaintDetailed, parseCode, freeParse, type CodeLang, type TriggerKind, type TaintFinding, SINK_KINDS, SINK_CWE } from '../../server/src/engine/code/index';
import { cpuTime, withinUnits } from '../helpers/timing';

before(async () => {
  await initCodeParsers();
});

interface Hit {
  kind: string;
  line: number;
  callee: string;
  label: string;
  file: string;
  f: TaintFinding;
}

function lineOf(text: string, off: number): number {
  return text.slice(0, off).split('\n').length;
}

/** Analyse `src` (plus optional in-memory files for relative imports). */
function run(src: string, lang: CodeLang, opts: { triggers?: TriggerKind[]; exportName?: string; files?: Record<string, string>; path?: string } = {}): Hit[] {
  const main = opts.path ?? (lang === 'python' ? '/app/handler.py' : lang === 'typescript' ? '/app/handler.ts' : '/app/handler.js');
  const files: Record<string, string> = { [main]: src, ...(opts.files ?? {}) };
  const resolveImport = (from: string, spec: string) => {
    const dir = path.posix.dirname(from);
    let cands: string[];
    if (from.endsWith('.py')) {
      let i = 0;
      while (spec[i] === '.') i++;
      let base = dir;
      for (let k = 1; k < i; k++) base = path.posix.dirname(base);
      const p = path.posix.join(base, ...spec.slice(i).split('.').filter(Boolean));
      cands = [p + '.py', p + '/__init__.py'];
    } else {
      const p = path.posix.resolve(dir, spec);
      cands = [p, p + '.js', p + '.ts', p + '/index.js'];
    }
    for (const c of cands) if (files[c] !== undefined) return { path: c, text: files[c] };
    return undefined;
  };
  const fs = analyzeTaint({ path: main, text: src, lang, triggers: opts.triggers ?? ['api'], exportName: opts.exportName, resolveImport });
  return fs.map((f) => ({ kind: f.sinkKind, line: lineOf(files[f.sinkFile], f.sinkRange.start), callee: f.sinkCallee, label: f.source.label, file: f.sinkFile, f }));
}

const js = (s: string, o?: Parameters<typeof run>[2]) => run(s, 'javascript', o);
const ts = (s: string, o?: Parameters<typeof run>[2]) => run(s, 'typescript', o);
const py = (s: string, o?: Parameters<typeof run>[2]) => run(s, 'python', o);

function kinds(hits: Hit[]): string[] {
  return hits.map((h) => `${h.kind}@${h.line}`);
}

// ---------------------------------------------------------------------------------------------

describe('taint: sinks in JavaScript/TypeScript', () => {
  test('sql: mysql, pg, knex.raw, sequelize.query, sqlite3, prisma $queryRawUnsafe, rds-data, PartiQL', () => {
    const hits = js(`
const mysql = require('mysql2/promise');
const { Client } = require('pg');
const knex = require('knex')({});
const { Sequelize } = require('sequelize');
const sqlite3 = require('sqlite3');
const { PrismaClient } = require('@prisma/client');
const { RDSDataClient, ExecuteStatementCommand } = require('@aws-sdk/client-rds-data');
const { DynamoDBClient, ExecuteStatementCommand: PartiQL } = require('@aws-sdk/client-dynamodb');
exports.handler = async (event) => {
  const id = event.pathParameters.id;
  const conn = await mysql.createConnection({});
  await conn.execute('SELECT * FROM t WHERE id = ' + id);
  await new Client().query(\`SELECT * FROM t WHERE id = \${id}\`);
  await knex.raw('select * from t where id = ' + id);
  await new Sequelize('x').query(\`UPDATE t SET a = 1 WHERE id = \${id}\`);
  new sqlite3.Database(':memory:').all('SELECT * FROM t WHERE id = ' + id, () => {});
  await new PrismaClient().$queryRawUnsafe(\`SELECT * FROM t WHERE id = \${id}\`);
  await new RDSDataClient({}).send(new ExecuteStatementCommand({ resourceArn: 'a', sql: \`SELECT * FROM t WHERE id = '\${id}'\` }));
  await new DynamoDBClient({}).send(new PartiQL({ Statement: \`SELECT * FROM t WHERE pk = '\${id}'\` }));
};`);
    assert.deepEqual(kinds(hits), ['sql@13', 'sql@14', 'sql@15', 'sql@16', 'sql@17', 'sql@18', 'sql@19', 'sql@20']);
    assert.ok(hits.every((h) => h.label === 'event.pathParameters.id'));
    assert.ok(hits.every((h) => h.f.cwe === 89));
  });

  test('nosql: Mongo operator injection and $where, DynamoDB table names and expressions', () => {
    const hits = js(`
const mongoose = require('mongoose');
const AWS = require('aws-sdk');
const User = mongoose.model('User', {});
const doc = new AWS.DynamoDB.DocumentClient();
exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  await User.find(body.filter);
  await User.findOne({ name: body.name });
  await User.where(\`this.n == '\${body.n}'\`);
  await doc.scan({ TableName: body.table }).promise();
  await doc.query({ TableName: 't', KeyConditionExpression: body.expr, ExpressionAttributeNames: { '#k': body.key } }).promise();
};`);
    assert.deepEqual(kinds(hits), ['nosql@8', 'nosql@9', 'nosql@10', 'nosql@11', 'nosql@12', 'nosql@12']);
  });

  test('command: exec, execSync, spawn with shell, sh -c, shelljs, execa', () => {
    const hits = js(`
const cp = require('child_process');
const shell = require('shelljs');
const { execaCommand } = require('execa');
exports.handler = async (event) => {
  const f = event.queryStringParameters.f;
  cp.exec('ls ' + f);
  cp.execSync(\`ls \${f}\`);
  cp.spawn('ls', [f], { shell: true });
  cp.spawnSync('/bin/bash', ['-c', 'ls ' + f]);
  shell.exec('ls ' + f);
  await execaCommand('ls ' + f);
  cp.execFile('ls', [f]);
};`);
    assert.deepEqual(kinds(hits), ['command@7', 'command@8', 'command@9', 'command@10', 'command@11', 'command@12']);
    assert.equal(hits[0].callee, 'child_process.exec');
    assert.equal(hits[0].f.cwe, 78);
  });

  test('code-eval: eval, new Function, Function, vm.*', () => {
    const hits = js(`
const vm = require('vm');
exports.handler = async (event) => {
  const c = event.body;
  eval(c);
  new Function('a', c);
  Function(c)();
  vm.runInThisContext(c);
  new vm.Script(c);
};`);
    assert.deepEqual(kinds(hits), ['code-eval@5', 'code-eval@6', 'code-eval@7', 'code-eval@8', 'code-eval@9']);
  });

  test('path-traversal: fs, fs/promises, fs-extra', () => {
    const hits = ts(`
import { readFileSync } from 'fs';
import * as fsp from 'node:fs/promises';
import fse from 'fs-extra';
export const handler = async (event) => {
  const p = event.queryStringParameters.p;
  readFileSync(p);
  await fsp.unlink('/tmp/' + p);
  await fse.readJson(p);
  await fsp.rename('/tmp/a', p);
};`);
    assert.deepEqual(kinds(hits), ['path-traversal@7', 'path-traversal@8', 'path-traversal@9', 'path-traversal@10']);
  });

  test('ssrf: fetch, axios, http(s).get/request, got, net.connect host', () => {
    const hits = js(`
const axios = require('axios');
const http = require('http');
const got = require('got');
const net = require('net');
exports.handler = async (event) => {
  const u = event.queryStringParameters.u;
  await fetch(u);
  await axios.post(u, {});
  http.request(u);
  await got(u);
  net.connect(443, event.queryStringParameters.host);
  await axios.request({ url: u });
};`);
    assert.deepEqual(kinds(hits), ['ssrf@8', 'ssrf@9', 'ssrf@10', 'ssrf@11', 'ssrf@12', 'ssrf@13']);
  });

  test('deserialization, xss, open-redirect, dynamic require, xxe', () => {
    const hits = js(`
const serialize = require('node-serialize');
const libxml = require('libxmljs');
exports.handler = async (event) => {
  serialize.unserialize(event.body);
  libxml.parseXml(event.body, { noent: true });
  require(event.queryStringParameters.m);
  if (event.path === '/r') return { statusCode: 301, headers: { location: event.queryStringParameters.to } };
  return { statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: '<b>' + event.queryStringParameters.q + '</b>' };
};`);
    assert.deepEqual(kinds(hits), ['deserialization@5', 'xxe@6', 'dynamic-require@7', 'open-redirect@8', 'xss@9']);
    assert.deepEqual(hits.map((h) => h.f.cwe), [502, 611, 829, 601, 79]);
  });

  test('responses through the Lambda callback', () => {
    const hits = js(`
exports.handler = (event, context, callback) => {
  callback(null, { statusCode: 302, headers: { Location: event.queryStringParameters.next } });
};`);
    assert.deepEqual(kinds(hits), ['open-redirect@3']);
  });
});

describe('taint: sinks in Python', () => {
  test('sql: f-string, %, .format, +, sqlalchemy text, pandas, Athena, rds-data', () => {
    const hits = py(`
import pymysql, boto3
import pandas as pd
from sqlalchemy import text
conn = pymysql.connect()
def handler(event, context):
    v = event["queryStringParameters"]["v"]
    cur = conn.cursor()
    cur.execute(f"SELECT * FROM t WHERE a = '{v}'")
    cur.execute("SELECT * FROM t WHERE a = '%s'" % v)
    cur.execute("SELECT * FROM t WHERE a = '{}'".format(v))
    cur.executemany("DELETE FROM t WHERE a = " + v, [])
    engine.execute(text("SELECT * FROM t WHERE a = " + v))
    pd.read_sql("SELECT * FROM t WHERE a = " + v, conn)
    boto3.client("athena").start_query_execution(QueryString="SELECT * FROM t WHERE a = '" + v + "'")
    boto3.client("rds-data").execute_statement(resourceArn="x", sql=f"SELECT * FROM t WHERE a = '{v}'")
`);
    assert.deepEqual(kinds(hits), ['sql@9', 'sql@10', 'sql@11', 'sql@12', 'sql@13', 'sql@14', 'sql@15', 'sql@16']);
    assert.ok(hits.every((h) => h.label === 'event.queryStringParameters.v'));
  });

  test('nosql: pymongo operator injection / $where, boto3 Table and FilterExpression', () => {
    const hits = py(`
import json
import boto3
from pymongo import MongoClient
users = MongoClient().db.users
def handler(event, context):
    body = json.loads(event["body"])
    users.find_one({"name": body["name"]})
    users.find({"$where": "this.a == " + body["a"]})
    boto3.resource("dynamodb").Table(body["table"])
    boto3.client("dynamodb").scan(TableName="t", FilterExpression=body["f"])
`);
    assert.deepEqual(kinds(hits), ['nosql@8', 'nosql@9', 'nosql@10', 'nosql@11']);
  });

  test('command: os.system, os.popen, subprocess shell=True, sh -c lists, asyncio shell', () => {
    const hits = py(`
import os, subprocess, asyncio
def handler(event, context):
    c = event["queryStringParameters"]["c"]
    os.system("ls " + c)
    os.popen(f"ls {c}")
    subprocess.Popen("ls " + c, shell=True)
    subprocess.call(["bash", "-c", "ls " + c])
    asyncio.create_subprocess_shell("ls " + c)
    subprocess.run(["ls", c])
`);
    assert.deepEqual(kinds(hits), ['command@5', 'command@6', 'command@7', 'command@8', 'command@9']);
  });

  test('code-eval: eval, exec, compile', () => {
    const hits = py(`
def handler(event, context):
    src = event["body"]
    eval(src)
    exec(src)
    compile(src, "x", "exec")
`);
    assert.deepEqual(kinds(hits), ['code-eval@4', 'code-eval@5', 'code-eval@6']);
  });

  test('path-traversal: open, os.remove, shutil, pathlib', () => {
    const hits = py(`
import os, shutil
from pathlib import Path
def handler(event, context):
    p = event["pathParameters"]["p"]
    open("/data/" + p).read()
    os.remove(os.path.join("/tmp", p))
    shutil.rmtree(p)
    (Path("/data") / p).write_text("x")
`);
    assert.deepEqual(kinds(hits), ['path-traversal@6', 'path-traversal@7', 'path-traversal@8', 'path-traversal@9']);
  });

  test('ssrf: requests, urllib, httpx, sessions', () => {
    const hits = py(`
import requests, httpx
import urllib.request
def handler(event, context):
    u = event["queryStringParameters"]["u"]
    requests.get(u)
    urllib.request.urlopen(u)
    httpx.post(u)
    s = requests.Session()
    s.get(u)
    requests.request("GET", u)
`);
    assert.deepEqual(kinds(hits), ['ssrf@6', 'ssrf@7', 'ssrf@8', 'ssrf@10', 'ssrf@11']);
  });

  test('deserialization, xxe, dynamic import, xss, open redirect', () => {
    const hits = py(`
import pickle, yaml, importlib
from lxml import etree
def handler(event, context):
    b = event["body"]
    pickle.loads(b)
    yaml.load(b)
    etree.fromstring(b)
    importlib.import_module(b)
    if event["path"] == "/r":
        return {"statusCode": 302, "headers": {"Location": event["queryStringParameters"]["to"]}}
    return {"statusCode": 200, "headers": {"content-type": "text/html"}, "body": "<p>" + b + "</p>"}
`);
    assert.deepEqual(kinds(hits), ['deserialization@6', 'deserialization@7', 'xxe@8', 'dynamic-require@9', 'open-redirect@11', 'xss@12']);
  });

  test('every sink kind has a CWE', () => {
    for (const k of SINK_KINDS) assert.ok(SINK_CWE[k] > 0, k);
  });
});

// ---------------------------------------------------------------------------------------------

describe('taint: sources per trigger', () => {
  const body = `
const cp = require('child_process');
exports.handler = async (event) => {
  cp.exec('a ' + event.body);
  cp.exec('b ' + event.queryStringParameters.q);
  cp.exec('c ' + event.Records[0].s3.object.key);
  cp.exec('d ' + event.Records[0].body);
  cp.exec('e ' + event.Records[0].Sns.Message);
  cp.exec('f ' + event.detail.user);
  cp.exec('g ' + event.Records[0].dynamodb.NewImage.name.S);
  cp.exec('h ' + event.Records[0].kinesis.data);
  cp.exec('i ' + event.requestContext.authorizer.claims.sub);
  cp.exec('j ' + event.stageVariables.stage);
  cp.exec('k ' + event.requestContext.identity.sourceIp);
  cp.exec('l ' + event.rawPath + event.cookies[0] + event.headers.host);
  cp.exec('m ' + event.Records[0].s3.bucket.name);
};`;
  const lines = (t: TriggerKind[]) => [...new Set(js(body, { triggers: t }).map((h) => h.line))];

  test('API Gateway: body, query, path, headers, cookies, rawPath; authorizer / stageVariables / identity are trusted', () => {
    assert.deepEqual(lines(['api']), [4, 5, 15]);
  });
  test('S3 object key, SQS body, SNS Message, EventBridge detail, DynamoDB NewImage, Kinesis data', () => {
    assert.deepEqual(lines(['s3']), [6]);
    assert.deepEqual(lines(['sqs']), [7]);
    assert.deepEqual(lines(['sns']), [8]);
    assert.deepEqual(lines(['eventbridge']), [9]);
    assert.deepEqual(lines(['dynamodb-stream']), [10]);
    assert.deepEqual(lines(['kinesis']), [11]);
    assert.deepEqual(lines(['schedule']), []);
  });
  test('unknown / direct invoke: the whole event, except AWS-set fields', () => {
    assert.deepEqual(lines(['unknown']), [4, 5, 6, 7, 8, 9, 10, 11, 15, 16]);
  });
  test('iterating Records keeps the trigger path', () => {
    const hits = py(`
import os
def handler(event, context):
    for r in event["Records"]:
        os.system("x " + r["s3"]["object"]["key"])
        os.system("y " + r["s3"]["bucket"]["name"])
`, { triggers: ['s3'] });
    assert.deepEqual(kinds(hits), ['command@5']);
    assert.equal(hits[0].label, 'event.Records[].s3.object.key');
  });
  test('framework adapters: Express req, Flask request, Chalice current_request', () => {
    const e = js(`
const express = require('express');
const serverless = require('serverless-http');
const app = express();
const cp = require('child_process');
app.post('/x/:id', (req, res) => { cp.exec('a ' + req.params.id); cp.exec('b ' + req.get('X-Forwarded-For')); cp.exec('c ' + req.app.locals.v); res.json({}); });
module.exports.handler = serverless(app);`);
    assert.deepEqual(e.map((h) => h.label), ['req.params.id', 'req.headers["x-forwarded-for"]']);
    const f = py(`
import os
from flask import Flask, request
app = Flask(__name__)
@app.post("/x")
def x():
    os.system(request.form["a"])
    os.system(request.args.get("b"))
    os.system(request.get_json()["c"])
    os.system(request.method)
    return "ok"
`);
    assert.deepEqual(f.map((h) => h.label), ['request.form.a', 'request.args.b', 'request.get_json().c']);
    const c = py(`
import os
from chalice import Chalice
app = Chalice(app_name="a")
@app.route("/x")
def x():
    r = app.current_request
    os.system(r.query_params["q"])
    os.system(r.json_body["b"])
    os.system(r.context["identity"]["sourceIp"])
`);
    assert.deepEqual(c.map((h) => h.label), ['app.current_request.query_params.q', 'app.current_request.json_body.b']);
  });
});

// ---------------------------------------------------------------------------------------------

describe('taint: propagation', () => {
  test('assignments, destructuring, spread, template literals, concatenation, arrays/objects, property access', () => {
    const hits = js(`
const cp = require('child_process');
exports.handler = async (event) => {
  const { queryStringParameters: { a }, pathParameters } = event;
  const { b, ...rest } = JSON.parse(event.body);
  const o = { ...rest, x: 1 };
  const arr = [a, 'k'];
  cp.exec(\`x \${arr[0]}\`);
  cp.exec('y ' + pathParameters.id);
  cp.exec('z ' + o.c);
  cp.exec(['w', b].join(' '));
  cp.exec('v ' + decodeURIComponent(Buffer.from(event.body, 'base64').toString()));
};`);
    assert.deepEqual(kinds(hits), ['command@8', 'command@9', 'command@10', 'command@11', 'command@12']);
    assert.equal(hits[0].label, 'event.queryStringParameters.a');
    assert.deepEqual(hits[0].f.path.map((s) => s.note), ['assigned to a', 'assigned to arr']);
  });

  test('Python: f-strings, %, format, dict/list literals, json.loads, unquote_plus, base64', () => {
    const hits = py(`
import os, json, base64
from urllib.parse import unquote_plus
def handler(event, context):
    body = json.loads(base64.b64decode(event["body"]))
    items = [body["a"], "x"]
    d = {"k": unquote_plus(event["queryStringParameters"]["k"])}
    os.system(f"a {items[0]}")
    os.system("b %s" % d["k"])
    os.system("c {}".format(body.get("c")))
`);
    assert.deepEqual(kinds(hits), ['command@8', 'command@9', 'command@10']);
  });

  test('same-file helpers: parameters, return values, nested calls, callbacks', () => {
    const hits = js(`
const cp = require('child_process');
function wrap(s) { return '"' + s + '"'; }
function build(a, b) { return 'cmd ' + wrap(a) + b; }
function run(cmd) { cp.exec(cmd); }
exports.handler = async (event) => {
  run(build(event.body, ''));
  [event.queryStringParameters.x].forEach((v) => cp.exec('echo ' + v));
  const out = [event.headers.h].map((h) => 'h=' + h);
  cp.exec(out[0]);
  run(build('const', ''));
};`);
    assert.deepEqual(kinds(hits), ['command@5', 'command@8', 'command@10']);
    const first = hits[0];
    assert.equal(first.label, 'event.body');
    assert.ok(first.f.path.some((s) => s.note.startsWith('passed to run(')), JSON.stringify(first.f.path));
  });

  test('cross-file: relatively-imported JS module (sink in the other file)', () => {
    const hits = js(`
const { search } = require('./lib/search');
exports.handler = async (event) => search(event.queryStringParameters.q);
`, { files: { '/app/lib/search.js': `const { Client } = require('pg');\nconst c = new Client();\nexports.search = (term) => c.query("SELECT * FROM t WHERE name LIKE '%" + term + "%'");\n` } });
    assert.equal(hits.length, 1);
    assert.equal(hits[0].file, '/app/lib/search.js');
    assert.equal(hits[0].line, 3);
    assert.equal(hits[0].f.source.file, '/app/handler.js');
    assert.equal(hits[0].label, 'event.queryStringParameters.q');
  });

  test('cross-file: ESM imports with default and named exports', () => {
    const hits = ts(`
import run, { quote } from './util';
export const handler = async (event: any) => { run(event.body); run(quote(event.headers.x)); };
`, { files: { '/app/util.ts': `import { execSync } from 'child_process';\nexport function quote(s: string) { return s.replace(/[^a-z]/g, ''); }\nexport default function run(c: string) { execSync('echo ' + c); }\n` } });
    assert.equal(hits.length, 1);
    assert.equal(hits[0].label, 'event.body');
  });

  test('cross-file: Python relative imports', () => {
    const hits = py(`
from .db import lookup
from . import shell
def handler(event, context):
    lookup(event["pathParameters"]["id"])
    shell.run(event["body"])
`, { files: {
      '/app/db.py': 'import sqlite3\nconn = sqlite3.connect("x")\ndef lookup(i):\n    return conn.execute("SELECT * FROM t WHERE id = " + i)\n',
      '/app/shell.py': 'import os\ndef run(c):\n    os.system(c)\n',
    } });
    assert.deepEqual(hits.map((h) => `${path.posix.basename(h.file)}:${h.line}:${h.kind}`), ['db.py:4:sql', 'shell.py:3:command']);
  });

  test('import depth is bounded and missing files are ignored', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`/app/m${i}.js`] = `const n = require('./m${i + 1}');\nexports.f = (x) => n.f(x);\n`;
    files['/app/m6.js'] = `exports.f = (x) => require('child_process').exec(x);\n`;
    const hits = js(`const m = require('./m0');\nconst missing = require('./nope');\nexports.handler = (event) => { m.f(event.body); missing.g(event.body); };`, { files });
    assert.deepEqual(hits, []);
  });

  test('recursion and deep call chains terminate', () => {
    const hits = js(`
const cp = require('child_process');
function a(x, n) { return n > 0 ? b(x, n - 1) : x; }
function b(x, n) { return a(x, n); }
function loop(x) { while (true) { x = x + 'a'; if (x.length > 3) break; } return x; }
exports.handler = async (event) => { cp.exec(a(event.body, 3)); cp.exec(loop(event.body)); };`);
    assert.deepEqual(kinds(hits), ['command@6', 'command@6']);
  });

  test('deterministic: same input gives the same findings', () => {
    const src = require('node:fs').readFileSync(path.join(__dirname, '../fixtures/handlers/js/sql-mysql.js'), 'utf8');
    const a = JSON.stringify(analyzeTaint({ path: 'x.js', text: src, lang: 'javascript', triggers: ['api'] }));
    const b = JSON.stringify(analyzeTaint({ path: 'x.js', text: src, lang: 'javascript', triggers: ['api'] }));
    assert.equal(a, b);
  });

  test('uses an existing parse; skipped files give no findings', () => {
    const src = `exports.handler = (event) => eval(event.body);`;
    const p = parseCode(src, 'javascript');
    const r = analyzeTaintDetailed({ path: 'h.js', text: src, lang: 'javascript', tree: p, triggers: ['api'] });
    assert.equal(r.findings.length, 1);
    freeParse(p);
    const big = analyzeTaintDetailed({ path: 'h.js', text: 'x'.repeat(2_000_000), lang: 'javascript', triggers: ['api'] });
    assert.deepEqual(big.findings, []);
    assert.match(big.skipped!, /limit/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('taint: sanitizers and guards', () => {
  const cmd = (line: string, pre = '') => js(`
const cp = require('child_process');
const path = require('path');
const ALLOWED = new Set(['a', 'b']);
const LIST = ['x', 'y'];
${pre}
exports.handler = async (event) => {
  const v = event.queryStringParameters.v;
  ${line}
};`);

  test('type coercion: parseInt, Number, unary +, Math.*', () => {
    assert.deepEqual(cmd(`cp.exec('sleep ' + parseInt(v, 10));`), []);
    assert.deepEqual(cmd(`cp.exec('sleep ' + Number(v));`), []);
    assert.deepEqual(cmd(`cp.exec('sleep ' + (+v));`), []);
    assert.deepEqual(cmd(`cp.exec('sleep ' + Math.floor(v));`), []);
    assert.equal(cmd(`cp.exec('sleep ' + v.trim());`).length, 1, 'trim is not a sanitizer');
  });

  test('allowlists: Set.has, includes, indexOf, in, switch to constants, equality', () => {
    assert.deepEqual(cmd(`if (ALLOWED.has(v)) cp.exec('x ' + v);`), []);
    assert.deepEqual(cmd(`if (!LIST.includes(v)) return; cp.exec('x ' + v);`), []);
    assert.deepEqual(cmd(`if (LIST.indexOf(v) === -1) throw new Error(); cp.exec('x ' + v);`), []);
    assert.deepEqual(cmd(`const M = { a: 1, b: 2 }; if (v in M) cp.exec('x ' + v);`), []);
    assert.deepEqual(cmd(`let t; switch (v) { case 'a': t = 'A'; break; case 'b': t = 'B'; break; default: return; } cp.exec('x ' + t);`), []);
    assert.deepEqual(cmd(`if (v === 'on' || v === 'off') {} else { return; } cp.exec('x ' + v);`), []);
    assert.equal(cmd(`if (ALLOWED.has(v)) {} cp.exec('x ' + v);`).length, 1, 'guard only holds in its branch');
    assert.equal(cmd(`if (!ALLOWED.has(v)) { cp.exec('x ' + v); }`).length, 1, 'negative branch stays tainted');
    assert.equal(cmd(`if (v.includes('a')) cp.exec('x ' + v);`).length, 1, 'tainted receiver is not an allowlist');
  });

  test('anchored regex guards; unanchored or permissive ones are not', () => {
    assert.deepEqual(cmd(`if (/^[a-z0-9]+$/.test(v)) cp.exec('x ' + v);`), []);
    assert.equal(cmd(`if (/[a-z0-9]+/.test(v)) cp.exec('x ' + v);`).length, 1);
    assert.equal(cmd(`if (/^.*$/.test(v)) cp.exec('x ' + v);`).length, 1);
    assert.equal(cmd(`if (/^[a-z ;]+$/.test(v)) cp.exec('x ' + v);`).length, 1, 'allows ; and space');
    assert.equal(cmd(`if (/^[a-z]+$/m.test(v)) cp.exec('x ' + v);`).length, 1, 'multiline anchors');
  });

  test('redirect targets checked to be same-origin paths; driver escaping; a && a.b', () => {
    const redirect = (check: string) => js(`exports.handler = async (event) => {\n  let to = event.queryStringParameters.to || '/';\n  ${check}\n  return { statusCode: 302, headers: { Location: to } };\n};`);
    assert.deepEqual(redirect(`if (!to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\\\')) to = '/';`), []);
    assert.equal(redirect(`if (!to.startsWith('/')) to = '/';`).length, 1, '//evil.example passes');
    assert.deepEqual(redirect(`if (!to.startsWith('https://app.example.com/')) return { statusCode: 400 };`), []);
    assert.equal(redirect(`if (!to.startsWith('https://app.example.com')) return { statusCode: 400 };`).length, 1, 'https://app.example.com.evil.example passes');
    assert.deepEqual(js(`const mysql = require('mysql');\nconst pool = mysql.createPool({});\nexports.handler = async (event) => pool.query('SELECT * FROM t WHERE a = ' + pool.escape(event.body));`), []);
    const and = js(`const cp = require('child_process');\nexports.handler = async (event) => { const v = event.queryStringParameters && event.queryStringParameters.v; cp.exec('x ' + v); };`);
    assert.deepEqual(and.map((h) => h.label), ['event.queryStringParameters.v']);
  });

  test('uuid / validator guards', () => {
    assert.deepEqual(js(`
const { validate: uuidValidate } = require('uuid');
const validator = require('validator');
const cp = require('child_process');
exports.handler = async (event) => {
  const id = event.pathParameters.id;
  if (!uuidValidate(id)) return { statusCode: 400 };
  cp.exec('show ' + id);
  const n = event.pathParameters.n;
  if (validator.isInt(n)) cp.exec('show ' + n);
};`), []);
  });

  test('sink-specific: shell quoting, path.basename, HTML escaping, encodeURIComponent', () => {
    assert.deepEqual(cmd(`cp.exec('cat ' + quote([v]));`, `const { quote } = require('shell-quote');`), []);
    assert.deepEqual(js(`const fs = require('fs'); const path = require('path');\nexports.handler = async (event) => fs.readFileSync('/d/' + path.basename(event.body));`), []);
    // basename does not make a shell command safe
    assert.equal(cmd(`cp.exec('cat ' + path.basename(v));`).length, 1);
    // encodeURIComponent: fine in a path/query component, not for a whole URL
    assert.deepEqual(js(`exports.handler = async (event) => fetch('https://api.example.com/u/' + encodeURIComponent(event.body));`), []);
    assert.equal(js(`exports.handler = async (event) => fetch(encodeURIComponent(event.body));`).length, 1);
    assert.equal(js(`exports.handler = async (event) => fetch('https://' + encodeURIComponent(event.body) + '/x');`).length, 1, 'host position');
  });

  test('parameterised queries', () => {
    assert.deepEqual(js(`
const { Pool } = require('pg');
const pool = new Pool();
exports.handler = async (event) => {
  await pool.query('SELECT * FROM t WHERE id = $1', [event.pathParameters.id]);
  await pool.query({ text: 'SELECT * FROM t WHERE id = $1', values: [event.body] });
};`), []);
    assert.deepEqual(py(`
import sqlite3
conn = sqlite3.connect("x")
def handler(event, context):
    conn.execute("SELECT * FROM t WHERE id = ?", (event["body"],))
`), []);
  });

  test('named sanitizers count only when their bodies constrain the value', () => {
    const fake = cmd(`cp.exec('x ' + sanitize(v));`, `function sanitize(s) { return s.toLowerCase(); }`);
    assert.equal(fake.length, 1);
    const real = cmd(`if (!isSafe(v)) return; cp.exec('x ' + v);`, `function isSafe(s) { return ALLOWED.has(s); }`);
    assert.deepEqual(real, []);
    const liar = cmd(`if (!isSafe(v)) return; cp.exec('x ' + v);`, `function isSafe(s) { return s.length < 100; }`);
    assert.equal(liar.length, 1);
    const asserting = cmd(`check(v); cp.exec('x ' + v);`, `function check(s) { if (!/^\\w+$/.test(s)) throw new Error('no'); }`);
    assert.deepEqual(asserting, []);
    const stripping = cmd(`cp.exec('x ' + clean(v));`, `function clean(s) { return s.replace(/[^a-z0-9]/g, ''); }`);
    assert.deepEqual(stripping, []);
  });

  test('zod parse / safeParse clear only constrained fields', () => {
    const hits = ts(`
import { z } from 'zod';
import { execSync } from 'child_process';
const S = z.object({ id: z.string().uuid(), n: z.coerce.number(), tag: z.string() });
export const handler = async (event: any) => {
  const v = S.parse(JSON.parse(event.body));
  execSync('a ' + v.id + v.n);
  execSync('b ' + v.tag);
  const r = S.safeParse(JSON.parse(event.body));
  if (r.success) execSync('c ' + r.data.id);
  execSync('d ' + v.extra);
};`);
    assert.deepEqual(kinds(hits), ['command@8']);
  });

  test('zod required from CommonJS (`const { z } = require("zod")`) is zod too; an unvalidated field stays a source', () => {
    const hits = js(`
const { z } = require('zod');
const { execSync } = require('child_process');
const S = z.object({ id: z.string().uuid() });
exports.handler = async (event) => {
  const v = S.parse(JSON.parse(event.body));
  execSync('a ' + v.id);
  execSync('b ' + JSON.parse(event.body).id);
};`);
    assert.deepEqual(kinds(hits), ['command@8']);
  });

  test('joi, yup, ajv guard, class-validator', () => {
    const hits = ts(`
import Joi from 'joi';
import * as yup from 'yup';
import Ajv from 'ajv';
import { IsUUID, IsString, validateOrReject } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { execSync } from 'child_process';
class Dto { @IsUUID() id!: string; @IsString() name!: string; }
const J = Joi.object({ id: Joi.string().guid(), name: Joi.string() });
const Y = yup.object({ id: yup.string().uuid(), name: yup.string() });
const check = new Ajv().compile({ type: 'object', properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' } }, additionalProperties: false });
export const handler = async (event: any) => {
  const j = J.validate(JSON.parse(event.body)).value;
  execSync('j ' + j.id);
  execSync('j ' + j.name);
  const y = await Y.validate(JSON.parse(event.body));
  execSync('y ' + y.id);
  execSync('y ' + y.name);
  const a = JSON.parse(event.body);
  if (!check(a)) return;
  execSync('a ' + a.id);
  execSync('a ' + a.name);
  const d = plainToInstance(Dto, JSON.parse(event.body));
  await validateOrReject(d);
  execSync('d ' + d.id);
  execSync('d ' + d.name);
};`);
    assert.deepEqual(kinds(hits), ['command@15', 'command@18', 'command@22', 'command@26']);
  });

  test('@middy/validator and Powertools parser / validation (TS)', () => {
    const hits = ts(`
import middy from '@middy/core';
import validator from '@middy/validator';
import { transpileSchema } from '@middy/validator/transpile';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { validate } from '@aws-lambda-powertools/validation';
import { z } from 'zod';
import { execSync } from 'child_process';
const schema = { type: 'object', properties: { queryStringParameters: { type: 'object', properties: { id: { type: 'string', enum: ['a'] } } } } };
const one = async (event: any) => { execSync('x ' + event.queryStringParameters.id); execSync('y ' + event.queryStringParameters.other); };
export const h1 = middy(one).use(validator({ eventSchema: transpileSchema(schema) }));
const Order = z.object({ id: z.number(), note: z.string() });
const two = async (event: any) => { execSync('x ' + event.id); execSync('y ' + event.note); };
export const h2 = middy(two).use(parser({ schema: Order }));
export const h3 = async (event: any) => {
  const body = JSON.parse(event.body);
  validate({ payload: body, schema: { type: 'object', properties: { id: { type: 'integer' } }, additionalProperties: false } });
  execSync('z ' + body.id);
};`, { triggers: ['api'] });
    assert.deepEqual(kinds(hits), ['command@10', 'command@13']);
  });

  test('Python: int(), uuid.UUID, isdigit, in, shlex.quote, basename, re.fullmatch', () => {
    const hits = py(`
import os, re, shlex, uuid
ALLOWED = ("a", "b")
def handler(event, context):
    q = event["queryStringParameters"]
    os.system("a " + str(int(q["n"])))
    try:
        uuid.UUID(q["id"])
    except ValueError:
        return {"statusCode": 400}
    os.system("b " + q["id"])
    if q["m"] in ALLOWED:
        os.system("c " + q["m"])
    os.system("d " + shlex.quote(q["s"]))
    open("/data/" + os.path.basename(q["f"]))
    if re.fullmatch(r"[a-z]+", q["w"]):
        os.system("e " + q["w"])
    if not q["p"].isdigit():
        raise ValueError()
    os.system("f " + q["p"])
    os.system("g " + q["raw"])
`);
    assert.deepEqual(kinds(hits), ['command@21']);
  });

  test('Python: pydantic, jsonschema, marshmallow, Powertools validator / event_parser', () => {
    const hits = py(`
import json, os
import jsonschema
from pydantic import BaseModel
from marshmallow import Schema, fields
from aws_lambda_powertools.utilities.validation import validator
from aws_lambda_powertools.utilities.parser import event_parser
class M(BaseModel):
    id: int
    name: str
class S(Schema):
    id = fields.UUID()
    name = fields.Str()
SCHEMA = {"type": "object", "properties": {"queryStringParameters": {"type": "object", "properties": {"id": {"type": "integer"}}}}}
def h1(event, context):
    m = M.model_validate(json.loads(event["body"]))
    os.system("a %s" % m.id)
    os.system("a " + m.name)
    s = S().load(json.loads(event["body"]))
    os.system("b %s" % s["id"])
    os.system("b " + s["name"])
    b = json.loads(event["body"])
    jsonschema.validate(b, {"type": "object", "properties": {"id": {"type": "integer"}}, "additionalProperties": False})
    os.system("c %s" % b["id"])
@validator(inbound_schema=SCHEMA)
def h2(event, context):
    os.system("d " + event["queryStringParameters"]["id"])
    os.system("d " + event["queryStringParameters"]["x"])
@event_parser(model=M)
def h3(event: M, context):
    os.system("e %s" % event.id)
    os.system("e " + event.name)
`);
    assert.deepEqual(kinds(hits), ['command@18', 'command@21', 'command@28', 'command@32']);
  });
});

describe('taint: robustness', () => {
  const fc = require('fast-check') as typeof import('fast-check');
  const fsm = require('node:fs') as typeof import('node:fs');
  const dir = path.join(__dirname, '../fixtures/handlers');
  const seeds: [string, CodeLang][] = [
    ['js/sql-mysql.js', 'javascript'], ['js/sanitizers.js', 'javascript'], ['ts/validators.ts', 'typescript'],
    ['py/flask_app.py', 'python'], ['py/validation.py', 'python'], ['holdout2/orm_views.py', 'python'],
  ].map(([f, l]) => [fsm.readFileSync(path.join(dir, f), 'utf8'), l as CodeLang]);

  test('mangled handlers never throw and give well-formed findings', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(fc.record({ pos: fc.nat(), del: fc.nat({ max: 40 }), ins: fc.constantFrom('', '(', ')', '{', '}', ':', 'event.body', 'eval(x)', '\n    ', 'return', 'if x:', '${', '`', '"', 'await ', '...', '**', 'lambda: 0') }), { maxLength: 8 }),
        (si, edits) => {
          let [text, lang] = seeds[si];
          for (const e of edits) {
            const at = e.pos % (text.length + 1);
            text = text.slice(0, at) + e.ins + text.slice(at + e.del);
          }
          const r = analyzeTaintDetailed({ path: '/x/h', text, lang, triggers: ['api', 'unknown'] });
          assert.equal(r.error, undefined, r.error);
          for (const f of r.findings) {
            assert.ok(f.sinkRange.start >= 0 && f.sinkRange.end <= text.length && f.sinkRange.start <= f.sinkRange.end);
            assert.ok(f.source.range.end <= text.length);
            assert.ok(SINK_KINDS.includes(f.sinkKind));
          }
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });

  test('pathological inputs: deep nesting, long concatenations, many functions', () => {
    const deep = `exports.handler = async (event) => { ${'if (x) { '.repeat(300)} eval(event.body); ${'} '.repeat(300)} };`;
    assert.equal(analyzeTaintDetailed({ path: 'd.js', text: deep, lang: 'javascript', triggers: ['api'] }).error, undefined);
    const chain = `exports.handler = async (event) => eval(${Array.from({ length: 3000 }, () => 'event.body').join(' + ')});`;
    const r = analyzeTaintDetailed({ path: 'c.js', text: chain, lang: 'javascript', triggers: ['api'] });
    assert.equal(r.error, undefined);
    assert.equal(r.findings.length, 1);
    const many = Array.from({ length: 400 }, (_, i) => `function f${i}(x) { return f${(i + 1) % 400}(x) + ${i}; }`).join('\n') + `\nexports.handler = async (event) => eval(f0(event.body));`;
    const { ms, value: m } = cpuTime(() => analyzeTaintDetailed({ path: 'm.js', text: many, lang: 'javascript', triggers: ['api'] }));
    assert.equal(m.error, undefined);
    const w = withinUnits(ms, 250);
    assert.ok(w.ok, w.message);
  });
});
