/**
 * Who calls an endpoint, as far as the project shows it, so that an auth fix asks the caller for
 * something it can send (issue 11 item 5):
 * - `aws`: an AWS principal — the file grants `execute-api:Invoke` (routes) or
 *   `lambda:InvokeFunctionUrl` (function URLs) to a role, or a CloudFront origin access control
 *   for Lambda signs the requests to a function URL. IAM (SigV4) authorization fits.
 * - `signed-webhook`: a sender that signs the body and cannot add headers or SigV4 (Stripe,
 *   GitHub, Slack, Twilio, Shopify, PayPal, Svix), seen in the route's path or the handler's
 *   imports. No authorizer fits (an authorizer never sees the body): verify in the handler.
 * - `webhook`: a route named like a webhook/callback: a Lambda authorizer that checks a shared
 *   secret header fits (the sender is configured to send it).
 * - `public`: a route that is public by design by its path (log in, sign up, token, OAuth, health
 *   check, `/public/…`; `PUBLIC_ROUTES`): an authorizer would lock users out of logging in, so no
 *   auth fix, and the endpoint rules report it at info.
 * - `browser`: CORS is configured for it (in the config, even as a function-level `cors` key, or in
 *   the handler: a CORS middleware, an `Access-Control-Allow-Origin` header), or the project
 *   has a browser or mobile front end next to the config: a JWT/Cognito
 *   authorizer fits, never a shared secret (a browser cannot keep one).
 * - `unknown`: JWT/Cognito, or an authorizer the file already defines.
 * One table per signal, a source note per entry.
 */
import type { CodeContext } from '../code-context';
import { moduleIROf } from '../code/handlers';
import { forEachIrChild, type Ex } from '../code/ir';
import { corsConfigsOf, type Endpoint } from '../model/endpoints';
import type { RuleContext } from '../rule';
import { endpointApps, endpointCodeFiles, endpointHandlers } from '../model/endpoint-handlers';
import { get, intrinsicArg, intrinsicName, isScalar, isSeq, stringValue, type YNode } from '../yaml/ast';
import { dirname, joinPath } from '../project';
import { mentionsLogicalId } from '../model/cfn';
import type { PolicyStatement } from '../model/types';

export type CallerKind = 'aws' | 'signed-webhook' | 'webhook' | 'public' | 'browser' | 'unknown';

export interface Caller {
  kind: CallerKind;
  /** Why, for fix titles and docs ("the route path names Stripe"). */
  why: string;
  /**
   * A browser caller whose CORS the app answers itself (a CORS middleware or header in the
   * handler, a function-level `cors` key the framework ignores), not API Gateway: its preflight
   * OPTIONS request reaches the route, without credentials.
   */
  preflightInApp?: true;
  /**
   * The web app behind the route serves its own log-in or sign-up route to it (an Express route
   * the gateway route reaches, code/app-routes.ts): its users log in with the app, so an authorizer
   * in front of the app (Cognito, JWT, a shared secret) would lock them out. No auth fix.
   */
  ownLogIn?: string;
}

/**
 * Body-signing webhook senders: path words and SDK modules. Each sends a signature header over the
 * body and cannot send SigV4, a JWT or a custom static header:
 * Stripe (https://docs.stripe.com/webhooks#verify-events), GitHub (X-Hub-Signature-256,
 * https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries), Slack
 * (X-Slack-Signature, https://api.slack.com/authentication/verifying-requests-from-slack), Twilio
 * (X-Twilio-Signature, https://www.twilio.com/docs/usage/webhooks/webhooks-security), Shopify
 * (X-Shopify-Hmac-Sha256), PayPal (transmission signature), Svix (svix-signature).
 */
