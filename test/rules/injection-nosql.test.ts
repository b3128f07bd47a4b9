import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/injection-nosql';
import { run, ruleFindings } from '../helpers/rule-tester';
import { HTTP, sls, useCodeParsers, viaHttp } from '../helpers/injection';

useCodeParsers();

const mongoJs = `const { MongoClient } = require('mongodb');
const client = new MongoClient(process.env.MONGO_URL);

exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  const users = client.db('app').collection('users');
  const user = await users.findOne({ username: body.username, password: body.password });
  return { statusCode: user ? 200 : 401, body: '' };
};
`;

run(rule, {
  valid: [
    { name: 'values cast to strings', file: 'handler.js', code: mongoJs.replace('{ username: body.username, password: body.password }', '{ username: String(body.username), password: String(body.password) }') },
    {
      name: 'table name from an allowlist object (TypeScript)',
      file: 'handler.ts',
      code: `import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
const ddb = new DynamoDBClient({});
const TABLES: Record<string, string> = { orders: 'prod-orders' };
export const handler = async (event: any) => {
  const kind = event.pathParameters.kind;
  if (!(kind in TABLES)) return { statusCode: 404 };
  await ddb.send(new ScanCommand({ TableName: TABLES[kind] }));
};
`,
    },
    { name: 'Python allowlisted table', file: 'handler.py', code: `import boto3\nddb = boto3.client("dynamodb")\nTABLES = {"orders": "prod-orders"}\ndef handler(event, context):\n    k = event["pathParameters"]["table"]\n    if k not in TABLES:\n        return {"statusCode": 404}\n    return {"statusCode": 200, "body": str(ddb.scan(TableName=TABLES[k]))}\n` },
    { name: 'authorizer claims are trusted', file: 'me.js', code: `const { MongoClient } = require('mongodb');\nconst client = new MongoClient(process.env.MONGO_URL);\nexports.handler = async (event) => client.db('a').collection('u').findOne({ sub: JSON.parse(event.requestContext.authorizer.ctx).sub });\n`, files: { 'serverless.yml': sls({ me: ['me.handler', HTTP] }), 'me.js': '' } },
  ],
  invalid: [
    {
      name: 'Mongo operator injection from parsed JSON',
      file: 'handler.js',
      code: mongoJs,
      errors: [
        { text: 'username: body.username', line: 7, severity: 'warning', message: '`event.body` (line 5) reaches a NoSQL query (users.findOne)' },
        { text: 'password: body.password', line: 7, message: '`event.body` (line 5) reaches a NoSQL query (users.findOne)' },
      ],
    },
    {
      name: 'DynamoDB TableName from the path (TypeScript)',
      file: 'handler.ts',
      code: `import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\nconst ddb = new DynamoDBClient({});\nexport const handler = async (event: any) => {\n  await ddb.send(new ScanCommand({ TableName: event.pathParameters.table }));\n};\n`,
      errors: [{ line: 4, message: '`event.pathParameters.table` (line 4) reaches a NoSQL query' }],
    },
    {
      name: 'Python boto3 scan with a user table name',
      file: 'handler.py',
      code: `import boto3\n\ndynamodb = boto3.client("dynamodb")\n\n\ndef handler(event, context):\n    table = event["pathParameters"]["table"]\n    items = dynamodb.scan(TableName=table)\n    return {"statusCode": 200, "body": str(items)}\n`,
      errors: [{ line: 8, message: '`event.pathParameters.table` (line 7) reaches a NoSQL query' }],
    },
  ],
});

// --- fixes (issue 11 item 7): filter values from the request are compared with $eq ----------------
const findOneJs = `const { MongoClient } = require('mongodb');\nconst client = new MongoClient(process.env.URI);\nexports.handler = async (event) => {\n  const body = JSON.parse(event.body);\n  const user = await client.db('app').collection('users').findOne({ name: body.name, active: true, password: body.password });\n  return { statusCode: 200, body: JSON.stringify(user) };\n};\n`;
const findPy = `import json\nfrom pymongo import MongoClient\nclient = MongoClient()\n\n\ndef handler(event, context):\n    body = json.loads(event["body"])\n    query = {"name": body["name"]}\n    user = client.app.users.find_one(query)\n    return {"statusCode": 200, "body": str(user)}\n`;

