/**
 * Taint sources: which fields of a Lambda event are attacker-controlled for each trigger, and the
 * request objects of frameworks commonly deployed on Lambda (Express behind serverless-http,
 * Flask, Chalice, Powertools event handler).
 */
import type { TriggerKind } from './types';
import { ALL, type Flow, type Schema, type SrcPath, setSrcResolver } from './values';

/** Attacker-controlled event paths per trigger (`[]` = any array index). */
export const TRIGGER_SOURCES: Readonly<Record<TriggerKind, readonly (readonly string[])[]>> = {
  api: [['body'], ['queryStringParameters'], ['multiValueQueryStringParameters'], ['pathParameters'], ['headers'], ['multiValueHeaders'], ['cookies'], ['rawPath'], ['rawQueryString'], ['path']],
  alb: [['body'], ['queryStringParameters'], ['multiValueQueryStringParameters'], ['headers'], ['multiValueHeaders'], ['path']],
  websocket: [['body'], ['queryStringParameters'], ['multiValueQueryStringParameters'], ['headers'], ['multiValueHeaders']],
  s3: [['Records', '[]', 's3', 'object', 'key']],
  sqs: [['Records', '[]', 'body'], ['Records', '[]', 'messageAttributes']],
  sns: [['Records', '[]', 'Sns', 'Message'], ['Records', '[]', 'Sns', 'Subject'], ['Records', '[]', 'Sns', 'MessageAttributes']],
  eventbridge: [['detail']],
  'dynamodb-stream': [['Records', '[]', 'dynamodb', 'NewImage']],
  kinesis: [['Records', '[]', 'kinesis', 'data']],
  cognito: [['request', 'userAttributes'], ['request', 'validationData'], ['request', 'clientMetadata'], ['userName']],
  appsync: [['arguments'], ['source']],
  schedule: [],
  'cfn-custom-resource': [],
  unknown: [[]],
};

/** Set by AWS, never by the caller. */
export const TRUSTED_EVENT_PATHS: readonly (readonly string[])[] = [
  ['requestContext', 'authorizer'],
  ['stageVariables'],
  ['requestContext', 'identity'],
];

/** Event paths below which values can be whole objects (NoSQL operator injection). */
const STRUCTURED_ROOTS: readonly (readonly string[])[] = [
  ['detail'], ['arguments'], ['source'], ['Records', '[]', 'dynamodb', 'NewImage'], ['Records', '[]', 'messageAttributes'],
  ['Records', '[]', 'Sns', 'MessageAttributes'], ['request', 'clientMetadata'], ['request', 'validationData'],
];

const EXPRESS_TAINTED = new Set(['query', 'body', 'params', 'headers', 'cookies', 'signedCookies', 'path', 'url', 'originalUrl', 'hostname', 'host', 'subdomains', 'get', 'header', 'param', 'files', 'file']);
const EXPRESS_STRUCTURED = new Set(['query', 'body', 'params', 'cookies', 'files']);
const FLASK_TAINTED = new Set(['args', 'form', 'values', 'json', 'data', 'files', 'headers', 'cookies', 'view_args', 'path', 'full_path', 'url', 'base_url', 'query_string', 'stream', 'get_json', 'get_data', 'environ', 'input_stream', 'host']);
const FLASK_STRUCTURED = new Set(['json', 'get_json', 'form', 'values']);
const CHALICE_TAINTED = new Set(['query_params', 'json_body', 'raw_body', 'uri_params', 'headers', 'to_dict', 'path']);
const PT_TAINTED = new Set(['body', 'json_body', 'decoded_body', 'query_string_parameters', 'multi_value_query_string_parameters', 'resolved_query_string_parameters', 'path_parameters', 'headers', 'multi_value_headers', 'resolved_headers_field', 'cookies', 'raw_event', 'path', 'get_query_string_value', 'get_header_value', 'get_multi_value_query_string_values', 'raw_path', 'raw_query_string']);

export function normSeg(s: string): string {
  if (s.endsWith('()')) s = s.slice(0, -2);
  if (s === '[]' || s.startsWith('#')) return '[]';
  return s;
}

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    const a = prefix[i];
    const b = path[i];
    if (a === b) continue;
    if (a === '[]' && b === '[]') continue;
    return false;
  }
  return true;
}

export type Classification = 'tainted' | 'contains' | 'clean';

