/**
 * "This handler authenticates its caller in code": webhook signature verification, found on the IR
 * (one walker for JavaScript/TypeScript and Python). Read by the endpoint rules, which then report a
 * public route as info and say what they found.
 *
 * Recognised (data: `VERIFY_CALLS`, `HMAC_CALLS`, `CONSTANT_TIME_COMPARE`):
 * - a vendor SDK's verification call (Stripe `webhooks.constructEvent`, `Webhook.construct_event`,
 *   `@octokit/webhooks` `verify` / `verifyAndReceive`, Slack `SignatureVerifier.is_valid_request`,
 *   svix `Webhook.verify`, Twilio `validateRequest`, Discord `verify_key` / `verifyKey`) or a public-key
 *   signature check (PyNaCl `VerifyKey(…).verify`, tweetnacl `nacl.sign.detached.verify`, Node
 *   `crypto.verify`): by the callee's chain, where a receiver assigned from a call stands for that
 *   call (`verify_key = VerifyKey(…)`; `verify_key.verify(…)` is `VerifyKey.verify`);
 * - an HMAC of the request (`crypto.createHmac`, `hmac.new`) whose digest is compared: with a
 *   constant-time comparison (`crypto.timingSafeEqual`, `hmac.compare_digest`), or with `===` /
 *   `==` / `!==` / `!=` against the digest (directly or through a variable holding it).
 * An HMAC computed but never compared is not verification.
 * - a shared verification token: a field or header of the request compared (`==` / `!=` / `===` /
 *   `!==`, or a constant-time comparison) with a secret-named value from the environment, SSM
 *   Parameter Store or Secrets Manager, in the test of an `if` whose branch returns or throws
 *   (Slack's Events API `token`, a webhook's shared secret header): `findTokenComparison`.
 */
import type { Ex, FuncIR, ModuleIR, St } from './ir';
import type { SNode } from './syntax';
import { chainOf, endsWith, envNameOf, visit } from './ir-names';
import { analyzeKeyName } from '../secrets/keyname';

export interface WebhookVerification {
  /** "Stripe webhook signature (stripe.webhooks.constructEvent)". */
  what: string;
  /** The call that verifies. */
  node: SNode;
}

/**
 * Vendor verification calls, by the last one or two segments of the callee. Sources: Stripe
 * (https://docs.stripe.com/webhooks#verify-official-libraries), Octokit
 * (https://github.com/octokit/webhooks.js#webhooksverify), Slack
 * (https://api.slack.com/authentication/verifying-requests-from-slack), Svix
 * (https://docs.svix.com/receiving/verifying-payloads/how), Twilio
 * (https://www.twilio.com/docs/usage/webhooks/webhooks-security), LINE
 * (https://developers.line.biz/en/docs/messaging-api/receiving-messages/#verify-signature), Discord
 * (https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers:
 * Ed25519 over timestamp + body with the application's public key; `discord-interactions` /
 * `discord_interactions` `verifyKey(body, signature, timestamp, publicKey)`, PyNaCl, tweetnacl).
 * `minArgs`: the call must pass at least that many arguments (Discord's four), which keeps a local
 * `verifyKey(apiKey)` of another meaning out.
 */
