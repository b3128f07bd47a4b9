/**
 * Quick fixes of the IAM rules that rest on what the handler code calls (permissions/unused.ts):
 * when every function of a statement's roles is fully analysed, a finding on an action entry
 * (`iam:PassRole` on '*', `iam:PutRolePolicy`, `Action: '*'`) is fixed by iam-unused-permission's
 * "Narrow to what the code uses" — offered only when the narrowed statement no longer grants what
 * the finding is about (the code never calls it) and the narrowing needs no placeholder. Pure.
 */
import type { RuleContext } from '../rule';
import type { Fix, TextEdit } from '../types';
import type { PolicyStatement } from '../model/types';
import { lambdaServiceStatements, statementsForCode, unusedPermissions, type UnusedItem } from '../permissions/unused';
import { addStatement, removeSeqItem } from '../permissions/edits';
import { DocEditor, type EditValue } from './yaml-edit';
import { get, isMap, isSeq, type YNode, type YSeq } from '../yaml/ast';

/**
 * Per check run: the unused-permission items of the file's config (computed on first use, only when
 * a finding may get the fix), and the narrowing fix of one action entry.
 */
export function codeNarrowing(ctx: RuleContext): (node: object, keeps: (used: readonly string[]) => boolean) => Fix | undefined {
  const all = unusedItems(ctx);
  return (node, keeps) => {
    const it = all().find((x) => x.value.node === node);
    if (!it?.fix || it.fix.placeholder) return undefined;
    // The code (or AWS on its behalf) still needs what the finding is about: narrowing cannot remove it.
    if (keeps(it.used)) return undefined;
    return it.fix;
  };
}

function unusedItems(ctx: RuleContext): () => UnusedItem[] {
  let items: UnusedItem[] | undefined;
  return () => {
    if (!items) {
      const handlers = ctx.model ? ctx.links.handlers() : [];
      // Functions whose code is written in the template (ZipFile / InlineCode) are read too: the fix needs every user of the role.
      items = handlers.length || ctx.model?.functions.some((f) => f.inlineCode) ? unusedPermissions(ctx.model!, handlers, ctx.links, ctx.project, { inline: true }) : [];
    }
    return items;
  };
}

/**
 * The narrowing of a whole statement, when every one of its action entries is partly or wholly
 * unused and what the code uses of them all passes `allowed` (e.g. actions that need no ARN, for a
 * finding about `Resource: '*'`); a statement the code uses nothing of is removed.
 */
export function statementNarrowing(ctx: RuleContext): (st: PolicyStatement, allowed: (action: string) => boolean) => Fix | undefined {
  const all = unusedItems(ctx);
  return (st, allowed) => {
    const values = st.actions?.items ?? [];
    if (!values.length || st.notActions) return undefined;
    const items = all().filter((x) => x.statement.node === st.node);
    if (items.length !== values.length || !values.every((v) => items.some((x) => x.value.node === v.node))) return undefined;
    const fix = items[0].fix;
    if (!fix || fix.placeholder || !items.every((x) => x.used.every(allowed))) return undefined;
    return fix;
  };
}

/**
 * `NotAction` in an Allow statement of one role whose functions are all fully analysed: the
 * statement becomes statements for exactly what the code calls, each on the resource its calls use
 * (statementsForCode), plus what the Lambda service needs of a CloudFormation role; it goes when the
 * code calls nothing (and other statements remain).
 */
export function notActionFix(ctx: RuleContext, st: PolicyStatement): Fix | undefined {
  const model = ctx.model;
  if (!model || st.doc.kind !== 'identity' || st.doc.roleIds.length !== 1 || st.effect !== 'Allow' || !st.notActions || st.actions) return undefined;
  const role = model.roles.find((r) => r.id === st.doc.roleIds[0]);
  const handlers = ctx.links.handlers();
  if (!role || !role.functions.length || !handlers.length) return undefined;
  const code = statementsForCode(model, role, handlers, ctx.links, ctx.project);
  const service = code ? lambdaServiceStatements(model, role) : undefined;
  if (!code || !service) return undefined;
  const statements = [...code, ...service].map((x) => ({ Effect: 'Allow', Action: x.actions, Resource: x.resources.length === 1 ? x.resources[0] : x.resources }) as EditValue);
  const d = st.doc;
  const seq = isSeq(d.node) ? d.node : isMap(d.node) && isSeq(get(d.node, 'Statement')) ? (get(d.node, 'Statement') as YSeq) : undefined;
  const idx = seq ? seq.items.indexOf(st.node) : -1;
  if (!seq || idx < 0) return undefined;
  const ed = new DocEditor(model.parsed);
  if (statements.length === 0) {
    // The only statement of a SAM policy document: the document goes from the function's Policies.
    const policies = seq.items.length === 1 && role.id.startsWith('sam:') ? get(get(model.resources.find((r) => r.id === role.id.slice(4))?.node, 'Properties'), 'Policies') : undefined;
    const di = isSeq(policies) ? policies.items.indexOf(d.node as YNode) : -1;
    const e = isSeq(policies) && di >= 0 ? removeSeqItem(ed, policies, di) : removeSeqItem(ed, seq, idx);
    return e ? { title: 'Remove the NotAction statement: the code calls no AWS API', isPreferred: true, changes: [{ file: model.file, edits: [e] }] } : undefined;
  }
  const [first, ...rest] = statements;
  const edits: TextEdit[] = [ed.replaceNodeFlow(st.node, first)];
  let insert: TextEdit | undefined;
  for (const x of rest) {
    const e = addStatement(ed, d, x);
    if (!e) return undefined;
    insert = insert ? { range: insert.range, newText: insert.newText + e.newText } : e;
  }
  if (insert) edits.push(insert);
  const actions = code.flatMap((x) => x.actions);
  return {
    title: `Replace NotAction with what the code calls (${actions.length === 0 ? 'no AWS API' : actions.length <= 3 ? actions.join(', ') : `${actions.length} actions`})`,
    isPreferred: true,
    changes: [{ file: model.file, edits }],
  };
}
