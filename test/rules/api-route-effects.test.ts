/**
 * api-endpoint-no-authorizer judges an unauthenticated route by what its handler does
 * (model/route-effects.ts), and routes public by design by their path (fix/caller.ts `public`)
 * get info with no auth fix. Written with the handlers as the deciding input: the same
 * configuration gives a different severity with a different handler.
 */
import rule from '../../rules/api-endpoint-no-authorizer';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, ruleFindings } from '../helpers/rule-tester';
import { useCodeParsers } from '../helpers/injection';
import { publicRouteOf } from '../../server/src/engine/fix/caller';
import { SAM_API_BODY } from '../helpers/templates';

useCodeParsers();

const sls = (events: string, runtime = 'nodejs20.x', handler = 'src/create.handler', provider = '') => `service: orders
provider:
  name: aws
  runtime: ${runtime}
${provider}functions:
  create:
    handler: ${handler}
    events:
${events}`;
const py = (events: string) => sls(events, 'python3.12', 'src/app.handler');
const AWS_CALLER = `  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: execute-api:Invoke\n          Resource: arn:aws:execute-api:eu-west-1:123456789012:abc/*\n`;

const putItem = `const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');\nconst db = new DynamoDBClient({});\nexports.handler = async (event) => {\n  await db.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { id: { S: event.queryStringParameters.id } } }));\n  return { statusCode: 200 };\n};\n`;
const getItem = `const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');\nconst db = new DynamoDBClient({});\nexports.handler = async (event) => {\n  const r = await db.send(new GetItemCommand({ TableName: process.env.TABLE, Key: { id: { S: event.pathParameters.id } } }));\n  return { statusCode: 200, body: JSON.stringify(r.Item) };\n};\n`;
const presignedPut = `import json\nimport os\nimport uuid\n\nimport boto3\n\ns3 = boto3.client('s3')\n\n\ndef handler(event, context):\n    key = 'uploads/' + str(uuid.uuid4())\n    url = s3.generate_presigned_url('put_object', Params={'Bucket': os.environ['BUCKET'], 'Key': key}, ExpiresIn=300)\n    return {'statusCode': 200, 'body': json.dumps({'url': url})}\n`;
const secretRead = `import json\nimport boto3\n\nsm = boto3.client('secretsmanager')\n\n\ndef handler(event, context):\n    v = sm.get_secret_value(SecretId='prod/api-key')\n    return {'statusCode': 200, 'body': json.dumps({'ok': bool(v)})}\n`;
const runsCommand = `const { execSync } = require('child_process');\nexports.handler = async () => ({ statusCode: 200, body: execSync('uptime').toString() });\n`;
const queryOnly = `import json\n\n\ndef handler(event, context):\n    q = event.get('queryStringParameters') or {}\n    return {'statusCode': 200, 'body': json.dumps({'valid': q.get('token') == 'x'})}\n`;
const callsOut = `const axios = require('axios');\nexports.handler = async (event) => {\n  await axios.post('https://hooks.example.com/x', event.body);\n  return { statusCode: 200 };\n};\n`;
const scanOnly = `import json\nimport boto3\n\ntable = boto3.resource('dynamodb').Table('faces')\n\n\ndef handler(event, context):\n    r = table.scan()\n    return {'statusCode': 200, 'body': json.dumps(r['Items'])}\n`;

const twoExports = `const { execFileSync } = require('child_process');
exports.hello = async () => ({ statusCode: 200, body: JSON.stringify({ message: 'hello' }) });
function findWallet(email) {
  return execFileSync('wallet-lookup', [email]).toString();
}
exports.wallet = async (event) => {
  const out = execFileSync('wallet-lookup', [event.pathParameters.email]).toString();
  return { statusCode: 200, body: out };
};
exports.viaHelper = async (event) => ({ statusCode: 200, body: findWallet(event.pathParameters.email) });
`;

