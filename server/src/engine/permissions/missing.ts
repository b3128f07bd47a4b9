/**
 * "The handler calls an action its role does not allow": per function with a resolved, parsed
 * handler and an evaluable role (see grants.ts), the actions its reachable SDK calls need that the
 * role does not grant. Shared by iam-missing-permission's config-side and code-side reports.
 */
import type { HandlerRef } from '../handlers';
import { roleOf } from '../model/query';
import type { ConfigModel, FunctionModel, RoleModel } from '../model/types';
import type { Project } from '../project';
import type { Fix } from '../types';
import { roleGrants, type RoleGrants } from './grants';
import { missingPermissionFix } from './missing-fix';
import { resolveResource, type ResolvedResource } from './resources';
import type { SdkCall } from './sdk-types';
import { needsIam } from './services';
import { isRuntimeEnv } from './data/runtime-env';
import { get, getPath, intrinsicName, isMap } from '../yaml/ast';
import { handlerCalls, type Links } from './usage';
import { actionPatternMatches } from '../iam/catalog';
import { literalText } from '../iam/policy-analysis';
import { mentionsLogicalId } from '../model/cfn';
import { cfnRoleId } from './unused';

/** One action a function misses, with every call site needing it (first is the one named in messages). */
export interface MissingAction {
  action: string;
  calls: SdkCall[];
}

/**
 * What one function misses on one resource (the template resource or literal name its calls use;
 * for calls whose resource is not known, one service): one finding, one fix granting every action in
 * one statement. A stale role lacking five DynamoDB actions on a table is one cause, not five.
 */
export interface MissingPermission {
  fn: FunctionModel;
  handler: HandlerRef;
  role: RoleModel;
  /** The actions, in the order the code first needs them. */
  actions: MissingAction[];
  resolved?: ResolvedResource;
  /** An unconditional Deny removes the actions: granting them again would not help. */
  denied: boolean;
  fix?: Fix;
}

/**
 * Every environment block that applies to the function is a plain map (no `${file(...)}`, no
 * intrinsic): the variables it sets are all known.
 */
function environmentKnown(model: ConfigModel, fn: FunctionModel): boolean {
  const blocks =
    model.kind === 'serverless'
      ? [get(fn.node, 'environment'), getPath(model.root, 'provider.environment')]
      : [getPath(get(fn.node, 'Properties'), 'Environment'), getPath(get(fn.node, 'Properties'), 'Environment.Variables'), getPath(model.root, 'Globals.Function.Environment'), getPath(model.root, 'Globals.Function.Environment.Variables')];
  return blocks.every((b) => b == null || (isMap(b) && !intrinsicName(b)));
}

