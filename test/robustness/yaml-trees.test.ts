/**
 * Random configuration trees (fast-check `letrec`): Serverless Framework services, SAM templates and
 * CloudFormation templates whose shapes are the ones rules read — Resources with AWS:: types,
 * policies with Statement/Effect/Action/Resource/Principal/Condition, functions with handlers,
 * events, URLs and environments — filled with values rules care about ('*', service wildcards,
 * ARNs, secrets-like strings, `${…}` variables) and with arbitrary ones, short-form tags (!Ref,
 * !Sub, !GetAtt, !Join, …) included. Each tree is written as block/flow YAML text (and as JSON) and
 * analysed with the full rule set: nothing throws, no rule errors, in time, deterministic, and
 * text written by a correct emitter never gets a parse error.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { PARSE_RULE } from '../../server/src/engine/engine';
import { analyzeChecked, assertSameAsFresh, codeParsers, makeEngine, memoryProject, runs, SEED } from './harness';

// ---------------------------------------------------------------------------------------------
// The tree: plain data plus tagged values and a style flag per collection.

class Tagged {
  constructor(
    readonly tag: string,
    readonly value: Node,
  ) {}
}
class Coll {
  constructor(
    readonly value: Node[] | [string, Node][],
    readonly flow: boolean,
  ) {}
  /** A mapping (entries) rather than a sequence (items). */
  mapFlag = false;
}
type Scalar = string | number | boolean | null;
type Node = Scalar | Tagged | Coll;

const map = (entries: [string, Node][], flow = false): Coll => {
  const c = new Coll(entries, flow);
  c.mapFlag = true;
  return c;
};
const seq = (items: Node[], flow = false): Coll => new Coll(items, flow);

// ---------------------------------------------------------------------------------------------
// Arbitraries.

const ACTIONS = ['*', 's3:*', 's3:GetObject', 's3:Get*', 'dynamodb:PutItem', 'dynamodb:*', 'iam:PassRole', 'iam:*', 'iam:CreatePolicyVersion', 'lambda:InvokeFunction', 'sts:AssumeRole', 'ec2:Describe*', 'kms:Decrypt', 'secretsmanager:GetSecretValue', 'sqs:SendMessage', 'logs:*', 's3:GetObjct', 'nosuchservice:Do', 'S3:getobject', ''];
const RESOURCES = ['*', 'arn:aws:s3:::bucket/*', 'arn:aws:dynamodb:us-east-1:123456789012:table/orders', 'arn:aws:iam::*:role/*', 'arn:aws:sqs:*:*:*', 'arn:${AWS::Partition}:s3:::b', '${self:custom.bucketArn}'];
const TYPES = ['AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::Lambda::Function', 'AWS::Lambda::Permission', 'AWS::Lambda::Url', 'AWS::Serverless::Function', 'AWS::Serverless::Api', 'AWS::Serverless::HttpApi', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy', 'AWS::ApiGateway::Method', 'AWS::ApiGatewayV2::Route', 'AWS::SecretsManager::Secret', 'AWS::Lambda::EventSourceMapping', 'AWS::Custom::Thing', 'Custom::X'];
const VALUES = ['*', 'Allow', 'Deny', 'AKIAIOSFODNN7EXAMPLE', 'AKIA2E0A8F3B244C9986', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', 'sk_live_51H8xYzABCDEFGHIJKLMNOPQRSTUVWXYZ', 'hunter2', 'correct-horse-battery-staple', 'postgres://admin:s3cr3tP4ss@db.example.com:5432/app', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl', '${ssm:/app/password}', '${env:SECRET}', '${self:custom.x}', '${file(./x.js):fn}', '{{resolve:secretsmanager:db:SecretString:password}}', 'src/handler.main', 'handler.handler', 'app.lambda_handler', 'nodejs20.x', 'python3.12', 'GET /items', 'POST /users/{id}', 'aws_iam', 'NONE', 'AWS_IAM', 'true', 'false', 'yes', '~', '', ' ', 'a: b', '- x', '# not a comment', '&anchor', '*alias', '!Ref x', '%YAML', "it's", 'tab\there', 'line\nbreak', '\u00e9\u4e2d\u{1F600}', '\ufffd', '\uD800', '\u0000', '\r', '\\'];
const KEYS = ['Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition', 'Sid', 'Statement', 'Version', 'PolicyDocument', 'Policies', 'ManagedPolicyArns', 'AssumeRolePolicyDocument', 'Role', 'Roles', 'Handler', 'Runtime', 'CodeUri', 'Environment', 'Variables', 'Events', 'Type', 'Properties', 'Auth', 'Authorizer', 'DefaultAuthorizer', 'AuthType', 'FunctionUrlConfig', 'Default', 'NoEcho', 'Password', 'ApiKey', 'SecretString', 'Value', 'Cors', 'AllowOrigins', 'AllowCredentials', 'handler', 'events', 'http', 'httpApi', 'method', 'path', 'authorizer', 'cors', 'private', 'url', 'environment', 'iamRoleStatements', 'role', 'iam', 'statements', 'managedPolicies', 'DB_PASSWORD', 'API_KEY', 'SECRET_TOKEN', 'TABLE', '<<', '', '?', 'a b', '-', '"q"', 'ключ', '1', 'true', 'null'];

const TAGS = ['!Ref', '!Sub', '!GetAtt', '!ImportValue', '!Join', '!Select', '!Split', '!If', '!Equals', '!Not', '!FindInMap', '!Base64', '!GetAZs', '!Condition', '!Unknown'];

const scalar: fc.Arbitrary<Scalar> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...VALUES, ...ACTIONS, ...RESOURCES) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 100_000 }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);
const key: fc.Arbitrary<string> = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) });
const uniqueEntries = (value: fc.Arbitrary<Node>, maxLength: number) => fc.uniqueArray(fc.tuple(key, value), { maxLength, selector: (e) => e[0] });

