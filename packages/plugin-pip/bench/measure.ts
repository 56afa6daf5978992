import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Runs a shell command, returning how long it took in seconds; throws with its output when it fails. */
export async function timeShell(command: string, env: Record<string, string | undefined>): Promise<number> {
  const started = performance.now();
  await execFileAsync('bash', ['-c', command], { env, maxBuffer: 64 * 1024 * 1024 }).catch((error: { stderr?: string }) => {
    throw new Error(`benchmark command failed: ${command}\n${error.stderr ?? ''}`);
  });
  return (performance.now() - started) / 1000;
}

/**
 * Wall time of `work`, and the CPU time this process spent meanwhile (its own threads, not child
 * processes): on a shared machine the CPU time moves far less with the load than the wall time.
 */
export async function timed<Value>(work: () => Promise<Value>): Promise<{ seconds: number; cpuSeconds: number; value: Value }> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const value = await work();
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, value };
}

/** Bytes on disk of several directories together, hard links counted once (`du -scb` semantics with blocks). */
export async function diskBytes(paths: readonly string[]): Promise<number> {
  const { stdout } = await execFileAsync('du', ['-sc', '--block-size=1', ...paths]);
  return Number(/(\d+)\s+total/.exec(stdout)?.[1] ?? Number.NaN);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** `from min to max ms`, beside a median: how far a shared machine moved the runs (not a figure of its own for bench-compare). */
export function spread(seconds: readonly number[]): string {
  return `from ${(Math.min(...seconds) * 1000).toFixed(0)} to ${(Math.max(...seconds) * 1000).toFixed(0)} ms`;
}

export const mebibytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
