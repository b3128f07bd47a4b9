import rule from '../../rules/secret-in-config';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { applyFix, ruleFindings, run, setCodeSupport } from '../helpers/rule-tester';
import { Engine } from '../../server/src/engine/engine';
import { Project, normalizePath } from '../../server/src/engine/project';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { createEngine, type EngineFactoryResult } from '../../server/src/engine/create';
import type { Finding, Fix } from '../../server/src/engine/types';
import { diskSource } from '../../server/src/shell/disk';
import { checkFixes } from '../helpers/fix-check';

before(async () => {
  await initCodeParsers();
  setCodeSupport((e) => {
    e.codeSupport = new TreeSitterCodeSupport(e);
  });
});

const sls = (env: string, extra = '', head = 'service: orders\n') => `${head}provider:
  name: aws
  runtime: nodejs20.x
  environment:
${env}
functions:
  create:
    handler: src/create.handler
${extra}`;

const sam = (vars: string, extra = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Environment:
        Variables:
${vars}
${extra}`;

run(rule, {
  valid: [
    {
      // Issue 10, class 7: secret-sounding names with constant or enum values.
      name: 'serverless.yml: passThrough, enum constants, names of secrets, placeholders, allowlist comments',
      file: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  environment:
    SECRET_NAME: orders/prod/db-password
    PARAMETER_NAME: /orders/prod/api-token
    DB_PASSWORD: \${ssm:/orders/prod/db-password}
    API_TOKEN: '<your-token>'
    ADMIN_PASSWORD: REPLACE_ME
    AUTH_TOKEN: xxxxxxxxxxxxxxxx
    STRIPE_KEY: sk_live_51H8TbdKx9LqWvPzR2mNcJf0Y # pragma: allowlist secret
    # pragma: allowlist nextline secret
    LEGACY_PASSWORD: Corp123!
    WEBHOOK_SECRET: whsec_9fK2LmQ8rT4vX1zB7nW3 # gitleaks:allow
    SIGNING_KEY_ALGORITHM: RSASSA_PSS_SHA_256
functions:
  create:
    handler: src/create.handler
    events:
      - http:
          path: orders
          method: post
          integration: lambda
          request:
            passThrough: WHEN_NO_TEMPLATES
`,
    },
    {
      name: 'CloudFormation: KMS key specs, API Gateway pass-through behaviour, {{resolve:}} names',
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeySpec: ECC_NIST_P256
      CustomerMasterKeySpec: ECC_NIST_P256
      KeyUsage: SIGN_VERIFY
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: POST
      Integration:
        Type: AWS
        PassthroughBehavior: WHEN_NO_TEMPLATES
  Broker:
    Type: AWS::AmazonMQ::Broker
    Properties:
      Users:
        - Password: '{{resolve:secretsmanager:mq_secret_01:SecretString:password::}}'
          Username: '{{resolve:secretsmanager:mq_secret_01:SecretString:username::}}'
  Fetch:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          SecretName: prod/db-password
          ParameterName: /app/api-token
`,
    },
    {
      name: 'CodeBuild environment variables of type PARAMETER_STORE / SECRETS_MANAGER hold names',
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Build:
    Type: AWS::CodeBuild::Project
    Properties:
      Environment:
        EnvironmentVariables:
          - Name: GITHUB_TOKEN
            Type: SECRETS_MANAGER
            Value: GithubToken2024Secret
          - Name: NPM_TOKEN
            Type: PARAMETER_STORE
            Value: NpmPublishToken9
`,
    },
    {
      name: 'fixtures and scripts are not production configs',
      file: 'tests/fixtures/serverless.yml',
      code: sls('    DB_PASSWORD: Corp123!\n    API_TOKEN: Zq8Rw2Lx9TvB4nKm7Pd3Xy'),
    },
    {
      name: 'Step Functions paths (`key.$`) are JSONPath, not literals',
      file: 'serverless.yml',
      code: 'service: s\nprovider:\n  name: aws\nstepFunctions:\n  stateMachines:\n    flow:\n      definition:\n        States:\n          Run:\n            Type: Task\n            Parameters:\n              Payload:\n                task_token.$: $$.Task.Token\n                api_token.$: $.input.token\n',
    },
    {
      name: 'references, numbers, booleans, URLs without credentials and false-friend names',
      file: 'serverless.yml',
      code: sls(
        [
          '    DB_PASSWORD: ${ssm:/orders/db/password}',
          '    API_KEY: ${env:API_KEY}',
          '    TOKEN: ${self:custom.tokenRef}',
          '    DB_PASSWORD_PARAM: /orders/prod/db/password',
          '    PASSWORD_MIN_LENGTH: 12',
          '    TOKEN_TTL: 1h',
          '    SECRET_NAME: orders/prod/stripe',
          '    SECRET_ARN: arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/prod/stripe-AbC123',
          '    TOKEN_URL: https://auth.acme-corp.io/oauth2/token',
          '    API_KEY_HEADER: x-api-key',
          '    AUTH_ENABLED: true',
          '    REPLICA_URL: postgres://orders:${ssm:/orders/db/password}@replica.internal:5432/orders',
          '    STRIPE_PUBLISHABLE_KEY: pk_live_um3tkYOZzQ7gBA5bqMKaWj6dZhizVoZ0FGuGdM2N',
        ].join('\n'),
        'custom:\n  tokenRef: ${ssm:/orders/token}\n  dbAdmin:\n    username: admin\n    password: changeme\n  alerts:\n    webhook: https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX\n',
      ),
    },
    {
      name: 'API key names are not secrets',
      file: 'serverless.yml',
      code: 'service: s\nprovider:\n  name: aws\n  apiGateway:\n    apiKeys:\n      - free-tier\n      - name: partner\n        description: partner integration key\n',
    },
    {
      name: 'SAM: intrinsics, dynamic references, placeholders; Parameters are another rule',
      file: 'template.yaml',
      code: `Parameters:
  DBPassword:
    Type: String
    NoEcho: true
    Default: Summer2024!
${sam(`          DB_PASSWORD: !Ref DBPassword
          DB_USER_PASSWORD: '{{resolve:secretsmanager:prod/db:SecretString:password}}'
          API_KEY: !Sub '\${AWS::StackName}-key'
          SECRET: !GetAtt Secret.Arn
          DSN: !Sub 'postgres://app:\${DBPassword}@\${Db.Endpoint.Address}/app'
          USER_POOL_CLIENT_ID: w3fqrclcrwynybqtkpvbb55oub
          TOKEN: '<your-token>'
          REDIS_URL: redis://cache.internal:6379`)}`,
    },
    {
      name: 'CloudFormation JSON: references only',
      file: 'stack.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Description": "The admin password must be set via SSM.",
  "Resources": {
    "Fn": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Handler": "index.handler",
        "Environment": { "Variables": { "DB_PASSWORD": "{{resolve:secretsmanager:prod/db:SecretString:password}}", "KEY": { "Ref": "KeyParam" } } },
        "Code": { "ZipFile": "exports.handler = async () => ({ statusCode: 200 });" }
      }
    }
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'serverless provider environment: human password; fix moves it to SSM',
      file: 'serverless.yml',
      code: sls('    DB_PASSWORD: Corp123!'),
      errors: [{ text: 'Corp123!', line: 6, severity: 'error', message: /Hardcoded password \(Co…\(8 chars\)\) in environment variable DB_PASSWORD \(provider.environment/ }],
      fixes: [{ title: 'create SecureString /orders/DB_PASSWORD', output: sls('    DB_PASSWORD: ${ssm:/orders/DB_PASSWORD}') }],
    },
    {
      name: 'stage-aware SSM path when the file uses stages; custom.* keys keep their path',
      file: 'serverless.yml',
      code: sls('    STAGE: ${sls:stage}', 'params:\n  prod:\n    domain: api.acme-corp.io\ncustom:\n  partnerApi:\n    apiKey: c3acdcd37b39c500a0c0851cc40431fe\n'),
      errors: [{ text: 'c3acdcd37b39c500a0c0851cc40431fe', message: 'custom.partnerApi.apiKey' }],
      fixes: [
        {
          title: 'create SecureString /orders/<stage>/partnerApi/apiKey',
          output: sls('    STAGE: ${sls:stage}', 'params:\n  prod:\n    domain: api.acme-corp.io\ncustom:\n  partnerApi:\n    apiKey: ${ssm:/orders/${sls:stage}/partnerApi/apiKey}\n'),
        },
      ],
    },
    {
      name: 'service name from a variable → ${self:service}; function environment; connection string range is the password',
      file: 'serverless.yml',
      code: sls('    STAGE: dev', '    environment:\n      DATABASE_URL: postgres://orders:Tr0ub4dor-3x@db.prod.internal:5432/orders\n', 'service: ${env:SERVICE}\n'),
      errors: [{ text: 'Tr0ub4dor-3x', message: /Password in a database connection string .*environment variable DATABASE_URL of function create/ }],
      fixes: [
        {
          title: 'SecureString /<service>/DATABASE_URL',
          output: sls('    STAGE: dev', '    environment:\n      DATABASE_URL: ${ssm:/${self:service}/DATABASE_URL}\n', 'service: ${env:SERVICE}\n'),
        },
      ],
    },
    {
      name: 'AWS credentials in the environment: removed (Lambda reserves the names); the documented example is info',
      file: 'serverless.yml',
      code: sls('    AWS_ACCESS_KEY_ID: AKIA42PNLPMCTFPIQLU3\n    AWS_SECRET_ACCESS_KEY: iGE9WENWQVXKOvaHCHYVmj9M0cQjbdp+PGvWNlev\n    STAGE: dev', '    environment:\n      AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE\n'),
      errors: [
        { text: 'AKIA42PNLPMCTFPIQLU3', severity: 'error', message: /AWS access key ID \(AKIA…\(20 chars\)\).*execution role/ },
        { text: 'iGE9WENWQVXKOvaHCHYVmj9M0cQjbdp+PGvWNlev', severity: 'error', message: 'AWS secret access key' },
        { text: 'AKIAIOSFODNN7EXAMPLE', severity: 'info', message: 'documented example' },
      ],
      fixes: [{ finding: 0, title: 'Remove AWS_ACCESS_KEY_ID', output: sls('    AWS_SECRET_ACCESS_KEY: iGE9WENWQVXKOvaHCHYVmj9M0cQjbdp+PGvWNlev\n    STAGE: dev', '    environment:\n      AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE\n') }],
    },
    {
      name: 'API Gateway API key value (the name is not a secret)',
      file: 'serverless.yml',
      code: 'service: s\nprovider:\n  name: aws\n  apiGateway:\n    apiKeys:\n      - free-tier\n      - name: partner\n        value: F0IZAD2QWlA3jRkmLp15KyZqAw1p2kZK\n',
      errors: [{ text: 'F0IZAD2QWlA3jRkmLp15KyZqAw1p2kZK', message: 'provider.apiGateway.apiKeys[1].value' }],
      fixes: [{ title: '${ssm:/s/apiKeys/partner}', output: 'service: s\nprovider:\n  name: aws\n  apiGateway:\n    apiKeys:\n      - free-tier\n      - name: partner\n        value: ${ssm:/s/apiKeys/partner}\n' }],
    },
    {
      name: 'a PEM key in a block scalar is reported from its BEGIN line; the fix replaces the whole block',
      file: 'serverless.yml',
      code: sls(
        '    JWT_PRIVATE_KEY: |\n      -----BEGIN RSA PRIVATE KEY-----\n      +CZcdZy9Ah73zyZWhmTV3WeayJzVpqCNVJr5Cy8ZGi+zC9bByknqhlqR48iFL84Y\n      aIXkvHapPEeKhsLz+Zb1hC79lovmSlUIetrqcsVV373CpbQVzvcW/RliT3r4sh/l\n      cRtnLwy5g5ZfgraxAArza2z4GWu+iNgZ2tKFwjbwp3RcoUHBurQt3FtVREx52muU\n      -----END RSA PRIVATE KEY-----\n    STAGE: dev',
      ),
      errors: [{ line: 7, column: 7, message: 'RSA private key' }],
      fixes: [{ title: 'JWT_PRIVATE_KEY', output: sls('    JWT_PRIVATE_KEY: ${ssm:/orders/JWT_PRIVATE_KEY}\n    STAGE: dev') }],
    },
    {
      name: 'SAM Globals: reported once on the Globals node, Secrets Manager fix',
      file: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Environment:
      Variables:
        SLACK_BOT_TOKEN: xoxb-45605645512-5172245060017-FAKE4lHxIXNUQGIEGzaBbKH7
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.handler, Runtime: python3.12}
  B:
    Type: AWS::Serverless::Function
    Properties: {Handler: b.handler, Runtime: python3.12}