const SIGNED_SENDERS: readonly { word: string; modules: readonly string[]; name: string; headers: readonly string[]; fields?: readonly (readonly string[])[] }[] = [
  // Stripe-Signature: https://docs.stripe.com/webhooks#verify-events
  { word: 'stripe', modules: ['stripe'], name: 'Stripe', headers: ['stripe-signature'] },
  // X-Hub-Signature(-256), X-GitHub-Event, X-GitHub-Delivery: https://docs.github.com/en/webhooks/webhook-events-and-payloads#delivery-headers
  { word: 'github', modules: ['@octokit/webhooks', '@octokit/rest', 'octokit', 'github_webhook', 'githubkit'], name: 'GitHub', headers: ['x-hub-signature-256', 'x-hub-signature', 'x-github-event', 'x-github-delivery'] },
  // X-Slack-Signature, X-Slack-Request-Timestamp; the Events API's URL verification request
  // carries `token`, `challenge` and `type: url_verification` (https://api.slack.com/events/url_verification).
  { word: 'slack', modules: ['@slack/bolt', '@slack/web-api', '@slack/events-api', 'slack_sdk', 'slack_bolt'], name: 'Slack', headers: ['x-slack-signature', 'x-slack-request-timestamp'], fields: [['challenge', 'token'], ['challenge', 'url_verification']] },
  // X-Twilio-Signature: https://www.twilio.com/docs/usage/webhooks/webhooks-security
  { word: 'twilio', modules: ['twilio'], name: 'Twilio', headers: ['x-twilio-signature'] },
  // X-Shopify-Hmac-Sha256: https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook
  { word: 'shopify', modules: ['@shopify/shopify-api', 'shopify'], name: 'Shopify', headers: ['x-shopify-hmac-sha256'] },
  // PAYPAL-TRANSMISSION-SIG: https://developer.paypal.com/api/rest/webhooks/rest/
  { word: 'paypal', modules: ['@paypal/checkout-server-sdk', 'paypalrestsdk'], name: 'PayPal', headers: ['paypal-transmission-sig'] },
  // svix-signature: https://docs.svix.com/receiving/verifying-payloads/how-manual
  { word: 'svix', modules: ['svix'], name: 'Svix', headers: ['svix-signature'] },
  // Meta (Facebook, WhatsApp, Instagram) webhooks: the hub.challenge / hub.verify_token handshake and
  // X-Hub-Signature-256 (https://developers.facebook.com/docs/graph-api/webhooks/getting-started).
  { word: 'whatsapp', modules: [], name: 'Meta', headers: [], fields: [['hub.challenge'], ['hub.verify_token']] },
];

/**
 * CORS middleware a handler imports: the app answers cross-origin requests, so a browser calls it.
 * Flask-CORS (https://flask-cors.readthedocs.io), django-cors-headers (`corsheaders`), FastAPI /
 * Starlette `CORSMiddleware` (https://fastapi.tiangolo.com/tutorial/cors/), Express `cors`
 * (https://expressjs.com/en/resources/middleware/cors.html), Middy `@middy/http-cors`, Fastify
 * `@fastify/cors`, Koa `@koa/cors`, Hono `hono/cors`.
 */
const CORS_MODULES: readonly string[] = ['flask_cors', 'corsheaders', 'fastapi.middleware.cors', 'starlette.middleware.cors', 'cors', '@middy/http-cors', '@fastify/cors', 'fastify-cors', '@koa/cors', 'koa2-cors', 'hono/cors'];

/**
 * Packages of browser and mobile front ends: a package.json next to the config, or in one of its
 * folders (`frontend/`, `web/`, `app/`), that depends on one is an app of the project calling its
 * API from a browser or a phone, which can hold no shared secret. React DOM, Vue, Angular, Svelte /
 * SvelteKit, Next.js, Nuxt, Preact, SolidJS (https://react.dev, https://vuejs.org,
 * https://angular.dev, https://svelte.dev, https://nextjs.org, https://nuxt.com,
 * https://preactjs.com, https://www.solidjs.com); React Native and Expo for mobile apps.
 */
const FRONT_END_PACKAGES: readonly string[] = ['react-dom', 'vue', '@angular/core', 'svelte', '@sveltejs/kit', 'next', 'nuxt', 'preact', 'solid-js', 'react-native', 'expo'];

