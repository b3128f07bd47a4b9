/**
 * The handler file of the shared-secret Lambda authorizer the webhook auth fix adds (serverless
 * REST `http` and HTTP API `httpApi`): it lets a request through only when its `X-Webhook-Token`
 * header equals the secret in `WEBHOOK_TOKEN` (compared in constant time), and answers in the
 * format of the API that calls it (an IAM policy for REST, `{isAuthorized}` simple responses for
 * HTTP APIs). The header is the authorizer's identity source, so API Gateway rejects a request
 * without it (401) before the authorizer runs.
 *
 * The code is written for the oldest toolchain it may meet (issue 11: the fix must not break the
 * build or the runtime the config declares): no `??`/`?.`, no `node:` specifiers (Node.js before
 * 14.18, webpack 4 and TypeScript before 3.7 reject them), no `unknown` type (TypeScript 3.0), and
 * a callback handler where the runtime has no async handlers (NODE_RUNTIME_FEATURES).
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

/**
 * Since which Node.js Lambda runtime (major.minor) a feature of the generated handler works.
 * - `asyncHandler`: a handler that returns a promise — nodejs8.10, the first runtime on Node.js 8
 *   (https://aws.amazon.com/blogs/compute/node-js-8-10-runtime-now-available-in-aws-lambda/);
 *   before it, only the callback form.
 * - `esmHandler`: an ES module handler file (`.mjs`, or `type: module`) — nodejs14.x
 *   (https://aws.amazon.com/blogs/compute/using-node-js-es-modules-and-top-level-await-in-aws-lambda/).
 */
export const NODE_RUNTIME_FEATURES: Readonly<Record<'asyncHandler' | 'esmHandler', number>> = {
  asyncHandler: 8.1,
  esmHandler: 14,
};

/** `nodejs8.10` → 8.1, `nodejs20.x` → 20; undefined for another or no runtime. */
export function nodeRuntimeVersion(runtime: string | undefined): number | undefined {
  if (!runtime || !runtime.startsWith('nodejs')) return undefined;
  const rest = runtime.slice('nodejs'.length);
  const dot = rest.indexOf('.');
  const major = Number(dot < 0 ? rest : rest.slice(0, dot));
  if (!Number.isInteger(major)) return undefined;
  const minor = dot < 0 ? 0 : Number(rest.slice(dot + 1));
  return Number.isFinite(minor) ? major + minor / 100 : major;
}

/** Whether a declared Node.js runtime has a feature (an undeclared or non-Node runtime: yes). */
export function nodeRuntimeHas(runtime: string | undefined, feature: keyof typeof NODE_RUNTIME_FEATURES): boolean {
  const v = nodeRuntimeVersion(runtime);
  return v === undefined || v >= NODE_RUNTIME_FEATURES[feature];
}

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

const JS_DECIDE = (ts: boolean, t: TokenSpec) => `function decide(event${ts ? ': any' : ''}) {
  const headers = event.headers || {};
  const given = headers['${t.header.toLowerCase()}'] || headers['${t.header}'];
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
}

`;

/** The exported handler: async where the runtime has async handlers, else the callback form. */
const JS_HANDLER = (exp: string, ts: boolean, callback: boolean) =>
  callback
    ? `${exp} function (event${ts ? ': any' : ''}, _context${ts ? ': any' : ''}, callback${ts ? ': any' : ''}) {\n  callback(null, decide(event));\n};\n`
    : `${exp} async (event${ts ? ': any' : ''}) => decide(event);\n`;

/**
 * The authorizer's source. `runtime`: the Node.js runtime the function runs on (its declared
 * runtime or the provider's), for the handler form; the syntax is the oldest-toolchain subset
 * whatever the runtime.
 */
export function authorizerSource(lang: AuthorizerLang, label: string, t: TokenSpec = WEBHOOK_TOKEN, runtime?: string): string {
  const callback = !nodeRuntimeHas(runtime, 'asyncHandler');
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
  if (lang === 'cjs') return `const crypto = require('crypto');\n\n${JS_BODY(label, t)}${JS_DECIDE(false, t)}${JS_HANDLER('exports.handler =', false, callback)}`;
  const ts = lang === 'ts';
  const body = JS_BODY(label, t).replace('function sameSecret(given, expected)', ts ? 'function sameSecret(given: any, expected: string | undefined): boolean' : 'function sameSecret(given, expected)');
  return `import * as crypto from 'crypto';\n\n${body}${JS_DECIDE(ts, t)}${JS_HANDLER('export const handler =', ts, callback)}`;
}

/**
 * Folders that hold build output, not source: a file written there is never compiled and is
 * deleted or overwritten by the next build, so the authorizer is not written into one.
 * - `dist`, `build`, `out`: the usual TypeScript `outDir` / bundler output (`nest build` writes
 *   `dist`, https://docs.nestjs.com/cli/overview; tsc's `outDir`, https://www.typescriptlang.org/tsconfig#outDir).
 * - `.build`: serverless-plugin-typescript (https://github.com/serverless/serverless-plugin-typescript).
 * - `.serverless`: the Serverless Framework's package folder (`serverless package`).
 * - `.aws-sam`: `sam build` (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-cli-command-reference-sam-build.html).
 * - `.webpack`, `.esbuild`: serverless-webpack and serverless-esbuild output.
 * - `cdk.out`: `cdk synth` (assets of the cloud assembly).
 */
export const BUILD_OUTPUT_DIRS: readonly string[] = ['dist', 'build', 'out', '.build', '.serverless', '.aws-sam', '.webpack', '.esbuild', 'cdk.out'];

/**
 * Whether a folder path relative to the config (`dist/handlers`, `./.aws-sam/build/Fn`) lies in
 * build output: its first folder is one of BUILD_OUTPUT_DIRS, or any folder is one of the hidden
 * ones (`../.aws-sam/…`); `src/build/…` is a source folder that happens to be called build.
 */
export function inBuildOutput(rel: string): boolean {
  const segs = rel.split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
  return (segs.length > 0 && BUILD_OUTPUT_DIRS.includes(segs[0])) || segs.some((s) => s.startsWith('.') && BUILD_OUTPUT_DIRS.includes(s));
}