`,
      errors: [{ line: 6, message: /Slack bot token .*Globals.Function.Environment, set on every function/ }],
      fixes: [{ title: 'secret GlobalFunctionSecrets', output: `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Environment:
      Variables:
        SLACK_BOT_TOKEN: '{{resolve:secretsmanager:GlobalFunctionSecrets:SecretString:SLACK_BOT_TOKEN}}'
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.handler, Runtime: python3.12}
  B:
    Type: AWS::Serverless::Function
    Properties: {Handler: b.handler, Runtime: python3.12}
` }],
    },
    {
      name: 'SAM function environment: vendor tokens and a Mongo URI',
      file: 'template.yaml',
      code: sam(`          GITHUB_TOKEN: ghp_FAKEMLD4V73uqGwM74IROJbcJvGYocLLHYnr
          MONGO_URI: mongodb+srv://svc:pQ7rT2vX9z@cluster0.ab1cd.mongodb.net/orders?retryWrites=true`),
      errors: [
        { text: 'ghp_FAKEMLD4V73uqGwM74IROJbcJvGYocLLHYnr', message: 'environment variable GITHUB_TOKEN of function OrdersFunction' },
        { text: 'pQ7rT2vX9z', message: 'MONGO_URI' },
      ],
      fixes: [
        {
          finding: 0,
          title: '{{resolve:secretsmanager:OrdersFunction:SecretString:GITHUB_TOKEN}}',
          output: sam(`          GITHUB_TOKEN: '{{resolve:secretsmanager:OrdersFunction:SecretString:GITHUB_TOKEN}}'
          MONGO_URI: mongodb+srv://svc:pQ7rT2vX9z@cluster0.ab1cd.mongodb.net/orders?retryWrites=true`),
        },
      ],
    },
    {
      name: 'RDS MasterUserPassword: ManageMasterUserPassword (preferred) or a dynamic reference',
      file: 'template.yaml',
      code: sam('          LOG_LEVEL: INFO', `  LegacyDb:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      MasterUsername: legacy
      MasterUserPassword: 'Tango#4417'
`),
      errors: [{ text: 'Tango#4417', message: 'Resources.LegacyDb.Properties.MasterUserPassword' }],
      fixes: [
        { title: 'ManageMasterUserPassword: true', output: sam('          LOG_LEVEL: INFO', `  LegacyDb:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      MasterUsername: legacy
      ManageMasterUserPassword: true
`) },
        { title: 'secret LegacyDb', output: sam('          LOG_LEVEL: INFO', `  LegacyDb:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      MasterUsername: legacy
      MasterUserPassword: '{{resolve:secretsmanager:LegacyDb:SecretString:MasterUserPassword}}'
`) },
      ],
    },
    {
      name: 'CloudFormation JSON: id/secret pair, ADO connection string; the fix writes JSON',
      file: 'stack.json',
      code: `{
  "Resources": {
    "Fn": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Handler": "index.handler",
        "Environment": {
          "Variables": {
            "KEY": "AKIA54ZLT5G72OPWZTL7",
            "SECRET": "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",
            "SQL_CONN": "Server=tcp:sql.acme-corp.io,1433;Database=billing;User Id=billing_app;Password=Str0ng!Pass-1;Encrypt=true;"
          }
        }
      }
    }
  }
}
`,
      errors: [
        { text: 'AKIA54ZLT5G72OPWZTL7', message: 'environment variable KEY of function Fn' },
        { text: '+Qg/v3Xuje+Clx19j2su6/uId2OTySU+5sFb9E6F', message: 'paired with the access key id' },
        { text: 'Str0ng!Pass-1', message: 'SQL_CONN' },
      ],
      fixes: [
        {
          finding: 2,
          title: 'secret Fn',
          output: `{
  "Resources": {
    "Fn": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Handler": "index.handler",
        "Environment": {
          "Variables": {
            "KEY": "AKIA54ZLT5G72OPWZTL7",
            "SECRET": "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",
            "SQL_CONN": "{{resolve:secretsmanager:Fn:SecretString:SQL_CONN}}"
          }
        }
      }
    }
  }
}
`,
        },
      ],
    },
    {
      name: 'JSON string with escapes: the PEM hit maps back to its characters; SecretString members',
      file: 'stack.json',
      code: `{
  "Resources": {
    "Secret": {
      "Type": "AWS::SecretsManager::Secret",
      "Properties": { "SecretString": "{\\"username\\":\\"app\\",\\"password\\":\\"Qw3rty!9\\"}" }
    },
    "Fn": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Environment": { "Variables": { "GCP_KEY": "-----BEGIN PRIVATE KEY-----\\nmNR59BtQjLbsL7hxZeCiGN14cClHK2rnrg3yZNOQ96t8GN5QL/swxB0zk/hmSkdr\\nX/sy/NtSsv1C7aJuhfk4LeTJ5bWWp0Q9QndkwBtOMr/3FR85divtf1CNlBF89F/E\\n-----END PRIVATE KEY-----\\n" } }
      }
    }
  }
}
`,
      errors: [
        { text: 'Qw3rty!9', message: /Hardcoded password .*SecretString.*GenerateSecretString/ },
        { line: 10, message: 'Private key' },
      ],
    },
    {
      name: 'Fn::Join of literals and a literal password inside !Sub are reported (no fix inside intrinsics)',
      file: 'template.yaml',
      code: sam(`          DB_PASSWORD: !Join ['', ['Corp', '123!']]
          DSN: !Sub 'postgres://app:Tr0ub4dor-3x@\${Db.Endpoint.Address}/app'`),
      errors: [
        { text: "!Join ['', ['Corp', '123!']]", message: 'Hardcoded password' },
        { text: 'Tr0ub4dor-3x', message: 'connection string' },
      ],
    },
    {
      name: '{Name, Value} environments (ECS / CodeBuild) judge Value under Name',
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Build:
    Type: AWS::CodeBuild::Project
    Properties:
      Environment:
        EnvironmentVariables:
          - Name: NPM_AUTH_PASSWORD
            Value: Welcome2024
            Type: PLAINTEXT
`,
      errors: [{ text: 'Welcome2024', message: 'Hardcoded password' }],
    },
    {
      name: 'inline code (Code.ZipFile) is parsed as code and reported on its own characters',
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  InlineFn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Code:
        ZipFile: |
          const KEY_ID = 'AKIAJXCBR6J2FPAUI6BS';
          const dbPassword = 'Tango#4417';
          exports.handler = async () => ({ statusCode: 200 });
`,
      errors: [
        { text: 'AKIAJXCBR6J2FPAUI6BS', line: 10, message: 'inline code of InlineFn' },
        { text: 'Tango#4417', line: 11, message: 'dbPassword' },
      ],
    },
    {
      name: 'aliases: a merged environment is reported once, on the anchor',
      file: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
custom:
  env: &env
    DB_PASSWORD: Corp123!
functions:
  a:
    handler: a.handler
    environment: *env
  b:
    handler: b.handler
    environment:
      <<: *env
      STAGE: dev
`,
      errors: [{ text: 'Corp123!', line: 6 }],
    },
    {
      name: 'the quoted literal fallback of a Serverless variable; the fix drops the fallback',
      file: 'serverless.yml',
      code: sls("    SENTRY_PASSWORD: ${ssm:/orders/sentry/password, 'Devpass#2024'}"),
      errors: [{ text: 'Devpass#2024', message: 'SENTRY_PASSWORD (provider.environment, set on every function), as the fallback of a variable' }],
      fixes: [{ title: 'Remove the hardcoded fallback', output: sls('    SENTRY_PASSWORD: ${ssm:/orders/sentry/password}') }],
    },
    {
      name: 'ElastiCache AuthToken is a password (no entropy threshold); API Gateway ApiKey Value',
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Cache:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      TransitEncryptionEnabled: true
      AuthToken: Xy9-Ka8-Lm7-Qw6-Er5-Ty4
  PartnerKey:
    Type: AWS::ApiGateway::ApiKey
    Properties:
      Enabled: true
      Value: Pq7Zk2Lm9Xw4Rt6Yb1Nc8Vd3Hs5Gj0Fa
`,
      errors: [
        { text: 'Xy9-Ka8-Lm7-Qw6-Er5-Ty4', message: 'Resources.Cache.Properties.AuthToken' },
        { text: 'Pq7Zk2Lm9Xw4Rt6Yb1Nc8Vd3Hs5Gj0Fa', message: 'Resources.PartnerKey.Properties.Value' },
      ],
      fixes: [{ finding: 0, title: 'key AuthToken of secret Cache' }],
    },
    {
      name: 'files under test/: a real vendor format is info (a name-only password there is not reported)',
      file: 'test/serverless.yml',
      code: sls('    DB_PASSWORD: Corp123!\n    SLACK: xoxb-45605645512-5172245060017-FAKE4lHxIXNUQGIEGzaBbKH7'),
      errors: [{ text: 'xoxb-45605645512-5172245060017-FAKE4lHxIXNUQGIEGzaBbKH7', severity: 'info' }],
    },
    {
      name: 'CodeBuild PLAINTEXT environment variables are values',
      file: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Build:
    Type: AWS::CodeBuild::Project
    Properties:
      Environment:
        EnvironmentVariables:
          - Name: NPM_TOKEN
            Type: PLAINTEXT
            Value: Zq8Rw2Lx9TvB4nKm7Pd3Xy
`,
      errors: [{ text: 'Zq8Rw2Lx9TvB4nKm7Pd3Xy' }],
    },
    {
      name: 'an enum constant with entropy-free words still leaves a real password beside it reported',
      file: 'serverless.yml',
      code: sls('    DB_PASSWORD: ADMIN_2024\n    KEY_SPEC: ECC_NIST_P256'),
      errors: [{ text: 'ADMIN_2024', message: 'Hardcoded password' }],
    },
  ],
});

describe('secret-in-config messages', () => {
  it('never contain the secret, only its masked form', () => {
    const secrets = ['Corp123!', 'Tr0ub4dor-3x', 'iGE9WENWQVXKOvaHCHYVmj9M0cQjbdp+PGvWNlev', 'xoxb-45605645512-5172245060017-FAKE4lHxIXNUQGIEGzaBbKH7'];
    const code = sls(
      `    DB_PASSWORD: ${secrets[0]}\n    DATABASE_URL: postgres://orders:${secrets[1]}@db.prod.internal:5432/orders\n    AWS_SECRET_ACCESS_KEY: ${secrets[2]}\n    SLACK: ${secrets[3]}`,
    );
    const found = ruleFindings(rule, { file: 'serverless.yml', code });
    assert.equal(found.length, 4);
    for (const f of found) {
      for (const s of secrets) {
        assert.ok(!f.message.includes(s), f.message);
        assert.ok(!f.message.includes(s.slice(0, 6)), `message shows too much of ${s}: ${f.message}`);
        for (const x of f.fixes) assert.ok(!x.title.includes(s), x.title);
      }
    }
  });
});

