import type { JsonObject } from '@runtime-env/core';
import type { CliIo } from '../cli-io.js';
import { exitCodeForError } from '../errors/exit-code-for-error.js';
import { formatError } from '../errors/format-error.js';
import { createProgressDisplay } from '../output/progress-display.js';
import { exitCodeForSignal, SignalRelay } from './signal-relay.js';

/** `rtenv run --agent URL`: the agent creates and holds the environment; the command runs in this process. */
export async function runWithAgent(url: string, document: unknown, command: string[], settings: { io: CliIo; secrets: readonly string[]; quiet: boolean; retry: boolean }): Promise<number> {
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
        io: { stdin: 'inherit', stdout: 'inherit', stderr: 'inherit', signal: relay.launchController.signal, onStarted: relay.attach },
        signal: relay.creationController.signal,
        retry: settings.retry,
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
