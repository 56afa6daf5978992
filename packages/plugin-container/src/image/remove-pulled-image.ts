import type { DeleteContext } from '@runtime-env/plugin-api';
import type { ConnectedEngine } from '../engine/docker-client.js';
import { engineMessageOf, engineStatusOf } from '../engine/engine-errors.js';
import type { ContainerPluginOptions } from '../plugin-options.js';
import { removeImageStandbys } from '../standby/remove-image-standbys.js';
import type { StandbyPools } from '../standby/standby-pools.js';
import { isImageDetails } from './image-details.js';

/**
 * `delete`: removes the image's standby containers (the environment is gone, and
 * they would keep the image in use), then the image itself only when this plugin
 * pulled it, the options allow it and no container (running or stopped) uses it.
 * Returns the bytes freed.
 */
export async function removePulledImage(
  engine: ConnectedEngine,
  options: ContainerPluginOptions,
  ctx: DeleteContext<unknown>,
  pools: StandbyPools,
): Promise<number> {
  const details = ctx.details;
  if (!isImageDetails(details)) return 0;
  await removeImageStandbys(engine, details.imageId, pools, ctx.logger);
  if (!details.pulledByPlugin || !options.removePulledImages) return 0;
  const users = await engine.call(`listing containers of ${details.runReference}`, () =>
    engine.client.listContainers({ all: true, filters: { ancestor: [details.imageId] } }),
  );
  if (users.length > 0) {
    ctx.logger.warn('image kept: containers use it', { image: details.runReference, containers: users.map((container) => container.Id.slice(0, 12)) });
    return 0;
  }
  try {
    // By the pulled reference, not the id: a tag someone added since keeps the image alive, as it should.
    await engine.call(`removing image ${details.runReference}`, () => engine.client.getImage(details.runReference).remove());
  } catch (error) {
    if (engineStatusOf(error) === 404) return 0;
    if (engineStatusOf(error) === 409) {
      ctx.logger.warn('image kept: the engine refused to remove it', { image: details.runReference, reason: engineMessageOf(error) });
      return 0;
    }
    throw error;
  }
  const stillThere = await engine
    .call(`inspecting image ${details.imageId}`, () => engine.client.getImage(details.imageId).inspect())
    .then(
      () => true,
      () => false,
    );
  return stillThere ? 0 : details.imageSizeBytes;
}