run(rule, {
  valid: [
    // --- public by design by path: a log-in, sign-up, token or health route is not reported ------
    ...['POST /login', 'POST /auth/signin', 'POST /users/register', 'POST /signup', 'POST /oauth2/token', 'GET /oauth/authorize', 'GET /health', 'GET /api/ping', 'GET /status', 'GET /public/terms'].map((r) => ({
      name: `public by design: ${r} is not reported (an authorizer would lock its callers out; nothing to change)`,
      file: 'serverless.yml',
      code: sls(`      - httpApi: ${r}\n`),
    })),
    {
      name: 'SAM: POST /token on the implicit API is public by design: not reported',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      Events:\n        Token:\n          Type: Api\n          Properties:\n            Path: /token\n            Method: post\n`,
    },
  ],
  invalid: [
    // --- a GET is judged by what its handler does -------------------------------------------
    {
      name: 'GET whose handler writes (PutItem) is a warning, naming the write and where',
      file: 'serverless.yml',
      code: sls(`      - http: GET /track\n`),
      files: { 'src/create.js': putItem },
      errors: [{ text: 'http', severity: 'warning', messageId: 'readEffect', message: 'writes (dynamodb:PutItem) (src/create.js line 4)' }],
    },
    {
      name: 'GET that hands out presigned S3 PUT URLs is a warning (Python)',
      file: 'serverless.yml',
      code: py(`      - http: GET /upload-url\n`),
      files: { 'src/app.py': presignedPut },
      errors: [{ text: 'http', severity: 'warning', messageId: 'readEffect', message: 's3:PutObject' }],
    },
    {
      name: 'GET whose handler reads a secret is a warning',
      file: 'serverless.yml',
      code: py(`      - httpApi: GET /config\n`),
      files: { 'src/app.py': secretRead },
      errors: [{ text: 'httpApi', severity: 'warning', messageId: 'readEffect', message: 'reads a secret (secretsmanager:GetSecretValue)' }],
    },
    {
      name: 'GET whose handler runs commands is a warning',
      file: 'serverless.yml',
      code: sls(`      - http: GET /uptime\n`),
      files: { 'src/create.js': runsCommand },
      errors: [{ text: 'http', severity: 'warning', messageId: 'readEffect', message: 'runs commands (child_process)' }],
    },
    {
      name: 'one module, two exports: the GET export that never runs the commands the other export runs is judged by its own code (it touches nothing: not reported)',
      file: 'serverless.yml',
      code: `service: wallets\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  hello:\n    handler: src/handler.hello\n    events:\n      - http: GET /hello\n  wallet:\n    handler: src/handler.wallet\n    events:\n      - http: GET /wallet/{email}\n`,
      files: { 'src/handler.js': twoExports },
      errors: [{ text: 'http', line: 13, severity: 'warning', messageId: 'readEffect', message: 'runs commands (child_process)' }],
    },
    {
      name: 'near miss: a helper the GET export calls runs the command: warning',
      file: 'serverless.yml',
      code: sls(`      - http: GET /wallet/{email}\n`, 'nodejs20.x', 'src/handler.viaHelper'),
      files: { 'src/handler.js': twoExports },
      errors: [{ text: 'http', severity: 'warning', messageId: 'readEffect', message: 'runs commands (child_process)' }],
    },
    {
      name: 'near miss: module initialisation code runs a command (a statement of its own, not a value made for another export): every export is judged with it',
      file: 'serverless.yml',
      code: sls(`      - http: GET /hello\n`, 'nodejs20.x', 'src/handler.hello'),
      files: { 'src/handler.js': `const cp = require('child_process');\ncp.execFileSync('git', ['fetch']);\nexports.hello = async () => ({ statusCode: 200, body: 'hi' });\n` },
      errors: [{ text: 'http', severity: 'warning', messageId: 'readEffect', message: 'runs commands (child_process)' }],
    },
    {
      name: 'near miss: GET whose handler only reads a record stays info',
      file: 'serverless.yml',
      code: sls(`      - http: GET /items/{id}\n`),
      files: { 'src/create.js': getItem },
      errors: [{ text: 'http', severity: 'info', message: 'confirm that it is meant to be' }],
    },
    {
      name: 'near miss: GET with no handler file stays info (verb decides when the code is not visible)',
      file: 'serverless.yml',
      code: sls(`      - http: GET /items\n`),
      errors: [{ text: 'http', severity: 'info' }],
    },
    // --- a POST whose handler provably does nothing outside the function ------------------------
    {
      name: 'near miss: POST whose handler calls an outside HTTP API (axios) stays a warning',
      file: 'serverless.yml',
      code: sls(`      - http: POST /forward\n`),
      files: { 'src/create.js': callsOut },
      errors: [{ text: 'http', severity: 'warning', messageId: 'noAuthorizer' }],
    },
    {
      name: 'near miss: POST whose handler reads a table (data that may be private) stays a warning',
      file: 'serverless.yml',
      code: py(`      - http: POST /search\n`),
      files: { 'src/app.py': scanOnly },
      errors: [{ text: 'http', severity: 'warning' }],
    },
    {
      name: 'near miss: POST that writes stays a warning',
      file: 'serverless.yml',
      code: sls(`      - http: POST /orders\n`),
      files: { 'src/create.js': putItem },
      errors: [{ text: 'http', severity: 'warning' }],
    },
    // --- public by design by path ---------------------------------------------------------------
    {
      name: 'near miss: an object status with a path parameter is not a health check',
      file: 'serverless.yml',
      code: sls(`      - http: POST /orders/{id}/status\n`),
      errors: [{ text: 'http', severity: 'warning', messageId: 'noAuthorizer' }],
    },
    {
      name: 'near miss: /tokens/list and /login-history are not log-in routes',
      file: 'serverless.yml',
      code: sls(`      - http: POST /tokens/list\n      - http: POST /login-history\n`),
      errors: [{ text: 'http', line: 9, severity: 'warning' }, { text: 'http', line: 10, severity: 'warning' }],
    },
    {
      name: 'near miss: WebSocket $connect is never public by design (anonymous chats are not enough)',
      file: 'serverless.yml',
      code: sls(`      - websocket:\n          route: $connect\n`),
      errors: [{ text: 'websocket', severity: 'warning', messageId: 'websocket' }],
    },
  ],
});

describe('public-by-design routes get no auth fix', () => {
  const fixesOf = (code: string) => ruleFindings(rule, { file: 'serverless.yml', code }).map((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore ')));

  it('/login with an AWS caller in the file: no finding, so no IAM fix (an authorizer would lock users out)', () => {
    assert.deepEqual(fixesOf(sls(`      - http: POST /login\n`, 'nodejs20.x', 'src/create.handler', AWS_CALLER)), []);
  });
  it('near miss: /orders with the same AWS caller gets the IAM fix, marked to confirm', () => {
    const [fixes] = fixesOf(sls(`      - http: POST /orders\n`, 'nodejs20.x', 'src/create.handler', AWS_CALLER));
    assert.equal(fixes.length, 1);
    assert.match(fixes[0].title, /Require IAM authorization/);
    assert.match(fixes[0].confirm?.message ?? '', /changes who can call POST \/orders/);
  });
  it('publicRouteOf: whole segments, no path parameters', () => {
    assert.match(publicRouteOf('/auth/login') ?? '', /log-in/);
    assert.match(publicRouteOf('/oauth/callback') ?? '', /OAuth/);
    assert.equal(publicRouteOf('/users/{id}/token'), undefined);
    assert.equal(publicRouteOf('/statuses'), undefined);
    assert.equal(publicRouteOf('/'), undefined);
    assert.equal(publicRouteOf(undefined), undefined);
  });
});

// --- a route whose handler never reads the request is judged by its effects, like a GET ------------
const formPage = `import yaml\nfrom yattag import Doc\n\n\ndef handler(event, context):\n    config = yaml.safe_load(open('config.yaml').read())\n    doc, tag, text = Doc().tagtext()\n    with tag('h1'):\n        text(config['Title'])\n    return {'statusCode': 200, 'headers': {'Content-Type': 'text/html'}, 'body': doc.getvalue()}\n`;
const snsPublisher = `const { SNSClient, PublishCommand } = require('@aws-sdk/client-sns');\nconst sns = new SNSClient({});\nexports.handler = async (event) => {\n  const m = event.Records[0].Sns.Message;\n  await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC, Message: m }));\n};\n`;
const snsHandler = `const WechatAPI = require('wechat-api');\nconst api = new WechatAPI(process.env.APP_ID, process.env.APP_SECRET);\nexports.handler = (event, context, callback) => {\n  const message = JSON.parse(event.Records[0].Sns.Message);\n  api.sendTemplate(message.openid, message.templateId, message.url, {}, () => callback(null, message));\n};\n`;
const fixedWrite = `const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');\nconst db = new DynamoDBClient({});\nexports.handler = async () => {\n  await db.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { id: { S: 'counter' } } }));\n  return { statusCode: 200 };\n};\n`;
const bodyAndOutside = `const axios = require('axios');\nexports.handler = async (event) => {\n  console.log(event);\n  await axios.post('https://hooks.example.com/x', JSON.parse(event.body));\n  return { statusCode: 200 };\n};\n`;
const recordsAndBody = `const axios = require('axios');\nexports.handler = async (event) => {\n  const items = event.Records || [JSON.parse(event.body)];\n  await axios.post('https://hooks.example.com/x', items);\n  return { statusCode: 200 };\n};\n`;
const factory = `const axios = require('axios');\nconst wrap = (h) => h;\nexports.handler = wrap((deps) => async (event) => axios.post('https://hooks.example.com/x', event.body));\n`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'ANY route whose handler never reads the request (a static form page from a config file): info, saying so',
      file: 'serverless.yml',
      code: py(`      - http: ANY /newsurvey\n`),
      files: { 'src/app.py': formPage },
      errors: [{ text: 'http', severity: 'info', messageId: 'requestUnused' }],
    },
    {
      // issue 10 (judged sample b): an SNS consumer that publishes, linked to a GET route, was told "its handler writes (sns:Publish)"
      name: 'a GET route to an SNS consumer that publishes (event.Records only): info, not "it writes"',
      file: 'serverless.yml',
      code: sls(`      - http: GET /lambda\n`),
      files: { 'src/create.js': snsPublisher },
      errors: [{ text: 'http', severity: 'info', messageId: 'foreignEventEffect', message: /reads the event only as an S3, SNS, SQS, DynamoDB Streams or Kinesis event \(event\.Records\)/ }],
    },
    {
      name: 'the same publisher reading the query string: the GET writes, warning',
      file: 'serverless.yml',
      code: sls(`      - http: GET /lambda\n`),
      files: { 'src/create.js': snsPublisher.replace('event.Records[0].Sns.Message', 'event.queryStringParameters.m') },
      errors: [{ text: 'http', severity: 'warning', messageId: 'readEffect' }],
    },
    {
      name: 'a handler written for SNS (event.Records) behind an API event: info, suggesting the event is a leftover',
      file: 'serverless.yml',
      code: sls(`      - http: ANY /\n`),
      files: { 'src/create.js': snsHandler },
      errors: [{ text: 'http', severity: 'info', messageId: 'foreignEvent', message: /reads the event as an S3, SNS, SQS, DynamoDB Streams or Kinesis event \(event\.Records\)/ }],
    },
    {
      name: 'near miss: a handler that ignores the request but writes stays a warning (anyone can trigger the write)',
      file: 'serverless.yml',
      code: sls(`      - http: POST /reset\n`),
      files: { 'src/create.js': fixedWrite },
      errors: [{ text: 'http', severity: 'warning', messageId: 'noAuthorizer' }],
    },
    {
      name: 'near miss: logging the event and then forwarding its body outside stays a warning',
      file: 'serverless.yml',
      code: sls(`      - http: POST /forward\n`),
      files: { 'src/create.js': bodyAndOutside },
      errors: [{ text: 'http', severity: 'warning', messageId: 'noAuthorizer' }],
    },
    {
      name: 'near miss: a handler reading event.Records or, failing that, the body stays a warning',
      file: 'serverless.yml',
      code: sls(`      - http: POST /ingest\n`),
      files: { 'src/create.js': recordsAndBody },
      errors: [{ text: 'http', severity: 'warning', messageId: 'noAuthorizer' }],
    },
    {
      name: 'near miss: a handler factory (the outer function does not take the event) stays a warning',
      file: 'serverless.yml',
      code: sls(`      - http: POST /forward\n`),
      files: { 'src/create.js': factory },
      errors: [{ text: 'http', severity: 'warning', messageId: 'noAuthorizer' }],
    },
  ],
});

