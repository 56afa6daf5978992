import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Which process claimed a standby. The claimed container's name cannot carry the
 * claimer's pid (the claim renames it to a name every claimer computes alike, the
 * only rename the Engine makes exclusive), so each claimer leaves a file
 * `<container id>.<pid>` in the plugin's directory before trying. The sweep
 * removes a claimed container only when no such file names a live process.
 */
function claimsDirectory(pluginDirectory: string): string {
  return join(pluginDirectory, 'standby-claims');
}

/**
 * Claims of this process still held, by claim file. Launches in one process (the
 * agent's, or concurrent ones in a program) share its pid and so the file: one
 * that lost the race for a standby must not remove the file of the one that won,
 * or a sweep would take the winner's standby, command and all, for an orphan.
 */
const heldClaims = new Map<string, number>();

export function recordClaim(pluginDirectory: string, containerId: string): void {
  const file = claimFile(pluginDirectory, containerId);
  heldClaims.set(file, (heldClaims.get(file) ?? 0) + 1);
  mkdirSync(claimsDirectory(pluginDirectory), { recursive: true });
  writeFileSync(file, '');
}

/** Drops one claim this process recorded; the file goes with the last. */
export function forgetClaim(pluginDirectory: string, containerId: string): void {
  const file = claimFile(pluginDirectory, containerId);
  const remaining = (heldClaims.get(file) ?? 1) - 1;
  if (remaining > 0) {
    heldClaims.set(file, remaining);
    return;
  }
  heldClaims.delete(file);
  rmSync(file, { force: true });
}

function claimFile(pluginDirectory: string, containerId: string): string {
  return join(claimsDirectory(pluginDirectory), `${containerId}.${process.pid}`);
}

/** Whether a live process on this host claimed (or is claiming) the container. */
export function hasLiveClaimer(pluginDirectory: string, containerId: string): boolean {
  let entries: string[];
  try {
    entries = readdirSync(claimsDirectory(pluginDirectory));
  } catch {
    return false;
  }
  return entries.some((entry) => entry.startsWith(`${containerId}.`) && isProcessAlive(Number(entry.slice(containerId.length + 1))));
}

/** Claim files of containers that no longer exist, left by claimers that died. */
export function forgetClaimsExcept(pluginDirectory: string, existingContainerIds: ReadonlySet<string>): void {
  let entries: string[];
  try {
    entries = readdirSync(claimsDirectory(pluginDirectory));
  } catch {
    return;
  }
  for (const entry of entries) {
    const [containerId = '', pid = ''] = entry.split('.');
    if (!existingContainerIds.has(containerId) && !isProcessAlive(Number(pid))) rmSync(join(claimsDirectory(pluginDirectory), entry), { force: true });
  }
}

export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
