/**
 * Secret → Parameter Store as one cross-file edit (issue 11, item 6), on the projects of
 * test/fixtures/secret-param-fix: what the fix writes in each file, the put-parameter command it
 * carries, that the fix rules hold for every fix offered there (test/helpers/fix-check.ts: finding
 * removed, no new warning/error from any rule, files parse) and that `serverless print` accepts the
 * fixed serverless.yml; and that it is not offered when the app could not keep working.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { after, before, describe, it } from 'node:test';
import { createEngine, type EngineFactoryResult } from '../../server/src/engine/create';
import { Project, normalizePath } from '../../server/src/engine/project';
import type { Finding, Fix } from '../../server/src/engine/types';
import { diskSource } from '../../server/src/shell/disk';
import { formatJson, formatText, scan } from '../../server/src/cli/scan';
import { mergeSettings } from '../../server/src/engine/settings';
import { checkFixes } from '../helpers/fix-check';
import { slsPrint } from '../helpers/sls-print';

// Copied out of test/ first: secrets under a test folder are test data and not reported (severityFor).
const SOURCE = path.resolve(__dirname, '../fixtures/secret-param-fix');
let ROOT: string;
let factory: EngineFactoryResult;

before(async () => {
  factory = await createEngine();
  ROOT = normalizePath(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sg-param-fix-'))));
  fs.cpSync(SOURCE, ROOT, { recursive: true });
});

after(() => fs.rmSync(ROOT, { recursive: true, force: true }));

function secretFinding(dir: string): Finding {
  const file = `${ROOT}/${dir}/serverless.yml`;
  const engine = factory.makeEngine(new Project(diskSource(1 << 20)));
  const found = engine.analyze(file, fs.readFileSync(file, 'utf8')).findings.filter((f) => f.ruleId === 'secret-in-config');
  assert.equal(found.length, 1, `${dir}: one secret-in-config finding`);
  return found[0];
}

/** The files a fix changes, after it (path relative to the case folder → text). */
function applied(fix: Fix, dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ch of fix.changes) {
    let text = fs.readFileSync(ch.file, 'utf8');
    for (const e of [...ch.edits].sort((a, b) => b.range.start - a.range.start)) text = text.slice(0, e.range.start) + e.newText + text.slice(e.range.end);
    out[ch.file.slice(`${ROOT}/${dir}/`.length)] = text;
  }
  return out;
}

const preferred = (f: Finding) => f.fixes.find((x) => x.isPreferred) ?? f.fixes[0];

