/**
 * The link between config and code: which file and export each function's handler is, and which
 * triggers (hence which event fields are attacker-controlled) invoke it. Works in both directions:
 * config → handler files, and handler file → the configs (in its ancestor folders) that point to it.
 * Reads files only through the Project; never executes anything.
 */
import type { TriggerKind } from './code/types';
import { get, getPath, intrinsicName, stringValue } from './yaml/ast';
import type { ConfigModel, EventModel, FunctionModel } from './model/types';
import { mentionsLogicalId, referencedLogicalId } from './model/cfn';
import { endpointsOf } from './model/endpoints';
import { dirname, joinPath, type Project } from './project';
import { detach } from './lru';

export interface HandlerRef {
  /** Config file that declares the function. */
  configFile: string;
  fnId: string;
  /** Resolved handler source file (project path). */
  file: string;
  exportName: string;
  triggers: TriggerKind[];
  runtime?: string;
  /**
   * Every event of the function is an API Gateway route whose path is fixed text (no `{param}`,
   * no `{proxy+}`, no catch-all): the request path the handler sees is the deployer's, not the
   * caller's (`fixedRouteOf`).
   */
  fixedRoute?: true;
}

const NODE_EXTS = ['.ts', '.js', '.mjs', '.cjs', '.mts', '.cts', '.tsx', '.jsx'];

const SLS_EVENT_TRIGGERS: Record<string, TriggerKind> = {
  http: 'api',
  httpApi: 'api',
  websocket: 'websocket',
  alb: 'alb',
  s3: 's3',
  existingS3: 's3',
  sqs: 'sqs',
  sns: 'sns',
  eventBridge: 'eventbridge',
  cloudwatchEvent: 'eventbridge',
  schedule: 'schedule',
  cognitoUserPool: 'cognito',
};

const SAM_EVENT_TRIGGERS: Record<string, TriggerKind> = {
  Api: 'api',
  HttpApi: 'api',
  S3: 's3',
  SQS: 'sqs',
  SNS: 'sns',
  DynamoDB: 'dynamodb-stream',
  Kinesis: 'kinesis',
  EventBridgeRule: 'eventbridge',
  CloudWatchEvent: 'eventbridge',
  Schedule: 'schedule',
  ScheduleV2: 'schedule',
  Cognito: 'cognito',
};

function eventTrigger(model: ConfigModel, ev: EventModel): TriggerKind {
  if (model.kind === 'serverless') {
    if (ev.type === 'stream') {
      const t = stringValue(get(ev.properties, 'type'));
      const arn = stringValue(ev.properties) ?? stringValue(get(ev.properties, 'arn')) ?? '';
      return t === 'kinesis' || arn.includes(':kinesis:') ? 'kinesis' : 'dynamodb-stream';
    }
    return SLS_EVENT_TRIGGERS[ev.type] ?? 'unknown';
  }
  return SAM_EVENT_TRIGGERS[ev.type] ?? 'unknown';
}

/** Resources that define API Gateway integrations (where a function becomes a route's backend). */
const INTEGRATION_TYPES = new Set(['AWS::ApiGateway::Method', 'AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Integration', 'AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Route', 'AWS::Serverless::Api', 'AWS::Serverless::HttpApi']);

