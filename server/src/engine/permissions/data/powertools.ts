/**
 * Powertools for AWS Lambda parameter helpers → the IAM actions they call with the function's role.
 * Source: https://docs.powertools.aws.dev/lambda/typescript/latest/features/parameters/#iam-permissions
 * (TypeScript, by sub-module and function) and
 * https://docs.powertools.aws.dev/lambda/python/latest/utilities/parameters/#iam-permissions (Python).
 */

export const POWERTOOLS_JS: Record<string, Record<string, readonly string[]>> = {
  ssm: { getParameter: ['ssm:GetParameter'], getParameters: ['ssm:GetParametersByPath'], getParametersByName: ['ssm:GetParameters'], setParameter: ['ssm:PutParameter'] },
  secrets: { getSecret: ['secretsmanager:GetSecretValue'] },
  appconfig: { getAppConfig: ['appconfig:StartConfigurationSession', 'appconfig:GetLatestConfiguration'] },
};

export const POWERTOOLS_PY: Record<string, readonly string[]> = {
  get_parameter: ['ssm:GetParameter'],
  get_parameters: ['ssm:GetParametersByPath'],
  get_parameters_by_name: ['ssm:GetParameters'],
  set_parameter: ['ssm:PutParameter'],
  get_secret: ['secretsmanager:GetSecretValue'],
  get_secrets_by_name: ['secretsmanager:BatchGetSecretValue'],
  set_secret: ['secretsmanager:PutSecretValue'],
  get_app_config: ['appconfig:StartConfigurationSession', 'appconfig:GetLatestConfiguration'],
};

