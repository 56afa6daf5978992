import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/**
 * The channel builder needs bzip2 (for .tar.bz2), a C compiler (for the binary
 * placeholder program), a Python and Debian's pip wheel. On a clean machine they
 * are installed from Debian's archive; if that fails the test fails saying why.
 */
const requirements: { present: () => boolean; debianPackage: string }[] = [
  { present: () => onPath('bzip2'), debianPackage: 'bzip2' },
  { present: () => onPath('cc'), debianPackage: 'gcc' },
  { present: () => existsSync('/usr/bin/python3'), debianPackage: 'python3' },
  { present: () => safeList('/usr/share/python-wheels').some((name) => name.startsWith('pip-')), debianPackage: 'python3-pip-whl' },
];

let ensured = false;

export function ensureCondaChannelBuildTools(): void {
  if (ensured) return;
  const missing = requirements.filter((requirement) => !requirement.present()).map((requirement) => requirement.debianPackage);
  if (missing.length > 0) {
    try {
      execFileSync('apt-get', ['update'], { stdio: 'pipe' });
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
        stdio: 'pipe',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch (error) {
      throw new Error(`the conda test channel needs ${missing.join(', ')} and apt-get could not install them: ${(error as Error).message}`);
    }
  }
  ensured = true;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(':').some((directory) => directory && existsSync(`${directory}/${command}`));
}

function safeList(directory: string): string[] {
  try {
    return readdirSync(directory);
  } catch {
    return [];
  }
}
