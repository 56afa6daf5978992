import type { CreateContext, RunProcessOptions } from '@runtime-env/core/plugin';
import { classifyPipFailure } from './pip-failure.js';
import type { PipChildEnvironment } from './pip-child-environment.js';

/** How to start pip: the executable and the words before pip's own arguments. */
export interface PipCommand {
  file: string;
  prefix: string[];
}

export interface PipRunOptions {
  /** What pip is doing, for error messages ("installing the packages"). */
  step: string;
  environment: PipChildEnvironment;
  cwd: string;
  onLine?: (line: string) => void;
}

/** Every line pip printed, when it succeeded. */
export type PipOutput = string[];

/** Error messages quote pip's output, which may echo an index URL carrying a token. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of [...secrets].sort((left, right) => right.length - left.length)) masked = masked.split(secret).join('***');
  return masked;
}

/** Throws the abort reason when the creation was cancelled or timed out, so a killed pip is not reported as a pip error. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason ?? 'aborted'));
}

export async function runPip(ctx: CreateContext<unknown>, command: PipCommand, args: readonly string[], options: PipRunOptions): Promise<PipOutput> {
  const lines: string[] = [];
  const runOptions: RunProcessOptions = {
    cwd: options.cwd,
    env: options.environment.env,
    secrets: options.environment.secrets,
    onLine: (line) => {
      lines.push(line);
      options.onLine?.(line);
    },
  };
  const result = await ctx.runProcess(command.file, [...command.prefix, ...args], runOptions);
  throwIfAborted(ctx.signal);
  if (result.exitCode !== 0) {
    const masked = lines.map((line) => maskSecrets(line, options.environment.secrets));
    throw classifyPipFailure({ step: options.step, exitCode: result.exitCode, signal: result.signal, lines: masked });
  }
  return lines;
}
