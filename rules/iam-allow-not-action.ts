import { defineRule } from '../server/src/engine/rule';
import { allowStatements, oncePerRange, docSubject, nameList, roleText, show } from '../server/src/engine/model/query';
import { notActionFix } from '../server/src/engine/fix/iam-code-fix';

/**
 * `Effect: Allow` + `NotAction`: allows every action of every AWS service except the listed ones —
 * including actions AWS launches later. Reported on the `NotAction` key, in identity, trust and
 * resource policies alike.
 */
export default defineRule({
  meta: {
    id: 'iam-allow-not-action',
    category: 'iam',
    severity: 'warning',
    title: 'Allow statement uses NotAction',
    docs: {
      summary: 'Allow with NotAction grants every action except the listed ones (and every action AWS adds later); list the allowed actions with Action instead.',
      cwe: [732],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
  },
  check(ctx) {
    const model = ctx.model!;
    const once = oncePerRange();
    for (const st of allowStatements(model, ['identity', 'trust', 'resource'])) {
      const na = st.notActions;
      if (!na || !once(na.key.range)) continue;
      const excluded = na.items.map(show);
      const except = excluded.length ? `except ${nameList(excluded)}` : 'except the listed ones';
      const grant =
        st.doc.kind === 'trust'
          ? `lets the trusted principals use every role action ${except} (sts:AssumeRoleWithWebIdentity, sts:AssumeRoleWithSAML, sts:SetSourceIdentity… and actions AWS adds later) on ${roleText(model, st.doc.roleIds)}`
          : st.doc.kind === 'resource'
            ? `grants the principals of ${docSubject(model, st.doc)} every action ${except} — including actions AWS adds in the future —`
            : `gives ${docSubject(model, st.doc)} every action of every AWS service ${except} — including actions AWS adds in the future —`;
      const fix = st.doc.kind === 'identity' ? notActionFix(ctx, st) : undefined;
      ctx.report({
        range: na.key.range,
        fixes: fix ? [fix] : [],
        message: `Allow with NotAction ${grant} in ${st.doc.where}. Use Action with the actions that are needed (e.g. ${st.doc.kind === 'trust' ? 'sts:AssumeRole' : 's3:GetObject'}).`,
      });
    }
  },
});
