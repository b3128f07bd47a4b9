/**
 * Time bounds that do not depend on how fast or how busy the machine is. A test never compares
 * milliseconds with a constant; it compares the CPU time of the work it guards with the CPU time of
 * a fixed reference workload measured in the same process and run (`calibrationMs`), or the time
 * of n with the time of k·n (`growth`). CPU time (`process.cpuUsage`, this process only) is not
 * stretched by other processes on the core, and the ratio cancels the machine's speed.
 *
 * The reference workload is the kind of work the engine does most: parsing a fixed 1,000-line YAML
 * document with the `yaml` package (composed to a document), best of five.
 */
import { parseDocument } from 'yaml';

/** This process's CPU time in ms (user + system). */
export function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** CPU ms that `fn` takes (one run), and its value. */
export function cpuTime<T>(fn: () => T): { ms: number; value: T } {
  const t0 = cpuNow();
  const value = fn();
  return { ms: cpuNow() - t0, value };
}

/** The smallest CPU time of `runs` runs of `fn`. */
export function bestCpu(fn: () => unknown, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, cpuTime(fn).ms);
  return best;
}

const REFERENCE = (() => {
  const lines = ['service: calibration', 'provider:', '  name: aws', 'functions:'];
  for (let i = 0; lines.length < 1000; i++) {
    lines.push(`  fn${i}:`, `    handler: src/h${i}.main`, '    environment:', `      KEY_${i}: "value ${i}"`, '    events:', `      - http: { path: p${i}, method: get }`);
  }
  return lines.join('\n') + '\n';
})();

let calibration: number | undefined;

/** CPU ms of the reference workload in this process (best of five, measured once, warm). */
export function calibrationMs(): number {
  if (calibration === undefined) {
    parseDocument(REFERENCE); // warm the parser up first
    calibration = Math.max(0.5, bestCpu(() => parseDocument(REFERENCE), 5));
  }
  return calibration;
}

/**
 * Asserts that `ms` (CPU time of the guarded work) is at most `units` reference workloads. Bounds
 * are chosen ~5–10× above what the work costs, so they catch a complexity regression (an
 * exponential or quadratic blow-up), not noise.
 */
export function withinUnits(ms: number, units: number): { ok: boolean; message: string } {
  const cal = calibrationMs();
  const used = ms / cal;
  return { ok: used <= units, message: `${ms.toFixed(1)} ms CPU = ${used.toFixed(1)} reference units (bound ${units}; one unit = ${cal.toFixed(2)} ms: parsing a 1,000-line YAML file)` };
}

/**
 * How the CPU time of `work(n)` grows from n to factor·n (best of `runs` each): ~factor for
 * linear work, ~factor² for quadratic. Measured in the same run, so machine speed cancels.
 */
export function growth(work: (n: number) => unknown, n: number, factor = 4, runs = 3): { ratio: number; small: number; big: number } {
  work(n); // warm
  const small = Math.max(0.05, bestCpu(() => work(n), runs));
  const big = bestCpu(() => work(n * factor), runs);
  return { ratio: big / small, small, big };
}

/**
 * CPU time (ms, user + system) another process has used so far, from /proc/<pid>/stat (Linux;
 * 10 ms resolution). Undefined where /proc is not available: callers skip the check then.
 */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stat: string = require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}
