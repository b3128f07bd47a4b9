/**
 * iam-admin-managed-policy's fix on roles other than SAM's generated ones: a serverless.yml
 * provider role (`provider.iam.role.managedPolicies` / `provider.iamManagedPolicies`) or a
 * CloudFormation `AWS::IAM::Role` of functions (`ManagedPolicyArns`). The managed policy goes;
 * statements for exactly what the handlers call, each on the resource its calls use
 * (permissions/unused.ts `statementsForCode`), join the role's inline policy — plus, on a
 * CloudFormation role, what the Lambda service needs (logs on the functions' log groups, X-Ray / VPC
 * interfaces when configured) unless another managed policy grants it. Offered only when every
 * function of the role is fully analysed and every call's resource resolves.
 *
 * `adminPolicyStateMachineFix`: the same on a Step Functions execution role (a SAM state machine's
 * `Policies` item, or a CloudFormation role only the template's state machines use): the managed
 * policy is replaced by the actions the state machines need of it (permissions/state-machine.ts:
 * Task integrations, logging, tracing) — offered only when every one of those needs is granted
 * either by this policy's unconditional grants on '*' (and has no resource-level permissions, so
 * `Resource: '*'` is exact) or by another grant of the role. Pure.
 */
import type { HandlerRef } from '../handlers';
import type { ConfigModel, ManagedPolicyRef, RoleModel } from '../model/types';
import type { Project } from '../project';
import type { Fix, TextEdit } from '../types';
import { get, getPair, getPath, isMap, isSeq, type YMap, type YNode, type YSeq } from '../yaml/ast';
import { DocEditor, verbatim, type EditValue } from './yaml-edit';
import { addStatement, appendToSeq, removeSeqItem } from '../permissions/edits';
import { lambdaServiceStatements, statementsForCode } from '../permissions/unused';
import type { Links } from '../permissions/usage';
import { stateMachineRoleNeeds } from '../permissions/state-machine';
import type { ReadRelative } from '../model/links';
import { awsManagedPolicy } from '../iam/managed-policies';
import { actionPatternMatches, lookupAction } from '../iam/catalog';
import { literalText } from '../iam/policy-analysis';
import { samPolicyTemplate, samTemplateActions } from '../iam/data/sam-policy-templates';
import { managedPolicyOf } from '../model/query';

type Statement = { actions: string[]; resources: EditValue[] };

const toStatement = (st: Statement): EditValue => ({ Effect: 'Allow', Action: st.actions, Resource: st.resources.length === 1 ? st.resources[0] : st.resources });

/** The sequence holding the reference, with the map and key that own it. */
function owner(model: ConfigModel, ref: ManagedPolicyRef, role: RoleModel): { map: YMap; key: string; seq: YSeq; idx: number } | undefined {
  const candidates: { map: unknown; key: string }[] = [];
  if (role.id === 'sls:shared') {
    candidates.push({ map: getPath(model.root, 'provider.iam.role'), key: 'managedPolicies' }, { map: get(model.root, 'provider'), key: 'iamManagedPolicies' });
  } else {
    const r = model.resources.find((x) => x.id === role.id && x.type === 'AWS::IAM::Role');
    if (r) candidates.push({ map: r.properties, key: 'ManagedPolicyArns' });
  }
  for (const c of candidates) {
    if (!isMap(c.map as YNode)) continue;
    const seq = get(c.map as YMap, c.key);
    if (!isSeq(seq)) continue;
    const idx = seq.items.findIndex((i) => i.range.start === ref.node.range.start && i.range.end === ref.node.range.end);
    if (idx >= 0) return { map: c.map as YMap, key: c.key, seq, idx };
  }
  return undefined;
}

/**
 * statementsForCode's `needed` for replacing managed policy `ref` of `role`: the actions no other
 * grant of the role allows on every resource (an unconditional Allow on '*' in its policies, or
 * another AWS managed policy's unconditional grants). A call another such grant serves keeps
 * working whatever resource it names, so it needs no statement (nor a resolved resource) of its
 * own. Other grants are not trusted to cover it (a statement scoped to another table), nor a
 * managed policy written before `ref` (its own fix may lean on this one: one direction only).
 */
export function notGrantedOnEveryResource(model: ConfigModel, role: RoleModel, ref: ManagedPolicyRef): (action: string) => boolean {
  return (action) => !grantedElsewhere(model, role, ref, action, true);
}

