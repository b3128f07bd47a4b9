import rule from '../../rules/injection-xxe';
import { run } from '../helpers/rule-tester';
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
    },
    {
      name: 'libxmljs with noent (TypeScript)',
      file: 'handler.ts',
      code: `import * as libxmljs from 'libxmljs2';\nexport async function handler(event: { body: string }) {\n  return { statusCode: 200, body: libxmljs.parseXml(event.body, { noent: true }).root()!.name() };\n}\n`,
      errors: [{ line: 3, message: '`event.body` (line 3) reaches an XML parser' }],
    },
  ],
});
