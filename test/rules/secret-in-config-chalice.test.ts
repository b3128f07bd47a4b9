/**
 * Issue 13: AWS Chalice keeps a function's environment in `.chalice/config.json`
 * (https://aws.github.io/chalice/topics/configfile.html): `environment_variables` at the top
 * level, per stage (`stages.<stage>.environment_variables`) and per function
 * (`stages.<stage>.lambda_functions.<name>.environment_variables`). They are deployed as Lambda
 * environment variables, so they are judged like serverless.yml `environment:`. Written before the
 * code; near misses: names, ARNs, placeholders, non-secret keys, a config sample, other JSON files.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/secret-in-config';
import { ruleFindings, run } from '../helpers/rule-tester';

const cfg = (o: unknown) => JSON.stringify(o, null, 2) + '\n';

const withSecrets = cfg({
  version: '2.0',
  app_name: 'cv',
  environment_variables: { DB_PASSWORD: 'Tr0ub4dor&3-horse', TABLE: 'cv-table' },
  stages: {
    dev: {
      api_gateway_stage: 'api',
      environment_variables: { STRIPE_SECRET_KEY: 'sk_live_4eC39HqLyjWDarjtT1zdp7dcXyZ9', BUCKET: 'cv-uploads' },
      lambda_functions: {
        cv_event_handler: { environment_variables: { JWT_SECRET: 'hmac-secret-for-tokens-2024!' } },
      },
    },
  },
});

describe('secret-in-config on .chalice/config.json', () => {
  run(rule, {
    valid: [
      {
        name: 'names, ARNs, placeholders and references only',
        file: '.chalice/config.json',
        code: cfg({
          version: '2.0',
          app_name: 'cv',
          environment_variables: { TABLE: 'cv-table', DB_PASSWORD_PARAM: '/cv/prod/db-password', SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cv-db-AbCdEf' },
          stages: { dev: { environment_variables: { API_KEY: '<your api key>', PASSWORD: '${DB_PASSWORD}', LOG_LEVEL: 'debug' } } },
        }),
      },
      {
        name: 'a config sample beside it is a template, not the deployed config',
        file: '.chalice/config-sample.json',
        code: cfg({ version: '2.0', environment_variables: { DB_PASSWORD: 'Tr0ub4dor&3-horse' } }),
      },
      {
        name: 'a config.json outside .chalice is not a Chalice config',
        file: 'config.json',
        code: cfg({ version: '2.0', environment_variables: { DB_PASSWORD: 'Tr0ub4dor&3-horse' } }),
      },
      {
        name: 'app_name / iam_role_arn / stage names are not environment values',
        file: '.chalice/config.json',
        code: cfg({ version: '2.0', app_name: 'secret-keeper', stages: { prod: { iam_role_arn: 'arn:aws:iam::123456789012:role/cv', api_gateway_stage: 'password' } } }),
      },
    ],
    invalid: [
      {
        name: 'top level, per stage and per function environment_variables',
        file: '.chalice/config.json',
        code: withSecrets,
        errors: [
          { line: 5, message: 'DB_PASSWORD' },
          { line: 12, message: 'STRIPE_SECRET_KEY' },
          { line: 18, message: 'JWT_SECRET' },
        ],
      },
      {
        name: 'a human password in a stage (low entropy, secret-named)',
        file: 'app/.chalice/config.json',
        code: cfg({ version: '2.0', stages: { prod: { environment_variables: { ADMIN_PASSWORD: 'Winter2024!' } } } }),
        errors: [{ line: 6, message: 'ADMIN_PASSWORD' }],
      },
    ],
  });

  it('says where the value is deployed (stage and function)', () => {
    const fs = ruleFindings(rule, { name: 'messages', file: '.chalice/config.json', code: withSecrets });
    const msg = fs.map((f) => f.message).join('\n');
    assert.match(msg, /environment variable DB_PASSWORD \(\.chalice\/config\.json environment_variables, set on every function of every stage\)/);
    assert.match(msg, /environment variable STRIPE_SECRET_KEY \(stage dev\)/);
    assert.match(msg, /environment variable JWT_SECRET of function cv_event_handler \(stage dev\)/);
  });
});

describe('.chalice/config.json is a file kind of its own', () => {
  it('no snippets or completions are offered in it (JSON, not code)', async () => {
    const { authoringCompletions } = await import('../../server/src/engine/authoring/complete');
    const text = cfg({ version: '2.0', environment_variables: { A: 'b' } });
    assert.deepEqual(authoringCompletions({ path: '/p/.chalice/config.json', text, offset: text.indexOf('A'), kind: 'chalice' } as never), []);
  });
});
