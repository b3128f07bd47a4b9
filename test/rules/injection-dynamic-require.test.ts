import rule from '../../rules/injection-dynamic-require';
import { run } from '../helpers/rule-tester';
import { SCHEDULE, sls, useCodeParsers } from '../helpers/injection';

useCodeParsers();

const pluginJs = `exports.handler = async (event) => {
  const plugin = require('./plugins/' + event.detail.plugin);
  return plugin.run();
};
`;

run(rule, {
  valid: [
    { name: 'constant specifier', file: 'handler.js', code: `exports.handler = async (event) => { const util = require('util'); return { statusCode: 200, body: String(!!util) }; };\n` },
    { name: 'allowlisted plugin name (TypeScript)', file: 'handler.ts', code: `const PLUGINS = ['csv', 'json'];\nexport const handler = async (event: any) => {\n  const name = event.pathParameters.plugin;\n  if (!PLUGINS.includes(name)) return { statusCode: 404 };\n  const m = await import(\`./plugins/\${name}\`);\n  return { statusCode: 200, body: String(m) };\n};\n` },
    { name: 'Python constant import_module', file: 'handler.py', code: `import importlib\ndef handler(event, context):\n    return {"statusCode": 200, "body": str(importlib.import_module("json"))}\n` },
    {
      name: 'EventBridge detail is no source for a scheduled rule',
      file: 'jobs.js',
      code: pluginJs,
      files: { 'serverless.yml': sls({ jobs: ['jobs.handler', SCHEDULE] }), 'jobs.js': pluginJs },
    },
  ],
  invalid: [
    {
      name: 'require of a template path',
      file: 'handler.js',
      code: `exports.handler = async (event) => {\n  const plugin = require(\`./plugins/\${event.pathParameters.plugin}\`);\n  return { statusCode: 200, body: JSON.stringify(await plugin.run()) };\n};\n`,
      errors: [{ line: 2, severity: 'warning', message: '`event.pathParameters.plugin` (line 2) reaches a dynamic module load (require)' }],
    },
    {
      name: 'import() in TypeScript',
      file: 'handler.ts',
      code: `export const handler = async (event: any) => {\n  const m = await import(event.queryStringParameters.module);\n  return { statusCode: 200, body: String(m) };\n};\n`,
      errors: [{ line: 2, message: '`event.queryStringParameters.module` (line 2) reaches a dynamic module load' }],
    },
    {
      name: 'EventBridge detail is a source for an eventBridge-triggered function',
      file: 'jobs.js',
      code: pluginJs,
      files: { 'serverless.yml': sls({ jobs: ['jobs.handler', "eventBridge:\n          pattern:\n            source: ['app.jobs']"] }), 'jobs.js': pluginJs },
      errors: [{ line: 2, message: '`event.detail.plugin` (line 2) reaches a dynamic module load' }],
    },
    {
      name: 'Python importlib.import_module and __import__',
      file: 'handler.py',
      code: `import importlib\n\n\ndef handler(event, context):\n    mod = importlib.import_module("plugins." + event["pathParameters"]["plugin"])\n    __import__(event["queryStringParameters"]["m"])\n    return {"statusCode": 200, "body": str(mod)}\n`,
      errors: [{ line: 5, message: '`event.pathParameters.plugin` (line 5)' }, { line: 6, message: '`event.queryStringParameters.m` (line 6)' }],
    },
  ],
});
