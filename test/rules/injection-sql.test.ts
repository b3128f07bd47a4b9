import rule from '../../rules/injection-sql';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleFindings, run } from '../helpers/rule-tester';
import { HTTP, SCHEDULE, SQS, checkCodeFixes, sls, useCodeParsers } from '../helpers/injection';

useCodeParsers();

const jsVuln = `const mysql = require('mysql2/promise');
const pool = mysql.createPool({ host: process.env.DB_HOST });

exports.handler = async (event) => {
  const id = event.pathParameters.id;
  const [rows] = await pool.query('SELECT * FROM orders WHERE id = ' + id);
  return { statusCode: 200, body: JSON.stringify(rows) };
};
`;

const sqsJs = `const { Client } = require('pg');
const db = new Client();

exports.main = async (event) => {
  for (const record of event.Records) {
    const job = JSON.parse(record.body);
    await db.query(\`UPDATE jobs SET state = 'done' WHERE id = '\${job.id}'\`);
  }
};
`;

const pyVuln = `import pymysql

conn = pymysql.connect(host="db")


def handler(event, context):
    name = event["queryStringParameters"]["name"]
    with conn.cursor() as cur:
        cur.execute("SELECT * FROM users WHERE name = '%s'" % name)
        return {"statusCode": 200, "body": str(cur.fetchall())}
`;

const helperDb = `const { Client } = require('pg');
const c = new Client();
exports.search = (term) => c.query('SELECT * FROM t WHERE id = ' + term);
`;
const handlerUsingHelper = `const { search } = require('./lib/db');
exports.handler = async (event) => {
  const rows = await search(event.queryStringParameters.q);
  return { statusCode: 200, body: JSON.stringify(rows) };
};
`;