describe('secret → Parameter Store: the cross-file fix', () => {
  it('JS function environment: parameter name, awaited cached fetch, grant, put-parameter command', () => {
    const fix = preferred(secretFinding('js-function'));
    assert.match(fix.title, /^Move DB_PASSWORD to SSM Parameter Store: pass DB_PASSWORD_PARAM: \/orders\/db-password, fetch it at run time in api\.js, grant ssm:GetParameter$/);
    const out = applied(fix, 'js-function');
    assert.deepEqual(Object.keys(out).sort(), ['serverless.yml', 'src/api.js']);
    assert.match(out['serverless.yml'], /\n {6}DB_PASSWORD_PARAM: \/orders\/db-password\n/);
    assert.ok(!out['serverless.yml'].includes('Quartz-Lantern-65'));
    assert.ok(out['serverless.yml'].includes(`Resource: !Sub 'arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/orders/db-password'`));
    assert.ok(out['src/api.js'].includes("const { GetParameterCommand, SSMClient } = require('@aws-sdk/client-ssm');"));
    assert.ok(out['src/api.js'].includes('password: (await getDbPassword())'));
    assert.ok(out['src/api.js'].includes('Name: process.env.DB_PASSWORD_PARAM, WithDecryption: true'));
    assert.ok(!out['src/api.js'].includes('process.env.DB_PASSWORD,'));
    assert.ok(out['src/api.js'].includes('body: process.env.TABLE_NAME'), 'other variables untouched');
    assert.equal(fix.afterApply?.copyText, "aws ssm put-parameter --name '/orders/db-password' --type SecureString --value 'Quartz-Lantern-65'");
    assert.ok(fix.afterApply && !fix.afterApply.displayText.includes('Quartz-Lantern-65') && !fix.afterApply.message.includes('Quartz-Lantern-65'));
    assert.ok(!fix.title.includes('Quartz-Lantern-65'));
  });

  it('Python provider environment: boto3 helper after the imports, os.environ.get read replaced, statement appended', () => {
    const fix = preferred(secretFinding('py-provider'));
    const out = applied(fix, 'py-provider');
    assert.match(out['serverless.yml'], /\n {4}API_TOKEN_PARAM: \/billing\/api-token\n/);
    assert.match(out['serverless.yml'], /Resource: arn:aws:dynamodb:eu-west-1:123456789012:table\/billing\n {8}- Effect: Allow\n {10}Action:\n {12}- ssm:GetParameter\n/);
    const py = out['app/charge.py'];
    assert.ok(py.includes('import urllib.request\n\nimport boto3\n\n_ssm_client = boto3.client("ssm")\n'));
    assert.ok(py.includes('"Authorization": _get_api_token()'));
    assert.ok(py.includes('_ssm_client.get_parameter(Name=os.environ["API_TOKEN_PARAM"], WithDecryption=True)["Parameter"]["Value"]'));
    assert.ok(!py.includes('os.environ.get("API_TOKEN")'));
    assert.ok(py.includes('    return _api_token\n\n\ndef handler'), 'two blank lines before the next definition');
  });

  it('TypeScript ESM with a customer key: import, typed cache, kms:Decrypt on provider.kmsKeyArn, --key-id', () => {
    const fix = preferred(secretFinding('ts-esm-kms'));
    assert.match(fix.title, /grant ssm:GetParameter and kms:Decrypt$/);
    const out = applied(fix, 'ts-esm-kms');
    assert.ok(out['src/export.ts'].startsWith("import Stripe from 'stripe';\n\nimport { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';\n"));
    assert.ok(out['src/export.ts'].includes('let stripeSecretKeyPromise: Promise<string> | undefined;'));
    assert.ok(out['src/export.ts'].includes('new Stripe((await getStripeSecretKey())!)'));
    assert.ok(out['serverless.yml'].includes('- kms:Decrypt\n          Resource: arn:aws:kms:eu-west-1:123456789012:key/1f2e3d4c-5b6a-4987-8a7b-6c5d4e3f2a1b'));
    assert.match(fix.afterApply!.copyText, /--type SecureString --key-id 'arn:aws:kms:eu-west-1:123456789012:key\/1f2e3d4c-5b6a-4987-8a7b-6c5d4e3f2a1b' --value 'sk_live_/);
  });

  it('a JSON value with several fields goes to Secrets Manager', () => {
    const fix = preferred(secretFinding('js-json-secret'));
    assert.match(fix.title, /^Move DB_CREDENTIALS to Secrets Manager: pass DB_CREDENTIALS_SECRET_ID: orders\/db-credentials, fetch it at run time in api\.js, grant secretsmanager:GetSecretValue$/);
    const out = applied(fix, 'js-json-secret');
    assert.ok(out['serverless.yml'].includes(`Resource: !Sub 'arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:orders/db-credentials-??????'`));
    assert.ok(out['src/api.js'].includes('JSON.parse((await getDbCredentials()))'));
    assert.ok(out['src/api.js'].includes('new GetSecretValueCommand({ SecretId: process.env.DB_CREDENTIALS_SECRET_ID })'));
    assert.equal(fix.afterApply?.copyText, `aws secretsmanager create-secret --name 'orders/db-credentials' --secret-string '{"username":"orders","password":"Quartz-Lantern-65"}'`);
    assert.ok(!fix.afterApply!.displayText.includes('Quartz-Lantern-65'));
  });

  it('Powertools parameters, when the handler already uses them: its cached call at the read, no helper', () => {
    const fix = preferred(secretFinding('py-powertools'));
    const out = applied(fix, 'py-powertools');
    assert.ok(out['app/refund.py'].includes('key = parameters.get_parameter(os.environ["WEBHOOK_SECRET_PARAM"], decrypt=True).encode()'));
    assert.ok(!out['app/refund.py'].includes('boto3'));
    assert.match(out['serverless.yml'], /WEBHOOK_SECRET_PARAM: \/billing\/webhook-secret\n/);
  });

  it('a literal in handler code (secret-in-code): the literal becomes the fetch, the function gets NAME_PARAM and the grant', () => {
    for (const [dir, file, read] of [
      ['code-py', 'app/token.py', 'jwt.encode({"sub": event["id"]}, _get_jwt_secret(), algorithm="HS256")'],
      ['code-js', 'src/login.js', 'jwt.sign({ sub: event.user }, (await getJwtSecret()), { expiresIn: \'1h\' })'],
    ] as const) {
      const path = `${ROOT}/${dir}/${file}`;
      const engine = factory.makeEngine(new Project(diskSource(1 << 20)));
      const found = engine.analyze(path, fs.readFileSync(path, 'utf8')).findings.filter((f) => f.ruleId === 'secret-in-code');
      assert.equal(found.length, 1, dir);
      const fix = preferred(found[0]);
      assert.match(fix.title, /^Move JWT_SECRET to SSM Parameter Store: pass JWT_SECRET_PARAM: \/(billing|orders)\/jwt-secret, fetch it at run time in /);
      const out = applied(fix, dir);
      assert.ok(out[file].includes(read), out[file]);
      assert.match(out['serverless.yml'], /\n {4}environment:\n {6}JWT_SECRET_PARAM: \/(billing|orders)\/jwt-secret\n/);
      assert.match(out['serverless.yml'], /- ssm:GetParameter\n/);
      assert.match(fix.afterApply!.copyText, /--value 'orders-signing'$|--value 'shhhhh-orders'$/);
      assert.equal(found[0].fixes.length, 3, 'the environment-variable fix stays as an alternative, plus the suppression');
    }
  });

  it('a ${ssm:} reference resolved into the environment (secret-ssm-in-environment): the same edit with the existing parameter', () => {
    const file = `${ROOT}/ssm-reference/serverless.yml`;
    const engine = factory.makeEngine(new Project(diskSource(1 << 20)));
    const found = engine.analyze(file, fs.readFileSync(file, 'utf8')).findings.filter((f) => f.ruleId === 'secret-ssm-in-environment');
    assert.equal(found.length, 1);
    const fix = preferred(found[0]);
    assert.equal(fix.title, 'Pass DB_PASSWORD_PARAM: /orders/db/password instead, fetch it at run time in api.js, grant ssm:GetParameter');
    assert.equal(fix.afterApply, undefined, 'the parameter exists already');
    const out = applied(fix, 'ssm-reference');
    assert.match(out['serverless.yml'], /DB_PASSWORD_PARAM: \/orders\/db\/password\n/);
    assert.ok(out['serverless.yml'].includes(':parameter/orders/db/password'));
    assert.ok(out['src/api.js'].includes('password: (await getDbPassword())'));
  });

  for (const dir of ['js-function', 'py-provider', 'ts-esm-kms', 'js-json-secret', 'py-powertools', 'code-py', 'code-js', 'ssm-reference']) {
    it(`${dir}: every fix offered keeps the fix rules (finding gone, nothing new at warning/error, files parse)`, async () => {
      const r = await checkFixes(`${ROOT}/${dir}`, factory);
      assert.deepEqual(r.violations, []);
      const applied = ['secret-in-config', 'secret-in-code', 'secret-ssm-in-environment'].reduce((n, id) => n + (r.stats.get(id)?.fixesApplied ?? 0), 0);
      assert.ok(applied > 0);
    });
  }

  it('serverless print (Serverless Framework v3, offline) accepts the fixed serverless.yml', () => {
    const out = applied(preferred(secretFinding('py-provider')), 'py-provider');
    const r = slsPrint(out['serverless.yml']);
    assert.ok(r.ok, r.output);
    assert.ok(r.output.includes('parameter/billing/api-token'));
  });
});

describe('secret → Parameter Store: not offered when the app could not keep working', () => {
  for (const [dir, why] of [
    ['js-top-level-read', 'the read is outside an async function (the fetch could not be awaited)'],
    ['js-no-read', 'the handler never reads the variable (a module it imports may)'],
    ['js-destructured', 'the variable is read by destructuring process.env'],
  ] as const) {
    it(`${dir}: ${why}`, () => {
      const f = secretFinding(dir);
      assert.ok(f.fixes.every((x) => !x.title.startsWith('Move DB_PASSWORD to SSM Parameter Store: pass')));
      const fix = preferred(f);
      assert.match(fix.title, /^Move to SSM Parameter Store: create SecureString \/orders\/DB_PASSWORD with this value, then use \$\{ssm:\/orders\/DB_PASSWORD\}$/);
      assert.deepEqual(fix.changes.map((c) => c.file), [`${ROOT}/${dir}/serverless.yml`]);
      assert.equal(fix.afterApply?.copyText, "aws ssm put-parameter --name '/orders/DB_PASSWORD' --type SecureString --value 'Quartz-Lantern-65'");
    });
  }
});

describe('secret → Parameter Store: the command to store the value', () => {
  it('the CLI prints it under the finding with the value masked (text), never the value (text or JSON)', () => {
    const dir = `${ROOT}/js-function`;
    const res = scan({ paths: ['.'], format: 'text', cwd: dir }, mergeSettings(), factory.makeEngine);
    const text = formatText(res, dir);
    assert.match(text, /\n {6}then: Create the SecureString parameter \/orders\/db-password with the value that was in serverless\.yml before deploying\. aws ssm put-parameter --name '\/orders\/db-password' --type SecureString --value 'Quar…\(17 chars\)'\n/);
    assert.ok(!text.includes('Quartz-Lantern-65'));
    assert.ok(!formatJson(res, dir).includes('Quartz-Lantern-65'));
  });
});
