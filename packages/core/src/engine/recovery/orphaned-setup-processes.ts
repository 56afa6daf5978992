import { processesMarkedWith, setupCreatorMarker } from '../../launch-context/setup-process-marker.js';
import { processStartTime, type ProcessIdentity } from '@runtime-env/plugin-api';

/** How long killed orphans may take to go; past it the caller goes on and logs them. */
const ORPHAN_KILL_WAIT_MS = 30_000;
const ORPHAN_POLL_MS = 25;

/**
 * SIGKILLs every process a dead creator's setup started (found by the marker in
 * their environment, wherever they moved: another process group, a new session)
 * and waits until they are gone, so the creator's URI directory can be removed or
 * reused without anything still writing into it. Only for a creator known dead:
 * a live one's processes are its own business. Returns the pids that were killed.
 */
export async function killOrphanedSetupProcesses(deadCreator: ProcessIdentity): Promise<number[]> {
  const marker = setupCreatorMarker(deadCreator);
  const killed = new Set<number>();
  const waitEnds = Date.now() + ORPHAN_KILL_WAIT_MS;
  for (;;) {
    // Scanned again each round: an orphan may have forked between the scan and its kill.
    const running = processesMarkedWith(marker).filter((pid) => processStartTime(pid) !== undefined);
    if (running.length === 0 || Date.now() >= waitEnds) return [...killed];
    for (const pid of running) {
      try {
        process.kill(pid, 'SIGKILL');
        killed.add(pid);
      } catch {
        // Gone already.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, ORPHAN_POLL_MS));
  }
}
