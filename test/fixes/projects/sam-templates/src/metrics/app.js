const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');
const ddb = new DynamoDBClient({});
exports.handler = async (event) => ddb.send(new GetItemCommand({ TableName: process.env.TABLE, Key: { id: { S: String(event.id) } } }));
