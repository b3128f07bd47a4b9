import { defineRule } from '../server/src/engine/rule';
import { ruleMessage } from '../server/src/engine/messages';
import { authorizerFixes } from '../server/src/engine/fix/endpoint-fixes';
import { authReportNode, endpointsOf, subjectOf, type Endpoint } from '../server/src/engine/model/endpoints';
import { chaliceConfigFor, chaliceRoutes } from '../server/src/engine/code/chalice-routes';
import type { CodeContext } from '../server/src/engine/code-context';
import { externalOpenApis } from '../server/src/engine/model/openapi-files';
import { relativePath } from '../server/src/engine/injection';
import { codeAuthOf } from '../server/src/engine/webhook-auth';
import { unverifiedMintOf } from '../server/src/engine/token-minting';
import { callerOf, publicRouteFor, publicRouteOf, routePathOf } from '../server/src/engine/fix/caller';
import { routeEffectOf } from '../server/src/engine/model/route-effects';
import { handlerRequestUse } from '../server/src/engine/fix/request-schema';
import { httpBackendOf } from '../server/src/engine/model/route-backend';
import { authorizerContextReadOf, endpointAppAuth, endpointAppBodyUse } from '../server/src/engine/model/endpoint-handlers';

/**
 * An API route anyone on the internet can call: REST `http`, HTTP API `httpApi`, SAM `Api` /
 * `HttpApi` events (with the API's DefaultAuthorizer and Globals), CloudFormation
 * `AWS::ApiGateway::Method` / `AWS::ApiGatewayV2::Route`, and WebSocket `$connect`. `OPTIONS`
 * (CORS preflight) is never reported; routes that require only an API key are reported by
 * `api-key-not-authentication` instead; function URLs by `function-url-public`. Routes closed by a
 * resource policy, mutual TLS or OpenAPI security are not public (see model/api-protection.ts);
 * a route whose handler verifies a webhook signature is reported as info, naming what was found;
 * a route is judged by what its handler does (model/route-effects.ts): a GET/HEAD whose handler
 * writes, reads a secret or runs commands / queries a database stays a warning, another GET/HEAD is
 * info; a route whose reachable code touches nothing (no AWS call, no effectful module, no outbound
 * fetch, no file write, no secret-named environment read) is not reported, whatever its method. An
 * Express app behind the function (code/app-routes.ts) credits a gateway route only with the app
 * routes it reaches, and is info when the app authenticates all of them with a middleware. A plain String SSM
 * parameter of the template is configuration, not a secret (model/route-effects.ts `plainParameter`). Routes public by design by their path (log in, sign up, token, OAuth, health check,
 * `/public/…`; fix/caller.ts), or by the OpenAPI operation / function they invoke (`authLogin`), are not reported, unless the handler mints a credential (a JWT,
 * STS credentials) without verifying one (code/token-mint.ts): that stays a warning. Non-AWS Serverless Framework providers have no API Gateway and get nothing.
 * A handler that reads `requestContext.authorizer` expects an authorizer: warning, saying where
 * (code/authorizer-context.ts). A GET whose handler only queries a database (a driver,
 * `rds-db:connect`) is a read: info naming the driver. A greedy route (`/{proxy+}`, `$default`) to
 * an HTTP backend is a website behind API Gateway: info, no fix (model/route-backend.ts); an `ANY`
 * greedy route whose handler acts on nothing outside is info. An OpenAPI file whose unprotected
 * operations only read gets the read-only info. A read-only route is not reported when another method
 * of its path, or every other route of the API, has an authorizer (left open on purpose). Checkov / cfn_nag skips of the equivalent checks
 * suppress it (tool-skips.ts).
 */
