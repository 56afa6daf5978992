import { hostname } from 'node:os';
import type { LaunchContext, LaunchIo, LaunchResult, PluginHookContext } from '@runtime-env/plugin-api';
import { engineMessageOf, engineStatusOf } from '../engine/engine-errors.js';
import type { LaunchEngine } from '../engine/launch-engine-client.js';
import type { ContainerPluginOptions } from '../plugin-options.js';
import { meansShellMissing } from '../standby/missing-shell.js';
import type { StandbyRequest, StartedStandby } from '../standby/start-standby.js';
import { standbyCommandLine } from '../standby/standby-command-line.js';
import { standbyKeyOf } from '../standby/standby-key.js';
import type { StandbyPool } from '../standby/standby-pool.js';
import { planContainerRun, type ContainerRunPlan } from './container-run-plan.js';
import { engineCreateRequest, launcherLabels } from './engine-create-request.js';
import { ContainerImageMissingError } from './launch-errors.js';
import { rememberUnremovedContainer, removeOrphanedContainers } from './orphaned-containers.js';
import { runToCompletion, StandbyStartRefusedError } from './run-to-completion.js';

/** Default of the option `standbyIdleSeconds`, for options recorded before it existed. */
const defaultStandbyIdleSeconds = 60;

/**
 * `launch`: runs the command in a container and removes it afterwards, whatever
 * happens (exit, signal, timeout, error). An abort of `io.signal` is forwarded to
 * the container as the signal it names, then SIGKILL after the grace period.
 *
 * Given a pool (the plugin passes one when its option `standby` is `"in-process"`),
 * the container is the pool's standby for this plan when one waits, else a new
 * one; either way the pool starts the next standby while the command runs.
 * Without a pool, nothing outlives the launch.
 */
export async function launchContainer(
  context: LaunchContext,
  command: readonly string[],
  io: LaunchIo,
  engine: LaunchEngine,
  options: ContainerPluginOptions,
  ctx: PluginHookContext<unknown>,
  pool?: StandbyPool,
): Promise<LaunchResult> {
  const plan = planContainerRun(context, command, { interactive: io.stdin !== 'ignore' });
  // Side work, alongside the launch: creating the container reports an unreachable Engine anyway.
  const sweep = removeOrphanedContainers(engine, ctx.logger).catch(() => 0);
  const labels = { [launcherLabels.plugin]: plan.plugin, [launcherLabels.launcherPid]: String(process.pid), [launcherLabels.launcherHost]: hostname() };
  const createBody = engineCreateRequest(plan, labels) as StandbyRequest['createBody'];
  const operations = engine.client.standby;
  const standbyApplies = pool !== undefined && operations !== undefined && standbyCommandLine(plan.command) !== undefined && !pool.isShellLess(plan.image);
  try {
    if (standbyApplies) {
      const key = standbyKeyOf(createBody);
      const poolKey = `${engine.endpoint} ${key}`;
      const standby = pool.claim(poolKey);
      // The next launch's standby starts while this command runs.
      pool.replenish(
        poolKey,
        engine,
        operations,
        { createBody, key, plugin: plan.plugin, logger: ctx.logger },
        options.standbyIdleSeconds ?? defaultStandbyIdleSeconds,
      );
      if (standby) {
        const result = await runClaimedStandby(standby, plan, io, engine, options, ctx, pool);
        if (result !== undefined) return result;
      }
    }
    return await runNewContainer(createBody, plan, io, engine, options, ctx);
  } finally {
    await sweep;
  }
}

/** Undefined when the standby could not serve (it had ended, its start was refused): nothing ran, the caller starts a new container. */
async function runClaimedStandby(
  standby: StartedStandby,
  plan: ContainerRunPlan,
  io: LaunchIo,
  engine: LaunchEngine,
  options: ContainerPluginOptions,
  ctx: PluginHookContext<unknown>,
  pool: StandbyPool,
): Promise<LaunchResult | undefined> {
  ctx.logger.debug('claimed a standby container', { container: standby.containerId.slice(0, 12), image: plan.imageName });
  try {
    const commandLine = standbyCommandLine([...standby.entrypoint, ...plan.command]);
    if (commandLine === undefined) return undefined;
    return await runToCompletion(standby.containerId, plan.imageName, io, engine, options, ctx, commandLine);
  } catch (error) {
    if (!(error instanceof StandbyStartRefusedError)) throw error;
    const reason = engineMessageOf(error.cause);
    if (meansShellMissing(reason)) pool.rememberShellLess(plan.image);
    ctx.logger.debug('the claimed standby container could not serve; starting a new container', { reason });
    return undefined;
  } finally {
    await removeContainer(standby.containerId, engine, ctx);
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
  const containerId = await engine
    .call(`creating a container from ${plan.imageName}`, () => engine.client.createContainer(createBody))
    .catch((error: unknown) => {
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
