import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { modulesLoadedBy, packagesOf } from './support/modules-loaded.js';

const clientFolder = fileURLToPath(new URL('..', import.meta.url));
const coreFolder = fileURLToPath(new URL('../../core', import.meta.url));
/** What `--import tsx` itself loads to compile the sources. */
const sourceLoader = ['esbuild', 'tsx'];

// The built bundle is checked the same way in bundle-loads-no-engine.integration.test.ts.
describe('importing the client (sources)', () => {
  it('loads the client and the plugin API only: no engine, no SQLite, no zod', () => {
    const loaded = packagesOf(modulesLoadedBy(clientFolder, "import('@runtime-env/client')", { fromSource: true }));
    expect(loaded.filter((name) => !sourceLoader.includes(name))).toEqual(['packages/client', 'packages/plugin-api']);
  });

  it('would be caught loading the engine: importing the core loads better-sqlite3', () => {
    const loaded = packagesOf(modulesLoadedBy(coreFolder, "import('@runtime-env/core')", { fromSource: true }));
    expect(loaded).toContain('better-sqlite3');
    expect(loaded).toContain('packages/core');
  });
});