describe('secret-in-config across edits (entry cache)', () => {
  it('finds a secret typed into a function that was clean before, and forgets it when removed', () => {
    const engine = new Engine(new Project(), [rule]);
    const base = 'service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: a.h\n    environment:\n      MODE: fast\n  b:\n    handler: b.h\n';
    assert.equal(engine.analyze('/p/serverless.yml', base).findings.filter((f) => f.ruleId === rule.meta.id).length, 0);
    const withSecret = base.replace('MODE: fast', 'MODE: fast\n      DB_PASSWORD: Corp123!');
    assert.equal(engine.analyze('/p/serverless.yml', withSecret).findings.filter((f) => f.ruleId === rule.meta.id).length, 1);
    assert.equal(engine.analyze('/p/serverless.yml', base).findings.filter((f) => f.ruleId === rule.meta.id).length, 0);
    // the inherited provider environment is part of an entry's context
    const providerKey = base.replace('  name: aws\n', '  name: aws\n  environment:\n    AWS_ACCESS_KEY_ID: AKIAZ7QRSTUVWXYZ2345\n');
    assert.ok(engine.analyze('/p/serverless.yml', providerKey).findings.some((f) => f.ruleId === rule.meta.id));
  });
});

// Issue 13 (Secrets): serverless.yml reference chains, written before chains.ts.
const chainSls = (custom: string, env: string, props = '') => `service: orders
custom:
${custom}
provider:
  name: aws
  runtime: nodejs20.x
  environment:
${env}
functions:
  api:
    handler: src/api.handler
resources:
  Resources:
    Db:
      Type: AWS::RDS::DBInstance
      Properties:
        Engine: postgres
${props}`;

