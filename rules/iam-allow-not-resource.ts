import { defineRule } from '../server/src/engine/rule';
import { allowStatements, oncePerRange, docSubject, nameList, show } from '../server/src/engine/model/query';

/**
 * `Effect: Allow` + `NotResource`: the statement's actions apply to every resource except the listed
 * ones — including resources created later. Reported on the `NotResource` key.
 */
export default defineRule({
  meta: {
    id: 'iam-allow-not-resource',
    category: 'iam',
    severity: 'warning',
    title: 'Allow statement uses NotResource',
    docs: {
      summary: 'Allow with NotResource grants its actions on every resource except the listed ones (and every resource created later); list the allowed ARNs with Resource instead.',
      cwe: [732],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
  },
  check(ctx) {
    const model = ctx.model!;
    const once = oncePerRange();
    for (const st of allowStatements(model, ['identity', 'trust', 'resource'])) {
      const nr = st.notResources;
      if (!nr || !once(nr.key.range)) continue;
      const actions = st.actions?.items.map(show) ?? [];
      const what = actions.length ? nameList(actions, 3) : st.notActions ? 'almost every action (NotAction)' : 'its actions';
      const excluded = nr.items.map(show);
      const except = excluded.length ? `except ${nameList(excluded, 3)}` : 'except the listed ones';
      ctx.report({
        range: nr.key.range,
        message:
          `Allow with NotResource gives ${docSubject(model, st.doc)} ${what} on every resource in the account ${except} — ` +
          `including resources created later — in ${st.doc.where}. Use Resource with the ARNs that are needed.`,
      });
    }
  },
});
