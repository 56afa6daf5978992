import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { modulesLoadedBy, packagesOf } from '@runtime-env/tooling/module-loads';

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

  // The core loads better-sqlite3 when it first opens a database, so the control opens one.
  it('would be caught loading the engine: opening an engine of the core loads better-sqlite3', () => {
    const openEngine = `import('@runtime-env/core').then(async (core) => {
      const dataDirectory = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'rtenv-client-control-'));
      await (await core.openRuntimeEnvManager({ dataDirectory, plugins: [] })).close();
      require('node:fs').rmSync(dataDirectory, { recursive: true, force: true });
    })`;
    const loaded = packagesOf(modulesLoadedBy(coreFolder, openEngine, { fromSource: true }));
    expect(loaded).toContain('better-sqlite3');
    expect(loaded).toContain('packages/core');
  });
});
