import { createHash } from 'node:crypto';
import { standbyEntrypoint } from './standby-command-line.js';

/** Settings that differ from one launch of a plan to the next, so they stay out of the key. */
const perLaunchSettings = new Set(['Labels', 'Cmd', 'AttachStdin', 'OpenStdin', 'StdinOnce']);

/**
 * The standby key of an Engine create body: sha256 of everything but the per-launch
 * settings. Two launches with equal keys would create equal containers (image, env,
 * user, working directory, mounts, limits, network), so a standby made for one
 * serves the other. The key is a digest, so env_vars values never show in labels.
 */
export function standbyKeyOf(createBody: Record<string, unknown>): string {
  const kept = Object.fromEntries(Object.entries(createBody).filter(([setting]) => !perLaunchSettings.has(setting)));
  return createHash('sha256').update(JSON.stringify(kept)).digest('hex');
}

/** The create body of a standby for a plan's create body: waits for its command on stdin. */
export function standbyCreateBody(createBody: Record<string, unknown>, labels: Record<string, string>): Record<string, unknown> {
  return {
    ...createBody,
    Entrypoint: standbyEntrypoint,
    Cmd: [],
    Labels: labels,
    AttachStdin: true,
    OpenStdin: true,
    // The claimer's attach closing its stdin is how EOF reaches the command.
    StdinOnce: true,
  };
}
