import { isProcessAlive } from '@runtime-env/plugin-api';
import type { ReferenceRow } from '../store/reference-store.js';

/**
 * A reference counts while its lease (if any) has not run out and its process (if
 * any) still runs. Lapsed references stay in the table until garbage collection
 * drops them, but everything treats them as released.
 */
export function isReferenceLive(reference: ReferenceRow, now: number): boolean {
  if (reference.expires_at !== null && reference.expires_at <= now) return false;
  if (reference.pid !== null && !isProcessAlive(reference.pid, reference.pid_start_time)) return false;
  return true;
}

/** Environment ids holding at least one live reference. */
export function liveEnvironmentIds(references: readonly ReferenceRow[], now: number): Set<string> {
  const live = new Set<string>();
  for (const reference of references) {
    if (!live.has(reference.environment_id) && isReferenceLive(reference, now)) live.add(reference.environment_id);
  }
  return live;
}
