import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { configJsonSchema } from '../../src/config/config-json-schema.js';
import { ConfigError } from '@runtime-env/plugin-api';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function writeConfig(content: unknown): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'rtenv-config-'));
  folders.push(folder);
  const file = path.join(folder, 'rtenv.config.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function configError(content: unknown): Promise<ConfigError> {
  const error = await loadConfig({ configPath: writeConfig(content), env: {} }).catch((caught: unknown) => caught);
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

describe('loadConfig', () => {
  it('loads plugins by path and with options, and a pack of several plugins', async () => {
    const config = await loadConfig({
      configPath: writeConfig({ plugins: [[path.join(fixtures, 'greeting-plugin.mjs'), { punctuation: '?' }], path.join(fixtures, 'pack-plugin.mjs')] }),
      env: {},
    });
    expect(config.plugins.map((loaded) => loaded.plugin.name)).toEqual(['greeting', 'first_field', 'second_field']);
    expect(config.plugins[0]!.options).toEqual({ punctuation: '?' });
  });

  it('reports each file it read with its digest: the config, each entry module once, its package.json, a launch module', async () => {
    const configPath = writeConfig({ plugins: [path.join(fixtures, 'pack-plugin.mjs'), './boxed/plugin.mjs'] });
    const boxed = path.join(path.dirname(configPath), 'boxed');
    mkdirSync(boxed);
    const zodUrl = import.meta.resolve('zod');
    writeFileSync(
      path.join(boxed, 'package.json'),
      JSON.stringify({ name: 'boxed-plugin', version: '1.0.0', type: 'module', exports: { '.': './plugin.mjs', './launch': './launch.mjs' } }),
    );
    writeFileSync(path.join(boxed, 'launch.mjs'), 'export async function launch() {}\n');
    writeFileSync(
      path.join(boxed, 'plugin.mjs'),
      `import { z } from '${zodUrl}';\nexport default { apiVersion: 2, name: 'boxed', schema: z.string(), hash: () => ({ keys: [] }), async launch() {} };\n`,
    );
    const config = await loadConfig({ configPath, env: {} });
    const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    // pack-plugin.mjs has no package.json of its own: its identity comes from the core's, above it.
    const coreManifest = path.resolve(fixtures, '../../../package.json');
    const expected = [
      configPath,
      path.join(fixtures, 'pack-plugin.mjs'),
      coreManifest,
      path.join(boxed, 'plugin.mjs'),
      path.join(boxed, 'package.json'),
      path.join(boxed, 'launch.mjs'),
    ];
    expect(config.loadedFiles.map(({ stamp: _stamp, ...file }) => file)).toEqual(
      expected.map((file) => ({ path: file, size: readFileSync(file).length, sha256: digest(file) })),
    );
    // A stamp only for files that had long stopped changing (the repo's), none for ones written just now.
    expect(config.loadedFiles.map((file) => file.stamp !== undefined)).toEqual([false, true, true, false, false, false]);
    expect(config.plugins.map((loaded) => loaded.loadedFrom?.launchModule?.path)).toEqual([undefined, undefined, path.join(boxed, 'launch.mjs')]);
  });

  it('loads only the entries onlyPlugins names, leaving pluginOptions of the others unchecked; all of them when it names none', async () => {
    const greeting = path.join(fixtures, 'greeting-plugin.mjs');
    const pack = path.join(fixtures, 'pack-plugin.mjs');
    const configPath = writeConfig({
      plugins: [[greeting, { punctuation: ';' }], pack],
      pluginOptions: { first_field: { nothing: 1 }, greeting: { punctuation: '?' } },
    });
    const only = await loadConfig({ configPath, env: {}, onlyPlugins: [greeting] });
    expect(only.plugins.map((loaded) => [loaded.plugin.name, loaded.options])).toEqual([['greeting', { punctuation: '?' }]]);
    expect(only.loadedFiles.map((file) => file.path)).toEqual([configPath, greeting, path.resolve(fixtures, '../../../package.json')]);
    const none = await loadConfig({ configPath: writeConfig({ plugins: [greeting, pack] }), env: {}, onlyPlugins: ['not-listed'] });
    expect(none.plugins.map((loaded) => loaded.plugin.name)).toEqual(['greeting', 'first_field', 'second_field']);
  });

  it("sets one plugin's options with pluginOptions, by field or package, over the default plugins and over a list", async () => {
    const greeting = path.join(fixtures, 'greeting-plugin.mjs');
    const { loadPlugins } = await import('../../src/config/load-plugins.js');
    const defaults = () => loadPlugins([greeting, path.join(fixtures, 'pack-plugin.mjs')], { searchDirectories: [fixtures] });
    const byField = await loadConfig({ configPath: writeConfig({ pluginOptions: { greeting: { punctuation: '?' } } }), env: {}, defaultPlugins: defaults });
    expect(byField.plugins.map((loaded) => loaded.plugin.name)).toEqual(['greeting', 'first_field', 'second_field']);
    expect(byField.plugins[0]!.options).toEqual({ punctuation: '?' });
    const byPackage = await loadConfig({
      configPath: writeConfig({ plugins: [[greeting, { punctuation: ';' }]], pluginOptions: { [greeting]: { punctuation: '…' } } }),
      env: {},
    });
    expect(byPackage.plugins[0]!.options).toEqual({ punctuation: '…' });
  });

  it("puts the process's plugin option defaults under what the config writes, and skips those of plugins not loaded", async () => {
    const greeting = path.join(fixtures, 'greeting-plugin.mjs');
    const pluginOptionDefaults = { [greeting]: { punctuation: '.' }, 'not-installed-plugin': { anything: true } };
    const unset = await loadConfig({ configPath: writeConfig({ plugins: [greeting] }), env: {}, pluginOptionDefaults });
    expect(unset.plugins[0]!.options).toEqual({ punctuation: '.' });
    const listed = await loadConfig({ configPath: writeConfig({ plugins: [[greeting, { punctuation: ';' }]] }), env: {}, pluginOptionDefaults });
    expect(listed.plugins[0]!.options).toEqual({ punctuation: ';' });
    const overlaid = await loadConfig({
      configPath: writeConfig({ plugins: [greeting], pluginOptions: { greeting: { punctuation: '?' } } }),
      env: {},
      pluginOptionDefaults,
    });
    expect(overlaid.plugins[0]!.options).toEqual({ punctuation: '?' });
  });

  it("refuses pluginOptions that name no loaded plugin, or that the plugin's schema refuses, naming both", async () => {
    const greeting = path.join(fixtures, 'greeting-plugin.mjs');
    const unknown = await configError({ plugins: [greeting], pluginOptions: { greting: { punctuation: '?' } } });
    expect(unknown.code).toBe('unknown_plugin_options');
    expect(unknown.message).toContain('"greting"');
    expect(unknown.hint).toContain('did you mean "greeting"');
    const invalid = await configError({ plugins: [greeting], pluginOptions: { greeting: { punctuation: 7 } } });
    expect(invalid.code).toBe('invalid_plugin_options');
    expect(invalid.message).toMatch(/options of "greeting" are invalid: .*punctuation/);
  });

  it("resolves a package name from the fallback directories (the CLI's installation) when the config's folder has none", async () => {
    const file = writeConfig({ plugins: ['zod-free-greeting'] });
    const installation = mkdtempSync(path.join(tmpdir(), 'rtenv-installation-'));
    folders.push(installation);
    const packageFolder = path.join(installation, 'node_modules', 'zod-free-greeting');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(packageFolder, { recursive: true });
    writeFileSync(
      path.join(packageFolder, 'package.json'),
      JSON.stringify({ name: 'zod-free-greeting', version: '1.0.0', type: 'module', exports: './index.mjs' }),
    );
    writeFileSync(
      path.join(packageFolder, 'index.mjs'),
      `export default { apiVersion: 2, name: 'greeting_fallback', schema: { safeParse: (value) => ({ success: true, data: value }) }, hash: () => ({ keys: [] }) };\n`,
    );
    await expect(loadConfig({ configPath: file, env: {}, cwd: tmpdir() })).rejects.toThrow(/cannot be found from/);
    const config = await loadConfig({ configPath: file, env: {}, cwd: tmpdir(), fallbackSearchDirectories: [installation] });
    expect(config.plugins[0]!.plugin.name).toBe('greeting_fallback');
  });

  it('resolves relative plugin paths from the config file folder', async () => {
    const file = writeConfig({});
    writeFileSync(
      path.join(path.dirname(file), 'local.mjs'),
      readFileSync(path.join(fixtures, 'greeting-plugin.mjs'), 'utf8').replace(
        "from 'zod'",
        `from '${path.join(fixtures, '../../../node_modules/zod/index.js')}'`,
      ),
    );
    writeFileSync(path.join(path.dirname(file), 'package.json'), JSON.stringify({ name: 'local-plugins', version: '0.0.1' }));
    writeFileSync(file, JSON.stringify({ plugins: ['./local.mjs'] }));
    const config = await loadConfig({ configPath: file, env: {}, cwd: tmpdir() });
    expect(config.plugins[0]!.plugin.name).toBe('greeting');
  });

  it('takes the data directory from the flag, then RTENV_DATA_DIR, then the file, then XDG', async () => {
    const file = writeConfig({ dataDir: 'state' });
    const folder = path.dirname(file);
    expect((await loadConfig({ configPath: file, env: { RTENV_DATA_DIR: '/env-dir' }, dataDirectoryFlag: '/flag-dir' })).dataDirectory).toBe('/flag-dir');
    expect((await loadConfig({ configPath: file, env: { RTENV_DATA_DIR: '/env-dir' } })).dataDirectory).toBe('/env-dir');
    expect((await loadConfig({ configPath: file, env: {} })).dataDirectory).toBe(path.join(folder, 'state'));
    expect((await loadConfig({ cwd: `${folder}-none`, env: { XDG_STATE_HOME: '/xdg' } })).dataDirectory).toBe('/xdg/rtenv');
  });

  it('reads budgets as byte counts or sizes with units', async () => {
    const config = await loadConfig({ configPath: writeConfig({ budgets: { totalBytes: '2GiB', perPlugin: { pip: '512 MB' } } }), env: {} });
    expect(config.budgets).toEqual({ totalBytes: 2 * 2 ** 30, perPluginBytes: { pip: 512e6 } });
  });

  it('names a missing module and how to fix it', async () => {
    const error = await configError({ plugins: ['@runtime-env/plugin-does-not-exist'] });
    expect(error.code).toBe('plugin_not_found');
    expect(error.message).toContain('@runtime-env/plugin-does-not-exist');
    expect(error.message).toContain('pnpm add');
  });

  it('refuses a plugin of another apiVersion, saying which version', async () => {
    const error = await configError({ plugins: [path.join(fixtures, 'future-api-plugin.mjs')] });
    expect(error.code).toBe('unsupported_plugin_api_version');
    expect(error.message).toMatch(/declares apiVersion 3, but this core implements apiVersion 2/);
  });

  it('refuses a plugin written for apiVersion 1, naming it, its package and file, what changed and where to read the migration', async () => {
    const error = await configError({ plugins: [path.join(fixtures, 'v1-plugin.mjs')] });
    expect(error.code).toBe('unsupported_plugin_api_version');
    expect(error.message).toContain(`plugin ${path.join(fixtures, 'v1-plugin.mjs')} (package @runtime-env/core, file ${path.join(fixtures, 'v1-plugin.mjs')})`);
    expect(error.message).toContain('plugin "old_style" declares apiVersion 1, but this core implements apiVersion 2');
    expect(error.message).toContain("the core reads the plugin's name and version from its package.json");
    expect(error.hint).toContain('docs/writing-a-plugin.md, section "Migrating from v1"');
  });

  it('refuses a plugin of the wrong shape, naming the missing hook', async () => {
    const error = await configError({ plugins: [path.join(fixtures, 'no-hash-plugin.mjs')] });
    expect(error.message).toMatch(/no-hash-plugin\.mjs\): "broken" has no "hash" function/);
  });

  it('refuses two plugins for the same field, naming both', async () => {
    const error = await configError({ plugins: [path.join(fixtures, 'greeting-plugin.mjs'), path.join(fixtures, 'duplicate-greeting-plugin.mjs')] });
    expect(error.code).toBe('duplicate_plugin');
    expect(error.message).toMatch(/field "greeting" is already owned by plugin "greeting" from .*greeting-plugin\.mjs/);
  });

  it('reports a module that throws while loading', async () => {
    const error = await configError({ plugins: [path.join(fixtures, 'throwing-plugin.mjs')] });
    expect(error.code).toBe('plugin_import_failed');
    expect(error.message).toContain('this plugin fails while loading');
  });

  it('reports bad options with their path', async () => {
    const error = await configError({ plugins: [[path.join(fixtures, 'greeting-plugin.mjs'), { punctuation: 1 }]] });
    expect(error.message).toMatch(/options\.punctuation: must be a string, got a number/);
  });

  it('reports invalid JSON and unknown keys in the file', async () => {
    expect((await configError('{ "plugins": [ }')).message).toMatch(/is not valid JSON/);
    const unknown = await configError({ budget: {} });
    expect(unknown.message).toMatch(/Unrecognized key: "budget"/);
  });

  it('fails when --config names a file that does not exist', async () => {
    await expect(loadConfig({ configPath: '/nonexistent/rtenv.config.json', env: {} })).rejects.toThrow(/does not exist/);
  });

  it('ships a config.schema.json generated from the schema in use', () => {
    const shipped = JSON.parse(readFileSync(path.join(fixtures, '../../../config.schema.json'), 'utf8'));
    expect(shipped).toEqual(configJsonSchema());
  });
});
