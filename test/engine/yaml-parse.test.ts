import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { get, getPath, toJS, type YMap, type YNode } from '../../server/src/engine/yaml/ast';
import { CFN_TAGS, parseYaml } from '../../server/src/engine/yaml/parse';
import { IncrementalYaml } from '../../server/src/engine/yaml/incremental';
import { mulberry32 } from '../bench/gen';
import { cpuTime, withinUnits } from '../helpers/timing';

const src = (text: string, n: { range: { start: number; end: number } } | null | undefined) => (n ? text.slice(n.range.start, n.range.end) : undefined);

describe('YAML parsing with CloudFormation tags', () => {
  it('normalises every short-form tag to its long form', () => {
    for (const [tag, long] of Object.entries(CFN_TAGS)) {
      const text = `a: ${tag} x\n`;
      const r = parseYaml(text);
      assert.deepEqual(toJS(r.root), { a: { [long]: tag === '!GetAtt' ? ['x'] : 'x' } }, tag);
      assert.deepEqual(r.problems, [], tag);
      const m = get(r.root, 'a') as YMap;
      assert.equal(m.intrinsic, true);
      assert.equal(src(text, m.entries[0].key), tag, 'the long-form key keeps the range of the tag the user typed');
      assert.equal(src(text, m), `${tag} x`);
    }
  });

  it('handles scalar, sequence and mapping forms and nesting', () => {
    const text = 'a: !Join [",", [x, !Ref B]]\nb: !Sub\n  - "${X}-y"\n  - X: !GetAtt R.Arn\nc: !If [Cond, !Ref A, !Ref "AWS::NoValue"]\nd: !Base64\n  Fn::Sub: x\n';
    const r = parseYaml(text);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(toJS(r.root), {
      a: { 'Fn::Join': [',', ['x', { Ref: 'B' }]] },
      b: { 'Fn::Sub': ['${X}-y', { X: { 'Fn::GetAtt': ['R', 'Arn'] } }] },
      c: { 'Fn::If': ['Cond', { Ref: 'A' }, { Ref: 'AWS::NoValue' }] },
      d: { 'Fn::Base64': { 'Fn::Sub': 'x' } },
    });
  });

  it('splits !GetAtt a.b with precise ranges', () => {
    const text = 'x: !GetAtt MyTable.StreamArn\n';
    const r = parseYaml(text);
    const seq = (get(r.root, 'x') as YMap).entries[0].value as { items: YNode[] };
    assert.deepEqual(seq.items.map((i) => src(text, i)), ['MyTable', 'StreamArn']);
  });

  it('reports unknown tags as warnings and keeps the value', () => {
    const text = 'a: !Foo bar\nb: 1\n';
    const r = parseYaml(text);
    assert.deepEqual(toJS(r.root), { a: 'bar', b: 1 });
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].code, 'unknown-tag');
    assert.equal(src(text, r.problems[0]), '!Foo');
  });

  it('parses JSON templates into the same tree with ranges', () => {
    const text = '{\n  "Resources": {\n    "R": {"Type": "AWS::IAM::Role", "Properties": {"Arn": {"Fn::GetAtt": ["T", "Arn"]}}}\n  }\n}\n';
    const r = parseYaml(text, { format: 'json' });
    assert.deepEqual(r.problems, []);
    const t = getPath(r.root, 'Resources.R.Type');
    assert.equal(src(text, t), '"AWS::IAM::Role"');
    assert.deepEqual(toJS(getPath(r.root, 'Resources.R.Properties.Arn')), { 'Fn::GetAtt': ['T', 'Arn'] });
  });

  it('never throws on broken input and reports a located error', () => {
    for (const text of ['a: [1, 2\nb: c', 'key: "unterminated', ':\n  - : -', '\t- x', 'a:\n  b: 1\n c: 2', '{"a": ', '!Ref', '- !GetAtt', '%YAML 9\n---\na']) {
      const r = parseYaml(text);
      assert.ok(Array.isArray(r.problems));
    }
    const r = parseYaml('a: [1, 2\nb: c');
    assert.ok(r.problems.some((p) => p.severity === 'error'));
  });

  it('expands aliases and merge keys, and stops alias bombs', () => {
    const r = parseYaml('base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\nref: *b\n');
    assert.deepEqual(toJS(r.root), { base: { x: 1, y: 2 }, use: { x: 1, y: 3 }, ref: { x: 1, y: 2 } });
    let bomb = 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n';
    let prev = 'a';
    for (let i = 0; i < 12; i++) {
      bomb += `b${i}: &b${i} [${Array(10).fill('*' + prev).join(',')}]\n`;
      prev = `b${i}`;
    }
    const { ms, value: b } = cpuTime(() => parseYaml(bomb));
    const w = withinUnits(ms, 100);
    assert.ok(w.ok, w.message);
    assert.ok(b.problems.some((p) => p.code === 'alias-limit'));
  });

  it('collects comments with ranges, and counts documents', () => {
    const text = '# top\na: 1 # trailing\n---\nb: 2\n';
    const r = parseYaml(text);
    assert.deepEqual(r.comments.map((c) => src(text, c)), ['# top', '# trailing']);
    assert.equal(r.documentCount, 2);
  });

  it('handles binary-ish and huge single-line input without hanging', () => {
    const bin = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256)).toString('latin1');
    parseYaml(bin);
    const long = 'a: ' + 'x'.repeat(1_000_000) + '\n';
    const { ms, value: r } = cpuTime(() => parseYaml(long));
    assert.equal((get(r.root, 'a') as { value: string }).value.length, 1_000_000);
    const w = withinUnits(ms, 150);
    assert.ok(w.ok, w.message);
  });
});