// --- database queries on GET, greedy routes, HTTP backends, OpenAPI files ----------------------------
const mysqlList = `const mysql = require('mysql');\nconst pool = mysql.createPool({ host: process.env.DB_HOST });\nexports.handler = async (event) => {\n  const rows = await new Promise((ok, ko) => pool.query('SELECT * FROM Socks', (e, r) => (e ? ko(e) : ok(r))));\n  return { statusCode: 200, body: JSON.stringify(rows) };\n};\n`;
const iamDbConnect = `import os\nimport boto3\nimport pymysql\n\nrds = boto3.client('rds')\n\n\ndef handler(event, context):\n    token = rds.generate_db_auth_token(DBHostname=os.environ['HOST'], Port=3306, DBUsername='app')\n    conn = pymysql.connect(host=os.environ['HOST'], user='app', password=token)\n    with conn.cursor() as c:\n        c.execute('select curdate()')\n        return {'statusCode': 200, 'body': str(c.fetchone())}\n`;
const fileServer = `const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  const name = path.basename(event.pathParameters.proxy || 'index.html');\n  const body = fs.readFileSync(path.join(__dirname, 'site', name), 'utf8');\n  return { statusCode: 200, headers: { 'content-type': 'text/html' }, body };\n};\n`;

const cfnHttp = (integration: string, routeKey = 'ANY /{proxy+}') => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: site
      ProtocolType: HTTP
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
${integration}
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Api
      RouteKey: "${routeKey}"
      Target: !Sub "integrations/\${Integration}"
