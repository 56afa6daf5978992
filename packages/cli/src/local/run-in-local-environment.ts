import type { EnvironmentHandle, RuntimeEnvManager } from '@runtime-env/core';
import type { CliIo } from '../cli-io.js';
import { exitCodeForError } from '../errors/exit-code-for-error.js';
import { formatError } from '../errors/format-error.js';
import { createProgressDisplay } from '../output/progress-display.js';
import { failedEnvironmentNote } from './failed-environment-note.js';
import { loadCliConfig } from '../config/load-cli-config.js';
import { fastPathScopeOf } from '../fast-path/fast-path-scope.js';
import { exitCodeForSignal, SignalRelay } from '../process/signal-relay.js';
import { openManager } from './with-manager.js';

interface RunSettings {
  io: CliIo;
  secrets: readonly string[];
  quiet: boolean;
  /** `--retry`: try again even if the same environment just failed. */
  retry: boolean;
}

/**
 * `rtenv run` on this node's data directory: the engine and the plugins load here
 * (and only here, so `run --agent` does not pay for them). Returns the exit code.
 */
export async function runInLocalEnvironment(
  values: { config?: string; 'data-dir'?: string },
  document: unknown,
  command: string[],
  settings: RunSettings,
): Promise<number> {
  const { io, secrets, quiet } = settings;
  const config = await loadCliConfig(values, io);
  const relay = new SignalRelay();
  // The engine records the document, with the files it loaded, for the next run's fast path (`runOnFastPath`).
  const manager = await openManager(config, { fastPath: { scope: fastPathScopeOf(config.configPath, io), loadedFiles: config.loadedFiles } });
  try {
    return await runInEnvironment(manager, document, command, relay, settings);
  } catch (error) {
    // A signal during creation shows up as a cancellation: report it as the signal.
    const signal = relay.creationInterruptedBy;
    if (signal) {
      if (!quiet) io.stderr.write(`rtenv: interrupted by ${signal} while creating the environment; nothing half-built is kept\n`);
      return exitCodeForSignal(signal);
    }
    io.stderr.write(formatError(error, { secrets, showStack: Boolean(io.env.RTENV_DEBUG) }));
    io.stderr.write(await failedEnvironmentNote(manager, document, error, secrets));
    return exitCodeForError(error);
  } finally {
    relay.dispose();
    await manager.close();
  }
}

async function runInEnvironment(manager: RuntimeEnvManager, document: unknown, command: string[], relay: SignalRelay, settings: RunSettings): Promise<number> {
  // The reference is tied to this process: if it dies without releasing, the core sees the pid gone.
  const owner = `cli:${process.pid}`;
  const display = createProgressDisplay(settings.io, { quiet: settings.quiet, secrets: settings.secrets });
  let handle: EnvironmentHandle;
  try {
    handle = await manager.getOrCreate(document, {
      owner,
      pid: process.pid,
      ...(settings.retry ? { retry: true } : {}),
      signal: relay.creationController.signal,
      onProgress: (event) => display.update(event),
    });
  } finally {
    display.finish();
  }
  try {
    relay.commandStarted();
    const result = await manager.launch(handle.context, command, {
      stdin: 'inherit',
      stdout: 'inherit',
      stderr: 'inherit',
      signal: relay.launchController.signal,
      onStarted: relay.attach,
    });
    if (result.signal) return exitCodeForSignal(result.signal);
    return result.exitCode ?? 1;
  } finally {
    manager.release(handle.id, owner);
  }
}