export const VERIFY_CALLS: readonly { chain: readonly string[]; what: string; minArgs?: number }[] = [
  { chain: ['webhooks', 'constructEvent'], what: 'Stripe webhook signature (stripe.webhooks.constructEvent)' },
  { chain: ['webhooks', 'constructEventAsync'], what: 'Stripe webhook signature (stripe.webhooks.constructEventAsync)' },
  { chain: ['Webhook', 'construct_event'], what: 'Stripe webhook signature (stripe.Webhook.construct_event)' },
  // Stripe: the event re-fetched by id from the Stripe API (only real events are processed)
  { chain: ['stripe', 'events', 'retrieve'], what: 'Stripe event re-fetched from the Stripe API (stripe.events.retrieve)' },
  { chain: ['stripe', 'Event', 'retrieve'], what: 'Stripe event re-fetched from the Stripe API (stripe.Event.retrieve)' },
  { chain: ['validateSignature'], what: 'LINE webhook signature (@line/bot-sdk validateSignature)' },
  { chain: ['webhooks', 'verify'], what: 'GitHub webhook signature (@octokit/webhooks verify)' },
  { chain: ['webhooks', 'verifyAndReceive'], what: 'GitHub webhook signature (@octokit/webhooks verifyAndReceive)' },
  { chain: ['is_valid_request'], what: 'Slack request signature (slack_sdk SignatureVerifier.is_valid_request)' },
  { chain: ['verifySlackRequest'], what: 'Slack request signature (@slack/bolt verifySlackRequest)' },
  { chain: ['isValidSlackRequest'], what: 'Slack request signature (@slack/bolt isValidSlackRequest)' },
  { chain: ['wh', 'verify'], what: 'webhook signature (svix Webhook.verify)' },
  { chain: ['validateRequest'], what: 'Twilio request signature (twilio.validateRequest)' },
  { chain: ['RequestValidator', 'validate'], what: 'Twilio request signature (twilio RequestValidator.validate)' },
  { chain: ['Webhook', 'verify'], what: 'webhook signature (svix Webhook.verify)' },
  { chain: ['SignatureVerifier', 'is_valid'], what: 'Slack request signature (slack_sdk SignatureVerifier.is_valid)' },
  // Discord interactions: Ed25519 signature of timestamp + body (X-Signature-Ed25519 / X-Signature-Timestamp)
  { chain: ['verify_key'], minArgs: 4, what: 'Discord interaction signature (discord_interactions.verify_key)' },
  { chain: ['verifyKey'], minArgs: 4, what: 'Discord interaction signature (discord-interactions verifyKey)' },
  { chain: ['verifyKeyMiddleware'], what: 'Discord interaction signature (discord-interactions verifyKeyMiddleware)' },
  { chain: ['verify_key_decorator'], what: 'Discord interaction signature (discord_interactions.verify_key_decorator)' },
  // Public-key signatures (Ed25519 and others) over the request
  { chain: ['VerifyKey', 'verify'], what: 'Ed25519 signature (PyNaCl VerifyKey.verify)' },
  { chain: ['sign', 'detached', 'verify'], what: 'Ed25519 signature (tweetnacl nacl.sign.detached.verify)' },
  { chain: ['ed25519', 'verify'], minArgs: 3, what: 'Ed25519 signature (ed25519.verify)' },
  { chain: ['crypto', 'verify'], minArgs: 4, what: 'signature (crypto.verify)' },
  { chain: ['subtle', 'verify'], minArgs: 4, what: 'signature (crypto.subtle.verify)' },
];

/** Calls that compute an HMAC (Node crypto, Python hmac). */
export const HMAC_CALLS: readonly (readonly string[])[] = [['createHmac'], ['hmac', 'new'], ['hmac', 'HMAC']];

/** Constant-time comparisons (Node crypto, Python hmac / secrets). */
export const CONSTANT_TIME_COMPARE: readonly string[] = ['timingSafeEqual', 'compare_digest'];

const DIGEST = new Set(['digest', 'hexdigest']);
const EQ_OPS = new Set(['===', '==', '!==', '!=']);

interface Collected {
  calls: Extract<Ex, { k: 'call' }>[];
  compares: Extract<Ex, { k: 'bin' }>[];
  /** `name = v` (`fn`: a function declaration, `v` its body). */
  assigns: { name: string; v: unknown; fn?: boolean }[];
  /** Parameter names of the functions below the statement. */
  params: string[];
}

/**
 * The calls, comparisons and assignments below one statement of a body, in walk order (from depth
 * 1, as `visit(body)` reaches it). Kept per statement IR object: the lowerers keep the IR of a
 * statement an edit did not touch (lower-js/lower-py `stmtCache`), so a keystroke walks only the
 * statement it changed. Nodes are kept, not offsets (an unchanged statement's nodes move with it).
 */
const collectedMemo = new WeakMap<object, Collected>();

function collected(st: St): Collected {
  let c = collectedMemo.get(st);
  if (c) return c;
  const out: Collected = { calls: [], compares: [], assigns: [], params: [] };
  visit(st, (x) => {
    const e = x as Ex;
    if (e.k === 'call') out.calls.push(e);
    else if (e.k === 'bin' && EQ_OPS.has(e.op)) out.compares.push(e);
    const s = x as St;
    if (s.k === 'assign' && s.p.k === 'pname') out.assigns.push({ name: s.p.id, v: s.v });
    else if (s.k === 'func' && s.f.name) out.assigns.push({ name: s.f.name, v: s.f.body, fn: true }); // a helper returning the digest
    const f = (x as { f?: FuncIR }).f;
    if ((x.k === 'func' || x.k === 'fn') && f) for (const p of f.params) if (p.name) out.params.push(p.name);
  }, 1);
  collectedMemo.set(st, out);
  return out;
}

