/**
 * The quick fix of iam-missing-permission: grant the actions one finding names (one action, or every
 * action the function misses on one resource) to a function's role, in one statement, never with
 * `Resource: '*'` for an action that takes an ARN.
 *
 *  1. The resource the call uses is in the template → a statement scoped to its ARN
 *     (`!GetAtt OrdersTable.Arn`, `!Sub '${Bucket.Arn}/*'`), added to the action list of a statement
 *     already scoped exactly that way, else as a new statement — in the function's own statements
 *     when it has its own role, else in the provider / role policy (created when there is none).
 *  2. Otherwise → the action is added to an existing Allow statement of the role that already
 *     grants actions of the same service on resources the action applies to (not `'*'`).
 *  3. Otherwise, a resource the code names literally (outside the template) → a new statement on
 *     its ARN from the catalogue's format (resources.ts `arnsForLiteral`).
 *  4. Otherwise, an action without resource-level permissions → a new statement on '*'.
 *  5. Otherwise no fix.
 */
import { lookupAction, serviceInfo } from '../iam/catalog';
import { listText, literalText, resourcePatternText } from '../iam/policy-analysis';
import { referencedLogicalId, subTemplate } from '../model/cfn';
import type { ConfigModel, FunctionModel, PolicyDocument, PolicyStatement, ResourceModel, RoleModel } from '../model/types';
import type { Fix, TextEdit } from '../types';
import { get, getPair, intrinsicArg, intrinsicName, isMap, isSeq, toJS, type YMap, type YNode } from '../yaml/ast';
import { DocEditor, Verbatim, type EditValue } from '../fix/yaml-edit';
import { addAction, addStatement, appendToSeq, setActions } from './edits';
import { arnExpressions, arnsForLiteral, type ResolvedResource } from './resources';
import { staysOnStar } from '../iam/data/optional-resources';

export interface MissingFixInput {
  model: ConfigModel;
  configFile: string;
  fn: FunctionModel;
  role: RoleModel;
  /** The actions to grant (one finding's: every action the function misses on one resource), one statement for all. */
  actions: readonly string[];
  resolved?: ResolvedResource;
  usesIndex: boolean;
}

function jsonOf(v: EditValue): unknown {
  if (v instanceof Verbatim) return v.json ?? v.yaml;
  if (Array.isArray(v)) return v.map(jsonOf);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonOf(x)]));
  return v;
}

/** Long-form JSON of a resource node, with `!GetAtt a.b` normalised to `[a, b]`. */
function normIntrinsic(x: unknown): unknown {
  if (x && typeof x === 'object' && !Array.isArray(x)) {
    const o = x as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === 'Fn::GetAtt' && typeof o['Fn::GetAtt'] === 'string') {
      const s = o['Fn::GetAtt'] as string;
      const dot = s.indexOf('.');
      return { 'Fn::GetAtt': [s.slice(0, dot), s.slice(dot + 1)] };
    }
    return Object.fromEntries(keys.map((k) => [k, normIntrinsic(o[k])]));
  }
  if (Array.isArray(x)) return x.map(normIntrinsic);
  return x;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(normIntrinsic(a)) === JSON.stringify(normIntrinsic(b));
}

/** The documents a new grant for this function should go into, best first. */
function targetDocs(model: ConfigModel, fn: FunctionModel, role: RoleModel): PolicyDocument[] {
  const docs = role.documents.filter((d) => d.kind === 'identity');
  const own = (d: PolicyDocument) => d.roleIds.length === 1 && d.roleIds[0] === role.id;
  if (model.kind === 'serverless') {
    if (role.id.startsWith('sls:fn:')) return docs.filter((d) => d.where.startsWith(`functions.${fn.id}.`));
    const prov = docs.filter((d) => d.where === 'provider.iam.role.statements' || d.where === 'provider.iamRoleStatements');
    return [...prov, ...docs.filter((d) => !prov.includes(d) && own(d))];
  }
  if (role.id.startsWith('sam:')) return docs.filter((d) => d.where.startsWith(`Resources.${fn.id}.Properties.Policies`));
  return [...docs.filter((d) => d.where.startsWith(`Resources.${role.id}.`)), ...docs.filter((d) => !d.where.startsWith(`Resources.${role.id}.`) && own(d))];
}