`;
const httpProxy = `      IntegrationType: HTTP_PROXY\n      ConnectionType: VPC_LINK\n      ConnectionId: abc123\n      IntegrationMethod: ANY\n      IntegrationUri: arn:aws:elasticloadbalancing:eu-west-2:123456789012:listener/app/web/1/2\n      PayloadFormatVersion: '1.0'`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'GET whose handler queries a database through a driver (a catalogue SELECT): info, naming the driver',
      file: 'serverless.yml',
      code: sls(`      - http: GET /socks\n`),
      files: { 'src/create.js': mysqlList },
      errors: [{ text: 'http', severity: 'info', messageId: 'readDatabase', message: 'queries a database (mysql) (src/create.js line 1)' }],
    },
    {
      name: 'GET whose handler opens an IAM database connection (rds-db:connect) is a read, not a write: info',
      file: 'serverless.yml',
      code: py(`      - http: GET /date\n`),
      files: { 'src/app.py': iamDbConnect },
      errors: [{ text: 'http', severity: 'info', messageId: 'readDatabase' }],
    },
    {
      name: 'near miss: POST whose handler queries a database stays a warning',
      file: 'serverless.yml',
      code: sls(`      - http: POST /socks\n`),
      files: { 'src/create.js': mysqlList },
      errors: [{ text: 'http', severity: 'warning', messageId: 'noAuthorizer' }],
    },
    {
      name: 'HTTP API ANY /{proxy+} to an HTTP_PROXY integration through a VPC link (a website): info, saying so',
      file: 'template.yaml',
      code: cfnHttp(httpProxy),
      errors: [{ text: 'Route', severity: 'info', messageId: 'httpBackend', message: '`HTTP_PROXY` integration through a VPC link' }],
    },
    {
      name: 'REST GET /{proxy+} Method with an HTTP_PROXY integration: info',
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: site\n  Proxy:\n    Type: AWS::ApiGateway::Resource\n    Properties:\n      RestApiId: !Ref Api\n      ParentId: !GetAtt Api.RootResourceId\n      PathPart: '{proxy+}'\n  Method:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref Api\n      ResourceId: !Ref Proxy\n      HttpMethod: ANY\n      AuthorizationType: NONE\n      Integration:\n        Type: HTTP_PROXY\n        IntegrationHttpMethod: ANY\n        Uri: http://web.example.com/{proxy}\n`,
      errors: [{ text: 'NONE', severity: 'info', messageId: 'httpBackend' }],
    },
    {
      name: 'near miss: an HTTP_PROXY integration on one fixed route (an API operation, not a site) stays a warning',
      file: 'template.yaml',
      code: cfnHttp(httpProxy, 'POST /orders'),
      errors: [{ text: 'Route', severity: 'warning' }],
    },
    {
      name: 'near miss: ANY /{proxy+} to a Lambda integration is not an HTTP backend',
      file: 'template.yaml',
      code: cfnHttp(`      IntegrationType: AWS_PROXY\n      IntegrationUri: arn:aws:lambda:eu-west-2:123456789012:function:web\n      PayloadFormatVersion: '2.0'`),
      errors: [{ text: 'Route', severity: 'warning' }],
    },
  ],
});