export function adminPolicyRoleFix(model: ConfigModel, file: string, ref: ManagedPolicyRef, name: string, handlers: readonly HandlerRef[], links: Links, project: Project): Fix | undefined {
  if (ref.roleIds.length !== 1) return undefined;
  const role = model.roles.find((r) => r.id === ref.roleIds[0]);
  if (!role || role.external || role.functions.length === 0) return undefined;
  if (model.kind === 'serverless' ? role.id !== 'sls:shared' : role.id.startsWith('sam:') || role.id.startsWith('sls:')) return undefined;
  const where = owner(model, ref, role);
  if (!where) return undefined;
  const code = statementsForCode(model, role, handlers, links, project, { inline: true }, notGrantedOnEveryResource(model, role, ref));
  if (!code) return undefined;
  const service = lambdaServiceStatements(model, role, ref.node);
  if (!service) return undefined;
  const statements = [...code, ...service];
  const edits = replaceOnRole(new DocEditor(model.parsed), model, role, where, statements);
  if (!edits) return undefined;
  const actions = code.flatMap((st) => st.actions);
  const what = actions.length === 0 ? "the handlers' calls need nothing of it" : actions.length <= 3 ? actions.join(', ') : `${actions.length} actions`;
  return { title: `Replace ${name} with what the code calls (${what})`, isPreferred: true, changes: [{ file, edits }] };
}

/**
 * Does a grant of the role other than managed policy `except` allow `action` (an Allow statement of
 * its documents, a SAM policy template, another AWS managed policy's unconditional grants)?
 * `onEveryResource`: only grants that allow it on any resource (an unconditional statement on '*',
 * the managed policies' unconditional grants; no SAM template, which names its resource).
 */
function grantedElsewhere(model: ConfigModel, role: RoleModel, except: ManagedPolicyRef, action: string, onEveryResource = false): boolean {
  for (const d of role.documents) {
    if (d.kind !== 'identity') continue;
    for (const st of d.statements) {
      if (st.effect !== 'Allow' || !st.actions || st.notActions) continue;
      if (onEveryResource && (st.condition || st.notResources || !st.resources?.items.length || !st.resources.items.every((v) => literalText(v) === '*'))) continue;
      if (st.actions.items.some((v) => {
        const t = literalText(v);
        return t !== undefined && actionPatternMatches(t, action);
      })) return true;
    }
  }
  for (const t of onEveryResource ? [] : role.samTemplates) {
    const def = samPolicyTemplate(t.name);
    if (def && samTemplateActions(def).some((p) => actionPatternMatches(p, action))) return true;
  }
  for (const ref of model.managedPolicies) {
    if (ref === except || ref.node === except.node || !ref.roleIds.includes(role.id)) continue;
    // Only a managed policy written after `except`: two policies granting the same action cannot each
    // be removed on the strength of the other (applying both fixes would lose it).
    if (onEveryResource && ref.node.range.start < except.node.range.start) continue;
    const mp = managedPolicyOf(model, ref);
    const g = mp?.awsManaged ? awsManagedPolicy(mp.name) : undefined;
    if (g && g.actions.some((p) => actionPatternMatches(p, action))) return true;
  }
  return false;
}

