import type { CreateContext, RunProcessOptions } from '@runtime-env/plugin-api';
import { SetupFailure } from '@runtime-env/plugin-api';
import { indexesPipUsed, indexProblem } from './index-reachability.js';
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
    const failure = classifyPipFailure({ step: options.step, exitCode: result.exitCode, signal: result.signal, lines: masked });
    throw await confirmPermanentFailure(failure, lines, options.step, ranWithoutIndex(args, options.environment.env));
  }
  return lines;
}

/**
 * A "not found" while the index was down is a network failure in disguise. It reads
 * pip's unmasked lines to know which index to ask (its URL is often an env_vars
 * value, masked everywhere else) and never quotes the URL back.
 */
async function confirmPermanentFailure(failure: SetupFailure, lines: readonly string[], step: string, noIndex: boolean): Promise<SetupFailure> {
  const missing = lines.map((line) => /No matching distribution found for ([A-Za-z0-9._-]+)/.exec(line)?.[1]).find(Boolean);
  if (failure.code !== 'pip_requirement_not_found' || !missing) return failure;
  for (const index of indexesPipUsed(lines, noIndex)) {
    const problem = await indexProblem(index, missing);
    if (problem) {
      return SetupFailure.transient(`pip could not read the package index while ${step}: ${problem}`, {
        code: 'pip_index_unreachable',
        hint: 'check that the index (PIP_INDEX_URL or "--index-url") is up and reachable from this node',
      });
    }
  }
  return failure;
}

/** Whether pip looked in no index at all: `--no-index`, or `PIP_NO_INDEX` set to a value pip reads as true. */
function ranWithoutIndex(args: readonly string[], env: Readonly<Record<string, string>>): boolean {
  return args.includes('--no-index') || ['1', 'true', 'yes', 'on'].includes((env.PIP_NO_INDEX ?? '').toLowerCase());
}
