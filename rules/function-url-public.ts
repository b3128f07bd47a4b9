import { defineRule } from '../server/src/engine/rule';
import { functionUrlFixes } from '../server/src/engine/fix/endpoint-fixes';
import { endpointsOf, type Endpoint } from '../server/src/engine/model/endpoints';
import { nameList } from '../server/src/engine/model/query';

/**
 * A Lambda function URL with AuthType NONE: serverless `url: true` / a `url` map without
 * `authorizer: aws_iam`, SAM `FunctionUrlConfig.AuthType: NONE` (also from Globals, reported once
 * on the Globals value for all functions that inherit it), CloudFormation `AWS::Lambda::Url` with
 * `AuthType: NONE`.
 */
export default defineRule({
  meta: {
    id: 'function-url-public',
    category: 'auth',
    severity: 'error',
    title: 'Function URL without authentication',
    docs: {
      summary: 'A Lambda function URL with AuthType NONE lets anyone on the internet invoke the function directly, bypassing API Gateway (no authorizer, throttling or WAF); require AWS_IAM or put the function behind an authenticated API.',
      cwe: [306],
    },
    appliesTo: ['serverless', 'sam', 'cfn'],
    fixable: true,
  },
  check(ctx) {
    const groups = new Map<string, Endpoint[]>();
    for (const e of endpointsOf(ctx.model!)) {
      if (e.kind !== 'url' || e.auth.kind !== 'none') continue;
      const k = `${e.reportNode.range.start}:${e.reportNode.range.end}`;
      const g = groups.get(k);
      if (g) g.push(e);
      else groups.set(k, [e]);
    }
    for (const group of groups.values()) {
      const e = group[0];
      ctx.report({ range: e.reportNode.range, message: message(group), fixes: () => functionUrlFixes(ctx, e) });
    }
  },
});

function fromGlobals(e: Endpoint): boolean {
  const n = e.auth.node;
  return e.source === 'sam' && !!e.resource && !!n && (n.range.start < e.resource.node.range.start || n.range.end > e.resource.node.range.end);
}

function message(group: Endpoint[]): string {
  const e = group[0];
  const tail = 'Anyone on the internet can invoke the function directly, with no authorizer, throttling or WAF in front. Require IAM (SigV4) auth, or serve it through an authenticated API.';
  if (fromGlobals(e)) {
    const fns = group.map((x) => x.functionId ?? '?');
    return `AuthType NONE in Globals.Function.FunctionUrlConfig makes the function URL${fns.length > 1 ? 's' : ''} of ${nameList(fns)} public. ${tail}`;
  }
  const how =
    e.source === 'serverless'
      ? e.settings
        ? 'the `url` settings have no `authorizer: aws_iam`, so AuthType is NONE'
        : '`url: true` creates the URL with AuthType NONE'
      : 'AuthType is NONE';
  return `The ${e.label} is public: ${how}. ${tail}`;
}