run(rule, {
  valid: [
    { name: '{ field: { $eq: input } } compares, it does not interpret operators', file: 'handler.js', code: findOneJs.replace('{ name: body.name, active: true, password: body.password }', '{ name: { $eq: body.name }, password: { $eq: body.password } }') },
  ],
  invalid: [
    {
      name: 'two fields from the body: one fix wraps both in $eq, the constant field is left alone',
      file: 'handler.js',
      code: findOneJs,
      errors: [{ line: 5 }, { line: 5 }],
      fixes: [{ title: '$eq', output: findOneJs.replace('{ name: body.name, active: true, password: body.password }', '{ name: { $eq: body.name }, active: true, password: { $eq: body.password } }') }],
    },
    {
      name: 'Python: a filter bound to a variable first',
      file: 'handler.py',
      code: findPy,
      errors: [{ line: 8 }],
      fixes: [{ title: '$eq', output: findPy.replace('{"name": body["name"]}', '{"name": {"$eq": body["name"]}}') }],
    },
  ],
});

describe('injection-nosql fixes', () => {
  it('a nested document or operator from the request is not rewritten: no fix', () => {
    const code = findOneJs.replace('{ name: body.name, active: true, password: body.password }', '{ profile: { name: body.name } }');
    const found = ruleFindings(rule, { file: 'handler.js', code });
    assert.ok(found.length > 0);
    assert.deepEqual(found.map((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore ')).length), found.map(() => 0));
  });
});

// --- typed DynamoDB key values (round 12): an attribute value is data, DynamoDB has no operators in it --
const typedKeys = `const { DynamoDBClient, GetItemCommand, QueryCommand } = require('@aws-sdk/client-dynamodb');
const { marshall } = require('@aws-sdk/util-dynamodb');
const AWS = require('aws-sdk');
const client = new DynamoDBClient({});
const doc = new AWS.DynamoDB.DocumentClient();
exports.handler = async (event) => {
  const userId = event.pathParameters.id;
  const body = JSON.parse(event.body);
  await client.send(new GetItemCommand({ TableName: process.env.T, Key: { pk: { S: userId } } }));
  await client.send(new GetItemCommand({ TableName: process.env.T, Key: marshall({ pk: body.id }) }));
  await client.send(new QueryCommand({ TableName: process.env.T, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: body.user } } }));
  await doc.get({ TableName: process.env.T, Key: { pk: body.id, sk: 'USER#' + body.sk } }).promise();
  await doc.query({ TableName: process.env.T, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': body.user } }).promise();
  return { statusCode: 200 };
};
`;
const typedKeysPy = `import os, json, boto3
from boto3.dynamodb.conditions import Key
client = boto3.client('dynamodb')
table = boto3.resource('dynamodb').Table(os.environ['T'])
def handler(event, context):
    body = json.loads(event['body'])
    client.get_item(TableName=os.environ['T'], Key={'pk': {'S': body['id']}})
    table.get_item(Key={'pk': body['id']})
    table.query(KeyConditionExpression=Key('pk').eq(body['id']))
    return {'statusCode': 200}
`;

run(rule, {
  valid: [
    viaHttp('typed key and expression values (JS SDK v3 low-level, DocumentClient)', 'keys', 'keys.js', typedKeys),
    viaHttp('typed key values (boto3 client and Table)', 'keys', 'keys.py', typedKeysPy),
  ],
  invalid: [
    { name: 'the caller\'s text in the key condition expression', file: 'keys.js', code: typedKeys.replace("KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': body.user } }", "KeyConditionExpression: 'pk = ' + body.user }"), errors: [{ message: 'KeyConditionExpression' }] },
    { name: 'MongoDB filter object from the body stays reported', file: 'm.js', code: "const { MongoClient } = require('mongodb');\nconst c = new MongoClient(process.env.URL);\nexports.handler = async (event) => {\n  const body = JSON.parse(event.body);\n  return c.db('a').collection('u').find(body).toArray();\n};\n", errors: [{ message: 'reaches' }] },
  ],
});
