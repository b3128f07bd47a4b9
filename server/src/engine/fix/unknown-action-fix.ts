/**
 * iam-unknown-action's fixes beyond "did you mean": an API operation written as an action whose
 * IAM action has another name (`s3:CopyObject` → s3:GetObject + s3:PutObject, from
 * permissions/data/operation-actions.ts) becomes those actions; an entry that matches nothing and
 * suggests nothing is removed — IAM ignores it today, so the statement then grants exactly what it
 * grants now (nothing the app uses can change), and says so. Pure.
 */
import { expandAction, lookupAction } from '../iam/catalog';
import { literalItems, literalText, replaceScalarEdit } from '../iam/policy-analysis';
import type { ConfigModel, PolicyStatement, StrValue, ValueSet } from '../model/types';
import { OPERATION_EXCEPTIONS } from '../permissions/data/operation-actions';
import { removeSeqItem, setActions } from '../permissions/edits';
import type { Fix, TextEdit } from '../types';
import { isSeq, type YSeq } from '../yaml/ast';
import { DocEditor } from './yaml-edit';
import { staysOnStar } from '../iam/data/optional-resources';

/** The IAM actions of an API operation written as `service:Operation`, when they differ from its name (case-insensitive). */
export function operationActions(text: string): readonly string[] | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const svc = text.slice(0, colon).toLowerCase();
  const op = text.slice(colon + 1).toLowerCase();
  const e = OPERATION_EXCEPTIONS.find((x) => x.service === svc && x.operation.toLowerCase() === op);
  return e && e.actions.every((a) => lookupAction(a)) ? e.actions : undefined;
}

/**
 * Would granting `action` in this statement put an action with resource-level permissions on
 * `Resource: '*'` of an identity Allow statement (a new iam-wildcard-resource finding)?
 */
export function widensToEveryResource(st: PolicyStatement, inNotAction: boolean, action: string): boolean {
  if (inNotAction || st.effect !== 'Allow' || st.doc.kind !== 'identity') return false;
  const star = (st.resources?.items ?? []).some((v) => literalText(v) === '*');
  const a = lookupAction(action);
  return star && !!a && !staysOnStar(a);
}

/**
 * The fix for an unknown entry `value` of `set` (the statement's Action or NotAction) when "did you
 * mean" has none: the operation's real actions, or the entry's removal.
 */
export function unknownActionFix(model: ConfigModel, file: string, st: PolicyStatement, set: ValueSet, value: StrValue, text: string): Fix | undefined {
  const inNot = set === st.notActions;
  const target = value.resolvedFrom ?? value.node;
  const listed = new Set(literalItems(set).filter((o) => o.value !== value).map((o) => o.text.toLowerCase()));
  const ed = new DocEditor(model.parsed);
  const mapped = operationActions(text);
  if (mapped) {
    const missing = mapped.filter((a) => !listed.has(a.toLowerCase()));
    if (missing.length === 0) {
      const e = removeItem(ed, set, target);
      return e ? { title: `Remove ${text} (the actions it needs, ${mapped.join(' and ')}, are already listed)`, isPreferred: true, changes: [{ file, edits: [e] }] } : undefined;
    }
    if (missing.some((a) => widensToEveryResource(st, inNot, a))) return undefined;
    let edit: TextEdit | undefined;
    if (missing.length === 1) edit = replaceScalarEdit(model.parsed.text, target, missing[0]);
    else if (!inNot && set.items.every((v) => literalText(v) !== undefined && !v.resolvedFrom)) {
      const out: string[] = [];
      for (const o of literalItems(set)) {
        if (o.value === value) out.push(...missing);
        else out.push(o.text);
      }
      edit = setActions(ed, st, out);
    }
    return edit ? { title: `Replace ${text} with ${missing.join(' and ')} (the actions IAM checks for that operation)`, isPreferred: true, changes: [{ file, edits: [edit] }] } : undefined;
  }
  // Nothing to suggest: the entry goes. Only when the set keeps an entry IAM knows (an empty Action is invalid).
  const others = literalItems(set).filter((o) => o.value !== value && expandAction(o.text).length > 0);
  if (others.length === 0 || others.length !== set.items.length - 1) return undefined;
  const e = removeItem(ed, set, target);
  return e
    ? {
        title: `Remove ${text}: IAM ignores it, so the statement keeps granting exactly what it grants now (add the action you meant by its catalogue name if the code needs one)`,
        changes: [{ file, edits: [e] }],
      }
    : undefined;
}

function removeItem(ed: DocEditor, set: ValueSet, target: unknown): TextEdit | undefined {
  const seq = isSeq(set.node) ? (set.node as YSeq) : undefined;
  const idx = seq ? seq.items.indexOf(target as YSeq['items'][number]) : -1;
  return seq && idx >= 0 ? removeSeqItem(ed, seq, idx) : undefined;
}
