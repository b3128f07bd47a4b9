/**
 * Which SDK a module member is: AWS SDK for JavaScript v2 (`aws-sdk`, `aws-sdk/clients/*`) and v3
 * (`@aws-sdk/client-*`, lib-dynamodb, lib-storage, presigned POST), Powertools parameter helpers,
 * and the boto3 factories (`boto3.client`, `boto3.resource`, `boto3.Session`).
 */
import { LIB_DYNAMODB_COMMANDS, iamServiceFor, v2ClientModuleService, v3ClientPackageService } from './services';
import { POWERTOOLS_JS, POWERTOOLS_PY } from './data/powertools';
import { isPascal } from './sdk-syntax';

export function isSdkSpec(spec: string): boolean {
  return spec === 'aws-sdk' || spec.startsWith('aws-sdk/') || spec.startsWith('@aws-sdk/') || spec === 'boto3' || spec.startsWith('boto3.') || spec === 'botocore' || spec.startsWith('botocore.') ||
    spec.startsWith('@aws-lambda-powertools/') || spec.startsWith('aws_lambda_powertools') || spec === 'aws-xray-sdk' || spec === 'aws-xray-sdk-core' || spec === 'aws_xray_sdk' || spec.startsWith('aws_xray_sdk.');
}

export type ExtClass =
  | { kind: 'v2ns' }
  | { kind: 'v2class'; svc: string; doc?: boolean }
  | { kind: 'v3client'; svc: string; agg: boolean; doc?: boolean }
  | { kind: 'command'; svc: string; op: string }
  | { kind: 'paginator'; svc: string; op: string }
  | { kind: 'waiter' }
  | { kind: 'upload'; v2?: boolean }
  | { kind: 'presignedPost' }
  | { kind: 'powertools'; actions: readonly string[] }
  | { kind: 'dyn'; why: string };

export function powertoolsPy(spec: string, path: readonly string[]): readonly string[] | undefined {
  const full = [spec, ...path].join('.');
  const prefix = 'aws_lambda_powertools.utilities.parameters.';
  if (!full.startsWith(prefix)) return undefined;
  const rest = full.slice(prefix.length).split('.');
  return POWERTOOLS_PY[rest[rest.length - 1]];
}

/** What an external module member is, for the SDKs we model. */
export function classifyExt(v: { spec: string; path: string[] }): ExtClass | undefined {
  const { spec } = v;
  let path = v.path;
  if (spec === 'aws-sdk' || spec === 'aws-sdk/global') {
    if (path[0] === 'default') path = path.slice(1);
    if (path.length === 0) return { kind: 'v2ns' };
    const svc = iamServiceFor(path[0]);
    if (!svc || !isPascal(path[0])) return undefined;
    if (path.length === 1) return { kind: 'v2class', svc };
    if (path.length === 2 && path[1] === 'DocumentClient' && svc === 'dynamodb') return { kind: 'v2class', svc, doc: true };
    // `new AWS.RDS.Signer(…).getAuthToken()`: an RDS operation for the IAM mapping (data/operation-actions.ts GetAuthToken → rds-db:connect)
    if (path.length === 2 && path[1] === 'Signer' && svc === 'rds') return { kind: 'v2class', svc };
    // `new AWS.S3.ManagedUpload({ params })`: v2's managed (multipart) upload, as lib-storage's `Upload`.
    if (path.length === 2 && path[1] === 'ManagedUpload' && svc === 's3') return { kind: 'upload', v2: true };
    return undefined;
  }
  const v2svc = v2ClientModuleService(spec);
  if (v2svc) {
    if (path[0] === 'default') path = path.slice(1);
    if (path.length === 0) return { kind: 'v2class', svc: v2svc };
    if (path.length === 1 && path[0] === 'DocumentClient' && v2svc === 'dynamodb') return { kind: 'v2class', svc: v2svc, doc: true };
    if (path.length === 1 && path[0] === 'ManagedUpload' && v2svc === 's3') return { kind: 'upload', v2: true };
    return undefined;
  }
  if (spec === '@aws-sdk/lib-dynamodb') {
    if (path.length === 1 || (path.length === 2 && path[1] === 'from')) {
      const n = path[0];
      if (n === 'DynamoDBDocumentClient') return { kind: 'v3client', svc: 'dynamodb', agg: false, doc: true };
      if (n === 'DynamoDBDocument') return { kind: 'v3client', svc: 'dynamodb', agg: true, doc: true };
      if (path.length === 2) return undefined;
      if (n.endsWith('Command')) {
        const op = LIB_DYNAMODB_COMMANDS[n.slice(0, -'Command'.length)];
        return op ? { kind: 'command', svc: 'dynamodb', op } : undefined;
      }
      if (n.startsWith('paginate')) {
        const op = n.slice('paginate'.length);
        return { kind: 'paginator', svc: 'dynamodb', op };
      }
    }
    return undefined;
  }
  if (spec === '@aws-sdk/lib-storage') return path.length === 1 && path[0] === 'Upload' ? { kind: 'upload' } : undefined;
  if (spec === '@aws-sdk/s3-presigned-post') return path.length === 1 && path[0] === 'createPresignedPost' ? { kind: 'presignedPost' } : undefined;
  if (spec.startsWith('@aws-lambda-powertools/parameters')) {
    const sub = spec.slice('@aws-lambda-powertools/parameters'.length).replace(/^\//, '');
    const fn = path[path.length - 1];
    const table = POWERTOOLS_JS[sub];
    const acts = table?.[fn];
    return acts && path.length === 1 ? { kind: 'powertools', actions: acts } : undefined;
  }
  const svc = v3ClientPackageService(spec);
  if (svc) {
    if (path.length !== 1) return undefined;
    const n = path[0];
    if (n.endsWith('Command') && n.length > 'Command'.length) return { kind: 'command', svc, op: n.slice(0, -'Command'.length) };
    if (n.endsWith('Client')) return { kind: 'v3client', svc, agg: false };
    if (n.startsWith('paginate') && n.length > 8) return { kind: 'paginator', svc, op: n.slice('paginate'.length) };
    if (n.startsWith('waitUntil') || n.startsWith('waitFor')) return { kind: 'waiter' };
    if (isPascal(n) && iamServiceFor(n) === svc && !n.endsWith('Exception')) return { kind: 'v3client', svc, agg: true };
    return undefined;
  }
  return undefined;
}

/** boto3 factory functions: `boto3.client`, `boto3.resource`, `boto3.Session`, `boto3.session.Session`. */
export function boto3Factory(v: { spec: string; path: string[] }): 'client' | 'resource' | 'session' | undefined {
  const full = [v.spec, ...v.path].join('.');
  if (full === 'boto3.client') return 'client';
  if (full === 'boto3.resource') return 'resource';
  if (full === 'boto3.Session' || full === 'boto3.session.Session') return 'session';
  return undefined;
}
