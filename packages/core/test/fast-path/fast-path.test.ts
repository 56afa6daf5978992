import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { acquireFastPathEnvironment, pluginDirectoryOf, silentPluginLogger, type FastPathEnvironment } from '../../src/fast-path/index.js';
import { loadedFileOf, type LoadedFile } from '../../src/fast-path/loaded-file.js';
import { definePlugin, openRuntimeEnvManager, type LoadedPlugin, type RuntimeEnvManager } from '../../src/index.js';
import { countingPlugin } from '../fixtures/counting-plugin.js';
import { environmentVariablesPlugin } from '../fixtures/environment-variables-plugin.js';
import { temporaryDirectory } from '../fixtures/temporary-directory.js';
import { testIdentity } from '../fixtures/test-identity.js';

/** A field whose hash reads a file (say, a requirements file): never pure. */
function fileReadingPlugin(): LoadedPlugin {
  const plugin = definePlugin({
    apiVersion: 2,
    name: 'from_file',
    schema: z.string(),
    hash: (spec) => ({ keys: [`${spec}`] }),
    async create() {
      return { sizeBytes: 0 };
    },
  });
  return { plugin, options: undefined, source: 'inline', identity: testIdentity };
}

/** What the loader reports for a plugin read from `entry` (and `launchModule`, when that file exists). */
function loadedFromFiles(entry: string, launchModule?: string): NonNullable<LoadedPlugin['loadedFrom']> {
  let module: LoadedFile | undefined;
  try {
    module = launchModule === undefined ? undefined : loadedFileOf(launchModule);
  } catch {
    module = undefined;
  }
  // The entry stands in for the package.json the loader would also read.
  return { entry: loadedFileOf(entry), manifest: loadedFileOf(entry), ...(module ? { launchModule: module } : {}) };
}

/** A pure field whose environments start through its own `launch` hook, loaded from `entryFile`. */
function launchingPlugin(entryFile: string): LoadedPlugin {
  const plugin = definePlugin({
    apiVersion: 2,
    name: 'boxed',
    schema: z.string(),
    hash: () => ({ keys: [], fromSpecAlone: true }),
    modifyContext(_spec, { context }) {
      context.launcher = 'boxed';
    },
    async launch() {
      return { exitCode: 0, signal: null };
    },
  });
  return { plugin, options: undefined, source: './plugins/boxed.mjs', identity: testIdentity, loadedFrom: loadedFromFiles(entryFile) };
}

