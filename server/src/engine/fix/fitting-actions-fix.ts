/**
 * An action wildcard (`s3:*`, `cognito-sync:*`, `s3:Get*`) in a statement whose resources are
 * all known ARNs, when only some of the actions it matches can act on those resources (their
 * resource types, per the IAM catalogue, fit the ARNs — iam-service-wildcard-action's "of which N
 * apply to these resources"): the wildcard becomes exactly those actions. The statement grants
 * the same today — an action whose resource types do not fit the ARNs, or that takes no resource
 * ARN at all, is not allowed by a statement naming these resources anyway — and no longer grants
 * what AWS adds to the service later. Offered for Allow statements whose Action entries are all
 * literals written in place. Pure.
 *
 * The rule's count (`fittingActions`) matches a sample ARN per resource against the catalogue's
 * formats; a fix must not drop an action the statement does grant, so the list is checked again
 * with patterns that can only over-approximate (`possiblyGranted`): a `*` in a resource, or a
 * value the file does not fix (a parameter, an import), may stand for any text, including `/` and
 * `:`; the catalogue's placeholders likewise. The fix is offered only when both agree.
 */
import type { ConfigModel, PolicyStatement, StrValue } from '../model/types';
import type { IamAction } from '../iam/catalog';
import type { Fix } from '../types';
import { literalText, listText } from '../iam/policy-analysis';
import { serviceInfo, serviceName } from '../iam/catalog';
import { setActions } from '../permissions/edits';
import { sampleArn } from '../permissions/missing-fix';
import { referencedLogicalId } from '../model/cfn';
import { get, intrinsicArg, intrinsicName, isSeq, stringValue, type YNode } from '../yaml/ast';
import { DocEditor } from './yaml-edit';

/**
 * A pattern token: one literal character (a string), or a run of characters — `many` (any number)
 * or exactly one — none of them in `not`.
 */
type Tok = string | { many: boolean; not: string };
/** Any text. */
const ANY: Tok = { many: true, not: '' };
/** Any text without `/`: a template resource's name or id. */
const SEG: Tok = { many: true, not: '/' };
/** One ARN field (partition, region, account): at least one character, neither `:` nor `/`. */
const FIELD: Tok[] = [{ many: false, not: ':/' }, { many: true, not: ':/' }];
/** Pseudo parameters whose values hold neither `:` nor `/`. */
const PSEUDO = new Set(['AWS::Partition', 'AWS::Region', 'AWS::AccountId', 'AWS::URLSuffix']);

/**
 * Catalogue ARN placeholders whose values never hold `/`, per the services' naming rules; any other
 * placeholder may be any text. Data: one entry per placeholder, with its source.
 */
