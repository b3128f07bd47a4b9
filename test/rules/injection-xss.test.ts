import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/injection-xss';
import { run, ruleFindings } from '../helpers/rule-tester';
import { HTTP, SQS, checkCodeFixes, sls, useCodeParsers } from '../helpers/injection';

useCodeParsers();

const jsHtml = `exports.handler = async (event) => {
  const name = event.queryStringParameters.name;
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'text/html' },
    body: \`<h1>Hello \${name}</h1>\`,
  };
};
`;

run(rule, {
  valid: [
    { name: 'escaped', file: 'handler.js', code: `const escapeHtml = require('escape-html');\nexports.handler = async (event) => ({ statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: '<p>' + escapeHtml(event.queryStringParameters.q) + '</p>' });\n` },
    { name: 'JSON response (TypeScript)', file: 'handler.ts', code: `export const handler = async (event: any) => ({ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: event.queryStringParameters.name }) });\n` },
    { name: 'Python html.escape', file: 'handler.py', code: `import html\ndef handler(event, context):\n    return {"statusCode": 200, "headers": {"Content-Type": "text/html"}, "body": "<p>" + html.escape(event["queryStringParameters"]["q"]) + "</p>"}\n` },
    {
      name: 'a queue consumer has no HTML response even when it returns one',
      file: 'page.js',
      code: jsHtml,
      files: { 'serverless.yml': sls({ page: ['page.handler', SQS] }), 'page.js': jsHtml },
    },
  ],
  invalid: [
    {
      name: 'text/html Lambda proxy response',
      file: 'handler.js',
      code: jsHtml,
      errors: [{ line: 6, severity: 'warning', message: '`event.queryStringParameters.name` (line 2) reaches an HTML response' }],
    },
    {
      name: 'same handler behind API Gateway in config',
      file: 'page.js',
      code: jsHtml,
      files: { 'serverless.yml': sls({ page: ['page.handler', HTTP] }), 'page.js': jsHtml },
      errors: [{ line: 6, message: 'reaches an HTML response' }],
    },
    {
      name: 'TypeScript typed handler',
      file: 'page.ts',
      code: `import type { APIGatewayProxyHandlerV2 } from 'aws-lambda';\nexport const handler: APIGatewayProxyHandlerV2 = async (event) => ({\n  statusCode: 200,\n  headers: { 'content-type': 'text/html; charset=utf-8' },\n  body: '<p>' + event.queryStringParameters?.q + '</p>',\n});\n`,
      errors: [{ line: 5, message: '`event.queryStringParameters.q` (line 5) reaches an HTML response' }],
    },
    {
      name: 'Python f-string HTML body',
      file: 'handler.py',
      code: `def handler(event, context):\n    name = event["queryStringParameters"]["name"]\n    return {\n        "statusCode": 200,\n        "headers": {"Content-Type": "text/html"},\n        "body": f"<h1>Hello {name}</h1>",\n    }\n`,
      errors: [{ line: 6, message: '`event.queryStringParameters.name` (line 2) reaches an HTML response' }],
    },
  ],
});

// --- values that never reach the response (sample e, 123mayur/EC2-Scheduling-API app.py) ---------------
// a method of a clean object we cannot see returns a handle when given a callback, and takes keyword
// arguments as the operation's parameters: neither flows into its result
const sched = (body: string) => `import json\nfrom flask import Flask, request\nfrom apscheduler.triggers.cron import CronTrigger\nfrom apscheduler.schedulers.background import BackgroundScheduler\nimport markdown\nimport pages\n\napp = Flask(__name__)\nscheduler = BackgroundScheduler({'apscheduler.timezone': 'UTC'})\nmd = markdown.Markdown()\n\ndef start(i_id):\n    print(i_id)\n\n@app.route('/create', methods=['POST'])\ndef create():\n    data = request.get_json()\n${body}`;

run(rule, {
  valid: [
    { name: 'a scheduler method given a callback returns its job, not the arguments', file: 'app.py', code: sched(`    job = scheduler.add_job(start, CronTrigger.from_crontab(data.get('s_time')), args=[data.get('i_id')])\n    return json.dumps([job])\n`) },
  ],
  invalid: [
    {
      name: 'a positional argument of a clean object method still flows (md.convert renders the request)',
      file: 'app.py',
      code: sched(`    return md.convert(data.get('text'))\n`),
      errors: [{ line: 18, message: 'reaches an HTML response' }],
    },
    {
      name: 'keyword arguments of a module function still flow',
      file: 'app.py',
      code: sched(`    return pages.render_page(name=data.get('name'))\n`),
      errors: [{ line: 18, message: 'reaches an HTML response' }],
    },
    {
      name: 'a method of a request value still carries it',
      file: 'app.py',
      code: sched(`    name = data.get('name')\n    return name.replace('_', ' ', count=1)\n`),
      errors: [{ line: 19, message: 'reaches an HTML response' }],
    },
  ],
});

