import { defineRule } from '../server/src/engine/rule';
import { ruleMessage } from '../server/src/engine/messages';
import { isKmsRootDelegation, isKmsServicePrincipalGrant } from '../server/src/engine/iam/policy-idioms';
import { checkStatementEntry } from '../server/src/engine/reuse';
import { expandAction, hasWildcard, serviceName, type IamAction } from '../server/src/engine/iam/catalog';
import { isMetadataRead, riskiestActions } from '../server/src/engine/iam/risk';
import { broadResource, cachedWhereText, formatCount, isBareStar, listText, literalItems, memo, replaceScalarEdit, uniqueStatements } from '../server/src/engine/iam/policy-analysis';
import type { Fix } from '../server/src/engine/types';
import { unusedPermissions, type UnusedItem } from '../server/src/engine/permissions/unused';
import { pipelineNarrowFix } from '../server/src/engine/fix/pipeline-passrole-fix';

/**
 * `Effect: Allow` with a service-wide (`dynamodb:*`) or partial (`s3:Get*`, `*:Get*`,
 * `s3:?etObject`) action wildcard. The message counts the actions the pattern grants today (from
 * the IAM catalogue) and names the riskiest of them. A bare `'*'` is iam-wildcard-action's; a
 * pattern that matches nothing is iam-unknown-action's. KMS key-policy idioms AWS documents are not
 * reported: the default statement giving the account root `kms:*` (it delegates to IAM) and
 * statements granting AWS service principals (policy-idioms.ts).
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
    },
  },
  check(ctx) {
    const model = ctx.model!;
    // What the handlers call, computed once and only when a finding may get the narrowing fix.
    let unused: UnusedItem[] | undefined;
    const narrowing = (node: object): Fix | undefined => {
      if (!unused) {
        const handlers = ctx.links.handlers();
        unused = handlers.length ? unusedPermissions(model, handlers, ctx.links, ctx.project) : [];
      }
      const fix = unused.find((it) => it.value.node === node)?.fix;
      return fix && !fix.placeholder ? fix : undefined;
    };
    for (const st of uniqueStatements(model, ['identity', 'resource'])) {
      checkStatementEntry(ctx, st.node, `${st.doc.kind}\u0000${cachedWhereText(model, st.doc)}`, () => {
        // Documented key-policy idioms: the root statement delegating to IAM, service principals encrypting with the key.
        if (isKmsRootDelegation(st) || isKmsServicePrincipalGrant(st)) return;
        for (const { value, text } of literalItems(st.actions)) {
          if (isBareStar(text) || !hasWildcard(text)) continue;
          const expansion = expandAction(text);
          if (expansion.length === 0) continue; // matches nothing: iam-unknown-action
          const { what, including, example } = summary(text, expansion);
          const where = cachedWhereText(model, st.doc);
          const advice =
            expansion.length === 1
              ? `Write ${expansion[0].fullName} instead.`
              : `List only the actions ${st.doc.kind === 'resource' ? 'the principals need' : 'the function calls'}${example}.`;
          const fixes: Fix[] = [];
          if (expansion.length === 1 && !value.resolvedFrom) {
            const edit = replaceScalarEdit(ctx.text, value.node, expansion[0].fullName);
            if (edit) fixes.push({ title: `Replace with ${expansion[0].fullName}`, isPreferred: true, changes: [{ file: ctx.file, edits: [edit] }] });
          } else if (st.doc.kind === 'identity') {
            // Every function of the role analysed: the wildcard becomes the actions the code calls
            // (iam-unused-permission's narrowing, per resource).
            const fix = narrowing(value.node) ?? pipelineNarrowFix(model, st, value);
            if (fix) fixes.push(fix);
          }
          // A `Get*`/`List*`/`Describe*` pattern that reads only configuration (no object, item or
          // secret values), on named resources or listing only: read-only breadth, info.
          const readOnly = st.doc.kind === 'identity' && expansion.length > 1 && expansion.every(isMetadataRead) && (expansion.every((a) => a.name.startsWith('List')) || !broadResource(st));
          ctx.report({
            range: value.node.range,
            ...(readOnly ? { severity: 'info' as const } : {}),
            message: readOnly
              ? ruleMessage(rule.meta, 'readOnly', { text, what, where })
              : ruleMessage(rule.meta, 'pattern', { text, what, including, where, advice }),
            fixes,
          });
        }
      });
    }
  },
});

export default rule;

const summaries = memo<{ what: string; including: string; example: string }>();

/** What a pattern grants, in words; memoised per pattern (rules run on every keystroke). */
function summary(text: string, expansion: readonly IamAction[]): { what: string; including: string; example: string } {
  return summaries(text.toLowerCase(), () => {
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
