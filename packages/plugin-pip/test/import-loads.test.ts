import { fileURLToPath } from 'node:url';
import { modulesLoadedBy, packagesOf } from '@runtime-env/tooling/module-loads';
import { describe, expect, it } from 'vitest';

const pluginFolder = fileURLToPath(new URL('..', import.meta.url));
/** What `--import tsx` itself loads to compile the sources. */
const sourceLoader = ['esbuild', 'tsx'];
/** Loaded on first use only: the wheel installer (safe-extract), TOML, the store. */
const heavy = ['@runtime-env/safe-extract', 'packages/safe-extract', 'smol-toml'];

const loadedPackages = (code: string) => packagesOf(modulesLoadedBy(pluginFolder, code, { fromSource: true })).filter((name) => !sourceLoader.includes(name));

// Every process that configures the plugin imports it; most never create an environment.
// The built bundle is checked the same way in import-loads.integration.test.ts.
describe('importing the pip plugin (sources)', () => {
  it('loads neither the wheel installer (safe-extract) nor smol-toml', () => {
    const loaded = loadedPackages("import('@runtime-env/plugin-pip')");
    expect(loaded).toContain('packages/plugin-pip');
    expect(loaded.filter((name) => heavy.includes(name))).toEqual([]);
  });

  it('loads no installer or store module of its own', () => {
    const files = modulesLoadedBy(pluginFolder, "import('@runtime-env/plugin-pip')", { fromSource: true });
    const own = files.filter((file) => file.includes('/plugin-pip/src/')).map((file) => file.slice(file.indexOf('/src/') + 1));
    expect(own.filter((file) => /^src\/(installer|store|venv)\/|create-pip-environment|install-packages/.test(file))).toEqual([]);
  });

  // Controls: the recorder does see them once they are used.
  it('would be caught: the first create loads safe-extract', () => {
    const loaded = loadedPackages("import('@runtime-env/plugin-pip').then((m) => m.pipPlugin.create({ packages: [] }, {}).catch(() => {}))");
    expect(loaded).toContain('packages/safe-extract');
  });

  it('would be caught: writing a pylock.toml loads smol-toml', () => {
    const loaded = loadedPackages("import('@runtime-env/plugin-pip').then((m) => m.pipPlugin.formatLock([], 'pylock'))");
    expect(loaded).toContain('smol-toml');
  });
});
