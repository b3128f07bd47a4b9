/**
 * Cross-function links: which resource a name or ARN in the config denotes. Both ends of a link go
 * through here — the trigger (`arn: ${self:custom.streamArn}`, `Bucket: !Ref Uploads`) and the
 * writer's resource (an environment variable holding `!Sub '${AWS::StackName}-orders'`, a literal
 * name) — so that equal names meet.
 *
 * A value becomes a *name template*: literal text with `${…}` placeholders for what is only known
 * at deploy time (`${AWS::StackName}`, `${AWS::Region}`, a parameter). `!Ref X` / `!GetAtt X.Arn`
 * become `${X}` / `${X.Arn}`; `!Sub` substitutes its variable map; `!Join` joins its parts;
 * serverless `${self:…}`, `${sls:stage}`, `${param:…}` are resolved within the file. Two templates
 * that are equal name the same resource (the same unknowns on both sides).
 *
 * The result is a resource of this file (its logical id: directly, or through its name property),
 * a name the app creates (serverless `s3: bucketName`), or a resource defined outside the app
 * (`${cf:stack.Output}`, `!ImportValue`): writable by whoever that stack allows.
 */
import { get, getPath, intrinsicArg, intrinsicName, isMap, isScalar, isSeq, stringValue, type YNode } from '../yaml/ast';
import type { ConfigModel } from './types';
import { findVariables, resolveWholeVariable } from './variables';

export type NameService = 'dynamodb' | 's3' | 'sqs' | 'sns' | 'kinesis' | 'states' | 'events' | 'lambda';

/** CloudFormation types per service, with the property that names the resource. */
const TYPES: Record<NameService, { types: string[]; nameProp: string }> = {
  dynamodb: { types: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::Serverless::SimpleTable'], nameProp: 'TableName' },
  s3: { types: ['AWS::S3::Bucket'], nameProp: 'BucketName' },
  sqs: { types: ['AWS::SQS::Queue'], nameProp: 'QueueName' },
  sns: { types: ['AWS::SNS::Topic'], nameProp: 'TopicName' },
  kinesis: { types: ['AWS::Kinesis::Stream'], nameProp: 'Name' },
  states: { types: ['AWS::StepFunctions::StateMachine', 'AWS::Serverless::StateMachine'], nameProp: 'StateMachineName' },
  events: { types: ['AWS::Events::EventBus'], nameProp: 'Name' },
  lambda: { types: ['AWS::Lambda::Function', 'AWS::Serverless::Function'], nameProp: 'FunctionName' },
};

export interface NameTarget {
  /** A resource of this file. */
  resourceId?: string;
  /** The name template, when no resource of this file has it. */
  name?: string;
  /** Defined outside this app: what names it (`${cf:storage.UploadsBucket}`, `!ImportValue X`). */
  outside?: string;
}

interface Template {
  text: string;
  /** Names another stack's output or an import. */
  outside?: string;
}

/** The name template of a config value (see the module comment), or undefined when it has no string form. */
export function nameTemplate(model: ConfigModel, n: YNode | null | undefined, depth = 0): Template | undefined {
  if (n == null || depth > 10) return undefined;
  if (isScalar(n)) {
    if (n.value === null) return undefined;
    const s = String(n.value);
    return model.kind === 'serverless' ? slsTemplate(model, s, depth) : { text: s };
  }
  const fn = intrinsicName(n);
  const arg = intrinsicArg(n);
  if (fn === 'Ref') {
    const id = stringValue(arg);
    return id ? { text: '${' + id + '}' } : undefined;
  }
  if (fn === 'Fn::GetAtt') {
    const parts = isSeq(arg) ? arg.items.map((x) => stringValue(x) ?? '') : (stringValue(arg) ?? '').split('.');
    return parts[0] ? { text: '${' + parts.join('.') + '}' } : undefined;
  }
  if (fn === 'Fn::ImportValue') {
    const inner = nameTemplate(model, arg, depth + 1);
    return { text: `import:${inner?.text ?? '?'}`, outside: `!ImportValue ${inner?.text ?? ''}`.trim() };
  }
  if (fn === 'Fn::Sub') {
    const tpl = isSeq(arg) ? stringValue(arg.items[0]) : stringValue(arg);
    if (tpl === undefined) return undefined;
    const vars = isSeq(arg) && isMap(arg.items[1]) ? arg.items[1] : undefined;
    let outside: string | undefined;
    let out = '';
    let i = 0;
    while (i < tpl.length) {
      const j = tpl.indexOf('${', i);
      if (j < 0) { out += tpl.slice(i); break; }
      const k = tpl.indexOf('}', j);
      if (k < 0) { out += tpl.slice(i); break; }
      out += tpl.slice(i, j);
      const name = tpl.slice(j + 2, k);
      if (name.startsWith('!')) out += '${' + name.slice(1) + '}'; // `${!Literal}`
      else {
        const v = vars ? get(vars, name) : undefined;
        const t = v != null ? nameTemplate(model, v, depth + 1) : undefined;
        if (t) { out += t.text; outside ??= t.outside; }
        else out += '${' + name + '}';
      }
      i = k + 1;
    }
    return { text: out, outside };
  }
  if (fn === 'Fn::Join' && isSeq(arg) && arg.items.length === 2 && isSeq(arg.items[1])) {
    const sep = stringValue(arg.items[0]) ?? '';
    const parts = arg.items[1].items.map((x) => nameTemplate(model, x, depth + 1));
    if (parts.some((p) => !p)) return undefined;
    return { text: parts.map((p) => p!.text).join(sep), outside: parts.find((p) => p!.outside)?.outside };
  }
  return undefined;
}

/** A serverless string with `${…}` variables: in-file ones resolved, `${cf:…}` marks another stack's output. */
function slsTemplate(model: ConfigModel, s: string, depth: number): Template {
  const vars = findVariables(s);
  if (!vars.length) return { text: s };
  const env = { root: model.root, stage: stageOf(model) };
  let out = '';
  let outside: string | undefined;
  let at = 0;
  for (const v of vars) {
    out += s.slice(at, v.start);
    at = v.end;
    const whole = s.slice(v.start, v.end);
    if (v.source === 'cf' || v.source.startsWith('cf(')) {
      out += whole;
      outside ??= whole;
      continue;
    }
    const r = resolveWholeVariable(whole, env);
    if (typeof r === 'string') out += r;
    else if (r && !(isScalar(r) && r.value === s)) {
      const t = nameTemplate(model, r, depth + 1);
      if (t) { out += t.text; outside ??= t.outside; }
      else out += whole;
    } else out += whole;
  }
  out += s.slice(at);
  return { text: out, outside };
}

function stageOf(model: ConfigModel): string {
  const s = stringValue(getPath(model.root, 'provider.stage'));
  if (!s) return 'dev';
  if (!s.includes('${')) return s;
  const r = resolveWholeVariable(s, { root: model.root, stage: 'dev' });
  return typeof r === 'string' ? r : stringValue(r as YNode) ?? 'dev';
}

/**
 * The resource name inside an ARN or URL template: `arn:aws:s3:::b/*` → `b`,
 * `arn:…:table/T/stream/…` → `T`, `arn:…:sqs:r:a:Q` → `Q`, `https://sqs…/acct/Q` → `Q`,
 * `arn:…:states:r:a:stateMachine:M` → `M`; other text is returned as it is.
 */
export function nameInArn(text: string): string {
  if (text.startsWith('https://') && text.includes('sqs')) return text.slice(text.lastIndexOf('/') + 1);
  if (!text.startsWith('arn:')) return text;
  const parts = splitOutside(text, ':');
  if (parts.length < 6) return text;
  let res = parts.slice(5).join(':');
  for (const p of ['table/', 'stream/', 'stateMachine:', 'function:', 'event-bus/']) if (res.startsWith(p)) { res = res.slice(p.length); break; }
  const slash = splitOutside(res, '/')[0];
  return splitOutside(slash, ':')[0];
}

/** Split on a separator outside `${…}` placeholders (`${AWS::Region}` holds colons). */
function splitOutside(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '$' && s[i + 1] === '{') { depth++; cur += '${'; i++; continue; }
    if (s[i] === '}' && depth > 0) { depth--; cur += '}'; continue; }
    if (s[i] === sep && depth === 0) { out.push(cur); cur = ''; continue; }
    cur += s[i];
  }
  out.push(cur);
  return out;
}

