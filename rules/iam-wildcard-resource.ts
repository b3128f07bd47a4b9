import { OPTIONAL_RESOURCE_ONLY, managesOptionalExtras } from '../server/src/engine/iam/data/optional-resources';
import { resourceNarrowingCondition } from '../server/src/engine/iam/policy-idioms';
import { defineRule } from '../server/src/engine/rule';
import type { ConfigModel, PolicyStatement } from '../server/src/engine/model/types';
import { ruleMessage } from '../server/src/engine/messages';
import { platformActions } from '../server/src/engine/permissions/data/implied-actions';
import { get, isMap, isScalar, isSeq, stringValue, type YNode } from '../server/src/engine/yaml/ast';
import { expandAction, hasWildcard, lookupAction, serviceInfo, type IamAction } from '../server/src/engine/iam/catalog';
import { handlerCalls } from '../server/src/engine/permissions/usage';
import { chosenAtRunTime, loadedFrom, resourceOrigin } from '../server/src/engine/permissions/resource-origin';
import { triggersOf } from '../server/src/engine/handlers';
import { referencedLogicalId } from '../server/src/engine/model/cfn';
import type { RuleContext } from '../server/src/engine/rule';
import type { StrValue } from '../server/src/engine/model/types';
import { checkStatementEntry } from '../server/src/engine/reuse';
import { roleById, rolesWithIds } from '../server/src/engine/model/query';
import { awsStarGrant, logWriter, type LogWriter } from '../server/src/engine/iam/data/aws-star-grants';
import { isMetadataRead } from '../server/src/engine/iam/risk';
import { scopeToCodeFix } from '../server/src/engine/permissions/unused';
import { statementNarrowing } from '../server/src/engine/fix/iam-code-fix';
import { stateMachineScopeFix } from '../server/src/engine/fix/state-machine-scope';
import { COMPREHEND_START_JOBS } from '../server/src/engine/permissions/data/role-passing';
import { arnExample, primaryResourceType, isBareStar, listText, literalItems, literalText, uniqueStatements, cachedWhereText } from '../server/src/engine/iam/policy-analysis';

/**
 * `Effect: Allow` + `Resource: '*'` in an identity policy whose actions could be scoped to ARNs
 * (they support resource-level permissions, per the IAM catalogue). Actions that only work with
 * `'*'` (`xray:PutTraceSegments`, `ec2:DescribeInstances`) or whose resource types are all optional
 * extras of the request (`translate:TranslateText`, `OPTIONAL_RESOURCE_ONLY_TABLE`) are fine on `'*'`. Resource policies are
 * not checked: there `Resource: '*'` means "this resource" (e.g. a KMS key policy).
 */
