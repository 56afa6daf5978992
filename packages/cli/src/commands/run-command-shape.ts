import { configOptions, runtimeEnvOptions } from '../arguments/shared-options.js';

/**
 * What `rtenv run` is, without what it does: its help and options. Apart from the
 * command so that the fast path (`src/fast-path/run-on-fast-path.ts`) parses exactly
 * the same arguments without loading the command.
 */
export const runCommandShape = {
  name: 'run',
  summary: 'Create (or reuse) an environment, run a command in it, and exit with its code.',
  usage: 'run [--runtime-env JSON | --runtime-env-file FILE] [--quiet] [--retry] [--] COMMAND [ARGS...]',
  details: `The environment is created once and cached; later runs with the same document
reuse it. While the command runs, this process holds a reference to the
environment, so garbage collection leaves it alone. A command word "python" or
"python3" is replaced by the environment's interpreter when it has one.

Progress is drawn live on a terminal and as plain lines otherwise. SIGINT,
SIGTERM and SIGHUP are passed on to the command. The exit code is the command's
(128+N when signal N ended it), or 2/3 when the environment is invalid/failed.

Example:
  rtenv run --runtime-env '{"env_vars": {"GREETING": "hello"}}' -- python3 -c 'import os; print(os.environ["GREETING"])'`,
  options: {
    ...runtimeEnvOptions,
    agent: { type: 'string', valueName: 'URL', description: 'create the environment through the agent at URL; the command still runs here' },
    quiet: { type: 'boolean', short: 'q', description: 'print nothing but errors' },
    retry: {
      type: 'boolean',
      description: 'try again even if the same environment just failed (a failure is otherwise replayed for 10 minutes while nothing changed)',
    },
    ...configOptions,
  },
  positionals: { minimum: 0, maximum: Number.POSITIVE_INFINITY, names: 'COMMAND' },
  passThroughAfterFirstPositional: true,
} as const;