/** What invokes a function, from its events, URL config and (CloudFormation) permissions/mappings. */
export function triggersOf(model: ConfigModel, fn: FunctionModel): TriggerKind[] {
  const out = new Set<TriggerKind>();
  for (const ev of fn.events) out.add(eventTrigger(model, ev));
  if (fn.url && fn.url.authType !== undefined) out.add('api');
  if (model.kind !== 'serverless' || model.resources.length) {
    for (const r of model.resources) {
      if (r.type === 'AWS::Lambda::Permission' && referencedLogicalId(get(r.properties, 'FunctionName')) === fn.id) {
        const principal = stringValue(get(r.properties, 'Principal')) ?? '';
        if (principal.startsWith('apigateway.')) {
          out.add('api');
          // No integration in the template names the function (its API is an OpenAPI document
          // loaded from S3, another stack's, or reached through a stage variable): the integration
          // may be a custom one that passes the request's own fields as the event (1T/InventoryCalculator).
          if (!model.resources.some((x) => INTEGRATION_TYPES.has(x.type) && mentionsLogicalId(x.properties, fn.id))) out.add('unknown');
        }
        else if (principal.startsWith('s3.')) out.add('s3');
        else if (principal.startsWith('sns.')) out.add('sns');
        else if (principal.startsWith('events.')) out.add('eventbridge');
        else out.add('unknown');
      }
      // A custom resource backed by this function: CloudFormation invokes it and sets every field.
      if ((r.type.startsWith('Custom::') || r.type === 'AWS::CloudFormation::CustomResource') && referencedLogicalId(get(r.properties, 'ServiceToken')) === fn.id) {
        out.add('cfn-custom-resource');
      }
      if (r.type === 'AWS::Lambda::EventSourceMapping' && referencedLogicalId(get(r.properties, 'FunctionName')) === fn.id) {
        const src = get(r.properties, 'EventSourceArn');
        const text = stringValue(src) ?? (intrinsicName(src) ? referencedLogicalId(src) ?? '' : '');
        const target = model.resources.find((x) => x.id === text);
        const t = target?.type ?? text;
        if (t.includes('SQS') || t.includes(':sqs:')) out.add('sqs');
        else if (t.includes('Kinesis') || t.includes(':kinesis:')) out.add('kinesis');
        else if (t.includes('DynamoDB') || t.includes(':dynamodb:')) out.add('dynamodb-stream');
        else out.add('unknown');
      }
    }
  }
  if (out.size === 0) out.add('unknown');
  return [...out];
}

/**
 * Is every way the function is invoked an API Gateway route (REST or HTTP API event) with a fixed
 * path, like `GET /start`? Then the request path (`event.path`, `event.rawPath`) is that path (with
 * the stage or a custom domain's base path the deployer set), never the caller's text: API Gateway
 * only invokes the function for requests that match the route. Not for path parameters, greedy
 * `{proxy+}`, `$default` / `*` catch-alls, function URLs (any path reaches them), ALB rules, other
 * triggers, or a path written with variables; and only when each event gave a route with its path.
 */
export function fixedRouteOf(model: ConfigModel, fn: FunctionModel, triggers: readonly TriggerKind[]): boolean {
  if (!fn.events.length || fn.url || triggers.length !== 1 || triggers[0] !== 'api') return false;
  const eps = endpointsOf(model).filter((e) => e.functionId === fn.id);
  if (eps.length !== fn.events.length || !fn.events.every((ev) => eps.some((e) => e.event === ev))) return false;
  return eps.every((e) => (e.kind === 'rest' || e.kind === 'http') && e.path !== undefined && isFixedPath(e.path));
}

/** `/start`, `/v1/items`: no path variable, wildcard or unresolved variable. */
function isFixedPath(path: string): boolean {
  if (!path.startsWith('/') && path !== '') path = '/' + path;
  for (const c of path) if (c === '{' || c === '}' || c === '*' || c === '$' || c === ' ') return false;
  return true;
}

export interface HandlerCandidate {
  path: string;
  exportName: string;
}

/**
 * Candidate source files for a handler string, most likely first:
 * `src/orders/create.main` → src/orders/create.{ts,js,mjs,...} or .py; Python dotted modules
 * (`pkg.mod.fn` → pkg/mod.py); TypeScript sources behind build folders (dist/x → src/x).
 */
