import { z } from 'zod';

const registryCredentialsSchema = z
  .strictObject({
    username: z.string().optional(),
    /** Prefer `passwordEnv`: the config file is often committed. */
    password: z.string().optional(),
    /** Name of an environment variable holding the password or token. */
    passwordEnv: z.string().optional(),
    identityToken: z.string().optional(),
  })
  .refine((credentials) => credentials.identityToken !== undefined || credentials.username !== undefined, {
    message: 'registry credentials need "username" (with "password" or "passwordEnv") or "identityToken"',
  });

/** The plugins' options in `rtenv.config.json` (both fields share them). */
export const containerPluginOptionsSchema = z
  .strictObject({
    /** `unix:///var/run/docker.sock`, a socket path, or `tcp://host:port`; default `DOCKER_HOST`, then the standard socket. */
    engine: z.string().min(1).optional(),
    /** Credentials per registry host (`registry.example.com`, `docker.io`). */
    registryAuth: z.record(z.string(), registryCredentialsSchema).default({}),
    /** Network for containers that do not pass `--network`. */
    defaultNetwork: z.string().min(1).optional(),
    /** Whether garbage collection may remove images this plugin pulled. Images it did not pull are never removed. */
    removePulledImages: z.boolean().default(true),
    /** `--privileged` in run_options is refused unless this is true. */
    allowPrivileged: z.boolean().default(false),
    /** Run as the launching process's uid:gid unless run_options set `--user`. */
    matchCallerUser: z.boolean().default(true),
    /** Run an init process (docker-init) as PID 1, so signals reach the command and zombies are reaped. */
    init: z.boolean().default(true),
    /** How long a stopped container gets between the forwarded signal and SIGKILL. */
    stopGracePeriodSeconds: z.number().min(0).default(10),
    /** Stop (then remove) a container whose command runs longer than this; absent: no limit. */
    launchTimeoutSeconds: z.number().positive().optional(),
    /** Longest wait for one Engine API call (not for pulls or the command itself). */
    engineTimeoutSeconds: z.number().positive().default(30),
    /**
     * `"in-process"`: this process keeps, in memory, one started container per
     * recently used launch plan waiting for its command (a standby), so a launch
     * skips the container's start, and removes them all when it closes its engine.
     * Only for a long-lived process: `rtenv agent` sets it. See the README.
     */
    standby: z
      .union([z.literal(false), z.literal('in-process')], {
        error:
          'expected false or "in-process" (standbys are kept only by a long-lived process such as `rtenv agent`, which sets "in-process" itself; true is no longer accepted)',
      })
      .default(false),
    /** A standby unclaimed for this long is stopped and removed. */
    standbyIdleSeconds: z.number().positive().default(60),
  })
  .prefault({});

export type ContainerPluginOptions = z.output<typeof containerPluginOptionsSchema>;
export type RegistryCredentials = z.output<typeof registryCredentialsSchema>;

/** The hooks may get `undefined` when the config names no options; defaults apply then. */
export function resolvePluginOptions(options: unknown): ContainerPluginOptions {
  return containerPluginOptionsSchema.parse(options ?? {});
}