run(rule, {
  valid: [
    {
      name: 'references to user names, regions, parameter names and SSM stay clean; so do unused custom words',
      file: 'serverless.yml',
      code: chainSls(
        '  dbUser: admin\n  region: eu-west-1\n  passwordParam: /orders/db-password\n  PASSWORD: password\n  db:\n    master: ${ssm:/orders/db-master}',
        '    DB_USER: ${self:custom.dbUser}\n    DB_PASSWORD_PARAM: ${self:custom.passwordParam}\n    REGION_NAME: ${self:custom.region}\n    DB_PASSWORD: ${self:custom.db.master}',
        '        MasterUsername: ${self:custom.dbUser}',
      ),
    },
    {
      name: '${file()} outside the config folder (..), absolute, or to a missing key is not followed',
      file: 'app/serverless.yml',
      code: chainSls('  x: 1', '    DB_PASSWORD: ${file(../secrets.yml):adminPassword}\n    API_TOKEN: ${file(/etc/secrets.yml):token}\n    ADMIN_PASSWORD: ${file(./secrets.yml):missing}'),
      files: { 'secrets.yml': 'adminPassword: Corp-2024\n', 'app/secrets.yml': 'adminPassword: Corp-2024\n' },
    },
  ],
  invalid: [
    {
      name: 'a plain word used as the real password (environment) and a neutral key that flows into MasterUserPassword',
      file: 'serverless.yml',
      code: chainSls('  PASSWORD: password\n  db:\n    master: Tern-Shelf-1', '    DB_PASSWORD: ${self:custom.PASSWORD}', '        MasterUserPassword: ${self:custom.db.master}'),
      errors: [
        { text: 'password', line: 3, message: /Hardcoded password .* in custom\.PASSWORD.*, which \$\{self:custom\.PASSWORD\} brings into environment variable DB_PASSWORD/ },
        { text: 'Tern-Shelf-1', line: 5, message: /in custom\.db\.master.*MasterUserPassword/ },
      ],
      fixes: [{ finding: 1, title: /ManageMasterUserPassword/ }],
    },
    {
      name: '${file(./secrets.yml):key}: reported at the reference, the literal is related information',
      file: 'serverless.yml',
      code: chainSls('  x: 1', '    ADMIN_PASSWORD: ${file(./secrets.yml):adminPassword}\n    REGION_NAME: ${file(./secrets.yml):region}'),
      files: { 'secrets.yml': '# local values\nadminPassword: Corp-2024\nregion: eu-west-1\n' },
      errors: [{ text: '${file(./secrets.yml):adminPassword}', line: 8, message: /in secrets\.yml \(key adminPassword\), which this reference brings into environment variable ADMIN_PASSWORD/ }],
    },
  ],
});