// What PyYAML (and so cfn-lint, SAM CLI and CloudFormation) accepts although YAML 1.2 does not:
// shapes found in the AWS serverless-patterns collection (MIT-0), e.g.
// activemq-private-lambda-java-sam/ActiveMQAndClientEC2.yaml, apigw-lambda-rust/template.yml,
// systems-manager-automation-to-stepfunctions/template.yaml. Expected values are PyYAML 6's.
const AWS_ACCEPTED = [
  'Resources:',
  '  Role:',
  '    Type: AWS::IAM::Role',
  '    Properties:',
  '      Policies:',
  '        - PolicyName: all',
  "          PolicyDocument: !Sub '{",
  '              "Version": "2012-10-17",',
  '              "Statement": [{"Effect": "Allow", "Action": ["iam:*"], "Resource": "*"}]',
  "          }'",
  '        - PolicyName: two',
  '          PolicyDocument: {"Statement": []}',
  '  Api:',
  '    Type: AWS::Serverless::Api',
  '    Properties:',
  '      Auth:',
  '        ResourcePolicy:',
  '          CustomStatements: [{',
  '            "Effect": "Allow",',
  '            "Principal": "*"',
  '          }]',
  '      Resource: [',
  '      !Sub "arn:${AWS::Partition}:s3:::a",',
  '      "b"',
  '      ]',
  '',
].join('\n');

describe('YAML that the AWS tools accept', () => {
  it('parses multi-line quoted scalars and flow collections closed at their key column, as PyYAML does', () => {
    const r = parseYaml(AWS_ACCEPTED);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(toJS(r.root), {
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            Policies: [
              { PolicyName: 'all', PolicyDocument: { 'Fn::Sub': '{ "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:*"], "Resource": "*"}] }' } },
              { PolicyName: 'two', PolicyDocument: { Statement: [] } },
            ],
          },
        },
        Api: {
          Type: 'AWS::Serverless::Api',
          Properties: { Auth: { ResourcePolicy: { CustomStatements: [{ Effect: 'Allow', Principal: '*' }] } }, Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::a' }, 'b'] },
        },
      },
    });
    // Ranges stay the user's text.
    const sub = getPath(r.root, 'Resources.Role.Properties.Policies') as unknown as { items: YNode[] };
    assert.ok(src(AWS_ACCEPTED, get(sub.items[0], 'PolicyDocument'))!.startsWith("!Sub '{"));
  });

  it('keeps duplicate keys as errors in such a file', () => {
    const r = parseYaml(AWS_ACCEPTED + '  Api:\n    Type: AWS::SNS::Topic\n');
    assert.deepEqual(r.problems.map((p) => p.code), ['DUPLICATE_KEY']);
  });

  it('reads a bare `-` flow-sequence item as the scalar "-", as PyYAML does', () => {
    // Shape seen in a public SAM template: !Select [0, !Split [-, !Select [2, !Split [/, !Ref AWS::StackId]]]]
    const text = 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Join ["", [!Select [0, !Split [-, !Select [2, !Split [/, !Ref AWS::StackId ]]]], "-x"]]\n      Tags: [- , a, -]\n';
    const r = parseYaml(text);
    assert.deepEqual(r.problems, []);
    const props = toJS(getPath(r.root, ['Resources', 'B', 'Properties'])) as Record<string, unknown>;
    assert.deepEqual(props.Tags, ['-', 'a', '-']);
    assert.deepEqual(JSON.stringify(props.BucketName).includes('{"Fn::Split":["-",'), true);
    // A dash that starts a longer item is still a block indicator in a flow sequence: an error.
    assert.ok(parseYaml('a: [- b, c]\n').problems.some((p) => p.severity === 'error'));
  });

  it('still rejects what PyYAML rejects, and keeps the spec parse for recovery', () => {
    // An unclosed quote: the rest of the file is still parsed (the quote ends at the next less-indented line).
    const text = "Resources:\n  A:\n    Type: X\n    Properties:\n      Name: 'abc\n  B:\n    Type: Y\n  C:\n    Type: 'Z'\n";
    const r = parseYaml(text);
    assert.ok(r.problems.some((p) => p.severity === 'error'));
    assert.deepEqual(Object.keys(toJS(get(r.root, 'Resources')) as object), ['A', 'B', 'C']);
    // A document marker at column 0 ends a quoted scalar for PyYAML too.
    assert.ok(parseYaml("a: 'x\n---\n'\n").problems.some((p) => p.severity === 'error'));
  });
});