/** Folders never searched for a front end. */
const NOT_APP_DIRS = new Set(['node_modules', 'dist', 'build', '.serverless', '.aws-sam', 'cdk.out', '.git']);

/** The response header a handler sets when it answers browsers of other origins (the Fetch standard's CORS protocol). */
const CORS_HEADER = 'access-control-allow-origin';

/**
 * Path words of webhook / callback routes (a sender outside AWS posts to them). Only for methods that
 * carry a delivery (not GET/HEAD: `GET /auth/callback` is a browser coming back from a login).
 */
const WEBHOOK_WORDS = ['webhook', 'webhooks', 'hook', 'hooks', 'callback', 'callbacks', 'notify', 'ipn'];

/**
 * Routes that are public by design, by their path. Conservative: the word must be a whole path
 * segment, and routes with a path parameter (`/orders/{id}/status`) never match, so an
 * object's status or a user's token is not taken for a health check or a login.
 * - `last`: the last segment (`/login`, `/auth/login`, `/api/health`); `first`: the first segment
 *   and anything below it (`/oauth/…`, `/public/…`).
 * Sources: the credential-issuing endpoints of OAuth 2.0 (RFC 6749 §3.2 token endpoint, §3.1
 * authorization endpoint) and OpenID Connect, which callers reach before they have a credential;
 * log-in / sign-up forms (OWASP ASVS V2, authentication endpoints are by nature unauthenticated);
 * health / liveness probes (load balancers and uptime checkers call them without credentials,
 * e.g. Route 53 health checks send no auth headers).
 */
export const PUBLIC_ROUTES: readonly { words: readonly string[]; at: 'last' | 'first'; what: string; issuesCredential?: true; byName?: true }[] = [
  { words: ['login', 'signin', 'sign-in', 'sign_in', 'logon'], at: 'last', what: 'a log-in route', issuesCredential: true, byName: true },
  { words: ['signup', 'sign-up', 'sign_up', 'register', 'registration'], at: 'last', what: 'a sign-up route', byName: true },
  { words: ['token', 'refresh-token', 'refresh_token', 'refreshtoken', 'authorize'], at: 'last', what: 'a token route (callers come to get a credential)', issuesCredential: true },
  { words: ['forgot-password', 'forgotpassword', 'reset-password', 'resetpassword'], at: 'last', what: 'a password-reset route', issuesCredential: true, byName: true },
  { words: ['oauth', 'oauth2'], at: 'first', what: 'an OAuth route', issuesCredential: true },
  { words: ['health', 'healthz', 'healthcheck', 'health-check', 'ping', 'status', 'ready', 'readyz', 'live', 'livez'], at: 'last', what: 'a health check' },
  { words: ['public'], at: 'first', what: 'a route under /public' },
];

/** Why a route path is public by design (`a log-in route`), or undefined. */
export function publicRouteOf(path: string | undefined): string | undefined {
  const r = publicRouteEntry(path);
  return r ? `${r.what} (${path})` : undefined;
}

/** The PUBLIC_ROUTES entry a path matches (`issuesCredential`: log-in, token, OAuth, password reset). */
export function publicRouteEntry(path: string | undefined): (typeof PUBLIC_ROUTES)[number] | undefined {
  if (!path) return undefined;
  const segs = path.toLowerCase().split('/').filter((x) => x.length > 0);
  if (segs.length === 0 || segs.some((x) => x.includes('{') || x.startsWith(':') || x === '*' || x.includes('+'))) return undefined;
  for (const r of PUBLIC_ROUTES) {
    const seg = r.at === 'last' ? segs[segs.length - 1] : segs[0];
    if (r.words.includes(seg)) return r;
  }
  return undefined;
}

/**
 * Trailing words of a function or operation name that say nothing about the route
 * (`AuthLoginFunction`, `signupHandler`, `loginPost`).
 */
const NAME_SUFFIXES: ReadonlySet<string> = new Set(['function', 'handler', 'lambda', 'fn', 'func', 'get', 'post', 'put', 'api']);

