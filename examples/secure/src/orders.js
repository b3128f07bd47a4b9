const { DynamoDBClient, GetItemCommand, PutItemCommand } = require('@aws-sdk/client-dynamodb');

const db = new DynamoDBClient({});
const ID = /^[0-9a-f-]{36}$/;

module.exports.create = async (event) => {
  let order;
  try {
    order = JSON.parse(event.body ?? '{}');
  } catch {
    return { statusCode: 400, body: 'invalid JSON' };
  }
  if (typeof order.customer !== 'string' || typeof order.item !== 'string') {
    return { statusCode: 400, body: 'customer and item are required' };
  }
  await db.send(
    new PutItemCommand({
      TableName: process.env.TABLE_NAME,
      Item: { customer: { S: order.customer }, item: { S: order.item } },
    }),
  );
  return { statusCode: 201, body: JSON.stringify({ ok: true }) };
};

module.exports.get = async (event) => {
  const id = event.pathParameters?.id ?? '';
  if (!ID.test(id)) return { statusCode: 400, body: 'bad id' };
  const res = await db.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { id: { S: id } } }));
  return { statusCode: res.Item ? 200 : 404, body: JSON.stringify(res.Item ?? {}) };
};
