import { createHash } from 'node:crypto';

/**
 * How standbys are recognized. A standby carries the plugin and host labels (so
 * the sweep lists it) but never the launcher-pid label: no process owns it until
 * one claims it by renaming it (see claim-records.ts for who owns it then).
 */
export const standbyLabels = {
  /** The standby key: which launch plans it can serve. */
  key: 'io.runtime-env.standby',
  /** JSON array: the image's ENTRYPOINT, put in front of the command as Docker does. */
  entrypoint: 'io.runtime-env.standby-entrypoint',
  /** The image id it was made from, so image garbage collection finds it. */
  image: 'io.runtime-env.standby-image',
  /** Milliseconds since the epoch, for `standbyIdleSeconds`. */
  createdAt: 'io.runtime-env.standby-created-at',
  /** Which plugin directory (data directory) made it: see `standbyOwnerOf`. */
  owner: 'io.runtime-env.standby-owner',
} as const;

/**
 * Standbys belong to a plugin directory, not just a host: who claimed one is
 * recorded there (claim-records.ts), so only launches using the same directory
 * may claim it or judge whether its claimer is gone.
 */
export function standbyOwnerOf(pluginDirectory: string): string {
  return createHash('sha256').update(pluginDirectory).digest('hex').slice(0, 16);
}

/** Names of standbys waiting to be claimed: `rtenv-standby-<key prefix>-<random>`. */
export const standbyNamePrefix = 'rtenv-standby-';

/**
 * The name a claim renames a standby to. It is the same for every claimer of that
 * standby: the Engine resolves the old name before it locks the container, so
 * two renames by the old name can both succeed, but only one can take a name
 * (the other gets 409, or 400 "same name").
 */
export function claimedNameOf(containerId: string): string {
  return `rtenv-claimed-${containerId.slice(0, 16)}`;
}

export function isClaimedStandbyName(listedName: string): boolean {
  return listedName.replace(/^\//, '').startsWith('rtenv-claimed-');
}

/** Whether a listed name (with the Engine's leading `/`) is a standby nobody claimed yet. */
export function isUnclaimedStandbyName(listedName: string): boolean {
  return listedName.replace(/^\//, '').startsWith(standbyNamePrefix);
}