describe('secret-in-config reference chains: related information', () => {
  it('points at every use of an in-file literal, and at the literal of a ${file()} reference', () => {
    const code = chainSls('  PASSWORD: password', '    DB_PASSWORD: ${self:custom.PASSWORD}\n    ADMIN_PASSWORD: ${file(./secrets.yml):adminPassword}', '        MasterUserPassword: ${self:custom.PASSWORD}');
    const fs = ruleFindings(rule, { file: 'serverless.yml', code, files: { 'secrets.yml': 'adminPassword: Corp-2024\n' } });
    assert.equal(fs.length, 2);
    const inFile = fs.find((f) => code.slice(f.range.start, f.range.end) === 'password')!;
    assert.deepEqual(inFile.related!.map((r) => code.slice(r.range.start, r.range.end)), ['${self:custom.PASSWORD}', '${self:custom.PASSWORD}']);
    assert.match(inFile.related![1].message, /MasterUserPassword/);
    const viaFile = fs.find((f) => f !== inFile)!;
    assert.equal(viaFile.related![0].file.endsWith('/secrets.yml'), true);
    assert.equal('adminPassword: Corp-2024\n'.slice(viaFile.related![0].range.start, viaFile.related![0].range.end), 'Corp-2024');
    assert.ok(!viaFile.message.includes('Corp-2024') && !inFile.message.includes('password)'), 'messages mask the value');
  });
});

