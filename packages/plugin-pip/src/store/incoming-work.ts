/**
 * Entries this process is writing under `incoming/` right now. A leftover named
 * with this process's id but not in this set was written by an earlier process
 * that had the same id and died: it may be removed.
 */
const inFlight = new Set<string>();

export function markIncomingStarted(path: string): void {
  inFlight.add(path);
}

export function markIncomingDone(path: string): void {
  inFlight.delete(path);
}

export function isIncomingInFlight(path: string): boolean {
  return inFlight.has(path);
}
