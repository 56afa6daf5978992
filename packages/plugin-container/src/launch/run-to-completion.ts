import type { LaunchIo, LaunchResult, PluginHookContext } from '@runtime-env/plugin-api';
import { ContainerEngineUnavailableError, engineStatusOf, isEngineUnreachable } from '../engine/engine-errors.js';
import type { LaunchEngine } from '../engine/launch-engine-client.js';
import type { ContainerPluginOptions } from '../plugin-options.js';
import { attachStreams } from './attach-streams.js';
import { ContainerLaunchTimeoutError } from './launch-errors.js';
import { ContainerStopper, signalOfAbortReason } from './stop-container.js';

/** A claimed standby's start was refused (its shell is missing, say): nothing ran, so the launch may start over without it. */
export class StandbyStartRefusedError extends Error {
  constructor(cause: unknown) {
    super('the standby container could not start', { cause });
  }
}

/**
 * Attaches, starts, forwards signals and the timeout, waits for the end and
 * returns the result. With a `commandLine` the container is a claimed standby,
 * already started: the line is its command, and its start must be answered 304
 * (already running).
 */
export async function runToCompletion(
  containerId: string,
  imageName: string,
  io: LaunchIo,
  engine: LaunchEngine,
  options: ContainerPluginOptions,
  ctx: PluginHookContext<unknown>,
  commandLine?: string,
): Promise<LaunchResult> {
  const streams = await engine
    .call('attaching to the container', () => attachStreams(engine.client, containerId, io, commandLine))
    .catch((error: unknown) => {
      // A standby removed by a sweep that resolved its name just before this claim: nothing ran.
      throw commandLine !== undefined && (engineStatusOf(error) === 404 || engineStatusOf(error) === 409) ? new StandbyStartRefusedError(error) : error;
    });
  const stopper = new ContainerStopper(engine.client, containerId, options.stopGracePeriodSeconds * 1000);
  let timedOut = false;
  const onAbort = (): void => stopper.stop(signalOfAbortReason(io.signal?.reason ?? ctx.signal.reason));
  const signals = [io.signal, ctx.signal].filter((signal): signal is AbortSignal => signal !== undefined);
  for (const signal of signals) signal.addEventListener('abort', onAbort, { once: true });
  const timeout =
    options.launchTimeoutSeconds === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          stopper.stop('SIGTERM');
        }, options.launchTimeoutSeconds * 1000);
  try {
    await engine.call('starting the container', () =>
      commandLine === undefined ? engine.client.start(containerId) : startClaimedStandby(engine, containerId),
    );
    let waitRegistered!: () => void;
    const registered = new Promise<void>((resolve) => (waitRegistered = resolve));
    const waiting = engine.client.wait(containerId, waitRegistered).catch((error: unknown) => {
      throw isEngineUnreachable(error) || (error as Error).message?.includes('socket hang up')
        ? new ContainerEngineUnavailableError(engine.endpoint, 'waiting for the container to end', error)
        : error;
    });
    // A standby's command runs as soon as its line arrives: only once its end cannot be missed.
    await Promise.race([registered, waiting]);
    streams.beginInput();
    io.onStarted?.({ sendSignal: (signal) => void engine.client.kill(containerId, signal).catch(() => undefined) });
    if (signals.some((signal) => signal.aborted)) onAbort();
    const statusCode = await waiting;
    await streams.outputDone;
    if (timedOut) throw new ContainerLaunchTimeoutError(imageName, options.launchTimeoutSeconds ?? 0);
    return stopper.resultFor(statusCode);
  } finally {
    clearTimeout(timeout);
    stopper.dispose();
    streams.detachInput();
    for (const signal of signals) signal.removeEventListener('abort', onAbort);
  }
}

/**
 * A pool hands out only standbys that were running. One that started now (204)
 * had ended meanwhile (killed, or its image has no shell): the line is not sent,
 * so nothing runs in it, and the launch starts a new container instead.
 */
async function startClaimedStandby(engine: LaunchEngine, containerId: string): Promise<void> {
  try {
    await engine.client.start(containerId);
  } catch (error) {
    if (engineStatusOf(error) === 304) return;
    if (isEngineUnreachable(error)) throw error;
    throw new StandbyStartRefusedError(error);
  }
  throw new StandbyStartRefusedError(new Error('the standby container had ended before it was claimed'));
}
