/**
 * The handler file of the shared-secret Lambda authorizer the webhook auth fix adds (serverless
 * REST `http` and HTTP API `httpApi`): it lets a request through only when its `X-Webhook-Token`
 * header equals the secret in `WEBHOOK_TOKEN` (compared in constant time), and answers in the
 * format of the API that calls it (an IAM policy for REST, `{isAuthorized}` simple responses for
 * HTTP APIs). The header is the authorizer's identity source, so API Gateway rejects a request
 * without it (401) before the authorizer runs.
 */

export const TOKEN_HEADER = 'X-Webhook-Token';
export const TOKEN_ENV = 'WEBHOOK_TOKEN';

export type AuthorizerLang = 'cjs' | 'esm' | 'ts' | 'py';

export function authorizerExt(lang: AuthorizerLang): string {
  return lang === 'py' ? '.py' : lang === 'ts' ? '.ts' : lang === 'esm' ? '.mjs' : '.js';
}

const JS_BODY = (label: string) => `// Lambda authorizer for ${label}: lets a request through only when its ${TOKEN_HEADER} header
// equals the shared secret in ${TOKEN_ENV}. Configure the webhook sender to send that header.

function sameSecret(given, expected) {
  if (typeof given !== 'string' || !expected) return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

`;

const JS_HANDLER = (exp: string, ts: boolean) => `${exp} async (event${ts ? ': any' : ''}) => {
  const headers = event.headers || {};
  const given = headers['${TOKEN_HEADER.toLowerCase()}'] ?? headers['${TOKEN_HEADER}'];
  const ok = sameSecret(given, process.env.${TOKEN_ENV});
  // HTTP API (payload 2.0, simple responses)
  if (event.routeArn) return { isAuthorized: ok };
  // REST API (REQUEST authorizer)
  return {
    principalId: 'webhook',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: ok ? 'Allow' : 'Deny', Resource: event.methodArn }],
    },
  };
};
`;

export function authorizerSource(lang: AuthorizerLang, label: string): string {
  if (lang === 'py') {
    return `"""Lambda authorizer for ${label}: lets a request through only when its ${TOKEN_HEADER} header
equals the shared secret in ${TOKEN_ENV}. Configure the webhook sender to send that header."""
import hmac
import os


def handler(event, context):
    headers = {str(k).lower(): v for k, v in (event.get('headers') or {}).items()}
    given = headers.get('${TOKEN_HEADER.toLowerCase()}') or ''
    expected = os.environ.get('${TOKEN_ENV}', '')
    ok = bool(expected) and hmac.compare_digest(given.encode(), expected.encode())
    # HTTP API (payload 2.0, simple responses)
    if 'routeArn' in event:
        return {'isAuthorized': ok}
    # REST API (REQUEST authorizer)
    return {
        'principalId': 'webhook',
        'policyDocument': {
            'Version': '2012-10-17',
            'Statement': [{'Action': 'execute-api:Invoke', 'Effect': 'Allow' if ok else 'Deny', 'Resource': event['methodArn']}],
        },
    }
`;
  }
  if (lang === 'cjs') return `const crypto = require('node:crypto');\n\n${JS_BODY(label)}${JS_HANDLER('exports.handler =', false)}`;
  const body = JS_BODY(label).replace('function sameSecret(given, expected)', lang === 'ts' ? 'function sameSecret(given: unknown, expected: string | undefined): boolean' : 'function sameSecret(given, expected)');
  return `import * as crypto from 'node:crypto';\n\n${body}${JS_HANDLER('export const handler =', lang === 'ts')}`;
}
