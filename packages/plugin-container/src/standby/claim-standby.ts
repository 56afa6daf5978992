import { hostname } from 'node:os';
import { engineStatusOf } from '../engine/engine-errors.js';
import type { LaunchEngine, ListedContainer, StandbyEngineOperations } from '../engine/launch-engine-client.js';
import { launcherLabels } from '../launch/engine-create-request.js';
import { forgetClaim, recordClaim } from './claim-records.js';
import { exitedForMissingShell } from './shell-less-images.js';
import { claimedNameOf, isUnclaimedStandbyName, standbyLabels, standbyOwnerOf } from './standby-labels.js';

export type StandbyClaim =
  | { outcome: 'claimed'; containerId: string; name: string; entrypoint: string[] }
  /** No standby for this plan: the launch should make one for the next. */
  | { outcome: 'none' }
  /** There were standbys, but concurrent launches claimed each first. */
  | { outcome: 'lost' }
  /** A standby ended at once because the image has no `/bin/sh`. */
  | { outcome: 'shell-less' };

/**
 * Claims a standby of this key: lists them, then renames one to the claimed name
 * all claimers of it compute alike (`claimedNameOf`), which exactly one rename
 * can take; the others get 400, 404 or 409 and try the next standby.
 */
export async function claimStandby(engine: LaunchEngine, operations: StandbyEngineOperations, key: string, idleSeconds: number, pluginDirectory: string): Promise<StandbyClaim> {
  const listed = await engine.call('listing standby containers', () =>
    engine.client.listContainers([`${standbyLabels.key}=${key}`, `${launcherLabels.launcherHost}=${hostname()}`, `${standbyLabels.owner}=${standbyOwnerOf(pluginDirectory)}`]),
  );
  const unclaimed = listed.filter((container) => isUnclaimedStandbyName(container.Names?.[0] ?? ''));
  const shellLess = unclaimed.filter((container) => container.State === 'exited' && exitedForMissingShell(container.Status));
  if (shellLess.length > 0) {
    await removeShellLessStandbys(engine, shellLess);
    return { outcome: 'shell-less' };
  }
  const candidates = unclaimed.filter((container) => (container.State === 'running' || container.State === 'created') && !isIdleTooLong(container, idleSeconds)).sort(byPreference);
  if (candidates.length === 0) return { outcome: 'none' };
  for (const candidate of candidates) {
    if (await claimListedStandby(engine, operations, candidate, pluginDirectory)) {
      return { outcome: 'claimed', containerId: candidate.Id, name: claimedNameOf(candidate.Id), entrypoint: entrypointOf(candidate) };
    }
  }
  return { outcome: 'lost' };
}

/**
 * Takes a listed standby for this process: true when this rename won it. The
 * sweep claims a standby this way too before removing it, because the Engine
 * also resolves a name before it locks for a removal: removing by name could hit
 * a standby that a launch renamed meanwhile.
 */
export async function claimListedStandby(engine: LaunchEngine, operations: StandbyEngineOperations, standby: ListedContainer, pluginDirectory: string): Promise<boolean> {
  const name = (standby.Names?.[0] ?? '').replace(/^\//, '');
  // Before the rename: from the rename on, the sweep must see a live claimer.
  recordClaim(pluginDirectory, standby.Id);
  try {
    await engine.call('claiming a standby container', () => operations.rename(name, claimedNameOf(standby.Id)));
    return true;
  } catch (error) {
    forgetClaim(pluginDirectory, standby.Id);
    const status = engineStatusOf(error);
    if (status === 400 || status === 404 || status === 409) return false;
    throw error;
  }
}

/**
 * Removes standbys that ended because the image has no `/bin/sh`, before the
 * launch goes on: left to a sweep, one outlived the launch that found it, since
 * no later launch of the image looks for standbys again. By id and without a
 * claim: nobody can run anything in an ended standby, so no claimer loses one.
 */
async function removeShellLessStandbys(engine: LaunchEngine, standbys: readonly ListedContainer[]): Promise<void> {
  for (const standby of standbys) {
    await engine.call('removing a standby container of an image without /bin/sh', () => engine.client.remove(standby.Id)).catch((error: unknown) => {
      // 404: a sweep removed it first; 409: a sweep is removing it (this launch's own sweep is awaited before it returns).
      const status = engineStatusOf(error);
      if (status !== 404 && status !== 409) throw error;
    });
  }
}

/** A standby idle longer than `standbyIdleSeconds` is the sweep's, not a launch's: its environment may be stale (host variables). */
export function isIdleTooLong(container: ListedContainer, idleSeconds: number, now = Date.now()): boolean {
  const createdAt = Number(container.Labels[standbyLabels.createdAt]);
  return !Number.isFinite(createdAt) || now - createdAt > idleSeconds * 1000;
}

/** Running first (already waiting on stdin), then the newest. */
function byPreference(left: ListedContainer, right: ListedContainer): number {
  const running = Number(right.State === 'running') - Number(left.State === 'running');
  return running !== 0 ? running : Number(right.Labels[standbyLabels.createdAt]) - Number(left.Labels[standbyLabels.createdAt]);
}

function entrypointOf(container: ListedContainer): string[] {
  try {
    const parsed = JSON.parse(container.Labels[standbyLabels.entrypoint] ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}
