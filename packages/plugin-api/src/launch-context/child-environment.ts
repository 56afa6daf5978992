import { RuntimeEnvError } from '../errors/runtime-env-error.js';
import { expandVariables } from './expand-variables.js';
import type { LaunchContext } from './launch-context.js';

/**
 * The environment a process launched in `context` gets: the base environment,
 * then `envVars` (each expanded against the base, not against each other, so the
 * result does not depend on key order), then each `pathPrepends` list joined with
 * `:` in front of the variable's value. Empty parts are skipped so no stray `:`
 * puts the current directory on a path.
 */
export function buildChildEnvironment(
  context: LaunchContext,
  baseEnvironment: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(baseEnvironment)) {
    if (value !== undefined) environment[name] = value;
  }
  for (const [name, value] of Object.entries(context.envVars)) {
    environment[name] = expandVariables(value, baseEnvironment);
  }
  for (const [name, directories] of Object.entries(context.pathPrepends)) {
    const parts = [...directories, environment[name] ?? ''].filter((part) => part !== '');
    if (parts.length > 0) environment[name] = parts.join(':');
  }
  return environment;
}

const PYTHON_WORDS = new Set(['python', 'python3']);

/** The argv a launch runs: `commandPrefix`, then the command with `python` swapped for the environment's interpreter. */
export function commandLineOf(context: LaunchContext, command: readonly string[]): string[] {
  const [first, ...rest] = command;
  if (first === undefined) {
    throw new RuntimeEnvError('empty_command', 'cannot launch an empty command', { hint: 'pass the program to run and its arguments' });
  }
  const program = context.pythonExecutable && PYTHON_WORDS.has(first) ? context.pythonExecutable : first;
  return [...context.commandPrefix, program, ...rest];
}
