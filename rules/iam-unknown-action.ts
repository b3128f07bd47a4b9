import { defineRule } from '../server/src/engine/rule';
import { ruleMessage } from '../server/src/engine/messages';
import { checkStatementEntry } from '../server/src/engine/reuse';
import { expandAction, hasWildcard, serviceExists, serviceName, suggestAction } from '../server/src/engine/iam/catalog';
import { DocEditor } from '../server/src/engine/fix/yaml-edit';
import { removeSeqItem } from '../server/src/engine/permissions/edits';
import { isSeq } from '../server/src/engine/yaml/ast';
import { isBareStar, literalItems, memo, replaceScalarEdit, uniqueStatements } from '../server/src/engine/iam/policy-analysis';
import type { Fix } from '../server/src/engine/types';
import { operationActions, unknownActionFix, widensToEveryResource } from '../server/src/engine/fix/unknown-action-fix';

/**
 * An action (in `Action` or `NotAction`) that does not exist: a misspelt service prefix
 * (`dynamdb:GetItem`), a misspelt action (`s3:GetObjet`), a wildcard that matches nothing
 * (`s3:Gett*`) or text that is not `service:action` at all. IAM silently ignores such actions, so
 * the function fails at run time (Allow) or the statement does less than it seems. Checked in
 * identity, trust and resource policies; case does not matter (IAM actions are case-insensitive);
 * `${...}` variables and intrinsics are not checked. `Deny` statements are not reported (the rule
 * family never reports them).
 */
const rule = defineRule({
  meta: {
    id: 'iam-unknown-action',
    category: 'iam',
    severity: 'warning',
    title: 'Unknown IAM action or service prefix',
    docs: {
      summary: 'The policy names an action or service prefix that does not exist (usually a typo); IAM ignores it silently, so the permission the author meant is missing.',
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
    messages: {
      notAnAction: '"{{text}}" is not an IAM action: actions are written service:ActionName (e.g. s3:GetObject); {{effect}} ({{where}}).{{didYouMean}}',
      unknownService: '"{{service}}" is not an AWS service prefix, so {{text}} matches no action; {{effect}} ({{where}}).{{didYouMean}}',
      noMatch: '{{text}} matches no {{service}} action; {{effect}} ({{where}}).{{didYouMean}}',
      unknownAction: '{{text}} is not a known {{service}} action; {{effect}} ({{where}}).{{didYouMean}}',
    },
  },
  check(ctx) {
    const model = ctx.model!;
    for (const st of uniqueStatements(model, ['identity', 'resource', 'trust', 'boundary'])) {
      checkStatementEntry(ctx, st.node, st.doc.where, () => {
        for (const set of [st.actions, st.notActions]) {
          for (const { value, text } of literalItems(set)) {
            if (isBareStar(text)) continue;
            if (expandAction(text).length > 0) continue;
            const colon = text.indexOf(':');
            const svc = colon > 0 ? text.slice(0, colon) : '';
            const suggestion = suggestions(text, () => suggestAction(text));
            const effect = set === st.notActions ? 'NotAction excludes nothing with it' : st.doc.kind === 'boundary' ? 'IAM ignores it, so the permissions boundary allows less than it seems' : 'IAM ignores it, so the statement grants less than it seems';
            const vars = { text, effect, where: st.doc.where, didYouMean: suggestion ? ` Did you mean ${suggestion}?` : '' };
            let message: string;
            if (colon <= 0 || colon === text.length - 1) message = ruleMessage(rule.meta, 'notAnAction', vars);
            else if (!hasWildcard(svc) && !serviceExists(svc)) message = ruleMessage(rule.meta, 'unknownService', { ...vars, service: svc });
            else if (hasWildcard(text)) message = ruleMessage(rule.meta, 'noMatch', { ...vars, service: serviceLabel(svc) });
            else message = ruleMessage(rule.meta, 'unknownAction', { ...vars, service: serviceLabel(svc) });
            const fixes: Fix[] = [];
            if (set && operationActions(text)) {
              // An API operation whose IAM actions have other names (s3:CopyObject): those actions.
              const f = unknownActionFix(model, ctx.file, st, set, value, text);
              if (f) fixes.push(f);
            } else if (suggestion && set) {
              const target = value.resolvedFrom ?? value.node;
              const duplicate = literalItems(set).some((o) => o.value !== value && o.text.toLowerCase() === suggestion.toLowerCase());
              if (duplicate) {
                // The intended action is already listed: the misspelt entry goes, nothing is added twice.
                const idx = isSeq(set.node) ? set.node.items.indexOf(target) : -1;
                const edit = idx >= 0 && isSeq(set.node) ? removeSeqItem(new DocEditor(model.parsed), set.node, idx) : undefined;
                if (edit) fixes.push({ title: `Remove ${text} (${suggestion} is already listed)`, isPreferred: true, changes: [{ file: ctx.file, edits: [edit] }] });
              } else if (!widensToEveryResource(st, set === st.notActions, suggestion)) {
                const edit = replaceScalarEdit(ctx.text, target, suggestion);
                if (edit) fixes.push({ title: `Replace with ${suggestion}`, isPreferred: true, changes: [{ file: ctx.file, edits: [edit] }] });
              }
            }
            if (!fixes.length && set) {
              // Nothing to suggest (or the suggestion would widen the statement): remove the entry IAM ignores (the statement then grants what it grants now).
              const f = unknownActionFix(model, ctx.file, st, set, value, text);
              if (f) fixes.push(f);
            }
            ctx.report({ range: value.node.range, message, fixes });
          }
        }
      });
    }
  },
});

export default rule;

/** "Did you mean" is an edit-distance search over a service's actions: memoise it per text. */
const suggestions = memo<string | undefined>();

function serviceLabel(svc: string): string {
  if (hasWildcard(svc)) return 'AWS';
  const name = serviceName(svc) ?? svc;
  return name;
}
