import rule from '../../rules/injection-path-traversal';
import { run } from '../helpers/rule-tester';
import { S3, SCHEDULE, sls, useCodeParsers } from '../helpers/injection';

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
