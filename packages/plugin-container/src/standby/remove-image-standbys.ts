import type { PluginLogger } from '@runtime-env/plugin-api';
import type { ConnectedEngine } from '../engine/docker-client.js';
import { engineStatusOf } from '../engine/engine-errors.js';
import { standbyLabels } from './standby-labels.js';
import type { StandbyPools } from './standby-pools.js';

/**
 * Removes the standbys of an image, for garbage collection: a standby is a
 * container of the image, so while one exists the Engine keeps the image. This
 * process's pools give their own up first; the rest (an agent's, when `rtenv gc`
 * runs beside it) are removed by label. No launch runs in one of those: the
 * collection removes the image's URI only when no environment using it is
 * referenced, and a launch holds a reference. Returns how many were removed.
 */
export async function removeImageStandbys(engine: ConnectedEngine, imageId: string, pools: StandbyPools, logger: PluginLogger): Promise<number> {
  await pools.removeImage(imageId);
  const standbys = await engine.call(`listing standby containers of ${imageId}`, () =>
    engine.client.listContainers({ all: true, filters: { label: [`${standbyLabels.image}=${imageId}`] } }),
  );
  let removed = 0;
  for (const standby of standbys) {
    try {
      await engine.call('removing a standby container', () => engine.client.getContainer(standby.Id).remove({ force: true }));
      removed += 1;
    } catch (error) {
      const status = engineStatusOf(error);
      if (status !== 404 && status !== 409) throw error;
    }
  }
  if (removed > 0) logger.info('removed standby containers of the image', { image: imageId, count: removed });
  return removed;
}