export function missingPermissions(model: ConfigModel, configFile: string, handlers: readonly HandlerRef[], links: Links, project: Project, onlyFn?: string): MissingPermission[] {
  const out: MissingPermission[] = [];
  const grantsByRole = new Map<string, RoleGrants>();
  for (const fn of model.functions) {
    if (onlyFn !== undefined && fn.id !== onlyFn) continue;
    const h = handlers.find((x) => x.fnId === fn.id && x.configFile === configFile);
    if (!h) continue;
    const role = roleOf(model, fn);
    if (!role) continue;
    let grants = grantsByRole.get(role.id);
    if (!grants) {
      const fns = role.functions.map((id) => model.functions.find((f) => f.id === id)).filter((f): f is FunctionModel => !!f);
      grantsByRole.set(role.id, (grants = roleGrants(model, role, fns)));
    }
    if (!grants.evaluable) continue;
    const calls = handlerCalls(h, model, fn, links, project);
    if (!calls) continue;
    const byAction = new Map<string, SdkCall[]>();
    for (const c of calls.reachable) {
      // A client built with other credentials (tenant credentials, an assumed role, keys) does not
      // use the execution role: its calls say nothing about what the role must allow.
      if (c.explicitCredentials) continue;
      // Runs only when an environment variable is set that the function's configuration never sets.
      if (c.onlyWithEnv && environmentKnown(model, fn) && !c.onlyWithEnv.some((name) => isRuntimeEnv(name) || fn.environment.some((e) => e.name === name))) continue;
      for (const a of c.actions) {
        if (!needsIam(a) || grants.allows(a)) continue;
        let list = byAction.get(a);
        if (!list) byAction.set(a, (list = []));
        list.push(c);
      }
    }
    const groups = new Map<string, { actions: MissingAction[]; resolved?: ResolvedResource; denied: boolean; usesIndex: boolean }>();
    for (const [action, sites] of byAction) {
      // Prefer a call site whose resource resolves to the template.
      const resolvedSites = sites.map((c) => ({ c, r: resolveResource(model, fn, c) }));
      // Every call targets a role of the template whose trust policy lets this role assume it.
      if (resolvedSites.every((x) => trustGrants(model, x.r, role, action))) continue;
      const best = resolvedSites.find((x) => x.r?.resource) ?? resolvedSites.find((x) => x.r) ?? resolvedSites[0];
      const sameResource = resolvedSites.every((x) => (x.r?.resource?.id ?? '') === (best.r?.resource?.id ?? ''));
      const resolved = sameResource ? best.r : best.r?.resource ? undefined : best.r;
      const denied = grants.denies(action);
      const usesIndex = sites.some((c) => c.usesIndex && (resolveResource(model, fn, c)?.resource?.id ?? '') === (resolved?.resource?.id ?? ''));
      // One finding per resource the actions are missing on (a template resource, a literal name), or per service when no resource is known.
      const key = `${denied}\u0000${resolved?.resource ? `r:${resolved.resource.id}` : resolved?.literal !== undefined ? `l:${resolved.literal}\u0000${resolved.label}` : `s:${action.slice(0, action.indexOf(':')).toLowerCase()}`}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { actions: [], resolved, denied, usesIndex: false }));
      g.actions.push({ action, calls: [best.c, ...sites.filter((c) => c !== best.c)] });
      g.usesIndex ||= usesIndex;
      // Actions of one service whose calls name no common resource: the finding names none.
      if (!resolved?.resource && g.actions.length > 1 && g.resolved?.label !== resolved?.label) g.resolved = undefined;
    }
    for (const g of groups.values()) {
      const fix = g.denied ? undefined : missingPermissionFix({ model, configFile, fn, role, actions: g.actions.map((a) => a.action), resolved: g.resolved, usesIndex: g.usesIndex });
      out.push({ fn, handler: h, role, actions: g.actions, resolved: g.resolved, denied: g.denied, ...(fix ? { fix } : {}) });
    }
  }
  return out;
}

/**
 * The target is a role of this template whose trust policy allows the action (`sts:AssumeRole`,
 * `sts:TagSession`…) to the caller's role by its ARN, without a Condition. Within one account a
 * resource-based policy that names the principal grants the access on its own, so the caller's
 * identity policy need not allow it: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * (same-account requests: an allow in either the identity or the resource-based policy suffices)
 * and https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_compare-resource-policies.html.
 */
function trustGrants(model: ConfigModel, target: ResolvedResource | undefined, caller: RoleModel, action: string): boolean {
  const res = target?.resource;
  const callerId = cfnRoleId(caller);
  if (!res || res.type !== 'AWS::IAM::Role' || !callerId) return false;
  const trust = model.roles.find((r) => r.id === res.id)?.trust;
  return !!trust?.statements.some(
    (st) =>
      st.effect === 'Allow' &&
      !st.condition &&
      !!st.actions?.items.some((v) => {
        const t = literalText(v);
        return t !== undefined && actionPatternMatches(t, action);
      }) &&
      !!st.principal?.entries.some((e) => e.type === 'AWS' && mentionsLogicalId(e.value.node, callerId)),
  );
}
