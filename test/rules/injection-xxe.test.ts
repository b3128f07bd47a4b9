import rule from '../../rules/injection-xxe';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, ruleFindings } from '../helpers/rule-tester';
import { S3, sls, useCodeParsers } from '../helpers/injection';

useCodeParsers();

const apiPy = `import xml.etree.ElementTree as ET


def handler(event, context):
    doc = ET.fromstring(event["body"])
    return {"statusCode": 200, "body": doc.findtext("name") or ""}
`;

run(rule, {
  valid: [
    { name: 'defusedxml', file: 'handler.py', code: `import defusedxml.ElementTree as ET\ndef handler(event, context):\n    return {"statusCode": 200, "body": ET.fromstring(event["body"]).tag}\n` },
    { name: 'libxmljs without noent', file: 'handler.js', code: `const libxmljs = require('libxmljs2');\nexports.handler = async (event) => ({ statusCode: 200, body: libxmljs.parseXml(event.body).root().name() });\n` },
    { name: 'libxmljs without noent (TypeScript)', file: 'handler.ts', code: `import * as libxmljs from 'libxmljs2';\nexport const handler = async (event: any) => ({ statusCode: 200, body: libxmljs.parseXml(event.body).root()!.name() });\n` },
    {
      name: 'an S3-triggered function does not receive a request body',
      file: 'ingest.py',
      code: apiPy,
      files: { 'serverless.yml': sls({ ingest: ['ingest.handler', S3] }, 'python3.12'), 'ingest.py': apiPy },
    },
  ],
  invalid: [
    {
      name: 'ElementTree.fromstring of the body',
      file: 'handler.py',
      code: apiPy,
      errors: [{ line: 5, severity: 'warning', message: '`event.body` (line 5) reaches an XML parser' }],
    },
    {
      name: 'minidom.parseString',
      file: 'handler.py',
      code: `from xml.dom import minidom\ndef handler(event, context):\n    minidom.parseString(event["body"])\n`,
      errors: [{ line: 3, message: '`event.body` (line 3) reaches an XML parser' }],
    },
    {
      name: 'libxmljs with noent',
      file: 'handler.js',
      code: `const libxmljs = require('libxmljs2');\nexports.handler = async (event) => {\n  const doc = libxmljs.parseXml(event.body, { noent: true });\n  return { statusCode: 200, body: doc.root().name() };\n};\n`,
      errors: [{ line: 3, message: '`event.body` (line 3) reaches an XML parser' }],
      fixes: [{ title: 'noent: false', output: `const libxmljs = require('libxmljs2');\nexports.handler = async (event) => {\n  const doc = libxmljs.parseXml(event.body, { noent: false });\n  return { statusCode: 200, body: doc.root().name() };\n};\n` }],
    },
    {
      name: 'ElementTree.fromstring in a file that already uses defusedxml → defusedxml.ElementTree.fromstring',
      file: 'handler.py',
      code: `import xml.etree.ElementTree as ET\nimport defusedxml.ElementTree as SafeET\n\n\ndef handler(event, context):\n    doc = ET.fromstring(event["body"])\n    return {"statusCode": 200, "body": doc.tag + SafeET.fromstring(event["body"]).tag}\n`,
      errors: [{ line: 6 }],
      fixes: [
        {
          title: 'Parse with defusedxml.ElementTree.fromstring',
          output: `import xml.etree.ElementTree as ET\nimport defusedxml.ElementTree as SafeET\n\n\ndef handler(event, context):\n    doc = SafeET.fromstring(event["body"])\n    return {"statusCode": 200, "body": doc.tag + SafeET.fromstring(event["body"]).tag}\n`,
        },
      ],
    },
    {
      name: 'minidom.parseString with defusedxml in the file: the defusedxml.minidom import is added',
      file: 'handler.py',
      code: `from xml.dom import minidom\nfrom defusedxml import ElementTree\n\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": minidom.parseString(event["body"]).documentElement.tagName}\n`,
      errors: [{ line: 6 }],
      fixes: [
        {
          title: 'Parse with defusedxml.minidom.parseString',
          output: `from xml.dom import minidom\nfrom defusedxml import ElementTree\nimport defusedxml.minidom as defused_minidom\n\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": defused_minidom.parseString(event["body"]).documentElement.tagName}\n`,
        },
      ],
    },
    {
      name: 'libxmljs with noent (TypeScript)',
      file: 'handler.ts',
      code: `import * as libxmljs from 'libxmljs2';\nexport async function handler(event: { body: string }) {\n  return { statusCode: 200, body: libxmljs.parseXml(event.body, { noent: true }).root()!.name() };\n}\n`,
      errors: [{ line: 3, message: '`event.body` (line 3) reaches an XML parser' }],
    },
  ],
});

describe('injection-xxe fixes', () => {
  const offered = (c: { file: string; code: string }) => ruleFindings(rule, c).map((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore ')).map((x) => x.title));
  it('no defusedxml in the file: no fix (the project may not have the dependency)', () => {
    assert.deepEqual(offered({ file: 'handler.py', code: apiPy }), [[]]);
  });
  it('extra arguments (a parser of its own) or an options object from elsewhere: no fix', () => {
    const withParser = `import xml.etree.ElementTree as ET\nimport defusedxml\n\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": ET.fromstring(event["body"], parser=None).tag}\n`;
    assert.deepEqual(offered({ file: 'handler.py', code: withParser }), [[]]);
    const opts = `const libxmljs = require('libxmljs2');\nconst OPTS = { noent: true };\nexports.handler = async (event) => ({ statusCode: 200, body: libxmljs.parseXml(event.body, OPTS).root().name() });\n`;
    for (const fs of offered({ file: 'handler.js', code: opts })) assert.deepEqual(fs, []);
  });
});