/**
 * The PUBLIC_ROUTES entry (those with `byName`: log-in, sign-up, password reset) a function or
 * operation name ends with: `authLogin`, `prod-authLogin`, `AuthSignUpFunction`, `sign_in`.
 */
function publicNameEntry(name: string): (typeof PUBLIC_ROUTES)[number] | undefined {
  const words = nameWords(name);
  while (words.length > 1 && NAME_SUFFIXES.has(words[words.length - 1])) words.pop();
  const n = words.length;
  const candidates = [words[n - 1], n > 1 ? words[n - 2] + words[n - 1] : undefined].filter((w): w is string => !!w);
  return PUBLIC_ROUTES.find((r) => r.byName && r.at === 'last' && candidates.some((w) => r.words.includes(w)));
}

/** The function name a Lambda integration URI names in its text (`…:function:${Stage}-authLogin/invocations`), or undefined. */
function uriFunctionName(uri: YNode | null | undefined): string | undefined {
  const arg = intrinsicName(uri) === 'Fn::Sub' ? intrinsicArg(uri) : uri;
  const text = stringValue(isSeq(arg) ? arg.items[0] : arg);
  const i = text?.indexOf(':function:') ?? -1;
  if (!text || i < 0) return undefined;
  let end = i + ':function:'.length;
  while (end < text.length && text[end] !== '/' && text[end] !== ':') end++;
  return text.slice(i + ':function:'.length, end) || undefined;
}

/**
 * The names of what a route invokes: an OpenAPI operation's `operationId` and the function its
 * integration URI names (an ARN's function name, for a function outside the template), and the
 * route's function in the config.
 */
function invokedNames(e: Endpoint): string[] {
  const out: string[] = [];
  if (e.source === 'openapi') {
    const op = stringValue(get(e.settings, 'operationId'));
    if (op) out.push(op);
    const fn = uriFunctionName(get(get(e.settings, 'x-amazon-apigateway-integration'), 'uri'));
    if (fn) out.push(fn);
  }
  if (e.functionId) out.push(e.functionId);
  return out;
}

/**
 * Why a route is public by design (PUBLIC_ROUTES): by its path, or — when its path has no
 * parameter and says nothing (`POST /auth`) — by the name of the operation or function it invokes
 * (`operationId: authLogin`, an integration URI naming `prod-authSignup`).
 */
export function publicRouteFor(e: Endpoint): { entry: (typeof PUBLIC_ROUTES)[number]; why: string } | undefined {
  if (e.kind === 'websocket' || e.kind === 'url') return undefined;
  const path = routePathOf(e);
  const byPath = publicRouteEntry(path);
  if (byPath) return { entry: byPath, why: `${byPath.what} (${path})` };
  const segs = (path ?? '').split('/').filter((x) => x.length > 0);
  if (segs.some((x) => x.includes('{') || x.startsWith(':') || x === '*' || x.includes('+'))) return undefined;
  for (const name of invokedNames(e)) {
    const entry = publicNameEntry(name);
    if (entry) return { entry, why: `${entry.what} (${path ?? e.label} invokes ${name})` };
  }
  return undefined;
}

/** A log-in / sign-up / password-reset route (PUBLIC_ROUTES `byName`) of the web app behind the route that the route reaches. */
function appLogInRoute(ctx: RuleContext, e: Endpoint): string | undefined {
  if (e.kind === 'websocket' || e.kind === 'url' || !e.functionId) return undefined;
  for (const a of endpointApps(ctx, e, routePathOf(e))) {
    for (const r of a.reached) {
      const entry = r.use ? undefined : publicRouteEntry(r.path);
      if (entry?.byName) return `${entry.what} (${r.method} ${r.path} in ${a.code.path.slice(a.code.path.lastIndexOf('/') + 1)})`;
    }
  }
  return undefined;
}

function pathWords(e: Endpoint): string[] {
  return wordsOf((e.path ?? e.route ?? '').toLowerCase());
}

