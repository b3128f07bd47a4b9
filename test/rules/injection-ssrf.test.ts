import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/injection-ssrf';
import { applyFix as applyFix2, run, ruleFindings } from '../helpers/rule-tester';
import { HTTP, sls, useCodeParsers, viaHttp } from '../helpers/injection';

useCodeParsers();

const authorizerJs = `const axios = require('axios');
exports.handler = async (event) => {
  const api = event.requestContext.authorizer.lambda.apiBase;
  await axios.get(api + '/status');
  return { statusCode: 200 };
};
`;

// A function that calls back into its own API on the Host it was routed on (API Gateway routes by Host).
const selfCallPy = `import requests\n\n\ndef handler(event, context):\n    host = event['headers']['Host']\n    stage = event['requestContext']['stage']\n    url = ''.join(['https://', host, '/', stage, '/users'])\n    return requests.post(url, data=event['body']).json()\n`;
const selfCallTenantPy = `import requests\n\n\ndef handler(event, context):\n    host = event['headers']['Host']\n    tenant_id = event['pathParameters']['tenantid']\n    url = ''.join(['https://', host, '/', event['requestContext']['stage'], '/tenants/' + tenant_id])\n    return requests.put(url).json()\n`;
const joinedHostPy = `import requests\n\n\ndef handler(event, context):\n    url = ''.join(['https://', event['queryStringParameters']['host'], '/status'])\n    return requests.get(url).json()\n`;
const joinedJs = "exports.handler = async (event) => {\n  const a = await fetch(['https://api.example.com/items/', event.pathParameters.id].join(''));\n  const b = await fetch([event.queryStringParameters.base, '/items'].join(''));\n  return { statusCode: 200 };\n};\n";
const selfCallDomainJs = "exports.handler = async (event) => {\n  const r = await fetch(`https://${event.requestContext.domainName}/${event.requestContext.stage}/users`);\n  return { statusCode: 200, body: await r.text() };\n};\n";
const forwardedHostJs = "exports.handler = async (event) => {\n  const r = await fetch(`https://${event.headers['X-Forwarded-Host']}/users`);\n  return { statusCode: 200, body: await r.text() };\n};\n";

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
    {
      name: 'Host header of an API Gateway event: routed on, so the API itself (config-linked)',
      file: 'app.py',
      code: selfCallPy,
      files: { 'serverless.yml': sls({ reg: ['app.handler', HTTP] }, 'python3.12'), 'app.py': selfCallPy },
    },
    {
      name: 'lower-case host header of an HTTP API, REST API event in SAM (config-linked)',
      file: 'src/app.py',
      code: selfCallPy.replace("'Host'", "'host'"),
      files: {
        'template.yaml': 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/\n      Handler: app.handler\n      Runtime: python3.12\n      Events:\n        Reg: {Type: Api, Properties: {Path: /reg, Method: post}}\n',
        'src/app.py': selfCallPy.replace("'Host'", "'host'"),
      },
    },
    {
      name: "''.join of scheme, routed Host and a path: the tenant id only lands in the path (config-linked)",
      file: 'app.py',
      code: selfCallTenantPy,
      files: { 'serverless.yml': sls({ reg: ['app.handler', HTTP] }, 'python3.12'), 'app.py': selfCallTenantPy },
    },
    {
      name: 'requestContext.domainName is the API domain API Gateway routed on',
      file: 'self.js',
      code: selfCallDomainJs,
      files: { 'serverless.yml': sls({ self: ['self.handler', HTTP] }), 'self.js': selfCallDomainJs },
    },
  ],
  invalid: [
    {
      name: "''.join with the host from the query string: still SSRF",
      file: 'app.py',
      code: joinedHostPy,
      errors: [{ line: 6, message: "`event.queryStringParameters.host` (line 5)" }],
    },
    {
      name: "[...].join(''): a fixed host with the id in the path is fine, a base URL from the query is not",
      file: 'handler.js',
      code: joinedJs,
      errors: [{ line: 3, message: '`event.queryStringParameters.base` (line 3)' }],
    },
    {
      name: 'Host header behind an ALB: the load balancer forwards any Host (config-linked)',
      file: 'app.py',
      code: selfCallPy,
      files: { 'serverless.yml': sls({ reg: ['app.handler', 'alb: {listenerArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/x/1/2, priority: 1, conditions: {path: /reg}}'] }, 'python3.12'), 'app.py': selfCallPy },
      errors: [{ message: '`event.headers.Host` (line 5) reaches an outbound request URL (requests.post)' }],
    },
    {
      name: 'Host header of a function no event source invokes: a direct invoke sets any field (config-linked)',
      file: 'src/app.py',
      code: selfCallPy,
      files: {
        'template.yaml': 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: src/, Handler: app.handler, Runtime: python3.12}\n',
        'src/app.py': selfCallPy,
      },
      errors: [{ message: '`event.headers.Host` (line 5)' }],
    },
    {
      name: 'X-Forwarded-Host is set by the caller even behind API Gateway (config-linked)',
      file: 'fwd.js',
      code: forwardedHostJs,
      files: { 'serverless.yml': sls({ fwd: ['fwd.handler', HTTP] }), 'fwd.js': forwardedHostJs },
      errors: [{ message: 'X-Forwarded-Host' }],
    },
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

