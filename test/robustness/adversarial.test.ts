/**
 * Hostile inputs through `Engine.analyze` with the full rule set and code support: alias bombs
 * (nested-anchor lists and merge keys), 10 MB files, 100,000-character lines, 10,000-level nesting
 * (YAML block and flow, JSON, JS and Python; plus literals ~100 deep, which the taint analysis does
 * model), random bytes, CRLF, a BOM, tab indentation, NUL and lone surrogates. Every analysis: no exception, no rule error, under ANALYSIS_UNITS of CPU time (harness.ts),
 * and the same findings from a fresh engine. An `analysis-timeout` finding is acceptable here and
 * is listed in the test's diagnostics.
 */
import assert from 'node:assert/strict';
import { before, describe, it, type TestContext } from 'node:test';
import { ANALYSIS_TIMEOUT_RULE, FILE_TOO_LARGE_RULE, MAX_ANALYSIS_CHARS, PARSE_RULE } from '../../server/src/engine/engine';
import { MAX_NESTING_DEPTH } from '../../server/src/engine/yaml/parse';
import type { Finding } from '../../server/src/engine/types';
import { analyzeChecked, assertSameAsFresh, codeParsers, diskProject, fixtureFiles, makeEngine, memoryProject, prng, SEED, type FixtureFile } from './harness';

const LONG = 100_000;
const DEEP = 10_000;
const MB10 = 10 * 1024 * 1024;

/** A small config the hostile parts are embedded in (so the rules have a model to walk). */
const SLS_HEAD = `service: hostile
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action: '*'
          Resource: '*'
functions:
  api:
    handler: src/handler.main
    events:
      - httpApi: POST /items
`;
const CFN_HEAD = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: src/handler.main
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Allow
              Action: 's3:*'
              Resource: '*'
`;
const JS_HANDLER = `const { exec } = require('child_process');
exports.main = async (event) => {
  exec('ls ' + event.body);
  return { statusCode: 200 };
};
`;
const PY_HANDLER = `import os
def handler(event, context):
    os.system("ls " + event["body"])
    return {"statusCode": 200}
