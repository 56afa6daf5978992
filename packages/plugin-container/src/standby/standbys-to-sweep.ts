import type { ListedContainer } from '../engine/launch-engine-client.js';
import { isIdleTooLong } from './claim-standby.js';
import { isUnclaimedStandbyName, standbyLabels } from './standby-labels.js';

export interface SweptStandby {
  container: ListedContainer;
  reason: 'ended' | 'idle' | 'extra';
}

/**
 * Which unclaimed standbys to remove: those that ended (an image without
 * /bin/sh, a killed one), those idle past `standbyIdleSeconds`, and all but the
 * newest of a key and owner (concurrent launches that each found none made one
 * each). Any owner's: claiming one before removing it is safe whoever made it.
 */
export function standbysToSweep(containers: readonly ListedContainer[], idleSeconds: number, now = Date.now()): SweptStandby[] {
  const swept: SweptStandby[] = [];
  const newestByKey = new Map<string, ListedContainer>();
  for (const container of containers) {
    const name = container.Names?.[0] ?? '';
    const key = `${container.Labels[standbyLabels.key]} ${container.Labels[standbyLabels.owner]}`;
    if (container.Labels[standbyLabels.key] === undefined || !isUnclaimedStandbyName(name)) continue;
    if (container.State !== 'running' && container.State !== 'created') swept.push({ container, reason: 'ended' });
    else if (isIdleTooLong(container, idleSeconds, now)) swept.push({ container, reason: 'idle' });
    else {
      const newest = newestByKey.get(key);
      if (newest === undefined) newestByKey.set(key, container);
      else {
        const [older, newer] = createdAtOf(newest) <= createdAtOf(container) ? [newest, container] : [container, newest];
        swept.push({ container: older, reason: 'extra' });
        newestByKey.set(key, newer);
      }
    }
  }
  return swept;
}

function createdAtOf(container: ListedContainer): number {
  return Number(container.Labels[standbyLabels.createdAt]);
}