describe('YAML the AWS tools accept, parsed incrementally', () => {
  it('random edits give what a full parse gives (the lenient re-parse included)', () => {
    // Ten resources shaped like AWS_ACCEPTED's: every one needs the lenient lexer.
    const body = AWS_ACCEPTED.split('\n').slice(1).join('\n');
    const text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + Array.from({ length: 10 }, (_, i) => body.replace('  Role:', `  Role${i}:`).replace('  Api:', `  Api${i}:`)).join('');
    assert.deepEqual(parseYaml(text).problems, []);
    // Canonical (property order does not matter), as in yaml-incremental.test.ts.
    const canon = (n: YNode | null | undefined): unknown => {
      if (n == null) return null;
      const r = `${n.range.start}-${n.range.end}`;
      if (n.type === 'scalar') return ['s', r, n.value, n.quoted, n.block ?? false, n.tag ?? null];
      if (n.type === 'seq') return ['q', r, n.tag ?? null, n.items.map(canon)];
      return ['m', r, n.tag ?? null, n.intrinsic ?? false, n.entries.map((p) => [`${p.range.start}-${p.range.end}`, canon(p.key), canon(p.value)])];
    };
    const dump = (d: ReturnType<typeof parseYaml>) => JSON.stringify([canon(d.root), d.problems.map((p) => `${p.severity}|${p.code}|${p.range.start}-${p.range.end}|${p.message}`).sort()]);
    const rnd = mulberry32(4242);
    const alphabet = ["'", '"', ' ', '\n', '}', ']', '{', '[', 'a', ':', '-', '  '];
    let spliced = 0;
    for (let run = 0; run < 120; run++) {
      const inc = new IncrementalYaml({ minLines: 0, maxRegionShare: 1 });
      inc.parse(text);
      const at = Math.floor(rnd() * text.length);
      const next = rnd() < 0.5 ? text.slice(0, at) + alphabet[Math.floor(rnd() * alphabet.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
      const got = inc.parse(next);
      if (inc.stats.last === 'recovered') continue; // a block with its own error: not exact by design
      if (inc.stats.last === 'incremental') spliced++;
      assert.equal(dump(got), dump(parseYaml(next)), `edit at ${at} (${inc.stats.last})`);
    }
    assert.ok(spliced > 0, 'some edits took the incremental path');
  });
});

describe('syntax problems in the engine', () => {
  it('reports one finding for one syntax mistake, counting what it caused', async () => {
    const { Engine } = await import('../../server/src/engine/engine');
    const { Project } = await import('../../server/src/engine/project');
    const text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + Array.from({ length: 40 }, (_, i) => `  R${i}: [unclosed, {\n`).join('');
    const r = new Engine(new Project(), []).analyze('/t/template.yaml', text);
    const errs = r.findings.filter((f) => f.ruleId === 'parse-error');
    assert.equal(errs.length, 1);
    assert.match(errs[0].message, /and \d+ more syntax problems? after this one/);
    // A mistyped key (apigw-custom-domain-edge/template.yaml: `MappingRestEdge:curc`) gave 4.
    const typo = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Domain:\n    Type: AWS::ApiGateway::DomainName\n  MappingRestEdge:curc\n    Type: AWS::ApiGateway::BasePathMapping\n    DependsOn:\n      - Domain\n    Properties:\n      DomainName: !Ref Domain\n";
    const t = new Engine(new Project(), []).analyze('/t/template.yaml', typo).findings.filter((f) => f.ruleId === 'parse-error');
    assert.equal(t.length, 1);
    assert.equal(typo.slice(0, t[0].range.start).split('\n').length, 5, 'on the line of the mistake');
  });

  it('reports every duplicate key, and nothing for YAML the AWS tools accept', async () => {
    const { Engine } = await import('../../server/src/engine/engine');
    const { Project } = await import('../../server/src/engine/project');
    const text = "AWSTemplateFormatVersion: '2010-09-09'\n" + AWS_ACCEPTED + '  Api:\n    Type: AWS::SNS::Topic\n  Role:\n    Type: AWS::SNS::Topic\n';
    const errs = new Engine(new Project(), []).analyze('/t/template.yaml', text).findings.filter((f) => f.ruleId === 'parse-error');
    assert.deepEqual(errs.map((f) => f.message.replace(/ \(lines.*/, '')), ['Duplicate key \'Api\'', 'Duplicate key \'Role\'']);
    assert.deepEqual(errs.map((f) => f.severity), ['error', 'error']);
    const clean = new Engine(new Project(), []).analyze('/t/template.yaml', "AWSTemplateFormatVersion: '2010-09-09'\n" + AWS_ACCEPTED);
    assert.deepEqual(clean.findings.filter((f) => f.ruleId === 'parse-error'), []);
  });

  it('runs the rules on what was parsed: after a once-rejected !Sub string, and before a later mistake', async () => {
    const { Engine } = await import('../../server/src/engine/engine');
    const { Project } = await import('../../server/src/engine/project');
    const { allRules } = await import('../../rules/index');
    const engine = new Engine(new Project(), allRules);
    // A statement after a !Sub string whose closing quote sits at its key's column (once a parse
    // error that swallowed the rest of the file).
    const accepted = engine.analyze('/t/template.yaml', "AWSTemplateFormatVersion: '2010-09-09'\n" + AWS_ACCEPTED.replace('PolicyDocument: {"Statement": []}', 'PolicyDocument: {"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}'));
    assert.deepEqual(accepted.findings.filter((f) => f.ruleId === 'parse-error'), []);
    assert.ok(accepted.findings.some((f) => f.ruleId === 'iam-service-wildcard-action'), accepted.findings.map((f) => f.ruleId).join());
    const broken = [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      Policies:',
      '        - PolicyName: all',
      '          PolicyDocument:',
      '            Statement:',
      '              - Effect: Allow',
      "                Action: 'iam:*'",
      "                Resource: '*'",
      '  Topic:',
      '    Type: AWS::SNS::Topic',
      '    Properties:',
      "      TopicName: 'unclosed",
      '',
    ].join('\n');
    const r = engine.analyze('/t/template.yaml', broken);
    assert.equal(r.findings.filter((f) => f.ruleId === 'parse-error').length, 1);
    assert.ok(r.findings.some((f) => f.ruleId === 'iam-service-wildcard-action'), r.findings.map((f) => f.ruleId).join());
  });
});

describe('duplicate keys: named, with both lines, and graded by what is lost', () => {
  const analyze = async (file: string, text: string) => {
    const { Engine } = await import('../../server/src/engine/engine');
    const { Project } = await import('../../server/src/engine/project');
    return new Engine(new Project(), []).analyze(file, text).findings.filter((f) => f.ruleId === 'parse-error');
  };
  const lineOf = (text: string, at: number) => text.slice(0, at).split('\n').length;

  it('two different values: an error naming the key, both lines, and the value CloudFormation drops', async () => {
    const text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: s3:GetObject\n            Principal:\n              CanonicalUser: abc\n";
    const f = await analyze('/t/template.yaml', text);
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'error');
    assert.equal(lineOf(text, f[0].range.start), 11, 'on the second key');
    assert.match(f[0].message, /^Duplicate key 'Principal' \(lines 9 and 11\) with different values: CloudFormation keeps the last one, so the value on line 9 is silently lost/);
  });

  it('the same value twice: a warning (nothing is lost), still naming the key and both lines', async () => {
    const text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Key:\n    DeletionPolicy: Retain\n    Type: AWS::KMS::Key\n    DeletionPolicy: Retain\n";
    const f = await analyze('/t/template.yaml', text);
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'warning');
    assert.match(f[0].message, /^Duplicate key 'DeletionPolicy' \(lines 4 and 6\) with the same value: CloudFormation keeps the last one, so nothing is lost/);
  });

  it("the same text quoted or not (swagger: 2.0 and swagger: '2.0'), and maps in another key order, are the same value", async () => {
    const swagger = "Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      DefinitionBody:\n        swagger: 2.0\n        info: {title: t}\n        swagger: '2.0'\n";
    const s = await analyze('/t/template.yaml', swagger);
    assert.deepEqual(s.map((f) => [f.severity, lineOf(swagger, f.range.start)]), [['warning', 8]]);
    assert.match(s[0].message, /'swagger' \(lines 6 and 8\) with the same value/);
    const maps = 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: a, DisplayName: b}\n    Properties:\n      DisplayName: b\n      TopicName: a\n';
    assert.deepEqual((await analyze('/t/template.yaml', maps)).map((f) => f.severity), ['warning']);
    const other = maps.replace('      TopicName: a\n', '      TopicName: c\n');
    assert.deepEqual((await analyze('/t/template.yaml', other)).map((f) => f.severity), ['error']);
  });

  it('JSON templates are judged the same way', async () => {
    const text = '{\n  "Resources": {\n    "Q": {\n      "Type": "AWS::SQS::Queue",\n      "Type": "AWS::SQS::Queue"\n    },\n    "Q": {\n      "Type": "AWS::SNS::Topic"\n    }\n  }\n}\n';
    const f = await analyze('/t/template.json', text);
    assert.deepEqual(f.map((x) => [x.severity, lineOf(text, x.range.start)]), [['warning', 5], ['error', 7]]);
    assert.match(f[1].message, /^Duplicate key 'Q' \(lines 3 and 7\)/);
  });

  it('serverless.yml: an error even with the same value (the Serverless Framework refuses the file)', async () => {
    const text = 'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  runtime: nodejs20.x\n';
    const f = await analyze('/t/serverless.yml', text);
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'error');
    assert.match(f[0].message, /^Duplicate key 'runtime' \(lines 4 and 5\).*the Serverless Framework refuses to load a file with a duplicate key/);
  });
});

