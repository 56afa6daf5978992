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

export function recordClaim(pluginDirectory: string, containerId: string): void {
  mkdirSync(claimsDirectory(pluginDirectory), { recursive: true });
  writeFileSync(join(claimsDirectory(pluginDirectory), `${containerId}.${process.pid}`), '');
}

export function forgetClaim(pluginDirectory: string, containerId: string): void {
  rmSync(join(claimsDirectory(pluginDirectory), `${containerId}.${process.pid}`), { force: true });
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
