import { acquireCachedEnvironment, launchProcess } from '@runtime-env/core/cached-run';
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

/** The fast path ran the command (its exit code), or the engine's path must run with this namespace. */
export type MemoRunOutcome = { ran: true; exitCode: number } | { ran: false; namespace: string | undefined };

/**
 * `rtenv run` on an environment an earlier run recorded in the document memo:
 * no plugin, zod or validation is loaded, only SQLite and the launcher. The
 * reference, last-used time and launch are the engine's own, so `rtenv ls`, `gc`
 * and other processes see this run as they see any other.
 */
export async function runFromDocumentMemo(
  values: { config?: string; 'data-dir'?: string },
  document: unknown,
  command: string[],
  settings: RunSettings,
): Promise<MemoRunOutcome> {
  const { io } = settings;
  const location = locateConfig(values, io);
  const namespace = location && documentMemoNamespaceOf(location, io.cwd);
  if (!location || !namespace) {
    writeDebugLine(io, 'run: fast path skipped: the config file needs the full check');
    return { ran: false, namespace: undefined };
  }
  if (io.env.RTENV_FAST_PATH === '0') {
    // Still recorded by the engine path, so turning the fast path back on finds it.
    writeDebugLine(io, 'run: fast path turned off by RTENV_FAST_PATH=0; loading the engine and plugins');
    return { ran: false, namespace };
  }
  const owner = `cli:${process.pid}`;
  const acquired = acquireCachedEnvironment({ dataDirectory: location.dataDirectory, namespace, document, owner, pid: process.pid });
  if (!acquired.found) {
    writeDebugLine(io, `run: fast path missed (${acquired.reason}); loading the engine and plugins`);
    return { ran: false, namespace };
  }
  writeDebugLine(io, `run: fast path hit: environment ${acquired.environmentId} from the document memo`);
  const relay = new SignalRelay();
  try {
    relay.commandStarted();
    const result = await launchProcess(acquired.context, command, { stdin: 'inherit', stdout: 'inherit', stderr: 'inherit', signal: relay.launchController.signal });
    return { ran: true, exitCode: result.signal ? exitCodeForSignal(result.signal) : (result.exitCode ?? 1) };
  } catch (error) {
    io.stderr.write(formatError(error, { secrets: settings.secrets, showStack: Boolean(io.env.RTENV_DEBUG) }));
    return { ran: true, exitCode: exitCodeForError(error) };
  } finally {
    relay.dispose();
    acquired.release();
  }
}
