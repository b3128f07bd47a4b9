import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/injection-path-traversal';
import { run, ruleFindings } from '../helpers/rule-tester';
import { S3, SCHEDULE, checkCodeFixes, sls, useCodeParsers } from '../helpers/injection';

useCodeParsers();

const s3Ts = `import { promises as fs } from 'fs';
import type { S3Event } from 'aws-lambda';
export const handler = async (event: S3Event) => {
  for (const rec of event.Records) {
    await fs.writeFile('/tmp/' + rec.s3.object.key, 'x');
  }
};
`;

run(rule, {
  valid: [
    { name: 'path.basename', file: 'handler.js', code: `const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  return { statusCode: 200, body: fs.readFileSync(path.join('/var/task/r', path.basename(event.queryStringParameters.file)), 'utf8') };\n};\n` },
    {
      name: 'resolved path checked against the base folder (TypeScript)',
      file: 'handler.ts',
      code: `import * as fs from 'fs';
import * as path from 'path';
const BASE = '/tmp/data';
export const handler = async (event: any) => {
  const resolved = path.resolve(BASE, event.pathParameters.name);
  if (!resolved.startsWith(BASE + path.sep)) return { statusCode: 400 };
  return { statusCode: 200, body: fs.readFileSync(resolved, 'utf8') };
};
`,
    },
    { name: 'Python os.path.basename', file: 'handler.py', code: `import os\nBASE = "/tmp"\ndef handler(event, context):\n    with open(os.path.join(BASE, os.path.basename(event["pathParameters"]["name"]))) as f:\n        return {"statusCode": 200, "body": f.read()}\n` },
    {
      name: 'S3 key is not a source for a scheduled function',
      file: 'thumbs.ts',
      code: s3Ts,
      files: { 'serverless.yml': sls({ thumbs: ['thumbs.handler', SCHEDULE] }), 'thumbs.ts': s3Ts },
    },
  ],
  invalid: [
    {
      name: 'readFileSync with a joined user path',
      file: 'handler.js',
      code: `const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = event.queryStringParameters.file;\n  return { statusCode: 200, body: fs.readFileSync(path.join('/var/task/reports', name), 'utf8') };\n};\n`,
      errors: [{ line: 5, severity: 'warning', message: '`event.queryStringParameters.file` (line 4) reaches a file-system path (fs.readFileSync) without validation' }],
    },
    {
      name: 'S3 object key is a source for an s3-triggered function (TypeScript)',
      file: 'thumbs.ts',
      code: s3Ts,
      files: { 'serverless.yml': sls({ thumbs: ['thumbs.handler', S3] }), 'thumbs.ts': s3Ts },
      errors: [{ line: 5, message: 'reaches a file-system path (fs.promises.writeFile)' }],
    },
    {
      name: 'Python open()',
      file: 'handler.py',
      code: `import os\n\n\ndef handler(event, context):\n    name = event["pathParameters"]["name"]\n    with open(os.path.join("/tmp/uploads", name)) as f:\n        return {"statusCode": 200, "body": f.read()}\n`,
      errors: [{ line: 6, message: '`event.pathParameters.name` (line 5) reaches a file-system path (open)' }],
    },
  ],
});

// --- fixes (issue 11 item 7): resolve the path and keep it under its base --------------------------
const joinJs = `const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const data = fs.readFileSync(path.join('/tmp/files', event.queryStringParameters.name), 'utf8');\n  return { statusCode: 200, body: data };\n};\n`;
const tmplMjs = `import fs from 'fs';\nexport const handler = async (event) => {\n  const data = fs.readFileSync(\`/var/task/docs/\${event.pathParameters.doc}\`, 'utf8');\n  return { statusCode: 200, body: data };\n};\n`;
const openPy = `def handler(event, context):\n    name = event["queryStringParameters"]["name"]\n    with open(f"/tmp/files/{name}") as f:\n        return {"statusCode": 200, "body": f.read()}\n`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'path.join(BASE, input) → resolve + startsWith(BASE + sep) before the read',
      file: 'handler.js',
      code: joinJs,
      errors: [{ line: 4 }],
      fixes: [
        {
          title: 'stays under its base directory',
          output: joinJs.replace(
            "  const data = fs.readFileSync(path.join('/tmp/files', event.queryStringParameters.name), 'utf8');",
            "  const safePath = path.resolve(path.join('/tmp/files', event.queryStringParameters.name));\n  if (!safePath.startsWith(path.resolve('/tmp/files') + path.sep)) throw new Error('Invalid path');\n  const data = fs.readFileSync(safePath, 'utf8');",
          ),
        },
      ],
    },
    {
      name: 'ESM template with a constant directory: imports path',
      file: 'handler.mjs',
      code: tmplMjs,
      errors: [{ line: 3 }],
      fixes: [
        {
          title: 'stays under its base directory',
          output: tmplMjs
            .replace("import fs from 'fs';", "import fs from 'fs';\nimport * as path from 'path';")
            .replace('  const data = fs.readFileSync(`', "  const safePath = path.resolve(`/var/task/docs/${event.pathParameters.doc}`);\n  if (!safePath.startsWith(path.resolve('/var/task/docs') + path.sep)) throw new Error('Invalid path');\n  const data = fs.readFileSync(`")
            .replace("fs.readFileSync(`/var/task/docs/${event.pathParameters.doc}`, 'utf8');\n  return", "fs.readFileSync(safePath, 'utf8');\n  return"),
        },
      ],
    },
    {
      name: 'Python open(f"/tmp/files/{name}") → realpath + startswith, raising otherwise',
      file: 'handler.py',
      code: openPy,
      errors: [{ line: 3 }],
      fixes: [
        {
          title: 'stays under its base directory',
          output: 'import os\n\n' + openPy.replace('    with open(f"/tmp/files/{name}") as f:', '    safe_path = os.path.realpath(f"/tmp/files/{name}")\n    if not safe_path.startswith(os.path.realpath("/tmp/files") + os.sep):\n        raise ValueError("invalid path")\n    with open(safe_path) as f:'),
        },
      ],
    },
  ],
});

