/**
 * Issue 13 audit (recall5): the "More sinks" and "Helpers" classes had no TypeScript case for some
 * shapes (curl/wget command lines, DynamoDB expression strings, SES text bodies, helper
 * near-misses). Labelled true cases and near-misses, written before running the rules on them.
 */
import ssrf from '../../rules/injection-ssrf';
import command from '../../rules/injection-command';
import xss from '../../rules/injection-xss';
import nosql from '../../rules/injection-nosql';
import sql from '../../rules/injection-sql';
import { run } from '../helpers/rule-tester';
import { SNS, sls, useCodeParsers } from '../helpers/injection';

useCodeParsers();

const curlTs = `import { execSync } from 'child_process';
export const handler = async (event: { queryStringParameters: Record<string, string> }) => {
  const page = execSync(\`curl -sL \${event.queryStringParameters.url}\`).toString();
  return { statusCode: 200, body: JSON.stringify({ size: page.length }) };
};
`;
const wgetFixedTs = `import { execSync } from 'child_process';
export const handler = async (event: unknown) => {
  execSync('wget -q -O /tmp/rates.json https://api.example.com/rates');
  return { statusCode: 204 };
};
`;
const execFileTs = `import { execFileSync } from 'child_process';
export const handler = async (event: { body: string }) => {
  const { url } = JSON.parse(event.body);
  execFileSync('curl', ['-s', '--', 'https://api.example.com/items/' + encodeURIComponent(url)]);
  return { statusCode: 204 };
};
`;

// curl/wget: SSRF and command injection on one line (TypeScript)
run(ssrf, {
  valid: [
    { name: 'TypeScript: wget of a fixed URL', file: 'h.ts', code: wgetFixedTs },
    { name: 'TypeScript: curl through execFile to a fixed host, encoded path', file: 'h.ts', code: execFileTs },
    {
      name: 'TypeScript: tls.connect to a fixed host, the port a number from the query string',
      file: 'h.ts',
      code: `import * as tls from 'tls';\nexport const handler = async (event: any) => {\n  const port = Number(event.queryStringParameters.port);\n  tls.connect(port, 'ledger.internal.example.com', () => undefined);\n  return { statusCode: 204 };\n};\n`,
    },
  ],
  invalid: [{ name: 'TypeScript: curl command line with a URL from the query string', file: 'h.ts', code: curlTs, errors: [{ line: 3 }] }],
});
run(command, {
  valid: [
    { name: 'TypeScript: wget of a fixed URL', file: 'h.ts', code: wgetFixedTs },
    { name: 'TypeScript: curl through execFile (no shell)', file: 'h.ts', code: execFileTs },
  ],
  invalid: [{ name: 'TypeScript: the same curl line is command injection too', file: 'h.ts', code: curlTs, errors: [{ line: 3 }] }],
});

// DynamoDB expression strings (TypeScript, DocumentClient and SDK v3)
run(nosql, {
  valid: [
    {
      name: 'TypeScript SDK v3: ScanFilter with a fixed operator, the value a string from the body',
      file: 'h.ts',
      code: `import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\nconst ddb = new DynamoDBClient({});\nexport const handler = async (event: any) => {\n  const b = JSON.parse(event.body);\n  return ddb.send(new ScanCommand({ TableName: 't', ScanFilter: { name: { AttributeValueList: [{ S: String(b.v) }], ComparisonOperator: 'EQ' } } }));\n};\n`,
    },
    {
      name: 'TypeScript: FilterExpression with placeholders, value from the body',
      file: 'h.ts',
      code: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';\nconst doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nexport const handler = async (event: { body: string }) => {\n  const b = JSON.parse(event.body);\n  return doc.send(new ScanCommand({ TableName: 't', FilterExpression: 'category = :c', ExpressionAttributeValues: { ':c': String(b.category) } }));\n};\n`,
    },
  ],
  invalid: [
    {
      name: 'JS SDK v2: low-level scan(ScanFilter) taken whole from the body',
      file: 'h.js',
      code: `const AWS = require('aws-sdk');\nconst ddb = new AWS.DynamoDB();\nexports.handler = async (event) => {\n  const b = JSON.parse(event.body);\n  return ddb.scan({ TableName: 't', ScanFilter: b.filter }).promise();\n};\n`,
      errors: [{ line: 5 }],
    },
    {
      name: 'TypeScript SDK v3: QueryCommand KeyConditions from the body',
      file: 'h.ts',
      code: `import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';\nconst ddb = new DynamoDBClient({});\nexport const handler = async (event: any) => {\n  const b = JSON.parse(event.body);\n  return ddb.send(new QueryCommand({ TableName: 't', KeyConditions: b.cond }));\n};\n`,
      errors: [{ line: 5 }],
    },
    {
      name: 'TypeScript: FilterExpression built by a template string from the body',
      file: 'h.ts',
      code: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';\nconst doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nexport const handler = async (event: { body: string }) => {\n  const b = JSON.parse(event.body);\n  return doc.send(new ScanCommand({ TableName: 't', FilterExpression: \`\${b.field} = :c\`, ExpressionAttributeValues: { ':c': 'x' } }));\n};\n`,
      errors: [{ line: 6 }],
    },
  ],
});

