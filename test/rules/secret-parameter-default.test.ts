import rule from '../../rules/secret-parameter-default';
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ruleFindings, run } from '../helpers/rule-tester';

const cfn = (params: string, resources = '  Topic:\n    Type: AWS::SNS::Topic\n') => `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
${params}
Resources:
${resources}`;

const db = (ref = '!Ref AdminPassword') => `  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      MasterUsername: app
      MasterUserPassword: ${ref}
`;

run(rule, {
  valid: [
    {
      // Issue 10, class 7 (aws-samples/serverless-patterns activemq-lambda, eventbridge-pipes-amazonmq-to-eventbridge-sam,
      // activemq-lambda-sam-java, docdb-lambda, awstransfer-lambda-sam): names of secrets, users and public keys.
      name: 'a parameter that names a secret, an ARN, a user, or a public key',
      file: 'template.yaml',
      code: cfn(
        `  SecretName:
    Type: String
    Default: 'mq_secret_01'
  MQSecretARN:
    Type: String
    Default: arn:aws:secretsmanager:us-east-1:123456789012:secret:mq-AbC123
  username:
    Type: String
  SecretUserName:
    Type: String
  SshKey:
    Type: String
    Default: ''`,
        `  Broker:
    Type: AWS::AmazonMQ::Broker
    Properties:
      Users:
        - Password: !Sub '{{resolve:secretsmanager:\${SecretName}:SecretString:password::}}'
          Username: !Sub '{{resolve:secretsmanager:\${SecretName}:SecretString:username::}}'
  Pipe:
    Type: AWS::Pipes::Pipe
    Properties:
      SourceParameters:
        ActiveMQBrokerParameters:
          Credentials:
            BasicAuth: !Ref MQSecretARN
  Creds:
    Type: AWS::SecretsManager::Secret
    Properties:
      SecretString: !Sub '{"username": "\${username}", "owner": "\${SecretUserName}"}'
  User:
    Type: AWS::Transfer::User
    Properties:
      SshPublicKeys:
        - !Ref SshKey
`,
      ),
    },
    {
      name: 'NoEcho without a Default; false-friend names; numbers; SSM parameter types; AllowedValues',
      file: 'template.yaml',
      code: cfn(`  AdminPassword:
    Type: String
    NoEcho: true
  PasswordMinLength:
    Type: Number
    Default: 12
  ApiKeyParam:
    Type: String
    Default: ''
  DbPasswordParameterName:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /prod/db/password
  TokenType:
    Type: String
    Default: bearer
  AuthMode:
    Type: String
    AllowedValues: [token, iam]
    Default: token
  SecretArn:
    Type: String
    Default: arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbC123`, db()),
    },
    {
      name: 'a NoEcho parameter whose Default is a placeholder or empty',
      file: 'template.yaml',
      code: cfn(`  DbSecret:
    Type: String
    NoEcho: true
    Default: changeme
  Other:
    Type: String
    NoEcho: 'true'
    Default: ''`),
    },
    {
      name: 'parameters used only by non-secret properties',
      file: 'template.yaml',
      code: cfn(`  BucketName:
    Type: String
    Default: orders-archive`, '  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref BucketName\n'),
    },
    {
      // aws-samples/aws-serverless-saas-workshop Lab6 custom_resources.yaml: a function ARN passed in and used as ServiceToken.
      name: 'custom resource ServiceToken parameters: a Lambda ARN, named *Arn, *Handler or with an ARN Default',
      file: 'template.yaml',
      code: cfn(
        `  UpdateSettingsTableFunctionArn:
    Type: String
  ProviderHandler:
    Type: String
  Provider:
    Type: String
    Default: arn:aws:sns:eu-west-1:123456789012:provisioner`,
        `  Settings:
    Type: Custom::UpdateSettingsTable
    Properties:
      ServiceToken: !Ref UpdateSettingsTableFunctionArn
  Other:
    Type: AWS::CloudFormation::CustomResource
    Properties:
      ServiceToken: !Ref ProviderHandler
  Third:
    Type: Custom::Third
    Properties:
      ServiceToken: !Ref Provider
`,
      ),
    },
    {
      // Issue 10, set G: a parameter spliced into a `{{resolve:…}}` built with !Join names the secret's JSON key.
      name: 'parameters spliced into a dynamic reference built with !Join (secret id and JSON key), also passed on as plain values',
      file: 'template.yaml',
      code: cfn(
        `  SecretName:
    Type: String
    Default: gitsecret
  SecretKey:
    Type: String
    Default: gitpat`,
        `  Cred:
    Type: AWS::CodeBuild::SourceCredential
    Properties:
      AuthType: PERSONAL_ACCESS_TOKEN
      ServerType: GITHUB
      Token: !Join
        - ''
        - - '{{resolve:secretsmanager:'
          - !Ref SecretName
          - ':SecretString:'
          - !Ref SecretKey
          - '}}'
  Build:
    Type: AWS::CodeBuild::Project
    Properties:
      Environment:
        EnvironmentVariables:
          - Name: SECRET_KEY
            Value: !Ref SecretKey
`,
      ),
    },
    {
      // Issue 10, set G: a KMS key ARN in a parameter whose name ends in `Key`.
      name: 'a key parameter with an ARN Default, or used only where a KMS key id or ARN goes',
      file: 'template.yaml',
      code: cfn(
        `  EncryptionKey:
    Type: String
    Default: "arn:aws:kms:us-east-1:xxxxxxxxxx:key/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
  VolumeKey:
    Type: String
  QueueKey:
    Type: String`,
        `  WorkSpace:
    Type: AWS::WorkSpaces::Workspace
    Properties:
      VolumeEncryptionKey: !Ref VolumeKey
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      KmsMasterKeyId: !Ref QueueKey
`,
      ),
    },
    {
      // Issue 10 set J (lambda-refarch-imagerecognition, Amplify stacks): an S3 object key prefix next to its
      // bucket, a key spliced into an s3:// URL, and an Amplify CLI setting whose only secret word is 'auth'.
      name: "a 'Key' that is an S3 object key or prefix, and an auth setting whose value is a word",
      file: 'template.yaml',
      code: cfn(
        `  S3DeploymentBucket:
    Type: String
  S3DeploymentRootKey:
    Type: String
  ArtifactRootKey:
    Type: String
    Default: builds/release-1/
  TemplateRootKey:
    Type: String
  authSelections:
    Type: String
    Default: identityPoolAndUserPool
  AuthSettings:
    Type: String`,
        `  Resolver:
    Type: AWS::AppSync::Resolver
    Properties:
      RequestMappingTemplateS3Location: !Sub 's3://\${S3DeploymentBucket}/\${TemplateRootKey}/resolvers/req.vtl'
      ResponseMappingTemplateS3Location: !Sub
        - 's3://\${S3DeploymentBucket}/\${S3DeploymentRootKey}/resolvers/res.vtl'
        - S3DeploymentRootKey: !Ref S3DeploymentRootKey
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Code:
        S3Bucket: !Ref S3DeploymentBucket
        S3Key: !Ref ArtifactRootKey
`,
      ),
    },
  ],
  invalid: [
    {
      name: 'a secret-named parameter joined into a value that is not a dynamic reference, or used both as a KMS key and as a secret',
      file: 'template.yaml',
      code: cfn(
        `  ApiSecret:
    Type: String
  SigningKey:
    Type: String`,
        `  Fn:
    Type: AWS::Lambda::Function
    Properties:
      KmsKeyArn: !Ref SigningKey
      Environment:
        Variables:
          AUTH: !Join ['', ['Bearer ', !Ref ApiSecret]]
          SIGNING_KEY: !Ref SigningKey
`,
      ),
      errors: [{ text: 'ApiSecret', message: 'no NoEcho' }, { text: 'SigningKey', message: 'no NoEcho' }],
    },
    {
      name: 'a parameter used as ServiceToken and as a password is still made secret by the password use',
      file: 'template.yaml',
      code: cfn(`  Shared:
    Type: String`, '  Thing:\n    Type: Custom::Thing\n    Properties:\n      ServiceToken: !Ref Shared\n      DbPassword: !Ref Shared\n'),
      errors: [{ text: 'Shared', message: 'used as DbPassword' }],
    },
    {
      name: 'a parameter used as a custom resource property other than ServiceToken stays secret by use',
      file: 'template.yaml',
      code: cfn(`  Handler:
    Type: String`, '  Thing:\n    Type: Custom::Thing\n    Properties:\n      ServiceToken: arn:aws:lambda:eu-west-1:123456789012:function:f\n      ApiToken: !Ref Handler\n'),
      errors: [{ text: 'Handler', message: 'no NoEcho' }],
    },
    {
      // aws-samples/serverless-samples apigw-readme-integration: an API key whose name ends in `Key` stays secret by use.
      name: 'a parameter used as a SecretString whose name does not say it is a name',
      file: 'template.yaml',
      code: cfn(
        `  RMAPIKey:
    Type: String
    Default: <ReadMe API key here>`,
        `  RMAPIKeySecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      SecretString: !Sub "\${RMAPIKey}"
`,
      ),
      errors: [{ text: 'RMAPIKey', message: 'no NoEcho' }],
    },
    {
      name: 'NoEcho parameter with a password Default used by MasterUserPassword: the Default is removed',
      file: 'template.yaml',
      code: cfn(`  AdminPassword:
    Type: String
    NoEcho: true
    Default: 'Kx9!mq2Z'`, db()),
      errors: [{ text: 'Kx9!mq2Z', severity: 'error', message: /Hardcoded password \(Kx…\(8 chars\)\) as the Default of parameter AdminPassword \(used as MasterUserPassword\): NoEcho hides/ }],
      fixes: [{ title: 'Remove the hardcoded Default', output: cfn(`  AdminPassword:
    Type: String
    NoEcho: true`, db()) }],
    },
    {
      name: 'no NoEcho and a Default: the Default line becomes NoEcho: true',
      file: 'template.yaml',
      code: cfn(`  GithubToken:
    Type: String
    Default: ghp_FAKEMLD4V73uqGwM74IROJbcJvGYocLLHYnr
    Description: token for the release job`),
      errors: [{ text: 'ghp_FAKEMLD4V73uqGwM74IROJbcJvGYocLLHYnr', message: 'without NoEcho it is also shown' }],
      fixes: [{ title: 'Add NoEcho: true and remove the hardcoded Default', output: cfn(`  GithubToken:
    Type: String
    NoEcho: true
    Description: token for the release job`) }],
    },
    {
      name: 'secret-named parameter without NoEcho (no Default): NoEcho is added',
      file: 'template.yaml',
      code: cfn(`  SlackWebhookSecret:
    Type: String
    Description: signing secret`),
      errors: [{ text: 'SlackWebhookSecret', severity: 'warning', message: /no NoEcho although its name says it holds a secret.*DescribeStacks/ }],
      fixes: [{ title: 'Add NoEcho: true', output: cfn(`  SlackWebhookSecret:
    Type: String
    Description: signing secret
    NoEcho: true`) }],
    },
    {
      name: 'secret-named parameter without NoEcho whose literal Default is no recognised secret (DEMO_KEY): the fix that adds NoEcho drops the Default too (else the NoEcho parameter\'s literal Default is reported at once)',
      file: 'template.yaml',
      code: cfn(`  NasaApiKey:
    Type: String
    Default: 'DEMO_KEY'
    Description: The API key for the NASA APIs.`),
      errors: [{ text: 'NasaApiKey', severity: 'warning', messageId: 'noNoEcho' }],
      fixes: [{ title: 'Add NoEcho: true and remove the hardcoded Default', output: cfn(`  NasaApiKey:
    Type: String
    NoEcho: true
    Description: The API key for the NASA APIs.`) }],
    },
    {
      name: 'a neutral name used as a password, without NoEcho and with an empty Default',
      file: 'template.yaml',
      code: cfn(`  DbMaster:
    Type: String
    Default: ''`, db('!Ref DbMaster')),
      errors: [{ text: 'DbMaster', line: 3, message: 'it is used as MasterUserPassword' }],
      fixes: [{ title: 'Add NoEcho: true', output: cfn(`  DbMaster:
    Type: String
    Default: ''
    NoEcho: true`, db('!Ref DbMaster')) }],
    },
    {
      name: 'a NoEcho parameter with a neutral name and any literal Default; NoEcho: false is set to true',
      file: 'template.yaml',
      code: cfn(`  Phrase:
    Type: String
    NoEcho: true
    Default: mZ7-quill-harbor
  DbPass:
    Type: String
    NoEcho: false
    Default: Summer2024!`, '  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment:\n        Variables:\n          DB_PASSWORD: !Sub "${DbPass}"\n'),
      errors: [
        { text: 'mZ7-quill-harbor', severity: 'warning', message: 'NoEcho parameter Phrase has a literal Default (mZ7-…(16 chars))' },
        { text: 'Summer2024!', message: 'as the Default of parameter DbPass (used as DB_PASSWORD)' },
      ],
      fixes: [{ finding: 1, title: 'Set NoEcho: true and remove the hardcoded Default', output: cfn(`  Phrase:
    Type: String
    NoEcho: true
    Default: mZ7-quill-harbor
  DbPass:
    Type: String
    NoEcho: true`, '  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment:\n        Variables:\n          DB_PASSWORD: !Sub "${DbPass}"\n') }],
    },
    {
      name: 'JSON template: NoEcho added and Default dropped',
      file: 'stack.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": {
    "ApiToken": {
      "Type": "String",
      "Default": "VF6xDSmuovPJyk2B6uZ67XbE"
    }
  },
  "Resources": { "Topic": { "Type": "AWS::SNS::Topic" } }
}
`,
      errors: [{ text: 'VF6xDSmuovPJyk2B6uZ67XbE', message: 'ApiToken' }],
      fixes: [{ title: 'Add NoEcho', output: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": {
    "ApiToken": {
      "Type": "String",
      "NoEcho": true
    }
  },
  "Resources": { "Topic": { "Type": "AWS::SNS::Topic" } }
}
` }],
    },
    {
      // The S3-key and auth-setting readings need their evidence: a root key with no bucket beside it, a
      // key whose Default is not path-shaped, an auth word as the head, an auth setting with a secret-shaped Default.
      name: "a 'Key' without an S3 bucket beside it or with a secret-shaped Default, and 'auth' as a credential",
      file: 'template.yaml',
      code: cfn(
        `  S3DeploymentBucket:
    Type: String
  S3DeploymentRootKey:
    Type: String
    Default: 'Zq8vL2xR7mN4pT9w'
  ServiceRootKey:
    Type: String
  GithubAuth:
    Type: String
  authSelections:
    Type: String
    Default: 'x9Fq2!Lm7#Rt4vB8'`,
      ),
      errors: [
        { text: 'Zq8vL2xR7mN4pT9w', message: 'Default of parameter S3DeploymentRootKey' },
        { text: 'ServiceRootKey', message: 'no NoEcho' },
        { text: 'GithubAuth', message: 'no NoEcho' },
        { text: 'x9Fq2!Lm7#Rt4vB8', message: 'Default of parameter authSelections' },
      ],
    },
  ],
});

it('relates the Default to the properties that use the parameter', () => {
  const code = cfn(`  AdminPassword:
    Type: String
    NoEcho: true
    Default: 'Kx9!mq2Z'`, db());
  const [f] = ruleFindings(rule, { file: 'template.yaml', code });
  assert.equal(f.related?.length, 1);
  assert.equal(code.slice(f.related![0].range.start, f.related![0].range.end), '!Ref AdminPassword');
  assert.ok(!f.message.includes('Kx9!mq2Z'));
});
