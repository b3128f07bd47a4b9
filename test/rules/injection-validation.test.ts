/**
 * Validation the injection rules recognise (docs/precision.md, "Validation recognised"): anchored
 * regex character classes (code/regex-class.ts), URL host allowlists and path-only URLs
 * (code/url-allow.ts), path-segment checks (code/path-segment.ts). Each class has valid cases (the
 * check holds where the sink is) and invalid ones: weak checks that must still report
 * (unanchored patterns, `.`/`\S`, substring host tests, `startsWith` without resolve, `..` checks
 * of a value used whole).
 */
import { HTTP, sls, useCodeParsers } from '../helpers/injection';
import { run } from '../helpers/rule-tester';

import ssrf from '../../rules/injection-ssrf';
import command from '../../rules/injection-command';
import sql from '../../rules/injection-sql';
import pathTraversal from '../../rules/injection-path-traversal';
import xss from '../../rules/injection-xss';
import openRedirect from '../../rules/injection-open-redirect';

useCodeParsers();

run(ssrf, {
  valid: [
    { name: "js host allow includes", file: "h.js", code: "const ALLOWED = ['a.example.com', 'b.example.com'];\nexports.handler = async (event) => {\n  const target = JSON.parse(event.body).url;\n  const u = new URL(target);\n  if (!ALLOWED.includes(u.hostname)) return { statusCode: 400 };\n  return fetch(target);\n};\n" },
    { name: "js host allow set has", file: "h.js", code: "const ALLOWED = new Set(['a.example.com']);\nexports.handler = async (event) => {\n  const target = JSON.parse(event.body).url;\n  const u = new URL(target);\n  if (!ALLOWED.has(u.host)) return { statusCode: 400 };\n  return fetch(u);\n};\n" },
    { name: "js host eq", file: "h.js", code: "exports.handler = async (event) => {\n  const target = JSON.parse(event.body).url;\n  const u = new URL(target);\n  if (u.hostname !== 'a.example.com') throw new Error('x');\n  return fetch(u.href);\n};\n" },
    { name: "js origin eq", file: "h.js", code: "exports.handler = async (event) => {\n  const target = JSON.parse(event.body).url;\n  if (new URL(target).origin !== 'https://a.example.com') throw new Error('x');\n  return fetch(target);\n};\n" },
    { name: "js env host + path tainted (HTTP API, config-linked)", file: "h.js", code: "exports.handler = async (event) => {\n  return fetch(`http://${process.env.AWS_LAMBDA_RUNTIME_API}${event.rawPath}`);\n};\n", files: { 'serverless.yml': sls({ fn: ['h.handler', HTTP] }), 'h.js': "exports.handler = async (event) => {\n  return fetch(`http://${process.env.AWS_LAMBDA_RUNTIME_API}${event.rawPath}`);\n};\n" } },
    { name: "js env host + / + arbitrary", file: "h.js", code: "exports.handler = async (event) => {\n  return fetch(`http://${process.env.HOST}/${event.queryStringParameters.p}`);\n};\n" },
    { name: "js regex host class", file: "h.js", code: "exports.handler = async (event) => {\n  const target = JSON.parse(event.body).url;\n  if (!/^[a-z0-9-]+$/.test(target)) throw new Error('x');\n  return fetch('https://' + target + '.example.com/');\n};\n" },
    { name: "py netloc in set", file: "h.py", code: "import requests\nfrom urllib.parse import urlparse\nALLOWED_HOSTS = {'a.example.com', 'b.example.com'}\ndef handler(event, context):\n    url = event['queryStringParameters']['url']\n    if urlparse(url).netloc not in ALLOWED_HOSTS:\n        return {'statusCode': 400}\n    return requests.get(url).text\n" },
    { name: "py hostname var in list", file: "h.py", code: "import requests\nfrom urllib.parse import urlparse\nALLOWED_HOSTS = {'a.example.com', 'b.example.com'}\ndef handler(event, context):\n    url = event['queryStringParameters']['url']\n    parsed = urlparse(url)\n    if parsed.hostname in ['a.example.com']:\n        return requests.get(url).text\n    return {}\n" },
    { name: "py hostname ==", file: "h.py", code: "import requests\nfrom urllib.parse import urlparse\nALLOWED_HOSTS = {'a.example.com', 'b.example.com'}\ndef handler(event, context):\n    url = event['queryStringParameters']['url']\n    if urlparse(url).hostname != 'a.example.com':\n        raise ValueError()\n    return requests.get(url).text\n" },
    { name: "py env host + full_path", file: "h.py", code: "import os, requests\nfrom flask import Flask, request\napp = Flask('x')\nAPI = os.getenv('AWS_LAMBDA_RUNTIME_API')\n@app.route('/a', methods=['GET'])\ndef a():\n    return requests.get(f\"http://{API}{request.full_path}\").text\n" },
    { name: "py environ host + full_path", file: "h.py", code: "import os, requests\nfrom flask import Flask, request\napp = Flask('x')\n@app.route('/a', methods=['GET'])\ndef a():\n    return requests.get(f\"http://{os.environ['AWS_LAMBDA_RUNTIME_API']}{request.path}\").text\n" },
    { name: "py env host + guarded /", file: "h.py", code: "import os, requests\nAPI = os.environ['HOST']\ndef handler(event, context):\n    p = event['queryStringParameters']['p']\n    if not p.startswith('/'):\n        raise ValueError()\n    return requests.get('http://' + API + p).text\n" },
    { name: "js host endsWith dot", file: "h.js", code: "exports.handler = async (event) => {\n  const target = JSON.parse(event.body).url;\n  const u = new URL(target);\n  if (!u.hostname.endsWith('.example.com')) throw new Error('x');\n  return fetch(target);\n};\n" },
    { name: "py netloc endswith dot", file: "h.py", code: "import requests\nfrom urllib.parse import urlparse\nALLOWED_HOSTS = {'a.example.com', 'b.example.com'}\ndef handler(event, context):\n    url = event['queryStringParameters']['url']\n    if not urlparse(url).hostname.endswith('.example.com'):\n        raise ValueError()\n    return requests.get(url).text\n" },
    { name: "js startsWith https host slash", file: "h.js", code: "exports.handler = async (event) => {\n  const target = JSON.parse(event.body).url;\n  if (!target.startsWith('https://api.example.com/')) throw new Error('x');\n  return fetch(target);\n};\n" },
    { name: "ts host allowlist Set", file: "h.ts", code: "const ALLOWED_HOSTS = new Set<string>(['a.example.com']);\nexport const handler = async (event: any) => {\n  const u = new URL(JSON.parse(event.body).url);\n  if (!ALLOWED_HOSTS.has(u.hostname)) return { statusCode: 400 };\n  return fetch(u.toString());\n};\n" },
    { name: "ts env host + rawPath (HTTP API, config-linked)", file: "h.ts", code: "export const handler = async (event: any) => {\n  const base = process.env.UPSTREAM_HOST;\n  return fetch(`https://${base}${event.rawPath}`);\n};\n", files: { 'serverless.yml': sls({ fn: ['h.handler', HTTP] }), 'h.ts': "export const handler = async (event: any) => {\n  const base = process.env.UPSTREAM_HOST;\n  return fetch(`https://${base}${event.rawPath}`);\n};\n" } },
    { name: "js label before .domain", file: "h.js", code: "exports.handler = async (event) => {\n  const target = JSON.parse(event.body).url;\n  if (!/^[a-z0-9-]+$/.test(target)) throw new Error('x');\n  return fetch(`https://${target}.example.com`);\n};\n" },
    { name: "py label before .domain", file: "h.py", code: "import re, requests\ndef handler(event, context):\n    t = event['queryStringParameters']['tenant']\n    if not re.fullmatch(r'[a-z0-9-]+', t):\n        raise ValueError()\n    return requests.get(f'https://{t}.api.example.com/v1').text\n" },
  ],
  invalid: [
    { name: "js includes http weak", file: "h.js", code: "exports.handler = async (event) => {\n  const target = JSON.parse(event.body).url;\n  if (!target.includes('http')) throw new Error('x');\n  return fetch(target);\n};\n", errors: [{}] },
    { name: "js hostname endsWith weak", file: "h.js", code: "exports.handler = async (event) => {\n  const target = JSON.parse(event.body).url;\n  const u = new URL(target);\n  if (!u.hostname.includes('example.com')) throw new Error('x');\n  return fetch(target);\n};\n", errors: [{}] },
    { name: "weak check still reports: js env host + arbitrary", file: "h.js", code: "exports.handler = async (event) => {\n  return fetch(`http://${process.env.AWS_LAMBDA_RUNTIME_API}${event.queryStringParameters.p}`);\n};\n", errors: [{}] },
    { name: "py startswith http weak", file: "h.py", code: "import requests\nfrom urllib.parse import urlparse\nALLOWED_HOSTS = {'a.example.com', 'b.example.com'}\ndef handler(event, context):\n    url = event['queryStringParameters']['url']\n    if not url.startswith('http'):\n        raise ValueError()\n    return requests.get(url).text\n", errors: [{}] },
    { name: "py in \"http\" weak", file: "h.py", code: "import requests\nfrom urllib.parse import urlparse\nALLOWED_HOSTS = {'a.example.com', 'b.example.com'}\ndef handler(event, context):\n    url = event['queryStringParameters']['url']\n    if 'http' not in url:\n        raise ValueError()\n    return requests.get(url).text\n", errors: [{}] },
    { name: "weak check still reports: py env host + args", file: "h.py", code: "import os, requests\nfrom flask import Flask, request\napp = Flask('x')\nAPI = os.getenv('AWS_LAMBDA_RUNTIME_API')\n@app.route('/a', methods=['GET'])\ndef a():\n    return requests.get(f\"http://{API}{request.args['p']}\").text\n", errors: [{}] },
    { name: "weak check still reports: py tainted host + path", file: "h.py", code: "import os, requests\nfrom flask import Flask, request\napp = Flask('x')\n@app.route('/a', methods=['GET'])\ndef a():\n    return requests.get(f\"http://{request.args['h']}{request.path}\").text\n", errors: [{}] },
    { name: "js host endsWith no dot weak", file: "h.js", code: "exports.handler = async (event) => {\n  const target = JSON.parse(event.body).url;\n  const u = new URL(target);\n  if (!u.hostname.endsWith('example.com')) throw new Error('x');\n  return fetch(target);\n};\n", errors: [{}] },
    { name: "weak check still reports: request path of a direct-invoke function (no event in the config: any string)", file: "h.js", code: "exports.handler = async (event) => {\n  return fetch(`http://${process.env.AWS_LAMBDA_RUNTIME_API}${event.rawPath}`);\n};\n", files: { 'serverless.yml': sls({ fn: ['h.handler'] }), 'h.js': "exports.handler = async (event) => {\n  return fetch(`http://${process.env.AWS_LAMBDA_RUNTIME_API}${event.rawPath}`);\n};\n" }, errors: [{}] },
    { name: "js https + path weak", file: "h.js", code: "exports.handler = async (event) => {\n  return fetch('https://' + event.rawPath);\n};\n", errors: [{}] },
    { name: "js host eq tainted rhs weak", file: "h.js", code: "exports.handler = async (event) => {\n  const target = JSON.parse(event.body).url;\n  const u = new URL(target);\n  if (u.hostname !== event.headers.host) throw new Error('x');\n  return fetch(target);\n};\n", errors: [{}] },
    { name: "js startsWith https host no slash weak", file: "h.js", code: "exports.handler = async (event) => {\n  const target = JSON.parse(event.body).url;\n  if (!target.startsWith('https://api.example.com')) throw new Error('x');\n  return fetch(target);\n};\n", errors: [{}] },
    { name: "weak check still reports: ts host includes substring", file: "h.ts", code: "export const handler = async (event: any) => {\n  const target: string = JSON.parse(event.body).url;\n  if (!target.includes('example.com')) return { statusCode: 400 };\n  return fetch(target);\n};\n", errors: [{}] },
    { name: "weak check still reports: py hostname in list from body", file: "h.py", code: "import requests\nfrom urllib.parse import urlparse\nALLOWED_HOSTS = {'a.example.com', 'b.example.com'}\ndef handler(event, context):\n    url = event['queryStringParameters']['url']\n    allowed = event['queryStringParameters']['allowed'].split(',')\n    if urlparse(url).hostname not in allowed:\n        return {'statusCode': 400}\n    return requests.get(url).text\n", errors: [{}] },
    { name: "weak check still reports: js label no suffix", file: "h.js", code: "exports.handler = async (event) => {\n  const target = JSON.parse(event.body).url;\n  if (!/^[a-z0-9-]+$/.test(target)) throw new Error('x');\n  return fetch('https://' + target + '/');\n};\n", errors: [{}] },
    { name: "weak check still reports: js label with dot class", file: "h.js", code: "exports.handler = async (event) => {\n  const target = JSON.parse(event.body).url;\n  if (!/^[a-z0-9.-]+$/.test(target)) throw new Error('x');\n  return fetch('https://' + target + '.example.com/');\n};\n", errors: [{}] },
    { name: "weak check still reports: py label unvalidated", file: "h.py", code: "import re, requests\ndef handler(event, context):\n    t = event['queryStringParameters']['tenant']\n    return requests.get(f'https://{t}.api.example.com/v1').text\n", errors: [{}] },
  ],
});

