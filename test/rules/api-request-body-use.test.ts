/**
 * api-request-not-validated reads the handler: no finding when it never reads the body (only
 * query-string / path parameters) or reads it as base64 / binary; info when the route is
 * IAM-authorised only. Near misses keep the warning.
 */
import rule from '../../rules/api-request-not-validated';
import { run } from '../helpers/rule-tester';
import { useCodeParsers } from '../helpers/injection';

useCodeParsers();

const sls = (events: string, runtime = 'nodejs20.x', handler = 'src/create.handler') => `service: orders
provider:
  name: aws
  runtime: ${runtime}
functions:
  create:
    handler: ${handler}
    events:
${events}`;
const py = (events: string) => sls(events, 'python3.12', 'src/app.handler');

const queryOnlyJs = `exports.handler = async (event, context) => {\n  console.log(JSON.stringify(event, null, 2));\n  if (!event.queryStringParameters?.eventId) return { statusCode: 400 };\n  const id = event.pathParameters.id;\n  return { statusCode: event.queryStringParameters.token === id ? 200 : 400 };\n};\n`;
const queryOnlyPy = `import json\n\n\ndef handler(event, context):\n    print(event)\n    q = event.get('queryStringParameters') or {}\n    return {'statusCode': 200, 'body': json.dumps({'ok': q.get('token') == event['pathParameters']['id']})}\n`;
const destructQuery = `exports.handler = async ({ queryStringParameters, headers }) => ({ statusCode: queryStringParameters.a && headers.b ? 200 : 400 });\n`;
const base64Py = `import base64\nimport json\n\n\ndef handler(event, context):\n    image = event['body']\n    if image is None:\n        return {'statusCode': 400}\n    data = base64.b64decode(image)\n    return {'statusCode': 200, 'body': json.dumps({'size': len(data)})}\n`;
const bufferJs = `exports.handler = async (event) => {\n  const bytes = Buffer.from(event.body, 'base64');\n  return { statusCode: 200, body: String(bytes.length) };\n};\n`;
const isB64Js = `exports.handler = async (event) => {\n  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : event.body;\n  return { statusCode: 200, body: String(raw.length) };\n};\n`;
const jsonBody = `exports.handler = async (event) => {\n  const { name } = JSON.parse(event.body);\n  return { statusCode: 200, body: name };\n};\n`;
const eventToHelper = `const { process } = require('./lib');\nexports.handler = async (event) => process(event);\n`;
const destructBody = `exports.handler = async ({ body, queryStringParameters }) => ({ statusCode: 200, body: JSON.parse(body).x + queryStringParameters.y });\n`;

