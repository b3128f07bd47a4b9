/**
 * Taint precision and locations: URLs whose scheme + host stay constant through a suffix rewrite
 * (not SSRF), DynamoDB typed attribute values (not NoSQL injection), and sources read in a file other
 * than the one that created the request object (located in the file of the read).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { initCodeParsers, analyzeTaint, type CodeLang, type TaintFinding } from '../../server/src/engine/code/index';

before(async () => {
  await initCodeParsers();
});

function run(main: string, files: Record<string, string>, lang: CodeLang = 'javascript', exportName?: string): TaintFinding[] {
  const resolveImport = (from: string, spec: string) => {
    const p = path.posix.resolve(path.posix.dirname(from), spec);
    for (const c of [p, p + '.js']) if (files[c] !== undefined) return { path: c, text: files[c] };
    return undefined;
  };
  return analyzeTaint({ path: main, text: files[main], lang, triggers: ['api'], exportName, resolveImport });
}
const js = (src: string) => run('/app/h.js', { '/app/h.js': src }).map((f) => f.sinkKind);
const kinds = (src: string) => [...new Set(js(src))];
const py = (src: string) => run('/app/h.py', { '/app/h.py': src }, 'python').map((f) => f.sinkKind);

describe('ssrf: constant scheme + host', () => {
  const head = `const axios = require('axios');\nexports.handler = async (event) => {\n  const b = JSON.parse(event.body);\n`;
  test('a suffix rewrite (end-anchored, no "/") keeps a constant host: not SSRF', () => {
    assert.deepEqual(js(head + "  let u = `http://${process.env.BUCKET}.s3.amazonaws.com/${b.name}`;\n  u = u.replace(/\\.\\w+$/, '.png');\n  await axios.get(u);\n};\n"), []);
    assert.deepEqual(js(head + "  const u = ('https://api.example.com/items/' + b.id).replace(/\\.(bmp|tiff?)$/i, '.jpg');\n  await axios.get(u);\n};\n"), []);
  });
  test('a rewrite that can touch the host, or a user host, stays SSRF', () => {
    assert.deepEqual(js(head + "  let u = `http://${process.env.BUCKET}.s3.amazonaws.com/${b.name}`;\n  u = u.replace(/\\//g, '');\n  await axios.get(u);\n};\n"), ['ssrf']);
    assert.deepEqual(js(head + "  let u = `http://${process.env.BUCKET}.s3.amazonaws.com/${b.name}`;\n  u = u.replace(/[a-z\\/]+$/, '');\n  await axios.get(u);\n};\n"), ['ssrf']);
    assert.deepEqual(js(head + "  let u = `https://${b.host}/x.jpg`;\n  u = u.replace(/\\.\\w+$/, '.png');\n  await axios.get(u);\n};\n"), ['ssrf']);
    assert.deepEqual(js(head + "  let u = 'https://' + b.host;\n  u = u.replace(/\\.\\w+$/, '.png');\n  await axios.get(u);\n};\n"), ['ssrf']);
  });
  test('Python: f-string, format and + with a constant host are not SSRF; a user host is', () => {
    const ph = `import json, os, requests\ndef handler(event, context):\n    b = json.loads(event['body'])\n`;
    assert.deepEqual(py(ph + `    requests.get(f"https://{os.environ['B']}.s3.amazonaws.com/{b['n']}")\n    requests.get("https://api.example.com/items/{}".format(b['id']))\n    requests.get("https://api.example.com/items/" + b['id'])\n`), []);
    assert.deepEqual(py(ph + `    requests.get("https://" + b['h'] + "/x")\n    requests.get(f"https://{b['h']}/x")\n`), ['ssrf', 'ssrf']);
  });
});

describe('nosql: DynamoDB typed attribute values', () => {
  test('a request value under a scalar type tag ({ S: v }) is data: no finding', () => {
    const src = `const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');\nconst ddb = new DynamoDBClient({});\nexports.handler = async (event) => {\n  const b = JSON.parse(event.body);\n  const params = { TableName: 't', Key: { id: { S: b.id }, n: { N: b.n } } };\n  return ddb.send(new GetItemCommand(params));\n};\n`;
    assert.deepEqual(js(src), []);
  });
  test('the same value untyped still reaches the query (JSON object: operators)', () => {
    const src = `const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');\nconst ddb = new DynamoDBClient({});\nexports.handler = async (event) => {\n  const b = JSON.parse(event.body);\n  const params = { TableName: 't', Key: { id: b.id } };\n  return ddb.send(new GetItemCommand(params));\n};\n`;
    assert.deepEqual(js(src), ['nosql']);
  });
  test('a typed value does not clean an expression built from input', () => {
    const src = `const { DynamoDBClient, QueryCommand } = require('@aws-sdk/client-dynamodb');\nconst ddb = new DynamoDBClient({});\nexports.handler = async (event) => {\n  const b = JSON.parse(event.body);\n  return ddb.send(new QueryCommand({ TableName: 't', KeyConditionExpression: b.expr, ExpressionAttributeValues: { ':v': { S: b.v } } }));\n};\n`;
    assert.ok(js(src).includes('nosql'));
  });
});

describe('locations of cross-file sources', () => {
  const files: Record<string, string> = {
    '/app/routes.js': `const { Router } = require('express');\nconst { fetchIt } = require('./ctl');\nconst app = Router();\napp.post('/x', fetchIt);\nmodule.exports = app;\n`,
    '/app/ctl.js': `const axios = require('axios');\n// padding\n// padding\n// padding\nexports.fetchIt = async (req, res) => {\n  const u = req.body.url;\n  await axios.get(u);\n  res.json({});\n};\n`,
    '/app/h2.js': `const impl = require('./impl');\nexports.handler = impl.run;\n`,
    '/app/impl.js': `const axios = require('axios');\n// a\n// b\n// c\n// d\nexports.run = async (event) => {\n  const b = JSON.parse(event.body);\n  await axios.get(b.url);\n};\n`,
  };
  const text = (file: string, r: { start: number; end: number }) => files[file].slice(r.start, r.end);
  test('an Express handler in another file: the source is in the handler file; the route registration is a step', () => {
    const fs = run('/app/routes.js', files);
    assert.equal(fs.length, 1);
    const f = fs[0];
    assert.equal(f.sinkKind, 'ssrf');
    assert.equal(f.source.file, '/app/ctl.js');
    assert.equal(text(f.source.file, f.source.range), 'req.body.url');
    const reg = f.path.find((s) => s.file === '/app/routes.js');
    assert.ok(reg, 'a step in routes.js');
    assert.equal(text(reg.file, reg.range), "app.post('/x', fetchIt)");
    for (const s of f.path) assert.ok(s.range.end <= files[s.file].length, `step in ${s.file} within the file`);
  });
  test('a Lambda handler re-exported from another file: the source is in the implementation file', () => {
    const fs = run('/app/h2.js', files, 'javascript', 'handler');
    assert.equal(fs.length, 1);
    assert.equal(fs[0].source.file, '/app/impl.js');
    assert.equal(text(fs[0].source.file, fs[0].source.range), 'event.body');
  });
  test('a handler in the same file: no registration step', () => {
    const one = { '/app/a.js': `const express = require('express');\nconst axios = require('axios');\nconst app = express();\napp.post('/x', async (req, res) => { await axios.get(req.body.url); res.end(); });\nmodule.exports = app;\n` };
    const fs = run('/app/a.js', one);
    assert.equal(fs.length, 1);
    assert.equal(fs[0].source.file, '/app/a.js');
    assert.equal(one['/app/a.js'].slice(fs[0].source.range.start, fs[0].source.range.end), 'req.body.url');
    assert.ok(!fs[0].path.some((s) => s.note.startsWith('route handler')));
  });
});

describe('open redirect: scheme + the request\'s own Host (issue 10 class 5)', () => {
  const app = (routes: string) => `const express = require('express');\nconst axios = require('axios');\nconst serverless = require('serverless-http');\nconst app = express();\n${routes}exports.handler = serverless(app);\n`;
  test('an http→https upgrade to the request\'s own host and path is same-origin: no finding', () => {
    assert.deepEqual(js(app("app.use((req, res) => res.redirect(`https://${req.headers.host}${req.url}`));\n")), []);
    assert.deepEqual(js(app("app.use((req, res) => res.redirect('https://' + req.get('host') + req.originalUrl));\n")), []);
    assert.deepEqual(js(app("app.get('/x', (req, res) => res.redirect(`https://${req.hostname}/login?next=${req.query.next}`));\n")), []);
    assert.deepEqual(py(`def handler(event, context):\n    h = event['headers']['Host']\n    return {'statusCode': 301, 'headers': {'Location': 'https://' + h + event['path']}}\n`), []);
  });
  test('a host from the query or X-Forwarded-Host, or a query value right after the host, stays an open redirect', () => {
    assert.deepEqual(kinds(app("app.use((req, res) => res.redirect('https://' + req.query.host + req.url));\n")), ['open-redirect']);
    assert.deepEqual(kinds(app("app.use((req, res) => res.redirect(`https://${req.headers['x-forwarded-host']}${req.url}`));\n")), ['open-redirect']);
    assert.deepEqual(kinds(app("app.use((req, res) => res.redirect(`https://${req.headers.host}${req.query.next}`));\n")), ['open-redirect']);
  });
  test('the Host header still picks the target of an outbound request (SSRF) outside host-routed triggers', () => {
    assert.deepEqual(js(app("app.get('/p', async (req, res) => res.send((await axios.get('https://' + req.headers.host + '/x')).data));\n")), ['ssrf']);
  });
});

describe('AWS-set event fields: Lambda@Edge cf.config (issue 10)', () => {
  const edge = (src: string) => analyzeTaint({ path: '/app/edge.js', text: src, lang: 'javascript', triggers: ['unknown'] }).map((f) => f.sinkKind);
  test('the distribution id / domain are set by CloudFront: no finding', () => {
    assert.deepEqual(edge(`const axios = require('axios');\nexports.handler = async (event) => {\n  const { distributionId, distributionDomainName } = event.Records[0].cf.config;\n  await axios.get(distributionDomainName + distributionId);\n  return event.Records[0].cf.request;\n};\n`), []);
  });
  test('the viewer request (querystring) and, on a direct invoke, an S3-shaped object key stay sources', () => {
    assert.deepEqual(edge(`const axios = require('axios');\nexports.handler = async (event) => {\n  await axios.get(event.Records[0].cf.request.querystring);\n};\n`), ['ssrf']);
    assert.deepEqual(edge(`const axios = require('axios');\nexports.handler = async (event) => {\n  await axios.get(event.Records[0].s3.object.key);\n};\n`), ['ssrf']);
  });
});
