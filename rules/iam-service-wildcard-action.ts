import { defineRule } from '../server/src/engine/rule';
import { ruleMessage } from '../server/src/engine/messages';
import { isDocumentedActionWildcard, isKmsDefaultKeyPolicyStatement, isKmsRootDelegation, isKmsServicePrincipalGrant, isOwnAccountDelegation } from '../server/src/engine/iam/policy-idioms';
import { checkStatementEntry } from '../server/src/engine/reuse';
import { expandAction, hasWildcard, serviceInfo, serviceName, type IamAction } from '../server/src/engine/iam/catalog';
import { isMetadataRead, isNamedContentRead, riskTags, riskiestActions } from '../server/src/engine/iam/risk';
import { broadResource, cachedWhereText, formatCount, isBareStar, isKindWideArn, listText, literalItems, memo, replaceScalarEdit, uniqueStatements } from '../server/src/engine/iam/policy-analysis';
import type { Fix } from '../server/src/engine/types';
import type { ConfigModel, PolicyStatement } from '../server/src/engine/model/types';
import { arnFits, resourceSamples } from '../server/src/engine/permissions/missing-fix';
import { anyonePrincipal } from '../server/src/engine/model/query';
import { READ_EQUIVALENTS } from '../server/src/engine/permissions/data/read-equivalents';
import { unusedPermissions, type UnusedItem } from '../server/src/engine/permissions/unused';
import { pipelineNarrowFix } from '../server/src/engine/fix/pipeline-passrole-fix';
import { readNear, stateMachineNarrowFix } from '../server/src/engine/fix/state-machine-fix';
import { fittingActionsFix, type FittingNeed } from '../server/src/engine/fix/fitting-actions-fix';
import { firehoseRoleNarrowFix } from '../server/src/engine/fix/firehose-role-fix';

/**
 * `Effect: Allow` with a service-wide (`dynamodb:*`) or partial (`s3:Get*`, `*:Get*`,
 * `s3:?etObject`) action wildcard. The message counts the actions the pattern grants today (from
 * the IAM catalogue) and names the riskiest of them. A bare `'*'` is iam-wildcard-action's; a
 * pattern that matches nothing is iam-unknown-action's. KMS key-policy idioms AWS documents are not
 * reported: the default statement giving the account root `kms:*` (it delegates to IAM), the
 * console's key-administrator and key-user statements, statements granting AWS service principals,
 * and documented patterns such as `geo:GetMap*` (policy-idioms.ts, data/documented-idioms.ts).
 */
