import { defineRule } from '../server/src/engine/rule';
import { allowStatements, hasStar, isStar, whereText } from '../server/src/engine/model/query';

/**
 * `Effect: Allow` with `Action: '*'`: every action of every AWS service. With `Resource: '*'` as well
 * it is full administrator access; that is one finding, not two.
 */
export default defineRule({
  meta: {
    id: 'iam-wildcard-action',
    category: 'iam',
    severity: 'error',
    title: "Allow statement grants every action ('*')",
    docs: {
      summary: "An IAM statement that allows Action '*' grants every action of every AWS service; list the actions the function calls instead.",
      cwe: [732, 269],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
  },
  check(ctx) {
    const model = ctx.model!;
    for (const st of allowStatements(model, ['identity', 'resource'])) {
      const star = st.actions?.items.find(isStar);
      if (!star) continue;
      const admin = hasStar(st.resources?.items);
      const where = whereText(model, st.doc);
      const who = st.doc.kind === 'resource' ? `this ${st.doc.resourceType ?? 'resource'} policy` : 'this role';
      ctx.report({
        range: star.node.range,
        message: admin
          ? `Action '*' on Resource '*' gives ${who} full administrator access to the AWS account, in ${where}. List only the actions and resources the function needs.`
          : `Action '*' allows every action of every AWS service on these resources, in ${where}. List only the actions the function needs (e.g. dynamodb:GetItem).`,
      });
    }
  },
});
