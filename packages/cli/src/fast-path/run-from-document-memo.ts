import { acquireCachedEnvironment, launchProcess, type CachedEnvironment, type LaunchIo, type LaunchResult } from '@runtime-env/core/cached-run';
import type { CliIo } from '../cli-io.js';
import { exitCodeForError } from '../errors/exit-code-for-error.js';
import { formatError } from '../errors/format-error.js';
import { writeDebugLine } from '../output/debug-line.js';
import { locateConfig, type ConfigLocation } from './config-location.js';
import { confirmRechecks } from './confirm-rechecks.js';
import { documentMemoNamespaceOf } from './document-memo-namespace.js';
import { launchModuleImporter, type LaunchModuleImporter } from './launch-module.js';
import { loadRecordedLauncher } from './recorded-launcher.js';
import { exitCodeForSignal, SignalRelay } from '../process/signal-relay.js';

interface RunSettings {
  io: CliIo;
  secrets: readonly string[];
}

type Launch = (io: LaunchIo) => Promise<LaunchResult>;

/**
 * `rtenv run` on an environment an earlier run recorded in the document memo:
 * no validation or zod of the core is loaded, and no plugin but the launcher the
 * environment names (the container plugin for `image_uri`), if any. The
 * reference, last-used time and launch are the engine's own, so `rtenv ls`, `gc`
 * and other processes see this run as they see any other. Returns the exit code,
 * or undefined when the document must go through the engine.
 */
export async function runFromDocumentMemo(
  values: { config?: string; 'data-dir'?: string },
  document: unknown,
  command: string[],
  settings: RunSettings,
): Promise<number | undefined> {
  const { io } = settings;
  const recorded = acquireRecorded(values, document, io);
  if (!recorded) return undefined;
  const { acquired, location } = recorded;
  const relay = new SignalRelay();
  let started = false;
  const importLaunchModule = launchModuleImporter();
  try {
    if (acquired.rechecks.length > 0) {
      const unconfirmed = await confirmRechecks(acquired.rechecks, location.dataDirectory, relay.launchController.signal, importLaunchModule);
      if (unconfirmed !== undefined) {
        writeDebugLine(io, `run: fast path missed (${unconfirmed}); loading the engine and plugins`);
        return undefined;
      }
      writeDebugLine(io, `run: fast path re-checked ${acquired.rechecks.map((recheck) => recheck.field).join(', ')} through the launch module`);
    }
    const launch = await launcherFor(acquired, location, command, io, importLaunchModule);
    if (!launch) return undefined;
    // A signal while the launcher plugin was being imported: nothing started, stop as asked.
    if (relay.creationInterruptedBy) return exitCodeForSignal(relay.creationInterruptedBy);
    relay.commandStarted();
    const onStarted: LaunchIo['onStarted'] = (control) => {
      started = true;
      relay.attach(control);
    };
    const result = await launch({ stdin: 'inherit', stdout: 'inherit', stderr: 'inherit', signal: relay.launchController.signal, onStarted });
    return result.signal ? exitCodeForSignal(result.signal) : (result.exitCode ?? 1);
  } catch (error) {
    const interruptedBy = relay.launchController.signal.reason as unknown;
    if (!started && acquired.launcher && typeof interruptedBy !== 'string') {
      // The command never started: the engine's path launches it again and explains any real problem.
      writeDebugLine(io, `run: fast path launcher failed before the command started (${error instanceof Error ? error.message : String(error)}); loading the engine and plugins`);
      return undefined;
    }
    io.stderr.write(formatError(error, { secrets: settings.secrets, showStack: Boolean(io.env.RTENV_DEBUG) }));
    return exitCodeForError(error);
  } finally {
    relay.dispose();
    acquired.release();
  }
}

/** How to start the command: the core's local launch, or the recorded launcher plugin's; undefined means the engine's path. */
async function launcherFor(acquired: CachedEnvironment, location: ConfigLocation, command: string[], io: CliIo, importLaunchModule: LaunchModuleImporter): Promise<Launch | undefined> {
  const { launcher, context } = acquired;
  if (!launcher) return (launchIo) => launchProcess(context, command, launchIo);
  try {
    const loaded = await loadRecordedLauncher(launcher, location, io.cwd, importLaunchModule);
    if (typeof loaded === 'string') {
      writeDebugLine(io, `run: fast path missed (${loaded}); loading the engine and plugins`);
      return undefined;
    }
    writeDebugLine(io, `run: fast path launches through plugin "${launcher.plugin}", importing ${loaded.imported}`);
    return (launchIo) => loaded.launch(context, command, launchIo, launchIo.signal!);
  } catch (error) {
    writeDebugLine(io, `run: fast path could not load plugin "${launcher.plugin}" (${error instanceof Error ? error.message : String(error)}); loading the engine and plugins`);
    return undefined;
  }
}

/** The recorded environment with this process's reference on it, or undefined (and why, for RTENV_DEBUG). */
function acquireRecorded(values: { config?: string; 'data-dir'?: string }, document: unknown, io: CliIo): { acquired: CachedEnvironment; location: ConfigLocation } | undefined {
  if (io.env.RTENV_FAST_PATH === '0') {
    // The engine path still records the document, so turning the fast path back on finds it.
    writeDebugLine(io, 'run: fast path turned off by RTENV_FAST_PATH=0; loading the engine and plugins');
    return undefined;
  }
  try {
    const location = locateConfig(values, io);
    const namespace = location && documentMemoNamespaceOf(location, io.cwd);
    if (!location || !namespace) {
      writeDebugLine(io, 'run: fast path skipped: the config file needs the full check');
      return undefined;
    }
    const acquired = acquireCachedEnvironment({ dataDirectory: location.dataDirectory, namespace, document, owner: `cli:${process.pid}`, pid: process.pid, launchers: 'return', rechecks: 'return' });
    if (!acquired.found) {
      writeDebugLine(io, `run: fast path missed (${acquired.reason}); loading the engine and plugins`);
      return undefined;
    }
    writeDebugLine(io, `run: fast path hit: environment ${acquired.environmentId} from the document memo`);
    return { acquired, location };
  } catch (error) {
    // Nothing ran yet and no reference is held: the engine path will meet the same problem and explain it.
    writeDebugLine(io, `run: fast path failed (${error instanceof Error ? error.message : String(error)}); loading the engine and plugins`);
    return undefined;
  }
}
