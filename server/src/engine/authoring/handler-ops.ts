/**
 * Handler code of "Add Secure Function…" for the operations without a request body (get, list,
 * delete) and the storage statement of those with one (create, update, queue consumers). The code
 * reads the table name from `TABLE_NAME` (which the config sets), validates the item id against an
 * allowlist pattern before it is used, calls exactly the DynamoDB action the role grants, and
 * answers with JSON. Templates are data: one per (operation, language family).
 */
import type { FunctionPlan } from './function-plan';
import type { HandlerLanguage } from './types';

const JSON_HEADERS_JS = "{ 'content-type': 'application/json' }";
const JSON_HEADERS_PY = '{"content-type": "application/json"}';

function idExpr(plan: FunctionPlan, language: HandlerLanguage): string {
  if (language === 'python') return plan.idFrom === 'query' ? '(event.get("queryStringParameters") or {}).get("id")' : '(event.get("pathParameters") or {}).get("id")';
  return plan.idFrom === 'query' ? 'event.queryStringParameters?.id' : 'event.pathParameters?.id';
}

/** A whole handler file for get / list / delete. */
export function readOrDeleteHandler(plan: FunctionPlan, language: HandlerLanguage, exportName: string): string {
  return language === 'python' ? pythonHandler(plan, exportName) : jsHandler(plan, language, exportName);
}

function jsHandler(plan: FunctionPlan, language: HandlerLanguage, exportName: string): string {
  const ts = language === 'typescript';
  const cmd = plan.op === 'list' ? 'ScanCommand' : plan.op === 'get' ? 'GetCommand' : 'DeleteCommand';
  const lines: string[] = [];
  lines.push("import { DynamoDBClient } from '@aws-sdk/client-dynamodb';");
  lines.push(`import { DynamoDBDocumentClient, ${cmd} } from '@aws-sdk/lib-dynamodb';`);
  if (ts) lines.push("import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';");
  lines.push('');
  lines.push('const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));');
  lines.push('const TABLE_NAME = process.env.TABLE_NAME;');
  if (plan.op !== 'list') lines.push('/** Ids are opaque tokens: anything else is rejected before it reaches the table. */', 'const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;');
  lines.push('');
  const sig = ts ? `async (event: APIGatewayProxyEventV2 | APIGatewayProxyEvent): Promise<APIGatewayProxyResultV2>` : 'async (event)';
  lines.push(`export const ${exportName} = ${sig} => {`);
  if (plan.op === 'list') {
    lines.push('  const result = await ddb.send(new ScanCommand({ TableName: TABLE_NAME, Limit: 50 }));');
    lines.push(`  return { statusCode: 200, headers: ${JSON_HEADERS_JS}, body: JSON.stringify({ items: result.Items ?? [] }) };`);
  } else {
    lines.push(`  const id = ${idExpr(plan, language)};`);
    lines.push("  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {");
    lines.push(`    return { statusCode: 400, headers: ${JSON_HEADERS_JS}, body: JSON.stringify({ message: 'Invalid id' }) };`);
    lines.push('  }');
    if (plan.op === 'get') {
      lines.push('  const result = await ddb.send(new GetCommand({ TableName: TABLE_NAME, Key: { id } }));');
      lines.push('  if (!result.Item) {');
      lines.push(`    return { statusCode: 404, headers: ${JSON_HEADERS_JS}, body: JSON.stringify({ message: 'Not found' }) };`);
      lines.push('  }');
      lines.push(`  return { statusCode: 200, headers: ${JSON_HEADERS_JS}, body: JSON.stringify(result.Item) };`);
    } else {
      lines.push('  await ddb.send(new DeleteCommand({ TableName: TABLE_NAME, Key: { id } }));');
      lines.push("  return { statusCode: 204, body: '' };");
    }
  }
  lines.push('};');
  return lines.join('\n') + '\n';
}

function pythonHandler(plan: FunctionPlan, exportName: string): string {
  const lines: string[] = ['import json', 'import os'];
  if (plan.op !== 'list') lines.push('import re');
  lines.push('', 'import boto3', '', 'TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])');
  if (plan.op !== 'list') lines.push('# Ids are opaque tokens: anything else is rejected before it reaches the table.', 'ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")');
  lines.push('', '', `def ${exportName}(event, context):`);
  if (plan.op === 'list') {
    lines.push('    result = TABLE.scan(Limit=50)');
    lines.push(`    return {"statusCode": 200, "headers": ${JSON_HEADERS_PY}, "body": json.dumps({"items": result.get("Items", [])}, default=str)}`);
  } else {
    lines.push(`    item_id = ${idExpr(plan, 'python')}`);
    lines.push('    if not isinstance(item_id, str) or not ID_PATTERN.match(item_id):');
    lines.push(`        return {"statusCode": 400, "headers": ${JSON_HEADERS_PY}, "body": json.dumps({"message": "Invalid id"})}`);
    if (plan.op === 'get') {
      lines.push('    item = TABLE.get_item(Key={"id": item_id}).get("Item")');
      lines.push('    if item is None:');
      lines.push(`        return {"statusCode": 404, "headers": ${JSON_HEADERS_PY}, "body": json.dumps({"message": "Not found"})}`);
      lines.push(`    return {"statusCode": 200, "headers": ${JSON_HEADERS_PY}, "body": json.dumps(item, default=str)}`);
    } else {
      lines.push('    TABLE.delete_item(Key={"id": item_id})');
      lines.push('    return {"statusCode": 204, "body": ""}');
    }
  }
  return lines.join('\n') + '\n';
}

/** Imports, set-up lines and the statement that store the validated input (create, update, queue). */
export function storeStatement(plan: FunctionPlan, language: HandlerLanguage, queue: boolean): { imports: string[]; setup: string[]; statement: string } {
  const update = plan.op === 'update';
  if (language === 'python') {
    const item = queue ? '{"id": str(uuid.uuid4()), **message.model_dump()}' : update ? '{**order.model_dump(), "id": item_id}' : '{"id": str(uuid.uuid4()), **order.model_dump()}';
    const imports = ['import os', ...(update ? ['import re'] : []), ...(update ? [] : ['import uuid']), '', 'import boto3'];
    const setup = ['TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])', ...(update ? ['ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")'] : [])];
    const guard = update
      ? `item_id = ${idExpr(plan, 'python')}\n    if not isinstance(item_id, str) or not ID_PATTERN.match(item_id):\n        return {"statusCode": 400, "headers": ${JSON_HEADERS_PY}, "body": json.dumps({"message": "Invalid id"})}\n    `
      : '';
    return { imports, setup, statement: queue ? `\n    TABLE.put_item(Item=${item})` : `${guard}TABLE.put_item(Item=${item})` };
  }
  const imports = [...(update || queue ? [] : ["import { randomUUID } from 'node:crypto';"]), "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';", "import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';"];
  const setup = ['const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));', ...(update ? ['const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;'] : [])];
  if (queue) return { imports: [...imports.filter((i) => !i.includes('randomUUID')), "import { randomUUID } from 'node:crypto';"], setup, statement: 'await ddb.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { id: randomUUID(), ...message } }));' };
  if (update) {
    return {
      imports,
      setup,
      statement: `const id = ${idExpr(plan, language)};\n  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {\n    return { statusCode: 400, headers: ${JSON_HEADERS_JS}, body: JSON.stringify({ message: 'Invalid id' }) };\n  }\n  await ddb.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { ...order, id } }));`,
    };
  }
  return { imports, setup, statement: 'await ddb.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { id: randomUUID(), ...order } }));' };
}
