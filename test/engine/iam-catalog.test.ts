import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import {
  ACCESS_LEVELS,
  actionCount,
  actionPatternMatches,
  actionsByAccessLevel,
  actionsForService,
  allServicePrefixes,
  boundedEditDistance,
  catalogInfo,
  expandAction,
  expandActions,
  lookupAction,
  serviceExists,
  serviceInfo,
  serviceName,
  suggestAction,
  suggestService,
  supportsResourceLevel,
  wildcardMatch,
} from '../../server/src/engine/iam/catalog';
import { locateIamDataRoot, normalizeAccessLevel } from '../../server/src/engine/iam/build-catalog';
import { cpuTime, growth, withinUnits } from '../helpers/timing';

// ---- the raw data, read independently of the module under test --------------------------------
const repoRoot = path.resolve(__dirname, '..', '..');
const dataRoot = locateIamDataRoot((id) => require.resolve(id));
const dataDir = path.join(dataRoot, 'data');
const readJson = (...p: string[]) => JSON.parse(fs.readFileSync(path.join(dataDir, ...p), 'utf8'));

interface RawAction {
  name: string;
  accessLevel: string;
  description: string;
  resourceTypes: { name: string; required: boolean }[];
  conditionKeys: string[];
}
const rawServices: string[] = readJson('services.json');
const rawNames: Record<string, string> = readJson('serviceNames.json');
const rawActions = new Map<string, RawAction[]>();
for (const s of rawServices) rawActions.set(s, Object.values(readJson('actions', `${s}.json`)) as RawAction[]);
const rawFull: string[] = [];
for (const [s, acts] of rawActions) for (const a of acts) rawFull.push(`${s}:${a.name}`);
const rawCount = (pred: (full: string) => boolean) => rawFull.filter((f) => pred(f.toLowerCase())).length;