const rule = defineRule({
  meta: {
    id: 'iam-wildcard-resource',
    category: 'iam',
    severity: 'warning',
    title: "Allow statement applies to every resource ('*') although its actions can be scoped",
    docs: {
      summary: "Resource '*' lets the statement's actions touch every matching resource in the account; these actions support resource-level permissions, so list the ARNs they need.",
      cwe: [732],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
    messages: {
      scopable: "Resource '*' lets {{actions}} act on {{target}}, in {{where}}. {{subject}} resource-level permissions: list the ARNs the function uses{{example}}.{{rest}}",
      readOnly: "Resource '*' lets {{actions}} read the configuration of {{target}}, in {{where}}: read-only breadth (no data, no secret values). {{subject}} resource-level permissions: list the ARNs the function uses{{example}} if it should not see the rest.{{rest}}",
      inventoryContent: "Resource '*' lets {{actions}} read everything {{listing}} lists, in {{where}}: an inventory (list, then read each), so '*' is its design and naming resources would break it. {{content}} also {{verb}} content (code locations, environment variables, inputs): keep the role to the code that takes the inventory.",
      awsStar: "Resource '*' for {{actions}}, in {{where}}, is how AWS grants them itself ({{policy}}). Scoping to {{scope}} is tighter but optional.",
      serviceStar: "Resource '*' for {{actions}}, in {{where}}, a role {{service}} assumes: {{note}}",
      genericStar: "Resource '*' for {{actions}}, in {{where}}: AWS's own managed policies grant log writes on '*' (for Lambda, AppSync, API Gateway), but scoping to the log groups this role writes to is tighter.",
      ownServiceRole: "Resource '*' for {{actions}}, in {{where}}: the role is the service role {{service}} assumes for {{owners}}, which name{{s}} the role, so naming {{them}} in the role's own policy would be a circular reference. A separate AWS::IAM::Policy attached to the role can name {{them}} (or the type's ARN with a '*' id).",
      runtimeChosen: "Resource '*' for {{actions}}, in {{where}}: the code picks the resource at run time — {{how}} — and the function is invoked only by {{invokers}}, not by callers on the internet, so no ARN can be listed before deploy: '*' is this function's design.{{unused}}",
      runtimeCreated: "Resource '*' for {{actions}}, in {{where}}: the {{types}} these act on are created at run time by this project's code ({{creators}}), with ids AWS generates, so no ARN can be listed before deploy; the narrowest pattern ({{pattern}}) is barely narrower than '*'. Keep the actions to those the code calls.",
    },
  },
  check(ctx) {
    const model = ctx.model!;
    // The code uses none of the statement's scopable actions: the narrowing leaves nothing on '*' that needs an ARN.
    const narrowStatement = statementNarrowing(ctx);
    let created: RuntimeCreated | undefined;
    const runtime = (): RuntimeCreated => (created ??= runtimeCreatedTypes(ctx));
    // The statement being checked's calls and their resources' origins (set before each check).
    let calls: () => ReturnType<typeof roleCalls> = () => undefined;
    const checkStatement = (st: PolicyStatement, star: StrValue): void => {
      // ABAC and other narrowing conditions: Resource '*' limited by tags, account, the function a mapping
      // invokes, the boundary of the roles acted on (iam/data/narrowing-conditions.ts).
      if (scopedByCondition(st.condition) || resourceNarrowingCondition(st)) return;
      const actions = literalItems(st.actions);
      const starForService = serviceStarActions(model, st);
      if (actions.some((a) => isBareStar(a.text))) return; // Action '*': iam-wildcard-action reports it
      const scopable: { text: string; actions: readonly IamAction[] }[] = [];
      // How the message names the scopable entries: the pattern as written, or the one action.
      const shown = (): string[] => scopable.map((s) => (hasWildcard(s.text) ? s.text : s.actions[0].fullName));
      const unscopable: string[] = [];
      for (const { text } of actions) {
        const expansion = expandAction(text);
        if (expansion.length === 0) continue; // unknown: iam-unknown-action
        // iam:PassRole on '*' is iam-passrole-wildcard's (an error); don't add a warning on top.
        if (expansion.length === 1 && expansion[0].fullName === 'iam:PassRole') continue;
        // Actions whose resource types are all optional extras of the request (translate:TranslateText
        // with a terminology) are authorised against '*' when the request names none: scoping breaks them.
        // Lambda's VPC network-interface actions are granted on '*' by AWS's own managed policy
        // (AWSLambdaVPCAccessExecutionRole): the interfaces do not exist before Lambda creates them.
        // Reads of metadata whose resource types are all optional (lambda:ListTags: a function, a
        // layer, a mapping... or none) name no resource a user could list: not a scoping question.
        const withArns = expansion.filter((a) => a.resourceLevel && !OPTIONAL_RESOURCE_ONLY.has(a.fullName) && !SERVICE_NAMED_JOB.has(a.fullName) && !LAMBDA_VPC_ACTIONS.has(a.fullName) && !starForService.has(a.fullName) && !(optionalOnly(a) && isMetadataRead(a)));
        // A pattern counts when most of what it matches can be scoped (`ec2:Describe*` cannot).
        // (Metadata reads with only optional resource types still count as scopable for that ratio:
        // `amplify:*` is mostly scopable even though its List actions may name nothing.)
        const optionalReads = hasWildcard(text) ? expansion.filter((a) => a.resourceLevel && optionalOnly(a) && isMetadataRead(a)).length : 0;
        // A pattern none of whose actions requires a resource ARN (`translate:*`: every Translate
        // resource type, terminology or parallel data, is an optional extra of its requests) has
        // nothing the statement must name: '*' is how the service is used without those extras.
        // (Only the curated optional extras and the actions managing them count: the catalogue marks
        // some types optional that the action always acts on, `es:ESHttpGet`'s domain.)
        const noneRequired = hasWildcard(text) && expansion.every((a) => !a.resourceLevel || OPTIONAL_RESOURCE_ONLY.has(a.fullName) || managesOptionalExtras(a));
        const counts = noneRequired ? false : hasWildcard(text) ? (withArns.length + optionalReads) * 2 >= expansion.length && withArns.length > 0 : withArns.length > 0;
        if (counts) scopable.push({ text, actions: withArns });
        else unscopable.push(text);
      }
      if (scopable.length === 0) return;
      // An info finding at the '*' (with the statement's place), and the statement's check ends.
      const info = (id: string, fields: Record<string, string>): void => {
        ctx.report({ range: star.node.range, severity: 'info', message: ruleMessage(rule.meta, id, { where: cachedWhereText(model, st.doc), ...fields }) });
      };
      // Grants AWS itself writes on '*' (AWSLambdaBasicExecutionRole's logs, CodeBuild's VPC interfaces):
      // info, naming the policy, and only when nothing else in the statement is scopable.
      const real = scopable.filter((s) => !s.actions.every((a) => awsStarGrant(a.fullName)));
      if (real.length === 0) {
        // Log writes only: worded for the service that assumes the role (data: LOG_WRITERS).
        const logsOnly = scopable.every((s) => s.actions.every((a) => a.service === 'logs'));
        const writer = logsOnly ? roleLogWriter(model, st) : undefined;
        if (logsOnly && writer?.principal !== 'lambda.amazonaws.com') {
          // The service's documented grant is on '*' and nothing narrower exists (Step Functions
          // log delivery): there is nothing a reviewer could change, so nothing is reported.
          if (writer?.grantedBy && !writer.scope) return;
          const actions = listText(shown());
          const note = !writer
            ? ''
            : writer.grantedBy
              ? `AWS grants these on '*' itself (${writer.grantedBy}). Scoping to ${writer.scope} is tighter but optional.`
              : `${writer.service} writes its logs to one log group: scope the statement to ${writer.scope}.`;
          if (writer) info('serviceStar', { actions, service: writer.service, note });
          else info('genericStar', { actions });
          return;
        }
        const grants = [...new Set(scopable.flatMap((s) => s.actions.map((a) => awsStarGrant(a.fullName)!)))];
        const by = [...new Set(grants.map((g) => g.grantedBy))];
        const scopes = [...new Set(grants.map((g) => g.scope))];
        info('awsStar', { actions: listText(shown()), policy: listText(by), scope: listText(scopes, 2) });
        return;
      }
      scopable.splice(0, scopable.length, ...real);
      // Resources the code creates at run time (a user pool per tenant): '*' is as narrow as it gets.
      const created = createdFor(scopable.flatMap((x) => x.actions), runtime());
      if (created) {
        info('runtimeCreated', {
          actions: listText(shown()),
          types: listText(created.types.map((t) => `${t} resources`)),
          creators: listText(created.creators, 3),
          pattern: listText(created.patterns, 2),
        });
        return;
      }
      // A service's own role (an Amplify app's) whose inline policy could only name the resource
      // that names the role: a circular reference; '*' is the practical scope there.
      const owners = ownServiceRoleOwners(model, st, scopable.flatMap((x) => x.actions));
      if (owners) {
        info('ownServiceRole', {
          actions: listText(shown()),
          service: owners.principal,
          owners: listText(owners.ids.map((id) => `${id}`), 3),
          s: owners.ids.length === 1 ? 's' : '',
          them: owners.ids.length === 1 ? 'it' : 'them',
        });
        return;
      }
      // The code picks the resource at run time from what the trigger or another call hands it (the
      // functions ListFunctions returns, the security group an incident names), and nothing on the
      // internet triggers the function: '*' is its design (a kill switch, a remediation), not an oversight.
      const chosen = runtimeChosen(calls(), scopable.flatMap((x) => x.actions));
      if (chosen) {
        info('runtimeChosen', {
          actions: listText(shown()),
          how: chosen.how,
          invokers: chosen.invokers,
          unused: chosen.unused.length ? ` ${listText(chosen.unused)} ${chosen.unused.length === 1 ? 'is' : 'are'} never called (iam-unused-permission).` : '',
        });
        return;
      }
      // An inventory: the role lists every resource of a type (lambda:ListFunctions, which has no
      // resource-level permissions) and these only read what it lists. '*' is its design.
      // Reported at info when some reads return content (a function's environment variables: worth
      // knowing which role can read them all); configuration reads only are not reported.
      // Only for roles that run code (a function's, a state machine's…): a deploying service's role
      // (CloudFormation creating the functions) reads what it deploys by name, so '*' is not its design there.
      const listing = runsCode(model, st) ? listingActions(model, st) : [];
      if (listing.length && scopable.every((x) => x.actions.every((a) => (a.accessLevel === 'Read' || a.accessLevel === 'List') && listsType(listing, a)))) {
        const content = [...new Set(scopable.flatMap((x) => x.actions.filter((a) => !isMetadataRead(a)).map((a) => a.fullName)))];
        // Configuration reads only: '*' is the design and there is nothing to change or to know, so
        // nothing is reported (an info that asks nothing is noise). Reads returning content are named.
        if (!content.length) return;
        info('inventoryContent', {
          actions: listText(shown()),
          listing: listText([...new Set(listing.filter((l) => scopable.some((x) => x.actions.some((a) => listsType([l], a)))).map((l) => l.fullName))]),
          content: listText(content, 3),
          verb: content.length === 1 ? 'returns' : 'return',
        });
        return;
      }
      // Read-only breadth: every scopable action reads metadata (Describe/List/Get of configuration), none reads data or secrets.
      const readOnly = scopable.every((s) => s.actions.every(isMetadataRead));
      const names = shown();
      const example = arnExample(representative(scopable[0].actions));
      const types = new Set(scopable.flatMap((s) => s.actions.map((a) => primaryResourceType(a)?.name)));
      const target = types.size === 1 ? `every ${[...types][0]} in the account` : 'every matching resource in the account';
      const verb = names.length === 1 ? 'supports' : 'support';
      const rest = unscopable.length
        ? ` Keep ${listText(unscopable)} on '*' in a separate statement: ${unscopable.length === 1 ? 'it supports' : 'they support'} no resource-level permissions.`
        : '';
      // The code's own resources, when every function of the role is analysed and every call resolves.
      const handlers = ctx.links.handlers();
      const isScopableName = (name: string) => {
        const a = lookupAction(name);
        return !!a && isScopable(a);
      };
      const isScopable = (a: IamAction) => a.resourceLevel && !OPTIONAL_RESOURCE_ONLY.has(a.fullName) && !SERVICE_NAMED_JOB.has(a.fullName) && !LAMBDA_VPC_ACTIONS.has(a.fullName) && !starForService.has(a.fullName) && !(optionalOnly(a) && isMetadataRead(a)) && !awsStarGrant(a.fullName);
      // Functions whose code is written in the template (ZipFile / InlineCode) are read too.
      const inline = model.functions.some((f) => f.inlineCode);
      const fix =
        (handlers.length || inline ? scopeToCodeFix(model, st, isScopable, handlers, ctx.links, ctx.project, { inline: true }) : undefined) ??
        (handlers.length ? narrowStatement(st, (a) => !isScopableName(a)) : undefined) ??
        stateMachineScopeFix(ctx, st);
      ctx.report({
        range: star.node.range,
        fixes: fix ? [fix] : [],
        ...(readOnly ? { severity: 'info' as const } : {}),
        message: ruleMessage(rule.meta, readOnly ? 'readOnly' : 'scopable', {
          actions: listText(names),
          target,
          where: cachedWhereText(model, st.doc),
          subject: `${names.length === 1 ? 'This action' : 'These actions'} ${verb}`,
          example: example ? ` (e.g. ${example})` : '',
          rest,
        }),
      });
    };
    // Each statement is checked through the engine's per-entry reuse (reuse.ts): its finding
    // depends on its own text and on where it is (the message names it).
    for (const st of uniqueStatements(model, ['identity'])) {
      const star = st.resources?.items.find((v) => literalText(v) === '*');
      if (!star || !st.actions) continue;
      // The context names what outside the statement decides its findings: the role's trusted service (serviceStarActions).
      // …and the resource types the project's code creates at run time (runtimeCreatedTypes).
      // …and the inventory reading: the role's listing actions (in any of its statements) and who assumes it.
      const inventoryKey = `${runsCode(model, st)}\u0000${listingActions(model, st).map((a) => a.fullName).join(',')}`;
      // …and where the resources of the calls of its actions come from, with who invokes the functions (roleCalls).
      const rc = roleCalls(ctx, st);
      calls = () => rc;
      checkStatementEntry(ctx, st.node, `${cachedWhereText(model, st.doc)}\u0000${[...serviceStarActions(model, st)].join(',')}\u0000${runtime().key}\u0000${inventoryKey}\u0000${rc ? JSON.stringify(rc) : ''}`, () => checkStatement(st, star));
    }
  },
});

/** What invokes a function, in words, when nothing on the internet can (no API, URL, ALB, queue or bucket trigger); else undefined. */
const INTERNAL_TRIGGERS: ReadonlyMap<string, string> = new Map([
  ['eventbridge', 'an EventBridge rule'],
  ['schedule', 'a schedule'],
  ['sns', 'an SNS topic'],
]);

/**
 * The statement is inline in a role only one AWS service assumes (its trust policy's one service
 * principal) and no function uses, every scopable action is of that service, and every resource of
 * the file that names the role (`IAMServiceRole: !GetAtt Role.Arn`) is of that service: naming them
 * in the role's own policy would make role and resource depend on each other. Their ids, else undefined.
 */
function ownServiceRoleOwners(model: ConfigModel, st: PolicyStatement, actions: readonly IamAction[]): { principal: string; ids: string[] } | undefined {
  if (st.doc.roleIds.length !== 1 || !actions.length) return undefined;
  const role = model.roles.find((r) => r.id === st.doc.roleIds[0]);
  if (!role || !role.trust || role.functions.length || !st.doc.where.startsWith(`Resources.${role.id}.`)) return undefined;
  const principals = new Set<string>();
  for (const t of role.trust.statements) for (const e of t.principal?.entries ?? []) {
    const v = literalText(e.value);
    principals.add(e.type === 'Service' && v ? v.toLowerCase() : '?');
  }
  if (principals.size !== 1) return undefined;
  const principal = [...principals][0];
  const prefix = principal.endsWith('.amazonaws.com') ? principal.slice(0, -'.amazonaws.com'.length) : undefined;
  if (!prefix || !actions.every((a) => a.service === prefix)) return undefined;
  const names = (n: YNode | null | undefined, depth: number): boolean => {
    if (!n || depth > 40) return false;
    if (isMap(n) && referencedLogicalId(n) === role.id) return true;
    if (isScalar(n)) return typeof n.value === 'string' && (n.value.includes(`\${${role.id}}`) || n.value.includes(`\${${role.id}.`));
    if (isSeq(n)) return n.items.some((x) => names(x, depth + 1));
    if (isMap(n)) return n.entries.some((e) => names(e.value, depth + 1));
    return false;
  };
  const users = model.resources.filter((r) => r.id !== role.id && names(r.properties, 0));
  if (!users.length || !users.every((r) => r.type.toLowerCase().startsWith(`aws::${prefix}::`))) return undefined;
  // …and the actions act on those resources (or what lives under their ARN: an app's branches), not on
  // other resources of the service (a Glue crawler's role writing databases and tables can name them).
  const kinds = users.map((r) => r.type.slice(r.type.lastIndexOf(':') + 1).toLowerCase());
  const types = serviceInfo(prefix)?.resourceTypes ?? [];
  const under = (a: IamAction) =>
    a.resourceTypes.some((rt) => {
      const arn = types.find((t) => t.name === rt.name)?.arnFormat ?? '';
      const res = arn.split(':').slice(5).join(':').toLowerCase();
      return kinds.some((k) => res.startsWith(k));
    });
  // (Most of them: `amplify:*` also holds the webhook actions, whose ARN is not under the app's.)
  const n = actions.filter(under).length;
  if (n === 0 || n * 2 < actions.length) return undefined;
  return { principal, ids: users.map((r) => r.id) };
}

/** A function with no event source and no state machine naming it: invoked directly, by whoever may. */
const DIRECT = 'direct calls (no event source)';

function internalInvokers(model: ConfigModel, fn: ConfigModel['functions'][number]): string | undefined {
  if (fn.url) return undefined;
  const triggers = triggersOf(model, fn);
  if (fn.events.length === 0) {
    // No event: invoked directly (an operator, a state machine's task, another function). A
    // permission for some other principal could open it to anyone: then it is not known.
    const permitted = model.resources.some((r) => r.type === 'AWS::Lambda::Permission' && referencedLogicalId(get(r.properties, 'FunctionName')) === fn.id && !/^(events|sns)\./.test(stringValue(get(r.properties, 'Principal')) ?? ''));
    if (permitted) return undefined;
    const words = triggers.filter((t) => t !== 'unknown').map((t) => INTERNAL_TRIGGERS.get(t));
    if (words.some((w) => !w)) return undefined;
    const machine = stateMachineInvokes(model, fn.id);
    const all = [...new Set([...(words as string[]), ...(machine ? ['a state machine'] : [])])];
    return all.length ? listText(all) : DIRECT;
  }
  const words = triggers.map((t) => INTERNAL_TRIGGERS.get(t));
  if (words.some((w) => !w)) return undefined;
  return listText([...new Set(words as string[])]);
}

/** One call of an action of the statement, by a function of its roles: on a fixed resource, or where its resource comes from. */
interface RoleCall {
  name: string;
  actions: string[];
  /** The calls' resource is chosen at run time: from these (`what lambda:ListFunctions returns`). */
  from?: string[];
  /** …among them the function's event. */
  fromEvent?: boolean;
}

/**
 * For the functions using the statement's roles, the calls of the statement's actions and where
 * their resources come from (permissions/resource-origin.ts), with who invokes each function;
 * undefined when one of them is unknown (no analysed handler, hidden calls, reachable from the
 * internet) or the roles are not only functions'. Also the reuse key of the statement's check.
 */
function roleCalls(ctx: RuleContext, st: PolicyStatement): { invokers: string[]; calls: RoleCall[]; direct?: boolean } | undefined {
  const model = ctx.model!;
  const roles = st.doc.roleIds.map((id) => roleById(model, id));
  if (!roles.length || roles.some((r) => !r || r.functions.length === 0)) return undefined;
  // Cheap tests first: this runs for every statement on every keystroke, outside the statement's
  // reuse (its result is part of the reuse key). Action '*' is iam-wildcard-action's (the check
  // returns before reading the calls), and its expansion is the whole catalogue.
  const items = literalItems(st.actions);
  if (items.some((a) => isBareStar(a.text))) return undefined;
  const handlers = ctx.links.handlers();
  const fnIds = [...new Set(roles.flatMap((r) => r!.functions))];
  const pairs = fnIds.map((id) => ({ fn: model.functions.find((f) => f.id === id), h: handlers.find((x) => x.fnId === id && x.configFile === ctx.file) }));
  if (pairs.some((p) => !p.fn || !p.h)) return undefined;
  const granted = new Set(items.flatMap(({ text }) => expandAction(text)).filter((a) => a.resourceLevel).map((a) => a.fullName.toLowerCase()));
  if (!granted.size) return undefined;
  const out: { invokers: string[]; calls: RoleCall[]; direct?: boolean } = { invokers: [], calls: [] };
  for (const p of pairs) {
    const fn = p.fn!;
    const h = p.h!;
    const by = internalInvokers(model, fn);
    if (!by) return undefined;
    out.invokers.push(by);
    if (by === DIRECT) out.direct = true;
    const calls = handlerCalls(h, model, fn, ctx.links, ctx.project);
    if (!calls || !calls.complete || !calls.exportFound || calls.unknown.length) return undefined;
    for (const c of calls.all) {
      const actions = c.actions.filter((a) => granted.has(a.toLowerCase()));
      if (!actions.length) continue;
      const o = c.resource || c.explicitCredentials ? undefined : resourceOrigin(c, calls.all, (p) => loadedFrom(ctx.links.code(p)), h);
      const from = chosenAtRunTime(o)
        ? [...(o!.kinds.has('response') ? [`what ${listText([...o!.responses], 3)} returns`] : []), ...(o!.kinds.has('event') ? ["the resource named in the function's event"] : [])]
        : undefined;
      out.calls.push({ name: c.name, actions, ...(from ? { from } : {}), ...(from && o!.kinds.has('event') ? { fromEvent: true } : {}) });
    }
  }
  return out;
}

/**
 * The statement's scopable actions are called only on resources the code takes at run time from
 * the event or from another call's response, by the analysed handlers of every function using the
 * statement's roles, none of them reachable from the internet (roleCalls). A call on a literal or
 * an environment variable (a table the configuration names) or one we cannot follow: undefined.
 */
function runtimeChosen(rc: ReturnType<typeof roleCalls>, actions: readonly IamAction[]): { how: string; invokers: string; unused: string[] } | undefined {
  if (!rc) return undefined;
  const wanted = new Set(actions.map((a) => a.fullName.toLowerCase()));
  const used = new Set<string>();
  const hows = new Set<string>();
  for (const c of rc.calls) {
    const acts = c.actions.filter((a) => wanted.has(a.toLowerCase()));
    if (!acts.length) continue;
    // A function with no event source in the file may be invoked by anyone allowed to: its event is no known sender's.
    if (!c.from || (c.fromEvent && rc.direct)) return undefined;
    for (const a of acts) used.add(a.toLowerCase());
    hows.add(`${c.name} (${listText(acts)}) acts on ${c.from.join(' or ')}`);
  }
  if (!used.size) return undefined;
  const unusedActions = actions.filter((a) => !used.has(a.fullName.toLowerCase()));
  // An uncalled action of another resource type (s3:GetObject next to calls on user pools) keeps '*'
  // reaching resources no call picks: not this design.
  const typeOf = (a: IamAction) => `${a.service}:${primaryResourceType(a)?.name ?? ''}`;
  const usedTypes = new Set(actions.filter((a) => used.has(a.fullName.toLowerCase())).map(typeOf));
  if (unusedActions.some((a) => !usedTypes.has(typeOf(a)))) return undefined;
  const unused = [...new Set(unusedActions.map((a) => a.fullName))];
  return { how: listText([...hows], 3), invokers: listText([...new Set(rc.invokers)]), unused };
}

/** A state machine of the template names the function (its definition's `${Fn.Arn}`, a `!GetAtt Fn.Arn`). */
function stateMachineInvokes(model: ConfigModel, fnId: string): boolean {
  const names = (n: YNode | null | undefined, depth: number): boolean => {
    if (!n || depth > 40) return false;
    if (isScalar(n)) return typeof n.value === 'string' && (n.value === fnId || n.value.startsWith(`${fnId}.`) || n.value.includes(`\${${fnId}.`) || n.value.includes(`\${${fnId}}`));
    if (isSeq(n)) return n.items.some((x) => names(x, depth + 1));
    if (isMap(n)) return n.entries.some((e) => names(e.value, depth + 1));
    return false;
  };
  return model.resources.some((r) => (r.type === 'AWS::StepFunctions::StateMachine' || r.type === 'AWS::Serverless::StateMachine') && names(r.properties, 0));
}

/** Resource types (`cognito-idp:userpool`) the project's handlers create at run time, with the calls that create them. */
interface RuntimeCreated {
  byType: Map<string, { creators: Set<string>; arnFormat: string }>;
  key: string;
}

/**
 * Create actions whose new resource gets an id AWS generates (returned by the call), so its ARN
 * cannot be written in a template: the code creates it and then acts on the returned id. One entry
 * per action, with the resource type (IAM catalogue name) and the source. Not here: creates whose
 * caller chooses the id (rekognition:CreateCollection takes a CollectionId, s3:CreateBucket a
 * bucket name): their ARNs can be scoped by a name pattern.
 */
export const RUNTIME_ID_CREATES: readonly { action: string; type: string; source: string }[] = [
  { action: 'cognito-idp:CreateUserPool', type: 'userpool', source: 'https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPool.html (the response UserPool.Id is generated by Cognito)' },
  { action: 'cognito-identity:CreateIdentityPool', type: 'identitypool', source: 'https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CreateIdentityPool.html (the response IdentityPoolId is generated)' },
  { action: 'appsync:CreateGraphqlApi', type: 'graphqlapi', source: 'https://docs.aws.amazon.com/appsync/latest/APIReference/API_CreateGraphqlApi.html (the response graphqlApi.apiId is generated)' },
];
const RUNTIME_ID_BY_ACTION = new Map(RUNTIME_ID_CREATES.map((e) => [e.action, e.type]));

/**
 * What the handlers linked to this config create at run time with an id AWS generates
 * (RUNTIME_ID_CREATES), from the calls reachable from each handler: actions on such resources
 * cannot be scoped to ARNs written in the template; the best is the type's ARN with a '*' id.
 * Calls of every analysed handler count, also when some other call of it is not resolved.
 */
function runtimeCreatedTypes(ctx: RuleContext): RuntimeCreated {
  const byType = new Map<string, { creators: Set<string>; arnFormat: string }>();
  const model = ctx.model!;
  if (model.functions.length) {
    for (const h of ctx.links.handlers()) {
      const fn = model.functions.find((f) => f.id === h.fnId);
      if (!fn) continue;
      const calls = handlerCalls(h, model, fn, ctx.links, ctx.project);
      for (const c of calls?.reachable ?? []) for (const a of c.actions) {
        const act = lookupAction(a);
        const typeName = act ? RUNTIME_ID_BY_ACTION.get(act.fullName) : undefined;
        const type = typeName ? serviceInfo(act!.service)?.resourceTypes.find((t) => t.name === typeName) : undefined;
        if (!act || !type) continue;
        const k = `${act.service}:${type.name}`;
        let e = byType.get(k);
        if (!e) byType.set(k, (e = { creators: new Set(), arnFormat: type.arnFormat }));
        e.creators.add(`${fn.id}: ${act.fullName}`);
      }
    }
  }
  return { byType, key: [...byType.keys()].sort().join(',') };
}

/**
 * When every scopable action acts on a resource type the code creates at run time (or only reads
 * metadata), the types, their creators and the narrowest ARN patterns; else undefined.
 */
function createdFor(actions: readonly IamAction[], rc: RuntimeCreated): { types: string[]; creators: string[]; patterns: string[] } | undefined {
  if (!rc.byType.size || !actions.length) return undefined;
  const types = new Set<string>();
  let onCreated = 0;
  for (const a of actions) {
    const hit = a.resourceTypes.map((t) => `${a.service}:${t.name}`).filter((k) => rc.byType.has(k));
    if (hit.length) {
      onCreated++;
      for (const k of hit) types.add(k);
    } else if (!isMetadataRead(a)) return undefined;
  }
  if (!onCreated) return undefined;
  const list = [...types].sort();
  return {
    types: list,
    creators: [...new Set(list.flatMap((k) => [...rc.byType.get(k)!.creators]))],
    patterns: list.map((k) => rc.byType.get(k)!.arnFormat.replace(/\$\{Partition\}/g, 'aws').replace(/\$\{Region\}/g, '<region>').replace(/\$\{Account\}/g, '<account>').replace(/\$\{[^}]+\}/g, '*')),
  };
}

