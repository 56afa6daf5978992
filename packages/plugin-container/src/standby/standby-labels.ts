/**
 * How standbys are recognized in `docker ps`. A standby also carries the
 * launcher labels (plugin, host, and the pid of the process whose pool holds
 * it), so a crashed pool's standbys are found and removed like any container
 * whose launcher is gone.
 *
 * The key label and the name differ from those of earlier versions'
 * standbys (`io.runtime-env.standby`, `rtenv-standby-`): an earlier version
 * still running on the host takes those for its own, unowned ones, and would
 * remove a pool's standby, even one running a command.
 */
export const standbyLabels = {
  /** The standby key: which launch plans it can serve (a digest: no variable values). */
  key: 'io.runtime-env.standby-plan',
  /** The image id it was made from, so garbage collection of the image finds it. */
  image: 'io.runtime-env.standby-image',
} as const;

/** Standbys are named `rtenv-pool-standby-<key prefix>-<random>`, so a human reading `docker ps` can tell them apart. */
export const standbyNamePrefix = 'rtenv-pool-standby-';
