/**
 * Issue 13 (Serverless-Goat's stored page): the output of a shell command whose command line
 * carries attacker data is attacker data too — the attacker chooses what the command prints (a
 * `curl` of an attacker URL prints the attacker's document; an injected command prints anything).
 * Here that output is written to S3 as an HTML page (stored XSS) or returned as HTML. Written
 * before the change; near misses: a constant command line, a number in it, the same output stored
 * as JSON, an argv-only fetch of a fixed URL.
 */
import { describe } from 'node:test';
import rule from '../../rules/injection-xss';
import { run } from '../helpers/rule-tester';
import { useCodeParsers } from '../helpers/injection';

useCodeParsers();

const goatLike = `const child_process = require('child_process');
const AWS = require('aws-sdk');
exports.handler = async (event) => {
  const url = event.queryStringParameters.document_url;
  const txt = child_process.execSync(\`curl --silent -L \${url} | ./bin/catdoc -\`).toString();
  const s3 = new AWS.S3();
  await s3.putObject({
    Bucket: process.env.BUCKET_NAME,
    Key: 'x',
    Body: txt,
    ContentType: 'text/html',
    ACL: 'public-read'
  }).promise();
  return { statusCode: 302, headers: { Location: process.env.BUCKET_URL } };
};
`;

describe('command output built from attacker data is attacker data', () => {
  run(rule, {
    valid: [
      {
        name: 'constant command line: its output is the app\'s own',
        file: 'handler.js',
        code: `const { execSync } = require('child_process');\nconst AWS = require('aws-sdk');\nexports.handler = async (event) => {\n  const v = execSync('uname -a').toString();\n  await new AWS.S3().putObject({ Bucket: 'b', Key: 'k', Body: '<p>' + v + '</p>', ContentType: 'text/html' }).promise();\n};\n`,
      },
      {
        name: 'a number parsed from the request in the command line (TypeScript)',
        file: 'handler.ts',
        code: `import { execSync } from 'child_process';\nimport { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\nexport const handler = async (event: any) => {\n  const n = parseInt(event.queryStringParameters.n, 10);\n  const out = execSync(\`seq \${n}\`).toString();\n  await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: out, ContentType: 'text/html' }));\n};\n`,
      },
      {
        name: 'the same output stored as JSON is no page',
        file: 'handler.js',
        code: goatLike.replace("'text/html'", "'application/json'"),
      },
      {
        name: 'Python: check_output of a fixed argv (no shell) returned as HTML',
        file: 'handler.py',
        code: `import subprocess\ndef handler(event, context):\n    out = subprocess.check_output(["date"]).decode()\n    return {"statusCode": 200, "headers": {"Content-Type": "text/html"}, "body": "<p>" + out + "</p>"}\n`,
      },
    ],
    invalid: [
      {
        name: 'Serverless-Goat shape: execSync(curl <url>) output stored public-read as text/html',
        file: 'handler.js',
        code: goatLike,
        errors: [{ line: 7, message: 'event.queryStringParameters.document_url' }],
      },
      {
        name: 'TypeScript: exec callback stdout written to S3 as an HTML page',
        file: 'handler.ts',
        code: `import { exec } from 'child_process';\nimport { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\nexport const handler = async (event: any) => {\n  exec('whois ' + event.queryStringParameters.domain, (err, stdout) => {\n    s3.send(new PutObjectCommand({ Bucket: 'site', Key: 'whois', Body: '<pre>' + stdout + '</pre>', ContentType: 'text/html' }));\n  });\n};\n`,
        errors: [{ line: 6, message: 'event.queryStringParameters.domain' }],
      },
      {
        name: 'Python: check_output(shell=True) output written to S3 as an HTML page',
        file: 'handler.py',
        code: `import subprocess, boto3\ns3 = boto3.client("s3")\ndef handler(event, context):\n    url = event["queryStringParameters"]["u"]\n    txt = subprocess.check_output("curl -sL " + url, shell=True).decode()\n    s3.put_object(Bucket="site", Key="page.html", Body=txt, ContentType="text/html")\n`,
        errors: [{ line: 6, message: 'event.queryStringParameters.u' }],
      },
      {
        name: 'Python: os.popen(...).read() returned as HTML',
        file: 'handler.py',
        code: `import os\ndef handler(event, context):\n    out = os.popen("dig " + event["queryStringParameters"]["host"]).read()\n    return {"statusCode": 200, "headers": {"Content-Type": "text/html"}, "body": "<pre>%s</pre>" % out}\n`,
        errors: [{ line: 4, message: 'event.queryStringParameters.host' }],
      },
    ],
  });
});
