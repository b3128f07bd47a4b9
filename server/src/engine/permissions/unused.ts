/**
 * "The role grants actions no handler calls": for every Allow statement of roles whose functions
 * ALL have resolved, cleanly parsed handlers without unknown AWS use, the action items (exact or
 * wildcard) that cover actions none of those handlers call. Actions the platform uses with the
 * role (logs, X-Ray, VPC interfaces, event-source polling for the function's triggers, async
 * destinations when configured) and KMS data-key actions (server-side encryption) count as used.
 *
 * Skipped roles: external roles, roles without functions in this file, roles another resource or
 * an Output refers to, roles another principal than Lambda can assume.
 */
import { actionPatternMatches, expandAction, hasWildcard, lookupAction, type IamAction } from '../iam/catalog';
import { listText, literalText, replaceScalarEdit } from '../iam/policy-analysis';
import type { HandlerRef } from '../handlers';
import { mentionsLogicalId, referencedLogicalId } from '../model/cfn';
import type { ConfigModel, FunctionModel, PolicyDocument, PolicyStatement, RoleModel, SamTemplateRef, StrValue } from '../model/types';
import { SAM_POLICY_TEMPLATES, samPolicyTemplate, samTemplateActions, type SamPolicyTemplate } from '../iam/data/sam-policy-templates';
import type { Project } from '../project';
import type { Fix, TextEdit } from '../types';
import { asList, get, getPath, intrinsicArg, intrinsicName, isMap, isSeq, stringValue, walk, type YNode } from '../yaml/ast';
import { DocEditor, verbatim, type EditValue, type Verbatim } from '../fix/yaml-edit';
import { triggerLinks, type TriggerLink } from '../model/links';
import { addStatements, rescopeStatement, removeSeqItem, setActions, statementMap } from './edits';
import { resourceSamples, resourcesFitAction } from './missing-fix';
import { arnExpressions, arnsForLiteral, arnsForParameter, arnsForSubArn, resolveResource } from './resources';
import type { SdkCall } from './sdk-types';
import { isPlatformAction, pluginDefaultInherit } from './grants';
import { DESTINATION_ACTIONS, PLATFORM_NEEDS, SSE_KMS_ACTIONS } from './services';
import { ANSWER_SHAPING, CALLER_CREDENTIALS, SERVICE_USED_KEYS, VERSION_LISTING, EVENT_SOURCE_MAPPINGS, SDK_HELPERS, STREAM_POLLING_SETS, platformActions, type EventSourceMapping, type SdkHelper } from './data/implied-actions';
import { handlerCalls, type Links } from './usage';
import { mayPassRole } from './data/pass-role-callers';
import { passesRole } from './data/role-passing';
import { operationMayUse } from './data/operation-actions';
import type { HandlerCalls } from './sdk-types';
import { inlineHandlerRef } from './inline-code';
import { staysOnStar } from '../iam/data/optional-resources';

export interface UnusedItem {
  statement: PolicyStatement;
  value: StrValue;
  text: string;
  /** Catalogue actions the item grants. */
  expansion: readonly IamAction[];
  /** Of those, the ones the handlers (or the platform) use, canonical names. */
  used: string[];
  /** Of `used`, the ones the handlers' code calls (the rest AWS uses on the function's behalf). */
  called: string[];
  /** Of the unused ones, the access levels present. */
  unused: IamAction[];
  /** Function ids whose handlers were checked. */
  functions: string[];
  /** Handler files, for messages. */
  handlerFiles: string[];
  fix?: Fix;
}

interface RoleUse {
  ok: boolean;
  reason?: string;
  used: Set<string>;
  /** Actions of the handlers' SDK calls only. */
  called: Set<string>;
  /**
   * Lambda-service actions these functions' configuration needs (logs always; X-Ray with tracing,
   * network interfaces with a VPC, Kafka with MSK/Kafka events…). A narrowing fix keeps only these
   * of the platform actions a wildcard covers.
   */
  platform: Set<string>;
  /** Where the handlers call each action (to scope a narrowed grant to the resource the call uses). */
  sites: Map<string, { fn: FunctionModel; call: SdkCall }[]>;
  functions: string[];
  files: string[];
}

/** The logical id CloudFormation gives the role. */
export function cfnRoleId(role: RoleModel): string | undefined {
  if (role.id === 'sls:shared') return 'IamRoleLambdaExecution';
  if (role.id.startsWith('sam:')) return `${role.id.slice(4)}Role`;
  if (role.id.startsWith('sls:fn:') || role.id.includes(':')) return undefined;
  return role.id;
}

