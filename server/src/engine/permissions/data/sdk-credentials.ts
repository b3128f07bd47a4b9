/**
 * Client options that replace the execution role's credentials: a client built with one of them
 * calls AWS as someone else, so what it calls says nothing about the role (`Mod.noteClient` records
 * such clients as `explicit`). Data only, one entry per option with its source.
 */
export const CLIENT_CREDENTIAL_OPTIONS: readonly { lang: 'js' | 'py'; name: string; source: string }[] = [
  { lang: 'js', name: 'credentials', source: 'https://docs.aws.amazon.com/AWSJavaScriptSDK/latest/AWS/Config.html (v2 `credentials`) and https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/setting-credentials-node.html (v3 client `credentials`)' },
  { lang: 'js', name: 'accessKeyId', source: 'https://docs.aws.amazon.com/AWSJavaScriptSDK/latest/AWS/Config.html (v2 constructor option `accessKeyId`)' },
  { lang: 'js', name: 'secretAccessKey', source: 'https://docs.aws.amazon.com/AWSJavaScriptSDK/latest/AWS/Config.html (v2 constructor option `secretAccessKey`)' },
  { lang: 'js', name: 'sessionToken', source: 'https://docs.aws.amazon.com/AWSJavaScriptSDK/latest/AWS/Config.html (v2 constructor option `sessionToken`)' },
  { lang: 'py', name: 'aws_access_key_id', source: 'https://boto3.amazonaws.com/v1/documentation/api/latest/reference/core/session.html (`Session(...)` and `Session.client/resource(...)` keyword)' },
  { lang: 'py', name: 'aws_secret_access_key', source: 'https://boto3.amazonaws.com/v1/documentation/api/latest/reference/core/session.html (`Session(...)` and `Session.client/resource(...)` keyword)' },
  { lang: 'py', name: 'aws_session_token', source: 'https://boto3.amazonaws.com/v1/documentation/api/latest/reference/core/session.html (`Session(...)` and `Session.client/resource(...)` keyword)' },
  { lang: 'py', name: 'botocore_session', source: 'https://boto3.amazonaws.com/v1/documentation/api/latest/reference/core/session.html (`Session(botocore_session=...)`: a botocore session with its own credentials)' },
];

/** JS client options (`new S3({ credentials })`, v2 `{ accessKeyId, secretAccessKey }`), in table order. */
export const JS_CREDENTIAL_OPTIONS: readonly string[] = CLIENT_CREDENTIAL_OPTIONS.filter((o) => o.lang === 'js').map((o) => o.name);
/** boto3 keyword arguments of `client(...)` / `resource(...)` / `Session(...)`. */
export const PY_CREDENTIAL_KWARGS: ReadonlySet<string> = new Set(CLIENT_CREDENTIAL_OPTIONS.filter((o) => o.lang === 'py').map((o) => o.name));