/** Where a document lives, for fix titles. */
function docLabel(d: PolicyDocument): string {
  return d.where;
}

function newStatement(actions: readonly string[], resources: EditValue[]): EditValue {
  return { Effect: 'Allow', Action: [...actions], Resource: resources.length === 1 ? resources[0] : resources };
}

/** Adds the actions to a statement's Action list: one appended item, or the list rewritten when every entry is a literal. */
function addActions(ed: DocEditor, st: PolicyStatement, actions: readonly string[]): TextEdit | undefined {
  if (actions.length === 1) return addAction(ed, st, actions[0]);
  const have = (st.actions?.items ?? []).map((v) => literalText(v));
  if (have.some((t) => t === undefined)) return undefined;
  return setActions(ed, st, [...(have as string[]), ...actions.filter((a) => !have.includes(a))]);
}

/** Distinct values by their JSON. */
function uniqueJson(values: readonly EditValue[]): EditValue[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = JSON.stringify(normIntrinsic(jsonOf(v)));
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Every action's ARNs, merged (a grouped grant: `s3:GetObject` on the objects and `s3:ListBucket` on the bucket in one statement); undefined when one has none. */
function unionArns(actions: readonly string[], arnsOf: (action: string) => EditValue[] | undefined): EditValue[] | undefined {
  const all: EditValue[] = [];
  for (const a of actions) {
    const arns = arnsOf(a);
    if (!arns) return undefined;
    all.push(...arns);
  }
  return uniqueJson(all);
}

/** An edit that adds a statement where the role has no document of its own yet. */
function createDocEdit(ed: DocEditor, model: ConfigModel, fn: FunctionModel, role: RoleModel, statement: EditValue): { edit: TextEdit; where: string } | undefined {
  if (model.kind === 'serverless') {
    if (role.id !== 'sls:shared') return undefined;
    const provider = get(model.root, 'provider');
    if (!isMap(provider)) return undefined;
    const legacy = getPair(provider, 'iamRoleStatements') != null;
    if (legacy) return undefined;
    const e = ed.setIn(provider, ['iam', 'role', 'statements'], [statement]);
    return e ? { edit: e, where: 'provider.iam.role.statements' } : undefined;
  }
  if (role.id.startsWith('sam:')) {
    const props = get(fn.node, 'Properties');
    if (!isMap(props)) return undefined;
    const policies = get(props, 'Policies');
    const doc = { Statement: [statement] };
    if (policies == null) {
      const e = ed.insertPair(props, 'Policies', [doc]);
      return e ? { edit: e, where: `Resources.${fn.id}.Properties.Policies` } : undefined;
    }
    if (isSeq(policies)) {
      const e = appendToSeq(ed, policies, doc);
      return e ? { edit: e, where: `Resources.${fn.id}.Properties.Policies` } : undefined;
    }
    return undefined;
  }
  const r = model.resources.find((x) => x.id === role.id && x.type === 'AWS::IAM::Role');
  if (!r || !isMap(r.properties)) return undefined;
  const doc = { PolicyName: 'handler-access', PolicyDocument: { Version: '2012-10-17', Statement: [statement] } };
  const policies = get(r.properties, 'Policies');
  if (policies == null) {
    const e = ed.insertPair(r.properties as YMap, 'Policies', [doc]);
    return e ? { edit: e, where: `Resources.${r.id}.Properties.Policies` } : undefined;
  }
  if (isSeq(policies)) {
    const e = appendToSeq(ed, policies, doc);
    return e ? { edit: e, where: `Resources.${r.id}.Properties.Policies` } : undefined;
  }
  return undefined;
}

// --- resource compatibility (for adding to an existing statement) ---------------------------------

/** A representative ARN for a template resource's ARN (`!GetAtt T.Arn` of a table → `arn:aws:dynamodb:r:a:table/T`). */
export function sampleArn(r: ResourceModel | undefined): string | undefined {
  if (!r) return undefined;
  const id = r.id.toLowerCase();
  switch (r.type) {
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable':
    case 'AWS::Serverless::SimpleTable':
      return `arn:aws:dynamodb:r:1:table/${id}`;
    case 'AWS::S3::Bucket':
      return `arn:aws:s3:::${id}`;
    case 'AWS::SQS::Queue':
      return `arn:aws:sqs:r:1:${id}`;
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:r:1:${id}`;
    case 'AWS::Kinesis::Stream':
      return `arn:aws:kinesis:r:1:stream/${id}`;
    case 'AWS::KinesisFirehose::DeliveryStream':
      return `arn:aws:firehose:r:1:deliverystream/${id}`;
    case 'AWS::Lambda::Function':
    case 'AWS::Serverless::Function':
      return `arn:aws:lambda:r:1:function:${id}`;
    case 'AWS::StepFunctions::StateMachine':
    case 'AWS::Serverless::StateMachine':
      return `arn:aws:states:r:1:stateMachine:${id}`;
    case 'AWS::SecretsManager::Secret':
      return `arn:aws:secretsmanager:r:1:secret:${id}`;
    case 'AWS::KMS::Key':
      return `arn:aws:kms:r:1:key/${id}`;
    case 'AWS::Events::EventBus':
      return `arn:aws:events:r:1:event-bus/${id}`;
    default:
      return undefined;
  }
}

/** Statement resource items as sample ARN strings (`${...}` placeholders → `x`). */
export function resourceSamples(model: ConfigModel, st: PolicyStatement): string[] | undefined {
  const out: string[] = [];
  for (const v of st.resources?.items ?? []) {
    const lit = literalText(v);
    if (lit !== undefined) {
      out.push(lit);
      continue;
    }
    const fnName = intrinsicName(v.node);
    if (fnName === 'Ref' || fnName === 'Fn::GetAtt') {
      const id = referencedLogicalId(v.node);
      const attr = fnName === 'Fn::GetAtt' ? getAttAttr(v.node) : 'Ref';
      const r = model.resources.find((x) => x.id === id);
      const s = sampleArn(r);
      if (s && (attr === 'Arn' || (attr === 'Ref' && (r?.type === 'AWS::SNS::Topic' || r?.type.includes('StateMachine') || r?.type === 'AWS::SecretsManager::Secret')))) out.push(s);
      continue;
    }
    const t = resourcePatternText(v) ?? subTemplate(v.node);
    if (t !== undefined) {
      out.push(substitute(model, t));
      continue;
    }
  }
  return out.length ? out : undefined;
}

function getAttAttr(n: YNode): string | undefined {
  const arg = intrinsicArg(n);
  if (isSeq(arg)) return String(toJS(arg.items[1]) ?? '');
  const s = toJS(arg);
  return typeof s === 'string' ? s.slice(s.indexOf('.') + 1) : undefined;
}

/** `${Bucket.Arn}/*` → sample ARN + `/*`; other `${...}` → `x`. */
function substitute(model: ConfigModel, t: string): string {
  let out = '';
  let i = 0;
  while (i < t.length) {
    const open = t.indexOf('${', i);
    if (open < 0) {
      out += t.slice(i);
      break;
    }
    out += t.slice(i, open);
    const close = t.indexOf('}', open);
    if (close < 0) {
      out += t.slice(open);
      break;
    }
    const inner = t.slice(open + 2, close);
    const dot = inner.indexOf('.');
    const r = dot > 0 && inner.slice(dot + 1) === 'Arn' ? model.resources.find((x) => x.id === inner.slice(0, dot)) : undefined;
    out += sampleArn(r) ?? 'x';
    i = close + 1;
  }
  return out;
}

/** Does an ARN (possibly with `*`) fit an ARN format (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`)? */
export function arnFits(format: string, arn: string): boolean {
  // tokens: literal text and placeholders; internal placeholders match no ':' or '/', a trailing
  // object-like placeholder matches anything.
  const toks: { lit?: string; ph?: string }[] = [];
  let i = 0;
  while (i < format.length) {
    const open = format.indexOf('${', i);
    if (open < 0) {
      toks.push({ lit: format.slice(i) });
      break;
    }
    if (open > i) toks.push({ lit: format.slice(i, open) });
    const close = format.indexOf('}', open);
    if (close < 0) return false;
    toks.push({ ph: format.slice(open + 2, close) });
    i = close + 1;
  }
  const memo = new Map<string, boolean>();
  const go = (ti: number, ai: number): boolean => {
    const key = `${ti}:${ai}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r = false;
    if (ti === toks.length) r = ai === arn.length;
    else {
      const t = toks[ti];
      if (t.lit !== undefined) {
        // `*` in the ARN may stand for any literal run
        if (arn.startsWith(t.lit, ai)) r = go(ti + 1, ai + t.lit.length);
        else if (arn[ai] === '*') r = go(ti + 1, ai + 1) || go(ti, ai + 1);
      } else {
        const last = ti === toks.length - 1;
        const free = last && /ObjectName|Key|Path|WithoutLeadingSlash|ResourceName/.test(t.ph ?? '');
        for (let e = ai; e <= arn.length; e++) {
          if (e > ai && !free && (arn[e - 1] === ':' || arn[e - 1] === '/')) break;
          if (go(ti + 1, e)) {
            r = true;
            break;
          }
        }
      }
    }
    memo.set(key, r);
    return r;
  };
  return arn.length <= 512 && go(0, 0);
}

/**
 * Does the statement's Resource suit `action`, by the catalogue's resource types? `true`/`false`
 * for resources we can read (`'*'` suits only actions without resource-level permissions, which
 * iam-wildcard-resource accepts there), `undefined` when the resources cannot be read.
 */
export function resourcesFitAction(model: ConfigModel, st: PolicyStatement, action: string): boolean | undefined {
  const a = lookupAction(action);
  if (!a) return undefined;
  const samples = resourceSamples(model, st);
  if (!samples || samples.length !== (st.resources?.items.length ?? -1)) return undefined;
  const formats = (serviceInfo(a.service)?.resourceTypes ?? []).filter((rt) => a.resourceTypes.some((x) => x.name === rt.name)).map((rt) => rt.arnFormat);
  return samples.some((s) => (s === '*' ? staysOnStar(a) : formats.some((f) => arnFits(f, s))));
}

function statementFitsAction(model: ConfigModel, st: PolicyStatement, action: string): boolean {
  const a = lookupAction(action);
  if (!a) return false;
  const samples = resourceSamples(model, st);
  if (!samples || samples.some((s) => s === '*')) return false;
  const formats = (serviceInfo(a.service)?.resourceTypes ?? []).filter((rt) => a.resourceTypes.some((x) => x.name === rt.name)).map((rt) => rt.arnFormat);
  if (!formats.length) return false;
  return samples.some((s) => formats.some((f) => arnFits(f, s)));
}

// --- the fix ----------------------------------------------------------------------------------------

export function missingPermissionFix(inp: MissingFixInput): Fix | undefined {
  const { model, configFile, fn, role, actions, resolved, usesIndex } = inp;
  if (!actions.length) return undefined;
  const ed = new DocEditor(model.parsed);
  const json = model.parsed.format === 'json';
  const targets = targetDocs(model, fn, role);
  const action = listText(actions, 4);
  const services = new Set(actions.map((a) => a.slice(0, a.indexOf(':')).toLowerCase()));
  const svc = services.size === 1 ? [...services][0] : undefined;
  /** The action on these ARNs: in a statement already scoped exactly to them, else a new statement. */
  const grantOn = (arns: EditValue[], label: string): Fix | undefined => {
    const wanted = arns.map((a) => jsonOf(a));
    for (const d of targets) {
      for (const st of d.statements) {
        if (st.effect !== 'Allow' || st.notActions || st.condition != null || !st.resources || !st.actions) continue;
        const have = (st.resources.items ?? []).map((v) => toJS(v.node));
        if (have.length !== wanted.length || !have.every((h, k) => sameJson(h, wanted[k]))) continue;
        const e = addActions(ed, st, actions);
        if (e) return fix(`Allow ${action} on ${label} (add to the statement scoped to it in ${docLabel(d)})`, configFile, e);
      }
    }
    const statement = newStatement(actions, arns);
    for (const d of targets) {
      const e = addStatement(ed, d, statement);
      if (e) return fix(`Allow ${action} on ${label} (new statement in ${docLabel(d)})`, configFile, e);
    }
    if (targets.length === 0) {
      const c = createDocEdit(ed, model, fn, role, statement);
      if (c) return fix(`Allow ${action} on ${label} (new statement in ${c.where})`, configFile, c.edit);
    }
    return undefined;
  };
  const r = resolved?.resource;
  if (r) {
    const arns = unionArns(actions, (a) => arnExpressions(r, a, usesIndex, json));
    if (arns) return grantOn(arns, r.id);
  }
  // No template resource: extend a statement that already targets this service's resources.
  const candidates: { d: PolicyDocument; st: PolicyStatement }[] = [];
  const seen = new Set<YNode>();
  if (svc) for (const d of [...targets, ...role.documents.filter((x) => x.kind === 'identity' && !targets.includes(x))]) {
    for (const st of d.statements) {
      if (seen.has(st.node)) continue;
      seen.add(st.node);
      if (st.effect !== 'Allow' || st.notActions || !st.actions || st.condition != null || st.notResources) continue;
      const acts = st.actions.items.map((v) => literalText(v));
      if (acts.some((t) => t === undefined || t === '*')) continue;
      if (!acts.some((t) => t!.toLowerCase().startsWith(svc + ':'))) continue;
      if (!actions.every((a) => statementFitsAction(model, st, a))) continue;
      candidates.push({ d, st });
    }
  }
  for (const { d, st } of candidates) {
    const e = addActions(ed, st, actions);
    const other = literalText(st.actions!.items.find((v) => literalText(v)?.toLowerCase().startsWith(svc + ':')));
    if (e) return fix(`Add ${action} to the statement that grants ${other} (${docLabel(d)})`, configFile, e);
  }
  // A resource the code names literally (outside the template): its ARN from the catalogue's format.
  const named = resolved && !r ? unionArns(actions, (a) => arnsForLiteral(resolved, a, usesIndex)) : undefined;
  if (named) return grantOn(named, resolved!.literal!);
  // An action without resource-level permissions (or with optional extras only) works only on '*' (where no rule reports it).
  if (actions.every((a) => staysOnStar(lookupAction(a)))) {
    const statement = newStatement(actions, ['*']);
    for (const d of targets) {
      const e = addStatement(ed, d, statement);
      if (e) return fix(`Allow ${action} (it takes no resource ARN: new statement on '*' in ${docLabel(d)})`, configFile, e);
    }
    if (targets.length === 0) {
      const c = createDocEdit(ed, model, fn, role, statement);
      if (c) return fix(`Allow ${action} (it takes no resource ARN: new statement on '*' in ${c.where})`, configFile, c.edit);
    }
  }
  return undefined;
}

function fix(title: string, file: string, edit: TextEdit): Fix {
  return { title, isPreferred: true, changes: [{ file, edits: [edit] }] };
}