describe('secret-in-config: a SAM / CloudFormation function environment secret moves to Parameter Store (one cross-file fix)', () => {
  // Copied out of test/ first: secrets under a test folder are test data and not reported (severityFor).
  const SOURCE = nodePath.resolve(__dirname, '../fixtures/secret-param-fix');
  let ROOT = '';
  let factory: EngineFactoryResult;

  before(async () => {
    factory = await createEngine();
    ROOT = normalizePath(fs.realpathSync(fs.mkdtempSync(nodePath.join(os.tmpdir(), 'sg-template-param-fix-'))));
    fs.cpSync(SOURCE, ROOT, { recursive: true });
  });
  after(() => fs.rmSync(ROOT, { recursive: true, force: true }));

  const finding = (dir: string, file: string) => {
    const p = `${ROOT}/${dir}/${file}`;
    const found = factory.makeEngine(new Project(diskSource(1 << 20))).analyze(p, fs.readFileSync(p, 'utf8')).findings.filter((f) => f.ruleId === 'secret-in-config');
    assert.equal(found.length, 1, `${dir}: one secret-in-config finding`);
    return found[0];
  };
  /** The files the fix changes, after it (relative path → text). */
  const appliedAll = (fix: Fix, dir: string) => {
    const out: Record<string, string> = {};
    for (const ch of fix.changes) out[ch.file.slice(`${ROOT}/${dir}/`.length)] = applyFix(fix, ch.file, fs.readFileSync(ch.file, 'utf8'));
    return out;
  };
  const preferredFix = (f: Finding) => f.fixes.find((x) => x.isPreferred) ?? f.fixes[0];

  it('SAM, JS handler, no Policies yet: the parameter name, the cached fetch, an inline ssm:GetParameter statement, the put-parameter command', () => {
    const fix = preferredFix(finding('sam-js', 'template.yaml'));
    assert.equal(fix.title, 'Move PAYMENT_API_KEY to SSM Parameter Store: pass PAYMENT_API_KEY_PARAM: /process-payment/payment-api-key, fetch it at run time in handler.js, grant ssm:GetParameter');
    const out = appliedAll(fix, 'sam-js');
    assert.deepEqual(Object.keys(out).sort(), ['src/handler.js', 'template.yaml']);
    assert.equal(out['template.yaml'], fs.readFileSync(`${ROOT}/sam-js/template.yaml`, 'utf8')
      .replace('PAYMENT_API_KEY: Zq7vN4kT9wXb2LmR8sYd3HfJ6cPe', 'PAYMENT_API_KEY_PARAM: /process-payment/payment-api-key')
      .replace(/\n$/, `
      Policies:
        - Version: '2012-10-17'
          Statement:
            - Effect: Allow
              Action:
                - ssm:GetParameter
              Resource: !Sub 'arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/process-payment/payment-api-key'
`));
    const js = out['src/handler.js'];
    assert.ok(js.startsWith("'use strict';\n\nconst { GetParameterCommand, SSMClient } = require('@aws-sdk/client-ssm');\n"));
    assert.ok(js.includes('paymentApiKeyPromise ??= ssmParameters.send(new GetParameterCommand({ Name: process.env.PAYMENT_API_KEY_PARAM, WithDecryption: true }))'));
    assert.ok(js.includes('authorization: `Bearer ${(await getPaymentApiKey())}`'));
    assert.ok(js.includes("'x-stage': process.env.STAGE"), 'other variables untouched');
    assert.ok(!js.includes('process.env.PAYMENT_API_KEY}'));
    assert.equal(fix.afterApply?.copyText, "aws ssm put-parameter --name '/process-payment/payment-api-key' --type SecureString --value 'Zq7vN4kT9wXb2LmR8sYd3HfJ6cPe'");
    assert.ok(!fix.afterApply!.displayText.includes('Zq7vN4kT9wXb2LmR8sYd3HfJ6cPe') && !fix.afterApply!.message.includes('Zq7vN4kT9wXb2LmR8sYd3HfJ6cPe'));
  });

  it('SAM, Python handler, Policies already listed: the statement is appended, the boto3 helper replaces os.environ.get', () => {
    const out = appliedAll(preferredFix(finding('sam-py-policies', 'template.yaml')), 'sam-py-policies');
    assert.ok(out['template.yaml'].includes(`      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref Invoices
        - Version: '2012-10-17'
          Statement:
            - Effect: Allow
              Action:
                - ssm:GetParameter
              Resource: !Sub 'arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/charge/api-token'
      Environment:
        Variables:
          TABLE: !Ref Invoices
          API_TOKEN_PARAM: /charge/api-token
`), out['template.yaml']);
    const py = out['app/charge.py'];
    assert.ok(py.includes('_api_token = _ssm_client.get_parameter(Name=os.environ["API_TOKEN_PARAM"], WithDecryption=True)["Parameter"]["Value"]'));
    assert.ok(py.includes('headers={"Authorization": "Token " + _get_api_token()}'));
    assert.ok(!py.includes('os.environ.get("API_TOKEN"'));
  });

  it('CloudFormation JSON: an inline policy on the template\'s role (Fn::Sub ARN), the ES module gets an import', () => {
    const out = appliedAll(preferredFix(finding('cfn-json', 'template.json')), 'cfn-json');
    const t = JSON.parse(out['template.json']);
    assert.deepEqual(t.Resources.Webhook.Properties.Environment.Variables, { SIGNING_SECRET_PARAM: '/webhook/signing-secret' });
    assert.deepEqual(t.Resources.WebhookRole.Properties.Policies, [{
      PolicyName: 'Webhook-read-signing-secret',
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/webhook/signing-secret' } }] },
    }]);
    assert.ok(out['index.mjs'].includes("import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';"));
    assert.ok(out['index.mjs'].includes("createHmac('sha256', (await getSigningSecret()))"));
  });

  it('SAM function with Role: !GetAtt of the template\'s role: one more inline policy on that role; an f-string read becomes the helper call', () => {
    const out = appliedAll(preferredFix(finding('sam-role-py', 'template.yaml')), 'sam-role-py');
    assert.ok(out['template.yaml'].includes(`        - PolicyName: NotifyFunction-read-slack-token
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action:
                  - ssm:GetParameter
                Resource: !Sub 'arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/notify/slack-token'
  NotifyFunction:
`), out['template.yaml']);
    assert.ok(out['template.yaml'].includes('          SLACK_TOKEN_PARAM: /notify/slack-token\n'));
    assert.ok(out['src/notify.py'].includes('f"Bearer {_get_slack_token()}"'));
  });

  it('SAM, a JSON value with several fields: Secrets Manager (GetSecretValue, secret ARN with its random suffix, create-secret)', () => {
    const fix = preferredFix(finding('sam-json-secret', 'template.yaml'));
    const out = appliedAll(fix, 'sam-json-secret');
    assert.ok(out['template.yaml'].includes('          DB_CREDENTIALS_SECRET_ID: reports/db-credentials\n'));
    assert.ok(out['template.yaml'].includes(`                - secretsmanager:GetSecretValue
              Resource: !Sub 'arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:reports/db-credentials-??????'`), out['template.yaml']);
    assert.ok(out['src/reports.mjs'].includes('JSON.parse((await getDbCredentials()))'));
    assert.ok(out['src/reports.mjs'].includes('new GetSecretValueCommand({ SecretId: process.env.DB_CREDENTIALS_SECRET_ID })'));
    assert.equal(fix.afterApply?.copyText, `aws secretsmanager create-secret --name 'reports/db-credentials' --secret-string '{"username":"reports","password":"Vq8#Lm2$Tz7!Rw4"}'`);
  });

  it('a role from outside the template (an ARN): not offered, the Secrets Manager reference is', () => {
    const f = finding('sam-external-role', 'template.yaml');
    assert.ok(f.fixes.every((x) => !x.title.includes('SSM Parameter Store')), f.fixes.map((x) => x.title).join(' | '));
    assert.match(preferredFix(f).title, /^Move to Secrets Manager: /);
  });

  for (const dir of ['sam-js', 'sam-py-policies', 'sam-role-py', 'sam-json-secret', 'cfn-json', 'sam-external-role']) {
    it(`${dir}: every fix offered keeps the fix rules (finding gone, nothing new at warning/error in any file, files parse)`, async () => {
      const r = await checkFixes(`${ROOT}/${dir}`, factory);
      assert.deepEqual(r.violations, []);
      assert.ok((r.stats.get('secret-in-config')?.fixesApplied ?? 0) > 0);
    });
  }
});

