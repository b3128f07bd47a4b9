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

/** The same authorizer for a route whose caller nobody identified (server-to-server callers). */
export const API_TOKEN_HEADER = 'X-Api-Token';
export const API_TOKEN_ENV = 'API_TOKEN';

/** Which secret header the authorizer checks, and where it reads the secret. */
export interface TokenSpec {
  header: string;
  env: string;
  /** Who is to send the header ("the webhook sender", "each caller"). */
  sender: string;
  /** The principalId a REST authorizer answers with. */
  principal: string;
}

export const WEBHOOK_TOKEN: TokenSpec = { header: TOKEN_HEADER, env: TOKEN_ENV, sender: 'the webhook sender', principal: 'webhook' };
export const API_TOKEN: TokenSpec = { header: API_TOKEN_HEADER, env: API_TOKEN_ENV, sender: 'each caller', principal: 'api-client' };

export type AuthorizerLang = 'cjs' | 'esm' | 'ts' | 'py';

export function authorizerExt(lang: AuthorizerLang): string {
  return lang === 'py' ? '.py' : lang === 'ts' ? '.ts' : lang === 'esm' ? '.mjs' : '.js';
}

const JS_BODY = (label: string, t: TokenSpec) => `// Lambda authorizer for ${label}: lets a request through only when its ${t.header} header
// equals the shared secret in ${t.env}. Configure ${t.sender} to send that header.

function sameSecret(given, expected) {
  if (typeof given !== 'string' || !expected) return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

`;

const JS_HANDLER = (exp: string, ts: boolean, t: TokenSpec) => `${exp} async (event${ts ? ': any' : ''}) => {
  const headers = event.headers || {};
  const given = headers['${t.header.toLowerCase()}'] ?? headers['${t.header}'];
  const ok = sameSecret(given, process.env.${t.env});
  // HTTP API (payload 2.0, simple responses)
  if (event.routeArn) return { isAuthorized: ok };
  // REST API (REQUEST authorizer)
  return {
    principalId: '${t.principal}',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: ok ? 'Allow' : 'Deny', Resource: event.methodArn }],
    },
  };
};
`;

export function authorizerSource(lang: AuthorizerLang, label: string, t: TokenSpec = WEBHOOK_TOKEN): string {
  if (lang === 'py') {
    return `"""Lambda authorizer for ${label}: lets a request through only when its ${t.header} header
equals the shared secret in ${t.env}. Configure ${t.sender} to send that header."""
import hmac
import os


def handler(event, context):
    headers = {str(k).lower(): v for k, v in (event.get('headers') or {}).items()}
    given = headers.get('${t.header.toLowerCase()}') or ''
    expected = os.environ.get('${t.env}', '')
    ok = bool(expected) and hmac.compare_digest(given.encode(), expected.encode())
    # HTTP API (payload 2.0, simple responses)
    if 'routeArn' in event:
        return {'isAuthorized': ok}
    # REST API (REQUEST authorizer)
    return {
        'principalId': '${t.principal}',
        'policyDocument': {
            'Version': '2012-10-17',
            'Statement': [{'Action': 'execute-api:Invoke', 'Effect': 'Allow' if ok else 'Deny', 'Resource': event['methodArn']}],
        },
    }
`;
  }
  if (lang === 'cjs') return `const crypto = require('node:crypto');\n\n${JS_BODY(label, t)}${JS_HANDLER('exports.handler =', false, t)}`;
  const body = JS_BODY(label, t).replace('function sameSecret(given, expected)', lang === 'ts' ? 'function sameSecret(given: unknown, expected: string | undefined): boolean' : 'function sameSecret(given, expected)');
  return `import * as crypto from 'node:crypto';\n\n${body}${JS_HANDLER('export const handler =', lang === 'ts', t)}`;
}
