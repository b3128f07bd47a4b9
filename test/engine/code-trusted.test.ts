/**
 * Issue 10, class 5: taint knows trusted inputs and real sanitizers. Every example of the issue is
 * a case here: the false positive is gone and the true positive next to it is kept.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { initCodeParsers, analyzeTaint, type CodeLang, type TriggerKind } from '../../server/src/engine/code/index';

before(async () => {
  await initCodeParsers();
});

function run(src: string, lang: CodeLang, opts: { triggers?: TriggerKind[]; files?: Record<string, string> } = {}): string[] {
  const main = lang === 'python' ? '/app/handler.py' : lang === 'typescript' ? '/app/handler.ts' : '/app/handler.js';
  const files: Record<string, string> = { [main]: src, ...(opts.files ?? {}) };
  const resolveImport = (from: string, spec: string) => {
    const dir = path.posix.dirname(from);
    const p = from.endsWith('.py') ? path.posix.join(dir, ...spec.replace(/^\.+/, '').split('.')) : path.posix.resolve(dir, spec);
    for (const c of [p, p + '.js', p + '.ts', p + '.py']) if (files[c] !== undefined) return { path: c, text: files[c] };
    return undefined;
  };
  return analyzeTaint({ path: main, text: src, lang, triggers: opts.triggers ?? ['api'], resolveImport }).map(
    (f) => `${f.sinkKind}@${files[f.sinkFile].slice(0, f.sinkRange.start).split('\n').length}`,
  );
}
const js = (s: string, o?: Parameters<typeof run>[2]) => run(s, 'javascript', o);
const py = (s: string, o?: Parameters<typeof run>[2]) => run(s, 'python', o);

describe('fields API Gateway and S3 Object Lambda set are not attacker input', () => {
  test('authorizer event: methodArn (and the authorizationToken next to it stays tainted)', () => {
    const hits = js(`
const https = require('https');
exports.handler = async (event) => {
  const [, , , region, account, rest] = event.methodArn.split(':');
  https.get('https://' + region + '.example.internal/' + account);
  https.get(event.authorizationToken);
};
`, { triggers: ['unknown'] });
    assert.deepEqual(hits, ['ssrf@6']);
  });

  test('requestContext.accountId / apiId / stage and the authorizer context', () => {
    const src = `
const fs = require('fs');
exports.handler = async (event) => {
  const { accountId, apiId, stage } = event.requestContext;
  fs.readFileSync('/tmp/' + accountId + apiId + stage);
  fs.readFileSync('/tmp/' + event.requestContext.authorizer.lambda.tenant);
  fs.readFileSync('/tmp/' + event.pathParameters.file);
};
`;
    // API Gateway trigger, and a function with no event in its config (the whole event is input)
    assert.deepEqual(js(src), ['path-traversal@7']);
    assert.deepEqual(js(src, { triggers: ['unknown'] }), ['path-traversal@7']);
  });

  test('Python: requestContext stage and authorizer claims', () => {
    const src = `
import os
def handler(event, context):
    stage = event['requestContext']['stage']
    tenant = event['requestContext']['authorizer']['claims']['custom:tenant']
    os.system('deploy ' + stage + ' ' + tenant)
    os.system('echo ' + event['body'])
`;
    assert.deepEqual(py(src), ['command@7']);
    assert.deepEqual(py(src, { triggers: ['unknown'] }), ['command@7']);
  });

  test('S3 Object Lambda getObjectContext (inputS3Url, outputRoute, outputToken) is AWS-generated; userRequest.url is not', () => {
    const hits = py(`
import urllib.request
import urllib3
http = urllib3.PoolManager()
def handler(event, context):
    ctx = event['getObjectContext']
    original = http.request('GET', ctx['inputS3Url'])
    urllib.request.urlopen(event['userRequest']['url'])
    return {'status_code': 200}
`, { triggers: ['unknown'] });
    assert.deepEqual(hits, ['ssrf@8']);
  });

  test('JS: getObjectContext.inputS3Url fetched', () => {
    const hits = js(`
exports.handler = async (event) => {
  const { inputS3Url, outputRoute, outputToken } = event.getObjectContext;
  const res = await fetch(inputS3Url);
  return { statusCode: 200 };
};
`, { triggers: ['unknown'] });
    assert.deepEqual(hits, []);
  });
});

describe('containment checks sanitize paths', () => {
  test('JS: path.resolve + startsWith(base) guard; the unguarded read stays', () => {
    const hits = js(`
const fs = require('fs');
const path = require('path');
const BASE = '/var/task/public';
exports.handler = async (event) => {
  const full = path.resolve(BASE, event.pathParameters.file);
  if (!full.startsWith(BASE + path.sep)) return { statusCode: 403 };
  const a = fs.readFileSync(full);
  const b = fs.readFileSync(path.join(BASE, event.queryStringParameters.other));
  return { statusCode: 200 };
};
`);
    assert.deepEqual(hits, ['path-traversal@9']);
  });

  test('JS: fs.realpathSync + startsWith, positive form', () => {
    const hits = js(`
const fs = require('fs');
const path = require('path');
const ROOT = '/mnt/efs/data';
exports.handler = async (event) => {
  const real = fs.realpathSync(path.join(ROOT, event.body));
  if (real.startsWith(ROOT)) {
    return { statusCode: 200, body: fs.readFileSync(real, 'utf8') };
  }
  return { statusCode: 404 };
};
`);
    assert.deepEqual(hits, []);
  });

  test('Python: os.path.realpath + os.path.commonpath against the base', () => {
    const hits = py(`
import os
BASE = '/mnt/data'
def handler(event, context):
    p = os.path.realpath(os.path.join(BASE, event['pathParameters']['name']))
    if os.path.commonpath([p, BASE]) != BASE:
        return {'statusCode': 403}
    with open(p) as f:
        body = f.read()
    open(os.path.join(BASE, event['queryStringParameters']['x']))
    return {'statusCode': 200, 'body': body}
`);
    assert.deepEqual(hits, ['path-traversal@10']);
  });

  test('Python: os.path.abspath + startswith, and Path.resolve().is_relative_to', () => {
    const hits = py(`
import os
from pathlib import Path
BASE = '/mnt/data'
ROOT = Path('/mnt/data')
def handler(event, context):
    p = os.path.abspath(os.path.join(BASE, event['body']))
    if not p.startswith(BASE + os.sep):
        raise ValueError('outside')
    open(p).read()
    q = (ROOT / event['pathParameters']['rel']).resolve()
    if not q.is_relative_to(ROOT):
        return {'statusCode': 403}
    q.read_bytes()
    return {'statusCode': 200}
`);
    assert.deepEqual(hits, []);
  });

  test('Python: pathlib containment by `base in target.parents` (or target == base) in a helper that raises', () => {
    const hits = py(`
from pathlib import Path
from flask import Flask, request
app = Flask(__name__)
MOUNT_PATH = '/mnt/s3files'
def _safe_target(rel):
    base = Path(MOUNT_PATH).resolve()
    target = (base / rel.lstrip("/")).resolve()
    if target != base and base not in target.parents:
        raise ValueError("path escapes the mount root")
    return target
@app.get("/files/<path:rel>")
def get_files(rel=""):
    target = _safe_target(rel)
    data = target.read_bytes()
    Path(MOUNT_PATH, rel).read_bytes()
    return data
`);
    assert.deepEqual(hits, ['path-traversal@16']);
  });

  test('a startsWith check on the raw input (no resolve) does not sanitize ../', () => {
    const hits = js(`
const fs = require('fs');
exports.handler = async (event) => {
  const p = '/data/' + event.body;
  if (!p.startsWith('/data/')) return;
  fs.readFileSync(p);
};
`);
    assert.deepEqual(hits, ['path-traversal@6']);
  });
});

describe('casts sanitize NoSQL operands', () => {
  test('JS: new ObjectId(...), Number(...), parseInt(...); the raw body stays', () => {
    const hits = js(`
const { MongoClient, ObjectId } = require('mongodb');
const client = new MongoClient(process.env.URI);
exports.handler = async (event) => {
  const col = client.db('d').collection('c');
  const body = JSON.parse(event.body);
  await col.findOne({ _id: new ObjectId(body.id) });
  await col.find({ age: Number(body.age) }).toArray();
  await col.find({ n: parseInt(body.n, 10) }).toArray();
  await col.find({ name: body.name }).toArray();
};
`);
    assert.deepEqual(hits, ['nosql@10']);
  });

  test('ObjectId.isValid as a guard (JS) and ObjectId.is_valid (Python)', () => {
    const js1 = js(`
const { MongoClient, ObjectId } = require('mongodb');
const col = new MongoClient(process.env.URI).db('d').collection('c');
exports.handler = async (event) => {
  const { id, other } = JSON.parse(event.body);
  if (!ObjectId.isValid(id)) return { statusCode: 400 };
  await col.findOne({ _id: id });
  await col.findOne({ other });
};
`);
    assert.deepEqual(js1, ['nosql@8']);
    const py1 = py(`
import json
from bson.objectid import ObjectId
from pymongo import MongoClient
db = MongoClient()['d']
def handler(event, context):
    body = json.loads(event['body'])
    oid = body['id']
    if not ObjectId.is_valid(oid):
        return {'statusCode': 400}
    db.items.find_one({'_id': oid})
    db.items.find_one({'x': body['x']})
`);
    assert.deepEqual(py1, ['nosql@12']);
  });

  test('Python: int(...) and ObjectId(...)', () => {
    const hits = py(`
import json
from bson import ObjectId
from pymongo import MongoClient
db = MongoClient()['d']
def handler(event, context):
    body = json.loads(event['body'])
    db.items.find_one({'_id': ObjectId(body['id'])})
    db.items.find({'age': int(body['age'])})
    db.items.find({'name': body['name']})
`);
    assert.deepEqual(hits, ['nosql@10']);
  });
});

describe('a fetch Request is aimed by its URL, not by its body', () => {
  test('new Request(CONSTANT_URL, { body: tainted }) is no SSRF; new Request(taintedUrl) is', () => {
    const hits = js(`
const API = process.env.APP_SYNC_API;
exports.handler = async (event) => {
  const { chatId } = JSON.parse(event.body);
  await fetch(new Request(API, { method: 'POST', body: JSON.stringify({ chatId }) }));
  await fetch(new Request(event.queryStringParameters.url));
};
`);
    assert.deepEqual(hits, ['ssrf@6']);
  });
});

describe('user-written helpers recognised by what their body does', () => {
  test('a safe-join helper that resolves and checks containment sanitizes its result', () => {
    const hits = js(`
const fs = require('fs');
const path = require('path');
function safeJoin(base, rel) {
  const full = path.resolve(base, rel);
  if (!full.startsWith(path.resolve(base) + path.sep)) throw new Error('outside base');
  return full;
}
function join(base, rel) {
  return path.join(base, rel);
}
exports.handler = async (event) => {
  fs.readFileSync(safeJoin('/data', event.pathParameters.file));
  fs.readFileSync(join('/data', event.pathParameters.file));
};
`);
    assert.deepEqual(hits, ['path-traversal@14']);
  });

  test('a toId helper that casts with ObjectId (in another module) sanitizes the operand', () => {
    const hits = js(`
const { toId } = require('./ids');
const { MongoClient } = require('mongodb');
const col = new MongoClient(process.env.URI).db('d').collection('c');
exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  await col.findOne({ _id: toId(body.id) });
  await col.findOne({ owner: body.owner });
};
`, { files: { '/app/ids.js': `const { ObjectId } = require('mongodb');\nexports.toId = (x) => new ObjectId(x);\n` } });
    assert.deepEqual(hits, ['nosql@8']);
  });

  test('Python: a helper that checks os.path.commonpath and raises', () => {
    const hits = py(`
import os
BASE = '/mnt/data'
def safe_path(name):
    p = os.path.realpath(os.path.join(BASE, name))
    if os.path.commonpath([p, BASE]) != BASE:
        raise ValueError('outside')
    return p
def handler(event, context):
    open(safe_path(event['body'])).read()
    open(os.path.join(BASE, event['body'])).read()
`);
    assert.deepEqual(hits, ['path-traversal@11']);
  });
});
