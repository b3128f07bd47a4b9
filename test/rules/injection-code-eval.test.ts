import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/injection-code-eval';
import { run, ruleFindings } from '../helpers/rule-tester';
import { HTTP, SNS, sls, useCodeParsers } from '../helpers/injection';

useCodeParsers();

const snsJs = `exports.handler = async (event) => {
  for (const r of event.Records) {
    const rule = r.Sns.Message;
    new Function('order', 'return ' + rule);
  }
};
`;

run(rule, {
  valid: [
    { name: 'constant-only eval', file: 'handler.js', code: `exports.handler = async (event) => {\n  eval('1 + 2');\n  const k = 'Math.max(1, 2)';\n  eval(k);\n  return { statusCode: 200 };\n};\n` },
    { name: 'numeric coercion before evaluation', file: 'handler.ts', code: `export const handler = async (event: any) => {\n  const n = Number(JSON.parse(event.body).n);\n  return { statusCode: 200, body: String(eval(\`\${n} * 2\`)) };\n};\n` },
    { name: 'JSON.parse instead of eval', file: 'handler.js', code: `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(JSON.parse(event.body)) });\n` },
    { name: 'Python ast.literal_eval', file: 'handler.py', code: `import ast\ndef handler(event, context):\n    return {"statusCode": 200, "body": str(ast.literal_eval(event["body"]))}\n` },
    { name: 'Python constant eval', file: 'handler.py', code: `def handler(event, context):\n    return {"statusCode": 200, "body": str(eval("1 + 1"))}\n` },
    {
      name: 'SNS message is not a source when the function is behind API Gateway only',
      file: 'rules.js',
      code: snsJs,
      files: { 'serverless.yml': sls({ rules: ['rules.handler', HTTP] }), 'rules.js': snsJs },
    },
  ],
  invalid: [
    {
      name: 'eval of a parsed body field',
      file: 'handler.js',
      code: `exports.handler = async (event) => {\n  const { expression } = JSON.parse(event.body);\n  const result = eval(expression);\n  return { statusCode: 200, body: JSON.stringify({ result }) };\n};\n`,
      errors: [{ text: 'eval(expression)', line: 3, severity: 'error', message: '`event.body` (line 2) reaches code evaluation (eval) without validation' }],
    },
    {
      name: 'vm.runInNewContext (TypeScript)',
      file: 'calc.ts',
      code: `import vm from 'vm';\nimport type { APIGatewayProxyEvent } from 'aws-lambda';\nexport async function handler(event: APIGatewayProxyEvent) {\n  return { statusCode: 200, body: String(vm.runInNewContext(event.queryStringParameters?.expr ?? '')) };\n}\n`,
      errors: [{ line: 4, message: '`event.queryStringParameters.expr` (line 4) reaches code evaluation' }],
    },
    {
      name: 'Python eval and exec',
      file: 'handler.py',
      code: `def handler(event, context):\n    expr = event["queryStringParameters"]["expr"]\n    exec("x = " + event["body"])\n    return {"statusCode": 200, "body": str(eval(expr))}\n`,
      errors: [{ line: 3, message: '`event.body` (line 3) reaches code evaluation (exec)' }, { line: 4, message: '`event.queryStringParameters.expr` (line 2) reaches code evaluation (eval)' }],
    },
    {
      name: 'SNS message is a source for an sns-triggered function',
      file: 'rules.js',
      code: snsJs,
      files: { 'serverless.yml': sls({ rules: ['rules.handler', SNS] }), 'rules.js': snsJs },
      errors: [{ line: 4, message: '(line 3) reaches code evaluation (new Function)' }],
    },
  ],
});

// --- fixes (issue 11 item 7): data evaluated as code is parsed as data instead ---------------------
const evalJs = `exports.handler = async (event) => {\n  const cfg = eval('(' + event.body + ')');\n  return { statusCode: 200, body: String(cfg.a) };\n};\n`;
const evalPy = `def handler(event, context):\n    data = eval(event["body"])\n    return {"statusCode": 200, "body": str(data)}\n`;

run(rule, {
  valid: [],
  invalid: [
    {
      name: "eval('(' + body + ')') used as a value → JSON.parse(body)",
      file: 'handler.js',
      code: evalJs,
      errors: [{ line: 2 }],
      fixes: [{ title: 'JSON.parse', output: evalJs.replace("eval('(' + event.body + ')')", 'JSON.parse(event.body)') }],
    },
    {
      name: 'Python eval of data → ast.literal_eval, importing ast',
      file: 'handler.py',
      code: evalPy,
      errors: [{ line: 2 }],
      fixes: [{ title: 'ast.literal_eval', output: 'import ast\n\n' + evalPy.replace('eval(event["body"])', 'ast.literal_eval(event["body"])') }],
    },
  ],
});

/** The fixes a finding offers, without the suppression comment every finding has. */
const offered = (c: { file: string; code: string }) => ruleFindings(rule, c).map((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore ')).map((x) => x.title));

describe('injection-code-eval fixes', () => {
  it('eval whose result is thrown away runs code on purpose: no fix', () => {
    assert.deepEqual(offered({ file: 'handler.js', code: `exports.handler = async (event) => {\n  eval(event.body);\n  return { statusCode: 204 };\n};\n` }), [[]]);
  });
  it('Python: an existing `import ast` is reused', () => {
    const code = `import ast\n\n${evalPy}`;
    const [f] = ruleFindings(rule, { file: 'handler.py', code });
    assert.equal(f.fixes[0].changes[0].edits.length, 1);
  });
});
