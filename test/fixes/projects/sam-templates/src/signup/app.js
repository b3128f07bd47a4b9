const { SNSClient, SubscribeCommand } = require('@aws-sdk/client-sns');
const sns = new SNSClient({});
exports.handler = async (event) => sns.send(new SubscribeCommand({ TopicArn: process.env.TOPIC, Protocol: 'email', Endpoint: String(event.email) }));