// SES: a text body is no HTML (TypeScript near miss; the HTML cases are in injection-more-sinks)
run(xss, {
  valid: [
    {
      name: 'TypeScript: SendEmailCommand with a Text body from input',
      file: 'h.ts',
      code: `import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';\nconst ses = new SESClient({});\nexport const handler = async (event: { body: string }) => {\n  const b = JSON.parse(event.body);\n  await ses.send(new SendEmailCommand({ Source: 'a@example.com', Destination: { ToAddresses: ['b@example.com'] }, Message: { Subject: { Data: 'Hi' }, Body: { Text: { Data: 'Hello ' + b.name } } } }));\n};\n`,
    },
  ],
  invalid: [
    {
      name: 'TypeScript: SendEmailCommand Html body from input',
      file: 'h.ts',
      code: `import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';\nconst ses = new SESClient({});\nexport const handler = async (event: { body: string }) => {\n  const b = JSON.parse(event.body);\n  await ses.send(new SendEmailCommand({ Source: 'a@example.com', Destination: { ToAddresses: ['b@example.com'] }, Message: { Subject: { Data: 'Hi' }, Body: { Html: { Data: '<p>' + b.name + '</p>' } } } }));\n};\n`,
      errors: [{ line: 5, message: 'e-mail' }],
    },
  ],
});

// helpers through objects, bind, call (TypeScript near misses beside the true case)
const dbTs = `const mysql = require('mysql');\nconst pool = mysql.createPool({});\nconst db = {\n  query(sql: string, params?: unknown[]) { return new Promise((res) => pool.query(sql, params, (e: unknown, r: unknown) => res(r))); },\n};\n`;
run(sql, {
  valid: [
    { name: 'TypeScript: object helper called through .call with a parameterised query', file: 'h.ts', code: `${dbTs}export const handler = async (event: any) => db.query.call(db, 'SELECT * FROM t WHERE id = ?', [event.pathParameters.id]);\n` },
    { name: 'TypeScript: bound helper in a promise chain with constant SQL', file: 'h.ts', code: `${dbTs}export const handler = async (event: any) => Promise.resolve('SELECT 1').then(db.query.bind(db));\n` },
  ],
  invalid: [
    { name: 'TypeScript: object helper reached through .apply with concatenated SQL', file: 'h.ts', code: `${dbTs}export const handler = async (event: any) => db.query.apply(db, ['SELECT * FROM t WHERE id = ' + event.pathParameters.id]);\n`, errors: [{ message: 'event.pathParameters.id' }] },
  ],
});

