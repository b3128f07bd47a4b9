import { defineRule } from '../server/src/engine/rule';
import { ruleMessage } from '../server/src/engine/messages';
import { isBoundaryGated, passRoleOnlyToInertServices, permissionsBoundaryCondition, resourceTagCondition } from '../server/src/engine/iam/policy-idioms';
import { TAG_LIMITED_TARGETS } from '../server/src/engine/iam/data/narrowing-conditions';
import type { RoleModel } from '../server/src/engine/model/types';
import { actionPatternMatches, hasWildcard } from '../server/src/engine/iam/catalog';
import { ESCALATION_METHODS, type EscalationMethod } from '../server/src/engine/iam/risk';
import {
  deniedPatterns,
  effectivePolicies,
  grantsOf,
  isDenied,
  listText,
  literalItems,
  lowerFirst,
  nodeKey,
  resourcePatternText,
  roleText,
  type Grant,
} from '../server/src/engine/iam/policy-analysis';
import type { RelatedLocation } from '../server/src/engine/types';
import { asList, get, intrinsicName } from '../server/src/engine/yaml/ast';
import { referencedLogicalId } from '../server/src/engine/model/cfn';
import { boundaryDocuments } from '../server/src/engine/model/boundaries';
import type { ConfigModel } from '../server/src/engine/model/types';
import { detach } from '../server/src/engine/lru';
import { codeNarrowing } from '../server/src/engine/fix/iam-code-fix';
import { readNear, stateMachineNarrowFix } from '../server/src/engine/fix/state-machine-fix';
import { passRoleScopeFix } from '../server/src/engine/fix/passrole-scope';
import { pipelinePassRoleFix } from '../server/src/engine/fix/pipeline-passrole-fix';

/**
 * Privilege-escalation actions and combinations (risk.ts `ESCALATION_METHODS`) over the effective
 * policy of each role: every Allow statement attached to it, wherever it is written, minus
 * unconditional `Deny ... Resource: '*'`. Actions that act on whatever the Resource names —
 * iam:PassRole, sts:AssumeRole, lambda:UpdateFunctionCode/UpdateFunctionConfiguration and a few
 * more — only count on a broad Resource (`'*'`, `arn:...:role/*`, NotResource); IAM policy and
 * credential actions (iam:PutRolePolicy, iam:CreateAccessKey...) count on any resource, since a
 * single target can be the role itself. A bare `Action: '*'` is left to iam-wildcard-action.
 * iam:PassRole limited by `iam:PassedToService` to services that cannot run code with the role
 * satisfies no method that needs the pass. Credentials minted for a user the template creates
 * whose own permissions are narrow (USER_CREDENTIAL_ACTIONS, `narrowUsersOnly`) reach nothing more
 * than that user can do: key rotation, not an escalation.
 *
 * One finding per reported node: a single-action method on that action, a combination on its most
 * specific non-PassRole action, with `related` locations for the other actions.
 */

/** Lower-case actions that only escalate when allowed on a broad Resource. */
const RESOURCE_SENSITIVE = new Set([
  'iam:passrole',
  'sts:assumerole',
  'lambda:updatefunctioncode',
  'lambda:updatefunctionconfiguration',
  'glue:updatedevendpoint',
  'sagemaker:createpresignednotebookinstanceurl',
]);

interface Part {
  action: string;
  grant: Grant;
  /** No other grant of the role covers this requirement (any of its alternatives). */
  sole?: boolean;
}

interface Found {
  method: EscalationMethod;
  parts: Part[];
  /** Limited to named resources (SCOPED_METHODS). */
  scoped?: boolean;
  /** Possible only through grants an `iam:PermissionsBoundary` condition limits to capped roles and users. */
  capped?: boolean;
  /** A role-policy method whose grant names only function roles of this template other than the holder (OWN_ROLE_METHODS). */
  ownRoles?: string[];
}

