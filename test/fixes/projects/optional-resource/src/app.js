const { TranslateClient, StartTextTranslationJobCommand } = require('@aws-sdk/client-translate');
const client = new TranslateClient({});
exports.handler = async (event) => {
  await client.send(new StartTextTranslationJobCommand({
    InputDataConfig: { S3Uri: event.input, ContentType: 'text/plain' },
    OutputDataConfig: { S3Uri: event.output },
    DataAccessRoleArn: 'arn:aws:iam::123456789012:role/translate-access',
    SourceLanguageCode: 'en', TargetLanguageCodes: ['fr'],
  }));
};
