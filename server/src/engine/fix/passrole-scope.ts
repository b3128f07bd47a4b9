/**
 * `iam:PassRole` on every role, scoped to the roles the code really passes: when every function of
 * the statement's roles is fully analysed and each call that may hand a role to a service
 * (permissions/data/pass-role-callers.ts) is one whose role parameter the analysis reads
 * (permissions/data/role-passing.ts, a top-level parameter) and resolves to the template (`!GetAtt
 * Role.Arn` through the environment, a template parameter, a literal ARN), iam:PassRole gets a
 * statement of its own on those role ARNs with `iam:PassedToService` naming the services the calls
 * pass them to. Pure.
 */
import type { RuleContext } from '../rule';
import type { PolicyStatement } from '../model/types';
import type { Fix, TextEdit } from '../types';
import { literalText, listText } from '../iam/policy-analysis';
import { statementCodeUse } from '../permissions/unused';
import { mayPassRole } from '../permissions/data/pass-role-callers';
import { ROLE_PASSING_CALLS } from '../permissions/data/role-passing';
import { addStatement, removeSeqItem, statementMap } from '../permissions/edits';
import { DocEditor, type EditValue } from './yaml-edit';
import { isSeq, type YSeq } from '../yaml/ast';

/** Role-passing operations whose role parameter the call analysis reads (a top-level request parameter). */
const READ_PASSING = new Map(ROLE_PASSING_CALLS.filter((c) => /^[A-Za-z]+$/.test(c.parameter)).map((c) => [c.action.toLowerCase(), c]));

/**
 * The service principal a role-passing call hands its role to: the principal of the call's own
 * service (`comprehend:StartEntitiesDetectionJob` → `comprehend.amazonaws.com`), which is how every
 * service of ROLE_PASSING_CALLS assumes the role it is given
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService).
 */
function passedTo(action: string): string {
  return `${action.slice(0, action.indexOf(':')).toLowerCase()}.amazonaws.com`;
}

/**
 * The fix for the exact `iam:PassRole` entry `value` of an identity statement on every role.
 * Undefined when the code's passes are not all known, or nothing is passed (the narrowing fix of
 * iam-unused-permission covers that).
 */
export function passRoleScopeFix(ctx: RuleContext, st: PolicyStatement, value: { node: object }): Fix | undefined {
  const model = ctx.model;
  if (!model || st.effect !== 'Allow' || st.notActions || st.notResources || st.condition != null || !st.actions) return undefined;
  const handlers = ctx.links.handlers();
  if (!handlers.length) return undefined;
  const use = statementCodeUse(model, st, handlers, ctx.links, ctx.project);
  if (!use) return undefined;
  const passSites = use.sites.get('iam:PassRole') ?? [];
  if (!passSites.length) return undefined;
  // Every call that may pass a role is one whose role the analysis read, at the same call.
  const services = new Set<string>();
  for (const [action, sites] of use.sites) {
    if (action === 'iam:PassRole' || !mayPassRole(action)) continue;
    if (!READ_PASSING.has(action.toLowerCase())) return undefined;
    for (const s of sites) {
      if (!passSites.some((p) => p.call.file === s.call.file && p.call.callRange.start === s.call.callRange.start)) return undefined;
    }
    services.add(passedTo(action));
  }
  if (!services.size) return undefined;
  const arns = use.resources('iam:PassRole');
  if (!arns?.length) return undefined;
  const to = [...services].sort();
  const statement: { [k: string]: EditValue } = {
    Effect: 'Allow',
    Action: 'iam:PassRole',
    Resource: arns.length === 1 ? arns[0] : arns,
    Condition: { StringEquals: { 'iam:PassedToService': to.length === 1 ? to[0] : to } },
  };
  const ed = new DocEditor(model.parsed);
  const edits: TextEdit[] = [];
  const items = st.actions.items;
  const idx = items.findIndex((v) => v.node === value.node);
  if (idx < 0 || literalText(items[idx])?.toLowerCase() !== 'iam:passrole') return undefined;
  if (items.length === 1) {
    // The statement grants only iam:PassRole: it becomes the scoped one.
    const map = statementMap(st);
    const res = map && st.resources ? ed.replaceValue(map, String(st.resources.key.value), statement.Resource) : undefined;
    const cond = map ? ed.insertPair(map, 'Condition', statement.Condition) : undefined;
    if (!res || !cond) return undefined;
    edits.push(res, cond);
  } else {
    if (!isSeq(st.actions.node)) return undefined;
    const rm = removeSeqItem(ed, st.actions.node as YSeq, idx);
    const add = addStatement(ed, st.doc, statement);
    if (!rm || !add) return undefined;
    edits.push(rm, add);
  }
  return {
    title: `Scope iam:PassRole to the role${arns.length === 1 ? '' : 's'} the code passes, passed only to ${listText(to)}`,
    isPreferred: true,
    changes: [{ file: model.file, edits }],
  };
}
