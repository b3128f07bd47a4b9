/**
 * iam-admin-managed-policy's fix on roles other than SAM's generated ones: a serverless.yml
 * provider role (`provider.iam.role.managedPolicies` / `provider.iamManagedPolicies`) or a
 * CloudFormation `AWS::IAM::Role` of functions (`ManagedPolicyArns`). The managed policy goes;
 * statements for exactly what the handlers call, each on the resource its calls use
 * (permissions/unused.ts `statementsForCode`), join the role's inline policy — plus, on a
 * CloudFormation role, what the Lambda service needs (logs on the functions' log groups, X-Ray / VPC
 * interfaces when configured) unless another managed policy grants it. Offered only when every
 * function of the role is fully analysed and every call's resource resolves. Pure.
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

export function adminPolicyRoleFix(model: ConfigModel, file: string, ref: ManagedPolicyRef, name: string, handlers: readonly HandlerRef[], links: Links, project: Project): Fix | undefined {
  if (ref.roleIds.length !== 1) return undefined;
  const role = model.roles.find((r) => r.id === ref.roleIds[0]);
  if (!role || role.external || role.functions.length === 0) return undefined;
  if (model.kind === 'serverless' ? role.id !== 'sls:shared' : role.id.startsWith('sam:') || role.id.startsWith('sls:')) return undefined;
  const where = owner(model, ref, role);
  if (!where) return undefined;
  const code = statementsForCode(model, role, handlers, links, project, { inline: true });
  if (!code) return undefined;
  const service = lambdaServiceStatements(model, role, ref.node);
  if (!service) return undefined;
  const statements = [...code, ...service];
  const ed = new DocEditor(model.parsed);
  const edits: TextEdit[] = [];
  // The managed policy goes: its item, or the whole list when it is the only one.
  const removal = where.seq.items.length > 1 ? removeSeqItem(ed, where.seq, where.idx) : ed.removePair(where.map, where.key);
  if (!removal) return undefined;
  edits.push(removal);
  if (statements.length) {
    const add = addToRole(ed, model, role, statements);
    if (!add) return undefined;
    // Both edits must be apart (an insertion at the removed text's end is fine) — or the insertion
    // comes right after the removed line's text (a new key after the removed last item): one edit.
    if (add.range.start < removal.range.end && add.range.end > removal.range.start) {
      const merged = mergeAfterRemovedLine(ed.eol, removal, add);
      if (!merged) return undefined;
      edits[edits.length - 1] = merged;
    } else edits.push(add);
  }
  const actions = code.flatMap((st) => st.actions);
  const what = actions.length === 0 ? 'the handlers call no AWS API' : actions.length <= 3 ? actions.join(', ') : `${actions.length} actions`;
  return { title: `Replace ${name} with what the code calls (${what})`, isPreferred: true, changes: [{ file, edits }] };
}

/** The statements added to the role's own inline policy (one edit). */
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
