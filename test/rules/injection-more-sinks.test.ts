/**
 * Issue 13 "More sinks" and "Helpers reached through objects and promise chains": labelled true
 * cases and near-misses (written before the models), one run() per rule.
 */
import ssrf from '../../rules/injection-ssrf';
import command from '../../rules/injection-command';
import xss from '../../rules/injection-xss';
import nosql from '../../rules/injection-nosql';
import sql from '../../rules/injection-sql';
import { run } from '../helpers/rule-tester';
import { SNS, SQS, sls, useCodeParsers } from '../helpers/injection';

useCodeParsers();

// ------------------------------------------------------------------ sockets and curl/wget → SSRF
run(ssrf, {
  valid: [
    { name: 'net.connect to a fixed host, port from input', file: 'h.js', code: `const net = require('net');\nexports.handler = async (event) => {\n  net.connect({ host: 'db.internal', port: Number(event.queryStringParameters.port) });\n};\n` },
    { name: 'Socket.connect to a fixed host', file: 'h.js', code: `const net = require('net');\nexports.handler = async (event) => {\n  const s = new net.Socket();\n  s.connect(6379, 'cache.internal');\n  s.write(event.body);\n};\n` },
    { name: 'curl to a fixed host with an encoded path, argument array (execFile)', file: 'h.js', code: `const { execFileSync } = require('child_process');\nexports.handler = async (event) => {\n  execFileSync('curl', ['-s', 'https://api.example.com/items/' + encodeURIComponent(event.queryStringParameters.id)]);\n};\n` },
    { name: 'Python socket.connect to a fixed host, port from input', file: 'h.py', code: `import socket\ndef handler(event, context):\n    s = socket.socket()\n    s.connect(("smtp.internal", int(event["queryStringParameters"]["port"])))\n` },
    { name: 'Python: wget of a fixed URL', file: 'h.py', code: `import subprocess\ndef handler(event, context):\n    subprocess.run(["wget", "-q", "https://example.com/file.zip"])\n    return event["body"]\n` },
  ],
  invalid: [
    { name: 'new net.Socket().connect(port, host from the body)', file: 'h.js', code: `const net = require('net');\nexports.handler = async (event) => {\n  const { host } = JSON.parse(event.body);\n  const s = new net.Socket();\n  s.connect(80, host);\n};\n`, errors: [{ line: 5 }] },
    { name: 'net.connect({ host }) from the query string', file: 'h.js', code: `const net = require('net');\nexports.handler = async (event) => {\n  net.connect({ host: event.queryStringParameters.h, port: 25 });\n};\n`, errors: [{ line: 3 }] },
    { name: 'TypeScript tls.connect(port, host)', file: 'h.ts', code: `import * as tls from 'tls';\nexport const handler = async (event: any) => {\n  tls.connect(443, event.queryStringParameters.host);\n};\n`, errors: [{ line: 3 }] },
    { name: 'Python socket.connect((host, port)) from the query string', file: 'h.py', code: `import socket\ndef handler(event, context):\n    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n    s.connect((event["queryStringParameters"]["host"], 80))\n`, errors: [{ line: 4 }] },
    { name: 'curl command line with a URL from input (also command injection)', file: 'h.js', code: `const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  return execSync('curl -s ' + event.queryStringParameters.url).toString();\n};\n`, errors: [{ line: 3, message: 'curl' }] },
    { name: 'Python os.system wget with an f-string URL', file: 'h.py', code: `import os\ndef handler(event, context):\n    os.system(f"wget -O /tmp/x {event['queryStringParameters']['url']}")\n`, errors: [{ line: 3, message: 'wget' }] },
    { name: 'Python subprocess.run(["curl", url]) without a shell: SSRF only', file: 'h.py', code: `import subprocess, json\ndef handler(event, context):\n    url = json.loads(event["body"])["url"]\n    subprocess.run(["curl", "-s", url], check=True)\n`, errors: [{ line: 4 }] },
  ],
});

