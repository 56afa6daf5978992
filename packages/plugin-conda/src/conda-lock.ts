import type { LockedPackage } from '@runtime-env/plugin-api';
import type { SolvedCondaPackage } from './embedded/solved-package.js';

export function lockOfSolved(packages: readonly SolvedCondaPackage[]): LockedPackage[] {
  return packages.map((solved) => ({
    name: solved.name,
    version: solved.version,
    build: solved.build,
    ...(solved.sha256 ? { hash: `sha256:${solved.sha256}` } : {}),
    source: solved.url,
  }));
}

/**
 * The lock as a conda explicit file (`conda create --file` takes it back), with
 * the pip section's packages after it as `# pip:` comments that `pip install -r`
 * users can uncomment.
 */
export function formatCondaLock(lock: readonly LockedPackage[]): string {
  const conda = lock.filter((entry) => entry.source !== 'pip');
  const pip = lock.filter((entry) => entry.source === 'pip');
  const lines = ['# conda environment locked by runtime-env', '@EXPLICIT'];
  for (const entry of conda) {
    const checksum = entry.hash?.startsWith('sha256:') ? `#${entry.hash}` : '';
    lines.push(entry.source && /^[a-z]+:\/\//.test(entry.source) ? `${entry.source}${checksum}` : `# ${entry.name}=${entry.version}=${entry.build ?? ''}`);
  }
  for (const entry of pip) lines.push(`# pip: ${entry.name}==${entry.version}`);
  return `${lines.join('\n')}\n`;
}
