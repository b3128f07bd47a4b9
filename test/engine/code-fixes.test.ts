import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { initCodeParsers, analyzeTaint, parseCode, freeParse, type CodeLang, type TaintFinding, type CodeFix } from '../../server/src/engine/code/index';

before(async () => {
  await initCodeParsers();
});

function findings(src: string, lang: CodeLang): TaintFinding[] {
  return analyzeTaint({ path: lang === 'python' ? 'h.py' : 'h.js', text: src, lang, triggers: ['api'] });
}

function apply(src: string, fix: CodeFix): string {
  const edits = [...fix.edits].sort((a, b) => b.range.start - a.range.start);
  let out = src;
  for (const e of edits) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

/**
 * The finding of `kind` has a fix; after applying it the code still parses, that finding is gone,
 * and no new finding appears. Returns the fixed text.
 */
function fixAndRecheck(src: string, lang: CodeLang, kind: string): string {
  const before = findings(src, lang);
  const target = before.find((f) => f.sinkKind === kind);
  assert.ok(target, `expected a ${kind} finding`);
  assert.ok(target.fix, `expected a fix for ${kind}`);
  const fixed = apply(src, target.fix);
  const p = parseCode(fixed, lang);
  assert.deepEqual(p.errors, [], `fixed code parses:\n${fixed}`);
  freeParse(p);
  const after = findings(fixed, lang);
  assert.equal(after.filter((f) => f.sinkKind === kind && f.sinkRange.start === target.sinkRange.start).length, 0, `finding gone:\n${fixed}`);
  assert.ok(after.length < before.length);
  for (const f of after) assert.ok(before.some((b) => b.sinkKind === f.sinkKind && b.source.label === f.source.label), 'no new findings');
  return fixed;
}

describe('fixes: SQL → parameterised query', () => {
  test('mysql: template literal in place, quotes around the value removed', () => {
    const src = `const mysql = require('mysql');\nconst c = mysql.createConnection({});\nexports.handler = async (event) => {\n  c.query(\`SELECT * FROM users WHERE name = '\${event.queryStringParameters.name}' AND active = 1\`, (err, rows) => {});\n};\n`;
    const fixed = fixAndRecheck(src, 'javascript', 'sql');
    assert.match(fixed, /c\.query\('SELECT \* FROM users WHERE name = \? AND active = 1', \[event\.queryStringParameters\.name\], \(err, rows\) => \{\}\)/);
  });

  test('pg: concatenation, $1..$n placeholders', () => {
    const src = `const { Pool } = require('pg');\nconst pool = new Pool();\nexports.handler = async (event) => {\n  const id = event.pathParameters.id;\n  const n = event.queryStringParameters.n;\n  await pool.query('SELECT * FROM t WHERE id = ' + id + ' AND name = \\'' + n + '\\'');\n};\n`;
    const fixed = fixAndRecheck(src, 'javascript', 'sql');
    assert.match(fixed, /pool\.query\('SELECT \* FROM t WHERE id = \$1 AND name = \$2', \[id, n\]\)/);
  });

  test('sqlite3 (TS): SQL built in a variable first', () => {
    const src = `import sqlite3 from 'sqlite3';\nconst db = new sqlite3.Database(':memory:');\nexport const handler = async (event: any) => {\n  const sql = \`DELETE FROM s WHERE token = '\${event.body}'\`;\n  db.run(sql);\n};\n`;
    const fixed = fixAndRecheck(src, 'typescript', 'sql');
    assert.match(fixed, /const sql = 'DELETE FROM s WHERE token = \?';/);
    assert.match(fixed, /db\.run\(sql, \[event\.body\]\)/);
  });

  test('Python DB-API: f-string, % and .format (psycopg2 %s, sqlite3 ?)', () => {
    const src = `import psycopg2\nconn = psycopg2.connect()\ndef handler(event, context):\n    cur = conn.cursor()\n    v = event["queryStringParameters"]["v"]\n    cur.execute(f"SELECT * FROM t WHERE a = '{v}' AND b = {len(v)}")\n`;
    const fixed = fixAndRecheck(src, 'python', 'sql');
    // a value formatted into a quoted literal was text: it stays text (str)
    assert.match(fixed, /cur\.execute\("SELECT \* FROM t WHERE a = %s AND b = %s", \(str\(v\), len\(v\)\)\)/);
    const pct = `import sqlite3\nconn = sqlite3.connect("x")\ndef handler(event, context):\n    name = event["body"]\n    conn.execute("SELECT * FROM t WHERE name = '%s'" % name)\n`;
    assert.match(fixAndRecheck(pct, 'python', 'sql'), /conn\.execute\("SELECT \* FROM t WHERE name = \?", \(str\(name\),\)\)/);
    const fmt = `import pymysql\nconn = pymysql.connect()\ndef handler(event, context):\n    cur = conn.cursor()\n    cur.execute("UPDATE t SET a = {} WHERE id = {}".format(event["body"], 3))\n`;
    assert.match(fixAndRecheck(fmt, 'python', 'sql'), /cur\.execute\("UPDATE t SET a = %s WHERE id = %s", \(event\["body"\], 3\)\)/);
  });

  test('no fix when an interpolation is an identifier (table name) or the driver is unknown', () => {
    const ident = findings(`const mysql = require('mysql');\nconst c = mysql.createConnection();\nexports.handler = async (event) => c.query('SELECT * FROM ' + event.body);\n`, 'javascript');
    assert.equal(ident.length, 1);
    assert.equal(ident[0].fix, undefined);
    const unknownDriver = findings(`exports.handler = async (event) => db.query('SELECT * FROM t WHERE id = ' + event.body);\n`, 'javascript');
    assert.equal(unknownDriver.length, 1);
    assert.equal(unknownDriver[0].fix, undefined);
    const like = findings(`const { Pool } = require('pg');\nconst p = new Pool();\nexports.handler = async (event) => p.query("SELECT * FROM t WHERE n LIKE '%" + event.body + "%'");\n`, 'javascript');
    // a value inside a larger literal is one text parameter (constant text and value together)
    assert.equal(like[0].fix?.edits[0].newText, "'SELECT * FROM t WHERE n LIKE $1', [`%${event.body}%`]");
  });
});

describe('fixes: commands and deserialization', () => {
  test('exec(template) → execFile(cmd, [args]) with a namespace import', () => {
    const src = `const cp = require('child_process');\nexports.handler = async (event) => {\n  cp.exec(\`convert \${event.queryStringParameters.f} -resize 50% out.png\`.replace('%', ''), () => {});\n  cp.exec(\`convert \${event.queryStringParameters.f} --size=\${event.queryStringParameters.s} out.png\`, (e) => {});\n};\n`;
    const before = findings(src, 'javascript');
    assert.equal(before.length, 3, 'one source in the first call, two in the second');
    const withFix = before.find((f) => f.fix)!;
    const fixed = apply(src, withFix.fix!);
    assert.match(fixed, /cp\.execFile\('convert', \[event\.queryStringParameters\.f, `--size=\$\{event\.queryStringParameters\.s\}`, 'out\.png'\], \(e\) => \{\}\)/);
    assert.deepEqual(parseCode(fixed, 'javascript').errors, []);
    assert.equal(findings(fixed, 'javascript').length, 1);
  });

  test('execSync with destructured require: adds execFileSync to the binding', () => {
    const src = `const { execSync } = require('child_process');\nexports.handler = async (event) => {\n  execSync('git log ' + event.body);\n};\n`;
    const fixed = fixAndRecheck(src, 'javascript', 'command');
    assert.match(fixed, /const \{ execSync, execFileSync \} = require\('child_process'\);/);
    assert.match(fixed, /execFileSync\('git', \['log', event\.body\]\)/);
  });

  test('ESM named import of exec', () => {
    const src = `import { exec } from 'node:child_process';\nexport const handler = async (event) => {\n  exec(\`ping -c 1 \${event.queryStringParameters.host}\`);\n};\n`;
    const fixed = fixAndRecheck(src, 'javascript', 'command');
    assert.match(fixed, /import \{ exec, execFile \} from 'node:child_process';/);
    assert.match(fixed, /execFile\('ping', \['-c', '1', event\.queryStringParameters\.host\]\)/);
  });

  test('no exec fix when the template uses shell syntax', () => {
    const f = findings(`const cp = require('child_process');\nexports.handler = async (event) => cp.exec('cat ' + event.body + ' | grep x');\n`, 'javascript');
    assert.equal(f.length, 1);
    assert.equal(f[0].fix, undefined);
  });

  test('subprocess.run(str, shell=True) → list form', () => {
    const src = `import subprocess\ndef handler(event, context):\n    name = event["queryStringParameters"]["name"]\n    subprocess.run(f"convert {name} --label=x{name} out.png", shell=True, check=True)\n`;
    const fixed = fixAndRecheck(src, 'python', 'command');
    assert.match(fixed, /subprocess\.run\(\["convert", str\(name\), f"--label=x\{name\}", "out\.png"\], check=True\)/);
    const concat = `import subprocess\ndef handler(event, context):\n    subprocess.check_output("ls -la " + event["body"], shell=True)\n`;
    assert.match(fixAndRecheck(concat, 'python', 'command'), /subprocess\.check_output\(\["ls", "-la", event\["body"\]\]\)/);
  });

  test('yaml.load → yaml.safe_load', () => {
    const src = `import yaml\ndef handler(event, context):\n    return yaml.load(event["body"], Loader=yaml.FullLoader)\n`;
    const fixed = fixAndRecheck(src, 'python', 'deserialization');
    assert.match(fixed, /return yaml\.safe_load\(event\["body"\]\)/);
    const bare = `import yaml\ndef handler(event, context):\n    cfg = yaml.load(event["body"])\n    return cfg\n`;
    assert.match(fixAndRecheck(bare, 'python', 'deserialization'), /cfg = yaml\.safe_load\(event\["body"\]\)/);
  });
});