// SNS Subject (a publisher chooses it like the message) in plain Lambda handlers, JS/TS/Python;
// near miss: TopicArn / MessageId are set by AWS.
const onSns = (file: string, code: string, runtime: string) => ({ file, code, files: { 'serverless.yml': sls({ w: [`${file.split('.')[0]}.handler`, SNS] }, runtime), [file]: code } });
run(sql, {
  valid: [
    { name: 'JS: TopicArn and MessageId (AWS-set) in SQL', ...onSns('h.js', `const mysql = require('mysql');\nconst c = mysql.createConnection({});\nexports.handler = async (event) => {\n  const r = event.Records[0].Sns;\n  c.query("INSERT INTO log VALUES ('" + r.TopicArn + "', '" + r.MessageId + "')");\n};\n`, 'nodejs20.x') },
    { name: 'Python: Subject passed as a parameter', ...onSns('h.py', `import pymysql\nconn = pymysql.connect(host="db")\ndef handler(event, context):\n    s = event["Records"][0]["Sns"]["Subject"]\n    with conn.cursor() as cur:\n        cur.execute("INSERT INTO alerts (subject) VALUES (%s)", (s,))\n`, 'python3.12') },
  ],
  invalid: [
    { name: 'JS: Subject concatenated into SQL', ...onSns('h.js', `const mysql = require('mysql');\nconst c = mysql.createConnection({});\nexports.handler = async (event) => {\n  const s = event.Records[0].Sns.Subject;\n  c.query("INSERT INTO alerts VALUES ('" + s + "')");\n};\n`, 'nodejs20.x'), errors: [{ line: 5, message: 'Subject' }] },
    { name: 'TypeScript: Subject in a template string', ...onSns('h.ts', `import { SNSEvent } from 'aws-lambda';\nimport { Client } from 'pg';\nconst pg = new Client();\nexport const handler = async (event: SNSEvent) => {\n  await pg.query(\`DELETE FROM alerts WHERE subject = '\${event.Records[0].Sns.Subject}'\`);\n};\n`, 'nodejs20.x'), errors: [{ line: 5, message: 'Subject' }] },
    { name: 'Python: Subject %-formatted into SQL (pymysql)', ...onSns('h.py', `import pymysql\nconn = pymysql.connect(host="db")\ndef handler(event, context):\n    s = event["Records"][0]["Sns"]["Subject"]\n    with conn.cursor() as cur:\n        cur.execute("INSERT INTO alerts (subject) VALUES ('%s')" % s)\n`, 'python3.12'), errors: [{ line: 6, message: 'Subject' }] },
  ],
});

// Helpers through objects in Python (the JS shapes' counterparts): an instance's method, a dict of
// functions, functools.partial; near misses: parameterised through the same helpers.
const dbPy = `import json, functools, pymysql
conn = pymysql.connect(host="db")
class Repo:
    def query(self, sql, params=None):
        with conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()
repo = Repo()
def run_sql(sql, params=None):
    return repo.query(sql, params)
HELPERS = {"sql": run_sql}
`;
run(sql, {
  valid: [
    { name: 'Python: instance helper with a parameterised query', file: 'h.py', code: `${dbPy}def handler(event, context):\n    return repo.query("SELECT * FROM t WHERE id = %s", (event["pathParameters"]["id"],))\n` },
    { name: 'Python: functools.partial fixing a constant query, the input as a parameter', file: 'h.py', code: `${dbPy}def handler(event, context):\n    by_id = functools.partial(run_sql, "SELECT * FROM t WHERE id = %s")\n    return by_id((event["pathParameters"]["id"],))\n` },
    { name: 'Python: dict-of-functions helper with a parameterised query', file: 'h.py', code: `${dbPy}def handler(event, context):\n    return HELPERS["sql"]("SELECT * FROM t WHERE id = %s", (event["pathParameters"]["id"],))\n` },
  ],
  invalid: [
    { name: 'Python: instance helper (repo.query) with concatenated SQL', file: 'h.py', code: `${dbPy}def handler(event, context):\n    return repo.query("SELECT * FROM t WHERE id = " + event["pathParameters"]["id"])\n`, errors: [{ message: 'event.pathParameters.id' }] },
    { name: 'Python: dict-of-functions helper with an f-string', file: 'h.py', code: `${dbPy}def handler(event, context):\n    return HELPERS["sql"](f"SELECT * FROM t WHERE name = '{json.loads(event['body'])['name']}'")\n`, errors: [{ message: 'event.body' }] },
    { name: 'Python: functools.partial of the helper', file: 'h.py', code: `${dbPy}def handler(event, context):\n    q = functools.partial(repo.query)\n    return q("DELETE FROM t WHERE id = " + event["queryStringParameters"]["id"])\n`, errors: [{ message: 'event.queryStringParameters.id' }] },
  ],
});
