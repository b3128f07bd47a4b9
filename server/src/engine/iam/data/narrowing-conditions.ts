/**
 * Condition keys that narrow what a statement reaches, as the IAM rules read them. Pure data, one
 * source note per entry; policy-idioms.ts holds the matching (positive operators only: a
 * `StringEquals` / `StringLike` / `ArnEquals` / `ArnLike` test, without `IfExists`, so a request
 * without the key is not allowed).
 *
 * - RESOURCE_NARROWING_KEYS: keys that limit a `Resource: '*'` statement to some resources (by
 *   tag, by account, by the function a mapping invokes, by the boundary of the role acted on):
 *   iam-wildcard-resource does not report such a statement.
 * - BOUNDARY_GATED_ACTIONS: IAM actions whose `iam:PermissionsBoundary` condition makes them act
 *   only on roles or users capped by the named boundary (AWS's "delegate role creation" pattern):
 *   iam-privilege-escalation reports a method they make possible as info, naming the condition.
 *   iam:DeleteRolePermissionsBoundary / DeleteUserPermissionsBoundary are not here: with that
 *   condition they remove exactly that boundary, lifting the cap.
 * - TAG_LIMITED_TARGETS: actions that escalate only on a broad Resource (sts:AssumeRole,
 *   iam:PassRole, …) and the action that tags their targets: an `aws:ResourceTag/<key>` test limits
 *   them to the targets carrying that tag, unless the same principal may also tag targets.
 */

export interface NarrowingKey {
  /** Lower-case key, or a prefix ending in `/` for tag keys (`aws:resourcetag/`). */
  readonly key: string;
  /** What the key limits, in words for messages and docs. */
  readonly limits: string;
  readonly source: string;
}

const GLOBAL_KEYS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';

export const RESOURCE_NARROWING_KEYS: readonly NarrowingKey[] = [
  { key: 'aws:resourcetag/', limits: 'resources carrying the tag', source: `${GLOBAL_KEYS}#condition-keys-resourcetag` },
  { key: 'aws:requesttag/', limits: 'requests that set the tag (resources created or tagged with it)', source: `${GLOBAL_KEYS}#condition-keys-requesttag` },
  { key: 'aws:resourceaccount', limits: 'resources of the named account', source: `${GLOBAL_KEYS}#condition-keys-resourceaccount` },
  { key: 'aws:resourceorgid', limits: 'resources of the named organization', source: `${GLOBAL_KEYS}#condition-keys-resourceorgid` },
  { key: 'aws:resourceorgpaths', limits: 'resources of the named organizational units', source: `${GLOBAL_KEYS}#condition-keys-resourceorgpaths` },
  {
    key: 'lambda:functionarn',
    limits: 'event source mappings of the named functions',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html#permissions-resources-eventsource (event source mapping actions scoped by lambda:FunctionArn)',
  },
  {
    key: 'iam:permissionsboundary',
    limits: 'roles and users capped by the named permissions boundary',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PermissionsBoundary',
  },
];

const DELEGATE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html#access_policies_boundaries-delegate (iam:PermissionsBoundary on role and user policy actions)';

/** Canonical action names; each supports the `iam:PermissionsBoundary` key (IAM's service authorization reference). */
export const BOUNDARY_GATED_ACTIONS: readonly { action: string; source: string }[] = [
  { action: 'iam:CreateRole', source: DELEGATE },
  { action: 'iam:AttachRolePolicy', source: DELEGATE },
  { action: 'iam:PutRolePolicy', source: DELEGATE },
  { action: 'iam:DetachRolePolicy', source: DELEGATE },
  { action: 'iam:DeleteRolePolicy', source: DELEGATE },
  { action: 'iam:PutRolePermissionsBoundary', source: `${DELEGATE}; the key is the new boundary` },
  { action: 'iam:CreateUser', source: DELEGATE },
  { action: 'iam:AttachUserPolicy', source: DELEGATE },
  { action: 'iam:PutUserPolicy', source: DELEGATE },
  { action: 'iam:DetachUserPolicy', source: DELEGATE },
  { action: 'iam:DeleteUserPolicy', source: DELEGATE },
  { action: 'iam:PutUserPermissionsBoundary', source: `${DELEGATE}; the key is the new boundary` },
];

const RESOURCE_TAG = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html#access_tags_control-resources (aws:ResourceTag on the role or resource acted on)';

/** Lower-case action → the action that adds tags to its targets (whoever may tag a target can bring it under the condition). */
export const TAG_LIMITED_TARGETS: readonly { action: string; tagAction: string; source: string }[] = [
  { action: 'sts:assumerole', tagAction: 'iam:TagRole', source: `${RESOURCE_TAG}; https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html (roles are tagged with iam:TagRole)` },
  { action: 'iam:passrole', tagAction: 'iam:TagRole', source: `${RESOURCE_TAG}; https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html (PassRole supports aws:ResourceTag on the role)` },
  { action: 'lambda:updatefunctioncode', tagAction: 'lambda:TagResource', source: 'https://docs.aws.amazon.com/lambda/latest/dg/attribute-based-access-control.html' },
  { action: 'lambda:updatefunctionconfiguration', tagAction: 'lambda:TagResource', source: 'https://docs.aws.amazon.com/lambda/latest/dg/attribute-based-access-control.html' },
];