/** Words of a name, split at case changes too (`SlackEventsFunction` → slack, events, function). */
function nameWords(name: string | undefined): string[] {
  if (!name) return [];
  let spaced = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (i > 0 && c >= 'A' && c <= 'Z' && !(name[i - 1] >= 'A' && name[i - 1] <= 'Z')) spaced += ' ';
    spaced += c;
  }
  return wordsOf(spaced.toLowerCase());
}

function wordsOf(p: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const c of p) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) cur += c;
    else { if (cur) out.push(cur); cur = ''; }
  }
  if (cur) out.push(cur);
  return out;
}

/** Module specifiers the handler file imports (`import`, `require(...)` at any depth of a top-level statement). */
function handlerModules(ctx: RuleContext, e: Endpoint): string[] {
  if (!e.functionId) return [];
  const out: string[] = [];
  for (const ref of endpointHandlers(ctx, e)) {
    const code = ctx.links.code(ref.file) as CodeContext | undefined;
    const mod = code && code.parsed.root ? moduleIROf(code.parsed) : undefined;
    for (const st of mod?.body ?? []) {
      if (st.k === 'import') out.push(st.source);
      else if (st.k === 'assign') {
        let v: Ex = st.v;
        for (let i = 0; i < 8 && (v.k === 'member' || v.k === 'await' || (v.k === 'call' && v.callee.k !== 'name')); i++) v = v.k === 'member' ? v.obj : v.k === 'await' ? v.x : (v as Extract<Ex, { k: 'call' }>).callee;
        if (v.k === 'call' && v.callee.k === 'name' && v.callee.id === 'require') {
          const a = v.args[0]?.v;
          if (a && a.k === 'lit' && typeof a.v === 'string') out.push(a.v);
        }
      }
    }
  }
  return out;
}

/**
 * The file grants an action that only an AWS principal calling this kind of endpoint uses, on this
 * endpoint's API (a resource that names the API, or `*` / a literal ARN that may match it). On a
 * WebSocket API a statement that also grants `execute-api:ManageConnections` is a backend posting
 * to the `@connections` of its clients (the state machine or function that reports progress), not
 * a client opening a connection.
 */
function grantsInvoke(ctx: RuleContext, e: Endpoint): boolean {
  const model = ctx.model!;
  const wanted = e.kind === 'url' ? ['lambda:invokefunctionurl'] : ['execute-api:invoke', 'execute-api:*'];
  let grants = invokeGrants.get(model);
  if (!grants) {
    const list: PolicyStatement[] = [];
    for (const d of model.documents) {
      if (d.kind !== 'identity') continue;
      for (const s of d.statements) {
        if (s.effect !== 'Allow') continue;
        if ((s.actions?.items ?? []).some((a) => a.text && INVOKE_ACTIONS.includes(a.text.toLowerCase()))) list.push(s);
      }
    }
    invokeGrants.set(model, (grants = list));
  }
  const apiId = e.api?.id;
  return grants.some((s) => {
    const acts = (s.actions?.items ?? []).map((a) => (a.text ?? '').toLowerCase());
    if (!acts.some((a) => wanted.includes(a))) return false;
    if (e.kind === 'websocket' && acts.includes('execute-api:manageconnections')) return false;
    if (!apiId || e.kind === 'url') return true;
    const rs = s.resources?.items ?? [];
    return rs.length === 0 || rs.some((r) => r.kind === 'literal' || mentionsLogicalId(r.node, apiId));
  });
}

const INVOKE_ACTIONS = ['lambda:invokefunctionurl', 'execute-api:invoke', 'execute-api:*'];

/** Statements of the file's identity policies that allow an invoke action, once per model: every endpoint of a config asks. */
const invokeGrants = new WeakMap<object, PolicyStatement[]>();

/**
 * Lower-case string constants of the handler's code (literals, constant subscripts and property
 * names of the handler file and the modules it imports relatively): the header names and body
 * fields it reads. Per module IR.
 */
