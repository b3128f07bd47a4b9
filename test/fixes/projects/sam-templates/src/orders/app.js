const { DynamoDBClient, DeleteItemCommand } = require('@aws-sdk/client-dynamodb');
const { S3Client, DeleteObjectCommand } = require('@aws-sdk/client-s3');
const ddb = new DynamoDBClient({});
const s3 = new S3Client({});
exports.handler = async (event) => {
  await ddb.send(new DeleteItemCommand({ TableName: process.env.TABLE, Key: { id: { S: String(event.id) } } }));
  await s3.send(new DeleteObjectCommand({ Bucket: process.env.BUCKET, Key: `orders/${event.id}.pdf` }));
};