`;

interface Case {
  name: string;
  file: string;
  text: string | (() => string);
  /** Checks on the findings beyond the common properties. */
  expect?: (findings: Finding[], text: string) => void;
}

const ids = (fs: readonly Finding[]) => fs.map((f) => f.ruleId);
const hasRule = (id: string) => (fs: Finding[]) => assert.ok(ids(fs).includes(id), `expected ${id} among ${ids(fs).join(', ')}`);
const onlyTooLarge = (fs: Finding[]) => assert.deepEqual(ids(fs), [FILE_TOO_LARGE_RULE.id]);

// --- alias bombs ---------------------------------------------------------------------------------

/** The classic: nine anchors, each a list of nine aliases of the previous one (9^9 leaves). */
function billionLaughs(indent: string, levels = 9): string {
  const lines = [`${indent}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (let i = 1; i <= levels; i++) lines.push(`${indent}l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

/** Mappings merged into mappings (`<<: *a`), each level doubling what the previous one expands to. */
function mergeBomb(indent: string, levels = 30): string {
  const lines = [`${indent}m0: &m0 {Effect: Allow, Action: '*', Resource: '*'}`];
  for (let i = 1; i <= levels; i++) lines.push(`${indent}m${i}: &m${i}`, `${indent}  <<: [*m${i - 1}, *m${i - 1}]`, `${indent}  left: *m${i - 1}`, `${indent}  right: {<<: *m${i - 1}, k: *m${i - 1}}`);
  return lines.join('\n') + '\n';
}

const aliasCases: Case[] = [
  { name: 'billion laughs under custom:', file: 'serverless.yml', text: () => SLS_HEAD + 'custom:\n' + billionLaughs('  ') + '  bomb: *l9\n', expect: hasRule('iam-wildcard-action') },
  { name: 'billion laughs as Action list of every function', file: 'serverless.yml', text: () => 'x-bomb:\n' + billionLaughs('  ') + SLS_HEAD.replace("Action: '*'", 'Action: *l9') + Array.from({ length: 50 }, (_, i) => `  f${i}:\n    handler: src/handler.main\n    iamRoleStatements:\n      - {Effect: Allow, Action: *l9, Resource: *l9}\n`).join('') },
  { name: 'merge-key bomb (<<: *a)', file: 'template.yaml', text: () => CFN_HEAD + 'Metadata:\n' + mergeBomb('  ') },
  { name: 'merge-key bomb as policy statements', file: 'serverless.yml', text: () => 'x-m:\n' + mergeBomb('  ') + SLS_HEAD + Array.from({ length: 30 }, (_, i) => `  g${i}:\n    handler: src/handler.main\n    iamRoleStatements:\n      - <<: [*m30, *m29]\n        Sid: s${i}\n      - *m30\n`).join('') },
  { name: 'merge keys into Resources', file: 'template.yaml', text: () => CFN_HEAD + Array.from({ length: 40 }, (_, i) => `  R${i}: &r${i}\n    <<: ${i ? `[*r${i - 1}, *r${Math.max(0, i - 2)}]` : '{Type: AWS::IAM::Role}'}\n    Properties: {AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: '*', Action: 'sts:AssumeRole'}]}}\n`).join('') },
  // 3,000 anchors, each merging the previous one, in one flat mapping (the duplicate-key check was quadratic).
  { name: 'merge chain of 3,000 anchors', file: 'template.yaml', text: () => CFN_HEAD + 'Mappings:\n' + Array.from({ length: 3_000 }, (_, i) => (i ? `  m${i}: &m${i} {<<: *m${i - 1}, k${i}: *m${i - 1}}` : "  m0: &m0 {x: 1}")).join('\n') + '\n' },
  { name: 'self-referencing merge and alias cycles', file: 'serverless.yml', text: () => SLS_HEAD + 'custom: &c\n  <<: *c\n  self: *c\n  list: &l [*l, *c]\n' },
];

// --- size --------------------------------------------------------------------------------------

const sizeCases: Case[] = [
  { name: '10 MB serverless.yml', file: 'serverless.yml', text: () => SLS_HEAD + '  # ' + 'x'.repeat(MB10) + '\n', expect: onlyTooLarge },
  { name: '10 MB template.yaml of resources', file: 'template.yaml', text: () => CFN_HEAD + '  B: {Type: AWS::S3::Bucket}\n'.repeat(MB10 / 28), expect: onlyTooLarge },
  { name: '10 MB JSON template on one line', file: 'template.json', text: () => `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"R":{"Type":"AWS::S3::Bucket","Properties":{"Tags":"${'t'.repeat(MB10)}"}}}}`, expect: onlyTooLarge },
  { name: '10 MB JS handler', file: 'src/handler.js', text: () => JS_HANDLER + `const blob = "${'A'.repeat(MB10)}";\n`, expect: onlyTooLarge },
  { name: '10 MB TS handler', file: 'src/handler.ts', text: () => 'export const main = async (event: any) => event;\n' + '// pad\n'.repeat(MB10 / 7), expect: onlyTooLarge },
  { name: '10 MB Python handler', file: 'handler.py', text: () => PY_HANDLER + '#' + 'p'.repeat(MB10) + '\n', expect: onlyTooLarge },
  { name: 'exactly at the size limit', file: 'serverless.yml', text: () => (SLS_HEAD + '#').padEnd(MAX_ANALYSIS_CHARS, 'x') },
  { name: 'one character over the size limit', file: 'serverless.yml', text: () => (SLS_HEAD + '#').padEnd(MAX_ANALYSIS_CHARS + 1, 'x'), expect: onlyTooLarge },
];

// --- long lines ----------------------------------------------------------------------------------

const longCases: Case[] = [
  { name: '100k value', file: 'serverless.yml', text: () => SLS_HEAD + `    environment:\n      PASSWORD: ${'a'.repeat(LONG)}\n      API_KEY: AKIA${'B'.repeat(LONG)}\n      TOKEN: "ghp_${'x1'.repeat(LONG / 2)}"\n      DB_PASSWORD: hunter2hunter2\n`, expect: hasRule('secret-in-config') },
  { name: '100k key', file: 'serverless.yml', text: () => SLS_HEAD + `    environment:\n      ${'SECRET_'.repeat(LONG / 7)}: hunter2hunter2\n` },
  { name: '100k comment', file: 'serverless.yml', text: () => SLS_HEAD + `# ${'serverless-guard-ignore iam-wildcard-action '.repeat(LONG / 45)}\n` },
  { name: '100k flow sequence of actions', file: 'template.yaml', text: () => CFN_HEAD.replace("Action: 's3:*'", `Action: [${Array(Math.floor(LONG / 20)).fill("'dynamodb:GetItem'").join(', ')}]`) },
  { name: '100k action and resource strings', file: 'template.yaml', text: () => CFN_HEAD.replace("Action: 's3:*'", `Action: "s3:${'Get*'.repeat(LONG / 4)}"`).replace("Resource: '*'", `Resource: "arn:${'*'.repeat(LONG)}"`) },
  { name: '100k ${} variable text', file: 'serverless.yml', text: () => SLS_HEAD + `custom:\n  v: "${'${self:custom.'.repeat(LONG / 14)}"\n  w: ${'${'.repeat(LONG / 2)}\n  z: ${'}'.repeat(LONG)}\n` },
  { name: '100k secrets-like strings', file: 'serverless.yml', text: () => SLS_HEAD + `    environment:\n      JWT: eyJ${'a'.repeat(LONG)}.eyJ${'b'.repeat(LONG / 2)}.sig\n      PEM: "${'-----BEGIN RSA PRIVATE KEY-----'.repeat(LONG / 31)}"\n      URL: "${'https://u:p@'.repeat(LONG / 12)}x"\n      CONN: "${'postgres://a:b@h/'.repeat(LONG / 17)}"\n` },
  { name: '100k JSON string', file: 'template.json', text: () => JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { P: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'iam:' + 'x'.repeat(LONG), Resource: '*' }] }, Password: 'p'.repeat(LONG) } } } }) },
  { name: '100k JS string literal', file: 'src/handler.js', text: () => JS_HANDLER + `const k = "AKIA${'x'.repeat(LONG)}";\nconst t = \`${'${a}'.repeat(LONG / 4)}\`;\n`, expect: hasRule('injection-command') },
  { name: '100k JS comment', file: 'src/handler.js', text: () => `// ${'x'.repeat(LONG)}\n/* ${'serverless-guard-ignore '.repeat(LONG / 24)} */\n` + JS_HANDLER },
  { name: '100k TS line of code', file: 'src/handler.ts', text: () => `export const main = async (event: any) => { const x = ${Array(Math.floor(LONG / 12)).fill('event.body').join(' + ')}; return eval(x); };\n`, expect: hasRule('injection-code-eval') },
  { name: '100k Python string literal', file: 'handler.py', text: () => PY_HANDLER + `K = "${'x'.repeat(LONG)}"\nF = f"${'{event}'.repeat(LONG / 7)}"\n` },
  { name: '100k Python comment', file: 'handler.py', text: () => `# ${'x'.repeat(LONG)}\n` + PY_HANDLER, expect: hasRule('injection-command') },
];