function handlerStrings(ctx: RuleContext, e: Endpoint): ReadonlySet<string> {
  const out = new Set<string>();
  for (const { files } of endpointCodeFiles(ctx, e)) {
    for (const code of files) {
      const mod = moduleIROf(code.parsed);
      if (!mod) continue;
      let strs = moduleStrings.get(mod);
      if (!strs) moduleStrings.set(mod, (strs = stringsOf(mod.body)));
      for (const x of strs) out.add(x);
    }
  }
  return out;
}

const moduleStrings = new WeakMap<object, ReadonlySet<string>>();

function stringsOf(root: unknown): ReadonlySet<string> {
  const out = new Set<string>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const o = stack.pop() as { k?: string; v?: unknown; prop?: string | null } | undefined;
    if (!o || typeof o !== 'object') continue;
    if (o.k === 'lit' && typeof o.v === 'string' && o.v.length <= 64) out.add(o.v.toLowerCase());
    if ((o.k === 'member' || o.k === 'pmember') && typeof o.prop === 'string') out.add(o.prop.toLowerCase());
    forEachIrChild(o, (c) => stack.push(c));
  }
  return out;
}

/** A body-signing sender the handler's code shows: a signature header it reads, or the sender's handshake fields. */
function senderInCode(ctx: RuleContext, e: Endpoint): Caller | undefined {
  if (!e.functionId) return undefined;
  const strs = handlerStrings(ctx, e);
  if (strs.size === 0) return undefined;
  for (const s of SIGNED_SENDERS) {
    const h = s.headers.find((x) => strs.has(x));
    if (h) return { kind: 'signed-webhook', why: `the handler reads the ${h} header (${s.name})` };
    const f = s.fields?.find((set) => set.every((x) => strs.has(x)));
    if (f) return { kind: 'signed-webhook', why: `the handler reads ${f.join(' and ')} (a ${s.name} webhook handshake)` };
  }
  return undefined;
}

/** A CloudFront origin access control for Lambda (it signs requests to a function URL with SigV4). */
function lambdaOac(ctx: RuleContext): boolean {
  return ctx.model!.resources.some((r) => {
    if (r.type !== 'AWS::CloudFront::OriginAccessControl') return false;
    const t = get(get(r.properties, 'OriginAccessControlConfig'), 'OriginAccessControlOriginType');
    return isScalar(t) && String(t.value).toLowerCase() === 'lambda';
  });
}

/** `GET /x` (HTTP API route key) → `/x`. */
/** The path of an endpoint: its own, or the one in an HTTP API route key (`POST /token`). */
export function routePathOf(e: Endpoint): string | undefined {
  return e.path ?? routePath(e.route);
}

function routePath(route: string | undefined): string | undefined {
  if (!route) return undefined;
  const i = route.indexOf(' ');
  return i < 0 ? undefined : route.slice(i + 1).trim();
}

/** Whether a SAM template configures CORS anywhere, per model. */
const samCors = new WeakMap<object, boolean>();

/** CORS that API Gateway answers (preflight included): the event's, the HTTP API's or the SAM API's; not a function-level key. */
function apiCors(ctx: RuleContext, e: Endpoint): boolean {
  if (e.cors) return true;
  const model = ctx.model!;
  if (e.source === 'serverless') return e.kind === 'http' && get(get(get(model.root, 'provider'), 'httpApi'), 'cors') != null;
  return e.source === 'sam' && corsConfigsOf(model).length > 0;
}

function hasCors(ctx: RuleContext, e: Endpoint): boolean {
  if (e.cors) return true;
  const model = ctx.model!;
  if (e.source === 'serverless') {
    // `cors` on the function itself (not a framework key: the intent to serve browsers all the same).
    const fn = model.functions.find((f) => f.id === e.functionId);
    const c = fn ? get(fn.node, 'cors') : undefined;
    if (c != null && !(isScalar(c) && c.value === false)) return true;
  }
  if (e.source === 'serverless' && e.kind === 'http') return get(get(get(model.root, 'provider'), 'httpApi'), 'cors') != null;
  if (e.source === 'sam') {
    // Once per model: every route of a template asks.
    let any = samCors.get(model);
    if (any === undefined) samCors.set(model, (any = corsConfigsOf(model).length > 0));
    return any;
  }
  return false;
}