describe('duplicate keys: the fix when both values are the same', () => {
  const analyze = async (file: string, text: string) => {
    const { Engine } = await import('../../server/src/engine/engine');
    const { Project } = await import('../../server/src/engine/project');
    return new Engine(new Project(), []).analyze(file, text).findings.filter((f) => f.ruleId === 'parse-error');
  };
  const apply = (text: string, edits: { range: { start: number; end: number }; newText: string }[]) => [...edits].sort((a, b) => b.range.start - a.range.start).reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
  const fixesOf = async (file: string, text: string) => (await analyze(file, text)).flatMap((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore ')));

  it('deletes the lines of the second entry (scalar or nested), and the file then has no parse finding', async () => {
    const cases: [string, string, string][] = [
      ['/t/template.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Key:\n    DeletionPolicy: Retain\n    Type: AWS::KMS::Key\n    DeletionPolicy: Retain  # again\n  Topic:\n    Type: AWS::SNS::Topic\n", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Key:\n    DeletionPolicy: Retain\n    Type: AWS::KMS::Key\n  Topic:\n    Type: AWS::SNS::Topic\n"],
      ['/t/template.yaml', "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags:\n        - Key: a\n          Value: b\n    Properties:\n      Tags:\n        - Key: a\n          Value: b\n", "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags:\n        - Key: a\n          Value: b\n"],
      ['/t/serverless.yml', 'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  runtime: nodejs20.x\n', 'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\n'],
    ];
    for (const [file, text, expected] of cases) {
      const fixes = await fixesOf(file, text);
      assert.equal(fixes.length, 1, text);
      assert.match(fixes[0].title, /^Remove the second '/);
      const out = apply(text, fixes[0].changes[0].edits);
      assert.equal(out, expected);
      assert.deepEqual(await analyze(file, out), []);
    }
  });
  it('no fix for different values, a flow mapping, JSON, or an entry that defines an anchor', async () => {
    const cases: [string, string][] = [
      ['/t/template.yaml', "Resources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Type: AWS::SNS::Topic\n"],
      ['/t/template.yaml', "Resources:\n  T: {Type: AWS::SNS::Topic,\n    Type: AWS::SNS::Topic}\n"],
      ['/t/template.json', '{\n  "Resources": {\n    "Q": {\n      "Type": "AWS::SQS::Queue",\n      "Type": "AWS::SQS::Queue"\n    }\n  }\n}\n'],
    ];
    for (const [file, text] of cases) {
      assert.equal((await analyze(file, text)).length, 1, text);
      assert.deepEqual(await fixesOf(file, text), [], text);
    }
    // the second entry defines an anchor used later: deleting it would break the alias
    const anchored = "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Metadata: {}\n    Metadata: &m {}\n  U:\n    Type: AWS::SNS::Topic\n    Metadata: *m\n";
    assert.equal((await analyze('/t/template.yaml', anchored)).length, 1);
    assert.deepEqual(await fixesOf('/t/template.yaml', anchored), []);
  });
});