// --- fixes (issue 11 item 7): https + a host allowlist, as a template ---------------------------------
const fetchJs = `exports.handler = async (event) => {\n  const res = await fetch(event.queryStringParameters.url);\n  return { statusCode: 200, body: await res.text() };\n};\n`;
const requestsPy = `import requests\n\n\ndef handler(event, context):\n    r = requests.get(event["queryStringParameters"]["url"], timeout=5)\n    return {"statusCode": 200, "body": r.text}\n`;

describe('injection-ssrf fixes', () => {
  for (const [file, code, expected] of [
    ['handler.js', fetchJs, "// Hosts this function may call (fill in).\nconst ALLOWED_HOSTS = new Set(['api.example.com']);\n\nexports.handler = async (event) => {\n  const target = new URL(event.queryStringParameters.url);\n  if (target.protocol !== 'https:' || !ALLOWED_HOSTS.has(target.hostname)) throw new Error('Host not allowed');\n  const res = await fetch(target.href);\n  return { statusCode: 200, body: await res.text() };\n};\n"],
    ['handler.py', requestsPy, 'import requests\nimport urllib.parse\n\n# Hosts this function may call (fill in).\nALLOWED_HOSTS = {"api.example.com"}\n\n\ndef handler(event, context):\n    target = urllib.parse.urlparse(event["queryStringParameters"]["url"])\n    if target.scheme != "https" or target.hostname not in ALLOWED_HOSTS:\n        raise ValueError("host not allowed")\n    r = requests.get(target.geturl(), timeout=5)\n    return {"statusCode": 200, "body": r.text}\n'],
  ] as const) {
    it(`${file}: a template (placeholder host, never preferred) that removes the finding once filled in`, () => {
      const [f] = ruleFindings(rule, { file, code });
      const fix = f.fixes.find((x) => x.title.includes('allowlist'))!;
      assert.equal(fix.placeholder, 'api.example.com');
      assert.ok(!fix.isPreferred);
      const out = applyFix2(fix, `/project/${file}`, code);
      assert.equal(out, expected);
      assert.deepEqual(ruleFindings(rule, { file, code: out.split('api.example.com').join('hooks.partner.example') }), []);
    });
  }
});

describe('injection-ssrf fixes: the scheme the code builds on', () => {
  it('a URL built on a constant http:// keeps http in the template check (https would refuse every request)', () => {
    const code = `import urllib.request\n\n\ndef handler(event, context):\n    q = event["queryStringParameters"]\n    return urllib.request.urlopen("http://" + q["host"] + "/health").read()\n`;
    const [f] = ruleFindings(rule, { file: 'handler.py', code });
    const fix = f.fixes.find((x) => x.title.includes('allowlist'))!;
    assert.equal(fix.title, 'Require http and a host from an allowlist (fill in the hosts)');
    const out = applyFix2(fix, '/project/handler.py', code);
    assert.ok(out.includes('if target.scheme != "http" or target.hostname not in ALLOWED_HOSTS:'), out);
    assert.deepEqual(ruleFindings(rule, { file: 'handler.py', code: out.split('api.example.com').join('status.partner.example') }), []);
  });
});

