/**
 * What a construction or a call produces, for the SDK call analysis: SDK clients (`new S3()`, JS v3
 * clients and DocumentClients, `DynamoDBDocumentClient.from(client)`), boto3 clients, resources,
 * sub-resources and sessions (`boto3.client('s3')`, `s3.Bucket(name)`, `session.resource(...)`),
 * wrappers that return the client they are given (X-Ray), environment reads (`os.getenv`,
 * `os.environ.get`), instances of local classes and what local functions return; and which clients
 * are built with explicit credentials rather than the execution role's (`Mod.clientCreds`).
 */
import { child, type SNode } from '../code/syntax';
import { BOTO3_COLLECTION_CHAIN, boto3Returns, boto3SubResource } from './data/boto3-resources';
import { JS_CREDENTIAL_OPTIONS, PY_CREDENTIAL_KWARGS } from './data/sdk-credentials';
import { CLIENT_WRAPPERS, iamServiceFor } from './services';
import { boto3Factory, classifyExt, isSdkSpec } from './sdk-clients';
import type { Mod } from './sdk-module';
import { isPascal } from './sdk-syntax';
import type { ResourceRef } from './sdk-types';
import { addVals, isClientLike, type Val } from './sdk-values';

export function newResult(mod: Mod, ctors: readonly Val[]): Val[] {
  const out: Val[] = [];
  for (const c of ctors) {
    if (c.k === 'ext') {
      const cls = classifyExt(c);
      if (cls?.kind === 'v2class') addVals(out, [{ k: 'client', svc: cls.svc, style: cls.doc ? 'v2doc' : 'v2' }]);
      else if (cls?.kind === 'v3client') addVals(out, [{ k: 'client', svc: cls.svc, style: cls.agg ? (cls.doc ? 'v3doc' : 'v3agg') : 'v3' }]);
      else if (cls?.kind === 'dyn') addVals(out, [{ k: 'dyn', why: cls.why }]);
    } else if (c.k === 'cls') {
      addVals(out, [{ k: 'inst', cls: c.node, mod: c.mod }]);
    } else if (c.k === 'dyn') addVals(out, [c]);
  }
  return out;
}

export function callResult(mod: Mod, callees: readonly Val[], args: SNode[], depth: number): Val[] {
  const out: Val[] = [];
  for (const c of callees) {
    switch (c.k) {
      case 'fn':
        addVals(out, c.mod.returnValues(c.node, depth + 1));
        break;
      case 'cls':
        if (mod.lang === 'py') addVals(out, [{ k: 'inst', cls: c.node, mod: c.mod }]);
        break;
      case 'ext': {
        const last = c.path[c.path.length - 1];
        if (last && CLIENT_WRAPPERS.has(last)) {
          // A wrapper returns what it is given: a client, or the whole SDK (`AWSXRay.captureAWS(require('aws-sdk'))`).
          for (const a of args) addVals(out, mod.ev(argValueNode(mod, a), depth + 1).filter((v) => isClientLike(v) || (v.k === 'ext' && isSdkSpec(v.spec))));
          break;
        }
        if (mod.lang === 'py') {
          if (c.spec === 'os' && c.path.length === 1 && c.path[0] === 'getenv') {
            const s = args[0] ? mod.str(args[0]) : undefined;
            if (s !== undefined) addVals(out, [{ k: 'env', name: s }]);
            break;
          }
          const b = boto3Factory(c);
          if (b) addVals(out, boto3Make(mod, b, args, depth, false));
        } else {
          // `DynamoDBDocumentClient.from(client)` / `DynamoDBDocument.from(client)`
          const cls = classifyExt({ ...c, path: c.path.slice(0, -1) });
          if (last === 'from' && cls?.kind === 'v3client' && cls.doc) addVals(out, [{ k: 'client', svc: 'dynamodb', style: cls.agg ? 'v3doc' : 'v3' }]);
        }
        break;
      }
      case 'method': {
        const r = c.recv;
        if (r.k === 'session' && (c.name === 'client' || c.name === 'resource')) addVals(out, boto3Make(mod, c.name, args, depth, !!r.creds));
        else if (r.k === 'envobj' && c.name === 'get') {
          const s = args[0] ? mod.str(args[0]) : undefined;
          if (s !== undefined) addVals(out, [{ k: 'env', name: s }]);
        } else if (r.k === 'res' && isPascal(c.name)) {
          // sub-resource constructor: `s3.Bucket(name)`, `bucket.Notification()` (type BucketNotification)
          addVals(out, [{ k: 'res', svc: r.svc, type: boto3SubResource(r.svc, r.type, c.name) ?? c.name, resource: r.resource ?? firstResourceArg(mod, args, depth) }]);
        } else if (r.k === 'res' && c.name === 'get_queue_by_name') {
          addVals(out, [{ k: 'res', svc: 'sqs', type: 'Queue', resource: kwResource(mod, args, 'QueueName', depth) }]);
        } else if (r.k === 'res' && !r.type?.startsWith('coll:') && boto3Returns(r.svc, r.type, c.name)) {
          // a method returning a resource: `sqs.create_queue(...)` → Queue, `s3.create_bucket(...)` → Bucket
          addVals(out, [{ k: 'res', svc: r.svc, type: boto3Returns(r.svc, r.type, c.name) }]);
        } else if (r.k === 'res' && r.type?.startsWith('coll:') && BOTO3_COLLECTION_CHAIN.has(c.name)) {
          addVals(out, [r]);
        } else if (r.k === 'ext') {
          addVals(out, callResult(mod, [{ k: 'ext', spec: r.spec, path: [...r.path, c.name] }], args, depth));
        }
        break;
      }
      case 'local': {
        addVals(out, callResult(mod, mod.graph.localValue(c, depth + 1), args, depth + 1));
        break;
      }
      case 'dyn':
        addVals(out, [c]);
        break;
      default:
        break;
    }
  }
  return out;
}