const policyDoc = (stmts: Node[]): Node => map([['Version', '2012-10-17'], ['Statement', seq(stmts)]]);

const { node, statement, resource, fn } = fc.letrec<{ node: Node; coll: Node; tagged: Node; statement: Node; resource: Node; fn: Node }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('coll'), tie('tagged'), tie('statement'), tie('resource'), tie('fn')),
  coll: fc.oneof(
    fc.tuple(fc.array(tie('node'), { maxLength: 4 }), fc.boolean()).map(([items, flow]) => seq(items, flow)),
    fc.tuple(uniqueEntries(tie('node'), 5), fc.boolean()).map(([entries, flow]) => map(entries, flow)),
  ),
  tagged: fc.tuple(fc.constantFrom(...TAGS), fc.oneof(scalar, tie('coll'))).map(([t, v]) => new Tagged(t, v)),
  statement: fc
    .record(
      {
        Effect: fc.constantFrom<Node>('Allow', 'Allow', 'Deny', 'allow', null),
        Action: fc.oneof(fc.constantFrom<Node>(...ACTIONS), fc.array(fc.constantFrom<Node>(...ACTIONS), { maxLength: 4 }).map((a) => seq(a))),
        NotAction: fc.constantFrom<Node>(...ACTIONS),
        Resource: fc.oneof(fc.constantFrom<Node>(...RESOURCES), tie('tagged'), fc.array(fc.constantFrom<Node>(...RESOURCES), { maxLength: 3 }).map((a) => seq(a, true))),
        NotResource: fc.constantFrom<Node>(...RESOURCES),
        Principal: fc.oneof(fc.constantFrom<Node>('*', map([['AWS', '*']]), map([['Service', 'lambda.amazonaws.com']]), map([['AWS', seq(['arn:aws:iam::123456789012:root', '*'])]])), tie('node')),
        NotPrincipal: fc.constantFrom<Node>('*', map([['AWS', '*']])),
        Condition: fc.oneof(fc.constant<Node>(map([['StringEquals', map([['aws:SourceAccount', '123456789012']])]])), tie('node')),
      },
      { requiredKeys: ['Effect', 'Action'] },
    )
    .map((r) => map(Object.entries(r) as [string, Node][])),
  resource: fc.oneof(
    // Anything under a real type.
    fc.tuple(fc.constantFrom(...TYPES), uniqueEntries(fc.oneof(tie('node'), tie('statement').map((st) => policyDoc([st]))), 6)).map(([type, props]) => map([['Type', type], ['Properties', map(props)]])),
    // IAM roles and policies as CloudFormation writes them.
    fc
      .record({
        trust: fc.array(tie('statement'), { minLength: 1, maxLength: 2 }),
        policies: fc.array(fc.array(tie('statement'), { minLength: 1, maxLength: 3 }), { maxLength: 2 }),
        managed: fc.array(fc.constantFrom<Node>('arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/AmazonS3FullAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess', new Tagged('!Sub', 'arn:${AWS::Partition}:iam::aws:policy/PowerUserAccess')), { maxLength: 2 }),
        policyType: fc.constantFrom('AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'),
      })
      .map(({ trust, policies, managed, policyType }) =>
        policyType === 'AWS::IAM::Role'
          ? map([['Type', policyType], ['Properties', map([['AssumeRolePolicyDocument', policyDoc(trust)], ['ManagedPolicyArns', seq(managed)], ['Policies', seq(policies.map((p, i) => map([['PolicyName', `p${i}`], ['PolicyDocument', policyDoc(p)]])))]])]])
          : map([['Type', policyType], ['Properties', map([['PolicyDocument', policyDoc(policies[0] ?? trust)], ['Roles', seq([new Tagged('!Ref', 'Role')])]])]]),
      ),
    // SAM functions with policy templates, events, URLs and environments.
    fc
      .record({
        handler: fc.constantFrom<Node>('src/handler.main', 'app.lambda_handler', 'index.handler'),
        runtime: fc.constantFrom<Node>('nodejs20.x', 'python3.12'),
        policies: fc.array(fc.oneof(fc.constantFrom<Node>('AWSLambdaBasicExecutionRole', 'AdministratorAccess', map([['S3ReadPolicy', map([['BucketName', '*']])]]), map([['DynamoDBCrudPolicy', map([['TableName', new Tagged('!Ref', 'T')]])]])), tie('statement').map((st) => policyDoc([st]))), { maxLength: 3 }),
        events: fc.uniqueArray(fc.tuple(fc.stringMatching(/^[A-Z][a-z]{0,5}$/), fc.constantFrom('Api', 'HttpApi', 'SQS', 'S3', 'Schedule', 'SNS'), fc.constantFrom<Node>(map([['Path', '/x'], ['Method', 'post']]), map([['Auth', map([['Authorizer', 'NONE']])]]), map([]))), { maxLength: 2, selector: (e) => e[0] }),
        url: fc.constantFrom<Node>(map([['AuthType', 'NONE']]), map([['AuthType', 'AWS_IAM']]), map([['AuthType', 'NONE'], ['Cors', map([['AllowOrigins', seq(['*'])], ['AllowCredentials', true]])]])),
        env: uniqueEntries(fc.oneof(scalar, tie('tagged')), 3),
      })
      .map(({ handler, runtime, policies, events, url, env }) =>
        map([
          ['Type', 'AWS::Serverless::Function'],
          ['Properties', map([['Handler', handler], ['Runtime', runtime], ['CodeUri', '.'], ['Policies', seq(policies)], ['Events', map(events.map(([n, t, p]) => [n, map([['Type', t], ['Properties', p]])]))], ['FunctionUrlConfig', url], ['Environment', map([['Variables', map(env)]])]])],
        ]),
      ),
    // Resource policies and permissions.
    fc.tuple(fc.constantFrom('AWS::Lambda::Permission', 'AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy'), tie('statement')).map(([type, st]) =>
      type === 'AWS::Lambda::Permission'
        ? map([['Type', type], ['Properties', map([['Action', 'lambda:InvokeFunction'], ['Principal', '*'], ['FunctionName', new Tagged('!GetAtt', 'Fn.Arn')]])]])
        : map([['Type', type], ['Properties', map([['PolicyDocument', policyDoc([st])]])]]),
    ),
  ),
  fn: fc
    .record(
      {
        handler: fc.constantFrom<Node>('src/handler.main', 'handler.handler', 'app.lambda_handler', 'missing/file.fn', ''),
        runtime: fc.constantFrom<Node>('nodejs20.x', 'python3.12', 'java21', 'provided'),
        events: fc.array(
          fc.oneof(
            fc.constantFrom<Node>(map([['httpApi', 'POST /items']]), map([['http', map([['path', 'x'], ['method', 'get'], ['cors', true]])]]), map([['http', 'GET users']]), map([['http', map([['path', 'y'], ['method', 'post'], ['private', true]])]]), map([['sqs', 'arn:aws:sqs:us-east-1:123456789012:q']]), map([['s3', 'bucket']]), map([['schedule', 'rate(1 hour)']])),
            uniqueEntries(tie('node'), 3).map((e) => map(e)),
          ),
          { maxLength: 3 },
        ).map((e) => seq(e)),
        environment: uniqueEntries(fc.oneof(scalar, tie('tagged')), 4).map((e) => map(e)),
        url: fc.oneof(fc.constant<Node>(true), fc.constant<Node>(map([['authorizer', 'aws_iam']])), fc.constant<Node>(map([['cors', map([['allowedOrigins', seq(['*'])], ['allowCredentials', true]])]])), tie('node')),
        iamRoleStatements: fc.array(tie('statement'), { maxLength: 2 }).map((st) => seq(st)),
        role: fc.constantFrom<Node>('SharedRole', new Tagged('!GetAtt', 'Role.Arn')),
      },
      { requiredKeys: ['handler'] },
    )
    .map((r) => map(Object.entries(r) as [string, Node][])),
}));

