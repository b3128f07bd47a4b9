import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/injection-open-redirect';
import { run, ruleFindings } from '../helpers/rule-tester';
import { HTTP, sls, useCodeParsers } from '../helpers/injection';

useCodeParsers();

const stageJs = `exports.handler = async (event) => ({ statusCode: 302, headers: { Location: event.stageVariables.home }, body: '' });
`;

run(rule, {
  valid: [
    { name: 'fixed origin, value in the query', file: 'handler.js', code: `exports.handler = async (event) => ({ statusCode: 302, headers: { Location: 'https://app.example.com/home?from=' + encodeURIComponent(event.queryStringParameters.next) } });\n` },
    { name: 'allowlisted target (TypeScript)', file: 'handler.ts', code: `const PAGES: Record<string, string> = { home: '/home' };\nexport const handler = async (event: any) => {\n  const t = event.queryStringParameters.next;\n  if (!(t in PAGES)) return { statusCode: 400 };\n  return { statusCode: 302, headers: { Location: PAGES[t] } };\n};\n` },
    { name: 'Python allowlist', file: 'handler.py', code: `PAGES = {"home": "/home"}\ndef handler(event, context):\n    t = event["queryStringParameters"]["next"]\n    if t not in PAGES:\n        return {"statusCode": 400}\n    return {"statusCode": 302, "headers": {"Location": PAGES[t]}}\n` },
    { name: 'stageVariables are set by the deployment, not the caller', file: 'login.js', code: stageJs, files: { 'serverless.yml': sls({ login: ['login.handler', HTTP] }), 'login.js': stageJs } },
  ],
  invalid: [
    {
      name: 'Location from the query string',
      file: 'handler.js',
      code: `exports.handler = async (event) => {\n  const next = event.queryStringParameters.next;\n  return { statusCode: 302, headers: { Location: next }, body: '' };\n};\n`,
      errors: [{ text: 'Location: next', line: 3, severity: 'warning', message: '`event.queryStringParameters.next` (line 2) reaches a redirect location' }],
    },
    {
      name: 'TypeScript HTTP API v2 event',
      file: 'login.ts',
      code: `import type { APIGatewayProxyEventV2 } from 'aws-lambda';\nexport const handler = async (event: APIGatewayProxyEventV2) => ({\n  statusCode: 301,\n  headers: { location: event.queryStringParameters?.to ?? '/' },\n});\n`,
      errors: [{ line: 4, message: '`event.queryStringParameters.to` (line 4) reaches a redirect location' }],
    },
    {
      name: 'Python',
      file: 'handler.py',
      code: `def handler(event, context):\n    target = event["queryStringParameters"]["next"]\n    return {"statusCode": 302, "headers": {"Location": target}, "body": ""}\n`,
      errors: [{ line: 3, message: '`event.queryStringParameters.next` (line 2) reaches a redirect location' }],
    },
  ],
});

// --- fixes (issue 11 item 7): only relative paths of this site ------------------------------------
const nextJs = `exports.handler = async (event) => {\n  const next = event.queryStringParameters.next;\n  return { statusCode: 302, headers: { Location: next }, body: '' };\n};\n`;
const nextPy = `def handler(event, context):\n    target = event["queryStringParameters"]["next"]\n    return {"statusCode": 302, "headers": {"Location": target}}\n`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: "Location from the query → relative paths only (not //host or /\\host), else '/'",
      file: 'handler.js',
      code: nextJs,
      errors: [{ line: 3 }],
      fixes: [{ title: 'relative path', output: nextJs.replace('Location: next }', "Location: (next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\\\') ? next : '/') }") }],
    },
    {
      name: 'Python Location',
      file: 'handler.py',
      code: nextPy,
      errors: [{ line: 3 }],
      fixes: [{ title: 'relative path', output: nextPy.replace('"Location": target}', '"Location": (target if target.startswith("/") and not target.startswith("//") and not target.startswith("/\\\\") else "/")}') }],
    },
  ],
});