function containsDigest(e: unknown, digestNames: Set<string>): boolean {
  let hit = false;
  visit(e, (x) => {
    const ex = x as Ex;
    if (ex.k === 'call' && ex.callee.k === 'member' && ex.callee.prop && DIGEST.has(ex.callee.prop)) hit = true;
    else if (ex.k === 'name' && digestNames.has(ex.id)) hit = true;
  });
  return hit;
}

/** The first webhook signature verification in a module, if any. */
export function findWebhookVerification(mod: ModuleIR | { body: St[] } | FuncIR): WebhookVerification | undefined {
  const calls: Extract<Ex, { k: 'call' }>[] = [];
  const assigns: { name: string; v: unknown }[] = [];
  const compares: Extract<Ex, { k: 'bin' }>[] = [];
  // What the walk of the body collects, statement by statement in order (see `collected`).
  for (const st of mod.body) {
    const c = collected(st);
    for (const x of c.calls) calls.push(x);
    for (const x of c.compares) compares.push(x);
    for (const x of c.assigns) assigns.push(x);
  }
  // `verify_key = VerifyKey(bytes.fromhex(KEY))`, `const wh = new Webhook(secret)`: the receiver stands for the call that made it
  const made = new Map<string, string[]>();
  for (const a of assigns) {
    let v = a.v as Ex;
    while (v.k === 'await') v = v.x;
    if (v.k === 'call' && !made.has(a.name)) made.set(a.name, chainOf(v.callee));
  }
  for (const c of calls) {
    const ch = chainOf(c.callee);
    const head = ch.length > 1 ? made.get(ch[0]) : undefined;
    const full = head ? [...head, ...ch.slice(1)] : ch;
    const v = VERIFY_CALLS.find((x) => (endsWith(ch, x.chain) || endsWith(full, x.chain)) && c.args.length >= (x.minArgs ?? 0));
    if (v) return { what: v.what, node: c.n };
  }
  const hmac = calls.find((c) => HMAC_CALLS.some((t) => endsWith(chainOf(c.callee), t)));
  if (!hmac) return findTokenComparison(mod);
  const hmacName = chainOf(hmac.callee).join('.');
  const ct = calls.find((c) => {
    const ch = chainOf(c.callee);
    return ch.length > 0 && CONSTANT_TIME_COMPARE.includes(ch[ch.length - 1]);
  });
  if (ct) return { what: `HMAC signature (${hmacName} compared with ${chainOf(ct.callee).join('.')})`, node: ct.n };
  // names holding a digest (`const expected = crypto.createHmac(...).update(body).digest('hex')`)
  // or functions returning one (`function sign(key, body) { return crypto.createHmac(...)...digest() }`)
  const digestNames = new Set<string>();
  for (let round = 0; round < 3; round++) for (const a of assigns) if (!digestNames.has(a.name) && containsDigest(a.v, digestNames)) digestNames.add(a.name);
  const cmp = compares.find((b) => containsDigest(b.l, digestNames) || containsDigest(b.r, digestNames));
  if (cmp) return { what: `HMAC signature (${hmacName}, digest compared with ${cmp.op})`, node: cmp.n };
  return findTokenComparison(mod);
}

/** SDK reads of a stored secret (SSM Parameter Store, Secrets Manager), by the last segment of the callee. */
const SECRET_READS = new Set(['get_parameter', 'getParameter', 'GetParameterCommand', 'get_secret_value', 'getSecretValue', 'GetSecretValueCommand', 'getSecret', 'get_secret']);

/** Reads a stored secret: an SSM / Secrets Manager read somewhere in the expression. */
function readsStoredSecret(e: unknown): boolean {
  let hit = false;
  visit(e, (x) => {
    const ex = x as Ex;
    if (ex.k === 'call') {
      const ch = chainOf(ex.callee);
      if (SECRET_READS.has(ch[ch.length - 1])) hit = true;
    }
  });
  return hit;
}

const secretNamed = (name: string | undefined) => !!name && analyzeKeyName(name).category !== 'none';

