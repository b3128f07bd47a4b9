/**
 * A Glue action wildcard (`glue:Get*`, `glue:Start*`) in a statement of a role that only Amazon
 * Data Firehose assumes and only delivery streams of this template use: Firehose's use of Glue
 * is documented per stream configuration (permissions/data/firehose-role-needs.ts: the table
 * reads of record format conversion), so the wildcard becomes the Glue actions the streams need
 * that it matches — or goes when it matches none. Offered only when every user of the role is a
 * delivery stream whose configuration is fully understood, the role's trust names Firehose alone,
 * and the statement's Action entries are all literals written in place. Pure.
 */
import type { ConfigModel, PolicyStatement, RoleModel, StrValue } from '../model/types';
import type { IamAction } from '../iam/catalog';
import type { Fix } from '../types';
import { listText, literalText } from '../iam/policy-analysis';
import { mentionsLogicalId } from '../model/cfn';
import { setActions } from '../permissions/edits';
import { FIREHOSE_GLUE_NEEDS, FIREHOSE_KNOWN_PROPERTIES } from '../permissions/data/firehose-role-needs';
import { get, getPath, isMap, isScalar, type YNode } from '../yaml/ast';
import { DocEditor } from './yaml-edit';

const KNOWN = new Set(FIREHOSE_KNOWN_PROPERTIES.map((p) => p.property));
const STREAM = 'AWS::KinesisFirehose::DeliveryStream';

/** The role's trust policy allows Firehose and nothing else (literal service principals only). */
function trustsFirehoseOnly(role: RoleModel): boolean {
  const sts = (role.trust?.statements ?? []).filter((s) => s.effect === 'Allow');
  if (!sts.length) return false;
  return sts.every((s) => !s.notPrincipal && !!s.principal?.entries.length && s.principal.entries.every((e) => e.type === 'Service' && literalText(e.value) === 'firehose.amazonaws.com'));
}

/** The Glue actions the delivery streams using `role` need; undefined when the role may be used otherwise or a stream is not understood. */
export function firehoseGlueNeeds(model: ConfigModel, role: RoleModel): Set<string> | undefined {
  if (model.kind === 'serverless' || role.external || role.functions.length || !trustsFirehoseOnly(role)) return undefined;
  const users = model.resources.filter((r) => r.id !== role.id && r.type !== 'AWS::IAM::Policy' && r.type !== 'AWS::IAM::ManagedPolicy' && mentionsLogicalId(r.node, role.id));
  if (!users.length || users.some((r) => r.type !== STREAM)) return undefined;
  if (mentionsLogicalId(get(model.root, 'Outputs'), role.id)) return undefined;
  const needs = new Set<string>();
  for (const s of users) {
    if (!isMap(s.properties)) return undefined;
    if (s.properties.entries.some((e) => !KNOWN.has(String(e.key.value)))) return undefined;
    for (const n of FIREHOSE_GLUE_NEEDS) {
      const conf = getPath(s.properties, n.path.join('.'));
      if (conf == null) continue;
      const enabled: YNode | null | undefined = get(conf, 'Enabled');
      if (isScalar(enabled) && (enabled.value === false || enabled.value === 'false')) continue;
      for (const a of n.actions) needs.add(a);
    }
  }
  return needs;
}

export function firehoseRoleNarrowFix(model: ConfigModel, st: PolicyStatement, value: StrValue, expansion: readonly IamAction[]): Fix | undefined {
  if (st.doc.kind !== 'identity' || st.doc.roleIds.length !== 1 || st.effect !== 'Allow' || !st.actions || st.notActions) return undefined;
  if (!expansion.length || expansion.some((a) => a.service !== 'glue')) return undefined;
  const role = model.roles.find((r) => r.id === st.doc.roleIds[0]);
  const needs = role ? firehoseGlueNeeds(model, role) : undefined;
  if (!needs) return undefined;
  const keep = expansion.filter((a) => needs.has(a.fullName)).map((a) => a.fullName);
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
      keep.forEach(add);
    } else add(t);
  }
  if (!found || out.length === 0) return undefined;
  const edit = setActions(new DocEditor(model.parsed), st, out);
  if (!edit) return undefined;
  const text = literalText(value);
  return {
    title: keep.length
      ? `Replace ${text} with the Glue action${keep.length === 1 ? '' : 's'} the delivery streams use (${listText(keep)})`
      : `Remove ${text}: the delivery streams using this role need none of its actions`,
    isPreferred: true,
    changes: [{ file: model.file, edits: [edit] }],
  };
}