describe('injection-open-redirect fixes', () => {
  it('a location computed by a call (read once, not three times): no fix', () => {
    const code = `exports.handler = async (event) => ({ statusCode: 302, headers: { Location: decodeURIComponent(event.queryStringParameters.next) }, body: '' });\n`;
    const found = ruleFindings(rule, { file: 'handler.js', code });
    assert.equal(found.length, 1);
    assert.deepEqual(found[0].fixes.filter((x) => !x.title.startsWith('Ignore ')), []);
  });
});

run(rule, {
  valid: [
    {
      // session 4: seen as a false positive on a public vulnerable Flask app (the user's name goes
      // into the app's own /welcome/<name> URL, not into the redirect target's host)
      name: 'Flask redirect(url_for(view, name=user)): a URL of the app\'s own routes',
      file: 'app.py',
      code: `from flask import Flask, redirect, request, url_for\n\napp = Flask(__name__)\n\n\n@app.route("/login", methods=["POST"])\ndef login():\n    user = request.form["name"]\n    return redirect(url_for("success", name=user))\n`,
    },
  ],
  invalid: [
    {
      name: 'Flask redirect(request.args["next"]) bound to a variable',
      file: 'app.py',
      code: `from flask import Flask, redirect, request\n\napp = Flask(__name__)\n\n\n@app.route("/login")\ndef login():\n    nxt = request.args["next"]\n    return redirect(nxt)\n`,
      errors: [{ line: 9 }],
      fixes: [{ title: 'relative path', output: `from flask import Flask, redirect, request\n\napp = Flask(__name__)\n\n\n@app.route("/login")\ndef login():\n    nxt = request.args["next"]\n    return redirect((nxt if nxt.startswith("/") and not nxt.startswith("//") and not nxt.startswith("/\\\\") else "/"))\n` }],
    },
  ],
});

// --- http → https upgrades to the request's own Host (round 12) ---------------------------------------
const upgradeOr = "exports.handler = async (event) => {\n  const host = event.headers.Host || event.headers.host;\n  return { statusCode: 301, headers: { Location: `https://${host}${event.rawPath}` } };\n};\n";
const upgradeExpress = "const express = require('express');\nconst app = express();\napp.use((req, res, next) => {\n  if (req.headers['x-forwarded-proto'] !== 'https') return res.redirect(`https://${req.headers.host}${req.url}`);\n  next();\n});\nmodule.exports = app;\n";
const upgradePy = "def handler(event, context):\n    host = event['headers'].get('Host')\n    return {'statusCode': 301, 'headers': {'Location': f\"https://{host}{event['path']}\"}}\n";

run(rule, {
  valid: [
    { name: 'Host || host of the same request, then its path (config-linked)', file: 'up.js', code: upgradeOr, files: { 'serverless.yml': sls({ up: ['up.handler', 'httpApi: GET /go'] }), 'up.js': upgradeOr } },
    { name: 'Express: https://${req.headers.host}${req.url}', file: 'app.js', code: upgradeExpress },
    { name: 'Python: event.headers Host, then the path (config-linked)', file: 'up.py', code: upgradePy, files: { 'serverless.yml': sls({ up: ['up.handler', "http: {path: 'go', method: get}"] }, 'python3.12'), 'up.py': upgradePy } },
  ],
  invalid: [
    { name: 'Host || a query parameter: the caller picks the host', file: 'up.js', code: upgradeOr.replace('event.headers.host', 'event.queryStringParameters.host'), errors: [{ message: '`event.queryStringParameters.host`' }] },
    { name: 'a string built from the Host is no longer the Host', file: 'up.js', code: upgradeOr.replace('`https://${host}${event.rawPath}`', '`https://${host + event.queryStringParameters.sfx}/`'), errors: [{ message: 'reaches a redirect location' }] },
    { name: 'X-Forwarded-Host is the caller\'s', file: 'up.js', code: upgradeOr.replace('event.headers.host', "event.headers['X-Forwarded-Host']"), errors: [{ message: 'X-Forwarded-Host' }] },
  ],
});
