// The fast path's leases against garbage collection, interleaved deterministically:
// each order of the two protocols' steps (fast-path-leases.ts) is played in turn,
// the collector's own callback standing in for "a run took its lease meanwhile".
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentProcessIdentity } from '@runtime-env/plugin-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataLayout } from '../../src/engine/store/data-layout.js';
import { EnvironmentStore } from '../../src/engine/store/environment-store.js';
import { GarbageCollector } from '../../src/engine/gc/garbage-collector.js';
import { ReferenceStore } from '../../src/engine/store/reference-store.js';
import { openStateDatabase } from '../../src/engine/store/state-database.js';
import { UriStore } from '../../src/engine/store/uri-store.js';
import { FastPathFiles } from '../../src/fast-path/fast-path-files.js';
import { leaseHolderOf, takeLease } from '../../src/fast-path/fast-path-leases.js';
import { FastPathStore } from '../../src/fast-path/fast-path-store.js';
import { acquireFastPathEnvironment, type FastPathEnvironment } from '../../src/fast-path/index.js';
import { loadedFileOf } from '../../src/fast-path/loaded-file.js';
import { openRuntimeEnvManager, type RuntimeEnvManager } from '../../src/index.js';
import { countingPlugin } from '../fixtures/counting-plugin.js';
import { temporaryDirectory } from '../fixtures/temporary-directory.js';