/** The fixes a finding offers, without the suppression comment every finding has. */
const offered = (c: { file: string; code: string }) => ruleFindings(rule, c).map((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore ')).map((x) => x.title));

describe('injection-path-traversal fixes', () => {
  it('a whole path from the request (no base to contain it in): no fix', () => {
    assert.deepEqual(offered({ file: 'handler.js', code: `const fs = require('fs');\nexports.handler = async (event) => ({ statusCode: 200, body: fs.readFileSync(event.queryStringParameters.p, 'utf8') });\n` }), [[]]);
  });
});

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'a variable built by path.join(BASE, input): the check uses the base of its expression',
      file: 'handler.js',
      code: `const fs = require('fs');\nconst path = require('path');\nconst BASE = path.join(__dirname, 'docs');\nexports.handler = async (event) => {\n  const full = path.join(BASE, event.pathParameters.name);\n  return { statusCode: 200, body: fs.readFileSync(full, 'utf8') };\n};\n`,
      errors: [{ line: 6 }],
      fixes: [
        {
          title: 'stays under its base directory',
          output: `const fs = require('fs');\nconst path = require('path');\nconst BASE = path.join(__dirname, 'docs');\nexports.handler = async (event) => {\n  const full = path.join(BASE, event.pathParameters.name);\n  const safePath = path.resolve(full);\n  if (!safePath.startsWith(path.resolve(BASE) + path.sep)) throw new Error('Invalid path');\n  return { statusCode: 200, body: fs.readFileSync(safePath, 'utf8') };\n};\n`,
        },
      ],
    },
    {
      name: 'Python: os.path.join(UPLOAD_DIR, name) in a variable, then open(local, "wb")',
      file: 'upload.py',
      code: `import os\n\nUPLOAD_DIR = "/tmp/uploads"\n\n\ndef handler(event, context):\n    local = os.path.join(UPLOAD_DIR, event["queryStringParameters"]["filename"])\n    with open(local, "wb") as f:\n        f.write(event["body"].encode())\n    return {"statusCode": 201}\n`,
      errors: [{ line: 8 }],
      fixes: [{ title: 'stays under its base directory', output: `import os\n\nUPLOAD_DIR = "/tmp/uploads"\n\n\ndef handler(event, context):\n    local = os.path.join(UPLOAD_DIR, event["queryStringParameters"]["filename"])\n    safe_path = os.path.realpath(local)\n    if not safe_path.startswith(os.path.realpath(UPLOAD_DIR) + os.sep):\n        raise ValueError("invalid path")\n    with open(safe_path, "wb") as f:\n        f.write(event["body"].encode())\n    return {"statusCode": 201}\n` }],
    },
    {
      name: 'ESM: normalize(join(BASE, input)) with join/normalize imported by name from node:path',
      file: 'handler.mjs',
      code: `import { readFile } from 'node:fs/promises';\nimport { join, normalize } from 'node:path';\nconst BASE = '/opt/templates';\nexport const handler = async (event) => {\n  const tpl = normalize(join(BASE, event.queryStringParameters.t));\n  return { statusCode: 200, body: await readFile(tpl, 'utf8') };\n};\n`,
      errors: [{ line: 6 }],
      fixes: [
        {
          title: 'stays under its base directory',
          output: `import { readFile } from 'node:fs/promises';\nimport { join, normalize } from 'node:path';\nimport * as path from 'path';\nconst BASE = '/opt/templates';\nexport const handler = async (event) => {\n  const tpl = normalize(join(BASE, event.queryStringParameters.t));\n  const safePath = path.resolve(tpl);\n  if (!safePath.startsWith(path.resolve(BASE) + path.sep)) throw new Error('Invalid path');\n  return { statusCode: 200, body: await readFile(safePath, 'utf8') };\n};\n`,
        },
      ],
    },
  ],
});

describe('injection-path-traversal fixes: Express res.download / sendFile', () => {
  it('res.download of a path under a constant directory → containment check before it', () => {
    const code = `import express from 'express';\nconst app = express();\napp.get('/files/:name', (req, res) => {\n  res.download(\`/var/task/files/\${req.params.name}\`);\n});\nexport default app;\n`;
    const [out] = checkCodeFixes(rule, { file: 'app.ts', code });
    assert.ok(out.includes("import * as path from 'path';"), out);
    assert.ok(out.includes("  const safePath = path.resolve(`/var/task/files/${req.params.name}`);\n  if (!safePath.startsWith(path.resolve('/var/task/files') + path.sep)) throw new Error('Invalid path');\n  res.download(safePath);"), out);
  });
});
