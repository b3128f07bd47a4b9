const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
exports.handler = async () => new S3Client({}).send(new GetObjectCommand({ Bucket: 'reports-bucket', Key: 'k' }));
