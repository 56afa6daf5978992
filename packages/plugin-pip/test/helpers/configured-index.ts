import { execFileSync } from 'node:child_process';

/**
 * The package index this machine's pip is configured with (`pip config list`),
 * as a URL for `--index-url`. Throws, so the test fails rather than skips, when
 * there is none.
 */
export function configuredIndexUrl(): string {
  const listing = execFileSync('python3', ['-m', 'pip', 'config', 'list'], { encoding: 'utf8' });
  for (const key of ['global.index-url', 'global.extra-index-url', ':env:.index-url', ':env:.extra-index-url']) {
    const line = listing.split('\n').find((candidate) => candidate.startsWith(`${key}=`));
    const first = line
      ?.slice(key.length + 1)
      .replace(/^'|'$/g, '')
      .split(/\s+/)[0];
    if (first) return first;
  }
  throw new Error(`pip has no index configured on this machine (pip config list printed:\n${listing}); the real-packages test needs one`);
}
