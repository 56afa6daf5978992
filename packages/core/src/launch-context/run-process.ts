import { runCapturedProcess, type RunProcess } from '@runtime-env/plugin-api';
import type { SetupProcessGroups } from './setup-process-groups.js';
import { SETUP_CREATOR_VARIABLE } from './setup-process-marker.js';
import { watchSetupProcessGroup } from './setup-process-watchdog.js';

export interface RunProcessSink {
  /** Fires on timeout or cancellation; the child's whole process group is killed. */
  signal: AbortSignal;
  /**
   * Where each output line goes first (the setup log), with the call's extra secrets
   * to mask; returns the line as masked, which is what `outputTail` keeps.
   */
  writeLine(line: string, stream: 'stdout' | 'stderr', secrets: readonly string[]): string;
  /** Every group started is registered here, so the creation can make sure all are gone. */
  processGroups: SetupProcessGroups;
  /** Put in every child's environment, so startup recovery finds the orphans of a creator that died. */
  creatorMarker: string;
}

/** The `ctx.runProcess` a plugin hook gets: every child is also watched, so it dies with this process. */
export function createRunProcess(sink: RunProcessSink): RunProcess {
  return (file, args, options = {}) =>
    runCapturedProcess(file, args, options, {
      signal: sink.signal,
      recordLine: (line, stream, secrets) => sink.writeLine(line, stream, secrets),
      extraEnvironment: { [SETUP_CREATOR_VARIABLE]: sink.creatorMarker },
      onSpawn: (child) => {
        sink.processGroups.add(child);
        const watchdog = watchSetupProcessGroup(child);
        return () => watchdog.release();
      },
    });
}
