// rtenv.config.json from the user's side: plugin entries that cannot be used are
// refused with exit 2 and a message naming the entry, what is wrong and what to do;
// good entries load with their options; the data directory follows its precedence.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRtenv, type RtenvResult } from './support/rtenv-process.js';

const binPath = fileURLToPath(new URL('../../cli/dist/bin.cjs', import.meta.url));
let workDirectory: string;

function rtenv(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<RtenvResult> {
  return runRtenv(args, {
    cwd: options.cwd ?? workDirectory,
    env: { ...process.env, RTENV_CONFIG: '', RTENV_DATA_DIR: '', XDG_STATE_HOME: path.join(workDirectory, 'state'), ...options.env },
  });
}

const zodUrl = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('zod/package.json')), 'index.js')).href;

/** A small plugin module; `fields` is spliced into the exported object. */
function pluginSource(name: string, fields = ''): string {
  return `import { z } from '${zodUrl}';
export default { apiVersion: 2, name: '${name}', schema: z.string(), hash: () => ({ keys: [] }), ${fields} };
`;
}

/** Writes a folder with the given files and an rtenv.config.json; returns the config's path. */
function configFolder(name: string, config: unknown, files: Record<string, string> = {}): string {
  const folder = path.join(workDirectory, name);
  mkdirSync(folder, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(folder, file), text);
  // The core takes a plugin's identity from the package.json above it.
  writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: `e2e-${name}`, version: '1.0.0' }));
  const configPath = path.join(folder, 'rtenv.config.json');
  writeFileSync(configPath, typeof config === 'string' ? config : JSON.stringify(config));
  return configPath;
}

beforeAll(() => {
  if (!existsSync(binPath)) throw new Error(`${binPath} is missing: build it with \`pnpm --filter @runtime-env/cli... build\``);
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-cli-config-'));
});
afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

