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
import { handlerSource } from '../bench/gen';

/** The 2,000-line handler of `npm run bench` without its AWS SDK calls (taint only). */
export function benchSource(lang: 'js' | 'ts' | 'py', targetLines = 2000): string {
  return handlerSource(lang, targetLines, { sdk: false });
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
