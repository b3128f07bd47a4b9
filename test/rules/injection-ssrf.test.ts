import rule from '../../rules/injection-ssrf';
import { run } from '../helpers/rule-tester';
import { HTTP, sls, useCodeParsers } from '../helpers/injection';

useCodeParsers();

const authorizerJs = `const axios = require('axios');
exports.handler = async (event) => {
  const api = event.requestContext.authorizer.lambda.apiBase;
  await axios.get(api + '/status');
  return { statusCode: 200 };
};
`;

const cfnResponder = "exports.handler = async (event) => {\n  await fetch(event.ResponseURL, { method: 'PUT', body: JSON.stringify({ Status: 'SUCCESS', RequestId: event.RequestId }) });\n};\n";

run(rule, {
  valid: [
    { name: 'fixed host, encoded path component', file: 'handler.js', code: `exports.handler = async (event) => {\n  const r = await fetch(\`https://api.example.com/items/\${encodeURIComponent(event.queryStringParameters.item)}\`);\n  return { statusCode: 200, body: await r.text() };\n};\n` },
    {
      name: 'host allowlist on the parsed URL (TypeScript)',
      file: 'handler.ts',
      code: `import axios from 'axios';
export const handler = async (event: any) => {
  const u = new URL(JSON.parse(event.body).webhook);
  if (!['hooks.example.com'].includes(u.hostname)) return { statusCode: 400 };
  await axios.post(u.toString(), {});
};
`,
    },
    { name: 'Python fixed host with quote()', file: 'handler.py', code: `import requests\nfrom urllib.parse import quote\ndef handler(event, context):\n    return {"statusCode": 200, "body": requests.get("https://api.example.com/items/" + quote(event["queryStringParameters"]["item"], safe="")).text}\n` },
    {
      name: 'authorizer context is trusted (config-linked)',
      file: 'status.js',
      code: authorizerJs,
      files: { 'serverless.yml': sls({ status: ['status.handler', HTTP] }), 'status.js': authorizerJs },
    },
    {
      name: 'CloudFormation custom resource: CloudFormation sets ResponseURL (config-linked)',
      file: 'src/app.js',
      code: cfnResponder,
      files: {
        'template.yaml': 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: src/, Handler: app.handler, Runtime: nodejs20.x}\n  Thing:\n    Type: Custom::Thing\n    Properties:\n      ServiceToken: !GetAtt Fn.Arn\n',
        'src/app.js': cfnResponder,
      },
    },
  ],
  invalid: [
    {
      name: 'the same responder invoked directly (no custom resource): the whole event is input',
      file: 'src/app.js',
      code: cfnResponder,
      files: {
        'template.yaml': 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: src/, Handler: app.handler, Runtime: nodejs20.x}\n',
        'src/app.js': cfnResponder,
      },
      errors: [{ message: 'event.ResponseURL' }],
    },
    {
      name: 'axios.post to a URL from the body',
      file: 'handler.js',
      code: `const axios = require('axios');\n\nexports.handler = async (event) => {\n  const { webhook } = JSON.parse(event.body);\n  await axios.post(webhook, { status: 'done' });\n  return { statusCode: 204, body: '' };\n};\n`,
      errors: [{ line: 5, severity: 'warning', message: '`event.body` (line 4) reaches an outbound request URL (axios.post) without validation' }],
    },
    {
      name: 'fetch with a whole URL, TypeScript, encodeURIComponent on a whole URL is not enough',
      file: 'proxy.ts',
      code: `export async function handler(event: { queryStringParameters: Record<string, string> }) {\n  const r = await fetch(encodeURIComponent(event.queryStringParameters.url));\n  return { statusCode: 200, body: await r.text() };\n}\n`,
      errors: [{ line: 2, message: '`event.queryStringParameters.url` (line 2) reaches an outbound request URL (fetch)' }],
    },
    {
      name: 'Python requests.get',
      file: 'handler.py',
      code: `import requests\n\n\ndef handler(event, context):\n    url = event["queryStringParameters"]["url"]\n    return {"statusCode": 200, "body": requests.get(url, timeout=5).text}\n`,
      errors: [{ line: 6, message: '`event.queryStringParameters.url` (line 5) reaches an outbound request URL (requests.get)' }],
    },
  ],
});