run(command, {
  valid: [
    { name: "js anchored class reject", file: "h.js", code: "const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  const x = event.queryStringParameters.name;\n  if (!/^[A-Za-z0-9_-]+$/.test(x)) return { statusCode: 400 };\n  execSync('ls ' + x);\n};\n" },
    { name: "js anchored class throw", file: "h.js", code: "const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  const x = event.queryStringParameters.name;\n  if (!/^[A-Za-z0-9_-]+$/.test(x)) throw new Error('bad');\n  execSync('ls ' + x);\n};\n" },
    { name: "js anchored class positive branch", file: "h.js", code: "const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  const x = event.queryStringParameters.name;\n  if (/^[A-Za-z0-9_-]+$/.test(x)) { execSync('ls ' + x); }\n};\n" },
    { name: "js const RE", file: "h.js", code: "const NAME_RE = /^[a-z0-9]{1,32}$/;\nconst { execSync } = require('child_process');\nexports.handler = async (event) => {\n  const x = event.queryStringParameters.name;\n  if (!NAME_RE.test(x)) return { statusCode: 400 };\n  execSync('ls ' + x);\n};\n" },
    { name: "js new RegExp", file: "h.js", code: "const NAME_RE = new RegExp('^[a-z0-9]+$');\nconst { execSync } = require('child_process');\nexports.handler = async (event) => {\n  const x = event.queryStringParameters.name;\n  if (!NAME_RE.test(x)) return { statusCode: 400 };\n  execSync('ls ' + x);\n};\n" },
    { name: "js group alt anchored", file: "h.js", code: "const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  const x = event.queryStringParameters.name;\n  if (!/^(?:[a-z]+|[0-9]+)$/.test(x)) return { statusCode: 400 };\n  execSync('ls ' + x);\n};\n" },
    { name: "js match", file: "h.js", code: "const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  const x = event.queryStringParameters.name;\n  if (!x.match(/^[a-z]+$/)) return { statusCode: 400 };\n  execSync('ls ' + x);\n};\n" },
    { name: "js escaped dash class", file: "h.js", code: "const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  const x = event.queryStringParameters.name;\n  if (!/^[\\w\\-]+$/.test(x)) return { statusCode: 400 };\n  execSync('ls ' + x);\n};\n" },
    { name: "js lookahead with dot", file: "h.js", code: "const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  const x = event.queryStringParameters.name;\n  if (!/^(?=.*[a-z])[a-z0-9]+$/.test(x)) return { statusCode: 400 };\n  execSync('ls ' + x);\n};\n" },
    { name: "py fullmatch", file: "h.py", code: "import subprocess, re, os\ndef handler(event, context):\n    x = event['queryStringParameters']['name']\n    if not re.fullmatch(r'[a-z0-9]+', x):\n        return {'statusCode': 400}\n    subprocess.run('ls ' + x, shell=True)\n" },
    { name: "py match anchored", file: "h.py", code: "import subprocess, re, os\ndef handler(event, context):\n    x = event['queryStringParameters']['name']\n    if not re.match(r'^\\d+$', x):\n        raise ValueError('x')\n    subprocess.run('ls ' + x, shell=True)\n" },
    { name: "py match positive", file: "h.py", code: "import subprocess, re, os\ndef handler(event, context):\n    x = event['queryStringParameters']['name']\n    if re.match(r'^[a-z]+$', x):\n        subprocess.run('ls ' + x, shell=True)\n" },
    { name: "py compiled", file: "h.py", code: "import subprocess, re\nNAME = re.compile(r'^[a-z0-9_-]+$')\ndef handler(event, context):\n    x = event['queryStringParameters']['name']\n    if not NAME.match(x):\n        return {'statusCode': 400}\n    subprocess.run('ls ' + x, shell=True)\n" },
    { name: "py $ newline", file: "h.py", code: "import subprocess, re, os\ndef handler(event, context):\n    x = event['queryStringParameters']['name']\n    if not re.match(r'^[a-z]+$', x):\n        return {'statusCode': 400}\n    subprocess.run('ls ' + x, shell=True)\n" },
    { name: "ts anchored class reject", file: "h.ts", code: "import { execSync } from 'child_process';\nexport const handler = async (event: any) => {\n  const x: string = event.queryStringParameters.name;\n  if (!/^[A-Za-z0-9_-]+$/.test(x)) return { statusCode: 400 };\n  execSync(`ls ${x}`);\n};\n" },
  ],
  invalid: [
    { name: "weak check still reports: js unanchored", file: "h.js", code: "const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  const x = event.queryStringParameters.name;\n  if (!/[A-Za-z0-9_-]+/.test(x)) return { statusCode: 400 };\n  execSync('ls ' + x);\n};\n", errors: [{}] },
    { name: "weak check still reports: js start only", file: "h.js", code: "const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  const x = event.queryStringParameters.name;\n  if (!/^[A-Za-z0-9_-]+/.test(x)) return { statusCode: 400 };\n  execSync('ls ' + x);\n};\n", errors: [{}] },
    { name: "weak check still reports: js dot", file: "h.js", code: "const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  const x = event.queryStringParameters.name;\n  if (!/^.+$/.test(x)) return { statusCode: 400 };\n  execSync('ls ' + x);\n};\n", errors: [{}] },
    { name: "weak check still reports: js \\S", file: "h.js", code: "const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  const x = event.queryStringParameters.name;\n  if (!/^\\S+$/.test(x)) return { statusCode: 400 };\n  execSync('ls ' + x);\n};\n", errors: [{}] },
    { name: "weak check still reports: js alt unanchored", file: "h.js", code: "const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  const x = event.queryStringParameters.name;\n  if (!/^[a-z]+$|foo/.test(x)) return { statusCode: 400 };\n  execSync('ls ' + x);\n};\n", errors: [{}] },
    { name: "weak check still reports: js alt inner unanchored ^a|b$", file: "h.js", code: "const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  const x = event.queryStringParameters.name;\n  if (!/^[a-z]+|[0-9]+$/.test(x)) return { statusCode: 400 };\n  execSync('ls ' + x);\n};\n", errors: [{}] },
    { name: "weak check still reports: js semicolon in class", file: "h.js", code: "const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  const x = event.queryStringParameters.name;\n  if (!/^[a-z;]+$/.test(x)) return { statusCode: 400 };\n  execSync('ls ' + x);\n};\n", errors: [{}] },
    { name: "weak check still reports: js m flag", file: "h.js", code: "const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  const x = event.queryStringParameters.name;\n  if (!/^[a-z]+$/m.test(x)) return { statusCode: 400 };\n  execSync('ls ' + x);\n};\n", errors: [{}] },
    { name: "weak check still reports: py match no end anchor", file: "h.py", code: "import subprocess, re, os\ndef handler(event, context):\n    x = event['queryStringParameters']['name']\n    if not re.match(r'[a-z]+', x):\n        return {'statusCode': 400}\n    subprocess.run('ls ' + x, shell=True)\n", errors: [{}] },
    { name: "weak check still reports: py search unanchored", file: "h.py", code: "import subprocess, re, os\ndef handler(event, context):\n    x = event['queryStringParameters']['name']\n    if not re.search(r'[a-z]+$', x):\n        return {'statusCode': 400}\n    subprocess.run('ls ' + x, shell=True)\n", errors: [{}] },
    { name: "weak check still reports: py \\S", file: "h.py", code: "import subprocess, re, os\ndef handler(event, context):\n    x = event['queryStringParameters']['name']\n    if not re.fullmatch(r'\\S+', x):\n        return {'statusCode': 400}\n    subprocess.run('ls ' + x, shell=True)\n", errors: [{}] },
    { name: "weak check still reports: ts unanchored", file: "h.ts", code: "import { execSync } from 'child_process';\nexport const handler = async (event: any) => {\n  const x: string = event.queryStringParameters.name;\n  if (!/[A-Za-z0-9_-]+/.test(x)) return { statusCode: 400 };\n  execSync(`ls ${x}`);\n};\n", errors: [{}] },
    { name: "weak check still reports: py compiled multiline", file: "h.py", code: "import subprocess, re\nNAME = re.compile(r'^[a-z0-9_-]+$', re.M)\ndef handler(event, context):\n    x = event['queryStringParameters']['name']\n    if not NAME.search(x):\n        return {'statusCode': 400}\n    subprocess.run('ls ' + x, shell=True)\n", errors: [{}] },
  ],
});

