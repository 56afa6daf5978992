import { hostname } from 'node:os';
import type { LaunchContext, LaunchIo, LaunchResult, PluginHookContext } from '@runtime-env/plugin-api';
import { engineMessageOf, engineStatusOf } from '../engine/engine-errors.js';
import type { LaunchEngine } from '../engine/launch-engine-client.js';
import type { ContainerPluginOptions } from '../plugin-options.js';
import { forgetClaim } from '../standby/claim-records.js';
import { claimStandby } from '../standby/claim-standby.js';
import { prepareStandby, type StandbyRequest } from '../standby/prepare-standby.js';
import { isShellLessImage, meansShellMissing, rememberShellLessImage } from '../standby/shell-less-images.js';
import { standbyCommandLine } from '../standby/standby-command-line.js';
import { standbyKeyOf } from '../standby/standby-key.js';
import { planContainerRun, type ContainerRunPlan } from './container-run-plan.js';
import { engineCreateRequest, launcherLabels } from './engine-create-request.js';
import { ContainerImageMissingError } from './launch-errors.js';
import { rememberUnremovedContainer, removeOrphanedContainers } from './orphaned-containers.js';
import { runToCompletion, StandbyStartRefusedError } from './run-to-completion.js';

/** Default of the option `standbyIdleSeconds`, for options recorded before it existed. */
const defaultStandbyIdleSeconds = 600;

/**
 * `launch`: runs the command in a container and removes it afterwards, whatever
 * happens (exit, signal, timeout, error). An abort of `io.signal` is forwarded to
 * the container as the signal it names, then SIGKILL after the grace period.
 *
 * The container is a claimed standby when one waits for this plan (see
 * src/standby/), else a new one; either way the next launch's standby is made
 * while the command runs.
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
  const standbyIdleSeconds = options.standbyIdleSeconds ?? defaultStandbyIdleSeconds;
  // Side work, alongside the launch: creating the container reports an unreachable Engine anyway.
  const sweep = removeOrphanedContainers(engine, ctx.logger, standbyIdleSeconds, ctx.pluginDirectory).catch(() => 0);
  const labels = { [launcherLabels.plugin]: plan.plugin, [launcherLabels.launcherPid]: String(process.pid), [launcherLabels.launcherHost]: hostname() };
  const createBody = engineCreateRequest(plan, labels) as StandbyRequest['createBody'];
  const operations = engine.client.standby;
  const standbyApplies = options.standby !== false && operations !== undefined && standbyCommandLine(plan.command) !== undefined && !isShellLessImage(ctx.pluginDirectory, plan.image);
  let replacement: Promise<void> | undefined;
  try {
    if (standbyApplies) {
      const request: StandbyRequest = { createBody, key: standbyKeyOf(createBody), plugin: plan.plugin, pluginDirectory: ctx.pluginDirectory, logger: ctx.logger };
      const claim = await claimStandby(engine, operations, request.key, standbyIdleSeconds, ctx.pluginDirectory);
      if (claim.outcome === 'shell-less') rememberShellLessImage(ctx.pluginDirectory, plan.image);
      // After a claim or when there was none, the next launch's standby is made while this command runs.
      if (claim.outcome === 'claimed' || claim.outcome === 'none') replacement = prepareStandby(engine, operations, request);
      if (claim.outcome === 'claimed') {
        const result = await runClaimedStandby(claim.containerId, [...claim.entrypoint, ...plan.command], plan, io, engine, options, ctx);
        if (result !== undefined) return result;
      }
    }
    return await runNewContainer(createBody, plan, io, engine, options, ctx);
  } finally {
    await sweep;
    // Not before the replacement's start request is written: a CLI exits as soon as this returns.
    await replacement;
  }
}

/** Undefined when the standby could not serve (its start was refused): nothing ran, the caller starts a new container. */
async function runClaimedStandby(
  containerId: string,
  words: string[],
  plan: ContainerRunPlan,
  io: LaunchIo,
  engine: LaunchEngine,
  options: ContainerPluginOptions,
  ctx: PluginHookContext<unknown>,
): Promise<LaunchResult | undefined> {
  ctx.logger.debug('claimed a standby container', { container: containerId.slice(0, 12), image: plan.imageName });
  try {
    const commandLine = standbyCommandLine(words);
    if (commandLine === undefined) return undefined;
    return await runToCompletion(containerId, plan.imageName, io, engine, options, ctx, commandLine);
  } catch (error) {
    if (!(error instanceof StandbyStartRefusedError)) throw error;
    const reason = engineMessageOf(error.cause);
    if (meansShellMissing(reason)) rememberShellLessImage(ctx.pluginDirectory, plan.image);
    ctx.logger.debug('the claimed standby container could not start; starting a new container', { reason });
    return undefined;
  } finally {
    await removeContainer(containerId, engine, ctx);
    forgetClaim(ctx.pluginDirectory, containerId);
  }
}

async function runNewContainer(
  createBody: object,
  plan: ContainerRunPlan,
  io: LaunchIo,
  engine: LaunchEngine,
  options: ContainerPluginOptions,
  ctx: PluginHookContext<unknown>,
): Promise<LaunchResult> {
  const containerId = await engine.call(`creating a container from ${plan.imageName}`, () => engine.client.createContainer(createBody)).catch((error: unknown) => {
    throw engineStatusOf(error) === 404 ? new ContainerImageMissingError(plan.imageName, plan.image) : error;
  });
  ctx.logger.debug('container created', { container: containerId.slice(0, 12), image: plan.imageName });
  try {
    return await runToCompletion(containerId, plan.imageName, io, engine, options, ctx);
  } finally {
    await removeContainer(containerId, engine, ctx);
  }
}

async function removeContainer(containerId: string, engine: LaunchEngine, ctx: PluginHookContext<unknown>): Promise<void> {
  await engine
    .call(`removing container ${containerId.slice(0, 12)}`, () => engine.client.remove(containerId))
    .catch((error: unknown) => {
      rememberUnremovedContainer(engine.endpoint, containerId);
      ctx.logger.warn('could not remove the container; the next launch removes it', { container: containerId.slice(0, 12), reason: String(error) });
    });
}
