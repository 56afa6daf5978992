import type { JsonObject } from '@runtime-env/core';
import type { CliIo } from '../cli-io.js';
import { exitCodeForError } from '../errors/exit-code-for-error.js';
import { formatError } from '../errors/format-error.js';
import { createProgressDisplay } from '../output/progress-display.js';
import { isLoopbackAgent } from './loopback-agent.js';
import { exitCodeForSignal, SignalRelay } from '../process/signal-relay.js';
import { withManager } from '../local/with-manager.js';

/**
 * `rtenv run --agent URL`: the agent creates and holds the environment; the command
 * runs in this process. A container's command is started here too, through this
 * CLI's own engine and plugins, when the agent listens on loopback (its Docker
 * Engine is this host's); an agent elsewhere refuses such a document up front.
 */
export async function runWithAgent(
  url: string,
  document: unknown,
  command: string[],
  settings: { io: CliIo; secrets: readonly string[]; quiet: boolean; retry: boolean; configValues: { config?: string; 'data-dir'?: string } },
): Promise<number> {
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
        ...(isLoopbackAgent(url)
          ? {
              launchWithPlugin: (context, launchCommand, io) =>
                withManager(settings.configValues, settings.io, (manager) => manager.launch(context, launchCommand, io)),
            }
          : {}),
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
    const environmentId = (error as { details?: { environmentId?: unknown } }).details?.environmentId;
    // The log is on the agent's node: point at it through the agent.
    if (typeof environmentId === 'string')
      settings.io.stderr.write(`  environment: ${environmentId} (read its setup log with \`rtenv logs --agent ${url} ${environmentId.slice(0, 12)}\`)\n`);
    return exitCodeForError(error);
  } finally {
    relay.dispose();
  }
}
