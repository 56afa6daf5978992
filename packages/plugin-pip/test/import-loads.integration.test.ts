import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { modulesLoadedBy, packagesOf } from '@runtime-env/tooling/module-loads';
import { describe, expect, it } from 'vitest';

const pluginFolder = fileURLToPath(new URL('..', import.meta.url));

// Against the built bundle (turbo builds it before integration tests): tsup must have
// split the installer into its own chunks, not inlined it into dist/index.js.
describe('importing the built pip plugin', () => {
  it('loads its own light chunks, the plugin API and zod: no safe-extract, no smol-toml, no installer chunk', () => {
    expect(existsSync(new URL('../dist/index.js', import.meta.url)), 'build first: pnpm exec turbo run build --filter=@runtime-env/plugin-pip').toBe(true);
    const files = modulesLoadedBy(pluginFolder, "import('@runtime-env/plugin-pip')", { fromSource: false });
    expect(packagesOf(files)).toEqual(['packages/plugin-api', 'packages/plugin-pip', 'zod']);
    expect(files.filter((file) => /create-pip-environment|delete-pip-environment/.test(file))).toEqual([]);
  });

  it('would be caught: the first create loads safe-extract from the built bundle', () => {
    const code = "import('@runtime-env/plugin-pip').then((m) => m.pipPlugin.create({ packages: [] }, {}).catch(() => {}))";
    expect(packagesOf(modulesLoadedBy(pluginFolder, code, { fromSource: false }))).toContain('packages/safe-extract');
  });
});