export const SLASHLESS_PLACEHOLDERS: readonly { placeholder: string; source: string }[] = [
  { placeholder: 'BucketName', source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (lowercase letters, numbers, dots, hyphens)' },
  { placeholder: 'TableName', source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html (a-z, A-Z, 0-9, _ - .)' },
  { placeholder: 'QueueName', source: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html (alphanumerics, hyphens, underscores)' },
  { placeholder: 'TopicName', source: 'https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html (alphanumerics, hyphens, underscores)' },
  { placeholder: 'FunctionName', source: 'https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (letters, numbers, hyphens, underscores)' },
  { placeholder: 'StreamName', source: 'https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html (a-zA-Z0-9_.-)' },
];
const SLASHLESS = new Set(SLASHLESS_PLACEHOLDERS.map((e) => e.placeholder));
const ARN_FIELDS = new Set(['Partition', 'Region', 'Account']);

function literalToks(t: string): Tok[] {
  return [...t].map((c) => (c === '*' || c === '?' ? ANY : c));
}

/** `${Name}` / `${Name.Attr}` of a `!Sub`: what its value can be. */
function subVarToks(model: ConfigModel, name: string): Tok[] {
  if (PSEUDO.has(name)) return FIELD;
  const dot = name.indexOf('.');
  const id = dot < 0 ? name : name.slice(0, dot);
  const r = model.resources.find((x) => x.id === id);
  if (!r) return [ANY]; // a parameter, an unknown name: any text
  if (dot < 0) return [SEG]; // a template resource's Ref: its name or id
  const sample = name.slice(dot + 1) === 'Arn' ? sampleArn(r) : undefined;
  return sample ? literalToks(sample) : [ANY];
}

/** A `!Ref` / `!GetAtt` value inside a `!Join`, or a whole Resource item. */
function refToks(model: ConfigModel, n: YNode): Tok[] {
  const fn = intrinsicName(n);
  const id = referencedLogicalId(n);
  if (fn === 'Ref' && id && PSEUDO.has(id)) return FIELD;
  const r = id ? model.resources.find((x) => x.id === id) : undefined;
  if (!r) return [ANY];
  if (fn === 'Ref') return r.type === 'AWS::SNS::Topic' || r.type.includes('StateMachine') || r.type === 'AWS::SecretsManager::Secret' ? literalToks(sampleArn(r) ?? '*') : [SEG];
  if (fn === 'Fn::GetAtt') {
    const arg = intrinsicArg(n);
    const attr = isSeq(arg) ? stringValue(arg.items[1]) : stringValue(arg)?.split('.').slice(1).join('.');
    const sample = attr === 'Arn' ? sampleArn(r) : undefined;
    return sample ? literalToks(sample) : [ANY];
  }
  return [ANY];
}

/** The over-approximating pattern of a Resource item; undefined when it cannot be read. */
function itemToks(model: ConfigModel, v: StrValue): Tok[] | undefined {
  const lit = literalText(v);
  if (lit !== undefined) return lit.includes('${') ? undefined : literalToks(lit);
  const n = v.node;
  const fn = intrinsicName(n);
  if (fn === 'Ref' || fn === 'Fn::GetAtt') return refToks(model, n);
  const arg = intrinsicArg(n);
  if (fn === 'Fn::Sub') {
    const t = isSeq(arg) ? stringValue(arg.items[0]) : stringValue(arg);
    if (t === undefined) return undefined;
    const vars = isSeq(arg) ? arg.items[1] : undefined;
    const out: Tok[] = [];
    let i = 0;
    while (i < t.length) {
      const open = t.indexOf('${', i);
      if (open < 0) {
        out.push(...literalToks(t.slice(i)));
        break;
      }
      out.push(...literalToks(t.slice(i, open)));
      const close = t.indexOf('}', open);
      if (close < 0) return undefined;
      const name = t.slice(open + 2, close);
      // `${!Literal}` and the Sub's own variables: any text.
      out.push(...(name.startsWith('!') || get(vars, name) != null ? ([ANY] as Tok[]) : subVarToks(model, name)));
      i = close + 1;
    }
    return out;
  }
  if (fn === 'Fn::Join' && isSeq(arg)) {
    const sep = stringValue(arg.items[0]) ?? '';
    const list = arg.items[1];
    if (!isSeq(list)) return undefined;
    const out: Tok[] = [];
    list.items.forEach((x, k) => {
      if (k > 0) out.push(...literalToks(sep));
      const s = intrinsicName(x) ? undefined : stringValue(x);
      out.push(...(s !== undefined ? literalToks(s) : refToks(model, x)));
    });
    return out;
  }
  return undefined;
}

/** Can one character satisfy both single-character tokens? */
function compatible(x: Tok, y: Tok): boolean {
  if (typeof x === 'string' && typeof y === 'string') return x.toLowerCase() === y.toLowerCase();
  if (typeof x === 'string') return !(y as { not: string }).not.includes(x);
  if (typeof y === 'string') return !x.not.includes(y);
  return true; // both exclude only ':' and '/': any letter fits both
}

const many = (t: Tok | undefined): boolean => t !== undefined && typeof t !== 'string' && t.many;

/** Some text matches both patterns (letters compared case-insensitively). */
function intersects(a: readonly Tok[], b: readonly Tok[]): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    memo.set(key, false);
    const x = a[i];
    const y = b[j];
    let r = false;
    if (i === a.length && j === b.length) r = true;
    else if (many(x) && go(i + 1, j)) r = true; // x matches nothing more
    else if (many(y) && go(i, j + 1)) r = true;
    else if (x !== undefined && y !== undefined && compatible(x, y)) {
      // One character both accept: a run stays, a single token moves on.
      if (!many(x) && !many(y)) r = go(i + 1, j + 1);
      else if (!many(x)) r = go(i + 1, j);
      else if (!many(y)) r = go(i, j + 1);
    }
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/** A catalogue ARN format with every placeholder as any text. */
function formatToks(f: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < f.length) {
    const open = f.indexOf('${', i);
    if (open < 0) {
      out.push(...[...f.slice(i)]);
      break;
    }
    out.push(...[...f.slice(i, open)]);
    const close = f.indexOf('}', open);
    if (close < 0) return [ANY];
    const ph = f.slice(open + 2, close);
    out.push(...(ARN_FIELDS.has(ph) ? FIELD : SLASHLESS.has(ph) ? [SEG] : [ANY]));
    i = close + 1;
  }
  return out;
}

/**
 * The actions of `expansion` the statement's resources may grant, over-approximated (see the
 * module comment); undefined when a resource cannot be read.
 */
export function possiblyGranted(model: ConfigModel, st: PolicyStatement, expansion: readonly IamAction[]): IamAction[] | undefined {
  const items: Tok[][] = [];
  for (const v of st.resources?.items ?? []) {
    const t = itemToks(model, v);
    if (!t) return undefined;
    items.push(t);
  }
  if (!items.length) return undefined;
  const formats = new Map<string, Tok[] | null>();
  return expansion.filter((a) =>
    a.resourceTypes.some((rt) => {
      const k = `${a.service}:${rt.name}`;
      let f = formats.get(k);
      if (f === undefined) {
        const fmt = serviceInfo(a.service)?.resourceTypes.find((x) => x.name === rt.name)?.arnFormat;
        formats.set(k, (f = fmt ? formatToks(fmt) : null));
      }
      // A resource type without a known format: it may be anything.
      return f === null || items.some((t) => intersects(f!, t));
    }),
  );
}

/**
 * What the statement's users need of the wildcard, for the fix (issue 11: a narrowing that lists
 * the wildcard's 44 object actions grants the same and says nothing about what is needed):
 * - `{ used }`: the functions of its roles were analysed (permissions/unused.ts): the actions
 *   their code calls and the platform needs; the fix keeps those of the fitting actions.
 * - `'unknown'`: functions use its roles but what they call is not known: no fix.
 * - `undefined`: no code to ask (an identity-pool or service role, a resource policy): the fitting
 *   actions themselves, when they are few enough to review (MAX_UNREVIEWED_LIST).
 */
export type FittingNeed = { used: readonly string[] } | 'unknown' | undefined;

/**
 * The longest list of fitting actions offered without code to narrow it: one a reviewer can check
 * action by action (`cognito-sync:*` on an identity pool: 8). Above it the list is the wildcard
 * spelled out (`s3:*` on a bucket's objects: 44 actions, `lambda:*` on a function: 52, most of
 * them permission, tagging and configuration changes): the same grant, no narrower; not offered.
 */
export const MAX_UNREVIEWED_LIST = 12;

/**
 * The fix replacing the wildcard entry `value` of `st` with `fitting` (the actions of the wildcard
 * that apply to the statement's resources) — or, when the code is known, with those of them the
 * code and the platform use (`need`) — keeping the other entries as written. Undefined when the
 * statement is not an Allow, an entry is not a literal of this file, the edit cannot be made, or
 * the list would not narrow anything a reviewer can check (FittingNeed).
 */
export function fittingActionsFix(model: ConfigModel, st: PolicyStatement, value: StrValue, expansion: readonly IamAction[], allFitting: readonly IamAction[], need?: FittingNeed): Fix | undefined {
  if (need === 'unknown') return undefined;
  const used = need ? new Set(need.used.map((a) => a.toLowerCase())) : undefined;
  const fitting = used ? allFitting.filter((a) => used.has(a.fullName.toLowerCase())) : allFitting;
  if (!used && fitting.length > MAX_UNREVIEWED_LIST) return undefined;
  if (st.effect !== 'Allow' || !st.actions || st.notActions || fitting.length === 0) return undefined;
  // The over-approximation must name the same actions: then none the statement grants is dropped
  // (with `need`, none the code uses).
  const possible = possiblyGranted(model, st, expansion);
  if (!possible || possible.length !== allFitting.length || !possible.every((a) => allFitting.includes(a))) return undefined;
  const out: string[] = [];
  const add = (a: string) => {
    if (!out.some((x) => x.toLowerCase() === a.toLowerCase())) out.push(a);
  };
  let found = false;
  for (const v of st.actions.items) {
    const t = literalText(v);
    if (t === undefined || v.resolvedFrom) return undefined;
    if (v.node === value.node) {
      found = true;
      for (const a of fitting) add(a.fullName);
    } else add(t);
  }
  if (!found) return undefined;
  const edit = setActions(new DocEditor(model.parsed), st, out);
  if (!edit) return undefined;
  const services = [...new Set(fitting.map((a) => a.service))];
  const noun = services.length === 1 ? `${serviceName(services[0]) ?? services[0]} action${fitting.length === 1 ? '' : 's'}` : `action${fitting.length === 1 ? '' : 's'}`;
  const which = fitting.length <= 3 ? ` (${listText(fitting.map((a) => a.fullName))})` : '';
  return {
    title: used
      ? `Replace ${literalText(value)} with the ${fitting.length === 1 ? '' : `${fitting.length} `}${noun} the code uses on these resources${which}`
      : `Replace ${literalText(value)} with the ${fitting.length === 1 ? '' : `${fitting.length} `}${noun} that apply to these resources${which}: the same access today, none added later`,
    isPreferred: true,
    changes: [{ file: model.file, edits: [edit] }],
  };
}