// --- fixes (issue 11 item 7): escape for the HTML context -------------------------------------------
const tmplJs = `exports.handler = async (event) => {\n  const name = event.queryStringParameters.name;\n  return { statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: \`<h1>Hello \${name}</h1><a title="\${name}">x</a>\` };\n};\n`;
const fPy = `def handler(event, context):\n    name = event["queryStringParameters"]["name"]\n    page = f"<h1>Hello {name}</h1>"\n    return {"statusCode": 200, "headers": {"Content-Type": "text/html"}, "body": page}\n`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'template in element text and a quoted attribute → escapeHtml helper added to the file',
      file: 'handler.js',
      code: tmplJs,
      errors: [{ line: 3 }],
      fixes: [
        {
          title: 'HTML-escape',
          output:
            `function escapeHtml(value) {\n  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');\n}\n\n` +
            tmplJs.replace('Hello ${name}</h1><a title="${name}">', 'Hello ${escapeHtml(name)}</h1><a title="${escapeHtml(name)}">'),
        },
      ],
    },
    {
      name: 'Python f-string body built in a variable → html.escape',
      file: 'handler.py',
      code: fPy,
      errors: [{ line: 4 }],
      fixes: [{ title: 'HTML-escape', output: 'import html\n\n' + fPy.replace('Hello {name}', 'Hello {html.escape(str(name))}') }],
    },
  ],
});

/** The fixes a finding offers, without the suppression comment every finding has. */
const offered = (c: { file: string; code: string }) => ruleFindings(rule, c).map((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore ')).map((x) => x.title));

describe('injection-xss fixes', () => {
  it('a value inside <script> or an href needs another escape: no fix', () => {
    assert.deepEqual(offered({ file: 'handler.js', code: tmplJs.replace('<h1>Hello ${name}</h1><a title="${name}">x</a>', '<script>var n = "${name}";</script>') }), [[]]);
    assert.deepEqual(offered({ file: 'handler.js', code: tmplJs.replace('<h1>Hello ${name}</h1><a title="${name}">x</a>', '<a href="${name}">x</a>') }), [[]]);
  });
});

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'Express res.send of a template (TypeScript): escapeHtml added after the imports',
      file: 'app.ts',
      code: `import express from 'express';\nconst app = express();\napp.get('/hi', (req, res) => {\n  res.send(\`<p>Hi \${req.query.name}</p>\`);\n});\nexport default app;\n`,
      errors: [{ line: 4 }],
      fixes: [
        {
          title: 'HTML-escape',
          output: `import express from 'express';\n\nfunction escapeHtml(value: unknown): string {\n  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');\n}\nconst app = express();\napp.get('/hi', (req, res) => {\n  res.send(\`<p>Hi \${escapeHtml(req.query.name)}</p>\`);\n});\nexport default app;\n`,
        },
      ],
    },
  ],
});

describe('injection-xss fixes: Flask returns and Chalice responses', () => {
  const flask = `from flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.route("/hello")\ndef hello():\n    user = request.args["user"]\n    return f"<h1>Hello {user}</h1>"\n`;
  const chalice = `from chalice import Chalice, Response\n\napp = Chalice(app_name="svc")\n\n\n@app.route("/page", methods=["POST"])\ndef page():\n    body = app.current_request.json_body\n    return Response(body="<p>" + body["msg"] + "</p>", headers={"Content-Type": "text/html"}, status_code=200)\n`;
  it('Flask view returning an f-string (and a (body, status) tuple) → html.escape', () => {
    const [out] = checkCodeFixes(rule, { file: 'app.py', code: flask });
    assert.equal(out, flask.replace('from flask import Flask, request\n', 'from flask import Flask, request\nimport html\n').replace('Hello {user}', 'Hello {html.escape(str(user))}'));
    const tuple = flask.replace('return f"<h1>Hello {user}</h1>"', 'return f"<h1>Hello {user}</h1>", 200');
    assert.ok(checkCodeFixes(rule, { file: 'app.py', code: tuple })[0].includes('return f"<h1>Hello {html.escape(str(user))}</h1>", 200'));
  });
  it('Chalice Response(body=…) with text/html → html.escape', () => {
    const [out] = checkCodeFixes(rule, { file: 'app.py', code: chalice });
    assert.ok(out.includes('body="<p>" + html.escape(str(body["msg"])) + "</p>"'), out);
  });
  it('a value in an href of a Flask return: no fix', () => {
    assert.deepEqual(offered({ file: 'app.py', code: flask.replace('<h1>Hello {user}</h1>', "<a href='{user}'>me</a>") }), [[]]);
  });
});

