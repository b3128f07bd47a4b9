/**
 * THE SNIPPET INVARIANT: every snippet, inserted through the completion provider at every context
 * it is offered in (placeholders filled with their defaults, plus whatever it adds elsewhere in the
 * file), leaves a file that parses and on which the engine with ALL registered rules reports zero
 * findings in the iam, secrets, injection and auth categories. A new snippet cannot land without
 * this passing.
 *
 * Code snippets go through the engine too, with the tree-sitter code support the shells use (so the
 * code rules run on them), and are also checked for syntax errors with the code parser.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { authoringCompletions } from '../../server/src/engine/authoring/complete';
import { applyEdits } from '../../server/src/engine/authoring/insert';
import { allSnippetFiles, contextsFor } from '../../server/src/engine/authoring/snippets';
import type { SnippetDef, SnippetFile } from '../../server/src/engine/authoring/types';
import { createEngine } from '../../server/src/engine/create';
import type { Engine } from '../../server/src/engine/engine';
import { Project } from '../../server/src/engine/project';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding, FileKind } from '../../server/src/engine/types';
import { hostFor, typeAt, withoutMarker } from './hosts';

const GUARDED = new Set(['iam', 'secrets', 'injection', 'auth']);
const ROOT = '/project';

let makeEngine: (p: Project) => Engine;
let codeParser: { parse(text: string, lang: 'javascript' | 'typescript' | 'python'): { errors: { range: { start: number }; message: string }[] } } | undefined;
let codeParserProblem: string | undefined;

before(async () => {
  ({ makeEngine } = await createEngine());
  try {
    const p = await import('../../server/src/engine/code/parser');
    await p.initCodeParsers();
    codeParser = { parse: (text, lang) => p.parseCode(text, lang) };
  } catch (err) {
    codeParserProblem = (err as Error).message;
  }
});

function analyse(file: string, text: string): { findings: Finding[]; kind?: FileKind; engine: Engine } {
  const path = `${ROOT}/${file}`;
  const project = new Project({ readFile: (p) => (p === path ? text : undefined) });
  const engine = makeEngine(project);
  const r = engine.analyze(path, text);
  assert.deepEqual(r.ruleErrors.map((e) => `${e.ruleId}: ${e.error.split('\n')[0]}`), [], 'no rule threw');
  return { findings: r.findings, kind: r.kind, engine };
}

function describeFindings(fs: Finding[], text: string): string {
  const li = new LineIndex(text);
  return fs.map((f) => `${f.ruleId} (${f.category}) ${li.positionAt(f.range.start).line + 1}: ${f.message}`).join('\n');
}

const CODE_KINDS = new Set<FileKind>(['javascript', 'typescript', 'python']);

/** Every (kind, context, style) a snippet is offered in. */
function placements(def: SnippetDef, file: SnippetFile): { kind: FileKind; context: string; style?: 'native' | 'plugin' }[] {
  const out: { kind: FileKind; context: string; style?: 'native' | 'plugin' }[] = [];
  const kinds: FileKind[] = file.format === 'cloudformation' ? ['cfn', 'sam', 'serverless'] : [file.format === 'serverless' ? 'serverless' : file.format === 'sam' ? 'sam' : file.format];
  for (const kind of kinds) {
    for (const context of contextsFor(def, kind)) {
      if (kind === 'serverless') {
        const styles = def.when?.slsIamStyle ? [def.when.slsIamStyle] : (['native', 'plugin'] as const);
        for (const style of styles) out.push({ kind, context, style });
      } else out.push({ kind, context });
    }
  }
  return out;
}

describe('snippet invariant: inserted where offered → parses, zero iam/secrets/injection/auth findings', () => {
  it('the host files are clean on their own', () => {
    for (const [kind, context, style] of [
      ['serverless', 'functions', 'native'],
      ['serverless', 'functions', 'plugin'],
      ['sam', 'Resources'],
      ['cfn', 'Resources'],
    ] as const) {
      const h = hostFor(kind, context, style as 'native' | 'plugin' | undefined);
      const text = withoutMarker(h.text);
      const r = analyse(h.file, text);
      assert.equal(r.kind, kind);
      const bad = r.findings.filter((f) => GUARDED.has(f.category) || f.ruleId === 'parse-error');
      assert.deepEqual(describeFindings(bad, text), '', `host ${kind}`);
    }
  });

  for (const file of allSnippetFiles()) {
    describe(`${file.format} (${file.snippets.length} snippets)`, () => {
      for (const def of file.snippets) {
        for (const pl of placements(def, file)) {
          it(`${def.id} at ${pl.kind}:${pl.context || '(root)'}${pl.style ? ` [${pl.style}]` : ''}`, (t) => {
            const host = hostFor(pl.kind, pl.context, pl.style);
            const typed = typeAt(host.text, def.prefix);
            const items = authoringCompletions({ path: `${ROOT}/${host.file}`, text: typed.text, offset: typed.offset });
            const item = items.find((i) => i.snippetId === def.id);
            assert.ok(item, `${def.id} is not offered at ${pl.context}; offered: ${items.map((i) => i.snippetId ?? i.label).join(', ')}`);
            const out = applyEdits(typed.text, [{ range: item.range, newText: item.plainText ?? item.newText }, ...(item.additionalEdits ?? [])]);
            const r = analyse(host.file, out);
            const parseErrors = r.findings.filter((f) => f.ruleId === 'parse-error' && f.severity === 'error');
            assert.deepEqual(describeFindings(parseErrors, out), '', `does not parse:\n${out}`);
            if (!CODE_KINDS.has(pl.kind)) assert.equal(r.kind, pl.kind, 'still the same kind of file');
            const bad = r.findings.filter((f) => GUARDED.has(f.category));
            assert.equal(describeFindings(bad, out), '', `findings after inserting ${def.id}:\n${out}`);
            if (CODE_KINDS.has(pl.kind)) {
              assert.ok(r.engine.codeSupport, 'code rules (secrets, injection, IAM from code) must run on code snippets');
              assert.ok(codeParser, `tree-sitter code parser unavailable: ${codeParserProblem}`);
              const parsed = codeParser.parse(out, pl.kind as 'javascript' | 'typescript' | 'python');
              const li = new LineIndex(out);
              assert.deepEqual(
                parsed.errors.map((e) => `${li.positionAt(e.range.start).line + 1}: ${e.message}`),
                [],
                `syntax errors after inserting ${def.id}:\n${out}`,
              );
            }
          });
        }
      }
    });
  }
});
