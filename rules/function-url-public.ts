import { defineRule } from '../server/src/engine/rule';
import { functionUrlFixes } from '../server/src/engine/fix/endpoint-fixes';
import { relativePath } from '../server/src/engine/injection';
import { ruleMessage } from '../server/src/engine/messages';
import { endpointsOf, type Endpoint } from '../server/src/engine/model/endpoints';
import { nameList } from '../server/src/engine/model/query';
import { codeAuthOf } from '../server/src/engine/webhook-auth';
import { publicUrlPermission } from '../server/src/engine/model/public-url-permission';

const TAIL = 'Anyone on the internet can invoke the function directly, with no authorizer, throttling or WAF in front. Require IAM (SigV4) auth, or serve it through an authenticated API.';

/**
 * A Lambda function URL with AuthType NONE: serverless `url: true` / a `url` map without
 * `authorizer: aws_iam`, SAM `FunctionUrlConfig.AuthType: NONE` (also from Globals, reported once
 * on the Globals value for all functions that inherit it), CloudFormation `AWS::Lambda::Url` with
 * `AuthType: NONE`. A URL whose handler verifies a webhook signature (Stripe, GitHub, Slack, an
 * HMAC compared with the signature header) is authenticated in code: info, naming what was found.
 * A CloudFormation or SAM URL whose function an `AWS::Lambda::Permission` opens to `'*'` (InvokeFunctionUrl,
 * FunctionUrlAuthType NONE, unconditioned) is lambda-permission-wildcard-principal's error already,
 * worded for the public URL: one public URL, one finding (model/public-url-permission.ts).
 */
const rule = defineRule({
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
    messages: {
      globals: `AuthType NONE in Globals.Function.FunctionUrlConfig makes the function URL{{plural}} of {{functions}} public. ${TAIL}`,
      public: `The {{label}} is public: {{how}}. ${TAIL}`,
      webhookVerified: 'The {{label}} has AuthType NONE, but its handler verifies the caller in code: {{what}} ({{where}}). Check that a request with a missing or invalid signature is rejected (and that reserved concurrency bounds unauthenticated load), then suppress with a reason.',
    },
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
      if (group.length === 1 && e.source !== 'serverless' && !fromGlobals(e) && e.functionId && publicUrlPermission(ctx.model!, e.functionId)) continue;
      const verified = group.length === 1 ? codeAuthOf(ctx, e) : undefined;
      if (verified) {
        ctx.report({
          range: e.reportNode.range,
          severity: 'info',
          message: ruleMessage(rule.meta, 'webhookVerified', { label: e.label, what: verified.what, where: `${relativePath(ctx.file, verified.location.file)} line ${verified.line}` }),
          related: [verified.location],
        });
        continue;
      }
      ctx.report({ range: e.reportNode.range, message: message(group), fixes: () => functionUrlFixes(ctx, e) });
    }
  },
});

export default rule;

function fromGlobals(e: Endpoint): boolean {
  const n = e.auth.node;
  return e.source === 'sam' && !!e.resource && !!n && (n.range.start < e.resource.node.range.start || n.range.end > e.resource.node.range.end);
}

function message(group: Endpoint[]): string {
  const e = group[0];
  if (fromGlobals(e)) {
    const fns = group.map((x) => x.functionId ?? '?');
    return ruleMessage(rule.meta, 'globals', { plural: fns.length > 1 ? 's' : '', functions: nameList(fns) });
  }
  const how =
    e.source === 'serverless'
      ? e.settings
        ? 'the `url` settings have no `authorizer: aws_iam`, so AuthType is NONE'
        : '`url: true` creates the URL with AuthType NONE'
      : 'AuthType is NONE';
  return ruleMessage(rule.meta, 'public', { label: e.label, how });
}