/** `${X}` / `${X.Arn}` / `${X.StreamArn}` naming a resource of this file → X. */
function placeholderResource(model: ConfigModel, text: string): string | undefined {
  if (!text.startsWith('${') || !text.endsWith('}') || text.indexOf('${', 2) >= 0) return undefined;
  const id = text.slice(2, -1).split('.')[0];
  return model.resources.some((r) => r.id === id) ? id : undefined;
}

const nameMemo = new WeakMap<ConfigModel, Map<NameService, Map<string, string[]>>>();

/** Resources of the service by the template of their name property (memoised per model). */
function byName(model: ConfigModel, service: NameService): Map<string, string[]> {
  let m = nameMemo.get(model);
  if (!m) nameMemo.set(model, (m = new Map()));
  let byService = m.get(service);
  if (!byService) {
    byService = new Map();
    for (const r of model.resources) {
      if (!TYPES[service].types.includes(r.type)) continue;
      const t = nameTemplate(model, get(r.properties, TYPES[service].nameProp));
      if (!t) continue;
      const l = byService.get(t.text) ?? [];
      l.push(r.id);
      byService.set(t.text, l);
    }
    m.set(service, byService);
  }
  return byService;
}

/** The resource a config value names (see the module comment). */
export function resolveName(model: ConfigModel, n: YNode | null | undefined, service?: NameService): NameTarget | undefined {
  const t = nameTemplate(model, n);
  if (!t) return undefined;
  return resolveTemplate(model, t.text, service, t.outside);
}

/** The resource a literal (code) name or a name template denotes. */
export function resolveTemplate(model: ConfigModel, text: string, service?: NameService, outside?: string): NameTarget {
  const whole = placeholderResource(model, text);
  if (whole) return { resourceId: whole };
  const name = nameInArn(text);
  const inner = placeholderResource(model, name);
  if (inner) return { resourceId: inner };
  if (outside) return { name, outside };
  const services = service ? [service] : (Object.keys(TYPES) as NameService[]);
  for (const s of services) {
    const ids = byName(model, s).get(name);
    if (ids?.length === 1) return { resourceId: ids[0] };
  }
  return { name };
}
