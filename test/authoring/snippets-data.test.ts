/**
 * The snippet catalogue as data: schema, unique ids, consistent tab stops/fields/requires, every
 * trigger of "Add Secure Function" covered, and the generated VS Code contributions
 * (`snippets/vscode/*.json`, `contributes.snippets`) in sync with the data.
 * Regenerate the VS Code files with `UPDATE_SNIPPETS=1 node --import tsx --test test/authoring/snippets-data.test.ts`.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { allRules } from '../../rules/index';
import { parseSnippet, tabstopsOf } from '../../server/src/engine/authoring/snippet-syntax';
import { allSnippetFiles, snippetById, vscodeSnippetFile } from '../../server/src/engine/authoring/snippets';
import { HANDLER_LANGUAGES, TRIGGERS, type SnippetDef } from '../../server/src/engine/authoring/types';

const ROOT = path.join(__dirname, '..', '..');
const files = allSnippetFiles();

describe('snippet data', () => {
  it('every file matches snippets/snippets.schema.json', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'snippets', 'snippets.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    for (const f of files) {
      const raw = JSON.parse(readFileSync(path.join(ROOT, 'snippets', `${f.format}.json`), 'utf8'));
      assert.ok(validate(raw), `${f.format}.json: ${JSON.stringify(validate.errors, null, 2)}`);
    }
  });

  it('ids are unique; a prefix appears once per context unless `when` tells the variants apart', () => {
    const ids = new Set<string>();
    for (const f of files) {
      for (const s of f.snippets) {
        assert.ok(!ids.has(s.id), `duplicate id ${s.id}`);
        ids.add(s.id);
      }
      for (const a of f.snippets) {
        for (const b of f.snippets) {
          if (a === b || a.prefix !== b.prefix) continue;
          const overlap = a.contexts.some((c) => b.contexts.includes(c));
          if (overlap) assert.notEqual(JSON.stringify(a.when ?? {}), JSON.stringify(b.when ?? {}), `${a.id} and ${b.id} share prefix ${a.prefix} in the same context`);
        }
      }
    }
  });

  it('bodies are valid snippet syntax, indented in units of the file, with $0 at most once', () => {
    for (const f of files) {
      for (const s of f.snippets) {
        const src = s.body.join('\n');
        assert.doesNotThrow(() => parseSnippet(src), s.id);
        for (const line of s.body) {
          const lead = line.length - line.trimStart().length;
          assert.equal(lead % f.indent, 0, `${s.id}: line indented by ${lead}, not a multiple of ${f.indent}: ${JSON.stringify(line)}`);
          assert.ok(!line.includes('\t'), `${s.id}: tab in body`);
          assert.equal(line, line.trimEnd(), `${s.id}: trailing whitespace`);
        }
        assert.ok(src.split('$0').length <= 2, `${s.id}: more than one $0`);
      }
    }
  });

  it('fields name existing tab stops; requires name existing snippets; contexts fit the format', () => {
    for (const f of files) {
      for (const s of f.snippets) {
        const stops = tabstopsOf(s.body.join('\n'));
        for (const [field, index] of Object.entries(s.fields ?? {})) assert.ok(stops.includes(index), `${s.id}: field ${field} → $${index} not in the body`);
        for (const r of s.requires ?? []) assert.ok(snippetById(r), `${s.id}: requires unknown snippet ${r}`);
        for (const c of s.contexts) {
          if (f.format === 'javascript' || f.format === 'typescript' || f.format === 'python') assert.ok(c === 'module' || c === 'function', `${s.id}: code context ${c}`);
          else if (f.format === 'cloudformation') assert.match(c, /^(cfn|sam|serverless):/, `${s.id}: shared CloudFormation snippets say which kind each context is for`);
          else assert.ok(!c.includes(':'), `${s.id}: ${c}`);
        }
        assert.ok(s.description.trim().endsWith('.') || s.description.trim().endsWith(')'), `${s.id}: description is a sentence`);
      }
    }
  });

  it('"Add Secure Function" has a config snippet for every trigger and IAM style, and a handler for every language', () => {
    const sls = files.find((f) => f.format === 'serverless')!.snippets;
    const sam = files.find((f) => f.format === 'sam')!.snippets;
    for (const t of TRIGGERS) {
      for (const style of ['native', 'plugin'] as const) {
        const found = sls.filter((s) => s.triggers?.includes(t) && s.when?.slsIamStyle === style);
        assert.equal(found.length, 1, `serverless ${t} ${style}: ${found.map((s) => s.id)}`);
        assert.ok(found[0].fields?.name && found[0].fields?.handler && found[0].fields?.runtime, `${found[0].id}: needs name/handler/runtime fields`);
      }
      const s = sam.filter((x) => x.triggers?.includes(t));
      assert.equal(s.length, 1, `sam ${t}`);
      assert.ok(s[0].fields?.name && s[0].fields?.handler && s[0].fields?.runtime && s[0].fields?.codeUri, `${s[0].id}: needs name/handler/runtime/codeUri fields`);
      for (const lang of HANDLER_LANGUAGES) {
        const h = files.find((f) => f.format === lang)!.snippets.filter((x: SnippetDef) => x.triggers?.includes(t));
        assert.ok(h.length >= 1, `${lang} handler for ${t}`);
        assert.ok(h[0].fields?.handler, `${h[0].id}: needs a handler field (the export name)`);
        assert.ok(h[0].contexts.includes('module'), `${h[0].id}: a handler file is written at module level`);
      }
    }
  });

  it('lists which `prevents` rule ids are registered (the others are rules still being written)', (t) => {
    const registered = new Set(allRules.map((r) => r.meta.id));
    const pending = new Set<string>();
    for (const f of files) for (const s of f.snippets) for (const id of s.prevents) if (!registered.has(id)) pending.add(id);
    if (pending.size) t.diagnostic(`not (yet) registered: ${[...pending].sort().join(', ')}`);
    // Registered ids must be spelled exactly: an IAM id that is close to a registered one is a typo.
    for (const id of pending) for (const r of registered) assert.ok(!(id !== r && id.replace(/-/g, '') === r.replace(/-/g, '')), `${id} looks like a typo of ${r}`);
  });
});

describe('VS Code snippet contributions', () => {
  const update = process.env.UPDATE_SNIPPETS === '1';

  it('snippets/vscode/<format>.json are generated from the data', () => {
    const dir = path.join(ROOT, 'snippets', 'vscode');
    if (update) mkdirSync(dir, { recursive: true });
    for (const f of files) {
      const file = path.join(dir, `${f.format}.json`);
      const expected = JSON.stringify(vscodeSnippetFile(f), null, 2) + '\n';
      if (update) writeFileSync(file, expected);
      assert.ok(existsSync(file), `${file} missing: run with UPDATE_SNIPPETS=1`);
      assert.equal(readFileSync(file, 'utf8'), expected, `${file} is stale: run with UPDATE_SNIPPETS=1`);
      // VS Code's own rule: snippets without a prefix only appear through "Insert Snippet", so the
      // context-aware completions of the language server are never listed twice.
      for (const entry of Object.values(JSON.parse(expected)) as Record<string, unknown>[]) assert.equal(entry.prefix, undefined);
    }
  });

  it('package.json contributes every generated file with its language', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const contributed: { language: string; path: string }[] = pkg.contributes.snippets;
    for (const f of files) {
      const entry = contributed.find((c) => c.path === `./snippets/vscode/${f.format}.json`);
      assert.ok(entry, `contributes.snippets lacks ${f.format}`);
      assert.equal(entry.language, f.language);
    }
    assert.equal(contributed.length, files.length);
    assert.ok(pkg.contributes.commands.some((c: { command: string }) => c.command === 'serverlessGuard.addSecureFunction'));
  });
});
