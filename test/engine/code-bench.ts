/**
 * Timing of the code-analysis core on ~2,000-line handlers (JS, TS, Python).
 *
 *   node --import tsx test/engine/code-bench.ts [--json]
 *
 * For each language: a cold parse + analysis (JIT warm, no previous tree), and the steady state
 * after a one-character edit (incremental re-parse through CodeDocumentCache + taint analysis of
 * the handler). Prints median and p95 in milliseconds.
 */
import { initCodeParsers, CodeDocumentCache, parseCode, freeParse, analyzeTaint, type CodeLang } from '../../server/src/engine/code/index';

export function benchSource(lang: 'js' | 'ts' | 'py', targetLines = 2000): string {
  const out: string[] = [];
  if (lang === 'py') {
    out.push('import json', 'import os', 'import subprocess', 'import pymysql', 'import requests', '', 'conn = pymysql.connect(host="db")', 'ALLOWED = {"users", "orders", "items"}', '');
    let i = 0;
    while (out.length < targetLines - 40) {
      out.push(
        `def helper_${i}(event, limit=10):`,
        `    body = json.loads(event.get("body") or "{}")`,
        `    name = body.get("name", "")`,
        `    table = event["pathParameters"]["table"]`,
        `    if table not in ALLOWED:`,
        `        return {"statusCode": 400, "body": "bad table"}`,
        `    cur = conn.cursor()`,
        `    cur.execute("SELECT * FROM " + table + " WHERE name = %s LIMIT %s", (name, limit))`,
        `    rows = [dict(r) for r in cur.fetchall()]`,
        `    total = 0`,
        `    for r in rows:`,
        `        total += int(r.get("qty", 0))`,
        `    msg = f"{name} has {total} items in {table}"`,
        `    print(msg, ${i})`,
        `    return {"statusCode": 200, "body": json.dumps({"total": total, "n": ${i}})}`,
        '',
      );
      i++;
    }
    out.push('def lambda_handler(event, context):', '    results = []');
    for (let k = 0; k < Math.min(i, 25); k++) out.push(`    results.append(helper_${k}(event))`);
    out.push('    q = event["queryStringParameters"]["q"]', '    subprocess.run(f"grep {q} /tmp/x", shell=True)', '    requests.get(event["queryStringParameters"]["url"])', '    return {"statusCode": 200, "body": json.dumps(results)}', '');
    return out.join('\n');
  }
  const ts = lang === 'ts';
  out.push(
    ts ? "import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';" : '',
    "import { exec } from 'child_process';",
    "import mysql from 'mysql2/promise';",
    "import axios from 'axios';",
    '',
    "const ALLOWED = new Set(['users', 'orders', 'items']);",
    "const pool = mysql.createPool({ host: process.env.DB_HOST });",
    '',
  );
  let i = 0;
  const T = (t: string) => (ts ? t : '');
  while (out.length < targetLines - 40) {
    out.push(
      `async function helper${i}(event${T(': APIGatewayProxyEvent')}, limit${T(': number')} = 10)${T(': Promise<APIGatewayProxyResult>')} {`,
      `  const { name = '', tags = [] } = JSON.parse(event.body || '{}');`,
      `  const table = event.pathParameters?.table ?? 'users';`,
      `  if (!ALLOWED.has(table)) {`,
      `    return { statusCode: 400, body: 'bad table' };`,
      `  }`,
      `  const [rows] = await pool.query(\`SELECT * FROM \${table} WHERE name = ? LIMIT ?\`, [name, limit]);`,
      `  let total = 0;`,
      `  for (const r of rows${T(' as any[]')}) {`,
      `    total += Number(r.qty) || 0;`,
      `  }`,
      `  const label = \`\${name} has \${total} items in \${table} (\${tags.length})\`;`,
      `  console.log(label, ${i});`,
      `  return { statusCode: 200, body: JSON.stringify({ total, n: ${i} }) };`,
      `}`,
      '',
    );
    i++;
  }
  out.push(`export const handler = async (event${T(': APIGatewayProxyEvent')}) => {`, '  const results = [];');
  for (let k = 0; k < Math.min(i, 25); k++) out.push(`  results.push(await helper${k}(event));`);
  out.push(
    '  const q = event.queryStringParameters?.q;',
    '  exec(`grep ${q} /tmp/x`);',
    '  await axios.get(event.queryStringParameters?.url);',
    '  return { statusCode: 200, body: JSON.stringify(results) };',
    '};',
    '',
  );
  return out.join('\n');
}