/** Actions whose resource types are all optional extras (data: iam/data/optional-resources.ts, shared with the narrowing fixes). */
export { OPTIONAL_RESOURCE_ONLY_TABLE } from '../server/src/engine/iam/data/optional-resources';
const LAMBDA_VPC_ACTIONS = new Set(platformActions('vpc'));

/**
 * Roles assumed by an AWS service that needs an action on '*' for its job. Data: one entry per
 * service, with its source.
 */
export const SERVICE_ROLE_STAR_ACTIONS: readonly { principal: string; actions: readonly string[]; source: string }[] = [
  {
    principal: 'cognito-idp.amazonaws.com',
    actions: ['sns:Publish'],
    source: 'https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-sms-settings.html (SMS messages are published to phone numbers, not topics: Resource "*")',
  },
];

/**
 * The log writer (LOG_WRITERS) of the roles the statement is attached to: Lambda for the roles the
 * framework makes for functions (no trust policy in the file), else by the one service principal
 * of their trust policies; undefined when unknown or mixed.
 */
function roleLogWriter(model: ConfigModel, st: PolicyStatement): LogWriter | undefined {
  const roles = st.doc.roleIds.map((id) => roleById(model, id));
  if (roles.length === 0) return undefined;
  const principals = new Set<string>();
  for (const r of roles) {
    if (!r) return undefined;
    if (!r.trust) {
      // The role SAM generates for a state machine (its Policies) is assumed by Step Functions.
      if (r.generated && r.functions.length === 0 && model.resources.some((x) => `sam:${x.id}` === r.id && x.type === 'AWS::Serverless::StateMachine')) {
        principals.add('states.amazonaws.com');
        continue;
      }
      if (r.functions.length === 0) return undefined;
      principals.add('lambda.amazonaws.com');
      continue;
    }
    for (const t of r.trust.statements) for (const e of t.principal?.entries ?? []) {
      const v = literalText(e.value);
      principals.add(e.type === 'Service' && v ? v.toLowerCase() : '?');
    }
  }
  return principals.size === 1 ? logWriter([...principals][0]) : undefined;
}