const named = (value: fc.Arbitrary<Node>, max: number) => fc.uniqueArray(fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/), value), { maxLength: max, selector: (e) => e[0] });

type Doc = { file: string; root: Coll };
const serverless: fc.Arbitrary<Doc> = fc
  .record({
    functions: named(fc.oneof({ weight: 4, arbitrary: fn }, { weight: 1, arbitrary: node }), 4),
    statements: fc.array(fc.oneof({ weight: 4, arbitrary: statement }, { weight: 1, arbitrary: node }), { maxLength: 3 }),
    resources: named(fc.oneof({ weight: 4, arbitrary: resource }, { weight: 1, arbitrary: node }), 3),
    extra: uniqueEntries(node, 3),
  })
  .map(({ functions, statements, resources, extra }) => ({
    file: 'serverless.yml',
    root: map([
      ['service', 'app'],
      ['provider', map([['name', 'aws'], ['runtime', 'nodejs20.x'], ['iam', map([['role', map([['statements', seq(statements)]])]])], ['environment', map([['DB_PASSWORD', 'hunter2hunter2']])]])],
      ['functions', map(functions)],
      ['resources', map([['Resources', map(resources)]])],
      ...extra.filter(([k]) => !['service', 'provider', 'functions', 'resources'].includes(k)),
    ]),
  }));
