import { readFile } from 'node:fs/promises';
import type { RuntimeEnvManager } from '@runtime-env/core';
import { exitCodeForError } from '../errors/exit-code-for-error.js';
import { ExitCode } from '../exit-codes.js';
import { maskSecrets } from '../output/mask-secrets.js';

/** How many of a timed-out creation's last log lines are shown (a plugin failure carries its own). */
const TIMEOUT_TAIL_LINES = 10;

/**
 * The lines printed after a failed creation: which environment failed and where
 * its setup log is, so the user can read what the plugins did; after a timeout,
 * also the log's last lines (the timeout names only the plugin and phase).
 * Empty for any other failure, or when the environment cannot be found.
 */
export async function failedEnvironmentNote(manager: RuntimeEnvManager, document: unknown, error: unknown, secrets: readonly string[]): Promise<string> {
  if (exitCodeForError(error) !== ExitCode.setupFailed) return '';
  let record;
  try {
    record = manager.getEnvironment((await manager.resolve(document)).id);
  } catch {
    return '';
  }
  if (!record) return '';
  const lines = [`  environment: ${record.id}`, `  setup log: ${record.setupLogPath} (or \`rtenv logs ${record.id.slice(0, 12)}\`)`];
  if ((error as { code?: unknown }).code === 'setup_timeout') {
    const tail = await lastLinesOf(record.setupLogPath, TIMEOUT_TAIL_LINES);
    if (tail.length > 0) lines.push('  last lines of the setup log:', ...tail.map((line) => `    | ${line}`));
  }
  return maskSecrets(`${lines.join('\n')}\n`, secrets);
}

async function lastLinesOf(file: string, count: number): Promise<string[]> {
  try {
    return (await readFile(file, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .slice(-count);
  } catch {
    return [];
  }
}