/** Actions the statement's roles need on '*' because only such a service assumes them. */
function serviceStarActions(model: ConfigModel, st: PolicyStatement): Set<string> {
  const roles = st.doc.roleIds.map((id) => roleById(model, id));
  if (roles.length === 0 || roles.some((r) => !r?.trust)) return new Set();
  const principals = new Set<string>();
  for (const r of roles) for (const t of r!.trust!.statements) for (const e of t.principal?.entries ?? []) {
    const v = literalText(e.value);
    principals.add(e.type === 'Service' && v ? v : '?');
  }
  const out = new Set<string>();
  for (const e of SERVICE_ROLE_STAR_ACTIONS) if (principals.size === 1 && principals.has(e.principal)) for (const a of e.actions) out.add(a);
  return out;
}

/** Comprehend job types without a Stop API. */
const NO_STOP_API = new Set(['StopDocumentClassificationJob', 'StopTopicsDetectionJob']);

/**
 * Actions on a job whose identifier the service generates (the Start call's response JobId): its
 * ARN cannot be named before the job runs, so Resource '*' (or the account's `<type>/*`, which
 * the action's only resource type already implies) is all there is — for starting the job and
 * for describing or stopping the jobs started that way. Data: one entry per action, with its
 * source.
 */
export const SERVICE_NAMED_JOB_TABLE: readonly { action: string; source: string }[] = COMPREHEND_START_JOBS.flatMap((op) => [
  { action: `comprehend:${op}`, source: `https://docs.aws.amazon.com/comprehend/latest/APIReference/API_${op}.html (JobId and JobArn are generated and returned by the call)` },
  ...['Describe', 'Stop']
    .map((verb) => op.replace(/^Start/, verb))
    // Document classification and topic detection jobs cannot be stopped (no such API).
    .filter((name) => !NO_STOP_API.has(name))
    .map((name) => ({ action: `comprehend:${name}`, source: `https://docs.aws.amazon.com/comprehend/latest/APIReference/API_${name}.html (takes the JobId that ${op} generated)` })),
]);
const SERVICE_NAMED_JOB = new Set(SERVICE_NAMED_JOB_TABLE.map((e) => e.action));