export function adminPolicyStateMachineFix(model: ConfigModel, file: string, ref: ManagedPolicyRef, name: string, read?: ReadRelative): Fix | undefined {
  if (model.kind === 'serverless' || ref.roleIds.length !== 1) return undefined;
  const role = model.roles.find((r) => r.id === ref.roleIds[0]);
  if (!role || role.external || role.functions.length) return undefined;
  const grants = awsManagedPolicy(name);
  if (!grants || grants.notActions.length) return undefined;
  const needs = stateMachineRoleNeeds(model, role, read).actions;
  if (!needs) return undefined;
  const kept: string[] = [];
  for (const a of [...needs].sort()) {
    if (grantedElsewhere(model, role, ref, a)) continue;
    // Needed and granted by nothing else: this policy must grant it, on '*' exactly.
    if (!grants.actions.some((p) => actionPatternMatches(p, a))) return undefined;
    const act = lookupAction(a);
    if (!act || act.resourceLevel) return undefined;
    kept.push(act.fullName);
  }
  const statements: Statement[] = kept.length ? [{ actions: kept, resources: ['*'] }] : [];
  const ed = new DocEditor(model.parsed);
  const edits: TextEdit[] = [];
  if (role.id.startsWith('sam:')) {
    const sm = model.resources.find((r) => r.id === role.id.slice(4) && r.type === 'AWS::Serverless::StateMachine');
    const seq = get(sm?.properties, 'Policies');
    if (!isSeq(seq)) return undefined;
    const idx = seq.items.findIndex((i) => i.range.start === ref.node.range.start && i.range.end === ref.node.range.end);
    if (idx < 0) return undefined;
    const edit = statements.length ? ed.replaceNodeFlow(seq.items[idx], { Statement: statements.map(toStatement) }) : seq.items.length > 1 ? removeSeqItem(ed, seq, idx) : undefined;
    if (!edit) return undefined;
    edits.push(edit);
  } else {
    const where = owner(model, ref, role);
    if (!where) return undefined;
    const replaced = replaceOnRole(ed, model, role, where, statements);
    if (!replaced) return undefined;
    edits.push(...replaced);
  }
  const what = kept.length === 0 ? 'nothing of it: the role has everything else they use' : kept.length <= 3 ? kept.join(', ') : `${kept.length} actions`;
  return { title: `Replace ${name} with what the state machines use (${what})`, isPreferred: true, changes: [{ file, edits }] };
}

/** The statements added to the role's own inline policy (one edit). */
/**
 * The managed policy leaves the role (its item, or the whole list when it is the only one) and
 * `statements` join the role's own policy. Both edits must be apart (an insertion at the removed
 * text's end is fine) — or the insertion comes right after the removed line's text (a new key after
 * the removed last item): then they are one edit.
 */
function replaceOnRole(ed: DocEditor, model: ConfigModel, role: RoleModel, where: { map: YMap; key: string; seq: YSeq; idx: number }, statements: Statement[]): TextEdit[] | undefined {
  const removal = where.seq.items.length > 1 ? removeSeqItem(ed, where.seq, where.idx) : ed.removePair(where.map, where.key);
  if (!removal) return undefined;
  if (!statements.length) return [removal];
  const add = addToRole(ed, model, role, statements);
  if (!add) return undefined;
  if (add.range.start < removal.range.end && add.range.end > removal.range.start) {
    const merged = mergeAfterRemovedLine(ed.eol, removal, add);
    return merged ? [merged] : undefined;
  }
  return [removal, add];
}

function addToRole(ed: DocEditor, model: ConfigModel, role: RoleModel, statements: Statement[]): TextEdit | undefined {
  if (role.id === 'sls:shared') {
    const doc = role.documents.find((d) => d.kind === 'identity' && (d.where === 'provider.iam.role.statements' || d.where === 'provider.iamRoleStatements'));
    if (!doc) return undefined;
    let out: TextEdit | undefined;
    for (const st of statements) {
      const e = addStatement(ed, doc, toStatement(st));
      if (!e) return undefined;
      out = out ? { range: out.range, newText: out.newText + e.newText } : e;
    }
    return out;
  }
  const r = model.resources.find((x) => x.id === role.id && x.type === 'AWS::IAM::Role');
  if (!r || !isMap(r.properties)) return undefined;
  const policy = { PolicyName: 'handler-access', PolicyDocument: { Version: verbatim("'2012-10-17'", '2012-10-17'), Statement: statements.map(toStatement) } };
  const policies = getPair(r.properties as YMap, 'Policies');
  if (!policies) return ed.insertPair(r.properties as YMap, 'Policies', [policy]);
  return isSeq(policies.value) ? appendToSeq(ed, policies.value, policy) : undefined;
}

/**
 * A removal of whole lines `[s, e)` and an insertion of `eol + text` at the end of the last removed
 * line's content (e - eol): the same result as one edit writing `text + eol` over `[s, e)`.
 */
function mergeAfterRemovedLine(eol: string, removal: TextEdit, add: TextEdit): TextEdit | undefined {
  const { start, end } = removal.range;
  if (removal.newText !== '' || add.range.start !== add.range.end || add.range.start !== end - eol.length || !add.newText.startsWith(eol)) return undefined;
  return { range: { start, end }, newText: add.newText.slice(eol.length) + eol };
}
