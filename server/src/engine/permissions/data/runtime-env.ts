/**
 * Environment variables the Lambda runtime sets in every function, whatever the configuration
 * says: a call guarded by one of them runs. Data only, with its source.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 * (reserved and unreserved runtime environment variables).
 */
export const LAMBDA_RUNTIME_ENV: readonly string[] = [
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
  'AWS_XRAY_CONTEXT_MISSING',
  'AWS_XRAY_DAEMON_ADDRESS',
  'AWS_LAMBDA_DOTNET_PREJIT',
  'LANG',
  'PATH',
  'LD_LIBRARY_PATH',
  'NODE_PATH',
  'PYTHONPATH',
  'GEM_PATH',
  'AWS_LAMBDA_EXEC_WRAPPER',
  'TZ',
];

const SET = new Set(LAMBDA_RUNTIME_ENV);

/** The runtime sets this variable in every function. */
export function isRuntimeEnv(name: string): boolean {
  return SET.has(name);
}