function stats(xs: number[]): { median: number; p95: number; min: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))], min: s[0] };
}

export async function runBench(iterations = 30): Promise<Record<string, { lines: number; findings: number; cold: ReturnType<typeof stats>; edit: ReturnType<typeof stats>; editAnalysisOnly: ReturnType<typeof stats> }>> {
  await initCodeParsers();
  const results: Record<string, { lines: number; findings: number; cold: ReturnType<typeof stats>; edit: ReturnType<typeof stats>; editAnalysisOnly: ReturnType<typeof stats> }> = {};
  for (const [name, lang, ext] of [['javascript', 'javascript', 'js'], ['typescript', 'typescript', 'ts'], ['python', 'python', 'py']] as const) {
    const text = benchSource(ext as 'js' | 'ts' | 'py');
    const path = `bench.${ext}`;
    const triggers = ['api' as const];
    // cold: fresh parse + analysis each time (JIT warmed by a few rounds first)
    const cold: number[] = [];
    let findings = 0;
    for (let k = 0; k < iterations + 5; k++) {
      const t0 = performance.now();
      const p = parseCode(text, lang as CodeLang);
      const f = analyzeTaint({ path, text, lang: lang as CodeLang, tree: p, triggers });
      const dt = performance.now() - t0;
      freeParse(p);
      findings = f.length;
      if (k >= 5) cold.push(dt);
    }
    // steady state after one-character edits inside a helper body
    const cache = new CodeDocumentCache();
    let cur = text;
    let version = 1;
    cache.update(path, version, cur, lang as CodeLang);
    analyzeTaint({ path, text: cur, lang: lang as CodeLang, tree: cache.get(path), triggers });
    const edit: number[] = [];
    const analysisOnly: number[] = [];
    const anchor = ext === 'py' ? 'print(msg, ' : 'console.log(label, ';
    for (let k = 0; k < iterations + 5; k++) {
      const at = cur.indexOf(anchor, Math.floor(cur.length / 3) + (k % 7) * 50) + anchor.length;
      const insert = k % 2 === 0 ? '1' : '';
      const next = k % 2 === 0 ? cur.slice(0, at) + insert + cur.slice(at) : cur.slice(0, at) + cur.slice(at + 1);
      const edits = k % 2 === 0 ? [{ start: at, end: at, text: '1' }] : [{ start: at, end: at + 1, text: '' }];
      const t0 = performance.now();
      const parsed = cache.update(path, ++version, next, lang as CodeLang, edits);
      const t1 = performance.now();
      analyzeTaint({ path, text: next, lang: lang as CodeLang, tree: parsed, triggers });
      const t2 = performance.now();
      cur = next;
      if (k >= 5) { edit.push(t2 - t0); analysisOnly.push(t2 - t1); }
    }
    cache.clear();
    results[name] = { lines: text.split('\n').length, findings, cold: stats(cold), edit: stats(edit), editAnalysisOnly: stats(analysisOnly) };
  }
  return results;
}

if (require.main === module) {
  runBench().then((r) => {
    if (process.argv.includes('--json')) { console.log(JSON.stringify(r, null, 2)); return; }
    for (const [lang, x] of Object.entries(r)) {
      console.log(`${lang.padEnd(11)} ${x.lines} lines, ${x.findings} findings | cold parse+analyse min ${x.cold.min.toFixed(1)} / median ${x.cold.median.toFixed(1)} ms (p95 ${x.cold.p95.toFixed(1)}) | after 1-char edit: re-parse+analyse min ${x.edit.min.toFixed(1)} / median ${x.edit.median.toFixed(1)} ms (p95 ${x.edit.p95.toFixed(1)}), analysis alone ${x.editAnalysisOnly.median.toFixed(1)} ms`);
    }
  });
}
