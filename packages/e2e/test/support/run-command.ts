// A child process run to its end, its output collected: for the tools the tests
// drive as a user would (pnpm, tsc, vitest), where a failure must show their output.
import { spawn } from 'node:child_process';
import { collectRtenvOutput, type RtenvResult } from './rtenv-process.js';

export type CommandResult = RtenvResult;

export function runCommand(file: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CommandResult> {
  const child = spawn(file, args, { cwd: options.cwd, env: options.env });
  child.stdin.end();
  return collectRtenvOutput(child);
}

/** The command line and its output, for an assertion's message. */
export function describeResult(what: string, result: CommandResult): string {
  return `${what} exited with ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}