// An OpenAPI file (AWS::Include / DefinitionUri) whose unprotected operations only read: info, like SAM events.
const includeApi = `${SAM_API_BODY}        Fn::Transform:
          Name: AWS::Include
          Parameters:
            Location: ./openapi-spec.yaml
  HelloFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: create.handler
      Runtime: nodejs20.x
`;
const op = (path: string, method: string) => `  ${path}:\n    ${method}:\n      x-amazon-apigateway-integration:\n        type: aws_proxy\n        httpMethod: POST\n        uri:\n          Fn::Sub: arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${HelloFunction.Arn}/invocations\n`;
const spec = (ops: string) => `swagger: "2.0"\ninfo: {title: demo, version: "1"}\npaths:\n${ops}`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: 'OpenAPI file whose only unprotected operations are GETs of a handler that reads: info at the reference',
      file: 'template.yaml',
      code: includeApi,
      files: { 'openapi-spec.yaml': spec(op('/hello', 'get') + op('/hello2', 'get')), 'src/create.js': getItem },
      errors: [{ text: './openapi-spec.yaml', severity: 'info', messageId: 'openapiFileRead', message: '`GET /hello`, `GET /hello2`' }],
    },
    {
      name: 'near miss: a GET of that file whose handler writes keeps the file at warning',
      file: 'template.yaml',
      code: includeApi,
      files: { 'openapi-spec.yaml': spec(op('/track', 'get')), 'src/create.js': putItem },
      errors: [{ text: './openapi-spec.yaml', severity: 'warning' }],
    },
    {
      name: 'near miss: a POST among the GETs keeps the file at warning (one finding)',
      file: 'template.yaml',
      code: includeApi,
      files: { 'openapi-spec.yaml': spec(op('/hello', 'get') + op('/orders', 'post')), 'src/create.js': getItem },
      errors: [{ text: './openapi-spec.yaml', severity: 'warning', messageId: 'openapiFileMany' }],
    },
  ],
});

