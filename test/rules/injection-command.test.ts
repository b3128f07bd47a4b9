import rule from '../../rules/injection-command';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleFindings, run } from '../helpers/rule-tester';
import { HTTP, S3, SCHEDULE, checkCodeFixes, sls, useCodeParsers } from '../helpers/injection';

useCodeParsers();

const jsExec = `const { exec } = require('child_process');

exports.handler = async (event) => {
  const file = event.queryStringParameters.file;
  exec(\`convert \${file} /tmp/out.png\`);
  return { statusCode: 202, body: '' };
};
`;

const pyShell = `import subprocess


def handler(event, context):
    host = event["queryStringParameters"]["host"]
    out = subprocess.run(f"ping -c 1 {host}", shell=True, capture_output=True)
    return {"statusCode": 200, "body": out.stdout.decode()}
`;

const s3Py = `import os


def handler(event, context):
    for record in event["Records"]:
        key = record["s3"]["object"]["key"]
        os.system("aws s3 cp s3://uploads/" + key + " /tmp/in")
`;

const pyHandler = `from . import shell


def handler(event, context):
    shell.run(event["body"])
    return {"statusCode": 200}
`;
const pyShellHelper = `import os


def run(cmd):
    os.system("echo " + cmd)
`;

run(rule, {
  valid: [
    { name: 'argument array, no shell', file: 'handler.js', code: `const { execFile, spawn } = require('child_process');\nexports.handler = async (event) => {\n  const f = event.queryStringParameters.file;\n  execFile('convert', [f, '/tmp/out.png']);\n  spawn('ls', ['-la', f]);\n};\n` },
    { name: 'constant command', file: 'handler.mjs', code: `import { exec } from 'child_process';\nexport const handler = async (event) => { exec('uptime'); return { statusCode: 200 }; };\n` },
    {
      name: 'regex guard that constrains every character',
      file: 'handler.ts',
      code: `import { execSync } from 'child_process';
export const handler = async (event: any) => {
  const name = event.queryStringParameters.name;
  if (!/^[a-z0-9]+$/.test(name)) return { statusCode: 400 };
  execSync('cat /data/' + name);
};
`,
    },
    { name: 'Python list form', file: 'handler.py', code: `import subprocess\ndef handler(event, context):\n    subprocess.run(["ping", "-c", "1", event["queryStringParameters"]["host"]])\n` },
    { name: 'Python shlex.quote', file: 'handler.py', code: `import shlex, subprocess\ndef handler(event, context):\n    subprocess.run("convert " + shlex.quote(event["body"]) + " /tmp/o.png", shell=True)\n` },
    {
      name: 'S3 object key is not a source when the function only runs on a schedule',
      file: 'sync.py',
      code: s3Py,
      files: { 'serverless.yml': sls({ sync: ['sync.handler', SCHEDULE] }, 'python3.12'), 'sync.py': s3Py },
    },
  ],
  invalid: [
    {
      name: 'exec with a template literal',
      file: 'handler.js',
      code: jsExec,
      errors: [{ text: 'exec(`convert ${file} /tmp/out.png`)', line: 5, severity: 'error', message: '`event.queryStringParameters.file` (line 4) reaches an OS command (child_process.exec) without validation' }],
      fixes: [{ title: 'execFile', output: jsExec.replace("const { exec } = require('child_process');", "const { exec, execFile } = require('child_process');").replace('exec(`convert ${file} /tmp/out.png`)', "execFile('convert', [file, '/tmp/out.png'])") }],
    },
    {
      name: 'a function merely named sanitize is not a sanitizer (TypeScript)',
      file: 'handler.ts',
      code: `import { execSync } from 'child_process';
import type { APIGatewayProxyHandler } from 'aws-lambda';
function sanitize(input: string) { return String(input).trim(); }
export const handler: APIGatewayProxyHandler = async (event) => {
  execSync('cat /data/' + sanitize(event.queryStringParameters!.name!));
  return { statusCode: 200, body: '' };
};
`,
      errors: [{ line: 5, message: '`event.queryStringParameters.name` (line 5) reaches an OS command (child_process.execSync)' }],
    },
    {
      name: 'spawn with shell: true',
      file: 'handler.js',
      code: `const cp = require('child_process');\nexports.handler = async (event) => {\n  cp.spawn('tar xf ' + event.body, { shell: true });\n};\n`,
      errors: [{ line: 3, message: '`event.body` (line 3)' }],
    },
    {
      name: 'Python subprocess with shell=True',
      file: 'handler.py',
      code: pyShell,
      errors: [{ line: 6, message: '`event.queryStringParameters.host` (line 5) reaches an OS command (subprocess.run (shell=True))' }],
      fixes: [{ title: 'list' }],
    },
    {
      name: 'S3 object key is a source for an s3-triggered function',
      file: 'sync.py',
      code: s3Py,
      files: { 'serverless.yml': sls({ sync: ['sync.handler', S3] }, 'python3.12'), 'sync.py': s3Py },
      errors: [{ line: 7, message: '(line 6) reaches an OS command (os.system)' }],
      fixes: [
        {
          title: 'Run the program with subprocess.run and an argument list (no shell)',
          output: s3Py.replace('import os\n', 'import os\nimport subprocess\n').replace('os.system("aws s3 cp s3://uploads/" + key + " /tmp/in")', 'subprocess.run(["aws", "s3", "cp", f"s3://uploads/{key}", "/tmp/in"])'),
        },
      ],
    },
    {
      name: 'Python cross-file: handler side',
      file: 'handler.py',
      code: pyHandler,
      files: { 'shell.py': pyShellHelper },
      errors: [{ text: 'shell.run(event["body"])', line: 5, message: '`event.body` (line 5) is passed into shell.run() and reaches an OS command (os.system, shell.py line 5)' }],
    },
    {
      name: 'Python cross-file: helper side',
      file: 'shell.py',
      code: pyShellHelper,
      files: { 'template.yaml': `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: handler.handler\n      Runtime: python3.12\n      Events:\n        Api:\n          Type: HttpApi\n`, 'handler.py': pyHandler, 'shell.py': pyShellHelper },
      errors: [{ line: 5, message: '`event.body` (handler.py line 5) reaches an OS command (os.system)' }],
    },
  ],
});