/**
 * A request field or header compared with a shared secret from the environment or a secret store,
 * guarding the handler (the comparison is the test, or part of the test, of an `if` whose branch
 * returns or throws). The secret is a secret-named environment variable (`VERIFICATION_TOKEN`), a
 * secret-named name holding one, or a value read from SSM / Secrets Manager; the request side reads
 * a member of a function parameter (`event['token']`, `event.headers['x-webhook-token']`).
 */
export function findTokenComparison(mod: ModuleIR | { body: St[] } | FuncIR): WebhookVerification | undefined {
  // Names holding a secret: `VERIFICATION_TOKEN = os.environ['VERIFICATION_TOKEN']`, `token = ssm.get_parameter(...)['Parameter']['Value']`.
  // The same per-statement collection as `findWebhookVerification` (see `collected`).
  const secrets = new Map<string, string>();
  const params = new Set<string>();
  for (const st of mod.body) {
    const c = collected(st);
    for (const p of c.params) params.add(p);
    for (const a of c.assigns) {
      if (a.fn) continue;
      const v = a.v as Ex;
      let env: string | undefined;
      visit(v, (y) => { env ??= envNameOf(y as Ex); });
      const direct = envNameOf(v);
      if ((direct ?? env) && (secretNamed(direct ?? env) || secretNamed(a.name))) secrets.set(a.name, a.name === (direct ?? env) ? `${a.name} from the environment` : `${a.name} from the environment (${direct ?? env})`);
      else if (readsStoredSecret(v) && secretNamed(a.name)) secrets.set(a.name, `${a.name} from a secret store`);
    }
  }
  // `Buffer.from(x)`, `x.encode()`, `str(x)`: the same value in another type.
  const unwrap = (e: Ex): Ex => {
    if (e.k === 'await') return unwrap(e.x);
    if (e.k !== 'call') return e;
    const ch = chainOf(e.callee);
    const last = ch[ch.length - 1];
    if ((last === 'from' && ch[0] === 'Buffer') || last === 'String' || last === 'str' || last === 'bytes') return e.args[0] ? unwrap(e.args[0].v) : e;
    if ((last === 'encode' || last === 'strip' || last === 'trim') && e.callee.k === 'member') return unwrap(e.callee.obj);
    return e;
  };
  const secretSide = (e0: Ex): string | undefined => {
    const e = unwrap(e0);
    if (e.k === 'name' && secrets.has(e.id)) return secrets.get(e.id);
    const env = envNameOf(e);
    if (env && secretNamed(env)) return `${env} from the environment`;
    if (e.k === 'await') return secretSide(e.x);
    return undefined;
  };
  const requestSide = (e0: Ex): boolean => {
    const e = unwrap(e0);
    if (e.k !== 'member' && e.k !== 'call') return false;
    if (envNameOf(e)) return false;
    const ch = chainOf(e);
    return ch.length >= 2 && params.has(ch[0]) && !secrets.has(ch[0]);
  };
  const compared = (e: Ex): { what: string; node: SNode } | undefined => {
    let hit: { what: string; node: SNode } | undefined;
    visit(e, (x) => {
      if (hit) return;
      const ex = x as Ex;
      if (ex.k === 'bin' && EQ_OPS.has(ex.op)) {
        const s = secretSide(ex.l) ?? secretSide(ex.r);
        if (s && (requestSide(ex.l) || requestSide(ex.r))) hit = { what: `${s}, compared with ${ex.op}`, node: ex.n };
      } else if (ex.k === 'call') {
        const ch = chainOf(ex.callee);
        if (ch.length && CONSTANT_TIME_COMPARE.includes(ch[ch.length - 1]) && ex.args.length >= 2) {
          const [a, b] = [ex.args[0].v, ex.args[1].v];
          const s = secretSide(a) ?? secretSide(b);
          if (s && (requestSide(a) || requestSide(b))) hit = { what: `${s}, compared with ${ch.join('.')}`, node: ex.n };
        }
      }
    });
    return hit;
  };
  const exits = (body: St[] | null | undefined) => !!body && body.some((s) => s.k === 'return' || s.k === 'throw');
  let found: WebhookVerification | undefined;
  visit(mod.body, (x) => {
    if (found) return;
    const s = x as St;
    if (s.k !== 'if' || !(exits(s.then) || exits(s.else))) return;
    const c = compared(s.test);
    if (c) found = { what: `verification token (a request field checked against ${c.what})`, node: c.node };
  });
  return found;
}