describe('catalogue contents', () => {
  test('loads from the iam-data package in source mode', () => {
    const info = catalogInfo();
    assert.equal(info.source, 'iam-data');
    assert.match(info.dataSource, /^@cloud-copilot\/iam-data@\d+\.\d+\.\d+$/);
    assert.equal(info.serviceCount, rawServices.length);
    assert.equal(info.actionCount, rawFull.length);
    assert.equal(actionCount(), rawFull.length);
  });

  test('service prefixes and names match the data', () => {
    assert.deepEqual([...allServicePrefixes()], [...rawServices].sort());
    assert.ok(rawServices.length > 400);
    assert.equal(serviceName('s3'), rawNames['s3']);
    assert.equal(serviceName('S3'), rawNames['s3']);
    assert.equal(serviceName('lambda'), 'AWS Lambda');
    assert.equal(serviceName('nope'), undefined);
    // prefixes several services share: the name readers mean, not the last page's (data/service-names.ts)
    assert.equal(serviceName('cloudformation'), 'AWS CloudFormation');
    assert.equal(serviceName('ses'), 'Amazon SES');
    assert.equal(serviceInfo('cloudformation')?.name, 'AWS CloudFormation');
    assert.ok(serviceExists('dynamodb'));
    assert.ok(serviceExists('DynamoDB'));
    assert.ok(!serviceExists('dynamdb'));
    assert.ok(!serviceExists(''));
  });

  test('every action matches the raw data (name, access level, description, resource types, condition keys)', () => {
    let checked = 0;
    for (const [s, acts] of rawActions) {
      const mine = actionsForService(s);
      assert.equal(mine.length, acts.length, s);
      for (const raw of acts) {
        const a = lookupAction(`${s}:${raw.name}`);
        assert.ok(a, `${s}:${raw.name}`);
        assert.equal(a.name, raw.name);
        assert.equal(a.service, s);
        assert.equal(a.fullName, `${s}:${raw.name}`);
        assert.equal(a.accessLevel, ACCESS_LEVELS[normalizeAccessLevel(raw.accessLevel)]);
        assert.equal(a.description, raw.description);
        assert.deepEqual(
          a.resourceTypes.map((r) => [r.name, r.required]),
          raw.resourceTypes.map((r) => [r.name, r.required]),
        );
        assert.deepEqual([...a.conditionKeys], raw.conditionKeys);
        assert.equal(a.resourceLevel, raw.resourceTypes.length > 0);
        checked++;
      }
    }
    assert.equal(checked, rawFull.length);
  });

  test('lookupAction: details of well-known actions', () => {
    const get = lookupAction('s3:GetObject');
    assert.ok(get);
    assert.equal(get.accessLevel, 'Read');
    assert.equal(get.resourceLevel, true);
    assert.ok(get.resourceTypes.some((r) => r.name === 'object'));
    assert.ok(get.conditionKeys.includes('s3:authType'));
    assert.match(get.description, /^Grants permission to /);

    assert.equal(lookupAction('iam:PutRolePolicy')?.accessLevel, 'Permissions management');
    assert.equal(lookupAction('iam:TagRole')?.accessLevel, 'Tagging');
    assert.equal(lookupAction('s3:ListAllMyBuckets')?.accessLevel, 'List');
    assert.equal(lookupAction('iam:PassRole')?.accessLevel, 'Write');
    assert.equal(lookupAction('lambda:InvokeFunction')?.resourceTypes.find((r) => r.name === 'function')?.required, true);

    assert.equal(supportsResourceLevel('s3:ListAllMyBuckets'), false);
    assert.equal(supportsResourceLevel('s3:GetObject'), true);
    assert.equal(supportsResourceLevel('s3:NoSuchAction'), undefined);
  });

  test('lookupAction is case-insensitive and returns the canonical spelling', () => {
    for (const spelling of ['S3:getobject', 's3:GETOBJECT', 'S3:GetObject']) {
      assert.equal(lookupAction(spelling)?.fullName, 's3:GetObject');
    }
    assert.equal(lookupAction('s3:GetObjet'), undefined);
    assert.equal(lookupAction('s3'), undefined);
    assert.equal(lookupAction(':GetObject'), undefined);
    assert.equal(lookupAction('s3:Get*'), undefined, 'no wildcard expansion in lookup');
  });

  test('serviceInfo: resource types with ARN formats and condition keys with types', () => {
    const s3 = serviceInfo('S3');
    assert.ok(s3);
    assert.equal(s3.prefix, 's3');
    const object = s3.resourceTypes.find((r) => r.name === 'object');
    assert.equal(object?.arnFormat, 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
    const rawKeys = Object.values(readJson('conditionKeys', 's3.json')) as { key: string; type: string }[];
    for (const k of rawKeys) assert.equal(s3.conditionKeys.find((c) => c.key === k.key)?.type, k.type, k.key);
    assert.equal(serviceInfo('nope'), undefined);
  });
});

describe('expandAction', () => {
  test('counts match the data', () => {
    assert.equal(expandAction('*').length, rawFull.length);
    assert.equal(expandAction('s3:*').length, rawActions.get('s3')!.length);
    assert.equal(expandAction('s3:Get*').length, rawCount((f) => f.startsWith('s3:get')));
    assert.equal(expandAction('*:Get*').length, rawCount((f) => f.split(':')[1]!.startsWith('get')));
    assert.equal(expandAction('iam:*Policy').length, rawCount((f) => f.startsWith('iam:') && f.endsWith('policy')));
    assert.equal(expandAction('*Tag*').length, rawCount((f) => f.includes('tag')));
    // Whole-string semantics: "s3*" covers s3:… and s3express:…, s3-outposts:…
    assert.equal(expandAction('s3*').length, rawCount((f) => f.startsWith('s3')));
    assert.ok(expandAction('s3*').some((a) => a.service !== 's3'));
  });

  test('? matches exactly one character', () => {
    assert.deepEqual(expandAction('s3:?etObject').map((a) => a.fullName), ['s3:GetObject']);
    assert.deepEqual(expandAction('s?:GetObject').map((a) => a.fullName), ['s3:GetObject']);
    assert.deepEqual(expandAction('s3:??tObject').map((a) => a.fullName), ['s3:GetObject', 's3:PutObject']);
    assert.deepEqual(expandAction('s3:GetObjec?').map((a) => a.fullName), ['s3:GetObject']);
    assert.equal(expandAction('s3:?GetObject').length, 0);
  });

  test('case-insensitive, canonical results, cached and frozen', () => {
    const a = expandAction('s3:Get*');
    const b = expandAction('S3:gEt*');
    assert.equal(a, b, 'same cached array');
    assert.ok(Object.isFrozen(a));
    assert.ok(a.every((x) => x.service === 's3' && x.name.startsWith('Get')));
    assert.equal(expandAction('*'), expandAction('***'), 'runs of * collapse');
  });

  test('plain names, unknowns and degenerate input', () => {
    assert.deepEqual(expandAction('S3:GETOBJECT').map((a) => a.fullName), ['s3:GetObject']);
    assert.equal(expandAction('s3:NoSuchThing').length, 0);
    assert.equal(expandAction('nosuchservice:*').length, 0);
    assert.equal(expandAction('s3').length, 0);
    assert.equal(expandAction('').length, 0);
    assert.equal(expandAction(':').length, 0);
  });

  test('expandActions unions without duplicates; actionsByAccessLevel groups', () => {
    const u = expandActions(['s3:Get*', 's3:GetObject', 's3:*Object']);
    assert.equal(new Set(u).size, u.length);
    assert.equal(u.length, rawCount((f) => f.startsWith('s3:get') || (f.startsWith('s3:') && f.endsWith('object'))));

    const groups = actionsByAccessLevel(['s3:*', 's3:GetObject']);
    assert.deepEqual(Object.keys(groups).sort(), [...ACCESS_LEVELS].sort());
    let total = 0;
    for (const level of ACCESS_LEVELS) {
      for (const a of groups[level]) assert.equal(a.accessLevel, level);
      total += groups[level].length;
    }
    assert.equal(total, rawActions.get('s3')!.length);
    assert.ok(groups.Read.some((a) => a.fullName === 's3:GetObject'));
    assert.ok(groups['Permissions management'].some((a) => a.fullName === 's3:PutBucketPolicy'));
  });

  test('adversarial patterns stay fast', () => {
    const patterns = [
      '*'.repeat(10_000),
      'a'.repeat(10_000),
      '?'.repeat(10_000),
      '*a'.repeat(5_000),
      '*?'.repeat(5_000),
      's3:' + '*'.repeat(10_000) + 'x',
      '*' + 'a*'.repeat(35),
      '*' + '?*'.repeat(35),
      '*' + 'e*'.repeat(20) + 'x',
      ('*' + 'x'.repeat(30)).repeat(300),
    ];
    const expanded = cpuTime(() => {
      for (const p of patterns) expandAction(p);
    });
    const w1 = withinUnits(expanded.ms, 75);
    assert.ok(w1.ok, `expandAction: ${w1.message}`);
    assert.equal(expandAction('*'.repeat(10_000)).length, rawFull.length);
    assert.equal(expandAction('?'.repeat(10_000)).length, 0);

    const matched = cpuTime(() => {
      assert.equal(wildcardMatch('*' + 'a'.repeat(5_000) + 'b', 'a'.repeat(10_000)), false);
      assert.equal(wildcardMatch('*' + 'a'.repeat(5_000) + 'b*', 'a'.repeat(10_000)), false);
      assert.equal(wildcardMatch('*a'.repeat(5_000) + 'b', 'a'.repeat(10_000)), false);
      assert.equal(wildcardMatch('?'.repeat(10_000), 'a'.repeat(10_000)), true);
    });
    const w2 = withinUnits(matched.ms, 75);
    assert.ok(w2.ok, `wildcardMatch: ${w2.message}`);
    // Linear in the text: 4× the input costs far less than the 16× of a quadratic matcher.
    const g = growth((n) => wildcardMatch('*' + 'a'.repeat(n) + 'b*', 'a'.repeat(2 * n)), 5_000);
    assert.ok(g.ratio < 10, `wildcardMatch 5,000 → 20,000: ×${g.ratio.toFixed(1)} (${g.small.toFixed(2)} → ${g.big.toFixed(2)} ms)`);
  });
});

describe('wildcardMatch', () => {
  test('basics', () => {
    assert.ok(wildcardMatch('*', ''));
    assert.ok(wildcardMatch('', ''));
    assert.ok(!wildcardMatch('', 'a'));
    assert.ok(wildcardMatch('a?c', 'abc'));
    assert.ok(!wildcardMatch('a?c', 'ac'));
    assert.ok(wildcardMatch('a*b*c', 'axxbyyc'));
    assert.ok(wildcardMatch('a*b*c', 'abc'));
    assert.ok(!wildcardMatch('a*b*c', 'acb'));
    assert.ok(wildcardMatch('*ab', 'aab'));
    assert.ok(wildcardMatch('ab*ab', 'abab'));
    assert.ok(!wildcardMatch('ab*ab', 'aba'));
    assert.ok(wildcardMatch('S3:Get*', 's3:getobject'));
    assert.ok(!wildcardMatch('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/x', false), 'ARNs are case-sensitive');
    assert.ok(wildcardMatch('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/x', false));
    assert.ok(actionPatternMatches('IAM:pass*', 'iam:PassRole'));
    assert.ok(!actionPatternMatches('iam:Pass', 'iam:PassRole'));
  });

  test('agrees with a regular-expression oracle (property)', () => {
    const oracle = (p: string, t: string) =>
      new RegExp('^' + p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 's').test(t);
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', ':'), maxLength: 12 }),
        fc.string({ unit: fc.constantFrom('a', 'b', ':'), maxLength: 14 }),
        (p, t) => wildcardMatch(p, t) === oracle(p, t),
      ),
      { numRuns: 5000 },
    );
  });
});

