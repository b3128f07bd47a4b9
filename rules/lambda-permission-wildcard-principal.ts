import { defineRule, type RuleContext } from '../server/src/engine/rule';
import { DocEditor, combineEdits, verbatim } from '../server/src/engine/fix/yaml-edit';
import type { Fix } from '../server/src/engine/types';
import { isStar } from '../server/src/engine/model/query';
import { referencedLogicalId } from '../server/src/engine/model/cfn';
import { get, getPair, isMap, stringValue, type YMap } from '../server/src/engine/yaml/ast';

/**
 * `AWS::Lambda::Permission` with `Principal: '*'` (CloudFormation, SAM, serverless.yml
 * `resources.Resources`): anyone may invoke the function. Not reported when the permission is
 * scoped by `SourceArn`, `SourceAccount` or `PrincipalOrgID` (the statement AWS builds then carries
 * a condition that a random caller does not meet).
 */
/**
 * Fix: `SourceAccount: !Ref AWS::AccountId`. Lambda then adds the condition `aws:SourceAccount` to
 * the statement: AWS services acting for a resource of this account (S3, SNS, EventBridge, API
 * Gateway…) still invoke the function, and so do IAM principals of this account (their own
 * identity policies allow them; within one account the resource policy is not needed); principals
 * of other accounts no longer can. Not for function URLs (a URL with AuthType NONE is called by
 * anyone on the internet, with no account: function-url-public's business). Asks first.
 */
function sameAccountFix(ctx: RuleContext, props: YMap, fn: string): Fix[] {
  const ed = new DocEditor(ctx.model!.parsed);
  const edits = combineEdits([ed.setIn(props, ['SourceAccount'], verbatim('!Ref AWS::AccountId', { Ref: 'AWS::AccountId' }))]);
  if (!edits) return [];
  return [
    {
      title: 'Allow only callers of this account (SourceAccount: !Ref AWS::AccountId)',
      changes: [{ file: ctx.file, edits }],
      isPreferred: true,
      confirm: { message: `This changes who can invoke ${fn}: principals and services of other AWS accounts are refused once deployed. Check that no caller of the function is in another account.` },
    },
  ];
}

export default defineRule({
  meta: {
    id: 'lambda-permission-wildcard-principal',
    category: 'iam',
    severity: 'error',
    title: "Lambda permission lets anyone ('*') invoke the function",
    docs: {
      summary: "An AWS::Lambda::Permission with Principal '*' lets any AWS account (or, for a function URL, anyone on the internet) invoke the function; name the service or account that calls it.",
      cwe: [284, 732],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
  },
  check(ctx) {
    const model = ctx.model!;
    for (const r of model.resources) {
      if (r.type !== 'AWS::Lambda::Permission') continue;
      const principal = get(r.properties, 'Principal');
      const v = model.value(principal);
      if (!principal || !isStar(v)) continue;
      if (['SourceArn', 'SourceAccount', 'PrincipalOrgID'].some((k) => getPair(r.properties, k)?.value != null)) continue;
      const fnNode = get(r.properties, 'FunctionName');
      const fn = referencedLogicalId(fnNode) ?? stringValue(fnNode) ?? 'the function';
      const action = stringValue(get(r.properties, 'Action')) ?? 'lambda:InvokeFunction';
      const urlAuth = stringValue(get(r.properties, 'FunctionUrlAuthType'));
      const where = `${r.where}.${r.id}`;
      const message =
        action === 'lambda:InvokeFunctionUrl' && urlAuth === 'NONE'
          ? `Principal '*' with FunctionUrlAuthType NONE makes the function URL of ${fn} public: anyone on the internet can call it (${where}). ` +
            `Use AuthType AWS_IAM and a specific principal, or, if it is public by design, suppress this with the reason.`
          : `Principal '*' lets any AWS account invoke ${fn} (${action}), in ${where}. ` +
            `Name the caller — a service (apigateway.amazonaws.com, s3.amazonaws.com…) with SourceArn/SourceAccount, or an account ID.`;
      const urlNone = action === 'lambda:InvokeFunctionUrl' || urlAuth != null;
      ctx.report({ range: principal.range, message, fixes: urlNone || !isMap(r.properties) ? [] : () => sameAccountFix(ctx, r.properties as YMap, fn) });
    }
  },
});
