/**
 * Template text several rule tests start from, kept in one place.
 *
 * `SAM_API_BODY` is a SAM template whose first resource is an `AWS::Serverless::Api` named `Api` (stage
 * `prod`), written up to and including its `DefinitionBody:` key: a test appends the definition at an
 * indent of eight spaces, then any further resources at two.
 */
export const SAM_API_BODY = `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
`;

/** The optional format-version line CloudFormation templates start with. */
export const CFN_VERSION = `AWSTemplateFormatVersion: '2010-09-09'\n`;