/**
 * The listing actions (List/Describe, no resource-level permissions) the statement's roles are
 * allowed, or the statement's own document when it is attached to no role in the file.
 */
function listingActions(model: ConfigModel, st: PolicyStatement): IamAction[] {
  const roles = st.doc.roleIds.map((id) => roleById(model, id)).filter((r) => !!r);
  const docs = roles.length ? roles.flatMap((r) => r!.documents.filter((d) => d.kind === 'identity')) : [st.doc];
  const out: IamAction[] = [];
  for (const d of docs) for (const x of d.statements) {
    if (x.effect !== 'Allow') continue;
    for (const { text } of literalItems(x.actions)) {
      if (isBareStar(text)) continue;
      for (const a of expandAction(text)) if (a.accessLevel === 'List' && !a.resourceLevel && /^(List|Describe)/.test(a.name)) out.push(a);
    }
  }
  return out;
}

/** A listing action of the same service enumerates the action's resource type (ListFunctions → function). */
function listsType(listing: readonly IamAction[], a: IamAction): boolean {
  const t = primaryResourceType(a)?.name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!t) return false;
  const plurals = [`${t}s`, `${t}es`, t.replace(/y$/, 'ies')];
  return listing.some((l) => l.service === a.service && plurals.some((p) => l.name.toLowerCase().replace(/^(list|describe)/, '').endsWith(p)));
}

