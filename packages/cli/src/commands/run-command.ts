import { defineCommand } from '../arguments/command-definition.js';
import { readRuntimeEnvArgument } from '../arguments/read-runtime-env-argument.js';
import { configOptions, runtimeEnvOptions } from '../arguments/shared-options.js';
import { UsageError } from '../errors/usage-error.js';
import { secretsOfDocument } from '../output/mask-secrets.js';

export const runCommand = defineCommand({
  name: 'run',
  summary: 'Create (or reuse) an environment, run a command in it, and exit with its code.',
  usage: 'run [--runtime-env JSON | --runtime-env-file FILE] [--quiet] [--] COMMAND [ARGS...]',
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
    ...configOptions,
  },
  positionals: { minimum: 0, maximum: Number.POSITIVE_INFINITY, names: 'COMMAND' },
  passThroughAfterFirstPositional: true,
  async run({ values, positionals, io }) {
    if (positionals.length === 0) throw new UsageError('`rtenv run` needs a command to run, for example `rtenv run -- python3 -c "print(1)"`', 'run');
    const document = await readRuntimeEnvArgument(values, { cwd: io.cwd, command: 'run' });
    const secrets = secretsOfDocument(document);
    if (values.agent) {
      const { runWithAgent } = await import('../session/run-with-agent.js');
      return runWithAgent(values.agent, document, positionals, { io, secrets, quiet: values.quiet === true });
    }
    // A document an earlier run recorded runs without loading the engine or any plugin.
    const { runFromDocumentMemo } = await import('../session/run-from-document-memo.js');
    const fast = await runFromDocumentMemo(values, document, positionals, { io, secrets });
    if (fast.ran) return fast.exitCode;
    const { runInLocalEnvironment } = await import('../session/run-in-local-environment.js');
    return runInLocalEnvironment(values, document, positionals, { io, secrets, quiet: values.quiet === true, documentMemoNamespace: fast.namespace });
  },
});
