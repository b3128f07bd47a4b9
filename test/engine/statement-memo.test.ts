/**
 * Module walks kept per top-level statement (the authorizer-context read, the CORS header, a
 * webhook verification's calls, the handler's FuncIR): the lowerers keep the IR object of a
 * statement an edit did not touch, so after a keystroke only the changed statement is walked
 * again. After random edits everywhere (typing that adds and removes what the walks look for, in
 * statements before and after the handler, so unchanged statements move), the answers on the
 * incrementally re-parsed module must equal those of a fresh parse of the same text, and the
 * config's findings those of a new engine.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { authorizerContextRead, authorizerContextReadInBody } from '../../server/src/engine/code/authorizer-context';
import { handlerFunction, moduleIROf } from '../../server/src/engine/code/handlers';
import { initCodeParsers, parseCode, type ParsedCode } from '../../server/src/engine/code/parser';
import { findWebhookVerification } from '../../server/src/engine/code/webhook';
import { createEngine, type EngineFactoryResult } from '../../server/src/engine/create';
import { Project } from '../../server/src/engine/project';
import type { Finding } from '../../server/src/engine/types';
import { handlerConfig, handlerSource, mulberry32, type HandlerLang } from '../bench/gen';

/** The bench's handler, with helpers the walks find: a CORS header, an authorizer read, an HMAC check. */
function handlerOf(lang: HandlerLang): string {
  const extra =
    lang === 'py'
      ? [
          'import hmac',
          'import hashlib',
          '',
          'def cors_headers():',
          "    return {'Access-Control-Allow-Origin': '*'}",
          '',
          'def who(event):',
          "    return event['requestContext']['authorizer']['claims']",
          '',
          'def verify(body, sig):',
          "    expected = hmac.new(b'k', body, hashlib.sha256).hexdigest()",
          '    return hmac.compare_digest(expected, sig)',
          '',
        ].join('\n')
      : [
          "const crypto = require('crypto');",
          '',
          'function corsHeaders() {',
          "  return { 'Access-Control-Allow-Origin': '*' };",
          '}',
          '',
          'function who(event) {',
          '  return event.requestContext.authorizer.claims;',
          '}',
          '',
          'function verify(body, sig) {',
          "  const expected = crypto.createHmac('sha256', 'k').update(body).digest('hex');",
          '  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(sig));',
          '}',
          '',
        ].join('\n');
  // The extra helpers both before the bench's helpers and after them (a module may hold them anywhere).
  return extra + '\n' + handlerSource(lang, 300);
}

/** Edits that type into (and sometimes delete from) the words the walks look for, or anywhere. */
function editsOf(text: string, n: number, seed: number): string[] {
  const rnd = mulberry32(seed);
  const words = ['Access-Control-Allow-Origin', 'authorizer', 'requestContext', 'compare_digest', 'timingSafeEqual', 'createHmac', 'hmac.new', 'def ', 'function ', 'return '];
  const out: string[] = [];
  let cur = text;
  // Where characters were typed and not yet deleted: a deletion usually undoes the last one.
  const typed: number[] = [];
  for (let i = 0; i < n; i++) {
    if (typed.length && rnd() < 0.45) {
      const at = typed.pop()!;
      cur = cur.slice(0, at) + cur.slice(at + 1);
    } else {
      const w = words[Math.floor(rnd() * words.length)];
      const hits: number[] = [];
      for (let at = cur.indexOf(w); at >= 0; at = cur.indexOf(w, at + 1)) hits.push(at);
      const at = hits.length && rnd() < 0.7 ? hits[Math.floor(rnd() * hits.length)] + 1 + Math.floor(rnd() * (w.length - 1)) : Math.floor(rnd() * cur.length);
      cur = cur.slice(0, at) + 'x' + cur.slice(at);
      // Later positions move with the insertion.
      for (let k = 0; k < typed.length; k++) if (typed[k] >= at) typed[k]++;
      typed.push(at);
    }
    out.push(cur);
  }
  return out;
}

