import {
  acquireFastPathEnvironment,
  launchProcess,
  locateConfig,
  type FastPathEnvironment,
  type LaunchIo,
  type LaunchResult,
} from '@runtime-env/core/fast-path';
import { parseCommandArguments } from '../arguments/parse-command-arguments.js';
import { readRuntimeEnvArgument } from '../arguments/read-runtime-env-argument.js';
import type { CliIo } from '../cli-io.js';
import { runCommandShape } from '../commands/run-command-shape.js';
import { exitCodeForError } from '../errors/exit-code-for-error.js';
import { formatError } from '../errors/format-error.js';
import { writeDebugLine } from '../output/debug-line.js';
import { secretsOfDocument } from '../output/mask-secrets.js';
import { exitCodeForSignal, SignalRelay } from '../process/signal-relay.js';
import { confirmRechecks } from './confirm-rechecks.js';
import { fastPathScopeOf } from './fast-path-scope.js';
import { launchModuleImporter, type LaunchModuleImporter } from './launch-module.js';
import { loadRecordedLauncher } from './recorded-launcher.js';

type Launch = (io: LaunchIo) => Promise<LaunchResult>;

interface FastPathRun {
  acquired: FastPathEnvironment;
  dataDirectory: string;
}

/**
 * `rtenv run ARGS` on the fast path: when an earlier run's engine recorded this
 * document and every file it loaded is unchanged, the command starts without
 * the engine, the state database, zod or any plugin (but the launcher's launch
 * module, if the environment names one). It holds the environment by a lease
 * file, which `rtenv ls`, `gc` and other processes count as a reference, and
 * releases it when the command ends (after a signal forwarded to it too; a
 * killed rtenv leaves a lease the next engine's recovery removes). Returns the exit code, or undefined when the full CLI must handle the
 * run (not recorded, help, a usage error, `--agent`, a document on standard
 * input), which then reports any error.
 */
export async function runOnFastPath(args: readonly string[], io: CliIo): Promise<number | undefined> {
  let parsed;
  try {
    parsed = parseCommandArguments(runCommandShape, args);
  } catch {
    return undefined;
  }
  const { values, positionals, helpRequested } = parsed;
  if (helpRequested || positionals.length === 0 || values.agent !== undefined || values['runtime-env-file'] === '-') return undefined;
  let document: unknown;
  try {
    document = await readRuntimeEnvArgument(values, { cwd: io.cwd, command: 'run' });
  } catch {
    return undefined;
  }
  const found = acquireRecorded(values, document, io);
  return found && launchRecorded(found, positionals, io, secretsOfDocument(document));
}

/** The recorded environment with this process's reference on it, or undefined (and why, for RTENV_DEBUG). */
function acquireRecorded(values: { config?: string; 'data-dir'?: string }, document: unknown, io: CliIo): FastPathRun | undefined {
  if (io.env.RTENV_FAST_PATH === '0') {
    // The engine's path still records the document, so turning the fast path back on finds it.
    writeDebugLine(io, 'run: fast path turned off by RTENV_FAST_PATH=0; loading the engine and plugins');
    return undefined;
  }
  try {
    // The core's own lookup of the config file and data directory; the engine's path reports any problem with them.
    const location = locateConfig({ configPath: values.config, dataDirectoryFlag: values['data-dir'], cwd: io.cwd, env: io.env });
    const acquired = acquireFastPathEnvironment({
      dataDirectory: location.dataDirectory,
      scope: fastPathScopeOf(location.configPath, io),
      document,
      launchers: 'return',
      rechecks: 'return',
    });
    if (!acquired.found) {
      writeDebugLine(io, `run: fast path missed (${acquired.reason}); loading the engine and plugins`);
      return undefined;
    }
    writeDebugLine(io, `run: fast path hit: environment ${acquired.environmentId}, recorded by an earlier run`);
    return { acquired, dataDirectory: location.dataDirectory };
  } catch (error) {
    // Nothing ran yet and no reference is held: the engine's path will meet the same problem and explain it.
    writeDebugLine(io, `run: fast path failed (${error instanceof Error ? error.message : String(error)}); loading the engine and plugins`);
    return undefined;
  }
}

async function launchRecorded({ acquired, dataDirectory }: FastPathRun, command: string[], io: CliIo, secrets: readonly string[]): Promise<number | undefined> {
  const relay = new SignalRelay();
  let started = false;
  const importLaunchModule = launchModuleImporter();
  try {
    if (acquired.rechecks.length > 0) {
      const unconfirmed = await confirmRechecks(acquired.rechecks, dataDirectory, relay.launchController.signal, importLaunchModule);
      if (unconfirmed !== undefined) {
        writeDebugLine(io, `run: fast path missed (${unconfirmed}); loading the engine and plugins`);
        return undefined;
      }
      writeDebugLine(io, `run: fast path re-checked ${acquired.rechecks.map((recheck) => recheck.field).join(', ')} through the launch module`);
    }
    const launch = await launcherFor(acquired, dataDirectory, command, io, importLaunchModule);
    if (!launch) return undefined;
    // A signal while the launch module was being imported: nothing started, stop as asked.
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
      writeDebugLine(
        io,
        `run: fast path launcher failed before the command started (${error instanceof Error ? error.message : String(error)}); loading the engine and plugins`,
      );
      return undefined;
    }
    io.stderr.write(formatError(error, { secrets, showStack: Boolean(io.env.RTENV_DEBUG) }));
    return exitCodeForError(error);
  } finally {
    relay.dispose();
    acquired.release();
  }
}

/** How to start the command: the core's local launch, or the launcher plugin's launch module; undefined means the engine's path. */
async function launcherFor(
  acquired: FastPathEnvironment,
  dataDirectory: string,
  command: string[],
  io: CliIo,
  importLaunchModule: LaunchModuleImporter,
): Promise<Launch | undefined> {
  const { launcher, context } = acquired;
  if (!launcher) return (launchIo) => launchProcess(context, command, launchIo);
  try {
    const loaded = await loadRecordedLauncher(launcher, dataDirectory, importLaunchModule);
    if (typeof loaded === 'string') {
      writeDebugLine(io, `run: fast path missed (${loaded}); loading the engine and plugins`);
      return undefined;
    }
    writeDebugLine(io, `run: fast path launches through plugin "${launcher.plugin}", importing ${loaded.imported}`);
    return (launchIo) => loaded.launch(context, command, launchIo, launchIo.signal!);
  } catch (error) {
    writeDebugLine(
      io,
      `run: fast path could not load plugin "${launcher.plugin}" (${error instanceof Error ? error.message : String(error)}); loading the engine and plugins`,
    );
    return undefined;
  }
}