describe('injection-ssrf fixes: fresh names as the file is edited', () => {
  it('after an edit binds ALLOWED_HOSTS elsewhere in the module, the fix picks ALLOWED_HOSTS2; undoing it gives ALLOWED_HOSTS again', async () => {
    // identifiers are kept per top-level statement (the lowerers re-use unchanged statements): one engine, three versions
    const { Engine } = await import('../../server/src/engine/engine');
    const { Project } = await import('../../server/src/engine/project');
    const { TreeSitterCodeSupport } = await import('../../server/src/engine/code-context');
    const helper = `def helper(v):\n    return str(v).strip()\n\n\n`;
    const v1 = requestsPy.replace('def handler', `${helper}def handler`);
    const v2 = v1.replace('return str(v).strip()', 'ALLOWED_HOSTS = 1\n    return str(v).strip()');
    const files = new Map([['/project/handler.py', v1]]);
    const engine = new Engine(new Project({ readFile: (p) => files.get(p), exists: (p) => files.has(p) }), [rule]);
    engine.codeSupport = new TreeSitterCodeSupport(engine);
    const hostsName = (text: string) => {
      files.set('/project/handler.py', text);
      const f = engine.analyze('/project/handler.py', text).findings.find((x) => x.ruleId === rule.meta.id)!;
      const out = applyFix2(f.fixes.find((x) => x.title.includes('allowlist'))!, '/project/handler.py', text);
      const at = out.indexOf('target.hostname not in ') + 'target.hostname not in '.length;
      return out.slice(at, out.indexOf(':', at));
    };
    assert.equal(hostsName(v1), 'ALLOWED_HOSTS');
    assert.equal(hostsName(v2), 'ALLOWED_HOSTS2');
    assert.equal(hostsName(v1), 'ALLOWED_HOSTS');
  });
});

// --- constant scheme + host from the deployer, the caller's value only in the path (round 12) ----------
const configHostJs = `const axios = require('axios');
const BASE_URL = process.env.BASE_URL;
const { API_HOST } = process.env;
exports.handler = async (event) => {
  const id = event.pathParameters.id;
  const fileName = event.queryStringParameters.file;
  await axios.get(\`http://\${process.env.BUCKET}.s3.us-east-1.amazonaws.com/\${fileName}\`);
  await axios.get(\`\${BASE_URL}/items/\${id}\`);
  await fetch(\`https://\${API_HOST}/items?id=\${id}\`);
  return { statusCode: 200 };
};
`;
const configHostPy = `import os
import requests
BASE_URL = os.environ['BASE_URL']
BUCKET = os.getenv('BUCKET')
class Api:
    def __init__(self):
        self.base = os.environ['BASE_URL']
    def item(self, item_id):
        return requests.get(f"{self.base}/items/{item_id}")
def handler(event, context):
    item_id = event['pathParameters']['id']
    requests.get(f"http://{BUCKET}.s3.us-east-1.amazonaws.com/{item_id}")
    requests.get(BASE_URL + '/items/' + item_id)
    Api().item(item_id)
    return {'statusCode': 200}
`;

run(rule, {
  valid: [
    viaHttp('env bucket host / env base URL, the id only in the path (JS, config-linked)', 'get', 'get.js', configHostJs),
    viaHttp('env bucket host / env base URL, the id only in the path (Python, config-linked)', 'get', 'get.py', configHostPy),
  ],
  invalid: [
    { name: 'env base URL followed directly by the caller\'s text (no /): `@evil.example` moves the host', file: 'get.js', code: configHostJs.replace('`${BASE_URL}/items/${id}`', '`https://${process.env.API_HOST}${id}`'), errors: [{ message: '`event.pathParameters.id`' }] },
    { name: 'the caller picks the bucket host', file: 'get.js', code: configHostJs.replace('${process.env.BUCKET}.s3', '${event.queryStringParameters.bucket}.s3'), errors: [{ message: '`event.queryStringParameters.bucket`' }] },
  ],
});