const rule = defineRule({
  meta: {
    id: 'iam-service-wildcard-action',
    category: 'iam',
    severity: 'warning',
    title: 'Allow statement uses a service-wide or partial action wildcard',
    docs: {
      summary: 'Action wildcards such as `s3:*` or `dynamodb:Get*` grant every matching action, today and in the future; list the actions the function calls instead.',
      cwe: [732, 269],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
    messages: {
      pattern: '{{text}} {{what}}{{including}}, in {{where}}. {{advice}}',
      readOnly: '{{text}} {{what}}, in {{where}}, all of them reads of configuration (no data or secret values): read-only breadth. List the ones the code calls if it should not see the rest.',
      readOnlyData: '{{text}} {{what}}, in {{where}}, all of them reads (Read or List access level) on the resources the statement names; the data it can read ({{data}}) the same statement already grants by name (or through a read that returns the same data), so it adds only reads of configuration: no writes or permission changes. List the ones the code calls{{example}} if it should not read the rest.',
      domainPolicy: "{{text}} in {{where}} acts as es:ESHttp*: in a domain access policy AWS applies it to the domain's subresources only, so it is every HTTP method on this domain's indexes (reads, writes and deletes) for the principals it names. That is the form AWS documents; list only the methods they need (e.g. es:ESHttpGet for dashboards that only read) if they should not write or delete indexes.",
      readOnlyNamed: '{{text}} {{what}}, in {{where}}, all of them reads (Read or List access level), and only on the resources the statement names: no writes or permission changes. List the ones the code calls if it should not read the rest.',
    },
  },
  check(ctx) {
    const model = ctx.model!;
    // What the handlers call, computed once and only when a finding may get the narrowing fix.
    let unused: UnusedItem[] | undefined;
    const narrowing = (node: object): Fix | undefined => {
      if (!unused) {
        const handlers = ctx.links.handlers();
        // Inline function code (ZipFile / InlineCode) is read too: the fix needs every user of the role.
        unused = handlers.length || model.functions.some((f) => f.inlineCode) ? unusedPermissions(model, handlers, ctx.links, ctx.project, { inline: true }) : [];
      }
      const fix = unused.find((it) => it.value.node === node)?.fix;
      return fix && !fix.placeholder ? fix : undefined;
    };
    // What the code of the statement's functions uses of a wildcard, for the fitting fix (fix/fitting-actions-fix.ts).
    const fittingNeed = (st: PolicyStatement, node: object): FittingNeed => {
      if (st.doc.kind !== 'identity' || noFunction(model, st) || !model.roles.some((r) => st.doc.roleIds.includes(r.id))) return undefined;
      narrowing(node);
      const item = unused!.find((it) => it.value.node === node);
      return item ? { used: item.used } : 'unknown';
    };
    for (const st of uniqueStatements(model, ['identity', 'resource'])) {
      checkStatementEntry(ctx, st.node, `${st.doc.kind}\u0000${cachedWhereText(model, st.doc)}`, () => {
        // Documented key-policy idioms: the root statement delegating to IAM, service principals encrypting with the key,
        // the console's key-administrator and key-user statements (one statement, not one finding per action).
        if (isKmsRootDelegation(st) || isKmsServicePrincipalGrant(st) || isKmsDefaultKeyPolicyStatement(st)) return;
        // Any resource policy granting only the template's own account: delegation to its IAM policies.
        if (isOwnAccountDelegation(st)) return;
        for (const { value, text } of literalItems(st.actions)) {
          if (isBareStar(text) || !hasWildcard(text) || isDocumentedActionWildcard(text)) continue;
          const expansion = expandAction(text);
          if (expansion.length === 0) continue; // matches nothing: iam-unknown-action
          // Only the actions whose resource types the statement's ARNs are can be granted by it
          // (`s3:List*` on `bucket/*`: the object actions); counted by resource type when the ARNs are known.
          const fitting = fittingActions(model, st, expansion);
          const { what, including, example } = summary(text, fitting ?? expansion, fitting && expansion);
          const where = cachedWhereText(model, st.doc);
          // A domain access policy applies to the domain's subresources only: there es:* is
          // es:ESHttp*, the form AWS documents, for the principals it names (not '*').
          if (st.doc.kind === 'resource' && DOMAIN_TYPES.has(st.doc.resourceType ?? '') && expansion.every((a) => a.service === 'es') && (/^es:\*+$/i.test(text) || expansion.every((a) => a.name.startsWith('ESHttp'))) && st.principal && !anyonePrincipal(st.principal)) {
            ctx.report({ range: value.node.range, severity: 'info', message: ruleMessage(rule.meta, 'domainPolicy', { text, where }) });
            continue;
          }
          const advice =
            expansion.length === 1
              ? `Write ${expansion[0].fullName} instead.`
              : `List only the actions ${st.doc.kind === 'resource' ? 'the principals need' : noFunction(model, st) ? 'the role needs' : 'the function calls'}${example}.`;
          const fixes: Fix[] = [];
          if (expansion.length === 1 && !value.resolvedFrom) {
            const edit = replaceScalarEdit(ctx.text, value.node, expansion[0].fullName);
            if (edit) fixes.push({ title: `Replace with ${expansion[0].fullName}`, isPreferred: true, changes: [{ file: ctx.file, edits: [edit] }] });
          } else if (st.doc.kind === 'identity') {
            // Every function of the role analysed: the wildcard becomes the actions the code calls
            // (iam-unused-permission's narrowing, per resource).
            const fix = narrowing(value.node) ?? pipelineNarrowFix(model, st, value) ?? stateMachineNarrowFix(model, st, value, readNear(ctx)) ?? firehoseRoleNarrowFix(model, st, value, expansion);
            if (fix) fixes.push(fix);
          }
          // Only some of the matched actions apply to the statement's ARNs: list exactly those (same access today).
          if (!fixes.length && fitting) {
            const fix = fittingActionsFix(model, st, value, expansion, fitting, fittingNeed(st, value.node));
            if (fix) fixes.push(fix);
          }
          // A `Get*`/`List*`/`Describe*` pattern that reads only configuration (no object, item or
          // secret values), on named resources or listing only: read-only breadth, info.
          const granted = fitting ?? expansion;
          const readOnly = st.doc.kind === 'identity' && expansion.length > 1 && granted.every(isMetadataRead) && (granted.every((a) => a.name.startsWith('List')) || !broadResource(st));
          // Reads only (Read/List access level, none returning credentials), on the resources the
          // statement names (a bucket's objects, `!GetAtt Table.Arn`, not '*' or `table/*`), and
          // its data reads (`s3:Get*` → s3:GetObject; the named content reads of
          // iam/data/content-reads.ts such as kinesisvideo:GetMedia) are granted by name in the same
          // statement anyway (or a read returning the same data: GetObjectVersion ~ GetObject): the
          // pattern adds reads of configuration only. Info, worded so.
          const data = expansion.filter((a) => riskTags(a).includes('data-exfiltration') || isNamedContentRead(a)).map((a) => a.fullName);
          const readsNamed =
            !readOnly && st.doc.kind === 'identity' && expansion.length > 1 && expansion.every(isPlainRead) && !broadResource(st, isKindWideArn) && data.every((a) => namedInStatement(st, a));
          ctx.report({
            range: value.node.range,
            ...(readOnly || readsNamed ? { severity: 'info' as const } : {}),
            message: readOnly
              ? ruleMessage(rule.meta, 'readOnly', { text, what, where })
              : readsNamed && data.length
                ? ruleMessage(rule.meta, 'readOnlyData', { text, what, where, data: listText(data, 3), example })
                : readsNamed
                  ? ruleMessage(rule.meta, 'readOnlyNamed', { text, what, where })
                  : ruleMessage(rule.meta, 'pattern', { text, what, including, where, advice }),
            fixes,
          });
        }
      });
    }
  },
});

export default rule;

/** An identity statement attached only to roles no function uses (a Cognito identity-pool role, a service role). */
function noFunction(model: ConfigModel, st: PolicyStatement): boolean {
  const roles = model.roles.filter((r) => st.doc.roleIds.includes(r.id));
  return roles.length > 0 && roles.every((r) => r.functions.length === 0);
}

/** Resource types whose policy is an OpenSearch / Elasticsearch domain access policy. */
const DOMAIN_TYPES = new Set(['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain']);

/** The statement grants the action by its exact name, or a read returning the same data (READ_EQUIVALENTS). */
function namedInStatement(st: PolicyStatement, action: string): boolean {
  const names = new Set(literalItems(st.actions).filter((x) => !hasWildcard(x.text)).map((x) => x.text.toLowerCase()));
  return [action, ...(READ_EQUIVALENTS.get(action) ?? [])].some((a) => names.has(a.toLowerCase()));
}

/** A Read or List action that returns no credentials (data reads such as s3:GetObject included). */
function isPlainRead(a: IamAction): boolean {
  return (a.accessLevel === 'Read' || a.accessLevel === 'List') && !riskTags(a).includes('credentials-exposure');
}

const summaries = memo<{ what: string; including: string; example: string }>();

/**
 * The actions of `expansion` the statement's resources can grant (their resource types fit the
 * ARNs), when that is at most half of them and every resource can be read; else undefined.
 */
function fittingActions(model: ConfigModel, st: PolicyStatement, expansion: readonly IamAction[]): IamAction[] | undefined {
  if (expansion.length <= 1 || !st.resources?.items.length) return undefined;
  const samples = resourceSamples(model, st);
  if (!samples || samples.length !== st.resources.items.length || samples.some((s) => s === '*' || !s.startsWith('arn:') || s.includes('${'))) return undefined;
  const formats = new Map<string, string>();
  const fits = (a: IamAction): boolean =>
    a.resourceTypes.some((rt) => {
      let f = formats.get(`${a.service}:${rt.name}`);
      if (f === undefined) formats.set(`${a.service}:${rt.name}`, (f = serviceInfo(a.service)?.resourceTypes.find((x) => x.name === rt.name)?.arnFormat ?? ''));
      return f !== '' && samples.some((s) => arnFits(f!, s));
    });
  const keep = expansion.filter(fits);
  // Counted by resource type only when that makes the count nominal (fewer than half apply).
  return keep.length > 0 && keep.length * 2 <= expansion.length ? keep : undefined;
}

/**
 * What a pattern grants, in words; memoised per pattern (rules run on every keystroke). `of`: every
 * action the pattern matches, when `expansion` is only those the statement's resources can grant.
 */
function summary(text: string, expansion: readonly IamAction[], of?: readonly IamAction[]): { what: string; including: string; example: string } {
  return summaries(of === undefined ? text.toLowerCase() : `${text.toLowerCase()}\u0000${expansion.map((a) => a.fullName).join(',')}`, () => {
    const services = new Set(expansion.map((a) => a.service));
    const colon = text.indexOf(':');
    const svcPart = colon > 0 ? text.slice(0, colon) : '';
    const actPart = colon > 0 ? text.slice(colon + 1) : text;
    const svc = services.size === 1 ? [...services][0] : undefined;
    const svcName = svc ? serviceName(svc) ?? svc : undefined;
    const n = formatCount(expansion.length);
    let what: string;
    if (svc && !hasWildcard(svcPart) && /^\*+$/.test(actPart)) what = `grants all ${n} ${svcName} actions`;
    else if (expansion.length === 1) what = `matches only ${expansion[0].fullName} today, but also every action AWS adds later that fits the pattern`;
    else if (svc) what = `grants ${n} ${svcName} actions`;
    else what = `grants ${n} actions across ${formatCount(services.size)} services`;
    if (of !== undefined) {
      const fit = expansion.length === 1 ? `only ${expansion[0].fullName} applies` : `${n} apply`;
      const ofServices = new Set(of.map((a) => a.service));
      const ofSvc = ofServices.size === 1 ? serviceName([...ofServices][0]) ?? [...ofServices][0] : undefined;
      const matched = ofSvc ? `${formatCount(of.length)} ${ofSvc} actions` : `${formatCount(of.length)} actions across ${formatCount(ofServices.size)} services`;
      what = `matches ${matched}, of which ${fit} to these resources (by resource type)`;
    }
    const risky = expansion.length > 1 ? riskiestActions(expansion, 3).map((r) => r.action) : [];
    return { what, including: risky.length ? `, including ${listText(risky)}` : '', example: svc && expansion.length > 1 ? exampleText(expansion) : '' };
  });
}

/** Everyday actions, to show what "list the actions" looks like for the pattern's service. */
const EVERYDAY = ['GetObject', 'GetItem', 'PutItem', 'SendMessage', 'Publish', 'InvokeFunction', 'GetParameter', 'GetSecretValue', 'Decrypt', 'PutEvents', 'StartExecution', 'PutRecord'];

function exampleText(expansion: readonly { name: string; fullName: string }[]): string {
  const names = new Set(expansion.map((a) => a.name));
  const hits = EVERYDAY.filter((n) => names.has(n)).map((n) => expansion.find((a) => a.name === n)!.fullName);
  return hits.length ? ` (e.g. ${hits.slice(0, 2).join(', ')})` : '';
}