// ------------------------------------------------------------------ the same curl lines → command injection
run(command, {
  valid: [
    { name: 'curl through execFile (no shell): not command injection', file: 'h.js', code: `const { execFileSync } = require('child_process');\nexports.handler = async (event) => {\n  execFileSync('curl', ['-s', JSON.parse(event.body).url]);\n};\n` },
  ],
  invalid: [
    { name: 'curl command line with a URL from input', file: 'h.js', code: `const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  return execSync('curl -s ' + event.queryStringParameters.url).toString();\n};\n`, errors: [{ line: 3 }] },
    { name: 'Python os.system wget', file: 'h.py', code: `import os\ndef handler(event, context):\n    os.system(f"wget -O /tmp/x {event['queryStringParameters']['url']}")\n`, errors: [{ line: 3 }] },
  ],
});

// ------------------------------------------------------------------ HTML e-mail bodies → XSS
run(xss, {
  valid: [
    { name: 'SendEmailCommand with a text body from input', file: 'h.js', code: `const { SESClient, SendEmailCommand } = require('@aws-sdk/client-ses');\nconst ses = new SESClient({});\nexports.handler = async (event) => {\n  const b = JSON.parse(event.body);\n  await ses.send(new SendEmailCommand({ Source: 'a@example.com', Destination: { ToAddresses: ['b@example.com'] }, Message: { Subject: { Data: 'Hi' }, Body: { Text: { Data: 'Hello ' + b.name } } } }));\n  return { statusCode: 200 };\n};\n` },
    { name: 'Python send_email with an escaped HTML body', file: 'h.py', code: `import boto3, json, html\nses = boto3.client("ses")\ndef handler(event, context):\n    b = json.loads(event["body"])\n    ses.send_email(Source="a@example.com", Destination={"ToAddresses": ["b@example.com"]}, Message={"Subject": {"Data": "Hi"}, "Body": {"Html": {"Data": "<p>" + html.escape(b["name"]) + "</p>"}}})\n    return {"statusCode": 200}\n` },
  ],
  invalid: [
    { name: 'SendEmailCommand Body.Html.Data from the body', file: 'h.js', code: `const { SESClient, SendEmailCommand } = require('@aws-sdk/client-ses');\nconst ses = new SESClient({});\nexports.handler = async (event) => {\n  const b = JSON.parse(event.body);\n  await ses.send(new SendEmailCommand({ Source: 'a@example.com', Destination: { ToAddresses: ['b@example.com'] }, Message: { Subject: { Data: 'Hi' }, Body: { Html: { Data: \`<p>\${b.name}</p>\` } } } }));\n  return { statusCode: 200 };\n};\n`, errors: [{ line: 5, message: 'e-mail' }] },
    { name: 'TypeScript SDK v2 ses.sendEmail(params).promise() with a params object', file: 'h.ts', code: `import * as AWS from 'aws-sdk';\nconst ses = new AWS.SES();\nexport const handler = async (event: any) => {\n  const params = { Source: 'a@example.com', Destination: { ToAddresses: ['b@example.com'] }, Message: { Subject: { Data: 'Hi' }, Body: { Html: { Data: '<b>' + event.queryStringParameters.msg + '</b>' } } } };\n  await ses.sendEmail(params).promise();\n};\n`, errors: [{ message: 'e-mail' }] },
    { name: 'Python send_email Html Data from the body', file: 'h.py', code: `import boto3, json\nses = boto3.client("ses")\ndef handler(event, context):\n    b = json.loads(event["body"])\n    ses.send_email(Source="a@example.com", Destination={"ToAddresses": ["b@example.com"]}, Message={"Subject": {"Data": "Hi"}, "Body": {"Html": {"Data": "<p>" + b["name"] + "</p>"}}})\n    return {"statusCode": 200}\n`, errors: [{ line: 5, message: 'e-mail' }] },
    { name: 'SES v2 Content.Simple.Body.Html', file: 'h.py', code: `import boto3, json\nses = boto3.client("sesv2")\ndef handler(event, context):\n    b = json.loads(event["body"])\n    ses.send_email(FromEmailAddress="a@example.com", Destination={"ToAddresses": ["b@example.com"]}, Content={"Simple": {"Subject": {"Data": "Hi"}, "Body": {"Html": {"Data": "<p>%s</p>" % b["comment"]}}}})\n`, errors: [{ line: 5, message: 'e-mail' }] },
  ],
});