export function handlerCandidates(handler: string, baseDir: string, runtime?: string): HandlerCandidate[] {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0 || dot === handler.length - 1) return [];
  const mod = handler.slice(0, dot).replace(/^\.\//, '');
  const exportName = handler.slice(dot + 1);
  const isPython = runtime ? runtime.startsWith('python') : undefined;
  const isNode = runtime ? runtime.startsWith('nodejs') : undefined;
  const out: HandlerCandidate[] = [];
  const add = (rel: string) => {
    const p = joinPath(baseDir, rel);
    if (!out.some((c) => c.path === p)) out.push({ path: p, exportName });
  };
  const mods = [mod];
  for (const build of ['dist/', 'build/', '.build/', 'out/', 'lib/']) if (mod.startsWith(build)) mods.push('src/' + mod.slice(build.length));
  if (isPython !== false) {
    for (const m of mods) {
      add(`${m}.py`);
      if (m.includes('.') && !m.includes('/')) add(`${m.split('.').join('/')}.py`);
      else if (m.includes('.')) add(`${m.slice(0, m.lastIndexOf('/') + 1)}${m.slice(m.lastIndexOf('/') + 1).split('.').join('/')}.py`);
    }
  }
  if (isNode !== false) for (const m of mods) for (const ext of NODE_EXTS) add(`${m}${ext}`);
  return out;
}

/** Resolves every function of a config to its handler file, when that file exists. */
export function resolveHandlers(model: ConfigModel, configPath: string, project: Project, memo?: Map<string, HandlerCandidate | null>): HandlerRef[] {
  const out: HandlerRef[] = [];
  const configDir = dirname(configPath);
  for (const fn of model.functions) {
    const handler = fn.handler?.kind === 'literal' ? fn.handler.text : undefined;
    if (!handler || fn.inlineCode) continue;
    let base = configDir;
    if (model.kind !== 'serverless') {
      const codeUri = fn.codeUri ?? stringValue(getPath(model.root, 'Globals.Function.CodeUri'));
      if (codeUri && !codeUri.startsWith('s3://')) base = joinPath(configDir, codeUri);
    }
    // Which candidate exists only changes when files do (the memo is dropped then).
    const key = `${base}\0${handler}\0${fn.runtime ?? ''}`;
    let found = memo?.get(key);
    if (found === undefined) {
      found = handlerCandidates(handler, base, fn.runtime).find((c) => project.exists(c.path)) ?? null;
      // `CodeUri: hello-world/` for a folder `Hello-world`: deployed from a case-insensitive file
      // system (macOS, Windows), where SAM reads that folder (0xDebabrata/remembery).
      const folded = !found && base !== configDir ? caseFoldedDir(project, configDir, base) : undefined;
      if (folded) found = handlerCandidates(handler, folded, fn.runtime).find((c) => project.exists(c.path)) ?? null;
      memo?.set(detach(key), found && { path: detach(found.path), exportName: detach(found.exportName) });
    }
    if (found) {
      const triggers = triggersOf(model, fn);
      out.push({ configFile: configPath, fnId: fn.id, file: found.path, exportName: found.exportName, triggers, runtime: fn.runtime, ...(fixedRouteOf(model, fn, triggers) ? { fixedRoute: true as const } : {}) });
    }
  }
  return out;
}

/**
 * The folder `dir` (below `from`) names when its path is read without regard to case, if it does
 * not exist as written and each step matches exactly one folder entry; else undefined.
 */
export function caseFoldedDir(project: Project, from: string, dir: string): string | undefined {
  if (!dir.startsWith(from + '/') || project.listDir(dir) !== undefined) return undefined;
  let cur = from;
  for (const seg of dir.slice(from.length + 1).split('/')) {
    if (!seg) continue;
    const names = project.listDir(cur);
    if (!names) return undefined;
    if (names.includes(seg)) { cur = joinPath(cur, seg); continue; }
    const same = names.filter((n) => n.toLowerCase() === seg.toLowerCase());
    if (same.length !== 1) return undefined;
    cur = joinPath(cur, same[0]);
  }
  return cur === dir ? undefined : cur;
}

export const CONFIG_FILE_NAMES = ['serverless.yml', 'serverless.yaml', 'serverless.json', 'template.yaml', 'template.yml', 'template.json'];