// Issue 13 (Secrets), recall3: a generic environment name (VARIABLE_1) says nothing about its value,
// whatever the value reads like; a signing-key name (JWT_SECRET, SESSION_SECRET) does, even for a
// word-like value. Written before secrets/generic.ts signingKeyName.
run(rule, {
  valid: [
    {
      name: 'a generic variable name with a password-looking value, a secret name, a client secret slug',
      file: 'serverless.yml',
      code: sls('    VARIABLE_1: supersecret99\n    JWT_SECRET_NAME: orders/jwt\n    CLIENT_SECRET: orders-client\n    SESSION_KEY: user_session'),
    },
  ],
  invalid: [
    {
      name: 'JWT and session secrets that read like words, in serverless.yml and SAM environments',
      file: 'serverless.yml',
      code: sls('    JWT_SECRET: mysecret\n    SESSION_SECRET: orders-app'),
      errors: [
        { text: 'mysecret', line: 6, message: /environment variable JWT_SECRET/ },
        { text: 'orders-app', line: 7, message: /environment variable SESSION_SECRET/ },
      ],
    },
    {
      name: 'SAM: a cookie secret that reads like words',
      file: 'template.yaml',
      code: sam('          COOKIE_SECRET: Tern-Shelf-1'),
      errors: [{ text: 'Tern-Shelf-1', line: 10 }],
    },
  ],
});

