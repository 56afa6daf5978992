import { PassThrough } from 'node:stream';
import type { LaunchContext, RuntimeEnvManager } from '@runtime-env/core';

/** Starts `command` in an environment through the core, as a task would be, and collects its output. */
export async function launchAndCollect(
  manager: RuntimeEnvManager,
  context: LaunchContext,
  command: readonly string[],
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  stdout.on('data', (chunk: Buffer) => chunks.stdout.push(chunk));
  stderr.on('data', (chunk: Buffer) => chunks.stderr.push(chunk));
  const result = await manager.launch(context, command, { stdin: 'ignore', stdout, stderr });
  return { exitCode: result.exitCode, stdout: Buffer.concat(chunks.stdout).toString('utf8').trim(), stderr: Buffer.concat(chunks.stderr).toString('utf8') };
}
