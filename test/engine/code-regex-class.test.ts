import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyseRegex, groupSafeMasks, regexSafeMask, stripClassSafeMask, CLASS_SAFE_FOR } from '../../server/src/engine/code/regex-class';
import { BIT } from '../../server/src/engine/code/values';

const safe = (p: string, kind: keyof typeof BIT, flags = '', mode: 'search' | 'match' | 'full' = 'search', d: 'js' | 'py' = 'js') => (regexSafeMask(p, flags, mode, d) & BIT[kind]) !== 0;

describe('regex-class: character classes of anchored patterns', () => {
  it('anchored word classes are safe for command, SQL, path, HTML', () => {
    for (const p of ['^[A-Za-z0-9_-]+$', '^\\d+$', '^[a-z0-9]{1,32}$', '^[\\w\\-]+$', '^(?:[a-z]+|[0-9]+)$', '^[a-f0-9]{8}-[a-f0-9]{4}$', '\\A[a-z]+\\Z']) {
      for (const k of ['command', 'sql', 'path-traversal', 'xss'] as const) assert.ok(safe(p, k, '', 'search', p.startsWith('\\A') ? 'py' : 'js'), `${p} safe for ${k}`);
    }
  });
  it('Python API anchoring: fullmatch anchors both ends, match the start only', () => {
    assert.ok(safe('[a-z0-9]+', 'command', '', 'full', 'py'));
    assert.ok(safe('[a-z0-9]+$', 'command', '', 'match', 'py'));
    assert.ok(!safe('[a-z0-9]+', 'command', '', 'match', 'py'));
    assert.ok(!safe('[a-z0-9]+$', 'command', '', 'search', 'py'));
  });
  it('unanchored, half-anchored and alternation outside the anchors prove nothing', () => {
    for (const p of ['[A-Za-z0-9_-]+', '^[a-z]+', '[a-z]+$', '^[a-z]+|foo', '^[a-z]+|[0-9]+$', '^(?:[a-z]+)*$|x']) assert.equal(regexSafeMask(p), 0, p);
  });
  it('. and \\S and negated classes let metacharacters through', () => {
    for (const p of ['^.+$', '^\\S+$', '^[^<>]+$', '^[\\s\\S]+$', '^\\D+$']) assert.ok(!safe(p, 'command'), p);
    // a negated class is its complement: [^/\\] keeps one path segment
    assert.ok(safe('^[^/\\\\]+$', 'path-traversal'));
    assert.ok(!safe('^[^/]+$', 'command'));
  });
  it('a metacharacter in the class removes that sink only', () => {
    assert.ok(!safe('^[a-z;]+$', 'command'));
    assert.ok(safe('^[a-z;]+$', 'path-traversal'));
    assert.ok(!safe('^[a-z/]+$', 'path-traversal'));
    assert.ok(safe('^[a-z/]+$', 'xss'));
    assert.ok(!safe("^[a-z']+$", 'sql'));
    assert.ok(!safe('^[a-z<]+$', 'xss'));
    // a range that spans metacharacters: ' ' to '~' holds everything
    assert.ok(!safe('^[ -~]+$', 'command'));
  });
  it('lookarounds consume nothing', () => {
    assert.ok(safe('^(?=.*[a-z])[a-z0-9]+$', 'command'));
    assert.ok(safe('^(?!.*--)[a-z0-9-]+$', 'sql'));
  });
  it('multiline and verbose flags (and inline (?m)) prove nothing', () => {
    assert.equal(regexSafeMask('^[a-z]+$', 'm'), 0);
    assert.equal(regexSafeMask('(?m)^[a-z]+$', '', 'search', 'py'), 0);
    assert.equal(regexSafeMask('^[a-z]+$', 'x', 'search', 'py'), 0);
    assert.ok(safe('(?i)^[a-z]+$', 'command', '', 'search', 'py'));
  });
  it('hosts: letters can be a whole host name, digits and hex escapes are parsed', () => {
    assert.ok(!safe('^[a-z0-9-]+$', 'ssrf'));
    assert.ok(safe('^\\d+$', 'ssrf'));
    assert.ok(!safe('^[\\x00-\\x7f]+$', 'command'));
    assert.ok(safe('^[\\x61-\\x7a]+$', 'command'));
  });
  it('syntax it does not know is not trusted', () => {
    for (const p of ['^[a-z+$', '^([a-z]+$', '^[[:alpha:]]+$', '^a)$']) assert.equal(analyseRegex(p), undefined, p);
  });
  it('Python ] first in a class is a literal', () => {
    assert.ok(!safe('^[]a-z]+$', 'command', '', 'search', 'py'));
  });
  it('a removed negated class leaves its members', () => {
    assert.ok((stripClassSafeMask('[^a-z0-9]', '', true) & BIT.command) !== 0);
    assert.ok((stripClassSafeMask('[^a-z0-9]+', '_', true) & BIT.command) !== 0);
    assert.equal(stripClassSafeMask('[^a-z0-9]', ';', true) & BIT.command, 0);
    assert.equal(stripClassSafeMask('[^a-z]x', '', true), 0);
    assert.equal(stripClassSafeMask('[^a-z]', '', false), 0);
  });
  it('every sink kind has a row with a source note', () => {
    for (const k of Object.keys(BIT)) assert.ok(CLASS_SAFE_FOR[k as keyof typeof BIT]?.source, k);
  });
  it('capture groups: each group is made of its own characters', () => {
    const g = groupSafeMasks('^report-(\\d+)-(?<name>[a-z]+)-(.*)$')!;
    assert.equal(g.byIndex.length, 4);
    assert.ok(g.byIndex[1] & BIT.command);
    assert.ok(g.byIndex[2] & BIT['path-traversal']);
    assert.equal(g.byName.get('name'), g.byIndex[2]);
    assert.equal(g.byIndex[3], 0);
    // non-capturing groups and lookarounds do not count; a backreference inside a group proves nothing
    assert.equal(groupSafeMasks('(?:a)(?=b)([0-9]+)')!.byIndex.length, 2);
    assert.equal(groupSafeMasks('(.)(x\\1)')!.byIndex[2], 0);
    assert.equal(groupSafeMasks('(?P<id>\\d+)', '', 'py')!.byName.get('id')! & BIT.sql, BIT.sql);
  });
});
