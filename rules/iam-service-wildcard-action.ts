import { defineRule } from '../server/src/engine/rule';
import { ruleMessage } from '../server/src/engine/messages';
import { checkStatementEntry } from '../server/src/engine/reuse';
import { hasWildcard, serviceName, type IamAction } from '../server/src/engine/iam/catalog';
import { riskiestActions } from '../server/src/engine/iam/risk';
import { broadResource, cachedWhereText, formatCount, isBareStar, listText, literalItems, memo, replaceScalarEdit, uniqueStatements } from '../server/src/engine/iam/policy-analysis';
import { judgeServiceWildcard, noFunction, repeatsEarlierStatement, templateBucketsKey, wildcardIdiomStatement } from '../server/src/engine/iam/service-wildcard';
import type { Fix } from '../server/src/engine/types';
import type { PolicyStatement } from '../server/src/engine/model/types';
import { fnWord } from '../server/src/engine/model/query';
import { dirname } from '../server/src/engine/project';
import { relativePath } from '../server/src/engine/permissions/usage';
import { unusedPermissions, type UnusedItem } from '../server/src/engine/permissions/unused';
import { pipelineNarrowFix } from '../server/src/engine/fix/pipeline-passrole-fix';
import { readNear, stateMachineNarrowFix } from '../server/src/engine/fix/state-machine-fix';
import { fittingActionsFix, type FittingNeed } from '../server/src/engine/fix/fitting-actions-fix';
import { firehoseRoleNarrowFix } from '../server/src/engine/fix/firehose-role-fix';
import { resourceSamples } from '../server/src/engine/permissions/missing-fix';

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
      pattern: '{{text}} {{what}}{{including}}, in {{where}}. {{advice}}{{more}}',
      readOnly: '{{text}} {{what}}, in {{where}}, all of them reads of configuration (no data or secret values): read-only breadth. List the ones the code calls if it should not see the rest.{{more}}',
      readOnlyData: '{{text}} {{what}}, in {{where}}, all of them reads (Read or List access level) on the resources the statement names; the data it can read ({{data}}) the same statement already grants by name (or through a read that returns the same data), so it adds only reads of configuration: no writes or permission changes. List the ones the code calls{{example}} if it should not read the rest.{{more}}',
      domainPolicy: "{{text}} in {{where}} acts as es:ESHttp*: in a domain access policy AWS applies it to the domain's subresources only, so it is every HTTP method on this domain's indexes (reads, writes and deletes) for the principals it names. That is the form AWS documents; list only the methods they need (e.g. es:ESHttpGet for dashboards that only read) if they should not write or delete indexes.",
      readOnlyNamed: '{{text}} {{what}}, in {{where}}, all of them reads (Read or List access level), and only on the resources the statement names: no writes or permission changes. List the ones the code calls if it should not read the rest.{{more}}',
      keyUse: "{{text}} in {{where}} stands for {{family}}, in a statement that grants only use of KMS keys: the form AWS documents for key users (kms:GenerateDataKey* with kms:Decrypt is what publishing to a KMS-encrypted topic or queue needs). List the variants the callers use if the others should not be granted.{{scope}}{{more}}",
      ownObjects: "{{text}} {{what}}, in {{where}}, on the objects of {{buckets}} of this template; beyond the object {{core}} the role's users need, it adds only {{extras}}: metadata, not the objects' data. List the actions used if the rest should not be granted.{{more}}",
      ownResource: '{{text}} {{what}}{{including}}, in {{where}}, but only on {{resource}}, the one resource of this template the statement names: the breadth stays within that resource. {{advice}}{{more}}',
      oneFitting: '{{text}} {{what}}, in {{where}}: today it grants only {{fit}} on them{{why}}. Write {{fit}} instead so that actions AWS adds later are not granted.{{more}}',
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
    // What the handlers of a function role's statement use of its entries (iam-unused-permission's items),
    // as text: the part of its reuse key beyond its text and place.
    const handlerUseKey = (st: PolicyStatement): string => {
      narrowing(st.node);
      const rel = st.node.range.start;
      return JSON.stringify(unused!.filter((x) => x.statement.node === st.node).map((x) => [x.value.node.range.start - rel, x.text, x.used, x.functions, x.handlerFiles, !!x.fix && !x.fix.placeholder]));
    };
    let bucketsKey: string | undefined;
    for (const st of uniqueStatements(model, ['identity', 'resource'])) {
      // Only a literal action pattern (not a bare '*') is ever reported: a statement without one is
      // skipped before the (per-document) repetition test.
      if (!literalItems(st.actions).some(({ text }) => !isBareStar(text) && hasWildcard(text))) continue;
      // A statement written twice in one policy: reported on its first copy only.
      if (repeatsEarlierStatement(st)) continue;
      // Checked per statement through the reuse record (reuse.ts), keyed below.
      const check = () => {
        // Documented key-policy idioms: the root statement delegating to IAM, service principals encrypting with the key,
        // the console's key-administrator and key-user statements (one statement, not one finding per action);
        // any resource policy granting only the template's own account: delegation to its IAM policies.
        if (wildcardIdiomStatement(st)) return;
        for (const { value, text } of literalItems(st.actions)) {
          if (isBareStar(text) || !hasWildcard(text)) continue;
          // What the code of the statement's roles uses of the pattern (only where the narrowing may be offered).
          const item = st.doc.kind === 'identity' && !noFunction(model, st) ? (narrowing(value.node), unused!.find((it) => it.value.node === value.node)) : undefined;
          const j = judgeServiceWildcard(model, st, text, item?.used);
          if (!j) continue;
          const { expansion, fitting } = j;
          // Only the actions whose resource types the statement's ARNs are can be granted by it
          // (`s3:List*` on `bucket/*`: the object actions); counted by resource type when the ARNs are known.
          const { what, including, example } = summary(text, fitting ?? expansion, fitting && expansion);
          const where = cachedWhereText(model, st.doc);
          if (j.kind === 'domainPolicy') {
            ctx.report({ range: value.node.range, severity: 'info', message: ruleMessage(rule.meta, 'domainPolicy', { text, where }) });
            continue;
          }
          const advice =
            expansion.length === 1
              ? `Write ${expansion[0].fullName} instead.`
              : `List only the actions ${st.doc.kind === 'resource' ? 'the principals need' : noFunction(model, st) ? 'the role needs' : 'the function calls'}${example}.`;
          const fixes: Fix[] = [];
          let narrowed: Fix | undefined;
          if (expansion.length === 1 && !value.resolvedFrom) {
            const edit = replaceScalarEdit(ctx.text, value.node, expansion[0].fullName);
            if (edit) fixes.push({ title: `Replace with ${expansion[0].fullName}`, isPreferred: true, changes: [{ file: ctx.file, edits: [edit] }] });
          } else if (st.doc.kind === 'identity') {
            // Every function of the role analysed: the wildcard becomes the actions the code calls
            // (iam-unused-permission's narrowing, per resource).
            narrowed = narrowing(value.node);
            const fix = narrowed ?? pipelineNarrowFix(model, st, value) ?? stateMachineNarrowFix(model, st, value, readNear(ctx)) ?? firehoseRoleNarrowFix(model, st, value, expansion);
            if (fix) fixes.push(fix);
          }
          // Only some of the matched actions apply to the statement's ARNs: list exactly those (same access today).
          if (!fixes.length && fitting) {
            const fix = fittingActionsFix(model, st, value, expansion, fitting, fittingNeed(st, value.node));
            if (fix) fixes.push(fix);
          }
          // The narrowing fix is iam-unused-permission's for the whole statement: that rule leaves the
          // statement to this finding (one finding per cause), so its facts are told here.
          const more = narrowed && item ? ' ' + unusedText(item, unused!.filter((x) => x.statement.node === st.node && x !== item), ctx.file) : '';
          const message =
            j.kind === 'readOnly'
              ? ruleMessage(rule.meta, 'readOnly', { text, what, where, more })
              : j.kind === 'readOnlyData'
                ? ruleMessage(rule.meta, 'readOnlyData', { text, what, where, data: listText(j.data, 3), example, more })
                : j.kind === 'readOnlyNamed'
                  ? ruleMessage(rule.meta, 'readOnlyNamed', { text, what, where, more })
                  : j.kind === 'keyUse'
                    ? ruleMessage(rule.meta, 'keyUse', { text, family: j.family!, where, scope: broadResource(st, (t) => t === '*') ? " Resource '*' is what makes it broad: name the key." : '', more })
                    : j.kind === 'ownObjects'
                      ? ruleMessage(rule.meta, 'ownObjects', { text, what, where, buckets: `${j.buckets!.length === 1 ? 'bucket' : 'buckets'} ${listText(j.buckets!, 3)}`, core: expansion.some((a) => a.name.startsWith('Delete')) ? 'deletes' : 'reads', extras: j.extras!.length ? listText(j.extras!.map((a) => a.fullName), 3) : 'nothing', more })
                      : j.kind === 'ownResource'
                      ? ruleMessage(rule.meta, 'ownResource', { text, what, including, where, resource: j.resource!, advice, more })
                      : j.kind === 'oneFitting'
                      ? ruleMessage(rule.meta, 'oneFitting', { text, what, where, fit: listText(fitting!.map((a) => a.fullName), 3), why: item && fitting!.every((a) => item.used.includes(a.fullName)) ? `, which the code uses` : '', more })
                      : ruleMessage(rule.meta, 'pattern', { text, what, including, where, advice, more });
          ctx.report({
            range: value.node.range,
            ...(j.severity === 'info' ? { severity: 'info' as const } : {}),
            message,
            fixes,
          });
        }
      };
      // Beyond its text, a statement's findings depend on where it is (and the type of the resource whose
      // policy it is), the template's buckets, the sample ARNs of the resources it references
      // (`!GetAtt T.Arn`, `!Sub ${B.Arn}/*`: the fitting actions) and, for a function role's statement,
      // what its handlers use of each pattern (severity, message; fixes are rebuilt on demand): all in
      // the reuse key.
      const context = `${st.doc.kind}\u0000${st.doc.resourceType ?? ''}\u0000${cachedWhereText(model, st.doc)}\u0000${(bucketsKey ??= templateBucketsKey(model))}\u0000${resourceSamples(model, st)?.join('\u0001') ?? ''}`;
      checkStatementEntry(ctx, st.node, st.doc.kind === 'identity' && !noFunction(model, st) ? `${context}\u0000${handlerUseKey(st)}` : context, check, true);
    }
  },
});

/**
 * What iam-unused-permission would have said of the statement, in one sentence: what the code uses
 * of this pattern, and the statement's other entries it never uses.
 */
function unusedText(item: UnusedItem, others: readonly UnusedItem[], file: string): string {
  const dir = dirname(file);
  const files = item.handlerFiles.map((f) => relativePath(dir, f));
  const who = item.functions.length === 1 ? `the handler of function ${item.functions[0]}${files.length === 1 ? ` (${files[0]})` : ''}` : `the handlers of ${fnWord(item.functions)}`;
  const uses = item.used.length ? `${who} ${item.functions.length === 1 ? 'uses' : 'use'} only ${listText(item.used, 4)} of it` : `${who} ${item.functions.length === 1 ? 'uses' : 'use'} none of it`;
  const rest = others.map((x) => (x.used.length ? `${x.text} beyond ${listText(x.used, 2)}` : x.text));
  return `Here ${uses}${rest.length ? `, nor ${listText(rest, 4)} of the same statement` : ''}; the fix narrows the statement to what is used.`;
}

export default rule;

const summaries = memo<{ what: string; including: string; example: string }>();

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