run(rule, {
  valid: [
    {
      name: 'a proxy event read only for a top-level key it does not have (not an API Gateway event field): no body read',
      file: 'serverless.yml',
      code: sls(`      - http: POST /orders\n`),
      files: { 'src/create.js': `exports.handler = async (req) => ({ statusCode: 200, body: req.payload + req.queryStringParameters.a });\n` },
    },
    { name: 'POST whose handler reads only query-string and path parameters (JS, logs the event whole)', file: 'serverless.yml', code: sls(`      - http: POST /qr-code\n`), files: { 'src/create.js': queryOnlyJs } },
    { name: 'POST whose handler reads only query-string parameters (Python, print(event))', file: 'serverless.yml', code: py(`      - http: POST /qr-code\n`), files: { 'src/app.py': queryOnlyPy } },
    { name: 'POST whose handler destructures only queryStringParameters and headers from the event', file: 'serverless.yml', code: sls(`      - http: PUT /flags\n`), files: { 'src/create.js': destructQuery } },
    { name: 'base64 image body (Python base64.b64decode): not JSON', file: 'serverless.yml', code: py(`      - http: POST /recognise\n`), files: { 'src/app.py': base64Py } },
    { name: "base64 body (Buffer.from(event.body, 'base64'))", file: 'serverless.yml', code: sls(`      - http: POST /upload\n`), files: { 'src/create.js': bufferJs } },
    { name: 'isBase64Encoded read and decoded: a binary body', file: 'serverless.yml', code: sls(`      - http: POST /upload\n`), files: { 'src/create.js': isB64Js } },
  ],
  invalid: [
    {
      name: 'near miss: a base64-encoded body that is JSON once decoded',
      file: 'serverless.yml',
      code: sls(`      - http: POST /orders\n`),
      files: { 'src/create.js': `exports.handler = async (event) => {\n  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body;\n  const { id } = JSON.parse(text);\n  return { statusCode: 200, body: id };\n};\n` },
      errors: [{ text: 'http', severity: 'warning' }],
    },
    {
      name: 'near miss: a Powertools data class event (event.json_body)',
      file: 'serverless.yml',
      code: py(`      - http: PUT /cart/{id}\n`),
      files: { 'src/app.py': `from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent, event_source\n\n\n@event_source(data_class=APIGatewayProxyEvent)\ndef handler(event, context):\n    qty = event.json_body['quantity']\n    return {'statusCode': 200, 'body': str(qty) + event.path_parameters['id']}\n` },
      errors: [{ text: 'http', severity: 'warning' }],
    },
    {
      name: "near miss: event.get('body') (Python dict) reads the body",
      file: 'serverless.yml',
      code: py(`      - http: POST /orders\n`),
      files: { 'src/app.py': `import json\n\n\ndef handler(event, context):\n    raw = event.get('body') or '{}'\n    return {'statusCode': 200, 'body': json.loads(raw).get('id')}\n` },
      // the body parsed in place and read by name (`json.loads(raw).get('id')`): named fields, info
      errors: [{ text: 'http', severity: 'info' }],
    },
    {
      name: 'near miss: a field that is not an API Gateway event field on a non-proxy integration (the event is the mapped body): unknown, still reported',
      file: 'serverless.yml',
      code: sls(`      - http:\n          path: /orders\n          method: post\n          integration: lambda\n`),
      files: { 'src/create.js': `exports.handler = async (req) => ({ statusCode: 200, body: req.payload.id + req.queryStringParameters.a });\n` },
      errors: [{ text: 'http', severity: 'warning' }],
    },
    {
      name: 'near miss: a handler factory whose first parameter is not the event (never used)',
      file: 'serverless.yml',
      code: sls(`      - http: POST /orders\n`),
      files: { 'src/create.js': `const wrap = (f) => f;\nexports.handler = wrap((metrics) => async (event) => ({ statusCode: 200, body: JSON.parse(event.body).id }));\n` },
      errors: [{ text: 'http', severity: 'warning' }],
    },
    {
      name: 'near miss: the handler parses a JSON body (named fields only: info)',
      file: 'serverless.yml',
      code: sls(`      - http: POST /orders\n`),
      files: { 'src/create.js': jsonBody },
      errors: [{ text: 'http', severity: 'info', messageId: 'namedOnly' }],
    },
    {
      name: 'near miss: the handler passes the whole event to a helper (the body may be read there)',
      file: 'serverless.yml',
      code: sls(`      - http: POST /orders\n`),
      files: { 'src/create.js': eventToHelper, 'src/lib.js': 'exports.process = (e) => ({ statusCode: 200, body: e.body });\n' },
      errors: [{ text: 'http', severity: 'warning' }],
    },
    {
      name: 'near miss: body destructured from the event',
      file: 'serverless.yml',
      code: sls(`      - http: POST /orders\n`),
      files: { 'src/create.js': destructBody },
      errors: [{ text: 'http', severity: 'warning' }],
    },
    {
      name: 'near miss: no handler file: still reported, as info (the handler cannot be read)',
      file: 'serverless.yml',
      code: sls(`      - http: POST /orders\n`),
      errors: [{ text: 'http', severity: 'info', messageId: 'unread' }],
    },
    {
      name: 'IAM-authorised route: info (defence in depth)',
      file: 'serverless.yml',
      code: sls(`      - http:\n          path: /orders\n          method: post\n          authorizer: aws_iam\n`),
      files: { 'src/create.js': jsonBody },
      errors: [{ text: 'http', severity: 'info', messageId: 'iamOnly' }],
    },
  ],
});
