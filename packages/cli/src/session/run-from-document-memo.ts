import { acquireCachedEnvironment, launchProcess, type CachedEnvironment } from '@runtime-env/core/cached-run';
import type { CliIo } from '../cli-io.js';
import { exitCodeForError } from '../errors/exit-code-for-error.js';
import { formatError } from '../errors/format-error.js';
import { writeDebugLine } from '../output/debug-line.js';
import { locateConfig } from './config-location.js';
import { documentMemoNamespaceOf } from './document-memo-namespace.js';
import { exitCodeForSignal, SignalRelay } from './signal-relay.js';

interface RunSettings {
  io: CliIo;
  secrets: readonly string[];
}

/**
 * `rtenv run` on an environment an earlier run recorded in the document memo:
 * no plugin, zod or validation is loaded, only SQLite and the launcher. The
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
  const acquired = acquireRecorded(values, document, io);
  if (!acquired) return undefined;
  const relay = new SignalRelay();
  try {
    relay.commandStarted();
    const result = await launchProcess(acquired.context, command, { stdin: 'inherit', stdout: 'inherit', stderr: 'inherit', signal: relay.launchController.signal, onStarted: relay.attach });
    return result.signal ? exitCodeForSignal(result.signal) : (result.exitCode ?? 1);
  } catch (error) {
    io.stderr.write(formatError(error, { secrets: settings.secrets, showStack: Boolean(io.env.RTENV_DEBUG) }));
    return exitCodeForError(error);
  } finally {
    relay.dispose();
    acquired.release();
  }
}

/** The recorded environment with this process's reference on it, or undefined (and why, for RTENV_DEBUG). */
function acquireRecorded(values: { config?: string; 'data-dir'?: string }, document: unknown, io: CliIo): CachedEnvironment | undefined {
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
    const acquired = acquireCachedEnvironment({ dataDirectory: location.dataDirectory, namespace, document, owner: `cli:${process.pid}`, pid: process.pid });
    if (!acquired.found) {
      writeDebugLine(io, `run: fast path missed (${acquired.reason}); loading the engine and plugins`);
      return undefined;
    }
    writeDebugLine(io, `run: fast path hit: environment ${acquired.environmentId} from the document memo`);
    return acquired;
  } catch (error) {
    // Nothing ran yet and no reference is held: the engine path will meet the same problem and explain it.
    writeDebugLine(io, `run: fast path failed (${error instanceof Error ? error.message : String(error)}); loading the engine and plugins`);
    return undefined;
  }
}