describe('fast-path leases against garbage collection', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let dataDirectory: string;
  let files: FastPathFiles;
  let manager: RuntimeEnvManager | undefined;
  let configFile: string;
  const document = { alpha: ['leased'] };

  const open = async (): Promise<RuntimeEnvManager> =>
    openRuntimeEnvManager({
      dataDirectory,
      plugins: [countingPlugin('alpha', { countFile: join(directory.path, 'count.txt') })],
      fastPath: { scope: 'scope-1', loadedFiles: [loadedFileOf(configFile)] },
    });
  const acquire = () => acquireFastPathEnvironment({ dataDirectory, scope: 'scope-1', document });
  const expectHit = (result: ReturnType<typeof acquire>): FastPathEnvironment => {
    if (!result.found) throw new Error(`expected a hit, got a miss: ${result.reason}`);
    return result;
  };
  /** Every lease file, as `<environment>/<name>`. */
  const leaseFiles = (): string[] =>
    existsSync(files.leasesDirectory)
      ? readdirSync(files.leasesDirectory).flatMap((id) => readdirSync(join(files.leasesDirectory, id)).map((name) => `${id}/${name}`))
      : [];

  /** An unreferenced environment the engine recorded for the fast path; the engine closed. */
  const recordedEnvironment = async (): Promise<string> => {
    manager = await open();
    const handle = await manager.getOrCreate(document, { owner: 'job' });
    manager.release(handle.id, 'job');
    await manager.close();
    manager = undefined;
    return handle.id;
  };

  /** A collector on the data directory, built by hand so a test can act between its steps. */
  const collectorWith = (whilePlanning: () => void) => {
    const database = openStateDatabase(new DataLayout(dataDirectory).databasePath);
    const uris = new UriStore(database);
    const environments = new EnvironmentStore(database, files);
    const collector = new GarbageCollector({
      layout: new DataLayout(dataDirectory),
      uris,
      environments,
      references: new ReferenceStore(database),
      pluginsByName: new Map(),
      budgets: {},
      holder: currentProcessIdentity(),
      log: undefined,
      closeSignal: new AbortController().signal,
      // Called while the collector plans, after it read the leases once.
      isUriCreatingHere: () => {
        whilePlanning();
        return false;
      },
      isEnvironmentCreatingHere: () => false,
      forgetEnvironment: () => {},
      fastPathFiles: files,
      noteRecentUses: () => {},
    });
    return { collector, environments, close: () => database.close() };
  };

  beforeEach(() => {
    directory = temporaryDirectory();
    dataDirectory = join(directory.path, 'data');
    files = new FastPathFiles(dataDirectory);
    configFile = join(directory.path, 'rtenv.config.json');
    writeFileSync(configFile, '{}');
  });

  afterEach(async () => {
    await manager?.close();
    manager = undefined;
    directory.remove();
  });

  it('lease, then check, then collection: the run is served and the collector spares the environment', async () => {
    const id = await recordedEnvironment();
    const hit = expectHit(acquire());
    const { collector, environments, close } = collectorWith(() => {});
    try {
      expect((await collector.collect({ all: true })).environmentsRemoved).toEqual([]);
      expect(environments.get(id)?.state).toBe('ready');
      // The environment's file stayed: the collector saw the lease before choosing anything.
      expect(new FastPathStore(files).servable(id)).toBeDefined();
      hit.release();
      expect((await collector.collect({ all: true })).environmentsRemoved).toEqual([id]);
    } finally {
      close();
    }
  });

  it('a lease taken while the collector plans: it finds it after its tombstone and spares the environment, and that run misses', async () => {
    const id = await recordedEnvironment();
    let lease: string | undefined;
    const { collector, environments, close } = collectorWith(() => {
      // The fast path's first step, between the collector's first look at the leases and its tombstone.
      lease ??= takeLease(files, id);
    });
    try {
      const report = await collector.collect({ all: true });
      expect(lease).toBeDefined();
      expect(report.environmentsRemoved).toEqual([]);
      expect(environments.get(id)?.state).toBe('ready');
      // The fast path's second step now finds the tombstone: it must miss (and the engine's path records it again).
      expect(new FastPathStore(files).servable(id)).toBeUndefined();
    } finally {
      close();
    }
  });

  it('tombstone, then lease: the run misses and leaves no lease, and the collection goes on', async () => {
    const id = await recordedEnvironment();
    // The collector's first step, before the run took its lease.
    files.forgetEnvironment(id);
    expect(acquire()).toEqual({ found: false, reason: `environment ${id} is no longer served (removed, collected or being rebuilt)` });
    expect(leaseFiles()).toEqual([]);
    const { collector, close } = collectorWith(() => {});
    try {
      expect((await collector.collect({ all: true })).environmentsRemoved).toEqual([id]);
    } finally {
      close();
    }
  });

  it('a dead holder, or a live pid with another start time (reused), protects nothing; recovery removes its lease', async () => {
    const id = await recordedEnvironment();
    const reused = takeLease(files, id, { pid: process.pid, startTime: 'another-start' });
    expect(reused).toBeDefined();
    expect(leaseHolderOf(readdirSync(join(files.leasesDirectory, id))[0]!)).toMatchObject({ pid: process.pid, startTime: 'another-start' });
    manager = await open();
    // Opening the engine ran its recovery: the lease of a process that is gone is removed, with its emptied folder.
    expect(leaseFiles()).toEqual([]);
    expect(readdirSync(files.leasesDirectory)).toEqual([]);
    takeLease(files, id, { pid: process.pid, startTime: 'another-start' });
    expect(manager.getEnvironment(id)?.references).toEqual([]);
    expect(manager.listEnvironmentSummaries()[0]?.references).toBe(0);
    expect((await manager.gc({ all: true })).environmentsRemoved).toEqual([id]);
  });

  it('recovery removes an environment file the database does not vouch for (a database replaced or restored)', async () => {
    const id = await recordedEnvironment();
    const stranger = 'f'.repeat(32);
    writeFileSync(files.environmentPath(stranger)!, readFileSync(files.environmentPath(id)!, 'utf8').replaceAll(id, stranger));
    expect(new FastPathStore(files).servable(stranger)).toBeDefined();
    manager = await open();
    expect(existsSync(files.environmentPath(stranger)!)).toBe(false);
    expect(new FastPathStore(files).servable(id)).toBeDefined();
  });

  it("recovery keeps an environment a dead creator left `creating` while a run's live lease holds it", async () => {
    const id = await recordedEnvironment();
    takeLease(files, id);
    const database = openStateDatabase(new DataLayout(dataDirectory).databasePath);
    // As a rebuild by a process that died: `creating`, held by a pid that no longer runs.
    database.prepare("UPDATE environments SET state = 'creating', holder_pid = ?, holder_start_time = 'gone' WHERE id = ?").run(process.pid, id);
    database.close();
    manager = await open();
    expect(manager.getEnvironment(id)?.references.map((reference) => reference.owner)).toEqual([`cli:${process.pid}`]);
  });

  it('counts a cached run as a use: the environment file is stamped, and last-used times follow it', async () => {
    const id = await recordedEnvironment();
    const environmentFile = files.environmentPath(id)!;
    const longAgo = new Date(Date.now() - 3_600_000);
    utimesSync(environmentFile, longAgo, longAgo);
    const before = Date.now();
    expectHit(acquire()).release();
    expect(statSync(environmentFile).mtimeMs).toBeGreaterThanOrEqual(before - 1);
    manager = await open();
    expect(Date.parse(manager.getEnvironment(id)!.lastUsedAt)).toBeGreaterThanOrEqual(before - 1);
  });

  it('keeps its files private: folders 0700 and files 0600, whatever the umask', async () => {
    const previous = process.umask(0);
    try {
      const id = await recordedEnvironment();
      const hit = expectHit(acquire());
      const modeOf = (path: string): number => statSync(path).mode & 0o777;
      const recordFile = join(files.documentRecordsDirectory, readdirSync(files.documentRecordsDirectory)[0]!);
      expect([files.directory, files.documentRecordsDirectory, files.environmentsDirectory, files.leasesDirectory].map(modeOf)).toEqual([
        0o700, 0o700, 0o700, 0o700,
      ]);
      expect([recordFile, files.environmentPath(id)!].map(modeOf)).toEqual([0o600, 0o600]);
      hit.release();
    } finally {
      process.umask(previous);
    }
  });
});
