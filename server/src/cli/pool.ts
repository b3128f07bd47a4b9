/**
 * Runs scan tasks on `--jobs` worker threads (in this thread when there is only one task) and hands the per-file
 * reports on in scan order: a report waits only for the files before it (the tasks are started in
 * order of their first file, so little is buffered). A worker that dies fails only its task's files
 * (reported as internal errors, the scan marked incomplete) and is replaced.
 */
import { Worker } from 'node:worker_threads';
import type { EngineFactory, FileReport, TaskEnv } from './analyze';
import { runTask } from './analyze';
import type { Task } from './collect';
import { relativePath } from './collect';

export interface WorkerInit {
  sgScanWorker: true;
  env: TaskEnv;
}

export type ToWorker = { type: 'task'; id: number; files: string[]; indexes: number[] };
export type FromWorker = { type: 'ready'; codeError?: string } | { type: 'result'; id: number; reports: FileReport[] } | { type: 'failed'; id: number; error: string };

export interface PoolOptions {
  jobs: number;
  env: TaskEnv;
  /** Script that runs `runScanWorker` when started as a worker (the CLI bundle itself); none: run in this thread. */
  workerFile?: string;
  /** Engine factory for running in this thread. */
  makeEngine: () => Promise<EngineFactory>;
  /** Called with every report, in scan order. */
  onReport: (r: FileReport) => void;
}

/** Delivers reports in index order, however they arrive. */
class Ordered {
  private readonly waiting = new Map<number, FileReport>();
  private next = 0;
  constructor(private readonly emit: (r: FileReport) => void) {}
  put(r: FileReport): void {
    this.waiting.set(r.index, r);
    while (this.waiting.has(this.next)) {
      const x = this.waiting.get(this.next)!;
      this.waiting.delete(this.next);
      this.next++;
      this.emit(x);
    }
  }
}

function failedReports(task: Task, cwd: string, error: string): FileReport[] {
  return task.files.map((f, i) => ({ index: task.indexes[i], file: relativePath(cwd, f), counted: false, findings: [], errors: [`internal error on ${relativePath(cwd, f)}: ${error}`] }));
}

/**
 * Heap caps of a worker (MB). Measured on the AWS patterns collection (3,142 files, 2 workers, on a
 * loaded machine): no cap 778 MB peak RSS; old 256: 635 MB; old 256 + young 8: 578–587 MB at
 * ~+15 % CPU; old 256 + young 4: 529 MB, same CPU; old 192 + young 8: 546 MB at ~+40 % CPU. The
 * live set of a worker stays near 100 MB (the engine's bounded caches, the IAM catalogue).
 */
export const WORKER_HEAP_MB = 256;
export const WORKER_YOUNG_MB = 4;

export async function runPool(tasks: Task[], opts: PoolOptions): Promise<void> {
  const ordered = new Ordered(opts.onReport);
  const jobs = Math.max(1, Math.min(opts.jobs, tasks.length));
  // `--jobs 1` is one worker too (its heap is capped like the others'); a single task, or no
  // worker script (the in-process API), runs here.
  if (tasks.length <= 1 || !opts.workerFile) return runHere(tasks, opts, ordered);
  const workerFile = opts.workerFile;
  let nextTask = 0;
  /** Tasks whose worker died (out of memory, crashed): run again in this thread, without the workers' heap cap. */
  const retry: Task[] = [];
  await new Promise<void>((resolve) => {
    let running = 0;
    // Workers that die are replaced, a few times; then the rest runs in this thread.
    let respawns = jobs + 2;
    const start = () => {
      const w = new Worker(workerFile, {
        workerData: { sgScanWorker: true, env: opts.env } satisfies WorkerInit,
        // A capped heap makes V8 collect the garbage of finished projects early, so peak memory follows
        // the largest project, not the allocation rate; a project that does not fit is retried here.
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
      });
      running++;
      let current: { id: number; task: Task } | undefined;
      let finished = false;
      const feed = () => {
        if (nextTask >= tasks.length) {
          current = undefined;
          finished = true;
          void w.terminate();
          return;
        }
        const id = nextTask++;
        const task = tasks[id];
        current = { id, task };
        w.postMessage({ type: 'task', id, files: task.files, indexes: task.indexes } satisfies ToWorker);
      };
      const fail = (error: string) => {
        if (current) {
          for (const r of failedReports(current.task, opts.env.cwd, error)) ordered.put(r);
          current = undefined;
        }
      };
      const died = () => {
        if (current) retry.push(current.task);
        current = undefined;
      };
      w.on('message', (m: FromWorker) => {
        if (m.type === 'ready') feed();
        else if (m.type === 'result') {
          for (const r of m.reports) ordered.put(r);
          feed();
        } else if (m.type === 'failed') {
          fail(m.error);
          feed();
        }
      });
      w.on('error', died);
      w.on('exit', () => {
        running--;
        if (!finished) {
          died();
          // Replace it while work remains.
          if (nextTask < tasks.length && respawns-- > 0) start();
        }
        if (running === 0) resolve();
      });
    };
    for (let i = 0; i < jobs; i++) start();
  });
  retry.push(...tasks.slice(nextTask));
  if (retry.length) await runHere(retry, opts, ordered);
}

async function runHere(tasks: Task[], opts: PoolOptions, ordered: Ordered): Promise<void> {
  const makeEngine = await opts.makeEngine();
  for (const t of tasks) {
    let reports: FileReport[];
    try {
      reports = runTask(t.files, t.indexes, opts.env, makeEngine);
    } catch (e) {
      reports = failedReports(t, opts.env.cwd, String((e as Error)?.message ?? e).split('\n')[0]);
    }
    for (const r of reports) ordered.put(r);
    // Let output drain and timers run between tasks.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The worker side: initialise the engine once, then run tasks until terminated. */
export async function runScanWorker(port: { postMessage(m: FromWorker): void; on(ev: 'message', f: (m: ToWorker) => void): void }, init: WorkerInit, makeEngine: () => Promise<EngineFactory>): Promise<void> {
  const factory = await makeEngine();
  port.on('message', (m) => {
    if (m.type !== 'task') return;
    try {
      port.postMessage({ type: 'result', id: m.id, reports: runTask(m.files, m.indexes, init.env, factory) });
    } catch (e) {
      port.postMessage({ type: 'failed', id: m.id, error: String((e as Error)?.message ?? e).split('\n')[0] });
    }
  });
  port.postMessage({ type: 'ready' });
}