/** Another resource (not the role's functions or policies) or an Output refers to the role. */
function referencedElsewhere(model: ConfigModel, role: RoleModel): boolean {
  const id = cfnRoleId(role);
  if (!id) return false;
  for (const r of model.resources) {
    if (r.id === id || role.functions.includes(r.id) || r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy') continue;
    if (mentionsLogicalId(r.node, id)) return true;
  }
  const outputs = model.kind === 'serverless' ? getPath(model.root, 'resources.Outputs') : get(model.root, 'Outputs');
  return mentionsLogicalId(outputs, id);
}

const LAMBDA_PRINCIPALS = new Set(['lambda.amazonaws.com', 'edgelambda.amazonaws.com']);

function assumableByOthers(role: RoleModel): boolean {
  if (!role.trust) return false;
  for (const st of role.trust.statements) {
    if (st.effect !== 'Allow') continue;
    if (st.notPrincipal) return true;
    for (const e of st.principal?.entries ?? []) {
      const t = literalText(e.value);
      if (e.type !== 'Service' || t === undefined || !LAMBDA_PRINCIPALS.has(t)) return true;
    }
  }
  return false;
}

function hasDestinations(model: ConfigModel, fn: FunctionModel): boolean {
  const n = fn.node;
  if (get(n, 'destinations') != null || get(n, 'onError') != null) return true;
  const props = get(n, 'Properties');
  if (get(props, 'DeadLetterQueue') != null || get(props, 'EventInvokeConfig') != null || get(props, 'DeadLetterConfig') != null) return true;
  // Stream/queue event sources with an on-failure destination: Lambda sends the failed batch's
  // record with the function's role (SAM `Events.X.Properties.DestinationConfig`, serverless
  // `stream.destinations`, CFN `AWS::Lambda::EventSourceMapping.DestinationConfig`).
  for (const ev of fn.events) {
    if (get(ev.properties, 'DestinationConfig') != null || get(ev.properties, 'destinations') != null) return true;
  }
  return model.resources.some(
    (r) =>
      (r.type === 'AWS::Lambda::EventInvokeConfig' || (r.type === 'AWS::Lambda::EventSourceMapping' && get(r.properties, 'DestinationConfig') != null)) &&
      referencedLogicalId(get(r.properties, 'FunctionName')) === fn.id,
  );
}

/** The function uses a layer whose code lives in this project (imports from it are not followed). */
function usesLocalLayer(model: ConfigModel, fn: FunctionModel): boolean {
  if (model.kind === 'serverless') {
    if (get(model.root, 'layers') == null) return false;
    return get(fn.node, 'layers') != null || getPath(model.root, 'provider.layers') != null;
  }
  const layers = [...asList(getPath(fn.node, 'Properties.Layers')), ...asList(getPath(model.root, 'Globals.Function.Layers'))];
  return layers.some((l) => {
    const id = referencedLogicalId(l);
    return !!id && model.resources.some((r) => r.id === id && (r.type === 'AWS::Serverless::LayerVersion' || r.type === 'AWS::Lambda::LayerVersion'));
  });
}

/** Options of the code-based analyses: `inline` also reads functions whose code is written in the template (permissions/inline-code.ts). */
export interface CodeUseOptions {
  inline?: boolean;
}

export function roleUse(model: ConfigModel, role: RoleModel, handlers: readonly HandlerRef[], links: Links, project: Project, opts: CodeUseOptions = {}): RoleUse {
  const no = (reason: string): RoleUse => ({ ok: false, reason, used: new Set(), called: new Set(), platform: new Set(), sites: new Map(), functions: [], files: [] });
  if (role.external) return no('external role');
  if (role.functions.length === 0) return no('no functions');
  if (assumableByOthers(role)) return no('assumable by another principal');
  if (referencedElsewhere(model, role)) return no('used by other resources');
  const used = new Set<string>();
  const called = new Set<string>();
  const platform = new Set<string>();
  const sites = new Map<string, { fn: FunctionModel; call: SdkCall }[]>();
  const files: string[] = [];
  let anyService = false;
  for (const id of role.functions) {
    const fn = model.functions.find((f) => f.id === id);
    const h = handlers.find((x) => x.fnId === id) ?? (opts.inline && fn ? inlineHandlerRef(model, model.file, fn) : undefined);
    if (!fn || !h) return no(`function ${id} has no handler file`);
    if (usesLocalLayer(model, fn)) return no(`function ${id} uses a layer from this project`);
    const calls: HandlerCalls | undefined = handlerCalls(h, model, fn, links, project);
    if (!calls) return no(`handler of ${id} is not parsed`);
    if (!calls.complete) return no(`handler of ${id} has syntax errors`);
    if (calls.unknown.length) return no(`handler of ${id}: ${calls.unknown[0].reason}`);
    for (const c of calls.all) for (const a of c.actions) {
      used.add(a);
      called.add(a);
      const list = sites.get(a) ?? [];
      list.push({ fn, call: c });
      sites.set(a, list);
      if (!a.startsWith('kms:')) anyService = true;
    }
    // Actions a call uses depending on the data (CopyObject copying the source object's tags).
    for (const c of calls.all) for (const a of operationMayUse(c.service, c.operation)) used.add(a);
    if (!files.includes(h.file)) files.push(h.file);
    for (const a of platformNeeds(model, fn)) platform.add(a);
    // A mounted file system: Lambda mounts it with the role, on the file system the config names.
    if (hasFileSystem(model, fn)) for (const a of PLATFORM_NEEDS.efs) used.add(a);
    // Event-source mappings poll with the role (SQS, streams, Kafka, MQ, DocumentDB).
    for (const m of eventSourceMappings(model, fn, h.triggers)) for (const a of m.actions) {
      used.add(a);
      platform.add(a);
    }
    // Layers that call AWS for the handler (Parameters and Secrets extension).
    for (const helper of layerHelpers(model, fn)) for (const a of helper.actions) used.add(a);
    // Libraries that call AWS for the handler (durable-execution SDK…).
    for (const a of calls.helperActions ?? []) used.add(a);
    // Services acting with the caller's credentials on what the call names (Rekognition → S3…), for the
    // code's calls and the ones a library makes for it (a LangChain Bedrock model: Marketplace subscriptions).
    for (const a of callerCredentialActions([...called, ...(calls.helperActions ?? [])])) used.add(a);
    // A call that hands a role ARN to a service (Comprehend DataAccessRoleArn, MediaConvert Role…) needs iam:PassRole.
    if (passesRole(called)) used.add('iam:PassRole');
    if (hasDestinations(model, fn)) for (const a of DESTINATION_ACTIONS) used.add(a);
  }
  if (anyService) for (const a of SSE_KMS_ACTIONS) used.add(a);
  // Code that lists object versions acts on the version ids it got (emptying a versioned bucket).
  if (called.has(VERSION_LISTING.listedBy)) for (const v of VERSION_LISTING.variants) if (called.has(v.action)) used.add(v.version);
  // A poller's AWS managed policy (AWSLambdaMSKExecutionRole…) on the role: it serves a mapping of
  // that kind declared elsewhere, whose poller uses the role (the MSK credentials secret…).
  for (const m of managedPollers(role)) for (const a of m.actions) {
    used.add(a);
    platform.add(a);
  }
  // A complete stream-polling set serves a mapping declared elsewhere (another stack, the console).
  for (const set of STREAM_POLLING_SETS) {
    if (set.actions.every((a) => grantsAction(role, a))) for (const a of set.actions) {
      used.add(a);
      platform.add(a);
    }
  }
  return { ok: true, used, called, platform, sites, functions: [...role.functions], files };
}

/** The action changes what an action the code calls answers (ANSWER_SHAPING). */
function shapesAnswer(action: string, called: ReadonlySet<string>): boolean {
  return ANSWER_SHAPING.some((x) => x.action === action && x.whenCalled.some((c) => called.has(c)));
}

/** Does an Allow statement of the role name this action (exactly or through a pattern narrower than `service:*`)? */
function grantsAction(role: RoleModel, action: string): boolean {
  for (const t of role.samTemplates) {
    const def = samPolicyTemplate(t.name);
    if (def && samTemplateActions(def).some((p) => !isBareStarText(p) && actionPatternMatches(p, action))) return true;
  }
  for (const d of role.documents) {
    if (d.kind !== 'identity') continue;
    for (const st of d.statements) {
      if (st.effect !== 'Allow' || !st.actions) continue;
      for (const v of st.actions.items) {
        const t = literalText(v);
        if (t !== undefined && !isBareStarText(t) && actionPatternMatches(t, action)) return true;
      }
    }
  }
  return false;
}

/** `*` and `service:*` name no set in particular. */
function isBareStarText(t: string): boolean {
  const x = t.trim();
  return x === '*' || x.endsWith(':*');
}

/** The event source mappings that invoke a function: its events, and `AWS::Lambda::EventSourceMapping` resources. */
export function eventSourceMappings(model: ConfigModel, fn: FunctionModel, triggers: readonly string[]): EventSourceMapping[] {
  const out = new Set<EventSourceMapping>();
  for (const m of EVENT_SOURCE_MAPPINGS) {
    if (m.triggers.some((t) => triggers.includes(t)) || fn.events.some((e) => m.eventTypes.includes(e.type))) out.add(m);
  }
  for (const r of model.resources) {
    if (r.type !== 'AWS::Lambda::EventSourceMapping' || referencedLogicalId(get(r.properties, 'FunctionName')) !== fn.id) continue;
    if (get(r.properties, 'SelfManagedEventSource') != null) {
      out.add(EVENT_SOURCE_MAPPINGS.find((m) => m.id === 'kafka')!);
      continue;
    }
    const src = get(r.properties, 'EventSourceArn');
    const id = referencedLogicalId(src);
    const target = id ? model.resources.find((x) => x.id === id) : undefined;
    const text = stringValue(src) ?? '';
    const m = target
      ? EVENT_SOURCE_MAPPINGS.find((x) => x.sourceResourceTypes.includes(target.type))
      : EVENT_SOURCE_MAPPINGS.find((x) => ARN_SERVICE[x.id] !== undefined && text.includes(`:${ARN_SERVICE[x.id]}:`));
    if (m) out.add(m);
    else for (const x of EVENT_SOURCE_MAPPINGS) out.add(x); // a mapping of a kind we cannot tell: any poller's set
  }
  return [...out];
}

const ARN_SERVICE: Record<string, string> = { sqs: 'sqs', 'dynamodb-stream': 'dynamodb', kinesis: 'kinesis', msk: 'kafka', mq: 'mq', documentdb: 'rds' };

/** The event source mappings whose AWS managed policy the role attaches (data: `managedPolicies`). */
function managedPollers(role: RoleModel): EventSourceMapping[] {
  const names = role.managedPolicies.filter((p) => p.awsManaged && p.name).map((p) => p.name!);
  return EVENT_SOURCE_MAPPINGS.filter((m) => m.managedPolicies?.some((p) => names.includes(p)));
}

/** Helpers installed as layers (the Parameters and Secrets extension, the AppConfig extension). */
function layerHelpers(model: ConfigModel, fn: FunctionModel): SdkHelper[] {
  const sls = model.kind === 'serverless';
  const layers = sls
    ? [...asList(get(fn.node, 'layers')), ...asList(getPath(model.root, 'provider.layers'))]
    : [...asList(getPath(fn.node, 'Properties.Layers')), ...asList(getPath(model.root, 'Globals.Function.Layers'))];
  const texts: string[] = [];
  for (const l of layers) walk(l, (x) => {
    if (x.type === 'scalar' && typeof x.value === 'string') {
      texts.push(x.value);
      // `${param:…}` / `${self:custom.…}` resolved by the model
      const v = model.value(x);
      if (v?.text && v.text !== x.value) texts.push(v.text);
    }
    // `!Ref LayerArnParameter`: the parameter's default
    if (!sls && intrinsicName(x) === 'Ref') {
      const name = stringValue(intrinsicArg(x));
      const def = name ? stringValue(getPath(model.root, `Parameters.${name}.Default`)) : undefined;
      if (def) texts.push(def);
    }
    return undefined;
  });
  return SDK_HELPERS.filter((h) => h.layer && texts.some((t) => t.includes(h.layer!)));
}

/** Actions services use with the caller's credentials, for the actions the code calls. */
export function callerCredentialActions(called: readonly string[]): string[] {
  const out = new Set<string>();
  for (const c of CALLER_CREDENTIALS) {
    if (called.some((a) => c.whenCalled.some((p) => actionPatternMatches(p, a)))) for (const a of c.actions) out.add(a);
  }
  return [...out];
}

/**
 * Actions the Lambda service itself performs with every execution role (logs, X-Ray, VPC network
 * interfaces…), whether or not the handler calls anything. Event-source polling is not included:
 * it counts only for functions with that trigger.
 */
function isLambdaServiceAction(action: string): boolean {
  return isPlatformAction(action) && !action.startsWith('sqs:') && !action.startsWith('dynamodb:') && !action.startsWith('kinesis:');
}

/** Lambda-service actions a function's configuration calls for (see `PLATFORM_NEEDS`). */
function platformNeeds(model: ConfigModel, fn: FunctionModel): string[] {
  const out = [...PLATFORM_NEEDS.logs];
  const present = (n: YNode | null | undefined) => n !== undefined && n !== null && !(n.type === 'scalar' && (n.value === null || n.value === false || n.value === '' || n.value === 'PassThrough'));
  const sls = model.kind === 'serverless';
  const props = sls ? fn.node : get(fn.node, 'Properties');
  const globals = sls ? undefined : getPath(model.root, 'Globals.Function');
  const vpc = sls ? get(props, 'vpc') ?? getPath(model.root, 'provider.vpc') : get(props, 'VpcConfig') ?? get(globals, 'VpcConfig');
  if (present(vpc)) out.push(...PLATFORM_NEEDS.vpc);
  const tracing = sls
    ? get(props, 'tracing') ?? getPath(model.root, 'provider.tracing.lambda')
    : get(props, 'Tracing') ?? get(get(props, 'TracingConfig'), 'Mode') ?? get(globals, 'Tracing');
  if (present(tracing)) out.push(...PLATFORM_NEEDS.xray);
  if (present(sls ? get(props, 'durableConfig') : get(props, 'DurableConfig'))) out.push(...PLATFORM_NEEDS.durable);
  // A mounted file system: Lambda mounts it with the role (data/implied-actions.ts 'efs').
  if (hasFileSystem(model, fn)) out.push(...PLATFORM_NEEDS.efs);
  return out;
}

/** The function mounts a file system (SAM/CloudFormation `FileSystemConfigs`, SAM Globals, serverless `fileSystemConfig`). */
function hasFileSystem(model: ConfigModel, fn: FunctionModel): boolean {
  const sls = model.kind === 'serverless';
  const props = sls ? fn.node : get(fn.node, 'Properties');
  const n = sls ? get(props, 'fileSystemConfig') : get(props, 'FileSystemConfigs') ?? getPath(model.root, 'Globals.Function.FileSystemConfigs');
  return n != null && !(n.type === 'scalar' && (n.value === null || n.value === ''));
}

function isUsed(used: Set<string>, a: IamAction): boolean {
  return used.has(a.fullName) || isLambdaServiceAction(a.fullName);
}

export function unusedPermissions(model: ConfigModel, handlers: readonly HandlerRef[], links: Links, project: Project, opts: CodeUseOptions = {}): UnusedItem[] {
  const out: UnusedItem[] = [];
  const useByRole = new Map<string, RoleUse>();
  const use = (r: RoleModel) => {
    let u = useByRole.get(r.id);
    if (!u) useByRole.set(r.id, (u = roleUse(model, r, handlers, links, project, opts)));
    return u;
  };
  const seen = new Set<string>();
  const ed = new DocEditor(model.parsed);
  const inheritAll = pluginDefaultInherit(model);
  for (const d of model.documents) {
    if (d.kind !== 'identity' || d.roleIds.length === 0) continue;
    // Function roles may inherit these statements without the model knowing which: not judged.
    if (inheritAll && d.where.startsWith('provider.')) continue;
    const roles = d.roleIds.map((id) => model.roles.find((r) => r.id === id)).filter((r): r is RoleModel => !!r);
    if (roles.length !== d.roleIds.length) continue;
    const uses = roles.map(use);
    if (uses.some((u) => !u.ok)) continue;
    const used = new Set<string>();
    const called = new Set<string>();
    const platform = new Set<string>();
    const sites = new Map<string, { fn: FunctionModel; call: SdkCall }[]>();
    for (const u of uses) {
      for (const a of u.used) used.add(a);
      for (const a of u.called) called.add(a);
      for (const a of u.platform) platform.add(a);
      for (const [a, l] of u.sites) sites.set(a, [...(sites.get(a) ?? []), ...l]);
    }
    const functions = [...new Set(uses.flatMap((u) => u.functions))];
    const files = [...new Set(uses.flatMap((u) => u.files))];
    for (const st of d.statements) {
      const k = `${st.node.range.start}:${st.node.range.end}`;
      if (seen.has(k)) continue;
      seen.add(k);
      if (st.effect !== 'Allow' || !st.actions || st.notActions) continue;
      const items: UnusedItem[] = [];
      const keep: string[] = [];
      let fixable = true;
      for (const v of st.actions.items) {
        const text = literalText(v);
        if (text === undefined || v.resolvedFrom) {
          fixable = false;
          if (text === undefined) continue;
        }
        const expansion = expandAction(text);
        if (expansion.length === 0) {
          // unknown action (iam-unknown-action): keep it as written
          keep.push(text);
          continue;
        }
        // Platform actions are never reported unused, but only the ones this configuration needs
        // are kept when a wildcard is narrowed (no VPC actions for a function without a VPC).
        // A grant named exactly that changes what a called action answers (s3:ListBucket next to a
        // GetObject call: a missing key is 404, not 403) is relied on without being called. Only
        // when named: a wildcard narrowed to what the code calls does not gain it.
        const shapes = !hasWildcard(text) && expansion.length === 1 && shapesAnswer(expansion[0].fullName, called);
        const usedNames = expansion.filter((a) => shapes || used.has(a.fullName) || platform.has(a.fullName)).map((a) => a.fullName);
        const unusedActs = shapes ? [] : expansion.filter((a) => !isUsed(used, a));
        if (!hasWildcard(text)) {
          if (usedNames.length) keep.push(text);
        } else {
          for (const n of usedNames) keep.push(n);
        }
        if (unusedActs.length === 0) continue;
        items.push({ statement: st, value: v, text, expansion, used: usedNames, called: usedNames.filter((a) => called.has(a)), unused: unusedActs, functions, handlerFiles: files });
      }
      if (!items.length) continue;
      // iam:PassRole is not an SDK call: the code needs it when it hands a role to a service (the call
      // analysis does not say so), so a narrowing never drops it from a role whose code may pass one.
      const dropsPassRole = items.some((it) => it.expansion.some((a) => a.fullName === 'iam:PassRole') && !it.used.includes('iam:PassRole'));
      const fix = fixable && !(dropsPassRole && [...called].some(mayPassRole)) ? narrowFix(ed, model, d, st, dedupe(keep), { called, sites, roles }) : undefined;
      for (const it of items) out.push(fix ? { ...it, fix } : it);
    }
  }
  return out;
}

function dedupe(xs: string[]): string[] {
  const out: string[] = [];
  for (const x of xs) if (!out.some((y) => y.toLowerCase() === x.toLowerCase())) out.push(x);
  return out;
}

interface NarrowContext {
  called: Set<string>;
  sites: Map<string, { fn: FunctionModel; call: SdkCall }[]>;
  roles: RoleModel[];
}

/** A statement the narrowing adds beside the narrowed one: actions on their own resources. */
interface ExtraStatement {
  actions: string[];
  resources: EditValue[];
  /** The resource is a placeholder the user must replace. */
  placeholder?: string;
}

/** What SSE-KMS asks of the caller: kms:Decrypt to read, kms:GenerateDataKey to write (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html). */
const SSE_KMS_NEEDED = new Set(['kms:Decrypt', 'kms:GenerateDataKey']);

const LOGS_GROUP = (name: string) => verbatim(`!Sub 'arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${name}:*'`, { 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${name}:*` });

/**
 * The log group of a Lambda@Edge replica, in any region: `/aws/lambda/<home region>.<function name>`, the home region always us-east-1
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-logs.html).
 */
const EDGE_LOGS_GROUP = (name: string) => verbatim(`!Sub 'arn:\${AWS::Partition}:logs:*:\${AWS::AccountId}:log-group:/aws/lambda/\${AWS::Region}.${name}:*'`, { 'Fn::Sub': `arn:\${AWS::Partition}:logs:*:\${AWS::AccountId}:log-group:/aws/lambda/\${AWS::Region}.${name}:*` });

/** The Lambda-service actions the frameworks' roles grant themselves (logs, X-Ray, VPC interfaces; not durable execution). */
const FRAMEWORK_GRANTED = new Set([...platformActions('logs'), ...platformActions('xray'), ...platformActions('vpc')]);

/** Managed policies that already grant a function its log-group writes (and VPC / X-Ray). */
const BASIC_EXECUTION = ['AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole', 'AWSLambdaExecute', 'AWSLambdaRole'];

/**
 * Does the framework grant the Lambda-service actions (logs, X-Ray, VPC interfaces) itself? The
 * Serverless Framework's own roles (the shared one, per-function ones) always do; SAM's generated roles attach AWSLambdaBasicExecutionRole
 * (plus the VPC and X-Ray policies when configured); a CloudFormation role (in a template or under a
 * serverless.yml's `resources`) only with such a managed policy.
 */
function platformGranted(model: ConfigModel, roles: readonly RoleModel[]): boolean {
  return roles.every((role) => {
    if (role.id === 'sls:shared' || role.id.startsWith('sls:fn:') || role.id.startsWith('sam:')) return true;
    const r = model.resources.find((x) => x.id === role.id);
    let hit = false;
    walk(get(r?.properties, 'ManagedPolicyArns'), (x) => {
      if (x.type === 'scalar' && typeof x.value === 'string' && BASIC_EXECUTION.some((p) => (x.value as string).endsWith(`/${p}`) || (x.value as string).includes(`service-role/${p}`))) hit = true;
      return undefined;
    });
    return hit;
  });
}

/** The log groups of the functions of these roles (their FunctionName, else the name CloudFormation derives). */
function logGroups(model: ConfigModel, roles: readonly RoleModel[]): EditValue[] {
  const out: EditValue[] = [];
  for (const role of roles) for (const id of role.functions) {
    const fn = model.functions.find((f) => f.id === id);
    const sls = model.kind === 'serverless';
    const name = fn ? model.value(sls ? get(fn.node, 'name') : get(get(fn.node, 'Properties'), 'FunctionName')) : undefined;
    const known = name?.kind === 'literal' && name.text && !name.text.includes('${') ? name.text : undefined;
    // Default names: `<service>-<stage>-<key>` (Serverless Framework), `<stack>-<logical id>-<suffix>` (CloudFormation).
    const group = known ?? (sls ? `\${self:service}-\${sls:stage}-${id}` : `\${AWS::StackName}-${id}-*`);
    out.push(LOGS_GROUP(group));
    // Lambda@Edge replicas log in the region where they run, to `/aws/lambda/<home region>.<name>`.
    if (trustsEdge(role)) out.push(EDGE_LOGS_GROUP(group));
  }
  return out;
}

/** The role may be assumed by Lambda@Edge (its functions run as replicas in CloudFront's regions). */
function trustsEdge(role: RoleModel): boolean {
  return (role.trust?.statements ?? []).some((st) => st.effect === 'Allow' && (st.principal?.entries ?? []).some((e) => e.type === 'Service' && literalText(e.value) === 'edgelambda.amazonaws.com'));
}

const SERVICE_USED_KEY_TYPES = new Set(SERVICE_USED_KEYS.map((x) => x.type));

/** A function of the roles has a KMS key of the template in its environment (for the code to hand to a service). */
function keysInEnvironment(model: ConfigModel, roles: RoleModel[]): boolean {
  const ids = new Set(roles.flatMap((r) => r.functions));
  return model.functions.some((fn) => ids.has(fn.id) && fn.environment.some((e) => {
    const id = e.value ? referencedLogicalId(e.value) : undefined;
    return !!id && model.resources.some((r) => r.id === id && r.type === 'AWS::KMS::Key');
  }));
}

/** Customer-managed keys the template's resources encrypt with (SSE-KMS), as ARN expressions; not the keys only their service uses (SERVICE_USED_KEYS: a log group's). */
function sseKeys(model: ConfigModel): EditValue[] {
  const out: EditValue[] = [];
  const seen = new Set<string>();
  for (const r of model.resources) walk(SERVICE_USED_KEY_TYPES.has(r.type) ? null : r.properties, (x) => {
    if (x.type !== 'map') return undefined;
    for (const k of ['KMSMasterKeyID', 'KmsMasterKeyId', 'KMSMasterKeyId', 'KmsKeyId']) {
      const v = get(x, k);
      if (v == null) continue;
      const id = referencedLogicalId(v);
      const key = id ? model.resources.find((y) => y.id === id && y.type === 'AWS::KMS::Key') : undefined;
      if (key && !seen.has(key.id)) {
        seen.add(key.id);
        out.push(verbatim(`!GetAtt ${key.id}.Arn`, { 'Fn::GetAtt': [key.id, 'Arn'] }));
      }
      const t = stringValue(v);
      if (!id && t?.startsWith('arn:') && t.includes(':key/') && !seen.has(t)) {
        seen.add(t);
        out.push(t);
      }
    }
    return undefined;
  });
  return out;
}

/** The resource(s) the handlers' calls of `action` use, as ARN expressions; `undefined` when they cannot all be resolved. */
function callResources(model: ConfigModel, action: string, ctx: NarrowContext): { key: string; arns: EditValue[] } | undefined {
  const list = ctx.sites.get(action);
  if (!list?.length) return undefined;
  const arns: EditValue[] = [];
  const keys: string[] = [];
  for (const { fn, call } of list) {
    const resolved = resolveResource(model, fn, call);
    const r = resolved?.resource;
    const e = r
      ? arnExpressions(r, action, call.usesIndex ?? false, model.parsed.format === 'json')
      : resolved?.parameter
        ? arnsForParameter(model, resolved, action, call.resourceParam, call.usesIndex ?? false)
        : resolved?.subArn
          ? arnsForSubArn(resolved, action)
          : resolved
            ? arnsForLiteral(resolved, action, call.usesIndex ?? false)
            : undefined;
    if (!e) return undefined;
    for (const x of e) {
      const k = JSON.stringify(x instanceof Object && 'yaml' in x ? (x as { yaml: string }).yaml : x);
      if (!keys.includes(k)) {
        keys.push(k);
        arns.push(x);
      }
    }
  }
  return { key: keys.sort().join('|'), arns };
}

/**
 * Narrowing per resource: each kept action stays in the statement only when the statement's
 * Resource suits it (catalogue resource types; `'*'` only for actions without resource-level
 * permissions). Others move to statements of their own: code actions on the resource the handler's
 * call uses (resolved through `!Ref`/`!GetAtt`/environment), else a placeholder ARN the user fills
 * in; logs on the functions' own log groups, and only where the framework does not grant them;
 * X-Ray/VPC on '*' only where not granted; KMS data-key actions only on the template's SSE-KMS keys.
 */
function splitByResource(model: ConfigModel, st: PolicyStatement, keep: string[], ctx: NarrowContext): { stay: string[]; extras: ExtraStatement[] } {
  const stay: string[] = [];
  const extras = new Map<string, ExtraStatement>();
  const add = (key: string, action: string, resources: EditValue[], placeholder?: string) => {
    const e = extras.get(key) ?? { actions: [], resources, placeholder };
    if (!e.actions.includes(action)) e.actions.push(action);
    extras.set(key, e);
  };
  const granted = platformGranted(model, ctx.roles);
  // `Resource: '*'` with actions other than `*`: iam-wildcard-resource already reports the statement.
  const items = st.resources?.items ?? [];
  // (Its test: an exact action with resource-level permissions, or a pattern most of whose actions have them.)
  const alreadyOnStar =
    items.length > 0 &&
    items.every((v) => literalText(v) === '*') &&
    !(st.actions?.items ?? []).some((v) => literalText(v)?.trim() === '*') &&
    (st.actions?.items ?? []).some((v) => {
      const t = literalText(v);
      const exp = t === undefined ? [] : expandAction(t);
      const scopable = exp.filter((x) => !staysOnStar(x)).length;
      return hasWildcard(t ?? '') ? scopable > 0 && scopable * 2 >= exp.length : scopable > 0;
    });
  for (const a of keep) {
    if (expandAction(a).length === 0 || hasWildcard(a)) {
      stay.push(a);
      continue;
    }
    const fits = resourcesFitAction(model, st, a);
    if (isLambdaServiceAction(a)) {
      if (granted && FRAMEWORK_GRANTED.has(a)) continue;
      // Already on a log group (the ARN matcher is strict about log-group names with slashes: any
      // ARN of the service counts), on '*' for X-Ray / VPC interfaces, or on resources we cannot read.
      const svc = a.slice(0, a.indexOf(':'));
      if (fits !== false || (resourceSamples(model, st) ?? []).some((x) => x.split(':')[2] === svc)) stay.push(a);
      else if (a.startsWith('logs:')) add('logs', a, logGroups(model, ctx.roles));
      else add('*', a, ['*']);
      continue;
    }
    if (a.startsWith('kms:') && !ctx.called.has(a)) {
      // SSE-KMS: reading an object/item needs kms:Decrypt, writing one kms:GenerateDataKey.
      if (!SSE_KMS_NEEDED.has(a)) continue;
      const keys = sseKeys(model);
      if (keys.length) add('kms', a, keys);
      // No template resource encrypts with a key, but the functions get one in their environment (a
      // KmsKeyId the code hands to Secrets Manager, SSM, SQS…): AWS uses it for them, the action stays.
      else if (fits !== false && keysInEnvironment(model, ctx.roles)) stay.push(a);
      continue;
    }
    if (fits !== false || wildcardOfService(model, st, a)) {
      stay.push(a);
      continue;
    }
    // An action without resource-level permissions, or with optional extras only (a translation
    // job's terminology), works only on '*' (where no rule reports it).
    if (staysOnStar(lookupAction(a))) {
      add('*', a, ['*']);
      continue;
    }
    const res = callResources(model, a, ctx);
    if (res) add(res.key, a, res.arns);
    else if (alreadyOnStar) stay.push(a); // iam-wildcard-resource already reports this statement: no new warning
    else {
      const ph = `REPLACE_WITH_${a.slice(0, a.indexOf(':')).toUpperCase()}_ARN`;
      add(`?${ph}`, a, [ph], ph);
    }
  }
  // The handler's own resources first (the narrowed statement becomes the first of them), then logs, then keys.
  const rank = (k: string) => (k === 'logs' ? 1 : k === 'kms' ? 2 : k === '*' ? 3 : 0);
  return { stay, extras: [...extras.entries()].sort((x, y) => rank(x[0]) - rank(y[0])).map(([, v]) => v) };
}

/**
 * A resource ARN of the action's own service with a wildcard (`arn:aws:ecs:${AWS::Region}:${AWS::AccountId}:*`):
 * the ARN matcher cannot tell which resource types it covers, so the action is left where it is.
 */
function wildcardOfService(model: ConfigModel, st: PolicyStatement, action: string): boolean {
  const svc = action.slice(0, action.indexOf(':')).toLowerCase();
  return (resourceSamples(model, st) ?? []).some((x) => x !== '*' && x.includes('*') && x.split(':')[2]?.toLowerCase() === svc);
}

function narrowFix(ed: DocEditor, model: ConfigModel, d: PolicyDocument, st: PolicyStatement, keep: string[], ctx: NarrowContext): Fix | undefined {
  const { stay, extras } = splitByResource(model, st, keep, ctx);
  const all = dedupe([...stay, ...extras.flatMap((e) => e.actions)]);
  const seq = isSeq(d.node) ? d.node : isMap(d.node) && isSeq(get(d.node, 'Statement')) ? (get(d.node, 'Statement') as import('../yaml/ast').YSeq) : undefined;
  const edits: TextEdit[] = [];
  let title: string;
  const rest = [...extras];
  if (all.length === 0) {
    const idx = seq ? seq.items.indexOf(st.node) : -1;
    if (!seq || idx < 0) return undefined;
    const e = removeSeqItem(ed, seq, idx);
    if (!e) return undefined;
    edits.push(e);
    title = 'Remove the statement: the code uses none of its actions';
  } else {
    if (stay.length) {
      const e = setActions(ed, st, stay);
      if (!e) return undefined;
      edits.push(e);
    } else {
      // Nothing stays on the statement's resources: it becomes the first of the new statements.
      const e = rescopeStatement(ed, st, rest.shift()!);
      if (!e) return undefined;
      edits.push(...e);
    }
    title = `Narrow to what the code uses (${all.length <= 3 ? all.join(', ') : `${all.length} actions`}${extras.length && stay.length ? ', per resource' : ''})`;
  }
  // New statements go after the document's last one, in one insertion.
  const added = addStatements(ed, d, rest);
  if (!added) return undefined;
  edits.push(...added);
  const placeholder = extras.find((x) => x.placeholder)?.placeholder;
  if (placeholder) title += ` — replace ${placeholder} with the ARN the handler uses`;
  return { title, isPreferred: !placeholder, ...(placeholder ? { placeholder } : {}), changes: [{ file: model.file, edits }] };
}

// ---------------------------------------------------------------------------------------------
// SAM policy templates judged by what they grant

export interface UnusedTemplate {
  template: SamTemplateRef;
  def: SamPolicyTemplate;
  /** Catalogue actions the template grants. */
  expansion: readonly IamAction[];
  /** Of those, the ones the handlers (or the platform) use. */
  used: string[];
  /** Of `used`, the ones the handlers' code calls. */
  called: string[];
  unused: IamAction[];
  /** A template of the same parameters that grants a subset of this one's actions and every used one. */
  narrower?: SamPolicyTemplate;
  functions: string[];
  handlerFiles: string[];
  fix?: Fix;
}

const templateExpansion = new Map<string, readonly IamAction[]>();

/** The catalogue actions a template grants (memoised per template). */
export function samTemplateExpansion(def: SamPolicyTemplate): readonly IamAction[] {
  let out = templateExpansion.get(def.name);
  if (!out) {
    const seen = new Set<IamAction>();
    for (const p of samTemplateActions(def)) for (const a of expandAction(p)) seen.add(a);
    templateExpansion.set(def.name, (out = [...seen]));
  }
  return out;
}

/**
 * The narrowest template that can replace `def` with the same parameters: it grants only actions
 * `def` grants, on resources `def` names, and every action in `needed`.
 */
export function narrowerTemplate(def: SamPolicyTemplate, needed: readonly string[]): SamPolicyTemplate | undefined {
  const own = new Set(samTemplateExpansion(def).map((a) => a.fullName));
  const ownResources = new Set(def.statements.flatMap((s) => s.resources));
  const sameParams = (c: SamPolicyTemplate) => c.params.length === def.params.length && c.params.every((p) => def.params.includes(p));
  let best: { t: SamPolicyTemplate; n: number } | undefined;
  for (const c of SAM_POLICY_TEMPLATES) {
    if (c === def || !sameParams(c)) continue;
    const exp = samTemplateExpansion(c).map((a) => a.fullName);
    if (exp.length >= own.size || !exp.every((a) => own.has(a)) || !needed.every((a) => exp.includes(a))) continue;
    if (!c.statements.every((s) => s.resources.every((r) => ownResources.has(r)))) continue;
    if (!best || exp.length < best.n) best = { t: c, n: exp.length };
  }
  return best?.t;
}

const isWrite = (a: IamAction) => a.accessLevel === 'Write' || a.accessLevel === 'Permissions management';

/**
 * SAM policy templates that grant far more than the functions of their role use: none of their
 * actions is used; or a narrower template (same parameters) covers every used one; or unused writes
 * remain and the code uses at most a third of what the template grants. Judged only for roles
 * whose handlers are fully read (as statements are). Fix: rename to the narrower template.
 */
export function unusedSamTemplates(model: ConfigModel, handlers: readonly HandlerRef[], links: Links, project: Project): UnusedTemplate[] {
  const out: UnusedTemplate[] = [];
  const useByRole = new Map<string, RoleUse>();
  const seen = new Set<string>();
  for (const t of model.samTemplates) {
    const k = `${t.nameNode.range.start}:${t.nameNode.range.end}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const def = samPolicyTemplate(t.name);
    if (!def) continue;
    const roles = t.roleIds.map((id) => model.roles.find((r) => r.id === id)).filter((r): r is RoleModel => !!r);
    if (roles.length === 0 || roles.length !== t.roleIds.length) continue;
    const uses = roles.map((r) => {
      let u = useByRole.get(r.id);
      if (!u) useByRole.set(r.id, (u = roleUse(model, r, handlers, links, project)));
      return u;
    });
    if (uses.some((u) => !u.ok)) continue;
    const used = new Set(uses.flatMap((u) => [...u.used]));
    const called = new Set(uses.flatMap((u) => [...u.called]));
    const platform = new Set(uses.flatMap((u) => [...u.platform]));
    const expansion = samTemplateExpansion(def);
    if (expansion.length === 0) continue;
    const usedNames = expansion.filter((a) => used.has(a.fullName) || platform.has(a.fullName) || isLambdaServiceAction(a.fullName)).map((a) => a.fullName);
    const unusedActs = expansion.filter((a) => !isUsed(used, a) && !platform.has(a.fullName));
    if (unusedActs.length === 0) continue;
    // A template this rule would report again (unused writes, a third or less used) is no narrower
    // template to move to: the statement of the used actions is (a broad def, as the narrower is broader
    // than nothing: a narrower that is broad makes def broad).
    const broadFor = (exp: readonly IamAction[]) => exp.some((a) => isWrite(a) && !isUsed(used, a) && !platform.has(a.fullName)) && exp.length >= 4 && usedNames.length <= 2 && usedNames.length * 3 <= exp.length;
    const candidate = usedNames.length ? narrowerTemplate(def, usedNames) : undefined;
    const narrower = candidate && !broadFor(samTemplateExpansion(candidate)) ? candidate : undefined;
    const broad = broadFor(expansion);
    if (usedNames.length > 0 && !narrower && !broad) continue;
    const item: UnusedTemplate = {
      template: t,
      def,
      expansion,
      used: usedNames,
      called: usedNames.filter((a) => called.has(a)),
      unused: unusedActs,
      narrower,
      functions: [...new Set(uses.flatMap((u) => u.functions))],
      handlerFiles: [...new Set(uses.flatMap((u) => u.files))],
    };
    if (narrower) {
      const edit = replaceScalarEdit(model.parsed.text, t.nameNode, narrower.name);
      if (edit) item.fix = { title: `Use ${narrower.name} (same ${def.params.join(', ') || 'parameters'})`, isPreferred: true, changes: [{ file: model.file, edits: [edit] }] };
    } else if (usedNames.length) {
      item.fix = inlineStatementFix(model, t, def, usedNames);
    } else {
      item.fix = removeTemplateFix(model, t, def);
    }
    out.push(item);
  }
  return out;
}

/**
 * Removes a template none of whose actions the role's functions use: its item of the SAM
 * function's `Policies` list goes, or the whole `Policies` key when it is the only item (SAM gives
 * the role it generates AWSLambdaBasicExecutionRole either way, and adds what Tracing / VpcConfig /
 * event sources need whatever `Policies` says). Only for a template of one SAM function's own list.
 */
function removeTemplateFix(model: ConfigModel, t: SamTemplateRef, def: SamPolicyTemplate): Fix | undefined {
  if (t.roleIds.length !== 1 || !t.roleIds[0].startsWith('sam:')) return undefined;
  const fn = model.resources.find((r) => r.id === t.roleIds[0].slice(4) && r.type === 'AWS::Serverless::Function');
  const props = fn?.properties;
  const policies = get(props, 'Policies');
  if (!isMap(props) || !policies) return undefined;
  const same = (n: YNode) => n.range.start === t.node.range.start && n.range.end === t.node.range.end;
  const ed = new DocEditor(model.parsed);
  let edit: TextEdit | undefined;
  if (isSeq(policies)) {
    const idx = policies.items.findIndex(same);
    if (idx < 0) return undefined;
    edit = policies.items.length > 1 ? removeSeqItem(ed, policies, idx) : ed.removePair(props, 'Policies');
  } else if (same(policies)) edit = ed.removePair(props, 'Policies');
  if (!edit) return undefined;
  return { title: `Remove ${def.name}: the code uses none of its actions`, isPreferred: true, changes: [{ file: model.file, edits: [edit] }] };
}

/**
 * `${Param}` in a template's resource ARN, replaced by the text `!Sub` needs for the template's
 * argument: a literal; `${Id}` for `!Ref Id`; `${Id.Attr}` for `!GetAtt Id.Attr`; the template text
 * of a `!Sub 'text'` (written into the outer `!Sub` it resolves the same); `${Param}` kept with a
 * variable `Param: !ImportValue 'name'` for an import of a literal export name (`vars`). This is
 * what SAM does with the template's parameters itself.
 */
function paramSubText(model: ConfigModel, params: YNode | null, name: string, vars: Map<string, string>): string | undefined {
  const v = isMap(params) ? get(params, name) : undefined;
  if (v == null) return undefined;
  const t = stringValue(v);
  const fn = intrinsicName(v);
  if (t !== undefined && !fn) return t.includes('${') || t.includes("'") ? undefined : t;
  const arg = intrinsicArg(v);
  const plain = (x: string | undefined) => x !== undefined && /^[A-Za-z0-9]+$/.test(x);
  if (fn === 'Ref') {
    const id = referencedLogicalId(v);
    return plain(id) ? `\${${id}}` : undefined;
  }
  if (fn === 'Fn::GetAtt') {
    const parts = isSeq(arg) ? arg.items.map((i) => stringValue(i)) : (stringValue(arg) ?? '').split('.');
    return parts.length === 2 && plain(parts[0]) && plain(parts[1]) ? `\${${parts[0]}.${parts[1]}}` : undefined;
  }
  if (fn === 'Fn::Sub') {
    const text = isSeq(arg) ? undefined : stringValue(arg);
    return text !== undefined && !text.includes("'") ? text : undefined;
  }
  if (fn === 'Fn::ImportValue') {
    const exported = stringValue(arg);
    if (exported === undefined || isMap(arg) || isSeq(arg) || !/^[A-Za-z0-9:_-]+$/.test(exported) || !plain(name)) return undefined;
    vars.set(name, exported);
    return `\${${name}}`;
  }
  return undefined;
}

/** `!Sub` of `text` (with `vars`: `!Sub [text, {Var: !ImportValue name}]`). */
function subValue(text: string, vars: ReadonlyMap<string, string>): EditValue {
  const used = [...vars].filter(([k]) => text.includes(`\${${k}}`));
  if (used.length === 0) return verbatim(`!Sub '${text}'`, { 'Fn::Sub': text });
  const yamlVars = used.map(([k, x]) => `${k}: !ImportValue '${x}'`).join(', ');
  return verbatim(`!Sub ['${text}', {${yamlVars}}]`, { 'Fn::Sub': [text, Object.fromEntries(used.map(([k, x]) => [k, { 'Fn::ImportValue': x }]))] });
}

/**
 * Replaces a template with an inline statement granting only the actions used, on the resources the
 * template names (its parameters substituted). Undefined when an argument cannot be written into a
 * `!Sub` (Join, an import of a computed name, a `!Sub` with variables).
 */
function inlineStatementFix(model: ConfigModel, t: SamTemplateRef, def: SamPolicyTemplate, used: readonly string[]): Fix | undefined {
  if (!isMap(t.node) || t.node.entries.length !== 1) return undefined;
  const pair = t.node.entries[0];
  const resources: EditValue[] = [];
  const vars = new Map<string, string>();
  for (const st of def.statements) {
    if (!used.some((a) => st.actions.some((p) => actionPatternMatches(p, a)))) continue;
    for (const r of st.resources) {
      let text = r;
      for (const p of def.params) {
        if (!text.includes(`\${${p}}`)) continue;
        const sub = paramSubText(model, t.params, p, vars);
        if (sub === undefined) return undefined;
        text = text.split(`\${${p}}`).join(sub);
      }
      const value: EditValue = text.includes('${') ? subValue(text, vars) : text;
      if (!resources.some((x) => JSON.stringify(x) === JSON.stringify(value))) resources.push(value);
    }
  }
  if (resources.length === 0) return undefined;
  const ed = new DocEditor(model.parsed);
  const key = replaceScalarEdit(model.parsed.text, t.nameNode, 'Statement');
  const value = ed.replacePairValue(t.node, pair, [{ Effect: 'Allow', Action: [...used], Resource: resources.length === 1 ? resources[0] : resources }]);
  if (!key || !value) return undefined;
  return {
    title: `Replace ${def.name} with a statement granting ${used.length <= 3 ? used.join(', ') : `the ${used.length} actions the code uses`}`,
    isPreferred: true,
    changes: [{ file: model.file, edits: [key, value] }],
  };
}

// ---------------------------------------------------------------------------------------------
// Statements for exactly what the code calls (replacing an administrator policy)

/** Event sources whose polling permissions SAM adds to the role it generates itself. */
const SAM_GRANTED_MAPPINGS = new Set(['sqs', 'dynamodb-stream', 'kinesis']);

/**
 * The statements a role needs for what its functions' handlers call, one per resource the calls
 * use (resolved through `!Ref`/`!GetAtt`/environment; `'*'` only for actions without
 * resource-level permissions). Undefined when that is not all the role needs or cannot be told:
 * a handler not fully read, a call whose resource does not resolve, actions AWS uses on the
 * function's behalf beyond what SAM grants its generated roles (caller-credential services, SDK
 * helpers, destinations, event sources other than SQS/Kinesis/DynamoDB streams, SSE-KMS keys).
 *
 * `needed`: only the actions it accepts need statements — those a managed policy being replaced
 * grants (`AmazonDynamoDBFullAccess`: the code's DynamoDB calls); the role's other grants keep
 * serving the rest, so a call outside it may stay unresolved. What AWS uses on the functions'
 * behalf among them (destinations, event-source polling on a role no framework grants it to), and
 * any SSE-KMS key of the template, still make the answer undefined.
 */
export function statementsForCode(model: ConfigModel, role: RoleModel, handlers: readonly HandlerRef[], links: Links, project: Project, opts: CodeUseOptions = {}, needed?: (action: string) => boolean): { actions: string[]; resources: EditValue[] }[] | undefined {
  const u = roleUse(model, role, handlers, links, project, opts);
  if (!u.ok) return undefined;
  const keep = needed ?? (() => true);
  // The frameworks' generated roles get the pollers' actions from the framework; any other role only from its policies.
  const frameworkRole = role.id === 'sls:shared' || role.id.startsWith('sls:fn:') || role.id.startsWith('sam:');
  for (const id of role.functions) {
    const fn = model.functions.find((f) => f.id === id);
    if (!fn || (hasDestinations(model, fn) && (!needed || DESTINATION_ACTIONS.some(keep)))) return undefined;
    const mappings = eventSourceMappings(model, fn, []);
    if (mappings.some((m) => !SAM_GRANTED_MAPPINGS.has(m.id))) return undefined;
    if (needed && !frameworkRole && mappings.some((m) => m.actions.some(keep))) return undefined;
  }
  const platform = new Set([...u.platform, ...SSE_KMS_ACTIONS]);
  for (const a of u.used) if (!u.called.has(a) && !platform.has(a) && !isLambdaServiceAction(a) && keep(a)) return undefined;
  if (needed && [...u.platform].some((a) => keep(a) && !isLambdaServiceAction(a) && !frameworkRole)) return undefined;
  if ([...u.called].some((a) => a.startsWith('kms:') && keep(a)) || sseKeys(model).length) return undefined;
  const ctx: NarrowContext = { called: u.called, sites: u.sites, roles: [role] };
  const groups = new Map<string, { actions: string[]; resources: EditValue[] }>();
  for (const a of [...u.called].sort()) {
    if (!keep(a)) continue;
    const act = lookupAction(a);
    if (!act) return undefined;
    let key = '*';
    let resources: EditValue[] = ['*'];
    if (!staysOnStar(act)) {
      const res = callResources(model, a, ctx);
      if (!res) return undefined;
      key = res.key;
      resources = res.arns;
    }
    const g = groups.get(key) ?? { actions: [], resources };
    g.actions.push(a);
    groups.set(key, g);
  }
  return [...groups.values()];
}

// ---------------------------------------------------------------------------------------------
// Resource '*' scoped to the resources the code uses


/**
 * "Scope to the resources the code uses": an identity statement on `Resource: '*'` whose roles'
 * functions are all analysed (`opts.inline`: code written in the template counts), with exact actions only. Each action `scopable` accepts must be called
 * by the code on resources that all resolve (`!Ref`/`!GetAtt`/environment); it moves to those ARNs
 * (one statement per set of resources, the first in place of the original). The others stay on
 * `'*'` in a statement of their own. Undefined when any of that cannot be done.
 */
export function scopeToCodeFix(model: ConfigModel, st: PolicyStatement, scopable: (a: IamAction) => boolean, handlers: readonly HandlerRef[], links: Links, project: Project, opts: CodeUseOptions = {}): Fix | undefined {
  const d = st.doc;
  if (d.kind !== 'identity' || d.roleIds.length === 0 || !st.actions || st.notActions || st.condition) return undefined;
  const items = st.resources?.items ?? [];
  if (items.length !== 1 || literalText(items[0]) !== '*') return undefined;
  const roles = d.roleIds.map((id) => model.roles.find((r) => r.id === id));
  if (roles.some((r) => !r)) return undefined;
  const uses = (roles as RoleModel[]).map((r) => roleUse(model, r, handlers, links, project, opts));
  if (uses.some((u) => !u.ok)) return undefined;
  const ctx: NarrowContext = { called: new Set(uses.flatMap((u) => [...u.called])), sites: new Map(), roles: roles as RoleModel[] };
  for (const u of uses) for (const [a, l] of u.sites) ctx.sites.set(a, [...(ctx.sites.get(a) ?? []), ...l]);
  // Every function of the roles is analysed: what the code neither calls nor needs AWS to use can go.
  const used = new Set(uses.flatMap((u) => [...u.used]));
  const star: string[] = [];
  const dropped: string[] = [];
  /** Patterns kept only in part (the called actions they match). */
  const narrowed: string[] = [];
  const groups = new Map<string, { actions: string[]; resources: EditValue[] }>();
  const fns = (roles as RoleModel[]).flatMap((r) => r.functions.map((id) => model.functions.find((f) => f.id === id)).filter((f): f is FunctionModel => !!f));
  const place = (name: string, act: IamAction): boolean => {
    // Lambda's pollers use the role on the event sources' queues and streams; destinations send with it.
    const polled = mappingResources(model, fns, handlers, act.fullName);
    if (polled === undefined) return false;
    if (DESTINATION_ACTIONS.includes(act.fullName) && fns.some((f) => hasDestinations(model, f))) return false;
    if (!ctx.called.has(act.fullName)) {
      // Used by AWS on the function's behalf (SSE-KMS, destinations…) other than polling: its resource is not the code's.
      if (!polled && (used.has(act.fullName) || isLambdaServiceAction(act.fullName))) return false;
      if (!polled) {
        dropped.push(name);
        return true;
      }
    }
    const res = ctx.called.has(act.fullName) ? callResources(model, act.fullName, ctx) : { key: '', arns: [] };
    if (!res) return false;
    const arns = [...res.arns];
    const keys = res.key ? res.key.split('|') : [];
    for (const x of polled ?? []) {
      const k = JSON.stringify((x as { yaml: string }).yaml);
      if (!keys.includes(k)) {
        keys.push(k);
        arns.push(x);
      }
    }
    const key = keys.sort().join('|');
    const g = groups.get(key) ?? { actions: [], resources: arns };
    if (!g.actions.includes(name)) g.actions.push(name);
    groups.set(key, g);
    return true;
  };
  for (const v of st.actions.items) {
    const text = literalText(v);
    if (text === undefined || v.resolvedFrom) return undefined;
    if (hasWildcard(text)) {
      // A pattern becomes the called actions it matches; nothing else it grants may be in use.
      const exp = expandAction(text);
      if (exp.length === 0 || exp.some((a) => isLambdaServiceAction(a.fullName) || (used.has(a.fullName) && !ctx.called.has(a.fullName)))) return undefined;
      const calledHere = exp.filter((a) => ctx.called.has(a.fullName));
      if (calledHere.length === 0) dropped.push(text);
      else if (calledHere.length < exp.length) narrowed.push(text);
      for (const act of calledHere) {
        if (!scopable(act)) {
          if (!star.includes(act.fullName)) star.push(act.fullName);
        } else if (!place(act.fullName, act)) return undefined;
      }
      continue;
    }
    const act = lookupAction(text);
    if (!act) return undefined;
    if (!scopable(act)) {
      star.push(text);
      continue;
    }
    if (!place(text, act)) return undefined;
  }
  const loses = (action: string) => !ctx.called.has(action) && [...dropped, ...narrowed].some((t) => actionPatternMatches(t, action));
  // iam:PassRole is no SDK call: never dropped from a role whose code may hand a role to a service.
  if (loses('iam:PassRole') && [...ctx.called].some(mayPassRole)) return undefined;
  // Grants that change what a called action answers are kept (see ANSWER_SHAPING).
  for (const x of ANSWER_SHAPING) if (loses(x.action) && [...ctx.called].some((c) => x.whenCalled.includes(c))) return undefined;
  const list = [...groups.values()];
  const ed = new DocEditor(model.parsed);
  const map = statementMap(st);
  if (!map || !st.resources) return undefined;
  if (list.length === 0) {
    // Only actions that take no ARN remain: they stay on '*', the rest goes.
    const e = star.length && dropped.length ? setActions(ed, st, dedupe(star)) : undefined;
    return e ? { title: `Keep only ${listText(dedupe(star))} (no resource ARN) and drop ${dropped.length <= 3 ? dropped.join(', ') : `${dropped.length} actions`} the code never calls`, isPreferred: true, changes: [{ file: model.file, edits: [e] }] } : undefined;
  }
  const [first, ...rest] = list;
  const e1 = rescopeStatement(ed, st, first);
  const added = addStatements(ed, d, [...rest, ...(star.length ? [{ actions: star, resources: ['*'] as EditValue[] }] : [])]);
  if (!e1 || !added) return undefined;
  const edits: TextEdit[] = [...e1, ...added];
  const drop = dropped.length ? ` and drop ${dropped.length <= 3 ? dropped.join(', ') : `${dropped.length} actions`} it never calls` : '';
  return { title: `Scope to the resources the code uses${drop}`, isPreferred: true, changes: [{ file: model.file, edits }] };
}

/**
 * The queues and streams Lambda's event-source pollers read with the functions' role, for an
 * action of their polling sets (data/implied-actions.ts EVENT_SOURCE_MAPPINGS): `null` when no
 * mapping of these functions uses the action, `undefined` when one does but its source is not a
 * resource of this template (an ARN, another stack, a mapping of a kind we cannot tell).
 */
function mappingResources(model: ConfigModel, fns: readonly FunctionModel[], handlers: readonly HandlerRef[], action: string): Verbatim[] | null | undefined {
  let links: TriggerLink[] | undefined;
  const out: Verbatim[] = [];
  let any = false;
  for (const fn of fns) {
    const h = handlers.find((x) => x.fnId === fn.id);
    for (const m of eventSourceMappings(model, fn, h?.triggers ?? [])) {
      if (!m.actions.includes(action)) continue;
      any = true;
      links ??= triggerLinks(model);
      const mine = links.filter((l) => l.functionId === fn.id && l.kind === m.id);
      if (mine.length === 0) return undefined;
      for (const l of mine) {
        const r = l.resourceId ? model.resources.find((x) => x.id === l.resourceId) : undefined;
        const att = !r ? undefined : r.type === 'AWS::SQS::Queue' || r.type === 'AWS::Kinesis::Stream' ? 'Arn' : r.type === 'AWS::DynamoDB::Table' && m.id === 'dynamodb-stream' ? 'StreamArn' : undefined;
        if (!r || !att || get(r.node, 'Condition') != null) return undefined;
        if (!out.some((x) => x.yaml === `!GetAtt ${r.id}.${att}`)) out.push(verbatim(`!GetAtt ${r.id}.${att}`, { 'Fn::GetAtt': [r.id, att] }));
      }
    }
  }
  return any ? out : null;
}

// ---------------------------------------------------------------------------------------------
// What the Lambda service needs of a CloudFormation role once a managed policy is removed

const VPC_POLICIES = ['AWSLambdaVPCAccessExecutionRole'];
const XRAY_POLICIES = ['AWSXRayDaemonWriteAccess', 'AWSXrayWriteOnlyAccess'];

/**
 * The statements the Lambda service needs on a role of its functions (logs on their log groups;
 * X-Ray / VPC interfaces on '*' when configured), when its managed policies other than `removed`
 * do not grant them: `[]` for the frameworks' own roles (they add these themselves). Undefined when
 * that cannot be told (a function writes to a log group of its own choosing, a managed policy
 * that is not a literal ARN).
 */
export function lambdaServiceStatements(model: ConfigModel, role: RoleModel, removed?: YNode): { actions: string[]; resources: EditValue[] }[] | undefined {
  if (role.id === 'sls:shared' || role.id.startsWith('sls:fn:') || role.id.startsWith('sam:')) return [];
  const r = model.resources.find((x) => x.id === role.id);
  if (!r) return undefined;
  const remaining: string[] = [];
  for (const item of asList(get(r.properties, 'ManagedPolicyArns'))) {
    if (item === removed) continue;
    const t = stringValue(item);
    if (t === undefined || intrinsicName(item)) return undefined;
    remaining.push(t.slice(t.lastIndexOf('/') + 1));
  }
  const has = (names: readonly string[]) => remaining.some((n) => names.includes(n));
  const out: { actions: string[]; resources: EditValue[] }[] = [];
  const needs = new Set<string>();
  for (const id of role.functions) {
    const fn = model.functions.find((f) => f.id === id);
    if (!fn) return undefined;
    const props = model.kind === 'serverless' ? fn.node : get(fn.node, 'Properties');
    if (get(props, 'LoggingConfig') != null || get(props, 'logs') != null) return undefined;
    for (const a of platformNeeds(model, fn)) needs.add(a);
  }
  const known = new Set<string>([...PLATFORM_NEEDS.logs, ...PLATFORM_NEEDS.xray, ...PLATFORM_NEEDS.vpc]);
  if ([...needs].some((a) => !known.has(a))) return undefined; // durable execution…: not written here
  if (!has(BASIC_EXECUTION)) out.push({ actions: [...PLATFORM_NEEDS.logs], resources: logGroups(model, [role]) });
  const xray = PLATFORM_NEEDS.xray.filter((a) => needs.has(a));
  if (xray.length && !has([...XRAY_POLICIES, 'AWSLambdaExecute'])) out.push({ actions: xray, resources: ['*'] });
  const vpc = PLATFORM_NEEDS.vpc.filter((a) => needs.has(a));
  if (vpc.length && !has(VPC_POLICIES)) out.push({ actions: vpc, resources: ['*'] });
  return out;
}

// ---------------------------------------------------------------------------------------------
// What the code of a statement's roles does, for fixes outside this module

/** The calls of a statement's roles' code, when every function of those roles is fully analysed. */
export interface StatementCodeUse {
  /** Actions the handlers' calls need. */
  called: ReadonlySet<string>;
  /** Where each action is called. */
  sites: ReadonlyMap<string, readonly { fn: FunctionModel; call: SdkCall }[]>;
  /** The ARN expressions of the resources the calls of `action` use; undefined when one does not resolve. */
  resources(action: string): EditValue[] | undefined;
}

/** See StatementCodeUse; undefined when a role of the statement is not fully known (roleUse). */
export function statementCodeUse(model: ConfigModel, st: PolicyStatement, handlers: readonly HandlerRef[], links: Links, project: Project): StatementCodeUse | undefined {
  const roles = st.doc.roleIds.map((id) => model.roles.find((r) => r.id === id));
  if (st.doc.kind !== 'identity' || roles.length === 0 || roles.some((r) => !r)) return undefined;
  const uses = (roles as RoleModel[]).map((r) => roleUse(model, r, handlers, links, project));
  if (uses.some((u) => !u.ok)) return undefined;
  const ctx: NarrowContext = { called: new Set(uses.flatMap((u) => [...u.called])), sites: new Map(), roles: roles as RoleModel[] };
  for (const u of uses) for (const [a, l] of u.sites) ctx.sites.set(a, [...(ctx.sites.get(a) ?? []), ...l]);
  return { called: ctx.called, sites: ctx.sites, resources: (action) => callResources(model, action, ctx)?.arns };
}