describe('injection-command details', () => {
  it('a helper is only reported through handlers that pass it tainted data', () => {
    const safeHandler = `from . import shell\n\ndef handler(event, context):\n    shell.run("uptime")\n`;
    const files = { 'serverless.yml': sls({ a: ['handler.handler', HTTP] }, 'python3.12'), 'handler.py': safeHandler, 'shell.py': pyShellHelper };
    assert.deepEqual(ruleFindings(rule, { file: 'shell.py', code: pyShellHelper, files }), []);
  });
  it('fixes produce code that parses and no longer reports', () => {
    const js = checkCodeFixes(rule, { file: 'handler.js', code: jsExec });
    assert.ok(js[0].includes("execFile('convert', [file, '/tmp/out.png'])"), js[0]);
    const mjs = checkCodeFixes(rule, { file: 'handler.mjs', code: `import { execSync } from 'child_process';\nexport const handler = async (event) => {\n  execSync(\`git clone \${event.body} /tmp/repo\`);\n};\n` });
    assert.ok(mjs[0].includes("import { execSync, execFileSync } from 'child_process';") && mjs[0].includes("execFileSync('git', ['clone', event.body, '/tmp/repo'])"), mjs[0]);
    const py = checkCodeFixes(rule, { file: 'handler.py', code: pyShell });
    assert.ok(py[0].includes('subprocess.run(["ping", "-c", "1", str(host)], capture_output=True)'), py[0]);
  });
});

