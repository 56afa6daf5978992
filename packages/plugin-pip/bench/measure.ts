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

export async function timed<Value>(work: () => Promise<Value>): Promise<{ seconds: number; value: Value }> {
  const started = performance.now();
  const value = await work();
  return { seconds: (performance.now() - started) / 1000, value };
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

export const mebibytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