run(sql, {
  valid: [
    { name: "js sql digits", file: "h.js", code: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\nexports.handler = async (event) => {\n  const id = event.pathParameters.id;\n  if (!/^\\d+$/.test(id)) return { statusCode: 400 };\n  conn.query('SELECT * FROM t WHERE id = ' + id);\n};\n" },
    { name: "py sql digits", file: "h.py", code: "import re, pymysql\nconn = pymysql.connect()\ndef handler(event, context):\n    i = event['pathParameters']['id']\n    if not re.fullmatch(r'\\d+', i):\n        return {}\n    conn.cursor().execute('SELECT * FROM t WHERE id = ' + i)\n" },
  ],
  invalid: [
    { name: "weak check still reports: js sql unanchored digits", file: "h.js", code: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\nexports.handler = async (event) => {\n  const id = event.pathParameters.id;\n  if (!/\\d+/.test(id)) return { statusCode: 400 };\n  conn.query('SELECT * FROM t WHERE id = ' + id);\n};\n", errors: [{}] },
    { name: "weak check still reports: py sql search", file: "h.py", code: "import re, pymysql\nconn = pymysql.connect()\ndef handler(event, context):\n    i = event['pathParameters']['id']\n    if not re.search(r'\\d+', i):\n        return {}\n    conn.cursor().execute('SELECT * FROM t WHERE id = ' + i)\n", errors: [{}] },
  ],
});

run(pathTraversal, {
  valid: [
    { name: "js path class", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  if (!/^[a-z0-9_-]+$/.test(name)) return { statusCode: 400 };\n  return fs.readFileSync('/tmp/' + name, 'utf8');\n};\n" },
    { name: "js path class with dot", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  if (!/^[a-z0-9_.-]+$/.test(name)) return { statusCode: 400 };\n  return fs.readFileSync('/tmp/' + name, 'utf8');\n};\n" },
    { name: "js basename", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  return fs.readFileSync(path.join('/tmp', path.basename(name)), 'utf8');\n};\n" },
    { name: "js basename var", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  const safe = path.basename(name);\n  return fs.readFileSync('/tmp/' + safe, 'utf8');\n};\n" },
    { name: "js includes .. reject", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  if (name.includes('..') || name.includes('/')) return { statusCode: 400 };\n  return fs.readFileSync(path.join('/tmp', name), 'utf8');\n};\n" },
    { name: "js includes .. only", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  if (name.includes('..')) return { statusCode: 400 };\n  return fs.readFileSync(path.join('/tmp', name), 'utf8');\n};\n" },
    { name: "js indexOf ..", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  if (name.indexOf('/') >= 0) return { statusCode: 400 };\n  if (name.indexOf('..') !== -1) return { statusCode: 400 };\n  return fs.readFileSync(path.join('/tmp', name), 'utf8');\n};\n" },
    { name: "js resolve startsWith", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  const base = '/tmp/data';\n  const p = path.resolve(base, name);\n  if (!p.startsWith(base + path.sep)) return { statusCode: 403 };\n  return fs.readFileSync(p, 'utf8');\n};\n" },
    { name: "js join startsWith (join normalises)", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  const base = '/tmp/data';\n  const p = path.join(base, name);\n  if (!p.startsWith(base)) return { statusCode: 403 };\n  return fs.readFileSync(p, 'utf8');\n};\n" },
    { name: "js includes / only weak", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  if (name.includes('/')) return { statusCode: 400 };\n  return fs.readFileSync(path.join('/tmp', name), 'utf8');\n};\n" },
    { name: "py basename", file: "h.py", code: "import os\ndef handler(event, context):\n    name = event['queryStringParameters']['file']\n    with open(os.path.join('/tmp', os.path.basename(name))) as f:\n        return f.read()\n" },
    { name: "py .. check", file: "h.py", code: "import os\ndef handler(event, context):\n    name = event['queryStringParameters']['file']\n    if '..' in name or '/' in name:\n        return {'statusCode': 400}\n    with open(os.path.join('/tmp', name)) as f:\n        return f.read()\n" },
    { name: "py realpath startswith", file: "h.py", code: "import os\ndef handler(event, context):\n    name = event['queryStringParameters']['file']\n    base = '/tmp/data'\n    p = os.path.realpath(os.path.join(base, name))\n    if not p.startswith(base + os.sep):\n        return {'statusCode': 403}\n    with open(p) as f:\n        return f.read()\n" },
    { name: "js basename eq", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  if (path.basename(name) !== name) return { statusCode: 400 };\n  return fs.readFileSync(path.join('/tmp', name), 'utf8');\n};\n" },
    { name: "py basename eq", file: "h.py", code: "import os\ndef handler(event, context):\n    name = event['queryStringParameters']['file']\n    if os.path.basename(name) != name:\n        return {'statusCode': 400}\n    with open(os.path.join('/tmp', name)) as f:\n        return f.read()\n" },
    { name: "py .. find", file: "h.py", code: "import os\ndef handler(event, context):\n    name = event['queryStringParameters']['file']\n    if name.find('..') != -1 or name.find('/') != -1:\n        return {'statusCode': 400}\n    with open(os.path.join('/tmp', name)) as f:\n        return f.read()\n" },
    { name: "ts path segment checks", file: "h.ts", code: "import * as fs from 'fs';\nimport * as path from 'path';\nexport const handler = async (event: any) => {\n  const name: string = event.queryStringParameters.file;\n  if (name.includes('/') || name.includes('..')) return { statusCode: 400 };\n  return fs.readFileSync(path.resolve('/tmp', name), 'utf8');\n};\n" },
  ],
  invalid: [
    { name: "weak check still reports: js includes .. then used whole", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  if (name.includes('..')) return { statusCode: 400 };\n  return fs.readFileSync(name, 'utf8');\n};\n", errors: [{}] },
    { name: "weak check still reports: js includes .. then resolve", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  if (name.includes('..')) return { statusCode: 400 };\n  return fs.readFileSync(path.resolve('/tmp', name), 'utf8');\n};\n", errors: [{}] },
    { name: "weak check still reports: js includes ../", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  if (name.includes('../')) return { statusCode: 400 };\n  return fs.readFileSync(path.join('/tmp', name), 'utf8');\n};\n", errors: [{}] },
    { name: "js raw startsWith weak", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  if (!name.startsWith('/tmp/data')) return { statusCode: 403 };\n  return fs.readFileSync(name, 'utf8');\n};\n", errors: [{}] },
    { name: "js includes ..\\/ positive weak", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  if (name.includes('x')) return { statusCode: 400 };\n  return fs.readFileSync(path.join('/tmp', name), 'utf8');\n};\n", errors: [{}] },
    { name: "py join startswith weak", file: "h.py", code: "import os\ndef handler(event, context):\n    name = event['queryStringParameters']['file']\n    base = '/tmp/data'\n    p = os.path.join(base, name)\n    if not p.startswith(base):\n        return {'statusCode': 403}\n    with open(p) as f:\n        return f.read()\n", errors: [{}] },
    { name: "py .. only weak", file: "h.py", code: "import os\ndef handler(event, context):\n    name = event['queryStringParameters']['file']\n    if '..' in name:\n        return {'statusCode': 400}\n    with open(os.path.join('/tmp', name)) as f:\n        return f.read()\n", errors: [{}] },
  ],
});

run(xss, {
  valid: [
    { name: "js xss class", file: "h.js", code: "exports.handler = async (event) => {\n  const n = event.queryStringParameters.name;\n  if (!/^[A-Za-z ]+$/.test(n)) return { statusCode: 400 };\n  return { statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: '<p>' + n + '</p>' };\n};\n" },
    { name: "py xss class", file: "h.py", code: "import re\ndef handler(event, context):\n    n = event['queryStringParameters']['name']\n    if not re.fullmatch(r'[A-Za-z ]+', n):\n        return {'statusCode': 400}\n    return {'statusCode': 200, 'headers': {'Content-Type': 'text/html'}, 'body': '<p>' + n + '</p>'}\n" },
  ],
  invalid: [
    { name: "weak check still reports: js xss unanchored", file: "h.js", code: "exports.handler = async (event) => {\n  const n = event.queryStringParameters.name;\n  if (!/[A-Za-z ]+/.test(n)) return { statusCode: 400 };\n  return { statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: '<p>' + n + '</p>' };\n};\n", errors: [{}] },
    { name: "weak check still reports: py xss search", file: "h.py", code: "import re\ndef handler(event, context):\n    n = event['queryStringParameters']['name']\n    if not re.search(r'[A-Za-z ]+', n):\n        return {'statusCode': 400}\n    return {'statusCode': 200, 'headers': {'Content-Type': 'text/html'}, 'body': '<p>' + n + '</p>'}\n", errors: [{}] },
  ],
});

run(openRedirect, {
  valid: [
    { name: "open redirect class", file: "h.js", code: "exports.handler = async (event) => {\n  const p = event.queryStringParameters.page;\n  if (!/^[a-z0-9-]+$/.test(p)) return { statusCode: 400 };\n  return { statusCode: 302, headers: { Location: p } };\n};\n" },
  ],
  invalid: [
    { name: "weak check still reports: open redirect unanchored", file: "h.js", code: "exports.handler = async (event) => {\n  const p = event.queryStringParameters.page;\n  if (!/[a-z0-9-]+/.test(p)) return { statusCode: 400 };\n  return { statusCode: 302, headers: { Location: p } };\n};\n", errors: [{}] },
  ],
});

// SigV4-signed requests (@smithy/protocol-http HttpRequest + SignatureV4#sign) keep their fields:
// event data in the signed body does not choose the host; event data in `hostname` does.
const sigv4 = (hostExpr: string) => `const { SignatureV4 } = require('@smithy/signature-v4');
const { HttpRequest } = require('@smithy/protocol-http');
const { Sha256 } = require('@aws-crypto/sha256-js');
const https = require('https');
exports.handler = async (event) => {
  const domain = ${hostExpr};
  const request = new HttpRequest({ method: 'POST', hostname: domain, path: '/event', headers: { host: domain }, body: JSON.stringify(event) });
  const signer = new SignatureV4({ credentials: {}, region: 'eu-west-1', service: 'appsync', sha256: Sha256 });
  const signed = await signer.sign(request);
  https.request({ hostname: signed.hostname, path: signed.path, method: signed.method, headers: signed.headers }).end(signed.body);
};
`;
run(ssrf, {
  valid: [{ name: 'SigV4-signed request to a configured host, event data in the body', file: 'notify.js', code: sigv4('process.env.APPSYNC_HOST') }],
  invalid: [{ name: 'SigV4-signed request whose hostname comes from the event', file: 'notify.js', code: sigv4('event.queryStringParameters.host'), errors: [{}] }],
});

// split('/') elements are single path segments until joined again (code/path-segment.ts)
run(pathTraversal, {
  valid: [
    { name: "js split pop segment", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  const file = name.split('/').pop();\n  return fs.readFileSync(path.resolve('/tmp', file), 'utf8');\n};\n" },
    { name: "py split [-1] segment", file: "h.py", code: "import os\ndef handler(event, context):\n    name = event['queryStringParameters']['file']\n    fn = name.split('/')[-1]\n    with open(os.path.join('/tmp', fn)) as f:\n        return f.read()\n" },
    { name: "py rsplit [-1] segment", file: "h.py", code: "import os\ndef handler(event, context):\n    name = event['queryStringParameters']['file']\n    fn = name.rsplit('/', 1)[-1]\n    with open('/tmp/' + fn) as f:\n        return f.read()\n" },
  ],
  invalid: [
    { name: "weak check still reports: js split join again", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  const rel = name.split('/').slice(1).join('/');\n  return fs.readFileSync(path.resolve('/tmp', rel), 'utf8');\n};\n", errors: [{}] },
    { name: "weak check still reports: js split spread into join", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  return fs.readFileSync(path.join('/tmp', ...name.split('/')), 'utf8');\n};\n", errors: [{}] },
    { name: "weak check still reports: py split rejoin", file: "h.py", code: "import os\ndef handler(event, context):\n    name = event['queryStringParameters']['file']\n    rel = '/'.join(name.split('/')[1:])\n    with open(os.path.join('/tmp', rel)) as f:\n        return f.read()\n", errors: [{}] },
    { name: "weak check still reports: py split on other sep", file: "h.py", code: "import os\ndef handler(event, context):\n    name = event['queryStringParameters']['file']\n    fn = name.split(':')[-1]\n    with open(os.path.join('/tmp', fn)) as f:\n        return f.read()\n", errors: [{}] },
  ],
});

// regex match groups: a group's text is made of the group's characters (code/regex-class.ts)
run(pathTraversal, {
  valid: [
    { name: "js match group digits", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  const m = name.match(/^report-(\\d+)\\.csv$/);\n  if (!m) return { statusCode: 400 };\n  return fs.readFileSync(path.resolve('/tmp', m[1] + '.csv'), 'utf8');\n};\n" },
    { name: "js exec named group", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  const m = /(?<id>[a-z0-9]+)\\.json/.exec(name);\n  if (!m) return { statusCode: 400 };\n  return fs.readFileSync('/tmp/' + m.groups.id, 'utf8');\n};\n" },
    { name: "py search group digits", file: "h.py", code: "import os, re\ndef handler(event, context):\n    key = event['Records'][0]['s3']['object']['key']\n    m = re.search(r'(\\d+)\\.pdf$', key)\n    if not m:\n        return\n    with open(os.path.join('/tmp', m.group(1) + '.pdf')) as f:\n        return f.read()\n" },
    { name: "py compiled named group", file: "h.py", code: "import os, re\ndef handler(event, context):\n    name = event['queryStringParameters']['file']\n    RX = re.compile(r'^(?P<stem>[\\w-]+)\\.txt$')\n    m = RX.match(name)\n    if m is None:\n        return {}\n    with open(os.path.join('/tmp', m.group('stem'))) as f:\n        return f.read()\n" },
  ],
  invalid: [
    { name: "weak check still reports: js match group any", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  const m = name.match(/^report-(.+)$/);\n  if (!m) return { statusCode: 400 };\n  return fs.readFileSync(path.resolve('/tmp', m[1]), 'utf8');\n};\n", errors: [{}] },
    { name: "weak check still reports: js match whole", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  const m = name.match(/report-(\\d+)/);\n  if (!m) return { statusCode: 400 };\n  return fs.readFileSync(path.resolve('/tmp', m.input), 'utf8');\n};\n", errors: [{}] },
    { name: "weak check still reports: py group(0) of unanchored", file: "h.py", code: "import os, re\ndef handler(event, context):\n    name = event['queryStringParameters']['file']\n    m = re.search(r'(\\d+)', name)\n    with open(os.path.join('/tmp', m.group(0) if False else name)) as f:\n        return f.read()\n", errors: [{}] },
    { name: "weak check still reports: py group of .*", file: "h.py", code: "import os, re\ndef handler(event, context):\n    name = event['queryStringParameters']['file']\n    m = re.match(r'files/(.*)', name)\n    with open(os.path.join('/tmp', m.group(1))) as f:\n        return f.read()\n", errors: [{}] },
  ],
});

// containment: a prefix / is_relative_to check proves containment only of a resolved path
run(pathTraversal, {
  valid: [
    { name: "py pathlib resolve is_relative_to", file: "h.py", code: "from pathlib import Path\nBASE = Path('/tmp/data')\ndef handler(event, context):\n    name = event['queryStringParameters']['file']\n    p = (BASE / name).resolve()\n    if not p.is_relative_to(BASE):\n        return {'statusCode': 403}\n    return p.read_text()\n" },
  ],
  invalid: [
    { name: "weak check still reports: py pathlib unresolved is_relative_to", file: "h.py", code: "from pathlib import Path\nBASE = Path('/tmp/data')\ndef handler(event, context):\n    name = event['queryStringParameters']['file']\n    p = BASE / name\n    if not p.is_relative_to(BASE):\n        return {'statusCode': 403}\n    return p.read_text()\n", errors: [{}] },
    { name: "weak check still reports: js resolve startsWith no base check", file: "h.js", code: "const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  const p = path.resolve('/tmp/data', name);\n  if (!p.startsWith(name)) return { statusCode: 403 };\n  return fs.readFileSync(p, 'utf8');\n};\n", errors: [{}] },
  ],
});
