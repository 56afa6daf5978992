import type { PluginLogger } from '@runtime-env/plugin-api';
import type { ConnectedEngine } from '../engine/docker-client.js';
import { engineStatusOf } from '../engine/engine-errors.js';
import { forgetClaim, recordClaim } from './claim-records.js';
import { claimedNameOf, isUnclaimedStandbyName, standbyLabels } from './standby-labels.js';

/**
 * Removes the standbys of an image, for garbage collection: a standby is a
 * container of the image, so while one exists the Engine keeps the image. Each is
 * claimed first (renamed as a launch claims one), so a launch claiming it at the
 * same moment keeps it; a standby a launch already claimed runs its command and
 * keeps the image until the next collection. Returns how many were removed.
 */
export async function removeImageStandbys(engine: ConnectedEngine, imageId: string, pluginDirectory: string, logger: PluginLogger): Promise<number> {
  const standbys = await engine.call(`listing standby containers of ${imageId}`, () =>
    engine.client.listContainers({ all: true, filters: { label: [`${standbyLabels.image}=${imageId}`] } }),
  );
  let removed = 0;
  for (const standby of standbys) {
    const name = (standby.Names[0] ?? '').replace(/^\//, '');
    if (!isUnclaimedStandbyName(name)) continue;
    recordClaim(pluginDirectory, standby.Id);
    try {
      await engine.call('claiming a standby container for removal', () => engine.client.getContainer(name).rename({ name: claimedNameOf(standby.Id) }));
      await engine.call('removing a standby container', () => engine.client.getContainer(standby.Id).remove({ force: true }));
      removed += 1;
    } catch (error) {
      const status = engineStatusOf(error);
      if (status !== 400 && status !== 404 && status !== 409) throw error;
    } finally {
      forgetClaim(pluginDirectory, standby.Id);
    }
  }
  if (removed > 0) logger.info('removed standby containers of the image', { image: imageId, count: removed });
  return removed;
}