// --- deep nesting --------------------------------------------------------------------------------

/** Block mapping nested `levels` deep with 1-space steps (the most a 2 MB file can hold is ~2,000). */
const blockMap = (levels: number) => Array.from({ length: levels }, (_, i) => ' '.repeat(i + 2) + 'k:').join('\n') + ' 1\n';
const tooDeep = (fs: Finding[]) => assert.ok(fs.some((f) => f.ruleId === PARSE_RULE.id && f.message.includes(`more than ${MAX_NESTING_DEPTH} levels`)), ids(fs).join(', '));

const deepCases: Case[] = [
  { name: 'YAML flow sequences 10k deep', file: 'serverless.yml', text: () => SLS_HEAD + 'custom: ' + '['.repeat(DEEP) + ']'.repeat(DEEP) + '\n', expect: tooDeep },
  { name: 'YAML flow mappings 10k deep', file: 'template.yaml', text: () => CFN_HEAD + 'Metadata: ' + '{a: '.repeat(DEEP) + '1' + '}'.repeat(DEEP) + '\n', expect: tooDeep },
  { name: 'YAML unclosed flow 10k deep', file: 'template.yaml', text: () => CFN_HEAD + 'Metadata: ' + '{a: ['.repeat(DEEP) + '\n' },
  { name: 'YAML block sequences 10k deep (compact)', file: 'serverless.yml', text: () => SLS_HEAD + 'custom:\n  ' + '- '.repeat(DEEP) + 'x\n', expect: tooDeep },
  { name: 'YAML block mappings 1,900 deep', file: 'template.yaml', text: () => CFN_HEAD + 'Metadata:\n' + blockMap(1_900), expect: tooDeep },
  { name: 'YAML sequences of mappings 1,000 deep', file: 'serverless.yml', text: () => SLS_HEAD + 'custom:\n' + Array.from({ length: 1000 }, (_, i) => ' '.repeat(2 * i + 2) + '- k:').join('\n') + ' 1\n', expect: tooDeep },
  { name: `YAML nested ${MAX_NESTING_DEPTH} deep (the limit) inside a Condition`, file: 'template.yaml', text: () => CFN_HEAD.replace("Resource: '*'", `Resource: '*'\n              Condition: ${'{a: '.repeat(MAX_NESTING_DEPTH - 8)}1${'}'.repeat(MAX_NESTING_DEPTH - 8)}`), expect: hasRule('iam-service-wildcard-action') },
  { name: 'JSON objects 10k deep', file: 'template.json', text: () => '{"AWSTemplateFormatVersion":"2010-09-09","Resources":' + '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP) + '}', expect: tooDeep },
  { name: 'JSON arrays 10k deep', file: 'template.json', text: () => '{"AWSTemplateFormatVersion":"2010-09-09","Resources":' + '['.repeat(DEEP) + ']'.repeat(DEEP) + '}', expect: tooDeep },
  { name: 'JSON unclosed 10k deep', file: 'template.json', text: () => '{"AWSTemplateFormatVersion":"2010-09-09","Resources":' + '[{"a":'.repeat(DEEP) },
  { name: 'JS parentheses 10k deep', file: 'src/handler.js', text: () => 'exports.main = async (event) => eval(' + '('.repeat(DEEP) + 'event.body' + ')'.repeat(DEEP) + ');\n' },
  { name: 'JS arrays 10k deep', file: 'src/handler.js', text: () => 'exports.main = async (event) => { const x = ' + '['.repeat(DEEP) + 'event.body' + ']'.repeat(DEEP) + '; eval(x); };\n' },
  { name: 'JS unclosed parentheses 10k deep', file: 'src/handler.js', text: () => JS_HANDLER + '('.repeat(DEEP) },
  { name: 'JS objects, calls, arrows and blocks 10k deep', file: 'src/handler.js', text: () => 'exports.main = async (event) => { const o = ' + '{a: '.repeat(DEEP) + 'event.body' + '}'.repeat(DEEP) + '; const c = ' + 'f('.repeat(DEEP) + 'o' + ')'.repeat(DEEP) + '; const g = ' + '() => '.repeat(DEEP) + 'c; ' + '{'.repeat(DEEP) + '}'.repeat(DEEP) + ' eval(c); };\n' },
  // Moderate depth is where the structure is actually built (10k-deep literals are not modelled).
  { name: 'JS array and object literals 100 deep, reassigned and joined', file: 'src/handler.js', text: () => "const cp = require('child_process');\nexports.main = async (event) => {\n  let x = event.a ? " + '[{a: '.repeat(100) + 'event.body' + '}]'.repeat(100) + ' : ' + '['.repeat(100) + 'event.q' + ']'.repeat(100) + ';\n' + '  x = {a: x, b: [x, x]};\n'.repeat(100) + '  cp.exec(x);\n};\n' },
  { name: 'Python lists 100 deep, reassigned', file: 'handler.py', text: () => 'import os\ndef handler(event, context):\n    x = ' + '['.repeat(100) + 'event["b"]' + ']'.repeat(100) + '\n' + '    x = (x, [x, x])\n'.repeat(100) + '    os.system(x)\n' },
  { name: 'TS types and parentheses 10k deep', file: 'src/handler.ts', text: () => 'type T = ' + 'Array<'.repeat(DEEP) + 'string' + '>'.repeat(DEEP) + ';\nexport const main = async (event: any) => eval(' + '('.repeat(DEEP) + 'event.body' + ')'.repeat(DEEP) + ');\n' },
  { name: 'Python parentheses 10k deep', file: 'handler.py', text: () => 'def handler(event, context):\n    return eval(' + '('.repeat(DEEP) + 'event["body"]' + ')'.repeat(DEEP) + ')\n' },
  { name: 'Python lists and dicts 10k deep', file: 'handler.py', text: () => 'import os\ndef handler(event, context):\n    x = ' + '['.repeat(DEEP) + 'event["body"]' + ']'.repeat(DEEP) + '\n    y = ' + '{"a": '.repeat(DEEP) + 'x' + '}'.repeat(DEEP) + '\n    os.system(y)\n' },
  { name: 'Python unclosed 10k deep', file: 'handler.py', text: () => PY_HANDLER + 'x = ' + '(['.repeat(DEEP) },
  { name: 'Python blocks 300 deep', file: 'handler.py', text: () => 'import os\ndef handler(event, context):\n' + Array.from({ length: 300 }, (_, i) => ' '.repeat(4 * (i + 1)) + 'if event:\n').join('') + ' '.repeat(1204) + 'os.system(event["x"])\n' },
];

