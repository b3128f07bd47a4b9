/**
 * The fix for AWS access keys written into an SDK client's options: delete the explicit credentials
 * so the SDK's default chain finds them (in Lambda: the execution role's temporary credentials,
 * which come with `AWS_SESSION_TOKEN`; replacing the literals with `process.env.AWS_ACCESS_KEY_ID` /
 * `AWS_SECRET_ACCESS_KEY` would drop the session token and make every call fail).
 *
 * Recognised on the syntax tree (data below, no text patterns):
 *  - JS (SDK v2 and v3): `new AWS.SQS({ accessKeyId: '…', secretAccessKey: '…', region })`,
 *    `new S3Client({ credentials: { accessKeyId, secretAccessKey } })`,
 *    `{ credentials: new AWS.Credentials('AKIA…', '…') }`, `AWS.config.update({ accessKeyId, … })`,
 *    `AWS.config.credentials = new AWS.Credentials(…)` → the credential properties (or the
 *    `credentials` property / the assignment) are deleted.
 *  - Python (boto3): `boto3.client("sqs", aws_access_key_id="…", aws_secret_access_key="…")`,
 *    `boto3.resource(…)`, `boto3.Session(…)`, `boto3.session.Session(…)`, `session.client(…)` →
 *    the credential keyword arguments are deleted.
 */
import type { SNode } from '../code/syntax';
import type { TextEdit } from '../types';

/** Property names of explicit credentials in AWS SDK for JavaScript options (v2 and v3). */
const JS_CREDENTIAL_PROPS = new Set(['accessKeyId', 'secretAccessKey', 'sessionToken']);
/** Keyword arguments of explicit credentials in boto3 / botocore. */
const PY_CREDENTIAL_KWARGS = new Set(['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token']);
/** Identifiers the AWS SDK v2 is usually bound to (`const AWS = require('aws-sdk')`). */
const JS_V2_NAMESPACES = new Set(['AWS', 'aws', 'AwsSdk', 'awsSdk']);
/** boto3 calls that take credentials: the last name of the callee, and (for a dotted callee) its receiver must end with one of these. */
const PY_CLIENT_CALLS = new Set(['client', 'resource', 'Session']);
const PY_CLIENT_RECEIVERS = ['boto3', 'session', 'Session', 'boto3.session', 'botocore.session'];

export interface CredentialDeletion {
  /** The literals the deletion removes (the key id and the secret of one pair). */
  literals: SNode[];
  edits: TextEdit[];
}

const text = (src: string, n: SNode) => src.slice(n.start, n.end);

function jsKeyName(src: string, pair: SNode): string | undefined {
  const k = pair.children.find((c) => c.field === 'key');
  if (!k) return undefined;
  if (k.type === 'property_identifier' || k.type === 'identifier') return text(src, k);
  if (k.type === 'string') return text(src, k).slice(1, -1);
  return undefined;
}

/** A v2 `new AWS.X(…)` / v3 `new XClient(…)` / `new AWS.Credentials(…)` constructor, or `AWS.config.update(…)`. */
function jsSdkCall(src: string, call: SNode | null): 'client' | 'credentials' | undefined {
  if (!call) return undefined;
  const callee = call.children.find((c) => c.field === (call.type === 'new_expression' ? 'constructor' : 'function'));
  if (!callee) return undefined;
  if (call.type === 'new_expression') {
    if (callee.type === 'identifier') {
      const n = text(src, callee);
      if (n === 'Credentials') return 'credentials';
      return n.length > 6 && n.endsWith('Client') ? 'client' : undefined;
    }
    if (callee.type === 'member_expression') {
      const obj = callee.children.find((c) => c.field === 'object');
      const prop = callee.children.find((c) => c.field === 'property');
      if (!obj || !prop || !JS_V2_NAMESPACES.has(text(src, obj))) return undefined;
      return text(src, prop) === 'Credentials' ? 'credentials' : 'client';
    }
    return undefined;
  }
  if (call.type === 'call_expression' && callee.type === 'member_expression') {
    const t = text(src, callee);
    for (const ns of JS_V2_NAMESPACES) if (t === `${ns}.config.update`) return 'client';
  }
  return undefined;
}

