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
 * - a shared verification token: a field or header of the request compared (`==` / `!=` / `===` /
 *   `!==`, or a constant-time comparison) with a secret-named value from the environment, SSM
 *   Parameter Store or Secrets Manager, in the test of an `if` whose branch returns or throws
 *   (Slack's Events API `token`, a webhook's shared secret header): `findTokenComparison`.
 */
import { forEachIrChild, type Ex, type FuncIR, type ModuleIR, type St } from './ir';
import type { SNode } from './syntax';
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

/** The environment variable an expression reads (`process.env.X`, `os.environ['X']`, `os.environ.get('X')`, `os.getenv('X')`). */
function envNameOf(e: Ex): string | undefined {
  if (e.k === 'member') {
    const obj = chainOf(e.obj).join('.');
    if (obj === 'process.env' || obj === 'os.environ') return e.prop ?? (e.index?.k === 'lit' && typeof e.index.v === 'string' ? e.index.v : undefined);
  }
  if (e.k === 'call') {
    const callee = chainOf(e.callee).join('.');
    const a = e.args[0]?.v;
    if ((callee === 'os.environ.get' || callee === 'os.getenv') && a?.k === 'lit' && typeof a.v === 'string') return a.v;
  }
  return undefined;
}

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
  const secrets = new Map<string, string>();
  const params = new Set<string>();
  visit(mod.body, (x) => {
    const s = x as St;
    if (s.k === 'assign' && s.p.k === 'pname') {
      let env: string | undefined;
      visit(s.v, (y) => { env ??= envNameOf(y as Ex); });
      const direct = envNameOf(s.v);
      if ((direct ?? env) && (secretNamed(direct ?? env) || secretNamed(s.p.id))) secrets.set(s.p.id, s.p.id === (direct ?? env) ? `${s.p.id} from the environment` : `${s.p.id} from the environment (${direct ?? env})`);
      else if (readsStoredSecret(s.v) && secretNamed(s.p.id)) secrets.set(s.p.id, `${s.p.id} from a secret store`);
    }
    const f = (x as { f?: FuncIR }).f;
    if ((x.k === 'func' || x.k === 'fn') && f) for (const p of f.params) if (p.name) params.add(p.name);
  });
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
