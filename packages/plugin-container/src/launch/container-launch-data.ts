import { RuntimeEnvError, type JsonObject, type LaunchContext } from '@runtime-env/plugin-api';

export interface ContainerMount extends JsonObject {
  source: string;
  target: string;
  readOnly: boolean;
}

/**
 * What `modifyContext` leaves in `context.pluginData[<plugin>]`: everything a
 * launcher needs besides the context's own fields, as plain JSON, so a client
 * without dockerode can still start the container (see `dockerRunArgumentsFor`).
 */
export interface ContainerLaunchData extends JsonObject {
  /** Immutable image reference (digest or id) to start. */
  image: string;
  /** The reference as the user wrote it, for messages. */
  imageName: string;
  /** Canonical docker run options (`--cpus=2`). */
  runOptions: string[];
  /** working_dir and py_modules folders, mounted read-only at the same paths. */
  mounts: ContainerMount[];
  /** The image's values of the path-list variables the context prepends to. */
  imageEnvironment: Record<string, string>;
  /** Run docker-init as PID 1. */
  init: boolean;
  /** Run as the launching user's uid:gid unless run options set `--user`. */
  matchCallerUser: boolean;
  /** `--network` for containers whose run options do not set one. */
  defaultNetwork: string | null;
}

export function launchDataOf(context: LaunchContext): { plugin: string; data: ContainerLaunchData } {
  const plugin = context.launcher;
  const data = plugin === undefined ? undefined : context.pluginData[plugin];
  if (plugin === undefined || !isLaunchData(data)) {
    throw new RuntimeEnvError(
      'container_launch_data_missing',
      `the launch context has no container settings${plugin ? ` under pluginData["${plugin}"]` : ' (no launcher is set)'}`,
      {
        hint: 'launch with a context made by this environment\'s modifyContext (the "image_uri" or "container" plugin), not a hand-built one',
      },
    );
  }
  return { plugin, data };
}

function isLaunchData(value: unknown): value is ContainerLaunchData {
  const data = value as Partial<ContainerLaunchData> | undefined;
  return typeof data?.image === 'string' && Array.isArray(data.runOptions) && Array.isArray(data.mounts);
}
