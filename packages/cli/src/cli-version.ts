import { readFileSync } from 'node:fs';

/**
 * Read at run time so a published build reports the version it was released as.
 * A plain read and parse: `createRequire` would load the CommonJS loader's
 * machinery, about 2 ms of a cached `rtenv run` that needs the version for its scope.
 */
export function cliVersion(): string {
  // Both src/ and dist/ sit one level below the package root.
  const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return packageJson.version;
}
