import { readdirSync, readFileSync } from 'node:fs';
import type { ProcessIdentity } from '@runtime-env/plugin-api';

/**
 * The environment variable every setup process (and what it starts, which
 * inherits it) carries: the identity of the process that created it. A pid alone
 * is reused; pid and start time name one process for the life of the machine.
 */
export const SETUP_CREATOR_VARIABLE = 'RTENV_SETUP_CREATOR';

export function setupCreatorMarker(creator: ProcessIdentity): string {
  return `${creator.pid}:${creator.startTime ?? ''}`;
}

/** Pids of running processes whose environment carries `marker`; empty where `/proc` is absent. */
export function processesMarkedWith(marker: string): number[] {
  const needle = Buffer.from(`${SETUP_CREATOR_VARIABLE}=${marker}\0`);
  let names: string[];
  try {
    names = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return names
    .filter((name) => {
      try {
        const environment = readFileSync(`/proc/${name}/environ`);
        const at = environment.indexOf(needle);
        return at === 0 || (at > 0 && environment[at - 1] === 0);
      } catch {
        // Gone meanwhile, or another user's process (not ours to kill).
        return false;
      }
    })
    .map(Number);
}