const rule = defineRule({
  meta: {
    id: 'api-endpoint-no-authorizer',
    category: 'auth',
    severity: 'warning',
    title: 'API route without an authorizer',
    docs: {
      summary: 'An API Gateway route (REST, HTTP API or WebSocket $connect) has no authorizer, so anyone who knows the URL can invoke the function; add IAM, JWT/Cognito or a Lambda authorizer, or suppress with a reason for routes that are public by design.',
      cwe: [306, 862],
    },
    appliesTo: ['serverless', 'sam', 'cfn', 'python'],
    fixable: true,
    messages: {
      fix: 'Add an authorizer (IAM, JWT/Cognito or Lambda), or suppress with a reason if the route is public by design.',
      read: 'It only reads (GET/HEAD), so it may well be public by design (a catalogue, a health check): confirm that it is meant to be and suppress with a reason, or add an authorizer if it returns data that belongs to a user or tenant.',
      websocket:
        'WebSocket route {{what}} has no authorizer: any client can open a connection, and every other route of the API trusts connections made here. Add a Lambda authorizer (or AuthorizationType: AWS_IAM), or suppress with a reason if the API is public by design.',
      defaultNone: "{{what}} has no authorizer: the API's DefaultAuthorizer is NONE, so anyone can call it. {{fix}}",
      openapiAuthNone: '{{what}} is explicitly public: `x-amazon-apigateway-auth: NONE` in the OpenAPI body{{api}}, so anyone can call it. Suppress with a reason if that is intended, or use an authorizer.',
      openapiSecurityEmpty: '{{what}} is explicitly public: `security: []` (or an empty requirement) in the OpenAPI body{{api}} lets anyone call it. Suppress with a reason if that is intended, or name an authorizer scheme.',
      openapiNoSecurity: '{{what}} has no authorizer: the OpenAPI {{body}}{{api}} gives it no `security` requirement (neither on the operation nor at the root) and no `x-amazon-apigateway-auth`, so anyone can call it. {{fix}}',
      openapiFileMany:
        '{{count}} operations of the OpenAPI file `{{file}}` (API {{api}}) have no authorizer: {{list}} name no `security` requirement (on the operation or at the root) and no `x-amazon-apigateway-auth`, so anyone can call them. Add an authorizer (IAM, JWT/Cognito or Lambda), or suppress with a reason if the API is public by design.',
      samExplicitNone: "{{what}} is explicitly public: `Authorizer: NONE` overrides the API's DefaultAuthorizer, so anyone can call it. Suppress with a reason if that is intended, or use an authorizer.",
      samNoAuthorizer: "{{what}} has no authorizer: neither the event's Auth.Authorizer nor the API's Auth.DefaultAuthorizer (or Globals) sets one, so anyone can call it. {{fix}}",
      samImplicitApi: '{{what}} has no authorizer: it is on the implicit API SAM creates (no {{ref}}), which has no DefaultAuthorizer unless Globals sets one, so anyone can call it. {{fix}}',
      cfnQuickCreate:
        'Quick-create HTTP API {{id}} (`Target`) routes every request to its target with no authorization. Define an AWS::ApiGatewayV2::Route with an authorizer instead, or suppress with a reason if the API is public by design.',
      cfnNone: '{{what}} has {{setting}}: anyone can call it. {{fix}}',
      noAuthorizer: '{{what}} has no authorizer: anyone who knows the URL can call it. {{fix}}',
      mintsUnverified:
        '{{what}} has no authorizer and looks public by design: {{why}}. But its handler mints a credential with {{mint}} ({{where}}) without checking one: no password or hash comparison, no Cognito InitiateAuth, no OAuth code exchange, no token verification. Anyone can get a token for any user. Verify what the caller proves before minting, or put the route behind an authorizer.',
      expectsAuthorizer:
        '{{what}} has no authorizer, yet its handler reads `requestContext.authorizer` ({{where}}): it was written for a route behind an authorizer, so here its per-user or per-tenant logic runs on a missing or empty identity and anyone who knows the URL gets through. Attach the authorizer the handler expects (IAM, JWT/Cognito or Lambda).',
      readDatabase:
        '{{what}} has no authorizer. It is a {{method}}, and its handler {{effect}} ({{where}}): anyone who knows the URL can read what those queries return. If that is public (a catalogue, a list of options), suppress with a reason; if it returns data that belongs to a user or tenant, add an authorizer.',
      httpBackend:
        '{{what}} has no authorizer, and it passes every path on to an HTTP backend (`{{type}}` integration{{via}}): a web server this analysis cannot read, usually a site for browsers, which send no credential an API Gateway authorizer could check. Confirm that the backend itself guards what needs a user (sessions, its own log-in) and suppress with a reason, or add an authorizer if it serves an API.',
      openapiFileReadOne:
        '{{list}} of the OpenAPI file `{{file}}` (API {{api}}) has no authorizer: no `security` requirement (on the operation or at the root) and no `x-amazon-apigateway-auth`, so anyone can call it. It only reads (GET/HEAD){{effects}}, so it may well be public by design: confirm that it is and suppress with a reason, or add an authorizer if it returns data that belongs to a user or tenant.',
      openapiFileRead:
        '{{list}} of the OpenAPI file `{{file}}` (API {{api}}) have no authorizer: no `security` requirement (on the operation or at the root) and no `x-amazon-apigateway-auth`, so anyone can call them. They only read (GET/HEAD){{effects}}, so they may well be public by design: confirm that they are and suppress with a reason, or add an authorizer if they return data that belongs to a user or tenant.',
      readEffect:
        '{{what}} has no authorizer, and though it is a {{method}}, its handler {{effect}} ({{where}}): anyone who knows the URL can make it do that. Add an authorizer (IAM, JWT/Cognito or Lambda), or suppress with a reason if the route is public by design.',
      requestUnused:
        '{{what}} has no authorizer, but its handler never reads the request (no body, query string, path or headers) and makes no AWS call: every caller gets the same response. Confirm that it is public by design (a page, a demo) and suppress with a reason, or add an authorizer if what it returns belongs to a user or tenant.',
      foreignEvent:
        '{{what}} has no authorizer, but its handler reads the event as {{trigger}} (event.{{field}}), not as an HTTP request: a request has no such field, so a call through the API fails or does nothing. If the API event is a leftover, remove it; if the route is meant to be called, add an authorizer.',
      foreignEventEffect:
        '{{what}} has no authorizer, but its handler reads the event only as {{trigger}} (event.{{field}}), not as an HTTP request: a call through the API carries no such field, so the caller picks nothing the handler uses, and the handler most likely fails before its AWS calls. If the API event is a leftover, remove it; if the route is meant to be called, add an authorizer.',
      appAuthenticated:
        '{{what}} has no authorizer, but the web app behind it ({{file}}) authenticates every route this one reaches in code: {{how}}. Check that each of those routes rejects a request without a valid credential, then suppress with a reason.',
      webhookVerified: '{{what}} has no authorizer, but its handler verifies the caller in code: {{how}} ({{where}}). Check that a request with a missing or invalid signature is rejected, then suppress with a reason.',
      chalice:
        'Chalice route `{{route}}` (view {{view}}) has no `authorizer=`: anyone who knows the URL can call it. Pass an authorizer (IAMAuthorizer(), CognitoUserPoolAuthorizer(…) or a custom @app.authorizer) to the route, or suppress with a reason if it is public by design.',
    },
  },
  check(ctx) {
    if (ctx.kind === 'python') {
      // AWS Chalice: routes are declared in code, next to a `.chalice/config.json`.
      const code = ctx.code as CodeContext | undefined;
      const root = code?.parsed.root;
      if (!root || !ctx.text.includes('chalice') || !chaliceConfigFor(ctx.project, ctx.file)) return;
      for (const r of chaliceRoutes(root, ctx.text)) {
        const methods = r.methods.filter((m) => m !== 'OPTIONS');
        if (r.auth !== 'none' || r.apiKeyRequired || methods.length === 0) continue;
        // Public by design by its path (log in, health check; fix/caller.ts): nothing to report (see below).
        if (publicRouteOf(r.path)) continue;
        ctx.report({
          range: r.range,
          message: ruleMessage(rule.meta, 'chalice', { route: `${methods.join(', ')} ${r.path}`, view: r.view }),
        });
      }
      return;
    }
    if (!ctx.model) return; // a config that did not parse into a model (the rule also runs on Python)
    const endpoints = endpointsOf(ctx.model);
    for (const e of endpoints) {
      if (e.kind === 'url' || e.auth.kind !== 'none' || e.method === 'OPTIONS' || e.apiKey) continue;
      // The handler verifies the caller itself (a webhook signature): info, saying what and where.
      const verified = codeAuthOf(ctx, e);
      if (verified) {
        ctx.report({
          range: authReportNode(e).range,
          severity: 'info',
          message: ruleMessage(rule.meta, 'webhookVerified', { what: subjectOf(e), how: verified.what, where: `${relativePath(ctx.file, verified.location.file)} line ${verified.line}` }),
          related: [verified.location],
        });
        continue;
      }
      // Public by design by its path (log in, token, health check): info, and no auth fix.
      const caller = e.kind === 'websocket' ? undefined : callerOf(ctx, e);
      if (caller?.kind === 'public') {
        // …unless its handler hands out a credential without checking one (code/token-mint.ts).
        const mint = publicRouteFor(e)?.entry.issuesCredential ? unverifiedMintOf(ctx, e) : undefined;
        if (mint) {
          ctx.report({
            range: authReportNode(e).range,
            message: ruleMessage(rule.meta, 'mintsUnverified', { what: subjectOf(e), why: caller.why, mint: mint.what, where: `${relativePath(ctx.file, mint.location.file)} line ${mint.line}` }),
            related: [mint.location],
            fixes: () => authorizerFixes(ctx, e),
          });
          continue;
        }
        // A log-in, sign-up, token or health-check route must answer callers without a credential:
        // an authorizer would lock them out, and a reviewer has nothing to change (issue 10: such
        // infos were all judged "public by design, nothing to do"). Not reported.
        continue;
      }
      // The handler reads what an authorizer would put in the request: it expects one (code/authorizer-context.ts).
      const expects = e.kind === 'websocket' ? undefined : authorizerContextReadOf(ctx, e);
      if (expects) {
        ctx.report({
          range: authReportNode(e).range,
          message: ruleMessage(rule.meta, 'expectsAuthorizer', { what: subjectOf(e), where: `${relativePath(ctx.file, expects.file)} line ${expects.line}` }),
          related: [{ file: expects.file, range: expects.range, message: expects.message }],
          fixes: () => authorizerFixes(ctx, e),
        });
        continue;
      }
      // A greedy route to an HTTP backend (a website behind API Gateway): the backend decides (model/route-backend.ts).
      const backend = httpBackendOf(ctx.model, e);
      if (backend) {
        ctx.report({
          range: authReportNode(e).range,
          severity: 'info',
          message: ruleMessage(rule.meta, 'httpBackend', { what: subjectOf(e), type: backend.type, via: backend.vpcLink ? ' through a VPC link' : '' }),
        }); // no authorizer fix: browsers send no credential it could check
        continue;
      }
      // Judged by what the handler does, not by the verb alone (model/route-effects.ts).
      const effect = e.kind === 'websocket' ? undefined : routeEffectOf(ctx, e, isReadOnly(e) ? e.method : undefined);
      // Nothing to protect: the code the route reaches was read in full and touches nothing outside
      // the function — no AWS call, no database or other effectful module, no secret, no outbound
      // HTTP, no file write, no command (model/route-effects.ts `none`). A hello-world, an echo of
      // the caller's own event, a bundled page, a calculator, a TODO stub: whatever the caller sends,
      // it can only get an answer computed from what it sent and what the function ships with
      // (round 12: every such finding, warning or info, was judged "nothing to protect"). Not reported.
      if (effect?.kind === 'none') continue;
      // An Express app behind the function with no route for this method and path: only middleware
      // that hands the request on, then the app's 404 (code/app-routes.ts). Nothing to protect.
      // (Held-out sample round 13: `POST /callback` of an app that defines no /callback.)
      if (e.kind !== 'websocket' && endpointAppBodyUse(ctx, e, routePathOf(e)) === 'unrouted') continue;
      // A web app behind the function (Express through serverless-http…) that authenticates every
      // app route this gateway route reaches with a middleware (code/app-routes.ts): the app is the
      // authorizer. Info, no fix (an API Gateway authorizer would want a credential its clients do not send).
      const appAuth = e.kind === 'websocket' ? undefined : endpointAppAuth(ctx, e, routePathOf(e));
      if (appAuth) {
        ctx.report({ range: authReportNode(e).range, severity: 'info', message: ruleMessage(rule.meta, 'appAuthenticated', { what: subjectOf(e), file: relativePath(ctx.file, appAuth.file), how: appAuth.what }) });
        continue;
      }
      // A handler written for another trigger (it reads the event only as `event.Records`, `detail`…,
      // code/body-shape.ts `requestUse`) that makes AWS calls: a request through the API has none of
      // those fields, so the caller picks nothing the handler uses and the handler most likely fails
      // before its calls. Not "it writes" (issue 10: an SNS consumer's `sns:Publish` behind a GET was
      // claimed as the route's write).
      if (effect && !(effect.kind === 'unknown' && effect.importOnly) && e.functionId) {
        const use = handlerRequestUse(ctx, e);
        if (use.kind === 'foreign') {
          ctx.report({ range: authReportNode(e).range, severity: 'info', message: ruleMessage(rule.meta, 'foreignEventEffect', { what: subjectOf(e), trigger: use.trigger, field: use.field }), fixes: () => authorizerFixes(ctx, e) });
          continue;
        }
      }
      if (isReadOnly(e)) {
        if (effect && effectful(effect)) {
          const where = effect.location ? `${relativePath(ctx.file, effect.location.file)}${effect.line ? ` line ${effect.line}` : ''}` : 'its modules';
          ctx.report({
            range: authReportNode(e).range,
            message: ruleMessage(rule.meta, 'readEffect', { what: subjectOf(e), method: e.method ?? 'GET', effect: effect.what ?? 'has effects', where }),
            ...(effect.location ? { related: [effect.location] } : {}),
            fixes: () => authorizerFixes(ctx, e),
          });
          continue;
        }
        if (effect?.kind === 'database') {
          if (siblingHasAuthorizer(e, endpoints)) continue; // read open on purpose, as below
          const where = effect.location ? `${relativePath(ctx.file, effect.location.file)}${effect.line ? ` line ${effect.line}` : ''}` : 'its modules';
          ctx.report({
            range: authReportNode(e).range,
            severity: 'info',
            message: ruleMessage(rule.meta, 'readDatabase', { what: subjectOf(e), method: e.method ?? 'GET', effect: effect.what ?? 'queries a database', where }),
            ...(effect.location ? { related: [effect.location] } : {}),
            fixes: () => authorizerFixes(ctx, e),
          });
          continue;
        }
        // Another method of the same path (or every other route) of the same API has an authorizer:
        // its author chose per route and left this read open on purpose (a public catalogue next to
        // guarded writes). Nothing to report.
        if (siblingHasAuthorizer(e, endpoints)) continue;
        ctx.report({ range: authReportNode(e).range, severity: 'info', message: message(e, 'body', 'read'), fixes: () => authorizerFixes(ctx, e) });
        continue;
      }
      // A handler that never reads the request (or reads it as another trigger's event) and makes no
      // AWS call, but imports a library that may act outside: the caller controls nothing and
      // triggers nothing the analysis sees (code/body-shape.ts `requestUse`). Info.
      if (effect?.kind === 'unknown' && effect.importOnly) {
        const use = handlerRequestUse(ctx, e);
        if (use.kind !== 'request') {
          const message = use.kind === 'foreign' ? ruleMessage(rule.meta, 'foreignEvent', { what: subjectOf(e), trigger: use.trigger, field: use.field }) : ruleMessage(rule.meta, 'requestUnused', { what: subjectOf(e) });
          ctx.report({ range: authReportNode(e).range, severity: 'info', message, fixes: () => authorizerFixes(ctx, e) });
          continue;
        }
      }
      ctx.report({ range: authReportNode(e).range, message: message(e), fixes: () => authorizerFixes(ctx, e) });
    }
    // Operations of an OpenAPI file the template points to: reported at the reference, the
    // operation as related information (its own file is not a config).
    for (const x of externalOpenApis(ctx.model!, ctx.project)) {
      // Operations public by design (log in, sign up… by path or by the operation / function they
      // invoke, fix/caller.ts) and operations whose handlers touch nothing (model/route-effects.ts
      // `none`) are left out, as above.
      const all = x.endpoints.filter((e) => e.auth.kind === 'none' && e.method !== 'OPTIONS' && !e.apiKey && !publicRouteFor(e) && routeEffectOf(ctx, e, isReadOnly(e) ? e.method : undefined).kind !== 'none');
      const name = x.path.slice(x.path.lastIndexOf('/') + 1);
      if (all.length === 0) continue;
      // Only GET/HEAD operations whose handlers do not write, read a secret or run commands: info, like
      // SAM events (isReadOnly). One finding per file either way.
      if (all.every((e) => isReadOnly(e) && !effectful(routeEffectOf(ctx, e, e.method)) && !authorizerContextReadOf(ctx, e))) {
        // The file guards the other methods of these paths, or all its other operations (`security`): these reads are open on purpose.
        if (all.every((e) => siblingHasAuthorizer(e, x.endpoints))) continue;
        const related = all.map((e) => ({ file: x.path, range: authReportNode(e).range, message: `\`${e.label}\` is defined here` }));
        const list = all.slice(0, 5).map((e) => `\`${e.label}\``).join(', ') + (all.length > 5 ? ', …' : '');
        const effects = all.some((e) => routeEffectOf(ctx, e, e.method).kind === 'database') ? (all.length === 1 ? ' (its handler queries a database)' : ' (some of their handlers query a database)') : '';
        ctx.report({ range: x.refNode.range, severity: 'info', message: ruleMessage(rule.meta, all.length === 1 ? 'openapiFileReadOne' : 'openapiFileRead', { list, file: name, api: x.body.api.id, effects }), related });
        continue;
      }
      const open = all;
      const related = open.map((e) => ({ file: x.path, range: authReportNode(e).range, message: `\`${e.label}\` is defined here` }));
      const list = open.slice(0, 5).map((e) => `\`${e.label}\``).join(', ') + (open.length > 5 ? ', …' : '');
      const text =
        open.length === 1
          ? message(open[0], `file \`${name}\``)
          : ruleMessage(rule.meta, 'openapiFileMany', { count: String(open.length), file: name, api: x.body.api.id, list });
      ctx.report({ range: x.refNode.range, message: text, related });
    }
  },
});

