// CPU-bound neighbours for measurements and tests under load: `node -e 'for(;;){}'` processes,
// optionally pinned to one core with `taskset -c <cpu>` (Linux). Every process started here is
// stopped by stopBurners(), and also when this process exits or gets SIGINT/SIGTERM/SIGHUP.
import { spawn, spawnSync } from 'node:child_process';

const started = new Set();

export function hasTaskset() {
  return process.platform === 'linux' && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
}

/** The command line that runs `cmd args` pinned to `cpu` (when given and taskset exists). */
export function pinned(cpu, cmd, args) {
  return cpu !== undefined && hasTaskset() ? ['taskset', ['-c', String(cpu), cmd, ...args]] : [cmd, args];
}

/** Starts `n` busy-looping node processes (pinned to `cpu` when given). */
export function startBurners(n = 5, { cpu } = {}) {
  const procs = [];
  for (let i = 0; i < n; i++) {
    const [cmd, args] = pinned(cpu, process.execPath, ['-e', 'for(;;){}']);
    const p = spawn(cmd, args, { stdio: 'ignore' });
    started.add(p);
    p.on('exit', () => started.delete(p));
    procs.push(p);
  }
  return procs;
}

export function stopBurners(procs = [...started]) {
  for (const p of procs) {
    if (p.exitCode === null && p.signalCode === null) {
      try {
        p.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
    started.delete(p);
  }
}

process.on('exit', () => stopBurners());
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    stopBurners();
    process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 })[sig]);
  });
}