function answers(parsed: ParsedCode, exportName: string) {
  const mod = moduleIROf(parsed);
  const hf = handlerFunction(parsed, exportName);
  const v = mod ? findWebhookVerification(mod) : undefined;
  return {
    authorizer: authorizerContextReadInBody(mod?.body),
    // The walk without the per-statement memo, on the same IR.
    authorizerWalk: authorizerContextRead(mod?.body),
    handler: hf ? [hf.f.n.start, hf.f.n.end, hf.f.name] : undefined,
    webhook: v ? [v.what, v.node.start, v.node.end] : undefined,
  };
}

let factory: EngineFactoryResult;
before(async () => {
  await initCodeParsers();
  factory = await createEngine();
});

const strip = (fs: readonly Finding[]) => fs.map((f) => `${f.ruleId}|${f.severity}|${f.range.start}-${f.range.end}|${f.message}|${JSON.stringify(f.related ?? [])}`);

describe('per-statement memos of module walks', () => {
  for (const lang of ['js', 'py'] as const) {
    const exportName = lang === 'py' ? 'lambda_handler' : 'handler';
    const codeLang = lang === 'py' ? 'python' : 'javascript';

    it(`${lang}: after random edits, the incremental module gives the answers of a fresh parse`, () => {
      const base = handlerOf(lang);
      let prev = parseCode(base, codeLang);
      let sawAuthorizer = 0;
      let sawWebhook = 0;
      for (const text of editsOf(base, 120, lang === 'py' ? 11 : 12)) {
        const inc = parseCode(text, codeLang, prev);
        const got = answers(inc, exportName);
        const fresh = answers(parseCode(text, codeLang), exportName);
        assert.deepEqual(got, fresh);
        assert.deepEqual(got.authorizer, got.authorizerWalk);
        if (got.authorizer) sawAuthorizer++;
        if (got.webhook) sawWebhook++;
        prev = inc;
      }
      // The edits both kept and broke what the walks find (the test compares both kinds of answer).
      assert.ok(sawAuthorizer > 0 && sawAuthorizer < 120, `authorizer found after ${sawAuthorizer} edits`);
      assert.ok(sawWebhook > 0 && sawWebhook < 120, `webhook found after ${sawWebhook} edits`);
    });

    it(`${lang}: the config's findings after handler edits equal a new engine's`, () => {
      const DIR = '/w';
      const cfg = `${DIR}/serverless.yml`;
      const hdl = `${DIR}/src/handler.${lang}`;
      const setup = (handler: string) => {
        const files = new Map<string, string>([
          [cfg, handlerConfig(lang)],
          [hdl, handler],
        ]);
        const project = new Project({
          readFile: (p) => files.get(p),
          exists: (p) => files.has(p),
          listDir: (d) => [...files.keys()].filter((k) => k.startsWith(d + '/')).map((k) => k.slice(d.length + 1).split('/')[0]),
        });
        return { files, project, engine: factory.makeEngine(project, () => DIR) };
      };
      const base = handlerOf(lang);
      const { files, project, engine } = setup(base);
      project.setOpen(cfg, files.get(cfg)!, 1);
      let version = 1;
      project.setOpen(hdl, base, version);
      engine.analyze(hdl, base);
      engine.analyze(cfg, files.get(cfg)!);
      const seen = new Set<string>();
      for (const text of editsOf(base, 16, lang === 'py' ? 21 : 22)) {
        files.set(hdl, text);
        project.setOpen(hdl, text, ++version);
        engine.analyze(hdl, text);
        const got = strip(engine.analyze(cfg, files.get(cfg)!).findings);
        const fresh = setup(text);
        fresh.project.setOpen(cfg, fresh.files.get(cfg)!, 1);
        fresh.project.setOpen(hdl, text, 1);
        assert.deepEqual(got, strip(fresh.engine.analyze(cfg, fresh.files.get(cfg)!).findings));
        for (const f of got) if (f.startsWith('api-endpoint-no-authorizer')) seen.add(f.split('|')[3].split(' ').slice(0, 12).join(' '));
      }
      assert.ok(seen.size > 0, 'api-endpoint-no-authorizer reported on the route');
    });
  }
});