export default rule;

/**
 * GET/HEAD routes change nothing (HTTP semantics, RFC 9110 §9.2.1): public by design as often as
 * not (catalogues, health checks, hello-world), so they are reported at info. A read of a record
 * by a client-supplied id is what both a public catalogue (`GET /products/{id}`) and a private
 * record API (`GET /users/{id}`) do; the configuration cannot tell them apart, so it does not raise
 * the severity (the message asks the question instead). WebSocket `$connect`, `ANY`, `$default`
 * and every state-changing method stay warnings.
 */
function isReadOnly(e: Endpoint): boolean {
  if (e.kind === 'websocket' || e.kind === 'url') return false;
  if (e.source === 'cfn' && e.resource?.type === 'AWS::ApiGatewayV2::Api') return false;
  return e.method === 'GET' || e.method === 'HEAD';
}

/** Authorization an author sets per route (not API-wide protections, not unknown). */
const GUARDED: ReadonlySet<string> = new Set(['iam', 'lambda', 'jwt', 'cognito', 'authorizer', 'openapi']);

/** The same API: same kind and the same API resource (none for the implicit / provider API). */
function sameApi(a: Endpoint, b: Endpoint): boolean {
  return a.kind === b.kind && a.source === b.source && a.api?.id === b.api?.id;
}

