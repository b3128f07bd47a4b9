/**
 * An action wildcard (`s3:*`, `cognito-sync:*`, `s3:Get*`) in a statement whose resources are
 * all known ARNs, when only some of the actions it matches can act on those resources (their
 * resource types, per the IAM catalogue, fit the ARNs — iam-service-wildcard-action's "of which N
 * apply to these resources"): the wildcard becomes exactly those actions. The statement grants
 * the same today — an action whose resource types do not fit the ARNs, or that takes no resource
 * ARN at all, is not allowed by a statement naming these resources anyway — and no longer grants
 * what AWS adds to the service later. Offered for Allow statements whose Action entries are all
 * literals written in place. Pure.
 */
import type { ConfigModel, PolicyStatement, StrValue } from '../model/types';
import type { IamAction } from '../iam/catalog';
import type { Fix } from '../types';
import { literalText, listText } from '../iam/policy-analysis';
import { serviceName } from '../iam/catalog';
import { setActions } from '../permissions/edits';
import { DocEditor } from './yaml-edit';

/**
 * The fix replacing the wildcard entry `value` of `st` with `fitting` (the actions of the wildcard
 * that apply to the statement's resources), keeping the other entries as written. Undefined when
 * the statement is not an Allow, an entry is not a literal of this file, or the edit cannot be made.
 */
export function fittingActionsFix(model: ConfigModel, st: PolicyStatement, value: StrValue, fitting: readonly IamAction[]): Fix | undefined {
  if (st.effect !== 'Allow' || !st.actions || st.notActions || fitting.length === 0) return undefined;
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
    title: `Replace ${literalText(value)} with the ${fitting.length === 1 ? '' : `${fitting.length} `}${noun} that apply to these resources${which}: the same access today, none added later`,
    isPreferred: true,
    changes: [{ file: model.file, edits: [edit] }],
  };
}