describe('the fast path: recording and serving a document', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let dataDirectory: string;
  let manager: RuntimeEnvManager;
  /** Stands for the config file the loader read. */
  let configFile: string;
  /** How `rtenv ls` names the holder of a fast-path lease. */
  const owner = `cli:${process.pid}`;
  const open = (scope: string | undefined, extra: LoadedPlugin[] = []): Promise<RuntimeEnvManager> => {
    const boxedEntry = join(directory.path, 'boxed.mjs');
    writeFileSync(boxedEntry, 'export default [];\n');
    return openRuntimeEnvManager({
      dataDirectory,
      plugins: [
        countingPlugin('alpha', { countFile: join(directory.path, 'count.txt') }),
        environmentVariablesPlugin(),
        fileReadingPlugin(),
        launchingPlugin(boxedEntry),
        ...extra,
      ],
      ...(scope === undefined ? {} : { fastPath: { scope, loadedFiles: [loadedFileOf(configFile)] } }),
    });
  };
  const acquire = (document: unknown, scope = 'scope-1', launchers?: 'refuse' | 'return') =>
    acquireFastPathEnvironment({ dataDirectory, scope, document, ...(launchers ? { launchers } : {}) });
  const expectHit = (result: ReturnType<typeof acquire>): FastPathEnvironment => {
    if (!result.found) throw new Error(`expected a hit, got a miss: ${result.reason}`);
    return result;
  };
  const owners = (environmentId: string): string[] =>
    manager
      .getEnvironment(environmentId)!
      .references.map((reference) => reference.owner)
      .sort();

  beforeEach(async () => {
    directory = temporaryDirectory();
    dataDirectory = join(directory.path, 'data');
    configFile = join(directory.path, 'rtenv.config.json');
    writeFileSync(configFile, '{"plugins": ["a"]}');
    manager = await open('scope-1');
  });

  afterEach(async () => {
    await manager.close();
    directory.remove();
  });

  it('serves a pure document with the context the engine recorded, whatever its key order', async () => {
    const document = { alpha: ['x'], env_vars: { GREETING: 'hello' } };
    const handle = await manager.getOrCreate(document, { owner: 'job' });
    manager.release(handle.id, 'job');
    const hit = expectHit(acquire({ env_vars: { GREETING: 'hello' }, alpha: ['x'] }));
    expect(hit.environmentId).toBe(handle.id);
    expect(hit.context).toEqual(handle.context);
    expect(hit.context.envVars.GREETING).toBe('hello');
    expect(hit.release()).toBe(true);
    expect(hit.release()).toBe(false);
  });

  it('misses a document with another value, under another scope, and when the engine was not asked to record', async () => {
    await manager.getOrCreate({ env_vars: { A: '1' } }, { owner: 'job' });
    expect(acquire({ env_vars: { A: '2' } })).toEqual({ found: false, reason: 'document not recorded for this scope' });
    expect(acquire({ env_vars: { A: '1' } }, 'scope-2').found).toBe(false);
    expect(acquire({ env_vars: { A: '1' } }).found).toBe(true);

    await manager.close();
    manager = await open(undefined);
    await manager.getOrCreate({ env_vars: { B: '1' } }, { owner: 'job' });
    expect(acquire({ env_vars: { B: '1' } }).found).toBe(false);
  });

  it('never records a document when one of its plugins does not hash purely', async () => {
    await manager.getOrCreate({ from_file: 'requirements.txt' }, { owner: 'job' });
    await manager.getOrCreate({ from_file: 'requirements.txt', env_vars: { A: '1' } }, { owner: 'job' });
    expect(acquire({ from_file: 'requirements.txt' }).found).toBe(false);
    expect(acquire({ from_file: 'requirements.txt', env_vars: { A: '1' } }).found).toBe(false);
  });

  it('holds the environment by a lease that the engine lists as a reference and collection spares, gone after release', async () => {
    const handle = await manager.getOrCreate({ alpha: ['held'] }, { owner: 'job' });
    manager.release(handle.id, 'job');
    const hit = expectHit(acquire({ alpha: ['held'] }));
    expect(owners(handle.id)).toEqual([owner]);
    expect(manager.getEnvironment(handle.id)!.references[0]!.pid).toBe(process.pid);
    expect(manager.listEnvironmentSummaries().find((summary) => summary.id === handle.id)?.references).toBe(1);
    expect(manager.listUris().find((uri) => uri.uri === handle.record.uris[0]!.uri)?.referencedBy).toEqual([handle.id]);
    expect((await manager.gc({ all: true, dryRun: true })).environmentsRemoved).toEqual([]);
    expect((await manager.gc({ all: true })).removed).toEqual([]);
    await expect(manager.remove(handle.id)).rejects.toThrow(owner);
    hit.release();
    expect(owners(handle.id)).toEqual([]);
    expect(readdirSync(join(dataDirectory, 'fast-path', 'leases', handle.id))).toEqual([]);
    expect((await manager.gc({ all: true })).environmentsRemoved).toEqual([handle.id]);
  });

  it('serves without the state database: a hit with the database file moved away', async () => {
    const handle = await manager.getOrCreate({ alpha: ['no-database'] }, { owner: 'job' });
    manager.release(handle.id, 'job');
    await manager.close();
    const databaseFile = join(dataDirectory, 'state.sqlite');
    renameSync(databaseFile, `${databaseFile}.away`);
    try {
      const hit = expectHit(acquire({ alpha: ['no-database'] }));
      expect(hit.environmentId).toBe(handle.id);
      expect(hit.release()).toBe(true);
    } finally {
      renameSync(`${databaseFile}.away`, databaseFile);
    }
    manager = await open('scope-1');
  });

  it('misses once the environment was garbage-collected or removed, and is served again after a rebuild', async () => {
    const collected = await manager.getOrCreate({ alpha: ['collected'] }, { owner: 'job' });
    const removed = await manager.getOrCreate({ alpha: ['removed'] }, { owner: 'job' });
    manager.release(collected.id, 'job');
    await manager.gc({ all: true });
    await manager.remove(removed.id, { force: true });
    expect(acquire({ alpha: ['collected'] })).toEqual({ found: false, reason: 'document not recorded for this scope' });
    expect(acquire({ alpha: ['removed'] }).found).toBe(false);

    const rebuilt = await manager.getOrCreate({ alpha: ['collected'] }, { owner: 'job' });
    expect(expectHit(acquire({ alpha: ['collected'] })).environmentId).toBe(rebuilt.id);
  });

  it('misses when a URI vanished from disk, so the engine can rebuild it', async () => {
    const handle = await manager.getOrCreate({ alpha: ['vanishing'] }, { owner: 'job' });
    rmSync(manager.listUris().find((uri) => handle.record.uris.some((entry) => entry.uri === uri.uri))!.path, { recursive: true });
    const result = acquire({ alpha: ['vanishing'] });
    expect(result).toEqual({ found: false, reason: `environment ${handle.id} lost a URI directory` });
    expect(owners(handle.id)).toEqual(['job']);
    // The engine's recovery finds the URI gone: the environment is to be rebuilt, and the fast path no longer serves it.
    await manager.close();
    manager = await open('scope-1');
    expect(acquire({ alpha: ['vanishing'] })).toEqual({
      found: false,
      reason: `environment ${handle.id} is no longer served (removed, collected or being rebuilt)`,
    });
  });

  it('misses an environment that starts through a launcher plugin by default, and when launchers are refused', async () => {
    const handle = await manager.getOrCreate({ boxed: 'yes' }, { owner: 'job' });
    const miss = { found: false, reason: `environment ${handle.id} launches through plugin "boxed"` };
    expect(acquire({ boxed: 'yes' })).toEqual(miss);
    expect(acquire({ boxed: 'yes' }, 'scope-1', 'refuse')).toEqual(miss);
    expect(owners(handle.id)).toEqual(['job']);
  });

  it('misses a launcher environment whose plugin has no launch module, or was passed inline', async () => {
    const handle = await manager.getOrCreate({ boxed: 'yes' }, { owner: 'job' });
    const reason = `environment ${handle.id} launches through plugin "boxed", which has no launch module the engine read (or options that JSON would change)`;
    expect(acquire({ boxed: 'yes' }, 'scope-1', 'return')).toEqual({ found: false, reason });
    expect(owners(handle.id)).toEqual(['job']);
  });

  it('returns no launcher for an environment that has none, even when asked to return launchers', async () => {
    await manager.getOrCreate({ env_vars: { PLAIN: '1' } }, { owner: 'job' });
    const hit = expectHit(acquire({ env_vars: { PLAIN: '1' } }, 'scope-1', 'return'));
    expect(hit.launcher).toBeUndefined();
    hit.release();
  });

  it('migrates a data directory written at schema version 5: environments kept, old fast-path rows dropped, recorded anew in files', async () => {
    await manager.close();
    rmSync(dataDirectory, { recursive: true, force: true });
    mkdirSync(dataDirectory, { recursive: true });
    copyFileSync(fileURLToPath(new URL('../fixtures/schema-5-data-directory/state.sqlite', import.meta.url)), join(dataDirectory, 'state.sqlite'));
    expect(acquire({ env_vars: { LEGACY: '1' } })).toEqual({ found: false, reason: 'document not recorded for this scope' });
    manager = await open('scope-1');
    expect(manager.listEnvironments().map((record) => [record.id, record.state])).toEqual([['ecea4a85ae54576c39a3be3b7395cccc', 'ready']]);
    const database = new Database(join(dataDirectory, 'state.sqlite'), { readonly: true });
    const tables = (database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((row) => row.name);
    const version = (database.prepare('SELECT max(version) AS version FROM schema_version').get() as { version: number }).version;
    database.close();
    expect({ version, tables }).toEqual({
      version: 9,
      tables: ['environment_references', 'environment_uris', 'environments', 'schema_version', 'uris'],
    });
    await manager.getOrCreate({ env_vars: { LEGACY: '1' } }, { owner: 'job' });
    expectHit(acquire({ env_vars: { LEGACY: '1' } })).release();
  });

  describe('the files the engine loaded', () => {
    it('misses once the config changed, even to content of the same size with the same modification time', async () => {
      const handle = await manager.getOrCreate({ env_vars: { FILES: '1' } }, { owner: 'job' });
      manager.release(handle.id, 'job');
      expectHit(acquire({ env_vars: { FILES: '1' } })).release();
      const before = statSync(configFile);
      writeFileSync(configFile, '{"plugins": ["b"]}');
      utimesSync(configFile, before.atime, before.mtime);
      expect(statSync(configFile).size).toBe(before.size);
      expect(acquire({ env_vars: { FILES: '1' } })).toEqual({ found: false, reason: `${configFile} changed since the document was recorded` });
      // The engine, opened on what is there now, records the document again.
      await manager.close();
      manager = await open('scope-1');
      await manager.getOrCreate({ env_vars: { FILES: '1' } }, { owner: 'job' });
      manager.release(handle.id, 'job');
      expectHit(acquire({ env_vars: { FILES: '1' } })).release();
    });

    it('stores new stamps after a hit that had to read a file, so later hits read none', async () => {
      const handle = await manager.getOrCreate({ env_vars: { FILES: '3' } }, { owner: 'job' });
      manager.release(handle.id, 'job');
      const recordFile = (): string => {
        const records = readdirSync(join(dataDirectory, 'fast-path', 'run')).map((name) => join(dataDirectory, 'fast-path', 'run', name));
        return records.find((path) => readFileSync(path, 'utf8').includes(handle.id))!;
      };
      const configStamp = (): string | undefined =>
        (JSON.parse(readFileSync(recordFile(), 'utf8')) as { loadedFiles: LoadedFile[] }).loadedFiles.find((file) => file.path === configFile)?.stamp;
      // Written just before the engine recorded it: too recent to stamp, so each hit reads it.
      expect(configStamp()).toBeUndefined();
      expectHit(acquire({ env_vars: { FILES: '3' } })).release();
      expect(configStamp()).toBeUndefined();
      // Once its last change is settled (2 s), a hit stores the stamp it read it under.
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      expectHit(acquire({ env_vars: { FILES: '3' } })).release();
      const { dev, ino, mtimeNs, ctimeNs } = statSync(configFile, { bigint: true });
      expect(configStamp()).toBe(`${dev}:${ino}:${mtimeNs}:${ctimeNs}`);
      expect(statSync(recordFile()).mode & 0o777).toBe(0o600);
      expectHit(acquire({ env_vars: { FILES: '3' } })).release();
    });

    it("misses once a plugin's entry file is gone or another size, and with a launch module that changed", async () => {
      const entry = join(directory.path, 'extra-entry.mjs');
      const launchModule = join(directory.path, 'extra-launch.mjs');
      writeFileSync(entry, 'export default [];\n');
      writeFileSync(launchModule, 'export async function launch() {}\n');
      await manager.close();
      manager = await openRuntimeEnvManager({
        dataDirectory,
        plugins: [environmentVariablesPlugin()],
        fastPath: { scope: 'scope-files', loadedFiles: [loadedFileOf(entry), loadedFileOf(launchModule)] },
      });
      await manager.getOrCreate({ env_vars: { FILES: '2' } }, { owner: 'job' });
      const scoped = (document: unknown) => acquire(document, 'scope-files');
      expectHit(scoped({ env_vars: { FILES: '2' } })).release();
      writeFileSync(launchModule, 'export async function launch() { return 1; }\n');
      expect(scoped({ env_vars: { FILES: '2' } })).toEqual({ found: false, reason: `${launchModule} changed since the document was recorded` });
      rmSync(entry);
      expect(scoped({ env_vars: { FILES: '2' } })).toEqual({ found: false, reason: `${entry} is gone since the document was recorded` });
    });

    it("records the core's own module among them", async () => {
      await manager.getOrCreate({ env_vars: { FILES: '3' } }, { owner: 'job' });
      const [recordFile] = readdirSync(join(dataDirectory, 'fast-path', 'run'));
      const record = JSON.parse(readFileSync(join(dataDirectory, 'fast-path', 'run', recordFile!), 'utf8')) as { loadedFiles: LoadedFile[] };
      const paths = record.loadedFiles.map((file) => file.path);
      expect(paths[0]).toBe(configFile);
      expect(paths.some((file) => file.endsWith('fast-path-recorder.ts'))).toBe(true);
    });
  });

  describe('a launcher with a launch module', () => {
    /** A pure launcher field whose light module is `moduleFile`, with `options` as the engine parsed them. */
    const lightLauncher = (moduleFile: string, options: unknown): LoadedPlugin => {
      const entry = join(directory.path, 'light-entry.mjs');
      writeFileSync(entry, 'export default [];\n');
      return {
        plugin: definePlugin({
          apiVersion: 2,
          name: 'light',
          schema: z.string(),
          hash: () => ({ keys: [], fromSpecAlone: true }),
          modifyContext(_spec, { context }) {
            context.launcher = 'light';
          },
          async launch() {
            return { exitCode: 0, signal: null };
          },
        }),
        options,
        source: '@example/light-plugin',
        identity: { name: '@example/light-plugin', version: '2.0.0' },
        launchModule: pathToFileURL(moduleFile).href,
        loadedFrom: loadedFromFiles(entry, moduleFile),
      };
    };
    const openWith = async (loaded: LoadedPlugin): Promise<void> => {
      await manager.close();
      manager = await openRuntimeEnvManager({ dataDirectory, plugins: [loaded], fastPath: { scope: 'scope-light', loadedFiles: [] } });
    };
    const moduleFile = (): string => {
      const file = join(directory.path, 'launch-only.mjs');
      writeFileSync(file, 'export async function launch() { return { exitCode: 0, signal: null }; }\n');
      return file;
    };

    it("records the module and the parsed options as JSON, and serves them with the plugin's version and directory", async () => {
      const file = moduleFile();
      await openWith(lightLauncher(file, { engine: 'unix:///var/run/docker.sock', init: true, auth: {} }));
      const handle = await manager.getOrCreate({ light: 'a' }, { owner: 'job' });
      manager.release(handle.id, 'job');
      const hit = expectHit(acquire({ light: 'a' }, 'scope-light', 'return'));
      expect(hit.context).toEqual(handle.context);
      expect(hit.launcher).toEqual({
        plugin: 'light',
        source: '@example/light-plugin',
        launchModuleUrl: pathToFileURL(file).href,
        optionsJson: '{"engine":"unix:///var/run/docker.sock","init":true,"auth":{}}',
        pluginDirectory: join(dataDirectory, 'plugins', 'light', 'shared'),
      });
      expect(owners(handle.id)).toEqual([owner]);
      hit.release();
      expect(owners(handle.id)).toEqual([]);
    });

    it('records no launcher for a plugin passed inline (nothing was read)', async () => {
      const loaded = lightLauncher(moduleFile(), undefined);
      await openWith({ ...loaded, loadedFrom: undefined });
      const handle = await manager.getOrCreate({ light: 'inline' }, { owner: 'job' });
      expect(acquire({ light: 'inline' }, 'scope-light', 'return')).toMatchObject({
        found: false,
        reason: expect.stringContaining(`environment ${handle.id} launches through plugin "light", which has no launch module`),
      });
    });

    it('records no options for a plugin that got none', async () => {
      await openWith(lightLauncher(moduleFile(), undefined));
      await manager.getOrCreate({ light: 'b' }, { owner: 'job' });
      const hit = expectHit(acquire({ light: 'b' }, 'scope-light', 'return'));
      expect(hit.launcher?.optionsJson).toBeUndefined();
      expect(hit.launcher?.launchModuleUrl).toMatch(/^file:/);
      hit.release();
    });

    it('records no launcher when the options would not come back the same from JSON, or its launch module was not read', async () => {
      for (const [loaded, document] of [
        [lightLauncher(moduleFile(), { since: new Date(0) }), { light: 'c' }],
        [lightLauncher(join(directory.path, 'missing.mjs'), {}), { light: 'd' }],
      ] as const) {
        await openWith(loaded);
        const handle = await manager.getOrCreate(document, { owner: 'job' });
        expect(acquire(document, 'scope-light', 'return')).toMatchObject({
          found: false,
          reason: expect.stringContaining(`environment ${handle.id} launches through plugin "light", which has no launch module`),
        });
      }
    });
  });

  describe('a field re-checked by its launch module', () => {
    const taggedIdentity = { name: '@example/tagged-plugin', version: '3.0.0' };
    /** A field whose URIs come from a file (like a tag from the Engine): impure, with a light module that can tell them again. */
    const tagged = (moduleFile: string, tagFile: string, withLaunchModule = true): LoadedPlugin => ({
      plugin: definePlugin({
        apiVersion: 2,
        name: 'tagged',
        schema: z.string().transform((text) => text.trim()),
        hash: (spec) => ({ keys: [`${spec}/${readFileSync(tagFile, 'utf8')}`] }),
        modifyContext(_spec, { context }) {
          context.launcher = 'tagged';
        },
        async launch() {
          return { exitCode: 0, signal: null };
        },
      }),
      options: { registry: 'local' },
      source: '@example/tagged-plugin',
      identity: taggedIdentity,
      ...(withLaunchModule ? { launchModule: pathToFileURL(moduleFile).href } : {}),
      loadedFrom: loadedFromFiles(moduleFile, withLaunchModule ? moduleFile : undefined),
    });
    let moduleFile: string;
    let tagFile: string;
    beforeEach(async () => {
      moduleFile = join(directory.path, 'tagged-light.mjs');
      tagFile = join(directory.path, 'tag.txt');
      writeFileSync(
        moduleFile,
        'export async function launch() { return { exitCode: 0, signal: null }; }\nexport async function hash() { return undefined; }\n',
      );
      writeFileSync(tagFile, 'id-1');
      await manager.close();
      manager = await openRuntimeEnvManager({
        dataDirectory,
        plugins: [tagged(moduleFile, tagFile), environmentVariablesPlugin()],
        fastPath: { scope: 'scope-tags', loadedFiles: [] },
      });
    });
    const acquireTagged = (document: unknown, rechecks?: 'refuse' | 'return') =>
      acquireFastPathEnvironment({
        dataDirectory,
        scope: 'scope-tags',
        document,
        launchers: 'return',
        ...(rechecks ? { rechecks } : {}),
      });

    it('records the normalized spec and its URIs, and serves them only to a caller that re-checks', async () => {
      const handle = await manager.getOrCreate({ tagged: ' app:1 ', env_vars: { A: '1' } }, { owner: 'job' });
      expect(acquireTagged({ tagged: ' app:1 ', env_vars: { A: '1' } })).toEqual({
        found: false,
        reason: `environment ${handle.id} was recorded with fields to re-check (tagged)`,
      });
      const hit = expectHit(acquireTagged({ env_vars: { A: '1' }, tagged: ' app:1 ' }, 'return'));
      expect(hit.environmentId).toBe(handle.id);
      expect(hit.rechecks).toEqual([
        {
          field: 'tagged',
          identity: taggedIdentity,
          launchModuleUrl: pathToFileURL(moduleFile).href,
          optionsJson: '{"registry":"local"}',
          spec: 'app:1',
          uris: ['tagged:@example/tagged-plugin@3.0.0/app:1/id-1'],
          pluginDirectory: pluginDirectoryOf(dataDirectory, 'tagged'),
        },
      ]);
      hit.release();
      expect(owners(handle.id)).toEqual(['job']);
    });

    it('follows the engine when the field names something else: the same document then maps to the new environment', async () => {
      const first = await manager.getOrCreate({ tagged: 'app:1' }, { owner: 'job' });
      writeFileSync(tagFile, 'id-2');
      const second = await manager.getOrCreate({ tagged: 'app:1' }, { owner: 'job' });
      expect(second.id).not.toBe(first.id);
      const hit = expectHit(acquireTagged({ tagged: 'app:1' }, 'return'));
      expect(hit.environmentId).toBe(second.id);
      expect(hit.rechecks[0]?.uris).toEqual(['tagged:@example/tagged-plugin@3.0.0/app:1/id-2']);
      hit.release();
    });

    it('records nothing for an impure field whose package has no "./launch" module to re-check it', async () => {
      await manager.close();
      manager = await openRuntimeEnvManager({
        dataDirectory,
        plugins: [tagged(moduleFile, tagFile, false)],
        fastPath: { scope: 'scope-tags', loadedFiles: [] },
      });
      await manager.getOrCreate({ tagged: 'app:1' }, { owner: 'job' });
      expect(acquireTagged({ tagged: 'app:1' }, 'return')).toEqual({ found: false, reason: 'document not recorded for this scope' });
    });
  });

  it("gives a launch hook the engine's plugin directory and a logger that writes nothing", () => {
    expect(pluginDirectoryOf('relative/data', 'image_uri')).toBe(join(process.cwd(), 'relative/data', 'plugins', 'image_uri', 'shared'));
    const written: unknown[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: unknown) => written.push(chunk) > 0) as typeof process.stdout.write;
    try {
      silentPluginLogger.error('not shown', { secret: 'x' });
    } finally {
      process.stdout.write = original;
    }
    expect(written).toEqual([]);
  });

  it('misses on a data directory with no fast-path files, and on a record of another format', async () => {
    expect(acquireFastPathEnvironment({ dataDirectory: join(directory.path, 'nowhere'), scope: 'scope-1', document: {} }).found).toBe(false);
    await manager.getOrCreate({ env_vars: { A: '1' } }, { owner: 'job' });
    const records = join(dataDirectory, 'fast-path', 'run');
    const [recordFile] = readdirSync(records);
    const record = JSON.parse(readFileSync(join(records, recordFile!), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(records, recordFile!), JSON.stringify({ ...record, format: 99 }));
    expect(acquire({ env_vars: { A: '1' } })).toEqual({ found: false, reason: 'document not recorded for this scope' });
  });
});