interface Entry {
  report: Part;
  methods: Map<string, Found>;
  roles: RoleModel[];
  /** Every method found here is one a scoped grant limits to named resources (see SCOPED_METHODS). */
  scoped: boolean;
  /** Every method found here needs a grant limited by an `iam:PermissionsBoundary` condition. */
  capped: boolean;
  /** Every method found here reaches only the template's function roles named by its Resource (their logical ids). */
  ownRoles: string[] | undefined;
  /** In every method, the reported grant is the only one covering its requirement: removing it ends them all. */
  sole: boolean;
}

/**
 * Methods that only reach what their Resource names: running a change set acts with the service
 * role of the stack it names. On ARNs that each name one stack or the project's own stacks (a
 * wildcard only after a project prefix, `stack/${AppName}*`) and with every iam:PassRole of the role
 * naming specific roles, it is the deployment role's job, not a path to any role: info. `stack/*`
 * stays an error.
 */
const SCOPED_METHODS = new Set(['ExecuteCloudFormationChangeSet']);

const ONE_RESOURCE = '<one resource of the template>';

/** The texts of a statement's Resource items, `!Sub` templates included; undefined when one cannot be read. */
function resourceTexts(g: Grant): string[] | undefined {
  const out: string[] = [];
  for (const v of g.statement.resources?.items ?? []) {
    const t = resourcePatternText(v);
    const fn = intrinsicName(v.node);
    // `!Ref X` / `!GetAtt X.Arn`: one resource of the template.
    if (t === undefined && (fn === 'Ref' || fn === 'Fn::GetAtt')) out.push(ONE_RESOURCE);
    else if (t === undefined) return undefined;
    else out.push(t);
  }
  return g.statement.notResources || out.length === 0 ? undefined : out;
}

/** Every stack ARN the grant names is one stack (`stack/orders-prod/*`: no wildcard in the name). */
function namesOneStack(g: Grant): boolean {
  const texts = resourceTexts(g);
  return !!texts && texts.every((t) => {
    if (t === ONE_RESOURCE || /:transform\//.test(t)) return true; // one resource; the SAM transform macro, not a stack
    const m = /:stack\/([^/]+)(\/.*)?$/.exec(t);
    return !!m && !/[*?]/.test(m[1].replace(/\$\{[^}]*\}/g, ''));
  });
}

/** Pseudo parameters that name no project: a stack name made only of them and a wildcard is any stack. */
const ACCOUNT_WIDE_VARIABLES = ['${AWS::Region}', '${AWS::AccountId}', '${AWS::Partition}', '${AWS::URLSuffix}'];

/**
 * Every stack ARN the grant names is one stack, or the stacks of one project: a name whose only
 * wildcard is at its end, after a prefix of the project's own (`stack/${AppName}*`,
 * `stack/ecommerce-*`, `stack/${AWS::StackName}-*`: a template variable or at least three literal
 * characters, not only the region or account).
 */
function namesProjectStacks(g: Grant): boolean {
  if (namesOneStack(g)) return true;
  const texts = resourceTexts(g);
  return !!texts && texts.every((t) => {
    if (t === ONE_RESOURCE || /:transform\//.test(t)) return true;
    const m = /:stack\/([^/]+)(\/.*)?$/.exec(t);
    if (!m) return false;
    let prefix = m[1];
    while (prefix.endsWith('*')) prefix = prefix.slice(0, -1);
    if (/[*?]/.test(prefix)) return false;
    for (const v of ACCOUNT_WIDE_VARIABLES) prefix = prefix.split(v).join('');
    return prefix.includes('${') || prefix.replace(/[-_.]/g, '').length >= 3;
  });
}

/** Every iam:PassRole grant of the role names specific roles (no wildcard), or there is none. */
function passRoleNamesOnlyRoles(grants: readonly Grant[]): boolean {
  return grants.every((g) => {
    if (!coveredBy(g.text).has('iam:PassRole') || passRoleOnlyToInertServices(g.statement)) return true;
    const texts = resourceTexts(g);
    return !!texts && texts.every((t) => !/[*?]/.test(t.replace(/\$\{[^}]*\}/g, '')));
  });
}

