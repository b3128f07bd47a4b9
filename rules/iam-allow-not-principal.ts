import { defineRule } from '../server/src/engine/rule';
import { allowStatements, oncePerRange, docSubject, nameList, roleText, show } from '../server/src/engine/model/query';

/**
 * `Effect: Allow` + `NotPrincipal`: grants access to every principal except the listed ones — every
 * AWS account and, for services that allow it, anonymous callers. Reported on the `NotPrincipal` key.
 */
export default defineRule({
  meta: {
    id: 'iam-allow-not-principal',
    category: 'iam',
    severity: 'error',
    title: 'Allow statement uses NotPrincipal',
    docs: {
      summary: 'Allow with NotPrincipal grants access to everyone except the listed principals, including other AWS accounts and anonymous users; name the allowed principals with Principal instead.',
      cwe: [732, 284],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
  },
  check(ctx) {
    const model = ctx.model!;
    const once = oncePerRange();
    for (const st of allowStatements(model, ['identity', 'trust', 'resource'])) {
      const np = st.notPrincipal;
      if (!np || !once(np.key.range)) continue;
      const excluded = np.entries.map((e) => show(e.value));
      const except = excluded.length ? `except ${nameList(excluded, 3)}` : 'except the listed ones';
      const actions = st.actions?.items.map(show) ?? [];
      const what = actions.length ? nameList(actions, 3) : st.notActions ? 'almost every action (NotAction)' : 'its actions';
      const base =
        st.doc.kind === 'identity'
          ? `NotPrincipal in an identity policy is rejected by IAM, and with Allow it would mean "everyone ${except}", in ${st.doc.where}. Remove it; identity policies apply to the role they are attached to.`
          : st.doc.kind === 'trust'
            ? `Allow with NotPrincipal lets every principal ${except} — any AWS account included — assume ${roleText(model, st.doc.roleIds)}, in ${st.doc.where}. Use Principal with the service or account that must assume the role (e.g. Service: lambda.amazonaws.com).`
            : `Allow with NotPrincipal grants ${what} to everyone ${except} — any AWS account and anonymous users included — through ${docSubject(model, st.doc)}, in ${st.doc.where}. Use Principal with the accounts, roles or services that need access.`;
      ctx.report({ range: np.key.range, message: base });
    }
  },
});

