import type { JsonObject } from '@runtime-env/core';
import { defineCommand } from '../arguments/command-definition.js';
import { readRuntimeEnvArgument } from '../arguments/read-runtime-env-argument.js';
import { configOptions, runtimeEnvOptions } from '../arguments/shared-options.js';
import type { CliIo } from '../cli-io.js';
import { exitCodeForError } from '../errors/exit-code-for-error.js';
import { formatError } from '../errors/format-error.js';
import { UsageError } from '../errors/usage-error.js';
import { secretsOfDocument } from '../output/mask-secrets.js';
import { createProgressDisplay } from '../output/progress-display.js';
import { exitCodeForSignal, SignalRelay } from '../session/signal-relay.js';

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
    if (values.agent) return runWithAgent(values.agent, document, positionals, { io, secrets, quiet: values.quiet === true });
    // A document an earlier run recorded runs without loading the engine or any plugin.
    const { runFromDocumentMemo } = await import('../session/run-from-document-memo.js');
    const fast = await runFromDocumentMemo(values, document, positionals, { io, secrets });
    if (fast.ran) return fast.exitCode;
    const { runInLocalEnvironment } = await import('../session/run-in-local-environment.js');
    return runInLocalEnvironment(values, document, positionals, { io, secrets, quiet: values.quiet === true, documentMemoNamespace: fast.namespace });
  },
});

/** `rtenv run --agent URL`: the agent creates and holds the environment; the command runs in this process. */
async function runWithAgent(url: string, document: unknown, command: string[], settings: { io: CliIo; secrets: readonly string[]; quiet: boolean }): Promise<number> {
  const { withAgent, runThroughAgent } = await import('@runtime-env/client');
  const relay = new SignalRelay();
  const display = createProgressDisplay(settings.io, { quiet: settings.quiet, secrets: settings.secrets });
  let displayed = true;
  const finishDisplay = () => {
    if (displayed) display.finish();
    displayed = false;
  };
  try {
    const result = await withAgent(url, settings.io.env, (client) =>
      runThroughAgent(client, document as JsonObject, command, {
        io: { stdin: 'inherit', stdout: 'inherit', stderr: 'inherit', signal: relay.launchController.signal },
        signal: relay.creationController.signal,
        onProgress: (step) => step.type === 'progress' && display.update(step.data),
        onLaunch: () => {
          finishDisplay();
          relay.commandStarted();
        },
      }),
    );
    return result.signal ? exitCodeForSignal(result.signal) : (result.exitCode ?? 1);
  } catch (error) {
    finishDisplay();
    const signal = relay.creationInterruptedBy;
    if (signal) {
      if (!settings.quiet) settings.io.stderr.write(`rtenv: interrupted by ${signal} while the agent was creating the environment\n`);
      return exitCodeForSignal(signal);
    }
    settings.io.stderr.write(formatError(error, { secrets: settings.secrets, showStack: Boolean(settings.io.env.RTENV_DEBUG) }));
    return exitCodeForError(error);
  } finally {
    relay.dispose();
  }
}