/** Deletes `targets` (children of a comma-separated list node) with their commas. */
export function deleteListElements(list: SNode, targets: ReadonlySet<SNode>): TextEdit[] {
  const els = list.named ? list.children.filter((c) => c.named && c.type !== 'comment') : [];
  const out: TextEdit[] = [];
  let i = 0;
  while (i < els.length) {
    if (!targets.has(els[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < els.length && targets.has(els[j + 1])) j++;
    if (j + 1 < els.length) out.push({ range: { start: els[i].start, end: els[j + 1].start }, newText: '' });
    else if (i > 0) out.push({ range: { start: els[i - 1].end, end: els[j].end }, newText: '' });
    else {
      // Every element goes: keep the brackets, drop a trailing comma.
      let end = els[j].end;
      const after = list.children.find((c) => c.start >= end && !c.named);
      if (after && after.type === ',') end = after.end;
      out.push({ range: { start: els[i].start, end }, newText: '' });
    }
    i = j + 1;
  }
  return out;
}

/** The literals (string values) among `pairs`' values. */
function literalValues(pairs: SNode[], field: string): SNode[] {
  const out: SNode[] = [];
  for (const p of pairs) {
    const v = p.children.find((c) => c.field === field);
    if (v && (v.type === 'string' || v.type === 'template_string')) out.push(v);
  }
  return out;
}

function jsDeletion(src: string, lit: SNode): CredentialDeletion | undefined {
  let obj: SNode | null = null;
  let viaCredentialsArg: SNode | null = null;
  const p = lit.parent;
  if (p?.type === 'pair' && JS_CREDENTIAL_PROPS.has(jsKeyName(src, p) ?? '')) obj = p.parent;
  else if (p?.type === 'arguments' && jsSdkCall(src, p.parent) === 'credentials') viaCredentialsArg = p.parent;
  if (obj?.type === 'object') {
    const holder = obj.parent?.type === 'arguments' ? obj.parent.parent : null;
    const kind = jsSdkCall(src, holder);
    if (kind === 'credentials') viaCredentialsArg = holder;
    else if (kind === 'client') {
      const pairs = obj.children.filter((c) => c.type === 'pair' && JS_CREDENTIAL_PROPS.has(jsKeyName(src, c) ?? ''));
      return { literals: literalValues(pairs, 'value'), edits: deleteListElements(obj, new Set(pairs)) };
    } else if (obj.parent?.type === 'pair' && jsKeyName(src, obj.parent) === 'credentials') {
      return credentialsProperty(src, obj.parent, obj);
    }
  }
  if (viaCredentialsArg) {
    const up = viaCredentialsArg.parent;
    if (up?.type === 'pair' && jsKeyName(src, up) === 'credentials') return credentialsProperty(src, up, viaCredentialsArg);
    // `AWS.config.credentials = new AWS.Credentials(…);` → the statement goes.
    if (up?.type === 'assignment_expression' && up.parent?.type === 'expression_statement') {
      const left = up.children.find((c) => c.field === 'left');
      const leftText = left ? text(src, left) : '';
      if ([...JS_V2_NAMESPACES].some((ns) => leftText === `${ns}.config.credentials`)) {
        return { literals: literalsIn(viaCredentialsArg), edits: [{ range: { start: up.parent.start, end: lineEnd(src, up.parent.end) }, newText: '' }] };
      }
    }
  }
  return undefined;
}

/** `credentials: {…}` / `credentials: new AWS.Credentials(…)` of a client's options. */
function credentialsProperty(src: string, pair: SNode, value: SNode): CredentialDeletion | undefined {
  const obj = pair.parent;
  if (obj?.type !== 'object') return undefined;
  const holder = obj.parent?.type === 'arguments' ? obj.parent.parent : null;
  if (jsSdkCall(src, holder) !== 'client') return undefined;
  return { literals: literalsIn(value), edits: deleteListElements(obj, new Set([pair])) };
}

function literalsIn(n: SNode): SNode[] {
  const out: SNode[] = [];
  const stack = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.type === 'string' || x.type === 'template_string') out.push(x);
    else stack.push(...x.children);
  }
  return out;
}

/** The end of the line `end` is on, past its line break (whole-line deletions). */
function lineEnd(src: string, end: number): number {
  let e = end;
  while (e < src.length && (src[e] === ' ' || src[e] === '\t' || src[e] === ';')) e++;
  if (src[e] === '\r') e++;
  if (src[e] === '\n') e++;
  return e;
}

function pyDeletion(src: string, lit: SNode): CredentialDeletion | undefined {
  const kw = lit.parent;
  if (kw?.type !== 'keyword_argument') return undefined;
  const name = kw.children.find((c) => c.field === 'name');
  if (!name || !PY_CREDENTIAL_KWARGS.has(text(src, name))) return undefined;
  const args = kw.parent;
  const call = args?.parent;
  if (args?.type !== 'argument_list' || call?.type !== 'call') return undefined;
  const fn = call.children.find((c) => c.field === 'function');
  if (!fn) return undefined;
  let last: string;
  let receiver = '';
  if (fn.type === 'identifier') last = text(src, fn);
  else if (fn.type === 'attribute') {
    const obj = fn.children.find((c) => c.field === 'object');
    const attr = fn.children.find((c) => c.field === 'attribute');
    if (!obj || !attr) return undefined;
    last = text(src, attr);
    receiver = text(src, obj);
  } else return undefined;
  if (!PY_CLIENT_CALLS.has(last)) return undefined;
  if (fn.type === 'identifier' ? last !== 'Session' : !PY_CLIENT_RECEIVERS.some((r) => receiver === r || receiver.endsWith(`_${r}`) || receiver.endsWith(`.${r}`))) return undefined;
  const kws = args.children.filter((c) => {
    if (c.type !== 'keyword_argument') return false;
    const n = c.children.find((x) => x.field === 'name');
    return !!n && PY_CREDENTIAL_KWARGS.has(text(src, n));
  });
  return { literals: literalValues(kws, 'value'), edits: deleteListElements(args, new Set(kws)) };
}

/** The deletion that removes the explicit credentials `lit` belongs to, when it is an SDK client's. */
export function awsCredentialDeletion(src: string, lit: SNode, lang: string): CredentialDeletion | undefined {
  return lang === 'python' ? pyDeletion(src, lit) : jsDeletion(src, lit);
}
