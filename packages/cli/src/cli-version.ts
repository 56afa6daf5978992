import { createRequire } from 'node:module';

/** Read at run time so a published build reports the version it was released as. */
export function cliVersion(): string {
  // Both src/ and dist/ sit one level below the package root.
  const packageJson = createRequire(import.meta.url)('../package.json') as { version: string };
  return packageJson.version;
}