// ------------------------------------------------------------------ DynamoDB low-level filters → NoSQL
run(nosql, {
  valid: [
    { name: 'FilterExpression with a :v placeholder, value from input', file: 'h.py', code: `import boto3, json\nddb = boto3.client("dynamodb")\ndef handler(event, context):\n    b = json.loads(event["body"])\n    return ddb.scan(TableName="t", FilterExpression="#n = :v", ExpressionAttributeNames={"#n": "name"}, ExpressionAttributeValues={":v": {"S": b["name"]}})\n` },
    { name: 'ScanFilter with a fixed operator and a value from input', file: 'h.py', code: `import boto3, json\nddb = boto3.client("dynamodb")\ndef handler(event, context):\n    b = json.loads(event["body"])\n    return ddb.scan(TableName="t", ScanFilter={"name": {"AttributeValueList": [{"S": b["name"]}], "ComparisonOperator": "EQ"}})\n` },
    { name: 'JS ConditionExpression with placeholders', file: 'h.js', code: `const { DynamoDB } = require('aws-sdk');\nconst doc = new DynamoDB.DocumentClient();\nexports.handler = async (event) => {\n  const b = JSON.parse(event.body);\n  await doc.put({ TableName: 't', Item: { id: b.id }, ConditionExpression: 'attribute_not_exists(id) AND #o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': b.owner } }).promise();\n};\n` },
  ],
  invalid: [
    { name: 'FilterExpression concatenated with input', file: 'h.py', code: `import boto3, json\nddb = boto3.client("dynamodb")\ndef handler(event, context):\n    b = json.loads(event["body"])\n    return ddb.scan(TableName="t", FilterExpression="category = " + b["cat"])\n`, errors: [{ line: 5 }] },
    { name: 'ScanFilter taken whole from the body', file: 'h.py', code: `import boto3, json\nddb = boto3.client("dynamodb")\ndef handler(event, context):\n    b = json.loads(event["body"])\n    return ddb.scan(TableName="t", ScanFilter=b["filter"])\n`, errors: [{ line: 5 }] },
    { name: 'ScanFilter with an operator from input', file: 'h.py', code: `import boto3, json\nddb = boto3.client("dynamodb")\ndef handler(event, context):\n    b = json.loads(event["body"])\n    return ddb.scan(TableName="t", ScanFilter={"name": {"AttributeValueList": [{"S": "x"}], "ComparisonOperator": b["op"]}})\n`, errors: [{ line: 5 }] },
    { name: 'query(KeyConditions=…) from the body', file: 'h.py', code: `import boto3, json\nddb = boto3.client("dynamodb")\ndef handler(event, context):\n    return ddb.query(TableName="t", KeyConditions=json.loads(event["body"])["cond"])\n`, errors: [{ line: 4 }] },
    { name: 'JS ConditionExpression built by a template string', file: 'h.js', code: `const { DynamoDB } = require('aws-sdk');\nconst doc = new DynamoDB.DocumentClient();\nexports.handler = async (event) => {\n  const b = JSON.parse(event.body);\n  await doc.update({ TableName: 't', Key: { id: 'x' }, UpdateExpression: 'SET a = :a', ConditionExpression: \`owner = \${b.owner}\`, ExpressionAttributeValues: { ':a': 1 } }).promise();\n};\n`, errors: [{ line: 5 }] },
  ],
});