// A handler that reads what an authorizer puts in the request was written for a route behind one.
const tenantList = `const mysql = require('mysql');\nconst pool = mysql.createPool({ host: process.env.DB_HOST });\nexports.handler = async (event) => {\n  const company = event.requestContext.authorizer.CompanyID;\n  const rows = await new Promise((ok) => pool.query('SELECT * FROM Custom WHERE COMPANY = ?', [company], (e, r) => ok(r)));\n  return { statusCode: 200, body: JSON.stringify(rows) };\n};\n`;
const claimsPy = `import json\nimport boto3\n\ntable = boto3.resource('dynamodb').Table('orders')\n\n\ndef handler(event, context):\n    user = event['requestContext']['authorizer']['claims']['sub']\n    r = table.query(KeyConditionExpression='pk = :u', ExpressionAttributeValues={':u': user})\n    return {'statusCode': 200, 'body': json.dumps(r['Items'])}\n`;
const jwtGet = `def handler(event, context):\n    claims = (event.get('requestContext') or {}).get('authorizer', {}).get('jwt', {}).get('claims', {})\n    return {'statusCode': 200, 'body': claims.get('email', '')}\n`;
const sourceIp = `exports.handler = async (event) => ({ statusCode: 200, body: event.requestContext.identity.sourceIp });\n`;

run(rule, {
  valid: [
    {
      name: 'round 12: POST whose handler reads only query-string parameters and calls nothing: nothing to protect',
      file: 'serverless.yml',
      code: py(`      - http: POST /verify\n`),
      files: { 'src/app.py': queryOnly },
    },
    {
      name: 'round 12: ANY /{proxy+} whose handler only serves files of its package (fs, path): it acts on nothing outside, not reported',
      file: 'serverless.yml',
      code: sls(`      - http: ANY /{proxy+}\n`),
      files: { 'src/create.js': fileServer },
    },
    {
      name: 'round 12: ANY on a fixed path with the same file server: not reported either',
      file: 'serverless.yml',
      code: sls(`      - http: ANY /page\n`),
      files: { 'src/create.js': fileServer },
    },
    {
      name: 'round 12: a GET answering the caller its own IP (requestContext.identity) touches nothing: not reported',
      file: 'serverless.yml',
      code: sls(`      - http: GET /ip\n`),
      files: { 'src/create.js': sourceIp },
    },
  ],
  invalid: [
    {
      name: 'GET whose handler reads requestContext.authorizer (a tenant id) on a route without one: warning, naming where',
      file: 'serverless.yml',
      code: sls(`      - http: GET /customizations\n`),
      files: { 'src/create.js': tenantList },
      errors: [{ text: 'http', severity: 'warning', messageId: 'expectsAuthorizer', message: 'src/create.js line 4' }],
    },
    {
      name: "Python: event['requestContext']['authorizer']['claims'] on a GET: warning",
      file: 'serverless.yml',
      code: py(`      - http: GET /orders\n`),
      files: { 'src/app.py': claimsPy },
      errors: [{ text: 'http', severity: 'warning', messageId: 'expectsAuthorizer' }],
    },
    {
      name: "HTTP API JWT claims read through .get('requestContext') or {}: warning",
      file: 'serverless.yml',
      code: py(`      - httpApi: GET /me\n`),
      files: { 'src/app.py': jwtGet },
      errors: [{ text: 'httpApi', severity: 'warning', messageId: 'expectsAuthorizer' }],
    },
  ],
});

