import type { LaunchEngine } from '../engine/launch-engine-client.js';
import type { ContainerSpec } from '../spec/container-schema.js';
import type { ContainerPluginOptions } from '../plugin-options.js';
import { parseImageReference, repositoryName } from '../spec/image-reference.js';
import { imageRunSpecOf } from '../spec/image-run-spec.js';
import { registryAuthFor } from './registry-auth.js';
import { identityOfLocalImage, identityWithoutEngine } from './resolve-image-identity.js';

/**
 * The keys the plugin's `hash` gives for a normalized spec of `field`, computed
 * as it does but without dockerode or the schemas: an id or digest names itself,
 * a tag is looked up in the local Engine (one `GET /images/{name}/json`), else
 * the registry is asked through the Engine, as the plugin does. Undefined when
 * only the plugin can tell: a field it does not know, a spec of another shape,
 * or a registry that does not answer (the plugin then reports why).
 */
export async function imageKeysWithoutPlugin(
  field: string,
  spec: unknown,
  engine: LaunchEngine,
  options: ContainerPluginOptions,
): Promise<string[] | undefined> {
  if (field !== 'image_uri' && field !== 'container') return undefined;
  const shaped = typeof spec === 'string' || (typeof spec === 'object' && spec !== null && typeof (spec as { image?: unknown }).image === 'string');
  if (!shaped) return undefined;
  const { image } = imageRunSpecOf(spec as string | ContainerSpec);
  const reference = parseImageReference(image);
  if (typeof reference === 'string') return undefined;
  let identity = identityWithoutEngine(image, reference);
  if (identity === undefined) {
    const local = await engine.call(`inspecting image ${image}`, () => engine.client.inspectImage(image));
    identity = local && identityOfLocalImage(reference, local);
  }
  if (identity === undefined) {
    // Not on this node: as the plugin, ask the registry which manifest the tag names now.
    const digest = await engine
      .call(`asking the registry about ${image}`, () => engine.client.registryDigest(image, registryAuthFor(reference, options)))
      .catch(() => undefined);
    identity = digest && `${repositoryName(reference)}@${digest}`;
  }
  return identity === undefined ? undefined : [identity];
}
