import rule from '../../rules/injection-xss';
import { run } from '../helpers/rule-tester';
import { HTTP, SQS, sls, useCodeParsers } from '../helpers/injection';

useCodeParsers();

const jsHtml = `exports.handler = async (event) => {
  const name = event.queryStringParameters.name;
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'text/html' },
    body: \`<h1>Hello \${name}</h1>\`,
  };
};
`;

run(rule, {
  valid: [
    { name: 'escaped', file: 'handler.js', code: `const escapeHtml = require('escape-html');\nexports.handler = async (event) => ({ statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: '<p>' + escapeHtml(event.queryStringParameters.q) + '</p>' });\n` },
    { name: 'JSON response (TypeScript)', file: 'handler.ts', code: `export const handler = async (event: any) => ({ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: event.queryStringParameters.name }) });\n` },
    { name: 'Python html.escape', file: 'handler.py', code: `import html\ndef handler(event, context):\n    return {"statusCode": 200, "headers": {"Content-Type": "text/html"}, "body": "<p>" + html.escape(event["queryStringParameters"]["q"]) + "</p>"}\n` },
    {
      name: 'a queue consumer has no HTML response even when it returns one',
      file: 'page.js',
      code: jsHtml,
      files: { 'serverless.yml': sls({ page: ['page.handler', SQS] }), 'page.js': jsHtml },
    },
  ],
  invalid: [
    {
      name: 'text/html Lambda proxy response',
      file: 'handler.js',
      code: jsHtml,
      errors: [{ line: 6, severity: 'warning', message: '`event.queryStringParameters.name` (line 2) reaches an HTML response' }],
    },
    {
      name: 'same handler behind API Gateway in config',
      file: 'page.js',
      code: jsHtml,
      files: { 'serverless.yml': sls({ page: ['page.handler', HTTP] }), 'page.js': jsHtml },
      errors: [{ line: 6, message: 'reaches an HTML response' }],
    },
    {
      name: 'TypeScript typed handler',
      file: 'page.ts',
      code: `import type { APIGatewayProxyHandlerV2 } from 'aws-lambda';\nexport const handler: APIGatewayProxyHandlerV2 = async (event) => ({\n  statusCode: 200,\n  headers: { 'content-type': 'text/html; charset=utf-8' },\n  body: '<p>' + event.queryStringParameters?.q + '</p>',\n});\n`,
      errors: [{ line: 5, message: '`event.queryStringParameters.q` (line 5) reaches an HTML response' }],
    },
    {
      name: 'Python f-string HTML body',
      file: 'handler.py',
      code: `def handler(event, context):\n    name = event["queryStringParameters"]["name"]\n    return {\n        "statusCode": 200,\n        "headers": {"Content-Type": "text/html"},\n        "body": f"<h1>Hello {name}</h1>",\n    }\n`,
      errors: [{ line: 6, message: '`event.queryStringParameters.name` (line 2) reaches an HTML response' }],
    },
  ],
});
