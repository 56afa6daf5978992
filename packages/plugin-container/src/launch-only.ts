import type { LaunchContext, LaunchIo, LaunchResult, PluginHookContext } from '@runtime-env/plugin-api';
import { DockerClientProvider } from './engine/docker-client.js';
import { imageUrisWithoutPlugin } from './image/image-uris-without-plugin.js';
import { launchContainer } from './launch/launch-container.js';
import type { ContainerPluginOptions } from './plugin-options.js';

/**
 * The `launchModule` of both container plugins: their `launch` and `hash` hooks
 * without the plugin around them. It imports neither zod (the schemas) nor
 * dockerode, so a cached `rtenv run` in an image loads only this and the launch
 * code. The options arrive as the engine's options schema produced them when it
 * recorded the environment, which is why they are not parsed again here.
 *
 * It never keeps standbys, whatever the options say: the process that imports
 * it is a cached `rtenv run`, which exits after one launch and closes no engine.
 */
const provider = new DockerClientProvider();

export async function launch(context: LaunchContext, command: readonly string[], io: LaunchIo, ctx: PluginHookContext<unknown>): Promise<LaunchResult> {
  const options = ctx.options as ContainerPluginOptions;
  return launchContainer(context, command, io, await provider.connectForLaunch(options), options, ctx);
}

/** An image tag re-checked by a cached run: the same URIs mean the tag still names the recorded image. */
export async function hash(field: string, spec: unknown, ctx: PluginHookContext<unknown>): Promise<readonly string[] | undefined> {
  const options = ctx.options as ContainerPluginOptions;
  return imageUrisWithoutPlugin(field, spec, await provider.connectForLaunch(options), options, ctx.pluginVersion);
}
