import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONFIG_FILE_NAME } from '@runtime-env/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { locateConfig } from '../src/fast-path/config-location.js';
import { documentMemoNamespaceOf } from '../src/fast-path/document-memo-namespace.js';
import { fingerprintOfEntry } from '../src/fast-path/plugin-fingerprint.js';
import { cliPackageDirectory, configFileName } from '../src/config/plugin-resolution.js';
import { captureIo } from './capture-io.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'rtenv-namespace-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const ioIn = (cwd: string, env: NodeJS.ProcessEnv = {}) => captureIo({ cwd, env });

/** The namespace `rtenv run` would use in `cwd`, with no flags. */
function namespaceIn(cwd: string, env: NodeJS.ProcessEnv = {}): string | undefined {
  const location = locateConfig({}, ioIn(cwd, env));
  return location && documentMemoNamespaceOf(location, cwd);
}

describe('locateConfig', () => {
  it('looks for the same file name as the core', () => {
    expect(configFileName).toBe(CONFIG_FILE_NAME);
  });

  it('takes --config over RTENV_CONFIG over the current directory, and dataDir relative to the file', () => {
    mkdirSync(path.join(directory, 'elsewhere'));
    writeFileSync(path.join(directory, CONFIG_FILE_NAME), JSON.stringify({ dataDir: 'implicit-data' }));
    writeFileSync(path.join(directory, 'elsewhere', 'from-env.json'), JSON.stringify({ dataDir: 'env-data' }));
    writeFileSync(path.join(directory, 'elsewhere', 'from-flag.json'), JSON.stringify({ dataDir: 'flag-data' }));
    expect(locateConfig({}, ioIn(directory))?.dataDirectory).toBe(path.join(directory, 'implicit-data'));
    const env = { RTENV_CONFIG: 'elsewhere/from-env.json' };
    expect(locateConfig({}, ioIn(directory, env))?.dataDirectory).toBe(path.join(directory, 'elsewhere', 'env-data'));
    expect(locateConfig({ config: 'elsewhere/from-flag.json' }, ioIn(directory, env))?.dataDirectory).toBe(path.join(directory, 'elsewhere', 'flag-data'));
    expect(locateConfig({ config: 'elsewhere/from-flag.json', 'data-dir': 'flagged' }, ioIn(directory, { RTENV_DATA_DIR: '/ignored' }))?.dataDirectory).toBe(path.join(directory, 'flagged'));
    expect(locateConfig({}, ioIn(directory, { RTENV_DATA_DIR: 'from-variable' }))?.dataDirectory).toBe(path.join(directory, 'from-variable'));
  });

  it('leaves a missing or broken config to the engine, which reports it', () => {
    expect(locateConfig({ config: 'missing.json' }, ioIn(directory))).toBeUndefined();
    writeFileSync(path.join(directory, CONFIG_FILE_NAME), '{ not json');
    expect(locateConfig({}, ioIn(directory))).toBeUndefined();
    writeFileSync(path.join(directory, CONFIG_FILE_NAME), JSON.stringify({ dataDir: 42 }));
    expect(locateConfig({}, ioIn(directory))).toBeUndefined();
  });
});

