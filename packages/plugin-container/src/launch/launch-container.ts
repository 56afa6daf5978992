import { hostname } from 'node:os';
import type { LaunchContext, LaunchIo, LaunchResult, PluginHookContext } from '@runtime-env/core/plugin';
import type { LaunchEngine } from '../engine/launch-engine-client.js';
import { ContainerEngineUnavailableError, engineStatusOf, isEngineUnreachable } from '../engine/engine-errors.js';
import type { ContainerPluginOptions } from '../plugin-options.js';
import { attachStreams } from './attach-streams.js';
import { planContainerRun } from './container-run-plan.js';
import { engineCreateRequest, launcherLabels } from './engine-create-request.js';
import { ContainerImageMissingError, ContainerLaunchTimeoutError } from './launch-errors.js';
import { rememberUnremovedContainer, removeOrphanedContainers } from './orphaned-containers.js';
import { ContainerStopper, signalOfAbortReason } from './stop-container.js';

/**
 * `launch`: runs the command in a new container and removes it afterwards,
 * whatever happens (exit, signal, timeout, error). An abort of `io.signal` is
 * forwarded to the container as the signal it names, then SIGKILL after the grace period.
 */
export async function launchContainer(
  context: LaunchContext,
  command: readonly string[],
  io: LaunchIo,
  engine: LaunchEngine,
  options: ContainerPluginOptions,
  ctx: PluginHookContext<unknown>,
): Promise<LaunchResult> {
  const plan = planContainerRun(context, command, { interactive: io.stdin !== 'ignore' });
  // Side work, alongside the launch: creating the container reports an unreachable Engine anyway.
  const sweep = removeOrphanedContainers(engine, ctx.logger).catch(() => 0);
  const labels = { [launcherLabels.plugin]: plan.plugin, [launcherLabels.launcherPid]: String(process.pid), [launcherLabels.launcherHost]: hostname() };
  const containerId = await engine.call(`creating a container from ${plan.imageName}`, () => engine.client.createContainer(engineCreateRequest(plan, labels))).catch((error: unknown) => {
    throw engineStatusOf(error) === 404 ? new ContainerImageMissingError(plan.imageName, plan.image) : error;
  });
  ctx.logger.debug('container created', { container: containerId.slice(0, 12), image: plan.imageName });
  try {
    return await runToCompletion(containerId, plan.imageName, io, engine, options, ctx);
  } finally {
    await sweep;
    await engine
      .call(`removing container ${containerId.slice(0, 12)}`, () => engine.client.remove(containerId))
      .catch((error: unknown) => {
        rememberUnremovedContainer(engine.endpoint, containerId);
        ctx.logger.warn('could not remove the container; the next launch removes it', { container: containerId.slice(0, 12), reason: String(error) });
      });
  }
}

async function runToCompletion(
  containerId: string,
  imageName: string,
  io: LaunchIo,
  engine: LaunchEngine,
  options: ContainerPluginOptions,
  ctx: PluginHookContext<unknown>,
): Promise<LaunchResult> {
  const streams = await engine.call('attaching to the container', () => attachStreams(engine.client, containerId, io));
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
    await engine.call('starting the container', () => engine.client.start(containerId));
    io.onStarted?.({ sendSignal: (signal) => void engine.client.kill(containerId, signal).catch(() => undefined) });
    if (signals.some((signal) => signal.aborted)) onAbort();
    const statusCode = await engine.client.wait(containerId).catch((error: unknown) => {
      throw isEngineUnreachable(error) || (error as Error).message?.includes('socket hang up') ? new ContainerEngineUnavailableError(engine.endpoint, 'waiting for the container to end', error) : error;
    });
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
