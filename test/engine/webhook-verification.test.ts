/**
 * code/webhook.ts `findWebhookVerification`: the table of known verifiers (vendor SDK calls and
 * public-key signature checks), receivers that stand for the call that made them, and the argument
 * counts that keep look-alike local functions out.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { moduleIROf } from '../../server/src/engine/code/handlers';
import { codeLangFromPath, freeParse, initCodeParsers, parseCode } from '../../server/src/engine/code/parser';
import { findWebhookVerification } from '../../server/src/engine/code/webhook';

before(async () => {
  await initCodeParsers();
});

function verifier(path: string, text: string): string | undefined {
  const lang = codeLangFromPath(path);
  assert.ok(lang);
  const parsed = parseCode(text, lang);
  try {
    const mod = moduleIROf(parsed);
    return mod ? findWebhookVerification(mod)?.what : undefined;
  } finally {
    freeParse(parsed);
  }
}

describe('findWebhookVerification: known verifiers', () => {
  const found: [string, string, string, RegExp][] = [
    ['Discord, Python discord_interactions.verify_key', 'app.py', `from discord_interactions import verify_key\n\ndef handler(event, context):\n    h = event['headers']\n    if not verify_key(event['body'].encode(), h['x-signature-ed25519'], h['x-signature-timestamp'], KEY):\n        return {'statusCode': 401}\n`, /^Discord interaction signature \(discord_interactions\.verify_key\)$/],
    ['Discord, JS discord-interactions verifyKey', 'app.js', `const { verifyKey } = require('discord-interactions');\nexports.handler = async (event) => {\n  const ok = await verifyKey(event.body, event.headers['x-signature-ed25519'], event.headers['x-signature-timestamp'], process.env.PUBLIC_KEY);\n  if (!ok) return { statusCode: 401 };\n};\n`, /discord-interactions verifyKey/],
    ['PyNaCl, inline VerifyKey(...).verify', 'app.py', `from nacl.signing import VerifyKey\n\ndef handler(event, context):\n    VerifyKey(bytes.fromhex(KEY)).verify(f"{ts}{body}".encode(), bytes.fromhex(sig))\n`, /PyNaCl VerifyKey\.verify/],
    ['PyNaCl, through a name assigned from VerifyKey(...)', 'app.py', `import nacl.signing\n\ndef handler(event, context):\n    verify_key = nacl.signing.VerifyKey(bytes.fromhex(KEY))\n    verify_key.verify(f"{ts}{body}".encode(), bytes.fromhex(sig))\n`, /PyNaCl VerifyKey\.verify/],
    ['tweetnacl nacl.sign.detached.verify', 'app.js', `const nacl = require('tweetnacl');\nexports.handler = async (event) => {\n  const ok = nacl.sign.detached.verify(Buffer.from(ts + event.body), Buffer.from(sig, 'hex'), Buffer.from(KEY, 'hex'));\n  if (!ok) return { statusCode: 401 };\n};\n`, /tweetnacl/],
    ['svix, through a name assigned from new Webhook(...)', 'app.ts', `import { Webhook } from 'svix';\nexport const handler = async (event: any) => {\n  const hook = new Webhook(process.env.SECRET!);\n  const msg = hook.verify(event.body, event.headers);\n  return { statusCode: 200 };\n};\n`, /svix Webhook\.verify/],
    ['Stripe Python Webhook.construct_event', 'app.py', `import stripe\n\ndef handler(event, context):\n    evt = stripe.Webhook.construct_event(event['body'], event['headers']['Stripe-Signature'], SECRET)\n`, /Stripe webhook signature/],
    ['Twilio Python RequestValidator(...).validate', 'app.py', `from twilio.request_validator import RequestValidator\n\ndef handler(event, context):\n    validator = RequestValidator(TOKEN)\n    if not validator.validate(URL, params, event['headers']['X-Twilio-Signature']):\n        return {'statusCode': 403}\n`, /Twilio request signature/],
    ['Node crypto.verify (Ed25519)', 'app.js', `const crypto = require('crypto');\nexports.handler = async (event) => {\n  if (!crypto.verify(null, Buffer.from(ts + event.body), publicKey, Buffer.from(sig, 'hex'))) return { statusCode: 401 };\n};\n`, /crypto\.verify/],
  ];
  for (const [name, path, text, want] of found) it(name, () => assert.match(verifier(path, text) ?? '(none)', want));

  const missed: [string, string, string][] = [
    ['a local verifyKey(apiKey) with one argument is no Discord check', 'app.js', `function verifyKey(k) { return k.length > 3; }\nexports.handler = async (event) => {\n  if (!verifyKey(event.headers['x-api-key'])) return { statusCode: 401 };\n};\n`],
    ['a .verify() on an object made by something else (a JWT library, a form)', 'app.py', `def handler(event, context):\n    form = Form(event['body'])\n    form.verify()\n`],
    ['Ed25519 signing is not verification', 'app.py', `from nacl.signing import SigningKey\n\ndef handler(event, context):\n    SigningKey.generate().sign(b'x')\n`],
  ];
  for (const [name, path, text] of missed) it(name, () => assert.equal(verifier(path, text), undefined));
});
