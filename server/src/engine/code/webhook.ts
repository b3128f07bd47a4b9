/**
 * "This handler authenticates its caller in code": webhook signature verification, found on the IR
 * (one walker for JavaScript/TypeScript and Python). Read by the endpoint rules, which then report a
 * public route as info and say what they found.
 *
 * Recognised (data: `VERIFY_CALLS`, `HMAC_CALLS`, `CONSTANT_TIME_COMPARE`):
 * - a vendor SDK's verification call (Stripe `webhooks.constructEvent`, `Webhook.construct_event`,
 *   `@octokit/webhooks` `verify` / `verifyAndReceive`, Slack `SignatureVerifier.is_valid_request`,
 *   svix `Webhook.verify`, Twilio `validateRequest`);
 * - an HMAC of the request (`crypto.createHmac`, `hmac.new`) whose digest is compared: with a
 *   constant-time comparison (`crypto.timingSafeEqual`, `hmac.compare_digest`), or with `===` /
 *   `==` / `!==` / `!=` against the digest (directly or through a variable holding it).
 * An HMAC computed but never compared is not verification.
 */
import { forEachIrChild, type Ex, type FuncIR, type ModuleIR, type St } from './ir';
import type { SNode } from './syntax';

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
 * (https://developers.line.biz/en/docs/messaging-api/receiving-messages/#verify-signature).
 */
export const VERIFY_CALLS: readonly { chain: readonly string[]; what: string }[] = [
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
];

/** Calls that compute an HMAC (Node crypto, Python hmac). */
export const HMAC_CALLS: readonly (readonly string[])[] = [['createHmac'], ['hmac', 'new'], ['hmac', 'HMAC']];

/** Constant-time comparisons (Node crypto, Python hmac / secrets). */
export const CONSTANT_TIME_COMPARE: readonly string[] = ['timingSafeEqual', 'compare_digest'];

const DIGEST = new Set(['digest', 'hexdigest']);
const EQ_OPS = new Set(['===', '==', '!==', '!=']);

export function chainOf(e: Ex): string[] {
  const out: string[] = [];
  let cur: Ex | undefined = e;
  for (let i = 0; cur && i < 16; i++) {
    if (cur.k === 'member') {
      out.unshift(cur.prop ?? '[]');
      cur = cur.obj;
    } else if (cur.k === 'name') {
      out.unshift(cur.id);
      break;
    } else if (cur.k === 'call') {
      cur = cur.callee; // `new Webhook(secret).verify` / `hmac.new(...).hexdigest`
    } else if (cur.k === 'await') cur = cur.x;
    else break;
  }
  return out;
}

export function endsWith(chain: readonly string[], tail: readonly string[]): boolean {
  if (tail.length > chain.length) return false;
  for (let i = 1; i <= tail.length; i++) if (chain[chain.length - i] !== tail[tail.length - i]) return false;
  return true;
}

interface Collected {
  calls: Extract<Ex, { k: 'call' }>[];
  compares: Extract<Ex, { k: 'bin' }>[];
  assigns: { name: string; v: unknown }[];
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
  const out: Collected = { calls: [], compares: [], assigns: [] };
  visit(st, (x) => {
    const e = x as Ex;
    if (e.k === 'call') out.calls.push(e);
    else if (e.k === 'bin' && EQ_OPS.has(e.op)) out.compares.push(e);
    const s = x as St;
    if (s.k === 'assign' && s.p.k === 'pname') out.assigns.push({ name: s.p.id, v: s.v });
    else if (s.k === 'func' && s.f.name) out.assigns.push({ name: s.f.name, v: s.f.body }); // a helper returning the digest
  }, 1);
  collectedMemo.set(st, out);
  return out;
}

/** Every IR node below `root` (expressions, statements, functions), depth-first. */
export function visit(root: unknown, fn: (x: { k: string; n: SNode }) => void, depth = 0): void {
  if (!root || typeof root !== 'object' || depth > 400) return;
  const o = root as Record<string, unknown>;
  if (!Array.isArray(root) && typeof o.k === 'string' && o.n) fn(o as { k: string; n: SNode });
  forEachIrChild(root, (c) => visit(c, fn, depth + 1));
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
  for (const c of calls) {
    const ch = chainOf(c.callee);
    const v = VERIFY_CALLS.find((x) => endsWith(ch, x.chain));
    if (v) return { what: v.what, node: c.n };
  }
  const hmac = calls.find((c) => HMAC_CALLS.some((t) => endsWith(chainOf(c.callee), t)));
  if (!hmac) return undefined;
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
  return undefined;
}