run(rule, {
  valid: [
    {
      name: 'parameterised query',
      file: 'handler.js',
      code: `const mysql = require('mysql2/promise');
const pool = mysql.createPool({});
exports.handler = async (event) => {
  const [rows] = await pool.query('SELECT * FROM orders WHERE id = ?', [event.pathParameters.id]);
  return { statusCode: 200, body: JSON.stringify(rows) };
};
`,
    },
    {
      name: 'table name from an allowlist, value parameterised',
      file: 'handler.ts',
      code: `import type { APIGatewayProxyEvent } from 'aws-lambda';
import { Pool } from 'pg';
const pool = new Pool();
const TABLES = new Set(['orders', 'invoices']);
export const handler = async (event: APIGatewayProxyEvent) => {
  const table = event.pathParameters?.table ?? '';
  if (!TABLES.has(table)) return { statusCode: 404, body: '' };
  const r = await pool.query(\`SELECT * FROM \${table} WHERE id = $1\`, [event.pathParameters?.id]);
  return { statusCode: 200, body: JSON.stringify(r.rows) };
};
`,
    },
    {
      name: 'parseInt-coerced id',
      file: 'handler.ts',
      code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
export async function handler(event: any) {
  const id = parseInt(event.queryStringParameters.id, 10);
  await pool.query('DELETE FROM t WHERE id = ' + id);
}
`,
    },
    {
      name: 'zod schema result used (uuid)',
      file: 'handler.ts',
      code: `import { z } from 'zod';
import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
const Body = z.object({ id: z.string().uuid() });
export const handler = async (event: any) => {
  const { id } = Body.parse(JSON.parse(event.body));
  await pool.query(\`SELECT * FROM t WHERE id = '\${id}'\`);
};
`,
    },
    {
      name: 'Python DB-API with parameters',
      file: 'handler.py',
      code: `import pymysql
conn = pymysql.connect(host="db")
def handler(event, context):
    cur = conn.cursor()
    cur.execute("SELECT * FROM users WHERE name = %s", (event["queryStringParameters"]["name"],))
    return {"statusCode": 200}
`,
    },
    {
      name: 'Python int() coercion',
      file: 'handler.py',
      code: `import sqlite3
conn = sqlite3.connect("x.db")
def handler(event, context):
    n = int(event["pathParameters"]["n"])
    conn.execute(f"SELECT * FROM t LIMIT {n}")
`,
    },
    {
      name: 'SQS handler: the message body is not a source for a scheduled function',
      file: 'worker.js',
      code: sqsJs,
      files: { 'serverless.yml': sls({ worker: ['worker.main', SCHEDULE] }), 'worker.js': sqsJs },
    },
    {
      name: 'requestContext.authorizer is set by AWS, not the caller',
      file: 'api.js',
      code: `const mysql = require('mysql2/promise');
const pool = mysql.createPool({});
exports.handler = async (event) => {
  const tenant = event.requestContext.authorizer.claims['custom:tenant'];
  await pool.query(\`SELECT * FROM orders WHERE tenant = '\${tenant}'\`);
};
`,
      files: { 'serverless.yml': sls({ api: ['api.handler', HTTP] }), 'api.js': '' },
    },
    {
      name: 'a file that does not look like a handler and no config links it is not analysed as one',
      file: 'lib/util.js',
      code: `const mysql = require('mysql2/promise');
const pool = mysql.createPool({});
exports.byName = (name) => pool.query('SELECT * FROM t WHERE name = ' + name);
`,
    },
  ],
  invalid: [
    {
      name: 'mysql2 string concatenation (no config: API Gateway assumed)',
      file: 'handler.js',
      code: jsVuln,
      errors: [{ text: "pool.query('SELECT * FROM orders WHERE id = ' + id)", line: 6, severity: 'error', message: '`event.pathParameters.id` (line 5) reaches an SQL query (pool.query) without validation' }],
      fixes: [{ title: 'Use a parameterised query', output: jsVuln.replace("'SELECT * FROM orders WHERE id = ' + id", "'SELECT * FROM orders WHERE id = ?', [id]") }],
    },
    {
      name: 'TypeScript pg template literal, typed event',
      file: 'src/orders.ts',
      code: `import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Pool } from 'pg';
const pool = new Pool();
export const main = async (event: APIGatewayProxyEventV2) => {
  const { status } = JSON.parse(event.body ?? '{}');
  const r = await pool.query(\`SELECT * FROM orders WHERE status = '\${status}'\`);
  return { statusCode: 200, body: JSON.stringify(r.rows) };
};
`,
      errors: [{ line: 6, message: /^`event\.body` \(line 5\) reaches an SQL query \(pool\.query\)/ }],
      fixes: [{ title: 'Use a parameterised query' }],
    },
    {
      name: 'Python % formatting',
      file: 'handler.py',
      code: pyVuln,
      errors: [{ line: 9, message: '`event.queryStringParameters.name` (line 7) reaches an SQL query (cur.execute)' }],
      fixes: [{ title: 'parameterised' }],
    },
    {
      name: 'Python f-string on sqlite3',
      file: 'app.py',
      code: `import sqlite3
conn = sqlite3.connect("x.db")
def lambda_handler(event, context):
    user = event["pathParameters"]["user"]
    rows = conn.execute(f"SELECT * FROM t WHERE user = '{user}'").fetchall()
    return {"statusCode": 200, "body": str(rows)}
`,
      errors: [{ line: 5, message: '`event.pathParameters.user` (line 4)' }],
    },
    {
      name: 'SQS message body is a source for a function with an sqs event',
      file: 'worker.js',
      code: sqsJs,
      files: { 'serverless.yml': sls({ worker: ['worker.main', SQS] }), 'worker.js': sqsJs },
      errors: [{ line: 7, message: '`event.Records[].body` (line 6) reaches an SQL query (db.query)' }],
    },
    {
      name: 'config export name decides what is analysed',
      file: 'multi.js',
      code: `const mysql = require('mysql2/promise');
const pool = mysql.createPool({});
exports.cron = async (event) => { await pool.query('DELETE FROM t WHERE id = ' + event.detail.id); };
exports.api = async (event) => { await pool.query('DELETE FROM t WHERE id = ' + event.body); };
`,
      files: { 'serverless.yml': sls({ cron: ['multi.cron', SCHEDULE], api: ['multi.api', HTTP] }), 'multi.js': '' },
      errors: [{ line: 4, message: '`event.body` (line 4)' }],
    },
    {
      name: 'two sources into one sink: one finding naming both',
      file: 'handler.js',
      code: `const mysql = require('mysql2/promise');
const pool = mysql.createPool({});
exports.handler = async (event) => {
  await pool.query('SELECT * FROM t WHERE a = ' + event.queryStringParameters.a + ' AND b = ' + event.headers.b);
};
`,
      errors: [{ line: 4, message: 'Also reached by `event.headers.b`' }],
    },
    {
      name: 'cross-file: handler side, reported at the call passing the value',
      file: 'handler.js',
      code: handlerUsingHelper,
      files: { 'lib/db.js': helperDb },
      errors: [{ text: 'search(event.queryStringParameters.q)', line: 3, messageId: 'atCall', message: '`event.queryStringParameters.q` (line 3) is passed into search() and reaches an SQL query (c.query, lib/db.js line 3)' }],
    },
    {
      name: 'cross-file: helper side, reported at the sink (handler found through the config)',
      file: 'lib/db.js',
      code: helperDb,
      files: { 'serverless.yml': sls({ search: ['handler.handler', HTTP] }), 'handler.js': handlerUsingHelper, 'lib/db.js': helperDb },
      errors: [{ line: 3, messageId: 'atSink', message: '`event.queryStringParameters.q` (../handler.js line 3) reaches an SQL query' }],
    },
  ],
});

describe('injection-sql details', () => {
  it('puts the source → sink path in related information', () => {
    const [f] = ruleFindings(rule, { file: 'handler.js', code: jsVuln });
    assert.ok(f.related && f.related.length >= 3, JSON.stringify(f.related));
    assert.equal(jsVuln.slice(f.related[0].range.start, f.related[0].range.end), 'event.pathParameters.id');
    assert.match(f.related[0].message, /^source: `event\.pathParameters\.id`/);
    assert.match(f.related[0].message, /API Gateway/);
    assert.match(f.related[f.related.length - 1].message, /^sink: pool\.query/);
    assert.ok(f.related.every((r) => r.file === '/project/handler.js'));
  });
  it('reports config-linked handlers without the API-Gateway assumption note', () => {
    const [f] = ruleFindings(rule, { file: 'worker.js', code: sqsJs, files: { 'serverless.yml': sls({ worker: ['worker.main', SQS] }), 'worker.js': sqsJs } });
    assert.doesNotMatch(f.related![0].message, /API Gateway/);
  });
  it('reports a cross-file flow once: at the sink when the helper\'s analysis finds it (issue 10, one finding per cause)', () => {
    const files = { 'serverless.yml': sls({ search: ['handler.handler', HTTP] }), 'handler.js': handlerUsingHelper, 'lib/db.js': helperDb };
    const inHandler = ruleFindings(rule, { file: 'handler.js', code: handlerUsingHelper, files });
    const inHelper = ruleFindings(rule, { file: 'lib/db.js', code: helperDb, files });
    assert.equal(inHandler.length, 0);
    assert.equal(inHelper.length, 1);
    assert.equal(inHelper[0].file, '/project/lib/db.js');
    // the helper's finding carries the fix, in its own file, and names the handler's call on its path
    assert.ok(inHelper[0].fixes.some((x) => x.title.includes('parameterised') && x.changes[0].file === '/project/lib/db.js'));
    assert.ok(inHelper[0].related!.some((r) => r.file === '/project/handler.js'));
  });
  it('reports a cross-file flow at the call when the helper cannot report it (no config near the helper)', () => {
    const files = { 'fn/serverless.yml': sls({ search: ['handler.handler', HTTP] }), 'fn/handler.js': handlerUsingHelper.replace('./lib/db', '../shared/db'), 'shared/db.js': helperDb };
    const inHandler = ruleFindings(rule, { file: 'fn/handler.js', code: files['fn/handler.js'], files });
    const inHelper = ruleFindings(rule, { file: 'shared/db.js', code: helperDb, files });
    assert.equal(inHandler.length, 1);
    assert.equal(inHelper.length, 0);
  });
  it('fixes produce code that parses and no longer reports (mysql2, pg, Python DB-API, sqlite3)', () => {
    const cases: { file: string; code: string; expect: string }[] = [
      { file: 'handler.js', code: jsVuln, expect: "'SELECT * FROM orders WHERE id = ?', [id]" },
      {
        file: 'handler.ts',
        code: `import { Pool } from 'pg';\nconst pool = new Pool();\nexport const handler = async (event: any) => {\n  const r = await pool.query(\`SELECT * FROM t WHERE a = '\${event.queryStringParameters.a}' AND b = \${event.pathParameters.b}\`);\n  return { statusCode: 200, body: JSON.stringify(r.rows) };\n};\n`,
        expect: '$2',
      },
      { file: 'handler.py', code: pyVuln, expect: '%s' },
      { file: 'app.py', code: `import sqlite3\nconn = sqlite3.connect("x.db")\ndef handler(event, context):\n    conn.execute("SELECT * FROM t WHERE id = " + event["pathParameters"]["id"])\n`, expect: '?' },
    ];
    for (const c of cases) {
      const fixed = checkCodeFixes(rule, c);
      assert.equal(fixed.length, 1, c.code);
      assert.ok(fixed[0].includes(c.expect), fixed[0]);
    }
  });
});

// --- issue 11 item 7: shapes the first parameterising fix did not cover ----------------------------
describe('injection-sql: more parameterised shapes', () => {
  const fixedBy = (file: string, code: string) => {
    const fixed = checkCodeFixes(rule, { file, code });
    assert.equal(fixed.length, 1, code);
    return fixed[0];
  };
  it("a value inside a quoted literal with constant text ('%…%') becomes one text parameter", () => {
    const js = `const mysql = require('mysql2/promise');\nexports.handler = async (event) => {\n  const db = await mysql.createConnection({});\n  const [rows] = await db.query(\`SELECT * FROM users WHERE name LIKE '%\${event.queryStringParameters.q}%' AND active = 1\`);\n  return { statusCode: 200, body: JSON.stringify(rows) };\n};\n`;
    assert.ok(fixedBy('handler.js', js).includes("db.query('SELECT * FROM users WHERE name LIKE ? AND active = 1', [`%${event.queryStringParameters.q}%`])"));
  });
  it('Python DB-API: literal % of the remaining SQL is doubled, a formatted value stays text', () => {
    const py = `import psycopg2\nconn = psycopg2.connect("")\n\n\ndef handler(event, context):\n    cur = conn.cursor()\n    term = event["queryStringParameters"]["q"]\n    cur.execute(f"SELECT * FROM t WHERE kind LIKE 'a%' AND name = '{term}'")\n    return cur.fetchall()\n`;
    assert.ok(fixedBy('handler.py', py).includes(`cur.execute("SELECT * FROM t WHERE kind LIKE 'a%%' AND name = %s", (str(term),))`));
  });
  it('PostgreSQL: a double-quoted identifier is not a value position', () => {
    const code = `const { Pool } = require('pg');\nconst pool = new Pool();\nexports.handler = async (event) => {\n  await pool.query(\`SELECT * FROM t ORDER BY "\${event.queryStringParameters.col}"\`);\n};\n`;
    const [f] = ruleFindings(rule, { file: 'handler.js', code });
    assert.deepEqual(f.fixes.filter((x) => !x.title.startsWith('Ignore ')), []);
  });
  it('SQLAlchemy text(): named bound parameters in a dict', () => {
    const flask = `from flask import Flask, request\nfrom sqlalchemy import text\nfrom db import session\napp = Flask(__name__)\n\n\n@app.route("/search")\ndef search():\n    term = request.args["q"]\n    return str(session.execute(text("SELECT * FROM users WHERE name LIKE '%" + term + "%'")).all())\n`;
    assert.ok(fixedBy('app.py', flask).includes(`session.execute(text("SELECT * FROM users WHERE name LIKE :p1"), {"p1": f"%{term}%"})`));
  });
  it('DynamoDB PartiQL (boto3 client): quoted values become typed S parameters; an unquoted one gets no fix', () => {
    const py = `import json\nimport boto3\nclient = boto3.client("dynamodb")\n\n\ndef handler(event, context):\n    body = json.loads(event["body"])\n    return client.execute_statement(Statement=f"SELECT * FROM orders WHERE pk = '{body['pk']}'")\n`;
    assert.ok(fixedBy('handler.py', py).includes(`client.execute_statement(Statement="SELECT * FROM orders WHERE pk = ?", Parameters=[{"S": str(body['pk'])}])`));
    const [f] = ruleFindings(rule, { file: 'handler.py', code: py.replace("'{body['pk']}'", "{body['pk']}") });
    assert.deepEqual(f.fixes.filter((x) => !x.title.startsWith('Ignore ')), []);
  });
});
