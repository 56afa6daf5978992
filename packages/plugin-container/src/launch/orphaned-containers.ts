import { hostname } from 'node:os';
import type { PluginLogger } from '@runtime-env/plugin-api';
import type { LaunchEngine, ListedContainer } from '../engine/launch-engine-client.js';
import { forgetClaim, forgetClaimsExcept, hasLiveClaimer, isProcessAlive } from '../standby/claim-records.js';
import { claimListedStandby } from '../standby/claim-standby.js';
import { standbysToSweep } from '../standby/standbys-to-sweep.js';
import { isClaimedStandbyName, standbyLabels, standbyOwnerOf } from '../standby/standby-labels.js';
import { launcherLabels } from './engine-create-request.js';

/** Containers this process started but could not remove (the Engine was gone), by endpoint and id. */
const unremovedContainers = new Set<string>();

export function rememberUnremovedContainer(endpoint: string, containerId: string): void {
  unremovedContainers.add(`${endpoint} ${containerId}`);
}

/**
 * Removes containers that a launcher on this host started and could not remove:
 * because it died (SIGKILL, power loss), or because the Engine went away mid-run
 * (then this process remembers them). Neither kind is ever used again. Standbys
 * nobody claimed are trimmed too (ended, idle too long, or more than one per
 * plan), each claimed first as a launch claims one, so one that a launch is
 * claiming at that moment is never hit.
 */
export async function removeOrphanedContainers(engine: LaunchEngine, logger: PluginLogger, standbyIdleSeconds: number, pluginDirectory: string): Promise<number> {
  const containers = await engine.call('listing containers left by earlier launches', () =>
    engine.client.listContainers([launcherLabels.plugin, `${launcherLabels.launcherHost}=${hostname()}`]),
  );
  let removed = 0;
  const remove = async (nameOrId: string, message: string, fields: Record<string, string | number>, onFailure?: () => void): Promise<void> => {
    await engine
      .call(`removing container ${nameOrId.slice(0, 24)}`, () => engine.client.remove(nameOrId))
      .then(() => {
        removed += 1;
        logger.info(message, fields);
      })
      .catch(() => onFailure?.());
  };
  for (const container of containers) {
    const isStandby = container.Labels[standbyLabels.key] !== undefined;
    // Standbys nobody claimed belong to no process: standbysToSweep decides about them below.
    if (isStandby && !isClaimedStandbyName(container.Names?.[0] ?? '')) continue;
    // Claims are recorded in the owner's plugin directory: only launches using it can tell whether the claimer is gone.
    if (isStandby && container.Labels[standbyLabels.owner] !== standbyOwnerOf(pluginDirectory)) continue;
    const rememberedKey = `${engine.endpoint} ${container.Id}`;
    const remembered = unremovedContainers.delete(rememberedKey);
    if (!remembered && hasLiveLauncher(container, isStandby, pluginDirectory)) continue;
    await remove(container.Id, 'removed a container left by a launcher that is gone', { container: container.Id.slice(0, 12) }, () => {
      if (remembered) unremovedContainers.add(rememberedKey);
    });
  }
  const operations = engine.client.standby;
  for (const { container, reason } of operations ? standbysToSweep(containers, standbyIdleSeconds) : []) {
    // Claimed first, as a launch claims one: a launch may be claiming it right now.
    if (!(await claimListedStandby(engine, operations!, container, pluginDirectory).catch(() => false))) continue;
    await remove(container.Id, 'removed a standby container', { container: container.Id.slice(0, 12), reason });
    forgetClaim(pluginDirectory, container.Id);
  }
  forgetClaimsExcept(pluginDirectory, new Set(containers.map((container) => container.Id)));
  return removed;
}

/** A launched container names its launcher in a label; a claimed standby in a claim file. */
function hasLiveLauncher(container: ListedContainer, isStandby: boolean, pluginDirectory: string): boolean {
  if (isStandby) return hasLiveClaimer(pluginDirectory, container.Id);
  return isProcessAlive(Number(container.Labels[launcherLabels.launcherPid]));
}
