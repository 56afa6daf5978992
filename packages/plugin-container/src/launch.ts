import type { LaunchHook, LaunchModuleHash } from '@runtime-env/plugin-api';
import { DockerClientProvider } from './engine/docker-client.js';
import { imageKeysWithoutPlugin } from './image/image-keys-without-plugin.js';
import { launchContainer } from './launch/launch-container.js';
import type { ContainerPluginOptions } from './plugin-options.js';

/**
 * The package's `"./launch"` export, for both container fields: their `launch`
 * and `hash` without the plugin around them. It imports neither zod (the
 * schemas) nor dockerode, so a cached `rtenv run` in an image loads only this
 * and the launch code. The options arrive as the engine's options schema
 * produced them when it recorded the environment, so they are not parsed again.
 *
 * It never keeps standbys, whatever the options say: the process that imports
 * it is a cached `rtenv run`, which exits after one launch and closes no engine.
 */
const provider = new DockerClientProvider();

export const launch: LaunchHook = async ({ context, command, io }, ctx) => {
  const options = ctx.options as ContainerPluginOptions;
  return launchContainer(context, command, io, await provider.connectForLaunch(options), options, ctx);
};

/** An image tag re-checked by a cached run: the same keys mean the tag still names the recorded image. */
export const hash: LaunchModuleHash = async (spec, ctx) => {
  const options = ctx.options as ContainerPluginOptions;
  const keys = await imageKeysWithoutPlugin(ctx.field, spec, await provider.connectForLaunch(options), options);
  return keys && { keys };
};