/** A path compared by shape: no trailing slash, path parameters by position (`{id}` and `{bookId}` alike). */
function pathShape(p: string | undefined): string | undefined {
  if (p === undefined) return undefined;
  return p.split('/').filter((seg) => seg !== '').map((seg) => (seg.startsWith('{') && seg.endsWith('}') ? '{}' : seg.toLowerCase())).join('/');
}

/**
 * A read left open on purpose: another method of the same path on the same API has an authorizer
 * of its own (`GET /books` next to a Cognito-guarded `POST /books`), or every other route of the
 * API has one (the lone public preview of an otherwise guarded API). An authorizer on some
 * unrelated path of a mostly public API (a `POST /cart/checkout` beside anonymous cart routes)
 * says nothing about this route.
 */
function siblingHasAuthorizer(e: Endpoint, all: Endpoint[]): boolean {
  const others = all.filter((o) => o !== e && sameApi(o, e) && o.method !== 'OPTIONS');
  const shape = pathShape(e.path);
  if (shape !== undefined && others.some((o) => GUARDED.has(o.auth.kind) && pathShape(o.path) === shape)) return true;
  return others.length > 0 && others.every((o) => GUARDED.has(o.auth.kind));
}

/** A handler effect that keeps a GET/HEAD route at warning: it writes, reads a secret or runs commands. */
function effectful(effect: { kind: string } | undefined): boolean {
  return !!effect && (effect.kind === 'write' || effect.kind === 'secret' || effect.kind === 'sink');
}