// --- event.path on a fixed route (round 12): API Gateway invokes the function only for that path -----
const pathPage = "exports.handler = async (event) => ({\n  statusCode: 200,\n  headers: { 'Content-Type': 'text/html' },\n  body: `<html><a href=\"${event.path}/next\">next</a></html>`,\n});\n";
const rawPathPage = "exports.handler = async (event) => ({\n  statusCode: 200,\n  headers: { 'Content-Type': 'text/html' },\n  body: '<p>' + event.rawPath + ' ' + event.queryStringParameters.q + '</p>',\n});\n";
const samPage = (path: string, extra = '') => `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/\n      Handler: page.handler\n      Runtime: nodejs20.x\n      Events:\n        Start:\n          Type: Api\n          Properties:\n            Path: ${path}\n            Method: get\n${extra}`;

run(rule, {
  valid: [
    { name: 'event.path on a fixed REST route (GET /start) is the route itself', file: 'page.js', code: pathPage, files: { 'serverless.yml': sls({ page: ['page.handler', "http: {path: 'start', method: get}"] }), 'page.js': pathPage } },
    { name: 'event.path on two fixed HTTP API routes', file: 'page.js', code: pathPage, files: { 'serverless.yml': sls({ page: ['page.handler', 'httpApi: GET /start', 'httpApi: GET /v1/start'] }), 'page.js': pathPage } },
    { name: 'event.path on a fixed SAM Api route', file: 'src/page.js', code: pathPage, files: { 'template.yaml': samPage('/start'), 'src/page.js': pathPage } },
  ],
  invalid: [
    { name: 'event.path on a route with a path parameter is the caller\'s', file: 'page.js', code: pathPage, files: { 'serverless.yml': sls({ page: ['page.handler', "http: {path: 'pages/{id}', method: get}"] }), 'page.js': pathPage }, errors: [{ message: '`event.path` (line 4) reaches an HTML response' }] },
    { name: 'event.path on a {proxy+} route', file: 'src/page.js', code: pathPage, files: { 'template.yaml': samPage('/{proxy+}'), 'src/page.js': pathPage }, errors: [{ message: '`event.path`' }] },
    { name: 'one fixed route and a catch-all HTTP API route', file: 'page.js', code: pathPage, files: { 'serverless.yml': sls({ page: ['page.handler', 'httpApi: GET /start', "httpApi: '*'"] }), 'page.js': pathPage }, errors: [{ message: '`event.path`' }] },
    { name: 'a fixed route and a function URL (any path reaches it)', file: 'page.js', code: pathPage, files: { 'serverless.yml': sls({ page: ['page.handler', 'httpApi: GET /start'] }).replace('    events:', '    url: true\n    events:'), 'page.js': pathPage }, errors: [{ message: '`event.path`' }] },
    { name: 'no config: the route is unknown, event.path stays the caller\'s', file: 'page.js', code: pathPage, errors: [{ message: '`event.path`' }] },
    { name: 'fixed route: rawPath is the route, the query string is still the caller\'s', file: 'page.js', code: rawPathPage, files: { 'serverless.yml': sls({ page: ['page.handler', 'httpApi: GET /start'] }), 'page.js': rawPathPage }, errors: [{ message: '`event.queryStringParameters.q`' }] },
  ],
});

describe('injection-xss: fixed routes', () => {
  it('a fixed route names only the query string, not rawPath', () => {
    const found = ruleFindings(rule, { file: 'page.js', code: rawPathPage, files: { 'serverless.yml': sls({ page: ['page.handler', 'httpApi: GET /start'] }), 'page.js': rawPathPage } });
    assert.equal(found.length, 1);
    assert.ok(!found[0].message.includes('rawPath'), found[0].message);
  });
});