describe('injection-command: os.system fix', () => {
  const offered = (code: string) => ruleFindings(rule, { file: 'handler.py', code }).map((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore ')).map((x) => x.title));
  it('not when the exit status is used, nor when the command uses shell syntax', () => {
    assert.deepEqual(offered(`import os\n\n\ndef handler(event, context):\n    rc = os.system("convert " + event["body"] + " /tmp/o.png")\n    return {"statusCode": 200 if rc == 0 else 500}\n`), [[]]);
    assert.deepEqual(offered(`import os\n\n\ndef handler(event, context):\n    os.system("cat " + event["body"] + " | gzip > /tmp/o.gz")\n    return {"statusCode": 200}\n`), [[]]);
  });
  it('reuses an existing subprocess import', () => {
    const code = `import os\nimport subprocess\n\n\ndef handler(event, context):\n    os.system(f"convert {event['body']} /tmp/o.png")\n    return {"statusCode": 200}\n`;
    const [f] = ruleFindings(rule, { file: 'handler.py', code });
    const fix = f.fixes.find((x) => x.title.startsWith('Run the program with subprocess.run'))!;
    assert.equal(fix.changes[0].edits.length, 1);
    assert.equal(fix.changes[0].edits[0].newText, `subprocess.run(["convert", str(event['body']), "/tmp/o.png"])`);
  });
});

// --- issue 11 item 7: shapes the first fixes did not cover ----------------------------------------
describe('injection-command: quoted words, sh -c, shell: true', () => {
  const offered = (file: string, code: string) => ruleFindings(rule, { file, code }).map((f) => f.fixes.filter((x) => !x.title.startsWith('Ignore ')).map((x) => x.title));
  it('a quoted interpolation stays one argument without its quotes', () => {
    const code = `const { exec } = require('child_process');\nexports.handler = async (event) => {\n  const body = JSON.parse(event.body);\n  exec(\`convert label.png -annotate +10+10 "\${body.label}" /tmp/label.png\`);\n};\n`;
    const [out] = checkCodeFixes(rule, { file: 'handler.js', code });
    assert.ok(out.includes("execFile('convert', ['label.png', '-annotate', '+10+10', body.label, '/tmp/label.png'])"), out);
    const part = `const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  execSync(\`convert /tmp/in -resize 256 "/tmp/\${event.body}"\`);\n};\n`;
    assert.ok(checkCodeFixes(rule, { file: 'handler.js', code: part })[0].includes("execFileSync('convert', ['/tmp/in', '-resize', '256', `/tmp/${event.body}`])"));
  });
  it('Python: a single-quoted f-string value becomes str(value) in the list', () => {
    const code = `import subprocess\n\n\ndef handler(event, context):\n    note = event["queryStringParameters"]["note"]\n    subprocess.run(f"jobctl note '{note}'", shell=True)\n`;
    const [out] = checkCodeFixes(rule, { file: 'handler.py', code });
    assert.ok(out.includes('subprocess.run(["jobctl", "note", str(note)])'), out);
  });
  it('no fix when a double-quoted stretch has $, a backquote or a backslash, or a quote is left open', () => {
    for (const line of ['exec(`echo "$HOME ${event.body}"`)', 'exec(`echo "a\\\\b ${event.body}"`)', 'exec(`echo "${event.body}`)', "exec(`echo '${event.body}' | wc`)"]) {
      assert.deepEqual(offered('handler.js', `const { exec } = require('child_process');\nexports.handler = async (event) => {\n  ${line};\n};\n`), [[]], line);
    }
  });
  it("spawn('sh', ['-c', cmd]) → the program and its arguments", () => {
    const code = `import { spawn } from 'child_process';\nexport const handler = async (event) => {\n  const file = event.queryStringParameters.file;\n  spawn('sh', ['-c', \`tar xf \${file}\`], { cwd: '/tmp' });\n};\n`;
    const [out] = checkCodeFixes(rule, { file: 'handler.mjs', code });
    assert.ok(out.includes("spawn('tar', ['xf', file], { cwd: '/tmp' })"), out);
    // extra positional parameters ($0 …) or a shell pipeline: no fix
    assert.deepEqual(offered('handler.mjs', code.replace("['-c', `tar xf ${file}`]", "['-c', `tar xf ${file}`, 'x']")), [[]]);
    assert.deepEqual(offered('handler.mjs', code.replace('`tar xf ${file}`', '`tar xf ${file} | head`')), [[]]);
  });
  it('Python ["sh", "-c", cmd] → the program and its arguments', () => {
    const code = `import subprocess\n\n\ndef handler(event, context):\n    filename = event["queryStringParameters"]["f"]\n    return subprocess.check_output(["sh", "-c", "tar xf " + filename])\n`;
    const [out] = checkCodeFixes(rule, { file: 'handler.py', code });
    assert.ok(out.includes('subprocess.check_output(["tar", "xf", filename])'), out);
  });
  it('spawn(cmd, args, { shell: true }) with plain constant words → shell: false', () => {
    const code = `const { spawn } = require('child_process');\nexports.handler = async (event) => {\n  spawn('ls', ['-la', event.queryStringParameters.file], { shell: true });\n};\n`;
    const [out] = checkCodeFixes(rule, { file: 'handler.js', code });
    assert.ok(out.includes("spawn('ls', ['-la', event.queryStringParameters.file], { shell: false })"), out);
    assert.deepEqual(offered('handler.js', code.replace("'-la'", "'-la;'")), [[]]);
    assert.deepEqual(offered('handler.js', code.replace("'ls'", "'ls -la'")), [[]]);
  });
});