/** The handler module (or one it imports relatively) names the Access-Control-Allow-Origin header: an object / dict key, or a subscript (`resp.headers['Access-Control-Allow-Origin'] = …`). */
function setsCorsHeader(ctx: RuleContext, e: Endpoint): boolean {
  for (const { files } of endpointCodeFiles(ctx, e)) {
    for (const code of files) {
      const mod = moduleIROf(code.parsed);
      if (!mod) continue;
      let hit = corsHeaderModules.get(mod);
      if (hit === undefined) corsHeaderModules.set(mod, (hit = mod.body.some(statementNamesCorsHeader)));
      if (hit) return true;
    }
  }
  return false;
}

/** Per module IR (every route of a module asks). */
const corsHeaderModules = new WeakMap<object, boolean>();

/**
 * Per top-level statement: the lowerers keep the IR object of a statement an edit did not touch
 * (lower-js/lower-py `stmtCache`) and the answer depends only on that IR, so a keystroke walks
 * only the statement it changed (the module's answer is whether any statement names the header).
 */
const corsHeaderStatements = new WeakMap<object, boolean>();

function statementNamesCorsHeader(st: object): boolean {
  let hit = corsHeaderStatements.get(st);
  if (hit === undefined) corsHeaderStatements.set(st, (hit = namesCorsHeader(st)));
  return hit;
}

function namesCorsHeader(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length) {
    const o = stack.pop() as { k?: string; props?: { key: string | null }[]; prop?: string | null; index?: { k: string; v?: unknown } } | undefined;
    if (!o || typeof o !== 'object') continue;
    if (o.k === 'obj' && o.props?.some((p) => typeof p.key === 'string' && p.key.toLowerCase() === CORS_HEADER)) return true;
    // A constant subscript is kept as `prop` (or as a literal `index`): no dotted name has dashes.
    if ((o.k === 'member' || o.k === 'pmember') && ((typeof o.prop === 'string' && o.prop.toLowerCase() === CORS_HEADER) || (o.index?.k === 'lit' && typeof o.index.v === 'string' && o.index.v.toLowerCase() === CORS_HEADER))) return true;
    forEachIrChild(o, (c) => stack.push(c));
  }
  return false;
}

/** A front end of the project next to the config (FRONT_END_PACKAGES, or a web page), once per model: what and where. */
const frontEnds = new WeakMap<object, string | null>();

/** Folders never searched for a web page: documentation, test reports, vendored code. */
const NOT_PAGE_DIRS = new Set(['docs', 'doc', 'coverage', 'htmlcov', 'test', 'tests', '__tests__', 'vendor', 'site-packages', 'venv', '.venv', 'env', 'templates-docs']);

function frontEndNear(ctx: RuleContext): string | undefined {
  const model = ctx.model!;
  let hit = frontEnds.get(model);
  if (hit === undefined) {
    hit = frontEndPackage(ctx) ?? webPage(ctx) ?? null;
    frontEnds.set(model, hit);
  }
  return hit ?? undefined;
}

function frontEndPackage(ctx: RuleContext): string | null {
  const dir = dirname(ctx.file);
  const dirs = [dir, ...(ctx.project.listDir(dir) ?? []).filter((n) => !n.startsWith('.') && !NOT_APP_DIRS.has(n) && !n.includes('.')).slice(0, 40).map((n) => joinPath(dir, n))];
  for (const d of dirs) {
    const text = ctx.project.readFile(joinPath(d, 'package.json'));
    if (!text) continue;
    let pkg: { dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> } | undefined;
    try {
      pkg = JSON.parse(text);
    } catch {
      continue;
    }
    const dep = FRONT_END_PACKAGES.find((n) => (pkg?.dependencies && n in pkg.dependencies) || (pkg?.devDependencies && n in pkg.devDependencies));
    if (dep) return `${dep} in ${d === dir ? 'package.json' : `${d.slice(dir.length + 1)}/package.json`}`;
  }
  return null;
}

