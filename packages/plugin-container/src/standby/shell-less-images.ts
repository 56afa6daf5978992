import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Images without `/bin/sh` cannot host a standby (its waiting shell is what reads
 * the command). Each is remembered by a marker file in the plugin's directory, so
 * no launch tries again: one failed standby per image and node, ever.
 */
function markerPath(pluginDirectory: string, image: string): string {
  return join(pluginDirectory, 'standby-shell-less-images', createHash('sha256').update(image).digest('hex').slice(0, 32));
}

export function isShellLessImage(pluginDirectory: string, image: string): boolean {
  return existsSync(markerPath(pluginDirectory, image));
}

export function rememberShellLessImage(pluginDirectory: string, image: string): void {
  const path = markerPath(pluginDirectory, image);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `${image}\n`);
}

/** Whether the Engine's refusal of a standby's start says its shell is missing (`exec: "/bin/sh": stat /bin/sh: no such file or directory`). */
export function meansShellMissing(message: string): boolean {
  return message.includes('/bin/sh');
}

/** Listed status `Exited (127) 3 seconds ago` (or 126): the shell could not be run. */
export function exitedForMissingShell(status: string | undefined): boolean {
  return /^Exited \(12[67]\)/.test(status ?? '');
}