describe('suggestions', () => {
  test('fixes action-name typos', () => {
    assert.equal(suggestAction('s3:GetObjet'), 's3:GetObject');
    assert.equal(suggestAction('s3:getobjet'), 's3:GetObject');
    assert.equal(suggestAction('s3:GetOjbect'), 's3:GetObject', 'transposition');
    assert.equal(suggestAction('iam:PassRol'), 'iam:PassRole');
    assert.equal(suggestAction('ec2:DescribeInstance'), 'ec2:DescribeInstances');
  });

  test('fixes service-prefix typos (and both at once)', () => {
    assert.equal(suggestAction('dynamdb:GetItem'), 'dynamodb:GetItem');
    assert.equal(suggestAction('dynamdb:getitem'), 'dynamodb:GetItem');
    assert.equal(suggestAction('lamda:InvokeFuntion'), 'lambda:InvokeFunction');
    assert.equal(suggestAction('dynamdb:Get*'), 'dynamodb:Get*');
    assert.equal(suggestService('dynamdb'), 'dynamodb');
    assert.equal(suggestService('dynamodb'), undefined);
  });

  test('no suggestion for valid names (any case) or hopeless input', () => {
    assert.equal(suggestAction('S3:getobject'), undefined);
    assert.equal(suggestAction('s3:GetObject'), undefined);
    assert.equal(suggestAction('s3:Get*'), undefined);
    assert.equal(suggestAction('s3:Xyzzy'), undefined);
    assert.equal(suggestAction('qqqqqqqqq:GetItem'), undefined);
    assert.equal(suggestAction('GetObject'), undefined);
    assert.equal(suggestAction('s3:'), undefined);
    const { ms } = cpuTime(() => {
      assert.equal(suggestAction('s3:' + 'x'.repeat(10_000)), undefined);
      assert.equal(suggestAction('ec2:' + 'DescribeInstances'.repeat(7)), undefined);
    });
    const w = withinUnits(ms, 25);
    assert.ok(w.ok, w.message);
  });

  test('boundedEditDistance', () => {
    assert.equal(boundedEditDistance('kitten', 'sitting', 5), 3);
    assert.equal(boundedEditDistance('kitten', 'sitting', 2), 3, 'capped at max + 1');
    assert.equal(boundedEditDistance('ab', 'ba', 3), 1, 'transposition costs 1');
    assert.equal(boundedEditDistance('', 'abc', 3), 3);
    assert.equal(boundedEditDistance('same', 'same', 0), 0);
  });
});