/** Is the event path attacker-controlled for these triggers? */
export function classifyEventPath(rawPath: readonly string[], triggers: readonly TriggerKind[]): Classification {
  const path = rawPath.map(normSeg);
  for (const t of TRUSTED_EVENT_PATHS) if (isPrefix(t, path)) return 'clean';
  let res: Classification = 'clean';
  const trig = triggers.length ? triggers : (['unknown'] as const);
  for (const tk of trig) {
    for (const pat of TRIGGER_SOURCES[tk] ?? []) {
      if (isPrefix(pat, path)) return 'tainted';
      if (isPrefix(path, pat)) res = 'contains';
    }
  }
  return res;
}

export function formatLabel(root: string, path: readonly string[]): string {
  let s = root;
  for (const seg of path) {
    if (seg === '[]') s += '[]';
    else if (seg.startsWith('#')) s += `[${seg.slice(1)}]`;
    else if (seg.endsWith('()')) s += `.${seg}`;
    else if (isIdent(seg)) s += `.${seg}`;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s;
}

function isIdent(s: string): boolean {
  if (!s.length) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || (i > 0 && c >= 48 && c <= 57);
    if (!ok) return false;
  }
  return true;
}

/** Kinds cleared by a root schema along a path; undefined when the path is not constrained. */
function schemaMask(sch: Schema, path: readonly string[]): number {
  let cur: Schema | undefined = sch;
  for (const raw of path) {
    const seg = normSeg(raw);
    if (!cur) return 0;
    if (cur.k === 'unknown') return ALL;
    if (cur.k === 'str') return cur.mask;
    if (cur.k === 'arr') { cur = seg === '[]' ? cur.el : undefined; if (!cur) return 0; continue; }
    const next: Schema | undefined = cur.props.get(seg);
    if (!next) return cur.strict ? ALL : 0;
    cur = next;
  }
  if (!cur) return 0;
  if (cur.k === 'str') return cur.mask;
  if (cur.k === 'unknown') return ALL;
  // a whole object: constrained only if every part is
  return wholeMask(cur);
}

function wholeMask(s: Schema): number {
  if (s.k === 'str') return s.mask;
  if (s.k === 'unknown') return ALL;
  if (s.k === 'arr') return wholeMask(s.el);
  if (!s.strict) return 0;
  let m = ALL;
  for (const p of s.props.values()) m &= wholeMask(p);
  return m;
}

function resolve(sp: SrcPath): Flow[] | undefined {
  const { root } = sp;
  const path = sp.path;
  let cls: Classification = 'clean';
  let json = false;
  const first = path.length ? normSeg(path[0]) : undefined;
  switch (root.kind) {
    case 'event': {
      cls = classifyEventPath(path, root.triggers);
      if (cls !== 'clean') {
        const np = path.map(normSeg);
        json = cls === 'contains' || (np[0] === 'body' && np.length > 1) || STRUCTURED_ROOTS.some((r) => isPrefix(r, np));
      }
      break;
    }
    case 'express': {
      if (first === undefined) { cls = 'contains'; json = true; }
      else if (first === 'apiGateway') {
        // serverless-http: req.apiGateway.event
        if (path.length >= 2 && normSeg(path[1]) === 'event') cls = classifyEventPath(path.slice(2), ['api']);
      } else if (EXPRESS_TAINTED.has(first)) { cls = 'tainted'; json = EXPRESS_STRUCTURED.has(first); }
      break;
    }
    case 'flask': {
      if (first === undefined) { cls = 'contains'; json = true; }
      else if (FLASK_TAINTED.has(first)) { cls = 'tainted'; json = FLASK_STRUCTURED.has(first); }
      break;
    }
    case 'chalice': {
      if (first === undefined) { cls = 'contains'; json = true; }
      else if (CHALICE_TAINTED.has(first)) { cls = 'tainted'; json = first === 'json_body' || first === 'to_dict'; }
      break;
    }
    case 'powertools': {
      if (first === undefined) { cls = 'contains'; json = true; }
      else if (PT_TAINTED.has(first)) { cls = 'tainted'; json = first === 'json_body' || first === 'raw_event'; }
      break;
    }
  }
  if (cls === 'clean') return undefined;
  let cl = 0;
  if (root.sch) cl = schemaMask(root.sch, path);
  if (cl === ALL) return undefined;
  return [{
    src: { label: formatLabel(root.name, path), range: { start: sp.node.start, end: sp.node.end }, file: sp.file },
    cl,
    steps: sp.steps,
    json,
  }];
}

setSrcResolver(resolve);

export function installSourceResolver(): void {
  setSrcResolver(resolve);
}