describe('api-endpoint-no-authorizer: stubs and plain SSM parameters (issue 10)', () => {
  const stub = `exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ message: 'not implemented yet' }) });\n`;

  it('a PUT whose handler reads nothing of the request and calls nothing: no finding; the same route reading the body still reported', () => {
    assert.equal(ruleFindings(rule, { file: 'serverless.yml', code: sls(`      - http: PUT /review\n`), files: { 'src/create.js': stub } }).length, 0);
    // round 12: an echo touches nothing either; a handler forwarding the body does
    const echo = ruleFindings(rule, { file: 'serverless.yml', code: sls(`      - http: PUT /review\n`), files: { 'src/create.js': `exports.handler = async (event) => ({ statusCode: 200, body: event.body });\n` } });
    assert.equal(echo.length, 0);
    const forward = ruleFindings(rule, { file: 'serverless.yml', code: sls(`      - http: PUT /review\n`), files: { 'src/create.js': `exports.handler = async (event) => ({ statusCode: 200, body: await (await fetch(process.env.URL, { method: 'PUT', body: event.body })).text() });\n` } });
    assert.equal(forward.length, 1);
  });

  it('round 12: a GET stub is not reported either (nothing to protect); a PUT stub that writes stays a warning', () => {
    const get = ruleFindings(rule, { file: 'serverless.yml', code: sls(`      - http: GET /review\n`), files: { 'src/create.js': stub } });
    assert.equal(get.length, 0);
    const write = ruleFindings(rule, { file: 'serverless.yml', code: sls(`      - http: PUT /review\n`), files: { 'src/create.js': fixedWrite } });
    assert.equal(write.length, 1);
    assert.equal(write[0].severity, 'warning');
  });

  const ssmTemplate = (name: string, type = 'String', define = true) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Get:
          Type: Api
          Properties:
            Path: /config
            Method: get
${define ? `  Param:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Name: ${name}\n      Type: ${type}\n      Value: hello\n` : ''}`;
  const reads = (name: string) => ({ 'src/app.js': `const { SSMClient, GetParameterCommand } = require('@aws-sdk/client-ssm');\nconst ssm = new SSMClient({});\nexports.handler = async () => {\n  const p = await ssm.send(new GetParameterCommand({ Name: '${name}' }));\n  return { statusCode: 200, body: p.Parameter.Value };\n};\n` });

  it('a GET returning a plain String SSM parameter of the template: not a secret read (no warning)', () => {
    const fs = ruleFindings(rule, { file: 'template.yaml', code: ssmTemplate('/configItem'), files: reads('/configItem') });
    assert.ok(fs.every((f) => f.severity === 'info' && !/secret/.test(f.message)), JSON.stringify(fs.map((f) => f.message)));
  });

  it('near misses: a secret-named String parameter, or a parameter the template does not define, stays a secret read (warning)', () => {
    for (const [code, files] of [
      [ssmTemplate('/app/db-password'), reads('/app/db-password')],
      [ssmTemplate('/configItem', 'String', false), reads('/configItem')],
    ] as const) {
      const fs = ruleFindings(rule, { file: 'template.yaml', code, files });
      assert.equal(fs.length, 1);
      assert.equal(fs[0].severity, 'warning');
      assert.match(fs[0].message, /reads a secret \(ssm:GetParameter\)/);
    }
  });
});
