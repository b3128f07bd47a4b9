/**
 * What Amazon Data Firehose does with a delivery stream's role, per part of the stream's
 * configuration — for the fixes that narrow a wildcard on a role only delivery streams use
 * (fix/firehose-role-fix.ts). Only the configurations listed here are understood: a stream with any
 * other top-level property (another destination, another source) makes the role's needs unknown.
 * Data: one entry per configuration part, with its source.
 */

/** Top-level properties of `AWS::KinesisFirehose::DeliveryStream` whose needs of the role are known (the Glue ones: none besides these entries). */
export const FIREHOSE_KNOWN_PROPERTIES: readonly { property: string; source: string }[] = [
  { property: 'DeliveryStreamName', source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kinesisfirehose-deliverystream.html' },
  { property: 'DeliveryStreamType', source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kinesisfirehose-deliverystream.html' },
  { property: 'Tags', source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kinesisfirehose-deliverystream.html' },
  { property: 'DeliveryStreamEncryptionConfigurationInput', source: 'https://docs.aws.amazon.com/firehose/latest/dev/encryption.html (server-side encryption: KMS, no Glue)' },
  { property: 'KinesisStreamSourceConfiguration', source: 'https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3 (kinesis:DescribeStream, GetShardIterator, GetRecords, ListShards)' },
  { property: 'S3DestinationConfiguration', source: 'https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3 (S3 and KMS actions)' },
  { property: 'ExtendedS3DestinationConfiguration', source: 'https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3 (S3, KMS, Lambda for processing, CloudWatch Logs; Glue only for record format conversion, below)' },
];

/**
 * Glue actions a delivery stream's role needs: record format conversion reads the table schema
 * from the AWS Glue Data Catalog. Nothing else of Glue is used by the configurations above.
 */
export const FIREHOSE_GLUE_NEEDS: readonly { path: readonly string[]; actions: readonly string[]; source: string }[] = [
  {
    path: ['ExtendedS3DestinationConfiguration', 'DataFormatConversionConfiguration'],
    actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
    source: 'https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3 ("glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions" for data format conversion)',
  },
];
