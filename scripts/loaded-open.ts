/**
 * Loaded first-open check (issue 12): five CPU-bound processes and a fresh language server per
 * file, all six pinned to core 0 (`taskset -c 0`, Linux); each file is opened 1.5 s after
 * `initialize`, and its first publish must equal the complete analysis (no partial set, no
 * `analysis-timeout`). Files: every example and fixture config, a generated ~1,100-line vulnerable
 * SAM template with linked handlers, and any config paths given on the command line (for
 * instance a checkout of OWASP DVSA's template.yml, which is GPL-3.0 and not part of this repo).
 *
 *   npm run loaded-open [-- path/to/template.yml …]
 *   node --import tsx scripts/loaded-open.ts [--idle] [paths…]     (after npm run build)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, differences, openFresh, referenceKeys, repoConfigs, writeVulnerableSam } from '../test/helpers/first-open';
// @ts-expect-error plain ESM helper without types
import { hasTaskset, startBurners, stopBurners } from './cpu-load.mjs';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const idle = args.includes('--idle');
  const extra = args.filter((a) => !a.startsWith('--')).map((a) => path.resolve(a));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'sg-loaded-open-'));
  const burners = idle ? [] : startBurners(5, { cpu: 0 });
  let failed = 0;
  try {
    const sam = writeVulnerableSam(path.join(tmp, 'shop'));
    const cases: { file: string; root: string }[] = [
      ...repoConfigs().map((file) => ({ file, root: path.dirname(file) })),
      { file: sam, root: path.dirname(sam) },
      ...extra.map((file) => ({ file, root: path.dirname(file) })),
    ];
    console.log(`${idle ? 'idle' : `5 CPU-bound processes, ${hasTaskset() ? 'all six pinned to core 0 (taskset -c 0)' : 'no taskset: not pinned'}`}; each file opened 1.5 s after initialize in a fresh server`);
    for (const c of cases) {
      const [first] = await openFresh(c.root, [c.file], { cpu: idle ? undefined : 0 });
      const ref = await referenceKeys(c.file, c.root);
      const diff = differences(first.keys, ref);
      const name = c.file.startsWith(REPO) ? path.relative(REPO, c.file) : c.file === sam ? 'generated vulnerable SAM template (1,100 lines)' : c.file;
      const ok = diff.length === 0;
      if (!ok) failed++;
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: first publish ${first.keys.length}/${ref.length} diagnostics after ${first.ms.toFixed(0)} ms${first.keys.some((k) => k.includes(' analysis-timeout ')) ? ' (analysis-timeout!)' : ''}`);
      for (const d of diff.slice(0, 10)) console.log(`       ${d}`);
    }
    console.log(`${cases.length - failed} passed, ${failed} failed`);
  } finally {
    stopBurners(burners);
    rmSync(tmp, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
