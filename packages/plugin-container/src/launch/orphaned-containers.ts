import { hostname } from 'node:os';
import type { PluginLogger } from '@runtime-env/plugin-api';
import type { LaunchEngine, ListedContainer } from '../engine/launch-engine-client.js';
import { isAbandonedEarlierVersionStandby, isEarlierVersionStandby } from './earlier-version-standbys.js';
import { launcherLabels } from './engine-create-request.js';

/** Containers this process started but could not remove (the Engine was gone), by endpoint and id. */
const unremovedContainers = new Set<string>();

export function rememberUnremovedContainer(endpoint: string, containerId: string): void {
  unremovedContainers.add(`${endpoint} ${containerId}`);
}

/**
 * Removes containers that a launcher on this host started and could not remove:
 * because it died (SIGKILL, power loss), or because the Engine went away mid-run
 * (then this process remembers them). A launched container names its launcher's
 * pid in a label; a standby names the process whose pool holds it. Neither kind
 * is ever used again once that process is gone. Standbys of earlier versions
 * name no process: see earlier-version-standbys.ts.
 */
export async function removeOrphanedContainers(engine: LaunchEngine, logger: PluginLogger): Promise<number> {
  const containers = await engine.call('listing containers left by earlier launches', () =>
    engine.client.listContainers([launcherLabels.plugin, `${launcherLabels.launcherHost}=${hostname()}`]),
  );
  let removed = 0;
  for (const container of containers) {
    const rememberedKey = `${engine.endpoint} ${container.Id}`;
    const remembered = unremovedContainers.delete(rememberedKey);
    if (!remembered && !isLeftBehind(container)) continue;
    await engine
      .call(`removing container ${container.Id.slice(0, 12)}`, () => engine.client.remove(container.Id))
      .then(() => {
        removed += 1;
        logger.info('removed a container left by a launcher that is gone', { container: container.Id.slice(0, 12) });
      })
      .catch(() => {
        if (remembered) unremovedContainers.add(rememberedKey);
      });
  }
  return removed;
}

function isLeftBehind(container: ListedContainer): boolean {
  if (isEarlierVersionStandby(container)) return isAbandonedEarlierVersionStandby(container);
  return !isProcessAlive(Number(container.Labels[launcherLabels.launcherPid]));
}

function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
