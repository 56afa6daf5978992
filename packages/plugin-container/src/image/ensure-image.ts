import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SetupFailure, type CreateContext, type CreateResult } from '@runtime-env/plugin-api';
import type { ConnectedEngine } from '../engine/docker-client.js';
import type { ContainerPluginOptions } from '../plugin-options.js';
import { environmentFromImageConfig, type ImageDetails } from './image-details.js';
import { pullImage } from './pull-image.js';
import { registryAuthFor } from './registry-auth.js';
import { inspectLocalImage, parseReferenceOrThrow } from './resolve-image-identity.js';

/**
 * `create`: makes sure the image the key names (its digest reference or id, see
 * `resolveImageIdentity`) is in the Engine, pulling it by
 * digest when absent (never by tag: the tag may have moved since `hash`), and
 * records its id and size. Only the size of an image this plugin pulled counts,
 * since that is the only one garbage collection can free.
 */
export async function ensureImage(image: string, engine: ConnectedEngine, options: ContainerPluginOptions, ctx: CreateContext<unknown>): Promise<CreateResult> {
  const runReference = ctx.key;
  let local = await inspectLocalImage(engine, runReference);
  let pulledByPlugin = false;
  if (!local) {
    const reference = parseReferenceOrThrow(runReference);
    if (reference.isImageId) {
      throw SetupFailure.permanent(`image ${runReference} (from "${image}") is no longer in the engine, and an image id cannot be pulled`, {
        code: 'image_unavailable',
        hint: `load or build the image again, then retry (\`rtenv clear-failures\` forgets the failure)`,
      });
    }
    ctx.logger.info('pulling image', { image, reference: runReference });
    ctx.progress({ phase: 'downloading', message: `pulling ${runReference}` });
    await pullImage(engine, runReference, registryAuthFor(reference, options), ctx.progress, ctx.signal);
    local = await inspectLocalImage(engine, runReference);
    if (!local) throw SetupFailure.transient(`the engine reported the pull of ${runReference} done but does not list the image`, { code: 'image_pull_failed' });
    pulledByPlugin = true;
  }
  const details: ImageDetails = {
    image,
    runReference,
    imageId: local.Id,
    imageSizeBytes: local.Size,
    pulledByPlugin,
    imageEnvironment: environmentFromImageConfig(local.Config?.Env),
  };
  // A human-readable record next to the URI, for `rtenv` users looking at the data directory.
  const record = `${JSON.stringify(details, null, 2)}\n`;
  await writeFile(join(ctx.directory, 'image.json'), record);
  return { sizeBytes: (pulledByPlugin ? local.Size : 0) + Buffer.byteLength(record), details };
}
