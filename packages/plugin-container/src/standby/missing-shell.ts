/**
 * Images without `/bin/sh` cannot host a standby: its waiting shell is what
 * reads the command. The Engine says so in one of two ways, depending on init.
 */

/** The Engine refused to start it (no init: `exec: "/bin/sh": stat /bin/sh: no such file or directory`). */
export function meansShellMissing(message: string): boolean {
  return message.includes('/bin/sh');
}

/** It started, and docker-init could not run the shell: exit 127 (not found) or 126 (not executable). */
export function endedForMissingShell(status: number | undefined): boolean {
  return status === 126 || status === 127;
}