const template = (sam: boolean): fc.Arbitrary<Doc> =>
  fc.record({ resources: named(fc.oneof({ weight: 4, arbitrary: resource }, { weight: 1, arbitrary: node }), 6), params: named(fc.oneof(node, fc.constantFrom<Node>(map([['Type', 'String'], ['Default', 'hunter2hunter2']]), map([['Type', 'String'], ['NoEcho', true]]))), 2), globals: node }).map(({ resources, params, globals }) => ({
    file: 'template.yaml',
    root: map([
      ['AWSTemplateFormatVersion', '2010-09-09'],
      ...(sam ? ([['Transform', 'AWS::Serverless-2016-10-31'], ['Globals', map([['Function', globals]])]] as [string, Node][]) : []),
      ['Parameters', map(params)],
      ['Resources', map(resources)],
    ]),
  }));
const docs = fc.oneof(serverless, template(true), template(false));

// ---------------------------------------------------------------------------------------------
// Emitters.

const PLAIN = /^[A-Za-z0-9](?:[A-Za-z0-9_./:*()-]*[A-Za-z0-9_./*()-])?$/;
/** Plain scalars that would not read back as the same string. */
const AMBIGUOUS = /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+|\.inf|\.nan)$/i;

function yamlScalar(v: Scalar): string {
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (PLAIN.test(v) && !AMBIGUOUS.test(v) && !v.includes('://')) return v;
  return JSON.stringify(v); // a JSON string is a valid YAML double-quoted scalar
}

function flow(v: Node): string {
  if (v instanceof Tagged) return `${v.tag} ${v.value instanceof Coll || v.value instanceof Tagged ? flow(v.value) : yamlScalar(v.value)}`;
  if (v instanceof Coll) {
    if (v.mapFlag) return `{${(v.value as [string, Node][]).map(([k, x]) => `${JSON.stringify(k)}: ${flow(x)}`).join(', ')}}`;
    return `[${(v.value as Node[]).map(flow).join(', ')}]`;
  }
  return yamlScalar(v);
}

const isBlockColl = (v: Node): v is Coll => v instanceof Coll && !v.flow && v.value.length > 0;

/** Block YAML: lines of `v` at `indent`. */
function block(v: Node, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (!isBlockColl(v)) return [pad + flow(v)];
  const out: string[] = [];
  if (v.mapFlag) {
    for (const [k, x] of v.value as [string, Node][]) {
      const kk = PLAIN.test(k) && !AMBIGUOUS.test(k) ? k : JSON.stringify(k);
      if (isBlockColl(x)) out.push(`${pad}${kk}:`, ...block(x, indent + 2));
      else if (typeof x === 'string' && x.includes('\n') && !x.includes('\r') && !/^\s|\s$/.test(x) && !/[^\x20-\x7e\n]/.test(x)) out.push(`${pad}${kk}: |-`, ...x.split('\n').map((l) => (l ? `${pad}  ${l}` : '')));
      else out.push(`${pad}${kk}: ${flow(x)}`);
    }
  } else {
    for (const x of v.value as Node[]) {
      if (isBlockColl(x)) {
        const inner = block(x, indent + 2);
        out.push(`${pad}- ${inner[0].slice(indent + 2)}`, ...inner.slice(1));
      } else out.push(`${pad}- ${flow(x)}`);
    }
  }
  return out;
}

/** JSON: tags in their long form ({"Ref": …}, {"Fn::Sub": …}). */
function toJson(v: Node): unknown {
  if (v instanceof Tagged) return { [v.tag === '!Ref' ? 'Ref' : v.tag === '!Condition' ? 'Condition' : `Fn::${v.tag.slice(1)}`]: toJson(v.value) };
  if (v instanceof Coll) return v.mapFlag ? Object.fromEntries((v.value as [string, Node][]).map(([k, x]) => [k, toJson(x)])) : (v.value as Node[]).map(toJson);
  return v;
}

// ---------------------------------------------------------------------------------------------

describe('robustness: random configuration trees', () => {
  before(() => codeParsers());

  const project = memoryProject({ '/p/src/handler.js': 'exports.main = async (event) => ({ statusCode: 200, body: event.body });\n', '/p/app.py': 'def lambda_handler(event, context):\n    return event\n' });

  it('YAML text of random serverless/SAM/CloudFormation trees: analysed without errors, in time, deterministically, without parse errors', () => {
    const engine = makeEngine(project);
    let n = 0;
    const fired = new Set<string>();
    fc.assert(
      fc.property(docs, (d) => {
        const text = block(d.root, 0).join('\n') + '\n';
        const file = `/p/${d.file}`;
        const context = `(random ${d.file} #${n++})`;
        const { result } = analyzeChecked(engine, file, text, { context });
        for (const f of result.findings) fired.add(f.ruleId);
        const parseErrors = result.findings.filter((f) => f.ruleId === PARSE_RULE.id && f.severity === 'error');
        assert.deepEqual(parseErrors.map((f) => f.message), [], `the emitted YAML should parse ${context}\n${text}`);
        assertSameAsFresh(result, project, file, text, context);
      }),
      { seed: SEED, numRuns: runs(40), includeErrorInReport: true },
    );
    // The trees reach the rules (not only the parser): most config rules fire on some of them.
    assert.ok(fired.size >= 15, [...fired].sort().join(", "));
  });

  it('the same trees as JSON templates and as flow-style YAML', () => {
    const engine = makeEngine(project);
    fc.assert(
      fc.property(docs, fc.boolean(), (d, asJson) => {
        const file = `/p/${d.file.replace(/\.ya?ml$/, asJson ? '.json' : '.yaml')}`;
        const text = asJson ? JSON.stringify(toJson(d.root), null, 2) : flow(d.root) + '\n';
        const { result } = analyzeChecked(engine, file, text, { context: `(${file})` });
        if (asJson) assert.deepEqual(result.findings.filter((f) => f.ruleId === PARSE_RULE.id && f.severity === 'error').map((f) => f.message), [], text);
        // Fixes too: they are built lazily, here for every finding.
        assertSameAsFresh(result, project, file, text, `(${file})`, true);
      }),
      { seed: SEED + 1, numRuns: runs(25), includeErrorInReport: true },
    );
  });
});