// Issue 13 (Secrets), recall3: `${env:X}` of a serverless.yml that loads `.env` (useDotenv: true, or
// the serverless-dotenv-plugin) resolves to the `.env` line in the project — a committed `.env` is a
// hardcoded secret that the reference brings into the function. Written before chains.ts dotenv.
const dotenvSls = (head: string, env: string) => `service: orders
${head}provider:
  name: aws
  runtime: nodejs20.x
  environment:
${env}
functions:
  create:
    handler: src/create.handler
`;

run(rule, {
  valid: [
    {
      name: 'no useDotenv: ${env:X} is the deploying shell, not the .env file; a neutral name; a placeholder and a reference in .env; a missing key',
      file: 'serverless.yml',
      code: dotenvSls('', '    DB_PASSWORD: ${env:DB_PASSWORD}'),
      files: { '.env': 'DB_PASSWORD=Corp-2024\n' },
    },
    {
      name: 'useDotenv with harmless values',
      file: 'serverless.yml',
      code: dotenvSls('useDotenv: true\n', '    REGION_NAME: ${env:REGION_NAME}\n    API_TOKEN: ${env:API_TOKEN}\n    DB_PASSWORD: ${env:DB_PASSWORD}\n    ADMIN_PASSWORD: ${env:MISSING}'),
      files: { '.env': '# local\nREGION_NAME=eu-west-1\nAPI_TOKEN=<your-token>\nDB_PASSWORD=\n' },
    },
  ],
  invalid: [
    {
      name: 'useDotenv: true, the value on an export line with quotes and a comment',
      file: 'serverless.yml',
      code: dotenvSls('useDotenv: true\n', '    DB_PASSWORD: ${env:DB_PASSWORD}\n    REGION_NAME: ${env:REGION_NAME}'),
      files: { '.env': '# local settings\nREGION_NAME=eu-west-1\nexport DB_PASSWORD="Corp-2024" # do not commit\n' },
      errors: [{ text: '${env:DB_PASSWORD}', line: 7, message: /in \.env \(key DB_PASSWORD\), which this reference brings into environment variable DB_PASSWORD/ }],
    },
    {
      name: 'serverless-dotenv-plugin: a JWT secret that reads like a word',
      file: 'serverless.yml',
      code: dotenvSls('plugins:\n  - serverless-dotenv-plugin\n', '    JWT_SECRET: ${env:JWT_SECRET}'),
      files: { '.env': 'JWT_SECRET=mysecret\n' },
      errors: [{ text: '${env:JWT_SECRET}', line: 8 }],
    },
  ],
});

describe('secret-in-config ${env:X} from .env: related information', () => {
  it('points at the value in .env', () => {
    const code = dotenvSls('useDotenv: true\n', '    DB_PASSWORD: ${env:DB_PASSWORD}');
    const env = 'REGION_NAME=eu-west-1\nDB_PASSWORD=\'Corp-2024\'\n';
    const fs = ruleFindings(rule, { file: 'serverless.yml', code, files: { '.env': env } });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].related![0].file.endsWith('/.env'), true);
    assert.equal(env.slice(fs[0].related![0].range.start, fs[0].related![0].range.end), 'Corp-2024');
  });
});