/**
 * Methods that act on the role their Resource names: limited to roles this template creates for its
 * functions (not the role holding the grant), they give those functions more permissions; the holder
 * does not gain any itself. A deployment role updating the function role of the stack it deploys.
 */
const OWN_ROLE_METHODS = new Set(['AttachRolePolicy', 'PutRolePolicy']);

/**
 * The logical ids of the roles the grant's Resource names, when every item is a role of this template
 * (`!GetAtt R.Arn`, `!Ref R`, `!Sub …:role/${R}`) that is not the holder and that only functions use
 * (it has functions, and no instance profile or other principal makes it the holder's); else undefined.
 */
function functionRolesOnly(model: ConfigModel, g: Grant, holder: RoleModel | undefined): string[] | undefined {
  const items = g.statement.resources?.items ?? [];
  if (!holder || g.statement.notResources || items.length === 0) return undefined;
  const ids: string[] = [];
  for (const v of items) {
    let id = referencedLogicalId(v.node);
    if (!id) {
      const t = resourcePatternText(v);
      const m = t ? /:role\/\$\{([A-Za-z0-9]+)\}$/.exec(t) : null;
      id = m?.[1];
    }
    const role = id ? model.roles.find((r) => r.id === id) : undefined;
    if (!id || !role || role === holder || role.functions.length === 0 || role.external) return undefined;
    if (model.resources.some((r) => r.type === 'AWS::IAM::InstanceProfile' && asList(get(r.properties, 'Roles')).some((x) => referencedLogicalId(x) === id))) return undefined;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/**
 * Actions that hand over another user's identity (keys, console password): an escalation only
 * when that user can do more than the role.
 */
const USER_CREDENTIAL_ACTIONS = new Set(['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile']);

/**
 * Every Resource of the grant is an `AWS::IAM::User` of this template (`!GetAtt U.Arn`, `!Ref U`,
 * `!Sub ...:user/${U}`) whose whole permission set is here and narrow: no group, no managed
 * policy, and only named actions (no wildcard) that are no escalation step themselves. Minting
 * such a user's access key (SES SMTP credential rotation) gives the role nothing it could abuse
 * beyond that user's few actions.
 */
function narrowUsersOnly(model: ConfigModel, g: Grant): boolean {
  const items = g.statement.resources?.items ?? [];
  if (g.statement.notResources || items.length === 0) return false;
  return items.every((v) => {
    let id = referencedLogicalId(v.node);
    if (!id) {
      const t = resourcePatternText(v);
      const m = t ? /:user\/(?:[^$]*\/)?\$\{([A-Za-z0-9]+)\}$/.exec(t) : null;
      id = m?.[1];
    }
    const user = id ? model.resources.find((r) => r.id === id && r.type === 'AWS::IAM::User') : undefined;
    return !!user && narrowUser(model, user.id, user.where);
  });
}

function narrowUser(model: ConfigModel, id: string, where: string): boolean {
  const user = model.resources.find((r) => r.id === id)!;
  if (asList(get(user.properties, 'Groups')).length || asList(get(user.properties, 'ManagedPolicyArns')).length) return false;
  const docWheres = new Set<string>();
  for (const r of model.resources) {
    const names = asList(get(r.properties, 'Users')).map(referencedLogicalId);
    if (!names.includes(id)) continue;
    // Added to a group, or a policy whose document is not in the model: its permissions are unknown here.
    if (r.type !== 'AWS::IAM::Policy' && r.type !== 'AWS::IAM::ManagedPolicy') return false;
    docWheres.add(`${r.where}.${r.id}.Properties.PolicyDocument`);
    if (!model.documents.some((d) => d.where === `${r.where}.${r.id}.Properties.PolicyDocument`)) return false;
  }
  const inline = `${where}.${id}.Properties.Policies[`;
  const docs = model.documents.filter((d) => d.kind === 'identity' && (d.where.startsWith(inline) || docWheres.has(d.where)));
  return docs.every((d) =>
    d.statements.every((st) => {
      if (st.effect !== 'Allow') return true;
      if (st.notActions) return false;
      const items = st.actions?.items ?? [];
      const literal = literalItems(st.actions);
      return literal.length === items.length && literal.every(({ text }) => !hasWildcard(text) && coveredBy(text).size === 0);
    }),
  );
}

/**
 * The grant's statement limits its boundary-gated actions to roles and users capped by a named
 * permissions boundary (`iam:PermissionsBoundary`, policy-idioms.ts), and that boundary is not an
 * administrator policy of this file (an unconditional Allow '*' on '*' caps nothing).
 */
function cappedByBoundary(model: ConfigModel, g: Grant): boolean {
  const c = permissionsBoundaryCondition(g.statement);
  if (!c) return false;
  return !c.nodes.some((n) => boundaryDocuments(model, n).some((d) => d.statements.some((st) => st.effect === 'Allow' && !st.condition && !st.notActions && st.actions?.items.some((a) => a.kind === 'literal' && a.text === '*') && st.resources?.items.some((r) => r.kind === 'literal' && r.text === '*'))));
}

const isSensitive = (action: string) => RESOURCE_SENSITIVE.has(action.toLowerCase());

/** Every action some escalation method needs (canonical names). */
const METHOD_ACTIONS: readonly string[] = [...new Set(ESCALATION_METHODS.flatMap((m) => m.requires.flat()))];

/**
 * Which method actions a granted pattern covers, memoised per pattern (lower case): rules run on
 * every keystroke and the same statements reach many roles.
 */
const coverCache = new Map<string, ReadonlySet<string>>();
function coveredBy(pattern: string): ReadonlySet<string> {
  const key = pattern.toLowerCase();
  let hit = coverCache.get(key);
  if (!hit) {
    hit = new Set(METHOD_ACTIONS.filter((a) => actionPatternMatches(key, a)));
    if (coverCache.size > 5000) coverCache.clear();
    coverCache.set(detach(key), hit); // detached: a slice keeps its document alive
  }
  return hit;
}

/** Exact names before patterns; among patterns, the one that grants fewer actions. */
function specificity(g: Grant): number {
  return hasWildcard(g.text) ? 1 + g.expansion.length : 0;
}

function bestGrant(grants: readonly Grant[]): Grant {
  let best = grants[0];
  for (const g of grants) if (specificity(g) < specificity(best)) best = g;
  return best;
}

const rule = defineRule({
  meta: {
    id: 'iam-privilege-escalation',
    category: 'iam',
    severity: 'error',
    title: 'Role can escalate its own privileges',
    docs: {
      summary:
        'The role is allowed actions (alone or combined across its statements) that let it gain more permissions, e.g. iam:PutRolePolicy, iam:CreatePolicyVersion, or iam:PassRole with lambda:CreateFunction; a compromised function becomes an account administrator.',
      cwe: [269],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
    messages: {
      single: '{{grant}} lets {{who}} escalate {{its}} privileges: {{it}} {{how}} ({{where}}). {{advice}}',
      combination: '{{grant}}, together with {{others}}, lets {{who}} escalate {{its}} privileges: {{it}} {{how}} ({{where}}). {{advice}}',
      several: '{{grant}} lets {{who}} escalate {{its}} privileges in {{count}} ways, e.g. {{ways}} ({{where}}). Grant only the specific actions the function needs, on specific ARNs.',
      part: '{{grant}} is granted here ({{where}}): part of "{{method}}"',
      scopedChangeSet: '{{grant}}, together with {{others}}, lets {{who}} run change sets only on the stacks its Resource names ({{where}}), and iam:PassRole names only specific roles: CloudFormation acts with those stacks\' own service role. That is a deployment role\'s job; keep both scoped this way.',
      ownFunctionRoles: "{{grant}} reaches only {{roles}}, created by this template ({{where}}): {{who}} can give those functions more permissions, but not itself. Deploying the stack that owns them is what a deployment role does; keep the Resource to these roles, never '*' or a pattern that matches the deployment role.",
      boundaryCapped: '{{grant}} is limited by its Condition ({{condition}}) to roles and users capped by that permissions boundary ({{where}}): {{who}} can only give them what the boundary allows, the delegation AWS documents, not escalate beyond it. Keep the boundary narrow and never allow removing it (iam:DeleteRolePermissionsBoundary).',
    },
  },
  check(ctx) {
    const model = ctx.model!;
    const entries = new Map<string, Entry>();
    for (const { role, docs } of effectivePolicies(model)) {
      const grants = grantsOf(docs);
      if (grants.length === 0) continue;
      const denied = deniedPatterns(docs);
      const tagLimited = (action: string, g: Grant): boolean => {
        const entry = TAG_LIMITED_TARGETS.find((t) => t.action === action.toLowerCase());
        if (!entry || !resourceTagCondition(g.statement)) return false;
        return isDenied(denied, entry.tagAction) || !grants.some((o) => actionPatternMatches(o.text.toLowerCase(), entry.tagAction));
      };
      // Method action → the grants that cover it (built once per role from each grant's memoised cover set).
      const byAction = new Map<string, Grant[]>();
      // Grants of boundary-gated actions under an iam:PermissionsBoundary condition, per action.
      const cappedBy = new Map<Grant, Set<string>>();
      for (const g of grants) {
        const boundary = cappedByBoundary(model, g);
        for (const action of coveredBy(g.text)) {
          if (isSensitive(action) && !g.broad) continue;
          // A broad grant limited by an aws:ResourceTag test reaches only the tagged targets, unless this
          // role may also tag targets (then it can tag any of them): e.g. sts:AssumeRole on the stage roles
          // `sam pipeline bootstrap` tags.
          if (isSensitive(action) && tagLimited(action, g)) continue;
          // Keys or passwords for the template's own narrow users: rotation, not escalation.
          if (USER_CREDENTIAL_ACTIONS.has(action) && narrowUsersOnly(model, g)) continue;
          // A pass limited by iam:PassedToService to services that cannot run code: no path needs it.
          if (action.toLowerCase() === 'iam:passrole' && passRoleOnlyToInertServices(g.statement)) continue;
          if (boundary && isBoundaryGated(action)) {
            let set = cappedBy.get(g);
            if (!set) cappedBy.set(g, (set = new Set()));
            set.add(action);
          }
          let list = byAction.get(action);
          if (!list) byAction.set(action, (list = []));
          list.push(g);
        }
      }
      if (byAction.size === 0) continue;
      const isCapped = (g: Grant, action: string) => cappedBy.get(g)?.has(action) === true;
      const cover = (action: string, withCapped: boolean): readonly Grant[] =>
        byAction.has(action) && !isDenied(denied, action) ? byAction.get(action)!.filter((g) => withCapped || !isCapped(g, action)) : [];
      const methodsWith = (withCapped: boolean): Found[] => {
        const out: Found[] = [];
        for (const method of ESCALATION_METHODS) {
          const parts: Part[] = [];
          for (const group of method.requires) {
            const action = group.find((a) => cover(a, withCapped).length > 0);
            if (!action) break; // this requirement is not granted: the method is not possible
            const grant = bestGrant(cover(action, withCapped));
            parts.push({ action, grant, sole: group.every((a) => cover(a, withCapped).every((x) => x === grant)) });
          }
          if (parts.length === method.requires.length) {
            const ownRoles = OWN_ROLE_METHODS.has(method.id) ? functionRolesOnly(model, parts[0].grant, role) : undefined;
            out.push({ method, parts, scoped: SCOPED_METHODS.has(method.id) && parts.every((p) => namesProjectStacks(p.grant)) && passRoleNamesOnlyRoles(grants), ...(ownRoles ? { ownRoles } : {}) });
          }
        }
        return out;
      };
      const found = methodsWith(false);
      // Methods only a boundary-conditioned grant makes possible: capped by that boundary (info).
      if (cappedBy.size > 0) for (const f of methodsWith(true)) if (!found.some((x) => x.method.id === f.method.id)) found.push({ ...f, capped: true });
      // Keep the smallest methods: a combination containing a satisfied smaller one adds nothing.
      const minimal = found.filter(
        (f) => !found.some((g) => g !== f && g.parts.length < f.parts.length && g.parts.every((p) => f.parts.some((q) => q.action === p.action))),
      );
      for (const f of minimal) {
        const nonPass = f.parts.filter((p) => p.action !== 'iam:PassRole');
        const candidates = nonPass.length ? nonPass : f.parts;
        const report = [...candidates].sort((a, b) => specificity(a.grant) - specificity(b.grant))[0];
        const key = nodeKey(report.grant.value.node);
        let e = entries.get(key);
        if (!e) entries.set(key, (e = { report, methods: new Map(), roles: [], scoped: true, capped: true, sole: true, ownRoles: f.ownRoles }));
        if (!e.methods.has(f.method.id)) e.methods.set(f.method.id, f);
        if (!f.scoped) e.scoped = false;
        if (!f.ownRoles) e.ownRoles = undefined;
        if (!f.capped) e.capped = false;
        if (!f.parts.some((p) => p.grant.value.node === report.grant.value.node && p.sole)) e.sole = false;
        if (role && !e.roles.includes(role)) e.roles.push(role);
      }
    }

    // Every function of the role analysed and none calls the escalating actions: narrowing the entry removes them.
    const narrowing = codeNarrowing(ctx);
    for (const e of entries.values()) {
      const { report } = e;
      const g = report.grant;
      const doc = g.statement.doc;
      const who = e.roles.length ? roleText(model, e.roles, doc) : 'any role or user this policy is attached to';
      const methods = [...e.methods.values()];
      const shown = e.roles.filter((r) => r.functions.length > 0).length || e.roles.length;
      const its = shown > 1 ? 'their' : 'its';
      const it = shown > 1 ? 'they' : 'it';
      const related: RelatedLocation[] = [];
      const seen = new Set([nodeKey(g.value.node)]);
      for (const f of methods) {
        for (const p of f.parts) {
          const k = nodeKey(p.grant.value.node);
          if (seen.has(k)) continue;
          seen.add(k);
          related.push({ file: ctx.file, range: p.grant.value.node.range, message: ruleMessage(rule.meta, 'part', { grant: grantText(p), where: p.grant.statement.doc.where, method: lowerFirst(f.method.title) }) });
        }
      }
      let message: string;
      if (e.scoped) {
        const m = methods[0];
        message = ruleMessage(rule.meta, 'scopedChangeSet', {
          grant: grantText(report),
          others: listText(m.parts.filter((p) => p !== report).map(grantText), 4),
          who,
          where: doc.where,
        });
        ctx.report({ range: g.value.node.range, severity: 'info', message, related });
        continue;
      }
      if (e.ownRoles) {
        const targets = e.ownRoles.map((id) => {
          const fns = model.roles.find((r) => r.id === id)?.functions ?? [];
          return `${id} (the role of ${fns.length === 1 ? `function ${fns[0]}` : `functions ${listText(fns, 3)}`})`;
        });
        message = ruleMessage(rule.meta, 'ownFunctionRoles', { grant: grantText(report), roles: listText(targets, 3), who, where: doc.where });
        ctx.report({ range: g.value.node.range, severity: 'info', message, related });
        continue;
      }
      if (e.capped) {
        const condition = permissionsBoundaryCondition(g.statement)?.text ?? 'iam:PermissionsBoundary';
        message = ruleMessage(rule.meta, 'boundaryCapped', { grant: grantText(report), condition, who, where: doc.where });
        ctx.report({ range: g.value.node.range, severity: 'info', message, related });
        continue;
      }
      if (methods.length === 1 && methods[0].parts.length === 1) {
        const m = methods[0];
        message = ruleMessage(rule.meta, 'single', {
          grant: grantText(report),
          who,
          its,
          it,
          how: sentence(m.method.description),
          where: doc.where,
          advice: report.action.startsWith('iam:')
            ? 'Remove it; if the function really administers IAM, scope it to specific ARNs (never its own role or policies) and set a permissions boundary.'
            : 'Scope Resource to the specific ARNs the function must change, or remove it.',
        });
      } else if (methods.length === 1) {
        const m = methods[0];
        const others = m.parts.filter((p) => p !== report).map(grantText);
        message = ruleMessage(rule.meta, 'combination', {
          grant: grantText(report),
          others: listText(others, 4),
          who,
          its,
          it,
          how: sentence(m.method.description),
          where: doc.where,
          advice: m.parts.some((p) => p.action === 'iam:PassRole')
            ? 'Scope iam:PassRole to the roles the function must pass (or limit iam:PassedToService to services that cannot run code), or remove one of these actions.'
            : 'Remove one of these actions or scope them to specific ARNs.',
        });
      } else {
        const ways = methods.map((f) => {
          const key = f.parts.find((p) => p.grant === g)?.action ?? f.parts[0].action;
          return `${lowerFirst(f.method.title)} (${key})`;
        });
        message = ruleMessage(rule.meta, 'several', { grant: g.text, who, its, count: methods.length, ways: listText(ways, 3), where: doc.where });
      }
      // The actions of the reported methods' requirements this entry alone grants (e.sole): a narrowing
      // that keeps none of them breaks every reported method.
      const escalating = new Set(methods.flatMap((f) => f.parts.flatMap((p, i) => (p.grant === g ? f.method.requires[i] : []))));
      const keepsEscalation = (kept: readonly string[]) => kept.some((a) => escalating.has(a));
      // Every function of the role analysed, or a Step Functions execution role whose state machines are all read.
      const fix = (e.sole ? (narrowing(g.value.node, keepsEscalation) ?? stateMachineNarrowFix(model, g.statement, g.value, readNear(ctx), keepsEscalation)) : undefined) ?? passRoleScoping(methods);
      ctx.report({ range: g.value.node.range, message, related, fixes: fix ? [fix] : [] });
    }

    /**
     * Every reported method needs iam:PassRole on a broad Resource, and one exact iam:PassRole entry
     * is the only grant of it: scoping that entry to the roles the code (passrole-scope.ts) or the
     * role's pipelines (pipeline-passrole-fix.ts) really pass ends them all, and keeps every pass made.
     */
    function passRoleScoping(methods: readonly Found[]) {
      const parts = methods.map((f) => f.parts.find((p) => p.action === 'iam:PassRole'));
      const first = parts[0];
      if (!first || parts.some((p) => !p || p.grant !== first.grant || !p.sole)) return undefined;
      const { statement, value } = first.grant;
      return passRoleScopeFix(ctx, statement, value) ?? pipelinePassRoleFix(model, statement);
    }
  },
});

export default rule;

/** A catalogue description inside a sentence: lower-case start, no final period. */
function sentence(s: string): string {
  return lowerFirst(s).replace(/\.$/, '');
}

/** `iam:PassRole on Resource '*'`, `iam:* (iam:PutRolePolicy)`. */
function grantText(p: Part): string {
  const g = p.grant;
  const name = g.text.toLowerCase() === p.action.toLowerCase() ? g.text : `${g.text} (${p.action})`;
  return isSensitive(p.action) && g.broad ? `${name} on ${g.broad.label}` : name;
}
