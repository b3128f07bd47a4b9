import rule from '../../rules/secret-ssm-in-environment';
import { run } from '../helpers/rule-tester';

const sls = (env: string, fnEnv = '', extra = '') => `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  environment:
${env}
functions:
  create:
    handler: src/create.handler
${fnEnv}${extra}`;

const sam = (vars: string, globals = '') => `Transform: AWS::Serverless-2016-10-31
${globals}Resources:
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Environment:
        Variables:
${vars}
`;

run(rule, {
  valid: [
    {
      name: 'plain configuration from SSM, parameter names, literals',
      file: 'serverless.yml',
      code: sls('    TABLE_NAME: ${ssm:/orders/table-name}\n    DB_PASSWORD_PARAM: /orders/db/password\n    STAGE: ${sls:stage}', '', 'custom:\n  datadog:\n    apiKey: ${ssm:/datadog/api-key}\n'),
    },
    {
      name: 'SAM: {{resolve:secretsmanager}} is the prescribed remedy for templates, not reported',
      file: 'template.yaml',
      code: sam('          LOG_LEVEL: INFO', "Globals:\n  Function:\n    Environment:\n      Variables:\n        DB_PASSWORD: '{{resolve:secretsmanager:prod/db:SecretString:password}}'\n"),
    },
    {
      name: 'AWS credential names that are not secrets: an access key ID alone, the region, a literal (secret-in-config judges literals)',
      file: 'serverless.yml',
      code: sls('    MY_AWS_ACCESS_KEY_ID: ${env:AWS_ACCESS_KEY_ID}\n    MY_AWS_REGION: ${env:AWS_REGION}\n    SECRET_KEY_NAME: signing-key\n    AWS_SECRET_KEY_PARAM: /orders/aws-secret'),
    },
    {
      name: 'SAM: plain references and non-secret SSM values',
      file: 'template.yaml',
      code: sam("          DB_PASSWORD: !Ref DBPassword\n          TABLE: '{{resolve:ssm:/orders/table}}'\n          LOG_LEVEL: INFO"),
    },
  ],
  invalid: [
    {
      name: 'the deployer\'s AWS secret access key and session token passed from the shell (${env:}); the access key ID is not reported',
      file: 'serverless.yml',
      code: sls('    STAGE: dev', '    environment:\n      AWS_ACCESS_KEY_ID_prod: ${env:AWS_ACCESS_KEY_ID}\n      AWS_SECRET_ACCESS_KEY_prod: ${env:AWS_SECRET_ACCESS_KEY}\n      SESSION: ${env:AWS_SESSION_TOKEN, \'\'}\n'),
      errors: [
        { text: '${env:AWS_SECRET_ACCESS_KEY}', severity: 'warning', messageId: 'awsCredentials', message: /AWS_SECRET_ACCESS_KEY_prod is set from \$\{env:AWS_SECRET_ACCESS_KEY\}: an AWS secret access key .*execution role/ },
        { text: "${env:AWS_SESSION_TOKEN, ''}", severity: 'warning', message: 'an AWS session token' },
      ],
    },
    {
      name: 'SAM: a secret access key from a template parameter (camelCase name)',
      file: 'template.yaml',
      code: sam('          awsSecretAccessKey: !Ref DeployerSecretKey'),
      errors: [{ text: '!Ref DeployerSecretKey', severity: 'warning', messageId: 'awsCredentials', message: 'is set from !Ref DeployerSecretKey' }],
    },
    {
      name: 'secret-named variable from ${ssm:}: the fix passes the parameter name',
      file: 'serverless.yml',
      code: sls('    DB_PASSWORD: ${ssm:/orders/db/password}'),
      errors: [{ text: '${ssm:/orders/db/password}', severity: 'info', message: /DB_PASSWORD \(provider.environment: every function\) is set from \$\{ssm:\/orders\/db\/password\}.*plaintext.*DB_PASSWORD_PARAM: \/orders\/db\/password/ }],
      fixes: [{ title: 'DB_PASSWORD_PARAM: /orders/db/password', output: sls('    DB_PASSWORD_PARAM: /orders/db/password') }],
    },
    {
      name: 'secret-named path under a neutral name; Secrets Manager reference; v1 ~true suffix',
      file: 'serverless.yml',
      code: sls('    STAGE: dev', '    environment:\n      PARTNER: ${ssm:/orders/partner/api-key~true}\n      STRIPE: ${ssm:/aws/reference/secretsmanager/prod/stripe}\n'),
      errors: [
        { text: '${ssm:/orders/partner/api-key~true}', message: 'PARTNER is set from' },
        { text: '${ssm:/aws/reference/secretsmanager/prod/stripe}', message: 'secretsmanager:GetSecretValue' },
      ],
      fixes: [
        { finding: 0, title: 'PARTNER_PARAM: /orders/partner/api-key', output: sls('    STAGE: dev', '    environment:\n      PARTNER_PARAM: /orders/partner/api-key\n      STRIPE: ${ssm:/aws/reference/secretsmanager/prod/stripe}\n') },
      ],
    },
    {
      name: 'embedded in a URL: reported, no fix; via ${self:custom.x}',
      file: 'serverless.yml',
      code: sls('    REPLICA_URL: postgres://orders:${ssm:/orders/db/password}@replica.internal:5432/orders', '    environment:\n      API_TOKEN: ${self:custom.token}\n', 'custom:\n  token: ${ssm:/orders/token}\n'),
      errors: [
        { text: 'postgres://orders:${ssm:/orders/db/password}@replica.internal:5432/orders', message: 'build REPLICA_URL in code' },
        { text: '${self:custom.token}', message: 'via ${self:custom.token}' },
      ],
      fixes: [{ finding: 1, title: 'API_TOKEN_PARAM: /orders/token', output: sls('    REPLICA_URL: postgres://orders:${ssm:/orders/db/password}@replica.internal:5432/orders', '    environment:\n      API_TOKEN_PARAM: /orders/token\n', 'custom:\n  token: ${ssm:/orders/token}\n') }],
    },
    {
      name: 'CloudFormation JSON',
      file: 'stack.json',
      code: `{
  "Resources": {
    "Fn": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Environment": { "Variables": { "API_KEY": "{{resolve:ssm:/prod/api-key}}" } }
      }
    }
  }
}
`,
      errors: [{ text: '"{{resolve:ssm:/prod/api-key}}"' }],
      fixes: [{ title: 'API_KEY_PARAM', output: `{
  "Resources": {
    "Fn": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Environment": { "Variables": { "API_KEY_PARAM": "/prod/api-key" } }
      }
    }
  }
}
` }],
    },
  ],
});