// ------------------------------------------------------------------ SQL from SNS/SQS messages; helpers through objects
const sqsPy = (q: string) => `import json, pymysql\nconn = pymysql.connect(host="db")\ndef handler(event, context):\n    for r in event["Records"]:\n        msg = json.loads(r["body"])\n        with conn.cursor() as cur:\n            ${q}\n`;
const snsPsycopg = (q: string) => `import json, psycopg\ndef handler(event, context):\n    m = json.loads(event["Records"][0]["Sns"]["Message"])\n    with psycopg.connect("dbname=app") as conn:\n        ${q}\n`;

const onQueue = (trigger: string, code: string) => ({ file: 'h.py', code, files: { 'serverless.yml': sls({ w: ['h.handler', trigger] }, 'python3.12'), 'h.py': code } });

const dbObjJs = `const mysql = require('mysql');\nconst pool = mysql.createPool({});\nmodule.exports = {\n  query: (sql) => new Promise((ok, ko) => pool.query(sql, (e, r) => (e ? ko(e) : ok(r)))),\n};\n`;
const dbNamedObjJs = `const { Pool } = require('pg');\nconst pool = new Pool();\nconst db = {\n  query(sql, params) { return pool.query(sql, params); },\n};\nmodule.exports = db;\n`;
const dbDefaultEsm = `import pg from 'pg';\nconst pool = new pg.Pool();\nexport default {\n  query: async (text, params) => pool.query(text, params),\n};\n`;
const dbClassBindJs = `import mysql from 'mysql';\nclass Database {\n  query(sql, connection) {\n    return new Promise((ok) => connection.query(sql, (e, rows) => ok(rows)));\n  }\n  connect() { return Promise.resolve(mysql.createConnection({})); }\n}\nfunction run(sql) {\n  const db = new Database();\n  return db.connect().then(db.query.bind(this, sql));\n}\nexport const fns = {\n  addCompany: async function (name) { return run(\`INSERT INTO Companies (NAME) VALUES ('\${name}')\`); },\n  countParts: async (part) => run('SELECT count(*) FROM ' + part),\n};\nexport default fns;\n`;
const dbDefaultTs = `import { Pool } from 'pg';\nconst pool = new Pool();\nexport default {\n  query(sql: string) {\n    return pool.query(sql);\n  },\n};\n`;

