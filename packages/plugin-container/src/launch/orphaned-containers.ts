import { hostname } from 'node:os';
import type { PluginLogger } from '@runtime-env/core/plugin';
import type { ConnectedEngine } from '../engine/docker-client.js';
import { launcherLabels } from './engine-create-request.js';

/**
 * Removes containers that a launcher on this host started and could not remove
 * because it died (SIGKILL, power loss) or the Engine went away mid-run. A
 * container whose launcher process is gone is never used again.
 */
export async function removeOrphanedContainers(engine: ConnectedEngine, logger: PluginLogger): Promise<number> {
  const containers = await engine.call('listing containers left by earlier launches', () =>
    engine.client.listContainers({ all: true, filters: { label: [launcherLabels.plugin, `${launcherLabels.launcherHost}=${hostname()}`] } }),
  );
  let removed = 0;
  for (const container of containers) {
    const pid = Number(container.Labels[launcherLabels.launcherPid]);
    if (Number.isInteger(pid) && isProcessAlive(pid)) continue;
    await engine
      .call(`removing container ${container.Id.slice(0, 12)}`, () => engine.client.getContainer(container.Id).remove({ force: true }))
      .then(() => {
        removed += 1;
        logger.info('removed a container left by a launcher that is gone', { container: container.Id.slice(0, 12), launcherPid: pid });
      })
      .catch(() => undefined);
  }
  return removed;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