function message(e: Endpoint, body = 'body', advice: 'fix' | 'read' = 'fix'): string {
  const m = (id: string, data: Record<string, string> = {}) => ruleMessage(rule.meta, id, { what: subjectOf(e), fix: ruleMessage(rule.meta, advice), ...data });
  if (e.kind === 'websocket') return m('websocket');
  if (e.source === 'openapi') {
    const api = e.resource ? ` of ${e.resource.id}` : '';
    const n = e.auth.node;
    if (e.auth.explicit && e.auth.from === 'api') return m('defaultNone');
    // Where the explicit NONE is: in the operation (x-amazon-apigateway-auth) or on the SAM event.
    const inOp = !!n && !!e.settings && n.range.start >= e.settings.range.start && n.range.end <= e.settings.range.end;
    if (e.auth.explicit && n?.type === 'scalar' && inOp) return m('openapiAuthNone', { api });
    if (e.auth.explicit) return m('openapiSecurityEmpty', { api });
    return m('openapiNoSecurity', { api: body === 'body' ? api : '', body });
  }
  if (e.source === 'sam') {
    if (e.auth.explicit && e.auth.from === 'route') return m('samExplicitNone');
    if (e.auth.explicit) return m('defaultNone');
    const ref = e.event && (e.event.type === 'Api' ? 'RestApiId' : 'ApiId');
    const hasRef = ref && e.settings && e.settings.entries.some((p) => p.key.value === ref);
    return hasRef ? m('samNoAuthorizer') : m('samImplicitApi', { ref: ref ?? 'RestApiId' });
  }
  if (e.source === 'cfn') {
    if (e.resource?.type === 'AWS::ApiGatewayV2::Api') return m('cfnQuickCreate', { id: e.resource.id });
    return m('cfnNone', { setting: e.auth.explicit ? 'AuthorizationType: NONE' : 'no AuthorizationType (NONE)' });
  }
  return m('noAuthorizer');
}
