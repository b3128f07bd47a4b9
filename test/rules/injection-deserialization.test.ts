import rule from '../../rules/injection-deserialization';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, ruleFindings } from '../helpers/rule-tester';
import { SCHEDULE, SQS, checkCodeFixes, sls, useCodeParsers } from '../helpers/injection';

useCodeParsers();

const pyYaml = `import yaml


def handler(event, context):
    config = yaml.load(event["body"], Loader=yaml.Loader)
    return {"statusCode": 200, "body": str(config.get("name"))}
`;

const sqsPickle = `import base64
import pickle


def handler(event, context):
    for record in event["Records"]:
        job = pickle.loads(base64.b64decode(record["body"]))
        print(job)
`;

run(rule, {
  valid: [
    { name: 'JSON.parse', file: 'handler.js', code: `exports.handler = async (event) => ({ statusCode: 200, body: String(JSON.parse(event.body).theme) });\n` },
    { name: 'yaml.safe_load and SafeLoader', file: 'handler.py', code: `import yaml\ndef handler(event, context):\n    a = yaml.safe_load(event["body"])\n    b = yaml.load(event["body"], Loader=yaml.SafeLoader)\n    return {"statusCode": 200, "body": str(a) + str(b)}\n` },
    { name: 'unserialize of a constant (TypeScript)', file: 'handler.ts', code: `import * as serialize from 'node-serialize';\nexport const handler = async (event: any) => ({ statusCode: 200, body: String(serialize.unserialize('{"a":1}')) });\n` },
    {
      name: 'SQS body is not a source for a scheduled function',
      file: 'jobs.py',
      code: sqsPickle,
      files: { 'serverless.yml': sls({ jobs: ['jobs.handler', SCHEDULE] }, 'python3.12'), 'jobs.py': sqsPickle },
    },
  ],
  invalid: [
    {
      name: 'node-serialize unserialize',
      file: 'handler.js',
      code: `const serialize = require('node-serialize');\n\nexports.handler = async (event) => {\n  const prefs = serialize.unserialize(event.body);\n  return { statusCode: 200, body: JSON.stringify({ theme: prefs.theme }) };\n};\n`,
      errors: [{ line: 4, severity: 'error', message: '`event.body` (line 4) reaches an unsafe deserializer (node-serialize.unserialize) without validation' }],
    },
    {
      name: 'node-serialize in TypeScript after base64 decoding',
      file: 'prefs.ts',
      code: `import serialize from 'node-serialize';\nexport const handler = async (event: any) => {\n  const raw = Buffer.from(event.headers['x-prefs'], 'base64').toString();\n  return { statusCode: 200, body: String(serialize.unserialize(raw)) };\n};\n`,
      errors: [{ line: 4, message: "(line 3) reaches an unsafe deserializer" }],
    },
    {
      name: 'yaml.load with the unsafe Loader: fix to safe_load',
      file: 'handler.py',
      code: pyYaml,
      errors: [{ line: 5, message: '`event.body` (line 5) reaches an unsafe deserializer' }],
      fixes: [{ title: 'safe_load', output: pyYaml.replace('yaml.load(event["body"], Loader=yaml.Loader)', 'yaml.safe_load(event["body"])') }],
    },
    {
      name: 'pickle of an SQS body for an sqs-triggered function',
      file: 'jobs.py',
      code: sqsPickle,
      files: { 'serverless.yml': sls({ jobs: ['jobs.handler', SQS] }, 'python3.12'), 'jobs.py': sqsPickle },
      errors: [{ line: 7, message: '(line 7) reaches an unsafe deserializer (pickle.loads)' }],
    },
  ],
});

describe('injection-deserialization fixes', () => {
  it('yaml.load → yaml.safe_load parses and no longer reports', () => {
    const fixed = checkCodeFixes(rule, { file: 'handler.py', code: pyYaml });
    assert.deepEqual(fixed, [pyYaml.replace('yaml.load(event["body"], Loader=yaml.Loader)', 'yaml.safe_load(event["body"])')]);
  });
});

// --- fixes (issue 11 item 7) -------------------------------------------------------------------
const unserializeJs = `const serialize = require('node-serialize');\nexports.handler = async (event) => {\n  const prefs = serialize.unserialize(event.body);\n  return { statusCode: 200, body: JSON.stringify({ theme: prefs.theme }) };\n};\n`;
const picklePy = `import base64\nimport pickle\n\n\ndef handler(event, context):\n    job = pickle.loads(base64.b64decode(event["body"]))\n    return {"statusCode": 200, "body": str(job)}\n`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'node-serialize.unserialize → JSON.parse (its format is JSON)',
      file: 'handler.js',
      code: unserializeJs,
      errors: [{ line: 3 }],
      fixes: [{ title: 'JSON.parse', output: unserializeJs.replace('serialize.unserialize(event.body)', 'JSON.parse(event.body)') }],
    },
    {
      name: 'pickle.loads → json.loads when the file does not pickle',
      file: 'handler.py',
      code: picklePy,
      errors: [{ line: 6 }],
      fixes: [{ title: 'the sender must send JSON', output: picklePy.replace('import pickle\n', 'import pickle\nimport json\n').replace('pickle.loads(', 'json.loads(') }],
    },
  ],
});

describe('injection-deserialization: no pickle fix when the file pickles too', () => {
  it('pickle.dumps in the same file: the format is its own, no JSON fix', () => {
    const code = picklePy + `\n\ndef reply(x):\n    return pickle.dumps(x)\n`;
    const found = ruleFindings(rule, { file: 'handler.py', code });
    assert.deepEqual(found.map((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore ')).length), [0]);
  });
});
