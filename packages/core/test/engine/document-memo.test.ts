import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { acquireCachedEnvironment, pluginDirectoryOf, silentPluginLogger, type CachedEnvironment } from '../../src/cached-run/index.js';
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

/** A pure field whose environments start through its own `launch` hook. */
function launchingPlugin(): LoadedPlugin {
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
  return { plugin, options: undefined, source: './plugins/boxed.mjs', identity: testIdentity };
}

describe('the document memo and the cached-run entry', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let dataDirectory: string;
  let manager: RuntimeEnvManager;
  const owner = 'cli:test';
  const open = (namespace: string | undefined): Promise<RuntimeEnvManager> =>
    openRuntimeEnvManager({
      dataDirectory,
      plugins: [countingPlugin('alpha', { countFile: join(directory.path, 'count.txt') }), environmentVariablesPlugin(), fileReadingPlugin(), launchingPlugin()],
      ...(namespace === undefined ? {} : { documentMemoNamespace: namespace }),
    });
  const acquire = (document: unknown, namespace = 'namespace-1', launchers?: 'refuse' | 'return') =>
    acquireCachedEnvironment({ dataDirectory, namespace, document, owner, pid: process.pid, ...(launchers ? { launchers } : {}) });
  const expectHit = (result: ReturnType<typeof acquire>): CachedEnvironment => {
    if (!result.found) throw new Error(`expected a hit, got a miss: ${result.reason}`);
    return result;
  };
  const owners = (environmentId: string): string[] => manager.getEnvironment(environmentId)!.references.map((reference) => reference.owner).sort();

  beforeEach(async () => {
    directory = temporaryDirectory();
    dataDirectory = join(directory.path, 'data');
    manager = await open('namespace-1');
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

  it('misses a document with another value, under another namespace, and when the engine had no namespace', async () => {
    await manager.getOrCreate({ env_vars: { A: '1' } }, { owner: 'job' });
    expect(acquire({ env_vars: { A: '2' } })).toEqual({ found: false, reason: 'document not in the memo for this namespace' });
    expect(acquire({ env_vars: { A: '1' } }, 'namespace-2').found).toBe(false);
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

  it('its reference is the engine\'s: listed, protecting from collection, and gone after release', async () => {
    const handle = await manager.getOrCreate({ alpha: ['held'] }, { owner: 'job' });
    manager.release(handle.id, 'job');
    const hit = expectHit(acquire({ alpha: ['held'] }));
    expect(owners(handle.id)).toEqual([owner]);
    expect(manager.getEnvironment(handle.id)!.references[0]!.pid).toBe(process.pid);
    expect((await manager.gc({ all: true })).removed).toEqual([]);
    hit.release();
    expect(owners(handle.id)).toEqual([]);
    expect((await manager.gc({ all: true })).environmentsRemoved).toEqual([handle.id]);
  });

  it('misses once the environment was garbage-collected or removed, and is served again after a rebuild', async () => {
    const collected = await manager.getOrCreate({ alpha: ['collected'] }, { owner: 'job' });
    const removed = await manager.getOrCreate({ alpha: ['removed'] }, { owner: 'job' });
    manager.release(collected.id, 'job');
    await manager.gc({ all: true });
    await manager.remove(removed.id, { force: true });
    expect(acquire({ alpha: ['collected'] })).toEqual({ found: false, reason: 'document not in the memo for this namespace' });
    expect(acquire({ alpha: ['removed'] }).found).toBe(false);

    const rebuilt = await manager.getOrCreate({ alpha: ['collected'] }, { owner: 'job' });
    expect(expectHit(acquire({ alpha: ['collected'] })).environmentId).toBe(rebuilt.id);
  });

  it('misses when a URI vanished from disk, so the engine can rebuild it', async () => {
    const handle = await manager.getOrCreate({ alpha: ['vanishing'] }, { owner: 'job' });
    rmSync(manager.listUris().find((uri) => handle.record.uris.some((entry) => entry.uri === uri.uri))!.path, { recursive: true });
    const result = acquire({ alpha: ['vanishing'] });
    expect(result).toEqual({ found: false, reason: `environment ${handle.id} is not ready or lost a URI` });
    expect(owners(handle.id)).toEqual(['job']);
  });

  it('misses an environment that starts through a launcher plugin by default, and when launchers are refused', async () => {
    const handle = await manager.getOrCreate({ boxed: 'yes' }, { owner: 'job' });
    const miss = { found: false, reason: `environment ${handle.id} launches through plugin "boxed"` };
    expect(acquire({ boxed: 'yes' })).toEqual(miss);
    expect(acquire({ boxed: 'yes' }, 'namespace-1', 'refuse')).toEqual(miss);
    expect(owners(handle.id)).toEqual(['job']);
  });

  it('serves a launcher environment with the plugin\'s entry, version and directory when asked to return launchers', async () => {
    const handle = await manager.getOrCreate({ boxed: 'yes' }, { owner: 'job' });
    manager.release(handle.id, 'job');
    const hit = expectHit(acquire({ boxed: 'yes' }, 'namespace-1', 'return'));
    expect(hit.context.launcher).toBe('boxed');
    expect(hit.context).toEqual(handle.context);
    expect(hit.launcher).toEqual({ plugin: 'boxed', source: './plugins/boxed.mjs', version: '1.0.0', pluginDirectory: join(dataDirectory, 'plugins', 'boxed', 'shared') });
    expect(owners(handle.id)).toEqual([owner]);
    hit.release();
    expect(owners(handle.id)).toEqual([]);
  });

  it('returns no launcher for an environment that has none, even when asked to return launchers', async () => {
    await manager.getOrCreate({ env_vars: { PLAIN: '1' } }, { owner: 'job' });
    const hit = expectHit(acquire({ env_vars: { PLAIN: '1' } }, 'namespace-1', 'return'));
    expect(hit.launcher).toBeUndefined();
    hit.release();
  });

  it('misses a launcher row recorded without its entry (an older core), until the engine records it again', async () => {
    const handle = await manager.getOrCreate({ boxed: 'old' }, { owner: 'job' });
    manager.release(handle.id, 'job');
    const database = new Database(join(dataDirectory, 'state.sqlite'));
    database.prepare('UPDATE document_memo SET launcher_source = NULL, launcher_version = NULL').run();
    database.close();
    expect(acquire({ boxed: 'old' }, 'namespace-1', 'return')).toEqual({
      found: false,
      reason: `environment ${handle.id} launches through plugin "boxed", recorded without its plugin entry`,
    });
    // A new manager has no in-memory memo, so getOrCreate takes the path that records the document.
    await manager.close();
    manager = await open('namespace-1');
    await manager.getOrCreate({ boxed: 'old' }, { owner: 'job' });
    manager.release(handle.id, 'job');
    const hit = expectHit(acquire({ boxed: 'old' }, 'namespace-1', 'return'));
    expect(hit.launcher?.source).toBe('./plugins/boxed.mjs');
    hit.release();
  });

  it('migrates a version-2 database: memo rows kept, launcher columns added empty', async () => {
    await manager.getOrCreate({ env_vars: { KEPT: '1' } }, { owner: 'job' });
    await manager.close();
    const database = new Database(join(dataDirectory, 'state.sqlite'));
    database.exec(
      'ALTER TABLE document_memo DROP COLUMN rechecks_json; ALTER TABLE document_memo DROP COLUMN launcher_module_json; ALTER TABLE document_memo DROP COLUMN launcher_source; ALTER TABLE document_memo DROP COLUMN launcher_version; ALTER TABLE uris DROP COLUMN key; ALTER TABLE uris DROP COLUMN spec_json; DELETE FROM schema_version WHERE version >= 3',
    );
    database.close();
    expect(acquire({ env_vars: { KEPT: '1' } }).found).toBe(false);
    manager = await open('namespace-1');
    const hit = expectHit(acquire({ env_vars: { KEPT: '1' } }));
    expect(hit.launcher).toBeUndefined();
    hit.release();
  });

  describe('a launcher with a launchModule', () => {
    /** A pure launcher field whose light module is `moduleFile`, with `options` as the engine parsed them. */
    const lightLauncher = (moduleFile: string, options: unknown): LoadedPlugin => ({
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
    });
    const openWith = async (loaded: LoadedPlugin): Promise<void> => {
      await manager.close();
      manager = await openRuntimeEnvManager({ dataDirectory, plugins: [loaded], documentMemoNamespace: 'namespace-light' });
    };
    const moduleFile = (): string => {
      const file = join(directory.path, 'launch-only.mjs');
      writeFileSync(file, 'export async function launch() { return { exitCode: 0, signal: null }; }\n');
      return file;
    };

    it('records the module, its digest and the parsed options as JSON', async () => {
      const file = moduleFile();
      await openWith(lightLauncher(file, { engine: 'unix:///var/run/docker.sock', init: true, auth: {} }));
      await manager.getOrCreate({ light: 'a' }, { owner: 'job' });
      const hit = expectHit(acquire({ light: 'a' }, 'namespace-light', 'return'));
      expect(hit.launcher?.module).toEqual({
        url: pathToFileURL(file).href,
        sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
        optionsJson: '{"engine":"unix:///var/run/docker.sock","init":true,"auth":{}}',
      });
      hit.release();
    });

    it('records no options for a plugin that got none', async () => {
      await openWith(lightLauncher(moduleFile(), undefined));
      await manager.getOrCreate({ light: 'b' }, { owner: 'job' });
      const hit = expectHit(acquire({ light: 'b' }, 'namespace-light', 'return'));
      expect(hit.launcher?.module?.optionsJson).toBeUndefined();
      expect(hit.launcher?.module?.url).toMatch(/^file:/);
      hit.release();
    });

    it('leaves the module out when the options would not come back the same from JSON, or the file is missing', async () => {
      await openWith(lightLauncher(moduleFile(), { since: new Date(0) }));
      await manager.getOrCreate({ light: 'c' }, { owner: 'job' });
      const withDate = expectHit(acquire({ light: 'c' }, 'namespace-light', 'return'));
      expect(withDate.launcher).toEqual(expect.objectContaining({ source: '@example/light-plugin', version: '2.0.0' }));
      expect(withDate.launcher?.module).toBeUndefined();
      withDate.release();
      await openWith(lightLauncher(join(directory.path, 'missing.mjs'), {}));
      await manager.getOrCreate({ light: 'd' }, { owner: 'job' });
      const missing = expectHit(acquire({ light: 'd' }, 'namespace-light', 'return'));
      expect(missing.launcher?.module).toBeUndefined();
      missing.release();
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
    });
    let moduleFile: string;
    let tagFile: string;
    beforeEach(async () => {
      moduleFile = join(directory.path, 'tagged-light.mjs');
      tagFile = join(directory.path, 'tag.txt');
      writeFileSync(moduleFile, 'export async function launch() { return { exitCode: 0, signal: null }; }\nexport async function hash() { return undefined; }\n');
      writeFileSync(tagFile, 'id-1');
      await manager.close();
      manager = await openRuntimeEnvManager({ dataDirectory, plugins: [tagged(moduleFile, tagFile), environmentVariablesPlugin()], documentMemoNamespace: 'namespace-tags' });
    });
    const acquireTagged = (document: unknown, rechecks?: 'refuse' | 'return') =>
      acquireCachedEnvironment({ dataDirectory, namespace: 'namespace-tags', document, owner, pid: process.pid, launchers: 'return', ...(rechecks ? { rechecks } : {}) });

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
          module: { url: pathToFileURL(moduleFile).href, sha256: createHash('sha256').update(readFileSync(moduleFile)).digest('hex'), optionsJson: '{"registry":"local"}' },
          identity: taggedIdentity,
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
      manager = await openRuntimeEnvManager({ dataDirectory, plugins: [tagged(moduleFile, tagFile, false)], documentMemoNamespace: 'namespace-tags' });
      await manager.getOrCreate({ tagged: 'app:1' }, { owner: 'job' });
      expect(acquireTagged({ tagged: 'app:1' }, 'return')).toEqual({ found: false, reason: 'document not in the memo for this namespace' });
    });
  });

  it('gives a launch hook the engine\'s plugin directory and a logger that writes nothing', () => {
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

  it('misses without a database, and with a database at another schema version', async () => {
    expect(acquireCachedEnvironment({ dataDirectory: join(directory.path, 'nowhere'), namespace: 'namespace-1', document: {}, owner, pid: process.pid }).found).toBe(false);
    await manager.getOrCreate({ env_vars: { A: '1' } }, { owner: 'job' });
    const database = new Database(join(dataDirectory, 'state.sqlite'));
    database.prepare('INSERT INTO schema_version (version) VALUES (99)').run();
    database.close();
    expect(acquire({ env_vars: { A: '1' } })).toEqual({ found: false, reason: "no state database at this core's schema version" });
  });
});
