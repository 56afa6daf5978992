import {
  definePlugin,
  ValidationError,
  type CreateContext,
  type DeleteContext,
  type LaunchRequest,
  type ModifyContextContext,
  type PluginHookContext,
  type RuntimeEnvPlugin,
  type SpecHookContext,
} from '@runtime-env/plugin-api';
import type { ZodType } from 'zod';
import { DockerClientProvider, type DockerClientSource } from './engine/docker-client.js';
import { ensureImage } from './image/ensure-image.js';
import { isImageDetails } from './image/image-details.js';
import { removePulledImage } from './image/remove-pulled-image.js';
import { resolveImageIdentity } from './image/resolve-image-identity.js';
import type { ContainerLaunchData } from './launch/container-launch-data.js';
import { mountsForContext } from './launch/container-mounts.js';
import { launchContainer } from './launch/launch-container.js';
import { containerPluginOptionsSchema, resolvePluginOptions, type ContainerPluginOptions } from './plugin-options.js';
import { containerSchema, type ContainerSpec } from './spec/container-schema.js';
import { imageNameSchema } from './spec/image-name-schema.js';
import { parseImageReference } from './spec/image-reference.js';
import { imageRunSpecOf } from './spec/image-run-spec.js';
import { StandbyPools } from './standby/standby-pools.js';

export interface ContainerPluginsSettings {
  /** A dockerode client (or a factory) to use instead of one made from the options. */
  dockerClient?: DockerClientSource;
}

/**
 * Fields Ray allows beside image_uri/container (env_vars), plus working_dir and
 * py_modules, whose folders are mounted read-only (ray#65322), with working_dir's
 * companion fields. pip, uv and conda stay out: packages belong in the image.
 */
const fieldsAllowedAlongside = ['env_vars', 'working_dir', 'py_modules', 'excludes', 'git_branch', 'git_tag', 'git_commit'];

/** Both container fields, sharing one client provider (so one connection per endpoint) and their standby pools. */
export function createContainerPlugins(
  settings: ContainerPluginsSettings = {},
): [RuntimeEnvPlugin<string, ContainerPluginOptions>, RuntimeEnvPlugin<ContainerSpec, ContainerPluginOptions>] {
  const provider = new DockerClientProvider(settings.dockerClient);
  const pools = new StandbyPools();
  const imageUriPlugin = definePlugin({
    ...containerFieldHooks<string>('image_uri', provider, pools),
    description: 'Runs processes in a container of the given image (Docker Engine or podman).',
    schema: imageNameSchema,
  });
  const containerPlugin = definePlugin({
    ...containerFieldHooks<ContainerSpec>('container', provider, pools),
    description: "Ray's legacy container field: an image plus docker run options.",
    schema: containerSchema,
  });
  return [imageUriPlugin, containerPlugin];
}

function containerFieldHooks<Spec extends string | ContainerSpec>(name: string, provider: DockerClientProvider, pools: StandbyPools) {
  return {
    apiVersion: 2 as const,
    name,
    // After working_dir (5) and py_modules (10): modifyContext reads the folders they set, to mount them.
    priority: 90,
    options: containerPluginOptionsSchema as ZodType<ContainerPluginOptions>,
    rules: { onlyAlongside: fieldsAllowedAlongside },
    // The package's "./launch" export (src/launch.ts) launches, and re-checks a tag with one image
    // inspection, so a cached run by tag needs neither zod nor dockerode.
    validate(spec: Spec, ctx: SpecHookContext<ContainerPluginOptions>) {
      const options = resolvePluginOptions(ctx.options);
      if (typeof spec === 'object' && spec.worker_path !== undefined) {
        ctx.logger.warn('container.worker_path is ignored: the command given to `rtenv run` (or the worker) is what runs in the container');
      }
      const privilegedIndex = imageRunSpecOf(spec).runOptions.indexOf('--privileged');
      if (privilegedIndex !== -1 && !options.allowPrivileged) {
        throw new ValidationError([
          {
            code: 'privileged_not_allowed',
            path: `${name}.run_options[${privilegedIndex}]`,
            plugin: name,
            message:
              '--privileged gives the container full access to the host and is refused by default; an administrator can set "allowPrivileged": true in the plugin options',
          },
        ]);
      }
    },
    // The key is the image's digest reference or id: an image named by one already needs no engine to hash.
    async hash(spec: Spec, ctx: SpecHookContext<ContainerPluginOptions>) {
      const options = resolvePluginOptions(ctx.options);
      const engine = await provider.connect(options);
      const { image } = imageRunSpecOf(spec);
      const reference = parseImageReference(image);
      const fromSpecAlone = typeof reference !== 'string' && (reference.isImageId || reference.digest !== undefined);
      return { keys: [await resolveImageIdentity(image, engine, options)], fromSpecAlone };
    },
    async create(spec: Spec, ctx: CreateContext<ContainerPluginOptions>) {
      const options = resolvePluginOptions(ctx.options);
      return ensureImage(imageRunSpecOf(spec).image, await provider.connect(options), options, ctx);
    },
    modifyContext(spec: Spec, ctx: ModifyContextContext<ContainerPluginOptions>) {
      const options = resolvePluginOptions(ctx.options);
      const { context } = ctx;
      const [uri] = ctx.uris;
      const details = uri === undefined ? undefined : ctx.detailsOf(uri);
      if (!isImageDetails(details))
        throw new Error(
          `no image details recorded for ${uri ?? 'this environment'}; the environment was made by an incompatible version, remove it and run again`,
        );
      const { image, runOptions } = imageRunSpecOf(spec);
      const pathVariables = Object.keys(context.pathPrepends);
      const data: ContainerLaunchData = {
        image: details.runReference,
        imageName: image,
        runOptions: [...runOptions],
        mounts: mountsForContext(context),
        imageEnvironment: Object.fromEntries(Object.entries(details.imageEnvironment).filter(([variable]) => pathVariables.includes(variable))),
        init: options.init,
        matchCallerUser: options.matchCallerUser,
        defaultNetwork: options.defaultNetwork ?? null,
      };
      context.launcher = name;
      context.pluginData[name] = data;
    },
    async delete(_spec: Spec, ctx: DeleteContext<ContainerPluginOptions>) {
      const options = resolvePluginOptions(ctx.options);
      return removePulledImage(await provider.connect(options), options, ctx, pools);
    },
    async launch({ context, command, io }: LaunchRequest, ctx: PluginHookContext<ContainerPluginOptions>) {
      const options = resolvePluginOptions(ctx.options);
      const pool = options.standby === 'in-process' ? pools.of(ctx.dataDirectory) : undefined;
      return launchContainer(context, command, io, await provider.connectForLaunch(options), options, ctx, pool);
    },
    // Only a process that keeps standbys (the agent) looks for those a crashed one left: other commands never touch the Engine here.
    async recover(ctx: PluginHookContext<ContainerPluginOptions>) {
      const options = resolvePluginOptions(ctx.options);
      if (options.standby === 'in-process') await pools.of(ctx.dataDirectory).sweepLeftovers(await provider.connectForLaunch(options), ctx.logger);
    },
    async close(ctx: PluginHookContext<ContainerPluginOptions>) {
      await pools.close(ctx.dataDirectory);
    },
  };
}
