/**
 * Narrowing an action entry of a Step Functions execution role's statement to what its state
 * machines use (permissions/state-machine.ts): `lambda:*` on the functions the Tasks invoke becomes
 * lambda:InvokeFunction, `dynamodb:*` the item actions of the `dynamodb:*Item` Tasks; the KMS
 * actions a task's write to a KMS-encrypted topic, queue, bucket or stream of the template needs
 * are kept (iam/policy-idioms.ts kmsNeedsOfEncryption, through stateMachineRoleNeeds). Offered only
 * when every user of every role of the statement is known and, on `Resource: '*'`, only when the
 * kept actions take no resource ARN; the statement's resources stay as they
 * are (only actions no state machine uses go), so whatever works today still works. An entry none
 * of whose actions is used goes (the whole statement when it was its only one and the document
 * keeps another). Pure.
 */
import { expandAction } from '../iam/catalog';
import { broadResource, listText, literalItems } from '../iam/policy-analysis';
import type { ConfigModel, PolicyStatement, StrValue } from '../model/types';
import type { ReadRelative } from '../model/links';
import { removeSeqItem, setActions } from '../permissions/edits';
import { stateMachineRoleNeeds } from '../permissions/state-machine';
import type { Fix } from '../types';
import { get, isMap, isSeq, type YSeq } from '../yaml/ast';
import { DocEditor } from './yaml-edit';
import type { RuleContext } from '../rule';
import { dirname, joinPath } from '../project';

/** Files next to the config (a SAM DefinitionUri), read through the project. */
export function readNear(ctx: RuleContext): ReadRelative {
  return (rel) => ctx.project.readFile(joinPath(dirname(ctx.file), rel));
}

/** The actions the state machines using every role of the statement need, when known for all. */
export function statementStateMachineNeeds(model: ConfigModel, st: PolicyStatement, read?: ReadRelative): Set<string> | undefined {
  if (st.doc.kind !== 'identity' || st.doc.roleIds.length === 0 || st.effect !== 'Allow' || !st.actions || st.notActions) return undefined;
  const out = new Set<string>();
  for (const id of st.doc.roleIds) {
    const role = model.roles.find((r) => r.id === id);
    const needs = role ? stateMachineRoleNeeds(model, role, read) : undefined;
    if (!needs?.actions) return undefined;
    for (const a of needs.actions) out.add(a);
  }
  return out;
}

/**
 * The fix for entry `value` of the statement's Action list: its actions the state machines use, or
 * its removal. `keeps(kept)` may refuse a narrowing that still grants what the finding is about.
 */
export function stateMachineNarrowFix(model: ConfigModel, st: PolicyStatement, value: StrValue, read?: ReadRelative, keeps?: (kept: readonly string[]) => boolean): Fix | undefined {
  const needed = statementStateMachineNeeds(model, st, read);
  if (!needed || !st.actions) return undefined;
  const items = literalItems(st.actions);
  if (items.length !== st.actions.items.length || st.actions.items.some((v) => v.resolvedFrom)) return undefined;
  const me = items.find((x) => x.value === value);
  if (!me) return undefined;
  const expansion = expandAction(me.text);
  if (expansion.length === 0) return undefined;
  const kept = expansion.filter((a) => needed.has(a.fullName)).map((a) => a.fullName);
  if (kept.length === expansion.length) return undefined; // nothing the state machines leave unused
  if (keeps?.(kept)) return undefined;
  // On `Resource: '*'` a narrowed list of actions that take resource ARNs is iam-wildcard-resource's
  // finding (a service wildcard there is reported once, as the wildcard): the fix would trade one
  // warning for another. Narrowing the resources too needs the ARNs the states use; not offered.
  if (kept.length > 0 && broadResource(st, (t) => t === '*') && expansion.some((a) => kept.includes(a.fullName) && a.resourceLevel)) return undefined;
  const list: string[] = [];
  for (const t of [...items.slice(0, items.indexOf(me)).map((x) => x.text), ...kept, ...items.slice(items.indexOf(me) + 1).map((x) => x.text)]) {
    if (!list.some((y) => y.toLowerCase() === t.toLowerCase())) list.push(t);
  }
  const ed = new DocEditor(model.parsed);
  if (list.length === 0) {
    // The statement granted only this entry and the state machines use none of it.
    const d = st.doc;
    const seq = isSeq(d.node) ? d.node : isMap(d.node) && isSeq(get(d.node, 'Statement')) ? (get(d.node, 'Statement') as YSeq) : undefined;
    const idx = seq ? seq.items.indexOf(st.node) : -1;
    const e = seq && idx >= 0 ? removeSeqItem(ed, seq, idx) : undefined;
    return e ? { title: `Remove the statement: the state machines using the role need none of ${me.text}`, isPreferred: true, changes: [{ file: model.file, edits: [e] }] } : undefined;
  }
  const e = setActions(ed, st, list);
  if (!e) return undefined;
  const what = kept.length === 0 ? `remove ${me.text}: the state machines using the role need none of it` : `${listText(kept, 3)}`;
  return { title: `Narrow to what the state machines use (${what})`, isPreferred: true, changes: [{ file: model.file, edits: [e] }] };
}
