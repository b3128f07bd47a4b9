/**
 * Analyses of a handler that read nothing but its text (route effects, webhook verification, the
 * SDK calls of the handler and the modules it imports) are kept per text (`CodeContext.memoText`,
 * the last two texts of each file): a config re-analysed while its handler is unchanged, and the
 * keystroke that undoes the last one, compute none of them again. The config's findings must equal
 * those of a new engine at every step.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { CodeContext } from '../../server/src/engine/code-context';
import { createEngine, type EngineFactoryResult } from '../../server/src/engine/create';
import type { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import type { Finding } from '../../server/src/engine/types';
import { handlerConfig, handlerSource, type HandlerLang } from '../bench/gen';

/** The bench's handler (SDK calls in every helper), importing a local helper module too. */
function handlerOf(lang: HandlerLang): string {
  const head = lang === 'py' ? 'from .helper import put\n' : "const { put } = require('./helper');\n";
  const call = lang === 'py' ? '\ndef send(x):\n    return put(x)\n' : '\nexports.send = (x) => put(x);\n';
  return head + handlerSource(lang, 300) + call;
}

let factory: EngineFactoryResult;
before(async () => {
  factory = await createEngine();
});

const DIR = '/w';
const strip = (fs: readonly Finding[]) => fs.map((f) => `${f.ruleId}|${f.severity}|${f.range.start}-${f.range.end}|${f.message}|${JSON.stringify(f.related ?? [])}`);

function setup(lang: HandlerLang, helper: string) {
  const files = new Map<string, string>([
    [`${DIR}/serverless.yml`, handlerConfig(lang)],
    [`${DIR}/src/handler.${lang}`, handlerOf(lang)],
    [`${DIR}/src/helper.${lang}`, helper],
  ]);
  const project = new Project({
    readFile: (p) => files.get(p),
    exists: (p) => files.has(p),
    listDir: (d) => [...files.keys()].filter((k) => k.startsWith(d + '/')).map((k) => k.slice(d.length + 1).split('/')[0]),
  });
  const engine = factory.makeEngine(project, () => DIR);
  return { files, project, engine };
}

/** Counts the `memoText` computations of an engine's code contexts. */
function countComputations(engine: Engine): () => number {
  let n = 0;
  const support = engine.codeSupport!;
  const parse = support.parse.bind(support);
  support.parse = (p, t, k) => {
    const r = parse(p, t, k);
    const code = r?.code as CodeContext | undefined;
    const inner = code?.memoText;
    if (code && inner) code.memoText = (key, compute) => inner(key, () => (n++, compute()));
    return r;
  };
  return () => n;
}

describe('per-text memo of handler analyses', () => {
  for (const lang of ['js', 'py'] as const) {
    it(`${lang}: config findings equal a fresh analysis; unchanged and restored handler texts compute nothing again`, () => {
      const helper = lang === 'py' ? 'import boto3\n\ndef put(x):\n    boto3.client("sqs").send_message(QueueUrl="q", MessageBody=x)\n' : "const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');\nexports.put = (x) => new SQSClient({}).send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: x }));\n";
      const { files, project, engine } = setup(lang, helper);
      const computed = countComputations(engine);
      const cfg = `${DIR}/serverless.yml`;
      const hdl = `${DIR}/src/handler.${lang}`;
      const base = files.get(hdl)!;
      const at = base.indexOf(lang === 'py' ? 'def ' : 'function ') + 2;
      let version = 1;
      project.setOpen(cfg, files.get(cfg)!, 1);
      project.setOpen(hdl, base, version);
      const step = (text: string, label: string, expectComputed: boolean) => {
        project.setOpen(hdl, text, ++version);
        files.set(hdl, text);
        engine.analyze(hdl, text);
        const before = computed();
        const got = engine.analyze(cfg, files.get(cfg)!);
        const n = computed() - before;
        const fresh = setup(lang, helper);
        fresh.files.set(hdl, text);
        fresh.project.setOpen(cfg, files.get(cfg)!, 1);
        fresh.project.setOpen(hdl, text, 1);
        assert.deepEqual(strip(got.findings), strip(fresh.engine.analyze(cfg, files.get(cfg)!).findings), label);
        if (expectComputed) assert.ok(n > 0, `${label}: computed ${n}`);
        else assert.equal(n, 0, `${label}: computed ${n}`);
        // The config again, handler unchanged: nothing computed.
        const again = computed();
        engine.analyze(cfg, files.get(cfg)!.replace('service: bench-handler', 'service: bench-handlers'));
        assert.equal(computed() - again, 0, `${label}: config edit`);
      };
      step(base, 'first analysis', true);
      const typed = base.slice(0, at) + 'q' + base.slice(at);
      step(typed, 'a character typed', true);
      step(base, 'the character deleted (the text before)', false);
      step(typed, 'typed again (still one of the last two texts)', false);
      // The imported helper changes: the handler's SDK calls are analysed again.
      const helperPath = `${DIR}/src/helper.${lang}`;
      files.set(helperPath, `${helper}\n`);
      project.setOpen(helperPath, `${helper}\n`, 1);
      step(typed, 'helper changed', true);
    });
  }
});
