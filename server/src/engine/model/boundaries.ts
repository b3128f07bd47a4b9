/**
 * Managed policies used only as permissions boundaries. A boundary caps what a role (or user) may
 * do and grants nothing itself: an `AWS::IAM::ManagedPolicy` of this file that no role, user, group
 * or function attaches, and that the file names as a boundary — a `PermissionsBoundary` of a role,
 * user, SAM function or state machine or of SAM `Globals.Function`, serverless
 * `provider.iam.role.permissionsBoundary` / `provider.rolePermissionsBoundary` (and the
 * serverless-iam-roles-per-function plugin's `iamPermissionsBoundary` /
 * `iamGlobalPermissionsBoundary`), or the value of an `iam:PermissionsBoundary` condition (the
 * "may only create roles with this boundary" delegation) — gets the policy kind `boundary`, which
 * the grant rules (wildcards, escalation, PassRole) do not read.
 * Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 * ("a permissions boundary does not grant permissions on its own").
 * Pure: reads and marks the model parts the builders made.
 */
import { asList, get, getPath, intrinsicArg, intrinsicName, isMap, stringValue, type YNode } from '../yaml/ast';
import { referencedLogicalId, subTemplate, type ModelParts } from './cfn';
import type { ValueOf } from './policy';
import type { ConfigKind, ConfigModel, PolicyDocument } from './types';

/** Resource types with a `PermissionsBoundary` property naming a managed policy. */
const BOUNDARY_PROPERTY_TYPES = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::Serverless::Function', 'AWS::Serverless::StateMachine']);

/** Condition operators that make `iam:PermissionsBoundary` name the boundary (not exclude it). */
const POSITIVE = /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringLike|ArnEquals|ArnLike)(IfExists)?$/i;

/** The nodes of this file that name a permissions boundary (a policy ARN, a `!Ref`, a `!Sub`). */
function boundaryNodes(kind: ConfigKind, root: YNode, parts: ModelParts): YNode[] {
  const out: YNode[] = [];
  const add = (n: YNode | null | undefined) => {
    for (const x of asList(n)) if (x != null) out.push(x);
  };
  for (const r of parts.resources) if (BOUNDARY_PROPERTY_TYPES.has(r.type)) add(get(r.properties, 'PermissionsBoundary'));
  if (kind === 'sam') add(getPath(root, 'Globals.Function.PermissionsBoundary'));
  if (kind === 'serverless') {
    const provider = get(root, 'provider');
    add(getPath(provider, 'iam.role.permissionsBoundary'));
    add(get(provider, 'rolePermissionsBoundary'));
    add(getPath(get(get(root, 'custom'), 'serverless-iam-roles-per-function'), 'iamGlobalPermissionsBoundary'));
    const fns = get(root, 'functions');
    if (isMap(fns)) for (const f of fns.entries) add(get(f.value, 'iamPermissionsBoundary'));
  }
  for (const d of parts.documents) {
    for (const st of d.statements) {
      const c = st.condition;
      if (!isMap(c)) continue;
      for (const op of c.entries) {
        if (typeof op.key.value !== 'string' || !POSITIVE.test(op.key.value) || !isMap(op.value)) continue;
        for (const k of op.value.entries) if (typeof k.key.value === 'string' && k.key.value.toLowerCase() === 'iam:permissionsboundary') add(k.value);
      }
    }
  }
  return out;
}

/** The text a name or ARN stands for: a literal, or the template of a `!Sub` / `!Join` (`${X}` for `!Ref X`). */
function templateText(n: YNode | null | undefined, value: ValueOf): string | undefined {
  const v = value(n);
  if (v?.kind === 'literal' && v.text !== undefined) return v.text;
  if (intrinsicName(n) === 'Ref') {
    const arg = stringValue(intrinsicArg(n));
    return arg ? `\${${arg}}` : undefined;
  }
  return subTemplate(n);
}

/** Does a boundary value name the managed policy `id` (by reference, or by its name in an ARN)? */
function names(n: YNode, id: string, policyName: string | undefined, value: ValueOf): boolean {
  if (referencedLogicalId(n) === id) return true;
  if (!policyName) return false;
  const text = templateText(n, value);
  if (!text || !text.includes(':policy/')) return false;
  return text.endsWith(`/${policyName}`);
}

/** Marks the identity documents of managed policies used only as permissions boundaries (see the file comment). */
export function markBoundaryPolicies(kind: ConfigKind, root: YNode, parts: ModelParts, value: ValueOf): void {
  const policies = parts.resources.filter((r) => r.type === 'AWS::IAM::ManagedPolicy');
  if (policies.length === 0) return;
  const bounds = boundaryNodes(kind, root, parts);
  if (bounds.length === 0) return;
  for (const r of policies) {
    const where = `${r.where}.${r.id}.Properties.PolicyDocument`;
    const doc = parts.documents.find((d) => d.where === where && d.kind === 'identity');
    if (!doc || doc.roleIds.length > 0) continue;
    // Attached to a user or group, or listed as a managed policy anywhere: it grants.
    if (['Roles', 'Users', 'Groups'].some((p) => asList(get(r.properties, p)).length > 0)) continue;
    const nameNode = get(r.properties, 'ManagedPolicyName');
    const policyName = nameNode != null ? templateText(nameNode, value) : undefined;
    if (parts.managedPolicies.some((m) => names(m.node, r.id, policyName, value))) continue;
    if (!bounds.some((b) => names(b, r.id, policyName, value))) continue;
    doc.kind = 'boundary';
  }
}


/** The documents of this file's managed policies a boundary value names (by reference, or by name in an ARN). */
export function boundaryDocuments(model: ConfigModel, n: YNode): PolicyDocument[] {
  const out: PolicyDocument[] = [];
  for (const r of model.resources) {
    if (r.type !== 'AWS::IAM::ManagedPolicy') continue;
    const nameNode = get(r.properties, 'ManagedPolicyName');
    const policyName = nameNode != null ? templateText(nameNode, model.value) : undefined;
    if (!names(n, r.id, policyName, model.value)) continue;
    const where = `${r.where}.${r.id}.Properties.PolicyDocument`;
    for (const d of model.documents) if (d.where === where) out.push(d);
  }
  return out;
}