run(sql, {
  valid: [
    { name: 'pymysql with %s parameters from an SQS message', ...onQueue(SQS, sqsPy(`cur.execute("SELECT * FROM orders WHERE id = %s", (msg["id"],))`)) },
    { name: 'psycopg with parameters from an SNS message', ...onQueue(SNS, snsPsycopg(`conn.execute("UPDATE t SET s = %s WHERE id = %s", (m["s"], m["id"]))`)) },
    { name: 'bound helper called with a parameterised query', file: 'h.js', code: `const db = require('./lib/db');\nexports.handler = async (event) => db.query.call(db, 'SELECT * FROM t WHERE id = $1', [event.pathParameters.id]);\n`, files: { 'lib/db.js': dbNamedObjJs } },
    { name: 'bound helper with constant SQL', file: 'h.js', code: `import db from './dbUtils.js';\nexport async function handler(event) {\n  return db.countParts('Socks');\n}\n`, files: { 'dbUtils.js': dbClassBindJs } },
    { name: 'object helper called with a constant query', file: 'h.js', code: `const db = require('./db');\nexports.handler = async (event) => db.query('SELECT 1');\n`, files: { 'db.js': dbObjJs } },
  ],
  invalid: [
    { name: 'pymysql with %-formatting of an SQS message', ...onQueue(SQS, sqsPy(`cur.execute("SELECT * FROM orders WHERE id = '%s'" % msg["id"])`)), errors: [{ line: 7 }] },
    { name: 'psycopg conn.execute with %-formatting of an SNS message', ...onQueue(SNS, snsPsycopg(`conn.execute("DELETE FROM t WHERE id = %s" % m["id"])`)), errors: [{ line: 5 }] },
    { name: 'module.exports = { query: (sql) => … } helper', file: 'h.js', code: `const db = require('./db');\nexports.handler = async (event) => {\n  return db.query('SELECT * FROM t WHERE id = ' + event.pathParameters.id);\n};\n`, files: { 'db.js': dbObjJs }, errors: [{ line: 3 }] },
    { name: 'export default { query(sql) {…} } helper (TypeScript)', file: 'h.ts', code: `import db from './db';\nexport const handler = async (event: any) => {\n  return db.query(\`SELECT * FROM t WHERE name = '\${event.queryStringParameters.name}'\`);\n};\n`, files: { 'db.ts': dbDefaultTs }, errors: [{ line: 3 }] },
    { name: 'const db = { query(sql) {…} }; module.exports = db, destructured at the caller', file: 'h.js', code: `const { query } = require('./lib/db');\nexports.handler = async (event) => {\n  return query('SELECT * FROM t WHERE id = ' + event.pathParameters.id);\n};\n`, files: { 'lib/db.js': dbNamedObjJs }, errors: [{ line: 3 }] },
    { name: 'ESM default object imported with a .js extension (TypeScript)', file: 'h.ts', code: `import db from './db.js';\nexport const handler = async (event: any) => {\n  const { rows } = await db.query(\`SELECT * FROM t WHERE id = \${event.pathParameters.id}\`);\n  return rows;\n};\n`, files: { 'db.js': dbDefaultEsm }, errors: [{ line: 3 }] },
    { name: 'promise chain .then(db.query) (unbound method reference)', file: 'h.js', code: `const db = require('./db');\nexports.handler = async (event) => {\n  return Promise.resolve('SELECT * FROM t WHERE id = ' + event.pathParameters.id).then(db.query);\n};\n`, files: { 'db.js': dbObjJs }, errors: [{ line: 3 }] },
    { name: 'default-exported object of functions; helper bound with a leading argument (.then(db.query.bind(this, sql)))', file: 'h.js', code: `import db from './dbUtils.js';\nexport async function handler(event) {\n  const b = JSON.parse(event.body);\n  return db.addCompany(b.name);\n}\n`, files: { 'dbUtils.js': dbClassBindJs }, errors: [{ line: 4 }] },
    { name: 'the same bound helper reached through an arrow property', file: 'h.js', code: `import db from './dbUtils.js';\nexport async function handler(event) {\n  return db.countParts(event.pathParameters.part);\n}\n`, files: { 'dbUtils.js': dbClassBindJs }, errors: [{ line: 3 }] },
    { name: 'promise chain .then(db.query.bind(db))', file: 'h.js', code: `const db = require('./db');\nexports.handler = async (event) => {\n  return Promise.resolve('SELECT * FROM t WHERE id = ' + event.pathParameters.id).then(db.query.bind(db));\n};\n`, files: { 'db.js': dbObjJs }, errors: [{ line: 3 }] },
    { name: 'db.query.call(db, sql)', file: 'h.js', code: `const db = require('./db');\nexports.handler = async (event) => {\n  const sql = 'SELECT * FROM t WHERE id = ' + event.pathParameters.id;\n  return db.query.call(db, sql);\n};\n`, files: { 'db.js': dbObjJs }, errors: [{ line: 4 }] },
    { name: 'db.query.apply(db, [sql])', file: 'h.js', code: `const db = require('./db');\nexports.handler = async (event) => {\n  const sql = 'SELECT * FROM t WHERE id = ' + event.pathParameters.id;\n  return db.query.apply(db, [sql]);\n};\n`, files: { 'db.js': dbObjJs }, errors: [{ line: 4 }] },
  ],
});