describe('plugin entries that cannot be used', () => {
  it('names a module that does not exist and where it was looked for', async () => {
    const config = configFolder('missing', { plugins: ['./not-there.mjs'] });
    const result = await rtenv(['plugins', '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('[plugin_not_found]');
    expect(result.stderr).toContain('plugin ./not-there.mjs: cannot be found from');
    expect(result.stderr).toContain('relative paths are relative to the config file');
  });

  it('names a package that is not installed and how to install it', async () => {
    const config = configFolder('missing-package', { plugins: ['rtenv-plugin-that-does-not-exist'] });
    const result = await rtenv(['plugins', '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pnpm add rtenv-plugin-that-does-not-exist');
  });

  it('refuses a module of the wrong shape, saying which property is wrong', async () => {
    const config = configFolder(
      'bad-shape',
      { plugins: ['./no-schema.mjs'] },
      {
        'no-schema.mjs': "export default { apiVersion: 2, name: 'no_schema', hash: () => ({ keys: [] }) };",
      },
    );
    const result = await rtenv(['validate', '--config', config, '-e', '{}']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('[invalid_plugin]');
    expect(result.stderr).toContain('"no_schema" has no zod "schema"');
  });

  it('refuses a module whose default export is not an object', async () => {
    const config = configFolder('not-object', { plugins: ['./function.mjs'] }, { 'function.mjs': 'export default 42;' });
    const result = await rtenv(['plugins', '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('exports number, not a plugin object');
  });

  it('refuses two plugins that own the same field', async () => {
    const config = configFolder(
      'duplicate',
      { plugins: ['./first.mjs', './second.mjs'] },
      {
        'first.mjs': pluginSource('twice'),
        'second.mjs': pluginSource('twice'),
      },
    );
    const result = await rtenv(['plugins', '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('[duplicate_plugin]');
    expect(result.stderr).toContain('field "twice" is already owned by plugin "twice" from ./first.mjs');
  });

  it('refuses a plugin written for contract version 1, saying what changed and where the migration is described', async () => {
    const config = configFolder(
      'api-version',
      { plugins: ['./old.mjs'] },
      {
        'old.mjs': pluginSource('old').replace('apiVersion: 2', 'apiVersion: 1'),
      },
    );
    const result = await rtenv(['plugins', '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('[unsupported_plugin_api_version]');
    expect(result.stderr).toMatch(
      /plugin \.\/old\.mjs \(package e2e-api-version, file \S+old\.mjs\): plugin "old" declares apiVersion 1, but this core implements apiVersion 2/,
    );
    expect(result.stderr).toContain('docs/writing-a-plugin.md, section "Migrating from v1"');
  });

  it('reports a module that throws while it is imported', async () => {
    const config = configFolder('throws', { plugins: ['./throws.mjs'] }, { 'throws.mjs': "throw new Error('cannot start: missing SDK');" });
    const result = await rtenv(['plugins', '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('plugin ./throws.mjs: could not be imported: cannot start: missing SDK');
  });

  it("checks plugin options against the plugin's schema", async () => {
    const config = configFolder(
      'options',
      { plugins: [['./with-options.mjs', { retries: 'many' }]] },
      {
        'with-options.mjs': pluginSource('with_options', 'options: z.strictObject({ retries: z.number().int() }),'),
      },
    );
    const result = await rtenv(['plugins', '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('options of "with_options" are invalid');
  });
});

describe('config files', () => {
  it('loads local plugins relative to the config file, whatever the cwd', async () => {
    const config = configFolder(
      'good',
      { plugins: [['./with-options.mjs', { retries: 3 }]] },
      {
        'with-options.mjs': pluginSource(
          'with_options',
          "priority: 30, description: 'a local plugin', options: z.strictObject({ retries: z.number().int() }), rules: { conflictsWith: ['pip'] },",
        ),
      },
    );
    const result = await rtenv(['plugins', '--json', '--config', config], { cwd: tmpdir() });
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body.configPath).toBe(config);
    expect(body.plugins).toEqual([
      expect.objectContaining({
        name: 'with_options',
        source: './with-options.mjs',
        package: 'e2e-good',
        version: '1.0.0',
        priority: 30,
        fields: ['with_options'],
        rules: { conflictsWith: ['pip'], onlyAlongside: null },
      }),
    ]);
    // Only the configured plugins are loaded: env_vars is now an unknown field.
    const validation = await rtenv(['validate', '--config', config, '-e', '{"with_options": "x", "env_vars": {"A": "1"}}']);
    expect(validation.code).toBe(2);
    expect(validation.stderr).toContain('unknown field "env_vars"');
  });

  it('finds the config through RTENV_CONFIG and rtenv.config.json in the cwd', async () => {
    const config = configFolder('implicit', { plugins: ['./local.mjs'] }, { 'local.mjs': pluginSource('local_field') });
    const fromEnvironment = await rtenv(['plugins', '--json'], { env: { RTENV_CONFIG: config } });
    expect(JSON.parse(fromEnvironment.stdout).plugins.map((plugin: { name: string }) => plugin.name)).toEqual(['local_field']);
    const fromCwd = await rtenv(['plugins', '--json'], { cwd: path.dirname(config) });
    expect(JSON.parse(fromCwd.stdout).plugins.map((plugin: { name: string }) => plugin.name)).toEqual(['local_field']);
  });

  it('refuses a config file with an unknown key or broken JSON', async () => {
    const unknownKey = await rtenv(['plugins', '--config', configFolder('typo', { dataDri: 'x' })]);
    expect(unknownKey.code).toBe(2);
    expect(unknownKey.stderr).toContain('Unrecognized key: "dataDri"');
    const broken = await rtenv(['plugins', '--config', configFolder('broken', '{"plugins": [')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('is not valid JSON');
    const absent = await rtenv(['plugins', '--config', path.join(workDirectory, 'absent.json')]);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain('the config file does not exist');
  });

  it('puts the data directory where --data-dir, then RTENV_DATA_DIR, then the config says', async () => {
    const config = configFolder('data-dir', { dataDir: './from-config', plugins: ['./local.mjs'] }, { 'local.mjs': pluginSource('local_field') });
    const folder = path.dirname(config);
    const list = (args: string[], env: Record<string, string> = {}) => rtenv(['ls', '--config', config, ...args], { env });
    expect((await list([])).stdout).toBe(`no environments in ${path.join(folder, 'from-config')}\n`);
    expect((await list([], { RTENV_DATA_DIR: path.join(folder, 'from-env') })).stdout).toBe(`no environments in ${path.join(folder, 'from-env')}\n`);
    expect((await list(['--data-dir', path.join(folder, 'from-flag')], { RTENV_DATA_DIR: path.join(folder, 'from-env') })).stdout).toBe(
      `no environments in ${path.join(folder, 'from-flag')}\n`,
    );
    expect(existsSync(path.join(folder, 'from-flag', 'state.sqlite'))).toBe(true);
  });
});
