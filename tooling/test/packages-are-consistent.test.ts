import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Keeps the packages alike, so a new plugin package cannot quietly skip what the
// others promise (a README, the exports map, the conformance suite...).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const packagesDirectory = path.join(root, 'packages');
// biome-ignore lint/suspicious/noExplicitAny: a package.json of any shape, checked field by field below
function manifestOf(folder: string): Record<string, any> {
  return JSON.parse(readFileSync(path.join(packagesDirectory, folder, 'package.json'), 'utf8'));
}
const packageFolders = readdirSync(packagesDirectory).filter(
  (name) => existsSync(path.join(packagesDirectory, name, 'package.json')) && !manifestOf(name).private,
);

describe.each(packageFolders)('package %s', (folder) => {
  const manifest = manifestOf(folder);

  it('is an ESM package for Node 20 with a README and the shared configs', () => {
    expect(manifest.type).toBe('module');
    expect(manifest.engines?.node).toMatch(/>=20/);
    expect(manifest.files).toContain('dist');
    expect(existsSync(path.join(packagesDirectory, folder, 'README.md'))).toBe(true);
    const tsupConfig = readFileSync(path.join(packagesDirectory, folder, 'tsup.config.ts'), 'utf8');
    expect(tsupConfig).toContain('@runtime-env/tooling/tsup');
    expect(readFileSync(path.join(packagesDirectory, folder, 'tsconfig.json'), 'utf8')).toContain('tsconfig.base.json');
  });

  it('exports each entry with source, types first, and a built file', () => {
    for (const [entry, target] of Object.entries<Record<string, string> | string>(manifest.exports)) {
      if (typeof target === 'string') continue;
      const keys = Object.keys(target);
      expect(keys.slice(0, 2), `${entry} conditions`).toEqual(['source', 'types']);
      expect(target.import, `${entry} import`).toMatch(/^\.\/dist\/.*\.js$/);
      expect(existsSync(path.join(packagesDirectory, folder, target.source!)), `${entry} source file`).toBe(true);
    }
  });

  if (folder.startsWith('plugin-') && folder !== 'plugin-api') {
    it('takes the plugin API and zod as peer dependencies, and never the engine at run time', () => {
      expect(manifest.peerDependencies).toHaveProperty('@runtime-env/plugin-api');
      expect(manifest.peerDependencies).toHaveProperty('zod');
      expect(manifest.peerDependencies ?? {}).not.toHaveProperty('@runtime-env/core');
      expect(manifest.dependencies ?? {}).not.toHaveProperty('@runtime-env/core');
    });

    it('runs the published conformance suite', () => {
      const testFiles = readdirSync(path.join(packagesDirectory, folder, 'test'), { recursive: true }) as string[];
      const runsSuite = testFiles.some(
        (file) => file.endsWith('.ts') && readFileSync(path.join(packagesDirectory, folder, 'test', file), 'utf8').includes('describePluginConformance('),
      );
      expect(runsSuite).toBe(true);
    });
  }
});

describe('the core', () => {
  it('names no plugin package', () => {
    const sources = readdirSync(path.join(packagesDirectory, 'core/src'), { recursive: true }) as string[];
    for (const file of sources.filter((name) => name.endsWith('.ts'))) {
      // The plugin API is the contract the core implements, not a plugin.
      expect(readFileSync(path.join(packagesDirectory, 'core/src', file), 'utf8'), file).not.toMatch(/@runtime-env\/plugin-(?!api\b)/);
    }
  });
});