// --- characters ----------------------------------------------------------------------------------

function randomBytes(seed: number, n: number): Buffer {
  const rnd = prng(seed);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rnd() * 256);
  return b;
}

const charCases: Case[] = [];
for (const [k, file] of ['serverless.yml', 'template.json', 'template.yaml', 'src/handler.js', 'src/handler.ts', 'handler.py'].entries()) {
  const bytes = randomBytes(SEED + k, 8 * 1024);
  const head = file.endsWith('.py') ? PY_HANDLER : file.endsWith('.js') || file.endsWith('.ts') ? JS_HANDLER : file.endsWith('.json') ? '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": ' : CFN_HEAD;
  charCases.push(
    { name: `random bytes as latin1 (${file})`, file, text: bytes.toString('latin1') },
    { name: `random bytes as UTF-8 with U+FFFD (${file})`, file, text: bytes.toString('utf8') },
    { name: `valid head + random bytes (${file})`, file, text: head + bytes.toString('utf8') },
  );
}
charCases.push(
  { name: 'NUL characters in a config', file: 'serverless.yml', text: SLS_HEAD.replace(/: /g, ':\u0000 ').replace(/\n/g, '\u0000\n') },
  { name: 'NUL characters in a handler', file: 'src/handler.js', text: JS_HANDLER.replace(/\(/g, '(\u0000') },
  { name: 'lone surrogates in a config', file: 'serverless.yml', text: SLS_HEAD.replace("Action: '*'", "Action: '\uD800*'") + '    environment:\n      \uDC00KEY: "\uD83D"\n      PASSWORD: hunter2\uDFFF\n# \uD800 comment\n' },
  { name: 'lone surrogates in a JSON template', file: 'template.json', text: '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"\uD800": {"Type": "AWS::IAM::Role\uDC00", "Properties": {"Password": "\\ud800\uDBFF"}}}}' },
  { name: 'lone surrogates in a JS handler', file: 'src/handler.js', text: JS_HANDLER.replace("'ls '", "'ls \uD800'") + '// \uDC00\nconst s = `\uD83D${event}`;\n' },
  { name: 'lone surrogates in a Python handler', file: 'handler.py', text: PY_HANDLER.replace('"ls "', '"ls \uD800"') + '# \uDC00\nX = "\\ud800\uDBFF"\n' },
  { name: 'tab indentation in YAML', file: 'serverless.yml', text: SLS_HEAD.replace(/^( {2})+/gm, (m) => '\t'.repeat(m.length / 2)) },
  { name: 'mixed tabs and spaces in Python', file: 'handler.py', text: 'import os\ndef handler(event, context):\n\tif event:\n        os.system(event["x"])\n\treturn 1\n' },
  { name: 'CR-only line endings', file: 'serverless.yml', text: SLS_HEAD.replace(/\n/g, '\r') },
  { name: 'a BOM in the middle and at the end', file: 'template.yaml', text: CFN_HEAD.replace('Resources:', '\uFEFFResources:') + '\uFEFF' },
  { name: 'only a BOM', file: 'serverless.yml', text: '\uFEFF' },
  { name: 'empty file', file: 'template.json', text: '' },
  { name: 'U+2028/U+2029 and NEL line separators', file: 'src/handler.js', text: JS_HANDLER.replace(/\n/g, '\u2028') + '\u2029\u0085' },
);

const GROUPS: [string, Case[]][] = [
  ['alias bombs', aliasCases],
  ['10 MB files and the size limit', sizeCases],
  ['100,000-character lines', longCases],
  ['deep nesting', deepCases],
  ['binary data and odd characters', charCases],
];

describe('robustness: adversarial inputs', () => {
  const project = memoryProject({ '/p/src/handler.js': JS_HANDLER, '/p/handler.py': PY_HANDLER });
  const cutOff: string[] = [];
  before(() => codeParsers());

  for (const [group, cases] of GROUPS) {
    describe(group, () => {
      for (const c of cases) {
        it(c.name, (t: TestContext) => {
          const text = typeof c.text === 'function' ? c.text() : c.text;
          const file = `/p/${c.file}`;
          project.setOpen(file, text, 1);
          try {
            const { result, ms } = analyzeChecked(makeEngine(project), file, text, { context: `(${c.name})` });
            if (result.findings.some((f) => f.ruleId === ANALYSIS_TIMEOUT_RULE.id)) cutOff.push(`${c.name} (${ms.toFixed(0)} ms)`);
            t.diagnostic(`${ms.toFixed(0)} ms, ${result.findings.length} findings`);
            c.expect?.(result.findings, text);
            assertSameAsFresh(result, project, file, text, `(${c.name})`);
          } finally {
            project.close(file);
          }
        });
      }
    });
  }

  it('lists the inputs whose analysis was cut off by the time budget', (t) => {
    t.diagnostic(cutOff.length ? `analysis-timeout on: ${cutOff.join('; ')}` : 'no analysis-timeout');
  });
});

describe('robustness: line endings, BOM and characters on every example and fixture file', () => {
  let files: FixtureFile[];
  before(async () => {
    await codeParsers();
    files = fixtureFiles();
  });

  /** rule id + the text the finding points at (line breaks normalised), sorted. */
  const signature = (fs: readonly Finding[], text: string) => fs.map((f) => `${f.ruleId} ${JSON.stringify(text.slice(f.range.start, f.range.end).replace(/\r/g, ''))}`).sort();

  it('CRLF line endings and a BOM find the same things at the same text', () => {
    const project = diskProject();
    for (const f of files) {
      const base = analyzeChecked(makeEngine(project), f.path, f.text, { context: `(${f.rel})` }).result;
      for (const [how, text] of [
        ['BOM + CRLF', '\uFEFF' + f.text.replace(/\r?\n/g, '\r\n')],
      ] as const) {
        project.setOpen(f.path, text, 1);
        try {
          const r = analyzeChecked(makeEngine(project), f.path, text, { context: `(${f.rel} with ${how})` }).result;
          assert.deepEqual(signature(r.findings, text), signature(base.findings, f.text), `${f.rel} with ${how}`);
        } finally {
          project.close(f.path);
        }
      }
    }
  });

  it('NUL, lone surrogates, U+FFFD and tabs sprinkled into every file', () => {
    const project = diskProject();
    const rnd = prng(SEED + 99);
    const chars = ['\u0000', '\uD800', '\uDFFF', '\uFFFD', '\t', '\r'];
    for (const f of files) {
      let text = f.text;
      for (let k = 0; k < 12; k++) {
        const at = Math.floor(rnd() * (text.length + 1));
        text = text.slice(0, at) + chars[k % chars.length] + text.slice(at);
      }
      project.setOpen(f.path, text, 1);
      try {
        analyzeChecked(makeEngine(project), f.path, text, { context: `(${f.rel} with NUL, lone surrogates, U+FFFD, tabs and CRs)` });
      } finally {
        project.close(f.path);
      }
    }
  });
});