/** Python: `x` or `name=x` → x; JS: the node. */
export function argValueNode(mod: Mod, a: SNode): SNode {
  if (mod.lang === 'py' && a.type === 'keyword_argument') return child(a, 'value') ?? a;
  return a;
}

function boto3Make(mod: Mod, kind: 'client' | 'resource' | 'session', args: SNode[], depth: number, sessionCreds: boolean): Val[] {
  const creds = sessionCreds || pyHasCredentialArgs(mod, args);
  if (kind === 'session') return [creds ? { k: 'session', creds } : { k: 'session' }];
  const nameNode = boto3ServiceNameNode(mod, args);
  if (!nameNode) return [{ k: 'dyn', why: `boto3.${kind}() without a service name` }];
  const names = mod.ev(nameNode, depth + 1).filter((v): v is { k: 'str'; value: string } => v.k === 'str');
  if (names.length === 0) return [{ k: 'dyn', why: `boto3.${kind}() with a computed service name` }];
  const out: Val[] = [];
  for (const n of names) {
    const svc = iamServiceFor(n.value);
    if (!svc) {
      // A service we cannot name in IAM terms: its calls are unknown, not absent.
      addVals(out, [{ k: 'dyn', why: `boto3 service '${n.value}' has no known IAM prefix` }]);
      continue;
    }
    noteClient(mod, svc, creds);
    addVals(out, [kind === 'client' ? { k: 'client', svc, style: 'boto3' } : { k: 'res', svc }]);
  }
  return out;
}

/** The service name argument of `boto3.client(...)` / `session.resource(...)`: the first positional or `service_name=`. */
export function boto3ServiceNameNode(mod: Mod, args: SNode[]): SNode | undefined {
  const pos = args.find((a) => a.type !== 'keyword_argument');
  if (pos) return pos.type === 'list_splat' || pos.type === 'dictionary_splat' ? undefined : pos;
  const kw = args.find((a) => a.type === 'keyword_argument' && child(a, 'name') && mod.t(child(a, 'name')!) === 'service_name');
  return kw ? child(kw, 'value') : undefined;
}

/**
 * `const db = require('./db')` binds the module itself: what it assigns to `module.exports`
 * (a client, an object of helpers) is the receiver of `db.put(…)`.
 */
export function requiredModules(mod: Mod, vals: Val[]): Val[] {
  if (!vals.some((v) => v.k === 'local' && v.name === undefined)) return vals;
  const out: Val[] = [];
  for (const v of vals) {
    if (v.k === 'local' && v.name === undefined) addVals(out, mod.graph.localValue(v, 1));
    else addVals(out, [v]);
  }
  return out;
}

/** Record a client of `svc` built here, with explicit credentials or the default chain. */
export function noteClient(mod: Mod, svc: string, explicit: boolean): void {
  const e = mod.clientCreds.get(svc) ?? { explicit: false, role: false };
  if (explicit) e.explicit = true;
  else e.role = true;
  mod.clientCreds.set(svc, e);
}

/** boto3 `client(..., aws_access_key_id=…)` / `Session(aws_session_token=…)`. */
function pyHasCredentialArgs(mod: Mod, args: SNode[]): boolean {
  return args.some((a) => a.type === 'keyword_argument' && child(a, 'name') !== undefined && child(a, 'name') !== null && PY_CREDENTIAL_KWARGS.has(mod.t(child(a, 'name')!)));
}

/** JS client options with credentials (`{ credentials }`, v2 `{ accessKeyId, secretAccessKey }`), literally or through a binding. */
export function jsHasCredentialOptions(mod: Mod, opts: SNode | undefined): boolean {
  if (!opts) return false;
  const has = (obj: SNode, m: Mod) => JS_CREDENTIAL_OPTIONS.some((k) => m.objPropNode(obj, k) !== undefined);
  if (opts.type === 'object') return has(opts, mod);
  return mod.ev(opts).some((v) => v.k === 'obj' && has(v.node, v.mod));
}

/** Resource name from the first positional argument (`Table(name)`, `Bucket(name)`). */
function firstResourceArg(mod: Mod, args: SNode[], depth: number): ResourceRef | undefined {
  const a = args.find((x) => x.type !== 'keyword_argument');
  return a ? mod.resourceOf(a, depth) : undefined;
}

function kwResource(mod: Mod, args: SNode[], name: string, depth: number): ResourceRef | undefined {
  const kw = args.find((a) => a.type === 'keyword_argument' && child(a, 'name') && mod.t(child(a, 'name')!) === name);
  const v = kw ? child(kw, 'value') : undefined;
  return v ? mod.resourceOf(v, depth) : undefined;
}
