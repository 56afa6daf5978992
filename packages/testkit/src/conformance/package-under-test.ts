import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { moduleResolve } from 'import-meta-resolve';
import type { PluginIdentity } from '@runtime-env/plugin-api';

export interface PackageUnderTest {
  identity: PluginIdentity;
  /** The `file:` URL of the package's `"./launch"` export; undefined when it exports none. */
  launchModule: string | undefined;
}

/**
 * The package the suite runs in (the nearest package.json with a name above the
 * working directory: test runners start in the package), read as the core's
 * loader reads a plugin's: its name and version, and its `"./launch"` export.
 * `source` is tried first, as this repository's packages export their
 * TypeScript under it; other packages resolve as Node does.
 */
export function packageUnderTest(directory = process.cwd()): PackageUnderTest {
  for (let folder = directory; ; folder = path.dirname(folder)) {
    const manifestPath = path.join(folder, 'package.json');
    const manifest = readManifest(manifestPath);
    if (manifest && typeof manifest.name === 'string') {
      const identity = { name: manifest.name, version: typeof manifest.version === 'string' ? manifest.version : '0.0.0' };
      return { identity, launchModule: launchExportOf(identity.name, manifestPath) };
    }
    if (path.dirname(folder) === folder)
      throw new Error(`no package.json with a "name" above ${directory}: run the conformance suite inside the plugin's package`);
  }
}

function readManifest(manifestPath: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(manifestPath, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}

function launchExportOf(name: string, manifestPath: string): string | undefined {
  try {
    return moduleResolve(`${name}/launch`, pathToFileURL(manifestPath), new Set(['source', 'node', 'import'])).href;
  } catch {
    return undefined;
  }
}
