import { SetupFailure } from '@runtime-env/plugin-api';
import type { ConnectedEngine } from '../engine/docker-client.js';
import { engineMessageOf, engineStatusOf } from '../engine/engine-errors.js';
import type { ContainerPluginOptions } from '../plugin-options.js';
import { parseImageReference, repositoryName, type ImageReference } from '../spec/image-reference.js';
import { registryAuthFor } from './registry-auth.js';

/**
 * The immutable name of what `image` means right now on this node: a tag is
 * resolved like `docker run` does (the local image first, else the registry), and
 * the answer is a digest or an image id, so a tag that moves gives a new URI.
 */
export async function resolveImageIdentity(image: string, engine: ConnectedEngine, options: ContainerPluginOptions): Promise<string> {
  const reference = parseReferenceOrThrow(image);
  const immutable = identityWithoutEngine(image, reference);
  if (immutable !== undefined) return immutable;

  const local = await inspectLocalImage(engine, image);
  if (local) return identityOfLocalImage(reference, local);
  const digest = await registryDigestOf(reference, image, engine, options);
  return `${repositoryName(reference)}@${digest}`;
}

/**
 * The immutable name of an image without asking the Engine, when the reference
 * carries one (an image id, a digest); undefined for a tag.
 */
export function identityWithoutEngine(image: string, reference: ImageReference): string | undefined {
  if (reference.isImageId) return image;
  if (reference.digest) return `${repositoryName(reference)}@${reference.digest}`;
  return undefined;
}

/** A tag's image present on this node: named by the registry digest it was pulled by, else its id. */
export function identityOfLocalImage(reference: ImageReference, local: { Id: string; RepoDigests?: string[] }): string {
  // A pulled image keeps its registry digest; naming it by that makes the URI the same before and after the pull.
  const repositoryDigest = local.RepoDigests?.find((entry) => entry.startsWith(`${repositoryName(reference)}@`));
  return repositoryDigest ?? local.Id;
}

export function parseReferenceOrThrow(image: string): ImageReference {
  const reference = parseImageReference(image);
  if (typeof reference === 'string') throw SetupFailure.permanent(reference, { code: 'invalid_image_reference' });
  return reference;
}

export async function inspectLocalImage(
  engine: ConnectedEngine,
  image: string,
): Promise<{ Id: string; RepoDigests?: string[]; Size: number; Config?: { Env?: string[] } } | undefined> {
  try {
    return await engine.call(`inspecting image ${image}`, () => engine.client.getImage(image).inspect());
  } catch (error) {
    if (engineStatusOf(error) === 404) return undefined;
    throw error;
  }
}

async function registryDigestOf(reference: ImageReference, image: string, engine: ConnectedEngine, options: ContainerPluginOptions): Promise<string> {
  try {
    const answer = await engine.call(`asking the registry about ${image}`, () =>
      engine.client.getImage(image).distribution({ authconfig: registryAuthFor(reference, options) } as object),
    );
    const digest = (answer as { Descriptor?: { digest?: string } }).Descriptor?.digest;
    if (!digest) throw new Error('the engine returned no digest');
    return digest;
  } catch (error) {
    if (SetupFailure.isInstance(error) || engineStatusOf(error) === undefined) throw error;
    // Ray users waited for minutes on a pending job when the image could not be pulled (ray#37293); fail at once instead.
    throw SetupFailure.permanent(`image "${image}" is not on this node and cannot be pulled: the registry answered "${engineMessageOf(error)}"`, {
      code: 'image_unavailable',
      hint: 'check the image name and tag, that its registry is reachable from this node, and the plugin option "registryAuth" for a private registry',
      cause: error,
    });
  }
}
