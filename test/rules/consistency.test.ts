/**
 * Every rule in the registry has: a unique kebab-case id equal to its file name, complete metadata,
 * a docs page `rules/<id>.md` whose title names the id, a "Vulnerable" and a "Safe" example, and a
 * test file `test/rules/<id>.test.ts`. The docs examples are checked like ESLint's
 * check-rule-examples: each vulnerable example reports the rule, each safe example does not.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { TreeSitterCodeSupport } from '../../server/src/engine/code-context';
import { initCodeParsers } from '../../server/src/engine/code/parser';
import { CATEGORIES, SEVERITIES } from '../../server/src/engine/types';
import { ruleFindings, setCodeSupport } from '../helpers/rule-tester';

// Code rules' docs examples (handler files) need the tree-sitter parsers.
before(async () => {
  await initCodeParsers();
  setCodeSupport((e) => {
    e.codeSupport = new TreeSitterCodeSupport(e);
  });
});

const root = path.join(__dirname, '..', '..');

export interface DocExample {
  section: 'vulnerable' | 'safe';
  file: string;
  code: string;
  /** Other project files the example needs (blocks whose info string ends in `(project file)`). */
  files?: Record<string, string>;
}

/**
 * Fenced blocks under `## Vulnerable` / `## Safe`; the info string is `<lang> <file name>`. A block
 * whose info string is `<lang> <path> (project file)` is not an example of its own: it is another
 * file of the project (path relative to the example) for the closest example before it in the
 * same section (or, when none precedes it, the next one) — e.g. the handler a config points to.
 */
export function docExamples(md: string): DocExample[] {
  const out: DocExample[] = [];
  const projectFiles: { section: DocExample['section']; after: number; file: string; code: string }[] = [];
  let section: DocExample['section'] | undefined;
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.startsWith('## ')) {
      const h = l.slice(3).trim().toLowerCase();
      section = h.startsWith('vulnerable') ? 'vulnerable' : h.startsWith('safe') ? 'safe' : undefined;
      continue;
    }
    if (section && l.startsWith('```') && l.trim().length > 3) {
      const info = l.slice(3).trim().split(/\s+/);
      const file = info[1];
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].startsWith('```')) body.push(lines[i++]);
      if (!file) continue;
      if (info.slice(2).join(' ') === '(project file)') projectFiles.push({ section, after: out.length - 1, file, code: body.join('\n') + '\n' });
      else out.push({ section, file, code: body.join('\n') + '\n' });
    }
  }
  for (const pf of projectFiles) {
    let target: DocExample | undefined;
    for (let k = pf.after; k >= 0 && !target; k--) if (out[k].section === pf.section) target = out[k];
    for (let k = pf.after + 1; k < out.length && !target; k++) if (out[k].section === pf.section) target = out[k];
    if (target) (target.files ??= {})[pf.file] = pf.code;
  }
  return out;
}

describe('rule registry', () => {
  it('has unique, sorted ids matching their files', () => {
    const ids = allRules.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(ids, [...ids].sort());
    const files = readdirSync(path.join(root, 'rules')).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    assert.deepEqual(files.map((f) => f.slice(0, -3)).sort(), [...ids].sort(), 'every rules/*.ts is registered and every registered rule has its own file');
  });

  for (const rule of allRules) {
    const { meta } = rule;
    describe(meta.id, () => {
      it('has complete metadata', () => {
        assert.match(meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
        assert.ok(CATEGORIES.includes(meta.category));
        assert.ok(SEVERITIES.includes(meta.severity));
        assert.ok(meta.title.length > 5);
        assert.ok(meta.docs.summary.length > 20);
        assert.ok(meta.appliesTo.length > 0);
      });
      it('has a test file', () => {
        assert.ok(existsSync(path.join(root, 'test', 'rules', `${meta.id}.test.ts`)), `test/rules/${meta.id}.test.ts is missing`);
      });
      it('has a docs page whose examples behave', () => {
        const doc = path.join(root, 'rules', `${meta.id}.md`);
        assert.ok(existsSync(doc), `rules/${meta.id}.md is missing`);
        const md = readFileSync(doc, 'utf8');
        assert.ok(md.startsWith(`# ${meta.id}`), 'the docs title starts with the rule id');
        const ex = docExamples(md);
        const vulnerable = ex.filter((e) => e.section === 'vulnerable');
        const safe = ex.filter((e) => e.section === 'safe');
        assert.ok(vulnerable.length > 0, 'a Vulnerable example');
        assert.ok(safe.length > 0, 'a Safe example');
        for (const e of vulnerable) assert.ok(ruleFindings(rule, e).length > 0, `vulnerable example (${e.file}) must report ${meta.id}`);
        for (const e of safe) assert.deepEqual(ruleFindings(rule, e).map((f) => f.message), [], `safe example (${e.file}) must not report ${meta.id}`);
      });
    });
  }
});

describe('README', () => {
  it('lists every rule', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const r of allRules) assert.ok(readme.includes(`[\`${r.meta.id}\`](rules/${r.meta.id}.md)`), `README lists ${r.meta.id}`);
  });
});

describe('README rule table', () => {
  it('lists every rule with its real category and default severity', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const rows = new Map<string, { category: string; severity: string }>();
    for (const line of readme.split('\n')) {
      // | [`id`](rules/id.md) | category | default | what it finds |
      if (!line.startsWith('| [`')) continue;
      const cells = line.split('|').map((c) => c.trim());
      const id = cells[1].slice(cells[1].indexOf('`') + 1, cells[1].indexOf('`', cells[1].indexOf('`') + 1));
      rows.set(id, { category: cells[2], severity: cells[3].split(' ')[0] });
    }
    for (const { meta } of allRules) {
      const row = rows.get(meta.id);
      assert.ok(row, `README.md has no row for ${meta.id}`);
      assert.deepEqual(row, { category: meta.category, severity: meta.severity }, `README row of ${meta.id}`);
    }
    assert.equal(rows.size, allRules.length, 'no row for a rule that is not registered');
  });
});