// --- urljoin(base, '/path/' + value): a path-absolute reference keeps the base's scheme and host -----
const urljoinPy = `import os
import requests
from urllib.parse import urljoin
def handler(event, context):
    item_id = event['pathParameters']['id']
    return requests.get(urljoin(os.environ['BASE_URL'], '/items/' + item_id)).json()
`;

run(rule, {
  valid: [
    { name: "urljoin(env base, '/items/' + id)", file: 'get.py', code: urljoinPy },
    { name: "urljoin(constant base, f'/items/{id}')", file: 'get.py', code: urljoinPy.replace("urljoin(os.environ['BASE_URL'], '/items/' + item_id)", "urljoin('https://api.example.com/v1/', f'/items/{item_id}')") },
  ],
  invalid: [
    { name: 'urljoin(base, id): an absolute or //host reference replaces the host', file: 'get.py', code: urljoinPy.replace("'/items/' + item_id", 'item_id'), errors: [{ message: '`event.pathParameters.id`' }] },
    { name: "urljoin(base, '/' + id): '//evil.example' is a network-path reference", file: 'get.py', code: urljoinPy.replace("'/items/' + item_id", "'/' + item_id"), errors: [{ message: '`event.pathParameters.id`' }] },
  ],
});

// 1T/InventoryCalculator: an API defined outside the template (an OpenAPI document loaded from S3,
// reaching the function through a stage variable) with a custom integration passes the request's
// own fields as the event; the handler's package imports its helpers by absolute name.
const crawlCfn = (api = '') => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  CrawlJob:
    Type: AWS::Lambda::Function
    Properties:
      Handler: inventory.handlers.crawl
      Runtime: python3.12
      Role: arn:aws:iam::123456789012:role/r
      Code:
        S3Bucket: code
        S3Key: code.zip
  CrawlPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt CrawlJob.Arn
      Action: lambda:InvokeFunction
      Principal: apigateway.amazonaws.com
${api}`;
const crawlHandler = `from inventory.core.loader import FileLoader\n\nloader = FileLoader()\n\n\ndef crawl(event, context):\n    return {'text': loader.by_url(event['url'])}\n`;
const crawlLoader = `import requests\n\n\nclass FileLoader:\n    def by_url(self, url):\n        return requests.get(url).text\n`;
const proxyApi = `  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: POST
      ResourceId: r
      RestApiId: a
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${CrawlJob.Arn}/invocations
`;
run(rule, {
  valid: [
    {
      name: 'a proxy integration in the template: the event is the proxy shape, event.url is not the caller\'s',
      file: 'inventory/core/loader.py',
      code: crawlLoader,
      files: { 'template.yaml': crawlCfn(proxyApi), 'inventory/handlers.py': crawlHandler, 'inventory/__init__.py': '', 'inventory/core/__init__.py': '', 'inventory/core/loader.py': crawlLoader },
    },
    {
      name: 'an absolute import of a package that is not the file\'s own is not followed (it may be an installed library of that name)',
      file: 'other/core/loader.py',
      code: crawlLoader,
      files: { 'template.yaml': crawlCfn(), 'inventory/handlers.py': crawlHandler.replace('from inventory.core.loader', 'from other.core.loader'), 'other/core/loader.py': crawlLoader },
    },
  ],
  invalid: [
    {
      name: 'API defined outside the template: the request reaches requests.get in the package\'s own helper',
      file: 'inventory/core/loader.py',
      code: crawlLoader,
      files: { 'template.yaml': crawlCfn(), 'inventory/handlers.py': crawlHandler, 'inventory/__init__.py': '', 'inventory/core/__init__.py': '', 'inventory/core/loader.py': crawlLoader },
      errors: [{ line: 6, message: '`event.url`' }],
    },
  ],
});
