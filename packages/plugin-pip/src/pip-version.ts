import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { PipCommand } from './run-pip.js';

const execFileAsync = promisify(execFile);

/** pip learned `--report` (and `--dry-run`) in 22.2. */
export function pipSupportsReport(version: string | null): boolean {
  const [major = 0, minor = 0] = (version ?? '0').split('.').map((part) => Number.parseInt(part, 10));
  return major > 22 || (major === 22 && minor >= 2);
}

export async function pipVersionOf(command: PipCommand, env: Record<string, string>): Promise<string | null> {
  const { stdout } = await execFileAsync(command.file, [...command.prefix, '--version'], { env }).catch(() => ({ stdout: '' }));
  return /^pip (\S+)/.exec(stdout)?.[1] ?? null;
}