/**
 * A web page (`.html`) of the project in the config's folder or below it (three levels, not in
 * build output, dependencies, docs or tests): a browser loads it and its scripts call the
 * project's API (a page the app itself serves, or a static site next to the backend).
 */
function webPage(ctx: RuleContext): string | null {
  const dir = dirname(ctx.file);
  let queue: string[] = [dir];
  let visited = 0;
  for (let depth = 0; depth <= 3 && queue.length; depth++) {
    const next: string[] = [];
    for (const d of queue) {
      if (++visited > 120) return null;
      for (const n of ctx.project.listDir(d) ?? []) {
        const lower = n.toLowerCase();
        if (lower.endsWith('.html') || lower.endsWith('.htm')) return `a web page, ${joinPath(d, n).slice(dir.length + 1)}`;
        if (!n.startsWith('.') && !n.includes('.') && !NOT_APP_DIRS.has(lower) && !NOT_PAGE_DIRS.has(lower)) next.push(joinPath(d, n));
      }
    }
    queue = next;
  }
  return null;
}

export function callerOf(ctx: RuleContext, e: Endpoint): Caller {
  const words = pathWords(e);
  const mods = handlerModules(ctx, e);
  const fnWords = nameWords(e.functionId);
  for (const s of SIGNED_SENDERS) {
    if (words.includes(s.word)) return { kind: 'signed-webhook', why: `the route path names ${s.name}` };
    const m = mods.find((x) => s.modules.includes(x) || s.modules.some((y) => x.startsWith(y + '/')));
    if (m) return { kind: 'signed-webhook', why: `the handler imports ${m} (${s.name})` };
  }
  const pub = publicRouteFor(e);
  if (pub) return { kind: 'public', why: `it is ${pub.why}` };
  const own = appLogInRoute(ctx, e);
  if (own) return { kind: 'browser', why: `the app behind it serves its own ${own}`, ownLogIn: own };
  // After the public routes: a log-in handler may well read a `token` and a `challenge`, or be
  // named for the provider users log in with (`GithubLoginFunction`).
  const named = SIGNED_SENDERS.find((s) => fnWords.includes(s.word));
  if (named) return { kind: 'signed-webhook', why: `the function is named for ${named.name} (${e.functionId})` };
  const inCode = senderInCode(ctx, e);
  if (inCode) return inCode;
  // A webhook path wins over a grant elsewhere in the file: the sender is outside AWS and cannot sign SigV4.
  const w = e.kind !== 'url' && e.method !== 'GET' && e.method !== 'HEAD' ? words.find((x) => WEBHOOK_WORDS.includes(x)) : undefined;
  if (w) return { kind: 'webhook', why: `the route path says '${w}'` };
  if (grantsInvoke(ctx, e)) return { kind: 'aws', why: e.kind === 'url' ? 'the file grants lambda:InvokeFunctionUrl' : 'the file grants execute-api:Invoke' };
  if (e.kind === 'url' && lambdaOac(ctx)) return { kind: 'aws', why: 'a CloudFront origin access control for Lambda signs the requests' };
  if (hasCors(ctx, e)) return { kind: 'browser', why: 'CORS is configured for it', ...(apiCors(ctx, e) ? {} : { preflightInApp: true as const }) };
  const corsModule = mods.find((m) => CORS_MODULES.includes(m));
  if (corsModule) return { kind: 'browser', why: `the handler uses the CORS middleware ${corsModule}`, preflightInApp: true };
  if (setsCorsHeader(ctx, e)) return { kind: 'browser', why: 'the handler sets Access-Control-Allow-Origin', preflightInApp: true };
  // NestJS answers CORS when the app calls enableCors() (https://docs.nestjs.com/security/cors).
  if (e.functionId && handlerStrings(ctx, e).has('enablecors')) return { kind: 'browser', why: 'the handler calls enableCors() (NestJS)', preflightInApp: true };
  const fe = frontEndNear(ctx);
  if (fe) return { kind: 'browser', why: `the project has a front end (${fe})` };
  return { kind: 'unknown', why: '' };
}