describe('catalogue file (generated by scripts/gen-iam-catalog.mjs)', () => {
  test('the script writes a compact file that catalog.ts loads with the same content', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-catalog-'));
    try {
      const out = path.join(dir, 'iam-catalog.json');
      const gen = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'gen-iam-catalog.mjs'), out], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
      assert.equal(gen.status, 0, gen.stderr);
      const size = fs.statSync(out).size;
      assert.ok(size > 500_000 && size < 5_000_000, `size ${size}`);
      // A header line, then one line per service (parsed on first use of that service).
      const lines = fs.readFileSync(out, 'utf8').split('\n').filter(Boolean);
      const header = JSON.parse(lines[0]);
      assert.equal(header.v, 2);
      assert.equal(header.i.length, rawServices.length);
      assert.equal(lines.length, 1 + rawServices.length);
      const s3 = JSON.parse(lines[1 + header.i.findIndex(([p]: [string]) => p === 's3')]);
      assert.ok(s3.a.some((a: [string]) => a[0] === 'GetObject'));

      const probe = `
        const c = require(${JSON.stringify(path.join(repoRoot, 'server/src/engine/iam/catalog.ts'))});
        const info = c.catalogInfo();
        const g = c.lookupAction('s3:getobject');
        console.log(JSON.stringify({ source: info.source, services: info.serviceCount, actions: info.actionCount,
          all: c.expandAction('*').length, get: g, cf: c.expandAction('cloudformation:*').length }));`;
      const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', probe], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, SERVERLESS_GUARD_IAM_CATALOG: out },
      });
      assert.equal(run.status, 0, run.stderr);
      const r = JSON.parse(run.stdout.trim().split('\n').pop()!);
      assert.equal(r.source, 'file');
      assert.equal(r.services, rawServices.length);
      assert.equal(r.actions, rawFull.length);
      assert.equal(r.all, rawFull.length);
      assert.equal(r.cf, rawActions.get('cloudformation')!.length);
      assert.deepEqual(r.get, JSON.parse(JSON.stringify(lookupAction('s3:GetObject'))));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