/**
 * Services that assume a role to deploy what a template or pipeline names (not to run code that
 * discovers resources): CloudFormation stack roles, CodePipeline service roles.
 * Sources: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html,
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/how-to-custom-role.html
 */
const DEPLOYING_SERVICES: ReadonlySet<string> = new Set(['cloudformation.amazonaws.com', 'codepipeline.amazonaws.com']);

/**
 * The statement's role runs code that can take an inventory: a function's role, a state machine's
 * (Step Functions SDK integrations), a task's or an instance's — anything but a role only
 * deploying services assume (they act on what the template names).
 */
function runsCode(model: ConfigModel, st: PolicyStatement): boolean {
  const roles = rolesWithIds(model, st.doc.roleIds);
  if (roles.length === 0 || roles.some((r) => r.functions.length > 0)) return true;
  const principals = new Set<string>();
  for (const r of roles) {
    if (!r.trust) return true;
    for (const t of r.trust.statements) for (const e of t.principal?.entries ?? []) {
      const v = literalText(e.value);
      principals.add(e.type === 'Service' && v ? v.toLowerCase() : '?');
    }
  }
  return principals.size === 0 || ![...principals].every((p) => DEPLOYING_SERVICES.has(p));
}

/** Every resource type of the action is optional: the request may name none. */
function optionalOnly(a: IamAction): boolean {
  return a.resourceTypes.length > 0 && a.resourceTypes.every((r) => !r.required);
}


export default rule;

/** The action whose ARN shape the message shows: an everyday one when the pattern has it. */
const EVERYDAY = ['GetObject', 'PutObject', 'GetItem', 'PutItem', 'SendMessage', 'Publish', 'InvokeFunction', 'GetParameter', 'GetSecretValue', 'Decrypt'];

function representative(actions: readonly IamAction[]): IamAction {
  for (const n of EVERYDAY) {
    const a = actions.find((x) => x.name === n);
    if (a) return a;
  }
  return actions[0];
}

/** Condition keys that narrow which resources a `Resource: '*'` statement reaches. */
const RESOURCE_SCOPING_KEY = /^aws:(resourcetag\/.+|resourceaccount|resourceorgid|resourceorgpaths)$/i;

/** True when the statement's Condition scopes the resources (`aws:ResourceTag/team`, `aws:ResourceAccount`...). */
function scopedByCondition(condition: YNode | null | undefined): boolean {
  if (!isMap(condition)) return false;
  for (const op of condition.entries) {
    if (!isMap(op.value)) continue;
    for (const k of op.value.entries) if (typeof k.key.value === 'string' && RESOURCE_SCOPING_KEY.test(k.key.value)) return true;
  }
  return false;
}