describe('documentMemoNamespaceOf', () => {
  it("is stable for the same inputs and changes with the config bytes, the current directory and a plugin file's content", () => {
    const pluginFile = path.join(directory, 'plugin.mjs');
    writeFileSync(pluginFile, 'export default {};\n');
    const config = path.join(directory, CONFIG_FILE_NAME);
    writeFileSync(config, JSON.stringify({ plugins: ['./plugin.mjs'] }));
    const first = namespaceIn(directory);
    expect(first).toMatch(/^cli\/[0-9a-f]{64}$/);
    expect(namespaceIn(directory)).toBe(first);

    writeFileSync(config, JSON.stringify({ plugins: [['./plugin.mjs', {}]] }));
    const withOptions = namespaceIn(directory);
    expect(withOptions).not.toBe(first);

    mkdirSync(path.join(directory, 'sub'));
    expect(namespaceIn(path.join(directory, 'sub'), { RTENV_CONFIG: config })).not.toBe(withOptions);

    // A touch is no change (a rebuild that writes the same bytes keeps the memo); new content is.
    const later = new Date(Date.now() + 60_000);
    utimesSync(pluginFile, later, later);
    expect(namespaceIn(directory)).toBe(withOptions);
    writeFileSync(pluginFile, 'export default { changed: 1 };\n');
    expect(namespaceIn(directory)).not.toBe(withOptions);
  });

  it('without a config, covers the installed first-party plugins; a plugins list of another shape gives none', () => {
    expect(namespaceIn(directory)).toMatch(/^cli\//);
    writeFileSync(path.join(directory, CONFIG_FILE_NAME), JSON.stringify({ plugins: 'not a list' }));
    expect(namespaceIn(directory)).toBeUndefined();
    writeFileSync(path.join(directory, CONFIG_FILE_NAME), JSON.stringify({ plugins: [42] }));
    expect(namespaceIn(directory)).toBeUndefined();
  });
});

describe('fingerprintOfEntry', () => {
  it("describes a package by its package.json, version and entry file, without importing it", () => {
    const fingerprint = fingerprintOfEntry('@runtime-env/plugin-env-vars', [cliPackageDirectory], ['source', 'node', 'import']);
    const manifest = JSON.parse(readFileSync(fingerprint.packageJson as string, 'utf8')) as { name: string; version: string };
    expect(manifest.name).toBe('@runtime-env/plugin-env-vars');
    expect(fingerprint).toMatchObject({ entry: '@runtime-env/plugin-env-vars', version: manifest.version, entryFile: './src/index.ts' });
    expect(fingerprint.entrySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintOfEntry('@runtime-env/plugin-env-vars', [cliPackageDirectory], ['node', 'import']).entryFile).toBe('./dist/index.js');
  });

  it('finds a package that does not export its package.json, and says when an entry is missing', () => {
    const packageDirectory = path.join(directory, 'node_modules', 'closed-plugin');
    mkdirSync(packageDirectory, { recursive: true });
    writeFileSync(path.join(packageDirectory, 'package.json'), JSON.stringify({ name: 'closed-plugin', version: '3.1.4', exports: { '.': { import: './main.mjs' } } }));
    writeFileSync(path.join(packageDirectory, 'main.mjs'), 'export default [];\n');
    expect(fingerprintOfEntry('closed-plugin', [path.join(directory, 'project'), directory], ['node', 'import'])).toMatchObject({
      version: '3.1.4',
      entryFile: './main.mjs',
      entrySha256: createHash('sha256').update('export default [];\n').digest('hex'),
    });
    expect(fingerprintOfEntry('no-such-plugin', [directory], ['node', 'import'])).toEqual({ entry: 'no-such-plugin', missing: true });
    expect(fingerprintOfEntry('closed-plugin/not-exported', [directory], ['node', 'import'])).toEqual({ entry: 'closed-plugin/not-exported', missing: true });
    expect(fingerprintOfEntry('./no-such-file.mjs', [directory], ['node', 'import'])).toEqual({ entry: './no-such-file.mjs', missing: true });
  });

  it('picks the file the core imports: nested conditions and subpaths, past a package.json without a name', async () => {
    const packageDirectory = path.join(directory, 'node_modules', '@scope', 'layered');
    mkdirSync(path.join(packageDirectory, 'esm'), { recursive: true });
    const exports = {
      '.': { types: './index.d.ts', node: { import: './esm/main.mjs', require: './main.cjs' }, default: './browser.js' },
      './launch': { import: './esm/launch.mjs' },
    };
    writeFileSync(path.join(packageDirectory, 'package.json'), JSON.stringify({ name: '@scope/layered', version: '2.0.0', exports }));
    writeFileSync(path.join(packageDirectory, 'esm', 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(path.join(packageDirectory, 'esm', 'main.mjs'), 'export default [];\n');
    writeFileSync(path.join(packageDirectory, 'esm', 'launch.mjs'), 'export const launch = 1;\n');
    const { moduleResolve } = await import('import-meta-resolve');
    const parent = pathToFileURL(path.join(directory, CONFIG_FILE_NAME));
    for (const [specifier, entryFile] of [['@scope/layered', './esm/main.mjs'], ['@scope/layered/launch', './esm/launch.mjs']] as const) {
      const fingerprint = fingerprintOfEntry(specifier, [directory], ['node', 'import']);
      expect(fingerprint).toMatchObject({ packageJson: realpathSync(path.join(packageDirectory, 'package.json')), version: '2.0.0', entryFile });
      // What the core's loader resolves the entry to, the same file.
      expect(fileURLToPath(moduleResolve(specifier, parent, new Set(['node', 'import'])))).toBe(realpathSync(path.join(packageDirectory, entryFile)));
    }
  });
});