/** Config files in a folder and its ancestors (closest first), up to `maxDepth` levels or `stopAt`. */
export function nearbyConfigFiles(file: string, project: Project, stopAt?: string, maxDepth = 6): string[] {
  const out: string[] = [];
  let dir = dirname(file);
  for (let i = 0; i <= maxDepth; i++) {
    const names = project.listDir(dir);
    if (names) for (const n of CONFIG_FILE_NAMES) if (names.includes(n)) out.push(joinPath(dir, n));
    if ((stopAt && dir === stopAt) || dir === '/' || dir === '.' || !dir) break;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return out;
}


/**
 * Where a handler's candidate files are: `none` (no candidate), `outside` (every candidate is
 * written outside the workspace), `link` (none exists, and one inside resolves outside through a
 * link), else `inside`.
 */
export type HandlerPlace = 'none' | 'outside' | 'link' | 'inside';

function handlerPlace(candidates: HandlerCandidate[], project: Project): HandlerPlace {
  if (!candidates.length) return 'none';
  if (candidates.every((c) => !project.isInside(c.path))) return 'outside';
  if (!candidates.some((c) => project.exists(c.path)) && candidates.some((c) => project.isInside(c.path) && project.accessOf(c.path) === 'outside')) return 'link';
  return 'inside';
}

/** A path a config or code file refers to that lies outside the workspace folders: not read. */
export interface OutsideReference {
  range: { start: number; end: number };
  message: string;
}

/**
 * Handler and `CodeUri` references of a config that lie outside the workspace folders, written so
 * (`../outside/x.handler`, `/etc/passwd.handler`, `CodeUri: /etc`) or through a link inside the
 * workspace. The messages name only what the config says, never what exists outside.
 */
export function outsideReferences(model: ConfigModel, configPath: string, project: Project, memo?: Map<string, HandlerPlace>): OutsideReference[] {
  // A config that is itself outside the folders (or no folder is open) is analysed on its own: none
  // of its references are read, and saying so at each one would only be noise.
  if (!project.roots || !project.isInside(configPath)) return [];
  const out: OutsideReference[] = [];
  const seen = new Set<number>();
  const add = (node: { range: { start: number; end: number } } | null | undefined, message: string) => {
    if (!node || seen.has(node.range.start)) return;
    seen.add(node.range.start);
    out.push({ range: { start: node.range.start, end: node.range.end }, message });
  };
  const configDir = dirname(configPath);
  for (const fn of model.functions) {
    const handler = fn.handler?.kind === 'literal' ? fn.handler.text : undefined;
    if (!handler || fn.inlineCode) continue;
    let base = configDir;
    if (model.kind !== 'serverless') {
      const own = getPath(fn.node, 'Properties.CodeUri');
      const codeUriNode = stringValue(own) !== undefined ? own : getPath(model.root, 'Globals.Function.CodeUri');
      const codeUri = fn.codeUri ?? stringValue(codeUriNode);
      if (codeUri && !codeUri.startsWith('s3://')) {
        base = joinPath(configDir, codeUri);
        if (!project.isInside(base)) {
          add(codeUriNode, `CodeUri \`${codeUri}\` is outside the workspace, not analysed: its handler code is not read.`);
          continue;
        }
      }
    }
    // Where the handler's candidates are only changes when files or folders do (the memo is dropped then).
    const key = `${base}\0${handler}\0${fn.runtime ?? ''}`;
    let place = memo?.get(key);
    if (place === undefined) {
      place = handlerPlace(handlerCandidates(handler, base, fn.runtime), project);
      memo?.set(detach(key), place);
    }
    if (place === 'outside') add(fn.handler?.node, `Handler \`${handler}\` points outside the workspace, not analysed: its code is not read.`);
    else if (place === 'link') add(fn.handler?.node, `Handler \`${handler}\` resolves outside the workspace through a link, not analysed: its code is not read.`);
  }
  return out;
}
